"""The first open of "What helps me" for a long diary in Chromium: the "being worked out" page polls under
the strict CSP (htmx, no inline script) and shows the results by itself once the worker has run."""

from __future__ import annotations

import pytest
from django.test import override_settings

from painwise.core.types import User
from painwise.insights import services as helps
from painwise.insights.tasks import recompute_insights
from painwise.insights.tests.build import diary_with_a_helpful_factor
from tests.browser.pages import ConsolePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A real queue and no worker: the test plays the worker once the page is waiting.
QUEUE_WITHOUT_WORKER = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@override_settings(TASKS=QUEUE_WITHOUT_WORKER)
def test_the_being_worked_out_page_shows_the_results_by_itself(alice_page: ConsolePage, alice: User) -> None:
    page = alice_page
    page.set_viewport_size({"width": 390, "height": 844})
    diary_with_a_helpful_factor(alice, days=helps.LONG_DIARY_CHECKINS + 10)
    page.goto("/insights/")
    assert page.locator("h2#working-heading").inner_text() == "Your results are being worked out"
    assert page.locator("section.working [role=status][aria-live=polite]").count() == 1
    recompute_insights.call(alice.pk)  # the worker's run
    page.wait_for_selector("section.summary", timeout=20_000)  # the poll reloads the page (every 3 s)
    assert "On days you logged Heat or cold, your average pain was" in page.locator("section.summary").inner_text()
    assert page.locator("h2#working-heading").count() == 0
    assert page.console_errors == []
