r"""Estimation rates over R-BV²: weight-decay networks against kernel ridge regression (catalog F3, F4).

**Claims** ([PN23] abstract, READ qualitatively): estimators minimising squared error + λ·(weight decay) are minimax
optimal up to logs over the second-order Radon-domain BV space and their rate is immune to the curse of
dimensionality; linear methods (kernel ridge regression with fixed parameters is one) necessarily suffer it.  The
exponents are **UNCONFIRMED** (catalog F3, F4): the network's MSE rate :math:`N^{-(d+3)/(2d+3)}` (support: [LQWP]
§B.2 quotes its square root) and the linear lower bound :math:`N^{-3/(d+3)}` (a recollection and a heuristic: a
kink along a hyperplane has Sobolev smoothness 3/2 in d dimensions, and :math:`N^{-2s/(2s+d)}` with :math:`s = 3/2`).
Every row states them as ``UNCONFIRMED``; they are reported next to the measured exponents, never as a verdict.

**Domain and target.**  Inputs are uniform in the unit ball :math:`B_1^d`, the domain of [PN23] and [LQWP] (catalog
F3, "Pitfalls").  The target is a sum of ``neurons`` ReLU ridges (default 2) with unit normals :math:`u_m` uniform on
the sphere,

.. math:: f(x) = \sum_{m=1}^M s_m\,\sigma\bigl(\sqrt{d+2}\,u_m\cdot x - \tau_m\bigr),\qquad s_m = \pm1,\quad
          \tau_m \sim U[-1, 1],

so :math:`\mathrm{R\text{-}TV}^2(f) = M\sqrt{d+2}` (catalog D6).  Why the :math:`\sqrt{d+2}`: for :math:`x` uniform
in :math:`B_1^d`, :math:`\mathbb E(u\cdot x)^2 = 1/(d+2)`, so :math:`\sqrt{d+2}\,u\cdot x` has unit variance in every
d; every kink then crosses the bulk of the data and the signal-to-noise ratio does not change with d (without it the
ridges of a high-dimensional ball would be almost flat on the data).  A single ReLU ridge is the classic example
separating the two methods: its kink is a (d−1)-dimensional hyperplane.  Observations are
:math:`y_n = f(x_n) + \varepsilon_n`, :math:`\varepsilon_n \sim N(0, \sigma^2)` with ``noise`` :math:`\sigma` (default
0.5: a signal-to-noise ratio about 1, chosen before any run so that estimation, not approximation, dominates).

**Error.**  MSE :math:`= \frac1T\sum_t(\hat f(z_t) - f(z_t))^2` on ``test_points`` (default 4096) fresh uniform
points of :math:`B_1^d`, against the *noiseless* target.

**Seeding** (identical numbers on any engine).  The target, the test points, the data directions, radii and noise are
five sub-streams ``seed_for("estimation", part, d, seed, ...)`` that depend neither on N nor on the method; the
first :math:`N` data points of a larger :math:`N'` are the same points (nested designs: the curves of one seed are
smooth in N), and both methods see the same data and the same cross-validation folds.

**Estimators** (task parameter ``method``: ``"network"``, ``"kernel"``, or ``"both"``, the default: both on the same
data).

* ``network`` — weight decay, :math:`\min \tfrac12\sum_n(f(x_n) - y_n)^2 + \lambda\,\mathrm{R\text{-}TV}^2(f)` (by
  [PN21] Thm 8 the same as training with :math:`\tfrac\lambda2\sum_k(v_k^2 + \|w_k\|^2)`).  d = 1: the exact
  minimiser :func:`radontv.regression.tv2_regression`; d ≥ 2: a trained network
  :func:`radontv.train.fit_network` of width ``width`` (default 32), from a seeded random start.  The certified
  :func:`radontv.fit.rtv2_fit` is too slow inside cross-validation (seconds per fit at N = 40, d = 2; minutes at
  d = 3).  It serves as a diagnostic instead: with task parameter ``certify_max_patterns`` (full profile: 2100,
  i.e. d = 2 at N = 64; default 0, off) a task whose activation-pattern count is within the limit also solves the
  problem at the chosen λ with rtv2_fit and records ``certified = {objective, ratio, mse, ...}``, the ratio of the
  trained objective to the certified optimum (measured 1.000–1.003 at d = 2, N = 20 … 48) — or its failure
  (``FitNotCertified``).  The reported MSE stays the trained network's, so that each curve has one estimator.
* ``kernel`` — kernel ridge regression (:mod:`radontv.rates.kernel`), kernel, γ and α chosen by the same CV.

**Tuning: cross-validation on one seeded 5-fold split, shared by both methods.**  The network's grid is
:math:`\lambda = \hat\lambda_{\max}\,4^{-j}`, :math:`j = 0..` ``lam_steps``−1 (:math:`j = 0` is the affine fit),
with :math:`\hat\lambda_{\max} = \max |\sum_n r_n\,\sigma(u\cdot x_n - t)|` over unit neurons, :math:`r` the
residuals of the least-squares affine fit: the smallest λ for which the affine fit is optimal (exact in d = 1, where
it equals :func:`radontv.regression.lambda_max`; in d ≥ 2 the maximum over ``directions`` random normals and every
data offset, a lower estimate).  A fold of :math:`n_{\mathrm{tr}}` points uses :math:`\lambda\,n_{\mathrm{tr}}/N`
(the same penalty per data point).  The kernel always uses all 5 folds; the exact d = 1 fit too; trained networks
validate on the first ``network_folds`` folds (full profile: 5, K-fold CV; quick profile: 1, a hold-out of 20 %,
because training dominates the cost) — the network is tuned no better than the kernel, never better.  Each result
says whether the choice is the smallest value of its grid (``at_edge``).

**Profiles.**  ``quick`` (CI): d = 1, 2, 4; N = 32 … 256; 4 seeds; width 16, at most 500 BFGS iterations; about
8 CPU seconds per seed (measured: process time; a loaded machine takes longer).  It is a smoke-size grid: its
intervals are wide (with 3 seeds they spanned several units) and it cannot separate the conjectured exponents (they
differ by 0.05 at d = 1 and 0.2 at d = 4).  ``full``: d = 1 … 10, N = 64 … 1024, 10 seeds, width 32, 5-fold CV for
the network too (hours of CPU; run it on a cluster, ``--scheduler``).

**What the data showed** (measured while writing this module: quick settings — hold-out λ for trained networks,
width 16 — 6 seeds, N = 32 … 1024; exponent of the mean MSE with its 95 % bootstrap interval):

::

    d   network (conjectured −(d+3)/(2d+3))   kernel (conjectured −3/(d+3))   MSE at N = 1024: network / kernel
    1   −0.76 [−1.09, −0.45]  (−0.80)          −0.77 [−0.96, −0.57]  (−0.75)   0.0015 / 0.0020
    2   −0.75 [−0.91, −0.56]  (−0.71)          −0.71 [−0.86, −0.54]  (−0.60)   0.0064 / 0.0065
    4   −0.82 [−0.96, −0.65]  (−0.64)          −0.62 [−0.71, −0.46]  (−0.43)   0.0090 / 0.0180
    8   −0.93 [−1.08, −0.81]  (−0.58)          −0.65 [−0.80, −0.46]  (−0.27)   0.0137 / 0.0295

The network's exponent does not degrade: it stays below −1/2 in every d (steeper than conjectured at d = 8, where
CV picks the affine fit, j = 0, in 3 of 6 seeds at N = 32 and in 8 of 18 tasks at N ≤ 128 — pre-asymptotic).
The kernel's point estimates rise from d = 1 to 4 (−0.77, −0.71, −0.62) and stay at −0.65 at d = 8; its d = 1 and
d = 8 intervals overlap, so at N ≤ 1024 the kernel's degradation is suggested, not established.  Clearer is the gap
between the two: at d = 8 the two intervals (barely) no longer overlap, and at N = 1024 the network's MSE is half
the kernel's at d = 4 and d = 8.  The conjectured kernel exponent −3/(d+3) is a worst case over the R-BV² ball (a
linear minimax lower bound), not the rate on one two-ridge target: the measured kernel exponents are faster than
it, which does not contradict it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import InvalidInput
from .kernel import kernel_ridge_cv, kfolds
from .slopes import arrange, bootstrap_mean, fit_exponent
from .tasks import Profile, Task, seed_for

__all__ = ["METHODS", "NAME", "PROFILES", "lambda_max_estimate", "make_data", "make_target", "network_cv",
           "run_task", "summarize", "test_points", "theory"]

NAME = "estimation"
METHODS = ("network", "kernel")

#: quick (CI): a smoke-size grid; the network's λ is validated on one fold of the split (hold-out), width 16.
_QUICK = (("folds", 5), ("lam_steps", 5), ("max_iter", 500), ("network_folds", 1), ("neurons", 2), ("noise", 0.5),
          ("test_points", 4096), ("width", 16))
#: full: the experiment of docs/rates.md; 5-fold CV for both methods, width 32.
_FULL = (("certify_max_patterns", 2100), ("folds", 5), ("lam_steps", 6), ("max_iter", 2000), ("network_folds", 5),
         ("neurons", 2), ("noise", 0.5), ("test_points", 8192), ("width", 32))
PROFILES: dict[str, Profile] = {
    "quick": Profile("quick", (1, 2, 4), (32, 64, 128, 256), 4, _QUICK),
    "full": Profile("full", (1, 2, 3, 4, 6, 8, 10), (64, 128, 256, 512, 1024), 10, _FULL),
}

#: Default task parameters (a task without the parameter uses these).
DEFAULTS: dict[str, Any] = {"method": "both", "folds": 5, "lam_steps": 6, "neurons": 2, "noise": 0.5,
                            "test_points": 4096, "width": 32, "directions": 256, "max_iter": 2000,
                            "network_folds": 5, "certify_max_patterns": 0}


# ------------------------------------------------------------------------------------------------------------------
# target, data, test points
# ------------------------------------------------------------------------------------------------------------------
def _unit_ball(directions: np.ndarray, radii: np.ndarray) -> np.ndarray:
    """Uniform points of B_1^d from standard normals (n, d) and uniform radii (n,): r^{1/d} z/||z||."""
    d = directions.shape[1]
    norms = np.linalg.norm(directions, axis=1, keepdims=True)
    return directions / norms * radii[:, None] ** (1.0 / d)


def make_target(d: int, seed: int, neurons: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The target's weights ``(W, b, v)``: :math:`f(x) = \sum_m v_m\sigma(W_m\cdot x - b_m)` with
    :math:`W_m = \sqrt{d+2}\,u_m`, :math:`b_m = \tau_m`, :math:`v_m = \pm1` (module docstring)."""
    rng = np.random.default_rng(seed_for(NAME, "target", d, seed, neurons))
    U = rng.standard_normal((neurons, d))
    U /= np.linalg.norm(U, axis=1, keepdims=True)
    tau = rng.uniform(-1.0, 1.0, neurons)
    signs = rng.choice([-1.0, 1.0], neurons)
    return math.sqrt(d + 2) * U, tau, signs


