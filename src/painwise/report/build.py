"""Build the clinician report from the other domains' public front doors (their services and pages).

Every figure is in the person's own units: points on 0–10 for diary scores, hours of sleep, the
questionnaire's own total. "Start" and "now" are the first and last two weeks of the period (halves
of a period shorter than four weeks).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from statistics import fmean
from typing import TYPE_CHECKING, Any

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, gettext_noop, ngettext

from painwise.accounts.services import local_date
from painwise.diary.services import checkins_between, episodes_between, region_labels
from painwise.insights.services import insights_for
from painwise.insights.services import sections as insight_sections
from painwise.instruments.services import (
    all_instruments,
    change_since,
    completed_responses,
    instruments_of_section,
    result_for,
    shareable_instruments,
)
from painwise.report.charts import chart_alt
from painwise.report.document import Block, Chart, ClinicianReport, Paragraph, Section, Table
from painwise.report.measures import (
    PAIN_MEASURES,
    TREND_MEASURES,
    checkin_scale,
    episode_top,
    measure_value,
    measure_words,
    trend_label,
)
from painwise.report.sections import NOT_BUILT, SUMMARY, section_title
from painwise.safety.services import event_summary, events_for
from painwise.substances.services import clinician_summary, interaction_warnings
from painwise.therapies.services import active_medications, effect_words, entries_between

if TYPE_CHECKING:
    from painwise.core.types import User
    from painwise.instruments.services import Instrument


WINDOW_DAYS = 14


class Data:
    """What the sections read, loaded once per report."""

    def __init__(self, *, user: User, start: dt.date, end: dt.date, sections: Sequence[str] = ()) -> None:
        self.user, self.start, self.end, self.sections = user, start, end, tuple(sections)
        self.checkins = checkins_between(user=user, start=start, end=end)
        self.entries = entries_between(user=user, start=start, end=end)
        self.days = (end - start).days + 1
        window = min(WINDOW_DAYS, max(1, self.days // 2))
        self.first = [c for c in self.checkins if c.day < start + dt.timedelta(days=window)]
        self.last = [c for c in self.checkins if c.day > end - dt.timedelta(days=window)]
        self.window = window
        self._findings: tuple[list[tuple[str, ...]], list[tuple[str, ...]], list[tuple[str, ...]]] | None = None



def _mean(data: Data, rows: Sequence[Any], name: str) -> float | None:
    values = [v for v in (measure_value(c, name) for c in rows) if v is not None]
    return round(fmean(values), 1) if values else None


def _num(value: float | None, unit: str = "") -> str:
    return gettext("no data") if value is None else f"{value:.1f}{unit}"


def _change_words(data: Data, name: str, before: float | None, now: float | None) -> str:
    if before is None or now is None:
        return gettext("cannot compare")
    if name in PAIN_MEASURES:
        change = change_since(all_instruments()["peg"], previous=before, current=now)
        values = {"points": f"{change.points:+.1f}", "direction": change.direction}
        if change.meaningful is True:
            return gettext("%(points)s (%(direction)s, a meaningful change)") % values
        if change.meaningful is False:
            return gettext("%(points)s (%(direction)s, less than a meaningful change)") % values
        return gettext("%(points)s (%(direction)s)") % values
    return f"{now - before:+.1f}"


def _trend_table(data: Data) -> Table:
    rows = []
    for measure in TREND_MEASURES:
        before, now = _mean(data, data.first, measure.name), _mean(data, data.last, measure.name)
        rows.append((trend_label(measure), _num(before), _num(now), _change_words(data, measure.name, before, now)))
    return Table((
        gettext("Measure"), gettext("First %(days)s days") % {"days": data.window},
        gettext("Last %(days)s days") % {"days": data.window}, gettext("Change")), rows)


def _mic_words() -> str:
    mic = all_instruments()["peg"].minimal_important_change
    if not hasattr(mic, "explanation"):
        return ""
    return gettext("Meaningful change for pain and PEG: %(explanation)s") % {
        "explanation": " ".join(mic.explanation.split())}


# --- The 60-second summary ------------------------------------------------------------------------


def _activities(data: Data) -> list[Block]:
    days = [c for c in data.checkins if c.activities]
    if not days:
        return [Paragraph(gettext("No meaningful activities were noted in this period."))]
    common = Counter(a for c in days for a in c.activities).most_common(5)
    listed = ", ".join(f"{name} ({n})" for name, n in common)
    return [Paragraph(gettext("Meaningful activities noted on %(days)s of %(checkins)s check-in days; most often: "
                              "%(listed)s.") % {"days": len(days), "checkins": len(data.checkins), "listed": listed})]


def _medications(data: Data, *, serious_only: bool) -> list[Block]:
    meds = active_medications(user=data.user)
    blocks: list[Block] = []
    if meds:
        blocks.append(Table((gettext("Medication"), gettext("Dose"), gettext("When"), gettext("Why")), [
            (str(m), f"{m.dose:g} {m.unit}" if m.dose else "", m.schedule or "", m.reason or "") for m in meds
        ]))
    else:
        blocks.append(Paragraph(gettext("No current medications on the list.")))
    warnings = [w for w in interaction_warnings(user=data.user) if not serious_only or w.severity == "serious"]
    if warnings:
        blocks.append(Table((gettext("Interaction"), gettext("Severity"), gettext("Involves")), [
            (w.title, w.severity, ", ".join(w.items)) for w in warnings
        ]))
    else:
        blocks.append(Paragraph(gettext("No serious interaction warnings.") if serious_only
                                else gettext("No interaction warnings.")))
    return blocks


def _questionnaire_rows(data: Data, instruments: Sequence[Instrument]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for instrument in instruments:
        done = [r for r in completed_responses(user=data.user, instrument=instrument)
                if r.completed_at and data.start <= local_date(data.user, r.completed_at) <= data.end]
        if not done:
            continue
        last = result_for(done[-1], instrument)
        change = gettext("only one in the period")
        if len(done) > 1 and done[0].total is not None and last.total is not None:
            moved = change_since(instrument, previous=float(done[0].total), current=float(last.total))
            verdict = {True: gettext("meaningful"), False: gettext("less than the minimal important change"),
                       None: gettext("no published threshold")}[moved.meaningful]
            change = gettext("%(points)s since first in period (%(direction)s, %(verdict)s)") % {
                "points": f"{moved.points:+g}", "direction": moved.direction, "verdict": verdict}
        band = last.band.label if last.band else ""
        total = gettext("no total") if last.total is None else f"{last.total:g}"
        rows.append((instrument.short_name, f"{len(done)}", total, band, change))
    return rows


QUESTIONNAIRE_HEADERS = (gettext_noop("Questionnaire"), gettext_noop("Times"), gettext_noop("Latest total"),
                         gettext_noop("Band"), gettext_noop("Change"))


def _questionnaire_table(rows: list[tuple[str, ...]]) -> Table:
    return Table(tuple(gettext(h) for h in QUESTIONNAIRE_HEADERS), rows)


def _questionnaires(data: Data, *, instruments: Sequence[Instrument]) -> list[Block]:
    """Scores of ``instruments`` completed in the period (the summary passes those the ticked sections allow,
    the questionnaire section those without a share section of their own)."""
    rows = _questionnaire_rows(data, instruments)
    if not rows:
        return [Paragraph(gettext("No questionnaire was completed in this period."))]
    return [_questionnaire_table(rows)]


def _section_screens(data: Data, key: str) -> list[Block]:
    """The questionnaires that declare section ``key`` as theirs (the PTSD screens: the trauma track), shown inside
    it because the person ticked it; nothing for a section no questionnaire declares."""
    instruments = instruments_of_section(key)
    if not instruments:
        return []
    rows = _questionnaire_rows(data, instruments)
    names = ", ".join(i.short_name for i in instruments)
    return [Paragraph(gettext("Questionnaires: %(names)s") % {"names": names}, heading=True),
            _questionnaire_table(rows) if rows
            else Paragraph(gettext("None of %(names)s was completed in this period.") % {"names": names})]


def _own_ratings(data: Data) -> list[tuple[str, ...]]:
    rated: dict[str, list[int]] = {}
    for entry in data.entries:
        if entry.effect is not None:
            rated.setdefault(entry.label, []).append(entry.effect)
    ranked = sorted(rated.items(), key=lambda item: (-fmean(item[1]), item[0]))
    return [(label, effect_words(round(fmean(effects))), f"{fmean(effects):+.1f}", str(len(effects)))
            for label, effects in ranked]


def _findings(data: Data) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]], list[tuple[str, ...]]]:
    """Rows (therapy, when, verdict, difference) of findings with a direction, of findings of probably
    little difference, and of comparisons without enough information yet (verdict says how many days more)."""
    if data._findings is None:
        data._findings = _compute_findings(data)
    return data._findings


def _finding_row(row: Any) -> tuple[str, ...]:
    i = row.insight
    if not row.has_estimate or i.ci_low is None or i.ci_high is None:
        more = (gettext("about %(days)s more days of check-ins") % {"days": i.more_days_needed}
                if i.more_days_needed else "")
        return (i.factor_label, row.when, i.verdict, more)
    difference = gettext("%(effect)s points (%(low)s to %(high)s)") % {
        "effect": f"{i.effect:+.1f}", "low": f"{i.ci_low:+.1f}", "high": f"{i.ci_high:+.1f}"}
    return (i.factor_label, row.when, i.verdict, difference)


def _compute_findings(data: Data) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]], list[tuple[str, ...]]]:
    insights = insights_for(user=data.user, outcomes=["pain_average"])
    signs: list[tuple[str, ...]] = []
    little: list[tuple[str, ...]] = []
    not_enough: list[tuple[str, ...]] = []
    for section in insight_sections(insights.report, outcomes=["pain_average"]):
        signs += [_finding_row(row) for row in section.signs]
        little += [_finding_row(row) for row in section.little_difference]
        not_enough += [_finding_row(row) for row in section.not_enough]
    return signs, little, not_enough


def _helps_blocks(data: Data) -> list[Block]:
    signs, little, not_enough = _findings(data)
    headers = (gettext("Therapy"), gettext("When"), gettext("Verdict"),
               gettext("Difference in average pain (likely range)"))
    blocks: list[Block] = [Paragraph(gettext(
        "Computed over the whole diary, not only this period, in points of average pain (%(scale)s). "
        "Patterns in a diary, not proof.") % {"scale": checkin_scale("pain_average")})]
    for title, rows in ((gettext("Signs"), signs), (gettext("Probably little difference"), little),
                        (gettext("Not enough information yet"), not_enough)):
        blocks.append(Paragraph(title, heading=True))
        blocks.append(Table(headers, rows) if rows else Paragraph(gettext("None.")))
    return blocks


def _safety_rows(data: Data) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for event in events_for(user=data.user):
        if data.start <= local_date(data.user, event.created_at) <= data.end:
            summary = event_summary(event)
            rows.append((date_format(local_date(data.user, event.created_at), "d M Y"), summary["kind_label"],
                         summary["urgency_label"], summary["title"]))
    return rows[::-1]


def _safety(data: Data) -> list[Block]:
    rows = _safety_rows(data)
    if not rows:
        return [Paragraph(gettext("No crisis screen or warning-sign check was shown in this period."))]
    return [Table((gettext("Date"), gettext("Kind"), gettext("Urgency"), gettext("What")), rows)]


def _questions(questions: str) -> list[Block]:
    text = questions.strip()
    return [Paragraph(text if text else gettext("No questions written for this visit."))]


def summary_section(data: Data, questions: str) -> Section:
    if not data.checkins:
        pain: list[Block] = [Paragraph(gettext("No check-ins in this period."))]
    else:
        checked = gettext("Check-ins on %(checkins)s of %(days)s days.") % {
            "checkins": len(data.checkins), "days": data.days}
        pain = [Paragraph(checked), _trend_table(data),
                Paragraph(_mic_words())]
    own = _own_ratings(data)[:5]
    data_rows, little, not_enough = _findings(data)
    blocks: list[Block] = [
        *pain,
        Paragraph(gettext("Function and meaningful activities"), heading=True), *_activities(data),
        Paragraph(gettext("Current medications and serious interactions"), heading=True),
        *_medications(data, serious_only=True),
        Paragraph(gettext("Questionnaires"), heading=True),
        *_questionnaires(data, instruments=shareable_instruments(ticked=data.sections)),
        Paragraph(gettext("What I think helps (my own ratings after each use, -2 to +2)"), heading=True),
        Table((gettext("Therapy"), gettext("Usually"), gettext("Mean"), gettext("Rated")), own) if own
        else Paragraph(gettext("No therapy was rated in this period.")),
        Paragraph(gettext("What the diary says"), heading=True),
        Table((gettext("Therapy"), gettext("When"), gettext("Verdict"), gettext("Difference (likely range)")),
              data_rows[:4]) if data_rows
        else Paragraph(gettext("No clear sign yet that any therapy changes average pain (whole diary).")),
        Paragraph(gettext("Also %(little)s comparisons with probably little difference and %(not_enough)s without "
                          "enough information yet (whole diary; details in “What helps me” when included).")
                  % {"little": len(little), "not_enough": len(not_enough)}),
        Paragraph(gettext("Safety events"), heading=True), *_safety(data),
        Paragraph(gettext("My questions for this visit"), heading=True), *_questions(questions),
    ]
    return Section(SUMMARY, section_title(SUMMARY), blocks)


# --- The other sections ---------------------------------------------------------------------------


def _pain(data: Data) -> list[Block]:
    if not data.checkins:
        return [Paragraph(gettext("No check-ins in this period."))]
    months: dict[str, list[Any]] = {}
    for c in data.checkins:
        months.setdefault(date_format(c.day, "M Y"), []).append(c)
    rows = [(month, str(len(rows)), *(_num(_mean(data, rows, name)) for name in PAIN_MEASURES))
            for month, rows in months.items()]
    headers = (gettext("Month"), gettext("Days"), *(measure_words(name) for name in PAIN_MEASURES))
    return [Chart("pain", chart_alt()), Table(headers, rows)]


BODY_ALT = gettext_noop(
    "Body picture, front on the left and back on the right (the person's right on the left of the front), each "
    "area shaded by its mean intensity on the days it was marked; the table below gives the figures.")


def _body_map(data: Data) -> list[Block]:
    labels = region_labels()
    seen: dict[str, list[int]] = {}
    for c in data.checkins:
        for region, level in (c.regions or {}).items():
            seen.setdefault(region, []).append(level)
    if not seen:
        return [Paragraph(gettext("No painful areas were marked in this period."))]
    ranked = sorted(seen.items(), key=lambda item: -len(item[1]))
    headers = (gettext("Area"), gettext("Days marked"),
               gettext("Mean intensity (%(scale)s)") % {"scale": checkin_scale("regions")})
    return [Chart("body", gettext(BODY_ALT)), Table(headers,
                  [(labels.get(r, r), str(len(v)), f"{fmean(v):.1f}") for r, v in ranked])]


def _flares(data: Data) -> list[Block]:
    episodes = episodes_between(user=data.user, start=data.start, end=data.end)
    if not episodes:
        return [Paragraph(gettext("No flares were recorded in this period."))]
    hours = [(e.ended_at - e.started_at).total_seconds() / 3600 for e in episodes if e.ended_at]
    triggers = Counter(t for e in episodes for t in e.triggers).most_common(5)
    values = {"flares": len(episodes), "intensity": f"{fmean(e.intensity for e in episodes):.1f}",
              "top": episode_top("intensity")}
    if hours:
        values["hours"] = f"{sorted(hours)[len(hours) // 2]:.0f}"
        described = ngettext("%(flares)s flare, mean intensity %(intensity)s of %(top)s, typically lasting "
                             "%(hours)s hours (median).",
                             "%(flares)s flares, mean intensity %(intensity)s of %(top)s, typically lasting "
                             "%(hours)s hours (median).", len(episodes))
    else:
        described = ngettext("%(flares)s flare, mean intensity %(intensity)s of %(top)s.",
                             "%(flares)s flares, mean intensity %(intensity)s of %(top)s.", len(episodes))
    blocks: list[Block] = [Paragraph(described % values)]
    if triggers:
        blocks.append(Paragraph(gettext("Triggers noted most often: %(triggers)s.") % {
            "triggers": ", ".join(f"{t} ({n})" for t, n in triggers)}))
    return blocks


def _therapies(data: Data) -> list[Block]:
    if not data.entries:
        return [Paragraph(gettext("No therapy was logged in this period."))]
    used: dict[str, set[dt.date]] = {}
    counts: Counter[str] = Counter()
    for entry in data.entries:
        used.setdefault(entry.label, set()).add(entry.day)
        counts[entry.label] += 1
    ratings = {row[0]: row for row in _own_ratings(data)}
    rows = [(label, str(counts[label]), str(len(days)), ratings[label][1] if label in ratings else gettext("not rated"))
            for label, days in sorted(used.items(), key=lambda item: -len(item[1]))]
    headers = (gettext("Therapy"), gettext("Times logged"), gettext("Days"), gettext("Own rating"))
    return [Table(headers, rows),
            Paragraph(gettext("Adherence to a therapy plan is not shown: Painwise has no therapy plans yet."))]


def _kratom(data: Data) -> list[Block]:
    summary = clinician_summary(user=data.user, today=data.end)
    signals = summary["dependence_signals"]
    if not signals:
        return [Paragraph(gettext("No dependence signals in the kratom pattern."))]
    return [Table((gettext("Signal"), gettext("Figures")), [(s["title"], str(s["figures"])) for s in signals])]


def _trauma(data: Data) -> list[Block]:
    """The trauma track's own summary (averages and tool uses; never its free text)."""
    from painwise.trauma.services import report_summary

    summary = report_summary(user=data.user, start=data.start, end=data.end)
    if not summary["days_checked"] and not summary["tools"]:
        return [Paragraph(gettext("No trauma-track check-ins or grounding tools in this period."))]
    blocks: list[Block] = [Paragraph(
        gettext("Daily check on %(days)s days; %(triggers)s triggers noted (their descriptions stay private).")
        % {"days": summary["days_checked"], "triggers": summary["triggers_noted"]})]
    if summary["daily_averages"]:
        blocks.append(Table((gettext("Daily item"), gettext("Average")), [
            (key.replace("_", " ").capitalize(), f"{value:.1f}") for key, value in summary["daily_averages"].items()]))
    if summary["tools"]:
        headers = (gettext("Grounding tool"), gettext("Uses"), gettext("Average change (after minus before)"))
        blocks.append(Table(headers, [
            (row["tool"], str(row["uses"]), gettext("not rated") if row["average_change"] is None
             else f"{row['average_change']:+.1f}") for row in summary["tools"]]))
    return blocks


BUILDERS: dict[str, Callable[[Data], list[Block]]] = {
    "pain": _pain,
    "body_map": _body_map,
    "flares": _flares,
    "therapies": _therapies,
    "medications": lambda data: _medications(data, serious_only=False),
    "questionnaires": lambda data: _questionnaires(data, instruments=shareable_instruments(ticked=())),
    "helps": _helps_blocks,
    "safety": _safety,
    "kratom": _kratom,
    "trauma": _trauma,
}


def build_report(*, user: User, who: str, start: dt.date, end: dt.date, sections: Sequence[str], questions: str,
                 today: dt.date) -> ClinicianReport:
    """The report for ``start``..``end`` (inclusive) with ``sections`` (already cleaned, summary first)."""
    data = Data(user=user, start=start, end=end, sections=sections)
    built = [summary_section(data, questions)]
    built += [Section(key, section_title(key), [*BUILDERS[key](data), *_section_screens(data, key)])
              for key in sections if key != SUMMARY]
    return ClinicianReport(who=who, start=start, end=end, generated_on=today, sections=built)


def not_built_words() -> str:
    return gettext("Not in Painwise yet, so not in this report: %(missing)s.") % {
        "missing": ", ".join(gettext(part) for part in NOT_BUILT)}
