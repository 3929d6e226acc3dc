from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from painwise.accounts.services import local_today
from painwise.core.types import User
from painwise.diary.models import CheckIn, PainEpisode
from painwise.testing import make_checkin

pytestmark = pytest.mark.django_db

PAGES = ["/checkin/", "/history/", "/history/chart.svg", "/episodes/new/"]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitor_is_sent_to_sign_in(anon_client: Client, url: str) -> None:
    response = anon_client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_person_logs_a_partial_checkin_and_finds_it_in_history(alice_client: Client, alice: User) -> None:
    today = local_today(alice).isoformat()
    response = alice_client.post(f"/checkin/{today}/", {"pain_average": "6", "sleep_quality": "3",
                                                       "region_lower_back_left": "7", "qualities": ["aching"],
                                                       "notes": "bad night"})
    assert response.status_code == 302
    saved = CheckIn.objects.get(user=alice)
    assert (saved.pain_average, saved.sleep_quality, saved.pain_worst) == (6, 3, None)
    assert saved.regions == {"lower_back_left": 7}
    history = alice_client.get("/history/").content.decode()
    assert "bad night" not in history  # notes are private to the form, not listed
    assert ">6<" in history


def test_out_of_range_rating_is_refused_with_the_field_named_and_nothing_saved(
    alice_client: Client, alice: User,
) -> None:
    today = local_today(alice).isoformat()
    response = alice_client.post(f"/checkin/{today}/", {"pain_average": "11", "pain_worst": "5"})
    assert response.status_code == 422
    assert "Average pain today" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_day_more_than_one_day_ahead_is_refused(alice_client: Client, alice: User) -> None:
    later = (local_today(alice) + dt.timedelta(days=3)).isoformat()
    response = alice_client.post(f"/checkin/{later}/", {"pain_average": "4"})
    assert response.status_code == 422
    assert "in the future" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_saving_an_existing_day_completes_it_instead_of_duplicating(alice_client: Client, alice: User) -> None:
    checkin = make_checkin(alice, pain_average=5, mood=None)
    alice_client.post(f"/checkin/{checkin.day.isoformat()}/", {"pain_average": "5", "mood": "7"})
    assert CheckIn.objects.filter(user=alice).count() == 1
    assert CheckIn.objects.get(user=alice).mood == 7


def test_same_as_yesterday_prefills_from_the_previous_checkin(alice_client: Client, alice: User) -> None:
    yesterday = local_today(alice) - dt.timedelta(days=1)
    make_checkin(alice, day=yesterday, pain_average=8, pain_worst=9)
    page = alice_client.get(f"/checkin/{local_today(alice).isoformat()}/?same=1").content.decode()
    assert f"Copied from your check-in of {yesterday:%A %-d %B}" in page
    checked = re.findall(r'<input type="radio" name="(\w+)" value="(\d+)"[^>]*checked', page)
    assert ("pain_average", "8") in checked
    assert ("pain_worst", "9") in checked


def test_same_as_yesterday_with_nothing_to_copy_says_so_and_fills_nothing(alice_client: Client, alice: User) -> None:
    make_checkin(alice, day=local_today(alice) - dt.timedelta(days=9), pain_average=8)
    page = alice_client.get(f"/checkin/{local_today(alice).isoformat()}/?same=1").content.decode()
    assert "Nothing to copy: there is no check-in in the week before this day" in page
    assert "Copied from" not in page
    assert not re.findall(r'<input type="radio" name="\w+" value="\d+"[^>]*checked', page)


def test_the_essentials_are_on_the_first_screen_outside_any_fold(alice_client: Client, alice: User) -> None:
    page = alice_client.get(f"/checkin/{local_today(alice).isoformat()}/").content.decode()
    before_first_fold = page.split('class="checkin"', 1)[1].split("<details", 1)[0]
    for question in ("Average pain today", "Worst pain today", "interfere with your enjoyment",
                     "interfere with your general activity", "Sleep quality last night", "Hours slept last night",
                     "Mood"):
        assert question in before_first_fold
    assert "0 = no pain" in before_first_fold
    assert "10 = worst imaginable" in before_first_fold
    assert 'class="savebar"' in page


