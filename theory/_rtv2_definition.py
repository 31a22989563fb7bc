r"""The definition of R-TV² and its constant (multivariate family, claims D1/D2; sympy only).

:func:`derive_rtv2_definition` fixes :math:`c_d = 1/(2(2\pi)^{d-1})` from the Fourier slice theorem and polar
coordinates, proves that the three forms of R-TV² ([PN21] eqs. (6), (31); [U23] eq. (54); [OWSS20]) coincide exactly
for that constant, and computes the closed forms of R-TV² of the standard Gaussian in d = 2, 3 that anchor the
numeric check.  The rest of the family (networks, fits) is in :mod:`theory.multivariate`, which re-exports
:func:`derive_rtv2_definition` (the catalog names it there).

This module imports sympy and :mod:`radontv.evidence` only, never the numeric implementation.
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy

from radontv.evidence import Derivation

from ._common import simplify_gamma, sphere_area
from ._proof import Proof

__all__ = ["derive_rtv2_definition"]


# -- D1/D2 ----------------------------------------------------------------------------------------------------------
def derive_rtv2_definition() -> Derivation:
    r"""The constant :math:`c_d = 1/(2(2\pi)^{d-1})` and the three equivalent forms of R-TV² (PN21; U23; OWSS20).

    **The constant** (PN21 (27), (31)).  Polar coordinates :math:`\xi = \omega\gamma` with
    :math:`(\gamma, \omega) \in \mathbb S^{d-1}\times\mathbb R` cover :math:`\mathbb R^d` twice:
    :math:`d\xi = \tfrac12|\omega|^{d-1}d\omega\,d\gamma` (checked on the unit ball).  With the Fourier slice theorem
    :math:`\hat f(\omega\gamma) = \widehat{Rf}(\gamma, \omega)` the inverse Fourier transform becomes
    :math:`f = (2\pi)^{-d}\tfrac12\cdot 2\pi\,R^*\Lambda^{d-1}Rf`, so :math:`c_d = \tfrac12(2\pi)^{1-d}`; for
    :math:`d = 1` (sphere :math:`\{\pm1\}`, :math:`c_1 = \tfrac12`) R-TV² is
    :math:`\tfrac12(\|f''\| + \|f''\|) = \mathrm{TV}^2(f)`.

    **Three forms** (catalog D2), each a Fourier multiplier in :math:`t` applied to :math:`\widehat{Rf}(\gamma,
    \omega) = \hat f(\omega\gamma)` and then measured in :math:`\mathcal M(\mathbb S^{d-1}\times\mathbb R)`:

    1. PN21 (6), (31): :math:`c_d\,\partial_t^2\Lambda^{d-1}Rf`, symbol :math:`c_d(i\omega)^2|\omega|^{d-1}`;
    2. U23 (54): :math:`\Delta_R f = K_{\mathrm{rad}}R\Delta f` with :math:`R^*K_{\mathrm{rad}}R = \mathrm{Id}`; the
       filter :math:`K_{\mathrm{rad}}` is *solved for* from that equation (symbol :math:`k(\omega) =
       c_d|\omega|^{d-1}`), and :math:`R\Delta = \partial_t^2R` because :math:`|\omega\gamma|^2 = \omega^2`, so the
       symbol is :math:`-\omega^2k(\omega)`;
    3. Ongie, Willett, Soudry, Srebro, ICLR 2020 [OWSS20] (the "R-norm", from their abstract: the :math:`L^1` norm
       of the Radon transform of a :math:`(d+1)/2`-power Laplacian): :math:`\gamma_d\,R(-\Delta)^{(d+1)/2}f`, symbol
       :math:`\gamma_d|\omega\gamma|^{d+1} = \gamma_d|\omega|^{d+1}`.

    The symbols give form 2 = form 1 and form 3 :math:`= -(\gamma_d/c_d)` form 1 as distributions, so
    :math:`\|\text{form 3}\|_{\mathcal M} = (\gamma_d/c_d)\|\text{form 1}\|_{\mathcal M}` for :math:`\gamma_d > 0`.
    The standard Gaussian is a witness with :math:`0 < \|\text{form 1}\| < \infty` in every :math:`d` (its profile
    at :math:`t = 0` is :math:`-c_d(2\pi)^{d/2}\pi^{-1}2^{d/2}\Gamma(\tfrac d2 + 1) \ne 0`), and sympy solves
    :math:`(\gamma_d/c_d)N = N` for :math:`\gamma_d`: **the three forms coincide for all f iff**
    :math:`\gamma_d = c_d = 1/(2(2\pi)^{d-1})`.  On the half sphere (one of :math:`\pm z`) the even measure has half
    the mass, and the constant that makes the forms equal is :math:`2c_d = (2\pi)^{1-d}` (a plausible mistake).

    The derivation fixes the value of :math:`\gamma_d` that makes the forms equal; **that this is the constant
    printed in [OWSS20] is UNCONFIRMED** (the catalog could not read their definition, only their abstract).

    **Instances** (the equality on concrete functions, by an independent route in each domain): in :math:`d = 3`,
    :math:`(-\Delta)^2e^{-|x|^2/2} = (r^4 - 10r^2 + 15)e^{-r^2/2}` in Cartesian coordinates, and its hyperplane
    integrals (polar coordinates in the plane) are :math:`2\pi He_4(t)e^{-t^2/2}`, while
    :math:`c_3\partial_t^2\Lambda^2Rf = -c_3\partial_t^4(2\pi e^{-t^2/2})`: form 3 = :math:`-(\gamma_3/c_3)` form 1
    pointwise.  The closed forms of R-TV² of the Gaussian (results ``gaussian_rtv2_d3``, via the roots of
    :math:`He_4` and the primitive :math:`-He_3e^{-t^2/2}`; ``gaussian_profile_d2``, the sphere-integrated density
    :math:`|\mathbb S^1|\,c_2\,\partial_t^2\Lambda Rf(t)` in closed form with :math:`\mathrm{erfi}`, for
    :math:`t \ge 0`, and ``gaussian_primitive_d2``, its primitive, odd and vanishing at infinity, so that
    R-TV² is :math:`2\sum_i|P(r_{i+1}) - P(r_i)|` over :math:`0` and the roots of the profile) are the anchors of
    the numeric check.
    """
    proof = Proof("multivariate.rtv2_definition", simplify=simplify_gamma)
    d = sympy.Symbol("d", positive=True, integer=True)
    r = sympy.Symbol("r", positive=True)
    proof.state("Fourier convention f^(xi) = int f e^{-i xi.x} dx; slice theorem f^(omega gamma) = (Rf)^(gamma, omega)",
                sympy.Symbol("f^(omega*gamma) = (Rf)^(gamma, omega)"))
    ball = sphere_area(d) * sympy.integrate(r ** (d - 1), (r, 0, 1))
    twice = sympy.Rational(1, 2) * sphere_area(d) * 2 * sympy.integrate(r ** (d - 1), (r, 0, 1))
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
    proof.identity("d = 1: c_1 (||f''|| + ||f''||) over S^0 = {+1, -1} equals TV2(f)",
                   c_d.subs(d, 1) * 2 * sympy.Symbol("TV2"), sympy.Symbol("TV2"))
    gamma_d, gamma_half = _three_forms(proof, d, c_d)
    results = {"d": d, "c_d": 1 / (2 * (2 * sympy.pi) ** (d - 1)), "gamma_d": gamma_d,
               "gamma_half_sphere": gamma_half}
    results.update(_gaussian_instances(proof, d, c_d))
    return proof.derivation(results, "R-TV2(f) = c_d ||d_t^2 Lambda^{d-1} R f||_M = ||Delta_R f||_M "
                            "= gamma_d ||R (-Delta)^{(d+1)/2} f||_M for all f iff gamma_d = c_d",
                            sympy.Eq(sympy.Symbol("gamma_d"), 1 / (2 * (2 * sympy.pi) ** (d - 1))))


def _three_forms(proof: Proof, d: sympy.Symbol, c_d: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    """The forms of PN21, U23 (Delta_R) and OWSS20 (R-norm) as multipliers; the gamma_d that equates them (full and
    half sphere)."""
    proof.state("form 1 (PN21 (6), (31)): c_d ||d_t^2 Lambda^{d-1} R f||_M",
                sympy.Symbol("c_d*||d_t^2 Lambda^(d-1) R f||_M"))
    proof.state("form 2 (U23 (54)): ||Delta_R f||_M, Delta_R = K_rad R Delta, R* K_rad R = Id",
                sympy.Symbol("||K_rad R Delta f||_M"))
    proof.state("form 3 (OWSS20, R-norm): gamma_d ||R (-Delta)^{(d+1)/2} f||_M; OWSS20's printed gamma_d UNCONFIRMED",
                sympy.Symbol("gamma_d*||R (-Delta)^((d+1)/2) f||_M"))
    nu = sympy.Symbol("nu", positive=True)
    k = sympy.Symbol("k")
    # R* K R f(x) = int_S (1/2pi) int k(omega) f^(omega gamma) e^{i omega gamma.x} d omega d gamma must equal the
    # inverse Fourier transform in polar coordinates, (2pi)^{-d} int_S int f^(omega gamma) e^{...} 1/2 |omega|^{d-1}
    ks = sympy.solve(sympy.Eq(k / (2 * sympy.pi), (2 * sympy.pi) ** (-d) * sympy.Rational(1, 2) * nu ** (d - 1)), k)
    proof.decide("R* K_rad R = Id has one solution for the symbol k(omega) of K_rad", ks, len(ks) == 1)
    k_rad = ks[0]
    proof.identity("K_rad = c_d Lambda^{d-1}: k(omega) = c_d |omega|^{d-1}", k_rad, c_d * nu ** (d - 1))
    th, ph = sympy.symbols("theta phi", real=True)
    om = sympy.Symbol("omega", real=True)
    for dim, gam in ((2, (sympy.cos(th), sympy.sin(th))),
                     (3, (sympy.sin(th) * sympy.cos(ph), sympy.sin(th) * sympy.sin(ph), sympy.cos(th)))):
        proof.identity(f"d = {dim}: |omega gamma|^2 = omega^2 on the sphere, so R Delta = d_t^2 R (symbol -omega^2)",
                       sum((om * g) ** 2 for g in gam), om**2)
    z = sympy.Symbol("z", real=True)
    gamma = sympy.Symbol("gamma_d", positive=True)
    k_abs = k_rad.subs(nu, sympy.Abs(z))
    s1 = c_d * (sympy.I * z) ** 2 * sympy.Abs(z) ** (d - 1)
    s2 = -(z**2) * k_abs
    s3 = gamma * sympy.Abs(z) ** (d + 1)
    proof.cases("form 2 = form 1: -omega^2 k(omega) = c_d (i omega)^2 |omega|^{d-1}", s2, s1, z)
    proof.cases("form 3 = -(gamma_d/c_d) form 1: gamma_d |omega|^{d+1} = -(gamma_d/c_d) c_d (i omega)^2 |omega|^{d-1}",
                s3, -(gamma / c_d) * s1, z)
    N = sympy.Symbol("N", positive=True)
    proof.identity("the total variation scales by the modulus: |-(gamma_d/c_d)| = gamma_d/c_d (gamma_d > 0)",
                   sympy.Abs(-(gamma / c_d)), gamma / c_d)
    proof.state("hence ||form 3||_M = (gamma_d/c_d) ||form 1||_M = (gamma_d/c_d) N for every f",
                sympy.Eq(sympy.Symbol("||form 3||"), gamma / c_d * N))
    w = sympy.Symbol("omega", positive=True)
    at0 = -c_d * (2 * sympy.pi) ** (d / 2) / sympy.pi * sympy.integrate(w ** (d + 1) * sympy.exp(-(w**2) / 2),
                                                                        (w, 0, sympy.oo))
    proof.identity("witness: the Gaussian's form-1 profile at t = 0 is -c_d (2pi)^{d/2}/pi 2^{d/2} Gamma(d/2 + 1)",
                   at0, -c_d * (2 * sympy.pi) ** (d / 2) / sympy.pi * 2 ** (d / 2) * sympy.gamma(d / 2 + 1))
    proof.decide("it is nonzero for every d, so N = ||form 1|| > 0 for the Gaussian (finite: the profile is "
                 "O(|t|^{-d-2}))", sympy.Ne(at0, 0), sympy.simplify(-at0).is_positive)
    sol = sympy.solve(sympy.Eq(gamma / c_d * N, N), gamma)
    proof.decide("(gamma_d / c_d) N = N has exactly one solution gamma_d > 0", sol, len(sol) == 1)
    proof.identity("the forms coincide for all f iff gamma_d = c_d = 1/(2 (2 pi)^{d-1})", sol[0],
                   1 / (2 * (2 * sympy.pi) ** (d - 1)))
    half = sympy.solve(sympy.Eq(gamma / c_d * N / 2, N), gamma)
    proof.identity("on the half sphere (one of +-z, half the even mass) the equating constant is 2 c_d",
                   half[0], 2 * c_d)
    return sol[0], half[0]


def _gaussian_instances(proof: Proof, d: sympy.Symbol, c_d: sympy.Expr) -> dict[str, Any]:
    """Form 3 against form 1 on the Gaussian in d = 3 (x-space against Radon domain); closed forms for d = 2, 3."""
    xs = sympy.symbols("x1:4", real=True)
    t = sympy.Symbol("t", real=True)
    s, w, tp = sympy.Symbol("s", positive=True), sympy.Symbol("omega", positive=True), sympy.Symbol("t", positive=True)
    r2 = sum(x**2 for x in xs)
    gauss = sympy.exp(-r2 / 2)

    def lap(h: sympy.Expr) -> sympy.Expr:
        return sum(sympy.diff(h, x, 2) for x in xs)

    def g3(rr2: sympy.Expr) -> sympy.Expr:
        return (rr2**2 - 10 * rr2 + 15) * sympy.exp(-rr2 / 2)

    proof.identity("d = 3: (-Delta)^2 exp(-|x|^2/2) = (r^4 - 10 r^2 + 15) exp(-r^2/2) (Cartesian)",
                   lap(lap(gauss)), g3(r2))
    radon_f = 2 * sympy.pi * sympy.integrate(sympy.exp(-(t**2 + s**2) / 2) * s, (s, 0, sympy.oo))
    proof.identity("d = 3: Rf(u, t) = 2 pi int_0^infinity f(sqrt(t^2 + s^2)) s ds = 2 pi exp(-t^2/2)", radon_f,
                   2 * sympy.pi * sympy.exp(-(t**2) / 2))
    radon_g = 2 * sympy.pi * sympy.integrate(g3(t**2 + s**2) * s, (s, 0, sympy.oo))
    he4 = sympy.hermite_prob(4, t)
    proof.identity("d = 3: R(-Delta)^2 f (x-space first) = 2 pi He_4(t) exp(-t^2/2)", radon_g,
                   2 * sympy.pi * he4 * sympy.exp(-(t**2) / 2))
    c3 = c_d.subs(d, 3)
    form1 = c3 * sympy.diff(-sympy.diff(radon_f, t, 2), t, 2)  # Lambda^2 = -d_t^2 (true ramp, symbol omega^2)
    gamma = sympy.Symbol("gamma_d", positive=True)
    proof.identity("d = 3: gamma_3 R(-Delta)^2 f = -(gamma_3/c_3) c_3 d_t^2 Lambda^2 R f, pointwise in t",
                   gamma * radon_g, -(gamma / c3) * form1)
    # closed form: R-TV2 = c_3 |S^2| int |2 pi He_4 e^{-t^2/2}| dt, with the primitive F = -He_3 e^{-t^2/2}
    prim = -sympy.hermite_prob(3, t) * sympy.exp(-(t**2) / 2)
    proof.identity("d/dt(-He_3 exp(-t^2/2)) = He_4 exp(-t^2/2)", sympy.diff(prim, t), he4 * sympy.exp(-(t**2) / 2))
    roots = sorted(sympy.solve(he4, t), key=lambda x: float(x))
    proof.identity("He_4 has the four real roots +-sqrt(3 +- sqrt 6)", sympy.expand(sympy.prod(t - x for x in roots)),
                   he4)
    values = [sympy.Integer(0), *(prim.subs(t, x) for x in roots), sympy.Integer(0)]  # F(+-oo) = 0
    mass = sum(sympy.Abs(b - a) for a, b in itertools.pairwise(values))
    rtv2_d3 = c3 * sphere_area(3) * 2 * sympy.pi * mass
    proof.state("d = 3: R-TV2(exp(-|x|^2/2)) = c_3 |S^2| 2 pi sum |F(r_{i+1}) - F(r_i)| over the roots of He_4",
                rtv2_d3)
    # d = 2: the form-1 profile c_2 d_t^2 Lambda R f, with (Rf)^ = f^(omega u) = 2 pi exp(-omega^2/2); the cosine
    # moment is -d^3/dt^3 of the sine transform (differentiation under the integral, Gaussian decay)
    sine = sympy.integrate(sympy.exp(-(w**2) / 2) * sympy.sin(w * tp), (w, 0, sympy.oo))
    sine = sympy.expand(sine.replace(sympy.erf, lambda a: sympy.I * sympy.erfi(sympy.expand(-sympy.I * a))))
    proof.decide("d = 2: the sine transform of exp(-omega^2/2) is real (erf at imaginary argument written with erfi)",
                 sine, not sine.has(sympy.I))
    cosine = -sympy.diff(sine, tp, 3)
    profile2 = -c_d.subs(d, 2) * 2 * sympy.pi / sympy.pi * cosine
    proof.state("d = 2: the profile -(c_2 2 pi / pi) int_0^infinity omega^3 e^{-omega^2/2} cos(omega t) d omega",
                profile2)
    proof.identity("d = 2: the profile at t = 0 is -(c_2 2 pi / pi) int_0^infinity omega^3 e^{-omega^2/2} d omega",
                   profile2.subs(tp, 0), -c_d.subs(d, 2) * 2 * sympy.integrate(w**3 * sympy.exp(-(w**2) / 2),
                                                                                (w, 0, sympy.oo)))
    primitive2 = -c_d.subs(d, 2) * 2 * sympy.pi / sympy.pi * (-sympy.diff(sine, tp, 2))
    proof.identity("d = 2: a primitive of the profile is (c_2 2 pi / pi) D''(t), D the sine transform",
                   sympy.diff(primitive2, tp), profile2)
    proof.identity("d = 2: the primitive is odd, 0 at t = 0", primitive2.subs(tp, 0), 0)
    proof.state("d = 2: and tends to 0 as t -> infinity (D(t) = sqrt(2) F(t/sqrt(2)) with Dawson's F(x) ~ 1/(2x))",
                sympy.Symbol("D''(t) = O(t^-3)"))
    return {"gaussian_rtv2_d3": rtv2_d3, "gaussian_profile_d2": sphere_area(2) * profile2,
            "gaussian_primitive_d2": sphere_area(2) * primitive2, "t": tp}
