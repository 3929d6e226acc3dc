"""The therapies' record kinds, declared once (pure Python, no Django: the simulator may import it).

For now: how the statistics name a factor (``factor_slug``) and read such a name back (``slug_parts``).
"""

from __future__ import annotations

MEDICATION_PREFIX = "medication:"
CUSTOM_PREFIX = "custom:"


def factor_slug(*, modality: str, medication: str | None = None, factor: str | None = None) -> str:
    """The identity the statistics give a therapy entry: ``medication:<name>`` for a medication of the
    person's list, ``custom:<name>`` for one of their own factors, else the catalogue modality."""
    if medication is not None:
        return f"{MEDICATION_PREFIX}{medication}"
    if factor is not None:
        return f"{CUSTOM_PREFIX}{factor}"
    return modality


def slug_parts(slug: str) -> tuple[str, str]:
    """(kind, name) of a factor slug: ("medication", name), ("custom", name) or ("modality", slug)."""
    for kind, prefix in (("medication", MEDICATION_PREFIX), ("custom", CUSTOM_PREFIX)):
        if slug.startswith(prefix):
            return kind, slug.removeprefix(prefix)
    return "modality", slug
