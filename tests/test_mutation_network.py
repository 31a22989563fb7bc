"""Gaps found by mutation testing of radontv/network.py (tests/mutation-equivalents.md): expected values by hand."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest

from radontv import InvalidInput, ReLUNetwork


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
