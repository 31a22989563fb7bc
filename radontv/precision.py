r"""Working precision and the tolerances derived from it.

A numeric check runs at a working precision of ``dps`` decimal digits (inside :func:`mpmath.workdps`; nothing in
radontv sets ``mpmath.mp.dps`` globally).  Its tolerance is not typed in: it is derived from ``dps`` and from the
number of digits the computation is allowed to lose (``lost_digits``: cancellation in sums, quadrature error, ...):

.. math::

    \mathrm{tol} = 10^{-(\mathrm{dps} - \mathrm{lost})}, \qquad
    \mathrm{refute} = 10^{-(\mathrm{dps} - \mathrm{lost})/2}.

A relative residual at most ``tol`` is *consistent*; one above ``refute`` cannot be explained by rounding and is
*refuted*; anything in between is *undetermined* (raise the precision and look again).

**One floor.**  A precision is accepted when it is an integer of at least :data:`MIN_DPS` digits — for the command
line (``radontv check --dps``) and for every check alike.  A check that may lose so many digits that fewer than
:data:`MIN_SIGNIFICANT_DIGITS` would remain at the requested precision does not fail: it raises its own working
precision with :func:`working_dps` to ``lost_digits + MIN_SIGNIFICANT_DIGITS``, reports the precision it used
(``CheckResult.dps``) and says so in its message (:func:`raised_precision_note`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import mpmath

from .errors import InvalidInput

__all__ = ["MIN_DPS", "MIN_SIGNIFICANT_DIGITS", "TWO_PRECISION_GUARD", "Tolerance", "at_two_precisions",
           "digits_of_agreement", "raised_precision_note", "validate_dps", "working_dps"]

#: The lowest working precision a numeric check accepts (double precision has about 15.9 digits).
MIN_DPS = 15
#: A check must keep at least this many significant digits after its declared loss.
MIN_SIGNIFICANT_DIGITS = 8
#: Extra digits carried by the first of the two evaluations of :func:`at_two_precisions`.
TWO_PRECISION_GUARD = 10


def validate_dps(dps: object, *, lost_digits: int = 0, name: str = "dps") -> int:
    """Return ``dps`` as an ``int`` after checking it is a usable working precision.

    Raises :class:`~radontv.InvalidInput` when ``dps`` is not an integer, is below :data:`MIN_DPS`, or leaves fewer
    than :data:`MIN_SIGNIFICANT_DIGITS` digits once ``lost_digits`` are spent.
    """
    if isinstance(dps, bool) or not isinstance(dps, int):
        raise InvalidInput(f"{name} must be an integer number of decimal digits, got {dps!r}; pass e.g. {name}=50")
    if dps < MIN_DPS:
        raise InvalidInput(
            f"{name}={dps} is too low: numeric checks need at least {MIN_DPS} digits; pass {name}=30 or more"
        )
    if dps - lost_digits < MIN_SIGNIFICANT_DIGITS:
        raise InvalidInput(
            f"{name}={dps} is too low for this check, which may lose {lost_digits} digits; "
            f"pass {name}={lost_digits + MIN_SIGNIFICANT_DIGITS + 10} or more"
        )
    return dps


def working_dps(dps: object, *, lost_digits: int, name: str = "dps") -> int:
    """The working precision of a check asked for ``dps`` digits that may lose ``lost_digits`` of them.

    ``dps`` is validated against the one floor :data:`MIN_DPS` (:class:`~radontv.InvalidInput` below it), then
    raised, when needed, to ``lost_digits + MIN_SIGNIFICANT_DIGITS`` so that the check keeps
    :data:`MIN_SIGNIFICANT_DIGITS` digits after its declared loss.  ``working_dps(15, lost_digits=10)`` is 18;
    ``working_dps(50, lost_digits=10)`` is 50.
    """
    dps = validate_dps(dps, name=name)
    if isinstance(lost_digits, bool) or not isinstance(lost_digits, int) or lost_digits < 0:
        raise InvalidInput(f"lost_digits must be a non-negative integer, got {lost_digits!r}")
    return max(dps, lost_digits + MIN_SIGNIFICANT_DIGITS)


def raised_precision_note(asked: int, used: int, *, lost_digits: int) -> str:
    """The sentence a check adds to its result when :func:`working_dps` raised its precision ("" when it did not)."""
    if used == asked:
        return ""
    return (f"precision raised from dps={asked} to dps={used}: this check may lose {lost_digits} digits and keeps at "
            f"least {MIN_SIGNIFICANT_DIGITS}")


@dataclass(frozen=True)
class Tolerance:
    """The tolerance law of a numeric check at ``dps`` digits that may lose ``lost_digits`` of them.

    ``rtol`` bounds the relative residual ``|actual - expected| / (|expected| + scale)`` of a consistent comparison;
    a residual above ``refute`` is a certain disagreement.
    """

    dps: int
    lost_digits: int = 0

    def __post_init__(self) -> None:
        validate_dps(self.dps, lost_digits=self.lost_digits)

    @property
    def significant_digits(self) -> int:
        """Digits the check promises: ``dps - lost_digits``."""
        return self.dps - self.lost_digits

    @property
    def rtol(self) -> mpmath.mpf:
        """``10**-(dps - lost_digits)``."""
        with mpmath.workdps(self.dps):
            return mpmath.mpf(10) ** (-self.significant_digits)

    @property
    def refute(self) -> mpmath.mpf:
        """``10**-((dps - lost_digits) / 2)``: residuals above this are not rounding error."""
        with mpmath.workdps(self.dps):
            return mpmath.mpf(10) ** (-mpmath.mpf(self.significant_digits) / 2)

    def describe(self) -> str:
        """A one-line statement of the law, used in failure messages."""
        return (
            f"dps={self.dps}, may lose {self.lost_digits} digits: "
            f"consistent if relative residual <= 1e-{self.significant_digits}, "
            f"refuted if > 1e-{self.significant_digits / 2:g}"
        )


def digits_of_agreement(residual: object, *, cap: float | None = None) -> float:
    """``-log10(residual)``, the number of decimal digits two values agree to (``cap`` when the residual is 0).

    ``residual`` is a relative residual (a Fraction, mpf or float).  An exact agreement (residual 0) returns ``cap``,
    or ``math.inf`` when no cap is given.
    """
    if isinstance(residual, Fraction):  # mpmath.mpf does not accept Fractions
        r = mpmath.mpf(residual.numerator) / residual.denominator
    else:
        r = mpmath.mpf(residual) if not isinstance(residual, float) else residual
    if r == 0:
        return math.inf if cap is None else float(cap)
    if r < 0:
        raise InvalidInput(f"residual must be non-negative, got {residual!r}")
    digits = -float(mpmath.log10(r))
    return digits if cap is None else min(digits, float(cap))


def at_two_precisions(compute: Callable[[], mpmath.mpf], dps: int, *,
                      guard: int = TWO_PRECISION_GUARD) -> tuple[mpmath.mpf, float]:
    r"""Evaluate ``compute()`` at ``dps + guard`` and at ``2 dps`` digits: the value and the digits the two agree to.

    ``compute`` takes no arguments and works at the current mpmath precision (it is called inside
    :func:`mpmath.workdps`).  With :math:`a` the first and :math:`b` the second value, the agreement is
    :math:`-\log_{10}(|a - b| / \max(|b|, 10^{-2\,\mathrm{dps}}))`, capped at ``dps`` (and ``dps`` when they are
    equal).  It estimates the correct digits of :math:`b` when the error of ``compute`` falls as the precision rises
    (the error at ``2 dps`` is then far below the one at ``dps + guard``, so :math:`|a - b|` measures the latter);
    a computation that does not converge as the precision rises (its two values differ by more than rounding) is
    reported with few digits, never with ``dps``; a non-finite value raises :class:`~radontv.InvalidInput`.
    Returns the second value rounded to ``dps`` digits and the digits.  Used by the Radon routes that have no error
    bound of their own (:func:`radontv.radon.ramp_filter`, :func:`radontv.radon.gaussian_rtv2`).
    """
    dps = validate_dps(dps)
    if isinstance(guard, bool) or not isinstance(guard, int) or guard < 0:
        raise InvalidInput(f"guard must be a non-negative integer number of digits, got {guard!r}")
    with mpmath.workdps(dps + guard):
        first = compute()
    with mpmath.workdps(2 * dps):
        second = compute()
        if not (mpmath.isfinite(first) and mpmath.isfinite(second)):
            raise InvalidInput(f"the quantity evaluated to {first} (at {dps + guard} digits) and {second} (at "
                               f"{2 * dps} digits): it is not finite there; check the function and the point given")
        residual = abs(first - second) / max(abs(second), mpmath.mpf(10) ** (-mpmath.mp.dps))
        digits = digits_of_agreement(residual, cap=dps)
    with mpmath.workdps(dps):
        return +second, digits
