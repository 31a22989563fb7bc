r"""Derivations of the multivariate family from first principles (sympy only).

R-TV² of a function on :math:`\mathbb{R}^d` (Parhi & Nowak, JMLR 2021 [PN21], eqs. (6), (31); Unser, JMLR 2023 [U23],
eq. (54)):

.. math:: \mathrm{R\text{-}TV}^2(f) = c_d\,\|\partial_t^2\Lambda^{d-1}Rf\|_{\mathcal M(\mathbb S^{d-1}\times\mathbb R)}
   = \|\Delta_R f\|_{\mathcal M}, \qquad c_d = \frac{1}{2(2\pi)^{d-1}},

on the full sphere (two half-mass Diracs per neuron).  Each function returns a :class:`radontv.evidence.Derivation`;
a step is closed when sympy reduces the difference of its sides to 0 (or decides the inequality), and the derivation
is ``proved`` only when every step is closed.  Identities in a real variable :math:`z` are closed by the case split
:math:`z = p > 0` / :math:`z = -q \le 0`.

This module imports sympy and :mod:`radontv.evidence` only, never the numeric implementation.
"""

from __future__ import annotations

from typing import Any

import sympy

from radontv.evidence import Derivation

from ._proof import Proof

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


def _relu(z: Any) -> sympy.Expr:
    return sympy.Max(0, z)


def _simplify_gamma(expr: sympy.Expr) -> sympy.Expr:
    """Sphere areas and Fourier constants: evaluate, then Gamma- and power-simplify before :func:`sympy.simplify`."""
    return sympy.simplify(sympy.powsimp(sympy.gammasimp(expr.doit()), force=True))


def _sphere_area(d: Any) -> sympy.Expr:
    return 2 * sympy.pi ** (sympy.Rational(1, 2) * d) / sympy.gamma(sympy.Rational(1, 2) * d)


# -- D1/D2 ----------------------------------------------------------------------------------------------------------
def derive_rtv2_definition() -> Derivation:
    r"""The constant :math:`c_d = 1/(2(2\pi)^{d-1})` and the equivalent forms of R-TV² (PN21 (27), (31); U23 (54)).

    Polar coordinates :math:`\xi = \omega\gamma` with :math:`(\gamma, \omega) \in \mathbb S^{d-1}\times\mathbb R`
    cover :math:`\mathbb R^d` twice: :math:`d\xi = \tfrac12|\omega|^{d-1}d\omega\,d\gamma` (checked on the unit ball).
    With the Fourier slice theorem :math:`\hat f(\omega\gamma) = \widehat{Rf}(\gamma, \omega)` the inverse Fourier
    transform becomes :math:`f = (2\pi)^{-d}\tfrac12\cdot 2\pi\,R^*\Lambda^{d-1}Rf`, so
    :math:`c_d = \tfrac12(2\pi)^{1-d}`.
    The symbols :math:`(i\omega)^2|\omega|^{d-1} = -|\omega|^{d+1}` identify :math:`\partial_t^2\Lambda^{d-1}R` with
    :math:`-R(-\Delta)^{(d+1)/2}` (intertwining), and for :math:`d = 1` (sphere :math:`\{\pm1\}`,
    :math:`c_1 = \tfrac12`)
    R-TV² is :math:`\tfrac12(\|f''\| + \|f''\|) = \mathrm{TV}^2(f)`.
    """
    proof = Proof("multivariate.rtv2_definition", simplify=_simplify_gamma)
    d = sympy.Symbol("d", positive=True, integer=True)
    omega = sympy.Symbol("omega", real=True)
    r = sympy.Symbol("r", positive=True)
    proof.state("Fourier convention f^(xi) = int f e^{-i xi.x} dx; slice theorem f^(omega gamma) = (Rf)^(gamma, omega)",
                sympy.Symbol("f^(omega*gamma) = (Rf)^(gamma, omega)"))
    ball = _sphere_area(d) * sympy.integrate(r ** (d - 1), (r, 0, 1))
    twice = sympy.Rational(1, 2) * _sphere_area(d) * 2 * sympy.integrate(r ** (d - 1), (r, 0, 1))
    proof.identity("polar coordinates over the full line omega in R count each xi twice: d xi = 1/2 |omega|^(d-1)",
                   twice, ball)
    proof.identity("unit-ball volume |S^{d-1}|/d = pi^{d/2}/Gamma(d/2 + 1)", ball,
                   sympy.pi ** (d / 2) / sympy.gamma(d / 2 + 1))
    c_d = (2 * sympy.pi) ** (-d) * sympy.Rational(1, 2) * 2 * sympy.pi
    proof.identity("f = (2 pi)^{-d} * 1/2 * (2 pi) R* Lambda^{d-1} R f: the inversion constant", c_d,
                   1 / (2 * (2 * sympy.pi) ** (d - 1)))
    for dd, expected in ((1, sympy.Rational(1, 2)), (2, 1 / (4 * sympy.pi)), (3, 1 / (8 * sympy.pi**2))):
        proof.identity(f"c_{dd}", c_d.subs(d, dd), expected)
    nu = sympy.Symbol("nu", positive=True)
    for sign in (1, -1):
        w = sign * nu
        proof.identity(f"symbols: (i omega)^2 |omega|^(d-1) = -|omega|^(d+1), omega = {sign} nu",
                       (sympy.I * w) ** 2 * sympy.Abs(w) ** (d - 1), -sympy.Abs(w) ** (d + 1))
    del omega
    proof.identity("d = 1: c_1 (||f''|| + ||f''||) over S^0 = {+1, -1} equals TV2(f)",
                   c_d.subs(d, 1) * 2 * sympy.Symbol("TV2"), sympy.Symbol("TV2"))
    return proof.derivation({"c_d": 1 / (2 * (2 * sympy.pi) ** (d - 1))}, "R-TV2(f) = c_d ||d_t^2 Lambda^{d-1} R f||_M",
                            sympy.Eq(sympy.Symbol("c_d"), 1 / (2 * (2 * sympy.pi) ** (d - 1))))


