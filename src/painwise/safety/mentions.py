"""Does a piece of free text mention suicide or self-harm? Pure; no Django.

The word list is content (``content/crisis_words.yaml``) with the phrases that must and must not match.
A match never blocks anything: the caller shows the crisis lines once and records that it did.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from pydantic import Field, model_validator

from painwise.core.content import SourcedEntry, load

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, single spaces."""
    return " ".join(text.translate(_APOSTROPHES).lower().split())


class CrisisWords(SourcedEntry):
    patterns: list[str] = Field(min_length=1)
    must_match: list[str] = Field(min_length=1)
    mustnt_match: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _patterns_compile_and_examples_hold(self) -> CrisisWords:
        for pattern in self.patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} is not a regular expression: {exc}") from None
        wrong = [t for t in self.must_match if not _matches(self.patterns, t)]
        wrong += [t for t in self.mustnt_match if _matches(self.patterns, t)]
        if wrong:
            raise ValueError(f"examples that the patterns get wrong: {wrong}")
        return self


def _matches(patterns: Iterable[str], text: str) -> bool:
    clean = normalise(text)
    return any(re.search(pattern, clean) for pattern in patterns)


def crisis_words() -> CrisisWords:
    """The validated word list (cached); a broken file or a failing example raises ContentError."""
    words: CrisisWords = load("crisis_words.yaml", CrisisWords)
    return words


@cache
def _compiled() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in crisis_words().patterns))


def mentions_self_harm(*texts: str | None) -> bool:
    """True when any of the texts mentions suicide or self-harm (see the content file for what counts)."""
    return any(text and _compiled().search(normalise(text)) for text in texts)
