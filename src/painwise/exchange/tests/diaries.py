"""A rich diary for round-trip and access tests: every kind of record and every awkward text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from painwise.accounts.services import local_today, update_profile, user_zone
from painwise.core.types import User
from painwise.diary.models import CheckIn, PainEpisode
from painwise.diary.services import record_checkin, record_episode
from painwise.instruments.catalog import get_instrument
from painwise.instruments.services import save_response, set_clinician_mode, update_schedule
from painwise.safety.services import acknowledge, record_red_flags
from painwise.substances.services import record_withdrawal_check
from painwise.substances.withdrawal import content as withdrawal_content
from painwise.testing import make_medication
from painwise.therapies.services import create_factor, log_entry

# Text a CSV writer or a spreadsheet could mangle: separators, quotes, line breaks, formulas, non-ASCII.
AWKWARD_NOTES = 'Woke at 3, "sharp" again;\nline two, with commas\r\nand ✓ ünïcödé — 痛み'
FORMULA_NOTES = "=HYPERLINK(\"http://example.org\",\"click\")"
AWKWARD_TEXTS = ("+1 better than yesterday", "-ish", "@home", "'already quoted", "\tindented", FORMULA_NOTES)


def _at(user: User, days_ago: int, hour: int, minute: int = 0) -> dt.datetime:
    day = local_today(user) - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=user_zone(user))


def build_rich_diary(user: User) -> None:
    """Fill ``user``'s account with one of everything an export must carry."""
    update_profile(user=user, values={"timezone": "America/New_York", "country": "US", "region": "AL",
                                      "conditions": ["pelvic_pain", "migraine"], "track_cycle": True,
                                      "mcid_points": 1.5})
    today = local_today(user)
    record_checkin(user=user, day=today - dt.timedelta(days=2), values={
        "pain_now": 4, "pain_average": 5, "pain_worst": 8, "peg_enjoyment": 6, "peg_activity": 7,
        "stress": 3, "mood": 6, "fatigue": 5, "muscle_tension": 4, "sleep_hours": 6.5, "sleep_quality": 4,
        "cycle_day": 12, "cycle_phase": "follicular", "regions": {"pelvis": 7, "hip_left": 3},
        "qualities": ["burning", "aching"], "activities": ["walked the dog", "pottery, class 2"],
        "activities_note": FORMULA_NOTES, "notes": AWKWARD_NOTES,
    })
    for offset, text in enumerate(AWKWARD_TEXTS, start=3):
        day = today - dt.timedelta(days=offset)
        record_checkin(user=user, day=day, values={"pain_average": 0, "notes": text})
    record_checkin(user=user, day=today - dt.timedelta(days=1), values={})
    record_episode(user=user, values={
        "started_at": _at(user, 2, 14, 30), "ended_at": _at(user, 2, 16, 5), "intensity": 9,
        "regions": {"pelvis": 9}, "triggers": ["long drive", "stress"], "helped": "heat pad, \"lying flat\"",
        "notes": "-worse after lunch",
    })
    _therapies(user)
    _questionnaires_and_safety(user)
    _trauma_reports_and_experiments(user)
    _programmes(user)
    _plan(user)
    _offline_entries(user)


def _programmes(user: User) -> None:
    """Two programmes with their set-up (one stopped) and a dilator session with awkward text in the set."""
    from painwise.programmes import services as programmes

    programmes.start_programme(user=user, key="dilators", setup={"sizes": 5, "labels": ["XS, \"tiny\"", "S"]})
    programmes.log_session(user=user, key="dilators", values={"size": 2, "minutes": 12, "discomfort": 3,
                                                              "anxiety": 2, "pain_quality": ["pressure"]})
    stopped = programmes.start_programme(user=user, key="vaginismus", setup={"ladder": ["=tampon", "finger"]})
    programmes.stop_programme(enrolment=stopped)


def _therapies(user: User) -> None:
    ibuprofen = make_medication(user, "Ibuprofen", strength="400 mg tablet", schedule="as needed",
                                reason="flares; \"if needed\"")
    make_medication(user, "Ibuprofen", dose=200, active=False)  # the same name twice: keys must differ
    gluten = create_factor(user=user, name="Gluten, wheat", kind="yes_no")
    steps = create_factor(user=user, name="Steps (thousands)", kind="count")
    entries: list[dict[str, Any]] = [
        {"modality": "medication", "medication": ibuprofen, "amount": 400, "unit": "mg", "effect": 1,
         "taken_at": _at(user, 2, 9, 15)},
        {"modality": "kratom", "amount": 2.5, "unit": "g", "effect": 1, "side_effects": "nausea, mild",
         "details": {"form": "leaf_powder", "strain_label": "Red \"Bali\", batch 7", "reason": "pain"},
         "notes": "=1+1", "taken_at": _at(user, 2, 10)},
        {"modality": "custom", "factor": gluten, "taken_at": _at(user, 2, 12)},
        {"modality": "custom", "factor": steps, "amount": 6, "unit": "count", "taken_at": _at(user, 2, 20)},
        {"modality": "dilator", "duration_minutes": 15, "effect": -2,
         "details": {"size": 3, "discomfort": 6, "lubricant": True, "stopped_early": False},
         "notes": AWKWARD_NOTES, "taken_at": _at(user, 3, 21, 45)},
        {"modality": "acupuncture", "duration_minutes": 45, "effect": 0,
         "details": {"practitioner": "Dr. Lee", "electro": True, "pain_before": 6, "pain_after": 4},
         "taken_at": _at(user, 4, 11)},
    ]
    for values in entries:
        log_entry(user=user, values=values)


