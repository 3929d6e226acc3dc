from __future__ import annotations

from django.urls import path

from painwise.safety import views

app_name = "safety"
urlpatterns = [
    path("safety/help/", views.help_page, name="help"),
    path("safety/crisis/<int:event_id>/", views.crisis, name="crisis"),
    path("safety/red-flags/", views.red_flag_checklist, name="red_flags"),
    path("safety/events/", views.events, name="events"),
    path("safety/events/<int:event_id>/", views.event, name="event"),
]
