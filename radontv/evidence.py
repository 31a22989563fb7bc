r"""Verdicts and the records that evidence returns: numeric :class:`CheckResult` and symbolic :class:`Derivation`.

The verdict vocabulary follows python-flint's certainty labels:

* ``proved``: exact arithmetic (or certified ball arithmetic, or a symbolic derivation) establishes the claim on
  the instances examined;
* ``consistent``: floating evaluation at the stated precision agrees within the tolerance derived from it;
* ``refuted``: a certain counterexample (exact, or a residual far above any rounding error);
* ``undetermined``: the residual lies between the tolerance and the refutation threshold;
* ``error``: the evidence could not be computed (an exception, a missing optional dependency, ...).

:class:`Agreement` is the one place where a numeric check turns comparisons into a verdict; every check uses it, so
the tolerance law (:class:`~radontv.precision.Tolerance`) is stated once.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import mpmath

from .errors import InvalidInput
from .precision import Tolerance, digits_of_agreement

__all__ = [
    "Agreement",
    "CheckResult",
    "Counterexample",
    "Derivation",
    "DerivationStep",
    "Verdict",
    "combine_verdicts",
    "json_digits",
    "json_number",
]


class Verdict(enum.StrEnum):
    """How strongly a piece of evidence supports its claim."""

    PROVED = "proved"
    CONSISTENT = "consistent"
    UNDETERMINED = "undetermined"
    REFUTED = "refuted"
    ERROR = "error"

    def __str__(self) -> str:
        return self.value

    @property
    def passed(self) -> bool:
        """True for ``proved`` and ``consistent``."""
        return self in (Verdict.PROVED, Verdict.CONSISTENT)


_SEVERITY = [Verdict.PROVED, Verdict.CONSISTENT, Verdict.UNDETERMINED, Verdict.REFUTED, Verdict.ERROR]


def combine_verdicts(verdicts: Iterable[Verdict]) -> Verdict:
    """The verdict of a claim from the verdicts of its pieces of evidence.

    Any ``error``, ``refuted`` or ``undetermined`` piece decides (in that order).  Otherwise the claim is ``proved``
    when at least one piece proves it (the rest being consistent), and ``consistent`` when all are merely consistent.
    An empty list is ``undetermined``.
    """
    vs = list(verdicts)
    if not vs:
        return Verdict.UNDETERMINED
    for bad in (Verdict.ERROR, Verdict.REFUTED, Verdict.UNDETERMINED):
        if bad in vs:
            return bad
    return Verdict.PROVED if Verdict.PROVED in vs else Verdict.CONSISTENT


@dataclass(frozen=True)
class CheckResult:
    """What a numeric check returns: never a bare bool.

    ``residual`` is the worst relative residual over all instances (a Fraction when exact, else an mpf or float);
    ``digits`` the decimal digits of agreement at that worst instance; ``dps`` the working precision (``None`` for a
    purely exact check); ``instances`` how many instances were examined; ``worst_instance`` a readable description of
    where the residual was worst; ``route`` which computation produced the evidence (e.g. "exact rationals",
    "mpmath quadrature split at kinks", "certified (arb balls)").
    """

    claim_id: str
    verdict: Verdict
    residual: Fraction | mpmath.mpf | float | None = None
    digits: float | None = None
    dps: int | None = None
    instances: int = 0
    worst_instance: str | None = None
    route: str = ""
    message: str = ""
    tolerance: str = ""

    def __bool__(self) -> bool:  # a result is not a bool; refuse the silent truth test
        raise TypeError("CheckResult is not a bool; test result.verdict.passed or compare result.verdict")

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (residual as a float, or as a decimal string when it underflows a float)."""
        return {
            "claim_id": self.claim_id,
            "verdict": self.verdict.value,
            "residual": json_number(self.residual),
            "digits": json_digits(self.digits),
            "dps": self.dps,
            "instances": self.instances,
            "worst_instance": self.worst_instance,
            "route": self.route,
            "message": self.message,
            "tolerance": self.tolerance,
        }


