"""Small registries through which domains plug into shared pages without editing them.

- ``nav_items``: (label, url name) shown in the top navigation, in registration order.
- ``home_panels``: callables ``(request) -> (template_name, context) | None`` rendered on the home page.
- ``entry_checks``: callables ``(entry) -> list[Notice]`` run after a therapy entry is saved.
- ``entries_checks``: entry check -> its many-entries form ``(entries) -> list[Notice]``, run once
  instead of the entry check per entry when many entries are stored together (an import). Register
  one for any check that queries the person's records (the one-entry check can be that form called
  with ``[entry]``); an entry check without one is run for each entry.
- ``medication_checks``: callables ``(medication) -> list[Notice]`` run after a medication is saved.
- ``diary_checks``: callables ``(check-in or pain episode) -> list[Notice]`` run after either is saved; the
  notices ride on the saved object (``notices_of(obj)``) so the diary services keep their return types.
- ``exporters``: format name -> callable ``(user) -> (bytes, content_type, file_extension)``.
- ``exchange_sections``: JSON key -> ``painwise.exchange.sections.Section``: a kind of record a domain
  adds to Painwise JSON/CSV export, import and account deletion checks (see ``add_exchange_section``).
- ``agenda_sources``: callables ``(user, start, end) -> Iterable[AgendaItem]``: what is due for a person on
  each day from ``start`` to ``end`` inclusive (questionnaires, experiment assignments, plan parts, programme
  sessions). The plan's today list, reminders and calendar feed are built from every source (``agenda``).
- ``never_named``: callables ``(user) -> (item -> bool)``: which of a person's agenda items reminders and the
  calendar feed never name, even when the person allows names (``unnamed_keys``): the trauma track's.
- ``plan_choices``: part kind -> callable ``(user) -> list[PlanChoice]``: what a domain offers to the plan
  builder (programmes, tracks), so the plan needs no import of that domain.
- ``outcome_sources``: callables ``(user) -> Iterable[OutcomeSeries]``: daily outcomes other than the
  check-in's that a domain adds to "What helps me" for this person (``outcome_series``); a source returns
  nothing for people who have not turned its feature on.
- ``settings_panels``: callables ``(request) -> (template_name, context) | None`` shown on the account
  settings page, like ``home_panels``.
- ``history_panels``: callables ``(request, start, end) -> (template_name, context) | None`` shown on the
  history page for the days ``start`` to ``end`` it shows (a programme's progress in that month).
- ``after_data_change``: callables ``(user_id) -> None`` run after the commit of any write to a person's rows
  (see ``painwise.core.datacache``), e.g. to queue a recomputation of what is derived from them.
- ``after_many_changes``: callables ``(user_id) -> None`` run after those, when many rows were written at once
  (an import, ``datacache.writing_many``), e.g. to work out at once what a person will look at next.

Register from your AppConfig.ready(). Notices are shown at once in the browser and returned by the API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from painwise.core.types import User


Level = Literal["info", "caution", "serious"]


@dataclass(frozen=True)
class Notice:
    """Something a person must see right after saving (an interaction warning, a safety prompt)."""

    level: Level
    title: str
    body: str
    sources: tuple[str, ...] = ()
    link: str = ""
    code: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AgendaItem:
    """One thing due for a person on one day.

    ``key`` is stable and unique per person (for example ``"questionnaire:peg:2026-11-28"``): reminders are
    sent once per key and calendar events use it as their UID. ``title`` may name something sensitive
    (a dilator session); ``private_title`` is what a notification or calendar shows when the person has not
    allowed names ("Painwise: 1 session due"). ``status`` is ``due``, ``done``, ``partly`` or ``skipped``.
    """

    key: str
    day: dt.date
    kind: str
    title: str
    url: str
    private_title: str = "Painwise: 1 item due"
    time: dt.time | None = None
    sensitive: bool = False
    status: str = "due"


@dataclass(frozen=True)
class PlanChoice:
    """Something a domain offers the plan builder: ``value`` is stored in the plan part, ``url`` opens it.

    ``logged_as`` says what logged elsewhere counts as doing it that day, so the today list shows it done and no
    reminder goes out for it: a therapy modality (``"dilator"``), ``"medication:<id>"`` or ``"checkin"``.
    """

    value: str
    label: str
    url: str = ""
    sensitive: bool = False
    logged_as: str = ""


@dataclass(frozen=True)
class OutcomeSeries:
    """A daily outcome a domain adds to "What helps me": one value per local day on its own scale.

    ``name`` is unique across Painwise (prefix it with the domain); ``meaningful_points`` is the smallest
    difference worth a finding on this scale, or None for the person's own choice (made for 0–10 ratings).
    ``sensitive`` outcomes are never shown outside the person's own pages.
    """

    name: str
    label: str
    values: dict[dt.date, float]
    scale_min: float = 0.0
    scale_max: float = 10.0
    higher_is_better: bool = False
    meaningful_points: float | None = None
    sensitive: bool = False


@dataclass(frozen=True)
class CheckinSection:
    """Optional questions a domain adds inside the check-in form (the trauma track's daily items).

    ``form(user, day, data)`` returns the section's form (bound when ``data`` is given, with the day's saved
    answers as initial values), or None when the person does not have the feature on; ``save(user, day, form)``
    stores a valid form's answers for the day (raising ValidationError naming the field). The check-in and
    every section are saved in one transaction, so nothing is half-saved. ``template`` renders the section
    with ``section_form`` in its context; use a form prefix so field names never clash with the check-in's.
    ``replaces_notices`` are the codes of the domain's own diary-check notices that point to these questions
    elsewhere: they are not shown after a check-in saved from a form that held the section (it asked already).
    """

    template: str
    form: Callable[[Any, dt.date, Any], Any]
    save: Callable[[Any, dt.date, Any], None]
    replaces_notices: tuple[str, ...] = ()


OutcomeSource = Callable[[Any], Iterable[OutcomeSeries]]
AgendaSource = Callable[[Any, dt.date, dt.date], Iterable[AgendaItem]]


@dataclass
class Registry:
    nav_items: list[tuple[str | Promise, str]] = field(default_factory=list)
    home_panels: list[Callable[[Any], tuple[str, dict[str, Any]] | None]] = field(default_factory=list)
    entry_checks: list[Callable[[Any], list[Notice]]] = field(default_factory=list)
    entries_checks: dict[Callable[[Any], list[Notice]], Callable[[list[Any]], list[Notice]]] = field(
        default_factory=dict)
    medication_checks: list[Callable[[Any], list[Notice]]] = field(default_factory=list)
    diary_checks: list[Callable[[Any], list[Notice]]] = field(default_factory=list)
    exporters: dict[str, Callable[[Any], tuple[bytes, str, str]]] = field(default_factory=dict)
    exchange_sections: dict[str, Any] = field(default_factory=dict)
    agenda_sources: list[AgendaSource] = field(default_factory=list)
    never_named: list[Callable[[Any], Callable[[AgendaItem], bool]]] = field(default_factory=list)
    plan_choices: dict[str, Callable[[Any], list[PlanChoice]]] = field(default_factory=dict)
    outcome_sources: list[OutcomeSource] = field(default_factory=list)
    settings_panels: list[Callable[[Any], tuple[str, dict[str, Any]] | None]] = field(default_factory=list)
    history_panels: list[Callable[[Any, dt.date, dt.date], tuple[str, dict[str, Any]] | None]] = field(
        default_factory=list)
    checkin_sections: list[CheckinSection] = field(default_factory=list)
    after_data_change: list[Callable[[int], None]] = field(default_factory=list)
    after_many_changes: list[Callable[[int], None]] = field(default_factory=list)


registry = Registry()


def add_after_data_change(callback: Callable[[int], None]) -> None:
    if callback not in registry.after_data_change:
        registry.after_data_change.append(callback)


def add_after_many_changes(callback: Callable[[int], None]) -> None:
    if callback not in registry.after_many_changes:
        registry.after_many_changes.append(callback)


def add_agenda_source(source: AgendaSource) -> None:
    if source not in registry.agenda_sources:
        registry.agenda_sources.append(source)


def agenda(user: User, start: dt.date, end: dt.date) -> list[AgendaItem]:
    """Every item due for ``user`` from ``start`` to ``end`` (inclusive), by day, time (untimed first), title."""
    items = [item for source in registry.agenda_sources for item in source(user, start, end)
             if start <= item.day <= end]
    return sorted(items, key=lambda i: (i.day, i.time is not None, i.time or dt.time(), i.title))


def add_never_named(rule: Callable[[Any], Callable[[AgendaItem], bool]]) -> None:
    if rule not in registry.never_named:
        registry.never_named.append(rule)


def unnamed_keys(user: User, items: Iterable[AgendaItem]) -> set[str]:
    """Keys of the items no reminder or calendar event may name, even when the person allows names; those show
    their ``private_title`` ("Painwise: 1 questionnaire due")."""
    items = list(items)
    if not items or not registry.never_named:
        return set()
    rules = [rule(user) for rule in registry.never_named]
    return {item.key for item in items if any(hidden(item) for hidden in rules)}


def add_outcome_source(source: OutcomeSource) -> None:
    if source not in registry.outcome_sources:
        registry.outcome_sources.append(source)


def outcome_series(user: User) -> list[OutcomeSeries]:
    """Every extra outcome the domains offer for ``user``, in registration order (names must not repeat)."""
    return [series for source in registry.outcome_sources for series in source(user)]


def add_nav_item(label: str | Promise, url_name: str) -> None:
    if (label, url_name) not in registry.nav_items:
        registry.nav_items.append((label, url_name))


def add_exchange_section(section: Any) -> None:
    """Register a ``painwise.exchange.sections.Section`` (once per JSON key; the last one wins)."""
    registry.exchange_sections[section.key] = section


def run_checks(checks: list[Callable[[Any], list[Notice]]], obj: Any) -> list[Notice]:
    """Every notice from every registered check, most serious first; a check never hides another's."""
    return most_serious_first(n for check in checks for n in check(obj))


def run_entry_checks(entries: list[Any]) -> list[Notice]:
    """Every entry check over many just-saved entries: its many-entries form once, else per entry."""
    notices = []
    for check in registry.entry_checks:
        many = registry.entries_checks.get(check)
        notices += many(entries) if many else [n for entry in entries for n in check(entry)]
    return most_serious_first(notices)


def most_serious_first(notices: Iterable[Notice]) -> list[Notice]:
    """Notices without repeats (the first of equal ones kept), serious before caution before info."""
    order = {"serious": 0, "caution": 1, "info": 2}
    return sorted(dict.fromkeys(notices), key=lambda n: order[n.level])


def attach_notices(obj: Any, notices: list[Notice]) -> None:
    """Keep the notices a save raised on the saved object, for the view, API or CLI to show."""
    obj.__dict__["_painwise_notices"] = notices


def notices_of(obj: Any) -> list[Notice]:
    """The notices attached by the last save of ``obj`` (empty when none, or when loaded fresh)."""
    notices: list[Notice] = obj.__dict__.get("_painwise_notices", [])
    return notices
