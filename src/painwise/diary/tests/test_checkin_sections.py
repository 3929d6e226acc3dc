"""The check-in form's hook for other domains' optional questions (``registry.checkin_sections``), tested with a
made-up section so the diary needs no other domain: shown only when the section offers a form, saved in the
check-in's transaction (a refusal leaves nothing saved and names the field), and a notice pointing to the same
questions elsewhere is dropped after a save from the form."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Template
from django.test import Client

from painwise.accounts.services import local_today
from painwise.core.hooks import CheckinSection, Notice, registry
from painwise.core.types import User
from painwise.diary.models import CheckIn

pytestmark = pytest.mark.django_db

POINTER = "made_up:answer_elsewhere"


class LevelForm(forms.Form):
    level = forms.IntegerField(required=False, label="Made-up level")


def _section(*, offered: bool, saved: list[int]) -> CheckinSection:
    def form(user: User, day: dt.date, data: Any) -> LevelForm | None:
        return LevelForm(data, prefix="made_up") if offered else None

    def save(user: User, day: dt.date, section_form: Any) -> None:
        level = section_form.cleaned_data["level"]
        if level == 3:
            raise ValidationError({"level": "Three is not allowed on this day."})
        if level is not None:
            saved.append(level)

    # {% include %} also takes a compiled template; the hook's own sections name a template file.
    template = Template(
        "{% for field in section_form %}{{ field.label_tag }}{{ field }}{{ field.errors }}{% endfor %}"
        "{{ section_form.non_field_errors }}"
    )
    return CheckinSection(template=template, form=form, save=save, replaces_notices=(POINTER,))  # type: ignore[arg-type]


def _pointer(record: Any) -> list[Notice]:
    return [Notice(level="info", title="Answer the made-up level elsewhere", body="", code=POINTER)]


@pytest.fixture
def saved(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    levels: list[int] = []
    monkeypatch.setattr(registry, "checkin_sections", [_section(offered=True, saved=levels)])
    monkeypatch.setattr(registry, "diary_checks", [*registry.diary_checks, _pointer])
    return levels


def test_a_section_is_in_the_form_and_saved_with_the_check_in(
    alice: User,
    alice_client: Client,
    saved: list[int],
) -> None:
    url = f"/checkin/{local_today(alice).isoformat()}/"
    assert 'name="made_up-level"' in alice_client.get(url).content.decode()
    assert alice_client.post(url, {"pain_average": "5", "made_up-level": "2"}).status_code == 302
    assert CheckIn.objects.get(user=alice).pain_average == 5
    assert saved == [2]


def test_a_section_refusing_its_answer_saves_nothing_and_names_the_field(
    alice: User,
    alice_client: Client,
    saved: list[int],
) -> None:
    url = f"/checkin/{local_today(alice).isoformat()}/"
    response = alice_client.post(url, {"pain_average": "5", "made_up-level": "3"})
    assert response.status_code == 422
    assert "Three is not allowed on this day." in response.content.decode()
    assert not CheckIn.objects.filter(user=alice).exists()  # the check-in was rolled back with the section
    assert saved == []


def test_a_section_without_a_form_for_this_person_is_left_out(
    alice: User,
    alice_client: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(registry, "checkin_sections", [_section(offered=False, saved=[])])
    page = alice_client.get(f"/checkin/{local_today(alice).isoformat()}/").content.decode()
    assert "made_up-level" not in page


def test_a_notice_pointing_to_the_sections_questions_is_dropped_after_a_save_from_the_form(
    alice: User,
    alice_client: Client,
    saved: list[int],
) -> None:
    today = local_today(alice).isoformat()
    page = alice_client.post(f"/checkin/{today}/", {"pain_average": "5"}, follow=True).content.decode()
    assert "Saved your check-in" in page
    assert "Answer the made-up level elsewhere" not in page
    body = alice_client.post(
        "/api/v1/checkins",
        {"day": (local_today(alice) - dt.timedelta(days=1)).isoformat(), "pain_average": 4},
        content_type="application/json",
    ).json()
    assert POINTER in [n["code"] for n in body["notices"]]  # made without the form, the pointer stays
