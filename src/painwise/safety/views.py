"""Safety pages: help and crisis lines, the crisis screen, the red-flag checklist and the events list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from painwise.accounts.services import country_choices, profile_of
from painwise.core.types import AuthedRequest
from painwise.diary.access import get_checkin_for_user, get_episode_for_user
from painwise.safety import services
from painwise.safety.access import crisis_gate, get_event_for_user
from painwise.safety.crisis import crisis_content, crisis_lines_for
from painwise.safety.forms import AcknowledgeForm, RedFlagForm
from painwise.safety.models import SafetyEvent
from painwise.safety.red_flags import Context, red_flag_content

CONTEXTS: dict[str, Context | None] = {"any_pain": "any_pain", "sexual_pain": "sexual_pain", "all": None}
SOURCES = {"checkin": SafetyEvent.Source.CHECKIN, "episode": SafetyEvent.Source.EPISODE}


def help_page(request: HttpRequest) -> HttpResponse:
    """Crisis and emergency lines for ``?country=``, else the person's country, else numbers that work almost
    anywhere with a request for the country. An unknown code gets the same fallback, never an empty page."""
    requested = request.GET.get("country", "").strip().upper()
    region = crisis_lines_for(requested) if requested else services.lines_for_user(request.user)
    shown = requested or (profile_of(request.user).country if request.user.is_authenticated else "ZZ")
    context = {
        "region": region,
        "screen": crisis_content().screen,
        "no_country": crisis_content().no_country,
        "countries": country_choices(),
        "shown_country": shown,
    }
    return render(request, "safety/help.html", context)


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if target and allowed else default


@login_required
def crisis(request: AuthedRequest, event_id: int) -> HttpResponse:
    """The crisis screen. It stays until the person ticks that they have read it."""
    event = get_event_for_user(request.user, event_id)
    if event.kind != SafetyEvent.Kind.CRISIS:
        raise Http404
    screen = crisis_content().screen
    form = AcknowledgeForm(request.POST if request.method == "POST" else None, label=screen.acknowledge_label)
    next_url = _safe_next(request, default=_after_crisis(event))
    if request.method == "POST" and form.is_valid():
        services.acknowledge(event=event, confirmed=True)
        return redirect(next_url)
    context = {"event": event, "screen": screen, "region": services.lines_for_user(request.user)}
    context.update(form=form, next_url=next_url, no_country=crisis_content().no_country)
    context["reasons"] = screen.reasons_for((event.details or {}).get("flags", []))
    return render(request, "safety/crisis.html", context, status=422 if form.errors else 200)


def _after_crisis(event: SafetyEvent) -> str:
    if event.source == SafetyEvent.Source.QUESTIONNAIRE and event.source_id:
        from django.urls import reverse

        return reverse("instruments:response", args=[event.source_id])
    return "/"


def _source(request: AuthedRequest) -> tuple[str, int | None]:
    """Where the checklist was opened from; a check-in or episode must belong to the person."""
    kind = request.GET.get("from", "")
    if kind not in SOURCES:
        return SafetyEvent.Source.CHECKLIST, None
    ref = request.GET.get("ref", "")
    getter = get_checkin_for_user if kind == "checkin" else get_episode_for_user
    return SOURCES[kind], getter(request.user, ref).pk


def _grouped_choices(form: RedFlagForm) -> list[tuple[str, list[Any]]]:
    """The checklist's checkboxes under their headings (content order), so a long list stays readable."""
    group_of = {flag.id: flag.group for flag in red_flag_content().flags}
    groups: dict[str, list[Any]] = {}
    for checkbox in form["checked"]:
        groups.setdefault(group_of[checkbox.data["value"]], []).append(checkbox)
    return list(groups.items())


@login_required
@crisis_gate
def red_flag_checklist(request: AuthedRequest) -> HttpResponse:
    """The optional checklist; ticking anything records a safety event and shows its guidance."""
    context_key = request.GET.get("context", "all")
    if context_key not in CONTEXTS:
        raise Http404
    source, source_id = _source(request)
    form = RedFlagForm(request.POST if request.method == "POST" else None, context=CONTEXTS[context_key])
    if request.method == "POST" and form.is_valid():
        try:
            event, guidance = services.record_red_flags(
                user=request.user, checked=form.cleaned_data["checked"], source=source, source_id=source_id
            )
        except ValidationError as exc:
            form.add_error("checked", exc.message_dict.get("checked", exc.messages))
        else:
            if event is not None:
                return redirect("safety:event", event_id=event.pk)
            return render(request, "safety/nothing_ticked.html", {"guidance": guidance})
    page: dict[str, Any] = {"form": form, "context_key": context_key, "contexts": CONTEXTS}
    page.update(levels=red_flag_content().urgency_levels, groups=_grouped_choices(form))
    return render(request, "safety/red_flags.html", page, status=422 if form.errors else 200)


@login_required
@crisis_gate
def events(request: AuthedRequest) -> HttpResponse:
    rows = [services.event_summary(e) for e in services.events_for(user=request.user)]
    return render(request, "safety/events.html", {"events": rows})


@login_required
@crisis_gate
def event(request: AuthedRequest, event_id: int) -> HttpResponse:
    row = get_event_for_user(request.user, event_id)
    return render(request, "safety/event.html", {"event": services.event_summary(row)})
