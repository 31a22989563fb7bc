"""Deep networks: ``DeepReLUNetwork`` (composites of shallow vector ReLU layers and ``LinearLayer``s) and its
standard form ``affine_maps()`` (issue 10; catalog E3-E5).

Independent routes: a plain-Python evaluation of the composite from the layers' parameter lists (no numpy matrix
products), a plain-Python forward pass through the affine maps, weight decay as a plain sum of squares, and exact
ranks from sympy.  Negative controls: a skip contribution dropped, ``V`` not transposed, biases counted in weight
decay, a bottleneck bound one too small; each must be rejected.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from radontv import InvalidInput, ReLUNetwork
from radontv.deep import DeepReLUNetwork
from radontv.deep.network import AffineMap, LinearLayer
from radontv.testing import scaled_examples
from radontv.testing.assertions import FLOAT_RTOL, MP_LOST_DIGITS
from radontv.testing.strategies import scalars

DPS = 50
Q = scalars(arithmetic="exact", max_magnitude=3, max_denominator=3)
ZERO = Fraction(0)


# -- generated composites, with their parameters as plain lists --------------------------------------------------------
def _obj(rows: list, shape: tuple[int, ...]) -> np.ndarray:
    return np.array(rows, dtype=object).reshape(shape)


def _draw_relu(draw, d: int, kind: str, *, skip: bool = True):
    K = draw(st.integers(0, 3))
    D = 1 if kind == "scalar" else draw(st.integers(1, 3))
    W = [[draw(Q) for _ in range(d)] for _ in range(K)]
    b = [draw(Q) for _ in range(K)]
    V = [[draw(Q) for _ in range(D)] for _ in range(K)]
    c = [[draw(Q) if skip else ZERO for _ in range(D)] for _ in range(d)]
    c0 = [draw(Q) for _ in range(D)]
    if kind == "scalar":
        layer = ReLUNetwork(_obj(W, (K, d)), b, [row[0] for row in V], [row[0] for row in c], c0[0])
    else:
        layer = ReLUNetwork(_obj(W, (K, d)), b, _obj(V, (K, D)), _obj(c, (d, D)), c0)
    return layer, ("relu", W, b, V, c, c0), D


@st.composite
def deep_nets(draw, *, max_layers: int = 3, skip: bool = True):
    """A composite of 1..max_layers layers (vector ReLU, scalar ReLU or linear), and the layers' plain parameters."""
    d = draw(st.integers(1, 3))
    d0, layers, specs = d, [], []
    for _ in range(draw(st.integers(1, max_layers))):
        kind = draw(st.sampled_from(["vector", "vector", "scalar", "linear"]))
        if kind == "linear":
            e = draw(st.integers(1, 3))
            M = [[draw(Q) for _ in range(d)] for _ in range(e)]
            beta = [draw(Q) for _ in range(e)]
            layers.append(LinearLayer(_obj(M, (e, d)), beta))
            specs.append(("linear", M, beta))
            d = e
        else:
            layer, spec, d = _draw_relu(draw, d, kind, skip=skip)
            layers.append(layer)
            specs.append(spec)
    return DeepReLUNetwork.from_layers(layers), specs, d0


def _dot(a, b) -> Fraction:
    return sum((x * y for x, y in zip(a, b, strict=True)), ZERO)


def _plain_layer(spec, z: list[Fraction]) -> list[Fraction]:
    if spec[0] == "linear":
        _, M, beta = spec
        return [_dot(row, z) + bb for row, bb in zip(M, beta, strict=True)]
    _, W, b, V, c, c0 = spec
    h = [max(ZERO, _dot(w, z) - bk) for w, bk in zip(W, b, strict=True)]
    return [sum((h[k] * V[k][j] for k in range(len(W))), ZERO) + sum((z[i] * c[i][j] for i in range(len(z))), ZERO)
            + c0[j] for j in range(len(c0))]


def _plain(specs, x: list[Fraction]) -> list[Fraction]:
    """The composite, applied first layer first, in plain Fractions."""
    for spec in specs:
        x = _plain_layer(spec, x)
    return x


def _forward(maps: list[AffineMap], x: list[Fraction], *, drop=lambda target, source: False) -> list[Fraction]:
    """A plain forward pass through the standard form: h_j = relu(sum_i A_ji h_i + a_j); the last map is the output.

    ``drop(target, source)`` leaves chosen contributions out (the negative controls)."""
    hs = [list(x)]
    p: list = []
    for m in maps:
        p = [sum((_dot(A[r], hs[i]) for i, A in m.weights.items() if not drop(m.target, i)), ZERO) + m.bias[r]
             for r in range(len(m.bias))]
        hs.append([max(ZERO, q) for q in p])
    return p


