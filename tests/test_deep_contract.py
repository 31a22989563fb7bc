"""The public contract of issue 10 ("Deep family"), called the way a suite outside the project calls it.

Every name the issue calls "the public contract" is exercised with the stated signature and semantics, and the
arithmetic that comes out of ``int`` / ``Fraction`` / ``mpf`` / ``float`` / ``float32`` input is pinned to what the
docstrings promise.  This file: the names, vector-valued and deep networks, Schatten-2/L; pruning is in
tests/test_deep_contract_pruning.py, every item of the issue's "Bad input" section in
tests/test_deep_contract_inputs.py (shared helpers: tests/_deep_contract_helpers.py).

Independent routes (never the code under test): forward passes written here with Fractions; weight decay and path
norm summed here; ``||.||_{2,M}`` of a hand-merged example; the Schatten value from the eigenvalues of ``WᵀW``
(mpmath ``eigsy``, not an SVD) and the nuclear norm ``sqrt(tr WᵀW + 2|det W|)`` of a 2 x 2 matrix.  Each property has
a negative control (a deliberately wrong variant that the same assertion must reject).
"""

from __future__ import annotations

import inspect
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from _deep_contract_helpers import FEW, _raises_advice, deep_nets, ints
from hypothesis import given, settings
from hypothesis import strategies as st

import radontv
from radontv import ReLUNetwork
from radontv.deep import (
    DeepReLUNetwork,
    LinearLayer,
    balanced_factorization,
    per_output_variation_norm,
    prune,
    prune_layer,
    schatten_weight_decay,
)
from radontv.scalars import to_mpf
from radontv.testing import assert_same_function


def _fr(A):
    return np.array(A, dtype=object) if not np.asarray(A).size else np.vectorize(Fraction, otypes=[object])(A)


def _relu(z):
    return z if z > 0 else 0 * z


def _forward_shallow(W, b, V, c, c0, X):
    """relu(X Wᵀ - b) V + X c + c0 with Python numbers, written out (the batch convention of the issue)."""
    out = []
    for x in X:
        h = [_relu(sum(wi * xi for wi, xi in zip(w, x, strict=True)) - bk) for w, bk in zip(W, b, strict=True)]
        out.append([sum(hk * V[k][j] for k, hk in enumerate(h)) + sum(x[i] * c[i][j] for i in range(len(x))) + c0[j]
                    for j in range(len(c0))])
    return out


@st.composite
def vector_nets(draw, max_K=4, max_d=2, max_D=3):
    K, d, D = draw(st.integers(1, max_K)), draw(st.integers(1, max_d)), draw(st.integers(1, max_D))
    mat = lambda r, c: draw(st.lists(st.lists(ints, min_size=c, max_size=c), min_size=r, max_size=r))  # noqa: E731
    return mat(K, d), draw(st.lists(ints, min_size=K, max_size=K)), mat(K, D), mat(d, D), draw(
        st.lists(ints, min_size=D, max_size=D))


# -- the names and signatures of the contract -------------------------------------------------------------------------
def test_public_names_and_signatures():
    params = list(inspect.signature(ReLUNetwork).parameters)
    assert params[:5] == ["W", "b", "V", "c", "c0"]
    sig = inspect.signature(ReLUNetwork)
    assert sig.parameters["c"].default is None and sig.parameters["c0"].default is None
    assert callable(radontv.rtv2)
    for name in ("DeepReLUNetwork", "LinearLayer", "PruningCertificate", "balanced_factorization",
                 "per_output_variation_norm", "prune", "prune_layer", "schatten_weight_decay"):
        assert name in radontv.deep.__all__ and hasattr(radontv.deep, name)
    assert list(inspect.signature(schatten_weight_decay).parameters) == ["W", "L"]
    assert list(inspect.signature(balanced_factorization).parameters) == ["W", "L"]
    assert list(inspect.signature(prune_layer).parameters)[:2] == ["Phi", "Psi"]
    assert list(inspect.signature(prune).parameters) == ["net", "X"]
    assert callable(DeepReLUNetwork.from_layers) and callable(DeepReLUNetwork.split)
    # negative control: a name that is not in the contract is not invented by the lazy loader
    with pytest.raises(AttributeError):
        radontv.deep.prune_layers  # noqa: B018


