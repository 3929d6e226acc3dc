from __future__ import annotations

from typing import TYPE_CHECKING, Any

from painwise.core.access import get_owned
from painwise.therapies.models import CustomFactor, Medication, TherapyEntry

if TYPE_CHECKING:
    from painwise.core.types import User



def get_entry_for_user(user: User, entry_id: Any) -> TherapyEntry:
    return get_owned(TherapyEntry, user=user, pk=entry_id)


def get_medication_for_user(user: User, medication_id: Any) -> Medication:
    return get_owned(Medication, user=user, pk=medication_id)


def get_factor_for_user(user: User, factor_id: Any) -> CustomFactor:
    return get_owned(CustomFactor, user=user, pk=factor_id)
