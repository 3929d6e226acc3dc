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
FEW_POINTS = 8  # up to this many values, cdf and quantiles work in plain floats


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
        if points.size <= FEW_POINTS:  # the same cubic in plain floats: a few array operations cost more
            return np.array([self._cell_cdf(c, x) for c, x in zip(cell.tolist(), points.tolist(), strict=True)])
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
        if target.size <= FEW_POINTS:  # the same Newton steps in plain floats
            return np.array([self._cell_quantile(c, p) for c, p in zip(cell.tolist(), target.tolist(), strict=True)])
        step = self.grid[cell + 1] - self.grid[cell]
        width = self.cumulative[cell + 1] - self.cumulative[cell]
        t = np.where(width > 0, (target - self.cumulative[cell]) / np.where(width > 0, width, 1.0), 0.0)
        for _ in range(QUANTILE_NEWTON_STEPS):
            gap = self._hermite(cell, t, step) - target
            slope = self._hermite_slope(cell, t) * step
            with np.errstate(divide="ignore", invalid="ignore"):
                t = np.clip(np.where(slope > 0, t - gap / slope, t), 0.0, 1.0)
        return np.asarray(self.grid[cell] + t * step)

    def _cell_values(self, cell: int) -> tuple[float, float, float, float, float, float]:
        """Left and right grid point, CDF and density of one cell, as floats."""
        return (float(self.grid[cell]), float(self.grid[cell + 1]), float(self.cumulative[cell]),
                float(self.cumulative[cell + 1]), float(self.density[cell]), float(self.density[cell + 1]))

    def _cell_cdf(self, cell: int, value: float) -> float:
        left, right, c0, c1, d0, d1 = self._cell_values(cell)
        step = right - left
        return _hermite_value(min(max((value - left) / step, 0.0), 1.0), step, c0, c1, d0, d1)

    def _cell_quantile(self, cell: int, probability: float) -> float:
        left, right, c0, c1, d0, d1 = self._cell_values(cell)
        step = right - left
        t = (probability - c0) / (c1 - c0) if c1 - c0 > 0 else 0.0
        for _ in range(QUANTILE_NEWTON_STEPS):
            gap = _hermite_value(t, step, c0, c1, d0, d1) - probability
            t2 = t * t
            slope = ((6 * t2 - 6 * t) * (c0 - c1) / step + (3 * t2 - 4 * t + 1) * d0 + (3 * t2 - 2 * t) * d1) * step
            if slope > 0:
                t = min(max(t - gap / slope, 0.0), 1.0)
        return left + t * step

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


def _hermite_value(t: float, step: float, c0: float, c1: float, d0: float, d1: float) -> float:
    """The cubic matching CDF values c0, c1 and densities d0, d1 at both ends of a cell, at t in [0, 1]."""
    t2, t3 = t * t, t * t * t
    return (2 * t3 - 3 * t2 + 1) * c0 + (t3 - 2 * t2 + t) * step * d0 + (-2 * t3 + 3 * t2) * c1 + (t3 - t2) * step * d1


def _log_mixture(terms: FloatArray, slopes: FloatArray) -> tuple[FloatArray, FloatArray]:
    """log Σ_k exp(terms_k) per row, stably, and its derivative (the responsibility-weighted slopes)."""
    largest = terms.max(axis=1)
    shares = np.exp(terms - largest[:, None])
    total = shares.sum(axis=1)
    return largest + np.log(total), np.asarray((shares * slopes).sum(axis=1) / total)


@dataclass(frozen=True)
class _Swap:
    """What the swapped log density needs, computed once for the coarse and the fine grid: the posterior's
    Student-t components (location, 1/(ν·scale²), −(ν + 1)/2, −(ν + 1)/(ν·scale²), log weight + normalising
    constant), the new prior and the base prior (one Student-t)."""

    loc: FloatArray
    inverse_spread: FloatArray
    minus_half_power: FloatArray
    slope_factor: FloatArray
    constant: FloatArray
    prior: EffectPrior
    base_spread: float
    base_half_power: float

    @classmethod
    def of(cls, posterior: TMixture, prior: EffectPrior, base_scale: float, base_dof: float) -> _Swap:
        from scipy import special  # here: scipy costs most of a start-up
        dof = posterior.dof
        spread = dof * posterior.scale**2
        constant = (special.gammaln((dof + 1) / 2) - special.gammaln(dof / 2) - 0.5 * np.log(spread * math.pi)
                    + np.log(posterior.weights))
        inverse_spread = 1.0 / spread
        return cls(posterior.loc, inverse_spread, -(dof + 1) / 2, -(dof + 1) * inverse_spread, constant, prior,
                   base_dof * base_scale**2, (base_dof + 1) / 2)

    def log_density(self, grid: FloatArray) -> tuple[FloatArray, FloatArray]:
        """log of posterior × new prior / base prior at each grid point (up to a constant), and its derivative."""
        # Components along the first axis, grid points along the second: the reductions over components then
        # run along contiguous rows (much faster than along a short last axis); the big arrays are reused.
        offset = grid[None, :] - self.loc[:, None]
        ratio = offset * offset
        ratio *= self.inverse_spread[:, None]  # offset²/(ν·scale²)
        terms = np.log1p(ratio)
        ratio += 1.0
        terms *= self.minus_half_power[:, None]
        terms += self.constant[:, None]
        largest = terms.max(axis=0)
        terms -= largest
        shares = np.exp(terms, out=terms)
        total = shares.sum(axis=0)
        # d/dβ of each component's log density is −(ν + 1)·offset / (ν·scale² + offset²)
        offset /= ratio
        offset *= shares
        slope_post = (self.slope_factor @ offset) / total
        log_prior, slope_prior = self._log_prior(grid)
        square0 = grid * grid
        log_base = -self.base_half_power * np.log1p(square0 / self.base_spread)
        slope_base = -2.0 * self.base_half_power * grid / (self.base_spread + square0)
        return largest + np.log(total) + log_prior - log_base, slope_post + slope_prior - slope_base

    def _log_prior(self, grid: FloatArray) -> tuple[FloatArray, FloatArray]:
        prior = self.prior
        if prior.mean == 0.0 and prior.sd == prior.vague_sd:  # both parts the same Normal (the sceptical prior)
            return -0.5 * (grid / prior.sd) ** 2, -grid / prior.sd**2
        prior_loc = np.array([prior.mean, 0.0])
        prior_sd = np.array([prior.sd, prior.vague_sd])
        offset = grid[:, None] - prior_loc[None, :]
        prior_terms = -0.5 * (offset / prior_sd) ** 2 - np.log(prior_sd) + np.log([prior.weight, 1.0 - prior.weight])
        return _log_mixture(prior_terms, -offset / prior_sd**2)


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
    swap = _Swap.of(posterior, prior, base_scale, base_dof)
    coarse = np.linspace(low, high, COARSE_POINTS)
    log_coarse, slope_coarse = swap.log_density(coarse)
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
    log_fine, slope_fine = swap.log_density(fine)
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
