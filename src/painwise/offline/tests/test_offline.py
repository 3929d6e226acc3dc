from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from painwise.accounts.services import local_today
from painwise.core.types import User
from painwise.diary.models import CheckIn, PainEpisode
from painwise.offline.models import OfflineEntry
from painwise.testing import make_checkin, make_user, race
from painwise.therapies.models import TherapyEntry

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"


def send_offline(client: Client, url: str, fields: Mapping[str, object], client_id: uuid.UUID | None = None) -> Any:
    """What offline.js does when the connection is back: the form's fields, to the form's address, with its id."""
    return client.post(url, fields, headers={"X-Painwise-Offline-Id": str(client_id or uuid.uuid4()),
                                             "X-Painwise-Logged-At": "2026-11-28T07:30:00+00:00"})


# ---------------------------------------------------------------- installing: manifest, icons, service worker


def test_manifest_has_what_a_phone_needs_to_install_painwise(anon_client: Client) -> None:
    response = anon_client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert (manifest["name"], manifest["short_name"], manifest["start_url"], manifest["display"]) == (
        "Painwise", "Painwise", "/", "standalone")
    pngs = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png" and icon["purpose"] == "any"}
    assert {"192x192", "512x512"} <= pngs
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert (STATIC / icon["src"].removeprefix("/static/")).is_file(), icon["src"]


def test_every_page_links_the_manifest_and_loads_the_offline_script_without_inline_code(alice_client: Client) -> None:
    page = alice_client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<script src="/static/painwise/offline.js" defer></script>' in page
    assert "<script>" not in page


def test_service_worker_is_served_from_the_root_as_javascript_under_a_csp_that_allows_it(anon_client: Client) -> None:
    response = anon_client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "/static/painwise/offline.js" in response.content.decode()
    policy = anon_client.get("/").headers["Content-Security-Policy"]
    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_offline_fallback_page_shows_no_personal_data(alice_client: Client, alice: User) -> None:
    make_checkin(alice, notes="private words")
    page = alice_client.get("/offline/").content.decode()
    assert "You are offline" in page
    assert "private words" not in page


# ---------------------------------------------------------------- sending queued entries: saved exactly once


def test_a_queued_checkin_sent_twice_is_saved_once(alice_client: Client, alice: User) -> None:
    day = local_today(alice).isoformat()
    client_id = uuid.uuid4()
    first = send_offline(alice_client, f"/checkin/{day}/", {"pain_average": "6", "notes": "from the bus"}, client_id)
    again = send_offline(alice_client, f"/checkin/{day}/", {"pain_average": "6", "notes": "from the bus"}, client_id)
    assert (first.status_code, first.json()["status"]) == (201, "saved")
    assert (again.status_code, again.json()) == (200, {"status": "saved", "repeated": True, "url": ""})
    saved = CheckIn.objects.get(user=alice)
    assert (saved.pain_average, saved.notes) == (6, "from the bus")
    receipt = OfflineEntry.objects.get(user=alice)
    assert (receipt.kind, receipt.status, receipt.payload) == ("checkin", "saved", [])
    assert receipt.logged_at is not None
    assert receipt.logged_at.isoformat() == "2026-11-28T07:30:00+00:00"


def test_a_queued_flare_and_a_queued_therapy_entry_are_each_saved_once(alice_client: Client, alice: User) -> None:
    flare, therapy = uuid.uuid4(), uuid.uuid4()
    for _ in range(3):
        send_offline(alice_client, "/episodes/new/", {"started_at": "2026-11-20T14:00", "intensity": "8"}, flare)
        send_offline(alice_client, "/log/heat_cold/", {"taken_at": "2026-11-21T08:30", "detail_kind": "cold"}, therapy)
    assert PainEpisode.objects.filter(user=alice).count() == 1
    assert TherapyEntry.objects.filter(user=alice).count() == 1
    assert OfflineEntry.objects.filter(user=alice, status="saved").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_sends_of_the_same_entry_at_the_same_moment_make_one_record() -> None:
    alice = make_user("alice")
    for _ in range(3):
        client_id = uuid.uuid4()
        phone, again = Client(), Client()
        phone.force_login(alice)
        again.force_login(alice)
        fields = {"started_at": "2026-11-20T14:00", "intensity": "5"}
        answers = race(partial(send_offline, phone, "/episodes/new/", fields, client_id),
                       partial(send_offline, again, "/episodes/new/", fields, client_id))
        assert sorted(a.status_code for a in answers) == [200, 201], answers
    assert PainEpisode.objects.filter(user=alice).count() == 3


