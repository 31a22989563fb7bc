r"""Maurey's empirical method: K-neuron approximation of a variation-space target at the rate :math:`K^{-1/2}` in
every dimension (catalog F1, F2; [SPLN24] §3.2.1 eqs. (22)–(24) and Thm 3 eqs. (25)–(27)).

**Target.**  On :math:`Q_d = [0,1]^d`,

.. math:: f(x) = \sum_{m=1}^M a_m\,\sigma(w_m\cdot x - b_m),\qquad \|w_m\|_2 = 1,\quad b_m = w_m\cdot u_m,

with :math:`u_m` uniform in :math:`Q_d` (so every hyperplane cuts the cube), amplitudes :math:`a_m \in \mathbb R^D`
(Gaussian, normalised so that :math:`\|\nu\| := \sum_m \|a_m\|_2 = 1`; :math:`D = 1` is the scalar case, task
parameter ``outputs``).  With unit normals :math:`\|\nu\|` is the path norm of the target and bounds its variation
norm (R-TV², [PN21] Lemma 25; for vector outputs the :math:`\|\cdot\|_{2,\mathcal M}` norm of [SPLN24]).

**Maurey's empirical method.**  Write :math:`g_m = \|\nu\|\,\hat a_m\,\phi_m` with :math:`\phi_m = \sigma(w_m\cdot x
- b_m)` and :math:`\hat a_m = a_m/\|a_m\|`, and draw an index :math:`m` with probability :math:`p_m = \|a_m\|/\|\nu\|`;
then :math:`\mathbb E\,g_m = \sum_m p_m g_m = f`.  Draw :math:`K` indices i.i.d. and set
:math:`f_K = \frac1K\sum_{k=1}^K g_{m_k}`, a network of at most K neurons with path norm :math:`\|\nu\|`.

**Expectation identity** (the variance of a mean of i.i.d. vectors in the Hilbert space :math:`L^2(\mu;\mathbb R^D)`,
for *any* probability measure :math:`\mu`; here the empirical measure of the Monte Carlo points).  With
:math:`h_k = g_{m_k} - f`, independent and of mean zero, :math:`\mathbb E\langle h_k, h_l\rangle = 0` for
:math:`k \ne l`, so

.. math:: \mathbb E\|f - f_K\|^2 = \frac1{K^2}\sum_{k}\mathbb E\|h_k\|^2 = \frac1K\bigl(\mathbb E_m\|g_m\|^2 -
          \|f\|^2\bigr) = \frac1K\Bigl(\|\nu\|^2\sum_m p_m\|\phi_m\|^2 - \|f\|^2\Bigr)
          \le \frac{\|\nu\|^2 C^2}{K},\qquad C = \max_m \|\phi_m\|_{L^2(\mu)}

(:math:`\|\hat a_m\|_2 = 1`, so the vector case has the same form).  Hence the root mean square over draws is at most
:math:`\|\nu\| C K^{-1/2}`: Maurey's bound with :math:`C_0 = 1` and :math:`C_\sigma` replaced by the largest atom
norm :math:`C \le C_\sigma` — no :math:`d` in the exponent.  It bounds the *mean square*; a single draw can exceed it,
so the rates claim compares the mean square over seeds (with its bootstrap interval) to the bound.
[SPLN24] Thm 3 states :math:`C_0 C_\sigma D^{3/2}\|f\|\,K^{-1/2}` for vector outputs; each task reports that form too
(with :math:`C_0 = 1`, :math:`C_\sigma := C`), which the identity shows is loose by :math:`D^{3/2}`.

Conventions: [SPLN24] normalises neurons as :math:`\sigma(w^\top\tilde x)` with :math:`w \in S^d`,
:math:`\tilde x = (x, 1)`; this module uses unit normals :math:`\|w\|_2 = 1` in :math:`\mathbb R^d` (the path norm /
R-TV² normalisation of radontv, docs/conventions.md), for which the identity above is exact.  The *exponent* does not
depend on the normalisation; the constants do.

**Measured** (quick profile, 4 draws per task, 8 seeds; runs with disjoint seeds): the exponent has mean −0.4975
(sd 0.019, 20 runs) in d = 2, −0.4950 (sd 0.021, 20 runs) in d = 50, −0.4957 (sd 0.018, 15 runs) for D = 3 outputs
in d = 2, and the 95 % interval of :mod:`~radontv.rates.slopes` contained −1/2 in 20/20, 19/20 and 13/15 runs.

**Monte Carlo.**  :math:`\|\cdot\|` is the :math:`L^2` norm of the empirical measure of ``points`` uniform points of
:math:`Q_d`.  The identity holds exactly for that measure, so Monte Carlo error in the norm does not bias the
exponent.  The target and the points come from sub-streams ``seed_for("maurey", "target", d, seed, M, D)`` and
``seed_for("maurey", "points", d, seed, n)`` that do not depend on K; only the draws come from :meth:`Task.rng`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from ..errors import InvalidInput
from .slopes import arrange, bootstrap_mean, fit_exponent
from .tasks import Profile, Task, seed_for

__all__ = ["NAME", "PROFILES", "run_task", "summarize"]

NAME = "maurey"

_DIMS = (2, 5, 10, 20, 50)
PROFILES: dict[str, Profile] = {
    "quick": Profile("quick", _DIMS, (4, 8, 16, 32, 64, 128, 256), 8,
                     (("draws", 4), ("neurons", 1000), ("outputs", 1), ("points", 2000))),
    "full": Profile("full", _DIMS, tuple(2**j for j in range(2, 12)), 30,
                    (("draws", 4), ("neurons", 10_000), ("outputs", 1), ("points", 20_000))),
    # F2, vector outputs ([SPLN24] Thm 3): D = 3
    "quick_vector": Profile("quick_vector", (2, 10), (4, 8, 16, 32, 64, 128, 256), 8,
                            (("draws", 4), ("neurons", 1000), ("outputs", 3), ("points", 2000))),
    "full_vector": Profile("full_vector", _DIMS, tuple(2**j for j in range(2, 12)), 30,
                           (("draws", 4), ("neurons", 10_000), ("outputs", 3), ("points", 20_000))),
}

_CHUNK = 512  # neurons evaluated at once (bounds memory to points x 512 floats)


def _int_param(task: Task, name: str, default: int) -> int:
    value = task.param(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(f"maurey: task parameter {name!r} must be an integer >= 1, got {value!r}")
    return value


def _target(d: int, seed: int, neurons: int, outputs: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit normals W (M, d), offsets b (M,) cutting Q_d, amplitudes A (M, D) with sum_m ||A_m|| = 1."""
    rng = np.random.default_rng(seed_for(NAME, "target", d, seed, neurons, outputs))
    W = rng.standard_normal((neurons, d))
    W /= np.linalg.norm(W, axis=1, keepdims=True)
    b = np.sum(W * rng.random((neurons, d)), axis=1)
    A = rng.standard_normal((neurons, outputs))
    A /= np.linalg.norm(A, axis=1).sum()
    return W, b, A


