r"""Numeric checks of the training family: TV² regression, its certificate, λ_max, training equivalence, costs.

Conventions (as in :mod:`radontv.regression` and :mod:`radontv.network`):
:math:`P(f) = \tfrac12\sum_n (f(x_n) - y_n)^2 + \lambda\,\mathrm{TV}^2(f)` and
:math:`J(\theta) = \tfrac12\sum_n (f_\theta(x_n) - y_n)^2 + \tfrac\lambda2\sum_k(v_k^2 + w_k^2)`.

The regression solver computes in float64; these checks verify what it returns **exactly**, in rational arithmetic:

* the solver's dual point (converted exactly to rationals, projected exactly onto :math:`\sum r = \sum r x = 0`) must be
  feasible up to the float solver's accuracy, and, scaled into exact feasibility, certify the returned spline within
  :data:`GAP_RTOL` (function-space weak duality, :func:`radontv.theory.training.derive_regression_certificate`);
* an independent exact optimum: the optimality conditions on the solver's active set are solved again in rationals
  (dense Gauss–Jordan in the truncated-power basis, not the solver's hat basis) and verified exactly (signs,
  :math:`|\varphi| \le \lambda` at every site, zero duality gap).

Every check takes the piece under test as a keyword argument (a dual transform, the λ_max function, the knot bound,
the weight-decay factor, the cost factor, the bias weight) so that a test can inject a wrong variant and watch the
verdict become ``refuted``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from radontv.evidence import Agreement, CheckResult
from radontv.network import ReLUNetwork
from radontv.precision import validate_dps
from radontv.regression import lambda_max, tv2_regression

__all__ = [
    "GAP_RTOL",
    "ExactOptimum",
    "check_lambda_max",
    "check_regression_certificate",
    "check_representer_regression",
    "exact_objective",
    "exact_optimum",
    "example_datasets",
]

#: The float solver's promise: relative duality gap (gap / primal) at most 1e-9 on the data it is checked on
#: (small rational data sets; the solver reaches ~1e-13 there, see bench/README.md).
GAP_RTOL = Fraction(1, 10**9)
#: Double-precision unit roundoff: the gap is relative to max(P, ε·½Σy²), because a primal value at the rounding level
#: of the data (a data set fitted exactly) carries no relative information (same floor as the solver's certificate).
EPS = Fraction(1, 2**52)
#: Relative violation of |φ| ≤ λ allowed for the solver's float dual point before exact rescaling (same promise).
DUAL_FEAS_RTOL = Fraction(1, 10**9)


# -- data -------------------------------------------------------------------------------------------------------------
def _q(rng: random.Random, lo: int, hi: int, den: int) -> Fraction:
    return Fraction(rng.randint(lo, hi), rng.randint(1, den))


def example_datasets(examples: int, seed: int) -> list[tuple[str, list[Fraction], list[Fraction], Fraction]]:
    """Systematic data sets, then ``examples`` random rational ones: ``(name, x, y, lam)``.

    Systematic: a zigzag (every optimal amplitude alternates in sign: N − 2 knots), a data set with repeated sites,
    a run of same-sign curvature (merging), collinear stretches (zero amplitudes).  Random: 3–9 points with small
    rational coordinates (some repeated), λ a random fraction of λ_max.
    """
    F = Fraction
    out: list[tuple[str, list[Fraction], list[Fraction], Fraction]] = [
        ("zigzag N=7, lam=1/100", [F(i) for i in range(7)], [F((-1) ** i) for i in range(7)], F(1, 100)),
        ("repeated sites", [F(0), F(1), F(1), F(2), F(3), F(3), F(5)], [F(0), F(2), F(-1), F(3), F(1), F(2), F(0)],
         F(1, 5)),
        ("convex run (merging)", [F(i) for i in range(6)], [F(v) for v in (0, 0, 1, 3, 6, 10)], F(1, 20)),
        ("collinear stretches", [F(i) for i in range(7)], [F(v) for v in (0, 0, 0, 2, 4, 4, 4)], F(1, 10)),
    ]
    rng = random.Random(seed)
    for i in range(examples):
        n = rng.randint(3, 9)
        x = [_q(rng, -12, 12, 3) for _ in range(n)]
        if len(set(x)) < 2:
            x[0] = x[-1] + 1
        y = [_q(rng, -12, 12, 4) for _ in range(n)]
        lmax = lambda_max(x, y)
        lam = lmax * F(rng.randint(1, 99), 100) if lmax > 0 else F(1)
        out.append((f"random {i} (N={n})", x, y, lam))
    return out


def _merge(x: Sequence[Fraction], y: Sequence[Fraction]) -> tuple[list[Fraction], list[Fraction], list[int],
                                                                   Fraction]:
    """Sort, merge repeated sites: (sites, means, multiplicities, within-site sum of squares)."""
    groups: dict[Fraction, list[Fraction]] = {}
    for a, b in zip(x, y, strict=True):
        groups.setdefault(Fraction(a), []).append(Fraction(b))
    sites = sorted(groups)
    means = [sum(groups[s], Fraction(0)) / len(groups[s]) for s in sites]
    mult = [len(groups[s]) for s in sites]
    within = sum((sum(((v - mu) ** 2 for v in groups[s]), Fraction(0)) for s, mu in zip(sites, means, strict=True)),
                 Fraction(0))
    return sites, means, mult, within


def _pos(t: Fraction) -> Fraction:
    return t if t > 0 else Fraction(0)


def exact_objective(spline: Any, x: Sequence[Fraction], y: Sequence[Fraction], lam: Fraction) -> Fraction:
    r""":math:`P(f) = \tfrac12\sum_n (f(x_n)-y_n)^2 + \lambda\sum_k|a_k|` in exact arithmetic (float parameters are
    converted exactly)."""
    s = spline.as_exact()
    fx = s([Fraction(v) for v in x])
    loss = sum(((Fraction(f) - Fraction(b)) ** 2 for f, b in zip(fx, y, strict=True)), Fraction(0)) / 2
    return loss + lam * sum((abs(Fraction(a)) for a in s.amplitudes), Fraction(0))


def _potential(sites: Sequence[Fraction], R: Sequence[Fraction]) -> list[Fraction]:
    """φ(x_j) = Σ_i R_i (x_i − x_j)_+, straight from the definition (O(M²), exact)."""
    return [sum((r * _pos(xi - xj) for r, xi in zip(R, sites, strict=True)), Fraction(0)) for xj in sites]


def _solve(A: list[list[Fraction]], b: list[Fraction]) -> list[Fraction] | None:
    """Exact Gauss–Jordan elimination; None when singular."""
    n = len(b)
    M = [[*row, bi] for row, bi in zip(A, b, strict=True)]
    for c in range(n):
        piv = next((r for r in range(c, n) if M[r][c] != 0), None)
        if piv is None:
            return None
        M[c], M[piv] = M[piv], M[c]
        inv = 1 / M[c][c]
        M[c] = [v * inv for v in M[c]]
        for r in range(n):
            if r != c and M[r][c] != 0:
                f = M[r][c]
                M[r] = [a - f * bb for a, bb in zip(M[r], M[c], strict=True)]
    return [M[r][n] for r in range(n)]


class ExactOptimum:
    """The exact solution of the optimality conditions on a given active set, and whether it verifies."""

    def __init__(self, sites: list[Fraction], means: list[Fraction], mult: list[int], within: Fraction,
                 lam: Fraction, active: list[int], signs: list[int]) -> None:
        self.sites, self.lam = sites, lam
        knots = [sites[j] for j in active]
        basis = [lambda t: Fraction(1), lambda t: t] + [lambda t, k=k: _pos(t - k) for k in knots]
        # stationarity: Σ_j m_j (f(x_j) − ȳ_j) g(x_j) + λ σ_g = 0 for every basis function g (σ = 0 for 1 and x)
        G = [[sum((m * bi(s) * bj(s) for m, s in zip(mult, sites, strict=True)), Fraction(0)) for bj in basis]
             for bi in basis]
        rhs = [sum((m * bi(s) * yb for m, s, yb in zip(mult, sites, means, strict=True)), Fraction(0))
               for bi in basis]
        for i, sg in enumerate(signs):
            rhs[2 + i] -= lam * sg
        coef = _solve(G, rhs)
        self.solvable = coef is not None
        if coef is None:
            self.verified = False
            return
        self.c0, self.c1, self.amplitudes = coef[0], coef[1], coef[2:]
        self.knots = knots
        self.values = [sum((c * g(s) for c, g in zip(coef, basis, strict=True)), Fraction(0)) for s in sites]
        R = [m * (yb - u) for m, yb, u in zip(mult, means, self.values, strict=True)]
        self.potential = _potential(sites, R)
        self.signs_ok = all(sg * a >= 0 for sg, a in zip(signs, self.amplitudes, strict=True))
        self.feasible = all(abs(p) <= lam for p in self.potential)
        self.primal = (sum((m * (u - yb) ** 2 for m, u, yb in zip(mult, self.values, means, strict=True)),
                           Fraction(0)) / 2 + within / 2 + lam * sum((abs(a) for a in self.amplitudes), Fraction(0)))
        self.dual = (sum((r * yb for r, yb in zip(R, means, strict=True)), Fraction(0))
                     - sum((r * r / m for r, m in zip(R, mult, strict=True)), Fraction(0)) / 2 + within / 2)
        self.verified = self.signs_ok and self.feasible

    def minimal_knot_count(self) -> int:
        """Σ over runs of nonzero same-sign canonical amplitudes of ⌈run/2⌉ (C8), from the exact fitted values."""
        s = [(self.values[j + 1] - self.values[j]) / (self.sites[j + 1] - self.sites[j])
             for j in range(len(self.sites) - 1)]
        a = [s[j + 1] - s[j] for j in range(len(s) - 1)]
        count, run, prev = 0, 0, 0
        for v in a:
            sg = (v > 0) - (v < 0)
            if sg != 0 and sg == prev:
                run += 1
            else:
                count += (run + 1) // 2
                run = 1 if sg != 0 else 0
            prev = sg
        return count + (run + 1) // 2


def exact_optimum(x: Sequence[Fraction], y: Sequence[Fraction], lam: Fraction, active: Sequence[int],
                  signs: Sequence[Any]) -> ExactOptimum:
    """Solve and verify, in rationals, the optimality conditions on the active set (indices into the merged sites)."""
    sites, means, mult, within = _merge(x, y)
    return ExactOptimum(sites, means, mult, within, Fraction(lam), [int(j) for j in active],
                        [int(np.sign(s)) for s in signs])


def _exact_dual(residuals: Any, x: Sequence[Fraction], transform: Callable[[Any], Any] | None) -> list[Fraction]:
    r = [Fraction(float(v)) for v in np.asarray(residuals, dtype=np.float64)]
    if transform is not None:
        r = [Fraction(v) for v in transform(r)]
    # exact projection onto {Σ r = 0, Σ r x = 0}: r − A (AᵀA)⁻¹ Aᵀ r with A = [1, x]
    xs = [Fraction(v) for v in x]
    n = len(r)
    s0, s1, s2 = Fraction(n), sum(xs, Fraction(0)), sum((v * v for v in xs), Fraction(0))
    t0, t1 = sum(r, Fraction(0)), sum((a * b for a, b in zip(r, xs, strict=True)), Fraction(0))
    det = s0 * s2 - s1 * s1
    c0 = (s2 * t0 - s1 * t1) / det
    c1 = (s0 * t1 - s1 * t0) / det
    return [a - c0 - c1 * b for a, b in zip(r, xs, strict=True)]


def gap_scale(primal: Fraction, y: Sequence[Any]) -> Fraction:
    """The scale of the relative duality gap: max(P, ε·½Σy²)."""
    return max(primal, EPS * sum((Fraction(v) ** 2 for v in y), Fraction(0)) / 2)


def _setup(dps: int, claim_id: str, route: str) -> Agreement:
    validate_dps(dps)
    return Agreement(claim_id, dps=dps, route=route)


# -- 1. the certificate -----------------------------------------------------------------------------------------------
def check_regression_certificate(*, dps: int = 50, examples: int = 12, seed: int = 0,
                                 dual_transform: Callable[[Any], Any] | None = None) -> CheckResult:
    r"""The solver's certificate is valid, verified exactly, and agrees with an independent exact optimum.

    Per data set: (i) the dual point :math:`r` (exact rationals of the float values, then ``dual_transform`` — the
    negative-control hook — then exact projection onto :math:`\sum r = \sum rx = 0`) satisfies
    :math:`\max|\varphi| \le \lambda(1 + 10^{-9})`; (ii) scaled into exact feasibility it certifies the returned
    spline: :math:`P(f) - D(r) \le 10^{-9}P(f)`, all in rationals; (iii) the optimality conditions re-solved exactly
    on the solver's active set verify exactly (signs, :math:`|\varphi| \le \lambda`) with zero gap,
    :math:`D^* = P^*`, and :math:`P^* \le P(f) \le (1 + 10^{-9})P^*`.  All comparisons exact (``proved``); ``dps``
    is only validated.
    """
    agree = _setup(dps, "training.regression_certificate", "exact rationals: weak duality and exact KKT re-solve")
    for name, x, y, lam in example_datasets(examples, seed):
        res = tv2_regression(x, y, lam)
        cert = res.certificate
        sites, *_ = _merge(x, y)
        r = _exact_dual(cert.residuals, x, dual_transform)
        R_sites = [sum((ri for ri, xi in zip(r, x, strict=True) if xi == s), Fraction(0)) for s in sites]
        phi = _potential(sites, R_sites)
        peak = max(abs(p) for p in phi)
        agree.holds(peak <= lam * (1 + DUAL_FEAS_RTOL), instance=f"{name}: dual point feasible, max|phi|/lam = "
                    f"{float(peak / lam):.3e}")
        if peak > lam:
            r = [ri * lam / peak for ri in r]
        D = sum((ri * Fraction(yi) for ri, yi in zip(r, y, strict=True)), Fraction(0)) - sum(
            (ri * ri for ri in r), Fraction(0)) / 2
        P = exact_objective(res.spline, x, y, lam)
        agree.holds(P >= D, instance=f"{name}: weak duality P >= D")
        agree.holds(P - D <= GAP_RTOL * gap_scale(P, y),
                    instance=f"{name}: exact relative gap {float((P - D) / gap_scale(P, y)):.2e}")
        opt = exact_optimum(x, y, lam, cert.active_sites, cert.active_signs)
        agree.holds(opt.verified, instance=f"{name}: exact KKT on the active set (signs and |phi| <= lam)")
        if opt.solvable:
            agree.compare(opt.dual, opt.primal, instance=f"{name}: exact optimum has zero duality gap")
            agree.holds(opt.primal <= P <= opt.primal + GAP_RTOL * gap_scale(opt.primal, y),
                        instance=f"{name}: P(f) within 1e-9 of P*")
    return agree.result(f"{agree.instances} exact comparisons on {examples + 4} data sets")


# -- 2. lambda_max -----------------------------------------------------------------------------------------------------
def check_lambda_max(*, dps: int = 50, examples: int = 12, seed: int = 0,
                     lam_max: Callable[[Any, Any], Any] = lambda_max) -> CheckResult:
    r"""The closed form of :math:`\lambda_{\max}` equals the independent route and is the threshold of the solver.

    Independent route: solve :math:`D^\top z = M(\bar y - \ell(x))` exactly (normal equations
    :math:`DD^\top z = DR`, dense exact elimination) and take :math:`\max|z|`.  Threshold: at
    :math:`\lambda = \tfrac{51}{50}\lambda_{\max}` the solver returns the affine fit (0 knots); at
    :math:`\tfrac{49}{50}\lambda_{\max}` at least one knot and an exact objective strictly below the affine fit's.
    ``lam_max`` is the function under test (the negative-control hook).
    """
    agree = _setup(dps, "training.lambda_max", "exact rationals: closed form vs solving D^T z = r; solver threshold")
    for name, x, y, _ in example_datasets(examples, seed):
        sites, means, mult, _within = _merge(x, y)
        M = len(sites)
        L = Fraction(lam_max(x, y))
        # independent: weighted LS line by its 2x2 normal equations, then D^T z = R exactly
        sw = sum(mult)
        sx = sum((m * s for m, s in zip(mult, sites, strict=True)), Fraction(0))
        sxx = sum((m * s * s for m, s in zip(mult, sites, strict=True)), Fraction(0))
        sy = sum((m * v for m, v in zip(mult, means, strict=True)), Fraction(0))
        sxy = sum((m * s * v for m, s, v in zip(mult, sites, means, strict=True)), Fraction(0))
        line = _solve([[Fraction(sw), sx], [sx, sxx]], [sy, sxy])
        assert line is not None
        R = [m * (v - line[0] - line[1] * s) for m, s, v in zip(mult, sites, means, strict=True)]
        if M <= 2:
            agree.compare(L, 0, instance=f"{name}: two sites, lambda_max = 0")
            continue
        D = [[Fraction(0)] * M for _ in range(M - 2)]
        for i in range(M - 2):
            h0, h1 = sites[i + 1] - sites[i], sites[i + 2] - sites[i + 1]
            D[i][i], D[i][i + 1], D[i][i + 2] = 1 / h0, -(1 / h0 + 1 / h1), 1 / h1
        DDt = [[sum((a * b for a, b in zip(D[i], D[j], strict=True)), Fraction(0)) for j in range(M - 2)]
               for i in range(M - 2)]
        DR = [sum((a * b for a, b in zip(D[i], R, strict=True)), Fraction(0)) for i in range(M - 2)]
        z = _solve(DDt, DR)
        assert z is not None
        agree.holds(all(sum((D[i][n] * z[i] for i in range(M - 2)), Fraction(0)) == R[n] for n in range(M)),
                    instance=f"{name}: D^T z = r is consistent (r orthogonal to affine functions)")
        agree.compare(L, max(abs(v) for v in z), instance=f"{name}: closed form vs D^T z = r")
        if L == 0:
            continue
        above = tv2_regression(x, y, L * Fraction(51, 50))
        agree.holds(above.spline.n_knots == 0, instance=f"{name}: at 1.02 lambda_max the fit is affine")
        below = tv2_regression(x, y, L * Fraction(49, 50))
        affine = tv2_regression(x, y, L * 4)  # the affine least-squares fit
        lam = L * Fraction(49, 50)
        agree.holds(below.spline.n_knots >= 1 and exact_objective(below.spline, x, y, lam) <
                    exact_objective(affine.spline, x, y, lam),
                    instance=f"{name}: at 0.98 lambda_max a knot strictly lowers the exact objective")
    return agree.result("closed form, independent exact solve and solver threshold")


# -- 3. representer bound ---------------------------------------------------------------------------------------------
def check_representer_regression(*, dps: int = 50, examples: int = 12, seed: int = 0,
                                 bound: Callable[[int], int] = lambda n: n - 2) -> CheckResult:
    r"""The solver's minimizer has at most ``bound(M)`` knots (M distinct sites), all in :math:`[x_1, x_M]`, and
    exactly the minimal count :math:`\sum_{\text{runs}}\lceil n/2\rceil` of the exact optimal values (C8); it is
    optimal (exact KKT).  The zigzag data set attains :math:`M - 2`, so a bound of :math:`M - 3` is refuted.
    """
    agree = _setup(dps, "training.representer_regression", "exact rationals: knot count, range, exact KKT")
    for name, x, y, lam in example_datasets(examples, seed):
        res = tv2_regression(x, y, lam)
        sites, *_ = _merge(x, y)
        M = len(sites)
        knots = [Fraction(float(t)) for t in res.spline.knots]
        agree.holds(len(knots) <= bound(M), instance=f"{name}: {len(knots)} knots <= bound({M}) = {bound(M)}")
        agree.holds(all(sites[0] <= t <= sites[-1] for t in knots), instance=f"{name}: knots inside the data range")
        opt = exact_optimum(x, y, lam, res.certificate.active_sites, res.certificate.active_signs)
        agree.holds(opt.verified, instance=f"{name}: the minimizer is optimal (exact KKT)")
        if opt.solvable:
            agree.holds(len(knots) == opt.minimal_knot_count(),
                        instance=f"{name}: {len(knots)} knots = minimal count {opt.minimal_knot_count()}")
    return agree.result("bound, range and minimal count on exact optima")


def _mp(q: Any) -> mpmath.mpf:
    q = Fraction(q)
    return mpmath.mpf(q.numerator) / q.denominator


def network_objective(net: ReLUNetwork, x: Sequence[Any], y: Sequence[Any], lam: Any,
                      wd_factor: Any = Fraction(1, 2)) -> Any:
    r""":math:`J(\theta) = \tfrac12\sum_n (f_\theta(x_n) - y_n)^2 + \lambda\cdot\mathrm{wd\_factor}\sum_k(v_k^2 +
    w_k^2)` in the network's arithmetic (``wd_factor = 1/2`` is the convention; other values are negative controls)."""
    fx = net(np.array(x, dtype=object).reshape(-1, 1) if net.arithmetic != "float" else np.asarray(x, dtype=float))
    loss = sum(((a - b) ** 2 for a, b in zip(fx, y, strict=True)), 0 * fx[0]) / 2
    sq = sum((v * v for v in net.v), 0 * fx[0]) + sum((w * w for w in net.W[:, 0]), 0 * fx[0])
    if net.arithmetic == "mp":
        return loss + _mp(lam) * _mp(wd_factor) * sq
    return loss + Fraction(lam) * Fraction(wd_factor) * sq