def test_a_signed_out_device_is_asked_to_sign_in_and_nothing_is_saved(anon_client: Client) -> None:
    response = send_offline(anon_client, "/episodes/new/", {"started_at": "2026-11-20T14:00", "intensity": "8"})
    assert response.status_code == 401
    assert "Sign in again" in response.json()["detail"][0]["msg"]
    assert not PainEpisode.objects.exists()
    assert not OfflineEntry.objects.exists()


def test_another_persons_id_is_their_own_and_never_reveals_or_blocks_the_owners(
    alice_client: Client, bob_client: Client, alice: User, bob: User,
) -> None:
    client_id = uuid.uuid4()
    send_offline(alice_client, "/episodes/new/", {"started_at": "2026-11-20T14:00", "intensity": "8"}, client_id)
    answer = send_offline(bob_client, "/episodes/new/", {"started_at": "2026-11-20T15:00", "intensity": "3"}, client_id)
    assert (answer.status_code, answer.json()["repeated"]) == (201, False)
    assert PainEpisode.objects.get(user=bob).intensity == 3
    assert PainEpisode.objects.get(user=alice).intensity == 8


def test_only_the_offline_forms_take_queued_entries(alice_client: Client) -> None:
    response = send_offline(alice_client, "/medications/", {"name": "Ibuprofen"})
    assert response.status_code == 400
    assert response.json()["detail"][0]["loc"] == ["path", "path"]
    bad_id = alice_client.post("/episodes/new/", {}, headers={"X-Painwise-Offline-Id": "not-a-uuid"})
    assert bad_id.status_code == 400
    assert "UUID" in bad_id.json()["detail"][0]["msg"]


def test_a_queued_entry_for_a_removed_therapy_is_refused_and_nothing_is_kept(alice_client: Client, alice: User) -> None:
    response = send_offline(alice_client, "/log/no-such-therapy/", {"taken_at": "2026-11-21T08:30"})
    assert response.status_code == 404
    assert not OfflineEntry.objects.filter(user=alice).exists()


def test_an_offline_edit_of_a_checkin_nobody_else_changed_is_saved(alice_client: Client, alice: User) -> None:
    checkin = make_checkin(alice, pain_average=3, mood=4)
    form = alice_client.get(f"/checkin/{checkin.day.isoformat()}/").context["form"]
    fields = {"version": form["version"].value(), "base": form["base"].value(), "pain_average": "5", "mood": "4"}
    answer = send_offline(alice_client, f"/checkin/{checkin.day.isoformat()}/", fields)
    assert answer.json()["status"] == "saved"
    checkin.refresh_from_db()
    assert (checkin.pain_average, checkin.mood) == (5, 4)


# ---------------------------------------------------------------- conflicts: both shown, the person chooses


def test_an_offline_checkin_for_a_day_checked_in_meanwhile_overwrites_nothing_and_shows_both(
    alice_client: Client, alice: User,
) -> None:
    day = local_today(alice)
    make_checkin(alice, day=day, pain_average=3, notes="typed on the laptop")
    answer = send_offline(alice_client, f"/checkin/{day.isoformat()}/", {"pain_average": "7", "notes": "typed offline"})
    assert (answer.status_code, answer.json()["status"]) == (202, "held")
    saved = CheckIn.objects.get(user=alice)
    assert (saved.pain_average, saved.notes) == (3, "typed on the laptop")
    held = OfflineEntry.objects.get(user=alice)
    assert answer.json()["url"] == f"/offline/entries/{held.pk}/"
    assert "Entries from offline need your choice" in alice_client.get("/").content.decode()
    page = alice_client.get(answer.json()["url"]).content.decode()
    assert "Saved on the server" in page
    assert "Logged offline on your device" in page
    assert "typed on the laptop" in page
    assert "typed offline" in page


