"""Tests that close gaps found by mutation testing (issue 9; tests/mutation-equivalents.md).

Each test compares with a value from an independent route (a hand computation, exact rationals, or the definition),
and where it asserts a property it also shows a deliberately wrong variant that the same assertion rejects.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from radontv import InvalidInput, ReLUNetwork, canonical, rtv2, tv2
from radontv.scalars import arithmetic_of
from radontv.splines import (
    LinearSpline,
    min_tv2,
    min_tv2_interpolant,
    minimal_knot_count,
    sparsest_interpolant,
    tv2_regression,
)


# -- the float sparsest interpolant has the minimal knot count ---------------------------------------------------------
def _run_knots(xs: list[Fraction], ys: list[Fraction]) -> int:
    """The minimal knot count by hand: signs of the exact canonical amplitudes, sum of ceil(run / 2) over runs."""
    s = [(ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) for i in range(len(xs) - 1)]
    signs = [(a > 0) - (a < 0) for a in (s[i + 1] - s[i] for i in range(len(s) - 1))]
    total, i = 0, 0
    while i < len(signs):
        j = i
        while signs[i] != 0 and j + 1 < len(signs) and signs[j + 1] == signs[i]:
            j += 1
        total += (j - i + 2) // 2 if signs[i] != 0 else 0
        i = j + 1
    return total


@st.composite
def _binary_data(draw):
    """Distinct integer sites and integer values divided by 8 (exact in binary), half with collinear stretches."""
    xs = sorted(draw(st.sets(st.integers(-60, 60), min_size=3, max_size=14)))
    if draw(st.booleans()):
        slopes = draw(st.lists(st.sampled_from([-2, 0, 1, 3]), min_size=len(xs), max_size=len(xs)))
        ys = [0]
        for i in range(len(xs) - 1):
            ys.append(ys[-1] + slopes[i // 2] * (xs[i + 1] - xs[i]))
    else:
        ys = draw(st.lists(st.integers(-60, 60), min_size=len(xs), max_size=len(xs)))
    return [Fraction(v, 8) for v in xs], [Fraction(v, 8) for v in ys]


@given(data=_binary_data(), scale=st.sampled_from([1e-8, 1.0, 1e8]))
def test_float_sparsest_interpolant_has_the_knot_count_of_the_exact_data(data, scale):
    xs, ys = data
    exact_count = minimal_knot_count(xs, ys)
    assert exact_count == _run_knots(xs, ys)  # the exact count, by hand
    x = np.array([float(v) for v in xs]) * scale
    y = np.array([float(v) for v in ys]) * scale
    s = sparsest_interpolant(x, y)
    assert s.arithmetic == "float"
    assert s.n_knots == exact_count == minimal_knot_count(x, y)
    assert np.max(np.abs(s(x) - y)) <= 1e-12 * max(np.max(np.abs(y)), scale)
    # the connect-the-dots interpolant is a minimizer too, but has one knot per nonzero amplitude
    dots = min_tv2_interpolant(x, y)
    assert dots.n_knots >= s.n_knots
    if dots.n_knots > exact_count:  # negative control: the knot-count assertion rejects a non-sparsest minimizer
        assert dots.n_knots != minimal_knot_count(xs, ys)


@pytest.mark.parametrize("scale", [1e-8, 1.0, 1e8])
def test_float_sparsest_interpolant_of_a_parabola_has_two_knots(scale):
    """x = 0..5, y = x²: four amplitudes 2, one run of length 4, so ceil(4/2) = 2 knots (a mutant gave 3)."""
    x = np.arange(6.0) * scale
    y = (np.arange(6.0) ** 2) * scale
    s = sparsest_interpolant(x, y)
    assert s.n_knots == 2
    assert minimal_knot_count([Fraction(i) for i in range(6)], [Fraction(i * i) for i in range(6)]) == 2
    assert np.max(np.abs(s(x) - y)) <= 1e-13 * 25 * scale
    assert abs(s.tv2() - 8 * 1.0) <= 1e-13 * 8  # TV² = sum of the amplitudes 2 + 2 + 2 + 2 (slope ratio, scale-free)
    assert min_tv2_interpolant(x, y).n_knots == 4  # negative control: four knots are not "exactly 2"


# -- LinearSpline: mp tv2, slopes in all arithmetics -------------------------------------------------------------------
SPLINE = LinearSpline([Fraction(-3, 2), 0, Fraction(5, 4)], [Fraction(1, 3), -2, Fraction(7, 5)],
                      slope=Fraction(-1, 2), intercept=3)


def test_mp_tv2_equals_the_exact_value():
    expected = Fraction(1, 3) + 2 + Fraction(7, 5)  # sum |a_k| by hand = 56/15
    assert SPLINE.tv2() == expected
    with mpmath.workdps(40):
        got = SPLINE.as_mp().tv2()
        assert isinstance(got, mpmath.mpf)
        tol = mpmath.mpf(10) ** -38 * expected
        assert abs(got - mpmath.mpf(56) / 15) <= tol
        assert abs((got + 1) - mpmath.mpf(56) / 15) > tol  # negative control: off by one is seen
    assert abs(SPLINE.as_float().tv2() - 56 / 15) <= 4e-16 * 56 / 15


def test_slopes_in_the_three_arithmetics():
    expected = [Fraction(-1, 2), Fraction(-1, 6), Fraction(-13, 6), Fraction(-23, 30)]  # c1, then + a_k in turn
    assert list(SPLINE.slopes()) == expected
    with mpmath.workdps(40):
        mp = SPLINE.as_mp().slopes()
        assert all(abs(a - mpmath.mpf(e.numerator) / e.denominator) <= mpmath.mpf(10) ** -38 for a, e in
                   zip(mp, expected, strict=True))
    # float, on binary values so that the expected slopes are exact: 0.5, 0.5 + 1.5, 2 - 2, 0 + 0.25
    fl = LinearSpline([0.0, 1.0, 2.0], [1.5, -2.0, 0.25], slope=0.5)
    got = fl.slopes()
    assert got.dtype == np.float64 and got.tolist() == [0.5, 2.0, 0.0, 0.25]
    assert got.tolist() != [2.0, 0.0, 0.25, 0.25]  # negative control: a shifted cumulative sum differs
    assert LinearSpline([], [], slope=1.5).slopes().tolist() == [1.5]  # no knot: one piece


# -- arithmetic inference ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("values", "kind"), [
    (np.array([1, Fraction(1, 2)], dtype=object), "exact"),
    (np.array([1, sympy.Rational(2, 3)], dtype=object), "exact"),
    (np.array([1, 0.5], dtype=object), "float"),
    (np.array([Fraction(1, 3), mpmath.mpf(2)], dtype=object), "mp"),
    (np.array([0.5, mpmath.mpf(2), 1], dtype=object), "mp"),
    (np.array([[1, 2], [3, 0.25]], dtype=object), "float"),
    (np.array([], dtype=object), "exact"),
    (np.array([1.5, 2.0]), "float"),
    (np.array([1, 2], dtype=np.int64), "exact"),
    ([[Fraction(1, 2), 3], [4, 5]], "exact"),  # nested lists
    (Fraction(1, 7), "exact"),
    (mpmath.mpf(1), "mp"),
    (2.5, "float"),
])
def test_arithmetic_of_object_arrays_and_scalars(values, kind):
    assert arithmetic_of(values) == kind


@pytest.mark.parametrize(("values", "match"), [
    (np.array([1, float("nan")], dtype=object), "non-finite value nan"),
    (np.array([1, mpmath.inf], dtype=object), "non-finite"),
    (np.array([1.0, np.inf]), "non-finite value inf"),
    (np.array([1, True], dtype=object), "boolean"),
    (np.array([1, "2"], dtype=object), "of type str"),
])
def test_arithmetic_of_rejects_non_numbers(values, match):
    with pytest.raises(InvalidInput, match=match):
        arithmetic_of(values, "z")


# -- mp -> exact conversion of networks --------------------------------------------------------------------------------
def test_mp_network_converts_to_the_exact_binary_values():
    with mpmath.workdps(30):
        third = mpmath.mpf(1) / 3
        mp = ReLUNetwork([[mpmath.mpf(3) / 8, third]], [mpmath.mpf(-5) * mpmath.mpf(2) ** -70],
                         [mpmath.mpf(2) ** 80], c=[mpmath.mpf(-1) / 4, 7], c0=third)
        ex = mp.as_exact()
        assert ex.arithmetic == "exact"
        assert ex.W[0, 0] == Fraction(3, 8) and ex.b[0] == Fraction(-5, 2 ** 70) and ex.v[0] == 2 ** 80
        assert ex.c.tolist() == [Fraction(-1, 4), Fraction(7)]
        q = ex.c0  # 1/3 rounded: a dyadic rational within one unit of the last of the 1/3, and it converts back
        assert isinstance(q, Fraction) and q.denominator & (q.denominator - 1) == 0
        assert abs(q - Fraction(1, 3)) <= Fraction(1, 2 ** (mpmath.mp.prec - 1))
        assert q != Fraction(1, 3)  # negative control: 1/3 itself is not the value of the mpf
        assert mpmath.mpf(q.numerator) / q.denominator == third and ex.W[0, 1] == q
        assert ex.as_mp() == mp  # the round trip is exact at the same precision
    for p in (ex.W, ex.b, ex.v, ex.c):
        assert all(isinstance(e, Fraction) for e in p.flat)


def test_negative_mp_values_keep_their_sign_in_exact_conversion():
    """Regression: mpmath's ``man_exp`` is the unsigned mantissa; mp -> exact used to drop the sign."""
    with mpmath.workdps(30):
        neg = -mpmath.mpf(3) / 4
        net = ReLUNetwork([[neg]], [neg], [neg], c=[neg], c0=neg).as_exact()
        assert [net.W[0, 0], net.b[0], net.v[0], net.c[0], net.c0] == [Fraction(-3, 4)] * 5
        spline = LinearSpline([neg, mpmath.mpf(1)], [neg, 2], slope=neg, intercept=neg).as_exact()
        assert spline == LinearSpline([Fraction(-3, 4), 1], [Fraction(-3, 4), 2], Fraction(-3, 4), Fraction(-3, 4))
        assert spline != LinearSpline([Fraction(3, 4), 1], [Fraction(3, 4), 2], Fraction(3, 4), Fraction(3, 4))


