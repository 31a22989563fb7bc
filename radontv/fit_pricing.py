r"""Pricing activation patterns with a dual candidate :math:`p` (column generation, :mod:`radontv.fit_columns`; the
certificate, :mod:`radontv.fit_certificate`).

For :math:`p \perp` affine functions the dual constraint of the reduction in :mod:`radontv.fit` is
:math:`\rho(p) = \max_{\|u\| = 1, t}|f_p(u, t)| \le \lambda` (:math:`\le 1` for interpolation), with
:math:`f_p(u, t) = \sum_n p_n\sigma(u^\top z_n - t)`.  Two sides of it are computed here, both vectorised:

* **lower bounds from candidate neurons** (:func:`neuron_candidates`).  For fixed :math:`u`, :math:`f_p` is piecewise
  linear in :math:`t` and vanishes at :math:`\pm\infty`, so a maximizer has :math:`t = u^\top z_m` (an *anchor*
  :math:`m`); then :math:`u \mapsto f_p(u, u^\top z_m)` is even on the sphere (:math:`p \perp` affine) and linear,
  :math:`u^\top v_S`, :math:`v_S = \sum_{n\in S}p_n(z_n - z_m)`, on each cell :math:`S` of the arrangement of the
  great spheres :math:`u \perp z_n - z_m`.  Its maximum is at a vertex (a hyperplane through :math:`d` points), in
  the relative interior of an edge (:math:`d = 3`: :math:`v_S` projected onto the great circle) or of a cell
  (:math:`v_S/\|v_S\|`), and every cell and edge of the arrangement of anchor :math:`m` touches a vertex.  The
  candidates are therefore: every hyperplane through :math:`d` points, and for each of its points as the anchor and
  each cell (edge) at that vertex the normalised :math:`v_S` (its projection).  Each candidate's value is evaluated
  at the candidate, so it is a lower bound on :math:`\rho` whatever the geometry; for points in general position
  and :math:`d \le 3` the largest is :math:`\rho` itself (for :math:`d \ge 4` faces of dimension 2 to
  :math:`d - 2` are not visited: the candidates then only guide the pricing).
* **upper bounds per pattern** (:func:`pattern_upper_bounds`): for the pattern :math:`S` and sign :math:`s`,
  weak duality gives :math:`\max_{(w, b)\in K_S, \|w\|\le 1} s\,p^\top D_S(Zw - b\mathbf 1) \le
  \|Z^\top(sD_Sp + G_S\mu)\|` for every :math:`\mu \ge 0` with :math:`\mathbf 1^\top(sD_Sp + G_S\mu) = 0`
  (:math:`G_S = 2D_S - I`); here :math:`\mu` is supported on one point, the best one (a cheap, valid bound that
  the certificate refines by nonnegative least squares only where it matters).
"""

from __future__ import annotations

import itertools

import numpy as np

__all__ = ["Hyperplanes", "gradient_bounds", "hyperplanes_through_points", "neuron_candidates",
           "pattern_upper_bounds"]

#: Hyperplanes handled per block (bounds the memory of the candidate arrays to a few tens of MB).
BLOCK = 2048


class Hyperplanes:
    """The hyperplanes through ``d`` affinely independent data points: the index tuples ``combos`` (C, d), unit
    normals ``U`` (C, d) and offsets ``T`` (C,) (``u^T z = t`` on the tuple's points)."""

    def __init__(self, combos: np.ndarray, U: np.ndarray, T: np.ndarray) -> None:
        self.combos, self.U, self.T = combos, U, T

    def __len__(self) -> int:
        return int(self.combos.shape[0])


