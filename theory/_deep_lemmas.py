r"""Lemmas shared by the derivations of the deep family (:mod:`theory.deep`), sympy only.

Vector and matrix symbols; simplification strategies; inequalities between square roots closed by one lemma decided
on abstract symbols (:func:`compare_by_squares`); Cauchy-Schwarz; the optimal rescaling of a neuron; the constructive
Caratheodory sparsification of [SPLN24] Thms 5 and 10 (:func:`sparsify`, :func:`project`); and the sub-steps of the
Schatten-2/L derivation (scalar AM-GM for symbolic L, the nuclear norm for L = 2, the 2 x 2 singular-value lemmas).

This module imports sympy and :mod:`radontv.evidence` only (through :mod:`theory._proof`), never the numeric
implementation.
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy

from ._proof import Proof

HALF = sympy.Rational(1, 2)


def vector(name: str, n: int) -> sympy.Matrix:
    """A column of ``n`` real symbols ``name1, ..., name_n``."""
    return sympy.Matrix(sympy.symbols(f"{name}1:{n + 1}", real=True))


def matrix(name: str, rows: int, cols: int) -> sympy.Matrix:
    """A ``rows x cols`` matrix of real symbols ``name_ij``."""
    return sympy.Matrix(rows, cols, lambda i, j: sympy.Symbol(f"{name}{i + 1}{j + 1}", real=True))


def sq(v: sympy.Matrix) -> sympy.Expr:
    """Squared Euclidean (Frobenius) norm."""
    return sum((x**2 for x in v), sympy.Integer(0))


def norm(v: sympy.Matrix) -> sympy.Expr:
    return sympy.sqrt(sq(v))


def ge(a: Any, b: Any) -> sympy.Basic:
    """``a >= b`` shown as stated (not evaluated to True/False by sympy)."""
    return sympy.Ge(a, b, evaluate=False)


def gt(a: Any, b: Any) -> sympy.Basic:
    """``a > b`` shown as stated."""
    return sympy.Gt(a, b, evaluate=False)


def le(a: Any, b: Any) -> sympy.Basic:
    """``a <= b`` shown as stated."""
    return sympy.Le(a, b, evaluate=False)


def lt(a: Any, b: Any) -> sympy.Basic:
    """``a < b`` shown as stated."""
    return sympy.Lt(a, b, evaluate=False)


def all_true(truths: list[Any]) -> bool | None:
    """Combine case decisions: False if any case is false, True if all are true, None (open) otherwise."""
    if any(t is False or t is sympy.false for t in truths):
        return False
    return True if all(t is True or t is sympy.true for t in truths) else None


def expand_strategy(expr: sympy.Expr) -> sympy.Expr:
    """Strategy for polynomial identities in Max(...) atoms: expansion alone (it recurses into the Max arguments)."""
    return sympy.expand(expr.doit())


def trig_strategy(expr: sympy.Expr) -> sympy.Expr:
    """Strategy for polynomials in sines and cosines: expand, write sin^(2k) as (1 - cos^2)^k, expand again; anything
    left (rational functions) goes to :func:`sympy.simplify`."""
    expr = sympy.expand(expr.doit())
    expr = sympy.expand(expr.replace(
        lambda e: e.is_Pow and isinstance(e.base, sympy.sin) and e.exp.is_even and e.exp.is_positive,
        lambda e: (1 - sympy.cos(e.base.args[0]) ** 2) ** (e.exp // 2)))
    return expr if expr == 0 else sympy.simplify(expr)


def compare_by_squares(proof: Proof, what: str, big: Any, small: Any, gap: Any, *, strict: bool = False,
                        sign_of_gap: tuple[str, Any, Any] | None = None) -> None:
    r"""Close ``big >= small`` (``>`` if strict) for ``big > 0``, ``small >= 0``: the difference of squares equals
    ``gap`` (identity on the concrete expressions), ``gap >= 0`` (``> 0``) is decided on it — or, when sympy's
    assumptions cannot see the sign of ``gap`` itself, ``sign_of_gap = (description, expression, truth)`` records how
    it was decided — and the lemma :math:`P - Q = (P^2 - Q^2)/(P + Q)` is decided on abstract symbols :math:`P > 0`,
    :math:`Q \ge 0`."""
    proof.identity(f"{what}: difference of squares", big**2 - small**2, gap)
    sign = "positive" if strict else "non-negative"
    if sign_of_gap is None:
        proof.decide(f"{what}: the difference of squares is {sign}",
                     gt(gap, 0) if strict else ge(gap, 0),
                     gap.is_positive if strict else gap.is_nonnegative)
    else:
        proof.decide(f"{what}: the difference of squares is {sign}: {sign_of_gap[0]}", *sign_of_gap[1:])
    P, Q = sympy.Symbol("P", positive=True), sympy.Symbol("Q", nonnegative=True)
    S = sympy.Symbol("S", positive=True) if strict else sympy.Symbol("S", nonnegative=True)
    proof.identity(f"{what}: lemma P - Q = (P^2 - Q^2)/(P + Q) for P > 0, Q >= 0", P - Q, (P**2 - Q**2) / (P + Q))
    proof.decide(f"{what}: lemma S/(P + Q) is {sign} for S = P^2 - Q^2 {'>' if strict else '>='} 0, hence "
                 f"{'big > small' if strict else 'big >= small'}",
                 gt(S / (P + Q), 0) if strict else ge(S / (P + Q), 0),
                 (S / (P + Q)).is_positive if strict else (S / (P + Q)).is_nonnegative)


def cauchy_schwarz(proof: Proof, what: str, a: sympy.Matrix, b: sympy.Matrix) -> None:
    r"""Cauchy-Schwarz :math:`|a^\top b| \le \|a\|\|b\|` (a, b nonzero) via Lagrange's identity."""
    n = len(a)
    lagrange = sum(((a[i] * b[j] - a[j] * b[i]) ** 2 for i in range(n) for j in range(i + 1, n)), sympy.Integer(0))
    compare_by_squares(proof, f"{what} (Cauchy-Schwarz, Lagrange's identity)", norm(a) * norm(b),
                        sympy.Abs((a.T * b)[0]), lagrange)


