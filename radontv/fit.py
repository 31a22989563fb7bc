r"""Global minimizers of R-TV²-regularized fitting in :math:`d` dimensions, with a certificate.

Problems (data :math:`(x_n, y_n)_{n=1}^N \subset \mathbb R^d\times\mathbb R`):

.. math::

    \text{interpolation } (\lambda = \text{None}):&\quad \min_f\ \mathrm{R\text{-}TV}^2(f)
        \ \text{ s.t. } f(x_n) = y_n,\\
    \text{regression } (\lambda > 0):&\quad
        \min_f\ \tfrac12\sum_n (f(x_n) - y_n)^2 + \lambda\,\mathrm{R\text{-}TV}^2(f).

By the representer theorem (Parhi & Nowak, JMLR 2021 [PN21], Thm 1) a solution is a ReLU network with at most
:math:`N - (d+1)` neurons plus an affine skip term; by PN21 Thm 8 the same problems are solved by training a network
of that width with weight decay :math:`\tfrac\lambda2\sum_k(v_k^2 + \|w_k\|^2)` (biases and skip term free).

**Exact finite reduction** (Pilanci & Ergen, ICML 2020, with the bias unregularized).  A neuron acts on the data
through its activation pattern :math:`S` (:mod:`radontv.arrangements`).  Neurons of one pattern and one sign add up
within the closed cone :math:`K_S = \{(w, b) : (2D_S - I)(Xw - b\mathbf 1) \ge 0\}` and
:math:`\|\sum w\| \le \sum\|w\|`, so with one pair :math:`(w_S^\pm, b_S^\pm) \in K_S` per pattern

.. math:: \min\ \tfrac12\Bigl\|\sum_S D_S\bigl(X(w_S^+ - w_S^-) - (b_S^+ - b_S^-)\mathbf 1\bigr) + Xc + c_0\mathbf 1
          - y\Bigr\|^2 + \lambda\sum_S\bigl(\|w_S^+\| + \|w_S^-\|\bigr)

(a second-order cone program) has the same optimal value as the function-space problem, and every nonzero
:math:`w_S^\pm` is one neuron :math:`\pm\|w\|\sigma(u^\top x - t)`, :math:`u = w/\|w\|`, :math:`t = b/\|w\|`.  The
conic solve uses cvxpy with Clarabel (optional extra ``solvers``).

**Sparsification** (the proof of PN21 Thm 1, constructive): while the data features of the active neurons and the
:math:`d+1` affine features are linearly dependent, move the amplitudes along a dependence (the affine part absorbs
the change, the data fit is unchanged) in the direction in which :math:`\sum|A_k|` does not increase, until an
amplitude vanishes.  The result has at most :math:`N - (d+1)` neurons.

**Certificate.**  Dual (Lagrangian) of the reduction, with :math:`p = y - f(X)` (regression) or the multiplier of the
interpolation constraints: for every pattern and sign a multiplier :math:`\mu \ge 0` with
:math:`\mathbf 1^\top(\pm D_Sp + G_S\mu) = 0` bounds :math:`|\sum_n p_n\sigma(u^\top x_n - t)| \le
\|X^\top(\pm D_Sp + G_S\mu)\|` for every unit neuron of that pattern; scaling :math:`p` to make the largest bound
:math:`\le\lambda` (:math:`\le 1`) gives a dual feasible point and the lower bound
:math:`-\tfrac12\|p\|^2 + p^\top y` (:math:`p^\top y`).  Multipliers are found by nonnegative least squares; the bound
is valid up to floating-point rounding whatever they are.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .arrangements import activation_patterns, pattern_count_bound
from .canonical_form import canonical
from .errors import InvalidInput
from .network import ReLUNetwork

__all__ = ["CERTIFIED_RTOL", "MAX_PATTERNS", "FitResult", "rtv2_fit"]

#: The exact method solves one cone program with two neurons per activation pattern; beyond this many patterns
#: (about N = 40 points in d = 3, N = 140 in d = 2) the solve takes minutes.  Patterns up to complement for N
#: points in general position: sum_{k <= d} C(N-1, k) - 1.
MAX_PATTERNS = 10_000
#: A fit is reported as certified when its gap is at most this fraction of max(1, |value|) (and an interpolant meets
#: the data to this fraction of 1 + max|y|): the float solve reaches ~1e-9 (d <= 2) to ~1e-7 (d = 3, NNLS bound).
CERTIFIED_RTOL = 1e-6
#: Relative size below which a solver neuron ||w_S|| counts as zero (solver accuracy ~1e-9 relative).
NEURON_RTOL = 1e-7
#: Relative singular-value threshold for a linear dependence among data features during sparsification.
DEPENDENCE_RTOL = 1e-9
#: Solver tolerances: a first solve over all patterns to 1e-9 (enough to find the active ones), a re-solve on the
#: active patterns and the dictionary problem to 1e-12 (positions and amplitudes accurate, not only the value).
FIRST_SOLVE_TOL, FINAL_SOLVE_TOL = 1e-9, 1e-12
#: Distance (in the solver's coordinates, data scaled to [-1, 1]) below which a data point counts as lying on a
#: hyperplane of the solution when the interpolant is polished (solver positions are accurate to ~1e-9).
ON_PLANE_TOL = 1e-8
#: Repeated points must have equal targets for interpolation, up to this relative rounding of targets read from text.
DUPLICATE_RTOL = 1e-12


@dataclass
class FitResult:
    """A certified global minimizer of the R-TV² problem (see :mod:`radontv.fit`).

    ``network`` (float) has at most ``bound = N - (d+1)`` neurons (N distinct points); ``value`` is its objective
    (R-TV² for interpolation, ½Σ residual² + λ R-TV² for regression), ``dual_bound`` a certified lower bound on the
    optimum, ``gap = value - dual_bound`` (≥ 0 up to rounding); ``max_residual`` is ``max |f(x_n) - y_n|``;
    ``dense_network`` is the solution found before sparsification (same fitted values and R-TV², more neurons).
    """

    network: ReLUNetwork
    value: float
    rtv2: float
    loss: float
    dual_bound: float
    gap: float
    lam: float | None
    bound: int
    max_residual: float
    patterns: int
    solver_value: float
    seconds: float
    dense_network: ReLUNetwork | None = field(default=None, repr=False)
    target_scale: float = 1.0  # max |y_n|, the scale of max_residual

    @property
    def neurons(self) -> int:
        """The number of neurons of the returned (sparse) network."""
        return self.network.width

    @property
    def relative_gap(self) -> float:
        """``gap / max(1, |value|)``."""
        return self.gap / max(1.0, abs(self.value))

    @property
    def certified(self) -> bool:
        """Whether the certificate holds: ``|relative_gap| <= CERTIFIED_RTOL`` (and, for interpolation, the data
        are met to the same relative accuracy)."""
        fits = self.lam is not None or self.max_residual <= CERTIFIED_RTOL * (1.0 + self.target_scale)
        return abs(self.relative_gap) <= CERTIFIED_RTOL and fits

    def fitted(self, X: Any) -> np.ndarray:
        """The network's values at the rows of ``X``."""
        return np.asarray(self.network(np.asarray(X, dtype=np.float64)), dtype=np.float64)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: objective, certificate, and the network's neurons (normals, offsets, amplitudes)."""
        form = canonical(self.network)
        return {
            "problem": "interpolation" if self.lam is None else "regression",
            "lam": self.lam, "value": self.value, "rtv2": self.rtv2, "loss": self.loss,
            "dual_bound": self.dual_bound, "gap": self.gap, "relative_gap": self.relative_gap,
            "neurons": self.neurons, "bound": self.bound, "max_residual": self.max_residual,
            "certified": self.certified,
            "patterns": self.patterns, "seconds": self.seconds,
            "network": form.as_dict(),
        }

    def __str__(self) -> str:
        kind = "interpolation: min R-TV2 s.t. f(x_n) = y_n" if self.lam is None else \
            f"regression: 1/2 sum (f(x_n) - y_n)^2 + {self.lam:g} R-TV2"
        lines = [f"R-TV2 global fit ({kind})",
                 f"  optimal value  {self.value:.12g}   (R-TV2 {self.rtv2:.12g}, loss {self.loss:.6g})",
                 f"  dual bound     {self.dual_bound:.12g}   gap {self.gap:.3g} (relative {self.relative_gap:.3g})"
                 + ("   certified" if self.certified else f"   NOT certified (tolerance {CERTIFIED_RTOL:g})"),
                 f"  neurons        {self.neurons} <= N - (d+1) = {self.bound};  max |f(x_n) - y_n| = "
                 f"{self.max_residual:.3g}",
                 f"  {self.patterns} activation patterns, {self.seconds:.2f} s"]
        form = canonical(self.network)
        us, ts = form.unit_normals()
        for u, t, a in zip(us, ts, form.amplitudes, strict=True):
            offset = f"- {t:.8g}" if t >= 0 else f"+ {-t:.8g}"
            lines.append(f"  {a:+.8g} * relu(({', '.join(f'{x:.8g}' for x in u)}) . x {offset})")
        lines.append(f"  + ({', '.join(f'{x:.8g}' for x in form.c)}) . x + {form.c0:.8g}")
        return "\n".join(lines)


