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

from radontv import InvalidInput, ReLUNetwork, Verdict
from radontv.costs import (
    bias_penalised_cost,
    bias_penalised_knot_cost,
    bias_penalty_weight,
    end_slopes,
    savarese_cost,
    savarese_network,
)
from radontv.regression import RegressionResult, lambda_max, tv2_regression
from radontv.scalars import to_mpf
from radontv.splines import LinearSpline
from radontv.testing import scaled_examples
from radontv.testing.strategies import datasets, relu_networks
from radontv.train import fit_network, training_objective

DPS = 50
small_data = datasets(dim=1, min_size=3, max_size=9, arithmetic="exact", distinct=False)
lam_fractions = st.fractions(min_value=Fraction(1, 1000), max_value=Fraction(3, 2), max_denominator=1000)


def _xy(data: tuple[np.ndarray, np.ndarray]) -> tuple[list[Fraction], list[Fraction]]:
    X, y = data
    return [Fraction(v) for v in X[:, 0]], [Fraction(v) for v in y]


def _lam(x: list[Fraction], y: list[Fraction], frac: Fraction) -> Fraction:
    lmax = lambda_max(x, y)
    return lmax * frac if lmax > 0 else frac


def _problem(data: tuple[np.ndarray, np.ndarray], frac: Fraction) -> tuple[list[Fraction], list[Fraction], Fraction]:
    """The drawn data as exact lists (an example with fewer than two distinct sites is rejected) and its λ."""
    x, y = _xy(data)
    assume(len(set(x)) >= 2)
    return x, y, _lam(x, y, frac)


def _solved(x: list[Fraction], y: list[Fraction], lam: Fraction) -> tuple[RegressionResult, checks.ExactOptimum]:
    """The solver's result and the checks' exact solve of the optimality conditions on its active set (the
    independent route the properties compare it with)."""
    res = tv2_regression(x, y, lam)
    return res, checks.exact_optimum(x, y, lam, res.certificate.active_sites, res.certificate.active_signs)


# -- the certificate -------------------------------------------------------------------------------------------------
@given(small_data, lam_fractions)
@settings(max_examples=scaled_examples(0.5))
def test_certificate_certifies_within_the_promised_gap(data, frac):
    x, y, lam = _problem(data, frac)
    spline, cert = tv2_regression(x, y, lam)
    r = checks.exact_dual(cert.residuals, x, None)
    sites = sorted(set(x))
    R = [sum((ri for ri, xi in zip(r, x, strict=True) if xi == s), Fraction(0)) for s in sites]
    peak = max(abs(p) for p in checks.potential(sites, R))
    assert peak <= lam * (1 + checks.DUAL_FEAS_RTOL)
    if peak > lam:
        r = [v * lam / peak for v in r]
    dual = sum((a * b for a, b in zip(r, y, strict=True)), Fraction(0)) - sum((a * a for a in r), Fraction(0)) / 2
    primal = checks.exact_objective(spline, x, y, lam)
    assert dual <= primal <= dual + checks.GAP_RTOL * checks.gap_scale(primal, y)
    assert cert.relative_gap <= float(checks.GAP_RTOL)
    assert cert.dual_infeasibility <= 4 * np.finfo(np.float64).eps  # scaled into the box, up to rounding


@given(small_data, lam_fractions)
@settings(max_examples=scaled_examples(0.5))
def test_exact_kkt_on_the_active_set_verifies(data, frac):
    x, y, lam = _problem(data, frac)
    res, opt = _solved(x, y, lam)
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
    x, y, lam = _problem(data, frac)
    _, opt = _solved(x, y, lam)
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
    x, y, lam = _problem(data, frac)
    res, opt = _solved(x, y, lam)
    sites = sorted(set(x))
    knots = [Fraction(float(t)) for t in res.spline.knots]
    assert len(knots) <= max(len(sites) - 2, 0)
    assert all(sites[0] <= t <= sites[-1] for t in knots)
    assert len(knots) == opt.minimal_knot_count()


def test_zigzag_needs_n_minus_2_knots():
    x = list(range(9))
    y = [(-1) ** i for i in range(9)]
    assert tv2_regression(x, y, Fraction(1, 100)).spline.n_knots == 7


# -- training equivalence --------------------------------------------------------------------------------------------
univariate_nets = relu_networks(min_dim=1, max_dim=1, arithmetic="exact", coincident=True, antipodal=True,
                                zero_neurons=True)


@given(univariate_nets)
def test_weight_decay_is_at_least_tv2(net):
    """(λ/2)Σ(v² + w²) ≥ λ·TV²(f_θ): AM–GM per neuron, then the triangle inequality at merged knots."""
    assert net.weight_decay() >= LinearSpline.from_network(net).tv2()


