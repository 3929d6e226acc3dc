from __future__ import annotations

from django.urls import path

from painwise.exchange import views

app_name = "exchange"
urlpatterns = [
    path("data/", views.data, name="data"),
    path("data/export/<slug:fmt>/", views.download, name="download"),
]
