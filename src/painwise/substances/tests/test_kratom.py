"""Kratom log arithmetic: amounts refused with clear messages, and daily and weekly totals."""

from __future__ import annotations

import datetime as dt

import pytest

from painwise.substances.kratom import (
    AmountError,
    Dose,
    check_amount,
    daily_totals,
    fill_days,
    is_higher_risk,
    weekly_totals,
)


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=dt.UTC)


def test_negative_and_zero_amounts_are_refused() -> None:
    for amount in (-1.0, 0.0):
        with pytest.raises(AmountError, match="more than zero"):
            check_amount(substance="kratom", form="leaf_powder", amount=amount)


def test_an_absurd_amount_is_refused_with_the_ceiling_and_a_hint_about_units() -> None:
    with pytest.raises(AmountError, match="50 g") as refused:
        check_amount(substance="kratom", form="leaf_powder", amount=500)
    assert "unit" in str(refused.value)


def test_a_plausible_amount_is_accepted_and_reports_its_unit() -> None:
    assert check_amount(substance="kratom", form="extract", amount=250).unit == "mg"
    assert check_amount(substance="alcohol", form="standard_drink", amount=2).unit == "drinks"


def test_concentrated_7oh_products_are_flagged_higher_risk_and_leaf_is_not() -> None:
    assert is_higher_risk("concentrated_7oh")
    assert not is_higher_risk("leaf_powder")


def test_daily_totals_keep_grams_and_milligrams_apart() -> None:
    doses = [
        Dose(taken_at=at(2, 8), amount=2.0, form="leaf_powder"),
        Dose(taken_at=at(2, 20), amount=1.5, form="capsule"),
        Dose(taken_at=at(2, 21), amount=300, form="extract"),
        Dose(taken_at=at(4), amount=3.0, form="leaf_powder"),
    ]
    totals = daily_totals(doses)
    assert [(t.start.day, t.grams, t.milligrams, t.doses) for t in totals] == [
        (2, 3.5, 300, 3),
        (4, 3.0, 0, 1),
    ]


def test_weekly_totals_start_on_monday_and_count_use_days() -> None:
    # 2026-11-02 is a Monday; 8 and 9 November fall in two different weeks.
    doses = [Dose(taken_at=at(d), amount=2.0, form="leaf_powder") for d in (2, 3, 3, 8, 9)]
    weeks = weekly_totals(doses)
    assert [(w.start, w.grams, w.use_days, w.doses) for w in weeks] == [
        (dt.date(2026, 11, 2), 8.0, 3, 4),
        (dt.date(2026, 11, 9), 2.0, 1, 1),
    ]


def test_filled_days_show_zero_on_days_without_use() -> None:
    totals = daily_totals([Dose(taken_at=at(3), amount=2.0, form="leaf_powder")])
    filled = fill_days(totals, first=dt.date(2026, 11, 1), last=dt.date(2026, 11, 4))
    assert [t.grams for t in filled] == [0.0, 0.0, 2.0, 0.0]
