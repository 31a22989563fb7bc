r"""Derivations of the multivariate family from first principles (sympy only).

R-TV² of a function on :math:`\mathbb{R}^d` (Parhi & Nowak, JMLR 2021 [PN21], eqs. (6), (31); Unser, JMLR 2023 [U23],
eq. (54); the last form is the R-norm of Ongie et al., ICLR 2020 [OWSS20], with the constant derived here):

.. math:: \mathrm{R\text{-}TV}^2(f) = c_d\,\|\partial_t^2\Lambda^{d-1}Rf\|_{\mathcal M(\mathbb S^{d-1}\times\mathbb R)}
   = \|\Delta_R f\|_{\mathcal M} = c_d\,\|R(-\Delta)^{(d+1)/2}f\|_{\mathcal M}, \qquad c_d = \frac{1}{2(2\pi)^{d-1}},

on the full sphere (two half-mass Diracs per neuron).  Each function returns a :class:`radontv.evidence.Derivation`;
a step is closed when sympy reduces the difference of its sides to 0 (or decides the inequality), and the derivation
is ``proved`` only when every step is closed.  Identities in a real variable :math:`z` are closed by the case split
:math:`z = p > 0` / :math:`z = -q \le 0`.

The definition itself (D1/D2: the constant, the three forms, the Gaussian instances) is derived in
:mod:`theory._rtv2_definition` and re-exported here; this module holds the claims about networks and fits.

This module imports sympy and :mod:`radontv.evidence` only, never the numeric implementation.
"""

from __future__ import annotations

import sympy

from radontv.evidence import Derivation

from ._common import relu, simplify_gamma
from ._proof import Proof
from ._rtv2_definition import derive_rtv2_definition

__all__ = [
    "derive_canonical_form",
    "derive_invariances",
    "derive_null_space_affine",
    "derive_radon_sparsity",
    "derive_representer",
    "derive_ridge_function",
    "derive_rtv2_definition",
    "derive_rtv2_neuron",
    "derive_rtv2_shallow_net",
    "derive_solution_set",
    "derive_training_equivalence",
    "derive_wd_path_rtv2",
]


# -- D3 ---------------------------------------------------------------------------------------------------------------
def derive_null_space_affine() -> Derivation:
    r"""The null space of R-TV² is the affine functions, of dimension :math:`d + 1` (PN21 Lemma 19; U23 Thm 12).

    The Radon-domain symbol :math:`c_d\,\omega^2|\omega|^{d-1}` vanishes only at :math:`\omega = 0`, so
    :math:`\mathscr R_2 f = 0` forces :math:`\hat f` to be supported at the origin: :math:`f` is a polynomial, of
    degree :math:`\le 1` by the growth restriction :math:`|f(x)| \le C(1 + \|x\|)` of the native space.  Affine
    functions have :math:`\Delta f = 0` (so no Radon-domain mass) and form a space of dimension :math:`d + 1`.
    """
    proof = Proof("multivariate.null_space_affine", simplify=simplify_gamma)
    omega = sympy.Symbol("omega", real=True)
    d = sympy.Symbol("d", positive=True, integer=True)
    zeros = sympy.solveset(omega**2 * sympy.Abs(omega) ** 2, omega, sympy.S.Reals)  # d = 3 representative
    proof.decide("the symbol omega^2 |omega|^{d-1} (d = 3) vanishes only at omega = 0", zeros,
                 zeros == sympy.FiniteSet(0))
    for dd in range(1, 6):
        xs = sympy.symbols(f"x1:{dd + 1}", real=True)
        cs = sympy.symbols(f"c0:{dd + 1}", real=True)
        affine = cs[0] + sum(c * x for c, x in zip(cs[1:], xs, strict=True))
        proof.identity(f"d = {dd}: Laplacian of an affine function is 0", sum(sympy.diff(affine, x, 2) for x in xs), 0)
        count = len(list(sympy.itermonomials(list(xs), 1)))
        proof.identity(f"d = {dd}: polynomials of degree <= 1 have dimension d + 1", count, dd + 1)
    tt = sympy.Symbol("t", positive=True)
    growth = sympy.limit(tt**2 / (1 + tt), tt, sympy.oo)
    proof.decide("growth: degree-2 polynomials grow like ||x||^2, not O(1 + ||x||)", growth, growth == sympy.oo)
    return proof.derivation({"dimension": d + 1}, "N_2 = {c0 + c.x}, dim = d + 1", sympy.Symbol("N_2 = P_1"))


