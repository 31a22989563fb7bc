"""The Radon transform of a closed form or of any declared callable: hyperplane quadrature with digits reported."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import mpmath

from ..errors import InvalidInput
from ..precision import validate_dps
from ..scalars import to_mpf
from .closed_forms import Plane, RadonFunction, Sphere, _Declared
from .conventions import (
    _GUARD,
    QUADRATURE_LOST_DIGITS,
    Estimate,
    QuadratureError,
    _digits,
    _direction,
    _dot,
    _relative,
    _scalar,
    sphere_area,
)


# -- the Radon transform -----------------------------------------------------------------------------------------
def radon(f: Any, u: Any, t: Any, *, dps: int = 30, route: str = "auto", digits: int | None = None) -> mpmath.mpf:
    r""":math:`Rf(u,t) = \int_{u\cdot x=t} f\,dS` (full sphere; PN21 (24)) at ``dps`` digits.

    ``f`` is a closed form (:class:`Gaussian`, :class:`BallPower`, :class:`FunctionSum`), a :func:`declared`
    callable, or a bare callable ``f(x)`` on :math:`\mathbb{R}^d` with ``d = len(u)``.  ``route="auto"`` uses the
    closed form when there is one and the quadrature of :func:`radon_quadrature` otherwise; ``route="quadrature"``
    forces the quadrature.  A quadrature result that agrees with its precision-doubled repetition to fewer than
    ``digits`` digits (default ``dps - 5``) raises :class:`QuadratureError` instead of returning a wrong value.

    >>> import mpmath
    >>> from radontv.radon import Gaussian
    >>> mpmath.nstr(radon(Gaussian([0, 0]), (1, 0), 0), 25)  # (2π)^{1/2} e^0
    '2.506628274631000502415765'
    """
    dps = validate_dps(dps, lost_digits=QUADRATURE_LOST_DIGITS)
    if route not in ("auto", "closed form", "quadrature"):
        raise InvalidInput(f"route must be 'auto', 'closed form' or 'quadrature', got {route!r}")
    if digits is not None:
        if isinstance(digits, bool) or not isinstance(digits, int) or digits < 1:
            raise InvalidInput(f"digits must be a positive integer, got {digits!r}")
        if digits > dps - QUADRATURE_LOST_DIGITS:
            raise InvalidInput(f"dps={dps} is too low for {digits} digits: a quadrature may lose "
                               f"{QUADRATURE_LOST_DIGITS}; pass dps={digits + QUADRATURE_LOST_DIGITS} or more")
    with mpmath.workdps(dps):
        dim = getattr(f, "dim", None)
        uu = _direction(u, dim)
        tt = _scalar(t)
        if isinstance(f, RadonFunction) and route != "quadrature":
            return +f.radon(uu, tt)
    if not callable(f):
        raise InvalidInput(f"f must be a closed form or a callable f(x) on R^d, got {type(f).__name__}")
    est = radon_quadrature(f, u, t, dps=dps)
    need = dps - QUADRATURE_LOST_DIGITS if digits is None else digits
    if est.digits < need:
        raise QuadratureError(f"hyperplane quadrature reached only {est.digits:.1f} digits (wanted {need}) "
                              f"at u={u!r}, t={t!r}; declare the kinks and support of f, or raise dps")
    return est.value


def _basis(u: Sequence[Any]) -> list[tuple[Any, ...]]:
    """An orthonormal basis of :math:`u^\\perp` (Gram–Schmidt on the standard vectors, least aligned with u first)."""
    d = len(u)
    order = sorted(range(d), key=lambda i: abs(u[i]))
    basis: list[tuple[Any, ...]] = [tuple(u)]
    for i in order:
        v = [mpmath.mpf(1) if j == i else mpmath.mpf(0) for j in range(d)]
        for b in basis:
            c = _dot(v, b)
            v = [a - c * e for a, e in zip(v, b, strict=True)]
        n = mpmath.sqrt(mpmath.fsum(e * e for e in v))
        if n > mpmath.mpf(10) ** (-mpmath.mp.dps // 2):
            basis.append(tuple(e / n for e in v))
        if len(basis) == d:
            break
    return basis[1:]


def _ray_pieces(p: Sequence[Any], direction: Sequence[Any], g: _Declared) -> list[Any]:
    """Breakpoints r > 0 along the ray p + r·direction (|direction| = 1): kinks, support boundaries, and the end."""
    pts: list[Any] = []
    for k in g.kinks:
        pts.extend(_hits(p, direction, k))
    end: Any = mpmath.inf
    if g.support is not None:
        ends = [h for s in g.support for h in _hits(p, direction, s)]
        inside = any(mpmath.fsum((a - b) ** 2 for a, b in zip(p, s.centre, strict=True)) < s.radius**2
                     for s in g.support)
        if not ends and not inside:
            return []
        end = max(ends) if ends else mpmath.mpf(0)
    pts = sorted({x for x in pts if 0 < x < end})
    return [mpmath.mpf(0), *pts, end]


def _hits(p: Sequence[Any], direction: Sequence[Any], k: Sphere | Plane) -> list[Any]:
    if isinstance(k, Sphere):
        q = [a - to_mpf(b) for a, b in zip(p, k.centre, strict=True)]
        bq = _dot(direction, q)
        disc = bq * bq - (mpmath.fsum(e * e for e in q) - to_mpf(k.radius) ** 2)
        if disc <= 0:
            return []
        s = mpmath.sqrt(disc)
        return [x for x in (-bq - s, -bq + s) if x > 0]
    n = [to_mpf(e) for e in k.normal]
    nd = _dot(n, direction)
    if nd == 0:
        return []
    x = (to_mpf(k.offset) - _dot(n, p)) / nd
    return [x] if x > 0 else []


@functools.lru_cache(maxsize=64)
def _gauss_legendre(m: int, prec: int) -> tuple[tuple[Any, Any], ...]:
    with mpmath.workprec(prec):
        nodes = []
        for i in range(1, m + 1):
            x = mpmath.cos(mpmath.pi * (i - mpmath.mpf(1) / 4) / (m + mpmath.mpf(1) / 2))
            for _ in range(100):
                p0, p1 = mpmath.mpf(1), x
                for j in range(2, m + 1):
                    p0, p1 = p1, ((2 * j - 1) * x * p1 - (j - 1) * p0) / j
                dp = m * (x * p1 - p0) / (x * x - 1)
                dx = p1 / dp
                x -= dx
                if abs(dx) < mpmath.mpf(2) ** (-prec + 4):
                    break
            nodes.append((x, 2 / ((1 - x * x) * dp * dp)))
        return tuple(nodes)


def _sphere_rule(dim: int, level: int) -> list[tuple[tuple[Any, ...], Any]]:
    """Nodes and weights on :math:`S^{dim-1}`: dim 2 trapezoid, dim 3 Gauss–Legendre × trapezoid; finer with level."""
    if dim == 1:
        return [((mpmath.mpf(1),), mpmath.mpf(1)), ((mpmath.mpf(-1),), mpmath.mpf(1))]
    if dim == 2:
        n = 8 * 2**level
        w = 2 * mpmath.pi / n
        return [((mpmath.cos(2 * mpmath.pi * j / n), mpmath.sin(2 * mpmath.pi * j / n)), w) for j in range(n)]
    if dim == 3:
        m = 6 * 2**level
        n = 2 * m
        out = []
        for z, wz in _gauss_legendre(m, mpmath.mp.prec):
            rho = mpmath.sqrt(1 - z * z)
            for j in range(n):
                phi = 2 * mpmath.pi * j / n
                out.append(((rho * mpmath.cos(phi), rho * mpmath.sin(phi), z), wz * 2 * mpmath.pi / n))
        return out
    raise InvalidInput(f"sphere quadrature is implemented on S^1 and S^2 (d <= 3); d = {dim} needs a zonal "
                       "function (Funk–Hecke reduction)")


def _hyperplane_integral(g: _Declared, u: Sequence[Any], t: Any, level: int) -> Any:
    d = g.dim
    if d == 1:
        return g((u[0] * t,))
    basis = _basis(u)
    foot = tuple(t * e for e in u)
    if g.centre is not None:
        c = [to_mpf(e) for e in g.centre]
        s = _dot(u, c) - t
        p = tuple(a - s * e for a, e in zip(c, u, strict=True))  # projection of the centre onto the hyperplane
    else:
        p = foot

    def ray(direction: tuple[Any, ...]) -> Any:
        pts = _ray_pieces(p, direction, g)
        if not pts:
            return mpmath.mpf(0)
        return mpmath.quad(lambda r: g(tuple(a + r * e for a, e in zip(p, direction, strict=True))) * r ** (d - 2), pts)

    def embed(theta: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(mpmath.fsum(th * b[i] for th, b in zip(theta, basis, strict=True)) for i in range(d))

    if g.isotropic:
        return sphere_area(d - 1) * ray(embed([mpmath.mpf(1)] + [mpmath.mpf(0)] * (d - 2)))
    if d == 2:  # the whole line, both rays
        return ray(basis[0]) + ray(tuple(-e for e in basis[0]))
    return mpmath.fsum(w * ray(embed(theta)) for theta, w in _sphere_rule(d - 1, level))


def radon_quadrature(f: Any, u: Any, t: Any, *, dps: int = 30, max_level: int = 4) -> Estimate:
    r""":math:`Rf(u,t)` by :math:`(d-1)`-dimensional quadrature over the hyperplane, with the digits it reached.

    The hyperplane is parametrised in polar coordinates about the projection :math:`p` of the declared centre:
    :math:`\int_{S^{d-2}}\int_0^\infty f(p + r\theta)\,r^{d-2}\,dr\,d\theta`; each ray is split at its crossings
    with the declared kinks and support spheres and integrated by tanh–sinh (mpmath), the angular integral by the
    trapezoid rule (d = 3) or Gauss–Legendre × trapezoid (d = 4), refined until two levels agree; an isotropic
    function needs one ray (rotational symmetry).  d = 1 is the evaluation :math:`f(ut)`, d = 2 a 1-D integral
    along the line.  The value is computed at ``dps + 10`` digits and again at ``2 dps``; ``digits`` is their
    agreement, capped at ``dps``.  A value that is NaN or infinite (``f`` not integrable on the hyperplane, or
    returning NaN/inf there) raises :class:`~radontv.InvalidInput` as soon as it appears.
    """
    dps = validate_dps(dps, lost_digits=QUADRATURE_LOST_DIGITS)
    g = f.declared() if isinstance(f, RadonFunction) else f
    with mpmath.workdps(dps):
        uu = _direction(u, getattr(g, "dim", None))
        tt = _scalar(t)
    if not isinstance(g, _Declared):
        if not callable(g):
            raise InvalidInput(f"f must be a closed form or a callable f(x), got {type(f).__name__}")
        g = _Declared(g, len(uu))
    d = g.dim
    if d > 4 and not g.isotropic:
        raise InvalidInput(f"hyperplane quadrature is implemented for d <= 4 (got d = {d}) unless f is isotropic")
    levels = 0 if (g.isotropic or d <= 2) else max_level
    # Not radontv.precision.at_two_precisions, which evaluates one fixed computation twice: here the first pass
    # chooses the angular level adaptively and the second must reuse that level, so that the two differ only in
    # precision.  The guard and the digits law are the same (TWO_PRECISION_GUARD; agreement capped at dps).
    with mpmath.workdps(dps + _GUARD):
        prev = _hyperplane_integral(g, uu, tt, 0)
        level = 0
        for level in range(1, levels + 1):
            if not mpmath.isfinite(prev):  # refining a NaN or inf cannot converge: report it at once
                break
            cur = _hyperplane_integral(g, uu, tt, level)
            done = _relative(cur, prev) <= mpmath.mpf(10) ** (-dps)
            prev = cur
            if done:
                break
        first = prev
    with mpmath.workdps(2 * dps):
        uu2 = tuple(mpmath.mpf(e) for e in uu)
        second = _hyperplane_integral(g, uu2, mpmath.mpf(tt), level) if mpmath.isfinite(first) else first
        if not (mpmath.isfinite(first) and mpmath.isfinite(second)):  # never a NaN with digits (as at_two_precisions)
            raise InvalidInput(f"the hyperplane integral evaluated to {first} (at {dps + _GUARD} digits) and {second} "
                               f"(at {2 * dps} digits): f is not integrable on the hyperplane u·x = t, or returns "
                               "NaN or inf there; check the function and the point given")
        digits = _digits(first, second, dps)
    with mpmath.workdps(dps):
        route = "evaluation f(ut)" if d == 1 else (
            "1-D reduction by rotational symmetry (one ray)" if g.isotropic else
            "line quadrature split at kinks" if d == 2 else f"polar hyperplane quadrature, angular level {level}")
        return Estimate(+second, digits, route)


