"""Check-in and episode forms, built from the declarations in painwise.diary.records.

Scores are optional radio rows 0–10 (big targets, nothing pre-chosen); the templates place each field.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext, gettext_lazy

from painwise.core.forms import (
    FixedChoices,
    PlainCheckboxSelectMultiple,
    PlainRadioSelect,
    copied_field,
    escaped,
    flat_attributes,
)
from painwise.core.versioning import EditGuardForm
from painwise.diary.bodymap import body_map, cycle_phase_choices
from painwise.diary.bodysvg import VIEWBOX, intensity_class, views
from painwise.diary.models import CheckIn, PainEpisode
from painwise.diary.records import (
    CHECKIN,
    CHECKIN_ESSENTIALS,
    CHECKIN_FIELDS,
    CHECKIN_SCORES,
    EPISODE,
    RecordField,
    form_order,
)
from painwise.diary.validators import gentle_questions

RATING_CHOICES = FixedChoices((i, str(i)) for i in range(11))
REGION_CHOICES = FixedChoices([("", "–"), *RATING_CHOICES])


class RatingField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=RATING_CHOICES, coerce=int, empty_value=None, required=False,
                         widget=PlainRadioSelect(attrs={"class": "rating"}), **kwargs)


class PlainSelect(forms.Select):
    """A <select> written in Python rather than one template per option: the check-in has one per body
    region (about 45 × 12 options), and Django's option templates were most of the form's render time."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        if isinstance(self.choices, FixedChoices) and len(chosen) <= 1:
            options = self.choices.options_html(next(iter(chosen), None))
        else:
            options = "".join(_option(str(v), str(label), selected=str(v) in chosen) for v, label in self.choices)
        attributes = flat_attributes(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escaped(name)}"{attributes}>{options}</select>')  # noqa: S308 (escaped)


@functools.lru_cache(maxsize=4)
def _outline_html(view_name: str) -> str:
    view = next(v for v in views() if v.name == view_name)
    return mark_safe("".join(f'<{part.element} class="outline" {part.attrs}/>' for part in view.outline))  # noqa: S308


@functools.lru_cache(maxsize=2048)
def _region_html(shape: Any, intensity: int | None, language: str | None) -> str:
    """One tappable region of the body picture in ``language`` (the shapes' geometry is ours; the label is
    escaped)."""
    label = escape(str(shape.label))
    state = gettext("not marked") if intensity is None else gettext("%(intensity)s of 10") % {"intensity": intensity}
    return (f'<g class="region {intensity_class(intensity)}" role="button" tabindex="0" '
            f'data-region="{escape(shape.id)}" data-label="{label}" aria-label="{label}: {state}">'
            f'<{shape.element} {shape.attrs}/></g>')


@functools.lru_cache(maxsize=1024)
def _option(value: str, label: str, *, selected: bool) -> str:
    """One escaped <option> (the same few hundred, over and over: escaped once)."""
    return f'<option value="{escape(value)}"{" selected" if selected else ""}>{escape(label)}</option>'


def split_tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