def json_digits(digits: float | None) -> float | None:
    """Digits of agreement for JSON: rounded to 0.01, ``None`` for exact agreement (infinite digits) or no value."""
    return None if digits is None or math.isinf(digits) else round(digits, 2)


def json_number(x: Fraction | mpmath.mpf | float | None) -> float | str | None:
    """A residual for JSON: a float, or a decimal string when it under- or overflows double precision."""
    if x is None:
        return None
    value = mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x)
    f = float(value)
    if (f == 0.0 and value != 0) or math.isinf(f):
        return mpmath.nstr(value, 6)
    return f


@dataclass(frozen=True)
class Counterexample:
    """A numeric instance at which the two sides of a claimed identity differ: the evidence for ``refuted``.

    ``at`` maps each free symbol's name to the exact value substituted; ``lhs`` and ``rhs`` are the two sides
    evaluated there at ``digits`` significant digits (sympy numbers); ``entry`` is the flat index of the entry when
    the identity is between matrices.
    """

    at: dict[str, Any]
    lhs: Any
    rhs: Any
    digits: int
    entry: int | None = None

    def __str__(self) -> str:
        import sympy

        where = ", ".join(f"{name} = {value}" for name, value in self.at.items()) or "no free symbols"
        entry = f"entry {self.entry}, " if self.entry is not None else ""
        gap = sympy.N(self.lhs - self.rhs, 6)
        return f"{entry}at {where}: lhs = {sympy.N(self.lhs, 15)}, rhs = {sympy.N(self.rhs, 15)}, lhs - rhs = {gap}"


@dataclass(frozen=True)
class DerivationStep:
    """One step of a derivation: what was done, the sympy expression it produced, and for a refuted identity the
    numeric instance that refutes it."""

    description: str
    expression: Any
    counterexample: Counterexample | None = None


@dataclass(frozen=True)
class Derivation:
    """What a symbolic derivation in ``radontv.theory`` returns.

    ``steps`` are the steps in order; ``results`` maps names to the derived sympy objects (e.g. the optimal scale
    ``alpha_star``); ``verdict`` is ``proved`` when every step was closed by sympy, ``refuted`` when a step is false
    (a numeric counterexample, recorded in the step, or a fact sympy decided false), ``undetermined`` when sympy
    could not close a step and no counterexample was found: failing to simplify is not a disproof.
    """

    claim_id: str
    steps: tuple[DerivationStep, ...]
    results: dict[str, Any] = field(default_factory=dict)
    verdict: Verdict = Verdict.PROVED
    message: str = ""

    def __bool__(self) -> bool:
        raise TypeError("Derivation is not a bool; test derivation.verdict")

    def latex(self) -> str:
        """The derivation as a LaTeX ``enumerate`` list: each step's text, then its expression displayed."""
        import sympy

        lines = [f"% derivation of {self.claim_id}: {self.verdict.value}", "\\begin{enumerate}"]
        for step in self.steps:
            expr = step.expression
            body = expr if isinstance(expr, str) else sympy.latex(expr)
            lines.append(f"  \\item {_latex_text(step.description)}\n    \\[ {body} \\]")
            if step.counterexample is not None:
                lines.append(f"    % counterexample: {step.counterexample}")
        lines.append("\\end{enumerate}")
        if self.message:
            lines.append(f"% {self.message}")
        return "\n".join(lines)

    def pretty(self) -> str:
        """The derivation as readable text (sympy's pretty printer, unicode)."""
        import sympy

        lines = [f"Derivation of {self.claim_id}  [{self.verdict.value}]"]
        for i, step in enumerate(self.steps, 1):
            expr = step.expression
            body = expr if isinstance(expr, str) else sympy.pretty(expr, use_unicode=True)
            lines.append(f"({i}) {step.description}")
            lines.extend("      " + ln for ln in str(body).splitlines())
            if step.counterexample is not None:
                lines.append(f"      counterexample: {step.counterexample}")
        if self.message:
            lines.append(self.message)
        return "\n".join(lines)


