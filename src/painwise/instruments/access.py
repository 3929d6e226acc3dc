from __future__ import annotations

from typing import Any

from painwise.core.access import get_owned
from painwise.instruments.models import QuestionnaireResponse


def get_response_for_user(user: Any, response_id: Any) -> QuestionnaireResponse:
    """The person's own questionnaire response, or Http404 (also for other people and anonymous visitors)."""
    return get_owned(QuestionnaireResponse, user=user, pk=response_id)