def test_choosing_the_offline_checkin_replaces_the_saved_one(alice_client: Client, alice: User) -> None:
    day = local_today(alice)
    make_checkin(alice, day=day, pain_average=3, mood=5, notes="laptop")
    answer = send_offline(alice_client, f"/checkin/{day.isoformat()}/", {"pain_average": "7", "notes": "offline"})
    response = alice_client.post(answer.json()["url"], {"offline_choice": "use_offline"})
    assert response.status_code == 302
    saved = CheckIn.objects.get(user=alice)
    assert (saved.pain_average, saved.mood, saved.notes) == (7, None, "offline")
    entry = OfflineEntry.objects.get(user=alice)
    assert (entry.status, entry.payload) == ("saved", [])


def test_keeping_the_saved_checkin_drops_the_offline_copy_and_a_late_resend_changes_nothing(
    alice_client: Client, alice: User,
) -> None:
    day = local_today(alice)
    make_checkin(alice, day=day, pain_average=3)
    client_id = uuid.uuid4()
    answer = send_offline(alice_client, f"/checkin/{day.isoformat()}/", {"pain_average": "7"}, client_id)
    alice_client.post(answer.json()["url"], {"offline_choice": "discard"})
    late = send_offline(alice_client, f"/checkin/{day.isoformat()}/", {"pain_average": "7"}, client_id)
    assert late.json() == {"status": "discarded", "repeated": True, "url": ""}
    assert CheckIn.objects.get(user=alice).pain_average == 3
    assert OfflineEntry.objects.get(user=alice).payload == []


def test_an_offline_entry_the_form_refuses_is_held_and_saved_once_corrected(alice_client: Client, alice: User) -> None:
    day = local_today(alice).isoformat()
    answer = send_offline(alice_client, f"/checkin/{day}/", {"pain_average": "11", "notes": "keep me"})
    assert answer.json()["status"] == "held"
    assert not CheckIn.objects.exists()
    shown = alice_client.post(answer.json()["url"], {"offline_choice": "retry"})
    assert shown.status_code == 422
    assert "keep me" in shown.content.decode()  # the form, filled with what was logged offline
    fixed = alice_client.post(answer.json()["url"], {"pain_average": "10", "notes": "keep me"})
    assert fixed.status_code == 302
    assert CheckIn.objects.get(user=alice).pain_average == 10
    assert OfflineEntry.objects.get(user=alice).status == "saved"


def test_another_person_cannot_see_or_settle_a_held_entry(
    alice_client: Client, bob_client: Client, anon_client: Client, alice: User,
) -> None:
    make_checkin(alice, day=local_today(alice), pain_average=3)
    url = send_offline(alice_client, f"/checkin/{local_today(alice).isoformat()}/", {"pain_average": "7"}).json()["url"]
    assert bob_client.get(url).status_code == 404
    assert bob_client.post(url, {"offline_choice": "use_offline"}).status_code == 404
    assert anon_client.get(url).status_code == 302
    assert OfflineEntry.objects.get(user=alice).status == "held"
    assert CheckIn.objects.get(user=alice).pain_average == 3
    assert alice_client.get(url).status_code == 200


