"""One access helper per resource: the owner's record or 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from painwise.core.access import get_owned
from painwise.substances.models import WithdrawalCheck

if TYPE_CHECKING:
    from painwise.core.types import User



def get_withdrawal_check_for_user(user: User, check_id: Any) -> WithdrawalCheck:
    """The person's own withdrawal check with this id; Http404 for anyone else or an anonymous visitor."""
    return get_owned(WithdrawalCheck, user=user, pk=check_id)
