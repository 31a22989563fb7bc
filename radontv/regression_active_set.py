r"""The engine of one-dimensional TV² regression: exact primal-dual active set with homotopy and continuation.

Solves the reduced problem of :mod:`radontv.regression` (normalised data: sites :math:`x` strictly increasing,
means :math:`\bar y`, weights :math:`m > 0`),

.. math:: \min_{u\in\mathbb R^M}\; \tfrac12\sum_j m_j (u_j - \bar y_j)^2 + \lambda\,\|Du\|_1 .

For a guessed knot set :math:`S` (interior sites) with signs :math:`\sigma`, the optimality conditions restricted to
splines with knots in :math:`S` are a *tridiagonal* linear system in the hat-function basis on the nodes
:math:`\{x_1\} \cup S \cup \{x_M\}`,

.. math:: (H^\top M H)\,v = H^\top M\bar y - \lambda D_S^\top\sigma ,

(:func:`scipy.linalg.solveh_banded`; well conditioned, unlike the pentadiagonal dual Hessian :math:`DM^{-1}D^\top`
whose condition number grows like :math:`N^4`).  The guess is accepted when every amplitude has its assumed sign and
the dual potential satisfies :math:`|\varphi| \le \lambda` at every site (up to a computed rounding bound) — then
the KKT conditions hold and the solution is optimal.  Otherwise (a primal-dual active-set step, as for the lasso)
wrong-sign knots are dropped and the peak of every bump of violation is added.  The double-precision iterations
drop wrong-sign knots before the potential (:func:`_drop_wrong_signs`: re-solving the small system until every sign
is right), so that the :math:`O(N)` potential is evaluated only for right-signed patterns.  When a pattern repeats
(a cycle), the number of simultaneous changes is halved, down to one, and drops are then made in the same step as
additions.  Should that stall, the exact homotopy (path following
from :math:`\lambda_{\max}`, one breakpoint per change of the knot set) supplies the pattern, and geometric
continuation in :math:`\lambda` is the last resort.  Each iteration costs :math:`O(N)` (the hat basis as run lengths
of sites per node interval, blocked prefix sums for the potential).

Warm start (issue 14: the iteration count must not grow with N).  Above ``_COARSE_MIN_SITES`` sites the active set
starts from the pattern of a pooled coarser problem (:func:`warm_start`, recursively, ×8 per level), so most of the
search happens on data 8, 64, … times smaller; optimality is decided on the full data only.  After each coarse level
its knots are moved to the peak of the potential in their block (:func:`_to_block_peaks`).  The float iterations
(:class:`radontv.regression_float.FloatEvaluator`) run with a tightened feasibility test, and a final iteration in
``numpy.longdouble`` (:func:`refine`) verifies the pattern at extended precision, catching violations below
double-precision resolution (they matter when :math:`\lambda \ll \lambda_{\max}`); on large data the caller may
skip it (:mod:`radontv.regression`, ``LARGE_SITES``).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.linalg import solveh_banded

from .regression_certificate import EPS, potential, rounding_bound
from .regression_float import FloatEvaluator, penalty

__all__ = ["active_set", "continuation", "fitted_values", "node_amplitudes", "refine", "verify_extended",
           "warm_start"]

#: Active-set iterations of the direct attempt before the homotopy fallback takes over (typical solves need 10–40;
#: cycle damping can need a few hundred on badly spread data).
_ACTIVE_SET_MAX_ITER = 400
#: Extra allowance of the last-resort continuation, whose steps may make one change per iteration: this many plus 4M.
_POLISH_MAX_ITER = 30
#: Iterations without a new fewest number of violations after which the simultaneous changes are halved, as after a
#: repeated pattern.
_STALL_ITER = 8
#: Last-resort continuation: first ratio λ_{k+1}/λ_k; squared after easy steps (down to ``_CONTINUATION_MIN_RATIO``),
#: square-rooted after a failed one; it gives up once a step would change λ by less than ``_CONTINUATION_MIN_STEP``.
_CONTINUATION_RATIO = 0.5
_CONTINUATION_MIN_RATIO = 1e-4
_CONTINUATION_MIN_STEP = 1e-9
#: Homotopy: at most this many breakpoints per site (a knot may join and leave a few times along the path), and the
#: relative separation below the current λ under which a breakpoint counts as the one just taken (rounding).
_HOMOTOPY_MAX_EVENTS_PER_SITE = 8
_HOMOTOPY_SEPARATION = 1e-12


#: Warm start: data with at least this many sites are first solved on a coarser version (every ``_COARSE_FACTOR``
#: consecutive sites pooled into one), recursively; the coarse knot pattern, mapped back to the sites it stood for,
#: starts the active set on the full data.  Coarse solves are guesses only: at most ``_COARSE_MAX_ITER`` iterations.
_COARSE_MIN_SITES = 4096
_COARSE_FACTOR = 8
_COARSE_MAX_ITER = 60


class _Basis:
    """The hat-function basis on the nodes (site indices, both ends included): for each site, its node interval
    (as run lengths ``counts``, interval k holding the sites ``nodes[k] .. nodes[k+1] - 1`` and the last one also
    the last site) and its barycentric coordinate ``t`` in that interval (float64, or ``numpy.longdouble``)."""

    def __init__(self, x: np.ndarray, nodes: np.ndarray) -> None:
        self.nodes = nodes
        self.counts = np.diff(nodes)
        self.counts[-1] += 1
        X = x[nodes]
        self.t = (x - np.repeat(X[:-1], self.counts)) / np.repeat(np.diff(X), self.counts)

    def values(self, v: np.ndarray) -> np.ndarray:
        """The spline with node values ``v`` at every site, :math:`(1-t)v_k + t v_{k+1}`."""
        return np.repeat(v[:-1], self.counts) * (1 - self.t) + np.repeat(v[1:], self.counts) * self.t

    def transpose(self, w: np.ndarray) -> np.ndarray:
        """:math:`H^\top w`: each site's weight split between the two nodes of its interval."""
        starts = self.nodes[:-1]
        out = np.zeros(self.nodes.shape[0], dtype=np.result_type(w, self.t))
        out[:-1] += np.add.reduceat(w * (1 - self.t), starts)
        out[1:] += np.add.reduceat(w * self.t, starts)
        return out

    def gram(self, m: np.ndarray) -> np.ndarray:
        """:math:`H^\top M H`, tridiagonal, in the upper banded form of :func:`scipy.linalg.solveh_banded`."""
        starts = self.nodes[:-1]
        a1 = self.t.astype(np.float64)
        a0 = 1.0 - a1
        ab = np.zeros((2, self.nodes.shape[0]))
        ab[1, :-1] = np.add.reduceat(m * a0 * a0, starts)
        ab[1, 1:] += np.add.reduceat(m * a1 * a1, starts)
        ab[0, 1:] = np.add.reduceat(m * a0 * a1, starts)
        return ab


