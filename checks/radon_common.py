r"""What the Radon checks share: the working-precision losses, the random instances (exact rational centres, widths
and directions from one :class:`random.Random`, ``checks._instances``), the derivations of :mod:`radontv.theory.radon`
evaluated at the working precision, and certified python-flint balls as evidence.
"""

from __future__ import annotations

import functools
import random
from fractions import Fraction
from typing import Any

import mpmath
import sympy
from radontv.theory import radon as theory

from radontv import radon as R
from radontv.evidence import Agreement

from ._instances import grid_rational

__all__ = [
    "DEFAULT_DPS",
    "LOST_NESTED",
    "LOST_QUADRATURE",
    "c_theory",
    "certify",
    "derivation",
    "derived_c",
    "flint_module",
    "random_ball",
    "random_direction",
    "random_gaussian",
    "sym_value",
]

#: The working precision of the Radon checks when the caller gives none: 30 digits, not the 50 of the other families.
#: Their routes are (nested) tanh–sinh quadratures whose cost grows steeply with the digits: the twelve checks take
#: about 28 s at 30 digits and 133 s at 50 (measured 2026-12-03 on 2 shared cores, load 3–7), with the same verdicts;
#: the relative tolerance 10^-(30-5) already separates a right constant from every wrong one the tests inject.
DEFAULT_DPS = 30
#: Digits a check may lose: tanh–sinh quadrature and numerical differentiation stop a few digits short of the working
#: precision, and the precision-doubled repetition only certifies ``dps`` digits.
LOST_QUADRATURE = 5
#: Nested quadratures (an integral of integrals) lose a few more.
LOST_NESTED = 8


# -- instances ---------------------------------------------------------------------------------------------------------
def random_direction(rng: random.Random, d: int) -> tuple[mpmath.mpf, ...]:
    """A unit vector at the current precision from random small integers (d = 1: ±1)."""
    if d == 1:
        return (mpmath.mpf(rng.choice((-1, 1))),)
    while True:
        v = [rng.randint(-9, 9) for _ in range(d)]
        if any(v):
            return R.unit(v)


def random_gaussian(rng: random.Random, d: int, *, anisotropic: bool = False) -> R.Gaussian:
    """A Gaussian with a rational centre in [-1, 1]^d and width in [1/2, 3/2], or an SPD covariance ``A Aᵀ + I/4``."""
    centre = [grid_rational(rng, -8, 8, 8) for _ in range(d)]
    amplitude = grid_rational(rng, 4, 16, 8)
    if not anisotropic:
        return R.Gaussian(centre, grid_rational(rng, 4, 12, 8), amplitude)
    A = [[grid_rational(rng, -6, 6, 8) for _ in range(d)] for _ in range(d)]
    cov = [[sum(A[i][k] * A[j][k] for k in range(d)) + (Fraction(1, 4) if i == j else 0) for j in range(d)]
           for i in range(d)]
    return R.Gaussian(centre, covariance=cov, amplitude=amplitude)


def random_ball(rng: random.Random, d: int, k: Any) -> R.BallPower:
    """A ball power :math:`a(1 - |x-c|^2/r^2)_+^k` with centre in [-1/2, 1/2]^d, radius in [3/4, 7/4], a in [1/2, 2]."""
    return R.BallPower([grid_rational(rng, -4, 4, 8) for _ in range(d)], grid_rational(rng, 6, 14, 8), k,
                       grid_rational(rng, 4, 16, 8))


def sym_value(expr: Any, dps: int) -> Any:
    """A sympy number at the current mpmath precision (plus guard digits)."""
    return mpmath.mpmathify(sympy.N(expr, dps + 10))


@functools.cache
def derivation(name: str) -> Any:
    """A derivation of :mod:`radontv.theory.radon`, run once per process (sympy is slow to start)."""
    return getattr(theory, name)()


def derived_c() -> Any:
    """The derivation's c_d as a sympy expression in d."""
    return derivation("derive_fbp_inversion").results["c_d"]


def c_theory(d: int, dps: int) -> mpmath.mpf:
    """The derivation's :math:`c_d` at ``d``, as mpf at the current precision."""
    return sym_value(derived_c().subs(theory.d, d), dps)


def flint_module() -> Any:
    """python-flint, or ``None`` when the optional extra ``certified`` is not installed."""
    try:
        import flint
    except ImportError:  # the optional extra `certified` is not installed
        return None
    return flint


def certify(agree: Agreement, ball: Any, value: Any, dps: int, instance: str) -> None:
    """Record a certified ball: far from ``value`` refutes; within the tolerance of it proves the instance."""
    import flint

    with flint.ctx.workdps(dps + 10):
        with mpmath.workdps(dps + 10):
            rad = mpmath.mpf(ball.rad().str(5, radius=False)) if ball.rad() != 0 else mpmath.mpf(0)
            gap = abs(mpmath.mpf(ball.mid().str(dps + 10, radius=False)) - mpmath.mpf(value))
            tol = mpmath.mpf(10) ** (-(dps - LOST_QUADRATURE)) * abs(value)
            refute = mpmath.mpf(10) ** (-mpmath.mpf(dps - LOST_QUADRATURE) / 2) * abs(value)
        if gap + rad <= tol:  # certified: |value - true| <= tol
            agree.holds(True, instance=instance)
        elif gap - rad > refute:  # certified: |value - true| > refute
            agree.holds(False, instance=instance + f": value {mpmath.nstr(value, 20)} vs certified ball {ball.str(20)}")
        else:
            agree.compare(value, mpmath.mpf(ball.mid().str(dps + 5, radius=False)), instance=instance)
