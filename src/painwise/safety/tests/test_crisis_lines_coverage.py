"""Every country offered in the profile has a sourced crisis line with a number, and its emergency number."""

from __future__ import annotations

import pytest

from painwise.accounts.reference import country_choices
from painwise.core.content import ContentError, validate
from painwise.safety.crisis import CrisisContent, crisis_content, crisis_lines_for

OFFERED = [code for code, _name in country_choices() if code != "ZZ"]


def _numbers(country: str) -> str:
    return " | ".join(f"{line.number} {line.note or ''}" for line in crisis_lines_for(country).lines)


@pytest.mark.parametrize("country", OFFERED)
def test_every_offered_country_has_a_crisis_line_with_a_number_and_an_emergency_number(country: str) -> None:
    region = crisis_lines_for(country)
    assert not region.is_fallback, f"{country} has no entry of its own"
    assert region.has_phone_line, f"{country} lists no crisis or support line with a number"
    assert any(line.kind == "emergency" and line.number for line in region.lines)
    assert region.sources
    assert all(source.url or source.doi or source.guideline for source in region.sources)


def test_the_figure_for_the_docs_is_every_offered_country() -> None:
    with_number = [c for c in OFFERED if crisis_lines_for(c).has_phone_line and not crisis_lines_for(c).is_fallback]
    assert len(with_number) == len(OFFERED) == 56


def test_every_region_is_a_country_the_profile_offers() -> None:
    offered = set(OFFERED)
    for region in crisis_content().regions:
        assert set(region.countries) <= offered, region.id


def test_entries_that_could_not_be_confirmed_say_why_and_point_to_a_directory() -> None:
    for region in crisis_content().regions:
        if region.verify_again:
            assert region.verify_note, region.id
            assert any(line.web for line in region.lines), region.id


@pytest.mark.parametrize(
    ("country", "number"),
    [
        ("FR", "3114"),
        ("ES", "024"),
        ("NL", "113"),
        ("DE", "0800 111 0 111"),
        ("DE", "0800 111 0 222"),
        ("NZ", "1737"),
        ("IN", "14416"),
        ("KR", "109"),
        ("CN", "12356"),
        ("CL", "*4141"),
        ("LV", "116 123"),
    ],
)
def test_the_lines_the_safety_review_checked_are_listed(country: str, number: str) -> None:
    assert number in _numbers(country)


def test_a_short_code_with_a_star_keeps_it_in_the_link() -> None:
    assert crisis_lines_for("CL").lines[0].tel == "*4141"


@pytest.mark.parametrize("country", [None, "", "ZZ", "XK", "not a country"])
def test_no_known_country_still_gets_112_911_and_a_directory(country: str | None) -> None:
    region = crisis_lines_for(country)
    assert region.is_fallback
    numbers = [line.number for line in region.lines]
    assert "112" in numbers
    assert "911" in numbers
    assert any(line.web == "https://findahelpline.com" for line in region.lines)
    assert crisis_content().no_country.sources


def test_a_fallback_without_a_number_is_refused() -> None:
    data = crisis_content().model_dump(mode="json")
    for line in data["fallback"]["lines"]:
        line["number"] = None
    with pytest.raises(ContentError, match="the fallback lists no number to call"):
        validate(data, CrisisContent, origin="crisis_lines.yaml")


def test_a_crisis_flag_without_a_reason_sentence_is_refused() -> None:
    data = crisis_content().model_dump(mode="json")
    del data["screen"]["reasons"]["pcl5_item16_high"]
    with pytest.raises(ContentError, match="no reason sentence for pcl5_item16_high"):
        validate(data, CrisisContent, origin="crisis_lines.yaml")
