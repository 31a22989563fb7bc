r"""Derivations of the training family from first principles (sympy only).

The family is about the regression problem and about training: with the normalisation used throughout radontv,

.. math::

    P(f) = \tfrac12\sum_{n=1}^N (f(x_n) - y_n)^2 + \lambda\,\mathrm{TV}^2(f), \qquad
    J(\theta) = \tfrac12\sum_{n=1}^N (f_\theta(x_n) - y_n)^2 + \tfrac{\lambda}{2}\sum_k (v_k^2 + w_k^2),

(weight decay with the factor ½ pairs with :math:`\lambda` on TV², Parhi & Nowak, JMLR 2021, Thm 8, eq. (16)).

Each function returns a :class:`radontv.evidence.Derivation`; a step is closed when sympy reduces the difference of
its two sides to 0 (or decides it).  Identities involving :math:`(t)_+ = \max\{0, t\}` at ordered points are closed
with positive increments (``x2 = x1 + h1`` with ``h1 > 0``), so that sympy evaluates every ``Max`` itself.

Sources: [PN21] R. Parhi, R. D. Nowak, JMLR 22(43), 2021 (Thm 1, Thm 8, §5.1–5.2); [DDUF22] T. Debarre,
Q. Denoyelle, M. Unser, J. Fageot, J. Comput. Appl. Math. 406:114044, 2022 (Algorithm 1); [SESS19] P. Savarese,
I. Evron, D. Soudry, N. Srebro, COLT 2019 (abstract); [BF23] E. Boursier, N. Flammarion, NeurIPS 2023 (abstract).

This module imports sympy and :mod:`radontv.evidence` only, never the numeric implementation.
"""

from __future__ import annotations

from typing import Any

import sympy

from radontv.evidence import Derivation

from ._common import increasing_sites, relu
from ._proof import Proof

__all__ = [
    "derive_bias_penalty",
    "derive_equivalence",
    "derive_lambda_max",
    "derive_regression_certificate",
    "derive_representer_regression",
    "derive_savarese_cost",
    "potential",
]


def potential(r: list[Any], x: list[Any], t: Any) -> sympy.Expr:
    r"""The dual potential :math:`\varphi(t) = \sum_n r_n (x_n - t)_+`."""
    return sympy.Add(*[rn * relu(xn - t) for rn, xn in zip(r, x, strict=True)])


def _simplify_rational(expr: sympy.Expr) -> sympy.Expr:
    """Rational functions of the data: expand, bring to one fraction and cancel; simplify only what is left."""
    d = sympy.cancel(sympy.together(sympy.expand(expr)))
    return d if d == 0 else sympy.simplify(d)


def _dual_feasible_residuals(xs: list[sympy.Expr]) -> tuple[list[sympy.Expr], list[sympy.Symbol]]:
    """Residual-like vectors r with sum r = 0 and sum r x = 0: r_1, r_2 free-solved from r_3.. r_n."""
    n = len(xs)
    free = list(sympy.symbols(f"r3:{n + 1}", real=True))
    r1, r2 = sympy.symbols("r1 r2", real=True)
    sol = sympy.solve([r1 + r2 + sum(free), r1 * xs[0] + r2 * xs[1] + sum(f * x for f, x in zip(free, xs[2:],
                                                                                                 strict=True))],
                      [r1, r2], dict=True)[0]
    return [sympy.simplify(sol[r1]), sympy.simplify(sol[r2]), *free], free


