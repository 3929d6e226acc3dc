from __future__ import annotations

from typing import Any

from painwise.core.access import get_owned
from painwise.report.models import ShareLink


def get_share_for_user(user: Any, share_id: Any) -> ShareLink:
    return get_owned(ShareLink, user=user, pk=share_id)
