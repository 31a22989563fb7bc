"""'Same function' rule by rule (issue 9, found by mutation testing): expected values by hand.

The grouping law of radontv.hyperplane_groups function by function (projection, windows, normal windows, offsets,
the mp groups; expected partitions by hand), the zero and sign decisions of the canonical form at the tolerance,
same_function's inputs and the magnitudes of both networks' affine parts, and the witness construction checked
against its docstring.  The reported cases and the properties at every scale are in tests/test_same_function.py.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
from _same_function_helpers import _differs_at

from radontv import InvalidInput, ReLUNetwork, canonical, witness
from radontv.canonical_form import FLOAT_RTOL
from radontv.hyperplane_groups import (
    group_mp,
    group_offsets,
    projection,
    sort_projections,
    verify_normal_windows,
    windows,
)
from radontv.same_function import same_function


# -- the grouping law function by function (mutation testing, issue 9; expected partitions by hand) ----------------
def _partition(labels) -> set[frozenset[int]]:
    """The groups of a labelling, as sets of member positions (the numbering of the labels is not part of the law)."""
    groups: dict[int, set[int]] = {}
    for k, label in enumerate(labels):
        groups.setdefault(int(label), set()).add(k)
    return {frozenset(g) for g in groups.values()}


def test_projection_direction_is_generic_fixed_and_read_only():
    for d in range(1, 13):
        r = projection(d)
        assert r.shape == (d,) and np.all(np.abs(r) >= 0.5) and np.all(np.abs(r) <= 1.0)
        assert projection(d) is r and not r.flags.writeable
        with pytest.raises(ValueError):  # a caller cannot corrupt the cached direction every later form sorts by
            r[0] = 0.0
    assert np.any(projection(12) < 0) and np.any(projection(12) > 0)  # random signs, not a fixed orthant


def test_windows_are_the_maximal_runs_joined_by_near_gaps():
    order = np.array([3, 0, 2, 1, 4])
    sel, labels, starts = windows(order, np.array([True, False, True, True]))
    assert sel.tolist() == [3, 0, 2, 1, 4] and labels.tolist() == [0, 0, 1, 1, 1] and starts.tolist() == [0, 2]
    # singles (no near gap on either side) are left out of every window
    sel, labels, starts = windows(order, np.array([False, True, False, False]))
    assert sel.tolist() == [0, 2] and labels.tolist() == [0, 0] and starts.tolist() == [0]
    sel, labels, starts = windows(order, np.array([False, False, False, True]))
    assert sel.tolist() == [1, 4] and labels.tolist() == [0, 0] and starts.tolist() == [0]


def test_normal_windows_are_verified_against_their_lead_and_split():
    """Window 1 holds a = (1, 0), b ~ (1, 0.008), c ~ (1, 0.016) (unit normals after scaling by inv): b is within
    tau = 0.01 of the lead a, c only of b, so the greedy split gives {a, b}, {c}; window 0 holds two copies of (0, 1).
    The window members are listed out of memory order (sel), as the projection sort leaves them."""
    W = np.array([[1.0, 0.0], [1.0, 0.008], [2.0, 0.032], [0.0, 1.0], [0.0, 2.0]])
    inv = 1.0 / np.linalg.norm(W, axis=1)
    sel, g, starts = np.array([3, 4, 0, 1, 2]), np.array([0, 0, 1, 1, 1]), np.array([0, 2])
    labels = verify_normal_windows(W, inv, sel, g, starts, 0.01)
    assert _partition(labels) == {frozenset({0, 1}), frozenset({2, 3}), frozenset({4})}
    # control: with the lead b (window listed b, a, c) every member is within tau of it and nothing is split
    labels = verify_normal_windows(W, inv, np.array([3, 4, 1, 0, 2]), g, starts, 0.01)
    assert _partition(labels) == {frozenset({0, 1}), frozenset({2, 3, 4})}
    # and at tau = 0.005 even b leaves a's group
    labels = verify_normal_windows(W, inv, sel, g, starts, 0.005)
    assert _partition(labels) == {frozenset({0, 1}), frozenset({2}), frozenset({3}), frozenset({4})}


@pytest.mark.parametrize("scale", [1e-8, 1.0, 1e8])
def test_offsets_are_grouped_by_the_relative_law_with_their_chain_lead(scale):
    """Hand-computed partitions at tau = 0.1: 1.0 and 1.05 (|dt| = 0.05 <= 0.105), -1.0 and -1.05 likewise, 2.0
    alone, equal offsets of different normals apart; the chain 1.0, 1.09, 1.19, 1.30 (each step within the law,
    1.19 not within it of the lead 1.0) splits greedily into {1.0, 1.09}, {1.19, 1.30}, and its mirror image
    -1.30, ..., -1.0 from its own (smallest) lead into {-1.30, -1.19}, {-1.09, -1.0}.  Scale-free: the same at
    every scale of the offsets."""
    t = scale * np.array([1.0, 1.05, 2.0, 1.0, -1.0, -1.05])
    labels = group_offsets(t, np.array([0, 0, 0, 1, 0, 0]), 0.1)
    assert _partition(labels) == {frozenset({0, 1}), frozenset({2}), frozenset({3}), frozenset({4, 5})}
    assert sorted(set(labels.tolist())) == [0, 1, 2, 3]
    chain = [1.0, 1.09, 1.19, 1.30]
    t = scale * np.array(chain + [-x for x in chain] + chain + [7.0])
    g = np.array([0] * 4 + [1] * 4 + [2] * 4 + [3])
    labels = group_offsets(t, g, 0.1)
    assert _partition(labels) == {frozenset({0, 1}), frozenset({2, 3}), frozenset({4, 5}), frozenset({6, 7}),
                                  frozenset({8, 9}), frozenset({10, 11}), frozenset({12})}
    assert sorted(set(labels.tolist())) == list(range(7))
    # controls: a tolerance below every step keeps all apart; a zero offset is never within the law of a nonzero one
    assert len(set(group_offsets(t, g, 0.01).tolist())) == t.size
    assert _partition(group_offsets(np.array([0.0, 1e-300 * scale, 0.0]), np.zeros(3, dtype=np.int64), 0.1)) == {
        frozenset({0, 2}), frozenset({1})}
    assert group_offsets(np.zeros(0), np.zeros(0, dtype=np.int64), 0.1).shape == (0,)


def test_mp_groups_follow_the_same_law_and_are_numbered_by_key():
    """Keys (u, t) at tau = 1e-10: (1, 0; 2), (0, 1; 0), (1, 0; 2 + 2e-12), (1, 1e-12; 2), (1, 0; 5).  The first,
    third and fourth are one hyperplane (normals within tau, offsets within tau relative); labels follow the
    lexicographic order of the keys: (0, 1; 0) < (1, 0; 2) < (1, 0; 5).  At tau = 1e-13 all five are apart."""
    with mpmath.workdps(30):
        m = mpmath.mpf
        U = [[m(1), m(0)], [m(0), m(1)], [m(1), m(0)], [m(1), m("1e-12")], [m(1), m(0)]]
        T = [m(2), m(0), m(2) * (1 + m("1e-12")), m(2), m(5)]
        assert group_mp(U, T, m("1e-10")) == [1, 0, 1, 1, 2]
        assert group_mp(U, T, m("1e-13")) == [1, 0, 2, 4, 3]
        chain = [m("1.0"), m("1.09"), m("1.19"), m("1.30")]
        assert _partition(group_mp([[m(1), m(0)]] * 4, chain, m("0.1"))) == {frozenset({0, 1}), frozenset({2, 3})}
        assert group_mp([], [], m("0.1")) == []


@pytest.mark.parametrize("kind", ["float", "mp"])
def test_normals_within_tau_merge_even_when_their_projections_are_farthest_apart(kind):
    """In d = 10 the unit normals u and u' ~ u + 0.9 tau sign(r) (u orthogonal to sign(r), r the sorting direction)
    are within tau coordinate by coordinate, while their projections on r differ by 0.9 tau ||r||_1, the most the
    law allows: the two neurons are one hyperplane (amplitudes 1 + 3 = 4).  Control: at 1.1 tau they are two."""
    tau, d = 1e-6, 10
    sgn = np.sign(projection(d))
    u = np.zeros(d)
    u[0] = 1.0
    u -= (u @ sgn) / d * sgn  # orthogonal to sign(r), first coordinate 0.9 > 0
    u /= np.linalg.norm(u)
    for factor, size in ((0.9, 1), (1.1, 2)):
        w2 = u + factor * tau * sgn
        net = ReLUNetwork(np.array([u, 3.0 * w2 / np.linalg.norm(w2)]), [0.5, 1.5], [1.0, 1.0])
        with mpmath.workdps(30):
            form = canonical(net.as_arithmetic(kind), rtol=tau)
            assert form.size == size
            assert abs(float(form.rtv2()) - 4.0) <= 1e-12


# -- the zero law of amplitudes and affine parts, constant by constant (a large tau makes each term visible) --------
def _zero_net(kind: str) -> ReLUNetwork:
    return ReLUNetwork(np.empty((0, 1)), [], [], c=[0.0], c0=0.0).as_arithmetic(kind)


@pytest.mark.parametrize("kind", ["float", "mp"])
def test_merged_amplitude_is_zero_when_at_most_tau_times_its_magnitudes(kind):
    """relu(x - 1) + a relu(x - 1) at tau = 1/4: the merged amplitude 1 + a is zero iff |1 + a| <= (1 + |a|)/4
    (a = -0.7: 0.3 <= 0.425, dropped; a = -0.5: 0.5 > 0.375, kept with amplitude 1/2)."""
    with mpmath.workdps(30):
        for a, size in ((-0.7, 0), (-0.5, 1)):
            net = ReLUNetwork([[1.0], [1.0]], [1.0, 1.0], [1.0, a]).as_arithmetic(kind)
            form = canonical(net, rtol=0.25)
            assert form.size == size and same_function(net, _zero_net(kind), rtol=0.25)[0] == (size == 0)
            assert size == 0 or abs(float(form.coefficients[0]) - 0.5) <= 1e-15
    # "at most" includes equality: in float 1 - 0.6 = 0.4 = (1 + 0.6) / 4 exactly
    assert 1.0 - 0.6 == 0.25 * (1.0 + 0.6)
    assert canonical(ReLUNetwork([[1.0], [1.0]], [1.0, 1.0], [1.0, -0.6]), rtol=0.25).size == 0


@pytest.mark.parametrize("kind", ["float", "mp"])
def test_affine_zero_law_counts_the_terms_moved_into_the_affine_part(kind):
    """At tau = 1/4, hand computation of the tolerance of each affine coefficient:

    * f = relu(x - 1) - relu(1 - x) - x + c0 is the constant c0 - 1; turning the second neuron over moves v b = 1
      into c0, so its magnitude is |c0| + 1: c0 = 0.7 gives |-0.3| <= 1.7/4 (zero), c0 = 0.5 gives 0.5 > 1.5/4;
    * the same with slope c and c0 = 1 is the linear function (c + 1) x; its magnitude |c| + |v| |w| = |c| + 1:
      c = -1.6 gives 0.6 <= 2.6/4 (zero; the amplitudes alone, 2, would give 0.5), c = -1.8 gives 0.8 > 2.8/4;
    * a neuron with w = 0 is the constant v relu(-b) moved into c0 with magnitude |v b|: relu(1) + c0,
      c0 = -0.7 gives 0.3 <= 1.7/4 (zero), c0 = -0.5 gives 0.5 > 1.5/4."""
    cases = [
        (ReLUNetwork([[1.0], [-1.0]], [1.0, -1.0], [1.0, -1.0], c=[-1.0], c0=0.7), True),
        (ReLUNetwork([[1.0], [-1.0]], [1.0, -1.0], [1.0, -1.0], c=[-1.0], c0=0.5), False),
        (ReLUNetwork([[1.0], [-1.0]], [1.0, -1.0], [1.0, -1.0], c=[-1.6], c0=1.0), True),
        (ReLUNetwork([[1.0], [-1.0]], [1.0, -1.0], [1.0, -1.0], c=[-1.8], c0=1.0), False),
        (ReLUNetwork([[0.0]], [-1.0], [1.0], c=[0.0], c0=-0.7), True),
        (ReLUNetwork([[0.0]], [-1.0], [1.0], c=[0.0], c0=-0.5), False),
    ]
    with mpmath.workdps(30):
        for net, zero in cases:
            net = net.as_arithmetic(kind)
            assert canonical(net, rtol=0.25).size == 0
            assert same_function(net, _zero_net(kind), rtol=0.25)[0] is zero
            assert same_function(_zero_net(kind), net, rtol=0.25)[0] is zero
            assert canonical(net, rtol=0.25).equals(canonical(_zero_net(kind)), rtol=0.25) is zero


@pytest.mark.parametrize("kind, rtol", [("float", None), ("mp", 1e-12)])
def test_coordinates_within_tau_of_zero_do_not_decide_the_canonical_sign(kind, rtol):
    """w = (1e-15, 1) and (-1e-15, 1) (and in d = 3, (1e-15, -1e-15, 1) against (0, 1e-15, 1)), same offset: their
    first coordinates are at most tau ||w|| (tau = 2^-40 in float), so both are oriented by the next coordinate and
    are one hyperplane with amplitude 2, no affine part; at every scale of w.  Control: at tau = 1e-16 the first
    coordinate decides, the second neuron is turned over and the two are apart."""
    with mpmath.workdps(30):
        for s in (1e-8, 1.0, 1e8):
            for W in ([[1e-15 * s, s], [-1e-15 * s, s]], [[1e-15 * s, -1e-15 * s, s], [0.0, 1e-15 * s, s]]):
                net = ReLUNetwork(W, [0.5 * s, 0.5 * s], [1.0, 1.0]).as_arithmetic(kind)
                form = canonical(net, rtol=rtol)
                assert form.size == 1 and abs(float(form.rtv2()) - 2.0 * s) <= 1e-9 * s
                assert all(float(x) == 0.0 for x in form.c) and float(form.c0) == 0.0
                assert float(form.normals[0][-1]) > 0.99
                assert canonical(net, rtol=1e-16).size == 2


def test_float_form_of_a_network_larger_than_one_block_is_the_network():
    """K = 12000 neurons in d = 100 span three blocks of the first pass.  The affine part is, by the parity identity,
    c + sum of v_k w_k over the neurons turned over (first coordinate negative, none is near zero here) and
    c0 - sum of v_k b_k over them (numpy sums, an independent route), and the merged network computes the same
    values as the network at random points (errors relative to the sizes of the terms)."""
    rng = np.random.default_rng(5)
    K, d = 12000, 100
    W, b, v = rng.standard_normal((K, d)), rng.standard_normal(K), rng.standard_normal(K)
    W[:, 0] = np.where(np.abs(W[:, 0]) < 1e-3, 1.0, W[:, 0])
    c, c0 = rng.standard_normal(d), 0.25
    net = ReLUNetwork(W, b, v, c=c, c0=c0)
    form = canonical(net)
    neg = W[:, 0] < 0
    assert neg[:5000].any() and neg[6000:].any()  # every block turns neurons over
    size = float(np.abs(v) @ np.abs(W).sum(axis=1))
    assert np.max(np.abs(form.c - (c + (v * neg) @ W))) <= 1e-12 * size
    assert abs(form.c0 - (c0 - (v * neg) @ b)) <= 1e-12 * float(np.abs(v) @ np.abs(b))
    assert form.size == K and form.rtv2() == pytest.approx(float(np.abs(v) @ np.linalg.norm(W, axis=1)), rel=1e-12)
    X = rng.standard_normal((8, d))
    terms = np.abs(v) @ (np.abs(W @ X.T) + np.abs(b)[:, None])
    assert np.all(np.abs(form.network()(X) - net(X)) <= 1e-12 * terms)
    # control: the same comparison sees a form whose affine part misses the last block's turned-over neurons
    tail = neg.copy()
    tail[:10000] = False
    assert np.max(np.abs(form.c - (c + (v * (neg & ~tail)) @ W))) > 1e-6 * size


# -- same_function: inputs, the magnitudes of both networks' affine parts, witnesses of affine differences ---------
def test_same_function_rejects_what_is_not_a_pair_of_networks_on_one_space():
    f = ReLUNetwork([[1.0]], [0.0], [1.0])
    with pytest.raises(InvalidInput, match=r"f must be a radontv\.ReLUNetwork, got str"):
        same_function("f", f)
    with pytest.raises(InvalidInput, match=r"g must be a radontv\.ReLUNetwork, got list"):
        same_function(f, [1.0])
    with pytest.raises(InvalidInput, match="input dimensions 1 and 2; compare networks on the same R"):
        same_function(f, ReLUNetwork([[1.0, 0.0]], [0.0], [1.0]))
    assert same_function(f, f.rescale(2.0))[0]  # control: valid input is compared


@pytest.mark.parametrize("kinds", [("float", "float"), ("mp", "mp"), ("exact", "mp"), ("mp", "exact")])
def test_affine_parts_are_compared_with_the_magnitudes_of_both_networks(kinds):
    """f = c x + c0 and g = c' x + c0' at tau = 1/4: the difference is zero when |c - c'| <= (|c| + |c'|)/4 (and
    likewise c0): 1 against 0.7 (0.3 <= 0.425) is the same function, 1 against 1/2 (0.5 > 0.375) is not; the
    difference's own magnitude (0.3) alone would call the first pair different.  Exact inputs enter as rationals."""
    def affine(c, c0, kind):
        return ReLUNetwork(np.empty((0, 1)), [], [], c=[c], c0=c0).as_arithmetic(kind)

    ka, kb = kinds
    with mpmath.workdps(30):
        for (c, c0), (c2, c02), equal in (((1, 0), (Fraction(7, 10), 0), True), ((1, 0), (Fraction(1, 2), 0), False),
                                          ((0, 1), (0, Fraction(7, 10)), True), ((0, 1), (0, Fraction(1, 2)), False)):
            f, g = affine(Fraction(c), Fraction(c0), ka), affine(c2, c02, kb)
            assert same_function(f, g, rtol=0.25)[0] is equal
            assert same_function(g, f, rtol=0.25)[0] is equal