def hyperplanes_through_points(Z: np.ndarray) -> Hyperplanes:
    """Every hyperplane through ``d`` affinely independent rows of ``Z`` (distinct rows), normals by batched SVDs."""
    n, d = Z.shape
    combos = np.array(list(itertools.combinations(range(n), d)), dtype=np.intp).reshape(-1, d)
    Us, Ts, keep = [], [], []
    for start in range(0, combos.shape[0], 8 * BLOCK):
        block = combos[start:start + 8 * BLOCK]
        A = np.concatenate([Z[block], np.ones((block.shape[0], d, 1))], axis=2)
        _, s, vt = np.linalg.svd(A)
        ok = s[:, -1] > 1e3 * np.finfo(float).eps * np.maximum(1.0, s[:, 0])
        normal = vt[ok, -1, :]
        scale = np.linalg.norm(normal[:, :d], axis=1)
        Us.append(normal[:, :d] / scale[:, None])
        Ts.append(-normal[:, d] / scale)
        keep.append(block[ok])
    if not keep:
        return Hyperplanes(np.zeros((0, d), dtype=np.intp), np.zeros((0, d)), np.zeros(0))
    return Hyperplanes(np.vstack(keep), np.vstack(Us), np.concatenate(Ts))


def _unit(V: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    norms = np.linalg.norm(V, axis=1)
    ok = norms > 0
    return V[ok] / norms[ok, None], ok


def neuron_candidates(Z: np.ndarray, p: np.ndarray, planes: Hyperplanes,
                      keep: int = 0) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    r"""The candidate neurons of the module docstring for the dual candidate ``p`` (:math:`\perp` affine).

    Returns ``(best, U, T, F)``: the largest :math:`|f_p|` over all candidates (a lower bound on :math:`\rho(p)`,
    equal to it for points in general position and :math:`d \le 3`) and the ``keep`` candidates of largest
    :math:`|f_p|` (unit normals, offsets, signed values :math:`f_p(u, t)`).
    """
    _n, d = Z.shape
    tol = 1e-10 * max(1.0, float(np.max(np.abs(Z))))
    best = 0.0
    kept_U, kept_T, kept_F = [np.zeros((0, d))], [np.zeros(0)], [np.zeros(0)]
    pz = p[:, None] * Z  # (n, d)
    for start in range(0, len(planes), BLOCK):
        combos = planes.combos[start:start + BLOCK]
        U0, T0 = planes.U[start:start + BLOCK], planes.T[start:start + BLOCK]
        side = Z @ U0.T - T0  # (n, C)
        pos = (side > tol).astype(np.float64)  # P0: the strict positive side
        base_v = pos.T @ pz  # sum_{n in P0} p_n z_n, (C, d)
        base_s = pos.T @ p  # sum_{n in P0} p_n
        cand_U, cand_T = [U0], [T0]
        for a in range(d):  # the anchor: the a-th point of the tuple
            m = combos[:, a]
            zm = Z[m]  # (C, d)
            others = [j for j in range(d) if j != a]
            for subset in itertools.product((0.0, 1.0), repeat=len(others)):
                v = base_v - base_s[:, None] * zm
                for flag, j in zip(subset, others, strict=True):
                    if flag:
                        zj = Z[combos[:, j]]
                        v = v + p[combos[:, j], None] * (zj - zm)
                u, ok = _unit(v)  # a cell at the vertex
                cand_U.append(u)
                cand_T.append(np.einsum("kd,kd->k", u, zm[ok]))
                if d == 3:  # the edges at the vertex: v projected onto the great circle u . (z_j - z_m) = 0
                    for flag, j in zip(subset, others, strict=True):
                        if flag:
                            continue  # on the circle of j its own term vanishes: one edge per (j, other subset)
                        e = Z[combos[:, j]] - zm
                        e = e / np.linalg.norm(e, axis=1, keepdims=True)
                        w = v - np.einsum("kd,kd->k", v, e)[:, None] * e
                        u, ok = _unit(w)
                        cand_U.append(u)
                        cand_T.append(np.einsum("kd,kd->k", u, zm[ok]))
        U = np.vstack(cand_U)
        T = np.concatenate(cand_T)
        F = np.maximum(Z @ U.T - T, 0.0).T @ p  # f_p at every candidate
        if F.size:
            best = max(best, float(np.max(np.abs(F))))
        if keep:
            top = np.argsort(-np.abs(F))[:keep]
            kept_U.append(U[top])
            kept_T.append(T[top])
            kept_F.append(F[top])
    U, T, F = np.vstack(kept_U), np.concatenate(kept_T), np.concatenate(kept_F)
    top = np.argsort(-np.abs(F), kind="stable")[:keep]
    return best, U[top], T[top], F[top]


def pattern_upper_bounds(Z: np.ndarray, D: np.ndarray, p: np.ndarray) -> np.ndarray:
    r"""Valid upper bounds, shape (P, 2) (signs +, −), on :math:`\max_{(w, b)\in K_S, \|w\|\le 1}
    s\,p^\top D_S(Zw - b\mathbf 1)` for every pattern (row of ``D``): the multiplier :math:`\mu` is zero but on the
    one point that closes :math:`\mathbf 1^\top(sD_Sp + G_S\mu) = 0` with the smallest resulting norm."""
    P, _n = D.shape
    out = np.empty((P, 2))
    for start in range(0, P, BLOCK):
        Dm = D[start:start + BLOCK].astype(np.float64)
        for col, s in enumerate((1.0, -1.0)):
            out[start:start + BLOCK, col] = _closed_norm(Z, Dm, s * Dm * p)
    return out


def _closed_norm(Z: np.ndarray, Dm: np.ndarray, v: np.ndarray) -> np.ndarray:
    r""":math:`\min_k\|Z^\top(v + |e|G_ke_k)\|` over the points :math:`k` with :math:`G_k = -\mathrm{sign}\,e`,
    :math:`e = \mathbf 1^\top v` (``v`` = :math:`sD_Sp + G_S\mu` row by row): the bound of the multiplier
    :math:`\mu + |e|e_k \ge 0`, which meets the equation exactly."""
    G = 2.0 * Dm - 1.0
    e = v.sum(axis=1)
    base = v @ Z
    step = np.abs(e)[:, None, None] * (G[:, :, None] * Z[None, :, :])  # (B, n, d)
    norms = np.linalg.norm(base[:, None, :] + step, axis=2)
    norms[~(G * np.sign(-e)[:, None] > 0)] = np.inf
    return np.where(e == 0, np.linalg.norm(base, axis=1), norms.min(axis=1))


def gradient_bounds(Z: np.ndarray, Dm: np.ndarray, signs: np.ndarray, p: np.ndarray,
                    iterations: int = 50) -> np.ndarray:
    r"""Valid upper bounds for the patterns ``Dm`` (B, n) with ``signs`` (B,), tighter than
    :func:`pattern_upper_bounds`: :math:`\mu \ge 0` from a few accelerated projected-gradient steps on
    :math:`\|Z^\top v\|^2 + (\mathbf 1^\top v)^2`, :math:`v = sD_Sp + G_S\mu`, all patterns at once, then
    closed exactly on one point (:func:`_closed_norm`)."""
    n, _d = Z.shape
    G = 2.0 * Dm - 1.0
    a = signs[:, None] * Dm * p
    Zb = np.hstack([Z, np.ones((n, 1))])
    step = 1.0 / (2.0 * np.linalg.norm(Zb, 2) ** 2)  # 1 / Lipschitz constant (G is a diagonal of signs)
    r0 = a @ Zb
    mu = np.zeros_like(a)
    y = mu
    k = 1.0
    for _ in range(iterations):
        grad = 2.0 * G * ((r0 + (G * y) @ Zb) @ Zb.T)
        new = np.maximum(y - step * grad, 0.0)
        k_next = (1.0 + np.sqrt(1.0 + 4.0 * k * k)) / 2.0
        y = new + ((k - 1.0) / k_next) * (new - mu)
        mu, k = new, k_next
    return _closed_norm(Z, Dm, a + G * mu)
