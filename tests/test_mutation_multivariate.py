"""Gaps found by mutation testing of checks/multivariate.py, checks/multivariate_route.py,
checks/multivariate_rnorm.py and checks/multivariate_fit.py (tests/mutation-equivalents.md).

* The weight-free route's pieces by hand: ``_primitive_key`` (the primitive integer row and its canonical sign),
  ``route_form`` and ``route_rtv2`` on a two-hyperplane network with an antipodal pair (coefficients, affine part and
  squared jumps computed by hand), the search window [-5, 5], ``network_values``, ``route_tolerance``, ``same_form``
  and ``combine_exact_mp`` (the worst instance comes from the mp part).
* The instances: ``small_rational``, ``generic_line`` and ``random_network`` draw what their docstrings say (ranges,
  grids, counts of duplicates, antipodes and zero neurons, distinct crossings in [-4, 4]); ``irrational_network`` by
  hand on one network.
* The R-norm route against independent closed forms and Fourier integrals: ``sphere_area``, the Laplacian power of
  the Gaussian (``of_square``: the Hankel transform of its symbol), its hyperplane integrals (``radon`` and
  ``radon_float``: the Fourier slice theorem) and half-space masses (``half_space``), ``route_rnorm`` and
  ``gaussian_closed_form`` (d = 3 by the Hermite polynomials He_3, He_4; d = 2 by roots of the Fourier profile).
* The checks' reports: claim id, route, working precision (raised to 18 digits for the route checks asked for 15),
  the default precision and seed, and residuals of negative controls that only one part of a check can refute.
* The fit checks (needs cvxpy) with recording stand-ins for ``rtv2_fit`` and ``fit_network``: every comparison,
  bound (certificate, eps, values and cost bounds of the solution set, weight-decay objectives), label and scale by
  hand; the result without the solver; ``zigzag_data``, ``hyperplane_sides`` and ``random_data`` by hand.
"""

from __future__ import annotations

import itertools
import random
import sys
from fractions import Fraction
from types import SimpleNamespace
from typing import ClassVar

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from radontv.checks import multivariate as checks
from radontv.checks import multivariate_rnorm as rn
from radontv.checks import multivariate_route as route

from radontv import ReLUNetwork, Verdict, canonical, rtv2
from radontv.evidence import Agreement
from radontv.scalars import to_mpf

F = Fraction


# -- the weight-free route by hand ---------------------------------------------------------------------------------
def test_primitive_key_by_hand():
    """The primitive integer row of (J, beta), its sign fixed by the first nonzero entry of J, and the factor."""
    assert route._primitive_key([F(2, 3), F(-4, 3)], F(2)) == ((1, -2, 3), F(2, 3))
    assert route._primitive_key([F(-1, 2), F(1)], F(0)) == ((1, -2, 0), F(-1, 2))
    assert route._primitive_key([F(0), F(-3)], F(6)) == ((0, 1, -2), F(-3))
    assert route._primitive_key([F(5, 6), F(0), F(-5, 4)], F(-5, 2)) == ((2, 0, -3, -6), F(5, 12))


def _hand_network():
    """3 σ(z) - 1/2 σ(-2z) + 5 σ(x2 - 1/2) + (1/3, -1)·x + 2 with z = x1 - 2 x2 + 1, i.e.
    2 σ(z) + 5/2 σ(2 x2 - 1) + (4/3, -3)·x + 3 (the antipodal neuron is -σ(-z) = -σ(z) + z)."""
    return ReLUNetwork([[F(1), F(-2)], [F(-2), F(4)], [F(0), F(1)]], [F(-1), F(2), F(1, 2)],
                       [F(3), F(-1, 2), F(5)], [F(1, 3), F(-1)], F(2))


LINE = ([F(0), F(0)], [F(1), F(1, 3)])  # crosses z = 0 at s = -3 and x2 = 1/2 at s = 3/2


def test_route_form_and_route_rtv2_by_hand():
    """Kills the route_form mutants (keys, sign by p.e, sums, the affine part by values at 0 and e_j) and the exact
    route_rtv2 mutants (squared jumps 2² |(1, -2)|² = 20 and 5² = 25)."""
    net = _hand_network()
    f = route.network_values(net)
    coef, c, c0 = route.route_form(f, 2, LINE)
    assert coef == {(1, -2, -1): F(2), (0, 2, 1): F(5, 2)}
    assert c == [F(4, 3), F(-3)] and c0 == F(3)
    assert sorted(route.route_rtv2(f, 2, LINE, exact=True)) == [F(20), F(25)]
    assert route.same_form(canonical(net), coef, c, c0)
    with mpmath.workdps(30):
        got = route.route_rtv2(route.network_values(net.as_mp()), 2,
                               tuple([mpmath.mpf(x.numerator) / x.denominator for x in part] for part in LINE),
                               exact=False, tol=route.route_tolerance(30))
        want = 2 * mpmath.sqrt(5) + 5
        assert abs(got - want) <= mpmath.mpf(10) ** -12 * want


def test_route_form_with_the_line_crossing_against_the_normal():
    """A hyperplane crossed with p.e < 0: the coefficient keeps its sign (q = λ sgn(p.e))."""
    net = ReLUNetwork([[F(1), F(-2)]], [F(-1)], [F(-7, 3)], [F(0), F(0)], F(0))  # -7/3 σ(x1 - 2 x2 + 1)
    line = ([F(0), F(0)], [F(1), F(1)])  # p.e = 1 - 2 = -1; crosses at s = 1
    coef, c, c0 = route.route_form(route.network_values(net), 2, line)
    assert coef == {(1, -2, -1): F(-7, 3)} and c == [F(0), F(0)] and c0 == F(0)
    unit = ReLUNetwork([[F(1), F(0)]], [F(1)], [F(1)])  # coefficient exactly 1 (only zero ones are dropped)
    assert route.route_form(route.network_values(unit), 2, line) == ({(1, 0, 1): F(1)}, [F(0), F(0)], F(0))


def test_route_searches_the_window_minus_five_to_five():
    """WINDOW = (-5, 5): kinks at s = ±4.9 are found, kinks at s = ±5.1 are not (exact and mp)."""
    assert route.WINDOW == (F(-5), F(5))
    e = [F(1), F(0)]
    net = ReLUNetwork([[F(1), F(0)], [F(1), F(0)], [F(1), F(0)], [F(1), F(0)]],
                      [F(49, 10), F(-49, 10), F(51, 10), F(-51, 10)], [F(1), F(2), F(4), F(8)])
    f = route.network_values(net)
    assert sorted(route.route_rtv2(f, 2, ([F(0), F(0)], e), exact=True)) == [F(1), F(4)]
    with mpmath.workdps(30):
        got = route.route_rtv2(route.network_values(net.as_mp()), 2, ([mpmath.mpf(0)] * 2, [mpmath.mpf(1), 0]),
                               exact=False,
                               tol=route.route_tolerance(30))
        assert abs(got - 3) <= mpmath.mpf(10) ** -12


def test_network_values_route_tolerance_and_same_form():
    """network_values returns one number at one point; route_tolerance(dps) = 10^-(dps // 2); same_form compares
    keys, coefficients, c and c0."""
    net = _hand_network()
    value = route.network_values(net)([F(1), F(2)])  # z = -2, x2 - 1/2 = 3/2: -1/2·4 + 5·3/2 + 1/3 - 2 + 2
    assert value == F(35, 6) and isinstance(value, Fraction)
    with mpmath.workdps(40):
        assert route.route_tolerance(30) == mpmath.mpf(10) ** -15
        assert route.route_tolerance(31) == mpmath.mpf(10) ** -15
        assert route.route_tolerance(16) == mpmath.mpf(10) ** -8
    form = canonical(net)
    coef = {(1, -2, -1): F(2), (0, 2, 1): F(5, 2)}
    assert route.same_form(form, coef, [F(4, 3), F(-3)], F(3))
    assert not route.same_form(form, {(1, -2, -1): F(2), (0, 2, 1): F(5, 3)}, [F(4, 3), F(-3)], F(3))
    assert not route.same_form(form, {(1, -2, -1): F(2), (0, 2, 2): F(5, 2)}, [F(4, 3), F(-3)], F(3))
    assert not route.same_form(form, {(1, -2, -1): F(2)}, [F(4, 3), F(-3)], F(3))
    assert not route.same_form(form, coef, [F(4, 3), F(-2)], F(3))
    assert not route.same_form(form, coef, [F(4, 3), F(-3)], F(4))


def test_combine_exact_mp_takes_the_worst_instance_of_the_mp_part():
    """Both parts refuted: the combined result's worst instance, residual and digits are the mp part's."""
    exact = Agreement("x", dps=None, route="exact route")
    exact.holds(False, instance="exact instance")
    mp = Agreement("x", dps=30, route="mp route")
    with mpmath.workdps(30):
        mp.compare(mpmath.mpf(3), mpmath.mpf(2), instance="mp instance")
    result = route.combine_exact_mp(exact, mp)
    assert result.verdict is Verdict.REFUTED
    assert result.worst_instance == "mp instance" and result.instances == 2
    assert result.route == "exact route; mp route"
    with mpmath.workdps(30):
        assert result.residual == mpmath.mpf(1) / 2


# -- the instances -------------------------------------------------------------------------------------------------
@settings(max_examples=2)
@given(st.integers(0, 2**32))
def test_small_rational_and_generic_line_draw_their_documented_grids(seed):
    """small_rational: numerator in [-6, 6], denominator in [1, 4] (extremes and denominators 3, 4 drawn);
    generic_line: p on the grid k/37, |k| <= 40; e_0 = a/41 + b/43, a in [20, 59], b in [-30, 30]; e_i = b/43."""
    rng = random.Random(seed)
    values = [route.small_rational(rng) for _ in range(3000)]
    assert all(abs(x) <= 6 and (12 * x).denominator == 1 for x in values)
    assert max(values) == 6 and min(values) == -6
    assert {x.denominator for x in values} == {1, 2, 3, 4}
    assert {x for x in values if x.denominator == 4} >= {F(-5, 4), F(5, 4)}
    ps, firsts, rest = [], [], []
    for _ in range(600):
        p, e = route.generic_line(rng, 3)
        ps += p
        n = e[0] * 41 * 43
        assert n.denominator == 1
        a = (int(n) * pow(43, -1, 41)) % 41  # 43 a + 41 b = n, a in [20, 59]: a mod 41 and one of a, a + 41
        a = a if a >= 20 else a + 41
        b = F(int(n) - 43 * a, 41)
        assert 20 <= a <= 59 and b.denominator == 1 and -30 <= b <= 30
        firsts.append((a, int(b)))
        rest += e[1:]
    assert all((37 * x).denominator == 1 and abs(37 * x) <= 40 for x in ps)
    assert max(ps) == F(40, 37) and min(ps) == F(-40, 37)
    assert min(a for a, _ in firsts) == 20 and max(a for a, _ in firsts) == 59
    assert min(b for _, b in firsts) == -30 and max(b for _, b in firsts) == 30
    assert all((43 * x).denominator == 1 and abs(43 * x) <= 30 for x in rest)
    assert max(rest) == F(30, 43) and min(rest) == F(-30, 43)


