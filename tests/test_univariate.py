"""Property tests and negative controls of the univariate family (splines, TV², TV²-minimal interpolation)."""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from radontv.checks import univariate as checks
from radontv.checks.univariate_bruteforce import brute_force_min_knots

from radontv import InvalidInput, ReLUNetwork, Verdict, relu, tv2
from radontv.catalog import select
from radontv.data import prepare_1d
from radontv.splines import (
    LinearSpline,
    curvature_runs,
    min_tv2,
    min_tv2_interpolant,
    minimal_knot_count,
    sparsest_interpolant,
)
from radontv.testing import assert_claim, scaled_examples
from radontv.testing.assertions import sample_points
from radontv.testing.strategies import datasets, relu_networks, scalars

#: The issue's scale test: data multiplied by 1e-6 or 1e6 must interpolate to this relative accuracy.
SCALE_RTOL = 1e-12

exact = scalars(arithmetic="exact")
nonzero = exact.filter(lambda q: q != 0)
univariate_nets = relu_networks(min_dim=1, max_dim=1, coincident=True, antipodal=True, zero_neurons=True)


def data_1d(*, min_size: int = 2, max_size: int = 10, arithmetic: str = "exact") -> st.SearchStrategy:
    return datasets(dim=1, min_size=min_size, max_size=max_size,
                    arithmetic=arithmetic).map(lambda d: (d[0][:, 0], d[1]))


@st.composite
def curvature_data(draw, *, min_size: int = 3, max_size: int = 10) -> tuple[list[Fraction], list[Fraction]]:
    """Exact data built from slopes: repeated slopes (collinear triples) and same-sign runs occur often."""
    n = draw(st.integers(min_size, max_size))
    gaps = draw(st.lists(st.fractions(Fraction(1, 4), 4, max_denominator=4), min_size=n - 1, max_size=n - 1))
    xs = [draw(st.fractions(-8, 8, max_denominator=4))]
    for g in gaps:
        xs.append(xs[-1] + g)
    slopes = [draw(st.fractions(-4, 4, max_denominator=2))]
    for _ in range(n - 2):
        kind = draw(st.sampled_from(["same", "up", "down", "free"]))
        step = draw(st.fractions(Fraction(1, 2), 3, max_denominator=2))
        slopes.append(slopes[-1] if kind == "same" else slopes[-1] + step if kind == "up"
                      else slopes[-1] - step if kind == "down" else draw(st.fractions(-4, 4, max_denominator=2)))
    ys = [draw(st.fractions(-4, 4, max_denominator=2))]
    for i, s in enumerate(slopes):
        ys.append(ys[-1] + s * (xs[i + 1] - xs[i]))
    return xs, ys


def _amplitudes(xs, ys):
    s = [(ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) for i in range(len(xs) - 1)]
    return [s[i + 1] - s[i] for i in range(len(s) - 1)]


def _run_count(amps) -> int:
    """Sum over runs of ceil(n/2), re-derived here from the amplitudes (runs: nonzero, one sign; zeros split)."""
    total, run, sign = 0, 0, 0
    for a in [*amps, 0]:
        sg = (a > 0) - (a < 0)
        if sg != 0 and sg == sign:
            run += 1
        else:
            total += (run + 1) // 2
            run, sign = (1, sg) if sg != 0 else (0, 0)
    return total


def _zone_count(amps) -> int:
    """The uncorrected count of the reference code: zones keep interior zeros (catalog C8, a negative control)."""
    nz = [i for i, a in enumerate(amps) if a != 0]
    total, start = 0, None
    for j, i in enumerate(nz):
        if start is None:
            start = i
        last = j + 1 == len(nz) or (amps[nz[j + 1]] > 0) != (amps[i] > 0)
        if last:
            total += (i - start + 1 + 1) // 2
            start = None
    return total


# -- univariate.relu_green -------------------------------------------------------------------------------------------
@given(a=nonzero, b=nonzero, h=st.fractions(Fraction(1, 1000), Fraction(1, 10)))
def test_relu_second_difference_is_a_unit_jump(a, b, h):
    """The change of slope of relu between a and b (secants of width h away from 0) is 1 iff a < 0 < b."""
    lo, hi = min(a, b), max(a, b)
    assume(lo != hi and abs(lo) > h and abs(hi) > h)
    slope = lambda t: (relu(t + h) - relu(t)) / h  # noqa: E731
    assert slope(hi) - slope(lo) == (1 if lo < 0 < hi else 0)


