r"""Comparisons for users' own claims: ``radontv.equal``, ``radontv.at_most``, ``radontv.at_least``.

Each comparison is decided by :class:`radontv.evidence.Agreement`, the package's one tolerance law, and returns a
:class:`Comparison` (verdict, residual, digits), never a bare bool.  With ``s`` the ``scale`` argument (default 0):

* ``equal(a, b)``: relative residual :math:`|a - b| / (|b| + s)`;
* ``at_least(a, b)`` (:math:`a \ge b`): relative violation :math:`\max(0, b - a) / (|b| + s)`;
* ``at_most(a, b)`` (:math:`a \le b`): ``at_least(b, a)``, i.e. :math:`\max(0, a - b) / (|a| + s)`.

The arithmetic of a comparison is that of its **least precise** operand (exact, then mp, then float):

* **exact** (``int``, :class:`~fractions.Fraction`, sympy rationals): the residual is exact; ``proved`` when it is
  0, ``refuted`` otherwise;
* **mp** (:class:`mpmath.mpf`, and sympy numbers that are not rational, such as the exact path norm
  ``sqrt(10) + 3*sqrt(5)``, evaluated to the working precision): at the working precision ``dps = mpmath.mp.dps``
  (``radontv check`` runs a claim inside ``mpmath.workdps(--dps)``), which may lose :data:`MP_LOST_DIGITS` digits:
  ``consistent`` when the residual is at most :math:`10^{-(\mathrm{dps}-5)}`, ``refuted`` above its square root;
* **float** (``float``, numpy floats): a double carries the precision of mpmath's 53 bits, ``dps = 15``
  (:data:`FLOAT_DPS`; unit roundoff :math:`2^{-53} \approx 1.1\cdot 10^{-16}`), and may lose
  :data:`FLOAT_LOST_DIGITS` digits: ``consistent`` up to :math:`10^{-12}` (about :math:`2^{-40}`, the float tolerance
  of :func:`radontv.testing.assert_same_function`), ``refuted`` above :math:`10^{-6}`.

Pass ``lost_digits=`` when the computation compared cancels more (a long sum, a quadrature).  The law is relative,
so rescaling both sides by :math:`10^{-8}` or :math:`10^{8}` leaves every verdict unchanged; pass ``scale=`` (the
size of the terms summed) where the expected value may vanish.  Both sides may be scalars or arrays of one shape
(compared entry by entry; the worst entry decides).

``bool(comparison)`` is ``comparison.verdict.passed``: true for ``proved`` and ``consistent``, false for
``refuted``, ``undetermined`` and ``error`` — so ``assert radontv.equal(a, b)`` fails unless the equality is shown
to hold, and pytest prints the comparison's repr (verdict, residual, tolerance).

>>> from fractions import Fraction
>>> equal(Fraction(1, 3) + Fraction(1, 6), Fraction(1, 2)).verdict
<Verdict.PROVED: 'proved'>
>>> at_most(0.1 + 0.2, 0.3).verdict      # 0.30000000000000004 <= 0.3 within float rounding
<Verdict.CONSISTENT: 'consistent'>
>>> bool(at_least(1, 2))
False
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal, cast

import mpmath
import numpy as np

from .errors import InvalidInput
from .evidence import Agreement, CheckResult, Verdict, json_digits, json_number
from .typing import NumbersLike, ScalarLike

__all__ = ["FLOAT_DPS", "FLOAT_LOST_DIGITS", "MP_LOST_DIGITS", "Comparison", "at_least", "at_most", "equal", "holds"]

#: The working precision a float64 comparison is judged at: mpmath's 53 bits are 15 decimal digits.
FLOAT_DPS = 15
#: Digits a float computation may lose by default (10^-12 ~ 2^-40: sums of a few dozen rounded terms).
FLOAT_LOST_DIGITS = 3
#: Digits an mp computation may lose by default (as radontv.testing.assert_same_function).
MP_LOST_DIGITS = 5

Relation = Literal["equal", "at_most", "at_least", "holds"]
Kind = Literal["exact", "mp", "float"]
_RANK = {"exact": 0, "mp": 1, "float": 2}  # least precise operand decides
_SYMBOL = {"equal": "==", "at_most": "<=", "at_least": ">=", "holds": "is"}


@dataclass(frozen=True, repr=False)
class Comparison:
    """The evidence of one comparison: relation, verdict, worst relative residual, digits, arithmetic, tolerance.

    ``residual`` is a Fraction (exact) or an mpf; ``digits`` the decimal digits of agreement (``inf`` for an exact
    zero residual); ``dps`` the working precision (``None`` when exact); ``entries`` how many pairs were compared
    and ``worst_entry`` where the residual was worst (``None`` for scalars).
    """

    relation: Relation
    lhs: Any
    rhs: Any
    verdict: Verdict
    residual: Any
    digits: float
    arithmetic: Kind
    dps: int | None
    lost_digits: int
    tolerance: str
    entries: int = 1
    worst_entry: str | None = None

    def __bool__(self) -> bool:
        """True when the comparison was shown to hold (``proved`` or ``consistent``)."""
        return self.verdict.passed

    def __repr__(self) -> str:
        where = f" at {self.worst_entry}" if self.worst_entry else ""
        precision = "exact" if self.dps is None else f"{self.arithmetic} at {self.dps} digits"
        return (f"<{self.relation}: {_short(self.lhs)} {_SYMBOL[self.relation]} {_short(self.rhs)} "
                f"{self.verdict.value}, residual {_short(self.residual)}{where} ({precision}; {self.tolerance})>")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (as in ``radontv check --json``)."""
        return {
            "relation": self.relation,
            "lhs": _text(self.lhs),
            "rhs": _text(self.rhs),
            "verdict": self.verdict.value,
            "residual": json_number(self.residual),
            "digits": json_digits(self.digits),
            "arithmetic": self.arithmetic,
            "dps": self.dps,
            "tolerance": self.tolerance,
            "entries": self.entries,
            "worst_entry": self.worst_entry,
        }


