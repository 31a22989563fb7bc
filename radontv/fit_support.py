r"""The support of an R-TV² fit: the neurons' data features, the problem on a fixed dictionary of hyperplanes,
constructive sparsification and the exact re-solve on the final support.

Neurons are held as unit normals ``U`` (K, d), offsets ``T`` and amplitudes ``A`` in the solver's coordinates (data
``Z`` centred and scaled to [-1, 1]); the affine part ``aff = (c, c0)``.  Used by :func:`radontv.fit.rtv2_fit`.

Every step here keeps the hyperplanes the cone program found and only changes amplitudes and the affine part, so
the data features stay exact and the objective of each step can be compared with the previous one:

* :func:`solve_on_dictionary` is the finite problem over the given hyperplanes (a linear program for
  interpolation, HiGHS dual simplex, which returns a vertex; a quadratic program for regression): its value is at most
  that of the cone program's solution, which is one of its feasible points.
* :func:`sparsify` moves along linear dependences of the features in the direction in which
  :math:`\sum_k|A_k|` does not increase (PN21 Thm 1 proof), so the value does not rise.
* :func:`resolve_on_support` re-solves the problem exactly (a linear system) on the final support: the
  interpolant meets the data to rounding; for regression the KKT system with the signs fixed.

Merging nearly coincident solver neurons (twins) or moving hyperplanes onto data points is deliberately not done:
both change the data features and can lose the optimum or the interpolation (issue 9, item 4).
"""

from __future__ import annotations

import warnings

import numpy as np

__all__ = ["DEPENDENCE_RTOL", "LP_TOL", "TWIN_RTOL", "dedupe", "features", "objective", "resolve_on_support",
           "solve_on_dictionary", "sparsify"]

#: Relative singular-value threshold for a linear dependence among data features during sparsification.
DEPENDENCE_RTOL = 1e-9
#: Feasibility and optimality tolerance of the dictionary linear program (HiGHS' smallest accepted value).
LP_TOL = 1e-10
#: Feature columns (each scaled to max 1) closer than this in max norm are twins of one neuron (:func:`dedupe`).
TWIN_RTOL = 1e-6
#: An interpolant meets the data when its residual is at most this fraction of max |t| (rounding).
FIT_RTOL = 1e-13
#: Relative size below which a regression amplitude from the (interior-point) dictionary solve counts as zero.
AMPLITUDE_RTOL = 1e-7


def features(Z: np.ndarray, U: np.ndarray, T: np.ndarray) -> np.ndarray:
    """The data features :math:`\\sigma(u_k^\\top z_n - t_k)`, shape (n, K)."""
    return np.maximum(Z @ U.T - T, 0.0)


def _affine(Z: np.ndarray) -> np.ndarray:
    return np.hstack([Z, np.ones((Z.shape[0], 1))])


def objective(Z: np.ndarray, t: np.ndarray, weight: np.ndarray, U: np.ndarray, T: np.ndarray, A: np.ndarray,
              aff: np.ndarray, lam: float | None) -> float:
    """The objective in solver coordinates: :math:`\\sum|A_k|` (interpolation, feasibility not checked) or
    :math:`\\tfrac12\\sum_n m_n r_n^2 + \\lambda\\sum|A_k|` (regression, multiplicities :math:`m_n`)."""
    penalty = float(np.sum(np.abs(A)))
    if lam is None:
        return penalty
    r = features(Z, U, T) @ A + _affine(Z) @ aff - t
    return 0.5 * float(np.sum(weight * r * r)) + lam * penalty


