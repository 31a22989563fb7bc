r"""Rademacher complexity of the unit-path-norm class of shallow ReLU networks, by Monte Carlo, against
:math:`2BC/\sqrt N` (catalog D15; [PN21] Thm 10, eq. (22), with m = 2).

**Class and bound.**  With data :math:`\|x_n\|_2 \le C/2` and
:math:`\mathcal F = \{\sum_k v_k\sigma(w_k\cdot x - b_k) : \sum_k |v_k|\|w_k\|_2 \le B,\ |b_k| \le C/2\}` (no affine
part, so the term :math:`\mathcal R(c)` of [PN21] is absent), the Rademacher complexity *with the factor 2*

.. math:: \mathcal R(\mathcal F) := 2\,\mathbb E_\varepsilon \sup_{f\in\mathcal F}\frac1N\sum_{n=1}^N
          \varepsilon_n f(x_n) \;\le\; \frac{2BC}{\sqrt N}\qquad\text{([PN21] Thm 10, eq. (22)).}

**The sup is over single neurons.**  The neurons of the class have unit normals :math:`\|w_k\|_2 = 1` (the
ridge splines of [PN21] are parametrised by :math:`(w, b) \in S^{d-1}\times\mathbb R`; the path-norm constraint is then
:math:`\sum_k|v_k| \le B`).  The normalisation matters: with free :math:`\|w\|` and the raw constraint
:math:`|b| \le C/2`, the neuron :math:`(B/\|w\|)\,\sigma(w\cdot x + C/2)` has path norm :math:`B` and equals
:math:`(B/\|w\|)(w\cdot x + C/2)` on the data, a constant :math:`BC/(2\|w\|) \to \infty`.  With unit normals the
objective is linear in :math:`f` and :math:`\mathcal F` is the convex hull of :math:`\{\pm B\sigma(w\cdot x - b) :
\|w\| = 1, |b| \le C/2\} \cup \{0\}`, so (B = 1 here)

.. math:: \sup_{f\in\mathcal F}\frac1N\sum_n\varepsilon_n f(x_n)
          = \max_{\|w\|=1,\ |b|\le C/2,\ s=\pm1}\ \frac sN\sum_n \varepsilon_n\sigma(w\cdot x_n - b)\ (\ge 0).

**Exact search in b.**  For a fixed direction :math:`w`, with :math:`t_n = w\cdot x_n \in [-C/2, C/2]`,
:math:`h(b) = \sum_n \varepsilon_n (t_n - b)_+` is continuous and piecewise linear in :math:`b` with breaks at the
:math:`t_n`, so :math:`\max_{|b|\le C/2}|h(b)|` is attained at a :math:`t_n` or at :math:`b = \pm C/2`.  Sorting
:math:`t` decreasingly, :math:`h(t_{(j)}) = \sum_{i\le j}\varepsilon_{(i)}t_{(i)} - t_{(j)}\sum_{i\le j}
\varepsilon_{(i)}` (two cumulative sums), :math:`h(-C/2) = \sum_n \varepsilon_n(t_n + C/2)`, :math:`h(C/2) = 0`.

* **d = 1: exact.**  The directions are :math:`w = \pm1`; the sup is computed exactly (up to rounding).
* **d ≥ 2: a lower estimate.**  The sup over the sphere is approximated from below by the exact b-search along
  finitely many directions: ``directions`` random ones (in d = 2, max(``directions``, N) evenly spaced angles with a
  random offset), ``pairs`` directions :math:`\pm(x_i - x_j)/\|x_i - x_j\|`
  through random pairs of data points, the data directions :math:`\pm x_n/\|x_n\|` (at most ``pairs``), then a few
  ascent steps from the best ones (for the active set :math:`A` of the best neuron, the direction
  :math:`\pm\sum_{n\in A}\varepsilon_n x_n` maximises the objective with :math:`A` and :math:`b` frozen).  Every value
  is attained by a feasible neuron, so the estimate is :math:`\le` the true sup: the claim's check
  ":math:`\mathcal R \le 2BC/\sqrt N`" can be failed by a genuine violation but not passed by over-estimation.  It is
  conservative in one direction only; the negative control (the bound :math:`2BC/N`, missing :math:`\sqrt N`) must
  still fail.

**Exponent.**  The bound decays as :math:`N^{-1/2}` (READ).  The complexity itself does too: a single fixed neuron
:math:`\phi` in the class already gives :math:`\mathbb E|\frac1N\sum\varepsilon_n\phi(x_n)| \approx
\sqrt{2/\pi}\,\|\phi\|_{L^2(\mu_N)}/\sqrt N`, so :math:`\mathcal R(\mathcal F) \asymp N^{-1/2}` (DERIVED, the
``theory`` of each row; not a statement of [PN21]).  Measured (d = 1, exact sup, 200 seeds of 16
sign vectors each): :math:`\mathcal R\sqrt N/(2C)` = 0.619, 0.640, 0.635, 0.621, 0.630, 0.637 (standard errors
0.006) at N = 8, 16, 64, 256, 1024, 4096 — flat, so the exponent is −1/2 and the bound holds with a factor ~0.63;
in d = 10…1000 the lower estimate reaches 0.85–1.0 of the bound (the bound is nearly tight in high d; in the limit of
orthogonal data the all-active neuron alone gives :math:`\approx 0.9`).  In d ≥ 2 the exponent of the *lower
estimate* could come out steeper than −1/2 if a fixed set of directions resolved the sup less well as N grows;
in d = 2 the search therefore uses max(``directions``, N) angles (on the test instances it comes within 2 % of a
3600-angle grid), in d ≥ 3 nothing guarantees it.

Monte Carlo: per task, the data (uniform in the ball of radius :math:`C/2`) and ``signs`` independent sign vectors
come from ``seed_for("rademacher", "stream", d, N, seed, signs, directions, pairs)`` (every task parameter but
:math:`C`, so that rescaling :math:`C` rescales the data and the estimate and nothing else); the estimate is
:math:`2 \times` the mean of the sups over the sign vectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import InvalidInput
from .maurey import grid
from .slopes import bootstrap_mean, fit_exponent
from .tasks import Profile, Task, seed_for

__all__ = ["NAME", "PROFILES", "neuron_sup", "run_task", "summarize"]

NAME = "rademacher"

PROFILES: dict[str, Profile] = {
    "quick": Profile("quick", (1, 2, 5, 10), (16, 32, 64, 128, 256, 512), 8,
                     (("C", 2.0), ("directions", 64), ("pairs", 64), ("signs", 8))),
    # full: ~15 min on one core (one seed of the grid: ~17 s with 8 sign vectors, most of it d = 2 at N = 2048)
    "full": Profile("full", (1, 2, 5, 10, 20, 50), tuple(2**j for j in range(4, 12)), 30,
                    (("C", 2.0), ("directions", 128), ("pairs", 128), ("signs", 16))),
}

_ASCENT_STARTS = 8
_ASCENT_STEPS = 6


def _sorted_projections(T: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The decreasing order of each column of the projections ``T`` (N, P) and the sorted projections."""
    order = np.argsort(-T, axis=0, kind="stable")
    return order, np.take_along_axis(T, order, axis=0)


