from __future__ import annotations

from django.urls import path

from painwise.trauma import views

app_name = "trauma"
urlpatterns = [
    path("trauma/", views.track, name="track"),
    path("trauma/toggle/", views.toggle, name="toggle"),
    path("trauma/daily/", views.daily, name="daily"),
    path("trauma/support/", views.support, name="support"),
    path("trauma/tools/", views.tool_list, name="tools"),
    path("trauma/tools/<slug:slug>/", views.tool, name="tool"),
    path("trauma/triggers/", views.trigger_list, name="triggers"),
    path("trauma/triggers/<int:trigger_id>/delete/", views.trigger_delete, name="trigger_delete"),
    path("trauma/boundaries/", views.boundaries, name="boundaries"),
    path("trauma/boundaries/print/", views.boundaries_print, name="boundaries_print"),
]