# -- read-only arrays and untouched inputs -----------------------------------------------------------------------------
def test_inputs_are_not_modified_and_stored_arrays_are_read_only():
    x = np.array([3.0, 0.0, 2.0, 1.0, 2.0])
    y = np.array([9.0, 0.0, 4.0, 1.0, 4.0])
    x0, y0 = x.copy(), y.copy()
    for solver in (sparsest_interpolant, min_tv2_interpolant, min_tv2, minimal_knot_count):
        solver(x, y)
        assert np.array_equal(x, x0) and np.array_equal(y, y0), solver.__name__
    tv2_regression(x, y, 0.5)
    assert np.array_equal(x, x0) and np.array_equal(y, y0)
    t, a = np.array([1.0, 0.0]), np.array([2.0, -1.0])
    s = LinearSpline(t, a)
    t[0], a[0] = 7.0, 7.0  # the caller's arrays are copied, not shared
    assert s.knots.tolist() == [0.0, 1.0] and s.amplitudes.tolist() == [-1.0, 2.0]
    for spline in (s, s.as_exact(), sparsest_interpolant(x0, y0), LinearSpline.from_network(s.to_network())):
        for arr in (spline.knots, spline.amplitudes):
            with pytest.raises(ValueError, match="read-only"):
                arr[0] = 0
    W, b, v, c = np.array([[1.0, 2.0]]), np.array([0.5]), np.array([3.0]), np.array([1.0, -1.0])
    net = ReLUNetwork(W, b, v, c, 2.0)
    b[0], c[0] = 99.0, 99.0
    assert net.b[0] == 0.5 and net.c[0] == 1.0
    for made in (net, net.as_exact(), net.as_mp(), net + net, -net, net[0], net.rescale(2.0), net.with_affine(c0=1)):
        for arr in (made.W, made.b, made.v, made.c):
            with pytest.raises(ValueError, match="read-only"):
                arr[0] = 0
    writable = np.array([1.0])
    writable[0] = 0.0  # negative control: the same assignment on a writable array raises nothing