_penalty = penalty


def _hat_solve(x: np.ndarray, y: np.ndarray, m: np.ndarray, lam: float, basis: _Basis,
               signs: np.ndarray) -> np.ndarray:
    """Values v at the nodes of the spline with knots at the interior nodes that satisfies the optimality conditions
    for the sign pattern ``signs``: (HᵀMH) v = HᵀM y − λ D_Sᵀ σ."""
    rhs = basis.transpose(m * y) - lam * _penalty(x[basis.nodes], signs)
    return solveh_banded(basis.gram(m), rhs, check_finite=False)


def refine(x: np.ndarray, y: np.ndarray, m: np.ndarray, lam: float, nodes: np.ndarray, signs: np.ndarray,
           v: np.ndarray, extended: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
           ) -> tuple[np.ndarray, np.ndarray]:
    r"""Iterative refinement of the hat-basis optimality system in extended precision (``numpy.longdouble``).

    The residual :math:`H^\top M\bar y - \lambda D_S^\top\sigma - H^\top M H v` is formed in extended precision and
    the correction solved with the double-precision matrix (two steps).  This makes the dual point
    :math:`R = M(\bar y - Hv)` — a small difference of large numbers when :math:`\lambda \ll \lambda_{\max}` —
    accurate, and with it the certified gap.  Returns (node values, fitted values at the sites), both longdouble.
    Where ``longdouble`` is plain double (some platforms) this is ordinary refinement and changes little.
    ``extended``: x, y, m already converted to longdouble (saves the conversions in a loop).
    """
    ld = np.longdouble
    xl, yl, ml = extended if extended is not None else (x.astype(ld), y.astype(ld), m.astype(ld))
    basis = _Basis(xl, nodes)
    rhs = basis.transpose(ml * yl) - ld(lam) * _penalty(xl[nodes], signs.astype(ld))
    ab = basis.gram(m)
    vl = v.astype(ld)
    for _ in range(2):
        res = rhs - basis.transpose(ml * basis.values(vl))
        vl = vl + solveh_banded(ab, res.astype(np.float64), check_finite=False).astype(ld)
    return vl, basis.values(vl)


