"""A POST-only address opened with GET answers a page in Painwise's look, not the browser's blank page."""

from __future__ import annotations

import pytest
from django.test import Client

from painwise.core.types import User
from painwise.diary.models import CheckIn
from painwise.testing import make_checkin

pytestmark = pytest.mark.django_db

POST_ONLY = "/insights/difference/"


def test_a_post_only_address_opened_as_a_page_says_what_happened_and_links_home(alice_client: Client) -> None:
    response = alice_client.get(POST_ONLY)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" in response
    page = response.content.decode()
    assert "<h1>This address cannot be opened like this</h1>" in page
    assert "Nothing was changed in your diary." in page
    assert '<a class="button" href="/">Go to the home page</a>' in page
    assert '<nav' in page  # the site's own navigation, as on every page


def test_the_405_page_is_the_same_for_anothers_record_and_changes_nothing(alice: User, alice_client: Client,
                                                                         bob_client: Client) -> None:
    checkin = make_checkin(alice, notes="alice's private note")
    theirs = bob_client.get(f"/checkins/{checkin.pk}/delete/")
    missing = bob_client.get("/checkins/2147483000/delete/")
    assert theirs.status_code == missing.status_code == 405  # nothing tells Bob the record exists
    assert "alice" not in theirs.content.decode().lower()
    assert alice_client.get(f"/checkins/{checkin.pk}/delete/").status_code == 405
    assert CheckIn.objects.filter(pk=checkin.pk).exists()


def test_anonymous_visitors_are_still_sent_to_sign_in_first(anon_client: Client) -> None:
    response = anon_client.get(POST_ONLY)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_api_keeps_its_own_answer_for_a_wrong_method(alice_client: Client) -> None:
    response = alice_client.delete("/api/v1/insights")
    assert response.status_code == 405
    assert b"<html" not in response.content
