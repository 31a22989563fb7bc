r"""The certificate of an R-TV² fit: a dual feasible point and the lower bound it gives (see :mod:`radontv.fit`).

For a candidate multiplier :math:`p`, projected orthogonal to the affine functions, :math:`\rho = \max_{\|u\| = 1, t}
|\sum_n p_n\sigma(u^\top x_n - t)|` is computed exactly in :math:`d \le 2` (:func:`rho_exact_2d`) and bounded from
above with nonnegative multipliers per activation pattern in :math:`d \ge 3` (:func:`rho_nnls`); scaling :math:`p` by
:math:`\lambda/\rho` (:math:`1/\rho`) makes it dual feasible, and :func:`dual_bound` returns its dual value.
"""

from __future__ import annotations

import numpy as np

__all__ = ["dual_bound", "kkt_projection", "rho_exact_2d", "rho_nnls"]


def kkt_projection(M: np.ndarray, A: np.ndarray, p: np.ndarray, lam: float | None) -> np.ndarray:
    r"""``p`` moved (least change) onto :math:`\{\Phi^\top p = \lambda\,\mathrm{sign}A,\ B^\top p = 0\}`, the
    stationarity conditions on the support (λ = 1 for interpolation; the sign of ``p`` chosen to match)."""
    K = A.size
    scale = 1.0 if lam is None else lam
    target = np.concatenate([scale * np.sign(A), np.zeros(M.shape[1] - K)])
    if K and float(np.sign(A) @ (M[:, :K].T @ p)) < 0:
        p = -p
    try:
        correction = np.linalg.lstsq(M.T, M.T @ p - target, rcond=None)[0]
    except np.linalg.LinAlgError:  # pragma: no cover
        return p
    return p - correction


def rho_exact_2d(X: np.ndarray, p: np.ndarray) -> float:
    r""":math:`\max_{\|u\| = 1, t}|\sum_n p_n\sigma(u^\top x_n - t)|` for :math:`d \le 2` and :math:`p \perp` affine.

    For fixed :math:`u` the sum is piecewise linear in :math:`t` with kinks at :math:`u^\top x_m` and vanishes as
    :math:`t \to \pm\infty`, so :math:`t = u^\top x_m`; then :math:`u \mapsto \sum_n p_n\sigma(u^\top(x_n - x_m))` is
    linear, :math:`u^\top v_S`, on each arc of the circle between the directions orthogonal to some
    :math:`x_n - x_m`: its maximum over a closed arc is :math:`\|v_S\|` when :math:`\pm v_S` points into the arc, else
    at an end.
    """
    n, d = X.shape
    best = 0.0
    if d == 1:
        for m in range(n):
            y = X[:, 0] - X[m, 0]
            best = max(best, abs(float(p @ np.maximum(y, 0))), abs(float(p @ np.maximum(-y, 0))))
        return best
    for m in range(n):
        Y = np.delete(X - X[m], m, axis=0)
        q = np.delete(p, m)
        Y, q = Y[np.linalg.norm(Y, axis=1) > 0], q[np.linalg.norm(Y, axis=1) > 0]
        phi = np.arctan2(Y[:, 1], Y[:, 0])
        bounds = np.sort(np.mod(np.concatenate([phi + np.pi / 2, phi - np.pi / 2]), 2 * np.pi))
        ends = np.concatenate([bounds, [bounds[0] + 2 * np.pi]])
        lo, hi = ends[:-1], ends[1:]
        mid = (lo + hi) / 2
        Umid = np.stack([np.cos(mid), np.sin(mid)], axis=1)
        S = (Umid @ Y.T) > 0  # (arcs, n)
        V = (S * q) @ Y  # v_S per arc
        for ang in (lo, hi):
            E = np.stack([np.cos(ang), np.sin(ang)], axis=1)
            best = max(best, float(np.max(np.abs(np.sum(E * V, axis=1)))))
        vang = np.arctan2(V[:, 1], V[:, 0])
        for sgn in (0.0, np.pi):
            rel = np.mod(vang + sgn - lo, 2 * np.pi)
            inside = rel <= (hi - lo)
            if inside.any():
                best = max(best, float(np.max(np.linalg.norm(V[inside], axis=1))))
    return best


def dual_bound(X: np.ndarray, y: np.ndarray, weight: np.ndarray, D: np.ndarray, p_raw: np.ndarray,
                lam: float | None) -> float:
    r"""A certified lower bound on the optimal value from the dual candidate ``p_raw`` (see the module docstring).

    With repeated points (weights :math:`m_n`) the regression dual is :math:`\max -\tfrac12\sum p_n^2/m_n + p^\top y`.
    """
    n, d = X.shape
    B = np.hstack([X, np.ones((n, 1))])
    Q, _ = np.linalg.qr(B)
    p = p_raw - Q @ (Q.T @ p_raw)  # p orthogonal to the affine functions
    if float(np.linalg.norm(p)) <= 64 * n * np.finfo(float).eps * float(np.linalg.norm(p_raw)):
        return 0.0  # only rounding is left after the projection: rho would be noise, and q = p / rho meaningless
    rho = rho_exact_2d(X, p) if d <= 2 else rho_nnls(X, D, p)
    if lam is None:
        if rho == 0.0:
            return 0.0
        q = p / rho
        return float(abs(q @ y))  # the dual constraint set is symmetric: take the sign that helps
    norm2 = float(np.sum(p * p / weight))
    best = float(p @ y) / norm2 if norm2 > 0 else 0.0  # the dual objective is a concave quadratic in the scale
    scale = min(max(best, 0.0), lam / rho) if rho > 0 else max(best, 0.0)
    q = scale * p
    return float(-0.5 * np.sum(q * q / weight) + q @ y)


def rho_nnls(X: np.ndarray, D: np.ndarray, p: np.ndarray) -> float:
    """An upper bound on the largest neuron correlation of p, pattern by pattern, from multipliers found by NNLS."""
    from scipy.optimize import nnls

    n, _d = X.shape
    rho = 0.0
    big = 1e3 * (1.0 + float(np.max(np.abs(X))))  # weight of the equality row in the NNLS
    for row in D:
        Dm = row.astype(np.float64)
        G = 2.0 * Dm - 1.0
        for s in (1.0, -1.0):
            a = s * Dm * p
            Mx = X.T * G  # (d, n): X^T G
            rows = np.vstack([Mx, big * G[None, :]])
            rhs = -np.concatenate([X.T @ a, [big * np.sum(a)]])
            mu, _ = nnls(rows, rhs, maxiter=50 * n)
            e = float(np.sum(a + G * mu))  # fix 1^T(a + G mu) = 0 with one coordinate of mu
            if e != 0.0:
                idx = np.flatnonzero(G * np.sign(-e) > 0)
                if idx.size:
                    k = idx[np.argmin(np.linalg.norm(X[idx], axis=1))]
                    mu[k] += abs(e)
            vec = a + G * mu
            rho = max(rho, float(np.linalg.norm(X.T @ vec)))
    return rho
