"""Fitbit's export (Google Takeout zip, or one sleep-YYYY-MM-DD.json file): main sleep per night (no Django).

Each sleep-*.json file is a list of sleep logs (logId, dateOfSleep, startTime, endTime, minutesAsleep,
efficiency, mainSleep). ``dateOfSleep`` is the day the sleep ends, so it is the check-in day; naps
(mainSleep false) are left out. In a Takeout zip, ``Sleep Score/sleep_score.csv`` gives each log an
overall_score of 0–100, taken as sleep quality on 0–10 (score / 10, rounded).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from typing import IO, Any

from painwise.core.messages import gettext_noop
from painwise.exchange.foreign import safezip
from painwise.exchange.foreign.sleep import MOST_HOURS, SleepNight, read_json, refuse_future
from painwise.exchange.formats import FormatError, Problem, problem

SLEEP_FILE = re.compile(r"(^|/)sleep-\d{4}-\d{2}-\d{2}\.json$")
SCORE_FILE = re.compile(r"(^|/)sleep_score\.csv$")
# A sleep-*.json file holds 30 days of logs; larger ones are not Fitbit's.
MAX_JSON_BYTES = 50 * 1024**2


def _load_json(stream: IO[bytes], name: str) -> Any:
    return read_json(stream, name, limit=MAX_JSON_BYTES,
                     too_large=gettext_noop("is larger than a Fitbit sleep file can be"))


def _scores(stream: IO[bytes], name: str) -> dict[str, int]:
    """logId -> sleep quality 0–10 from sleep_score.csv (overall_score 0–100)."""
    reader = csv.DictReader(io.TextIOWrapper(stream, encoding="utf-8-sig", newline=""))
    if not reader.fieldnames or not {"sleep_log_entry_id", "overall_score"} <= set(reader.fieldnames):
        raise FormatError([problem(name, "", gettext_noop("has no sleep_log_entry_id and overall_score columns"))])
    scores: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):
        try:
            score = float(row["overall_score"])
        except ValueError:
            reason = gettext_noop("is not a number")
            raise FormatError([problem(f"{name} line {number}", "overall_score", reason)]) from None
        if not 0 <= score <= 100:
            reason = gettext_noop("%(score)s is outside 0 to 100")
            raise FormatError([problem(f"{name} line {number}", "overall_score", reason, score=f"{score:g}")])
        scores[row["sleep_log_entry_id"].strip()] = round(score / 10)
    return scores


class _Logs:
    """Main-sleep minutes per day, collected file by file; duplicate logIds are problems."""

    def __init__(self) -> None:
        self.minutes: dict[dt.date, float] = defaultdict(float)
        self.log_ids: dict[dt.date, list[str]] = defaultdict(list)
        self.where: dict[dt.date, str] = {}
        self.seen: dict[str, str] = {}
        self.problems: list[Problem] = []

    def add_file(self, logs: Any, name: str) -> None:
        if not isinstance(logs, list):
            self.problems.append(problem(name, "", gettext_noop("is not a list of Fitbit sleep logs")))
            return
        for index, log in enumerate(logs):
            self._add(log, f"{name} [{index}]")

    def _add(self, log: Any, where: str) -> None:
        if not isinstance(log, dict) or not {"logId", "dateOfSleep", "minutesAsleep"} <= set(log):
            reason = gettext_noop("is not a Fitbit sleep log (needs logId, dateOfSleep, minutesAsleep)")
            self.problems.append(problem(where, "", reason))
            return
        log_id = str(log["logId"])
        if log_id in self.seen:
            reason = gettext_noop("%(id)s appears twice (first at %(first)s)")
            self.problems.append(problem(where, "logId", reason, id=log_id, first=self.seen[log_id]))
            return
        self.seen[log_id] = where
        try:
            day = dt.date.fromisoformat(str(log["dateOfSleep"]))
        except ValueError:
            reason = gettext_noop("%(value)r is not a date")
            self.problems.append(problem(where, "dateOfSleep", reason, value=log["dateOfSleep"]))
            return
        minutes = log["minutesAsleep"]
        if isinstance(minutes, bool) or not isinstance(minutes, int | float) or not 0 <= minutes <= 24 * 60:
            reason = gettext_noop("%(value)r is not 0 to 1440 minutes")
            self.problems.append(problem(where, "minutesAsleep", reason, value=minutes))
            return
        if log.get("mainSleep", log.get("isMainSleep", True)) is False:
            return  # a nap (Takeout writes mainSleep, the Web API isMainSleep)
        self.minutes[day] += minutes
        self.log_ids[day].append(log_id)
        self.where.setdefault(day, where)

    def nights(self, scores: dict[str, int]) -> list[SleepNight]:
        if self.problems:
            raise FormatError(self.problems)
        nights = []
        for day in sorted(self.minutes):
            quality = next((scores[i] for i in self.log_ids[day] if i in scores), None)
            nights.append(SleepNight(day, round(min(self.minutes[day] / 60, MOST_HOURS), 2), quality, self.where[day]))
        return nights


def read_nights(stream: IO[bytes], *, today: dt.date, name: str = "file") -> list[SleepNight]:
    """Nights of main sleep from a Fitbit Takeout zip or one sleep JSON file (seekable binary stream)."""
    logs = _Logs()
    scores: dict[str, int] = {}
    if safezip.is_zip(stream):
        archive = safezip.open_zip(stream)
        names = sorted(n for n in archive.namelist() if SLEEP_FILE.search(n))
        if not names:
            reason = gettext_noop("is a zip without sleep-YYYY-MM-DD.json files; is this Fitbit's export?")
            raise FormatError([problem("file", "", reason)])
        for member_name in names:
            with safezip.member(archive, member_name) as member:
                logs.add_file(_load_json(member, member_name), member_name)
        for member_name in (n for n in archive.namelist() if SCORE_FILE.search(n)):
            with safezip.member(archive, member_name) as member:
                scores.update(_scores(member, member_name))
    else:
        logs.add_file(_load_json(stream, name), name)
    nights = logs.nights(scores)
    refuse_future(nights, today)
    return nights