class RegionsMixin(forms.Form):
    """One optional 0–10 intensity per body region, gathered into ``regions``."""

    rating_values = range(11)
    body_viewbox = VIEWBOX

    def add_region_fields(self, initial: dict[str, int]) -> None:
        for name, built in _region_fields(get_language()).items():
            field = self.fields[name] = copied_field(built)
            field.initial = initial.get(name.removeprefix("region_"))

    def region_groups(self) -> list[tuple[str, str]]:
        """Front and back, each with its regions' labelled selects as HTML (written here, not by a template
        loop: 45 regions on every check-in)."""
        regions = body_map().regions
        groups: list[tuple[str, str]] = []
        for view, label in (("front", gettext("Front")), ("back", gettext("Back"))):
            fields = [self[f"region_{r.id}"] for r in regions if r.view == view]
            groups.append((label, mark_safe("".join(  # noqa: S308 (every piece escaped)
                f'<div class="region"><label for="{escaped(field.id_for_label)}">{escaped(field.label)}</label>'
                f"{field.as_widget()}</div>" for field in fields))))
        return groups

    def body_views(self) -> list[dict[str, Any]]:
        """The body picture's front and back, each region with its form field and its current intensity."""
        shown = []
        for view in views():
            regions = []
            for shape in view.regions:
                field = self[f"region_{shape.id}"]
                value = field.value()
                intensity = int(value) if value not in (None, "") and str(value).isdigit() else None
                regions.append({"shape": shape, "field": field, "intensity": intensity,
                                "css": intensity_class(intensity)})
            shown.append({"view": view, "regions": regions, "outline_html": _outline_html(view.name),
                          "regions_html": mark_safe("".join(  # noqa: S308 (escaped by _region_html)
                              _region_html(r["shape"], r["intensity"], get_language()) for r in regions))})
        return shown

    def cleaned_regions(self) -> dict[str, int]:
        return {
            name.removeprefix("region_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("region_") and value is not None
        }


def form_field(field: RecordField) -> forms.Field:
    """The form field for a declared field (painwise.diary.records); regions have their own fields."""
    # The declarations are pure Python and only mark their words (gettext_noop); they are translated here.
    common: dict[str, Any] = {"label": gettext_lazy(field.label), "required": field.required}
    if field.low_anchor:
        common["help_text"] = format_lazy("{} = {}, {} = {}", f"{field.low:g}", gettext_lazy(field.low_anchor),
                                          f"{field.high:g}", gettext_lazy(field.high_anchor))
    elif field.help:
        common["help_text"] = gettext_lazy(field.help)
    if field.is_score:
        rating: forms.Field
        if not field.required:
            rating = RatingField(label=common["label"], help_text=common.get("help_text", ""))
        else:
            rating = forms.TypedChoiceField(choices=RATING_CHOICES, coerce=int,
                                            widget=PlainRadioSelect(attrs={"class": "rating"}), **common)
        rating.anchors = tuple(  # type: ignore[attr-defined]
            gettext_lazy(end) if end else "" for end in (field.low_anchor, field.high_anchor))
        return rating
    if field.kind == "int":
        low, high = (None if end is None else int(end) for end in (field.low, field.high))
        return forms.IntegerField(min_value=low, max_value=high, **common)
    if field.kind == "float":
        widget = forms.NumberInput(attrs={"step": f"{field.step:g}", "inputmode": "decimal"})
        return forms.FloatField(min_value=field.low, max_value=field.high, widget=widget, **common)
    if field.kind == "datetime":
        return forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **common)
    if field.kind == "choice":
        return forms.ChoiceField(**common)
    if field.kind == "choices":
        return forms.MultipleChoiceField(widget=PlainCheckboxSelectMultiple, **common)
    if field.kind == "text" and field.lines > 1:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": field.lines}), **common)
    return forms.CharField(**common)  # one line of text, or tags separated by commas


# The lists a choice field offers, by field name (read when a form is built: they come from content files).
CHOICES: dict[str, Callable[[], list[tuple[str, str]]]] = {
    "qualities": lambda: [(q.id, q.label) for q in body_map().qualities],
    "cycle_phase": lambda: [("", "–"), *cycle_phase_choices()],
}


# A form copies its fields from these (as Django does with the fields a form class declares) instead of
# building them with their choices every time: 55 fields on the check-in, a sixth of its page's time.
@functools.lru_cache(maxsize=32)
def _declared_fields(form_class: type[RecordForm], language: str | None) -> dict[str, forms.Field]:
    """The fields of ``form_class.declared`` other than the regions, built once per language."""
    del language  # part of the key only: the labels and choices are read in the active language
    fields: dict[str, forms.Field] = {}
    for field in form_class.declared:
        if field.kind != "regions":
            fields[field.name] = form_field(field)
        if field.name in CHOICES:
            fields[field.name].choices = CHOICES[field.name]()  # type: ignore[attr-defined]
    return fields


