"""Browser-test fixtures: a live server and a Playwright page driving Debian's Chromium.

Never downloads a browser. Without Chromium the tests skip locally but fail under CI=true, so a
missing browser can never make CI green by skipping.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from painwise.core.types import User
from tests.browser.pages import ConsolePage, open_console_page

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    return os.environ.get("PAINWISE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required for browser tests in CI (apt-get install chromium).")
        pytest.skip("Chromium is not installed; browser tests skipped (install Debian's chromium package).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[ConsolePage]:
    context = browser.new_context(viewport={"width": 412, "height": 915}, base_url=live_server.url)
    page = open_console_page(context)  # tests assert that page.console_errors stays empty
    yield page
    # Let in-flight requests (chart images still being drawn) finish before the test's database is
    # flushed: a live-server thread still working then locks tables and aborts the run at exit.
    page.wait_for_load_state("networkidle")
    context.close()


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)


@pytest.fixture
def alice_page(page: ConsolePage, alice: User) -> ConsolePage:
    from painwise.testing import PASSWORD

    sign_in(page, alice.username, PASSWORD)
    return page
