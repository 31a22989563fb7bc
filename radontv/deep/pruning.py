r"""Layer pruning by the multi-task lasso, with an exact Carathéodory step and a duality certificate (catalog E8, B7).

For a layer with features :math:`\Phi` (K features × N points, rows :math:`\varphi_k`) and outputs :math:`\Psi`
(D × N), [SPLN24] Thm 10–11 (proof, eq. (50)) replaces the output weights by a solution of

.. math::

    \min_{V \in \mathbb{R}^{D\times K}} \sum_k \|v_k\|_2 \quad\text{s.t.}\quad V\Phi = \Psi
    \qquad\Big(\text{dual: } \max_\Lambda \langle\Lambda,\Psi\rangle,\ \|\Lambda\varphi_k\|_2 \le 1\Big),

and some solution has at most :math:`r_\Phi r_\Psi` nonzero columns (:math:`r_\Phi = \operatorname{rank}\Phi`,
:math:`r_\Psi = \operatorname{rank}\Psi`).  :func:`prune_layer` computes one:

1. a float solution of the group lasso and a dual-feasible :math:`\Lambda` (:mod:`radontv.deep.group_lasso`, IRLS);
2. exact feasibility in the arithmetic of the input: the float columns above :math:`10^{-9}` of the largest are
   rounded and the residual :math:`\Psi - V\Phi` (whose rows lie in the row space of :math:`\Phi`) is written on a
   basis of features chosen support first (:mod:`radontv.deep.subspaces`);
3. Carathéodory sparsification: every column is projected on :math:`\operatorname{col}\Psi` (keeps
   :math:`V\Phi = P\Psi = \Psi`, does not raise :math:`\|v_k\|`); then, while the rank-one matrices
   :math:`v_k\varphi_k^\top` (which lie in a space of dimension :math:`r_\Psi r_\Phi`) are linearly dependent,
   :math:`\sum_k\alpha_k v_k\varphi_k^\top = 0`, the columns move to :math:`(1 + t\alpha_k)v_k` — feasible for every
   :math:`t`, objective :math:`\sum_k(1+t\alpha_k)\|v_k\|` linear in :math:`t` while all factors are
   :math:`\ge 0` — in the direction that does not raise it, until a column vanishes.  In exact arithmetic
   :math:`\alpha` and :math:`t` are rational and the loop runs until the matrices are independent; the sign of
   :math:`\sum_k\alpha_k\|v_k\|` (square roots of rationals) is decided at 50, 120, then 300 digits and taken as 0
   if still below that precision.  In float and mp the loop runs while there are more than :math:`r_\Phi r_\Psi`
   columns (then a null vector exists; it is the last right singular vector);
4. the same steps 3 applied to the starting point ``start`` (when given), and the smaller objective kept, so the
   objective is never raised above that of ``start``.

The certificate's :math:`\Lambda` is the best of the solver's, its least-change corrections onto the stationarity
conditions :math:`\Lambda\varphi_k = v_k/\|v_k\|` on the support, and their repairs by cyclic projections onto the
violated constraints, converted to the input's arithmetic and scaled to be dual feasible (exactly, for Fractions).
Weak duality makes ``dual_value <= optimum <= primal_value``.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

import mpmath
import numpy as np

from ..errors import InvalidInput
from ..scalars import Arithmetic, arithmetic_of, as_array, promote
from ..typing import NumbersLike, Scalar

if TYPE_CHECKING:
    from .network import DeepReLUNetwork
from .group_lasso import POLISH_THRESHOLDS, polish_dual, project_dual, scale_to_feasible, solve_group_lasso
from .subspaces import (
    Basis,
    exact_null_space,
    greedy_basis,
    numeric_null_vector,
    restrict_null_space,
    solve_in_span,
)

__all__ = ["PrunedLayer", "PruningCertificate", "prune", "prune_layer"]

_SUPPORT_THRESHOLD = 1e-9  # float columns below this fraction of the largest are dropped before the exact restore
_SIGN_DIGITS = (50, 120, 300)


def _zero(kind: Arithmetic) -> Any:
    return Fraction(0) if kind == "exact" else (mpmath.mpf(0) if kind == "mp" else 0.0)


def _rtol(kind: Arithmetic) -> Any:
    """Relative tolerance of the certificate checks: 0 exact, 2^-30 float, 10^-(dps - 10) mp (relative to the
    largest term of each output row of ``V Φ``, so rescaling the data does not change a verdict)."""
    if kind == "exact":
        return Fraction(0)
    if kind == "float":
        return 2.0**-30
    return mpmath.mpf(10) ** (-(mpmath.mp.dps - 10))


def _rounding(kind: Arithmetic) -> Any:
    """A residual at most this (relative) is rounding: 2^-45 float, 10^-(dps - 3) mp."""
    return 2.0**-45 if kind == "float" else mpmath.mpf(10) ** (-(mpmath.mp.dps - 3))


def _column_squares(V: np.ndarray, kind: Arithmetic) -> np.ndarray:
    if kind == "float":
        return np.sum(V * V, axis=0)
    return np.array([sum((x * x for x in V[:, k]), _zero(kind)) for k in range(V.shape[1])], dtype=object)


def _sqrt(q: Any, kind: Arithmetic) -> Any:
    if kind == "float":
        return math.sqrt(q)
    if kind == "mp":
        return mpmath.sqrt(q)
    return mpmath.sqrt(mpmath.mpf(q.numerator) / q.denominator)


def _objective(V: np.ndarray, kind: Arithmetic, nsq: np.ndarray | None = None) -> Any:
    """``Σ_k n_k ||v_k||_2`` (``n_k² = nsq``, default 1): float, or mpf at the current precision (exact input: the
    square roots are irrational)."""
    sq = _column_squares(V, kind) if nsq is None else _column_squares(V, kind) * nsq
    if kind == "float":
        return float(np.sum(np.sqrt(sq)))
    return mpmath.fsum(_sqrt(q, kind) for q in sq)


def _sign_of_weighted_norms(alpha: np.ndarray, sq: np.ndarray, kind: Arithmetic) -> int:
    """The sign of ``Σ_k alpha_k sqrt(sq_k)``; exact input: at 50, 120, 300 digits, else 0 (see module doc)."""
    if kind == "float":
        s = float(np.sum(alpha * np.sqrt(sq)))
        return (s > 0) - (s < 0)
    if kind == "mp":
        s = mpmath.fsum(a * mpmath.sqrt(q) for a, q in zip(alpha, sq, strict=True))
        return (s > 0) - (s < 0)
    for dps in _SIGN_DIGITS:
        with mpmath.workdps(dps):
            terms = [_to_mpf(a) * _sqrt(q, kind) for a, q in zip(alpha, sq, strict=True)]
            s = mpmath.fsum(terms)
            bound = mpmath.fsum(abs(t) for t in terms) * mpmath.mpf(10) ** (10 - dps)
            if abs(s) > bound:
                return 1 if s > 0 else -1
    return 0


def _to_mpf(x: Any) -> Any:
    return mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x)


def _less(a: np.ndarray, b: np.ndarray, kind: Arithmetic, nsq: np.ndarray) -> bool:
    """``Σ n_k||a_k|| < Σ n_k||b_k||`` (exact input: decided at up to 300 digits; a tie within that is 'not less')."""
    sa, sb = _column_squares(a, kind) * nsq, _column_squares(b, kind) * nsq
    if kind == "float":
        return float(np.sum(np.sqrt(sa))) < float(np.sum(np.sqrt(sb)))
    alpha = np.concatenate([np.ones(len(sa), dtype=object), -np.ones(len(sb), dtype=object)])
    if kind == "exact":
        alpha = np.array([Fraction(int(x)) for x in alpha], dtype=object)
    return _sign_of_weighted_norms(alpha, np.concatenate([sa, sb]), kind) < 0


# -- certificate ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PruningCertificate:
    r"""Optimality certificate of a pruned layer ``V`` for ``min Σ_k ||v_k||_2 s.t. V Φ = Ψ`` ([SPLN24] eq. (50)).

    * ``primal_value`` = :math:`\sum_k\|v_k\|_2` of the returned ``V`` (float; mpf at the current precision for mp
      and exact input);
    * ``dual_matrix`` = :math:`\Lambda` (D × N) with :math:`\|\Lambda\varphi_k\|_2 \le 1` for every feature ``k``
      (exactly, for exact input) and ``dual_value`` = :math:`\langle\Lambda,\Psi\rangle` (a Fraction for exact input),
      a lower bound on the optimum by weak duality;
    * ``relative_gap`` = ``max(0, (primal - dual) / primal)`` (0 when both vanish): the returned ``V`` is optimal to
      within this fraction;
    * ``r_phi``, ``r_psi``: the ranks of Φ and Ψ; ``rank_bound`` = ``r_phi * r_psi`` (E8);
    * ``support``: the indices of the nonzero columns of ``V`` (at most ``rank_bound`` of them);
    * ``weights_squared``: ``None`` for :func:`prune_layer`; for :func:`prune` the squared input-weight norms
      :math:`n_k^2 = \|w_k\|^2`, the objective is the path norm :math:`\sum_k n_k\|v_k\|` and dual feasibility
      reads :math:`\|\Lambda\varphi_k\| \le n_k` (the unweighted problem for the unit-normalised features
      :math:`\varphi_k/n_k`, kept rational).

    :meth:`problems` re-derives every statement from ``(Phi, Psi, V)``; :meth:`verify` raises if any fails.
    """

    primal_value: Scalar
    dual_value: Scalar
    relative_gap: Scalar
    r_phi: int
    r_psi: int
    support: tuple[int, ...]
    dual_matrix: np.ndarray
    arithmetic: Arithmetic
    weights_squared: np.ndarray | None = None

    @property
    def rank_bound(self) -> int:
        """``r_phi * r_psi``: the width bound of [SPLN24] Thm 11."""
        return self.r_phi * self.r_psi

    def problems(self, Phi: NumbersLike, Psi: NumbersLike, V: NumbersLike) -> list[str]:
        """Every way in which this certificate fails for ``(Phi, Psi, V)`` (empty list: it holds).

        Exact input is checked exactly (feasibility, dual feasibility ``||Λφ_k||² <= 1``, the dual value); float and
        mp with the relative tolerance 2^-30 resp. 10^-(dps-10) of the quantities compared."""
        Phi_a, Psi_a, kind = _layer_arrays(Phi, Psi)
        kind = promote(kind, arithmetic_of(V, "V"))
        Phi_a, Psi_a = as_array(Phi_a, kind), as_array(Psi_a, kind)
        V_a = as_array(V, kind, name="V")
        tol = _rtol(kind)
        out: list[str] = []
        if V_a.shape != (Psi_a.shape[0], Phi_a.shape[0]):
            return [f"V has shape {V_a.shape}, expected (D, K) = {(Psi_a.shape[0], Phi_a.shape[0])}"]
        if not _feasible_to(V_a, Phi_a, Psi_a, tol):
            out.append("V Phi != Psi")
        nonzero = tuple(int(k) for k in range(V_a.shape[1]) if any(x != 0 for x in V_a[:, k]))
        if nonzero != tuple(self.support):
            out.append(f"support {self.support} is not the set of nonzero columns {nonzero}")
        # ranks of the data scaled by powers of two (rank-invariant), so that squares neither over- nor underflow
        r_phi = greedy_basis(_ldexp(Phi_a, -_exponent(Phi_a, kind), kind), kind).rank
        r_psi = greedy_basis(_ldexp(Psi_a, -_exponent(Psi_a, kind), kind).T, kind).rank
        if (r_phi, r_psi) != (self.r_phi, self.r_psi):
            out.append(f"ranks (r_phi, r_psi) = {(self.r_phi, self.r_psi)}, recomputed {(r_phi, r_psi)}")
        if len(nonzero) > r_phi * r_psi:
            out.append(f"{len(nonzero)} nonzero columns exceed the bound r_phi r_psi = {r_phi * r_psi}")
        Lam = as_array(self.dual_matrix, kind, name="dual_matrix")
        if Lam.shape != Psi_a.shape:
            return [*out, f"dual_matrix has shape {Lam.shape}, expected {Psi_a.shape}"]
        sq = _column_squares(Lam.dot(Phi_a.T), kind)
        nsq = self._nsq(kind, Phi_a.shape[0])
        if any(q > n * (1 + 2 * tol) for q, n in zip(sq, nsq, strict=True)):
            worst = max(q / n if n else q for q, n in zip(sq, nsq, strict=True))
            out.append(f"dual infeasible: max_k ||Lambda phi_k||^2 / n_k^2 = {worst} > 1")
        dual = sum((x * y for x, y in zip(Lam.flat, Psi_a.flat, strict=True)), _zero(kind))
        dual_scale = sum((abs(x * y) for x, y in zip(Lam.flat, Psi_a.flat, strict=True)), _zero(kind))
        if abs(_to_mpf(dual) - _to_mpf(self.dual_value)) > _to_mpf(tol) * _to_mpf(dual_scale):
            out.append(f"dual_value {self.dual_value} != <Lambda, Psi> = {dual}")
        primal = _objective(V_a, kind, nsq)
        ptol = (2.0**-40 if kind == "float" else mpmath.mpf(10) ** (-(mpmath.mp.dps - 5)))
        if abs(_to_mpf(primal) - _to_mpf(self.primal_value)) > ptol * (abs(_to_mpf(primal)) + 1e-300):
            out.append(f"primal_value {self.primal_value} != sum_k ||v_k|| = {primal}")
        # weak duality: <Λ, Ψ> = Σ_k <v_k, Λφ_k> - <Λ, VΦ - Ψ> <= Σ_k n_k ||v_k|| + |<Λ, VΦ - Ψ>| (exact: the last is 0)
        slack = abs(sum((x * y for x, y in zip(Lam.flat, (V_a.dot(Phi_a) - Psi_a).flat, strict=True)), _zero(kind)))
        if _to_mpf(self.dual_value) > _to_mpf(self.primal_value) * (1 + ptol) + _to_mpf(slack) + 1e-300:
            out.append(f"dual_value {self.dual_value} exceeds primal_value {self.primal_value} (weak duality)")
        gap = _relative_gap(self.primal_value, self.dual_value)
        if self.relative_gap < 0 or abs(_to_mpf(self.relative_gap) - _to_mpf(gap)) > 1e-9 * (1 + abs(_to_mpf(gap))):
            out.append(f"relative_gap {self.relative_gap} != (primal - dual) / primal = {gap}")
        return out

    def _nsq(self, kind: Arithmetic, K: int) -> np.ndarray:
        if self.weights_squared is None:
            return as_array(np.ones(K, dtype=np.int64), kind)
        return as_array(self.weights_squared, kind, name="weights_squared")

    def verify(self, Phi: NumbersLike, Psi: NumbersLike, V: NumbersLike) -> None:
        """Raise :class:`~radontv.InvalidInput` listing the :meth:`problems` of the certificate, if any."""
        found = self.problems(Phi, Psi, V)
        if found:
            raise InvalidInput("the pruning certificate does not hold: " + "; ".join(found)
                               + "; recompute it with prune_layer(Phi, Psi)")


def _feasible_to(V: np.ndarray, Phi: np.ndarray, Psi: np.ndarray, tol: Any) -> bool:
    """``V Φ == Ψ`` up to ``tol`` times, per output row, the largest ``(|V||Φ| + |Ψ|)`` entry (exact: tol = 0)."""
    residual = V.dot(Phi) - Psi
    scale = np.abs(V).dot(np.abs(Phi)) + np.abs(Psi)
    for r_row, s_row in zip(residual, scale, strict=True):
        top = max(s_row)
        if any(abs(r) > tol * top for r in r_row):
            return False
    return True


def _relative_gap(primal: Any, dual: Any) -> Any:
    p, d = _to_mpf(primal), _to_mpf(dual)
    if p <= 0:
        return 0.0 if isinstance(primal, float) else mpmath.mpf(0)
    g = max(p - d, 0) / p
    return float(g) if isinstance(primal, float) else g


@dataclass(frozen=True)
class PrunedLayer:
    """The result of :func:`prune_layer`: ``V`` (D × K, in the input's arithmetic) and its ``certificate``."""

    V: np.ndarray
    certificate: PruningCertificate

    @property
    def support(self) -> tuple[int, ...]:
        """Indices of the nonzero columns of ``V`` (the neurons kept)."""
        return self.certificate.support

    @property
    def value(self) -> Scalar:
        """``Σ_k ||v_k||_2``."""
        return self.certificate.primal_value


# -- validation -------------------------------------------------------------------------------------------------------
def _as_2d(A: Any, name: str, what: str) -> np.ndarray:
    try:
        arr = np.asarray(A) if isinstance(A, np.ndarray) else np.array(A, dtype=object)
    except ValueError:
        raise InvalidInput(f"{name} is ragged: pass a rectangular 2-D array ({what})") from None
    if arr.ndim != 2 or 0 in arr.shape:
        raise InvalidInput(f"{name} must be a non-empty 2-D array ({what}), got shape {arr.shape}")
    return arr


def _layer_arrays(Phi: Any, Psi: Any) -> tuple[np.ndarray, np.ndarray, Arithmetic]:
    Phi_a = _as_2d(Phi, "Phi", "K features x N points")
    Psi_a = _as_2d(Psi, "Psi", "D outputs x N points")
    if Psi_a.shape[1] != Phi_a.shape[1]:
        raise InvalidInput(
            f"Phi has {Phi_a.shape[1]} columns (data points) but Psi has {Psi_a.shape[1]}: both must have one column "
            "per data point (Phi: K x N, Psi: D x N); transpose if you passed points as rows")
    kind = promote(arithmetic_of(Phi_a, "Phi"), arithmetic_of(Psi_a, "Psi"))
    return as_array(Phi_a, kind, name="Phi"), as_array(Psi_a, kind, name="Psi"), kind


# -- the algorithm ----------------------------------------------------------------------------------------------------
def _from_float(V: np.ndarray, kind: Arithmetic) -> np.ndarray:
    """A float matrix in ``kind``: exact entries rounded to 40 significant bits of the largest (exactness is
    restored afterwards), mp entries converted without rounding."""
    if kind == "float":
        return V.copy()
    if kind == "mp":
        return np.array([[mpmath.mpf(float(x)) for x in row] for row in V], dtype=object)
    top = float(np.max(np.abs(V))) if V.size else 0.0
    if top == 0:
        return np.full(V.shape, Fraction(0), dtype=object)
    q = 2 ** (40 - math.frexp(top)[1])
    return np.array([[Fraction(round(float(x) * q)) / q for x in row] for row in V], dtype=object)


def _restore(V0: np.ndarray, Phi: np.ndarray, Psi: np.ndarray, kind: Arithmetic, n: np.ndarray) -> np.ndarray:
    """``V0`` with its small columns (``n_k ||v_k||``) zeroed and corrected so that ``V Φ = Ψ`` (exactly for
    Fractions)."""
    norms = np.linalg.norm(np.asarray(V0, dtype=np.float64), axis=0) * n
    top = float(norms.max()) if norms.size else 0.0
    S = [int(k) for k in np.argsort(-norms, kind="stable") if norms[k] > _SUPPORT_THRESHOLD * top]
    V = np.full(V0.shape, _zero(kind), dtype=object if kind != "float" else np.float64)
    V[:, S] = V0[:, S]
    R = Psi - V.dot(Phi)
    if kind != "exact":  # first on the support only: extra columns for a rounding-level residual are noise
        basis = greedy_basis(Phi, kind, order=S)
        E = solve_in_span(basis, Phi, R)
        left = R - E.dot(Phi[basis.chosen])
        if sum(x * x for x in left.flat) <= _rounding(kind) ** 2 * sum(x * x for x in Psi.flat):
            V[:, basis.chosen] = V[:, basis.chosen] + E
            return V
    rest = [k for k in range(Phi.shape[0]) if k not in set(S)]
    basis = greedy_basis(Phi, kind, order=S + rest)
    E = solve_in_span(basis, Phi, R)
    V[:, basis.chosen] = V[:, basis.chosen] + E
    return V


def _caratheodory(V: np.ndarray, Phi_coords: np.ndarray, psi_basis: Basis, bound: int, kind: Arithmetic,
                  nsq: np.ndarray) -> np.ndarray:
    """Project the columns on col Ψ, then remove dependent rank-one terms without raising Σ n_k||v_k|| (module doc).

    Exact: the null space of the matrix ``M`` of the terms ``vec(v_k φ_kᵀ)`` (in coordinates) is computed once;
    moving scales column ``k`` by ``f_k``, so the null vectors of the current terms are ``z / f`` for ``z`` in that
    null space with ``z_j = 0`` at the removed columns (one elimination step per removal)."""
    A = psi_basis.coords(V.T)  # K x r_psi: v_k = Σ_j A[k, j] q_j
    V = A.dot(psi_basis.matrix()).T if psi_basis.rank else V * 0
    for k in range(V.shape[1]):  # a feature that vanishes on the data contributes nothing: its column goes
        if all(x == 0 for x in Phi_coords[k]):
            V[:, k] = V[:, k] * 0
            A[k] = A[k] * 0
    S = [k for k in range(V.shape[1]) if any(x != 0 for x in V[:, k])]
    if kind == "exact":
        M = np.stack([np.kron(A[k], Phi_coords[k]) for k in S], axis=1) if S else np.zeros((bound, 0), dtype=object)
        null = exact_null_space(M)
        scale = [Fraction(1)] * len(S)
    live = list(range(len(S)))  # positions in S still nonzero
    while True:
        if kind == "exact":
            if not null:
                return V
            alpha = np.array([null[0][i] / scale[i] for i in live], dtype=object)
        else:
            if len(live) <= bound:
                return V
            M = np.stack([np.kron(A[S[i]], Phi_coords[S[i]]) for i in live], axis=1)
            # unit columns: a null vector of M diag(1/m) has entries of one size, so the step t stays O(1) and the
            # SVD's residual is not amplified; entries at its noise level are 0 (else t ~ 1/noise)
            m = np.array([_sqrt(q, kind) for q in _column_squares(M, kind)], dtype=M.dtype)
            beta = numeric_null_vector(M / m[None, :], kind)
            top = max(abs(x) for x in beta)
            alpha = np.array([x / mk if abs(x) > _rounding(kind) * top else 0 * x
                              for x, mk in zip(beta, m, strict=True)], dtype=beta.dtype)
        cols = [S[i] for i in live]
        sq = _column_squares(V[:, cols], kind) * nsq[cols]
        sign = _sign_of_weighted_norms(alpha, sq, kind)
        d = -alpha if sign > 0 or (sign == 0 and not any(a < 0 for a in alpha)) else alpha
        neg = [j for j in range(len(live)) if d[j] < 0]
        t = min(-1 / d[j] for j in neg)
        vanish = [j for j in neg if kind == "exact" and 1 + t * d[j] == 0] or [min(neg, key=lambda j: d[j])]
        for j, i in enumerate(live):
            factor = 0 if j in vanish else 1 + t * d[j]
            if kind != "exact" and factor <= _rounding(kind):  # a float/mp column that vanishes up to rounding
                factor = 0
                vanish.append(j)
            V[:, S[i]] = V[:, S[i]] * factor
            A[S[i]] = A[S[i]] * factor
            if kind == "exact" and factor != 0:
                scale[i] *= factor
        gone = [live[j] for j in vanish]
        live = [i for i in live if i not in gone]
        if kind == "exact":
            for i in gone:
                null = restrict_null_space(null, i)


def prune_layer(Phi: NumbersLike, Psi: NumbersLike, *, start: NumbersLike | None = None) -> PrunedLayer:
    r"""Solve the multi-task lasso ``min Σ_k ||v_k||_2 s.t. V Φ = Ψ`` with at most ``r_Φ r_Ψ`` nonzero columns.

    ``Phi``: K features × N points; ``Psi``: D outputs × N points; optional ``start``: a feasible ``V`` (D × K), e.g.
    the layer's current output weights — the result's objective is then never above that of ``start``.  Returns a
    :class:`PrunedLayer` with ``V`` (D × K) in the arithmetic of the inputs (Fractions in, Fractions out;
    ``V Φ == Ψ`` exactly then, to rounding in float/mp) and a :class:`PruningCertificate`.  [SPLN24] Thm 10–11,
    eq. (50); catalog E8.  Method: module docstring.

    Raises :class:`~radontv.InvalidInput` for non-2-D or empty arrays, different numbers of points, non-finite
    entries, an infeasible ``start``, and for ``Ψ`` outside the row space of ``Φ`` (then no exact ``V`` exists).
    """
    return _prune_layer(Phi, Psi, start, None)


def _prune_layer(Phi: Any, Psi: Any, start: Any, weights_squared: Any) -> PrunedLayer:
    """:func:`prune_layer` for the objective ``Σ_k n_k ||v_k||`` with ``n_k² = weights_squared`` (default 1).

    Solved for ``Φ 2^-e_φ`` and ``Ψ 2^-e_ψ`` (``e`` the binary exponent of the largest entry: exact scalings in every
    arithmetic), so that the float solver and the sums of squares neither overflow nor underflow for data of any
    magnitude (1e±160 floats, 10**400 Fractions); the solution ``V = V_s 2^(e_ψ - e_φ)`` and its certificate are
    scaled back exactly (``Λ = Λ_s 2^-e_φ``; primal and dual values by ``2^(e_ψ - e_φ)``; the gap is unchanged).
    """
    Phi_a, Psi_a, kind = _layer_arrays(Phi, Psi)
    if start is not None:
        kind = promote(kind, arithmetic_of(_as_2d(start, "start", "D outputs x K features"), "start"))
        Phi_a, Psi_a = as_array(Phi_a, kind), as_array(Psi_a, kind)
    e_phi, e_psi = _exponent(Phi_a, kind), _exponent(Psi_a, kind)
    shift = e_psi - e_phi
    start_s = None if start is None else _ldexp(as_array(_as_2d(start, "start", "D outputs x K features"), kind,
                                                         name="start"), -shift, kind)
    result = _prune_normalised(_ldexp(Phi_a, -e_phi, kind), _ldexp(Psi_a, -e_psi, kind), start_s, weights_squared,
                               kind)
    if shift == 0 and e_phi == 0:
        return result
    cert = result.certificate
    V = _ldexp(result.V, shift, kind)
    Lam = _ldexp(np.asarray(cert.dual_matrix), -e_phi, kind)
    primal, dual = _ldexp_scalar(cert.primal_value, shift), _ldexp_scalar(cert.dual_value, shift)
    if kind == "float" and not (np.isfinite(V).all() and np.isfinite(Lam).all() and math.isfinite(primal)
                                and math.isfinite(dual)):
        raise InvalidInput(f"the pruned output weights or their certificate lie outside the float range (Psi is "
                           f"about 2^{e_psi}, Phi about 2^{e_phi}); pass Phi and Psi as Fractions or mpmath numbers, "
                           "or rescale them")
    return PrunedLayer(V, dataclasses.replace(cert, primal_value=primal, dual_value=dual, dual_matrix=Lam))


def _exponent(A: np.ndarray, kind: Arithmetic) -> int:
    """The binary exponent ``e`` of the largest entry (``max |a| ~ 2^e``; 0 for a zero matrix)."""
    top = max((abs(x) for x in A.flat), default=0)
    if top == 0:
        return 0
    if kind == "exact":
        return Fraction(top).numerator.bit_length() - Fraction(top).denominator.bit_length()
    return int(mpmath.frexp(top)[1]) if kind == "mp" else math.frexp(float(top))[1]


def _ldexp(A: np.ndarray, e: int, kind: Arithmetic) -> np.ndarray:
    """``A 2^e``, exactly (float: barring under/overflow)."""
    if e == 0:
        return A
    if kind == "float":
        return np.ldexp(np.asarray(A, dtype=np.float64), e)
    factor = Fraction(2) ** e if kind == "exact" else mpmath.ldexp(mpmath.mpf(1), e)
    return np.asarray(A, dtype=object) * factor


def _ldexp_scalar(x: Any, e: int) -> Any:
    if isinstance(x, float):
        return math.ldexp(x, e)
    if isinstance(x, Fraction):
        return x * Fraction(2) ** e
    return mpmath.ldexp(x, e)


def _prune_normalised(Phi_a: np.ndarray, Psi_a: np.ndarray, start: Any, weights_squared: Any,
                      kind: Arithmetic) -> PrunedLayer:
    """:func:`_prune_layer` on validated arrays of arithmetic ``kind``, scaled to entries of order 1."""
    K = Phi_a.shape[0]
    D = Psi_a.shape[0]
    if start is not None:
        start_a = _as_2d(start, "start", "D outputs x K features")
        kind = promote(kind, arithmetic_of(start_a, "start"))
        if start_a.shape != (D, K):
            raise InvalidInput(f"start must have shape (D, K) = {(D, K)}, got {start_a.shape}")
        Phi_a, Psi_a = as_array(Phi_a, kind), as_array(Psi_a, kind)
        start_a = as_array(start_a, kind, name="start")
    phi_basis = greedy_basis(Phi_a, kind)
    psi_basis = greedy_basis(Psi_a.T, kind)
    _check_row_space(phi_basis, Psi_a, kind)
    if start is not None:
        if not _feasible_to(start_a, Phi_a, Psi_a, _rtol(kind)):
            raise InvalidInput("start is not feasible: start @ Phi != Psi; pass the layer's own output weights "
                               "(Psi = start @ Phi) or no start")
    bound = phi_basis.rank * psi_basis.rank
    Phi_coords = phi_basis.coords(Phi_a)  # K x r_phi (injective on the row space)
    nsq = as_array(np.ones(K, dtype=np.int64) if weights_squared is None else weights_squared, kind)
    n = np.sqrt(np.asarray(nsq, dtype=np.float64))
    Phi_f, Psi_f = np.asarray(Phi_a, dtype=np.float64), np.asarray(Psi_a, dtype=np.float64)
    sol = solve_group_lasso(Phi_f / n[:, None], Psi_f)  # unit-normalised features: v~_k = n_k v_k
    candidates = [] if start is None else [start_a]
    candidates.append(_restore(_from_float(sol.V / n[None, :], kind), Phi_a, Psi_a, kind, n))
    best = None
    for cand in candidates:
        reduced = _caratheodory(cand.copy(), Phi_coords, psi_basis, bound, kind, nsq)
        if kind != "exact" and not _feasible_to(reduced, Phi_a, Psi_a, _rtol(kind)):  # rounding safety net
            reduced = cand
        if best is None or _less(reduced, best, kind, nsq):
            best = reduced
    assert best is not None
    if kind == "float":
        best = best.astype(np.float64)
    cert = _certify(best, sol.Lambda, Phi_a, Psi_a, kind, (phi_basis.rank, psi_basis.rank),
                    None if weights_squared is None else nsq)
    return PrunedLayer(best, cert)


def _check_row_space(phi_basis: Basis, Psi: np.ndarray, kind: Arithmetic) -> None:
    R = phi_basis.residual(Psi)
    if kind == "exact":
        bad = any(x != 0 for x in R.flat)
        size = "nonzero"
    else:
        rr = sum(x * x for x in R.flat)
        pp = sum(x * x for x in Psi.flat)
        bound = 2.0**-52 if kind == "float" else mpmath.eps * 4
        bad = rr > (2.0**-26 if kind == "float" else mpmath.sqrt(bound)) ** 2 * pp
        size = f"{float(mpmath.sqrt(rr / pp)) if pp else 0:.3g} relative"
    if bad:
        raise InvalidInput(
            f"Psi is not in the row space of Phi (residual {size}): no V with V Phi = Psi exists, so the layer "
            "cannot be pruned exactly.  Pass outputs that are a linear function of the features (Psi = V Phi for "
            "the layer's own output weights V), with any affine/skip part of the outputs subtracted, or add the "
            "features the outputs depend on (e.g. a row of ones for a constant) as rows of Phi")


def _certify(V: np.ndarray, Lambda_f: np.ndarray, Phi: np.ndarray, Psi: np.ndarray, kind: Arithmetic,
             ranks: tuple[int, int], nsq: np.ndarray | None) -> PruningCertificate:
    Phi_f = np.asarray(Phi, dtype=np.float64)
    n = np.ones(Phi.shape[0]) if nsq is None else np.sqrt(np.asarray(nsq, dtype=np.float64))
    Phin = Phi_f / n[:, None]  # the unit-normalised features: ||Λ φ_k / n_k|| <= 1
    Vn = np.asarray(V, dtype=np.float64) * n[None, :]
    polished = [Lambda_f, *(polish_dual(Lambda_f, Phin, Vn, t) for t in POLISH_THRESHOLDS)]
    candidates = [*polished, *(project_dual(L, Phin) for L in polished)]
    best_L, best_d = None, None
    for L in candidates:
        if kind == "float":
            L = scale_to_feasible(L, Phin)
        else:
            L = _feasible(_from_float(L, kind), Phi, kind, nsq)
        d = sum((x * y for x, y in zip(L.flat, Psi.flat, strict=True)), _zero(kind))
        if best_d is None or d > best_d:
            best_L, best_d = L, (float(d) if kind == "float" else d)
    primal = _objective(V, kind, nsq)
    support = tuple(int(k) for k in range(V.shape[1]) if any(x != 0 for x in V[:, k]))
    # not None: there is at least one candidate
    dual_matrix, dual_value = cast(np.ndarray, best_L), cast("Scalar", best_d)
    return PruningCertificate(primal, dual_value, _relative_gap(primal, dual_value), ranks[0], ranks[1], support,
                              dual_matrix, kind, nsq)


def _feasible(L: np.ndarray, Phi: np.ndarray, kind: Arithmetic, nsq: np.ndarray | None) -> np.ndarray:
    """``L`` scaled down so that ``||L φ_k||² <= n_k²`` for all k (exactly for Fractions, to rounding in mp)."""
    sq = _column_squares(L.dot(Phi.T), kind)
    ratios = sq if nsq is None else [q / m for q, m in zip(sq, nsq, strict=True)]
    worst = max(ratios, default=_zero(kind))
    if worst <= 1:
        return L
    if kind == "mp":
        return L / (mpmath.sqrt(worst) * (1 + 16 * mpmath.eps))
    c = Fraction(1 / math.sqrt(float(worst))).limit_denominator(2**50) * Fraction(2**40 - 1, 2**40)
    while c * c * worst > 1:
        c *= Fraction(2**30 - 1, 2**30)
    return L * c


def prune(net: DeepReLUNetwork, X: NumbersLike) -> tuple[DeepReLUNetwork, list[PruningCertificate]]:
    """Prune every ReLU layer of a :class:`~radontv.deep.DeepReLUNetwork` on the data ``X`` (see
    :func:`radontv.deep.prune_network.prune`, which this calls)."""
    from .prune_network import prune as _prune

    return _prune(net, X)
