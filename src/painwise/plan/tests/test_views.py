"""Plan pages as the owner, another person and an anonymous visitor; the today list on the home page."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from painwise.accounts.services import local_today
from painwise.core.types import User
from painwise.plan.models import Goal, PlanPart, PlanTick
from painwise.plan.tests.helpers import part
from painwise.testing import make_medication

pytestmark = pytest.mark.django_db

FORM = {"choice": "exercise", "schedule": "weekdays", "weekdays": ["0", "2", "4"], "time_of_day": "09:30",
        "suggested_by": "physiotherapist", "note": "10 minutes, gentle pace"}


def _page(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_a_person_builds_a_plan_with_a_goal_and_a_part(alice_client: Client, alice: User) -> None:
    alice_client.post(reverse("plan:goal_add"), {"text": "sit through a film"})
    answer = alice_client.post(reverse("plan:part_new", args=["therapy"]), FORM)
    assert answer.status_code == 302
    page = _page(alice_client.get(reverse("plan:index")))
    assert "sit through a film" in page
    assert "Exercise or movement" in page
    assert "Mon, Wed, Fri at 09:30" in page
    assert "Physiotherapist" in page


def test_a_schedule_with_no_days_is_refused_on_the_form_and_nothing_is_saved(alice_client: Client) -> None:
    answer = alice_client.post(reverse("plan:part_new", args=["therapy"]), {**FORM, "weekdays": []})
    assert answer.status_code == 422
    assert "Choose at least one day of the week." in _page(answer)
    assert not PlanPart.objects.exists()


def test_every_0_days_is_refused_naming_the_field(alice_client: Client) -> None:
    answer = alice_client.post(reverse("plan:part_new", args=["therapy"]),
                               {**FORM, "schedule": "every", "every_days": "0"})
    assert answer.status_code == 422
    assert "Every N days: Every 1 to 365 days." in _page(answer)


def test_an_unknown_part_kind_is_not_found(alice_client: Client) -> None:
    assert alice_client.get(reverse("plan:part_new", args=["horoscope"])).status_code == 404


def test_the_home_page_lists_today_with_one_tap_to_tick(alice_client: Client, alice: User) -> None:
    walking = part(alice)
    home = _page(alice_client.get(reverse("home")))
    assert "Today in your plan" in home
    assert "Exercise or movement" in home
    answer = alice_client.post(reverse("plan:tick", args=[walking.pk]), {"status": "done", "next": "home"})
    assert answer["Location"] == reverse("home")
    assert PlanTick.objects.get().status == "done"
    assert "Done" in _page(alice_client.get(reverse("home")))


def test_htmx_ticking_returns_just_the_item_with_its_new_state(alice_client: Client, alice: User) -> None:
    walking = part(alice)
    answer = alice_client.post(reverse("plan:tick", args=[walking.pk]),
                               {"status": "skipped", "reason": "bad flare"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    body = _page(answer)
    assert body.strip().startswith("<li")
    assert "Skipped" in body
    assert PlanTick.objects.get().reason == "bad flare"


def test_a_medication_offers_done_and_log_the_dose(alice_client: Client, alice: User) -> None:
    ibuprofen = make_medication(alice)
    dose = part(alice, kind="medication", choice=str(ibuprofen.pk))
    assert "Done, and log the dose" in _page(alice_client.get(reverse("home")))
    alice_client.post(reverse("plan:tick", args=[dose.pk]), {"status": "done_log"})
    from painwise.therapies.models import TherapyEntry

    assert TherapyEntry.objects.filter(user=alice, medication=ibuprofen).count() == 1


def test_another_person_cannot_see_tick_edit_or_delete_a_part(bob_client: Client, alice: User) -> None:
    walking = part(alice, note="Zq private")
    goal = Goal.objects.create(user=alice, text="Zq goal")
    assert bob_client.get(reverse("plan:part_edit", args=[walking.pk])).status_code == 404
    assert bob_client.post(reverse("plan:tick", args=[walking.pk]), {"status": "done"}).status_code == 404
    assert bob_client.post(reverse("plan:part_delete", args=[walking.pk])).status_code == 404
    assert bob_client.post(reverse("plan:goal_delete", args=[goal.pk])).status_code == 404
    # Whole words with a space: a two-letter marker alone turns up in random CSRF tokens and nonces.
    for name in ("plan:index", "plan:print"):
        page = _page(bob_client.get(reverse(name)))
        assert "Zq private" not in page
        assert "Zq goal" not in page
    assert PlanPart.objects.filter(pk=walking.pk).exists()
    assert not PlanTick.objects.exists()


@pytest.mark.parametrize("name", ["plan:index", "plan:print", "plan:pdf", "plan:reminders", "plan:calendar",
                                  "plan:calendar_download"])
def test_anonymous_visitors_are_sent_to_sign_in(anon_client: Client, name: str) -> None:
    answer = anon_client.get(reverse(name))
    assert answer.status_code == 302
    assert "/accounts/login/" in answer["Location"]


def test_the_printable_page_and_pdf_hold_the_plan(alice_client: Client, alice: User) -> None:
    Goal.objects.create(user=alice, text="walk to the shop")
    part(alice, note="gentle")
    page = _page(alice_client.get(reverse("plan:print")))
    assert "walk to the shop" in page
    assert "Exercise or movement" in page
    assert "every day" in page
    pdf = alice_client.get(reverse("plan:pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "walk to the shop" in text
    assert "Exercise or movement" in text


def test_e_mail_reminders_cannot_be_switched_on_without_a_mail_server(
    alice_client: Client, settings: Settings,
) -> None:
    settings.EMAIL_CONFIGURED = False
    answer = alice_client.post(reverse("plan:reminders"), {"email": "on", "remind_at": "07:30"})
    assert answer.status_code == 422
    assert "cannot send e-mail" in _page(answer)


def test_reminder_settings_are_saved(alice_client: Client, alice: User, settings: Settings) -> None:
    settings.EMAIL_CONFIGURED = True
    alice_client.post(reverse("plan:reminders"), {"email": "on", "remind_at": "07:30", "show_names": ""})
    row = alice.reminder_settings
    assert (row.email, row.remind_at.isoformat(), row.show_names) == (True, "07:30:00", False)


def test_today_is_the_persons_local_day(alice_client: Client, alice: User) -> None:
    part(alice, weekdays=[local_today(alice).weekday()])
    assert "Exercise or movement" in _page(alice_client.get(reverse("home")))
