"""Substance services: interaction warnings for a person, their kratom pattern, withdrawal checks, legal position.

The arithmetic lives in the pure modules (``interactions``, ``kratom``, ``dependence``, ``legal``); these
functions only gather the person's records and adapt them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext

from painwise.accounts.services import local_today, profile_of, user_zone
from painwise.core.charts import FONT_PX, Size
from painwise.core.content import Source
from painwise.core.hooks import Notice
from painwise.substances import drugs, interactions, legal, withdrawal
from painwise.substances.dependence import DependenceSignal, dependence_signals
from painwise.substances.drugs import NameReading
from painwise.substances.drugs import causes_dependence as causes_dependence
from painwise.substances.drugs import drug_by_key as drug_by_key
from painwise.substances.drugs import read_name as read_name
from painwise.substances.drugs import reading_of_keys as reading_of_keys
from painwise.substances.interactions import InteractionWarning, Item, check_interactions, resolve
from painwise.substances.kratom import Dose, Total, daily_totals, fill_days, weekly_totals
from painwise.substances.models import WithdrawalCheck
from painwise.substances.withdrawal import AnswerError, CheckResult, score_check
from painwise.therapies.services import (
    Medication,
    TherapyEntry,
    dose_entries_since,
    doses_of,
    entry_times_since,
    has_entries_of,
    medications_by_name,
)

if TYPE_CHECKING:
    from painwise.core.types import User


if TYPE_CHECKING:
    from matplotlib.figure import Figure

KRATOM = "kratom"
ALCOHOL = "alcohol"
SUBSTANCE_MODALITIES = (KRATOM, ALCOHOL)
PATTERN_DAYS = 28
PATTERN_WEEKS = 12
# A medication's stored drug_key joins the keys of all its ingredients: "codeine+paracetamol".
STORED_KEY_SEPARATOR = "+"
NOTICE_LEVELS = {"serious": "serious", "caution": "caution", "not_checked": "info"}


def load_content() -> None:
    """Load and cross-check every substance content file; raises ContentError or UnknownRuleTargetError."""
    drugs.catalog()
    interactions.table()
    legal.table()
    withdrawal.content()


def drug_classes_of(name: str) -> frozenset[str]:
    """Every drug class (with its parent classes) of the drugs recognised in a typed name ("kratom",
    "Lyrica 75 mg", "medication:Sertraline"); empty when nothing in it is on the drug list."""
    reading = drugs.read_name(name)
    return drugs.expand_classes(frozenset(c for drug in reading.ingredients for c in drug.classes))


# --- interactions -------------------------------------------------------------------------------


def medication_items(*, user: User) -> list[Item]:
    """The person's active medications as checker items (name as typed, matched drug key if any)."""
    return [Item(label=m.name, drug_key=m.drug_key) for m in medications_by_name(user=user, active_only=True)]


def recent_substance_items(*, user: User, now: dt.datetime | None = None) -> list[Item]:
    """Kratom and alcohol logged within the rule table's recent window, as checker items."""
    since = (now or timezone.now()) - dt.timedelta(days=interactions.table().recent_log_days)
    return [_substance_item(entry) for entry in entry_times_since(user=user, modalities=SUBSTANCE_MODALITIES,
                                                                   since=since)]


def _substance_item(entry: TherapyEntry) -> Item:
    drug = drug_by_key(entry.modality)
    return Item(label=drug.name if drug else entry.modality, drug_key=entry.modality, logged_at=entry.taken_at)


def interaction_warnings(*, user: User, now: dt.datetime | None = None) -> list[InteractionWarning]:
    """Every warning for the person's active list and recent kratom/alcohol logs, serious first."""
    return check_interactions(medication_items(user=user), recent_substance_items(user=user, now=now))


def involving(warnings: list[InteractionWarning], drug_keys: Iterable[str]) -> list[InteractionWarning]:
    """The interaction warnings with a pair naming one of these drugs, limited to those pairs."""
    keys = list(drug_keys)
    narrowed = [w.narrowed_to(keys) for w in warnings if w.is_interaction]
    return [w for w in narrowed if w is not None]


