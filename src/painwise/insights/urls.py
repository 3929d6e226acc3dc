from __future__ import annotations

from django.urls import path

from painwise.insights import views

app_name = "helps"
urlpatterns = [
    path("insights/", views.overview, name="overview"),
    path("insights/chart.svg", views.chart, name="chart"),
    path("insights/status/", views.status, name="status"),
    path("insights/difference/", views.difference, name="difference"),
]
