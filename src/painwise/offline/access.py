from __future__ import annotations

from typing import Any

from painwise.core.access import get_owned
from painwise.offline.models import OfflineEntry


def get_offline_entry_for_user(user: Any, entry_id: Any) -> OfflineEntry:
    return get_owned(OfflineEntry, user=user, pk=entry_id)
