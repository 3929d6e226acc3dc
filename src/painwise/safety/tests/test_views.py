"""Safety pages and API as the owner, another person and an anonymous visitor."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from painwise.accounts.services import update_profile
from painwise.core.types import User
from painwise.safety.models import SafetyEvent
from painwise.safety.services import record_crisis
from painwise.testing import make_checkin

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _crisis(user: User) -> SafetyEvent:
    return record_crisis(user=user, flags=["phq9_item9_positive"], source="questionnaire", source_id=None)


def _post_json(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


# --- Help and crisis lines -----------------------------------------------------------------------


def test_the_help_page_shows_the_lines_for_the_persons_country(alice_client: Client, alice: User) -> None:
    assert "988" in alice_client.get(reverse("safety:help")).content.decode()
    update_profile(user=alice, values={"country": "AU"})
    page = alice_client.get(reverse("safety:help")).content.decode()
    assert "13 11 14" in page
    assert 'href="tel:000"' in page


def test_anonymous_visitors_see_the_generic_lines_and_nothing_personal(anon_client: Client) -> None:
    page = anon_client.get(reverse("safety:help")).content.decode()
    assert 'href="tel:112"' in page
    assert 'href="tel:911"' in page
    assert "findahelpline.com" in page
    assert reverse("safety:events") not in page


# --- Crisis screen -------------------------------------------------------------------------------


def test_the_crisis_screen_lists_lines_and_prompts_contact_with_a_clinician(alice_client: Client, alice: User) -> None:
    event = _crisis(alice)
    page = alice_client.get(reverse("safety:crisis", args=[event.pk])).content.decode()
    assert "988" in page
    assert "tell your own doctor" in page
    assert "low risk" not in page.lower()


def test_continuing_without_ticking_the_box_keeps_the_screen(alice_client: Client, alice: User) -> None:
    event = _crisis(alice)
    answer = alice_client.post(reverse("safety:crisis", args=[event.pk]), {})
    assert answer.status_code == 422
    event.refresh_from_db()
    assert event.acknowledged_at is None


def test_ticking_the_box_records_the_acknowledgement_and_moves_on(alice_client: Client, alice: User) -> None:
    event = _crisis(alice)
    answer = alice_client.post(
        reverse("safety:crisis", args=[event.pk]), {"acknowledged": "on", "next": "/questionnaires/"}
    )
    assert answer["Location"] == "/questionnaires/"
    event.refresh_from_db()
    assert event.acknowledged_at is not None


def test_the_crisis_screen_never_redirects_to_another_site(alice_client: Client, alice: User) -> None:
    event = _crisis(alice)
    answer = alice_client.post(
        reverse("safety:crisis", args=[event.pk]), {"acknowledged": "on", "next": "https://evil.example/"}
    )
    assert answer["Location"] == "/"


def test_another_person_cannot_see_or_acknowledge_the_owners_crisis_screen(alice: User, bob_client: Client) -> None:
    event = _crisis(alice)
    assert bob_client.get(reverse("safety:crisis", args=[event.pk])).status_code == 404
    assert bob_client.post(reverse("safety:crisis", args=[event.pk]), {"acknowledged": "on"}).status_code == 404
    event.refresh_from_db()
    assert event.acknowledged_at is None


def test_anonymous_visitors_cannot_open_a_crisis_screen(anon_client: Client, alice: User) -> None:
    event = _crisis(alice)
    assert "/accounts/login/" in anon_client.get(reverse("safety:crisis", args=[event.pk]))["Location"]


# --- Red flags -----------------------------------------------------------------------------------


def test_ticking_chest_pain_records_an_emergency_event_and_shows_its_guidance(
    alice_client: Client, alice: User,
) -> None:
    answer = alice_client.post(reverse("safety:red_flags"), {"checked": ["chest_pain", "sex_deep_pain"]})
    event = SafetyEvent.objects.get(user=alice)
    assert (event.kind, event.urgency) == ("red_flag", "emergency")
    page = alice_client.get(answer["Location"]).content.decode()
    assert "Get emergency help now" in page
    assert "Chest pain can be a heart attack." in page


def test_the_sexual_pain_list_shows_only_its_questions(alice_client: Client) -> None:
    page = alice_client.get(reverse("safety:red_flags") + "?context=sexual_pain").content.decode()
    assert 'value="sex_bleeding"' in page
    assert 'value="chest_pain"' not in page


def test_nothing_ticked_records_nothing_and_does_not_reassure(alice_client: Client, alice: User) -> None:
    page = alice_client.post(reverse("safety:red_flags"), {}).content.decode()
    assert SafetyEvent.objects.filter(user=alice).count() == 0
    assert "this list cannot cover everything" in page


def test_an_unknown_red_flag_is_refused_and_nothing_saved(alice_client: Client, alice: User) -> None:
    assert alice_client.post(reverse("safety:red_flags"), {"checked": ["made_up"]}).status_code == 422
    assert SafetyEvent.objects.count() == 0


def test_the_checklist_opened_from_a_checkin_links_the_event_to_it(alice_client: Client, alice: User) -> None:
    checkin = make_checkin(alice)
    alice_client.post(reverse("safety:red_flags") + f"?from=checkin&ref={checkin.pk}", {"checked": ["fever"]})
    event = SafetyEvent.objects.get()
    assert (event.source, event.source_id, event.urgency) == ("checkin", checkin.pk, "same_day")


def test_the_checklist_cannot_be_tied_to_another_persons_checkin(alice: User, bob_client: Client) -> None:
    checkin = make_checkin(alice)
    answer = bob_client.post(reverse("safety:red_flags") + f"?from=checkin&ref={checkin.pk}", {"checked": ["fever"]})
    assert answer.status_code == 404
    assert SafetyEvent.objects.count() == 0


# --- Events list ---------------------------------------------------------------------------------


def test_the_events_list_shows_what_when_and_what_was_shown(alice_client: Client, alice: User) -> None:
    event = _crisis(alice)
    alice_client.post(reverse("safety:crisis", args=[event.pk]), {"acknowledged": "on"})
    alice_client.post(reverse("safety:red_flags"), {"checked": ["weight_loss"]})
    page = alice_client.get(reverse("safety:events")).content.decode()
    assert "Crisis screen" in page
    assert "988 Suicide &amp; Crisis Lifeline" in page
    assert "See a doctor within the next few days" in page


def test_another_person_sees_none_of_the_owners_events(alice: User, bob_client: Client) -> None:
    event = _crisis(alice)
    assert "Crisis screen" not in bob_client.get(reverse("safety:events")).content.decode()
    assert bob_client.get(reverse("safety:event", args=[event.pk])).status_code == 404


@pytest.mark.parametrize("name", ["safety:events", "safety:red_flags"])
def test_anonymous_visitors_are_sent_to_sign_in(anon_client: Client, name: str) -> None:
    assert "/accounts/login/" in anon_client.get(reverse(name))["Location"]


def test_an_unacknowledged_crisis_screen_comes_back_before_the_events_list(alice_client: Client, alice: User) -> None:
    event = _crisis(alice)
    answer = alice_client.get(reverse("safety:events"))
    assert answer["Location"].startswith(reverse("safety:crisis", args=[event.pk]))


# --- API -----------------------------------------------------------------------------------------


def test_crisis_lines_by_country_through_the_api(alice_client: Client) -> None:
    assert alice_client.get(f"{API}/safety/crisis-lines?country=CA").json()["lines"][0]["number"] == "9-8-8"
    assert alice_client.get(f"{API}/safety/crisis-lines").json()["id"] == "us"


def test_the_api_lists_each_red_flag_with_its_heading_and_urgency(alice_client: Client) -> None:
    flags = {f["id"]: f for f in alice_client.get(f"{API}/safety/red-flags").json()}
    assert (flags["giant_cell_arteritis"]["group"], flags["giant_cell_arteritis"]["urgency"]) == (
        "Head, nerves and heart", "same_day")
    assert flags["ectopic_pregnancy"]["urgency"] == "emergency"


def test_red_flags_through_the_api_record_an_event(alice_client: Client, alice: User) -> None:
    body = _post_json(alice_client, f"{API}/safety/red-flags", {"checked": ["sex_sores", "sex_persisting"]}).json()
    assert (body["urgency"], body["title"]) == ("days", "See a doctor within the next few days")
    assert SafetyEvent.objects.get(pk=body["event_id"]).user == alice


def test_red_flags_with_an_unknown_id_are_refused_by_the_api(alice_client: Client) -> None:
    answer = _post_json(alice_client, f"{API}/safety/red-flags", {"checked": ["nope"]})
    assert answer.status_code == 422
    assert SafetyEvent.objects.count() == 0


def test_the_api_refuses_to_tie_red_flags_to_another_persons_checkin(alice: User, bob_client: Client) -> None:
    checkin = make_checkin(alice)
    body = {"checked": ["fever"], "source": "checkin", "source_id": checkin.pk}
    assert _post_json(bob_client, f"{API}/safety/red-flags", body).status_code == 404
    assert SafetyEvent.objects.count() == 0


def test_the_event_list_is_paged_and_shapes_only_the_page_asked_for(alice_client: Client, alice: User) -> None:
    events = [_crisis(alice) for _ in range(3)]
    page = alice_client.get(f"{API}/safety/events?limit=2").json()
    assert page["count"] == 3
    assert len(page["items"]) == 2
    rest = alice_client.get(f"{API}/safety/events?limit=2&offset=2").json()["items"]
    assert {row["id"] for row in page["items"] + rest} == {e.pk for e in events}


def test_events_through_the_api_are_the_owners_only(alice_client: Client, alice: User, bob_client: Client) -> None:
    event = _crisis(alice)
    assert [row["id"] for row in alice_client.get(f"{API}/safety/events").json()["items"]] == [event.pk]
    assert bob_client.get(f"{API}/safety/events").json() == {"items": [], "count": 0}
    assert bob_client.get(f"{API}/safety/events/{event.pk}").status_code == 404
    acknowledge = f"{API}/safety/events/{event.pk}/acknowledge"
    assert _post_json(bob_client, acknowledge, {"acknowledged": True}).status_code == 404
    event.refresh_from_db()
    assert event.acknowledged_at is None


@pytest.mark.parametrize("url", ["/safety/events", "/safety/red-flags", "/safety/crisis-lines", "/safety/events/1"])
def test_anonymous_api_callers_get_401(anon_client: Client, url: str) -> None:
    assert anon_client.get(f"{API}{url}").status_code == 401


def test_the_checklist_link_for_diary_pages_carries_the_record_it_came_from(alice_client: Client, alice: User) -> None:
    from django.template.loader import render_to_string

    checkin = make_checkin(alice)
    html = render_to_string("safety/_red_flag_link.html", {"source": "checkin", "ref": checkin.pk})
    url = html.split('href="')[1].split('"')[0].replace("&amp;", "&")
    assert url == f"/safety/red-flags/?context=any_pain&from=checkin&ref={checkin.pk}"
    alice_client.post(url, {"checked": ["weight_loss"]})
    assert SafetyEvent.objects.get().source_id == checkin.pk


def test_the_checklist_groups_its_questions_under_headings(alice_client: Client) -> None:
    page = alice_client.get(reverse("safety:red_flags")).content.decode()
    assert '<h2 class="flag-group">Head, nerves and heart</h2>' in page
    assert page.index("Head, nerves and heart") < page.index('value="giant_cell_arteritis"')
    pelvic = alice_client.get(reverse("safety:red_flags") + "?context=sexual_pain").content.decode()
    assert '<h2 class="flag-group">Pelvic pain and pregnancy</h2>' in pelvic
    assert "Back and spine" not in pelvic


def test_ticking_jaw_pain_and_scalp_tenderness_over_fifty_says_see_a_doctor_today(
    alice_client: Client, alice: User,
) -> None:
    answer = alice_client.post(reverse("safety:red_flags"), {"checked": ["giant_cell_arteritis", "weight_loss"]})
    event = SafetyEvent.objects.get(user=alice)
    assert event.urgency == "same_day"
    page = alice_client.get(answer["Location"]).content.decode()
    assert "See a doctor today" in page
    assert "permanent loss of sight" in page


# --- No country, or another country's lines ---------------------------------------------------------


def test_someone_without_a_country_gets_112_911_and_a_link_to_set_it(alice_client: Client, alice: User) -> None:
    update_profile(user=alice, values={"country": "ZZ"})
    page = alice_client.get(reverse("safety:help")).content.decode()
    assert 'href="tel:112"' in page
    assert 'href="tel:911"' in page
    assert "We don&#x27;t know which country you are in" in page
    assert reverse("accounts:profile") in page


def test_the_crisis_screen_without_a_country_still_shows_numbers_and_asks_for_it(
    alice_client: Client, alice: User,
) -> None:
    update_profile(user=alice, values={"country": "ZZ"})
    page = alice_client.get(reverse("safety:crisis", args=[_crisis(alice).pk])).content.decode()
    assert 'href="tel:112"' in page
    assert "Set my country" in page


def test_a_visitor_can_look_up_the_lines_of_a_country(anon_client: Client) -> None:
    page = anon_client.get(reverse("safety:help"), {"country": "es"}).content.decode()
    assert 'href="tel:024"' in page
    assert '<option value="ES" selected>' in page


def test_an_unknown_country_code_gets_the_fallback_never_an_empty_page(anon_client: Client) -> None:
    page = anon_client.get(reverse("safety:help"), {"country": "QQ"}).content.decode()
    assert 'href="tel:112"' in page
    assert "findahelpline.com" in page


def test_a_country_whose_lines_are_unconfirmed_says_so(anon_client: Client) -> None:
    page = anon_client.get(reverse("safety:help"), {"country": "TR"}).content.decode()
    assert "could not confirm every line" in page
