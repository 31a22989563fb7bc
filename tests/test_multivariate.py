"""Property tests of the multivariate family: canonical forms, R-TV², the weight-free route; negative controls."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from radontv.checks import deep_exact as ex
from radontv.checks import multivariate as checks

import radontv
from radontv import InvalidInput, ReLUNetwork, Verdict, canonical, rtv2
from radontv.canonical_form import FLOAT_RTOL, witness
from radontv.hyperplane_groups import projection as projection_direction
from radontv.hyperplane_groups import sort_projections
from radontv.kinks import gradient_jumps
from radontv.testing import assert_same_function, scaled_examples
from radontv.testing.assertions import sample_points
from radontv.testing.strategies import positive_scales, relu_networks, scalars

NETS = relu_networks(min_dim=2, max_dim=5, coincident=True, antipodal=True, zero_neurons=True, arithmetic="exact")
NETS_1D = relu_networks(min_dim=1, max_dim=1, coincident=True, antipodal=True, zero_neurons=True, arithmetic="exact")
Q = scalars(arithmetic="exact")


def _value(x) -> mpmath.mpf:
    if isinstance(x, Fraction):
        return mpmath.mpf(x.numerator) / x.denominator
    return mpmath.mpf(sympy.N(x, 40))


# -- canonical forms and symmetries -----------------------------------------------------------------------------------
@given(NETS_1D)
def test_rtv2_reduces_to_tv2_in_one_dimension(net):
    expected = radontv.tv2(net)  # a Fraction; in d = 1 the amplitudes q|p| are rational, so rtv2 is too
    assert rtv2(net) == sympy.Rational(expected.numerator, expected.denominator)


@given(NETS, st.data())
def test_adding_affine_parts_changes_nothing(net, data):
    c = [data.draw(Q) for _ in range(net.dim)]
    shifted = net.with_affine([a + b for a, b in zip(net.c, c, strict=True)], net.c0 + data.draw(Q))
    f, g = canonical(net), canonical(shifted)
    assert f.normals.tolist() == g.normals.tolist() and list(f.coefficients) == list(g.coefficients)
    assert rtv2(net) == rtv2(shifted)


@given(NETS)
def test_zero_rtv2_means_affine(net):
    W = [list(w) for w in net.W] + [[-x for x in w] for w in net.W]
    affine = ReLUNetwork(W, [*net.b, *(-x for x in net.b)], [*net.v, *(-x for x in net.v)], list(net.c), net.c0)
    form = canonical(affine)
    assert form.size == 0 and rtv2(affine) == 0
    X = np.array([[Fraction(i - j, 3) for j in range(net.dim)] for i in range(5)], dtype=object)
    assert list(affine(X)) == list(X @ form.c + form.c0)


@given(st.integers(1, 5).flatmap(lambda d: st.tuples(st.lists(Q, min_size=d, max_size=d), Q, Q)))
def test_single_neuron_rtv2(neuron):
    w, b, v = neuron
    assume(any(x != 0 for x in w))
    value = rtv2(ReLUNetwork([w], [b], [v]))
    assert sympy.simplify(value**2 - sympy.Rational(str(v * v * sum(x * x for x in w)))) == 0
    assert value >= 0


@given(NETS, st.data())
def test_symmetries_keep_form_and_rtv2(net, data):
    K = net.width
    form = canonical(net)
    variants = []
    perm = data.draw(st.permutations(range(K)))
    variants.append(net[list(perm)])
    alpha = [data.draw(positive_scales()) for _ in range(K)]
    variants.append(net.rescale(alpha))
    k = data.draw(st.integers(0, K - 1))
    w, b, v = net.W[k], net.b[k], net.v[k]
    part = data.draw(Q)
    split = net[[i for i in range(K) if i != k]].with_neurons([list(w), list(w)], [b, b], [part, v - part])
    variants.append(split)
    a = data.draw(Q)
    u, t = [data.draw(Q) for _ in range(net.dim)], data.draw(Q)
    pair = net.with_neurons([u, [-x for x in u]], [t, -t], [a, -a])  # a σ(z) - a σ(-z) = a z ...
    variants.append(pair.with_affine([x - a * y for x, y in zip(pair.c, u, strict=True)], pair.c0 + a * t))  # - a z
    squares = sorted(form.amplitudes_squared())
    X = sample_points(net, n=6)[:12]  # a few generic points and points beside the first kinks
    for twin in variants:
        twin_form = canonical(twin)
        assert twin_form == form
        assert sorted(twin_form.amplitudes_squared()) == squares  # R-TV² is the sum of their square roots
        assert_same_function(twin, net, X)


@given(relu_networks(min_dim=2, max_dim=4, max_width=3, antipodal=True, arithmetic="exact"), st.data())
def test_different_forms_have_a_witness(net, data):
    other = data.draw(relu_networks(min_dim=net.dim, max_dim=net.dim, max_width=3, arithmetic="exact"))
    if data.draw(st.booleans()):  # often a small perturbation of the same network
        other = net.with_neurons([list(other.W[0])], [other.b[0]], [other.v[0]]) if other.width else net
    x = witness(net, other)
    if canonical(net) == canonical(other):
        assert x is None
        assert_same_function(other, net)
    else:
        assert x is not None and net(x) != other(x)


@settings(max_examples=scaled_examples(0.1))
@given(NETS, st.integers(0, 2**16))
def test_rtv2_matches_the_weight_free_route(net, seed):
    rng = np.random.default_rng(seed)
    d = net.dim
    p = [Fraction(int(rng.integers(-99, 100)), 101) for _ in range(d)]
    e = [Fraction(int(rng.integers(1, 1000)), 997) * int(rng.choice([-1, 1])) for _ in range(d)]
    crossings = []
    for w, b, v in net.neurons():
        we = sum(a * c for a, c in zip(w, e, strict=True))
        if v != 0 and any(x != 0 for x in w):
            assume(we != 0)  # the line must cross every hyperplane
            crossings.append((b - sum(a * c for a, c in zip(w, p, strict=True))) / we)
    bound = max([abs(s) for s in crossings], default=Fraction(1)) + 1
    form = canonical(net)
    keys = {(tuple(int(x) for x in n), int(o)) for n, o in zip(form.normals, form.offsets, strict=True)}
    assume(len({s for s in crossings}) >= len(keys))  # distinct hyperplanes cross at distinct points
    jumps = gradient_jumps(checks.network_values(net), d, p, e, (-bound, bound), exact=True, seed=seed)
    got = sorted(k.jump_norm_squared() for k in jumps)
    assert got == sorted(form.amplitudes_squared())


@given(relu_networks(min_dim=1, max_dim=1, coincident=True, antipodal=True, arithmetic="exact"),
       st.integers(2, 5).flatmap(lambda d: st.lists(Q, min_size=d, max_size=d)))
def test_ridge_function(profile, w):
    assume(any(x != 0 for x in w))
    ridge = ReLUNetwork([[a * x for x in w] for a in profile.W[:, 0]], list(profile.b), list(profile.v),
                        [profile.c[0] * x for x in w], profile.c0)
    ww = sum(x * x for x in w)
    # |A_H| = ||w|| |a_knot| hyperplane by hyperplane: compare the squares exactly
    expected = sorted(ww * a for a in canonical(profile).amplitudes_squared())
    assert sorted(canonical(ridge).amplitudes_squared()) == expected


@given(relu_networks(min_dim=2, max_dim=4, max_width=4, coincident=True, antipodal=True, arithmetic="exact"),
       positive_scales(), st.integers(0, 2**16))
def test_invariances(net, s, seed):
    rng = random.Random(seed)
    U = checks.cayley_rotation(rng, net.dim)
    shift = [Fraction(rng.randint(-9, 9), 7) for _ in range(net.dim)]
    moved = checks.compose_affine(net, s, U, shift)
    got = sorted(canonical(moved).amplitudes_squared())
    assert got == sorted(a * s * s for a in canonical(net).amplitudes_squared())
    x = np.array([Fraction(1, 3)] * net.dim, dtype=object)
    assert moved(x) == net(s * (U @ x) - np.array(shift, dtype=object))


@given(NETS)
def test_wd_path_rtv2_chain(net):
    with mpmath.workdps(40):
        slack = mpmath.mpf(10) ** -30  # 40 digits, less 10 for sums of square roots
        wd, pn, r = _value(net.weight_decay()), _value(net.path_norm()), _value(rtv2(net))
        assert wd >= pn - slack and pn >= r - slack
        merged = canonical(net).network().as_mp().balanced()
        assert abs(_value(merged.weight_decay()) - r) <= slack * (1 + r)
        assert abs(_value(merged.path_norm()) - r) <= slack * (1 + r)


def _distinct_hyperplanes(net: ReLUNetwork) -> int:
    """Count hyperplanes with nonzero merged amplitude by pairwise proportionality (O(K²), independent of keys)."""
    rows = [([*w, b], v) for w, b, v in net.neurons() if v != 0 and any(x != 0 for x in w)]
    groups: list[list[tuple[list[Fraction], Fraction, Fraction]]] = []
    for row, v in rows:
        for g in groups:
            ref = g[0][0]
            i = next(j for j, x in enumerate(ref) if x != 0)
            ratio = row[i] / ref[i]
            if ratio != 0 and all(a == ratio * c for a, c in zip(row, ref, strict=True)):
                g.append((row, v, abs(ratio)))
                break
        else:
            groups.append([(row, v, Fraction(1))])
    return sum(1 for g in groups if sum(v * r for _, v, r in g) != 0)


@given(relu_networks(min_dim=2, max_dim=2, max_width=6, coincident=True, antipodal=True, zero_neurons=True,
                     arithmetic="exact"))
def test_sinogram_has_one_atom_per_hyperplane(net):
    atoms = canonical(net).sinogram()
    assert len(atoms) == _distinct_hyperplanes(net)
    assert all(0 <= theta < math.pi for theta, _, _ in atoms)
    assert sum(abs(a) for _, _, a in atoms) == pytest.approx(float(rtv2(net)), rel=1e3 * FLOAT_RTOL)


# -- float and mp forms -----------------------------------------------------------------------------------------------
@given(relu_networks(min_dim=2, max_dim=5, coincident=True, antipodal=True, zero_neurons=True, arithmetic="exact"))
def test_float_and_mp_forms_agree_with_exact(net):
    exact = canonical(net)
    fl = canonical(net.as_float())
    assert fl.size == exact.size
    assert fl.rtv2() == pytest.approx(float(rtv2(net)), rel=1e3 * FLOAT_RTOL, abs=1e3 * FLOAT_RTOL)
    assert fl == canonical(exact.network().as_float())
    with mpmath.workdps(40):
        mp = canonical(net.as_mp())
        assert mp.size == exact.size
        assert abs(mp.rtv2() - _value(rtv2(net))) <= mpmath.mpf(10) ** -30 * (1 + mp.rtv2())  # 40 - 10 digits


@settings(max_examples=scaled_examples(0.5))
@given(NETS)
def test_float_grouping_agrees_with_exact_in_several_dimensions(net):
    """The float route (blocked pass, packed-key sort, window check) finds the same hyperplanes as the exact,
    projective route on networks with rescaled duplicates, antipodal pairs and zero neurons in d = 2..5."""
    exact = canonical(net)
    fl = canonical(net.as_float())
    assert fl.size == exact.size
    assert fl.rtv2() == pytest.approx(float(rtv2(net)), rel=1e3 * FLOAT_RTOL, abs=1e3 * FLOAT_RTOL)
    assert fl == canonical(exact.network().as_float())


def test_float_forms_compare_affine_parts_at_the_scale_of_their_terms():
    """A found case: turning the antipodal neuron over gives c4 = 1/3 - 1 in float, the exact route -2/3; the
    difference (1e-16) is rounding of terms of size 1 and the forms are equal.  Negative control: an affine part
    off by 1e-9 is a different function."""
    W, b, v = [[0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, -1], [0, 0, 0, 0]], [0, 0, 0, 0], [0, -1, 1, 0]
    net = ReLUNetwork(W, b, v, c=[0, 0, 0, Fraction(1, 3)])
    assert canonical(net.as_float()) == canonical(canonical(net).network().as_float())
    shifted = ReLUNetwork(W, b, v, c=[0, 0, 0, Fraction(1, 3) + Fraction(1, 10**9)])
    assert canonical(net.as_float()) != canonical(shifted.as_float())


def test_float_grouping_is_sort_based_and_merges_large_networks():
    rng = np.random.default_rng(0)
    K, d = 20000, 10
    W, b, v = rng.standard_normal((K, d)), rng.standard_normal(K), rng.standard_normal(K)
    W[:500], b[:500] = 3.0 * W[500:1000], 3.0 * b[500:1000]
    W[1000:1500], b[1000:1500] = -0.5 * W[1500:2000], -0.5 * b[1500:2000]
    v[1000:1500] = -2.0 * v[1500:2000]  # antipodal twins whose amplitudes cancel: -2v * 0.5||w|| = -v||w||
    form = canonical(ReLUNetwork(W, b, v))
    assert form.size == K - 1000 - 500  # 500 duplicates merged, 500 antipodal pairs cancel
    assert form.rtv2() < float(np.sum(np.abs(v) * np.linalg.norm(W, axis=1)))


@given(st.lists(st.floats(-3, 3), min_size=1, max_size=60), st.lists(st.integers(0, 59), max_size=20),
       st.sampled_from([2.0**-40, 2.0**-70]))
def test_projection_sort_orders_and_flags_every_near_pair(values, copies, tau):
    """The packed-key sort (tau = 2^-40) and its coarse-grid cell re-sort (a tolerance finer than the grid): ``order``
    sorts the projections (up to ties closer than reach), and every pair of sorted neighbours within reach is
    flagged near."""
    s = np.array(values + [values[i % len(values)] + tau * (i % 3) for i in copies])
    bound, reach = 3.5, 2.0 * tau
    order, near = sort_projections(s, bound, reach)
    assert sorted(order.tolist()) == list(range(s.size))
    gaps = np.diff(s[order])
    assert np.all(gaps >= -reach)
    assert np.all(near[np.abs(gaps) <= reach])
    assert np.all(gaps[near] <= reach + 4 * bound * 2.0**-40)  # flagged pairs are near up to two grid steps


def _rotation_about(axis: np.ndarray, angle: float) -> np.ndarray:
    """Rodrigues' rotation matrix about ``axis`` (d = 3)."""
    k = axis / np.linalg.norm(axis)
    K = np.array([[0.0, -k[2], k[1]], [k[2], 0.0, -k[0]], [-k[1], k[0], 0.0]])
    return np.eye(3) + math.sin(angle) * K + (1.0 - math.cos(angle)) * K @ K