def rescaling_minimum(proof: Proof, a: sympy.Symbol, n: sympy.Symbol) -> sympy.Expr:
    r"""min over alpha > 0 of :math:`\tfrac12(a^2/\alpha^2 + \alpha^2 n^2)` for a, n > 0: the critical point is
    solved for, the objective is strictly convex on (0, oo) and tends to +oo at both ends.  Returns alpha*."""
    alpha = sympy.Symbol("alpha", positive=True)
    g = HALF * (a**2 / alpha**2 + alpha**2 * n**2)
    proof.state("Weight decay of the rescaled neuron (v/alpha, alpha w, alpha b), a = ||v||_2, n = ||w||_2",
                sympy.Eq(sympy.Function("g")(alpha), g))
    roots = sympy.solve(sympy.Eq(sympy.diff(g, alpha), 0), alpha)
    proof.decide("g'(alpha) = 0 has exactly one root alpha* > 0 (sympy.solve)", sympy.Tuple(*roots), len(roots) == 1)
    star = roots[0]
    proof.identity("alpha* = sqrt(a/n)", star, sympy.sqrt(a / n))
    g2 = sympy.diff(g, alpha, 2)
    proof.decide("g''(alpha) > 0 on (0, infinity): alpha* is the unique minimiser", gt(g2, 0),
                 sympy.ask(sympy.Q.positive(g2)))
    ends = (sympy.limit(g, alpha, 0, "+"), sympy.limit(g, alpha, sympy.oo))
    proof.decide("g -> +infinity at both ends of (0, infinity)",
                 sympy.And(sympy.Eq(sympy.Limit(g, alpha, 0, "+"), ends[0], evaluate=False),
                           sympy.Eq(sympy.Limit(g, alpha, sympy.oo), ends[1], evaluate=False)),
                 all(e is sympy.oo for e in ends))
    proof.identity("g(alpha*) = a n = ||v||_2 ||w||_2", g.subs(alpha, star), a * n)
    proof.identity("balanced at alpha*: ||v/alpha*|| = ||alpha* w||", a / star, star * n)
    return star


def min_identity(proof: Proof) -> None:
    """N min(N, D) = min(N^2, N D) for positive N, D (the two cases D >= N and D < N)."""
    N, p = sympy.Symbol("N", positive=True, integer=True), sympy.Symbol("p", nonnegative=True, integer=True)
    q = sympy.Symbol("q", positive=True, integer=True)
    proof.identity("case D = N + p >= N: N min(N, D) = min(N^2, N D) = N^2", N * sympy.Min(N, N + p),
                   sympy.Min(N**2, N * (N + p)))
    Dd = sympy.Symbol("D", positive=True, integer=True)
    proof.identity("case N = D + q > D: N min(N, D) = min(N^2, N D) = N D", (Dd + q) * sympy.Min(Dd + q, Dd),
                   sympy.Min((Dd + q) ** 2, (Dd + q) * Dd))


