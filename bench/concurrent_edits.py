"""Two clients editing the same record at the same moment: how many rounds lose a field, and what a
same-day double create answers.

Each round makes a fresh check-in (and therapy entry), then two threads with their own database
connections send, at once, a change of *different* fields of it: through the API (PATCH) and through
the check-in form (two browser tabs opened before either saves). A round "loses a field" when either
change is missing afterwards. Then two threads create a check-in for the same day at once; every
answer should be 201 or 422, never 500. Run:

    .venv/bin/python bench/concurrent_edits.py [--rounds 150]
    PAINWISE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/concurrent_edits.py

Without PAINWISE_DATABASE_URL it uses SQLite in a throw-away data directory. The PostgreSQL database
given is migrated and gets a throw-away account per run.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import platform
import tempfile
import time
import uuid
from functools import partial
from typing import Any

os.environ.setdefault("PAINWISE_DATA_DIR", tempfile.mkdtemp(prefix="painwise-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painwise.settings")
os.environ["PAINWISE_ALLOWED_HOSTS"] = "testserver"

import logging

import django

django.setup()
logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the expected 422s and 409s are counted

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from painwise.diary.models import CheckIn  # noqa: E402
from painwise.testing import make_checkin, make_entry, make_user, race, send  # noqa: E402
from painwise.therapies.models import TherapyEntry  # noqa: E402


def clients(user: Any) -> tuple[Client, Client]:
    pair = Client(raise_request_exception=False), Client(raise_request_exception=False)
    for client in pair:
        client.force_login(user)
    return pair


def form_data(form: Any) -> dict[str, Any]:
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False):
            data[name] = value
    return data


def lost_rounds(user: Any, rounds: int, day0: dt.date) -> dict[str, int]:
    lost: collections.Counter[str] = collections.Counter()
    for n in range(rounds):
        day = day0 - dt.timedelta(days=n)
        checkin = make_checkin(user, day=day, pain_now=1, notes="start")
        url = f"/api/v1/checkins/{checkin.pk}"
        phone, laptop = clients(user)
        race(partial(send, phone, "patch", url, {"pain_now": 9}),
             partial(send, laptop, "patch", url, {"notes": f"round {n}"}))
        saved = CheckIn.objects.get(pk=checkin.pk)
        lost["check-in, API PATCH"] += saved.pain_now != 9 or saved.notes != f"round {n}"

        entry = make_entry(user, taken_at=timezone.now() - dt.timedelta(days=n, minutes=1))
        url = f"/api/v1/entries/{entry.pk}"
        race(partial(send, phone, "patch", url, {"effect": 2}),
             partial(send, laptop, "patch", url, {"notes": f"round {n}"}))
        saved_entry = TherapyEntry.objects.get(pk=entry.pk)
        lost["therapy entry, API PATCH"] += saved_entry.effect != 2 or saved_entry.notes != f"round {n}"

        page = f"/checkin/{day.isoformat()}/"
        tab_one = form_data(phone.get(page).context["form"])
        tab_two = form_data(laptop.get(page).context["form"])
        race(partial(phone.post, page, {**tab_one, "mood": 8}),
             partial(laptop.post, page, {**tab_two, "activities_note": f"round {n}"}))
        saved = CheckIn.objects.get(pk=checkin.pk)
        lost["check-in, two form tabs"] += saved.mood != 8 or saved.activities_note != f"round {n}"
    return dict(lost)


def same_day_creates(user: Any, rounds: int, day0: dt.date) -> collections.Counter[int]:
    answers: collections.Counter[int] = collections.Counter()
    for n in range(rounds):
        day = (day0 - dt.timedelta(days=n)).isoformat()
        phone, laptop = clients(user)
        for answer in race(partial(send, phone, "post", "/api/v1/checkins", {"day": day, "pain_now": 3}),
                           partial(send, laptop, "post", "/api/v1/checkins", {"day": day, "mood": 6})):
            answers[getattr(answer, "status_code", 0)] += 1
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=150)
    rounds = parser.parse_args().rounds
    call_command("migrate", verbosity=0)
    setup_test_environment()  # so the test client keeps each page's form (its context) for the second save
    started = time.perf_counter()
    editor = make_user(f"bench-{uuid.uuid4().hex[:8]}")
    today = timezone.now().date()
    lost = lost_rounds(editor, rounds, today)
    creator = make_user(f"bench-{uuid.uuid4().hex[:8]}")
    answers = same_day_creates(creator, rounds, today)
    print(f"Painwise concurrent edits on {connection.vendor}, {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} CPUs; {rounds} rounds each")
    for case, count in lost.items():
        print(f"  {case:28} rounds that lost a field: {count} of {rounds}")
    print(f"  same-day double create      answers: {dict(sorted(answers.items()))} "
          f"(status 0 = exception); {answers[500] + answers[0]} server errors")
    print(f"  took {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