# -- 1. the certificate (weak duality in function space) ---------------------------------------------------------------
def derive_regression_certificate() -> Derivation:
    r"""Function-space weak duality for :math:`P(f) = \tfrac12\sum (f(x_n)-y_n)^2 + \lambda\mathrm{TV}^2(f)`.

    For :math:`r` with :math:`\sum r_n = \sum r_n x_n = 0` and :math:`\varphi(t) = \sum_n r_n (x_n - t)_+` bounded by
    :math:`\lambda`: (i) :math:`\sum_n r_n f(x_n) = \int\varphi\,df'`, checked for the building blocks of a linear
    spline — the affine functions (0 on both sides) and one hinge :math:`(x-\tau)_+` at any position (left of, inside,
    right of the data: :math:`\varphi(\tau)`), for N = 4 ordered sites; (ii) the per-point Fenchel inequality
    :math:`\tfrac12 e^2 \ge -re - \tfrac12 r^2`, from :math:`\tfrac12e^2 + re + \tfrac12r^2 = \tfrac12(e+r)^2`;
    hence (iii) :math:`P(f) \ge D(r) = \sum r_n y_n - \tfrac12\sum r_n^2` for every :math:`f`, with gap
    :math:`P - D = \tfrac12\sum(f(x_n) - y_n + r_n)^2`
    :math:`+ \bigl(\lambda\mathrm{TV}^2(f) - \sum_k a_k\varphi(\tau_k)\bigr)`.
    Zero gap iff :math:`r_n = y_n - f(x_n)` and :math:`\varphi(\tau_k) = \lambda\,\mathrm{sgn}\,a_k` at every knot
    (the KKT conditions).  Source: [PN21] Thm 1 (d = 1, m = 2) for existence; the duality is derived here.
    Results: ``potential`` (in ``t``), ``dual`` (the dual objective), ``gap`` (the gap identity's right side).
    """
    proof = Proof(simplify=_simplify_rational, claim_id="training.regression_certificate")
    xs, hs = increasing_sites(4)
    r, _ = _dual_feasible_residuals(xs)
    proof.state("Sites x1 < x2 < x3 < x4; a dual point r with sum r = 0 and sum r x = 0 (r1, r2 solved)",
                sympy.Matrix(r))
    proof.identity("sum r_n * 1 = 0", sympy.Add(*r), 0)
    proof.identity("sum r_n x_n = 0", sympy.Add(*[a * b for a, b in zip(r, xs, strict=True)]), 0)
    t = sympy.Symbol("t", positive=True)
    phi = lambda tau: potential(r, xs, tau)  # noqa: E731
    # a hinge left of the data, inside each interval, and right of the data
    positions = {
        "left of the data (tau = x1 - t)": xs[0] - t,
        "inside (x1, x2)": xs[0] + hs[0] * sympy.Rational(1, 3),
        "inside (x2, x3)": xs[1] + hs[1] * sympy.Rational(2, 5),
        "at the site x3": xs[2],
        "inside (x3, x4)": xs[2] + hs[2] * sympy.Rational(1, 2),
        "right of the data (tau = x4 + t)": xs[3] + t,
    }
    # φ is defined as Σ r_n (x_n − t)_+, i.e. as the pairing of r with the hinge (x − t)_+; what needs the constraints
    # is that it also equals the left-sided sum Σ_{x_n < t} r_n (t − x_n) (how it is computed, and why it vanishes
    # outside the data) and that the pairing of r with a whole spline is Σ_k a_k φ(τ_k)
    left_form = lambda tau: sympy.Add(*[rn * relu(tau - xn) for rn, xn in zip(r, xs, strict=True)])  # noqa: E731
    for where, tau in positions.items():
        proof.identity(f"tau {where}: phi(tau) = sum_(x_n < tau) r_n (tau - x_n)", phi(tau), left_form(tau))
    proof.identity("phi vanishes left of the data", phi(xs[0] - t), 0)
    proof.identity("phi vanishes right of the data", phi(xs[3] + t), 0)
    c0, c1, a1, a2, a3 = sympy.symbols("c0 c1 a1 a2 a3", real=True)
    taus = [positions["left of the data (tau = x1 - t)"], positions["inside (x2, x3)"],
            positions["right of the data (tau = x4 + t)"]]
    spline = lambda X: c0 + c1 * X + sum(a * relu(X - tk) for a, tk in zip((a1, a2, a3), taus, strict=True))  # noqa: E731
    proof.identity("a spline with knots left of, inside and right of the data: sum_n r_n f(x_n) = "
                   "sum_k a_k phi(tau_k) (summation by parts: int phi df')",
                   sympy.Add(*[rn * spline(xn) for rn, xn in zip(r, xs, strict=True)]),
                   sum(a * left_form(tk) for a, tk in zip((a1, a2, a3), taus, strict=True)))
    e, rr, lam = sympy.symbols("e r lambda", real=True)
    proof.identity("Fenchel: 1/2 e^2 + r e + 1/2 r^2 = 1/2 (e + r)^2 >= 0", e**2 / 2 + rr * e + rr**2 / 2,
                   (e + rr) ** 2 / 2)
    y_s = sympy.symbols("y1:5", real=True)
    f_s = sympy.symbols("f1:5", real=True)
    amps = sympy.symbols("a1:3", real=True)
    phis = sympy.symbols("varphi1:3", real=True)
    P = sympy.Add(*[(f - y) ** 2 / 2 for f, y in zip(f_s, y_s, strict=True)]) + lam * sympy.Add(*map(sympy.Abs, amps))
    rv = sympy.symbols("R1:5", real=True)
    D = sympy.Add(*[a_ * b for a_, b in zip(rv, y_s, strict=True)]) - sympy.Add(*[v**2 for v in rv]) / 2
    # sum r f = sum_k a_k phi(tau_k)  (from the hinge identities; the affine part contributes 0)
    gap_rhs = (sympy.Add(*[(f - y + q) ** 2 / 2 for f, y, q in zip(f_s, y_s, rv, strict=True)])
               + sympy.Add(*[lam * sympy.Abs(ak) - ak * pk for ak, pk in zip(amps, phis, strict=True)]))
    pairing = sympy.Add(*[q * f for q, f in zip(rv, f_s, strict=True)]) - sympy.Add(*[ak * pk for ak, pk in
                                                                                    zip(amps, phis, strict=True)])
    proof.identity("Gap identity: P - D = 1/2 sum (f - y + r)^2 + sum_k (lambda |a_k| - a_k phi(tau_k)), using "
                   "sum r_n f(x_n) = sum_k a_k phi(tau_k)", P - D - gap_rhs, -pairing)
    proof.state("Each term is >= 0 when |phi| <= lambda: P(f) >= D(r) for every f and every feasible r; the gap is "
                "0 iff r = y - f(x) and phi(tau_k) = lambda sgn(a_k) at the knots",
                sympy.Ge(sympy.Symbol("P(f)"), sympy.Symbol("D(r)"), evaluate=False))
    return proof.derivation(
        {"potential": phi(sympy.Symbol("t", real=True)), "dual": D, "gap": gap_rhs, "sites": xs, "residuals": r},
        "Hence the certificate: a feasible r with D(r) = P(f) proves that f is a global minimizer over all f",
        sympy.Eq(sympy.Symbol("P - D"), gap_rhs, evaluate=False),
    )


