"""The public contract of issue 10 ("Deep family"), called the way a suite outside the project calls it.

Every name the issue calls "the public contract" is exercised with the stated signature and semantics, every item of
its "Bad input" section raises :class:`radontv.InvalidInput` with a message that says what to do and leaves the
caller's arrays as they were, and the arithmetic that comes out of ``int`` / ``Fraction`` / ``mpf`` / ``float`` /
``float32`` input is pinned to what the docstrings promise.

Independent routes (never the code under test): forward passes written here with Fractions; weight decay and path
norm summed here; ``||.||_{2,M}`` of a hand-merged example; the Schatten value from the eigenvalues of ``WᵀW``
(mpmath ``eigsy``, not an SVD) and the nuclear norm ``sqrt(tr WᵀW + 2|det W|)`` of a 2 x 2 matrix; pruning optima
from hand-solved instances and from weak duality checked here exactly; ranks by sympy.  Each property has a negative
control (a deliberately wrong variant that the same assertion must reject).
"""

from __future__ import annotations

import inspect
import re
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import radontv
from radontv import InvalidInput, ReLUNetwork
from radontv.deep import (
    DeepReLUNetwork,
    LinearLayer,
    PruningCertificate,
    balanced_factorization,
    per_output_variation_norm,
    prune,
    prune_layer,
    schatten_weight_decay,
)
from radontv.deep.pruning import PrunedLayer
from radontv.scalars import to_mpf
from radontv.testing import assert_same_function, scaled_examples

FEW = scaled_examples(0.1, minimum=10)
#: a message "says what to do" when it contains an instruction
ADVICE = re.compile(r"\b(pass|give|use|reshape|transpose|add|change|convert|wrap|compare|recompute|set|evaluate|"
                    r"must|needs?)\b", re.I)

ints = st.integers(-3, 3)


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


def _raises_advice(fn, *arrays):
    """``fn()`` raises InvalidInput with advice, and every array in ``arrays`` is unchanged afterwards."""
    before = [repr(np.array(a, dtype=object).tolist()) for a in arrays]  # repr: NaN entries compare equal
    with pytest.raises(InvalidInput) as info:
        fn()
    assert ADVICE.search(str(info.value)), f"message gives no advice: {info.value}"
    for a, b in zip(arrays, before, strict=True):
        assert repr(np.array(a, dtype=object).tolist()) == b
    return str(info.value)


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
@st.composite
def deep_nets(draw):
    d0 = draw(st.integers(1, 2))
    dims = [d0, *draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))]
    layers = []
    for i in range(1, len(dims)):
        din, dout = dims[i - 1], dims[i]
        if draw(st.booleans()) or i == 1:
            K = draw(st.integers(1, 3))
            mat = lambda r, c: draw(st.lists(st.lists(ints, min_size=c, max_size=c), min_size=r, max_size=r))  # noqa
            layers.append(ReLUNetwork(mat(K, din), draw(st.lists(ints, min_size=K, max_size=K)), mat(K, dout),
                                      mat(din, dout), draw(st.lists(ints, min_size=dout, max_size=dout))))
        else:
            layers.append(LinearLayer(draw(st.lists(st.lists(ints, min_size=din, max_size=din), min_size=dout,
                                                    max_size=dout)), draw(st.lists(ints, min_size=dout,
                                                                                   max_size=dout))))
    return layers


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


# -- prune_layer ------------------------------------------------------------------------------------------------------
def _check_certificate_independently(Phi, Psi, res):
    """V Φ = Ψ exactly, <= r_Φ r_Ψ nonzero columns (sympy ranks), Λ dual feasible exactly, weak duality."""
    Phi_a, Psi_a = np.array(Phi, dtype=object), np.array(Psi, dtype=object)
    V = res.V
    assert V.shape == (Psi_a.shape[0], Phi_a.shape[0])
    assert (V.dot(Phi_a) == Psi_a).all()
    r_phi, r_psi = sympy.Matrix(Phi).rank(), sympy.Matrix(Psi).rank()
    nonzero = [k for k in range(V.shape[1]) if any(x != 0 for x in V[:, k])]
    assert len(nonzero) <= r_phi * r_psi
    cert = res.certificate
    assert isinstance(cert, PruningCertificate)
    assert (cert.r_phi, cert.r_psi, cert.rank_bound) == (r_phi, r_psi, r_phi * r_psi)
    assert tuple(nonzero) == tuple(cert.support)
    Lam = np.array(cert.dual_matrix, dtype=object)
    LPhi = Lam.dot(Phi_a.T)  # column k: Λ φ_k
    assert all(sum(x * x for x in LPhi[:, k]) <= 1 for k in range(LPhi.shape[1]))
    dual = sum(x * y for x, y in zip(Lam.flat, Psi_a.flat, strict=True))
    assert dual == cert.dual_value
    with mpmath.workdps(30):
        primal = mpmath.fsum(mpmath.sqrt(sum(x * x for x in V[:, k]).numerator) / mpmath.sqrt(
            sum(x * x for x in V[:, k]).denominator) for k in range(V.shape[1]))
        assert mpmath.mpf(dual.numerator) / dual.denominator <= primal * (1 + mpmath.mpf(10) ** -20)
    return primal, dual


