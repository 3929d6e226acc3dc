from __future__ import annotations

from django.urls import path

from painwise.exchange import views
from painwise.exchange.foreign import views as foreign_views

app_name = "exchange"
urlpatterns = [
    path("data/", views.data, name="data"),
    path("data/export/<slug:fmt>/", views.download, name="download"),
    path("data/import/", foreign_views.upload, name="foreign"),
    path("data/import/confirm/", foreign_views.confirm, name="foreign_confirm"),
]
