"""Feed the activity log from Django's and allauth's signals: sign-ins (and failures against a known
account), sign-outs, password changes and two-factor changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Q
from django.dispatch import receiver

from painwise.audit.models import Event
from painwise.audit.services import prune, record

if TYPE_CHECKING:
    from painwise.core.types import User



@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    record(user=user, event=Event.LOGIN, request=request)
    prune(user=user)


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if user is not None:
        record(user=user, event=Event.LOGOUT, request=request)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """A wrong password for an existing account goes into that account's log (unknown names are not logged)."""
    name = credentials.get("username") or credentials.get("email") or credentials.get("login") or ""
    if not name:
        return
    users = get_user_model().objects.filter(Q(username__iexact=name) | Q(email__iexact=name), is_active=True)
    for user in users[:2]:  # an e-mail shared by two accounts: both people should know
        record(user=user, event=Event.LOGIN_FAILED, request=request)


@receiver(account_signals.password_changed)
@receiver(account_signals.password_set)
@receiver(account_signals.password_reset)
def on_password_changed(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    record(user=user, event=Event.PASSWORD_CHANGED, request=request)


def _kind(authenticator: Any) -> dict[str, str]:
    return {"method": authenticator.get_type_display() if authenticator is not None else ""}


@receiver(mfa_signals.authenticator_added)
def on_mfa_added(sender: Any, request: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
    record(user=user, event=Event.MFA_ADDED, request=request, details=_kind(authenticator))


@receiver(mfa_signals.authenticator_removed)
def on_mfa_removed(sender: Any, request: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
    record(user=user, event=Event.MFA_REMOVED, request=request, details=_kind(authenticator))


@receiver(mfa_signals.authenticator_reset)
def on_mfa_reset(sender: Any, request: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
    record(user=user, event=Event.MFA_RESET, request=request, details=_kind(authenticator))


@receiver(mfa_signals.authenticator_used)
def on_mfa_used(sender: Any, request: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
    record(user=user, event=Event.MFA_USED, request=request, details=_kind(authenticator))


@receiver(mfa_signals.authentication_failed)
def on_mfa_failed(sender: Any, request: Any, user: User, authenticator: Any = None, **kwargs: Any) -> None:
    record(user=user, event=Event.MFA_FAILED, request=request, details=_kind(authenticator))