# -- 2. lambda_max -----------------------------------------------------------------------------------------------------
def derive_lambda_max() -> Derivation:
    r"""Closed form of :math:`\lambda_{\max}`: the affine least-squares fit :math:`\ell` minimizes :math:`P` iff
    :math:`\lambda \ge \max_j |\varphi_r(x_j)|` with :math:`r = y - \ell(x)`.

    Steps (N = 4 sites, symbolic): the normal equations of the affine fit give :math:`\sum r = \sum r x = 0`; the KKT
    conditions of the reduced problem :math:`\min_u \tfrac12\|u-y\|^2 + \lambda\|Du\|_1` at :math:`u = \ell(x)`
    (where :math:`Du = 0`) ask for :math:`z` with :math:`D^\top z = r` and :math:`\|z\|_\infty \le \lambda`; solving
    :math:`D^\top z = r` gives exactly :math:`z_j = \varphi_r(x_{j+1}) = \sum_{n \le j} r_n(x_{j+1} - x_n)`, and
    :math:`D^\top` is injective, so :math:`z` is unique.  Source: derived here (the reduction: [PN21] Thm 1, §5.2).
    Results: ``z`` (the solved dual), ``closed_form`` (the potentials at the interior sites).
    """
    proof = Proof(simplify=_simplify_rational, claim_id="training.lambda_max")
    xs, hs = increasing_sites(4)
    ys = list(sympy.symbols("y1:5", real=True))
    c0, c1 = sympy.symbols("c0 c1", real=True)
    sse = sympy.Add(*[(c0 + c1 * x - y) ** 2 for x, y in zip(xs, ys, strict=True)])
    sol = sympy.solve([sympy.diff(sse, c0), sympy.diff(sse, c1)], [c0, c1], dict=True)[0]
    r = [sympy.simplify(y - sol[c0] - sol[c1] * x) for x, y in zip(xs, ys, strict=True)]
    proof.state("Affine least-squares fit l(x) = c0 + c1 x and residuals r = y - l(x)", sympy.Matrix(r))
    proof.identity("Normal equation: sum r = 0", sympy.Add(*r), 0)
    proof.identity("Normal equation: sum r x = 0", sympy.Add(*[a * b for a, b in zip(r, xs, strict=True)]), 0)
    # D: slope jumps at the interior sites x2, x3
    Dm = sympy.zeros(2, 4)
    for i in range(2):
        Dm[i, i] = 1 / hs[i]
        Dm[i, i + 1] = -(1 / hs[i] + 1 / hs[i + 1])
        Dm[i, i + 2] = 1 / hs[i + 1]
    proof.identity("D annihilates affine functions (D 1 = 0)", Dm * sympy.ones(4, 1), sympy.zeros(2, 1))
    proof.identity("D annihilates affine functions (D x = 0)", Dm * sympy.Matrix(xs), sympy.zeros(2, 1))
    z = sympy.symbols("z1:3", real=True)
    eqs = list(Dm.T * sympy.Matrix(z) - sympy.Matrix(r))
    zsol = sympy.solve(eqs[:2], list(z), dict=True)[0]
    proof.identity("the remaining two equations of D^T z = r hold (consistency: r is orthogonal to the affine "
                   "functions)", sympy.Matrix([sympy.simplify(e_.subs(zsol)) for e_ in eqs[2:]]), sympy.zeros(2, 1))
    closed = [sympy.Add(*[r[n] * (xs[j] - xs[n]) for n in range(j)]) for j in (1, 2)]
    for j in range(2):
        proof.identity(f"z_{j + 1} = phi(x_{j + 2}) = sum_(n < {j + 2}) r_n (x_{j + 2} - x_n)", zsol[z[j]], closed[j])
    proof.state("KKT at u = l(x): exists z with D^T z = r and |z_j| <= lambda; z is unique (D^T injective), so the "
                "affine fit is optimal iff lambda >= max_j |phi(x_j)|",
                sympy.Eq(sympy.Symbol("lambda_max"), sympy.Max(*[sympy.Abs(c) for c in closed]), evaluate=False))
    return proof.derivation(
        {"z": [zsol[z[0]], zsol[z[1]]], "closed_form": closed, "residuals": r, "sites": xs, "values": ys},
        "Hence lambda_max = max_j |sum_{x_n < x_j} r_n (x_j - x_n)| with r the affine least-squares residuals",
        sympy.Eq(sympy.Symbol("lambda_max"), sympy.Symbol("max_j |phi_r(x_j)|"), evaluate=False),
    )


