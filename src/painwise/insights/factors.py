"""What kind of factor an entry is, for the insights engine: taken as needed, dependence-forming, a medicine.

- As needed (rescue): a medication whose schedule says so ("as needed", "prn", "when required", ...), a
  catalog entry whose reason is pain, withdrawal relief or sleep (kratom, alcohol), or an own factor marked
  "I use this when pain is bad". Unknown schedule text is simply not as needed.
- Dependence: a catalog therapy whose evidence card says never recommend, or a drug whose classes in the
  drug list (content/drugs.yaml ``dependence``) can cause dependence: opioids, benzodiazepines, Z-drugs,
  gabapentinoids, alcohol and kratom.
- Medicine: anything from the person's medication list (an experiment only with the prescriber).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps

from painwise.substances.services import causes_dependence, drug_by_key, read_name, reading_of_keys

# Reasons (the catalog's "reason" field) that mean the entry was taken because the day was bad.
AS_NEEDED_REASONS: frozenset[str] = frozenset({"pain", "withdrawal_relief", "sleep"})

# Schedule wording that means "taken when needed" in English prescriptions and labels.
_AS_NEEDED_SCHEDULE = re.compile(
    r"\b(?:as|when|whenever|if)\s*(?:it\s+is\s+)?(?:needed|required|necessary|directed\s+for\s+pain)\b"
    r"|\bp\.?\s*r\.?\s*n\b\.?"
    r"|\bpro\s+re\s+nata\b"
    r"|\bon\s+demand\b"
    r"|\b(?:when|if)\s+(?:the\s+|my\s+)?pain\b"
    r"|\bfor\s+(?:flares?|breakthrough)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FactorKind:
    """Per entry: taken as needed; a dependence-forming or never-recommended substance; a listed medicine."""

    as_needed: bool = False
    dependence: bool = False
    medicine: bool = False


def schedule_is_as_needed(schedule: str) -> bool:
    """Whether a medication's free-text schedule says it is taken as needed ("as needed", "PRN",
    "when required", "if pain is bad", ...). Text that says nothing of the kind is not as needed."""
    return bool(_AS_NEEDED_SCHEDULE.search(schedule or ""))


def medication_kind(*, name: str, schedule: str, drug_key: str) -> FactorKind:
    """A medication from the list: as needed by its schedule; dependence when any ingredient (of its stored
    drug key, else of its name, e.g. co-codamol's codeine) is of a dependence class."""
    reading = (reading_of_keys(drug_key) if drug_key else None) or read_name(name)
    dependence = any(causes_dependence(ingredient.classes) for ingredient in reading.ingredients)
    return FactorKind(as_needed=schedule_is_as_needed(schedule), dependence=dependence, medicine=True)


def modality_kind(slug: str, details: Mapping[str, Any] | None) -> FactorKind:
    """A catalog therapy: as needed when its reason says so, dependence by its evidence card or drug list."""
    reason = (details or {}).get("reason")
    return FactorKind(as_needed=reason in AS_NEEDED_REASONS, dependence=modality_dependence(slug))


@cache
def modality_dependence(slug: str) -> bool:
    """A catalog therapy that is a dependence-forming drug (by the drug list) or never recommended."""
    drug = drug_by_key(slug)
    if drug is not None and causes_dependence(drug.classes):
        return True
    return _never_recommended(slug)


def _never_recommended(slug: str) -> bool:
    if not apps.is_installed("painwise.evidence"):
        return False
    from painwise.evidence.services import card_slugs, load_card

    return slug in card_slugs() and load_card(slug).never_recommend


def reason_modalities() -> frozenset[str]:
    """Catalog therapies with a "reason" field, whose details are read to tell as-needed use."""
    from painwise.therapies.services import catalog

    return frozenset(slug for slug, modality in catalog().items()
                     if any(f.name == "reason" for f in modality.fields))
