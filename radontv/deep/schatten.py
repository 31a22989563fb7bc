r"""Weight decay on L stacked linear layers is the Schatten-(2/L) quasi-norm (catalog E6).

For :math:`W \in \mathbb{R}^{m\times n}` with singular values :math:`s_1 \ge s_2 \ge \dots \ge 0` and an integer
:math:`L \ge 1`,

.. math::

    \min\Big\{\tfrac12 \sum_{\ell=1}^{L} \|W_\ell\|_F^2 : W_L \cdots W_1 = W\Big\}
    = \frac{L}{2} \sum_i s_i^{2/L} = \frac{L}{2} \|W\|_{S_{2/L}}^{2/L},

attained by the balanced SVD factorisation :math:`W = U \Sigma V^\top`, :math:`W_1 = \Sigma^{1/L} V^\top`,
:math:`W_\ell = \Sigma^{1/L}` (:math:`1 < \ell < L`), :math:`W_L = U \Sigma^{1/L}`.  Each factor then has
:math:`\|W_\ell\|_F^2 = \sum_i s_i^{2/L}`.  ``L = 1`` is :math:`\tfrac12\|W\|_F^2`; ``L = 2`` is the nuclear norm
:math:`\|W\|_*` (Srebro-type identity :math:`\|AB\|_* \le \tfrac12(\|A\|_F^2 + \|B\|_F^2)`).  Since
:math:`s^{2/L} \to 1` for :math:`s > 0`, :math:`(2/L)\cdot\text{value} \to \operatorname{rank} W` as
:math:`L \to \infty` (the value itself diverges).  Sources: [GK] §2 (the "well-known Schatten quasi-norm result"),
catalog E6; the lower bound is the singular-value inequality :math:`\sum_i s_i(W_L\cdots W_1)^{2/L} \le
\frac1L \sum_\ell \|W_\ell\|_F^2` (Hölder / AM-GM over the factors).

Conventions: the factor ½ is part of weight decay (as in ``ReLUNetwork.weight_decay``); ``W_1`` is applied first
(``W = W_L @ ... @ W_1``).

Arithmetics (``radontv.scalars``):

* ``'float'``: numpy's SVD; the value is a Python ``float``, the factors ``float64`` arrays.
* ``'mp'``: ``mpmath.svd_r`` at the caller's working precision (``mpmath.workdps``); value ``mpf``, factors
  ``object`` arrays of ``mpf``.
* ``'exact'`` (Fractions, ints): the value is irrational in general.  ``L = 1`` stays exact (a ``Fraction``, the
  factorisation is ``[W]``); for ``L >= 2`` the input is rounded once to mpmath's *current* working precision and
  the result is returned in ``'mp'`` (set the precision with ``mpmath.workdps``).
"""

from __future__ import annotations

import numbers
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from ..errors import InvalidInput
from ..scalars import Arithmetic, arithmetic_of, as_array
from ..typing import NumbersLike, NumericArray, Scalar

__all__ = ["balanced_factorization", "schatten_weight_decay", "singular_values"]


def _depth(L: Any) -> int:
    if isinstance(L, bool | np.bool_) or not isinstance(L, numbers.Integral):
        raise InvalidInput(f"L must be an integer number of layers (1, 2, 3, ...), got {L!r}")
    if int(L) < 1:
        raise InvalidInput(f"L must be at least 1 (the number of stacked linear layers), got {L!r}")
    return int(L)


def _matrix(W: Any) -> tuple[np.ndarray, Arithmetic]:
    if isinstance(W, mpmath.matrix):
        W = [[W[i, j] for j in range(W.cols)] for i in range(W.rows)]
    try:
        shape = np.shape(W)
    except ValueError as exc:  # ragged nested lists
        raise InvalidInput(f"W must be a rectangular 2-D matrix; got a ragged sequence ({exc})") from None
    if len(shape) != 2:
        raise InvalidInput(
            f"W must be a 2-D matrix (m, n), got shape {shape}; reshape a vector to (1, n) or (n, 1)"
        )
    if 0 in shape:
        raise InvalidInput(f"W must be non-empty, got shape {shape}; pass a matrix with at least one entry")
    kind = arithmetic_of(W, "W")
    return as_array(W, kind, name="W"), kind


