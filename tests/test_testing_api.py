"""Tests of the public testing API (radontv.testing): the strategies produce what they promise, invalid strategy
arguments raise ``InvalidArgument`` (one table), the assertions fail with the tolerance in force and the worst point,
and the profiles are registered as documented."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from radontv import InvalidInput, ReLUNetwork, UnknownClaim
from radontv.testing import assert_claim, assert_same_function, register_profiles, scaled_examples
from radontv.testing.assertions import sample_points
from radontv.testing.strategies import datasets, positive_scales, relu_networks, scalars

TYPES = {"exact": Fraction, "float": float, "mp": mpmath.mpf}


def _pairs(net: ReLUNetwork, sign: int) -> bool:
    """Whether two neurons are positive (sign = 1) or negative (sign = -1) multiples of each other, w != 0."""
    rows = [(np.array(w, dtype=object), b) for w, b, _ in net.as_exact().neurons()]
    for i, (wi, bi) in enumerate(rows):
        if not any(x != 0 for x in wi):
            continue
        k = next(j for j, x in enumerate(wi) if x != 0)
        for j, (wj, bj) in enumerate(rows):
            if j != i and wj[k] != 0:
                a = wj[k] / wi[k]
                if (a > 0) == (sign > 0) and all(wj == a * wi) and bj == a * bi:
                    return True
    return False


# -- strategies produce what they promise -----------------------------------------------------------------------------
@given(net=relu_networks(min_dim=2, max_dim=3, min_width=1, max_width=4, arithmetic="exact", affine=False))
def test_networks_respect_their_bounds(net):
    assert 2 <= net.dim <= 3 and 1 <= net.width <= 4
    assert all(x == 0 for x in net.c) and net.c0 == 0
    assert all(abs(x) <= 8 for x in net.W.flat)


@pytest.mark.parametrize("arithmetic", ["exact", "float", "mp"])
@given(data=st.data())
@settings(max_examples=scaled_examples(0.25))
def test_networks_are_in_the_requested_arithmetic(arithmetic, data):
    net = data.draw(relu_networks(arithmetic=arithmetic, min_width=1))
    assert net.arithmetic == arithmetic
    assert all(isinstance(x, TYPES[arithmetic]) for x in net.v)


@given(net=relu_networks(arithmetic="exact", coincident=True))
@settings(max_examples=scaled_examples(0.5))
def test_coincident_neurons_exist(net):
    assert _pairs(net, +1) or any(not any(x != 0 for x in w) for w, _, _ in net.neurons())  # w = 0 copies of w = 0


@given(net=relu_networks(arithmetic="exact", antipodal=True))
@settings(max_examples=scaled_examples(0.5))
def test_antipodal_neurons_exist(net):
    assert _pairs(net, -1) or any(not any(x != 0 for x in w) for w, _, _ in net.neurons())


@given(net=relu_networks(arithmetic="float", zero_neurons=True))
@settings(max_examples=scaled_examples(0.5))
def test_zero_neurons_exist(net):
    assert any(v == 0 or not np.any(w) for w, _, v in net.neurons())


@given(alpha=positive_scales(min_value=Fraction(1, 4), max_value=4))
def test_positive_scales_are_positive_and_in_range(alpha):
    assert isinstance(alpha, Fraction) and Fraction(1, 4) <= alpha <= 4


@pytest.mark.parametrize("arithmetic", ["float", "mp"])
@given(data=st.data())
@settings(max_examples=scaled_examples(0.25))
def test_positive_scales_in_other_arithmetics(arithmetic, data):
    alpha = data.draw(positive_scales(arithmetic=arithmetic, min_value=Fraction(1, 2), max_value=3))
    assert isinstance(alpha, TYPES[arithmetic]) and Fraction(1, 2) <= Fraction(float(alpha)) <= 3


@given(data=datasets(dim=2, min_size=3, max_size=6))
@settings(max_examples=scaled_examples(0.5))  # unique rows: hypothesis rejects and redraws, ~20 ms per example
def test_datasets_have_distinct_rows_of_the_right_shape(data):
    X, y = data
    assert X.shape[1] == 2 and 3 <= X.shape[0] <= 6 and y.shape == (X.shape[0],)
    assert len({tuple(row) for row in X}) == X.shape[0]


@given(x=scalars(arithmetic="mp", max_magnitude=2))
def test_mp_scalars_are_dyadic_and_bounded(x):
    assert isinstance(x, mpmath.mpf) and abs(x) <= 2
    assert mpmath.mpf(float(x)) == x  # dyadic with a short mantissa: exact at every working precision


@pytest.mark.parametrize("make", [
    lambda: relu_networks(arithmetic="int"),
    lambda: relu_networks(min_dim=0),
    lambda: relu_networks(min_dim=3, max_dim=2),
    lambda: relu_networks(min_width=-1),
    lambda: relu_networks(min_width=4, max_width=2),
    lambda: relu_networks(max_width=0, coincident=True),
    lambda: relu_networks(max_width=0, antipodal=True),
    lambda: relu_networks(max_magnitude=0),
    lambda: positive_scales(min_value=0),
    lambda: positive_scales(min_value=-1),
    lambda: positive_scales(min_value=2, max_value=1),
    lambda: positive_scales(arithmetic="complex"),
    lambda: datasets(dim=0),
    lambda: datasets(min_size=0),
    lambda: datasets(min_size=5, max_size=2),
    lambda: datasets(arithmetic="decimal"),
    lambda: scalars(max_magnitude=0),
    lambda: scalars(max_denominator=0),
    lambda: scalars(arithmetic="int"),
], ids=["arithmetic", "min_dim", "dims", "min_width", "widths", "coincident-no-width", "antipodal-no-width",
        "magnitude", "scale-zero", "scale-negative", "scale-range", "scale-arithmetic", "dim", "min_size", "sizes",
        "data-arithmetic", "scalar-magnitude", "scalar-denominator", "scalar-arithmetic"])
def test_invalid_strategy_arguments_raise(make):
    with pytest.raises(InvalidArgument):
        make()


# -- assertions --------------------------------------------------------------------------------------------------------
NET = ReLUNetwork([[1, 2], [-1, 1]], [0, Fraction(1, 2)], [3, -2])


def test_assert_same_function_passes_on_equal_functions():
    assert_same_function(NET.rescale([2, Fraction(1, 3)]), NET)  # exact
    assert_same_function(NET.as_float(), NET)  # float against exact: float tolerance
    with mpmath.workdps(40):
        assert_same_function(NET.as_mp(), NET, dps=40)


def test_assert_same_function_reports_tolerance_and_worst_point():
    wrong = ReLUNetwork(NET.W, [0, Fraction(1, 3)], NET.v)  # one kink moved
    with pytest.raises(AssertionError) as info:
        assert_same_function(wrong, NET)
    text = str(info.value)
    assert text.startswith("Functions differ (rtol=0, exact equality")
    assert "witness x = (" in text and "|difference| =" in text
    with pytest.raises(AssertionError, match=r"rtol=9\.09495e-13.*arithmetic=float") as info:
        assert_same_function(wrong.as_float(), NET.as_float())
    with pytest.raises(AssertionError, match=r"rtol=1\.0e-25"):
        assert_same_function(wrong.as_mp(), NET, dps=30)
    with pytest.raises(AssertionError, match="custom note"):
        assert_same_function(wrong, NET, err_msg="custom note")


def test_assert_same_function_bad_arguments():
    with pytest.raises(AssertionError, match="shapes differ"):
        assert_same_function(lambda X: np.zeros(2), NET, np.zeros((3, 2), dtype=object))
    with pytest.raises(InvalidInput, match="rtol"):
        assert_same_function(NET, NET, rtol=-1)
    with pytest.raises(InvalidInput, match="dps"):
        assert_same_function(NET, NET, dps=5)


def test_sample_points_straddle_every_kink():
    X = sample_points(NET, n=2)
    assert X.shape == (2 + 2 * NET.width, 2)
    pre = [[w[0] * x[0] + w[1] * x[1] - b for w, b, _ in NET.neurons()] for x in X[2:]]
    assert sorted(p[0] > 0 for p in pre[:2]) == [False, True]  # one point each side of neuron 0's hyperplane


def test_assert_claim():
    assert_claim("rescaling.homogeneity", examples=2)
    with pytest.raises(UnknownClaim, match=r"rescaling\.homogeneity"):
        assert_claim("rescaling.homogenity")


# -- profiles ----------------------------------------------------------------------------------------------------------
def test_profiles_are_registered():
    register_profiles(load=False)
    assert settings.get_profile("default").max_examples >= 200
    assert settings.get_profile("deep").max_examples >= 10_000
    assert settings.get_profile("default").derandomize


@pytest.mark.parametrize("fraction", [0, -0.5, 1.5])
def test_scaled_examples_rejects_bad_fractions(fraction):
    with pytest.raises(InvalidInput, match="fraction"):
        scaled_examples(fraction)


def test_scaled_examples_has_a_floor():
    assert scaled_examples(1e-9) == 20 and scaled_examples(1.0) == settings.default.max_examples


def test_float_comparison_allows_the_rounding_of_cancelling_terms_and_still_sees_a_wrong_amplitude():
    """A kink far from the origin (tiny w, bias 2^-8): the float network cancels terms of size 4e-3 to values of
    size 1e-19 near its kink, so the tolerance scales with the terms (rescaling by 3 passes); sample points sit at a
    fixed fraction of the terms from the kink, so a 10 % wrong amplitude (the negative control) is still seen."""
    W, b = [[1e-09], [1e-09], [-1e-09], [0.0]], [0.00390625, 0.00390625, -0.00390625, 0.0]
    net = ReLUNetwork(W, b, [1.0, 0.0, 0.0, 0.0])
    X = sample_points(net, n=4)
    assert_same_function(net.rescale(np.array([3.0, 1.0, 1.0, 1.0])), net, X)
    with pytest.raises(AssertionError, match="Functions differ"):
        assert_same_function(ReLUNetwork(W, b, [1.1, 0.0, 0.0, 0.0]), net, X)


@pytest.mark.parametrize("returned", [[], [0.0], [[0.0, 0.0]]])
def test_callables_must_return_one_value_per_sample_point(returned):
    """Two callables that return fewer values than the sample has points were compared on part of it, or on none of
    it, and passed; now the assertion fails and says what the batch must give.  Control: one value per point (scalar
    or vector outputs) is compared as before, and a real difference at one point is still reported."""
    X = [[1.0], [2.0], [3.0]]
    with pytest.raises(AssertionError, match=r"for 3 sample point\(s\).*must give n values"):
        assert_same_function(lambda P: returned, lambda P: returned, X)
    assert_same_function(lambda P: [0.0, 0.0, 0.0], lambda P: [0.0, 0.0, 0.0], X)
    assert_same_function(lambda P: [[0.0, 1.0]] * 3, lambda P: [[0.0, 1.0]] * 3, X)
    with pytest.raises(AssertionError, match="Functions differ"):
        assert_same_function(lambda P: [0.0, 0.0, 1.0], lambda P: [0.0, 0.0, 0.0], X)


def test_the_one_value_per_point_message_in_full_for_a_single_point_and_with_err_msg():
    """A single sample point may be given as a scalar (one point, n = 1); the message ends where the text ends, and
    the caller's err_msg follows on its own line."""
    exact = (r"^the callables returned 0 value\(s\) for 1 sample point\(s\) \(shape \(0,\)\): a batch of n points "
             r"must give n values, shape \(n,\) or \(n, D\)")
    with pytest.raises(AssertionError, match=exact + r"\Z"):
        assert_same_function(lambda P: [], lambda P: [], 0.5)
    with pytest.raises(AssertionError, match=exact + r"\nlayer 3 after pruning\Z"):
        assert_same_function(lambda P: [], lambda P: [], 0.5, err_msg="layer 3 after pruning")
    assert_same_function(lambda P: [2.0], lambda P: [2.0], 0.5)  # control: one value for the one point passes
