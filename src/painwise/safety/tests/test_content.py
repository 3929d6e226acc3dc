"""Crisis lines and red flags: the right numbers for each country, and guidance at the right urgency."""

from __future__ import annotations

import datetime as dt

import pytest

from painwise.core.content import ContentError, validate
from painwise.safety.crisis import CrisisContent, crisis_content, crisis_lines_for
from painwise.safety.red_flags import (
    RedFlagContent,
    UnknownRedFlagError,
    evaluate_red_flags,
    red_flag_content,
    red_flags,
)

EU_MEMBERS = [
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
]


def _numbers(country: str | None) -> list[str]:
    return [line.number or "" for line in crisis_lines_for(country).lines]


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("US", ["988", "911"]),
        ("CA", ["9-8-8", "911"]),
        ("GB", ["116 123", "999"]),
        ("IE", ["116 123", "999 or 112"]),
        ("AU", ["13 11 14", "000"]),
        ("DE", ["112"]),
    ],
)
def test_each_country_gets_its_crisis_and_emergency_numbers(country: str, expected: list[str]) -> None:
    numbers = _numbers(country)
    for number in expected:
        assert number in numbers


def test_country_codes_are_matched_in_any_case() -> None:
    assert crisis_lines_for("au").id == "au"


def test_every_eu_member_gets_112() -> None:
    for country in EU_MEMBERS:
        assert any("112" in number for number in _numbers(country)), country


@pytest.mark.parametrize("country", [None, "", "ZZ", "XK", "nonsense"])
def test_unknown_countries_get_the_generic_fallback_never_an_empty_list(country: str | None) -> None:
    region = crisis_lines_for(country)
    assert region.id == "fallback"
    assert any(line.kind == "emergency" for line in region.lines)
    assert any(line.web for line in region.lines)


def test_the_crisis_screen_never_tells_anyone_their_risk_is_low() -> None:
    screen = crisis_content().screen
    text = f"{screen.title} {screen.body} {screen.clinician_prompt}".lower()
    assert "low risk" not in text
    assert "risk is low" not in text
    assert "emergency" in text
    assert "doctor" in text or "clinician" in text


def test_crisis_entries_are_sourced_and_reviewed_within_eighteen_months() -> None:
    content = crisis_content()
    for entry in [content.screen, *content.regions, content.fallback]:
        assert entry.sources
        assert dt.date.today() - entry.review_date <= dt.timedelta(days=548)


def test_a_country_listed_twice_is_refused() -> None:
    data = crisis_content().model_dump(mode="json")
    data["regions"][0]["countries"].append("CA")
    with pytest.raises(ContentError, match="country CA is in both us and ca"):
        validate(data, CrisisContent, origin="crisis_lines.yaml")


def test_a_region_without_an_emergency_number_is_refused() -> None:
    data = crisis_content().model_dump(mode="json")
    data["regions"][0]["lines"] = [line for line in data["regions"][0]["lines"] if line["kind"] != "emergency"]
    with pytest.raises(ContentError, match="region us lists no emergency number"):
        validate(data, CrisisContent, origin="crisis_lines.yaml")


# --- Red flags ------------------------------------------------------------------------------------

REQUIRED_ANY_PAIN = {
    "cauda_equina",
    "fever",
    "weight_loss",
    "cancer_history",
    "neuro_deficit",
    "major_trauma",
    "thunderclap_headache",
    "chest_pain",
    "back_pain_age_onset",
    "back_night_pain",
    "thoracic_pain",
    "infection_risk",
    "giant_cell_arteritis",
    "headache_fever_neck",
    "headache_cough_strain",
    "headache_at_risk",
    "headache_pregnancy",
}
REQUIRED_SEXUAL_PAIN = {
    "sex_bleeding",
    "sex_new_pain",
    "sex_deep_pain",
    "sex_discharge",
    "sex_sores",
    "sex_fever",
    "sex_after_birth_or_menopause",
    "ectopic_pregnancy",
    "sudden_pelvic_pain",
}


def test_the_checklist_covers_every_required_red_flag() -> None:
    assert {flag.id for flag in red_flags("any_pain")} >= REQUIRED_ANY_PAIN
    assert {flag.id for flag in red_flags("sexual_pain")} >= REQUIRED_SEXUAL_PAIN


