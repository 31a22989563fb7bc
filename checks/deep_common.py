r"""Plumbing shared by the deep-family checks: missing implementations reported as ``undetermined``, conversions to
mpmath, and one result from several :class:`~radontv.evidence.Agreement` objects (exact and mp kept apart)."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from radontv.evidence import CheckResult, Verdict
from radontv.scalars import to_mpf

from ._results import combine

__all__ = ["Missing", "combine", "frob2", "honest", "impl", "mpmatrix", "rows", "sq", "sqrt", "to_mp"]


# -- plumbing ---------------------------------------------------------------------------------------------------------
class Missing(Exception):
    """A piece of the implementation the check needs is not there (yet)."""


def impl(module: str, name: str) -> Any:
    """``module.name`` from the implementation, or :class:`Missing` naming it."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise Missing(f"{module}.{name} is not implemented ({exc})") from None


def honest(claim_id: str) -> Callable[[Callable[..., CheckResult]], Callable[..., CheckResult]]:
    """Turn a missing implementation into an ``undetermined`` result that names it (never a pass)."""
    def wrap(fn: Callable[..., CheckResult]) -> Callable[..., CheckResult]:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> CheckResult:
            try:
                return fn(*args, **kwargs)
            except Missing as exc:
                return CheckResult(claim_id, Verdict.UNDETERMINED, dps=kwargs.get("dps", 50),
                                   message=f"not checked: {exc}")
        return run
    return wrap


#: An exact (Fraction, int, sympy) or mp number as an mpf at the current precision (:func:`radontv.scalars.to_mpf`).
to_mp = to_mpf


def sqrt(q: Fraction) -> mpmath.mpf:
    """The square root of a rational, at the current precision."""
    return mpmath.sqrt(to_mp(q))


def sq(v: Sequence[Any]) -> Fraction:
    """The exact squared Euclidean norm of a rational vector."""
    return sum((Fraction(x) * Fraction(x) for x in v), start=Fraction(0))


def mpmatrix(A: Any) -> mpmath.matrix:
    """A 2-D array-like (or mpmath matrix) as an mpmath matrix at the current precision."""
    if isinstance(A, mpmath.matrix):
        return A
    return mpmath.matrix([[to_mp(x) for x in r] for r in np.asarray(A, dtype=object)])


def frob2(A: Any) -> Any:
    """Squared Frobenius norm (exact for Fractions, mp otherwise)."""
    vals = [x for r in np.asarray(A, dtype=object) for x in r]
    if all(isinstance(x, int | Fraction) for x in vals):
        return sq(vals)
    return mpmath.fsum(to_mp(x) ** 2 for x in vals)


def rows(A: Any) -> list[list[Any]]:
    """The entries of a 2-D array-like or mpmath matrix as a list of rows."""
    if isinstance(A, mpmath.matrix):
        return [[A[i, j] for j in range(A.cols)] for i in range(A.rows)]
    return [list(r) for r in np.asarray(A, dtype=object)]