def unchecked_for(warnings: list[InteractionWarning], name: str) -> list[InteractionWarning]:
    """The "not checked for interactions" warnings for one medication name (whole or in part)."""
    return [w for w in warnings if not w.is_interaction and w.items == (name.strip(),)]


def interactions_report(warnings: list[InteractionWarning]) -> dict[str, Any]:
    """Warnings as plain data (for the API and ``painwise interactions --json``), with the table's caveats."""
    table = interactions.table()
    return {
        "warnings": [
            {
                "severity": w.severity,
                "title": w.title,
                "items": list(w.items),
                "drug_keys": list(w.drug_keys),
                "pairs": [{"items": list(p.labels), "drug_keys": list(p.keys)} for p in w.pairs],
                "mechanism": w.mechanism,
                "what_to_do": w.what_to_do,
                "talk_to_clinician": w.talk_to_clinician,
                "rule_id": w.rule_id,
                "case_reports": list(w.case_reports),
                "sources": [s.model_dump() for s in w.sources],
            }
            for w in warnings
        ],
        "serious": interactions.serious_count(warnings),
        "not_checked": [w.unchecked_name for w in warnings if not w.is_interaction],
        "limits": table.limits,
        "recent_log_days": table.recent_log_days,
    }


def source_text(source: Source) -> str:
    """One citation with its identifier, as shown under a warning."""
    if source.doi:
        return f"{source.citation}, doi:{source.doi}"
    return f"{source.citation}, {source.url or source.guideline}"


def as_notice(warning: InteractionWarning) -> Notice:
    """An interaction warning in the shape the shared notices hook shows at once (browser and API)."""
    applies = f"Applies to: {'; '.join(p.text for p in warning.pairs)}." if warning.pairs else ""
    parts = (applies, warning.mechanism, warning.what_to_do, warning.talk_to_clinician)
    body = " ".join(part for part in parts if part)
    return Notice(
        level=NOTICE_LEVELS[warning.severity],  # type: ignore[arg-type]
        title=warning.title,
        body=body,
        sources=tuple(source_text(s) for s in warning.sources),
        link=reverse("substances:interactions"),
        code=f"interaction:{warning.rule_id}" if warning.rule_id else "not_checked",
    )


@dataclass(frozen=True)
class ListedMedication:
    """A medication on the person's list with what the checker made of its name."""

    medication: Medication
    reading: NameReading

    @property
    def checked(self) -> bool:
        """False when nothing in the name is on the drug list: "not checked for interactions"."""
        return self.reading.recognised

    @property
    def checked_as(self) -> str:
        """The recognised ingredients, e.g. "Codeine + Paracetamol"."""
        return " + ".join(drug.name for drug in self.reading.ingredients)

    @property
    def unchecked_parts(self) -> tuple[str, ...]:
        """Parts of the name not on the drug list (the whole name when nothing was recognised)."""
        return self.reading.unknown_parts


def reading_of(medication: Medication) -> NameReading:
    """What the checker makes of a medication: its ingredients and any part of its name it cannot check."""
    return resolve(Item(label=medication.name, drug_key=medication.drug_key))


def listed_medications(*, user: User) -> list[ListedMedication]:
    """The person's whole list (active first) with each name's ingredients and unrecognised parts."""
    rows = medications_by_name(user=user, active_first=True)
    return [ListedMedication(m, reading_of(m)) for m in rows]


def match_and_store_drug_key(medication: Medication) -> NameReading:
    """Read the medication's name and store its ingredient keys ("codeine+paracetamol") when blank or stale."""
    reading = reading_of(medication)
    key = STORED_KEY_SEPARATOR.join(reading.keys)
    if medication.drug_key != key:
        medication.drug_key = key
        medication.save(update_fields=["drug_key"])
    return reading


# --- kratom pattern ----------------------------------------------------------------------------


def _amount_in_form_unit(entry: TherapyEntry, form: str) -> float:
    if entry.amount is None:
        return 0.0  # counts towards how often, not how much
    wanted = drugs.ceiling_for(substance=KRATOM, form=form).unit
    if entry.unit == wanted or entry.unit not in ("g", "mg"):
        return float(entry.amount)
    return float(entry.amount) * (1000 if entry.unit == "g" else 0.001)


