"""Google Fit's sleep sessions from a Google Takeout (the Fit folder's session files), or one such file (no Django).

Google Fit keeps sleep as sessions of activity type 72 ("sleep"), optionally split into stages
(1 awake, 2 sleep, 3 out of bed, 4 light, 5 deep, 6 REM). Takeout writes each session as its own
JSON file under ``Takeout/Fit/All Sessions/`` (``fitnessActivity: "sleep"``, ISO ``startTime`` and
``endTime``, stages as ``segment`` entries named ``sleep.light``, ``sleep.deep`` ...); the REST
API's shape (``activityType: 72``, ``startTimeMillis``, ``endTimeMillis``, or a ``{"session": [...]}``
list) is read too. Other activities are ignored.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import IO, Any

from painwise.core.messages import gettext_noop
from painwise.exchange.foreign import safezip
from painwise.exchange.foreign.sleep import SleepInterval, SleepNight, nights_from_intervals, read_json
from painwise.exchange.formats import FormatError, Problem, problem

SESSION_FILE = re.compile(r"(^|/)(Fit/All Sessions|sessions)/[^/]+\.json$", re.IGNORECASE)
SLEEP_TYPE = 72
MAX_JSON_BYTES = 10 * 1024**2
# Stage names (Takeout) and numbers (the API's sleep segment values) that count as asleep, and those that do not.
ASLEEP = {"sleep", "sleep.light", "sleep.deep", "sleep.rem", 2, 4, 5, 6, 72, 109, 110, 111}
NOT_ASLEEP = {"sleep.awake", "sleep.out_of_bed", "awake", "out_of_bed", 1, 3, 112}


def _time(item: dict[str, Any], name: str) -> dt.datetime:
    """``startTime``/``endTime`` (ISO 8601 with a zone) or ``startTimeMillis``/``endTimeMillis`` (ms since 1970)."""
    if f"{name}TimeMillis" in item:
        return dt.datetime.fromtimestamp(int(item[f"{name}TimeMillis"]) / 1000, tz=dt.UTC)
    if f"{name}TimeNanos" in item:
        return dt.datetime.fromtimestamp(int(item[f"{name}TimeNanos"]) / 1e9, tz=dt.UTC)
    moment = dt.datetime.fromisoformat(str(item[f"{name}Time"]).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("no time zone")
    return moment


def _is_sleep(session: dict[str, Any]) -> bool:
    return session.get("fitnessActivity") == "sleep" or session.get("activityType") in (SLEEP_TYPE, str(SLEEP_TYPE))


def _stage(segment: dict[str, Any]) -> Any:
    return segment.get("fitnessActivity", segment.get("activityType", segment.get("sleepType")))


class _Sessions:
    """Sleep intervals gathered file by file; repeated sessions and bad times are problems."""

    def __init__(self) -> None:
        self.intervals: list[SleepInterval] = []
        self.problems: list[Problem] = []
        self.seen: dict[tuple[dt.datetime, dt.datetime], str] = {}

    def add_file(self, data: Any, name: str) -> None:
        sessions = data.get("session") if isinstance(data, dict) and "session" in data else data
        if isinstance(sessions, dict):
            sessions = [sessions]
        if not isinstance(sessions, list):
            self.problems.append(problem(name, "", gettext_noop("is not a Google Fit session file")))
            return
        for index, session in enumerate(sessions):
            if isinstance(session, dict) and _is_sleep(session):
                self._session(session, f"{name} [{index}]" if len(sessions) > 1 else name)

    def _span(self, item: dict[str, Any], where: str) -> tuple[dt.datetime, dt.datetime] | None:
        try:
            start, end = _time(item, "start"), _time(item, "end")
        except (KeyError, ValueError, TypeError, OverflowError):
            reason = gettext_noop("needs a start and end time such as 2026-03-01T22:30:00Z (with its zone)")
            self.problems.append(problem(where, "startTime", reason))
            return None
        if end < start:
            self.problems.append(problem(where, "endTime", gettext_noop("is before startTime")))
            return None
        return start, end

    def _session(self, session: dict[str, Any], where: str) -> None:
        span = self._span(session, where)
        if span is None:
            return
        if span in self.seen:
            reason = gettext_noop("repeats the sleep session in %(first)s (same times)")
            self.problems.append(problem(where, "", reason, first=self.seen[span]))
            return
        self.seen[span] = where
        segments = session.get("segment") or []
        if not segments:  # no stages: the whole session is sleep (Google's non-granular sleep)
            self.intervals.append(SleepInterval(*span, "asleep", where))
            return
        for index, segment in enumerate(segments):
            here = f"{where} segment {index}"
            stage = _stage(segment) if isinstance(segment, dict) else None
            if stage not in ASLEEP and stage not in NOT_ASLEEP:
                reason = gettext_noop("%(value)r is not a sleep stage this import knows")
                self.problems.append(problem(here, "fitnessActivity", reason, value=stage))
                continue
            part = self._span(segment, here)
            if part is not None and stage in ASLEEP:
                self.intervals.append(SleepInterval(*part, "asleep", here))


def _load(stream: IO[bytes], name: str) -> Any:
    return read_json(stream, name, limit=MAX_JSON_BYTES,
                     too_large=gettext_noop("is larger than a Google Fit session file can be"))


def read_nights(stream: IO[bytes], *, zone: zoneinfo.ZoneInfo, today: dt.date, name: str = "file") -> list[SleepNight]:
    """Nights of sleep from a Takeout zip or one session JSON file (a seekable binary stream)."""
    sessions = _Sessions()
    if safezip.is_zip(stream):
        archive = safezip.open_zip(stream)
        files = [n for n in archive.namelist() if SESSION_FILE.search(n)]
        if not files:
            reason = gettext_noop("is a zip without Fit/All Sessions/*.json; is this a Google Takeout of Google Fit?")
            raise FormatError([problem("file", "", reason)])
        for member_name in files:
            with safezip.member(archive, member_name) as member:
                sessions.add_file(_load(member, member_name), member_name)
    else:
        sessions.add_file(_load(stream, name), name)
    if sessions.problems:
        raise FormatError(sessions.problems)
    if not sessions.intervals:
        reason = gettext_noop('holds no Google Fit sleep session (activity type 72, "sleep")')
        raise FormatError([problem(name, "", reason)])
    return nights_from_intervals(sessions.intervals, zone=zone, today=today)