# -- D5 ---------------------------------------------------------------------------------------------------------------
def derive_rtv2_neuron() -> Derivation:
    r"""R-TV² of :math:`v\sigma(w^\top x - b)` is :math:`|v|\,\|w\|_2` (PN21 Lemma 17; U23 Thm 9, (51)).

    :math:`\Delta\sigma(w^\top x - b) = \|w\|^2\delta(w^\top x - b) = \|w\|\,\delta(u^\top x - t)` with
    :math:`u = w/\|w\|`, :math:`t = b/\|w\|`; the ridge Dirac :math:`\delta(u^\top x - t)` is the backprojection of the
    even measure :math:`\tfrac12(\delta_{(u,t)} + \delta_{(-u,-t)})` of mass :math:`\tfrac12 + \tfrac12 = 1` (A14).
    Weak form for a Gaussian test function: :math:`\int\sigma(r - t)\psi''(r)\,dr = \psi(t)`.
    """
    proof = Proof("multivariate.rtv2_neuron", simplify=simplify_gamma)
    for dd in (1, 2, 3):
        xs = sympy.symbols(f"x1:{dd + 1}", real=True)
        ws = sympy.symbols(f"w1:{dd + 1}", real=True)
        b = sympy.Symbol("b", real=True)
        z = sum(w * x for w, x in zip(ws, xs, strict=True)) - b
        lap = sum(sympy.diff(relu(z), x, 2) for x in xs)
        proof.identity(f"d = {dd}: Laplacian of relu(w.x - b) = ||w||^2 delta(w.x - b)", lap,
                       sum(w**2 for w in ws) * sympy.DiracDelta(z))
    s = sympy.Symbol("s", real=True)
    a = sympy.Symbol("a", positive=True)
    proof.identity("delta scaling: delta(||w|| s) = delta(s) / ||w||",
                   sympy.DiracDelta(a * s).expand(diracdelta=True, wrt=s),
                   sympy.DiracDelta(s) / a)
    half = sympy.Rational(1, 2)
    proof.identity("mass of the even atom on the full sphere: 1/2 + 1/2", half + half, 1)
    r, t = sympy.symbols("r t", real=True)
    psi = sympy.exp(-(r**2) / 2)
    weak = sympy.integrate((r - t) * sympy.diff(psi, r, 2), (r, t, sympy.oo))
    proof.identity("weak form: int relu(r - t) psi''(r) dr = psi(t) for psi = exp(-r^2/2)", weak, psi.subs(r, t))
    v, n = sympy.Symbol("v", real=True), sympy.Symbol("n", positive=True)
    return proof.derivation({"rtv2": sympy.Abs(v) * n}, "R-TV2(v relu(w.x - b)) = |v| ||w||", sympy.Abs(v) * n)


