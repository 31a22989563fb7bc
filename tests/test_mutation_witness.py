"""Witnesses of inexact networks: tests that close gaps found by mutation testing of radontv/same_function.py.

Issue 9; the mutants each test kills are listed in tests/mutation-equivalents.md.  Each difference asserted here is
computed by an independent route: the float/mp networks converted to exact rationals and evaluated exactly.
"""

from __future__ import annotations

import re
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from radontv import InvalidInput, ReLUNetwork
from radontv.catalog import get
from radontv.same_function import same_function, witness_from_form, witness_inexact
from radontv.testing import assert_claim, assert_same_function
from radontv.testing.assertions import sample_points


def _exact_gap(f: ReLUNetwork, g: ReLUNetwork, x: np.ndarray) -> Fraction:
    """|f(x) - g(x)| with the networks and the point taken as the rationals they are."""
    xe = np.array([_rational(p) for p in np.atleast_1d(x)], dtype=object).reshape(1, -1)
    return abs(f.as_exact()(xe)[0] - g.as_exact()(xe)[0])


def _rational(p) -> Fraction:
    """The rational value of a float or an mpf (independent of radontv.scalars)."""
    if isinstance(p, mpmath.mpf):
        man, exp = p.man_exp
        return Fraction(man) * Fraction(2) ** exp if exp >= 0 else Fraction(man, 2**-exp)
    return Fraction(float(p))


def _pair(rel: float) -> tuple[ReLUNetwork, ReLUNetwork]:
    """Two float networks on R^2 whose output weights on one hyperplane differ by the relative amount ``rel``."""
    W = [[1.0, 2.0], [-3.0, 0.5], [0.25, -1.0]]
    b = [0.5, -1.0, 2.0]
    f = ReLUNetwork(W, b, [1.5, -2.0, 0.75])
    g = ReLUNetwork(W, b, [1.5 * (1 + rel), -2.0, 0.75])
    return f, g


def test_witness_inexact_uses_the_given_rtol():
    """A relative difference of 2^-30 is a difference at the default float tolerance (2^-40) and none at 1e-6."""
    f, g = _pair(2.0**-30)
    assert witness_inexact(f, g, rtol=1e-6) is None
    x = witness_inexact(f, g)
    assert x is not None and _exact_gap(f, g, x) > 0
    # negative control: the same assertion rejects a pair that is equal at the default tolerance
    f2, g2 = _pair(2.0**-52)
    assert witness_inexact(f2, g2) is None


def test_witness_default_seed_is_zero():
    f, g = _pair(0.5)
    assert np.array_equal(witness_inexact(f, g), witness_inexact(f, g, seed=0))
    equal, form = same_function(f, g)
    assert not equal
    assert np.array_equal(witness_from_form(f, g, form), witness_from_form(f, g, form, seed=0))


def test_witness_inexact_follows_its_seed():
    """The witness is a seeded random point: reproducible for one seed, another point for another seed."""
    f, g = _pair(0.5)
    x0, x0_again, x1 = witness_inexact(f, g, seed=0), witness_inexact(f, g, seed=0), witness_inexact(f, g, seed=1)
    assert np.array_equal(x0, x0_again)
    assert not np.array_equal(x0, x1)  # negative control of the first assertion: seeds are not ignored
    assert _exact_gap(f, g, x0) > 0 and _exact_gap(f, g, x1) > 0


@pytest.mark.parametrize("kind", ["float", "mp"])
def test_witness_inexact_is_a_point_in_the_networks_arithmetic(kind):
    """Float networks give a float64 array, mp networks an object array of mpf (not Python floats)."""
    f, g = _pair(0.5)
    if kind == "mp":
        f, g = f.as_mp(), g.as_mp()
    x = witness_inexact(f, g)
    if kind == "float":
        assert isinstance(x, np.ndarray) and x.dtype == np.float64
    else:
        assert x.dtype == object and all(isinstance(p, mpmath.mpf) for p in x)
    assert _exact_gap(f, g, x) > 0


@given(seed=st.integers(0, 2**16), scale=st.sampled_from([1e-8, 1.0, 1e8]))
def test_inexact_witness_difference_is_visible_next_to_a_large_common_neuron(seed, scale):
    r"""f and g share a large neuron 1e6 relu(x) and differ by 1e-3 relu(x - 1) near x = 1: the witness is a point
    where the difference (exact) is large next to the rounding of the terms evaluated there, i.e. beyond
    :math:`16\tau` times the terms' size, not merely nonzero.  Scaled in x and y by ``scale``."""
    f = ReLUNetwork([[1.0], [1.0]], [0.0, scale], [1e6 * scale, 1.0 * scale])
    g = ReLUNetwork([[1.0], [1.0]], [0.0, scale], [1e6 * scale, (1.0 + 1e-3) * scale])
    x = witness_inexact(f, g, seed=seed)
    xe = _rational(x[0])
    size = sum(
        abs(Fraction(v)) * (abs(Fraction(w) * xe) + abs(Fraction(b)))
        for net in (f, g)
        for w, b, v in zip(net.W[:, 0], net.b, net.v, strict=True)
    )
    gap = _exact_gap(f, g, x)
    assert gap > 16 * Fraction(2.0**-40) * size


def _size(nets: tuple[ReLUNetwork, ...], x: Fraction) -> Fraction:
    """Sum over both networks of |v_k| (|w_k x| + |b_k|): the size of the terms an evaluation at x rounds (d = 1)."""
    return sum(
        abs(Fraction(v)) * (abs(Fraction(w) * x) + abs(Fraction(b)))
        for net in nets
        for w, b, v in zip(net.W[:, 0], net.b, net.v, strict=True)
    )


@pytest.mark.parametrize(("a_far", "a_near", "rtol"), [(1e-3, 1e-5, None), (1e3, 1.0, 1e-6)])
def test_witness_prefers_a_point_beyond_the_tolerance_over_the_first_nonzero_difference(a_far, a_near, rtol):
    r"""f = g + a_far relu(x - 1000) + a_near relu(x - 1/1024) next to a common 1e6 relu(x).  The first candidate,
    x = 1000 on the larger hyperplane, already differs (by a_near * (1000 - 1/1024)) but by less than 16 tau times
    the terms there; a later candidate differs by more, and the witness must be such a point (the docstring's
    "beyond the tolerance"), not merely the first nonzero difference (negative control: x = 1000 fails it)."""
    g = ReLUNetwork([[1.0]], [0.0], [1e6])
    f = ReLUNetwork([[1.0], [1.0], [1.0]], [0.0, 1000.0, 2.0**-10], [1e6, a_far, a_near])
    tau = Fraction(rtol if rtol is not None else 2.0**-40)
    x = witness_inexact(f, g, rtol=rtol)
    xe = _rational(x[0])
    assert _exact_gap(f, g, x) > 16 * tau * _size((f, g), xe)
    first = np.array([1000.0])
    assert 0 < _exact_gap(f, g, first) <= 16 * tau * _size((f, g), Fraction(1000))


# -- radontv.testing.assertions (mutants of the sample law and of assert_claim) ---------------------------------------
def test_sample_comparison_of_float_networks_allows_the_rounding_of_their_terms():
    """0.1 x + 0.2 x - 0.3 x in float is about 5.6e-17 x, not 0: against the zero network the values differ only by
    the rounding of terms of size 0.6 |x|, which the sample law allows (its scale is the terms', not the values');
    a real difference of 1e-6 x is still seen (negative control)."""
    W = [[1.0], [1.0], [1.0]]
    f = ReLUNetwork(W, [0.0, 0.0, 0.0], [0.1, 0.2, -0.3])
    zero = ReLUNetwork(W, [0.0, 0.0, 0.0], [0.0, 0.0, 0.0])
    X = np.array([[1.0], [2.0], [3.0]])
    assert f(X)[0] != 0.0  # the premise: float evaluation does not cancel exactly
    assert_same_function(f, zero, X)
    with pytest.raises(AssertionError, match="Functions differ"):
        assert_same_function(ReLUNetwork(W, [0.0, 0.0, 0.0], [0.1, 0.2, -0.3 + 1e-6]), zero, X)


