"""Backprojection (sphere quadrature or Funk–Hecke), the ramp filter, and filtered backprojection."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import mpmath

from ..errors import InvalidInput
from ..precision import at_two_precisions, validate_dps
from ..scalars import to_mpf
from .closed_forms import BallPower, Gaussian, RadonFunction
from .conventions import (
    _GUARD,
    QUADRATURE_LOST_DIGITS,
    Estimate,
    QuadratureError,
    _dot,
    _relative,
    _scalar,
    _vector,
    fbp_constant,
    sphere_area,
)
from .profiles import gaussian_ramp_profile
from .quadrature import _sphere_rule


# -- backprojection, ramp filter, inversion ----------------------------------------------------------------------
@dataclass(frozen=True)
class Zonal:
    r"""A zonal sinogram :math:`g(u,t) = h(t - u\cdot c)` on :math:`S^{d-1}\times\mathbb{R}` (the Radon transform of a
    function isotropic about :math:`c`, U23 Prop. 7), with the arguments ``kinks`` where :math:`h` is not smooth."""

    dim: int
    centre: tuple[Any, ...]
    profile: Callable[[Any], Any]
    kinks: tuple[Any, ...] = ()

    def __call__(self, u: Sequence[Any], t: Any) -> Any:
        return self.profile(t - _dot(u, [to_mpf(e) for e in self.centre]))


def _funk_hecke(z: Zonal, x: Sequence[Any]) -> Any:
    r""":math:`\int_{S^{d-1}} h(u\cdot y)\,du = |S^{d-2}|\int_{-1}^1 h(\rho s)(1-s^2)^{(d-3)/2}ds`,
    :math:`y = x - c` (Funk–Hecke)."""
    d = z.dim
    y = [a - to_mpf(b) for a, b in zip(x, z.centre, strict=True)]
    rho = mpmath.sqrt(mpmath.fsum(e * e for e in y))
    if d == 1:
        return z.profile(y[0]) + z.profile(-y[0])
    if rho == 0:
        return sphere_area(d) * z.profile(mpmath.mpf(0))
    kinks = [to_mpf(k) / rho for k in z.kinks]
    if d == 2:  # s = cos θ removes the endpoint singularity of (1 - s²)^{-1/2}: ∫_0^π h(ρ cos θ) dθ
        pts = sorted({mpmath.mpf(0), mpmath.pi, *(mpmath.acos(s) for s in kinks if -1 < s < 1)})
        return sphere_area(1) * mpmath.quad(lambda th: z.profile(rho * mpmath.cos(th)), pts)
    pts = sorted({mpmath.mpf(-1), mpmath.mpf(1), *(s for s in kinks if -1 < s < 1)})
    weight = mpmath.mpf(d - 3) / 2
    return sphere_area(d - 1) * mpmath.quad(lambda s: z.profile(rho * s) * (1 - s * s) ** weight, pts)


def backproject(g: Any, x: Any, *, dps: int = 30, max_level: int = 7) -> mpmath.mpf:
    r""":math:`R^*g(x) = \int_{S^{d-1}} g(u, u\cdot x)\,du` (full sphere, surface measure; PN21 (26)).

    ``g`` is a callable ``g(u, t)`` (then ``d = len(x) <= 3``: trapezoid rule on :math:`S^1`, Gauss–Legendre ×
    trapezoid on :math:`S^2`, refined until two levels agree to ``dps`` digits, else :class:`QuadratureError`), a
    :class:`Zonal` sinogram or a sequence of them (any ``d``: the Funk–Hecke 1-D reduction, split at the profile's
    kinks).  d = 1: :math:`g(1, x) + g(-1, -x)`.  Half-sphere codes would return half of this.
    """
    dps = validate_dps(dps, lost_digits=QUADRATURE_LOST_DIGITS)
    zonals = [g] if isinstance(g, Zonal) else (list(g) if isinstance(g, list | tuple) else None)
    with mpmath.workdps(dps + _GUARD):
        if zonals is not None:
            if not all(isinstance(z, Zonal) for z in zonals):
                raise InvalidInput("a sequence passed to backproject must hold Zonal sinograms")
            xx = _vector(x, "x", zonals[0].dim)
            value = mpmath.fsum(_funk_hecke(z, xx) for z in zonals)
            with mpmath.workdps(dps):
                return +value
        if not callable(g):
            raise InvalidInput(f"g must be a callable g(u, t) or a Zonal sinogram, got {type(g).__name__}")
        xx = _vector(x, "x")
        d = len(xx)
        if d > 3:
            raise InvalidInput(f"backprojection of a general g is implemented for d <= 3 (got d = {d}); "
                               "pass a Zonal sinogram for the Funk–Hecke route")

        def rule(level: int) -> Any:
            return mpmath.fsum(w * g(u, _dot(u, xx)) for u, w in _sphere_rule(d, level))

        prev = rule(0)
        if d == 1:
            with mpmath.workdps(dps):
                return +prev
        for level in range(1, max_level + 1):
            cur = rule(level)
            if _relative(cur, prev) <= mpmath.mpf(10) ** (-(dps + 2)):
                with mpmath.workdps(dps):
                    return +cur
            prev = cur
    raise QuadratureError(f"sphere quadrature for R*g at x={x!r} did not converge to {dps} digits by level {max_level}")


def ramp_filter(h: Callable[[Any], Any], t: Any, order: int, *, dps: int = 30) -> Estimate:
    r""":math:`\Lambda^{n}h(t)` (symbol :math:`|\omega|^n`) for a smooth, decaying callable ``h`` on :math:`\mathbb{R}`.

    Even :math:`n` (odd :math:`d` when :math:`n = d-1`): local, :math:`(-1)^{n/2}h^{(n)}(t)` by mpmath's numerical
    differentiation (which raises its own precision).  Odd :math:`n`: the Hilbert route,
    :math:`(-1)^{(n-1)/2}\frac1\pi\int_0^\infty [h^{(n)}(t-s) - h^{(n)}(t+s)]\,\frac{ds}{s}`.  Accuracy: stated by
    the returned ``digits``, the agreement of the computation at ``dps + 10`` and at ``2 dps`` digits (typically
    all ``dps`` for analytic ``h`` with Gaussian decay; less when ``h`` has kinks within reach of the
    differentiation stencil — use the closed forms then).
    """
    dps = validate_dps(dps, lost_digits=QUADRATURE_LOST_DIGITS)
    if isinstance(order, bool) or not isinstance(order, int) or order < 0:
        raise InvalidInput(f"order must be a non-negative integer, got {order!r}")

    def once() -> Any:
        tt = _scalar(t)
        if order % 2 == 0:
            return (-1) ** (order // 2) * (mpmath.diff(h, tt, order) if order else h(tt))

        def dh(s: Any) -> Any:
            return mpmath.diff(h, s, order)

        integral = mpmath.quad(lambda s: (dh(tt - s) - dh(tt + s)) / s, [0, 1, mpmath.inf])
        return (-1) ** ((order - 1) // 2) * integral / mpmath.pi

    value, digits = at_two_precisions(once, dps)
    return Estimate(value, digits, "local derivative" if order % 2 == 0 else "Hilbert transform of a derivative")


def filtered(f: RadonFunction, order: int | None = None) -> Any:
    r"""The sinogram :math:`\Lambda^{n}Rf` (default :math:`n = d-1`) of a closed form, as a callable ``g(u, t)``.

    When every term is isotropic the result is a list of :class:`Zonal` sinograms (so :func:`backproject` uses the
    Funk–Hecke reduction); otherwise a plain callable.
    """
    if not isinstance(f, RadonFunction):
        raise InvalidInput(f"filtered() needs a closed form (Gaussian, BallPower, FunctionSum), got {type(f).__name__}")
    n = f.dim - 1 if order is None else order
    terms = f.terms()
    if all(term.isotropic for term in terms):
        out = []
        for term in terms:
            e = tuple(mpmath.mpf(0) for _ in range(term.dim))
            u0 = (mpmath.mpf(1), *e[1:])
            kinks = (to_mpf(term.radius), -to_mpf(term.radius)) if isinstance(term, BallPower) else ()
            shifted = _shifted_term(term)
            out.append(Zonal(term.dim, tuple(term.centre), functools.partial(_profile_at, shifted, u0, n), kinks))
        return out
    return lambda u, t: f.ramp_radon(u, t, n)


def _shifted_term(term: RadonFunction) -> RadonFunction:
    zero = [0] * term.dim
    if isinstance(term, Gaussian):
        return Gaussian(zero, term.width, term.amplitude)
    if isinstance(term, BallPower):
        return BallPower(zero, term.radius, term.k, term.amplitude)
    raise InvalidInput(f"no zonal profile for {term!r}")  # pragma: no cover


def _profile_at(term: RadonFunction, u0: tuple[Any, ...], n: int, s: Any) -> Any:
    if isinstance(term, Gaussian):  # the hot path of Funk–Hecke: A σ^{-n} (Λ^n e^{-z²/2})(s/σ), constants per precision
        key = mpmath.mp.prec
        cache = term.__dict__.setdefault("_profile_cache", {})
        if (key, n) not in cache:
            sigma = to_mpf(term.width)
            cache[key, n] = (term.mass() / mpmath.sqrt(2 * mpmath.pi) / sigma ** (n + 1), sigma)
        scale, sigma = cache[key, n]
        return scale * gaussian_ramp_profile(s / sigma, n)
    return term.ramp_radon(u0, s, n)


def fbp(f: RadonFunction, x: Any, *, dps: int = 30, constant: Any = None) -> mpmath.mpf:
    r"""Filtered backprojection :math:`c_d R^*\Lambda^{d-1}Rf(x)` of a closed form (= :math:`f(x)`, PN21 (27)).

    ``constant`` overrides :math:`c_d` (a sympy number or mpf; for negative controls).  Route: closed-form ramp of
    the Radon transform, then :func:`backproject` (Funk–Hecke for isotropic terms, sphere quadrature otherwise).
    """
    dps = validate_dps(dps, lost_digits=QUADRATURE_LOST_DIGITS)
    c = fbp_constant(f.dim) if constant is None else constant
    with mpmath.workdps(dps):
        cc = mpmath.mpf(c.evalf(dps + _GUARD)) if hasattr(c, "evalf") else to_mpf(c)
        return cc * backproject(filtered(f), x, dps=dps)


