"""Every sentence a person reads is marked for translation.

The main pages are rendered under a pseudo-language whose translation wraps every translated text in ⟦...⟧.
Text left on the page outside the markers was never marked (a template string without {% translate %}, a Python
sentence without gettext) and fails the test, naming the page and the text. What is allowed to stay unwrapped is
listed explicitly: the person's own data, numbers and punctuation, and text that comes from the content files
(questionnaire wording, medical content, crisis lines), which is kept exact and is never translated.
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
import re
import zoneinfo
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from painwise.testing import make_checkin, make_entry

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
OPEN, CLOSE = "⟦", "⟧"
# Attributes a person hears or reads: screen-reader labels, tooltips, image descriptions, hints.
READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label"}
# Text with no letters (numbers, dates in digits, punctuation, arrows) needs no translation.
NO_WORDS = re.compile(r"[^\W\d_]{2,}")
EDGES = re.compile(r"^[\s\d:.,;·–-]+|[\s\d:.,;·–-]+$")
NESTED = re.compile(re.escape(OPEN) + "[^" + OPEN + CLOSE + "]*" + re.escape(CLOSE))


class MarkedTranslation(gettext_module.NullTranslations):
    """A pseudo-language: every translated text comes back as ⟦text⟧."""

    def gettext(self, message: str) -> str:
        if trans_real.CONTEXT_SEPARATOR in message:  # pgettext: drop the context, keep it translated
            message = message.split(trans_real.CONTEXT_SEPARATOR, 1)[1]
        return f"{OPEN}{message}{CLOSE}"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    # A language code of its own: HTML the app keeps per language (body-map regions, history months) is then
    # built again in the pseudo-language, not taken from an earlier test's English.
    def to_language(self) -> str:
        return "en-x-pseudo"

    def language(self) -> str:
        return "en-x-pseudo"


@pytest.fixture
def pseudo_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    marked = MarkedTranslation()
    monkeypatch.setattr(trans_real, "translation", lambda language: marked)
    monkeypatch.setattr(trans_real, "_default", None)
    translation.activate("en")
    yield
    translation.deactivate()


def _content_strings() -> list[str]:
    """Every text in the content files (YAML), longest first: shown exactly as written, never translated."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, str):
            found.update(part.strip() for part in node.split("\n") if part.strip())
            found.add(node.strip())
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in CONTENT_DIR.rglob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted((s for s in found if NO_WORDS.search(s)), key=len, reverse=True)


class VisibleText(HTMLParser):
    """The text nodes and read-aloud attributes of a page, outside <script> and <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skipping += 1
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or (name == "value" and ("type", "submit") in attrs)):
                self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skipping = max(0, self._skipping - 1)

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.texts.append(data)


def _is_allowed(text: str, whole: set[str]) -> bool:
    text = " ".join(text.split())
    return text.casefold() in whole or EDGES.sub("", text).casefold() in whole


def unmarked_text(html: str, *, allowed: list[str]) -> list[str]:
    """The pieces of visible text that were not translated, after removing allowed text and markers.

    An allowed text is removed where it is the whole text of a node, or (when it is long enough not to be a
    word inside another) wherever it appears.
    """
    parser = VisibleText()
    parser.feed(html)
    whole = {text.casefold() for text in allowed}
    inside = sorted((text for text in allowed if len(text) >= 12), key=len, reverse=True)
    left = []
    for text in parser.texts:
        # "0 – No pain": a number and a label from a content file
        if _is_allowed(text, whole):
            continue
        if len(text.strip()) >= 12 and any(text.strip() in allowed_text for allowed_text in inside):
            continue  # part of a content text ("Pain, Enjoyment of life, ..." from "PEG: Pain, ...")
        for allowed_text in inside:
            if allowed_text in text:
                text = text.replace(allowed_text, " ")
        previous = None
        while previous != text:
            previous, text = text, NESTED.sub(" ", text)
        text = " ".join(text.split())
        if NO_WORDS.search(text) and not _is_allowed(text, whole):
            left.append(text)
    return left


def test_marked_translation_wraps_and_unwrapped_text_is_found() -> None:
    html = '<p>⟦Saved⟧ 12 · <span title="Help">⟦Pain ⟦Monday⟧⟧</span></p><script>var x = "code";</script>'
    assert unmarked_text(html, allowed=[]) == ["Help"]


USER_DATA = ["alice", "Stretching at the lake", "Slept badly after the drive"]
# Names of standards and file formats, the same in every language.
PROPER_NAMES = ["FHIR"]
PAGES = [
    ("home", ()),
    ("diary:checkin_today", ()),
    ("diary:episode_new", ()),
    ("diary:history", ()),
    ("helps:overview", ()),
    ("accounts:profile", ()),
    ("plan:index", ()),
    ("instruments:index", ()),
    ("instruments:fill", ("peg",)),
    ("therapies:catalog", ()),
    ("experiments:index", ()),
    ("experiments:design", ()),
    ("exchange:data", ()),
    ("exchange:foreign", ()),
    ("substances:kratom", ()),
    ("report:report", ()),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "args"), PAGES, ids=[name for name, _ in PAGES])
def test_every_visible_text_on_the_main_pages_is_marked_for_translation(
    pseudo_language: None, alice: Any, alice_client: Any, url_name: str, args: tuple[str, ...]
) -> None:
    today = dt.date.today()
    for days_ago in range(1, 4):
        make_checkin(alice, day=today - dt.timedelta(days=days_ago), notes=USER_DATA[2])
    make_entry(alice, notes=USER_DATA[1])

    response = alice_client.get(reverse(url_name, args=args), follow=True)
    html = response.content.decode()

    assert response.status_code == 200
    assert OPEN in html, "the pseudo-language was not active"
    zones = sorted(zoneinfo.available_timezones())
    allowed = USER_DATA + PROPER_NAMES + _content_strings() + zones + [zone.replace("_", " ") for zone in zones]
    left = unmarked_text(html, allowed=allowed)
    assert not left, "Not marked for translation:\n" + "\n".join(left)
