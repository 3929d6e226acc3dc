"""What Painwise shows at once after a kratom or alcohol entry or a medication is saved, and on the home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext

from painwise.core.hooks import Notice
from painwise.core.types import AuthedRequest
from painwise.substances import services
from painwise.substances.drugs import ceiling_for
from painwise.substances.kratom import is_higher_risk
from painwise.therapies.services import Medication, TherapyEntry


def _higher_risk_notice(form: str) -> Notice:
    ceiling = ceiling_for(substance=services.KRATOM, form=form)
    return Notice(
        level="serious",
        title=gettext("%(label)s: the highest-risk kind of kratom product") % {"label": ceiling.label},
        body=ceiling.note,
        sources=tuple(services.source_text(s) for s in ceiling.sources),
        link=reverse("evidence:card", args=[services.KRATOM]),
        code="kratom:higher_risk_product",
    )


def _pattern_notice() -> Notice:
    return Notice(
        level="info",
        title=gettext("Your kratom log shows a pattern worth a look"),
        body=gettext(
            "There is no judgement here. Your pattern page explains what Painwise noticed and where support is."
        ),
        link=reverse("substances:kratom"),
        code="kratom:dependence_signals",
    )


def entry_notices(entry: TherapyEntry) -> list[Notice]:
    """After kratom or alcohol is logged: every interaction it has with the person's list, at once."""
    return entries_notices([entry])


def entries_notices(entries: list[TherapyEntry]) -> list[Notice]:
    """After kratom or alcohol entries are stored (one, or an import's): the notices, each once.

    The interactions and the kratom pattern are checked once for the whole batch, on the person's
    records as they now are, so an import of many kratom entries costs one check, not one per entry.
    """
    substances = [e for e in entries if e.modality in services.SUBSTANCE_MODALITIES]
    if not substances:
        return []
    user = substances[0].user
    warnings = services.interaction_warnings(user=user)
    notices: list[Notice] = []
    for modality in dict.fromkeys(e.modality for e in substances):
        notices += [services.as_notice(w) for w in services.involving(warnings, [modality])]
    kratom = [e for e in substances if e.modality == services.KRATOM]
    forms = dict.fromkeys(e.details.get("form", "") for e in kratom)
    notices += [_higher_risk_notice(form) for form in forms if form and is_higher_risk(form)]
    if kratom and services.kratom_pattern(user=user).signals:
        notices.append(_pattern_notice())
    return list(dict.fromkeys(notices))


def medication_notices(medication: Medication) -> list[Notice]:
    """After a medication is saved: read every ingredient, list its interactions, flag any part not checked."""
    reading = services.match_and_store_drug_key(medication)
    if not medication.active:
        return []
    warnings = services.interaction_warnings(user=medication.user)
    chosen = [*services.involving(warnings, reading.keys), *services.unchecked_for(warnings, medication.name)]
    return [services.as_notice(w) for w in chosen]


def home_panel(request: AuthedRequest) -> tuple[str, dict[str, Any]] | None:
    """A home-page panel when the person has serious interactions or kratom signals; otherwise nothing."""
    concerns = services.home_concerns(user=request.user)
    if not (concerns.serious or concerns.signals):
        return None
    return "substances/_home_panel.html", {"serious": concerns.serious, "signals": concerns.signals}
