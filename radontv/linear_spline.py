r"""The linear spline type: continuous piecewise-linear (CPWL) functions on :math:`\mathbb{R}` in canonical form.

A linear spline is written in the truncated-power basis

.. math:: f(x) = c_0 + c_1 x + \sum_{k=1}^{K} a_k\,(x - \tau_k)_+ ,

with knots :math:`\tau_k`, amplitudes :math:`a_k` (the jumps of :math:`f'`), slope :math:`c_1 = f'(-\infty)` and
intercept :math:`c_0`.  Its distributional second derivative is :math:`D^2 f = \sum_k a_k\,\delta_{\tau_k}`, so its
second-order total variation is :math:`\mathrm{TV}^2(f) = \|D^2 f\|_{\mathcal M} = \sum_k |a_k|` once equal knots are
merged (Parhi & Nowak, JMLR 2021, §5.1; Debarre, Denoyelle, Unser & Fageot, JCAM 2022).

A univariate ReLU network :math:`\sum_k v_k\sigma(w_kx - b_k) + c_1x + c_0` is such a spline: a neuron with
:math:`w_k \ne 0` has its knot at :math:`\tau_k = b_k/w_k` and amplitude :math:`v_k|w_k|` (the sign of :math:`w_k`
only adds an affine function, :math:`\sigma(-t) = \sigma(t) - t`); a neuron with :math:`w_k = 0` is a constant.
:meth:`LinearSpline.from_network` merges neurons that share a knot, so
:math:`\mathrm{TV}^2 = \sum_{\tau}\bigl|\sum_{k:\tau_k=\tau} v_k|w_k|\bigr|`, which is at most the path norm
:math:`\sum_k |v_k||w_k|` (equality iff no sign cancels at a shared knot).

This module is the bottom of the one-dimensional family: it imports no solver.  The interpolation solvers live in
:mod:`radontv.splines_interp`, the regression solver in :mod:`radontv.regression`; :mod:`radontv.splines` re-exports
all of them with :class:`LinearSpline` (the names users import).

Arithmetic follows :mod:`radontv.scalars`: exact (``Fraction``), ``mpf`` (at the caller's :func:`mpmath.workdps`) or
``float64``.  Float evaluation accumulates in ``numpy.longdouble`` (64-bit mantissa on x86) and rounds once.
"""

from __future__ import annotations

from bisect import bisect_left
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from ._keyed import KeyedEquality
from .errors import InvalidInput
from .network import ReLUNetwork
from .scalars import (
    Arithmetic,
    arithmetic_of,
    as_array,
    exact_value,
    format_array,
    format_scalar,
    promote,
)

__all__ = ["LinearSpline", "unit_roundoff"]


def unit_roundoff(kind: Arithmetic) -> Any:
    r"""The unit roundoff :math:`u` of an arithmetic: 0 (exact), :math:`2^{-53}` (float64), :math:`2^{1-p}` (mpmath at
    the current precision of :math:`p` bits)."""
    if kind == "exact":
        return Fraction(0)
    if kind == "float":
        return float(np.finfo(np.float64).eps) / 2
    return mpmath.ldexp(mpmath.mpf(1), 1 - mpmath.mp.prec)


def _zero(kind: Arithmetic) -> Any:
    return Fraction(0) if kind == "exact" else (mpmath.mpf(0) if kind == "mp" else 0.0)


def _flat(values: Any, name: str) -> np.ndarray:
    arr = values if isinstance(values, np.ndarray) and values.dtype.kind in "fiu" else np.asarray(values, dtype=object)
    if arr.ndim != 1:
        raise InvalidInput(f"{name} must be a flat sequence of numbers (shape (K,)); got shape {arr.shape}")
    if arr.dtype == object and any(isinstance(e, list | tuple | np.ndarray) for e in arr):
        raise InvalidInput(f"{name} is ragged; pass a flat sequence of numbers")
    return arr


def _kind_of(arr: np.ndarray, name: str) -> Arithmetic:
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)):
            raise InvalidInput(f"{name} contains a non-finite value; every entry must be a finite number")
        return "float"
    if arr.dtype.kind in "iu":
        return "exact"
    return arithmetic_of(arr, name) if arr.size else "exact"


def _to(arr: np.ndarray, kind: Arithmetic, name: str) -> np.ndarray:
    if kind == "float" and arr.dtype.kind in "fiu":
        return np.array(arr, dtype=np.float64)
    return as_array(arr, kind, name=name)