# -- validation -----------------------------------------------------------------------------------------------------
def _validate(X: Any, y: Any, lam: Any) -> tuple[np.ndarray, np.ndarray, float | None]:
    for name, arr in (("X", X), ("y", y)):
        if np.iscomplexobj(arr):
            raise InvalidInput(f"{name} is complex; the data must be real numbers (pass the real part if that is "
                               "what you mean)")
    try:
        Xa = np.asarray(X, dtype=np.float64)
        ya = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"X and y must be numeric arrays: {exc}") from None
    if Xa.ndim == 1:
        Xa = Xa.reshape(-1, 1)
    if Xa.ndim != 2 or Xa.shape[0] == 0 or Xa.shape[1] == 0:
        raise InvalidInput(f"X must have shape (N, d) with N, d >= 1; got shape {np.shape(X)}")
    if ya.ndim != 1 or ya.shape[0] != Xa.shape[0]:
        raise InvalidInput(f"y must have shape ({Xa.shape[0]},), one target per row of X; got shape {np.shape(y)}")
    if not (np.isfinite(Xa).all() and np.isfinite(ya).all()):
        raise InvalidInput("X and y must be finite: found NaN or inf; remove or impute those rows")
    if lam is not None:
        if isinstance(lam, bool) or not isinstance(lam, int | float | np.floating | np.integer):
            raise InvalidInput(f"lam must be None (interpolation) or a positive number, got {lam!r}")
        lam = float(lam)
        if not (math.isfinite(lam) and lam > 0):
            raise InvalidInput(f"lam must be positive and finite (or None for interpolation), got {lam!r}")
    n, d = Xa.shape
    B = np.hstack([Xa, np.ones((n, 1))])
    if np.linalg.matrix_rank(B) < d + 1:
        rank = np.linalg.matrix_rank(B)
        raise InvalidInput(f"the data do not affinely span R^{d} (rank of [X, 1] is {rank} < {d + 1}):"
                           " the affine part of the solution is not determined (PN21 Thm 1, hypothesis (3)); "
                           "add points off the affine subspace, or project the data onto it first")
    return Xa, ya, lam