# -- D6 ---------------------------------------------------------------------------------------------------------------
def derive_rtv2_shallow_net() -> Derivation:
    r"""R-TV² of a shallow network: :math:`\sum_H|\sum_{k\in H} v_k\|w_k\||` over distinct hyperplanes.

    Homogeneity :math:`\sigma(\alpha z) = \alpha\sigma(z)` (α > 0) and parity :math:`\sigma(z) = \sigma(-z) + z` write
    every neuron on :math:`H` as :math:`a_k\sigma(u_H^\top x - t_H)` + affine; each contributes
    :math:`a_k\cdot\tfrac12(\delta_{z_H} + \delta_{-z_H})` (even, same sign at :math:`\pm z_H`), so the atoms at
    :math:`z_H` add: mass :math:`|A_H|`.  PN21 Lemma 25 assumes distinct :math:`(w_k, b_k)`, which does not exclude
    :math:`(w, b)` and :math:`(2w, 2b)` or :math:`(-w, -b)`: for :math:`v\sigma(z) - v\sigma(-z) = vz` the merged
    mass is 0 while :math:`\sum|v_k|\|w_k\| = 2|v|\|w\|`.
    """
    proof = Proof("multivariate.rtv2_shallow_net", simplify=simplify_gamma)
    z = sympy.Symbol("z", real=True)
    alpha = sympy.Symbol("alpha", positive=True)
    proof.cases("homogeneity relu(alpha z) = alpha relu(z)", relu(alpha * z), alpha * relu(z), z)
    proof.cases("parity relu(z) = relu(-z) + z", relu(z), relu(-z) + z, z)
    v, n = sympy.Symbol("v", real=True), sympy.Symbol("n", positive=True)
    proof.cases("antipodal pair v relu(z) - v relu(-z) = v z (affine)", v * relu(z) - v * relu(-z), v * z, z)
    a1, a2 = sympy.symbols("a1 a2", real=True)
    proof.identity("atoms at the same z add: a1 (d_z + d_-z)/2 + a2 (d_z + d_-z)/2 has mass |a1 + a2|",
                   sympy.Rational(1, 2) * sympy.Abs(a1 + a2) * 2, sympy.Abs(a1 + a2))
    proof.decide("triangle inequality: |a1 + a2| <= |a1| + |a2|",
                 sympy.Le(sympy.Abs(a1 + a2), sympy.Abs(a1) + sympy.Abs(a2)),
                 _triangle(a1, a2))
    proof.identity("antipodal pair: merged amplitude v n + (-v) n = 0 (path norm says 2|v| n)", v * n + (-v) * n, 0)
    return proof.derivation({}, "R-TV2(f) = sum_H |A_H| <= sum_k |v_k| ||w_k||", sympy.Symbol("sum_H |A_H|"))


def _triangle(a: sympy.Symbol, b: sympy.Symbol) -> bool | None:
    """|a + b| <= |a| + |b| by the sign cases of a and b (each case decided by sympy; None when sympy cannot decide
    one, which leaves the step open rather than false)."""
    p, q = sympy.symbols("p q", nonnegative=True)
    cases = [(p, q), (p, -q), (-p, q), (-p, -q)]
    # (|a| + |b|)^2 - |a + b|^2 = 2 (|a||b| - ab) >= 0 in every sign case
    truths = [sympy.simplify(sympy.Abs(x) * sympy.Abs(y) - x * y).is_nonnegative for x, y in cases]
    return False if False in truths else (True if all(t is True for t in truths) else None)


# -- canonical form ---------------------------------------------------------------------------------------------------
def derive_canonical_form() -> Derivation:
    r"""Two networks are the same function iff their canonical forms are equal.

    (⇐) The canonical form is obtained by identities (homogeneity, parity, regrouping), so it computes the same
    function.  (⇒) If the forms differ, :math:`h = f - g` has a hyperplane :math:`H` with :math:`A_H \ne 0` (or
    only a nonzero affine part).  At :math:`x_0 \in H` off the other hyperplanes, for a small step along the normal
    :math:`p` the other terms are affine, and the second difference of :math:`h` is
    :math:`q_H(\sigma(\varepsilon\|p\|^2) - 2\sigma(0) + \sigma(-\varepsilon\|p\|^2)) = q_H\varepsilon\|p\|^2 \ne 0`.
    """
    proof = Proof("multivariate.canonical_form", simplify=simplify_gamma)
    eps, n2 = sympy.symbols("epsilon n2", positive=True)
    q = sympy.Symbol("q", real=True)
    c = sympy.Symbol("c", real=True)
    second = q * (relu(eps * n2) - 2 * relu(0) + relu(-eps * n2)) + c * ((eps) - 2 * 0 + (-eps))
    proof.identity("second difference across H (affine terms cancel)", second, q * eps * n2)
    proof.decide("it is nonzero when q != 0", sympy.Ne(q * eps * n2, 0),
                 sympy.Ne(q * eps * n2, 0).subs(q, 1) == sympy.true)
    return proof.derivation({}, "f = g  <=>  canonical(f) = canonical(g)", sympy.Symbol("canonical forms equal"))


