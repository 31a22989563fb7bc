r"""The R-norm route of ``multivariate.rtv2_definition``: :math:`(-\Delta)^{(d+1)/2}` applied first (in x-space),
then hyperplane integrals and half-space masses, for the Gaussian :math:`e^{-|x|^2/2}` in :math:`d = 2, 3`
([OWSS20]; PN21 eq. (6)); and the derivation's closed forms of the same value (``theory/multivariate.py``).

The implementation computes R-TV² the other way round (:func:`radontv.radon.gaussian_rtv2`: Radon transform first,
then the filter on the profile), so the two meet only in the check.
"""

from __future__ import annotations

import functools
import itertools
import math
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy
from radontv.theory import multivariate as theory

from radontv.scalars import to_mpf

__all__ = ["RNORM_GRID", "LaplacianPowerGaussian", "derived_definition", "gaussian_closed_form", "route_rnorm",
           "sphere_area"]


class LaplacianPowerGaussian:
    r""":math:`g = (-\Delta)^{(d+1)/2}e^{-|x|^2/2}` on :math:`\mathbb R^d`, a radial function, and its hyperplane data.

    From :math:`\hat g(\xi) = |\xi|^{d+1}(2\pi)^{d/2}e^{-|\xi|^2/2}` (the symbol applied *before* any Radon step):
    the inverse Fourier transform of a radial function, with the sphere average
    :math:`\int_{\mathbb S^{d-1}}e^{i\rho r\gamma\cdot e}d\gamma = |\mathbb S^{d-1}|\,{}_0F_1(;\tfrac d2;-\rho^2r^2/4)`
    integrated term by term (:math:`\int_0^\infty\rho^{2m}e^{-\rho^2/2}d\rho = 2^{m-1/2}\Gamma(m+\tfrac12)`), is

    .. math:: g(r) = \frac{2^{(d+1)/2}\Gamma(d+\frac12)}{\Gamma(\frac d2)}\,{}_1F_1\bigl(d+\tfrac12;\tfrac d2;
              -\tfrac{r^2}2\bigr);

    for odd :math:`d`, Kummer's transformation :math:`{}_1F_1(a;b;-z) = e^{-z}{}_1F_1(b-a;b;z)` with
    :math:`b - a = -(d+1)/2` makes it a polynomial times :math:`e^{-z}` (:math:`d = 3`:
    :math:`(r^4 - 10r^2 + 15)e^{-r^2/2}`).  Hyperplane integrals at offset :math:`t` (in-plane polar coordinates)
    :math:`Rg(t) = |\mathbb S^{d-2}|\int_0^\infty g(\sqrt{t^2+s^2})s^{d-2}ds`, the same for every direction; the mass
    of the half space :math:`\{u^\top x > t\}`, :math:`t \ge 0`, is
    :math:`H(t) = |\mathbb S^{d-2}|\int_t^\infty g(r)r^{d-1}\int_{t/r}^1(1-\sigma^2)^{(d-3)/2}d\sigma\,dr`, with
    :math:`H' = -Rg`, :math:`H(0) = \tfrac12\hat g(0) = 0` and :math:`H(\infty) = 0`.  Construct at the working
    precision.
    """

    def __init__(self, d: int) -> None:
        self.d = d
        self.a, self.b = d + mpmath.mpf(1) / 2, mpmath.mpf(d) / 2
        self.scale = 2 ** (mpmath.mpf(d + 1) / 2) * mpmath.gamma(self.a) / mpmath.gamma(self.b)
        self.plane_sphere = sphere_area(d - 1)
        self.kummer = None
        if d % 2:  # the terminating series of 1F1(b - a; b; z), highest degree first for polyval
            coef = [mpmath.mpf(1)]
            for k in range((d + 1) // 2):
                coef.append(coef[-1] * (self.b - self.a + k) / ((self.b + k) * (k + 1)))
            self.kummer = coef[::-1]

    def of_square(self, r2: Any) -> Any:
        r""":math:`g` at radius :math:`\sqrt{r_2}`."""
        z = r2 / 2
        if self.kummer is not None:
            return self.scale * mpmath.exp(-z) * mpmath.polyval(self.kummer, z)
        return self.scale * mpmath.hyp1f1(self.a, self.b, -z)

    def radon(self, t: Any) -> Any:
        r""":math:`Rg(u, t)`, the integral of :math:`g` over the hyperplane :math:`u^\top x = t`."""
        t2, k = t * t, self.d - 2
        return self.plane_sphere * mpmath.quad(lambda s: self.of_square(t2 + s * s) * s**k, [0, 4, mpmath.inf])

    def radon_float(self, t: float) -> float:
        """:meth:`radon` in double precision (scipy's ``hyp1f1`` and ``quad``), to bracket and locate roots."""
        from scipy import integrate, special

        scale, a, b, k = float(self.scale), float(self.a), float(self.b), self.d - 2
        coef = None if self.kummer is None else [float(c) for c in self.kummer]

        def g(r2: float) -> float:
            z = r2 / 2
            if coef is not None:
                return scale * math.exp(-z) * float(np.polyval(coef, z))
            return scale * float(special.hyp1f1(a, b, -z))

        value = integrate.quad(lambda s: g(t * t + s * s) * s**k, 0, np.inf, epsabs=1e-12, epsrel=1e-12, limit=200)[0]
        return float(self.plane_sphere) * value

    def half_space(self, t: Any) -> Any:
        r""":math:`H(t) = \int_{u^\top x > t} g\,dx` for :math:`t \ge 0`."""
        d = self.d

        def cap(x: Any) -> Any:
            if d == 2:
                return mpmath.acos(x)
            if d == 3:
                return 1 - x
            return mpmath.quad(lambda s: (1 - s * s) ** (mpmath.mpf(d - 3) / 2), [x, 1])

        return self.plane_sphere * mpmath.quad(lambda r: self.of_square(r * r) * r ** (d - 1) * cap(t / r),
                                               [t, t + 4, mpmath.inf])


def sphere_area(k: int) -> mpmath.mpf:
    r""":math:`|\mathbb S^{k-1}| = 2\pi^{k/2}/\Gamma(k/2)` at the working precision."""
    return 2 * mpmath.pi ** (mpmath.mpf(k) / 2) / mpmath.gamma(mpmath.mpf(k) / 2)


#: Sign changes of the hyperplane profiles are searched on the grid t = 1/2, 1, ..., 5 (they lie near 0.74, 2.33 for
#: d = 3 and 0.84, 2.77 for d = 2; beyond, the profile keeps its sign: Gaussian decay for d = 3, ~ t^-4 for d = 2).
RNORM_GRID = tuple(Fraction(k, 2) for k in range(1, 11))


@functools.lru_cache(maxsize=8)
def route_rnorm(d: int, dps: int) -> mpmath.mpf:
    r""":math:`\|R(-\Delta)^{(d+1)/2}e^{-|x|^2/2}\|_{L^1(\mathbb S^{d-1}\times\mathbb R)}` with the Laplacian power
    applied in x-space first (:class:`LaplacianPowerGaussian`), for :math:`d \ge 2`.

    The profile :math:`Rg` is even, so :math:`\int_{\mathbb R}|Rg| = 2\sum_i|H(r_i) - H(r_{i+1})|` over
    :math:`r_0 = 0`, the positive sign changes :math:`r_i` of :math:`Rg` and :math:`\infty`.  As :math:`H' = -Rg`
    vanishes at the :math:`r_i`, an error :math:`\delta` in a root changes the sum by :math:`O(\delta^2)`: the roots
    are bracketed on :data:`RNORM_GRID` and located in double precision (scipy's ``hyp1f1``, ``quad`` and
    ``brentq``), then refined by chord steps :math:`t \leftarrow t - Rg(t)/Rg'(t_0)` (slope by a central difference
    in double precision) at ``dps // 2 + 10`` digits until a step is below :math:`10^{-(dps/2 + 5)}`; the
    half-space masses are computed at ``dps + 10``.  Cached per ``(d, dps)``: the constant in front is applied by
    the caller.
    """
    from scipy import optimize

    g = LaplacianPowerGaussian(d)
    grid = [float(x) for x in RNORM_GRID]
    vals = [g.radon_float(t) for t in grid]
    rough, slopes = [], []
    for a, b, fa, fb in zip(grid, grid[1:], vals, vals[1:], strict=False):
        if fa * fb < 0:
            r = optimize.brentq(g.radon_float, a, b, xtol=1e-15, rtol=4 * float(np.finfo(float).eps))
            h = 1e-5
            rough.append(r)
            slopes.append((g.radon_float(r + h) - g.radon_float(r - h)) / (2 * h))
    roots = []
    with mpmath.workdps(dps // 2 + 10):
        g = LaplacianPowerGaussian(d)
        tol = mpmath.mpf(10) ** -(dps // 2 + 5)
        for r, slope in zip(rough, slopes, strict=True):
            t = mpmath.mpf(r)
            for _ in range(8):  # linear convergence at the rate of the slope's relative error (~1e-9)
                step = g.radon(t) / slope
                t -= step
                if abs(step) <= tol:
                    break
            roots.append(t)
    with mpmath.workdps(dps + 10):
        g = LaplacianPowerGaussian(d)
        masses = [mpmath.mpf(0), *(g.half_space(r) for r in roots), mpmath.mpf(0)]
        total = 2 * mpmath.fsum(abs(b - a) for a, b in itertools.pairwise(masses))
        return sphere_area(d) * total


@functools.cache
def derived_definition() -> Any:
    """The sympy derivation of ``multivariate.rtv2_definition``, run once per process."""
    return theory.derive_rtv2_definition()


def gaussian_closed_form(d: int, dps: int) -> mpmath.mpf:
    r"""R-TV² of :math:`e^{-|x|^2/2}` from the derivation's closed forms: :math:`d = 3` exactly (roots of
    :math:`He_4`); :math:`d = 2` from the erfi profile :math:`p` and its primitive :math:`P` (odd, 0 at infinity):
    :math:`2\sum_i|P(r_{i+1}) - P(r_i)|` over 0, the roots of :math:`p` (bracketed on the grid, ``findroot``) and
    :math:`\infty`."""
    res = derived_definition().results
    if d == 3:
        return mpmath.mpf(sympy.N(res["gaussian_rtv2_d3"], dps + 10))
    with mpmath.workdps(dps + 10):
        prof = sympy.lambdify(res["t"], res["gaussian_profile_d2"], "mpmath")
        prim = sympy.lambdify(res["t"], res["gaussian_primitive_d2"], "mpmath")
        grid = [to_mpf(x) for x in RNORM_GRID]
        vals = [prof(t) for t in grid]
        roots = [mpmath.findroot(prof, (a, b), solver="anderson")
                 for a, b, fa, fb in zip(grid, grid[1:], vals, vals[1:], strict=False) if fa * fb < 0]
        jumps = [mpmath.mpf(0), *(prim(r) for r in roots), mpmath.mpf(0)]
        return 2 * mpmath.fsum(abs(b - a) for a, b in itertools.pairwise(jumps))
