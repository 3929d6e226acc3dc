"""GET /api/v1/insights: the person's own insights as JSON (see docs/what-helps.md)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import ValidationError as SchemaError
from pydantic import Field

from painwise.insights.services import current_insights, insights_as_json, outcome_names

router = Router(tags=["insights"])


class MeaningfulDifferenceOut(Schema):
    mode: str
    points: float


class InsightsOut(Schema):
    meaningful_difference: MeaningfulDifferenceOut
    computed_ms: float
    computed_at: dt.datetime
    updating: bool
    prior_version: int | None
    problems: list[str]
    insights: list[dict[str, Any]]


@router.get("/insights", response=InsightsOut, summary="What helps me: my insights")
def list_insights(
    request: HttpRequest,
    outcome: Annotated[str | None, Field(description=(
        "pain_average, pain_worst, sleep_quality, mood, stress or peg; with the trauma track on, also "
        "its daily items (trauma_intrusions, trauma_avoidance, trauma_negative_mood, trauma_hyperarousal, "
        "trauma_nightmare_sleep)"))] = None,
    lag: Annotated[int | None, Field(ge=0, le=1, description="0 = same day, 1 = next day")] = None,
) -> Any:
    """Every factor × outcome × lag insight of the signed-in person's diary, as the "What helps me" page
    shows them: kept between requests and worked out again after a write (by the background worker), so
    ``computed_at`` says when they were worked out and ``updating`` is true while newer entries are being
    taken in.

    Each item has factor, outcome, lag_days, effect (points, negative = lower), ci_low, ci_high (95 %),
    p_benefit, p_benefit_mcid, verdict, n_with, n_without, diagnostics and sentence.
    """
    user = request.auth  # type: ignore[attr-defined]
    if outcome is not None and outcome not in outcome_names(user=user):
        raise SchemaError([{"loc": ["query", "outcome"], "msg": f"Unknown outcome {outcome!r}."}])
    kept = current_insights(user=user)
    return {**insights_as_json(kept.insights, lag=lag, outcome=outcome),
            "computed_at": kept.computed_at, "updating": kept.updating}