def equal(lhs: ScalarLike | NumbersLike, rhs: ScalarLike | NumbersLike, *, scale: ScalarLike | NumbersLike = 0,
          lost_digits: int | None = None) -> Comparison:
    """``lhs == rhs`` under the tolerance law of the least precise operand (see the module docstring)."""
    return _decide("equal", lhs, rhs, scale, lost_digits)


def at_most(lhs: ScalarLike | NumbersLike, rhs: ScalarLike | NumbersLike, *, scale: ScalarLike | NumbersLike = 0,
            lost_digits: int | None = None) -> Comparison:
    """``lhs <= rhs``: the relative violation ``max(0, lhs - rhs) / (|lhs| + scale)`` must vanish (exact) or stay
    within the tolerance."""
    return _decide("at_most", lhs, rhs, scale, lost_digits)


def at_least(lhs: ScalarLike | NumbersLike, rhs: ScalarLike | NumbersLike, *, scale: ScalarLike | NumbersLike = 0,
             lost_digits: int | None = None) -> Comparison:
    """``lhs >= rhs``: the relative violation ``max(0, rhs - lhs) / (|rhs| + scale)`` must vanish (exact) or stay
    within the tolerance."""
    return _decide("at_least", lhs, rhs, scale, lost_digits)


def holds(condition: bool) -> Comparison:
    """An exactly decided predicate (``proved`` when true, ``refuted`` when false): what a claim returning a bool
    gives.  Decide it exactly (integers, Fractions); a float inequality belongs in :func:`at_most`."""
    if not isinstance(condition, bool | np.bool_):
        raise InvalidInput(f"holds() needs a bool, got {condition!r}; compare numbers with equal/at_most/at_least")
    agree = Agreement("holds", dps=None, route="exact")
    agree.holds(bool(condition))
    result = agree.result()
    digits = cast(float, result.digits)  # one instance was recorded, so digits is a number
    return Comparison("holds", bool(condition), True, result.verdict, result.residual, digits, "exact", None,
                      0, result.tolerance)


