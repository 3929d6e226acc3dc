from __future__ import annotations

import datetime as dt
import functools
import hashlib
from pathlib import Path
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from painwise.accounts.services import local_today, profile_of
from painwise.core import datacache
from painwise.core.charts import chart_size
from painwise.core.forms import apply_errors
from painwise.core.hooks import CheckinSection, notices_of, registry
from painwise.core.types import AuthedRequest, User
from painwise.core.versioning import EditConflictError, describe_conflicts, with_changes
from painwise.core.views import history_panels, home_panels, show_notices
from painwise.diary import services
from painwise.diary.access import get_checkin_for_user, get_episode_for_user
from painwise.diary.forms import CheckInForm, EpisodeForm, checkin_initial, episode_initial, new_episode_initial
from painwise.diary.history import (
    RANGES,
    by_day,
    first_day,
    load_history,
    load_month,
    month_of,
    pain_chart_svg,
)
from painwise.diary.models import CheckIn, PainEpisode

# Labels of the conflict box for values the forms spread over several inputs.
CONFLICT_LABELS = {"regions": "Where it hurts"}


def home(request: HttpRequest) -> HttpResponse:
    """The home page: today's check-in (the diary's part) and the panels other domains contribute."""
    context: dict[str, object] = {"panels": home_panels(request)}
    if request.user.is_authenticated:
        context["today"] = services.checkin_for_day(user=request.user, day=local_today(request.user))
    return render(request, "home.html", context)


def _checkin_base(checkin: CheckIn) -> dict[str, object]:
    return {name: getattr(checkin, name) for name in services.CHECKIN_FIELDS}


def _episode_base(episode: PainEpisode) -> dict[str, object]:
    return {name: getattr(episode, name) for name in services.EPISODE_FIELDS}


def _parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Http404 from None


@login_required
def checkin_today(request: AuthedRequest) -> HttpResponse:
    return redirect("diary:checkin", day=local_today(request.user).isoformat())


class _SectionInvalidError(Exception):
    """A check-in section's answers were refused: its form shows why, and the check-in is rolled back."""


def _sections(request: HttpRequest, day: dt.date) -> list[tuple[CheckinSection, Any]]:
    """The optional sections other domains add to this person's check-in form, each with its form."""
    data = request.POST if request.method == "POST" else None
    found = [(section, section.form(request.user, day, data)) for section in registry.checkin_sections]
    return [(section, form) for section, form in found if form is not None]


def _save_sections(request: HttpRequest, day: dt.date, sections: list[tuple[CheckinSection, Any]]) -> None:
    for section, form in sections:
        try:
            section.save(request.user, day, form)
        except ValidationError as exc:
            apply_errors(form, exc)
            raise _SectionInvalidError from exc


@login_required
def checkin(request: AuthedRequest, day: str) -> HttpResponse:
    the_day = _parse_day(day)
    existing = services.checkin_for_day(user=request.user, day=the_day)
    asked_same = "same" in request.GET and existing is None
    copied_from = services.previous_checkin(user=request.user, day=the_day) if asked_same else None
    if existing is not None:
        initial = checkin_initial(existing)
    elif asked_same:
        initial = services.same_as_yesterday(user=request.user, day=the_day)
    else:
        initial = {}
    # "Same as yesterday" says so honestly when there is nothing to copy (no check-in in the week before).
    prefilled = asked_same and bool(initial)
    nothing_to_copy = asked_same and not initial
    track_cycle = profile_of(request.user).track_cycle
    form = CheckInForm(request.POST or None, initial=initial, track_cycle=track_cycle)
    if existing is not None and request.method != "POST":
        form.guard(existing, _checkin_base(existing))
    conflicts: list[dict[str, str]] = []
    sections = _sections(request, the_day)
    checked = [f.is_valid() for _, f in sections]  # every form, so each shows its errors
    sections_valid = all(checked)
    if request.method == "POST" and form.is_valid() and sections_valid:
        try:
            with transaction.atomic():
                if existing is None:
                    saved = services.record_checkin(user=request.user, day=the_day, values=form.values())
                else:
                    version, base = form.edit_basis()
                    changes = form.changes(form.values())
                    saved = services.update_checkin(checkin=existing, values=changes, version=version, base=base)
                _save_sections(request, the_day, sections)
        except _SectionInvalidError:
            pass
        except ValidationError as exc:
            apply_errors(form, exc)
        except EditConflictError as exc:
            conflicts = describe_conflicts(exc, form, CONFLICT_LABELS)
            existing = cast(CheckIn, exc.record)  # the conflict is about the check-in being edited
            form = CheckInForm(initial=checkin_initial(with_changes(existing, changes, changes)),
                               track_cycle=track_cycle)
            form.guard(existing, _checkin_base(existing))
        else:
            messages.success(
                request, gettext("Saved your check-in for %(the_day)s.") % {"the_day": format(the_day, "%A %d %B")}
            )
            asked = {code for section, _ in sections for code in section.replaces_notices}
            show_notices(request, [n for n in notices_of(saved) if n.code not in asked])
            return redirect("home")
    context = {
        "form": form, "day": the_day, "existing": existing, "prefilled": prefilled, "conflicts": conflicts,
        "copied_from": copied_from, "nothing_to_copy": nothing_to_copy,
        "previous_day": the_day - dt.timedelta(days=1), "next_day": the_day + dt.timedelta(days=1),
        "can_go_forward": the_day < local_today(request.user), "sections": sections,
    }
    invalid = form.errors or any(f.errors for _, f in sections)
    return render(request, "diary/checkin.html", context, status=409 if conflicts else 422 if invalid else 200)


