"""Account services: people, their profile, their local calendar and their API tokens."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext

from painwise.accounts.models import ApiToken, hash_token

# The profile class, handed out for type annotations, its choices (forms) and its save signal.
from painwise.accounts.models import Profile as Profile
from painwise.accounts.reference import condition_choices as condition_choices
from painwise.accounts.reference import country_choices as country_choices
from painwise.audit import services as audit

if TYPE_CHECKING:
    from painwise.core.types import User



def profile_of(user: User) -> Profile:
    """The person's profile (created on first use for accounts made before profiles existed).

    Uses the profile cached on the user object, so repeated calls in one request cost no query.
    """
    try:
        profile: Profile = user.profile
    except Profile.DoesNotExist:
        profile, _ = Profile.objects.get_or_create(user=user)
        user.profile = profile
    return profile


def user_zone(user: User) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(profile_of(user).timezone)


def local_today(user: User) -> dt.date:
    """Today's date where the person lives."""
    return timezone.now().astimezone(user_zone(user)).date()


def local_date(user: User, moment: dt.datetime) -> dt.date:
    """The person's calendar date of an aware datetime."""
    return moment.astimezone(user_zone(user)).date()


@transaction.atomic
def create_user(
    *, username: str, password: str, email: str = "", timezone_name: str = "UTC", country: str = "ZZ"
) -> User:
    """A new account with its profile; raises ValidationError (nothing saved) on bad input."""
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": gettext("The username %(username)s is taken.") % {"username": repr(username)}}
        )
    user = user_model(username=username, email=email)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    update_profile(user=user, values={"timezone": timezone_name, "country": country})
    return user


def prepare_profile(*, user: User, values: dict[str, Any]) -> Profile:
    """A validated, unsaved copy of the person's profile with ``values`` set (the cached one is untouched)."""
    profile = Profile.objects.get(pk=profile_of(user).pk)  # a fresh copy: a refused change leaves no trace
    # full_clean lets None through for blank fields, and the database would then refuse it (a server error).
    nulls = [name for name, value in values.items() if value is None and not Profile._meta.get_field(name).null]
    if nulls:
        raise ValidationError(dict.fromkeys(nulls, "This field cannot be empty; leave it out to keep its value."))
    for name, value in values.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user"])
    return profile


def update_profile(*, user: User, values: dict[str, Any]) -> Profile:
    """Set profile fields from ``values``; validates everything before saving anything."""
    profile = prepare_profile(user=user, values=values)
    profile.save()
    user.profile = profile
    return profile


# Last-used times are written at most this often per token, so a busy script costs no write per request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def create_api_token(
    *, user: User, name: str, scope: str = ApiToken.Scope.READ, expires_at: dt.datetime | None = None,
    request: Any = None,
) -> tuple[ApiToken, str]:
    """A new token and its raw value, which is shown to the person once and never stored.

    ``scope`` is "read" (default: safe methods only) or "read-write"; ``expires_at`` empty means never.
    """
    if expires_at is not None and timezone.is_naive(expires_at):
        expires_at = timezone.make_aware(expires_at, dt.UTC)
    raw = ApiToken.new_raw_token()
    token = ApiToken(user=user, name=name.strip(), prefix=raw[:10], key_hash=hash_token(raw), scope=scope,
                     expires_at=expires_at)
    errors: dict[str, str] = {}
    if not token.name:
        errors["name"] = "Give the token a name, e.g. 'laptop script'."
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = "Choose an expiry in the future, or none."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        token.full_clean(exclude=["user"])
        token.save()
        audit.record(user=user, event=audit.Event.TOKEN_CREATED, request=request,
                     details={"token": str(token), "scope": token.scope})
    return token, raw


def revoke_api_token(*, token: ApiToken, request: Any = None, reason: str = "") -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        details = {"token": str(token), **({"reason": reason} if reason else {})}
        audit.record(user=token.user, event=audit.Event.TOKEN_REVOKED, request=request, details=details)


def revoke_all_tokens(*, user: User, reason: str, request: Any = None) -> int:
    """Revoke every live token of the person (e.g. after a password change); returns how many."""
    live = list(ApiToken.objects.filter(user=user, revoked_at=None))
    for token in live:
        revoke_api_token(token=token, request=request, reason=reason)
    return len(live)


