"""Scoring: properties over every answer vector, and worked examples from the publications."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from painwise.instruments.catalog import catalogue, get_instrument
from painwise.instruments.content_schema import Instrument
from painwise.instruments.scoring import AnswerError, change_since, score

INSTRUMENTS = sorted(catalogue().values(), key=lambda instrument: instrument.id)


def complete_answers(instrument: Instrument) -> st.SearchStrategy[list[int]]:
    return st.tuples(*(st.sampled_from(item.values) for item in instrument.items)).map(list)


def answers_with_gaps(instrument: Instrument) -> st.SearchStrategy[list[int | None]]:
    return st.tuples(*(st.none() | st.sampled_from(item.values) for item in instrument.items)).map(list)


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.id)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_complete_answer_vector_gives_a_total_in_range(instrument: Instrument, data: st.DataObject) -> None:
    answers = data.draw(complete_answers(instrument))
    result = score(instrument, answers)
    low, high = instrument.total_range
    assert result.total is not None
    assert low <= result.total <= high
    if instrument.bands is not None:
        assert result.band is not None


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.id)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_skipped_scored_question_gives_no_total_and_says_why(instrument: Instrument, data: st.DataObject) -> None:
    answers = data.draw(answers_with_gaps(instrument))
    result = score(instrument, answers)
    gate = instrument.gate
    gate_closed = gate is not None and answers[instrument.items.index(instrument.item(gate.item))] == gate.closed_when
    skipped_scored = any(value is None and item.scored for item, value in zip(instrument.items, answers, strict=True))
    if gate_closed:
        assert gate is not None
        assert result.total == gate.total_when_closed
    elif skipped_scored or (gate is not None and answers[0] is None):
        assert result.total is None
        assert result.no_total_reason
    else:
        assert result.total is not None


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.id)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_an_answer_outside_the_options_is_refused_naming_the_question(
    instrument: Instrument, data: st.DataObject
) -> None:
    answers: list[int | None] = list(data.draw(complete_answers(instrument)))
    index = data.draw(st.integers(0, len(instrument.items) - 1))
    item = instrument.items[index]
    bad = data.draw(st.integers(-50, 50).filter(lambda value: value not in item.values))
    answers[index] = bad
    with pytest.raises(AnswerError, match=rf"question {index + 1} \({item.id}\): {bad} is not one of"):
        score(instrument, answers)


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.id)
def test_too_many_answers_are_refused(instrument: Instrument) -> None:
    answers = [item.values[0] for item in instrument.items] + [0]
    with pytest.raises(AnswerError, match=f"has {len(instrument.items)} questions, got {len(answers)} answers"):
        score(instrument, answers)


def test_too_few_answers_are_refused_naming_the_first_missing_question() -> None:
    with pytest.raises(AnswerError, match=r"PHQ-9 needs 9 answers, got 8: question 9 \(phq9_9\) is missing"):
        score(get_instrument("phq9"), [0] * 8)


def test_the_unscored_phq9_difficulty_question_may_be_left_off() -> None:
    assert score(get_instrument("phq9"), [0] * 9).total == 0


def test_answers_can_be_given_by_item_id() -> None:
    result = score(get_instrument("gad2"), {"gad2_1": 2, "gad2_2": 1})
    assert result.total == 3


def test_an_unknown_item_id_is_refused() -> None:
    with pytest.raises(AnswerError, match="unknown item gad2_9"):
        score(get_instrument("gad2"), {"gad2_9": 1})


def test_a_non_number_answer_is_refused_naming_the_question() -> None:
    with pytest.raises(AnswerError, match=r"question 2 \(gad2_2\): 'often' is not a whole number"):
        score(get_instrument("gad2"), [1, "often"])  # type: ignore[list-item]


# --- PHQ-9 item 9 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_any_positive_item9_raises_the_crisis_flag_whatever_the_total(item9: int) -> None:
    result = score(get_instrument("phq9"), [0] * 8 + [item9])
    assert result.safety_flags == ("phq9_item9_positive",)
    assert result.band is not None
    assert result.band.label == "Minimal"


def test_a_missing_item9_raises_the_missing_flag_and_gives_no_total() -> None:
    result = score(get_instrument("phq9"), [3] * 8 + [None])
    assert result.safety_flags == ("phq9_item9_missing",)
    assert result.total is None
    assert result.no_total_reason is not None
    assert result.no_total_reason.startswith("Question 9 not answered.")


def test_item9_answered_not_at_all_raises_no_flag() -> None:
    assert score(get_instrument("phq9"), [3] * 8 + [0]).safety_flags == ()


# --- Worked examples from the publications --------------------------------------------------------

WORKED_EXAMPLES = [
    # (instrument, answers, total, band) — band boundaries and item weights as published.
    ("phq9", [0, 0, 0, 0, 1, 1, 1, 1, 0], 4, "Minimal"),  # Kroenke 2001: 0-4 minimal
    ("phq9", [1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "Mild"),  # 5 opens mild
    ("phq9", [2, 2, 2, 2, 1, 1, 0, 0, 0], 10, "Moderate"),  # 10 opens moderate (and the >=10 cut-off)
    ("phq9", [3, 3, 3, 3, 3, 0, 0, 0, 0], 15, "Moderately severe"),
    ("phq9", [3, 3, 3, 3, 3, 3, 2, 0, 0], 20, "Severe"),
    ("phq9", [3] * 9, 27, "Severe"),  # maximum 27
    ("gad7", [1, 1, 1, 1, 0, 0, 0], 4, "Minimal"),  # Spitzer 2006: 5/10/15
    ("gad7", [1, 1, 1, 1, 1, 0, 0], 5, "Mild"),
    ("gad7", [2, 2, 2, 2, 2, 0, 0], 10, "Moderate"),
    ("gad7", [3, 3, 3, 3, 3, 0, 0], 15, "Severe"),
    ("gad7", [3] * 7, 21, "Severe"),
    ("phq4", [1, 1, 0, 0], 2, "Normal"),  # Kroenke 2009: 0-2 / 3-5 / 6-8 / 9-12
    ("phq4", [1, 1, 1, 0], 3, "Mild"),
    ("phq4", [2, 2, 2, 0], 6, "Moderate"),
    ("phq4", [3, 3, 3, 0], 9, "Severe"),
    ("cows", [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0], 4, "Below the mild range"),  # Wesson & Ling 2003
    ("cows", [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0], 5, "Mild"),
    ("cows", [2, 2, 3, 2, 2, 2, 0, 0, 0, 0, 0], 13, "Moderate"),
    ("cows", [4, 4, 5, 5, 4, 2, 1, 0, 0, 0, 0], 25, "Moderately severe"),
    ("cows", [4, 4, 5, 5, 4, 4, 5, 4, 2, 0, 0], 37, "Severe"),
    ("cows", [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5], 48, "Severe"),  # every sign at its top weight
    ("pgic", [2], 2, "Much or very much improved"),  # Farrar 2001: much/very much improved anchor
    ("pgic", [3], 3, "Minimally improved"),
    ("pgic", [4], 4, "No change"),
]


@pytest.mark.parametrize(("instrument_id", "answers", "total", "band"), WORKED_EXAMPLES)
def test_published_band_boundaries(instrument_id: str, answers: list[int], total: float, band: str) -> None:
    result = score(get_instrument(instrument_id), answers)
    assert result.total == total
    assert result.band is not None
    assert result.band.label == band


def test_phq9_ten_or_more_is_a_positive_screen_and_nine_is_not() -> None:
    instrument = get_instrument("phq9")
    assert score(instrument, [1] * 8 + [2]).cutoffs[0].positive is True
    assert score(instrument, [1] * 9).cutoffs[0].positive is False


def test_phq2_three_is_positive_and_two_only_on_the_sensitive_cutoff() -> None:
    result = score(get_instrument("phq2"), [1, 1])
    assert {c.id: c.positive for c in result.cutoffs} == {
        "depression_screen": False,
        "sensitive_depression_screen": True,
    }
    assert score(get_instrument("phq2"), [2, 1]).cutoffs[0].positive is True


def test_gad2_three_or_more_is_a_positive_screen() -> None:
    assert score(get_instrument("gad2"), [2, 1]).cutoffs[0].positive is True
    assert score(get_instrument("gad2"), [1, 1]).cutoffs[0].positive is False


def test_phq4_reports_anxiety_and_depression_subscales_positive_at_three() -> None:
    result = score(get_instrument("phq4"), [2, 1, 1, 1])
    subscales = {s.id: (s.total, s.positive) for s in result.subscales}
    assert subscales == {"anxiety": (3, True), "depression": (2, False)}


def test_peg_is_the_mean_of_its_three_answers() -> None:
    assert score(get_instrument("peg"), [7, 6, 5]).total == 6.0  # Krebs 2009: mean of the items
    assert score(get_instrument("peg"), [7, 7, 6]).total == 6.67


def test_pcl5_clusters_and_provisional_diagnosis_follow_the_dsm5_rule() -> None:
    # Items rated 2 ("Moderately") count as symptoms: items 1 (B), 6 (C), 8, 9 (D) and 15, 16 (E).
    answers = [0] * 20
    for number in (1, 6, 8, 9, 15, 16):
        answers[number - 1] = 2
    result = score(get_instrument("pcl5"), answers)
    assert result.total == 12
    assert {s.id: s.total for s in result.subscales} == {
        "cluster_b": 2,
        "cluster_c": 2,
        "cluster_d": 4,
        "cluster_e": 4,
    }
    assert result.rules[0].met is True
    assert result.cutoffs[0].positive is False  # the symptom pattern is met although the total is below 33


def test_pcl5_ratings_of_one_never_count_as_symptoms() -> None:
    result = score(get_instrument("pcl5"), [1] * 20)
    assert result.total == 20
    assert result.rules[0].met is False
    assert result.rules[0].counts == {"cluster_b": 0, "cluster_c": 0, "cluster_d": 0, "cluster_e": 0}


def test_pcl5_thirty_three_is_probable_ptsd() -> None:
    answers = [2] * 16 + [1] * 1 + [0] * 3
    assert score(get_instrument("pcl5"), answers).total == 33
    assert score(get_instrument("pcl5"), answers).cutoffs[0].positive is True


def test_pc_ptsd5_no_trauma_scores_zero_without_the_other_questions() -> None:
    result = score(get_instrument("pcptsd5"), [0])
    assert result.total == 0
    assert result.gate_closed is True


def test_answers_after_a_closed_gate_are_dropped_not_counted() -> None:
    result = score(get_instrument("pcptsd5"), [0, 1, 1, 1, 1, 1])
    assert result.total == 0
    assert list(result.answers.values()) == [0, None, None, None, None, None]


def test_pc_ptsd5_four_yes_answers_are_a_positive_screen() -> None:
    result = score(get_instrument("pcptsd5"), [1, 1, 1, 1, 1, 0])
    assert result.total == 4
    assert {c.id: c.positive for c in result.cutoffs} == {"ptsd_screen": True, "sensitive_ptsd_screen": True}


def test_pc_ptsd5_trauma_question_unanswered_gives_no_total() -> None:
    result = score(get_instrument("pcptsd5"), [None, 1, 1, 1, 1, 1])
    assert result.total is None


def test_audit_c_three_is_positive_for_a_woman_but_not_for_a_man() -> None:
    instrument = get_instrument("auditc")
    woman = score(instrument, [2, 1, 0], sex="female")
    man = score(instrument, [2, 1, 0], sex="male")
    assert woman.total == man.total == 3
    assert [c.positive for c in woman.cutoffs] == [True]
    assert [c.positive for c in man.cutoffs] == [False]


def test_audit_c_never_drinking_scores_zero() -> None:
    result = score(get_instrument("auditc"), [0])
    assert result.total == 0


def test_audit_c_without_sex_shows_both_cutoffs() -> None:
    result = score(get_instrument("auditc"), [4, 4, 4])
    assert [c.applies_to for c in result.cutoffs] == ["female", "male"]


# --- Change since last time -----------------------------------------------------------------------


def test_a_five_point_phq9_drop_is_a_meaningful_improvement() -> None:
    change = change_since(get_instrument("phq9"), previous=14, current=9)
    assert (change.points, change.direction, change.meaningful) == (-5, "better", True)


def test_a_four_point_phq9_rise_is_worse_but_below_the_minimal_important_change() -> None:
    change = change_since(get_instrument("phq9"), previous=9, current=13)
    assert (change.direction, change.meaningful, change.threshold) == ("worse", False, "5 points")


def test_peg_change_is_judged_as_a_percentage_of_the_previous_score() -> None:
    change = change_since(get_instrument("peg"), previous=6, current=4)
    assert change.percent == -33.3
    assert change.meaningful is True
    assert change_since(get_instrument("peg"), previous=6, current=5).meaningful is False


def test_percent_change_from_zero_is_not_judged() -> None:
    assert change_since(get_instrument("peg"), previous=0, current=3).meaningful is None


def test_change_is_not_judged_when_no_threshold_is_published() -> None:
    change = change_since(get_instrument("phq2"), previous=1, current=5)
    assert change.meaningful is None
    assert "No minimal important change" in change.threshold


def test_score_reports_change_when_given_the_previous_total() -> None:
    result = score(get_instrument("gad7"), [1] * 7, previous_total=12)
    assert result.change is not None
    assert result.change.points == -5
    assert result.change.meaningful is True
