from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from painwise.accounts.models import Profile
from painwise.insights.services import MCID_POINT_CHOICES


class MeaningfulDifferenceForm(forms.Form):
    """The smallest difference that matters to the person: fixed points, or 30 % of their own average."""

    mode = forms.ChoiceField(
        label=gettext_lazy("What counts as a meaningful difference for you?"),
        choices=Profile.McidMode.choices,
        widget=forms.RadioSelect,
        initial=Profile.McidMode.POINTS,
    )
    points = forms.TypedChoiceField(
        label=gettext_lazy("Points on the 0–10 scale"),
        choices=[(str(p), f"{p:g} point{'s' if p != 1 else ''}") for p in MCID_POINT_CHOICES],
        coerce=float,
        initial="1.0",
        help_text=gettext_lazy("Used when you choose a fixed number of points; 1 point is the usual choice."),
    )