def test_prune_layer_hand_solved_instances():
    # scalar output: v1 + 2 v2 = 1 (features 1 and 2 on point 1), v3 = 1: min |v1| + |v2| + |v3| = 1/2 + 1
    Phi = [[1, 0], [2, 0], [0, 1]]
    Psi = [[1, 1]]
    res = prune_layer(Phi, Psi)
    assert res.V.tolist() == [[0, Fraction(1, 2), 1]]
    primal, _ = _check_certificate_independently(Phi, Psi, res)
    assert abs(primal - mpmath.mpf(3) / 2) < 1e-12
    # vector output, neuron sharing: feature 3 = feature 1 + feature 2 carries both outputs at cost sqrt 2 < 2 sqrt 2
    Phi = [[1, 0], [0, 1], [1, 1]]
    Psi = [[1, 1], [1, 1]]
    res = prune_layer(Phi, Psi)
    assert res.V.tolist() == [[0, 0, 1], [0, 0, 1]]
    primal, _ = _check_certificate_independently(Phi, Psi, res)
    assert abs(primal - mpmath.sqrt(2)) < 1e-12
    # negative control: the unpruned solution meets Psi too but is not optimal (its objective is above the dual)
    unpruned = np.array([[1, 1, 0], [1, 1, 0]], dtype=object)
    assert (unpruned.dot(np.array(Phi, dtype=object)) == np.array(Psi, dtype=object)).all()
    assert 2 * np.sqrt(2) > float(res.certificate.dual_value) * (1 + 1e-3)


