"""GET /api/v1/insights: the person's own insights as JSON (see docs/what-helps.md)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from painwise.helps.services import insights_as_json, insights_for

router = Router(tags=["insights"])

Outcome = Literal["pain_average", "pain_worst", "sleep_quality", "mood", "stress", "peg"]


class MeaningfulDifferenceOut(Schema):
    mode: str
    points: float


class InsightsOut(Schema):
    meaningful_difference: MeaningfulDifferenceOut
    computed_ms: float
    prior_version: int | None
    problems: list[str]
    insights: list[dict[str, Any]]


@router.get("/insights", response=InsightsOut, summary="What helps me: my insights")
def list_insights(
    request: HttpRequest,
    outcome: Outcome | None = None,
    lag: Annotated[int | None, Field(ge=0, le=1, description="0 = same day, 1 = next day")] = None,
) -> Any:
    """Every factor × outcome × lag insight of the signed-in person's diary, computed now.

    Each item has factor, outcome, lag_days, effect (points, negative = lower), ci_low, ci_high (95 %),
    p_benefit, p_benefit_mcid, verdict, n_with, n_without, diagnostics and sentence.
    """
    result = insights_for(user=request.auth, outcomes=[outcome] if outcome else None)  # type: ignore[attr-defined]
    return insights_as_json(result, lag=lag)
