"""Hypothesis strategies for ReLU networks, positive scales and data sets.

House style (after ``hypothesis.extra.numpy``): plural nouns, keyword-only arguments, ``min_*``/``max_*`` bounds,
and invalid combinations raise :class:`hypothesis.errors.InvalidArgument` at call time instead of generating
nothing.  Values are drawn so that each arithmetic is represented exactly:

* ``'exact'``: :class:`~fractions.Fraction` with small numerators and denominators;
* ``'mp'``: :class:`mpmath.mpf` dyadic rationals (exact at any working precision);
* ``'float'``: finite floats that are zero or of magnitude at least :data:`MIN_FLOAT_MAGNITUDE` (:math:`2^{-64}`):
  products of up to 15 of them stay normal, so that a property such as "balancing keeps the function" is not
  refuted by IEEE underflow (a weight of 1e-227 rescaled by its balancing scale leaves the normal range).

**First use.**  Exact networks return sympy expressions (``path_norm()``, ``rtv2()``), and the canonical forms and
``assert_same_function`` live in modules radontv loads on first use.  Building any strategy here
(``relu_networks(...)``, at collection time) does those imports once, so that the first example of a test does not
pay 0.6-0.9 s for them and exceed hypothesis' default 200 ms deadline.  At their default sizes the strategies draw a
few hundred choices per example and reject almost nothing (repeated rows in ``datasets()``, which draws rows without
replacement when the distinct ones are few): hypothesis' health checks (``too_slow``, ``filter_too_much``,
``data_too_large``) pass under its stock settings.
"""

from __future__ import annotations

import functools
import importlib
import math
from fractions import Fraction
from typing import Any, cast

import mpmath
import numpy as np
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..network import ReLUNetwork
from ..scalars import ARITHMETICS
from ..typing import NumericArray, Scalar

__all__ = ["MIN_FLOAT_MAGNITUDE", "datasets", "positive_scales", "relu_networks", "scalars"]

#: Smallest nonzero magnitude of a drawn float (smaller draws become 0.0): products of up to ~15 such numbers and
#: ``max_magnitude`` stay far inside the normal range (2^-1022).
MIN_FLOAT_MAGNITUDE = 2.0**-64
#: What a property test reaches through radontv's public names and radontv imports only on first use.
_FIRST_USE = ("sympy", "radontv.same_function", "radontv.canonical_inexact", "radontv.canonical_vector", "radontv.tv2")


@functools.cache
def _load_first_use() -> None:
    """Import the modules of :data:`_FIRST_USE` and run one exact comparison (sympy fills its caches on the first);
    called when a strategy is built, so that the first example of a test does not pay for it."""
    for name in _FIRST_USE:
        importlib.import_module(name)
    sympy = importlib.import_module("sympy")
    bool(sympy.sqrt(sympy.Rational(2)) + 1 <= sympy.Rational(5, 2))


def _flush_tiny(x: float) -> float:
    """0.0 for a float below :data:`MIN_FLOAT_MAGNITUDE` in magnitude, else ``x``."""
    return x if abs(x) >= MIN_FLOAT_MAGNITUDE else 0.0


def _check_arithmetic(arithmetic: str) -> None:
    if arithmetic not in ARITHMETICS:
        raise InvalidArgument(f"arithmetic must be one of {ARITHMETICS}, got {arithmetic!r}")


def _check_range(name: str, lo: Any, hi: Any, *, minimum: Any = None) -> None:
    if minimum is not None and lo < minimum:
        raise InvalidArgument(f"min_{name}={lo!r} must be at least {minimum!r}")
    if lo > hi:
        raise InvalidArgument(f"min_{name}={lo!r} must not exceed max_{name}={hi!r}")


@st.composite
def _bounded_rationals(draw: st.DrawFn, max_magnitude: int, max_denominator: int) -> Fraction:
    """p/q with 1 <= q <= max_denominator and |p/q| <= max_magnitude (a composite: cheaper than flatmap)."""
    q = draw(st.integers(1, max_denominator))
    return Fraction(draw(st.integers(-max_magnitude * q, max_magnitude * q)), q)