@st.composite
def layer_problems(draw):
    K, N, D = draw(st.integers(1, 6)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    Phi = draw(st.lists(st.lists(st.integers(0, 3), min_size=N, max_size=N), min_size=K, max_size=K))
    V0 = draw(st.lists(st.lists(ints, min_size=K, max_size=K), min_size=D, max_size=D))
    Psi = (np.array(V0, dtype=object).dot(np.array(Phi, dtype=object))).tolist()
    return Phi, Psi, V0


@settings(max_examples=FEW * 2)
@given(layer_problems())
def test_prune_layer_contract_exact(problem):
    Phi, Psi, V0 = problem
    Phi_in = [list(r) for r in Phi]
    Psi_in = [list(r) for r in Psi]
    res = prune_layer(Phi_in, Psi_in, start=V0)
    assert Phi_in == Phi and Psi_in == Psi  # inputs not modified
    assert all(isinstance(x, Fraction) for x in res.V.flat)
    primal, _ = _check_certificate_independently(Phi, Psi, res)
    start_value = sum(np.sqrt(sum(x * x for x in col)) for col in zip(*V0, strict=True))
    assert float(primal) <= start_value * (1 + 1e-12) + 1e-300
    assert res.certificate.problems(Phi, Psi, res.V) == []
    # negative control: the certificate is refuted for a V that does not meet Psi
    if any(x != 0 for r in Psi for x in r):
        wrong = res.V.copy()
        k = res.certificate.support[0]
        wrong[:, k] = wrong[:, k] * 2
        assert res.certificate.problems(Phi, Psi, wrong) != []


@pytest.mark.parametrize("convert, kind, value_type", [
    (int, Fraction, mpmath.mpf),
    (Fraction, Fraction, mpmath.mpf),
    (float, np.float64, float),
    (np.float32, np.float64, float),
    (mpmath.mpf, mpmath.mpf, mpmath.mpf),
])
def test_prune_layer_arithmetic_table(convert, kind, value_type):
    Phi = [[1, 0, 1], [0, 1, 1], [1, 1, 2], [2, 0, 2]]
    V0 = [[1, 1, 0, 1], [0, 1, 1, 0]]
    Psi = np.array(V0).dot(np.array(Phi)).tolist()
    P = np.array([[convert(x) for x in r] for r in Phi], dtype=object if convert in (int, Fraction, mpmath.mpf)
                 else np.dtype(convert))
    S = np.array([[convert(x) for x in r] for r in Psi], dtype=P.dtype)
    P0, S0 = P.copy(), S.copy()
    P.flags.writeable = False  # read-only arrays are accepted
    res = prune_layer(P, S)
    assert np.array_equal(P, P0) and np.array_equal(S, S0)
    assert all(type(x) is kind for x in res.V.flat)
    assert type(res.certificate.primal_value) is value_type
    residual = np.array(res.V.dot(np.array(P, dtype=res.V.dtype)) - np.array(S, dtype=res.V.dtype), dtype=float)
    assert np.abs(residual).max() <= 1e-12 * np.abs(np.array(Psi, dtype=float)).max()
    if kind is Fraction:
        assert (res.V.dot(np.array(Phi, dtype=object)) == np.array(Psi, dtype=object)).all()
    assert "Fractions in, Fractions out" in prune_layer.__doc__


@pytest.mark.parametrize("scale", [1e-8, 1e8, 1e-100, 1e100])
def test_prune_layer_float_rescaled_data(scale):
    Phi = np.array([[1.0, 0], [0, 1], [1, 1], [2, 1]])
    Psi = np.array([[1.0, 1], [2, -1]])
    ref = prune_layer(Phi, Psi)
    res = prune_layer(Phi * scale, Psi * scale)
    assert np.abs(res.V @ (Phi * scale) - Psi * scale).max() <= 1e-12 * np.abs(Psi * scale).max()
    assert abs(res.certificate.primal_value - ref.certificate.primal_value) <= 1e-6 * ref.certificate.primal_value
    assert np.isfinite(res.certificate.relative_gap) and res.certificate.relative_gap < 1e-6


def _pruned_or_refused(Phi: np.ndarray, Psi: np.ndarray) -> PrunedLayer | None:
    """prune_layer's result, asserted to meet V Phi = Psi with a finite certificate; None when it refused with an
    InvalidInput that gives advice (the two acceptable outcomes at extreme scales)."""
    try:
        res = prune_layer(Phi, Psi)
    except InvalidInput as exc:
        assert ADVICE.search(str(exc))
        return None
    assert np.abs(res.V @ Phi - Psi).max() <= 1e-12 * np.abs(Psi).max()
    assert np.isfinite(float(res.certificate.primal_value)) and np.isfinite(float(res.certificate.relative_gap))
    return res


@pytest.mark.parametrize("scale", [1e-160, 1e160, 1e-300, 1e300])
def test_prune_layer_float_extreme_scales_meet_psi_or_refuse(scale):
    """Data of magnitude 1e±160 (squares under/overflow): V Phi = Psi, or InvalidInput -- never a wrong V.

    Before the fix (prune_layer scales Phi, Psi by powers of two) this returned V = 0 with V Phi != Psi and a
    certificate claiming a zero gap at 1e±300, and an infinite primal value with a NaN gap at 1e-160 (Phi only)."""
    Phi = np.array([[1.0, 0], [0, 1], [1, 1], [2, 1]]) * scale
    Psi = np.array([[1.0, 1], [2, -1]]) * scale
    res = _pruned_or_refused(Phi, Psi)
    if res is None:
        return
    assert res.certificate.problems(Phi, Psi, res.V) == []  # the certificate verifies on the caller's data
    wrong = res.V.copy()
    wrong[:, res.certificate.support[0]] *= 2
    assert res.certificate.problems(Phi, Psi, wrong) != []  # negative control


@pytest.mark.parametrize("scale", [1e-160, 1e160])
def test_prune_layer_float_extreme_scale_of_phi_only(scale):
    Phi = np.array([[1.0, 0], [0, 1], [1, 1], [2, 1]]) * scale
    Psi = np.array([[1.0, 1], [2, -1]])
    _pruned_or_refused(Phi, Psi)


def test_prune_layer_exact_huge_and_tiny_entries():
    """Exact input beyond the float range: Fractions in, Fractions out, V Phi = Psi exactly, and the optimum.

    v1 + v3 = 1, v2 + v3 = 1: min |v1| + |v2| + |v3| = 1 at V = (0, 0, 1) (the shared feature).  Before the fix,
    10**400 raised OverflowError and 10**-400 (floats underflowing to 0) gave the suboptimal V = (1, 1, 0)."""
    for s in (Fraction(10) ** 400, Fraction(1, 10**400)):
        Phi = [[s, 0], [0, s], [s, s]]
        Psi = [[s, s]]
        res = prune_layer(Phi, Psi)
        assert (res.V.dot(np.array(Phi, dtype=object)) == np.array(Psi, dtype=object)).all()
        assert res.V.tolist() == [[0, 0, 1]]
        assert isinstance(res.certificate.dual_value, Fraction)
        _check_certificate_independently(Phi, Psi, res)


# -- prune(net, X) ----------------------------------------------------------------------------------------------------
@settings(max_examples=FEW)
@given(deep_nets(), st.lists(st.lists(ints, min_size=2, max_size=2), min_size=1, max_size=4))
def test_prune_network_keeps_outputs_on_data_and_does_not_raise_weight_decay(layers, pts):
    net = DeepReLUNetwork.from_layers(layers)
    X = np.array([p[:net.input_dim] for p in pts])
    X_before = X.copy()
    pruned, certs = prune(net, X)
    assert np.array_equal(X, X_before)
    assert isinstance(pruned, DeepReLUNetwork) and len(certs) == len(net.hidden_widths)
    assert pruned(X).tolist() == net(X).tolist()  # exactly, for an exact network
    assert pruned.weight_decay() <= net.weight_decay()
    old_relu = [la for la in layers if isinstance(la, ReLUNetwork)]
    new_relu = [la for la in pruned.layers if isinstance(la, ReLUNetwork)]
    for old, layer, cert in zip(old_relu, new_relu, certs, strict=True):
        reading = sum(1 for w in layer.W if any(x != 0 for x in w))
        assert reading <= cert.rank_bound or layer == old  # pruned within r_Phi r_Psi, or kept as it was
    # negative control: removing a neuron that carries output on X changes the outputs (the check can see it)
    for i, layer in enumerate(layers):
        if isinstance(layer, ReLUNetwork) and layer.width > 1:
            cut = list(layers)
            cut[i] = layer[list(range(1, layer.width))]
            if DeepReLUNetwork(cut)(X).tolist() != net(X).tolist():
                assert DeepReLUNetwork(cut)(X).tolist() != pruned(X).tolist()
            break


def test_prune_network_float_and_mp():
    rng = np.random.default_rng(3)
    l1 = ReLUNetwork(rng.integers(-3, 4, (6, 2)), rng.integers(-2, 3, 6), rng.integers(-2, 3, (6, 3)),
                     rng.integers(-1, 2, (2, 3)), [1, 0, -1])
    l2 = ReLUNetwork(rng.integers(-3, 4, (5, 2)), rng.integers(-2, 3, 5), rng.integers(-2, 3, (5, 2)))
    net = DeepReLUNetwork([l1, LinearLayer(rng.integers(-2, 3, (2, 3)), [1, -1]), l2])
    X = rng.integers(-3, 4, (4, 2))
    fnet = net.as_float()
    pruned, _ = prune(fnet, X.astype(np.float32))
    ref = fnet(X)
    assert np.abs(pruned(X) - ref).max() <= 1e-12 * np.abs(ref).max()
    assert pruned.weight_decay() <= fnet.weight_decay() * (1 + 1e-12)
    with mpmath.workdps(50):
        mnet = net.as_mp()
        pruned, _ = prune(mnet, X)
        diff = max(abs(x) for x in (pruned(X) - mnet(X)).flat)
        assert diff <= mpmath.mpf(10) ** -40 * max(abs(x) for x in mnet(X).flat)
        assert pruned.weight_decay() <= mnet.weight_decay()


# -- bad input (the section, one by one) ----------------------------------------------------------------------
def test_bad_input_mismatched_layer_shapes():
    l1 = ReLUNetwork([[1, 0]], [0], [[1, 2, 3]])  # R^2 -> R^3
    l2 = ReLUNetwork([[1, 0]], [0], [[1]])  # R^2 -> R^1
    msg = _raises_advice(lambda: DeepReLUNetwork.from_layers([l1, l2]))
    assert "3" in msg and "2" in msg
    _raises_advice(lambda: DeepReLUNetwork([l1, LinearLayer([[1, 0]])]))
    _raises_advice(lambda: DeepReLUNetwork([l2, LinearLayer([[1, 0]])]))
    _raises_advice(lambda: DeepReLUNetwork([]))  # L = 0 layers
    _raises_advice(lambda: DeepReLUNetwork(l1))  # one layer not in a list
    _raises_advice(lambda: DeepReLUNetwork([l1, "layer"]))
    Phi, Psi = [[1, 0, 1], [0, 1, 1]], [[1, 1]]
    _raises_advice(lambda: prune_layer(Phi, Psi), Phi, Psi)  # different numbers of points
    net = DeepReLUNetwork([l1, ReLUNetwork([[1, 0, 0]], [0], [[1]])])
    X = np.array([[1, 2, 3]])
    _raises_advice(lambda: net(X), X)
    _raises_advice(lambda: prune(net, X), X)
    _raises_advice(lambda: prune(l1, [[1, 2]]))  # a shallow layer is not a deep network
    # negative control: matching shapes are accepted
    assert DeepReLUNetwork([l1, ReLUNetwork([[1, 0, 0]], [0], [[1]])]).output_dim == 1


def test_bad_input_V_with_the_wrong_number_of_rows():
    W = np.array([[1, 0], [0, 1], [1, 1]])
    b = np.array([0, 1, -1])
    for V in ([[1, 2], [3, 4]], [1, 2], np.zeros((4, 2)), np.zeros((3, 0)), np.zeros((3, 2, 1))):
        msg = _raises_advice(lambda V=V: ReLUNetwork(W, b, V), W, b, V)
        assert "V" in msg or "v " in msg
    _raises_advice(lambda: ReLUNetwork(W, b, np.ones((3, 2)), c=[1, 2]))  # c of the scalar shape
    _raises_advice(lambda: ReLUNetwork(W, b, np.ones((3, 2)), c0=1))  # c0 scalar for D = 2
    _raises_advice(lambda: ReLUNetwork(W, b, np.ones((3, 2)), c0=[1, 2, 3]))
    _raises_advice(lambda: ReLUNetwork(W, b, [1, 2, 3], c=np.ones((2, 1))))  # scalar net with a (d, 1) skip
    # prune_layer's start: V of the wrong shape
    Phi, Psi = [[1, 0], [0, 1]], [[1, 1]]
    _raises_advice(lambda: prune_layer(Phi, Psi, start=[[1, 1], [1, 1]]))
    # negative control: the right number of rows is accepted
    assert ReLUNetwork(W, b, np.ones((3, 2))).outputs == 2


@pytest.mark.parametrize("L", [0, -1, 2.5, 2.0, True, False, Fraction(5, 2), "2", None, mpmath.mpf(2)])
def test_bad_input_L(L):
    A = [[1, 2], [3, 4]]
    _raises_advice(lambda: schatten_weight_decay(A, L), A) if ADVICE.search(_msg(schatten_weight_decay, A, L)) else \
        pytest.fail(f"no advice for L = {L!r}: {_msg(schatten_weight_decay, A, L)}")
    with pytest.raises(InvalidInput):
        balanced_factorization(A, L)


def _msg(fn, *args):
    try:
        fn(*args)
    except InvalidInput as exc:
        return str(exc)
    pytest.fail(f"{fn.__name__}{args} did not raise InvalidInput")


def test_L_accepts_numpy_integers_and_rejects_what_is_not_an_integer():
    A = [[1.0, 2], [3, 4]]
    assert schatten_weight_decay(A, np.int64(2)) == schatten_weight_decay(A, 2)
    assert len(balanced_factorization(A, np.int32(3))) == 3
    # negative control: a bool is an int in Python, but not a number of layers
    assert isinstance(True, int)
    with pytest.raises(InvalidInput):
        schatten_weight_decay(A, True)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf, mpmath.mpf("nan"), mpmath.mpf("inf")])
