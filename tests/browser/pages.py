"""The page the browser fixtures hand out: a Playwright page that also keeps the console errors it saw."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import Page

if TYPE_CHECKING:

    class ConsolePage(Page):
        console_errors: list[str]  # CSP violations and script errors; tests assert it stays empty

else:
    ConsolePage = Page