def _is_small(x):
    return abs(x) <= 6 and (12 * x).denominator == 1


@settings(max_examples=15)
@given(st.integers(0, 2**32), st.integers(1, 4), st.integers(1, 5), st.integers(0, 2), st.integers(0, 2),
       st.integers(0, 2), st.booleans())
def test_random_network_has_the_documented_structure(seed, d, width, duplicates, antipodes, zeros, affine):
    """width distinct hyperplanes crossing the line at distinct parameters k/97 in [-4, 4], plus duplicates
    (positive multiples), antipodes (negative multiples) and zero neurons; affine part drawn or zero."""
    rng = random.Random(seed)
    line = route.generic_line(rng, d)
    p, e = line
    net = route.random_network(rng, d, line, width=width, duplicates=duplicates, antipodes=antipodes,
                               zeros=zeros, affine=affine)
    assert net.width == width + duplicates + antipodes + zeros
    groups: dict[F, list] = {}
    n_zero = 0
    for w, b, v in net.neurons():
        assert _is_small(v)
        if all(x == 0 for x in w):
            n_zero += 1
            assert _is_small(b)
            continue
        we = sum(a * c for a, c in zip(w, e, strict=True))
        assert we != 0
        s = (b - sum(a * c for a, c in zip(w, p, strict=True))) / we
        assert (97 * s).denominator == 1 and -4 <= s <= 4
        groups.setdefault(s, []).append(list(w))
    assert n_zero == zeros
    assert len(groups) == width  # distinct hyperplanes cross at distinct parameters
    for ws in groups.values():
        ratios = []
        for w in ws:  # every member of a group is a multiple of the first
            k = next(i for i, x in enumerate(ws[0]) if x != 0)
            r = w[k] / ws[0][k]
            assert [r * x for x in ws[0]] == w
            ratios.append(r)
        negative = sum(r < 0 for r in ratios)
        if antipodes == 0:
            assert negative == 0
        if duplicates == 0 and len(ws) > 1:
            assert 1 in (negative, len(ws) - negative)  # the original against its antipodes
    n_multiples = sum(len(ws) - 1 for ws in groups.values())
    assert n_multiples == duplicates + antipodes
    for ws in groups.values():
        if len(ws) == 1:
            assert all(_is_small(x) for x in ws[0])
    if affine:
        assert all(_is_small(x) for x in [*net.c, net.c0])
    else:
        assert list(net.c) == [0] * d and net.c0 == 0


def test_random_network_shuffles_its_neurons():
    """The zero neuron is drawn last but is not always placed last."""
    rng = random.Random(7)
    places = set()
    for _ in range(40):
        net = route.random_network(rng, 2, route.generic_line(rng, 2), width=2, duplicates=1, antipodes=1, zeros=1)
        places.add(next(i for i, w in enumerate(net.W) if all(x == 0 for x in w)))
    assert len(places) >= 3


def test_random_network_defaults_and_the_whole_crossing_grid():
    """Defaults: width 4, one duplicate, one antipode, one zero neuron, an affine part; with width 777 every grid
    parameter k/97, |k| <= 388, is used exactly once (the crossings are sampled from [-4, 4] without repetition)."""
    rng = random.Random(0)
    line = ([F(0), F(0)], [F(1), F(0)])
    nets = [route.random_network(rng, 2, line) for _ in range(20)]
    assert all(net.width == 7 for net in nets)
    assert all(sum(all(x == 0 for x in w) for w in net.W) == 1 for net in nets)
    assert any(net.c0 != 0 or any(x != 0 for x in net.c) for net in nets)
    assert any(sum(r < 0 for r in _ratios(net)) == 1 for net in nets)  # one antipode
    wide = route.random_network(rng, 1, ([F(0)], [F(1)]), width=777, duplicates=0, antipodes=0, zeros=0)
    assert sorted(97 * b / w[0] for w, b, _ in wide.neurons()) == list(range(-388, 389))


def _ratios(net):
    """Ratios w_j / w_k of parallel neuron pairs (the duplicate and the antipode against their originals)."""
    ws = [list(w) for w in net.W if any(x != 0 for x in w)]
    out = []
    for i, a in enumerate(ws):
        for b in ws[i + 1:]:
            if a[0] * b[1] == a[1] * b[0]:
                k = 0 if a[0] != 0 else 1
                out.append(b[k] / a[k])
    return out


def test_irrational_network_by_hand():
    """Each coordinate stretched by sqrt(2 + i), the crossing with the line kept, v times pi/3; a zero neuron keeps
    its b and gets v sqrt(2); the affine part is converted to mpf."""
    net = ReLUNetwork([[F(1), F(2)], [F(0), F(0)], [F(-2), F(-4)]], [F(3), F(1, 2), F(-6)],
                      [F(1), F(2), F(-1, 2)], [F(1, 3), F(-1)], F(5, 4))
    line = ([F(0), F(1)], [F(1), F(2)])  # neuron 1: (3 - 2) / 5 = 1/5, neuron 3: (-6 + 4) / (-10) = 1/5
    with mpmath.workdps(40):
        got = route.irrational_network(net, line)
        s2, s3, pi = mpmath.sqrt(2), mpmath.sqrt(3), mpmath.pi
        x = [mpmath.mpf(1) / 5, mpmath.mpf(7) / 5]  # p + e/5
        want_W = [[s2, 2 * s3], [0, 0], [-2 * s2, -4 * s3]]
        want_b = [s2 * x[0] + 2 * s3 * x[1], mpmath.mpf(1) / 2, -2 * s2 * x[0] - 4 * s3 * x[1]]
        want_v = [pi / 3, 2 * s2, -pi / 6]
        tol = mpmath.mpf(10) ** -35
        for row, want_row in zip(got.W, want_W, strict=True):
            assert all(abs(a - b) <= tol for a, b in zip(row, want_row, strict=True))
        assert all(abs(a - b) <= tol for a, b in zip(got.b, want_b, strict=True))
        assert all(abs(a - b) <= tol for a, b in zip(got.v, want_v, strict=True))
        assert all(isinstance(a, mpmath.mpf) for a in [*got.c, got.c0, *got.b, *got.v])
        assert list(got.c) == [mpmath.mpf(1) / 3, -1] and got.c0 == mpmath.mpf(5) / 4


# -- the R-norm route against closed forms and Fourier integrals -----------------------------------------------------
def test_sphere_area_and_grid():
    """|S^0| = 2, |S^1| = 2π, |S^2| = 4π, |S^3| = 2π²; the sign-change grid is 1/2, 1, ..., 5."""
    with mpmath.workdps(30):
        tol = mpmath.mpf(10) ** -28
        for k, want in ((1, 2), (2, 2 * mpmath.pi), (3, 4 * mpmath.pi), (4, 2 * mpmath.pi**2)):
            assert abs(rn.sphere_area(k) - want) <= tol * want
    assert rn.RNORM_GRID == tuple(F(k, 2) for k in range(1, 11))


def _g_hankel(d, r):
    r""":math:`(-\Delta)^{(d+1)/2}e^{-|x|^2/2}` at radius r: :math:`(2\pi)^{-d/2}|S^{d-1}|\int_0^\infty
    \rho^{2d}e^{-\rho^2/2}\,{}_0F_1(;d/2;-\rho^2r^2/4)\,d\rho` (inverse Fourier transform of a radial symbol)."""
    area = 2 * mpmath.pi ** (mpmath.mpf(d) / 2) / mpmath.gamma(mpmath.mpf(d) / 2)
    integral = mpmath.quad(lambda p: p ** (2 * d) * mpmath.exp(-p * p / 2) * mpmath.hyp0f1(mpmath.mpf(d) / 2,
                                                                                          -p * p * r * r / 4),
                           [0, 4, 8, mpmath.inf])
    return (2 * mpmath.pi) ** (-mpmath.mpf(d) / 2) * area * integral


def _radon_fourier(d, t):
    """Rg(t) by the Fourier slice theorem: (2π)^(d/2 - 1) 2 ∫_0^∞ ω^(d+1) e^(-ω²/2) cos(ωt) dω."""
    return (2 * mpmath.pi) ** (mpmath.mpf(d) / 2 - 1) * 2 * mpmath.quad(
        lambda w: w ** (d + 1) * mpmath.exp(-w * w / 2) * mpmath.cos(w * t), [0, 4, 8, mpmath.inf])


def _half_space_fourier(d, t):
    """H(t) = ∫_t^∞ Rg: -(2π)^(d/2 - 1) 2 ∫_0^∞ ω^d e^(-ω²/2) sin(ωt) dω (H(0) = 0, H' = -Rg)."""
    return -(2 * mpmath.pi) ** (mpmath.mpf(d) / 2 - 1) * 2 * mpmath.quad(
        lambda w: w**d * mpmath.exp(-w * w / 2) * mpmath.sin(w * t), [0, 4, 8, mpmath.inf])


