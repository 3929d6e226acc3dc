"""What Painwise shows at once after a kratom or alcohol entry or a medication is saved, and on the home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from painwise.core.fields import blind_lookup
from painwise.core.hooks import Notice
from painwise.substances import services
from painwise.substances.drugs import ceiling_for
from painwise.substances.kratom import is_higher_risk
from painwise.therapies.models import Medication, TherapyEntry


def _higher_risk_notice(form: str) -> Notice:
    ceiling = ceiling_for(substance=services.KRATOM, form=form)
    return Notice(
        level="serious",
        title=f"{ceiling.label}: the highest-risk kind of kratom product",
        body=ceiling.note,
        sources=tuple(services.source_text(s) for s in ceiling.sources),
        link=reverse("evidence:card", args=[services.KRATOM]),
        code="kratom:higher_risk_product",
    )


def _pattern_notice() -> Notice:
    return Notice(
        level="info",
        title="Your kratom log shows a pattern worth a look",
        body="There is no judgement here. Your pattern page explains what Painwise noticed and where support is.",
        link=reverse("substances:kratom"),
        code="kratom:dependence_signals",
    )


def entry_notices(entry: TherapyEntry) -> list[Notice]:
    """After kratom or alcohol is logged: every interaction it has with the person's list, at once."""
    if entry.modality not in services.SUBSTANCE_MODALITIES:
        return []
    warnings = services.interaction_warnings(user=entry.user)
    notices = [services.as_notice(w) for w in services.involving(warnings, entry.modality)]
    if entry.modality == services.KRATOM:
        form = entry.details.get("form", "")
        if form and is_higher_risk(form):
            notices.append(_higher_risk_notice(form))
        if services.kratom_pattern(user=entry.user).signals:
            notices.append(_pattern_notice())
    return notices


def medication_notices(medication: Medication) -> list[Notice]:
    """After a medication is saved: match it to the drug list, flag it if unchecked, list its interactions."""
    match = services.match_and_store_drug_key(medication)
    if not medication.active:
        return []
    warnings = services.interaction_warnings(user=medication.user)
    if match is None:
        unchecked = [w for w in warnings if not w.is_interaction and w.items == (medication.name.strip(),)]
        return [services.as_notice(w) for w in unchecked]
    return [services.as_notice(w) for w in services.involving(warnings, match.key)]


def home_panel(request: Any) -> tuple[str, dict[str, Any]] | None:
    """A home-page panel when the person has serious interactions or kratom signals; otherwise nothing."""
    user = request.user
    serious = [w for w in services.interaction_warnings(user=user) if w.severity == "serious"]
    has_kratom = TherapyEntry.objects.filter(
        user=user, **blind_lookup(TherapyEntry, user, modality=services.KRATOM)).exists()
    signals = services.kratom_pattern(user=user).signals if has_kratom else []
    if not (serious or signals):
        return None
    return "substances/_home_panel.html", {"serious": serious, "signals": signals}
