"""Side by side with Trialist: the same simulated N-of-1 trials fitted by Painwise and by a JAGS model.

The PREEMPT/Trialist project (Kravitz, Schmid et al.; the R package TrialistNof1) analyses a pain outcome
with a normal model in JAGS: outcome = intercept + treatment effect (+ block levels or a trend), vague
normal priors, MCMC. This script writes such a model itself (it copies nothing from TrialistNof1) in two
versions and fits each simulated trial with it through rjags, then fits the same rows with Painwise's engine
with the same likelihood and priors:

- ``normal``: independent days (Trialist's base normal model), against Painwise with ρ fixed at 0;
- ``ar1``: AR(1) errors across gaps with ρ ~ U(0, 0.95), against Painwise's own analysis model (ρ
  integrated over its 39-point grid on 0-0.95).

Priors in both: flat intercept and block levels (JAGS: N(0, 10^6)); effect N(0, 100·σ²) (Painwise's working
prior, before its sceptical prior is swapped in); 1/σ² ~ Gamma(2, 2). It prints how far apart the posterior
means are, in posterior SDs (target: within 0.05), and the time per trial (target: Painwise at least 1000 times
faster). Times are CPU seconds (user + system), so that other work on a shared machine distorts the ratio
less (compare only within one run: load still moves CPU seconds). JAGS is the model compile plus all its
iterations inside one R session (R's start-up is not counted); Painwise is the same model's fit, then per design
its analysis (the exact swap to the sceptical prior, the probabilities and the verdict) and its full analysis as
shipped (that and the randomisation test; with 10 % of days marked "not followed" also the per-protocol
sensitivity analysis, a second fit).

JAGS runs each model under one or more run protocols (``--protocols``): ``fixed``, our like-for-like 2 chains x
(1,000 burn-in + ``--iterations``); ``trialist``, the run protocol of TrialistNof1's analysis unit (3 chains, DIC
from 10,000 iterations first, adaptation, Gelman-Rubin convergence on sets of 1,000, 5,000 kept per chain);
``nof1``, the nof1 R package's ``nof1.run`` defaults (3 chains, adaptation, convergence on sets of 10,000, 50,000
kept per chain). ``--trialist-settings`` runs all three. Both Trialist protocols were read from their public code
and written anew here; see docs/experiments.md.

``--per-trial`` also times what TrialistNof1 does for one outcome of one trial, not one fit: its normal model
set, every scheduled day a row (missing scores imputed by JAGS), its priors and each row's deviance monitored as
there — intercept + A alone, + day number, + block levels, each again with the previous day's score, at least
one more with carry-over days, and a refit without the carry-over days when those matter (7 or 8 fits) — with its
rule for choosing among them, under the ``fixed`` and ``trialist`` protocols, against Painwise's full analysis as
shipped. The model set and rule were read from TrialistNof1's public code and written anew here (how they
differ: docs/experiments.md). ``--rounds`` times Painwise several times and prints the range.

Needs R, JAGS and rjags from Debian's packages (never a CI requirement); with ``--install`` the script runs
``apt-get install -y r-base-core jags r-cran-rjags`` first (as root).

Run: .venv/bin/python bench/trialist_comparison.py [--trials 40] [--iterations 10000] [--trialist-settings]
[--per-trial] [--rounds 3] [--keep FOLDER] [--install]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from painwise.nof1.trial import (
    RHO_GRID,
    TrialData,
    TrialDesign,
    analyse_trial,
    full_analysis,
    generate_schedule,
    simulate_data,
    working_effect,
)

SIGMA, RHO, MISSING, MCID = 1.5, 0.5, 0.1, 1.0
DESIGNS = {
    "blocks 4 x 2 x 7 d": TrialDesign(kind="blocks", pairs=4, period_days=7, washout_days=2),
    "days 28": TrialDesign(kind="days", days=28),
}
PACKAGES = ("r-base-core", "jags", "r-cran-rjags")

R_SCRIPT = r"""
suppressMessages(library(rjags))
invisible(load.module("glm"))
args <- commandArgs(TRUE)
folder <- args[1]; protocol <- args[2]; iterations <- as.integer(args[3])
models <- list(
  normal = "model {
    for (i in 1:N) { mu[i] <- inprod(X[i, ], b[]); y[i] ~ dnorm(mu[i], tau) }
    b[1] ~ dnorm(0, 1.0E-6)
    b[2] ~ dnorm(0, tau / 100)
    for (j in 3:P) { b[j] ~ dnorm(0, 1.0E-6) }
    tau ~ dgamma(2, 2)
  }",
  ar1 = "model {
    for (i in 1:N) { mu[i] <- inprod(X[i, ], b[]) }
    y[1] ~ dnorm(mu[1], tau)
    for (i in 2:N) {
      r[i] <- pow(rho, gap[i])
      y[i] ~ dnorm(mu[i] + r[i] * (y[i - 1] - mu[i - 1]), tau / (1 - r[i] * r[i]))
    }
    b[1] ~ dnorm(0, 1.0E-6)
    b[2] ~ dnorm(0, tau / 100)
    for (j in 3:P) { b[j] ~ dnorm(0, 1.0E-6) }
    tau ~ dgamma(2, 2)
    rho ~ dunif(0, 0.95)
  }"
)
# Largest potential scale reduction factor over every monitored quantity (point estimates).
largest_psrf <- function(s) max(gelman.diag(s, autoburnin = FALSE, multivariate = FALSE)$psrf[, 1])
# Rows from..to of every chain, as one mcmc.list.
rows_of <- function(s, from, to) {
  as.mcmc.list(lapply(s, function(chain) mcmc(as.matrix(chain)[from:to, , drop = FALSE])))
}
joined <- function(a, b) {
  as.mcmc.list(lapply(seq_along(a), function(k) mcmc(rbind(as.matrix(a[[k]]), as.matrix(b[[k]])))))
}
thinned <- function(s, every) as.mcmc.list(lapply(s, function(chain) {
  m <- as.matrix(chain); mcmc(m[seq(every, nrow(m), by = every), , drop = FALSE])
}))
adapt_until_done <- function(m, step) {
  for (k in 1:100) if (adapt(m, n.iter = step, end.adaptation = FALSE)) return(invisible(k))
  stop("not adapted")
}
# Sampling until the Gelman-Rubin factor of every monitored quantity is at most 1.05, in sets of `step`
# iterations, at most `most` iterations in all; returns the draws so far.
until_converged <- function(m, watch, step, most) {
  s <- coda.samples(m, watch, n.iter = step, progress.bar = "none")
  while (largest_psrf(s) > 1.05 && nrow(as.matrix(s[[1]])) < most) {
    s <- joined(s, coda.samples(m, watch, n.iter = step, progress.bar = "none"))
  }
  s
}
run <- function(m, watch) {
  if (protocol == "fixed") {
    # Like for like: 1,000 burn-in and `iterations` kept draws per chain, 2 chains.
    update(m, 1000, progress.bar = "none")
    return(coda.samples(m, watch, n.iter = iterations, progress.bar = "none"))
  }
  if (protocol == "trialist") {
    # The PREEMPT/TrialistNof1 analysis unit's protocol: DIC from 10,000 iterations first, adaptation in
    # steps of 2,000, convergence checked on sets of 1,000 (up to 10,000), then 5,000 kept per chain
    # (thinned from the second half of the converged draws when that is longer).
    invisible(dic.samples(m, n.iter = 10000, progress.bar = "none"))
    adapt_until_done(m, 2000)
    s <- until_converged(m, watch, 1000, 10000)
    half <- nrow(as.matrix(s[[1]])) / 2
    if (half < 5000) return(coda.samples(m, watch, n.iter = 5000, progress.bar = "none"))
    return(thinned(coda.samples(m, watch, n.iter = half, progress.bar = "none"), floor(half / 5000)))
  }
  # "nof1": the nof1 package's nof1.run defaults: 10,000 adaptation iterations at compile time and in steps
  # of 10,000 until adapted, convergence on sets of 10,000 (up to 100,000), the second half kept and topped
  # up (or thinned) to 50,000 draws per chain.
  adapt_until_done(m, 10000)
  s <- until_converged(m, watch, 10000, 100000)
  total <- nrow(as.matrix(s[[1]]))
  s <- rows_of(s, total / 2 + 1, total)
  if (total / 2 < 50000) return(joined(s, coda.samples(m, watch, n.iter = 50000 - total / 2, progress.bar = "none")))
  thinned(s, ceiling(total / 2 / 50000))
}
chains <- if (protocol == "fixed") 2 else 3
adapt_first <- if (protocol == "nof1") 10000 else 0
inits <- lapply(seq_len(chains), function(k) list(.RNG.name = "base::Mersenne-Twister", .RNG.seed = k))
files <- sort(list.files(folder, pattern = "^trial-.*[.]csv$", full.names = TRUE))
rows <- list()
for (file in files) {
  d <- read.csv(file)
  X <- as.matrix(d[, grep("^x", names(d))])
  gap <- c(1, diff(d$day))
  for (name in names(models)) {
    data <- list(y = d$y, X = X, N = nrow(X), P = ncol(X))
    watch <- c("b", "tau")
    if (name == "ar1") { data$gap <- gap; watch <- c(watch, "rho") }
    used <- system.time({
      m <- jags.model(textConnection(models[[name]]), data = data, n.chains = chains, n.adapt = adapt_first,
                      quiet = TRUE, inits = inits)
      s <- run(m, watch)
    })
    seconds <- used[["user.self"]] + used[["sys.self"]]
    effect <- as.mcmc.list(lapply(s, function(chain) chain[, "b[2]", drop = FALSE]))
    draws <- as.numeric(unlist(effect))
    rows[[length(rows) + 1]] <- data.frame(trial = basename(file), model = name, mean = mean(draws), sd = sd(draws),
                                           ess = sum(coda::effectiveSize(effect)), kept = nrow(as.matrix(s[[1]])),
                                           chains = chains, seconds = seconds)
  }
}
write.csv(do.call(rbind, rows), file.path(folder, paste0("jags-", protocol, ".csv")), row.names = FALSE)
"""

R_PER_TRIAL = r"""
suppressMessages(library(rjags))
invisible(load.module("glm"))
args <- commandArgs(TRUE)
folder <- args[1]; protocol <- args[2]; iterations <- as.integer(args[3])
chains <- if (protocol == "fixed") 2 else 3
# One normal model of the set, every scheduled day a row (a missing score is a node JAGS imputes): intercept +
# A, then the columns of z (day number, block levels, carry-over days) and, with lag, the previous row's score
# (the first row's a parameter around the mean score). Priors as in TrialistNof1: intercept and effect
# N(0, 10^6), slopes N(0, 10), SD ~ U(0.1, 5); each row's deviance D is kept, as there.
model_text <- function(k, lag) {
  terms <- "alpha + beta * treat[i]"
  if (k > 0) terms <- paste(terms, "+ inprod(s[], z[i, ])")
  if (lag) terms <- paste(terms, "+ g * before[i]")
  paste0("model {
    for (i in 1:N) {
      mu[i] <- ", terms, "
      y[i] ~ dnorm(mu[i], prec)
      D[i] <- log(6.283185307179586) - log(prec) + prec * pow(y[i] - mu[i], 2)
    }",
    if (lag) "
    before[1] <- y0
    for (i in 2:N) { before[i] <- y[i - 1] }
    y0 ~ dnorm(centre, 2)
    g ~ dnorm(0, 0.1)" else "",
    if (k > 0) "
    for (j in 1:K) { s[j] ~ dnorm(0, 0.1) }" else "",
    "
    alpha ~ dnorm(0, 1.0E-6)
    beta ~ dnorm(0, 1.0E-6)
    sd ~ dunif(0.1, 5)
    prec <- 1 / (sd * sd)
  }")
}
parameters_of <- function(s, params) {
  names <- colnames(as.matrix(s[[1]]))
  names[sub("\\[.*", "", names) %in% params]
}
largest_psrf <- function(s, params) {
  cols <- parameters_of(s, params)
  part <- as.mcmc.list(lapply(s, function(chain) mcmc(as.matrix(chain)[, cols, drop = FALSE])))
  max(gelman.diag(part, autoburnin = FALSE, multivariate = FALSE)$psrf[, 1])
}
joined <- function(a, b) {
  as.mcmc.list(lapply(seq_along(a), function(k) mcmc(rbind(as.matrix(a[[k]]), as.matrix(b[[k]])))))
}
thinned <- function(s, every) as.mcmc.list(lapply(s, function(chain) {
  m <- as.matrix(chain); mcmc(m[seq(every, nrow(m), by = every), , drop = FALSE])
}))
# Returns the kept draws (every monitored node, all chains stacked) and the DIC.
run <- function(m, watch, params, observed) {
  if (protocol == "fixed") {
    update(m, 1000, progress.bar = "none")
    s <- coda.samples(m, watch, n.iter = iterations, progress.bar = "none")
    draws <- do.call(rbind, lapply(s, as.matrix))
    # DIC from the kept draws (mean deviance + half its variance): no extra iterations.
    deviance <- rowSums(draws[, paste0("D[", which(observed), "]"), drop = FALSE])
    return(list(draws = draws, dic = mean(deviance) + var(deviance) / 2))
  }
  # TrialistNof1's analysis unit: DIC from 10,000 iterations first, adaptation in steps of 2,000, sets of 1,000
  # until every parameter's Gelman-Rubin factor is at most 1.05 (at most 10 sets), then 5,000 kept per chain
  # (thinned from the second half of the converged draws when that is longer).
  d <- dic.samples(m, n.iter = 10000, progress.bar = "none")
  dic <- sum(d$deviance) + sum(d$penalty)
  for (k in 1:100) if (adapt(m, n.iter = 2000, end.adaptation = FALSE)) break
  s <- coda.samples(m, watch, n.iter = 1000, progress.bar = "none")
  while (largest_psrf(s, params) > 1.05 && nrow(as.matrix(s[[1]])) < 10000) {
    s <- joined(s, coda.samples(m, watch, n.iter = 1000, progress.bar = "none"))
  }
  half <- nrow(as.matrix(s[[1]])) / 2
  s <- if (half < 5000) coda.samples(m, watch, n.iter = 5000, progress.bar = "none") else
    thinned(coda.samples(m, watch, n.iter = half, progress.bar = "none"), floor(half / 5000))
  list(draws = do.call(rbind, lapply(s, as.matrix)), dic = dic)
}
fits <- 0
fit <- function(d, columns, lag) {
  fits <<- fits + 1
  data <- list(y = d$y, treat = d$treat, N = nrow(d))
  if (length(columns) > 0) { data$z <- as.matrix(d[, columns, drop = FALSE]); data$K <- length(columns) }
  if (lag) data$centre <- mean(d$y, na.rm = TRUE)
  params <- c("alpha", "beta", "sd", if (length(columns) > 0) "s", if (lag) "g")
  inits <- lapply(seq_len(chains), function(k) list(.RNG.name = "base::Mersenne-Twister", .RNG.seed = k))
  m <- jags.model(textConnection(model_text(length(columns), lag)), data = data, inits = inits,
                  n.chains = chains, n.adapt = 0, quiet = TRUE)
  r <- run(m, c(params, "y", "D"), params, !is.na(d$y))
  r$columns <- columns; r$lag <- lag
  r
}
# TrialistNof1's rule for adding terms: the new terms' 95 % interval excludes 0 (any of them) and the DIC drops by
# more than 3 -> take the new model; neither -> keep the old; when the two disagree TrialistNof1 compares
# posterior predictive checks (R code after the fits, no JAGS), which this bench replaces by the lower DIC.
excludes_zero <- function(f, names) {
  any(sapply(names, function(n) {
    if (!n %in% colnames(f$draws)) n <- sub("[[]1[]]$", "", n)  # coda names a one-slope vector "s"
    q <- quantile(f$draws[, n], c(0.025, 0.975)); q[1] > 0 || q[2] < 0
  }))
}
better <- function(new, old, names) {
  clear <- excludes_zero(new, names); lower <- new$dic < old$dic - 3
  if (clear == lower) clear else new$dic < old$dic
}
slopes <- function(from, to) paste0("s[", seq(from, to), "]")
files <- sort(list.files(folder, pattern = "^days-.*[.]csv$", full.names = TRUE))
rows <- list()
for (file in files) {
  d <- read.csv(file)
  blocks <- grep("^b[0-9]", names(d), value = TRUE)
  fits <- 0
  used <- system.time({
    candidates <- list(base = fit(d, character(0), FALSE), trend = fit(d, "t", FALSE), blocks = fit(d, blocks, FALSE),
                       `lag + base` = fit(d, character(0), TRUE), `lag + trend` = fit(d, "t", TRUE),
                       `lag + blocks` = fit(d, blocks, TRUE))
    choice <- "base"
    if (better(candidates$trend, candidates$base, "s[1]")) choice <- "trend"
    if (better(candidates$blocks, candidates[[choice]], slopes(1, length(blocks)))) choice <- "blocks"
    if (better(candidates[[paste("lag +", choice)]], candidates[[choice]], "g")) choice <- paste("lag +", choice)
    chosen <- candidates[[choice]]
    k <- length(chosen$columns)
    carry <- fit(d, c(chosen$columns, "carry_a", "carry_b"), chosen$lag)
    if (better(carry, chosen, slopes(k + 1, k + 2))) {
      chosen <- fit(d[d$carry_a == 0 & d$carry_b == 0, ], chosen$columns, chosen$lag)
      choice <- paste(choice, "without carry-over days")
    }
  })
  effect <- chosen$draws[, "beta"]
  rows[[length(rows) + 1]] <- data.frame(trial = sub("^days-", "trial-", basename(file)), fits = fits,
                                         choice = choice, mean = mean(effect), sd = sd(effect), chains = chains,
                                         seconds = used[["user.self"]] + used[["sys.self"]])
}
write.csv(do.call(rbind, rows), file.path(folder, paste0("jags-per-trial-", protocol, ".csv")), row.names = FALSE)
"""

def install() -> None:
    apt = shutil.which("apt-get")
    if apt is None:
        sys.exit("--install needs apt-get (Debian).")
    subprocess.run([apt, "install", "-y", *PACKAGES], check=True)  # noqa: S603 (fixed package names)


def design_matrix(data: TrialData, rows: np.ndarray, kind: str) -> np.ndarray:
    """The columns Painwise's trial analysis uses: intercept, A, then block-pair levels or a linear trend."""
    day = data.day[rows].astype(np.float64)
    cols = [np.ones(rows.sum()), np.array([c == "A" for c in data.assigned], dtype=np.float64)[rows]]
    if kind == "blocks":
        pair = (data.period[rows] - 1) // 2
        cols += [(pair == level).astype(np.float64) for level in np.unique(pair)[1:]]
    else:
        cols.append((day - day.mean()) / max(float(np.ptp(day)), 1.0))
    return np.column_stack(cols)


