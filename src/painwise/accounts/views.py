from __future__ import annotations

from typing import Any

from allauth.account.decorators import reauthentication_required
from django.apps import apps
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from painwise.accounts import services
from painwise.accounts.access import get_token_for_user
from painwise.accounts.forms import (
    DeleteAccountForm,
    ProfileForm,
    TokenForm,
    WelcomeConditionsForm,
    WelcomeLoggingForm,
    WelcomePlaceForm,
)
from painwise.core.forms import apply_errors
from painwise.core.types import AuthedRequest
from painwise.core.views import settings_panels


@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    instance = services.profile_of(request.user)
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Your settings are saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {
        "form": form, "welcome": "welcome" in request.GET, "panels": settings_panels(request)})


WELCOME_STEPS = ("Where you live", "What you live with", "What to log and why")


def _welcome_step(request: AuthedRequest, *, step: int, form: Any, next_url: str) -> HttpResponse:
    """One step of the welcome: save the answers to the profile and go on, or show the form again."""
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(user=request.user, values=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(next_url)
    context = {"form": form, "step": step, "steps": WELCOME_STEPS, "title": WELCOME_STEPS[step - 1]}
    return render(request, f"accounts/welcome_{step}.html", context, status=422 if form.errors else 200)


@login_required
def welcome_place(request: AuthedRequest) -> HttpResponse:
    """Welcome, step 1 (the first page after sign-up): country and time zone, guessed by the browser."""
    profile = services.profile_of(request.user)
    # UTC is the account default, not a choice: leave it empty so the browser's zone (or the person) fills it.
    initial = {"country": profile.country, "timezone": "" if profile.timezone == "UTC" else profile.timezone}
    form = WelcomePlaceForm(request.POST or None, initial=initial)
    return _welcome_step(request, step=1, form=form, next_url="accounts:welcome_conditions")


@login_required
def welcome_conditions(request: AuthedRequest) -> HttpResponse:
    """Welcome, step 2: conditions, and whether pelvic and sexual-health therapies are listed."""
    profile = services.profile_of(request.user)
    initial = {"conditions": profile.conditions, "show_sexual_health": profile.show_sexual_health}
    form = WelcomeConditionsForm(request.POST or None, initial=initial)
    return _welcome_step(request, step=2, form=form, next_url="accounts:welcome_logging")


@login_required
def welcome_logging(request: AuthedRequest) -> HttpResponse:
    """Welcome, step 3: what to log and why, and the cycle fields; then the first check-in."""
    initial = {"track_cycle": services.profile_of(request.user).track_cycle}
    form = WelcomeLoggingForm(request.POST or None, initial=initial)
    return _welcome_step(request, step=3, form=form, next_url="diary:checkin_today")


@login_required
# Making a token needs the password entered in the last minutes (allauth ships no type hints).
@reauthentication_required(allow_get=True)  # type: ignore[untyped-decorator]
def tokens(request: AuthedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        try:
            _, raw = services.create_api_token(
                user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"],
                expires_at=form.expires_at(), request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = TokenForm()
    items = request.user.api_tokens.all()
    return render(request, "accounts/tokens.html", {"form": form, "tokens": items, "new_token": raw})


@login_required
@require_POST
def revoke_token(request: AuthedRequest, token_id: int) -> HttpResponse:
    services.revoke_api_token(token=get_token_for_user(request.user, token_id), request=request)
    messages.success(request, gettext("The token is revoked; scripts using it will stop working."))
    return redirect("accounts:tokens")


@login_required
def delete_account(request: AuthedRequest) -> HttpResponse:
    """Delete the account and everything in it, after the password and the typed username."""
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.check_deletion(user=request.user, password=data["password"], confirmation=data["confirmation"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            username = request.user.get_username()
            person = request.user
            logout(request)  # first: signing out is logged, and the deletion then removes that entry too
            services.delete_account(user=person)
            messages.success(
                request,
                gettext("The account %(username)s and everything in it are deleted.") % {"username": repr(username)},
            )
            return redirect("home")
    held = [(apps.get_model(label)._meta.verbose_name_plural, n)
            for label, n in services.owned_row_counts(user=request.user).items()]
    return render(request, "accounts/delete.html", {"form": form, "held": held},
                  status=422 if form.errors else 200)


def password_reset(request: HttpRequest) -> HttpResponse:
    """allauth's reset-by-e-mail page when e-mail is configured; otherwise how to reset without it."""
    from django.conf import settings

    if settings.EMAIL_CONFIGURED or settings.DEBUG:
        from allauth.account.views import password_reset as reset_by_email

        return reset_by_email(request)  # type: ignore[no-any-return]
    return render(request, "accounts/password_reset_unavailable.html")
