r"""The certificate of an R-TV² fit: a dual feasible point and the lower bound it gives (see :mod:`radontv.fit`).

For a candidate multiplier :math:`p`, projected orthogonal to the affine functions, :math:`\rho = \max_{\|u\| = 1, t}
|\sum_n p_n\sigma(u^\top x_n - t)|` is computed exactly in :math:`d \le 2` (:func:`rho_exact_2d`) and bounded from
above with nonnegative multipliers per activation pattern in :math:`d \ge 3` (:func:`rho_nnls`); scaling :math:`p` by
:math:`\lambda/\rho` (:math:`1/\rho`) makes it dual feasible, and :func:`dual_bound` returns its dual value.
"""

from __future__ import annotations

import numpy as np

__all__ = ["dual_bound", "kkt_projection", "rho_exact_2d", "rho_nnls", "rho_patterns"]

#: Patterns bounded per vectorised step of :func:`rho_patterns`.
CHUNK = 2048


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


def rho_nnls(X: np.ndarray, D: np.ndarray, p: np.ndarray, floor: float = 0.0) -> float:
    """An upper bound on the largest neuron correlation of p, pattern by pattern, from multipliers found by NNLS.

    ``floor`` is a known lower bound on the correlation (e.g. a neuron's value); see :func:`rho_patterns`."""
    return rho_patterns(X, D, p, floor)[0]


def rho_patterns(X: np.ndarray, D: np.ndarray, p: np.ndarray, floor: float = 0.0,
                 threshold: float = np.inf) -> tuple[float, list[tuple[int, float, float]]]:
    r"""The upper bound :math:`\rho = \max_{S, s} b_{S,s}` of :func:`rho_nnls` and the patterns above ``threshold``.

    :math:`b_{S,s}` is the smallest of three valid bounds on the pattern's largest correlation (each from some
    multiplier :math:`\mu \ge 0`): the one-point multiplier of :func:`radontv.fit_pricing.pattern_upper_bounds`
    (vectorised, every pattern), a few projected-gradient steps (:func:`radontv.fit_pricing.gradient_bounds`,
    vectorised) and the NNLS multiplier; the tighter ones are computed only where the cheaper bound exceeds the
    largest value known so far, in decreasing order (a pattern whose bound is below a value already reached cannot
    raise the maximum).  With ``floor`` a lower
    bound on :math:`\rho` the result is still :math:`\max b_{S,s}`.  Returns :math:`\rho` and the
    ``(row of D, sign, b)`` of the computed patterns with :math:`b >` ``threshold``.
    """
    from .fit_pricing import gradient_bounds, pattern_upper_bounds

    cheap = pattern_upper_bounds(X, D, p).ravel()
    order = np.argsort(-cheap, kind="stable")
    rho = float(floor)
    above: list[tuple[int, float, float]] = []
    for start in range(0, order.size, CHUNK):
        chunk = order[start:start + CHUNK]
        chunk = chunk[(cheap[chunk] > rho) | (cheap[chunk] > threshold)]
        if chunk.size == 0:
            break
        rows, cols = np.divmod(chunk, 2)
        signs = 1.0 - 2.0 * cols
        bounds = np.minimum(cheap[chunk], gradient_bounds(X, D[rows].astype(np.float64), signs, p))
        for j in np.argsort(-bounds, kind="stable"):
            if bounds[j] <= rho and bounds[j] <= threshold:
                break
            b = min(float(bounds[j]), _nnls_bound(X, D[rows[j]], p, float(signs[j])))
            rho = max(rho, b)
            if b > threshold:
                above.append((int(rows[j]), float(signs[j]), b))
    return rho, above


def _nnls_bound(X: np.ndarray, row: np.ndarray, p: np.ndarray, s: float) -> float:
    r""":math:`\|X^\top(sD_Sp + G_S\mu)\|` with :math:`\mu \ge 0` from NNLS (the equation
    :math:`\mathbf 1^\top(sD_Sp + G_S\mu) = 0` weighted, then closed exactly on one point)."""
    from scipy.optimize import nnls

    n = X.shape[0]
    big = 1e3 * (1.0 + float(np.max(np.abs(X))))  # weight of the equality row in the NNLS
    Dm = row.astype(np.float64)
    G = 2.0 * Dm - 1.0
    a = s * Dm * p
    rows = np.vstack([X.T * G, big * G[None, :]])
    rhs = -np.concatenate([X.T @ a, [big * np.sum(a)]])
    mu, _ = nnls(rows, rhs, maxiter=50 * n)
    e = float(np.sum(a + G * mu))  # fix 1^T(a + G mu) = 0 with one coordinate of mu
    if e != 0.0:
        idx = np.flatnonzero(G * np.sign(-e) > 0)
        if idx.size:
            k = idx[np.argmin(np.linalg.norm(X[idx], axis=1))]
            mu[k] += abs(e)
    return float(np.linalg.norm(X.T @ (a + G * mu)))
