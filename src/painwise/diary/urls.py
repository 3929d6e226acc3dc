from __future__ import annotations

from django.urls import path

from painwise.diary import views

app_name = "diary"
urlpatterns = [
    path("checkin/", views.checkin_today, name="checkin_today"),
    path("checkin/<str:day>/", views.checkin, name="checkin"),
    path("checkins/<int:checkin_id>/delete/", views.checkin_delete, name="checkin_delete"),
    path("episodes/new/", views.episode_form, name="episode_new"),
    path("episodes/<int:episode_id>/", views.episode_form, name="episode_edit"),
    path("episodes/<int:episode_id>/delete/", views.episode_delete, name="episode_delete"),
    path("history/", views.history, name="history"),
    path("history/chart.svg", views.history_chart, name="history_chart"),
]