def singular_values(W: NumbersLike) -> tuple[NumericArray, Arithmetic]:
    """The singular values of ``W`` (decreasing) and the arithmetic they are in (exact input -> ``'mp'``)."""
    arr, kind = _matrix(W)
    return _svd(arr, kind, compute_uv=False)[1], ("mp" if kind == "exact" else kind)


def _rounding_cutoff(s: np.ndarray, shape: tuple[int, ...], kind: Arithmetic) -> np.ndarray:
    """Set to 0 the singular values ``s_i <= 4 max(m, n) eps s_1``: at the SVD's rounding level, not data.

    Without the cutoff an exactly rank-deficient ``W`` contributes ``(eps s_1)^{2/L}`` per zero singular value,
    which for large ``L`` tends to ``s_1^0 = 1`` and spoils the rank limit; with it the error stays the SVD's own
    ``O(eps s_1)`` perturbation of ``W`` (the same rule as numpy's ``matrix_rank``, with a factor 4 of margin).
    """
    if len(s) == 0:
        return s
    eps = np.finfo(np.float64).eps if kind == "float" else mpmath.eps
    cutoff = 4 * max(shape) * eps * s[0]
    out = s.copy()
    out[np.array([x <= cutoff for x in s], dtype=bool)] = 0
    return out


def _svd(arr: np.ndarray, kind: Arithmetic, *, compute_uv: bool) -> tuple[Any, np.ndarray, Any]:
    """Thin SVD ``arr = U diag(s) Vt`` with ``p = min(m, n)`` singular values (float or mp), rounding-level
    singular values set to 0 (:func:`_rounding_cutoff`)."""
    if kind == "float":
        if not compute_uv:
            return None, _rounding_cutoff(np.linalg.svd(arr, compute_uv=False), arr.shape, kind), None
        U, s, Vt = np.linalg.svd(arr, full_matrices=False)
        return U, _rounding_cutoff(s, arr.shape, kind), Vt
    A = mpmath.matrix([[x if kind == "mp" else mpmath.mpf(x.numerator) / x.denominator for x in row] for row in arr])
    if not compute_uv:
        s = mpmath.svd_r(A, compute_uv=False)
        return None, _rounding_cutoff(np.array([s[i] for i in range(len(s))], dtype=object), arr.shape, kind), None
    U, s, Vt = mpmath.svd_r(A, full_matrices=False)
    p = len(s)
    Uo = np.array([[U[i, j] for j in range(p)] for i in range(U.rows)], dtype=object)
    Vo = np.array([[Vt[i, j] for j in range(Vt.cols)] for i in range(p)], dtype=object)
    return Uo, _rounding_cutoff(np.array([s[i] for i in range(p)], dtype=object), arr.shape, kind), Vo


def _root(s: Any, L: int, kind: Arithmetic) -> Any:
    """``s**(1/L)`` for a singular value ``s >= 0`` (float or mp)."""
    if kind == "float":
        return float(s) ** (1.0 / L)
    return mpmath.root(s, L) if s > 0 else mpmath.mpf(0)