def test_windows_mixing_distinct_normals_are_split():
    """Two different normals with the same projection on the sorting direction (one is the other rotated about it)
    land in one window; the coordinate check must split it, and still merge the rescaled duplicate of the first
    and keep the parallel hyperplanes of each normal apart."""
    r = projection_direction(3)
    u1 = np.array([0.6, 0.0, 0.8])
    u2 = _rotation_about(r, 1e-3) @ u1
    assert abs(r @ u1 - r @ u2) < 1e-15 and np.max(np.abs(u1 - u2)) > 1e-4
    W = np.array([u1, 2.0 * u1, u2, u1, u2])
    b = [0.25, 0.5, 0.25, -3.0, 7.0]  # hyperplanes: (u1, 1/4) twice, (u2, 1/4), (u1, -3), (u2, 7)
    net = ReLUNetwork(W, b, [1.0, 0.5, -1.5, 2.0, 4.0])
    form = canonical(net)
    assert form.size == 4
    assert form.rtv2() == pytest.approx(2.0 + 1.5 + 2.0 + 4.0, rel=1e3 * FLOAT_RTOL)
    with mpmath.workdps(30):
        assert canonical(net.as_mp()).size == 4
    # negative control: without the rotation the two normals are one, and the hyperplanes (u, 1/4) merge
    same = ReLUNetwork(np.array([u1, 2.0 * u1, u1, u1, u1]), b, [1.0, 0.5, -1.5, 2.0, 4.0])
    assert canonical(same).size == 3


