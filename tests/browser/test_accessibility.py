"""axe-core on every page a signed-in person can reach, at phone and desktop size, plus reflow at 320 px.

Pages are discovered like the security suite does (every named route of the URL resolver, its path
parameters filled from a world with one record of every kind, on top of a few weeks of demo diary), so a
new page is checked without editing this file. axe-core is vendored next to this file
(vendor/axe-core-<version>.min.js, MPL-2.0), never downloaded. The checks:

- 0 violations of WCAG 2.2 A/AA (axe tags wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa) at 390x844 and
  1280x800, and in dark mode (prefers-color-scheme: dark) at 390x844;
- no sideways scrolling at 320 px wide (WCAG 1.4.10 reflow).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from painwise.core.types import User
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = next((Path(__file__).parent / "vendor").glob("axe-core-*.min.js"))
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
REFLOW_WIDTH = 320
# Routes that are not pages to look at: sign-out would end the session; the rest answer files or redirects.
SKIPPED_NAMES = {"account_logout"}
SKIPPED_SUFFIXES = (".svg", ".pdf", ".json", ".csv", ".ics", ".txt", ".png", "/download/", "/export/")
AXE_SCRIPT = "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});" \
             " return r.violations.map(v => ({id: v.id, help: v.help, targets: v.nodes.slice(0, 3)" \
             ".map(n => n.target.join(' ')), count: v.nodes.length})); }"
OVERFLOW_SCRIPT = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _page_urls(owner: User) -> list[str]:
    from tests.security.routes import UnfilledParameterError, resolver_routes
    from tests.security.world import build_world

    world = build_world(owner)
    routes, _api, _problems = resolver_routes()
    urls = []
    for route in routes:
        if route.name in SKIPPED_NAMES or route.name.startswith("admin:"):
            continue
        try:
            url = route.url(world)
        except UnfilledParameterError:
            continue  # the security suite reports these
        if not url.endswith(SKIPPED_SUFFIXES):
            urls.append(url)
    return sorted(set(urls))


@pytest.fixture
def demo_like(db: None) -> User:
    """A person with six weeks of simulated diary, every kind of record and the demo's settings."""
    from django.contrib.auth import get_user_model

    from painwise.accounts.services import local_today
    from painwise.demo_account import create_demo_account
    from painwise.diary.models import CheckIn
    from painwise.testing import PASSWORD

    create_demo_account(username="axe", password=PASSWORD, days=42)
    person = get_user_model().objects.get(username="axe")
    CheckIn.objects.filter(user=person, day=local_today(person)).delete()  # the world logs today itself
    return person


def _violations(page: Page) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = page.evaluate(AXE_SCRIPT, WCAG_TAGS)
    return result


def test_every_page_has_no_wcag_violations_and_reflows_at_320_px(browser: Browser, live_server: LiveServer,
                                                                   demo_like: User) -> None:
    from painwise.testing import PASSWORD

    urls = _page_urls(demo_like)
    # bypass_csp: axe is added by the test, not by the app, whose strict CSP would refuse it
    context = browser.new_context(viewport={"width": SIZES["phone"][0], "height": SIZES["phone"][1]},
                                  base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    sign_in(page, demo_like.username, PASSWORD)
    problems: list[str] = []
    checked = 0
    for url in urls:
        # Ask first, outside the page: a POST-only route (delete, revoke, ...) answers 405 to a visit, and
        # Chromium's error page for it would interrupt the next navigation.
        probe = page.request.get(url, max_redirects=0)
        if probe.status != 200 or "text/html" not in probe.headers.get("content-type", ""):
            continue
        if "<html" not in probe.text()[:500].lower():
            continue  # an htmx fragment (search suggestions, ...): checked inside the page that asks for it
        response = page.goto(url)
        if response is None or response.status != 200:
            problems.append(f"{url}: answered {probe.status} to a request but not to a visit")
            continue
        if "/accounts/login/" in page.url:
            problems.append(f"{url}: signed out on the way")
            sign_in(page, demo_like.username, PASSWORD)
            continue
        page.add_script_tag(path=str(AXE))
        checked += 1
        for label, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            problems += [f"{url} [{label}] {v['id']} ({v['count']}): {v['help']} at {v['targets']}"
                         for v in _violations(page)]
        page.emulate_media(color_scheme="dark")
        page.set_viewport_size({"width": SIZES["phone"][0], "height": SIZES["phone"][1]})
        problems += [f"{url} [dark] {v['id']} ({v['count']}): {v['help']} at {v['targets']}"
                     for v in _violations(page)]
        page.emulate_media(color_scheme="light")
        page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
        overflow = page.evaluate(OVERFLOW_SCRIPT)
        if overflow > 0:
            problems.append(f"{url} [320 px] scrolls sideways by {overflow} px")
        page.set_viewport_size({"width": SIZES["phone"][0], "height": SIZES["phone"][1]})
    page.wait_for_load_state("networkidle")
    context.close()
    print(f"axe-core {AXE.stem.removeprefix('axe-core-').removesuffix('.min')}: {checked} pages, "
          f"{len(problems)} problems")
    assert checked >= 70, f"only {checked} pages were checked: is the route discovery broken?"
    assert problems == [], "\n".join(problems)
