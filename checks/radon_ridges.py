r"""Numeric checks of the radon family, Diracs in the Radon domain: ridges :math:`\delta(u\cdot x - t)` and ridge
functions :math:`r(\xi_0\cdot x)` have two half-mass atoms (U23 (49)–(51), Prop. 10, Cor. 11; PN21 Remark 7).

Split from :mod:`checks.radon` (re-exported there); conventions and instances as described there.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath

from radontv import radon as R
from radontv.evidence import Agreement, CheckResult
from radontv.precision import validate_dps
from radontv.scalars import to_mpf

from ._instances import grid_rational, seeded
from .radon_common import DEFAULT_DPS, LOST_QUADRATURE, random_ball, random_direction, random_gaussian

__all__ = ["check_dirac_ridge", "check_ridge_measure"]


def check_dirac_ridge(*, dps: int = DEFAULT_DPS, examples: int = 4, seed: int = 0, atom_weight: Any = Fraction(1, 2)
                      ) -> CheckResult:
    r"""The ridge :math:`\delta(u\cdot x - t)` has :math:`c_d\Lambda^{d-1}R`-image :math:`\tfrac12(\delta_{(u,t)} +
    \delta_{(-u,-t)})`; a ReLU neuron has :math:`\Delta\sigma(w\cdot x - b) = \|w\|\,\delta(u\cdot x - b/\|w\|)`
    (U23 (49)–(51), Prop. 10; PN21 Remark 7).  ``atom_weight`` (default ½, the piece under test) is the mass of each
    of the two atoms.

    Routes: (a) the pairing with :math:`R\varphi` (:math:`\varphi` Gaussian): ``atom_weight``·(Rφ(z) + Rφ(−z)) in
    closed form against :math:`\langle\delta(u\cdot x-t),\varphi\rangle` by hyperplane quadrature (d = 2, 3);
    (b) :math:`\langle\sigma(w\cdot{}-b),\Delta\varphi\rangle` in d = 2 in polar coordinates about the centre of
    the isotropic :math:`\varphi` (the angular integral of the ReLU in closed form, the radial one by quadrature)
    against ``atom_weight``·‖w‖·(Rφ(z) + Rφ(−z)).
    """
    dps = validate_dps(dps, lost_digits=LOST_QUADRATURE)
    wgt = to_mpf(atom_weight)
    agree = Agreement("radon.dirac_ridge", dps=dps, lost_digits=LOST_QUADRATURE,  # tanh–sinh quadrature
                      route="atom pairing vs hyperplane quadrature; polar quadrature of ⟨σ, Δφ⟩")
    rng = seeded(seed)
    with mpmath.workdps(dps):
        for i in range(examples):
            d = 2 + i % 2
            phi = random_gaussian(rng, d)
            u, t = random_direction(rng, d), to_mpf(grid_rational(rng, -8, 8, 8))
            atoms = wgt * (phi.radon(u, t) + phi.radon(tuple(-e for e in u), -t))
            agree.compare(atoms, R.radon(phi, u, t, dps=dps, route="quadrature"), instance=f"pairing, d={d}, {phi!r}")
            if d == 2 and i < 2:
                w = [grid_rational(rng, -16, 16, 8) for _ in range(2)]
                while not any(w):
                    w = [grid_rational(rng, -16, 16, 8) for _ in range(2)]
                b = grid_rational(rng, -8, 8, 8)
                norm = mpmath.sqrt(to_mpf(w[0]) ** 2 + to_mpf(w[1]) ** 2)
                uu = (to_mpf(w[0]) / norm, to_mpf(w[1]) / norm)
                tt = to_mpf(b) / norm
                A = mpmath.fsum(to_mpf(wi) * c for wi, c in zip(w, phi.centre, strict=True)) - to_mpf(b)

                def ring(r: Any, A: Any = A, norm: Any = norm) -> Any:
                    """∫_0^{2π} σ(A + r|w| cos θ) dθ in closed form (elementary calculus)."""
                    B = r * norm
                    if B <= abs(A):
                        return 2 * mpmath.pi * A if A > 0 else mpmath.mpf(0)
                    al = mpmath.acos(-A / B)
                    return 2 * (A * al + B * mpmath.sin(al))

                c = phi.centre
                lap = lambda r, c=c, phi=phi: phi.laplacian((c[0] + r, c[1]))  # noqa: E731  radial
                lhs = mpmath.quad(lambda r, ring=ring, lap=lap: lap(r) * r * ring(r), [0, abs(A) / norm, mpmath.inf])
                rhs = wgt * norm * (phi.radon(uu, tt) + phi.radon((-uu[0], -uu[1]), -tt))
                agree.compare(lhs, rhs, instance=f"ReLU, w={w}, b={b}, {phi!r}", scale=abs(rhs) + norm)
    return agree.result()


def check_ridge_measure(*, dps: int = DEFAULT_DPS, examples: int = 2, seed: int = 0, atom_weight: Any = Fraction(1, 2)
                        ) -> CheckResult:
    r""":math:`c_d\Lambda^{d-1}R\{r(\xi_0\cdot x)\} = \tfrac12(r(t)\delta_{\xi_0} + r(-t)\delta_{-\xi_0})` in
    :math:`M_{even}` (U23 Cor. 11), tested by pairing with :math:`R\varphi` for Gaussian :math:`\varphi`.

    Routes: ``atom_weight``·(∫r(t)Rφ(ξ₀,t)dt + ∫r(−t)Rφ(−ξ₀,t)dt) with the closed-form Rφ (1-D quadrature) against
    :math:`\langle r(\xi_0\cdot{}),\varphi\rangle = \int_{\mathbb{R}^d} r(\xi_0\cdot x)\varphi(x)\,dx` on the
    Fourier side by Parseval, :math:`\frac1{2\pi}\int\hat r(\omega)\hat\varphi(-\omega\xi_0)\,d\omega` (closed-form
    transforms, a 1-D quadrature).
    """
    dps = validate_dps(dps, lost_digits=LOST_QUADRATURE)
    wgt = to_mpf(atom_weight)
    agree = Agreement("radon.ridge_measure", dps=dps, lost_digits=LOST_QUADRATURE,  # tanh–sinh quadrature
                      route="atom pairing (Radon side, 1-D quadrature) vs Parseval (Fourier side, 1-D quadrature)")
    rng = seeded(seed)
    with mpmath.workdps(dps):
        for i in range(examples):
            d = 2 + i % 2
            phi = random_gaussian(rng, d)
            xi = random_direction(rng, d)
            prof = random_gaussian(rng, 1) if i % 2 == 0 else random_ball(rng, 1, 2)

            def r(z: Any, prof: Any = prof) -> Any:
                return prof((z,))

            mid = to_mpf(prof.centre_given[0])
            edges = [mid + sgn * to_mpf(prof.radius) for sgn in (-1, 1)] if isinstance(prof, R.BallPower) else []
            kinks = [mid, *edges]
            pts = [-mpmath.inf, *sorted(kinks), mpmath.inf]
            mxi = tuple(-e for e in xi)
            pair = wgt * (mpmath.quad(lambda tt, r=r, phi=phi, xi=xi: r(tt) * phi.radon(xi, tt), pts)
                          + mpmath.quad(lambda tt, r=r, phi=phi, mxi=mxi: r(-tt) * phi.radon(mxi, tt),
                                        [-p for p in reversed(pts)]))
            # Parseval: ∫ r(ξ0·x) φ(x) dx = (1/2π) ∫ r^(ω) φ^(-ω ξ0) dω (closed-form transforms, Fourier side)
            direct = mpmath.quad(lambda om, prof=prof, phi=phi, xi=xi: (
                prof.fourier((om,)) * phi.fourier(tuple(-om * e for e in xi))).real, [-mpmath.inf, 0, mpmath.inf])
            direct /= 2 * mpmath.pi
            agree.compare(pair, direct, instance=f"d={d}, ξ0={xi}, profile {prof!r}, φ={phi!r}")
    return agree.result()
