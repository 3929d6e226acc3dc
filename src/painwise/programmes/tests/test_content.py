"""Programme content: every file loads, cites sources, is reviewed, and refers only to things that exist."""

from __future__ import annotations

import pytest

from painwise.core.content import ContentError, stale_entries, validate
from painwise.programmes.content import Programme, programmes
from painwise.safety.red_flags import red_flags
from painwise.therapies.catalog import catalog


def test_every_programme_of_the_issue_is_there() -> None:
    assert set(programmes()) == {"vaginismus", "dilators", "pelvic_floor", "sensate_focus", "acupuncture", "pacing",
                                 "kratom_taper"}


def test_every_programme_and_setback_prompt_cites_sources_and_is_reviewed() -> None:
    entries = list(programmes().values()) + [s for p in programmes().values() for s in p.setbacks]
    assert all(entry.sources for entry in entries)
    assert stale_entries(entries) == []


def test_every_red_flag_named_exists_in_the_safety_checklist() -> None:
    known = {flag.id for flag in red_flags()}
    for content in programmes().values():
        assert set(content.red_flags) <= known, content.key


def test_every_session_modality_is_in_the_therapy_catalogue() -> None:
    modalities = catalog()
    for content in programmes().values():
        assert content.modality is None or content.modality in modalities, content.key


def test_the_progression_numbers_are_content_values() -> None:
    dilators = programmes()["dilators"].rules
    assert (dilators.comfortable_sessions_needed, dilators.discomfort_max, dilators.anxiety_max) == (3, 3, 3)
    assert programmes()["acupuncture"].rules.course_max_minutes == 300  # NICE NG193: at most 5 hours


def test_a_programme_missing_its_rules_is_refused_naming_the_file_and_rule() -> None:
    data = programmes()["dilators"].model_dump(mode="json")
    data["rules"].pop("discomfort_max")
    with pytest.raises(ContentError, match=r"dilators\.yaml.*discomfort_max"):
        validate(data, Programme, origin="programmes/dilators.yaml")


def test_an_unknown_key_in_a_programme_file_is_refused() -> None:
    data = programmes()["pacing"].model_dump(mode="json") | {"dose": "4 g"}
    with pytest.raises(ContentError, match="dose"):
        validate(data, Programme, origin="programmes/pacing.yaml")
