r"""The support of an R-TV² fit: the neurons' data features, merging, constructive sparsification and the polish.

Neurons are held as unit normals ``U`` (K, d), offsets ``T`` and amplitudes ``A`` in the solver's coordinates (data
``Z`` centred and scaled to [-1, 1]); the affine part ``aff = (c, c0)``.  Used by :func:`radontv.fit.rtv2_fit`.
"""

from __future__ import annotations

import numpy as np

from .canonical_form import canonical
from .network import ReLUNetwork

__all__ = ["DEPENDENCE_RTOL", "ON_PLANE_TOL", "features", "merge_coincident", "merge_same_pattern",
           "polish_interpolation", "sparsify"]

#: Relative singular-value threshold for a linear dependence among data features during sparsification.
DEPENDENCE_RTOL = 1e-9
#: Distance (in the solver's coordinates, data scaled to [-1, 1]) below which a data point counts as lying on a
#: hyperplane of the solution when the interpolant is polished (solver positions are accurate to ~1e-9).
ON_PLANE_TOL = 1e-8


def features(Z: np.ndarray, U: np.ndarray, T: np.ndarray) -> np.ndarray:
    return np.maximum(Z @ U.T - T, 0.0)


def merge_coincident(U: np.ndarray, T: np.ndarray, A: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merge neurons on the same hyperplane (canonical form, float tolerance; the affine remainder is refitted)."""
    if A.size == 0:
        return U, T, A
    form = canonical(ReLUNetwork(U, T, A))
    return np.asarray(form.normals), np.asarray(form.offsets), np.asarray(form.coefficients)


def merge_same_pattern(Z: np.ndarray, U: np.ndarray, T: np.ndarray,
                        A: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Merge neurons of one sign that act on the data through the same activation pattern.

    The solver may return one optimal neuron as two nearly equal ones (hyperplanes ~1e-7 apart with data points on
    them), whose data features differ too little for :func:`sparsify` to see a dependence.  Neurons with the same
    sign :math:`s` and pattern add up within their cone (module docstring): :math:`\tilde w = \sum_k |A_k|(u_k, t_k)`
    gives the same values on the data (up to the points within :data:`ON_PLANE_TOL` of a hyperplane) and
    :math:`\|\sum_k |A_k|u_k\| \le \sum_k |A_k|`, so the objective does not increase.
    """
    if A.size < 2:
        return U, T, A
    pre = Z @ U.T - T
    code = np.where(pre > ON_PLANE_TOL, 1, np.where(pre < -ON_PLANE_TOL, -1, 0)).T  # (K, n): side of each point
    keys = np.hstack([np.sign(A)[:, None], code])
    _, group = np.unique(keys, axis=0, return_inverse=True)
    group = group.reshape(-1)
    if np.unique(group).size == A.size:
        return U, T, A
    wb = np.zeros((int(group.max()) + 1, U.shape[1] + 1))
    np.add.at(wb, group, np.abs(A)[:, None] * np.hstack([U, T[:, None]]))
    sign = np.zeros(wb.shape[0])
    sign[group] = np.sign(A)
    norms = np.linalg.norm(wb[:, :-1], axis=1)
    return wb[:, :-1] / norms[:, None], wb[:, -1] / norms, sign * norms


def sparsify(Z: np.ndarray, U: np.ndarray, T: np.ndarray, A: np.ndarray,
              aff: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Remove linear dependences among the neurons' data features modulo affine functions (PN21 Thm 1 proof).

    With :math:`\Phi\gamma + B\beta = 0`, :math:`\gamma \ne 0`: :math:`A \to A + \tau\gamma`, affine
    :math:`\to \text{affine} + \tau\beta`... keeps :math:`\Phi A + B\,\text{aff}` and changes :math:`\sum|A_k|` linearly
    (slope :math:`\sum\mathrm{sign}(A_k)\gamma_k`) until the first amplitude reaches 0; τ is taken in the
    non-increasing direction.
    """
    n, d = Z.shape
    B = np.hstack([Z, np.ones((n, 1))])
    live = A != 0
    U, T, A, aff = U[live], T[live], A[live].copy(), aff.copy()
    while A.size:
        Phi = features(Z, U, T)
        M = np.hstack([Phi, B])
        _, s, vt = np.linalg.svd(M, full_matrices=True)
        K = A.size
        rank = int(np.sum(s > DEPENDENCE_RTOL * s[0]))
        if rank >= K + d + 1:
            break
        null = vt[rank:]  # rows spanning the numerical null space
        gamma_all = null[:, :K]
        j = int(np.argmax(np.linalg.norm(gamma_all, axis=1)))
        vec = null[j]
        gamma, beta = vec[:K], vec[K:]
        if np.max(np.abs(gamma)) <= DEPENDENCE_RTOL:
            break
        slope = float(np.sum(np.sign(A) * gamma))
        direction = -1.0 if slope > 0 else 1.0
        step = direction * gamma
        hits = [(-A[k] / step[k]) for k in range(K) if step[k] != 0 and -A[k] / step[k] > 0]
        if not hits:  # pragma: no cover - gamma != 0 always reaches a zero in one direction or the other
            direction = -direction
            step = -step
            hits = [(-A[k] / step[k]) for k in range(K) if step[k] != 0 and -A[k] / step[k] > 0]
        tau = min(hits)
        A = A + tau * step
        aff = aff + tau * direction * beta
        zero = int(np.argmin(np.abs(A)))
        keep = np.ones(K, dtype=bool)
        keep[zero] = False
        keep &= np.abs(A) > DEPENDENCE_RTOL * float(np.max(np.abs(A)))
        U, T, A = U[keep], T[keep], A[keep]
    return U, T, A, aff


def polish_interpolation(Z: np.ndarray, t: np.ndarray, U: np.ndarray, T: np.ndarray, A: np.ndarray,
                          aff: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Make the sparse interpolant meet the data to rounding, without moving any activation pattern.

    With the patterns :math:`D_{kn} = [u_k^\top z_n > t_k]` fixed, the values
    :math:`f(z_n) = \sum_k s_k D_{kn}(\tilde w_k^\top z_n - \tilde b_k) + c^\top z_n + c_0`
    (:math:`\tilde w_k = |A_k|u_k`, :math:`\tilde b_k = |A_k|t_k`, :math:`s_k = \mathrm{sign}A_k`) are linear in
    the parameters.  Data points that lie on a hyperplane (within :data:`ON_PLANE_TOL`) are kept on it by extra
    equations :math:`\tilde w_k^\top z_n = \tilde b_k`.  The least-norm correction removes the residual the
    solver's positions leave (~1e-8) and changes :math:`\sum_k\|\tilde w_k\| = \sum_k|A_k|` by at most its own
    size.  Accepted only if no other pattern entry changes and the residual drops.
    """
    n, d = Z.shape
    K = A.size
    s = np.sign(A)
    ones = np.ones((n, 1))
    for _ in range(3):
        pre = Z @ U.T - T
        resid = np.maximum(pre, 0.0) @ A + Z @ aff[:d] + aff[d] - t
        size = float(np.max(np.abs(resid)))
        if size <= 16 * np.finfo(float).eps * max(1.0, float(np.max(np.abs(t)))):
            break
        on = np.abs(pre) <= ON_PLANE_TOL
        active = (pre > 0) & ~on
        rows = np.zeros((n, K, d + 1))
        rows[:, :, :d] = Z[:, None, :]
        rows[:, :, d] = -1.0
        J = np.hstack([((active * s)[:, :, None] * rows).reshape(n, K * (d + 1)), Z, ones])
        rhs = resid
        if on.any():  # keep incident points on their hyperplanes: |A_k| (u_k . z_n - t_k) -> 0
            nn, kk = np.nonzero(on)
            inc = np.zeros((nn.size, K * (d + 1) + d + 1))
            for r, (i, k) in enumerate(zip(nn, kk, strict=True)):
                inc[r, k * (d + 1):(k + 1) * (d + 1)] = rows[i, k]
            J = np.vstack([J, inc])
            rhs = np.concatenate([resid, np.abs(A[kk]) * pre[nn, kk]])
        theta = np.concatenate([(np.abs(A)[:, None] * np.hstack([U, T[:, None]])).ravel(), aff])
        theta = theta - np.linalg.lstsq(J, rhs, rcond=None)[0]
        wb = theta[:K * (d + 1)].reshape(K, d + 1)
        norms = np.linalg.norm(wb[:, :d], axis=1)
        if np.any(norms == 0):
            break
        U_new, T_new, A_new, aff_new = wb[:, :d] / norms[:, None], wb[:, d] / norms, s * norms, theta[K * (d + 1):]
        pre_new = Z @ U_new.T - T_new
        resid_new = np.maximum(pre_new, 0.0) @ A_new + Z @ aff_new[:d] + aff_new[d] - t
        if np.any(((pre_new > 0) != (pre > 0)) & ~on) or float(np.max(np.abs(resid_new))) >= size:
            break
        U, T, A, aff = U_new, T_new, A_new, aff_new
    return U, T, A, aff
