"""Check-in and episode forms. Scores are optional radio rows 0–10 (big targets, nothing pre-chosen)."""

from __future__ import annotations

from typing import Any

from django import forms

from painwise.core.versioning import EditGuardForm
from painwise.diary.bodymap import body_map, cycle_phase_choices
from painwise.diary.models import SCORES, CheckIn, PainEpisode

RATING_CHOICES = [(i, str(i)) for i in range(11)]


class RatingField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=RATING_CHOICES, coerce=int, empty_value=None, required=False,
                         widget=forms.RadioSelect(attrs={"class": "rating"}), **kwargs)


def split_tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


class RegionsMixin(forms.Form):
    """One optional 0–10 intensity per body region, gathered into ``regions``."""

    def add_region_fields(self, initial: dict[str, int]) -> None:
        for region in body_map().regions:
            self.fields[f"region_{region.id}"] = forms.TypedChoiceField(
                label=region.label, required=False, coerce=int, empty_value=None,
                choices=[("", "–"), *RATING_CHOICES], initial=initial.get(region.id),
            )

    def region_groups(self) -> list[tuple[str, list[Any]]]:
        regions = body_map().regions
        return [
            (view.capitalize(), [self[f"region_{r.id}"] for r in regions if r.view == view])
            for view in ("front", "back")
        ]

    def cleaned_regions(self) -> dict[str, int]:
        return {
            name.removeprefix("region_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("region_") and value is not None
        }


class CheckInForm(RegionsMixin, EditGuardForm):
    qualities = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple, label="Pain feels")
    sleep_hours = forms.FloatField(required=False, min_value=0, max_value=24, label="Hours slept last night",
                                   widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}))
    cycle_day = forms.IntegerField(required=False, min_value=1, max_value=90, label="Cycle day")
    cycle_phase = forms.ChoiceField(required=False, label="Cycle phase")
    activities = forms.CharField(required=False, label="Meaningful things I did today",
                                 help_text="Comma-separated, e.g. gardening, saw a friend")
    activities_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="About them")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Notes",
                            help_text="Private; stored encrypted.")

    def __init__(self, *args: Any, track_cycle: bool = False, initial: dict[str, Any] | None = None,
                 **kwargs: Any) -> None:
        initial = dict(initial or {})
        if isinstance(initial.get("activities"), list):
            initial["activities"] = ", ".join(initial["activities"])
        super().__init__(*args, initial=initial, **kwargs)
        for name, question, low, high in SCORES:
            self.fields[name] = RatingField(label=question, help_text=f"0 = {low}, 10 = {high}")
        self.fields["qualities"].choices = [(q.id, q.label) for q in body_map().qualities]
        self.fields["cycle_phase"].choices = [("", "–"), *cycle_phase_choices()]
        if not track_cycle:
            del self.fields["cycle_day"], self.fields["cycle_phase"]
        self.add_region_fields(initial.get("regions") or {})

    def score_fields(self) -> list[Any]:
        return [self[name] for name, *_ in SCORES]

    def values(self) -> dict[str, Any]:
        """The cleaned values in the shape the diary services take."""
        data = self.cleaned_data
        values = {name: data.get(name) for name, *_ in SCORES}
        values.update(
            sleep_hours=data.get("sleep_hours"), qualities=data.get("qualities") or [],
            activities=split_tags(data.get("activities") or ""), activities_note=data.get("activities_note") or "",
            notes=data.get("notes") or "", regions=self.cleaned_regions(),
        )
        if "cycle_day" in self.fields:
            values.update(cycle_day=data.get("cycle_day"), cycle_phase=data.get("cycle_phase") or "")
        return values


def checkin_initial(checkin: CheckIn) -> dict[str, Any]:
    names = [name for name, *_ in SCORES] + ["sleep_hours", "cycle_day", "cycle_phase", "qualities", "activities",
                                             "activities_note", "notes", "regions"]
    return {name: getattr(checkin, name) for name in names}


class EpisodeForm(RegionsMixin, EditGuardForm):
    started_at = forms.DateTimeField(label="Started", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ended_at = forms.DateTimeField(label="Ended (leave empty if it is still going on)", required=False,
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    intensity = forms.TypedChoiceField(choices=RATING_CHOICES, coerce=int, label="How bad at its worst",
                                       widget=forms.RadioSelect(attrs={"class": "rating"}))
    triggers = forms.CharField(required=False, label="Possible triggers", help_text="Comma-separated")
    helped = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="What helped")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Notes")

    def __init__(self, *args: Any, initial: dict[str, Any] | None = None, **kwargs: Any) -> None:
        initial = dict(initial or {})
        if isinstance(initial.get("triggers"), list):
            initial["triggers"] = ", ".join(initial["triggers"])
        super().__init__(*args, initial=initial, **kwargs)
        self.add_region_fields(initial.get("regions") or {})

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "started_at": data["started_at"], "ended_at": data.get("ended_at"), "intensity": data["intensity"],
            "regions": self.cleaned_regions(), "triggers": split_tags(data.get("triggers") or ""),
            "helped": data.get("helped") or "", "notes": data.get("notes") or "",
        }


def episode_initial(episode: PainEpisode) -> dict[str, Any]:
    from django.utils import timezone

    return {
        "started_at": timezone.localtime(episode.started_at).strftime("%Y-%m-%dT%H:%M"),
        "ended_at": timezone.localtime(episode.ended_at).strftime("%Y-%m-%dT%H:%M") if episode.ended_at else None,
        "intensity": episode.intensity, "regions": episode.regions, "triggers": episode.triggers,
        "helped": episode.helped, "notes": episode.notes,
    }

