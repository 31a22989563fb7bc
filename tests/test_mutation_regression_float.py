"""Mutation-killing tests of the double-precision evaluator radontv/regression_float.py (tests/mutation-equivalents.md,
"radontv/regression_float.py") and of the helpers added with it: ``radontv.data.sorting_order``,
``radontv.regression_certificate.spline_at_sites`` and ``_potential_extended``.

Independent routes only: every expected value is computed in exact rational arithmetic from the definitions — the
hat basis :math:`H` of the nodes, the optimality system :math:`(H^\\top M H)v = H^\\top M\\bar y - \\lambda
D_S^\\top\\sigma` solved by Gauss–Jordan elimination over ``Fraction``, :math:`D_S^\\top\\sigma` as the gradient of
:math:`\\sum_k \\sigma_k a_k(v)` (the slope jumps, evaluated on unit vectors), the per-interval sums of the cache,
the potential :math:`\\varphi(x_j) = \\sum_{i<j} R_i (x_j - x_i)` as a double sum — or is a hand-computed number.
Data are dyadic (small multiples of powers of two), so the float inputs are exactly the rationals compared with.
Each test names the mutants it kills (numbers of mutmut 3.8.1 on the snapshot named in tests/mutation-equivalents.md).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import radontv.regression_float as rf
from radontv import InvalidInput
from radontv.data import prepare_1d, sorting_order
from radontv.linear_spline import LinearSpline
from radontv.regression_certificate import _potential_extended, spline_at_sites
from radontv.regression_float import FloatEvaluator, IntervalSums, penalty, potential_plain
from radontv.testing import scaled_examples

REL = 1e-11  # agreement of a float64 result with its exact value, relative to the magnitudes compared


# -- exact references -------------------------------------------------------------------------------------------------
def _q(a) -> list[Fraction]:
    return [Fraction(float(t)) for t in np.asarray(a, dtype=np.float64)]


def _amplitudes(X: list[Fraction], v: list[Fraction]) -> list[Fraction]:
    """Slope jumps of the interpolant of ``v`` at the interior nodes ``X[1:-1]``."""
    s = [(v[k + 1] - v[k]) / (X[k + 1] - X[k]) for k in range(len(X) - 1)]
    return [s[k + 1] - s[k] for k in range(len(s) - 1)]


def _penalty_exact(X: list[Fraction], signs: list[Fraction]) -> list[Fraction]:
    """:math:`D^\\top\\sigma` as the gradient of the linear map v ↦ Σ σ_k a_k(v) (on the unit vectors)."""
    K = len(X)
    out = []
    for j in range(K):
        e = [Fraction(int(i == j)) for i in range(K)]
        out.append(sum((s * a for s, a in zip(signs, _amplitudes(X, e), strict=True)), Fraction(0)))
    return out


def _hat(x: list[Fraction], X: list[Fraction]) -> list[list[Fraction]]:
    """The hat-basis matrix H (sites × nodes): the interpolant of node values v at x_j is (Hv)_j."""
    H = []
    for xj in x:
        row = [Fraction(0)] * len(X)
        k = max(i for i in range(len(X) - 1) if X[i] <= xj)
        t = (xj - X[k]) / (X[k + 1] - X[k])
        row[k], row[k + 1] = 1 - t, t
        H.append(row)
    return H


def _solve_exact(A: list[list[Fraction]], b: list[Fraction]) -> list[Fraction]:
    n = len(b)
    M = [[*A[i], b[i]] for i in range(n)]
    for c in range(n):
        p = next(r for r in range(c, n) if M[r][c] != 0)
        M[c], M[p] = M[p], M[c]
        for r in range(n):
            if r != c and M[r][c] != 0:
                f = M[r][c] / M[c][c]
                M[r] = [a - f * b_ for a, b_ in zip(M[r], M[c], strict=True)]
    return [M[i][n] / M[i][i] for i in range(n)]


def _exact_pattern(x, y, m, nodes, signs, lam):
    """Node values v, residual weights R = M(y − Hv) and potential φ of the pattern, all exact."""
    xq, yq, mq = _q(x), _q(y), _q(m)
    X = [xq[i] for i in nodes]
    H = _hat(xq, X)
    K, N = len(X), len(xq)
    A = [[sum((mq[j] * H[j][a] * H[j][b] for j in range(N)), Fraction(0)) for b in range(K)] for a in range(K)]
    pen = _penalty_exact(X, _q(signs))
    rhs = [sum((mq[j] * H[j][a] * yq[j] for j in range(N)), Fraction(0)) - Fraction(lam) * pen[a] for a in range(K)]
    v = _solve_exact(A, rhs)
    u = [sum((H[j][k] * v[k] for k in range(K)), Fraction(0)) for j in range(N)]
    R = [mq[j] * (yq[j] - u[j]) for j in range(N)]
    phi = [sum((R[i] * (xq[j] - xq[i]) for i in range(j)), Fraction(0)) for j in range(N)]
    return v, R, phi


def _close(got, want, rel=REL) -> bool:
    got = [float(g) for g in np.asarray(got, dtype=np.float64)]
    want = [float(w) for w in want]
    scale = max([abs(w) for w in want] + [1e-300])
    return len(got) == len(want) and all(abs(g - w) <= rel * scale for g, w in zip(got, want, strict=True))


def _data(seed: int, n: int, weights: str):
    """Dyadic sites (strictly increasing), values and weights: exactly representable, so exact references apply."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.choice(np.arange(-400, 400), n, replace=False)).astype(np.float64) / 16
    y = rng.integers(-64, 64, n).astype(np.float64) / 8
    if weights == "unit":
        m = np.ones(n)
    elif weights == "two":  # all equal but not 1: the unit shortcut must not be taken
        m = np.full(n, 2.0)
    else:
        m = rng.integers(1, 5, n).astype(np.float64)
    return x, y, m


