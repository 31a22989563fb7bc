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

__all__ = ["DEPENDENCE_RTOL", "LP_TOL", "ON_PLANE_TOL", "TWIN_RTOL", "dedupe", "features", "objective",
           "polish_positions", "resolve_on_support", "solve_on_dictionary", "sparsify"]

#: Relative singular-value threshold for a linear dependence among data features during sparsification.
DEPENDENCE_RTOL = 1e-9
#: Feasibility and optimality tolerance of the dictionary linear program (HiGHS' smallest accepted value).
LP_TOL = 1e-10
#: Distance (solver coordinates, data scaled to [-1, 1]) below which a data point counts as lying on a hyperplane
#: of the solution when the interpolant is polished (solver positions are accurate to ~1e-9).
ON_PLANE_TOL = 1e-8
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
        for tol in (LP_TOL, None):  # HiGHS may call an ill-conditioned dictionary infeasible at the tight tolerance
            options = {} if tol is None else {"primal_feasibility_tolerance": tol, "dual_feasibility_tolerance": tol}
            res = linprog(cost, A_eq=A_eq, b_eq=t, bounds=bounds, method="highs-ds", options=options)
            if res.status == 0:
                break
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
    order = order[scale[order] > 0]
    cols = (Phi[:, order] / scale[order]).T  # (K, n), in decreasing order of the norms
    twin = np.zeros((len(order), len(order)), dtype=bool)  # twin[i, j]: columns i and j agree to TWIN_RTOL
    for start in range(0, len(order), 256):
        block = cols[start:start + 256]
        twin[start:start + 256] = np.max(np.abs(block[:, None, :] - cols[None, :, :]), axis=2) <= TWIN_RTOL
    kept: list[int] = []
    for i in range(len(order)):  # greedy, largest norm first: keep a column unless a kept one is its twin
        if not (kept and twin[i, kept].any()):
            kept.append(i)
    chosen = np.sort(order[kept])
    return U[chosen], T[chosen]


def resolve_on_support(Z: np.ndarray, t: np.ndarray, weight: np.ndarray, U: np.ndarray, T: np.ndarray,
                       A: np.ndarray, aff: np.ndarray,
                       lam: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Re-solve exactly on the support ``(U, T)`` with the signs of ``A`` fixed; keep whichever is better.

    Interpolation: the consistent system :math:`[\Phi, B]\theta = t` (full column rank after :func:`sparsify`) by
    least squares with two steps of iterative refinement, so the interpolant meets the data to rounding.  When
    the support is overdetermined and ``t`` is off its range by the dictionary solve's feasibility tolerance,
    :func:`polish_positions` removes the rest.
    Regression: the KKT system :math:`M^\top W(M\theta - t) + \lambda(s, 0) = 0`, :math:`M = [\Phi, B]`, accepted
    when the amplitudes keep their signs :math:`s` (then it is the optimum on the support).  The candidate is
    returned only if it does not raise the objective beyond rounding (interpolation: if it fits better).
    """
    d = Z.shape[1]
    K = A.size
    M = np.hstack([features(Z, U, T), _affine(Z)])
    if lam is None:
        theta = _refined_lstsq(M, t)
        old = np.max(np.abs(M @ np.concatenate([A, aff]) - t), initial=0.0)
        if np.max(np.abs(M @ theta - t), initial=0.0) <= old:
            return U, T, theta[:K], theta[K:]
        return U, T, A, aff
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


def polish_positions(Z: np.ndarray, t: np.ndarray, U: np.ndarray, T: np.ndarray, A: np.ndarray,
                     aff: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Make the sparse interpolant meet the data to rounding, without changing any activation pattern.

    With fixed hyperplanes the interpolation system is overdetermined (each neuron of the cone program carries
    :math:`d + 1` parameters :math:`(w_S, b_S)`, the amplitude alone 1), so the solver's positions (~1e-9) leave a
    residual of that size.  With the patterns :math:`D_{kn} = [u_k^\top z_n > t_k]` fixed the values
    :math:`f(z_n) = \sum_k s_k D_{kn}(\tilde w_k^\top z_n - \tilde b_k) + c^\top z_n + c_0`
    (:math:`\tilde w_k = |A_k|u_k`, :math:`\tilde b_k = |A_k|t_k`, :math:`s_k = \mathrm{sign}A_k`) are linear in
    the parameters (the cone program's own parametrization); data points within :data:`ON_PLANE_TOL` of a
    hyperplane are kept on it by the equations :math:`\tilde w_k^\top z_n = \tilde b_k`.  The correction of
    least size in the positions :math:`(u_k, t_k)` (columns scaled by :math:`|A_k|`; a few refinement steps) removes
    the residual and changes :math:`\sum_k\|\tilde w_k\|` by at most
    its own size; a step is accepted only if no other pattern entry changes and the residual drops.  The result
    is an exactly feasible network whose objective is computed from its weights, so it never undercuts the
    optimum: the certificate judges it.
    """
    n, d = Z.shape
    K = A.size
    s = np.sign(A)
    rows = np.zeros((n, K, d + 1))
    rows[:, :, :d] = Z[:, None, :]
    rows[:, :, d] = -1.0
    for _ in range(6):
        pre = Z @ U.T - T
        resid = np.maximum(pre, 0.0) @ A + Z @ aff[:d] + aff[d] - t
        size = float(np.max(np.abs(resid)))
        if size <= FIT_RTOL * float(np.max(np.abs(t))):
            break
        on = np.abs(pre) <= ON_PLANE_TOL
        active = (pre > 0) & ~on
        J = np.hstack([((active * s)[:, :, None] * rows).reshape(n, K * (d + 1)), _affine(Z)])
        rhs = resid
        if on.any():  # keep incident points on their hyperplanes: |A_k| (u_k . z_n - t_k) -> 0
            nn, kk = np.nonzero(on)
            inc = np.zeros((nn.size, K * (d + 1) + d + 1))
            for r, (i, k) in enumerate(zip(nn, kk, strict=True)):
                inc[r, k * (d + 1):(k + 1) * (d + 1)] = rows[i, k]
            J = np.vstack([J, inc])
            rhs = np.concatenate([resid, np.abs(A[kk]) * pre[nn, kk]])
        theta = np.concatenate([(np.abs(A)[:, None] * np.hstack([U, T[:, None]])).ravel(), aff])
        col = np.concatenate([np.repeat(np.abs(A), d + 1), np.ones(d + 1)])  # least change of the positions (u, t)
        theta = theta - col * np.linalg.lstsq(J * col, rhs, rcond=None)[0]
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