def kratom_doses(*, user: User, since: dt.date | None = None) -> list[Dose]:
    """The person's kratom entries as doses in local time, amounts in grams (leaf) or mg (extracts)."""
    zone = user_zone(user)
    # Only what a dose is made of is read (and decrypted), not the notes or side effects.
    return [_dose(entry, zone) for entry in doses_of(user=user, modality=KRATOM, since=since)]


def _dose(entry: TherapyEntry, zone: dt.tzinfo) -> Dose:
    form = entry.details.get("form") or "leaf_powder"
    return Dose(
        taken_at=timezone.localtime(entry.taken_at, zone),
        amount=_amount_in_form_unit(entry, form),
        form=form,
        reason=entry.details.get("reason") or "other",
        strain_label=entry.details.get("strain_label") or "",
    )


def withdrawal_results(*, user: User) -> list[CheckResult]:
    """The person's completed withdrawal checks as (day, total) results, oldest first."""
    rows = WithdrawalCheck.objects.filter(user=user).order_by("day", "created_at").only("day", "total")
    return [CheckResult(day=c.day, total=c.total) for c in rows]


@dataclass(frozen=True)
class KratomPattern:
    """Everything the kratom pattern page shows."""

    today: dt.date
    daily: list[Total]
    weekly: list[Total]
    signals: list[DependenceSignal]
    checks: list[WithdrawalCheck]
    has_entries: bool
    uses_extracts: bool
    talk_to_clinician: str
    resources: list[withdrawal.Resource] = field(default_factory=list)


def kratom_pattern(*, user: User, today: dt.date | None = None) -> KratomPattern:
    """Daily totals (last 28 days), weekly totals (last 12 weeks), dependence signals and support."""
    today = today or local_today(user)
    doses = kratom_doses(user=user, since=today - dt.timedelta(weeks=PATTERN_WEEKS))
    first_day = today - dt.timedelta(days=PATTERN_DAYS - 1)
    support = withdrawal.content().support
    return KratomPattern(
        today=today,
        daily=fill_days(daily_totals(d for d in doses if d.day >= first_day), first=first_day, last=today),
        weekly=weekly_totals(doses),
        signals=dependence_signals(doses, withdrawal_results(user=user), today=today),
        checks=list(WithdrawalCheck.objects.filter(user=user)[:10]),
        has_entries=bool(doses),
        uses_extracts=any(d.unit == "mg" for d in doses),
        talk_to_clinician=support.talk_to_clinician,
        resources=withdrawal.resources_for(profile_of(user).country),
    )


def kratom_signals(*, user: User, today: dt.date | None = None) -> list[DependenceSignal]:
    """The dependence signals of ``kratom_pattern`` alone (what the home page asks): two queries, none for
    the totals and the list of checks it does not show."""
    today = today or local_today(user)
    doses = kratom_doses(user=user, since=today - dt.timedelta(weeks=PATTERN_WEEKS))
    return dependence_signals(doses, withdrawal_results(user=user), today=today)


@dataclass(frozen=True)
class HomeConcerns:
    """What the home page's substances panel shows."""

    serious: list[InteractionWarning]
    signals: list[DependenceSignal]


def home_concerns(*, user: User, now: dt.datetime | None = None) -> HomeConcerns:
    """The serious warnings of ``interaction_warnings`` and, for a person who ever logged kratom, the signals of
    ``kratom_signals``: the same results from one read of the kratom and alcohol entries both look at (those
    two read them separately, and a third query asked whether any kratom entry exists; it still does, only
    when none is among the entries read)."""
    now = now or timezone.now()
    today = local_today(user)
    recent_since = now - dt.timedelta(days=interactions.table().recent_log_days)
    doses_since = today - dt.timedelta(weeks=PATTERN_WEEKS)
    rows = dose_entries_since(user=user, modalities=SUBSTANCE_MODALITIES, taken_since=recent_since,
                              day_since=doses_since)  # newest first
    recent = [_substance_item(entry) for entry in rows if entry.taken_at >= recent_since]
    warnings = check_interactions(medication_items(user=user), recent)
    serious = [w for w in warnings if w.severity == "serious"]
    kratom = sorted((entry for entry in rows if entry.modality == KRATOM and entry.day >= doses_since),
                    key=lambda entry: entry.taken_at)
    has_kratom = any(entry.modality == KRATOM for entry in rows) or has_entries_of(user=user, modality=KRATOM)
    if not has_kratom:
        return HomeConcerns(serious=serious, signals=[])
    zone = user_zone(user)
    doses = [_dose(entry, zone) for entry in kratom]
    return HomeConcerns(serious=serious, signals=dependence_signals(doses, withdrawal_results(user=user), today=today))