# -- vector-valued shallow networks -----------------------------------------------------------------------------------
@given(vector_nets(), st.lists(st.lists(ints, min_size=2, max_size=2), min_size=1, max_size=3))
def test_vector_network_evaluation_matches_hand_forward_pass(params, pts):
    W, b, V, c, c0 = params
    d = len(W[0])
    X = [p[:d] for p in pts]
    net = ReLUNetwork(W, b, V, c, c0)
    out = net(X)
    assert out.shape == (len(X), len(c0))
    expected = _forward_shallow(W, b, V, c, c0, X)
    assert out.tolist() == expected
    assert net(X[0]).shape == (len(c0),) if d > 1 else net(X[0]).shape == (1, len(c0))
    assert all(isinstance(x, Fraction) for x in out.flat)
    # negative control: the comparison rejects a wrong function (every output shifted by 1)
    assert out.tolist() != _forward_shallow(W, b, V, c, [x + 1 for x in c0], X)
    # the three arithmetics agree on integer data
    assert np.array_equal(net.as_float()(X), np.array(expected, dtype=float))
    with mpmath.workdps(30):
        assert net.as_mp()(X).tolist() == [[mpmath.mpf(v) for v in r] for r in expected]


def test_vector_network_shapes_and_defaults():
    net = ReLUNetwork([[1, 0], [0, 1], [1, 1]], [0, 1, -1], [[1, 2], [3, 4], [5, 6]])
    assert (net.width, net.dim, net.outputs, net.vector_valued) == (3, 2, 2, True)
    assert net.c.shape == (2, 2) and net.c0.shape == (2,) and net.V.shape == (3, 2)
    assert net([[1, 2], [3, 4]]).shape == (2, 2) and net([1, 2]).shape == (2,)
    d1 = ReLUNetwork([[1], [2]], [0, 1], [[1, 2], [3, 4]])
    assert d1([1, 2, 3]).shape == (3, 2) and d1(2).shape == (2,)  # d = 1: a flat array is a batch
    scalar = ReLUNetwork([[1, 0]], [0], [2])
    assert (scalar.outputs, scalar.vector_valued, scalar([[1, 0]]).shape, scalar.V.shape) == (1, False, (1,), (1, 1))
    one = ReLUNetwork([[1, 0]], [0], [[2]])
    assert (one.outputs, one.vector_valued, one([[1, 0]]).shape) == (1, True, (1, 1))
    assert_same_function(scalar, one)  # D = 1 vector and scalar: the same function


@given(vector_nets())
def test_weight_decay_and_path_norm_formulas(params):
    W, b, V, c, c0 = params
    net = ReLUNetwork(W, b, V, c, c0)
    wd = Fraction(sum(x * x for r in V for x in r) + sum(x * x for r in W for x in r), 2)
    assert net.weight_decay() == wd and isinstance(net.weight_decay(), Fraction)
    pn = sum(sympy.sqrt(sum(x * x for x in v)) * sympy.sqrt(sum(x * x for x in w)) for v, w in zip(V, W, strict=True))
    assert sympy.simplify(net.path_norm() - pn) == 0
    # skip term and biases are not regularized
    assert ReLUNetwork(W, [k + 5 for k in b], V, [[7] * len(c0)] * len(c), [9] * len(c0)).weight_decay() == wd
    # negative control: the convention without the 1/2 is refuted unless weight decay is zero
    assert (2 * wd == net.weight_decay()) == (wd == 0)


@given(vector_nets(), st.sampled_from([1e-8, 1.0, 1e8]))
def test_balanced_makes_weight_decay_equal_path_norm(params, scale):
    W, b, V, c, c0 = params
    # a neuron with exactly one of w_k, v_k zero cannot be balanced (the infimum over rescalings, 0, is not attained);
    # the docstring of balanced() restricts the claim to neurons with v_k != 0 != w_k -- such neurons are left out
    keep = [k for k in range(len(W)) if bool(any(W[k])) == bool(any(V[k]))]
    if not keep:
        return
    W, b, V = [W[k] for k in keep], [b[k] for k in keep], [V[k] for k in keep]
    net = ReLUNetwork(np.array(W, float) * scale, np.array(b, float) * scale, V, np.array(c, float) * scale, c0)
    bal = net.balanced()
    pn = net.path_norm()
    assert abs(bal.weight_decay() - pn) <= 1e-12 * max(pn, bal.weight_decay())
    assert bal.weight_decay() <= net.weight_decay() * (1 + 1e-12)
    assert_same_function(bal, net)
    # negative control: unbalancing one active neuron by 2 makes weight decay strictly exceed the path norm
    active = [k for k in range(net.width) if any(V[k]) and any(W[k])]
    if active:
        alpha = np.ones(net.width)
        alpha[active[0]] = 2.0
        off = bal.rescale(alpha)
        assert off.weight_decay() > pn * (1 + 1e-3)


