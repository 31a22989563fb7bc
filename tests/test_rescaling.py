"""Property tests and negative controls of the rescaling / weight-decay family (docs/rescaling.md).

Hypothesis properties exercise the implementation (``radontv.ReLUNetwork``) on generated networks, including
coincident, antipodal and zero neurons; the negative controls hand each numeric check a wrong variant of the piece
under test and require the verdict ``refuted``.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from radontv.checks import rescaling as checks
from radontv.checks import rescaling_lasso as lasso_checks
from radontv.theory import rescaling as theory

from radontv import InvalidInput, ReLUNetwork, Verdict, relu
from radontv.evidence import Agreement
from radontv.testing import assert_same_function, scaled_examples
from radontv.testing.assertions import FLOAT_RTOL, sample_points
from radontv.testing.strategies import datasets, positive_scales, relu_networks, scalars

DPS = 50
BALANCE = theory.derive_balance()  # derived once: alpha* and the minimum, as sympy expressions
exact_networks = relu_networks(arithmetic="exact", coincident=True, antipodal=True, zero_neurons=True)


def _per_neuron_scales(net: ReLUNetwork) -> st.SearchStrategy[list[Fraction]]:
    return st.lists(positive_scales(), min_size=net.width, max_size=net.width)


def _square(x: object) -> Fraction:
    """Exact square of a path norm (a rational multiple of a square root for one neuron)."""
    sq = sympy.expand(sympy.sympify(x) ** 2)
    assert sq.is_Rational, sq
    return Fraction(int(sq.p), int(sq.q))


def _half_dead_weight_decay(net: ReLUNetwork) -> object:
    """Weight decay of the neurons with exactly one of v, w zero: balancing leaves them (scale 1)."""
    sq = net.neuron_norms_squared()
    return sum((net[k].weight_decay() for k in range(net.width) if (net.v[k] == 0) != (sq[k] == 0)),
               start=mpmath.mpf(0))


# -- rescaling.homogeneity --------------------------------------------------------------------------------------------
@given(z=scalars(arithmetic="exact"), alpha=positive_scales())
def test_homogeneity_positive_scales(z, alpha):
    assert relu(alpha * z) == alpha * relu(z)
    neuron = ReLUNetwork([[1]], [0], [1])
    assert neuron(alpha * z) == alpha * neuron(z)


@given(z=scalars(arithmetic="exact").filter(lambda q: q != 0), alpha=positive_scales())
def test_homogeneity_fails_for_negative_scales(z, alpha):
    assert relu(-alpha * z) != -alpha * relu(z)  # one side is 0, the other alpha |z| up to sign


# -- rescaling.invariance ---------------------------------------------------------------------------------------------
@given(net=exact_networks, data=st.data())
@settings(max_examples=scaled_examples(0.5))  # exact evaluation on object arrays: ~40 ms per example
def test_rescaling_keeps_the_function(net, data):
    alpha = data.draw(_per_neuron_scales(net))
    rescaled = net.rescale(np.array(alpha, dtype=object)) if net.width else net
    X = sample_points(net, n=4)  # random points, and points beside every kink
    assert_same_function(rescaled, net, X)  # exact arithmetic: equality required
    if net.width:
        one = data.draw(positive_scales())
        assert net.rescale(one) == net.rescale([one] * net.width)  # one scale = the same scale for every neuron
        assert rescaled.W.tolist() == [[a * x for x in row] for a, row in zip(alpha, net.W, strict=True)]
        assert list(rescaled.b) == [a * b for a, b in zip(alpha, net.b, strict=True)]
        assert list(rescaled.v) == [v / a for a, v in zip(alpha, net.v, strict=True)]


@given(net=relu_networks(arithmetic="float", coincident=True, antipodal=True, zero_neurons=True), data=st.data())
@settings(max_examples=scaled_examples(0.5))
def test_rescaling_keeps_the_function_in_float(net, data):
    alpha = data.draw(st.lists(positive_scales(arithmetic="float", min_value=Fraction(1, 10), max_value=10),
                               min_size=net.width, max_size=net.width))
    assert_same_function(net.rescale(np.array(alpha)) if net.width else net, net, sample_points(net, n=4))


@given(net=exact_networks, data=st.data())
@settings(max_examples=scaled_examples(0.5))
def test_rescaling_keeps_the_path_norm(net, data):
    alpha = data.draw(_per_neuron_scales(net))
    if not net.width:
        return
    rescaled = net.rescale(np.array(alpha, dtype=object))
    sq, sq_rescaled = net.neuron_norms_squared(), rescaled.neuron_norms_squared()
    for k in range(net.width):  # per neuron, exactly: (v/a)^2 ||a w||^2 = v^2 ||w||^2
        assert rescaled.v[k] ** 2 * sq_rescaled[k] == net.v[k] ** 2 * sq[k]
    agree = Agreement("rescaling.invariance", dps=DPS, lost_digits=3)  # sums of K square roots
    with mpmath.workdps(DPS):
        pn = net.as_mp().path_norm()
        agree.compare(rescaled.as_mp().path_norm(), pn, scale=pn)
    assert agree.result().verdict is Verdict.CONSISTENT


# -- rescaling.parity -------------------------------------------------------------------------------------------------
@given(net=exact_networks)
@settings(max_examples=scaled_examples(0.5))  # exact evaluation on object arrays: ~40 ms per example
def test_antipodal_twin_is_affine(net):
    twins = net.with_neurons(-net.W, -net.b, -net.v) if net.width else net
    X = sample_points(net, n=4)
    c = net.c + sum((v * w for w, _, v in net.neurons()), start=np.zeros(net.dim, dtype=object))
    c0 = net.c0 - sum((v * b for _, b, v in net.neurons()), start=Fraction(0))
    affine = ReLUNetwork(np.empty((0, net.dim), dtype=object), [], [], c, c0)
    assert_same_function(twins, affine, X)
    for z in (Fraction(-3, 2), Fraction(0), Fraction(5, 7)):
        assert relu(z) - relu(-z) == z and relu(z) + relu(-z) == abs(z)


# -- rescaling.amgm ---------------------------------------------------------------------------------------------------
@given(net=exact_networks)
@settings(max_examples=scaled_examples(0.5))  # exact evaluation on object arrays: ~40 ms per example
def test_weight_decay_bounds_path_norm(net):
    sq = net.neuron_norms_squared()
    total = Fraction(0)
    for k in range(net.width):
        wd = net[k].weight_decay()
        total += wd
        pn2 = net.v[k] ** 2 * sq[k]  # (|v| ||w||)^2, exactly
        assert wd * wd >= pn2  # both sides are non-negative
        assert (wd * wd == pn2) == (net.v[k] ** 2 == sq[k])  # equality iff balanced
    assert net.weight_decay() == total
    with mpmath.workdps(DPS):
        assert net.as_mp().weight_decay() >= net.as_mp().path_norm()


@given(net=exact_networks.filter(lambda n: n.width > 0))
@settings(max_examples=scaled_examples(0.25))
def test_exact_path_norm_of_a_neuron_squares_to_a_rational(net):
    for k in range(net.width):  # the exact path norm is a sympy expression |v| sqrt(||w||^2)
        assert _square(net[k].path_norm()) == net.v[k] ** 2 * net.neuron_norms_squared()[k]


# -- rescaling.balance ------------------------------------------------------------------------------------------------
@given(net=relu_networks(arithmetic="mp", coincident=True, antipodal=True, zero_neurons=True))
@settings(max_examples=scaled_examples(0.3))  # 50-digit evaluation at every sample point
def test_balanced_weight_decay_is_path_norm(net):
    agree = Agreement("rescaling.balance", dps=DPS, lost_digits=5)  # a few digits for sums of square roots
    with mpmath.workdps(DPS):
        balanced = net.balanced()
        pn = net.path_norm()
        agree.compare(balanced.weight_decay(), pn + _half_dead_weight_decay(net), scale=net.weight_decay())
        agree.at_least(net.weight_decay(), balanced.weight_decay(), scale=net.weight_decay())
        agree.compare(balanced.path_norm(), pn, scale=pn)
        for k, (w, _, v) in enumerate(balanced.neurons()):
            if v != 0 and any(x != 0 for x in w):
                agree.compare(abs(v), balanced.neuron_norms()[k], instance=f"neuron {k} balanced")
        assert_same_function(balanced, net, dps=DPS)
    result = agree.result()
    assert result.verdict is Verdict.CONSISTENT, result


@given(net=relu_networks(arithmetic="exact", min_width=1, max_width=1, affine=False), alpha=positive_scales())
def test_alpha_star_minimises_weight_decay(net, alpha):
    # any rational rescaling has weight decay >= |v| ||w|| (compared through exact squares) ...
    wd = net.rescale(alpha).weight_decay()
    assert wd * wd >= net.v[0] ** 2 * net.neuron_norms_squared()[0]
    # ... and the derived alpha* (sympy, evaluated in mpmath) is what balancing_scales() uses and attains it
    star = sympy.lambdify((BALANCE.results["a"], BALANCE.results["n"]), BALANCE.results["alpha_star"], "mpmath")
    agree = Agreement("rescaling.balance", dps=DPS)
    with mpmath.workdps(DPS):
        mp = net.as_mp()
        a, n = abs(mp.v[0]), mp.neuron_norms()[0]
        if a != 0 and n != 0:
            s = star(a, n)
            agree.compare(mp.balancing_scales()[0], s)
            agree.compare(mp.rescale(s).weight_decay(), mp.path_norm())
            agree.at_least(mp.rescale(alpha).weight_decay(), mp.rescale(s).weight_decay(), scale=a * n)
    if agree.instances:
        assert agree.result().verdict is Verdict.CONSISTENT


# -- rescaling.neural_balance ------------------------------------------------------------------------------------------
@given(net=relu_networks(arithmetic="mp", min_width=1, zero_neurons=True), data=st.data())
@settings(max_examples=scaled_examples(0.5))
def test_rebalancing_lowers_the_objective(net, data):
    X, y = data.draw(datasets(dim=net.dim, min_size=2, max_size=6, arithmetic="exact"))
    lam = data.draw(positive_scales(min_value=Fraction(1, 10), max_value=10))
    agree = Agreement("rescaling.neural_balance", dps=DPS, lost_digits=5)  # sums of squares of K-term sums
    with mpmath.workdps(DPS):
        lam_mp = mpmath.mpf(lam.numerator) / lam.denominator

        def objective(theta: ReLUNetwork) -> object:
            r = [f - t for f, t in zip(theta(X), y, strict=True)]
            return sum((x * x for x in r), start=mpmath.mpf(0)) / 2 + lam_mp * theta.weight_decay()

        balanced = net.balanced()
        before, after = objective(net), objective(balanced)
        norms = net.neuron_norms()
        gap = sum((lam_mp / 2 * (abs(v) - n) ** 2 for v, n in zip(net.v, norms, strict=True) if v != 0 and n != 0),
                  start=mpmath.mpf(0))
        agree.compare(before - after, gap, scale=before)
        agree.at_least(before, after, scale=before)
    assert agree.result().verdict is Verdict.CONSISTENT, agree.result()


def _objective_and_gradient(theta: np.ndarray, X: np.ndarray, y: np.ndarray, lam: float, K: int
                            ) -> tuple[float, np.ndarray]:
    """J = 1/2 sum (f(x_i) - y_i)^2 + lam/2 sum_k (v_k^2 + ||w_k||^2) and its gradient, theta = (W, b, v, c, c0)."""
    d = X.shape[1]
    W = theta[: K * d].reshape(K, d)
    b, v = theta[K * d: K * d + K], theta[K * d + K: K * d + 2 * K]
    c, c0 = theta[K * d + 2 * K: K * d + 2 * K + d], theta[-1]
    pre = X @ W.T - b
    mask = (pre > 0).astype(float)
    r = (pre * mask) @ v + X @ c + c0 - y
    J = 0.5 * r @ r + 0.5 * lam * (v @ v + np.sum(W * W))
    gW = ((r[:, None] * mask * v[None, :]).T @ X) + lam * W
    gb = -(r[:, None] * mask * v[None, :]).sum(axis=0)
    gv = (pre * mask).T @ r + lam * v
    return J, np.concatenate([gW.ravel(), gb, gv, X.T @ r, [r.sum()]])


@given(net=relu_networks(arithmetic="float", min_dim=1, max_dim=2, min_width=2, max_width=3, max_magnitude=2),
       data=st.data())
@settings(max_examples=scaled_examples(0.1))
def test_trained_networks_are_balanced_up_to_their_gradient(net, data):
    """Train with weight decay (BFGS from a generated start).  Along neuron k's rescaling direction
    (-v_k, w_k, b_k) the gradient of J is exactly lam (||w_k||^2 - v_k^2) (the loss part cancels by homogeneity), so
    a point with a small gradient is nearly balanced: |lam (||w_k||^2 - v_k^2)| <= ||grad_k|| ||(v_k, w_k, b_k)||."""
    from scipy.optimize import minimize

    X, y = data.draw(datasets(dim=net.dim, min_size=3, max_size=6, arithmetic="float", max_magnitude=4))
    lam, K, d = 0.1, net.width, net.dim
    theta0 = np.concatenate([net.W.ravel(), net.b, net.v, net.c, [net.c0]]).astype(float)
    res = minimize(_objective_and_gradient, theta0, args=(X, y, lam, K), jac=True, method="BFGS",
                   options={"maxiter": 300})
    theta = res.x
    _, grad = _objective_and_gradient(theta, X, y, lam, K)
    W, b, v = theta[: K * d].reshape(K, d), theta[K * d: K * d + K], theta[K * d + K: K * d + 2 * K]
    gW, gb, gv = grad[: K * d].reshape(K, d), grad[K * d: K * d + K], grad[K * d + K: K * d + 2 * K]
    pre = X @ W.T - b
    r = np.maximum(pre, 0) @ v + X @ theta[K * d + 2 * K: K * d + 2 * K + d] + theta[-1] - y
    for k in range(K):
        along = -v[k] * gv[k] + W[k] @ gW[k] + b[k] * gb[k]  # d/dt J(v/t, t w, t b) at t = 1
        imbalance = lam * (W[k] @ W[k] - v[k] ** 2)
        # the size of the terms that cancel in `along`: |v_k| sum_i [z_ik > 0] |r_i| (|w_k| . |x_i| + |b_k|)
        active = pre[:, k] > 0
        loss_scale = abs(v[k]) * np.sum(np.abs(r[active]) * (np.abs(X[active]) @ np.abs(W[k]) + abs(b[k])))
        terms = loss_scale + lam * (W[k] @ W[k] + v[k] ** 2)
        assert abs(along - imbalance) <= FLOAT_RTOL * terms  # the identity behind neural balance
        bound = np.linalg.norm([gv[k], *gW[k], gb[k]]) * np.linalg.norm([v[k], *W[k], b[k]])
        assert abs(imbalance) <= bound + FLOAT_RTOL * terms


# -- rescaling.lasso ---------------------------------------------------------------------------------------------------
@given(net=relu_networks(arithmetic="mp", zero_neurons=True, coincident=True))
@settings(max_examples=scaled_examples(0.5))
def test_unit_norm_form_has_the_path_norm_as_l1(net):
    # normalise every neuron with w != 0 to ||w|| = 1 (output weight u = v ||w||); w = 0 neurons are constants and
    # v = 0 neurons are dropped (they contribute nothing to the function nor to the l1 norm)
    with mpmath.workdps(DPS):
        norms = net.neuron_norms()
        live = [k for k in range(net.width) if norms[k] != 0 and net.v[k] != 0]
        constant = sum((v * relu(-b) for w, b, v in net.neurons() if not any(x != 0 for x in w)), start=net.c0)
        unit = ReLUNetwork(np.array([net.W[k] / norms[k] for k in live], dtype=object).reshape(len(live), net.dim),
                           [net.b[k] / norms[k] for k in live], [net.v[k] * norms[k] for k in live], net.c, constant)
        assert_same_function(unit, net, dps=DPS)
        agree = Agreement("rescaling.lasso", dps=DPS, lost_digits=5)
        l1 = sum((abs(u) for u in unit.v), start=mpmath.mpf(0))
        agree.compare(l1, net.path_norm(), scale=l1)  # ||u||_1 = path norm
        agree.compare(unit.path_norm(), l1, scale=l1)  # unit neurons: path norm = ||u||_1
        balanced = unit.balanced()
        agree.compare(balanced.weight_decay(), l1, scale=l1)  # and the balanced factorisation has WD = ||u||_1
        agree.at_least(net.weight_decay(), l1, scale=l1)  # AM-GM: WD >= path norm
        assert agree.result().verdict is Verdict.CONSISTENT, agree.result()


# -- rescaling.width_monotonicity -------------------------------------------------------------------------------------
@given(net=exact_networks, data=st.data())
@settings(max_examples=scaled_examples(0.5))
def test_padding_with_zero_neurons_keeps_the_objective(net, data):
    X, _ = data.draw(datasets(dim=net.dim, min_size=1, max_size=5, arithmetic="exact"))
    pads = data.draw(st.integers(1, 3))
    biases = data.draw(st.lists(scalars(arithmetic="exact"), min_size=pads, max_size=pads))
    padded = net.with_neurons(np.zeros((pads, net.dim), dtype=object), biases, [0] * pads)
    assert padded.width == net.width + pads
    assert list(padded(X)) == list(net(X))
    assert padded.weight_decay() == net.weight_decay()
    assert padded.path_norm() == net.path_norm()  # the zero neurons add exact zeros to the sympy sum
    assert padded[: net.width] == net


# -- rescaling.secret_sparsity ----------------------------------------------------------------------------------------
@st.composite
def lasso_problems(draw: st.DrawFn) -> checks.LassoProblem:
    d = draw(st.sampled_from([1, 2]))
    X, y = draw(datasets(dim=d, min_size=5, max_size=8, arithmetic="exact"))
    M = draw(st.integers(len(y) + 1, 3 * len(y)))
    if d == 1:
        W = [[Fraction(draw(st.sampled_from([-1, 1])))] for _ in range(M)]
    else:
        ts = draw(st.lists(scalars(arithmetic="exact", max_magnitude=4), min_size=M, max_size=M))
        W = [[(1 - t * t) / (1 + t * t), 2 * t / (1 + t * t)] for t in ts]
    b = draw(st.lists(scalars(arithmetic="exact"), min_size=M, max_size=M))
    problem = checks.LassoProblem(X, y, W, b, Fraction(1))
    problem.lam = problem.lambda_max() * draw(st.fractions(Fraction(1, 20), Fraction(9, 10), max_denominator=20))
    return problem


@given(problem=lasso_problems())
@settings(max_examples=scaled_examples(0.15))  # an exact KKT solve per example
def test_lasso_solutions_are_sparse(problem):
    if problem.lam == 0 or problem.reduced([], []) is None:  # lambda_max = 0, or the affine fit is not unique
        return
    cert = problem.certify()
    assert cert is not None  # the exact homotopy certifies every other instance, tied neurons included
    u, c = cert
    r = problem.residual(u, c)
    assert all(abs(problem.correlation(j, r)) <= problem.lam for j in range(problem.M))  # KKT, exactly
    assert len(u) <= problem.N - (problem.d + 1) < problem.M  # few active neurons out of M > N


# -- derivations ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("derive", [theory.derive_homogeneity, theory.derive_invariance, theory.derive_parity,
                                    theory.derive_amgm, theory.derive_balance, theory.derive_neural_balance,
                                    theory.derive_lasso, theory.derive_width_monotonicity])
def test_derivations_are_closed_by_sympy(derive):
    derivation = derive()
    assert derivation.verdict is Verdict.PROVED, derivation.message
    assert derivation.latex() and derivation.pretty()


def test_balance_derivation_solves_for_alpha_star():
    d = theory.derive_balance()
    a, n = d.results["a"], d.results["n"]
    assert sympy.simplify(d.results["alpha_star"] - sympy.sqrt(a / n)) == 0
    assert sympy.simplify(d.results["minimum"] - a * n) == 0
    text = d.latex()
    for piece in ("Objective", "Derivative", "Solve", "Second derivative", "Value at", "Conclusion"):
        assert piece in text


# -- numeric checks at their defaults, and their negative controls ----------------------------------------------------
@pytest.mark.parametrize("check, verdict", [
    (checks.check_homogeneity, Verdict.PROVED),
    (checks.check_invariance, Verdict.PROVED),
    (checks.check_parity, Verdict.PROVED),
    (checks.check_amgm, Verdict.PROVED),
    (checks.check_balance, Verdict.CONSISTENT),
    (checks.check_neural_balance, Verdict.CONSISTENT),
    (checks.check_lasso, Verdict.CONSISTENT),
    (checks.check_width_monotonicity, Verdict.PROVED),
    (checks.check_secret_sparsity, Verdict.CONSISTENT),
])
def test_checks_pass(check, verdict):
    result = check(dps=DPS, examples=4, seed=1)
    assert result.verdict is verdict, result
    assert result.instances > 0


def _l1_path_norm(net: ReLUNetwork) -> object:
    return sum((abs(v) * sum(abs(x) for x in w) for w, _, v in net.neurons()), start=Fraction(0))


@pytest.mark.parametrize("check, wrong", [
    (checks.check_homogeneity, {"scales": [Fraction(-2), Fraction(-1, 3)]}),
    (checks.check_invariance, {"bias_scale": lambda a: 1 / a}),
    (checks.check_parity, {"twin": lambda w, b, v: (-w, b, -v)}),
    (checks.check_amgm, {"path_norm": _l1_path_norm}),
    (checks.check_balance, {"alpha_star": lambda a, n: a / n}),
    (checks.check_balance, {"regularize_bias": True}),
    (checks.check_neural_balance, {"regularize_bias": True}),
    (checks.check_lasso, {"regularize_bias": True}),
    (checks.check_width_monotonicity, {"padding": lambda d, rng: ([Fraction(1)] * d, Fraction(0), Fraction(0))}),
    (checks.check_secret_sparsity, {"penalty": "ridge"}),
], ids=["homogeneity-negative-alpha", "invariance-bias-over-alpha", "parity-twin-keeps-bias", "amgm-l1-path-norm",
        "balance-alpha-star-a-over-n", "balance-bias-regularized", "neural-balance-bias-regularized",
        "lasso-bias-regularized", "width-padding-with-a-dead-neuron", "sparsity-ridge-instead-of-l1"])
def test_negative_controls_are_refuted(check, wrong):
    result = check(dps=DPS, examples=4, seed=2, **wrong)
    assert result.verdict is Verdict.REFUTED, result
    assert result.worst_instance


@pytest.mark.parametrize("name", [n for n in checks.__all__ if n.startswith("check_")])
def test_checks_reject_a_low_precision(name):
    with pytest.raises(InvalidInput, match="dps"):
        getattr(checks, name)(dps=10, examples=1)


# -- the instances of the checks have the structure their labels claim -------------------------------------------------
def _multiple(p: list[Fraction], q: list[Fraction]) -> Fraction | None:
    """The s with q = s p (p, q: a neuron's (w, b)), or None when q is not a multiple of p (p has w != 0)."""
    k = next(i for i, x in enumerate(p[:-1]) if x != 0)
    s = q[k] / p[k]
    return s if all(y == s * x for x, y in zip(p, q, strict=True)) else None


def _structure(net: ReLUNetwork) -> set[str]:
    """Which special neurons a network has: coincident (positive multiple of another neuron's (w, b)), antipodal
    (negative multiple), dead (v = 0, w != 0), constant (w = 0, v != 0)."""
    tags: set[str] = set()
    rows = [[*w, b] for w, b, _ in net.neurons()]
    live = [k for k in range(net.width) if any(x != 0 for x in net.W[k])]
    for i in live:
        for j in live:
            s = _multiple(rows[i], rows[j]) if i < j else None
            if s is not None:
                tags.add("coincident" if s > 0 else "antipodal")
    tags |= {"dead" for k in live if net.v[k] == 0}
    tags |= {"constant" for k in range(net.width) if k not in live and net.v[k] != 0}
    return tags


def test_the_special_networks_have_the_neurons_they_claim():
    concrete = dict(checks.example_networks(0, 0))
    assert _structure(concrete["coincident/antipodal/zero neurons"]) == {"coincident", "antipodal", "dead",
                                                                          "constant"}
    assert _structure(concrete["catalog neuron v=3, w=(1/2,-2,1)"]) == set()
    randoms = [net for seed in range(3) for _, net in checks.example_networks(40, seed)[2:]]
    for tag in ("coincident", "antipodal", "dead", "constant"):  # each drawn with probability 0.15 to 0.4
        assert sum(tag in _structure(net) for net in randoms) >= 5, tag
    # negative controls: the predicate sees through near misses
    assert _structure(ReLUNetwork([[1, 2], [2, 4]], [1, 3], [1, 1])) == set()  # bias not scaled with w
    assert _structure(ReLUNetwork([[1, 2], [-2, -4]], [1, -2], [1, 1])) == {"antipodal"}
    assert _structure(ReLUNetwork([[0, 0], [1, 0]], [1, 0], [0, 1])) == set()  # w = 0 and v = 0: contributes nothing


def _on_dictionary(net: ReLUNetwork, problem: checks.LassoProblem) -> bool:
    """Every neuron is a positive multiple of a dictionary neuron (w_j, b_j)."""
    atoms = [[*w, b] for w, b in zip(problem.W, problem.b, strict=True)]
    return all(any((s := _multiple(atom, [*w, b])) is not None and s > 0 for atom in atoms)
               for w, b, _ in net.neurons())


def test_lasso_networks_are_on_the_dictionary(monkeypatch):
    """The networks whose objectives check_lasso compares with P* are built from the dictionary's neurons (positive
    multiples, duplicates included), as the check documents."""
    problems, seen = [], []
    instances, fit_objective = lasso_checks.lasso_instances, lasso_checks.fit_objective

    def record_instances(*args, **kwargs):
        out = instances(*args, **kwargs)
        problems.extend(p for _, p, _ in out[0])
        return out

    def record_fit(net, X, *args):
        seen.append((net, X))
        return fit_objective(net, X, *args)

    monkeypatch.setattr(lasso_checks, "lasso_instances", record_instances)
    monkeypatch.setattr(lasso_checks, "fit_objective", record_fit)
    assert checks.check_lasso(dps=DPS, examples=4, seed=1).verdict is Verdict.CONSISTENT
    exact = [(net, X) for net, X in seen if net.arithmetic == "exact"]  # (the balanced network is mp, rounded)
    assert problems and len(exact) >= 6 * len(problems)  # unit-norm, 2 rescaled, 3 random networks per instance
    duplicates = 0
    for net, X in exact:
        problem = next(p for p in problems if p.X is X)
        assert _on_dictionary(net, problem), net
        rows = [tuple(x / abs(next(e for e in w if e != 0)) for x in [*w, b]) for w, b, _ in net.neurons()]
        duplicates += len(rows) != len(set(rows))
    assert duplicates > 0  # "duplicated neurons included"
    problem = problems[0]
    w, b = problem.W[0], problem.b[0]
    assert not _on_dictionary(ReLUNetwork([[-x for x in w]], [-b], [1]), problem)  # negative controls
    assert not _on_dictionary(ReLUNetwork([w], [b + Fraction(1, 7)], [1]), problem)


def test_exact_square_of_rationals_and_of_square_roots():
    assert checks.exact_square(Fraction(-3, 2)) == Fraction(9, 4)
    assert checks.exact_square(3) == 9 and isinstance(checks.exact_square(3), Fraction)
    assert checks.exact_square(Fraction(3, 2) * sympy.sqrt(21)) == Fraction(189, 4)
    with pytest.raises(TypeError, match="not rational"):
        checks.exact_square(1 + sympy.sqrt(2))


def _rational_path_norm(net: ReLUNetwork, factor: int = 1) -> object:
    """The exact path norm as a Fraction where it is rational (so check_amgm squares a Fraction), else sympy."""
    pn = net.path_norm()
    return Fraction(int(pn.p), int(pn.q)) * factor if pn.is_Rational else pn


def test_amgm_with_rational_path_norms():
    assert checks.check_amgm(dps=DPS, examples=4, seed=1, path_norm=_rational_path_norm).verdict is Verdict.PROVED
    wrong = checks.check_amgm(dps=DPS, examples=4, seed=1, path_norm=lambda n: _rational_path_norm(n, 2))
    assert wrong.verdict is Verdict.REFUTED  # negative control: twice the (rational) path norm
