r"""One-dimensional TV² regression: a sparsest minimizer of least squares plus second-order total variation.

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

Engine (:mod:`radontv.regression_active_set`): an exact primal-dual active set on the knot pattern, each iteration
one tridiagonal solve in the hat-function basis (:mod:`radontv.regression_float`), warm-started from coarser versions
of the data, with the exact homotopy in :math:`\lambda` and geometric continuation as fallbacks; a final pass
repeats the verification in extended precision (``numpy.longdouble``), so that violations below double-precision
resolution — they matter when :math:`\lambda \ll \lambda_{\max}` — are caught and the certified gap is small.
From ``LARGE_SITES`` distinct sites on (issue 14: 10⁶ points) that pass is skipped when the double-precision pattern,
certified directly (its potential summed in extended precision), has a relative gap of at most ``LARGE_GAP``.

Certificate (:mod:`radontv.regression_certificate`; function-space weak duality, derived in
:mod:`radontv.theory.training`): any :math:`r` with :math:`\sum r = \sum r x = 0` and
:math:`\sup_t |\sum_n r_n (t - x_n)_+| \le \lambda` gives the lower bound :math:`\sum_n r_n y_n - \tfrac12\sum_n
r_n^2` on the objective of **every** :math:`f`.  The certificate reports the primal value, this dual value, their
gap and :math:`\lambda_{\max}`.

:math:`\lambda_{\max}` (closed form).  Let :math:`\ell` be the least-squares affine fit and :math:`r = y - \ell(x)`
(so :math:`\sum r = \sum r x = 0`).  Then

.. math:: \lambda_{\max} = \max_j \Bigl|\sum_{n:\,x_n < x_j} r_n (x_j - x_n)\Bigr| ,

and the affine fit :math:`\ell` is a minimizer iff :math:`\lambda \ge \lambda_{\max}` (zero knots).

Duplicated sites are averaged with weights equal to their multiplicities (exact rewriting of the loss, see
:mod:`radontv.data`).  All computation is in IEEE double precision; exact or mpmath inputs are rounded to double first.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .data import prepare_1d, sorting_order
from .errors import FitNotCertified, InvalidInput
from .linear_spline import LinearSpline
from .regression_active_set import continuation, fitted_values, node_amplitudes, refine, verify_extended
from .regression_certificate import (
    EPS,
    RegressionCertificate,
    RegressionResult,
    certify,
    potential,
    rounding_bound,
    summation_terms,
)
from .regression_certificate import dot as _dot
from .regression_float import FloatEvaluator, IntervalSums
from .splines_interp import sparsest_interpolant

__all__ = ["LARGE_GAP", "LARGE_SITES", "RegressionCertificate", "RegressionResult", "lambda_max", "tv2_regression"]

#: From this many distinct sites on, the pattern accepted by the double-precision active set is certified directly
#: (its double-precision node values, not refined; the certificate's potential summed in extended precision: the
#: ``extended=False`` branch of ``_assemble``) and returned when its relative gap
#: is at most ``LARGE_GAP``; only otherwise does the extended-precision verification (several O(N) iterations in
#: ``numpy.longdouble``, the dominant cost at 10⁶ points: issue 14) run.  Below it the verification always runs
#: (cheap there), which gives relative gaps at the rounding level of extended precision.
LARGE_SITES = 2**15
#: The relative duality gap accepted without the extended verification (issue 14 asks for ≤ 1e-9 at N = 10⁶).
LARGE_GAP = 1e-10

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


def _is_float_array(a: Any) -> bool:
    return isinstance(a, np.ndarray) and a.dtype == np.float64 and a.ndim == 1


def _as_float_data(x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """Flat float64 x, y after the shared validation (rounding exact or mp values to double); flat float64 arrays are
    used as they are (never modified)."""
    if _is_float_array(x) and _is_float_array(y):  # plain float64 arrays: nothing to round (no object detour)
        xa, ya = np.asarray(x, dtype=np.float64).ravel(), np.asarray(y, dtype=np.float64).ravel()
        if xa.shape != ya.shape or not (np.all(np.isfinite(xa)) and np.all(np.isfinite(ya))):
            prepare_1d(x, y, interpolation=False)  # the shared validation names the problem
        return xa, ya
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
    xm = float(_dot(m, x) / sw)
    ym = float(_dot(m, y) / sw)
    xc = x - xm
    sxx = float(_dot(m, xc * xc))
    c1 = float(_dot(m, xc * (y - ym)) / sxx) if sxx > 0 else 0.0
    return ym - c1 * xm, c1


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
        lam_max_n = _lam_max_normalised(xs, ys, data.weights.astype(np.float64))
        if not math.isfinite(lam_max_n * sx * sy):
            raise InvalidInput(f"λ_max = {lam_max_n:.6g}·{sx:.6g}·{sy:.6g} exceeds the float64 range for these data "
                               "(|y| times the range of x beyond about 1e308): divide y by a power of two (λ_max "
                               "scales with it)")
        return lam_max_n * sx * sy
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
    """x ↦ (x − centre)/sx, y ↦ y/sy (λ scales by sx·sy); powers of two so that the scaling is exact.

    sx and sy are the powers of two just above the range of x and max |y| (so |x − centre|/sx ≤ ½, |y|/sy < 1), but
    at most 2¹⁰²³, the largest in float64 (then |y|/sy < 2).  A range of x beyond float64 is refused."""
    with np.errstate(over="ignore"):
        span = float(x[-1] - x[0])
    if not math.isfinite(span):
        raise InvalidInput(f"x spans from {float(x[0]):.6g} to {float(x[-1]):.6g}, beyond the float64 range (about "
                           "1.8e308): rescale x by a power of two (and λ with it: TV² scales by the inverse)")
    centre = _centre(x)
    sx = math.ldexp(1.0, min(math.frexp(span)[1], 1023))
    ymax = float(np.abs(y).max())
    sy = math.ldexp(1.0, min(math.frexp(ymax)[1], 1023)) if ymax > 0 else 1.0
    return sx, sy, (x - centre) / sx, y / sy


def _centre(x: np.ndarray) -> float:
    """(x₁ + x_M)/2 of sorted sites; halved first when the sum overflows (both ends near the top of the range, where
    halving is exact)."""
    with np.errstate(over="ignore"):
        centre = float(x[0] + x[-1]) / 2
    return centre if math.isfinite(centre) else float(x[0] / 2 + x[-1] / 2)


def _lam_max_normalised(x: np.ndarray, y: np.ndarray, m: np.ndarray) -> float:
    c0, c1 = _affine_fit(x, y, m)
    R = m * (y - (c0 + c1 * x))
    return float(np.abs(potential(x, R)).max())


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
        Fewer than two distinct sites, NaN/inf, mismatched shapes, :math:`\lambda < 0`, or a range of x beyond
        float64.
    FitNotCertified
        The fit, its slopes or its certificate leave the float64 range (\|y\| beyond about 1e150, or slopes beyond
        about 1e308); the message says to rescale y and λ by a power of two.

    Examples
    --------
    >>> spline, cert = tv2_regression([0, 1, 2, 3], [0, 1, 1, 0], lam=0.1)
    >>> spline.knots.tolist(), spline.amplitudes.tolist(), cert.relative_gap < 1e-12
    ([1.5], [-1.6], True)
    """
    with np.errstate(over="raise", invalid="raise"):
        try:
            return _tv2_regression(x, y, lam)
        except (FloatingPointError, OverflowError) as exc:  # data at the edge of the float64 range (beyond ~1e300)
            raise FitNotCertified(
                f"a value of the fit left the float64 range ({exc}): the data are too large or too finely spaced "
                "for double precision; divide y and λ by the same power of two (the fit scales exactly), or rescale "
                "x by a power of two (λ with the same factor), and scale the result back") from exc


