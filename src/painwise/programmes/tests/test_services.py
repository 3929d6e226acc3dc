"""Programmes through their services: starting, logging (each session also a therapy entry), suggestions,
bad input refused with nothing half-saved, the course evaluation, the taper plan, hooks and the exchange."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from painwise.core.hooks import agenda, registry
from painwise.core.types import User
from painwise.programmes import services
from painwise.programmes.models import Enrolment, ProgrammeSession
from painwise.testing import make_checkin, make_entry
from painwise.therapies.models import TherapyEntry

pytestmark = pytest.mark.django_db

CALM = {"size": 1, "minutes": 15, "discomfort": 2, "anxiety": 1, "lubricant": True}


def dilators(user: User, sizes: int = 6) -> Enrolment:
    return services.start_programme(user=user, key="dilators", setup={"sizes": sizes})


def test_three_comfortable_dilator_sessions_suggest_moving_up(alice: User) -> None:
    dilators(alice)
    for _ in range(3):
        logged = services.log_session(user=alice, key="dilators", values=CALM)
    assert logged.suggestion is not None
    assert (logged.suggestion.move, logged.suggestion.target) == ("step_up", 2)


def test_each_session_is_also_a_therapy_entry_for_what_helps_me(alice: User) -> None:
    dilators(alice)
    logged = services.log_session(user=alice, key="dilators", values=CALM)
    entry = TherapyEntry.objects.get(user=alice)
    assert logged.session.therapy_entry == entry
    assert (entry.modality, entry.duration_minutes, entry.details["size"]) == ("dilator", 15, 1)


def test_a_painful_session_suggests_stepping_back_and_shows_the_sexual_pain_red_flags(alice: User) -> None:
    dilators(alice)
    services.log_session(user=alice, key="dilators", values={**CALM, "size": 2})
    logged = services.log_session(user=alice, key="dilators", values={
        **CALM, "size": 2, "discomfort": 7, "pain_quality": ["sharp"], "stopped_early": True, "stop_reason": "pain"})
    assert logged.suggestion is not None
    assert (logged.suggestion.move, logged.suggestion.target) == ("step_back", 1)
    assert logged.notices[0].code == "programmes:dilators:step_back"
    enrolment = services.enrolment_for(user=alice, key="dilators")
    assert enrolment is not None
    progress = services.progress_of(enrolment=enrolment)
    assert {flag.id for flag in progress.red_flags} >= {"sex_bleeding", "sex_new_pain"}
    assert progress.setback


def test_a_jump_of_three_sizes_is_saved_with_a_warning(alice: User) -> None:
    dilators(alice, sizes=8)
    services.log_session(user=alice, key="dilators", values={**CALM, "size": 5})
    logged = services.log_session(user=alice, key="dilators", values={**CALM, "size": 8, "discomfort": 9,
                                                                      "anxiety": 9})
    assert ProgrammeSession.objects.count() == 2
    warning = next(n for n in logged.notices if n.code == "programmes:dilators:not_advised")
    assert "from size 5 to size 8" in warning.body
    assert logged.suggestion is not None
    assert logged.suggestion.move == "stay"


@pytest.mark.parametrize(("values", "field"), [
    ({**CALM, "size": 7}, "size"),
    ({**CALM, "minutes": 500}, "minutes"),
    ({**CALM, "discomfort": 11}, "discomfort"),
    ({**CALM, "pain_quality": ["stabbing"]}, "pain_quality"),
    ({**CALM, "colour": "red"}, "colour"),
])
def test_bad_dilator_values_are_named_and_nothing_is_saved(alice: User, values: dict[str, Any], field: str) -> None:
    dilators(alice)
    with pytest.raises(ValidationError) as caught:
        services.log_session(user=alice, key="dilators", values=values)
    assert field in caught.value.message_dict
    assert not ProgrammeSession.objects.exists()
    assert not TherapyEntry.objects.exists()


def test_a_size_outside_the_set_says_which_sizes_the_set_has(alice: User) -> None:
    dilators(alice, sizes=4)
    with pytest.raises(ValidationError, match="Size 5 is not in your set: choose 1 to 4"):
        services.log_session(user=alice, key="dilators", values={**CALM, "size": 5})


def test_an_unknown_programme_or_step_is_named(alice: User) -> None:
    with pytest.raises(ValidationError) as caught:
        services.start_programme(user=alice, key="cold_plunge")
    assert "programme" in caught.value.message_dict
    enrolment = services.start_programme(user=alice, key="vaginismus")
    with pytest.raises(ValidationError) as caught:
        services.mark_step(enrolment=enrolment, step="levitate")
    assert "step" in caught.value.message_dict
    assert services.mark_step(enrolment=enrolment, step="examined").setup["done_steps"] == ["examined"]


def test_a_session_needs_the_programme_started_first(alice: User) -> None:
    with pytest.raises(ValidationError, match="Start Graduated dilators first"):
        services.log_session(user=alice, key="dilators", values=CALM)


def test_the_goal_ladder_is_the_persons_own_and_editable(alice: User) -> None:
    enrolment = services.start_programme(user=alice, key="vaginismus")
    assert enrolment.setup["ladder"][0]["reached"] is False
    services.update_setup(enrolment=enrolment, values={
        "ladder": [{"text": "Insert a tampon", "reached": True}, "Smallest dilator"], "examined": "not_yet",
        "symptoms": ["Difficulty with examinations or tampons"]})
    enrolment.refresh_from_db()
    assert enrolment.setup["ladder"] == [{"text": "Insert a tampon", "reached": True},
                                         {"text": "Smallest dilator", "reached": False}]
    with pytest.raises(ValidationError) as caught:
        services.update_setup(enrolment=enrolment, values={"examined": "maybe"})
    assert "examined" in caught.value.message_dict


def test_sensate_focus_stage_4_at_a_first_session_is_saved_with_the_reason_it_is_not_advised(alice: User) -> None:
    services.start_programme(user=alice, key="sensate_focus")
    logged = services.log_session(user=alice, key="sensate_focus", values={
        "stage": 4, "minutes": 30, "comfort": 5, "both_agree_next": False})
    warning = next(n for n in logged.notices if n.code == "programmes:sensate_focus:not_advised")
    assert "ahead of the suggested stage 1" in warning.body
    assert TherapyEntry.objects.get(user=alice).modality == "sensate_focus"


def test_down_training_sessions_are_pelvic_floor_relaxation_entries(alice: User) -> None:
    services.start_programme(user=alice, key="pelvic_floor")
    services.log_session(user=alice, key="pelvic_floor", values={"minutes": 7})
    entry = TherapyEntry.objects.get(user=alice)
    assert (entry.modality, entry.details) == ("pelvic_floor_relaxation", {"technique": "breathing"})


def test_the_acupuncture_course_evaluation_compares_check_ins_against_the_meaningful_difference(alice: User) -> None:
    enrolment = services.start_programme(user=alice, key="acupuncture", setup={"sessions": 6, "minutes_each": 30})
    today = timezone.localdate()
    start = today - dt.timedelta(days=13)
    for offset in range(1, 29):
        make_checkin(alice, day=start - dt.timedelta(days=offset), pain_average=7, peg_enjoyment=7, peg_activity=7)
    for offset in range(14):
        make_checkin(alice, day=start + dt.timedelta(days=offset), pain_average=3 + offset % 2, peg_enjoyment=4,
                     peg_activity=4)
    taken = timezone.make_aware(dt.datetime.combine(start, dt.time(10)))
    services.log_session(user=alice, key="acupuncture", values={"minutes": 30, "pain_before": 6, "pain_after": 4,
                                                                "adverse_events": ["bruising"]}, taken_at=taken)
    assert TherapyEntry.objects.get(user=alice).side_effects == "bruising"
    evaluation = services.course_evaluation(user=alice, enrolment=enrolment)
    pain = evaluation.comparisons[0]
    assert pain.difference == -3.5
    assert pain.high is not None
    assert pain.high < -pain.mcid
    assert "fell by at least the difference that matters to you" in pain.words
    assert "NICE NG193" in evaluation.continuing


def test_a_course_longer_than_five_hours_is_kept_but_says_what_nice_suggests(alice: User) -> None:
    enrolment = services.start_programme(user=alice, key="acupuncture", setup={"sessions": 10, "minutes_each": 45})
    assert "7.5 hours in all; NICE NG193 suggests one course of at most 5 hours" in services.progress_of(
        enrolment=enrolment).current


def test_the_evaluation_says_so_when_there_are_too_few_check_ins(alice: User) -> None:
    enrolment = services.start_programme(user=alice, key="acupuncture")
    evaluation = services.course_evaluation(user=alice, enrolment=enrolment)
    assert evaluation.comparisons[0].difference is None
    assert "Not enough check-ins" in evaluation.comparisons[0].words


def test_pacing_needs_a_baseline_and_then_suggests_a_quota(alice: User) -> None:
    services.start_programme(user=alice, key="pacing")
    with pytest.raises(ValidationError) as caught:
        services.log_session(user=alice, key="pacing", values={"minutes": 10})
    assert "good_day_minutes" in caught.value.message_dict
    pacing = services.enrolment_for(user=alice, key="pacing")
    assert pacing is not None
    enrolment = services.update_setup(enrolment=pacing,
                                      values={"good_day_minutes": 30, "bad_day_minutes": 10})
    for _ in range(3):
        services.log_session(user=alice, key="pacing", values={"minutes": 16})
    quota = services.progress_of(enrolment=enrolment).quota
    assert quota is not None
    assert quota.minutes == 18
    assert TherapyEntry.objects.filter(user=alice).count() == 3


def test_a_taper_plan_must_be_agreed_with_a_clinician_and_painwise_adds_no_doses(alice: User) -> None:
    with pytest.raises(ValidationError) as caught:
        services.start_programme(user=alice, key="kratom_taper", setup={
            "agreed_with": "Dr Rao", "steps": [{"from": "2026-12-01", "amount": 4, "unit": "g"}]})
    assert "agreed" in caught.value.message_dict
    assert not Enrolment.objects.exists()
    enrolment = services.start_programme(user=alice, key="kratom_taper", setup={
        "agreed_with": "Dr Rao", "agreed": True, "steps": [{"from": "2026-12-08", "amount": 3, "unit": "g"},
                                                           {"from": "2026-12-01", "amount": 4, "unit": "g"}]})
    assert [s["amount"] for s in enrolment.setup["steps"]] == [4.0, 3.0]  # the person's own numbers, sorted


def test_the_kratom_page_shows_use_beside_physiotherapy_and_cbt(alice: User) -> None:
    make_entry(alice, modality="kratom", amount=2, unit="g", details={"form": "leaf_powder"})
    make_entry(alice, modality="physiotherapy", duration_minutes=45)
    make_entry(alice, modality="cbt_practice", duration_minutes=20)
    week = services.taper_weeks(user=alice, enrolment=None)[-1]
    assert (week.used, week.used_days, week.physiotherapy, week.cbt) == ("2 g", 1, 1, 1)


def test_the_kratom_page_counts_physiotherapy_the_plan_scheduled(alice: User) -> None:
    from painwise.core.hooks import AgendaItem, add_agenda_source

    today = timezone.localdate()

    def plan(user: User, start: dt.date, end: dt.date):  # type: ignore[no-untyped-def]  # a stand-in for the plan's agenda source
        return [AgendaItem(key=f"plan:{today}", day=today, kind="therapy", title="Physiotherapy",
                           url="/log/physiotherapy/")]

    add_agenda_source(plan)
    try:
        assert services.taper_weeks(user=alice, enrolment=None)[-1].physiotherapy_planned == 1
    finally:
        registry.agenda_sources.remove(plan)


def test_the_plan_builder_is_offered_every_programme_with_its_page(alice: User) -> None:
    choices = registry.plan_choices["programme"](alice)
    by_value = {c.value: c for c in choices}
    assert by_value["dilators"].url == "/programmes/dilators/"
    assert by_value["dilators"].sensitive
    assert not by_value["pacing"].sensitive


def test_a_finished_acupuncture_course_puts_its_evaluation_on_the_agenda_until_read(alice: User) -> None:
    enrolment = services.start_programme(user=alice, key="acupuncture", setup={"sessions": 1, "minutes_each": 30})
    today = timezone.localdate()
    assert not [i for i in agenda(alice, today, today) if i.kind == "programme"]
    services.log_session(user=alice, key="acupuncture", values={"minutes": 30, "pain_before": 5})
    items = [i for i in agenda(alice, today, today) if i.kind == "programme"]
    assert [i.title for i in items] == ["Acupuncture course: see your evaluation"]
    services.mark_evaluated(enrolment=enrolment)
    assert not [i for i in agenda(alice, today, today) if i.kind == "programme"]


def test_enrolments_and_sessions_are_encrypted_at_rest(alice: User) -> None:
    from django.db import connection

    dilators(alice)
    services.log_session(user=alice, key="dilators", values=CALM)
    with connection.cursor() as cursor:
        cursor.execute("SELECT programme, setup FROM programmes_enrolment")
        raw = " ".join(str(v) for row in cursor.fetchall() for v in row)
        cursor.execute("SELECT \"values\" FROM programmes_programmesession")
        raw += " ".join(str(v) for row in cursor.fetchall() for v in row)
    assert "dilators" not in raw
    assert "discomfort" not in raw


def test_the_exchange_round_trip_keeps_enrolments_and_sessions(alice: User, bob: User) -> None:
    from painwise.core.hooks import registry as hooks

    dilators(alice)
    services.log_session(user=alice, key="dilators", values=CALM)
    enrolments = hooks.exchange_sections["programme_enrolments"]
    sessions = hooks.exchange_sections["programme_sessions"]
    exported_enrolments, exported_sessions = enrolments.export(alice), sessions.export(alice)

    class Context:
        user, started_at = bob, timezone.now()
        refs: dict[str, Any] = {}

        def keep_times(self, obj: Any, values: dict[str, Any]) -> None:
            pass

    for row in exported_enrolments:
        enrolments.store(Context(), row)
    for row in exported_sessions:
        sessions.store(Context(), row)
    enrolment = services.enrolment_for(user=bob, key="dilators")
    assert enrolment is not None
    assert enrolment.setup["sizes"] == 6
    assert [s.values["size"] for s in services.sessions_of(enrolment=enrolment)] == [1]
    assert services.sessions_of(enrolment=enrolment)[0].therapy_entry is None  # bob has no therapy entry to link


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_exported_account_imports_with_each_session_linked_to_its_therapy_entry_once(
    alice: User, bob: User, fmt: str,
) -> None:
    from painwise.exchange.services import export_user, import_into

    dilators(alice)
    services.log_session(user=alice, key="dilators", values=CALM)
    import_into(user=bob, data=export_user(user=alice, fmt=fmt).content)
    bobs = services.enrolment_for(user=bob, key="dilators")
    assert bobs is not None
    session = services.sessions_of(enrolment=bobs)[0]
    assert TherapyEntry.objects.filter(user=bob).count() == 1
    assert session.therapy_entry == TherapyEntry.objects.get(user=bob)


def test_a_routine_stopped_early_or_leaving_the_muscles_tense_meets_the_kind_words(alice: User) -> None:
    enrolment = services.start_programme(user=alice, key="pelvic_floor")
    services.log_session(user=alice, key="pelvic_floor", values={"minutes": 7, "tension_after": 2})
    assert not services.progress_of(enrolment=enrolment).setback
    services.log_session(user=alice, key="pelvic_floor", values={"minutes": 7, "tension_after": 8})
    assert services.progress_of(enrolment=enrolment).setback
    services.log_session(user=alice, key="pelvic_floor", values={"minutes": 3, "completed": False})
    assert services.progress_of(enrolment=enrolment).setback


def test_an_acupuncture_course_that_did_not_help_or_made_things_worse_meets_the_kind_words(alice: User) -> None:
    enrolment = services.start_programme(user=alice, key="acupuncture", setup={"sessions": 2, "minutes_each": 30})
    today = timezone.localdate()
    start = today - dt.timedelta(days=9)
    for offset in range(-28, 10):
        make_checkin(alice, day=start + dt.timedelta(days=offset), pain_average=6 + offset % 2)
    first = timezone.make_aware(dt.datetime.combine(start, dt.time(10)))
    services.log_session(user=alice, key="acupuncture", values={"minutes": 30, "pain_before": 6}, taken_at=first)
    assert not services.progress_of(enrolment=enrolment).setback  # the course is not over yet
    services.log_session(user=alice, key="acupuncture", values={"minutes": 30, "pain_before": 6})
    assert services.progress_of(enrolment=enrolment).setback  # complete, and everyday pain did not fall
    services.log_session(user=alice, key="acupuncture",
                         values={"minutes": 30, "pain_before": 5, "adverse_events": ["worsening"]})
    assert services.progress_of(enrolment=enrolment).setback


def test_more_kratom_than_the_agreed_plan_on_a_day_meets_the_kind_words(alice: User) -> None:
    today = timezone.localdate()
    enrolment = services.start_programme(user=alice, key="kratom_taper", setup={
        "agreed_with": "Dr Rao", "agreed": True,
        "steps": [{"from": (today - dt.timedelta(days=20)).isoformat(), "amount": 3, "unit": "g"}]})
    make_entry(alice, modality="kratom", amount=3, unit="g", details={"form": "leaf_powder"})
    assert not services.progress_of(enrolment=enrolment).setback
    make_entry(alice, modality="kratom", amount=1, unit="g", details={"form": "leaf_powder"})
    assert services.progress_of(enrolment=enrolment).setback


def test_programme_sessions_are_therapies_in_what_helps_me(alice: User) -> None:
    """Each programme's sessions reach "What helps me" as the therapy they are (minutes on the days logged)."""
    from painwise.insights.services import diary_arrays_for

    today = timezone.localdate()
    for offset in range(3):
        make_checkin(alice, day=today - dt.timedelta(days=offset))
    dilators(alice)
    services.start_programme(user=alice, key="pelvic_floor")
    services.start_programme(user=alice, key="sensate_focus")
    services.log_session(user=alice, key="dilators", values=CALM)
    services.log_session(user=alice, key="pelvic_floor", values={"minutes": 7})
    services.log_session(user=alice, key="sensate_focus", values={"stage": 1, "minutes": 30, "comfort": 8})
    diary, factors = diary_arrays_for(user=alice)
    assert diary is not None
    assert {"dilator", "pelvic_floor_relaxation", "sensate_focus"} <= set(factors)
    assert diary.exposures["dilator"][-1] == 15  # minutes, on today's row
