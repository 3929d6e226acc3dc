"""Each running experiment's assignment per day is on the agenda (today list, reminders, calendar feed)."""

from __future__ import annotations

import datetime as dt

import pytest

from painwise.accounts.services import local_today
from painwise.core.hooks import AgendaItem, agenda
from painwise.core.types import User
from painwise.experiments import services
from painwise.experiments.tests.helpers import started

pytestmark = pytest.mark.django_db


def _items(user: User, start: dt.date, end: dt.date) -> list[AgendaItem]:
    return [i for i in agenda(user, start, end) if i.kind == "experiment"]


def test_every_planned_day_in_the_window_has_its_assignment_and_a_private_title_without_the_therapy(
    alice: User,
) -> None:
    experiment = started(alice, days_ago=2)
    today = local_today(alice)
    items = _items(alice, today - dt.timedelta(days=10), today + dt.timedelta(days=3))
    assert [i.day for i in items] == [today + dt.timedelta(days=n) for n in range(-2, 4)]
    for item in items:
        condition = services.assignment_for(experiment=experiment, day=item.day).condition  # type: ignore[union-attr]
        assert item.title.startswith(f"Experiment: {condition} - ")
        assert item.private_title == f"Painwise: experiment day {condition}"
        assert "heat" not in item.private_title.lower()
        assert item.sensitive
    assert len({i.key for i in items}) == len(items)


def test_a_tap_marks_the_day_done_or_skipped(alice: User) -> None:
    experiment = started(alice, days_ago=1)
    today = local_today(alice)
    services.log_adherence(experiment=experiment, followed=True, day=today - dt.timedelta(days=1))
    services.log_adherence(experiment=experiment, followed=False, day=today)
    statuses = [i.status for i in _items(alice, today - dt.timedelta(days=1), today + dt.timedelta(days=1))]
    assert statuses == ["done", "skipped", "due"]


def test_nothing_after_the_planned_end_while_paused_or_for_another_person(alice: User, bob: User) -> None:
    experiment = started(alice, days_ago=0)
    today = local_today(alice)
    end = services.end_date(experiment)
    assert end is not None
    assert _items(alice, end + dt.timedelta(days=1), end + dt.timedelta(days=5)) == []
    assert _items(bob, today, today + dt.timedelta(days=5)) == []
    services.set_status(experiment=experiment, status="paused")
    assert _items(alice, today, today + dt.timedelta(days=5)) == []