# -- 3. representer bound for regression ------------------------------------------------------------------------------
def derive_representer_regression() -> Derivation:
    r"""Why a minimizer with at most :math:`N - 2` knots inside :math:`[x_1, x_N]` exists, and why merging keeps it.

    (i) The connect-the-dots spline of the values :math:`u_j = f(x_j)` interpolates them (checked for N = 4) with
    knots at the N − 2 interior sites and amplitudes :math:`a_j = s_{j+1} - s_j`, and its TV² is at most that of
    :math:`f` (mean-value argument: :math:`f'` takes every value :math:`s_j` on :math:`(x_j, x_{j+1})`, so
    :math:`\mathrm{TV}(f') \ge \sum_j|s_{j+1} - s_j|`); so replacing :math:`f` by it never increases :math:`P`.
    (ii) Two same-sign amplitudes at adjacent sites merge into one knot at the barycentre
    :math:`\tau^* = (a_1\tau_1 + a_2\tau_2)/(a_1 + a_2) \in [\tau_1, \tau_2]`: the function is unchanged outside
    :math:`(\tau_1, \tau_2)`, where there is no data, and :math:`|a_1 + a_2| = |a_1| + |a_2|`.
    Sources: [PN21] Thm 1 (K ≤ N − 2 in d = 1) and §5.2; [DDUF22] Algorithm 1 (merging).
    Results: ``amplitudes`` (in the values ``u``), ``barycentre``.
    """
    proof = Proof(simplify=_simplify_rational, claim_id="training.representer_regression")
    xs, hs = increasing_sites(4)
    u = list(sympy.symbols("u1:5", real=True))
    s = [(u[j + 1] - u[j]) / hs[j] for j in range(3)]
    a = [s[j + 1] - s[j] for j in range(2)]
    X = sympy.Symbol("X", real=True)
    spline = u[0] + s[0] * (X - xs[0]) + a[0] * relu(X - xs[1]) + a[1] * relu(X - xs[2])
    for j in range(4):
        proof.identity(f"the connect-the-dots spline interpolates u_{j + 1} at x_{j + 1}", spline.subs(X, xs[j]), u[j])
    proof.state("Its knots are the N - 2 = 2 interior sites; amplitudes a_j = s_{j+1} - s_j", sympy.Matrix(a))
    proof.identity("Telescoping: sum_j a_j = s_last - s_first (the total slope change any interpolant must make "
                   "between the first and last interval)", sympy.Add(*a), s[2] - s[0])
    a1, a2 = sympy.symbols("a1 a2", positive=True)
    t1 = sympy.Symbol("tau1", real=True)
    d = sympy.Symbol("d", positive=True)
    t2 = t1 + d
    tstar = (a1 * t1 + a2 * t2) / (a1 + a2)
    proof.decide("barycentre tau* lies in [tau1, tau2]", sympy.And(tstar >= t1, tstar <= t2),
                 sympy.simplify(tstar - t1).is_nonnegative and sympy.simplify(t2 - tstar).is_nonnegative)
    p = sympy.Symbol("p", positive=True)
    proof.identity("merged = original right of tau2 (x = tau2 + p)",
                   (a1 + a2) * relu(t2 + p - tstar), a1 * relu(t2 + p - t1) + a2 * relu(p))
    proof.identity("merged = original left of tau1 (x = tau1 - p)",
                   (a1 + a2) * relu(t1 - p - tstar), a1 * relu(-p) + a2 * relu(t1 - p - t2))
    proof.identity("TV2 is unchanged: |a1 + a2| = |a1| + |a2| for same-sign amplitudes",
                   sympy.Abs(a1 + a2), sympy.Abs(a1) + sympy.Abs(a2))
    return proof.derivation(
        {"amplitudes": a, "barycentre": tstar, "spline": spline},
        "Hence a minimizer with at most N - 2 knots, all in [x_1, x_N], exists; merging same-sign adjacent knots "
        "keeps it a minimizer with fewer knots",
        sympy.Le(sympy.Symbol("K"), sympy.Symbol("N") - 2, evaluate=False),
    )