def _questionnaires_and_safety(user: User) -> None:
    """Questionnaires (a crisis-raising PHQ-9, a draft), settings, red flags and withdrawal checks."""
    set_clinician_mode(user=user, enabled=True)
    update_schedule(user=user, instrument=get_instrument("gad7"), every_days=21, enabled=False)
    save_response(user=user, instrument=get_instrument("peg"), answers=[6, 5, 7], draft=False)
    phq9 = save_response(user=user, instrument=get_instrument("phq9"), answers=[1] * 8 + [1], draft=False)
    acknowledge(event=phq9.crisis, confirmed=True)  # type: ignore[arg-type]
    save_response(user=user, instrument=get_instrument("gad7"), answers=[2, 1, None, None, None, None, None],
                  draft=True)
    checkin = CheckIn.objects.filter(user=user).order_by("day").last()
    record_red_flags(user=user, checked=["fever"], source="checkin", source_id=checkin.pk)  # type: ignore[union-attr]
    episode = PainEpisode.objects.filter(user=user).first()
    record_red_flags(user=user, checked=["fever"], source="episode", source_id=episode.pk)  # type: ignore[union-attr]
    record_red_flags(user=user, checked=[], source="checklist")
    # A note that mentions self-harm records a "mention" event (and shows the lines) when saved.
    record_checkin(user=user, day=local_today(user) - dt.timedelta(days=20),
                   values={"notes": "thinking about self harm"})
    items = withdrawal_content().check.items
    record_withdrawal_check(user=user, answers={item.key: 1 for item in items},
                            day=local_today(user) - dt.timedelta(days=1))
    record_withdrawal_check(user=user, answers={item.key: 0 for item in items})


def _trauma_reports_and_experiments(user: User) -> None:
    """The trauma track, the clinician report's questions and reports made, and a started experiment."""
    from painwise.experiments import services as experiments
    from painwise.report import services as report
    from painwise.trauma import services as trauma

    today = local_today(user)
    trauma.set_enabled(user=user, enabled=True)
    trauma.record_daily(user=user, answers={"nightmare_sleep": 3}, day=today - dt.timedelta(days=1))
    trauma.record_grounding(user=user, tool="grounding_54321", before=8, after=4)
    trauma.record_grounding(user=user, tool="grounding_54321", before=6)
    trauma.record_trigger(user=user, kind="date_or_season", what="anniversary, \"March\"", where="home",
                          intensity=7, helped=AWKWARD_NOTES)
    trauma.save_boundaries(user=user, okay="slow, asked first", not_okay="surprises", stop_signals="=holding breath")
    report.save_questions(user=user, questions="1. Is the new dose ok?\n2. \"Referral\", please")
    made = report.make_report(user=user, start=today - dt.timedelta(days=27), end=today,
                              sections=["summary", "pain", "kratom", "trauma"])
    report.record_report(user=user, report=made)
    experiments.design_experiment(user=user, values={"label_a": "heat pad", "label_b": "no heat pad"})
    started = experiments.design_experiment(user=user, values={
        "label_a": "dilator, 10 min", "label_b": "no dilator", "factor": "dilator", "kind": "days", "days": 28,
    })
    experiments.start_experiment(experiment=started, start=today)
    experiments.log_adherence(experiment=started, followed=True, day=today)
    experiments.set_status(experiment=started, status="paused", note="away, \"travel\"")


def _plan(user: User) -> None:
    """A plan: goals, a medication part at a time, a therapy every 3 days, ticked days, reminder settings."""
    from painwise.plan import services as plan
    from painwise.therapies.models import Medication

    today = local_today(user)
    plan.add_goal(user=user, text="walk to the shop, \"slowly\"")
    medication = Medication.objects.filter(user=user, active=True).first()
    assert medication is not None
    dose = plan.add_part(user=user, values={
        "kind": "medication", "choice": str(medication.pk), "weekdays": "0123456", "time_of_day": dt.time(8, 30),
        "suggested_by": "doctor", "note": "with food"})
    walking = plan.add_part(user=user, values={
        "kind": "therapy", "choice": "exercise", "schedule": "every", "every_days": 3,
        "start_date": today - dt.timedelta(days=3), "end_date": today + dt.timedelta(days=60),
        "suggested_by": "physiotherapist"})
    plan.record_tick(part=dose, status="done", day=today - dt.timedelta(days=1))
    plan.record_tick(part=walking, status="skipped", reason=AWKWARD_NOTES, day=today - dt.timedelta(days=3))
    plan.update_reminder_settings(user=user, values={"remind_at": dt.time(7, 45), "show_names": True})
def _offline_entries(user: User) -> None:
    """An id received from a phone's offline queue, and an offline check-in held for the person's choice."""
    import uuid

    from painwise.offline import services as offline

    day = local_today(user) - dt.timedelta(days=2)
    offline.receive_entry(user=user, client_id=uuid.uuid4(), kind="episode", path="/episodes/new/",
                          fields=[["intensity", "6"]], attempt=lambda fields: 302, logged_at=_at(user, 1, 9))
    offline.receive_entry(user=user, client_id=uuid.uuid4(), kind="checkin", path=f"/checkin/{day.isoformat()}/",
                          fields=[["pain_average", "7"], ["notes", AWKWARD_NOTES]], attempt=lambda fields: 422,
                          day=day, logged_at=_at(user, 2, 21, 15))