# -- E2 / E8: Caratheodory sparsification -----------------------------------------------------------------------------
def atom(p: sympy.Matrix, phi: sympy.Matrix) -> sympy.Matrix:
    """vec(p phi^T): the D x N rank-one matrix of one neuron, stacked column by column."""
    return (p * phi.T).reshape(len(p) * len(phi), 1)


def sparsify(proof: Proof, what: str, t: list[Any], ps: list[sympy.Matrix], phis: list[sympy.Matrix],
              bound: int) -> list[int]:
    r"""The constructive Carathéodory step of [SPLN24] Thm 5 / Thm 10, on an exact instance.

    Neuron k contributes :math:`t_k p_k\phi_k^\top` (output weight :math:`v_k = t_k p_k`, :math:`t_k > 0`) to
    :math:`\Psi = \sum_k t_k p_k\phi_k^\top`, and :math:`\|v_k\|_2 = t_k\|p_k\|`.  While the rank-one matrices
    :math:`p_k\phi_k^\top` are linearly dependent (:math:`\sum_k\gamma_kp_k\phi_k^\top = 0`, :math:`\gamma \ne 0`),
    :math:`t \to t + \tau\gamma` keeps :math:`\Psi`; the cost :math:`\sum_k t_k\|p_k\|` is linear in :math:`\tau`,
    so moving in its non-increasing direction to the first :math:`t_k = 0` removes a neuron without raising the cost.
    Stops with linearly independent atoms, so at most ``bound`` (the dimension of the space they live in) neurons.
    Returns the indices of the neurons kept; ``t`` is updated in place.
    """
    psi = sum((tk * p * phi.T for tk, p, phi in zip(t, ps, phis, strict=True)), sympy.zeros(len(ps[0]), len(phis[0])))
    alive = [k for k in range(len(t)) if t[k] != 0]
    step = 0
    while True:
        atoms = sympy.Matrix.hstack(*(atom(ps[k], phis[k]) for k in alive))
        null = atoms.nullspace()
        if not null:
            break
        step += 1
        gamma = dict(zip(alive, null[0], strict=True))
        slope = sum(gamma[k] * norm(ps[k]) for k in alive)
        direction = -1 if (slope > 0) == sympy.true else 1
        ratios = {k: t[k] / (-direction * gamma[k]) for k in alive if direction * gamma[k] < 0}
        tau = direction * min(ratios.values())
        old_cost = sum(t[k] * norm(ps[k]) for k in alive)
        new = {k: t[k] + tau * gamma[k] for k in alive}
        new_cost = sum(new[k] * norm(ps[k]) for k in alive)
        proof.identity(f"{what}, step {step}: {len(alive)} atoms p_k phi_k^T are dependent (nullspace vector gamma); "
                       f"t + tau gamma keeps Psi", sum((new[k] * ps[k] * phis[k].T for k in alive),
                                                      sympy.zeros(*psi.shape)), psi)
        proof.decide(f"{what}, step {step}: the new weights are >= 0 and one of them is 0",
                     sympy.Tuple(*(new[k] for k in alive)),
                     all(new[k].is_nonnegative for k in alive) and any(new[k] == 0 for k in alive))
        proof.decide(f"{what}, step {step}: the cost sum_k t_k ||p_k|| did not increase (linear in tau, moved in its "
                     f"non-increasing direction)", le(new_cost, old_cost), (old_cost - new_cost).is_nonnegative)
        for k in alive:
            t[k] = new[k]
        alive = [k for k in alive if t[k] != 0]
    proof.decide(f"{what}: the remaining {len(alive)} atoms are independent, so at most {bound} neurons",
                 le(len(alive), bound), len(alive) <= bound)
    return alive


