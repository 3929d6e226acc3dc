"""Record what the safety engine showed a person, and let them acknowledge a crisis screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from painwise.accounts.services import profile_of
from painwise.core.fields import blind_lookup
from painwise.core.hooks import Notice
from painwise.safety.crisis import CRISIS_FLAGS as CRISIS_FLAGS
from painwise.safety.crisis import Region
from painwise.safety.crisis import crisis_content as crisis_content
from painwise.safety.crisis import crisis_lines_for as crisis_lines_for
from painwise.safety.models import SafetyEvent as SafetyEvent
from painwise.safety.ptsd import suggests_ptsd as suggests_ptsd
from painwise.safety.ptsd import support_content as support_content
from painwise.safety.ptsd import support_for as support_for
from painwise.safety.red_flags import RedFlagGuidance, UnknownRedFlagError, evaluate_red_flags

if TYPE_CHECKING:
    from painwise.core.types import User, Visitor



def lines_for_user(user: Visitor) -> Region:
    """Crisis lines for the country in the person's profile (the generic fallback when none is set)."""
    country = profile_of(user).country if user is not None and user.is_authenticated else None
    return crisis_lines_for(country)


def _lines_shown(region: Region) -> list[dict[str, Any]]:
    return [line.model_dump(exclude_none=True) for line in region.lines]


def lines_in_words(region: Region) -> str:
    """The lines as one sentence for a message or the terminal: "3114 Numéro national …: 3114; SAMU: 15"."""
    parts = []
    for line in region.lines:
        reach = " or text ".join(part for part in (line.number, line.text) if part) or line.web
        if reach:
            parts.append(f"{line.name}: {reach}")
    return "; ".join(parts)


def safety_support(*, user: User, result: Any) -> dict[str, Any]:
    """Template context for a questionnaire result: ``ptsd`` (trauma-therapy information, or None), the
    person's ``region`` and the ``no_country`` message for the lines shown with it."""
    country = profile_of(user).country if user is not None and user.is_authenticated else None
    ptsd = support_for(result, country=country) if result is not None else None
    return {"ptsd": ptsd, "region": crisis_lines_for(country), "no_country": crisis_content().no_country}


@transaction.atomic
def record_mention(*, user: User, source: str, source_id: int | None, fields: Iterable[str]) -> Notice:
    """A saved text mentioned suicide or self-harm: record that the lines were shown and return the notice.

    ``fields`` names the fields that matched (never their text). Nothing has to be acknowledged.
    """
    region = lines_for_user(user)
    message = crisis_content().mention
    details = {"title": message.title, "fields": sorted(fields), "region": region.name, "lines": _lines_shown(region)}
    event = SafetyEvent(
        user=user,
        kind=SafetyEvent.Kind.MENTION,
        source=source,
        source_id=source_id,
        urgency=SafetyEvent.Urgency.CRISIS,
        details=details,
    )
    event.full_clean()
    event.save()
    body = f"{message.body} {lines_in_words(region)}."
    if region.is_fallback:
        body += f" {crisis_content().no_country.body}"
    return Notice(level="caution", title=message.title, body=body, link=reverse("safety:help"), code="crisis_mention")


@transaction.atomic
def record_crisis(*, user: User, flags: Iterable[str], source: str, source_id: int | None) -> SafetyEvent:
    """Record that the crisis screen was shown: the flags that raised it and the lines it listed."""
    raised = sorted(set(flags) & CRISIS_FLAGS)
    if not raised:
        raise ValueError("record_crisis needs a crisis flag")
    region = lines_for_user(user)
    screen = crisis_content().screen
    event = SafetyEvent(
        user=user,
        kind=SafetyEvent.Kind.CRISIS,
        source=source,
        source_id=source_id,
        urgency=SafetyEvent.Urgency.CRISIS,
        details={
            "flags": raised,
            "title": screen.title,
            "region": region.name,
            "lines": _lines_shown(region),
            "clinician_prompt": screen.clinician_prompt,
        },
    )
    event.full_clean()
    event.save()
    return event


