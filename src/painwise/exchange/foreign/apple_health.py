"""Apple Health's export (export.zip, or the export.xml inside it): sleep analysis records (no Django).

The file is read as a stream through defusedxml's parser with a target that keeps only sleep
records, so memory stays flat however large the export is (entity declarations are refused).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from typing import IO, Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from painwise.core.messages import gettext_noop
from painwise.exchange.foreign import safezip
from painwise.exchange.foreign.sleep import SleepInterval, SleepNight, nights_from_intervals
from painwise.exchange.formats import FormatError, Problem, problem

SLEEP_TYPE = "HKCategoryTypeIdentifierSleepAnalysis"
ASLEEP = {
    "HKCategoryValueSleepAnalysisAsleep", "HKCategoryValueSleepAnalysisAsleepUnspecified",
    "HKCategoryValueSleepAnalysisAsleepCore", "HKCategoryValueSleepAnalysisAsleepDeep",
    "HKCategoryValueSleepAnalysisAsleepREM",
}
IN_BED = "HKCategoryValueSleepAnalysisInBed"
AWAKE = "HKCategoryValueSleepAnalysisAwake"
MEMBER = "apple_health_export/export.xml"
CHUNK = 1 << 16
# Real UTC offsets run from -12:00 to +14:00.
MAX_OFFSET = dt.timedelta(hours=14)


def parse_time(text: str) -> dt.datetime:
    """Apple's ``2024-03-01 23:10:00 +0100`` as an aware datetime (ValueError when it is not one)."""
    moment = dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")
    offset = moment.utcoffset()
    if offset is None or not -MAX_OFFSET <= offset <= MAX_OFFSET:
        raise ValueError(f"{text!r} has a UTC offset no place on Earth uses")
    return moment


class _SleepTarget:
    """Parser target: turns each sleep Record into a SleepInterval, ignoring every other element."""

    def __init__(self) -> None:
        self.parser: Any = None
        self.root = ""
        self.intervals: list[SleepInterval] = []
        self.problems: list[Problem] = []
        self.seen: dict[tuple[str, str, str, str], int] = {}

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        line = self.parser.parser.CurrentLineNumber
        if not self.root:
            self.root = tag
            if tag != "HealthData":
                reason = gettext_noop("starts with <%(tag)s>, not Apple Health's <HealthData>")
                self.problems.append(problem(f"line {line}", "", reason, tag=tag))
        elif tag == "Record" and attrib.get("type") == SLEEP_TYPE:
            self._record(attrib, f"line {line}")

    def _record(self, attrib: dict[str, str], where: str) -> None:
        value = attrib.get("value", "")
        if value not in ASLEEP and value not in (IN_BED, AWAKE):
            reason = gettext_noop("%(value)r is not a sleep analysis value this import knows")
            self.problems.append(problem(where, "value", reason, value=value))
            return
        key = (attrib.get("sourceName", ""), attrib.get("startDate", ""), attrib.get("endDate", ""), value)
        if key in self.seen:
            reason = gettext_noop("repeats the record on line %(line)s (same source, times and value)")
            self.problems.append(problem(where, "", reason, line=self.seen[key]))
            return
        self.seen[key] = int(where.split()[-1])
        try:
            start, end = parse_time(attrib.get("startDate", "")), parse_time(attrib.get("endDate", ""))
        except ValueError:
            reason = gettext_noop("%(start)r to %(end)r are not times such as 2024-03-01 23:10:00 +0100 with a "
                                  "valid UTC offset")
            self.problems.append(problem(where, "startDate", reason, start=attrib.get("startDate"),
                                         end=attrib.get("endDate")))
            return
        if end < start:
            self.problems.append(problem(where, "endDate", gettext_noop("is before startDate")))
        elif value != AWAKE:
            self.intervals.append(SleepInterval(start, end, "asleep" if value in ASLEEP else "in_bed", where))

    def end(self, tag: str) -> None:
        pass

    def data(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


def read_intervals(stream: IO[bytes]) -> list[SleepInterval]:
    """The sleep intervals of an export.xml stream; FormatError naming each bad line."""
    target = _SleepTarget()
    parser = DefusedXMLParser(target=target)
    target.parser = parser
    at_end = False
    try:
        while chunk := stream.read(CHUNK):
            parser.feed(chunk)
        at_end = True
        parser.close()
    except ParseError as exc:
        where = f"line {exc.position[0]}"
        found = (problem(where, "", gettext_noop("the file ends early here (truncated?)")) if at_end
                 else problem(where, "", gettext_noop("is not well-formed XML (%(error)s)"), error=exc))
        raise FormatError([*target.problems[:20], found]) from None
    except DefusedXmlException as exc:
        reason = gettext_noop("uses XML entities or external references, refused (%(error)s)")
        raise FormatError([problem("file", "", reason, error=exc)]) from None
    if target.problems:
        raise FormatError(target.problems)
    if target.root != "HealthData":
        raise FormatError([problem("file", "", gettext_noop("is not an Apple Health export (no <HealthData>)"))])
    return target.intervals


def _xml_stream(stream: IO[bytes]) -> Iterator[IO[bytes]]:
    if not safezip.is_zip(stream):
        yield stream
        return
    archive = safezip.open_zip(stream)
    names = archive.namelist()
    name = MEMBER if MEMBER in names else next((n for n in names if n.rsplit("/", 1)[-1] == "export.xml"), None)
    if name is None:
        reason = gettext_noop("is a zip without %(member)s; is this Apple Health's export.zip?")
        raise FormatError([problem("file", "", reason, member=MEMBER)])
    with safezip.member(archive, name) as xml:
        yield xml


def read_nights(stream: IO[bytes], *, zone: zoneinfo.ZoneInfo, today: dt.date) -> list[SleepNight]:
    """Nights of sleep from Apple Health's export.zip or export.xml (a seekable binary stream)."""
    for xml in _xml_stream(stream):
        return nights_from_intervals(read_intervals(xml), zone=zone, today=today)
    return []