def test_canonical_rejects_bad_input():
    with pytest.raises(InvalidInput):
        canonical("not a network")
    with pytest.raises(InvalidInput):
        canonical(ReLUNetwork([[1.0, 2.0]], [0.0], [1.0]), rtol=-1.0)
    with pytest.raises(InvalidInput):
        witness(ReLUNetwork([[1.0]], [0.0], [1.0]), ReLUNetwork([[1, 0]], [0], [1]))  # d = 1 against d = 2
    with pytest.raises(InvalidInput):
        witness(ReLUNetwork([[1.0]], [0.0], [1.0]), "not a network")


# -- the checks pass, and their negative controls are refuted ---------------------------------------------------------
FAST = {"examples": 3}


@pytest.mark.parametrize("name", [
    "check_rtv2_definition", "check_null_space_affine", "check_rtv2_neuron", "check_rtv2_shallow_net",
    "check_canonical_form", "check_ridge_function", "check_invariances", "check_wd_path_rtv2",
    "check_radon_sparsity",
])
def test_check_passes(name):
    result = getattr(checks, name)(dps=30, **FAST)
    assert result.verdict.passed, result


def _path_norm(net):
    return net.path_norm()


def _naive_form(net):
    """PN21 Lemma 25 read literally: neurons merged only when (w, b) coincide exactly (no rescaling, no antipodes)."""
    groups: dict[tuple, Fraction] = {}
    for w, b, v in net.neurons():
        if v != 0 and any(x != 0 for x in w):
            key = (*w, b)
            groups[key] = groups.get(key, Fraction(0)) + v
    return tuple(sorted((k, q) for k, q in groups.items() if q != 0)), tuple(net.c), net.c0