def test_worst_below_average_is_questioned_gently_and_saved_once_confirmed(alice_client: Client, alice: User) -> None:
    url = f"/checkin/{local_today(alice).isoformat()}/"
    asked = alice_client.post(url, {"pain_average": "6", "pain_worst": "3"})
    assert asked.status_code == 422
    page = asked.content.decode()
    assert "Your worst pain (3) is lower than your average (6). Could you check?" in page
    assert "Yes, my worst really was below my average" in page
    assert not CheckIn.objects.filter(user=alice).exists()
    confirmed = alice_client.post(url, {"pain_average": "6", "pain_worst": "3", "worst_below_average_ok": "on"})
    assert confirmed.status_code == 302
    saved = CheckIn.objects.get(user=alice)
    assert (saved.pain_average, saved.pain_worst) == (6, 3)


def test_worst_at_or_above_average_is_not_questioned(alice_client: Client, alice: User) -> None:
    url = f"/checkin/{local_today(alice).isoformat()}/"
    response = alice_client.post(url, {"pain_average": "5", "pain_worst": "5"})
    assert response.status_code == 302


def test_a_new_flare_starts_now(alice_client: Client, alice: User) -> None:
    from django.utils import timezone

    page = alice_client.get("/episodes/new/").content.decode()
    found = re.search(r'name="started_at" value="([^"]+)"', page)
    assert found is not None
    started = found.group(1)
    shown = dt.datetime.fromisoformat(started).replace(tzinfo=timezone.get_current_timezone())
    assert abs(shown - timezone.now()) < dt.timedelta(minutes=2)
    assert "Starts now unless you change it." in page


def test_the_body_map_shows_a_labelled_button_per_region_with_a_list_fallback(
    alice_client: Client, alice: User,
) -> None:
    from painwise.diary.bodymap import body_map

    make_checkin(alice, day=local_today(alice), regions={"knee_left": 4})
    page = alice_client.get(f"/checkin/{local_today(alice).isoformat()}/").content.decode()
    for region in body_map().regions:
        assert f'data-region="{region.id}"' in page
        assert f'name="region_{region.id}"' in page
    assert 'class="region i4" role="button" tabindex="0" data-region="knee_left"' in page
    assert 'aria-label="Left knee: 4 of 10"' in page
    assert 'aria-label="Right knee: not marked"' in page
    assert "Where it hurts, as a list" in page


def test_a_region_without_an_intensity_is_not_stored(alice_client: Client, alice: User) -> None:
    response = alice_client.post(f"/checkin/{local_today(alice).isoformat()}/",
                                 {"pain_average": "4", "region_knee_left": "", "region_knee_right": "2"})
    assert response.status_code == 302
    assert CheckIn.objects.get(user=alice).regions == {"knee_right": 2}


def test_other_person_cannot_open_edit_or_delete_someone_elses_records(bob_client: Client, alice: User) -> None:
    checkin = make_checkin(alice)
    episode = PainEpisode.objects.create(user=alice, started_at=dt.datetime.now(dt.UTC), intensity=7)
    assert bob_client.post(f"/checkins/{checkin.pk}/delete/").status_code == 404
    assert bob_client.get(f"/episodes/{episode.pk}/").status_code == 404
    edit = bob_client.post(f"/episodes/{episode.pk}/", {"started_at": "2026-01-01T10:00", "intensity": "1"})
    assert edit.status_code == 404
    assert bob_client.post(f"/episodes/{episode.pk}/delete/").status_code == 404
    assert CheckIn.objects.filter(pk=checkin.pk).exists()
    assert PainEpisode.objects.get(pk=episode.pk).intensity == 7
    # bob's own check-in page for the same day is empty: he never sees alice's values
    page = bob_client.get(f"/checkin/{checkin.day.isoformat()}/").content.decode()
    assert "You already checked in" not in page


def test_owner_deletes_a_checkin(alice_client: Client, alice: User) -> None:
    checkin = make_checkin(alice)
    assert alice_client.post(f"/checkins/{checkin.pk}/delete/").status_code == 302
    assert not CheckIn.objects.exists()


def test_owner_logs_edits_and_deletes_a_flare(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/episodes/new/", {"started_at": "2026-11-20T14:00", "ended_at": "2026-11-20T18:00",
                                                    "intensity": "8", "triggers": "long drive, cold",
                                                    "helped": "heat pack", "region_lower_back_left": "8"})
    assert response.status_code == 302
    episode = PainEpisode.objects.get(user=alice)
    assert episode.triggers == ["long drive", "cold"]
    edit = alice_client.post(f"/episodes/{episode.pk}/", {"started_at": "2026-11-20T14:00", "intensity": "6"})
    assert edit.status_code == 302
    assert PainEpisode.objects.get(pk=episode.pk).intensity == 6
    assert alice_client.post(f"/episodes/{episode.pk}/delete/").status_code == 302
    assert not PainEpisode.objects.exists()


