from __future__ import annotations

app_name = "exchange"
urlpatterns: list = []