# -- penalty ----------------------------------------------------------------------------------------------------------
def test_penalty_is_the_gradient_of_the_signed_slope_jumps():
    """penalty(X, σ) = D^T σ on 2, 3 and 5 nodes with uneven spacing, against the gradient of Σ σ_k a_k(v);
    dtype follows X (float32 stays float32).  Kills the mutants of ``penalty`` (slices, signs, ``K > 2``)."""
    assert penalty(np.array([0.0, 3.0]), np.array([])).tolist() == [0.0, 0.0]
    for X, s in (([0.0, 0.5, 2.0], [1.0]), ([-1.0, 0.25, 0.5, 2.0, 6.0], [1.0, -1.0, 1.0])):
        got = penalty(np.array(X), np.array(s))
        assert _close(got, _penalty_exact(_q(X), _q(s)), rel=1e-15)
    X32 = np.array([0.0, 1.0, 5.0], dtype=np.float32)
    got = penalty(X32, np.array([-1.0], dtype=np.float32))
    assert got.dtype == np.float32 and got.tolist() == [-1.0, 1.25, -0.25]


# -- potential_plain ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [0, 1, 2, 3, 9])
def test_potential_plain_is_the_double_sum(n):
    """potential_plain(diff(x), R) = Σ_{i<j} R_i (x_j − x_i), exact for dyadic data, at 0, 1, 2, 3 and 9 sites
    (φ_0 = 0; a single site gives [0]).  Kills the mutants of ``potential_plain``."""
    rng = np.random.default_rng(n)
    x = np.sort(rng.choice(np.arange(-50, 50), n, replace=False)).astype(np.float64) / 4
    R = rng.integers(-20, 20, n).astype(np.float64) / 8
    got = potential_plain(np.diff(x), R)
    xq, Rq = _q(x), _q(R)
    want = [sum((Rq[i] * (xq[j] - xq[i]) for i in range(j)), Fraction(0)) for j in range(n)]
    assert got.shape == (n,) and [Fraction(float(g)) for g in got] == want
    assert potential_plain(np.diff(x).astype(np.float32), R.astype(np.float32)).dtype == np.float32