def fitted_values(x: np.ndarray, nodes: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The spline with values ``v`` at ``nodes`` at every site, in the precision of ``v`` (longdouble after
    :func:`refine`)."""
    return _Basis(x.astype(v.dtype), nodes).values(v)


def node_amplitudes(X: np.ndarray, v: np.ndarray) -> np.ndarray:
    s = np.diff(v) / np.diff(X)
    return np.diff(s)


def _bump_peaks(excess: np.ndarray, over: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """Indices of the largest violation in each maximal run of consecutive violating sites of one sign of φ."""
    idx = np.flatnonzero(over)
    return idx[_peaks_of_runs(idx, excess[idx], phi[idx])]


def _peaks_of_runs(idx: np.ndarray, excess: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """Positions in ``idx`` (sorted violating sites, with their excess and φ) of the largest violation in each maximal
    run of consecutive sites with one sign of φ."""
    if idx.size == 0:
        return idx
    sgn = np.sign(phi)
    breaks = np.flatnonzero((np.diff(idx) != 1) | (np.diff(sgn) != 0)) + 1
    starts = np.concatenate(([0], breaks))
    group = np.repeat(np.arange(starts.size), np.diff(np.append(starts, idx.size)))
    order = np.lexsort((-excess, group))  # by group, then by decreasing excess
    first = np.concatenate(([True], np.diff(group[order]) != 0))
    return order[first]


def active_set(x: np.ndarray, y: np.ndarray, m: np.ndarray, lam: float, sign_at: np.ndarray, *,
                max_iter: int = _ACTIVE_SET_MAX_ITER, allow_single: bool = False, extended: bool = False,
                evaluator: FloatEvaluator | None = None) -> tuple[bool, np.ndarray, np.ndarray, np.ndarray, int]:
    r"""Primal-dual active-set iterations for the reduced problem at ``lam`` from the sign pattern ``sign_at``.

    ``sign_at[j]`` ∈ {−1, 0, +1} is the assumed sign of the slope jump at site j (0: no knot).  One iteration solves
    the optimality conditions on that knot set (:func:`_hat_solve`), then drops knots whose amplitude has the wrong
    sign and adds sites where the potential violates |φ| ≤ λ (in double precision the drops come first, by re-solving
    without the potential: :func:`_drop_wrong_signs`).  After a repeated pattern (a cycle) it halves the number of
    simultaneous changes, down to one, and drops and adds in the same step; so it does after ``_STALL_ITER``
    iterations without a new fewest number of violations (the long cycles of a few knots dropped and re-added at
    moving sites).
    Returns (certified, sign pattern, nodes, node values, iterations).
    ``extended``: refine each solve and decide signs and feasibility in ``numpy.longdouble`` (:func:`refine`), with
    the rounding bound of that precision — the final pass, which catches violations below double-precision
    resolution (they matter when :math:`\lambda \ll \lambda_{\max}`).
    """
    ok, pattern, nodes, v, its, _ = _iterate(x, y, m, lam, sign_at, max_iter, allow_single, extended, evaluator)
    return ok, pattern, nodes, v, its


def verify_extended(x: np.ndarray, y: np.ndarray, m: np.ndarray, lam: float, sign_at: np.ndarray
                    ) -> tuple[bool, np.ndarray, np.ndarray, np.ndarray, int, np.ndarray]:
    """The final pass, :func:`active_set` with ``extended=True``, also returning the fitted values at the sites of the
    last iteration (``numpy.longdouble``, from :func:`refine`), so that the caller need not evaluate them again."""
    return _iterate(x, y, m, lam, sign_at, _ACTIVE_SET_MAX_ITER, False, True)


def _iterate(x: np.ndarray, y: np.ndarray, m: np.ndarray, lam: float, sign_at: np.ndarray, max_iter: int,
             allow_single: bool, extended: bool, evaluator: FloatEvaluator | None = None
             ) -> tuple[bool, np.ndarray, np.ndarray, np.ndarray, int, np.ndarray]:
    """The iterations of :func:`active_set`; returns its tuple and the fitted values of the last solve."""
    M = x.shape[0]
    seen: set[bytes] = set()
    limit: int | None = None  # cap on simultaneous changes, set after a cycle
    last_changes = 0
    fewest, since = M + 1, 0  # the fewest violating sites and knots seen so far, and when
    cap = max_iter if not allow_single else _POLISH_MAX_ITER + 4 * M
    nodes = np.array([0, M - 1])
    v = np.zeros(2)
    u = np.zeros(M)
    long_data = (x.astype(np.longdouble), y.astype(np.longdouble), m.astype(np.longdouble)) if extended else None
    if long_data is None and evaluator is None:
        evaluator = FloatEvaluator(x, y, m)
    sign_at = sign_at.copy()  # updated in place below (the caller's pattern is not touched)
    S = np.flatnonzero(sign_at)  # the knots, kept up to date below (not recomputed from the M sites each time)
    for it in range(1, cap + 1):
        nodes = np.concatenate(([0], S, [M - 1]))
        if long_data is not None:  # extended
            basis = _Basis(x, nodes)
            v = _hat_solve(x, y, m, lam, basis, sign_at[S])
            v, u = refine(x, y, m, lam, nodes, sign_at[S], v, long_data)
            phi = potential(long_data[0], long_data[2] * (long_data[1] - u))
            amp = node_amplitudes(long_data[0][nodes], v)
            bound = rounding_bound(x, m, y, u.astype(np.float64), float(np.finfo(np.longdouble).eps))
            excess = np.where(sign_at == 0, np.abs(phi) - lam - bound, -np.inf)
            excess[0] = excess[-1] = -np.inf
            over = np.flatnonzero(excess > 0)
            over_excess, over_phi = excess[over], phi[over]
        else:
            assert evaluator is not None
            solved = None
            if limit is None:  # wrong signs are dropped before the potential, until a cycle or a stall damps the steps
                S, nodes, solved = _drop_wrong_signs(evaluator, lam, sign_at, S)
            ev = evaluator.evaluate(nodes, sign_at, lam, solved)
            v, amp, over, over_excess, over_phi = ev.v, ev.amp, ev.over, ev.excess, ev.phi
            u = np.zeros(0)
        scale = float(np.abs(amp).max()) if amp.size else 0.0
        badness = -sign_at[S] * amp  # > 0: the amplitude has the wrong sign (0 is allowed: |φ| = λ, no kink)
        wrong = badness > 0
        if not wrong.any() and over.size == 0:
            return True, sign_at, nodes, v, it, u
        key = S.tobytes() + sign_at[S].tobytes()  # the pattern, without an O(M) copy
        violations = int(wrong.sum()) + int(over.size)
        if violations < fewest:
            fewest, since = violations, it
        if key in seen:  # a cycle: allow fewer simultaneous changes (halving down to one)
            if limit == 1 and not allow_single:
                return False, sign_at, nodes, v, it, u
            limit = max(1, (last_changes if limit is None else limit) // 2)
            seen.clear()
        elif it - since >= _STALL_ITER and limit != 1:  # no progress without repeating a pattern: damp the same way
            limit = max(1, (last_changes if limit is None else limit) // 2)
            fewest, since = violations, it
        seen.add(key)
        if it > max_iter and not allow_single:
            return False, sign_at, nodes, v, it, u
        new = sign_at  # in place: one pass over the M sites less per iteration
        drops = S[wrong]
        peaks = _peaks_of_runs(over, over_excess, over_phi)
        if limit is not None and drops.size + peaks.size > limit:  # the worst violations, relative to their scale
            sev = np.concatenate([badness[wrong] / max(scale, EPS), over_excess[peaks] / lam])
            keep = np.argsort(-sev, kind="stable")[:limit]
            n_drop = drops.size
            drops, peaks = drops[keep[keep < n_drop]], peaks[keep[keep >= n_drop] - n_drop]
        new[drops] = 0.0
        adds = over[peaks]
        new[adds] = np.sign(over_phi[peaks])
        last_changes = int(drops.size + adds.size)
        sign_at = new
        S = np.union1d(np.setdiff1d(S, drops, assume_unique=True), adds[new[adds] != 0])
    return False, sign_at, nodes, v, cap, u


def _drop_wrong_signs(evaluator: FloatEvaluator, lam: float, sign_at: np.ndarray, S: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Solve for the knots ``S`` with the signs ``sign_at[S]``; while some amplitude has the wrong sign, drop those
    knots (``sign_at`` is updated in place) and solve again.  Returns the knots kept, the nodes and their values.

    The primal feasibility loop of the active set for nonnegative least squares (Lawson & Hanson, *Solving Least
    Squares Problems*, 1974, ch. 23), here dropping every wrong-sign knot at once: each solve costs :math:`O(K)` plus
    the sums of the intervals that merged (cached otherwise, :class:`radontv.regression_float.IntervalSums`), not
    the :math:`O(N)` potential; so the potential is evaluated only for patterns whose signs are right.  Added peaks
    typically take over from a knot of the guess a few sites away, which then changes sign: dropping it here, before
    the potential, saves one full-data iteration per such move (issue 14: 7–16 full-data iterations became 2–8).
    Each round drops at least one knot, so the loop ends (at the latest with no knot)."""
    M = sign_at.shape[0]
    while True:
        nodes = np.concatenate(([0], S, [M - 1]))
        v = evaluator.sums.solve(nodes, lam, sign_at[S])
        wrong = sign_at[S] * node_amplitudes(evaluator.x[nodes], v) < 0
        if not wrong.any():
            return S, nodes, v
        sign_at[S[wrong]] = 0.0
        S = S[~wrong]


def _homotopy(x: np.ndarray, y: np.ndarray, m: np.ndarray, lam: float, lam_start: float, sign_at: np.ndarray
              ) -> tuple[np.ndarray, int]:
    r"""Exact path following (homotopy) of the knot pattern from ``lam_start`` (where ``sign_at`` is optimal) down to
    ``lam``.

    On a fixed pattern the solution is affine in λ: :math:`v(\lambda) = v_y - \lambda v_\sigma` (two right-hand sides
    of the same tridiagonal system), hence so are the amplitudes and the potential,
    :math:`\varphi(\lambda) = \varphi_y + \lambda\varphi_\sigma`.  The next breakpoint is the largest
    :math:`\lambda' < \lambda` at which a free site reaches :math:`|\varphi| = \lambda'` (it joins, with that sign)
    or a knot's amplitude reaches 0 (it leaves).  Each breakpoint costs O(N); the path has one per change of the
    pattern.  Returns the pattern at ``lam`` and the number of breakpoints.
    """
    M = x.shape[0]
    current = lam_start
    events = 0
    for events in range(1, _HOMOTOPY_MAX_EVENTS_PER_SITE * M + 1):
        S = np.flatnonzero(sign_at)
        nodes = np.concatenate(([0], S, [M - 1]))
        basis = _Basis(x, nodes)
        v_y = _hat_solve(x, y, m, 0.0, basis, sign_at[S])
        v_l = (v_y - _hat_solve(x, y, m, 1.0, basis, sign_at[S]))  # v(λ) = v_y − λ v_l
        u_y, u_l = basis.values(v_y), basis.values(v_l)
        phi_y, phi_l = potential(x, m * (y - u_y)), potential(x, m * u_l)  # φ(λ) = φ_y + λ φ_l
        a_y, a_l = node_amplitudes(x[nodes], v_y), node_amplitudes(x[nodes], v_l)  # a(λ) = a_y − λ a_l
        free = sign_at == 0
        free[0] = free[-1] = False
        # the breakpoint just taken is excluded (rounding); the first one may lie at λ_start itself (from λ_max the
        # first knot joins at λ_max): excluding it there would start the path off the solution path
        upper = current * (1 - _HOMOTOPY_SEPARATION) if events > 1 else current * (1 + _HOMOTOPY_SEPARATION)
        best, what, where, sgn = lam, "", -1, 0.0
        with np.errstate(divide="ignore", invalid="ignore"):
            for s_ in (1.0, -1.0):  # φ_y + λ φ_l = s λ  →  λ = φ_y / (s − φ_l)
                cand = np.where(free, phi_y / (s_ - phi_l), -np.inf)
                ok = (cand > best) & (cand < upper)
                if ok.any():
                    j = int(np.argmax(np.where(ok, cand, -np.inf)))
                    best, what, where, sgn = float(cand[j]), "join", j, s_
            if S.size:
                cand = np.where(a_l != 0, a_y / a_l, -np.inf)
                ok = (cand > best) & (cand < upper)
                if ok.any():
                    k = int(np.argmax(np.where(ok, cand, -np.inf)))
                    best, what, where = float(cand[k]), "leave", int(S[k])
        if not what:
            return sign_at, events
        sign_at = sign_at.copy()
        sign_at[where] = sgn if what == "join" else 0.0
        current = best
    return sign_at, events


def warm_start(x: np.ndarray, y: np.ndarray, m: np.ndarray, lam: float, evaluator: FloatEvaluator | None = None
               ) -> tuple[np.ndarray, int]:
    r"""A guessed sign pattern from a coarser version of the data, and the iterations spent on it (all levels).

    Every ``_COARSE_FACTOR`` consecutive sites are pooled into one: weight :math:`W_c = \sum m_i`, value
    :math:`Y_c = \sum m_i y_i / W_c`, placed at the block's middle site (so the coarse sites are sites, strictly
    increasing, and a coarse knot maps back to the site it stands at).  The pooled loss
    :math:`\tfrac12\sum_c W_c (u_c - Y_c)^2` approximates the full one for splines that are nearly affine on each
    block, and TV² is the same functional, so the same λ applies.  The coarse problem is solved by the active set
    from its own coarser guess (recursively, down to ``_COARSE_MIN_SITES``), with at most ``_COARSE_MAX_ITER``
    iterations and no certification: the result is only a starting point; optimality is decided on the full data.
    """
    M = x.shape[0]
    if M < _COARSE_MIN_SITES:
        return np.zeros(M), 0
    starts = np.arange(0, M, _COARSE_FACTOR)
    sizes = np.diff(np.append(starts, M))
    mid = starts + sizes // 2
    unit = evaluator.unit if evaluator is not None else bool(np.all(m == 1))
    W = sizes.astype(np.float64) if unit else np.add.reduceat(m, starts)  # (unit weights: the block sizes)
    Y = np.add.reduceat(y if unit else m * y, starts) / W
    X = x[mid]
    coarse = FloatEvaluator(X, Y, W)  # shared by the coarse level's own guess and its active set
    guess, spent = warm_start(X, Y, W, lam, coarse)
    _, pattern, _, _, its = active_set(X, Y, W, lam, guess, max_iter=_COARSE_MAX_ITER, evaluator=coarse)
    fine = np.zeros(M)
    fine[mid[1:-1]] = pattern[1:-1]
    evaluator = FloatEvaluator(x, y, m) if evaluator is None else evaluator
    return _to_block_peaks(evaluator, lam, fine, starts, sizes), spent + its


def _to_block_peaks(evaluator: FloatEvaluator, lam: float, fine: np.ndarray, starts: np.ndarray, sizes: np.ndarray
                    ) -> np.ndarray:
    r"""Move each knot of the guess ``fine`` (at the middle site of its block of pooled sites) to the site of that
    block where the potential of the guess is largest in the knot's direction, :math:`\max_j \sigma\varphi(x_j)`.

    At an optimum the potential touches :math:`\sigma\lambda` at each knot; the coarse knot only knows its block, and
    the active set would otherwise move it there by adding the peak next to it and dropping the old knot, two or
    three iterations on the full data for each (issue 14: 10–12 full iterations became 6–8).  One evaluation of the
    potential on the full data; the result is a guess like any other (the active set decides)."""
    S = np.flatnonzero(fine)
    if S.size == 0:
        return fine
    M = fine.shape[0]
    _, phi = evaluator.potential(np.concatenate(([0], S, [M - 1])), fine, lam)
    moved = np.zeros(M)
    for site, block in zip(S.tolist(), (S // _COARSE_FACTOR).tolist(), strict=True):
        lo = int(starts[block])
        best = lo + int(np.argmax(fine[site] * phi[lo:lo + int(sizes[block])]))
        if 0 < best < M - 1 and moved[best] == 0:
            moved[best] = fine[site]
    return moved


def continuation(x: np.ndarray, y: np.ndarray, m: np.ndarray, lam: float, lam_max: float,
                 evaluator: FloatEvaluator | None = None) -> tuple[bool, np.ndarray, np.ndarray, int, np.ndarray]:
    """Solve the reduced problem at ``lam``: the active set from the coarse guess of :func:`warm_start` (from no knot
    when the data are small, or when the guess misleads it); if it stalls, the exact homotopy from λ_max followed by
    an active-set verification; as a last resort, geometric continuation in λ.  The iteration count is that on the
    full data (the coarse levels cost a fraction of it)."""
    M = x.shape[0]
    empty = np.zeros(M)
    evaluator = FloatEvaluator(x, y, m) if evaluator is None else evaluator
    guess, _ = warm_start(x, y, m, lam, evaluator)
    ok, pattern, nodes, v, total = active_set(x, y, m, lam, guess, evaluator=evaluator)
    if ok:
        return True, nodes, v, total, pattern[nodes[1:-1]]
    if guess.any():  # the coarse guess misled the active set: start from no knot, as without a warm start
        ok, pattern, nodes, v, its = active_set(x, y, m, lam, empty, evaluator=evaluator)
        total += its
        if ok:
            return True, nodes, v, total, pattern[nodes[1:-1]]
    path, events = _homotopy(x, y, m, lam, lam_max, empty)
    ok, pattern, nodes, v, its = active_set(x, y, m, lam, path, evaluator=evaluator)
    total += events + its
    if ok:
        return True, nodes, v, total, pattern[nodes[1:-1]]
    sign_at = empty
    current = lam_max
    ratio = _CONTINUATION_RATIO
    while True:
        nxt = max(current * ratio, lam)
        last_resort = ratio > 1 - _CONTINUATION_MIN_STEP * 1e3
        ok, pattern, nodes, v, its = active_set(x, y, m, nxt, sign_at, allow_single=last_resort,
                                                 evaluator=evaluator)
        total += its
        if ok:
            sign_at, current = pattern, nxt
            if current == lam:
                return True, nodes, v, total, sign_at[nodes[1:-1]]
            if its <= 2:  # easy step: take bigger ones
                ratio = max(ratio * ratio, _CONTINUATION_MIN_RATIO)
        else:
            ratio = math.sqrt(ratio)
            if ratio > 1 - _CONTINUATION_MIN_STEP:
                return False, nodes, v, total, sign_at[nodes[1:-1]]
