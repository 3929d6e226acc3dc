"""The sections a report can have, in report order. The 60-second summary is always first.

Not offered because not built yet (omitted rather than faked): adherence to therapy plans,
experiments and programmes. Kratom and the trauma track are only included when ticked; so are the
scores of questionnaires that declare one of them as their ``share_section`` (the PTSD screens: trauma).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

SUMMARY = "summary"
# key -> (title, on by default); titles are translated where they are shown (section_title, the form)
SECTIONS: dict[str, tuple[str, bool]] = {
    SUMMARY: (gettext_noop("The 60-second summary"), True),
    "pain": (gettext_noop("Pain and PEG over the period"), True),
    "body_map": (gettext_noop("Where it hurts"), True),
    "flares": (gettext_noop("Flares"), True),
    "therapies": (gettext_noop("Therapies"), True),
    "medications": (gettext_noop("Medications and interactions"), True),
    "questionnaires": (gettext_noop("Questionnaire scores"), True),
    "helps": (gettext_noop("What helps me: what the diary says"), True),
    "safety": (gettext_noop("Safety events and red flags"), True),
    "kratom": (gettext_noop("Kratom pattern"), False),
    "trauma": (gettext_noop("Trauma track: daily items, grounding tools and PTSD screens"), False),
}
NOT_BUILT = (gettext_noop("adherence to therapy plans"), gettext_noop("experiments and programmes"))
DEFAULT_SECTIONS = tuple(key for key, (_, default) in SECTIONS.items() if default)


def section_title(key: str) -> str:
    """The section's title in the active language."""
    return gettext(SECTIONS[key][0])


def clean_sections(keys: list[str] | tuple[str, ...] | None) -> list[str]:
    """The chosen keys in report order with the summary first; ValidationError naming any unknown key."""
    chosen = set(keys) if keys else set(DEFAULT_SECTIONS)
    unknown = sorted(chosen - set(SECTIONS))
    if unknown:
        raise ValidationError(
            {
                "sections": gettext("Unknown section: %(join)s. Choose from %(join2)s.")
                % {"join": ", ".join(unknown), "join2": ", ".join(SECTIONS)}
            }
        )
    chosen.add(SUMMARY)
    return [key for key in SECTIONS if key in chosen]
