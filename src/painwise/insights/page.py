"""What the "What helps me" page shows: insights grouped by outcome, ordered, with plain-word checks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from painwise.insights.diary import OUTCOMES
from painwise.nof1 import Diagnostics, Insight, Report
from painwise.nof1.wording import outcome_info, wording
from painwise.therapies.services import catalog

PRIMARY_OUTCOME = "pain_average"
# Findings first (benefit, then worse days, then little difference); "not enough information yet" last.
VERDICT_ORDER: dict[str, int] = {
    "strong_benefit": 0, "some_benefit": 1, "strong_harm": 2, "some_harm": 3, "withdrawal_possible": 4,
    "little_difference": 5, "not_enough": 6,
}
# The evidence card shown for a medication from the person's list (cards exist per catalog therapy).
MEDICATION_CARD = "medication"
LAG_WORDS: dict[int, str | Promise] = {0: gettext_lazy("same day"), 1: gettext_lazy("next day")}
# What the chart and the summary show first: clear signs (strong, then some), then the rest, each by size.
STRENGTH: dict[str, int] = {
    "strong_benefit": 0, "strong_harm": 0, "some_benefit": 1, "some_harm": 1, "withdrawal_possible": 2,
    "little_difference": 3, "not_enough": 4,
}
CHART_ROWS = 8  # more rows do not read on a phone; the rest go in a table below the chart
SUMMARY_ROWS = 3
FIRST_SENTENCE = re.compile(r"(?<=\.)\s+(?=[A-Z])")  # a full stop, space, capital; never "1.5"


@dataclass(frozen=True)
class Row:
    """One insight as shown: the engine's insight, when (same day / next day), its evidence card link,
    for a dependence-forming substance the withdrawal check page, and the "test this" link to design an
    experiment (never for a substance Painwise does not run experiments on)."""

    insight: Insight
    when: str
    evidence_url: str
    withdrawal_url: str = ""
    experiment_url: str = ""

    @property
    def first_sentence(self) -> str:
        """The insight's first sentence: the difference and its likely range, without the day counts."""
        return FIRST_SENTENCE.split(self.insight.sentence, maxsplit=1)[0]

    @property
    def has_estimate(self) -> bool:
        """Whether numbers may be shown: only past the data gate, i.e. for a verdict other than not enough."""
        return self.insight.verdict_code != "not_enough" and self.insight.effect is not None


@dataclass(frozen=True)
class Section:
    """One outcome: its findings, its "not enough information yet" rows, and failed checks in plain words."""

    outcome: str
    label: str
    findings: list[Row]
    not_enough: list[Row]
    problems: list[str]
    missing_after_bad_days: bool

    @property
    def signs(self) -> list[Row]:
        """Findings with a direction: a sign it helps or that worse days follow."""
        return [r for r in self.findings if r.insight.verdict_code != "little_difference"]

    @property
    def ranked(self) -> list[Row]:
        """Findings by strength: clear signs first, each group by the size of the difference."""
        return sorted(self.findings, key=by_strength)

    @property
    def chart_rows(self) -> list[Row]:
        """The findings the chart shows: the first CHART_ROWS by strength."""
        return self.ranked[:CHART_ROWS]

    @property
    def table_rows(self) -> list[Row]:
        """The findings left out of the chart, for the table below it."""
        return self.ranked[CHART_ROWS:]

    @property
    def little_difference(self) -> list[Row]:
        """Findings where the difference is probably smaller than the person's meaningful difference."""
        return [r for r in self.findings if r.insight.verdict_code == "little_difference"]


def by_strength(row: Row) -> tuple[int, float, str]:
    """Sort key: verdict strength (STRENGTH), then the larger difference first, then the name."""
    effect = abs(float(row.insight.effect or 0.0))
    return STRENGTH.get(row.insight.verdict_code, len(STRENGTH)), -effect, row.insight.factor_label.casefold()