@pytest.mark.parametrize(("name", "kwargs"), [
    ("check_rtv2_shallow_net", {"seminorm": _path_norm}),  # path norm reported as R-TV² at an antipodal pair
    ("check_rtv2_neuron", {"norm_squared": lambda w, b: sum(x * x for x in w) + b * b}),  # ‖(w, b)‖ instead of ‖w‖
    ("check_rtv2_neuron", {"half_mass": Fraction(1)}),  # both half-Diracs counted as full mass
    ("check_rtv2_definition", {"c_d": lambda d: 1 / (2 * mpmath.pi) ** (d - 1)}),  # half-sphere constant
    ("check_rtv2_definition", {"gamma_d": lambda d: 1 / (2 * mpmath.pi) ** (d - 1)}),  # R-norm with 2 c_d (half sphere)
    ("check_rtv2_definition", {"seminorm": _path_norm}),
    ("check_null_space_affine", {"seminorm": _path_norm}),
    ("check_canonical_form", {"canonical_fn": _naive_form}),
    ("check_ridge_function", {"power": 2}),
    ("check_invariances", {"exponent": 2}),
    ("check_wd_path_rtv2", {"seminorm": lambda net: 2 * net.path_norm() + 1}),
    ("check_radon_sparsity", {"fold": False}),
])
def test_negative_control_is_refuted(name, kwargs):
    result = getattr(checks, name)(dps=30, **FAST, **kwargs)
    assert result.verdict is Verdict.REFUTED, result


