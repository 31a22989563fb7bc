r"""TV² regression in one dimension: a sparsest minimizer of least squares plus second-order total variation.

The problem (normalisation used everywhere in radontv: **½ on the squared loss, λ on TV², no ½ on TV²**):

.. math::

    \min_{f}\; \tfrac12\sum_{n=1}^{N}\bigl(f(x_n) - y_n\bigr)^2 + \lambda\,\mathrm{TV}^2(f),
    \qquad \mathrm{TV}^2(f) = \|f''\|_{\mathcal M} = \int |f''| ,

over all :math:`f:\mathbb R\to\mathbb R` with :math:`f''` a finite measure.  By the representer theorem
(Parhi & Nowak, JMLR 2021, Thm 1 with :math:`d = 1`, :math:`m = 2`, and §5.2) a minimizer is a linear spline with
at most :math:`N-2` knots, all inside :math:`[\min x_n, \max x_n]`; this module computes one with the **fewest knots**.

Route (finite-dimensional reduction).  Sort the sites, merge repeated sites
(:func:`radontv.data.prepare_1d`: averages :math:`\bar y_j` with weights :math:`m_j`, the multiplicities).  For fixed
values :math:`u_j = f(x_j)` the least TV² of any :math:`f` is that of the connect-the-dots spline,
:math:`\sum_j |s_{j+1} - s_j| = \|Du\|_1` with :math:`s_j` the slopes between consecutive sites (catalog C6; the
mean-value argument).  So the problem reduces exactly to the generalized lasso

.. math:: \min_{u\in\mathbb R^M}\; \tfrac12\sum_j m_j (u_j - \bar y_j)^2 + \lambda\,\|Du\|_1 ,

whose solution :math:`u^*` is unique (strictly convex).  Every minimizer of the function-space problem takes the
values :math:`u^*` and is a minimal-TV² interpolant of them, so the sparsest minimizer is obtained by merging
same-sign neighbouring knots (Debarre, Denoyelle, Unser, Fageot 2022, Algorithm 1, with runs split at zero
amplitudes: catalog C8).

Engine (exact active set with continuation).  For a guessed knot set :math:`S` (interior sites) with signs
:math:`\sigma`, the optimality conditions restricted to splines with knots in :math:`S` are a *tridiagonal* linear
system in the hat-function basis on the nodes :math:`\{x_1\} \cup S \cup \{x_M\}`,

.. math:: (H^\top M H)\,v = H^\top M\bar y - \lambda D_S^\top\sigma ,

(:func:`scipy.linalg.solveh_banded`; well conditioned, unlike the pentadiagonal dual Hessian :math:`DM^{-1}D^\top`
whose condition number grows like :math:`N^4`).  The guess is accepted when every amplitude has its assumed sign and
the dual potential satisfies :math:`|\varphi| \le \lambda` at every site (up to a computed rounding bound) — then
the KKT conditions hold and the solution is optimal.  Otherwise (a primal-dual active-set step, as for the lasso)
wrong-sign knots are dropped and the peak of every bump of violation is added.  When a pattern repeats (a cycle),
the number of simultaneous changes is halved, down to one.  Should that stall, the exact homotopy (path following
from :math:`\lambda_{\max}`, one breakpoint per change of the knot set) supplies the pattern, and geometric
continuation in :math:`\lambda` is the last resort.  Each iteration costs :math:`O(N)`.  A final pass repeats the
verification in extended precision (``numpy.longdouble``, with iterative refinement of the tridiagonal solve), so that
violations below double-precision resolution — they matter when :math:`\lambda \ll \lambda_{\max}` — are caught
and the certified gap is small.

Certificate (function-space weak duality; derived in :mod:`radontv.theory.training`).  For any residual-like vector
:math:`r\in\mathbb R^N` with :math:`\sum_n r_n = 0`, :math:`\sum_n r_n x_n = 0` and potential

.. math::

    \varphi(t) = \sum_n r_n (x_n - t)_+ = \sum_{n:\,x_n < t} r_n\,(t - x_n), \qquad \sup_t|\varphi(t)| \le \lambda,

integration by parts gives :math:`\sum_n r_n f(x_n) = \int \varphi\, df'` :math:`\le \lambda\,\mathrm{TV}^2(f)`,
hence for **every** :math:`f`

.. math:: \tfrac12\sum_n (f(x_n)-y_n)^2 + \lambda\mathrm{TV}^2(f) \;\ge\; \sum_n r_n y_n - \tfrac12\sum_n r_n^2 .

:math:`\varphi` is piecewise linear with kinks at the sites and vanishes outside :math:`[x_1, x_N]`, so feasibility is
checked at the sites only.  The certificate reports the primal value, this dual value, their gap and
:math:`\lambda_{\max}`.

:math:`\lambda_{\max}` (closed form).  Let :math:`\ell` be the least-squares affine fit and :math:`r = y - \ell(x)`
(so :math:`\sum r = \sum r x = 0`).  Then

.. math:: \lambda_{\max} = \max_j \Bigl|\sum_{n:\,x_n < x_j} r_n (x_j - x_n)\Bigr| ,

and the affine fit :math:`\ell` is a minimizer iff :math:`\lambda \ge \lambda_{\max}` (zero knots).

Duplicated sites are averaged with weights equal to their multiplicities (exact rewriting of the loss, see
:mod:`radontv.data`).  All computation is in IEEE double precision; exact or mpmath inputs are rounded to double first.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.linalg import solveh_banded

from .data import prepare_1d
from .errors import InvalidInput
from .splines import LinearSpline

__all__ = ["RegressionCertificate", "RegressionResult", "lambda_max", "tv2_regression"]

_EPS = float(np.finfo(np.float64).eps)
#: Active-set iterations of the direct attempt before the homotopy fallback takes over (typical solves need 10–40;
#: cycle damping can need a few hundred on badly spread data).
_ACTIVE_SET_MAX_ITER = 400
#: Extra allowance of the last-resort continuation, whose steps may make one change per iteration: this many plus 4M.
_POLISH_MAX_ITER = 30
#: Last-resort continuation: first ratio λ_{k+1}/λ_k; squared after easy steps (down to ``_CONTINUATION_MIN_RATIO``),
#: square-rooted after a failed one; it gives up once a step would change λ by less than ``_CONTINUATION_MIN_STEP``.
_CONTINUATION_RATIO = 0.5
_CONTINUATION_MIN_RATIO = 1e-4
_CONTINUATION_MIN_STEP = 1e-9
#: Homotopy: at most this many breakpoints per site (a knot may join and leave a few times along the path), and the
#: relative separation below the current λ under which a breakpoint counts as the one just taken (rounding).
_HOMOTOPY_MAX_EVENTS_PER_SITE = 8
_HOMOTOPY_SEPARATION = 1e-12


def _rounding_bound(x: np.ndarray, m: np.ndarray, y: np.ndarray, u: np.ndarray, eps: float) -> np.ndarray:
    r"""A bound on the rounding error of the computed potential at each site.

    :math:`\varphi_j = \sum_{i<j} m_i(y_i - u_i)(x_j - x_i)` is a sum of at most :math:`M` rounded terms, each with
    relative error a few ε (difference, products); recursive summation adds at most :math:`M\varepsilon` times the
    sum of the magnitudes (Higham, *Accuracy and Stability of Numerical Algorithms*, §4.2).  We take
    :math:`4M\varepsilon\sum_{i<j} m_i(|y_i|+|u_i|)(x_j - x_i)`, with ε the unit roundoff of the precision used.
    """
    return (4.0 * x.shape[0] * eps) * _potential(x, m * (np.abs(y) + np.abs(u)))


# ------------------------------------------------------------------------------------------------------------------
# results
# ------------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RegressionCertificate:
    r"""An optimality certificate for :math:`\tfrac12\sum_n (f(x_n)-y_n)^2 + \lambda\,\mathrm{TV}^2(f)`.

    Attributes
    ----------
    lam : float
        :math:`\lambda`.
    primal : float
        :math:`P(f) = \tfrac12\sum_n (f(x_n)-y_n)^2 + \lambda\mathrm{TV}^2(f)` of the returned spline, on the raw data.
    dual : float
        :math:`D(r) = \sum_n r_n y_n - \tfrac12\sum_n r_n^2` of the dual point :attr:`residuals`.
    gap : float
        :math:`P - D \ge 0`, computed in extended precision as a sum of terms that are non-negative in exact
        arithmetic (no cancellation between P and D):
        :math:`\tfrac12\sum_n (f(x_n) - y_n + r_n)^2 + \sum_k a_k(\lambda\,\mathrm{sgn}\,a_k - \varphi(\tau_k))`;
        tiny negative values are rounding.
    relative_gap : float
        ``gap / max(primal, ε·½Σy²)`` (ε = 2⁻⁵², the floor for data fitted exactly; 0 when both vanish): the
        **relative duality gap** quoted in the docs and benchmarks.
    lam_max : float
        :math:`\lambda_{\max}`, closed form (module docstring); for :math:`\lambda\ge\lambda_{\max}` the affine
        least-squares fit is optimal.
    sites, weights : numpy.ndarray
        Distinct sorted sites :math:`x_j` and their multiplicities :math:`m_j`.
    dual_point : numpy.ndarray
        :math:`R_j = \sum_{x_n = x_j} r_n` at each site; :math:`\sum R = \sum R x = 0` up to rounding.
    potential : numpy.ndarray
        :math:`\varphi(x_j) = \sum_{i<j} R_i (x_j - x_i)` at each site.
    residuals : numpy.ndarray
        The dual point :math:`r_n` on the raw data, in the input order.
    dual_infeasibility : float
        :math:`\max(0, \max_j|\varphi(x_j)| - \lambda)/\lambda` (0 when :math:`\lambda = 0` and :math:`r = 0`).
    active_sites : numpy.ndarray of int
        Indices into :attr:`sites` of the knots of the fitted values' connect-the-dots spline (before merging):
        the active set of the optimality conditions, :math:`\varphi(x_j) = \lambda\,\mathrm{sgn}\,a_j`.
    active_signs : numpy.ndarray
        The sign of the slope jump at each active site.
    iterations : int
        Active-set iterations (all continuation steps).
    method : str
        How the solution was obtained.
    """

    lam: float
    primal: float
    dual: float
    gap: float
    relative_gap: float
    lam_max: float
    sites: np.ndarray
    weights: np.ndarray
    dual_point: np.ndarray
    potential: np.ndarray
    residuals: np.ndarray
    dual_infeasibility: float
    active_sites: np.ndarray
    active_signs: np.ndarray
    iterations: int
    method: str

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (scalars only)."""
        return {
            "lam": self.lam, "primal": self.primal, "dual": self.dual, "gap": self.gap,
            "relative_gap": self.relative_gap, "lam_max": self.lam_max,
            "dual_infeasibility": self.dual_infeasibility, "iterations": self.iterations, "method": self.method,
        }


