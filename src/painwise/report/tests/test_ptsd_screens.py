"""PTSD screens (PCL-5, PC-PTSD-5) are trauma-track data (issue 12: "never in a clinician share unless the person
ticks this section explicitly"): their scores leave the person's own view only inside the ticked trauma section,
in the report (web, PDF, API) and a share link (page, PDF, FHIR file); the person's own export keeps them."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from pypdf import PdfReader

from painwise.accounts.services import local_today
from painwise.core.types import User
from painwise.instruments.services import all_instruments, save_response
from painwise.report.document import as_text
from painwise.report.sections import DEFAULT_SECTIONS, SECTIONS
from painwise.report.services import create_share, make_report
from painwise.testing import send

PCL5_TOTAL = "40"  # twenty answers of 2 ("Moderately")


def _screens_and_phq9(user: User) -> None:
    instruments = all_instruments()
    save_response(user=user, instrument=instruments["pcl5"], answers=[2] * 20, draft=False)
    save_response(user=user, instrument=instruments["pcptsd5"], answers=[1, 1, 1, 0, 0, 0], draft=False)
    save_response(user=user, instrument=instruments["phq9"], answers=[1] * 9 + [0], draft=False)


def _share(user: User, sections: list[str] | None) -> str:
    today = local_today(user)
    _, token = create_share(user=user, start=today, end=today, sections=sections, expires_in_hours=24)
    return f"/s/{token}/"


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _fhir_instruments(content: bytes) -> set[str]:
    bundle = json.loads(content)
    return {
        e["resource"]["questionnaire"].split("|")[0].rsplit(":", 1)[-1]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    }


def test_every_declared_share_section_is_a_report_section() -> None:
    declared = {i.id: i.share_section for i in all_instruments().values() if i.share_section}
    assert declared == {"pcl5": "trauma", "pcptsd5": "trauma"}
    assert set(declared.values()) <= set(SECTIONS) - set(DEFAULT_SECTIONS)  # only ever behind a tick


def test_a_default_report_has_no_ptsd_screen_in_the_summary_or_the_questionnaire_section(alice: User) -> None:
    _screens_and_phq9(alice)
    today = local_today(alice)
    text = as_text(make_report(user=alice, start=today, end=today))
    assert "PHQ-9 | 1 | 9" in text  # other questionnaires are shared as before
    assert "PCL-5" not in text
    assert "PC-PTSD-5" not in text


def test_with_the_trauma_section_ticked_the_screens_are_in_it_and_in_the_summary(alice: User) -> None:
    _screens_and_phq9(alice)
    today = local_today(alice)
    report = make_report(user=alice, start=today, end=today, sections=["questionnaires", "trauma"])
    trauma = next(s for s in report.sections if s.key == "trauma")
    rows = [row for block in trauma.blocks for row in getattr(block, "rows", [])]
    assert ("PCL-5", "1", PCL5_TOTAL) in [row[:3] for row in rows]
    assert "PC-PTSD-5" in [row[0] for row in rows]
    questionnaires = next(s for s in report.sections if s.key == "questionnaires")
    assert "PCL-5" not in str(questionnaires.blocks)  # shown once, inside the section that was ticked
    assert f"PCL-5 | 1 | {PCL5_TOTAL}" in as_text(report).split("== Questionnaire scores ==")[0]  # the summary


def test_the_trauma_section_says_when_no_screen_was_completed(alice: User) -> None:
    today = local_today(alice)
    text = as_text(make_report(user=alice, start=today, end=today, sections=["trauma"]))
    assert "None of PCL-5, PC-PTSD-5 was completed in this period." in text


def test_a_default_share_link_shows_no_pcl5_score_on_its_page_pdf_or_fhir_file(
    alice: User, anon_client: Client
) -> None:
    _screens_and_phq9(alice)
    url = _share(alice, None)
    page = anon_client.get(url)
    assert page.status_code == 200
    assert "PHQ-9" in page.text
    assert "PCL-5" not in page.text
    assert "PC-PTSD-5" not in page.text
    pdf = _pdf_text(anon_client.get(url + "report.pdf").content)
    assert "PHQ-9" in pdf
    assert "PCL-5" not in pdf
    assert _fhir_instruments(anon_client.get(url + "fhir.json").content) == {"phq9"}


def test_a_share_link_with_the_trauma_section_shows_the_pcl5_score_everywhere(alice: User, anon_client: Client) -> None:
    _screens_and_phq9(alice)
    url = _share(alice, ["questionnaires", "trauma"])
    page = anon_client.get(url)
    assert f"<td>PCL-5</td><td>1</td><td>{PCL5_TOTAL}</td>" in page.text.replace("\n", "").replace(" ", "")
    pdf = _pdf_text(anon_client.get(url + "report.pdf").content)
    assert "PCL-5" in pdf
    assert _fhir_instruments(anon_client.get(url + "fhir.json").content) == {"phq9", "pcl5", "pcptsd5"}


def test_a_share_of_the_trauma_section_alone_carries_the_screens_but_no_other_questionnaire(
    alice: User, anon_client: Client
) -> None:
    _screens_and_phq9(alice)
    url = _share(alice, ["trauma"])
    assert _fhir_instruments(anon_client.get(url + "fhir.json").content) == {"pcl5", "pcptsd5"}


@pytest.mark.parametrize(("sections", "shown"), [(None, False), (["trauma"], True)])
def test_the_report_api_follows_the_same_tick(
    alice: User, alice_client: Client, sections: list[str] | None, shown: bool
) -> None:
    _screens_and_phq9(alice)
    today = local_today(alice).isoformat()
    body = send(alice_client, "post", "/api/v1/reports", {"start": today, "end": today, "sections": sections})
    assert body.status_code == 200
    assert ("PCL-5" in body.json()["text"]) is shown
    assert ("PCL-5" in json.dumps(body.json()["sections"])) is shown


def test_the_report_page_tells_the_person_where_their_pcl5_scores_went(alice: User, alice_client: Client) -> None:
    _screens_and_phq9(alice)
    today = local_today(alice).isoformat()
    page = alice_client.get(f"/report/?start={today}&end={today}&sections=questionnaires")
    assert "Your PCL-5, PC-PTSD-5 scores from this period are not in this report" in page.text
    assert "PCL-5, PC-PTSD-5 scores are shown only when you tick" in page.text  # the form's help, and the share form's
    ticked = alice_client.get(f"/report/?start={today}&end={today}&sections=trauma")
    assert "scores from this period are not in this report" not in ticked.text


def test_the_note_is_not_shown_to_someone_without_ptsd_screens(alice: User, alice_client: Client) -> None:
    today = local_today(alice).isoformat()
    page = alice_client.get(f"/report/?start={today}&end={today}")
    assert "scores from this period are not in this report" not in page.text


def test_other_people_and_visitors_reach_no_report_with_the_screens(
    alice: User, bob_client: Client, anon_client: Client
) -> None:
    _screens_and_phq9(alice)
    today = local_today(alice).isoformat()
    assert "PCL-5 |" not in bob_client.get(f"/report/?start={today}&end={today}&sections=trauma").text
    assert anon_client.get(f"/report/?start={today}&end={today}&sections=trauma").status_code == 302
    assert send(anon_client, "post", "/api/v1/reports", {"sections": ["trauma"]}).status_code == 401


def test_the_persons_own_fhir_export_keeps_the_ptsd_screens(alice: User) -> None:
    from painwise.core.hooks import registry

    _screens_and_phq9(alice)
    content, _, _ = registry.exporters["fhir"](alice)  # what `painwise export --format fhir` and the API write
    assert _fhir_instruments(content) == {"phq9", "pcl5", "pcptsd5"}
