"""Account services: people, their profile, their local calendar and their API tokens."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from painwise.accounts.models import ApiToken, Profile, hash_token


def profile_of(user: Any) -> Profile:
    """The person's profile (created on first use for accounts made before profiles existed).

    Uses the profile cached on the user object, so repeated calls in one request cost no query.
    """
    try:
        profile: Profile = user.profile
    except Profile.DoesNotExist:
        profile, _ = Profile.objects.get_or_create(user=user)
        user.profile = profile
    return profile


def user_zone(user: Any) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(profile_of(user).timezone)


def local_today(user: Any) -> dt.date:
    """Today's date where the person lives."""
    return timezone.now().astimezone(user_zone(user)).date()


def local_date(user: Any, moment: dt.datetime) -> dt.date:
    """The person's calendar date of an aware datetime."""
    return moment.astimezone(user_zone(user)).date()


@transaction.atomic
def create_user(
    *, username: str, password: str, email: str = "", timezone_name: str = "UTC", country: str = "ZZ"
) -> Any:
    """A new account with its profile; raises ValidationError (nothing saved) on bad input."""
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"The username {username!r} is taken."})
    user = user_model(username=username, email=email)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user.save()
    update_profile(user=user, values={"timezone": timezone_name, "country": country})
    return user


def prepare_profile(*, user: Any, values: dict[str, Any]) -> Profile:
    """A validated, unsaved copy of the person's profile with ``values`` set (the cached one is untouched)."""
    profile = Profile.objects.get(pk=profile_of(user).pk)  # a fresh copy: a refused change leaves no trace
    for name, value in values.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user"])
    return profile


def update_profile(*, user: Any, values: dict[str, Any]) -> Profile:
    """Set profile fields from ``values``; validates everything before saving anything."""
    profile = prepare_profile(user=user, values=values)
    profile.save()
    user.profile = profile
    return profile


def create_api_token(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token and its raw value, which is shown to the person once and never stored."""
    if not name.strip():
        raise ValidationError({"name": "Give the token a name, e.g. 'laptop script'."})
    raw = ApiToken.new_raw_token()
    token = ApiToken.objects.create(user=user, name=name.strip(), prefix=raw[:10], key_hash=hash_token(raw))
    return token, raw


def revoke_api_token(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def user_for_token(raw: str) -> Any | None:
    """The owner of an active token, or None; records when it was last used."""
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw), revoked_at=None).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
