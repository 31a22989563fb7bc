r"""The multivariate checks' instances and their second route: the **weight-free kink route**.

The route (:mod:`radontv.kinks`) recovers the hyperplanes and amplitudes of a network from its values only
(breakpoints along a generic line, gradient jumps across them), so
:math:`\mathrm{R\text{-}TV}^2 = \sum_H\|\nabla f(x_H^+) - \nabla f(x_H^-)\|_2` is computed without reading a weight.
In exact arithmetic it returns exact rational hyperplane keys and coefficients (:func:`route_form`).

**This route is deliberately separate from** :func:`radontv.canonical` (``radontv/canonical_form.py``): it groups
hyperplanes by primitive integer keys of *measured* gradient jumps, never by the weights, so that a bug in the
canonical form's grouping, signs or merging cannot hide in both.  Do not replace :func:`_primitive_key` or
:func:`route_form` by calls into the canonical form (issue 15: an independent route, not a copy).

Instances are drawn so that the route's line is generic: each random hyperplane is made to cross the line
:math:`p + se` at its own parameter :math:`s \in [-4, 4]` (the crossing points are distinct by construction), and
the search window is :math:`[-5, 5]`.  Every draw comes from one :class:`random.Random` (``checks._instances``).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from radontv import ReLUNetwork
from radontv.canonical_form import CanonicalForm
from radontv.evidence import Agreement, CheckResult
from radontv.kinks import gradient_jumps
from radontv.scalars import to_mpf

from ._instances import grid_rational, positive_rational, rational
from ._results import combine

__all__ = [
    "ROUTE_LOST_DIGITS",
    "WINDOW",
    "combine_exact_mp",
    "generic_line",
    "irrational_network",
    "network_values",
    "random_network",
    "route_form",
    "route_rtv2",
    "route_tolerance",
    "same_form",
    "small_rational",
]

#: Digits the mp kink route may lose: slopes of affine pieces come from differences over steps of 2⁻¹² of the
#: window and gradients from central differences over a quarter of the gap between kinks (about 4 + 4 digits),
#: and a few dozen roundings accumulate (2 more).
ROUTE_LOST_DIGITS = 10
WINDOW = (Fraction(-5), Fraction(5))
_GRID = 97  # crossing parameters are multiples of 1/97 in [-4, 4]

Line = tuple[list[Fraction], list[Fraction]]


# -- instances --------------------------------------------------------------------------------------------------------
def small_rational(rng: random.Random) -> Fraction:
    """The rationals of these instances: numerator in [-6, 6], denominator in [1, 4]."""
    return rational(rng, -6, 6, 4)


def generic_line(rng: random.Random, d: int) -> Line:
    """A random line :math:`p + se` in :math:`\\mathbb Q^d` (first direction coordinate bounded away from 0)."""
    p = [grid_rational(rng, -40, 40, 37) for _ in range(d)]
    e = [grid_rational(rng, 20, 59, 41) * (1 if i == 0 else 0) + grid_rational(rng, -30, 30, 43) for i in range(d)]
    return p, e


def random_network(rng: random.Random, d: int, line: Line, *, width: int = 4, duplicates: int = 1,
                   antipodes: int = 1, zeros: int = 1, affine: bool = True) -> ReLUNetwork:
    """A random exact network whose distinct hyperplanes cross ``line`` at distinct parameters in [-4, 4], plus
    ``duplicates`` positive multiples and ``antipodes`` negative multiples of drawn neurons and ``zeros`` neurons
    with :math:`w = 0`."""
    p, e = line
    crossings = rng.sample(range(-4 * _GRID, 4 * _GRID + 1), width)
    W, b, v = [], [], []
    for sk in crossings:
        while True:
            w = [small_rational(rng) for _ in range(d)]
            if sum(wi * ei for wi, ei in zip(w, e, strict=True)) != 0:  # not parallel to the line
                break
        x = [pi + Fraction(sk, _GRID) * ei for pi, ei in zip(p, e, strict=True)]
        W.append(w)
        b.append(sum(wi * xi for wi, xi in zip(w, x, strict=True)))
        v.append(small_rational(rng))
    for count, sign in ((duplicates, 1), (antipodes, -1)):
        for _ in range(count):
            k = rng.randrange(width)
            a = sign * positive_rational(rng, 8, 4)
            W.append([a * x for x in W[k]])
            b.append(a * b[k])
            v.append(small_rational(rng))
    for _ in range(zeros):
        W.append([Fraction(0)] * d)
        b.append(small_rational(rng))
        v.append(small_rational(rng))
    order = list(range(len(W)))
    rng.shuffle(order)
    c = [small_rational(rng) for _ in range(d)] if affine else [Fraction(0)] * d
    c0 = small_rational(rng) if affine else Fraction(0)
    return ReLUNetwork([W[i] for i in order], [b[i] for i in order], [v[i] for i in order], c, c0)


def irrational_network(net: ReLUNetwork, line: Line) -> ReLUNetwork:
    """An mp network with irrational weights on hyperplanes through the same crossing points (call in workdps)."""
    p, e = (np.array([to_mpf(x) for x in part], dtype=object) for part in line)
    W, b, v = [], [], []
    for w, bk, vk in net.neurons():
        if all(x == 0 for x in w):
            W.append([mpmath.mpf(0)] * net.dim)
            b.append(to_mpf(bk))
            v.append(to_mpf(vk) * mpmath.sqrt(2))
            continue
        # the same irrational stretch of each coordinate for every neuron keeps duplicates and antipodes coincident
        wm = np.array([to_mpf(x) * mpmath.sqrt(2 + i) for i, x in enumerate(w)], dtype=object)
        # keep the crossing parameter of the original neuron, s = (b - w.p) / (w.e), so the line stays generic
        sk = (bk - sum(a * c for a, c in zip(w, line[0], strict=True))) / sum(a * c for a, c in zip(w, line[1],
                                                                                                   strict=True))
        x = p + to_mpf(sk) * e
        W.append(list(wm))
        b.append(sum(a * c for a, c in zip(wm, x, strict=True)))
        v.append(to_mpf(vk) * mpmath.pi / 3)
    return ReLUNetwork(W, b, v, [to_mpf(x) for x in net.c], to_mpf(net.c0))


# -- the weight-free route (independent of radontv.canonical on purpose: see the module docstring) -------------------
def _primitive_key(J: list[Fraction], beta: Fraction) -> tuple[tuple[int, ...], Fraction]:
    """Primitive integer (p, β) ∝ (J, β) with the canonical sign; returns (key, λ) with (J, β) = λ (p, β_p)."""
    # Deliberately written again, not imported from radontv.canonical_form (whose _primitive is alike): this is the
    # second route the canonical form is checked against, applied to measured gradient jumps (issue 15).
    row = [*J, beta]
    den = 1
    for x in row:
        den = den * x.denominator // math.gcd(den, x.denominator)
    ints = [int(x * den) for x in row]
    g = 0
    for n in ints:
        g = math.gcd(g, n)
    prim = [n // g for n in ints]
    sign = 1 if next(n for n in prim[:-1] if n != 0) > 0 else -1
    return tuple(sign * n for n in prim), Fraction(g * sign, den)


def route_form(f: Callable[[np.ndarray], Any], d: int, line: Line, *,
               seed: int = 0) -> tuple[dict[tuple[int, ...], Fraction], list[Fraction], Fraction]:
    r"""The exact canonical data of a rational piecewise-linear ``f`` from its values only.

    Returns ``(coefficients, c, c0)`` with ``coefficients[(p, β)] = q`` meaning
    :math:`f = \sum q\,\sigma(p^\top x - \beta) + c^\top x + c_0` (``p`` primitive, canonical sign).  From a kink with
    gradient jump :math:`J = A\tilde u` (:math:`\tilde u^\top e > 0`) at :math:`x_H`: the hyperplane is
    :math:`J^\top x = J^\top x_H`, and :math:`J = q\,\mathrm{sgn}(p^\top e)\,p`.
    """
    p, e = line
    kinks = gradient_jumps(f, d, p, e, WINDOW, exact=True, seed=seed)
    coef: dict[tuple[int, ...], Fraction] = {}
    for k in kinks:
        J = [Fraction(x) for x in k.jump]
        beta = sum((a * b for a, b in zip(J, k.x, strict=True)), start=Fraction(0))
        key, lam = _primitive_key(J, beta)
        pe = sum(Fraction(a) * b for a, b in zip(key[:-1], e, strict=True))
        q = lam * (1 if pe > 0 else -1)
        coef[key] = coef.get(key, Fraction(0)) + q

    def rest(x: list[Fraction]) -> Fraction:
        ridge = sum((q * max(Fraction(0), sum(Fraction(a) * b for a, b in zip(key[:-1], x, strict=True)) - key[-1])
                     for key, q in coef.items()), start=Fraction(0))
        return Fraction(f(np.array(x, dtype=object))) - ridge

    c0 = rest([Fraction(0)] * d)
    c = [rest([Fraction(int(i == j)) for i in range(d)]) - c0 for j in range(d)]
    return {k: q for k, q in coef.items() if q != 0}, c, c0


def route_rtv2(f: Callable[[np.ndarray], Any], d: int, line: tuple[Any, Any], *, exact: bool, tol: Any = 0,
               seed: int = 0) -> Any:
    r""":math:`\sum_H \|\nabla f(x_H^+) - \nabla f(x_H^-)\|_2` along ``line`` (exact: the list of squared norms)."""
    p, e = line
    window = WINDOW if exact else (to_mpf(WINDOW[0]), to_mpf(WINDOW[1]))
    kinks = gradient_jumps(f, d, p, e, window, exact=exact, tol=tol, seed=seed)
    if exact:
        return [k.jump_norm_squared() for k in kinks]
    return mpmath.fsum(mpmath.sqrt(k.jump_norm_squared()) for k in kinks)


def network_values(net: ReLUNetwork) -> Callable[[np.ndarray], Any]:
    """``x ↦ net(x)`` at one point: what the route is given (values only, never the weights)."""
    return lambda x: net(np.asarray(x, dtype=object).reshape(1, -1))[0]


def route_tolerance(dps: int) -> mpmath.mpf:
    """The mp route's kink threshold: a true kink changes values by ~1e-8 relative; rounding is ~1e-dps."""
    return mpmath.mpf(10) ** (-(dps // 2))


def same_form(form: CanonicalForm, coef: dict[tuple[int, ...], Fraction], c: list[Fraction], c0: Fraction) -> bool:
    """Whether a canonical form and the route's ``(coefficients, c, c0)`` describe the same data exactly."""
    mine = {tuple([*(int(x) for x in p), int(beta)]): q
            for p, beta, q in zip(form.normals, form.offsets, form.coefficients, strict=True)}
    return mine == coef and list(form.c) == c and form.c0 == c0


def combine_exact_mp(exact: Agreement, mp: Agreement) -> CheckResult:
    """One result from an exact and an mp Agreement; the worst instance is taken from the mp part when both share the
    combined verdict (:func:`checks._results.combine`)."""
    return combine(exact, mp, prefer_last=True)