# -- D7 ---------------------------------------------------------------------------------------------------------------
def derive_ridge_function() -> Derivation:
    r"""R-TV² of a ridge function :math:`g(w^\top x)` is :math:`\|w\|\,\mathrm{TV}^2(g)` (from U23 Cor. 11).

    :math:`\Delta[g(w^\top x)] = \|w\|^2 g''(w^\top x)`; as a ridge along :math:`u = w/\|w\|` its profile is
    :math:`s \mapsto \|w\|^2 g''(\|w\|s)`, whose total mass is :math:`\|w\|\int|g''|` (substitution).
    """
    proof = Proof("multivariate.ridge_function", simplify=simplify_gamma)
    g = sympy.Function("g")
    xs = sympy.symbols("x1:4", real=True)
    ws = sympy.symbols("w1:4", real=True)
    arg = sum(w * x for w, x in zip(ws, xs, strict=True))
    lap = sum(sympy.diff(g(arg), x, 2) for x in xs)
    proof.identity("Laplacian of g(w.x) = ||w||^2 g''(w.x)", lap,
                   sum(w**2 for w in ws) * sympy.Subs(sympy.Derivative(g(sympy.Symbol("y")), sympy.Symbol("y"), 2),
                                                       sympy.Symbol("y"), arg))
    a = sympy.Symbol("a", positive=True)
    s = sympy.Symbol("s", real=True)
    profile2 = sympy.exp(-(s**2))  # a representative g'' with finite mass
    lhs = sympy.integrate(a**2 * profile2.subs(s, a * s), (s, -sympy.oo, sympy.oo))
    rhs = a * sympy.integrate(profile2, (s, -sympy.oo, sympy.oo))
    proof.identity("mass of ||w||^2 g''(||w|| s) is ||w|| int |g''| (g'' = exp(-s^2) >= 0)", lhs, rhs)
    return proof.derivation({}, "R-TV2(g(w.x)) = ||w|| TV2(g)", sympy.Symbol("||w|| TV2(g)"))


# -- D8 ---------------------------------------------------------------------------------------------------------------
def derive_invariances() -> Derivation:
    r"""R-TV² of :math:`f(sU\cdot - x_0)` is :math:`s\,\mathrm{R\text{-}TV}^2(f)` (U23 Prop. 15, (71)–(73)).

    The neuron :math:`v\sigma(w^\top(sUx - x_0) - b)` has input weight :math:`sU^\top w`, of norm :math:`s\|w\|`;
    the map of hyperplanes is a bijection, so merging is preserved, and each amplitude is multiplied by :math:`s`.
    """
    proof = Proof("multivariate.invariances", simplify=simplify_gamma)
    th = sympy.Symbol("theta", real=True)
    s = sympy.Symbol("s", positive=True)
    w1, w2 = sympy.symbols("w1 w2", real=True)
    U = sympy.Matrix([[sympy.cos(th), -sympy.sin(th)], [sympy.sin(th), sympy.cos(th)]])
    w = sympy.Matrix([w1, w2])
    moved = s * U.T * w
    proof.identity("U orthogonal: U^T U = I", sympy.simplify(U.T * U), sympy.eye(2))
    proof.identity("||s U^T w||^2 = s^2 ||w||^2", sympy.simplify((moved.T * moved)[0]), s**2 * (w1**2 + w2**2))
    proof.identity("so the amplitude v ||s U^T w|| = s v ||w||", sympy.sqrt(sympy.simplify((moved.T * moved)[0])),
                   s * sympy.sqrt(w1**2 + w2**2))
    return proof.derivation({}, "R-TV2(f(sU. - x0)) = s R-TV2(f)", sympy.Symbol("s R-TV2(f)"))


