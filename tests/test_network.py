"""Tests of ``radontv.ReLUNetwork`` itself: evaluation, arithmetic promotion, immutability, equality, repr,
construction, regularizers on known values, and bad input (``InvalidInput`` with a message naming the fix)."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings, target

from radontv import InexactOperation, InvalidInput, ReLUNetwork, Verdict, rtv2
from radontv.evidence import Agreement
from radontv.testing import assert_same_function, scaled_examples
from radontv.testing.assertions import FLOAT_RTOL
from radontv.testing.strategies import relu_networks

# v = 3, w = (1/2, -2, 1), b = 1/3: ||w||^2 = 21/4, path norm 3 sqrt(21)/2 = 6.8738635424...
CATALOG_NEURON = ReLUNetwork([[Fraction(1, 2), -2, 1]], [Fraction(1, 3)], [3])


@pytest.fixture
def net() -> ReLUNetwork:
    return ReLUNetwork([[1, 2], [Fraction(1, 2), -1], [-3, 1]], [0, 1, Fraction(-1, 3)], [2, -1, Fraction(1, 4)],
                       c=[1, 0], c0=Fraction(1, 2))


# -- evaluation --------------------------------------------------------------------------------------------------------
def test_evaluation_shapes(net):
    assert isinstance(net([1, 2]), Fraction)  # one point of shape (d,)
    batch = net([[1, 2], [0, 0], [-1, 5]])
    assert batch.shape == (3,)
    assert batch[0] == net([1, 2])
    uni = ReLUNetwork.univariate([1, -1], [0, 1], [2, 3], slope=1, intercept=Fraction(1, 2))
    assert uni(2) == 2 * 2 + 3 * 0 + 2 + Fraction(1, 2)  # a scalar is one point when d = 1
    assert uni([0, 1, 2]).shape == (3,)  # a flat array is a batch when d = 1
    assert uni([[0], [1]]).shape == (2,)


def test_evaluation_by_hand(net):
    x = [Fraction(1), Fraction(2)]
    expected = (2 * max(0, 1 + 4 - 0) - 1 * max(0, Fraction(1, 2) - 2 - 1)
                + Fraction(1, 4) * max(0, -3 + 2 + Fraction(1, 3)))
    assert net(x) == expected + 1 + Fraction(1, 2)


def test_arithmetic_promotion(net):
    assert net.arithmetic == "exact" and isinstance(net.weight_decay(), Fraction)
    assert isinstance(net([0.5, 1.0]), float | np.floating)  # float input -> float
    with mpmath.workdps(40):
        out = net([mpmath.mpf(1) / 3, 1])
        assert isinstance(out, mpmath.mpf)  # mpf input -> mp
        mp = net.as_mp()
        assert mp.arithmetic == "mp" and isinstance(mp.weight_decay(), mpmath.mpf)
        assert mp([1, 2]) == net([1, 2])
    fl = net.as_float()
    assert fl.arithmetic == "float" and fl.W.dtype == np.float64
    assert ReLUNetwork([[1.5]], [0], [1]).arithmetic == "float"
    assert ReLUNetwork([[mpmath.mpf(1)]], [0.5], [1]).arithmetic == "mp"  # exact < float < mp


def test_as_exact_round_trip_is_exact():
    fl = ReLUNetwork([[0.1, -2.5]], [0.3], [1e-3], c=[0.25, 0], c0=-1.0)
    ex = fl.as_exact()
    assert ex.arithmetic == "exact" and ex.W[0, 0] == Fraction(0.1)  # the binary value, exactly
    assert ex.as_float() == fl


def _cancellation(net: ReLUNetwork) -> float:
    """Digits cancelled between the neurons: ``-log10(R-TV² / path norm)`` (0 <= it; 17, the float digits and more,
    when the neurons cancel exactly; 0 without neurons).  The path norm sums every neuron's |v| ||w||, R-TV² what is
    left after merging on each hyperplane ([PN21] Lemma 25; docs/conventions.md), so the ratio is small when large
    terms nearly cancel, the near-degenerate case of float and mp comparisons; given to ``hypothesis.target``."""
    path = float(sympy.N(net.path_norm(), 30))
    if path == 0:
        return 0.0
    left = float(sympy.N(rtv2(net), 30))
    return 17.0 if left == 0 else min(17.0, -math.log10(left / path))


def test_cancellation_measures_what_cancels():
    # by hand: amplitudes 1 and -(1 - e) on one hyperplane leave e of a path norm 2 - e (and nothing when e = 0)
    for k in (1, 4, 9):
        e = Fraction(1, 10**k)
        net = ReLUNetwork([[1, 0], [2, 0]], [1, 2], [1, -(1 - e) / 2])
        assert _cancellation(net) == pytest.approx(-math.log10(e / (2 - e)), rel=1e-12)
    assert _cancellation(ReLUNetwork([[1, 0], [2, 0]], [1, 2], [1, Fraction(-1, 2)])) == 17.0
    assert _cancellation(ReLUNetwork([[1, 0], [0, 1]], [1, 2], [1, -1])) == 0.0  # two hyperplanes: nothing cancels


@given(net=relu_networks(arithmetic="exact", coincident=True, antipodal=True, zero_neurons=True))
@settings(max_examples=scaled_examples(0.25))
def test_the_three_arithmetics_agree(net):
    target(_cancellation(net), label="neurons that nearly cancel")
    assert_same_function(net.as_float(), net)
    with mpmath.workdps(50):
        assert_same_function(net.as_mp(), net, dps=50)


# -- regularizers on known values --------------------------------------------------------------------------------------
def test_weight_decay_and_path_norm_of_the_catalog_neuron():
    assert CATALOG_NEURON.weight_decay() == Fraction(1, 2) * (9 + Fraction(21, 4))  # biases are not regularized
    assert sympy.simplify(CATALOG_NEURON.path_norm() - 3 * sympy.sqrt(21) / 2) == 0
    with mpmath.workdps(30):
        assert mpmath.nstr(CATALOG_NEURON.as_mp().path_norm(), 10) == "6.873863542"
    assert math.isclose(CATALOG_NEURON.as_float().path_norm(), 3 * math.sqrt(21) / 2, rel_tol=FLOAT_RTOL)


def test_bias_and_skip_term_do_not_enter_weight_decay(net):
    other = ReLUNetwork(net.W, [5, 6, 7], net.v, c=[9, 9], c0=100)
    assert other.weight_decay() == net.weight_decay()


def test_balancing(net):
    with pytest.raises(InexactOperation, match="as_mp"):
        net.balanced()
    agree = Agreement("rescaling.balance", dps=50, lost_digits=2)  # a square root and a division per neuron
    with mpmath.workdps(50):
        balanced = net.as_mp().balanced()
        for k, (_, _, v) in enumerate(balanced.neurons()):
            agree.compare(abs(v), balanced.neuron_norms()[k])
    assert agree.result().verdict is Verdict.CONSISTENT
    half_dead = ReLUNetwork([[0.0], [1.0]], [0, 0], [2.0, 0.0])  # w = 0, then v = 0: nothing to balance
    assert np.all(half_dead.balancing_scales() == 1.0)


# -- immutability, equality, repr --------------------------------------------------------------------------------------
def test_immutable(net):
    with pytest.raises(ValueError, match="read-only"):
        net.W[0, 0] = 5
    with pytest.raises(ValueError, match="read-only"):
        net.v[0] = 5
    with pytest.raises(AttributeError):
        net.W = np.zeros((3, 2))  # type: ignore[misc]
    with pytest.raises(AttributeError):
        net.extra = 1  # type: ignore[attr-defined]
    W = np.array([[1, 2]], dtype=object)
    owned = ReLUNetwork(W, [0], [1])
    W[0, 0] = 99  # the caller's array is copied, not shared
    assert owned.W[0, 0] == 1


def test_equality_and_hash(net):
    same = ReLUNetwork([[1, 2], [Fraction(1, 2), -1], [-3, 1]], [0, 1, Fraction(-1, 3)], [2, -1, Fraction(1, 4)],
                       c=[1, 0], c0=Fraction(1, 2))
    assert net == same and hash(net) == hash(same)
    assert len({net, same}) == 1
    assert net != net.with_affine(c0=0)
    assert net != net.rescale(2)  # equality of parameters, not of functions
    assert net.__eq__("net") is NotImplemented


def test_repr(net):
    text = repr(net)
    assert text.startswith("ReLUNetwork(W=[[1, 2], [1/2, -1], [-3, 1]]") and "arithmetic='exact'" in text
    wide = ReLUNetwork([[k] for k in range(10)], [0] * 10, [1] * 10)
    assert "(4 more)" in repr(wide)
    assert "arithmetic='float'" in repr(net.as_float())


# -- construction ------------------------------------------------------------------------------------------------------
def test_slicing(net):
    assert net[0].width == 1 and net[0].W[0].tolist() == [1, 2]
    assert net[1:].width == 2 and net[1:].v.tolist() == [-1, Fraction(1, 4)]
    assert net[[0, 2]].b.tolist() == [0, Fraction(-1, 3)]
    assert net[np.array([True, False, True])] == net[[0, 2]]
    assert net[0].c.tolist() == net.c.tolist() and net[0].c0 == net.c0  # the skip term is kept
    assert net[:0].width == 0 and net[:0]([1, 1]) == net.c0 + 1


def test_with_neurons_and_arithmetic_operations(net):
    more = net.with_neurons([[0, 1]], [2], [5])
    assert more.width == 4 and more[:3] == net
    X = np.array([[1, 2], [-1, 3], [0, 0]], dtype=object)
    assert list((net + more)(X)) == [a + b for a, b in zip(net(X), more(X), strict=True)]
    assert list((net - net)(X)) == [0, 0, 0]
    assert list((-net)(X)) == [-a for a in net(X)]
    with pytest.raises(InvalidInput, match="columns"):
        net.with_neurons([[1, 2, 3]], [0], [1])
    with pytest.raises(InvalidInput, match="dimensions"):
        net + ReLUNetwork([[1]], [0], [1])


def test_rescale_scalar_and_per_neuron(net):
    assert net.rescale(2) == net.rescale([2, 2, 2])
    r = net.rescale([1, Fraction(1, 2), 3])
    assert r.W[2].tolist() == [-9, 3] and r.b[2] == -1 and r.v[2] == Fraction(1, 12)
    assert r.c.tolist() == net.c.tolist()


# -- bad input ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("make, match", [
    (lambda: ReLUNetwork([[1, float("nan")]], [0], [1]), "non-finite"),
    (lambda: ReLUNetwork([[1, 2]], [float("inf")], [1]), "non-finite"),
    (lambda: ReLUNetwork([[1, 2]], [0], [mpmath.inf]), "non-finite"),
    (lambda: ReLUNetwork([[1, 2], [3]], [0, 0], [1, 1]), "ragged"),
    (lambda: ReLUNetwork([1, 2], [0, 0], [1, 1]), r"shape \(K, d\)"),
    (lambda: ReLUNetwork([[1, 2]], [0, 0], [1]), r"b must have shape \(1,\)"),
    (lambda: ReLUNetwork([[1, 2]], [0], [1, 2]), r"v must have shape \(1,\)"),
    (lambda: ReLUNetwork([[1, 2]], [0], [1], c=[1]), r"c must have shape \(2,\)"),
    (lambda: ReLUNetwork([[1, 2]], [0], [1], c0=[1, 2]), "c0 must be a scalar"),
    (lambda: ReLUNetwork([[True]], [0], [1]), "boolean"),
    (lambda: ReLUNetwork([["1"]], [0], [1]), "type str"),
], ids=["nan-in-W", "inf-in-b", "mp-inf-in-v", "ragged-W", "flat-W", "short-b", "long-v", "short-c", "vector-c0",
        "bool", "string"])
def test_bad_construction(make, match):
    with pytest.raises(InvalidInput, match=match):
        make()


@pytest.mark.parametrize("alpha, match", [
    (0, "positive"), (-1, "positive"), ([1, -2, 1], r"alpha\[1\]"), ([1, 2], r"shape \(3,\)"),
    (float("nan"), "non-finite"),
])
def test_bad_scales(net, alpha, match):
    with pytest.raises(InvalidInput, match=match):
        net.rescale(alpha)


@pytest.mark.parametrize("X, match", [
    ([1, 2, 3], r"input dimension d = 2"),
    (1, "scalar"),
    ([[1, 2, 3]], r"\(n, 2\)"),
    ([[1, float("nan")]], "non-finite"),
])
def test_bad_points(net, X, match):
    with pytest.raises(InvalidInput, match=match):
        net(X)


def test_numpy_arrays_are_checked_in_one_pass_and_copied():
    rng = np.random.default_rng(0)
    W, b, v = rng.standard_normal((50, 3)), rng.standard_normal(50), rng.standard_normal(50)
    net = ReLUNetwork(W, b, v)
    assert net.arithmetic == "float"
    W[0, 0] = 123.0  # the caller's array is copied, not shared
    assert net.W[0, 0] != 123.0
    W[3, 1] = np.inf
    with pytest.raises(InvalidInput, match="W contains the non-finite value inf"):
        ReLUNetwork(W, b, v)
    assert ReLUNetwork(np.array([[1, 2]]), np.array([0]), np.array([3])).arithmetic == "exact"  # integer arrays
    assert ReLUNetwork(np.ones((1, 2), dtype=np.float32), [0], [1]).W.dtype == np.float64
    with pytest.raises(InvalidInput, match="boolean"):
        ReLUNetwork(np.ones((1, 2), dtype=bool), [0], [1])


def test_invalid_input_is_a_value_error():
    assert issubclass(InvalidInput, ValueError)


def test_float_overflow_is_an_invalid_input_even_with_warnings_as_errors():
    """Rescaling or adding float networks past 1.8e308 is refused with InvalidInput (the constructor names the
    parameter), not a numpy RuntimeWarning first (which ``-W error`` turns into the wrong exception); an integer or
    Fraction point beyond the float range is InvalidInput naming X, not a bare OverflowError.  Controls: the same
    operations within range, and the exact network evaluating the huge point exactly."""
    import warnings

    big = ReLUNetwork([[1e300]], [0.0], [1.0])
    skip = ReLUNetwork([[1.0]], [0.0], [1.0], [1e308])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InvalidInput, match="W contains the non-finite value"):
            big.rescale(1e10)
        with pytest.raises(InvalidInput, match="c contains the non-finite value"):
            skip + skip
        with pytest.raises(InvalidInput, match="X has an entry too large for float"):
            big([10**400])
        with pytest.raises(InvalidInput, match="X has an entry too large for float"):
            big([Fraction(10**400, 3)])
        assert big.rescale(2.0).W[0, 0] == 2e300
        assert (skip - skip).c[0] == 0.0
    exact = ReLUNetwork([[1]], [0], [1])
    assert exact([10**400]) == 10**400