def _latex_text(text: str) -> str:
    """Escape LaTeX specials in running text, leaving ``$...$`` inline math untouched."""
    parts = text.split("$")
    for i in range(0, len(parts), 2):  # even parts are outside math
        parts[i] = parts[i].replace("\\", "\\textbackslash{}").replace("_", "\\_").replace("%", "\\%")
        parts[i] = parts[i].replace("&", "\\&").replace("#", "\\#")
    return "$".join(parts)


class Agreement:
    r"""Collects the comparisons of a numeric check and turns them into a :class:`CheckResult`.

    Tolerance law (stated once, here): for ``compare(actual, expected, scale=s)`` the relative residual is

    .. math:: r = \frac{|\mathrm{actual} - \mathrm{expected}|}{|\mathrm{expected}| + s},

    with ``s`` the magnitude of the terms that were summed (default 0, i.e. purely relative; pass ``s > 0`` where the
    expected value may vanish).  Exact operands (Fractions, ints) give an exact residual.  The check is ``proved``
    when every comparison was exact and every residual is 0, ``refuted`` when any exact residual is nonzero or any
    float residual exceeds :attr:`Tolerance.refute`, ``consistent`` when all residuals are within
    :attr:`Tolerance.rtol`, and ``undetermined`` otherwise.

    ``holds(condition, instance)`` records an exact predicate (an inequality decided in exact arithmetic, a count);
    ``at_least(lhs, rhs, ...)`` records an inequality ``lhs >= rhs`` with the same residual law applied to the
    violation ``max(0, rhs - lhs)``.
    """

    def __init__(self, claim_id: str, *, dps: int | None, lost_digits: int = 0, route: str = "") -> None:
        self.claim_id = claim_id
        self.tolerance = Tolerance(dps, lost_digits) if dps is not None else None
        self.dps = dps
        self.route = route
        self.instances = 0
        self._worst: Any = Fraction(0)
        self._worst_instance: str | None = None
        self._inexact = False
        self._failed_exact: str | None = None
        self._notes: list[str] = []

    # -- recording -------------------------------------------------------------------------------------------
    def compare(self, actual: Any, expected: Any, *, instance: str = "", scale: Any = 0) -> Any:
        """Record ``actual == expected``; returns the relative residual."""
        exact = _is_exact(actual) and _is_exact(expected) and _is_exact(scale)
        if exact:
            diff = abs(Fraction(actual) - Fraction(expected))
            denom = abs(Fraction(expected)) + abs(Fraction(scale))
            residual = diff / denom if denom != 0 else (Fraction(0) if diff == 0 else Fraction(10) ** 99)
            if residual != 0 and self._failed_exact is None:
                self._failed_exact = instance or f"instance {self.instances + 1}"
        else:
            self._require_precision()
            with mpmath.workdps(self.dps):
                a, e, s = _mp(actual), _mp(expected), _mp(scale)
                diff = abs(a - e)
                denom = abs(e) + abs(s)
                residual = diff / denom if denom != 0 else (mpmath.mpf(0) if diff == 0 else mpmath.inf)
            self._inexact = True
        self._record(residual, instance)
        return residual

    def at_least(self, lhs: Any, rhs: Any, *, instance: str = "", scale: Any = 0) -> Any:
        """Record the inequality ``lhs >= rhs``; the residual is the relative violation (0 when it holds)."""
        if _is_exact(lhs) and _is_exact(rhs) and _is_exact(scale):
            violation = max(Fraction(0), Fraction(rhs) - Fraction(lhs))
            if violation == 0:
                return self._ok(instance)
            denom = abs(Fraction(rhs)) + abs(Fraction(scale))
            residual = violation / denom if denom != 0 else Fraction(1)
            if self._failed_exact is None:
                self._failed_exact = instance or f"instance {self.instances + 1}"
            self._record(residual, instance)
            return residual
        self._require_precision()
        with mpmath.workdps(self.dps):
            violation = max(mpmath.mpf(0), _mp(rhs) - _mp(lhs))
            denom = abs(_mp(rhs)) + abs(_mp(scale))
            residual = violation / denom if denom != 0 else (mpmath.mpf(0) if violation == 0 else mpmath.inf)
        self._inexact = True
        self._record(residual, instance)
        return residual

    def holds(self, condition: bool, *, instance: str = "") -> None:
        """Record an exactly decided predicate (True supports the claim, False refutes it)."""
        if not isinstance(condition, bool):
            raise InvalidInput(f"holds() needs a bool decided exactly, got {condition!r}")
        if condition:
            self._ok(instance)
        else:
            if self._failed_exact is None:
                self._failed_exact = instance or f"instance {self.instances + 1}"
            self._record(Fraction(1), instance)

    def note(self, text: str) -> None:
        """Attach a remark to the result message (e.g. the route taken for one family of instances)."""
        self._notes.append(text)

    # -- result ----------------------------------------------------------------------------------------------
    def result(self, message: str = "") -> CheckResult:
        """The verdict, worst residual, digits and worst instance of everything recorded so far."""
        if self.instances == 0:
            return CheckResult(self.claim_id, Verdict.UNDETERMINED, dps=self.dps, route=self.route,
                               message="no instance was examined")
        worst = self._worst
        cap = self.dps if self.dps is not None else None
        digits = digits_of_agreement(worst, cap=cap)
        tol = self.tolerance
        if self._failed_exact is not None:
            verdict = Verdict.REFUTED
        elif not self._inexact:
            verdict = Verdict.PROVED
        else:
            assert tol is not None  # an inexact comparison needed dps (_require_precision), hence a tolerance
            with mpmath.workdps(self.dps):  # compare at the working precision, not the caller's (1 ulp matters)
                if _mp(worst) <= tol.rtol:
                    verdict = Verdict.CONSISTENT
                elif _mp(worst) > tol.refute:
                    verdict = Verdict.REFUTED
                else:
                    verdict = Verdict.UNDETERMINED
        text = "; ".join([m for m in [message, *self._notes] if m])
        return CheckResult(
            claim_id=self.claim_id,
            verdict=verdict,
            residual=worst,
            digits=digits,
            dps=self.dps,
            instances=self.instances,
            worst_instance=self._failed_exact or self._worst_instance,
            route=self.route,
            message=text,
            tolerance=tol.describe() if tol is not None else "exact: residual must be 0",
        )

    # -- internals -------------------------------------------------------------------------------------------
    def _require_precision(self) -> None:
        if self.dps is None:
            raise InvalidInput(
                f"{self.claim_id}: a floating comparison needs a working precision; create Agreement(dps=...)"
            )

    def _ok(self, instance: str) -> Fraction:
        self._record(Fraction(0), instance)
        return Fraction(0)

    def _record(self, residual: Any, instance: str) -> None:
        self.instances += 1
        if self._worst_instance is None or _greater(residual, self._worst):
            self._worst = residual
            self._worst_instance = instance or f"instance {self.instances}"


def _greater(a: Any, b: Any) -> bool:
    """``a > b`` for residuals that may mix Fractions and mpfs (mpmath does not compare with Fractions)."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a > b
    return bool(_mp(a) > _mp(b))


def _is_exact(x: Any) -> bool:
    return isinstance(x, int | Fraction) and not isinstance(x, bool)


def _mp(x: Any) -> mpmath.mpf | mpmath.mpc:
    """``x`` as an ``mpf`` at the working precision; complex mp values (the Fourier checks compare them) pass.

    Not :func:`radontv.scalars.to_mpf`: that refuses ``mpc``, and this module stays numpy-free (the derivations in
    ``radontv.theory`` import it; tests/test_independence.py)."""
    if isinstance(x, Fraction):
        return mpmath.mpf(x.numerator) / x.denominator
    if isinstance(x, mpmath.mpc):
        return x
    return mpmath.mpf(x)
