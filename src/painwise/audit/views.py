from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from painwise.audit import services
from painwise.core.types import AuthedRequest

PER_PAGE = 50


@login_required
def activity(request: AuthedRequest) -> HttpResponse:
    """The person's activity log: sign-ins, failed sign-ins, exports, tokens… newest first."""
    page = Paginator(services.entries_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "audit/activity.html", {"page": page, "retention_days": services.retention_days()})
