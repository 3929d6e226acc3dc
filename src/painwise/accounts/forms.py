from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from painwise.accounts.models import ApiToken, Profile
from painwise.accounts.reference import condition_choices, country_choices, timezone_choices

if TYPE_CHECKING:
    from painwise.core.types import User



class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    timezone = forms.ChoiceField(label=gettext_lazy("Timezone"), choices=timezone_choices)
    country = forms.ChoiceField(choices=country_choices)
    conditions = forms.MultipleChoiceField(
        choices=condition_choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Profile
        fields = ["timezone", "country", "region", "conditions", "show_sexual_health", "track_cycle", "mcid_mode",
                  "mcid_points", "pool_opt_in"]
        labels = {  # the first four are the model fields' names, as Django showed them before
            "timezone": gettext_lazy("Timezone"), "country": gettext_lazy("Country"), "region": gettext_lazy("Region"),
            "conditions": gettext_lazy("Conditions"),
            "track_cycle": gettext_lazy("Track my menstrual cycle in the check-in"),
            "show_sexual_health": gettext_lazy("Show pelvic and sexual-health therapies in my therapy list"),
            "mcid_mode": gettext_lazy("What counts as a real difference for me"),
            "mcid_points": gettext_lazy("Points that matter to me (when using a fixed number)"),
            "pool_opt_in": gettext_lazy(
                "Help short diaries: share my anonymous estimates with this deployment's pooled model"),
        }


def _signup_countries() -> list[tuple[str, str]]:
    return [("", "Choose your country"), *country_choices()]


class SignupCountryForm(forms.Form):
    """Extra sign-up field (ACCOUNT_SIGNUP_FORM_CLASS): the country, for the right crisis lines.

    Prefilled in the browser from the time zone or language (static/accounts/country_guess.js); without
    JavaScript the person picks it. "Another country" is allowed and gets numbers that work almost anywhere.
    """

    country = forms.ChoiceField(
        label=gettext_lazy("Country you live in"),
        choices=_signup_countries,
        help_text=gettext_lazy("So that Painwise shows the crisis lines and emergency numbers where you live. "
        "Pick “Another country” if yours is not listed."),
        error_messages={"required": "Please choose your country (or “Another country”)."},
    )

    def signup(self, request: Any, user: User) -> None:
        """Called by allauth once the account exists."""
        from painwise.accounts.services import update_profile

        update_profile(user=user, values={"country": self.cleaned_data["country"]})


def _welcome_timezones() -> list[tuple[str, str]]:
    return [("", gettext("Choose your time zone")), *timezone_choices()]


class WelcomePlaceForm(forms.Form):
    """Welcome, step 1: where the person lives. Both fields are filled from the browser when it can tell
    (static/accounts/country_guess.js) and left empty for the person to pick when it cannot."""

    country = forms.ChoiceField(
        label=gettext_lazy("Country you live in"), choices=_signup_countries,
        help_text=gettext_lazy("For the crisis lines and emergency numbers where you live, and the legal information."),
        error_messages={"required": "Please choose your country (or “Another country”)."},
    )
    timezone = forms.ChoiceField(
        label=gettext_lazy("Your time zone"), choices=_welcome_timezones,
        help_text=gettext_lazy("So that a day in your diary starts and ends at your midnight."),
        error_messages={"required": "Please choose your time zone."},
    )


class WelcomeConditionsForm(forms.Form):
    """Welcome, step 2: what the person lives with, and whether pelvic and sexual-health therapies are listed."""

    conditions = forms.MultipleChoiceField(
        label=gettext_lazy("What do you live with?"),
        choices=condition_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Tick any that apply. It chooses the questionnaires and programmes offered; it is never a diagnosis."
        ),
    )
    show_sexual_health = forms.BooleanField(
        label=gettext_lazy(
            "Show pelvic and sexual-health therapies (dilators, pelvic floor, sensate focus, sexual activity)"
        ),
        required=False,
        help_text=gettext_lazy(
            "Off: they stay folded at the end of the therapy list. You can change this in Settings."
        ),
    )


class WelcomeLoggingForm(forms.Form):
    """Welcome, step 3: what to log; the only choice is the menstrual-cycle fields."""

    track_cycle = forms.BooleanField(
        label=gettext_lazy("Track my menstrual cycle in the check-in"), required=False,
        help_text=gettext_lazy("Pain often changes with the cycle; Painwise can then allow for it."),
    )


class DeleteAccountForm(forms.Form):
    """Re-enter the password and type the username: deleting an account cannot be undone."""

    password = forms.CharField(label=gettext_lazy("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    confirmation = forms.CharField(label=gettext_lazy("Type your username to confirm"), max_length=150,
                                   widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}))


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        label=gettext_lazy("Token name"),
        help_text=gettext_lazy("Where you will use it, e.g. 'laptop script'."),
    )
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        label=gettext_lazy("What it may do"),
        help_text=gettext_lazy("Read only is safer: a leaked read token cannot change or delete anything."),
    )
    lifetime = forms.TypedChoiceField(
        choices=[("30", "30 days"), ("90", "90 days"), ("365", "1 year"), ("0", "Never expires")],
        coerce=int, initial="90", label=gettext_lazy("Expires after"),
    )

    def expires_at(self) -> dt.datetime | None:
        days = self.cleaned_data["lifetime"]
        return timezone.now() + dt.timedelta(days=days) if days else None
