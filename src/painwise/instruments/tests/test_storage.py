"""What is stored: answers, totals, the instrument and safety details encrypted at rest; baseline on onboarding."""

from __future__ import annotations

import pytest
from django.db import connection

from painwise.core.types import User
from painwise.instruments.catalog import get_instrument
from painwise.instruments.models import QuestionnaireResponse
from painwise.instruments.services import save_response
from painwise.safety.models import SafetyEvent

pytestmark = pytest.mark.django_db


def _raw(table: str, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 - fixed names, no user input
        return str(cursor.fetchone()[0])


def test_answers_total_and_instrument_are_unreadable_in_the_database_but_read_back(alice: User) -> None:
    save_response(user=alice, instrument=get_instrument("phq9"), answers=[1] * 8 + [2], draft=False)
    raw_answers = _raw("instruments_questionnaireresponse", "answers")
    assert "phq9_9" not in raw_answers
    assert "10" not in _raw("instruments_questionnaireresponse", "total")
    assert "phq9" not in _raw("instruments_questionnaireresponse", "instrument")
    stored = QuestionnaireResponse.objects.get()
    assert (stored.instrument, stored.total, stored.answers["phq9_9"]) == ("phq9", 10.0, 2)


def test_what_the_crisis_screen_showed_is_encrypted_at_rest(alice: User) -> None:
    save_response(user=alice, instrument=get_instrument("phq9"), answers=[0] * 8 + [1], draft=False)
    assert "phq9_item9_positive" not in _raw("safety_safetyevent", "details")
    assert SafetyEvent.objects.get().details["flags"] == ["phq9_item9_positive"]


def test_a_draft_with_a_positive_item9_still_raises_the_crisis_screen(alice: User) -> None:
    saved = save_response(user=alice, instrument=get_instrument("phq9"), answers=[None] * 8 + [1], draft=True)
    assert saved.crisis is not None
    assert saved.response.total is None


def test_a_draft_with_item9_not_yet_answered_raises_nothing(alice: User) -> None:
    saved = save_response(user=alice, instrument=get_instrument("phq9"), answers=[1, 1] + [None] * 7, draft=True)
    assert saved.crisis is None
    assert SafetyEvent.objects.count() == 0