# -- IntervalSums ------------------------------------------------------------------------------------------------------
def _sums_exact(x, y, m, a, b):
    xq, yq, mq = _q(x), _q(y), _q(m)
    stop = b + 1 if b == len(xq) - 1 else b
    out = [Fraction(0)] * 5
    for j in range(a, stop):
        t = (xq[j] - xq[a]) / (xq[b] - xq[a])
        s = 1 - t
        for i, w in enumerate((s * s, s * t, t * t, s * yq[j], t * yq[j])):
            out[i] += mq[j] * w
    return out


@pytest.mark.parametrize("weights", ["unit", "two", "mixed"])
@pytest.mark.parametrize("long", [1, 5, 10**9])
def test_interval_sums_cache_the_exact_sums(monkeypatch, weights, long):
    """The five cached sums of every interval (the last one holding the last site) equal their exact values: all
    intervals summed one by one on slices (_LONG_INTERVAL = 1), mixed (5), all in the vectorised pass (10⁹); unit
    weights, all weights 2 (the unit shortcut must not apply) and mixed weights.  Kills the mutants of
    ``IntervalSums.__init__`` (the ``unit`` test), ``_sum_one`` and ``_fill``."""
    monkeypatch.setattr(rf, "_LONG_INTERVAL", long)
    x, y, m = _data(7, 30, weights)
    nodes = np.array([0, 1, 4, 11, 12, 20, 29])
    sums = IntervalSums(x, y, m)
    assert sums.unit == (weights == "unit")
    sums.solve(nodes, 0.0, np.zeros(nodes.size - 2))
    assert set(sums.cache) == {(int(a), int(b)) for a, b in itertools.pairwise(nodes.tolist())}
    for (a, b), got in sums.cache.items():
        want = _sums_exact(x, y, m, a, b)
        assert all(type(g) is float for g in got)
        assert _close(got, want), (a, b)


@pytest.mark.parametrize("weights", ["unit", "two", "mixed"])
@pytest.mark.parametrize("long", [1, 10**9])
def test_interval_sums_solve_the_optimality_system(monkeypatch, weights, long):
    """solve() returns the exact solution of (HᵀMH)v = HᵀMy − λDᵀσ (exact Gauss–Jordan over Fractions) for knot
    patterns with both signs, λ > 0, including a second solve that reuses cached intervals and adds new ones.
    Kills the mutants of ``IntervalSums.solve`` (band assembly, right-hand side, sign of the penalty, cache use)."""
    monkeypatch.setattr(rf, "_LONG_INTERVAL", long)
    x, y, m = _data(11, 24, weights)
    sums = IntervalSums(x, y, m)
    lam = 0.75
    for nodes, signs in (([0, 5, 9, 16, 23], [1.0, -1.0, 1.0]), ([0, 5, 12, 16, 23], [-1.0, -1.0, 1.0]),
                         ([0, 23], [])):
        nodes, signs = np.array(nodes), np.array(signs)
        v = sums.solve(nodes, lam, signs)
        want, _, _ = _exact_pattern(x, y, m, nodes, signs, lam)
        assert _close(v, want), nodes


