from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "painwise.audit"
    label = "audit"
    verbose_name = "Account activity"

    def ready(self) -> None:
        from painwise.audit import signals  # noqa: F401  (sign-ins, sign-outs, MFA and password changes)
