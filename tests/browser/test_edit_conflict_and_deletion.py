"""Two tabs editing one check-in, and deleting an account, in a real browser."""

from __future__ import annotations

import re

import pytest

from painwise.core.types import User
from painwise.diary.models import CheckIn
from painwise.testing import PASSWORD, make_checkin
from tests.browser.pages import ConsolePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_tabs_changing_the_same_note_show_both_and_the_person_keeps_the_saved_one(
    alice_page: ConsolePage, alice: User,
) -> None:
    checkin = make_checkin(alice, notes="first")
    url = f"/checkin/{checkin.day.isoformat()}/"
    phone = alice_page
    laptop = phone.context.new_page()
    phone.goto(url)
    laptop.goto(url)

    phone.click("summary:has-text('Activities and notes')")
    phone.fill("textarea[name=notes]", "written on the phone")
    phone.click("form.checkin button.primary >> nth=0")
    laptop.click("summary:has-text('Activities and notes')")
    laptop.fill("textarea[name=notes]", "written on the laptop")
    laptop.click("fieldset:has(legend:text-is('Mood')) label:has-text('8')")
    laptop.click("form.checkin button.primary >> nth=0")

    box = laptop.locator(".conflicts")
    assert "Nothing was saved" in box.inner_text()
    assert "Saved meanwhile: written on the phone" in box.inner_text()
    laptop.check("input[name=keep_notes][value=current]")
    laptop.click("form.checkin button.primary >> nth=0")
    assert "Saved your check-in" in laptop.content()
    saved = CheckIn.objects.get(pk=checkin.pk)
    assert (saved.notes, saved.mood) == ("written on the phone", 8)
    assert phone.console_errors == []


def test_a_person_deletes_their_account_with_password_and_username(alice_page: ConsolePage, alice: User) -> None:
    make_checkin(alice)
    page = alice_page
    page.goto("/settings/profile/")
    page.click("text=Delete your account")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirmation]", "alice")
    page.once("dialog", lambda dialog: dialog.accept())  # the "cannot be undone" question of every delete button
    page.click("button.danger")
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))
    assert "everything in it are deleted" in page.content()
    assert not CheckIn.objects.exists()
    assert page.console_errors == []