def scalars(*, arithmetic: str = "float", max_magnitude: int = 8,
            max_denominator: int = 8) -> st.SearchStrategy[Scalar]:
    """Numbers in ``[-max_magnitude, max_magnitude]`` in the given arithmetic (floats: 0 or of magnitude at least
    :data:`MIN_FLOAT_MAGNITUDE`)."""
    _check_arithmetic(arithmetic)
    if max_magnitude <= 0 or max_denominator <= 0:
        raise InvalidArgument("max_magnitude and max_denominator must be positive")
    _load_first_use()
    if arithmetic == "float":
        return st.floats(-max_magnitude, max_magnitude, allow_nan=False, allow_infinity=False,
                         allow_subnormal=False).map(_flush_tiny)
    rationals = _bounded_rationals(max_magnitude, max_denominator)
    if arithmetic == "exact":
        return rationals
    exponent = max(1, int(max_denominator).bit_length())
    return st.integers(-max_magnitude << exponent, max_magnitude << exponent).map(
        lambda n: mpmath.ldexp(mpmath.mpf(n), -exponent)
    )


@st.composite
def _rationals_between(draw: st.DrawFn, lo: Fraction, hi: Fraction, *, max_denominator: int) -> Fraction:
    """A rational p/q in [lo, hi] with q <= max_denominator (two integer draws: much faster than st.fractions)."""
    q = draw(st.integers(1, max_denominator))
    p_lo, p_hi = math.ceil(lo * q), math.floor(hi * q)
    if p_lo > p_hi:  # no multiple of 1/q in the interval
        return lo
    return Fraction(draw(st.integers(p_lo, p_hi)), q)


def positive_scales(
    *, min_value: int | float | Fraction = Fraction(1, 100), max_value: int | float | Fraction = 100,
    arithmetic: str = "exact",
) -> st.SearchStrategy[Scalar]:
    """Positive scales ``alpha`` in ``[min_value, max_value]`` (log-uniform-ish), in the given arithmetic."""
    _check_arithmetic(arithmetic)
    _load_first_use()
    lo, hi = Fraction(min_value), Fraction(max_value)
    if lo <= 0:
        raise InvalidArgument(f"min_value={min_value!r} must be positive: rescaling needs alpha > 0")
    _check_range("value", lo, hi)
    exact = st.one_of(
        _rationals_between(lo, min(hi, Fraction(1)), max_denominator=100) if lo <= 1 else st.nothing(),
        _rationals_between(max(lo, Fraction(1)), hi, max_denominator=16) if hi >= 1 else st.nothing(),
    )
    if arithmetic == "exact":
        return exact
    if arithmetic == "float":
        return st.floats(float(lo), float(hi), allow_nan=False, allow_infinity=False, allow_subnormal=False).filter(
            lambda a: a > 0
        )
    return st.integers(1, 1 << 12).map(lambda n: mpmath.mpf(float(lo)) + (mpmath.mpf(float(hi - lo)) * n) / (1 << 12))