def test_held_entries_are_stored_encrypted(alice_client: Client, alice: User) -> None:
    from django.db import connection

    make_checkin(alice, day=local_today(alice), pain_average=3)
    send_offline(alice_client, f"/checkin/{local_today(alice).isoformat()}/", {"notes": "Zq7secret words"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT path, payload FROM offline_offlineentry")
        path, payload = cursor.fetchone()
    assert "Zq7secret" not in payload
    assert "/checkin/" not in path


def test_a_form_posted_to_a_held_same_day_checkin_never_saves_over_the_saved_one(
    alice_client: Client, alice: User,
) -> None:
    day = local_today(alice)
    make_checkin(alice, day=day, pain_average=3, notes="laptop")
    url = send_offline(alice_client, f"/checkin/{day.isoformat()}/", {"pain_average": "7"}).json()["url"]
    for body in ({}, {"pain_average": "9"}, {"offline_choice": "something else"}):
        response = alice_client.post(url, body)
        assert (response.status_code, response["Location"]) == (302, url)
    saved = CheckIn.objects.get(user=alice)
    assert (saved.pain_average, saved.notes) == (3, "laptop")
    assert OfflineEntry.objects.get(user=alice).status == "held"


def test_an_invalid_offline_checkin_corrected_after_a_checkin_was_made_meanwhile_is_held_side_by_side(
    alice_client: Client, alice: User
) -> None:
    day = local_today(alice)
    url = send_offline(alice_client, f"/checkin/{day.isoformat()}/", {"pain_average": "11"}).json()["url"]
    make_checkin(alice, day=day, pain_average=2)
    response = alice_client.post(url, {"pain_average": "8"})
    assert response["Location"] == url
    assert CheckIn.objects.get(user=alice).pain_average == 2
    assert OfflineEntry.objects.get(user=alice).reason == "same_day"
    assert "Saved on the server" in alice_client.get(url).content.decode()


def test_only_a_signed_in_persons_pages_are_marked_for_keeping_on_the_device(
    alice_client: Client, anon_client: Client,
) -> None:
    assert alice_client.get("/episodes/new/")["Painwise-Offline"] == "keep"
    assert "Painwise-Offline" not in anon_client.get("/").headers
    assert "Painwise-Offline" not in anon_client.get("/accounts/login/").headers


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_held_entry_and_the_ids_received_move_with_the_account_and_a_queued_resend_saves_nothing(
    alice_client: Client, alice: User, fmt: str
) -> None:
    from painwise.exchange.services import export_user, import_into

    day = local_today(alice)
    make_checkin(alice, day=day, pain_average=3)
    held_id = uuid.uuid4()
    send_offline(alice_client, f"/checkin/{day.isoformat()}/", {"notes": "offline, \"quoted\""}, held_id)
    copy = make_user("copy")
    import_into(user=copy, data=export_user(user=alice, fmt=fmt).content)
    moved = OfflineEntry.objects.get(user=copy)
    assert (moved.client_id, moved.status, moved.reason) == (held_id, "held", "same_day")
    assert moved.payload == [["notes", "offline, \"quoted\""]]
    phone = Client()
    phone.force_login(copy)
    again = send_offline(phone, f"/checkin/{day.isoformat()}/", {"notes": "offline"}, held_id)
    assert again.json()["repeated"] is True
    assert OfflineEntry.objects.filter(user=copy).count() == 1


def test_combining_keeps_every_saved_answer_the_offline_checkin_left_empty(alice_client: Client, alice: User) -> None:
    day = local_today(alice)
    make_checkin(alice, day=day, pain_now=1, pain_average=3, pain_worst=6, mood=5, sleep_hours=7.5, sleep_quality=6,
                 regions={"lower_back_left": 4}, qualities=["aching"], activities=["walk"],
                 activities_note="slow", notes="laptop")
    fields = {"pain_average": "7", "notes": "offline", "region_neck": "5"}
    url = send_offline(alice_client, f"/checkin/{day.isoformat()}/", fields).json()["url"]
    assert alice_client.post(url, {"offline_choice": "combine"}).status_code == 302
    saved = CheckIn.objects.get(user=alice)
    assert (saved.pain_now, saved.pain_average, saved.pain_worst, saved.mood) == (1, 7, 6, 5)
    assert (saved.sleep_hours, saved.sleep_quality, saved.notes) == (7.5, 6, "offline")
    assert (saved.qualities, saved.activities, saved.activities_note) == (["aching"], ["walk"], "slow")
    assert saved.regions == {"neck": 5}  # where it hurts is one answer: the offline map replaces the saved one
    assert OfflineEntry.objects.get(user=alice).status == "saved"


def test_a_form_page_kept_in_the_background_leaves_the_save_message_for_the_next_page(alice_client: Client) -> None:
    # The service worker fetches the form pages to keep them for offline use, sometimes while the person saves;
    # if that fetch took the save's flash message (a support notice, an interaction warning), nobody saw it.
    saved = alice_client.post("/log/dilator/", {"taken_at": "2026-11-21T08:30", "duration_minutes": "15",
                                                "detail_size": "2", "detail_discomfort": "3",
                                                "detail_lubricant": "yes", "effect": "1"})
    assert saved.status_code == 302
    kept = alice_client.get("/checkin/", headers={"X-Painwise-Background": "keep"}, follow=True)
    assert kept.status_code == 200
    assert 'class="messages"' not in kept.content.decode()
    shown = alice_client.get(saved["Location"])
    assert 'class="messages"' in shown.content.decode()


def test_the_service_worker_marks_its_background_fetches(anon_client: Client) -> None:
    script = anon_client.get("/sw.js").content.decode()
    assert 'headers: {"X-Painwise-Background": "keep"}' in script