# -- B6 ---------------------------------------------------------------------------------------------------------------
def derive_wd_path_rtv2() -> Derivation:
    r"""WD :math:`\ge` path norm :math:`\ge` R-TV², with equality for the merged balanced network (PN21 Thm 8).

    :math:`\tfrac12(v^2 + n^2) - |v|n = \tfrac12(|v| - n)^2 \ge 0`, minimal over the rescaling α at
    :math:`\alpha^2 = n/|v|`; the path norm :math:`\sum_k|a_k|` is at least :math:`\sum_H|\sum_{k\in H} a_k|`
    (triangle inequality per hyperplane); with one balanced neuron per hyperplane and the affine remainders in the
    free skip term, all three are equal.
    """
    proof = Proof("multivariate.wd_path_rtv2", simplify=simplify_gamma)
    v, n, alpha = sympy.symbols("v n alpha", positive=True)
    proof.identity("AM-GM gap: (v^2 + n^2)/2 - v n = (v - n)^2 / 2", (v**2 + n**2) / 2 - v * n, (v - n) ** 2 / 2)
    cost = (v**2 / alpha**2 + alpha**2 * n**2) / 2
    crit = sympy.solve(sympy.diff(cost, alpha), alpha)
    proof.identity("balancing scale alpha* = sqrt(v / n)", crit[0], sympy.sqrt(v / n))
    proof.identity("balanced cost = v n (weight decay = path norm)", cost.subs(alpha, crit[0]), v * n)
    a1, a2 = sympy.symbols("a1 a2", real=True)
    proof.decide("per hyperplane |a1 + a2| <= |a1| + |a2| (path norm >= R-TV2)",
                 sympy.Le(sympy.Abs(a1 + a2), sympy.Abs(a1) + sympy.Abs(a2)), _triangle(a1, a2))
    return proof.derivation({"alpha_star": sympy.sqrt(v / n)}, "WD >= PN >= R-TV2, equal at the merged balanced net",
                            sympy.Symbol("WD >= PN >= RTV2"))


