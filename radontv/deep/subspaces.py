r"""Subspace bookkeeping for layer pruning, in the three arithmetics (exact Fractions, mpmath, float64).

Everything is built on *unnormalised* Gram–Schmidt, which stays rational on rational input: for rows
:math:`b_1, b_2, \dots` taken in a given priority order, :math:`q_j = b_j - \sum_{i<j} \frac{b_j\cdot q_i}{q_i\cdot
q_i} q_i`, keeping :math:`b_j` iff :math:`q_j \ne 0`.  In exact arithmetic "≠ 0" is exact; in float and mp a row is
dependent when its residual is at most ``zero_tolerance(kind)`` times its norm (float: :math:`2^{-33}`, mp:
:math:`10^{-\lceil 2\,\mathrm{dps}/3\rceil}`), and the projection is applied twice (re-orthogonalisation) for
stability.  The chosen rows :math:`B` satisfy :math:`b_j = q_j + \sum_{i<j} T_{ji} q_i` with a unit lower triangular
:math:`T`, which :func:`solve_in_span` uses to write a matrix whose rows lie in the span as :math:`E\,B`.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from ..exact_linalg import row_reduce
from ..scalars import Arithmetic

__all__ = ["Basis", "exact_null_space", "greedy_basis", "numeric_null_vector", "restrict_null_space", "solve_in_span",
           "zero_tolerance"]


def zero_tolerance(kind: Arithmetic) -> Any:
    """Relative size below which a float/mp residual counts as zero (0 for exact)."""
    if kind == "exact":
        return Fraction(0)
    if kind == "float":
        return 2.0**-33
    return mpmath.mpf(10) ** (-((2 * mpmath.mp.dps + 2) // 3))


def _zero(kind: Arithmetic) -> Any:
    return Fraction(0) if kind == "exact" else (mpmath.mpf(0) if kind == "mp" else 0.0)


def _dot(a: np.ndarray, b: np.ndarray, kind: Arithmetic) -> Any:
    if kind == "float":
        return float(a @ b)
    return sum((x * y for x, y in zip(a, b, strict=True)), _zero(kind))


class Basis:
    """An orthogonal (unnormalised) basis ``Q`` (rows) of the span of chosen rows ``B = rows[chosen]``."""

    def __init__(self, kind: Arithmetic, dim: int) -> None:
        self.kind = kind
        self.dim = dim
        self.chosen: list[int] = []
        self.Q: list[np.ndarray] = []
        self.qq: list[Any] = []

    @property
    def rank(self) -> int:
        return len(self.Q)

    def matrix(self) -> np.ndarray:
        """``Q`` as an (r, dim) array (r may be 0)."""
        dtype = np.float64 if self.kind == "float" else object
        if not self.Q:
            return np.zeros((0, self.dim), dtype=dtype)
        return np.array(self.Q, dtype=dtype)

    def coords(self, X: np.ndarray) -> np.ndarray:
        """Coefficients of the rows of ``X`` (n × dim) on the basis: ``X Qᵀ diag(1/qq)`` (n × r)."""
        Q = self.matrix()
        C = X.dot(Q.T)
        if self.rank:
            C = C / np.array(self.qq, dtype=C.dtype)[None, :]
        return C

    def residual(self, X: np.ndarray) -> np.ndarray:
        """``X`` minus its projection on the span (applied twice in float/mp)."""
        R = X - self.coords(X).dot(self.matrix())
        if self.kind != "exact" and self.rank:
            R = R - self.coords(R).dot(self.matrix())
        return R

    def offer(self, index: int, row: np.ndarray) -> bool:
        """Add ``row`` (remembered as ``index``) if it is independent of the basis; return whether it was."""
        res = self.residual(row[None, :])[0]
        rr = _dot(res, res, self.kind)
        if self.kind == "exact":
            keep = rr != 0
        else:
            bb = _dot(row, row, self.kind)
            keep = bb > 0 and rr > zero_tolerance(self.kind) ** 2 * bb
        if keep:
            self.chosen.append(index)
            self.Q.append(res)
            self.qq.append(rr)
        return bool(keep)


def greedy_basis(rows: np.ndarray, kind: Arithmetic, order: Sequence[int] | None = None) -> Basis:
    """The rows of ``rows`` taken greedily in ``order`` (default: 0, 1, ...), keeping the independent ones."""
    basis = Basis(kind, rows.shape[1])
    for i in range(rows.shape[0]) if order is None else order:
        basis.offer(int(i), rows[int(i)])
    return basis


def solve_in_span(basis: Basis, rows: np.ndarray, R: np.ndarray) -> np.ndarray:
    """``E`` with ``E @ rows[basis.chosen] == R`` for ``R`` whose rows lie in the span (exact for Fractions).

    With ``rows[chosen] = T Q`` (``T`` unit lower triangular) and ``R = C Q``: ``E T = C``, solved backwards."""
    r = basis.rank
    C = basis.coords(R)  # n x r
    if r == 0:
        return C
    T = basis.coords(rows[basis.chosen])  # r x r, lower triangular
    E = C.copy()
    for i in range(r - 1, -1, -1):
        col = C[:, i]
        for j in range(i + 1, r):
            col = col - E[:, j] * T[j, i]
        E[:, i] = col / T[i, i]
    return E


def exact_null_space(M: np.ndarray) -> list[np.ndarray]:
    """A basis of ``{a : M a = 0}`` over the rationals: from the reduced row echelon form ``R`` of ``M``
    (:func:`radontv.exact_linalg.row_reduce`), one vector per free column ``f``: ``a_f = 1``, ``a_p = -R[i][f]`` at
    the ``i``-th pivot column ``p``, 0 elsewhere (Strang, *Introduction to Linear Algebra*, §3.2)."""
    n = M.shape[1]
    R, pivots = row_reduce(M.tolist()) if M.shape[0] else ([], [])
    basis = []
    for free in (c for c in range(n) if c not in set(pivots)):
        a = [Fraction(0)] * n
        a[free] = Fraction(1)
        for i, c in enumerate(pivots):
            a[c] = -R[i][free]
        basis.append(np.array(a, dtype=object))
    return basis


def restrict_null_space(basis: list[np.ndarray], index: int) -> list[np.ndarray]:
    """The basis of ``{z in span(basis) : z[index] = 0}`` (one elimination step, exact)."""
    p = next((i for i, z in enumerate(basis) if z[index] != 0), None)
    if p is None:
        return basis
    pivot = basis[p]
    return [z - (z[index] / pivot[index]) * pivot if z[index] != 0 else z for i, z in enumerate(basis) if i != p]


def numeric_null_vector(M: np.ndarray, kind: Arithmetic) -> np.ndarray:
    """The right singular vector of the smallest singular value of ``M`` (m × n, n > m: a true null vector)."""
    if kind == "float":
        return np.linalg.svd(M.astype(np.float64), full_matrices=True)[2][-1]
    A = mpmath.matrix(M.tolist())
    _, _, Vt = mpmath.svd_r(A, full_matrices=True)
    n = M.shape[1]
    return np.array([Vt[n - 1, j] for j in range(n)], dtype=object)
