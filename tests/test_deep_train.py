"""Tests of radontv.deep.train: weight-decay training of stacked linear layers and deep ReLU networks.

Expected values come from independent routes: singular-value soft thresholding in exact rationals (L = 2, the
closed form of min_W ||W - T||^2/2 + lam ||W||_*), a 50-digit mpmath root per singular value (L >= 3), the certified
TV^2 regression optimum of radontv.regression (a one-layer network on 1-D data), and central finite differences
for the analytic gradients.  Each check has a negative control: a deliberately wrong variant it must reject.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radontv import InvalidInput
from radontv.deep import DeepReLUNetwork
from radontv.deep.train import (
    deep_network_objective,
    linear_stack_objective,
    linear_stack_optimum,
    train_deep_network,
    train_linear_stack,
)
from radontv.regression import tv2_regression
from radontv.testing import scaled_examples

S = [Fraction(5), Fraction(3), Fraction(3, 2), Fraction(3, 5), Fraction(3, 10)]  # singular values of the target
LAM = Fraction(1)  # between 3/5 and 3/2: soft thresholding keeps three singular values


def _target(s: list[Fraction], m: int = 6, n: int = 5, seed: int = 1) -> np.ndarray:
    """T = U diag(s) V^T with orthonormal U, V (QR of seeded normal matrices): its singular values are s."""
    rng = np.random.default_rng(seed)
    U, _ = np.linalg.qr(rng.standard_normal((m, len(s))))
    V, _ = np.linalg.qr(rng.standard_normal((n, len(s))))
    return U @ np.diag([float(x) for x in s]) @ V.T


def _soft_threshold_value(s: list[Fraction], lam: Fraction, penalty: Fraction = Fraction(1)) -> Fraction:
    """Exact min over x >= 0 of sum (x - s_i)^2/2 + penalty*lam*x: lam' s - lam'^2/2 above lam' = penalty*lam."""
    t = penalty * lam
    return sum((t * si - t * t / 2 if si > t else si * si / 2 for si in s), Fraction(0))


def _mp_scalar_optimum(s: float, L: int, lam: float) -> mpmath.mpf:
    """min over x >= 0 of (x - s)^2/2 + lam (L/2) x^(2/L) at 50 digits: the largest root of the stationarity
    equation x + lam x^(2/L - 1) = s (Newton from x = s, where the left side exceeds s) against x = 0."""
    with mpmath.workdps(50):
        s_, lam_, p = mpmath.mpf(s), mpmath.mpf(lam), mpmath.mpf(2) / L

        def q(x):
            return (x - s_) ** 2 / 2 + lam_ * L / 2 * x ** p

        try:
            x = mpmath.findroot(lambda t: t + lam_ * t ** (p - 1) - s_, s_)
        except (ValueError, ZeroDivisionError):
            return q(mpmath.mpf(0))
        if not (mpmath.im(x) == 0 and x > 0):
            return q(mpmath.mpf(0))
        return min(q(mpmath.re(x)), q(mpmath.mpf(0)))


def _close(a: float, b: float, rtol: float) -> bool:
    return abs(a - b) <= rtol * max(abs(a), abs(b))


# -- the global optimum of the linear stack ------------------------------------------------------------------------
def test_optimum_l2_is_soft_thresholding_exactly():
    opt = linear_stack_optimum(_target(S), 2, float(LAM))
    expected = _soft_threshold_value(S, LAM)
    assert _close(opt.value, float(expected), 1e-13)
    assert opt.rank == sum(1 for s in S if s > LAM) == 3
    assert np.allclose(opt.singular_values, [max(float(s - LAM), 0.0) for s in S], rtol=1e-13, atol=0)
    # negative control: (L/2) replaced by L (threshold 2 lam) is a different value, which the comparison rejects
    assert not _close(opt.value, float(_soft_threshold_value(S, LAM, penalty=Fraction(2))), 1e-3)


@given(st.lists(st.fractions(Fraction(1, 100), Fraction(10), max_denominator=100), min_size=1, max_size=4),
       st.fractions(Fraction(1, 100), Fraction(5), max_denominator=100), st.sampled_from([3, 4, 6]))