def _abs_scale(specs, x: list[Fraction]) -> Fraction:
    """An upper bound for every summed term: the composite with |parameters|, |x| and the identity for relu."""
    z = [abs(q) for q in x]
    for spec in specs:
        if spec[0] == "linear":
            z = [_dot([abs(m) for m in row], z) + abs(bb) for row, bb in zip(spec[1], spec[2], strict=True)]
        else:
            _, W, b, V, c, c0 = spec
            h = [_dot([abs(w) for w in row], z) + abs(bk) for row, bk in zip(W, b, strict=True)]
            z = [sum((h[k] * abs(V[k][j]) for k in range(len(W))), ZERO)
                 + sum((z[i] * abs(c[i][j]) for i in range(len(z))), ZERO) + abs(c0[j]) for j in range(len(c0))]
    return max(z, default=ZERO)


def _one(x: list) -> object:
    """One point: a scalar when d0 = 1 (a flat list of length 1 is a batch of one point, as for ReLUNetwork)."""
    return x[0] if len(x) == 1 else x


def _points(draw, d: int, n: int = 3) -> list[list[Fraction]]:
    return [[draw(Q) for _ in range(d)] for _ in range(n)]


# -- composite (E3) ---------------------------------------------------------------------------------------------------
@given(case=deep_nets(), data=st.data())
@settings(max_examples=scaled_examples(0.5))
def test_composite_equals_the_manual_composition(case, data):
    net, specs, d0 = case
    X = _points(data.draw, d0)
    out = net(_obj(X, (len(X), d0)))
    assert out.shape == (len(X), net.output_dim)
    assert out.tolist() == [_plain(specs, x) for x in X]
    assert net(_one(X[0])).tolist() == _plain(specs, X[0])  # one point of shape (d0,) -> shape (d_L,)
    Z = _obj(X, (len(X), d0))
    for layer in net.layers:  # the layers' own evaluation, chained by hand
        Z = np.asarray(layer(Z), dtype=object).reshape(len(X), -1)
    assert Z.tolist() == out.tolist()


def test_composite_negative_control_layers_in_the_wrong_order():
    """f = second o first = 1 - relu(x); the reversed composite relu(1 - x) differs at x = 2 and is rejected."""
    first, second = ReLUNetwork([[1]], [0], [1]), LinearLayer([[-1]], [1])
    net = DeepReLUNetwork([first, second])
    assert net([[0], [2]]).tolist() == [[1], [-1]]
    assert DeepReLUNetwork([second, first])(2).tolist() == [0] != net(2).tolist()
    with pytest.raises(InvalidInput, match="layer 2"):
        DeepReLUNetwork([ReLUNetwork([[1]], [0], [[1, 1]]), first])  # R -> R^2 -> (takes R): the shapes are checked


# -- standard form (E3, E4, E5) ---------------------------------------------------------------------------------------
@given(case=deep_nets(), data=st.data())
@settings(max_examples=scaled_examples(0.5))
def test_affine_maps_reproduce_the_network_exactly(case, data):
    net, specs, d0 = case
    maps = net.affine_maps()
    J = len(net.hidden_widths)
    assert [m.target for m in maps] == list(range(1, J + 2))
    sizes = (d0, *net.hidden_widths, net.output_dim)
    for m in maps:
        assert sorted(m.weights) == list(range(m.target))
        assert all(A.shape == (sizes[m.target], sizes[i]) for i, A in m.weights.items())
        assert all(isinstance(q, Fraction) for A in m.weights.values() for q in A.flat)
    for x in _points(data.draw, d0):
        assert _forward(maps, x) == _plain(specs, x)