def _outside_neuron(fit, X, a=0.25):
    """The fit plus a neuron whose hyperplane x_1 = -(R + 1) leaves every data point on its active side, its affine
    part a (x_1 + R + 1) moved out of the skip term: the same values at every data point, R-TV² larger by |a|."""
    net, d = fit.network, X.shape[1]
    radius = float(np.max(np.linalg.norm(X, axis=1)))
    e = np.eye(d)[0]
    out = net.with_neurons([e], [-(radius + 1.0)], [a])
    return out.with_affine(np.asarray(net.c, dtype=float) - a * e, float(net.c0) - a * (radius + 1.0))


def test_representer_negative_control_outside_neuron_is_refuted():
    """A network with a hyperplane that misses the data (catalog D12's pitfall taken literally) is not optimal: the
    one-sided hyperplane is found, and the objective exceeds the certified dual bound by about lam |a|."""
    pytest.importorskip("cvxpy")
    from radontv.fit import rtv2_fit

    X, y = checks.random_data(random.Random(3), 7, 2)
    fit = rtv2_fit(X, y, 0.1)
    tol = checks.RADIUS_RTOL * float(np.max(np.linalg.norm(X, axis=1)))
    assert all(splits for *_, splits in checks.hyperplane_sides(fit.network, X, tol=tol))
    bad = _outside_neuron(fit, X)
    assert np.allclose(np.asarray(bad(X), dtype=float), np.asarray(fit.network(X), dtype=float), rtol=1e-12)
    one_sided = [(u, t, a) for u, t, a, splits in checks.hyperplane_sides(bad, X, tol=tol) if not splits]
    assert len(one_sided) == 1 and one_sided[0][2] == pytest.approx(0.25)
    result = checks.check_representer(dps=30, examples=2, solution=lambda fit, X: _outside_neuron(fit, X))
    assert result.verdict is Verdict.REFUTED, result


