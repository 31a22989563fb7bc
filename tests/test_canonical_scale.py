"""The float canonical form at scale (issue 14): one method at every K, the same result at every BLAS thread count.

* **One method.**  The projection sort no longer falls back to a float argsort above K ≈ 4·10⁶ (or for a very fine
  tolerance): the packed-integer sort is used everywhere, and where its grid is coarser than the reach (what used to
  trigger the fallback) cells are re-sorted by value.  That regime is reached at a moderate K with a fine tolerance,
  and the float form there must equal the **exact** canonical form (Fraction arithmetic, primitive integer keys: an
  independent algorithm) of the same dyadic network.  Negative control: a network with one duplicate moved off its
  hyperplane (its exact form has one more hyperplane) is rejected by the same comparison.
* **Threads.**  The float builders make no BLAS call, so the forms under ``threadpool_limits(1)`` and ``(2)`` are
  identical bit for bit (merge decisions, amplitudes, affine part, magnitudes).  Negative control: the bitwise
  comparison rejects a form whose network differs in one ulp of one amplitude.
* **Sort contract.**  ``sort_projections`` with a grid coarser than ``reach``: sorted neighbours out of order by at
  most ``reach``, every pair within reach flagged.  Negative control: the unrefined (index-order) cells violate it.
* **Grouping steps.**  ``verify_normal_windows`` and ``group_offsets`` (rewritten for speed) give the partitions of
  pure-Python references of their documented greedy rules.  Negative controls: the chain rule (compare with the
  previous member, not the lead) and one group per offset chain are rejected.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from threadpoolctl import threadpool_limits

from radontv import ReLUNetwork, canonical
from radontv.hyperplane_groups import sort_projections

FINE = 2.0**-70  # a tolerance so fine that the projection grid is coarser than the reach at every K (old fallback)


def _dyadic_network(K: int, d: int, seed: int, *, moved: bool = False) -> ReLUNetwork:
    """Generic dyadic weights (30-bit numerators), neurons [0, m) copies of [m, 2m) scaled by powers of two and
    [2m, 3m) negated scaled copies of [3m, 4m): scaling by 2^j is exact in float, so copies have bit-identical unit
    normals and offsets.  ``moved``: neuron 0's normal is off its original's by a relative 2^-20 (far above FINE
    and the default tolerance)."""
    rng = np.random.default_rng(seed)
    W = rng.integers(-2**30, 2**30, (K, d)) / 2.0**24
    b = rng.integers(-2**30, 2**30, K) / 2.0**26
    v = rng.integers(-2**20, 2**20, K) / 2.0**16
    m = K // 10
    scale = 2.0 ** rng.integers(-4, 5, m)
    W[:m], b[:m] = scale[:, None] * W[m:2 * m], scale * b[m:2 * m]
    W[2 * m:3 * m], b[2 * m:3 * m] = -scale[:, None] * W[3 * m:4 * m], -scale * b[3 * m:4 * m]
    if moved:
        W[0, 0] += math.ldexp(abs(W[0, 0]) + 1.0, -20)
    return ReLUNetwork(W, b, v, rng.integers(-8, 8, d) / 4.0, 0.5)


def _exact(net: ReLUNetwork) -> ReLUNetwork:
    """The same network in exact arithmetic (float -> Fraction is exact)."""
    return ReLUNetwork(np.array([[Fraction(x) for x in row] for row in net.W], dtype=object),
                       [Fraction(x) for x in net.b], [Fraction(x) for x in net.v], [Fraction(x) for x in net.c],
                       Fraction(net.c0))


def _matches_exact(form, exact, rel: float = 1e-12) -> bool:
    """Whether a float form has the exact form's hyperplanes: the same number, the same sorted amplitudes
    ``A_H = q_H ||p_H||`` and offsets ``t_H = beta_H / ||p_H||`` (relative to the largest), the same affine part
    (relative to the magnitudes summed into it)."""
    if form.size != exact.size:
        return False
    pn = np.array([math.sqrt(sum(int(x) ** 2 for x in p)) for p in exact.normals])
    amps = np.sort(np.array([float(q) for q in exact.coefficients]) * pn)
    offs = np.sort(np.array([float(int(t)) for t in exact.offsets]) / pn)
    ok_a = np.all(np.abs(np.sort(form.coefficients) - amps) <= rel * np.max(np.abs(amps)))
    ok_t = np.all(np.abs(np.sort(form.offsets) - offs) <= rel * np.max(np.abs(offs)))
    lin, const = form._scale
    ok_c = np.all(np.abs(form.c - np.array([float(x) for x in exact.c])) <= rel * lin)
    ok_c0 = abs(form.c0 - float(exact.c0)) <= rel * const
    return bool(ok_a and ok_t and ok_c and ok_c0)


@pytest.mark.parametrize("rtol", [None, FINE])
def test_one_method_equals_the_exact_form_at_a_moderate_K(rtol):
    """K = 3000 in d = 4: the float form at the default tolerance and at 2^-70 (whose grid is coarser than its reach,
    the regime of the removed fallback) equals the exact form: 300 duplicates merged, 300 antipodal pairs merged
    with their remainder in the affine part.  Control: one duplicate moved off its hyperplane is rejected."""
    net = _dyadic_network(3000, 4, seed=1)
    exact = canonical(_exact(net))
    assert exact.size == 3000 - 600  # the independent count: 600 copies merge into their originals
    assert _matches_exact(canonical(net, rtol=rtol), exact)
    moved = canonical(_dyadic_network(3000, 4, seed=1, moved=True), rtol=rtol)
    assert moved.size == exact.size + 1 and not _matches_exact(moved, exact)  # negative control


def test_rescaled_inputs_give_the_same_merge_decisions():
    """x -> s x for s = 1e-8, 1e8 (offsets b s, normals unchanged): the same number of hyperplanes and R-TV²; the
    whole network times s: R-TV² times s (relative 1e-12).  Control: the moved duplicate still gives one more."""
    net = _dyadic_network(2000, 5, seed=2)
    base = canonical(net)
    for s in (1e-8, 1e8):
        shifted = canonical(ReLUNetwork(net.W, net.b * s, net.v))
        assert shifted.size == base.size
        scaled = canonical(ReLUNetwork(net.W * s, net.b * s, net.v))
        assert scaled.size == base.size and abs(scaled.rtv2() - s * base.rtv2()) <= 1e-12 * s * base.rtv2()
        moved = _dyadic_network(2000, 5, seed=2, moved=True)
        assert canonical(ReLUNetwork(moved.W * s, moved.b * s, moved.v)).size == base.size + 1


def _float_net(K: int, d: int, D: int, seed: int) -> ReLUNetwork:
    """Gaussian weights with 10 % rescaled duplicates, 10 % antipodal twins and 5 % near copies (some within the
    default tolerance, some not), D outputs (D = 0: scalar)."""
    rng = np.random.default_rng(seed)
    W, b = rng.standard_normal((K, d)), rng.standard_normal(K)
    v = rng.standard_normal((K, D)) if D else rng.standard_normal(K)
    m = K // 10
    scale = rng.uniform(0.5, 2.0, m)
    W[:m], b[:m] = scale[:, None] * W[m:2 * m], scale * b[m:2 * m]
    W[2 * m:3 * m], b[2 * m:3 * m] = -scale[:, None] * W[3 * m:4 * m], -scale * b[3 * m:4 * m]
    near = K // 20
    W[-near:] = W[4 * m:4 * m + near] * (1.0 + 2.0 ** rng.integers(-50, -30, (near, 1)))
    if D:
        return ReLUNetwork(W, b, v, rng.standard_normal((d, D)), rng.standard_normal(D))
    return ReLUNetwork(W, b, v, rng.standard_normal(d), float(rng.standard_normal()))


def _bitwise(f, g) -> bool:
    """Identical forms: the same hyperplanes (normals, offsets) in the same order, amplitudes, affine part and
    magnitudes, bit for bit."""
    return (f.size == g.size and np.array_equal(f.normals, g.normals) and np.array_equal(f.offsets, g.offsets)
            and np.array_equal(f.coefficients, g.coefficients) and np.array_equal(f.c, g.c)
            and np.array_equal(f.c0, g.c0) and f._scale == g._scale)


@pytest.mark.parametrize("D", [0, 3])
def test_float_form_is_the_same_with_one_or_two_blas_threads(D):
    """K = 60000 in d = 10 (BLAS would split products of this size over threads): the float form (scalar and D = 3)
    under threadpool_limits(1) and (2) is identical bit for bit.  Control: one ulp in one amplitude is seen."""
    net = _float_net(60000, 10, D, seed=3)
    with threadpool_limits(limits=1, user_api="blas"):
        one = canonical(net)
    with threadpool_limits(limits=2, user_api="blas"):
        two = canonical(net)
    assert one.size < 60000 - 12000 + 1 and _bitwise(one, two)
    v = np.array(net.V if D else net.v)
    v[30000] = np.nextafter(v[30000], np.inf)  # a neuron with no copy: its amplitude changes by one ulp
    other = canonical(ReLUNetwork(net.W, net.b, v, net.c, net.c0))
    assert not _bitwise(one, other)  # negative control


def _sorted_up_to(s: np.ndarray, order: np.ndarray, reach: float) -> bool:
    return bool(np.all(np.diff(s[order]) >= -reach))


@given(st.lists(st.integers(-2**20, 2**20), min_size=1, max_size=50), st.lists(st.integers(0, 49), max_size=20),
       st.integers(1, 6))
def test_coarse_grid_sort_orders_within_reach_and_flags_every_near_pair(ints, copies, spread):
    """Values on a grid of 2^-60 (many per cell of the sort's grid, h ~ 2^-55 here) with copies shifted by
    multiples of reach = 2^-62: the order is sorted up to reach and every sorted pair within reach is flagged."""
    s = np.array([i * 2.0**-60 for i in ints] + [ints[k % len(ints)] * 2.0**-60 + (k % spread) * 2.0**-62
                                                 for k in copies])
    reach = 2.0**-62
    order, near = sort_projections(s, 1.0, reach)
    assert sorted(order.tolist()) == list(range(s.size))
    assert _sorted_up_to(s, order, reach)
    gaps = np.diff(s[order])
    assert np.all(near[np.abs(gaps) <= reach])


def test_cells_out_of_order_are_resorted():
    """Two values in one grid cell (h = 2^-61 · 2 for K = 2 and bound 1), given in decreasing order and 2^-64 > reach
    apart: the sort must put them in increasing order.  Control: the index order within the cell is rejected by the
    same check, and the pair is still flagged near (one cell)."""
    s = np.array([3 * 2.0**-64, 2.0**-64, 0.5, -0.5])
    reach = 2.0**-70
    order, near = sort_projections(s, 1.0, reach)
    assert order.tolist() == [3, 1, 0, 2] and _sorted_up_to(s, order, reach)
    assert not _sorted_up_to(s, np.array([3, 0, 1, 2]), reach)  # negative control: the cell in index order
    assert near.tolist() == [False, True, False]


# -- the rewritten grouping steps against pure-Python references of their documented rules -----------------------
def _partition(labels) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for k, label in enumerate(labels):
        groups.setdefault(int(label), set()).add(k)
    return {frozenset(g) for g in groups.values()}


def _greedy_windows(U: np.ndarray, g: list[int], tau: float, *, chain: bool = False) -> list[int]:
    """Reference of the normal-window rule, in pure Python: per window (members in the given order) the members
    within tau (infinity norm) of the first unclustered member form a group, repeatedly.  ``chain``: the wrong rule
    (compare with the previous member instead of the lead), the negative control."""
    labels, next_id = [-1] * len(g), 0
    for w in sorted(set(g)):
        rest = [i for i in range(len(g)) if g[i] == w]
        while rest:
            group, last = [rest[0]], rest[0]
            for i in rest[1:]:
                ref = last if chain else rest[0]
                if max(abs(a - b) for a, b in zip(U[i], U[ref], strict=True)) <= tau:
                    group.append(i)
                    last = i
            for i in group:
                labels[i] = next_id
            next_id += 1
            rest = [i for i in rest if i not in group]
    return labels


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(-3, 3), st.integers(-3, 3)), min_size=1, max_size=40),
       st.sampled_from([0.0, 0.5, 1.0, 1.5]))
def test_verify_normal_windows_matches_the_greedy_rule(members, spread):
    """Windows of normals (1, a e, b e) with e = tau/2 on a small grid, so that members are within tau of the lead,
    only of a neighbour, or far; rows given in an order unrelated to memory: the labels partition the members as the
    pure-Python greedy rule does (one far member, several, none)."""
    from radontv.hyperplane_groups import verify_normal_windows

    tau = 2.0**-10
    members = sorted(members, key=lambda m: m[0])  # windows are contiguous runs of g
    g = np.array([m[0] for m in members])
    _, g = np.unique(g, return_inverse=True)
    n = len(members)
    W = np.array([[1.0, a * tau / 2 * spread, b * tau / 2 * spread] for _, a, b in members])
    perm = np.random.default_rng(n).permutation(n)  # row k of W is member perm[k]
    Wp = np.empty_like(W)
    Wp[perm] = W
    sel = perm  # member i is row perm[i]
    inv = np.ones(n)  # the rows' first coordinate is 1: compare (1, x, y) directly (a scaled copy of the unit normal)
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    got = verify_normal_windows(Wp, inv, sel, g, starts, tau)
    assert _partition(got) == _partition(_greedy_windows(W, g.tolist(), tau))


def test_verify_normal_windows_uses_the_lead_not_a_chain():
    """Negative control of the reference: (1, 0, 0), (1, 0.6 tau, 0), (1, 1.2 tau, 0) in one window: the lead rule
    splits off the third, the chain rule would not; the code agrees with the lead rule only."""
    from radontv.hyperplane_groups import verify_normal_windows

    tau = 2.0**-10
    W = np.array([[1.0, 0.0, 0.0], [1.0, 0.6 * tau, 0.0], [1.0, 1.2 * tau, 0.0]])
    g = np.zeros(3, dtype=np.int64)
    got = _partition(verify_normal_windows(W, np.ones(3), np.arange(3), g, np.array([0]), tau))
    assert got == _partition(_greedy_windows(W, [0, 0, 0], tau)) == {frozenset({0, 1}), frozenset({2})}
    assert got != _partition(_greedy_windows(W, [0, 0, 0], tau, chain=True))


def _offset_groups(t: list[float], g: list[int], tau: float) -> list[int]:
    """Reference of the offset rule in pure Python: per label, offsets sorted; a chain continues while neighbours are
    within the relative law |t - t'| <= tau max(|t|, |t'|); each chain is split greedily from its lead."""
    labels, next_id = [-1] * len(t), 0
    for label in sorted(set(g)):
        idx = sorted((i for i in range(len(t)) if g[i] == label), key=lambda i: t[i])
        chains, current = [], [idx[0]]
        for prev, i in itertools.pairwise(idx):
            if t[i] - t[prev] > tau * max(abs(t[i]), abs(t[prev])):
                chains.append(current)
                current = []
            current.append(i)
        chains.append(current)
        for ch in chains:
            lead = ch[0]
            for i in ch:
                if t[i] - t[lead] > tau * max(abs(t[i]), abs(t[lead])):
                    lead = i
                    next_id += 1
                labels[i] = next_id
            next_id += 1
    return labels


@given(st.lists(st.tuples(st.integers(0, 4), st.integers(-40, 40)), min_size=1, max_size=50),
       st.sampled_from([1e-8, 1.0, 1e8]), st.booleans())
def test_group_offsets_matches_the_chain_rule(members, scale, sort_labels):
    """Offsets on a grid of 1/16 (many equal, many neighbours within the law tau = 1/8, long drifting chains),
    labels sorted (the windows' case: no label sort) or not, offsets rescaled by 1e-8 .. 1e8: the same partition as
    the pure-Python rule.  The relative law makes the partition scale-free."""
    from radontv.hyperplane_groups import group_offsets

    if sort_labels:
        members = sorted(members, key=lambda m: m[0])
    g = [m[0] for m in members]
    t = [m[1] / 16 * scale for m in members]
    got = group_offsets(np.array(t), np.array(g), 0.125)
    assert sorted(set(got.tolist())) == list(range(len(set(got.tolist()))))  # labels 0 .. n_groups - 1
    assert _partition(got) == _partition(_offset_groups(t, g, 0.125))


def test_group_offsets_reference_rejects_a_wrong_rule():
    """Negative control: offsets 1, 1.1, 1.2, 1.3 (tau = 0.1) chain as neighbours but drift from the lead: the rule
    gives {1, 1.1}, {1.2, 1.3}; putting the whole chain in one group (no lead check) is rejected."""
    from radontv.hyperplane_groups import group_offsets

    t = [1.0, 1.1, 1.2, 1.3]
    got = _partition(group_offsets(np.array(t), np.zeros(4, dtype=np.int64), 0.1))
    assert got == _partition(_offset_groups(t, [0] * 4, 0.1)) == {frozenset({0, 1}), frozenset({2, 3})}
    assert got != {frozenset({0, 1, 2, 3})}