@pytest.mark.parametrize("d", [2, 3, 4, 5])
def test_laplacian_power_of_the_gaussian_against_its_hankel_transform(d):
    """of_square against the Hankel transform (d = 3 also against (r⁴ - 10 r² + 15) e^(-r²/2)); radon and
    radon_float against the Fourier slice theorem."""
    with mpmath.workdps(20):
        g = rn.LaplacianPowerGaussian(d)
        for r in (mpmath.mpf(0), mpmath.mpf(13) / 10):
            want = _g_hankel(d, r)
            assert abs(g.of_square(r * r) - want) <= mpmath.mpf(10) ** -15 * abs(want)
            if d == 3:
                assert abs(want - (r**4 - 10 * r**2 + 15) * mpmath.exp(-r * r / 2)) <= mpmath.mpf(10) ** -15 * 15
        for t in (mpmath.mpf(1) / 2, mpmath.mpf(17) / 10):
            want = _radon_fourier(d, t)
            scale = _radon_fourier(d, 0)
            assert abs(g.radon(t) - want) <= mpmath.mpf(10) ** -14 * abs(scale)
            assert abs(g.radon_float(float(t)) - float(want)) <= 1e-9 * abs(float(scale))


@pytest.mark.parametrize(("d", "ts"), [(2, (0.6, 1.9)), (3, (0.6, 1.9)), (4, (1.9,))])
def test_half_space_masses_against_the_fourier_integral(d, ts):
    """half_space(t) = ∫_t^∞ Rg (d = 3 also 2π (t³ - 3t) e^(-t²/2), the primitive of 2π He_4 e^(-t²/2))."""
    with mpmath.workdps(15 if d == 4 else 20):
        g = rn.LaplacianPowerGaussian(d)
        scale = abs(_radon_fourier(d, 0))
        for t in map(mpmath.mpf, ts):
            want = _half_space_fourier(d, t)
            assert abs(g.half_space(t) - want) <= mpmath.mpf(10) ** -10 * scale
            if d == 3:
                assert abs(want - 2 * mpmath.pi * (t**3 - 3 * t) * mpmath.exp(-t * t / 2)) <= mpmath.mpf(10) ** -15


def _rnorm_independent(d):
    """|S^{d-1}| · 2 Σ |H(r_i) - H(r_{i+1})| over 0, the positive roots of the Fourier profile, ∞."""
    if d == 3:
        roots = [mpmath.sqrt(3 - mpmath.sqrt(6)), mpmath.sqrt(3 + mpmath.sqrt(6))]  # He_4(t) = t⁴ - 6t² + 3

        def H(t):
            return 2 * mpmath.pi * (t**3 - 3 * t) * mpmath.exp(-t * t / 2)
    else:
        with mpmath.workdps(15):  # an error δ in a root changes the sum by O(δ²)
            roots = [mpmath.findroot(lambda t: _radon_fourier(d, t), x) for x in (0.84, 2.77)]

        def H(t):
            return _half_space_fourier(d, t)
    masses = [0, *(H(r) for r in roots), 0]
    area = 2 * mpmath.pi ** (mpmath.mpf(d) / 2) / mpmath.gamma(mpmath.mpf(d) / 2)
    return area * 2 * sum(abs(b - a) for a, b in itertools.pairwise(masses))


@pytest.mark.parametrize("d", [2, 3])
def test_route_rnorm_and_the_closed_forms_against_independent_values(d):
    """route_rnorm (roots refined, masses summed, the sphere factor) and gaussian_closed_form (the derivation's
    closed forms, times c_d only in the caller) against the roots and masses of the Fourier profile."""
    with mpmath.workdps(25):
        want = _rnorm_independent(d)
        got = rn.route_rnorm(d, 20)
        assert abs(got - want) <= mpmath.mpf(10) ** -17 * want
        closed = rn.gaussian_closed_form(d, 20)
        c_d = 1 / (2 * (2 * mpmath.pi) ** (d - 1))
        assert abs(closed - c_d * want) <= mpmath.mpf(10) ** -17 * c_d * want



@pytest.mark.parametrize("grid", [(F(1, 2), F(1), F(3)), tuple(F(k, 2) for k in range(1, 7))])
def test_gaussian_closed_form_finds_every_root_the_grid_brackets(monkeypatch, grid):
    """The d = 2 closed form brackets the roots of the profile (near 0.84 and 2.77) on RNORM_GRID, one bracket per
    sign change of neighbouring grid values: on the coarse grid 1/2, 1, 3 (sign changes in both intervals) and on
    1/2, 1, ..., 3 (the second root in the last interval) it still equals c_d times the independent value.
    Kills gaussian_closed_form 65 (brackets (g_i, g_(i+2)): the last interval dropped), 66 (the sign test against
    the value two points on: no sign change seen on the coarse grid)."""
    monkeypatch.setattr(rn, "RNORM_GRID", grid)
    with mpmath.workdps(25):
        want = _rnorm_independent(2) / (2 * (2 * mpmath.pi))
        closed = rn.gaussian_closed_form(2, 20)
        assert abs(closed - want) <= mpmath.mpf(10) ** -17 * want

# -- the checks' reports -------------------------------------------------------------------------------------------
_EXACT = "exact: residual must be 0"
_TOL15 = "dps=15, may lose 0 digits: consistent if relative residual <= 1e-15, refuted if > 1e-7.5"
_TOL15_5 = "dps=15, may lose 5 digits: consistent if relative residual <= 1e-10, refuted if > 1e-5"
_TOL18 = "dps=18, may lose 10 digits: consistent if relative residual <= 1e-8, refuted if > 1e-4"
_RAISED = "precision raised from dps=15 to dps=18: this check may lose 10 digits and keeps at least 8"
REPORTS = {  # name: (claim id, route, dps, tolerance, instances of one example, message)
    "check_invariances": ("multivariate.invariances", "exact canonical forms under rational rigid motions", 15,
                          _TOL15, 1, ""),
    "check_ridge_function": ("multivariate.ridge_function", "values-only kink routes in 1-D and d-D, exact", 15,
                             _TOL15, 1, ""),
    "check_canonical_form": ("multivariate.canonical_form", "exact: values-only reconstruction and witnesses", 15,
                             _TOL15, 3, ""),
    "check_radon_sparsity": ("multivariate.radon_sparsity", "sinogram atoms vs values-only kink count", 15, _TOL15, 1,
                             ""),
    "check_wd_path_rtv2": ("multivariate.wd_path_rtv2", "exact weights, mp square roots; merged and balanced network",
                           15, _TOL15_5, 4, ""),
    "check_null_space_affine": ("multivariate.null_space_affine",
                                "exact canonical forms and values; seminorm under added affine parts", 15,
                                f"{_EXACT}; {_TOL15}", 5, ""),
    "check_rtv2_shallow_net": ("multivariate.rtv2_shallow_net", "exact amplitudes from values; weight-free kink route "
                               "(exact and mp weights) against the seminorm", 18, f"{_EXACT}; {_TOL18}", 3, _RAISED),
    "check_rtv2_neuron": ("multivariate.rtv2_neuron", "exact gradient jumps from values; mp weak Laplacian pairing "
                          "with Gaussians", 18, f"{_EXACT}; {_TOL18}", 2, _RAISED),
    "check_rtv2_definition": (
        "multivariate.rtv2_definition", "d = 1: rtv2 against radontv.tv2, exact; FBP with c_d on a Gaussian, "
        "Funk-Hecke + mpmath quadrature; R-norm of the Gaussian (Laplacian power in x-space, then hyperplane "
        "integrals) vs form 1 and closed forms", 15, f"{_EXACT}; {_TOL15_5}", 6,
        "R-norm of the Gaussian, d=2: 4.76856204399339; agrees with c_d ||d_t^2 Lambda^(d-1) R f|| to 15.0 digits, "
        "with the closed form to 15.0; R-norm of the Gaussian, d=3: 7.02006390000015; agrees with c_d ||d_t^2 "
        "Lambda^(d-1) R f|| to 15.0 digits, with the closed form to 15.0"),
}


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_check_reports_claim_route_precision_tolerance_and_notes(name):
    """One example at dps = 15: the claim id, the route(s), the working precision (18 for the route checks, which
    may lose ROUTE_LOST_DIGITS = 10 digits, with the note saying so), the tolerance law (lost digits 5 for the
    quadrature and square-root checks), the instance count and the R-norm notes (values and digits)."""
    claim, route_text, dps, tolerance, instances, message = REPORTS[name]
    result = getattr(checks, name)(dps=15, examples=1)
    assert result.verdict.passed
    assert (result.claim_id, result.route, result.dps, result.tolerance) == (claim, route_text, dps, tolerance)
    assert (result.instances, result.message) == (instances, message)


CHEAP = ["check_canonical_form", "check_invariances", "check_null_space_affine", "check_ridge_function",
         "check_rtv2_shallow_net", "check_wd_path_rtv2", "check_radon_sparsity", "check_rtv2_neuron"]


@pytest.mark.parametrize("name", CHEAP)
def test_default_precision_and_seed(name):
    """dps = 50 and seed = 0 when not given (mutmut's wrapper shows inspect the original signature: checked by
    calling), and the seed reaches the instances."""
    check = getattr(checks, name)
    default = check(examples=1).as_dict()
    assert default["dps"] == 50
    assert default == check(examples=1, dps=50, seed=0).as_dict()
    assert default != check(examples=1, dps=50, seed=1).as_dict()


@pytest.mark.parametrize(("name", "instances"), [
    ("check_canonical_form", 30), ("check_invariances", 20), ("check_null_space_affine", 100),
    ("check_ridge_function", 10), ("check_wd_path_rtv2", 80), ("check_rtv2_shallow_net", 20),
    ("check_radon_sparsity", 20), ("check_rtv2_neuron", 24),
])
def test_default_number_of_examples(name, instances):
    """examples = 20 (10 for canonical_form and ridge_function, 8 for rtv2_shallow_net plus 4 irrational ones, 12 for
    rtv2_neuron with an exact and an mp comparison each)."""
    assert getattr(checks, name)(dps=15).instances == instances


def test_null_space_reports_the_affine_shift_residual():
    """A seminorm that is 0 on affine networks but changes with c0 is refuted by the '+ affine' comparison only: the
    residual is |s(shifted) - s(net)| / (|s(net)| + 1), the worst over the examples, with its label."""
    calls = []

    def seminorm(net):
        value = F(net.c0) ** 2 if rtv2(net) != 0 else F(0)
        calls.append((net.dim, value))
        return value

    result = checks.check_null_space_affine(dps=30, examples=4, seminorm=seminorm)
    assert result.verdict is Verdict.REFUTED and result.claim_id == "multivariate.null_space_affine"
    worst, label = F(-1), None
    for k in range(0, len(calls), 3):  # affine network, shifted network, network
        (_, a), (d, s), (_, n) = calls[k:k + 3]
        assert a == 0
        r = abs(s - n) / (abs(n) + 1)
        if r > worst:
            worst, label = r, f"+ affine, d={d}"
    assert worst > 0 and result.worst_instance == label
    with mpmath.workdps(30):
        assert abs(result.residual - mpmath.mpf(worst.numerator) / worst.denominator) <= mpmath.mpf(10) ** -25