# -- the network without neurons ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["exact", "float", "mp"])
def test_the_empty_network_is_its_affine_part(kind):
    base = ReLUNetwork(np.empty((0, 2), dtype=object), [], [], c=[Fraction(1, 2), -2], c0=3).as_arithmetic(kind)
    empty = base.with_neurons([], [], [])
    assert empty == base and empty.width == 0 and empty.dim == 2 and empty.arithmetic == kind
    X = [[1, 1], [-2, Fraction(1, 4)], [0, 0]]
    expected = [Fraction(1, 2) * p + (-2) * q + 3 for p, q in X]  # c^T x + c0 by hand: 3/2, 3/2, 3
    got = empty(np.array(X, dtype=object))
    assert [Fraction(float(g)) if kind != "exact" else g for g in got] == expected
    assert [g for g in got] != [e + 1 for e in expected]  # negative control: a shifted constant is seen
    assert empty.path_norm() == 0 and empty.weight_decay() == 0 and rtv2(empty) == 0
    assert empty.neuron_norms().shape == (0,) and empty.neuron_norms_squared().shape == (0,)
    assert canonical(empty).size == 0
    if kind != "exact":
        assert empty.balanced() == empty
    one = ReLUNetwork([[1, -1]], [0], [2]).as_arithmetic(kind)
    assert one.with_neurons([], [], []) == one  # appending nothing changes nothing
    assert (empty + one).width == 1 and (empty + one)([1, 0]) == one([1, 0]) + empty([1, 0])


