"""Randomised N-of-1 trials (A vs B): schedules, analysis, randomisation test and expected precision.

Pure numpy/scipy, no Django. The analysis reuses the insights engine's model (``painwise.nof1.model.fit``:
Bayesian regression with AR(1) errors across gaps, integrated over a ρ grid) with the *assigned* condition
as the exposure (intention to treat), washout days left out, a linear trend (day-level designs) or one
level per block pair (block designs), and a sceptical prior N(0, MCID²) on the A − B difference, swapped in
exactly with ``painwise.nof1.priors.with_pooled_prior``.

Designs:

- ``blocks``: ``pairs`` block pairs, each AB or BA by a coin flip, periods of ``period_days`` days, the
  first ``washout_days`` of every period left out of the contrast. For slow-acting therapies.
- ``days``: day-level randomisation over ``days`` days, never more than ``max_run`` same days in a row.
  For short-acting ones.

The only stopping rule is the fixed one: the planned schedule runs to its end (that is what the validation
in docs/experiments.md simulates). Results before the end are interim and descriptive.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import numpy as np

from painwise.core.messages import Message, gettext_noop
from painwise.nof1.model import IntArray, Posterior, TMixture, fit
from painwise.nof1.priors import EffectPrior, GridMarginal, with_pooled_prior
from painwise.nof1.types import FloatArray

DesignKind = Literal["blocks", "days"]
CONDITIONS = ("A", "B")
MIN_PAIRS = 3
MIN_PERIOD_DAYS = 7
MAX_PERIOD_DAYS = 14
MIN_DAYS = 28
MAX_RUN = 3
MAX_DAYS = 366
RHO_GRID = tuple(float(r) for r in np.linspace(0.0, 0.95, 39))
SIGMA2_SHAPE = 2.0
SIGMA2_SCALE = 2.0
KAPPA_BASE = 10.0  # the effect's working prior before the sceptical prior is swapped in (σ units)
CLEAR_PROBABILITY = 0.975  # a "clear answer": the 95 % interval excludes no difference
LEANING_PROBABILITY = 0.9
EXACT_MAX_PAIRS = 12
RANDOMISATION_DRAWS = 2000
_WORD = 64  # days per bit word in day_sequences
_SMALL_ARRAY = 8192  # values of 8 bytes in a temporary array the allocator keeps (64 KB, under glibc's 128 KB)
MIN_ROWS = 6


class TrialError(ValueError):
    """Bad trial input; ``field`` names what is wrong (for a per-field ValidationError). ``sentence`` is the
    message to translate at the edge (``painwise.core.i18n.translate``); ``message`` is it in English."""

    def __init__(self, field: str, template: str, **values: object) -> None:
        self.sentence = Message(template, values)
        self.field = field
        self.message = str(self.sentence)
        super().__init__(self.message)


@dataclass(frozen=True)
class TrialDesign:
    """What the schedule looks like; ``validate()`` raises TrialError for a design Painwise does not allow."""

    kind: DesignKind
    pairs: int = 4
    period_days: int = 7
    washout_days: int = 2
    days: int = 28
    max_run: int = MAX_RUN

    def validate(self) -> TrialDesign:
        if self.kind == "blocks":
            if self.pairs < MIN_PAIRS:
                raise TrialError(
                    "pairs", gettext_noop("A block design needs at least %(pairs)s pairs of periods."),
                    pairs=MIN_PAIRS)
            if not MIN_PERIOD_DAYS <= self.period_days <= MAX_PERIOD_DAYS:
                raise TrialError(
                    "period_days", gettext_noop("Periods last %(low)s to %(high)s days."),
                    low=MIN_PERIOD_DAYS, high=MAX_PERIOD_DAYS,
                )
            if not 0 <= self.washout_days <= self.period_days - 4:
                raise TrialError(
                    "washout_days", gettext_noop("The washout must leave at least 4 counted days in every period.")
                )
            if self.total_days > MAX_DAYS:
                raise TrialError("pairs", gettext_noop("An experiment lasts at most %(days)s days."), days=MAX_DAYS)
        elif self.kind == "days":
            if not MIN_DAYS <= self.days <= MAX_DAYS:
                raise TrialError(
                    "days", gettext_noop("A day-by-day design lasts %(low)s to %(high)s days."),
                    low=MIN_DAYS, high=MAX_DAYS)
            if not 1 <= self.max_run <= MAX_RUN:
                raise TrialError("max_run", gettext_noop("At most %(days)s same days in a row."), days=MAX_RUN)
        else:
            raise TrialError("kind", gettext_noop("Choose a block design or a day-by-day design."))
        return self

    @property
    def total_days(self) -> int:
        return 2 * self.pairs * self.period_days if self.kind == "blocks" else self.days


@dataclass(frozen=True)
class ScheduleDay:
    """One planned day: index from the start (0), period number (1-based; the day itself in a day-level
    design), the assigned condition and whether it is a washout day (left out of the contrast)."""

    index: int
    period: int
    condition: str
    washout: bool


def generate_schedule(design: TrialDesign, *, seed: int) -> list[ScheduleDay]:
    """The schedule for ``design`` drawn with ``seed`` (same seed, same schedule)."""
    design.validate()
    rng = np.random.default_rng(seed)
    if design.kind == "blocks":
        orders = rng.integers(0, 2, size=design.pairs)
        return block_schedule(design, orders=[int(o) for o in orders])
    conditions = _day_sequence(rng, design.days, design.max_run)
    return [ScheduleDay(i, i + 1, c, False) for i, c in enumerate(conditions)]


def block_schedule(design: TrialDesign, *, orders: Sequence[int]) -> list[ScheduleDay]:
    """A block schedule from one order per pair (0 = AB, 1 = BA)."""
    days = []
    for pair, order in enumerate(orders):
        for half, condition in enumerate(("A", "B") if order == 0 else ("B", "A")):
            period = 2 * pair + half + 1
            for offset in range(design.period_days):
                index = (period - 1) * design.period_days + offset
                days.append(ScheduleDay(index, period, condition, offset < design.washout_days))
    return days


def _day_sequence(rng: np.random.Generator, size: int, max_run: int) -> list[str]:
    out: list[str] = []
    for _ in range(size):
        if len(out) >= max_run and len(set(out[-max_run:])) == 1:
            out.append("B" if out[-1] == "A" else "A")
        else:
            out.append(CONDITIONS[int(rng.integers(0, 2))])
    return out


# --- pre-registration ---------------------------------------------------------------------------


def fingerprint(protocol: dict[str, Any]) -> str:
    """SHA-256 of the protocol's canonical JSON (sorted keys, no spaces, UTF-8)."""
    canonical = json.dumps(protocol, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- analysis -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrialData:
    """Observed trial days. ``day``: days since the start (strictly increasing); ``period``; ``assigned``
    ("A"/"B"); ``outcome`` (NaN = not logged); ``washout``; ``followed`` (True/False/None = not said)."""

    day: IntArray
    period: IntArray
    assigned: tuple[str, ...]
    outcome: FloatArray
    washout: np.ndarray
    followed: tuple[bool | None, ...] = ()

    def __post_init__(self) -> None:
        n = self.day.size
        if not (self.period.size == len(self.assigned) == self.outcome.size == self.washout.size == n):
            raise TrialError("day", gettext_noop("Every column needs one value per day."))
        if n and np.any(np.diff(self.day) <= 0):
            raise TrialError("day", gettext_noop("Days must be different and in order (a day appears twice)."))
        unknown = sorted(set(self.assigned) - set(CONDITIONS))
        if unknown:
            raise TrialError(
                "condition", gettext_noop("Unknown condition %(condition)s: use A or B."),
                condition=repr(unknown[0]))
        if self.followed and len(self.followed) != n:
            raise TrialError("followed", gettext_noop("Every column needs one value per day."))


@dataclass(frozen=True)
class TrialResult:
    """The A − B difference (points; negative = lower with A) and the Trialist probabilities.

    ``higher_is_better`` says which direction "better" is; ``p_*`` are posterior probabilities that A is
    better, better by at least the MCID, about the same (within ± MCID), worse, and worse by at least the
    MCID. ``randomisation_p`` is the two-sided randomisation-test p-value (None if not computed).
    """

    difference: float
    low: float
    high: float
    sd: float
    mcid: float
    higher_is_better: bool
    p_better: float
    p_better_mcid: float
    p_same: float
    p_worse: float
    p_worse_mcid: float
    days_used: int
    days_a: int
    days_b: int
    mean_a: float
    mean_b: float
    rho: float
    randomisation_p: float | None = None
    clear: bool = False
    verdict: str = ""
    sentences: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["sentences"] = list(self.sentences)
        return data


def _columns(
    data: TrialData, rows: np.ndarray, kind: DesignKind, exposure: np.ndarray
) -> tuple[FloatArray, FloatArray]:
    """Design matrix: intercept, A-indicator, then a linear trend (days) or one level per block pair."""
    day = data.day[rows].astype(np.float64)
    cols = [np.ones(rows.sum()), exposure[rows]]
    precision = [0.0, 1.0 / KAPPA_BASE**2]
    if kind == "blocks":
        pair = (data.period[rows] - 1) // 2
        for level in np.unique(pair)[1:]:
            cols.append((pair == level).astype(np.float64))
            precision.append(0.0)
    elif day.size > 2 and np.ptp(day) > 0:
        cols.append((day - day.mean()) / max(np.ptp(day), 1.0))
        precision.append(0.0)
    return np.column_stack(cols), np.asarray(precision)


def counted_rows(data: TrialData, *, per_protocol: bool = False) -> np.ndarray:
    """The days the analysis counts: outcome logged, not washout; per protocol also not marked "not followed"."""
    rows = np.isfinite(data.outcome) & ~data.washout.astype(bool)
    if per_protocol and data.followed:
        rows &= np.array([f is not False for f in data.followed])
    return np.asarray(rows)


def _fitted(
    data: TrialData, *, kind: DesignKind, per_protocol: bool, effect_precision: float | None = None,
    rho_grid: Sequence[float] = RHO_GRID,
) -> tuple[Posterior, np.ndarray]:
    rows = counted_rows(data, per_protocol=per_protocol)
    exposure = np.array([c == "A" for c in data.assigned], dtype=np.float64)
    if rows.sum() < MIN_ROWS or len(set(exposure[rows])) < 2:
        raise TrialError(
            "outcome", gettext_noop("Not enough days with the outcome logged under both conditions yet."))
    x, precision = _columns(data, rows, kind, exposure)
    if effect_precision is not None:
        precision[1] = effect_precision
    posterior = fit(
        x=x, y=data.outcome[rows], days=data.day[rows].astype(np.int64), prior_precision=precision,
        rho_grid=np.asarray(rho_grid), sigma2_shape=SIGMA2_SHAPE, sigma2_scale=SIGMA2_SCALE, conditional=False,
    )
    return posterior, rows


def working_effect(data: TrialData, *, kind: DesignKind, rho_grid: Sequence[float] = RHO_GRID) -> TMixture:
    """Posterior of A − B under the working prior (N(0, (10σ)²), before the sceptical prior is swapped in),
    integrated over ``rho_grid`` (``(0.0,)`` = independent days). For comparisons with other software
    (bench/trialist_comparison.py); the analysis uses ``effect_posterior``."""
    posterior, _ = _fitted(data, kind=kind, per_protocol=False, rho_grid=rho_grid)
    return posterior.marginal(1)


def effect_posterior(
    data: TrialData, *, kind: DesignKind, mcid: float, per_protocol: bool = False
) -> tuple[GridMarginal, float, np.ndarray]:
    """Posterior of A − B under the sceptical prior N(0, MCID²), the posterior mean ρ, and the rows used."""
    posterior, rows = _fitted(data, kind=kind, per_protocol=per_protocol)
    marginal = with_pooled_prior(
        posterior.marginal(1),
        prior=EffectPrior(mean=0.0, sd=mcid, weight=0.5, vague_sd=mcid),
        base_scale=KAPPA_BASE * math.sqrt(SIGMA2_SCALE / SIGMA2_SHAPE),
        base_dof=2.0 * SIGMA2_SHAPE,
    )
    return marginal, posterior.rho_mean, rows


def analyse_trial(
    data: TrialData, *, kind: DesignKind, mcid: float, higher_is_better: bool = False,
    per_protocol: bool = False, randomisation: bool = True,
    max_run: int = MAX_RUN, seed: int = 0,
) -> TrialResult:
    """Analyse a trial (intention to treat unless ``per_protocol``). ``randomisation`` adds the
    randomisation-test p-value (block designs: every AB/BA order, or 2,000 re-draws)."""
    if mcid <= 0:
        raise TrialError("mcid", gettext_noop("The meaningful difference must be above 0."))
    marginal, rho, rows = effect_posterior(data, kind=kind, mcid=mcid, per_protocol=per_protocol)
    low, high = marginal.interval()
    below0, below_m, below_pm = (float(v) for v in marginal.cdf(np.array([0.0, -mcid, mcid])))
    # "Better" = lower for pain-like outcomes, higher for sleep quality or mood.
    if higher_is_better:
        p_better, p_better_mcid, p_worse, p_worse_mcid = 1 - below0, 1 - below_pm, below0, below_m
    else:
        p_better, p_better_mcid, p_worse, p_worse_mcid = below0, below_m, 1 - below0, 1 - below_pm
    is_a = np.array([c == "A" for c in data.assigned], dtype=np.bool_)
    counted_a, counted_b = rows & is_a, rows & ~is_a
    days_a, days_b = int(counted_a.sum()), int(counted_b.sum())
    mean_a = float(data.outcome[counted_a].sum() / days_a)
    mean_b = float(data.outcome[counted_b].sum() / days_b)
    p_value = randomisation_p(data, kind=kind, max_run=max_run, seed=seed) if randomisation else None
    clear = max(p_better, p_worse) >= CLEAR_PROBABILITY
    result = TrialResult(
        difference=marginal.mean, low=low, high=high, sd=marginal.sd, mcid=mcid, higher_is_better=higher_is_better,
        p_better=p_better, p_better_mcid=p_better_mcid, p_same=below_pm - below_m, p_worse=p_worse,
        p_worse_mcid=p_worse_mcid, days_used=days_a + days_b, days_a=days_a, days_b=days_b, mean_a=mean_a,
        mean_b=mean_b, rho=rho, randomisation_p=p_value, clear=clear,
    )
    verdict = verdict_of(result)
    return replace(result, verdict=verdict, sentences=tuple(sentences_for(result, verdict)))


def sensitivity_analysis(
    data: TrialData, *, itt: TrialResult, kind: DesignKind, mcid: float, higher_is_better: bool = False,
) -> tuple[TrialResult, bool]:
    """The per-protocol sensitivity analysis next to the intention-to-treat result ``itt`` of the same data
    and options, and whether it counts the same days. When no counted day (outcome logged, not washout) was
    marked "not followed", its rows, model and prior are those of ``itt``, so its result is ``itt`` itself
    (without the randomisation p-value, which the sensitivity analysis does not report) and no second fit
    is made; otherwise it is fitted on the followed days."""
    if np.array_equal(counted_rows(data, per_protocol=True), counted_rows(data)):
        return replace(itt, randomisation_p=None), True
    result = analyse_trial(
        data, kind=kind, mcid=mcid, higher_is_better=higher_is_better, per_protocol=True, randomisation=False
    )
    return result, False


@dataclass(frozen=True)
class FullAnalysis:
    """What a reading shows: the intention-to-treat result (with the randomisation p-value), the per-protocol
    sensitivity result (None when no day was marked "not followed") and whether it counts the same days."""

    result: TrialResult
    sensitivity: TrialResult | None
    sensitivity_same_days: bool


def full_analysis(
    data: TrialData, *, kind: DesignKind, mcid: float, higher_is_better: bool = False,
    max_run: int = MAX_RUN, seed: int = 0,
) -> FullAnalysis:
    """The analysis as the app shows it: intention to treat with the randomisation test, and when some day
    was marked "not followed" the per-protocol sensitivity analysis (``sensitivity_analysis``)."""
    result = analyse_trial(data, kind=kind, mcid=mcid, higher_is_better=higher_is_better, max_run=max_run, seed=seed)
    if not any(f is False for f in data.followed):
        return FullAnalysis(result, None, False)
    sensitivity, same_days = sensitivity_analysis(
        data, itt=result, kind=kind, mcid=mcid, higher_is_better=higher_is_better
    )
    return FullAnalysis(result, sensitivity, same_days)


def verdict_of(result: TrialResult) -> str:
    """One of: a_better, b_better, leaning_a, leaning_b, about_same, unclear (checked in this order)."""
    if result.p_better >= CLEAR_PROBABILITY:
        return "a_better"
    if result.p_worse >= CLEAR_PROBABILITY:
        return "b_better"
    if result.p_better >= LEANING_PROBABILITY:
        return "leaning_a"
    if result.p_worse >= LEANING_PROBABILITY:
        return "leaning_b"
    if result.p_same >= 0.8:
        return "about_same"
    return "unclear"


VERDICT_TEXT = {
    "a_better": gettext_noop("A clear answer: A was better than B for you."),
    "b_better": gettext_noop("A clear answer: B was better than A for you."),
    "leaning_a": gettext_noop("Some sign that A is better for you, but not a clear answer."),
    "leaning_b": gettext_noop("Some sign that B is better for you, but not a clear answer."),
    "about_same": gettext_noop("A and B were probably about the same for you (within your meaningful difference)."),
    "unclear": gettext_noop("No clear answer: the data cannot tell A and B apart yet."),
}


def sentence_messages(result: TrialResult, verdict: str) -> list[Message]:
    """Plain sentences for a non-statistician, to translate at the edge (``painwise.core.i18n.translate``)."""
    if result.difference < 0:
        compared = gettext_noop(
            "With A your score was on average %(size)s points lower than with B (likely between %(low)s and "
            "%(high)s points)."
        )
    else:
        compared = gettext_noop(
            "With A your score was on average %(size)s points higher than with B (likely between %(low)s and "
            "%(high)s points)."
        )
    chances = gettext_noop(
        "Chance that A is better: %(better)s; better by at least your meaningful difference of %(mcid)s points: "
        "%(better_mcid)s; about the same: %(same)s; worse: %(worse)s."
    )
    return [
        Message(VERDICT_TEXT[verdict]),
        Message(compared, {"size": f"{abs(result.difference):.1f}", "low": f"{result.low:+.1f}",
                           "high": f"{result.high:+.1f}"}),
        Message(chances, {"better": f"{result.p_better:.0%}", "mcid": f"{result.mcid:g}",
                          "better_mcid": f"{result.p_better_mcid:.0%}", "same": f"{result.p_same:.0%}",
                          "worse": f"{result.p_worse:.0%}"}),
        Message(
            gettext_noop("Based on %(days_a)s counted days with A and %(days_b)s with B (washout and missed days "
                         "left out)."),
            {"days_a": result.days_a, "days_b": result.days_b},
        ),
    ]


def sentences_for(result: TrialResult, verdict: str) -> list[str]:
    """The sentences of :func:`sentence_messages` in English (the JSON of ``analyse-file`` and the API)."""
    return [str(message) for message in sentence_messages(result, verdict)]


# --- randomisation test --------------------------------------------------------------------------


def _statistics(y: FloatArray, rows: np.ndarray, is_a: np.ndarray) -> FloatArray:
    """The A − B difference in mean outcome for every candidate assignment at once: ``is_a`` is (M, n),
    one row per assignment; ``y`` is 0 on days not counted (not in ``rows``); 0 when an assignment leaves A
    or B without a counted day."""
    # Counts and sums as two matrix-vector products (a sum along the short axis of a boolean table is slow);
    # the counts are whole numbers, exact in floating point, and days not counted add 0 to both.
    # In blocks of rows, so that the 8-byte copy of the table stays small (see _run_lengths).
    n_a, sum_a = np.empty(is_a.shape[0]), np.empty(is_a.shape[0])
    counted = rows.astype(np.float64)
    step = max(_SMALL_ARRAY // max(is_a.shape[1], 1), 1)
    for first in range(0, is_a.shape[0], step):
        assigned_a = is_a[first:first + step].astype(np.float64)
        n_a[first:first + step] = assigned_a @ counted
        sum_a[first:first + step] = assigned_a @ y
    n_b = float(rows.sum()) - n_a
    sum_b = float(y[rows].sum()) - sum_a
    with np.errstate(divide="ignore", invalid="ignore"):
        difference = sum_a / n_a - sum_b / n_b
    return np.asarray(np.where((n_a > 0) & (n_b > 0), difference, 0.0))


def _run_lengths(random: np.ndarray, max_run: int) -> np.ndarray:
    """Run length for each random byte: 1 + the number of its lowest bits in a row that are 1, at most
    ``max_run`` (so P(k) = 2^-k below ``max_run`` and 2^-(max_run-1) for ``max_run``). In bytes throughout: a
    table look-up would make an 8-byte index per byte, a large temporary array the allocator may hand back to
    the system after every call (which made the whole test some 60 % slower in long-running processes)."""
    lengths = np.ones(random.shape, dtype=np.uint8)
    for ones in range(1, max_run):
        mask = np.uint8((1 << ones) - 1)
        lengths += (random & mask) == mask
    return lengths


def day_sequences(rng: np.random.Generator, *, count: int, size: int, max_run: int = MAX_RUN) -> np.ndarray:
    """``count`` day-level sequences (True = A) at once, with the distribution of the schedule generator: the
    first day A or B at random, then runs of the same condition whose lengths are independent, 1 to
    ``max_run`` days, P(k) = 2^-k below ``max_run`` and 2^-(max_run-1) for ``max_run`` (a run goes on with
    chance 1/2 each day until it is forced to stop).

    Each sequence is kept as bits (day d = bit d % 64 of word d // 64): run by run the day it ends sets a
    "switch" bit, a prefix XOR turns switches into the condition of every day, and the bits are unpacked once.
    Run k of sequence i takes its length from byte (i, k) and the first day's condition from byte (i, size)."""
    random = np.frombuffer(rng.bytes(count * (size + 1)), dtype=np.uint8).reshape(count, size + 1)
    lengths = _run_lengths(random[:, :size].T, max_run)  # (size, count): run k's length
    words = -(-size // _WORD)
    day = np.arange(size * max_run + 1)
    # bit[w, d]: day d's bit in word w (0 for a day in another word or after the last day)
    inside = (day < size)[None, :] & (day // _WORD == np.arange(words)[:, None])
    bit = np.where(inside, np.left_shift(np.uint64(1), (day % _WORD).astype(np.uint64))[None, :], np.uint64(0))
    switches = np.zeros((words, count), dtype=np.uint64)
    ends = np.zeros(count, dtype=np.intp)
    for run, length in enumerate(lengths):
        ends += length
        for word in range(words):
            switches[word] |= bit[word][ends]
        if run % 8 == 7 and ends.min() >= size:  # every sequence is complete
            break
    carry = np.zeros(count, dtype=np.uint64)
    for word in range(words):  # prefix XOR: bit d = parity of the switches on days <= d
        value = switches[word]
        for shift in (1, 2, 4, 8, 16, 32):
            value ^= value << np.uint64(shift)
        value ^= carry
        carry = np.where(value >> np.uint64(_WORD - 1), ~np.uint64(0), np.uint64(0))
    switches ^= np.where(random[:, size] & 1, ~np.uint64(0), np.uint64(0))[None, :]
    octets = np.ascontiguousarray(switches.T).astype("<u8").view(np.uint8).reshape(count, 8 * words)
    return np.asarray(np.unpackbits(octets, axis=1, bitorder="little")[:, :size] == 0)


def randomisation_p(
    data: TrialData, *, kind: DesignKind,
    max_run: int = MAX_RUN, seed: int = 0, draws: int = RANDOMISATION_DRAWS,
) -> float:
    """Two-sided p-value of the A − B difference in means over every assignment the design could have made
    (block designs: all 2^k pair orders when k ≤ 12, else ``draws`` random orders) or ``draws`` re-draws of
    the day-level sequence (plus the observed one). All candidate assignments are one array operation."""
    rows = counted_rows(data)
    y = np.where(rows, data.outcome, 0.0)
    observed = float(_statistics(y, rows, (np.array(data.assigned) == "A")[None, :])[0])
    if kind == "blocks":
        pair = (data.period - 1) // 2
        first_half = (data.period - 1) % 2 == 0
        pairs = int(pair.max()) + 1
        if pairs <= EXACT_MAX_PAIRS:
            orders = (np.arange(2**pairs)[:, None] >> np.arange(pairs)[None, :]) & 1
        else:
            orders = np.random.default_rng(seed).integers(0, 2, size=(draws, pairs))
        is_a = np.where(orders[:, pair] == 0, first_half[None, :], ~first_half[None, :])
        stats = _statistics(y, rows, is_a)
    else:
        span = int(data.day.max()) + 1
        sequences = day_sequences(np.random.default_rng(seed), count=draws, size=span, max_run=max_run)
        every_day = data.day.size == span  # days 0 to span - 1, as a schedule gives them: no need to pick
        stats = np.append(_statistics(y, rows, sequences if every_day else sequences[:, data.day]), observed)
    return float(np.mean(np.abs(stats) >= abs(observed) - 1e-12))


# --- simulation and expected precision -------------------------------------------------------------


def simulate_data(
    schedule: Sequence[ScheduleDay], *, effect: float, sigma: float, rho: float, rng: np.random.Generator,
    missing: float = 0.1, baseline: float = 5.0, trend: float = 0.0,
) -> TrialData:
    """Outcomes for a schedule: baseline + effect on A days (not during washout, when the effect is half
    built up) + a linear trend (points over the whole trial) + AR(1) noise with SD ``sigma``; days
    missing at random."""
    n = len(schedule)
    noise = np.empty(n)
    noise[0] = rng.normal(0.0, sigma)
    innovation = sigma * math.sqrt(1.0 - rho**2)
    for t in range(1, n):
        noise[t] = rho * noise[t - 1] + rng.normal(0.0, innovation)
    is_a = np.array([d.condition == "A" for d in schedule])
    washout = np.array([d.washout for d in schedule])
    effect_now = np.where(is_a, np.where(washout, 0.5, 1.0) * effect, 0.0)
    y = baseline + effect_now + trend * np.arange(n) / max(n - 1, 1) + noise
    y[rng.random(n) < missing] = np.nan
    return TrialData(
        day=np.array([d.index for d in schedule], dtype=np.int64),
        period=np.array([d.period for d in schedule], dtype=np.int64),
        assigned=tuple(d.condition for d in schedule), outcome=y, washout=washout,
    )


def quick_interval(data: TrialData, *, kind: DesignKind, mcid: float, sigma: float) -> tuple[float, float]:
    """The 95 % interval of A − B with the sceptical prior put into the fit as N(0, σ²·(MCID/σ_assumed)²),
    which is N(0, MCID²) when the residual SD is the assumed ``sigma`` (true in a simulation). A few times
    faster than the exact swap; used only to size a design before it starts."""
    posterior, _ = _fitted(data, kind=kind, per_protocol=False, effect_precision=(sigma / mcid) ** 2)
    return posterior.marginal(1).interval()


@dataclass(frozen=True)
class Precision:
    """Expected precision of a design: the chance of a clear answer when the true difference equals the
    MCID, the typical interval half-width (points), from ``simulations`` simulated trials."""

    chance_clear: float
    typical_half_width: float
    simulations: int


def expected_precision(
    design: TrialDesign, *, mcid: float, sigma: float = 1.5, rho: float = 0.5, missing: float = 0.1,
    simulations: int = 200, seed: int = 0,
) -> Precision:
    """Simulate the design with the engine: a new schedule per run, true benefit = one MCID."""
    design.validate()
    rng = np.random.default_rng(seed)
    clear, widths = 0, []
    for run in range(simulations):
        schedule = generate_schedule(design, seed=seed * 100_003 + run)
        data = simulate_data(schedule, effect=-mcid, sigma=sigma, rho=rho, rng=rng, missing=missing)
        try:
            low, high = quick_interval(data, kind=design.kind, mcid=mcid, sigma=sigma)
        except TrialError:
            continue
        clear += high < 0
        widths.append((high - low) / 2)
    return Precision(clear / simulations, float(np.median(widths)) if widths else math.inf, simulations)


def proposed_design(kind: DesignKind) -> TrialDesign:
    """What Painwise proposes: 4 pairs of 7-day periods with 2 washout days, or 28 randomised days."""
    return TrialDesign(kind="blocks", pairs=4, period_days=7, washout_days=2) if kind == "blocks" else TrialDesign(
        kind="days", days=28
    )


# --- a trial kept in a file ------------------------------------------------------------------------

REQUIRED_COLUMNS = ("day", "period", "condition")
OPTIONAL_COLUMNS = ("washout", "followed")
TRUE_WORDS = frozenset({"1", "yes", "true", "y"})
FALSE_WORDS = frozenset({"0", "no", "false", "n"})


def _flag(text: str, *, column: str, line: int) -> bool | None:
    word = text.strip().lower()
    if word == "":
        return None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise TrialError(
        column, gettext_noop("line %(line)s: %(column)s must be yes/no or 1/0, not %(text)s."), line=line,
        column=column, text=repr(text))


def _day_number(text: str, *, line: int, first: Any) -> tuple[int, Any]:
    import datetime as dt

    value = text.strip()
    try:
        return int(value), first
    except ValueError:
        pass
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        message = gettext_noop("line %(line)s: day must be a whole number or a date (YYYY-MM-DD), not %(text)s.")
        raise TrialError("day", message, line=line, text=repr(text)) from None
    first = first or date
    return (date - first).days, first


def trial_from_csv(text: str, *, outcome: str | None = None) -> tuple[TrialData, str, DesignKind]:
    """Read a trial file: columns day, period, condition (A or B), one or more outcome columns, and
    optionally washout and followed (yes/no). Returns the data, the outcome column used and the design
    (``days`` when every period is a single day, else ``blocks``)."""
    import csv
    import io

    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise TrialError(
            missing[0], gettext_noop("The file has no %(column)s column (needed: day, period, condition)."),
            column=repr(missing[0]))
    outcomes = [c for c in columns if c not in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)]
    if outcome is None:
        if not outcomes:
            raise TrialError("outcome", gettext_noop("The file has no outcome column."))
        outcome = "pain_average" if "pain_average" in outcomes else outcomes[0]
    elif outcome not in outcomes:
        raise TrialError(
            "outcome", gettext_noop("The file has no outcome column %(column)s (it has: %(columns)s)."),
            column=repr(outcome), columns=", ".join(outcomes))
    days, periods, assigned, values, washout, followed = [], [], [], [], [], []
    first = None
    seen: dict[int, int] = {}
    for line, raw in enumerate(reader, start=2):
        row = {k.strip(): (v or "") for k, v in raw.items() if k}
        day, first = _day_number(row["day"], line=line, first=first)
        if day in seen:
            text = row["day"].strip()
            raise TrialError(
                "day", gettext_noop("line %(line)s: day %(text)s appears twice (also on line %(first)s)."),
                line=line, text=repr(text), first=seen[day])
        seen[day] = line
        days.append(day)
        try:
            periods.append(int(row["period"]))
        except ValueError:
            raise TrialError(
                "period", gettext_noop("line %(line)s: period must be a whole number, not %(text)s."), line=line,
                text=repr(row["period"])) from None
        condition = row["condition"].strip()
        if condition not in CONDITIONS:
            raise TrialError(
                "condition", gettext_noop("line %(line)s: unknown condition %(condition)s: use A or B."),
                line=line, condition=repr(condition))
        assigned.append(condition)
        cell = row[outcome].strip()
        try:
            values.append(float(cell) if cell else math.nan)
        except ValueError:
            raise TrialError(
                outcome, gettext_noop("line %(line)s: %(column)s must be a number or empty, not %(text)s."),
                line=line, column=outcome, text=repr(cell)) from None
        washout.append(bool(_flag(row.get("washout", ""), column="washout", line=line)))
        followed.append(_flag(row.get("followed", ""), column="followed", line=line))
    order = np.argsort(days)
    data = TrialData(
        day=np.asarray(days, dtype=np.int64)[order] - min(days), period=np.asarray(periods, dtype=np.int64)[order],
        assigned=tuple(assigned[i] for i in order), outcome=np.asarray(values)[order],
        washout=np.asarray(washout, dtype=np.bool_)[order], followed=tuple(followed[i] for i in order),
    )
    kind: DesignKind = "days" if len(set(periods)) == len(periods) else "blocks"
    return data, outcome, kind