@st.composite
def _networks(draw: st.DrawFn, *, min_dim: int, max_dim: int, min_width: int, max_width: int, arithmetic: str,
              max_magnitude: int, zero_neurons: bool, coincident: bool, antipodal: bool, affine: bool) -> ReLUNetwork:
    d = draw(st.integers(min_dim, max_dim))
    base = draw(st.integers(max(min_width, 1 if (coincident or antipodal) else 0), max_width))
    number = scalars(arithmetic=arithmetic, max_magnitude=max_magnitude)
    rows: list[list[Any]] = [[draw(number) for _ in range(d)] for _ in range(base)]
    b = [draw(number) for _ in range(base)]
    v = [draw(number) for _ in range(base)]
    exact_scales = positive_scales(min_value=Fraction(1, 4), max_value=4, arithmetic="exact")
    scale = cast("st.SearchStrategy[Fraction]", exact_scales)  # arithmetic="exact" draws Fractions

    def convert(q: Fraction) -> Any:
        if arithmetic == "exact":
            return q
        if arithmetic == "float":
            return float(q)
        return mpmath.mpf(q.numerator) / q.denominator

    if coincident and base:
        for _ in range(draw(st.integers(1, 3))):
            k = draw(st.integers(0, len(rows) - 1))
            a = convert(draw(scale))
            rows.append([a * x for x in rows[k]])
            b.append(a * b[k])
            v.append(draw(number))
    if antipodal and base:
        for _ in range(draw(st.integers(1, 3))):
            k = draw(st.integers(0, len(rows) - 1))
            a = convert(draw(scale))
            rows.append([-a * x for x in rows[k]])
            b.append(-a * b[k])
            v.append(draw(number))
    if zero_neurons:
        for _ in range(draw(st.integers(1, 2))):
            if draw(st.booleans()):  # dead output weight
                rows.append([draw(number) for _ in range(d)])
                b.append(draw(number))
                v.append(convert(Fraction(0)))
            else:  # zero input weights: a constant neuron v * relu(-b)
                rows.append([convert(Fraction(0))] * d)
                b.append(draw(number))
                v.append(draw(number))
    order = draw(st.permutations(range(len(rows)))) if rows else []
    rows, b, v = [rows[i] for i in order], [b[i] for i in order], [v[i] for i in order]
    c = [draw(number) for _ in range(d)] if affine else [convert(Fraction(0))] * d
    c0 = draw(number) if affine else convert(Fraction(0))
    W = np.array(rows, dtype=object).reshape(len(rows), d)
    return ReLUNetwork(W, b, v, c, c0)


def relu_networks(
    *,
    min_dim: int = 1,
    max_dim: int = 3,
    min_width: int = 0,
    max_width: int = 5,
    arithmetic: str = "exact",
    max_magnitude: int = 8,
    zero_neurons: bool = False,
    coincident: bool = False,
    antipodal: bool = False,
    affine: bool = True,
) -> st.SearchStrategy[ReLUNetwork]:
    """Shallow ReLU networks :class:`~radontv.ReLUNetwork` with an affine skip term.

    ``min_width``/``max_width`` bound the number of independently drawn neurons; ``coincident`` adds 1–3 rescaled
    duplicates (same hyperplane, same orientation), ``antipodal`` adds 1–3 antipodal twins ``(-a w, -a b)`` of
    existing neurons, ``zero_neurons`` adds neurons with ``v = 0`` or ``w = 0``; all neurons are then shuffled.
    ``affine=False`` gives a zero skip term.  Entries lie in ``[-max_magnitude, max_magnitude]`` before rescaling.
    """
    _check_arithmetic(arithmetic)
    _check_range("dim", min_dim, max_dim, minimum=1)
    _check_range("width", min_width, max_width, minimum=0)
    if (coincident or antipodal) and max_width < 1:
        raise InvalidArgument("coincident or antipodal neurons need max_width >= 1 (a neuron to duplicate)")
    if max_magnitude <= 0:
        raise InvalidArgument(f"max_magnitude={max_magnitude!r} must be positive")
    _load_first_use()
    return _networks(min_dim=min_dim, max_dim=max_dim, min_width=min_width, max_width=max_width,
                     arithmetic=arithmetic, max_magnitude=max_magnitude, zero_neurons=zero_neurons,
                     coincident=coincident, antipodal=antipodal, affine=affine)


#: Fractions p/q in (0, 1] in lowest terms with q <= 8 (the sum of Euler's phi(q), q = 1..8): exact scalars of
#: magnitude at most M take 1 + 2 * 22 * M distinct values.
_FRACTIONS_PER_UNIT = 22
#: mp scalars are n / 2^4 (max_denominator 8 has bit length 4): 1 + 2 * 16 * M distinct values.
_MP_STEPS_PER_UNIT = 16


