r"""The cone program of :mod:`radontv.fit` over every given column, modelled in cvxpy (the ``method="full"``
reference of :func:`radontv.fit.rtv2_fit`; column generation passes the same program to Clarabel directly,
:mod:`radontv.fit_conic`).

.. math:: \min\ \sum_k\|w_k\| \ \text{ s.t. } \sum_k s_k D_{S_k}(Zw_k - b_k\mathbf 1) + Zc + c_0\mathbf 1 = t,
          \quad (2D_{S_k} - I)(Zw_k - b_k\mathbf 1) \ge 0

(regression: :math:`\tfrac12\sum_n m_n(f(z_n) - t_n)^2 + \lambda\sum_k\|w_k\|`), Pilanci & Ergen, ICML 2020.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

__all__ = ["cone_program_cvxpy"]


def cone_program_cvxpy(cp: Any, Z: np.ndarray, t: np.ndarray, weight: np.ndarray, Dm: np.ndarray, signs: np.ndarray,
                  lam: float | None, *, tol: float) -> dict[str, Any]:
    """The cone program of the module docstring over the columns of ``Dm`` (pattern indicators) with ``signs``."""
    n, d = Z.shape
    P = Dm.shape[1]
    G = 2.0 * Dm - 1.0
    W, b = cp.Variable((P, d)), cp.Variable(P)
    c, c0 = cp.Variable(d), cp.Variable()
    pre = Z @ W.T - np.ones((n, 1)) @ cp.reshape(b, (1, P), order="C")
    pred = cp.multiply(Dm * signs[None, :], pre) @ np.ones(P) + Z @ c + c0
    penalty = cp.sum(cp.norm(W, 2, axis=1))
    cones = [cp.multiply(G, pre) >= 0]
    if lam is None:
        fit = pred == t
        problem = cp.Problem(cp.Minimize(penalty), [fit, *cones])
    else:
        sw = np.sqrt(weight)
        problem = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(cp.multiply(sw, pred - t)) + lam * penalty), cones)
    try:
        with warnings.catch_warnings():  # an inaccurate solve is reported through "ok", not as a warning
            warnings.simplefilter("ignore")
            problem.solve(solver="CLARABEL", tol_gap_abs=tol, tol_gap_rel=tol, tol_feas=tol, max_iter=500)
    except cp.error.SolverError:  # pragma: no cover - reported through "ok"
        return {"ok": False, "status": "solver error"}
    ok = problem.status in ("optimal", "optimal_inaccurate") and W.value is not None
    if not ok:
        return {"ok": False, "status": problem.status}
    Wv = np.asarray(W.value, dtype=np.float64).reshape(P, d)
    if lam is None:
        p = np.asarray(fit.dual_value, dtype=np.float64)
    else:
        p = weight * (t - np.asarray(pred.value, dtype=np.float64))
    return {"ok": True, "status": problem.status, "W": Wv, "b": np.asarray(b.value, dtype=np.float64).reshape(P),
            "norms": np.linalg.norm(Wv, axis=1), "signs": signs, "p": p, "value": float(problem.value)}
