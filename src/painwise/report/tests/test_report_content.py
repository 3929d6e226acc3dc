from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from painwise.core.types import User
from painwise.report.document import as_text
from painwise.report.models import ReportRecord
from painwise.report.sections import DEFAULT_SECTIONS, SECTIONS, clean_sections
from painwise.report.services import make_report, record_report, report_pdf, save_questions
from painwise.report.tests.factories import END, START, fill_diary


def _text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_summary_shows_pain_now_against_the_start_with_the_meaningful_change(alice: User) -> None:
    fill_diary(alice)
    text = as_text(make_report(user=alice, start=START, end=END))
    assert "Average pain (0–10) | 6.0 | 3.0 | -3.0 (better, a meaningful change)" in text
    assert "Check-ins on 28 of 28 days." in text


def test_pdf_summary_figures_match_the_diary(alice: User) -> None:
    fill_diary(alice)
    save_questions(user=alice, questions="Can I reduce ibuprofen?")
    text = _text_of(report_pdf(user=alice, report=make_report(user=alice, start=START, end=END)))
    assert "The 60-second summary" in text
    assert "Check-ins on 28 of 28 days." in text
    for figure in ("6.0", "3.0", "-3.0 (better, a meaningful change)"):  # average pain: first and last weeks
        assert figure in text
    assert "Ibuprofen" in text
    assert "Can I reduce ibuprofen?" in text
    assert "Patient-reported, not a medical record." in text
    assert "Page 1 of" in text
    assert "Period 01 Jan 2026 to 28 Jan 2026" in text


def test_summary_is_alone_on_the_first_pdf_page(alice: User) -> None:
    fill_diary(alice)
    reader = PdfReader(io.BytesIO(report_pdf(user=alice, report=make_report(user=alice, start=START, end=END))))
    assert "My questions for this visit" in reader.pages[0].extract_text()
    assert "Pain and PEG over the period" not in reader.pages[0].extract_text()


def test_a_period_without_data_says_so_section_by_section(alice: User) -> None:
    text = as_text(make_report(user=alice, start=START, end=END, sections=list(SECTIONS)))
    for sentence in ("No check-ins in this period.", "No painful areas were marked in this period.",
                     "No flares were recorded in this period.", "No therapy was logged in this period.",
                     "No questionnaire was completed in this period.",
                     "No crisis screen or warning-sign check was shown in this period."):
        assert sentence in text
    assert _text_of(report_pdf(user=alice, report=make_report(user=alice, start=START, end=END)))


def test_an_end_before_the_start_is_refused(alice: User) -> None:
    with pytest.raises(ValidationError) as error:
        make_report(user=alice, start=END, end=START)
    assert "end" in error.value.message_dict


def test_an_unknown_section_is_refused_by_name(alice: User) -> None:
    with pytest.raises(ValidationError) as error:
        make_report(user=alice, start=START, end=END, sections=["pain", "horoscope"])
    assert "horoscope" in error.value.message_dict["sections"][0]


def test_summary_always_comes_first_and_kratom_only_when_ticked() -> None:
    assert clean_sections(["kratom", "pain"]) == ["summary", "pain", "kratom"]
    assert "kratom" not in DEFAULT_SECTIONS


def test_next_report_starts_after_the_last_one(alice: User) -> None:
    from painwise.accounts.services import local_today
    from painwise.report.services import default_period

    today = local_today(alice)
    assert default_period(user=alice) == (today - dt.timedelta(days=89), today)
    report = make_report(user=alice, start=today - dt.timedelta(days=60), end=today - dt.timedelta(days=30))
    record_report(user=alice, report=report)
    assert default_period(user=alice) == (today - dt.timedelta(days=29), today)
    assert ReportRecord.objects.filter(user=alice).count() == 1


def test_questions_are_encrypted_at_rest(alice: User) -> None:
    from django.db import connection

    save_questions(user=alice, questions="Should I taper the codeine?")
    with connection.cursor() as cursor:
        cursor.execute("SELECT questions FROM report_reportpreferences")
        stored = cursor.fetchone()[0]
    assert "codeine" not in stored


def test_too_long_questions_are_refused_and_nothing_saved(alice: User) -> None:
    from painwise.report.services import questions_of

    save_questions(user=alice, questions="first")
    with pytest.raises(ValidationError):
        save_questions(user=alice, questions="x" * 2001)
    assert questions_of(alice) == "first"


def test_questionnaires_show_band_and_change_against_the_minimal_important_change(alice: User) -> None:
    from painwise.accounts.services import local_today
    from painwise.instruments.services import instrument_for, save_response

    gad7 = instrument_for(user=alice, instrument_id="gad7")
    save_response(user=alice, instrument=gad7, answers=[2] * 7, draft=False)
    save_response(user=alice, instrument=gad7, answers=[1] * 7, draft=False)
    today = local_today(alice)
    text = as_text(make_report(user=alice, start=today - dt.timedelta(days=10), end=today))
    row = next(line for line in text.splitlines() if line.startswith("GAD-7 |"))
    assert row.startswith("GAD-7 | 2 | 7 | Mild")
    assert "-7 since first in period (better, meaningful)" in row


def test_the_trauma_track_appears_only_when_ticked_and_without_free_text(alice: User) -> None:
    from painwise.accounts.services import local_today
    from painwise.trauma.services import record_daily

    record_daily(user=alice, answers={"intrusions": 3, "avoidance": 1})
    today = local_today(alice)
    without = as_text(make_report(user=alice, start=today - dt.timedelta(days=6), end=today))
    assert "Trauma track" not in without
    ticked = as_text(make_report(user=alice, start=today - dt.timedelta(days=6), end=today, sections=["trauma"]))
    assert "Daily check on 1 days" in ticked
    assert "Intrusions | 3.0" in ticked
