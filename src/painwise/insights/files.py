"""Insights from a diary file (Painwise CSV or JSON) without storing anything."""

from __future__ import annotations

import time
from dataclasses import dataclass

from painwise.diary.records import statistics_day
from painwise.exchange.formats import (
    CheckinRecord,
    EntryRecord,
    FactorRecord,
    MedicationRecord,
    ParsedDiary,
    Problem,
    decode,
    read_text,
)
from painwise.insights.diary import DayRecord, UseRecord, build_diary
from painwise.insights.factors import FactorKind, medication_kind, modality_kind
from painwise.insights.services import OWN_AVERAGE_SHARE, Insights, analyse_diary, mcid_used
from painwise.nof1 import MeaningfulDifference
from painwise.therapies.records import factor_slug
from painwise.therapies.services import catalog


class DiaryFileError(Exception):
    """A diary file that parses but cannot be analysed (e.g. two check-ins for one day)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


@dataclass(frozen=True)
class FileDiary:
    """The records of a file as the engine's inputs, and the meaningful difference its profile row sets."""

    days: list[DayRecord]
    uses: list[UseRecord]
    mcid: MeaningfulDifference
    mcid_mode: str


def _day(record: CheckinRecord) -> DayRecord:
    return DayRecord(day=record.day, values=statistics_day(vars(record)))


def _use(record: EntryRecord, medications: dict[str, MedicationRecord], factors: dict[str, FactorRecord]) -> UseRecord:
    medication = medications[record.medication] if record.medication is not None else None
    slug = factor_slug(modality=record.modality, medication=medication.name if medication else None,
                       factor=record.factor)
    if medication is not None:
        label = medication.name
        kind = medication_kind(name=medication.name, schedule=medication.schedule, drug_key=medication.drug_key)
    elif record.factor is not None:
        label = record.factor
        own = factors.get(record.factor.casefold())
        kind = FactorKind(as_needed=own is not None and own.as_needed)
    else:
        modality = catalog().get(record.modality)
        label = modality.name if modality else record.modality
        kind = modality_kind(record.modality, record.details)
    return UseRecord(day=record.local_day, slug=slug, label=label, amount=record.amount, unit=record.unit,
                     duration_minutes=record.duration_minutes, as_needed=kind.as_needed,
                     dependence=kind.dependence, medicine=kind.medicine)


def _duplicate_days(checkins: list[CheckinRecord]) -> list[Problem]:
    first_seen: dict[object, str] = {}
    problems = []
    for record in checkins:
        if record.day in first_seen:
            reason = f"a second check-in for {record.day.isoformat()} (the first is on {first_seen[record.day]})"
            problems.append(Problem(record.where, "day", reason))
        else:
            first_seen[record.day] = record.where
    return problems


def file_diary(parsed: ParsedDiary) -> FileDiary:
    """The engine inputs of a parsed file; DiaryFileError naming the line of each repeated day."""
    problems = _duplicate_days(parsed.checkins)
    if problems:
        raise DiaryFileError(problems)
    medications = {m.key: m for m in parsed.medications}
    factors = {f.name.casefold(): f for f in parsed.custom_factors}
    profile = parsed.profile
    mode = profile.mcid_mode if profile is not None else "points"
    points = profile.mcid_points if profile is not None else 1.0
    share = OWN_AVERAGE_SHARE if mode == "percent" else None
    return FileDiary(
        days=[_day(c) for c in parsed.checkins],
        uses=[_use(e, medications, factors) for e in parsed.entries],
        mcid=MeaningfulDifference(points=points, share_of_own_mean=share),
        mcid_mode=mode,
    )


def insights_from_file(data: bytes) -> Insights:
    """Insights for a Painwise CSV or JSON file's diary; FormatError / DiaryFileError list each problem
    with its line (CSV) or place (JSON). Nothing is stored."""
    started = time.perf_counter()
    diary_file = file_diary(read_text(decode(data)))
    diary, factors = build_diary(diary_file.days, diary_file.uses)
    report = analyse_diary(diary, factors=factors, mcid=diary_file.mcid)
    return Insights(
        report=report,
        factors=factors,
        mcid_points=mcid_used(report, fallback=diary_file.mcid.points),
        mcid_mode=diary_file.mcid_mode,
        prior_version=None,
        milliseconds=(time.perf_counter() - started) * 1000.0,
    )
