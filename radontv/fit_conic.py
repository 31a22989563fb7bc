r"""The cone program of :mod:`radontv.fit` over a set of (pattern, sign) columns, passed to Clarabel directly.

For columns :math:`(S_k, s_k)`, :math:`k < K` (Pilanci & Ergen, ICML 2020, with the bias unregularized):

.. math:: \min\ \sum_k \|w_k\| \ \text{ s.t. } \sum_k s_k D_{S_k}(Zw_k - b_k\mathbf 1) + Zc + c_0\mathbf 1 = t,\quad
          G_{S_k}(Zw_k - b_k\mathbf 1) \ge 0

(interpolation; regression: :math:`\min \tfrac12\sum_n m_n r_n^2 + \lambda\sum_k\|w_k\|` with the residual
:math:`r` in place of the equality's right side), :math:`G_S = 2D_S - I`.  Epigraph variables
:math:`\sigma_k \ge \|w_k\|` make it a standard conic problem (zero, nonnegative and second-order cones) that
Clarabel solves without a modelling layer: building the same problem in cvxpy
(:func:`radontv.fit._cone_program`, the full method's solve) costs more than the solve itself for a few hundred
columns.  The multiplier :math:`p` of the data equations (interpolation) or :math:`p = m\odot(t - f(Z))`
(regression) is the dual candidate the pricing and the certificate use.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["cone_program"]


def cone_program(Z: np.ndarray, t: np.ndarray, weight: np.ndarray, rows: np.ndarray, signs: np.ndarray,
                 lam: float | None, *, tol: float, facets: np.ndarray | None = None) -> dict[str, Any]:
    r"""Solve the cone program over the columns ``rows`` (K, n) (pattern indicators) with ``signs`` (K,).

    ``facets`` (K, n), optional: the cone constraints to keep per column (default all).  Only the facets of
    :math:`K_S` are needed, the points :math:`n` whose flip :math:`S \triangle \{n\}` is again a pattern (the
    cell across that wall); the others are implied, and dropping them makes the program many times smaller.

    Returns the dictionary of :func:`radontv.fit._cone_program`: ``ok``, ``status``, and when ``ok`` the neurons
    ``W`` (K, d), ``b`` (K,), their ``norms``, ``signs``, the dual candidate ``p`` and the optimal ``value``.
    """
    import clarabel
    from scipy import sparse

    n, d = Z.shape
    K = rows.shape[0]
    Dm = rows.astype(np.float64)  # (K, n)
    G = 2.0 * Dm - 1.0
    regression = lam is not None
    n_w, n_b, n_c = K * d, K, d + 1
    o_b, o_c, o_s = n_w, n_w + n_b, n_w + n_b + n_c
    o_r = o_s + K
    n_var = o_r + (n if regression else 0)
    kk, nn = np.meshgrid(np.arange(K), np.arange(n), indexing="ij")  # (K, n)
    # data equations: sum_k s_k D_nk (z_n . w_k - b_k) + z_n . c + c0 (- r_n) = t_n
    coef = (signs[:, None] * Dm)  # (K, n)
    live = coef != 0
    ki, ni = kk[live], nn[live]
    cv = coef[live]
    eq_r = [np.repeat(ni, d), ni, np.repeat(np.arange(n), d), np.arange(n)]
    eq_c = [(ki[:, None] * d + np.arange(d)[None, :]).ravel(), o_b + ki,
            np.tile(o_c + np.arange(d), n), np.full(n, o_c + d)]
    eq_v = [(cv[:, None] * Z[ni]).ravel(), -cv, Z.ravel(), np.ones(n)]
    if regression:
        eq_r.append(np.arange(n))
        eq_c.append(o_r + np.arange(n))
        eq_v.append(-np.ones(n))
    # cone constraints: slack = G_nk (z_n . w_k - b_k) >= 0, i.e. A = -G_nk [z_n, -1]
    row0 = n
    keep = np.ones((K, n), dtype=bool) if facets is None else facets
    n_cone = int(keep.sum())
    ci = row0 + np.arange(n_cone)
    g = G[keep]
    kr, nr = kk[keep], nn[keep]
    nn_r = [np.repeat(ci, d), ci]
    nn_c = [(kr[:, None] * d + np.arange(d)[None, :]).ravel(), o_b + kr]
    nn_v = [(-g[:, None] * Z[nr]).ravel(), g]
    # second-order cones: slack = (sigma_k, w_k)
    row1 = row0 + n_cone
    soc_r = row1 + (np.arange(K)[:, None] * (d + 1) + np.arange(d + 1)[None, :]).ravel()
    soc_c = np.column_stack([o_s + np.arange(K), np.arange(K)[:, None] * d + np.arange(d)[None, :]]).ravel()
    soc_v = -np.ones(K * (d + 1))
    r = np.concatenate([*eq_r, *nn_r, soc_r])
    c = np.concatenate([*eq_c, *nn_c, soc_c])
    v = np.concatenate([*eq_v, *nn_v, soc_v])
    m_rows = row1 + K * (d + 1)
    A = sparse.csc_matrix((v, (r, c)), shape=(m_rows, n_var))
    b = np.zeros(m_rows)
    b[:n] = t
    q = np.zeros(n_var)
    q[o_s:o_s + K] = 1.0 if lam is None else lam
    if regression:
        P = sparse.csc_matrix((weight, (o_r + np.arange(n), o_r + np.arange(n))), shape=(n_var, n_var))
    else:
        P = sparse.csc_matrix((n_var, n_var))
    cones = [clarabel.ZeroConeT(n), clarabel.NonnegativeConeT(n_cone)] + [clarabel.SecondOrderConeT(d + 1)] * K
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.tol_gap_abs = settings.tol_gap_rel = settings.tol_feas = tol
    settings.max_iter = 500
    try:
        solution = clarabel.DefaultSolver(P, q, A, b, cones, settings).solve()
    except Exception as exc:  # pragma: no cover - reported through "ok"
        return {"ok": False, "status": f"solver error: {exc}"}
    status = str(solution.status).rsplit(".", 1)[-1]  # "Solved" (some versions print "SolverStatus.Solved")
    if status not in ("Solved", "AlmostSolved"):
        return {"ok": False, "status": status}
    x = np.asarray(solution.x, dtype=np.float64)
    W = x[:n_w].reshape(K, d)
    bias = x[o_b:o_b + K]
    if regression:
        pred = np.einsum("kn,nk->n", coef, Z @ W.T - bias) + Z @ x[o_c:o_c + d] + x[o_c + d]
        p = weight * (t - pred)
    else:
        # the sign that makes a column (S, s) lower the value iff s p^T D_S(Zw - b) > 1 (cvxpy's dual is -p)
        p = -np.asarray(solution.z, dtype=np.float64)[:n]
    return {"ok": True, "status": status, "W": W, "b": bias, "norms": np.linalg.norm(W, axis=1), "signs": signs,
            "p": p, "value": float(solution.obj_val)}