def _tv2_regression(x: Any, y: Any, lam: Any) -> RegressionResult:
    """:func:`tv2_regression` without the conversion of floating-point overflow into :class:`FitNotCertified`."""
    lam_f = _validate_lam(lam)
    xa, ya = _as_float_data(x, y)
    # sort once here and keep the permutation: prepare_1d then sees sorted data (its stable sort is one linear pass
    # over a single run), and the certificate maps raw points to sites by the permutation (site_of_points)
    order, x_sorted = sorting_order(xa)  # any sorting permutation: tied points are averaged into one site
    data = prepare_1d(x_sorted, ya[order], interpolation=False)
    m = data.weights.astype(np.float64)
    sx, sy, xs, ys = _normalise(data.x, data.y)
    lam_n = lam_f / sx / sy  # one division at a time: sx·sy may underflow to 0 (subnormal data) or overflow
    M = xs.shape[0]
    evaluator = FloatEvaluator(xs, ys, m) if M >= LARGE_SITES else None
    if evaluator is not None:  # λ_max from the evaluator's potential of the no-knot fit (the least-squares line)
        _, phi0 = evaluator.potential(np.array([0, M - 1]), np.zeros(0), 0.0)
        lam_max_n = float(max(phi0.max(), -phi0.min()))
    else:
        lam_max_n = _lam_max_normalised(xs, ys, m) if M > 2 else 0.0
    iterations = 0
    signs: np.ndarray | None = None
    fitted: np.ndarray | None = None  # the fitted values at the sites when the extended pass computed them
    # λ within the rounding error of λ_max counts as λ_max: the affine fit is then optimal up to rounding (its
    # certificate says so), while the active set would have to decide signs of amplitudes that are pure noise
    affine_tol = float(rounding_bound(xs[[0, -1]], m, ys, np.zeros(1), EPS, M)[-1]) if M > 2 else 0.0
    if evaluator is not None:  # λ_max by plain running sums (the evaluator): their worst case grows with M
        affine_tol *= M / summation_terms(M)
    if M <= 2 or lam_n >= lam_max_n - affine_tol:
        c0, c1 = _affine_fit(xs, ys, m)
        lam_n = min(lam_n, lam_max_n)  # the same fit for every λ ≥ λ_max (no interior node: λ is not used), finite
        nodes = np.array([0, M - 1])
        v = np.array([c0 + c1 * xs[0], c0 + c1 * xs[-1]])
        method = "affine least-squares fit (λ ≥ λ_max)"
    elif lam_n == 0.0:
        spline0 = sparsest_interpolant(data.x, data.y)
        return certify(data, xa, ya, 0.0, lam_max_n * sx * sy, spline0, np.zeros(M), 0,
                        "interpolation (λ = 0: the limit λ → 0⁺, a sparsest minimal-TV² interpolant)", order=order)
    else:
        certified, nodes, v, iterations, signs = continuation(xs, ys, m, lam_n, lam_max_n, evaluator)
        if certified and M >= LARGE_SITES:  # the double-precision pattern, certified; the extended pass only if needed
            result = _assemble(data, xa, ya, lam_f, sx, sy, xs, ys, m, lam_n, lam_max_n, nodes, v, iterations,
                               "primal-dual active set; KKT verified in double precision, potential of the "
                               "certificate in extended precision (large data)", signs, order, extended=False,
                               evaluator=evaluator)
            if result.certificate.relative_gap <= LARGE_GAP:
                return result
        if certified:  # final pass in extended precision from the accepted pattern
            pattern = np.zeros(M)
            pattern[nodes[1:-1]] = signs
            ok, pattern, nodes_x, v_x, its, u_x = verify_extended(xs, ys, m, lam_n, pattern)
            iterations += its
            if ok:  # v_x, u_x: refined node values and the fitted values they give, in longdouble
                nodes, v, signs, fitted = nodes_x, v_x, pattern[nodes_x[1:-1]], u_x
        method = "primal-dual active set (homotopy fallback); KKT verified in extended precision"
        if not certified:  # pragma: no cover - no instance known: return the last pattern; the certificate's gap
            # (computed from the returned spline and a feasible dual point) says how far from optimal it is
            method = "primal-dual active set: KKT NOT verified (near-degenerate data); see the certificate's gap"
    return _assemble(data, xa, ya, lam_f, sx, sy, xs, ys, m, lam_n, lam_max_n, nodes, v, iterations, method,
                     signs, order, fitted)


