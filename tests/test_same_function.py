"""'Same function', R-TV² and canonical forms mean what they say, at every scale (issue 9, items 1-3).

Regression tests with the exact data of the reports, property tests around them (kinks at scales 1e-8 ... 1e8, many
parallel hyperplanes, near-duplicate kinks, pairs that differ only in a thin strip), and negative controls.  Expected
values come from the exact (projective) route or from hand computation, never from the inexact code under test.
The rules one by one (the grouping law, the zero and sign decisions, the witness construction) are in
tests/test_same_function_rules.py.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from _same_function_helpers import _differs_at
from hypothesis import given, settings, target
from hypothesis import strategies as st

from radontv import ReLUNetwork, canonical, rtv2, witness
from radontv.canonical_form import FLOAT_RTOL
from radontv.same_function import same_function
from radontv.testing import assert_same_function, scaled_examples
from radontv.testing.strategies import relu_networks

NETS = relu_networks(min_dim=1, max_dim=4, max_width=6, coincident=True, antipodal=True, zero_neurons=True,
                     arithmetic="exact")
SCALES = st.integers(-8, 8).map(lambda k: Fraction(10) ** k)


def _scaled(net: ReLUNetwork, s: Fraction, r: Fraction) -> ReLUNetwork:
    """x -> r f(x / s): kinks moved to scale s, values to scale r (exact)."""
    return ReLUNetwork([[w / s for w in row] for row in net.W], list(net.b), [v * r for v in net.v],
                       [x * r / s for x in net.c], net.c0 * r)


def _kink_closeness(net: ReLUNetwork) -> float:
    """``-log10`` of the smallest gap between two distinct hyperplanes of the exact canonical form (0 for fewer than
    two): gap = max(||u - u'||_inf, |t - t'| / (|t| + |t'|)), the quantities of the same-hyperplane law.  Given to
    ``hypothesis.target`` so that the search drives towards near-coincident (not coincident) kinks, the hard case of
    every tolerance law."""
    form = canonical(net.as_exact())
    if form.size < 2:
        return 0.0
    P = form.normals.astype(float)
    norms = np.linalg.norm(P, axis=1)
    U, T = P / norms[:, None], form.offsets.astype(float) / norms
    gaps = [max(np.max(np.abs(U[i] - U[j])), abs(T[i] - T[j]) / (abs(T[i]) + abs(T[j])) if T[i] or T[j] else 0.0)
            for i in range(form.size) for j in range(i)]
    return -math.log10(min(gaps))


def test_kink_closeness_grows_as_kinks_approach():
    # by hand: kinks at 1 and 1 + 10^-k on parallel normals have relative offset gap 10^-k / (2 + 10^-k)
    for k in (1, 5, 10):
        e = Fraction(1, 10**k)
        net = ReLUNetwork([[1, 0], [3, 0]], [1, 3 * (1 + e)], [1, 1])
        gap = float(e / (2 + e))
        # float offsets carry 2^-52 relative error each: the gap is known to 4 * 2^-52 / gap relatively
        assert _kink_closeness(net) == pytest.approx(-math.log10(gap), abs=4 * 2.0**-52 / gap / math.log(10))
    assert _kink_closeness(ReLUNetwork([[1], [2]], [1, 2], [1, 1])) == 0.0  # one hyperplane after merging
    assert _kink_closeness(ReLUNetwork([[1, 0], [0, 1]], [0, 0], [1, 1])) == pytest.approx(0.0)  # normals 1 apart



def _hat(u, t: Fraction, delta: Fraction, height: Fraction) -> ReLUNetwork:
    """height/delta * (relu(z - t) - 2 relu(z - t - delta) + relu(z - t - 2 delta)), z = u.x: zero outside the
    strip t <= z <= t + 2 delta, peak `height` at its middle."""
    a = height / delta
    return ReLUNetwork([u, u, u], [t, t + delta, t + 2 * delta], [a, -2 * a, a])


# -- item 1: assert_same_function decides equality as functions ---------------------------------------------------
F_STRIP = ReLUNetwork.univariate([1, 1], [1, Fraction(101, 100)], [1, 1])  # kinks at 1 and 1.01
G_STRIP = ReLUNetwork.univariate([1], [Fraction(201, 200)], [2])  # differs by 1/200 at x = 201/200


@pytest.mark.parametrize("kind", ["exact", "float", "mp"])
def test_reported_strip_is_told_apart_both_ways(kind):
    f, g = F_STRIP.as_arithmetic(kind), G_STRIP.as_arithmetic(kind)
    for a, b in ((f, g), (g, f)):
        with pytest.raises(AssertionError, match="witness x = ") as info:
            assert_same_function(a, b)
        assert "Functions differ" in str(info.value)
        point = witness(a, b)
        assert point is not None and _differs_at(a, b, point)
    assert witness(F_STRIP, G_STRIP)[0] == Fraction(401, 400) or _differs_at(F_STRIP, G_STRIP, witness(F_STRIP,
                                                                                                      G_STRIP))


def test_reported_strip_in_two_dimensions_and_far_from_the_origin():
    u = [Fraction(3, 5), Fraction(4, 5)]
    for t in (Fraction(0), Fraction(10) ** 6, -Fraction(10) ** 7):
        base = ReLUNetwork([[1, -2], [3, 1]], [Fraction(1, 2), 0], [3, -1], c=[1, 0], c0=2)
        bump = _hat(u, t, Fraction(1, 2000), Fraction(1, 2000))  # a strip of width 1e-3
        f = base + bump
        for kind in ("exact", "float", "mp"):
            a, b = f.as_arithmetic(kind), base.as_arithmetic(kind)
            with pytest.raises(AssertionError, match="Functions differ"):
                assert_same_function(a, b)
            assert _differs_at(a, b, witness(a, b))
        assert_same_function(base.as_float(), base.as_float().rescale(3.0))  # control: the same function passes


# -- item 2: the mp canonical form merges whatever lies between -----------------------------------------------------
def _parallel_report(extra: int) -> ReLUNetwork:
    W = [[3, 4], [Fraction(3, 13), Fraction(4, 13)]] + [[3, 4]] * extra
    b = [0, 0] + [-k for k in range(1, extra + 1)]
    v = [1, -13] + [1] * extra
    return ReLUNetwork(W, b, v)


def test_reported_mp_merge_with_eight_parallel_hyperplanes_between():
    net = _parallel_report(8)
    assert rtv2(net) == 40 and rtv2(net.as_float()) == pytest.approx(40.0, rel=16 * FLOAT_RTOL)
    with mpmath.workdps(30):
        form = canonical(net.as_mp())
        assert form.size == 8 and abs(form.rtv2() - 40) <= mpmath.mpf(10) ** -25
        assert form == canonical(canonical(net).network().as_mp())
        # negative control: the copy's amplitude off by 1/13 leaves a hyperplane that must not be merged away
        off = ReLUNetwork(net.W, net.b, [1, -12] + [1] * 8)
        assert canonical(off.as_mp()).size == 9 and canonical(off.as_mp()) != form


@settings(max_examples=scaled_examples(0.25))
@given(st.integers(0, 40), st.integers(1, 40), st.sampled_from(["float", "mp"]))
def test_copies_merge_whatever_number_of_parallel_hyperplanes_lies_between(extra, scale, kind):
    """Two copies of a hyperplane, written with weights a factor `scale` apart, cancel however many parallel
    hyperplanes sort between them; the R-TV² is that of the others, 5 each (exact route)."""
    W = [[3, 4], [Fraction(3, scale), Fraction(4, scale)]] + [[3, 4]] * extra
    net = ReLUNetwork(W, [0, 0] + [-k for k in range(1, extra + 1)], [1, -scale] + [1] * extra)
    assert rtv2(net) == 5 * extra
    with mpmath.workdps(30):
        inexact = canonical(net.as_arithmetic(kind))
        assert inexact.size == extra
        assert abs(mpmath.mpf(inexact.rtv2()) - 5 * extra) <= 1e-9 * (1 + 5 * extra)


# -- item 3: tolerances per pair, scale-free ------------------------------------------------------------------------
@pytest.mark.parametrize("s", [Fraction(1), Fraction(1, 10**8), Fraction(10**8)])
def test_reported_global_tolerance_case_at_every_scale(s):
    """relu(x) - relu(x - 1e-6) is two hyperplanes whatever else the network holds (a kink at 1e7 used to widen
    the tolerance to 1e-5 and merge them); the same at x scaled by 1e-8 and 1e8."""
    two = ReLUNetwork([[1], [1]], [0, Fraction(1, 10**6)], [1, -1])
    three = ReLUNetwork([[1], [1], [1]], [0, Fraction(1, 10**6), 10**7], [1, -1, 1])
    for net, expected in ((two, 2), (three, 3)):
        scaled = _scaled(net, s, Fraction(1)).as_float()
        assert rtv2(scaled) == pytest.approx(float(expected / s), rel=16 * FLOAT_RTOL)
        merged = canonical(scaled).network()
        x = np.array([[float(s)]])
        assert merged(x)[0] == pytest.approx(1e-6, rel=1e-6)  # f(s) = f_1(1) = 1e-6, not 0
        assert_same_function(merged, scaled)


def test_affine_tolerances_are_kept_per_kind():
    """c (units y/x) is compared with the magnitudes of its kind, not with a large constant term: x * 1e-10 + 1e8
    is not the constant 1e8 (a shared scale called the slope rounding)."""
    f = ReLUNetwork(np.empty((0, 1)), [], [], c=[1e-10], c0=1e8)
    g = ReLUNetwork(np.empty((0, 1)), [], [], c=[0.0], c0=1e8)
    assert canonical(f) != canonical(g)
    with pytest.raises(AssertionError, match="affine parts differ"):
        assert_same_function(f, g)
    # and the constant is compared with the terms v b of its kind: 1e8 relu(x - 1) vs 1e8 relu(x - 1 - 2^-30)
    h = ReLUNetwork([[1.0]], [1.0 + 2.0**-30], [1e8])
    k = ReLUNetwork([[1.0]], [1.0], [1e8])
    assert not same_function(h, k)[0]
    assert same_function(k, k.rescale(7.0))[0]  # control: a rescaled copy is the same function


@settings(max_examples=scaled_examples(0.5))
@given(NETS, SCALES, SCALES)
def test_float_forms_agree_with_exact_at_every_scale(net, s, r):
    """Canonical forms and R-TV² of x -> r f(x/s) in float agree with the exact route for s, r in 1e-8 ... 1e8."""
    target(_kink_closeness(net), label="near-coincident kinks")
    scaled = _scaled(net, s, r)
    exact = canonical(scaled)
    fl = canonical(scaled.as_float())
    assert fl.size == exact.size
    expected = float(sympy.N(rtv2(scaled), 20))
    assert fl.rtv2() == pytest.approx(expected, rel=1e3 * FLOAT_RTOL, abs=0.0 if expected else 1e-300)
    assert_same_function(canonical(scaled.as_float()).network(), scaled.as_float())


@settings(max_examples=scaled_examples(0.5))
@given(NETS, SCALES, st.integers(3, 9), st.sampled_from(["float", "mp"]), st.data())
def test_a_thin_strip_is_always_seen(net, s, digits, kind, data):
    """f + (a hat of width 2 delta, delta = 10^-digits relative to the kink's offset) is not f, whatever the scale;
    f rescaled neuron by neuron is f (the control that equality still passes)."""
    d = net.dim
    u = data.draw(st.lists(st.integers(-3, 3), min_size=d, max_size=d).filter(any))
    t = s * data.draw(st.integers(1, 50))
    delta = t / 10**digits
    f = _scaled(net, s, Fraction(1))
    g = f + _hat(u, t, delta, delta)
    target(_kink_closeness(g), label="thin strip near other kinks")
    a, b = g.as_arithmetic(kind), f.as_arithmetic(kind)
    with mpmath.workdps(30):
        with pytest.raises(AssertionError, match="Functions differ"):
            assert_same_function(a, b)
        assert _differs_at(a, b, witness(a, b))
        assert_same_function(b.rescale(Fraction(7, 3)), b)


@settings(max_examples=scaled_examples(0.5))
@given(relu_networks(min_dim=2, max_dim=4, coincident=True, antipodal=True, zero_neurons=True, arithmetic="exact"))
def test_mp_form_is_the_exact_form_coordinate_by_coordinate(net):
    """Every hyperplane (unit normal, offset, amplitude) and the affine part of the mp form equal the exact form's to
    the working precision (not only its size and R-TV²)."""
    target(_kink_closeness(net), label="near-coincident kinks")
    exact = canonical(net)
    us, ts = exact.unit_normals()
    amps = exact.amplitudes
    with mpmath.workdps(40):
        form = canonical(net.as_mp())
        assert form.size == exact.size
        tol = mpmath.mpf(10) ** -30
        pending = list(range(exact.size))
        for u, t, a in zip(form.normals, form.offsets, form.coefficients, strict=True):
            match = [h for h in pending
                     if max(abs(x - mpmath.mpf(sympy.N(y, 45))) for x, y in zip(u, us[h], strict=True)) <= tol
                     and abs(t - mpmath.mpf(sympy.N(ts[h], 45))) <= tol * (1 + abs(t))]
            assert len(match) == 1
            assert abs(a - mpmath.mpf(sympy.N(amps[match[0]], 45))) <= tol * (1 + abs(a))
            pending.remove(match[0])
        for x, y in zip(form.c, exact.c, strict=True):
            assert abs(x - mpmath.mpf(y.numerator) / y.denominator) <= tol * (1 + abs(x))
        assert abs(form.c0 - mpmath.mpf(exact.c0.numerator) / exact.c0.denominator) <= tol * (1 + abs(form.c0))


def test_the_thin_strip_checks_can_fail():
    """Negative control of the strip property: a hat whose height is zero is the same function and must pass, a
    hat of relative width 1e-12 (below the float tolerance 2^-40 ~ 9e-13 ... so just above) is still seen."""
    f = ReLUNetwork([[1, 0]], [Fraction(1)], [1])
    assert_same_function(f + _hat([1, 1], Fraction(2), Fraction(1, 1000), Fraction(0)), f)
    thin = f + _hat([1, 1], Fraction(2), Fraction(2, 10**11), Fraction(2, 10**11))
    with pytest.raises(AssertionError):
        assert_same_function(thin.as_float(), f.as_float())