def test_rtv2_merges_duplicates_and_antipodes_by_hand():
    # three neurons on the hyperplane x1 = 1: (w, b) = (e1, 1), (2 e1, 2), antipode (-e1, -1).
    # relu(-z) = relu(z) - z, so every amplitude v_k ||w_k|| adds: (1, 0) + (0, 2) + (1, 1) = (2, 3).
    net = ReLUNetwork([[1, 0], [2, 0], [-1, 0]], [1, 2, -1], [[1, 0], [0, 1], [1, 1]])
    assert sympy.simplify(radontv.rtv2(net) - sympy.sqrt(13)) == 0
    assert per_output_variation_norm(net) == 5  # ||(2, 3)||_1, the per-output norm: not weight decay
    # negative controls: without merging (the path norm 1 + 2 + sqrt 2), and with the antipode subtracted
    # instead of added ((1, 0) + (0, 2) - (1, 1) = (0, 1), norm 1) -- both refuted
    assert sympy.simplify(net.path_norm() - (3 + sympy.sqrt(2))) == 0
    assert sympy.simplify(radontv.rtv2(net) - net.path_norm()) != 0
    assert sympy.simplify(radontv.rtv2(net) - 1) != 0


@settings(max_examples=FEW * 3)
@given(vector_nets())
def test_rtv2_is_the_weight_decay_norm(params):
    W, b, V, c, c0 = params
    net = ReLUNetwork(W, b, V, c, c0)
    r = sympy.sympify(radontv.rtv2(net))
    # ||.||_{2,M} <= path norm (triangle inequality after merging) and ||.||_{2,M} <= ||.||_{M,1} <= sqrt(D) ||.||_{2,M}
    assert float(r) <= float(net.path_norm()) * (1 + 1e-12) + 1e-300
    m1 = per_output_variation_norm(net)
    D = len(c0)
    assert float(r) <= float(m1) * (1 + 1e-12) + 1e-300 <= float(r) * np.sqrt(D) * (1 + 1e-9) + 1e-12
    # the same function written differently (each neuron split in two halves, then permuted) has the same rtv2
    twice = ReLUNetwork(W + W, b + b, [[Fraction(x, 2) for x in v] for v in V + V], c, c0)
    assert sympy.simplify(radontv.rtv2(twice) - r) == 0
    assert_same_function(twice, net)
    # negative control: tripling one active neuron adds 2 v_k ||w_k|| != 0 to its hyperplane's amplitude, so the
    # function changes and assert_same_function must say so (with a witness)
    nz = [k for k in range(len(W)) if any(W[k]) and any(V[k])]
    if nz:
        V2 = [list(v) for v in V]
        V2[nz[0]] = [3 * x for x in V2[nz[0]]]
        changed = ReLUNetwork(W, b, V2, c, c0)
        assert radontv.witness(changed, net) is not None
        with pytest.raises(AssertionError):
            assert_same_function(changed, net)


def test_witness_and_assert_same_function_for_vector_outputs():
    f = ReLUNetwork([[1, 0], [0, 1]], [0, 1], [[1, -1], [2, 0]], [[1, 0], [0, 1]], [1, 2])
    g = f.rescale([Fraction(1, 3), 5])[[1, 0]]  # rescaled and permuted: same function
    assert radontv.witness(f, g) is None
    assert_same_function(f, g)
    h = ReLUNetwork([[1, 0], [0, 1]], [0, 1], [[1, -1], [2, 1]], [[1, 0], [0, 1]], [1, 2])  # output 1 differs
    x = radontv.witness(f, h)
    assert x is not None and not np.array_equal(f(x), h(x))
    with pytest.raises(AssertionError, match="output"):
        assert_same_function(h, f)
    with pytest.raises(AssertionError):  # different numbers of outputs are different functions
        assert_same_function(f, ReLUNetwork([[1, 0]], [0], [[1, 0, 0]]))
    assert radontv.canonical(f).equals(radontv.canonical(g))
    assert not radontv.canonical(f).equals(radontv.canonical(h))  # negative control
    assert sympy.simplify(radontv.canonical(f).rtv2() - radontv.rtv2(g)) == 0


# -- deep networks ----------------------------------------------------------------------------------------------------

