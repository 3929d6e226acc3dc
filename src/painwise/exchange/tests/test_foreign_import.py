"""Bringing other apps' exports in, end to end: services, the pages, the API and the command line."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from painwise.cli import cli
from painwise.core.tests.test_translatable import OPEN, pseudo_language  # noqa: F401 (a fixture)
from painwise.core.types import User
from painwise.diary.models import CheckIn, PainEpisode
from painwise.diary.services import update_checkin
from painwise.exchange.foreign import services as foreign
from painwise.exchange.foreign.sleep import SleepNight
from painwise.exchange.services import ImportRejectedError
from painwise.exchange.tests.foreign_files import (
    APPLE_XML,
    BEARABLE_CSV,
    MMP_CSV,
    apple_zip,
    fitbit_zip,
    health_connect_zip,
)
from painwise.testing import make_checkin, make_user
from painwise.therapies.models import CustomFactor, Medication, TherapyEntry
from painwise.therapies.services import create_factor

MARCH_2 = dt.date(2026, 3, 2)
MARCH_3 = dt.date(2026, 3, 3)


def _sleep(user: User) -> dict[dt.date, tuple[float | None, int | None]]:
    return {c.day: (c.sleep_hours, c.sleep_quality) for c in CheckIn.objects.filter(user=user).order_by("day")}


def _nights(user: User, data: bytes, fmt: str) -> list[Any]:
    return foreign.read_sleep(user=user, stream=io.BytesIO(data), fmt=fmt)


# ---------------------------------------------------------------- services


@pytest.mark.django_db
def test_apple_health_sleep_makes_check_ins_for_days_without_one() -> None:
    sam = make_user("sam", timezone_name="Europe/Berlin")
    summary = foreign.apply_sleep(user=sam, nights=_nights(sam, apple_zip(), "apple-health"))

    assert _sleep(sam) == {MARCH_2: (7.0, None), MARCH_3: (7.5, None), dt.date(2026, 3, 4): (7.0, None)}
    assert (summary.created, summary.updated, summary.kept) == (3, 0, 0)


def test_a_readers_own_error_passes_through_the_seekable_stream_unchanged() -> None:
    # It once turned into "generator didn't stop after throw()" when the reader raised ValueError.
    with pytest.raises(ValueError, match="the reader's"), foreign.seekable(io.BytesIO(b"data")):
        raise ValueError("the reader's")


@pytest.mark.usefixtures("pseudo_language")
def test_what_a_sleep_import_stored_is_said_in_the_persons_language() -> None:
    assert str(foreign.SleepSummary(1, 0, 2)) == (
        f"{OPEN}sleep for 1 day (1 new check-ins, 0 updated, 2 kept as you had them)⟧")


@pytest.mark.django_db
def test_the_persons_own_sleep_is_kept_unless_they_choose_the_files() -> None:
    sam = make_user("sam")
    make_checkin(sam, day=MARCH_2, sleep_hours=5.0, pain_average=4)
    make_checkin(sam, day=MARCH_3, pain_average=3)  # no sleep yet: the file fills it
    nights = _nights(sam, fitbit_zip(), "fitbit")

    kept = foreign.apply_sleep(user=sam, nights=nights)
    assert _sleep(sam) == {MARCH_2: (5.0, None), MARCH_3: (6.5, 7)}
    assert (kept.created, kept.updated, kept.kept) == (0, 1, 1)

    foreign.apply_sleep(user=sam, nights=nights, replace={MARCH_2})
    assert _sleep(sam)[MARCH_2] == (6.75, 8)
    assert CheckIn.objects.get(user=sam, day=MARCH_2).pain_average == 4  # the rest of the day untouched


@pytest.mark.django_db
def test_health_connect_sleep_is_imported() -> None:
    sam = make_user("sam", timezone_name="Europe/Berlin")
    foreign.apply_sleep(user=sam, nights=_nights(sam, health_connect_zip(), "health-connect"))
    assert _sleep(sam) == {MARCH_2: (7.5, None), MARCH_3: (7.5, None)}


@pytest.mark.django_db
def test_a_refused_night_leaves_nothing_half_saved() -> None:
    sam = make_user("sam")
    make_checkin(sam, day=MARCH_2, sleep_hours=5.0)
    nights = [SleepNight(dt.date(2026, 3, 1), 7.0, None, "line 3"),
              SleepNight(MARCH_2, 30.0, None, "line 9")]  # over 24 h: refused by the check-in's rules
    with pytest.raises(ImportRejectedError) as exc:
        foreign.apply_sleep(user=sam, nights=nights, replace=True)

    assert "line 9" in str(exc.value.problems[0])
    assert _sleep(sam) == {MARCH_2: (5.0, None)}


@pytest.mark.django_db
def test_a_bearable_import_stores_the_mapping_the_person_chose() -> None:
    sam = make_user("sam")
    mapping = {"Factors:Walking": "factor", "Symptom:Fatigue": "factor", "Meds/Supplements:Magnesium": "skip"}
    preview = foreign.preview_bearable(user=sam, stream=BEARABLE_CSV.open("rb"), mapping=mapping)
    foreign.store_preview(user=sam, preview=preview)

    assert CheckIn.objects.filter(user=sam).count() == 2
    assert sorted(CustomFactor.objects.filter(user=sam).values_list("name", flat=True)) == [
        "Caffeine", "Fatigue", "Walking"]
    assert list(Medication.objects.filter(user=sam).values_list("name", flat=True)) == ["Ibuprofen"]
    modalities = sorted(e.modality for e in TherapyEntry.objects.filter(user=sam))  # encrypted: compared in Python
    assert modalities == ["custom", "custom", "custom", "custom", "medication", "medication", "meditation"]


@pytest.mark.django_db
def test_an_imported_medication_list_gets_interaction_warnings() -> None:
    sam = make_user("sam")
    csv_text = ("date,time of day,category,rating/amount,detail,notes\n"
                "2026-03-01,am,Meds/Supplements,1,Ibuprofen,\n2026-03-01,pm,Meds/Supplements,1,Naproxen,\n")
    preview = foreign.preview_bearable(user=sam, stream=io.BytesIO(csv_text.encode()), mapping={})
    summary = foreign.store_preview(user=sam, preview=preview)

    assert summary.notices, "two NSAIDs on one list should raise a notice"


@pytest.mark.django_db
def test_a_mapping_naming_an_unknown_label_or_target_is_refused() -> None:
    sam = make_user("sam")
    with pytest.raises(ImportRejectedError) as exc:
        foreign.preview_bearable(user=sam, stream=BEARABLE_CSV.open("rb"),
                                 mapping={"Factors:Knitting": "factor", "Factors:Walking": "therapy:surgery"})
    reasons = " ".join(str(p) for p in exc.value.problems)
    assert "Factors:Knitting: is not a label of this file" in reasons
    assert "'therapy:surgery' is not a target" in reasons


def _day(user: User, day: dt.date) -> dict[str, Any]:
    checkin = CheckIn.objects.get(user=user, day=day)
    return {name: getattr(checkin, name) for name in ("pain_average", "mood", "sleep_hours", "sleep_quality", "notes",
                                                       "version")}


def _caffeine_counted(user: User) -> None:
    # The file maps Caffeine to a yes/no factor: a person who counts their coffees makes the file refusable.
    create_factor(user=user, name="Caffeine", kind="count")


@pytest.mark.django_db
def test_a_bearable_day_already_in_the_diary_keeps_the_persons_values_and_fills_the_empty_ones() -> None:
    sam = make_user("sam")
    make_checkin(sam, day=MARCH_2, pain_average=7, mood=None, notes="", sleep_hours=8.0)
    preview = foreign.preview_bearable(user=sam, stream=BEARABLE_CSV.open("rb"), mapping={})
    summary = foreign.store_preview(user=sam, preview=preview)

    # The file says pain 10 and 5.25 h for 2 March: the diary's 7 and 8 h stay; mood, quality and notes were empty.
    assert _day(sam, MARCH_2) == {"pain_average": 7, "mood": 4, "sleep_hours": 8.0, "sleep_quality": 4,
                                  "notes": "Slept badly, stiff morning", "version": 2}
    assert CheckIn.objects.filter(user=sam).count() == 2  # 1 March is new
    assert TherapyEntry.objects.filter(user=sam).count() == 7
    assert (summary.counts["checkin"], summary.counts["updated"], summary.counts["kept"]) == (1, 1, 0)
    assert "1 day already in your diary completed from the file" in str(summary)


@pytest.mark.django_db
def test_the_file_wins_on_the_days_the_person_chose() -> None:
    sam = make_user("sam")
    make_checkin(sam, day=MARCH_2, pain_average=7, mood=None, notes="my own words", sleep_hours=8.0)
    preview = foreign.preview_bearable(user=sam, stream=BEARABLE_CSV.open("rb"), mapping={})
    foreign.store_preview(user=sam, preview=preview, replace={MARCH_2})

    assert _day(sam, MARCH_2) == {"pain_average": 10, "mood": 4, "sleep_hours": 5.25, "sleep_quality": 4,
                                  "notes": "Slept badly, stiff morning", "version": 2}
    checkin = CheckIn.objects.get(user=sam, day=MARCH_2)
    assert checkin.pain_worst == 7  # a field the file does not have stays as the person wrote it


@pytest.mark.django_db
def test_a_sleep_only_check_in_from_a_sleep_import_takes_the_files_pain_and_keeps_its_sleep() -> None:
    sam = make_user("sam")
    foreign.apply_sleep(user=sam, nights=[SleepNight(MARCH_2, 6.5, None, "line 1")])
    preview = foreign.preview_bearable(user=sam, stream=BEARABLE_CSV.open("rb"), mapping={})
    foreign.store_preview(user=sam, preview=preview)

    assert _day(sam, MARCH_2) == {"pain_average": 10, "mood": 4, "sleep_hours": 6.5, "sleep_quality": 4,
                                  "notes": "Slept badly, stiff morning", "version": 2}


@pytest.mark.django_db
def test_importing_the_same_file_twice_doubles_no_entry_and_changes_no_day() -> None:
    sam = make_user("sam")
    foreign.store_preview(user=sam, preview=foreign.preview_bearable(user=sam, stream=BEARABLE_CSV.open("rb"),
                                                                     mapping={}))
    kinds = (("checkins", CheckIn), ("entries", TherapyEntry), ("factors", CustomFactor), ("medications", Medication))
    before = {name: model.objects.filter(user=sam).count() for name, model in kinds}
    again = foreign.store_preview(user=sam, preview=foreign.preview_bearable(
        user=sam, stream=BEARABLE_CSV.open("rb"), mapping={}), replace=True)

    after = {name: model.objects.filter(user=sam).count() for name, model in kinds}
    assert after == before == {"checkins": 2, "entries": 7, "factors": 1, "medications": 2}
    assert (again.counts["kept"], again.counts["updated"], again.counts["duplicate"]) == (2, 0, 7)
    assert again.counts["factor"] == again.counts["medication"] == 0  # the file's own ones were all there
    assert _day(sam, MARCH_2)["version"] == 1  # nothing to change: the check-in was not written


@pytest.mark.django_db
def test_a_refused_file_leaves_the_days_already_in_the_diary_as_they_were() -> None:
    sam = make_user("sam")
    make_checkin(sam, day=MARCH_2, pain_average=7, mood=None)
    _caffeine_counted(sam)
    preview = foreign.preview_bearable(user=sam, stream=BEARABLE_CSV.open("rb"), mapping={})
    with pytest.raises(ImportRejectedError) as exc:
        foreign.store_preview(user=sam, preview=preview, replace=True)

    assert "line 9, kind: You already track 'Caffeine'" in str(exc.value.problems[0])
    assert _day(sam, MARCH_2)["pain_average"] == 7
    assert _day(sam, MARCH_2)["version"] == 1
    assert CheckIn.objects.filter(user=sam).count() == 1
    assert not Medication.objects.filter(user=sam).exists()
    assert not TherapyEntry.objects.filter(user=sam).exists()


@pytest.mark.django_db
def test_a_check_in_edited_while_the_file_is_stored_refuses_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    sam = make_user("sam")
    make_checkin(sam, day=MARCH_2, mood=None)
    planned = foreign.plan_labels

    def edited_meanwhile(**kwargs: Any) -> foreign.LabelPlan:
        plan = planned(**kwargs)  # the check-in as read, version 1 ...
        update_checkin(checkin=CheckIn.objects.get(user=sam, day=MARCH_2), values={"mood": 8})  # ... then edited
        return plan

    monkeypatch.setattr(foreign, "plan_labels", edited_meanwhile)
    preview = foreign.preview_bearable(user=sam, stream=BEARABLE_CSV.open("rb"), mapping={})
    with pytest.raises(ImportRejectedError) as exc:
        foreign.store_preview(user=sam, preview=preview)

    assert "changed while the file was being imported" in str(exc.value.problems[0])
    assert CheckIn.objects.filter(user=sam).count() == 1  # 1 March was not kept either
    assert not TherapyEntry.objects.filter(user=sam).exists()


@pytest.mark.django_db
def test_a_manage_my_pain_flare_or_dose_already_logged_is_not_added_again() -> None:
    sam = make_user("sam")
    records = foreign.read_managemypain(user=sam, stream=MMP_CSV.open("rb"))
    first = foreign.managemypain_preview(user=sam, records=records, mapping={})
    foreign.store_preview(user=sam, preview=first)
    flares, entries = PainEpisode.objects.filter(user=sam).count(), TherapyEntry.objects.filter(user=sam).count()
    assert flares > 0
    assert entries > 0

    again = foreign.store_preview(user=sam, preview=foreign.managemypain_preview(user=sam, records=records,
                                                                                  mapping={}))
    assert PainEpisode.objects.filter(user=sam).count() == flares
    assert TherapyEntry.objects.filter(user=sam).count() == entries
    assert again.counts["duplicate"] == flares + entries


@pytest.mark.django_db
def test_a_dry_run_refuses_what_the_import_would_refuse(tmp_path: Path) -> None:
    # It used to answer "Would import 2 check-ins ..." for a file the import then refused.
    sam = make_user("sam")
    _caffeine_counted(sam)
    run = CliRunner().invoke
    dry = run(cli, ["import", "--user", "sam", "--format", "bearable", "--dry-run", str(BEARABLE_CSV)])
    assert dry.exit_code == 1
    assert "line 9, kind: You already track 'Caffeine'" in dry.output
    assert "Would import" not in dry.output

    made = make_user("maya")
    make_checkin(made, day=MARCH_3)
    fine = run(cli, ["import", "--user", "maya", "--format", "bearable", "--dry-run", str(BEARABLE_CSV)])
    assert fine.exit_code == 0, fine.output
    assert "Factors 'Meditation' (1 row) -> Therapy: Meditation or breathing" in fine.output
    assert "Factors 'Caffeine' (2 rows) -> An own factor (yes/no)" in fine.output
    assert CheckIn.objects.filter(user=made).count() == 1


@pytest.mark.django_db
def test_a_sealed_preview_is_only_good_for_its_owner() -> None:
    sam, kim = make_user("sam"), make_user("kim")
    token = foreign.seal(user=sam, payload=[1, 2])
    assert foreign.unseal(user=sam, token=token) == [1, 2]
    with pytest.raises(Exception, match="cannot be confirmed"):
        foreign.unseal(user=kim, token=token)
    assert "[1, 2]" not in token
    assert "1, 2" not in token


# ---------------------------------------------------------------- command line


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.django_db
def test_cli_imports_apple_health_sleep(tmp_path: Path) -> None:
    sam = make_user("sam")
    export = tmp_path / "export.zip"
    export.write_bytes(apple_zip())
    result = _run("import", "--user", "sam", "--format", "apple-health", str(export))

    assert result.exit_code == 0, result.output
    assert "3 new check-ins" in result.output
    assert len(_sleep(sam)) == 3


@pytest.mark.django_db
def test_cli_dry_run_describes_and_stores_nothing(tmp_path: Path) -> None:
    sam = make_user("sam")
    make_checkin(sam, day=MARCH_2, sleep_hours=5.0)
    export = tmp_path / "takeout.zip"
    export.write_bytes(fitbit_zip())
    result = _run("import", "--user", "sam", "--format", "fitbit", "--dry-run", str(export))

    assert result.exit_code == 0
    assert "2026-03-02: yours 5.0 h, the file's 6.75 h" in result.output
    assert _sleep(sam) == {MARCH_2: (5.0, None)}


@pytest.mark.django_db
def test_cli_replace_sleep_takes_the_files_value(tmp_path: Path) -> None:
    sam = make_user("sam")
    make_checkin(sam, day=MARCH_2, sleep_hours=5.0)
    export = tmp_path / "hc.zip"
    export.write_bytes(health_connect_zip())
    result = _run("import", "--user", "sam", "--format", "health-connect", "--replace-sleep", str(export))

    assert result.exit_code == 0, result.output
    assert _sleep(sam)[MARCH_2] == (7.5, None)


@pytest.mark.django_db
def test_cli_bearable_with_a_mapping_file(tmp_path: Path) -> None:
    sam = make_user("sam")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"Factors:Caffeine": "skip"}))
    dry = _run("import", "--user", "sam", "--format", "bearable", "--mapping", str(mapping), "--dry-run",
               str(BEARABLE_CSV))
    assert "Factors 'Caffeine' (2 rows) -> Skip it" in dry.output
    assert not CheckIn.objects.filter(user=sam).exists()

    result = _run("import", "--user", "sam", "--format", "bearable", "--mapping", str(mapping), str(BEARABLE_CSV))
    assert result.exit_code == 0, result.output
    assert CheckIn.objects.filter(user=sam).count() == 2
    assert not CustomFactor.objects.filter(user=sam).exists()


@pytest.mark.django_db
def test_cli_keeps_the_days_already_in_the_diary_unless_told_to_replace_them() -> None:
    sam, kim = make_user("sam"), make_user("kim")
    for person in (sam, kim):
        make_checkin(person, day=MARCH_2, pain_average=7, mood=None)

    dry = _run("import", "--user", "sam", "--format", "bearable", "--dry-run", str(BEARABLE_CSV))
    assert dry.exit_code == 0, dry.output
    assert "1 day already has a check-in: 1 get what they left empty from the file, 0 stay as they are" in dry.output
    assert _day(sam, MARCH_2)["version"] == 1

    kept = _run("import", "--user", "sam", "--format", "bearable", str(BEARABLE_CSV))
    assert kept.exit_code == 0, kept.output
    assert "1 day already in your diary completed from the file" in kept.output
    assert (_day(sam, MARCH_2)["pain_average"], _day(sam, MARCH_2)["mood"]) == (7, 4)

    replaced = _run("import", "--user", "kim", "--format", "bearable", "--replace-days", str(BEARABLE_CSV))
    assert replaced.exit_code == 0, replaced.output
    assert (_day(kim, MARCH_2)["pain_average"], _day(kim, MARCH_2)["mood"]) == (10, 4)
    assert CheckIn.objects.filter(user=kim).count() == 2

    twice = _run("import", "--user", "kim", "--format", "bearable", "--replace-days", str(BEARABLE_CSV))
    assert twice.exit_code == 0, twice.output
    assert "2 days already in your diary kept as they were" in twice.output
    assert "7 flares or therapy entries already in your diary not added again" in twice.output
    assert TherapyEntry.objects.filter(user=kim).count() == 7


@pytest.mark.django_db
def test_cli_names_the_line_of_a_truncated_export_and_stores_nothing(tmp_path: Path) -> None:
    sam = make_user("sam")
    export = tmp_path / "export.xml"
    export.write_bytes(APPLE_XML.read_bytes()[:-40])
    result = _run("import", "--user", "sam", "--format", "apple-health", str(export))

    assert result.exit_code == 1
    assert "Nothing was imported" in result.output
    assert "ends early" in result.output
    assert not CheckIn.objects.filter(user=sam).exists()


@pytest.mark.django_db
def test_cli_account_and_format_can_come_from_the_environment(tmp_path: Path) -> None:
    # The account is PAINWISE_IMPORT_USER, as for every command's --user (docs/dev/conventions.md).
    sam = make_user("sam")
    export = tmp_path / "export.xml"
    export.write_bytes(APPLE_XML.read_bytes())
    result = CliRunner().invoke(cli, ["import", str(export)],
                                env={"PAINWISE_IMPORT_USER": "sam", "PAINWISE_IMPORT_FMT": "apple-health"},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(_sleep(sam)) == 3


# ---------------------------------------------------------------- pages


def _file(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_owner_previews_sleep_and_chooses_per_day(alice_client: Client, alice: User) -> None:
    make_checkin(alice, day=MARCH_2, sleep_hours=5.0)
    page = alice_client.post("/data/import/", {"file": _file(fitbit_zip(), "takeout.zip"), "format": "fitbit"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 day where your diary has another value" in html
    assert _sleep(alice) == {MARCH_2: (5.0, None)}  # nothing saved by the preview

    token = page.context["token"]
    done = alice_client.post("/data/import/confirm/", {"token": token, "format": "fitbit", "replace": ["2026-03-02"]})
    assert done.status_code == 302
    assert _sleep(alice) == {MARCH_2: (6.75, 8), MARCH_3: (6.5, 7)}


def test_owner_changes_a_bearable_mapping_before_saving(alice_client: Client, alice: User) -> None:
    page = alice_client.post("/data/import/", {"file": _file(BEARABLE_CSV.read_bytes(), "b.csv"), "format": "bearable"})
    assert page.status_code == 200
    assert "Therapy: Meditation or breathing" in page.content.decode()
    token = page.context["token"]

    again = alice_client.post("/data/import/confirm/", {"token": token, "format": "bearable", "action": "preview",
                                                        "map:Factors:Caffeine": "skip"})
    assert again.context["preview"].mapping["Factors:Caffeine"] == "skip"
    assert not CheckIn.objects.filter(user=alice).exists()

    alice_client.post("/data/import/confirm/", {"token": token, "format": "bearable", "action": "import",
                                                "map:Factors:Caffeine": "skip"})
    assert CheckIn.objects.filter(user=alice).count() == 2
    assert not CustomFactor.objects.filter(user=alice, name="Caffeine").exists()


def test_the_preview_page_already_lists_what_the_import_would_refuse(alice_client: Client, alice: User) -> None:
    _caffeine_counted(alice)
    page = alice_client.post("/data/import/", {"file": _file(BEARABLE_CSV.read_bytes(), "b.csv"), "format": "bearable"})
    assert page.status_code == 422
    assert "You already track &#x27;Caffeine&#x27;" in page.content.decode()
    assert "map:Factors:Caffeine" in page.content.decode()  # the mapping is still there to read and change
    assert not CheckIn.objects.filter(user=alice).exists()


def _bearable_page(client: Client) -> Any:
    return client.post("/data/import/", {"file": _file(BEARABLE_CSV.read_bytes(), "b.csv"), "format": "bearable"})


def test_the_preview_counts_the_days_already_in_the_diary_and_keeps_them_by_default(alice_client: Client,
                                                                                     alice: User) -> None:
    make_checkin(alice, day=MARCH_2, pain_average=7, mood=None, notes="")
    page = _bearable_page(alice_client)
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 of the file's 2 days already has a check-in in your diary" in html
    assert 'name="replace" value="2026-03-02"' in html
    row = html.split("<td>Mon 2 Mar 2026</td>")[-1].split("</tr>")[0]  # the table of days already there
    assert "<td>Mood, Sleep quality last night, Hours slept last night, Notes</td>" in row  # what the file fills
    assert "<td>Average pain today</td>" in row  # where it has another value
    assert "checked" not in html.split('name="replace"')[1].split(">")[0]

    done = alice_client.post("/data/import/confirm/", {"token": page.context["token"], "format": "bearable",
                                                       "action": "import"})
    assert done.status_code == 302
    assert _day(alice, MARCH_2)["pain_average"] == 7
    assert _day(alice, MARCH_2)["mood"] == 4
    assert CheckIn.objects.filter(user=alice).count() == 2


def test_the_person_ticks_a_day_to_take_the_files_values(alice_client: Client, alice: User) -> None:
    make_checkin(alice, day=MARCH_2, pain_average=7)
    token = _bearable_page(alice_client).context["token"]
    # The tick survives showing the preview again for another mapping.
    again = alice_client.post("/data/import/confirm/", {"token": token, "format": "bearable", "action": "preview",
                                                        "replace": ["2026-03-02", "not a day"]})
    assert 'value="2026-03-02" checked' in again.content.decode()
    assert _day(alice, MARCH_2)["pain_average"] == 7

    done = alice_client.post("/data/import/confirm/", {"token": token, "format": "bearable", "action": "import",
                                                       "replace": ["2026-03-02"]})
    assert done.status_code == 302
    assert _day(alice, MARCH_2)["pain_average"] == 10
    assert _day(alice, MARCH_2)["sleep_hours"] == 5.25
    assert CheckIn.objects.filter(user=alice).count() == 2


def test_a_refused_import_page_leaves_the_day_already_in_the_diary_as_it_was(alice_client: Client,
                                                                            alice: User) -> None:
    make_checkin(alice, day=MARCH_2, pain_average=7)
    token = _bearable_page(alice_client).context["token"]
    _caffeine_counted(alice)  # the diary changed after the preview: the file can no longer be stored
    page = alice_client.post("/data/import/confirm/", {"token": token, "format": "bearable", "action": "import",
                                                       "replace": ["2026-03-02"]})
    assert page.status_code == 422
    assert "line 9" in page.content.decode()
    assert _day(alice, MARCH_2)["pain_average"] == 7
    assert _day(alice, MARCH_2)["version"] == 1
    assert CheckIn.objects.filter(user=alice).count() == 1
    assert not TherapyEntry.objects.filter(user=alice).exists()


def test_a_bad_export_page_lists_the_line_and_saves_nothing(alice_client: Client, alice: User) -> None:
    page = alice_client.post("/data/import/", {"file": _file(APPLE_XML.read_bytes()[:-40], "export.xml"),
                                               "format": "apple-health"})
    assert page.status_code == 422
    assert "ends early" in page.content.decode()
    assert not CheckIn.objects.filter(user=alice).exists()


def test_another_person_cannot_confirm_someone_elses_preview(alice_client: Client, bob_client: Client,
                                                             alice: User, bob: User) -> None:
    page = alice_client.post("/data/import/", {"file": _file(apple_zip(), "export.zip"), "format": "apple-health"})
    response = bob_client.post("/data/import/confirm/", {"token": page.context["token"], "format": "apple-health"})

    assert response.status_code == 302
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("url", ["/data/import/", "/data/import/confirm/"])
def test_anonymous_visitors_are_sent_to_sign_in_from_the_import_pages(anon_client: Client, url: str) -> None:
    response = anon_client.post(url, {"format": "apple-health"})
    assert response.status_code == 302
    assert "/login" in response["Location"]


# ---------------------------------------------------------------- API


def test_api_imports_sleep_for_the_caller_only(bob_client: Client, alice: User, bob: User) -> None:
    response = bob_client.post("/api/v1/import/foreign", {"file": _file(apple_zip(), "export.zip"),
                                                          "format": "apple-health"})
    assert response.status_code == 200, response.content
    assert response.json()["imported"]["checkin"] == 3
    assert len(_sleep(bob)) == 3
    assert not _sleep(alice)


def test_api_dry_run_shows_the_suggested_mapping_and_stores_nothing(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/api/v1/import/foreign", {
        "file": _file(BEARABLE_CSV.read_bytes(), "b.csv"), "format": "bearable", "dry_run": "true",
        "mapping": json.dumps({"Factors:Caffeine": "skip"})})
    body = response.json()
    assert response.status_code == 200
    assert body["labels"]["Factors:Walking"] == "therapy:exercise"
    assert body["labels"]["Factors:Caffeine"] == "skip"
    assert not CheckIn.objects.filter(user=alice).exists()


def test_api_bad_export_answers_422_naming_the_record(alice_client: Client, alice: User) -> None:
    bad = b'[{"logId": 1, "dateOfSleep": "2026-03-02", "minutesAsleep": 4000}]'
    response = alice_client.post("/api/v1/import/foreign", {"file": _file(bad, "sleep-2026-03-01.json"),
                                                            "format": "fitbit"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "minutesAsleep"
    assert not CheckIn.objects.filter(user=alice).exists()


def test_api_dry_run_answers_422_for_what_the_import_would_refuse(alice_client: Client, alice: User) -> None:
    _caffeine_counted(alice)
    response = alice_client.post("/api/v1/import/foreign", {"file": _file(BEARABLE_CSV.read_bytes(), "b.csv"),
                                                            "format": "bearable", "dry_run": "true"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["where"] == "line 9"


@pytest.mark.parametrize(("form", "pain", "counts"), [
    ({}, 7, {"checkin": 1, "updated": 1, "kept": 0}),
    ({"replace_days": "true"}, 10, {"checkin": 1, "updated": 1, "kept": 0}),
])
def test_api_imports_a_file_with_a_day_already_in_the_diary(alice_client: Client, alice: User, bob: User,
                                                            form: dict[str, str], pain: int,
                                                            counts: dict[str, int]) -> None:
    make_checkin(alice, day=MARCH_2, pain_average=7, mood=None)
    make_checkin(bob, day=MARCH_2, pain_average=2)
    dry = alice_client.post("/api/v1/import/foreign", {"file": _file(BEARABLE_CSV.read_bytes(), "b.csv"),
                                                       "format": "bearable", "dry_run": "true", **form})
    assert dry.status_code == 200, dry.content
    assert {k: dry.json()["imported"][k] for k in counts} == counts
    assert _day(alice, MARCH_2)["version"] == 1

    response = alice_client.post("/api/v1/import/foreign", {"file": _file(BEARABLE_CSV.read_bytes(), "b.csv"),
                                                            "format": "bearable", **form})
    assert response.status_code == 200, response.content
    assert {k: response.json()["imported"][k] for k in counts} == counts
    assert _day(alice, MARCH_2)["pain_average"] == pain
    assert _day(alice, MARCH_2)["mood"] == 4
    assert _day(bob, MARCH_2)["pain_average"] == 2  # the caller's diary only
    assert CheckIn.objects.filter(user=bob).count() == 1


def test_api_answers_anonymous_callers_of_the_foreign_import_with_401(anon_client: Client) -> None:
    assert anon_client.post("/api/v1/import/foreign", {"format": "fitbit"}).status_code == 401
