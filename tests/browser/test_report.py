"""A person makes a clinician report, downloads the PDF, and shares a link a clinician opens without an account."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import sign_in
from tests.browser.pages import ConsolePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_makes_a_report_downloads_it_and_shares_it(
    page: ConsolePage, browser: Browser, live_server: LiveServer,
) -> None:
    from painwise.report.tests.factories import fill_diary
    from painwise.testing import PASSWORD, make_user

    fill_diary(make_user("erin"))
    sign_in(page, "erin", PASSWORD)
    page.goto("/report/")
    page.fill("textarea[name=questions]", "Could I try a lower dose?")
    page.click("button:text('Save my questions')")
    page.fill("form.report-form input[name=start]", "2026-01-01")
    page.fill("form.report-form input[name=end]", "2026-01-28")
    page.click("button:text('Show the report')")
    summary = page.locator("section.report-summary")
    assert "Check-ins on 28 of 28 days." in summary.inner_text()
    assert "Could I try a lower dose?" in summary.inner_text()
    page.wait_for_load_state("networkidle")
    for chart in page.locator("img.report-chart").all():  # the pain chart and the body picture
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0")

    with page.expect_download() as download_info:
        page.click("a:text('Download PDF')")
    pdf = PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
    first_page = pdf.pages[0].extract_text()
    assert "Check-ins on 28 of 28 days." in first_page
    assert "Could I try a lower dose?" in first_page

    page.fill("form.share-form input[name=start]", "2026-01-01")
    page.fill("form.share-form input[name=end]", "2026-01-28")
    page.fill("form.share-form input[name=pin]", "2468")
    page.click("button:text('Create a share link')")
    url = page.locator("#share-url").input_value()
    assert re.search(r"/s/[\w-]{43}/$", url)

    clinician = browser.new_context(base_url=live_server.url).new_page()
    clinician.goto(url)
    clinician.fill("input[name=pin]", "2468")
    clinician.click("button:text('Open the report')")
    assert "Check-ins on 28 of 28 days." in clinician.locator("section.report-summary").inner_text()
    clinician.wait_for_load_state("networkidle")
    clinician.context.close()
    assert page.console_errors == []
