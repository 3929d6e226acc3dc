"""The clinician report in Painwise JSON and CSV: the person's questions for the visit and the reports they
made (period and sections). Share links are not exported: they are access control of this server."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from painwise.exchange.formats import Column
from painwise.exchange.sections import ImportContext, Section
from painwise.report.models import ReportPreferences, ReportRecord
from painwise.report.sections import clean_sections

# painwise.report.services (fpdf, matplotlib) is imported inside the functions that store: this module is
# loaded at start-up (apps.py) by every process, including CLI commands that never draw a report.

if TYPE_CHECKING:
    from painwise.core.types import User



def _export_preferences(user: User) -> list[dict[str, Any]]:
    prefs = ReportPreferences.objects.filter(user=user).first()
    return [] if prefs is None else [{"questions": prefs.questions, "updated_at": prefs.updated_at}]


def _store_preferences(context: ImportContext, values: dict[str, Any]) -> None:
    from painwise.report.services import save_questions

    prefs = save_questions(user=context.user, questions=values.get("questions") or "")
    context.keep_times(prefs, values)


def _export_reports(user: User) -> list[dict[str, Any]]:
    rows = ReportRecord.objects.filter(user=user).order_by("created_at", "pk")
    return [{"start": r.start, "end": r.end, "sections": r.sections, "created_at": r.created_at} for r in rows]


@transaction.atomic
def _store_report(context: ImportContext, values: dict[str, Any]) -> None:
    from painwise.report.services import clean_period

    start, end = clean_period(start=values.get("start"), end=values.get("end"))
    sections = values.get("sections")
    if not isinstance(sections, list) or not sections or not all(isinstance(s, str) for s in sections):
        raise ValidationError({"sections": gettext("Expected a list of report section names.")})
    record = ReportRecord(user=context.user, start=start, end=end, sections=clean_sections(sections))
    record.full_clean(exclude=["user"])
    record.save()
    context.keep_times(record, values)


PREFERENCES = Section(
    key="report_preferences", record="report_preferences",
    names=(gettext_noop("%(count)s report setting"), gettext_noop("%(count)s report settings")),
    columns=(Column("questions", "text"), Column("updated_at", "datetime")),
    export=_export_preferences, store=_store_preferences, models=("report.ReportPreferences",), single=True,
    order=60,
)
REPORTS = Section(
    key="reports_made", record="report_made",
    names=(gettext_noop("%(count)s report made"), gettext_noop("%(count)s reports made")),
    columns=(Column("start", "date", required=True), Column("end", "date", required=True),
             Column("sections", "list"), Column("created_at", "datetime")),
    export=_export_reports, store=_store_report, models=("report.ReportRecord",), order=61,
)
SECTIONS = (PREFERENCES, REPORTS)
