r"""Numeric check of ``radon.gaussian_rtv2`` (catalog D9) and its second route, the confluent hypergeometric
(:math:`{}_1F_1`, Kummer) closed forms of the ramp-filtered Gaussian profile and its primitive
(:func:`gaussian_rtv2_1f1`, shared with the rates family's check of catalog F5).

Split from :mod:`checks.radon` (re-exported there); conventions as described there.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import mpmath
import sympy
from radontv.theory import radon as theory

from radontv import radon as R
from radontv.evidence import Agreement, CheckResult
from radontv.precision import validate_dps

from .radon_common import DEFAULT_DPS, LOST_QUADRATURE, c_theory, certify, derivation, flint_module, sym_value

__all__ = ["check_gaussian_rtv2", "gaussian_rtv2_1f1"]


def _series_1f1(a: Any, b: Any, x: Any) -> Any:
    """Kummer's series :math:`\\sum_k (a)_k x^k / ((b)_k k!)` for x >= 0, summed with guard digits for the
    cancellation of its first terms (absolute accuracy near zeros, where mpmath's relative-accuracy hyp1f1 gives up)."""
    with mpmath.workdps(mpmath.mp.dps + int(float(x) / 2.3) + 10):
        term, total, k = mpmath.mpf(1), mpmath.mpf(1), 0
        eps = mpmath.mpf(10) ** (-mpmath.mp.dps)
        while True:
            term *= (a + k) * x / ((b + k) * (k + 1))
            k += 1
            total += term
            if term == 0 or (k > x and abs(term) < eps * abs(total)):
                break
    return +total


def _hyp_profile(z: Any, n: int) -> Any:
    r""":math:`\Lambda^n e^{-z^2/2} = \frac{\sqrt{2\pi}}{\pi}\int_0^\infty\omega^n e^{-\omega^2/2}\cos(\omega z)d\omega`
    :math:`= \frac{\sqrt{2\pi}}{\pi}2^{(n-1)/2}\Gamma(\frac{n+1}2)\,{}_1F_1(\frac{n+1}2;\frac12;-\frac{z^2}2)`."""
    a, b, x = mpmath.mpf(n + 1) / 2, mpmath.mpf(1) / 2, z * z / 2
    kummer = mpmath.exp(-x) * _series_1f1(b - a, b, x)  # 1F1(a; b; -x) = e^{-x} 1F1(b - a; b; x)
    return mpmath.sqrt(2 * mpmath.pi) / mpmath.pi * 2 ** (a - 1) * mpmath.gamma(a) * kummer


def _hyp_primitive(z: Any, n: int) -> Any:
    r"""Its primitive :math:`H\Lambda^{n-1}e^{-z^2/2} = \frac{\sqrt{2\pi}}{\pi}\int_0^\infty\omega^{n-1}e^{-\omega^2/2}
    \sin(\omega z)d\omega = \frac{\sqrt{2\pi}}{\pi}\,z\,2^{(n-1)/2}\Gamma(\frac{n+1}2)\,
    {}_1F_1(\frac{n+1}2;\frac32;-\frac{z^2}2)`."""
    a, b, x = mpmath.mpf(n + 1) / 2, mpmath.mpf(3) / 2, z * z / 2
    kummer = mpmath.exp(-x) * _series_1f1(b - a, b, x)
    return mpmath.sqrt(2 * mpmath.pi) / mpmath.pi * z * 2 ** (a - 1) * mpmath.gamma(a) * kummer


def gaussian_rtv2_1f1(d: int, c: Any) -> Any:
    """R-TV² of the Gaussian by the second route: the ramp-filtered profile and its primitive as ₁F₁ (Kummer) closed
    forms; ∫|profile| is the sum of the primitive's jumps between the profile's sign changes (bracketed on a grid
    finer than half their smallest gap).  ``c`` is the inversion constant (c_d for the full sphere).  Shared with the
    rates family's check of catalog F5."""
    n = d + 1
    bound = 2 * mpmath.sqrt(n + 1) + 4
    steps = 20 * (n + 1)  # spacing < 0.2: below half the smallest gap between the zeros for n <= 6
    grid = [-bound + 2 * bound * i / steps for i in range(steps + 1)]
    vals = [_hyp_profile(z, n) for z in grid]
    roots = [mpmath.findroot(lambda z: _hyp_profile(z, n), (a, b), solver="anderson")
             for a, b, fa, fb in zip(grid, grid[1:], vals, vals[1:], strict=False) if fa * fb < 0]
    q = [mpmath.mpf(0), *(_hyp_primitive(rt, n) for rt in roots), mpmath.mpf(0)]
    total = mpmath.fsum(abs(b - a) for a, b in itertools.pairwise(q))
    return c * R.sphere_area(d) * (2 * mpmath.pi) ** (mpmath.mpf(d - 1) / 2) * total


def check_gaussian_rtv2(*, dps: int = DEFAULT_DPS, examples: int = 5, seed: int = 0,
                        constant: Callable[[int], Any] | None = None) -> CheckResult:
    r"""R-TV² of :math:`e^{-|x|^2/2}` for d = 1…``examples`` (catalog D9, recomputed; PN21 eq. (6)).

    Routes: the implementation (roots of the Hermite/Dawson profile, jumps of its primitive) against (i) the sympy
    closed form via Hermite roots (odd d), (ii) the same construction with confluent hypergeometric closed forms of
    the profile and its primitive (every d), assembled here with ``constant(d)`` (default :math:`c_d`, the piece under
    test), and (iii) for odd d a certified python-flint integral of :math:`|He_{d+1}|e^{-t^2/2}` (``real_abs`` with
    the ``analytic`` flag) when python-flint is installed.
    """
    dps = validate_dps(dps, lost_digits=LOST_QUADRATURE)
    flint = flint_module()
    agree = Agreement("radon.gaussian_rtv2", dps=dps, lost_digits=LOST_QUADRATURE,
                      route="Hermite/Dawson roots vs sympy Hermite roots vs 1F1 closed forms"
                      + (" vs certified |He| integral" if flint else ""))
    derived = derivation("derive_gaussian_rtv2").results
    _ = seed
    with mpmath.workdps(dps):
        for d in range(1, examples + 1):
            value = R.gaussian_rtv2(d, dps=dps).value
            c = c_theory(d, dps) if constant is None else mpmath.mpmathify(sympy.N(constant(d), dps + 10))
            agree.compare(value, gaussian_rtv2_1f1(d, c), instance=f"1F1 route, d={d}")
            if f"rtv2_d{d}" in derived:
                agree.compare(value, sym_value(derived[f"rtv2_d{d}"], dps), instance=f"sympy Hermite roots, d={d}")
                if flint is not None:
                    poly = sympy.Poly(sympy.hermite_prob(d + 1, theory.t), theory.t)
                    coeffs = [int(x) for x in reversed(poly.all_coeffs())]
                    ball = R.certified_abs_gaussian_integral(coeffs, dps=dps)
                    scale = c * R.sphere_area(d) * (2 * mpmath.pi) ** (mpmath.mpf(d - 1) / 2)
                    certify(agree, ball, value / scale, dps, f"certified, d={d}")
    return agree.result()