def test_bad_input_non_finite_matrices(bad):
    def with_bad(shape):
        A = np.ones(shape, dtype=object)
        A.flat[0] = bad
        return A

    W = with_bad((2, 2))
    msg = _raises_advice(lambda: ReLUNetwork(W, [0, 0], [[1], [1]]), W)
    assert "finite" in msg
    _raises_advice(lambda: ReLUNetwork([[1, 0], [0, 1]], [0, 0], with_bad((2, 2))))
    _raises_advice(lambda: ReLUNetwork([[1, 0]], [0], [[1, 1]], c=with_bad((2, 2))))
    _raises_advice(lambda: ReLUNetwork([[1, 0]], [0], [[1, 1]], c0=with_bad((2,))))
    _raises_advice(lambda: LinearLayer(W), W)
    _raises_advice(lambda: schatten_weight_decay(W, 2), W)
    _raises_advice(lambda: balanced_factorization(W, 3), W)
    Phi = with_bad((3, 2))
    _raises_advice(lambda: prune_layer(Phi, [[1, 1]]), Phi)
    _raises_advice(lambda: prune_layer([[1, 0], [0, 1]], with_bad((1, 2))))
    net = DeepReLUNetwork([ReLUNetwork([[1, 0]], [0], [[1]])])
    X = with_bad((1, 2))
    _raises_advice(lambda: net(X), X)
    _raises_advice(lambda: prune(net, X), X)