class LinearSpline(KeyedEquality):
    r"""An immutable linear spline :math:`f(x) = c_0 + c_1x + \sum_k a_k (x-\tau_k)_+` in canonical form.

    Parameters
    ----------
    knots : array_like, shape (K,)
        Knot positions :math:`\tau_k`, in any order; equal knots are merged (amplitudes added).
    amplitudes : array_like, shape (K,)
        Slope jumps :math:`a_k`; knots whose (merged) amplitude is exactly zero are dropped ("phantom knots").
    slope : scalar
        :math:`c_1`, the slope left of every knot, :math:`f'(-\infty)`.
    intercept : scalar
        :math:`c_0`.

    Notes
    -----
    The stored knots are strictly increasing with nonzero amplitudes, so two splines in the same arithmetic are
    equal (``==``, :class:`radontv._keyed.KeyedEquality` on the canonical parameters) exactly when they are the same
    function.  Only *exactly* equal knots are merged here; merging knots that agree up to rounding is done where the
    rounding happens (:meth:`from_network`).

    Examples
    --------
    >>> s = LinearSpline([1, 0, 1], [2, 0, -1], slope=1)
    >>> [str(t) for t in s.knots], [str(a) for a in s.amplitudes], str(s.tv2())
    (['1'], ['1'], '1')
    >>> str(s(3))
    '5'
    """

    __slots__ = ("_amplitudes", "_arithmetic", "_intercept", "_knots", "_slope")

    def __init__(self, knots: Any, amplitudes: Any, slope: Any = 0, intercept: Any = 0) -> None:
        t, a = _flat(knots, "knots"), _flat(amplitudes, "amplitudes")
        if t.shape != a.shape:
            raise InvalidInput(f"knots and amplitudes must have the same length (one amplitude per knot); got "
                               f"{t.shape[0]} knots and {a.shape[0]} amplitudes")
        for value, name in ((slope, "slope"), (intercept, "intercept")):
            if np.asarray(value, dtype=object).ndim != 0:
                raise InvalidInput(f"{name} must be a scalar, got {value!r}")
        kind = promote(_kind_of(t, "knots"), _kind_of(a, "amplitudes"), arithmetic_of(slope, "slope"),
                       arithmetic_of(intercept, "intercept"))
        t, a = _to(t, kind, "knots"), _to(a, kind, "amplitudes")
        c1 = as_array(slope, kind, name="slope").item()
        c0 = as_array(intercept, kind, name="intercept").item()
        t, a = _canonical(t, a, kind)
        self._init(kind, t, a, c1, c0)

    def _init(self, kind: Arithmetic, t: np.ndarray, a: np.ndarray, c1: Any, c0: Any) -> None:
        t.flags.writeable = False
        a.flags.writeable = False
        self._arithmetic, self._knots, self._amplitudes, self._slope, self._intercept = kind, t, a, c1, c0

    @classmethod
    def _trusted(cls, kind: Arithmetic, t: np.ndarray, a: np.ndarray, c1: Any, c0: Any) -> LinearSpline:
        """A spline from arrays already in canonical form (strictly increasing knots, nonzero amplitudes)."""
        s = cls.__new__(cls)
        s._init(kind, t, a, c1, c0)
        return s

    # -- parameters ------------------------------------------------------------------------------------------
    @property
    def knots(self) -> np.ndarray:
        """The distinct knots, strictly increasing (read-only)."""
        return self._knots

    @property
    def amplitudes(self) -> np.ndarray:
        """The nonzero slope jumps at the knots (read-only)."""
        return self._amplitudes

    @property
    def slope(self) -> Any:
        r""":math:`c_1 = f'(-\infty)`."""
        return self._slope

    @property
    def intercept(self) -> Any:
        """:math:`c_0`."""
        return self._intercept

    @property
    def arithmetic(self) -> Arithmetic:
        """``'exact'``, ``'mp'`` or ``'float'``."""
        return self._arithmetic

    @property
    def n_knots(self) -> int:
        """The number of knots (distinct, with nonzero amplitude)."""
        return int(self._knots.shape[0])

    def slopes(self) -> np.ndarray:
        r"""The slopes on the ``K + 1`` pieces, left to right: :math:`c_1,\ c_1 + a_1,\ \dots,\ c_1 + \sum_k a_k`."""
        if self._arithmetic == "float":
            return self._slope + np.concatenate([[0.0], np.cumsum(self._amplitudes)])
        out = [self._slope]
        for a in self._amplitudes:
            out.append(out[-1] + a)
        return np.array(out, dtype=object)

    # -- seminorm --------------------------------------------------------------------------------------------
    def tv2(self) -> Any:
        r""":math:`\mathrm{TV}^2(f) = \|D^2f\|_{\mathcal M} = \sum_k |a_k|` (knots are distinct)."""
        if self._arithmetic == "float":
            return float(np.abs(self._amplitudes).sum())
        return sum((abs(a) for a in self._amplitudes), start=_zero(self._arithmetic))

    # -- evaluation ------------------------------------------------------------------------------------------
    def __call__(self, x: Any) -> Any:
        """Evaluate at a scalar or an array of points, in the promoted arithmetic of the spline and ``x``."""
        arr = np.asarray(x, dtype=object) if not (isinstance(x, np.ndarray) and x.dtype.kind in "fiu") else x
        single = arr.ndim == 0
        flat = arr.reshape(-1)
        kind = promote(self._arithmetic, _kind_of(flat, "x") if flat.size else "exact")
        pts = _to(flat, kind, "x")
        s = self if kind == self._arithmetic else self.as_arithmetic(kind)
        out = s._eval_float(pts) if kind == "float" else s._eval_objects(pts)
        out = out.reshape(arr.shape)
        return out.item() if single else out

    def _eval_float(self, x: np.ndarray) -> np.ndarray:
        t = self._knots.astype(np.longdouble)
        a = self._amplitudes.astype(np.longdouble)
        c1, c0 = np.longdouble(self._slope), np.longdouble(self._intercept)
        xl = x.astype(np.longdouble)
        if t.size == 0:
            return (c0 + c1 * xl).astype(np.float64)
        slopes = c1 + np.concatenate([[np.longdouble(0)], _blocked_cumsum(a)])
        values = np.empty(t.size, dtype=np.longdouble)  # f at the knots, by the local recurrence
        values[0] = c0 + c1 * t[0]
        if t.size > 1:
            values[1:] = values[0] + _blocked_cumsum(slopes[1:-1] * np.diff(t))
        j = np.searchsorted(self._knots, x, side="right")  # number of knots <= x
        left = j == 0
        jj = np.where(left, 1, j) - 1
        out = np.where(left, c0 + c1 * xl, values[jj] + slopes[jj + 1] * (xl - t[jj]))
        return out.astype(np.float64)

    def _eval_objects(self, x: np.ndarray) -> np.ndarray:
        t = list(self._knots)
        slopes = list(self.slopes())
        values = []
        if t:
            values.append(self._intercept + self._slope * t[0])
            for k in range(1, len(t)):
                values.append(values[-1] + slopes[k] * (t[k] - t[k - 1]))
        out = np.empty(x.shape, dtype=object)
        for i, xi in enumerate(x):
            j = bisect_left(t, xi)
            if j < len(t) and t[j] == xi:
                j += 1
            out[i] = self._intercept + self._slope * xi if j == 0 else values[j - 1] + slopes[j] * (xi - t[j - 1])
        return out

    # -- conversions -----------------------------------------------------------------------------------------
    def as_arithmetic(self, kind: Arithmetic) -> LinearSpline:
        """The same parameters in another arithmetic (floats and mpfs convert to Fractions exactly)."""
        if kind not in ("exact", "mp", "float"):
            raise InvalidInput(f"arithmetic must be 'exact', 'mp' or 'float', got {kind!r}")
        if kind == self._arithmetic:
            return self
        if kind == "exact":
            conv = exact_value
            t = np.array([conv(v) for v in self._knots], dtype=object)
            a = np.array([conv(v) for v in self._amplitudes], dtype=object)
            return LinearSpline._trusted("exact", t, a, conv(self._slope), conv(self._intercept))
        t, a = as_array(self._knots, kind), as_array(self._amplitudes, kind)
        c1, c0 = as_array(self._slope, kind).item(), as_array(self._intercept, kind).item()
        # Rounding to a coarser arithmetic can make knots equal or amplitudes zero: re-canonicalise.
        t, a = _canonical(t, a, kind)
        return LinearSpline._trusted(kind, t, a, c1, c0)

    def as_exact(self) -> LinearSpline:
        """The spline in exact rational arithmetic (binary floating values convert exactly)."""
        return self.as_arithmetic("exact")

    def as_mp(self) -> LinearSpline:
        """The spline in mpmath arithmetic (at the current working precision)."""
        return self.as_arithmetic("mp")

    def as_float(self) -> LinearSpline:
        """The spline in float64 arithmetic."""
        return self.as_arithmetic("float")

    def to_network(self) -> ReLUNetwork:
        r"""The network :math:`\sum_k a_k\sigma(x - \tau_k) + c_1x + c_0` (unit input weights, biases at the knots).

        ``LinearSpline.from_network(s.to_network()) == s`` for every spline ``s``.
        """
        one = {"exact": Fraction(1), "mp": mpmath.mpf(1), "float": 1.0}[self._arithmetic]
        w = np.array([one] * self.n_knots, dtype=object if self._arithmetic != "float" else np.float64)
        b = self._knots if self._arithmetic == "float" else np.array(self._knots, dtype=object)
        v = self._amplitudes if self._arithmetic == "float" else np.array(self._amplitudes, dtype=object)
        return ReLUNetwork.univariate(w, b, v, self._slope, self._intercept)

    @classmethod
    def from_network(cls, net: ReLUNetwork) -> LinearSpline:
        r"""The canonical spline of a network on :math:`\mathbb{R}` (input dimension 1).

        Neuron :math:`v\sigma(wx - b)` becomes: for :math:`w > 0`, amplitude :math:`vw` at :math:`\tau = b/w`; for
        :math:`w < 0`, amplitude :math:`v|w|` at :math:`\tau = b/w` plus the affine function :math:`-v|w|(x-\tau)`
        (from :math:`\sigma(-t) = \sigma(t) - t`); for :math:`w = 0`, the constant :math:`v\sigma(-b)`.  Knots are
        merged by the one rule of :func:`radontv.canonical` (exactly in exact arithmetic, within its documented
        relative tolerance in float and mp), merged amplitudes that cancel are dropped, and the affine parts are
        absorbed into slope and intercept.
        The function is preserved exactly in exact arithmetic.
        """
        if not isinstance(net, ReLUNetwork):
            raise InvalidInput(f"net must be a ReLUNetwork, got {type(net).__name__}")
        if net.vector_valued:
            raise InvalidInput(f"net has D = {net.outputs} outputs; a linear spline is scalar: take one output with "
                               "radontv.canonical_vector.output_network(net, j)")
        if net.dim != 1:
            raise InvalidInput(f"net has input dimension d = {net.dim}; a linear spline needs d = 1 "
                               "(for d > 1 use the Radon-domain seminorm of the multivariate family)")
        from .canonical_form import canonical  # the one merging rule for hyperplanes (knots, in d = 1)

        kind = net.arithmetic
        form = canonical(net)
        if kind == "exact":  # hyperplane p x = beta with p > 0 a primitive integer; A = q * |p|
            knots = [Fraction(int(beta), int(p[0])) for p, beta in zip(form.normals, form.offsets, strict=True)]
            amps = [q * int(p[0]) for p, q in zip(form.normals, form.coefficients, strict=True)]
        else:  # unit normal u = +1: the offset is the knot and the coefficient the amplitude
            knots, amps = list(form.offsets), list(form.coefficients)
        c1, c0 = form.c[0], form.c0
        if kind == "float":
            t = np.array(knots, dtype=np.float64)
            a = np.array(amps, dtype=np.float64)
            c1, c0 = float(c1), float(c0)
        else:
            t, a = np.array(knots, dtype=object), np.array(amps, dtype=object)
        t, a = _canonical(t, a, kind)
        return cls._trusted(kind, t, a, c1, c0)

    # -- equality and display --------------------------------------------------------------------------------
    def _key(self) -> tuple[Any, ...]:
        return (self._arithmetic, tuple(self._knots), tuple(self._amplitudes), self._slope, self._intercept)

    def __repr__(self) -> str:
        fmt, row = format_scalar, format_array
        return (f"LinearSpline(knots={row(self._knots)}, amplitudes={row(self._amplitudes)}, "
                f"slope={fmt(self._slope)}, intercept={fmt(self._intercept)}, arithmetic={self._arithmetic!r})")