@pytest.mark.parametrize("kind", ["float", "mp"])
def test_witness_of_an_affine_difference_in_the_last_coordinate(kind):
    """f and g share a kink far out (t = 1e6) and differ only in the slope along x_2 (by 1e-3) or only in c0: the
    difference is affine, the witness must be a point where the networks differ (exact evaluation), and equal
    networks have none."""
    base = ReLUNetwork([[1, 0]], [10**6], [1])
    for c, c0 in (([0, Fraction(1, 1000)], 0), ([0, 0], Fraction(1, 1000))):
        f = ReLUNetwork([[1, 0]], [10**6], [1], c=c, c0=c0).as_arithmetic(kind)
        g = base.as_arithmetic(kind)
        with mpmath.workdps(30):
            assert not same_function(f, g)[0] and len(canonical(f - g)) == 0
            point = witness(f, g)
            assert point is not None and _differs_at(f, g, point)
            assert witness(g, g.rescale(3)) is None  # control


def test_normal_windows_split_first_and_ties_count_as_within_tau():
    """Unit normals a = (1, 0), b = (0.6, 0.8), c = (0, 1) (exact in float) at tau = 0.8: b is exactly tau from a
    ("within" includes equality), c is 1 from a but 0.6 from b.  Window 0 = (a, b, c) with lead a splits into
    {a, b}, {c}, and must not take the label of window 1 (two copies of (1, 0) further on); a window (a, b) alone is
    one group.  Control: at tau = 0.7 b is apart from a and joins c."""
    W = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0], [1.0, 0.0], [2.0, 0.0]])
    inv = 1.0 / np.linalg.norm(W, axis=1)
    assert inv[1] == 1.0 and abs(W[1, 0] - W[0, 0]) == 0.4  # the tie is exact
    sel, g, starts = np.array([0, 1, 2, 3, 4]), np.array([0, 0, 0, 1, 1]), np.array([0, 3])
    assert _partition(verify_normal_windows(W, inv, sel, g, starts, 0.8)) == {
        frozenset({0, 1}), frozenset({2}), frozenset({3, 4})}
    assert _partition(verify_normal_windows(W, inv, np.array([0, 1]), np.array([0, 0]), np.array([0]), 0.8)) == {
        frozenset({0, 1})}
    assert _partition(verify_normal_windows(W, inv, sel, g, starts, 0.7)) == {
        frozenset({0}), frozenset({1, 2}), frozenset({3, 4})}