def test_flare_that_ends_before_it_starts_is_refused(alice_client: Client) -> None:
    response = alice_client.post("/episodes/new/", {"started_at": "2026-11-20T14:00", "ended_at": "2026-11-20T10:00",
                                                    "intensity": "8"})
    assert response.status_code == 422
    assert "The end is before the start" in response.content.decode()
    assert not PainEpisode.objects.exists()


def test_history_chart_is_an_svg_of_only_the_owners_data(
    alice_client: Client, bob_client: Client, alice: User, bob: User,
) -> None:
    make_checkin(alice, pain_average=4)
    svg = alice_client.get("/history/chart.svg?days=90")
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    assert b"Average pain" in svg.content
    assert b"Average pain" not in bob_client.get("/history/chart.svg").content


def test_anonymous_visitor_cannot_change_anything(anon_client: Client, alice: User) -> None:
    checkin = make_checkin(alice)
    episode = PainEpisode.objects.create(user=alice, started_at=dt.datetime.now(dt.UTC), intensity=7)
    for url, data in ((f"/checkins/{checkin.pk}/delete/", {}), (f"/episodes/{episode.pk}/delete/", {}),
                      (f"/episodes/{episode.pk}/", {"started_at": "2026-01-01T10:00", "intensity": "1"}),
                      (f"/checkin/{checkin.day.isoformat()}/", {"pain_average": "1"})):
        response = anon_client.post(url, data)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert CheckIn.objects.get(pk=checkin.pk).pain_average == 5
    assert PainEpisode.objects.get(pk=episode.pk).intensity == 7


def test_home_page_says_whether_today_is_logged(alice_client: Client, alice: User) -> None:
    assert "Log today" in alice_client.get("/").content.decode()
    make_checkin(alice)
    assert "You have checked in today" in alice_client.get("/").content.decode()


def test_checkin_and_flare_pages_offer_the_red_flag_checklist(alice_client: Client, alice: User) -> None:
    assert "/safety/red-flags/" in alice_client.get("/checkin/", follow=True).content.decode()
    assert "/safety/red-flags/" in alice_client.get("/episodes/new/").content.decode()


def test_history_shows_where_it_hurt_as_a_heat_map_of_the_period_with_the_figures_listed(
    alice_client: Client, alice: User, bob: User,
) -> None:
    first = (local_today(alice).replace(day=1) - dt.timedelta(days=1)).replace(day=1)  # last month, all past
    make_checkin(alice, day=first, regions={"knee_left": 6, "head": 2})
    make_checkin(alice, day=first + dt.timedelta(days=1), regions={"knee_left": 3})
    make_checkin(alice, day=first + dt.timedelta(days=2))
    make_checkin(bob, day=first, regions={"heel_right": 9})
    page = alice_client.get(f"/history/?month={first:%Y-%m}").content.decode()
    assert "Where it hurt" in page
    assert "Left knee: on 2 of 3 check-ins, mean 4.5 of 10" in page
    assert "Head: on 1 of 3 check-ins, mean 2.0 of 10" in page
    assert '<g class="i4"><title>Left knee: mean 4.5 on 2 days</title>' in page
    assert "Right heel:" not in page.split("heat-list", 1)[1]


def test_history_without_marked_places_says_so(alice_client: Client, alice: User) -> None:
    make_checkin(alice, day=local_today(alice))
    assert "No places marked on the body in this period." in alice_client.get("/history/").content.decode()


def test_a_new_accounts_history_offers_no_empty_month_before_it(alice_client: Client, alice: User) -> None:
    page = alice_client.get("/history/").content.decode()
    assert 'rel="prev"' not in page


def test_history_offers_the_months_back_to_the_first_record(alice_client: Client, alice: User, bob: User) -> None:
    this_month = local_today(alice).replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    make_checkin(alice, day=last_month + dt.timedelta(days=3))  # an imported or back-filled day
    make_checkin(bob, day=last_month - dt.timedelta(days=40))  # someone else's older day changes nothing
    page = alice_client.get("/history/").content.decode()
    assert f'href="?month={last_month:%Y-%m}" rel="prev"' in page
    older = alice_client.get(f"/history/?month={last_month:%Y-%m}").content.decode()
    assert 'rel="prev"' not in older
    assert f'href="?month={this_month:%Y-%m}" rel="next"' in older
