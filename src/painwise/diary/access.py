from __future__ import annotations

from typing import TYPE_CHECKING, Any

from painwise.core.access import get_owned
from painwise.diary.models import CheckIn, PainEpisode

if TYPE_CHECKING:
    from painwise.core.types import User



def get_checkin_for_user(user: User, checkin_id: Any) -> CheckIn:
    return get_owned(CheckIn, user=user, pk=checkin_id)


def get_episode_for_user(user: User, episode_id: Any) -> PainEpisode:
    return get_owned(PainEpisode, user=user, pk=episode_id)
