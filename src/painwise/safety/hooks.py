"""Safety notices after a save.

- A therapy entry whose details suggest injury: the warning signs to get checked.
- A check-in, pain episode or therapy entry whose text mentions suicide or self-harm: the crisis lines,
  once (as a notice), and a safety event. The save itself is never blocked.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from painwise.core.content import Source
from painwise.core.hooks import Notice
from painwise.safety.mentions import mentions_self_harm
from painwise.safety.models import SafetyEvent
from painwise.safety.red_flags import entry_prompts_for
from painwise.safety.services import record_mention
from painwise.therapies.services import TherapyEntry


def _source_text(source: Source) -> str:
    ref = f"doi:{source.doi}" if source.doi else source.guideline or source.url or ""
    return f"{source.citation} ({ref})" if ref else source.citation


def entry_red_flag_notices(entry: TherapyEntry) -> list[Notice]:
    """One notice per prompt the entry fires: what to do now, the warning signs to get checked, and the checklist."""
    notices = []
    for prompt, flags in entry_prompts_for(entry.modality, entry.details or {}):
        signs = "; ".join(flag.question.rstrip(".") for flag in flags)
        notices.append(
            Notice(
                level=prompt.level,
                title=prompt.title,
                body=gettext("%(body)s Get checked for these warning signs: %(signs)s.")
                % {"body": prompt.body, "signs": signs},
                sources=tuple(_source_text(source) for source in prompt.sources),
                link=f"{reverse('safety:red_flags')}?context={prompt.checklist_context}",
                code=f"red_flags:{prompt.id}",
            )
        )
    return notices


# Free-text fields searched in each kind of record.
TEXT_FIELDS = {
    "CheckIn": (SafetyEvent.Source.CHECKIN, ("notes", "activities_note")),
    "PainEpisode": (SafetyEvent.Source.EPISODE, ("notes", "helped")),
    "TherapyEntry": (SafetyEvent.Source.THERAPY_ENTRY, ("notes", "side_effects")),
}


def mention_check(record: Any) -> list[Notice]:
    """The crisis-lines notice when a free-text field of ``record`` mentions suicide or self-harm."""
    source, fields = TEXT_FIELDS[type(record).__name__]
    matched = [name for name in fields if mentions_self_harm(getattr(record, name, ""))]
    if not matched:
        return []
    return [record_mention(user=record.user, source=source, source_id=record.pk, fields=matched)]
