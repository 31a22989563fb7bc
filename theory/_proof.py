"""The bookkeeping shared by every derivation: steps in order, which of them sympy closed, and which are false.

A derivation states definitions (:meth:`Proof.state`), asserts identities that sympy must reduce to 0
(:meth:`Proof.identity`) and records facts sympy decided (:meth:`Proof.decide`).  Each family passes the
simplification strategy that suits its expressions (rational functions, Gamma functions, piecewise ReLUs, ...); the
bookkeeping and the verdict rule are the same for all families:

* ``proved``: every identity simplified to 0 and every fact was decided true;
* ``refuted``: some identity has a **counterexample** — a numeric instance (exact rational or integer values for
  the free symbols, honouring their sympy assumptions) at which the two sides, each evaluated to
  :data:`EVAL_DIGITS` significant digits, differ by more than ``10^-(EVAL_DIGITS/2)`` relative to ``|lhs| + |rhs|``
  (a gap far above the evaluation error, so the instance is certain) — or some fact was decided false.  The
  counterexample is recorded in the step;
* ``undetermined``: otherwise.  That sympy does not simplify ``lhs - rhs`` to 0 is not a disproof: a true identity
  that the strategy cannot close stays open, it is never reported ``refuted``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from radontv.evidence import Counterexample, Derivation, DerivationStep, Verdict

__all__ = ["EVAL_DIGITS", "Proof", "find_counterexample", "simplify_after_doit"]

#: Significant digits at which each side of an identity is evaluated when searching for a counterexample; a gap
#: above ``10^-(EVAL_DIGITS // 2)`` relative to ``|lhs| + |rhs|`` is far above the evaluation error (10^-EVAL_DIGITS).
EVAL_DIGITS = 50
#: Numeric instances tried per entry of an identity that sympy could not close.
SAMPLES = 8
# Expressions the counterexample search does not evaluate (no values for undefined functions; quadrature of an
# unevaluated integral or sum is a numeric method of its own, not an instance).
_NOT_EVALUATED = (AppliedUndef, sympy.Integral, sympy.Sum, sympy.Product, sympy.Limit)


def simplify_after_doit(expr: sympy.Expr) -> sympy.Expr:
    """The default strategy: evaluate unevaluated objects (derivatives, integrals), then :func:`sympy.simplify`."""
    return sympy.simplify(expr.doit())


def _sample(symbol: sympy.Symbol, rng: random.Random) -> sympy.Rational | None:
    """A random exact value satisfying every assumption of ``symbol`` (integer, positive, ...), or None if none fits.

    Integers are drawn from [-6, 6]; other values are rationals in [-4, 4] with a denominator in [1000, 9999], so
    that an instance lands on a kink (z = 0 of a Heaviside or |z|) only by accident of measure zero.
    """
    facts = symbol.assumptions0
    for _ in range(200):
        if symbol.is_integer:
            value = sympy.Integer(rng.randint(-6, 6))
        else:
            q = rng.randint(1000, 9999)
            value = sympy.Rational(rng.randint(-4 * q, 4 * q), q)
        if symbol.is_nonnegative or symbol.is_positive:
            value = abs(value)
        elif symbol.is_nonpositive or symbol.is_negative:
            value = -abs(value)
        if all(getattr(value, f"is_{fact}", None) == holds for fact, holds in facts.items()):
            return value
    return None


def _evaluate(expr: sympy.Expr, point: dict[sympy.Symbol, sympy.Rational], digits: int) -> sympy.Expr | None:
    """``expr`` at ``point`` to ``digits`` certified significant digits, or None (not finite, or not certifiable).

    ``strict=True`` makes sympy raise instead of returning a value with fewer correct digits than asked (e.g. an
    exact zero written as a non-trivial expression); such a side gives no instance.
    """
    try:
        value = expr.subs(point)
        if value.has(sympy.Derivative, sympy.Subs):
            value = value.doit()
        number = value.evalf(digits, strict=True)
    except (ArithmeticError, ValueError, TypeError, NotImplementedError, RecursionError):
        return None
    re, im = number.as_real_imag()
    if not (re.is_Number and im.is_Number and re.is_finite and im.is_finite):
        return None
    return number


def find_counterexample(lhs: Any, rhs: Any, *, seed: str, samples: int = SAMPLES, digits: int = EVAL_DIGITS,
                        entry: int | None = None) -> Counterexample | None:
    """A numeric instance at which ``lhs`` and ``rhs`` certainly differ, or None when none was found.

    Each free symbol gets a random exact value honouring its assumptions (:func:`_sample`, seeded by ``seed`` so
    the search is deterministic); both sides are evaluated to ``digits`` significant digits; the instance is a
    counterexample when ``|lhs - rhs| > 10^-(digits // 2) (|lhs| + |rhs|)``, a gap 10^(digits/2) times the
    evaluation error.  The search gives up (None) on expressions it cannot evaluate: undefined functions, unevaluated
    integrals and sums, symbols whose assumptions no rational satisfies.
    """
    lhs, rhs = sympy.sympify(lhs), sympy.sympify(rhs)
    symbols = sorted(lhs.free_symbols | rhs.free_symbols, key=str)
    if any(not isinstance(s, sympy.Symbol) for s in symbols) or lhs.has(*_NOT_EVALUATED) or rhs.has(*_NOT_EVALUATED):
        return None
    rng = random.Random(seed)
    threshold = sympy.Float(10, digits) ** (-(digits // 2))
    for _ in range(samples if symbols else 1):
        point = {}
        for s in symbols:
            value = _sample(s, rng)
            if value is None:
                return None
            point[s] = value
        left, right = _evaluate(lhs, point, digits), _evaluate(rhs, point, digits)
        if left is None or right is None:
            continue
        gap = sympy.Abs(left - right)
        if gap > threshold * (sympy.Abs(left) + sympy.Abs(right)):
            return Counterexample({str(s): v for s, v in point.items()}, left, right, digits, entry)
    return None


def _entries(lhs: Any, rhs: Any) -> list[tuple[Any, Any]]:
    """The pairs of corresponding entries of ``lhs`` and ``rhs`` (one pair for scalars)."""
    if isinstance(lhs, sympy.MatrixBase) or isinstance(rhs, sympy.MatrixBase):
        if not (isinstance(lhs, sympy.MatrixBase) and isinstance(rhs, sympy.MatrixBase)) or lhs.shape != rhs.shape:
            raise TypeError(f"an identity between matrices needs two matrices of one shape, got {lhs!r} and {rhs!r}")
        return list(zip(lhs, rhs, strict=True))
    return [(lhs, rhs)]


class Proof:
    """Accumulates the steps of one derivation; remembers which sympy could not close and which are false."""

    def __init__(self, claim_id: str, *, simplify: Callable[[sympy.Expr], sympy.Expr] = simplify_after_doit) -> None:
        self.claim_id = claim_id
        self.steps: list[DerivationStep] = []
        self.open: list[str] = []
        self.false: list[str] = []
        self._simplify = simplify

    def state(self, description: str, expression: Any) -> Any:
        """A step that states a definition, a hypothesis or an intermediate expression (nothing to close).

        Returns ``expression``, so that a stated value can be used in the next step.
        """
        self.steps.append(DerivationStep(description, expression))
        return expression

    def identity(self, description: str, lhs: Any, rhs: Any) -> bool:
        """A step ``lhs = rhs`` (scalars or matrices), closed when every entry of ``lhs - rhs`` simplifies to 0.

        When an entry does not simplify to 0 the step is false only if :func:`find_counterexample` finds a numeric
        instance where the sides differ (recorded in the step); otherwise it stays open (``undetermined``).
        """
        lhs, rhs = sympy.sympify(lhs), sympy.sympify(rhs)
        pairs = _entries(lhs, rhs)
        equation = sympy.Eq(lhs, rhs, evaluate=False)
        unclosed = [i for i, (a, b) in enumerate(pairs) if self._simplify(a - b) != 0]
        if not unclosed:
            self.steps.append(DerivationStep(description, equation))
            return True
        matrix = len(pairs) > 1 or isinstance(lhs, sympy.MatrixBase)
        witness = None
        for i in unclosed:
            witness = find_counterexample(*pairs[i], seed=f"{self.claim_id}|{description}|{i}",
                                          entry=i if matrix else None)
            if witness is not None:
                break
        self.steps.append(DerivationStep(description, equation, witness))
        if witness is not None:
            self.false.append(f"{description} (counterexample {witness})")
        else:
            self.open.append(description)
        return False

    def cases(self, what: str, lhs: Any, rhs: Any, z: sympy.Symbol) -> None:
        """Close ``lhs(z) = rhs(z)`` for every real z by the complete case split z = p > 0, z = -q <= 0."""
        p = sympy.Symbol("p", positive=True)
        q = sympy.Symbol("q", nonnegative=True)
        self.identity(f"{what}, case z = p > 0", lhs.subs(z, p), rhs.subs(z, p))
        self.identity(f"{what}, case z = -q <= 0", lhs.subs(z, -q), rhs.subs(z, -q))

    def decide(self, description: str, expression: Any, truth: Any) -> bool:
        """A step whose truth sympy decided: ``True``/``sympy.true`` closes it, ``False``/``sympy.false`` makes it
        false; anything else (``None`` from an assumption query sympy could not answer) leaves it open.

        Pass sympy's three-valued answer itself (e.g. ``expr.is_positive``), never ``bool(...)`` of it: ``bool(None)``
        would turn "sympy does not know" into "false".
        """
        self.steps.append(DerivationStep(description, expression))
        if truth is True or truth is sympy.true:
            return True
        (self.false if (truth is False or truth is sympy.false) else self.open).append(description)
        return False

    def derivation(self, results: dict[str, Any], conclusion: str, conclusion_expr: Any) -> Derivation:
        """Close the derivation with its conclusion and return the :class:`~radontv.evidence.Derivation`."""
        self.state(conclusion, conclusion_expr)
        if self.false:
            verdict, message = Verdict.REFUTED, "false: " + "; ".join(self.false)
        elif self.open:
            verdict, message = Verdict.UNDETERMINED, ("sympy could not close (and no counterexample was found): "
                                                      + "; ".join(self.open))
        else:
            verdict, message = Verdict.PROVED, f"all {len(self.steps)} steps closed by sympy"
        return Derivation(self.claim_id, tuple(self.steps), results, verdict, message)