@settings(max_examples=scaled_examples(0.3))
def test_optimum_matches_independent_scalar_minimization(s, lam, L):
    s = sorted(s, reverse=True)
    T = np.diag([float(x) for x in s])
    got = linear_stack_optimum(T, L, float(lam)).value
    expected = float(sum(_mp_scalar_optimum(float(x), L, float(lam)) for x in s))
    assert _close(got, expected, 1e-10)
    assert _close(linear_stack_optimum(T, 2, float(lam)).value, float(_soft_threshold_value(s, lam)), 1e-13)
    assert _close(linear_stack_optimum(T, 1, float(lam)).value,
                  float(sum(lam * x * x / (2 * (1 + lam)) for x in s)), 1e-13)


def test_optimum_scales_with_target_and_lambda():
    """T -> aT with lam -> a^(2 - 2/L) lam: the optimum scales by a^2, its rank is unchanged."""
    T = _target(S)
    for L in (2, 3):
        base = linear_stack_optimum(T, L, 1.0)
        for a in (1e-8, 1e8):
            scaled = linear_stack_optimum(a * T, L, a ** (2 - 2 / L))
            assert _close(scaled.value, a * a * base.value, 1e-11)
            assert scaled.rank == base.rank


# -- training the linear stack ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["lbfgs", "gd"])
def test_trained_l2_stack_reaches_soft_thresholding_and_never_below(method):
    T = _target(S)
    res = train_linear_stack(T, 2, float(LAM), method=method)
    expected = float(_soft_threshold_value(S, LAM))
    assert res.converged
    assert res.objective >= expected * (1 - 1e-12)  # never below the closed form
    assert _close(res.objective, expected, 1e-8)
    assert res.rank(1e-4) == 3  # singular values below lam are driven to ~0
    assert np.allclose(res.singular_values[-1], [max(float(s - LAM), 0.0) for s in S], rtol=0,
                       atol=1e-5 * float(S[0]))
    assert res.singular_values.shape == (res.iterations + 1, 5)
    assert res.history.shape == (res.iterations + 1,) and res.history[-1] <= res.history[0]
    # the recorded objective is the objective of the returned factors (independent evaluation)
    P = res.product
    direct = 0.5 * np.sum((P - T) ** 2) + 0.5 * float(LAM) * sum(np.sum(W * W) for W in res.factors)
    assert _close(res.objective, float(direct), 1e-12)
    # negative control: a wrong "optimum" ((L/2) replaced by L) lies above the trained objective, so the
    # never-below assertion would reject it
    assert res.objective < float(_soft_threshold_value(S, LAM, penalty=Fraction(2))) * (1 - 1e-3)


def test_without_weight_decay_the_rank_is_not_reduced():
    """Negative control of the low-rank mechanism: with lam = 0 all five singular values survive."""
    res = train_linear_stack(_target(S), 2, 0.0)
    assert res.rank(1e-4) == 5
    assert res.rank(1e-4) != linear_stack_optimum(_target(S), 2, float(LAM)).rank


@pytest.mark.parametrize("L", [3, 4])
def test_deeper_stacks_are_never_below_the_optimum(L):
    T = _target(S)
    opt = linear_stack_optimum(T, L, 1.0)
    for seed in range(3):
        res = train_linear_stack(T, L, 1.0, seed=seed)
        assert res.objective >= opt.value * (1 - 1e-12)
        # the trained weight decay is at least the Schatten value (L/2) sum s^(2/L) of the product (E6)
        s = np.linalg.svd(res.product, compute_uv=False)
        s[s < 1e-12 * s[0]] = 0.0  # singular values at rounding level (s^(2/L) would amplify them)
        wd = 0.5 * sum(np.sum(W * W) for W in res.factors)
        assert wd >= 0.5 * L * np.sum(s ** (2 / L)) * (1 - 1e-10)
        assert res.rank(1e-4) <= 5
    if L == 3:  # well-separated singular values: training finds the global optimum and its rank
        assert _close(res.objective, opt.value, 1e-8) and res.rank(1e-4) == opt.rank == 2


def test_training_is_scale_invariant():
    T = _target(S)
    base = train_linear_stack(T, 2, 1.0)
    for a in (1e-8, 1e8):
        res = train_linear_stack(a * T, 2, a)
        assert res.rank(1e-4) == base.rank(1e-4) == 3
        assert _close(res.objective, a * a * base.objective, 1e-7)


