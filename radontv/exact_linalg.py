r"""Exact linear algebra over the rationals: Gauss–Jordan elimination in :class:`fractions.Fraction`.

One routine, :func:`row_reduce`, brings a matrix to its *reduced row echelon form* by the elementary row operations
(swap two rows, scale a row by a nonzero rational, add a multiple of one row to another), each exact in
:math:`\mathbb Q`; the first nonzero entry of a column below the current row is the pivot (no pivoting for size:
there is no rounding to control).  From it:

* :func:`exact_rank` — the number of pivots, which is the rank (row operations are invertible, and the nonzero rows of
  an echelon form are independent);
* :func:`solve_exact` — for square :math:`A`, the unique solution of :math:`Az = b` when :math:`A` is invertible
  (rank :math:`n`: the reduced form of :math:`[A \mid b]` is :math:`[I \mid z]`), ``None`` when :math:`A` is singular.

Source: any linear-algebra text, e.g. G. Strang, *Introduction to Linear Algebra*, 5th ed. (2016), §2.2 (elimination),
§3.3 (the reduced row echelon form and the rank); exact rational elimination costs :math:`O(n^3)` operations on
rationals whose sizes stay polynomial (J. Edmonds, "Systems of distinct representatives and linear algebra", J. Res.
NBS 71B (1967)).  Used by the lasso solver (:mod:`radontv.lasso`) and the exact checks of the training family.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from fractions import Fraction

from .errors import InvalidInput

__all__ = ["exact_rank", "row_reduce", "solve_exact"]


def _exact(x: object, name: str) -> Fraction:
    if isinstance(x, bool):
        raise InvalidInput(f"{name} contains a boolean {x!r}; pass exact numbers (int or Fraction)")
    if isinstance(x, Fraction):
        return x
    if isinstance(x, numbers.Rational):  # int, numpy integers, sympy Rational
        return Fraction(int(x.numerator), int(x.denominator))
    raise InvalidInput(f"{name} contains {x!r} of type {type(x).__name__}; exact elimination needs int or Fraction "
                       "entries (convert a float f exactly with Fraction(f))")


def _matrix(A: Sequence[Sequence[object]], name: str) -> list[list[Fraction]]:
    rows = [list(row) for row in A]
    if rows and any(len(row) != len(rows[0]) for row in rows):
        raise InvalidInput(f"{name} has rows of different lengths {sorted({len(r) for r in rows})}; pass a "
                           "rectangular matrix (a list of equally long rows)")
    return [[_exact(x, name) for x in row] for row in rows]


def row_reduce(A: Sequence[Sequence[object]]) -> tuple[list[list[Fraction]], list[int]]:
    """The reduced row echelon form of ``A`` (a list of rows) and the pivot columns, exactly in rationals.

    Raises :class:`~radontv.InvalidInput` for ragged rows or inexact entries (floats: convert them with
    ``Fraction(f)`` first)."""
    # checks/deep_exact.py _echelon repeats this elimination on purpose: the checks' independent route for radontv.deep.
    R = _matrix(A, "A")
    n_rows, n_cols = len(R), len(R[0]) if R else 0
    pivots: list[int] = []
    row = 0
    for col in range(n_cols):
        if row == n_rows:
            break
        pivot = next((i for i in range(row, n_rows) if R[i][col] != 0), None)
        if pivot is None:
            continue
        R[row], R[pivot] = R[pivot], R[row]
        inv = 1 / R[row][col]
        R[row] = [x * inv for x in R[row]]
        for i in range(n_rows):
            if i != row and R[i][col] != 0:
                f = R[i][col]
                R[i] = [x - f * y for x, y in zip(R[i], R[row], strict=True)]
        pivots.append(col)
        row += 1
    return R, pivots


def exact_rank(A: Sequence[Sequence[object]]) -> int:
    """The rank of ``A`` over the rationals (the number of pivots of its reduced row echelon form)."""
    return len(row_reduce(A)[1])


def solve_exact(A: Sequence[Sequence[object]], b: Sequence[object]) -> list[Fraction] | None:
    """The solution ``z`` of ``A z = b`` for a square ``A`` in exact rationals; ``None`` when ``A`` is singular.

    ``A`` is a list of ``n`` rows of length ``n``, ``b`` a list of ``n`` numbers (``n = 0`` gives ``[]``).  Raises
    :class:`~radontv.InvalidInput` when the shapes do not fit or an entry is not exact."""
    rows = [list(row) for row in A]
    rhs = list(b)
    n = len(rows)
    if len(rhs) != n or any(len(row) != n for row in rows):
        raise InvalidInput(f"solve_exact needs a square A (n rows of length n) and b of length n; got {n} rows of "
                           f"lengths {sorted({len(r) for r in rows})} and b of length {len(rhs)}")
    R, pivots = row_reduce([[*row, _exact(bi, "b")] for row, bi in zip(rows, rhs, strict=True)])
    if pivots[:n] != list(range(n)):  # a missing pivot among A's columns: A is singular
        return None
    return [R[i][n] for i in range(n)]