def test_assert_claim_of_a_claim_without_derivation_runs_its_check_only():
    claim = get("rescaling.secret_sparsity")
    assert claim.derivation is None
    assert_claim("rescaling.secret_sparsity", examples=2)


def test_sample_points_grid_and_kink_pairs_are_as_documented():
    """The random part is n points with coordinates k/8, |k| <= 64 (both ends and both signs reached for a large
    n); then, for every neuron with w != 0 (a zero neuron first must not stop the loop), two points at
    pre-activation exactly +-(|b| + max|w_i|)/64.  Negative control: the pair of a wrong delta is not found."""
    grid = sample_points(lambda x: x, n=3000, seed=0)
    ks = {p * 8 for p in grid.reshape(-1)}
    assert all(k.denominator == 1 for k in ks) and min(ks) == -64 and max(ks) == 64
    net = ReLUNetwork([[0, 0], [2, -1], [Fraction(1, 3), 5]], [1, 3, -2], [1, 1, 1])
    X = sample_points(net, n=0)
    pre = {
        (k, (Fraction(w[0]) * x[0] + Fraction(w[1]) * x[1]) - Fraction(b))
        for x in X
        for k, (w, b) in enumerate([([2, -1], 3), ([Fraction(1, 3), 5], -2)])
    }
    for k, (w, b) in enumerate([([2, -1], 3), ([Fraction(1, 3), 5], -2)]):
        delta = (abs(Fraction(b)) + max(abs(Fraction(a)) for a in w)) / 64
        assert (k, delta) in pre and (k, -delta) in pre
        assert (k, 64 * 64 * delta) not in pre  # the pair of delta * 64 instead of delta / 64
    assert len(X) == 4


def _kink_net() -> ReLUNetwork:
    return ReLUNetwork([[1]], [Fraction(1, 3)], [1])


def _wrong_near_the_kink(X):
    """relu(x - 1/3) except within 1/40 of the kink, where it is 1 more: the grid k/8 never comes that close (3/8 is
    1/24 away), the kink pair at +-(1/3 + 1)/64 = +-1/48 does."""
    X = np.asarray(X, dtype=object).reshape(-1)
    return np.array(
        [max(x - Fraction(1, 3), 0) + (1 if abs(x - Fraction(1, 3)) < Fraction(1, 40) else 0) for x in X], dtype=object
    )


def test_a_callable_against_a_network_is_sampled_at_the_networks_kinks_either_way_round():
    net = _kink_net()
    assert_same_function(lambda X: net(np.asarray(X, dtype=object).reshape(-1, 1)), net)
    with pytest.raises(AssertionError, match="Functions differ"):
        assert_same_function(_wrong_near_the_kink, net)
    with pytest.raises(AssertionError, match="Functions differ"):
        assert_same_function(net, _wrong_near_the_kink)
    # negative control: on the grid alone (no kink pair) the wrong function passes
    assert_same_function(_wrong_near_the_kink, net, sample_points(lambda x: x))


def test_callables_returning_python_ints_are_compared_exactly():
    """Values given as Python ints are exact: a difference of 1 in 2^60 is seen (negative control: equal ints pass)."""
    X = sample_points(lambda x: x, n=4)
    assert_same_function(lambda X: [2**60 for _ in X], lambda X: [2**60 for _ in X], X)
    with pytest.raises(AssertionError, match="Functions differ"):
        assert_same_function(lambda X: [2**60 + 1 for _ in X], lambda X: [2**60 for _ in X], X)


_X4 = sample_points(lambda x: x, n=4)


def test_sample_law_default_tolerance_per_arithmetic():
    """Default rtol on a sample: exact values exactly (a difference of 10^-30 is seen), mp values at the working
    precision less 5 digits (10^-20 relative is seen at 30 digits), float values at 2^-40 (10^-11 relative is seen).
    Each with a negative control: the same comparison passes for equal values, or for a difference below the law."""
    one = [Fraction(1)] * len(_X4)
    assert_same_function(lambda X: one, lambda X: one, _X4)
    with pytest.raises(AssertionError, match="Functions differ"):
        assert_same_function(lambda X: [Fraction(1) + Fraction(1, 10**30)] * len(X), lambda X: one, _X4)
    with mpmath.workdps(30):
        mp1 = [mpmath.mpf(1)] * len(_X4)
        assert_same_function(lambda X: [mpmath.mpf(1) + mpmath.mpf(10) ** -28] * len(X), lambda X: mp1, _X4)
        with pytest.raises(AssertionError, match="Functions differ"):
            assert_same_function(lambda X: [mpmath.mpf(1) + mpmath.mpf(10) ** -20] * len(X), lambda X: mp1, _X4)
    assert_same_function(lambda X: [1.0 + 2.0**-45] * len(X), lambda X: [1.0] * len(X), _X4)
    with pytest.raises(AssertionError, match="Functions differ"):
        assert_same_function(lambda X: [1.0 + 1e-11] * len(X), lambda X: [1.0] * len(X), _X4)


@pytest.mark.parametrize("which", ["actual", "desired"])
def test_non_numeric_values_are_named_by_the_argument_that_returned_them(which):
    good, bad = (lambda X: [1.0] * len(X)), (lambda X: ["one"] * len(X))
    actual, desired = (bad, good) if which == "actual" else (good, bad)
    with pytest.raises(InvalidInput, match=rf"^{which}\(X\)"):
        assert_same_function(actual, desired, _X4)


def test_exact_values_against_float_values_are_compared_as_numbers():
    """Fractions from one side, floats from the other: compared in float's law, Fraction(1, 3) equals 1/3 to
    rounding and Fraction(1, 2) does not (negative control)."""
    floats = lambda X: [1 / 3] * len(X)  # noqa: E731
    assert_same_function(lambda X: [Fraction(1, 3)] * len(X), floats, _X4)
    assert_same_function(floats, lambda X: [Fraction(1, 3)] * len(X), _X4)
    with pytest.raises(AssertionError, match="Functions differ"):
        assert_same_function(lambda X: [Fraction(1, 2)] * len(X), floats, _X4)


def test_an_empty_sample_is_refused():
    """An assertion on no points would pass anything (it did: two different constants passed on an empty X)."""
    with pytest.raises(InvalidInput, match="empty sample"):
        assert_same_function(lambda X: [1.0] * len(X), lambda X: [2.0] * len(X), np.empty((0, 1), dtype=object))
    assert_same_function(lambda X: [1.0] * len(X), lambda X: [1.0] * len(X), np.zeros((1, 1)))  # control: one point


def test_float_sample_law_scale_is_the_largest_desired_value():
    """Callables (no terms known): |a - d| <= rtol (|d| + max |d| over the sample); at a point where d = 0 a
    difference of 1e-14 passes next to values of size 1, and a difference of 1e-6 does not (negative control)."""
    X = np.array([[0.0], [1.0]])
    desired = lambda X: [0.0, 1.0]  # noqa: E731
    assert_same_function(lambda X: [1e-14, 1.0], desired, X)
    with pytest.raises(AssertionError, match="Functions differ"):
        assert_same_function(lambda X: [1e-6, 1.0], desired, X)


