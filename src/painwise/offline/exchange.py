"""Entries from offline in Painwise JSON and CSV: the ids already received, and held entries with their fields.

Received ids travel with the account so that an entry still queued on a phone is not saved a second
time after a move; a held entry keeps its form fields until the person chooses, also after an import.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from painwise.exchange.formats import Column
from painwise.exchange.sections import ImportContext, Section
from painwise.offline.models import OfflineEntry

if TYPE_CHECKING:
    from painwise.core.types import User


KEY = "offline_entries"


def _export(user: User) -> list[dict[str, Any]]:
    rows = OfflineEntry.objects.filter(user=user).order_by("received_at", "pk")
    return [
        {"client_id": str(e.client_id), "kind": e.kind, "path": e.path, "status": e.status, "reason": e.reason,
         "payload": e.payload, "logged_at": e.logged_at, "received_at": e.received_at}
        for e in rows
    ]


@transaction.atomic
def _store(context: ImportContext, values: dict[str, Any]) -> None:
    try:
        client_id = uuid.UUID(str(values.get("client_id") or ""))
    except ValueError:
        raise ValidationError({"client_id": gettext("must be a UUID.")}) from None
    if OfflineEntry.objects.filter(user=context.user, client_id=client_id).exists():
        return  # received here already: one record per id
    payload = values.get("payload") or []
    if not all(isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, str) for v in pair) for pair in payload):
        raise ValidationError({"payload": gettext("must be a list of [field name, value] pairs of text.")})
    entry = OfflineEntry(
        user=context.user, client_id=client_id, kind=values.get("kind") or "", path=values.get("path") or "",
        status=values.get("status") or OfflineEntry.Status.SAVED, reason=values.get("reason") or "",
        payload=payload, logged_at=values.get("logged_at"),
    )
    entry.full_clean(exclude=["user"])
    entry.save()
    if values.get("received_at") is not None:  # auto_now_add: the file's time is written after the insert
        OfflineEntry.objects.filter(pk=entry.pk).update(received_at=values["received_at"])


OFFLINE_ENTRIES = Section(
    key=KEY, record="offline_entry",
    names=(gettext_noop("%(count)s entry from offline"), gettext_noop("%(count)s entries from offline")),
    columns=(
        Column("client_id", "text", required=True), Column("kind", "text", required=True),
        Column("path", "text", required=True), Column("status", "text", required=True), Column("reason", "text"),
        Column("payload", "list"), Column("logged_at", "datetime"), Column("received_at", "datetime"),
    ),
    export=_export, store=_store, models=("offline.OfflineEntry",), order=120,
)
