"""Canonical forms, R-TV² (= ||.||_{2,M}), ||.||_{M,1}, witnesses and assert_same_function for vector networks.

Expected values come from hand computation (the regression examples), from the scalar code applied output by output,
from the parameters (sum ||v_k|| ||w_k|| on distinct hyperplanes, distinctness decided by 2x2 minors), or from exact
evaluation; never from the vector code under test.  Each property has a negative control: a wrong merge rule, a wrong
norm, an absolute zero law, a difference in one output on a thin strip.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from radontv import InvalidInput, ReLUNetwork, canonical, rtv2, witness
from radontv.canonical_form import FLOAT_RTOL
from radontv.canonical_vector import VectorCanonicalForm, output_network
from radontv.deep import per_output_variation_norm
from radontv.same_function import same_function, vector_witness
from radontv.scalars import exact_value
from radontv.testing import assert_same_function, scaled_examples
from radontv.testing.strategies import relu_networks, scalars

Q = scalars(arithmetic="exact")
SCALES = st.integers(-8, 8).map(lambda k: Fraction(10) ** k)


@st.composite
def vector_networks(draw, *, min_dim=1, max_dim=3, max_outputs=3, coincident=True, antipodal=True, min_width=0):
    """Vector networks on the neurons of the project's scalar strategy (rescaled duplicates, antipodal twins, v = 0
    and w = 0 neurons), with rational output vectors (some rows zero, some entries zero) and a vector skip term."""
    base = draw(relu_networks(min_dim=min_dim, max_dim=max_dim, min_width=min_width, max_width=5,
                              coincident=coincident, antipodal=antipodal, zero_neurons=True, arithmetic="exact"))
    D = draw(st.integers(1, max_outputs))
    entry = st.one_of(st.just(Fraction(0)), Q)
    V = [[draw(entry) for _ in range(D)] for _ in range(base.width)]
    c = [[draw(Q) for _ in range(D)] for _ in range(base.dim)]
    c0 = [draw(Q) for _ in range(D)]
    W = base.W if base.width else np.empty((0, base.dim), dtype=object)
    return ReLUNetwork(W, list(base.b), np.array(V, dtype=object).reshape(base.width, D), c, c0)


def _column(net: ReLUNetwork, j: int) -> ReLUNetwork:
    """Output j as a scalar network, built here from the parameters (not with the code under test)."""
    W = net.W if net.width else np.empty((0, net.dim), dtype=object)
    return ReLUNetwork(W, list(net.b), [row[j] for row in net.V], [row[j] for row in net.c], net.c0[j])


def _n(x, dps=50) -> mpmath.mpf:
    """An exact number at ``dps`` digits (keeps its precision; compute with it inside ``mpmath.workdps``)."""
    with mpmath.workdps(dps + 10):
        return mpmath.mpf(str(sympy.N(x, dps + 10)))


def _same_number(a, b) -> bool:
    """Exact equality of two sums of square roots of rationals (sympy reduces each radical to a square-free
    integer and collects like radicals, so the difference is 0 exactly when they are equal)."""
    return sympy.expand(sympy.sympify(a) - sympy.sympify(b)) == 0


def _points(d: int, n: int = 12, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.array([[Fraction(int(rng.integers(-40, 41)), 8) for _ in range(d)] for _ in range(n)], dtype=object)


def _proportional(r1, r2) -> bool:
    """(w, b) rows on the same hyperplane (same or opposite orientation): every 2x2 minor vanishes."""
    return all(a * d - b * c == 0 for (a, b), (c, d) in itertools.combinations(zip(r1, r2, strict=True), 2))


def _hat(u, t, delta, height, D, j) -> ReLUNetwork:
    """A hat of the given height on the strip t <= u.x <= t + 2 delta, in output j only (zero elsewhere)."""
    a = height / delta
    V = [[a if i == j else Fraction(0) for i in range(D)] for a in (a, -2 * a, a)]
    return ReLUNetwork([u, u, u], [t, t + delta, t + 2 * delta], V, [[0] * D for _ in u], [0] * D)


# -- exact regression examples --------------------------------------------------------------------------------------
def test_two_neurons_on_one_hyperplane_partly_cancel():
    # (1, 2).x = 1 twice (alpha = 1 and 2): q = (3, -1) + 2 (-1, 5) = (1, 9), A = q sqrt(5)
    net = ReLUNetwork([[1, 2], [2, 4]], [1, 2], [[3, -1], [-1, 5]])
    form = canonical(net)
    assert isinstance(form, VectorCanonicalForm) and form.outputs == 2 and form.size == 1
    assert form.normals.tolist() == [[1, 2]] and form.offsets.tolist() == [1]
    assert form.coefficients.tolist() == [[1, 9]]
    assert rtv2(net) == sympy.sqrt(82) * sympy.sqrt(5)  # ||(1, 9)|| * ||(1, 2)||
    assert per_output_variation_norm(net) == 10 * sympy.sqrt(5)
    path = sympy.sqrt(10) * sympy.sqrt(5) + sympy.sqrt(26) * 2 * sympy.sqrt(5)
    assert _n(rtv2(net)) < _n(path)  # merging lowers it below the path norm
    # one output cancels completely: q = (2, 1) + 2 (-1, 3) = (0, 7); ||.||_{2,M} = ||.||_{M,1} then
    net0 = ReLUNetwork([[1, 2], [2, 4]], [1, 2], [[2, 1], [-1, 3]])
    assert canonical(net0).coefficients.tolist() == [[0, 7]]
    assert rtv2(net0) == per_output_variation_norm(net0) == 7 * sympy.sqrt(5)


def test_antipodal_pair_with_vector_amplitudes():
    # (-6, -8, -2) = -2 (3, 4, 1): q = (1, 2) + 2 (1, -1) = (3, 0), A = 5 q = (15, 0); the turned-over neuron leaves
    # v (w.x - b) = (1, -1)(-6 x1 - 8 x2 + 2) in the affine part
    net = ReLUNetwork([[3, 4], [-6, -8]], [1, -2], [[1, 2], [1, -1]])
    form = canonical(net)
    assert form.coefficients.tolist() == [[3, 0]] and rtv2(net) == 15
    assert form.c.tolist() == [[-6, 6], [-8, 8]] and form.c0.tolist() == [2, -2]
    X = _points(2)
    assert np.array_equal(form.network()(X), net(X))
    # v relu(z) - v relu(-z) = v z is affine in every output: nothing left
    flat = ReLUNetwork([[3, 4], [-6, -8]], [1, -2], [[2, 1], [-1, Fraction(-1, 2)]])
    assert canonical(flat).size == 0 and rtv2(flat) == 0 and per_output_variation_norm(flat) == 0
    assert np.array_equal(canonical(flat).network()(X), flat(X))


def test_zero_neurons_and_constants_move_into_the_affine_part():
    # w = 0: the constant v relu(-b) = (2, -4) for b = -2; v = 0 drops
    net = ReLUNetwork([[0, 0], [1, 1]], [-2, 3], [[1, -2], [0, 0]], c=[[1, 0], [0, 1]], c0=[5, 6])
    form = canonical(net)
    assert form.size == 0 and form.c.tolist() == [[1, 0], [0, 1]] and form.c0.tolist() == [7, 2]


@settings(max_examples=scaled_examples(0.1))
@given(vector_networks(max_outputs=1))
def test_one_output_vector_net_is_the_scalar_net(net):
    scalar = _column(net, 0)
    assert _same_number(rtv2(net), rtv2(scalar))
    assert _same_number(per_output_variation_norm(net), rtv2(scalar))
    assert canonical(net) == canonical(scalar) and canonical(scalar) == canonical(net)
    for kind in ("float", "mp"):
        f, s = canonical(net.as_arithmetic(kind)), canonical(scalar.as_arithmetic(kind))
        assert f.size == s.size and f.rtv2() == s.rtv2()  # the same law, the same sums


# -- property tests against independent routes ----------------------------------------------------------------------
@settings(max_examples=scaled_examples(0.25))
@given(vector_networks(coincident=False, antipodal=False))
def test_distinct_hyperplanes_give_the_sum_of_norm_products(net):
    live = [k for k in range(net.width) if any(x != 0 for x in net.V[k]) and any(x != 0 for x in net.W[k])]
    rows = [[*net.W[k], net.b[k]] for k in live]
    assume(not any(_proportional(r1, r2) for r1, r2 in itertools.combinations(rows, 2)))
    expected = sympy.Add(*[sympy.sqrt(sympy.Rational(sum(x * x for x in net.V[k]))) *
                           sympy.sqrt(sympy.Rational(sum(x * x for x in net.W[k]))) for k in live])
    assert _same_number(rtv2(net), expected)
    assert canonical(net).size == len(live)


def test_distinct_hyperplane_formula_is_refuted_on_a_shared_hyperplane():  # negative control of the property above
    net = ReLUNetwork([[1, 2], [2, 4]], [1, 2], [[3, -1], [-1, 5]])
    no_merge = sum(_n(sympy.sqrt(sum(x * x for x in v)) * sympy.sqrt(sum(x * x for x in w)))
                   for w, v in zip(net.W, net.V, strict=True))
    assert abs(no_merge - _n(rtv2(net))) > 1


@settings(max_examples=scaled_examples(0.15))
@given(vector_networks())
def test_per_output_norm_is_the_sum_of_the_scalar_rtv2(net):
    expected = sympy.Add(*[rtv2(_column(net, j)) for j in range(net.outputs)])
    assert _same_number(per_output_variation_norm(net), expected)


@settings(max_examples=scaled_examples(0.15))
@given(vector_networks())
def test_each_output_of_the_form_is_the_scalar_form(net):
    form = canonical(net)
    for j in range(net.outputs):
        assert form.output(j) == canonical(_column(net, j))
        assert form.output(j)._exact_key() == canonical(_column(net, j))._exact_key()


@settings(max_examples=scaled_examples(0.15))
@given(vector_networks())
def test_norm_inequalities(net):
    form = canonical(net)
    with mpmath.workdps(50):
        two, one = _n(rtv2(net)), _n(per_output_variation_norm(net))
        slack = mpmath.mpf(10) ** -45 * (1 + one)  # 50-digit evaluation of exact numbers
        assert two <= one + slack and one <= mpmath.sqrt(net.outputs) * two + slack
        single = all(sum(1 for q in row if q != 0) <= 1 for row in form.coefficients)
        assert (abs(one - two) <= slack) == single  # equality on the left iff one nonzero output per hyperplane


def test_wrong_norm_is_refuted():  # negative control: ||.||_{M,1} is not the weight-decay norm ||.||_{2,M}
    net = ReLUNetwork([[3, 4]], [0], [[3, -4]])
    balanced_weight_decay = 5 * 5  # ||v|| ||w||: the minimum of 1/2(||v||^2 + ||w||^2) over rescalings
    assert rtv2(net) == balanced_weight_decay and per_output_variation_norm(net) != balanced_weight_decay


@settings(max_examples=scaled_examples(0.1))
@given(vector_networks())
def test_the_form_network_is_the_same_function(net):
    merged = canonical(net).network()
    assert_same_function(merged, net)
    X = _points(net.dim)
    assert np.array_equal(np.asarray(merged(X)), np.asarray(net(X)))  # exact evaluation, independent of the forms
    f = net.as_float()
    assert_same_function(canonical(f).network(), f)
    with mpmath.workdps(50):
        m = net.as_mp()
        assert_same_function(canonical(m).network(), m)


@settings(max_examples=scaled_examples(0.1))
@given(vector_networks(), SCALES, SCALES)
def test_rescaling_x_and_y_keeps_the_hyperplanes(net, s, r):
    """x -> s x, y -> r y in float and mp: the same hyperplanes as the exact form (counted by the exact route)."""
    W = [[w / s for w in row] for row in net.W] if net.width else np.empty((0, net.dim), dtype=object)
    V = np.array([[v * r for v in row] for row in net.V], dtype=object).reshape(net.width, net.outputs)
    scaled = ReLUNetwork(W, list(net.b), V, [[x * r / s for x in row] for row in net.c], [x * r for x in net.c0])
    exact = canonical(scaled)
    assert exact.size == canonical(net).size
    f = canonical(scaled.as_float())
    assert f.size == exact.size
    assert abs(f.rtv2() - float(_n(exact.rtv2()))) <= 64 * FLOAT_RTOL * float(_n(sum_norm_products(scaled)))
    with mpmath.workdps(50):
        assert canonical(scaled.as_mp()).size == exact.size
    assert_same_function(canonical(scaled.as_float()).network(), scaled.as_float())


def sum_norm_products(net: ReLUNetwork):
    """The path norm sum ||v_k|| ||w_k|| (bounds the size of what the float form sums)."""
    return sympy.Add(*[sympy.sqrt(sympy.Rational(sum(x * x for x in v))) *
                       sympy.sqrt(sympy.Rational(sum(x * x for x in w))) for w, v in zip(net.W, net.V, strict=True)])


@pytest.mark.parametrize(("s", "r"), [(1.0, 1.0), (1e-8, 1e8), (1e8, 1e-8), (1e-8, 1e-8), (1e8, 1e8)])
def test_rounding_residue_drops_and_small_amplitudes_stay_at_every_scale(s, r):
    """Vector zero law ||A_H|| <= tau sum ||v_k|| ||w_k||: relative, so the same decision with x scaled by s and
    y by r.  Negative control: an absolute law (||A_H|| <= tau) decides differently at some scale."""
    u = np.array([0.6, 0.8])
    v = np.array([1.0, -2.0, 3.0]) * r
    for residue, kept in ((1e-15, 0), (1e-6, 1)):
        W = np.array([u / s, 3 * u / s])
        V = np.array([3 * v, -v * (1 + residue)])
        net = ReLUNetwork(W, np.array([0.5, 1.5]), V)
        assert canonical(net).size == kept
        amp = V[0] * np.linalg.norm(W[0]) + V[1] * np.linalg.norm(W[1])
        absolute = int(np.linalg.norm(amp) > FLOAT_RTOL)
        if (s, r) == (1e-8, 1e8) and residue == 1e-15:
            assert absolute != kept  # the absolute law keeps a rounding residue of size 1e-15 * 1e16
        if (s, r) == (1e8, 1e-8) and residue == 1e-6:
            assert absolute != kept  # ... and drops a genuine amplitude of size 1e-6 * 1e-16


# -- same function, witnesses, assertions --------------------------------------------------------------------------
BASE = ReLUNetwork([[1, -2], [3, 1]], [Fraction(1, 2), 0], [[3, 1, 0], [-1, 2, 1]], c=[[1, 0, 2], [0, 1, 0]],
                   c0=[2, 0, -1])


@pytest.mark.parametrize("kind", ["exact", "float", "mp"])
@pytest.mark.parametrize("t", [Fraction(0), Fraction(10) ** 6])
def test_thin_strip_in_one_output_is_told_apart(kind, t):
    u = [Fraction(3, 5), Fraction(4, 5)]
    f = BASE
    g = BASE + _hat(u, t, Fraction(1, 2000), Fraction(1, 2000), 3, 1)  # a strip of width 1e-3 in output 1
    with mpmath.workdps(50):
        fk, gk = f.as_arithmetic(kind), g.as_arithmetic(kind)
        for a, b in ((fk, gk), (gk, fk)):
            equal, _ = same_function(a, b)
            assert not equal
            point, j = vector_witness(a, b)
            assert j == 1
            xe = np.array([exact_value(p) for p in point], dtype=object).reshape(1, -1)
            va, vb = a.as_exact()(xe)[0], b.as_exact()(xe)[0]
            assert va[1] != vb[1] and va[0] == vb[0] and va[2] == vb[2]
            assert witness(a, b) is not None
            with pytest.raises(AssertionError, match="output j = 1") as info:
                assert_same_function(a, b)
            assert "witness x = " in str(info.value)
        assert witness(fk, fk) is None and same_function(fk, fk)[0]
        assert_same_function(fk, (fk + fk) - fk)


def test_thin_strip_is_missed_by_a_grid():  # why functions are compared by forms, not samples
    u = [Fraction(3, 5), Fraction(4, 5)]
    g = BASE + _hat(u, Fraction(1, 3), Fraction(1, 2000), Fraction(1, 2000), 3, 1)
    X = np.array([[Fraction(i, 4), Fraction(j, 4)] for i in range(-8, 9) for j in range(-8, 9)], dtype=object)
    assert_same_function(g, BASE, X)  # passes on the grid...
    with pytest.raises(AssertionError, match="output j = 1"):
        assert_same_function(g, BASE)  # ... but not as functions


def test_sample_comparison_names_the_output():
    other = BASE.with_affine(c0=[2, 0, 0])
    with pytest.raises(AssertionError, match="output j = 2"):
        assert_same_function(other, BASE, _points(2))
    assert_same_function(BASE, BASE, _points(2))
    assert_same_function(lambda X: BASE(X), BASE, _points(2))


def _wrong_merge(net: ReLUNetwork) -> ReLUNetwork:
    """A wrong merge rule: antipodal neurons folded onto the canonical orientation without moving the affine
    remainder v (w.x - b) into the skip term."""
    W, b = [], []
    for w, beta in zip(net.W, net.b, strict=True):
        first = next((x for x in w if x != 0), 1)
        sign = 1 if first > 0 else -1
        W.append([sign * x for x in w])
        b.append(sign * beta)
    return ReLUNetwork(W, b, net.V, net.c, net.c0)


def test_wrong_merge_rule_is_rejected():
    net = ReLUNetwork([[3, 4], [-6, -8]], [1, -2], [[1, 2], [1, -1]])
    with pytest.raises(AssertionError, match="Functions differ in output"):
        assert_same_function(_wrong_merge(net), net)
    assert_same_function(canonical(net).network(), net)  # the right rule
    # and the sum of norms over a group instead of the norm of the sum: a different R-TV² on a shared hyperplane
    shared = ReLUNetwork([[1, 2], [2, 4]], [1, 2], [[3, -1], [-1, 5]])
    sum_of_norms = sympy.sqrt(10) * sympy.sqrt(5) + 2 * sympy.sqrt(26) * sympy.sqrt(5)
    assert not _same_number(rtv2(shared), sum_of_norms)


@settings(max_examples=scaled_examples(0.1))
@given(vector_networks(), st.data())
def test_forms_are_invariant_under_neuron_rescaling(net, data):
    alpha = [data.draw(st.integers(1, 9).map(Fraction)) for _ in range(net.width)]
    W = [[a * x for x in w] for a, w in zip(alpha, net.W, strict=True)] if net.width else np.empty((0, net.dim))
    V = np.array([[x / a for x in v] for a, v in zip(alpha, net.V, strict=True)], dtype=object)
    rescaled = ReLUNetwork(W, [a * x for a, x in zip(alpha, net.b, strict=True)], V.reshape(net.width, net.outputs),
                           net.c, net.c0)
    assert canonical(rescaled) == canonical(net)
    assert canonical(rescaled.as_float()) == canonical(net.as_float())
    if net.width:  # negative control: one output weight changed changes the function (unless dead: w = 0, b >= 0)
        V2 = V.copy().reshape(net.width, net.outputs)
        V2[0, net.outputs - 1] += 1
        changed = ReLUNetwork(W, [a * x for a, x in zip(alpha, net.b, strict=True)], V2, net.c, net.c0)
        assert same_function(changed, net)[0] == (all(x == 0 for x in net.W[0]) and net.b[0] >= 0)


def test_mp_rtv2_at_50_digits():
    net = ReLUNetwork([[1, 2], [2, 4], [-3, 1]], [1, 2, Fraction(1, 3)], [[3, -1], [-1, 5], [1, 1]])
    exact = _n(rtv2(net), 50)
    with mpmath.workdps(50):
        assert abs(exact - _n(sympy.sqrt(82) * sympy.sqrt(5) + sympy.sqrt(10) * sympy.sqrt(2))) == 0  # by hand
        value = canonical(net.as_mp()).rtv2()
        assert abs(value - exact) <= mpmath.mpf(10) ** -45 * exact
        assert abs(value * (1 + mpmath.mpf(10) ** -40) - exact) > mpmath.mpf(10) ** -45 * exact  # control


def test_bad_input():
    two = ReLUNetwork([[1]], [0], [[1, 2]])
    three = ReLUNetwork([[1]], [0], [[1, 2, 3]])
    with pytest.raises(InvalidInput, match="outputs"):
        same_function(two, three)
    with pytest.raises(AssertionError, match="numbers of outputs differ"):
        assert_same_function(two, three)
    with pytest.raises(InvalidInput, match="out of range"):
        canonical(two).output(2)
    with pytest.raises(InvalidInput, match="out of range"):
        output_network(two, -1)
    with pytest.raises(InvalidInput, match="sinogram"):
        canonical(ReLUNetwork([[1, 0]], [0], [[1, 2]])).sinogram()
    with pytest.raises(InvalidInput, match="ReLUNetwork"):
        per_output_variation_norm([[1, 2]])
    with pytest.raises(InvalidInput, match="rtol"):
        canonical(two.as_float(), rtol=-1.0)
    assert per_output_variation_norm(ReLUNetwork([[3, 4]], [0], [-2])) == rtv2(ReLUNetwork([[3, 4]], [0], [-2])) == 10


@pytest.mark.parametrize("kind", ["exact", "float", "mp"])
def test_a_scalar_net_compares_with_a_one_output_vector_net(kind):
    with mpmath.workdps(50):
        scalar = ReLUNetwork([[1, 2], [-2, -4]], [1, -2], [3, 1], c=[1, 0], c0=2).as_arithmetic(kind)
        vector = ReLUNetwork([[1, 2], [-2, -4]], [1, -2], [[3], [1]], c=[[1], [0]], c0=[2]).as_arithmetic(kind)
        other = ReLUNetwork([[1, 2], [-2, -4]], [1, -2], [[3], [2]], c=[[1], [0]], c0=[2]).as_arithmetic(kind)
        for a, b in ((scalar, vector), (vector, scalar)):
            assert same_function(a, b)[0] and witness(a, b) is None
            assert_same_function(a, b)
            assert canonical(a) == canonical(b)
        for a, b in ((scalar, other), (other, scalar)):  # negative control: one output weight differs
            assert not same_function(a, b)[0]
            point = witness(a, b)
            xe = np.array([exact_value(p) for p in point], dtype=object).reshape(1, -1)
            assert np.asarray(a.as_exact()(xe)).reshape(-1)[0] != np.asarray(b.as_exact()(xe)).reshape(-1)[0]
            with pytest.raises(AssertionError, match="output j = 0 of D = 1"):
                assert_same_function(a, b)
            assert canonical(a) != canonical(b)


@pytest.mark.parametrize("kind", ["float", "mp"])
def test_wrong_merge_rule_is_rejected_in_float_and_mp(kind):
    with mpmath.workdps(50):
        net = ReLUNetwork([[3, 4], [-6, -8]], [1, -2], [[1, 2], [1, -1]]).as_arithmetic(kind)
        with pytest.raises(AssertionError, match="Functions differ in output"):
            assert_same_function(_wrong_merge(net), net)
        assert_same_function(canonical(net).network(), net)


def test_forms_print_and_export():
    form = canonical(ReLUNetwork([[3, 4], [-6, -8]], [1, -2], [[1, 2], [1, -1]]))
    text = str(form)
    assert "D = 2 outputs" in text and "A = (15, 0)" in text and "||.||_(2,M) = 15" in text
    data = form.as_dict()
    assert data["outputs"] == 2 and data["hyperplanes"][0]["A"] == [15.0, 0.0] and data["c0"] == [2.0, -2.0]
    assert data["rtv2"] == 15.0 and form.amplitudes_squared().tolist() == [225]
    assert canonical(ReLUNetwork([[3, 4]], [0], [[1, 1]])) != canonical(ReLUNetwork([[3, 4]], [0], [[1, 1, 0]]))
    f = canonical(ReLUNetwork([[3, 4]], [0], [[1, 2]]).as_float())
    assert f.amplitudes_squared().tolist() == [125.0]
    assert abs(f.amplitude_norms()[0] - 5 * 5**0.5) <= 4 * FLOAT_RTOL * 5 * 5**0.5


def test_two_vector_callables_are_compared_output_by_output():
    X = _points(2)
    assert_same_function(lambda P: BASE(P), lambda P: BASE(P), X)
    with pytest.raises(AssertionError, match="output j = 2 of D = 3"):  # control: output 2 shifted by 1
        assert_same_function(lambda P: BASE(P) + np.array([0, 0, 1]), lambda P: BASE(P), X)


@pytest.mark.parametrize(("s", "r"), [(1.0, 1.0), (1e-8, 1e8), (1e8, 1e-8)])
def test_turned_over_neuron_far_away_in_float(s, r):
    """relu(-3(u.x) + 3t) v = 3 v relu(u.x - t) + v(-3 u.x + 3t), written both ways, kink at t = 1e6 s: the same
    function in float (the affine zero law is relative to the magnitudes summed); a relative change of 1e-9 in one
    entry of c0 is a different function, reported as an affine difference in that output."""
    u = np.array([0.6, 0.8])
    t = 1e6 * s
    v = np.array([1.0, -2.0]) * r / s
    turned = ReLUNetwork(np.array([-3 * u]), np.array([-3 * t]), np.array([v]))
    C, c0 = np.outer(-3 * u, v), 3 * t * v
    upright = ReLUNetwork(np.array([u]), np.array([t]), np.array([3 * v]), C, c0)
    assert_same_function(turned, upright)
    assert_same_function(upright, turned)
    form = canonical(turned)
    assert form.size == 1 and same_function(form.network(), upright)[0]
    off = ReLUNetwork(np.array([u]), np.array([t]), np.array([3 * v]), C, c0 * np.array([1.0, 1 + 1e-9]))
    with pytest.raises(AssertionError, match=r"output j = 1 of D = 2.*affine parts differ"):
        assert_same_function(off, turned)
