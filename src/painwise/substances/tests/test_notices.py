"""Warnings appear at once: when a medication is added, and when kratom or alcohol is logged."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from painwise.core.types import User
from painwise.testing import make_entry, make_medication
from painwise.therapies.services import add_medication, log_entry


def log_kratom(user: User, *, amount: float = 3.0, unit: str = "g", form: str = "leaf_powder", reason: str = "pain",
               when: dt.datetime | None = None) -> Any:
    values = {
        "modality": "kratom",
        "amount": amount,
        "unit": unit,
        "taken_at": when or timezone.now(),
        "details": {"form": form, "reason": reason},
    }
    return log_entry(user=user, values=values)


def test_oxycodone_and_alprazolam_then_kratom_gives_a_serious_warning_at_once(alice: User) -> None:
    make_medication(alice, "Oxycodone", dose=5)
    added = add_medication(user=alice, values={"name": "Xanax", "dose": 0.5})
    assert [n.code for n in added.notices if n.level == "serious"] == ["interaction:opioid_benzodiazepine"]
    saved = log_kratom(alice)
    codes = {n.code for n in saved.notices if n.level == "serious"}
    assert {"interaction:kratom_opioid", "interaction:kratom_benzodiazepine"} <= codes
    assert saved.notices[0].level == "serious"
    assert "Between" not in saved.notices[0].body  # the body is advice, the title names the pair
    assert any("doi:10.15585/mmwr.mm6814a2" in s for n in saved.notices for s in n.sources)


def test_adding_a_medication_after_logging_kratom_warns_too(alice: User) -> None:
    log_kratom(alice)
    added = add_medication(user=alice, values={"name": "Gabapentin", "dose": 300})
    assert "interaction:kratom_gabapentinoid" in {n.code for n in added.notices}


def test_kratom_logged_more_than_the_recent_window_ago_no_longer_counts(alice: User) -> None:
    log_kratom(alice, when=timezone.now() - dt.timedelta(days=20))
    added = add_medication(user=alice, values={"name": "Oxycodone"})
    assert "interaction:kratom_opioid" not in {n.code for n in added.notices}


def test_a_matched_medication_gets_its_drug_key_stored(alice: User) -> None:
    saved = add_medication(user=alice, values={"name": "Seroquel XR", "strength": "50 mg"})
    saved.obj.refresh_from_db()
    assert saved.obj.drug_key == "quetiapine"


def test_an_unknown_medication_is_kept_and_flagged_not_checked(alice: User) -> None:
    saved = add_medication(user=alice, values={"name": "Grandma's tonic"})
    assert saved.obj.pk is not None
    assert saved.obj.drug_key == ""
    assert [n.code for n in saved.notices] == ["not_checked"]
    assert "not been checked" in saved.notices[0].body


def test_a_concentrated_7oh_product_is_flagged_as_the_highest_risk(alice: User) -> None:
    saved = log_kratom(alice, amount=30, unit="mg", form="concentrated_7oh")
    assert "kratom:higher_risk_product" in {n.code for n in saved.notices}


def test_alcohol_with_a_benzodiazepine_warns_when_the_drink_is_logged(alice: User) -> None:
    make_medication(alice, "Lorazepam", dose=1)
    saved = log_entry(
        user=alice, values={"modality": "alcohol", "amount": 2, "unit": "drinks", "taken_at": timezone.now()}
    )
    assert "interaction:benzodiazepine_alcohol" in {n.code for n in saved.notices}


def test_other_therapies_raise_no_substance_warnings(alice: User) -> None:
    make_medication(alice, "Oxycodone")
    make_entry(alice)  # a first heat entry only brings its evidence card
    entry = make_entry(alice)
    assert entry.pk is not None


def test_someone_elses_list_never_affects_my_warnings(alice: User, bob: User) -> None:
    make_medication(bob, "Oxycodone")
    saved = log_kratom(alice)
    assert not [n for n in saved.notices if n.code.startswith("interaction:")]


def test_daily_escalating_kratom_adds_a_kind_pattern_notice(alice: User) -> None:
    now = timezone.now()
    for days_ago in range(10, 0, -1):
        log_kratom(alice, amount=2 + (10 - days_ago) * 0.5, when=now - dt.timedelta(days=days_ago))
    saved = log_kratom(alice, amount=8)
    (pattern,) = [n for n in saved.notices if n.code == "kratom:dependence_signals"]
    assert pattern.level == "info"
    assert "no judgement" in pattern.body


def test_the_clinician_summary_carries_my_signals_and_warnings_only(alice: User, bob: User) -> None:
    from painwise.substances.services import clinician_summary

    make_medication(alice, "Oxycodone")
    log_kratom(alice, reason="withdrawal_relief")
    mine = clinician_summary(user=alice)
    assert [s["title"] for s in mine["dependence_signals"]] == ["You have taken kratom to ease withdrawal"]
    assert mine["interaction_warnings"][0] == {
        "severity": "serious",
        "title": "Kratom with an opioid: risk of dangerously slowed breathing",
        "items": ["Kratom", "Oxycodone"],
    }
    assert clinician_summary(user=bob) == {"dependence_signals": [], "interaction_warnings": []}


def test_adding_a_combination_product_warns_about_every_ingredient_and_stores_all_keys(alice: User) -> None:
    make_medication(alice, "Warfarin")
    make_medication(alice, "Diazepam")
    saved = add_medication(user=alice, values={"name": "Nurofen Plus"})
    saved.obj.refresh_from_db()
    assert saved.obj.drug_key == "codeine+ibuprofen"
    codes = {n.code for n in saved.notices}
    assert {"interaction:nsaid_anticoagulant", "interaction:opioid_benzodiazepine"} <= codes
    assert any("Nurofen Plus (Ibuprofen) and Warfarin" in n.body for n in saved.notices)


def test_a_combination_with_an_unknown_part_warns_and_says_which_part_was_not_checked(alice: User) -> None:
    make_medication(alice, "Warfarin")
    saved = add_medication(user=alice, values={"name": "Ibuprofen and honey"})
    assert saved.obj.drug_key == "ibuprofen"
    assert [n.code for n in saved.notices] == ["interaction:nsaid_anticoagulant", "not_checked"]
    assert saved.notices[1].title == "honey (in Ibuprofen and honey): not checked for interactions"


def test_a_notice_for_a_new_medicine_names_only_its_own_pairs(alice: User) -> None:
    log_kratom(alice)
    make_medication(alice, "Apixaban")
    saved = add_medication(user=alice, values={"name": "Alprazolam"})
    (cyp,) = [n for n in saved.notices if n.code == "interaction:kratom_cyp3a4_substrate"]
    assert "Alprazolam" in cyp.body
    assert "Apixaban" not in cyp.body
