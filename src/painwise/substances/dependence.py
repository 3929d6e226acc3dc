"""Dependence signals: pure functions over a kratom dose log and withdrawal-check results.

Each function returns a ``DependenceSignal`` (with the figures that raised it) or None. Thresholds come
from ``content/withdrawal_check.yaml`` so they are reviewed with their sources, not buried in code.
They are cautious by design: occasional use (a few days a month) raises none of them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from painwise.substances.kratom import Dose
from painwise.substances.withdrawal import CheckResult, signal_text

HOURS_PER_SECOND = 1 / 3600


@dataclass(frozen=True)
class DependenceSignal:
    """A pattern worth a kind word: its key (see the content file), title, explanation and figures."""

    key: str
    title: str
    explanation: str
    figures: dict[str, float] = field(default_factory=dict)


def _signal(key: str, figures: dict[str, float]) -> DependenceSignal:
    text = signal_text(key)
    return DependenceSignal(key=key, title=text.title, explanation=text.explanation, figures=figures)


def _limits(key: str) -> dict[str, float]:
    return signal_text(key).thresholds


def _in_window(doses: Iterable[Dose], *, first: dt.date, last: dt.date) -> list[Dose]:
    return [d for d in doses if first <= d.day <= last]


def rising_average_dose(doses: Sequence[Dose], *, today: dt.date) -> DependenceSignal | None:
    """Raised when the average daily amount of the last 14 days is clearly above the 14 days before.

    Inputs: the dose log and today's date. Leaf/capsule grams and extract milligrams are compared
    separately; each window needs several use days so one-off doses cannot trigger it. Output: the signal
    with both averages (per day, in the unit that rose) or None.
    """
    limits = _limits("rising_dose")
    window = int(limits["window_days"])
    recent_first = today - dt.timedelta(days=window - 1)
    earlier_first = recent_first - dt.timedelta(days=window)
    for unit in ("g", "mg"):
        same_unit = [d for d in doses if d.unit == unit]
        recent = _in_window(same_unit, first=recent_first, last=today)
        earlier = _in_window(same_unit, first=earlier_first, last=recent_first - dt.timedelta(days=1))
        if min(len({d.day for d in recent}), len({d.day for d in earlier})) < limits["min_use_days_per_window"]:
            continue
        recent_avg = sum(d.amount for d in recent) / window
        earlier_avg = sum(d.amount for d in earlier) / window
        if recent_avg >= earlier_avg * (1 + limits["min_rise_fraction"]):
            return _signal(
                "rising_dose",
                {
                    "earlier_average_per_day": round(earlier_avg, 2),
                    "recent_average_per_day": round(recent_avg, 2),
                    "unit_is_grams": float(unit == "g"),
                },
            )
    return None


def current_streak(doses: Iterable[Dose], *, today: dt.date) -> int:
    """Consecutive days with use ending today (or yesterday, if today has no entry yet), in days."""
    days = {d.day for d in doses}
    day = today if today in days else today - dt.timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= dt.timedelta(days=1)
    return streak


def daily_use_streak(doses: Sequence[Dose], *, today: dt.date) -> DependenceSignal | None:
    """Raised when kratom was logged on every day of the current run of at least ``min_days`` days."""
    streak = current_streak(doses, today=today)
    if streak >= _limits("daily_streak")["min_days"]:
        return _signal("daily_streak", {"days": float(streak)})
    return None


def shortening_intervals(doses: Sequence[Dose], *, today: dt.date) -> DependenceSignal | None:
    """Raised when recent gaps between doses are clearly shorter than earlier ones and under a day.

    Inputs: the dose log and today. The gaps (hours) within the window are split into an earlier and a
    later half and their means compared (a mean, because with several doses a day the short daytime gaps
    would otherwise hide the overnight ones). Output: the signal with both means (hours) or None.
    """
    limits = _limits("shortening_intervals")
    first = today - dt.timedelta(days=int(limits["window_days"]) - 1)
    times = sorted(d.taken_at for d in _in_window(doses, first=first, last=today))
    if len(times) < limits["min_doses"]:
        return None
    gaps = [(b - a).total_seconds() * HOURS_PER_SECOND for a, b in itertools.pairwise(times)]
    half = len(gaps) // 2
    earlier, recent = statistics.fmean(gaps[:half]), statistics.fmean(gaps[half:])
    if recent <= earlier * limits["max_ratio"] and recent <= limits["max_recent_mean_hours"]:
        return _signal(
            "shortening_intervals",
            {"earlier_mean_hours": round(earlier, 1), "recent_mean_hours": round(recent, 1)},
        )
    return None


def withdrawal_relief_dosing(doses: Sequence[Dose], *, today: dt.date) -> DependenceSignal | None:
    """Raised when any recent dose was logged with the reason "withdrawal relief"; figures: how many."""
    limits = _limits("withdrawal_relief")
    first = today - dt.timedelta(days=int(limits["window_days"]) - 1)
    count = sum(1 for d in _in_window(doses, first=first, last=today) if d.reason == "withdrawal_relief")
    if count >= limits["min_doses"]:
        return _signal("withdrawal_relief", {"doses": float(count)})
    return None


def withdrawal_symptoms_rising(checks: Sequence[CheckResult], *, today: dt.date) -> DependenceSignal | None:
    """Raised when withdrawal-check totals trend upwards over the window and the latest total is not trivial.

    Inputs: completed checks (day, total points) and today. The trend is a Theil-Sen slope, which one odd
    day cannot swing. Output: the signal with the slope (points per week) and the latest total, or None.
    """
    limits = _limits("withdrawal_symptoms_rising")
    first = today - dt.timedelta(days=int(limits["window_days"]) - 1)
    recent = sorted((c for c in checks if first <= c.day <= today), key=lambda c: c.day)
    if len(recent) < limits["min_checks"] or len({c.day for c in recent}) < 2:
        return None
    weeks = [(c.day - recent[0].day).days / 7 for c in recent]
    from scipy import stats  # here, not at import: scipy costs a second of every start-up

    slope = float(stats.theilslopes([c.total for c in recent], weeks).slope)
    latest = recent[-1].total
    if slope >= limits["min_slope_per_week"] and latest >= limits["min_latest_total"]:
        return _signal("withdrawal_symptoms_rising", {"points_per_week": round(slope, 2), "latest_total": latest})
    return None


def dependence_signals(
    doses: Sequence[Dose], checks: Sequence[CheckResult] = (), *, today: dt.date
) -> list[DependenceSignal]:
    """All signals raised by the log and the checks, in a fixed order (empty for occasional use)."""
    found = [
        rising_average_dose(doses, today=today),
        daily_use_streak(doses, today=today),
        shortening_intervals(doses, today=today),
        withdrawal_relief_dosing(doses, today=today),
        withdrawal_symptoms_rising(checks, today=today),
    ]
    return [signal for signal in found if signal is not None]


def describe(signal: DependenceSignal) -> str:
    """The figures behind a signal in one plain sentence (units spelled out)."""
    f = signal.figures
    if signal.key == "rising_dose":
        unit = "g" if f.get("unit_is_grams") else "mg"
        return (
            f"Last 14 days: {f['recent_average_per_day']:g} {unit} a day on average; "
            f"the 14 days before: {f['earlier_average_per_day']:g} {unit} a day."
        )
    if signal.key == "daily_streak":
        return f"Kratom logged on each of the last {f['days']:g} days."
    if signal.key == "shortening_intervals":
        return (
            f"Recent doses were {f['recent_mean_hours']:g} hours apart on average, "
            f"earlier ones {f['earlier_mean_hours']:g} hours."
        )
    if signal.key == "withdrawal_relief":
        return f"{f['doses']:g} dose(s) in the last 4 weeks were logged to ease withdrawal."
    return (
        f"Withdrawal check totals rose by about {f['points_per_week']:g} points a week; "
        f"the latest was {f['latest_total']:g}."
    )