@functools.lru_cache(maxsize=8)
def _region_fields(language: str | None) -> dict[str, forms.Field]:
    """One optional 0–10 select per body region, built once per language (see ``_declared_fields``)."""
    del language
    return {f"region_{region.id}": forms.TypedChoiceField(
        label=region.label, required=False, coerce=int, empty_value=None, choices=REGION_CHOICES, widget=PlainSelect,
    ) for region in body_map().regions}


class RecordForm(RegionsMixin, EditGuardForm):
    """A form of a declared record kind: one field per declared field, values in the services' shape."""

    declared: tuple[RecordField, ...] = ()

    def __init__(self, *args: Any, initial: dict[str, Any] | None = None, **kwargs: Any) -> None:
        initial = dict(initial or {})
        for field in self.declared:
            if field.kind == "tags" and isinstance(initial.get(field.name), list):
                initial[field.name] = ", ".join(initial[field.name])
        super().__init__(*args, initial=initial, **kwargs)  # type: ignore[misc]  # callers pass initial by name only
        for name, built in _declared_fields(type(self), get_language()).items():
            self.fields[name] = copied_field(built)
        self.add_region_fields(initial.get("regions") or {})

    def values(self) -> dict[str, Any]:
        """The cleaned values in the shape the diary services take (fields the form leaves out are absent)."""
        data = self.cleaned_data
        values: dict[str, Any] = {}
        for field in self.declared:
            if field.kind == "regions":
                values[field.name] = self.cleaned_regions()
            elif field.name not in self.fields:
                continue
            elif field.kind == "tags":
                values[field.name] = split_tags(data.get(field.name) or "")
            elif field.number or field.kind == "datetime":
                values[field.name] = data.get(field.name)
            else:
                values[field.name] = data.get(field.name) or field.empty
        return values


class CheckInForm(RecordForm):
    declared = form_order(CHECKIN)

    def __init__(self, *args: Any, track_cycle: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not track_cycle:
            del self.fields["cycle_day"], self.fields["cycle_phase"]
        # Asked only when the worst pain is below the average: a gentle question, not a refusal.
        self.fields["worst_below_average_ok"] = forms.BooleanField(
            required=False, label=gettext("Yes, my worst really was below my average"))
        self.worst_question = False

    def essential_fields(self) -> list[Any]:
        """The questions on the first screen, without opening a fold (records.CHECKIN_ESSENTIALS)."""
        return [self[name] for name in CHECKIN_ESSENTIALS]

    def more_fields(self) -> list[Any]:
        """The other 0–10 scores, folded."""
        return [self[field.name] for field in CHECKIN_SCORES if field.name not in CHECKIN_ESSENTIALS]

    def score_fields(self) -> list[Any]:
        return [self[field.name] for field in CHECKIN_SCORES]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        average, worst = data.get("pain_average"), data.get("pain_worst")
        questions = gentle_questions(pain_average=average, pain_worst=worst)
        if questions and not data.get("worst_below_average_ok"):
            self.worst_question = True
            self.add_error("pain_worst", " ".join(
                [questions[0].message, gettext("If it is right, tick the box below and save again.")]))
        return data


def checkin_initial(checkin: CheckIn) -> dict[str, Any]:
    return {name: getattr(checkin, name) for name in CHECKIN_FIELDS}


class EpisodeForm(RecordForm):
    declared = EPISODE


def new_episode_initial() -> dict[str, Any]:
    """A new flare starts now (in the person's time zone) unless they say otherwise."""
    from django.utils import timezone

    return {"started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}


def episode_initial(episode: PainEpisode) -> dict[str, Any]:
    from django.utils import timezone

    def shown(field: RecordField) -> Any:
        value = getattr(episode, field.name)
        if field.kind == "datetime" and value is not None:
            return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
        return value

    return {field.name: shown(field) for field in EPISODE}
