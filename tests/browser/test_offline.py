"""Installing Painwise and logging while offline, in a real Chromium: queued on the device, saved once online."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from pytest_django.live_server_helper import LiveServer

from painwise.accounts.services import local_today
from painwise.core.types import User
from painwise.diary.models import CheckIn, PainEpisode
from painwise.offline.models import OfflineEntry
from painwise.testing import make_checkin
from painwise.therapies.models import TherapyEntry
from tests.browser.pages import ConsolePage

expect = pytest.importorskip("playwright.sync_api").expect
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHECKIN_SAVE = "form:has(input[name=pain_average]) button[type=submit] >> nth=0"


def controlled_by_service_worker(page: ConsolePage) -> None:
    """Wait until the service worker is active and controls the page (so the next pages are kept)."""
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("Boolean(navigator.serviceWorker.controller)"):
        page.reload()
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")


def rate(page: ConsolePage, name: str, value: int) -> None:
    page.click(f"label:has(input[name={name}][value='{value}'])")


def wait_for(condition: Callable[[], object], timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.2)


def queued_on_device(page: ConsolePage) -> int:
    count: int = page.evaluate("""new Promise((resolve) => {
        const open = indexedDB.open("painwise-offline", 1);
        open.onupgradeneeded = () => open.result.createObjectStore("entries", {keyPath: "id"});
        open.onsuccess = () => { const all = open.result.transaction("entries").objectStore("entries").count();
                                 all.onsuccess = () => { open.result.close(); resolve(all.result); }; };
    })""")
    return count


def test_painwise_is_installable_a_manifest_with_icons_and_a_service_worker_for_the_whole_app(
    alice_page: ConsolePage, live_server: LiveServer,
) -> None:
    page = alice_page
    page.goto("/")
    controlled_by_service_worker(page)
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.scope)")
    assert scope == f"{live_server.url}/"
    manifest_url = page.get_attribute("link[rel=manifest]", "href")
    assert manifest_url is not None, "the page links its manifest"
    manifest = page.request.get(manifest_url).json()
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        assert page.request.get(icon["src"]).status == 200
    assert page.console_errors == []  # no CSP violation from the worker, the manifest or the icons


def test_a_checkin_a_flare_and_a_therapy_logged_offline_are_each_saved_once_back_online(
    alice_page: ConsolePage, alice: User,
) -> None:
    page = alice_page
    today = local_today(alice).isoformat()
    page.goto("/")
    controlled_by_service_worker(page)
    page.goto(f"/checkin/{today}/")  # opened online once: kept on the device
    page.goto("/log/heat_cold/")
    page.goto("/episodes/new/")

    page.context.set_offline(True)
    page.goto("/checkin/")  # "today's check-in", as the menu links it: the kept page of today
    assert page.url.endswith(f"/checkin/{today}/")
    rate(page, "pain_average", 6)
    page.click(CHECKIN_SAVE)
    expect(page.locator("#offline-queue")).to_contain_text("Saved on this device")
    page.goto("/log/heat_cold/")
    page.select_option("select[name=detail_kind]", "heat")
    page.fill("input[name=duration_minutes]", "20")
    page.click("form button.primary")
    page.goto("/episodes/new/")
    page.fill("input[name=started_at]", f"{today}T07:15")
    rate(page, "intensity", 7)
    page.click("form:has(input[name=intensity]) button[type=submit] >> nth=0")
    expect(page.locator("#offline-queue")).to_contain_text("Kept on this device, not sent yet (3)")
    assert queued_on_device(page) == 3
    assert not CheckIn.objects.exists()
    assert not TherapyEntry.objects.exists()
    assert not PainEpisode.objects.exists()

    page.context.set_offline(False)  # the page hears "online" and sends the queue
    wait_for(lambda: queued_on_device(page) == 0)
    page.reload()  # a second page load tries to send again: nothing is left to send twice
    assert "Saved your check-in" in page.content()  # the form's own message, shown on the next page
    page.goto("/")
    assert CheckIn.objects.get(user=alice).pain_average == 6
    entry = TherapyEntry.objects.get(user=alice)
    assert (entry.modality, entry.duration_minutes) == ("heat_cold", 20)
    assert PainEpisode.objects.get(user=alice).intensity == 7
    assert OfflineEntry.objects.filter(user=alice, status="saved").count() == 3
    assert page.console_errors == []


def test_an_offline_checkin_meeting_one_saved_meanwhile_shows_both_and_the_person_chooses(
    alice_page: ConsolePage, alice: User,
) -> None:
    page = alice_page
    today = local_today(alice)
    page.goto("/")
    controlled_by_service_worker(page)
    page.goto(f"/checkin/{today.isoformat()}/")

    page.context.set_offline(True)
    page.reload()
    rate(page, "pain_average", 8)
    page.click(CHECKIN_SAVE)
    expect(page.locator("#offline-queue")).to_contain_text("Saved on this device")
    make_checkin(alice, day=today, pain_average=2, notes="typed on the laptop")  # meanwhile, elsewhere

    page.context.set_offline(False)
    page.get_by_role("link", name="see both and choose").click()
    expect(page.locator(".offline-compare")).to_contain_text("Saved on the server")
    expect(page.locator(".offline-compare")).to_contain_text("typed on the laptop")
    assert CheckIn.objects.get(user=alice).pain_average == 2  # nothing overwritten before the choice
    with page.expect_navigation():
        page.click("button[value=use_offline]")
    assert CheckIn.objects.get(user=alice).pain_average == 8
    assert page.console_errors == []


def test_signing_out_removes_entries_not_sent_and_the_kept_pages_from_the_device(
    alice_page: ConsolePage, alice: User,
) -> None:
    page = alice_page
    today = local_today(alice).isoformat()
    page.goto("/")
    controlled_by_service_worker(page)
    page.goto(f"/checkin/{today}/")
    page.context.set_offline(True)
    page.reload()
    rate(page, "pain_average", 5)
    page.click(CHECKIN_SAVE)
    expect(page.locator("#offline-queue")).to_contain_text("Saved on this device")
    # Back online, but the server cannot be reached for sends yet: the entry stays on the device.
    page.route("**/checkin/**", lambda route: route.abort() if route.request.method == "POST" else route.continue_())
    page.context.set_offline(False)
    page.goto("/")
    assert queued_on_device(page) == 1
    page.once("dialog", lambda dialog: dialog.accept())  # "1 entry saved offline has not been sent yet..."
    page.click("summary:has-text('More')")
    with page.expect_navigation():
        page.click("button:has-text('Sign out')")
    page.wait_for_load_state()
    assert "Sign in" in page.content()
    assert queued_on_device(page) == 0
    kept_pages = page.evaluate("caches.open('painwise-offline-1-pages').then((cache) => cache.keys())")
    assert kept_pages == []
    assert not CheckIn.objects.exists()
