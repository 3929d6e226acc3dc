"""Substance and interaction routes under /api/v1 as the owner, another person and anonymous."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from painwise.accounts.services import create_api_token
from painwise.core.types import User
from painwise.substances.models import WithdrawalCheck
from painwise.substances.services import record_withdrawal_check
from painwise.substances.withdrawal import content
from painwise.testing import make_medication

API = "/api/v1"
READ_ROUTES = [
    "/interactions",
    "/drugs?q=oxy",
    "/substances/kratom",
    "/substances/withdrawal-checks",
    "/substances/legal",
]


def zeros() -> dict[str, int]:
    return {item.key: 0 for item in content().check.items}


def post(client: Client, url: str, data: dict[str, Any], **extra: Any) -> Any:
    return client.post(API + url, data=json.dumps(data), content_type="application/json", **extra)


@pytest.mark.parametrize("route", READ_ROUTES)
def test_anonymous_callers_get_401(anon_client: Client, route: str) -> None:
    assert anon_client.get(API + route).status_code == 401


def test_listing_oxycodone_and_alprazolam_then_logging_kratom_returns_serious_notices(alice_client: Client) -> None:
    post(alice_client, "/medications", {"name": "Oxycodone", "dose": 5})
    added = post(alice_client, "/medications", {"name": "alprazolam", "dose": 0.5}).json()
    assert added["drug_key"] == "alprazolam"
    assert added["notices"][0]["level"] == "serious"
    logged = post(
        alice_client,
        "/entries",
        {"modality": "kratom", "amount": 3, "unit": "g", "details": {"form": "leaf_powder", "reason": "pain"}},
    )
    assert logged.status_code == 201
    serious = [n for n in logged.json()["notices"] if n["level"] == "serious"]
    assert {n["code"] for n in serious} >= {"interaction:kratom_opioid", "interaction:kratom_benzodiazepine"}
    assert all(n["sources"] for n in serious)


def test_the_interactions_route_lists_warnings_serious_first_and_unchecked_names(
    alice_client: Client, alice: User,
) -> None:
    for name in ("Oxycodone", "Xanax", "Grandma's tonic"):
        make_medication(alice, name)
    body = alice_client.get(API + "/interactions").json()
    assert body["serious"] == 1
    assert body["warnings"][0]["severity"] == "serious"
    assert body["not_checked"] == ["Grandma's tonic"]
    assert body["warnings"][0]["sources"][0]["doi"]


def test_token_callers_get_only_their_own_warnings(client: Client, alice: User, bob: User) -> None:
    make_medication(alice, "Oxycodone")
    make_medication(alice, "Xanax")
    _, token = create_api_token(user=bob, name="script")
    body = client.get(API + "/interactions", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert body["warnings"] == []


def test_one_medications_interactions_are_for_its_owner_only(
    alice_client: Client, bob_client: Client, anon_client: Client, alice: User,
) -> None:
    oxycodone = make_medication(alice, "Oxycodone")
    make_medication(alice, "Xanax")
    url = f"{API}/medications/{oxycodone.pk}/interactions"
    assert [w["rule_id"] for w in alice_client.get(url).json()["warnings"]] == ["opioid_benzodiazepine"]
    assert bob_client.get(url).status_code == 404
    assert anon_client.get(url).status_code == 401


def test_drug_search_matches_brands_in_any_case(alice_client: Client) -> None:
    found = alice_client.get(API + "/drugs?q=LYRICA").json()
    assert found[0]["key"] == "pregabalin"
    assert "Gabapentinoid" in found[0]["classes"]


def test_the_kratom_route_returns_my_totals_and_signals(alice_client: Client, bob_client: Client, alice: User) -> None:
    from painwise.therapies.services import log_entry

    log_entry(
        user=alice,
        values={
            "modality": "kratom",
            "amount": 2.5,
            "unit": "g",
            "taken_at": timezone.now(),
            "details": {"form": "capsule", "reason": "withdrawal_relief"},
        },
    )
    mine = alice_client.get(API + "/substances/kratom").json()
    assert mine["daily"][-1]["grams"] == 2.5
    assert [s["key"] for s in mine["signals"]] == ["withdrawal_relief"]
    theirs = bob_client.get(API + "/substances/kratom").json()
    assert theirs["signals"] == []
    assert sum(d["grams"] for d in theirs["daily"]) == 0


def test_a_withdrawal_check_is_created_listed_and_refused_when_incomplete(alice_client: Client, alice: User) -> None:
    created = post(alice_client, "/substances/withdrawal-checks", {"answers": zeros() | {"diarrhoea": 3}})
    assert created.status_code == 201
    assert created.json()["total"] == 3
    assert len(alice_client.get(API + "/substances/withdrawal-checks").json()) == 1
    refused = post(alice_client, "/substances/withdrawal-checks", {"answers": {"diarrhoea": 3}})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "answers"]
    assert WithdrawalCheck.objects.filter(user=alice).count() == 1


def test_another_person_cannot_list_or_delete_my_checks(
    alice_client: Client, bob_client: Client, anon_client: Client, alice: User,
) -> None:
    check = record_withdrawal_check(user=alice, answers=zeros())
    assert bob_client.get(API + "/substances/withdrawal-checks").json() == []
    url = f"{API}/substances/withdrawal-checks/{check.pk}"
    assert bob_client.delete(url).status_code == 404
    assert anon_client.delete(url).status_code == 401
    assert WithdrawalCheck.objects.filter(pk=check.pk).exists()
    assert alice_client.delete(url).status_code == 204


def test_the_legal_route_defaults_to_my_country_and_always_says_laws_change(alice_client: Client) -> None:
    body = alice_client.get(API + "/substances/legal?region=WI").json()
    assert [e["code"] for e in body["entries"]] == ["US", "US-WI"]
    assert "Laws change; check current law" in body["notice"]
    assert alice_client.get(API + "/substances/legal?country=AU").json()["entries"][0]["status"] == "banned"


def test_a_combinations_interactions_cover_every_ingredient_and_name_the_unchecked_part(
    alice_client: Client, alice: User,
) -> None:
    product = make_medication(alice, "Nurofen Plus and honey")
    make_medication(alice, "Warfarin")
    make_medication(alice, "Diazepam")
    body = alice_client.get(f"{API}/medications/{product.pk}/interactions").json()
    assert {w["rule_id"] for w in body["warnings"]} == {"nsaid_anticoagulant", "opioid_benzodiazepine", ""}
    assert body["warnings"][-1]["title"] == "honey (in Nurofen Plus and honey): not checked for interactions"
    assert body["not_checked"] == ["honey (in Nurofen Plus and honey)"]
    pairs = [p["items"] for w in body["warnings"] for p in w["pairs"]]
    assert ["Nurofen Plus and honey (Codeine)", "Diazepam"] in pairs


def test_drug_search_lists_a_combination_products_ingredients(alice_client: Client) -> None:
    found = alice_client.get(API + "/drugs?q=percocet").json()
    assert found[0]["key"] == "percocet"
    assert found[0]["ingredients"] == ["Oxycodone", "Paracetamol"]
