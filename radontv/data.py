r"""Validation and normalisation of one-dimensional data sets :math:`(x_n, y_n)_{n=1}^N`.

Every univariate solver (interpolation in :mod:`radontv.splines`, regression in the ``training`` family) starts with
:func:`prepare_1d`, so that the rules for bad input are stated and enforced once:

* ``x`` and ``y`` are flat sequences of the same length of finite numbers (int, :class:`~fractions.Fraction`,
  :class:`mpmath.mpf` or float; NaN and inf are rejected);
* unsorted ``x`` is sorted, carrying ``y`` along (a stable sort);
* a repeated site ``x_j`` is merged into one site of multiplicity :math:`m_j`:

  - for **interpolation** the repeated values must be equal (exactly; in float, bit for bit, since any tolerance
    would depend on the scale of the data), otherwise no function interpolates and :class:`~radontv.InvalidInput`
    is raised;
  - for **regression** the values are averaged, :math:`\bar y_j = \frac1{m_j}\sum_{x_n = x_j} y_n`, and the
    least-squares loss is rewritten exactly as

    .. math::

        \tfrac12\sum_{n=1}^N (f(x_n) - y_n)^2
        = \tfrac12\sum_j m_j\,(f(x_j) - \bar y_j)^2 + \tfrac12\sum_j\sum_{x_n = x_j}(y_n - \bar y_j)^2 ,

    whose last term (``within_ss``, without the ½) does not depend on :math:`f`;
* after merging there must be at least two distinct sites (with one site the affine part of a TV²-minimizer is not
  determined, see Parhi & Nowak, JMLR 2021, Thm 1 with :math:`\dim\mathcal N_2 = 2`).

The arithmetic of the result follows :mod:`radontv.scalars` (exact < float < mp over ``x`` and ``y`` together).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .errors import InvalidInput
from .scalars import Arithmetic, arithmetic_of, as_array, promote
from .typing import NumbersLike, NumericArray, Scalar

__all__ = ["Data1D", "prepare_1d", "sorting_order"]


@dataclass(frozen=True)
class Data1D:
    r"""A validated one-dimensional data set, sorted by site, with repeated sites merged.

    Attributes
    ----------
    x : numpy.ndarray, shape (M,)
        The distinct sites, strictly increasing.  ``float64`` for float data; ``dtype=object`` holding
        :class:`~fractions.Fraction` (exact) or :class:`mpmath.mpf` (mp) otherwise.
    y : numpy.ndarray, shape (M,)
        The value at each site (for regression, the mean :math:`\bar y_j` over the repeats), same arithmetic.
    weights : numpy.ndarray of int64, shape (M,)
        The multiplicity :math:`m_j \ge 1` of each site in the input; ``weights.sum() == n_input``.
    within_ss : scalar
        :math:`\sum_j\sum_{x_n = x_j}(y_n - \bar y_j)^2`, the part of the residual sum of squares no function can
        remove (0 for interpolation, and whenever no site is repeated).  Same arithmetic as ``y``.
    arithmetic : {'exact', 'mp', 'float'}
        The arithmetic of ``x``, ``y`` and ``within_ss``.
    n_input : int
        The number of input pairs ``N`` before merging.
    """

    x: NumericArray
    y: NumericArray
    weights: NDArray[np.int64]
    within_ss: Scalar
    arithmetic: Arithmetic
    n_input: int

    @property
    def size(self) -> int:
        """The number ``M`` of distinct sites."""
        return int(self.x.shape[0])

    @property
    def merged(self) -> bool:
        """True when some site was repeated in the input."""
        return self.size != self.n_input


def _flat(values: Any, name: str) -> np.ndarray:
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        arr = values
    else:
        try:
            arr = np.asarray(values, dtype=object)
        except ValueError:  # ragged nested sequences
            raise InvalidInput(f"{name} is ragged; pass a flat sequence of numbers") from None
    if arr.ndim != 1:
        raise InvalidInput(f"{name} must be a flat sequence of numbers (shape (N,)); got shape {arr.shape}. "
                           f"Flatten it, e.g. numpy.ravel({name})")
    if arr.dtype == object and any(isinstance(e, list | tuple | np.ndarray) for e in arr):
        raise InvalidInput(f"{name} is ragged; pass a flat sequence of numbers")
    return arr


def _convert(arr: np.ndarray, kind: Arithmetic, name: str) -> np.ndarray:
    if arr.dtype.kind == "f" and kind == "float":
        out = np.ascontiguousarray(arr, dtype=np.float64)
        return out
    if arr.dtype.kind in "iu" and kind == "float":
        return arr.astype(np.float64)
    if arr.dtype.kind in "iu" and kind == "exact":
        return np.array([Fraction(int(v)) for v in arr], dtype=object)
    return as_array(arr, kind, name=name)


def _kind(arr: np.ndarray, name: str) -> Arithmetic:
    if arr.dtype.kind == "f":
        bad = ~np.isfinite(arr)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InvalidInput(f"{name}[{i}] = {arr[i]} is not finite; every entry of {name} must be a finite number "
                               "(drop or impute the missing values first)")
        return "float"
    if arr.dtype.kind in "iu":
        return "exact"
    try:
        return arithmetic_of(arr, name)
    except InvalidInput as err:
        raise InvalidInput(f"{err} (drop or impute the missing values first)") from None


def prepare_1d(x: NumbersLike, y: NumbersLike, *, interpolation: bool) -> Data1D:
    r"""Validate ``(x, y)``, sort by ``x``, merge repeated sites; see the module docstring for the rules.

    Parameters
    ----------
    x, y : array_like, shape (N,)
        Sites and values: finite ints, Fractions, mpfs or floats.  The arithmetic of the result is the promoted
        arithmetic of both (exact < float < mp).
    interpolation : bool, keyword-only
        ``True``: repeated sites must carry equal values (merged, weight = multiplicity); ``False`` (regression):
        repeated sites are averaged with weights equal to their multiplicities.

    Returns
    -------
    Data1D
        Sorted distinct sites ``x``, values ``y``, integer ``weights`` (multiplicities), ``within_ss``,
        ``arithmetic`` and ``n_input``.

    Raises
    ------
    InvalidInput
        If ``x`` or ``y`` is not flat, their lengths differ, an entry is NaN, inf or not a number, fewer than two
        distinct sites remain, or (interpolation only) one site carries two different values.

    Examples
    --------
    >>> d = prepare_1d([2, 0, 1, 0], [5, 1, 3, 1], interpolation=True)
    >>> [str(v) for v in d.x], [str(v) for v in d.y], d.weights.tolist()
    (['0', '1', '2'], ['1', '3', '5'], [2, 1, 1])
    >>> r = prepare_1d([0, 0, 1], [0, 2, 1], interpolation=False)
    >>> [str(v) for v in r.y], r.weights.tolist(), str(r.within_ss)
    (['1', '1'], [2, 1], '2')
    """
    if not isinstance(interpolation, bool):
        raise InvalidInput(f"interpolation must be True or False, got {interpolation!r}")
    xa, ya = _flat(x, "x"), _flat(y, "y")
    if xa.shape[0] != ya.shape[0]:
        raise InvalidInput(f"x and y must have the same length (one value per site); got {xa.shape[0]} sites and "
                           f"{ya.shape[0]} values")
    n = int(xa.shape[0])
    if n < 2:
        raise InvalidInput(f"need at least 2 data points (x, y), got {n}; a univariate fit needs two distinct sites")
    kind = promote(_kind(xa, "x"), _kind(ya, "y"))
    xs, ys = _convert(xa, kind, "x"), _convert(ya, kind, "y")
    if kind == "float" and bool(np.all(xs[1:] >= xs[:-1])):  # sorted floats (one pass) need no sort, only copies
        xs, ys = xs.copy(), ys.copy()  # (never the caller's arrays: the result must not change with them)
    else:
        order = np.argsort(xs, kind="stable")
        xs, ys = xs[order], ys[order]
    if kind == "float":
        new = np.empty(n, dtype=bool)
        new[0] = True
        np.not_equal(xs[1:], xs[:-1], out=new[1:])
    else:
        new = np.array([True] + [bool(xs[i] != xs[i - 1]) for i in range(1, n)], dtype=bool)
    zero = 0.0 if kind == "float" else (Fraction(0) if kind == "exact" else ys[0] * 0)
    if bool(new.all()):  # every site distinct (the common case at 10⁶ points): weights 1, nothing to merge
        return Data1D(xs, ys, np.ones(n, dtype=np.int64), zero, kind, n)
    starts = np.flatnonzero(new)
    weights = np.diff(np.append(starts, n)).astype(np.int64)
    if starts.shape[0] < 2:
        raise InvalidInput(f"all {n} data points share the site x = {xs[0]}; need at least 2 distinct sites")
    ux = xs[starts]
    if interpolation:
        if kind == "float":
            first = np.repeat(ys[starts], weights)
            clash = np.flatnonzero(ys != first)
        else:
            first = np.repeat(ys[starts], weights)
            clash = np.flatnonzero(np.array([bool(a != b) for a, b in zip(ys, first, strict=True)], dtype=bool))
        if clash.size:
            i = int(clash[0])
            raise InvalidInput(
                f"x contains the site {xs[i]} twice with different values y = {first[i]} and y = {ys[i]}: no function "
                "interpolates both; remove one of them, or fit by regression instead of interpolation"
            )
        return Data1D(ux, ys[starts], weights, zero, kind, n)
    if kind == "float":
        sums = np.add.reduceat(ys, starts)
        means = sums / weights
        dev = ys - np.repeat(means, weights)
        within: Scalar = float(np.add.reduce(dev * dev))  # pairwise sum: no BLAS threads, the same bits on any machine
        return Data1D(ux, means, weights, within, kind, n)
    sums = np.array([sum(ys[s:s + m], start=zero) for s, m in zip(starts, weights, strict=True)], dtype=object)
    means = np.array([s_ / int(m) for s_, m in zip(sums, weights, strict=True)], dtype=object)
    rep = np.repeat(means, weights)
    within = sum(((a - b) * (a - b) for a, b in zip(ys, rep, strict=True)), start=zero)
    return Data1D(ux, means, weights, within, kind, n)


#: :func:`sorting_order` packs the point's index into this many low bits of the sort key (so up to 2²⁰ points).
_INDEX_BITS = 20


def sorting_order(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A permutation that sorts the finite float64 array ``x``, and the sorted array: ``(order, x[order])``,
    ``x[order]`` non-decreasing, ties in any order.

    Same result contract as ``numpy.argsort(x)``, about three times faster at 10⁶ points: it sorts 64-bit integers
    instead of indirect indices (numpy's integer sort is vectorised, its argsort is not).  The key is the IEEE bit
    pattern made monotone (negative numbers: the 63 low bits flipped), its ``_INDEX_BITS`` low bits replaced by the
    point's index; points whose keys agree above those bits (relative differences below 2⁻³²) may come out of order
    and are put in order by one stable sort of the almost sorted result (linear on such data).  Above 2²⁰ points,
    or for other dtypes, ``numpy.argsort``.
    """
    n = x.shape[0]
    if x.dtype != np.float64 or x.ndim != 1 or n >= 1 << _INDEX_BITS:
        order = np.argsort(x)
        return order, x[order]
    bits = x.view(np.int64)
    key = bits ^ ((bits >> 63) & np.int64(0x7FFFFFFFFFFFFFFF))  # monotone: a < b as floats ⇔ key(a) <= key(b)
    key >>= _INDEX_BITS
    key <<= _INDEX_BITS
    key |= np.arange(n, dtype=np.int64)
    key.sort()
    order = key & np.int64((1 << _INDEX_BITS) - 1)
    xs = x[order]
    if n > 1 and not bool(np.all(xs[1:] >= xs[:-1])):
        fix = np.argsort(xs, kind="stable")
        order, xs = order[fix], xs[fix]
    return order, xs