# -- univariate.neuron_tv2 -------------------------------------------------------------------------------------------
@given(v=exact, w=nonzero, b=exact)
def test_neuron_tv2_is_abs_v_times_abs_w(v, w, b):
    net = ReLUNetwork.univariate([w], [b], [v])
    assert tv2(net) == abs(v) * abs(w)
    spline = LinearSpline.from_network(net)
    assert list(spline.knots) == ([b / w] if v != 0 else [])


# -- univariate.network_tv2 ------------------------------------------------------------------------------------------
def _jump_sum(net: ReLUNetwork) -> Fraction:
    """Sum over the exact knots of |slope right - slope left|, slopes from secants of the network's values."""
    knots = sorted({b / w[0] for w, b, _ in net.neurons() if w[0] != 0})
    if not knots:
        return Fraction(0)
    gaps = [knots[i + 1] - knots[i] for i in range(len(knots) - 1)]
    h = min([*gaps, Fraction(1)]) / 4
    total = Fraction(0)
    for t in knots:
        left = (net(t) - net(t - h)) / h
        right = (net(t + h) - net(t)) / h
        total += abs(right - left)
    return total


@given(net=univariate_nets)
def test_network_tv2_merges_knots(net):
    value = tv2(net)
    assert value == _jump_sum(net)
    path = sum((abs(v) * abs(w[0]) for w, _, v in net.neurons()), start=Fraction(0))
    assert path >= value
    by_knot: dict[Fraction, set[int]] = {}
    for w, b, v in net.neurons():
        if w[0] != 0 and v != 0:
            by_knot.setdefault(b / w[0], set()).add(1 if v > 0 else -1)
    assert (path == value) == all(len(signs) == 1 for signs in by_knot.values())


@given(net=relu_networks(min_dim=1, max_dim=1, coincident=True, antipodal=True))
def test_float_tv2_merges_knots_that_agree_up_to_rounding(net):
    """A float copy of an exact network: knots of rescaled copies differ by a few ulps and must still merge."""
    value, reference = tv2(net.as_float()), float(tv2(net))
    path = float(sum((abs(v) * abs(w[0]) for w, _, v in net.neurons()), start=Fraction(0)))
    assert abs(value - reference) <= 64 * np.finfo(float).eps * (path + 1)


@given(net=univariate_nets)
def test_spline_round_trip_preserves_the_function(net):
    spline = LinearSpline.from_network(net)
    X = sample_points(net)[:, 0]
    assert list(spline(X)) == list(net(X))
    assert all(spline.knots[i] < spline.knots[i + 1] for i in range(spline.n_knots - 1))
    assert all(a != 0 for a in spline.amplitudes)
    assert LinearSpline.from_network(spline.to_network()) == spline
    assert spline.tv2() == tv2(net)


# -- univariate.null_space -------------------------------------------------------------------------------------------
@given(net=univariate_nets, a=exact, c=exact, v=nonzero, w=nonzero, b=exact, s=st.fractions(Fraction(1, 4), 4))
def test_tv2_ignores_affine_parts(net, a, c, v, w, b, s):
    assert tv2(net.with_affine([net.c[0] + a], net.c0 + c)) == tv2(net)
    pair = ReLUNetwork.univariate([w, -s * w], [b, -s * b], [v, -v / s], a, c)  # v sigma(t) - v sigma(-t): affine
    assert tv2(pair) == 0
    X = sample_points(pair)[:, 0]
    values = pair(X)
    assert all(values[i] == pair.c[0] * X[i] + pair.c0 + v * (w * X[i] - b) for i in range(len(X)))


# -- univariate.rtv2_reduces -----------------------------------------------------------------------------------------
@given(net=univariate_nets)
def test_tv2_is_reflection_invariant(net):
    """R f(-1, t) = f(-t): its TV² equals TV²(f), so c_1 * (sum over the two orientations) = TV²(f) with c_1 = 1/2."""
    reflected = ReLUNetwork.univariate([-w[0] for w, _, _ in net.neurons()], list(net.b), list(net.v), -net.c[0],
                                       net.c0)
    X = sample_points(net)[:, 0]
    assert list(reflected(X)) == list(net(-X))
    assert tv2(reflected) == tv2(net)
    assert Fraction(1, 2) * (tv2(net) + tv2(reflected)) == tv2(net)


