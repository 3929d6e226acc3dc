"""Forms for programme pages. They only read the values; ranges and rules are checked by the services, whose
errors (naming the field) are put back on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from painwise.programmes.content import Programme
from painwise.programmes.services import ADVERSE_EVENTS, CHOICE_WORDS, EXAMINED, PAIN_QUALITIES, STOP_REASONS


def _words(value: str) -> Any:
    """A choice's label in the person's language ("Dizziness or fainting"), evaluated when shown."""
    return capfirst(gettext_lazy(CHOICE_WORDS[value]))


def _stage_words(number: int) -> str:
    return gettext("Stage %(number)s") % {"number": number}


_stage = lazy(_stage_words, str)


def _rating(label: Any, *, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(choices=[("", "–"), *[(str(i), str(i)) for i in range(11)]], coerce=int,
                                  empty_value=None, required=required, label=label)


def _number(label: Any, *, required: bool = True, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(required=required, label=label, help_text=help_text,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


def _qualities() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(choices=[(q, _words(q)) for q in PAIN_QUALITIES], required=False,
                                     widget=forms.CheckboxSelectMultiple, label=gettext_lazy("What any pain felt like"))


class DilatorSessionForm(forms.Form):
    size = forms.TypedChoiceField(coerce=int, label=gettext_lazy("Size"))
    minutes = _number(gettext_lazy("Minutes"), help_text=gettext_lazy("About 10 to 20 minutes is usual."))
    discomfort = _rating(gettext_lazy("Discomfort (0 = none, 10 = worst)"))
    anxiety = _rating(gettext_lazy("Anxiety (0 = calm, 10 = panic)"))
    lubricant = forms.BooleanField(required=False, label=gettext_lazy("Lubricant used"), initial=True)
    stopped_early = forms.BooleanField(required=False, label=gettext_lazy("Stopped early"))
    stop_reason = forms.ChoiceField(choices=[("", "–"), *[(r, _words(r)) for r in STOP_REASONS]], required=False,
                                    label=gettext_lazy("Why it stopped early"))
    pain_quality = _qualities()
    bleeding = forms.BooleanField(required=False, label=gettext_lazy("Bleeding during or after"))

    def __init__(self, *args: Any, sizes: int = 6, labels: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = labels or []
        self.fields["size"].choices = [  # type: ignore[attr-defined]
            (str(n), f"{n}" + (f" ({labels[n - 1]})" if n <= len(labels) and labels[n - 1] else ""))
            for n in range(1, sizes + 1)]


class DownTrainingSessionForm(forms.Form):
    minutes = _number(gettext_lazy("Minutes"))
    tension_after = _rating(gettext_lazy("Pelvic tension afterwards (0 = fully relaxed)"), required=False)


class SensateSessionForm(forms.Form):
    stage = forms.TypedChoiceField(
        coerce=int, choices=[(str(n), _stage(n)) for n in range(1, 5)], label=gettext_lazy("Stage")
    )
    minutes = _number(gettext_lazy("Minutes"))
    comfort = _rating(gettext_lazy("Comfort (0 = not at all, 10 = fully comfortable)"))
    both_agree_next = forms.BooleanField(
        required=False, label=gettext_lazy("We both agree to move on to the next stage")
    )
    pain_quality = _qualities()
    bleeding = forms.BooleanField(required=False, label=gettext_lazy("Bleeding during or after"))


class AcupunctureSessionForm(forms.Form):
    minutes = _number(gettext_lazy("Minutes"))
    pain_before = _rating(gettext_lazy("Pain just before (0-10)"))
    pain_after = _rating(gettext_lazy("Pain just after (0-10)"), required=False)
    adverse_events = forms.MultipleChoiceField(choices=[(e, _words(e)) for e in ADVERSE_EVENTS], required=False,
                                               widget=forms.CheckboxSelectMultiple, label=gettext_lazy("Side effects"))


class PacingSessionForm(forms.Form):
    minutes = _number(gettext_lazy("Minutes"))
    completed = forms.BooleanField(required=False, initial=True, label=gettext_lazy("Completed as planned"))
    flare = forms.BooleanField(required=False, label=gettext_lazy("A flare today"))


SESSION_FORMS: dict[str, type[forms.Form]] = {
    "dilators": DilatorSessionForm, "down_training": DownTrainingSessionForm, "sensate_focus": SensateSessionForm,
    "acupuncture": AcupunctureSessionForm, "pacing": PacingSessionForm,
}


class StartSetupForm(forms.Form):
    symptoms = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                         label=gettext_lazy("Which of these fit you?"))
    examined = forms.ChoiceField(choices=[("", "–"), *[(e, _words(e)) for e in EXAMINED]], required=False,
                                 label=gettext_lazy("Have you been examined by a clinician for this?"))
    ladder = forms.CharField(widget=forms.Textarea(attrs={"rows": 9}), required=False,
                             label=gettext_lazy("Your goal ladder, one goal per line, smallest first"))
    reached = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                        label=gettext_lazy("Goals you have reached"))

    def __init__(self, *args: Any, content: Programme, ladder: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["symptoms"].choices = [(s, s) for s in content.symptoms]  # type: ignore[attr-defined]
        goals = [g["text"] for g in ladder]
        if self.data:  # the goals being saved may be new: they can be ticked as reached in the same save
            goals += [line.strip() for line in str(self.data.get("ladder", "")).splitlines() if line.strip()]
        self.fields["reached"].choices = [(g, g) for g in dict.fromkeys(goals)]  # type: ignore[attr-defined]

    def setup(self) -> dict[str, Any]:
        data = self.cleaned_data
        reached = set(data["reached"])
        ladder = [{"text": line.strip(), "reached": line.strip() in reached}
                  for line in data["ladder"].splitlines() if line.strip()]
        return {"symptoms": data["symptoms"], "examined": data["examined"], "ladder": ladder}


class DilatorSetupForm(forms.Form):
    sizes = _number(gettext_lazy("How many sizes your set has"))
    labels = forms.CharField(
        required=False, label=gettext_lazy("Their labels, smallest first, separated by commas (optional)")
    )


class AcupunctureSetupForm(forms.Form):
    sessions = _number(gettext_lazy("Number of sessions planned"))
    minutes_each = _number(gettext_lazy("Minutes per session"))


class PacingSetupForm(forms.Form):
    activity = forms.CharField(required=False, max_length=60, label=gettext_lazy("Activity"), initial="walking")
    good_day_minutes = _number(gettext_lazy("Minutes you can do on a good day without a flare"))
    bad_day_minutes = _number(gettext_lazy("Minutes you can do on a bad day"))


class TaperSetupForm(forms.Form):
    agreed_with = forms.CharField(max_length=120, label=gettext_lazy("Agreed with (your clinician's name or role)"))
    agreed = forms.BooleanField(required=False, label=gettext_lazy("This is the plan my clinician and I agreed"))
    steps = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=gettext_lazy("Steps: one per line, "
                            "date and amount per day, e.g. 2026-12-01 4 g"))
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=gettext_lazy("Note (optional)")
    )

    def setup(self) -> dict[str, Any]:
        steps = []
        for line in self.cleaned_data["steps"].splitlines():
            parts = line.split()
            if parts:
                steps.append({"from": parts[0], "amount": parts[1] if len(parts) > 1 else None,
                              "unit": parts[2] if len(parts) > 2 else "g"})
        return {**self.cleaned_data, "steps": steps}


SETUP_FORMS: dict[str, type[forms.Form]] = {
    "dilators": DilatorSetupForm, "acupuncture": AcupunctureSetupForm, "pacing": PacingSetupForm,
    "kratom_taper": TaperSetupForm,
}
