"""A person with genito-pelvic pain logs a dilator session that bled: she sees the weak grade for her condition,
the warning signs at once, and can open the pelvic checklist, which says "today" for a same-day sign."""

from __future__ import annotations

import pytest

from painwise.core.types import User
from tests.browser.pages import ConsolePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dilator_session_that_bled_shows_the_warning_signs_and_leads_to_the_checklist(
    alice_page: ConsolePage, alice: User,
) -> None:
    from painwise.accounts.services import update_profile

    update_profile(user=alice, values={"conditions": ["pelvic_pain"]})
    page = alice_page
    page.goto("/log/dilator/")
    link = page.locator("a.evidence-link").inner_text()
    assert "for genito-pelvic pain (including vaginismus): weak evidence" in link
    assert page.locator("p.red-flag-link a").count() == 1

    page.fill("input[name=detail_size]", "2")
    page.select_option("select[name=detail_bleeding]", "yes")
    page.click("form button.primary")

    warning = page.locator("ul.messages li.caution")
    assert "Bleeding or sharp pain is a reason to step back and get checked" in warning.inner_text()
    assert "go back one dilator size" in warning.inner_text()
    warning.locator("a:has-text('Read more')").click()
    page.wait_for_url("**/safety/red-flags/?context=sexual_pain")
    assert page.locator("h2.flag-group").all_inner_texts() == ["Pelvic pain and pregnancy", "Pain with sex"]

    page.check("input[value=sex_fever]")
    page.click("button:has-text('What should I do?')")
    assert "See a doctor today" in page.locator("h1").inner_text()
    assert page.console_errors == []