def _exact_b_search(order: np.ndarray, t: np.ndarray, eps: np.ndarray, half: float) -> tuple[np.ndarray, np.ndarray]:
    r"""For each direction (column of the sorted projections ``t`` (N, P), ``order`` from
    :func:`_sorted_projections`), the maximum over :math:`|b| \le` ``half`` of :math:`|\sum_n \varepsilon_n (t_n -
    b)_+|` and the b attaining it.

    Returns (signed values (P,), b (P,)): ``|values|`` is the maximum, its sign the sign s of the best neuron."""
    e = eps[order]
    s1 = np.cumsum(e * t, axis=0)
    s0 = np.cumsum(e, axis=0)
    h = s1 - t * s0                                     # h(t_(j)) for j = 1..N
    h_end = s1[-1] + half * s0[-1]                      # h(-half); h(half) = 0
    values = np.vstack([h, h_end[None, :]])
    best = np.argmax(np.abs(values), axis=0)
    cols = np.arange(t.shape[1])
    bs = np.where(best < len(eps), t[np.minimum(best, len(eps) - 1), cols], -half)
    return values[best, cols], np.clip(bs, -half, half)


def neuron_sup(X: np.ndarray, eps: np.ndarray, W: np.ndarray, half: float, *, ascent: bool = True,
               sorted_projections: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[float, np.ndarray, float, int]:
    r"""The largest :math:`\frac sN\sum_n \varepsilon_n\sigma(w\cdot x_n - b)` over the unit directions ``W`` (P, d)
    (and the ascent steps when ``ascent``), :math:`|b| \le` ``half`` and :math:`s = \pm1`, with b searched exactly.

    Returns ``(value, w, b, s)``: a feasible neuron attaining the value (so the value is a lower estimate of the sup
    over all directions, and exact when ``W`` holds every direction, e.g. ``[[1], [-1]]`` in d = 1).
    ``sorted_projections`` (``_sorted_projections(X @ W.T)``) may be passed to share the sort between sign vectors."""
    N = len(eps)
    order, t = _sorted_projections(X @ W.T) if sorted_projections is None else sorted_projections
    values, bs = _exact_b_search(order, t, eps, half)
    best = int(np.argmax(np.abs(values)))
    top = (float(abs(values[best])), W[best], float(bs[best]), 1 if values[best] >= 0 else -1)
    if ascent and X.shape[1] >= 2:
        starts = np.argsort(-np.abs(values), kind="stable")[:_ASCENT_STARTS]
        Wc, b, sign = W[starts], bs[starts], np.where(values[starts] >= 0, 1.0, -1.0)
        for _ in range(_ASCENT_STEPS):
            # the direction maximising the objective with the active set and b frozen: s * sum_{n active} eps_n x_n
            G = (sign[:, None] * ((X @ Wc.T > b).T * eps)) @ X
            norms = np.linalg.norm(G, axis=1)
            if not np.any(norms > 0):
                break
            Wc = np.where(norms[:, None] > 0, G / np.where(norms > 0, norms, 1.0)[:, None], Wc)
            step_values, b = _exact_b_search(*_sorted_projections(X @ Wc.T), eps, half)
            sign = np.where(step_values >= 0, 1.0, -1.0)
            k = int(np.argmax(np.abs(step_values)))
            if abs(step_values[k]) > top[0]:
                top = (float(abs(step_values[k])), Wc[k], float(b[k]), int(sign[k]))
    value, w, b_best, s = top
    return value / N, np.asarray(w, dtype=float), b_best, s


def _directions(X: np.ndarray, rng: np.random.Generator, directions: int, pairs: int) -> np.ndarray:
    """Candidate unit directions (both signs): random, through pairs of data points, through data points."""
    N, d = X.shape
    if d == 1:
        return np.array([[1.0], [-1.0]])
    i, j = rng.integers(0, N, size=(2, pairs))
    U = np.vstack([X[i] - X[j], X[rng.permutation(N)[:pairs]]])
    norms = np.linalg.norm(U, axis=1)
    U = U[norms > 0] / norms[norms > 0, None]
    if d == 2:  # evenly spaced angles over the whole circle (both signs) with a random offset, finer as N grows
        count = max(directions, N)
        angles = (rng.random() + np.arange(count)) * (2 * np.pi / count)
        return np.vstack([np.column_stack([np.cos(angles), np.sin(angles)]), U, -U])
    G = rng.standard_normal((directions, d))
    G /= np.linalg.norm(G, axis=1, keepdims=True)
    return np.vstack([G, -G, U, -U])


def _int_param(task: Task, name: str, default: int) -> int:
    value = task.param(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(f"rademacher: task parameter {name!r} must be an integer >= 1, got {value!r}")
    return value


def run_task(task: Task) -> dict[str, Any]:
    """Monte Carlo estimate of R(F) for N = ``task.size`` data points in d = ``task.d``; pure and deterministic.

    Task parameters: ``C`` (data in the ball of radius C/2, |b| <= C/2; default 2), ``signs`` (sign vectors),
    ``directions``, ``pairs`` (candidate directions in d >= 2).  Returns ``estimate`` (2 x mean sup), ``bound``
    (2BC/sqrt(N), B = 1), ``stderr`` (of the estimate over the sign vectors), ``exact`` (d = 1: the sup is exact;
    d >= 2: a lower estimate).
    """
    if not isinstance(task, Task):
        raise InvalidInput(f"rademacher.run_task needs a radontv.rates.Task, got {type(task).__name__}")
    N, d = task.size, task.d
    C = task.param("C", 2.0)
    if isinstance(C, bool) or not isinstance(C, int | float) or not np.isfinite(C) or C <= 0:
        raise InvalidInput(f"rademacher: task parameter 'C' (data radius bound ||x|| <= C/2) must be a finite "
                           f"number > 0, got {C!r}")
    signs = _int_param(task, "signs", 4)
    directions = _int_param(task, "directions", 64)
    pairs = _int_param(task, "pairs", 64)
    half = C / 2
    # not task.rng(): the stream leaves C out, so rescaling C rescales the data and the estimate exactly (scale-free)
    rng = np.random.default_rng(seed_for(NAME, "stream", d, N, task.seed, signs, directions, pairs))
    G = rng.standard_normal((N, d))
    radii = half * rng.random(N) ** (1.0 / d)
    X = G / np.linalg.norm(G, axis=1, keepdims=True) * radii[:, None]
    W = _directions(X, rng, directions, pairs)
    projections = _sorted_projections(X @ W.T)
    sups = np.array([neuron_sup(X, rng.choice([-1.0, 1.0], size=N), W, half, sorted_projections=projections)[0]
                     for _ in range(signs)])
    return {
        "estimate": float(2 * sups.mean()),
        "bound": float(2 * C / np.sqrt(N)),
        "stderr": float(2 * sups.std(ddof=1) / np.sqrt(signs)) if signs > 1 else 0.0,
        "exact": d == 1,
    }


def summarize(tasks: Sequence[Task], results: Sequence[dict], *, level: float = 0.95, seed: int = 0
              ) -> list[dict[str, Any]]:
    """One row per d: the exponent of the mean estimate over seeds against N, and the bound check.

    Row keys: ``d``, ``exponent``, ``interval``, ``level``, ``theory``, ``sizes``, ``seeds``, ``errors`` (the mean
    estimate of R(F) per N), ``errors_interval`` (its bootstrap interval over seeds), ``bounds`` (2BC/sqrt(N)),
    ``ratio`` (mean of estimate/bound) with ``ratio_interval``, ``exact`` (d = 1).
    """
    estimates = grid(tasks, results, "estimate", experiment=NAME)
    bounds = grid(tasks, results, "bound", experiment=NAME)
    rows = []
    for (d,), (sizes, seeds, values) in estimates.items():
        bound = bounds[(d,)][2]
        exponent = fit_exponent(sizes, values, level=level, seed=seed)
        ratio = [bootstrap_mean(values[:, j] / bound[:, j], level=level, seed=seed) for j in range(len(sizes))]
        rows.append({
            "d": d, "exponent": exponent.value, "interval": list(exponent.interval), "level": level,
            "theory": {"exponent": -0.5, "status": "DERIVED", "source": "PN21 Thm 10, eq. (22) (the bound, READ)",
                       "statement": "R(F) <= 2BC/sqrt(N) for ||x_n|| <= C/2, |b| <= C/2, path norm <= B; "
                                    "R(F) >= c/sqrt(N) by one fixed neuron (DERIVED), so the exponent is -1/2",
                       "estimate": "exact sup" if d == 1 else "lower estimate of the sup"},
            "sizes": sizes, "seeds": len(seeds), "errors": values.mean(axis=0).tolist(),
            "errors_interval": [list(bootstrap_mean(values[:, j], level=level, seed=seed)[1:])
                                for j in range(len(sizes))],
            "bounds": bound.mean(axis=0).tolist(),
            "ratio": [r[0] for r in ratio], "ratio_interval": [[r[1], r[2]] for r in ratio],
            "exact": d == 1,
        })
    return rows
