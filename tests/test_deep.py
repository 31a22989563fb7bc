"""Property tests and negative controls of the deep family (docs/deep.md): vector-valued layers, composites, skip
terms, bottleneck rank, Schatten-2/L, neuron sharing, width bounds.

For every claim ``deep.<stem>``: ``test_<stem>`` is a hypothesis property of the implementation on generated
instances, checked against a computation written in the test or in ``radontv.checks.deep`` (own hyperplane grouping,
exact rational linear algebra, mpmath's SVD); ``test_<stem>_negative_control`` hands the numeric check a wrong variant
of the piece under test (the missing ½, (L/2) replaced by L, the per-output norm used as weight decay, a width bound
of N, ...) and requires the verdict ``refuted``.
"""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import numpy as np
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from radontv.checks import deep as checks
from radontv.checks import deep_common, deep_linear, deep_pruning
from radontv.checks import deep_exact as ex

from radontv import ReLUNetwork, Verdict, rtv2
from radontv.deep import DeepReLUNetwork, balanced_factorization, per_output_variation_norm, schatten_weight_decay
from radontv.evidence import Agreement
from radontv.scalars import to_mpf
from radontv.testing import scaled_examples

DPS = 30
FAST = {"dps": DPS, "examples": 2}
#: negative controls run the check on a few hypothesis-drawn seeds: the wrong variant must be refuted on every one
#: (each check also carries fixed instances on which it fails, so the refutation does not depend on luck)
seeds = st.integers(0, 2**16)
CONTROL_EXAMPLES = scaled_examples(0.01, minimum=2)
F = Fraction

randoms = st.randoms(use_true_random=False)
rationals = st.fractions(min_value=-6, max_value=6, max_denominator=6)
nonzero = rationals.filter(lambda q: q != 0)


def _agree(claim: str, lost: int = 5) -> Agreement:
    return Agreement(claim, dps=DPS, lost_digits=lost)


def _consistent(agree: Agreement) -> None:
    result = agree.result()
    assert result.verdict.passed, result


def _refuted(result) -> None:
    assert result.verdict is Verdict.REFUTED, result


# -- deep.vector_weight_decay (E1) ------------------------------------------------------------------------------------
@given(rng=randoms)
@settings(max_examples=scaled_examples(0.25))
def test_vector_weight_decay(rng):
    net = checks.random_vector_network(rng)
    W, _, V = checks.exact_net(net)
    assert net.weight_decay() == sum((F(1, 2) * (sum(x * x for x in v) + sum(x * x for x in w))
                                      for w, v in zip(W, V, strict=True)), F(0))
    agree = _agree("deep.vector_weight_decay")
    with mpmath.workdps(DPS):
        pn = checks.vector_path_norm(net)
        agree.compare(to_mpf(net.as_mp().balanced().weight_decay()), pn)
        got = to_mpf(rtv2(net))
        agree.compare(got, checks.norms_2m_m1(net)[0], scale=pn)
        if checks.distinct_hyperplanes(net):
            agree.compare(got, pn)
        else:
            agree.at_least(pn, got)
    _consistent(agree)


@given(seed=seeds)
@settings(max_examples=CONTROL_EXAMPLES)
def test_vector_weight_decay_negative_control(seed):
    no_half = lambda net: 2 * net.weight_decay()  # noqa: E731 - weight decay without the ½
    _refuted(checks.check_vector_weight_decay(**FAST, seed=seed, weight_decay=no_half))


