from __future__ import annotations

from django.urls import path

from painwise.instruments import views

app_name = "instruments"
urlpatterns = [
    path("questionnaires/", views.index, name="index"),
    path("questionnaires/schedule/", views.schedules, name="schedules"),
    path("questionnaires/responses/<int:response_id>/", views.response, name="response"),
    path("questionnaires/<str:instrument_id>/", views.fill, name="fill"),
    path("questionnaires/<str:instrument_id>/chart.svg", views.chart, name="chart"),
]
