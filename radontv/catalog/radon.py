"""Claims of the radon family: the Radon transform of tomography in any dimension (see docs/radon.md).

Convention for every claim (named once in :mod:`radontv.radon`): forward Fourier transform without prefactor;
:math:`Rf(u,t) = \\int_{u\\cdot x=t} f\\,dS` over the full sphere :math:`S^{d-1}`; :math:`R^*g(x) = \\int_{S^{d-1}}
g(u,u\\cdot x)\\,du`; ramp :math:`\\Lambda^{d-1}` with symbol :math:`|\\omega|^{d-1}`; :math:`c_d = 1/(2(2\\pi)^{d-1})`.
"""

from __future__ import annotations

from ..claims import Claim

_CONVENTION = ("forward FT without prefactor; full sphere S^{d-1}; R*g(x) = ∫_S g(u, u·x) du; ramp symbol |ω|^{d-1}; "
               "c_d = 1/(2(2π)^{d-1}) (half sphere: 2c_d)")
_T = "tests/test_radon.py::"
_D = "docs/radon.md"
#: The check modules of the claims not in ``checks/radon.py`` (all are re-exported there as well).
_MODULE = {"dirac_ridge": "radon_ridges", "ridge_measure": "radon_ridges", "gaussian_rtv2": "radon_rtv2"}


def _claim(name: str, title: str, statement: str, source: str, tests: tuple[str, ...], hypotheses: tuple[str, ...],
           entries: tuple[str, ...], *, derivation: bool = True) -> Claim:
    return Claim(
        id=f"radon.{name}",
        title=title,
        statement=statement,
        source=source,
        check=f"radontv.checks.{_MODULE.get(name, 'radon')}:check_{name}",
        property_tests=tuple(_T + t for t in tests),
        docs=_D,
        hypotheses=hypotheses,
        convention=_CONVENTION,
        derivation=f"radontv.theory.radon:derive_{name}" if derivation else None,
        catalog_entries=entries,
    )