def test_offsets_exactly_at_the_relative_bound_are_one_hyperplane():
    """tau = 1/2, offsets 1, 2, 3 (dyadic, so the law is evaluated exactly): |2 - 1| = 1 = tau max(1, 2) is within
    the law ("at most"), 3 is within it of 2 but not of the chain's lead 1 (2 > 1.5): {1, 2}, {3}, in float and mp.
    Control: offsets 1, 2.25, 3 (1.25 > 1.125) give {1}, {2.25, 3}."""
    g = np.zeros(3, dtype=np.int64)
    assert _partition(group_offsets(np.array([1.0, 2.0, 3.0]), g, 0.5)) == {frozenset({0, 1}), frozenset({2})}
    assert _partition(group_offsets(np.array([3.0, 1.0, 2.0]), g, 0.5)) == {frozenset({1, 2}), frozenset({0})}
    assert _partition(group_offsets(np.array([1.0, 2.25, 3.0]), g, 0.5)) == {frozenset({0}), frozenset({1, 2})}
    with mpmath.workdps(30):
        m = mpmath.mpf
        assert _partition(group_mp([[m(1), m(0)]] * 3, [m(1), m(2), m(3)], m("0.5"))) == {frozenset({0, 1}),
                                                                                          frozenset({2})}
        assert _partition(group_mp([[m(1), m(0)]] * 3, [m(1), m("2.25"), m(3)], m("0.5"))) == {frozenset({0}),
                                                                                               frozenset({1, 2})}


