from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from painwise.accounts.services import profile_of
from painwise.core import datacache
from painwise.core.charts import chart_size
from painwise.core.types import AuthedRequest
from painwise.insights import page, services, tasks
from painwise.insights.charts import forest_svg
from painwise.insights.diary import OUTCOMES
from painwise.insights.forms import MeaningfulDifferenceForm
from painwise.nof1.wording import outcome_info


def _chosen_outcome(request: AuthedRequest) -> str | None:
    """The outcome asked for with ?outcome=, or None for all of them (extra outcomes only for their owner)."""
    outcome = request.GET.get("outcome", "")
    if outcome in OUTCOMES:
        return outcome
    return outcome if outcome and outcome in services.outcome_names(user=request.user) else None


def _form_for(request: AuthedRequest) -> MeaningfulDifferenceForm:
    profile = profile_of(request.user)
    return MeaningfulDifferenceForm(initial={"mode": profile.mcid_mode, "points": str(float(profile.mcid_points))})


@login_required
def overview(request: AuthedRequest) -> HttpResponse:
    chosen = _chosen_outcome(request)
    kept = tasks.insights_or_queue(user=request.user)
    if kept is None:  # a long diary with nothing kept: the worker works it out, the page waits for it
        return render(request, "helps/working.html", {"chosen": chosen})
    result = kept.insights
    choices = page.outcome_choices(result.outcomes)
    summary_html, sections_html = _results_html(request, kept, chosen, [name for name, _ in choices])
    context = {
        "result": result,
        "kept": kept,
        "summary_html": summary_html,
        "sections_html": sections_html,
        "chosen": chosen,
        "outcome_choices": choices,
        "disclaimer": page.disclaimer(),
        "form": _form_for(request),
    }
    return render(request, "helps/overview.html", context)


def _results_html(
    request: AuthedRequest, kept: services.KeptInsights, chosen: str | None, every_outcome: list[str],
) -> tuple[SafeString, SafeString]:
    """The summary and the sections of the page as HTML, kept per person, set of results, language and outcome:
    rendering their dozens of sentences, tables and links was most of the page's time. They hold nothing
    that differs per request (no CSRF field, no time of day)."""

    def draw() -> tuple[str, str]:
        result = kept.insights
        sections = page.sections(result.report, outcomes=[chosen] if chosen else every_outcome)
        context = {"result": result, "summary": page.summary(sections), "sections": sections, "chosen": chosen}
        return (render_to_string("helps/_summary.html", context), render_to_string("helps/_sections.html", context))

    name = (f"helps-page:{kept.version}:{kept.prior_version}:{kept.computed_at.isoformat()}:"
            f"{translation.get_language()}:{chosen or ''}")
    summary_html, sections_html = datacache.cached(request.user.pk, name, draw)
    return mark_safe(summary_html), mark_safe(sections_html)  # noqa: S308 (rendered by our templates, escaped)


@login_required
def status(request: AuthedRequest) -> HttpResponse:
    """The working page's poll (htmx): 204 while the first results are being worked out, then a reload of the
    page. Without htmx (someone following the address), the page itself."""
    if request.headers.get("HX-Request") != "true":
        return redirect("helps:overview")
    if not services.first_results_ready(user=request.user):
        return HttpResponse(status=204)
    response = HttpResponse(status=200)
    response["HX-Refresh"] = "true"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def chart(request: AuthedRequest) -> HttpResponse:
    outcome = _chosen_outcome(request) or page.PRIMARY_OUTCOME
    kept = services.current_insights(user=request.user)
    size = chart_size(request.GET.get("size"))

    def draw() -> bytes:
        result = kept.insights
        section = next(iter(page.sections(result.report, outcomes=[outcome])), None)
        rows = [(row.insight, row.when) for row in section.chart_rows] if section else []
        info = outcome_info(outcome)
        mcid = services.mcid_used(result.report, outcome=outcome, fallback=result.mcid_points)
        return forest_svg(rows, outcome_label=info.label, mcid=mcid, higher_is_better=info.higher_is_better,
                          size=size)

    # Drawn once per set of results: the name holds the data version the results were computed from.
    svg = datacache.cached(request.user.pk, f"helps-chart:{kept.version}:{kept.prior_version}:{outcome}:{size}", draw)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def difference(request: AuthedRequest) -> HttpResponse:
    form = MeaningfulDifferenceForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, gettext("Nothing was saved: choose fixed points (0.5 to 5) or 30 % of your own average.")
        )
        return redirect("helps:overview")
    services.set_meaningful_difference(
        user=request.user, mode=form.cleaned_data["mode"], points=form.cleaned_data["points"]
    )
    messages.success(request, gettext("Saved your meaningful difference; the insights below use it."))
    return redirect("helps:overview")
