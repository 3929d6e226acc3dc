"""The screenshots in docs/, taken again from a demo server: run it after changing a page they show.

It starts its own demo server (a throw-away data directory with SQLite, the demo account with a year of
diary, ``painwise serve`` on a free loopback port), drives Debian's chromium through Playwright (never a
downloaded browser) and saves, at 390 x 844 unless said otherwise:

    checkin-phone.png, bodymap-phone.png      today's check-in: the essentials, then the body picture
    history-phone.png, bodymap-history-phone.png    the month's history and its body heat map
    what-helps-phone.png                     "What helps me": the short summary first
    start-signin.png, start-welcome-1/2/3.png    sign-in and the three welcome steps of a new account
    screenshot.png                           the history page at 1100 x 900 (README)

Run:  .venv/bin/python scripts/screenshots.py [--out docs] [--only checkin-phone.png ...]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1100, "height": 900}
DEMO_USER, DEMO_PASSWORD = "demo", "demo-painwise-2026"  # painwise.cli.demo's public demo credential


def painwise(*args: str) -> list[str]:
    return [sys.executable, "-c", "from painwise.cli import main; main()", *args]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_demo(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    """A demo server on 127.0.0.1:``port`` with the demo account; waits until it answers."""
    subprocess.run(painwise("demo", "--no-serve"), env=env, check=True,  # noqa: S603 (this interpreter)
                   stdout=subprocess.DEVNULL)
    server = subprocess.Popen(painwise("serve", "--port", str(port), "--no-worker"),  # noqa: S603
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).read()
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the demo server did not answer within 120 s")


def sign_in(page: Any) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", DEMO_USER)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def shoot_demo(page: Any, out: Path, wanted: Callable[[str], bool]) -> None:
    sign_in(page)
    page.goto("/checkin/")
    if wanted("checkin-phone.png"):
        page.screenshot(path=out / "checkin-phone.png")
    if wanted("bodymap-phone.png"):
        page.click("[data-region=lower_back_left]")
        page.click("[data-picker] button[data-value='6']")
        page.click("[data-region=knee_right]")
        page.click("[data-picker] button[data-value='3']")
        page.evaluate("document.querySelector('section.bodymap').scrollIntoView({block: 'start'})")
        page.screenshot(path=out / "bodymap-phone.png")
    page.goto("/history/")
    page.wait_for_load_state("networkidle")
    if wanted("history-phone.png"):
        page.screenshot(path=out / "history-phone.png")
    if wanted("bodymap-history-phone.png"):
        page.evaluate("document.querySelector('.bodymap-views').scrollIntoView({block: 'center'})")
        page.screenshot(path=out / "bodymap-history-phone.png")
    if wanted("what-helps-phone.png"):
        page.goto("/insights/")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=out / "what-helps-phone.png")


def shoot_desktop(page: Any, out: Path) -> None:
    sign_in(page)
    page.goto("/history/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=out / "screenshot.png")


def shoot_start(page: Any, out: Path, wanted: Callable[[str], bool]) -> None:
    page.goto("/accounts/login/")
    if wanted("start-signin.png"):
        page.screenshot(path=out / "start-signin.png", full_page=True)
    password = secrets.token_urlsafe(16)
    page.goto("/accounts/signup/")
    page.fill("input[name=username]", f"screenshot-{secrets.token_hex(3)}")
    page.fill("input[name=password1]", password)
    page.fill("input[name=password2]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/welcome/")
    if wanted("start-welcome-1.png"):
        page.screenshot(path=out / "start-welcome-1.png", full_page=True)
    page.click("button[type=submit]")
    page.wait_for_url("**/welcome/conditions/")
    page.check("input[value=back_neck]")
    if wanted("start-welcome-2.png"):
        page.screenshot(path=out / "start-welcome-2.png", full_page=True)
    page.click("button[type=submit]")
    page.wait_for_url("**/welcome/logging/")
    if wanted("start-welcome-3.png"):
        page.screenshot(path=out / "start-welcome-3.png", full_page=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs", type=Path, help="folder for the PNG files (default docs)")
    parser.add_argument("--only", nargs="*", default=[], help="file names to take again (default: all)")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Debian's chromium is needed: apt install chromium")
    from playwright.sync_api import sync_playwright

    def wanted(name: str) -> bool:
        return not args.only or name in args.only

    data_dir = tempfile.mkdtemp(prefix="painwise-screenshots-")
    env = {**os.environ, "PAINWISE_DATA_DIR": data_dir, "PAINWISE_ALLOW_SIGNUP": "true"}
    env.pop("PAINWISE_DATABASE_URL", None)
    port = free_port()
    server = start_demo(env, port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
            base = f"http://127.0.0.1:{port}"
            # The demo person lives in Berlin and reads German dates; the pages are in English.
            settings: dict[str, Any] = {"base_url": base, "locale": "de-DE", "timezone_id": "Europe/Berlin",
                                        "device_scale_factor": 1, "color_scheme": "light"}
            phone = browser.new_context(viewport=PHONE, has_touch=True, **settings)
            shoot_demo(phone.new_page(), args.out, wanted)
            phone.close()
            if wanted("screenshot.png"):
                desktop = browser.new_context(viewport=DESKTOP, **settings)
                shoot_desktop(desktop.new_page(), args.out)
                desktop.close()
            start = browser.new_context(viewport=PHONE, **settings)
            shoot_start(start.new_page(), args.out, wanted)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
