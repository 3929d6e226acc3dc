"""The page the browser fixtures hand out: a Playwright page that also keeps the console errors it saw."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from playwright.sync_api import BrowserContext, ConsoleMessage, FloatRect, Locator, Page

if TYPE_CHECKING:

    class ConsolePage(Page):
        console_errors: list[str]  # CSP violations and script errors; tests assert it stays empty

else:
    ConsolePage = Page


def open_console_page(context: BrowserContext) -> ConsolePage:
    """A new page in ``context`` that collects console errors (CSP violations, script errors) as it goes."""
    page = cast("ConsolePage", context.new_page())
    page.console_errors = []

    def keep_errors(message: ConsoleMessage) -> None:
        if message.type == "error":
            page.console_errors.append(message.text)

    page.on("console", keep_errors)
    return page


def box_of(locator: Locator) -> FloatRect:
    """Where ``locator`` is drawn; fails the test if it is not drawn at all (Playwright then says None)."""
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not visible"
    return box


def attribute_of(locator: Locator, name: str) -> str:
    """An attribute the element must have (an image's ``src``, a link's ``href``); fails the test if it is missing."""
    value = locator.get_attribute(name)
    assert value is not None, f"{locator} has no {name}"
    return value
