"""The plan's services: goals, parts and their schedules, ticks, what is due (agenda sources), reminders
and the calendar feed's token.

Dates are the person's local days (``painwise.accounts.services.local_today``); times of day are local too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from painwise.accounts.services import local_today, user_zone
from painwise.core.hooks import AgendaItem, agenda, unnamed_keys
from painwise.plan.choices import choices_for, kinds, private_title_for
from painwise.plan.models import CalendarFeed, Goal, PlanPart, PlanTick, ReminderSent, ReminderSettings

if TYPE_CHECKING:
    from painwise.core.types import User


logger = logging.getLogger(__name__)

MAX_EVERY_DAYS = 365
PART_FIELDS = ("kind", "choice", "schedule", "weekdays", "every_days", "time_of_day", "suggested_by",
               "start_date", "end_date", "note")
PLAN_KEY = "plan"
FEED_PREFIX = "cal_"


# ---------------------------------------------------------------- goals


@transaction.atomic
def add_goal(*, user: User, text: str) -> Goal:
    """A goal in the person's own words (1-300 characters)."""
    goal = Goal(user=user, text=(text or "").strip())
    if not goal.text:
        raise ValidationError({"text": gettext("Write the goal in your own words, for example 'walk to the shop'.")})
    goal.full_clean(exclude=["user"])
    goal.save()
    return goal


def delete_goal(*, goal: Goal) -> None:
    goal.delete()


# ---------------------------------------------------------------- parts and schedules


def _clean_weekdays(value: Any) -> str:
    """'0,2,4', '024', [0, 2, 4] -> '024' (0 = Monday); ValidationError naming ``weekdays`` otherwise."""
    items = value if isinstance(value, list | tuple | set) else [c for c in str(value or "") if c not in ", "]
    try:
        days = sorted({int(d) for d in items})
    except (TypeError, ValueError):
        raise ValidationError({"weekdays": gettext("Days of the week are numbers 0 (Monday) to 6 (Sunday).")}) from None
    if any(d < 0 or d > 6 for d in days):
        raise ValidationError({"weekdays": gettext("Days of the week are numbers 0 (Monday) to 6 (Sunday).")})
    return "".join(str(d) for d in days)


def _check_schedule(part: PlanPart) -> None:
    if part.schedule == PlanPart.Schedule.WEEKDAYS:
        if not part.weekdays:
            raise ValidationError({"weekdays": gettext("Choose at least one day of the week.")})
        part.every_days = None
    elif part.schedule == PlanPart.Schedule.EVERY:
        if part.every_days is None or not 1 <= part.every_days <= MAX_EVERY_DAYS:
            raise ValidationError(
                {"every_days": gettext("Every 1 to %(MAX_EVERY_DAYS)s days.") % {"MAX_EVERY_DAYS": MAX_EVERY_DAYS}}
            )
        part.weekdays = ""
        part.start_date = part.start_date or local_today(part.user)  # every N days counts from here
    else:
        raise ValidationError({"schedule": gettext("Either 'weekdays' or 'every'.")})
    if part.start_date and part.end_date and part.end_date < part.start_date:
        raise ValidationError({"end_date": gettext("The end comes before the start.")})


def _check_choice(part: PlanPart) -> None:
    offered = kinds()
    if part.kind not in offered:
        raise ValidationError(
            {
                "kind": gettext("Unknown kind %(kind)s; one of: %(join)s.")
                % {"kind": repr(part.kind), "join": ", ".join(offered)}
            }
        )
    found = next((c for c in choices_for(user=part.user, kind=part.kind) if c.value == str(part.choice)), None)
    if found is None:
        what = {"medication": "medication on your list", "therapy": "therapy in the catalog",
                "questionnaire": "questionnaire"}.get(part.kind, part.kind)
        raise ValidationError(
            {"choice": gettext("No %(what)s %(choice)s to choose.") % {"what": what, "choice": repr(part.choice)}}
        )
    part.choice, part.label, part.url, part.sensitive = found.value, found.label, found.url, found.sensitive