@login_required
@require_POST
def checkin_delete(request: AuthedRequest, checkin_id: int) -> HttpResponse:
    item = get_checkin_for_user(request.user, checkin_id)
    services.delete_checkin(checkin=item)
    messages.success(request, gettext("Deleted the check-in for %(day)s.") % {"day": format(item.day, '%d %B %Y')})
    return redirect("diary:history")


@login_required
def episode_form(request: AuthedRequest, episode_id: int | None = None) -> HttpResponse:
    episode = get_episode_for_user(request.user, episode_id) if episode_id else None
    form = EpisodeForm(request.POST or None, initial=episode_initial(episode) if episode else new_episode_initial())
    if episode is not None and request.method != "POST":
        form.guard(episode, _episode_base(episode))
    conflicts: list[dict[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            if episode is None:
                saved = services.record_episode(user=request.user, values=form.values())
            else:
                version, base = form.edit_basis()
                changes = form.changes(form.values())
                saved = services.update_episode(episode=episode, values=changes, version=version, base=base)
        except ValidationError as exc:
            apply_errors(form, exc)
        except EditConflictError as exc:
            conflicts = describe_conflicts(exc, form, CONFLICT_LABELS)
            latest = cast(PainEpisode, exc.record)  # the conflict is about the episode being edited
            form = EpisodeForm(initial=episode_initial(with_changes(latest, changes, changes)))
            form.guard(latest, _episode_base(latest))
        else:
            messages.success(request, gettext("Saved the pain episode."))
            show_notices(request, notices_of(saved))
            return redirect("diary:history")
    return render(request, "diary/episode.html", {"form": form, "episode": episode, "conflicts": conflicts},
                  status=409 if conflicts else 422 if form.errors else 200)


@login_required
@require_POST
def episode_delete(request: AuthedRequest, episode_id: int) -> HttpResponse:
    services.delete_episode(episode=get_episode_for_user(request.user, episode_id))
    messages.success(request, gettext("Deleted the pain episode."))
    return redirect("diary:history")


def _range(request: HttpRequest) -> int | None:
    """The number of days asked for with the older ?days= links (30, 90 or 365), else None."""
    try:
        days = int(request.GET.get("days", ""))
    except ValueError:
        return None
    return days if days in RANGES else None


def _month(request: AuthedRequest) -> tuple[dt.date, dt.date]:
    """(first day of the month asked for with ?month=YYYY-MM, today); the current month by default, and
    never a month after the current one."""
    today = local_today(request.user)
    first = month_of(request.GET.get("month", ""), today=today)
    return min(first, today.replace(day=1)), today


@login_required
def history(request: AuthedRequest) -> HttpResponse:
    """One calendar month per page, day by day (check-in and therapies together), newest day first.

    Older links with ?days= land on the current month."""
    first, today = _month(request)
    user = request.user
    name = f"history-page:{first:%Y-%m}:{today}:{translation.get_language()}:{_templates_version()}"
    page = datacache.cached(int(user.pk or 0), name, lambda: _history_month(user, first))
    previous: dt.date | None = (first - dt.timedelta(days=1)).replace(day=1)
    if previous and previous < page.get("first_day", previous).replace(day=1):
        previous = None  # nothing was logged before: no empty month offered (a new account)
    following = (page["end"] + dt.timedelta(days=1))
    context = {
        "month": first, "start": page["start"], "end": page["end"],
        "n_checkins": page["n_checkins"], "n_entries": page["n_entries"],
        "previous_month": previous, "next_month": following if following <= today else None,
        # The kept HTML holds a marker where each delete form's CSRF field goes (a field is per session).
        "month_html": mark_safe(page["html"].replace(CSRF_MARK, str(csrf_input(request)))),  # noqa: S308
        "panels": history_panels(request, page["start"], page["end"]),
    }
    return render(request, "diary/history.html", context)


CSRF_MARK = "<!-- csrf field -->"


@functools.cache
def _templates_version() -> str:
    """A digest of the diary's templates, so a kept month is not served after they change (an upgrade)."""
    digest = hashlib.sha256()
    for path in sorted((Path(__file__).parent / "templates").rglob("*.html")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _history_month(user: User, first: dt.date) -> dict[str, Any]:
    """A month's day-by-day section as HTML, with what the page says about it (kept in the data cache:
    rendering a month's rows, their links and dates was most of the page's time)."""
    data = load_month(user=user, first=first)
    episodes = user.episodes.filter(started_at__date__gte=data.start, started_at__date__lte=data.end)
    html = render_to_string("diary/_history_month.html", {
        "month": first, "days": by_day(data), "episodes": episodes, "csrf_input": mark_safe(CSRF_MARK),  # noqa: S308 (a constant)
    })
    return {"html": str(html), "start": data.start, "end": data.end,
            "n_checkins": len(data.checkins), "n_entries": len(data.entries), "first_day": first_day(user=user)}


@login_required
def history_chart(request: AuthedRequest) -> HttpResponse:
    """The pain chart of a month (?month=YYYY-MM, default the current one), or of the last 30, 90 or 365
    days (?days=), drawn for a phone or, with ?size=wide, a wide screen; drawn once per person, period, size
    and state of their diary."""
    user = request.user
    days = _range(request)
    size = chart_size(request.GET.get("size"))
    if days is not None:
        end = local_today(user)
        name = f"history-chart:days:{days}:{end}:{size}"
        svg = datacache.cached(
            user.pk, name, lambda: pain_chart_svg(load_history(user=user, end=end, days=days), size=size))
    else:
        first, _ = _month(request)
        svg = datacache.cached(user.pk, f"history-chart:month:{first:%Y-%m}:{size}",
                               lambda: pain_chart_svg(load_month(user=user, first=first), size=size))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response