@pytest.mark.parametrize(
    "flag_id",
    [
        "cauda_equina",
        "thunderclap_headache",
        "chest_pain",
        "neuro_deficit",
        "headache_fever_neck",
        "ectopic_pregnancy",
        "sudden_pelvic_pain",
    ],
)
def test_emergencies_say_get_help_now(flag_id: str) -> None:
    guidance = evaluate_red_flags([flag_id])
    assert guidance.urgency == "emergency"
    assert "emergency" in guidance.guidance.lower()


@pytest.mark.parametrize(
    "flag_id",
    ["giant_cell_arteritis", "cancer_history", "fever", "headache_at_risk", "headache_pregnancy", "sex_fever"],
)
def test_signs_that_cannot_wait_days_say_see_a_doctor_today(flag_id: str) -> None:
    guidance = evaluate_red_flags([flag_id])
    assert guidance.urgency == "same_day"
    assert guidance.title == "See a doctor today"
    assert "today" in guidance.guidance


def test_same_day_ranks_below_an_emergency_and_above_a_few_days() -> None:
    ranks = {level.id: level.rank for level in red_flag_content().urgency_levels}
    assert ranks["emergency"] > ranks["same_day"] > ranks["days"] > ranks["next_visit"]
    assert evaluate_red_flags(["fever", "weight_loss"]).urgency == "same_day"
    assert evaluate_red_flags(["fever", "ectopic_pregnancy"]).urgency == "emergency"


def test_giant_cell_arteritis_guidance_names_the_risk_to_sight_and_what_to_do_if_sight_changes() -> None:
    (flag,) = [f for f in red_flags("any_pain") if f.id == "giant_cell_arteritis"]
    assert "50" in flag.question
    assert "jaw" in flag.question
    assert "scalp" in flag.question
    assert "vision" in flag.question
    assert "sight" in flag.guidance
    assert "emergency" in flag.guidance


def test_the_most_urgent_ticked_flag_decides_the_guidance() -> None:
    guidance = evaluate_red_flags(["sex_deep_pain", "fever", "chest_pain"])
    assert guidance.urgency == "emergency"
    assert [flag.id for flag in guidance.flags] == ["chest_pain", "fever", "sex_deep_pain"]


def test_a_non_urgent_flag_alone_says_mention_it_at_the_next_visit() -> None:
    guidance = evaluate_red_flags(["sex_periods_bowel"])
    assert guidance.urgency == "next_visit"
    assert guidance.title == "Mention it at your next visit"


def test_a_flag_ticked_twice_is_listed_once() -> None:
    assert len(evaluate_red_flags(["fever", "fever"]).flags) == 1


def test_an_unknown_red_flag_is_refused_by_name() -> None:
    with pytest.raises(UnknownRedFlagError, match="unknown red flag: headache"):
        evaluate_red_flags(["fever", "headache"])


def test_nothing_ticked_gives_no_urgency_and_no_reassurance() -> None:
    guidance = evaluate_red_flags([])
    assert guidance.urgency is None
    assert "talk to a doctor" in guidance.guidance
    assert "nothing to worry" not in guidance.guidance.lower()


def test_every_red_flag_has_a_source_an_evidence_grade_and_a_recent_review() -> None:
    for flag in red_flag_content().flags:
        assert flag.sources
        assert flag.evidence_grade
        assert dt.date.today() - flag.review_date <= dt.timedelta(days=548)


def test_every_red_flag_cites_a_guideline_or_a_doi_not_only_a_web_page() -> None:
    for flag in red_flag_content().flags:
        assert any(source.guideline or source.doi for source in flag.sources), flag.id


def test_every_red_flag_has_its_own_question_and_guidance() -> None:
    flags = red_flag_content().flags
    assert len({flag.question for flag in flags}) == len(flags)
    assert len({flag.guidance for flag in flags}) == len(flags)


def test_a_red_flag_with_an_unknown_urgency_is_refused() -> None:
    data = red_flag_content().model_dump(mode="json")
    data["flags"][0]["urgency"] = "whenever"
    with pytest.raises(ContentError, match=r"red_flags.yaml: flags\.0\.urgency"):
        validate(data, RedFlagContent, origin="red_flags.yaml")
