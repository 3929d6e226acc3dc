"""Clinician report services: choose the period, build the report, keep the person's questions, and
manage share links (a long random token shown once, only its SHA-256 kept; optional PIN; expiry;
revoke; lock after too many wrong PINs; every opening logged).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from painwise.accounts.services import local_date, local_today
from painwise.report.build import build_report, not_built_words
from painwise.report.charts import pain_chart_svg
from painwise.report.document import ClinicianReport
from painwise.report.models import ReportPreferences, ReportRecord, ShareLink, ShareOpening
from painwise.report.pdf import render_pdf
from painwise.report.sections import SECTIONS, clean_sections, section_title

if TYPE_CHECKING:
    from painwise.core.types import User
    from painwise.instruments.services import Instrument


DEFAULT_DAYS = 90
MAX_PERIOD_DAYS = 3 * 366
MAX_SHARE_HOURS = 90 * 24
MAX_PIN_ATTEMPTS = 5
TOKEN_BYTES = 32  # 43 URL-safe characters


# --- Period, questions, report ------------------------------------------------------------------


def default_period(*, user: User) -> tuple[dt.date, dt.date]:
    """Since the day after the last report (if that leaves at least a week), else the last 90 days."""
    today = local_today(user)
    last = ReportRecord.objects.filter(user=user).first()
    if last is not None and last.end < today - dt.timedelta(days=6):
        return last.end + dt.timedelta(days=1), today
    return today - dt.timedelta(days=DEFAULT_DAYS - 1), today


def clean_period(*, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """Both dates given, start not after end, at most about three years; ValidationError per field."""
    errors = {}
    if start is None:
        errors["start"] = "Give the first day of the period."
    if end is None:
        errors["end"] = "Give the last day of the period."
    if errors or start is None or end is None:
        raise ValidationError(errors)
    if end < start:
        raise ValidationError({"end": gettext("The end of the period is before its start.")})
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise ValidationError({"start": gettext("A report covers at most three years.")})
    return start, end


def questions_of(user: User) -> str:
    prefs = ReportPreferences.objects.filter(user=user).first()
    return prefs.questions if prefs else ""


@transaction.atomic
def save_questions(*, user: User, questions: str) -> ReportPreferences:
    """Keep the person's questions for the visit (encrypted at rest); at most 2,000 characters."""
    prefs, _ = ReportPreferences.objects.get_or_create(user=user)
    prefs.questions = questions.strip()
    if len(prefs.questions) > 2000:
        raise ValidationError({"questions": gettext("Questions can be at most 2,000 characters.")})
    prefs.full_clean(exclude=["user"])
    prefs.save()
    return prefs


def make_report(*, user: User, start: dt.date | None, end: dt.date | None,
                sections: Sequence[str] | None = None) -> ClinicianReport:
    """The report for the person, period and sections; ValidationError for a bad period or section."""
    start, end = clean_period(start=start, end=end)
    chosen = clean_sections(list(sections) if sections is not None else None)
    return build_report(user=user, who=user.get_username(), start=start, end=end, sections=chosen,
                        questions=questions_of(user), today=local_today(user))


def _held_back_by_section(ticked: Sequence[str]) -> dict[str, list[Instrument]]:
    """The questionnaires a report with sections ``ticked`` leaves out, by the section that would show them (their
    declared ``share_section``)."""
    from painwise.instruments.services import held_back_instruments

    groups: dict[str, list[Instrument]] = {}
    for instrument in held_back_instruments(ticked=ticked):
        if instrument.share_section in SECTIONS:
            groups.setdefault(instrument.share_section, []).append(instrument)
    return groups


def kept_for_sections_words() -> str:
    """For the report and share forms: which questionnaires' scores are shown only inside a section the person
    ticks (the PTSD screens: the trauma track), never in the summary or "Questionnaire scores" otherwise."""
    return " ".join(
        gettext("%(names)s scores are shown only when you tick “%(section)s”, never in the summary or "
                "“Questionnaire scores” otherwise.")
        % {"names": ", ".join(i.short_name for i in held), "section": section_title(key)}
        for key, held in _held_back_by_section(()).items())


def held_back_from(*, user: User, report: ClinicianReport) -> list[tuple[str, str]]:
    """For the person's own preview: (questionnaire names, section title) of scores they have in the report's
    period that it leaves out because that section is not ticked."""
    from painwise.instruments.services import completed_responses

    def in_period(instrument: Instrument) -> bool:
        return any(r.completed_at and report.start <= local_date(user, r.completed_at) <= report.end
                   for r in completed_responses(user=user, instrument=instrument))

    held = []
    for key, instruments in _held_back_by_section([s.key for s in report.sections]).items():
        present = [i.short_name for i in instruments if in_period(i)]
        if present:
            held.append((", ".join(present), section_title(key)))
    return held