def test_the_empty_univariate_network_is_a_line():
    line = ReLUNetwork.univariate([], [], [], slope=2, intercept=-1)
    assert line(3) == 5 and tv2(line) == 0 and line.path_norm() == 0
    spline = LinearSpline.from_network(line)
    assert spline == LinearSpline([], [], slope=2, intercept=-1) and spline.n_knots == 0
    assert spline != LinearSpline([], [], slope=2, intercept=0)  # negative control


# -- float interpolants: slopes within a few units of roundoff, float64 outputs, the types of min_tv2 ------------------
U = Fraction(1, 2 ** 53)


@pytest.mark.parametrize(("n", "seed", "kind", "scale"), [(500, 1, "walk", 1e6), (3000, 2, "walk", 1e6),
                                                          (3000, 2, "walk", 1e14), (3000, 2, "zigzag", 1e3)])
def test_connect_the_dots_slopes_are_within_a_few_units_of_roundoff(n, seed, kind, scale):
    """min_tv2_interpolant's float amplitudes are chosen with error feedback (splines_interp._feedback): every piece's
    slope c1 + a_1 + ... + a_k, summed exactly here, is within a few units of roundoff of the data slope next to it,
    however many knots precede it (without feedback the rounding of each amplitude accumulates)."""
    rng = np.random.default_rng(seed)
    x = np.arange(n, dtype=float)
    if kind == "walk":
        y = np.cumsum(rng.standard_normal(n)) * scale
    else:
        y = np.where(np.arange(n) % 2 == 0, 0.0, scale) + rng.standard_normal(n)
    s = min_tv2_interpolant(x, y)
    X, Y = [Fraction(v) for v in x], [Fraction(v) for v in y]
    target = [(Y[i + 1] - Y[i]) / (X[i + 1] - X[i]) for i in range(n - 1)]  # exact data slopes
    slopes = [Fraction(s.slope)]
    for a in s.amplitudes:
        slopes.append(slopes[-1] + Fraction(a))
    assert len(slopes) == n - 1  # generic data: one knot per interior site
    # 6 units: the data slope rounded once (1), the amplitude rounded against the exact running sum (1), and the
    # correction carried past a tiny amplitude, bounded by the neighbouring slopes (a few); measured: at most 3.8
    worst = max(abs(slopes[k] - target[k]) / (U * max(abs(t) for t in target[max(0, k - 1):k + 2]))
                for k in range(n - 1))
    assert worst <= 6, float(worst)
    naive = [Fraction(s.slope)]  # negative control: amplitudes rounded one by one, without feedback
    for a in np.diff(np.array([float(t) for t in target])):
        naive.append(naive[-1] + Fraction(a))
    if kind == "walk":
        assert max(abs(naive[k] - target[k]) / (U * max(abs(t) for t in target[max(0, k - 1):k + 2]))
                   for k in range(n - 1)) > 6


