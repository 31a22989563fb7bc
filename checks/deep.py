r"""Numeric checks of the deep family: vector-valued layers, composites, skip terms, low rank, Schatten-2/L, pruning.

Each ``check_<stem>(*, dps=50, examples=20, seed=0, ...)`` compares the implementation (:class:`radontv.ReLUNetwork`
with vector outputs, :func:`radontv.rtv2`, :mod:`radontv.deep`) with a route that shares none of its code: this
module's own hyperplane grouping in exact rationals (:func:`hyperplane_amplitudes`: amplitudes are rational vectors
times :math:`\|w_H\|`), mpmath's SVD for the Schatten claims, exact Gaussian elimination for ranks
(:mod:`radontv.checks.deep_exact`), forward passes written here from the layer parameters, and an exact
sparsification ([SPLN24] Thm 10's argument).  Instances come from ``random.Random(seed)`` (plus fixed ones that
carry the negative controls).  Exact comparisons give ``proved``, 50-digit ones ``consistent``.

The Schatten checks live in :mod:`radontv.checks.deep_linear`, the pruning checks in
:mod:`radontv.checks.deep_pruning`; they are re-exported here, so the catalog names them ``radontv.checks.deep:...``.

Every check takes the piece under test as a keyword (``weight_decay=``, ``half=``, ``constant=``, ``bound=``,
``seminorm=``, ...), so that ``tests/test_deep.py`` can pass a wrong variant and see ``refuted``.  When a piece of
the implementation is missing, the check returns ``undetermined`` naming it (never a pass).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from radontv.evidence import Agreement, CheckResult
from radontv.network import ReLUNetwork
from radontv.precision import validate_dps

from . import deep_exact as ex
from .deep_common import Missing as _Missing  # noqa: F401
from .deep_common import combine as _combine
from .deep_common import honest as _honest
from .deep_common import impl as _impl
from .deep_common import sq as _sq
from .deep_common import sqrt as _sqrt
from .deep_common import to_mp as _mp
from .deep_forward import (
    composite_forward,
    is_linear,
    layer_forward,
    random_deep_layers,
    random_points,
    standard_forward,
)
from .deep_linear import check_schatten, check_schatten_rank_limit
from .deep_pruning import check_layer_width_bound, check_vector_representer

__all__ = [
    "check_bottleneck_rank",
    "check_composite",
    "check_group_lasso",
    "check_layer_width_bound",
    "check_neuron_sharing",
    "check_per_output_norm",
    "check_schatten",
    "check_schatten_rank_limit",
    "check_skip_invariance",
    "check_vector_representer",
    "check_vector_weight_decay",
    "composite_forward",
    "distinct_hyperplanes",
    "exact_net",
    "hyperplane_amplitudes",
    "norms_2m_m1",
    "random_deep_layers",
    "random_points",
    "random_vector_network",
    "standard_forward",
    "strictly_below_sum",
    "vector_path_norm",
]

F = Fraction


# -- instances and the independent norm route -------------------------------------------------------------------------
def random_vector_network(rng: random.Random, *, merges: bool = True, affine: bool = True,
                          dims: tuple[int, int] = (1, 3), outputs: tuple[int, int] = (1, 3),
                          widths: tuple[int, int] = (1, 4)) -> ReLUNetwork:
    """A random exact vector-valued network with nonzero v_k and w_k; with ``merges`` some neurons are positive or
    negative rational multiples of others (duplicates and antipodes)."""
    d, D, K = rng.randint(*dims), rng.randint(*outputs), rng.randint(*widths)
    W = [[ex.rational(rng) for _ in range(d)] for _ in range(K)]
    for w in W:
        if all(x == 0 for x in w):
            w[0] = F(1)
    b = [ex.rational(rng) for _ in range(K)]
    if merges:
        for _ in range(rng.randint(0, 2)):
            k, a = rng.randrange(len(W)), ex.rational(rng, 1, 6, 3) * rng.choice((-1, 1))
            W.append([a * x for x in W[k]])
            b.append(a * b[k])
    V = []
    for _ in W:
        v = [ex.rational(rng) for _ in range(D)]
        if all(x == 0 for x in v):
            v[rng.randrange(D)] = F(1)
        V.append(v)
    c = [[ex.rational(rng) if affine else F(0) for _ in range(D)] for _ in range(d)]
    c0 = [ex.rational(rng) if affine else F(0) for _ in range(D)]
    return ReLUNetwork(W, b, V, c, c0)


def hyperplane_amplitudes(W: Sequence[Sequence[Fraction]], b: Sequence[Fraction],
                          V: Sequence[Sequence[Fraction]]) -> list[tuple[Fraction, list[Fraction]]]:
    r"""The merged amplitudes of :math:`\sum_k v_k\sigma(w_k^\top x - b_k)`, exactly: one ``(n2, r)`` per distinct
    hyperplane, the amplitude being :math:`\sqrt{n_2}\,r` (``n2`` rational, ``r`` a rational vector).

    Neurons on one hyperplane have :math:`(w_k, b_k) = a_k(w_H, b_H)` with :math:`w_H` scaled to 1 at its first
    nonzero coordinate and :math:`a_k \ne 0` rational; since :math:`\sigma(az) = |a|\sigma(z)` for a > 0 and
    :math:`|a|(\sigma(z) - z)` for a < 0, each contributes :math:`|a_k| v_k` times :math:`\sigma(w_H^\top x - b_H)`
    plus an affine term, and the amplitude on the unit normal is :math:`\|w_H\|_2\sum_k |a_k| v_k`.  Neurons with
    :math:`w_k = 0` are constants and carry no amplitude.
    """
    groups: dict[tuple[Fraction, ...], list[Fraction]] = {}
    for w, bk, v in zip(W, b, V, strict=True):
        w = [F(x) for x in w]
        j = next((i for i, x in enumerate(w) if x != 0), None)
        if j is None:
            continue
        a = w[j]
        key = tuple(x / a for x in [*w, F(bk)])
        acc = groups.setdefault(key, [F(0)] * len(v))
        for i, x in enumerate(v):
            acc[i] += abs(a) * F(x)
    return [(_sq(key[:-1]), r) for key, r in groups.items()]


def exact_net(net: ReLUNetwork) -> tuple[list[list[Fraction]], list[Fraction], list[list[Fraction]]]:
    return ([[F(x) for x in w] for w in net.W], [F(x) for x in net.b], [[F(x) for x in v] for v in net.V])


def norms_2m_m1(net: ReLUNetwork) -> tuple[mpmath.mpf, mpmath.mpf, bool]:
    r""":math:`\|\cdot\|_{2,M}`, :math:`\|\cdot\|_{M,1}` (mp) and whether every merged amplitude has at most one nonzero
    entry (decided exactly), from :func:`hyperplane_amplitudes`."""
    amps = hyperplane_amplitudes(*exact_net(net))
    two = mpmath.fsum(_sqrt(n2) * _sqrt(_sq(r)) for n2, r in amps)
    one = mpmath.fsum(_sqrt(n2) * _mp(sum((abs(x) for x in r), start=F(0))) for n2, r in amps)
    single = all(sum(1 for x in r if x != 0) <= 1 for _, r in amps)
    return two, one, single


def vector_path_norm(net: ReLUNetwork) -> mpmath.mpf:
    r""":math:`\sum_k\|v_k\|_2\|w_k\|_2` from the raw weights (mp)."""
    W, _, V = exact_net(net)
    return mpmath.fsum(_sqrt(_sq(v)) * _sqrt(_sq(w)) for w, v in zip(W, V, strict=True))


def distinct_hyperplanes(net: ReLUNetwork) -> bool:
    W, b, V = exact_net(net)
    return len(hyperplane_amplitudes(W, b, V)) == sum(1 for w in W if any(x != 0 for x in w))


# -- deep.neuron_sharing (E7) -----------------------------------------------------------------------------------------
def _l2_squared(v: Sequence[Fraction]) -> Fraction:
    return _sq(v)


def strictly_below_sum(n12: Fraction, n1: Fraction, n2: Fraction) -> bool:
    r"""Exactly: :math:`\sqrt{n_{12}} < \sqrt{n_1} + \sqrt{n_2}` for rationals :math:`\ge 0` (square both sides)."""
    gap = n12 - n1 - n2
    return gap < 0 or gap * gap < 4 * n1 * n2


@_honest("deep.neuron_sharing")
def check_neuron_sharing(*, dps: int = 50, examples: int = 20, seed: int = 0,
                         norm_squared: Callable[[Sequence[Fraction]], Fraction] | None = None) -> CheckResult:
    r"""Check [SPLN24] Thm 9 / eq. (44): for disjointly supported nonzero :math:`v_1, v_2`,
    :math:`\|v_1 + v_2\|_2 < \|v_1\|_2 + \|v_2\|_2`, so a neuron shared by two output groups costs less.

    Exact route: the strict inequality decided in rationals from squared norms (``norm_squared``, default
    :math:`\|\cdot\|_2^2`; a negative control passes :math:`\|\cdot\|_1^2`, the per-output norm, for which sharing
    saves nothing).  Implementation route: :func:`radontv.rtv2` of the network with both output vectors on one neuron
    :math:`w` versus two neurons on distinct hyperplanes, compared at ``dps`` digits with
    :math:`\|v_1+v_2\|\,\|w\|` and :math:`(\|v_1\| + \|v_2\|)\|w\|`; the saving (the norm drop of eq. (44)) must be
    the exact route's positive gap.
    """
    validate_dps(dps)
    nsq = norm_squared or _l2_squared
    rtv2 = _impl("radontv", "rtv2")
    rng = random.Random(seed)
    exact = Agreement("deep.neuron_sharing", dps=None, route="exact rationals: the strict triangle inequality "
                      "from squared norms")
    # lost_digits: a few square roots and one subtraction of comparable sums (the saving) cost ~3 digits
    num = Agreement("deep.neuron_sharing", dps=dps, lost_digits=3, route="radontv.rtv2 of a shared neuron vs two "
                    "separate neurons, at dps digits")
    with mpmath.workdps(dps):
        for i in range(examples + 2):
            D = rng.randint(2, 5)
            cut = rng.randint(1, D - 1)
            v1 = [ex.rational(rng) if j < cut else F(0) for j in range(D)]
            v2 = [F(0) if j < cut else ex.rational(rng) for j in range(D)]
            v1[rng.randrange(cut)] = F(rng.randint(1, 7), rng.randint(1, 3))  # nonzero
            v2[rng.randrange(cut, D)] = F(-rng.randint(1, 7), rng.randint(1, 3))
            label = f"#{i}: v1 = {[str(x) for x in v1]}, v2 = {[str(x) for x in v2]}"
            s = [a + b for a, b in zip(v1, v2, strict=True)]
            n1, n2, n12 = nsq(v1), nsq(v2), nsq(s)
            exact.holds(strictly_below_sum(n12, n1, n2), instance=label)
            d = rng.randint(1, 3)
            w = [ex.rational(rng) for _ in range(d)]
            w[0] = F(rng.randint(1, 5), rng.randint(1, 3))
            bk = ex.rational(rng)
            w2 = [x + F(1, 97) * (j + 1) for j, x in enumerate(w)]  # a nearby hyperplane
            shared = ReLUNetwork([w], [bk], [s])
            apart = ReLUNetwork([w, w2], [bk, bk + F(1, 89)], [v1, v2])
            nw = _sqrt(_sq(w))
            expected_shared = _sqrt(n12) * nw
            expected_apart = norms_2m_m1(apart)[0]  # (|v1| |w| + |v2| |w2| unless the hyperplanes coincide)
            got_shared, got_apart = _mp(rtv2(shared)), _mp(rtv2(apart))
            num.compare(got_shared, expected_shared, instance=f"shared neuron, {label}")
            num.compare(got_apart, expected_apart, instance=f"two neurons, {label}")
            two_on_w = ReLUNetwork([w, w], [bk, bk], [v1, v2])  # unmerged: path norm (|v1| + |v2|) |w|
            saving = (_sqrt(n1) + _sqrt(n2) - _sqrt(n12)) * nw
            num.compare(_mp(two_on_w.path_norm()) - _mp(rtv2(two_on_w)), saving, scale=expected_apart,
                        instance=f"saving of eq. (44): {label}")
    return _combine(exact, num)


# -- deep.vector_weight_decay (E1) ------------------------------------------------------------------------------------
def _vector_instances(rng: random.Random, examples: int) -> list[tuple[str, ReLUNetwork]]:
    concrete = [
        ("one neuron w = (3, 4), v = (3, -4)", ReLUNetwork([[3, 4]], [0], [[3, -4]])),
        ("duplicate and antipode of (1, 2)", ReLUNetwork([[1, 2], [2, 4], [-1, -2], [0, 1]], [1, 2, -1, 0],
                                                         [[1, 0], [0, 1], [2, 1], [-1, 3]])),
    ]
    return concrete + [(f"random vector network #{i}", random_vector_network(rng, merges=i % 2 == 1))
                       for i in range(examples)]


def _raw_weight_decay(net: ReLUNetwork) -> Fraction:
    r""":math:`\tfrac12\sum_k(\|v_k\|_2^2 + \|w_k\|_2^2)` from the raw weights, exactly."""
    W, _, V = exact_net(net)
    return F(1, 2) * sum((_sq(v) + _sq(w) for w, v in zip(W, V, strict=True)), start=F(0))


@_honest("deep.vector_weight_decay")
def check_vector_weight_decay(*, dps: int = 50, examples: int = 20, seed: int = 0,
                              weight_decay: Callable[[ReLUNetwork], Any] | None = None) -> CheckResult:
    r"""Check catalog E1 ([SPLN24] eqs. (13)-(19)): for a vector-valued layer, balanced weight decay
    :math:`\tfrac12\sum_k(\|v_k\|_2^2 + \|w_k\|_2^2)` equals :math:`\sum_k\|v_k\|_2\|w_k\|_2`, which is
    :func:`radontv.rtv2` (:math:`\|\cdot\|_{2,M}`) when the hyperplanes are distinct; after merging rtv2 is at most
    the path norm.

    Routes: ``weight_decay`` (default ``ReLUNetwork.weight_decay``) against the formula on the raw weights (exact),
    and on ``net.as_mp().balanced()`` against the path norm computed here (``dps`` digits); ``ReLUNetwork.path_norm``
    and ``radontv.rtv2`` against :func:`hyperplane_amplitudes` (this module's own grouping).  Negative control: weight
    decay without the ½ is refuted.
    """
    validate_dps(dps)
    wd = weight_decay or ReLUNetwork.weight_decay
    rtv2 = _impl("radontv", "rtv2")
    rng = random.Random(seed)
    exact = Agreement("deep.vector_weight_decay", dps=None, route="exact rationals: weight decay from the raw weights")
    # lost_digits: sums of K products of square roots, and the balancing scales sqrt(|v|/|w|) (~3 digits)
    num = Agreement("deep.vector_weight_decay", dps=dps, lost_digits=4, route="balanced weight decay, path norm and "
                    "rtv2 against this module's hyperplane grouping, at dps digits")
    with mpmath.workdps(dps):
        for label, net in _vector_instances(rng, examples):
            exact.compare(F(wd(net)), _raw_weight_decay(net), instance=f"weight decay: {label}")
            pn = vector_path_norm(net)
            num.compare(_mp(wd(net.as_mp().balanced())), pn, instance=f"balanced weight decay: {label}")
            num.compare(_mp(net.path_norm()), pn, instance=f"path norm: {label}")
            two, _, _ = norms_2m_m1(net)
            got = _mp(rtv2(net))
            num.compare(got, two, instance=f"rtv2 = ||.||_(2,M): {label}", scale=pn)
            if distinct_hyperplanes(net):
                num.compare(got, pn, instance=f"distinct hyperplanes, rtv2 = path norm: {label}")
            else:
                num.at_least(pn, got, instance=f"merged, rtv2 <= path norm: {label}")
    return _combine(exact, num)


# -- deep.per_output_norm (E1 pitfall) --------------------------------------------------------------------------------
_SINGLE_OUTPUT = [  # equality cases (every merged amplitude has one nonzero output) and a merge that breaks it
    ("disjoint outputs on two hyperplanes", ReLUNetwork([[1, 0], [0, 1]], [0, 1], [[2, 0, 0], [0, -3, 0]])),
    ("a duplicate on the same output", ReLUNetwork([[1, 2], [3, 6]], [1, 3], [[0, 1], [0, 5]])),
    ("antipodes with opposite outputs cancel to one output", ReLUNetwork([[1, 1], [-2, -2]], [1, -2],
                                                                      [[1, 3], [2, -Fraction(3, 2)]])),
    ("a duplicate feeding another output", ReLUNetwork([[1, 2], [3, 6]], [1, 3], [[1, 0], [0, 1]])),
]


@_honest("deep.per_output_norm")
def check_per_output_norm(*, dps: int = 50, examples: int = 20, seed: int = 0,
                          weight_decay_norm: Callable[[ReLUNetwork], Any] | None = None) -> CheckResult:
    r"""Check :math:`\|f\|_{2,M} \le \|f\|_{M,1} \le \sqrt D\,\|f\|_{2,M}` ([SPLN24] Remark 15), with equality on the
    left iff every merged amplitude has at most one nonzero output, and that the norm weight decay induces is
    :math:`\|\cdot\|_{2,M}`.

    Routes: :func:`radontv.deep.per_output_variation_norm` against this module's grouping and against the sum over
    outputs of the scalar :func:`radontv.rtv2` of each output; the gap :math:`\|\cdot\|_{M,1} - \|\cdot\|_{2,M}` of the
    implementation against the exact route's gap (zero exactly when the equality condition, decided in rationals,
    holds); ``weight_decay_norm`` (default :func:`radontv.rtv2`) against the balanced weight decay of networks with
    distinct hyperplanes.  Negative control: ``per_output_variation_norm`` used as weight decay is refuted.
    """
    validate_dps(dps)
    rtv2 = _impl("radontv", "rtv2")
    pon_fn = _impl("radontv.deep", "per_output_variation_norm")
    wd_norm = weight_decay_norm or rtv2
    rng = random.Random(seed)
    exact = Agreement("deep.per_output_norm", dps=None, route="exact rationals: the equality condition")
    # lost_digits: sums of square roots and the difference of two such sums (the gap) (~4 digits)
    num = Agreement("deep.per_output_norm", dps=dps, lost_digits=5, route="per-output norm vs own grouping and vs "
                    "per-output scalar rtv2; weight decay vs the norm, at dps digits")
    with mpmath.workdps(dps):
        for label, net in [*_SINGLE_OUTPUT, *_vector_instances(rng, examples)]:
            two, one, single = norms_2m_m1(net)
            pon, rt = _mp(pon_fn(net)), _mp(rtv2(net))
            num.compare(pon, one, instance=f"||.||_(M,1): {label}", scale=two)
            per_output = mpmath.fsum(_mp(rtv2(ReLUNetwork(net.W, net.b, [r[j] for r in net.V])))
                                     for j in range(net.outputs))
            num.compare(pon, per_output, instance=f"sum of scalar rtv2 per output: {label}", scale=two)
            num.at_least(pon, rt, instance=f"||.||_(2,M) <= ||.||_(M,1): {label}", scale=two)
            num.at_least(mpmath.sqrt(net.outputs) * rt, pon, instance=f"||.||_(M,1) <= sqrt(D) ||.||_(2,M): {label}",
                         scale=two)
            num.compare(pon - rt, one - two, instance=f"gap (zero iff single-output amplitudes): {label}", scale=two)
            if distinct_hyperplanes(net):  # each amplitude is ||w_k|| v_k: the condition can be read on the neurons
                exact.holds(single == all(sum(1 for x in v if x != 0) <= 1 for v in exact_net(net)[2]),
                            instance=f"equality condition read on the neurons: {label}")
                num.compare(_mp(wd_norm(net)), _mp(net.as_mp().balanced().weight_decay()),
                            instance=f"norm = balanced weight decay: {label}")
    return _combine(exact, num)


# -- deep.group_lasso (B7) --------------------------------------------------------------------------------------------
def _l2(v: Sequence[Any]) -> mpmath.mpf:
    return mpmath.sqrt(mpmath.fsum(_mp(x) ** 2 for x in v))


def _min_over_scale(a: mpmath.mpf, b: mpmath.mpf) -> mpmath.mpf:
    r""":math:`\min_{t>0}\tfrac12(a/t + bt)` by root finding on the derivative (bisection-type solver on
    :math:`[\min(1, a/b), \max(1, a/b)]`, which contains the minimiser :math:`\sqrt{a/b}`)."""
    lo, hi = min(mpmath.mpf(1), a / b), max(mpmath.mpf(1), a / b)
    if lo == hi:
        t = lo
    else:
        t = mpmath.findroot(lambda t: b * t * t - a, (lo, hi), solver="illinois")  # the derivative times 2t^2
    return (a / t + b * t) / 2


@_honest("deep.group_lasso")
def check_group_lasso(*, dps: int = 50, examples: int = 20, seed: int = 0,
                      output_norm: Callable[[Sequence[Any]], Any] | None = None) -> CheckResult:
    r"""Check catalog B7 ([SPLN24] eq. (4), (12), (19)): over per-neuron rescalings
    :math:`(v_k, w_k) \to (v_k/\alpha_k, \alpha_k w_k)`, the minimum of weight decay is
    :math:`\sum_k\|v_k\|_2\|w_k\|_2`; with unit input weights it is the multi-task lasso penalty
    :math:`\sum_k\|v_k\|_2`.

    Routes: per neuron, :math:`\min_{t>0}\tfrac12(\|v\|^2/t + t\|w\|^2)` by root finding (no closed form used) against
    ``output_norm(v)`` :math:`\|w\|` (default the Euclidean norm); ``ReLUNetwork.balanced().weight_decay()``; random
    rescalings never below; the network normalised to unit :math:`w_k` (``rescale``), whose balanced weight decay is
    the group-lasso sum of ``output_norms()``.  Negative control: the per-output :math:`\ell_1` norm is refuted.
    """
    validate_dps(dps)
    onorm = output_norm or _l2
    rng = random.Random(seed)
    # lost_digits: the root finder stops within a few ulps, square roots and sums of K terms (~4 digits)
    num = Agreement("deep.group_lasso", dps=dps, lost_digits=5, route="root finding per neuron, balanced() and "
                    "random rescalings, unit input weights, at dps digits")
    with mpmath.workdps(dps):
        for label, net in _vector_instances(rng, examples):
            W, _, V = exact_net(net)
            lasso = mpmath.fsum(_mp(onorm(v)) * _sqrt(_sq(w)) for w, v in zip(W, V, strict=True))
            found = mpmath.fsum(_min_over_scale(_mp(_sq(v)), _mp(_sq(w))) for w, v in zip(W, V, strict=True))
            num.compare(found, lasso, instance=f"min over rescalings (root finding): {label}")
            mp_net = net.as_mp()
            num.compare(_mp(mp_net.balanced().weight_decay()), lasso, instance=f"balanced(): {label}")
            for _ in range(3):
                alpha = [_mp(ex.rational(rng, 1, 30, 7)) for _ in range(net.width)]
                num.at_least(_mp(mp_net.rescale(np.array(alpha, dtype=object)).weight_decay()), lasso,
                             instance=f"random rescaling never below: {label}")
            unit = mp_net.rescale(np.array([1 / _sqrt(_sq(w)) for w in W], dtype=object))
            group = mpmath.fsum(_mp(x) for x in unit.output_norms())
            num.compare(group, mpmath.fsum(_mp(onorm(v)) for v in unit.V), instance=f"output_norms(): {label}")
            num.compare(_mp(unit.balanced().weight_decay()), group,
                        instance=f"unit input weights: weight decay = multi-task lasso: {label}")
    return num.result()


#: a fixed composite R^2 -> R^2 -> R with nonzero skip terms in both layers
_FIXED_COMPOSITE = [
    ReLUNetwork([[1, -1], [2, 1], [0, 1]], [0, 1, -1], [[1, 2], [-1, 0], [3, 1]], [[1, 0], [0, -2]], [1, -1]),
    ReLUNetwork([[1, 1], [-1, 2]], [F(1, 2), 0], [[2], [-1]], [[1], [3]], [2]),
]
#: a widening ReLU layer R -> R^3 (5 neurons) before a layer of 4 neurons: W_2 V_1^T = [I; 1 1 1][I | B] has rank 3
_WIDENING = [
    ReLUNetwork([[1], [2], [-1], [3], [1]], [0, 1, 2, -1, 3],
                [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [0, 1, 1]], [[0, 0, 0]], [0, 0, 0]),
    ReLUNetwork([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 0, 0, 1], [[1, 0], [0, 1], [1, 1], [2, -1]]),
]


# -- deep.composite (E3) ----------------------------------------------------------------------------------------------
@_honest("deep.composite")
def check_composite(*, dps: int = 50, examples: int = 20, seed: int = 0, skip_terms: bool = True) -> CheckResult:
    r"""Check catalog E3 ([SPLN24] Thm 8; [PN22] abstract): the composite of shallow vector layers
    :math:`f^{(L)}\circ\cdots\circ f^{(1)}` (:meth:`DeepReLUNetwork.from_layers`) is exactly the deep ReLU network of
    its :meth:`~DeepReLUNetwork.affine_maps`, exactly in rationals.

    Routes: ``net(X)``; a forward pass written here from each layer's parameters (:math:`V^\top\sigma(Wz - b) +
    C^\top z + c_0`, or :math:`Mz + \text{bias}`); a plain forward pass through ``affine_maps()``; ``split()`` gives
    the layers back; between adjacent ReLU layers the stated matrix is :math:`W_{\ell+1}V_\ell^\top`.  Negative control:
    ``skip_terms=False`` (the composite without its affine skip terms) is refuted.
    """
    validate_dps(dps)
    Deep = _impl("radontv.deep", "DeepReLUNetwork")
    rng = random.Random(seed)
    agree = Agreement("deep.composite", dps=None, route="exact rationals: net(X), a forward pass from the layer "
                      "parameters, and one through affine_maps()")
    for i in range(examples + 1):
        layers = random_deep_layers(rng) if i else _FIXED_COMPOSITE
        net = Deep.from_layers(layers)
        label = f"composite #{i}, dims {net.dims}"
        agree.holds(list(net.split()) == layers and tuple(net.layers) == tuple(layers),
                    instance=f"split() gives the layers back: {label}")
        maps = net.affine_maps()
        X = random_points(rng, net.input_dim)
        values = net(np.array(X, dtype=object))
        for x, got in zip(X, values, strict=True):
            mine = composite_forward(layers, x, skip_terms=skip_terms)
            std = standard_forward(maps, x)
            for j in range(net.output_dim):
                agree.compare(F(got[j]), mine[j], instance=f"net(x) vs forward pass, x = {x}: {label}")
                agree.compare(std[j], mine[j], instance=f"affine_maps forward pass, x = {x}: {label}")
        relu_index = {id(layer): n for n, layer in enumerate(x for x in layers if not is_linear(x))}
        for j, (a, b) in enumerate(itertools.pairwise(layers)):
            if is_linear(a) or is_linear(b):
                continue
            target = relu_index[id(b)] + 1
            A = [[F(x) for x in row] for row in maps[target - 1].matrix]
            agree.holds(A == ex.matmul(exact_net(b)[0], ex.transpose(exact_net(a)[2])),
                        instance=f"hidden-to-hidden matrix W_(l+1) V_l^T after layer {j + 1}: {label}")
    return agree.result()


# -- deep.skip_invariance (E4) ----------------------------------------------------------------------------------------
@_honest("deep.skip_invariance")
def check_skip_invariance(*, dps: int = 50, examples: int = 20, seed: int = 0,
                          seminorm: Callable[[ReLUNetwork], Any] | None = None) -> CheckResult:
    r"""Check catalog E4 ([PN21] Remark 2; D3): adding an affine map :math:`x \mapsto A^\top x + a` to a layer's skip
    term leaves its seminorm (:func:`radontv.rtv2`, i.e. :math:`\|\cdot\|_{2,M}`) unchanged, and the composite's
    weight decay too (skip terms are not regularized): affine functions are the null space, which is why skip
    connections appear.

    Routes: ``seminorm`` (default :func:`radontv.rtv2`) of every ReLU layer before and after, and against this
    module's hyperplane grouping; the changed layer minus the old one is exactly the affine map (evaluated here);
    ``DeepReLUNetwork.weight_decay`` unchanged exactly; the seminorm of a purely affine layer is 0.  Negative
    control: a seminorm that charges the skip term (:math:`\mathrm{rtv2} + \tfrac12\|C\|_F^2`) is refuted.
    """
    validate_dps(dps)
    rtv2 = _impl("radontv", "rtv2")
    Deep = _impl("radontv.deep", "DeepReLUNetwork")
    norm = seminorm or rtv2
    rng = random.Random(seed)
    exact = Agreement("deep.skip_invariance", dps=None, route="exact rationals: differences of layers, weight decay")
    # lost_digits: sums of square roots (~3 digits)
    num = Agreement("deep.skip_invariance", dps=dps, lost_digits=3, route="seminorm before and after, and against "
                    "this module's hyperplane grouping, at dps digits")
    with mpmath.workdps(dps):
        for i in range(examples):
            layers = random_deep_layers(rng)
            net = Deep.from_layers(layers)
            for idx, layer in enumerate(layers):
                if is_linear(layer):
                    continue
                label = f"composite #{i}, layer {idx + 1}"
                d, D = layer.dim, layer.outputs
                A = [[ex.rational(rng) for _ in range(D)] for _ in range(d)]
                a = [ex.rational(rng) for _ in range(D)]
                C = np.asarray(layer.c, dtype=object).reshape(d, D)
                moved = layer.with_affine([[C[r, j] + A[r][j] for j in range(D)] for r in range(d)],
                                          [np.asarray(layer.c0, dtype=object).reshape(D)[j] + a[j] for j in range(D)])
                before, after = _mp(norm(layer)), _mp(norm(moved))
                two, _, _ = norms_2m_m1(layer)
                num.compare(after, before, instance=f"seminorm after adding an affine map: {label}", scale=two)
                num.compare(after, two, instance=f"seminorm vs own grouping: {label}", scale=two)
                for x in random_points(rng, d, 3):
                    diff = [p - q for p, q in zip(layer_forward(moved, x), layer_forward(layer, x), strict=True)]
                    affine = [sum((A[r][j] * x[r] for r in range(d)), start=F(0)) + a[j] for j in range(D)]
                    exact.holds(diff == affine, instance=f"the layers differ by the affine map at x = {x}: {label}")
                changed = Deep.from_layers([moved if k == idx else m for k, m in enumerate(layers)])
                exact.compare(F(changed.weight_decay()), F(net.weight_decay()),
                              instance=f"weight decay unchanged: {label}")
                only_affine = ReLUNetwork(np.empty((0, d), dtype=object), [], np.empty((0, D), dtype=object), A, a)
                num.compare(_mp(norm(only_affine)), 0, instance=f"an affine layer has seminorm 0: {label}", scale=1)
    return _combine(exact, num)


# -- deep.bottleneck_rank (E5) ----------------------------------------------------------------------------------------
@_honest("deep.bottleneck_rank")
def check_bottleneck_rank(*, dps: int = 50, examples: int = 20, seed: int = 0,
                          bound: Callable[[int, int], int] | None = None) -> CheckResult:
    r"""Check catalog E5 (mechanism DERIVED from [PN22]'s abstract): in a composite, the matrix from one hidden ReLU
    layer to the next, :math:`W_{\ell+1}M\cdots V_\ell^\top`, has rank at most the narrowest intermediate dimension
    :math:`d_\ell` on the way, whatever the widths :math:`K_\ell`.

    Routes: ``affine_maps()``'s hidden-to-hidden matrices against the product computed here from the layers, their
    exact rank (Gaussian elimination) against ``bound(d_in, bottleneck)`` (default: the bottleneck; ``d_in`` is the
    input dimension of the earlier ReLU layer), and the stated ``bottleneck`` against the one computed here; generic
    instances attain the bound.  Negative control: ``bound=lambda d_in, d: d_in`` (the layer's input dimension) is
    refuted on a layer that widens, e.g. R -> R^3.
    """
    validate_dps(dps)
    Deep = _impl("radontv.deep", "DeepReLUNetwork")
    limit = bound or (lambda d_in, d: d)
    rng = random.Random(seed)
    agree = Agreement("deep.bottleneck_rank", dps=None, route="exact rationals: products of the layer matrices and "
                      "their rank by Gaussian elimination")
    for i in range(examples + 1):
        if i == 0:  # a widening layer R -> R^3 between wide hidden layers: rank 3 > d_in = 1
            layers = _WIDENING
        else:
            layers = random_deep_layers(rng, dims=[rng.randint(1, 3) for _ in range(rng.randint(3, 4))])
        net = Deep.from_layers(layers)
        maps = net.affine_maps()
        relu_idx = [k for k, layer in enumerate(layers) if not is_linear(layer)]
        for j in range(1, len(relu_idx)):
            first, second = layers[relu_idx[j - 1]], layers[relu_idx[j]]
            label = f"composite #{i} (dims {net.dims}), hidden layers {j} -> {j + 1}"
            P = ex.transpose(exact_net(first)[2])  # d_l x K_l
            narrowest = len(P)
            for layer in layers[relu_idx[j - 1] + 1:relu_idx[j]]:
                P = ex.matmul([[F(x) for x in row] for row in layer.M], P)
                narrowest = min(narrowest, len(P))
            P = ex.matmul(exact_net(second)[0], P)
            A = [[F(x) for x in row] for row in maps[j].matrix]
            agree.holds(A == P, instance=f"stated matrix = W M ... V^T: {label}")
            agree.holds(int(maps[j].bottleneck) == narrowest, instance=f"stated bottleneck {narrowest}: {label}")
            r = ex.rank(P)
            agree.holds(r <= limit(first.dim, narrowest), instance=f"rank {r} <= bound: {label}")
    return agree.result()
