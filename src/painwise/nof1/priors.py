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

from painwise.nof1.model import TMixture
from painwise.nof1.types import FloatArray

COARSE_POINTS = 129
GRID_POINTS = 257
NEGLIGIBLE_DENSITY = 1e-16
CENTRE_TAIL = 1e-9
DROPPED_WEIGHT = 1e-12  # components of the posterior mixture whose weights add up to less than this are left out
QUANTILE_NEWTON_STEPS = 6
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
    from scipy import special  # here: scipy costs most of a start-up
    z = (value[:, None] - loc[None, :]) / scale[None, :]
    constant = special.gammaln((dof + 1) / 2) - special.gammaln(dof / 2) - 0.5 * np.log(np.multiply(dof, math.pi))
    return np.asarray(constant - np.log(scale)[None, :] - (dof + 1) / 2 * np.log1p(z**2 / dof))


@dataclass(frozen=True)
class GridMarginal:
    """A one-dimensional posterior tabulated on a grid (points): its normalised density and CDF at the grid
    points. Between grid points the CDF is the cubic that matches the CDF and the density at both ends."""

    grid: FloatArray
    cumulative: FloatArray
    density: FloatArray
    mean: float
    sd: float

    def cdf(self, value: float | FloatArray) -> FloatArray:
        """P(coefficient ≤ value), from the cubic through the tabulated CDF and density."""
        points = np.atleast_1d(np.asarray(value, dtype=np.float64))
        cell = np.clip(np.searchsorted(self.grid, points, side="right") - 1, 0, self.grid.size - 2)
        step = self.grid[cell + 1] - self.grid[cell]
        t = np.clip((points - self.grid[cell]) / step, 0.0, 1.0)
        return self._hermite(cell, t, step)

    def quantile(self, probability: float) -> float:
        """Inverse CDF (to about 1e-12 in probability within the cubic)."""
        return float(self.quantiles(np.array([probability]))[0])

    def quantiles(self, probabilities: FloatArray) -> FloatArray:
        """Several inverse CDF values at once: the cell is found on the tabulated CDF, then Newton steps on
        the cell's cubic (kept inside the cell)."""
        target = np.clip(np.asarray(probabilities, dtype=np.float64), 0.0, 1.0)
        cell = np.clip(np.searchsorted(self.cumulative, target, side="right") - 1, 0, self.grid.size - 2)
        step = self.grid[cell + 1] - self.grid[cell]
        width = self.cumulative[cell + 1] - self.cumulative[cell]
        t = np.where(width > 0, (target - self.cumulative[cell]) / np.where(width > 0, width, 1.0), 0.0)
        for _ in range(QUANTILE_NEWTON_STEPS):
            gap = self._hermite(cell, t, step) - target
            slope = self._hermite_slope(cell, t) * step
            with np.errstate(divide="ignore", invalid="ignore"):
                t = np.clip(np.where(slope > 0, t - gap / slope, t), 0.0, 1.0)
        return np.asarray(self.grid[cell] + t * step)

    def interval(self) -> tuple[float, float]:
        """Equal-tailed 95 % credible interval (points)."""
        low, high = self.quantiles(np.array([0.025, 0.975]))
        return float(low), float(high)

    def _hermite(self, cell: np.ndarray, t: FloatArray, step: FloatArray) -> FloatArray:
        t2, t3 = t * t, t * t * t
        return np.asarray(
            (2 * t3 - 3 * t2 + 1) * self.cumulative[cell] + (t3 - 2 * t2 + t) * step * self.density[cell]
            + (-2 * t3 + 3 * t2) * self.cumulative[cell + 1] + (t3 - t2) * step * self.density[cell + 1]
        )

    def _hermite_slope(self, cell: np.ndarray, t: FloatArray) -> FloatArray:
        """Density (per unit of t divided by the step) of the cell's cubic."""
        t2 = t * t
        step = self.grid[cell + 1] - self.grid[cell]
        return np.asarray(
            (6 * t2 - 6 * t) * (self.cumulative[cell] - self.cumulative[cell + 1]) / step
            + (3 * t2 - 4 * t + 1) * self.density[cell] + (3 * t2 - 2 * t) * self.density[cell + 1]
        )


