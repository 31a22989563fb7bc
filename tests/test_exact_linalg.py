"""Property tests of radontv.exact_linalg (exact Gauss–Jordan elimination) against sympy, an independent route.

Expected values: sympy's ``Matrix.rank``, ``Matrix.rref`` and ``Matrix.LUsolve`` (a different elimination, in sympy's
own rationals); the solutions are also substituted back exactly.  Negative controls: the comparisons reject a
perturbed solution, a transposed solve and a wrong rank.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from radontv import InvalidInput
from radontv.exact_linalg import exact_rank, row_reduce, solve_exact
from radontv.testing import scaled_examples
from radontv.testing.strategies import scalars

entries = scalars(arithmetic="exact", max_magnitude=6, max_denominator=5)


@st.composite
def matrices(draw: st.DrawFn, square: bool = True) -> list[list[Fraction]]:
    """Small rational matrices, often singular: some rows are rational combinations of earlier ones."""
    n = draw(st.integers(0, 6))
    m = n if square else draw(st.integers(0, 6))
    rows: list[list[Fraction]] = []
    for _ in range(n):
        if rows and draw(st.booleans()) and draw(st.booleans()):  # about a quarter: a dependent row
            coefs = draw(st.lists(entries, min_size=len(rows), max_size=len(rows)))
            rows.append([sum((c * r[k] for c, r in zip(coefs, rows, strict=True)), Fraction(0)) for k in range(m)])
        else:
            rows.append(draw(st.lists(entries, min_size=m, max_size=m)))
    return rows


def _sympy(A: list[list[Fraction]], n_cols: int) -> sympy.Matrix:
    return sympy.Matrix(len(A), n_cols, lambda i, j: sympy.Rational(A[i][j].numerator, A[i][j].denominator))


def _as_fractions(M: sympy.Matrix) -> list[list[Fraction]]:
    return [[Fraction(int(M[i, j].p), int(M[i, j].q)) for j in range(M.cols)] for i in range(M.rows)]


def _solves(A: list[list[Fraction]], z: list[Fraction], b: list[Fraction]) -> bool:
    return all(sum((a * x for a, x in zip(row, z, strict=True)), Fraction(0)) == bi
               for row, bi in zip(A, b, strict=True))


@given(matrices(square=False))
@settings(max_examples=scaled_examples(0.5))  # sympy eliminations per example
def test_rank_and_reduced_form_agree_with_sympy(A):
    n_cols = len(A[0]) if A else 0
    S = _sympy(A, n_cols)
    R, pivots = row_reduce(A)
    expected_R, expected_pivots = S.rref()
    assert exact_rank(A) == S.rank() == len(pivots)
    assert pivots == list(expected_pivots)
    assert R == _as_fractions(expected_R)
    if A and S.rank() > 0:  # negative control: the comparison sees a wrong rank and a changed reduced form
        assert exact_rank(A) - 1 != S.rank()
        wrong = [row[:] for row in R]
        wrong[0][pivots[0]] += 1
        assert wrong != _as_fractions(expected_R)


@given(matrices(), st.data())
@settings(max_examples=scaled_examples(0.5))  # sympy eliminations per example
def test_solve_agrees_with_sympy(A, data):
    n = len(A)
    b = data.draw(st.lists(entries, min_size=n, max_size=n))
    S = _sympy(A, n)
    z = solve_exact(A, b)
    if S.rank() < n:
        assert z is None
        return
    assert z is not None and all(isinstance(x, Fraction) for x in z)
    expected = S.LUsolve(_sympy([[v] for v in b], 1))
    assert z == [row[0] for row in _as_fractions(expected)]
    assert _solves(A, z, b)
    if n:  # negative controls: a perturbed solution and, for a non-symmetric A, the transposed solve are rejected
        assert not _solves(A, [z[0] + Fraction(1, 3), *z[1:]], b)
        zt = solve_exact([list(col) for col in zip(*A, strict=True)], b)  # a wrong solver: A^T z = b
        if zt is not None and zt != z:
            assert not _solves(A, zt, b)


@given(matrices(), st.data(), st.sampled_from([Fraction(1, 10**8), Fraction(10**8)]))
@settings(max_examples=scaled_examples(0.5))
def test_solution_is_unchanged_when_the_system_is_rescaled(A, data, scale):
    n = len(A)
    b = data.draw(st.lists(entries, min_size=n, max_size=n))
    z = solve_exact(A, b)
    assert solve_exact([[scale * a for a in row] for row in A], [scale * v for v in b]) == z
    assert exact_rank([[scale * a for a in row] for row in A]) == exact_rank(A)


def test_small_cases_by_hand():
    assert solve_exact([], []) == [] and exact_rank([]) == 0
    assert solve_exact([[2]], [3]) == [Fraction(3, 2)]
    assert solve_exact([[0, 1], [1, 0]], [5, 7]) == [7, 5]  # needs a row swap
    assert solve_exact([[1, 2], [2, 4]], [1, 2]) is None  # singular, although consistent
    assert solve_exact([[1, 2], [2, 4]], [1, 3]) is None  # singular and inconsistent
    assert exact_rank([[1, 2, 3], [2, 4, 6]]) == 1 and exact_rank([[0, 0]]) == 0


@pytest.mark.parametrize("args, match", [
    (([[1, 2], [3]], [1, 2]), "square"),
    (([[1, 2], [3, 4]], [1]), "b of length"),
    (([[1, 2, 3], [3, 4, 5]], [1, 2]), "square"),
    (([[0.5, 1], [1, 2]], [1, 2]), "Fraction"),
    (([[1, 0], [0, 1]], [float("nan"), 1]), "Fraction"),
    (([[True, 0], [0, 1]], [1, 1]), "boolean"),
])
def test_bad_input_raises_invalid_input(args, match):
    with pytest.raises(InvalidInput, match=match):
        solve_exact(*args)


def test_ragged_rows_raise_invalid_input():
    with pytest.raises(InvalidInput, match="rectangular"):
        exact_rank([[1, 2], [3]])


def test_a_column_without_pivot_is_skipped_not_the_end():
    """Mutation gap: a zero column before nonzero ones (random matrices almost never have one) must not stop the
    elimination; sympy's rref is the reference."""
    for A in ([[0, 1], [0, 2]], [[0, 0, 3], [0, 0, 1], [0, 2, 0]], [[0, 1, 2], [0, 2, 4], [0, 0, 0]]):
        R, pivots = row_reduce(A)
        reference, ref_pivots = sympy.Matrix(A).rref()
        assert pivots == list(ref_pivots) and sympy.Matrix(R) == reference
        assert exact_rank(A) == sympy.Matrix(A).rank() > 0
    # negative control: stopping at the first pivot-free column would give rank 0 here
    assert exact_rank([[0, 1]]) == 1 != 0