@given(case=deep_nets(max_layers=4), data=st.data())
@settings(max_examples=scaled_examples(0.3))
def test_hidden_to_hidden_matrix_is_w_v_transposed_with_rank_at_most_the_bottleneck(case, data):
    net, specs, d0 = case
    maps = net.affine_maps()
    relu_specs = [(i, s) for i, s in enumerate(specs) if s[0] == "relu"]
    for (i, s), (i_next, s_next), m in zip(relu_specs, relu_specs[1:], maps[1:], strict=False):
        A = sympy.Matrix(m.matrix.tolist()) if m.matrix.size else sympy.zeros(*m.matrix.shape)
        if i_next == i + 1:  # adjacent ReLU layers: A = W_{l+1} V_l^T, entry by entry
            W_next, V = s_next[1], s[3]
            expected = [[_dot(w, [V[k][j] for j in range(len(w))]) for k in range(len(V))] for w in W_next]
            assert m.matrix.tolist() == expected
        narrowest = min(len(spec_out) for spec_out in _outputs_between(specs, i, i_next))
        assert m.bottleneck == narrowest
        assert A.rank() <= narrowest
    if relu_specs:  # the first map reads the input through the linear layers before the first ReLU layer
        assert maps[0].bottleneck == min([d0, *(len(s[2]) for s in specs[:relu_specs[0][0]])])


def _outputs_between(specs, i: int, j: int) -> list[list]:
    """The output vectors (c0 or bias, one entry per output) of layers i .. j-1: their lengths are the dims passed."""
    return [s[5] if s[0] == "relu" else s[2] for s in specs[i:j]]


def test_bottleneck_negative_control_the_rank_bound_is_attained():
    """A bound of d_l - 1 would be refuted: here W_2 V_1^T has rank exactly d_1 = 2 although K_1 = K_2 = 3."""
    first = ReLUNetwork([[1], [2], [3]], [0, 1, 2], [[1, 0], [0, 1], [1, 1]])
    second = ReLUNetwork([[1, 0], [0, 1], [1, -1]], [0, 0, 0], [[1], [1], [1]])
    A = DeepReLUNetwork([first, second]).affine_maps()[1].matrix
    assert A.tolist() == [[1, 0, 1], [0, 1, 1], [1, -1, 0]]  # W_2 V_1^T by hand
    assert sympy.Matrix(A.tolist()).rank() == 2 == DeepReLUNetwork([first, second]).affine_maps()[1].bottleneck


@given(data=st.data())
@settings(max_examples=scaled_examples(0.3))
def test_affine_maps_negative_control_dropped_input_skip(data):
    """Two scalar layers on R with nonzero skips c1, c2: the output's skip from the input is c2 c1, so dropping it
    changes f(x) by exactly c2 c1 x at every x != 0."""
    first, spec1, _ = _draw_relu(data.draw, 1, "scalar")
    second, spec2, _ = _draw_relu(data.draw, 1, "scalar")
    c1, c2 = data.draw(Q.filter(bool)), data.draw(Q.filter(bool))
    first, second = first.with_affine(c=[c1]), second.with_affine(c=[c2])
    spec1, spec2 = (*spec1[:4], [[c1]], spec1[5]), (*spec2[:4], [[c2]], spec2[5])
    net = DeepReLUNetwork([first, second])
    x = [data.draw(Q.filter(bool))]
    maps = net.affine_maps()
    right = _forward(maps, x)
    wrong = _forward(maps, x, drop=lambda target, source: target == 3 and source == 0)
    assert right == _plain([spec1, spec2], x)
    assert right[0] - wrong[0] == c2 * c1 * x[0] != 0
    assert maps[2].skips[0].tolist() == [[c2 * c1]]