@pytest.mark.parametrize("network_first", [True, False])
def test_sample_law_counts_the_terms_of_a_network_on_either_side(network_first):
    """The 0.1x + 0.2x - 0.3x network against a callable that returns exact zeros, in both orders."""
    f = ReLUNetwork([[1.0], [1.0], [1.0]], [0.0, 0.0, 0.0], [0.1, 0.2, -0.3])
    zero = lambda X: [0.0] * len(X)  # noqa: E731
    X = np.array([[1.0], [2.0], [3.0]])
    assert_same_function(*((f, zero) if network_first else (zero, f)), X)


def test_deep_networks_without_a_sample_are_compared_on_points_of_their_input_dimension():
    from radontv.deep import DeepReLUNetwork

    first = ReLUNetwork([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1]])
    net = DeepReLUNetwork.from_layers([first, ReLUNetwork([[1, 1]], [0], [1])])
    other = DeepReLUNetwork.from_layers([first, ReLUNetwork([[1, 1]], [1], [1])])
    assert sample_points(net).shape[1] == 2
    assert_same_function(net, net)
    with pytest.raises(AssertionError, match="differ"):  # negative control: a shifted bias is seen
        assert_same_function(other, net)


def test_the_worst_point_is_the_one_that_exceeds_its_bound_most():
    """rtol = 1/10, desired (0, 10): bounds 1 and 2.  Errors 1.5 (excess 0.5) and 2.4 (excess 0.4, but the larger
    error): the message names x = 0, the largest excess (negative control: the larger error is at x = 1)."""
    X = np.array([[0.0], [1.0]])
    with pytest.raises(AssertionError, match=r"worst point x = \(0\.0\)"):
        assert_same_function(lambda X: [1.5, 12.4], lambda X: [0.0, 10.0], X, rtol=0.1)
    with pytest.raises(AssertionError, match=r"worst point x = \(1\.0\)"):
        assert_same_function(lambda X: [1.5, 13.0], lambda X: [0.0, 10.0], X, rtol=0.1)


def test_sample_failure_messages_state_the_law_the_point_and_the_values():
    """The whole first two lines of the message, exact and float (rtol = 1/3 and the float scale max|desired| = 10/3
    printed to 6 significant digits).  Negative control: a passing comparison raises nothing."""
    X = np.array([[Fraction(1, 2)], [Fraction(3, 2)]], dtype=object)
    with pytest.raises(AssertionError) as exact:
        assert_same_function(lambda X: [Fraction(0), Fraction(1, 3)], lambda X: [Fraction(0), Fraction(0)], X)
    assert str(exact.value).splitlines()[:2] == [
        "Functions differ (rtol=0, exact equality, arithmetic=exact)",
        "worst point x = (3/2): actual 1/3, desired 0, |difference| = 1/3",
    ]
    Xf = np.array([[0.0], [1.0]])
    with pytest.raises(AssertionError) as inexact:
        assert_same_function(lambda X: [1.5, 10 / 3], lambda X: [0.0, 10 / 3], Xf, rtol=1 / 3)
    assert str(inexact.value).splitlines()[:2] == [
        "Functions differ (rtol=0.333333, |actual - desired| <= rtol*(|desired| + 3.33333), arithmetic=float)",
        "worst point x = (0.0): actual 1.5, desired 0.0, |difference| = 1.5",
    ]
    with pytest.raises(AssertionError, match=r"\|difference\| = 1\.64286$"):  # 6 digits of 1.5 + 1/7
        assert_same_function(lambda X: [1.5 + 1 / 7, 10 / 3], lambda X: [0.0, 10 / 3], Xf, rtol=1 / 3)
    assert_same_function(lambda X: [0.2, 10 / 3], lambda X: [0.0, 10 / 3], Xf, rtol=0.1)


def test_failure_message_of_a_2d_point_without_trailing_newline():
    X = np.array([[0.5, -1.0], [1.0, 2.0]])
    with pytest.raises(AssertionError) as failure:
        assert_same_function(lambda X: [0.0, 1.0], lambda X: [0.0, 0.0], X)
    text = str(failure.value)
    assert "worst point x = (1.0, 2.0): actual 1.0, desired 0.0" in text
    assert text == text.strip()  # no empty err_msg line left over
    with pytest.raises(AssertionError, match=r"the caller's message$"):  # control: err_msg ends the message
        assert_same_function(lambda X: [0.0, 1.0], lambda X: [0.0, 0.0], X, err_msg="the caller's message")


# -- radontv.canonical_form (mutants of network(), sinogram(), __str__, witness) -----------------------------------
_TWO = ReLUNetwork([[1, 0], [1, -1]], [Fraction(1, 3), 1], [Fraction(1, 3), 2])


@pytest.mark.parametrize("kind", ["exact", "mp", "float"])
def test_canonical_network_keeps_the_arithmetic_also_without_hyperplanes(kind):
    from radontv import canonical

    convert = {"exact": lambda n: n, "mp": lambda n: n.as_mp(), "float": lambda n: n.as_float()}[kind]
    affine = convert(ReLUNetwork([[1, 0], [-1, 0]], [0, 0], [1, -1], c=[Fraction(1, 3), 2], c0=5))  # relu(z)-relu(-z)
    for net in (affine, convert(_TWO)):
        merged = canonical(net).network()
        assert merged.arithmetic == kind
        assert_same_function(merged, net)
    if kind == "exact":
        assert canonical(affine).network().W.shape == (0, 2)
        assert all(isinstance(x, Fraction) for x in canonical(_TWO).network().W.flat)


def test_sinogram_angles_are_in_zero_to_pi_with_the_offset_turned_with_the_normal():
    """u = (1, 0) is theta = 0 with t = 1/3 as given; u = (1, -1)/sqrt 2 (theta = -pi/4) wraps to 3pi/4 with the
    offset negated (negative control: the unwrapped atom is not in the list)."""
    from radontv import canonical

    atoms = sorted(canonical(_TWO).sinogram())
    (t0, b0, a0), (t1, b1, a1) = atoms
    assert (t0, b0) == (0.0, pytest.approx(1 / 3, rel=1e-15)) and a0 == pytest.approx(1 / 3, rel=1e-15)
    assert t1 == pytest.approx(3 * np.pi / 4, rel=1e-15) and b1 == pytest.approx(-(2**-0.5), rel=1e-15)
    assert a1 == pytest.approx(2 * 2**0.5, rel=1e-15)
    assert all(0 <= t < np.pi for t, _, _ in atoms)


def test_str_of_an_mp_form_prints_ten_significant_digits():
    from radontv import canonical

    text = str(canonical(_TWO.as_mp()))
    assert "A = 0.3333333333  on  u = (1.0, 0.0), t = 0.3333333333" in text
    assert "0.33333333333" not in text  # negative control: not eleven


def test_witness_arguments_are_checked_and_passed_on():
    from radontv import witness

    f, g = _pair(2.0**-30)
    with pytest.raises(InvalidInput, match=r"^f must be a radontv\.ReLUNetwork, got str"):
        witness("f", g)
    with pytest.raises(InvalidInput, match=r"^g must be a radontv\.ReLUNetwork, got int"):
        witness(f, 3)
    with pytest.raises(InvalidInput, match="input dimensions 2 and 1"):
        witness(f, ReLUNetwork([[1.0]], [0.0], [1.0]))
    assert witness(f, g, rtol=1e-6) is None and witness(f, g) is not None
    assert not np.array_equal(witness(f, g, seed=0), witness(f, g, seed=1))
    assert np.array_equal(witness(f, g, seed=1), witness(f, g, seed=1))
    assert np.array_equal(witness(f, g), witness(f, g, seed=0))  # the default seed is 0
    # one exact and one float network: decided in float (the exact path would need both exact)
    x = witness(_TWO, _TWO.as_float() + ReLUNetwork([[0.0, 1.0]], [0.25], [1.0]))
    assert x is not None and x.dtype == np.float64


