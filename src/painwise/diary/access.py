from __future__ import annotations

from typing import Any

from painwise.core.access import get_owned
from painwise.diary.models import CheckIn, PainEpisode


def get_checkin_for_user(user: Any, checkin_id: Any) -> CheckIn:
    return get_owned(CheckIn, user=user, pk=checkin_id)


def get_episode_for_user(user: Any, episode_id: Any) -> PainEpisode:
    return get_owned(PainEpisode, user=user, pk=episode_id)
