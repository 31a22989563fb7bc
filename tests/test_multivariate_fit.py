"""Property tests of the global R-TV² fit (needs the optional extra `solvers`): certified optima, sparsity, the
common fitted values and cost of all solutions, training never below the optimum; bad input; negative controls.

Tests compare optimal values, fitted values and regularization costs, never minimizers (they are not unique).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("cvxpy")

from radontv.checks import multivariate as checks

from radontv import InvalidInput, ReLUNetwork, Verdict, canonical
from radontv.fit import MAX_ARRANGEMENT, MAX_PATTERNS, rtv2_fit
from radontv.regression import tv2_regression
from radontv.splines_interp import min_tv2
from radontv.testing import scaled_examples
from radontv.testing.strategies import relu_networks
from radontv.train import fit_network, training_objective

#: Relative gap a certified float fit must reach: the cone program is solved to 1e-9 and re-solved on its support
#: to 1e-12; with the exact dual norm (d <= 2) or NNLS multipliers (d = 3) the certificate is within ~1e-7.
GAP_RTOL = 1e-6
LAMS = st.sampled_from([None, 0.02, 0.2, 1.0])
#: How closely a returned interpolant meets the data (relative to 1 + max|y|): rounding, amplified by the
#: conditioning of the final support's linear system (condition numbers up to ~1e4 on these data).
INTERPOLATION_RTOL = 2.0**-36


def _data(seed: int, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    return checks.random_data(np.random.default_rng(seed), n, d)


@settings(max_examples=scaled_examples(0.1))
@given(st.integers(2, 3), st.integers(0, 2**16), LAMS, st.data())
def test_fit_is_certified_sparse_and_within_the_data_radius(d, seed, lam, data):
    n = data.draw(st.integers(d + 2, 10 if d == 2 else 8))
    X, y = _data(seed, n, d)
    fit = rtv2_fit(X, y, lam)
    assert fit.neurons <= n - (d + 1) == fit.bound
    assert fit.gap <= GAP_RTOL * (1 + abs(fit.value))
    assert fit.gap >= -GAP_RTOL * (1 + abs(fit.value))
    radius = float(np.max(np.linalg.norm(X, axis=1)))
    assert np.all(np.abs(np.asarray(canonical(fit.network).offsets, dtype=float)) <= radius * (1 + checks.RADIUS_RTOL))
    if lam is None:  # polished on its support: the interpolant meets the data to rounding, so value >= optimum
        assert fit.max_residual <= INTERPOLATION_RTOL * (1 + np.max(np.abs(y)))
        assert fit.gap >= -checks.OBJECTIVE_ROUNDING * (1 + abs(fit.value))


@settings(max_examples=scaled_examples(0.1))
@given(st.integers(0, 2**16), st.integers(3, 9), LAMS)
def test_fit_agrees_with_the_univariate_family(seed, n, lam):
    x = np.sort(np.random.default_rng(seed).uniform(-2, 2, n))
    y = np.random.default_rng(seed + 1).uniform(-1, 1, n)
    fit = rtv2_fit(x.reshape(-1, 1), y, lam)
    expected = float(min_tv2(x, y)) if lam is None else float(tv2_regression(x, y, lam).objective)
    assert fit.value == pytest.approx(expected, rel=GAP_RTOL, abs=GAP_RTOL)
    assert fit.neurons <= n - 2


@settings(max_examples=scaled_examples(0.1))
@given(st.integers(0, 2**16), st.integers(5, 10), st.sampled_from([0.02, 0.2]))
def test_solutions_share_fitted_values_and_cost(seed, n, lam):
    X, y = _data(seed, n, 2)
    fit = rtv2_fit(X, y, lam)
    eps = max(fit.gap, 0.0) + checks.OBJECTIVE_ROUNDING * (1 + fit.value)
    fa, fb = np.asarray(fit.network(X)), np.asarray(fit.dense_network(X))
    assert np.linalg.norm(fa - fb) <= 4 * np.sqrt(eps) + checks.OBJECTIVE_ROUNDING
    la, lb = 0.5 * np.sum((fa - y) ** 2), 0.5 * np.sum((fb - y) ** 2)
    ra, rb = float(canonical(fit.network).rtv2()), float(canonical(fit.dense_network).rtv2())
    assert lam * abs(ra - rb) <= abs(la - lb) + 2 * eps


_PROBLEM = {}


def _problem():
    if not _PROBLEM:
        X, y = _data(7, 8, 2)
        _PROBLEM.update(X=X, y=y, lam=0.1, fit=rtv2_fit(X, y, 0.1))
    return _PROBLEM


@settings(max_examples=scaled_examples(0.25))
@given(relu_networks(min_dim=2, max_dim=2, min_width=1, max_width=6, arithmetic="float", antipodal=True))
def test_training_never_beats_the_global_optimum(net):
    p = _problem()
    J = training_objective(net, p["X"], p["y"], p["lam"])
    assert J >= p["fit"].dual_bound - checks.OBJECTIVE_ROUNDING * (1 + abs(p["fit"].value))


def test_trained_networks_approach_the_optimum_and_the_optimum_is_a_network():
    p = _problem()
    fit, X, y, lam = p["fit"], p["X"], p["y"], p["lam"]
    width = len(X) - 3
    opt = canonical(fit.network).network().balanced()
    assert training_objective(opt, X, y, lam) == pytest.approx(fit.value, rel=GAP_RTOL)
    best = min(fit_network(X, y, width, lam, seed=s).objective for s in range(3))
    assert best >= fit.dual_bound - checks.OBJECTIVE_ROUNDING * (1 + fit.value)
    assert best - fit.value < 0.5 * fit.value  # training gets within a factor; the gap is reported by the check


def test_fit_result_is_printable_and_serialisable():
    X, y = _data(3, 6, 2)
    fit = rtv2_fit(X, y, 0.1)
    text = str(fit)
    assert "dual bound" in text and "relu" in text and "N - (d+1)" in text
    record = json.loads(json.dumps(fit.as_dict()))
    assert record["neurons"] == fit.neurons and record["problem"] == "regression"
    assert isinstance(fit.network, ReLUNetwork)


def test_fit_text_writes_a_negative_constant_with_a_minus_sign():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    text = str(rtv2_fit(X, np.full(4, -0.25)))  # the affine fit -0.25: no neuron, constant term negative
    last = text.splitlines()[-1]
    assert "+ -" not in text and last.rstrip().endswith("- 0.25"), last
    positive = str(rtv2_fit(X, np.full(4, 0.25))).splitlines()[-1]  # control: the same fit with + 0.25
    assert positive.rstrip().endswith("+ 0.25"), positive


@given(st.integers(1, 3), st.integers(0, 6), st.sampled_from([1e-8, 1.0, 1e8]), st.sampled_from([None, 0.1]),
       st.integers(0, 2**32 - 1))
@settings(max_examples=scaled_examples(0.1))
def test_affine_data_give_the_affine_fit_certified_at_every_scale(d, extra, scale, lam, seed):
    # affine targets: the optimum is 0 with no neuron (R-TV2 of an affine function is 0); the cone program's dual
    # bound would be rounding noise of either sign (a relative gap of -1 refused every such fit before)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(d + 1 + extra, d))
    y = scale * (X @ rng.normal(size=d) + rng.normal())
    fit = rtv2_fit(X, y, None if lam is None else lam * scale)
    assert fit.certified and fit.neurons == 0 and fit.value == 0 and fit.bound == len(X) - (d + 1)
    assert np.max(np.abs(np.asarray(fit.network(X)) - y)) <= 1e-12 * np.max(np.abs(y))


def test_data_one_kink_off_affine_still_get_a_neuron():
    # negative control for the affine shortcut: targets 1e-6 off affine are not affine to rounding
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.5, 0.5]])
    y = X @ np.array([1.0, 2.0]) - 0.25
    y[4] += 1e-6
    fit = rtv2_fit(X, y)
    assert fit.neurons >= 1 and fit.value > 0


@pytest.mark.parametrize("scale", [1e-8, 1.0, 1e8])
def test_conflicting_duplicates_are_refused_at_every_scale(scale):
    # the same point with targets 1e-5 apart (relative): a conflict whatever the units of y; 1e-15 apart: rounding
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 1.0]])
    y = scale * np.array([0.0, 0.0, 0.0, 1.0, 1.0 + 1e-5])
    with pytest.raises(InvalidInput, match="different targets"):
        rtv2_fit(X, y)
    y[4] = scale * (1.0 + 1e-15)
    assert rtv2_fit(X, y).certified


def test_duplicate_points_are_merged():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 1.0]])
    fit = rtv2_fit(X, np.array([0.0, 0.0, 0.0, 1.0, 1.0]))  # same point, same target: fine
    assert fit.value == pytest.approx(np.sqrt(2), rel=GAP_RTOL)
    reg = rtv2_fit(X, np.array([0.0, 0.0, 0.0, 1.0, 0.0]), 0.1)  # regression: the mean is fitted
    assert reg.loss >= 0.25 - checks.OBJECTIVE_ROUNDING


@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("lam", [None, 0.3])
def test_d_plus_one_points_are_fitted_by_the_affine_interpolant(d, lam):
    """N = d + 1 points: optimum 0, attained by an affine function; the certificate is exact (bound 0, gap 0)."""
    rng = np.random.default_rng(d)
    X, y = rng.normal(size=(d + 1, d)), rng.normal(size=d + 1)
    fit = rtv2_fit(X, y, lam)
    assert fit.value == 0.0 and fit.dual_bound == 0.0 and fit.gap == 0.0
    assert fit.neurons == 0 == fit.bound
    assert fit.max_residual <= INTERPOLATION_RTOL * (1 + np.max(np.abs(y)))


def test_dual_bound_of_a_rounding_level_multiplier_is_zero():
    """A multiplier that is affine up to rounding leaves only noise orthogonal to the affine functions: the bound
    must be 0 (it is valid), not the noise rescaled to the dual constraint (the wrong variant, which exceeds the
    optimum 0 of N = d + 1 points)."""
    from radontv.arrangements import activation_patterns
    from radontv.fit_certificate import dual_bound

    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(3, 2)), rng.normal(size=3)
    p = np.hstack([X, np.ones((3, 1))]) @ rng.normal(size=3)  # in the span of the affine features
    D = activation_patterns(X)
    assert dual_bound(X, y, np.ones(3), D, p, None) == 0.0
    noise = p - np.hstack([X, np.ones((3, 1))]) @ np.linalg.lstsq(np.hstack([X, np.ones((3, 1))]), p, rcond=None)[0]
    wrong = abs(noise / max(np.max(np.abs(noise)), 1e-300) @ y)  # the unguarded rescaling of the leftover noise
    assert wrong > 0.0  # the wrong variant claims a positive lower bound on an optimum that is 0


def test_repeated_rows_do_not_count_towards_the_neuron_bound():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 1.0], [0.5, 0.2]])
    fit = rtv2_fit(X, np.array([0.0, 0.0, 0.0, 1.0, 1.0, 0.3]))
    assert fit.bound == 5 - 3 and fit.neurons <= fit.bound


_COLLINEAR = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])


@pytest.mark.parametrize(("X", "y", "lam", "match"), [
    (np.array([[0.0, np.nan], [1.0, 0.0], [0.0, 1.0]]), np.zeros(3), None, "finite"),
    (np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]), np.array([0.0, np.inf, 1.0]), None, "finite"),
    (np.zeros((3, 2)), np.zeros(4), None, "shape"),
    (np.zeros((2, 2, 2)), np.zeros(2), None, "shape"),
    (_COLLINEAR, np.arange(4.0), None, "affinely span"),
    (np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]]), np.array([0.0, 1.0, 2.0, 3.0]), None, "duplicate"),
    (np.random.default_rng(0).standard_normal((200, 3)), np.random.default_rng(1).standard_normal(200), 0.1, "limit"),
    (np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]), np.zeros(3), 0.0, "positive"),
    (np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]), np.zeros(3), True, "lam"),
    (np.array([["a", "b"], ["c", "d"]]), np.zeros(2), None, "numeric"),
    (np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]) + 1j, np.zeros(3), None, "complex"),
    (np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]), np.zeros(3, dtype=complex), 0.1, "complex"),
])
def test_bad_input_is_rejected(X, y, lam, match):
    with pytest.raises(InvalidInput, match=match):
        rtv2_fit(X, y, lam)


def test_the_pattern_limit_is_named_in_the_error():
    X = np.random.default_rng(1).standard_normal((200, 3))
    with pytest.raises(InvalidInput, match=str(MAX_ARRANGEMENT)) as info:
        rtv2_fit(X, np.abs(X[:, 0]))  # not affine (affine targets are fitted at once, at any size)
    assert "fit_network" in str(info.value) and "MAX_ARRANGEMENT" in str(info.value)


def test_the_full_method_names_its_limit_and_the_way_out():
    X = np.random.default_rng(1).standard_normal((45, 3))  # 14,234 patterns: fine for columns, not for "full"
    with pytest.raises(InvalidInput, match=str(MAX_PATTERNS)) as info:
        rtv2_fit(X, np.abs(X[:, 0]), method="full")
    assert "method='columns'" in str(info.value) and "MAX_PATTERNS" in str(info.value)


def test_the_working_set_limit_is_named_in_the_error(monkeypatch):
    """MAX_PATTERNS bounds the working set of column generation, not N: a limit below what the problem needs is
    reported with its name and the ways out."""
    import radontv.fit as fit_module

    monkeypatch.setattr(fit_module, "MAX_PATTERNS", 10)
    X, y = _data(4, 12, 2)
    with pytest.raises(InvalidInput, match="more than 20 \\(pattern, sign\\) columns") as info:
        rtv2_fit(X, y)
    assert "MAX_PATTERNS" in str(info.value) and "fit_network" in str(info.value)


def test_an_unknown_method_is_rejected():
    X, y = _data(4, 8, 2)
    with pytest.raises(InvalidInput, match="method must be one of 'columns', 'full'"):
        rtv2_fit(X, y, method="simplex")


# -- checks and their negative controls -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["check_representer", "check_solution_set", "check_training_equivalence"])
def test_fit_check_passes(name):
    result = getattr(checks, name)(dps=30, examples=2)
    assert result.verdict.passed, result


@pytest.mark.parametrize(("name", "kwargs"), [
    ("check_representer", {"bound": lambda n, d: n - d}),  # a neuron bound of N - d is not attained
    ("check_solution_set", {"compare": "weights"}),  # minimizers are not unique
    ("check_training_equivalence", {"weight_decay_factor": 1.0}),  # weight decay without the factor 1/2
])
def test_fit_negative_control_is_refuted(name, kwargs):
    result = getattr(checks, name)(dps=30, examples=2, **kwargs)
    assert result.verdict is Verdict.REFUTED, result