def _assemble(data: Any, xa: np.ndarray, ya: np.ndarray, lam: float, sx: float, sy: float, xs: np.ndarray,
              ys: np.ndarray, m: np.ndarray, lam_n: float, lam_max_n: float, nodes: np.ndarray, v: np.ndarray,
              iterations: int, method: str, signs: np.ndarray | None = None, order: np.ndarray | None = None,
              fitted: np.ndarray | None = None, extended: bool = True, evaluator: FloatEvaluator | None = None
              ) -> RegressionResult:
    """The sparsest spline of the node values ``v`` in data units, and its certificate.  ``extended``: refine the
    node values in extended precision first (:func:`refine`) and certify with an extended-precision dual point;
    otherwise the dual point is the double-precision residual of ``v`` (large data: its potential is still summed in
    extended precision by :func:`certify`)."""
    X = xs[nodes]
    if signs is None:  # affine fit: no interior node
        signs = np.zeros(max(nodes.shape[0] - 2, 0))
    if v.dtype == np.longdouble:  # already refined by the extended pass, with its fitted values (same v, nodes)
        vl, ul = v, (fitted if fitted is not None else fitted_values(xs, nodes, v))
    elif extended:
        vl, ul = refine(xs, ys, m, lam_n, nodes, signs, v)
    else:  # the evaluator's interval sums (its unit-weight flag) if the caller has one
        vl, ul = v, (evaluator.sums if evaluator is not None else IntervalSums(xs, ys, m)).values(nodes, v)
    amps_n = (node_amplitudes(X.astype(np.longdouble), vl).astype(np.float64) if nodes.shape[0] > 2
              else np.zeros(0))
    v = vl.astype(np.float64)
    keep = amps_n != 0
    knot_idx = nodes[1:-1][keep]
    amps_n = amps_n[keep]
    # sparsify: merge same-sign knots at adjacent sites (C8 runs); zero amplitudes were dropped above
    adjacent = np.diff(knot_idx) == 1
    knots_n, amps_merged_n = _merge_runs(xs[knot_idx], amps_n, adjacent)
    # back to data units: x = centre + sx ξ, f = sy g
    centre = _centre(data.x)
    knots = centre + sx * knots_n
    if knot_idx.size:  # knots that stayed at sites: use the exact site value
        unmerged = np.isin(knots_n, xs[knot_idx])
        site_of = np.searchsorted(xs, knots_n[unmerged])
        knots[unmerged] = data.x[site_of]
    with np.errstate(over="ignore", invalid="ignore"):  # beyond the float64 range: refused below, not warned about
        amplitudes = amps_merged_n * (sy / sx)
        slope0_n = (v[1] - v[0]) / (X[1] - X[0])
        slope = slope0_n * sy / sx
        value0 = v[0] * sy
        intercept = value0 - slope * float(data.x[0])
    if not (np.all(np.isfinite(amplitudes)) and math.isfinite(slope) and math.isfinite(intercept)):
        raise FitNotCertified(
            "the fitted spline's slopes or values are not finite in double precision (largest change of slope "
            f"{float(np.abs(amplitudes).max(initial=0.0)):.3g}, first slope {slope:.3g}, intercept {intercept:.3g}): "
            "y is too large for the spacing of x (slopes beyond the float64 range, about 1.8e308), so the fit cannot "
            "be returned; divide y and λ by the same power of two (the fit scales exactly) and multiply the result "
            "back")
    spline = LinearSpline(knots, amplitudes, slope=slope, intercept=intercept)
    # dual point: the weighted residuals of the node values (hat basis, accurate), in data units
    if ul.dtype == np.longdouble:
        R = m.astype(np.longdouble) * (ys.astype(np.longdouble) - ul) * sy
    else:  # in place in the fresh array ul
        R = np.subtract(ys, ul, out=ul)
        if evaluator is None or not evaluator.unit:
            R *= m
        R *= sy
    return certify(data, xa, ya, lam, lam_max_n * sx * sy, spline, R, iterations, method,
                    active=(knot_idx, np.sign(amps_n)), order=order)