def _assign(part: PlanPart, values: dict[str, Any]) -> None:
    unknown = set(values) - set(PART_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a field of a plan part."))
    for name, value in values.items():
        if name == "weekdays":
            value = _clean_weekdays(value)
        elif name == "note":
            value = (value or "").strip()
        setattr(part, name, value)


def prepare_part(*, user: User, values: dict[str, Any], part: PlanPart | None = None) -> PlanPart:
    """A validated, unsaved part (ValidationError naming the field when something is wrong)."""
    part = part or PlanPart(user=user)
    _assign(part, values)
    _check_choice(part)
    _check_schedule(part)
    part.full_clean(exclude=["user"])
    return part


@transaction.atomic
def add_part(*, user: User, values: dict[str, Any]) -> PlanPart:
    """Add a part: ``kind``, ``choice`` (a value offered for that kind), a schedule (``weekdays`` or every
    ``every_days`` days from ``start_date``), optional ``time_of_day``, ``suggested_by``, start, end, note."""
    part = prepare_part(user=user, values=values)
    part.save()
    return part


@transaction.atomic
def update_part(*, part: PlanPart, values: dict[str, Any]) -> PlanPart:
    fresh = PlanPart.objects.get(pk=part.pk)  # a refused change leaves the caller's object as it was stored
    prepare_part(user=part.user, values=values, part=fresh)
    fresh.save()
    return fresh


def delete_part(*, part: PlanPart) -> None:
    part.delete()


def parts_of(*, user: User) -> list[PlanPart]:
    return list(PlanPart.objects.filter(user=user))


# The non-drug parts a plan can hold for pain: shown beside a substance (the kratom page) so the rest of the plan
# stays in view.
SUPPORT_THERAPIES = ("physiotherapy", "exercise", "cbt_practice")


def support_parts(*, user: User) -> list[tuple[PlanPart, str]]:
    """The person's plan parts for physiotherapy, exercise and CBT skills, each with its schedule in words."""
    return [(part, schedule_words(part)) for part in parts_of(user=user)
            if part.kind == "therapy" and part.choice in SUPPORT_THERAPIES]


def is_due(part: PlanPart, day: dt.date) -> bool:
    """Whether the part's schedule holds ``day`` (within its start and end)."""
    if (part.start_date and day < part.start_date) or (part.end_date and day > part.end_date):
        return False
    if part.schedule == PlanPart.Schedule.EVERY:
        anchor = part.start_date or part.created_at.date()
        return bool(part.every_days) and (day - anchor).days % int(part.every_days or 1) == 0
    return str(day.weekday()) in part.weekdays


def schedule_words(part: PlanPart) -> str:
    """'Mon, Wed, Fri at 08:00' or 'every 3 days from 01 Dec 2026', in the person's language (whole phrases with
    named values; weekday and month names from Django's translated date names)."""
    values: dict[str, object] = {"time": f"{part.time_of_day:%H:%M}" if part.time_of_day else ""}
    if part.schedule == PlanPart.Schedule.EVERY:
        count = part.every_days or 1
        values |= {"count": count, "start": date_words(part.start_date) if part.start_date else ""}
        if part.start_date and part.time_of_day:
            words = ngettext("every day from %(start)s at %(time)s", "every %(count)s days from %(start)s at %(time)s",
                             count)
        elif part.start_date:
            words = ngettext("every day from %(start)s", "every %(count)s days from %(start)s", count)
        elif part.time_of_day:
            words = ngettext("every day at %(time)s", "every %(count)s days at %(time)s", count)
        else:
            words = ngettext("every day", "every %(count)s days", count)
        return words % values
    if part.weekdays == "0123456":
        return (gettext("every day at %(time)s") if part.time_of_day else gettext("every day")) % values
    values["days"] = ", ".join(str(WEEKDAYS_ABBR[int(d)]) for d in part.weekdays)
    return (gettext("%(days)s at %(time)s") if part.time_of_day else gettext("%(days)s")) % values


def date_words(day: dt.date) -> str:
    """'01 Dec 2026' with the month's abbreviation in the person's language (strftime's %b is always English)."""
    return date_format(day, "d M Y")


def dates_words(part: PlanPart) -> str:
    """'from 01 Dec 2026 until 31 Dec 2026', 'from ...', 'until ...' or '' for a part without dates."""
    values = {"start": date_words(part.start_date) if part.start_date else "",
              "end": date_words(part.end_date) if part.end_date else ""}
    if part.start_date and part.end_date:
        return gettext("from %(start)s until %(end)s") % values
    if part.start_date:
        return gettext("from %(start)s") % values
    if part.end_date:
        return gettext("until %(end)s") % values
    return ""


# ---------------------------------------------------------------- ticks


def item_key(part: PlanPart, day: dt.date) -> str:
    return f"{PLAN_KEY}:{part.pk}:{day.isoformat()}"


@transaction.atomic
def record_tick(*, part: PlanPart, status: str, day: dt.date | None = None, reason: str = "",
                log_dose: bool = False) -> PlanTick:
    """Mark one day of a part done, partly done or skipped (with a reason). Idempotent: tapping again on the
    same day changes that day's tick. ``log_dose`` (medication parts only, when the person asked for it) also
    logs the medication's usual dose in the diary through the therapies front door."""
    day = day or local_today(part.user)
    if status not in PlanTick.Status.values:
        raise ValidationError({"status": gettext("One of done, partly, skipped.")})
    if day > local_today(part.user) + dt.timedelta(days=1):
        raise ValidationError({"day": gettext("A day in the future cannot be ticked yet.")})
    tick, _ = PlanTick.objects.get_or_create(
        part=part, day=day, defaults={"status": status})
    tick.status = status
    tick.reason = (reason or "").strip() if status != PlanTick.Status.DONE else ""
    tick.full_clean()
    tick.save()
    if log_dose:
        _log_dose(part, day)
    return tick


def _log_dose(part: PlanPart, day: dt.date) -> None:
    from painwise.therapies.access import get_medication_for_user
    from painwise.therapies.services import log_entry

    if part.kind != "medication":
        raise ValidationError({"log_dose": gettext("Only a medication part logs a dose.")})
    medication = get_medication_for_user(part.user, part.choice)
    if day == local_today(part.user):
        taken_at = timezone.now()
    else:
        local_time = part.time_of_day or dt.time(12)
        taken_at = dt.datetime.combine(day, local_time, tzinfo=user_zone(part.user))
    log_entry(user=part.user, values={"modality": "medication", "medication": medication, "taken_at": taken_at,
                                      "amount": medication.dose, "unit": medication.unit})


# ---------------------------------------------------------------- agenda sources


def _days(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    for offset in range((end - start).days + 1):  # never steps past ``end`` (no overflow at 9999-12-31)
        yield start + dt.timedelta(days=offset)


def plan_agenda(user: User, start: dt.date, end: dt.date) -> list[AgendaItem]:
    """Every part due from ``start`` to ``end``, with the day's tick as its status."""
    if not getattr(user, "is_authenticated", False):
        return []
    parts = parts_of(user=user)
    if not parts:
        return []
    ticks = {(t.part_id, t.day): t.status for t in PlanTick.objects.filter(part__user=user, day__range=(start, end))}
    logged = _logged_days(user, parts, start, min(end, local_today(user)))
    home = reverse("plan:index")
    return [
        AgendaItem(key=item_key(part, day), day=day, kind=part.kind, title=str(part.label), url=part.url or home,
                   private_title=private_title_for(part.kind), time=part.time_of_day,
                   sensitive=part.sensitive,
                   status=ticks.get((part.pk, day)) or ("done" if (part.pk, day) in logged else "due"))
        for part in parts for day in _days(start, end) if is_due(part, day)
    ]


def _logged_days(user: User, parts: list[PlanPart], start: dt.date, end: dt.date) -> set[tuple[int, dt.date]]:
    """(part id, day) for each day something the part counts as (its choice's ``logged_as``) was logged: a
    therapy entry of its modality, a dose of its medication, or the check-in. Such a day shows done without a tick
    and is not reminded."""
    if end < start:
        return set()
    wanted = {}
    for kind in {part.kind for part in parts}:
        counts_as = {c.value: c.logged_as for c in choices_for(user=user, kind=kind) if c.logged_as}
        wanted.update({part.pk: counts_as[str(part.choice)] for part in parts
                       if part.kind == kind and str(part.choice) in counts_as})
    if not wanted:
        return set()
    from painwise.diary.services import checkins_between
    from painwise.therapies.services import entries_between

    done: dict[str, set[dt.date]] = {}
    for entry in entries_between(user=user, start=start, end=end):
        done.setdefault(str(entry.modality), set()).add(entry.day)
        if entry.medication_id is not None:
            done.setdefault(f"medication:{entry.medication_id}", set()).add(entry.day)
    if "checkin" in wanted.values():
        done["checkin"] = {c.day for c in checkins_between(user=user, start=start, end=end)}
    return {(part_id, day) for part_id, counts_as in wanted.items() for day in done.get(counts_as, ())}


def questionnaire_agenda(user: User, start: dt.date, end: dt.date) -> list[AgendaItem]:
    """Questionnaires due by their schedules (painwise.instruments): an overdue one shows on ``start``."""
    from painwise.instruments.services import all_instruments, schedules_for

    if not getattr(user, "is_authenticated", False):
        return []
    instruments = all_instruments()
    items = []
    for schedule in schedules_for(user=user):
        instrument = instruments.get(str(schedule.instrument))
        if not schedule.enabled or instrument is None:
            continue
        day = max(schedule.next_due, start)
        while day <= end:
            items.append(AgendaItem(
                key=f"questionnaire:{instrument.id}:{day.isoformat()}", day=day, kind="questionnaire",
                title=instrument.name, url=reverse("instruments:fill", args=[instrument.id]),
                private_title=private_title_for("questionnaire"), sensitive=True))
            try:
                day = schedule.next_due + dt.timedelta(
                    days=((day - schedule.next_due).days // schedule.every_days + 1) * schedule.every_days)
            except OverflowError:
                break
    return items


def today_items(*, user: User, today: dt.date | None = None) -> list[AgendaItem]:
    today = today or local_today(user)
    return agenda(user, today, today)


def part_id_of(key: str) -> int | None:
    """The plan part an agenda key belongs to (None for other domains' items)."""
    head, _, rest = key.partition(":")
    part_id = rest.split(":", 1)[0]
    return int(part_id) if head == PLAN_KEY and part_id.isdigit() else None


# ---------------------------------------------------------------- reminders


def reminder_settings(*, user: User) -> ReminderSettings:
    found = ReminderSettings.objects.filter(user=user).first()
    return found or ReminderSettings(user=user)


@transaction.atomic
def update_reminder_settings(*, user: User, values: dict[str, Any]) -> ReminderSettings:
    """Change ``email`` (bool), ``remind_at`` (local time) and ``show_names`` (bool)."""
    unknown = set(values) - {"email", "remind_at", "show_names"}
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a reminder setting."))
    row = reminder_settings(user=user)
    for name, value in values.items():
        setattr(row, name, value)
    if row.email and not getattr(settings, "EMAIL_CONFIGURED", False):
        raise ValidationError({"email": gettext("This server cannot send e-mail (PAINWISE_EMAIL_URL is not set).")})
    if row.email and not user.email:
        raise ValidationError({"email": gettext("Your account has no e-mail address.")})
    row.full_clean(exclude=["user"])
    row.save()
    return row


def email_possible(user: User) -> bool:
    """Whether e-mail reminders can reach this person: the server sends e-mail and they have an address."""
    return bool(getattr(settings, "EMAIL_CONFIGURED", False) and user.email)


def reminder_text(items: list[AgendaItem], *, show_names: bool, unnamed: AbstractSet[str] = frozenset()) -> str:
    """One line for a notification, in the active language: names only when allowed and nothing sensitive
    otherwise. Items in ``unnamed`` (``core.hooks.unnamed_keys``: the trauma track's) are never named, only
    counted."""
    named = [i.title for i in items if i.key not in unnamed] if show_names else []
    if named:
        rest = len(items) - len(named)
        names = "; ".join(named)
        if rest:
            return ngettext("Painwise: %(names)s; %(count)s more due", "Painwise: %(names)s; %(count)s more due",
                            rest) % {"names": names, "count": rest}
        return gettext("Painwise: %(names)s") % {"names": names}
    if len(items) == 1:
        return items[0].private_title
    return ngettext("Painwise: %(count)s item due", "Painwise: %(count)s items due", len(items)) % {
        "count": len(items)}


def _reminder_due(item: AgendaItem, row: ReminderSettings, now_local: dt.datetime) -> bool:
    remind_at = item.time or row.remind_at
    if isinstance(remind_at, str):
        remind_at = dt.time.fromisoformat(remind_at)
    return item.status == "due" and now_local.time() >= remind_at


def _claim(user: User, items: list[AgendaItem]) -> list[tuple[AgendaItem, ReminderSent]]:
    """The items whose reminder this call is the first to claim (the unique key refuses every other), each with
    its claim.

    All in one transaction, in key order: a second worker waits on the first's uncommitted rows and then
    finds every one taken, so one person's due items go out in one e-mail, never split or doubled."""
    claimed = []
    with transaction.atomic():
        for item in sorted(items, key=lambda i: i.key):
            try:
                with transaction.atomic():
                    row = ReminderSent.objects.create(user=user, key=item.key)
            except IntegrityError:
                continue
            claimed.append((item, row))
    return claimed


def send_reminders_for(*, user: User, now: dt.datetime | None = None) -> list[AgendaItem]:
    """E-mail the person's items due by now (local time) that were not reminded yet; the items sent.

    Each item is claimed before the e-mail goes out, so two workers never send it twice. A failed delivery is
    logged and its claims released, so the next run of the job (every 15 minutes) tries again, for as long as
    the items are due that day."""
    row = reminder_settings(user=user)
    if not (row.pk and row.email and user.email and getattr(settings, "EMAIL_CONFIGURED", False)):
        return []
    now_local = (now or timezone.now()).astimezone(user_zone(user))
    due = [i for i in agenda(user, now_local.date(), now_local.date()) if _reminder_due(i, row, now_local)]
    claims = _claim(user, due)
    claimed = [item for item, _ in claims]
    if claimed:
        text = reminder_text(claimed, show_names=row.show_names, unnamed=unnamed_keys(user, claimed))
        body = text + "\n\n" + gettext("Open Painwise to see today's list and tick it off.") + "\n"
        try:
            send_mail(text, body, None, [user.email])
        except Exception:
            logger.exception("A reminder e-mail could not be sent; it is tried again on the next run")
            ReminderSent.objects.filter(pk__in=[claim.pk for _, claim in claims]).delete()
            return []
    return claimed


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Send every person's due reminders (the periodic job); the number of items reminded.

    The worker serves no request, so no person's language is known: reminders are written in the site's
    language (``LANGUAGE_CODE``); Painwise stores no language per person."""
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for row in ReminderSettings.objects.filter(email=True).select_related("user"):
            sent += len(send_reminders_for(user=row.user, now=now))
    return sent


# ---------------------------------------------------------------- calendar feed token


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def new_feed_token(*, user: User) -> str:
    """A new secret feed token (shown once); any earlier feed URL stops working."""
    token = FEED_PREFIX + secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": _hash(token)})
    return token


def revoke_feed(*, user: User) -> bool:
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


def has_feed(*, user: User) -> bool:
    return CalendarFeed.objects.filter(user=user).exists()


def user_for_feed_token(token: str) -> Any | None:
    """The person whose feed ``token`` opens, or None (unknown, regenerated or revoked)."""
    if not token.startswith(FEED_PREFIX) or len(token) > 100:
        return None
    feed = CalendarFeed.objects.filter(token_hash=_hash(token)).select_related("user").first()
    return feed.user if feed and feed.user.is_active else None
