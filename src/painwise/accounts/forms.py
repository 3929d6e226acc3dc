from __future__ import annotations

from django import forms

from painwise.accounts.models import Profile
from painwise.accounts.reference import condition_choices, country_choices, timezone_choices


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    timezone = forms.ChoiceField(choices=timezone_choices)
    country = forms.ChoiceField(choices=country_choices)
    conditions = forms.MultipleChoiceField(
        choices=condition_choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Profile
        fields = ["timezone", "country", "region", "conditions", "track_cycle", "mcid_mode", "mcid_points",
                  "pool_opt_in"]
        labels = {
            "track_cycle": "Track my menstrual cycle in the check-in",
            "mcid_mode": "What counts as a real difference for me",
            "mcid_points": "Points that matter to me (when using a fixed number)",
            "pool_opt_in": "Help short diaries: share my anonymous estimates with this deployment's pooled model",
        }


class TokenForm(forms.Form):
    name = forms.CharField(max_length=80, label="Token name", help_text="Where you will use it, e.g. 'laptop script'.")