def test_exact_witness_of_an_affine_difference_is_the_origin_or_a_unit_vector():
    from radontv import witness

    base = ReLUNetwork([[1, 1, 1]], [0], [1])
    assert list(witness(base.with_affine(c0=1), base)) == [0, 0, 0]
    assert list(witness(base.with_affine(c=[0, 0, 1]), base)) == [0, 0, 1]
    assert witness(base, base) is None  # control


def test_exact_canonical_form_with_primitive_normals_beyond_int64():
    """Weights 1/10^30 and 10^30 + 1 make the primitive integer normals and offsets exceed 2^63: the exact form
    keeps Python integers (int64 arrays would overflow) and stays the same function with the same R-TV^2."""
    from radontv import canonical, rtv2

    big = 10**30
    net = ReLUNetwork(
        [[Fraction(1, big), Fraction(big + 1)], [Fraction(2, big), Fraction(2 * big + 2)]],
        [Fraction(1, 3), Fraction(2, 3)],
        [1, 1],
    )
    form = canonical(net)
    assert form.size == 1 and max(abs(int(x)) for x in form.normals.flat) > 2**63
    assert all(isinstance(x, int | Fraction) and not isinstance(x, np.integer) for x in form.normals.flat)
    assert_same_function(form.network(), net)
    assert rtv2(net) == rtv2(form.network())
    with pytest.raises(AssertionError):  # control: a different second weight is a different function
        assert_same_function(form.network(), ReLUNetwork(net.W, net.b, [1, 2]))


# -- vector networks compared on a sample (testing.assertions._assert_same_outputs) ---------------------------------
# relu(3x - 1) * (1, 2): its kink at x = 1/3, off the k/8 grid
_FV = ReLUNetwork([[3]], [1], [[1, 2]], [[0, 0]], [0, 0])


def _off_grid_bump(P) -> np.ndarray:
    """The values of ``_FV`` at ``P``, plus 1 in both outputs at every point that is not on the k/8 grid."""
    base = np.asarray(_FV(P), dtype=object)
    bump = [0 if (8 * Fraction(p[0])).denominator == 1 else 1 for p in np.asarray(P, dtype=object).reshape(-1, 1)]
    return base + np.array([[b, b] for b in bump], dtype=object)


def test_vector_sample_comparison_messages_name_both_output_counts_and_the_output():
    """A vector network against another number of outputs on a sample: the message names actual's D, then desired's,
    without a trailing newline; a column of the wrong length names the output (kills _assert_same_outputs 6-10, 53)."""
    g = ReLUNetwork([[3]], [1], [[1, 2, 3]], [[0, 0, 0]], [0, 0, 0])
    X = [[Fraction(0)]]
    with pytest.raises(AssertionError) as info:
        assert_same_function(_FV, g, X)
    assert str(info.value) == "numbers of outputs differ: actual D = 2, desired D = 3"
    with pytest.raises(AssertionError) as info:
        assert_same_function(g, _FV, X, err_msg="note")
    assert str(info.value) == "numbers of outputs differ: actual D = 3, desired D = 2\nnote"
    with pytest.raises(AssertionError) as info:
        assert_same_function(_FV, lambda P: np.zeros((len(P) + 1, 2)), X)
    assert str(info.value) == "output j = 0 of D = 2\nshapes differ: actual (1,), desired (2,)"


def test_vector_network_against_a_callable_uses_the_given_sample_else_the_networks_kinks():
    """The callable agrees with ``_FV`` on the k/8 grid only.  On a given grid sample the two pass; without a sample,
    the network's kink pair (off the grid) is sampled, whichever side the network is on (kills
    _assert_same_outputs 11, 13-15)."""
    assert_same_function(_FV, _off_grid_bump, [[Fraction(0)], [Fraction(1, 2)]])
    assert_same_function(_off_grid_bump, _FV, [[Fraction(0)], [Fraction(1, 2)]])
    with pytest.raises(AssertionError, match="output j = 0 of D = 2"):
        assert_same_function(_FV, _off_grid_bump)
    with pytest.raises(AssertionError, match="output j = 0 of D = 2"):
        assert_same_function(_off_grid_bump, _FV)


def test_vector_network_on_a_sample_passes_rtol_and_dps_on_to_each_output():
    """rtol=1e-3 admits a relative difference of 1e-6 (the default float law does not); dps=50 sees a relative
    difference of 1e-30 between mp values (15 digits do not) (kills _assert_same_outputs 36, 37, 42, 43)."""
    f = _FV.as_float()
    X = [[Fraction(1)], [Fraction(2)]]
    assert_same_function(f, lambda P: np.asarray(f(P)) * (1 + 1e-6), X, rtol=1e-3)
    with pytest.raises(AssertionError, match="output j = 0 of D = 2"):
        assert_same_function(f, lambda P: np.asarray(f(P)) * (1 + 1e-6), X)
    m = _FV.as_mp()
    assert_same_function(m, lambda P: np.asarray(m(P), dtype=object) * (1 + mpmath.mpf(10) ** -30), X)
    with pytest.raises(AssertionError, match="output j = 0 of D = 2"):
        assert_same_function(m, lambda P: np.asarray(m(P), dtype=object) * (1 + mpmath.mpf(10) ** -30), X, dps=50)


def test_vector_network_against_python_ints_is_compared_exactly():
    """A callable's Python int values (2^63 + 1 beside 1) against an exact vector network: compared as exact
    integers, a difference of 1 is seen (kills _assert_same_outputs 26, 28: numpy stores such rows as float64, so
    2^63 + 1 became 2^63)."""
    big = ReLUNetwork([[1]], [0], [[0, 0]], [[0, 0]], [2**63, 1])
    X = [[Fraction(1)], [Fraction(2)]]
    assert_same_function(big, lambda P: [[2**63, 1] for _ in P], X)
    with pytest.raises(AssertionError, match="output j = 0 of D = 2"):
        assert_same_function(big, lambda P: [[2**63 + 1, 1] for _ in P], X)


# -- vector networks compared on all of R^d (testing.assertions._assert_same_vector_network) --------------------------
_GV = ReLUNetwork([[3]], [1], [[1, 2 + Fraction(1, 7)]], [[0, 0]], [0, 0])  # output 1 differs on one hyperplane
_HV = ReLUNetwork([[3]], [1], [[1, 2]], [[0, 0]], [0, 1])  # output 1 differs from _FV's by the constant 1


_VECTOR_LAW = "the canonical forms' law (per hyperplane, relative, Euclidean norm over the outputs)"


def _vector_failure(actual: ReLUNetwork, desired: ReLUNetwork, **kw) -> list[str]:
    with pytest.raises(AssertionError) as info:
        assert_same_function(actual, desired, **kw)
    return str(info.value).split("\n")