def test_affine_maps_exact_example_and_negative_controls():
    """f(x) = relu(relu(x) + x): at x = 1 the skip makes f = 2; without it (or with V untransposed) f differs."""
    skip_net = DeepReLUNetwork([ReLUNetwork([[1]], [0], [1], c=[1]), ReLUNetwork([[1]], [0], [1])])
    maps = skip_net.affine_maps()
    assert [m.weights[0].tolist() for m in maps] == [[[1]], [[1]], [[0]]]
    assert maps[1].matrix.tolist() == [[1]] and maps[1].skips[0].tolist() == [[1]]
    assert _forward(maps, [1]) == [2] == skip_net(1).tolist()
    assert _forward(maps, [1], drop=lambda target, source: source < target - 1) == [1]  # skips dropped: refuted

    # |x| through a linear bottleneck: z = (relu(x), relu(-x)), |x| = z1 + z2, f = 2 relu(|x| - 1) + |x| - 1
    layers = [ReLUNetwork([[1], [-1]], [0, 0], [[1, 0], [0, 1]]), LinearLayer([[1, 1]]),
              ReLUNetwork([[1]], [1], [2], c=[1], c0=-1)]
    net = DeepReLUNetwork(layers)
    assert net([[-3], [Fraction(1, 2)]]).tolist() == [[6], [Fraction(-1, 2)]]
    m1, m2, out = net.affine_maps()
    assert m1.weights[0].tolist() == [[1], [-1]] and m1.bias.tolist() == [0, 0]
    assert m2.matrix.tolist() == [[1, 1]] and m2.skips[0].tolist() == [[0]] and m2.bias.tolist() == [-1]
    assert out.matrix.tolist() == [[2]] and out.skips[1].tolist() == [[1, 1]] and out.bias.tolist() == [-1]
    assert (m1.bottleneck, m2.bottleneck, out.bottleneck) == (1, 1, 1)
    assert net.weight_decay() == Fraction(11, 2)  # (1 + 1 + 1 + 1)/2 + (1 + 1)/2 + (4 + 1)/2

    # V not transposed: z = V^T h = (h1, 2 h1 + h2) and f = relu(z1) = relu(x); W_2 V_1 (untransposed) gives 5 relu(x)
    V1 = [[1, 2], [0, 1]]
    deep = DeepReLUNetwork([ReLUNetwork([[1], [2]], [0, 0], V1), ReLUNetwork([[1, 0]], [0], [1])])
    maps = deep.affine_maps()
    assert maps[1].matrix.tolist() == [[1, 0]] and _forward(maps, [1]) == [1] == deep(1).tolist()
    wrong = AffineMap(2, {0: maps[1].weights[0], 1: np.array([[1, 2]], dtype=object)}, maps[1].bias, 2)
    assert _forward([maps[0], wrong, maps[2]], [1]) == [5]


# -- weight decay -----------------------------------------------------------------------------------------------------
@given(case=deep_nets(max_layers=4))
@settings(max_examples=scaled_examples(0.5))
def test_weight_decay_is_half_the_squared_regularized_weights(case):
    net, specs, _ = case
    squares = ZERO
    unregularized = ZERO
    for s in specs:
        mats = [s[1]] if s[0] == "linear" else [s[1], s[3]]  # M; resp. W and V (not b, c, c0)
        squares += sum((q * q for mat in mats for row in mat for q in row), ZERO)
        unregularized += sum((q * q for q in (s[2] if s[0] == "linear" else s[2] + s[5])), ZERO)  # biases, c0
    assert net.weight_decay() == squares / 2
    assert net.weight_decay() == sum((layer.weight_decay() for layer in net.layers), ZERO)
    # negative control: counting the biases changes the value whenever one is nonzero
    assert ((squares + unregularized) / 2 == net.weight_decay()) == (unregularized == 0)


# -- arithmetics ------------------------------------------------------------------------------------------------------
@given(case=deep_nets(), data=st.data())
@settings(max_examples=scaled_examples(0.3))
def test_mp_and_float_agree_with_exact_relative_to_the_term_size(case, data):
    net, specs, d0 = case
    x = _points(data.draw, d0, n=1)[0]
    with mpmath.workdps(DPS):
        mp_out = net.as_mp()(_one(x))
        tol = mpmath.mpf(10) ** -(DPS - MP_LOST_DIGITS)
        s = _abs_scale(specs, x)
        scale = mpmath.mpf(s.numerator) / s.denominator
        exact = _plain(specs, x)
        assert all(abs(m - mpmath.mpf(e.numerator) / e.denominator) <= tol * scale
                   for m, e in zip(mp_out, exact, strict=True))
        assert all(isinstance(q, mpmath.mpf) for q in mp_out)
    for factor in (Fraction(1, 10**8), Fraction(10**8)):  # the tolerance follows the magnitudes
        xs = [Fraction(float(q * factor)) for q in x]
        fl = net.as_float()(_obj([float(q) for q in xs], (1, d0)))[0]
        assert fl.dtype == np.float64
        bound = Fraction(FLOAT_RTOL) * _abs_scale(specs, xs)
        assert all(abs(Fraction(f) - e) <= bound for f, e in zip(fl, _plain(specs, xs), strict=True))


