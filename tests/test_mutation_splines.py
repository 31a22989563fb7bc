"""Tests that close gaps found by mutation testing of radontv/linear_spline.py (the spline type, formerly in
radontv/splines.py; issue 9; tests/mutation-equivalents.md).

Expected values come from the definition of a linear spline, f(x) = c0 + c1 x + sum_k a_k (x - tau_k)_+, evaluated in
exact rationals, or from hand computation; each property is also shown a deliberately wrong variant it rejects.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from test_regression_scaling import unit_data

import radontv.regression as regression
import radontv.splines as splines
import radontv.splines_interp as splines_interp
from radontv import InvalidInput
from radontv.splines import LinearSpline, unit_roundoff


def _exact_value(knots: list, amps: list, slope: object, intercept: object, x: object) -> Fraction:
    """f(x) from the truncated-power definition, in exact rationals (floats convert exactly)."""
    xq = Fraction(x)
    total = Fraction(intercept) + Fraction(slope) * xq
    for tau, a in zip(knots, amps, strict=True):
        d = xq - Fraction(tau)
        if d > 0:
            total += Fraction(a) * d
    return total


def _terms(knots: list, amps: list, slope: object, intercept: object, x: object) -> Fraction:
    """The size of the summed terms |c0| + |c1 x| + sum_k |a_k| (x - tau_k)_+ (the scale of the evaluation)."""
    xq = Fraction(x)
    total = abs(Fraction(intercept)) + abs(Fraction(slope) * xq)
    for tau, a in zip(knots, amps, strict=True):
        d = xq - Fraction(tau)
        if d > 0:
            total += abs(Fraction(a)) * d
    return total


# -- unit_roundoff ---------------------------------------------------------------------------------------------------
def test_unit_roundoff_per_arithmetic_is_as_documented() -> None:
    u = unit_roundoff("exact")
    assert isinstance(u, Fraction) and u == 0
    uf = unit_roundoff("float")
    assert uf == math.ldexp(1.0, -53)
    assert 1.0 + uf == 1.0 and 1.0 + 2 * uf != 1.0  # the definition: half the spacing of floats at 1 (ties to even)
    for prec in (53, 170):
        with mpmath.workprec(prec):
            um = unit_roundoff("mp")
            assert isinstance(um, mpmath.mpf) and um == mpmath.mpf(2) ** (1 - prec)
    # negative control: the float value is not the machine epsilon 2^-52
    assert uf != float(np.finfo(np.float64).eps)


# -- as_arithmetic ---------------------------------------------------------------------------------------------------
def test_as_arithmetic_refuses_an_unknown_arithmetic_naming_the_choices() -> None:
    s = LinearSpline([0], [1])
    with pytest.raises(InvalidInput, match=r"arithmetic must be 'exact', 'mp' or 'float', got 'double'"):
        s.as_arithmetic("double")  # type: ignore[arg-type]


def test_a_spline_without_knots_converted_to_exact_keeps_exact_arrays() -> None:
    s = LinearSpline([], [], slope=1.5, intercept=-2.0).as_exact()
    direct = LinearSpline([], [], slope=Fraction(3, 2), intercept=-2)
    assert s == direct
    assert s.knots.dtype == object and s.amplitudes.dtype == object
    assert direct.knots.dtype == s.knots.dtype and direct.amplitudes.dtype == s.amplitudes.dtype
    assert s.tv2() == 0 and isinstance(s.tv2(), Fraction)
    # negative control: a float spline's arrays are float64, not object
    assert LinearSpline([], [], slope=1.5).knots.dtype == np.float64


def test_exact_to_mp_converts_knots_and_amplitudes_at_the_working_precision() -> None:
    with mpmath.workdps(50):
        s = LinearSpline([Fraction(1, 3)], [Fraction(2, 7)], slope=Fraction(1, 11)).as_mp()
        third = mpmath.mpf(1) / 3
        assert isinstance(s.knots[0], mpmath.mpf) and s.knots[0] == third
        assert isinstance(s.amplitudes[0], mpmath.mpf) and s.amplitudes[0] == mpmath.mpf(2) / 7
        assert s.slope == mpmath.mpf(1) / 11
        # negative control: the float 1/3 is not the 50-digit 1/3
        assert mpmath.mpf(1 / 3) != third


# -- to_network ------------------------------------------------------------------------------------------------------
# f(x) = 3 + x + 2 (x)_+ - (x - 1)_+ by hand: f(-1) = 2, f(1/2) = 9/2, f(2) = 8.
_HAND = [(-1, Fraction(2)), (Fraction(1, 2), Fraction(9, 2)), (2, Fraction(8))]


@pytest.mark.parametrize("kind", ["exact", "mp", "float"])
def test_to_network_has_unit_weights_and_the_same_values(kind: str) -> None:
    s = LinearSpline([0, 1], [2, -1], slope=1, intercept=3).as_arithmetic(kind)  # type: ignore[arg-type]
    net = s.to_network()
    assert net.arithmetic == kind
    assert [w for w in net.W[:, 0]] == [1, 1]
    assert [b for b in net.b] == [0, 1]
    for x, expected in _HAND:
        value = net(float(x) if kind == "float" else x)
        assert Fraction(str(value)) == expected  # 2, 9/2 and 8 are exact in every arithmetic
    assert LinearSpline.from_network(net) == s
    # negative control: input weights 2 put the knots at tau / 2 and change the value at 1/2
    wrong = type(net).univariate(2 * net.W[:, 0], net.b, net.v, 1, 3)
    assert Fraction(wrong(Fraction(1, 2)) if kind == "exact" else float(wrong(0.5))) != Fraction(9, 2)


@pytest.mark.parametrize("kind", ["exact", "mp", "float"])
def test_to_network_of_a_spline_without_knots_keeps_the_arithmetic(kind: str) -> None:
    s = LinearSpline([], [], slope=Fraction(1, 2), intercept=3).as_arithmetic(kind)  # type: ignore[arg-type]
    net = s.to_network()
    assert net.arithmetic == kind
    assert net.W.shape == (0, 1)
    assert LinearSpline.from_network(net) == s


# -- equality, hash, repr --------------------------------------------------------------------------------------------
def _hash_is_usable(h: object) -> bool:
    same_a, same_b = LinearSpline([1, 0, 1], [2, 0, -1], slope=1), LinearSpline([1], [1], slope=1)
    family = [LinearSpline([k], [1]) for k in range(10)]
    return h(same_a) == h(same_b) and len({h(s) for s in family}) > 1  # type: ignore[operator]


def test_hash_agrees_with_equality_and_separates_different_splines() -> None:
    assert LinearSpline([1, 0, 1], [2, 0, -1], slope=1) == LinearSpline([1], [1], slope=1)
    assert _hash_is_usable(hash)
    assert len({LinearSpline([k], [1]) for k in range(10)} | {LinearSpline([1], [1])}) == 10
    # negative control: a constant hash is consistent with == but separates nothing
    assert not _hash_is_usable(lambda s: 0)


def test_repr_shows_the_canonical_parameters() -> None:
    s = LinearSpline([1, 0], [2, -1], slope=Fraction(1, 2), intercept=3)
    assert repr(s) == "LinearSpline(knots=[0, 1], amplitudes=[-1, 2], slope=1/2, intercept=3, arithmetic='exact')"
    f = LinearSpline([0.5], [-2.0], slope=0.25, intercept=1e-9)
    assert repr(f) == "LinearSpline(knots=[0.5], amplitudes=[-2], slope=0.25, intercept=1e-09, arithmetic='float')"
    # negative control: the input order is not the canonical order
    assert "knots=[1, 0]" not in repr(s)


# -- float evaluation with more knots than one block of the blocked prefix sums ----------------------------------------
@pytest.mark.parametrize("scale", [1e-8, 1.0, 1e8])
@pytest.mark.parametrize("n", [600, 513])
def test_float_evaluation_beyond_one_block_matches_the_exact_definition(scale: float, n: int) -> None:
    """Above 256 knots the slopes and knot values are blocked prefix sums in long double; the result is the exact
    value rounded once, up to the long-double error of the sums: |f - f_exact| <= 2^-52 (|c0| + |c1 x| + sum terms).
    """
    knots = [scale * (k / 7 + (k % 3) / 13) for k in range(n)]
    amps = [((k % 5) + 1) / 3 for k in range(n)]  # slopes are invariant when x and f are scaled together
    c1, c0 = 0.25, 1.5 * scale
    s = LinearSpline(knots, amps, slope=c1, intercept=c0)
    assert s.n_knots == n
    tk = sorted(knots)
    xs = [tk[0] - scale, tk[0]] + [tk[i] + scale / 11 for i in range(0, n, 17)] + [tk[255], tk[256], tk[-1] + scale]
    values = s(np.array(xs))
    tol = Fraction(2) ** -52

    def close(v: float, x: float) -> bool:
        return abs(Fraction(v) - _exact_value(knots, amps, c1, c0, x)) <= tol * _terms(knots, amps, c1, c0, x)

    assert all(close(float(v), x) for v, x in zip(values, xs, strict=True))
    # negative control: one amplitude off by 2^-40 of itself, beyond the tolerance at the last point
    k = n // 2
    wrong = list(amps)
    wrong[k] = amps[k] * (1 + 2**-40)
    bad = LinearSpline(knots, wrong, slope=c1, intercept=c0)(np.array([tk[-1] + 1000 * scale]))
    assert not close(float(bad[0]), tk[-1] + 1000 * scale)


# -- module attributes ----------------------------------------------------------------------------------------------
def test_the_solvers_are_re_exported_and_unknown_names_are_refused() -> None:
    assert splines.tv2_regression is regression.tv2_regression
    assert splines.lambda_max is regression.lambda_max
    for name in ("min_tv2", "min_tv2_interpolant", "sparsest_interpolant", "minimal_knot_count", "curvature_runs"):
        assert getattr(splines, name) is getattr(splines_interp, name)
    with pytest.raises(AttributeError, match=r"module 'radontv.splines' has no attribute 'tv2_regresion'"):
        splines.tv2_regresion  # noqa: B018
    assert not hasattr(splines, "nope")


# -- float evaluation accumulates in long double and rounds once ------------------------------------------------------
def _long_double_excess(values: list[float], knots: list, amps: list, c1: float, c0: float, xs: list[float]) -> float:
    """The largest error beyond one final rounding, max_x (|f(x) - f_exact(x)| - 2^-53 |f_exact(x)|), in units of
    2^-64 (|c0| + |c1 x| + sum_k |a_k| (x - tau_k)_+): the long-double roundings of the evaluation, relative to the
    size of the summed terms."""
    worst = Fraction(0)
    for v, x in zip(values, xs, strict=True):
        exact = _exact_value(knots, amps, c1, c0, x)
        excess = abs(Fraction(v) - exact) - Fraction(2) ** -53 * abs(exact)
        worst = max(worst, excess / (Fraction(2) ** -64 * _terms(knots, amps, c1, c0, x)))
    return float(worst)


@pytest.mark.parametrize("scale", [1e-8, 1.0, 1e8])
def test_float_evaluation_under_cancellation_rounds_once(scale: float) -> None:
    """Near a zero of f (|f| about 2^-20 of its terms) the float result is the exact value rounded once, up to the
    long-double roundings: about 4K + 4 of them for K knots (slopes, knot differences, products, the knot values and
    the last piece), each at most 2^-64 of the terms; with K = 3 the excess is at most 16 such units.  Knot
    differences are not exact in float64 (the knots' ratios exceed 2)."""
    knots = [scale * v for v in (-0.3, 1 / 3, 2.9)]
    amps, c1 = [3.7, -2.2, 0.9], 1 / 7
    x0 = scale * 3.37
    c0 = float(-_exact_value(knots, amps, c1, 0.0, x0))  # f(x0) is about 0
    xs = [x0 + scale * k * 2.0**-20 for k in range(-40, 41)]
    values = [float(v) for v in LinearSpline(knots, amps, slope=c1, intercept=c0)(np.array(xs))]
    assert _long_double_excess(values, knots, amps, c1, c0, xs) <= 16
    # negative control: the definition evaluated in float64 rounds at every step, far beyond 16 units
    naive = [c0 + c1 * x + sum(a * max(x - t, 0.0) for t, a in zip(knots, amps, strict=True)) for x in xs]
    assert _long_double_excess(naive, knots, amps, c1, c0, xs) > 16


# -- from_network: bad input and the float branch ---------------------------------------------------------------------
def test_from_network_refuses_what_is_not_a_scalar_network_on_the_line_with_what_to_do() -> None:
    from radontv import ReLUNetwork

    with pytest.raises(InvalidInput, match=r"^net must be a ReLUNetwork, got list$"):
        LinearSpline.from_network([1, 2])  # type: ignore[arg-type]
    vector = ReLUNetwork.univariate([1], [0], [[1, 2]])
    with pytest.raises(InvalidInput, match=r"^net has D = 2 outputs; a linear spline is scalar: take one output with "
                                           r"radontv\.canonical_vector\.output_network\(net, j\)$"):
        LinearSpline.from_network(vector)
    planar = ReLUNetwork([[1, 0]], [0], [1], [0, 0], 0)
    with pytest.raises(InvalidInput, match=r"^net has input dimension d = 2; a linear spline needs d = 1 \(for d > 1 "
                                           r"use the Radon-domain seminorm of the multivariate family\)$"):
        LinearSpline.from_network(planar)
    # negative control: a scalar network on the line is accepted
    assert LinearSpline.from_network(ReLUNetwork.univariate([1], [0], [1])) == LinearSpline([0], [1])


def test_from_network_of_a_float_network_stores_float64_and_python_floats() -> None:
    from radontv import ReLUNetwork

    # 1.5 σ(2x - 1) - σ(-x + 3) + 0.5 x + 0.25: knots 1/2 (amplitude 3) and 3 (amplitude -1, plus the affine x - 3)
    net = ReLUNetwork.univariate([2.0, -1.0], [1.0, -3.0], [1.5, -1.0], 0.5, 0.25)
    s = LinearSpline.from_network(net)
    direct = LinearSpline([0.5, 3.0], [3.0, -1.0], slope=1.5, intercept=-2.75)
    assert s == direct
    assert s.knots.dtype == np.float64 and s.amplitudes.dtype == np.float64
    assert type(s.slope) is float and type(s.intercept) is float
    # negative control: an object array of the same floats is not a float64 array
    assert np.array([0.5, 3.0], dtype=object).dtype != s.knots.dtype


# -- construction: defaults and bad input -----------------------------------------------------------------------------
def test_slope_and_intercept_default_to_zero() -> None:
    s = LinearSpline([0], [1])  # f(x) = (x)_+ : f(-1) = 0, f(2) = 2
    assert s.slope == 0 and s.intercept == 0
    assert s(-1) == 0 and s(2) == 2
    # negative control: slope 1 by default would make f(-1) = -1
    assert LinearSpline([0], [1], slope=1)(-1) == -1


def test_bad_knots_and_amplitudes_are_named_in_the_message() -> None:
    with pytest.raises(InvalidInput, match=r"^knots contains a non-finite value; every entry must be a finite number$"):
        LinearSpline(np.array([np.nan]), [1])
    with pytest.raises(InvalidInput, match=r"^amplitudes contains a non-finite value; every entry"):
        LinearSpline([0], np.array([np.inf]))
    with pytest.raises(InvalidInput, match=r"^knots is ragged; pass a flat sequence of numbers$"):
        LinearSpline([[0, 1], [2]], [1, 2])
    with pytest.raises(InvalidInput, match=r"^amplitudes is ragged; pass a flat sequence of numbers$"):
        LinearSpline([0, 1], [[1, 2], [3]])
    flat = r" must be a flat sequence of numbers \(shape \(K,\)\); got shape "
    with pytest.raises(InvalidInput, match=r"^knots" + flat + r"\(2, 1\)$"):
        LinearSpline(np.zeros((2, 1)), [1, 2])
    with pytest.raises(InvalidInput, match=r"^amplitudes" + flat + r"\(1, 1\)$"):
        LinearSpline([0], [[1]])
    # negative control: flat finite input is accepted, as a float array or a list
    assert LinearSpline(np.array([0.0]), [1]) == LinearSpline([0.0], [1.0])


def test_slope_and_intercept_must_be_scalars_and_take_part_in_the_arithmetic() -> None:
    for kw, name in (({"slope": [1, 2]}, "slope"), ({"intercept": [[1], [2, 3]]}, "intercept")):
        with pytest.raises(InvalidInput, match=rf"^{name} must be a scalar, got "):
            LinearSpline([0], [1], **kw)
    for kw, name in (({"slope": math.nan}, "slope"), ({"intercept": math.inf}, "intercept")):
        with pytest.raises(InvalidInput, match=rf"^{name} "):
            LinearSpline([0], [1], **kw)
    s = LinearSpline([0], [1], intercept=0.5)  # a float intercept makes the spline float
    assert s.arithmetic == "float" and type(s.intercept) is float and s.intercept == 0.5
    # negative control: with an exact intercept the spline stays exact
    assert LinearSpline([0], [1], intercept=Fraction(1, 2)).arithmetic == "exact"


# -- as_arithmetic: the intercept and the float branch (run of radontv/linear_spline.py) -----------------------------
def test_exact_to_mp_converts_the_intercept_at_the_working_precision() -> None:
    """``as_mp`` converts the intercept like the other parameters, at the working precision (not through float64).
    Kills ``as_arithmetic`` 55 (``as_array(intercept, None)``: a Python float intercept in an mp spline)."""
    s = LinearSpline([Fraction(1, 3)], [Fraction(2, 7)], slope=Fraction(1, 11), intercept=Fraction(1, 13))
    with mpmath.workdps(50):
        m = s.as_mp()
        assert isinstance(m.intercept, mpmath.mpf) and m.intercept == mpmath.mpf(1) / 13
        assert m(0) == mpmath.mpf(1) / 13  # f(0) = c0: the knot 1/3 is right of 0
        # negative control: 1/13 through float64 is not the 50-digit 1/13
        assert mpmath.mpf(1 / 13) != mpmath.mpf(1) / 13


def test_exact_to_float_rounds_merges_and_stores_float64() -> None:
    """``as_float`` of an exact spline stores float64 arrays and re-canonicalises after rounding: knots 1 and
    1 + 2^-60 both round to 1.0, their amplitudes 1 and -1 cancel and the knot is dropped.
    Kills ``as_arithmetic`` 61 (``_canonical(..., None)``: object arrays of floats in a float spline)."""
    e = LinearSpline([1, 1 + Fraction(1, 2**60), 3], [1, -1, Fraction(1, 3)], intercept=Fraction(1, 3))
    assert e.n_knots == 3
    f = e.as_float()
    assert f.arithmetic == "float" and f.knots.dtype == np.float64 and f.amplitudes.dtype == np.float64
    assert f.knots.tolist() == [3.0] and f.amplitudes.tolist() == [1 / 3]
    assert type(f.intercept) is float and f.intercept == 1 / 3
    assert f == LinearSpline([3.0], [1 / 3], intercept=1 / 3)
    # negative control: an object array of the same floats is not float64
    assert np.array([3.0], dtype=object).dtype != f.knots.dtype


def test_float_tv2_is_a_python_float() -> None:
    """The float TV² is a Python ``float`` (like slope and intercept), the sum of |a_k| (exact here: dyadic values).
    Kills ``tv2`` 2 (float amplitudes summed on the object path: an ``np.float64``)."""
    s = LinearSpline([0.0, 1.0, 2.5], [1.5, -0.25, 2.0], slope=1.0)
    assert type(s.tv2()) is float and s.tv2() == 3.75
    assert type(LinearSpline([], [], slope=1.0).tv2()) is float and LinearSpline([], [], slope=1.0).tv2() == 0.0
    # negative control: a sum of numpy floats is not a Python float
    assert type(sum(np.abs(s.amplitudes))) is not float


# -- __call__: the arithmetic and shape of the result ------------------------------------------------------------------
_TYPE = {"exact": Fraction, "mp": mpmath.mpf, "float": float}
_RANK = {"exact": 0, "float": 1, "mp": 2}  # exact < float < mp (radontv.scalars.promote)


@pytest.mark.parametrize("x_kind", ["exact", "mp", "float"])
@pytest.mark.parametrize("kind", ["exact", "mp", "float"])
def test_evaluation_is_in_the_promoted_arithmetic_of_spline_and_point(kind: str, x_kind: str) -> None:
    """A scalar point gives a scalar of the promoted arithmetic (exact < float < mp), an array the array's shape.
    f(x) = 3 + x + 2 (x)_+ - (x - 1)_+ (the values by hand, dyadic: exact in every arithmetic).
    Kills ``__call__`` 13 (``single = None``: a 0-d array for a scalar), 23 (the spline's arithmetic ignored), 24, 25
    (the point's arithmetic ignored)."""
    s = LinearSpline([0, 1], [2, -1], slope=1, intercept=3).as_arithmetic(kind)  # type: ignore[arg-type]
    conv = {"exact": Fraction, "mp": lambda q: mpmath.mpf(Fraction(q).numerator) / Fraction(q).denominator,
            "float": float}[x_kind]
    expected_kind = max(kind, x_kind, key=_RANK.__getitem__)
    for x, fx in _HAND:
        value = s(conv(x))
        assert type(value) is _TYPE[expected_kind], (kind, x_kind, type(value))
        assert value == fx
    grid = [[conv(x) for x, _ in _HAND], [conv(x) for x, _ in reversed(_HAND)]]
    values = s(np.array(grid, dtype=np.float64 if x_kind == "float" else object))
    assert values.shape == (2, 3)
    assert values.dtype == (np.float64 if expected_kind == "float" else object)
    assert [[Fraction(str(v)) for v in row] for row in values] == [[fx for _, fx in _HAND],
                                                                   [fx for _, fx in reversed(_HAND)]]
    # negative control: the arithmetic of the spline alone is not the promoted one when the point is mp
    assert x_kind != "mp" or kind == "mp" or type(s(Fraction(1, 2))) is not mpmath.mpf


def test_non_finite_points_are_refused_naming_x() -> None:
    """A float array with a NaN is refused by the vectorised check of float arrays (the message of bad float knots);
    a scalar or a list names the value.  Kills ``__call__`` 3, 10, 12 (float arrays checked entry by entry) and 5, 7
    (``np.asarray(x)`` without ``dtype=object``: a list of floats checked as a float array)."""
    s = LinearSpline([0], [1])
    with pytest.raises(InvalidInput, match=r"^x contains a non-finite value; every entry must be a finite number$"):
        s(np.array([1.0, np.nan]))
    with pytest.raises(InvalidInput, match=r"^x contains the non-finite value nan; every entry must be a finite"):
        s(math.nan)
    with pytest.raises(InvalidInput, match=r"^x contains the non-finite value inf; every entry must be a finite"):
        s([1.0, math.inf])
    # negative control: finite points of either form are evaluated
    assert s(np.array([1.0, 2.0])).tolist() == [1.0, 2.0] and s([1.0, 2.0]).tolist() == [1.0, 2.0]


@pytest.mark.parametrize("kind", ["exact", "mp", "float"])
def test_no_point_gives_an_empty_array_in_the_splines_arithmetic(kind: str) -> None:
    """An empty set of points carries no arithmetic (even a float64 empty array): the result is an empty array of
    the spline's own arithmetic, of the points' shape.  Kills ``__call__`` 26 (an empty float64 array promotes an
    exact spline to float), 33, 34 (the arithmetic of no point misspelt: a KeyError in ``promote``)."""
    s = LinearSpline([0, 1], [2, -1], slope=1, intercept=3).as_arithmetic(kind)  # type: ignore[arg-type]
    dtype = np.float64 if kind == "float" else object
    for points in ([], np.array([]), np.empty((0, 2)), np.array([], dtype=object)):
        out = s(points)
        assert isinstance(out, np.ndarray) and out.shape == np.shape(points) and out.dtype == dtype, (points, out)
    # negative control: one float point does promote an exact spline to float
    assert kind != "exact" or type(s(np.array([0.5]))[0]) is np.float64


def test_integer_arrays_are_exact_beyond_float_precision() -> None:
    """Integer numpy arrays (knots, amplitudes, points) are exact: 2^53 + 1 is not rounded to 2^53.
    Kills ``_to`` 1, 2 (integer arrays converted to float64 in exact arithmetic)."""
    big = 2**53 + 1
    s = LinearSpline(np.array([big, 0]), np.array([1, big]), slope=0, intercept=0)
    assert s.arithmetic == "exact"
    assert s.knots.tolist() == [0, big] and all(type(t) is Fraction for t in s.knots)
    assert s.amplitudes.tolist() == [big, 1] and all(type(a) is Fraction for a in s.amplitudes)
    values = s(np.array([1, big + 2]))
    assert values.dtype == object and all(type(v) is Fraction for v in values)
    assert values.tolist() == [big, big * (big + 2) + 2]  # f(x) = big (x)_+ + (x - big)_+
    # negative control: through float64, 2^53 + 1 is 2^53
    assert int(np.float64(big)) != big


# -- _canonical: merging equal knots anywhere, and cancelling every knot ----------------------------------------------
@pytest.mark.parametrize("kind", ["exact", "mp", "float"])
def test_equal_knots_are_merged_wherever_they_are(kind: str) -> None:
    """Runs of equal knots after the first knot are merged too (amplitudes added; dyadic values: exact in every
    arithmetic): knots 1, 1 and 2, 2, 2 in shuffled order.  Kills ``_canonical`` 31 (each knot compared with the
    first only)."""
    s = LinearSpline([2, 1, 0, 2, 1, 2], [1, Fraction(1, 2), 1, -2, Fraction(1, 4), Fraction(1, 2)])
    s = s.as_arithmetic(kind)  # type: ignore[arg-type]
    assert [Fraction(str(t)) for t in s.knots] == [0, 1, 2]
    assert [Fraction(str(a)) for a in s.amplitudes] == [1, Fraction(3, 4), Fraction(-1, 2)]
    raw = {"float": float, "mp": mpmath.mpf, "exact": Fraction}[kind]
    direct = LinearSpline([raw(t) for t in (2, 1, 0, 2, 1, 2)], [raw(a) for a in (1, 0.5, 1, -2, 0.25, 0.5)])
    assert direct == s
    # negative control: without merging, the spline would have 6 knots
    assert len([2, 1, 0, 2, 1, 2]) != s.n_knots


@pytest.mark.parametrize("kind", ["exact", "mp", "float"])
def test_knots_that_all_cancel_leave_empty_arrays_of_the_arithmetic(kind: str) -> None:
    """When every merged amplitude is zero, no knot is left and the arrays are empty arrays of the arithmetic (object
    for exact and mp, float64 for float), as for a spline built without knots.  Kills ``_canonical`` 65, 67, 69, 71
    (``np.array(list)`` without ``dtype=object``: an empty list becomes float64)."""
    one = {"float": 1.0, "mp": mpmath.mpf(1), "exact": Fraction(1)}[kind]
    s = LinearSpline([one, one, 2 * one], [one, -one, 0 * one])
    empty = LinearSpline([], [], slope=0 * one)
    dtype = np.float64 if kind == "float" else object
    assert s.n_knots == 0 and s.arithmetic == kind
    assert s.knots.dtype == dtype and s.amplitudes.dtype == dtype
    assert empty.knots.dtype == dtype and empty.amplitudes.dtype == dtype and s == empty
    # negative control: an empty list is float64 without a dtype
    assert np.array([]).dtype == np.float64


def test_merged_float_amplitude_depends_only_on_the_amplitudes_at_that_knot() -> None:
    """Float amplitudes of equal knots are added in the order given (a stable sort), so interleaving them with the
    amplitudes of another knot does not change the rounded sum: 40 amplitudes of sizes 2^53 and ~1 at knots 1 and 0,
    alternating, against the same two groups one after the other.  Kills ``_canonical`` 16, 18 (numpy's default,
    unstable argsort: the order of equal knots, and so the rounding of their sum, depends on the other knots)."""
    big = 2.0**53
    amps = [big if k % 7 in (0, 3) else -big if k % 7 == 5 else (k % 4) + 0.5 for k in range(40)]
    knots = [1.0, 0.0] * 20
    grouped_knots = [1.0] * 20 + [0.0] * 20
    grouped_amps = amps[0::2] + amps[1::2]
    s, g = LinearSpline(knots, amps), LinearSpline(grouped_knots, grouped_amps)
    assert s == g
    assert s.knots.tolist() == [0.0, 1.0]
    assert s.amplitudes.tolist() == [float(np.add.reduce(amps[1::2])), float(np.add.reduce(amps[0::2]))]
    # negative control: the rounded sum depends on the order of its terms
    assert float(np.add.reduce(amps[1::2][::-1])) != float(np.add.reduce(amps[1::2]))


def test_bad_entries_of_lists_are_named_by_their_argument() -> None:
    """Lists (object arrays) are checked entry by entry, and the error names the argument: knots, amplitudes or x.
    Kills ``_kind_of`` 18, 20 (``arithmetic_of`` without the name: 'None' or 'value' in the message)."""
    with pytest.raises(InvalidInput, match=r"^knots contains 'a' of type str; entries must be int, Fraction, mpf"):
        LinearSpline(["a"], [1])
    with pytest.raises(InvalidInput, match=r"^amplitudes contains a boolean True; pass numbers"):
        LinearSpline([0], [True])
    with pytest.raises(InvalidInput, match=r"^knots contains the non-finite value nan; every entry must be a finite"):
        LinearSpline([math.nan, Fraction(1)], [1, 2])
    with pytest.raises(InvalidInput, match=r"^x contains 'a' of type str; entries must be int, Fraction, mpf"):
        LinearSpline([0], [1])(["a"])
    # negative control: good lists are accepted
    assert LinearSpline([Fraction(1), 2], [1, 2.0]).arithmetic == "float"


def test_float_spline_from_integer_or_float32_arrays_stores_float64() -> None:
    """Numeric arrays of another dtype (int64, float32) in a float spline are stored as float64.
    Kills ``_to`` 9, 11 (``np.array(arr)`` without ``dtype=float64``: int64 or float32 arrays kept)."""
    f = LinearSpline(np.array([0, 1]), [0.5, 1.0])
    assert f.arithmetic == "float" and f.knots.dtype == np.float64 and f.knots.tolist() == [0.0, 1.0]
    g = LinearSpline(np.array([0, 1], dtype=np.float32), np.array([0.5, 1.0], dtype=np.float32))
    assert g.knots.dtype == np.float64 and g.amplitudes.dtype == np.float64 and g == LinearSpline([0.0, 1.0],
                                                                                                  [0.5, 1.0])
    # negative control: np.array keeps an integer dtype without dtype=float64
    assert np.array(np.array([0, 1])).dtype != np.float64


_EDGES = (-320, -300, -150, 0, 150, 300, 307)


@pytest.mark.parametrize("ex", _EDGES)
def test_the_float_interpolant_at_the_edges_of_float64_interpolates_or_refuses(ex):
    """x and y scaled by 10^e from subnormal to near the largest double.  Before: slopes that overflowed gave
    inf − inf = NaN amplitudes, dropped as zero, and slopes that underflowed gave 0, so an interpolant without knots
    (or a flat one) came back silently — e.g. x·1e-300 with y·1e150, y·1.7e308, x·1e150 with y·1e-300.  Now either
    the returned spline interpolates the data (to rounding relative to max |y|, or to the subnormal step) or
    InvalidInput says to rescale by a power of two; no RuntimeWarning (filterwarnings = error).  Control: at x ~ 1
    every normal scale of y interpolates."""
    x, y = unit_data()
    outcomes = []
    for ey in (*_EDGES, 308):
        xs, ys = x * 10.0**ex, (y * 1.7e308 if ey == 308 else y * 10.0**ey)
        try:
            spline = splines_interp.sparsest_interpolant(xs, ys)
        except InvalidInput as exc:
            assert "power of two" in str(exc)
            outcomes.append("refused")
            continue
        scale = float(np.abs(ys).max())
        assert np.all(np.abs(spline(xs) - ys) <= 1e-12 * scale + 4 * 5e-324)
        assert spline.knots.size == splines_interp.minimal_knot_count(xs, ys)
        outcomes.append("interpolates")
    if ex == 0:
        assert outcomes[1:6] == ["interpolates"] * 5  # 1e-300 ≤ |y| ≤ 1e300 (1e307 over spacings ~1e-4 overflows)


def test_the_float_interpolant_refuses_the_cases_it_got_wrong_silently():
    x, y = unit_data()
    assert splines_interp.sparsest_interpolant(x, y).knots.size > 0  # control: the same data at scale 1 have knots
    with pytest.raises(InvalidInput, match=r"^the interpolant's slopes leave the float64 range \(overflow"):
        splines_interp.sparsest_interpolant(x * 1e-300, y * 1e150)  # was: no knots
    with pytest.raises(InvalidInput, match=r"^the interpolant's slopes leave the float64 range"):
        splines_interp.min_tv2_interpolant(x, y * 1.7e308)  # was: no knots (differences of y overflow)
    with pytest.raises(InvalidInput, match=r"^the slope between x\[\d+\] = .* below the normal float64 range"):
        splines_interp.sparsest_interpolant(x * 1e150, y * 1e-300)  # was: flat
    with pytest.raises(InvalidInput, match=r"^x\[\d+\] = .* apart, below the normal float64 range"):
        splines_interp.sparsest_interpolant(x * 1e-320, y * 1e-300)


def test_the_float_interpolants_range_refusals_in_full_and_their_boundaries():
    """Each refusal names the pair of sites (exact indices) and the remedy; the boundaries are the smallest normal
    double, 2.2250738585072014e-308, itself accepted: sites exactly that far apart, a slope of exactly that size."""
    tiny = float(np.finfo(np.float64).tiny)
    with pytest.raises(InvalidInput, match=r"^x\[1\] = 0 and x\[2\] = 1e-310 are 1e-310 apart, below the normal "
                       r"float64 range \(about 2\.2e-308\), where knots between them lose precision; multiply x by a "
                       r"power of two \(the interpolant scales exactly\) and divide the knots back\Z"):
        splines_interp.sparsest_interpolant([-1.0, 0.0, 1e-310, 1.0], [0.0, 0.0, 1e-300, 0.0])
    with pytest.raises(InvalidInput, match=r"^the slope between x\[1\] = 1 and x\[2\] = 2 is 1e-310, below the normal "
                       r"float64 range \(about 2\.2e-308\), where it loses precision: y is too small for the spacing "
                       r"of x; multiply y by a power of two \(the interpolant scales exactly\) and divide the result "
                       r"back\Z"):
        splines_interp.sparsest_interpolant([0.0, 1.0, 2.0, 3.0], [0.0, 0.0, 1e-310, 0.0])
    with pytest.raises(InvalidInput, match=r"^the interpolant's slopes leave the float64 range \(overflow encountered "
                       r"in divide\): y is too large for the spacing of x \(a slope, or a slope times x, beyond about "
                       r"1\.8e308\); divide y by a power of two \(the interpolant scales exactly\) and multiply the "
                       r"result back\Z"):
        splines_interp.sparsest_interpolant([0.0, 1e-10, 1.0], [0.0, 1e300, 0.0])
    # the boundaries themselves are inside the range: accepted, and exact
    spline = splines_interp.sparsest_interpolant([0.0, tiny, 2 * tiny], [0.0, tiny, 0.0])
    assert spline.knots.tolist() == [tiny] and spline.amplitudes.tolist() == [-2.0]
    spline = splines_interp.sparsest_interpolant([0.0, 1.0, 2.0], [0.0, tiny, 0.0])
    assert spline.knots.tolist() == [1.0] and spline.amplitudes.tolist() == [-2 * tiny]