@pytest.mark.parametrize("part", ["exact", "irrational"])
def test_shallow_net_reports_the_residual_of_each_part(part):
    """A seminorm that returns 0 on one kind of network only (exact or mp weights) and the true R-TV² on the other:
    the worst residual is S / (2S + 1) (exact instances: scale = S + 1) or R / (R + 1) (irrational instances:
    scale = 1), over the networks the seminorm saw, with the instance's label."""
    seen = []

    def seminorm(net):
        exact = net.arithmetic == "exact"
        value = rtv2(net)
        seen.append((net, value))
        return 0 if exact == (part == "exact") else value

    result = checks.check_rtv2_shallow_net(dps=30, examples=4, seminorm=seminorm)
    assert result.verdict is Verdict.REFUTED and result.claim_id == "multivariate.rtv2_shallow_net"
    with mpmath.workdps(30):
        worst, label = mpmath.mpf(-1), None
        for net, value in seen:
            if (net.arithmetic == "exact") != (part == "exact"):
                continue
            v = to_mpf(value)
            r = v / (2 * v + 1) if part == "exact" else v / (v + 1)
            if r > worst * (1 + mpmath.mpf(10) ** -20):
                worst, label = r, (f"d={net.dim}: {net!r}" if part == "exact" else f"irrational weights, d={net.dim}")
        assert worst > 0 and result.worst_instance == label
        assert abs(result.residual - worst) <= mpmath.mpf(10) ** -15 * worst


@pytest.mark.parametrize(("method", "factor", "label"), [
    ("weight_decay", 0, "WD >= PN"), ("path_norm", 0, "PN >= R-TV2"),
    ("weight_decay", 2, "WD of merged balanced = R-TV2"), ("path_norm", 2, "PN of merged balanced = R-TV2"),
])
def test_wd_path_reports_each_comparison(monkeypatch, method, factor, label):
    """WD (or PN) of the drawn networks reported as 0 breaks 'WD >= PN' (residual PN / (PN + 1)) or 'PN >= R-TV2'
    (residual R / (R + 1)); WD (or PN) of the merged balanced network doubled breaks the equality with R-TV²
    (residual R / (R + 1)).  Each is refuted with its own label and residual (scale 1)."""
    from radontv.network import ReLUNetwork as Net

    original = getattr(Net, method)
    nets = []

    def broken(self):
        value = original(self)
        if self.arithmetic == "exact":
            nets.append(self)
            return value * factor if factor == 0 else value
        return value * factor if factor else value

    monkeypatch.setattr(Net, method, broken)
    result = checks.check_wd_path_rtv2(dps=30, examples=3)
    monkeypatch.undo()
    assert result.verdict is Verdict.REFUTED
    assert result.worst_instance.startswith(label + ", d=")
    with mpmath.workdps(30):
        if method == "weight_decay" and factor == 0:
            values = [to_mpf(n.path_norm()) for n in nets]
        else:
            values = [to_mpf(rtv2(n)) for n in nets]
        want = max(v / (v + 1) for v in values)
        assert abs(result.residual - want) <= mpmath.mpf(10) ** -20 * want


def _shifted_canonical(net):
    return canonical(net.with_affine(list(net.c), net.c0 + 1))


@pytest.mark.parametrize(("canonical_fn", "label"), [
    (lambda net: 0, "different function, d="),  # every network 'equal': the added neuron must be told apart
    (_shifted_canonical, "values-only form, d="),  # a consistent form that is not the function's
    ("naive", "symmetric variant, d="),  # exact (w, b) merging only: rescaled and antipodal variants differ
])
def test_canonical_form_refutes_each_wrong_form_with_its_label(canonical_fn, label):
    """A canonical_fn that calls every network equal is refuted by the different-function part (which must use
    canonical_fn, not only the witness); a shifted but self-consistent form by the values-only reconstruction; exact
    merging by the symmetric variants."""
    if canonical_fn == "naive":
        def canonical_fn(net):
            groups = {}
            for w, b, v in net.neurons():
                if v != 0 and any(x != 0 for x in w):
                    groups[(*w, b)] = groups.get((*w, b), F(0)) + v
            return tuple(sorted((k, q) for k, q in groups.items() if q != 0)), tuple(net.c), net.c0
    result = checks.check_canonical_form(dps=15, examples=2, canonical_fn=canonical_fn)
    assert result.verdict is Verdict.REFUTED
    assert result.worst_instance.startswith(label)


@pytest.mark.parametrize(("target", "label"), [
    ("route_rtv2", "values-only route finds kinks in an affine function, d="),
    ("canonical", "zero seminorm but not affine"),
    ("ex", "affine basis rank, d="),
])
def test_null_space_refutes_each_broken_piece_with_its_label(monkeypatch, target, label):
    """The route finding a kink in an affine network, a canonical form whose affine part misses the values, and a
    rank below d + 1 each refute the check, with the label of that comparison (the seminorm is the true one)."""
    if target == "route_rtv2":
        monkeypatch.setattr(checks, "route_rtv2", lambda *args, **kwargs: [F(1)])
    elif target == "canonical":
        def shifted(net):
            return _shifted_canonical(net)
        monkeypatch.setattr(checks, "canonical", shifted)
    else:
        class Rank:
            @staticmethod
            def rank(rows):
                return len(rows[0]) - 1
        monkeypatch.setattr(checks, "ex", Rank)
    result = checks.check_null_space_affine(dps=15, examples=2, seminorm=rtv2)
    assert result.verdict is Verdict.REFUTED and result.claim_id == "multivariate.null_space_affine"
    assert result.worst_instance.startswith(label)


def test_ridge_function_replaces_a_zero_direction_by_e1():
    """Seed 1030 draws w = 0 in its first example (d = 2): the check replaces it by e_1 (a zero direction would give
    a ridge without kinks against the profile's nonzero jumps) and passes; the label shows w = [1, 0]."""
    result = checks.check_ridge_function(dps=15, examples=1, seed=1030)
    assert result.verdict is Verdict.PROVED
    assert result.worst_instance.startswith("d=2, w=['1', '0'], profile ")
    # with ‖w‖ = 1 the expected squares ‖w‖^(2p) |jump|² are the same for every power p (kills mutant 139, ww * p)
    assert checks.check_ridge_function(dps=15, examples=1, seed=1030, power=2).verdict is Verdict.PROVED


# -- the instances of check_invariances ------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(8))
def test_cayley_rotation_is_the_cayley_transform_of_the_drawn_skew_matrix(seed):
    """d = 2: S = [[0, s], [-s, 0]] with s = p / q, p in [-3, 3], q in [1, 3] (one draw of the seed), so
    U = [[1 - s², -2s], [2s, 1 - s²]] / (1 + s²) by hand; d = 3, 4: U (I + S) = I - S with S filled row by row from
    the same draws.  Kills cayley_rotation 15 (first superdiagonal left 0), 22-28 (the draw's range or grid), 41, 48
    (I + S or I - S on both sides: U = I, still orthogonal)."""
    rng = random.Random(seed)
    s = F(rng.randint(-3, 3), rng.randint(1, 3))
    want = [[(1 - s * s) / (1 + s * s), -2 * s / (1 + s * s)], [2 * s / (1 + s * s), (1 - s * s) / (1 + s * s)]]
    assert checks.cayley_rotation(random.Random(seed), 2).tolist() == want
    for d in (3, 4):
        rng = random.Random(seed)
        S = [[F(0)] * d for _ in range(d)]
        for i in range(d):
            for j in range(i + 1, d):
                S[i][j] = F(rng.randint(-3, 3), rng.randint(1, 3))
                S[j][i] = -S[i][j]
        U = checks.cayley_rotation(random.Random(seed), d).tolist()
        for i, j in itertools.product(range(d), repeat=2):
            lhs = sum((U[i][k] * (int(k == j) + S[k][j]) for k in range(d)), F(0))
            assert lhs == int(i == j) - S[i][j]


# -- check_radon_sparsity on hand-made instances ---------------------------------------------------------------------
_SPARSITY_LINE = ([F(0), F(0)], [F(1), F(1, 3)])


def _sparsity_on(monkeypatch, net, fold):
    """check_radon_sparsity (one example) with ``net`` and the line p = 0, e = (1, 1/3) in place of the drawn ones."""
    monkeypatch.setattr(checks, "generic_line", lambda rng, d: _SPARSITY_LINE)
    monkeypatch.setattr(checks, "random_network", lambda rng, d, line, **kwargs: net)
    return checks.check_radon_sparsity(dps=15, examples=1, fold=fold)


@pytest.mark.parametrize("fold", [True, False])
def test_radon_sparsity_counts_atoms_and_masses_on_a_hand_network(monkeypatch, fold):
    """Three distinct hyperplanes with normals at theta = 0, pi/4 and pi - atan(1/2) (all in [0, pi), so even the
    unfolded negative control has one atom per hyperplane) and a neuron with v = 0: the line crosses them at s = 1/2,
    0 and -3/5, the squared jumps are 1, 2² · 2 = 8 and 1 · 5 = 5, and both variants pass.  Kills
    check_radon_sparsity 103 (theta = 0 not accepted) and, through the unfolded branch, 84-89 (which neurons are
    drawn: v = 0 kept, v = 1 dropped, w with a zero entry dropped, ...) and 90-98 (the masses v² ‖w‖²)."""
    net = ReLUNetwork([[F(1), F(0)], [F(1), F(1)], [F(-2), F(1)], [F(1), F(2)]], [F(1, 2), F(0), F(1), F(3)],
                      [F(1), F(2), F(1), F(0)])
    assert sorted(route.route_rtv2(route.network_values(net), 2, _SPARSITY_LINE, exact=True)) == [1, 5, 8]
    assert _sparsity_on(monkeypatch, net, fold).verdict is Verdict.PROVED


