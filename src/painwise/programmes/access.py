"""One access helper per resource: the person's own enrolment or 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from painwise.programmes.models import Enrolment, ProgrammeSession
from painwise.programmes.services import enrolment_for

if TYPE_CHECKING:
    from painwise.core.types import User



def get_enrolment_for_user(user: User, key: str) -> Enrolment:
    """The person's enrolment in programme ``key``; Http404 when they have none, or for anonymous visitors."""
    if user is None or not user.is_authenticated:
        raise Http404
    enrolment = enrolment_for(user=user, key=key)
    if enrolment is None:
        raise Http404
    return enrolment


def get_session_for_user(user: User, key: str, session_id: int) -> ProgrammeSession:
    """One session of the person's programme ``key``; Http404 for anyone else's, or for anonymous visitors."""
    enrolment = get_enrolment_for_user(user, key)
    session = enrolment.sessions.filter(pk=session_id).select_related("therapy_entry").first()
    if session is None:
        raise Http404
    return session
