from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, ngettext_lazy

from painwise.accounts.services import Profile
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
        choices=[(str(p), format_lazy("{} {}", f"{p:g}", ngettext_lazy("point", "points", 1 if p == 1 else 2)))
                 for p in MCID_POINT_CHOICES],
        coerce=float,
        initial="1.0",
        help_text=gettext_lazy("Used when you choose a fixed number of points; 1 point is the usual choice."),
    )