def _merge_duplicates(X: np.ndarray, y: np.ndarray, lam: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unique points, their targets (interpolation) or target means (regression), and multiplicities."""
    uniq, inverse, counts = np.unique(X, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    if len(uniq) == len(X):
        return X, y, np.ones(len(X))
    sums = np.bincount(inverse, weights=y, minlength=len(uniq))
    means = sums / counts
    if lam is None:
        spread = np.abs(y - means[inverse])
        if np.any(spread > DUPLICATE_RTOL * (1 + np.abs(y))):
            k = int(np.argmax(spread))
            raise InvalidInput(f"interpolation is impossible: the point {X[k].tolist()} appears more than once with "
                               f"different targets; remove the duplicates or pass lam > 0 (regression)")
    return uniq, means, counts.astype(np.float64)


def _affine_fit(X: np.ndarray, y: np.ndarray, Xu: np.ndarray, yu: np.ndarray, lam: float | None,
                start: float) -> FitResult:
    """N = d + 1 distinct points: the affine interpolant has R-TV² 0 and fits exactly, so it is optimal for both
    problems (value 0, plus the spread of repeated targets in regression) and the bound is attained."""
    n, d = Xu.shape
    coef = np.linalg.solve(np.hstack([Xu, np.ones((n, 1))]), yu)
    net = ReLUNetwork(np.empty((0, d)), np.empty(0), np.empty(0), coef[:d], float(coef[d]))
    within = 0.0 if lam is None else 0.5 * _within_group_ss(X, y)
    fitted = np.asarray(net(X), dtype=np.float64)
    return FitResult(network=net, value=within, rtv2=0.0, loss=within, dual_bound=within, gap=0.0, lam=lam, bound=0,
                     max_residual=float(np.max(np.abs(fitted - y))), patterns=0, solver_value=within,
                     seconds=time.perf_counter() - start, dense_network=net, target_scale=float(np.max(np.abs(y))))


def _polish_interpolation(Z: np.ndarray, t: np.ndarray, U: np.ndarray, T: np.ndarray, A: np.ndarray,
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


# -- the solve ------------------------------------------------------------------------------------------------------
def rtv2_fit(X: Any, y: Any, lam: float | None = None) -> FitResult:
    r"""A certified global minimizer of R-TV² interpolation (``lam=None``) or regression (``lam > 0``).

    Returns a :class:`FitResult` (printable; ``as_dict()`` for JSON).  Needs cvxpy with Clarabel
    (``pip install radontv[solvers]``).  Raises :class:`~radontv.InvalidInput` on non-finite or mis-shaped data,
    data that do not affinely span :math:`\mathbb R^d`, duplicate points with different targets in interpolation,
    and problems with more than :data:`MAX_PATTERNS` activation patterns.

    >>> import numpy as np
    >>> X = np.array([[0., 0.], [1., 0.], [0., 1.], [1., 1.]]); y = np.array([0., 0., 0., 1.])
    >>> fit = rtv2_fit(X, y)                                       # doctest: +SKIP
    >>> round(fit.value, 6), fit.neurons                           # doctest: +SKIP
    (1.414214, 1)
    """
    start = time.perf_counter()
    Xa, ya, lam = _validate(X, y, lam)
    _, d = Xa.shape
    Xu, yu, weight = _merge_duplicates(Xa, ya, lam)
    n = Xu.shape[0]
    bound = n - (d + 1)  # the representer theorem counts distinct points
    if n == d + 1:  # the affine interpolant: value 0 (plus the duplicates' spread), certified by the dual point 0
        return _affine_fit(Xa, ya, Xu, yu, lam, start)
    expected = pattern_count_bound(n, d)
    if expected > MAX_PATTERNS:
        raise InvalidInput(
            f"N = {n} distinct points in d = {d} give up to {expected} activation patterns, more than the exact "
            f"method's limit of {MAX_PATTERNS} (near the limit, e.g. N = 40 in d = 3 or N = 140 in d = 2, a fit "
            "takes minutes); for larger problems train a network with weight decay instead: "
            "radontv.train.fit_network(X, y, width, lam)")
    try:
        import cvxpy as cp
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidInput("rtv2_fit needs the optional conic solver: pip install 'radontv[solvers]' "
                           "(cvxpy with Clarabel)") from None
    # centre and scale for the solver: f(x) = sy * g((x - m) / sx)
    m = Xu.mean(axis=0)
    sx = float(np.max(np.abs(Xu - m))) or 1.0
    sy = float(np.max(np.abs(yu))) or 1.0
    Z = (Xu - m) / sx
    t_ = yu / sy
    lam_s = None if lam is None else lam / (sx * sy)
    D = activation_patterns(Z)
    P = D.shape[0]
    if P == 0 and n > d + 1:  # pragma: no cover - affinely spanning data always have patterns
        raise InvalidInput("no activation pattern found")
    Dm = D.T.astype(np.float64)  # (n, P)
    signs = np.concatenate([np.ones(P), -np.ones(P)])
    cols = np.concatenate([Dm, Dm], axis=1)
    first = _cone_program(cp, Z, t_, weight, cols, signs, lam_s, tol=FIRST_SOLVE_TOL)
    # re-solve on the active (pattern, sign) pairs only, at a tighter tolerance: the hyperplane positions of the
    # solution are then accurate, not only its objective
    active = np.flatnonzero(first["norms"] > NEURON_RTOL * max(1.0, float(first["norms"].max(initial=0.0))))
    second = _cone_program(cp, Z, t_, weight, cols[:, active], signs[active], lam_s, tol=FINAL_SOLVE_TOL)
    solve = second if second["ok"] else first
    if not first["ok"]:
        raise InvalidInput(f"the conic solver did not converge (status {first['status']}); rescale the data")
    Wv, bv, norms, sign = solve["W"], solve["b"], solve["norms"], solve["signs"]
    keep = norms > NEURON_RTOL * max(1.0, float(norms.max(initial=0.0)))
    U = Wv[keep] / norms[keep, None]
    T = bv[keep] / norms[keep]
    A = sign[keep] * norms[keep]
    U, T, A = _merge(U, T, A)
    A, aff, p_scaled = _solve_on_dictionary(Z, t_, weight, U, T, lam_s)
    live = A != 0
    dense = _to_network(U[live], T[live], A[live], aff[:d], aff[d], m, sx, sy)  # a solution before sparsification
    U, T, A, aff = _sparsify(Z, U, T, A, aff)
    merged = _merge_same_pattern(Z, U, T, A)
    if merged[2].size < A.size:  # solver twins of one neuron: merged, then the amplitudes re-fitted
        U, T, A = merged
        if lam_s is not None:
            A, aff, _ = _solve_on_dictionary(Z, t_, weight, U, T, lam_s)
        U, T, A, aff = _sparsify(Z, U, T, A, aff)
    if lam_s is None and A.size:  # re-solve the (consistent) interpolation system on the final support
        M_final = np.hstack([_features(Z, U, T), Z, np.ones((n, 1))])
        theta = np.linalg.lstsq(M_final, t_, rcond=None)[0]
        if np.all(np.sign(theta[:A.size]) == np.sign(A)):
            A, aff = theta[:A.size], theta[A.size:]
        U, T, A, aff = _polish_interpolation(Z, t_, U, T, A, aff)
    net = _to_network(U, T, A, aff[:d], aff[d], m, sx, sy)
    # dual candidates (each gives a valid bound; the best is kept): the cone program's multiplier (interpolation) or
    # residual (regression), that multiplier projected onto the KKT conditions of the final support, and the
    # dictionary problem's dual
    n_b = np.hstack([_features(Z, U, T), Z, np.ones((n, 1))])
    candidates = [p_scaled]
    for sol in (first, second):
        if sol["ok"]:
            candidates += [sol["p"], _kkt_projection(n_b, A, sol["p"], lam_s)]
    dual_scaled = max(_dual_bound(Z, t_, weight, D, q, lam_s) for q in candidates)
    factor = sy / sx if lam is None else sy * sy
    # objective of the returned network (original coordinates)
    fitted = np.asarray(net(Xu), dtype=np.float64)
    resid = fitted - yu
    value_rtv2 = float(canonical(net).rtv2())
    within = 0.0 if lam is None else 0.5 * _within_group_ss(Xa, ya)
    loss = 0.0 if lam is None else 0.5 * float(np.sum(weight * resid**2)) + within
    value = value_rtv2 if lam is None else loss + lam * value_rtv2
    dual = dual_scaled * factor + within
    all_fitted = np.asarray(net(Xa), dtype=np.float64)
    return FitResult(
        network=net, value=value, rtv2=value_rtv2, loss=loss, dual_bound=dual, gap=value - dual, lam=lam,
        bound=bound, max_residual=float(np.max(np.abs(all_fitted - ya))), patterns=P,
        solver_value=float(first["value"]) * factor,
        seconds=time.perf_counter() - start, dense_network=dense, target_scale=float(np.max(np.abs(ya))),
    )


def _cone_program(cp: Any, Z: np.ndarray, t: np.ndarray, weight: np.ndarray, Dm: np.ndarray, signs: np.ndarray,
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


def _solve_on_dictionary(Z: np.ndarray, t: np.ndarray, weight: np.ndarray, U: np.ndarray, T: np.ndarray,
                         lam: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Re-solve the problem on the neurons the cone program found, accurately, with its dual variable.

    Interpolation: the linear program :math:`\min\|A\|_1` s.t. :math:`\Phi A + B\beta = t` (HiGHS; the equality
    marginals are the dual :math:`p`).  Regression: :math:`\min\tfrac12\|W^{1/2}(\Phi A + B\beta - t)\|^2 +
    \lambda\|A\|_1` (Clarabel), :math:`p = W(t - \Phi A - B\beta)`.  The dictionary contains the optimal neurons, so
    this is the optimum up to the first solve's support; the certificate checks it against all neurons.
    """
    n, d = Z.shape
    Phi = _features(Z, U, T)
    B = np.hstack([Z, np.ones((n, 1))])
    K = Phi.shape[1]
    if lam is None:
        from scipy.optimize import linprog

        cost = np.concatenate([np.ones(2 * K), np.zeros(d + 1)])
        A_eq = np.hstack([Phi, -Phi, B])
        bounds = [(0, None)] * (2 * K) + [(None, None)] * (d + 1)
        res = linprog(cost, A_eq=A_eq, b_eq=t, bounds=bounds, method="highs")
        if res.status != 0:
            raise InvalidInput(f"the interpolation linear program failed: {res.message}")
        x = res.x
        return x[:K] - x[K:2 * K], x[2 * K:], np.asarray(res.eqlin.marginals, dtype=np.float64)
    import cvxpy as cp

    A, beta = cp.Variable(K), cp.Variable(d + 1)
    resid = Phi @ A + B @ beta - t
    prob = cp.Problem(cp.Minimize(0.5 * cp.sum(cp.multiply(weight, cp.square(resid))) + lam * cp.norm1(A)))
    with warnings.catch_warnings():  # accuracy is judged by the certificate, not by the solver's warning
        warnings.simplefilter("ignore")
        prob.solve(solver="CLARABEL", tol_gap_abs=FINAL_SOLVE_TOL, tol_gap_rel=FINAL_SOLVE_TOL,
                   tol_feas=FINAL_SOLVE_TOL, max_iter=500)
    Av, bv = np.asarray(A.value, dtype=np.float64), np.asarray(beta.value, dtype=np.float64)
    Av[np.abs(Av) <= NEURON_RTOL * max(1.0, float(np.max(np.abs(Av), initial=0.0)))] = 0.0
    bv = np.linalg.lstsq(B * np.sqrt(weight)[:, None], (t - Phi @ Av) * np.sqrt(weight), rcond=None)[0]
    return Av, bv, weight * (t - Phi @ Av - B @ bv)


def _kkt_projection(M: np.ndarray, A: np.ndarray, p: np.ndarray, lam: float | None) -> np.ndarray:
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


def _within_group_ss(X: np.ndarray, y: np.ndarray) -> float:
    """Σ (y_n − mean of its duplicate group)²: the part of the loss no function can remove."""
    _, inverse, counts = np.unique(X, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    if len(counts) == len(X):
        return 0.0
    means = np.bincount(inverse, weights=y) / counts
    return float(np.sum((y - means[inverse]) ** 2))


def _to_network(U: np.ndarray, T: np.ndarray, A: np.ndarray, c: np.ndarray, c0: float, m: np.ndarray, sx: float,
                sy: float) -> ReLUNetwork:
    r"""Map :math:`s_y[\sum A\sigma(u^\top z - t) + c^\top z + c_0]`, :math:`z = (x - m)/s_x`, to :math:`x`."""
    d = len(m)
    W = U.reshape(-1, d)
    b = W @ m + T * sx
    v = sy * A / sx
    return ReLUNetwork(W, b, v, sy * c / sx, sy * (c0 - float(c @ m) / sx))


def _features(Z: np.ndarray, U: np.ndarray, T: np.ndarray) -> np.ndarray:
    return np.maximum(Z @ U.T - T, 0.0)


def _merge(U: np.ndarray, T: np.ndarray, A: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merge neurons on the same hyperplane (canonical form, float tolerance; the affine remainder is refitted)."""
    if A.size == 0:
        return U, T, A
    form = canonical(ReLUNetwork(U, T, A))
    return np.asarray(form.normals), np.asarray(form.offsets), np.asarray(form.coefficients)


def _merge_same_pattern(Z: np.ndarray, U: np.ndarray, T: np.ndarray,
                        A: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Merge neurons of one sign that act on the data through the same activation pattern.

    The solver may return one optimal neuron as two nearly equal ones (hyperplanes ~1e-7 apart with data points on
    them), whose data features differ too little for :func:`_sparsify` to see a dependence.  Neurons with the same
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


def _sparsify(Z: np.ndarray, U: np.ndarray, T: np.ndarray, A: np.ndarray,
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
        Phi = _features(Z, U, T)
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


def _rho_exact_2d(X: np.ndarray, p: np.ndarray) -> float:
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


def _dual_bound(X: np.ndarray, y: np.ndarray, weight: np.ndarray, D: np.ndarray, p_raw: np.ndarray,
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
    rho = _rho_exact_2d(X, p) if d <= 2 else _rho_nnls(X, D, p)
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


def _rho_nnls(X: np.ndarray, D: np.ndarray, p: np.ndarray) -> float:
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
