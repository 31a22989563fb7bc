"""Gaps found by mutation testing of radontv/_keyed.py (tests/mutation-equivalents.md): the KeyedEquality contract.

Pins, on a toy class and on the three users (ReLUNetwork, LinearSpline): ``==`` compares keys, returns
``NotImplemented`` (not ``False``, not ``None``) for another class, and ``hash`` is the hash of the key; a class
without ``_key`` raises NotImplementedError naming itself.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from radontv import ReLUNetwork
from radontv._keyed import KeyedEquality
from radontv.linear_spline import LinearSpline


class _Pair(KeyedEquality):
    __slots__ = ("a", "b")

    def __init__(self, a, b):
        self.a, self.b = a, b

    def _key(self):
        return (self.a, self.b)


class _OtherPair(_Pair):
    """A subclass with the same key: a _Pair compared with it compares keys (isinstance), not the other way round."""


class _NoKey(KeyedEquality):
    __slots__ = ()


def test_equal_keys_equal_objects_and_equal_hashes():
    x, y, z = _Pair(1, Fraction(1, 2)), _Pair(1, Fraction(1, 2)), _Pair(1, Fraction(1, 3))
    assert (x == y) is True and (x != y) is False
    assert (x == z) is False and (x != z) is True
    assert hash(x) == hash(y) == hash((1, Fraction(1, 2)))  # the hash of the key itself
    assert hash(z) == hash((1, Fraction(1, 3)))


def test_another_class_is_not_implemented_and_compares_unequal():
    x = _Pair(1, 2)
    assert x.__eq__((1, 2)) is NotImplemented  # not False: Python then asks the other operand
    assert x.__eq__(None) is NotImplemented
    assert (x == (1, 2)) is False and (x != (1, 2)) is True
    # isinstance(other, type(self)): a subclass instance is compared by key; the base is not an instance of the subclass
    assert x.__eq__(_OtherPair(1, 2)) is True
    assert _OtherPair(1, 2).__eq__(x) is NotImplemented


def test_a_class_without_key_says_so():
    with pytest.raises(NotImplementedError, match=r"^_NoKey must define _key\(\)$"):
        _NoKey()._key()
    with pytest.raises(NotImplementedError, match="_NoKey"):
        hash(_NoKey())


def test_the_users_compare_by_their_keys():
    net = ReLUNetwork.univariate([1], [Fraction(1, 2)], [3])
    assert net == ReLUNetwork.univariate([1], [Fraction(1, 2)], [3])
    assert hash(net) == hash(ReLUNetwork.univariate([1], [Fraction(1, 2)], [3]))
    assert net != ReLUNetwork.univariate([1], [Fraction(1, 3)], [3])
    assert net.__eq__(LinearSpline([Fraction(1, 2)], [3])) is NotImplemented  # same function, another class
    s = LinearSpline([Fraction(1, 2), 0], [3, 1], 2, 1)
    assert s == LinearSpline([0, Fraction(1, 2)], [1, 3], 2, 1) and hash(s) == hash(LinearSpline([0, Fraction(1, 2)],
                                                                                                    [1, 3], 2, 1))
    assert s != LinearSpline([0, Fraction(1, 2)], [1, 3], 2, 0)