# -- univariate.min_interpolation ------------------------------------------------------------------------------------
@given(data=data_1d(min_size=2, max_size=10), extra=st.lists(st.tuples(st.fractions(0, 1), exact), max_size=6))
def test_min_tv2_is_a_lower_bound_and_attained(data, extra):
    x, y = data
    order = np.argsort(x)
    xs, ys = list(x[order]), list(y[order])
    best = min_tv2(x, y)
    canon = min_tv2_interpolant(x, y)
    assert list(canon(xs)) == ys and canon.tv2() == best
    # another interpolant: extra breakpoints (position in an interval, value) joined to the data
    pts = dict(zip(xs, ys, strict=True))
    for frac, val in extra:
        k = int(frac * (len(xs) - 1)) % (len(xs) - 1)
        t = xs[k] + (xs[k + 1] - xs[k]) * (frac if 0 < frac < 1 else Fraction(1, 2))
        pts.setdefault(t, val)
    px = sorted(pts)
    sl = [(pts[px[i + 1]] - pts[px[i]]) / (px[i + 1] - px[i]) for i in range(len(px) - 1)]
    assert sum((abs(sl[i + 1] - sl[i]) for i in range(len(sl) - 1)), start=Fraction(0)) >= best


# -- univariate.representer_bound ------------------------------------------------------------------------------------
@given(data=data_1d(min_size=2, max_size=14))
def test_interpolants_have_at_most_n_minus_2_knots_inside_the_range(data):
    x, y = data
    n, lo, hi = len(x), min(x), max(x)
    for spline in (min_tv2_interpolant(x, y), sparsest_interpolant(x, y)):
        assert spline.n_knots <= n - 2
        assert all(lo < t < hi for t in spline.knots)
        assert list(spline(x)) == list(y)


# -- univariate.nonuniqueness ----------------------------------------------------------------------------------------
@given(data=curvature_data(min_size=4), theta=st.fractions(Fraction(1, 10), Fraction(9, 10)))
def test_merging_a_same_sign_pair_gives_another_minimizer(data, theta):
    xs, ys = data
    amps = _amplitudes(xs, ys)
    pairs = [k for k in range(len(amps) - 1) if amps[k] * amps[k + 1] > 0]
    assume(pairs)
    k = pairs[0]
    canon = min_tv2_interpolant(xs, ys)
    t1, t2 = xs[k + 1], xs[k + 2]
    tau = (amps[k] * t1 + amps[k + 1] * t2) / (amps[k] + amps[k + 1])
    assert t1 <= tau <= t2
    slopes = canon.slopes()
    knots = [*xs[1:k + 1], tau, *xs[k + 3:-1]]
    merged_amps = [*amps[:k], amps[k] + amps[k + 1], *amps[k + 2:]]
    other = LinearSpline(knots, merged_amps, slopes[0], canon.intercept)
    assert list(other(xs)) == list(ys)
    assert other.tv2() == canon.tv2() == min_tv2(xs, ys)
    mid = (t1 + t2) / 2
    assert other(mid) != canon(mid)
    mix = lambda t: theta * canon(t) + (1 - theta) * other(t)  # noqa: E731
    assert [mix(t) for t in xs] == list(ys)


# -- univariate.sparsest_count ---------------------------------------------------------------------------------------
@given(data=curvature_data(min_size=2, max_size=14))
def test_sparsest_interpolant_is_minimal_and_has_the_run_count(data):
    xs, ys = data
    s = sparsest_interpolant(xs, ys)
    assert list(s(xs)) == list(ys)
    assert s.tv2() == min_tv2(xs, ys)
    expected = _run_count(_amplitudes(xs, ys))
    assert s.n_knots == expected == minimal_knot_count(xs, ys)


@settings(max_examples=scaled_examples(0.1))
@given(data=curvature_data(min_size=3, max_size=6))
def test_run_count_agrees_with_brute_force(data):
    xs, ys = data
    assert brute_force_min_knots(xs, ys, min_tv2(xs, ys)) == minimal_knot_count(xs, ys)


