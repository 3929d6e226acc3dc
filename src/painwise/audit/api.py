"""GET /api/v1/activity: the person's activity log, newest first (paginated)."""

from __future__ import annotations

from typing import Any

from ninja import Router
from ninja.pagination import paginate

from painwise.audit import services
from painwise.audit.schemas import AuditEntryOut
from painwise.core.types import AuthedRequest

router = Router(tags=["audit"])


@router.get("/activity", response=list[AuditEntryOut], summary="My account activity")
@paginate
def activity(request: AuthedRequest) -> Any:
    """Sign-ins, failed sign-ins against my name, sign-outs, password and two-factor changes, exports,
    imports, API tokens and server-wide key rotations, newest first."""
    return services.entries_for(request.user)