@pytest.mark.parametrize("kind", ["exact", "float", "mp"])
def test_bad_input_psi_not_in_the_row_space_of_phi(kind):
    conv = {"exact": Fraction, "float": float, "mp": mpmath.mpf}[kind]
    Phi = np.array([[conv(1), conv(0), conv(0)], [conv(0), conv(1), conv(0)]], dtype=object)
    Psi = np.array([[conv(0), conv(0), conv(1)]], dtype=object)  # the third point is invisible to the features
    msg = _raises_advice(lambda: prune_layer(Phi, Psi), Phi, Psi)
    assert "row space" in msg and "no" in msg.lower()
    # negative control: an output in the row space is accepted and met
    ok = np.array([[conv(2), conv(-1), conv(0)]], dtype=object)
    assert prune_layer(Phi, ok).V.tolist() == [[2, -1]]


def test_bad_input_empty_and_one_dimensional_arrays():
    for fn in (lambda A: schatten_weight_decay(A, 2), lambda A: balanced_factorization(A, 2), LinearLayer):
        for A in ([], [[]], np.zeros((0, 3)), [1, 2, 3], 5, np.ones((2, 2, 2))):
            _raises_advice(lambda fn=fn, A=A: fn(A))
    for Phi, Psi in (([], [[1]]), ([[1, 2]], []), ([1, 2], [[1, 2]]), ([[1, 2]], [1, 2]), (np.zeros((0, 2)),
                                                                                          np.zeros((1, 2)))):
        _raises_advice(lambda Phi=Phi, Psi=Psi: prune_layer(Phi, Psi))
    _raises_advice(lambda: ReLUNetwork([1, 2, 3], [0, 0, 0], [[1], [1], [1]]))  # W must be (K, d)
    net = DeepReLUNetwork([ReLUNetwork([[1, 0]], [0], [[1]])])
    _raises_advice(lambda: prune(net, np.zeros((0, 2))))
    # negative control: an empty batch is a valid evaluation (n = 0 rows)
    assert net(np.zeros((0, 2))).shape == (0, 1)
    # a vector network with no neurons is a valid affine map
    affine = ReLUNetwork(np.zeros((0, 2)), [], np.zeros((0, 2)), c=[[1, 0], [0, 1]], c0=[1, 2])
    assert affine([[3, 4]]).tolist() == [[4.0, 6.0]]