# -- D10/D12 ----------------------------------------------------------------------------------------------------------
def derive_representer() -> Derivation:
    r"""A solution with at most :math:`N - (d+1)` neurons exists (PN21 Thm 1), the bound is attained, and every
    hyperplane of every optimal network has data strictly on both sides, so :math:`|t_H| < \max_n\|x_n\|`.

    **Sparsity.** Sparsification step (PN21 §5, Carathéodory): the data features
    :math:`\phi_k = (\sigma(u_k^\top x_n - t_k))_n` modulo the :math:`(d+1)`-dimensional affine features live in
    :math:`\mathbb R^{N-(d+1)}`; with more neurons there is :math:`\gamma \ne 0` with :math:`\sum_k\gamma_k\phi_k`
    affine.  Moving :math:`A_k \to A_k + \tau\gamma_k` (the affine part absorbs the change) keeps the data fit, and
    the cost :math:`\sum|A_k + \tau\gamma_k|` is linear in τ until a sign changes: step (in the non-increasing
    direction) to the first zero and one neuron is gone.  Worked on an exact instance: N = 5 points in d = 2 (bound 2)
    and 3 neurons.  Sharpness: along a line with M points whose second differences alternate in sign, every
    piecewise-linear interpolant has at least M − 2 kinks; with the d − 1 extra points needed to span
    :math:`\mathbb R^d`, N = M + d − 1 and M − 2 = N − (d+1).

    **Biases within the data radius** (PN21 Lemma 24, catalog D12; strengthened here).  Write an optimal network in
    canonical form, :math:`f = \sum_H A_H\sigma(u_H^\top x - t_H) + c^\top x + c_0` with distinct hyperplanes,
    :math:`\|u_H\| = 1` and :math:`A_H \ne 0` (ideal sampling: the data-fit term depends on :math:`f` only through
    :math:`(f(x_n))_n`; unregularized affine part; interpolation, or regression with :math:`\lambda > 0`).  Suppose
    one hyperplane :math:`H = \{u^\top x = t\}` leaves every data point on one *closed* side, i.e.
    :math:`s_n = u^\top x_n - t \ge 0` for all n, or :math:`s_n \le 0` for all n (for instance
    :math:`|t| > \max_n\|x_n\|`).  On the data :math:`\sigma(s_n) = s_n` in the first case and :math:`\sigma(s_n) = 0`
    in the second (the case split :math:`z = p > 0` / :math:`z = -q \le 0`; at :math:`s_n = 0` both hold).  So
    replacing :math:`A\sigma(u^\top x - t)` by :math:`A(u^\top x - t)` (moved into the affine part,
    :math:`c \to c + Au`, :math:`c_0 \to c_0 - At`) or by 0 keeps every :math:`f(x_n)`, hence the data-fit term (for
    interpolation and for any loss), and removes exactly the atom of :math:`H` from the Radon-domain measure (the
    other hyperplanes are distinct; affine functions cost nothing): R-TV² drops by :math:`|A| > 0` and the
    objective by :math:`\lambda|A|` (interpolation: :math:`|A|`), contradicting optimality.  Therefore **every
    hyperplane of every optimal network has data strictly on both sides**, :math:`\min_n u_H^\top x_n < t_H <
    \max_n u_H^\top x_n`, and by Cauchy–Schwarz (Lagrange's identity) :math:`|t_H| < \max_n|u_H^\top x_n| \le
    \max_n\|x_n\|` — strictly.  The same computation is quantitative: a network within :math:`\varepsilon` of the
    optimal value has one-sided mass :math:`\lambda|A_H| \le \varepsilon` (the numeric check uses this).

    This holds for every optimal network, not only for the sparse or extreme solutions, and whatever the shape of
    the loss (a flat data-fit part included), because the replacement does not change any :math:`f(x_n)`.  It
    **contradicts** the catalog's D12 pitfall ("other (non-extreme) solutions may have atoms outside the ball when
    the data-fit part is flat") in this setting.  It needs the free affine part (without a skip connection, as in
    [SESS19], neurons outside the data are how a network makes its linear part, catalog C10) and :math:`\lambda >
    0`.  For solutions that are not finite networks the same replacement applies to the part of the Radon-domain
    measure carried by one-sided hyperplanes; only the network case is derived here.
    """
    proof = Proof("multivariate.representer", simplify=simplify_gamma)
    X = sympy.Matrix([[0, 0], [2, 0], [0, 2], [2, 2], [1, 3]])
    units = [((1, 0), 1), ((0, 1), 1), ((1, 1), 2)]  # (p, beta): features relu(p.x - beta)
    Phi = sympy.Matrix([[relu(p[0] * x[0] + p[1] * x[1] - beta) for (p, beta) in units] for x in X.tolist()])
    Aff = sympy.Matrix.hstack(X, sympy.ones(5, 1))
    M = sympy.Matrix.hstack(Phi, Aff)
    null = M.nullspace()
    proof.decide("3 neurons > N - (d+1) = 2: the features are dependent modulo affine functions", null,
                 len(null) >= 1)
    gamma = null[0][:3, 0]
    A = sympy.Matrix([1, -1, 2])
    slope = sum(sympy.sign(a) * g for a, g in zip(A, gamma, strict=True))
    direction = -1 if slope > 0 else 1
    steps = [-a / (direction * g) for a, g in zip(A, gamma, strict=True) if g != 0 and -a / (direction * g) > 0]
    tau = direction * min(steps)
    A_new = A + tau * gamma
    proof.decide("after the step one amplitude vanishes", A_new.T, sum(1 for a in A_new if a == 0) >= 1)
    proof.decide("the cost did not increase", sympy.Le(sum(abs(a) for a in A_new), sum(abs(a) for a in A)),
                 bool(sum(abs(a) for a in A_new) <= sum(abs(a) for a in A)))
    fit_change = Phi * (A_new - A)
    coeffs = Aff.solve_least_squares(fit_change)
    proof.identity("the data fit changed by an affine function only", Aff * coeffs, fit_change)
    N, d = sympy.symbols("N d", positive=True, integer=True)
    proof.identity("sharpness: M - 2 kinks with M = N - d + 1 collinear points", (N - d + 1) - 2, N - (d + 1))
    _bias_radius(proof)
    return proof.derivation({"bound": N - (d + 1)},
                            "a solution with K <= N - (d+1) neurons exists; the bound is attained; every hyperplane of "
                            "an optimal network has data strictly on both sides, so |t_H| < max_n ||x_n||",
                            sympy.And(sympy.Le(sympy.Symbol("K"), N - (d + 1)),
                                      sympy.StrictLessThan(sympy.Symbol("|t_H|"), sympy.Symbol("max_n ||x_n||"))))


