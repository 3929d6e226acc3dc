"""Substance pages as the owner, as another person and as an anonymous visitor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from painwise.core.types import User
from painwise.substances.models import WithdrawalCheck
from painwise.substances.services import record_withdrawal_check
from painwise.substances.withdrawal import content
from painwise.testing import make_medication
from painwise.therapies.models import Medication
from painwise.therapies.services import log_entry

PAGES = [
    "/substances/interactions/",
    "/substances/drugs/search/?q=oxy",
    "/substances/kratom/",
    "/substances/kratom/chart.svg",
    "/substances/withdrawal-check/",
    "/substances/legal/",
]


def all_zero() -> dict[str, int]:
    return {item.key: 0 for item in content().check.items}


def kratom(user: User, days_ago: int = 0, amount: float = 3.0) -> None:
    log_entry(
        user=user,
        values={
            "modality": "kratom",
            "amount": amount,
            "unit": "g",
            "taken_at": timezone.now() - dt.timedelta(days=days_ago),
            "details": {"form": "leaf_powder", "reason": "pain"},
        },
    )


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(anon_client: Client, url: str) -> None:
    response = anon_client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_interactions_page_lists_warnings_and_flags_unchecked_names(alice_client: Client, alice: User) -> None:
    make_medication(alice, "Oxycodone")
    make_medication(alice, "Xanax")
    make_medication(alice, "Grandma's tonic")
    page = alice_client.get("/substances/interactions/").content.decode()
    assert "Serious interaction" in page
    assert "Opioid with a benzodiazepine" in page
    assert "Not checked for interactions" in page
    assert "Checked as Alprazolam" in page


def test_another_person_sees_none_of_alices_medicines_or_warnings(bob_client: Client, alice: User) -> None:
    make_medication(alice, "Oxycodone")
    make_medication(alice, "Xanax")
    page = bob_client.get("/substances/interactions/").content.decode()
    assert "Xanax" not in page
    assert "Serious interaction" not in page


def test_search_offers_to_add_a_drug_with_its_key_filled_in(alice_client: Client) -> None:
    results = alice_client.get("/substances/drugs/search/?q=xan").content.decode()
    assert "Add Alprazolam" in results
    form = alice_client.get("/substances/interactions/?add=alprazolam").content.decode()
    assert 'value="alprazolam"' in form
    assert 'value="Alprazolam"' in form


def test_search_for_an_unknown_name_says_it_can_still_be_added(alice_client: Client) -> None:
    results = alice_client.get("/substances/drugs/search/?q=zzqx").content.decode()
    assert "not checked for interactions" in results


def test_adding_from_the_page_saves_to_my_list_and_shows_the_warning_next(alice_client: Client, alice: User) -> None:
    make_medication(alice, "Oxycodone")
    response = alice_client.post(
        "/substances/interactions/", {"name": "Alprazolam", "unit": "mg", "drug_key": "alprazolam"}, follow=True
    )
    assert "alprazolam" in [m.drug_key for m in Medication.objects.filter(user=alice)]
    assert '<p class="notice-kind">Important</p>' in response.content.decode()  # a serious warning card


def test_a_negative_dose_is_refused_with_the_field_named(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/substances/interactions/", {"name": "Ibuprofen", "unit": "mg", "dose": "-5"})
    assert response.status_code == 422
    assert "Usual dose" in response.content.decode()
    assert not Medication.objects.filter(user=alice).exists()


def test_the_kratom_page_shows_totals_signals_support_and_the_law(alice_client: Client, alice: User) -> None:
    for days_ago in range(9, -1, -1):
        kratom(alice, days_ago=days_ago)
    page = alice_client.get("/substances/kratom/").content.decode()
    assert "You have used kratom every day for a while" in page
    assert "Talk to your clinician" in page
    assert "SAMHSA" in page
    assert "Laws change; check current law" in page
    assert "What the evidence says" in page


def test_the_kratom_page_without_entries_raises_no_signal(alice_client: Client) -> None:
    page = alice_client.get("/substances/kratom/").content.decode()
    assert "You have not logged kratom" in page
    assert "every day for a while" not in page


def test_the_kratom_chart_is_an_svg_of_my_own_data(alice_client: Client, bob_client: Client, alice: User) -> None:
    kratom(alice)
    mine = alice_client.get("/substances/kratom/chart.svg")
    assert mine["Content-Type"] == "image/svg+xml"
    assert b"Kratom per day" in mine.content
    theirs = bob_client.get("/substances/kratom/chart.svg")
    assert theirs.status_code == 200
    assert theirs.content != mine.content  # bob's chart is drawn from bob's (empty) log


def test_the_kratom_page_shows_my_plans_physiotherapy_and_cbt_alongside(alice_client: Client, alice: User) -> None:
    from painwise.plan.services import add_part

    kratom(alice)
    add_part(user=alice, values={"kind": "therapy", "choice": "physiotherapy", "schedule": "weekdays",
                                 "weekdays": "024", "suggested_by": "physiotherapist"})
    add_part(user=alice, values={"kind": "therapy", "choice": "cbt_practice", "schedule": "every", "every_days": 2})
    add_part(user=alice, values={"kind": "checkin", "choice": "checkin", "schedule": "weekdays", "weekdays": "0123456"})
    page = alice_client.get("/substances/kratom/").content.decode()
    section = page.split('id="support-heading"')[1].split("</section>")[0]
    assert "Physiotherapy" in section
    assert "Mon, Wed, Fri" in section
    assert "physiotherapist suggested it" in section
    assert "CBT" in section
    assert "every 2 days" in section
    assert "check-in" not in section.lower()
    assert "Add physiotherapy or CBT skills" not in section


def test_the_kratom_page_offers_physiotherapy_and_cbt_when_the_plan_has_none(
    alice_client: Client, bob_client: Client, alice: User,
) -> None:
    from painwise.plan.services import add_part

    add_part(user=alice, values={"kind": "therapy", "choice": "physiotherapy", "schedule": "weekdays",
                                 "weekdays": "0"})
    alices = alice_client.get("/substances/kratom/").content.decode()
    assert "Add physiotherapy or CBT skills to my plan" not in alices
    page = bob_client.get("/substances/kratom/").content.decode()
    section = page.split('id="support-heading"')[1].split("</section>")[0]
    assert "Add physiotherapy or CBT skills to my plan" in section
    assert "/plan/parts/new/therapy/" in section
    assert "Physiotherapy</a>" not in section  # nothing of alice's plan


def test_another_persons_kratom_page_shows_nothing_of_alice(bob_client: Client, alice: User) -> None:
    for days_ago in range(9, -1, -1):
        kratom(alice, days_ago=days_ago)
    page = bob_client.get("/substances/kratom/").content.decode()
    assert "You have not logged kratom" in page


def test_a_withdrawal_check_is_saved_and_listed(alice_client: Client, alice: User) -> None:
    answers = all_zero() | {"muscle_aches": 2, "insomnia": 3}
    response = alice_client.post("/substances/withdrawal-check/", answers, follow=True)
    assert "Saved your check: 5 of 24 points" in response.content.decode()
    assert WithdrawalCheck.objects.get(user=alice).total == 5


def test_an_incomplete_withdrawal_check_is_refused_and_nothing_saved(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/substances/withdrawal-check/", {"muscle_aches": 2})
    assert response.status_code == 422
    assert "Nothing was saved" in response.content.decode()
    assert not WithdrawalCheck.objects.exists()


def test_only_the_owner_can_delete_a_withdrawal_check(
    alice_client: Client, bob_client: Client, anon_client: Client, alice: User,
) -> None:
    check = record_withdrawal_check(user=alice, answers=all_zero())
    url = f"/substances/withdrawal-check/{check.pk}/delete/"
    assert bob_client.post(url).status_code == 404
    assert anon_client.post(url).status_code == 302
    assert WithdrawalCheck.objects.filter(pk=check.pk).exists()
    assert alice_client.post(url).status_code == 302
    assert not WithdrawalCheck.objects.filter(pk=check.pk).exists()


def test_another_person_does_not_see_alices_checks(bob_client: Client, alice: User) -> None:
    record_withdrawal_check(user=alice, answers=all_zero() | {"low_mood": 3})
    page = bob_client.get("/substances/withdrawal-check/").content.decode()
    assert "Earlier checks" not in page


def test_the_legal_page_shows_my_country_and_can_look_up_another(alice_client: Client) -> None:
    mine = alice_client.get("/substances/legal/").content.decode()
    assert "United States (federal)" in mine
    assert "Laws change; check current law" in mine
    other = alice_client.get("/substances/legal/?country=GB").content.decode()
    assert "Psychoactive Substances Act 2016" in other
    unknown = alice_client.get("/substances/legal/?country=NZ").content.decode()
    assert "does not mean kratom is legal" in unknown


def test_the_home_page_mentions_serious_interactions_only_to_their_owner(
    alice_client: Client, bob_client: Client, alice: User,
) -> None:
    make_medication(alice, "Oxycodone")
    make_medication(alice, "Xanax")
    assert "serious interaction" in alice_client.get("/").content.decode()
    assert "serious interaction" not in bob_client.get("/").content.decode()


def test_extracts_get_their_own_milligram_axis_in_the_chart(alice_client: Client, alice: User) -> None:
    log_entry(
        user=alice,
        values={
            "modality": "kratom",
            "amount": 250,
            "unit": "mg",
            "taken_at": timezone.now(),
            "details": {"form": "extract", "reason": "energy"},
        },
    )
    svg = alice_client.get("/substances/kratom/chart.svg").content
    assert b"extract mg per day" in svg
    assert "Extracts (mg)" in alice_client.get("/substances/kratom/").content.decode()


def test_the_list_shows_every_recognised_ingredient_and_flags_an_unknown_part(
    alice_client: Client, alice: User,
) -> None:
    make_medication(alice, "paracetamol/codeine")
    make_medication(alice, "Ibuprofen and honey")
    page = alice_client.get("/substances/interactions/").content.decode()
    assert "Checked as Paracetamol + Codeine" in page
    assert "Checked as Ibuprofen" in page
    assert "“honey”: not checked for interactions" in page


def test_picking_a_combination_from_search_fills_in_its_name_and_ingredients(alice_client: Client) -> None:
    results = alice_client.get("/substances/drugs/search/?q=co-codamol").content.decode()
    assert "Contains Codeine + Paracetamol" in results
    page = alice_client.get("/substances/interactions/?add=co_codamol").content.decode()
    assert 'value="Co-codamol"' in page
    assert 'value="codeine+paracetamol"' in page


def test_a_caution_for_several_medicines_is_one_warning_listing_each(alice_client: Client, alice: User) -> None:
    make_medication(alice, "Apixaban")
    make_medication(alice, "Alprazolam")
    kratom(alice)
    page = alice_client.get("/substances/interactions/").content.decode()
    assert page.count("Kratom with a medicine cleared by CYP3A4") == 1
    assert "kratom and Apixaban" in page.replace("Kratom and", "kratom and")
    assert "Alprazolam" in page
