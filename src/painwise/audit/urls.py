from __future__ import annotations

from django.urls import path

from painwise.audit import views

app_name = "audit"
urlpatterns = [
    path("settings/activity/", views.activity, name="activity"),
]
