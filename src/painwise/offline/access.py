from __future__ import annotations

from typing import TYPE_CHECKING, Any

from painwise.core.access import get_owned
from painwise.offline.models import OfflineEntry

if TYPE_CHECKING:
    from painwise.core.types import User



def get_offline_entry_for_user(user: User, entry_id: Any) -> OfflineEntry:
    return get_owned(OfflineEntry, user=user, pk=entry_id)
