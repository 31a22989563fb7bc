r"""R-TV² of a function from its Radon transform, by quadrature: the seminorm for the Gaussian (PN21 eq. (6); D9).

:math:`\mathrm{R\text{-}TV}^2(f) = c_d\|\partial_t^2\Lambda^{d-1}Rf\|_{\mathcal M}` evaluated numerically for the
standard Gaussian: roots of the filtered profile, then the jumps of its primitive (or tanh–sinh quadrature of its
absolute value between the roots).  Not to be confused with :func:`radontv.rtv2` (``radontv/canonical_form.py``), the
exact R-TV² of a ReLU network from its canonical form.  The old module path ``radontv.radon.rtv2`` re-exports
this module.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable
from typing import Any

import mpmath

from ..errors import InvalidInput
from ..precision import at_two_precisions, validate_dps
from .conventions import QUADRATURE_LOST_DIGITS, Estimate, _dimension, sphere_area
from .profiles import gaussian_ramp_antiderivative, gaussian_ramp_profile


# -- R-TV² of the Gaussian (D9) ------------------------------------------------------------------------------------
def gaussian_rtv2(d: int, *, dps: int = 30, order: int = 2, route: str = "roots") -> Estimate:
    r""":math:`\mathrm{RTV}^2(e^{-|x|^2/2}) = c_d\,\|\partial_t^2\Lambda^{d-1}Rf\|_{M(S^{d-1}\times\mathbb{R})}`.

    With :math:`Rf = (2\pi)^{(d-1)/2}e^{-t^2/2}` for every :math:`u`, the norm is
    :math:`c_d|S^{d-1}|(2\pi)^{(d-1)/2}\int|\partial_t^2\Lambda^{d-1}e^{-t^2/2}|\,dt`.  The profile
    :math:`\partial_t^{m}\Lambda^{d-1}e^{-t^2/2}` (``order`` :math:`m`, 2 for R-TV²) is the closed form
    :math:`(-1)^{m}\,\cdot`:func:`gaussian_ramp_profile` differentiated: for odd d :math:`\pm He_{d+1}(t)e^{-t^2/2}`;
    for even d a Dawson-function expression.  Its sign changes :math:`r_i` are located (a scan and ``findroot``;
    for odd d the roots of :math:`He_{d+1}`).  ``route="roots"``: the profile is the derivative of
    :func:`gaussian_ramp_antiderivative` :math:`Q`, so :math:`\int|Q'| = \sum_i |Q(r_{i+1}) - Q(r_i)|` with
    :math:`Q(\pm\infty) = 0` (for odd d: :math:`2\sum_r |He_d(r)|e^{-r^2/2}`); ``route="quadrature"``: tanh–sinh
    of :math:`|\cdot|` split at the roots (PN21 eq. (6); catalog D9).
    """
    if route not in ("roots", "quadrature"):
        raise InvalidInput(f"route must be 'roots' or 'quadrature', got {route!r}")
    d = _dimension(d)
    dps = validate_dps(dps, lost_digits=QUADRATURE_LOST_DIGITS)
    if isinstance(order, bool) or not isinstance(order, int) or order < 0 or order % 2:
        raise InvalidInput(f"order must be an even non-negative integer (m = 2 for R-TV²), got {order!r}")
    n = d - 1 + order  # |∂_t^m Λ^{d-1} g| = |Λ^{d-1+m} g| for even m: the symbols differ by the sign (-1)^{m/2}

    def once() -> Any:
        prof = functools.partial(gaussian_ramp_profile, order=n)
        roots = _sign_changes(prof, n)
        if route == "roots":  # the profile is Q' with Q -> 0 at ±inf: the |.|-integral is a sum of jumps of Q
            q = [mpmath.mpf(0), *(gaussian_ramp_antiderivative(r, n) for r in roots), mpmath.mpf(0)]
            integral = mpmath.fsum(abs(b - a) for a, b in itertools.pairwise(q))
        else:
            integral = mpmath.quad(lambda s: abs(prof(s)), [-mpmath.inf, *roots, mpmath.inf])
        c = mpmath.mpf(1) / (2 * (2 * mpmath.pi) ** (d - 1))
        return c * sphere_area(d) * (2 * mpmath.pi) ** (mpmath.mpf(d - 1) / 2) * integral

    value, digits = at_two_precisions(once, dps)
    text = ("sum of jumps of the primitive at the profile's roots" if route == "roots"
            else "quadrature of |profile| split at its roots")
    return Estimate(value, digits, text)


def _sign_changes(prof: Callable[[Any], Any], n: int) -> list[Any]:
    """Zeros of the profile :math:`\\Lambda^n e^{-t^2/2}` (an even or odd function), refined by ``findroot``."""
    # |∂^m Λ^k e^{-t²/2}| = |Λ^n e^{-t²/2}| for m even (symbol ω^m |ω|^k = ±|ω|^n): zeros lie in |t| < 2 sqrt(n) + 4
    bound = 2 * math.sqrt(n + 1) + 4
    steps = 40 * (n + 1)  # spacing < 0.1, below half the smallest gap between zeros for the orders used
    grid = [mpmath.mpf(-bound) + mpmath.mpf(2 * bound) * i / steps for i in range(steps + 1)]
    vals = [prof(s) for s in grid]
    roots = []
    for a, b, fa, fb in zip(grid, grid[1:], vals, vals[1:], strict=False):
        if fa == 0:
            roots.append(a)
        elif fa * fb < 0:
            roots.append(mpmath.findroot(prof, (a, b), solver="anderson"))
    return sorted(roots)