@given(univariate_nets, small_data, lam_fractions)
@settings(max_examples=scaled_examples(0.25))
def test_no_network_beats_the_spline_optimum(net, data, frac):
    x, y, lam = _problem(data, frac)
    _, opt = _solved(x, y, lam)
    assert checks.network_objective(net, x, y, lam) >= opt.primal


@given(small_data, lam_fractions)
@settings(max_examples=scaled_examples(0.1))
def test_trained_objective_is_never_below_the_optimum(data, frac):
    x, y, lam = _problem(data, frac)
    _, opt = _solved(x, y, lam)
    trained = fit_network([float(v) for v in x], [float(v) for v in y], width=len(set(x)), lam=float(lam), seed=0)
    assert checks.network_objective(trained.network.as_exact(), x, y, lam) >= opt.primal
    assert trained.objective == pytest.approx(training_objective(trained.network, [float(v) for v in x],
                                                                 [float(v) for v in y], float(lam)), rel=1e-12)


@given(small_data, lam_fractions)
@settings(max_examples=scaled_examples(0.25))
def test_converted_optimal_spline_attains_the_optimum(data, frac):
    import mpmath

    x, y, lam = _problem(data, frac)
    _, opt = _solved(x, y, lam)
    with mpmath.workdps(40):
        net = checks.balanced_mp_network(opt)
        J = checks.network_objective(net, [to_mpf(v) for v in x], [to_mpf(v) for v in y], lam)
        assert abs(J - to_mpf(opt.primal)) <= mpmath.mpf(10) ** -30 * (1 + abs(to_mpf(opt.primal)))


def test_fit_network_is_deterministic_and_any_dimension():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((15, 3))
    y = rng.standard_normal(15)
    a = fit_network(X, y, width=6, lam=0.1, seed=3)
    b = fit_network(X, y, width=6, lam=0.1, seed=3)
    assert a.network == b.network and a.objective == b.objective
    assert a.network.dim == 3 and a.network.width == 6
    assert a.history[-1] <= a.history[0] and a.objective == pytest.approx(a.history[-1], rel=1e-12)
    flat = fit_network(X[:, 0], y, width=4, lam=0.1)
    assert flat.network.dim == 1


@given(st.integers(1, 3), st.integers(1, 5), st.integers(0, 2**32 - 1))
@settings(max_examples=scaled_examples(0.25))
def test_training_gradient_matches_finite_differences(d, K, seed):
    """The exact gradient used by fit_network, against central differences (random points: no kink is hit)."""
    from radontv.train import _objective_and_gradient

    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((7, d)), rng.standard_normal(7)
    theta = rng.standard_normal(K * d + 2 * K + d + 1)
    pre = X @ theta[: K * d].reshape(K, d).T - theta[K * d: K * d + K]
    assume(np.min(np.abs(pre)) > 1e-4)  # stay off the kinks, where the gradient is one-sided
    J, g = _objective_and_gradient(theta, X, y, 0.3, K)
    h = 1e-6  # central differences: error O(h²) from smooth pieces
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = h
        fd = (_objective_and_gradient(theta + e, X, y, 0.3, K)[0] - _objective_and_gradient(theta - e, X, y, 0.3, K)[0]
              ) / (2 * h)
        assert fd == pytest.approx(g[i], rel=1e-5, abs=1e-6 * (1 + abs(J)))


@pytest.mark.parametrize("kwargs, match", [
    ({"X": [[0.0, 1.0]], "y": [1.0]}, "at least 2"),
    ({"X": [0.0, 1.0, 2.0], "y": [1.0, 2.0]}, "one value per point"),
    ({"X": [0.0, float("nan")], "y": [1.0, 2.0]}, "NaN"),
    ({"X": [0.0, 1.0], "y": [1.0, 2.0], "width": 0}, "positive integer"),
    ({"X": [0.0, 1.0], "y": [1.0, 2.0], "lam": -1.0}, ">= 0"),
    ({"X": np.zeros((2, 2, 2)), "y": [1.0, 2.0]}, "shape"),
], ids=["one-point", "lengths", "nan", "width-0", "negative-lam", "3d-X"])
def test_fit_network_rejects_bad_input(kwargs, match):
    args = {"width": 2, "lam": 0.1, **kwargs}
    with pytest.raises(InvalidInput, match=match):
        fit_network(args.pop("X"), args.pop("y"), **args)


# -- Savarese cost and penalised biases ------------------------------------------------------------------------------
@given(relu_networks(min_dim=1, max_dim=1, arithmetic="exact", antipodal=True, coincident=True, affine=False))
def test_savarese_cost_is_a_lower_bound_without_skip(net):
    net = net.with_affine(c=[0], c0=Fraction(3, 2))  # an output bias is free; no linear skip
    assert net.weight_decay() >= savarese_cost(net)