def schatten_weight_decay(W: NumbersLike, L: int) -> Scalar:
    r"""``min{½ Σ_ℓ ‖W_ℓ‖_F² : W_L⋯W_1 = W} = (L/2) Σ_i s_i^{2/L}`` (catalog E6; [GK] §2).

    ``W`` is an ``(m, n)`` matrix (numbers of one arithmetic, or mixed and promoted), ``L >= 1`` an integer.
    Returns a ``float`` for float input, an ``mpf`` (at the current mpmath precision) for mp input and for exact
    input with ``L >= 2`` (the value is irrational in general), and a ``Fraction`` ``½‖W‖_F²`` for exact input with
    ``L = 1``.  ``L = 2`` is the nuclear norm.  In float and mp, singular values at the SVD's rounding level
    (``<= 4 max(m, n) eps s_1``) count as 0, so that an exactly rank-deficient matrix keeps its rank in the limit
    ``(2/L) value -> rank W``.  Raises :class:`~radontv.InvalidInput` for ``L < 1``, a non-integer
    ``L``, a non-finite entry, or ``W`` not a non-empty 2-D matrix.
    """
    L = _depth(L)
    arr, kind = _matrix(W)
    if L == 1 and kind == "exact":
        return Fraction(1, 2) * sum((x * x for x in arr.flat), Fraction(0))
    if L == 1 and kind == "float":
        return 0.5 * float(np.sum(arr * arr))
    if L == 1 and kind == "mp":  # directly, not through the SVD (s_1^2 + ... rounds twice)
        return mpmath.fsum(x * x for x in arr.flat) / 2
    _, s, _ = _svd(arr, kind, compute_uv=False)
    if kind == "float":
        return float(L / 2 * np.sum(s ** (2.0 / L)))
    two_over_L = mpmath.mpf(2) / L
    return mpmath.mpf(L) / 2 * mpmath.fsum(x**two_over_L if x > 0 else 0 for x in s)


def balanced_factorization(W: NumbersLike, L: int) -> list[NumericArray]:
    r"""The balanced SVD factorisation ``[W_1, ..., W_L]`` of ``W`` (``W_1`` applied first: ``W = W_L ⋯ W_1``).

    With the thin SVD ``W = U Σ Vᵀ`` (``p = min(m, n)`` singular values): ``W_1 = Σ^{1/L} Vᵀ`` (p × n),
    ``W_ℓ = Σ^{1/L}`` (p × p) for ``1 < ℓ < L``, ``W_L = U Σ^{1/L}`` (m × p); for ``L = 1`` the single factor is
    ``W`` itself.  Every factor has ``‖W_ℓ‖_F² = Σ s_i^{2/L}``, so ``½ Σ_ℓ ‖W_ℓ‖_F²`` equals
    :func:`schatten_weight_decay` (catalog E6).

    Inner widths: ``p = min(m, n)``, not the rank ``r`` of ``W``.  Deciding the rank of a float or mp matrix needs a
    threshold; with ``min(m, n)`` no threshold is involved, the product is ``W`` up to the SVD's rounding, and the
    ``p - r`` zero singular values only add zero rows/columns (which change neither the product nor the value).
    Widths ``>= rank W`` are necessary for any factorisation (catalog E6 pitfall), and ``min(m, n) >= rank W``.
    Singular values at the SVD's rounding level count as 0 here too (as in :func:`schatten_weight_decay`).

    Arithmetic: float input -> ``float64`` factors; mp input -> ``mpf`` factors at the current precision; exact
    input -> ``[W]`` exactly for ``L = 1``, and for ``L >= 2`` ``mpf`` factors at mpmath's current precision (the
    factors are irrational in general).  Bad input raises :class:`~radontv.InvalidInput` as in
    :func:`schatten_weight_decay`.
    """
    L = _depth(L)
    arr, kind = _matrix(W)
    if L == 1:
        return [arr.copy()]
    U, s, Vt = _svd(arr, kind, compute_uv=True)
    if kind == "float":
        r = np.array([_root(x, L, kind) for x in s], dtype=np.float64)
        first = r[:, None] * Vt
        last = U * r[None, :]
        middle = [np.diag(r) for _ in range(L - 2)]
        return [first, *middle, last]
    r = np.array([_root(x, L, "mp") for x in s], dtype=object)
    p = len(r)
    first = r[:, None] * Vt
    last = U * r[None, :]
    zero = mpmath.mpf(0)
    middle = []
    for _ in range(L - 2):
        D = np.full((p, p), zero, dtype=object)
        for i in range(p):
            D[i, i] = r[i]
        middle.append(D)
    return [first, *middle, last]
