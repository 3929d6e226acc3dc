"""The main pages ask the database the same number of questions however long the diary is.

Each page is loaded with 20 days of diary and again with 60 days (a check-in, a heat pack, a dose of a
listed medication and a custom factor every day). A count that grows with the diary is an N+1 query: a
page that gets slower with every day a person logs. The upper bounds are today's counts with a little room;
they are there to notice a page that starts asking many more, not to be tight (November 2026, with the
per-person cache warm: home 11, check-in form 4, therapy form 3, history month 6, chart 5, what helps me 6,
its chart 8, questionnaires 7 (16 before the latest results were read in one query), API lists 5; right
after a write the cached pages ask more once: chart 12, what helps me 22, its chart 32, because they draw
or compute again and store the result). Saving a check-in: 11 statements besides transaction control (16 before
the data version had its own table).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from painwise.accounts.services import local_today
from painwise.core.types import User
from painwise.testing import make_checkin, make_entry, make_medication

PAGES: list[tuple[str, str, int]] = [
    # (what, URL, at most this many queries)
    ("home", "/", 13),  # one query per home panel: the plan's today list and offline entries held for a choice are two
    ("check-in form", "/checkin/{today}/", 6),
    ("therapy log form", "/log/heat_cold/", 5),
    ("history (this month)", "/history/", 8),
    ("history (last month)", "/history/?month={last_month}", 8),
    ("history chart", "/history/chart.svg", 7),
    ("history chart (90 days)", "/history/chart.svg?days=90", 7),
    ("what helps me", "/insights/", 8),
    ("what helps me chart", "/insights/chart.svg", 10),
    ("questionnaires", "/questionnaires/", 8),  # the latest result of every questionnaire in one query (16 before)
    ("API check-in list", "/api/v1/checkins", 6),
    ("API entry list", "/api/v1/entries", 6),
    ("API episode list", "/api/v1/episodes", 6),
]


def add_days(user: User, *, first: int, last: int) -> None:
    """Diary days ``first`` … ``last`` ago (inclusive): check-in, heat, a medication dose, a factor."""
    from painwise.therapies.services import create_factor

    medication = user.medications.first() or make_medication(user)
    factor = user.custom_factors.first() or create_factor(user=user, name="Gardening", kind="yes_no")
    today = local_today(user)
    for ago in range(first, last + 1):
        day = today - dt.timedelta(days=ago)
        noon = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        make_checkin(user, day=day, pain_average=(ago % 7) + 2, sleep_quality=5)
        make_entry(user, taken_at=noon)
        make_entry(user, modality="medication", medication=medication, amount=400, unit="mg",
                   taken_at=noon + dt.timedelta(hours=2))
        make_entry(user, modality="custom", factor=factor, taken_at=noon + dt.timedelta(hours=4))


def queries_for(client: Client, url: str) -> int:
    client.get(url)  # warm per-process caches (content, sessions) before counting
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


@pytest.mark.parametrize(("what", "url", "bound"), PAGES, ids=[p[0] for p in PAGES])
def test_a_page_asks_no_more_questions_for_a_longer_diary(
    alice: User, alice_client: Client, django_assert_max_num_queries: Any, what: str, url: str, bound: int,
) -> None:
    today = local_today(alice)
    url = url.format(today=today.isoformat(), last_month=f"{today.replace(day=1) - dt.timedelta(days=1):%Y-%m}")
    add_days(alice, first=0, last=19)
    short = queries_for(alice_client, url)
    add_days(alice, first=20, last=59)
    long = queries_for(alice_client, url)
    assert long == short, f"{what}: {short} queries with 20 days, {long} with 60 days"
    with django_assert_max_num_queries(bound):
        alice_client.get(url)


# The home page's exact count for a person whose diary reaches every panel that reads it (check-ins,
# therapies, a listed medication, kratom doses and a withdrawal check): the session, the account and the
# profile, then about one query per panel (the plan, safety events, interactions, kratom signals, the trauma
# track, questionnaire schedules, experiments, offline entries held, today's check-in). The kratom panel
# asked for the whole kratom page before (16), and read the kratom and alcohol entries twice and asked
# whether any kratom entry exists (15; now one read of the entries, the medications and the withdrawal
# checks). Any change must be deliberate: update the figure and docs/performance.md together.
HOME_QUERIES = 13


def test_home_asks_exactly_the_known_number_of_questions(
    alice: Any, alice_client: Any, django_assert_num_queries: Any,
) -> None:
    from painwise.substances.services import record_withdrawal_check

    add_days(alice, first=0, last=19)
    for ago in range(10):
        make_entry(alice, modality="kratom", amount=2, unit="g", details={"form": "leaf_powder", "reason": "pain"},
                   taken_at=timezone.now() - dt.timedelta(days=ago))
    symptoms = ("diarrhoea", "hot_flushes", "insomnia", "irritability", "low_mood", "muscle_aches", "restlessness",
                "runny_nose_eyes")
    record_withdrawal_check(user=alice, answers=dict.fromkeys(symptoms, 1))
    alice_client.get("/")
    with django_assert_num_queries(HOME_QUERIES):
        assert alice_client.get("/").status_code == 200


# Saving an edit of today's check-in, besides BEGIN/SAVEPOINT/RELEASE/COMMIT: session, account and profile,
# the check-in and the trauma track's settings (each read twice: the form, then the save), the UPDATE, one
# UPSERT of the data version (six statements in and after the transaction through the cache table before),
# whether "What helps me" has kept results, and the session's flash message. 16 before.
SAVE_STATEMENTS = 11


def statements_of_a_checkin_save(client: Client, url: str, pain: int) -> int:
    """Statements of one save, with what runs after its commit (the test's transaction never commits)."""
    with CaptureQueriesContext(connection) as captured, TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"pain_average": str(pain), "pain_worst": "7", "mood": "5"})
    assert response.status_code == 302, response.status_code
    control = ("BEGIN", "SAVEPOINT", "RELEASE", "COMMIT", "ROLLBACK")
    return sum(not q["sql"].startswith(control) for q in captured.captured_queries)


def test_a_checkin_save_asks_the_known_number_of_questions_however_long_the_diary(
    alice: User, alice_client: Client,
) -> None:
    url = f"/checkin/{local_today(alice).isoformat()}/"
    add_days(alice, first=0, last=19)
    statements_of_a_checkin_save(alice_client, url, 3)  # warm per-process caches
    short = statements_of_a_checkin_save(alice_client, url, 4)
    add_days(alice, first=20, last=59)
    long = statements_of_a_checkin_save(alice_client, url, 5)
    assert short == long == SAVE_STATEMENTS
