"""TV² regression on large data (issue 14): the double-precision engine, its direct certification, and its parts.

From ``radontv.regression.LARGE_SITES`` sites on, the pattern accepted by the double-precision active set
(``radontv.regression_float``: cached interval sums, plain running sums, knots moved to their block's peak after each
coarse level) is certified directly — node values in double precision, potential of the certificate in extended
precision — and returned when its relative gap is at most ``LARGE_GAP``; otherwise the extended-precision
verification runs as for small data.

Independent routes: the exact weak-duality gap in rational arithmetic (``_exact_gap`` of test_regression_scaling:
no code of radontv.regression); the extended-precision path of the same engine (the answer is unique: same active
sites and signs, same objective); the dense route of ``_Basis`` / ``_hat_solve`` / blocked ``potential`` for the
evaluator; ``numpy.sort`` for the sorting permutation; exact rational evaluation for ``spline_at_sites``.
Negative controls: a wrong spline fails the exact gap; a wrong pattern handed to the large path is refused by its gap
and repaired by the fallback; a raw-bits sort key misorders negative numbers; another λ changes the violations; a
changed amplitude changes the spline values.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_regression_scaling import _data, _exact_gap

import radontv.regression as regression
import radontv.regression_active_set as engine
import radontv.regression_float as regression_float
from radontv.data import prepare_1d, sorting_order
from radontv.linear_spline import LinearSpline
from radontv.regression import LARGE_GAP, lambda_max, tv2_regression
from radontv.regression_certificate import potential, spline_at_sites
from radontv.regression_float import FloatEvaluator, IntervalSums
from radontv.testing import scaled_examples

LARGE_METHOD = "KKT verified in double precision"


def _solve(x, y, lam, monkeypatch, large: bool):
    """tv2_regression with the large-data path forced on (from 4096 sites) or off."""
    monkeypatch.setattr(regression, "LARGE_SITES", 4096 if large else 10**12)
    return tv2_regression(x, y, lam)


# -- the large path: certified exactly, the same answer as the extended path -------------------------------------------
@pytest.mark.parametrize("frac", [Fraction(1, 10), Fraction(1, 1000)])
def test_large_path_is_certified_exactly_and_agrees_with_the_extended_path(frac, monkeypatch):
    x, y = _data(6000, seed=11)
    lam = Fraction(float(frac * Fraction(lambda_max(x, y))))
    spline, cert = _solve(x, y, lam, monkeypatch, large=True)
    assert LARGE_METHOD in cert.method and cert.relative_gap <= LARGE_GAP
    primal, dual = _exact_gap(x, y, lam, spline, cert.residuals)
    assert dual <= primal <= dual + Fraction(LARGE_GAP) * primal  # exact weak duality and the promised gap
    ext_spline, ext = _solve(x, y, lam, monkeypatch, large=False)
    assert LARGE_METHOD not in ext.method
    assert np.array_equal(cert.active_sites, ext.active_sites) and np.array_equal(cert.active_signs, ext.active_signs)
    assert abs(cert.primal - ext.primal) <= 1e-12 * ext.primal
    assert spline.n_knots == ext_spline.n_knots
    # negative control: one amplitude off by 10⁻³ of itself (the gap grows with its square: KKT) is refuted
    amps = spline.amplitudes.copy()
    amps[0] *= 1 + 1e-3
    wrong = LinearSpline(spline.knots, amps, slope=spline.slope, intercept=spline.intercept)
    p_wrong, d_wrong = _exact_gap(x, y, lam, wrong, cert.residuals)
    assert p_wrong - d_wrong > Fraction(LARGE_GAP) * p_wrong


@pytest.mark.parametrize(("sx", "sy"), [(1e-8, 1e8), (1e8, 1e-8), (1e8, 1e8)])
def test_large_path_decides_the_same_at_every_scale(sx, sy, monkeypatch):
    """x scaled by sx and moved far from 0 (by 3 sx), y scaled by sy, λ by sx·sy: the large path takes the same
    decisions (active sites and signs), certifies within LARGE_GAP, and its λ_max scales by sx·sy.  Negative
    control: at a tenth of that λ the active sites differ (the comparison can tell patterns apart)."""
    x, y = _data(6000, seed=13)
    base = _solve(x, y, 1e-2 * lambda_max(x, y), monkeypatch, large=True).certificate
    X, Y = x * sx + 3 * sx, y * sy
    _, cert = _solve(X, Y, 1e-2 * lambda_max(X, Y), monkeypatch, large=True)
    assert LARGE_METHOD in cert.method and cert.relative_gap <= LARGE_GAP
    assert np.array_equal(cert.active_sites, base.active_sites) and np.array_equal(cert.active_signs,
                                                                                   base.active_signs)
    assert abs(cert.lam_max - base.lam_max * sx * sy) <= 1e-12 * cert.lam_max
    _, other = _solve(X, Y, 1e-3 * lambda_max(X, Y), monkeypatch, large=True)
    assert not np.array_equal(other.active_sites, cert.active_sites)


def test_large_path_at_its_real_threshold():
    """Above LARGE_SITES (no patch): the large path runs and certifies its answer within LARGE_GAP."""
    n = regression.LARGE_SITES + 1000
    x, y = _data(n, seed=3)
    spline, cert = tv2_regression(x, y, 1e-2 * lambda_max(x, y))
    assert LARGE_METHOD in cert.method and 0 <= cert.relative_gap <= LARGE_GAP
    assert cert.dual_infeasibility <= 1e-15 and spline.n_knots > 3


def test_a_wrong_pattern_is_refused_by_the_gap_and_repaired(monkeypatch):
    """Negative control of the gate: the engine is made to hand over its pattern with one knot dropped (still
    'certified'); the large path's certificate shows a gap far above LARGE_GAP, so the extended verification runs
    and repairs the pattern: the result is that of the extended path, and certified."""
    x, y = _data(6000, seed=5)
    lam = 1e-2 * lambda_max(x, y)
    real = engine.continuation

    def drop_one(xs, ys, m, lam_n, lam_max_n, *evaluator):
        ok, nodes, v, its, signs = real(xs, ys, m, lam_n, lam_max_n, *evaluator)
        k = len(nodes) // 2
        nodes = np.delete(nodes, k)
        signs = np.delete(signs, k - 1)
        return ok, nodes, np.delete(v, k), its, signs

    monkeypatch.setattr(regression, "continuation", drop_one)
    gates: list[float] = []
    real_assemble = regression._assemble

    def spy(*args, **kwargs):
        out = real_assemble(*args, **kwargs)
        gates.append(out.certificate.relative_gap)
        return out

    monkeypatch.setattr(regression, "_assemble", spy)
    _, cert = _solve(x, y, lam, monkeypatch, large=True)
    assert len(gates) == 2 and gates[0] > 1e3 * LARGE_GAP  # refused ...
    assert LARGE_METHOD not in cert.method and cert.relative_gap <= 1e-12  # ... and repaired by the extended pass
    monkeypatch.setattr(regression, "continuation", real)
    monkeypatch.setattr(regression, "_assemble", real_assemble)
    _, ext = _solve(x, y, lam, monkeypatch, large=False)
    assert np.array_equal(cert.active_sites, ext.active_sites)


def test_without_acceptance_the_large_path_falls_back(monkeypatch):
    """LARGE_GAP below every gap: the extended verification always runs (the method says so), same answer."""
    x, y = _data(5000, seed=9)
    lam = 0.05 * lambda_max(x, y)
    monkeypatch.setattr(regression, "LARGE_GAP", -1.0)
    _, cert = _solve(x, y, lam, monkeypatch, large=True)
    assert LARGE_METHOD not in cert.method and cert.relative_gap <= 1e-12


# -- the sorting permutation -------------------------------------------------------------------------------------------
def _is_sorting(x: np.ndarray, order: np.ndarray, xs: np.ndarray) -> bool:
    return (np.array_equal(np.sort(order), np.arange(x.size)) and np.array_equal(xs, x[order])
            and np.array_equal(xs, np.sort(x)))


@settings(max_examples=scaled_examples(0.3))
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 3000), scale=st.sampled_from([1e-300, 1e-8, 1.0, 1e8, 1e300]),
       ties=st.booleans())
def test_sorting_order_sorts(seed, n, scale, ties):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n) * scale
    if ties:  # repeated values, ±0, and neighbours closer than the key's 2⁻³² relative resolution
        x[: n // 3] = rng.choice(x[: max(1, n // 10)], n // 3)
        x[n // 3: n // 3 + 2] = [0.0, -0.0][: len(x[n // 3: n // 3 + 2])]
        x[-n // 4:] = 1.0 + rng.integers(0, 5, len(x[-n // 4:])) * 2.0**-52
    order, xs = sorting_order(x)
    assert _is_sorting(x, order, xs)
    # negative control: the raw IEEE bits as a key misorder negative numbers (the checker refuses it)
    if (x < 0).sum() >= 2 and np.unique(x[x < 0]).size >= 2:
        raw = np.argsort(x.view(np.int64), kind="stable")
        assert not _is_sorting(x, raw, x[raw])


def test_sorting_order_falls_back_beyond_its_index_bits():
    x = np.array([3.0, -1.0, 2.0], dtype=np.float32)  # not float64: numpy.argsort
    order, xs = sorting_order(x)
    assert order.tolist() == [1, 2, 0] and xs.tolist() == [-1.0, 2.0, 3.0]


def test_prepare_1d_on_sorted_data_does_not_alias_the_input():
    x, y = np.array([0.0, 1.0, 2.0, 3.0]), np.array([1.0, 0.0, 2.0, 5.0])
    data = prepare_1d(x, y, interpolation=False)
    x[0], y[0] = 9.0, 9.0
    assert data.x.tolist() == [0.0, 1.0, 2.0, 3.0] and data.y.tolist() == [1.0, 0.0, 2.0, 5.0]


# -- the double-precision evaluator against the dense route ------------------------------------------------------
def _dense(x, y, m, lam, sign_at):
    """Node values and violating sites by the dense route (``_Basis``, ``_hat_solve``, blocked ``potential``)."""
    S = np.flatnonzero(sign_at)
    nodes = np.concatenate(([0], S, [x.size - 1]))
    basis = engine._Basis(x, nodes)
    v = engine._hat_solve(x, y, m, lam, basis, sign_at[S])
    phi = potential(x, m * (y - basis.values(v)))
    return v, phi


@settings(max_examples=scaled_examples(0.2))
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(50, 3000), knots=st.integers(0, 12), unit=st.booleans(),
       loop=st.booleans())
def test_evaluator_agrees_with_the_dense_route(seed, n, knots, unit, loop):
    rng = np.random.default_rng(seed)
    x = np.sort(rng.choice(np.arange(-10**6, 10**6), n, replace=False)) / 2**21
    y = np.sin(5 * x) + 0.2 * rng.standard_normal(n)
    m = np.ones(n) if unit else rng.integers(1, 4, n).astype(np.float64)
    sign_at = np.zeros(n)
    k = min(knots, n - 2)
    sign_at[rng.choice(np.arange(1, n - 1), k, replace=False)] = rng.choice([-1.0, 1.0], k)
    lam = 0.05 * float(np.abs(_dense(x, y, m, 0.0, np.zeros(n))[1]).max()) + 1e-3
    ev = FloatEvaluator(x, y, m)
    S = np.flatnonzero(sign_at)
    nodes = np.concatenate(([0], S, [n - 1]))
    v_dense, phi = _dense(x, y, m, lam, sign_at)
    got = ev.evaluate(nodes, sign_at, lam)
    scale = float(np.abs(v_dense).max())
    assert np.max(np.abs(got.v - v_dense)) <= 1e-9 * scale
    # the spline's values, by repeats or interval by interval (both branches of IntervalSums.values)
    saved = regression_float._LOOP_MIN_SITES
    regression_float._LOOP_MIN_SITES = 0 if loop else 10**12  # (not monkeypatch: hypothesis reruns the body)
    try:
        u = IntervalSums(x, y, m).values(nodes, got.v)
    finally:
        regression_float._LOOP_MIN_SITES = saved
    assert np.max(np.abs(u - engine._Basis(x, nodes).values(got.v))) <= 1e-12 * scale
    # violations: the same sites, except those within rounding (and the evaluator's allowance) of the threshold
    free = sign_at == 0
    free[0] = free[-1] = False
    margin = 1e-9 * (lam + float(np.abs(phi).max())) + ev._scale(got.v) * float(x[-1] - x[0])
    clear = free & (np.abs(phi) > lam + margin)
    clearly_not = ~free | (np.abs(phi) < lam - margin)
    over = np.zeros(n, dtype=bool)
    over[got.over] = True
    assert not np.any(clear & ~over) and not np.any(clearly_not & over)
    assert np.all(np.diff(got.over) > 0) and np.all(got.excess > 0)
    np.testing.assert_allclose(got.phi, phi[got.over], rtol=1e-9, atol=1e-9 * float(np.abs(phi).max()))
    # negative control: another λ changes the node values (the penalty term enters the solve)
    if S.size:
        assert np.max(np.abs(ev.evaluate(nodes, sign_at, 2 * lam).v - got.v)) > 1e-6 * scale


# -- the certificate's evaluation at sorted sites ----------------------------------------------------------------------
@settings(max_examples=scaled_examples(0.2))
@given(seed=st.integers(0, 2**32 - 1), k=st.integers(0, 8), origin=st.sampled_from([0.0, -3e5, 1e8]))
def test_spline_at_sites_matches_exact_evaluation(seed, k, origin):
    rng = np.random.default_rng(seed)
    knots = origin + np.sort(rng.uniform(0, 1, k))
    spline = LinearSpline(knots, rng.standard_normal(k), slope=float(rng.standard_normal()),
                          intercept=float(rng.standard_normal()) - 2 * origin)
    x = np.sort(np.concatenate([origin + rng.uniform(-0.5, 1.5, 200), knots]))
    got = spline_at_sites(spline, x)
    exact = spline.as_exact()
    want = np.array([float(v) for v in exact(np.array([Fraction(float(t)) for t in x], dtype=object))])
    # a few roundings of |f(τ)| + |s (x − τ)| (the local form), bounded here by |f| + 4 max|s|·(range of x)
    s_max = float(np.abs(spline.slopes()).max()) if k else abs(spline.slope)
    tol = 8 * np.finfo(float).eps * (np.abs(want) + 4 * s_max * 2.0 + 1.0)
    assert np.all(np.abs(got - want) <= tol)
    if k:  # negative control: a changed amplitude changes the values beyond that tolerance
        amps = spline.amplitudes.copy()
        amps[0] += 1e-3
        other = LinearSpline(knots, amps, slope=spline.slope, intercept=spline.intercept)
        assert np.any(np.abs(spline_at_sites(other, x) - want) > tol)
