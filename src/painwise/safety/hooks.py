"""Safety notices after a therapy entry is saved: warning signs when a session's details suggest injury."""

from __future__ import annotations

from django.urls import reverse

from painwise.core.content import Source
from painwise.core.hooks import Notice
from painwise.safety.red_flags import entry_prompts_for
from painwise.therapies.models import TherapyEntry


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
                body=f"{prompt.body} Get checked for these warning signs: {signs}.",
                sources=tuple(_source_text(source) for source in prompt.sources),
                link=f"{reverse('safety:red_flags')}?context={prompt.checklist_context}",
                code=f"red_flags:{prompt.id}",
            )
        )
    return notices
