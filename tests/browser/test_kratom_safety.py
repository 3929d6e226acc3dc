"""A person who lists oxycodone and alprazolam and then logs kratom sees a serious warning at once."""

from __future__ import annotations

import pytest

from tests.browser.pages import ConsolePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_medicine(page: ConsolePage, search: str, name: str) -> None:
    page.goto("/substances/interactions/")
    page.fill("input[name=q]", search)
    page.click("form.search button[type=submit]")
    page.click(f"#drug-results a:has-text('Add {name}')")
    assert page.input_value("input[name=name]") == name
    page.fill("input[name=dose]", "5")
    page.click("button:has-text('Add to my list')")


def test_oxycodone_and_alprazolam_then_kratom_shows_a_serious_warning_at_once(alice_page: ConsolePage) -> None:
    page = alice_page
    add_medicine(page, "oxy", "Oxycodone")
    assert "Added Oxycodone" in page.content()
    add_medicine(page, "xanax", "Alprazolam")
    assert "Opioid with a benzodiazepine" in page.locator("ul.messages").inner_text()

    page.goto("/log/kratom/")
    page.select_option("select[name=detail_form]", "leaf_powder")
    page.select_option("select[name=detail_reason]", "pain")
    page.fill("input[name=amount]", "3")
    page.select_option("select[name=unit]", "g")
    page.click("form button.primary")

    messages = page.locator("ul.messages li.serious")
    texts = " ".join(messages.all_inner_texts())
    assert set(messages.locator(".notice-kind").all_inner_texts()) == {"IMPORTANT"}  # shown in capitals
    assert "Kratom with an opioid: risk of dangerously slowed breathing" in texts
    assert "Kratom with a benzodiazepine" in texts
    assert "doctor or pharmacist" in texts

    page.goto("/substances/interactions/")
    assert page.locator("li.warning.serious").count() == 3
    page.goto("/evidence/kratom/")
    assert "no risk of addiction is false" in " ".join(page.locator("p.summary").inner_text().split())
    assert page.console_errors == []


def test_a_typed_combination_is_checked_for_every_ingredient_and_an_unknown_part_is_flagged(
    alice_page: ConsolePage,
) -> None:
    page = alice_page
    add_medicine(page, "diazepam", "Diazepam")
    page.goto("/substances/interactions/")
    page.fill("input[name=name]", "paracetamol/codeine and honey")
    page.click("button:has-text('Add to my list')")
    serious = " ".join(page.locator("ul.messages li.serious").all_inner_texts())
    assert "Opioid with a benzodiazepine" in serious
    assert "paracetamol/codeine and honey (Codeine) and Diazepam" in serious
    unchecked = "honey (in paracetamol/codeine and honey): not checked for interactions"
    assert unchecked in page.locator("ul.messages").inner_text()
    row = page.locator("tr", has_text="paracetamol/codeine and honey").inner_text()
    assert "Checked as Paracetamol + Codeine" in row
    assert "“honey”: not checked for interactions" in row
    assert page.console_errors == []