def project(proof: Proof, what: str, psi: sympy.Matrix, ps: list[sympy.Matrix]) -> list[sympy.Matrix]:
    r"""Project every output direction onto range(Psi): :math:`P\Psi = \Psi` keeps the fit, and
    :math:`\|v\|^2 = \|Pv\|^2 + \|(I - P)v\|^2` shows no column norm grows."""
    basis = sympy.Matrix.hstack(*psi.columnspace())
    proj = basis * (basis.T * basis).inv() * basis.T
    proof.identity(f"{what}: P = B (B^T B)^-1 B^T (B a basis of range(Psi)) keeps Psi: P Psi = Psi", proj * psi, psi)
    proof.identity(f"{what}: P is an orthogonal projector: P^T = P = P^2", sympy.Matrix.hstack(proj.T, proj * proj),
                   sympy.Matrix.hstack(proj, proj))
    y = vector("y", proj.shape[0])
    proof.identity(f"{what}: ||y||^2 = ||P y||^2 + ||(I - P) y||^2, so ||P v_k|| <= ||v_k||", sq(y),
                   sq(proj * y) + sq((sympy.eye(proj.shape[0]) - proj) * y))
    return [proj * p for p in ps]


# -- E6 ---------------------------------------------------------------------------------------------------------------
def rotation(theta: sympy.Symbol, reflect: bool) -> sympy.Matrix:
    """An element of O(2): the rotation by theta, times diag(1, -1) when ``reflect``."""
    r = sympy.Matrix([[sympy.cos(theta), -sympy.sin(theta)], [sympy.sin(theta), sympy.cos(theta)]])
    return r * sympy.diag(1, -1) if reflect else r


def scalar_schatten(proof: Proof) -> None:
    r"""min{½Σ x_l² : Π x_l = s} = (L/2) s^{2/L}: AM-GM for symbolic L (via e^t ≥ 1 + t), Lagrange for L = 2, 3."""
    t = sympy.Symbol("t", real=True)
    h = sympy.exp(t) - 1 - t
    crit = sympy.solve(sympy.Eq(sympy.diff(h, t), 0), t)
    proof.decide("lemma e^t >= 1 + t: h(t) = e^t - 1 - t has the single critical point t = 0", sympy.Tuple(*crit),
                 crit == [0])
    proof.decide("h''(t) = e^t > 0: h is strictly convex, so t = 0 is its unique minimiser", gt(sympy.exp(t), 0),
                 sympy.exp(t).is_positive)
    proof.identity("h(0) = 0: e^t >= 1 + t with equality iff t = 0", h.subs(t, 0), 0)
    L = sympy.Symbol("L", positive=True, integer=True)
    ell = sympy.Symbol("l", positive=True, integer=True)
    y = sympy.IndexedBase("y", positive=True)
    m = sympy.Sum(sympy.log(y[ell]), (ell, 1, L)) / L
    proof.state("AM-GM for y_l = x_l^2 > 0, l = 1..L: geometric mean G = exp(m), m = (1/L) sum_l log y_l, and "
                "t_l = log y_l - m", sympy.Eq(sympy.Symbol("G"), sympy.exp(m)))
    proof.identity("sum_l t_l = sum_l log y_l - L m = 0", sympy.Sum(sympy.log(y[ell]), (ell, 1, L)) - L * m, 0)
    yl, mm = sympy.Symbol("y_l", positive=True), sympy.Symbol("m", real=True)
    proof.identity("y_l = G e^{t_l}", sympy.exp(mm) * sympy.exp(sympy.log(yl) - mm), yl)
    proof.state("so (1/L) sum_l y_l = G (1/L) sum_l e^{t_l} >= G (1/L) sum_l (1 + t_l) = G, with equality iff every "
                "t_l = 0, i.e. every y_l = G", ge(sympy.Symbol("(1/L) sum_l y_l"), sympy.Symbol("G")))
    s = sympy.Symbol("s", positive=True)
    proof.identity("G = s^(2/L) when prod_l x_l = s (sum_l log x_l^2 = 2 log s)", sympy.exp(2 * sympy.log(s) / L),
                   s ** (2 / L))
    proof.identity("hence 1/2 sum_l x_l^2 = (L/2) (1/L) sum_l y_l >= (L/2) s^(2/L); equality at x_l = s^(1/L): "
                   "(s^(1/L))^2 = s^(2/L)", (s ** (1 / L)) ** 2, s ** (2 / L))
    proof.identity("... which is feasible: (s^(1/L))^L = s", (s ** (1 / L)) ** L, s)
    proof.identity("value at the balanced point: L/2 (s^(1/L))^2 = (L/2) s^(2/L)", L * HALF * (s ** (1 / L)) ** 2,
                   L / 2 * s ** (2 / L))
    for LL in (2, 3):
        xs = sympy.symbols(f"x1:{LL + 1}", positive=True)
        mu = sympy.Symbol("mu", positive=True)
        prod = sympy.prod(xs)
        sols = sympy.solve([x - mu * prod / x for x in xs] + [prod - s], [*xs, mu], dict=True)
        proof.decide(f"L = {LL}: the Lagrange system x_l = mu prod_(j != l) x_j, prod_l x_l = s has one solution, "
                     f"x_l = s^(1/{LL})", sympy.Tuple(*(sympy.Tuple(*(sol[x] for x in xs)) for sol in sols)),
                     len(sols) == 1 and all(sympy.simplify(sols[0][x] - s ** sympy.Rational(1, LL)) == 0 for x in xs))
        value = HALF * sum(sols[0][x] ** 2 for x in xs)
        proof.identity(f"L = {LL}: the value there is ({LL}/2) s^(2/{LL})", value,
                       sympy.Rational(LL, 2) * s ** sympy.Rational(2, LL))


