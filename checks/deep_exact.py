r"""Exact tools shared by the deep-family checks (:mod:`radontv.checks.deep`; the multivariate checks use its rank and
inverse): rational linear algebra, rational unit vectors, random instances, an independent sparsification route, and a
hand-built instance whose only multi-task lasso solution has more neurons than points.

Everything here is written from the definitions with :class:`fractions.Fraction` (Gaussian elimination), so that the
checks compare the implementation in :mod:`radontv.deep` with code that shares none of it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath

from radontv.scalars import to_mpf

from . import _instances

__all__ = [
    "Matrix",
    "TightInstance",
    "col_basis",
    "fractions",
    "inverse",
    "matmul",
    "nonzero_columns",
    "nullspace_vector",
    "rank",
    "rational",
    "sparsify",
    "tight_instance",
    "transpose",
    "unit_vector",
]

Matrix = list[list[Fraction]]


def rational(rng: random.Random, lo: int = -9, hi: int = 9, den: int = 5) -> Fraction:
    """A random small rational in [lo, hi] with denominator at most ``den`` (:func:`checks._instances.rational` with
    the deep checks' defaults)."""
    return _instances.rational(rng, lo, hi, den)


def fractions(A: Any) -> Matrix:
    """A 2-D array-like of ints/Fractions as a list of Fraction rows (raises TypeError on inexact entries)."""
    rows = [list(r) for r in A]
    out = []
    for r in rows:
        row = []
        for x in r:
            if isinstance(x, bool) or not isinstance(x, int | Fraction):
                raise TypeError(f"expected an exact entry, got {x!r}")
            row.append(Fraction(x))
        out.append(row)
    return out


def transpose(A: Matrix) -> Matrix:
    return [list(c) for c in zip(*A, strict=True)] if A else []


def matmul(A: Matrix, B: Matrix) -> Matrix:
    """The exact product A B (A: m x k, B: k x n)."""
    Bt = transpose(B)
    return [[sum((a * b for a, b in zip(row, col, strict=True)), start=Fraction(0)) for col in Bt] for row in A]


def _echelon(A: Matrix) -> tuple[Matrix, list[int]]:
    """Reduced row echelon form of A and its pivot columns (exact Gauss-Jordan elimination)."""
    # Independent route: radontv.exact_linalg.row_reduce does this for radontv.deep, which these checks test.
    M = [list(r) for r in A]
    pivots: list[int] = []
    row = 0
    ncols = len(M[0]) if M else 0
    for col in range(ncols):
        pivot = next((i for i in range(row, len(M)) if M[i][col] != 0), None)
        if pivot is None:
            continue
        M[row], M[pivot] = M[pivot], M[row]
        p = M[row][col]
        M[row] = [x / p for x in M[row]]
        for i in range(len(M)):
            if i != row and M[i][col] != 0:
                f = M[i][col]
                M[i] = [a - f * b for a, b in zip(M[i], M[row], strict=True)]
        pivots.append(col)
        row += 1
        if row == len(M):
            break
    return M, pivots


def inverse(A: Matrix) -> Matrix:
    """The exact inverse of a square rational matrix (Gauss-Jordan on ``[A | I]``); ValueError if A is singular."""
    n = len(A)
    R, piv = _echelon([[*map(Fraction, row), *(Fraction(int(i == j)) for j in range(n))] for i, row in enumerate(A)])
    if piv[:n] != list(range(n)):
        raise ValueError("the matrix is singular")
    return [row[n:] for row in R]


def rank(A: Matrix) -> int:
    """The exact rank of a rational matrix."""
    return len(_echelon(A)[1]) if A and A[0] else 0


def col_basis(A: Matrix) -> Matrix:
    """Columns of A (as a matrix with those columns) forming a basis of its column space."""
    _, piv = _echelon(A)
    return [[row[j] for j in piv] for row in A]


def nullspace_vector(A: Matrix) -> list[Fraction] | None:
    """A nonzero x with A x = 0 exactly, or None when the columns of A are independent."""
    n = len(A[0])
    R, piv = _echelon(A)
    free = [j for j in range(n) if j not in piv]
    if not free:
        return None
    f = free[0]
    x = [Fraction(0)] * n
    x[f] = Fraction(1)
    for i, p in enumerate(piv):
        x[p] = -R[i][f]
    return x


def nonzero_columns(V: Any) -> list[int]:
    """Indices of the columns of V (D x K) with a nonzero entry."""
    rows = [list(r) for r in V]
    return [k for k in range(len(rows[0]))
            if any(r[k] != 0 for r in rows)] if rows else []


#: A random rational unit vector (inverse stereographic projection): :func:`checks._instances.rational_unit_vector`.
unit_vector = _instances.rational_unit_vector


# -- an independent sparsification route ([SPLN24] Thm 10, proof) ---------------------------------------------------
def _project_columns(V: Matrix, Psi: Matrix) -> Matrix:
    """P V with P the orthogonal projector onto the column space of Psi (exact): keeps V Phi = Psi when Psi = V Phi,
    and does not raise any ||v_k||_2."""
    B = col_basis(Psi)  # D x r
    if not B or not B[0]:
        return [[Fraction(0)] * len(V[0]) for _ in V]
    Bt = transpose(B)
    G = matmul(Bt, B)  # r x r, invertible
    P = matmul(matmul(B, inverse(G)), Bt)
    return matmul(P, V)


def _norm(v: Sequence[Fraction]) -> mpmath.mpf:
    s = sum((x * x for x in v), start=Fraction(0))
    return mpmath.sqrt(to_mpf(s))


def sparsify(V: Matrix, Phi: Matrix, Psi: Matrix, *, dps: int) -> Matrix:
    r"""A feasible V' (Psi = V' Phi exactly) with :math:`\sum_k\|v'_k\|_2 \le \sum_k\|v_k\|_2` and linearly independent
    rank-one terms :math:`v'_k\varphi_k^\top`, hence at most :math:`r_\Phi r_\Psi` nonzero columns.

    [SPLN24] Thm 10's argument, in exact rationals: project every :math:`v_k` onto the column space of :math:`\Psi`
    (a contraction that keeps :math:`V\Phi = \Psi`); while the terms :math:`v_k\varphi_k^\top` (which then lie in
    :math:`\mathrm{col}(\Psi)\otimes\mathrm{row}(\Phi)`, dimension :math:`r_\Psi r_\Phi`) are dependent, with
    :math:`\sum_k\gamma_k v_k\varphi_k^\top = 0`, move :math:`v_k \to (1 + t\gamma_k)v_k`: feasible for every t, and
    the objective is linear in t until a factor vanishes, so one direction does not increase it and stops at a
    vanishing column.  The sign of the slope :math:`\sum_k\gamma_k\|v_k\|_2` is taken at ``dps + 20`` digits
    (a slope below :math:`10^{-dps}` relative is treated as zero: then either direction keeps the objective).
    """
    V = _project_columns(V, Psi)
    D = len(V)
    N = len(Phi[0])
    while True:
        support = nonzero_columns(V)
        if not support:
            return V
        terms = [[V[i][k] * Phi[k][n] for i in range(D) for n in range(N)] for k in support]
        gamma = nullspace_vector(transpose(terms))
        if gamma is None:
            return V
        with mpmath.workdps(dps + 20):
            norms = [_norm([V[i][k] for i in range(D)]) for k in support]
            slope = mpmath.fsum(to_mpf(g) * n for g, n in zip(gamma, norms,
                                                                                            strict=True))
            size = mpmath.fsum(abs(to_mpf(g)) * n for g, n in zip(gamma, norms,
                                                                                               strict=True))
            if slope > size * mpmath.mpf(10) ** (-dps):
                gamma = [-g for g in gamma]
        if all(g >= 0 for g in gamma):  # slope ~ 0 and no column vanishes this way: go the other way
            gamma = [-g for g in gamma]
        t = min(-1 / g for g in gamma if g < 0)
        for g, k in zip(gamma, support, strict=True):
            f = 1 + t * g
            for i in range(D):
                V[i][k] = V[i][k] * f if f != 0 else Fraction(0)



# -- a dictionary instance whose only solution has more neurons than points -------------------------------------
@dataclass(frozen=True)
class TightInstance:
    r"""Two points in :math:`\mathbb R^2`, two outputs, and a dictionary of unit-weight ReLU neurons.

    ``W``, ``b``: the dictionary (rows of W are rational unit vectors); ``X``: the points (N x d); ``Phi``: features
    :math:`\sigma(w_k^\top x_n - b_k)` (K x N); ``Psi``: the targets (D x N); ``optimum``: the exact optimal value of
    :math:`\min\sum_k\|v_k\|_2` s.t. :math:`V\Phi = \Psi`; ``solution``: the unique optimal V (3 nonzero columns);
    ``dual``: a dual certificate :math:`\Lambda` (D x N) with :math:`\|\Lambda\varphi_k\|_2 \le 1` for every k.
    """

    X: Matrix
    W: Matrix
    b: list[Fraction]
    Phi: Matrix
    Psi: Matrix
    optimum: Fraction
    solution: Matrix
    dual: Matrix


def tight_instance() -> TightInstance:
    r"""N = 2 points, D = 2 outputs, and a dictionary in which every solution has 3 > N neurons.

    Points :math:`x_1 = (0, 0)`, :math:`x_2 = (17/15, 0)`.  The active neurons (unit w) have features
    :math:`\varphi_1 = (1, 0)` (w = (-1, 0), b = -1), :math:`\varphi_2 = (0, 1)` (w = (1, 0), b = 2/15) and
    :math:`\varphi_3 = (7/25, 24/25)` (w = (3/5, 4/5), b = -7/25), all of norm 1; the others have
    :math:`\|\varphi_k\|_2 < 1`.  Targets :math:`\Psi = \sum_{k\le3}\varphi_k\varphi_k^\top`.  With the dual
    :math:`\Lambda = I`: any feasible V has :math:`\sum_k\|v_k\| \ge \sum_k\langle\Lambda\varphi_k, v_k\rangle =
    \langle\Lambda, \Psi\rangle = \mathrm{tr}\,\Psi = 3`, attained by :math:`v_k = \varphi_k` (k ≤ 3); equality
    forces :math:`v_k = 0` where :math:`\|\varphi_k\| < 1` and :math:`v_k = a_k\varphi_k` (:math:`a_k \ge 0`)
    otherwise, and :math:`\sum_k a_k\varphi_k\varphi_k^\top = \Psi` has the unique solution a = (1, 1, 1) because the
    three outer products are linearly independent.  So every solution has exactly 3 neurons: more than N = 2 and
    more than :math:`r_\Phi = 2`, within :math:`\min\{N^2, ND\} = r_\Phi r_\Psi = 4`.
    """
    F = Fraction
    X = [[F(0), F(0)], [F(17, 15), F(0)]]
    W = [[F(-1), F(0)], [F(1), F(0)], [F(3, 5), F(4, 5)],
         [F(0), F(1)], [F(4, 5), F(-3, 5)], [F(-5, 13), F(12, 13)], [F(1), F(0)]]
    b = [F(-1), F(2, 15), F(-7, 25), F(-1, 2), F(0), F(-1, 3), F(1, 2)]
    Phi = [[max(F(0), sum((wi * xi for wi, xi in zip(w, x, strict=True)), start=F(0)) - bk) for x in X]
           for w, bk in zip(W, b, strict=True)]
    active = Phi[:3]
    Psi = [[sum((phi[i] * phi[j] for phi in active), start=F(0)) for j in range(2)] for i in range(2)]
    solution = [[active[k][i] if k < 3 else F(0) for k in range(len(W))] for i in range(2)]
    return TightInstance(X, W, b, Phi, Psi, F(3), solution, [[F(1), F(0)], [F(0), F(1)]])
