"""The trauma track: turning it on, the daily check, tools, triggers, the boundaries plan, privacy."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from painwise.accounts.services import local_today, profile_of
from painwise.core.types import User
from painwise.instruments import services as instruments
from painwise.testing import make_entry
from painwise.trauma import services
from painwise.trauma.content import track_content
from painwise.trauma.models import BoundariesPlan, DailyCheck, GroundingUse, TrackSettings, Trigger

pytestmark = pytest.mark.django_db


def test_the_track_is_off_by_default_and_not_offered_without_ptsd_in_the_profile(
    alice: User, alice_client: Client,
) -> None:
    assert not services.is_enabled(alice)
    assert not services.is_offered(alice)
    assert "Trauma-aware track" not in alice_client.get(reverse("home")).content.decode()


def test_listing_ptsd_as_a_condition_offers_the_track_on_the_home_page(alice: User, alice_client: Client) -> None:
    profile = profile_of(alice)
    profile.conditions = ["ptsd"]
    profile.save()
    page = alice_client.get(reverse("home")).content.decode()
    assert "Trauma-aware track" in page
    assert reverse("trauma:track") in page


def test_turning_the_track_on_schedules_the_pcl5_monthly(alice: User, alice_client: Client) -> None:
    response = alice_client.post(reverse("trauma:toggle"), {"enabled": "on"})
    assert response.status_code == 302
    assert services.is_enabled(alice)
    pcl5 = [s for s in instruments.schedules_for(user=alice) if s.instrument == "pcl5"]
    assert len(pcl5) == 1
    assert pcl5[0].every_days == 30
    assert pcl5[0].enabled
    alice_client.post(reverse("trauma:toggle"))
    assert not services.is_enabled(alice)


def test_the_track_page_explains_what_is_and_is_not_known_with_sources(alice_client: Client) -> None:
    page = alice_client.get(reverse("trauma:track")).content.decode()
    assert "No study shows that sex or intimacy prevents or treats PTSD" in page
    assert "10.7326/M23-2757" in page
    assert reverse("safety:help") in page  # crisis lines one tap away


def test_the_daily_check_is_saved_once_per_day_and_replaced(alice: User, alice_client: Client) -> None:
    services.set_enabled(user=alice, enabled=True)
    response = alice_client.post(reverse("trauma:daily"), {"intrusions": "3", "nightmare_sleep": "4"})
    assert response.status_code == 302
    alice_client.post(reverse("trauma:daily"), {"intrusions": "1"})
    rows = DailyCheck.objects.filter(user=alice)
    assert rows.count() == 1
    assert rows[0].answers == {"intrusions": 1}


@pytest.mark.parametrize(("answers", "field"), [({"intrusions": 5}, "intrusions"), ({"flashbacks": 2}, "flashbacks"),
                                                 ({"avoidance": "lots"}, "avoidance"), ({}, "answers")])
def test_bad_daily_answers_name_the_item_and_save_nothing(alice: User, answers: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.record_daily(user=alice, answers=answers)
    assert field in caught.value.message_dict
    assert not DailyCheck.objects.exists()


def test_the_daily_items_are_painwises_own_words_not_the_pcl5(alice: User) -> None:
    pcl5 = instruments.instrument_for(user=alice, instrument_id="pcl5")
    pcl5_texts = {item.text.lower() for item in pcl5.items}
    for item in track_content().daily.items:
        assert item.label.lower() not in pcl5_texts


def test_a_tool_use_records_before_and_after_and_the_summary_averages_the_change(
    alice: User, alice_client: Client,
) -> None:
    url = reverse("trauma:tool", args=["paced_breathing"])
    page = alice_client.get(url).content.decode()
    assert "painwise/pacer-1.0.0.js" in page  # the pacer the pelvic-floor routine breathes with too
    assert "Breathe in through your nose" in page
    alice_client.post(url, {"before": "8", "after": "5"})
    alice_client.post(url, {"before": "6", "after": "5"})
    alice_client.post(url, {"before": "7"})
    summary = {row.slug: row for row in services.tool_summary(user=alice)}
    assert summary["paced_breathing"].uses == 3
    assert summary["paced_breathing"].average_change == -2.0
    assert summary["safe_place"].uses == 0
    assert summary["safe_place"].average_change is None
    assert "-2.0" in alice_client.get(reverse("trauma:tools")).content.decode()


def test_the_breathing_tool_paces_with_the_pelvic_floor_routines_own_pacer(alice_client: Client) -> None:
    import re

    pacer = re.compile(r'src="([^"]*pacer[^"]*)"')
    tool = pacer.findall(alice_client.get(reverse("trauma:tool", args=["paced_breathing"])).content.decode())
    alice_client.post("/programmes/pelvic_floor/start/")
    routine = pacer.findall(alice_client.get("/programmes/pelvic_floor/routine/").content.decode())
    assert tool == routine == ["/static/painwise/pacer-1.0.0.js"]


def test_out_of_range_ratings_and_unknown_tools_are_refused_and_nothing_saved(
    alice: User, alice_client: Client,
) -> None:
    response = alice_client.post(reverse("trauma:tool", args=["paced_breathing"]), {"before": "11"})
    assert response.status_code == 422
    with pytest.raises(ValidationError) as caught:
        services.record_grounding(user=alice, tool="hypnosis", before=4, after=12)
    assert set(caught.value.message_dict) == {"tool", "after"}
    assert alice_client.get(reverse("trauma:tool", args=["hypnosis"])).status_code == 404
    assert not GroundingUse.objects.exists()


def test_triggers_are_logged_and_unknown_kinds_are_refused(alice: User, alice_client: Client) -> None:
    response = alice_client.post(reverse("trauma:triggers"), {
        "kind": "smell", "what": "aftershave in the lift", "where": "work", "intensity": "7", "helped": "stepping out"})
    assert response.status_code == 302
    assert "aftershave in the lift" in alice_client.get(reverse("trauma:triggers")).content.decode()
    with pytest.raises(ValidationError) as caught:
        services.record_trigger(user=alice, kind="weather", what="x", intensity=3)
    assert "kind" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.record_trigger(user=alice, kind="sound", what="x", intensity=-1)
    assert "intensity" in caught.value.message_dict
    assert Trigger.objects.count() == 1


def test_another_person_cannot_delete_a_trigger(alice: User, bob_client: Client, alice_client: Client) -> None:
    trigger = services.record_trigger(user=alice, kind="sound", what="door slam", intensity=5)
    assert bob_client.post(reverse("trauma:trigger_delete", args=[trigger.pk])).status_code == 404
    assert "door slam" not in bob_client.get(reverse("trauma:triggers")).content.decode()
    assert Trigger.objects.filter(pk=trigger.pk).exists()
    assert alice_client.post(reverse("trauma:trigger_delete", args=[trigger.pk])).status_code == 302
    assert not Trigger.objects.filter(pk=trigger.pk).exists()


def test_the_boundaries_plan_is_saved_and_printed_and_an_oversized_field_is_named(
    alice: User, alice_client: Client,
) -> None:
    alice_client.post(reverse("trauma:boundaries"), {"okay": "holding hands", "not_okay": "touch from behind",
                                                     "stop_signals": "I say 'pause'"})
    page = alice_client.get(reverse("trauma:boundaries_print")).content.decode()
    assert "touch from behind" in page
    assert "Stopping is always okay" in page
    response = alice_client.post(reverse("trauma:boundaries"), {"okay": "x" * 2001, "not_okay": "changed"})
    assert response.status_code == 422
    assert "2000" in response.content.decode()
    assert BoundariesPlan.objects.get(user=alice).not_okay == "touch from behind"  # nothing half-saved


def test_an_intimacy_entry_that_did_not_feel_safe_shows_support_and_never_suggests_trying_again(
    alice: User, alice_client: Client,
) -> None:
    from django.utils import timezone

    response = alice_client.post(reverse("therapies:log", args=["intimacy"]), {
        "detail_kind": "cuddling", "detail_felt_wanted_safe": "no", "duration_minutes": "30",
        "taken_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}, follow=True)
    page = response.content.decode()
    assert "Thank you for noting this" in page
    assert reverse("trauma:support") in page
    assert "try again" not in page.lower()
    support = alice_client.get(reverse("trauma:support")).content.decode()
    assert "Prolonged Exposure" in support
    assert "tel:" in support


def test_consent_questions_are_optional_and_their_answers_are_checked(alice: User) -> None:
    entry = make_entry(alice, modality="sexual_activity", duration_minutes=20, details={"kind": "partnered"})
    assert entry.details == {"kind": "partnered"}
    with pytest.raises(ValidationError) as caught:
        make_entry(alice, modality="sexual_activity", details={"kind": "solo", "feeling_after": 11})
    assert "details.feeling_after" in caught.value.message_dict


def test_a_trigger_during_intimacy_points_gently_to_grounding_tools(alice: User) -> None:
    from django.utils import timezone

    from painwise.therapies.services import log_entry

    saved = log_entry(user=alice, values={"modality": "sexual_activity", "taken_at": timezone.now(),
                                          "details": {"kind": "partnered", "trigger_or_dissociation": True}})
    assert [n.code for n in saved.notices if n.code.startswith("trauma:")] == ["trauma:trigger"]
    assert all("partnered" not in n.body for n in saved.notices)


def test_a_positive_or_rising_pcl5_links_to_real_help(alice: User, alice_client: Client) -> None:
    services.set_enabled(user=alice, enabled=True)
    pcl5 = instruments.instrument_for(user=alice, instrument_id="pcl5")
    instruments.save_response(user=alice, instrument=pcl5, answers={i.id: 1 for i in pcl5.items}, draft=False)
    instruments.save_response(user=alice, instrument=pcl5, answers={i.id: 3 for i in pcl5.items}, draft=False)
    status = services.pcl5_status(user=alice)
    assert status
    assert status.positive
    assert status.worse_by_mic
    page = alice_client.get(reverse("trauma:track")).content.decode()
    assert "PTSD can be treated" in page
    assert reverse("trauma:support") in page


def test_the_report_summary_has_numbers_but_no_free_text(alice: User) -> None:
    services.record_trigger(user=alice, kind="sound", what="fireworks next door", intensity=8)
    services.record_grounding(user=alice, tool="grounding_54321", before=7, after=4)
    services.record_daily(user=alice, answers={"hyperarousal": 3})
    today = local_today(alice)
    summary = services.report_summary(user=alice, start=today - dt.timedelta(days=30), end=today)
    assert summary["triggers_noted"] == 1
    assert summary["daily_averages"] == {"hyperarousal": 3.0}
    assert summary["tools"] == [{"tool": "5-4-3-2-1 grounding", "uses": 1, "average_change": -3.0}]
    assert "fireworks" not in str(summary)


def test_every_track_value_is_ciphertext_in_the_database(alice: User) -> None:
    services.set_enabled(user=alice, enabled=True)
    services.record_trigger(user=alice, kind="touch", what="zzmarkerwhat", intensity=6)
    services.record_grounding(user=alice, tool="safe_place", before=5, after=2)
    services.save_boundaries(user=alice, okay="zzmarkerokay")
    services.record_daily(user=alice, answers={"avoidance": 2})
    tables = [m._meta.db_table for m in (TrackSettings, Trigger, GroundingUse, BoundariesPlan, DailyCheck)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (our own table names)
            raw = " ".join(str(v) for row in cursor.fetchall() for v in row)
            for plain in ("zzmarker", "touch", "safe_place", "avoidance", "enabled"):
                assert plain not in raw, (table, plain)


PAGES = ["trauma:track", "trauma:support", "trauma:tools", "trauma:triggers", "trauma:boundaries",
         "trauma:boundaries_print"]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_sends_an_anonymous_visitor_to_sign_in(anon_client: Client, name: str) -> None:
    response = anon_client.get(reverse(name))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("name", ["trauma:toggle", "trauma:daily", "trauma:triggers", "trauma:boundaries"])
def test_anonymous_posts_change_nothing(anon_client: Client, name: str) -> None:
    anon_client.post(reverse(name), {"enabled": "on", "intrusions": "2", "kind": "sound", "what": "x",
                                     "intensity": "2", "okay": "x"})
    assert not any(m.objects.exists() for m in (TrackSettings, DailyCheck, Trigger, BoundariesPlan))


def test_another_persons_pages_show_only_their_own_records(alice: User, bob_client: Client) -> None:
    services.save_boundaries(user=alice, okay="alice-only plan")
    services.record_grounding(user=alice, tool="safe_place", before=5, after=2)
    assert "alice-only plan" not in bob_client.get(reverse("trauma:boundaries_print")).content.decode()
    assert "alice-only plan" not in bob_client.get(reverse("trauma:boundaries")).content.decode()
    assert "from 1 rated" not in bob_client.get(reverse("trauma:tools")).content.decode()


def test_every_tool_and_the_explanation_cite_sources_and_are_reviewed_recently() -> None:
    from painwise.core.content import stale_entries

    content = track_content()
    entries = [content.about, *content.tools]
    assert all(entry.sources for entry in entries)
    assert stale_entries(entries) == []


@pytest.mark.parametrize("modality", ["sexual_activity", "intimacy"])
def test_the_log_forms_ask_the_consent_first_questions_and_none_is_required(
    alice_client: Client, modality: str,
) -> None:
    page = alice_client.get(reverse("therapies:log", args=[modality])).content.decode()
    for name in ("felt_wanted_safe", "trigger_or_dissociation", "boundaries_respected", "feeling_after"):
        assert f'name="detail_{name}"' in page
        assert f'name="detail_{name}" required' not in page
    assert "Did it feel wanted and safe?" in page


def test_logging_again_never_copies_how_that_time_felt(alice: User) -> None:
    from painwise.therapies.services import log_again

    entry = make_entry(alice, modality="sexual_activity", duration_minutes=15, details={
        "kind": "partnered", "felt_wanted_safe": "no", "boundaries_respected": "no", "feeling_after": 1})
    again = log_again(entry=entry)
    assert again.obj.details == {"kind": "partnered"}
    assert [n for n in again.notices if n.code == "trauma:not_safe"] == []


def test_the_support_page_offers_the_track_only_while_it_is_off(alice: User, alice_client: Client) -> None:
    assert "Read about it and choose" in alice_client.get(reverse("trauma:support")).content.decode()
    services.set_enabled(user=alice, enabled=True)
    assert "Read about it and choose" not in alice_client.get(reverse("trauma:support")).content.decode()