def test_radon_sparsity_unfolded_atom_at_theta_pi_is_refuted(monkeypatch):
    """A neuron with w = (-1, 0) sits at theta = pi, outside [0, pi): the unfolded control is refuted by the angle
    alone (counts and masses agree), the folded sinogram (theta 0, offset flipped) passes.  Kills
    check_radon_sparsity 71, 79, 80 (the angle divided, read from (w_2, w_2), or taken mod 2/pi), 105 (theta <= pi),
    110, 111 (the three conditions joined by 'or')."""
    net = ReLUNetwork([[F(-1), F(0)], [F(1), F(1)]], [F(1, 2), F(0)], [F(3), F(2)])
    assert _sparsity_on(monkeypatch, net, True).verdict is Verdict.PROVED
    assert _sparsity_on(monkeypatch, net, False).verdict is Verdict.REFUTED


def test_shallow_net_first_instance_is_a_cancelling_antipodal_pair():
    """The first exact instance is v σ(z) - v σ(-z) plus the drawn affine part: two antipodal neurons with w != 0
    and v != 0 whose function is affine (R-TV² 0, empty canonical form) while the path norm is 2|v| ‖w‖ > 0 -- the
    instance on which the path norm is refuted (seed 0 draws a zero neuron first: before the fix the pair was built
    from it, a constant with path norm 0).  Kills check_rtv2_shallow_net 99 (+v: v |z|, no longer cancelling), 97,
    98 (w or b not negated)."""
    seen = []

    def seminorm(net):
        seen.append(net)
        return rtv2(net)

    assert checks.check_rtv2_shallow_net(dps=15, examples=1, seminorm=seminorm).verdict.passed
    first = seen[0]
    assert first.width == 2 and list(first.W[1]) == [-x for x in first.W[0]] and first.b[1] == -first.b[0]
    assert first.v[1] == -first.v[0] != 0 and canonical(first).size == 0
    assert any(x != 0 for x in first.W[0]) and first.path_norm() > 0


def test_shallow_net_antipodal_pair_of_a_neuron_with_v_zero_gets_v_one(monkeypatch):
    """The pair is built from the first drawn neuron with w != 0; when that neuron has v = 0 (seed 2: the drawn
    network is captured), the pair takes v = 1, so it is still v σ(z) - v σ(-z) with path norm 2‖w‖ > 0.  Kills
    check_rtv2_shallow_net 87 (``v and 1``: v stays 0, the pair is the zero function), 88 (``Fraction(None)``:
    TypeError), 89 (v = 2) (rerun of 0743422; numbers after ebf4825)."""
    drawn, seen = [], []
    original = checks.random_network

    def draw(*args, **kwargs):
        drawn.append(original(*args, **kwargs))
        return drawn[-1]

    def seminorm(net):
        seen.append(net)
        return rtv2(net)

    monkeypatch.setattr(checks, "random_network", draw)
    assert checks.check_rtv2_shallow_net(dps=15, examples=1, seed=2, seminorm=seminorm).verdict.passed
    w, b, v = next((w, b, v) for w, b, v in drawn[0].neurons() if any(x != 0 for x in w))
    assert v == 0  # the case under test
    first = seen[0]
    assert [list(x) for x in first.W] == [list(w), [-x for x in w]] and list(first.b) == [b, -b]
    assert list(first.v) == [1, -1] and canonical(first).size == 0 and first.path_norm() > 0


def test_shallow_net_draws_its_exact_instances_in_d_2_to_5(monkeypatch):
    """The docstring's exact instances are random networks in d = 2..5 (the irrational ones in d = 2..4): the
    dimension of every drawn network is captured at the default seed and examples (8 exact draws, then 4 bases of
    irrational networks), none leaves its range and the exact draws reach both ends.  Kills check_rtv2_shallow_net
    52 (``rng.randint(2, 6)``: an exact instance in d = 6)."""
    dims = []
    original = checks.random_network

    def draw(rng, d, line, **kwargs):
        dims.append(d)
        return original(rng, d, line, **kwargs)

    monkeypatch.setattr(checks, "random_network", draw)
    assert checks.check_rtv2_shallow_net(dps=15).verdict.passed
    assert len(dims) == 8 + 4
    assert set(dims[:8]) <= {2, 3, 4, 5} and {2, 5} <= set(dims[:8])
    assert set(dims[8:]) <= {2, 3, 4}


# -- check_rtv2_neuron -----------------------------------------------------------------------------------------------
def _mp_part(monkeypatch):
    """Capture the mp Agreement handed to combine_exact_mp (its residual is not reported while the exact part
    proves the claim)."""
    parts = []
    original = checks.combine_exact_mp

    def spy(exact, mp):
        parts.append(mp)
        return original(exact, mp)

    monkeypatch.setattr(checks, "combine_exact_mp", spy)
    return parts


def test_rtv2_neuron_mp_pairing_is_accurate_to_the_working_precision(monkeypatch):
    """The quadrature runs at dps + 10 digits, so the mp comparisons agree to the working precision (residual below
    10^(1 - dps)).  Kills check_rtv2_neuron 130 (quadrature at dps - 10: residual 5.6e-28 at dps = 30)."""
    parts = _mp_part(monkeypatch)
    result = checks.check_rtv2_neuron(dps=30, examples=4)
    assert result.verdict is Verdict.PROVED and len(parts) == 1
    mp = parts[0].result()
    assert mp.verdict is Verdict.CONSISTENT and mp.instances == 4
    assert mp.residual <= mpmath.mpf(10) ** -29


def test_rtv2_neuron_reports_the_residual_of_the_mp_pairing(monkeypatch):
    """A hyperplane integral twice too large (psi(t) = A e with A = (2 pi sig²)^((d-1)/2), e = exp(-(t - u.mu)² /
    (2 sig²)), written here from the closed form) refutes the mp part only: lhs = v ‖w‖ A e, rhs = 2 v ‖w‖ A e, scale
    |v| ‖w‖ A, so the residual is e / (2e + 1), the worst over the examples, reported with the pairing's label and
    the claim id.  Kills check_rtv2_neuron 27, 35, 36 (the mp part's claim id), 224, 228 (its label), 229, 235, 236
    (its scale)."""
    seen = []

    class DoubledGaussian:
        def __init__(self, mu, sig):
            self.mu, self.sig = mu, sig

        def radon(self, u, t):
            d, s2 = len(u), self.sig**2
            e = mpmath.exp(-(t - mpmath.fsum(a * c for a, c in zip(u, self.mu, strict=True))) ** 2 / (2 * s2))
            seen.append((d, e))
            return 2 * (2 * mpmath.pi * s2) ** (mpmath.mpf(d - 1) / 2) * e

    monkeypatch.setattr(checks, "Gaussian", DoubledGaussian)
    result = checks.check_rtv2_neuron(dps=30, examples=4)
    assert result.verdict is Verdict.REFUTED and result.claim_id == "multivariate.rtv2_neuron"
    assert result.worst_instance.startswith("Gaussian pairing d=")
    with mpmath.workdps(30):
        want = max(e / (2 * e + 1) for _, e in seen)
        assert len(seen) == 4 and abs(result.residual - want) <= mpmath.mpf(10) ** -20 * want


@pytest.mark.parametrize(("half_mass", "verdict"), [(0.5, Verdict.PROVED), (0.25, Verdict.REFUTED)])
def test_rtv2_neuron_reads_a_float_half_mass_exactly(half_mass, verdict):
    """A float half mass is converted exactly (0.5 is 1/2: proved; 0.25 refuted) instead of reaching the exact
    comparison as a float (which raised InvalidInput before the fix of check_rtv2_neuron's half_mass line)."""
    assert checks.check_rtv2_neuron(dps=15, examples=1, half_mass=half_mass).verdict is verdict


# -- check_rtv2_definition with stand-ins for the costly pieces --------------------------------------------------------
class _ZeroProfileGaussian:
    """Stands in for radontv.radon.Gaussian in the FBP part: records its centre, width and directions, and returns
    a zero filtered profile (so FBP gives 0 against exp(-|x|²/2))."""

    made: ClassVar[list] = []

    def __init__(self, centre, width=None):
        self.made.append((list(centre), width, []))

    def ramp_radon(self, u, t, order):
        self.made[-1][2].append(list(u))
        return mpmath.mpf(0)


def _rnorm_stand_ins(monkeypatch, rnorm=1, form1=1, closed=1, calls=None):
    """route_rnorm, gaussian_rtv2 and gaussian_closed_form replaced by constants (functions of d), calls recorded."""
    calls = [] if calls is None else calls

    class Estimate:
        def __init__(self, value):
            self.value = value

    def route_rnorm(d, dps):
        calls.append(("rnorm", d, dps))
        return mpmath.mpf(rnorm(d) if callable(rnorm) else rnorm)

    def gaussian_rtv2(d, dps=None):
        calls.append(("form1", d, dps))
        return Estimate(mpmath.mpf(form1(d) if callable(form1) else form1))

    def gaussian_closed_form(d, dps):
        calls.append(("closed", d, dps))
        return mpmath.mpf(closed(d) if callable(closed) else closed)

    monkeypatch.setattr(checks, "route_rnorm", route_rnorm)
    monkeypatch.setattr(checks, "gaussian_rtv2", gaussian_rtv2)
    monkeypatch.setattr(checks, "gaussian_closed_form", gaussian_closed_form)
    return calls


def test_rtv2_definition_draws_unit_gaussians_in_d_1_3_5(monkeypatch):
    """Examples cycle through d = 1, 3, 5 with the centred unit Gaussian and u = e_1; the R-norm part runs for
    d = 2, 3 at the working precision (form 1 at dps + 10).  Kills check_rtv2_definition 71, 72, 74 (the dimensions),
    80, 82 (the width), 88, 90 (u), 222 (R-norm dimensions), 238, 240 (form 1's precision)."""
    _ZeroProfileGaussian.made = []
    monkeypatch.setattr(checks, "Gaussian", _ZeroProfileGaussian)
    calls = _rnorm_stand_ins(monkeypatch)
    checks.check_rtv2_definition(dps=15, examples=4, gamma_d=lambda d: 1)
    made = _ZeroProfileGaussian.made
    assert [(len(c), c == [0] * len(c), w) for c, w, _ in made] == [(1, True, 1), (3, True, 1), (5, True, 1),
                                                                    (1, True, 1)]
    for c, _, us in made:
        assert us and all(u == [1] + [0] * (len(c) - 1) for u in us)
    assert calls == [("rnorm", 2, 15), ("form1", 2, 25), ("closed", 2, 15),
                     ("rnorm", 3, 15), ("form1", 3, 25), ("closed", 3, 15)]


