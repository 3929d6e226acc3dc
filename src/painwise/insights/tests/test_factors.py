"""Which entries are taken as needed or are dependence-forming substances, and what "What helps me" says then."""

from __future__ import annotations

import pytest
from django.test import Client

from painwise.core.types import User
from painwise.insights.factors import medication_kind, modality_kind, schedule_is_as_needed
from painwise.insights.services import insights_for
from painwise.insights.tests.build import log_checkins, log_uses, past_days
from painwise.testing import make_medication
from painwise.therapies.models import CustomFactor


@pytest.mark.parametrize(
    "schedule",
    ["as needed", "As Needed for pain", "PRN", "prn", "p.r.n.", "1 tablet PRN up to 3 a day", "when needed",
     "when required", "as required", "if needed", "whenever needed", "as necessary", "pro re nata",
     "on demand", "when pain is bad", "if pain flares", "for flares", "for breakthrough pain"],
)
def test_a_schedule_that_says_as_needed_is_as_needed(schedule: str) -> None:
    assert schedule_is_as_needed(schedule)


@pytest.mark.parametrize(
    "schedule",
    ["", "twice daily", "every morning", "1 tablet at night", "three times a day with food", "weekly",
     "asneededly?!", "sprinkle on food", "unprnpared", "zz 7 q"],
)
def test_a_schedule_that_does_not_say_so_is_simply_not_as_needed(schedule: str) -> None:
    assert not schedule_is_as_needed(schedule)


def test_opioids_benzodiazepines_z_drugs_and_gabapentinoids_on_the_list_are_dependence_forming() -> None:
    for name in ("Oxycodone", "Xanax", "zolpidem", "Lyrica 75 mg", "Gabapentin", "Tramadol", "co-codamol 30/500"):
        assert medication_kind(name=name, schedule="", drug_key="").dependence, name
    for name in ("Ibuprofen", "Sertraline", "Paracetamol", "my own mixture"):
        assert not medication_kind(name=name, schedule="", drug_key="").dependence, name
    assert medication_kind(name="Ibuprofen", schedule="", drug_key="").medicine


def test_kratom_and_alcohol_are_dependence_forming_and_as_needed_only_for_pain_withdrawal_or_sleep() -> None:
    for reason in ("pain", "withdrawal_relief", "sleep"):
        assert modality_kind("kratom", {"reason": reason}).as_needed
        assert modality_kind("alcohol", {"reason": reason}).as_needed
    assert not modality_kind("kratom", {"reason": "energy"}).as_needed
    assert not modality_kind("alcohol", {"reason": "social"}).as_needed
    assert not modality_kind("alcohol", {}).as_needed
    assert modality_kind("kratom", {}).dependence
    assert modality_kind("alcohol", None).dependence
    assert not modality_kind("exercise", {}).dependence


@pytest.mark.django_db
def test_a_medication_taken_as_needed_is_compared_only_the_next_day(alice: User) -> None:
    days = past_days(alice, 90)
    log_checkins(alice, days)
    medication = make_medication(alice, name="Ibuprofen", schedule="when needed")
    log_uses(alice, days[::3], modality="medication", minutes=None, amount=400, unit="mg", medication=medication)
    insights = [i for i in insights_for(user=alice).report.insights if i.factor == "medication:Ibuprofen"]
    assert insights
    assert all(i.lag_days == 1 and i.as_needed for i in insights)
    assert all(i.experiment == "with_prescriber" for i in insights)


@pytest.mark.django_db
def test_an_own_factor_used_when_pain_is_bad_is_compared_only_the_next_day(alice: User) -> None:
    days = past_days(alice, 90)
    log_checkins(alice, days)
    factor = CustomFactor.objects.create(user=alice, name="Lying down", as_needed=True)
    log_uses(alice, days[::3], modality="custom", minutes=None, amount=1, unit="yes", factor=factor)
    insights = [i for i in insights_for(user=alice).report.insights if i.factor == "custom:Lying down"]
    assert insights
    assert all(i.lag_days == 1 and i.as_needed for i in insights)


@pytest.mark.django_db
def test_kratom_for_pain_links_to_its_evidence_card_and_the_withdrawal_check(alice: User, alice_client: Client) -> None:
    days = past_days(alice, 120)
    log_checkins(alice, days)
    log_uses(alice, days[::2], modality="kratom", minutes=None, amount=2, unit="g")
    from painwise.therapies.models import TherapyEntry

    for entry in TherapyEntry.objects.filter(user=alice):
        entry.details = {"form": "leaf_powder", "reason": "pain"}
        entry.save()
    insights = [i for i in insights_for(user=alice).report.insights if i.factor == "kratom"]
    assert insights
    assert all(i.as_needed and i.dependence and i.experiment == "never" for i in insights)
    assert all("helps" not in i.verdict + i.sentence for i in insights)
    page = alice_client.get("/insights/").content.decode()
    assert "may be withdrawal days" in page
    assert 'href="/substances/withdrawal-check/"' in page
    assert 'href="/evidence/kratom/"' in page