CLAIMS: tuple[Claim, ...] = (
    _claim("evenness", "The Radon transform is even",
           r"Rf(-u,-t) = Rf(u,t) \quad (u,t)\in S^{d-1}\times\mathbb{R}",
           "PN21, §3.4; U23, Thm 3",
           ("test_evenness_property",), ("f integrable on every hyperplane",), ("A4", "A17")),
    _claim("gaussian", "Radon transform of a Gaussian, any centre, width or covariance, any d",
           r"R\{a e^{-(x-c)^\top\Sigma^{-1}(x-c)/2}\}(u,t) = "
           r"\frac{a(2\pi)^{d/2}\sqrt{\det\Sigma}}{\sqrt{2\pi u^\top\Sigma u}}"
           r"\exp\Bigl(-\frac{(t-u\cdot c)^2}{2u^\top\Sigma u}\Bigr)",
           "U23, eqs. (41)–(44) (normalisation ε^{d-2}, corrected from the printed ε^{d-1})",
           ("test_gaussian_closed_form_matches_quadrature",), ("Σ symmetric positive definite",), ("A3", "A11")),
    _claim("ball", "Radon transform of ball powers (1 − |x−c|²/r²)_+^k",
           r"R\{(1-|x-c|^2/r^2)_+^k\}(u,t) = \pi^{\frac{d-1}2}\frac{\Gamma(k+1)}{\Gamma(k+\frac{d+1}2)}r^{-2k}"
           r"(r^2-(t-u\cdot c)^2)_+^{k+\frac{d-1}2}",
           "derived (polar coordinates in the hyperplane, a Beta integral); ball indicator as in Hel99, Ch. I §2",
           ("test_ball_closed_form_matches_quadrature",), ("k >= 0 (k = 0: indicator of the open ball)", "r > 0"),
           ("A3",)),
    _claim("fourier_slice", "Fourier slice theorem",
           r"\int_{\mathbb{R}} Rf(u,t)e^{-i\omega t}dt = \hat f(\omega u)",
           "PN21, App. A.2 (citing Helgason 2014, p. 4); U23, eq. (16)",
           ("test_fourier_slice_property",), ("f ∈ L¹(ℝ^d)", "the same FT convention on both sides"), ("A1", "A6")),
    _claim("fbp_inversion", "Filtered backprojection with c_d = 1/(2(2π)^{d-1}) on the full sphere",
           r"f = c_d\,R^*\Lambda^{d-1}Rf,\qquad c_d = \frac{1}{2(2\pi)^{d-1}},\quad \widehat{\Lambda^{d-1}g}(\omega) = "
           r"|\omega|^{d-1}\hat g(\omega)",
           "PN21, eqs. (27), (31) (with the symbol |ω|^{d-1}, not the printed "
           "i^{d-1}|ω|^{d-1}); "
           "U23, Thm 2",
           ("test_fbp_inversion_property", "test_fbp_constant_exact"),
           ("f Schwartz", "ramp symbol |ω|^{d-1} (PN21's i^{d-1} phase refuted)", "full sphere (half sphere: 2c_d)"),
           ("A7", "A8", "H2", "H14")),
    _claim("dual_inversion", "Inversion of the dual transform on even, range-compatible sinograms",
           r"\Lambda^{d-1}RR^*\Phi = 2(2\pi)^{d-1}\Phi \quad\text{for } \Phi = c_d\Lambda^{d-1}Rf",
           "PN21, eq. (29) (citing Helgason Thm 3.7); U23, Thm 8 item 1",
           ("test_dual_inversion_property",), ("Φ even and in the range of Λ^{d-1}R (odd parts are in ker R*)",),
           ("A9", "A13")),
    _claim("intertwining", "The Radon transform intertwines the Laplacian with ∂_t²",
           r"R\Delta f = \partial_t^2 Rf, \qquad R(-\Delta)^{(d-1)/2} = \Lambda^{d-1}R",
           "PN21, eq. (30) (citing Helgason Lemma 2.1); U23, eqs. (25)–(27)",
           ("test_intertwining_property",), ("f ∈ C² with Δf integrable on hyperplanes",), ("A10",)),
    _claim("isotropic", "Isotropic functions: the Radon transform is the Abel transform of the profile",
           r"R\{\rho(|\cdot-x_0|)\}(u,t) = \rho_{rad}(t-u\cdot x_0),\ \rho_{rad}(s) = |S^{d-2}|\int_0^\infty"
           r"\rho(\sqrt{s^2+r^2})r^{d-2}dr,\ \hat\rho(\omega) = (2\pi)^{d/2}\omega^{1-d/2}\int_0^\infty\rho(r)r^{d/2}"
           r"J_{d/2-1}(\omega r)dr",
           "U23, Prop. 7 and eq. (28) (Hankel exponent 1 − d/2 re-derived)",
           ("test_isotropic_property",), ("ρ integrable with r^{d-1}",), ("A12",)),
    _claim("dirac_ridge", "A Dirac ridge (and a ReLU neuron) is a pair of half-mass atoms in the Radon domain",
           r"c_d\Lambda^{d-1}R\{\delta(u_0\cdot x - t_0)\} = \tfrac12(\delta_{(u_0,t_0)} + \delta_{(-u_0,-t_0)}),\quad "
           r"\Delta\sigma(w\cdot x-b) = \|w\|\,\delta(\tfrac{w}{\|w\|}\cdot x - \tfrac{b}{\|w\|})",
           "U23, eqs. (49), (51), Prop. 10, Thm 9 item 5; PN21, Remark 7",
           ("test_dirac_ridge_property", "test_radon_atoms_wrap_and_merge"),
           ("as elements of M_even, tested against Rφ for Schwartz φ",), ("A14", "A16", "A17", "D14")),
    _claim("ridge_measure", "A ridge with measure profile is a pair of atoms on the sphere",
           r"c_d\Lambda^{d-1}R\{r(\xi_0\cdot x)\}(u,t) = "
           r"\tfrac12\bigl(r(t)\delta(u-\xi_0) + r(-t)\delta(u+\xi_0)\bigr)",
           "U23, Cor. 11, eq. (53)",
           ("test_ridge_measure_property",),
           ("ξ0 a unit vector", "r a finite measure (here: Gaussian or ball profile)"),
           ("A15",)),
    _claim("gaussian_rtv2", "R-TV² of the standard Gaussian (closed form via Hermite roots in odd d)",
           r"\|e^{-|x|^2/2}\|_{RTV^2} = c_d|S^{d-1}|(2\pi)^{\frac{d-1}2}\int_{\mathbb{R}}|\partial_t^2\Lambda^{d-1}"
           r"e^{-t^2/2}|dt \overset{d\ odd}{=} c_d|S^{d-1}|(2\pi)^{\frac{d-1}2}\,"
           r"2\sum_{He_{d+1}(r)=0}|He_d(r)|e^{-r^2/2}",
           "PN21, eq. (6) with R_m = c_d ∂_t^m Λ^{d-1} R (eq. (31)); values derived here",
           ("test_gaussian_rtv2_roots_vs_quadrature",), ("m = 2", "full sphere, total variation of the measure"),
           ("D1", "D2", "D9")),
    _claim("rotation_dilation", "The Radon transform commutes with rotations and scales under dilations",
           r"R\{f\circ Q^\top\}(u,t) = Rf(Q^\top u,t),\qquad R\{f(\cdot/a)\}(u,t) = a^{d-1}Rf(u,t/a)",
           "Hel99, Ch. I §2; PN21, §3.4",
           ("test_rotation_property", "test_dilation_property"), ("Q orthogonal with det 1", "a > 0"), ("D8",)),
)
