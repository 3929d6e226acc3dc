from __future__ import annotations

from typing import Any

from painwise.accounts.models import ApiToken
from painwise.core.access import get_owned


def get_token_for_user(user: Any, token_id: Any) -> ApiToken:
    return get_owned(ApiToken, user=user, pk=token_id)