# -- 4. training equivalence ------------------------------------------------------------------------------------------
def derive_equivalence() -> Derivation:
    r"""Weight decay :math:`\tfrac\lambda2\sum(v_k^2 + w_k^2)` with :math:`\lambda` on TV² (C9, [PN21] Thm 8).

    (i) AM–GM per neuron: :math:`\min_{\alpha>0}\tfrac12(\alpha^2v^2 + w^2/\alpha^2) = |v||w|` (solved by sympy), and
    TV² of a network is at most :math:`\sum_k |v_k||w_k|` (triangle inequality after merging knots), so
    :math:`J(\theta) \ge P(f_\theta)`; (ii) a spline knot :math:`a(x-\tau)_+` is the balanced neuron
    :math:`v = \mathrm{sgn}(a)\sqrt{|a|}`, :math:`w = \sqrt{|a|}`, :math:`b = \tau\sqrt{|a|}` with
    :math:`\tfrac12(v^2 + w^2) = |a|`, so the optimal spline converted to a network attains :math:`J = P^*`.
    With weight decay :math:`\lambda\sum(v^2+w^2)` (no ½) the converted network costs :math:`2\lambda|a|` per knot:
    a factor 2 in :math:`\lambda`.  Results: ``alpha_star``, ``minimum``, ``neuron_cost``.
    """
    proof = Proof(simplify=_simplify_rational, claim_id="training.equivalence")
    v, w = sympy.symbols("v w", positive=True)
    alpha = sympy.Symbol("alpha", positive=True)
    cost = (alpha**2 * v**2 + w**2 / alpha**2) / 2
    crit = sympy.solve(sympy.diff(cost, alpha), alpha)
    proof.decide("the stationary point of alpha -> 1/2(alpha^2 v^2 + w^2/alpha^2) is unique",
                 sympy.Eq(sympy.Symbol("alpha*"), crit[0] if crit else sympy.nan, evaluate=False), len(crit) == 1)
    a_star = crit[0]
    minimum = sympy.simplify(cost.subs(alpha, a_star))
    proof.identity("the minimum is |v||w| (AM-GM)", minimum, v * w)
    proof.decide("it is a minimum (second derivative > 0)", sympy.diff(cost, alpha, 2).subs(alpha, a_star),
                 sympy.simplify(sympy.diff(cost, alpha, 2).subs(alpha, a_star)).is_positive)
    a = sympy.Symbol("a", positive=True)
    tau = sympy.Symbol("tau", real=True)
    p = sympy.Symbol("p", positive=True)
    for sgn, name in ((1, "positive"), (-1, "negative")):
        vv, ww = sgn * sympy.sqrt(a), sympy.sqrt(a)
        neuron = lambda X, vv=vv, ww=ww: vv * relu(ww * X - tau * ww)  # noqa: E731
        proof.identity(f"{name} amplitude: the balanced neuron equals a(x - tau)_+ right of tau",
                       neuron(tau + p), sgn * a * p)
        proof.identity(f"{name} amplitude: it vanishes left of tau", neuron(tau - p), 0)
        proof.identity(f"{name} amplitude: 1/2 (v^2 + w^2) = |a|", (vv**2 + ww**2) / 2, a)
    lam = sympy.Symbol("lambda", positive=True)
    proof.identity("without the 1/2, lambda (v^2 + w^2) = 2 lambda |a|: a factor 2 in lambda",
                   lam * (sympy.sqrt(a) ** 2 + sympy.sqrt(a) ** 2), 2 * lam * a)
    return proof.derivation(
        {"alpha_star": a_star, "minimum": minimum, "neuron_cost": a},
        "Hence min_theta J = min_f P: every trained objective is >= the spline optimum, and the converted optimal "
        "spline attains it",
        sympy.Eq(sympy.Symbol("min J"), sympy.Symbol("min P"), evaluate=False),
    )


