from __future__ import annotations

from django.urls import path

from painwise.evidence import views

app_name = "evidence"
urlpatterns = [
    path("evidence/", views.index, name="index"),
    path("evidence/<slug:slug>/", views.card, name="card"),
]