@settings(max_examples=scaled_examples(0.25))
@given(relu_networks(min_dim=2, max_dim=4, max_width=4, coincident=True, antipodal=True, arithmetic="exact"),
       st.data())
def test_one_sided_neuron_is_removable(net, data):
    """PN21 Lemma 24, strengthened (catalog D12): a neuron whose hyperplane leaves every data point on one closed
    side equals 0 or an affine function on the data, so dropping it (its affine part moved to the skip term) keeps
    every f(x_n) and lowers R-TV² by exactly |v| ||w|| when its hyperplane is distinct from the others."""
    d = net.dim
    X = np.array([[data.draw(Q) for _ in range(d)] for _ in range(d + 2)], dtype=object)
    w = [data.draw(Q) for _ in range(d)]
    assume(any(x != 0 for x in w))
    proj = [sum(a * b for a, b in zip(w, x, strict=True)) for x in X]
    active = data.draw(st.booleans())
    gap = data.draw(st.fractions(0, 3))  # 0: the hyperplane touches the data
    b = min(proj) - gap if active else max(proj) + gap
    v = data.draw(Q)
    assume(v != 0)
    bigger = net.with_neurons([w], [b], [v])
    replaced = net.with_affine([c + v * x for c, x in zip(net.c, w, strict=True)], net.c0 - v * b) if active else net
    assert list(bigger(X)) == list(replaced(X))
    form, smaller = canonical(bigger), canonical(replaced)
    assume(form.size == smaller.size + 1)  # the neuron's hyperplane is not one of the network's
    expected = sorted([*smaller.amplitudes_squared(), v * v * sum(x * x for x in w)])
    assert sorted(form.amplitudes_squared()) == expected  # R-TV² = sum of the square roots: larger by |v| ||w||


# -- the canonical form's accessors, by hand (mutation testing, issue 9) ----------------------------------------------
# f = 2 relu(3x + 4y - 5) + relu(2 - x) + relu(3x - 4y - 5).  By hand: relu(2 - x) = relu(x - 2) - x + 2 (turned
# over: c = (-1, 0), c0 = 2); keys (1, 0; 2) q = 1, (3, -4; 5) q = 1, (3, 4; 5) q = 2; amplitudes 1, 5, 10; unit
# normals (1, 0), (3/5, -4/5), (3/5, 4/5) with offsets 2, 1, 1; R-TV² = 16.
HAND = ReLUNetwork([[3, 4], [-1, 0], [3, -4]], [5, -2, 5], [2, 1, 1])