def _blocked_cumsum(a: np.ndarray, block: int = 256) -> np.ndarray:
    """Prefix sums in blocks (running sums inside blocks of ``block`` terms, then of the block totals): the rounding
    error grows like ``block + len(a)/block`` terms instead of ``len(a)``."""
    n = a.shape[0]
    if n <= block:
        return np.cumsum(a)
    m = -(-n // block)
    padded = np.zeros(m * block, dtype=a.dtype)
    padded[:n] = a
    inner = np.cumsum(padded.reshape(m, block), axis=1)
    inner[1:] += np.cumsum(inner[:-1, -1])[:, None]  # the same additions as adding the offsets, in place
    return inner.reshape(-1)[:n]


def _canonical(t: np.ndarray, a: np.ndarray, kind: Arithmetic) -> tuple[np.ndarray, np.ndarray]:
    """Sort knots, merge exactly equal ones, drop zero amplitudes.

    Knots that agree only up to rounding are merged earlier, by :func:`radontv.canonical` (see :meth:`from_network`).
    """
    if t.size == 0:
        empty = np.empty(0, dtype=np.float64 if kind == "float" else object)
        return empty, empty.copy()
    order = np.argsort(t, kind="stable")
    t, a = t[order], a[order]
    if kind == "float":
        starts = np.flatnonzero(np.concatenate([[True], t[1:] != t[:-1]]))
        sums = np.add.reduceat(a, starts)
        keep = sums != 0
        return t[starts][keep].copy(), sums[keep]
    out_t: list[Any] = []
    out_a: list[Any] = []
    for tau, amp in zip(t, a, strict=True):
        if out_t and tau == out_t[-1]:
            out_a[-1] += amp
        else:
            out_t.append(tau)
            out_a.append(amp)
    keep = [i for i in range(len(out_t)) if out_a[i] != 0]
    return np.array([out_t[i] for i in keep], dtype=object), np.array([out_a[i] for i in keep], dtype=object)
