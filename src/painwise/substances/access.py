"""One access helper per resource: the owner's record or 404."""

from __future__ import annotations

from typing import Any

from painwise.core.access import get_owned
from painwise.substances.models import WithdrawalCheck


def get_withdrawal_check_for_user(user: Any, check_id: Any) -> WithdrawalCheck:
    """The person's own withdrawal check with this id; Http404 for anyone else or an anonymous visitor."""
    return get_owned(WithdrawalCheck, user=user, pk=check_id)