@pytest.mark.parametrize("loop", [False, True])
def test_interval_sums_values_interpolate_the_nodes(monkeypatch, loop):
    """values() is the linear interpolant of (X, v) at every site (numpy.interp as the independent route), returned
    fresh or written into ``out`` (the same object returned), by repeats (small data) and interval by interval
    (_LOOP_MIN_SITES = 0).  Kills the mutants of ``IntervalSums.values``."""
    monkeypatch.setattr(rf, "_LOOP_MIN_SITES", 0 if loop else 10**12)
    x, y, m = _data(3, 20, "unit")
    nodes = np.array([0, 3, 4, 10, 19])
    v = np.array([1.0, -2.0, 0.5, 3.0, -1.0])
    want = np.interp(x, x[nodes], v)
    sums = IntervalSums(x, y, m)
    got = sums.values(nodes, v)
    assert got.shape == x.shape and np.allclose(got, want, rtol=1e-14, atol=1e-14 * np.abs(v).max())
    out = np.full(x.shape, np.nan)
    back = sums.values(nodes, v, out=out)
    assert back is out and np.allclose(out, want, rtol=1e-14, atol=1e-14 * np.abs(v).max())


# -- FloatEvaluator ----------------------------------------------------------------------------------------------------
def test_evaluator_scale_is_the_rounding_allowance():
    """The allowance per unit of x − x_1: (2·T(M) + 8)·ε·FLOAT_TIGHTEN·(Σm|y| + max|v|·Σm), T(M) = M below the
    block length (256), ε = 2⁻⁵²; the offsets are x − x_1.  Kills the mutants of ``FloatEvaluator.__init__``
    (factor, mass, abs_my, offset) and ``_scale``."""
    x = np.array([1.0, 2.0, 4.0, 5.0, 8.0])
    y = np.array([1.0, -2.0, 0.5, 0.0, 3.0])
    m = np.array([1.0, 2.0, 1.0, 3.0, 1.0])
    ev = FloatEvaluator(x, y, m)
    v = np.array([-4.0, 1.0, 2.0])
    factor = Fraction(2 * 5 + 8) * Fraction(2) ** -52 * Fraction(1, 100)
    want = factor * (Fraction(1 + 4 + 0.5 + 0 + 3) + 4 * 8)
    assert abs(Fraction(ev._scale(v)) - want) <= Fraction(1, 10**12) * want
    assert ev.M == 5 and not ev.unit and ev.mass == 8.0 and ev.abs_my == 1 + 4 + 0.5 + 0 + 3
    one = FloatEvaluator(x, y, np.ones(5))  # unit weights: Σ m = M and Σ m|y| = Σ|y| without the products
    assert one.unit and one.mass == 5.0 and one.abs_my == 1 + 2 + 0.5 + 0 + 3


