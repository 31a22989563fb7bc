"""Property tests and negative controls of the training family: TV² regression (docs/training.md).

The regression solver computes in float64; the properties verify its output exactly (rational arithmetic) against
function-space weak duality and an independent exact solve of the optimality conditions, and (when cvxpy is
installed) against a generic conic solver.  The negative controls hand each numeric check a wrong variant of the piece
under test and require the verdict ``refuted``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from radontv.checks import training as checks
from radontv.theory import training as theory

from radontv import InvalidInput, Verdict
from radontv.regression import lambda_max, tv2_regression
from radontv.splines import LinearSpline
from radontv.testing import scaled_examples
from radontv.testing.strategies import datasets

DPS = 50
small_data = datasets(dim=1, min_size=3, max_size=9, arithmetic="exact", distinct=False)
lam_fractions = st.fractions(min_value=Fraction(1, 1000), max_value=Fraction(3, 2), max_denominator=1000)


def _xy(data: tuple[np.ndarray, np.ndarray]) -> tuple[list[Fraction], list[Fraction]]:
    X, y = data
    return [Fraction(v) for v in X[:, 0]], [Fraction(v) for v in y]


def _lam(x: list[Fraction], y: list[Fraction], frac: Fraction) -> Fraction:
    lmax = lambda_max(x, y)
    return lmax * frac if lmax > 0 else frac


# -- the certificate -------------------------------------------------------------------------------------------------
@given(small_data, lam_fractions)
@settings(max_examples=scaled_examples(0.5))
def test_certificate_certifies_within_the_promised_gap(data, frac):
    x, y = _xy(data)
    assume(len(set(x)) >= 2)
    lam = _lam(x, y, frac)
    spline, cert = tv2_regression(x, y, lam)
    r = checks._exact_dual(cert.residuals, x, None)
    sites = sorted(set(x))
    R = [sum((ri for ri, xi in zip(r, x, strict=True) if xi == s), Fraction(0)) for s in sites]
    peak = max(abs(p) for p in checks._potential(sites, R))
    assert peak <= lam * (1 + checks.DUAL_FEAS_RTOL)
    if peak > lam:
        r = [v * lam / peak for v in r]
    dual = sum((a * b for a, b in zip(r, y, strict=True)), Fraction(0)) - sum((a * a for a in r), Fraction(0)) / 2
    primal = checks.exact_objective(spline, x, y, lam)
    assert dual <= primal <= dual + checks.GAP_RTOL * checks.gap_scale(primal, y)
    assert cert.relative_gap <= float(checks.GAP_RTOL)
    assert cert.dual_infeasibility == 0.0


@given(small_data, lam_fractions)
@settings(max_examples=scaled_examples(0.5))
def test_exact_kkt_on_the_active_set_verifies(data, frac):
    x, y = _xy(data)
    assume(len(set(x)) >= 2)
    lam = _lam(x, y, frac)
    res = tv2_regression(x, y, lam)
    opt = checks.exact_optimum(x, y, lam, res.certificate.active_sites, res.certificate.active_signs)
    assert opt.verified
    assert opt.dual == opt.primal  # zero duality gap, exactly
    primal = checks.exact_objective(res.spline, x, y, lam)
    assert opt.primal <= primal <= opt.primal + checks.GAP_RTOL * checks.gap_scale(opt.primal, y)


@given(small_data, lam_fractions, st.lists(st.tuples(st.fractions(-20, 20, max_denominator=7),
                                                     st.fractions(-5, 5, max_denominator=5)), max_size=4),
       st.fractions(-3, 3, max_denominator=4), st.fractions(-3, 3, max_denominator=4))
@settings(max_examples=scaled_examples(0.5))
def test_no_spline_beats_the_dual_bound(data, frac, extra, ds, dc):
    """Weak duality on arbitrary competitors: the optimum plus knots anywhere (also outside the data range)."""
    x, y = _xy(data)
    assume(len(set(x)) >= 2)
    lam = _lam(x, y, frac)
    res = tv2_regression(x, y, lam)
    opt = checks.exact_optimum(x, y, lam, res.certificate.active_sites, res.certificate.active_signs)
    assert opt.verified
    knots = list(opt.knots) + [t for t, _ in extra]
    amps = list(opt.amplitudes) + [a for _, a in extra]
    rival = LinearSpline(knots, amps, slope=opt.c1 + ds, intercept=opt.c0 + dc)
    assert checks.exact_objective(rival, x, y, lam) >= opt.dual


@pytest.mark.parametrize("scale", [1e-6, 1.0, 1e6])
def test_regression_is_scale_free(scale):
    rng = np.random.default_rng(3)
    x = np.sort(rng.uniform(0, 10, 200))
    y = np.sin(x) + 0.2 * rng.standard_normal(200)
    base = tv2_regression(x, y, 0.05 * lambda_max(x, y))
    s, c = tv2_regression(x * scale, y * scale, 0.05 * lambda_max(x, y) * scale * scale)
    assert s.n_knots == base.spline.n_knots
    np.testing.assert_allclose(np.asarray(s.knots) / scale, base.spline.knots, rtol=1e-9)
    assert c.relative_gap <= float(checks.GAP_RTOL)


def test_duplicates_are_averaged_with_weights():
    x, y = [0, 1, 1, 2, 3], [0, 2, 0, 1, 0]
    res = tv2_regression(x, y, Fraction(1, 10))
    merged = tv2_regression([0, 1, 1, 2, 3], [0, 1, 1, 1, 0], Fraction(1, 10))  # same means, same weights
    assert res.spline == merged.spline
    # the losses differ by the within-site sum of squares, ½·((2−1)² + (0−1)²) = 1
    assert res.certificate.primal == pytest.approx(merged.certificate.primal + 1, rel=1e-12)
    assert sum(res.certificate.residuals) == pytest.approx(0, abs=1e-12)


@pytest.mark.parametrize("frac", [Fraction(1, 2), Fraction(1, 100), Fraction(1, 10**4)])
def test_regression_agrees_with_cvxpy(frac):
    cp = pytest.importorskip("cvxpy")
    rng = np.random.default_rng(7)
    n = 60
    x = np.sort(rng.uniform(-1, 1, n))
    y = np.cos(3 * x) + 0.3 * rng.standard_normal(n)
    lam = float(frac) * lambda_max(x, y)
    cert = tv2_regression(x, y, lam).certificate
    u = cp.Variable(n)
    h = np.diff(x)
    D = np.zeros((n - 2, n))
    for i in range(n - 2):
        D[i, i], D[i, i + 1], D[i, i + 2] = 1 / h[i], -(1 / h[i] + 1 / h[i + 1]), 1 / h[i + 1]
    prob = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(u - y) + lam * cp.norm1(D @ u)))
    prob.solve(solver=cp.CLARABEL)
    # the conic solver is an independent, less accurate route: agreement to its own accuracy
    assert cert.primal <= prob.value * (1 + 1e-7)
    assert cert.primal == pytest.approx(prob.value, rel=1e-6)


def test_lambda_zero_gives_a_sparsest_interpolant():
    from radontv.splines import sparsest_interpolant

    x, y = [0, 1, 2, 3, 4, 5, 6], [0, 0, 1, 3, 5, 8, 12]
    spline, cert = tv2_regression(x, y, 0)
    assert spline.n_knots == sparsest_interpolant(x, y).n_knots == 2
    assert cert.gap == 0.0 and cert.primal == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("args, match", [
    (([0], [1], 1.0), "at least 2"),
    (([0, 1, float("nan")], [1, 2, 3], 1.0), "non-finite|not finite"),
    (([0, 1, 2], [1, 2, float("inf")], 1.0), "non-finite|not finite"),
    (([0, 1, 2], [1, 2], 1.0), "same length"),
    (([[0, 1], [1, 2]], [1, 2], 1.0), "flat"),
    (([0, 1, 2], [1, 2, 3], -1.0), "negative"),
    (([0, 1, 2], [1, 2, 3], float("nan")), "not finite"),
    (([0, 1, 2], [1, 2, 3], "big"), "number"),
    (([1, 1, 1], [1, 2, 3], 1.0), "distinct"),
], ids=["one-point", "nan-x", "inf-y", "lengths", "2d-x", "negative-lam", "nan-lam", "str-lam", "one-site"])
def test_bad_input_is_rejected_with_a_message(args, match):
    with pytest.raises(InvalidInput, match=match):
        tv2_regression(*args)


# -- lambda_max ------------------------------------------------------------------------------------------------------
@given(small_data)
@settings(max_examples=scaled_examples(0.5))
def test_lambda_max_is_the_affine_threshold(data):
    x, y = _xy(data)
    assume(len(set(x)) >= 3)
    L = lambda_max(x, y)
    assert isinstance(L, Fraction)
    assert tv2_regression(x, y, L).spline.n_knots == 0
    if L > 0:
        below = tv2_regression(x, y, L * Fraction(99, 100))
        assert below.spline.n_knots >= 1
        assert below.certificate.lam_max == pytest.approx(float(L), rel=1e-12)


@given(small_data)
@settings(max_examples=scaled_examples(0.5))
def test_lambda_max_float_agrees_with_exact(data):
    x, y = _xy(data)
    assume(len(set(x)) >= 2)
    exact = lambda_max(x, y)
    approx = lambda_max(np.array(x, dtype=float), np.array(y, dtype=float))
    scale = float(max(abs(v) for v in y) * (max(x) - min(x)) * len(x))
    assert abs(approx - float(exact)) <= 1e-12 * (abs(float(exact)) + scale)


# -- representer bound -----------------------------------------------------------------------------------------------
@given(small_data, lam_fractions)
@settings(max_examples=scaled_examples(0.5))
def test_minimizer_has_fewest_knots_within_the_bound(data, frac):
    x, y = _xy(data)
    assume(len(set(x)) >= 2)
    lam = _lam(x, y, frac)
    res = tv2_regression(x, y, lam)
    sites = sorted(set(x))
    knots = [Fraction(float(t)) for t in res.spline.knots]
    assert len(knots) <= max(len(sites) - 2, 0)
    assert all(sites[0] <= t <= sites[-1] for t in knots)
    opt = checks.exact_optimum(x, y, lam, res.certificate.active_sites, res.certificate.active_signs)
    assert len(knots) == opt.minimal_knot_count()


def test_zigzag_needs_n_minus_2_knots():
    x = list(range(9))
    y = [(-1) ** i for i in range(9)]
    assert tv2_regression(x, y, Fraction(1, 100)).spline.n_knots == 7


# -- derivations and checks ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("derive", [theory.derive_regression_certificate, theory.derive_lambda_max,
                                    theory.derive_representer_regression, theory.derive_equivalence,
                                    theory.derive_savarese_cost, theory.derive_bias_penalty],
                         ids=lambda f: f.__name__)
def test_derivations_are_closed_by_sympy(derive):
    d = derive()
    assert d.verdict is Verdict.PROVED, d.message


@pytest.mark.parametrize("check", [checks.check_regression_certificate, checks.check_lambda_max,
                                   checks.check_representer_regression], ids=lambda f: f.__name__)
def test_checks_pass(check):
    result = check(dps=DPS, examples=3, seed=1)
    assert result.verdict is Verdict.PROVED, result
    assert result.instances > 0


@pytest.mark.parametrize("check, wrong", [
    (checks.check_regression_certificate, {"dual_transform": lambda r: [2 * v for v in r]}),
    (checks.check_lambda_max, {"lam_max": lambda x, y: 2 * lambda_max(x, y)}),
    (checks.check_lambda_max, {"lam_max": lambda x, y: lambda_max(x, y) / 2}),
    (checks.check_representer_regression, {"bound": lambda n: n - 3}),
], ids=["certificate-infeasible-dual", "lambda-max-doubled", "lambda-max-halved", "representer-n-minus-3"])
def test_negative_controls_are_refuted(check, wrong):
    result = check(dps=DPS, examples=3, seed=2, **wrong)
    assert result.verdict is Verdict.REFUTED, result
    assert result.worst_instance