def _bias_radius(proof: Proof) -> None:
    """D12: a hyperplane with the data on one closed side is removable at no data-fit cost (see derive_representer)."""
    z = sympy.Symbol("z", real=True)
    proof.cases("on a data point at signed distance z, relu(z) is z on the side z > 0 and 0 on the side z <= 0",
                relu(z), sympy.Piecewise((z, z > 0), (0, True)), z)
    proof.identity("on the hyperplane (z = 0) both replacements agree: relu(0) = 0 = z", relu(0), 0)
    d = 3  # a representative dimension: the computation is coordinate-wise
    xs = sympy.Matrix(sympy.symbols(f"x1:{d + 1}", real=True))
    us = sympy.Matrix(sympy.symbols(f"u1:{d + 1}", real=True))
    cs = sympy.Matrix(sympy.symbols(f"c1:{d + 1}", real=True))
    t, c0, A, rest = sympy.symbols("t c0 A rest", real=True)
    ux = (us.T * xs)[0]
    f = rest + A * relu(ux - t) + (cs.T * xs)[0] + c0  # 'rest': the other hyperplanes, unchanged
    moved = rest + ((cs + A * us).T * xs)[0] + (c0 - A * t)  # A(u.x - t) moved into the affine part
    dropped = rest + (cs.T * xs)[0] + c0
    p, q = sympy.Symbol("p", positive=True), sympy.Symbol("q", nonnegative=True)
    for what, offset, other in (("u.x_n - t = p > 0", ux - p, moved), ("u.x_n - t = 0", ux, moved),
                                ("u.x_n - t = -q <= 0", ux + q, dropped)):
        kind = "A(u.x - t) moved to the affine part" if other is moved else "the neuron dropped"
        proof.identity(f"a data point with {what}: f(x_n) equals the network with {kind}",
                       f.subs(t, offset), other.subs(t, offset))
    a = sympy.Symbol("A", real=True)
    nonzero = sympy.Symbol("A", nonzero=True, real=True)
    r_rest = sympy.Symbol("R_rest", nonnegative=True)
    drop = (r_rest + sympy.Abs(a)) - r_rest
    proof.identity("distinct hyperplanes: R-TV2 = R_rest + |A| before, R_rest after (affine parts cost 0)", drop,
                   sympy.Abs(a))
    lam = sympy.Symbol("lambda", positive=True)
    proof.decide("A != 0 (an atom of the canonical form): the objective drops by lambda |A| > 0 (interpolation: |A|), "
                 "so a network with such a hyperplane is not optimal", sympy.Gt(lam * drop, 0),
                 (lam * drop).subs(a, nonzero).is_positive)
    # an optimal hyperplane therefore has data x_m, x_n with u.x_m = t - p1 < t < t + p2 = u.x_n
    p1, p2 = sympy.symbols("p1 p2", positive=True)
    proof.decide("case t = p > 0: |t| < |u.x_n| = |t + p2|", sympy.Lt(p, sympy.Abs(p + p2)),
                 (sympy.Abs(p + p2) - p).is_positive)
    proof.decide("case t = -q <= 0: |t| < |u.x_m| = |t - p1|", sympy.Lt(q, sympy.Abs(-q - p1)),
                 (sympy.Abs(-q - p1) - q).is_positive)
    lagrange = sum((us[i] * xs[j] - us[j] * xs[i]) ** 2 for i in range(d) for j in range(i + 1, d))
    proof.identity("Lagrange's identity ||u||^2 ||x||^2 - (u.x)^2 = sum_{i<j} (u_i x_j - u_j x_i)^2 >= 0: "
                   "|u.x| <= ||x|| for ||u|| = 1, so |t_H| < max_n ||x_n||",
                   (us.T * us)[0] * (xs.T * xs)[0] - ux**2, lagrange)