def _log_t_terms(
    value: FloatArray, loc: FloatArray, scale: FloatArray, dof: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """log density of each Student-t component at each value (n, G) and its derivative in the value."""
    from scipy import special  # here: scipy costs most of a start-up
    offset = value[:, None] - loc[None, :]
    spread = dof * scale**2
    constant = special.gammaln((dof + 1) / 2) - special.gammaln(dof / 2) - 0.5 * np.log(spread * math.pi)
    log_terms = constant[None, :] - (dof + 1)[None, :] / 2 * np.log1p(offset**2 / spread[None, :])
    return np.asarray(log_terms), np.asarray(-(dof + 1)[None, :] * offset / (spread[None, :] + offset**2))


def _log_mixture(terms: FloatArray, slopes: FloatArray) -> tuple[FloatArray, FloatArray]:
    """log Σ_k exp(terms_k) per row, stably, and its derivative (the responsibility-weighted slopes)."""
    largest = terms.max(axis=1)
    shares = np.exp(terms - largest[:, None])
    total = shares.sum(axis=1)
    return largest + np.log(total), np.asarray((shares * slopes).sum(axis=1) / total)


def _swapped(
    grid: FloatArray, posterior: TMixture, prior: EffectPrior, base_scale: float, base_dof: float
) -> tuple[FloatArray, FloatArray]:
    """log of posterior × new prior / base prior at each grid point, and its derivative."""
    terms, slopes = _log_t_terms(grid, posterior.loc, posterior.scale, posterior.dof)
    log_post, slope_post = _log_mixture(terms + np.log(posterior.weights)[None, :], slopes)
    prior_loc = np.array([prior.mean, 0.0])
    prior_sd = np.array([prior.sd, prior.vague_sd])
    offset = grid[:, None] - prior_loc[None, :]
    prior_terms = (-0.5 * (offset / prior_sd) ** 2 - np.log(prior_sd) - 0.5 * math.log(2.0 * math.pi)
                   + np.log([prior.weight, 1.0 - prior.weight]))
    log_prior, slope_prior = _log_mixture(prior_terms, -offset / prior_sd**2)
    base_terms, base_slopes = _log_t_terms(grid, np.zeros(1), np.array([base_scale]), np.array([float(base_dof)]))
    return log_post + log_prior - base_terms[:, 0], slope_post + slope_prior - base_slopes[:, 0]


def _without_negligible(posterior: TMixture) -> TMixture:
    """The mixture without its smallest components whose weights add up to less than DROPPED_WEIGHT."""
    order = np.argsort(posterior.weights)
    dropped = order[np.cumsum(posterior.weights[order]) < DROPPED_WEIGHT]
    if dropped.size == 0:
        return posterior
    keep = np.ones(posterior.weights.size, dtype=np.bool_)
    keep[dropped] = False
    weights = posterior.weights[keep]
    return TMixture(weights / weights.sum(), posterior.loc[keep], posterior.scale[keep], posterior.dof[keep])


def _cell_integrals(grid: FloatArray, value: FloatArray, slope: FloatArray) -> FloatArray:
    """∫ over each cell of the cubic matching value and slope at both ends (trapezoid + end correction)."""
    step = np.diff(grid)
    return np.asarray(0.5 * step * (value[1:] + value[:-1]) - step**2 / 12.0 * (slope[1:] - slope[:-1]))


def with_pooled_prior(posterior: TMixture, *, prior: EffectPrior, base_scale: float, base_dof: float) -> GridMarginal:
    """Swap the base prior of a coefficient (Student-t with ``base_dof`` and ``base_scale`` points, which
    is N(0, σ²κ²) with σ² ~ inverse-gamma, integrated) for the pooled ``prior``.

    The new density (posterior × new prior / base prior) and its exact derivative are tabulated on a coarse
    grid over a wide range; where the coarse CDF is between 1e-9 and 1 − 1e-9 a fine grid replaces it, and
    tails below 1e-16 of the peak are cut. Between grid points the CDF is the cubic matching the density and
    its derivative at both ends (exact for cubics), so a few hundred points match what linear interpolation
    needed thousands for."""
    posterior = _without_negligible(posterior)
    low = min(float((posterior.loc - TAIL_SCALES * posterior.scale).min()), prior.mean - 8.0 * prior.sd)
    high = max(float((posterior.loc + TAIL_SCALES * posterior.scale).max()), prior.mean + 8.0 * prior.sd)
    coarse = np.linspace(low, high, COARSE_POINTS)
    log_coarse, slope_coarse = _swapped(coarse, posterior, prior, base_scale, base_dof)
    peak = log_coarse.max()
    value = np.exp(log_coarse - peak)
    mass = np.concatenate([[0.0], np.cumsum(np.maximum(_cell_integrals(coarse, value, value * slope_coarse), 0.0))])
    mass /= mass[-1]
    kept = np.flatnonzero(log_coarse >= peak + math.log(NEGLIGIBLE_DENSITY))
    first, last = max(int(kept[0]) - 1, 0), min(int(kept[-1]) + 1, COARSE_POINTS - 1)
    centre = np.flatnonzero((mass > CENTRE_TAIL) & (mass < 1.0 - CENTRE_TAIL))
    centre_first = max(int(centre[0]) - 2, first) if centre.size else first
    centre_last = min(int(centre[-1]) + 1, last) if centre.size else last
    fine = np.linspace(coarse[centre_first], coarse[centre_last], GRID_POINTS)
    log_fine, slope_fine = _swapped(fine, posterior, prior, base_scale, base_dof)
    grid = np.concatenate([coarse[first:centre_first], fine, coarse[centre_last + 1:last + 1]])
    log_density = np.concatenate([log_coarse[first:centre_first], log_fine, log_coarse[centre_last + 1:last + 1]])
    log_slope = np.concatenate([slope_coarse[first:centre_first], slope_fine, slope_coarse[centre_last + 1:last + 1]])
    density = np.exp(log_density - peak)
    slope = density * log_slope
    cumulative = np.concatenate([[0.0], np.cumsum(_cell_integrals(grid, density, slope))])
    total = cumulative[-1]
    cumulative /= total
    density /= total
    slope /= total
    mean = float(np.sum(_cell_integrals(grid, grid * density, density + grid * slope)))
    centred = grid - mean
    second = float(np.sum(_cell_integrals(grid, centred**2 * density, 2 * centred * density + centred**2 * slope)))
    return GridMarginal(grid, cumulative, density, mean, math.sqrt(max(second, 0.0)))