def test_exact_form_accessors_match_the_hand_computation():
    form = canonical(HAND)
    assert form.size == len(form) == 3 and form.dim == 2 and form.arithmetic == "exact" and form.rtol == 0
    assert [list(p) for p in form.normals] == [[1, 0], [3, -4], [3, 4]]
    assert list(form.offsets) == [2, 5, 5] and list(form.coefficients) == [1, 1, 2]
    assert list(form.c) == [-1, 0] and form.c0 == 2
    assert list(form.amplitudes) == [1, 5, 10] and list(form.amplitudes_squared()) == [1, 25, 100]
    us, ts = form.unit_normals()
    half = sympy.Rational(3, 5), sympy.Rational(4, 5)
    assert us.tolist() == [[1, 0], [half[0], -half[1]], [half[0], half[1]]] and ts.tolist() == [2, 1, 1]
    assert form.rtv2() == 16
    assert form.network() == ReLUNetwork([[1, 0], [3, -4], [3, 4]], [2, 5, 5], [1, 1, 2], [-1, 0], 2)
    text = str(form)
    for line in ("canonical form in d = 2 (exact), 3 hyperplane(s):", "A = 1  on  u = (1, 0), t = 2",
                 "A = 5  on  u = (3/5, -4/5), t = 1", "A = 10  on  u = (3/5, 4/5), t = 1",
                 "affine: c = (-1, 0), c0 = 2", "R-TV2 = 16"):
        assert line in text.splitlines() or "  " + line in text.splitlines()
    assert form.as_dict() == {"dim": 2, "arithmetic": "exact", "hyperplanes": [
        {"u": [1.0, 0.0], "t": 2.0, "A": 1.0}, {"u": [0.6, -0.8], "t": 1.0, "A": 5.0},
        {"u": [0.6, 0.8], "t": 1.0, "A": 10.0}], "c": [-1.0, 0.0], "c0": 2.0, "rtv2": 16.0}
    # the empty form is the affine part alone
    empty = canonical(ReLUNetwork([[1, 0], [1, 0]], [1, 1], [1, -1], c=[2, 3], c0=4))
    assert empty.size == 0 and empty.network() == ReLUNetwork(np.empty((0, 2), dtype=object), [], [], [2, 3], 4)


def test_sinogram_atoms_by_hand():
    """theta = atan2(u2, u1) in [0, pi): (1, 0) -> 0; (3/5, 4/5) -> atan2(4, 3); (3/5, -4/5) has theta < 0 and is
    wrapped to pi - atan2(4, 3) with its offset negated."""
    expected = sorted([(0.0, 2.0, 1.0), (math.pi - math.atan2(4, 3), -1.0, 5.0), (math.atan2(4, 3), 1.0, 10.0)])
    for kind in ("exact", "float", "mp"):
        atoms = sorted(canonical(HAND.as_arithmetic(kind)).sinogram())
        assert len(atoms) == 3
        for got, want in zip(atoms, expected, strict=True):
            assert got == pytest.approx(want, rel=1e-14, abs=1e-15)
    with pytest.raises(InvalidInput, match="a sinogram is drawn for d = 2 only; this form has d = 1"):
        canonical(ReLUNetwork([[1]], [0], [1])).sinogram()


def test_inexact_form_accessors_and_text():
    with mpmath.workdps(30):
        for kind, amp, u in (("float", "A = 10  on  u = (0.6, 0.8), t = 1", "0.6"),
                             ("mp", "A = 10.0  on  u = (0.6, 0.8), t = 1.0", "0.6")):
            form = canonical(HAND.as_arithmetic(kind))
            assert form.arithmetic == kind and form.size == 3
            assert amp in str(form) and "R-TV2 = 16" in str(form)
            assert sorted(float(a) for a in form.amplitudes) == [1.0, 5.0, 10.0]
            assert sorted(float(a) for a in form.amplitudes_squared()) == pytest.approx([1.0, 25.0, 100.0], rel=1e-14)
            us, ts = form.unit_normals()
            keys = sorted((float(x[0]), float(x[1]), float(t)) for x, t in zip(us, ts, strict=True))
            assert np.allclose(keys, [(0.6, -0.8, 1.0), (0.6, 0.8, 1.0), (1.0, 0.0, 2.0)], rtol=1e-14, atol=1e-15)
            assert isinstance(form.rtv2(), float if kind == "float" else mpmath.mpf)
            assert abs(form.rtv2() - 16) <= 1e-13
            merged = form.network()
            assert merged.arithmetic == kind and merged.width == 3
            assert_same_function(merged, HAND.as_arithmetic(kind))
            assert u in form.as_dict().__repr__() and form.as_dict()["rtv2"] == pytest.approx(16.0, rel=1e-14)
            empty = canonical(ReLUNetwork([[1, 0], [1, 0]], [1, 1], [1, -1], c=[2, 3], c0=4).as_arithmetic(kind))
            assert empty.size == 0 and empty.network().width == 0
            assert [float(x) for x in empty.network().c] == [2.0, 3.0] and float(empty.network().c0) == 4.0


