"""The three arithmetics radontv computes in, and conversions between them.

* ``'exact'``: :class:`fractions.Fraction` (ints are promoted).  Sums, products and comparisons are exact.
* ``'mp'``: :class:`mpmath.mpf` at the caller's working precision (set it with :func:`mpmath.workdps`).
* ``'float'``: IEEE double precision, held in numpy ``float64`` arrays.

Mixed inputs are promoted by the rule *exact < float < mp*: any ``mpf`` makes the result ``'mp'`` (a float converts
to ``mpf`` without rounding), otherwise any float makes it ``'float'``, otherwise it stays exact.  Exact and mp
values are held in numpy arrays of ``dtype=object`` so that the same vectorised code serves all three arithmetics.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from typing import Any, Literal

import mpmath
import numpy as np

from .errors import InvalidInput

__all__ = [
    "ARITHMETICS",
    "Arithmetic",
    "arithmetic_of",
    "as_array",
    "format_array",
    "format_scalar",
    "numeric_array",
    "promote",
    "to_fraction",
    "to_mpf",
]

Arithmetic = Literal["exact", "float", "mp"]
ARITHMETICS: tuple[Arithmetic, ...] = ("exact", "float", "mp")
_RANK = {"exact": 0, "float": 1, "mp": 2}


def promote(*kinds: Arithmetic) -> Arithmetic:
    """The arithmetic a computation mixing ``kinds`` runs in (exact < float < mp)."""
    return max(kinds, key=_RANK.__getitem__) if kinds else "exact"


def _kind_of_scalar(x: Any, name: str) -> Arithmetic:
    if isinstance(x, bool | np.bool_):
        raise InvalidInput(f"{name} contains a boolean {x!r}; pass numbers (int, Fraction, mpf or float)")
    if isinstance(x, mpmath.mpf):
        if not mpmath.isfinite(x):
            raise InvalidInput(f"{name} contains the non-finite value {x}; every entry must be a finite number")
        return "mp"
    if isinstance(x, int | np.integer | Fraction):
        return "exact"
    if isinstance(x, numbers.Rational):  # e.g. sympy Rational, gmpy2 mpq
        return "exact"
    if isinstance(x, float | np.floating):
        if not math.isfinite(x):
            raise InvalidInput(f"{name} contains the non-finite value {x}; every entry must be a finite number")
        return "float"
    raise InvalidInput(f"{name} contains {x!r} of type {type(x).__name__}; entries must be int, Fraction, mpf or float")


def numeric_array(values: Any) -> np.ndarray | None:
    """``values`` itself if it is a numpy array of a real numeric dtype (integer or floating), else ``None``.

    Such arrays are classified and checked in one vectorised pass instead of entry by entry."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        return values
    return None


def _check_finite(arr: np.ndarray, name: str) -> None:
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        bad = arr.flat[int(np.flatnonzero(~np.isfinite(arr.ravel()))[0])]
        raise InvalidInput(f"{name} contains the non-finite value {bad}; every entry must be a finite number")


def arithmetic_of(values: Any, name: str = "value") -> Arithmetic:
    """Classify a scalar or (nested) array of scalars, checking that every entry is a finite number."""
    fast = numeric_array(values)
    if fast is not None:
        _check_finite(fast, name)
        return "float" if fast.dtype.kind == "f" else "exact"
    arr = np.asarray(values, dtype=object)
    kinds = {_kind_of_scalar(x, name) for x in arr.flat}
    return promote(*kinds)


