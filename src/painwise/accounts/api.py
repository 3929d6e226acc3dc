"""Account routes: who I am, my profile, and my personal API tokens (browser session only; making one
needs a recently confirmed password)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout
from django.http import HttpRequest
from ninja import Router, Status
from ninja.security import SessionAuth

from painwise.accounts import services
from painwise.accounts.access import get_token_for_user, require_recent_confirmation
from painwise.accounts.schemas import DeleteAccountIn, MeOut, ProfileOut, ProfileUpdate, TokenCreated, TokenIn, TokenOut
from painwise.core.types import AuthedRequest


class BrowserSessionAuth(SessionAuth):
    """The signed-in browser session, CSRF-checked on unsafe methods.

    Nobody signed in gets 401 at once: there is no session to protect, so no CSRF check is needed
    (otherwise a script with a wrong token would get a confusing CSRF 403).
    """

    def __call__(self, request: HttpRequest) -> Any | None:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


router = Router(tags=["accounts"])
# A token must not mint or list tokens: these routes accept the browser session only.
browser_only = BrowserSessionAuth()


@router.get("/me", response=MeOut)
def me(request: AuthedRequest) -> dict[str, Any]:
    """The signed-in person's username and profile settings."""
    return {"username": request.user.get_username(), "profile": services.profile_of(request.user)}


@router.patch("/me/profile", response=ProfileOut)
def update_profile(request: AuthedRequest, payload: ProfileUpdate) -> Any:
    """Change some profile settings; 422 naming the field when a value is refused, nothing saved."""
    return services.update_profile(user=request.user, values=payload.model_dump(exclude_unset=True))


@router.delete("/me", response={204: None})
def delete_account(request: AuthedRequest, payload: DeleteAccountIn) -> Status[None]:
    """Delete the account and every record in it (cannot be undone); 422 naming ``password`` or
    ``confirmation`` when the password is wrong or the username is not typed exactly."""
    user = request.user
    services.check_deletion(user=user, password=payload.password, confirmation=payload.confirmation)
    if hasattr(request, "session"):
        logout(request)  # first: signing out is logged, and the deletion then removes that entry too
    services.delete_account(user=user)
    return Status(204, None)


@router.get("/tokens", response=list[TokenOut], auth=browser_only)
def list_tokens(request: AuthedRequest) -> Any:
    """Every token of the person, newest first, revoked ones included (never the secret)."""
    return request.user.api_tokens.all()


@router.post("/tokens", response={201: TokenCreated}, auth=browser_only)
def create_token(request: AuthedRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    """A new token; the raw value is in ``token`` this once and is never shown again."""
    require_recent_confirmation(request)
    token, raw = services.create_api_token(user=request.user, name=payload.name, scope=payload.scope,
                                           expires_at=payload.expires_at, request=request)
    return Status(201, {**TokenOut.model_validate(token).model_dump(), "token": raw})


@router.delete("/tokens/{int:token_id}", response={204: None}, auth=browser_only)
def revoke_token(request: AuthedRequest, token_id: int) -> Status[None]:
    """Revoke a token: scripts using it get 401 from now on."""
    services.revoke_api_token(token=get_token_for_user(request.user, token_id), request=request)
    return Status(204, None)