def summary(sections: Sequence[Section]) -> list[Row]:
    """The few strongest findings over all outcomes (a sign it helps or that worse days follow), strongest
    first; at most SUMMARY_ROWS."""
    signs = [row for section in sections for row in section.signs if STRENGTH[row.insight.verdict_code] <= 1]
    return sorted(signs, key=by_strength)[:SUMMARY_ROWS]


def outcome_choices(report_outcomes: Sequence[str] = OUTCOMES) -> list[tuple[str, str]]:
    """(name, label) of each outcome, the primary outcome first."""
    ordered = [PRIMARY_OUTCOME, *[o for o in report_outcomes if o != PRIMARY_OUTCOME]]
    return [(name, outcome_info(name).label) for name in ordered]


def evidence_url(slug: str) -> str:
    """The evidence card of a catalog factor, when the evidence app is installed and has the card; else ""."""
    if not apps.is_installed("painwise.evidence") or slug not in catalog():
        return ""
    from painwise.evidence.services import card_slugs

    if slug not in card_slugs():
        return ""
    try:
        return reverse("evidence:card", args=[slug])
    except NoReverseMatch:
        return ""


def withdrawal_check_url() -> str:
    """The withdrawal check page, when the substances app is installed; else ""."""
    if not apps.is_installed("painwise.substances"):
        return ""
    try:
        return reverse("substances:withdrawal_check")
    except NoReverseMatch:
        return ""


def experiment_url(insight: Insight) -> str:
    """The experiment design page pre-filled with this factor and outcome, when the experiments app is
    installed and the factor may be tested ("allowed" or "with_prescriber"); else ""."""
    if insight.experiment == "never" or not apps.is_installed("painwise.experiments"):
        return ""
    try:
        base = reverse("experiments:design")
    except NoReverseMatch:
        return ""
    return f"{base}?{urlencode({'factor': insight.factor, 'outcome': insight.outcome})}"


def _card_url(insight: Insight) -> str:
    """The factor's evidence card; for a dependence-forming medicine, the card about medications."""
    url = evidence_url(insight.factor)
    if not url and insight.dependence and insight.factor.startswith("medication:"):
        url = evidence_url(MEDICATION_CARD)
    return url


def _problem_words(diagnostics: Diagnostics | None) -> list[str]:
    if diagnostics is None:
        return []
    names = wording().checks
    return [str(getattr(names, problem)) for problem in diagnostics.problems if hasattr(names, problem)]


def sections(report: Report, *, outcomes: Sequence[str]) -> list[Section]:
    """One Section per outcome in ``outcomes`` that the report covers, rows ordered by verdict and factor."""
    links: dict[str, str] = {}
    result = []
    for outcome in outcomes:
        rows = []
        for insight in report.insights:
            if insight.outcome != outcome:
                continue
            if insight.factor not in links:
                links[insight.factor] = _card_url(insight)
            when = LAG_WORDS.get(insight.lag_days) or gettext("%(days)s days later") % {"days": insight.lag_days}
            rows.append(Row(insight, str(when),
                            links[insight.factor], withdrawal_check_url() if insight.dependence else "",
                            experiment_url(insight)))
        if not rows and outcome not in report.diagnostics:
            continue
        rows.sort(key=lambda r: (VERDICT_ORDER[r.insight.verdict_code], r.insight.factor_label.casefold(),
                                 r.insight.lag_days))
        diagnostics = report.diagnostics.get(outcome)
        result.append(Section(
            outcome=outcome,
            label=outcome_info(outcome).label,
            findings=[r for r in rows if r.has_estimate],
            not_enough=[r for r in rows if not r.has_estimate],
            problems=_problem_words(diagnostics),
            missing_after_bad_days=bool(diagnostics and diagnostics.missing_after_bad_days),
        ))
    return result


def disclaimer() -> str:
    """The fixed line shown with every set of insights."""
    return wording().sentences.disclaimer
