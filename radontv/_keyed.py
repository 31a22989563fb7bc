"""Equality and hashing of immutable parameter objects through one tuple of their parameters.

A class that mixes in :class:`KeyedEquality` defines ``_key()``, a hashable tuple of everything that defines the
object (shapes, then the parameters in a fixed order).  Two objects are equal exactly when they are of the same class
and their keys are equal, and the hash is the hash of the key — so equal objects hash equally, as Python requires.
Used by :class:`radontv.network.ReLUNetwork` (equality of parameters, not of functions),
:class:`radontv.linear_spline.LinearSpline` (canonical parameters, hence of functions) and
:class:`radontv.deep.network.LinearLayer`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["KeyedEquality"]


class KeyedEquality:
    """Mixin: ``==`` and ``hash`` by ``self._key()``; objects of another class compare unequal (``NotImplemented``)."""

    __slots__ = ()

    def _key(self) -> tuple[Any, ...]:
        raise NotImplementedError(f"{type(self).__name__} must define _key()")

    def __eq__(self, other: object) -> bool:
        """Equality of the parameter keys (objects of the same class only)."""
        if not isinstance(other, type(self)):
            return NotImplemented
        return bool(self._key() == other._key())

    def __hash__(self) -> int:
        return hash(self._key())
