"""Kratom log arithmetic: amount checks against documented ceilings, and daily and weekly totals.

Leaf powder and capsules are logged in grams, extracts and concentrated 7-OH products in milligrams;
the two are never added together because their strengths are not comparable.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from painwise.substances.drugs import AmountCeiling, catalog, ceiling_for

KratomForm = Literal["leaf_powder", "capsule", "extract", "concentrated_7oh"]
KratomReason = Literal["pain", "sleep", "energy", "withdrawal_relief", "other"]
KRATOM_FORMS: tuple[str, ...] = ("leaf_powder", "capsule", "extract", "concentrated_7oh")
KRATOM_REASONS: tuple[str, ...] = ("pain", "sleep", "energy", "withdrawal_relief", "other")


class AmountError(ValueError):
    """An amount that cannot be right: zero or negative, or above the documented ceiling."""


@dataclass(frozen=True)
class Dose:
    """One kratom log entry: when, how much (in ``unit``), which product form, and why."""

    taken_at: dt.datetime
    amount: float
    form: str
    reason: str = "other"
    strain_label: str = ""

    @property
    def unit(self) -> str:
        """ "g" for leaf powder and capsules, "mg" for extracts and concentrated 7-OH products."""
        return ceiling_for(substance="kratom", form=self.form).unit

    @property
    def day(self) -> dt.date:
        """The calendar day of the dose (in the timezone ``taken_at`` carries)."""
        return self.taken_at.date()


@dataclass(frozen=True)
class Total:
    """Kratom taken in one period: grams of leaf and capsules, milligrams of extracts, number of doses."""

    start: dt.date
    grams: float
    milligrams: float
    doses: int
    use_days: int


def kratom_forms() -> list[AmountCeiling]:
    """The product forms a person can choose, each with its unit, ceiling and risk note."""
    return [c for c in catalog().ceilings if c.substance == "kratom"]


def is_higher_risk(form: str) -> bool:
    """True for product forms flagged as higher risk (concentrated 7-OH products)."""
    return ceiling_for(substance="kratom", form=form).higher_risk


def check_amount(*, substance: str, form: str, amount: float) -> AmountCeiling:
    """Refuse impossible amounts with a message a person can act on.

    Inputs: substance ("kratom" or "alcohol"), product form key, amount in the form's unit (g, mg or
    drinks). Output: the form's ceiling entry. Raises AmountError for amounts at or below zero or
    above the documented ceiling, and KeyError for an unknown form.
    """
    ceiling = ceiling_for(substance=substance, form=form)
    unit = ceiling.unit
    if not amount > 0:
        raise AmountError(f"The amount must be more than zero {unit}.")
    if amount > ceiling.maximum:
        raise AmountError(
            f"{amount:g} {unit} is more than the {ceiling.maximum:g} {unit} Painwise accepts for one "
            f"{ceiling.label.lower()} entry. Please check the number and the unit. {ceiling.note}"
        )
    return ceiling


def _add(doses: Iterable[Dose], start_of: Callable[[dt.date], dt.date]) -> list[Total]:
    grams: dict[dt.date, float] = defaultdict(float)
    milligrams: dict[dt.date, float] = defaultdict(float)
    counts: dict[dt.date, int] = defaultdict(int)
    days: dict[dt.date, set[dt.date]] = defaultdict(set)
    for dose in doses:
        start = start_of(dose.day)
        bucket = grams if dose.unit == "g" else milligrams
        bucket[start] += dose.amount
        counts[start] += 1
        days[start].add(dose.day)
    return [
        Total(
            start=s,
            grams=round(grams[s], 3),
            milligrams=round(milligrams[s], 3),
            doses=counts[s],
            use_days=len(days[s]),
        )
        for s in sorted(counts)
    ]


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week containing ``day``."""
    return day - dt.timedelta(days=day.weekday())


def daily_totals(doses: Iterable[Dose]) -> list[Total]:
    """Totals per calendar day with any use, oldest first (grams and milligrams kept apart)."""
    return _add(doses, lambda day: day)


def weekly_totals(doses: Iterable[Dose]) -> list[Total]:
    """Totals per week starting Monday, oldest first; ``use_days`` counts days with any use that week."""
    return _add(doses, week_start)


def fill_days(totals: list[Total], *, first: dt.date, last: dt.date) -> list[Total]:
    """Daily totals for every day from ``first`` to ``last`` inclusive, zero on days without use."""
    by_day = {t.start: t for t in totals}
    span = (last - first).days + 1
    days = (first + dt.timedelta(days=i) for i in range(max(span, 0)))
    return [by_day.get(d, Total(start=d, grams=0.0, milligrams=0.0, doses=0, use_days=0)) for d in days]