# -- structure, conversions, equality ----------------------------------------------------------------------------------
def test_structure_split_and_conversions():
    l1 = ReLUNetwork([[1, -2], [3, 1], [0, 1]], [Fraction(1, 2), 0, 1], [[3, 1], [-1, 2], [1, 1]])
    l2 = LinearLayer([[1, 2], [0, 1], [1, 1]], [1, 0, 0])
    l3 = ReLUNetwork([[1, 0, 1], [2, 1, -1]], [0, 1], [1, -1], c=[1, 1, Fraction(1, 4)], c0=5)
    net = DeepReLUNetwork.from_layers([l1, l2, l3])
    assert net == DeepReLUNetwork([l1, l2, l3]) and hash(net) == hash(DeepReLUNetwork([l1, l2, l3]))
    assert net.split() == [l1, l2, l3] and net.layers == (l1, l2, l3) and len(net) == 3
    assert DeepReLUNetwork.from_layers(net.split()) == net
    assert (net.input_dim, net.output_dim, net.hidden_widths, net.dims) == (2, 1, (3, 2), (2, 2, 3, 1))
    assert net.arithmetic == "exact" and net.as_float().arithmetic == "float" and net.as_float().as_exact() == net
    assert net != DeepReLUNetwork([l1, l2, -l3])
    assert "LinearLayer(M=[[1, 2], [0, 1], [1, 1]]" in repr(net) and repr(net).startswith("DeepReLUNetwork([")
    assert net([[1, 1]]).shape == (1, 1) and net([1, 1]).shape == (1,)
    only_linear = DeepReLUNetwork([LinearLayer([[2, 0], [0, 3]]), LinearLayer([[1, 1]], [5])])
    (out,) = only_linear.affine_maps()
    assert out.matrix.tolist() == [[2, 3]] and out.bias.tolist() == [5] and only_linear.hidden_widths == ()
    assert only_linear([1, 1]).tolist() == [10] and only_linear.weight_decay() == Fraction(15, 2)


def test_linear_layer():
    layer = LinearLayer([[1, 2], [3, 4], [5, 6]], [1, 0, -1])
    assert (layer.input_dim, layer.output_dim) == (2, 3)
    assert layer([1, -1]).tolist() == [0, -1, -2] and layer([[1, -1], [0, 0]]).tolist() == [[0, -1, -2], [1, 0, -1]]
    assert layer.weight_decay() == Fraction(91, 2)  # (1 + 4 + 9 + 16 + 25 + 36) / 2; the bias is not regularized
    assert LinearLayer([[1, 2]]).bias.tolist() == [0]
    assert layer.as_float().as_exact() == layer and hash(layer) == hash(LinearLayer(layer.M, layer.bias))
    assert layer != LinearLayer(layer.M) and "bias=[1, 0, -1]" in repr(layer)


# -- bad input --------------------------------------------------------------------------------------------------------
_A = ReLUNetwork([[1, 2]], [0], [[1, 2, 3]])  # R^2 -> R^3


@pytest.mark.parametrize("make, match", [
    (lambda: DeepReLUNetwork([]), r"at least one layer \(L >= 1\)"),
    (lambda: DeepReLUNetwork(_A), "list"),
    (lambda: DeepReLUNetwork([_A, "relu"]), "layer 2 is a str"),
    (lambda: DeepReLUNetwork([_A, _A]), r"layer 2 \(ReLUNetwork\) takes inputs of dimension 2 but layer 1 "
                                        r"\(ReLUNetwork\) outputs dimension 3"),
    (lambda: DeepReLUNetwork([_A, LinearLayer([[1, 2]])]), r"layer 2 \(LinearLayer\) .* dimension 2 .* dimension 3"),
    (lambda: DeepReLUNetwork([_A])([1, 2, 3]), r"input dimension d = 2"),
    (lambda: LinearLayer([[1, float("nan")]]), "non-finite"),
    (lambda: LinearLayer([[1, mpmath.inf]]), "non-finite"),
    (lambda: LinearLayer([[1, 2], [3]]), "ragged"),
    (lambda: LinearLayer([1, 2]), r"shape \(d_out, d_in\)"),
    (lambda: LinearLayer(np.empty((0, 2))), r"d_out, d_in >= 1"),
    (lambda: LinearLayer([[1, 2]], [1, 2]), r"bias must have shape \(1,\)"),
    (lambda: LinearLayer([[1, 2]], [float("inf")]), "non-finite"),
], ids=["empty", "not-a-list", "not-a-layer", "relu-relu", "relu-linear", "bad-X", "M-nan", "M-mp-inf", "M-ragged",
        "M-flat", "M-empty", "bias-length", "bias-inf"])
def test_bad_input(make, match):
    with pytest.raises(InvalidInput, match=match):
        make()
