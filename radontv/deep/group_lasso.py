r"""A float solver of the multi-task (group) lasso with equality constraints, and its dual (for :mod:`.pruning`).

.. math::

    \min_V \sum_k \|v_k\|_2 \quad\text{s.t.}\quad V\Phi = \Psi
    \qquad\text{and its dual}\qquad
    \max_\Lambda \langle \Lambda, \Psi\rangle \quad\text{s.t.}\quad \|\Lambda\varphi_k\|_2 \le 1 \ \forall k,

with :math:`\Phi` (K features × N points, rows :math:`\varphi_k`), :math:`\Psi` (D × N), :math:`V` (D × K, columns
:math:`v_k`) and :math:`\Lambda` (D × N) ([SPLN24] Thm 10 proof, eq. (50); catalog B7, E8).  Weak duality: for
feasible :math:`V` and dual-feasible :math:`\Lambda`, :math:`\langle\Lambda,\Psi\rangle = \sum_k \langle v_k,
\Lambda\varphi_k\rangle \le \sum_k \|v_k\|_2`.

Method: iteratively reweighted least squares (IRLS, a majorise-minimise scheme for
:math:`\sum_k\sqrt{\|v_k\|^2+\varepsilon^2}`): with weights :math:`w_k`, the minimiser of
:math:`\sum_k \|v_k\|^2/w_k` under the constraint is :math:`v_k = w_k\Lambda\varphi_k`, :math:`\Lambda =
\Psi(\Phi^\top \operatorname{diag}(w)\Phi)^{+}`; then :math:`w_k \leftarrow (\|v_k\|^2 + \varepsilon^2)^{1/2}` and
:math:`\varepsilon` decreases geometrically.  The multiplier :math:`\Lambda` of each step, scaled to dual
feasibility, gives a lower bound, and the iteration stops when the relative duality gap is small.  The problem is
first reduced to the row space of :math:`\Phi` (thin SVD), and both :math:`\Phi` and :math:`\Psi` are scaled to
unit maximum entry, so the iteration is invariant under rescaling of the data.  No external solver (cvxpy is used
only by the benchmark).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["GroupLassoSolution", "best_dual", "dual_value", "polish_dual", "project_dual", "scale_to_feasible",
           "solve_group_lasso"]

_EPS = np.finfo(np.float64).eps
_EPS_DECAY = 0.5  # smoothing epsilon of IRLS: multiplied by this each step


@dataclass(frozen=True)
class GroupLassoSolution:
    """Float solution: ``V`` (D × K) with ``V Φ ≈ Ψ``, dual-feasible ``Lambda`` (D × N), values and iterations."""

    V: np.ndarray
    Lambda: np.ndarray
    primal: float
    dual: float
    iterations: int

    @property
    def gap(self) -> float:
        """Relative duality gap ``(primal - dual) / primal`` (0 when both are 0)."""
        return 0.0 if self.primal == 0 else max(0.0, (self.primal - self.dual) / self.primal)


def scale_to_feasible(Lambda: np.ndarray, Phi: np.ndarray) -> np.ndarray:
    """``Lambda`` divided by ``max(1, max_k ||Lambda φ_k||)`` (with a few ulps of margin): dual feasible in float."""
    if Phi.shape[0] == 0:
        return Lambda
    worst = float(np.max(np.linalg.norm(Lambda @ Phi.T, axis=0)))
    if worst <= 1.0 - 4 * _EPS:
        return Lambda
    return Lambda / (worst * (1 + 8 * _EPS))


def dual_value(Lambda: np.ndarray, Psi: np.ndarray) -> float:
    """``<Lambda, Psi>`` (Frobenius inner product)."""
    return float(np.sum(Lambda * Psi))


def polish_dual(Lambda: np.ndarray, Phi: np.ndarray, V: np.ndarray, threshold: float = 0.0) -> np.ndarray:
    r"""``Lambda`` moved (least change) onto the stationarity conditions on the support of ``V``:
    :math:`\Lambda\varphi_k = v_k/\|v_k\|` for every column with :math:`\|v_k\| >` ``threshold`` times the largest
    (KKT of the group lasso); not yet scaled.  Columns of an inexact solution that are nearly zero have meaningless
    directions, hence the threshold."""
    norms = np.linalg.norm(V, axis=0)
    S = np.flatnonzero(norms > threshold * (norms.max() if norms.size else 0.0))
    if S.size == 0:
        return Lambda
    target = V[:, S] / norms[S]  # D x |S|
    residual = target - Lambda @ Phi[S].T  # D x |S|
    correction = np.linalg.lstsq(Phi[S], residual.T, rcond=None)[0].T  # min-norm C with C Phi_S^T = residual
    return Lambda + correction


POLISH_THRESHOLDS = (0.0, 1e-6, 1e-4, 1e-3)


def project_dual(Lambda: np.ndarray, Phi: np.ndarray, sweeps: int = 50) -> np.ndarray:
    r"""Cyclic projections of ``Lambda`` onto the violated constraints :math:`\{\|\Lambda\varphi_k\| \le 1\}`.

    The Frobenius projection onto one constraint is the rank-one change
    :math:`\Lambda \leftarrow \Lambda - (1 - 1/\|g\|)\, g\varphi_k^\top/\|\varphi_k\|^2`, :math:`g = \Lambda\varphi_k`.
    Repairing the few violated constraints costs less dual value than scaling the whole multiplier down; the
    result is still scaled by :func:`scale_to_feasible` afterwards (the sweeps need not reach feasibility)."""
    L = Lambda.copy()
    nn = np.sum(Phi * Phi, axis=1)
    for _ in range(sweeps):
        bad = np.flatnonzero(np.linalg.norm(L @ Phi.T, axis=0) > 1)
        if bad.size == 0:
            break
        for k in bad:
            g = L @ Phi[k]
            n = float(np.linalg.norm(g))
            if n > 1 and nn[k] > 0:
                L -= np.outer(g * (1 - 1 / n), Phi[k]) / nn[k]
    return L


def best_dual(candidates: list[np.ndarray], Phi: np.ndarray, Psi: np.ndarray,
              V: np.ndarray) -> tuple[np.ndarray, float]:
    """The best dual-feasible multiplier among ``candidates`` and their polished versions (:func:`polish_dual` at
    each of ``POLISH_THRESHOLDS``), each scaled to feasibility, with its dual value."""
    best, value = None, -np.inf
    for L0 in candidates:
        for L in (L0, *(polish_dual(L0, Phi, V, t) for t in POLISH_THRESHOLDS)):
            for feas in (scale_to_feasible(L, Phi), scale_to_feasible(project_dual(L, Phi), Phi)):
                dv = dual_value(feas, Psi)
                if dv > value:
                    best, value = feas, dv
    assert best is not None
    return best, value


def solve_group_lasso(Phi: np.ndarray, Psi: np.ndarray, *, max_iterations: int = 1000,
                      gap_tol: float = 1e-10) -> GroupLassoSolution:
    """IRLS for ``min Σ_k ||v_k||_2 s.t. V Φ = Ψ`` in float64 (``Ψ`` must lie in the row space of ``Φ``).

    Returns the last iterate and the best dual-feasible multiplier seen (polished on the support, see
    :func:`polish_dual`).  Stops when the relative duality gap is below ``gap_tol`` or after ``max_iterations``.
    """
    Phi = np.asarray(Phi, dtype=np.float64)
    Psi = np.asarray(Psi, dtype=np.float64)
    K, N = Phi.shape
    D = Psi.shape[0]
    a = float(np.max(np.abs(Phi))) if Phi.size else 0.0
    b = float(np.max(np.abs(Psi))) if Psi.size else 0.0
    if a == 0 or b == 0:
        return GroupLassoSolution(np.zeros((D, K)), np.zeros((D, N)), 0.0, 0.0, 0)
    Phin, Psin = Phi / a, Psi / b  # V Φ = Ψ  <=>  (V a / b) Φn = Ψn
    U, s, Qt = np.linalg.svd(Phin, full_matrices=False)
    r = int(np.sum(s > max(K, N) * _EPS * s[0]))
    A = U[:, :r] * s[:r]  # K x r: coordinates of the φ_k in an orthonormal basis of the row space
    Y = Psin @ Qt[:r].T  # D x r
    # start: the minimum-Frobenius-norm solution
    V = np.linalg.lstsq(A.T, Y.T, rcond=None)[0].T  # D x K
    best_dual, best_L = -np.inf, np.zeros((D, r))
    eps = float(np.max(np.linalg.norm(V, axis=0)))
    it = 0
    primal = float(np.sum(np.linalg.norm(V, axis=0)))
    for it in range(1, max_iterations + 1):
        norms = np.linalg.norm(V, axis=0)
        w = np.sqrt(norms**2 + eps**2)
        M = (A.T * w) @ A  # r x r
        evals, evecs = np.linalg.eigh(M)
        keep = evals > evals[-1] * 1e-15
        Minv = (evecs[:, keep] / evals[keep]) @ evecs[:, keep].T
        L = Y @ Minv  # D x r
        V = (L @ A.T) * w  # v_k = w_k L a_k
        primal = float(np.sum(np.linalg.norm(V, axis=0)))
        polish = it % 10 == 0 or it == max_iterations
        for cand in (L, polish_dual(L, A, V, 1e-4)) if polish else (L,):
            feas = scale_to_feasible(cand, A)
            dv = dual_value(feas, Y)
            if dv > best_dual:
                best_dual, best_L = dv, feas
        if primal - best_dual <= gap_tol * primal:
            break
        eps = max(_EPS_DECAY * eps, 1e-14 * primal)
    best_L, best_dual = best_dual_of(best_L, L, A, Y, V, best_dual)
    scale_V = b / a
    Lambda = (best_L @ Qt[:r]) / a  # back to the original units: ||(Λn/a) φ_k|| = ||Λn φn_k||
    return GroupLassoSolution(V * scale_V, Lambda, primal * scale_V, best_dual * scale_V, it)


def best_dual_of(best_L: np.ndarray, L: np.ndarray, A: np.ndarray, Y: np.ndarray, V: np.ndarray,
                 best_value: float) -> tuple[np.ndarray, float]:
    """The better of the best multiplier so far and :func:`best_dual` of the last iterate's."""
    cand, value = best_dual([L, best_L], A, Y, V)
    return (cand, value) if value > best_value else (best_L, best_value)
