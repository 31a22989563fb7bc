"""Certified ball-arithmetic integrals with python-flint (optional extra ``certified``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import mpmath

from ..errors import InvalidInput
from ..precision import validate_dps
from ..scalars import to_mpf
from .closed_forms import BallPower, Gaussian, RadonFunction
from .conventions import _GUARD, QUADRATURE_LOST_DIGITS, _direction, _scalar


# -- certified integrals (python-flint, extra `certified`) -----------------------------------------------------------
def _arb(x: Any) -> Any:
    """An mpf (or int/Fraction) as an exact flint.arb."""
    import flint

    if isinstance(x, mpmath.mpf):
        man, exp = x.man_exp  # man is the unsigned mantissa
        return (-1 if x < 0 else 1) * flint.arb(int(man)) * flint.arb(2) ** int(exp)
    q = to_mpf(x) if isinstance(x, float) else x
    if hasattr(q, "numerator") and not isinstance(q, mpmath.mpf):
        return flint.arb(int(q.numerator)) / int(q.denominator)
    return _arb(q)


def certified_radon(f: RadonFunction, u: Any, t: Any, *, dps: int = 30) -> Any:
    r""":math:`Rf(u,t)` in d = 2 as a certified :class:`flint.arb` ball (the line integral by ``acb.integral``).

    Supported terms: isotropic :class:`Gaussian` (an entire integrand on a finite window plus a rigorous bound of
    the two tails, :math:`\int_L^\infty e^{-y^2/(2s^2)}dy \le s^2e^{-L^2/(2s^2)}/L`) and :class:`BallPower` with
    integer or half-integer ``k`` (the chord integral of :math:`(\rho^2 - y^2)^k/r^{2k}`, with ``sqrt`` evaluated with
    the ``analytic`` flag passed on, as ``acb.integral`` requires for branch cuts).  The ``u`` and ``t`` entries are
    converted exactly from their values at ``dps`` digits.
    """
    import flint

    dps = validate_dps(dps, lost_digits=QUADRATURE_LOST_DIGITS)
    if f.dim != 2:
        raise InvalidInput(f"certified_radon is implemented for d = 2, got d = {f.dim}")
    with mpmath.workdps(dps):
        uu = _direction(u, 2)
        tt = _scalar(t)
        terms = [(term, tuple(term.centre)) for term in f.terms()]
    unsupported = [term for term, _ in terms if not _certifiable(term)]
    if unsupported:
        raise InvalidInput("certified_radon supports isotropic Gaussians and BallPower with 2k an integer, "
                           f"got {unsupported[0]!r}; use radontv.radon.radon for other closed forms")
    total = flint.arb(0)
    with flint.ctx.workdps(dps + _GUARD):
        au = [_arb(e) for e in uu]
        n2 = au[0] ** 2 + au[1] ** 2
        au = [e / n2.sqrt() for e in au]  # exactly unit up to the ball's radius
        at = _arb(tt)
        for term, centre in terms:
            assert isinstance(term, Gaussian | BallPower)  # _certifiable, checked above
            ac = [_arb(e) for e in centre]
            s = at - (au[0] * ac[0] + au[1] * ac[1])  # signed distance of the centre from the line
            amp = _arb(to_mpf(term.amplitude)) if isinstance(term.amplitude, float) else _arb(term.amplitude)
            if isinstance(term, Gaussian):
                w2 = _arb(term.width) ** 2
                L = flint.arb(math.ceil(math.sqrt(2 * float(w2.mid()) * (dps + 2 * _GUARD) * math.log(10))) + 1)

                def gauss(z: Any, analytic: bool, w2: Any = w2) -> Any:  # entire: the flag needs no check
                    return (-(z * z) / (2 * w2)).exp()

                core = flint.acb.integral(gauss, -L, L).real
                tail = 2 * w2 * (-(L * L) / (2 * w2)).exp() / L
                total += amp * (-(s * s) / (2 * w2)).exp() * (core + flint.arb(0, tail.upper()))
            else:
                r2 = _arb(term.radius) ** 2
                rho2 = r2 - s * s
                if rho2 <= 0:
                    continue
                rho = rho2.sqrt()
                twok = int(2 * to_mpf(term.k))

                def chord(z: Any, analytic: bool, rho2: Any = rho2, twok: int = twok, r2: Any = r2) -> Any:
                    q = (rho2 - z * z) / r2
                    if twok % 2 == 0:
                        return q ** (twok // 2)
                    return q ** (twok // 2) * q.sqrt(analytic=analytic)  # branch cut: pass the flag on

                total += amp * flint.acb.integral(chord, -rho, rho).real
    return total


def _certifiable(term: RadonFunction) -> bool:
    """Whether :func:`certified_radon` has a certified integral for ``term``: an isotropic Gaussian, or a
    :class:`BallPower` whose exponent k is a multiple of 1/2."""
    if isinstance(term, Gaussian):
        return term.covariance_given is None
    return isinstance(term, BallPower) and 2 * to_mpf(term.k) == int(2 * to_mpf(term.k))


def certified_abs_gaussian_integral(coefficients: Sequence[Any], *, dps: int = 30) -> Any:
    r""":math:`\int_{\mathbb{R}} |p(t)|\,e^{-t^2/2}\,dt` for a real polynomial :math:`p` as a certified ``flint.arb``.

    ``coefficients`` are :math:`p_0, p_1, \dots` (exact ints/Fractions or mpf).  The integrand on :math:`[-L, L]` uses
    ``acb.real_abs(analytic=...)`` (the flag passed on: ``|·|`` is not analytic where :math:`p` changes sign); the
    tails are bounded by :math:`C\int_L^\infty t^n e^{-t^2/2}dt \le 2C e^{-L^2/4}/L` once
    :math:`t^n \le e^{t^2/4}` for :math:`t\ge L`, with :math:`C = \sum|p_j|`.
    """
    import flint

    dps = validate_dps(dps, lost_digits=QUADRATURE_LOST_DIGITS)
    coeffs = list(coefficients)
    n = len(coeffs) - 1
    C = sum(abs(float(to_mpf(c))) for c in coeffs)
    L = 2.0
    goal = -(dps + _GUARD) * math.log(10)
    while L * L / 4 < n * math.log(L) or math.log(2 * max(C, 1.0)) - L * L / 4 - math.log(L) > goal:
        L += 1.0
    with flint.ctx.workdps(dps + _GUARD):
        ac = [_arb(c) if not isinstance(c, float) else _arb(to_mpf(c)) for c in coeffs]

        def integrand(z: Any, analytic: bool) -> Any:
            p = flint.acb(0)
            for c in reversed(ac):
                p = p * z + c
            return p.real_abs(analytic=analytic) * (-(z * z) / 2).exp()

        aL = flint.arb(int(L))
        core = flint.acb.integral(integrand, -aL, aL).real
        tail = 2 * flint.arb(C) * (-(aL * aL) / 4).exp() / aL * 2  # both tails; C rounded up by the factor 2
        return core + flint.arb(0, tail.upper())


