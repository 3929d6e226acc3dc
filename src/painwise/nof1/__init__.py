"""Honest N-of-1 insights from one person's diary: pure numpy/scipy, no Django.

Public API:

- ``DiaryArrays(dates, logged, outcomes, exposures)``: one entry per calendar day (input).
- ``FactorMeta(slug, label, kind="binary" | "dose", prn=False)``: what a factor is.
- ``MeaningfulDifference(points=1.0, share_of_own_mean=None)``: the difference that matters (0–10 points).
- ``AnalysisOptions(...)``: model settings (defaults are the validated ones).
- ``analyse(diary, *, factors, outcomes=None, mcid=DEFAULT_MCID, prior=None,
  options=DEFAULT_OPTIONS) -> Report``: one ``Insight`` per factor × outcome × lag (0 = same day,
  1 = next day).
- ``Insight``, ``Diagnostics``, ``Report``; ``insight_to_dict(insight)`` for JSON.
- ``VERDICT_CODES`` and ``verdict_text(code)``: the fixed verdict phrases.
- Pooling: ``stage_one(diary, *, factors, outcomes, options) -> PersonFit``,
  ``pool_people(people, *, mcid, higher_is_better, options) -> (PooledPriors, {key: PooledEffect})``,
  ``pool_effects(*, estimates, sds, ...) -> PooledEffect``; pass ``PooledPriors`` as ``analyse(prior=...)``.
- Negative control: ``naive_with_without(diary, *, factor, outcome, lag_days=0) -> NaiveComparison``.

Method, wording rules and limitations: docs/insights.md; validation figures: docs/insights-validation.md.
"""

from __future__ import annotations

from typing import get_args

from painwise.nof1.engine import DEFAULT_OUTCOMES, analyse
from painwise.nof1.naive import NaiveComparison, naive_with_without
from painwise.nof1.pooling import PersonFit, PooledEffect, StageOne, pool_effects, pool_people, stage_one
from painwise.nof1.priors import EffectPrior, PooledPriors
from painwise.nof1.serialise import insight_to_dict
from painwise.nof1.types import (
    DEFAULT_MCID,
    DEFAULT_OPTIONS,
    AnalysisOptions,
    Diagnostics,
    DiaryArrays,
    FactorMeta,
    Insight,
    MeaningfulDifference,
    Report,
    VerdictCode,
)
from painwise.nof1.wording import wording

VERDICT_CODES: tuple[VerdictCode, ...] = get_args(VerdictCode)


def verdict_text(code: VerdictCode) -> str:
    """The exact phrase shown for a verdict code, e.g. "strong sign it helps"."""
    text: str = getattr(wording().verdicts, code)
    return text


__all__ = [
    "DEFAULT_MCID",
    "DEFAULT_OPTIONS",
    "DEFAULT_OUTCOMES",
    "VERDICT_CODES",
    "AnalysisOptions",
    "Diagnostics",
    "DiaryArrays",
    "EffectPrior",
    "FactorMeta",
    "Insight",
    "MeaningfulDifference",
    "NaiveComparison",
    "PersonFit",
    "PooledEffect",
    "PooledPriors",
    "Report",
    "StageOne",
    "VerdictCode",
    "analyse",
    "insight_to_dict",
    "naive_with_without",
    "pool_effects",
    "pool_people",
    "stage_one",
    "verdict_text",
]