@pytest.mark.parametrize("kind", ["exact", "float", "mp"])
@pytest.mark.parametrize("other", ["hyperplane", "affine"])
def test_vector_network_failure_message_names_the_law_the_output_and_exact_values_at_the_witness(kind, other):
    """The message of two vector networks that differ in output 1: the law and arithmetic, the residual, the witness
    with output j and the networks' exact values there (checked here by evaluating the networks as rationals at the
    printed point, to 12 digits), err_msg last and no trailing newline (kills mutants of the message of
    _assert_same_vector_network)."""
    conv = {"exact": lambda n: n, "float": ReLUNetwork.as_float, "mp": ReLUNetwork.as_mp}[kind]
    f, g = conv(_FV), conv(_GV if other == "hyperplane" else _HV)
    law = {
        "exact": "rtol=0, exact equality",
        "float": "rtol=9.09495e-13, " + _VECTOR_LAW,
        "mp": "rtol=1.0e-10, " + _VECTOR_LAW,
    }[kind]
    residual = (
        "1 hyperplane(s) of actual - desired with nonzero amplitude vector, the largest of norm 0.428571"
        if other == "hyperplane"
        else "affine parts differ"
    )
    for err_msg in ("", "note"):
        lines = _vector_failure(f, g, err_msg=err_msg)
        assert lines[0] == f"Functions differ in output j = 1 of D = 2 ({law}, arithmetic={kind}): {residual}"
        assert lines[2:] == (["note"] if err_msg else [])
        found = re.fullmatch(
            r"witness x = \((\S+)\), output j = 1: actual (\S+), desired (\S+), \|difference\| = (\S+)", lines[1]
        )
        assert found is not None, lines[1]
        x = _rational(mpmath.mpf(found.group(1))) if kind != "exact" else Fraction(found.group(1))
        fx, gx = (n.as_exact()(np.array([[x]], dtype=object))[0][1] for n in (f, g))
        for text, value in ((found.group(2), fx), (found.group(3), gx), (found.group(4), abs(fx - gx))):
            assert abs(Fraction(text) - value) <= abs(value) * Fraction(1, 10**12)
        assert fx != gx


def test_vector_networks_with_other_output_counts_or_a_tolerance():
    """Two vector networks of 2 and 3 outputs: the message names both counts, actual first; exact networks given a
    tolerance are compared in mp with it: a relative difference of 10^-30 passes rtol=10^-20 and fails without."""
    g = ReLUNetwork([[3]], [1], [[1, 2, 3]], [[0, 0, 0]], [0, 0, 0])
    assert _vector_failure(_FV, g) == ["numbers of outputs differ: actual D = 2, desired D = 3"]
    assert _vector_failure(g, _FV, err_msg="note") == ["numbers of outputs differ: actual D = 3, desired D = 2", "note"]
    near = ReLUNetwork([[3]], [1], [[1, 2 + Fraction(1, 10**30)]], [[0, 0]], [0, 0])
    assert_same_function(_FV, near, rtol=1e-20)
    assert_same_function(near, _FV, rtol=1e-20)
    assert _vector_failure(_FV, near)[0].startswith("Functions differ in output j = 1 of D = 2 (rtol=0, exact")


def test_float_vector_networks_are_compared_with_the_given_rtol_and_a_2d_witness_is_printed_in_full():
    """Float vector networks on R^2 whose output 1 differs by 2^-30 relative: equal at rtol=1e-6, different at the
    default tolerance, the witness printed as both coordinates joined by ", " (kills _assert_same_vector_network 13,
    16, 106)."""
    f, g = _vector_pair(2.0**-30)
    assert_same_function(f, g, rtol=1e-6)
    line = _vector_failure(f, g)[1]
    assert re.fullmatch(r"witness x = \(-?[0-9.e+-]+, -?[0-9.e+-]+\), output j = 1: .*", line), line


# -- witnesses of vector networks (same_function.witness_inexact, vector_witness, vector_witness_from_form) ----------
def _vector_pair(rel: float) -> tuple[ReLUNetwork, ReLUNetwork]:
    """``_pair(rel)`` as vector networks with D = 2: output 0 the same in both, output 1 the pair's two networks."""
    f, g = _pair(rel)
    V = np.column_stack([f.V, f.V])
    return ReLUNetwork(f.W, f.b, V, np.zeros((2, 2))), ReLUNetwork(
        f.W, f.b, np.column_stack([f.V, g.V]), np.zeros((2, 2))
    )


def _exact_output_gap(f: ReLUNetwork, g: ReLUNetwork, x: np.ndarray, j: int) -> Fraction:
    xe = np.array([_rational(p) for p in np.atleast_1d(x)], dtype=object).reshape(1, -1)
    return abs(f.as_exact()(xe)[0][j] - g.as_exact()(xe)[0][j])


def test_witness_inexact_of_vector_networks_is_a_seeded_point_where_an_output_differs():
    """witness_inexact of vector networks (and of a scalar network against a D = 1 vector network): a point of R^2
    where output 1 differs, reproducible for a seed and another for another seed; the given rtol decides (a relative
    difference of 2^-30 is none at 1e-6); vector_witness's default seed is 0 (kills witness_inexact 2-11,
    vector_witness 1, 35, 39, vector_witness_from_form 1, 35)."""
    from radontv.canonical_vector import as_vector_network
    from radontv.same_function import vector_witness

    f, g = _vector_pair(0.5)
    x0, x0_again, x1 = (witness_inexact(f, g, seed=s) for s in (0, 0, 1))
    assert x0.shape == (2,) and np.array_equal(x0, x0_again) and not np.array_equal(x0, x1)
    assert _exact_output_gap(f, g, x0, 1) > 0 and _exact_output_gap(f, g, x1, 1) > 0
    assert np.array_equal(witness_inexact(f, g), x0)
    point, j = vector_witness(f, g)
    assert j == 1 and np.array_equal(point, x0)
    assert not np.array_equal(vector_witness(f, g, seed=1)[0], x0)
    from radontv.same_function import vector_witness_from_form

    form = same_function(f, g)[1]
    assert np.array_equal(vector_witness_from_form(f, g, form)[0], x0)
    fs, gs = _pair(0.5)
    x = witness_inexact(fs, as_vector_network(gs))
    assert x.shape == (2,) and _exact_gap(fs, gs, x) > 0
    near_f, near_g = _vector_pair(2.0**-30)
    assert witness_inexact(near_f, near_g, rtol=1e-6) is None
    assert _exact_output_gap(near_f, near_g, witness_inexact(near_f, near_g), 1) > 0


def test_exact_vector_witness_default_seed_is_zero():
    """Exact vector networks: the witness of the first output that differs, its seed 0 by default (kills vector_witness
    1 on the exact path)."""
    from radontv.same_function import vector_witness

    f, g = (n.as_exact() for n in _vector_pair(0.5))
    point, j = vector_witness(f, g)
    assert j == 1 and _exact_output_gap(f, g, point, 1) > 0
    assert np.array_equal(point, vector_witness(f, g, seed=0)[0])


def test_vector_same_function_counts_the_affine_magnitudes_of_both_networks():
    """Float vector networks: constants 1e16 and the next float, 1e16 + 2, are the same up to rounding of the inputs'
    own size (the difference's form alone has magnitude 2); linear coefficients 1e-3 apart by 1e-10 relative differ
    (the tolerance is relative to |C|, not padded by 1) (kills _same_vector_function 14, 35, 36, 51)."""
    W, b, V = [[1.0]], [0.0], [[1e-9, 1e-9]]
    f = ReLUNetwork(W, b, V, [[0.0, 0.0]], [1.0, 1e16])
    g = ReLUNetwork(W, b, V, [[0.0, 0.0]], [1.0, 1e16 + 2])
    assert same_function(f, g)[0] and same_function(g, f)[0]
    f = ReLUNetwork(W, b, V, [[1e-3, 0.0]], [0.0, 0.0])
    g = ReLUNetwork(W, b, V, [[1e-3 * (1 + 1e-10), 0.0]], [0.0, 0.0])
    assert not same_function(f, g)[0]


