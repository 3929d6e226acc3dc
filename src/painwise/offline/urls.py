from __future__ import annotations

from django.urls import path

from painwise.offline import views

app_name = "offline"
urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.fallback, name="fallback"),
    path("offline/entries/", views.entries, name="entries"),
    path("offline/entries/<int:held_id>/", views.held, name="held"),
]