def test_other_rationals_keep_their_denominators():
    """Mutation gap: rationals that are not Fractions (sympy's, numpy integers) convert with their denominators."""
    import numpy as np

    assert solve_exact([[1]], [sympy.Rational(1, 3)]) == [Fraction(1, 3)]
    assert solve_exact([[sympy.Rational(2, 3)]], [1]) == [Fraction(3, 2)]
    assert solve_exact([[np.int64(4)]], [np.int64(2)]) == [Fraction(1, 2)]
    assert solve_exact([[1]], [sympy.Rational(1, 3)]) != [Fraction(1)]  # negative control: the numerator alone


@pytest.mark.parametrize("call, message", [
    (lambda: row_reduce([[0.5]]), "A contains 0.5 of type float; exact elimination needs int or Fraction entries "
                                  "(convert a float f exactly with Fraction(f))"),
    (lambda: solve_exact([[1]], [0.5]), "b contains 0.5 of type float; exact elimination needs int or Fraction "
                                        "entries (convert a float f exactly with Fraction(f))"),
    (lambda: solve_exact([[0.5]], [1]), "A contains 0.5 of type float"),
    (lambda: exact_rank([[1, 2], [3]]), "A has rows of different lengths [1, 2]; pass a rectangular matrix (a list of "
                                        "equally long rows)"),
])
def test_errors_name_the_argument_and_the_fix(call, message):
    """Mutation gap: the messages name the argument (A or b), the offending entry and its type, and the fix."""
    with pytest.raises(InvalidInput) as info:
        call()
    assert str(info.value).startswith(message)
