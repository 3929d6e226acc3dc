"""Plan services: parts and schedules, bad input, ticks, agenda sources."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from painwise.accounts.services import local_today
from painwise.core.hooks import PlanChoice, agenda, registry
from painwise.core.types import User
from painwise.plan import services
from painwise.plan.models import Goal, PlanPart, PlanTick
from painwise.plan.tests.helpers import part
from painwise.testing import make_entry, make_medication

pytestmark = pytest.mark.django_db


def _field_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(excinfo.value.message_dict)


def test_a_goal_is_kept_in_the_persons_own_words_and_encrypted(alice: User) -> None:
    services.add_goal(user=alice, text="  walk to the shop ")
    assert [g.text for g in Goal.objects.filter(user=alice)] == ["walk to the shop"]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM plan_goal")
        assert "shop" not in str(cursor.fetchone()[0])


def test_an_empty_goal_is_refused_naming_the_field(alice: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services.add_goal(user=alice, text="   ")
    assert _field_of(refused) == {"text"}


def test_a_part_on_weekdays_is_due_only_on_those_days(alice: User) -> None:
    walking = part(alice, weekdays=[0, 2, 4], time_of_day=dt.time(9, 30), suggested_by="physiotherapist")
    monday = dt.date(2026, 11, 30)
    due = [d for d in (monday + dt.timedelta(days=i) for i in range(7)) if services.is_due(walking, d)]
    assert [d.weekday() for d in due] == [0, 2, 4]
    assert services.schedule_words(walking) == "Mon, Wed, Fri at 09:30"
    assert walking.label == "Exercise or movement"


def test_every_n_days_counts_from_the_start_date(alice: User) -> None:
    start = dt.date(2026, 12, 1)
    acupuncture = part(alice, choice="acupuncture", schedule="every", every_days=7, start_date=start,
                       end_date=start + dt.timedelta(days=35))
    days = [start + dt.timedelta(days=i) for i in range(60)]
    due = [day for day in days if services.is_due(acupuncture, day)]
    assert due == [start + dt.timedelta(days=7 * k) for k in range(6)]


@pytest.mark.parametrize(("values", "field"), [
    ({"weekdays": ""}, "weekdays"),
    ({"schedule": "every", "every_days": 0}, "every_days"),
    ({"schedule": "every", "every_days": 366}, "every_days"),
    ({"schedule": "every"}, "every_days"),
    ({"weekdays": [7]}, "weekdays"),
    ({"kind": "horoscope"}, "kind"),
    ({"choice": "kratom"}, "choice"),
    ({"kind": "medication", "choice": "999999"}, "choice"),
    ({"kind": "programme", "choice": "no_such_programme"}, "choice"),
    ({"kind": "recipe", "choice": "soup"}, "kind"),
    ({"start_date": dt.date(2026, 12, 2), "end_date": dt.date(2026, 12, 1)}, "end_date"),
    ({"suggested_by": "astrologer"}, "suggested_by"),
    ({"colour": "red"}, "colour"),
])
def test_a_bad_part_is_refused_naming_the_field_and_nothing_is_saved(
    alice: User, values: dict[str, Any], field: str,
) -> None:
    with pytest.raises(ValidationError) as refused:
        part(alice, **values)
    assert field in _field_of(refused)
    assert not PlanPart.objects.exists()


def test_a_medication_part_names_the_persons_own_medication(alice: User, bob: User) -> None:
    ibuprofen = make_medication(alice, name="Ibuprofen")
    dose = part(alice, kind="medication", choice=str(ibuprofen.pk), time_of_day=dt.time(8))
    assert (dose.label, dose.sensitive) == ("Ibuprofen", True)
    with pytest.raises(ValidationError) as refused:
        part(bob, kind="medication", choice=str(ibuprofen.pk))
    assert _field_of(refused) == {"choice"}


def test_programmes_offered_by_another_domain_can_be_chosen_without_importing_it(
    alice: User, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(registry.plan_choices, "programme",
                        lambda user: [PlanChoice("dilators", "Graduated dilators", "/programmes/dilators/", True)])
    session = part(alice, kind="programme", choice="dilators", schedule="every", every_days=2)
    assert (session.label, session.url, session.sensitive) == ("Graduated dilators", "/programmes/dilators/", True)
    today = local_today(alice)
    [item] = [i for i in agenda(alice, today, today) if i.kind == "programme"]
    assert item.private_title == "Painwise: 1 session due"
    assert item.title == "Graduated dilators"


def test_ticking_twice_on_one_day_changes_the_one_tick(alice: User) -> None:
    walking = part(alice)
    services.record_tick(part=walking, status="done")
    services.record_tick(part=walking, status="skipped", reason="flare")
    tick = PlanTick.objects.get()
    assert (tick.status, tick.reason) == ("skipped", "flare")
    today = local_today(alice)
    assert [i.status for i in services.plan_agenda(alice, today, today)] == ["skipped"]


def test_a_bad_tick_is_refused_naming_the_field(alice: User) -> None:
    walking = part(alice)
    with pytest.raises(ValidationError) as refused:
        services.record_tick(part=walking, status="maybe")
    assert _field_of(refused) == {"status"}
    with pytest.raises(ValidationError) as refused:
        services.record_tick(part=walking, status="done", day=local_today(alice) + dt.timedelta(days=5))
    assert _field_of(refused) == {"day"}
    assert not PlanTick.objects.exists()


def test_a_done_dose_is_logged_only_when_the_person_asks(alice: User) -> None:
    ibuprofen = make_medication(alice, name="Ibuprofen")
    dose = part(alice, kind="medication", choice=str(ibuprofen.pk))
    services.record_tick(part=dose, status="done")
    from painwise.therapies.models import TherapyEntry

    assert not TherapyEntry.objects.filter(user=alice).exists()
    services.record_tick(part=dose, status="done", log_dose=True)
    entry = TherapyEntry.objects.get(user=alice)
    assert (entry.medication_id, entry.amount, entry.unit) == (ibuprofen.pk, 400, "mg")


def test_logging_a_dose_for_a_therapy_part_is_refused_and_the_tick_is_not_saved(alice: User) -> None:
    walking = part(alice)
    make_entry(alice)  # unrelated
    with pytest.raises(ValidationError) as refused:
        services.record_tick(part=walking, status="done", log_dose=True)
    assert _field_of(refused) == {"log_dose"}
    assert not PlanTick.objects.exists()


def test_questionnaires_due_by_their_schedules_are_on_the_agenda(alice: User) -> None:
    from painwise.instruments.services import ensure_baseline

    ensure_baseline(user=alice)
    today = local_today(alice)
    items = [i for i in agenda(alice, today, today + dt.timedelta(days=30)) if i.kind == "questionnaire"]
    assert items, "a new account has questionnaires due"
    assert all(i.private_title == "Painwise: 1 questionnaire due" and i.sensitive for i in items)
    assert len({i.key for i in items}) == len(items)
    assert min(i.day for i in items) == today


def test_the_agenda_never_shows_another_persons_parts(alice: User, bob: User) -> None:
    part(alice)
    today = local_today(bob)
    assert not [i for i in agenda(bob, today, today) if i.key.startswith("plan:")]


def test_a_track_another_domain_offers_can_be_planned_and_stays_private(alice: User) -> None:
    from painwise.plan.choices import choices_for

    offers = choices_for(user=alice, kind="track")
    if not offers:
        pytest.skip("no domain offers a track in this build")
    track = part(alice, kind="track", choice=offers[0].value, weekdays=[6])
    assert track.sensitive
    sunday = local_today(alice) + dt.timedelta(days=(6 - local_today(alice).weekday()) % 7)
    [item] = services.plan_agenda(alice, sunday, sunday)
    assert item.private_title == "Painwise: 1 session due"
