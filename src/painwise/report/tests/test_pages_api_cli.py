"""The report page, its PDF, the questions, the API routes and the CLI: as owner, another person, anonymous."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner, Result
from django.test import Client
from pypdf import PdfReader

from painwise.cli import cli
from painwise.core.types import User
from painwise.report.models import ReportPreferences, ReportRecord, ShareLink
from painwise.report.tests.factories import fill_diary
from painwise.testing import fields_named, send

PERIOD = "start=2026-01-01&end=2026-01-28"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_owner_sees_the_form_with_a_default_period(alice_client: Client) -> None:
    page = alice_client.get("/report/")
    assert page.status_code == 200
    assert 'name="start"' in page.text
    assert "Create a share link" in page.text


def test_an_empty_diary_is_told_what_to_log_first_with_a_link_to_it(alice_client: Client) -> None:
    page = alice_client.get("/report/").text
    assert "Your diary is empty so far" in page
    assert '<a class="button" href="/checkin/">Check in for today</a>' in page


def test_the_empty_diary_hint_goes_once_the_person_has_checked_in(alice: User, alice_client: Client,
                                                                  bob_client: Client) -> None:
    fill_diary(alice)
    assert "Your diary is empty so far" not in alice_client.get("/report/").text
    assert "Your diary is empty so far" in bob_client.get("/report/").text  # Alice's diary is not Bob's


def test_owner_sees_the_report_on_the_page_and_downloads_the_pdf(alice: User, alice_client: Client) -> None:
    fill_diary(alice)
    page = alice_client.get(f"/report/?{PERIOD}&sections=pain")
    assert "The 60-second summary" in page.text
    assert "Pain and PEG over the period" in page.text
    assert "<h3>Where it hurts</h3>" not in page.text
    assert "<h3>Pain and PEG over the period</h3>" in page.text
    pdf = alice_client.get(f"/report/pdf/?{PERIOD}&sections=pain")
    assert pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    assert ReportRecord.objects.filter(user=alice).count() == 1
    assert alice_client.get(f"/report/chart/pain.svg?{PERIOD}")["Content-Type"] == "image/svg+xml"


def test_where_it_hurts_is_drawn_on_the_body_picture_on_the_page_and_in_the_pdf(
    alice: User, alice_client: Client,
) -> None:
    fill_diary(alice)
    page = alice_client.get(f"/report/?{PERIOD}&sections=body_map")
    assert "<h3>Where it hurts</h3>" in page.text
    assert ('src="/report/chart/pain.svg?start=2026-01-01&amp;end=2026-01-28&amp;sections=body_map&amp;chart=body"'
            in page.text)
    body = alice_client.get(f"/report/chart/pain.svg?{PERIOD}&sections=body_map&chart=body")
    assert body["Content-Type"] == "image/svg+xml"
    assert body.content.count(b'fill="#eceef2"') < body.content.count(b"<rect") + body.content.count(b"<ellipse")
    assert b'fill="#ec8a3e"' in body.content  # left lower back, a mean of 6
    assert alice_client.get(f"/report/chart/pain.svg?{PERIOD}&chart=nonsense").status_code == 404
    pdf = alice_client.get(f"/report/pdf/?{PERIOD}&sections=body_map")
    assert pdf.status_code == 200
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) >= 2


def test_the_page_explains_a_bad_period_and_records_nothing(alice_client: Client, alice: User) -> None:
    page = alice_client.get("/report/?start=2026-02-01&end=2026-01-01")
    assert "The end of the period is before its start." in page.text
    assert alice_client.get("/report/pdf/?start=2026-02-01&end=2026-01-01").status_code == 422
    assert not ReportRecord.objects.exists()


def test_another_persons_report_is_never_shown(alice: User, bob_client: Client) -> None:
    fill_diary(alice)
    page = bob_client.get(f"/report/?{PERIOD}")
    assert "Check-ins on 0 of 28 days" not in page.text  # bob has no diary: his own empty report
    assert "No check-ins in this period." in page.text


def test_anonymous_is_sent_to_sign_in(anon_client: Client) -> None:
    for url in ("/report/", f"/report/pdf/?{PERIOD}", f"/report/chart/pain.svg?{PERIOD}"):
        assert anon_client.get(url).status_code == 302
    assert anon_client.post("/report/questions/", {"questions": "x"}).status_code == 302
    assert not ReportPreferences.objects.exists()


def test_questions_are_saved_and_printed_on_the_summary(alice: User, alice_client: Client) -> None:
    alice_client.post("/report/questions/", {"questions": "Is the tingling normal?"})
    assert "Is the tingling normal?" in alice_client.get(f"/report/?{PERIOD}").text


def test_api_makes_the_report_as_data_and_pdf(alice: User, alice_client: Client) -> None:
    fill_diary(alice)
    body = send(alice_client, "post", "/api/v1/reports",
                {"start": "2026-01-01", "end": "2026-01-28", "sections": ["pain"]}).json()
    assert [s["key"] for s in body["sections"]] == ["summary", "pain"]
    assert "Average pain (0–10) | 6.0 | 3.0" in body["text"]
    pdf = send(alice_client, "post", "/api/v1/reports/pdf", {"start": "2026-01-01", "end": "2026-01-28"})
    assert pdf.content.startswith(b"%PDF")


def test_api_refuses_bad_reports_by_field(alice_client: Client) -> None:
    assert fields_named(send(alice_client, "post", "/api/v1/reports",
                             {"start": "2026-02-01", "end": "2026-01-01"})) == {"end"}
    assert fields_named(send(alice_client, "post", "/api/v1/reports",
                             {"start": "2026-01-01", "end": "2026-01-28", "sections": ["tarot"]})) == {"sections"}


def test_api_questions_belong_to_the_caller(alice_client: Client, bob_client: Client) -> None:
    send(alice_client, "put", "/api/v1/reports/questions", {"questions": "Alice's question"})
    assert send(bob_client, "get", "/api/v1/reports/questions").json() == {"questions": ""}


def test_api_is_closed_to_anonymous(anon_client: Client) -> None:
    assert send(anon_client, "post", "/api/v1/reports", {}).status_code == 401
    assert send(anon_client, "post", "/api/v1/reports/pdf", {}).status_code == 401
    assert send(anon_client, "get", "/api/v1/reports/questions").status_code == 401


def test_cli_writes_the_pdf(alice: User, tmp_path: Path) -> None:
    fill_diary(alice)
    output = tmp_path / "report.pdf"
    result = run("report", "--user", "alice", "--from", "2026-01-01", "--to", "2026-01-28",
                 "--sections", "pain,medications", "--output", str(output))
    assert result.exit_code == 0, result.output
    assert "Check-ins on 28 of 28 days." in PdfReader(output).pages[0].extract_text()


def test_cli_refuses_an_unknown_section_and_an_end_before_the_start(alice: User, tmp_path: Path) -> None:
    output = tmp_path / "report.pdf"
    bad = run("report", "--user", "alice", "--sections", "pain,tarot", "--output", str(output))
    assert bad.exit_code == 1
    assert "Unknown section: tarot" in bad.output
    backwards = run("report", "--user", "alice", "--from", "2026-02-01", "--to", "2026-01-01", "--output", str(output))
    assert "before its start" in backwards.output
    assert not output.exists()


def test_cli_creates_lists_and_revokes_a_link(alice: User, bob: User) -> None:
    created = run("share", "create", "--user", "alice", "--from", "2026-01-01", "--to", "2026-01-28",
                  "--expires-in-hours", "48", "--pin", "2468")
    assert created.exit_code == 0, created.output
    assert "/s/" in created.output
    link = ShareLink.objects.get(user=alice)
    assert "active" in run("share", "list", "--user", "alice").output
    assert run("share", "revoke", "--user", "bob", "--id", str(link.pk)).exit_code == 1
    assert run("share", "revoke", "--user", "alice", "--id", str(link.pk)).exit_code == 0
    assert "revoked" in run("share", "list", "--user", "alice").output
    too_long = run("share", "create", "--user", "alice", "--expires-in-hours", "2161")
    assert too_long.exit_code == 1
    assert ShareLink.objects.count() == 1
