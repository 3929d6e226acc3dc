"""Progression rules, pure: examples a person would recognise, and properties that hold for any history."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from painwise.programmes.progression import (
    DilatorRules,
    DilatorSession,
    PacingRules,
    PacingSession,
    SensateRules,
    SensateSession,
    dilator_warnings,
    pacing_quota,
    sensate_warnings,
    starting_quota,
    suggest_dilator,
    suggest_sensate,
)

DILATOR = DilatorRules(comfortable_sessions_needed=3, discomfort_max=3, anxiety_max=3)
SENSATE = SensateRules(comfortable_sessions_needed=2, comfort_min=6, stages=4)
PACING = PacingRules(baseline_share=0.8, quota_step_percent=10, sessions_without_flare=3, flare_share=0.5)


def calm(size: int) -> DilatorSession:
    return DilatorSession(size=size, discomfort=2, anxiety=1)


def test_three_comfortable_sessions_suggest_the_next_size() -> None:
    suggestion = suggest_dilator([calm(2), calm(2), calm(2)], DILATOR, sizes=6)
    assert (suggestion.move, suggestion.target) == ("step_up", 3)


def test_two_comfortable_sessions_are_not_yet_enough() -> None:
    assert suggest_dilator([calm(2), calm(2)], DILATOR, sizes=6).move == "stay"


def test_comfortable_sessions_at_an_earlier_size_do_not_count_towards_the_current_one() -> None:
    assert suggest_dilator([calm(1), calm(1), calm(2)], DILATOR, sizes=6).move == "stay"


def test_bleeding_suggests_stepping_back_a_size_with_the_red_flags() -> None:
    painful = DilatorSession(size=3, discomfort=2, anxiety=1, bleeding=True)
    suggestion = suggest_dilator([calm(3), calm(3), painful], DILATOR, sizes=6)
    assert (suggestion.move, suggestion.target, suggestion.red_flags) == ("step_back", 2, True)


def test_sharp_pain_or_stopping_for_pain_also_steps_back() -> None:
    sharp = DilatorSession(size=2, discomfort=4, anxiety=2, pain_quality=("sharp",))
    stopped = DilatorSession(size=2, discomfort=4, anxiety=2, stopped_early=True, stop_reason="pain")
    assert suggest_dilator([sharp], DILATOR, sizes=6).move == "step_back"
    assert suggest_dilator([stopped], DILATOR, sizes=6).move == "step_back"


def test_the_smallest_size_is_the_floor_of_a_step_back() -> None:
    assert suggest_dilator([DilatorSession(size=1, bleeding=True)], DILATOR, sizes=6).target == 1


def test_the_largest_size_is_the_top() -> None:
    assert suggest_dilator([calm(6)] * 3, DILATOR, sizes=6).move == "at_top"


def test_a_jump_from_size_5_to_8_at_discomfort_9_and_anxiety_9_is_logged_with_a_warning() -> None:
    jump = DilatorSession(size=8, discomfort=9, anxiety=9)
    warnings = dilator_warnings(calm(5), jump, DILATOR)
    assert "from size 5 to size 8" in warnings[0]
    assert "not advised" in warnings[0]
    assert "above 3" in warnings[1]
    assert suggest_dilator([calm(5), jump], DILATOR, sizes=8).move == "stay"


def test_a_painful_jump_does_not_become_the_new_size() -> None:
    """The issue's jump (three calm sessions at size 1, then size 5 at discomfort 9 and anxiety 9) is logged with a
    warning, but the suggestion goes back to size 1, never 'stay at size 5'."""
    suggestion = suggest_dilator([calm(1)] * 3 + [DilatorSession(size=5, discomfort=9, anxiety=9)], DILATOR, sizes=6)
    assert (suggestion.move, suggestion.target, suggestion.setback) == ("stay", 1, True)
    assert "Go back to size 1" in suggestion.reason


def test_bleeding_after_a_jump_steps_back_from_the_size_the_rules_allowed() -> None:
    jump = DilatorSession(size=5, discomfort=6, anxiety=4, bleeding=True)
    suggestion = suggest_dilator([calm(1)] * 3 + [jump], DILATOR, sizes=6)
    assert (suggestion.move, suggestion.target, suggestion.red_flags) == ("step_back", 1, True)


def test_a_comfortable_larger_size_counts_at_that_size() -> None:
    assert suggest_dilator([calm(1), calm(3)], DILATOR, sizes=6).target == 3


def test_a_one_size_step_carries_no_warning() -> None:
    assert dilator_warnings(calm(2), calm(3), DILATOR) == []


sessions = st.builds(
    DilatorSession, size=st.integers(1, 8), discomfort=st.one_of(st.none(), st.integers(0, 10)),
    anxiety=st.one_of(st.none(), st.integers(0, 10)), bleeding=st.booleans(),
    pain_quality=st.lists(st.sampled_from(["pressure", "aching", "burning", "sharp", "tearing"]),
                          max_size=3).map(tuple),
    stopped_early=st.booleans(), stop_reason=st.sampled_from(["", "pain", "anxiety", "time", "other"]))


@settings(max_examples=400)
@given(st.lists(sessions, min_size=1, max_size=12), st.integers(2, 8))
def test_no_history_ever_suggests_a_step_up_right_after_a_painful_session(
    history: list[DilatorSession], sizes: int,
) -> None:
    suggestion = suggest_dilator(history, DILATOR, sizes=sizes)
    if not history[-1].comfortable(DILATOR):
        assert suggestion.move != "step_up"
    if history[-1].alarming:
        assert suggestion.move == "step_back"
        assert suggestion.red_flags


@settings(max_examples=400)
@given(st.lists(sessions, min_size=1, max_size=12), st.integers(2, 8))
def test_a_step_up_always_follows_enough_comfortable_sessions_at_the_same_size(
    history: list[DilatorSession], sizes: int,
) -> None:
    suggestion = suggest_dilator(history, DILATOR, sizes=sizes)
    if suggestion.move == "step_up":
        last = history[-DILATOR.comfortable_sessions_needed:]
        assert len(last) == DILATOR.comfortable_sessions_needed
        assert all(s.comfortable(DILATOR) and s.size == history[-1].size for s in last)
        assert suggestion.target == min(history[-1].size, sizes) + 1 <= sizes


@settings(max_examples=400)
@given(st.lists(sessions, min_size=1, max_size=12), st.integers(2, 8))
def test_a_session_that_was_not_comfortable_never_raises_the_suggested_size(
    history: list[DilatorSession], sizes: int,
) -> None:
    before = suggest_dilator(history[:-1], DILATOR, sizes=sizes).target
    after = suggest_dilator(history, DILATOR, sizes=sizes)
    if not history[-1].comfortable(DILATOR):
        assert after.target <= before
        assert after.move in ("stay", "step_back")


def test_sensate_focus_starts_at_stage_1() -> None:
    assert suggest_sensate([], SENSATE).target == 1


def test_stage_4_at_a_first_session_with_both_agree_no_is_not_advised() -> None:
    warnings = sensate_warnings([], SensateSession(stage=4, comfort=8, both_agree_next=False), SENSATE)
    assert "ahead of the suggested stage 1" in warnings[0]
    assert "Intercourse stays off the table" in warnings[0]
    assert "do not both agree" in warnings[0]


def test_stage_4_at_a_first_session_leaves_stage_1_suggested() -> None:
    suggestion = suggest_sensate([SensateSession(stage=4, comfort=8, both_agree_next=False)], SENSATE)
    assert (suggestion.move, suggestion.target) == ("stay", 1)


def test_moving_on_needs_comfortable_sessions_and_both_agreeing() -> None:
    comfortable = SensateSession(stage=1, comfort=8)
    agreed = SensateSession(stage=1, comfort=8, both_agree_next=True)
    assert suggest_sensate([comfortable, comfortable], SENSATE).move == "stay"  # no agreement recorded
    assert suggest_sensate([agreed], SENSATE).move == "stay"  # one comfortable session only
    assert (suggest_sensate([comfortable, agreed], SENSATE).move, suggest_sensate([comfortable, agreed], SENSATE)
            .target) == ("step_up", 2)
    assert sensate_warnings([comfortable, agreed], SensateSession(stage=2, comfort=7), SENSATE) == []


def test_a_stage_can_always_be_repeated_or_stepped_back_without_a_warning() -> None:
    history = [SensateSession(stage=1, comfort=8), SensateSession(stage=1, comfort=8, both_agree_next=True),
               SensateSession(stage=2, comfort=3)]
    assert sensate_warnings(history, SensateSession(stage=2, comfort=5), SENSATE) == []
    assert sensate_warnings(history, SensateSession(stage=1, comfort=5), SENSATE) == []


sensate_sessions = st.builds(
    SensateSession, stage=st.integers(1, 4), comfort=st.one_of(st.none(), st.integers(0, 10)),
    both_agree_next=st.booleans(), bleeding=st.booleans(),
    pain_quality=st.lists(st.sampled_from(["aching", "sharp", "tearing"]), max_size=2).map(tuple))


@settings(max_examples=300)
@given(st.lists(sensate_sessions, min_size=1, max_size=10))
def test_sensate_focus_never_moves_on_without_agreement_or_after_discomfort(history: list[SensateSession]) -> None:
    suggestion = suggest_sensate(history, SENSATE)
    if suggestion.move == "step_up":
        assert history[-1].both_agree_next
        assert history[-1].comfortable(SENSATE)
        assert suggestion.target == history[-1].stage + 1


def test_pacing_starts_a_little_below_the_average_day() -> None:
    assert starting_quota(good_day_minutes=30, bad_day_minutes=10, rules=PACING) == 16


def test_pacing_rises_after_three_clean_sessions_and_not_after_a_flare() -> None:
    clean = PacingSession(16)
    assert pacing_quota(16, [clean, clean, clean], PACING).minutes == 18
    flare_last = pacing_quota(16, [clean, clean, PacingSession(16, flare=True)], PACING)
    assert flare_last.minutes == 16
    assert flare_last.flare_minutes == 8
    assert "After a flare" in flare_last.reason


@settings(max_examples=300)
@given(st.integers(1, 120), st.lists(st.builds(PacingSession, st.integers(1, 60), st.booleans(), st.booleans()),
                                     max_size=15))
def test_the_quota_never_rises_on_a_session_with_a_flare(start: int, history: list[PacingSession]) -> None:
    before = pacing_quota(start, history[:-1], PACING).minutes if history else start
    after = pacing_quota(start, history, PACING).minutes
    if history and (history[-1].flare or not history[-1].completed):
        assert after == before
    assert after >= start


@settings(max_examples=300)
@given(st.lists(sensate_sessions, min_size=1, max_size=10))
def test_a_stage_beyond_the_suggestion_never_moves_the_suggestion_on(history: list[SensateSession]) -> None:
    before = suggest_sensate(history[:-1], SENSATE).target
    if history[-1].stage > before:
        assert suggest_sensate(history, SENSATE).target <= before