def test_training_is_deterministic():
    a = train_linear_stack(_target(S), 3, 1.0, seed=5)
    b = train_linear_stack(_target(S), 3, 1.0, seed=5)
    c = train_linear_stack(_target(S), 3, 1.0, seed=6)
    assert all(np.array_equal(x, y) for x, y in zip(a.factors, b.factors, strict=True))
    assert np.array_equal(a.singular_values, b.singular_values)
    assert not np.array_equal(a.factors[0], c.factors[0])


def test_data_fit_with_orthonormal_inputs_equals_the_matrix_problem():
    """With X^T X = I the data fit ||X P^T - Y||^2 differs from ||P - (X^T Y)^T||^2 by a constant."""
    rng = np.random.default_rng(3)
    X, _ = np.linalg.qr(rng.standard_normal((20, 5)))
    T = _target(S)  # (6, 5): P maps R^5 -> R^6
    Y = X @ T.T + 0.0
    res = train_linear_stack(Y, 2, float(LAM), X=X)
    assert _close(res.objective, float(_soft_threshold_value(S, LAM)), 1e-8)
    assert res.rank(1e-4) == 3


# -- analytic gradients against finite differences ----------------------------------------------------------------
def _fd_error(fun, theta: np.ndarray, grad: np.ndarray, seed: int = 0, directions: int = 6) -> float:
    """Largest relative error of g.u against the central difference (J(theta + h u) - J(theta - h u)) / 2h along
    random unit directions u, relative to |g| (h scaled to |theta|)."""
    rng = np.random.default_rng(seed)
    h = 1e-6 * (np.linalg.norm(theta) / np.sqrt(theta.size) + 1e-300)
    worst = 0.0
    for _ in range(directions):
        u = rng.standard_normal(theta.size)
        u /= np.linalg.norm(u)
        fd = (fun(theta + h * u) - fun(theta - h * u)) / (2 * h)
        worst = max(worst, abs(fd - grad @ u) / np.linalg.norm(grad))
    return worst


@pytest.mark.parametrize("with_data", [False, True])
def test_linear_stack_gradient_matches_finite_differences(with_data):
    rng = np.random.default_rng(7)
    shapes = [(4, 5), (4, 4), (3, 4)]
    factors = [rng.standard_normal(s) for s in shapes]
    X = rng.standard_normal((9, 5)) if with_data else None
    target = rng.standard_normal((9, 3)) if with_data else rng.standard_normal((3, 5))
    lam = 0.3

    def split(theta):
        out, i = [], 0
        for r, c in shapes:
            out.append(theta[i:i + r * c].reshape(r, c))
            i += r * c
        return out

    theta = np.concatenate([F.ravel() for F in factors])
    J = lambda t: linear_stack_objective(split(t), target, lam, X=X)[0]  # noqa: E731
    grad = np.concatenate([g.ravel() for g in linear_stack_objective(factors, target, lam, X=X)[1]])
    assert _fd_error(J, theta, grad) < 1e-6
    # negative controls: the weight-decay term dropped, and the transposes of the chain rule swapped
    wrong = grad - lam * theta
    assert _fd_error(J, theta, wrong) > 1e-3
    if X is None:  # dJ/dW_1 = W_2^T W_3^T G + lam W_1; the wrong variant forgets the transpose of W_2
        G = factors[2] @ factors[1] @ factors[0] - target
        wrong2 = grad.copy()
        wrong2[:20] = (factors[1] @ factors[2].T @ G + lam * factors[0]).ravel()
        assert _fd_error(J, theta, wrong2) > 1e-3


def _random_layers(rng, dims, widths):
    return [{"W": rng.standard_normal((K, din)), "b": rng.standard_normal(K) * 0.3,
             "V": rng.standard_normal((K, dout)), "C": rng.standard_normal((din, dout)),
             "c0": rng.standard_normal(dout)} for K, din, dout in zip(widths, dims[:-1], dims[1:], strict=True)]


