"""Gaps found by mutation testing of radontv/network.py (tests/mutation-equivalents.md): expected values by hand."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest

from radontv import InexactOperation, InvalidInput, ReLUNetwork
from radontv.network import relu


def _vector_net() -> ReLUNetwork:
    # K = 3 neurons, D = 2 outputs: shapes that broadcasting cannot confuse
    W = [[Fraction(1), Fraction(2)], [Fraction(-1), Fraction(1)], [Fraction(3), Fraction(0)]]
    V = [[Fraction(1), Fraction(2)], [Fraction(3), Fraction(-1)], [Fraction(-2), Fraction(5)]]
    return ReLUNetwork(W, [Fraction(1), Fraction(0), Fraction(-2)], V, np.zeros((2, 2), dtype=object),
                       [Fraction(0), Fraction(1)])


def test_rescaling_a_vector_network_divides_each_neurons_output_row():
    net = _vector_net()
    alpha = [Fraction(2), Fraction(3), Fraction(1, 2)]
    scaled = net.rescale(alpha)
    for k, a in enumerate(alpha):
        assert list(scaled.W[k]) == [a * x for x in net.W[k]]
        assert list(scaled.v[k]) == [x / a for x in net.v[k]]  # row k divided by alpha_k
    X = [[Fraction(1), Fraction(1)], [Fraction(-2), Fraction(3)], [Fraction(5, 2), Fraction(-1)]]
    assert np.array_equal(scaled(X), net(X))  # positive homogeneity: the same function


def test_vector_networks_compare_and_hash_by_their_parameters():
    net, same, other = _vector_net(), _vector_net(), _vector_net().rescale(2)
    assert net == same and hash(net) == hash(same)
    assert net != other
    assert len({net, same, other}) == 2


def test_distinct_networks_spread_over_hash_values():
    nets = [ReLUNetwork.univariate([1], [Fraction(k, 7)], [1]) for k in range(20)]
    assert len({hash(n) for n in nets}) > 10  # a constant hash is valid but turns sets and dicts into lists


@pytest.mark.parametrize(("kind", "zero_type"), [("exact", Fraction), ("mp", mpmath.mpf), ("float", float)])
def test_an_empty_networks_norms_are_zeros_of_its_arithmetic(kind, zero_type):
    net = ReLUNetwork(np.empty((0, 2)), [], [], [1, 2], 3).as_arithmetic(kind)
    assert net.weight_decay() == 0 and isinstance(net.weight_decay(), zero_type)
    if kind != "exact":  # the exact path norm is a sympy number (square roots)
        assert net.path_norm() == 0 and isinstance(net.path_norm(), zero_type)


def test_float_balancing_scales_for_short_weight_vectors():
    # ||w|| = 0.5 < 1 and |v| = 2: alpha* = sqrt(2 / 0.5) = 2; a zero neuron keeps the scale 1
    net = ReLUNetwork([[0.3, 0.4], [0.0, 0.0]], [0.0, 1.0], [2.0, 5.0])
    assert net.balancing_scales().tolist() == [2.0, 1.0]


def test_errors_name_the_argument_and_the_fix():
    net = ReLUNetwork.univariate([1], [0], [1]).as_float()
    with pytest.raises(InvalidInput, match=r"\bX\b"):
        net([[np.nan]])
    with pytest.raises(InvalidInput, match=r"\balpha\b"):
        net.rescale([np.inf])
    with pytest.raises(InvalidInput, match=r"cannot add a scalar network and a 2 outputs network; give both V "
                                           r"the shape \(K, D\) with the same D"):
        ReLUNetwork.univariate([1], [0], [1]) + ReLUNetwork([[1]], [0], [[1, 2]])
    with pytest.raises(InvalidInput, match="arithmetic must be 'exact', 'mp' or 'float', got 'double'"):
        net.as_arithmetic("double")
    with pytest.raises(InvalidInput, match="give the output weights once"):
        ReLUNetwork([[1]], [0], [1], v=[1])
    with pytest.raises(InvalidInput, match="overflowed the float range"):
        ReLUNetwork.univariate([1e300], [0], [1e300]).as_float()([[1e300]])


# -- second pass (current code, snapshot 3ff5d3a): expected values by hand ------------------------------------------


def test_univariate_defaults_and_vector_outputs():
    """The default slope is 0, and for a 2-D ``v`` it becomes an exact zero row of length D (kills univariate 1,
    15, 22-30: the special case skipped, a None/float/wrong-length slope)."""
    net = ReLUNetwork.univariate([1], [0], [1])
    assert net(-1) == 0 and net(2) == 2  # no slope: sigma(x) only
    vec = ReLUNetwork.univariate([1, -1], [Fraction(1, 2), 0], [[1, 2], [3, -1]])
    assert vec.arithmetic == "exact" and vec.outputs == 2 and vec.c.shape == (1, 2)
    assert all(type(x) is Fraction and x == 0 for x in vec.c.flat)
    assert vec(-1).tolist() == [3, -1] and vec(2).tolist() == [Fraction(3, 2), 3]  # sigma(-x)(3,-1); sigma(x-1/2)(1,2)
    with_slope = ReLUNetwork.univariate([1], [0], [[1, 2]], [3, 4], [5, 6])
    assert with_slope(-1).tolist() == [2, 2]  # 0 + (-3, -4) + (5, 6)


def test_univariate_keeps_large_integer_weights_exact():
    """``[-1, 2**63]`` has no common integer numpy dtype (numpy would make it float64): read as objects, the weights
    stay exact integers (kills univariate 8, 10)."""
    net = ReLUNetwork.univariate([-1, 2**63], [0, 0], [1, 1])
    assert net.arithmetic == "exact"
    assert [int(x) for x in net.W.flat] == [-1, 2**63] and net(1) == 2**63


def test_ragged_arguments_are_invalid_input_not_numpy_errors():
    """Ragged ``v``, ``alpha`` or ``W`` reach the package's own checks (numpy without ``dtype=object`` raises a bare
    ValueError first; kills univariate 16, 18, rescale 3, 5, with_neurons 6, 8)."""
    with pytest.raises(InvalidInput):
        ReLUNetwork.univariate([1, 2], [0, 0], [[1, 2], [3]])
    net = ReLUNetwork.univariate([1, 2], [0, 1], [1, 1])
    with pytest.raises(InvalidInput, match=r"alpha contains \[1\] of type list"):
        net.rescale([[1], [2, 3]])
    with pytest.raises(InvalidInput):
        net.with_neurons([[1], [2, 3]], [0, 0], [1, 1])


def test_rescale_and_add_promote_to_the_wider_arithmetic():
    """An exact network rescaled by a float, or added to a float network, computes in float (kills rescale 25,
    __add__ 20)."""
    exact = ReLUNetwork.univariate([1, 2], [0, 1], [1, 1])
    scaled = exact.rescale(0.5)
    assert scaled.arithmetic == "float" and scaled.W.tolist() == [[0.5], [1.0]] and scaled.v.tolist() == [2.0, 2.0]
    total = exact + ReLUNetwork.univariate([1.0], [0.0], [1.0])
    assert total.arithmetic == "float" and total.W.dtype == np.float64 and total.W.tolist() == [[1.0], [2.0], [1.0]]


def _balancing_net() -> ReLUNetwork:
    # ||w|| = 5, v = 0 | w = 0, v = 5 | ||w|| = 1, v = 4 | ||w|| = 2, v = 8: alpha* = 1, 1, 2, 2
    return ReLUNetwork([[3, 4], [0, 0], [1, 0], [0, 2]], [0, 0, 0, 0], [0, 5, 4, 8])


def test_mp_balancing_scales_by_hand():
    """mp: sqrt(|v|/||w||), and exactly 1 where v = 0 or w = 0, as mpf in an object array (also for K = 0;
    kills balancing_scales 10-12 (float path for mp), 35, 37, 40, 43, 47, 56, 58)."""
    scales = _balancing_net().as_mp().balancing_scales()
    assert scales.dtype == object and all(isinstance(s, mpmath.mpf) for s in scales)
    assert scales.tolist() == [1, 1, 2, 2]
    empty = ReLUNetwork(np.empty((0, 2)), [], [], [1, 2], 3).as_mp()
    assert empty.balancing_scales().dtype == object and empty.balancing_scales().shape == (0,)


def test_float_balancing_scales_by_hand():
    """float: a float64 array (kills balancing_scales 10-12: the mp path gives mpf objects)."""
    scales = _balancing_net().as_float().balancing_scales()
    assert scales.dtype == np.float64 and scales.tolist() == [1.0, 1.0, 2.0, 2.0]


def test_balancing_an_exact_network_names_the_fix():
    """The refusal says why and what to do instead (kills balancing_scales 5-7)."""
    with pytest.raises(InexactOperation, match=r"^balancing an exact network needs square roots of its weights; "
                                                 r"convert first, e\.g\. net\.as_mp\(\)\.balanced\(\) inside "
                                                 r"mpmath\.workdps\(50\), or net\.as_float\(\)\.balanced\(\)$"):
        _balancing_net().balancing_scales()


def test_with_affine_keeps_the_part_not_given():
    """``with_affine(c=...)`` keeps c0 and ``with_affine(c0=...)`` keeps c (kills with_affine 14)."""
    net = ReLUNetwork([[1, 2]], [0], [1], [3, 4], 5)
    assert net.with_affine(c=[6, 7]) == ReLUNetwork([[1, 2]], [0], [1], [6, 7], 5)
    assert net.with_affine(c0=8) == ReLUNetwork([[1, 2]], [0], [1], [3, 4], 8)


def test_with_neurons_on_a_vector_network():
    """No neurons appended to a vector network gives it back; a wrong D or a wrong ndim is refused with the shape
    wanted, (K', D) resp. (K',); the empty block is an exact object array, so the arithmetic stays exact (kills
    with_neurons 26, 27, 31-36, 41, 46, 48)."""
    net = _vector_net()
    assert net.with_neurons(np.empty((0, 2)), [], []) == net
    assert net.with_neurons([], [], []) == net and net.with_neurons([], [], []).arithmetic == "exact"
    grown = net.with_neurons([[1, 1]], [0], [[2, 3]])
    assert grown.width == 4 and grown.v[3].tolist() == [2, 3]
    with pytest.raises(InvalidInput, match=r"^v must have shape \(1, 2\) to match the network's outputs; "
                                           r"got shape \(1, 3\)$"):
        net.with_neurons([[1, 1]], [0], [[2, 3, 4]])
    scalar = ReLUNetwork([[1, 2]], [0], [1])
    with pytest.raises(InvalidInput, match=r"^v must have shape \(1,\) to match the network's outputs; "
                                           r"got shape \(1, 2\)$"):
        scalar.with_neurons([[1, 1]], [0], [[2, 3]])


def test_float_norms_do_not_depend_on_mpmaths_precision():
    """A float network sums in float64 even inside ``mpmath.workdps(50)``: 1 + 4 * 2**-54 is 1.0 in float64 (left to
    right) but 1 + 2**-52 if the sum starts from an mpf zero (kills _zero 9, 12)."""
    t = 2.0**-27
    net = ReLUNetwork([[1.0], [t], [t], [t], [t]], [0.0] * 5, [1.0, t, t, t, t])
    float_sum = 0.0
    for x in (1.0, t * t, t * t, t * t, t * t):
        float_sum += x
    assert float_sum == 1.0  # the float64 sum, by hand: each 2**-54 is lost against 1
    with mpmath.workdps(50):
        assert net.weight_decay() == float_sum  # (float_sum + float_sum) / 2
        assert net.path_norm() == float_sum
        assert type(net.weight_decay()) is float and type(net.path_norm()) is float


@pytest.mark.parametrize("kind", ["exact", "mp"])
@pytest.mark.parametrize("V", [[], np.empty((0, 3))])
def test_an_empty_networks_norms_are_object_arrays(kind, V):
    """Exact and mp arrays are object arrays, also with no neurons, scalar or vector (kills _row_squares 13, 15,
    _sqrt 9, 11, 14, 16, output_norms 6, 8, 22, 24)."""
    c = [1, 2] if len(np.shape(V)) == 1 else np.ones((2, 3), dtype=int)
    net = ReLUNetwork(np.empty((0, 2)), [], V, c).as_arithmetic(kind)
    for norms in (net.neuron_norms_squared(), net.output_norms_squared(), net.neuron_norms(), net.output_norms()):
        assert norms.dtype == object and norms.shape == (0,)


def test_exact_output_norms_are_sympy_rationals():
    """Exact output norms are sympy numbers, as the neuron norms are (kills output_norms 3, 4: Fractions)."""
    import sympy

    net = ReLUNetwork([[3, 4], [1, 0]], [0, 0], [Fraction(-3, 2), 2])
    norms = net.output_norms()
    assert all(isinstance(x, sympy.Rational) for x in norms) and norms.tolist() == [sympy.Rational(3, 2), 2]
    assert net.path_norm() == sympy.Rational(3, 2) * 5 + 2 and isinstance(net.path_norm(), sympy.Basic)


@pytest.mark.parametrize("z", [Fraction(1, 2), 3, mpmath.mpf("0.25"), 0.75])
def test_relu_of_a_scalar_and_an_array(z):
    """relu keeps positive values (also in (0, 1)) and maps negative ones to a zero of their type (kills relu 8, 11,
    12, 14, 15, 16)."""
    assert relu(z) == z and type(relu(z)) is type(z)
    assert relu(-z) == 0 and type(relu(-z)) is type(z)
    arr = np.array([-z, z, 2 * z], dtype=object)
    assert relu(arr).tolist() == [0, z, 2 * z]


def test_overflow_inside_a_network_operation_names_the_parameter():
    """A float rescale or sum that overflows is refused, naming the parameter that overflowed (kills _init 6, 9-11,
    16, 19-21, 26, 29-31, 36, 39-41, 45, 48-50)."""
    cases = [
        (lambda: ReLUNetwork([[1e300]], [0.0], [1.0]).rescale(1e10), "W"),
        (lambda: ReLUNetwork([[1.0]], [1e300], [1.0]).rescale(1e10), "b"),
        (lambda: ReLUNetwork([[1.0]], [0.0], [1e300]).rescale(1e-10), "v"),
        (lambda: (lambda n: n + n)(ReLUNetwork([[1.0]], [0.0], [1.0], [1e308])), "c"),
        (lambda: (lambda n: n + n)(ReLUNetwork([[1.0]], [0.0], [1.0], [0.0], 1e308)), "c0"),
    ]
    for make, name in cases:
        with pytest.raises(InvalidInput, match=rf"^{name} contains the non-finite value inf; every entry must be a "
                                               r"finite number$"), np.errstate(over="ignore"):
            make()  # numpy's overflow warning is silenced here: the refusal is what is pinned


def test_the_float_overflow_message_names_the_fix():
    """The whole message (kills __call__ 77, 79-81)."""
    with pytest.raises(InvalidInput, match=r"^evaluating the network overflowed the float range \(a value of size "
                                           r"> 1e308\); evaluate in mp arithmetic instead, e\.g\. net\.as_mp\(\)\(X\) "
                                           r"inside mpmath\.workdps\(30\)$"):
        ReLUNetwork.univariate([1e300], [0], [1e300]).as_float()([[1e300]])


def test_mp_evaluation_of_an_exact_network_is_accurate_at_the_working_precision():
    """An exact network evaluated at an mpf point converts its weights and c0 to mpf at the working precision, not
    through float (kills _in 5, 9)."""
    net = ReLUNetwork([[Fraction(1, 3)]], [0], [1], [0], Fraction(1, 3))
    with mpmath.workdps(50):
        y = net(mpmath.mpf(1))
        assert isinstance(y, mpmath.mpf)
        assert abs(y - mpmath.mpf(2) / 3) <= mpmath.mpf(10) ** -45 * (mpmath.mpf(2) / 3)


def test_mp_evaluation_uses_the_stored_parameters_unrounded():
    """Parameters stored at 50 digits are not rounded to the (lower) working precision before use: with
    b = 1 - 1e-30, f(1) = 1e-30 at 15 digits too (rounding b first would give 0; kills _in 1)."""
    with mpmath.workdps(50):
        net = ReLUNetwork([[1]], [1 - mpmath.mpf(10) ** -30], [1])
    y = net(1)
    assert isinstance(y, mpmath.mpf) and abs(y - mpmath.mpf(10) ** -30) <= 1e-14 * mpmath.mpf(10) ** -30


def test_the_required_output_weights_show_as_required_in_the_signature():
    """``V`` has a sentinel default (so that ``v=`` can replace it); help() and the signature show it as
    ``<required>`` (kills _Missing.__repr__ 1, 2)."""
    import inspect

    assert "V: 'NumbersLike' = <required>" in str(inspect.signature(ReLUNetwork.__init__))


def test_construction_messages_in_full():
    """The construction errors, whole (kills __init__ 5, 6, 55-58, 63, 70, 71, and the argument names of the
    finiteness checks 113-135)."""
    cases = [
        (lambda: ReLUNetwork([[1]], [0], [1], v=[1]),
         r"give the output weights once: ReLUNetwork\(W, b, V, c, c0\) \(or the keyword v=\)"),
        (lambda: ReLUNetwork([], [], [], []), r"W has zero columns: the input dimension d must be at least 1"),
        (lambda: ReLUNetwork([[1]], [0, 1], [1]),
         r"b must have shape \(1,\) \(one bias per neuron\); got shape \(2,\)"),
    ]
    nan = float("nan")
    for name, args in [("b", ([[1]], [nan], [1])), ("v", ([[1]], [0], [nan])), ("c", ([[1]], [0], [1], [nan])),
                       ("c0", ([[1]], [0], [1], [0], nan))]:
        cases.append((lambda args=args: ReLUNetwork(*args),
                      rf"{name} contains the non-finite value nan; every entry must be a finite number"))
    for make, message in cases:
        with pytest.raises(InvalidInput, match=f"^{message}$"):
            make()


def test_an_empty_W_takes_its_dimension_from_c():
    """With no neurons the dimension is the length of c; a ragged or scalar c is refused by the package's checks,
    not by numpy (kills __init__ 33, 35, 38, 42)."""
    assert ReLUNetwork(np.empty((0, 2)), [], [], [1, 2]).dim == 2
    assert ReLUNetwork([], [], [], [3]).dim == 1
    with pytest.raises(InvalidInput, match="c is ragged"):
        ReLUNetwork(np.empty((0, 2)), [], [], [[1], [2, 3]])
    with pytest.raises(InvalidInput, match=r"^c must have shape \(1,\) \(the linear skip weights, one per input\); "
                                           r"got shape \(\)$"):
        ReLUNetwork([], [], [], 5)


@pytest.mark.parametrize("position", range(4))
def test_one_float_parameter_makes_a_float_network(position):
    """Every parameter enters the arithmetic: b, v, c or c0 alone in float make the network float (kills __init__
    102-105)."""
    args = [[0], [1], [0], 0]
    args[position] = [0.5] if position < 3 else 0.5
    net = ReLUNetwork([[1]], *args)
    assert net.arithmetic == "float"
