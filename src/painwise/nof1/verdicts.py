"""From a posterior to a verdict, a number of days still needed, and a plain-language sentence."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from painwise.nof1.types import FloatArray, VerdictCode
from painwise.nof1.wording import OutcomeInfo, Rules, wording

# z-values used to plan how small the posterior SD must get for a verdict (two-sided 95 %, one-sided 80 %).
Z_DIRECTION = 1.96
Z_LITTLE = 0.84


class Marginal(Protocol):
    """A one-dimensional posterior of a coefficient in points."""

    def cdf(self, value: float | FloatArray) -> FloatArray: ...
    def quantile(self, probability: float) -> float: ...
    def interval(self) -> tuple[float, float]: ...
    @property
    def mean(self) -> float: ...
    @property
    def sd(self) -> float: ...


@dataclass(frozen=True)
class Probabilities:
    """Posterior probabilities about a difference; benefit is lower for lower-is-better outcomes."""

    benefit: float
    benefit_mcid: float
    harm_mcid: float
    little_difference: float


def probabilities(marginal: Marginal, *, higher_is_better: bool, mcid: float) -> Probabilities:
    """P(benefit > 0), P(benefit ≥ mcid), P(harm ≥ mcid), P(|difference| < mcid); mcid in points."""
    below = marginal.cdf(np.array([-mcid, 0.0, mcid]))
    at_or_below_minus, at_or_below_zero, at_or_below_plus = (float(v) for v in below)
    if higher_is_better:
        return Probabilities(
            1.0 - at_or_below_zero,
            1.0 - at_or_below_plus,
            at_or_below_minus,
            at_or_below_plus - at_or_below_minus,
        )
    return Probabilities(
        at_or_below_zero, at_or_below_minus, 1.0 - at_or_below_plus, at_or_below_plus - at_or_below_minus
    )


def gate_passed(*, sd: float, mcid: float, n_with: int, n_without: int, rules: Rules) -> bool:
    """Whether the estimate is precise enough and rests on enough days for a directional verdict."""
    return (
        sd <= rules.gate_sd_share_of_mcid * mcid
        and n_with >= rules.gate_min_days_with
        and n_without >= rules.gate_min_days_without
    )


def decide(
    probs: Probabilities,
    *,
    gate: bool,
    checks_ok: bool,
    rules: Rules,
    as_needed: bool = False,
    dependence: bool = False,
) -> VerdictCode:
    """The verdict for one insight. Failing model checks lower it one step (strong → some → not enough).

    As-needed use is taken because the day is bad, so its pattern is never a "strong" sign; for a substance
    that can cause dependence, better days with it may be withdrawal on days without: never "helps".
    """
    if not gate:
        return "not_enough"
    code = _raw_verdict(probs, rules)
    if not checks_ok:
        code = STEP_DOWN.get(code, "not_enough")
    if as_needed:
        code = STEP_DOWN.get(code, code)
    if dependence and code in ("strong_benefit", "some_benefit"):
        return "withdrawal_possible"
    return code


STEP_DOWN: dict[VerdictCode, VerdictCode] = {"strong_benefit": "some_benefit", "strong_harm": "some_harm"}


def _raw_verdict(probs: Probabilities, rules: Rules) -> VerdictCode:
    harm = 1.0 - probs.benefit
    if probs.benefit >= rules.strong_p_direction and probs.benefit_mcid >= rules.strong_p_meaningful:
        return "strong_benefit"
    if harm >= rules.strong_p_direction and probs.harm_mcid >= rules.strong_p_meaningful:
        return "strong_harm"
    if probs.little_difference >= rules.little_difference_p:
        return "little_difference"
    if probs.benefit >= rules.some_p_direction:
        return "some_benefit"
    if harm >= rules.some_p_direction:
        return "some_harm"
    return "not_enough"


def more_days_needed(
    *,
    mean: float,
    sd: float,
    mcid: float,
    n_rows: int,
    n_with: int,
    n_without: int,
    calendar_days: int,
    rules: Rules,
) -> int | None:
    """Calendar days of check-ins at the current pace until a verdict becomes likely; None if unknowable.

    The posterior SD shrinks as 1/√rows; the target SD is the smaller of the data gate and the SD at which
    the current estimate would be told apart from both no difference and the meaningful difference.
    """
    if n_rows == 0 or calendar_days == 0 or n_with == 0 or n_without == 0:
        return None
    decisive = max(abs(mean) / Z_DIRECTION, (mcid - abs(mean)) / Z_LITTLE, rules.planning_sd_share_of_mcid * mcid)
    target = min(rules.gate_sd_share_of_mcid * mcid, decisive)
    rows = n_rows * max((sd / target) ** 2 - 1.0, 0.0)
    rows = max(
        rows,
        (rules.gate_min_days_with - n_with) * n_rows / n_with,
        (rules.gate_min_days_without - n_without) * n_rows / n_without,
    )
    days = rows * calendar_days / n_rows
    return max(5, 5 * math.ceil(days / 5.0))


def _number(value: float) -> str:
    return f"{abs(value):.1f}"


def _points(value: float) -> str:
    """'1 point', '1.5 points': a meaningful difference as words (from the wording file)."""
    rounded = round(value, 1)
    text = wording().sentences
    return text.one_point if rounded == 1 else text.points.format(n=f"{rounded:g}")


def _bound(value: float) -> str:
    templates = wording().sentences
    return (templates.bound_lower if value < 0 else templates.bound_higher).format(size=_number(value))


def days_text(n: int) -> str:
    """'1 day', '7 days' (from the wording file)."""
    text = wording().sentences
    return text.one_day if n == 1 else text.days.format(n=n)


def counts_sentence(
    *, factor_label: str, lag: int, info: OutcomeInfo, n_logged: int, n_with: int, n_without: int
) -> str:
    """What the person logged and how much of it could be compared, with why when some could not."""
    text = wording().sentences
    template = text.counts_lag_0 if lag == 0 else text.counts_lag_1
    parts = [template.format(factor=factor_label, n_logged=days_text(n_logged), n_with=n_with, n_without=n_without)]
    if n_with < n_logged:
        parts.append(text.counts_why.format(outcome=info.label))
    return " ".join(parts)


def caveats(*, factor_label: str, as_needed: bool, dependence: bool) -> list[str]:
    """The sentences an as-needed factor or a dependence-forming substance always carries."""
    text = wording().sentences
    notes = []
    if as_needed:
        notes.append(text.as_needed.format(factor=factor_label))
    if dependence:
        notes.append(text.dependence.format(factor=factor_label))
    return notes


def finding_sentence(
    *,
    code: VerdictCode,
    factor_label: str,
    lag: int,
    info: OutcomeInfo,
    effect: float,
    low: float,
    high: float,
    n_with: int,
    n_without: int,
    mcid: float,
    n_logged: int | None = None,
    as_needed: bool = False,
    dependence: bool = False,
) -> str:
    """The plain-language sentence for an estimated insight (effect, interval and mcid in points).

    ``n_logged`` is the days the factor was logged (defaults to ``n_with``); as-needed and dependence
    caveats follow the numbers.
    """
    text = wording().sentences
    opening = (text.lag_0 if lag == 0 else text.lag_1).format(factor=factor_label)
    same_sign = (low > 0) == (high > 0) and low != 0 and high != 0
    low_text, high_text = (
        (_number(min(abs(low), abs(high))), _number(max(abs(low), abs(high))))
        if same_sign
        else (_bound(low), _bound(high))
    )
    direction = text.higher if effect > 0 else text.lower
    if code == "withdrawal_possible":
        # No "better": on days without a dependence-forming substance, withdrawal may be the difference.
        body = text.neutral.format(
            opening=opening, outcome=info.label, size=_number(effect), direction=direction, low=low_text,
            high=high_text,
        )
    elif code == "little_difference" and same_sign:
        # The interval excludes no difference, so "about the same" would hide the direction.
        body = text.small.format(
            opening=opening, outcome=info.label, size=_number(effect), low=low_text, high=high_text,
            direction=direction, mcid=_points(mcid),
        )
    elif code == "little_difference":
        signed = round(effect, 1) + 0.0  # + 0.0 turns -0.0 into 0.0, so "-0.0 points" is never shown
        body = text.same.format(
            opening=opening, outcome=info.label, size=f"{signed:+.1f}", low=low_text, high=high_text
        )
    else:
        better = (effect > 0) == info.higher_is_better
        body = text.difference.format(
            opening=opening,
            outcome=info.label,
            size=_number(effect),
            direction=direction,
            quality=text.better if better else text.worse,
            low=low_text,
            high=high_text,
        )
    counts = counts_sentence(
        factor_label=factor_label, lag=lag, info=info, n_logged=n_with if n_logged is None else n_logged,
        n_with=n_with, n_without=n_without,
    )
    notes = caveats(factor_label=factor_label, as_needed=as_needed, dependence=dependence)
    return " ".join([body, counts, *notes, text.disclaimer])


def not_enough_sentence(
    *,
    factor_label: str,
    info: OutcomeInfo,
    reason: str,
    more_days: int | None,
    as_needed: bool = False,
    dependence: bool = False,
    counts: str = "",
) -> str:
    """The sentence when no verdict can be given yet, with the reason, what was logged and could be compared
    (``counts``, when the model ran) and, if known, the days still needed."""
    text = wording().sentences
    parts = [text.not_enough.format(factor=factor_label, outcome=info.label), reason]
    if counts:
        parts.append(counts)
    if more_days is not None:
        parts.append(text.more_than_a_year if more_days > 365 else text.more_days.format(days=more_days))
    parts += caveats(factor_label=factor_label, as_needed=as_needed, dependence=dependence)
    return " ".join(parts)