@dataclass(frozen=True)
class RegressionResult:
    """A sparsest minimizer (``spline``) and its certificate; unpacks as ``spline, certificate``."""

    spline: Any
    certificate: RegressionCertificate

    def __iter__(self) -> Iterator[Any]:
        yield self.spline
        yield self.certificate

    @property
    def objective(self) -> float:
        r"""The primal value :math:`\tfrac12\sum (f(x_n)-y_n)^2 + \lambda\mathrm{TV}^2(f)`."""
        return self.certificate.primal


# ------------------------------------------------------------------------------------------------------------------
# validation
# ------------------------------------------------------------------------------------------------------------------
def _validate_lam(lam: Any) -> float:
    if isinstance(lam, bool | str | bytes) or not hasattr(lam, "__float__"):
        raise InvalidInput(f"lam must be a non-negative number (the weight of TV²), got {lam!r}")
    try:
        value = float(lam)
    except (TypeError, ValueError):
        raise InvalidInput(f"lam must be a non-negative number (the weight of TV²), got {lam!r}") from None
    if not math.isfinite(value):
        raise InvalidInput(f"lam = {lam!r} is not finite; pass a finite λ ≥ 0 (large λ gives the affine fit)")
    if value < 0:
        raise InvalidInput(f"lam = {lam!r} is negative; the TV² weight must be λ ≥ 0")
    return value