def test_default_sample_is_sixteen_points_of_seed_zero_and_reproducible():
    """sample_points' defaults: n = 16 points, seed 0, the same points on every call (kills sample_points 1, 2, 17)."""
    ident = lambda X: X  # noqa: E731  (a callable without input_dim: d = 1)
    first = sample_points(ident)
    assert first.shape == (16, 1)
    assert np.array_equal(first, sample_points(ident))
    assert np.array_equal(first, sample_points(ident, n=16, seed=0))
    assert not np.array_equal(first, sample_points(ident, n=16, seed=1))


def test_vector_witness_names_the_output_that_differs_most_relative_to_its_terms():
    """Output 0 differs by 1 in 10^6 of terms of size ~10^6, output 1 by a third of its terms (the same absolute
    difference): the witness names output 1, and the difference there is beyond the tolerance (kills
    vector_witness_from_form 109, `dj * sj`)."""
    from radontv.same_function import vector_witness

    W, b, c = [[1.0, 2.0], [-3.0, 0.5]], [0.5, -1.0], np.zeros((2, 2))
    f = ReLUNetwork(W, b, [[1e6, 1.0], [2e6, 2.0]], c)
    g = ReLUNetwork(W, b, [[1e6 + 1.0, 2.0], [2e6 + 2.0, 4.0]], c)
    for seed in (0, 1, 2):
        x, j = vector_witness(f, g, seed=seed)
        assert j == 1 and _exact_output_gap(f, g, x, 1) > 0


def test_vector_values_of_two_callables_pass_rtol_and_dps_and_a_scalar_network_against_a_vector_one():
    """Two callables with (n, 2) values: rtol=1e-3 admits 1e-6 relative, dps=50 sees 1e-30 relative between mp
    values (kills assert_same_function 83, 89: rtol not passed on); a scalar network against a vector network on a
    sample is refused by the outputs count (kills assert_same_function 40)."""
    X = [[Fraction(1)], [Fraction(2)]]
    ones = np.ones((2, 2))
    assert_same_function(lambda P: ones * (1 + 1e-6), lambda P: ones, X, rtol=1e-3)
    with pytest.raises(AssertionError, match="output j = 0 of D = 2"):
        assert_same_function(lambda P: ones * (1 + 1e-6), lambda P: ones, X)

    def mp_values(P):
        return np.array([[mpmath.mpf(1) + mpmath.mpf(10) ** -30] * 2] * 2, dtype=object)

    assert_same_function(mp_values, lambda P: np.array([[mpmath.mpf(1)] * 2] * 2, dtype=object), X)
    with pytest.raises(AssertionError, match="output j = 0 of D = 2"):
        assert_same_function(mp_values, lambda P: np.array([[mpmath.mpf(1)] * 2] * 2, dtype=object), X, dps=50)
    with pytest.raises(AssertionError, match="numbers of outputs differ: actual D = 1, desired D = 2"):
        assert_same_function(ReLUNetwork([[3]], [1], [1]), _FV, X)


# -- second pass over same_function.py at d87ec6d (vector dispatch): survivors of the whole-module run ---------------
@pytest.mark.parametrize("kind", ["float", "mp"])
def test_vector_witness_is_a_point_in_the_networks_arithmetic(kind):
    """Float vector networks give a float64 array, mp ones an object array of mpf, like the scalar witness (kills
    vector_witness_from_form 47, 49, 50, 51: an object array of Python floats; 48: mp coordinates cast to float64)."""
    from radontv.same_function import vector_witness

    f, g = _vector_pair(0.5)
    if kind == "mp":
        f, g = f.as_mp(), g.as_mp()
    x, j = vector_witness(f, g)
    if kind == "float":
        assert isinstance(x, np.ndarray) and x.dtype == np.float64
    else:
        assert x.dtype == object and all(isinstance(p, mpmath.mpf) for p in x)
    assert j == 1 and _exact_output_gap(f, g, x, 1) > 0


def test_vector_witness_passes_over_an_output_that_is_zero_in_both_networks():
    """Output 1 is the zero function in both networks (no terms: its size at every point is 0, and so is its
    difference): the witness names output 0, where they differ, without dividing 0 by 0 and without counting the
    empty output as different (kills vector_witness_from_form 107 `0 / 0`, 111 `inf`, 115 ratio 1 for it)."""
    from radontv.same_function import vector_witness

    W, b = [[1.0, 2.0], [-3.0, 0.5]], [0.5, -1.0]
    f = ReLUNetwork(W, b, [[1.0, 0.0], [2.0, 0.0]], np.zeros((2, 2)), [0.0, 0.0])
    g = ReLUNetwork(W, b, [[1.5, 0.0], [2.0, 0.0]], np.zeros((2, 2)), [0.0, 0.0])
    for seed in (0, 1):
        x, j = vector_witness(f, g, seed=seed)
        assert j == 0 and _exact_output_gap(f, g, x, 0) > 0


def test_vector_witness_of_two_equal_outputs_names_the_first():
    """Outputs 0 and 1 are the same pair of functions (equal differences and equal term sizes at every point): the
    witness names the first, as the exact path does (kills vector_witness_from_form 116, `ratio >= best_ratio`)."""
    from radontv.same_function import vector_witness

    f, g = _pair(0.5)
    f2 = ReLUNetwork(f.W, f.b, np.column_stack([f.v, f.v]), np.zeros((2, 2)))
    g2 = ReLUNetwork(g.W, g.b, np.column_stack([g.v, g.v]), np.zeros((2, 2)))
    x, j = vector_witness(f2, g2)
    assert j == 0 and _exact_output_gap(f2, g2, x, 0) > 0


@pytest.mark.parametrize(("a_far", "a_near", "rtol"), [(1e-3, 1e-5, None), (1e3, 1.0, 1e-6)])
def test_vector_witness_prefers_a_point_beyond_the_given_tolerance(a_far, a_near, rtol):
    r"""The vector form of ``test_witness_prefers_a_point_beyond_the_tolerance_over_the_first_nonzero_difference``:
    output 1 of f is g's + a_far relu(x - 1000) + a_near relu(x - 1/1024) next to a common 1e6 relu(x), output 0 is
    the same in both.  The first candidate x = 1000 differs by less than 16 tau times the terms there (tau the given
    rtol); the witness must be beyond it (kills vector_witness_from_form 6: the default tolerance's threshold although
    an rtol is given)."""
    from radontv.same_function import vector_witness

    g = ReLUNetwork([[1.0]], [0.0], [[1e6, 1e6]])
    f = ReLUNetwork([[1.0], [1.0], [1.0]], [0.0, 1000.0, 2.0**-10], [[1e6, 1e6], [0.0, a_far], [0.0, a_near]])
    tau = Fraction(rtol if rtol is not None else 2.0**-40)

    def size(x: Fraction) -> Fraction:  # sum over both networks of |v_k1| (|w_k x| + |b_k|), output 1 (d = 1)
        return sum(
            abs(Fraction(v[1])) * (abs(Fraction(w) * x) + abs(Fraction(b)))
            for net in (f, g)
            for w, b, v in zip(net.W[:, 0], net.b, net.V, strict=True)
        )

    x, j = vector_witness(f, g, rtol=rtol)
    assert j == 1 and _exact_output_gap(f, g, x, 1) > 16 * tau * size(_rational(x[0]))
    first = np.array([1000.0])
    assert 0 < _exact_output_gap(f, g, first, 1) <= 16 * tau * size(Fraction(1000))