def _forward_layer(layer, Z):
    if isinstance(layer, LinearLayer):
        M, beta = layer.M.tolist(), layer.bias.tolist()
        return [[sum(M[i][j] * z[j] for j in range(len(z))) + beta[i] for i in range(len(M))] for z in Z]
    c = layer.c.tolist() if layer.vector_valued else [[x] for x in layer.c.tolist()]
    c0 = layer.c0.tolist() if layer.vector_valued else [layer.c0]
    return _forward_shallow(layer.W.tolist(), layer.b.tolist(), layer.V.tolist(), c, c0, Z)


@given(deep_nets(), st.lists(st.lists(ints, min_size=2, max_size=2), min_size=1, max_size=3))
def test_composite_is_first_layer_first_and_split_inverts(layers, pts):
    net = DeepReLUNetwork.from_layers(layers)
    X = [p[:net.input_dim] for p in pts]
    Z = X
    for layer in layers:
        Z = _forward_layer(layer, Z)
    assert net(X).tolist() == Z
    assert net(X).shape == (len(X), net.output_dim)
    assert net.split() == list(layers) and net.layers == tuple(layers)
    assert DeepReLUNetwork.from_layers(net.split()) == net
    # the standard form (E3): a plain forward pass through affine_maps(), written here, gives the same values
    maps = net.affine_maps()
    for x in X:
        h = [np.array(x, dtype=object)]
        for amap in maps:
            p = sum((np.asarray(A, dtype=object).dot(h[i]) for i, A in amap.weights.items()),
                    np.asarray(amap.bias, dtype=object))
            h.append(np.array([_relu(v) for v in p], dtype=object) if amap is not maps[-1] else p)
        assert list(h[-1]) == Z[X.index(x)]
    wd = sum((Fraction(sum(x * x for x in layer.M.flat), 2) if isinstance(layer, LinearLayer) else
              Fraction(sum(x * x for x in layer.V.flat) + sum(x * x for x in layer.W.flat), 2)) for layer in layers)
    assert net.weight_decay() == wd
    # negative control: a weight decay that also counts the unregularized biases is refuted when a bias is nonzero
    biases = sum(Fraction(sum(x * x for x in (la.bias if isinstance(la, LinearLayer) else la.b)), 2) for la in layers)
    assert (net.weight_decay() == wd + biases) == (biases == 0)


def test_composite_order_first_layer_first():
    inner = ReLUNetwork([[1]], [1], [[2]])  # x -> 2 relu(x - 1)
    outer = ReLUNetwork([[-1]], [0], [[1]], [[0]], [3])  # z -> relu(-z) + 3
    net = DeepReLUNetwork.from_layers([inner, outer])
    X = [[-2], [0], [2], [5]]
    assert net(X).tolist() == outer(inner(X)).tolist() == [[3], [3], [3], [3]]
    # negative control: the other order is a different function on these points
    assert DeepReLUNetwork.from_layers([outer, inner])(X).tolist() != net(X).tolist()


def test_deep_network_arithmetics_and_skip_terms_not_regularized():
    l1 = ReLUNetwork([[1, 0], [0, 1], [1, -1]], [0, 1, Fraction(1, 2)], [[1, 2, 0], [0, 1, 1], [1, 0, -1]],
                     [[1, 0, 0], [0, 1, 0]], [1, 1, 1])
    l2 = ReLUNetwork([[1, 1, 0], [0, 1, 1]], [0, 0], [1, 2])  # scalar last layer: output dimension 1
    net = DeepReLUNetwork.from_layers([l1, LinearLayer(np.eye(3, dtype=int).tolist(), [5, 5, 5]), l2])
    X = [[1, 2], [3, -4]]
    exact = net(X)
    assert exact.shape == (2, 1) and all(isinstance(x, Fraction) for x in exact.flat)
    assert net([1, 2]).shape == (1,)
    flt = net.as_float()(np.array(X, dtype=np.float32))
    assert flt.dtype == np.float64 and np.array_equal(flt, exact.astype(float))
    with mpmath.workdps(50):
        mp = net.as_mp()(X)
        assert all(isinstance(x, mpmath.mpf) for x in mp.flat) and mp.tolist() == exact.tolist()
    no_skip = DeepReLUNetwork([l1.with_affine(np.zeros((2, 3), dtype=int), [0, 0, 0]), LinearLayer(np.eye(3).tolist()),
                               l2])
    assert no_skip.weight_decay() == net.weight_decay() == l1.weight_decay() + Fraction(3, 2) + l2.weight_decay()