def test_bad_input_leaves_read_only_arrays_alone():
    W = np.array([[1.0, np.nan]])
    W.flags.writeable = False
    _raises_advice(lambda: ReLUNetwork(W, [0.0], [[1.0]]), W)
    Phi = np.array([[1.0, 0.0], [0.0, 1.0]])
    Psi = np.array([[1.0, 1.0, 1.0]])
    Phi.flags.writeable = False
    _raises_advice(lambda: prune_layer(Phi, Psi), Phi, Psi)


def test_float32_inputs_compute_in_float64():
    W = np.array([[1, 0], [0, 1]], dtype=np.float32)
    net = ReLUNetwork(W, np.zeros(2, dtype=np.float32), np.ones((2, 3), dtype=np.float32))
    assert net.arithmetic == "float" and net.W.dtype == np.float64
    assert net(np.array([[0.1, 0.2]], dtype=np.float32)).dtype == np.float64
    assert type(schatten_weight_decay(W, 2)) is float
    assert LinearLayer(W).arithmetic == "float"


def test_training_bad_input():
    from radontv.deep.train import linear_stack_optimum, train_deep_network, train_linear_stack

    A = [[1.0, 2], [3, 4]]
    for L in (0, -1, 2.5, True, None):
        _raises_advice(lambda L=L: linear_stack_optimum(A, L, 0.1), A)
        _raises_advice(lambda L=L: train_linear_stack(A, L, 0.1), A)
    _raises_advice(lambda: linear_stack_optimum([[np.nan, 1.0]], 2, 0.1))
    X, Y = np.array([[0.0], [1], [2]]), np.array([[0.0], [1], [0]])
    msg = _raises_advice(lambda: train_deep_network(X, Y, [3, 0], 0.1), X, Y)
    assert "widths[1]" in msg  # the message names the offending entry
    _raises_advice(lambda: train_deep_network(X, Y[:2], [2], 0.1), X, Y)
    _raises_advice(lambda: train_deep_network(X, Y, [2], -1.0), X, Y)
    # negative control: a valid depth is accepted
    assert linear_stack_optimum(A, 2, 0.1) is not None


