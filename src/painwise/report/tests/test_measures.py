"""The report's measures name fields the check-in declares, and their units and ranges follow the declaration."""

from __future__ import annotations

import dataclasses

import pytest

from painwise.core.records import UNIT_WORDS
from painwise.diary.records import CHECKIN, EPISODE, PEG_ITEMS, by_name
from painwise.nof1.wording import outcome_info, wording
from painwise.report import charts, measures
from painwise.report.measures import PAIN_MEASURES, PEG, TREND_MEASURES, declared, trend_label


def _with(name: str, **changes: object) -> tuple[object, ...]:
    """The check-in declaration with field ``name`` changed (the declaration a future edit might make)."""
    return tuple(dataclasses.replace(f, **changes) if f.name == name else f for f in CHECKIN)  # type: ignore[arg-type]


def test_every_report_measure_names_a_declared_checkin_field_or_the_peg_of_declared_items() -> None:
    declared_names = set(by_name(CHECKIN))
    for name in [m.name for m in TREND_MEASURES] + list(PAIN_MEASURES):
        assert name in declared_names or (name == PEG and set(PEG_ITEMS) <= declared_names), name
        declared(name)  # a unit with words and a range, or KeyError
    assert set(PAIN_MEASURES) <= {m.name for m in TREND_MEASURES}
    assert len(charts.LINE_STYLES) == len(PAIN_MEASURES)


def test_the_trend_labels_carry_the_declared_ranges_and_units() -> None:
    labels = [trend_label(m) for m in TREND_MEASURES]

    assert labels == [
        "Average pain (0–10)",
        "Worst pain (0–10)",
        "PEG (0–10)",
        "Interference with enjoyment (0–10)",
        "Interference with activity (0–10)",
        "Sleep (hours)",
        "Sleep quality (0–10, higher better)",
        "Mood (0–10, higher better)",
    ]
    for measure, label in zip(TREND_MEASURES, labels, strict=True):
        field = declared(measure.name)
        expected = f"{field.low:g}–{field.high:g}" if field.unit == "points" else UNIT_WORDS[field.unit]
        assert f"({expected}" in label, (measure.name, label)


def test_a_measure_the_declaration_does_not_have_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(measures, "CHECKIN", tuple(f for f in CHECKIN if f.name != "mood"))

    with pytest.raises(KeyError):
        [trend_label(m) for m in TREND_MEASURES]


def test_a_changed_range_or_unit_in_the_declaration_changes_the_report_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(measures, "CHECKIN", _with("sleep_quality", high=5))
    assert trend_label(TREND_MEASURES[6]) == "Sleep quality (0–5, higher better)"

    monkeypatch.setattr(measures, "CHECKIN", _with("sleep_hours", unit="minutes", high=1440))
    assert trend_label(TREND_MEASURES[5]) == "Sleep (minutes)"


def test_peg_items_on_different_scales_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(measures, "CHECKIN", _with("peg_activity", high=4))

    with pytest.raises(ValueError, match="different scales"):
        declared(PEG)
    with pytest.raises(ValueError, match="different scales"):
        charts.chart_alt()


def test_which_way_is_better_agrees_with_the_statistics() -> None:
    outcomes = wording().outcomes
    for measure in TREND_MEASURES:
        if measure.name in outcomes:
            assert measure.higher_better is outcome_info(measure.name).higher_is_better, measure.name


def test_the_pain_chart_and_the_body_and_flare_lines_read_the_declaration() -> None:
    assert charts.chart_alt().startswith("Weekly mean of average pain, worst pain and PEG (0–10) over the period")
    assert measures.checkin_scale("regions") == "0–10"
    assert measures.episode_top("intensity") == f"{by_name(EPISODE)['intensity'].high:g}" == "10"


def test_every_unit_a_declaration_uses_has_words() -> None:
    from painwise.therapies.records import ENTRY, MEDICATION, OWN_FACTOR

    for field in (*CHECKIN, *EPISODE, *ENTRY, *MEDICATION, *OWN_FACTOR):
        assert not field.unit or field.unit in UNIT_WORDS, field.name