# -- the witness construction of radontv.same_function, checked against its docstring ----------------------------
@pytest.mark.parametrize("kind", ["float", "mp"])
def test_witness_candidates_are_second_difference_triples_on_the_largest_hyperplanes(kind):
    """Seven hyperplanes with distinct |A| (two pairs parallel), offsets below 1: the candidates are, for each of
    the 5 largest |A| in decreasing order, 8 triples (x0, x0 + eps u, x0 - eps u) with x0 on H (u.x0 = t), 0 < eps
    <= max|t| and eps at most half the distance along u to every other hyperplane (|u_j.x0 - t_j| >= 2 eps |u_j.u|),
    so no other kink lies between the three points.  For an affine difference: 0 and the unit vectors."""
    from radontv.same_function import _candidates

    W = [[1, 0], [2, 0], [0, 1], [3, 4], [-4, 3], [1, 1], [0, 3]]  # (1,0) || (2,0), (0,1) || (0,3)
    b = [Fraction(1, 4), Fraction(1, 2) + Fraction(1, 3), Fraction(-1, 5), Fraction(1, 2), Fraction(1, 7),
         Fraction(-1, 3), Fraction(1, 2)]
    v = [7, 1, Fraction(-5, 2), Fraction(3, 5), 1, Fraction(1, 2), Fraction(1, 3)]  # |A| = 7, 2, 2.5, 3, 5, .71, 1
    net = ReLUNetwork(W, b, v)
    exact = canonical(net)
    order = sorted(range(exact.size), key=lambda k: -abs(float(exact.amplitudes[k])))
    with mpmath.workdps(30):
        form = canonical(net.as_arithmetic(kind))
        U = [[float(x) for x in row] for row in form.normals]
        T = [float(t) for t in form.offsets]
        A = [abs(float(a)) for a in form.coefficients]
        reach = max(abs(t) for t in T)
        assert form.size == 7 and reach < 1
        cands = [[float(x) for x in p] for p in _candidates(form, 3)]
    assert len(cands) == 3 * 5 * 8
    expected_amps = [abs(float(exact.amplitudes[k])) for k in order[:5]]
    for i in range(0, len(cands), 3):
        x0, xp, xm = (np.array(p) for p in cands[i:i + 3])
        k = min(range(7), key=lambda j: abs(A[j] - expected_amps[i // 24]))
        u = np.array(U[k])
        step = xp - x0
        eps = float(step @ u)
        assert 0 < eps <= reach * (1 + 1e-12)
        assert np.allclose(step, eps * u, rtol=0, atol=1e-12) and np.allclose(x0 - xm, step, rtol=0, atol=1e-12)
        assert abs(u @ x0 - T[k]) <= 1e-12
        for j in range(7):
            if j != k:
                assert abs(np.array(U[j]) @ x0 - T[j]) >= 2 * eps * abs(np.array(U[j]) @ u) * (1 - 1e-9)
    assert len({tuple(p) for p in cands[::3]}) == 40  # distinct random points
    with mpmath.workdps(30):
        affine = canonical(ReLUNetwork(np.empty((0, 3)), [], [], c=[0, 0, 1], c0=0).as_arithmetic(kind))
        assert [[float(x) for x in p] for p in _candidates(affine, 0)] == [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]]


@pytest.mark.parametrize("kind", ["float", "mp"])
def test_witness_at_a_coarse_tolerance_is_a_point_where_the_networks_differ(kind):
    """relu(x) against relu(x)/2 (and relu(x - 1) against relu(x - 1)/2) at tau = 1/4: every candidate's relative
    difference is below 16 tau, so the witness is the candidate with the largest one, x = 1 (2): the networks differ
    there (exact evaluation), not at the kink, where both vanish."""
    for t in (0, 1):
        f = ReLUNetwork([[1]], [t], [1]).as_arithmetic(kind)
        g = ReLUNetwork([[1]], [t], [Fraction(1, 2)]).as_arithmetic(kind)
        with mpmath.workdps(30):
            assert not same_function(f, g, rtol=0.25)[0]
            point = witness(f, g, rtol=0.25)
            assert point is not None and _differs_at(f, g, point) and float(point[0]) > t
            assert witness(f, f.rescale(2), rtol=0.25) is None  # control


def test_grouping_edge_cases_by_hand():
    """Projections exactly at +-bound (the documented range |s| <= bound, included) sort like any others; one
    member is one group; a far member whose deviations from the lead are all negative is still far; mp normals
    exactly tau apart are one normal (tau = 1/4, dyadic, so the comparison is exact).  Controls: the values just
    inside the bound, a member within tau, normals 3/10 apart."""
    for bound in (1.0, 2.5):
        s = np.array([bound, -bound, 0.0, bound - 0.25, -bound + 0.25, bound])
        order, near = sort_projections(s, bound, 2.0**-30)
        assert s[order].tolist() == sorted(s.tolist()) and near.tolist() == [False, False, False, False, True]
    assert group_offsets(np.array([5.0]), np.array([0]), 0.1).tolist() == [0]
    W = np.array([[1.0, 0.0], [1.0, -0.02], [1.0, -0.005]])
    inv = 1.0 / np.linalg.norm(W, axis=1)
    labels = verify_normal_windows(W, inv, np.array([0, 1, 2]), np.zeros(3, dtype=np.int64), np.array([0]), 0.01)
    assert _partition(labels) == {frozenset({0, 2}), frozenset({1})}
    with mpmath.workdps(30):
        m = mpmath.mpf
        U = [[m(1), m(0)], [m("0.75"), m(0)]]
        assert _partition(group_mp(U, [m(1), m(1)], m("0.25"))) == {frozenset({0, 1})}
        assert _partition(group_mp([[m(1), m(0)], [m("0.7"), m(0)]], [m(1), m(1)], m("0.25"))) == {
            frozenset({0}), frozenset({1})}


def test_a_pair_exactly_reach_apart_is_near_with_many_keys():
    """With K = 2^14 projections the packed keys keep 48 bits for the value (one grid step ~ 2^-47 bound), so the
    rounding slack is a few steps: a pair exactly `reach` apart (among widely spaced others) must still be flagged
    near (the law "within reach" includes equality), wherever it sits.  Control: a pair 2 reach apart is not."""
    K, bound, reach = 2**14, 2.0, 2.0**-35
    for i in (0, 5000, K - 2):
        for gap, flagged in ((reach, True), (2 * reach, False)):
            s = np.linspace(-1.9, 1.9, K)
            s[i + 1] = s[i] + gap
            order, near = sort_projections(s, bound, reach)
            assert s[order].tolist() == sorted(s.tolist())
            assert near[i] is np.True_ if flagged else not near.any()


def test_mp_merged_amplitude_exactly_at_the_bound_is_zero():
    """mp at 30 digits, tau = 1/3 (rounded): relu(x - 1) - relu(x - 1)/2 merges to 1/2, and tau (1 + 1/2) rounds to
    exactly 1/2, so the amplitude is at most tau times its magnitudes and is dropped.  Control: -0.49 leaves
    0.51 > 0.4967 (kept)."""
    with mpmath.workdps(30):
        tau = mpmath.mpf(1) / 3
        assert tau * mpmath.mpf(1.5) == mpmath.mpf(0.5)  # the tie is exact at this precision
        for a, size in ((-0.5, 0), (-0.49, 1)):
            net = ReLUNetwork([[1.0], [1.0]], [1.0, 1.0], [1.0, a]).as_mp()
            assert canonical(net, rtol=tau).size == size


@pytest.mark.parametrize("kind", ["float", "mp"])
def test_slope_magnitude_of_a_turned_over_neuron_is_v_times_its_norm(kind):
    """relu(2x - 2) - relu(2 - 2x) + c x + 2 = (c + 2) x at tau = 1/4: turning the second neuron over adds |v| ||w||
    = 2 to the slope's magnitude |c| (the amplitudes alone give 4).  c = -3.2: |-1.2| <= (3.2 + 2)/4 = 1.3, zero
    (with |v| / ||w|| = 1/2 instead, max(3.7, 4)/4 = 1 < 1.2); control c = -3.6: 1.6 > 5.6/4 = 1.4."""
    with mpmath.workdps(30):
        for c, zero in ((-3.2, True), (-3.6, False)):
            net = ReLUNetwork([[2.0], [-2.0]], [2.0, -2.0], [1.0, -1.0], c=[c], c0=2.0).as_arithmetic(kind)
            assert canonical(net, rtol=0.25).size == 0
            assert same_function(net, _zero_net(kind), rtol=0.25)[0] is zero


def test_float_forms_record_their_tolerance():
    """A form records the tau it was grouped with (with and without merges), which its comparisons then use."""
    alone = canonical(ReLUNetwork([[1.0, 0.0], [0.0, 1.0]], [0.0, 1.0], [1.0, 2.0]))
    merged = canonical(ReLUNetwork([[1.0, 0.0], [2.0, 0.0]], [1.0, 2.0], [1.0, 2.0]))
    assert alone.rtol == merged.rtol == FLOAT_RTOL
    assert canonical(ReLUNetwork([[1.0, 0.0]], [0.0], [1.0]), rtol=2.0**-20).rtol == 2.0**-20
    assert merged.size == 1 and alone.size == 2  # control: the two cases are the ones named


@pytest.mark.parametrize("other", ["mp", "float"])
def test_an_exact_form_compares_with_an_mp_or_float_form_of_the_same_network(other):
    """Exact against mp or float canonical forms: equal for the same network, either way round; unequal when one
    bias differs by 10⁻⁶ (negative control).  The exact form's magnitudes are Fraction zeros: comparing them with
    mpf magnitudes raised TypeError before (found by mutation testing of canonical_vector; the scalar form too)."""
    n = ReLUNetwork.univariate([Fraction(1), Fraction(2)], [Fraction(1), Fraction(-1)], [Fraction(1), Fraction(3)])
    m = ReLUNetwork.univariate([Fraction(1), Fraction(2)], [Fraction(1), Fraction(-1)],
                               [Fraction(1), Fraction(3) + Fraction(1, 10**6)])
    convert = (lambda net: net.as_mp()) if other == "mp" else (lambda net: net.as_float())
    assert canonical(n) == canonical(convert(n)) and canonical(convert(n)) == canonical(n)
    assert canonical(m) != canonical(convert(n)) and canonical(convert(n)) != canonical(m)


@pytest.mark.parametrize("outputs", [1, 2])
def test_an_exact_rtol_is_accepted_by_mp_comparisons(outputs):
    """``rtol`` may be a Fraction wherever it may be a float: exact networks compared by assert_same_function (in mp)
    and mp forms built with it.  Negative control: the same Fraction decides a real difference of 1/200 as unequal."""
    from radontv.testing import assert_same_function

    rtol = Fraction(1, 10**6)
    v = [[1] * outputs, [1] * outputs] if outputs > 1 else [1, 1]
    f = ReLUNetwork.univariate([1, 1], [1, Fraction(101, 100)], v)
    v_same = [[2] * outputs] if outputs > 1 else [2]
    # the same function: relu(x - 1) + relu(x - 101/100) written with its kinks swapped
    g = ReLUNetwork.univariate([1, 1], [Fraction(101, 100), 1], v)
    assert_same_function(f, g, rtol=rtol)
    h = ReLUNetwork.univariate([1], [Fraction(201, 200)], v_same)  # differs by 1/200 at x = 201/200
    with pytest.raises(AssertionError):
        assert_same_function(f, h, rtol=rtol)
    with mpmath.workdps(30):
        mp_f = ReLUNetwork.univariate([mpmath.mpf(1)] * 2, [mpmath.mpf(1), mpmath.mpf("1.01")],
                                      [[mpmath.mpf(1)] * outputs] * 2 if outputs > 1 else [mpmath.mpf(1)] * 2)
        form = canonical(mp_f, rtol=rtol)
        assert form.rtol == mpmath.mpf(1) / 10**6
        assert same_function(mp_f, mp_f, rtol=rtol)
