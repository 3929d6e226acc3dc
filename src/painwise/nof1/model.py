"""Bayesian regression with gap-aware AR(1) errors, integrated over a grid of ρ (closed form).

For each ρ on the grid the rows are quasi-differenced, (z_t − r·z_prev)/√(1 − r²) with r = ρ^Δt and Δt the
days since the previous row, so a gap of Δt days is handled exactly. The Normal–Inverse-Gamma prior
(β | σ² ~ N(0, σ²·diag(1/precision)), σ² ~ IG(shape, scale)) is conjugate, so each grid point gives a
Student-t posterior for every coefficient and its marginal likelihood; the grid points are weighted by
marginal likelihood × prior. Sufficient statistics are built once per gap length, so each grid point
costs O(p²) plus one batched factorisation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from painwise.nof1.types import BoolArray, FloatArray

IntArray = npt.NDArray[np.int64]
# Grid points whose weight is below this share of the largest are dropped (they change nothing visible).
NEGLIGIBLE_WEIGHT = 1e-12
QUANTILE_TOLERANCE = 1e-10
FLAT_RIDGE = 1e-10
QUANTILE_MAX_STEPS = 200


@dataclass(frozen=True)
class Posterior:
    """Posterior over a ρ grid: per grid point g, β ~ t_dof[g](means[g], scale2[g]·cov_unscaled[g]).

    ``weights`` sum to 1; ``n_rows`` is the number of rows in the likelihood.
    """

    rho: FloatArray
    weights: FloatArray
    means: FloatArray
    cov_unscaled: FloatArray
    scale2: FloatArray
    sigma2_mean: FloatArray
    dof: FloatArray
    n_rows: int

    @property
    def rho_mean(self) -> float:
        """Posterior mean of the AR(1) correlation between consecutive days."""
        return float(self.weights @ self.rho)

    @property
    def sigma_mean(self) -> float:
        """Square root of the posterior mean residual variance (points)."""
        return math.sqrt(float(self.weights @ self.sigma2_mean))

    def marginal(self, column: int) -> TMixture:
        """Posterior of one coefficient: a weighted mixture of Student-t distributions."""
        scale = np.sqrt(self.scale2 * self.cov_unscaled[:, column, column])
        return TMixture(self.weights, self.means[:, column], scale, self.dof)


def likelihood_rows(days: IntArray, *, conditional: bool) -> BoolArray:
    """Which rows contribute to the likelihood: all of them, or (conditional) only rows whose previous
    row is the previous calendar day, so the first day of every run of consecutive days is conditioned on."""
    keep = np.ones(days.size, dtype=np.bool_)
    if conditional and days.size:  # no rows at all (e.g. one check-in, no usable day): nothing to keep
        keep[0] = False
        keep[1:] = np.diff(days) == 1
    return keep


def fit(
    *,
    x: FloatArray,
    y: FloatArray,
    days: IntArray,
    prior_precision: FloatArray,
    rho_grid: FloatArray,
    log_rho_prior: FloatArray | None = None,
    sigma2_shape: float = 2.0,
    sigma2_scale: float = 2.0,
    conditional: bool = True,
) -> Posterior:
    """Fit y (n,) on x (n, p) observed on integer calendar ``days`` (n, strictly increasing).

    ``prior_precision`` (p,) is 1/κ² per coefficient (0 = flat; the marginal likelihood then omits the
    prior's normalising constant, which does not depend on ρ, like REML); ``rho_grid`` the AR(1) values integrated
    over with ``log_rho_prior`` (uniform when None). Returns the grid posterior.
    """
    z = np.column_stack([x, y])
    grid = np.asarray(rho_grid, dtype=np.float64)
    stats, log_jacobian, n_rows = _quasi_differenced_stats(z, days, grid, conditional=conditional)
    p = x.shape[1]
    # A tiny ridge on flat-prior columns keeps the factorisation defined; it changes estimates by < 1e-9.
    ridge = np.where(prior_precision == 0, FLAT_RIDGE, prior_precision)
    precision = stats[:, :p, :p] + np.diag(ridge)[None, :, :]
    xty = stats[:, :p, p]
    chol = np.linalg.cholesky(precision)
    inverse = np.linalg.inv(precision)
    means = np.einsum("gij,gj->gi", inverse, xty)
    # Coefficients with a flat prior use up a degree of freedom each (as in REML); proper priors do not.
    shape = sigma2_shape + (n_rows - int(np.sum(prior_precision == 0))) / 2.0
    scale = sigma2_scale + 0.5 * (stats[:, p, p] - np.einsum("gi,gi->g", means, xty))
    scale = np.maximum(scale, 1e-12)
    log_det = 2.0 * np.log(np.diagonal(chol, axis1=1, axis2=2)).sum(axis=1)
    log_ml = -0.5 * log_det - shape * np.log(scale) + log_jacobian
    if log_rho_prior is not None:
        log_ml = log_ml + log_rho_prior
    weights = np.exp(log_ml - log_ml.max())
    keep = weights >= NEGLIGIBLE_WEIGHT * weights.max()
    weights = weights[keep] / weights[keep].sum()
    # Shrunken (proper-prior) coefficients are still partly fitted from the data; their effective number
    # (trace of the hat matrix) is charged to the residual variance's degrees of freedom, as for a
    # penalised regression. Without this, intervals are too narrow when many factors share a short diary.
    fitted = np.einsum("gjj->g", inverse * prior_precision[None, None, :])
    charged = np.maximum(shape - 0.5 * (np.sum(prior_precision > 0) - fitted), sigma2_shape)
    return Posterior(
        rho=grid[keep],
        weights=weights,
        means=means[keep],
        cov_unscaled=inverse[keep],
        scale2=scale[keep] / charged[keep],
        sigma2_mean=scale[keep] / np.maximum(charged[keep] - 1.0, 1e-9),
        dof=2.0 * charged[keep],
        n_rows=n_rows,
    )


def _quasi_differenced_stats(
    z: FloatArray, days: IntArray, grid: FloatArray, *, conditional: bool
) -> tuple[FloatArray, FloatArray, int]:
    """Z̃ᵀZ̃ for every ρ on the grid (G, q, q), the log Jacobian of the transform (G,) and the row count.

    Rows are grouped by the gap Δt to their previous row (conditional: only Δt = 1; otherwise the first row
    enters as it is). Per group the sums zzᵀ, z z_prevᵀ + z_prev zᵀ and z_prev z_prevᵀ are formed once; every
    grid point then weighs them by 1/(1 − r²), −r/(1 − r²) and r²/(1 − r²) with r = ρ^Δt, all grid points
    and groups in one matrix product."""
    q = z.shape[1]
    gaps = np.diff(days)
    chosen = gaps == 1 if conditional else np.ones(gaps.size, dtype=np.bool_)
    current, before = z[1:][chosen], z[:-1][chosen]
    # the gap lengths present, each row's group and the group sizes (np.unique's answer, counted directly:
    # gaps are small positive whole numbers)
    tally = np.bincount(gaps[chosen])
    unique = np.flatnonzero(tally)
    code = np.zeros(tally.size, dtype=np.intp)
    code[unique] = np.arange(unique.size)
    group, counts = code[gaps[chosen]], tally[unique]
    member = (group[None, :] == np.arange(unique.size)[:, None]).astype(np.float64)  # (K, m)
    weighted_current = member[:, :, None] * current[None, :, :]
    own = weighted_current.transpose(0, 2, 1) @ current
    cross = weighted_current.transpose(0, 2, 1) @ before
    past = (member[:, :, None] * before[None, :, :]).transpose(0, 2, 1) @ before
    r = grid[:, None] ** unique.astype(np.float64)[None, :]  # (G, K)
    inv = 1.0 / (1.0 - r**2)
    weights = np.concatenate([inv, -inv * r, inv * r**2], axis=1)
    sums = np.concatenate([own, cross + cross.transpose(0, 2, 1), past]).reshape(3 * unique.size, q * q)
    stats = (weights @ sums).reshape(grid.size, q, q)
    n_rows = int(current.shape[0])
    if not conditional and z.shape[0]:
        stats += np.outer(z[0], z[0])[None, :, :]
        n_rows += 1
    return stats, 0.5 * (np.log(inv) @ counts.astype(np.float64)), n_rows


def innovations(
    *, x: FloatArray, y: FloatArray, days: IntArray, coefficients: FloatArray, rho: float, conditional: bool
) -> tuple[FloatArray, IntArray]:
    """Quasi-differenced residuals at one ρ and coefficient vector, with the day of each row (for checks)."""
    residual = y - x @ coefficients
    gaps = np.diff(days).astype(np.float64)
    r = rho**gaps
    step = (residual[1:] - r * residual[:-1]) / np.sqrt(1.0 - r**2)
    chosen = gaps == 1 if conditional else np.ones(gaps.size, dtype=np.bool_)
    return step[chosen], days[1:][chosen]


@dataclass(frozen=True)
class TMixture:
    """A weighted mixture of Student-t distributions with common degrees of freedom (points)."""

    weights: FloatArray
    loc: FloatArray
    scale: FloatArray
    dof: FloatArray

    def cdf(self, value: float | FloatArray) -> FloatArray:
        """P(coefficient ≤ value), exactly, for a scalar or an array of values."""
        from scipy import special  # here: scipy costs most of a start-up
        points = np.atleast_1d(np.asarray(value, dtype=np.float64))
        standard = (points[:, None] - self.loc[None, :]) / self.scale[None, :]
        return np.asarray(special.stdtr(self.dof, standard) @ self.weights)

    def quantile(self, probability: float) -> float:
        """The value below which the coefficient lies with the given probability (to 1e-10 in probability)."""
        return float(self.quantiles(np.array([probability]))[0])

    def interval(self) -> tuple[float, float]:
        """Equal-tailed 95 % credible interval (points)."""
        low, high = self.quantiles(np.array([0.025, 0.975]))
        return float(low), float(high)

    def quantiles(self, probabilities: FloatArray) -> FloatArray:
        """Several quantiles at once: Newton steps from the component average, kept inside a shrinking
        bracket (bisection when a step would leave it), until every CDF is within 1e-10."""
        from scipy import special  # here: scipy costs most of a start-up
        component = self.loc[None, :] + self.scale[None, :] * special.stdtrit(self.dof[None, :], probabilities[:, None])
        low, high = component.min(axis=1), component.max(axis=1)
        value = component @ self.weights
        for _ in range(QUANTILE_MAX_STEPS):
            z = (value[:, None] - self.loc[None, :]) / self.scale[None, :]
            gap = special.stdtr(self.dof[None, :], z) @ self.weights - probabilities
            if np.all((np.abs(gap) < QUANTILE_TOLERANCE) | (high - low < 1e-12)):
                break
            low, high = np.where(gap < 0, value, low), np.where(gap < 0, high, value)
            density = np.exp(self._log_t_density(z)) @ (self.weights / self.scale)
            with np.errstate(divide="ignore", invalid="ignore"):
                step = value - gap / density
            inside = (step > low) & (step < high)
            value = np.where(inside, step, 0.5 * (low + high))
        return np.asarray(value)

    def _log_t_density(self, z: FloatArray) -> FloatArray:
        from scipy import special  # here: scipy costs most of a start-up
        dof = self.dof[None, :]
        constant = special.gammaln((dof + 1) / 2) - special.gammaln(dof / 2) - 0.5 * np.log(dof * math.pi)
        return np.asarray(constant - (dof + 1) / 2 * np.log1p(z**2 / dof))

    @property
    def mean(self) -> float:
        """Posterior mean (points)."""
        return float(self.weights @ self.loc)

    @property
    def sd(self) -> float:
        """Posterior standard deviation (points)."""
        spread = self.scale**2 * np.where(self.dof > 2.0, self.dof / np.maximum(self.dof - 2.0, 1e-9), 1e6)
        second = float(self.weights @ (spread + self.loc**2))
        return math.sqrt(max(second - self.mean**2, 0.0))