def test_rtv2_definition_reports_the_fbp_residual_and_its_point(monkeypatch):
    """Seed 5 draws x = 1/3 for the first (d = 1) example; a zero filtered profile gives FBP 0 against
    t = exp(-1/18): residual t / (t + 1) (scale 1), reported with the label 'FBP, d=1, x=['0.33333']' and the claim
    id of the mp part.  Kills check_rtv2_definition 39 (seed), 51, 59, 60 (claim id), 168, 172-179 (label, scale)."""
    monkeypatch.setattr(checks, "Gaussian", _ZeroProfileGaussian)
    _rnorm_stand_ins(monkeypatch)
    result = checks.check_rtv2_definition(dps=15, examples=1, seed=5, gamma_d=lambda d: 1)
    assert result.verdict is Verdict.REFUTED and result.claim_id == "multivariate.rtv2_definition"
    assert result.worst_instance == "FBP, d=1, x=['0.33333']"
    with mpmath.workdps(15):
        t = mpmath.exp(-mpmath.mpf(1) / 18)
        assert abs(result.residual - t / (t + 1)) <= mpmath.mpf(10) ** -13


def test_rtv2_definition_defaults(monkeypatch):
    """examples = 20 (20 FBP points, 20 univariate networks, 4 R-norm comparisons), dps = 50, seed = 0.  Kills
    check_rtv2_definition 1, 2, 3."""
    monkeypatch.setattr(checks, "Gaussian", _ZeroProfileGaussian)
    _rnorm_stand_ins(monkeypatch)
    default = checks.check_rtv2_definition(gamma_d=lambda d: 1).as_dict()
    assert default["instances"] == 44 and default["dps"] == 50
    one = checks.check_rtv2_definition(examples=1, gamma_d=lambda d: 1).as_dict()
    assert one == checks.check_rtv2_definition(examples=1, dps=50, seed=0, gamma_d=lambda d: 1).as_dict()
    assert one != checks.check_rtv2_definition(examples=1, dps=50, seed=1, gamma_d=lambda d: 1).as_dict()


@pytest.mark.parametrize(("form1", "closed", "label"), [
    (lambda d: 1 + d, 1, "Gaussian, d=3: gamma_d ||R(-Delta)^((d+1)/2) f|| (x-space first) vs c_d ||d_t^2 "
                         "Lambda^(d-1) R f|| (radontv.radon.gaussian_rtv2)"),
    (1, lambda d: 1 + d, "Gaussian, d=3: R-norm route vs the derivation's closed form"),
])
def test_rtv2_definition_labels_each_rnorm_comparison(monkeypatch, form1, closed, label):
    """R-norm 1 against form 1 (or the closed form) 1 + d: the worst residual 3/4 is at d = 3, with the label of that
    comparison.  Kills check_rtv2_definition 250, 253-256, 260, 263-265."""
    _rnorm_stand_ins(monkeypatch, form1=form1, closed=closed)
    result = checks.check_rtv2_definition(dps=15, examples=0, gamma_d=lambda d: 1)
    assert result.verdict is Verdict.REFUTED and result.worst_instance == label
    with mpmath.workdps(15):
        assert abs(result.residual - mpmath.mpf(3) / 4) <= mpmath.mpf(10) ** -14


def test_rtv2_definition_wants_the_exact_value_in_d_1(monkeypatch):
    """A seminorm equal to TV² at the working precision but not exact (an mpf) is refuted by the d = 1 part, with
    that instance's label.  Kills check_rtv2_definition 213 (numeric equality alone accepted), 210, 212 (label)."""
    _rnorm_stand_ins(monkeypatch)
    result = checks.check_rtv2_definition(dps=15, examples=1, gamma_d=lambda d: 1,
                                          seminorm=lambda net: to_mpf(rtv2(net)))
    assert result.verdict is Verdict.REFUTED and result.worst_instance.startswith("d = 1: ReLUNetwork(")


def test_random_network_draws_its_affine_part():
    """affine=True (the default) draws c and c0 from small_rational: over ten seeds some network has c0 != 0 and
    some has c != 0; affine=False gives c = 0, c0 = 0.  Kills random_network 119, 120, 125 (c or c0 dropped)."""
    nets = [route.random_network(random.Random(seed), 2, LINE) for seed in range(10)]
    assert any(net.c0 != 0 for net in nets) and any(any(x != 0 for x in net.c) for net in nets)
    flat = route.random_network(random.Random(0), 2, LINE, affine=False)
    assert flat.c0 == 0 and all(x == 0 for x in flat.c)


# -- checks/multivariate_fit.py: the fit checks with a stand-in for the cone program -------------------------------
# rtv2_fit and fit_network replaced by recording stand-ins (their own tests are tests/test_multivariate_fit.py): the
# checks' bookkeeping (instances, bounds, labels, scales, the negative controls' decisions) is pinned by hand.


def _fit_module():
    pytest.importorskip("cvxpy")
    from radontv.checks import multivariate_fit as fitmod

    return fitmod


def _relu_net(d, rows):
    """sum_k v_k relu(w_k . x - b_k) as a float network; rows = [(w, b, v), ...]."""
    return ReLUNetwork([list(map(float, w)) for w, _, _ in rows], [float(b) for _, b, _ in rows],
                       [float(v) for _, _, v in rows], [0.0] * d, 0.0)


def _relu_values(X, rows):
    """The same network at the rows of X, by hand."""
    X = np.asarray(X, dtype=float)
    return sum(v * np.maximum(X @ np.asarray(w, dtype=float) - b, 0.0) for w, b, v in rows)


def _fake_fits(monkeypatch, make):
    """radontv.fit.rtv2_fit replaced by ``make(X, y, lam, call)`` (a namespace); returns the list of calls."""
    import radontv.fit

    calls = []

    def rtv2_fit(X, y, lam=None, **kwargs):
        calls.append((np.array(X, dtype=float), np.array(y, dtype=float), lam))
        return make(calls[-1][0], calls[-1][1], lam, len(calls) - 1)

    monkeypatch.setattr(radontv.fit, "rtv2_fit", rtv2_fit)
    return calls


def _records(monkeypatch, fitmod):
    from _recording_agreement import recording_agreement

    return recording_agreement(monkeypatch, fitmod)


def _close(a, b):
    """Equal up to the rounding of a few float operations (the checks add a rounding term of 1e-12 (1 + |J|) that
    must be seen)."""
    return abs(a - b) <= 1e-14 * (1 + abs(b))


@pytest.mark.parametrize("name", ["check_representer", "check_solution_set", "check_training_equivalence"])
def test_fit_checks_without_the_solver_say_so(monkeypatch, name):
    """Without cvxpy (import blocked) each fit check returns an ERROR result with its own claim id and the message
    naming the extra.  Kills check_representer 5-8, check_solution_set 7-10, check_training_equivalence 6-9
    (the missing-solver result dropped or its claim id changed)."""
    fitmod = _fit_module()
    monkeypatch.setitem(sys.modules, "cvxpy", None)
    result = getattr(fitmod, name)(dps=15, examples=1)
    claim = {"check_representer": "multivariate.representer", "check_solution_set": "multivariate.solution_set",
             "check_training_equivalence": "multivariate.training_equivalence"}[name]
    assert result.verdict is Verdict.ERROR and result.claim_id == claim
    assert result.message == "needs the optional extra `solvers` (cvxpy, clarabel)"


def test_zigzag_data_by_hand():
    """zigzag_data(d): x_k = k e_1 (k = 0..6, targets 0, 1, 0, ...), then 0.5 e_1 + e_{i+1} (target 0) for
    i = 0..d-2; float arrays.  Kills zigzag_data 1 (m = 8), 5 (the line along e_2), 18, 21, 22 (the extra points)."""
    fitmod = _fit_module()
    X, y = fitmod.zigzag_data(2)
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert X.tolist() == [[float(k), 0.0] for k in range(7)] + [[0.5, 1.0]]
    assert y.tolist() == [0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0]
    X, y = fitmod.zigzag_data(3, m=4)
    assert X.tolist() == [[float(k), 0.0, 0.0] for k in range(4)] + [[0.5, 1.0, 0.0], [0.5, 0.0, 1.0]]
    assert y.tolist() == [0.0, 1.0, 0.0, 1.0, 0.0, 0.0]


def test_hyperplane_sides_at_the_tolerance():
    """hyperplane_sides: (unit normal, offset, amplitude, splits) per hyperplane, splits iff max s > tol and
    min s < -tol (s = u.x - t); a point at distance exactly tol counts as on the hyperplane.  The hyperplane
    x_1 = 1 (w = (2, 0), b = 2, v = 3: amplitude 6) with points at s = 1/2, -1 (tol 1/2: not split), s = 1, -1/2 (not
    split), s = 1, 0 (not split), s = 1, -1 (split).  Kills hyperplane_sides 26 (u returned), 34, 36, 37."""
    fitmod = _fit_module()
    net = _relu_net(2, [((2, 0), 2, 3)])
    for s, splits in (((0.5, -1.0), False), ((1.0, -0.5), False), ((1.0, 0.0), False), ((1.0, -1.0), True)):
        X = np.array([[1.0 + t, 7.0] for t in s])
        [(u, t, a, got)] = fitmod.hyperplane_sides(net, X, tol=0.5)
        assert isinstance(u, np.ndarray) and u.dtype == np.float64 and u.tolist() == [1.0, 0.0]
        assert t == 1.0 and a == 6.0 and got is splits, s


def _solution_set_fits(second):
    """rtv2_fit stand-in for check_solution_set: the first call of an example (the data) returns value 3, gap 0.04,
    network relu(x_1) and dense network ``second[0]``; the second (the moved data) value 3.5, gap -0.01 and network
    ``second[1]``."""

    def make(X, y, lam, call):
        if call % 2 == 0:
            return SimpleNamespace(value=3.0, gap=0.04, dual_bound=2.96, network=_relu_net(2, [((1, 0), 0, 1)]),
                                   dense_network=_relu_net(2, second[0]))
        return SimpleNamespace(value=3.5, gap=-0.01, dual_bound=3.51, network=_relu_net(2, second[1]),
                               dense_network=None)

    return make