def test_default_tolerances_and_form_comparison_rules():
    from radontv.canonical_form import default_rtol
    from radontv.testing.assertions import FLOAT_RTOL as ASSERT_FLOAT_RTOL

    assert default_rtol("exact") == 0 and isinstance(default_rtol("exact"), Fraction)
    assert default_rtol("float") == 2.0**-40 == FLOAT_RTOL == ASSERT_FLOAT_RTOL
    with mpmath.workdps(30):
        assert default_rtol("mp") == mpmath.mpf(10) ** -25
        assert canonical(HAND.as_mp()).rtol == mpmath.mpf(10) ** -25
    form = canonical(HAND)
    with pytest.raises(InvalidInput, match="compare a CanonicalForm with another CanonicalForm, not int"):
        form.equals(3)
    assert (form == 3) is False and (form != 3) is True
    with pytest.raises(TypeError):
        hash(form)
    one_d = canonical(ReLUNetwork([[1]], [0], [1]))
    assert not one_d.equals(canonical(ReLUNetwork([[1, 0]], [0], [1])))  # d = 1 against d = 2
    assert not canonical(HAND.as_float()).equals(canonical(ReLUNetwork([[1.0]], [0.0], [1.0])))
    assert form == canonical(HAND.rescale(Fraction(3, 7))) and form != canonical(one_d.network())
    with pytest.raises(InvalidInput, match="rtol must be a non-negative number"):
        canonical(HAND.as_float(), rtol=float("nan"))
    with pytest.raises(InvalidInput, match=r"net must be a radontv\.ReLUNetwork, got str"):
        canonical("net")


def test_float_forms_of_one_neuron_and_of_affine_networks_by_hand():
    """One neuron 2 relu(3x + 4y - 1) is one hyperplane, u = (3/5, 4/5), t = 1/5, A = 10; a network with only a
    w = 0 neuron (the constant 2 relu(1) = 2) is the affine form c0 = 2 + 1 = 3 with no hyperplane."""
    form = canonical(ReLUNetwork([[3.0, 4.0]], [1.0], [2.0]))
    assert form.size == 1 and form.arithmetic == "float" and form.rtv2() == pytest.approx(10.0, rel=1e-15)
    assert np.allclose(form.normals, [[0.6, 0.8]], rtol=0, atol=1e-15) and form.offsets[0] == pytest.approx(0.2)
    affine = canonical(ReLUNetwork([[0.0, 0.0]], [-1.0], [2.0], c=[1.0, 0.0], c0=1.0))
    assert affine.size == 0 and affine.arithmetic == "float" and affine.rtv2() == 0.0
    assert affine.normals.shape == (0, 2) and affine.offsets.shape == (0,) and affine.coefficients.shape == (0,)
    assert affine.c.tolist() == [1.0, 0.0] and affine.c0 == 3.0



@given(st.integers(2, 5), st.integers(0, 2**16))
def test_cayley_rotations_are_exactly_orthogonal(d, seed):
    """The instances of multivariate.invariances: U = (I - S)(I + S)^-1 with S skew has U^T U = I exactly (checked
    here by exact products); negative control: the same construction with a symmetric S is not orthogonal."""
    U = checks.cayley_rotation(random.Random(seed), d)
    eye = np.array([[Fraction(int(i == j)) for j in range(d)] for i in range(d)], dtype=object)
    assert (U.T @ U == eye).all() and (U @ U.T == eye).all()
    S = np.array([[Fraction(i + j + 1, 3) for j in range(d)] for i in range(d)], dtype=object)  # symmetric
    wrong = (eye - S) @ np.array(ex.inverse([list(r) for r in eye + S]), dtype=object)
    assert not (wrong.T @ wrong == eye).all()
