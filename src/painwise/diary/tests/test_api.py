"""The diary API: check-ins and pain episodes, for their owner only, with clear 422s for bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from painwise.accounts.services import create_api_token, local_today, revoke_api_token
from painwise.core.types import User
from painwise.diary.models import CheckIn, PainEpisode
from painwise.diary.services import record_episode
from painwise.testing import fields_named, make_checkin, send

CHECKINS = "/api/v1/checkins"
EPISODES = "/api/v1/episodes"


def make_episode(user: User, **values: Any) -> PainEpisode:
    started = timezone.now() - dt.timedelta(hours=3)
    defaults = {"started_at": started, "intensity": 7, "triggers": ["long drive"], "helped": "heat pad"}
    return record_episode(user=user, values={**defaults, **values})


# --- check-ins as their owner


def test_a_partial_checkin_saves_and_answers_with_its_peg_score(alice_client: Client, alice: User) -> None:
    today = local_today(alice).isoformat()
    response = send(alice_client, "post", CHECKINS,
                    {"day": today, "pain_average": 6, "peg_enjoyment": 3, "peg_activity": 6, "notes": "ok"})
    assert response.status_code == 201
    body = response.json()
    assert body["day"] == today
    assert body["peg_score"] == 5.0
    assert body["pain_worst"] is None
    assert CheckIn.objects.get(user=alice).notes == "ok"


def test_a_checkin_with_only_the_day_saves(alice_client: Client, alice: User) -> None:
    response = send(alice_client, "post", CHECKINS, {"day": local_today(alice).isoformat()})
    assert response.status_code == 201
    assert response.json()["peg_score"] is None


@pytest.mark.parametrize("rating", [11, -1])
def test_an_out_of_range_rating_is_refused_naming_the_field_and_nothing_saved(
    alice_client: Client, alice: User, rating: int,
) -> None:
    response = send(alice_client, "post", CHECKINS,
                    {"day": local_today(alice).isoformat(), "pain_now": rating, "mood": 5})
    assert fields_named(response) == {"pain_now"}
    assert "0 to 10" in response.json()["detail"][0]["msg"]
    assert CheckIn.objects.count() == 0


def test_a_day_after_tomorrow_is_refused_as_future(alice_client: Client, alice: User) -> None:
    day = local_today(alice) + dt.timedelta(days=2)
    response = send(alice_client, "post", CHECKINS, {"day": day.isoformat(), "pain_now": 3})
    assert fields_named(response) == {"day"}
    assert "future" in response.json()["detail"][0]["msg"]
    assert CheckIn.objects.count() == 0


def test_tomorrow_is_still_accepted_for_late_nights_and_time_zones(alice_client: Client, alice: User) -> None:
    day = local_today(alice) + dt.timedelta(days=1)
    assert send(alice_client, "post", CHECKINS, {"day": day.isoformat()}).status_code == 201


def test_a_second_checkin_for_the_same_day_is_refused_and_the_first_kept(alice_client: Client, alice: User) -> None:
    first = make_checkin(alice, pain_average=4)
    response = send(alice_client, "post", CHECKINS, {"day": first.day.isoformat(), "pain_average": 9})
    assert fields_named(response) == {"day"}
    assert CheckIn.objects.count() == 1
    first.refresh_from_db()
    assert first.pain_average == 4


def test_unknown_fields_and_unknown_body_regions_are_refused(alice_client: Client, alice: User) -> None:
    day = local_today(alice).isoformat()
    assert fields_named(send(alice_client, "post", CHECKINS, {"day": day, "pain_level": 3})) == {"pain_level"}
    unknown_region = send(alice_client, "post", CHECKINS, {"day": day, "regions": {"tail": 4}})
    assert fields_named(unknown_region) == {"regions"}
    assert CheckIn.objects.count() == 0


def test_shape_and_rule_errors_come_in_one_format(alice_client: Client, alice: User) -> None:
    day = local_today(alice).isoformat()
    shape = send(alice_client, "post", CHECKINS, {"day": day, "pain_now": 4.5}).json()["detail"]
    rule = send(alice_client, "post", CHECKINS, {"day": day, "pain_now": 14}).json()["detail"]
    assert [item["loc"] for item in shape] == [["body", "pain_now"]] == [item["loc"] for item in rule]
    assert "integer" in shape[0]["msg"]
    assert set(shape[0]) == set(rule[0]) == {"loc", "msg"}


def test_a_malformed_date_is_refused_naming_day(alice_client: Client, alice: User) -> None:
    assert fields_named(send(alice_client, "post", CHECKINS, {"day": "31/12/2025"})) == {"day"}


def test_patch_completes_a_checkin_and_leaves_other_fields_alone(alice_client: Client, alice: User) -> None:
    checkin = make_checkin(alice, pain_average=5, mood=6)
    changes = {"pain_worst": 8, "qualities": ["burning"]}
    response = send(alice_client, "patch", f"{CHECKINS}/{checkin.pk}", changes)
    assert response.status_code == 200
    checkin.refresh_from_db()
    assert (checkin.pain_worst, checkin.pain_average, checkin.mood) == (8, 5, 6)
    assert checkin.qualities == ["burning"]


def test_worst_below_average_is_saved_with_a_gentle_warning_not_an_error(alice_client: Client, alice: User) -> None:
    today = local_today(alice).isoformat()
    response = send(alice_client, "post", CHECKINS, {"day": today, "pain_average": 6, "pain_worst": 3})
    assert response.status_code == 201
    (warning,) = response.json()["warnings"]
    assert (warning["field"], warning["code"]) == ("pain_worst", "worst_below_average")
    assert "worst pain (3) is lower than your average (6)" in warning["message"]
    assert CheckIn.objects.get(user=alice).pain_worst == 3


def test_patching_worst_below_average_warns_and_correcting_it_clears_the_warning(
    alice_client: Client, alice: User,
) -> None:
    checkin = make_checkin(alice, pain_average=5, pain_worst=7)
    assert send(alice_client, "get", f"{CHECKINS}/{checkin.pk}").json()["warnings"] == []
    lower = send(alice_client, "patch", f"{CHECKINS}/{checkin.pk}", {"pain_worst": 4})
    assert lower.status_code == 200
    assert [w["code"] for w in lower.json()["warnings"]] == ["worst_below_average"]
    fixed = send(alice_client, "patch", f"{CHECKINS}/{checkin.pk}", {"pain_average": 4})
    assert fixed.json()["warnings"] == []
    checkin.refresh_from_db()
    assert (checkin.pain_average, checkin.pain_worst) == (4, 4)


def test_another_person_cannot_patch_a_checkin_to_get_a_warning(bob_client: Client, alice: User) -> None:
    checkin = make_checkin(alice, pain_average=5, pain_worst=7)
    assert send(bob_client, "patch", f"{CHECKINS}/{checkin.pk}", {"pain_worst": 1}).status_code == 404
    checkin.refresh_from_db()
    assert checkin.pain_worst == 7


def test_a_bad_patch_changes_nothing(alice_client: Client, alice: User) -> None:
    checkin = make_checkin(alice, pain_average=5, mood=6)
    response = send(alice_client, "patch", f"{CHECKINS}/{checkin.pk}", {"mood": 2, "sleep_hours": 30})
    assert fields_named(response) == {"sleep_hours"}
    checkin.refresh_from_db()
    assert (checkin.mood, checkin.sleep_hours) == (6, None)


def test_get_and_delete_my_checkin(alice_client: Client, alice: User) -> None:
    checkin = make_checkin(alice)
    assert send(alice_client, "get", f"{CHECKINS}/{checkin.pk}").json()["notes"] == checkin.notes
    assert send(alice_client, "delete", f"{CHECKINS}/{checkin.pk}").status_code == 204
    assert not CheckIn.objects.exists()


def test_the_list_is_newest_first_and_filters_by_dates(alice_client: Client, alice: User) -> None:
    today = local_today(alice)
    for back in range(5):
        make_checkin(alice, day=today - dt.timedelta(days=back))
    days = [c["day"] for c in send(alice_client, "get", CHECKINS).json()["items"]]
    assert days == [(today - dt.timedelta(days=back)).isoformat() for back in range(5)]
    since, until = today - dt.timedelta(days=3), today - dt.timedelta(days=1)
    window = send(alice_client, "get", f"{CHECKINS}?since={since}&until={until}").json()["items"]
    assert [c["day"] for c in window] == [(today - dt.timedelta(days=b)).isoformat() for b in (1, 2, 3)]


def test_by_day_finds_the_checkin_of_a_day_or_answers_404(alice_client: Client, alice: User) -> None:
    checkin = make_checkin(alice)
    assert send(alice_client, "get", f"{CHECKINS}/by-day/{checkin.day}").json()["id"] == checkin.pk
    empty_day = checkin.day - dt.timedelta(days=10)
    assert send(alice_client, "get", f"{CHECKINS}/by-day/{empty_day}").status_code == 404


def test_same_as_yesterday_offers_how_the_body_felt_but_not_the_notes(alice_client: Client, alice: User) -> None:
    today = local_today(alice)
    make_checkin(alice, day=today - dt.timedelta(days=1), pain_average=4, regions={"jaw": 6})
    body = send(alice_client, "get", f"{CHECKINS}/same-as-yesterday?day={today}").json()
    assert body["day"] == today.isoformat()
    assert body["values"]["pain_average"] == 4
    assert body["values"]["regions"] == {"jaw": 6}
    assert "notes" not in body["values"]


def test_same_as_yesterday_is_empty_after_a_week_without_checkins(alice_client: Client, alice: User) -> None:
    today = local_today(alice)
    make_checkin(alice, day=today - dt.timedelta(days=9))
    assert send(alice_client, "get", f"{CHECKINS}/same-as-yesterday").json() == {"day": today.isoformat(),
                                                                                 "values": {}}


# --- pain episodes as their owner


def test_an_episode_is_logged_with_its_local_day(alice_client: Client, alice: User) -> None:
    started = timezone.now().replace(microsecond=0) - dt.timedelta(hours=2)
    episode = {"started_at": started.isoformat(), "intensity": 8, "triggers": ["stairs"], "helped": "rest"}
    response = send(alice_client, "post", EPISODES, episode)
    assert response.status_code == 201
    body = response.json()
    assert body["day"] == started.date().isoformat()
    assert PainEpisode.objects.get(user=alice).helped == "rest"


def test_an_episode_time_without_a_time_zone_is_refused(alice_client: Client, alice: User) -> None:
    response = send(alice_client, "post", EPISODES, {"started_at": "2025-03-01T10:00:00", "intensity": 5})
    assert fields_named(response) == {"started_at"}
    assert PainEpisode.objects.count() == 0


def test_an_episode_ending_before_it_started_is_refused(alice_client: Client, alice: User) -> None:
    started = timezone.now() - dt.timedelta(hours=2)
    ended = started - dt.timedelta(hours=1)
    episode = {"started_at": started.isoformat(), "ended_at": ended.isoformat(), "intensity": 5}
    response = send(alice_client, "post", EPISODES, episode)
    assert fields_named(response) == {"ended_at"}
    assert PainEpisode.objects.count() == 0


def test_an_episode_needs_an_intensity_from_0_to_10(alice_client: Client, alice: User) -> None:
    started = timezone.now().isoformat()
    assert fields_named(send(alice_client, "post", EPISODES, {"started_at": started})) == {"intensity"}
    assert fields_named(send(alice_client, "post", EPISODES, {"started_at": started, "intensity": 11})) == {
        "intensity"}
    assert PainEpisode.objects.count() == 0


def test_patch_adds_the_end_of_an_episode(alice_client: Client, alice: User) -> None:
    episode = make_episode(alice)
    ended = timezone.now().replace(microsecond=0)
    response = send(alice_client, "patch", f"{EPISODES}/{episode.pk}", {"ended_at": ended.isoformat()})
    assert response.status_code == 200
    episode.refresh_from_db()
    assert episode.ended_at == ended
    assert episode.intensity == 7


def test_get_list_and_delete_my_episodes(alice_client: Client, alice: User) -> None:
    episode = make_episode(alice)
    assert send(alice_client, "get", f"{EPISODES}/{episode.pk}").json()["helped"] == "heat pad"
    assert [e["id"] for e in send(alice_client, "get", EPISODES).json()["items"]] == [episode.pk]
    assert send(alice_client, "delete", f"{EPISODES}/{episode.pk}").status_code == 204
    assert not PainEpisode.objects.exists()


def test_episode_list_filters_by_the_local_start_day(client: Client, alice: User) -> None:
    from painwise.accounts.services import update_profile

    update_profile(user=alice, values={"timezone": "Pacific/Auckland"})
    client.force_login(alice)
    # 20:00 UTC on 1 March is already 2 March in Auckland.
    make_episode(alice, started_at=dt.datetime(2025, 3, 1, 20, 0, tzinfo=dt.UTC))
    assert send(client, "get", f"{EPISODES}?since=2025-03-02&until=2025-03-02").json()["count"] == 1
    assert send(client, "get", f"{EPISODES}?until=2025-03-01").json() == {"items": [], "count": 0}


# --- another person and the anonymous visitor


def _routes(checkin: CheckIn, episode: PainEpisode) -> list[tuple[str, str, dict[str, Any] | None]]:
    return [
        ("get", f"{CHECKINS}/{checkin.pk}", None),
        ("patch", f"{CHECKINS}/{checkin.pk}", {"pain_average": 0, "notes": "changed"}),
        ("delete", f"{CHECKINS}/{checkin.pk}", None),
        ("get", f"{EPISODES}/{episode.pk}", None),
        ("patch", f"{EPISODES}/{episode.pk}", {"intensity": 0}),
        ("delete", f"{EPISODES}/{episode.pk}", None),
    ]


def _unchanged(checkin: CheckIn, episode: PainEpisode) -> bool:
    checkin.refresh_from_db()
    episode.refresh_from_db()
    return (checkin.pain_average, checkin.notes, episode.intensity) == (5, "slept badly, walked the dog", 7)


def test_another_person_gets_404_for_every_record_route_and_nothing_changes(bob_client: Client, alice: User) -> None:
    checkin, episode = make_checkin(alice), make_episode(alice)
    for method, url, body in _routes(checkin, episode):
        assert send(bob_client, method, url, body).status_code == 404, (method, url)
    assert _unchanged(checkin, episode)


def test_another_person_sees_none_of_my_days_in_lists_and_lookups(bob_client: Client, alice: User) -> None:
    checkin = make_checkin(alice)
    make_episode(alice)
    assert send(bob_client, "get", CHECKINS).json() == {"items": [], "count": 0}
    assert send(bob_client, "get", EPISODES).json() == {"items": [], "count": 0}
    assert send(bob_client, "get", f"{CHECKINS}/by-day/{checkin.day}").status_code == 404
    tomorrow = checkin.day + dt.timedelta(days=1)
    assert send(bob_client, "get", f"{CHECKINS}/same-as-yesterday?day={tomorrow}").json()["values"] == {}


def test_another_person_can_log_the_same_day_without_touching_mine(bob_client: Client, alice: User) -> None:
    checkin = make_checkin(alice)
    response = send(bob_client, "post", CHECKINS, {"day": checkin.day.isoformat(), "pain_average": 1})
    assert response.status_code == 201
    checkin.refresh_from_db()
    assert checkin.pain_average == 5


def test_the_anonymous_visitor_gets_401_from_every_diary_route(anon_client: Client, alice: User) -> None:
    checkin, episode = make_checkin(alice), make_episode(alice)
    day = checkin.day.isoformat()
    collection_routes = [
        ("get", CHECKINS, None), ("post", CHECKINS, {"day": day}),
        ("get", f"{CHECKINS}/by-day/{day}", None), ("get", f"{CHECKINS}/same-as-yesterday", None),
        ("get", EPISODES, None),
        ("post", EPISODES, {"started_at": timezone.now().isoformat(), "intensity": 3}),
    ]
    for method, url, body in [*collection_routes, *_routes(checkin, episode)]:
        assert send(anon_client, method, url, body).status_code == 401, (method, url)
    assert _unchanged(checkin, episode)
    assert (CheckIn.objects.count(), PainEpisode.objects.count()) == (1, 1)


# --- scripts with tokens, browsers with CSRF


def test_a_script_with_a_token_logs_a_day_without_any_csrf_cookie(alice: User) -> None:
    _, raw = create_api_token(user=alice, name="script", scope="read-write")
    script = Client(enforce_csrf_checks=True)
    response = send(script, "post", CHECKINS, {"day": local_today(alice).isoformat(), "pain_now": 4},
                    HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 201
    assert CheckIn.objects.get(user=alice).pain_now == 4


def test_a_script_with_a_revoked_token_gets_401_and_saves_nothing(alice: User) -> None:
    token, raw = create_api_token(user=alice, name="script")
    revoke_api_token(token=token)
    script = Client(enforce_csrf_checks=True)
    response = send(script, "post", CHECKINS, {"day": local_today(alice).isoformat()},
                    HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert send(script, "get", CHECKINS, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert not CheckIn.objects.exists()


def test_a_browser_post_without_the_csrf_token_logs_nothing(alice: User) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    response = send(browser, "post", CHECKINS, {"day": local_today(alice).isoformat()})
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_openapi_document_lists_the_diary_routes(anon_client: Client) -> None:
    paths = anon_client.get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/checkins": {"get", "post"},
        "/api/v1/checkins/{checkin_id}": {"get", "patch", "delete"},
        "/api/v1/checkins/by-day/{day}": {"get"},
        "/api/v1/checkins/same-as-yesterday": {"get"},
        "/api/v1/episodes": {"get", "post"},
        "/api/v1/episodes/{episode_id}": {"get", "patch", "delete"},
    }
    assert {path: set(paths.get(path, {})) for path in expected} == expected


def test_check_in_list_comes_in_pages_of_at_most_100(alice_client: Client, alice: User) -> None:
    start = dt.date(2025, 1, 1)
    CheckIn.objects.bulk_create([CheckIn(user=alice, day=start + dt.timedelta(days=i), pain_average=4)
                                 for i in range(130)])
    first = send(alice_client, "get", CHECKINS).json()
    assert (len(first["items"]), first["count"]) == (100, 130)
    rest = send(alice_client, "get", f"{CHECKINS}?offset=100").json()["items"]
    assert len(rest) == 30
    assert {c["day"] for c in first["items"]}.isdisjoint(c["day"] for c in rest)
    response = send(alice_client, "get", f"{CHECKINS}?limit=101")
    assert response.status_code == 422
    assert "limit" in response.content.decode()
