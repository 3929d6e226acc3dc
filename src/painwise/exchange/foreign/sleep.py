"""Sleep intervals from a tracker turned into one night per day (no Django).

A night belongs to the calendar day it ends on, in the person's time zone; sleep that ends after
18:00 counts towards the next day (an early night). Asleep intervals from several sources (a watch
and a phone) are merged before they are added up, so overlapping time counts once; time in bed
counts only on days with no asleep interval at all.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any, Literal

from painwise.core.messages import gettext_noop
from painwise.diary.records import CHECKIN, by_name
from painwise.exchange.formats import FormatError, Problem, problem

# The most hours a check-in holds (its declaration in painwise.diary.records).
MOST_HOURS = float(by_name(CHECKIN)["sleep_hours"].high or 24)
# Sleep ending at or after this local hour belongs to the next day's check-in.
EVENING_HOUR = 18

Kind = Literal["asleep", "in_bed"]


def read_json(stream: IO[bytes], name: str, *, limit: int, too_large: str) -> Any:
    """A tracker's JSON file (UTF-8, a byte-order mark allowed), read only up to ``limit`` bytes: a larger file
    is refused with ``too_large`` (from gettext_noop), text that is not JSON with the parser's reason."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise FormatError([problem(name, "", too_large)])
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError([problem(name, "", gettext_noop("is not valid JSON (%(error)s)"), error=exc)]) from None


@dataclass(frozen=True)
class SleepInterval:
    """One span from the file: aware start and end, asleep or only in bed, and where it was (``line 12``)."""

    start: dt.datetime
    end: dt.datetime
    kind: Kind
    where: str


@dataclass(frozen=True)
class SleepNight:
    """The sleep that ends on ``day``: hours asleep, and quality on 0–10 when the source scores it."""

    day: dt.date
    hours: float
    quality: int | None = None
    where: str = ""


def night_of(end: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.date:
    """The check-in day a sleep ending at ``end`` belongs to."""
    local = end.astimezone(zone)
    return local.date() + dt.timedelta(days=1) if local.hour >= EVENING_HOUR else local.date()


def merged_hours(spans: Iterable[tuple[dt.datetime, dt.datetime]]) -> float:
    """Hours covered by the spans, time covered by several counted once."""
    total = dt.timedelta()
    current: tuple[dt.datetime, dt.datetime] | None = None
    for start, end in sorted(spans):
        if current is not None and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current is not None:
            total += current[1] - current[0]
        current = (start, end)
    if current is not None:
        total += current[1] - current[0]
    return total.total_seconds() / 3600


def nights_from_intervals(
    intervals: Iterable[SleepInterval], *, zone: zoneinfo.ZoneInfo, today: dt.date,
) -> list[SleepNight]:
    """One night per day from the intervals, by day; FormatError for nights after ``today``."""
    by_day: dict[dt.date, dict[Kind, list[SleepInterval]]] = defaultdict(lambda: {"asleep": [], "in_bed": []})
    problems: list[Problem] = []
    for interval in intervals:
        day = night_of(interval.end, zone)
        if day > today:
            reason = gettext_noop("ends on %(day)s, after today")
            problems.append(problem(interval.where, "endDate", reason, day=day.isoformat()))
            continue
        by_day[day][interval.kind].append(interval)
    if problems:
        raise FormatError(problems)
    nights = []
    for day in sorted(by_day):
        chosen = by_day[day]["asleep"] or by_day[day]["in_bed"]
        hours = merged_hours((i.start, i.end) for i in chosen)
        nights.append(SleepNight(day, round(min(hours, MOST_HOURS), 2), None, chosen[0].where))
    return nights


def refuse_future(nights: list[SleepNight], today: dt.date) -> None:
    """FormatError naming every night after ``today``."""
    problems = [problem(n.where, "day", gettext_noop("%(day)s is after today"), day=n.day.isoformat())
                for n in nights if n.day > today]
    if problems:
        raise FormatError(problems)