def pending_crisis(*, user: User) -> SafetyEvent | None:
    """The oldest crisis screen the person has not yet acknowledged, if any."""
    if user is None or not user.is_authenticated:
        return None
    events = SafetyEvent.objects.filter(
        user=user, acknowledged_at__isnull=True, **blind_lookup(SafetyEvent, user, kind=SafetyEvent.Kind.CRISIS))
    return events.order_by("created_at").first()


@transaction.atomic
def acknowledge(*, event: SafetyEvent, confirmed: bool) -> SafetyEvent:
    """Mark a crisis screen as read. ``confirmed`` is the person's explicit tick; without it nothing changes."""
    if not confirmed:
        raise ValidationError({"acknowledged": gettext("Please tick the box to confirm you have read this.")})
    if event.acknowledged_at is None:
        event.acknowledged_at = timezone.now()
        event.save(update_fields=["acknowledged_at"])
    return event


@transaction.atomic
def record_red_flags(
    *, user: User, checked: Iterable[str], source: str, source_id: int | None = None
) -> tuple[SafetyEvent | None, RedFlagGuidance]:
    """Evaluate a ticked red-flag checklist; record a safety event when anything was ticked.

    Returns the event (None when nothing was ticked) and the guidance at the highest urgency.
    Unknown flag ids raise ValidationError on ``checked`` and nothing is saved.
    """
    try:
        guidance = evaluate_red_flags(checked)
    except UnknownRedFlagError as exc:
        raise ValidationError({"checked": str(exc)}) from None
    if guidance.urgency is None:
        return None, guidance
    event = SafetyEvent(
        user=user,
        kind=SafetyEvent.Kind.RED_FLAG,
        source=source,
        source_id=source_id,
        urgency=guidance.urgency,
        details=_guidance_details(guidance),
    )
    event.full_clean()
    event.save()
    return event, guidance


def _guidance_details(guidance: RedFlagGuidance) -> dict[str, Any]:
    return {
        "title": guidance.title,
        "guidance": guidance.guidance,
        "flags": [
            {"id": flag.id, "question": flag.question, "urgency": flag.urgency, "guidance": flag.guidance}
            for flag in guidance.flags
        ],
    }


def events_for(*, user: User) -> QuerySet[SafetyEvent]:
    """The person's safety events, newest first."""
    return SafetyEvent.objects.filter(user=user)


def event_summary(event: SafetyEvent) -> dict[str, Any]:
    """A plain description of an event for lists, the API and the clinician report."""
    details = event.details or {}
    return {
        "id": event.id,
        "kind": event.kind,
        "kind_label": event.get_kind_display(),
        "source": event.source,
        "source_id": event.source_id,
        "urgency": event.urgency,
        "urgency_label": event.get_urgency_display(),
        "created_at": event.created_at,
        "acknowledged_at": event.acknowledged_at,
        "title": details.get("title", ""),
        "flags": details.get("flags", []),
        "lines": details.get("lines", []),
        "guidance": details.get("guidance", ""),
    }


@dataclass(frozen=True)
class SourceRef:
    """How an export names the record a safety event came from, for a source another domain owns (that domain
    imports safety, so safety cannot read its records): ``ref_of(user id, record id)`` gives the name ("" when
    the record is gone), and the record is found again in an imported file among ``section``'s records by it."""

    ref_of: Callable[[int, int], str]
    section: str


# Source (SafetyEvent.Source) -> its SourceRef; filled by the owning domains at start-up.
SOURCE_REFS: dict[str, SourceRef] = {}


def add_source_ref(source: str, *, ref_of: Callable[[int, int], str], section: str) -> None:
    """Register how the events of ``source`` name their record in an export (see ``SourceRef``)."""
    SOURCE_REFS[source] = SourceRef(ref_of=ref_of, section=section)