def _decide(relation: Relation, lhs: Any, rhs: Any, scale: Any, lost_digits: int | None) -> Comparison:
    try:
        a, b, s = np.broadcast_arrays(*(np.asarray(x, dtype=object) for x in (lhs, rhs, scale)))
    except ValueError:
        raise InvalidInput(f"{relation}: lhs of shape {np.shape(lhs)} and rhs of shape {np.shape(rhs)} do not match; "
                           "compare values of one shape") from None
    if a.size == 0:
        raise InvalidInput(f"{relation}: nothing to compare (empty arrays); pass at least one value")
    dps = mpmath.mp.dps
    cells = [(_scalar(x, "lhs", dps), _scalar(y, "rhs", dps), _scalar(z, "scale", dps))
             for x, y, z in zip(a.flat, b.flat, s.flat, strict=True)]
    kind = max((k for cell in cells for k, _ in cell), key=_RANK.__getitem__)
    if lost_digits is not None and (isinstance(lost_digits, bool) or not isinstance(lost_digits, int)
                                    or lost_digits < 0):
        raise InvalidInput(f"lost_digits must be a non-negative integer, got {lost_digits!r}")
    if kind == "exact":
        agree, lost = Agreement(relation, dps=None, route="exact"), 0
    else:
        lost = lost_digits if lost_digits is not None else (MP_LOST_DIGITS if kind == "mp" else FLOAT_LOST_DIGITS)
        agree = Agreement(relation, dps=dps if kind == "mp" else FLOAT_DPS, lost_digits=lost, route=kind)
    for index, cell in zip(np.ndindex(a.shape), cells, strict=True):
        (_, x), (_, y), (_, z) = cell
        where = f"entry {index}" if a.ndim else ""
        if relation == "equal":
            agree.compare(x, y, scale=z, instance=where)
        elif relation == "at_least":
            agree.at_least(x, y, scale=z, instance=where)
        else:
            agree.at_least(y, x, scale=z, instance=where)
    result: CheckResult = agree.result()
    return Comparison(relation, lhs, rhs, result.verdict, result.residual,
                      result.digits if result.digits is not None else math.inf, kind, agree.dps, lost,
                      result.tolerance, entries=len(cells), worst_entry=result.worst_instance if a.ndim else None)


def _scalar(x: Any, name: str, dps: int) -> tuple[Kind, Any]:
    """``(arithmetic, value)`` of one operand: exact values as Fraction, mp as mpf, floats as float."""
    if isinstance(x, bool | np.bool_):
        raise InvalidInput(f"{name} is the boolean {x!r}; compare numbers (for a predicate, return the bool itself)")
    if isinstance(x, mpmath.mpf):
        if not mpmath.isfinite(x):
            raise InvalidInput(f"{name} is {x}; a comparison needs finite numbers")
        return "mp", x
    if isinstance(x, float | np.floating):
        if not math.isfinite(x):
            raise InvalidInput(f"{name} is {x}; a comparison needs finite numbers (a NaN or inf came out of the "
                               "computation)")
        return "float", float(x)
    if isinstance(x, int | np.integer):
        return "exact", Fraction(int(x))
    if isinstance(x, numbers.Rational):  # Fraction, sympy Rational/Integer, gmpy2 mpq
        return "exact", Fraction(int(x.numerator), int(x.denominator))
    if type(x).__module__.startswith("sympy") and getattr(x, "is_number", False):
        return "mp", _sympy_number(x, name, dps)
    raise InvalidInput(f"{name} is {x!r} of type {type(x).__name__}; compare int, Fraction, mpf, float or sympy "
                       "numbers")


def _sympy_number(x: Any, name: str, dps: int) -> mpmath.mpf:
    """A real sympy number (e.g. ``sqrt(10) + 3*sqrt(5)``) evaluated to the working precision (10 guard digits)."""
    value = x.evalf(dps + 10)
    re, im = value.as_real_imag()
    if im != 0 or not re.is_Number:
        raise InvalidInput(f"{name} = {x} is not a real number; compare real values")
    with mpmath.workdps(dps + 10):
        out = mpmath.mpf(re)
    if not mpmath.isfinite(out):
        raise InvalidInput(f"{name} = {x} is not finite; a comparison needs finite numbers")
    return out


def _short(x: Any) -> str:
    if isinstance(x, Fraction):
        return str(x) if len(str(x)) <= 24 else mpmath.nstr(mpmath.mpf(x.numerator) / x.denominator, 6)
    if isinstance(x, mpmath.mpf | float):
        return mpmath.nstr(x, 6)
    return _text(x, 60)


def _text(x: Any, limit: int = 200) -> str:
    """A readable text of an operand (exact values stay exact: ``3/4``), cut to ``limit`` characters."""
    text = str(x) if not isinstance(x, np.ndarray) else np.array2string(x, separator=", ", threshold=20)
    return text if len(text) <= limit else text[: limit - 3] + "..."
