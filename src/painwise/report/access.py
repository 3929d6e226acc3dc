from __future__ import annotations

from typing import TYPE_CHECKING, Any

from painwise.core.access import get_owned
from painwise.report.models import ShareLink

if TYPE_CHECKING:
    from painwise.core.types import User



def get_share_for_user(user: User, share_id: Any) -> ShareLink:
    return get_owned(ShareLink, user=user, pk=share_id)