def nuclear_two_by_two(proof: Proof) -> None:
    r"""L = 2: ‖AB‖_* ≤ ½(‖A‖_F² + ‖B‖_F²) for 2 × 2 matrices, equality at A = UΣ^{1/2}, B = Σ^{1/2}Vᵀ."""
    th, ph = sympy.symbols("theta phi", real=True)
    s1, s2 = sympy.symbols("s1 s2", nonnegative=True)
    S = sympy.diag(s1, s2)
    A, B = matrix("A", 2, 2), matrix("B", 2, 2)
    for ru, rv in itertools.product((False, True), repeat=2):
        U, V = rotation(th, ru), rotation(ph, rv)
        kind = f"U {'reflection' if ru else 'rotation'}, V {'reflection' if rv else 'rotation'}"
        proof.identity(f"SVD W = U S V^T ({kind}): tr(U^T W V) = s1 + s2 = ||W||_*", (U.T * (U * S * V.T) * V).trace(),
                       s1 + s2)
        proof.identity(f"orthogonal invariance ({kind}): ||A^T U||_F = ||A||_F and ||B V||_F = ||B||_F",
                       sympy.Matrix([sq(A.T * U), sq(B * V)]), sympy.Matrix([sq(A), sq(B)]))
    U, V = matrix("U", 2, 2), matrix("V", 2, 2)
    X, Y = A.T * U, B * V
    proof.identity("for any A B = W: tr(U^T A B V) = <A^T U, B V>_F", (U.T * A * B * V).trace(),
                   sum(X[i] * Y[i] for i in range(4)))
    xv, yv = vector("X", 4), vector("Y", 4)
    cauchy_schwarz(proof, "<X, Y>_F <= ||X||_F ||Y||_F", xv, yv)
    a, b = sympy.Symbol("a", nonnegative=True), sympy.Symbol("b", nonnegative=True)
    proof.identity("AM-GM: (a^2 + b^2)/2 - a b = (a - b)^2/2 >= 0 with a = ||A||_F, b = ||B||_F",
                   HALF * (a**2 + b**2) - a * b, HALF * (a - b) ** 2)
    proof.state("chain: ||W||_* = tr(U^T A B V) = <A^T U, B V>_F <= ||A||_F ||B||_F <= (||A||_F^2 + ||B||_F^2)/2",
                le(sympy.Symbol("||AB||_*"), sympy.Symbol("(||A||_F^2 + ||B||_F^2)/2")))
    U, V = rotation(th, False), rotation(ph, False)
    Ab, Bb = U * sympy.diag(sympy.sqrt(s1), sympy.sqrt(s2)), sympy.diag(sympy.sqrt(s1), sympy.sqrt(s2)) * V.T
    proof.identity("balanced SVD factors A = U S^(1/2), B = S^(1/2) V^T multiply to W", Ab * Bb, U * S * V.T)
    proof.identity("and attain (||A||_F^2 + ||B||_F^2)/2 = s1 + s2 = ||W||_*", HALF * (sq(Ab) + sq(Bb)), s1 + s2)


