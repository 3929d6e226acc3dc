from __future__ import annotations

from typing import TYPE_CHECKING, Any

from painwise.core.access import get_owned
from painwise.instruments.models import QuestionnaireResponse

if TYPE_CHECKING:
    from painwise.core.types import User



def get_response_for_user(user: User, response_id: Any) -> QuestionnaireResponse:
    """The person's own questionnaire response, or Http404 (also for other people and anonymous visitors)."""
    return get_owned(QuestionnaireResponse, user=user, pk=response_id)