@pytest.mark.parametrize("seed", [0, 3])
def test_sparsest_interpolant_values_stay_within_a_few_units_of_roundoff_over_many_merged_knots(seed):
    """The float sparsest interpolant places each merged knot so that the spline passes through the data site right
    of it, given the values accumulated so far (splines_interp._feedback), so the rounding does not accumulate: the
    stored spline, evaluated exactly, meets every data value within a few units of roundoff of
    u (|y_n| + max|s| |x_n|) (what remains is the rounding of τ, |Δs| ulp(τ)/2 <= 2u max|s| |x_n|, and of the values
    summed along the way; measured: at most 1.04 on random walks of 300 to 10^4 points).  Kills _feedback 46
    (``c1 + (hi - lo)``: the TwoSum remainder with the wrong sign, so each knot is placed from slopes off by 2|lo|:
    6.9 to 16.9 units at 3000 to 10^4 points)."""
    rng = np.random.default_rng(seed)
    n = 10_000
    x = np.cumsum(rng.uniform(0.5, 1.0, n))
    y = np.cumsum(rng.standard_normal(n))
    s = sparsest_interpolant(x, y)
    assert s.n_knots < 0.8 * (n - 2)  # many merged knots (pairs inside the runs of one sign)
    X, Y = [Fraction(v) for v in x], [Fraction(v) for v in y]
    s_max = max(abs((Y[i + 1] - Y[i]) / (X[i + 1] - X[i])) for i in range(n - 1))
    knots, amps = [Fraction(v) for v in s.knots], [Fraction(v) for v in s.amplitudes]
    c0, c1 = Fraction(s.intercept), Fraction(s.slope)
    k, a_sum, at_sum, worst = 0, Fraction(0), Fraction(0), Fraction(0)
    for xi, yi in zip(X, Y, strict=True):  # f(x) = c0 + c1 x + sum_k a_k (x - t_k)_+, the knots sorted
        while k < len(knots) and knots[k] < xi:
            a_sum, at_sum, k = a_sum + amps[k], at_sum + amps[k] * knots[k], k + 1
        worst = max(worst, abs(c0 + (c1 + a_sum) * xi - at_sum - yi) / (U * (abs(yi) + s_max * abs(xi))))
    assert worst <= 4, float(worst)


def test_float_outputs_are_float64_and_min_tv2_has_the_data_type():
    x, y = np.array([0.0, 1.0, 2.0, 3.0, 4.0]), np.array([0.0, 1.0, 4.0, 9.0, 16.0])
    for s in (sparsest_interpolant(x, y), min_tv2_interpolant(x, y)):
        assert s.knots.dtype == np.float64 and s.amplitudes.dtype == np.float64
        assert LinearSpline([0], [1], slope=1.0).knots.dtype == np.float64  # negative control: float64 is seen ...
        assert np.array([0.5], dtype=object).dtype != np.float64  # ... and an object array is not
    assert type(min_tv2(x, y)) is float and min_tv2(x, y) == 6.0
    assert type(min_tv2([0, 1], [0, 1])) is Fraction and min_tv2([0, 1], [0, 1]) == 0  # no interior site
    with mpmath.workdps(30):
        two = min_tv2([mpmath.mpf(0), 1], [0, 1])
        assert isinstance(two, mpmath.mpf) and two == 0


@pytest.mark.parametrize("big", [1e20 / 3, 1e18 / 7, 3e15 / 11])
@pytest.mark.parametrize("y4", [-1.0, -0.75, -0.6, -1.5, -0.5, -1.25])
def test_tiny_amplitudes_after_huge_slopes_keep_their_sign_and_size(big, y4):
    """The rounding drift of huge slopes is corrected at a knot only if that changes its amplitude by at most half
    (splines_interp._feedback): every stored amplitude is within [1/2, 3/2] of the data's exact amplitude there."""
    x = np.arange(8.0)
    y = np.array([0.0, big, 0.0, 0.0, y4, 1.0, 4.0, 4.5])
    s = min_tv2_interpolant(x, y)
    X, Y = [Fraction(v) for v in x], [Fraction(v) for v in y]
    slopes = [(Y[i + 1] - Y[i]) / (X[i + 1] - X[i]) for i in range(7)]
    intended = [slopes[i + 1] - slopes[i] for i in range(6)]
    assert s.n_knots == 6 and s.knots.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    ratios = [Fraction(a) / b for a, b in zip(s.amplitudes, intended, strict=True)]
    assert all(Fraction(1, 2) <= r <= Fraction(3, 2) for r in ratios), [float(r) for r in ratios]
    flipped = Fraction(s.amplitudes[4]) - 3 * intended[4]  # negative control: a correction of 3 amplitudes
    assert not Fraction(1, 2) <= flipped / intended[4] <= Fraction(3, 2)