# -- D3 ---------------------------------------------------------------------------------------------------------------
def derive_null_space_affine() -> Derivation:
    r"""The null space of R-TV² is the affine functions, of dimension :math:`d + 1` (PN21 Lemma 19; U23 Thm 12).

    The Radon-domain symbol :math:`c_d\,\omega^2|\omega|^{d-1}` vanishes only at :math:`\omega = 0`, so
    :math:`\mathscr R_2 f = 0` forces :math:`\hat f` to be supported at the origin: :math:`f` is a polynomial, of
    degree :math:`\le 1` by the growth restriction :math:`|f(x)| \le C(1 + \|x\|)` of the native space.  Affine
    functions have :math:`\Delta f = 0` (so no Radon-domain mass) and form a space of dimension :math:`d + 1`.
    """
    proof = Proof("multivariate.null_space_affine", simplify=_simplify_gamma)
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
    proof = Proof("multivariate.rtv2_neuron", simplify=_simplify_gamma)
    for dd in (1, 2, 3):
        xs = sympy.symbols(f"x1:{dd + 1}", real=True)
        ws = sympy.symbols(f"w1:{dd + 1}", real=True)
        b = sympy.Symbol("b", real=True)
        z = sum(w * x for w, x in zip(ws, xs, strict=True)) - b
        lap = sum(sympy.diff(_relu(z), x, 2) for x in xs)
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
    proof = Proof("multivariate.rtv2_shallow_net", simplify=_simplify_gamma)
    z = sympy.Symbol("z", real=True)
    alpha = sympy.Symbol("alpha", positive=True)
    proof.cases("homogeneity relu(alpha z) = alpha relu(z)", _relu(alpha * z), alpha * _relu(z), z)
    proof.cases("parity relu(z) = relu(-z) + z", _relu(z), _relu(-z) + z, z)
    v, n = sympy.Symbol("v", real=True), sympy.Symbol("n", positive=True)
    proof.cases("antipodal pair v relu(z) - v relu(-z) = v z (affine)", v * _relu(z) - v * _relu(-z), v * z, z)
    a1, a2 = sympy.symbols("a1 a2", real=True)
    proof.identity("atoms at the same z add: a1 (d_z + d_-z)/2 + a2 (d_z + d_-z)/2 has mass |a1 + a2|",
                   sympy.Rational(1, 2) * sympy.Abs(a1 + a2) * 2, sympy.Abs(a1 + a2))
    proof.decide("triangle inequality: |a1 + a2| <= |a1| + |a2|",
                 sympy.Le(sympy.Abs(a1 + a2), sympy.Abs(a1) + sympy.Abs(a2)),
                 _triangle(a1, a2))
    proof.identity("antipodal pair: merged amplitude v n + (-v) n = 0 (path norm says 2|v| n)", v * n + (-v) * n, 0)
    return proof.derivation({}, "R-TV2(f) = sum_H |A_H| <= sum_k |v_k| ||w_k||", sympy.Symbol("sum_H |A_H|"))


def _triangle(a: sympy.Symbol, b: sympy.Symbol) -> bool:
    """|a + b| <= |a| + |b| by the sign cases of a and b (each case decided by sympy)."""
    p, q = sympy.symbols("p q", nonnegative=True)
    cases = [(p, q), (p, -q), (-p, q), (-p, -q)]
    # (|a| + |b|)^2 - |a + b|^2 = 2 (|a||b| - ab) >= 0 in every sign case
    return all(bool(sympy.simplify(sympy.Abs(x) * sympy.Abs(y) - x * y).is_nonnegative) for x, y in cases)