spline_parts = st.lists(st.tuples(st.fractions(-6, 6, max_denominator=4), st.fractions(-4, 4, max_denominator=3)),
                        max_size=5)


@given(spline_parts, st.fractions(-4, 4, max_denominator=3), st.fractions(-4, 4, max_denominator=3))
@settings(max_examples=scaled_examples(0.5))
def test_savarese_constructor_attains_the_cost(parts, slope, intercept):
    import mpmath

    s = LinearSpline([t for t, _ in parts], [a for _, a in parts], slope=slope, intercept=intercept)
    with mpmath.workdps(40):
        net = savarese_network(s)
        assert all(c == 0 for c in net.c)
        cost = to_mpf(savarese_cost(s))
        assert abs(net.weight_decay() - cost) <= mpmath.mpf(10) ** -30 * (1 + cost)
        for t in [Fraction(k, 4) for k in range(-30, 31, 7)]:
            assert abs(net(to_mpf(t)) - to_mpf(s(t))) <= mpmath.mpf(10) ** -30 * (1 + abs(to_mpf(s(t))))
    left, right = end_slopes(s)
    assert savarese_cost(s) == max(s.tv2(), abs(left + right))


@given(st.fractions(-9, 9, max_denominator=5).filter(bool), st.fractions(-9, 9, max_denominator=5).filter(bool),
       st.fractions(-9, 9, max_denominator=5))
def test_penalised_bias_neuron_identity(v, w, b):
    import mpmath

    with mpmath.workdps(40):
        net = ReLUNetwork([[w]], [b], [v]).as_mp()
        norm = mpmath.sqrt(net.W[0][0] ** 2 + net.b[0] ** 2)
        balanced = net.rescale([mpmath.sqrt(abs(net.v[0]) / norm)])
        expected = abs(to_mpf(v)) * abs(to_mpf(w)) * bias_penalty_weight(b / w)
        assert abs(bias_penalised_cost(balanced) - expected) <= mpmath.mpf(10) ** -30 * (1 + expected)
        # any other scale costs more (AM–GM)
        assert bias_penalised_cost(net.rescale([2])) >= expected * (1 - mpmath.mpf(10) ** -30)
        assert abs(bias_penalised_knot_cost(LinearSpline([b / w], [v * abs(w)])) - expected) <= \
            mpmath.mpf(10) ** -30 * (1 + expected)


# -- derivations and checks ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("derive", [theory.derive_regression_certificate, theory.derive_lambda_max,
                                    theory.derive_representer_regression, theory.derive_equivalence,
                                    theory.derive_savarese_cost, theory.derive_bias_penalty],
                         ids=lambda f: f.__name__)
def test_derivations_are_closed_by_sympy(derive):
    d = derive()
    assert d.verdict is Verdict.PROVED, d.message


@pytest.mark.parametrize("check, verdict", [
    (checks.check_regression_certificate, Verdict.PROVED),
    (checks.check_lambda_max, Verdict.PROVED),
    (checks.check_representer_regression, Verdict.PROVED),
    (checks.check_equivalence, Verdict.CONSISTENT),
    (checks.check_savarese_cost, Verdict.CONSISTENT),
    (checks.check_bias_penalty, Verdict.CONSISTENT),
], ids=lambda f: getattr(f, "__name__", str(f)))
def test_checks_pass(check, verdict):
    result = check(dps=DPS, examples=3, seed=1)
    assert result.verdict is verdict, result
    assert result.instances > 0


@pytest.mark.parametrize("check, wrong", [
    (checks.check_regression_certificate, {"dual_transform": lambda r: [2 * v for v in r]}),
    (checks.check_lambda_max, {"lam_max": lambda x, y: 2 * lambda_max(x, y)}),
    (checks.check_lambda_max, {"lam_max": lambda x, y: lambda_max(x, y) / 2}),
    (checks.check_representer_regression, {"bound": lambda n: n - 3}),
    (checks.check_equivalence, {"wd_factor": 1}),
    (checks.check_savarese_cost, {"cost_factor": 1}),
    (checks.check_bias_penalty, {"weight": lambda t: 1 + t * t}),
], ids=["certificate-infeasible-dual", "lambda-max-doubled", "lambda-max-halved", "representer-n-minus-3",
        "equivalence-lambda-off-by-2", "savarese-cost-without-half", "bias-weight-1-plus-tau-squared"])
def test_negative_controls_are_refuted(check, wrong):
    result = check(dps=DPS, examples=3, seed=2, **wrong)
    assert result.verdict is Verdict.REFUTED, result
    assert result.worst_instance