@st.composite
def float_data(draw):
    """Float data with sites at least 2^-10 of the range apart (the spline basis is ill-conditioned for sites
    closer than that relative to huge slopes); half of the examples have exactly collinear stretches."""
    n = draw(st.integers(3, 40))
    xs = sorted(set(draw(st.lists(st.integers(-1024, 1024), min_size=n, max_size=n))))
    if draw(st.booleans()):  # exactly representable collinear stretches (integers), then scaled
        slopes = draw(st.lists(st.sampled_from([-3, -1, 0, 1, 2, 5]), min_size=len(xs), max_size=len(xs)))
        ys = [0]
        for i in range(len(xs) - 1):
            ys.append(ys[-1] + slopes[i // 3] * (xs[i + 1] - xs[i]))
        return np.array(xs, dtype=float), np.array(ys, dtype=float)
    ys = draw(st.lists(st.floats(-1, 1, allow_subnormal=False), min_size=len(xs), max_size=len(xs)))
    return np.array(xs, dtype=float) / 1024, np.array(ys)


@given(data=float_data())
def test_sparsest_interpolant_is_scale_free_in_float(data):
    x, y = data
    assume(len(np.unique(x)) >= 2)
    counts = []
    for scale in (1e-6, 1.0, 1e6):
        xs, ys = x * scale, y * scale
        s = sparsest_interpolant(xs, ys)
        counts.append(s.n_knots)
        err = np.max(np.abs(s(xs) - ys))
        assert err <= SCALE_RTOL * max(np.max(np.abs(ys)), np.finfo(float).tiny), (scale, err)
    assert counts[0] == counts[1] == counts[2]


def test_splineops_counterexample_keeps_its_knot():
    """splineops 2.2.0 returns no knot here (absolute tolerance 1e-5); the data are not collinear."""
    x, y = np.array([0.0, 1.0, 2.0]), np.array([0.0, 1e-5, 1e-5])
    s = sparsest_interpolant(x, y)
    assert s.n_knots == 1
    assert np.max(np.abs(s(x) - y)) <= SCALE_RTOL * 1e-5


def test_catalog_example_needs_two_knots():
    xs, ys = checks.CATALOG_EXAMPLE
    s = sparsest_interpolant(xs, ys)
    assert [str(t) for t in s.knots] == ["3/2", "9/2"] and s.n_knots == 2
    assert _zone_count(_amplitudes(xs, ys)) == 3  # the uncorrected formula over-counts


@pytest.mark.slow
def test_brute_force_confirms_the_minimal_knot_count():
    """Exhaustive exact search for N <= 8 (the claim's strongest evidence); about 30 s."""
    rng = random.Random(2024)
    cases = [checks.CATALOG_EXAMPLE]
    for n in range(3, 9):
        cases += [checks.random_data(rng, n) for _ in range(12 if n < 8 else 6)]
    for xs, ys in cases:
        fewest = brute_force_min_knots(xs, ys, min_tv2(xs, ys))
        s = sparsest_interpolant(xs, ys)
        assert s.n_knots == fewest == minimal_knot_count(xs, ys), (xs, ys)


def test_brute_force_finds_fewer_knots_than_the_zone_formula():
    xs, ys = checks.CATALOG_EXAMPLE
    assert brute_force_min_knots(xs, ys, min_tv2(xs, ys)) == 2 < _zone_count(_amplitudes(xs, ys))


# -- the numeric checks pass, and refute wrong variants (negative controls) ------------------------------------------
@pytest.mark.parametrize("claim_id", [c.id for c in select(["univariate"])])
def test_claim_evidence_passes(claim_id):
    assert_claim(claim_id, dps=30, examples=3)


def _path_norm(net):
    return sum((abs(v) * abs(w[0]) for w, _, v in net.neurons()), start=Fraction(0))


def _zone_sparsify(x, y):
    """The count of the reference code realised by an interpolant: canonical knots, merged within zones."""
    return min_tv2_interpolant(x, y)


@pytest.mark.parametrize("check, kwargs", [
    (checks.check_relu_green, {"kernel": abs}),
    (checks.check_neuron_tv2, {"formula": lambda v, w: abs(v) * w * w}),
    (checks.check_network_tv2, {"seminorm": _path_norm}),
    (checks.check_null_space, {"seminorm": _path_norm}),
    (checks.check_rtv2_reduces, {"c1": 1}),
    (checks.check_min_interpolation, {"value": lambda x, y: min_tv2(x, y) + abs(y[1] - y[0])}),
    (checks.check_representer_bound, {"bound": lambda n: n - 1}),
    (checks.check_representer_bound, {"bound": lambda n: max(n - 3, 0)}),
    (checks.check_nonuniqueness, {"position": lambda a1, t1, a2, t2: t2 + (t2 - t1)}),
    (checks.check_sparsest_count, {"count": lambda x, y: _zone_count(_amplitudes(x, y))}),
    (checks.check_sparsest_count, {"sparsify": _zone_sparsify}),
], ids=["relu_green:abs", "neuron:w^2", "network:path-norm", "null:path-norm", "rtv2:c1=1", "min:extra-term",
        "bound:N-1", "bound:N-3", "merge:outside", "count:zones", "sparsify:canonical"])
def test_negative_controls_are_refuted(check, kwargs):
    result = check(dps=30, examples=4, **kwargs)
    assert result.verdict is Verdict.REFUTED, result


def test_path_norm_is_refuted_at_an_antipodal_pair():
    net = ReLUNetwork.univariate([1, -1], [Fraction(3, 10), Fraction(-3, 10)], [1, -1])
    assert tv2(net) == 0 and net.path_norm() == 2


def test_tv2_from_values_is_blind_to_the_knot_list():
    """The second route only sees values: it agrees with tv2 on a spline given through a plain function."""
    s = LinearSpline([Fraction(1, 3), 2], [3, -1], slope=1)
    with mpmath.workdps(30):
        value = checks.tv2_from_values(lambda pts: [s.as_mp()(p) for p in pts], 0, 3, dps=30, rng=random.Random(1))
    assert abs(value - 4) < mpmath.mpf(10) ** -15


# -- data handling and bad input -------------------------------------------------------------------------------------
@given(data=data_1d(min_size=2, max_size=8), perm=st.randoms(use_true_random=False), dup=st.integers(0, 3))
def test_unsorted_and_repeated_sites_give_the_same_interpolant(data, perm, dup):
    x, y = data
    idx = list(range(len(x))) + [perm.randrange(len(x)) for _ in range(dup)]
    perm.shuffle(idx)
    assert sparsest_interpolant(x[idx], y[idx]) == sparsest_interpolant(x, y)
    assert min_tv2(x[idx], y[idx]) == min_tv2(x, y)


@given(data=data_1d(min_size=2, max_size=8), extra=st.lists(st.tuples(st.integers(0, 7), exact), max_size=5))
def test_regression_merging_keeps_the_least_squares_loss(data, extra):
    """½Σ(f(x_n) - y_n)² = ½Σ m_j (f(x_j) - ȳ_j)² + ½ within_ss for any f (here f = a random affine function)."""
    x, y = data
    xs = list(x) + [x[i % len(x)] for i, _ in extra]
    ys = list(y) + [v for _, v in extra]
    d = prepare_1d(xs, ys, interpolation=False)
    assert int(d.weights.sum()) == len(xs)
    f = lambda t: 3 * t - Fraction(1, 2)  # noqa: E731
    lhs = sum((f(a) - b) ** 2 for a, b in zip(xs, ys, strict=True))
    rhs = sum(int(m) * (f(a) - b) ** 2 for a, b, m in zip(d.x, d.y, d.weights, strict=True)) + d.within_ss
    assert lhs == rhs


BAD = [
    ([0, 1], [0, float("nan")], "finite"),
    ([0, float("inf")], [0, 1], "finite"),
    ([0], [1], "at least 2"),
    ([1, 1], [2, 2], "distinct"),
    ([0, 0, 1], [1, 2, 3], "different values"),
    ([0, 1, 2], [0, 1], "same length"),
    ([[0, 1]], [0, 1], "flat"),
    ([0, 1], ["a", 2], "entries must be"),
]


@pytest.mark.parametrize("solver", [min_tv2, min_tv2_interpolant, sparsest_interpolant, minimal_knot_count,
                                    curvature_runs])
@pytest.mark.parametrize("x, y, match", BAD)
def test_bad_input_raises_invalid_input(solver, x, y, match):
    with pytest.raises(InvalidInput, match=match):
        solver(x, y)


@pytest.mark.parametrize("args, match", [
    (([0, 1], [1]), "same length"),
    (([0, float("nan")], [1, 1]), "non-finite"),
    (([[0]], [1]), "flat"),
    (([0], [1], [1, 2]), "scalar"),
])
def test_bad_spline_input_raises(args, match):
    with pytest.raises(InvalidInput, match=match):
        LinearSpline(*args)


def test_tv2_needs_a_univariate_function():
    with pytest.raises(InvalidInput, match="d = 2"):
        tv2(ReLUNetwork([[1, 2]], [0], [1]))
    with pytest.raises(InvalidInput, match="ReLUNetwork"):
        tv2([1, 2])


def test_mixed_arithmetic_promotes_to_mp():
    with mpmath.workdps(40):
        s = sparsest_interpolant([0, mpmath.mpf(1), 2], [0, 1, 0])
        assert s.arithmetic == "mp" and s.n_knots == 1
        assert s(1) == 1
