from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from painwise.core.types import AuthedRequest
from painwise.core.versioning import shown
from painwise.diary import services as diary
from painwise.offline import services
from painwise.offline.access import get_offline_entry_for_user
from painwise.offline.models import OfflineEntry
from painwise.offline.replay import offline_form, post_to

# Bump when the service worker's caching changes: the new worker then drops the old caches.
CACHE_VERSION = "painwise-offline-2"
# Pages kept on the device for offline use (as last seen online), as path prefixes; "/" is the home page.
OFFLINE_PAGES = ("/checkin/", "/episodes/new/", "/log/")
SHELL = ("painwise/app.css", "painwise/app.js", "painwise/offline.js", "painwise/offline.css",
         "vendor/htmx-2.0.11.min.js", "painwise/favicon.svg", "painwise/icon-192.png")


def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: what a phone needs to install Painwise on its home screen."""
    icons = [
        {"src": static("painwise/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
        {"src": static("painwise/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
        {"src": static("painwise/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
         "purpose": "maskable"},
        {"src": static("painwise/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
    ]
    shortcuts = [
        {"name": gettext("Check in"), "url": "/checkin/"},
        {"name": gettext("Log a flare"), "url": "/episodes/new/"},
        {"name": gettext("Log a therapy"), "url": "/log/"},
    ]
    body = {
        "id": "/", "name": "Painwise", "short_name": "Painwise",
        "description": gettext("A private pain diary: check-ins, flares and therapies, also offline."),
        "start_url": "/", "scope": "/", "display": "standalone", "orientation": "any",
        "background_color": "#fbfaf7", "theme_color": "#0b5fa5", "icons": icons, "shortcuts": shortcuts,
    }
    return JsonResponse(body, content_type="application/manifest+json")


def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the root so its scope is the whole app (no inline script)."""
    # The scripts' translations (the catalog) are kept too, so offline messages stay in the person's language.
    shell = [static(name) for name in SHELL] + [reverse("javascript-catalog")]
    config = {"version": CACHE_VERSION, "shell": shell,
              "pages": OFFLINE_PAGES, "fallback": reverse("offline:fallback")}
    # JSON of our own constants only (no user input), so it is safe inside the script.
    context = {"config": mark_safe(json.dumps(config))}  # noqa: S308
    response = render(request, "offline/sw.js", context, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # browsers check for a new worker on every visit
    return response


def fallback(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker for a page this device has not kept while offline (no personal data)."""
    return render(request, "offline/fallback.html")


@login_required
def entries(request: AuthedRequest) -> HttpResponse:
    return render(request, "offline/entries.html", {"held": services.held_entries(user=request.user)})


def _offline_rows(entry: OfflineEntry) -> list[tuple[str, str]]:
    rows: dict[str, list[str]] = {}
    for name, value in entry.payload:
        if name not in ("version", "base") and value != "":
            rows.setdefault(name.removeprefix("region_").replace("_", " ").capitalize(), []).append(value)
    return [(label, ", ".join(values)) for label, values in rows.items()]


def _saved_rows(saved: Any) -> list[tuple[str, str]]:
    return [(name.replace("_", " ").capitalize(), shown(getattr(saved, name))) for name in diary.CHECKIN_FIELDS
            if getattr(saved, name) not in (None, "", [], {})]


@login_required
def held(request: AuthedRequest, held_id: int) -> HttpResponse:
    """One held offline entry: both versions side by side (a same-day check-in), and the person's choice."""
    entry = get_offline_entry_for_user(request.user, held_id)
    if entry.status != OfflineEntry.Status.HELD:
        messages.info(request, gettext("This offline entry is settled already."))
        return redirect("offline:entries")
    if request.method == "POST":
        return _choose(request, entry)
    saved = services.saved_checkin(entry) if entry.reason == OfflineEntry.Reason.SAME_DAY else None
    context = {"entry": entry, "offline_rows": _offline_rows(entry), "saved": saved,
               "saved_rows": _saved_rows(saved) if saved is not None else [],
               "day": services.checkin_day(entry.path) if entry.kind == OfflineEntry.Kind.CHECKIN else None}
    return render(request, "offline/held.html", context)


class _Recorder:
    """A services.Attempt that keeps the form's last answer, to show it when the entry was not saved."""

    def __init__(self, request: HttpRequest, path: str) -> None:
        self.request, self.match, self.last, self.ran = request, offline_form(path), HttpResponse(), False

    def __call__(self, fields: list[list[str]]) -> int:
        self.last, self.ran = post_to(self.request, self.match, fields), True
        return self.last.status_code


def _choose(request: HttpRequest, entry: OfflineEntry) -> HttpResponse:
    choice = request.POST.get("offline_choice", "")
    if choice == "discard":
        services.discard_entry(entry=entry)
        messages.success(request, gettext("Kept what was saved; the offline copy is gone."))
        return redirect("home")
    fields = [[name, value] for name, values in request.POST.lists() for value in values if name != "offline_choice"]
    recorder = _Recorder(request, entry.path)
    if choice == "use_offline":
        saved = services.replace_with_offline(entry=entry, attempt=recorder)
    elif choice == "combine":
        saved = services.combine_with_saved(entry=entry, attempt=recorder)
    elif choice == "retry":
        saved = services.send_again(entry=entry, fields=entry.payload, attempt=recorder)
    else:  # the entry's own form, corrected by the person, posted back here
        saved = services.send_again(entry=entry, fields=fields, attempt=recorder)
    if saved:
        return redirect("home")
    if recorder.ran:  # the form's own answer: what to correct, or which changed fields to choose between
        return recorder.last
    return redirect("offline:held", held_id=entry.pk)