DENSE = [((2, 0), 0, 1)]  # 2 relu(x_1): R-TV² 2
MOVED = [((1, 0), 0, 1), ((0, 1), 0.25, 0.5)]  # relu(x_1) + relu(x_2 - 1/4)/2: R-TV² 3/2


def test_solution_set_records_both_bounds_by_hand(monkeypatch):
    """check_solution_set with a stand-in fit (relu(x_1), value 3, gap 0.04) against its dense network 2 relu(x_1)
    and the moved fit (value 3.5, gap -0.01 read as 0): every comparison recorded, with the bounds of the docstring
    by hand: ||f(X) - g(X)|| <= 2 (sqrt(eps_f) + sqrt(eps_g)) + 1e-12 (1 + 3) and
    lam |R(f) - R(g)| <= |L(f) - L(g)| + eps_f + eps_g + 1e-12 (1 + 3), labels and scales; the moved data are a
    rigid motion of the data.  Kills check_solution_set 14, 15, 18-21 (claim, route), 80, 84-87 (value label and
    scale), 94, 99 (the gaps read), 136-215 (values and cost bounds, their labels and scales; 159: the rounding term
    1e-12 (2 + |J|), seen by the 1e-14 comparison), _fit_agreement 1, 8."""
    fitmod = _fit_module()
    records = _records(monkeypatch, fitmod)
    calls = _fake_fits(monkeypatch, _solution_set_fits((DENSE, MOVED)))
    result = fitmod.check_solution_set(dps=15, examples=1, seed=4)
    [(X, y, lam), (Xm, ym, lam_m)] = calls
    n = len(X)
    assert 7 <= n <= 10 and X.shape == (n, 2) and lam in (0.02, 0.1) and lam_m == lam and np.array_equal(ym, y)
    dist = np.linalg.norm(X[:, None] - X[None], axis=2)
    dist_m = np.linalg.norm(Xm[:, None] - Xm[None], axis=2)
    assert np.allclose(dist_m, dist, rtol=1e-12, atol=0) and not np.allclose(Xm, X)
    rounding = 1e-12 * 4
    fa = _relu_values(X, [((1, 0), 0, 1)])
    la = 0.5 * float(np.sum((fa - y) ** 2))
    want = [("compare", f"optimal value under a rigid motion, N={n}", 3.5, 3.0, 4.0)]
    for rows, points, eps, r in ((DENSE, X, 0.04, 2.0), (MOVED, Xm, 0.0, 1.5)):
        fb = _relu_values(points, rows)
        lb = 0.5 * float(np.sum((fb - y) ** 2))
        want.append(("at_least", f"fitted values, N={n}, lam={lam}", 2 * (0.2 + np.sqrt(eps)) + rounding,
                     float(np.linalg.norm(fa - fb)), 1))
        want.append(("at_least", f"R-TV2 cost, N={n}, lam={lam}", abs(la - lb) + 0.04 + eps + rounding,
                     lam * abs(1 - r), 1))
    assert len(records) == len(want)
    for got, exp in zip(records, want, strict=True):
        assert got[0] == exp[0] and got[1] == exp[1] and got[4] == exp[4], (got, exp)
        assert _close(float(got[2]), exp[2]) and _close(float(got[3]), exp[3]), (got, exp)
    assert result.claim_id == "multivariate.solution_set"
    assert result.route == "two solutions per instance, within their certificates"
    assert result.dps == 16 and result.instances == 5


def test_solution_set_weights_control_decides_equal_and_unequal_amplitudes(monkeypatch):
    """compare="weights": the dense network equal to the fit (amplitudes [1], [1]) counts as the same minimizer (0);
    the moved network with amplitude 1 + 1e-6 as another one (1: FIT_RTOL_WEIGHTS is 1e-8, numpy's default 1e-5
    would call them equal), so the control is refuted with residual 1 at the second comparison.  Kills
    check_solution_set 119-128 (the comparison of the sorted amplitudes), 131, 135 (its label)."""
    fitmod = _fit_module()
    records = _records(monkeypatch, fitmod)
    _fake_fits(monkeypatch, _solution_set_fits(([((1, 0), 0, 1)], [((1, 0), 0, 1 + 1e-6)])))
    result = fitmod.check_solution_set(dps=15, examples=1, seed=4, compare="weights")
    n = len(records) and int(records[0][1].rsplit("=", 1)[1])
    assert [r[:4] for r in records[1:]] == [("compare", f"minimizers compared, N={n}", 0.0, 0.0),
                                           ("compare", f"minimizers compared, N={n}", 1.0, 0.0)]
    assert [r[4] for r in records[1:]] == [1, 1]
    assert result.verdict is Verdict.REFUTED and result.worst_instance == f"minimizers compared, N={n}"
    assert result.residual == 1


@pytest.mark.parametrize("name", ["check_representer", "check_solution_set", "check_training_equivalence"])
def test_fit_checks_default_seed_and_examples(monkeypatch, name):
    """Defaults: seed 0 (the data of a default call are those of seed=0 and differ from seed=1's), examples 4 for
    check_representer (+ 2 zigzag fits), 3 for check_solution_set (2 fits each), 2 for check_training_equivalence,
    compare="values" (no minimizer comparison).  Kills check_representer 2, 3, check_solution_set 2, 3, 12,
    check_training_equivalence 2, 3, 11 (seeded(None))."""
    fitmod = _fit_module()
    records = _records(monkeypatch, fitmod)

    def make(X, y, lam, call):
        return SimpleNamespace(value=1.0, gap=0.0, dual_bound=1.0, network=_relu_net(X.shape[1], [((1,) + (0,) * (
            X.shape[1] - 1), 0, 1)]), dense_network=_relu_net(X.shape[1], [((1,) + (0,) * (X.shape[1] - 1), 0, 1)]))

    import radontv.train

    monkeypatch.setattr(radontv.train, "fit_network",
                        lambda X, y, width, lam, seed=0: SimpleNamespace(network=_relu_net(2, [((0, 0), 0, 0)])))
    calls = _fake_fits(monkeypatch, make)
    getattr(fitmod, name)()
    default = [c[0] for c in calls]
    assert len(default) == {"check_representer": 6, "check_solution_set": 6, "check_training_equivalence": 2}[name]
    assert not any(r[1].startswith("minimizers") for r in records)
    calls.clear()
    getattr(fitmod, name)(seed=0)
    assert len(calls) == len(default) and all(np.array_equal(a, b[0]) for a, b in zip(default, calls, strict=True))
    calls.clear()
    getattr(fitmod, name)(seed=1)
    assert not np.array_equal(default[0], calls[0][0])


def test_training_equivalence_records_every_comparison_by_hand(monkeypatch):
    """check_training_equivalence with a stand-in fit (relu(x_1), value J_opt, dual bound J_opt - 1/1000) and
    stand-in training (seed s gives the constant s): width N - 3 asked of the training, seeds 0 and 1; the converted
    optimum (balanced: v = 1, w = e_1, padded with zero neurons) has J = 1/2 |relu(x_1) - y|^2 + lam c (1 + 1); the
    trained constants 1/2 |s - y|^2; the three random networks (their normal draws recorded) J by hand; labels,
    scales and the note of the gaps J - J*.  Kills check_training_equivalence 13, 14, 17-21 (claim, route), 60 (d),
    80-82 (width), 101-203 (labels, scales, seeds, the random networks' count, c and c0, the note)."""
    fitmod = _fit_module()
    import radontv.train

    records = _records(monkeypatch, fitmod)
    draws = []
    real_normal = fitmod.normal_array

    def normal_array(rng, shape):
        draws.append(np.array(real_normal(rng, shape), dtype=float))
        return draws[-1]

    monkeypatch.setattr(fitmod, "normal_array", normal_array)
    trained = []

    def fit_network(X, y, width, lam, seed=None):
        trained.append((width, seed))
        return SimpleNamespace(network=ReLUNetwork([[0.0, 0.0]], [0.0], [0.0], [0.0, 0.0], float(seed)))

    monkeypatch.setattr(radontv.train, "fit_network", fit_network)
    opt = {}

    def make(X, y, lam, call):
        opt["J"] = 0.5 * float(np.sum((np.maximum(X[:, 0], 0) - y) ** 2)) + lam * 0.5 * 2
        return SimpleNamespace(value=opt["J"], gap=0.0, dual_bound=opt["J"] - 1e-3,
                               network=_relu_net(2, [((1, 0), 0, 1)]))

    calls = _fake_fits(monkeypatch, make)
    result = fitmod.check_training_equivalence(dps=15, examples=1, seed=2)
    [(X, y, lam)] = calls
    n, J, bound = len(X), opt["J"], opt["J"] - 1e-3
    width = n - 3
    assert 6 <= n <= 8 and X.shape == (n, 2) and lam in (0.05, 0.2)
    assert trained == [(width, 0), (width, 1)]
    want = [("compare", f"converted optimum, N={n}, lam={lam}", J, J, 1 + J)]
    gaps = []
    for s in (0, 1):
        Js = 0.5 * float(np.sum((s - y) ** 2))
        gaps.append(Js - J)
        want.append(("at_least", f"trained, seed {s}, N={n}", Js, bound, 1 + J))
    assert len(draws) == 12
    for k in range(3):
        W, b, v, c = draws[4 * k:4 * k + 4]
        assert W.shape == (width, 2) and b.shape == v.shape == (width,) and c.shape == (2,)
        e = np.maximum(X @ W.T - b, 0) @ v + X @ c - y
        want.append(("at_least", "random network", 0.5 * float(e @ e) + lam * 0.5 * float(v @ v + np.sum(W * W)),
                     bound, 1))
    assert len(records) == len(want)
    for got, exp in zip(records, want, strict=True):
        assert got[0] == exp[0] and got[1] == exp[1] and _close(float(got[4]), exp[4]), (got, exp)
        assert _close(float(got[2]), exp[2]) and _close(float(got[3]), exp[3]), (got, exp)
    assert result.claim_id == "multivariate.training_equivalence" and result.dps == 16
    assert result.route == "converted optimum and trained networks vs J*" and result.instances == 6
    assert f"trained-network gaps J - J*: min {min(gaps):.3g}, max {max(gaps):.3g}" in result.message


