"""Evidence pages and routes as the owner, another person and anonymous; cards open from the therapy log."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client

from painwise.core.types import User
from painwise.evidence.cards import card_slugs
from painwise.testing import make_entry


@pytest.mark.parametrize("url", ["/evidence/", "/evidence/kratom/"])
def test_anonymous_visitors_are_sent_to_sign_in(anon_client: Client, url: str) -> None:
    response = anon_client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_every_card_page_opens_with_grades_safety_and_sources(alice_client: Client) -> None:
    for slug in card_slugs():
        page = alice_client.get(f"/evidence/{slug}/").content.decode()
        assert "How good is the evidence?" in page
        assert "When to get medical help" in page
        assert "Reviewed" in page
        assert "Sources" in page


def test_the_kratom_card_page_never_nudges_and_states_the_addiction_evidence(alice_client: Client) -> None:
    page = alice_client.get("/evidence/kratom/").content.decode()
    assert "Painwise does not recommend starting this." in page
    assert "no risk of addiction is false" in " ".join(page.split())
    assert "doi:10.1016/j.drugalcdep.2014.03.017" in page
    assert "/log/kratom/" not in page


def test_an_unknown_card_is_404(alice_client: Client) -> None:
    assert alice_client.get("/evidence/custom/").status_code == 404


def test_the_index_lists_every_card_with_its_grade(alice_client: Client, bob_client: Client) -> None:
    for client in (alice_client, bob_client):
        page = client.get("/evidence/").content.decode()
        assert page.count('class="card"') == len(card_slugs())
        assert "Moderate evidence" in page


def test_the_first_entry_of_a_therapy_links_to_its_card_and_the_second_does_not(alice: User) -> None:
    from django.utils import timezone

    from painwise.therapies.services import log_entry

    values = {"modality": "acupuncture", "duration_minutes": 30, "taken_at": timezone.now()}
    first = log_entry(user=alice, values=values)
    (notice,) = [n for n in first.notices if n.code == "evidence:acupuncture"]
    assert notice.link == "/evidence/acupuncture/"
    assert "moderate evidence" in notice.title
    second = log_entry(user=alice, values=values)
    assert not [n for n in second.notices if n.code.startswith("evidence:")]


def test_another_persons_entries_do_not_count_as_my_first(alice: User, bob: User) -> None:
    make_entry(bob)
    from django.utils import timezone

    from painwise.therapies.services import log_entry

    first = log_entry(
        user=alice,
        values={
            "modality": "heat_cold",
            "duration_minutes": 20,
            "taken_at": timezone.now(),
            "details": {"kind": "heat"},
        },
    )
    assert [n.code for n in first.notices] == ["evidence:heat_cold"]


def test_the_evidence_link_tag_names_the_grade_and_skips_unknown_slugs() -> None:
    template = Template("{% load evidence_tags %}{% evidence_link slug %}")
    link = template.render(Context({"slug": "exercise"}))
    assert 'href="/evidence/exercise/"' in link
    assert "strong evidence" in link
    assert template.render(Context({"slug": "custom"})).strip() == ""


def test_api_lists_cards_for_signed_in_people_only(
    alice_client: Client, bob_client: Client, anon_client: Client,
) -> None:
    cards = alice_client.get("/api/v1/evidence").json()
    assert {c["slug"] for c in cards} == set(card_slugs())
    assert bob_client.get("/api/v1/evidence").status_code == 200
    assert anon_client.get("/api/v1/evidence").status_code == 401


def test_api_card_carries_grades_per_condition_and_the_safety_box(alice_client: Client, anon_client: Client) -> None:
    card = alice_client.get("/api/v1/evidence/acupuncture").json()
    assert {g["condition"]: g["grade"] for g in card["grades"]}["Fibromyalgia"] == "weak"
    assert card["safety"]["when_to_seek_care"]
    assert alice_client.get("/api/v1/evidence/nonsense").status_code == 404
    assert anon_client.get("/api/v1/evidence/acupuncture").status_code == 401
