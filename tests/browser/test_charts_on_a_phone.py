"""On a 390 x 844 phone, a person with a demo year reads "What helps me" and History: the summary first, no
sideways scrolling, chart text at least 12 CSS px. With PAINWISE_SCREENSHOTS=<dir> it saves the
screenshots the docs use (docs/what-helps-phone.png, docs/history-phone.png)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize
from pytest_django.live_server_helper import LiveServer

from painwise.core.types import User
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long demo passphrase 7"
PHONE: ViewportSize = {"width": 390, "height": 844}
FONT_SIZE = re.compile(r"font(?:-size)?:\s*(?:[a-z]+\s+)*([\d.]+)px")


@pytest.fixture
def phone(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    yield page
    page.wait_for_load_state("networkidle")
    context.close()


def wider_than_the_screen(page: Page) -> list[str]:
    """Elements sticking out to the right of the viewport (tag.class and right edge), so the page scrolls sideways."""
    sticking_out: list[str] = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > width + 0.5 && !e.closest(".scroll"))
            .map(e => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
    }""")
    return sticking_out


def smallest_chart_text_css_px(page: Page, image: Locator) -> float:
    """The smallest font in the chart image's SVG, in CSS px as the image is shown."""
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    source = image.evaluate("img => img.currentSrc")
    svg = page.request.get(source).text()
    view_box = re.search(r'viewBox="0 0 ([\d.]+) ', svg)
    assert view_box, "the chart has a viewBox"
    view_width = float(view_box.group(1))
    sizes = [float(s) for s in FONT_SIZE.findall(svg)]
    assert sizes, "the chart has text"
    shown_width: float = image.evaluate("img => img.clientWidth")
    return min(sizes) * shown_width / view_width


def screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("PAINWISE_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name))


def test_what_helps_and_history_read_on_a_phone_with_the_summary_first(phone: Page) -> None:
    from painwise.demo_account import create_demo_account

    create_demo_account(username="dana", password=PASSWORD, days=365, seed=7)
    sign_in(phone, "dana", PASSWORD)

    phone.goto("/insights/")
    headings = phone.locator("main h2").all_inner_texts()
    assert headings[0] == "In short"
    summary = phone.locator("section.summary li")
    assert 1 <= summary.count() <= 3
    assert summary.first.is_visible()
    assert re.search(r"\d\.\d points", summary.first.inner_text())
    assert "ms" not in re.findall(r"\b\w+\b", phone.locator("main").inner_text())
    assert wider_than_the_screen(phone) == []
    screenshot(phone, "what-helps-phone.png")

    first = phone.locator("section.insights").first
    first.locator("details.outcome > summary").click()
    assert smallest_chart_text_css_px(phone, first.locator("figure.chart img")) >= 12
    assert wider_than_the_screen(phone) == []

    phone.goto("/history/")
    assert smallest_chart_text_css_px(phone, phone.locator("figure.chart img")) >= 12
    assert wider_than_the_screen(phone) == []
    phone.locator("h1").scroll_into_view_if_needed()
    screenshot(phone, "history-phone.png")


def test_questionnaire_experiment_and_kratom_charts_read_on_a_phone(phone: Page, alice: User) -> None:
    """The other charts a person sees: drawn for the phone, text at least 12 CSS px, no sideways scroll."""
    from django.urls import reverse
    from django.utils import timezone

    from painwise.experiments.tests.helpers import started, write_days
    from painwise.instruments.catalog import get_instrument
    from painwise.instruments.services import save_response
    from painwise.testing import PASSWORD
    from painwise.therapies.services import log_entry

    answers = [[1, 2, 1, 2, 1, 0, 1, 2, 0], [2, 2, 2, 1, 1, 1, 2, 2, 0], [1, 1, 1, 1, 0, 0, 1, 1, 0]]
    rows = [save_response(user=alice, instrument=get_instrument("phq9"), answers=a, draft=False).response
            for a in answers]
    experiment = started(alice, days_ago=20)
    write_days(experiment, effect=-1.0, upto=20)
    log_entry(user=alice, values={"modality": "kratom", "amount": 2, "unit": "g", "taken_at": timezone.now(),
                                  "details": {"form": "leaf_powder", "reason": "pain"}})
    sign_in(phone, alice.username, PASSWORD)
    for path in (reverse("instruments:response", args=[rows[-1].pk]),
                 reverse("experiments:report", args=[experiment.pk]), "/substances/kratom/"):
        phone.goto(path)
        chart = phone.locator("figure.chart img").first
        assert smallest_chart_text_css_px(phone, chart) >= 12, path
        assert "size=wide" not in chart.evaluate("img => img.currentSrc"), path
        assert wider_than_the_screen(phone) == [], path
