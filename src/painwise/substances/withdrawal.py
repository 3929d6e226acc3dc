"""The withdrawal-symptom self-check and support content, loaded from ``content/withdrawal_check.yaml``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from pydantic import Field, model_validator

from painwise.core.content import SourcedEntry, Strict, load
from painwise.substances.drugs import KEY_PATTERN, WithSharedSources

WITHDRAWAL_FILE = "withdrawal_check.yaml"


class Option(Strict):
    """One answer choice: its points and its words."""

    value: int = Field(ge=0, le=10)
    label: str = Field(min_length=2)


class CheckItem(Strict):
    """One symptom the person rates."""

    key: str = Field(pattern=KEY_PATTERN)
    label: str = Field(min_length=3)


class WithdrawalCheck(SourcedEntry):
    """The symptom list and its answer scale."""

    title: str
    intro: str = Field(min_length=20)
    options: list[Option] = Field(min_length=2)
    items: list[CheckItem] = Field(min_length=1)

    @property
    def max_total(self) -> int:
        """The highest possible total (points)."""
        return len(self.items) * max(o.value for o in self.options)


class SignalText(SourcedEntry):
    """How one dependence signal is explained to the person, and the thresholds that raise it."""

    key: str = Field(pattern=KEY_PATTERN)
    title: str = Field(min_length=5)
    explanation: str = Field(min_length=20)
    thresholds: dict[str, float]


class Resource(Strict):
    """A support service, shown to people in the listed countries (ISO 3166-1 alpha-2)."""

    name: str
    description: str
    url: str = Field(pattern=r"^https://")
    countries: list[str] = Field(min_length=1)


class Support(SourcedEntry):
    """The "talk to your clinician" wording and support services shown next to every signal."""

    talk_to_clinician: str = Field(min_length=20)
    resources: list[Resource] = Field(min_length=1)


class WithdrawalContent(WithSharedSources):
    """The whole file: check, signal texts and support, cross-checked on load."""

    check: WithdrawalCheck
    signals: list[SignalText] = Field(min_length=1)
    support: Support

    @model_validator(mode="after")
    def _unique_keys(self) -> WithdrawalContent:
        items = [i.key for i in self.check.items]
        signals = [s.key for s in self.signals]
        if len(items) != len(set(items)) or len(signals) != len(set(signals)):
            raise ValueError("duplicate item or signal key")
        return self


@dataclass(frozen=True)
class CheckResult:
    """One completed check: the day it was done and its total (points, 0 to ``max_total``)."""

    day: dt.date
    total: int


class AnswerError(ValueError):
    """A check was submitted with a missing, unknown or out-of-range answer."""


@cache
def content() -> WithdrawalContent:
    """The validated withdrawal-check file (raises ContentError if invalid)."""
    loaded: WithdrawalContent = load(WITHDRAWAL_FILE, WithdrawalContent)
    return loaded


def signal_text(key: str) -> SignalText:
    """The wording and thresholds of one dependence signal; KeyError if the key is unknown."""
    for signal in content().signals:
        if signal.key == key:
            return signal
    raise KeyError(key)


def score_check(answers: Mapping[str, int]) -> int:
    """Total of a completed check.

    Input: one answer per item key, each an option value (points). Output: the sum (points).
    Raises AnswerError when an item is missing or unknown, or a value is not one of the options.
    """
    check = content().check
    expected = {i.key for i in check.items}
    allowed = {o.value for o in check.options}
    missing, unknown = expected - set(answers), set(answers) - expected
    if missing or unknown:
        raise AnswerError(f"answers missing {sorted(missing)} or unknown {sorted(unknown)}")
    bad = {k: v for k, v in answers.items() if v not in allowed}
    if bad:
        raise AnswerError(f"answers out of range: {bad}")
    return sum(answers.values())


def resources_for(country: str) -> list[Resource]:
    """Support services for a country (ISO alpha-2); every service when none is listed for it."""
    listed = [r for r in content().support.resources if country.upper() in r.countries]
    return listed or list(content().support.resources)