def to_fraction(x: Any) -> Fraction:
    """An exact number as a :class:`~fractions.Fraction`."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, int | np.integer):
        return Fraction(int(x))
    return Fraction(int(x.numerator), int(x.denominator))


def exact_value(x: Any) -> Fraction:
    """The exact rational value of a float, an ``mpf`` (a binary fraction) or an exact number."""
    if isinstance(x, mpmath.mpf):
        sign, man, exp, _ = x._mpf_  # (sign bit, unsigned mantissa, exponent, bit count); finite values only
        return (-1) ** sign * Fraction(int(man)) * Fraction(2) ** int(exp)
    if isinstance(x, float | np.floating):
        return Fraction(float(x))
    return to_fraction(x)


def to_mpf(x: Any) -> mpmath.mpf:
    """A number as an :class:`mpmath.mpf` at the current working precision, rounded once.

    * ``mpf``: rounded to the working precision (``+x``); a float or numpy floating: converted exactly, then rounded;
    * exact numbers (int, :class:`~fractions.Fraction`, any :class:`numbers.Rational` such as sympy's ``Rational``):
      numerator over denominator, one rounded division;
    * a decimal string (``"0.1"``, ``"1e-30"``): parsed by mpmath, one rounding;
    * other sympy numbers (``sqrt(2)``, ``pi``, ``Float``): evaluated by ``evalf`` with 10 guard digits, then rounded.

    Anything else (complex values, ``None``, non-numbers) raises :class:`~radontv.InvalidInput`.
    """
    if isinstance(x, mpmath.mpf):
        return +x
    if isinstance(x, float | np.floating):
        return mpmath.mpf(float(x))
    if isinstance(x, Fraction | int | np.integer) or isinstance(x, numbers.Rational):
        q = to_fraction(x)
        return mpmath.mpf(q.numerator) / q.denominator
    if isinstance(x, str):
        try:
            return mpmath.mpf(x)
        except ValueError:
            raise InvalidInput(f"cannot read {x!r} as a number; pass a decimal string such as '0.1'") from None
    if hasattr(x, "evalf") and getattr(x, "is_real", False):  # a real sympy number (duck-typed: no sympy import)
        return +mpmath.mpf(x.evalf(mpmath.mp.dps + 10))
    raise InvalidInput(f"cannot convert {x!r} of type {type(x).__name__} to mpf; pass a real number "
                       "(int, Fraction, float, mpf, a decimal string or a real sympy number)")


def _convert(x: Any, kind: Arithmetic) -> Any:
    if kind == "exact":
        return to_fraction(x)
    if kind == "mp":
        return to_mpf(x)
    return float(x) if not isinstance(x, Fraction) else x.numerator / x.denominator


def as_array(values: Any, kind: Arithmetic, *, name: str = "value") -> np.ndarray:
    """``values`` as a numpy array in arithmetic ``kind`` (object dtype for exact and mp, float64 for float).

    Entries are validated (finite numbers only) before conversion.
    """
    fast = numeric_array(values)
    if fast is not None and kind == "float":
        _check_finite(fast, name)
        return fast.astype(np.float64)  # a copy: the caller's array stays theirs
    arr = np.asarray(values, dtype=object)
    for x in arr.flat:
        _kind_of_scalar(x, name)
    if kind == "float":
        out = np.empty(arr.shape, dtype=np.float64)
        for idx, x in np.ndenumerate(arr):
            try:
                out[idx] = _convert(x, "float")
            except OverflowError:  # an integer or Fraction beyond 1.8e308
                raise InvalidInput(f"{name} has an entry too large for float arithmetic (above 1.8e308); "
                                   "use exact or mp arithmetic, or rescale the input") from None
        return out
    out = np.empty(arr.shape, dtype=object)
    for idx, x in np.ndenumerate(arr):
        out[idx] = _convert(x, kind)
    return out


def format_scalar(x: Any) -> str:
    """A short readable form of a number: Fractions exactly, mpf and float to 8 significant digits."""
    if isinstance(x, Fraction):
        return str(x)
    if isinstance(x, mpmath.mpf):
        return mpmath.nstr(x, 8)
    return f"{float(x):.8g}"


def format_array(arr: np.ndarray, limit: int = 6) -> str:
    """A short readable form of an array (nested for 2-D), showing at most ``limit`` entries per axis."""
    items = [format_scalar(x) if not isinstance(x, np.ndarray) else format_array(x, limit) for x in arr[:limit]]
    if len(arr) > limit:
        items.append(f"... ({len(arr) - limit} more)")
    return "[" + ", ".join(items) + "]"