# -- canonical form ---------------------------------------------------------------------------------------------------
def derive_canonical_form() -> Derivation:
    r"""Two networks are the same function iff their canonical forms are equal.

    (⇐) The canonical form is obtained by identities (homogeneity, parity, regrouping), so it computes the same
    function.  (⇒) If the forms differ, :math:`h = f - g` has a hyperplane :math:`H` with :math:`A_H \ne 0` (or
    only a nonzero affine part).  At :math:`x_0 \in H` off the other hyperplanes, for a small step along the normal
    :math:`p` the other terms are affine, and the second difference of :math:`h` is
    :math:`q_H(\sigma(\varepsilon\|p\|^2) - 2\sigma(0) + \sigma(-\varepsilon\|p\|^2)) = q_H\varepsilon\|p\|^2 \ne 0`.
    """
    proof = Proof("multivariate.canonical_form", simplify=_simplify_gamma)
    eps, n2 = sympy.symbols("epsilon n2", positive=True)
    q = sympy.Symbol("q", real=True)
    c = sympy.Symbol("c", real=True)
    second = q * (_relu(eps * n2) - 2 * _relu(0) + _relu(-eps * n2)) + c * ((eps) - 2 * 0 + (-eps))
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
    proof = Proof("multivariate.ridge_function", simplify=_simplify_gamma)
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
    proof = Proof("multivariate.invariances", simplify=_simplify_gamma)
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
    proof = Proof("multivariate.wd_path_rtv2", simplify=_simplify_gamma)
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
    r"""A solution with at most :math:`N - (d+1)` neurons exists (PN21 Thm 1), and the bound is attained.

    Sparsification step (PN21 §5, Carathéodory): the data features :math:`\phi_k = (\sigma(u_k^\top x_n - t_k))_n`
    modulo the :math:`(d+1)`-dimensional affine features live in :math:`\mathbb R^{N-(d+1)}`; with more neurons there
    is :math:`\gamma \ne 0` with :math:`\sum_k\gamma_k\phi_k` affine.  Moving :math:`A_k \to A_k + \tau\gamma_k`
    (the affine part absorbs the change) keeps the data fit, and the cost :math:`\sum|A_k + \tau\gamma_k|` is
    linear in τ until a sign changes: step (in the non-increasing direction) to the first zero and one neuron
    is gone.  Worked on an exact instance: N = 5 points in d = 2 (bound 2) and 3 neurons.  Sharpness: along a line
    with M points whose second differences alternate in sign, every piecewise-linear interpolant has at least
    M − 2 kinks; with the d − 1 extra points needed to span :math:`\mathbb R^d`, N = M + d − 1 and M − 2 = N − (d+1).
    """
    proof = Proof("multivariate.representer", simplify=_simplify_gamma)
    X = sympy.Matrix([[0, 0], [2, 0], [0, 2], [2, 2], [1, 3]])
    units = [((1, 0), 1), ((0, 1), 1), ((1, 1), 2)]  # (p, beta): features relu(p.x - beta)
    Phi = sympy.Matrix([[_relu(p[0] * x[0] + p[1] * x[1] - beta) for (p, beta) in units] for x in X.tolist()])
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
    return proof.derivation({"bound": N - (d + 1)},
                            "a solution with K <= N - (d+1) neurons exists; the bound is attained",
                            sympy.Le(sympy.Symbol("K"), N - (d + 1)))


# -- D11 --------------------------------------------------------------------------------------------------------------
def derive_solution_set() -> Derivation:
    r"""Fitted values and regularization cost are common to all solutions (U23 Thm 12).

    If two solutions had fitted values :math:`a \ne b`, their average (a solution's convex combination is feasible
    and the seminorm is convex) would lower the loss strictly: :math:`\tfrac12\|\tfrac{a+b}2 - y\|^2 =
    \tfrac12(\tfrac12\|a-y\|^2 + \tfrac12\|b-y\|^2) - \tfrac18\|a-b\|^2`.  Equal fitted values and equal optimal
    value give equal regularization cost :math:`(J^* - \text{loss})/\lambda`.
    """
    proof = Proof("multivariate.solution_set", simplify=_simplify_gamma)
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
    proof = Proof("multivariate.training_equivalence", simplify=_simplify_gamma)
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
    proof = Proof("multivariate.radon_sparsity", simplify=_simplify_gamma)
    th, t, x1, x2 = sympy.symbols("theta t x1 x2", real=True)
    h1 = sympy.cos(th + sympy.pi) * x1 + sympy.sin(th + sympy.pi) * x2 - t
    h2 = -(sympy.cos(th) * x1 + sympy.sin(th) * x2 - (-t))
    proof.identity("(theta + pi, t) and (theta, -t) give the same hyperplane (up to sign)", h1, h2)
    A = sympy.Symbol("A", real=True)
    proof.identity("folded mass 1/2 |A| + 1/2 |A| = |A|", sympy.Abs(A) / 2 + sympy.Abs(A) / 2, sympy.Abs(A))
    return proof.derivation({}, "one atom per distinct hyperplane", sympy.Symbol("#atoms = #hyperplanes"))
