"""Validation of arguments, the sphere area, and the inversion constant c_d derived in the Fourier domain."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import mpmath

from ..errors import InvalidInput, RadontvError
from ..precision import TWO_PRECISION_GUARD
from ..scalars import arithmetic_of, to_mpf

#: Squared-norm slack within which a direction counts as a unit vector rounded to double precision (2^-40).
UNIT_NORM_SLACK = 2.0**-40
#: Digits a quadrature may lose below the working precision before :func:`radon` refuses its result.
QUADRATURE_LOST_DIGITS = 5
_GUARD = TWO_PRECISION_GUARD  # extra digits carried by the first of the two precision-doubled evaluations


class QuadratureError(RadontvError):
    """A quadrature did not reach the requested number of digits (the message gives the digits obtained)."""


@dataclass(frozen=True)
class Estimate:
    """A numerical value with the digits that two evaluations (at ``dps`` and ``2 dps``) agree to, and its route."""

    value: Any
    digits: float
    route: str


# -- validation -------------------------------------------------------------------------------------------------
def _dimension(d: object) -> int:
    if isinstance(d, bool) or not isinstance(d, int):
        raise InvalidInput(f"the dimension d must be an integer >= 1, got {d!r}")
    if d < 1:
        raise InvalidInput(f"the dimension d must be >= 1 (R^d with d = {d} is empty); pass d = 1, 2, 3, ...")
    return d


def _vector(x: Any, name: str, dim: int | None = None) -> tuple[mpmath.mpf, ...]:
    """``x`` as a tuple of mpf at the current precision (a scalar is a point of R^1)."""
    if isinstance(x, mpmath.mpf | int | float) or (hasattr(x, "denominator") and not hasattr(x, "__len__")):
        x = [x]
    try:
        items = list(x)
    except TypeError:
        raise InvalidInput(f"{name} must be a sequence of numbers, got {x!r}") from None
    if not items:
        raise InvalidInput(f"{name} is empty; a point of R^d has d >= 1 coordinates")
    if any(isinstance(e, list | tuple) for e in items):
        raise InvalidInput(f"{name} must be a flat sequence of numbers (one point), got {x!r}")
    arithmetic_of(items, name)  # raises InvalidInput on non-finite or non-numeric entries
    if dim is not None and len(items) != dim:
        raise InvalidInput(f"{name} has {len(items)} coordinates but the function lives on R^{dim}; "
                           f"pass {dim} coordinates")
    return tuple(to_mpf(e) for e in items)


def _direction(u: Any, dim: int | None = None) -> tuple[mpmath.mpf, ...]:
    v = _vector(u, "u", dim)
    n2 = mpmath.fsum(e * e for e in v)
    if abs(n2 - 1) > UNIT_NORM_SLACK:
        raise InvalidInput(f"u must be a unit vector (a point of the sphere S^(d-1)); |u|^2 = {mpmath.nstr(n2, 8)}. "
                           "radontv does not normalise silently: pass radontv.radon.unit(u) if the direction is meant")
    if n2 != 1:
        s = mpmath.sqrt(n2)
        v = tuple(e / s for e in v)
    return v


def unit(w: Any) -> tuple[mpmath.mpf, ...]:
    """``w / |w|`` at the current mpmath precision (raises :class:`~radontv.InvalidInput` for ``w = 0``)."""
    v = _vector(w, "w")
    n = mpmath.sqrt(mpmath.fsum(e * e for e in v))
    if n == 0:
        raise InvalidInput("w = 0 has no direction")
    return tuple(e / n for e in v)


def _scalar(t: Any, name: str = "t") -> mpmath.mpf:
    arithmetic_of([t], name)
    return to_mpf(t)


def _dot(a: Sequence[Any], b: Sequence[Any]) -> Any:
    return mpmath.fsum(x * y for x, y in zip(a, b, strict=True))


def sphere_area(d: int) -> mpmath.mpf:
    r"""The surface measure :math:`|S^{d-1}| = 2\pi^{d/2}/\Gamma(d/2)` at the current precision (:math:`|S^0| = 2`)."""
    _dimension(d)
    return 2 * mpmath.pi ** (mpmath.mpf(d) / 2) / mpmath.gamma(mpmath.mpf(d) / 2)


# -- the inversion constant -----------------------------------------------------------------------------------
@functools.lru_cache(maxsize=32)
def _derive_fbp_constant(d: int) -> tuple[Any, tuple[tuple[str, Any], ...]]:
    """c_d by polar coordinates in the Fourier domain; returns (c_d, steps).  Each factor is computed, not typed."""
    import sympy

    w = sympy.Symbol("omega", real=True)
    r = sympy.Symbol("r", positive=True)
    # (1) inverse FT prefactor of the convention: f(x) = P1 * int f^(xi) e^{i xi.x} dxi
    p1 = 1 / (2 * sympy.pi) ** d
    # (2) polar coordinates xi = omega u over (u, omega) in S^{d-1} x R covers R^d twice: the factor P2 is
    #     int_{R^d} F dxi / (|S^{d-1}| int_R F(|omega|) |omega|^{d-1} d omega), computed on F = exp(-|xi|^2/2).
    area = 2 * sympy.pi ** sympy.Rational(d, 2) / sympy.gamma(sympy.Rational(d, 2))
    full = sympy.sqrt(2 * sympy.pi) ** d  # int_{R^d} exp(-|xi|^2/2) dxi, a product of d one-dimensional integrals
    radial = 2 * sympy.integrate(r ** (d - 1) * sympy.exp(-r**2 / 2), (r, 0, sympy.oo))
    p2 = sympy.simplify(full / (area * radial))
    # (3) Fourier slice: f^(omega u) = int R f(u, t) e^{-i omega t} dt, so the omega-integral is a 1-D inverse FT:
    #     int |omega|^{d-1} g^(omega) e^{i omega s} d omega = P3 * Lambda^{d-1} g(s), P3 = 1 / (1-D inverse prefactor)
    p3 = 1 / (1 / (2 * sympy.pi))
    c = sympy.nsimplify(sympy.simplify(p1 * p2 * p3))
    steps = (
        ("inverse Fourier prefactor (2π)^{-d}", p1),
        ("polar coordinates over S^{d-1} × ℝ count ℝ^d twice: factor", p2),
        ("Fourier slice + 1-D inverse transform with symbol |ω|^{d-1}: factor 2π", p3),
        ("c_d = product", c),
    )
    _ = w
    return c, steps


def fbp_constant(d: int) -> Any:
    r"""The exact constant :math:`c_d` of :math:`f = c_d R^*\Lambda^{d-1}Rf` (a sympy number), derived, not typed in.

    Derivation (polar coordinates in the Fourier domain; PN21 (27), U23 Thm 2):

    .. math::

        f(x) = (2\pi)^{-d}\!\int_{\mathbb{R}^d}\!\hat f(\xi)e^{i\xi\cdot x}d\xi
             = \frac{(2\pi)^{-d}}{2}\int_{S^{d-1}}\!\int_{\mathbb{R}} \hat f(\omega u)\,|\omega|^{d-1}
               e^{i\omega u\cdot x}\,d\omega\,du
             = \frac{(2\pi)^{-d}}{2}\,2\pi\,R^*\Lambda^{d-1}Rf(x),

    the factor :math:`\tfrac12` because :math:`(u,\omega)\mapsto\omega u` covers :math:`\mathbb{R}^d` twice (computed
    by sympy from a Gaussian), and :math:`2\pi` from the 1-D inverse transform after the Fourier slice theorem.
    Hence :math:`c_d = 1/(2(2\pi)^{d-1})`; half-sphere backprojection would need :math:`2c_d`.

    >>> fbp_constant(3)
    1/(8*pi**2)
    """
    return _derive_fbp_constant(_dimension(d))[0]


def _relative(a: Any, b: Any) -> Any:
    scale = max(abs(b), mpmath.mpf(10) ** (-mpmath.mp.dps))
    return abs(a - b) / scale


def _digits(a: Any, b: Any, cap: int) -> float:
    """Digits to which ``a`` and ``b`` agree, capped at ``cap``; 0 when either is not finite (NaN compares false, so
    ``min(cap, nan)`` would report full agreement)."""
    if not (mpmath.isfinite(a) and mpmath.isfinite(b)):
        return 0.0
    r = _relative(a, b)
    return float(cap) if r == 0 else min(float(cap), -float(mpmath.log10(r)))