# -- deep.per_output_norm ---------------------------------------------------------------------------------------------
@given(rng=randoms)
@settings(max_examples=scaled_examples(0.25))
def test_per_output_norm(rng):
    net = checks.random_vector_network(rng)
    _, _, single = checks.norms_2m_m1(net)
    agree = _agree("deep.per_output_norm")
    with mpmath.workdps(DPS):
        two, one = to_mpf(rtv2(net)), to_mpf(per_output_variation_norm(net))
        agree.at_least(one, two, scale=two)
        agree.at_least(mpmath.sqrt(net.outputs) * two, one, scale=two)
        if single:
            agree.compare(one, two, scale=two)
        else:  # strictly larger: by more than rounding
            agree.at_least(one - two, two * mpmath.mpf(10) ** (-DPS // 2), scale=two)
    _consistent(agree)


@given(seed=seeds)
@settings(max_examples=CONTROL_EXAMPLES)
def test_per_output_norm_negative_control(seed):
    _refuted(checks.check_per_output_norm(**FAST, seed=seed, weight_decay_norm=per_output_variation_norm))


# -- deep.group_lasso (B7) --------------------------------------------------------------------------------------------
@given(rng=randoms, scales=st.lists(st.fractions(min_value=F(1, 50), max_value=50), min_size=8, max_size=8))
@settings(max_examples=scaled_examples(0.25))
def test_group_lasso(rng, scales):
    net = checks.random_vector_network(rng, merges=False)
    agree = _agree("deep.group_lasso")
    with mpmath.workdps(DPS):
        mp_net = net.as_mp()
        lasso = checks.vector_path_norm(net)  # sum_k ||v_k|| ||w_k||, from the raw weights
        alpha = np.array([to_mpf(s) for s in scales[:net.width]], dtype=object)
        agree.at_least(to_mpf(mp_net.rescale(alpha).weight_decay()), lasso)
        agree.compare(to_mpf(mp_net.balanced().weight_decay()), lasso)
        norms = [mpmath.sqrt(to_mpf(sum(x * x for x in w))) for w in net.W]
        unit = mp_net.rescale(np.array([1 / n for n in norms], dtype=object))
        for w in unit.W:
            agree.compare(mpmath.fsum(x * x for x in w), 1)
        agree.compare(to_mpf(unit.balanced().weight_decay()), mpmath.fsum(unit.output_norms()))
    _consistent(agree)


@given(seed=seeds)
@settings(max_examples=CONTROL_EXAMPLES)
def test_group_lasso_negative_control(seed):
    l1 = lambda v: sum(abs(x) for x in v)  # noqa: E731 - the per-output norm
    _refuted(checks.check_group_lasso(**FAST, seed=seed, output_norm=l1))


# -- deep.vector_representer (E2) -------------------------------------------------------------------------------------
@given(instance=st.integers(0, 2**32))  # an instance number: a dictionary draws too much data for st.randoms
@settings(max_examples=scaled_examples(0.05, minimum=8))
def test_vector_representer(instance):
    X, W, b, Phi, Psi = deep_pruning.dictionary_instance(random.Random(instance))
    N, D = len(X), len(Psi)
    V0 = deep_pruning.dense_solution(Phi, Psi)
    for V in (ex.sparsify(V0, Phi, Psi, dps=DPS), deep_pruning.implementation_pruning(Phi, Psi)[0]):
        assert len(ex.nonzero_columns(V)) <= min(N * N, N * D)
        assert deep_pruning.interpolates_exactly(W, b, V, X, Psi)


@given(seed=seeds)
@settings(max_examples=CONTROL_EXAMPLES)
def test_vector_representer_negative_control(seed):
    _refuted(checks.check_vector_representer(**FAST, seed=seed, bound=lambda N, D: N))


# -- deep.composite (E3) ----------------------------------------------------------------------------------------------
@given(rng=randoms)
@settings(max_examples=scaled_examples(0.1))
def test_composite(rng):
    layers = checks.random_deep_layers(rng)
    net = DeepReLUNetwork.from_layers(layers)
    assert list(net.split()) == layers
    X = checks.random_points(rng, net.input_dim, 3)
    values = net(np.array(X, dtype=object))
    maps = net.affine_maps()
    for x, got in zip(X, values, strict=True):
        expected = checks.composite_forward(layers, x)
        assert [F(y) for y in got] == expected
        assert checks.standard_forward(maps, x) == expected


@given(seed=seeds)
@settings(max_examples=CONTROL_EXAMPLES)
def test_composite_negative_control(seed):
    _refuted(checks.check_composite(**FAST, seed=seed, skip_terms=False))


# -- deep.skip_invariance (E4) ----------------------------------------------------------------------------------------
@given(rng=randoms, data=st.data())
@settings(max_examples=scaled_examples(0.1))
def test_skip_invariance(rng, data):
    net = checks.random_vector_network(rng)
    d, D = net.dim, net.outputs
    A = data.draw(st.lists(st.lists(rationals, min_size=D, max_size=D), min_size=d, max_size=d))
    a = data.draw(st.lists(rationals, min_size=D, max_size=D))
    moved = net.with_affine(np.asarray(net.c, dtype=object) + np.array(A, dtype=object),
                            np.asarray(net.c0, dtype=object) + np.array(a, dtype=object))
    assert sympy.simplify(sympy.sympify(rtv2(moved)) - sympy.sympify(rtv2(net))) == 0
    assert moved.weight_decay() == net.weight_decay()
    x = [F(1, 3) * (i + 1) for i in range(d)]
    diff = np.asarray(moved(np.array([x], dtype=object))[0]) - np.asarray(net(np.array([x], dtype=object))[0])
    assert list(diff) == [sum(A[r][j] * x[r] for r in range(d)) + a[j] for j in range(D)]


@given(seed=seeds)
@settings(max_examples=CONTROL_EXAMPLES)
def test_skip_invariance_negative_control(seed):
    def charged(net):  # a regularized skip term: rtv2 + ½||C||_F²
        return rtv2(net) + F(1, 2) * sum(F(x) ** 2 for x in np.asarray(net.c, dtype=object).reshape(-1))

    _refuted(checks.check_skip_invariance(**FAST, seed=seed, seminorm=charged))


# -- deep.bottleneck_rank (E5) ----------------------------------------------------------------------------------------
@given(rng=randoms, dims=st.lists(st.integers(1, 3), min_size=3, max_size=4),
       widths=st.lists(st.integers(1, 6), min_size=3, max_size=3))
@settings(max_examples=scaled_examples(0.1))
def test_bottleneck_rank(rng, dims, widths):
    layers = checks.random_deep_layers(rng, linear=False, dims=dims, widths=widths)
    maps = DeepReLUNetwork.from_layers(layers).affine_maps()
    for j in range(1, len(layers)):
        A = [[F(x) for x in row] for row in maps[j].matrix]
        assert A == ex.matmul(checks.exact_net(layers[j])[0], ex.transpose(checks.exact_net(layers[j - 1])[2]))
        assert ex.rank(A) <= dims[j]


@given(seed=seeds)
@settings(max_examples=CONTROL_EXAMPLES)
def test_bottleneck_rank_negative_control(seed):
    _refuted(checks.check_bottleneck_rank(**FAST, seed=seed, bound=lambda d_in, d: d_in))


# -- deep.schatten (E6) -----------------------------------------------------------------------------------------------
matrices = st.integers(1, 3).flatmap(lambda m: st.integers(1, 3).flatmap(
    lambda n: st.lists(st.lists(rationals, min_size=n, max_size=n), min_size=m, max_size=m)))


@given(W=matrices, L=st.integers(1, 4), rng=randoms)
@settings(max_examples=scaled_examples(0.1))
def test_schatten(W, L, rng):
    agree = _agree("deep.schatten", lost=8)
    with mpmath.workdps(DPS):
        s = deep_linear.singular_values(W)
        value = mpmath.mpf(L) / 2 * mpmath.fsum(x ** (mpmath.mpf(2) / L) for x in s)
        agree.compare(to_mpf(schatten_weight_decay(W, L)), value, scale=1)
        factors = balanced_factorization(W, L)
        agree.compare(mpmath.fsum(to_mpf(deep_common.frob2(A)) for A in factors) / 2, value, scale=1)
        P = deep_linear.matrix_product(factors)
        for i, row in enumerate(W):
            for j, x in enumerate(row):
                agree.compare(P[i, j], to_mpf(x), scale=1 + value)
        if ex.rank(W) and L > 1:
            moved = deep_linear.reparametrise_factors(deep_linear.svd_factors(W, L), rng)
            agree.at_least(mpmath.fsum(to_mpf(deep_common.frob2(deep_common.rows(A)))
                                       for A in moved) / 2, value, scale=1)
    _consistent(agree)


@given(seed=seeds)
@settings(max_examples=CONTROL_EXAMPLES)
def test_schatten_negative_control(seed):
    _refuted(checks.check_schatten(**FAST, seed=seed, half=F(1)))  # weight decay without the ½


@given(seed=seeds)
@settings(max_examples=CONTROL_EXAMPLES)
def test_schatten_negative_control_constant(seed):
    _refuted(checks.check_schatten(**FAST, seed=seed, constant=lambda L: F(L)))  # (L/2) replaced by L


# -- deep.schatten_rank_limit (E6) ------------------------------------------------------------------------------------
@given(W=matrices.filter(lambda W: ex.rank(W) > 0))
@settings(max_examples=scaled_examples(0.1))
def test_schatten_rank_limit(W):
    r = ex.rank(W)
    with mpmath.workdps(DPS):
        s = deep_linear.singular_values(W)
        spread = max(abs(mpmath.log(x)) for x in s)
        for L in (16, 256, 4096):  # mean-value bound |s^(2/L) - 1| <= (2/L)|ln s| e^((2/L)|ln s|), -> 0
            gap = abs(mpmath.mpf(2) / L * to_mpf(schatten_weight_decay(W, L)) - r)
            assert gap <= r * (mpmath.mpf(2) / L) * spread * mpmath.exp(mpmath.mpf(2) / L * spread) * (1 + 1e-20)


@given(seed=seeds)
@settings(max_examples=CONTROL_EXAMPLES)
def test_schatten_rank_limit_negative_control(seed):
    _refuted(checks.check_schatten_rank_limit(**FAST, seed=seed, normalisation=lambda L: F(1, L)))


# -- deep.neuron_sharing (E7) -----------------------------------------------------------------------------------------
@given(v1=st.lists(nonzero, min_size=1, max_size=3), v2=st.lists(nonzero, min_size=1, max_size=3),
       w=st.lists(nonzero, min_size=1, max_size=3), b=rationals)
@settings(max_examples=scaled_examples(0.25))
def test_neuron_sharing(v1, v2, w, b):
    a = v1 + [F(0)] * len(v2)
    c = [F(0)] * len(v1) + v2
    s = [x + y for x, y in zip(a, c, strict=True)]
    n1, n2, n12 = (sum(x * x for x in v) for v in (a, c, s))
    assert n12 == n1 + n2 and n1 > 0 and n2 > 0  # disjoint supports: Pythagoras, so sqrt(n12) < sqrt(n1) + sqrt(n2)
    assert checks.strictly_below_sum(n12, n1, n2)
    shared = ReLUNetwork([w, w], [b, b], [a, c])  # both output groups on one neuron's hyperplane
    with mpmath.workdps(DPS):
        assert to_mpf(rtv2(shared)) < to_mpf(shared.path_norm())
        expected = mpmath.sqrt(to_mpf(n12)) * mpmath.sqrt(to_mpf(sum(x * x for x in w)))
        assert abs(to_mpf(rtv2(shared)) - expected) <= expected * mpmath.mpf(10) ** (5 - DPS)


@given(seed=seeds)
@settings(max_examples=CONTROL_EXAMPLES)
def test_neuron_sharing_negative_control(seed):
    l1_squared = lambda v: sum(abs(x) for x in v) ** 2  # noqa: E731 - ||.||_1²: sharing saves nothing
    _refuted(checks.check_neuron_sharing(**FAST, seed=seed, norm_squared=l1_squared))


# -- deep.layer_width_bound (E8) --------------------------------------------------------------------------------------
@given(rng=randoms)
@settings(max_examples=scaled_examples(0.05, minimum=8))
def test_layer_width_bound(rng):
    Phi, G, Psi = deep_pruning.low_rank_instance(rng)
    V, _ = deep_pruning.implementation_pruning(Phi, Psi)
    assert ex.matmul(V, Phi) == Psi
    assert len(ex.nonzero_columns(V)) <= ex.rank(Phi) * ex.rank(Psi)
    with mpmath.workdps(DPS):
        # not above the feasible G (up to the solver's certified optimality, see OPTIMALITY_RTOL)
        assert deep_pruning.group_norm(V) <= deep_pruning.group_norm(G) * (1 + to_mpf(deep_pruning.OPTIMALITY_RTOL))


@given(seed=seeds)
@settings(max_examples=CONTROL_EXAMPLES)
def test_layer_width_bound_negative_control(seed):
    lower = lambda r_phi, r_psi: r_phi  # noqa: E731 - Thm 11's lower bound taken as the upper bound
    _refuted(checks.check_layer_width_bound(**FAST, seed=seed, bound=lower))


def test_tight_instance_needs_more_neurons_than_points():
    """The instance behind both width negative controls: every solution has 3 neurons on N = 2 points."""
    t = ex.tight_instance()
    agree = Agreement("deep.vector_representer", dps=None)
    deep_pruning.record_tight_certificate(agree, t)
    assert agree.result().verdict is Verdict.PROVED
    assert len(ex.nonzero_columns(ex.sparsify(t.solution, t.Phi, t.Psi, dps=DPS))) == 3
