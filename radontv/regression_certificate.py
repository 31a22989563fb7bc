r"""The optimality certificate of one-dimensional TV² regression (function-space weak duality).

For :math:`\tfrac12\sum_n (f(x_n)-y_n)^2 + \lambda\,\mathrm{TV}^2(f)` (the problem of :mod:`radontv.regression`;
derived in :mod:`radontv.theory.training`, catalog C6–C8): for any residual-like vector :math:`r\in\mathbb R^N` with
:math:`\sum_n r_n = 0`, :math:`\sum_n r_n x_n = 0` and potential

.. math::

    \varphi(t) = \sum_n r_n (x_n - t)_+ = \sum_{n:\,x_n < t} r_n\,(t - x_n), \qquad \sup_t|\varphi(t)| \le \lambda,

integration by parts gives :math:`\sum_n r_n f(x_n) = \int \varphi\, df'` :math:`\le \lambda\,\mathrm{TV}^2(f)`,
hence for **every** :math:`f`

.. math:: \tfrac12\sum_n (f(x_n)-y_n)^2 + \lambda\mathrm{TV}^2(f) \;\ge\; \sum_n r_n y_n - \tfrac12\sum_n r_n^2 .

:math:`\varphi` is piecewise linear with kinks at the sites and vanishes outside :math:`[x_1, x_N]`, so feasibility is
checked at the sites only.  :func:`certify` reports the primal value, this dual value and their gap, computed in
extended precision (``numpy.longdouble``) as a sum of terms that are non-negative in exact arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import FitNotCertified
from .linear_spline import LinearSpline, _blocked_cumsum

__all__ = ["EPS", "RegressionCertificate", "RegressionResult", "certify", "dot", "potential", "potential_plain",
           "rounding_bound", "site_of_points", "spline_at_sites", "summation_terms"]

#: The unit roundoff of float64 times two (``numpy.finfo(float64).eps`` = 2⁻⁵²).
EPS = float(np.finfo(np.float64).eps)

#: Block length of the prefix sums of :func:`potential` (:func:`radontv.linear_spline._blocked_cumsum`).
SUM_BLOCK = 256


def dot(a: np.ndarray, b: np.ndarray) -> Any:
    r""":math:`\sum_i a_i b_i` by numpy's pairwise summation (relative error :math:`O(\log_2 n)\,u` for terms of one
    sign, Higham §4.2), in the precision of the operands — **not** ``numpy.dot``: OpenBLAS's ``ddot`` starts threads
    above 10⁴ terms, and on a loaded machine each call then waits milliseconds for them (issue 14: this alone made
    the active set ×30 slower from N = 10⁴ to 10⁵); the pairwise sum is also independent of the BLAS thread count."""
    return np.add.reduce(a * b)


def site_of_points(data: Any, xa: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
    r"""For each raw point :math:`x_n` (input order) the index :math:`j` of its site, :math:`\text{data.x}_j = x_n`.

    Shortcut (a proof, then a check): if ``order`` sorts ``xa`` stably and ``data`` was prepared from ``xa[order]``,
    the sorted points are the sites, each repeated by its multiplicity, in increasing order (``prepare_1d``
    merges exactly equal neighbours), so the k-th sorted point stands at site ``repeat(arange(M), weights)[k]`` and
    raw point ``order[k]`` at that site: one scatter, O(N).  The identity ``data.x[site] == xa`` is then checked
    exactly (O(N)); should it fail — ``order`` from other data — the site is found by binary search, the general
    route (:func:`numpy.searchsorted` of unsorted points, O(N log M) with a cache miss per step: 0.3–0.8 s at 10⁶).
    """
    if order is not None and order.shape == xa.shape and int(data.weights.sum()) == xa.shape[0]:
        site = np.empty(xa.shape[0], dtype=np.intp)
        site[order] = np.repeat(np.arange(data.x.shape[0]), data.weights)
        if np.array_equal(data.x[site], xa):
            return site
    return np.searchsorted(data.x, xa)


def spline_at_sites(spline: LinearSpline, x: np.ndarray) -> np.ndarray:
    r"""The float spline at the **sorted** float64 sites ``x`` (the certificate's evaluation: O(N + K log N)).

    On the interval of the sites between two knots the spline is :math:`f(\tau_k) + s_{k+1}(x - \tau_k)` (left of
    the first knot :math:`f(\tau_1) + c_1 (x - \tau_1)`): the knot values and slopes come from the local recurrence
    of :meth:`LinearSpline.__call__` in extended precision (K numbers), rounded to double, and each site costs a
    subtraction, a multiplication and an addition in double precision (a few units of roundoff of
    :math:`|f(\tau_k)| + |s_{k+1}(x - \tau_k)|`; no cancellation with the intercept, whatever the origin of x).
    ``LinearSpline.__call__`` does the same point by point in extended precision, with a binary search per point:
    several times slower at 10⁶ sites (issue 14)."""
    knots = np.asarray(spline.knots, dtype=np.float64)
    if knots.size == 0:
        return np.asarray(spline(x), dtype=np.float64)
    ld = np.longdouble
    t = knots.astype(ld)
    slopes = ld(spline.slope) + np.concatenate([[ld(0)], np.cumsum(np.asarray(spline.amplitudes, dtype=ld))])
    values = np.empty(t.size, dtype=ld)
    values[0] = ld(spline.intercept) + ld(spline.slope) * t[0]
    if t.size > 1:
        values[1:] = values[0] + np.cumsum(slopes[1:-1] * np.diff(t))
    counts = np.diff(np.concatenate(([0], np.searchsorted(x, knots, side="left"), [x.shape[0]])))
    origin = np.concatenate(([knots[0]], knots))
    value = np.concatenate(([values[0]], values)).astype(np.float64)
    return np.repeat(value, counts) + np.repeat(slopes.astype(np.float64), counts) * (x - np.repeat(origin, counts))


def summation_terms(n: int) -> int:
    """The error factor of a blocked prefix sum of ``n`` terms: each prefix is a sum of at most ``block`` terms inside
    its block plus at most ``ceil(n / block)`` block totals (``n`` itself when ``n <= block``)."""
    return n if n <= SUM_BLOCK else SUM_BLOCK + -(-n // SUM_BLOCK)


def potential(x: np.ndarray, R: np.ndarray) -> np.ndarray:
    r""":math:`\varphi(x_j) = \sum_{i<j} R_i (x_j - x_i)` by the slope recursion :math:`\varphi_{j+1} = \varphi_j +
    (x_{j+1}-x_j)\sum_{i\le j} R_i` (no cancellation between large partial sums), both prefix sums blocked
    (rounding error growing like :func:`summation_terms` instead of the number of sites)."""
    out = np.zeros(x.shape[0], dtype=np.result_type(x, R))
    if x.shape[0] > 1:
        out[1:] = _blocked_cumsum(np.diff(x) * _blocked_cumsum(R, SUM_BLOCK)[:-1], SUM_BLOCK)
    return out


def potential_plain(dx: np.ndarray, R: np.ndarray, *, dtype: type | None = None, out: np.ndarray | None = None,
                    work: np.ndarray | None = None) -> np.ndarray:
    r""":math:`\varphi(x_j) = \sum_{i<j} R_i (x_j - x_i)` by plain running sums (``numpy.cumsum``, 3–5 times faster
    than the blocked sums of :func:`radontv.regression_certificate.potential` at 10⁶ sites), for decisions that the
    certificate re-examines; ``dx`` = ``numpy.diff(x)``.  The running sums of R are taken in ``dtype`` (default:
    R's own; extended for the certificate); ``out`` (M entries, of the result type) and ``work`` (M − 1 entries, of
    ``dtype``) are buffers to write into, reused across iterations."""
    M = R.shape[0]
    out = np.zeros(M, dtype=np.result_type(dx, R, dtype or R.dtype)) if out is None else out
    out[:1] = 0
    if M > 1:
        inner = np.cumsum(R[:-1], dtype=dtype, out=work)
        inner *= dx
        np.cumsum(inner, out=out[1:])
    return out


def rounding_bound(x: np.ndarray, m: np.ndarray, y: np.ndarray, u: np.ndarray, eps: float,
                   sites: int | None = None) -> np.ndarray:
    r"""A bound on the rounding error of the computed potential at each site.

    :math:`\varphi_j = \sum_{k<j} (x_{k+1}-x_k) S_k`, :math:`S_k = \sum_{i\le k} R_i`, :math:`R_i = m_i(y_i - u_i)`:
    two nested prefix sums of :math:`T` = :func:`summation_terms` (M) terms each, whose first-order error is at most
    :math:`T u` times the sum of the magnitudes (Higham, *Accuracy and Stability of Numerical Algorithms*, §4.2, the
    blocked case), plus a few roundings per term (difference, products); with the magnitudes
    :math:`\sum_{i<j} m_i(|y_i|+|u_i|)(x_j - x_i)` this is :math:`(2T + 4)u` times that.  We take
    :math:`(2T + 8)\varepsilon` (ε = 2u, ``numpy.finfo(dtype).eps`` of the precision used, four times the first-order
    bound) times the cheaper upper bound :math:`(x_j - x_1)\sum_i m_i(|y_i|+|u_i|)` of the magnitudes (one sum of
    non-negative terms instead of a second potential).  ``sites``: the number of sites when ``x`` holds only some of
    them (first site first: e.g. ``x[[0, -1]]`` for the bound at the last site alone).
    """
    total = float(dot(m, np.abs(y) + np.abs(u)))
    n = x.shape[0] if sites is None else sites
    return ((2.0 * summation_terms(n) + 8.0) * eps * total) * (x - x[0])


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


def _potential_extended(xl: np.ndarray, R: np.ndarray) -> np.ndarray:
    r"""The certificate's potential :math:`\varphi(x_j) = \sum_{i<j} R_i (x_j - x_i)` in extended precision
    (``numpy.longdouble``), by the slope recursion of :func:`potential` with plain running sums: sequential sums
    of at most N terms with unit roundoff :math:`u \le 2^{-64}` (x86) err by at most :math:`N u` times the sums of
    magnitudes, below 10⁻¹³ of them up to N = 10⁶ — more than the blocked sums gain, at a third of their cost
    (issue 14).  Where ``longdouble`` is plain double the bound is that of double precision."""
    # R widened on the fly (no extended copy of it); double sites: their differences in extended precision
    return potential_plain(np.subtract(xl[1:], xl[:-1], dtype=np.longdouble), R, dtype=np.longdouble)


def certify(data: Any, xa: np.ndarray, ya: np.ndarray, lam: float, lam_max: float, spline: LinearSpline,
             R: np.ndarray | None, iterations: int, method: str,
             active: tuple[np.ndarray, np.ndarray] | None = None, order: np.ndarray | None = None
             ) -> RegressionResult:
    """The certificate of ``spline``: dual point R (default: the weighted residuals, scaled into |φ| ≤ λ).

    ``order``: a permutation sorting the raw sites ``xa`` such that ``data`` was prepared from ``xa[order]``, if
    known; it maps each raw point to its site in O(N) (:func:`site_of_points`) instead of a binary search per point
    (with unit weights, i.e. no repeated site, point ``order[k]`` stands at site k)."""
    ld = np.longdouble
    # the sums of the values in the precision of the dual point (extended, or double for a double dual point: large
    # data, issue 14); the potential always in extended precision (a small difference of large sums when λ ≪ λ_max)
    wp = np.float64 if R is not None and np.asarray(R).dtype == np.float64 else ld
    unit = data.x.shape[0] == xa.shape[0]  # no repeated site: every weight is 1 (the products by m are skipped)
    m = data.weights.astype(wp)
    xl, yl = data.x, data.y.astype(wp, copy=False)  # sites stay double: the potential widens them as it goes
    fitted = spline_at_sites(spline, data.x).astype(wp, copy=False)
    e = fitted - yl
    R = m * (yl - fitted) if R is None else np.asarray(R, dtype=wp)
    phi = _potential_extended(xl, R)
    phi64 = phi.astype(np.float64)  # reported; its max and min (double-precision reductions, 3× faster) decide
    hi, lo = ld(phi64.max()), ld(phi64.min())
    peak = float(max(hi, -lo))
    scale = ld(1)
    if peak > lam > 0:  # rounding put φ a hair outside the box: scale the dual point back in (keeps ΣR = ΣRx = 0)
        scale = ld(lam / peak)
        R = R * wp(scale)
        hi, lo = hi * scale, lo * scale  # max and min of the scaled potential (scaling is monotone)
    Rm = R if unit else R / m
    knots = np.asarray(spline.knots, dtype=np.float64)
    amplitudes = np.asarray(spline.amplitudes, dtype=np.float64).astype(ld)
    within = float(data.within_ss)
    # beyond the float64 range (|y| above ~1e150) the sums overflow to inf: refused below, not warned about
    with np.errstate(over="ignore", invalid="ignore"):
        primal = float(0.5 * (dot(e, e) if unit else dot(m, e * e)) + 0.5 * within + lam * np.abs(amplitudes).sum())
        dual = float(dot(R, yl) - 0.5 * dot(R, Rm) + 0.5 * within)
        # φ at the knots: linear between sites (interpolated in extended precision)
        j = np.clip(np.searchsorted(data.x, knots, side="right") - 1, 0, data.x.size - 2)
        w = (knots.astype(ld) - xl[j].astype(ld)) / (xl[j + 1].astype(ld) - xl[j].astype(ld))
        phi_at_knots = (phi[j] * (1 - w) + phi[j + 1] * w) * scale
        d = e + Rm
        gap = (float(0.5 * (dot(d, d) if unit else dot(m, d * d)))
               + float(dot(amplitudes, ld(lam) * np.sign(amplitudes) - phi_at_knots)))
        # relative to the primal value, floored at the rounding level of the data (ε·½Σy²): a primal value that is pure
        # rounding noise (data fitted exactly) must not turn a rounding-level gap into a relative gap of order 1
        floor = EPS * 0.5 * float(dot(ya, ya))
        rel = gap / max(primal, floor) if max(primal, floor) > 0 else 0.0
    if not all(math.isfinite(v) for v in (primal, dual, gap, rel)):
        raise FitNotCertified(
            f"the certificate's values are not finite in double precision (primal {primal:.3g}, dual {dual:.3g}, "
            f"gap {gap:.3g}): the objective ½Σm(y − f)² + λ·TV² exceeds the float64 range (|y| or λ·|x| beyond about "
            "1e150), so the fit cannot be certified; divide y and λ by the same power of two (the fit scales exactly) "
            "and multiply the result back")
    infeas = (max(0.0, float(max(hi, -lo) - ld(lam))) / lam if lam > 0
              else (0.0 if not np.any(R) else math.inf))
    R = R.astype(np.float64, copy=False)
    phi = phi64
    if scale != 1:
        phi *= float(scale)
    if unit and order is not None and order.shape == xa.shape:
        # each point is its own site and data.x = xa[order] (unit weights: prepare_1d kept the sorted points): the
        # point order[k] stands at site k, so r_{order[k]} = R_k (one scatter; no search, no site array)
        residuals = np.empty(xa.shape[0])
        residuals[order] = R
    elif unit:
        residuals = R[site_of_points(data, xa, order)]
    else:
        site = site_of_points(data, xa, order)
        m = data.weights.astype(np.float64)
        residuals = R[site] / m[site] + (ya - data.y[site])
    cert = RegressionCertificate(
        lam=lam, primal=primal, dual=dual, gap=gap, relative_gap=rel, lam_max=lam_max,
        sites=data.x, weights=data.weights, dual_point=R, potential=phi, residuals=residuals,
        dual_infeasibility=infeas, active_sites=np.asarray(active[0] if active else [], dtype=np.int64),
        active_signs=np.asarray(active[1] if active else [], dtype=np.float64), iterations=iterations, method=method,
    )
    return RegressionResult(spline, cert)
