"""A note that mentions suicide or self-harm shows the crisis lines once, never blocks the save, and is recorded."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from painwise.accounts.services import update_profile
from painwise.core.content import ContentError, validate
from painwise.core.hooks import notices_of
from painwise.core.types import User
from painwise.safety.mentions import CrisisWords, crisis_words, mentions_self_harm
from painwise.safety.models import SafetyEvent
from painwise.testing import make_checkin, make_entry

WORDS = crisis_words()


@pytest.mark.parametrize("text", WORDS.must_match)
def test_phrases_about_suicide_or_self_harm_are_noticed(text: str) -> None:
    assert mentions_self_harm(text)


@pytest.mark.parametrize("text", WORDS.mustnt_match)
def test_everyday_pain_idioms_are_not(text: str) -> None:
    assert not mentions_self_harm(text)


@pytest.mark.parametrize("text", ["I want to KILL   myself", "self‑harm", "I don’t want to live"])
def test_case_spacing_and_curly_apostrophes_do_not_hide_a_mention(text: str) -> None:
    assert mentions_self_harm(text.replace("\u2011", "-"))


def test_a_word_list_whose_examples_fail_is_refused() -> None:
    data = WORDS.model_dump(mode="json")
    data["mustnt_match"].append("I feel suicidal")
    with pytest.raises(ContentError, match="examples that the patterns get wrong"):
        validate(data, CrisisWords, origin="crisis_words.yaml")


pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_a_checkin_note_that_mentions_self_harm_is_saved_with_the_lines_and_an_event(alice: User) -> None:
    checkin = make_checkin(alice, notes="Bad day. I keep thinking I want to die.")
    assert checkin.pk is not None
    notices = notices_of(checkin)
    assert len(notices) == 1
    assert "988" in notices[0].body
    event = SafetyEvent.objects.get(user=alice)
    assert event.kind == SafetyEvent.Kind.MENTION
    assert event.source == SafetyEvent.Source.CHECKIN
    assert event.source_id == checkin.pk
    assert event.details["fields"] == ["notes"]
    assert "want to die" not in json.dumps(event.details)  # the text itself is not copied
    assert not event.needs_acknowledgement


@pytestmark_db
def test_an_ordinary_note_shows_nothing_and_records_nothing(alice: User) -> None:
    checkin = make_checkin(alice, notes="This pain is killing me, took a pain killer.")
    assert notices_of(checkin) == []
    assert not SafetyEvent.objects.exists()


@pytestmark_db
def test_a_therapy_entry_note_is_checked_too(alice: User) -> None:
    update_profile(user=alice, values={"country": "FR"})
    entry = make_entry(alice, notes="felt suicidal after the session")
    event = SafetyEvent.objects.get(user=alice)
    assert event.source == SafetyEvent.Source.THERAPY_ENTRY
    assert event.source_id == entry.pk
    assert any(line["number"] == "3114" for line in event.details["lines"] if "number" in line)


@pytestmark_db
def test_without_a_country_the_message_gives_112_and_911_and_asks_for_it(alice: User) -> None:
    update_profile(user=alice, values={"country": "ZZ"})
    body = notices_of(make_checkin(alice, notes="self-harm again"))[0].body
    assert "112" in body
    assert "911" in body
    assert "Tell us your country" in body


@pytestmark_db
def test_the_checkin_page_saves_and_shows_the_lines_once(alice_client: Client, alice: User) -> None:
    response = alice_client.post(
        reverse("diary:checkin", args=["2026-11-01"]), {"pain_average": "6", "notes": "I just want to end it all"},
        follow=True,
    )
    page = response.content.decode()
    assert "Saved your check-in" in page
    assert "If things feel too much" in page
    assert "988" in page
    assert alice.checkins.get().notes == "I just want to end it all"
    again = alice_client.get(reverse("home")).content.decode()
    assert "If things feel too much" not in again


@pytestmark_db
def test_the_api_returns_the_lines_as_a_notice_and_saves(alice_client: Client, alice: User) -> None:
    response = alice_client.post(
        "/api/v1/checkins", data=json.dumps({"day": "2026-11-02", "notes": "thinking about self harm"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    notices = response.json()["notices"]
    assert [n["code"] for n in notices] == ["crisis_mention"]
    assert "988" in notices[0]["body"]


@pytestmark_db
def test_a_flare_note_is_checked(alice_client: Client, alice: User) -> None:
    response = alice_client.post(
        "/api/v1/episodes",
        data=json.dumps({"started_at": "2026-11-02T10:00:00+00:00", "intensity": 8, "notes": "wanted to kill myself"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["notices"][0]["code"] == "crisis_mention"
    assert SafetyEvent.objects.get(user=alice).source == SafetyEvent.Source.EPISODE


@pytestmark_db
def test_the_mention_appears_in_the_safety_events_without_blocking_other_pages(
    alice_client: Client, alice: User,
) -> None:
    make_checkin(alice, notes="suicidal thoughts")
    events = alice_client.get(reverse("safety:events")).content.decode()
    assert "Crisis lines after a note" in events
    assert alice_client.get(reverse("instruments:index")).status_code == 200
