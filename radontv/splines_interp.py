r"""TV²-minimal interpolation of one-dimensional data: the minimal value, the canonical and the sparsest interpolant.

For sorted distinct sites :math:`x_1 < \dots < x_N` with values :math:`y_n`, let
:math:`s_i = (y_{i+1} - y_i)/(x_{i+1} - x_i)` (:math:`i = 1..N-1`) be the data slopes and
:math:`a_i = s_{i+1} - s_i` (:math:`i = 1..N-2`) the *canonical amplitudes*, at the interior sites :math:`x_{i+1}`.

* :func:`min_tv2`: :math:`\min\{\mathrm{TV}^2(f) : f(x_n) = y_n\} = \sum_{i=1}^{N-2}|a_i|` (Nakhleh & Nowak 2025,
  Cor. 3.1.2; the lower bound is the mean-value argument: :math:`f'` averages to :math:`s_i` on
  :math:`[x_i, x_{i+1}]`, so :math:`\mathrm{TV}(f') \ge \sum_i |s_{i+1} - s_i|`).
* :func:`min_tv2_interpolant`: the connect-the-dots spline, knots at :math:`x_2, \dots, x_{N-1}` with amplitudes
  :math:`a_i` (zero amplitudes dropped) — it attains the minimum with at most :math:`N-2` knots, all inside the data
  range (Parhi & Nowak, JMLR 2021, Thm 1 with :math:`d = 1`; Debarre, Denoyelle, Unser & Fageot, JCAM 2022).
* :func:`sparsest_interpolant`: a minimizer with the fewest knots (DDUF22, Algorithm 1, as corrected here).  A *run*
  is a maximal stretch of consecutive canonical amplitudes that are nonzero and of one sign; a zero amplitude
  (three collinear points) splits runs just as a sign change does, since every minimizer is then affine across
  :math:`[x_i, x_{i+2}]`.  Inside a run, consecutive amplitudes are merged in pairs,
  :math:`(a_i, x_{i+1}), (a_{i+1}, x_{i+2}) \mapsto (a_i + a_{i+1},\ \tau^*)` with the barycentre
  :math:`\tau^* = (a_i x_{i+1} + a_{i+1} x_{i+2})/(a_i + a_{i+1}) \in [x_{i+1}, x_{i+2}]`; this changes the function
  only on :math:`(x_{i+1}, x_{i+2})`, where there are no data, and keeps :math:`\mathrm{TV}^2` since the two
  amplitudes share a sign.  The knot count is :math:`\sum_{\text{runs}}\lceil n_{\text{run}}/2\rceil`.

Exact arithmetic decides zero amplitudes exactly.  Float and mp arithmetic decide them *scale-free*: an amplitude is
zero when it is below the error bound of its two data slopes (:data:`ZERO_SAFETY` times the first-order effect of a
relative perturbation :math:`u` of every coordinate, plus the rounding of the slope itself); no absolute threshold
is used, so multiplying the data by :math:`10^{\pm 6}` changes nothing.  A dropped amplitude is absorbed into the
next knot, so the interpolation error stays at the level of that bound.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .data import Data1D, prepare_1d
from .errors import InvalidInput
from .linear_spline import LinearSpline, _canonical, _zero, unit_roundoff
from .scalars import Arithmetic

__all__ = ["ZERO_SAFETY", "curvature_runs", "min_tv2", "min_tv2_interpolant", "minimal_knot_count",
           "sparsest_interpolant"]

#: An amplitude :math:`a_i = s_{i+1} - s_i` counts as zero in float/mp when :math:`|a_i| \le` ZERO_SAFETY
#: :math:`\times (e_i + e_{i+1})`, where :math:`e_i = u\,[(|y_i| + |y_{i+1}|) + |s_i|(|x_i| + |x_{i+1}|)]/(x_{i+1}-x_i)
#: + 2u|s_i|` bounds the change of the computed slope :math:`s_i` when every coordinate is perturbed by a relative
#: :math:`u` (its representation error, e.g. after scaling the data) plus the rounding of the slope itself.
#: Reason for 4: a factor 2 for the two perturbed coordinates entering each difference, and 2 of safety.
ZERO_SAFETY = 4


def _slopes_amplitudes(d: Data1D) -> tuple[Any, Any, np.ndarray]:
    """Data slopes s (N-1), canonical amplitudes a (N-2), and their signs (-1, 0, +1) decided as documented."""
    x, y, kind = d.x, d.y, d.arithmetic
    if kind == "float":
        dx = np.diff(x)
        dy = np.diff(y)
        s = dy / dx
        tiny = np.finfo(np.float64).tiny
        close = dx < tiny  # sites a subnormal distance apart: a knot between them cannot be placed to full precision
        if close.any():
            i = int(np.flatnonzero(close)[0])
            raise InvalidInput(
                f"x[{i}] = {x[i]:.6g} and x[{i + 1}] = {x[i + 1]:.6g} are {dx[i]:.3g} apart, below the normal float64 "
                "range (about 2.2e-308), where knots between them lose precision; multiply x by a power of two (the "
                "interpolant scales exactly) and divide the knots back")
        lost = (np.abs(s) < tiny) & (dy != 0)  # a slope below the normal range: bits lost
        if lost.any():
            i = int(np.flatnonzero(lost)[0])
            raise InvalidInput(
                f"the slope between x[{i}] = {x[i]:.6g} and x[{i + 1}] = {x[i + 1]:.6g} is {s[i]:.3g}, below the "
                "normal float64 range (about 2.2e-308), where it loses precision: y is too small for the spacing of x; "
                "multiply y by a power of two (the interpolant scales exactly) and divide the result back")
        a = np.diff(s)
        u = unit_roundoff(kind)
        e = (u * ((np.abs(y[1:]) + np.abs(y[:-1])) + np.abs(s) * (np.abs(x[1:]) + np.abs(x[:-1]))) / dx
             + 2 * u * np.abs(s))
        bound = ZERO_SAFETY * (e[1:] + e[:-1])
        sign = np.where(np.abs(a) <= bound, 0, np.sign(a)).astype(np.int8)
        return s, a, sign
    n = d.size
    s = [(y[i + 1] - y[i]) / (x[i + 1] - x[i]) for i in range(n - 1)]
    a = [s[i + 1] - s[i] for i in range(n - 2)]
    if kind == "exact":
        sign = np.array([(ai > 0) - (ai < 0) for ai in a], dtype=np.int8)
        return s, a, sign
    u = unit_roundoff(kind)
    e = [u * ((abs(y[i]) + abs(y[i + 1])) + abs(s[i]) * (abs(x[i]) + abs(x[i + 1]))) / (x[i + 1] - x[i])
         + 2 * u * abs(s[i]) for i in range(n - 1)]
    sign = np.array([0 if abs(a[i]) <= ZERO_SAFETY * (e[i] + e[i + 1]) else (1 if a[i] > 0 else -1)
                     for i in range(n - 2)], dtype=np.int8)
    return s, a, sign


def _runs(sign: np.ndarray) -> list[tuple[int, int, int]]:
    """Maximal runs ``(start, length, sign)`` of equal nonzero signs (zeros split runs)."""
    runs: list[tuple[int, int, int]] = []
    i, n = 0, sign.shape[0]
    while i < n:
        if sign[i] == 0:
            i += 1
            continue
        j = i
        while j + 1 < n and sign[j + 1] == sign[i]:
            j += 1
        runs.append((i, j - i + 1, int(sign[i])))
        i = j + 1
    return runs


def curvature_runs(x: Any, y: Any) -> list[tuple[int, int, int]]:
    """The runs of the canonical amplitudes of ``(x, y)``: ``(first amplitude index, length, sign)``.

    Amplitude ``i`` (0-based) sits at the ``(i+1)``-th distinct sorted site.  Data are validated as for
    :func:`sparsest_interpolant`.
    """
    d = prepare_1d(x, y, interpolation=True)
    return _runs(_slopes_amplitudes(d)[2])


def minimal_knot_count(x: Any, y: Any) -> int:
    r"""The fewest knots of a TV²-minimal interpolant: :math:`\sum_{\text{runs}}\lceil n_{\text{run}}/2\rceil`."""
    return sum((n + 1) // 2 for _, n, _ in curvature_runs(x, y))


def min_tv2(x: Any, y: Any) -> Any:
    r"""The minimal :math:`\mathrm{TV}^2` of an interpolant, :math:`\sum_{i=1}^{N-2}|s_{i+1} - s_i|`.

    Exact for exact data.  ``x`` is sorted with ``y``; repeated sites with equal values are merged; see
    :func:`radontv.data.prepare_1d` for the input rules (:class:`~radontv.InvalidInput` on bad input).

    >>> str(min_tv2([0, 1, 2, 3], [0, 1, 0, 0]))
    '3'
    """
    d = prepare_1d(x, y, interpolation=True)
    _, a, _ = _slopes_amplitudes(d)
    if d.arithmetic == "float":
        return float(np.abs(a).sum())
    return sum((abs(v) for v in a), start=_zero(d.arithmetic))


def min_tv2_interpolant(x: Any, y: Any) -> LinearSpline:
    r"""The connect-the-dots interpolant: knots at the interior sites, amplitudes :math:`s_{i+1} - s_i`.

    It attains :func:`min_tv2` and has at most :math:`N - 2` knots, all in :math:`(x_1, x_N)`; zero amplitudes
    (collinear points) are not knots.

    >>> s = min_tv2_interpolant([0, 1, 2, 3], [0, 1, 0, 0])
    >>> [str(t) for t in s.knots], [str(a) for a in s.amplitudes]
    (['1', '2'], ['-2', '1'])
    """
    return _build(prepare_1d(x, y, interpolation=True), pair=False)


def sparsest_interpolant(x: Any, y: Any) -> LinearSpline:
    r"""An interpolant of minimal :math:`\mathrm{TV}^2` with the fewest knots (DDUF22 Algorithm 1, corrected).

    Runs of nonzero same-sign canonical amplitudes are merged pairwise at barycentres (see the module docstring);
    the result has :func:`minimal_knot_count` knots.  Exact in rational arithmetic; scale-free in float, within
    its range: float data whose slopes leave the normal float64 range (above ~1.8e308 or below ~2.2e-308), or with
    sites closer than ~2.2e-308, raise :class:`~radontv.InvalidInput` (rescale by a power of two).

    >>> s = sparsest_interpolant([0, 1, 2, 3, 4, 5, 6], [0, 0, 1, 3, 5, 8, 12])
    >>> [str(t) for t in s.knots], [str(a) for a in s.amplitudes]
    (['3/2', '9/2'], ['2', '2'])
    """
    return _build(prepare_1d(x, y, interpolation=True), pair=True)


def _build(d: Data1D, *, pair: bool) -> LinearSpline:
    if d.arithmetic != "float":
        return _build_any(d, pair=pair)
    with np.errstate(over="raise", invalid="raise"):  # a slope beyond float64 would give inf − inf = NaN amplitudes
        try:
            return _build_any(d, pair=pair)
        except FloatingPointError as exc:
            raise InvalidInput(
                f"the interpolant's slopes leave the float64 range ({exc}): y is too large for the spacing of x "
                "(a slope, or a slope times x, beyond about 1.8e308); divide y by a power of two (the interpolant "
                "scales exactly) and multiply the result back") from exc


def _build_any(d: Data1D, *, pair: bool) -> LinearSpline:
    s, a, sign = _slopes_amplitudes(d)
    x, y, kind = d.x, d.y, d.arithmetic
    slope = s[0]
    intercept = y[0] - s[0] * x[0]
    if kind == "float":
        return _build_float(x, y, s, a, sign, slope, intercept, pair)
    groups = _groups(sign, pair)
    knots: list[Any] = []
    after: list[Any] = []
    for i, size in groups:
        if size == 2:
            lo, hi = x[i + 1], x[i + 2]
            tau = lo + a[i + 1] * (hi - lo) / (a[i] + a[i + 1])
            knots.append(min(max(tau, lo), hi))
            after.append(s[i + 2])
        else:
            knots.append(x[i + 1])
            after.append(s[i + 1])
    amps = [after[k] - (after[k - 1] if k else s[0]) for k in range(len(after))]
    t, am = _canonical(np.array(knots, dtype=object), np.array(amps, dtype=object), kind)
    return LinearSpline._trusted(kind, t, am, slope, intercept)


def _groups(sign: np.ndarray, pair: bool) -> list[tuple[int, int]]:
    """Knot groups ``(first amplitude index, size)``: pairs and singles inside runs (or all singles)."""
    out: list[tuple[int, int]] = []
    for start, n, _ in _runs(sign):
        if not pair:
            out.extend((start + k, 1) for k in range(n))
            continue
        out.extend((start + 2 * k, 2) for k in range(n // 2))
        if n % 2:
            out.append((start + n - 1, 1))
    return out


def _build_float(x: np.ndarray, y: np.ndarray, s: np.ndarray, a: np.ndarray, sign: np.ndarray, slope: float,
                 intercept: float, pair: bool) -> LinearSpline:
    kind: Arithmetic = "float"
    m = sign.shape[0]
    idx = np.arange(m)
    nz = sign != 0
    start = nz & np.concatenate([[True], sign[1:] != sign[:-1]])
    run_start = np.maximum.accumulate(np.where(start, idx, 0))
    pos = idx - run_start
    same_next = np.concatenate([sign[1:] == sign[:-1], [False]]) & nz
    if pair:
        first = nz & (pos % 2 == 0) & same_next
        single = nz & (pos % 2 == 0) & ~same_next
    else:
        first = np.zeros(m, dtype=bool)
        single = nz
    lead = first | single
    i = np.flatnonzero(lead)
    is_pair = first[i]
    ip = i[is_pair]
    lo, hi = x[ip + 1], x[ip + 2]
    tau_pair = np.clip(lo + a[ip + 1] * (hi - lo) / (a[ip] + a[ip + 1]), lo, hi)
    knots = x[i + 1].copy()
    knots[is_pair] = tau_pair
    after = np.where(is_pair, s[np.minimum(i + 2, s.shape[0] - 1)], s[i + 1])
    knots, amps = _feedback(x, y, knots, after, is_pair, i + 2, float(slope), float(intercept))
    t, am = _canonical(knots, amps, kind)
    return LinearSpline._trusted(kind, t, am, float(slope), float(intercept))


def _feedback(x: np.ndarray, y: np.ndarray, knots: np.ndarray, after: np.ndarray, is_pair: np.ndarray,
              right_site: np.ndarray, c1: float, c0: float) -> tuple[np.ndarray, np.ndarray]:
    r"""Float amplitudes and merged-knot positions chosen with error feedback, so that rounding does not accumulate.

    A spline stored as :math:`c_1` and amplitudes accumulates its slopes, :math:`c_1 + \sum_{j\le k} a_j`; rounding
    each :math:`a_k = s_{\text{after},k} - s_{\text{after},k-1}` to float64 separately lets the slopes drift by up
    to :math:`u\sum_k|a_k|`.  Instead each amplitude is rounded against the exact running sum of the amplitudes
    already chosen (kept as an unevaluated sum of two floats), so every slope is within a few units of roundoff of
    its target.  A correction that would exceed half the intended amplitude is carried to the next knot instead,
    so tiny amplitudes next to huge slopes keep their sign and size (the knot count stays scale-free).

    Each merged knot is placed so that the spline passes through the data site right of it, given the values
    accumulated so far: :math:`\tau = x_r - (y_r - W)/\Delta s`, with :math:`W` the value at :math:`x_r` without
    the knot.  In exact arithmetic this is the barycentre; in float it absorbs earlier roundings.  What remains is
    the rounding of :math:`\tau` itself, :math:`|\Delta s|\,\mathrm{ulp}(\tau)/2`, which no float64 knot position
    can avoid.
    """
    n = knots.shape[0]
    out_t = knots.astype(np.float64).tolist()
    out_a = [0.0] * n
    xs, ys, tgt = x.tolist(), y.tolist(), after.tolist()
    pairs, sites = is_pair.tolist(), right_site.tolist()
    hi = lo = 0.0  # the running sum of the chosen amplitudes, exactly hi + lo (up to the rounding of lo)
    slope_prev = c1
    t_prev = v_prev = 0.0
    prev_tgt = c1
    for k in range(n):
        step = tgt[k] - prev_tgt  # the intended amplitude, to relative precision
        drift = (hi - (prev_tgt - c1)) + lo  # slope error accumulated so far (rounding level)
        # correct the drift here only if that cannot change the amplitude's sign or size much; else carry it on
        amp = step - drift if abs(drift) <= 0.5 * abs(step) else step
        prev_tgt = tgt[k]
        s_ = hi + amp  # TwoSum: hi + amp = s_ + e exactly
        bb = s_ - hi
        lo += (hi - (s_ - bb)) + (amp - bb)
        hi = s_
        slope_new = c1 + (hi + lo)
        if pairs[k]:
            r = sites[k]
            xr = xs[r]
            w = c0 + c1 * xr if k == 0 else v_prev + slope_prev * (xr - t_prev)
            jump = slope_new - slope_prev
            if jump != 0:
                tau = xr - (ys[r] - w) / jump
                out_t[k] = min(max(tau, xs[r - 1]), xr)
        tau = out_t[k]
        v_prev = c0 + c1 * tau if k == 0 else v_prev + slope_prev * (tau - t_prev)
        t_prev, slope_prev = tau, slope_new
        out_a[k] = amp
    return np.array(out_t, dtype=np.float64), np.array(out_a, dtype=np.float64)