def _as_float_data(x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Flat float64 copies of x, y after the shared validation (rounding exact or mp values to double)."""
    data = prepare_1d(x, y, interpolation=False)  # validates shapes, finiteness and size in the input arithmetic
    del data
    xa = np.asarray([float(v) for v in np.asarray(x, dtype=object).ravel()], dtype=np.float64)
    ya = np.asarray([float(v) for v in np.asarray(y, dtype=object).ravel()], dtype=np.float64)
    if not (np.all(np.isfinite(xa)) and np.all(np.isfinite(ya))):
        raise InvalidInput("x or y overflows double precision; rescale the data (TV² regression runs in float64)")
    return xa, ya


# ------------------------------------------------------------------------------------------------------------------
# building blocks (normalised data: sites x strictly increasing, means y, weights m > 0)
# ------------------------------------------------------------------------------------------------------------------
def _affine_fit(x: np.ndarray, y: np.ndarray, m: np.ndarray) -> tuple[float, float]:
    """Weighted least-squares line ``y ≈ c0 + c1 x`` (centred for stability); returns (c0, c1)."""
    sw = m.sum()
    xm = float(np.dot(m, x) / sw)
    ym = float(np.dot(m, y) / sw)
    xc = x - xm
    sxx = float(np.dot(m, xc * xc))
    c1 = float(np.dot(m, xc * (y - ym)) / sxx) if sxx > 0 else 0.0
    return ym - c1 * xm, c1


def _potential(x: np.ndarray, R: np.ndarray) -> np.ndarray:
    r""":math:`\varphi(x_j) = \sum_{i<j} R_i (x_j - x_i)` by the slope recursion :math:`\varphi_{j+1} = \varphi_j +
    (x_{j+1}-x_j)\sum_{i\le j} R_i` (no cancellation between large partial sums)."""
    slopes = np.cumsum(R)[:-1]
    return np.concatenate(([0.0], np.cumsum(np.diff(x) * slopes)))


def _hat_solve(x: np.ndarray, y: np.ndarray, m: np.ndarray, lam: float, nodes: np.ndarray,
               signs: np.ndarray) -> np.ndarray:
    """Values v at ``nodes`` (site indices incl. both ends) of the spline with knots at the interior nodes that
    satisfies the optimality conditions for the sign pattern ``signs``: (HᵀMH) v = HᵀM y − λ D_Sᵀ σ."""
    X = x[nodes]
    K = nodes.shape[0]
    # interval of each site and its barycentric coordinate
    seg = np.clip(np.searchsorted(nodes, np.arange(x.shape[0]), side="right") - 1, 0, K - 2)
    t = (x - X[seg]) / (X[seg + 1] - X[seg])
    a0, a1 = 1.0 - t, t
    diag = np.bincount(seg, m * a0 * a0, minlength=K) + np.bincount(seg + 1, m * a1 * a1, minlength=K)
    off = np.bincount(seg, m * a0 * a1, minlength=K - 1)[: K - 1]
    rhs = np.bincount(seg, m * a0 * y, minlength=K) + np.bincount(seg + 1, m * a1 * y, minlength=K)
    if K > 2:
        H = np.diff(X)
        g0, g2 = 1.0 / H[:-1], 1.0 / H[1:]
        g1 = -(g0 + g2)
        corr = np.zeros(K)
        corr[:-2] += g0 * signs
        corr[1:-1] += g1 * signs
        corr[2:] += g2 * signs
        rhs -= lam * corr
    ab = np.zeros((2, K))
    ab[1] = diag
    ab[0, 1:] = off
    return solveh_banded(ab, rhs, check_finite=False)


def _refine(x: np.ndarray, y: np.ndarray, m: np.ndarray, lam: float, nodes: np.ndarray, signs: np.ndarray,
            v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Iterative refinement of the hat-basis optimality system in extended precision (``numpy.longdouble``).

    The residual :math:`H^\top M\bar y - \lambda D_S^\top\sigma - H^\top M H v` is formed in extended precision and
    the correction solved with the double-precision factorization (two steps).  This makes the dual point
    :math:`R = M(\bar y - Hv)` — a small difference of large numbers when :math:`\lambda \ll \lambda_{\max}` —
    accurate, and with it the certified gap.  Returns (node values, fitted values at the sites), both longdouble.
    Where ``longdouble`` is plain double (some platforms) this is ordinary refinement and changes little.
    """
    ld = np.longdouble
    K = nodes.shape[0]
    xl, yl, ml = x.astype(ld), y.astype(ld), m.astype(ld)
    X = xl[nodes]
    seg = np.clip(np.searchsorted(nodes, np.arange(x.shape[0]), side="right") - 1, 0, K - 2)
    t = (xl - X[seg]) / (X[seg + 1] - X[seg])
    a0, a1 = 1 - t, t
    starts = nodes[:-1]  # every node interval holds its left node: segments are the runs starting there

    def hat_t(w: np.ndarray) -> np.ndarray:  # Hᵀ w
        out = np.zeros(K, dtype=ld)
        out[:-1] += np.add.reduceat(w * a0, starts)
        out[1:] += np.add.reduceat(w * a1, starts)
        return out

    rhs = hat_t(ml * yl)
    if K > 2:
        H = np.diff(X)
        g0, g2 = 1 / H[:-1], 1 / H[1:]
        sl = signs.astype(ld)
        corr = np.zeros(K, dtype=ld)
        corr[:-2] += g0 * sl
        corr[1:-1] += -(g0 + g2) * sl
        corr[2:] += g2 * sl
        rhs -= ld(lam) * corr
    xf = x
    Xf = xf[nodes]
    tf = (xf - Xf[seg]) / (Xf[seg + 1] - Xf[seg])
    b0, b1 = 1.0 - tf, tf
    ab = np.zeros((2, K))
    ab[1] = np.bincount(seg, m * b0 * b0, minlength=K) + np.bincount(seg + 1, m * b1 * b1, minlength=K)
    ab[0, 1:] = np.bincount(seg, m * b0 * b1, minlength=K - 1)[: K - 1]
    vl = v.astype(ld)
    for _ in range(2):
        u = vl[seg] * a0 + vl[seg + 1] * a1
        res = rhs - hat_t(ml * u)
        vl = vl + solveh_banded(ab, res.astype(np.float64), check_finite=False).astype(ld)
    return vl, vl[seg] * a0 + vl[seg + 1] * a1


def _evaluate_nodes(x: np.ndarray, nodes: np.ndarray, v: np.ndarray) -> np.ndarray:
    return np.interp(x, x[nodes], v)


def _node_amplitudes(X: np.ndarray, v: np.ndarray) -> np.ndarray:
    s = np.diff(v) / np.diff(X)
    return np.diff(s)


def _bump_peaks(excess: np.ndarray, over: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """Indices of the largest violation in each maximal run of consecutive violating sites of one sign of φ."""
    idx = np.flatnonzero(over)
    if idx.size == 0:
        return idx
    sgn = np.sign(phi[idx])
    breaks = np.flatnonzero((np.diff(idx) != 1) | (np.diff(sgn) != 0)) + 1
    starts = np.concatenate(([0], breaks))
    group = np.repeat(np.arange(starts.size), np.diff(np.append(starts, idx.size)))
    order = np.lexsort((-excess[idx], group))  # by group, then by decreasing excess
    first = np.concatenate(([True], np.diff(group[order]) != 0))
    return idx[order[first]]


def _active_set(x: np.ndarray, y: np.ndarray, m: np.ndarray, lam: float, sign_at: np.ndarray, *,
                max_iter: int = _ACTIVE_SET_MAX_ITER, allow_single: bool = False, extended: bool = False,
                ) -> tuple[bool, np.ndarray, np.ndarray, np.ndarray, int]:
    r"""Primal-dual active-set iterations for the reduced problem at ``lam`` from the sign pattern ``sign_at``.

    ``sign_at[j]`` ∈ {−1, 0, +1} is the assumed sign of the slope jump at site j (0: no knot).  One iteration solves
    the optimality conditions on that knot set (:func:`_hat_solve`), then drops knots whose amplitude has the wrong
    sign and adds sites where the potential violates |φ| ≤ λ.  After a repeated pattern (a cycle) it changes only
    the single worst violation per iteration.  Returns (certified, sign pattern, nodes, node values, iterations).
    ``extended``: refine each solve and decide signs and feasibility in ``numpy.longdouble`` (:func:`_refine`), with
    the rounding bound of that precision — the final pass, which catches violations below double-precision
    resolution (they matter when :math:`\lambda \ll \lambda_{\max}`).
    """
    M = x.shape[0]
    seen: set[bytes] = set()
    limit: int | None = None  # cap on simultaneous changes, set after a cycle
    last_changes = 0
    cap = max_iter if not allow_single else _POLISH_MAX_ITER + 4 * M
    nodes = np.array([0, M - 1])
    v = np.zeros(2)
    for it in range(1, cap + 1):
        S = np.flatnonzero(sign_at)
        nodes = np.concatenate(([0], S, [M - 1]))
        v = _hat_solve(x, y, m, lam, nodes, sign_at[S])
        if extended:
            v, u = _refine(x, y, m, lam, nodes, sign_at[S], v)
            ld = np.longdouble
            phi = _potential(x.astype(ld), m.astype(ld) * (y.astype(ld) - u))
            amp = _node_amplitudes(x[nodes].astype(ld), v)
            bound = _rounding_bound(x, m, y, u.astype(np.float64), float(np.finfo(ld).eps))
        else:
            u = _evaluate_nodes(x, nodes, v)
            phi = _potential(x, m * (y - u))
            amp = _node_amplitudes(x[nodes], v)
            bound = _rounding_bound(x, m, y, u, _EPS)
        scale = float(np.abs(amp).max()) if amp.size else 0.0
        badness = -sign_at[S] * amp  # > 0: the amplitude has the wrong sign (0 is allowed: |φ| = λ, no kink)
        wrong = badness > 0
        excess = np.where(sign_at == 0, np.abs(phi) - lam - bound, -np.inf)
        excess[0] = excess[-1] = -np.inf
        over = excess > 0
        if not wrong.any() and not over.any():
            return True, sign_at, nodes, v, it
        key = sign_at.tobytes()
        if key in seen:  # a cycle: allow fewer simultaneous changes (halving down to one)
            if limit == 1 and not allow_single:
                return False, sign_at, nodes, v, it
            limit = max(1, (last_changes if limit is None else limit) // 2)
            seen.clear()
        seen.add(key)
        if it > max_iter and not allow_single:
            return False, sign_at, nodes, v, it
        new = sign_at.copy()
        drops = S[wrong]
        adds = _bump_peaks(excess, over, phi)
        if limit is not None and drops.size + adds.size > limit:  # the worst violations, relative to their scale
            sev = np.concatenate([badness[wrong] / max(scale, _EPS), excess[adds] / lam])
            keep = np.argsort(-sev, kind="stable")[:limit]
            n_drop = drops.size
            drops, adds = drops[keep[keep < n_drop]], adds[keep[keep >= n_drop] - n_drop]
        new[drops] = 0.0
        new[adds] = np.sign(phi[adds])
        last_changes = int(drops.size + adds.size)
        sign_at = new
    return False, sign_at, nodes, v, cap


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
        v_y = _hat_solve(x, y, m, 0.0, nodes, sign_at[S])
        v_l = (v_y - _hat_solve(x, y, m, 1.0, nodes, sign_at[S]))  # v(λ) = v_y − λ v_l
        u_y, u_l = _evaluate_nodes(x, nodes, v_y), _evaluate_nodes(x, nodes, v_l)
        phi_y, phi_l = _potential(x, m * (y - u_y)), _potential(x, m * u_l)  # φ(λ) = φ_y + λ φ_l
        a_y, a_l = _node_amplitudes(x[nodes], v_y), _node_amplitudes(x[nodes], v_l)  # a(λ) = a_y − λ a_l
        free = sign_at == 0
        free[0] = free[-1] = False
        upper = current * (1 - _HOMOTOPY_SEPARATION)
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


def _continuation(x: np.ndarray, y: np.ndarray, m: np.ndarray, lam: float, lam_max: float
                  ) -> tuple[bool, np.ndarray, np.ndarray, int, np.ndarray]:
    """Solve the reduced problem at ``lam``: a direct active-set solve from no knot; if it stalls, the exact
    homotopy from λ_max followed by an active-set verification; as a last resort, geometric continuation in λ."""
    M = x.shape[0]
    empty = np.zeros(M)
    ok, pattern, nodes, v, total = _active_set(x, y, m, lam, empty)
    if ok:
        return True, nodes, v, total, pattern[nodes[1:-1]]
    path, events = _homotopy(x, y, m, lam, lam_max, empty)
    ok, pattern, nodes, v, its = _active_set(x, y, m, lam, path)
    total += events + its
    if ok:
        return True, nodes, v, total, pattern[nodes[1:-1]]
    sign_at = empty
    current = lam_max
    ratio = _CONTINUATION_RATIO
    while True:
        nxt = max(current * ratio, lam)
        last_resort = ratio > 1 - _CONTINUATION_MIN_STEP * 1e3
        ok, pattern, nodes, v, its = _active_set(x, y, m, nxt, sign_at, allow_single=last_resort)
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


def _merge_runs(knots: np.ndarray, amps: np.ndarray, adjacent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pair consecutive same-sign knots that sit at adjacent sites (runs of C8) into one knot at the barycentre.

    ``adjacent[k]`` is True when knot k+1 sits at the site right after knot k (no data strictly between).
    """
    out_k: list[float] = []
    out_a: list[float] = []
    k = 0
    n = knots.shape[0]
    while k < n:
        if k + 1 < n and adjacent[k] and np.sign(amps[k]) == np.sign(amps[k + 1]):
            a = amps[k] + amps[k + 1]
            tau = (amps[k] * knots[k] + amps[k + 1] * knots[k + 1]) / a
            out_k.append(float(min(max(tau, knots[k]), knots[k + 1])))
            out_a.append(float(a))
            k += 2
        else:
            out_k.append(float(knots[k]))
            out_a.append(float(amps[k]))
            k += 1
    return np.array(out_k), np.array(out_a)


# ------------------------------------------------------------------------------------------------------------------
# public functions
# ------------------------------------------------------------------------------------------------------------------
def lambda_max(x: Any, y: Any) -> Any:
    r"""The smallest :math:`\lambda` for which the least-squares affine fit minimizes
    :math:`\tfrac12\sum_n (f(x_n)-y_n)^2 + \lambda\mathrm{TV}^2(f)`.

    Closed form (derived in :mod:`radontv.theory.training`): with :math:`r = y - \ell(x)` the residuals of the
    least-squares line :math:`\ell`, :math:`\lambda_{\max} = \max_j |\sum_{x_n < x_j} r_n (x_j - x_n)|`.
    Computed in the arithmetic of the data: exact rationals in, an exact ``Fraction`` out; mpmath at the caller's
    precision; float64 otherwise.  Repeated sites count with their multiplicity.

    >>> from fractions import Fraction
    >>> lambda_max([0, 1, 2], [0, 1, 0])  # r = (-1/3, 2/3, -1/3): |phi(1)| = 1/3
    Fraction(1, 3)
    >>> round(lambda_max([0.0, 1.0, 2.0], [0.0, 1.0, 0.0]), 12)
    0.333333333333
    """
    data = prepare_1d(x, y, interpolation=False)
    if data.arithmetic == "float":
        sx, sy, xs, ys = _normalise(data.x, data.y)
        return _lam_max_normalised(xs, ys, data.weights.astype(np.float64)) * sx * sy
    X, Y, m = list(data.x), list(data.y), [int(k) for k in data.weights]
    zero = Y[0] * 0
    sw = sum(m)
    xm = sum((mi * xi for mi, xi in zip(m, X, strict=True)), start=zero) / sw
    ym = sum((mi * yi for mi, yi in zip(m, Y, strict=True)), start=zero) / sw
    sxx = sum((mi * (xi - xm) ** 2 for mi, xi in zip(m, X, strict=True)), start=zero)
    sxy = sum((mi * (xi - xm) * (yi - ym) for mi, xi, yi in zip(m, X, Y, strict=True)), start=zero)
    c1 = sxy / sxx
    R = [mi * (yi - ym - c1 * (xi - xm)) for mi, xi, yi in zip(m, X, Y, strict=True)]
    best, phi, slope = zero, zero, zero
    for j in range(1, len(X)):
        slope += R[j - 1]
        phi += slope * (X[j] - X[j - 1])
        best = max(best, abs(phi))
    return best


def _normalise(x: np.ndarray, y: np.ndarray) -> tuple[float, float, np.ndarray, np.ndarray]:
    """x ↦ (x − centre)/sx, y ↦ y/sy (λ scales by sx·sy); powers of two so that the scaling is exact."""
    sx = 2.0 ** math.frexp(float(x[-1] - x[0]))[1]
    ymax = float(np.abs(y).max())
    sy = 2.0 ** math.frexp(ymax)[1] if ymax > 0 else 1.0
    centre = float(x[0] + x[-1]) / 2
    return sx, sy, (x - centre) / sx, y / sy


def _lam_max_normalised(x: np.ndarray, y: np.ndarray, m: np.ndarray) -> float:
    c0, c1 = _affine_fit(x, y, m)
    R = m * (y - (c0 + c1 * x))
    return float(np.abs(_potential(x, R)).max())


def tv2_regression(x: Any, y: Any, lam: Any) -> RegressionResult:
    r"""A minimizer with the fewest knots of :math:`\tfrac12\sum_{n}(f(x_n)-y_n)^2 + \lambda\,\mathrm{TV}^2(f)`.

    Parameters
    ----------
    x, y : array_like, shape (N,)
        Data (N ≥ 2 points, at least 2 distinct sites, finite).  Unsorted data are sorted; repeated sites are
        averaged with weights equal to their multiplicities (an exact rewriting of the loss, :mod:`radontv.data`).
    lam : float
        :math:`\lambda \ge 0`.  For :math:`\lambda \ge \lambda_{\max}` the result is the least-squares line; for
        :math:`\lambda = 0` every interpolant of the averaged data minimizes, and the result is the limit
        :math:`\lambda\to0^+`: a sparsest minimal-TV² interpolant.

    Returns
    -------
    RegressionResult
        ``(spline, certificate)``: a :class:`radontv.splines.LinearSpline` with at most :math:`N-2` knots inside the
        data range, fewest among all minimizers, and a :class:`RegressionCertificate` (primal and dual values,
        duality gap, relative gap = gap / primal, the dual point, :math:`\lambda_{\max}`).

    Raises
    ------
    InvalidInput
        Fewer than two distinct sites, NaN/inf, mismatched shapes, or :math:`\lambda < 0`.

    Examples
    --------
    >>> spline, cert = tv2_regression([0, 1, 2, 3], [0, 1, 1, 0], lam=0.1)
    >>> spline.knots.tolist(), spline.amplitudes.tolist(), cert.relative_gap < 1e-12
    ([1.5], [-1.6], True)
    """
    lam_f = _validate_lam(lam)
    xa, ya = _as_float_data(x, y)
    data = prepare_1d(xa, ya, interpolation=False)
    m = data.weights.astype(np.float64)
    sx, sy, xs, ys = _normalise(data.x, data.y)
    lam_n = lam_f / (sx * sy)
    M = xs.shape[0]
    lam_max_n = _lam_max_normalised(xs, ys, m) if M > 2 else 0.0
    iterations = 0
    signs: np.ndarray | None = None
    # λ within the rounding error of λ_max counts as λ_max: the affine fit is then optimal up to rounding (its
    # certificate says so), while the active set would have to decide signs of amplitudes that are pure noise
    affine_tol = float(_rounding_bound(xs, m, ys, np.zeros(M), _EPS).max()) if M > 2 else 0.0
    if M <= 2 or lam_n >= lam_max_n - affine_tol:
        c0, c1 = _affine_fit(xs, ys, m)
        nodes = np.array([0, M - 1])
        v = np.array([c0 + c1 * xs[0], c0 + c1 * xs[-1]])
        method = "affine least-squares fit (λ ≥ λ_max)"
    elif lam_n == 0.0:
        from .splines import sparsest_interpolant

        spline0 = sparsest_interpolant(data.x, data.y)
        return _certify(data, xa, ya, 0.0, lam_max_n * sx * sy, spline0, np.zeros(M), 0,
                        "interpolation (λ = 0: the limit λ → 0⁺, a sparsest minimal-TV² interpolant)")
    else:
        certified, nodes, v, iterations, signs = _continuation(xs, ys, m, lam_n, lam_max_n)
        if certified:  # final pass in extended precision from the accepted pattern
            pattern = np.zeros(M)
            pattern[nodes[1:-1]] = signs
            ok, pattern, nodes_x, v_x, its = _active_set(xs, ys, m, lam_n, pattern, extended=True)
            iterations += its
            if ok:
                nodes, v, signs = nodes_x, np.asarray(v_x, dtype=np.float64), pattern[nodes_x[1:-1]]
        method = "primal-dual active set (homotopy fallback); KKT verified in extended precision"
        if not certified:  # pragma: no cover - no instance known: return the last pattern; the certificate's gap
            # (computed from the returned spline and a feasible dual point) says how far from optimal it is
            method = "primal-dual active set: KKT NOT verified (near-degenerate data); see the certificate's gap"
    return _assemble(data, xa, ya, lam_f, sx, sy, xs, ys, m, lam_n, lam_max_n, nodes, v, iterations, method,
                     signs)


def _assemble(data: Any, xa: np.ndarray, ya: np.ndarray, lam: float, sx: float, sy: float, xs: np.ndarray,
              ys: np.ndarray, m: np.ndarray, lam_n: float, lam_max_n: float, nodes: np.ndarray, v: np.ndarray,
              iterations: int, method: str, signs: np.ndarray | None = None) -> RegressionResult:
    X = xs[nodes]
    if signs is None:  # affine fit: no interior node
        signs = np.zeros(max(nodes.shape[0] - 2, 0))
    vl, ul = _refine(xs, ys, m, lam_n, nodes, signs, v)
    amps_n = (_node_amplitudes(X.astype(np.longdouble), vl).astype(np.float64) if nodes.shape[0] > 2
              else np.zeros(0))
    v = vl.astype(np.float64)
    keep = amps_n != 0
    knot_idx = nodes[1:-1][keep]
    amps_n = amps_n[keep]
    # sparsify: merge same-sign knots at adjacent sites (C8 runs); zero amplitudes were dropped above
    adjacent = np.diff(knot_idx) == 1
    knots_n, amps_merged_n = _merge_runs(xs[knot_idx], amps_n, adjacent)
    # back to data units: x = centre + sx ξ, f = sy g
    centre = float(data.x[0] + data.x[-1]) / 2
    knots = centre + sx * knots_n
    if knot_idx.size:  # knots that stayed at sites: use the exact site value
        unmerged = np.isin(knots_n, xs[knot_idx])
        site_of = np.searchsorted(xs, knots_n[unmerged])
        knots[unmerged] = data.x[site_of]
    amplitudes = amps_merged_n * (sy / sx)
    slope0_n = (v[1] - v[0]) / (X[1] - X[0])
    slope = slope0_n * sy / sx
    value0 = v[0] * sy
    intercept = value0 - slope * float(data.x[0])
    spline = LinearSpline(knots, amplitudes, slope=slope, intercept=intercept)
    # dual point: the weighted residuals of the node values (hat basis, accurate), in data units
    R = m.astype(np.longdouble) * (ys.astype(np.longdouble) - ul) * sy
    return _certify(data, xa, ya, lam, lam_max_n * sx * sy, spline, R, iterations, method,
                    active=(knot_idx, np.sign(amps_n)))


def _certify(data: Any, xa: np.ndarray, ya: np.ndarray, lam: float, lam_max: float, spline: LinearSpline,
             R: np.ndarray | None, iterations: int, method: str,
             active: tuple[np.ndarray, np.ndarray] | None = None) -> RegressionResult:
    """The certificate of ``spline``: dual point R (default: the weighted residuals, scaled into |φ| ≤ λ)."""
    ld = np.longdouble
    m = data.weights.astype(ld)
    xl, yl = data.x.astype(ld), data.y.astype(ld)
    fitted = np.asarray(spline(data.x), dtype=np.float64).astype(ld)
    e = fitted - yl
    R = m * (yl - fitted) if R is None else np.asarray(R, dtype=ld)
    phi = _potential(xl, R)
    peak = float(np.abs(phi).max())
    if peak > lam > 0:  # rounding put φ a hair outside the box: scale the dual point back in (keeps ΣR = ΣRx = 0)
        R, phi = R * ld(lam / peak), phi * ld(lam / peak)
    knots = np.asarray(spline.knots, dtype=np.float64)
    amplitudes = np.asarray(spline.amplitudes, dtype=np.float64).astype(ld)
    within = float(data.within_ss)
    primal = float(0.5 * np.dot(m, e * e) + 0.5 * within + lam * np.abs(amplitudes).sum())
    dual = float(np.dot(R, yl) - 0.5 * np.dot(R, R / m) + 0.5 * within)
    # φ at the knots: linear between sites (interpolated in extended precision)
    j = np.clip(np.searchsorted(data.x, knots, side="right") - 1, 0, data.x.size - 2)
    w = (knots.astype(ld) - xl[j]) / (xl[j + 1] - xl[j])
    phi_at_knots = phi[j] * (1 - w) + phi[j + 1] * w
    gap = float(0.5 * np.dot(m, (e + R / m) ** 2)
                + np.dot(amplitudes, ld(lam) * np.sign(amplitudes) - phi_at_knots))
    # relative to the primal value, floored at the rounding level of the data (ε·½Σy²): a primal value that is pure
    # rounding noise (data fitted exactly) must not turn a rounding-level gap into a relative gap of order 1
    floor = _EPS * 0.5 * float(np.dot(ya, ya))
    rel = gap / max(primal, floor) if max(primal, floor) > 0 else 0.0
    infeas = (max(0.0, float(np.abs(phi).max() - ld(lam))) / lam if lam > 0
              else (0.0 if not np.any(R) else math.inf))
    R = R.astype(np.float64)
    phi = phi.astype(np.float64)
    m = data.weights.astype(np.float64)
    site = np.searchsorted(data.x, xa)
    residuals = R[site] / m[site] + (ya - data.y[site])
    cert = RegressionCertificate(
        lam=lam, primal=primal, dual=dual, gap=gap, relative_gap=rel, lam_max=lam_max,
        sites=data.x.copy(), weights=data.weights.copy(), dual_point=R, potential=phi, residuals=residuals,
        dual_infeasibility=infeas, active_sites=np.asarray(active[0] if active else [], dtype=np.int64),
        active_signs=np.asarray(active[1] if active else [], dtype=np.float64), iterations=iterations, method=method,
    )
    return RegressionResult(spline, cert)
