"""Plant a distinctive value in every sensitive field, for the at-rest tests (raw SQLite file, WAL, pg_dump).

``plant(user)`` stores one of everything the issue names as sensitive and returns the markers that must not
be readable in the raw database. ``main()`` does the same in a fresh file-backed SQLite database and copies
the database file and its WAL while the connection is still open (so the WAL is not yet checkpointed away).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    # Only for annotations: ``main()`` runs as a script and sets Django up after this module is imported.
    from painwise.core.types import User

# Plaintext that must be found: it proves the grep can see plain values at all (usernames are not encrypted).
CONTROL_USERNAME = "atrestcontrolperson"

SENSITIVE_MODALITIES = ("sexual_activity", "intimacy", "dilator", "sensate_focus", "sex_therapy", "kratom", "alcohol")
TRAUMA_AND_MOOD_INSTRUMENTS = ("pcl5", "pcptsd5", "phq9", "phq2", "phq4", "gad7", "gad2", "auditc", "cows")
MEDICATION_NAME = "Zorbexamarker"
MATCHED_MEDICATION = "Sertraline"
FACTOR_NAME = "Qwopfactormarker"
CONDITIONS = ("pelvic_pain", "ptsd")


def _entry(user: User, modality: str, unit: str = "") -> None:
    from painwise.therapies.models import TherapyEntry

    now = timezone.now()
    TherapyEntry.objects.create(user=user, modality=modality, taken_at=now, day=now.date(), unit=unit)


def plant(user: User) -> list[str]:
    """Store a sensitive value in every field that must be encrypted; the markers to look for."""
    from painwise.accounts.services import update_profile
    from painwise.instruments.catalog import get_instrument
    from painwise.instruments.services import save_response, update_schedule
    from painwise.safety.services import record_red_flags
    from painwise.substances.services import record_withdrawal_check
    from painwise.substances.withdrawal import content as withdrawal_content
    from painwise.therapies.services import add_medication, create_factor

    markers: list[str] = [*SENSITIVE_MODALITIES, MEDICATION_NAME, MATCHED_MEDICATION, MATCHED_MEDICATION.lower(),
                          FACTOR_NAME, *CONDITIONS,
                          *TRAUMA_AND_MOOD_INSTRUMENTS, "red_flag", "crisis", "weight_loss"]
    for modality in SENSITIVE_MODALITIES:
        _entry(user, modality, unit="standard_drinks" if modality == "alcohol" else "")
    markers.append("standard_drinks")
    add_medication(user=user, values={"name": MEDICATION_NAME, "dose": 5, "unit": "mg"})
    add_medication(user=user, values={"name": MATCHED_MEDICATION, "dose": 50, "unit": "mg"})  # drug_key sertraline
    create_factor(user=user, name=FACTOR_NAME, kind="yes_no")
    update_profile(user=user, values={"conditions": list(CONDITIONS)})
    for instrument_id in TRAUMA_AND_MOOD_INSTRUMENTS:
        instrument = get_instrument(instrument_id)
        answers: list[int | None] = [max(item.values) for item in instrument.items]  # top answers: severe bands
        saved = save_response(user=user, instrument=instrument, answers=answers, draft=False)
        response = saved.response
        markers.extend(m for m in (response.band, *response.subscales) if m and len(m) >= 5)
    update_schedule(user=user, instrument=get_instrument("pcl5"), every_days=30, enabled=True)
    record_red_flags(user=user, checked=["weight_loss"], source="checklist")
    check_items = [item.key for item in withdrawal_content().check.items]
    record_withdrawal_check(user=user, answers=dict.fromkeys(check_items, 2))
    markers += _plant_trauma_track(user)
    markers += _plant_experiment_and_reports(user)
    markers += _plant_plan(user)
    markers += _plant_programmes(user)
    return sorted(set(markers))


def _plant_trauma_track(user: User) -> list[str]:
    """The trauma track: which tool or trigger kind was used is itself sensitive, and so is the free text."""
    from painwise.trauma import services as trauma

    trauma.set_enabled(user=user, enabled=True)
    trauma.record_daily(user=user, answers={"nightmare_sleep": 4})
    trauma.record_grounding(user=user, tool="grounding_54321", before=8, after=4)
    trauma.record_trigger(user=user, kind="date_or_season", what="Trigwhatmarker", where="Trigwheremarker",
                          intensity=7, helped="Trighelpedmarker")
    trauma.save_boundaries(user=user, okay="Bokaymarker", not_okay="Bnotokaymarker", stop_signals="Bstopmarker")
    return ["nightmare_sleep", "grounding_54321", "date_or_season", "Trigwhatmarker", "Trigwheremarker",
            "Trighelpedmarker", "Bokaymarker", "Bnotokaymarker", "Bstopmarker"]


def _plant_experiment_and_reports(user: User) -> list[str]:
    """An experiment names the factor it tests (a therapy, medication or own factor); a share link's label
    names a clinician; the sections of a report or link say that kratom or the trauma track were ticked."""
    from painwise.experiments import services as experiments
    from painwise.report import services as report

    experiment = experiments.design_experiment(user=user, values={
        "label_a": "Explabelamarker", "label_b": "Explabelbmarker", "factor": "custom:Expfactormarker",
    })
    experiments.start_experiment(experiment=experiment)
    experiments.record_deviation(experiment=experiment, what="changed", note="Expnotemarker")
    chosen, end = ["summary", "kratom", "trauma"], timezone.localdate()
    start = end - dt.timedelta(days=27)
    report.record_report(user=user, report=report.make_report(user=user, start=start, end=end, sections=chosen))
    report.create_share(user=user, start=start, end=end, sections=chosen, expires_in_hours=24,
                        label="Dr Sharelabelmarker")
    # "trauma" is also an app label (table names, migrations); quoted, it is the JSON list item only.
    return ["Explabelamarker", "Explabelbmarker", "Expfactormarker", "Expnotemarker", "Sharelabelmarker",
            '"trauma"']


def _plant_plan(user: User) -> list[str]:
    """A plan's goal, part note and skip reason are free text; its part says which therapy; a sent reminder's
    key says which questionnaire was due."""
    from painwise.plan import services as plan
    from painwise.plan.models import ReminderSent

    plan.add_goal(user=user, text="Plangoalmarker")
    part = plan.add_part(user=user, values={"kind": "therapy", "choice": "sensate_focus", "weekdays": "0123456",
                                            "note": "Plannotemarker"})
    plan.record_tick(part=part, status="skipped", reason="Planreasonmarker")
    ReminderSent.objects.create(user=user, key="questionnaire:Planreminderkeymarker:2026-01-01")
    return ["Plangoalmarker", "Plannotemarker", "Planreasonmarker", "sensate_focus", "Planreminderkeymarker"]


def _plant_programmes(user: User) -> list[str]:
    """Which programme a person follows (its key, also behind the blind index), its set-up and session values.

    Pacing, not dilators: the dilator entry planted above must stay the only one (the index-rotation test
    looks it up)."""
    from painwise.programmes import services as programmes

    programmes.start_programme(user=user, key="pacing", setup={"good_day_minutes": 30, "bad_day_minutes": 10})
    programmes.log_session(user=user, key="pacing", values={"minutes": 16})
    return ["pacing"]


def main(out_dir: str) -> None:
    """In the current (SQLite) settings: migrate, plant, and copy the database file and WAL to ``out_dir``."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from painwise.accounts.services import create_user
    from painwise.core.cli import migrate

    migrate()  # as `painwise init` does: a fresh instance gets its keys
    user = create_user(username=CONTROL_USERNAME, password="a-long-enough-password-1")
    markers = plant(user)
    database = Path(str(settings.DATABASES["default"]["NAME"]))
    with connection.cursor() as cursor:  # keep the connection open: the WAL stays on disk
        cursor.execute("SELECT 1")
        target = Path(out_dir)
        for suffix in ("", "-wal"):
            source = database.with_name(database.name + suffix)
            if source.exists():
                shutil.copyfile(source, target / (database.name + suffix))
    (Path(out_dir) / "markers.txt").write_text("\n".join(markers) + "\n", encoding="utf-8")
    (Path(out_dir) / "at_rest_done").write_text(dt.datetime.now(dt.UTC).isoformat(), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
