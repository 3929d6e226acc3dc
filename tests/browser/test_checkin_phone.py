"""The check-in on a 390 x 844 phone: the taps a day takes (counted, not timed) and the body map.

A "tap" here is one interaction a person makes: a click on a link, button or choice, or typing one value.
The counts are asserted, so a change that adds a tap to the daily path fails here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ViewportSize
from pytest_django.live_server_helper import LiveServer

from painwise.core.types import User
from tests.browser.conftest import sign_in
from tests.browser.pages import ConsolePage, box_of, open_console_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 390, "height": 844}


class Taps:
    """Drives a page and counts each interaction a person makes."""

    def __init__(self, page: ConsolePage) -> None:
        self.page = page
        self.count = 0

    def tap(self, selector: str) -> None:
        self.page.click(selector)
        self.count += 1

    def type(self, selector: str, text: str) -> None:
        self.page.fill(selector, text)
        self.count += 1


def score(question: str, value: int) -> str:
    return f"fieldset:has(legend:text-is('{question}')) label:has(input[value='{value}'])"


@pytest.fixture
def phone(browser: Browser, live_server: LiveServer, alice: User) -> Iterator[ConsolePage]:
    from painwise.testing import PASSWORD

    context = browser.new_context(viewport=PHONE, base_url=live_server.url, has_touch=True)
    page = open_console_page(context)
    sign_in(page, alice.username, PASSWORD)
    yield page
    page.wait_for_load_state("networkidle")
    context.close()


def test_day_one_check_in_with_a_place_on_the_body_takes_eleven_taps(phone: ConsolePage, alice: User) -> None:
    from painwise.diary.models import CheckIn

    phone.goto("/")
    taps = Taps(phone)
    taps.tap("a.card.big:has-text('Log today')")
    taps.tap(score("Average pain today", 5))
    taps.tap(score("Worst pain today", 7))
    taps.tap(score("How much did pain interfere with your enjoyment of life?", 4))
    taps.tap(score("How much did pain interfere with your general activity?", 3))
    taps.tap(score("Sleep quality last night", 6))
    taps.type("input[name=sleep_hours]", "7")
    taps.tap(score("Mood", 6))
    taps.tap("[data-region=lower_back_left]")
    taps.tap("[data-picker] button[data-value='6']")
    taps.tap(".savebar button.primary")
    assert "Saved your check-in" in phone.content()
    assert taps.count == 11
    saved = CheckIn.objects.get(user=alice)
    assert (saved.pain_average, saved.pain_worst, saved.peg_enjoyment, saved.peg_activity) == (5, 7, 4, 3)
    assert (saved.sleep_quality, saved.sleep_hours, saved.mood) == (6, 7.0, 6)
    assert saved.regions == {"lower_back_left": 6}
    assert phone.console_errors == []


def test_returning_person_logs_a_day_like_yesterday_in_four_taps(phone: ConsolePage, alice: User) -> None:
    from painwise.accounts.services import local_today
    from painwise.diary.models import CheckIn
    from painwise.testing import make_checkin

    today = local_today(alice)
    make_checkin(alice, day=today - dt.timedelta(days=1), pain_average=5, pain_worst=7, mood=6, sleep_quality=5,
                 regions={"knee_right": 3})
    phone.goto("/")
    taps = Taps(phone)
    taps.tap("a.card.big:has-text('Log today')")
    taps.tap("a.same:has-text('Same as yesterday')")
    assert "Copied from your check-in of" in phone.content()
    taps.tap(score("Average pain today", 4))
    taps.tap(".savebar button.primary")
    assert "Saved your check-in" in phone.content()
    assert taps.count == 4
    saved = CheckIn.objects.get(user=alice, day=today)
    assert (saved.pain_average, saved.pain_worst, saved.mood, saved.sleep_quality) == (4, 7, 6, 5)
    assert saved.regions == {"knee_right": 3}
    assert phone.console_errors == []


def _scores_fit(page: ConsolePage) -> None:
    rows = page.locator("form.checkin fieldset.score").first
    tops = {round(box["y"]) for box in (box_of(label) for label in rows.locator("label.choice").all())}
    assert len(tops) == 1, "the eleven choices of a score sit on one row"
    widths = [box_of(label)["width"] for label in rows.locator("label.choice span").all()]
    assert min(widths) >= 24
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_essentials_fit_a_phone_with_save_always_in_reach(phone: ConsolePage, alice: User) -> None:
    phone.goto("/checkin/")
    _scores_fit(phone)
    for question in ("Average pain today", "Mood"):
        assert phone.locator(f"fieldset:has(legend:text-is('{question}'))").is_visible()
    save = phone.locator(".savebar button.primary")
    box = box_of(save)
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= PHONE["height"], "Save is on screen before scrolling"
    phone.locator("fieldset:has(legend:text-is('Mood'))").scroll_into_view_if_needed()
    box = box_of(save)
    assert box["y"] + box["height"] <= PHONE["height"]
    phone.set_viewport_size({"width": 320, "height": 640})
    _scores_fit(phone)


def test_the_body_map_asks_for_an_intensity_and_works_by_keyboard(phone: ConsolePage, alice: User) -> None:
    phone.goto("/checkin/")
    knee = phone.locator("[data-region=knee_left]")
    knee.click()
    picker = phone.locator("[data-picker]")
    assert picker.is_visible()
    assert "Left knee" in picker.inner_text()
    assert phone.locator("select[name=region_knee_left]").input_value() == ""  # asked, not guessed
    phone.click("[data-picker] button[data-close]")
    assert not picker.is_visible()
    assert phone.locator("select[name=region_knee_left]").input_value() == ""
    assert knee.get_attribute("aria-label") == "Left knee: not marked"

    phone.locator("[data-region=calf_right]").focus()
    phone.keyboard.press("Enter")
    assert picker.is_visible()
    for _ in range(5):
        phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")  # 0 has focus; five tabs on is 5
    assert phone.locator("select[name=region_calf_right]").input_value() == "5"
    calf = phone.locator("[data-region=calf_right]")
    assert calf.get_attribute("aria-label") == "Right calf: 5 of 10"
    assert "i5" in (calf.get_attribute("class") or "")
    assert phone.evaluate("document.activeElement.dataset.region") == "calf_right"
    assert "Right calf 5" in phone.locator("[data-chosen]").inner_text()


REGION_BOXES = """() => [...document.querySelectorAll("[data-region]")].map(region => {
    const box = region.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    const under = hit && hit.closest("[data-region]");
    return {id: region.dataset.region, width: box.width, height: box.height,
            hit: under ? under.dataset.region : (hit ? hit.tagName : null)};
})"""


@pytest.mark.parametrize("width", [390, 360, 320])
def test_every_body_map_region_is_a_target_of_at_least_24_css_px_with_the_list_kept(
    phone: ConsolePage, alice: User, width: int,
) -> None:
    from painwise.diary.bodymap import body_map

    phone.set_viewport_size({"width": width, "height": 844})
    phone.goto("/checkin/")
    phone.evaluate("document.querySelector('.bodymap-views').scrollIntoView({block: 'start'})")
    regions = phone.evaluate(REGION_BOXES)
    assert {r["id"] for r in regions} == {r.id for r in body_map().regions}
    small = [(r["id"], round(r["width"], 1), round(r["height"], 1)) for r in regions
             if min(r["width"], r["height"]) < 24]
    assert small == []
    # The middle of each region is that region: not a neighbour drawn over it, not off the screen.
    assert [(r["id"], r["hit"]) for r in regions if r["hit"] != r["id"]] == []
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert phone.locator("details.region-list select").count() == len(regions)
    smallest = min((round(min(r["width"], r["height"]), 1), r["id"]) for r in regions)
    print(f"{width} px: smallest region {smallest}")


def test_a_flare_logged_from_the_check_in_starts_now_with_the_body_map(phone: ConsolePage, alice: User) -> None:
    from painwise.diary.models import PainEpisode

    phone.goto("/checkin/")
    phone.click("a:has-text('A flare now?')")
    assert phone.locator("input[name=started_at]").input_value() != ""
    phone.click(score("How bad at its worst", 8))
    phone.click("[data-region=head]")
    phone.click("[data-picker] button[data-value='8']")
    phone.click(".savebar button.primary")
    episode = PainEpisode.objects.get(user=alice)
    assert (episode.intensity, episode.regions) == (8, {"head": 8})
    assert phone.console_errors == []