def test_random_data_draws_in_the_unit_cube():
    """random_data: points uniform in [-1, 1]^d and targets uniform in [-1, 1], for a random.Random and a numpy
    Generator (shapes (n, d) and (n,); both ends of the range reached within 1/100).  Kills random_data 8, 9, 17, 18
    (15, 16, 19-26 too, which the older tests kill)."""
    fitmod = _fit_module()
    for rng in (random.Random(5), np.random.default_rng(5)):
        X, y = fitmod.random_data(rng, 2000, 2)
        assert X.shape == (2000, 2) and y.shape == (2000,) and X.dtype == y.dtype == np.float64
        for a in (X, y):
            assert -1 <= a.min() < -0.99 and 0.99 < a.max() <= 1


def _representer_fits(gap=0.01):
    """rtv2_fit stand-in for check_representer.  Random data: relu(x_1 - mean x_1) (splits the data), 1/2 relu(x_1 -
    (R + 1)) (one-sided, large), 1/25 relu(x_1 - (R + 2)) (one-sided: lam/25 <= eps < 1/25), eps relu(x_1 - (R + 3))
    (one-sided, exactly eps: kept for interpolation), (eps + 1e-12) relu(x_1 - (R + 4)) (just above), and
    1/2 relu(x_1 - (min x_1 + 1e-9)) (within RADIUS_RTOL R of the data: one-sided); value V = the objective of that
    network, dual bound V - gap.  Zigzag data: the interpolant along the line, kinks at x_1 = 1..5 (5 neurons)."""

    def make(X, y, lam, call):
        d = X.shape[1]
        e1 = (1,) + (0,) * (d - 1)
        R = float(np.max(np.linalg.norm(X, axis=1)))
        if call >= 4:  # zigzag
            rows = [(e1, k, 2.0 * (-1) ** k) for k in range(1, 6)]
            net = _relu_net(d, rows).with_affine([1.0] + [0.0] * (d - 1), 0.0)
            return SimpleNamespace(value=10.0, gap=gap, dual_bound=10.0 - gap, network=net)
        rows0 = [(e1, float(np.mean(X[:, 0])), 1.0), (e1, R + 1, 0.5), (e1, R + 2, 0.04),
                 (e1, float(np.min(X[:, 0])) + 1e-9, 0.5)]
        r0 = 1.0 + 0.5 + 0.04 + 0.5
        f0 = _relu_values(X, rows0)
        value = r0 if lam is None else 0.5 * float(np.sum((f0 - y) ** 2)) + lam * r0
        for _ in range(2):  # eps depends on the value, the value on eps: two rounds settle it to rounding
            eps = gap + 1e-12 * (1 + value)
            rows = [*rows0, (e1, R + 3, eps), (e1, R + 4, eps + 1e-12)]
            r = r0 + eps + eps + 1e-12
            value = r if lam is None else 0.5 * float(np.sum((f0 - y) ** 2)) + lam * r
        eps = gap + 1e-12 * (1 + value)
        rows = [*rows0, (e1, R + 3, eps), (e1, R + 4, eps + 1e-12)]
        return SimpleNamespace(value=value, gap=gap, dual_bound=value - gap, network=_relu_net(d, rows),
                               rows=rows, eps=eps)

    return make


def test_representer_records_every_decision_by_hand(monkeypatch):
    """check_representer with the stand-in fit of _representer_fits (seed 4: data radius > 1 in every instance):
    instances d = 2, 3, 2, 3, interpolation for even i and lam in {0.05, 0.2} for odd i; the certificate compared
    with scale 1 + |value|; every hyperplane decided by 'splits or weight |A| <= eps' (eps = gap + 1e-12 (1 +
    value), weight 1 or lam; the knife-edge amplitudes eps and eps + 1e-12 and the point 1e-9 from a hyperplane
    decide it), with its label; the neuron counts against N - (d+1); zigzag d = 2, 3 with 5 kinks each, not
    certified.  Kills check_representer 15, 21-34 (seed, routes, claim), 51-58 (certificate), 61-69 (eps), 75, 77
    (radius), 81, 82 (weight), 90 (tolerance), 92-105 (condition, label), 108-145, 158 (instances), 162-196 (counts,
    zigzag), _fit_objective 7."""
    fitmod = _fit_module()
    records = _records(monkeypatch, fitmod)
    made = _representer_fits()
    fits = []

    def make(X, y, lam, call):
        fits.append(made(X, y, lam, call))
        return fits[-1]

    calls = _fake_fits(monkeypatch, make)
    result = fitmod.check_representer(dps=15, seed=4)
    assert len(calls) == 6
    want = []
    for i, ((X, _, lam), fit) in enumerate(zip(calls[:4], fits, strict=False)):
        n, d = X.shape
        assert d == 2 + i % 2 and d + 3 <= n <= 10 - d
        assert (lam is None) if i % 2 == 0 else lam in (0.05, 0.2)
        tag = f"N={n}, d={d}, lam={lam}"
        R = float(np.max(np.linalg.norm(X, axis=1)))
        assert R > 1
        want.append(("compare", f"certificate, {tag}", fit.value, fit.value - 0.01, 1 + abs(fit.value)))
        weight = 1.0 if lam is None else lam
        sides = []
        for _, t, a in fit.rows:
            s = X[:, 0] - t
            splits = bool(s.max() > 1e-9 * R and s.min() < -1e-9 * R)
            assert splits == (t == fit.rows[0][1])
            label = (f"data strictly on both sides of u={[1.0] + [0.0] * (d - 1)}, t={t:.6g} (radius {R:.6g}) unless "
                     f"|A| = {a:.6g} <= eps/lam = {fit.eps / weight:.3g}, {tag}")
            sides.append(("holds", label, splits or weight * a <= fit.eps, None, None))
        assert [s[2] for s in sides] == [True, False, lam is not None, False, True, lam is not None]
        want += sorted(sides, key=lambda r: r[1])
        want.append(("holds", f"{tag}: 6 neurons", 6 <= n - (d + 1), None, None))
    for d, (X, _, lam) in zip((2, 3), calls[4:], strict=True):
        assert lam is None and len(X) == 6 + d
        labels = [f"data strictly on both sides of u={[1.0] + [0.0] * (d - 1)}, t={k} (radius {np.sqrt(36.0):.6g}) "
                  f"unless |A| = 2 <= eps/lam = {0.01 + 1e-12 * 11:.3g}, zigzag, d={d}" for k in range(1, 6)]
        want += [("holds", label, True, None, None) for label in labels]
        want.append(("holds", f"zigzag, d={d}: 5 neurons needed, bound 5", True, None, None))
    out, i = [], 0
    while i < len(records):  # the hyperplanes of one network in label order (the canonical form has its own order)
        j = i
        while j < len(records) and records[j][1].startswith("data strictly"):
            j += 1
        out += sorted(records[i:j], key=lambda r: r[1]) if j > i else [records[i]]
        i = max(j, i + 1)
    assert len(out) == len(want)
    for g, w in zip(out, want, strict=True):
        assert g[:2] == w[:2] and g[4] == w[4], (g, w)
        assert g[2] is w[2] if g[0] == "holds" else _close(g[2], w[2]) and _close(g[3], w[3]), (g, w)
    assert result.claim_id == "multivariate.representer" and result.verdict is Verdict.REFUTED
    assert result.route == "neuron counts; data strictly on both sides of every hyperplane; objective of the " \
                           "network against the certified dual bound"


def test_representer_reports_a_one_sided_diagonal_hyperplane(monkeypatch):
    """A certified fit (value = dual bound) whose network has a one-sided hyperplane with normal (1, 1)/sqrt 2: only
    the exact part refutes, so the result carries its claim id and the label with the normal rounded to 6 decimals
    (0.707107).  Kills check_representer 17, 22, 23 (the exact part's claim id), 102, 103 (the rounding of u)."""
    fitmod = _fit_module()
    zigzag = _representer_fits()
    rows = [((1, 1), 0.0, 1.0), ((1, 1), 10.0, 2.0)]  # splits the data; one-sided (t = 10/sqrt 2 > the radius)

    def make(X, y, lam, call):
        if call >= 1:
            return zigzag(X, y, lam, call + 3)
        value = float(3 * np.sqrt(2.0))
        return SimpleNamespace(value=value, gap=0.0, dual_bound=value, network=_relu_net(2, rows))

    monkeypatch.setattr(fitmod, "_fit_objective", lambda net, X, y, lam: float(3 * np.sqrt(2.0)))
    calls = _fake_fits(monkeypatch, make)
    result = fitmod.check_representer(dps=15, examples=1, seed=4)
    X = calls[0][0]
    R = float(np.max(np.linalg.norm(X, axis=1)))
    assert result.verdict is Verdict.REFUTED and result.claim_id == "multivariate.representer"
    assert result.worst_instance == (
        f"data strictly on both sides of u=[0.707107, 0.707107], t={10 / np.sqrt(2.0):.6g} (radius {R:.6g}) unless "
        f"|A| = {2 * np.sqrt(2.0):.6g} <= eps/lam = {1e-12 * (1 + 3 * np.sqrt(2.0)):.3g}, N={len(X)}, d=2, lam=None")


@pytest.mark.parametrize("kind", [np.float64, float])
def test_representer_accepts_numpy_gaps_and_values(monkeypatch, kind):
    """A fit whose gap and value are numpy floats (as a solver may return them) is decided like one with Python
    floats: every hyperplane's 'splits or lam |A| <= eps' is a bool that holds() accepts.  Negative control in the
    other parameter: Python floats.  Before the fix, a one-sided hyperplane with a numpy gap made holds() raise
    InvalidInput ('needs a bool decided exactly') instead of deciding."""
    fitmod = _fit_module()
    made = _representer_fits(gap=kind(0.01))

    def make(X, y, lam, call):
        fit = made(X, y, lam, call)
        fit.value = kind(fit.value)
        return fit

    _fake_fits(monkeypatch, make)
    result = fitmod.check_representer(dps=15, seed=4)
    # the stand-in's one-sided hyperplanes above eps refute it, in both kinds (test_representer_records_every_...)
    assert result.verdict is Verdict.REFUTED and result.claim_id == "multivariate.representer"
