"""The bookkeeping shared by every derivation: steps in order, and which of them sympy closed.

A derivation states definitions (:meth:`Proof.state`), asserts identities that sympy must reduce to 0
(:meth:`Proof.identity`) and records facts sympy decided (:meth:`Proof.decide`).  Its verdict is ``proved`` only when
every identity and fact was closed, ``refuted`` when sympy found one false, ``undetermined`` when it could not decide.
Each family passes the simplification strategy that suits its expressions (rational functions, Gamma functions,
piecewise ReLUs, ...); the bookkeeping is the same for all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy

from radontv.evidence import Derivation, DerivationStep, Verdict

__all__ = ["Proof", "simplify_after_doit"]


def simplify_after_doit(expr: sympy.Expr) -> sympy.Expr:
    """The default strategy: evaluate unevaluated objects (derivatives, integrals), then :func:`sympy.simplify`."""
    return sympy.simplify(expr.doit())


class Proof:
    """Accumulates the steps of one derivation and remembers which of them sympy could not close."""

    def __init__(self, claim_id: str, *, simplify: Callable[[sympy.Expr], sympy.Expr] = simplify_after_doit) -> None:
        self.claim_id = claim_id
        self.steps: list[DerivationStep] = []
        self.open: list[str] = []
        self.false: list[str] = []
        self._simplify = simplify

    def state(self, description: str, expression: Any) -> None:
        """A step that states a definition, a hypothesis or an intermediate expression (nothing to close)."""
        self.steps.append(DerivationStep(description, expression))

    def identity(self, description: str, lhs: Any, rhs: Any) -> bool:
        """A step ``lhs = rhs`` (scalars or matrices), closed when every entry of ``lhs - rhs`` simplifies to 0."""
        raw = sympy.sympify(lhs) - sympy.sympify(rhs)
        self.steps.append(DerivationStep(description, sympy.Eq(lhs, rhs, evaluate=False)))
        entries = list(raw) if isinstance(raw, sympy.MatrixBase) else [raw]
        diffs = [self._simplify(entry) for entry in entries]
        if all(d == 0 for d in diffs):
            return True
        refuted = any(d != 0 and (d.is_number or d.is_zero is False) for d in diffs)
        (self.false if refuted else self.open).append(description)
        return False

    def cases(self, what: str, lhs: Any, rhs: Any, z: sympy.Symbol) -> None:
        """Close ``lhs(z) = rhs(z)`` for every real z by the complete case split z = p > 0, z = -q <= 0."""
        p = sympy.Symbol("p", positive=True)
        q = sympy.Symbol("q", nonnegative=True)
        self.identity(f"{what}, case z = p > 0", lhs.subs(z, p), rhs.subs(z, p))
        self.identity(f"{what}, case z = -q <= 0", lhs.subs(z, -q), rhs.subs(z, -q))

    def decide(self, description: str, expression: Any, truth: Any) -> bool:
        """A step whose truth sympy decided (``True``/``False``, or sympy's ``true``/``false``) or left open."""
        self.steps.append(DerivationStep(description, expression))
        if truth is True or truth is sympy.true:
            return True
        (self.false if (truth is False or truth is sympy.false) else self.open).append(description)
        return False

    def derivation(self, results: dict[str, Any], conclusion: str, conclusion_expr: Any) -> Derivation:
        """Close the derivation with its conclusion and return the :class:`~radontv.evidence.Derivation`."""
        self.state(conclusion, conclusion_expr)
        if self.false:
            verdict, message = Verdict.REFUTED, "sympy found false: " + "; ".join(self.false)
        elif self.open:
            verdict, message = Verdict.UNDETERMINED, "sympy could not close: " + "; ".join(self.open)
        else:
            verdict, message = Verdict.PROVED, f"all {len(self.steps)} steps closed by sympy"
        return Derivation(self.claim_id, tuple(self.steps), results, verdict, message)