def kratom_chart_figure(*, pattern: KratomPattern, size: Size = "phone") -> Figure:
    """Bars of daily kratom grams (and extract milligrams, hatched, on their own axis) over 28 days, drawn for
    the ``size`` it is shown at: text at least 12 CSS px, a date under each week that never overlaps."""
    from painwise.core.charts import PALETTE, readable, screen_figure

    figure = screen_figure(size=size, height=250)
    axes = figure.add_subplot()
    positions = list(range(len(pattern.daily)))
    axes.bar(positions, [t.grams for t in pattern.daily], color=PALETTE[0], label=gettext("Leaf and capsules (g)"))
    axes.set_ylabel(gettext("grams per day"))
    weekly_ticks = positions[::7]
    axes.set_xticks(weekly_ticks, [date_format(pattern.daily[i].start, "j M") for i in weekly_ticks])
    readable(axes)
    if pattern.uses_extracts:
        extract_axes = axes.twinx()
        extract_axes.bar(
            positions,
            [t.milligrams for t in pattern.daily],
            color="none",
            edgecolor=PALETTE[1],
            hatch="//",
            label=gettext("Extracts (mg)"),
        )
        extract_axes.set_ylabel(gettext("extract mg per day"))
        readable(extract_axes)
    axes.set_title(gettext("Kratom per day, last 28 days"))
    axes.title.set_fontsize(FONT_PX)
    return figure


def kratom_chart_svg(*, pattern: KratomPattern, size: Size = "phone") -> bytes:
    """The kratom chart as SVG bytes (see ``kratom_chart_figure``)."""
    from painwise.core.charts import to_svg

    title = gettext("Kratom per day over the last 28 days")
    return to_svg(kratom_chart_figure(pattern=pattern, size=size), title=title)


# --- withdrawal checks ------------------------------------------------------------------------------


@transaction.atomic
def record_withdrawal_check(*, user: User, answers: dict[str, int], day: dt.date | None = None) -> WithdrawalCheck:
    """Save a completed withdrawal check (answers in points per symptom); ValidationError on bad answers."""
    try:
        total = score_check(answers)
    except AnswerError as exc:
        raise ValidationError({"answers": str(exc)}) from None
    check = WithdrawalCheck(user=user, day=day or local_today(user), answers=dict(answers), total=total)
    check.full_clean(exclude=["user"])
    check.save()
    return check


def delete_withdrawal_check(*, check: WithdrawalCheck) -> None:
    """Remove one withdrawal check."""
    check.delete()


# --- legal position and the clinician report ---------------------------------------------------------


def legal_position_for(*, user: User, country: str = "", region: str = "") -> legal.LegalPosition:
    """Kratom's legal position for the given place, defaulting to the country and region in the profile."""
    profile = profile_of(user)
    if not country:
        country, region = profile.country, region or profile.region
    return legal.legal_position(country=country, region=region)


def clinician_summary(*, user: User, today: dt.date | None = None) -> dict[str, Any]:
    """What the clinician report should include: dependence signals and interaction warnings, plainly."""
    pattern = kratom_pattern(user=user, today=today)
    return {
        "dependence_signals": [{"title": s.title, "figures": s.figures} for s in pattern.signals],
        "interaction_warnings": [
            {"severity": w.severity, "title": w.title, "items": list(w.items)} for w in interaction_warnings(user=user)
        ],
    }
