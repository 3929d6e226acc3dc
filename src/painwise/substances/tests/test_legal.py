"""Legal position lookup: country and region entries, gaps said plainly, and the laws-change notice always."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from painwise.substances.legal import is_stale, legal_position, status_label, table


def test_a_person_in_alabama_sees_federal_and_state_entries_with_the_notice() -> None:
    position = legal_position(country="us", region="al")
    assert [e.code for e in position.entries] == ["US", "US-AL"]
    assert position.entries[1].status == "banned"
    assert "Laws change; check current law" in position.notice
    assert position.gap == ""


def test_a_state_without_an_entry_is_said_plainly() -> None:
    position = legal_position(country="US", region="US-OR")
    assert [e.code for e in position.entries] == ["US"]
    assert "no entry for your state" in position.gap


def test_a_country_without_an_entry_never_implies_legality() -> None:
    position = legal_position(country="NZ")
    assert position.entries == ()
    assert "does not mean kratom is legal" in position.gap


def test_the_uk_entry_cites_the_2016_act_with_its_date_checked() -> None:
    (entry,) = legal_position(country="GB").entries
    assert status_label(entry.status).startswith("Controlled")
    assert "Psychoactive Substances Act 2016" in entry.sources[0].citation
    assert entry.review_date is not None


def test_every_us_state_ban_from_the_brief_is_present() -> None:
    for state in ("AL", "AR", "IN", "LA", "VT", "WI"):
        (_, entry) = legal_position(country="US", region=state).entries
        assert entry.status == "banned"


def test_rhode_island_regulates_kratom_under_its_2026_act_instead_of_banning_it() -> None:
    (_, entry) = legal_position(country="US", region="RI").entries
    assert entry.status == "regulated"
    assert "Rhode Island Kratom Act" in entry.summary
    assert "1 April 2026" in entry.summary
    assert "R.I. Gen. Laws ch. 21-28.12" in {s.guideline for s in entry.sources}


def test_washington_dc_says_the_sources_disagree_rather_than_guessing() -> None:
    (_, entry) = legal_position(country="US", region="DC").entries
    assert status_label(entry.status) == "Unclear: sources disagree"
    assert "possibly illegal" in entry.summary
    assert entry.verify


def test_ohio_names_its_7oh_emergency_rule_and_says_to_check_what_is_in_force() -> None:
    (_, entry) = legal_position(country="US", region="Ohio").entries
    assert entry.status == "restricted"
    assert "4729:9-1-01.1" in entry.summary
    assert "check current law" in entry.summary


def test_an_entry_checked_more_than_a_year_ago_is_stale_and_one_checked_this_year_is_not() -> None:
    entry = table().jurisdictions[0]
    today = dt.date(2026, 11, 28)
    assert is_stale(entry.model_copy(update={"review_date": dt.date(2025, 11, 27)}), today=today)
    assert not is_stale(entry.model_copy(update={"review_date": dt.date(2025, 11, 28)}), today=today)
    assert [e.code for e in table().jurisdictions if is_stale(e, today=today)] == []


def test_the_page_and_api_show_when_each_entry_was_checked_and_say_when_it_is_stale(
    alice_client: Client, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from painwise.substances import legal

    current = legal.table()
    old = [j.model_copy(update={"review_date": dt.date.today() - dt.timedelta(days=400)}) if j.code == "GB" else j
           for j in current.jurisdictions]
    monkeypatch.setattr(legal, "table", lambda: current.model_copy(update={"jurisdictions": old}))
    page = alice_client.get("/substances/legal/?country=GB").content.decode()
    assert "may be out of date" in page
    assert "Last checked" in page
    (entry,) = alice_client.get("/api/v1/substances/legal?country=GB").json()["entries"]
    assert entry["stale"] is True
    fresh = alice_client.get("/substances/legal/?country=AU").content.decode()
    assert "may be out of date" not in fresh
    assert "Last checked 21 November 2026" in fresh


def test_a_region_typed_as_its_name_is_found() -> None:
    assert [e.code for e in legal_position(country="US", region="louisiana").entries] == ["US", "US-LA"]
