"""Android Health Connect's export (a zip holding the SQLite database health_connect_export.db) (no Django).

Sleep sessions are rows of ``sleep_session_record_table`` (start_time, end_time in milliseconds
since 1970 UTC, start_zone_offset, end_zone_offset in seconds); their stages are rows of
``sleep_stages_table`` (parent_key = the session's row_id, stage_start_time, stage_end_time,
stage_type). Stages 2 (sleeping), 4 (light), 5 (deep) and 6 (REM) count as asleep; a session
without stages counts as time in bed (used only on days with no staged sleep).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import tempfile
import zoneinfo
from typing import IO

from painwise.core.messages import gettext_noop
from painwise.exchange.foreign import safezip
from painwise.exchange.foreign.sleep import SleepInterval, SleepNight, nights_from_intervals
from painwise.exchange.formats import FormatError, Problem, problem

DATABASE = "health_connect_export.db"
ASLEEP_STAGES = {2, 4, 5, 6}
KNOWN_STAGES = set(range(8))


# Real UTC offsets run from -12:00 to +14:00.
MAX_OFFSET_SECONDS = 14 * 3600
# Times after this (milliseconds since 1970: the year 9999) cannot be dates.
MAX_MILLIS = 253_402_300_799_999


def _moment(millis: int, offset_seconds: int | None) -> dt.datetime:
    zone = dt.timezone(dt.timedelta(seconds=offset_seconds or 0))
    return dt.datetime.fromtimestamp(millis / 1000, tz=dt.UTC).astimezone(zone)


def _time_problems(where: str, times: dict[str, object], offsets: dict[str, object]) -> list[Problem]:
    """Problems of a row's times (whole milliseconds since 1970) and zone offsets (seconds within ±14 hours)."""
    problems = []
    for column, value in times.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_MILLIS:
            reason = gettext_noop("%(value)r is not a time (milliseconds since 1970)")
            problems.append(problem(where, column, reason, value=value))
    for column, value in offsets.items():
        if value is None:
            continue  # no offset recorded: the instant is still exact (UTC)
        usable = isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_OFFSET_SECONDS
        if not usable:
            reason = gettext_noop("%(value)r is not a UTC offset in seconds that a place on Earth uses (-12:00 to "
                                  "+14:00)")
            problems.append(problem(where, column, reason, value=value))
    return problems


def read_intervals(path: str) -> list[SleepInterval]:
    """The sleep intervals of a Health Connect database file; FormatError naming each bad row."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise FormatError([problem(DATABASE, "", gettext_noop("cannot be opened (%(error)s)"), error=exc)]) from None
    try:
        return _intervals(connection)
    except sqlite3.DatabaseError as exc:
        reason = gettext_noop("is not a Health Connect database this import knows (%(error)s)")
        raise FormatError([problem(DATABASE, "", reason, error=exc)]) from None
    finally:
        connection.close()


def _intervals(connection: sqlite3.Connection) -> list[SleepInterval]:
    sessions = connection.execute(
        "SELECT row_id, start_time, start_zone_offset, end_time, end_zone_offset FROM sleep_session_record_table "
        "ORDER BY start_time").fetchall()
    stages: dict[int, list[tuple[int, int, int]]] = {}
    for parent, start, end, stage in connection.execute(
            "SELECT parent_key, stage_start_time, stage_end_time, stage_type FROM sleep_stages_table"):
        stages.setdefault(parent, []).append((start, end, stage))
    intervals: list[SleepInterval] = []
    problems: list[Problem] = []
    for row_id, start, start_offset, end, end_offset in sessions:
        where = f"sleep_session_record_table row {row_id}"
        found = _time_problems(where, {"start_time": start, "end_time": end},
                               {"start_zone_offset": start_offset, "end_zone_offset": end_offset})
        if found:
            problems.extend(found)
            continue
        if end < start:
            problems.append(problem(where, "end_time", gettext_noop("is before start_time")))
            continue
        own = stages.get(row_id, [])
        for stage_start, stage_end, stage in own:
            found = _time_problems(where, {"stage_start_time": stage_start, "stage_end_time": stage_end}, {})
            if found:
                problems.extend(found)
            elif stage_end < stage_start:
                problems.append(problem(where, "stage_end_time", gettext_noop("is before stage_start_time")))
            elif stage not in KNOWN_STAGES:
                reason = gettext_noop("%(stage)s is not a Health Connect sleep stage")
                problems.append(problem(where, "stage_type", reason, stage=stage))
            elif stage in ASLEEP_STAGES:
                intervals.append(SleepInterval(_moment(stage_start, start_offset), _moment(stage_end, end_offset),
                                               "asleep", where))
        if not own:
            intervals.append(SleepInterval(_moment(start, start_offset), _moment(end, end_offset), "in_bed", where))
    if problems:
        raise FormatError(problems)
    return intervals


def read_nights(stream: IO[bytes], *, zone: zoneinfo.ZoneInfo, today: dt.date) -> list[SleepNight]:
    """Nights of sleep from Health Connect's export zip (or the bare database file)."""
    with tempfile.NamedTemporaryFile(suffix=".db") as copy:
        if safezip.is_zip(stream):
            archive = safezip.open_zip(stream)
            name = next((n for n in archive.namelist() if n.rsplit("/", 1)[-1] == DATABASE), None)
            if name is None:
                reason = gettext_noop("is a zip without %(member)s; is this Health Connect's export?")
                raise FormatError([problem("file", "", reason, member=DATABASE)])
            with safezip.member(archive, name) as member:
                shutil.copyfileobj(member, copy)
        else:
            shutil.copyfileobj(stream, copy)
        copy.flush()
        return nights_from_intervals(read_intervals(copy.name), zone=zone, today=today)