def test_deep_network_gradient_matches_finite_differences():
    rng = np.random.default_rng(11)
    dims, widths = [3, 2, 2], [6, 5]
    layers = _random_layers(rng, dims, widths)
    X, Y, lam = rng.standard_normal((15, 3)), rng.standard_normal((15, 2)), 0.2
    keys = ("W", "b", "V", "C", "c0")

    def pack(ls):
        return np.concatenate([np.ravel(p[k]) for p in ls for k in keys])

    def unpack(theta):
        out, i = [], 0
        for p in layers:
            q = {}
            for k in keys:
                q[k] = theta[i:i + p[k].size].reshape(p[k].shape)
                i += p[k].size
            out.append(q)
        return out

    theta = pack(layers)
    J = lambda t: deep_network_objective(unpack(t), X, Y, lam)[0]  # noqa: E731
    J0, grads = deep_network_objective(layers, X, Y, lam)
    grad = pack(grads)
    assert _fd_error(J, theta, grad, directions=10) < 1e-7
    # the objective itself against a plain forward pass written out here
    Z = X
    for p in layers:
        Z = np.maximum(Z @ p["W"].T - p["b"], 0) @ p["V"] + Z @ p["C"] + p["c0"]
    wd = 0.5 * sum(np.sum(p["W"] ** 2) + np.sum(p["V"] ** 2) for p in layers)
    assert _close(J0, 0.5 * np.sum((Z - Y) ** 2) + lam * wd, 1e-13)
    # negative controls: the gradient of the biases regularized as well, and the skip term's gradient dropped
    wrong = [dict(g) for g in grads]
    wrong[0]["b"] = grads[0]["b"] + lam * layers[0]["b"]
    assert _fd_error(J, theta, pack(wrong), directions=10) > 1e-5
    wrong = [dict(g) for g in grads]
    wrong[1]["C"] = np.zeros_like(grads[1]["C"])
    assert _fd_error(J, theta, pack(wrong), directions=10) > 1e-5


# -- training deep ReLU networks -----------------------------------------------------------------------------------
def _data_1d(n: int = 12, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-1, 1, n))
    return x, np.sin(3 * x) + 0.2 * rng.standard_normal(n)


def test_one_layer_training_is_never_below_the_certified_tv2_optimum():
    """A one-layer network on 1-D data: min J = min 1/2 sum (f - y)^2 + lam TV^2(f) (PN21 Thm 8, K >= N - 2)."""
    x, y = _data_1d()
    lam = 0.05
    _, cert = tv2_regression(x, y, lam)
    for seed in range(2):
        res = train_deep_network(x, y, [12], lam, skip=True, seed=seed)  # the unregularized c of PN21
        assert res.objective >= cert.dual * (1 - 1e-12)
        assert res.objective <= cert.primal * (1 + 1e-2)
    # negative control: the bound of the objective without the 1/2 on weight decay (lam doubled) is violated
    _, wrong = tv2_regression(x, y, 2 * lam)
    assert res.objective < wrong.dual


def test_trained_neurons_are_balanced():
    """At a stationary point of weight decay each neuron is balanced, ||v_k|| = ||w_k|| (NBT, catalog B5)."""
    rng = np.random.default_rng(4)
    X = rng.uniform(-1, 1, (30, 2))
    Y = np.c_[np.sin(2 * X[:, 0]), X[:, 0] * X[:, 1]]
    res = train_deep_network(X, Y, [10, 10], 0.01, bottlenecks=[2], seed=0)

    def imbalance(params):
        num = sum(np.sum(np.abs(np.sum(p["V"] ** 2, 1) - np.sum(p["W"] ** 2, 1))) for p in params)
        return num / sum(np.sum(p["V"] ** 2) + np.sum(p["W"] ** 2) for p in params)

    assert res.history[-1] < res.history[0] and res.converged
    assert imbalance(res.parameters) < 0.05  # L-BFGS stops at a near-stationary point (kinks)
    # negative control: the same function rescaled (v/2, 2w, 2b) is unbalanced and rejected
    p0 = dict(res.parameters[0])
    p0["V"], p0["W"], p0["b"] = p0["V"] / 2, p0["W"] * 2, p0["b"] * 2
    assert imbalance([p0, res.parameters[1]]) > 0.5