# -- 5. Savarese cost -------------------------------------------------------------------------------------------------
def derive_savarese_cost() -> Derivation:
    r"""The representation cost without a skip connection (C10, [SESS19] abstract):
    :math:`\min \tfrac12\sum_k(v_k^2 + w_k^2) = \max\bigl(\mathrm{TV}^2(f), |f'(-\infty) + f'(+\infty)|\bigr)`.

    Derived here (the body of [SESS19] was not read): a unit with knot :math:`\tau` and :math:`w > 0` contributes
    :math:`P_\tau = v|w|` to the jump at :math:`\tau` and to :math:`s_+ = f'(+\infty)`; with :math:`w < 0` it
    contributes :math:`N_\tau = v|w|` to the jump and :math:`-N_\tau` to :math:`s_- = f'(-\infty)`.  So
    :math:`a_\tau = P_\tau + N_\tau`, :math:`s_+ = \sum P`, :math:`s_- = -\sum N`, and the (balanced) cost
    :math:`\sum(|P_\tau| + |N_\tau|)` is at least :math:`\sum|a_\tau|` and at least :math:`|s_+ + s_-|`.
    Attained: split each jump between the two orientations without cancellation when
    :math:`|s_+ + s_-| \le \mathrm{TV}^2`, else put the excess :math:`E` on an antipodal pair, costing
    :math:`\mathrm{TV}^2 + 2E = |s_+ + s_-|` (identity below).  Examples: :math:`\sigma` costs 1, :math:`x` costs 2,
    :math:`|x|` costs 2.  The output bias is unregularized.  Results: ``excess_identity``, ``examples``.
    """
    proof = Proof(simplify=_simplify_rational, claim_id="training.savarese_cost")
    Ap, An = sympy.symbols("A_plus A_minus", nonnegative=True)  # sum of positive jumps, |sum of negative jumps|
    s_plus = sympy.Symbol("s_plus", real=True)
    E = s_plus - Ap
    s_minus = s_plus - (Ap - An)  # s_+ - s_- = sum a
    proof.identity("excess case s_+ > A_plus: cost TV2 + 2E = s_+ + s_- with E = s_+ - A_plus",
                   (Ap + An) + 2 * E, s_plus + s_minus)
    x = sympy.Symbol("x", real=True)
    p = sympy.Symbol("p", positive=True)
    examples = {
        "relu: one unit v = w = 1": ([(1, 1, 0)], 1, 1),
        "x = sigma(x) - sigma(-x): units (1, 1, 0) and (-1, -1, 0)": ([(1, 1, 0), (-1, -1, 0)], 2, 2),
        "|x| = sigma(x) + sigma(-x)": ([(1, 1, 0), (1, -1, 0)], 2, 2),
    }
    targets = {"relu: one unit v = w = 1": relu(x), "x = sigma(x) - sigma(-x): units (1, 1, 0) and (-1, -1, 0)": x,
               "|x| = sigma(x) + sigma(-x)": sympy.Abs(x)}
    for name, (units, cost, formula) in examples.items():
        f = sympy.Add(*[v * relu(w * x - b) for v, w, b in units])
        for xv, case in ((p, "x = p > 0"), (-p, "x = -p < 0")):
            proof.identity(f"{name}: represents the function ({case})", f.subs(x, xv), targets[name].subs(x, xv))
        proof.identity(f"{name}: cost 1/2 sum (v^2 + w^2)", sympy.Rational(1, 2) * sum(v**2 + w**2 for v, w, _ in
                                                                                      units), cost)
        # the formula from the target function itself: one knot (at 0), slopes on either side from values
        g = targets[name]
        s_minus = g.subs(x, -p - 1) - g.subs(x, -p - 2)
        s_plus = g.subs(x, p + 2) - g.subs(x, p + 1)
        tv2 = sympy.Abs(s_plus - s_minus)  # the only kink is at 0
        proof.identity(f"{name}: equals max(TV2, |f'(-inf) + f'(+inf)|) computed from f (= {formula})",
                       cost, sympy.Max(tv2, sympy.Abs(s_plus + s_minus)))
    return proof.derivation(
        {"excess_identity": (Ap + An) + 2 * E, "examples": examples},
        "Hence cost(f) = max(TV2(f), |f'(-inf) + f'(+inf)|), attained by the split construction",
        sympy.Eq(sympy.Symbol("cost"), sympy.Max(sympy.Symbol("TV2"), sympy.Symbol("|s_- + s_+|")), evaluate=False),
    )