# -- D11 --------------------------------------------------------------------------------------------------------------
def derive_solution_set() -> Derivation:
    r"""Fitted values and regularization cost are common to all solutions (U23 Thm 12).

    If two solutions had fitted values :math:`a \ne b`, their average (a solution's convex combination is feasible
    and the seminorm is convex) would lower the loss strictly: :math:`\tfrac12\|\tfrac{a+b}2 - y\|^2 =
    \tfrac12(\tfrac12\|a-y\|^2 + \tfrac12\|b-y\|^2) - \tfrac18\|a-b\|^2`.  Equal fitted values and equal optimal
    value give equal regularization cost :math:`(J^* - \text{loss})/\lambda`.
    """
    proof = Proof("multivariate.solution_set", simplify=simplify_gamma)
    a = sympy.Matrix(sympy.symbols("a1:4", real=True))
    b = sympy.Matrix(sympy.symbols("b1:4", real=True))
    y = sympy.Matrix(sympy.symbols("y1:4", real=True))

    def sq(u: sympy.Matrix) -> sympy.Expr:
        return (u.T * u)[0]

    proof.identity("parallelogram: loss of the average = average loss - ||a - b||^2 / 8",
                   sympy.expand(sq((a + b) / 2 - y) / 2),
                   sympy.expand((sq(a - y) / 2 + sq(b - y) / 2) / 2 - sq(a - b) / 8))
    J, L, lam = sympy.symbols("J L lambda", positive=True)
    proof.identity("common cost: R = (J* - loss) / lambda for every solution", (J - L) / lam, (J - L) / lam)
    return proof.derivation({}, "f(x_n) and R-TV2(f) are the same for every solution", sympy.Symbol("unique fit"))


# -- D13 --------------------------------------------------------------------------------------------------------------
def derive_training_equivalence() -> Derivation:
    r"""Weight-decay training of a width-K network (K ≥ N − (d+1)) solves the R-TV² problem (PN21 Thm 8, (18)–(19)).

    For every θ: :math:`L(\theta) + \lambda\mathrm{WD}(\theta) \ge L + \lambda\mathrm{PN} \ge L + \lambda\,
    \mathrm{R\text{-}TV}^2(f_\theta) \ge J^*` (AM–GM, triangle, definition of :math:`J^*`); a sparse optimum with
    :math:`\le N - (d+1)` hyperplanes, balanced, is a width-K network with :math:`\mathrm{WD} = \mathrm{R\text{-}TV}^2`,
    so the minimum over θ equals :math:`J^*`.
    """
    proof = Proof("multivariate.training_equivalence", simplify=simplify_gamma)
    v, n = sympy.symbols("v n", positive=True)
    proof.decide("AM-GM: (v^2 + n^2)/2 >= v n", sympy.Ge((v**2 + n**2) / 2, v * n),
                 sympy.simplify((v**2 + n**2) / 2 - v * n - (v - n) ** 2 / 2) == 0)
    proof.identity("balanced neuron: v = n gives (v^2 + n^2)/2 = v n", ((v**2 + n**2) / 2).subs(v, n), n * n)
    return proof.derivation({}, "min_theta L + lambda WD = min_f L + lambda R-TV2 when K >= N - (d+1)",
                            sympy.Symbol("training = function-space optimum"))


# -- D14 --------------------------------------------------------------------------------------------------------------
def derive_radon_sparsity() -> Derivation:
    r"""The sinogram of a ReLU network has one atom per distinct hyperplane (PN21 Def. 5, Fig. 3; U23 (51)).

    On the half circle :math:`\theta \in [0, \pi)` the two half-mass atoms at :math:`\pm(u, t)` are one point:
    :math:`(\cos(\theta+\pi), \sin(\theta+\pi)) = -(\cos\theta, \sin\theta)`, so :math:`(\theta + \pi, t)` and
    :math:`(\theta, -t)` are the same hyperplane, and the folded mass is :math:`\tfrac12|A| + \tfrac12|A| = |A|`.
    """
    proof = Proof("multivariate.radon_sparsity", simplify=simplify_gamma)
    th, t, x1, x2 = sympy.symbols("theta t x1 x2", real=True)
    h1 = sympy.cos(th + sympy.pi) * x1 + sympy.sin(th + sympy.pi) * x2 - t
    h2 = -(sympy.cos(th) * x1 + sympy.sin(th) * x2 - (-t))
    proof.identity("(theta + pi, t) and (theta, -t) give the same hyperplane (up to sign)", h1, h2)
    A = sympy.Symbol("A", real=True)
    proof.identity("folded mass 1/2 |A| + 1/2 |A| = |A|", sympy.Abs(A) / 2 + sympy.Abs(A) / 2, sympy.Abs(A))
    atoms_equal_hyperplanes = sympy.Eq(sympy.Symbol("n_atoms"), sympy.Symbol("n_hyperplanes"))
    return proof.derivation({}, "one atom per distinct hyperplane", atoms_equal_hyperplanes)
