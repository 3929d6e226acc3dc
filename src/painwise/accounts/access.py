from __future__ import annotations

from typing import TYPE_CHECKING, Any

from painwise.accounts.models import ApiToken
from painwise.core.access import get_owned

if TYPE_CHECKING:
    from painwise.core.types import User



def get_token_for_user(user: User, token_id: Any) -> ApiToken:
    return get_owned(ApiToken, user=user, pk=token_id)


REAUTHENTICATE_MESSAGE = (
    "Confirm your password first: open /accounts/reauthenticate/ in the browser, then try again within 5 minutes."
)


def recently_confirmed(request: Any) -> bool:
    """Whether the signed-in person entered their password (or a two-factor code) in the last few minutes."""
    from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate

    return bool(request.user.is_authenticated and did_recently_reauthenticate(request))


def require_recent_confirmation(request: Any) -> None:
    """For API routes that hand out everything (export) or mint credentials (tokens).

    A browser session must have confirmed the password recently (403 otherwise); a personal API token
    passes, because making it already needed a confirmed password.
    """
    from ninja.errors import HttpError

    if getattr(request, "api_token", None) is not None:
        return
    if not recently_confirmed(request):
        raise HttpError(403, REAUTHENTICATE_MESSAGE)