# -- Schatten-2/L -----------------------------------------------------------------------------------------------------
def _schatten_by_eigenvalues(A, L):
    """(L/2) sum s_i^(2/L) with s_i^2 the eigenvalues of AᵀA (mpmath eigsy: no SVD), at the current precision."""
    M = mpmath.matrix([[mpmath.mpf(Fraction(x).numerator) / Fraction(x).denominator for x in row] for row in A])
    G = M.T * M if M.rows >= M.cols else M * M.T
    ev = mpmath.eigsy(G, eigvals_only=True)
    top = max(abs(e) for e in ev)
    return mpmath.mpf(L) / 2 * mpmath.fsum(e ** (mpmath.mpf(1) / L) for e in ev if e > top * mpmath.mpf(10) ** (
        -(mpmath.mp.dps - 5)))


matrices = st.integers(1, 3).flatmap(lambda m: st.integers(1, 3).flatmap(
    lambda n: st.lists(st.lists(ints, min_size=n, max_size=n), min_size=m, max_size=m)))


@settings(max_examples=FEW * 3)
@given(matrices, st.integers(1, 4))
def test_schatten_value_at_50_digits_and_balanced_factors(A, L):
    with mpmath.workdps(50):
        tol = mpmath.mpf(10) ** -40
        value = to_mpf(schatten_weight_decay(A, L))
        expected = _schatten_by_eigenvalues(A, L)
        assert abs(value - expected) <= tol * (1 + abs(expected))
        factors = balanced_factorization(A, L)
        assert len(factors) == L
        m, n = len(A), len(A[0])
        assert factors[0].shape[1] == n and factors[-1].shape[0] == m  # W_1 applied first
        P = factors[0]
        for F_ in factors[1:]:
            P = F_.dot(P)
        assert all(abs(to_mpf(P[i, j]) - A[i][j]) <= tol * (1 + max(abs(x) for r in A for x in r))
                   for i in range(m) for j in range(n))
        half_frob = mpmath.fsum(to_mpf(x) ** 2 for F_ in factors for x in F_.flat) / 2
        assert abs(half_frob - value) <= tol * (1 + abs(value))
        # negative control: (L/2) replaced by L -- equivalently, the missing 1/2 -- is refuted unless the value is 0
        if expected != 0:
            assert abs(value - 2 * expected) > tol * expected


def test_schatten_closed_forms_and_random_factorisations_never_below():
    A = [[1, 2], [3, 4]]
    with mpmath.workdps(50):
        # nuclear norm of a 2 x 2 matrix: (s1 + s2)^2 = tr(AᵀA) + 2|det A| = 30 + 4
        assert abs(schatten_weight_decay(A, 2) - mpmath.sqrt(34)) < mpmath.mpf(10) ** -45
        assert schatten_weight_decay(A, 1) == Fraction(15)  # exact for L = 1
    rng = np.random.default_rng(0)
    Af = np.array(A, dtype=float)
    best = schatten_weight_decay(Af, 3)
    for _ in range(50):
        G1, G2 = rng.normal(size=(2, 2)), rng.normal(size=(2, 2))
        W1 = G1
        W2 = G2 @ np.linalg.inv(G1)
        W3 = Af @ np.linalg.inv(G2)
        assert np.allclose(W3 @ W2 @ W1, Af, rtol=1e-8, atol=0)
        assert 0.5 * sum(np.sum(w * w) for w in (W1, W2, W3)) >= best * (1 - 1e-12)
    # negative control: the wrong formula L sum s^(2/L) (= 2 best) as the minimum is refuted by the balanced
    # factorisation itself, which goes below it
    factors = balanced_factorization(Af, 3)
    assert 0.5 * sum(np.sum(w * w) for w in factors) < 2 * best * (1 - 1e-3)
    # the order: W = W_L ... W_1, and the reversed product is a different matrix for a non-square W
    B = np.array([[1.0, 2, 0, 1], [3, 4, 1, 0]])
    fs = balanced_factorization(B, 3)
    assert [f.shape for f in fs] == [(2, 4), (2, 2), (2, 2)]
    assert np.allclose(fs[2] @ fs[1] @ fs[0], B, rtol=0, atol=1e-13 * np.abs(B).max())
    with pytest.raises(ValueError):
        fs[0] @ fs[1] @ fs[2]