def solve_on_dictionary(Z: np.ndarray, t: np.ndarray, weight: np.ndarray, U: np.ndarray, T: np.ndarray,
                        lam: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The problem on the fixed hyperplanes ``(U, T)``, with its dual variable.

    Interpolation: the linear program :math:`\min\|A\|_1` s.t. :math:`\Phi A + B\beta = t` (HiGHS dual simplex, a
    vertex: at most :math:`N` nonzero variables; the equality marginals are the dual :math:`p`).  Regression:
    :math:`\min\tfrac12\|W^{1/2}(\Phi A + B\beta - t)\|^2 + \lambda\|A\|_1` (Clarabel), :math:`p = W(t - \Phi A -
    B\beta)`.  Raises :class:`RuntimeError` when the solver fails (the caller reports it).
    """
    d = Z.shape[1]
    Phi = features(Z, U, T)
    B = _affine(Z)
    K = Phi.shape[1]
    if lam is None:
        from scipy.optimize import linprog

        cost = np.concatenate([np.ones(2 * K), np.zeros(d + 1)])
        A_eq = np.hstack([Phi, -Phi, B])
        bounds = [(0, None)] * (2 * K) + [(None, None)] * (d + 1)
        res = linprog(cost, A_eq=A_eq, b_eq=t, bounds=bounds, method="highs-ds",
                      options={"primal_feasibility_tolerance": LP_TOL, "dual_feasibility_tolerance": LP_TOL})
        if res.status != 0:
            raise RuntimeError(f"the interpolation linear program on the dictionary failed: {res.message}")
        x = res.x
        return x[:K] - x[K:2 * K], x[2 * K:], np.asarray(res.eqlin.marginals, dtype=np.float64)
    import cvxpy as cp

    A, beta = cp.Variable(K), cp.Variable(d + 1)
    resid = Phi @ A + B @ beta - t
    prob = cp.Problem(cp.Minimize(0.5 * cp.sum(cp.multiply(weight, cp.square(resid))) + lam * cp.norm1(A)))
    with warnings.catch_warnings():  # accuracy is judged by the certificate, not by the solver's warning
        warnings.simplefilter("ignore")
        prob.solve(solver="CLARABEL", tol_gap_abs=1e-12, tol_gap_rel=1e-12, tol_feas=1e-12, max_iter=500)
    if A.value is None:
        raise RuntimeError(f"the regression problem on the dictionary failed (status {prob.status})")
    Av, bv = np.asarray(A.value, dtype=np.float64), np.asarray(beta.value, dtype=np.float64)
    Av[np.abs(Av) <= AMPLITUDE_RTOL * max(1.0, float(np.max(np.abs(Av), initial=0.0)))] = 0.0
    sw = np.sqrt(weight)
    bv = np.linalg.lstsq(B * sw[:, None], (t - Phi @ Av) * sw, rcond=None)[0]
    return Av, bv, weight * (t - Phi @ Av - B @ bv)


def sparsify(Z: np.ndarray, U: np.ndarray, T: np.ndarray, A: np.ndarray,
             aff: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Remove linear dependences among the neurons' data features modulo affine functions (PN21 Thm 1 proof).

    With :math:`\Phi\gamma + B\beta = 0`, :math:`\gamma \ne 0`: :math:`A \to A + \tau\gamma`, affine
    :math:`\to \text{affine} + \tau\beta` keeps :math:`\Phi A + B\,\text{aff}` and changes :math:`\sum|A_k|` linearly
    (slope :math:`\sum\mathrm{sign}(A_k)\gamma_k`) until the first amplitude reaches 0; τ is taken in the
    non-increasing direction, so the objective does not rise.  Ends with :math:`[\Phi, B]` of full column rank,
    hence at most :math:`N - (d+1)` neurons.
    """
    B = _affine(Z)
    d = Z.shape[1]
    live = A != 0
    U, T, A, aff = U[live], T[live], A[live].copy(), aff.copy()
    while A.size:
        M = np.hstack([features(Z, U, T), B])
        _, s, vt = np.linalg.svd(M, full_matrices=True)
        K = A.size
        rank = int(np.sum(s > DEPENDENCE_RTOL * s[0]))
        if rank >= K + d + 1:
            break
        null = vt[rank:]  # rows spanning the numerical null space
        vec = null[int(np.argmax(np.linalg.norm(null[:, :K], axis=1)))]
        gamma, beta = vec[:K], vec[K:]
        if np.max(np.abs(gamma)) <= DEPENDENCE_RTOL:
            break
        direction = -1.0 if float(np.sum(np.sign(A) * gamma)) > 0 else 1.0
        step = direction * gamma
        ratios = np.full(K, np.inf)
        moving = step != 0
        ratios[moving] = -A[moving] / step[moving]
        ratios[ratios <= 0] = np.inf
        if not np.isfinite(ratios).any():  # pragma: no cover - a nonzero gamma reaches a zero one way or the other
            step, direction = -step, -direction
            ratios[moving] = -A[moving] / step[moving]
            ratios[ratios <= 0] = np.inf
        zero = int(np.argmin(ratios))
        tau = float(ratios[zero])
        A = A + tau * step
        aff = aff + tau * direction * beta
        keep = np.ones(K, dtype=bool)
        keep[zero] = False
        keep &= np.abs(A) > DEPENDENCE_RTOL * float(np.max(np.abs(A)))
        U, T, A = U[keep], T[keep], A[keep]
    return U, T, A, aff


def _refined_lstsq(M: np.ndarray, t: np.ndarray) -> np.ndarray:
    theta = np.linalg.lstsq(M, t, rcond=None)[0]
    for _ in range(2):
        theta = theta + np.linalg.lstsq(M, t - M @ theta, rcond=None)[0]
    return theta


def dedupe(Z: np.ndarray, U: np.ndarray, T: np.ndarray, norms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Drop all but the largest (by ``norms``) of neurons whose data features agree to :data:`TWIN_RTOL`.

    The cone program may return one optimal neuron as two (twins: the same hyperplane, up to the solver's accuracy,
    seen from two adjacent patterns).  Their nearly equal feature columns make the dictionary problem ill-conditioned
    (condition numbers ~1e11), and then neither the vertex nor its amplitudes are accurate.  Dropping a twin keeps
    every remaining feature exact (averaging twins would move a hyperplane and the data it meets); the dictionary
    problem re-fits the amplitudes, and the certificate judges the result.
    """
    Phi = features(Z, U, T)
    scale = np.max(np.abs(Phi), axis=0)
    order = np.argsort(-norms, kind="stable")
    kept: list[int] = []
    for k in order:
        if scale[k] == 0:
            continue
        col = Phi[:, k] / scale[k]
        if not any(np.max(np.abs(col - Phi[:, j] / scale[j])) <= TWIN_RTOL for j in kept):
            kept.append(int(k))
    kept.sort()
    return U[kept], T[kept]


def resolve_on_support(Z: np.ndarray, t: np.ndarray, weight: np.ndarray, U: np.ndarray, T: np.ndarray,
                       A: np.ndarray, aff: np.ndarray, lam: float | None,
                       pool: tuple[np.ndarray, np.ndarray] | None = None,
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Re-solve exactly on the support ``(U, T)`` with the signs of ``A`` fixed; keep whichever is better.

    Interpolation: the consistent system :math:`[\Phi, B]\theta = t` (full column rank after :func:`sparsify`) by
    least squares with two steps of iterative refinement, so the interpolant meets the data to rounding.  If the
    support has fewer than :math:`N - (d+1)` neurons and ``t`` is off the range of :math:`[\Phi, B]` by more than
    rounding (the previous solve's feasibility tolerance), the system is completed to a square one with the
    hyperplanes of ``pool`` most independent of the support (their amplitudes come out at that tolerance).
    Regression: the KKT system :math:`M^\top W(M\theta - t) + \lambda(s, 0) = 0`, :math:`M = [\Phi, B]`, accepted
    when the amplitudes keep their signs :math:`s` (then it is the optimum on the support).  The candidate is
    returned only if it does not raise the objective beyond rounding (interpolation: if it fits better).
    """
    d = Z.shape[1]
    K = A.size
    M = M0 = np.hstack([features(Z, U, T), _affine(Z)])
    U0, T0 = U, T
    if lam is None:
        theta = _refined_lstsq(M, t)
        target = FIT_RTOL * float(np.max(np.abs(t)))
        if np.max(np.abs(M @ theta - t), initial=0.0) > target and pool is not None and pool[0].shape[0]:
            # the support's system is overdetermined and t is off its range by the previous solve's feasibility
            # tolerance: complete it to a square system with the pool columns most independent of it
            Phi_pool = features(Z, *pool)
            q, _ = np.linalg.qr(M)
            rest = Phi_pool - q @ (q.T @ Phi_pool)
            from scipy.linalg import qr as pivoted_qr

            extra = pivoted_qr(rest, pivoting=True, mode="r")[1][:max(0, Z.shape[0] - M.shape[1])]
            U2, T2 = np.vstack([U, pool[0][extra]]), np.concatenate([T, pool[1][extra]])
            M2 = np.hstack([features(Z, U2, T2), _affine(Z)])
            theta2 = _refined_lstsq(M2, t)
            if np.max(np.abs(M2 @ theta2 - t)) < np.max(np.abs(M @ theta - t)):
                U, T, M, theta, K = U2, T2, M2, theta2, U2.shape[0]
        old = np.max(np.abs(M0 @ np.concatenate([A, aff]) - t), initial=0.0)
        if np.max(np.abs(M @ theta - t), initial=0.0) <= old:
            live = theta[:K] != 0
            return U[live], T[live], theta[:K][live], theta[K:]
        return U0, T0, A, aff
    sw = np.sqrt(weight)
    Mw = M * sw[:, None]
    q, r = np.linalg.qr(Mw)
    if K == 0 or np.min(np.abs(np.diag(r))) <= DEPENDENCE_RTOL * np.max(np.abs(np.diag(r))):
        return U, T, A, aff
    from scipy.linalg import solve_triangular

    s = np.concatenate([np.sign(A), np.zeros(d + 1)])
    theta0 = solve_triangular(r, q.T @ (t * sw))
    shift = solve_triangular(r, solve_triangular(r, lam * s, trans="T"))
    theta = theta0 - shift
    if np.any(np.sign(theta[:K]) != np.sign(A)):
        return U, T, A, aff
    if objective(Z, t, weight, U, T, theta[:K], theta[K:], lam) <= objective(Z, t, weight, U, T, A, aff, lam):
        return U, T, theta[:K], theta[K:]
    return U, T, A, aff