def evaluate(weights: tuple[np.ndarray, np.ndarray, np.ndarray], X: np.ndarray) -> np.ndarray:
    """The target (or any shallow network without skip term) ``sum_m v_m relu(W_m . x - b_m)`` at the rows of X."""
    W, b, v = weights
    return np.maximum(X @ W.T - b, 0.0) @ v


def test_points(d: int, seed: int, count: int) -> np.ndarray:
    """``count`` uniform points of the unit ball (independent of N and of the method)."""
    rng_dir = np.random.default_rng(seed_for(NAME, "test-directions", d, seed))
    rng_rad = np.random.default_rng(seed_for(NAME, "test-radii", d, seed))
    return _unit_ball(rng_dir.standard_normal((count, d)), rng_rad.random(count))


def make_data(d: int, N: int, seed: int, *, neurons: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """N noisy samples ``(X, y)``; the first N points of a larger sample are the same points (nested designs)."""
    rng_dir = np.random.default_rng(seed_for(NAME, "data-directions", d, seed))
    rng_rad = np.random.default_rng(seed_for(NAME, "data-radii", d, seed))
    rng_noise = np.random.default_rng(seed_for(NAME, "data-noise", d, seed))
    X = _unit_ball(rng_dir.standard_normal((N, d)), rng_rad.random(N))
    y = evaluate(make_target(d, seed, neurons), X) + noise * rng_noise.standard_normal(N)
    return X, y


# ------------------------------------------------------------------------------------------------------------------
# the weight-decay estimator with cross-validated lambda
# ------------------------------------------------------------------------------------------------------------------
def _affine_residuals(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    A = np.hstack([X, np.ones((X.shape[0], 1))])
    coef, *_ = np.linalg.lstsq(A, y, rcond=None)
    return y - A @ coef


def lambda_max_estimate(X: np.ndarray, y: np.ndarray, normals: np.ndarray) -> float:
    r""":math:`\max_{u, j} |\sum_n r_n\,\sigma(u\cdot x_n - u\cdot x_j)|` over the rows ``u`` of ``normals`` (unit
    vectors) and the data offsets, with :math:`r` the residuals of the least-squares affine fit.

    It is the smallest λ at which the affine fit minimises
    :math:`\tfrac12\sum(f - y)^2 + \lambda\,\mathrm{R\text{-}TV}^2` when the maximum is over all unit neurons (the
    dual constraint of the affine fit); over finitely many normals it is a lower estimate, exact in d = 1 with normals
    ±1.  Computed per normal from sorted projections:
    :math:`\varphi(p_j) = \sum_{p_n > p_j} r_n p_n - p_j\sum_{p_n > p_j} r_n`.
    """
    r = _affine_residuals(X, y)
    P = X @ normals.T  # (n, M)
    order = np.argsort(P, axis=0)
    Ps = np.take_along_axis(P, order, axis=0)
    Rs = r[order]
    # suffix sums over the strictly larger projections (ties contribute p_n - p_j = 0 anyway)
    s0 = np.cumsum(Rs[::-1], axis=0)[::-1] - Rs
    s1 = np.cumsum((Rs * Ps)[::-1], axis=0)[::-1] - Rs * Ps
    return float(np.max(np.abs(s1 - Ps * s0)))


def _normals(d: int, count: int, seed: int) -> np.ndarray:
    if d == 1:
        return np.array([[1.0], [-1.0]])
    U = np.random.default_rng(seed_for(NAME, "normals", d, seed)).standard_normal((count, d))
    return U / np.linalg.norm(U, axis=1, keepdims=True)


def _fit_path(X: np.ndarray, y: np.ndarray, lams: Sequence[float], *, width: int, init_seed: int, max_iter: int
              ) -> list[tuple[Any, bool, float]]:
    """Weight-decay fits for each λ: ``[(predict, converged, objective), ...]`` (objective: the certificate's primal
    value in d = 1; the training objective with ½λΣ(v² + ‖w‖²) otherwise); d = 1 exact, else trained from a seeded
    random initialization (the same for every λ).  No warm starts: weight decay at a large λ kills neurons
    (v = w = 0 is a stationary point), and a path warm-started from there stays stuck with too few neurons (seen: a
    width-32 network ending above a width-16 one)."""
    if X.shape[1] == 1:
        from ..regression import tv2_regression

        out = []
        for lam in lams:
            spline, cert = tv2_regression(X[:, 0], y, lam)
            out.append(((lambda Z, s=spline: np.asarray(s(Z[:, 0]), dtype=np.float64)), True, float(cert.primal)))
        return out
    from ..train import fit_network

    out = []
    for lam in lams:
        res = fit_network(X, y, width, lam, seed=init_seed, max_iter=max_iter)
        out.append(((lambda Z, net=res.network: np.asarray(net(Z), dtype=np.float64)), bool(res.converged),
                    float(res.objective)))
    return out


def network_cv(X: np.ndarray, y: np.ndarray, parts: Sequence[np.ndarray], *, lam_steps: int, width: int,
               directions: int, max_iter: int, seed: int, network_folds: int | None = None
               ) -> tuple[Any, dict[str, Any]]:
    """The weight-decay estimator with λ chosen by cross-validation on ``parts`` (module docstring).

    Returns ``(predict, info)``: ``predict(Z)`` evaluates the final fit (all data, the chosen λ); ``info`` records
    the solver, λ, λ̂_max, the chosen grid index, whether it is at the grid's edge, the CV error, convergence and the
    training MSE.  ``network_folds``: for trained networks (d >= 2), validate on the first this many folds only
    (default all: K-fold CV; 1: a hold-out split), each trained on the other folds; d = 1 always uses every fold."""
    n, d = X.shape
    exact = d == 1  # the exact solver is cheap: it always validates on every fold
    network_folds = len(parts) if network_folds is None or exact else min(network_folds, len(parts))
    validated = np.concatenate(list(parts[:network_folds]))
    lam_max = lambda_max_estimate(X, y, _normals(d, directions, seed))
    if not lam_max > 0:  # the data are affine: any λ > 0 gives the affine fit
        lam_max = 1.0
    grid = [lam_max * 4.0 ** (-j) for j in range(lam_steps)]
    init_seed = seed_for(NAME, "init", d, seed, n) % 2**63
    sse = np.zeros(len(grid))
    for part in parts[:network_folds]:
        train = np.setdiff1d(np.arange(n), part, assume_unique=True)
        scale = train.size / n
        path = _fit_path(X[train], y[train], [lam * scale for lam in grid], width=width, init_seed=init_seed,
                         max_iter=max_iter)
        for j, (predict, _, _) in enumerate(path):
            sse[j] += float(np.sum((predict(X[part]) - y[part]) ** 2))
    j = int(np.argmin(sse))
    predict, converged, objective = _fit_path(X, y, [grid[j]], width=width, init_seed=init_seed,
                                              max_iter=max_iter)[0]
    info = {"solver": "tv2_regression" if d == 1 else "fit_network", "lam": grid[j], "lam_max": lam_max,
            "lam_index": j, "at_edge": j == len(grid) - 1, "cv_mse": float(sse[j] / validated.size),
            "converged": converged, "objective": objective, "train_mse": float(np.mean((predict(X) - y) ** 2))}
    if d > 1:
        info["width"] = width
    return predict, info


def _patterns(n: int, d: int) -> int:
    from ..arrangements import pattern_count_bound

    return pattern_count_bound(n, d)


def certify(X: np.ndarray, y: np.ndarray, info: dict[str, Any], Z: np.ndarray, fZ: np.ndarray) -> dict[str, Any]:
    r"""How close the trained network is to the weight-decay estimator: the certified global minimizer of
    :math:`\tfrac12\sum(f - y)^2 + \lambda\,\mathrm{R\text{-}TV}^2` at the chosen λ (:func:`radontv.fit.rtv2_fit`),
    its value, the ratio trained/certified objective (≥ 1 up to the certificate, by AM-GM and optimality) and the
    certified fit's MSE on the test points.  The experiment's MSE stays the trained network's (one estimator per
    curve); ``{"status": "not certified" | "too large" | "no solver", ...}`` when rtv2_fit fails."""
    from ..errors import FitNotCertified
    from ..fit import rtv2_fit

    try:
        fit = rtv2_fit(X, y, info["lam"])
    except FitNotCertified as exc:
        return {"status": "not certified", "message": str(exc)[:200]}
    except InvalidInput as exc:
        status = "no solver" if "cvxpy" in str(exc) else "too large"
        return {"status": status, "message": str(exc)[:200]}
    return {"status": "certified", "objective": float(fit.value), "ratio": float(info["objective"] / fit.value),
            "mse": float(np.mean((fit.fitted(Z) - fZ) ** 2)), "neurons": int(fit.neurons)}


# ------------------------------------------------------------------------------------------------------------------
# the task
# ------------------------------------------------------------------------------------------------------------------
def _param(task: Task, name: str) -> Any:
    return task.param(name, DEFAULTS[name])


def _positive_int(task: Task, name: str, minimum: int = 1) -> int:
    value = _param(task, name)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidInput(f"{NAME}: task parameter {name!r} must be an integer >= {minimum}, got {value!r}")
    return value


def task_settings(task: Task, experiment: str = NAME) -> dict[str, Any]:
    """The task's parameters with defaults filled in, validated (InvalidInput names the bad one); the task must
    belong to ``experiment`` (the gap experiment shares these parameters)."""
    if task.experiment != experiment:
        raise InvalidInput(f"{experiment}: got a task of experiment {task.experiment!r}; build it with "
                           f"Task.make({experiment!r}, d, N, seed)")
    method = _param(task, "method")
    if method not in (*METHODS, "both"):
        raise InvalidInput(f"{NAME}: task parameter 'method' must be 'network', 'kernel' or 'both', got {method!r}")
    noise = _param(task, "noise")
    if isinstance(noise, bool) or not isinstance(noise, int | float) or not math.isfinite(noise) or noise < 0:
        raise InvalidInput(f"{NAME}: task parameter 'noise' must be a finite number >= 0, got {noise!r}")
    settings = {"method": method, "noise": float(noise)}
    for name, minimum in (("folds", 2), ("lam_steps", 2), ("neurons", 1), ("test_points", 1), ("width", 1),
                          ("directions", 1), ("max_iter", 1), ("network_folds", 1), ("certify_max_patterns", 0)):
        settings[name] = _positive_int(task, name, minimum)
    if task.size < 2 * settings["folds"]:
        raise InvalidInput(f"{NAME}: N = {task.size} is too small for {settings['folds']}-fold cross-validation; "
                           f"use N >= {2 * settings['folds']}")
    return settings


def run_task(task: Task) -> dict[str, Any]:
    """One (d, N, seed): sample the data, fit the method(s) with 5-fold CV, measure the MSE against the noiseless
    target on the test points.  Pure and deterministic given the task.

    Returns ``{"d", "N", "seed", "mse": {method: MSE}, method: {fit details}}`` for each method run."""
    s = task_settings(task)
    d, N = task.d, task.size
    X, y = make_data(d, N, task.seed, neurons=s["neurons"], noise=s["noise"])
    Z = test_points(d, task.seed, s["test_points"])
    fZ = evaluate(make_target(d, task.seed, s["neurons"]), Z)
    parts = kfolds(N, s["folds"], seed_for(NAME, "folds", d, task.seed, N) % 2**63)
    methods = METHODS if s["method"] == "both" else (s["method"],)
    out: dict[str, Any] = {"d": d, "N": N, "seed": task.seed, "mse": {}}
    for method in methods:
        if method == "network":
            predict, info = network_cv(X, y, parts, lam_steps=s["lam_steps"], width=s["width"],
                                       directions=s["directions"], max_iter=s["max_iter"], seed=task.seed,
                                       network_folds=s["network_folds"])
            if d > 1 and _patterns(N, d) <= s["certify_max_patterns"]:
                info["certified"] = certify(X, y, info, Z, fZ)
        else:
            fit = kernel_ridge_cv(X, y, folds=parts)
            predict = fit.predict
            info = {**fit.as_dict(), "train_mse": float(np.mean((fit.predict(X) - y) ** 2))}
        out["mse"][method] = float(np.mean((predict(Z) - fZ) ** 2))
        out[method] = info
    return out


# ------------------------------------------------------------------------------------------------------------------
# summary
# ------------------------------------------------------------------------------------------------------------------
def theory(method: str, d: int) -> dict[str, Any]:
    """The conjectured exponent of the MSE against N (UNCONFIRMED, catalog F3/F4) and the READ qualitative claim."""
    if method == "network":
        return {"exponent": -(d + 3) / (2 * d + 3), "status": "UNCONFIRMED",
                "source": "PN23 abstract (qualitative, READ); exponent -(d+3)/(2d+3): catalog F3, UNCONFIRMED",
                "claim": "minimax optimal up to logs over R-BV2; the rate does not degrade with d"}
    if method == "kernel":
        return {"exponent": -3 / (d + 3), "status": "UNCONFIRMED",
                "source": "PN23 abstract (qualitative, READ); exponent -3/(d+3): catalog F4, UNCONFIRMED "
                          "(recollection + heuristic)",
                "claim": "linear methods suffer the curse of dimensionality over R-BV2 (the rate degrades with d)"}
    raise InvalidInput(f"{NAME}: unknown method {method!r}; one of {', '.join(METHODS)}")


def per_seed_errors(tasks: Sequence[Task], results: Sequence[dict], *, experiment: str = NAME, key: str = "mse"
                    ) -> dict[tuple[int, str], tuple[list[int], list[int], np.ndarray]]:
    """``{(d, method): (sizes, seeds, errors[seed, size])}`` from the results' ``key`` (a dict per method).

    InvalidInput when tasks and results differ in number or a (d, method) grid is incomplete."""
    if len(tasks) != len(results):
        raise InvalidInput(f"{experiment}.summarize: {len(tasks)} tasks but {len(results)} results; pass the results "
                           "of run_tasks in task order")
    if not tasks:
        raise InvalidInput(f"{experiment}.summarize: no tasks; run a non-empty grid")
    cells: dict[tuple[int, str], dict[tuple[int, int], float]] = defaultdict(dict)
    for task, result in zip(tasks, results, strict=True):
        for method, value in result[key].items():
            cells[(task.d, method)][(task.seed, task.size)] = float(value)
    return arrange(cells, experiment=experiment)


def summarize(tasks: Sequence[Task], results: Sequence[dict], *, level: float = 0.95, seed: int = 0
              ) -> list[dict[str, Any]]:
    """One row per (d, method): the exponent of the mean MSE over seeds against N with its bootstrap interval.

    Row keys: ``d``, ``method``, ``exponent``, ``interval``, ``level``, ``theory`` (conjectured exponent, status
    ``UNCONFIRMED``), ``sizes``, ``seeds``, ``errors`` (mean MSE per N), ``errors_interval``, ``per_seed`` (the MSE
    matrix [seed][N], for paired comparisons across d and methods), ``at_edge`` (fraction of tasks whose tuned
    parameter is at its grid's edge)."""
    grids = per_seed_errors(tasks, results)
    edges: dict[tuple[int, str], list[bool]] = defaultdict(list)
    for task, result in zip(tasks, results, strict=True):
        for method in result["mse"]:
            edges[(task.d, method)].append(bool(result[method]["at_edge"]))
    rows = []
    for (d, method), (sizes, seeds, errors) in grids.items():
        exponent = fit_exponent(sizes, errors, level=level, seed=seed)
        rows.append({
            "d": d, "method": method, "exponent": exponent.value, "interval": list(exponent.interval),
            "level": level, "theory": theory(method, d), "sizes": sizes, "seeds": len(seeds),
            "errors": errors.mean(axis=0).tolist(),
            "errors_interval": [list(bootstrap_mean(errors[:, j], level=level, seed=seed)[1:])
                                for j in range(len(sizes))],
            "per_seed": errors.tolist(),
            "at_edge": float(np.mean(edges[(d, method)])),
        })
    return rows
