"""Screenshots of the sign-in page and the three welcome steps at 390 px, for docs/.

Signs up a new account on a running Painwise (sign-up open), walks through the welcome and saves
docs/start-signin.png, docs/start-welcome-1.png, -2.png and -3.png. Uses Debian's chromium. Run:

    .venv/bin/python scripts/screenshots_start.py --url http://127.0.0.1:8000 [--out docs]
"""

from __future__ import annotations

import argparse
import secrets
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

VIEWPORT = {"width": 390, "height": 844}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="docs", type=Path)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        context = browser.new_context(viewport=VIEWPORT, base_url=args.url, locale="de-DE",
                                      timezone_id="Europe/Berlin", device_scale_factor=1)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.screenshot(path=args.out / "start-signin.png", full_page=True)
        password = secrets.token_urlsafe(16)
        page.goto("/accounts/signup/")
        page.fill("input[name=username]", f"screenshot-{secrets.token_hex(3)}")
        page.fill("input[name=password1]", password)
        page.fill("input[name=password2]", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/welcome/")
        page.screenshot(path=args.out / "start-welcome-1.png", full_page=True)
        page.click("button[type=submit]")
        page.wait_for_url("**/welcome/conditions/")
        page.check("input[value=back_neck]")
        page.screenshot(path=args.out / "start-welcome-2.png", full_page=True)
        page.click("button[type=submit]")
        page.wait_for_url("**/welcome/logging/")
        page.screenshot(path=args.out / "start-welcome-3.png", full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