# -- 6. penalised bias ------------------------------------------------------------------------------------------------
def derive_bias_penalty() -> Derivation:
    r"""Neuron-level identity behind [BF23]'s weight (C11): with penalised bias,
    :math:`\min_{\alpha>0}\tfrac12(\alpha^2v^2 + (w^2+b^2)/\alpha^2) = |v|\sqrt{w^2+b^2} = |v||w|\sqrt{1+\tau^2}`,
    :math:`\tau = b/w`: the jump :math:`|v||w|` weighted by :math:`\sqrt{1+\tau^2}`.  The function-space statement
    (:math:`\int\sqrt{1+x^2}\,d|f''|` plus a boundary/affine term) is [BF23]'s; its boundary term is UNCONFIRMED.
    Results: ``minimum``, ``weight``.
    """
    proof = Proof(simplify=_simplify_rational, claim_id="training.bias_penalty")
    v, w = sympy.symbols("v w", positive=True)
    b = sympy.Symbol("b", real=True)
    alpha = sympy.Symbol("alpha", positive=True)
    cost = (alpha**2 * v**2 + (w**2 + b**2) / alpha**2) / 2
    crit = sympy.solve(sympy.diff(cost, alpha), alpha)
    proof.decide("unique stationary point alpha* = ((w^2 + b^2)/v^2)^(1/4)",
                 sympy.Eq(sympy.Symbol("alpha*"), crit[0] if crit else sympy.nan, evaluate=False), len(crit) == 1)
    minimum = sympy.simplify(cost.subs(alpha, crit[0]))
    proof.identity("minimum = |v| sqrt(w^2 + b^2)", minimum, v * sympy.sqrt(w**2 + b**2))
    tau = b / w
    proof.identity("= (|v||w|) sqrt(1 + tau^2) with tau = b/w", v * sympy.sqrt(w**2 + b**2),
                   v * w * sympy.sqrt(1 + tau**2))
    return proof.derivation(
        {"minimum": minimum, "weight": sympy.sqrt(1 + sympy.Symbol("tau", real=True) ** 2)},
        "Hence each knot's jump is weighted by sqrt(1 + tau^2) (the [BF23] boundary term is UNCONFIRMED)",
        sympy.Eq(sympy.Symbol("cost"), sympy.Symbol("|a| sqrt(1 + tau^2)"), evaluate=False),
    )
