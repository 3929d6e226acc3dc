"""After a session that bled, hurt sharply or was stopped for pain: the sexual-pain warning signs, at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from painwise.core.content import ContentError, validate
from painwise.core.types import User
from painwise.exchange.services import export_user, import_into
from painwise.safety.red_flags import RedFlagContent, entry_prompts_for, red_flag_content
from painwise.testing import make_user, send
from painwise.therapies.catalog import catalog
from painwise.therapies.services import log_entry

CODE = "red_flags:sexual_pain_warning"
PROMPTED = ["dilator", "sexual_activity", "sensate_focus", "pelvic_floor_relaxation", "pelvic_floor_strengthening"]


def _log(user: User, modality: str, **details: Any) -> list[Any]:
    required: dict[str, dict[str, Any]] = {
        "dilator": {"size": 2}, "sexual_activity": {"kind": "solo"}, "sensate_focus": {"stage": 3}}
    values = {"modality": modality, "taken_at": timezone.now(), "details": {**required.get(modality, {}), **details}}
    return [n for n in log_entry(user=user, values=values).notices if n.code == CODE]


@pytest.mark.parametrize(
    ("modality", "details"),
    [
        ("dilator", {"stopped_early": True, "stop_reason": "pain"}),
        ("dilator", {"bleeding": True}),
        ("dilator", {"pain_quality": ["pressure", "tearing"]}),
        ("sexual_activity", {"pain_quality": ["sharp"]}),
        ("sexual_activity", {"bleeding": True}),
        ("sensate_focus", {"bleeding": True}),
    ],
)
def test_bleeding_sharp_or_tearing_pain_or_stopping_for_pain_shows_the_warning_signs(
    alice: User, modality: str, details: dict[str, Any],
) -> None:
    (notice,) = _log(alice, modality, **details)
    assert notice.level == "caution"
    assert "go back one dilator size" in notice.body
    assert "see your clinician" in notice.body
    assert "Bleeding after sex, between periods or after the menopause" in notice.body
    assert notice.link == reverse("safety:red_flags") + "?context=sexual_pain"
    assert any("10.1037/a0034292" in source for source in notice.sources)


@pytest.mark.parametrize(
    ("modality", "details"),
    [
        ("dilator", {"discomfort": 3, "pain_quality": ["pressure"]}),
        ("dilator", {"stopped_early": True, "stop_reason": "anxiety"}),
        ("dilator", {"bleeding": False}),
        ("sexual_activity", {"pain_quality": ["aching", "burning"]}),
    ],
)
def test_expected_discomfort_or_stopping_for_other_reasons_raises_no_warning(
    alice: User, modality: str, details: dict[str, Any],
) -> None:
    assert _log(alice, modality, **details) == []


def test_therapies_outside_the_pelvic_programme_never_show_it(alice: User) -> None:
    values = {"modality": "acupuncture", "taken_at": timezone.now(), "duration_minutes": 30}
    assert [n for n in log_entry(user=alice, values=values).notices if n.code == CODE] == []


def test_the_api_returns_the_warning_in_notices(alice_client: Client, alice: User) -> None:
    entry = {"modality": "dilator", "taken_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
             "details": {"size": 3, "stopped_early": True, "stop_reason": "pain"}}
    body = send(alice_client, "post", "/api/v1/entries", entry).json()
    assert [n["code"] for n in body["notices"] if n["code"] == CODE] == [CODE]


def test_the_browser_shows_the_warning_with_a_link_to_the_checklist(alice_client: Client, alice: User) -> None:
    form = {"taken_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "detail_size": "2",
            "detail_bleeding": "yes"}
    page = alice_client.post(reverse("therapies:log", args=["dilator"]), form, follow=True).content.decode()
    assert "Bleeding or sharp pain is a reason to step back and get checked" in page
    assert 'href="/safety/red-flags/?context=sexual_pain"' in page


def test_editing_an_entry_to_add_bleeding_shows_the_warning(alice: User) -> None:
    from painwise.therapies.services import update_entry

    entry = log_entry(user=alice, values={"modality": "dilator", "taken_at": timezone.now(),
                                          "details": {"size": 2}}).obj
    saved = update_entry(entry=entry, values={"details": {"size": 2, "bleeding": True}})
    assert [n.code for n in saved.notices if n.code == CODE] == [CODE]


def test_an_import_with_a_painful_session_returns_the_warning(alice: User) -> None:
    source = make_user("source")
    log_entry(user=source, values={"modality": "sexual_activity", "taken_at": timezone.now(),
                                   "details": {"kind": "partnered", "pain_quality": ["tearing"]}})
    summary = import_into(user=alice, data=export_user(user=source, fmt="json").content, fmt="json")
    assert CODE in [n.code for n in summary.notices]


@pytest.mark.parametrize("modality", PROMPTED)
def test_the_pelvic_and_sexual_log_forms_link_to_their_warning_signs(alice_client: Client, modality: str) -> None:
    page = alice_client.get(reverse("therapies:log", args=[modality])).content.decode()
    assert '/safety/red-flags/?context=sexual_pain"' in page


def test_other_log_forms_do_not_show_the_pelvic_warning_signs(alice_client: Client) -> None:
    page = alice_client.get(reverse("therapies:log", args=["exercise"])).content.decode()
    assert "context=sexual_pain" not in page


def test_every_trigger_names_a_detail_field_and_value_of_the_catalog() -> None:
    therapies = catalog()
    for prompt in red_flag_content().entry_prompts:
        assert set(prompt.modalities) <= set(therapies), prompt.id
        for trigger in prompt.triggers:
            specs = [f for slug in prompt.modalities for f in therapies[slug].fields if f.name == trigger.field]
            assert specs, f"{prompt.id}: no modality has a field {trigger.field}"
            for spec in specs:
                wanted = trigger.includes if trigger.includes is not None else trigger.equals
                assert (spec.type == "bool" and isinstance(wanted, bool)) or wanted in spec.choices, trigger


def test_entry_prompts_are_sourced_and_name_only_real_red_flags() -> None:
    data = red_flag_content().model_dump(mode="json")
    assert all(prompt["sources"] for prompt in data["entry_prompts"])
    data["entry_prompts"][0]["flags"].append("sex_unheard_of")
    with pytest.raises(ContentError, match="names unknown red flags: sex_unheard_of"):
        validate(data, RedFlagContent, origin="red_flags.yaml")


def test_a_trigger_matches_only_its_own_value_and_type() -> None:
    assert entry_prompts_for("dilator", {"bleeding": True})
    assert not entry_prompts_for("dilator", {"bleeding": 1})
    assert not entry_prompts_for("dilator", {"pain_quality": "sharp"})
    assert not entry_prompts_for("exercise", {"bleeding": True})
    ((prompt, flags),) = entry_prompts_for("sexual_activity", {"pain_quality": ["sharp"]})
    assert prompt.id == "sexual_pain_warning"
    assert [flag.id for flag in flags][:2] == ["sex_bleeding", "sex_fever"]