@pytest.mark.parametrize("scale", [2.0 ** -30, 1.0, 2.0 ** 30])
def test_float_zero_amplitude_rule_at_its_bound(scale):
    """x = 0, 1, 2 and y = 0, 1, 2 + k u (u = 2^-53): the amplitude is k u and, by the documented rule
    (splines_interp.ZERO_SAFETY), zero iff k u <= 4 (e_0 + e_1), with e_0 = u(1 + 1) + 2u = 4u and
    e_1 = u((1 + 2) + 1 (1 + 2)) + 2u = 8u to first order: a bound of 48u.  Scaling by powers of 2 changes nothing."""
    u = 2.0 ** -53
    for k, knots in ((40, 0), (56, 1), (72, 1)):  # 40u below the bound, 56u and 72u above it
        x = np.array([0.0, 1.0, 2.0]) * scale
        y = np.array([0.0, 1.0, 2.0 + k * u]) * scale
        assert Fraction(y[2] / scale) - 2 == k * Fraction(u)  # the data are exact
        assert sparsest_interpolant(x, y).n_knots == knots == minimal_knot_count(x, y), k
    assert minimal_knot_count([0, 1, 2], [0, 1, 2 + 40 * Fraction(u)]) == 1  # control: exact data have the knot


def _documented_zero_bound(x: list[Fraction], y: list[Fraction], u: Fraction = Fraction(1, 2 ** 53)) -> Fraction:
    """The zero bound of the middle amplitude of three points, from the formula in splines_interp's docs (exact)."""

    def e(i: int) -> Fraction:
        s = (y[i + 1] - y[i]) / (x[i + 1] - x[i])
        dx = x[i + 1] - x[i]
        return u * ((abs(y[i]) + abs(y[i + 1])) + abs(s) * (abs(x[i]) + abs(x[i + 1]))) / dx + 2 * u * abs(s)

    return 4 * (e(0) + e(1))


@pytest.mark.parametrize(("k", "knots"), [(22, 0), (27, 1)])
def test_float_zero_bound_uses_each_site_and_value(k, knots):
    """x = -3, 1, 2 and y = -8, 1, 13/4 + k ulp: every term of the bound differs (|y_0| != |y_1|, |x_0| != |x_1|), so
    a bound built from the wrong site, value or slope factor moves by more than the 10 % margin used here."""
    x = [Fraction(-3), Fraction(1), Fraction(2)]
    y = [Fraction(-8), Fraction(1), Fraction(13, 4) + k * Fraction(1, 2 ** 51)]
    amplitude = (y[2] - y[1]) / (x[2] - x[1]) - (y[1] - y[0]) / (x[1] - x[0])
    ratio = amplitude / _documented_zero_bound(x, y)
    assert (ratio < Fraction(9, 10)) if knots == 0 else (ratio > Fraction(11, 10)), float(ratio)
    xf, yf = np.array([float(v) for v in x]), np.array([float(v) for v in y])
    assert [Fraction(v) for v in yf] == y  # the data are exact in float64
    assert sparsest_interpolant(xf, yf).n_knots == knots
    assert minimal_knot_count(x, y) == 1  # control: in exact arithmetic the amplitude is a knot


@pytest.mark.parametrize(("k", "knots"), [(44, 0), (54, 1)])
def test_mp_zero_bound_at_53_bits(k, knots):
    """The same data in mpmath at 53 bits, where the unit roundoff is 2^(1 - prec) = 2^-52: the bound doubles, so the
    amplitude 44 ulp is zero and 54 ulp is a knot (10 % margins); exact arithmetic keeps the knot (control)."""
    x = [Fraction(-3), Fraction(1), Fraction(2)]
    y = [Fraction(-8), Fraction(1), Fraction(13, 4) + k * Fraction(1, 2 ** 51)]
    amplitude = (y[2] - y[1]) / (x[2] - x[1]) - (y[1] - y[0]) / (x[1] - x[0])
    ratio = amplitude / _documented_zero_bound(x, y, Fraction(1, 2 ** 52))
    assert (ratio < Fraction(9, 10)) if knots == 0 else (ratio > Fraction(11, 10)), float(ratio)
    with mpmath.workprec(53):
        xm = [mpmath.mpf(v.numerator) / v.denominator for v in x]
        ym = [mpmath.mpf(v.numerator) / v.denominator for v in y]
        assert sparsest_interpolant(xm, ym).n_knots == knots == minimal_knot_count(xm, ym)
    assert minimal_knot_count(x, y) == 1
