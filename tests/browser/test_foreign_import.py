"""A person brings a Bearable export in: the preview, one changed mapping, the import, and the records it made;
a broken file is refused with its line named and nothing saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from painwise.exchange.tests.foreign_files import BEARABLE_CSV

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_bearable_export_is_previewed_remapped_and_imported(alice_page: Any, alice: Any) -> None:
    from painwise.diary.models import CheckIn
    from painwise.therapies.models import CustomFactor

    page = alice_page
    page.goto("/data/import/")
    page.check("input[name=format][value=bearable]")
    page.set_input_files("input[name=file]", str(BEARABLE_CSV))
    page.click("button:text('Show what it holds')")

    assert page.locator("h1").inner_text() == "Your Bearable export"
    caffeine = page.locator("select[name='map:Factors:Caffeine']")
    assert caffeine.input_value() == "factor"  # the suggestion
    assert not CheckIn.objects.filter(user=alice).exists()  # the preview saved nothing

    caffeine.select_option("skip")
    page.click("button:text('Show the preview again')")
    assert page.locator("select[name='map:Factors:Caffeine']").input_value() == "skip"
    page.click("button:text('Import')")

    page.wait_for_url("**/data/")
    assert "Imported" in page.locator("main").inner_text()
    assert CheckIn.objects.filter(user=alice).count() == 2
    assert CustomFactor.objects.filter(user=alice).count() == 0  # Caffeine skipped, Walking went to a therapy
    page.goto("/checkin/2026-03-01/")
    assert page.locator("[name=mood]:checked").input_value() == "7"  # Bearable's 3 and 4 of 5, as 0–10
    assert page.console_errors == []


def test_a_broken_export_names_the_line_and_saves_nothing(alice_page: Any, alice: Any, tmp_path: Path) -> None:
    from painwise.diary.models import CheckIn

    broken = tmp_path / "bearable.csv"
    broken.write_text(BEARABLE_CSV.read_text().replace("2nd Mar 2026,2026-03-02", "2nd Mar 2026,2026-02-30", 1))
    page = alice_page
    page.goto("/data/import/")
    page.check("input[name=format][value=bearable]")
    page.set_input_files("input[name=file]", str(broken))
    page.click("button:text('Show what it holds')")

    problems = page.locator("main").inner_text()
    assert "line 12" in problems
    assert "'2026-02-30' is not a date" in problems
    assert not CheckIn.objects.filter(user=alice).exists()
    # The page itself answers 422 (the browser logs that); nothing else may go wrong (CSP, scripts).
    assert [e for e in page.console_errors if "status of 422" not in e] == []


def test_a_day_already_in_the_diary_is_shown_and_the_person_chooses_the_files_values(alice_page: Any,
                                                                                      alice: Any) -> None:
    import datetime as dt

    from painwise.diary.models import CheckIn
    from painwise.testing import make_checkin

    make_checkin(alice, day=dt.date(2026, 3, 2), pain_average=7, mood=None)
    page = alice_page
    page.goto("/data/import/")
    page.check("input[name=format][value=bearable]")
    page.set_input_files("input[name=file]", str(BEARABLE_CSV))
    page.click("button:text('Show what it holds')")

    main = page.locator("main").inner_text()
    assert "1 of the file's 2 days already has a check-in in your diary" in main
    tick = page.locator("input[name=replace][value='2026-03-02']")
    assert not tick.is_checked()  # the default keeps the person's values
    tick.check()
    page.click("button:text('Show the preview again')")
    assert page.locator("input[name=replace][value='2026-03-02']").is_checked()  # the choice survives a new preview
    page.click("button:text('Import')")

    page.wait_for_url("**/data/")
    assert "1 day already in your diary completed from the file" in page.locator("main").inner_text()
    march_2 = CheckIn.objects.get(user=alice, day=dt.date(2026, 3, 2))
    assert (march_2.pain_average, march_2.mood, march_2.version) == (10, 4, 2)
    assert CheckIn.objects.filter(user=alice).count() == 2
    assert page.console_errors == []