def operator_norm_lemmas(proof: Proof) -> None:
    r"""2 × 2 lemmas for general L: |det| is multiplicative, the largest singular value is submultiplicative, and
    Weyl's majorant step for two values."""
    A, B, C = matrix("A", 2, 2), matrix("B", 2, 2), matrix("C", 2, 2)
    proof.identity("det(C B A) = det C det B det A, so s1 s2 of a product is the product of the s1 s2",
                   (C * B * A).det(), C.det() * B.det() * A.det())
    g11, g22 = sympy.Symbol("g11", nonnegative=True), sympy.Symbol("g22", nonnegative=True)
    g12 = sympy.Symbol("g12", real=True)
    G = sympy.Matrix([[g11, g12], [g12, g22]])
    lam = sympy.Symbol("lambda", real=True)
    disc = (g11 - g22) ** 2 + 4 * g12**2
    lmax = (g11 + g22 + sympy.sqrt(disc)) / 2
    proof.identity("G = M^T M (symmetric): lambda_max = (tr G + sqrt((g11 - g22)^2 + 4 g12^2))/2 is a root of "
                   "det(lambda I - G)", (lam * sympy.eye(2) - G).det().subs(lam, lmax), 0)
    proof.identity("tr(lambda_max I - G) = sqrt((g11 - g22)^2 + 4 g12^2) >= 0", (lmax * sympy.eye(2) - G).trace(),
                   sympy.sqrt(disc))
    n11, n22 = sympy.Symbol("n11", positive=True), sympy.Symbol("n22", real=True)
    n12, x1, x2 = sympy.symbols("n12 x1 x2", real=True)
    dn = sympy.Symbol("delta", nonnegative=True)  # det N = n11 n22 - n12^2 >= 0
    quad = (n11 * x1**2 + 2 * n12 * x1 * x2 + n22 * x2**2).subs(n22, (dn + n12**2) / n11)
    proof.identity("a symmetric N with n11 > 0 and det N = delta >= 0: x^T N x = n11 (x1 + n12 x2/n11)^2 "
                   "+ delta x2^2/n11", quad, n11 * (x1 + n12 * x2 / n11) ** 2 + dn * x2**2 / n11)
    proof.decide("... which is >= 0 (when n11 = 0, det >= 0 forces n12 = 0 and trace >= 0 gives n22 >= 0): "
                 "lambda_max I - M^T M is PSD, ||M x||^2 <= s1(M)^2 ||x||^2",
                 ge(n11 * (x1 + n12 * x2 / n11) ** 2 + dn * x2**2 / n11, 0),
                 (n11 * (x1 + n12 * x2 / n11) ** 2 + dn * x2**2 / n11).is_nonnegative)
    proof.state("hence ||A B x|| <= s1(A) ||B x|| <= s1(A) s1(B) ||x||: s1(W_L ... W_1) <= prod_l s1(W_l)",
                le(sympy.Symbol("s1(W)"), sympy.Symbol("prod_l s1(W_l)")))
    p, P = sympy.Symbol("p", positive=True), sympy.Symbol("Pi", positive=True)
    x, u = sympy.Symbol("x", positive=True), sympy.Symbol("u", nonnegative=True)
    phi = x**p + (P / x) ** p
    dphi = sympy.diff(phi, x) * x / p
    proof.identity("Weyl step: for fixed product Pi = x y, phi(x) = x^p + (Pi/x)^p has x phi'(x)/p = x^p - (Pi/x)^p",
                   dphi, x**p - (P / x) ** p)
    at = (x**p - (P / x) ** p).subs(x, sympy.sqrt(P) * sympy.exp(u))
    proof.identity("at x = sqrt(Pi) e^u (x >= sqrt(Pi) iff u >= 0): x^p - (Pi/x)^p = Pi^(p/2) (e^(p u) - e^(-p u))",
                   at, P ** (p / 2) * (sympy.exp(p * u) - sympy.exp(-p * u)))
    proof.decide("e^(p u) - e^(-p u) = 2 sinh(p u) >= 0 for u >= 0: phi is increasing on [sqrt(Pi), infinity)",
                 ge(2 * sympy.sinh(p * u), 0), (2 * sympy.sinh(p * u)).is_nonnegative)
    proof.identity("2 sinh(p u) = e^(p u) - e^(-p u)", (2 * sympy.sinh(p * u)).rewrite(sympy.exp),
                   sympy.exp(p * u) - sympy.exp(-p * u))
    proof.state("so with s1 >= s2 the singular values of W and b1 = prod_l s1(W_l) >= s1, b2 = prod_l s2(W_l) (same "
                "product s1 s2 = b1 b2, s1 >= sqrt(s1 s2)): s1^p + s2^p = phi(s1) <= phi(b1) = b1^p + b2^p; a singular "
                "W (s1 s2 = 0) has s2 = 0 and s1^p <= b1^p", le(sympy.Symbol("s1^p + s2^p"),
                                                                       sympy.Symbol("b1^p + b2^p")))
