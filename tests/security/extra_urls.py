"""A URLconf for one test: the app's routes plus a new one the security suite was not told about."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from painwise.urls import urlpatterns as app_urlpatterns


def gizmo(request: HttpRequest, gizmo_id: int) -> HttpResponse:
    return HttpResponse("a gizmo")


urlpatterns = [*app_urlpatterns, path("gizmos/<int:gizmo_id>/", gizmo, name="gizmo")]