def test_vector_term_sizes_by_hand():
    r"""``_term_sizes`` at x = (1/2, -3) of an exact network with W = [[1, 2], [3, -1]], b = [1, -3],
    V = [[2, -1], [0, 3]], C = [[1, 0], [-1, 2]], c0 = [5, -7] (pre-activations relu(w x - b)): the neuron terms
    |w_k x| + |b_k| are 11/2 + 1 = 13/2 and 9/2 + 3 = 15/2; output 0: |1/2 + 3| + 5 + 2 * 13/2 = 43/2; output 1:
    |-6| + 7 + 13/2 + 3 * 15/2 = 42 (kills _term_sizes 18, 39, 51: a start of 1 in a sum; 30: `- |c0_j|`; 41: the
    affine terms dropped; 47: `|v| / (...)`)."""
    from radontv.same_function import _term_sizes

    net = ReLUNetwork([[1, 2], [3, -1]], [1, -3], [[2, -1], [0, 3]], [[1, 0], [-1, 2]], [5, -7])
    x = np.array([Fraction(1, 2), Fraction(-3)], dtype=object)
    assert _term_sizes(net, x) == [Fraction(43, 2), Fraction(42)]


def test_scalar_same_function_counts_every_linear_magnitude_of_both_networks():
    """Float scalar networks whose linear parts (1e16, 1) and (1e16 + 2, 1) differ by the rounding of their largest
    coefficient: equal, as the tolerance is relative to the sum of all |c_i| of f and g; relative to the last
    coefficients alone (1 + 1) the difference 2 is far beyond it (kills _magnitude 7, `total = |c_i|`)."""
    W, b, v = [[1.0, 0.0]], [0.0], [1e-9]
    f = ReLUNetwork(W, b, v, [1e16, 1.0], 0.0)
    g = ReLUNetwork(W, b, v, [1e16 + 2, 1.0], 0.0)
    assert same_function(f, g)[0] and same_function(g, f)[0]
    far = ReLUNetwork(W, b, v, [1.0 + 2**-30, 1.0], 0.0)  # control: a difference beyond the tolerance is one
    assert not same_function(ReLUNetwork(W, b, v, [1.0, 1.0], 0.0), far)[0]


def test_vector_networks_with_other_output_counts_are_refused_with_advice():
    """same_function of networks with 2 and 3 outputs: InvalidInput naming both counts and what to do (kills
    _same_vector_function 3, 4: the advice garbled)."""
    f = ReLUNetwork([[3]], [1], [[1, 2]], [[0, 0]], [0, 0])
    g = ReLUNetwork([[3]], [1], [[1, 2, 3]], [[0, 0, 0]], [0, 0, 0])
    message = (
        "networks have 2 and 3 outputs; compare networks with the same number of outputs (or compare one output, "
        "radontv.canonical_vector.output_network)"
    )
    with pytest.raises(InvalidInput, match=re.escape(message)):
        same_function(f, g)


def test_scalar_term_size_by_hand():
    r"""``_term_size`` at x = (1/2, -3) of an exact network with W = [[1, 2], [3, -1]], b = [1, -3], v = [2, -1],
    c = [1, -1], c0 = 5: |1/2 + 3| + 5 + 2 (11/2 + 1) + 1 (9/2 + 3) = 17/2 + 13 + 15/2 = 29 (kills _term_size 17, 38:
    a start of 1 in a sum; 19: `total =`, the last neuron's term only)."""
    from radontv.same_function import _term_size

    net = ReLUNetwork([[1, 2], [3, -1]], [1, -3], [2, -1], [1, -1], 5)
    x = np.array([Fraction(1, 2), Fraction(-3)], dtype=object)
    assert _term_size(net, x) == Fraction(29)


# -- radontv.testing.assertions: argument errors, rtol = 0 for networks, the far-kink cut of sample_points -----------
def test_argument_errors_of_the_sample_comparison_are_stated_in_full():
    """The whole messages of an empty sample and of a negative rtol on a sample (kills assert_same_function 32, 33,
    35-37, 134); a zero rtol is accepted there (negative control)."""
    same = lambda X: [1.0] * len(X)  # noqa: E731
    with pytest.raises(InvalidInput) as info:
        assert_same_function(same, same, [])
    assert str(info.value) == (
        "X is an empty sample: an assertion on no points would pass anything; pass at least one point, or X=None for"
        " the default sample (sample_points)"
    )
    with pytest.raises(InvalidInput) as info:
        assert_same_function(same, same, _X4, rtol=-0.5)
    assert str(info.value) == "rtol must be non-negative, got -0.5"
    assert_same_function(same, same, _X4, rtol=0)


def test_networks_of_other_input_dimensions_and_a_zero_rtol():
    """Two networks on R^1 and R^2: the message names both dimensions, actual first, with err_msg on its own line
    and no trailing newline without it (kills _assert_same_network 8, 9).  rtol = 0 is a tolerance like any other
    for networks: exact and float networks equal to themselves pass with it (kills _assert_same_network 4); a
    negative rtol is refused (negative control)."""
    f1, f2 = ReLUNetwork([[1]], [0], [1]), ReLUNetwork([[1, 0]], [0], [1])
    with pytest.raises(AssertionError) as info:
        assert_same_function(f1, f2)
    assert str(info.value) == "input dimensions differ: actual d = 1, desired d = 2"
    with pytest.raises(AssertionError) as info:
        assert_same_function(f2, f1, err_msg="note")
    assert str(info.value) == "input dimensions differ: actual d = 2, desired d = 1\nnote"
    for net in (_TWO, _TWO.as_float(), _TWO.as_mp()):
        assert_same_function(net, net, rtol=0)
    with pytest.raises(InvalidInput, match="rtol must be non-negative"):
        assert_same_function(_TWO, _TWO, rtol=-(2.0**-1000))


def test_sample_points_keeps_a_kink_point_at_exactly_two_to_the_64():
    """The far-kink cut keeps points with every |coordinate| <= 2^64 (kinks "farther than" 2^64 get none).  For
    relu(x - b) with b = (2^70 - 1)/65 the pair is b +- (|b| + 1)/64 (hand computation): (65 b + 1)/64 = 2^64 exactly
    and (63 b - 1)/64.  Moving b by 1/65 puts the outer point beyond 2^64: only the inner one is kept (negative
    control) (kills sample_points 66)."""
    b = Fraction(2**70 - 1, 65)
    X = sample_points(ReLUNetwork([[1]], [b], [1]), n=0)
    assert sorted(X[:, 0]) == [(63 * b - 1) / 64, Fraction(2**64)]
    b2 = b + Fraction(1, 65)
    X = sample_points(ReLUNetwork([[1]], [b2], [1]), n=0)
    assert list(X[:, 0]) == [(63 * b2 - 1) / 64]


def test_term_scale_is_the_largest_sum_of_term_magnitudes_over_the_sample():
    """_term_scale by hand for f = 2 relu(x1 + 2 x2 - 1) - 3 relu(3 x1 - x2 + 2) + x1 - x2 - 5 on the Python-int
    sample (1, 1), (2, -1): sum_k |v_k| (|w_k.x| + |b_k|) + |c.x| + |c0| is 8 + 12 + 0 + 5 = 25 at (1, 1) and
    2 + 27 + 3 + 5 = 37 at (2, -1), so 37; 1/32 for relu(x/8)/4 at x = 1 (below 1: no floor); 0 for a callable
    (kills _term_scale 2, 6, 12, 14, 24, 27, 36, 40, 43: integer samples became int64, which mpmath refuses)."""
    from radontv.testing.assertions import _term_scale

    net = ReLUNetwork([[1, 2], [3, -1]], [1, -2], [2, -3], c=[1, -1], c0=-5)
    for f in (net, net.as_float(), net.as_mp()):
        assert _term_scale(f, [[1, 1], [2, -1]]) == 37
        assert _term_scale(f, [[1, 1]]) == 25
    assert _term_scale(ReLUNetwork([[Fraction(1, 8)]], [0], [Fraction(1, 4)]), [[1]]) == mpmath.mpf(1) / 32
    assert _term_scale(lambda X: X, [[1, 1]]) == 0