class TokenRefusedError(Exception):
    """A token that exists but may not be used; ``reason`` tells the script why (expired, revoked)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def token_for_raw(raw: str, *, request: Any = None) -> ApiToken | None:
    """The live token with this raw value, or None when unknown; TokenRefusedError when expired or revoked.

    Records when it was last used (at most once a minute) and logs its first use each day.
    """
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
    if token is None or not token.user.is_active:
        return None
    if token.revoked_at is not None:
        raise TokenRefusedError("This token was revoked. Create a new one on the API tokens page.")
    if token.is_expired:
        raise TokenRefusedError(f"This token expired on {token.expires_at:%Y-%m-%d %H:%M} UTC. Create a new one.")
    now = timezone.now()
    previous = token.last_used_at
    if previous is None or now - previous >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
        if previous is None or previous.date() != now.date():
            audit.record(user=token.user, event=audit.Event.TOKEN_USED, request=request,
                         details={"token": str(token)})
    return token


def user_for_token(raw: str) -> Any | None:
    """The owner of a live token, or None (also for expired and revoked ones)."""
    try:
        token = token_for_raw(raw)
    except TokenRefusedError:
        return None
    return token.user if token is not None else None


# --- deleting an account -------------------------------------------------------------------------


def check_deletion(*, user: User, password: str | None, confirmation: str) -> None:
    """Refuse a deletion unless ``confirmation`` is the username and ``password`` is the person's own.

    ``password=None`` skips the password (the command line, run by whoever runs the server). The
    password is checked through allauth (``reauthenticate``), so failed attempts count towards its
    login rate limits. ValidationError names the field.
    """
    errors: dict[str, str] = {}
    if confirmation.strip() != user.get_username():
        errors["confirmation"] = f"Type your username, {user.get_username()}, to confirm."
    if password is not None:
        from allauth.account.adapter import get_adapter

        if not password or not get_adapter().reauthenticate(user, password):
            errors["password"] = "That is not your password."  # noqa: S105 (a message, not a secret)
    if errors:
        raise ValidationError(errors)


def owned_row_counts(*, user: User) -> dict[str, int]:
    """How many rows of each kind the person owns ("app_label.ModelName" -> count), non-zero only."""
    from painwise.core.ownership import owned_models, rows_of

    counts = {model._meta.label: rows_of(model, user).count() for model in owned_models(include_auto_created=True)}
    return {label: n for label, n in counts.items() if n}


@transaction.atomic
def delete_account(*, user: User) -> dict[str, int]:
    """Remove the account and every row it owns, on any database; returns rows removed per model.

    The owned rows are removed child first (entries before the medications they name), then the user,
    then any stored session signed in as them. Nothing of the person is left; nobody else's rows are touched.
    """
    from painwise.core.datacache import deleting_person
    from painwise.core.ownership import owned_models, rows_of

    removed: dict[str, int] = {}
    remaining = list(owned_models(include_auto_created=True))  # a copy: the cached list stays whole
    with deleting_person(user.pk):  # their cached charts and insights go too
        while remaining:
            # Delete rows nothing else still points at first, so PROTECT links (entry -> medication) never fire.
            leaves = [m for m in remaining
                      if not any(_points_to(other, m) for other in remaining if other is not m)]
            for model in leaves or remaining[:1]:
                count, _ = rows_of(model, user).delete()
                if count:
                    removed[model._meta.label] = removed.get(model._meta.label, 0) + count
                remaining.remove(model)
        removed["sessions"] = _delete_sessions(user)
        user.delete()
    return removed


def _points_to(model: Any, target: type[Model]) -> bool:
    return any(f.is_relation and f.related_model is target for f in model._meta.concrete_fields)


def _delete_sessions(user: User) -> int:
    """Stored sessions signed in as ``user`` (database sessions; other engines expire on their own)."""
    from django.conf import settings
    from django.contrib.sessions.models import Session

    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0
    mine = [s.pk for s in Session.objects.iterator() if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    return Session.objects.filter(pk__in=mine).delete()[0]


@transaction.atomic
def set_password(*, user: User, password: str) -> None:
    """Give ``user`` a new password (validated like at sign-up; ValidationError names the problem).

    The stored session hash changes with the password, so the account's other sessions end.
    """
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    from painwise.audit.services import Event, record

    record(user=user, event=Event.PASSWORD_CHANGED, details={"reason": "set from the command line"})


def pooling_people() -> list[Any]:
    """The people who chose to let this deployment pool their estimates (their profile's ``pool_opt_in``),
    by account id."""
    return [p.user for p in Profile.objects.filter(pool_opt_in=True).select_related("user").order_by("user_id")]