def test_constructed_objects_own_their_parameters():
    W, b, V = np.array([[1.0, 0]]), np.array([0.0]), np.array([[1.0, 2]])
    net = ReLUNetwork(W, b, V)
    W[0, 0], V[0, 1] = 9.0, 9.0  # the caller changes its arrays afterwards
    assert net.W[0, 0] == 1.0 and net.V[0, 1] == 2.0
    assert not net.W.flags.writeable and not net.V.flags.writeable
    layers = [net, ReLUNetwork([[1.0, 1]], [0.0], [[1.0]])]
    deep = DeepReLUNetwork.from_layers(layers)
    layers.pop()
    assert len(deep) == 2 and deep.output_dim == 1
    M = np.array([[1, 2]])
    lin = LinearLayer(M)
    M[0, 0] = 7
    assert lin.M[0, 0] == 1
    # negative control: a plain numpy view would have followed the caller's change
    view = M.view()
    M[0, 1] = 5
    assert view[0, 1] == 5


def test_prune_layer_mixed_arithmetics_promote():
    """exact < float < mp, as radontv.scalars documents: the promoted arithmetic comes out."""
    Phi = [[1, 0], [0, 1], [1, 1]]
    Psi = [[2, 1]]
    as_float = prune_layer([[Fraction(x) for x in r] for r in Phi], np.array(Psi, dtype=float))
    assert as_float.V.dtype == np.float64 and as_float.certificate.arithmetic == "float"
    with mpmath.workdps(40):
        as_mp = prune_layer(np.array(Phi, dtype=float), [[mpmath.mpf(x) for x in r] for r in Psi])
        assert all(isinstance(x, mpmath.mpf) for x in as_mp.V.flat) and as_mp.certificate.arithmetic == "mp"
        residual = as_mp.V.dot(np.array(Phi, dtype=object)) - np.array(Psi, dtype=object)
        assert max(abs(x) for x in residual.flat) <= mpmath.mpf(10) ** -35 * 2
    exact = prune_layer(Phi, [[Fraction(2), 1]])
    assert exact.certificate.arithmetic == "exact" and all(isinstance(x, Fraction) for x in exact.V.flat)
    # negative control: the float result is not exact -- its entries are floats, not Fractions
    assert not any(isinstance(x, Fraction) for x in as_float.V.flat)


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


def test_float_overflow_in_evaluation_raises_instead_of_returning_nan():
    """inf - inf in float is NaN: radontv never returns it (house rule); mp evaluates the same network fine."""
    net = ReLUNetwork([[1e10], [1e10]], [0.0, 0.0], [[1e300], [-1e300]])
    with np.errstate(over="ignore", invalid="ignore"):
        msg = _raises_advice(lambda: net([[1e10]]))
    assert "mp" in msg
    lin = DeepReLUNetwork([LinearLayer([[1e300], [-1e300]]), LinearLayer([[1.0, 1.0]])])
    for f in (net, ReLUNetwork([[1e10], [1e10]], [0.0, 0.0], [1e300, -1e300]), DeepReLUNetwork([net]), lin):
        with np.errstate(over="ignore", invalid="ignore"):
            with pytest.raises(InvalidInput):
                f([[1e10]])
    with mpmath.workdps(30):
        assert net.as_mp()([[1e10]]).tolist() == [[0]]
    # negative control: the same network at a point without overflow evaluates
    assert net([[1e-20]]).shape == (1, 1)


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
