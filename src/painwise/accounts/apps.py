from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "painwise.accounts"
    label = "accounts"

    def ready(self) -> None:
        from painwise.accounts import signals  # noqa: F401  (creates a Profile for every new user)