def _points(d: int, seed: int, points: int) -> np.ndarray:
    return np.random.default_rng(seed_for(NAME, "points", d, seed, points)).random((points, d))


def _atoms(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.maximum(X @ W.T - b, 0.0)


def _target_on_points(d: int, seed: int, neurons: int, outputs: int, points: int) -> tuple[np.ndarray, np.ndarray]:
    """f at the points (n, D) and the squared atom norms ||phi_m||^2 in L^2(mu_n) (M,)."""
    W, b, A = _target(d, seed, neurons, outputs)
    X = _points(d, seed, points)
    F = np.zeros((points, outputs))
    sq = np.empty(neurons)
    for start in range(0, neurons, _CHUNK):
        Phi = _atoms(X, W[start:start + _CHUNK], b[start:start + _CHUNK])
        F += Phi @ A[start:start + _CHUNK]
        sq[start:start + _CHUNK] = np.mean(Phi * Phi, axis=0)
    return F, sq


# the target does not depend on K: tasks of the same (d, seed) in one process share it (pure, so results are the same)
_cached_target_on_points = lru_cache(maxsize=64)(_target_on_points)


def maurey_draw(W: np.ndarray, b: np.ndarray, A: np.ndarray, K: int, rng: np.random.Generator
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Maurey's empirical method: K i.i.d. indices with probability :math:`\|a_m\|/\|\nu\|`; returns the network
    :math:`f_K = \frac{\|\nu\|}K\sum_k \hat a_{m_k}\sigma(w_{m_k}\cdot x - b_{m_k})` with repeated draws merged:
    normals (J, d), offsets (J,), amplitudes (J, D), J <= K distinct neurons."""
    norms = np.linalg.norm(A, axis=1)
    total = norms.sum()
    idx = rng.choice(len(norms), size=K, p=norms / total)
    unique, counts = np.unique(idx, return_counts=True)
    amplitudes = (total / K) * counts[:, None] * (A[unique] / norms[unique, None])
    return W[unique], b[unique], amplitudes


def run_task(task: Task) -> dict[str, Any]:
    """Maurey draws of width ``task.size`` for the target of ``(task.d, task.seed)``; pure and deterministic.

    Task parameters: ``neurons`` (M), ``outputs`` (D), ``points`` (n, Monte Carlo points), ``draws`` (independent
    draws of f_K, default 1).  Returns ``error`` = the root mean square over the draws of
    :math:`\\|f - f_K\\|_{L^2(\\mu_n)}` (its square has expectation ``expected_rms``², the identity),
    ``first_error`` (the first draw alone), ``bound`` = :math:`\\|\\nu\\| C K^{-1/2}`, ``thm3_bound``
    = :math:`C D^{3/2}\\|\\nu\\| K^{-1/2}`, ``expected_rms`` = the identity's root mean square over draws, and
    ``norm`` (:math:`\\|\\nu\\|`), ``C``, ``f_norm`` (:math:`\\|f\\|`), ``neurons_used`` (distinct neurons in f_K).
    """
    if not isinstance(task, Task):
        raise InvalidInput(f"maurey.run_task needs a radontv.rates.Task, got {type(task).__name__}")
    K, d = task.size, task.d
    neurons = _int_param(task, "neurons", 1000)
    outputs = _int_param(task, "outputs", 1)
    points = _int_param(task, "points", 2000)
    draws = _int_param(task, "draws", 1)
    F, sq = _cached_target_on_points(d, task.seed, neurons, outputs, points)
    W, b, A = _target(d, task.seed, neurons, outputs)
    X = _points(d, task.seed, points)
    rng = task.rng()
    squares = []
    for _ in range(draws):
        Wk, bk, Ak = maurey_draw(W, b, A, K, rng)
        residual = F.copy()
        for start in range(0, len(bk), _CHUNK):
            residual -= _atoms(X, Wk[start:start + _CHUNK], bk[start:start + _CHUNK]) @ Ak[start:start + _CHUNK]
        squares.append(float(np.mean(np.sum(residual * residual, axis=1))))
    norms = np.linalg.norm(A, axis=1)
    nu = float(norms.sum())
    C = float(np.sqrt(sq.max()))
    f_sq = float(np.mean(np.sum(F * F, axis=1)))
    variance = max(nu * float(np.dot(norms, sq)) - f_sq, 0.0)  # ||nu||^2 sum p_m ||phi_m||^2 - ||f||^2
    return {
        "error": float(np.sqrt(np.mean(squares))),
        "first_error": float(np.sqrt(squares[0])),
        "bound": nu * C / np.sqrt(K),
        "thm3_bound": C * outputs**1.5 * nu / np.sqrt(K),
        "expected_rms": float(np.sqrt(variance / K)),
        "norm": nu,
        "C": C,
        "f_norm": float(np.sqrt(f_sq)),
        "neurons_used": len(bk),  # of the last draw
    }


def _theory(outputs: int) -> dict[str, Any]:
    if outputs == 1:
        return {"exponent": -0.5, "status": "READ", "source": "SPLN24 §3.2.1 eqs. (22)-(24)",
                "statement": "||f - f_K||_L2(Q_d) <= C_0 C_sigma ||f||_V K^(-1/2), C_0 independent of d"}
    return {"exponent": -0.5, "status": "READ", "source": "SPLN24 Thm 3 eqs. (25)-(27)",
            "statement": "||f - f_K||_L2(Q_d; R^D) <= C_0 C_sigma D^(3/2) ||f||_V K^(-1/2)"}


def grid(tasks: Sequence[Task], results: Sequence[dict], key: str, *, experiment: str,
         by: Sequence[tuple[str, Any]] = ()) -> dict[tuple[Any, ...], tuple[list[int], list[int], np.ndarray]]:
    """Results arranged per group as (sizes, seeds, values[seed, size]) for ``key``; a group is ``(d, *values)`` of
    the task parameters named in ``by`` (``(name, default)`` pairs), e.g. ``by=(("outputs", 1),)``.

    Raises InvalidInput when the numbers of tasks and results differ or a group's grid is incomplete."""
    if len(tasks) != len(results):
        raise InvalidInput(f"{experiment}.summarize: {len(tasks)} tasks but {len(results)} results; pass the results "
                           "of run_tasks in task order")
    if not tasks:
        raise InvalidInput(f"{experiment}.summarize: no tasks; run a non-empty grid")
    cells: dict[tuple[Any, ...], dict[tuple[int, int], float]] = defaultdict(dict)
    for task, result in zip(tasks, results, strict=True):
        group = (task.d, *(task.param(name, default) for name, default in by))
        cells[group][(task.seed, task.size)] = float(result[key])
    return arrange(cells, experiment=experiment)


def summarize(tasks: Sequence[Task], results: Sequence[dict], *, level: float = 0.95, seed: int = 0
              ) -> list[dict[str, Any]]:
    """One row per (d, D): the exponent of the mean error over seeds against K with its bootstrap interval, and the
    bound checks.

    Row keys: ``d``, ``outputs``, ``exponent``, ``interval``, ``level``, ``theory``, ``sizes``, ``seeds``,
    ``errors`` (mean error per K), ``errors_interval``, ``bounds`` and ``thm3_bounds`` (means per K),
    ``expected_rms`` (mean of the identity's prediction), and the mean-square ratios over seeds with their bootstrap
    intervals: ``ms_ratio`` = mean (error/bound)^2 (the identity says <= 1), ``thm3_ms_ratio`` (error/thm3_bound)^2,
    ``identity_ratio`` = mean (error/expected_rms)^2 (the identity says = 1 in expectation).
    """
    values = {key: grid(tasks, results, key, experiment=NAME, by=(("outputs", 1),))
              for key in ("error", "bound", "thm3_bound", "expected_rms")}
    rows = []
    for (d, outputs), (sizes, seeds, errors) in values["error"].items():
        bounds = values["bound"][(d, outputs)][2]
        thm3 = values["thm3_bound"][(d, outputs)][2]
        expected = values["expected_rms"][(d, outputs)][2]
        exponent = fit_exponent(sizes, errors, level=level, seed=seed)
        row: dict[str, Any] = {
            "d": d, "outputs": outputs, "exponent": exponent.value, "interval": list(exponent.interval),
            "level": level, "theory": _theory(outputs), "sizes": sizes, "seeds": len(seeds),
            "errors": errors.mean(axis=0).tolist(),
            "errors_interval": [list(bootstrap_mean(errors[:, j], level=level, seed=seed)[1:])
                                for j in range(len(sizes))],
            "bounds": bounds.mean(axis=0).tolist(), "thm3_bounds": thm3.mean(axis=0).tolist(),
            "expected_rms": expected.mean(axis=0).tolist(),
        }
        safe = np.where(expected > 0, expected, np.inf)
        for name, ratio in (("ms_ratio", (errors / bounds) ** 2), ("thm3_ms_ratio", (errors / thm3) ** 2),
                            ("identity_ratio", np.where(expected > 0, (errors / safe) ** 2, 1.0))):
            stats = [bootstrap_mean(ratio[:, j], level=level, seed=seed) for j in range(len(sizes))]
            row[name] = [s[0] for s in stats]
            row[name + "_interval"] = [[s[1], s[2]] for s in stats]
        rows.append(row)
    return rows