@pytest.mark.parametrize("W, L, value_type, factor_type", [
    ([[1, 2]], 1, Fraction, Fraction),
    ([[Fraction(1, 2), 2]], 1, Fraction, Fraction),
    (np.array([[1, 2]], dtype=np.int32), 1, Fraction, Fraction),
    ([[1, 2]], 3, mpmath.mpf, mpmath.mpf),  # exact input, L >= 2: irrational, documented as mp
    ([[Fraction(1, 3), 2]], 2, mpmath.mpf, mpmath.mpf),
    ([[mpmath.mpf(1), 2]], 1, mpmath.mpf, mpmath.mpf),
    ([[mpmath.mpf(1), 2]], 2, mpmath.mpf, mpmath.mpf),
    ([[1.0, 2]], 1, float, np.float64),
    ([[1.0, 2]], 3, float, np.float64),
    (np.array([[1, 2]], dtype=np.float32), 2, float, np.float64),
    ([[1, 2.0]], 2, float, np.float64),  # mixed int/float promotes to float
    ([[mpmath.mpf(1), 2.0]], 2, mpmath.mpf, mpmath.mpf),  # any mpf promotes to mp
])
def test_schatten_arithmetic_table(W, L, value_type, factor_type):
    value = schatten_weight_decay(W, L)
    assert type(value) is value_type
    factors = balanced_factorization(W, L)
    assert all(type(x) is factor_type for f in factors for x in f.flat)
    doc = schatten_weight_decay.__doc__ + balanced_factorization.__doc__
    assert "Fraction" in doc and "mpf" in doc and "float" in doc  # the table is documented


def test_schatten_read_only_input_is_not_aliased():
    A = np.array([[1.0, 2], [3, 4]])
    A.flags.writeable = False
    assert schatten_weight_decay(A, 2) > 0
    out = balanced_factorization(A, 1)[0]
    out[0, 0] = 99.0  # the caller's matrix is not handed back
    assert A[0, 0] == 1.0


def test_schatten_L1_is_half_the_squared_frobenius_norm_in_every_arithmetic():
    with mpmath.workdps(50):
        assert schatten_weight_decay([[mpmath.mpf(1), 2], [3, 4]], 1) == 15
        third = mpmath.mpf(1) / 3
        assert abs(schatten_weight_decay([[third]], 1) - mpmath.mpf(1) / 18) <= 2 * mpmath.eps / 18  # <= 2 roundings
    assert schatten_weight_decay([[1.0, 2], [3, 4]], 1) == 15.0
    assert schatten_weight_decay([[1, 2], [3, 4]], 1) == Fraction(15)
    # negative control: without the 1/2
    assert schatten_weight_decay([[1, 2], [3, 4]], 1) != 30


def test_docstrings_state_the_conventions():
    doc = DeepReLUNetwork.weight_decay.__doc__
    assert "Not" in doc and "bias" in doc and "skip" in doc  # which parameters are regularized, and which not
    assert "NOT" in per_output_variation_norm.__doc__ and "weight" in per_output_variation_norm.__doc__
    assert "applied first" in balanced_factorization.__doc__
    # negative control: the search above is not vacuous
    assert "NOT" not in schatten_weight_decay.__doc__


def test_vector_network_operations_keep_the_outputs():
    f = ReLUNetwork([[1, 0], [0, 1]], [0, 1], [[1, -1], [2, 0]], [[1, 0], [0, 1]], [1, 2])
    X = [[1, 2], [-3, 4], [0, 0]]
    assert (f + f)(X).tolist() == [[2 * v for v in r] for r in f(X).tolist()]
    assert (f - f)(X).tolist() == [[0, 0]] * 3 and (-f)(X).tolist() == [[-v for v in r] for r in f(X).tolist()]
    assert f[0].outputs == 2 and f[[True, False]].V.shape == (1, 2)
    assert f.with_neurons([[1, 1]], [0], [[0, 0]])(X).tolist() == f(X).tolist()
    assert f.as_float().as_exact() == f and hash(f.as_float().as_exact()) == hash(f)
    assert "v=[[1, -1], [2, 0]]" in repr(f)
    assert f.output_norms().tolist() == [sympy.sqrt(2), 2]
    # negative controls: a scalar network cannot be added to a vector one, nor D = 2 to D = 3
    _raises_advice(lambda: f + ReLUNetwork([[1, 0]], [0], [1]))
    _raises_advice(lambda: f + ReLUNetwork([[1, 0]], [0], [[1, 0, 0]], np.zeros((2, 3), dtype=int), [0, 0, 0]))
    assert f != f.rescale(2)
