"""Type aliases for the values radontv computes with: one name for each kind of number and array.

radontv computes in three arithmetics (:mod:`radontv.scalars`; the promotion rule *exact < float < mp* is stated
there):

* ``'exact'``: :class:`fractions.Fraction` (ints are promoted on input);
* ``'mp'``: :class:`mpmath.mpf` at the caller's working precision;
* ``'float'``: IEEE double precision (``float``; numpy ``float64`` scalars are ``float`` subclasses).

Exact and mp values live in numpy arrays of ``dtype=object`` (:data:`ObjectArray`), floats in ``float64`` arrays
(:data:`FloatArray`), so that one vectorised code path serves all three arithmetics.

These are annotations only: nothing here converts or checks a value (:func:`radontv.scalars.as_array` and
:func:`radontv.scalars.arithmetic_of` do).  mpmath ships no type information, so a type checker reads ``mpf`` as
``Any``; the aliases still say to a reader which numbers a function takes and returns.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

import mpmath
import numpy as np
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:  # sympy is imported on first use only (an exact norm), never to annotate
    import sympy

    class Mpf(Protocol):
        """What a type checker knows of :class:`mpmath.mpf` (mpmath has no type information): a number carrying
        ``_mpf_``, so that a str, None or a list is not taken for one; arithmetic and comparisons with any number."""

        _mpf_: tuple[int, int, int, int]

        def __add__(self, other: Any, /) -> Any: ...
        def __radd__(self, other: Any, /) -> Any: ...
        def __sub__(self, other: Any, /) -> Any: ...
        def __rsub__(self, other: Any, /) -> Any: ...
        def __mul__(self, other: Any, /) -> Any: ...
        def __rmul__(self, other: Any, /) -> Any: ...
        def __truediv__(self, other: Any, /) -> Any: ...
        def __rtruediv__(self, other: Any, /) -> Any: ...
        def __pow__(self, other: Any, /) -> Any: ...
        def __rpow__(self, other: Any, /) -> Any: ...
        def __neg__(self) -> Any: ...
        def __pos__(self) -> Any: ...
        def __abs__(self) -> Any: ...
        def __lt__(self, other: Any, /) -> bool: ...
        def __le__(self, other: Any, /) -> bool: ...
        def __gt__(self, other: Any, /) -> bool: ...
        def __ge__(self, other: Any, /) -> bool: ...
        def __float__(self) -> float: ...
        def __int__(self) -> int: ...
else:
    Mpf = mpmath.mpf

__all__ = [
    "AlgebraicScalar",
    "ArrayLike",
    "ExactOrMp",
    "FloatArray",
    "IntArray",
    "Mpf",
    "NumbersLike",
    "NumericArray",
    "ObjectArray",
    "Scalar",
    "ScalarLike",
]

Scalar: TypeAlias = Fraction | Mpf | float
"""A number in one of radontv's arithmetics: a Fraction (exact), an ``mpf`` (mp) or a float (float)."""

AlgebraicScalar: TypeAlias = "Scalar | sympy.Expr"
"""A :data:`Scalar`, or for exact arithmetic an exact algebraic number as a sympy expression (a norm
:math:`\\sqrt{q}` of rational weights, a sum of rational multiples of such roots)."""

ExactOrMp: TypeAlias = Fraction | Mpf
"""A number of the arithmetics that never round silently: exact, or mp at a stated working precision."""

ScalarLike: TypeAlias = int | Fraction | Mpf | float | np.integer | np.floating | numbers.Rational
"""What radontv accepts as a number on input: any of :data:`Scalar`, ints, numpy numbers and other rationals
(e.g. sympy's ``Rational``); booleans and non-finite values are refused at run time (:mod:`radontv.scalars`)."""

FloatArray: TypeAlias = NDArray[np.float64]
"""An array in float arithmetic (``dtype=float64``)."""

ObjectArray: TypeAlias = NDArray[np.object_]
"""An array of exact (Fraction) or mp (``mpf``) entries (``dtype=object``)."""

IntArray: TypeAlias = NDArray[np.intp]
"""An array of indices or counts."""

NumericArray: TypeAlias = FloatArray | ObjectArray
"""An array in any of the three arithmetics: ``float64`` for float, ``object`` for exact and mp."""

NumbersLike: TypeAlias = NDArray[Any] | Sequence[ScalarLike | Sequence[ScalarLike] | NDArray[Any]]
"""Numbers given as an array or (nested) lists, at most two levels deep: ``W``, ``b``, ``V``, points ``X``, ...

numpy's ``ArrayLike`` does not cover this: it leaves out Fractions and ``mpf``, which radontv takes everywhere."""