def test_empty_sample_points_are_an_object_array():
    """No random points and no neuron with w != 0: an empty (0, d) sample, still of dtype object like every exact
    sample (kills sample_points 73, 75)."""
    for f in (lambda X: X, ReLUNetwork([[0, 0]], [1], [1])):
        X = sample_points(f, n=0)
        assert X.shape == (0, 1 if not isinstance(f, ReLUNetwork) else 2) and X.dtype == object


def test_exact_values_in_a_network_failure_message_are_fractions_up_to_24_characters():
    """relu(x1) + q against relu(x1) on R^2: the witness of a constant difference is the origin, where actual is q
    and desired 0.  q is printed as a fraction while its text has at most 24 characters (1/3, 1/3^46), else as 17
    significant digits of the double nearest q (1/3^48, 25 characters) (kills _show 3-6, 13); the whole message, the
    witness's coordinates joined by ", ", |actual - desired| of two nonzero values, err_msg last and no trailing
    newline (kills _assert_same_network 100, 102-106, 108)."""
    from decimal import Decimal, localcontext

    g = ReLUNetwork([[1, 0]], [0], [1])
    head = "Functions differ (rtol=0, exact equality, arithmetic=exact): affine parts differ\n"
    for q in (Fraction(1, 3), Fraction(1, 3**46), Fraction(1, 3**48)):
        with pytest.raises(AssertionError) as info:
            assert_same_function(ReLUNetwork([[1, 0]], [0], [1], c0=q), g)
        text = str(info.value)
        if len(str(q)) <= 24:
            assert text == f"{head}witness x = (0, 0): actual {q}, desired 0, |difference| = {q}"
        else:
            found = re.fullmatch(
                r"witness x = \(0, 0\): actual ([0-9.e-]+), desired 0, \|difference\| = ([0-9.e-]+)", text[len(head) :]
            )
            assert text.startswith(head) and found is not None, text
            with localcontext() as ctx:
                ctx.prec = 17
                expected = +Decimal(float(q))  # 17 significant digits of the double nearest q
            assert Decimal(found.group(1)) == expected == Decimal(found.group(2))
            assert len(found.group(1).split("e")[0].replace(".", "")) == 17
    with pytest.raises(AssertionError) as info:  # both values nonzero: |1/3 - 1| = 2/3, not |1/3 + 1|
        assert_same_function(
            ReLUNetwork([[1, 0]], [0], [1], c0=Fraction(1, 3)), ReLUNetwork([[1, 0]], [0], [1], c0=1), err_msg="note"
        )
    assert str(info.value) == f"{head}witness x = (0, 0): actual 1/3, desired 1, |difference| = 2/3\nnote"


def test_scalar_networks_with_a_tolerance_and_the_residual_in_the_message():
    """Scalar networks on all of R: exact networks given a tolerance are compared in mp with it (a relative
    difference of 10^-30 passes rtol=10^-20, fails without); float networks 10^-6 apart pass rtol=10^-3 and fail the
    default (kills _assert_same_network 20-24, 28, 31).  The first line of a failure states the residual: the largest
    amplitude |1/7| * |w| = 3/7 to 6 digits, or "affine parts differ" (kills 85, 86, 90, 92, 98)."""
    f = ReLUNetwork([[3]], [1], [2])
    near = ReLUNetwork([[3]], [1], [2 + Fraction(1, 10**30)])
    assert_same_function(f, near, rtol=1e-20)
    assert_same_function(near, f, rtol=1e-20)
    with pytest.raises(AssertionError, match=r"^Functions differ \(rtol=0, exact equality"):
        assert_same_function(f, near)
    g = ReLUNetwork([[3.0]], [1.0], [2.0 * (1 + 1e-6)])
    assert_same_function(f.as_float(), g, rtol=1e-3)
    with pytest.raises(AssertionError, match="Functions differ"):
        assert_same_function(f.as_float(), g)
    laws = {
        "exact": "rtol=0, exact equality",
        "float": "rtol=9.09495e-13, the canonical forms' law (per hyperplane, relative)",
        "mp": "rtol=1.0e-10, the canonical forms' law (per hyperplane, relative)",
    }
    other = ReLUNetwork([[3]], [1], [2 + Fraction(1, 7)])
    shifted = ReLUNetwork([[3]], [1], [2], c0=1)
    for kind, conv in (("exact", lambda n: n), ("float", ReLUNetwork.as_float), ("mp", ReLUNetwork.as_mp)):
        for g, residual in (
            (other, "1 hyperplane(s) of actual - desired with nonzero amplitude, the largest 0.428571"),
            (shifted, "affine parts differ"),
        ):
            with pytest.raises(AssertionError) as info:
                assert_same_function(conv(f), conv(g))
            assert str(info.value).splitlines()[0] == f"Functions differ ({laws[kind]}, arithmetic={kind}): {residual}"


def test_assert_claim_passes_its_arguments_and_states_both_failures(monkeypatch):
    """assert_claim on a stand-in claim (catalog.get monkeypatched) whose check records its keyword arguments: dps 50
    and seed 0 by default, examples only when given (kills assert_claim 1, 2, 11); a refuted derivation is checked by
    default and skipped with derivation=False (kills 3); both failure messages in full (kills 17, 26)."""
    from types import SimpleNamespace

    import radontv.catalog
    from radontv.evidence import CheckResult, Derivation, Verdict

    calls, state = [], {"check": Verdict.CONSISTENT, "derivation": Verdict.PROVED}

    def check(**kwargs):
        calls.append(kwargs)
        return CheckResult(
            "stub.claim",
            state["check"],
            residual=Fraction(1, 4),
            digits=0.6,
            worst_instance="x = 1",
            message="check message",
            tolerance="tol text",
        )

    def derivation():
        return Derivation("stub.claim", (), verdict=state["derivation"], message="derivation message")

    claim = SimpleNamespace(load_check=lambda: check, derivation="stub", load_derivation=lambda: derivation)
    monkeypatch.setattr(radontv.catalog, "get", lambda claim_id: claim)
    assert_claim("stub.claim")
    assert_claim("stub.claim", dps=30, examples=3, seed=7)
    assert calls == [{"dps": 50, "seed": 0}, {"dps": 30, "seed": 7, "examples": 3}]
    state["derivation"] = Verdict.REFUTED
    with pytest.raises(AssertionError) as info:
        assert_claim("stub.claim")
    assert str(info.value) == "stub.claim: derivation is refuted: derivation message"
    assert_claim("stub.claim", derivation=False)
    state["check"] = Verdict.REFUTED
    with pytest.raises(AssertionError) as info:
        assert_claim("stub.claim", derivation=False)
    assert str(info.value) == (
        "stub.claim: numeric check is refuted (tol text)\nworst instance: x = 1\n"
        "residual 1/4, digits 0.6\ncheck message"
    )


def test_the_worst_point_is_printed_as_the_sample_gave_it():
    """A sample row mixing a Python int and a float is printed as given, "(1, 0.5)", not as numpy's float64 row
    "(1.0, 0.5)" (kills assert_same_function 224, 226); a row of Fractions likewise (negative control)."""
    with pytest.raises(AssertionError, match=r"worst point x = \(1, 0\.5\): actual 1\.0, desired 0\.0"):
        assert_same_function(lambda X: [1.0], lambda X: [0.0], [[1, 0.5]])
    with pytest.raises(AssertionError, match=r"worst point x = \(1/3, 2\): actual 1\.0, desired 0\.0"):
        assert_same_function(lambda X: [1.0], lambda X: [0.0], [[Fraction(1, 3), Fraction(2)]])