def _values_per_coordinate(arithmetic: str, max_magnitude: int) -> int | None:
    """How many distinct values :func:`scalars` draws (default ``max_denominator``); None for floats (2^60 and more)."""
    if arithmetic == "float":
        return None
    return 1 + 2 * max_magnitude * (_FRACTIONS_PER_UNIT if arithmetic == "exact" else _MP_STEPS_PER_UNIT)


def _coordinate_values(arithmetic: str, max_magnitude: int) -> list[Any]:
    """The distinct values of :func:`scalars` in increasing order (exact or mp), listed."""
    if arithmetic == "exact":
        return sorted({Fraction(p, q) for q in range(1, 9) for p in range(-max_magnitude * q, max_magnitude * q + 1)})
    steps = max_magnitude * _MP_STEPS_PER_UNIT
    return [mpmath.ldexp(mpmath.mpf(n), -4) for n in range(-steps, steps + 1)]


@st.composite
def _datasets(draw: st.DrawFn, *, dim: int, min_size: int, max_size: int, arithmetic: str, max_magnitude: int,
              distinct: bool, grid: list[Any] | None) -> tuple[NumericArray, NumericArray]:
    n = draw(st.integers(min_size, max_size))
    number = scalars(arithmetic=arithmetic, max_magnitude=max_magnitude)
    if grid is None:
        point = st.tuples(*[number] * dim)
        points: list[Any] = draw(st.lists(point, min_size=n, max_size=n, unique=distinct))
    else:  # few distinct points: draw their indices without replacement instead of rejecting repeats
        indices = draw(st.lists(st.sampled_from(range(len(grid) ** dim)), min_size=n, max_size=n, unique=True))
        points = [[grid[i // len(grid) ** j % len(grid)] for j in range(dim)] for i in indices]
    y = [draw(number) for _ in range(n)]
    dtype = np.float64 if arithmetic == "float" else object
    return np.array(points, dtype=dtype).reshape(n, dim), np.array(y, dtype=dtype)


def datasets(
    *,
    dim: int = 1,
    min_size: int = 2,
    max_size: int = 10,
    arithmetic: str = "exact",
    max_magnitude: int = 8,
    distinct: bool = True,
) -> st.SearchStrategy[tuple[NumericArray, NumericArray]]:
    """Data sets ``(X, y)`` with ``X`` of shape ``(n, dim)`` (distinct rows unless ``distinct=False``).

    Coordinates and values are :func:`scalars` of the arithmetic: exact ones take :math:`1 + 44M` distinct values
    (denominators up to 8, :math:`M` = ``max_magnitude``), mp ones :math:`1 + 32M`.  Asking for more distinct rows
    than exist raises :class:`~hypothesis.errors.InvalidArgument`; when they are few (at most four times
    ``max_size``) the rows are drawn without replacement from all of them, so that hypothesis does not reject repeats
    until its ``too_slow`` health check fails.
    """
    _check_arithmetic(arithmetic)
    _check_range("size", min_size, max_size, minimum=1)
    if dim < 1:
        raise InvalidArgument(f"dim={dim!r} must be at least 1")
    if max_magnitude <= 0:
        raise InvalidArgument(f"max_magnitude={max_magnitude!r} must be positive")
    _load_first_use()
    per = _values_per_coordinate(arithmetic, max_magnitude)
    grid = None
    if distinct and per is not None and per**dim <= 4 * max_size:
        if per**dim < min_size:
            raise InvalidArgument(f"min_size={min_size} distinct rows asked for, but only {per**dim} exist with "
                                  f"dim={dim}, max_magnitude={max_magnitude} in {arithmetic} arithmetic; raise "
                                  "max_magnitude, lower min_size, or pass distinct=False")
        grid = _coordinate_values(arithmetic, max_magnitude)
        max_size = min(max_size, per**dim)
    return _datasets(dim=dim, min_size=min_size, max_size=max_size, arithmetic=arithmetic,
                     max_magnitude=max_magnitude, distinct=distinct, grid=grid)
