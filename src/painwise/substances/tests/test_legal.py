"""Legal position lookup: country and region entries, gaps said plainly, and the laws-change notice always."""

from __future__ import annotations

from painwise.substances.legal import legal_position, status_label


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
    for state in ("AL", "AR", "IN", "LA", "RI", "VT", "WI"):
        (_, entry) = legal_position(country="US", region=state).entries
        assert entry.status == "banned"


def test_a_region_typed_as_its_name_is_found() -> None:
    assert [e.code for e in legal_position(country="US", region="louisiana").entries] == ["US", "US-LA"]
