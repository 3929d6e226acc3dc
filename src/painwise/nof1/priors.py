"""Priors learnt from other people (pooled), and the exact prior swap for one coefficient.

A pooled prior for an effect is the robust mixture w·N(mean, sd²) + (1 − w)·N(0, vague_sd²) in points.
It replaces the engine's own prior for that coefficient exactly: the posterior of β_j under the new prior
is the old posterior × new prior / old prior (the other parameters' conditional prior is unchanged), a
one-dimensional density that is evaluated on a fine grid.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import special

from painwise.nof1.model import TMixture
from painwise.nof1.types import FloatArray

GRID_POINTS = 4001
TAIL_SCALES = 15.0


@dataclass(frozen=True)
class EffectPrior:
    """Robust mixture prior for one factor × outcome × lag effect (points)."""

    mean: float
    sd: float
    weight: float = 0.8
    vague_sd: float = 2.0

    def log_density(self, value: FloatArray) -> FloatArray:
        """Log prior density at ``value`` (points)."""
        informative = _normal_log_pdf(value, self.mean, self.sd) + math.log(self.weight)
        vague = _normal_log_pdf(value, 0.0, self.vague_sd) + math.log1p(-self.weight)
        return np.asarray(np.logaddexp(informative, vague))


@dataclass(frozen=True)
class PooledPriors:
    """What pooling across people hands to a new person's analysis.

    ``effects``: (factor slug, outcome, lag days) → EffectPrior; ``rho_log_prior``: outcome → log prior
    weights on the options' ρ grid; ``sigma2``: outcome → (shape, scale) of the residual-variance prior.
    """

    effects: Mapping[tuple[str, str, int], EffectPrior] = field(default_factory=dict)
    rho_log_prior: Mapping[str, FloatArray] = field(default_factory=dict)
    sigma2: Mapping[str, tuple[float, float]] = field(default_factory=dict)


def _normal_log_pdf(value: FloatArray, mean: float, sd: float) -> FloatArray:
    return np.asarray(-0.5 * ((value - mean) / sd) ** 2 - math.log(sd) - 0.5 * math.log(2.0 * math.pi))


def _t_log_pdf(value: FloatArray, loc: FloatArray, scale: FloatArray, dof: float | FloatArray) -> FloatArray:
    z = (value[:, None] - loc[None, :]) / scale[None, :]
    constant = special.gammaln((dof + 1) / 2) - special.gammaln(dof / 2) - 0.5 * np.log(np.multiply(dof, math.pi))
    return np.asarray(constant - np.log(scale)[None, :] - (dof + 1) / 2 * np.log1p(z**2 / dof))


@dataclass(frozen=True)
class GridMarginal:
    """A one-dimensional posterior tabulated on a fine grid (points), with its CDF."""

    grid: FloatArray
    cumulative: FloatArray
    mean: float
    sd: float

    def cdf(self, value: float | FloatArray) -> FloatArray:
        """P(coefficient ≤ value) by linear interpolation of the tabulated CDF."""
        return np.asarray(np.interp(np.atleast_1d(np.asarray(value, dtype=np.float64)), self.grid, self.cumulative))

    def quantile(self, probability: float) -> float:
        """Inverse CDF by linear interpolation."""
        return float(np.interp(probability, self.cumulative, self.grid))

    def interval(self) -> tuple[float, float]:
        """Equal-tailed 95 % credible interval (points)."""
        return self.quantile(0.025), self.quantile(0.975)


def with_pooled_prior(posterior: TMixture, *, prior: EffectPrior, base_scale: float, base_dof: float) -> GridMarginal:
    """Swap the base prior of a coefficient (Student-t with ``base_dof`` and ``base_scale`` points, which
    is N(0, σ²κ²) with σ² ~ inverse-gamma, integrated) for the pooled ``prior``."""
    low = min(float((posterior.loc - TAIL_SCALES * posterior.scale).min()), prior.mean - 8.0 * prior.sd)
    high = max(float((posterior.loc + TAIL_SCALES * posterior.scale).max()), prior.mean + 8.0 * prior.sd)
    grid = np.linspace(low, high, GRID_POINTS)
    log_post = special.logsumexp(
        _t_log_pdf(grid, posterior.loc, posterior.scale, posterior.dof) + np.log(posterior.weights)[None, :],
        axis=1,
    )
    log_base = _t_log_pdf(grid, np.zeros(1), np.array([base_scale]), base_dof)[:, 0]
    log_density = log_post + prior.log_density(grid) - log_base
    density = np.exp(log_density - log_density.max())
    steps = np.diff(grid)
    cumulative = np.concatenate([[0.0], np.cumsum(0.5 * (density[1:] + density[:-1]) * steps)])
    total = cumulative[-1]
    cumulative /= total
    mean = float(np.trapezoid(grid * density, grid) / total)
    second = float(np.trapezoid(grid**2 * density, grid) / total)
    return GridMarginal(grid, cumulative, mean, math.sqrt(max(second - mean**2, 0.0)))
