"""The therapy catalog (content/modalities.yaml) and validation of modality-specific details."""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from pydantic import Field

from painwise.core.content import Strict, load


class DetailField(Strict):
    name: str
    label: str
    type: Literal["int", "float", "bool", "choice", "multi", "text"]
    required: bool = False
    min: float | None = None
    max: float | None = None
    choices: list[str] = Field(default_factory=list)
    max_length: int = 200
    repeat: bool = True  # copied by "log again"; false for answers about that one time (felt safe, ...)


class AmountSpec(Strict):
    kind: Literal["duration", "amount", "none"]
    units: dict[str, float]  # unit -> ceiling per entry


class Modality(Strict):
    slug: str
    name: str
    category: str
    sensitive: bool
    section: Literal["everyday", "sexual_health"] = "everyday"  # sexual_health: listed only when chosen
    amount: AmountSpec
    fields: list[DetailField]


class Catalog(Strict):
    modalities: list[Modality]


def catalog() -> dict[str, Modality]:
    return {m.slug: m for m in load("modalities.yaml", Catalog).modalities}


def catalog_sections() -> tuple[list[Modality], list[Modality]]:
    """The loggable catalog in two lists: everyday therapies, and pelvic and sexual-health ones.

    The second list is shown only to people who chose it (Profile.show_sexual_health); the others find
    it folded at the end of the catalog. Medication and own factors have their own sections.
    """
    loggable = [m for m in catalog().values() if m.slug not in ("medication", "custom")]
    return ([m for m in loggable if m.section == "everyday"], [m for m in loggable if m.section == "sexual_health"])


def get_modality(slug: str) -> Modality:
    """The catalog entry for ``slug``; ValidationError naming the field when unknown."""
    try:
        return catalog()[slug]
    except KeyError:
        raise ValidationError({"modality": gettext("Unknown modality %(slug)s.") % {"slug": repr(slug)}}) from None


def repeatable_details(modality: Modality, details: dict[str, Any]) -> dict[str, Any]:
    """The details "log again" copies: not the answers about how that one time felt."""
    keep = {f.name for f in modality.fields if f.repeat}
    return {k: v for k, v in details.items() if k in keep}


def choice_label(choice: str) -> str:
    return choice.replace("_", " ").replace("7oh", "7-OH").capitalize()


def _clean_value(spec: DetailField, value: Any) -> Any:
    if spec.type == "bool":
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if spec.type in ("int", "float"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("must be a number")
        if spec.type == "int" and float(value) != int(value):
            raise ValueError("must be a whole number")
        if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
            raise ValueError(f"must be between {spec.min:g} and {spec.max:g}")
        return int(value) if spec.type == "int" else float(value)
    if spec.type == "choice":
        if value not in spec.choices:
            raise ValueError(f"must be one of {', '.join(spec.choices)}")
        return value
    if spec.type == "multi":
        if not isinstance(value, list) or any(v not in spec.choices for v in value):
            raise ValueError(f"must be a list of {', '.join(spec.choices)}")
        return value
    if not isinstance(value, str) or len(value) > spec.max_length:
        raise ValueError(f"must be text of at most {spec.max_length} characters")
    return value


def clean_details(modality: Modality, details: dict[str, Any]) -> dict[str, Any]:
    """Details validated against the modality's schema: unknown, missing or out-of-range values are errors."""
    if not isinstance(details, dict):
        raise ValidationError({"details": gettext("Details must be an object of named values.")})
    specs = {f.name: f for f in modality.fields}
    errors: dict[str, str] = {f"details.{k}": "Unknown field for this modality." for k in details if k not in specs}
    cleaned: dict[str, Any] = {}
    for name, spec in specs.items():
        value = details.get(name)
        if value is None or value == "":
            if spec.required:
                errors[f"details.{name}"] = f"{spec.label} is required."
            continue
        try:
            cleaned[name] = _clean_value(spec, value)
        except ValueError as exc:
            errors[f"details.{name}"] = f"{spec.label} {exc}."
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_amount(modality: Modality, *, amount: float | None, unit: str, duration_minutes: int | None) -> None:
    """Refuse negative, zero or absurd amounts and durations (over the catalog's per-entry ceiling)."""
    spec = modality.amount
    if duration_minutes is not None:
        ceiling = spec.units.get("min", 1440) if spec.kind == "duration" else 1440
        if duration_minutes <= 0 or duration_minutes > ceiling:
            raise ValidationError(
                {
                    "duration_minutes": gettext("Duration must be between 1 and %(ceiling)s minutes.")
                    % {"ceiling": format(ceiling, "g")}
                }
            )
    if amount is None:
        return
    if spec.kind != "amount":
        raise ValidationError(
            {"amount": gettext("%(name)s is logged by duration, not by amount.") % {"name": modality.name}}
        )
    if unit not in spec.units:
        raise ValidationError(
            {
                "unit": gettext("Unit must be one of %(join)s for %(name)s.")
                % {"join": ", ".join(spec.units), "name": modality.name}
            }
        )
    if amount <= 0:
        raise ValidationError({"amount": gettext("Amount must be more than zero.")})
    if amount > spec.units[unit]:
        raise ValidationError(
            {
                "amount": gettext(
                    "%(amount)s %(unit)s is above the %(value)s %(unit2)s limit for one entry; check for a typo."
                )
                % {"amount": format(amount, "g"), "unit": unit, "value": format(spec.units[unit], "g"), "unit2": unit}
            }
        )
