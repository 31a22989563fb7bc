"""Vector-valued shallow networks: ``ReLUNetwork(W, b, V, c, c0)`` with ``V`` of shape (K, D) (issue 10, [SPLN24]).

Independent routes: a plain-Python evaluation of ``relu(X W^T - b) V + X c + c0`` from the parameter lists, and the
stack of the ``D`` scalar networks ``(W, b, V[:, j], c[:, j], c0[j])`` (the scalar code path, tested on its own in
test_network.py).  Norms are recomputed from sums of squares (AM-GM per neuron for weight decay >= path norm).  Each
property has a negative control: a perturbed or wrong variant that the same comparison must reject.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from radontv import InexactOperation, InvalidInput, ReLUNetwork
from radontv.testing import scaled_examples
from radontv.testing.assertions import FLOAT_RTOL, MP_LOST_DIGITS
from radontv.testing.strategies import positive_scales, scalars

DPS = 50
Q = scalars(arithmetic="exact", max_magnitude=4, max_denominator=4)


def _obj(rows: list, shape: tuple[int, ...]) -> np.ndarray:
    return np.array(rows, dtype=object).reshape(shape)


@st.composite
def vector_nets(draw, *, min_width: int = 0, max_width: int = 4, dim: int | None = None, outputs: int | None = None):
    """Exact vector networks with their parameters as plain lists (for the independent routes)."""
    d = draw(st.integers(1, 3)) if dim is None else dim
    D = draw(st.integers(1, 3)) if outputs is None else outputs
    K = draw(st.integers(min_width, max_width))
    W = [[draw(Q) for _ in range(d)] for _ in range(K)]
    b = [draw(Q) for _ in range(K)]
    V = [[draw(Q) for _ in range(D)] for _ in range(K)]
    c = [[draw(Q) for _ in range(D)] for _ in range(d)]
    c0 = [draw(Q) for _ in range(D)]
    net = ReLUNetwork(_obj(W, (K, d)), b, _obj(V, (K, D)), _obj(c, (d, D)), c0)
    return net, (W, b, V, c, c0)


def _points(draw, d: int, n: int = 3) -> list[list[Fraction]]:
    return [[draw(Q) for _ in range(d)] for _ in range(n)]


def _plain(params, x: list[Fraction]) -> list[Fraction]:
    """sum_k v_k relu(w_k . x - b_k) + c^T x + c0, entry by entry in Fractions."""
    W, b, V, c, c0 = params
    h = [max(Fraction(0), sum((wi * xi for wi, xi in zip(w, x, strict=True)), Fraction(0)) - bk)
         for w, bk in zip(W, b, strict=True)]
    return [sum((h[k] * V[k][j] for k in range(len(W))), Fraction(0))
            + sum((x[i] * c[i][j] for i in range(len(x))), Fraction(0)) + c0[j] for j in range(len(c0))]


def _term_scale(params, x) -> Fraction:
    """The size of the summed terms sum_k ||v_k||_1 (|w_k.x| + |b_k|) + |c|^T|x| + ||c0||_1 (relative tolerances)."""
    W, b, V, c, c0 = params
    s = sum((sum(abs(v) for v in V[k]) * (abs(sum(wi * xi for wi, xi in zip(W[k], x, strict=True))) + abs(b[k]))
             for k in range(len(W))), Fraction(0))
    return s + sum(abs(c[i][j] * x[i]) for i in range(len(x)) for j in range(len(c0))) + sum(abs(q) for q in c0)


def _one(x: list) -> object:
    """One point for ``net(...)``: a scalar when d = 1 (a flat list of length 1 would be a batch of one point)."""
    return x[0] if len(x) == 1 else x


def _active_point(w: list[Fraction], bk: Fraction) -> list[Fraction]:
    """A point where w . x - b = 1 (w != 0): the neuron is active there."""
    ww = sum(wi * wi for wi in w)
    return [(bk + 1) * wi / ww for wi in w]


# -- evaluation -------------------------------------------------------------------------------------------------------
@given(case=vector_nets(), data=st.data())
@settings(max_examples=scaled_examples(0.5))
def test_evaluation_matches_plain_sums_and_stacked_scalar_nets(case, data):
    net, params = case
    W, b, V, c, c0 = params
    X = _points(data.draw, net.dim)
    out = net(_obj(X, (len(X), net.dim)))
    assert out.shape == (len(X), net.outputs)
    assert out.tolist() == [_plain(params, x) for x in X]
    for j in range(net.outputs):  # the scalar code path, one output at a time
        scalar = ReLUNetwork(_obj(W, (net.width, net.dim)), b, [row[j] for row in V], [row[j] for row in c], c0[j])
        assert list(scalar(_obj(X, (len(X), net.dim)))) == [row[j] for row in out.tolist()]
    assert net(_one(X[0])).tolist() == _plain(params, X[0])  # one point: shape (D,)
    assert all(isinstance(q, Fraction) for q in out.flat)


@given(case=vector_nets(min_width=1), data=st.data())
@settings(max_examples=scaled_examples(0.5))
def test_evaluation_negative_control_one_perturbed_output_weight(case, data):
    """Changing one v_kj by delta changes output j by delta at a point where neuron k is active: the comparison of
    the test above would reject it."""
    net, params = case
    W, b, V, c, c0 = params
    k = data.draw(st.integers(0, net.width - 1))
    if all(w == 0 for w in W[k]):
        W[k][0] = Fraction(1)
        net = ReLUNetwork(_obj(W, (net.width, net.dim)), b, _obj(V, (net.width, net.outputs)), _obj(c, np.shape(c)), c0)
    j, delta = data.draw(st.integers(0, net.outputs - 1)), data.draw(Q.filter(lambda q: q != 0))
    wrong_V = [row[:] for row in V]
    wrong_V[k][j] += delta
    wrong = ReLUNetwork(net.W, net.b, _obj(wrong_V, net.V.shape), net.c, net.c0)
    x = _one(_active_point(W[k], b[k]))
    diff = wrong(x) - net(x)
    assert diff[j] == delta and all(diff[i] == 0 for i in range(net.outputs) if i != j)
    assert wrong(x).tolist() != _plain((W, b, V, c, c0), _active_point(W[k], b[k]))


@given(case=vector_nets(), data=st.data())
@settings(max_examples=scaled_examples(0.3))
def test_mp_and_float_agree_with_exact_relative_to_the_term_size(case, data):
    net, params = case
    x = _points(data.draw, net.dim, n=1)[0]
    exact = _plain(params, x)
    scale = _term_scale(params, x)
    with mpmath.workdps(DPS):
        mp_out = net.as_mp()(_one(x))
        tol = mpmath.mpf(10) ** -(DPS - MP_LOST_DIGITS)
        mp_scale = mpmath.mpf(scale.numerator) / scale.denominator
        assert all(abs(m - mpmath.mpf(e.numerator) / e.denominator) <= tol * mp_scale
                   for m, e in zip(mp_out, exact, strict=True))
    for factor in (Fraction(1, 10**8), Fraction(1), Fraction(10**8)):  # the tolerance scales with the inputs
        xs = [q * factor for q in x]
        fl = net.as_float()(_one([float(q) for q in xs]))
        want = _plain(params, [Fraction(float(q)) for q in xs])
        s = _term_scale(params, [Fraction(float(q)) for q in xs])
        assert all(abs(Fraction(f) - e) <= Fraction(FLOAT_RTOL) * s for f, e in zip(fl, want, strict=True))


def test_exact_regression_example():
    """Worked by hand: at x = (1, 1) the pre-activations are (-3/2, 4), so f = 4 (-1, 2) + (1, 1) + (2, 3)."""
    net = ReLUNetwork([[1, -2], [3, 1]], [Fraction(1, 2), 0], [[3, 1], [-1, 2]], c=[[0, 1], [1, 0]], c0=[2, 3])
    assert net([1, 1]).tolist() == [-1, 12]
    assert net([[1, 1], [0, 0]]).tolist() == [[-1, 12], [2, 3]]
    assert (net.width, net.dim, net.outputs, net.vector_valued) == (2, 2, 2, True)
    assert net.weight_decay() == Fraction(15)  # (9 + 1 + 1 + 4 + 1 + 4 + 9 + 1) / 2
    assert sympy.simplify(net.path_norm() - 10 * sympy.sqrt(2)) == 0  # sqrt(10) sqrt(5) + sqrt(5) sqrt(10)
    assert list(net.output_norms()) == [sympy.sqrt(10), sympy.sqrt(5)]
    assert net.V.shape == (2, 2) and net.v.shape == (2, 2)


def test_one_output_as_a_matrix_is_the_scalar_network():
    scalar = ReLUNetwork([[1, -2], [3, 1]], [Fraction(1, 2), 0], [3, -1], c=[0, 1], c0=2)
    vector = ReLUNetwork([[1, -2], [3, 1]], [Fraction(1, 2), 0], [[3], [-1]], c=[[0], [1]], c0=[2])
    X = [[1, 1], [-2, 3], [Fraction(1, 3), 0]]
    assert vector(X)[:, 0].tolist() == scalar(X).tolist()
    assert (scalar.outputs, scalar.vector_valued, vector.outputs, vector.vector_valued) == (1, False, 1, True)
    assert scalar.V.tolist() == vector.V.tolist() and scalar.v.shape == (2,)
    assert scalar.weight_decay() == vector.weight_decay() and scalar.path_norm() == vector.path_norm()
    assert scalar != vector  # stored shapes differ: parameters are compared, not functions


# -- regularizers -----------------------------------------------------------------------------------------------------
@given(case=vector_nets())
@settings(max_examples=scaled_examples(0.5))
def test_weight_decay_and_path_norm_from_sums_of_squares(case):
    net, (W, _b, V, _c, _c0) = case
    vsq = [sum(x * x for x in row) for row in V]
    wsq = [sum(x * x for x in row) for row in W]
    assert net.weight_decay() == (sum(vsq, Fraction(0)) + sum(wsq, Fraction(0))) / 2  # biases and skip excluded
    expected = sum((sympy.sqrt(sympy.Rational(p * q)) for p, q in zip(vsq, wsq, strict=True)), sympy.Integer(0))
    assert sympy.expand(net.path_norm() - expected) == 0
    assert [sympy.expand(o**2) for o in net.output_norms()] == [sympy.Rational(q) for q in vsq]
    # AM-GM per neuron, exactly: (|v|^2 + |w|^2)^2 >= 4 |v|^2 |w|^2, equality iff |v| = |w|
    for p, q in zip(vsq, wsq, strict=True):
        assert (p + q) ** 2 >= 4 * p * q and (((p + q) ** 2 == 4 * p * q) == (p == q))


@given(case=vector_nets())
@settings(max_examples=scaled_examples(0.5))
def test_weight_decay_negative_control_biases_and_skip_are_not_regularized(case):
    """The penalised-bias and regularized-skip variants differ whenever a bias resp. a skip weight is nonzero."""
    net, (_W, b, _V, c, c0) = case
    with_bias = net.weight_decay() + sum((q * q for q in b), Fraction(0)) / 2
    assert (with_bias == net.weight_decay()) == all(q == 0 for q in b)
    shifted = net.with_affine(c=_obj([[q + 1 for q in row] for row in c], net.c.shape), c0=[q + 1 for q in c0])
    assert shifted.weight_decay() == net.weight_decay()  # changing the skip term leaves weight decay unchanged


@given(case=vector_nets(min_width=1), data=st.data())
@settings(max_examples=scaled_examples(0.3))
def test_balanced_weight_decay_equals_path_norm(case, data):
    net, params = case
    x = _points(data.draw, net.dim, n=1)[0]
    scale = _term_scale(params, x)
    with mpmath.workdps(DPS):
        mp = net.as_mp()
        bal = mp.balanced()
        tol = mpmath.mpf(10) ** -(DPS - MP_LOST_DIGITS)
        wd, pn = bal.weight_decay(), bal.path_norm()
        # neurons with exactly one of v_k, w_k zero keep scale 1 and add their weight decay; the rest balance
        half_dead = sum((bal[k].weight_decay() for k in range(net.width)
                         if (bal.output_norms()[k] == 0) != (bal.neuron_norms()[k] == 0)), start=mpmath.mpf(0))
        assert abs(wd - half_dead - pn) <= tol * wd
        assert abs(pn - mp.path_norm()) <= tol * pn  # rescaling keeps the path norm
        assert mp.weight_decay() >= pn * (1 - tol)
        mp_scale = mpmath.mpf(scale.numerator) / scale.denominator
        assert all(abs(a - e) <= tol * mp_scale for a, e in zip(bal(_one(x)), mp(_one(x)), strict=True))
        norms = zip(bal.output_norms(), bal.neuron_norms(), strict=True)
        assert all(o == 0 or n == 0 or abs(o - n) <= tol * (o + n) for o, n in norms)
    fl = net.as_float().balanced()
    fl_half_dead = sum(fl[k].weight_decay() for k in range(net.width)
                       if (fl.output_norms()[k] == 0) != (fl.neuron_norms()[k] == 0))
    assert abs(fl.weight_decay() - fl_half_dead - fl.path_norm()) <= FLOAT_RTOL * fl.weight_decay()
    with pytest.raises(InexactOperation):
        net.balanced()


def test_balanced_negative_control_unbalanced_weight_decay_exceeds_the_path_norm():
    net = ReLUNetwork([[3, 4]], [1], [[1, 0, 0]])  # |v| = 1 != 5 = |w|: WD = 13 > 5 = path norm
    assert net.weight_decay() == 13 and net.path_norm() == 5
    assert net.as_float().balanced().weight_decay() == pytest.approx(5, rel=FLOAT_RTOL)


# -- symmetries and arithmetic on networks ---------------------------------------------------------------------------
@given(case=vector_nets(min_width=1), data=st.data())
@settings(max_examples=scaled_examples(0.3))
def test_rescaling_keeps_the_function_and_the_path_norm(case, data):
    net, (W, b, V, _c, _c0) = case
    alpha = data.draw(st.lists(positive_scales(), min_size=net.width, max_size=net.width))
    r = net.rescale(np.array(alpha, dtype=object))
    X = _points(data.draw, net.dim)
    assert r(X).tolist() == net(X).tolist()
    assert r.V.tolist() == [[v / a for v in row] for a, row in zip(alpha, V, strict=True)]
    assert sympy.expand(r.path_norm() - net.path_norm()) == 0
    # negative control: the wrong map (v * alpha, alpha w) changes the function where a neuron with v_k != 0 is active
    k = next((k for k in range(net.width) if any(V[k]) and any(W[k])), None)
    a = data.draw(positive_scales().filter(lambda q: q != 1))
    wrong_V = [row[:] for row in V]
    if k is not None:
        wrong_V[k] = [v * a for v in V[k]]
        W_k = np.array(W[k], dtype=object) * a
        wrong_b = [q * a if i == k else q for i, q in enumerate(b)]
        wrong = ReLUNetwork(np.vstack([net.W[:k], W_k[None, :], net.W[k + 1:]]), wrong_b, _obj(wrong_V, net.V.shape),
                            net.c, net.c0)
        x = _one(_active_point(W[k], b[k]))
        assert wrong(x).tolist() != net(x).tolist()


def test_rescale_rejects_nonpositive_scales():
    net = ReLUNetwork([[1]], [0], [[1, 2]])
    with pytest.raises(InvalidInput, match="positive"):
        net.rescale(-1)


@given(f=vector_nets(), data=st.data())
@settings(max_examples=scaled_examples(0.3))
def test_add_sub_neg_and_indexing(f, data):
    net, params = f
    other, oparams = data.draw(vector_nets(dim=net.dim, outputs=net.outputs))
    X = _points(data.draw, net.dim)
    f_x = np.array([_plain(params, x) for x in X], dtype=object)
    g_x = np.array([_plain(oparams, x) for x in X], dtype=object)
    assert (net + other)(X).tolist() == (f_x + g_x).tolist()
    assert (net - other)(X).tolist() == (f_x - g_x).tolist()
    assert (-net)(X).tolist() == (-f_x).tolist()
    assert (net + other).width == net.width + other.width
    if net.width:
        keep = [k for k in range(net.width) if k % 2 == 0]
        W, b, V, c, c0 = params
        sub = ([W[k] for k in keep], [b[k] for k in keep], [V[k] for k in keep], c, c0)
        assert net[keep](X).tolist() == [_plain(sub, x) for x in X]
        assert net[0].V.shape == (1, net.outputs) and net[0].c0.tolist() == list(c0)


def test_with_neurons_and_with_affine():
    net = ReLUNetwork([[1, 0]], [0], [[1, 2]])
    grown = net.with_neurons([[0, 1]], [1], [[3, -1]])
    assert grown.width == 2 and grown([2, 3]).tolist() == [2 + 6, 4 - 2]
    moved = grown.with_affine(c=[[1, 0], [0, 1]], c0=[5, 7])
    assert moved([2, 3]).tolist() == [8 + 2 + 5, 2 + 3 + 7]
    assert moved.with_affine(c0=[0, 0]).c.tolist() == [[1, 0], [0, 1]]  # None keeps the other part
    with pytest.raises(InvalidInput, match=r"\(1, 2\)"):
        net.with_neurons([[0, 1]], [1], [3])  # a scalar output weight for a two-output network


def test_conversions_equality_hash_and_repr():
    net = ReLUNetwork([[1, -2], [3, 1]], [Fraction(1, 2), 0], [[3, 1], [-1, 2]], c=[[0, 1], [1, 0]], c0=[2, 3])
    fl = net.as_float()
    assert fl.arithmetic == "float" and fl.V.dtype == np.float64 and fl.c0.tolist() == [2.0, 3.0]
    assert fl.as_exact() == net and hash(fl.as_exact()) == hash(net)
    with mpmath.workdps(DPS):
        assert net.as_mp().as_exact() == net and isinstance(net.as_mp().c0[0], mpmath.mpf)
    assert net != net.with_affine(c0=[2, 4]) and net != -net
    text = repr(net)
    assert "v=[[3, 1], [-1, 2]]" in text and "c0=[2, 3]" in text
    assert {net: 1}[ReLUNetwork(net.W, net.b, net.V, net.c, [2, 3])] == 1


def test_v_keyword_alias_and_capital_v_keyword():
    a = ReLUNetwork(W=[[1]], b=[0], v=[2], c=[1], c0=3)
    assert a == ReLUNetwork([[1]], [0], V=[2], c=[1], c0=3) == ReLUNetwork([[1]], [0], [2], [1], 3)
    assert ReLUNetwork([[1]], [0], [2]).c0 == 0  # c0=None: zero of the right shape
    assert ReLUNetwork([[1]], [0], [[2, 1]]).c0.tolist() == [0, 0]
    with pytest.raises(InvalidInput, match="once"):
        ReLUNetwork([[1]], [0], [2], v=[2])
    with pytest.raises(InvalidInput, match="once"):
        ReLUNetwork([[1]], [0])


def test_empty_vector_network_is_affine():
    net = ReLUNetwork(np.empty((0, 2), dtype=object), [], np.empty((0, 3), dtype=object), c=[[1, 0, 2], [0, 1, 0]])
    assert net.width == 0 and net.outputs == 3 and net([1, 2]).tolist() == [1, 2, 2]
    assert net.weight_decay() == 0 and net.path_norm() == 0
    assert ReLUNetwork([], [], np.empty((0, 3), dtype=object), c=[[1, 0, 2], [0, 1, 0]]).dim == 2


# -- bad input --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("make, match", [
    (lambda: ReLUNetwork([[1, 2]], [0], [[1, 2], [3, 4]]), r"V has 2 rows but W has 1 rows"),
    (lambda: ReLUNetwork([[1, 2]], [0], [[1, 2]], c=[1, 2]), r"c must have shape \(d, D\) = \(2, 2\)"),
    (lambda: ReLUNetwork([[1, 2]], [0], [[1, 2]], c=[[1, 2, 3], [1, 2, 3]]), r"\(2, 2\)"),
    (lambda: ReLUNetwork([[1, 2]], [0], [[1, 2]], c0=[1, 2, 3]), r"c0 must have shape \(2,\)"),
    (lambda: ReLUNetwork([[1, 2]], [0], [[1, 2]], c0=1), r"c0 must have shape \(2,\)"),
    (lambda: ReLUNetwork([[1, 2]], [0], [[1, 2]], c0=[1, float("inf")]), "non-finite"),
    (lambda: ReLUNetwork([[1, 2]], [0], [[1, float("nan")]]), "non-finite"),
    (lambda: ReLUNetwork([[1, 2]], [0], [[[1]]]), r"\(K,\) for one output or \(K, D\)"),
    (lambda: ReLUNetwork([[1, 2]], [0], np.empty((1, 0))), "D >= 1"),
    (lambda: ReLUNetwork([[1, 2]], [0], [[1, 2], [3]]), "ragged"),
    (lambda: ReLUNetwork([[1]], [0], [[1, 2]]) + ReLUNetwork([[1]], [0], [[1, 2, 3]]), "same D"),
    (lambda: ReLUNetwork([[1]], [0], [[1, 2]]) + ReLUNetwork([[1]], [0], [1]), "scalar"),
    (lambda: ReLUNetwork([[1]], [0], [[1, 2]])([[1, 2]]), r"shape \(1, 2\)"),
], ids=["V-rows", "c-flat", "c-columns", "c0-long", "c0-scalar", "c0-inf", "V-nan", "V-3d", "V-no-columns",
        "V-ragged", "add-D", "add-scalar", "X-dim"])
def test_bad_input(make, match):
    with pytest.raises(InvalidInput, match=match):
        make()


def test_scalar_only_tools_refuse_vector_networks_and_name_the_way_out():
    from radontv.canonical_vector import output_network
    from radontv.radon import radon_atoms
    from radontv.splines import LinearSpline

    net1 = ReLUNetwork([[1], [2]], [0, 1], [[1, 2], [3, 4]])
    net2 = ReLUNetwork([[1, 0], [0, 1]], [0, 1], [[1, 2], [3, 4]])
    for call in (lambda: LinearSpline.from_network(net1), lambda: radon_atoms(net2)):
        with pytest.raises(InvalidInput, match="output_network"):
            call()
    # control: one output of the same network is accepted
    assert LinearSpline.from_network(output_network(net1, 0)).knots.size >= 1
    assert len(radon_atoms(output_network(net2, 1))) == 2
