r"""Sympy helpers shared by the derivations of every family (sympy only; one definition each).

* :func:`relu` — :math:`\sigma(z) = \max\{0, z\}` ([PN21] eq. (1)); with sign-declared symbols sympy evaluates the
  ``Max`` itself, which is how the families close piecewise-linear identities.
* :func:`sphere_area` — :math:`|\mathbb S^{n-1}| = 2\pi^{n/2}/\Gamma(n/2)` (polar coordinates in
  :math:`\mathbb R^n`; e.g. Folland, *Real Analysis*, Prop. 2.54).
* :func:`simplify_gamma` — the simplification strategy for sphere areas and Fourier constants.
* :func:`increasing_sites` — ordered sites :math:`x_1 < \dots < x_n` as :math:`x_1` plus partial sums of positive
  increments, so that sympy knows the order of every pair.

This module imports sympy only, never the numeric implementation (``tests/test_independence.py``).
"""

from __future__ import annotations

from typing import Any

import sympy

__all__ = ["increasing_sites", "relu", "simplify_gamma", "sphere_area"]


def relu(z: Any) -> sympy.Expr:
    r"""The ReLU :math:`\sigma(z) = \max\{0, z\}` as a sympy expression."""
    return sympy.Max(0, z)


def sphere_area(n: Any) -> Any:
    r""":math:`|\mathbb S^{n-1}| = 2\pi^{n/2}/\Gamma(n/2)`, the area of the unit sphere in :math:`\mathbb R^n`."""
    half = sympy.S(n) / 2
    return 2 * sympy.pi**half / sympy.gamma(half)


def simplify_gamma(expr: sympy.Expr) -> sympy.Expr:
    """Sphere areas and Fourier constants: evaluate, then Gamma- and power-simplify before :func:`sympy.simplify`."""
    return sympy.simplify(sympy.powsimp(sympy.gammasimp(expr.doit()), force=True))


def increasing_sites(n: int) -> tuple[list[sympy.Expr], list[sympy.Symbol]]:
    """Sites ``x1 < x1 + h1 < ... `` (n of them) from a real ``x1`` and positive increments ``h1, ..., h_{n-1}``."""
    x1 = sympy.Symbol("x1", real=True)
    hs = list(sympy.symbols(f"h1:{n}", positive=True))
    xs: list[sympy.Expr] = [x1]
    for h in hs:
        xs.append(xs[-1] + h)
    return xs, hs