def _patterns(n):
    return [([], []), ([n // 3], [1.0]), ([n // 4, n // 2, (3 * n) // 4], [1.0, -1.0, 1.0])]


@settings(max_examples=scaled_examples(0.1), deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(8, 22), weights=st.sampled_from(["unit", "two", "mixed"]),
       loop=st.booleans(), which=st.integers(0, 2), tighten=st.sampled_from([0.01, 1e12]))
def test_evaluator_finds_exactly_the_violating_free_sites(seed, n, weights, loop, which, tighten):
    """evaluate() against the exact pattern: node values v, amplitudes (slope jumps of v), the potential at every
    site (potential()), and the violations — the free interior sites with |φ| − λ − allowance·(x − x_1) > 0, sorted,
    their excess and potential.  λ is set halfway between two distinct |φ| values of free sites (no knife edge);
    ``tighten`` = 10¹² makes the rounding allowance of the same order as φ, so that its sign and its use per site
    are visible.  Kills the mutants of ``FloatEvaluator.potential`` and ``evaluate``."""
    saved = rf._LOOP_MIN_SITES, rf.FLOAT_TIGHTEN  # (not monkeypatch: hypothesis reruns the body)
    rf._LOOP_MIN_SITES, rf.FLOAT_TIGHTEN = (0 if loop else 10**12), tighten
    try:
        x, y, m = _data(seed, n, weights)
        knots, signs = _patterns(n)[which]
        sign_at = np.zeros(n)
        sign_at[knots] = signs
        nodes = np.concatenate(([0], np.asarray(knots, dtype=np.intp), [n - 1])).astype(np.intp)
        lam0 = 0.5
        _, _, phi0 = _exact_pattern(x, y, m, nodes, np.array(signs), lam0)
        free = [j for j in range(1, n - 1) if sign_at[j] == 0]
        levels = sorted({abs(phi0[j]) for j in free})
        # λ enters the solve: take λ from this pattern's potential and recompute everything exactly at that λ
        lam = float(levels[len(levels) // 2] / 2 + levels[-1] / 2) if len(levels) > 1 else lam0
        v, _, phi = _exact_pattern(x, y, m, nodes, np.array(signs), lam)
        ev = FloatEvaluator(x, y, m)
        got_v, got_phi = ev.potential(nodes, sign_at, lam)
        assert _close(got_v, v) and _close(got_phi, phi, rel=1e-10)
        got = ev.evaluate(nodes, sign_at, lam)
        assert _close(got.v, v)
        assert _close(got.amp, _amplitudes([Fraction(float(x[i])) for i in nodes], v), rel=1e-9)
        scale = Fraction(ev._scale(np.array([float(t) for t in v])))
        xq = _q(x)
        excess = {j: abs(phi[j]) - Fraction(lam) - scale * (xq[j] - xq[0]) for j in free}
        margin = Fraction(1e-9) * max(abs(p) for p in phi) + Fraction(1e-9)
        if any(abs(e) <= margin for e in excess.values()):
            return  # a knife edge of the float decision: not decided by this test
        want = [j for j in free if excess[j] > 0]
        assert got.over.tolist() == want
        assert _close(got.excess, [excess[j] for j in want], rel=1e-9)
        assert _close(got.phi, [phi[j] for j in want], rel=1e-9)
    finally:
        rf._LOOP_MIN_SITES, rf.FLOAT_TIGHTEN = saved


def test_evaluator_violations_on_a_hand_made_example():
    """Sites 0…4 at x = 0…4, y = (0, 4, 0, 0, 0), no knot: the least-squares line is u = 1.6 − 0.4x, R = y − u =
    (−1.6, 2.8, −0.8, −0.4, 0), φ = (0, −1.6, −0.4, 0, 0); with λ = 0.3 the violations are sites 1 and 2 (excess
    1.3 and 0.1), not the ends; with a knot at site 1 (σ = −1) site 1 is not free.  Kills ``near`` mutants of
    ``evaluate`` (the free-site and interior filters, the absolute value)."""
    x = np.arange(5.0)
    y = np.array([0.0, 4.0, 0.0, 0.0, 0.0])
    ev = FloatEvaluator(x, y, np.ones(5))
    got = ev.evaluate(np.array([0, 4]), np.zeros(5), 0.3)
    assert np.allclose(got.phi, [-1.6, -0.4], rtol=1e-12) and got.over.tolist() == [1, 2]
    assert np.allclose(got.excess, [1.3, 0.1], rtol=1e-9) and got.amp.size == 0
    sign_at = np.zeros(5)
    sign_at[1] = -1.0
    got = ev.evaluate(np.array([0, 1, 4]), sign_at, 0.3)
    assert 1 not in got.over.tolist()


# -- sorting_order and prepare_1d's sorted path ------------------------------------------------------------------------
def test_sorting_order_hand_made():
    """Negative numbers, ±0, subnormals, huge values and near-ties (1 + k·2⁻⁵², below the key's resolution) come out
    sorted with a permutation; an empty and a one-point array work; float32 and 2-d input take numpy.argsort.
    Kills the mutants of ``sorting_order``'s key construction that lose the order or the permutation."""
    x = np.array([3.0, -1.0, 0.0, -0.0, 5e-324, -5e-324, 1e300, -1e300, 1.0 + 2.0**-51, 1.0, 1.0 + 2.0**-52, -2.5])
    order, xs = sorting_order(x)
    assert sorted(order.tolist()) == list(range(x.size)) and np.array_equal(xs, x[order])
    assert np.array_equal(xs, np.sort(x))
    for z in (np.array([]), np.array([2.0])):
        order, xs = sorting_order(z)
        assert order.tolist() == list(range(z.size)) and xs.tolist() == z.tolist()
    order, xs = sorting_order(np.array([2.0, -1.0], dtype=np.float32))
    assert order.tolist() == [1, 0] and xs.dtype == np.float32


def test_sorting_order_at_the_index_limit():
    """At 2²⁰ + 3 points the index no longer fits the key's low bits (numpy.argsort), at 2²⁰ − 1 it does: both sort.
    Kills the mutants of the size limit of ``sorting_order``."""
    for n in ((1 << 20) + 3, (1 << 20) - 1):
        x = np.arange(n, 0, -1, dtype=np.float64) * -1.5
        order, xs = sorting_order(x)
        assert order[0] == 0 and order[-1] == n - 1 and np.all(xs[1:] >= xs[:-1])


def test_prepare_1d_sorted_and_unsorted_floats_agree():
    """prepare_1d takes the no-sort path only for sorted floats: sorted input, input that is sorted except for its
    last pair, and the same points shuffled give the same sites, means and weights (by hand).  Kills the mutants
    of the sorted fast path of ``prepare_1d``."""
    want_x, want_y, want_w = [0.0, 1.0, 2.0, 3.0], [1.0, 0.5, 2.0, 5.0], [1, 2, 1, 1]
    for x, y in (([0.0, 1.0, 1.0, 2.0, 3.0], [1.0, 0.0, 1.0, 2.0, 5.0]),
                 ([0.0, 1.0, 1.0, 3.0, 2.0], [1.0, 0.0, 1.0, 5.0, 2.0]),
                 ([3.0, 1.0, 0.0, 2.0, 1.0], [5.0, 1.0, 1.0, 2.0, 0.0])):
        data = prepare_1d(np.array(x), np.array(y), interpolation=False)
        assert data.x.tolist() == want_x and data.y.tolist() == want_y and data.weights.tolist() == want_w


# -- the certificate's helpers -----------------------------------------------------------------------------------------
def test_spline_at_sites_hand_made():
    """f(x) = 1 + 2x + 3·relu(x − 1) − 5·relu(x − 2) at sorted sites left of, on and between the knots and beyond
    the last: values by hand.  Kills the mutants of ``spline_at_sites`` (slopes, knot values, counts, origins)."""
    spline = LinearSpline(np.array([1.0, 2.0]), np.array([3.0, -5.0]), slope=2.0, intercept=1.0)
    x = np.array([-1.0, 0.0, 1.0, 1.5, 2.0, 2.5, 4.0])
    f = [1 + 2 * t + 3 * max(t - 1, 0) - 5 * max(t - 2, 0) for t in x.tolist()]
    assert spline_at_sites(spline, x).tolist() == f
    one = LinearSpline(np.array([0.5]), np.array([-1.0]), slope=1.0, intercept=0.0)
    assert spline_at_sites(one, np.array([0.0, 0.5, 1.0])).tolist() == [0.0, 0.5, 0.5]


@pytest.mark.skipif(np.finfo(np.longdouble).eps > 2.0**-60, reason="longdouble is not extended precision here")
def test_potential_extended_keeps_extended_precision():
    """_potential_extended sums in longdouble: x = 0, 1, 2, 3, R = (1, 2⁻⁶⁰, −1, 0) gives φ = (0, 1, 2 + 2⁻⁶⁰,
    2 + 2⁻⁵⁹) exactly (double running sums would lose the 2⁻⁶⁰); one site gives [0].  Kills the mutants of
    ``_potential_extended``."""
    ld = np.longdouble
    phi = _potential_extended(np.arange(4).astype(ld), np.array([1.0, 2.0**-60, -1.0, 0.0]))
    assert phi.dtype == ld
    want = [ld(0), ld(1), ld(2) + ld(2.0**-60), ld(2) + ld(2.0**-59)]
    assert all(p == w for p, w in zip(list(phi), want, strict=True))
    assert list(_potential_extended(np.array([3.0], dtype=ld), np.array([1.0]))) == [0]


def test_sorting_order_two_points_closer_than_the_key_resolution():
    """Two points 1 + 2⁻⁵² and 1 agree in the key above its index bits (so the key sort keeps them in input order):
    the final check must re-sort even n = 2.  Kills ``sorting_order`` 42 (``n > 2``)."""
    order, xs = sorting_order(np.array([1.0 + 2.0**-52, 1.0]))
    assert order.tolist() == [1, 0] and xs.tolist() == [1.0, 1.0 + 2.0**-52]


def test_prepare_1d_keeps_tied_points_in_input_order():
    """Unsorted float data with the site 5.5 three times (points 17, 22, 27 with y = 1, 2, 3), interpolation: the
    stable sort keeps tied points in input order, so the refusal names the first conflicting pair in input order
    (y = 1 and y = 2); an unstable sort (numpy's default introsort puts point 17 last here) would name y = 2 and 3.
    Kills ``prepare_1d`` 75, 77, 79 (``kind`` of the argsort)."""
    x = np.array([22.0, 32.0, 23.0, 7.0, 34.0, 12.0, 33.0, 6.0, 3.0, 37.0, 24.0, 28.0, 27.0, 10.0, 26.0, 14.0, 16.0,
                  5.5, 38.0, 25.0, 20.0, 39.0, 5.5, 18.0, 11.0, 13.0, 0.0, 5.5, 17.0, 19.0, 9.0, 5.0, 21.0, 29.0, 31.0,
                  30.0, 35.0, 36.0, 8.0, 1.0])
    y = np.zeros(x.size)
    y[[17, 22, 27]] = [1.0, 2.0, 3.0]
    with pytest.raises(InvalidInput, match=r"different values y = 1\.0 and y = 2\.0"):
        prepare_1d(x, y, interpolation=True)


def test_spline_at_sites_without_knots_and_with_uneven_knots():
    """No knot: the affine function 0.5 − 2x; knots 1 and 4 (spacing 3): f = 1 + x + 2·relu(x − 1) − relu(x − 4) at
    sites on and around them, by hand.  Kills ``spline_at_sites`` 8 (no-knot branch), 46 (× → ÷ the spacing)."""
    flat = LinearSpline(np.array([]), np.array([]), slope=-2.0, intercept=0.5)
    assert spline_at_sites(flat, np.array([-1.0, 0.0, 2.0])).tolist() == [2.5, 0.5, -3.5]
    two = LinearSpline(np.array([1.0, 4.0]), np.array([2.0, -1.0]), slope=1.0, intercept=1.0)
    x = np.array([0.0, 1.0, 2.5, 4.0, 6.0])
    assert spline_at_sites(two, x).tolist() == [1 + t + 2 * max(t - 1, 0) - max(t - 4, 0) for t in x.tolist()]


@pytest.mark.skipif(np.finfo(np.longdouble).eps > 2.0**-60, reason="longdouble is not extended precision here")
def test_spline_at_sites_knot_values_in_extended_precision():
    """The knot values and slopes are accumulated in longdouble before the one rounding to double; three splines
    whose value at a knot is a cancellation that double precision loses (values exact, by hand):
    (a) knots 2⁻⁶⁰ and 1, amplitudes 2²⁰, −2²⁰, slope 0, intercept −2²⁰: f(1) = −2²⁰ + 2²⁰(1 − 2⁻⁶⁰) = −2⁻⁴⁰
    (the knot spacing 1 − 2⁻⁶⁰ is not a double);
    (b) knots −1, 0, 1, amplitudes 1, 2⁻⁶⁰, 5, slope 0, intercept −2: f(1) = −2 + 2 + 2⁻⁶⁰ = 2⁻⁶⁰ (the slope
    1 + 2⁻⁶⁰ after the second knot is not a double);
    (c) knots 1, 2, amplitudes −1, 0.5, slope 2⁻⁶⁰, intercept 1: f(2) = 1 + 2⁻⁵⁹ − 1 = 2⁻⁵⁹ (the value 1 + 2⁻⁶⁰ at
    the first knot is not a double).  Kills ``spline_at_sites`` 15, 24, 26, 29, 31 (a dtype dropped)."""
    a = LinearSpline(np.array([2.0**-60, 1.0]), np.array([2.0**20, -(2.0**20)]), slope=0.0, intercept=-(2.0**20))
    assert spline_at_sites(a, np.array([1.0])).tolist() == [-(2.0**-40)]
    b = LinearSpline(np.array([-1.0, 0.0, 1.0]), np.array([1.0, 2.0**-60, 5.0]), slope=0.0, intercept=-2.0)
    assert spline_at_sites(b, np.array([1.0])).tolist() == [2.0**-60]
    c = LinearSpline(np.array([1.0, 2.0]), np.array([-1.0, 0.5]), slope=2.0**-60, intercept=1.0)
    assert spline_at_sites(c, np.array([2.0])).tolist() == [2.0**-59]


def test_potential_extended_two_sites_and_uneven_spacing():
    """x = (0, 0.5), R = (3, −3): φ = (0, 1.5); x = (0, 0.5, 2.5), R = (1, 2, −3): φ = (0, 0.5, 1·2.5 + 2·2 = 6.5),
    exact.  Kills ``_potential_extended`` 9 (``> 2``) and 16 (× → ÷ the spacing)."""
    ld = np.longdouble
    assert list(_potential_extended(np.array([0.0, 0.5], dtype=ld), np.array([3.0, -3.0]))) == [0, 1.5]
    assert list(_potential_extended(np.array([0.0, 0.5, 2.5], dtype=ld), np.array([1.0, 2.0, -3.0]))) == [0, 0.5, 6.5]


def test_potential_plain_result_type_of_mixed_precisions():
    """The potential has the common type of the spacings and the weights: float32 spacings with float64 weights and
    float64 spacings with float32 weights both give float64.  Kills ``potential_plain`` 9, 10 (one operand dropped
    from ``result_type``)."""
    dx = np.array([1.0, 2.0])
    R = np.array([1.0, -1.0, 0.0])
    assert potential_plain(dx.astype(np.float32), R).dtype == np.float64
    assert potential_plain(dx, R.astype(np.float32)).dtype == np.float64
    assert potential_plain(dx, R).tolist() == [0.0, 1.0, 1.0]


def test_evaluator_never_reports_the_end_sites(monkeypatch):
    """The end sites are nodes of every pattern, never violations, even when their computed potential is not 0: with
    no rounding allowance (FLOAT_TIGHTEN = 0) and λ = 0 every interior site with φ ≠ 0 violates, and φ at the last
    site is a rounding residue of ΣR = ΣRx = 0 (non-zero for these data): the violations are exactly the interior
    sites with φ ≠ 0.  Kills ``evaluate`` 25, 28, 29 (the interior filter widened to the last site)."""
    monkeypatch.setattr(rf, "FLOAT_TIGHTEN", 0.0)
    residues = 0
    for seed in range(5):
        rng = np.random.default_rng(seed)
        n = 50
        x = np.sort(rng.uniform(-1, 1, n))
        y = np.sin(7 * x) + rng.standard_normal(n)
        ev = FloatEvaluator(x, y, np.ones(n))
        nodes = np.array([0, n - 1])
        _, phi = ev.potential(nodes, np.zeros(n), 0.0)
        phi = phi.copy()
        residues += phi[-1] != 0
        got = ev.evaluate(nodes, np.zeros(n), 0.0)
        assert got.over.tolist() == [j for j in range(1, n - 1) if phi[j] != 0]
    assert residues > 0  # the test has teeth: some last-site potential is a non-zero rounding residue