def chart_svg(*, user: User, report: ClinicianReport, name: str) -> bytes:
    """The SVG of one of the report's charts: "pain" (the weekly means) or "body" (where it hurt)."""
    from painwise.diary.bodysvg import heat_svg
    from painwise.diary.services import checkins_between

    if name not in ("pain", "body"):
        raise ValidationError({"chart": gettext("Unknown chart.")})
    checkins = checkins_between(user=user, start=report.start, end=report.end)
    if name == "body":
        return heat_svg([c.regions for c in checkins])
    return pain_chart_svg(checkins=checkins, start=report.start, end=report.end)


def report_pdf(*, user: User, report: ClinicianReport) -> bytes:
    return render_pdf(report, charts=lambda name: chart_svg(user=user, report=report, name=name),
                      extra=not_built_words())


def record_report(*, user: User, report: ClinicianReport) -> ReportRecord:
    """Remember that the person made this report (the next report's default period starts after it)."""
    record = ReportRecord(user=user, start=report.start, end=report.end,
                          sections=[s.key for s in report.sections])
    record.full_clean(exclude=["user"])
    record.save()
    return record


# --- Share links -----------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clean_pin(pin: str) -> str:
    if pin and not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise ValidationError({"pin": gettext("A PIN is 4 to 8 digits.")})
    return pin


@transaction.atomic
def create_share(*, user: User, start: dt.date | None, end: dt.date | None, sections: Sequence[str] | None,
                 expires_in_hours: int, pin: str = "", label: str = "") -> tuple[ShareLink, str]:
    """A new link and its token (shown once; only the hash is kept). Expiry 1 hour to 90 days."""
    start, end = clean_period(start=start, end=end)
    chosen = clean_sections(list(sections) if sections is not None else None)
    if not 1 <= expires_in_hours <= MAX_SHARE_HOURS:
        raise ValidationError({"expires_in_hours": gettext("A link lasts from 1 hour to 90 days (2160 hours).")})
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ShareLink(user=user, label=label.strip(), start=start, end=end, sections=chosen,
                     token_hash=token_hash(token), expires_at=timezone.now() + dt.timedelta(hours=expires_in_hours),
                     pin_hash=make_password(_clean_pin(pin)) if pin else "")
    link.full_clean(exclude=["user"])
    link.save()
    return link, token


def share_state(link: ShareLink, *, now: dt.datetime | None = None) -> str:
    """"active", "expired", "revoked" or "locked"."""
    now = now or timezone.now()
    if link.revoked_at:
        return "revoked"
    if link.locked_at:
        return "locked"
    if link.expires_at <= now:
        return "expired"
    return "active"


def shares_for(*, user: User) -> list[ShareLink]:
    return list(ShareLink.objects.filter(user=user).prefetch_related("openings"))


def revoke_share(*, link: ShareLink) -> ShareLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def active_share_for_token(token: str) -> ShareLink | None:
    """The live link with this token, or None (unknown, expired, revoked, locked, or owner deleted)."""
    link = ShareLink.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    if link is None or share_state(link) != "active" or not link.user.is_active:
        return None
    return link


@transaction.atomic
def try_pin(*, link: ShareLink, pin: str) -> bool:
    """Whether ``pin`` opens ``link``; wrong PINs count, and the fifth locks the link for good."""
    locked = ShareLink.objects.select_for_update().get(pk=link.pk)
    if locked.locked_at:
        return False
    if check_password(pin, locked.pin_hash):
        return True
    locked.failed_pin_attempts += 1
    if locked.failed_pin_attempts >= MAX_PIN_ATTEMPTS:
        locked.locked_at = timezone.now()
    locked.save(update_fields=["failed_pin_attempts", "locked_at"])
    link.failed_pin_attempts, link.locked_at = locked.failed_pin_attempts, locked.locked_at
    return False


def log_opening(*, link: ShareLink, address: str | None, what: str) -> ShareOpening:
    return ShareOpening.objects.create(link=link, address=address or None, what=what)


def shared_report(*, link: ShareLink) -> ClinicianReport:
    """The report exactly as the link's scope says: its period and sections only."""
    return make_report(user=link.user, start=link.start, end=link.end, sections=link.sections)


def shared_fhir(*, link: ShareLink) -> bytes:
    """A FHIR R4 Bundle of the link's period: questionnaire responses and daily pain ratings in it; questionnaires
    that declare a share section (the PTSD screens: the trauma track's) only when the link has that section."""
    from painwise.instruments.services import fhir_of_period

    sections = set(link.sections)
    return fhir_of_period(user=link.user, start=link.start, end=link.end,
                          questionnaires="questionnaires" in sections, pain="pain" in sections, ticked=sections)
