"""Pooled priors to and from JSON, so a pooling run can be stored and used by every later analysis."""

from __future__ import annotations

from typing import Any

import numpy as np

from painwise.nof1 import AnalysisOptions, EffectPrior, PooledPriors


def priors_to_json(priors: PooledPriors) -> dict[str, Any]:
    """A JSON-ready dict: effects as a list (factor, outcome, lag_days, mean, sd, weight, vague_sd in
    points), the log ρ prior per outcome on the engine's ρ grid, and (shape, scale) of σ² per outcome."""
    return {
        "effects": [
            {"factor": factor, "outcome": outcome, "lag_days": lag, "mean": prior.mean, "sd": prior.sd,
             "weight": prior.weight, "vague_sd": prior.vague_sd}
            for (factor, outcome, lag), prior in sorted(priors.effects.items())
        ],
        "rho_grid": list(AnalysisOptions().rho_grid),
        "rho_log_prior": {outcome: [float(v) for v in values] for outcome, values in priors.rho_log_prior.items()},
        "sigma2": {outcome: [float(shape), float(scale)] for outcome, (shape, scale) in priors.sigma2.items()},
    }


def priors_from_json(data: dict[str, Any]) -> PooledPriors:
    """The PooledPriors stored by ``priors_to_json``; a ρ prior made on another grid is left out."""
    effects = {
        (e["factor"], e["outcome"], int(e["lag_days"])): EffectPrior(
            mean=float(e["mean"]), sd=float(e["sd"]), weight=float(e["weight"]), vague_sd=float(e["vague_sd"])
        )
        for e in data.get("effects", [])
    }
    same_grid = list(AnalysisOptions().rho_grid) == list(data.get("rho_grid", []))
    rho = {o: np.asarray(v, dtype=np.float64) for o, v in data.get("rho_log_prior", {}).items()} if same_grid else {}
    sigma2 = {o: (float(v[0]), float(v[1])) for o, v in data.get("sigma2", {}).items()}
    return PooledPriors(effects=effects, rho_log_prior=rho, sigma2=sigma2)