def simulate(trials: int, seed: int) -> list[tuple[str, str, TrialData]]:
    rng = np.random.default_rng(seed)
    out: list[tuple[str, str, TrialData]] = []
    for name, design in DESIGNS.items():
        for run in range(trials):
            schedule = generate_schedule(design, seed=seed * 1000 + run)
            effect = float(rng.normal(0.0, MCID))
            out.append((name, design.kind, simulate_data(schedule, effect=effect, sigma=SIGMA, rho=RHO, rng=rng,
                                                         missing=MISSING)))
    return out


def write_trials(folder: Path, trials: list[tuple[str, str, TrialData]]) -> None:
    for number, (_, kind, data) in enumerate(trials):
        rows = np.isfinite(data.outcome) & ~data.washout.astype(bool)
        x = design_matrix(data, rows, kind)
        with (folder / f"trial-{number:04d}.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["y", "day", *[f"x{j}" for j in range(x.shape[1])]])
            for y, day, row in zip(data.outcome[rows], data.day[rows], x, strict=True):
                writer.writerow([repr(float(y)), int(day), *[repr(float(v)) for v in row]])




def write_days(folder: Path, trials: list[tuple[str, str, TrialData]]) -> None:
    """One row per scheduled day, in TrialistNof1's form for its model set: the score (NA when missing; washout
    days kept), A as 1/0, the day number, block levels 2.. as 0/1 columns (block pairs; weeks in day-level
    designs) and the carry-over days (the first days after each change of condition and of the trial: as in
    TrialistNof1, 2 when periods last 14 days or more, else 1), split by the condition carried over."""
    for number, (name, kind, data) in enumerate(trials):
        design = DESIGNS[name]
        carry_days = 2 if design.kind == "blocks" and design.period_days >= 14 else 1
        treat = [1 if c == "A" else 0 for c in data.assigned]
        block = (data.period - 1) // 2 if kind == "blocks" else data.day // 7
        carry_a, carry_b, since, before = [], [], 0, -1
        for value in treat:
            since = 0 if value != before else since + 1
            carried = since < carry_days
            carry_a.append(int(carried and value == 0))  # B days right after A (or the trial's start)
            carry_b.append(int(carried and value == 1))
            before = value
        levels = [int(level) for level in np.unique(block)[1:]]
        with (folder / f"days-{number:04d}.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["y", "treat", "t", *[f"b{level}" for level in levels], "carry_a", "carry_b"])
            for i, y in enumerate(data.outcome):
                writer.writerow([repr(float(y)) if np.isfinite(y) else "NA", treat[i], int(data.day[i]) + 1,
                                 *[int(block[i] == level) for level in levels], carry_a[i], carry_b[i]])


GRIDS: dict[str, tuple[float, ...]] = {"normal": (0.0,), "ar1": RHO_GRID}
REPEATS = 5


def painwise_fits(
    trials: list[tuple[str, str, TrialData]],
) -> tuple[dict[tuple[int, str], tuple[float, float]], dict[Any, float]]:
    """Posterior mean and SD of A − B per trial and model; seconds per trial for each model's fit, and per
    design for the analysis (fit, exact swap to the sceptical prior, verdict) and the full analysis as shipped."""
    fits: dict[tuple[int, str], tuple[float, float]] = {}
    seconds: dict[Any, float] = {}
    for _, kind, data in trials[:1] + trials[-1:]:  # warm up: imports and first-call set-up are not timed
        analyse_trial(data, kind=kind, mcid=MCID)  # type: ignore[arg-type]
    for model, grid in GRIDS.items():
        started = time.process_time()
        for _ in range(REPEATS):
            for number, (_, kind, data) in enumerate(trials):
                mixture = working_effect(data, kind=kind, rho_grid=grid)  # type: ignore[arg-type]
                fits[number, model] = (mixture.mean, mixture.sd)
        seconds[model] = (time.process_time() - started) / (REPEATS * len(trials))
    # As shipped (painwise.nof1.trial.full_analysis, which painwise.experiments.services.read_result calls): the
    # intention-to-treat analysis with the randomisation test, and the per-protocol sensitivity analysis when some
    # day was marked "not followed" (reusing the first result when none of those days was counted). Two cases:
    # every day followed (the simulated trials as they are), and 10 % of days at random marked "not followed"
    # (then some counted day almost always is, and the per-protocol analysis is a second fit).
    rng = np.random.default_rng(0)
    for design in DESIGNS.values():
        chosen = [replace(data, followed=(True,) * data.day.size) for _, kind, data in trials if kind == design.kind]
        flagged = [replace(data, followed=tuple(bool(v) for v in rng.random(data.day.size) >= 0.1)) for data in chosen]
        refits = sum(not full_analysis(data, kind=design.kind, mcid=MCID).sensitivity_same_days for data in flagged)
        seconds["refits", design.kind] = refits / len(flagged)
        started = time.process_time()
        for _ in range(REPEATS):
            for data in chosen:
                analyse_trial(data, kind=design.kind, mcid=MCID, randomisation=False)
        seconds["itt", design.kind] = (time.process_time() - started) / (REPEATS * len(chosen))
        for key, group in (("full", chosen), ("full, not followed", flagged)):
            started = time.process_time()
            for _ in range(REPEATS):
                for data in group:
                    full_analysis(data, kind=design.kind, mcid=MCID)
            seconds[key, design.kind] = (time.process_time() - started) / (REPEATS * len(group))
    return fits, seconds


PROTOCOLS = {
    "fixed": "2 chains, 1,000 burn-in + {iterations:,} kept iterations each (like for like)",
    "trialist": "TrialistNof1's run protocol: 3 chains, DIC from 10,000 iterations, adaptation in steps of 2,000, "
                "Gelman-Rubin <= 1.05 on sets of 1,000 (up to 10,000), 5,000 kept per chain",
    "nof1": "the nof1 package's nof1.run defaults: 3 chains, 10,000 + 10,000 adaptation, Gelman-Rubin <= 1.05 on "
            "sets of 10,000 (up to 100,000), 50,000 kept per chain",
}


def run_jags(rscript: str, folder: Path, protocol: str, iterations: int,
             per_trial: bool = False) -> tuple[list[dict[str, str]], float, float]:
    """Fit every trial in ``folder`` with JAGS under ``protocol`` (one model per trial, or with ``per_trial``
    TrialistNof1's whole model set and selection), reusing an earlier result file there; returns the rows, the
    R session's wall seconds and its CPU seconds (0 when reused)."""
    result = folder / (f"jags-per-trial-{protocol}.csv" if per_trial else f"jags-{protocol}.csv")
    script = folder / ("per_trial.R" if per_trial else "fit.R")
    wall = cpu = 0.0
    if not result.exists():
        before = os.times()
        started = time.perf_counter()
        subprocess.run([rscript, str(script), str(folder), protocol, str(iterations)],  # noqa: S603 (our script)
                       check=True)
        wall = time.perf_counter() - started
        after = os.times()
        cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    with result.open() as handle:
        return list(csv.DictReader(handle)), wall, cpu


def trial_number(row: dict[str, str]) -> int:
    return int(row["trial"].removeprefix("trial-").removesuffix(".csv"))


def report(protocol: str, jags: list[dict[str, str]], trials: list[tuple[str, str, TrialData]],
           fits: dict[tuple[int, str], tuple[float, float]], painwise_seconds: dict[Any, float]) -> None:
    print("| design | model | trials | mean abs. difference of posterior means (SD units) | largest | "
          "SD ratio JAGS/Painwise | median JAGS ESS | JAGS CPU s/trial | Painwise CPU, same model | speed-up |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for design in DESIGNS:
        for model in ("normal", "ar1"):
            chosen = [row for row in jags if trials[trial_number(row)][0] == design and row["model"] == model]
            gaps = [abs(float(r["mean"]) - fits[trial_number(r), model][0]) / fits[trial_number(r), model][1]
                    for r in chosen]
            ratios = [float(r["sd"]) / fits[trial_number(r), model][1] for r in chosen]
            per_trial = float(np.mean([float(r["seconds"]) for r in chosen]))
            ours = painwise_seconds[model]
            print(f"| {design} | {model} | {len(chosen)} | {np.mean(gaps):.3f} | {np.max(gaps):.3f} | "
                  f"{np.mean(ratios):.3f} | {np.median([float(r['ess']) for r in chosen]):,.0f} | {per_trial:.3f} | "
                  f"{ours * 1000:.2f} ms | {per_trial / ours:,.0f}x |")
    for design, kind in ((name, d.kind) for name, d in DESIGNS.items()):
        jags_ar1 = float(np.mean([float(r["seconds"]) for r in jags
                                  if r["model"] == "ar1" and trials[trial_number(r)][0] == design]))
        print(f"\n{design}: JAGS AR(1) fit ({protocol}) {jags_ar1:.2f} s CPU per trial.")
        refits = painwise_seconds["refits", kind]
        for key, label in (("itt", "analysis (AR(1) fit, exact swap to the sceptical prior, probabilities, verdict)"),
                           ("full", "full analysis as shipped, every day followed (that and the randomisation test)"),
                           ("full, not followed", "full analysis as shipped, 10 % of days not followed (that, the "
                                                  f"randomisation test and the per-protocol refit in {refits:.0%} "
                                                  "of trials)")):
            ours = painwise_seconds[key, kind]
            print(f"  Painwise {label}: {ours * 1000:.2f} ms CPU per trial, {jags_ar1 / ours:,.0f}x faster.")


PER_TRIAL_PROTOCOLS = ("fixed", "trialist")


def spread(values: list[float]) -> str:
    low, high = min(values), max(values)
    return f"{low:,.0f}x" if round(low) == round(high) else f"{low:,.0f}-{high:,.0f}x"


def report_per_trial(protocol: str, jags: list[dict[str, str]], trials: list[tuple[str, str, TrialData]],
                     rounds: list[dict[Any, float]]) -> None:
    """TrialistNof1's whole analysis of one outcome per trial (its model set and selection) against Painwise's
    full analysis as shipped, Painwise timed in several rounds (the range over them)."""
    print("| design | fits per trial | JAGS CPU s per trial (range) | Painwise full analysis, every day followed "
          "| faster by | Painwise, 10 % not followed | faster by |")
    print("|---|---|---|---|---|---|---|")
    for design, kind in ((name, d.kind) for name, d in DESIGNS.items()):
        chosen = [row for row in jags if trials[trial_number(row)][0] == design]
        seconds = [float(r["seconds"]) for r in chosen]
        fits = [int(r["fits"]) for r in chosen]
        jags_mean = float(np.mean(seconds))
        cells = []
        for key in ("full", "full, not followed"):
            ours = [round_[key, kind] for round_ in rounds]
            cells += [f"{min(ours) * 1000:.2f}-{max(ours) * 1000:.2f} ms", spread([jags_mean / v for v in ours])]
        print(f"| {design} | {np.mean(fits):.2f} ({min(fits)}-{max(fits)}) | {jags_mean:.2f} "
              f"({min(seconds):.2f}-{max(seconds):.2f}) | " + " | ".join(cells) + " |")
    for design in DESIGNS:
        choices: dict[str, int] = {}
        for row in jags:
            if trials[trial_number(row)][0] == design:
                choices[row["choice"]] = choices.get(row["choice"], 0) + 1
        print(f"{design}: models chosen: " + ", ".join(f"{name} {count}" for name, count in sorted(choices.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=40, help="simulated trials per design")
    parser.add_argument("--iterations", type=int, default=10000, help="kept MCMC iterations per chain (fixed protocol)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--protocols", default="fixed", help="comma-separated: " + ", ".join(PROTOCOLS))
    parser.add_argument("--trialist-settings", action="store_true",
                        help="also run JAGS with Trialist's own run protocols (= --protocols fixed,trialist,nof1)")
    parser.add_argument("--keep", type=Path, help="a folder for the trial files and JAGS results; results already "
                                                  "there for the same --trials and --seed are reused")
    parser.add_argument("--per-trial", action="store_true",
                        help="also time TrialistNof1's whole analysis of one outcome per trial (its 7-8 model fits "
                             "and selection) under the fixed and trialist protocols, against Painwise's full analysis")
    parser.add_argument("--rounds", type=int, default=3, help="times Painwise is timed (the range is reported)")
    parser.add_argument("--install", action="store_true", help="apt-get install R, JAGS and rjags first")
    args = parser.parse_args()
    protocols = list(PROTOCOLS) if args.trialist_settings else args.protocols.split(",")
    unknown = sorted(set(protocols) - set(PROTOCOLS))
    if unknown:
        sys.exit(f"--protocols: unknown {unknown[0]!r}; use {', '.join(PROTOCOLS)}.")
    if args.install:
        install()
    rscript = shutil.which("Rscript")
    if rscript is None or shutil.which("jags") is None:
        sys.exit("Needs R, JAGS and rjags: apt-get install -y " + " ".join(PACKAGES) + " (or --install).")
    trials = simulate(args.trials, args.seed)
    results = {}
    with tempfile.TemporaryDirectory(prefix="trialist-") as name:
        folder = Path(name) if args.keep is None else args.keep / f"trials-{args.trials}-seed-{args.seed}"
        folder.mkdir(parents=True, exist_ok=True)
        write_trials(folder, trials)
        (folder / "fit.R").write_text(R_SCRIPT)
        print(f"load average at the start: {load()}", flush=True)
        for protocol in protocols:
            results[protocol] = run_jags(rscript, folder, protocol, args.iterations)
        per_trial = {}
        if args.per_trial:
            write_days(folder, trials)
            (folder / "per_trial.R").write_text(R_PER_TRIAL)
            for protocol in PER_TRIAL_PROTOCOLS:
                per_trial[protocol] = run_jags(rscript, folder, protocol, args.iterations, per_trial=True)
    print(f"load average before timing Painwise: {load()}", flush=True)
    rounds = [painwise_fits(trials) for _ in range(max(args.rounds, 1))]
    fits = rounds[0][0]
    painwise_seconds = {key: float(np.median([r[1][key] for r in rounds])) for key in rounds[0][1]}
    print(f"load average after timing Painwise: {load()}")
    print(f"{len(trials)} simulated trials ({args.trials} per design; SD {SIGMA}, rho {RHO}, {MISSING:.0%} missing, "
          f"true effect ~ N(0, {MCID}^2)); CPU seconds (JAGS: compile + sampling inside the R session). Painwise "
          f"timed {len(rounds)} times: medians in the one-fit tables, ranges in the per-trial ones.")
    for protocol in protocols:
        jags, wall, cpu = results[protocol]
        kept = sorted({int(r["kept"]) for r in jags})
        print(f"\n## JAGS {protocol}: " + PROTOCOLS[protocol].format(iterations=args.iterations))
        print(f"kept draws per chain: {', '.join(f'{k:,}' for k in kept)}"
              + (f"; R wall {wall:.0f} s, R process CPU {cpu:.0f} s\n" if wall else " (reused)\n"))
        report(protocol, jags, trials, fits, painwise_seconds)
    for protocol, (jags, wall, cpu) in per_trial.items():
        print(f"\n## Per trial: TrialistNof1's analysis of one outcome, JAGS {protocol}: "
              + PROTOCOLS[protocol].format(iterations=args.iterations)
              + (f"; R wall {wall:.0f} s, R process CPU {cpu:.0f} s\n" if wall else " (reused)\n"))
        report_per_trial(protocol, jags, trials, [r[1] for r in rounds])


def load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
