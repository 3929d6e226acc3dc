"""The track's daily items inside the check-in form: offered only while the track is on, optional, saved with
the check-in in one go (nothing half-saved), and never shown to or changed by anyone else."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from painwise.accounts.services import local_today
from painwise.core.types import User
from painwise.diary.models import CheckIn
from painwise.trauma import services

pytestmark = pytest.mark.django_db


def _url(day: dt.date) -> str:
    return f"/checkin/{day.isoformat()}/"


def _guard(client, day: dt.date) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The edit form's hidden version fields, as a browser would send them back."""
    page = client.get(_url(day)).content.decode()
    return dict(re.findall(r'name="(version|base)" value="([^"]*)"', page))


def test_the_items_are_inside_the_check_in_form_only_while_the_track_is_on(alice: User, alice_client: Client) -> None:
    today = local_today(alice)
    assert 'name="trauma-intrusions"' not in alice_client.get(_url(today)).content.decode()
    services.set_enabled(user=alice, enabled=True)
    page = alice_client.get(_url(today)).content.decode()
    form = page.split('<form method="post" class="checkin"')[1].split("</form>")[0]
    assert "Your own track (optional)" in form
    assert 'name="trauma-intrusions"' in form
    assert 'name="trauma-nightmare_sleep"' in form
    assert "trauma" not in form.split("<summary>Your own track")[0].split("Activities and notes")[-1].lower()


def test_answers_given_with_the_check_in_are_saved_for_that_day(alice: User, alice_client: Client) -> None:
    services.set_enabled(user=alice, enabled=True)
    today = local_today(alice)
    response = alice_client.post(_url(today), {"pain_average": "5", "trauma-intrusions": "2",
                                               "trauma-nightmare_sleep": "3"})
    assert response.status_code == 302
    assert CheckIn.objects.get(user=alice, day=today).pain_average == 5
    [check] = services.daily_checks(user=alice, start=today, end=today)
    assert check.answers == {"intrusions": 2, "nightmare_sleep": 3}
    page = alice_client.get(_url(today)).content.decode()
    assert '<option value="2" selected>' in page.split('name="trauma-intrusions"')[1].split("</select>")[0]


def test_a_check_in_without_the_items_stores_no_empty_daily_check(alice: User, alice_client: Client) -> None:
    services.set_enabled(user=alice, enabled=True)
    today = local_today(alice)
    assert alice_client.post(_url(today), {"pain_average": "5"}).status_code == 302
    assert CheckIn.objects.filter(user=alice, day=today).exists()
    assert services.daily_checks(user=alice) == []


def test_an_earlier_day_keeps_its_own_answers_and_can_be_cleared(alice: User, alice_client: Client) -> None:
    services.set_enabled(user=alice, enabled=True)
    day = local_today(alice) - dt.timedelta(days=3)
    alice_client.post(_url(day), {"pain_average": "4", "trauma-avoidance": "1"})
    assert services.daily_checks(user=alice, start=day, end=day)[0].answers == {"avoidance": 1}
    response = alice_client.post(_url(day), {"pain_average": "4", "trauma-avoidance": "", **_guard(alice_client, day)})
    assert response.status_code == 302
    assert services.daily_checks(user=alice) == []


def test_a_bad_item_answer_saves_nothing_and_names_the_item(alice: User, alice_client: Client) -> None:
    services.set_enabled(user=alice, enabled=True)
    today = local_today(alice)
    response = alice_client.post(_url(today), {"pain_average": "5", "trauma-intrusions": "9"})
    assert response.status_code == 422
    assert "Unwanted memories" in response.content.decode()
    assert not CheckIn.objects.filter(user=alice, day=today).exists()
    assert services.daily_checks(user=alice) == []


def test_another_persons_check_in_never_shows_or_changes_alices_answers(
    alice: User, bob: User, alice_client: Client, bob_client: Client,
) -> None:
    services.set_enabled(user=alice, enabled=True)
    today = local_today(alice)
    alice_client.post(_url(today), {"pain_average": "5", "trauma-intrusions": "2"})
    page = bob_client.get(_url(local_today(bob))).content.decode()
    assert 'name="trauma-intrusions"' not in page  # bob's track is off
    bob_client.post(_url(local_today(bob)), {"pain_average": "3", "trauma-intrusions": "4"})
    assert services.daily_checks(user=bob) == []
    assert services.daily_checks(user=alice)[0].answers == {"intrusions": 2}


def test_anonymous_visitors_cannot_post_the_items(alice: User, anon_client: Client) -> None:
    services.set_enabled(user=alice, enabled=True)
    response = anon_client.post(_url(local_today(alice)), {"trauma-intrusions": "2"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert services.daily_checks(user=alice) == []


def _messages(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(m) for m in response.context["messages"])


def test_saving_the_check_in_form_never_points_to_the_brief_check_it_just_asked(
    alice: User, alice_client: Client,
) -> None:
    services.set_enabled(user=alice, enabled=True)
    today = local_today(alice)
    answered = _messages(alice_client.post(_url(today), {"pain_average": "5", "trauma-intrusions": "2"}, follow=True))
    assert "Saved your check-in" in answered
    assert "trauma:daily_check" not in answered
    CheckIn.objects.filter(user=alice).delete()
    services.clear_daily(user=alice, day=today)
    left_out = _messages(alice_client.post(_url(today), {"pain_average": "5"}, follow=True))
    assert "Saved your check-in" in left_out
    assert "trauma:daily_check" not in left_out  # the form offered the items; that is enough


def test_a_check_in_made_ahead_for_tomorrow_has_no_items_and_saves(alice: User, alice_client: Client) -> None:
    services.set_enabled(user=alice, enabled=True)
    tomorrow = local_today(alice) + dt.timedelta(days=1)
    assert 'name="trauma-intrusions"' not in alice_client.get(_url(tomorrow)).content.decode()
    response = alice_client.post(_url(tomorrow), {"pain_average": "5", "trauma-intrusions": "2"})
    assert response.status_code == 302
    assert CheckIn.objects.filter(user=alice, day=tomorrow).exists()
    assert services.daily_checks(user=alice) == []
