"""The agenda registry: every source's items for a person, in a window, in a stable order."""

from __future__ import annotations

import datetime as dt

import pytest

from painwise.core import hooks
from painwise.core.hooks import AgendaItem
from painwise.core.types import User

DAY = dt.date(2026, 11, 28)


@pytest.fixture
def sources(monkeypatch: pytest.MonkeyPatch) -> list[hooks.AgendaSource]:
    monkeypatch.setattr(hooks.registry, "agenda_sources", [])
    return hooks.registry.agenda_sources


@pytest.fixture
def person() -> User:
    # Never saved: the sources here ignore who asks, so no database is needed.
    return User(username="agenda")


def _item(key: str, day: dt.date = DAY, time: dt.time | None = None, title: str = "x") -> AgendaItem:
    return AgendaItem(key=key, day=day, kind="test", title=title, url="/", time=time)


def test_agenda_merges_sources_sorted_and_drops_days_outside_the_window(
    sources: list[hooks.AgendaSource], person: User
) -> None:
    hooks.add_agenda_source(lambda user, start, end: [_item("late", time=dt.time(20)),
                                                      _item("next", DAY + dt.timedelta(1))])
    hooks.add_agenda_source(lambda user, start, end: [_item("early", time=dt.time(8)), _item("untimed"),
                                                      _item("before", DAY - dt.timedelta(1))])
    keys = [i.key for i in hooks.agenda(person, DAY, DAY)]
    assert keys == ["untimed", "early", "late"]
    assert [i.key for i in hooks.agenda(person, DAY, DAY + dt.timedelta(1))][-1] == "next"


def test_a_source_is_registered_once(sources: list[hooks.AgendaSource], person: User) -> None:
    def source(user: User, start: dt.date, end: dt.date) -> list[AgendaItem]:
        return [_item("a")]

    hooks.add_agenda_source(source)
    hooks.add_agenda_source(source)
    assert len(hooks.agenda(person, DAY, DAY)) == 1


def test_private_title_never_names_the_item_by_default() -> None:
    item = AgendaItem(key="k", day=DAY, kind="programme", title="Dilator session", url="/", sensitive=True)
    assert "Dilator" not in item.private_title