def test_deep_training_is_deterministic_and_decreases():
    rng = np.random.default_rng(2)
    X, Y = rng.uniform(-1, 1, (20, 2)), rng.uniform(-1, 1, (20, 3))
    a = train_deep_network(X, Y, [8, 8, 8], 1e-3, bottlenecks=[3, 3], seed=1, max_iter=200)
    b = train_deep_network(X, Y, [8, 8, 8], 1e-3, bottlenecks=[3, 3], seed=1, max_iter=200)
    c = train_deep_network(X, Y, [8, 8, 8], 1e-3, bottlenecks=[3, 3], seed=2, max_iter=200)
    assert all(np.array_equal(p[k], q[k]) for p, q in zip(a.parameters, b.parameters, strict=True) for k in p)
    assert not np.array_equal(a.parameters[0]["W"], c.parameters[0]["W"])
    assert a.objective < a.history[0]
    assert _close(a.objective, deep_network_objective(a.parameters, X, Y, 1e-3)[0], 1e-14)


def test_deep_training_is_scale_covariant():
    """X -> aX, Y -> bY, lam -> lam b^2 (b/a)^(-1/L): the same normalized problem, so the objective history scales
    by b^2 (exactly for powers of two; to rounding otherwise, over the first 60 iterations, before a nonconvex path
    may branch on rounding)."""
    rng = np.random.default_rng(3)
    X, Y, lam, L = rng.uniform(-1, 1, (15, 2)), rng.uniform(-1, 1, (15, 2)), 0.05, 2
    base = train_deep_network(X, Y, [6, 6], lam, bottlenecks=[2], seed=0, max_iter=60)
    for a, b, rtol in ((2.0 ** -20, 2.0 ** 30, 0.0), (1e-8, 1e8, 1e-10), (1e8, 1e-8, 1e-10)):
        res = train_deep_network(a * X, b * Y, [6, 6], lam * b ** 2 * (b / a) ** (-1 / L), bottlenecks=[2], seed=0,
                                 max_iter=60)
        assert res.history.shape == base.history.shape
        assert np.all(np.abs(res.history / b ** 2 - base.history) <= rtol * base.history)
        out = res.network(a * X)
        assert np.allclose(out / b, base.network(X), rtol=0, atol=1e-9 * np.max(np.abs(base.network(X))))
    # negative control: lam not rescaled is a different problem
    res = train_deep_network(1e-8 * X, 1e8 * Y, [6, 6], lam, bottlenecks=[2], seed=0, max_iter=60)
    assert not _close(res.history[-1] / 1e16, base.history[-1], 1e-3)


def test_result_builds_the_deep_network_of_the_contract():
    rng = np.random.default_rng(5)
    X, Y = rng.uniform(-1, 1, (15, 2)), rng.uniform(-1, 1, (15, 2))
    lam = 1e-2
    res = train_deep_network(X, Y, [6, 6], lam, bottlenecks=[2], seed=0, max_iter=300)
    net = res.network
    out = np.asarray(net(X), dtype=float)
    J = 0.5 * np.sum((out - Y) ** 2) + lam * float(net.weight_decay())
    assert _close(J, res.objective, 1e-12)
    assert isinstance(net, DeepReLUNetwork) and len(net.layers) == 2 and net.hidden_widths == (6, 6)
    # negative control: the objective with the biases in the weight decay differs
    wrong = J + 0.5 * lam * sum(float(np.sum(np.asarray(layer.b, float) ** 2)) for layer in net.layers)
    assert not _close(wrong, res.objective, 1e-6)


# -- bad input -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("call", [
    lambda: train_linear_stack(np.eye(3), 0, 1.0),
    lambda: train_linear_stack(np.eye(3), 2, -1.0),
    lambda: train_linear_stack(np.eye(3), 2, float("nan")),
    lambda: train_linear_stack([[1.0, np.inf]], 2, 1.0),
    lambda: train_linear_stack(np.eye(3), 2, 1.0, method="adam"),
    lambda: train_linear_stack(np.ones((4, 2)), 2, 1.0, X=np.ones((3, 2))),
    lambda: train_linear_stack(np.zeros((0, 2)), 2, 1.0),
    lambda: linear_stack_optimum(np.eye(2), 1.5, 1.0),
    lambda: train_deep_network(np.ones((3, 1)), np.ones(3), [], 1.0),
    lambda: train_deep_network(np.ones((3, 1)), np.ones(3), [2, 2], 1.0),
    lambda: train_deep_network(np.ones((3, 1)), np.ones(4), [2], 1.0),
    lambda: train_deep_network(np.ones((3, 1)), np.ones(3), [0], 1.0),
])
def test_bad_input_raises(call):
    with pytest.raises(InvalidInput):
        call()
