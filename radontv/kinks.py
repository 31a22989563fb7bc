r"""Recover the hyperplanes and amplitudes of a continuous piecewise-linear function from its values only.

This is the *weight-free route* to R-TV² used by the multivariate checks (catalog D6, "How to check"): for a ReLU
network :math:`f = \sum_H A_H\sigma(u_H^\top x - t_H) + c^\top x + c_0` the distributional Laplacian is
:math:`\Delta f = \sum_H A_H\,\delta(u_H^\top x - t_H)`, and across :math:`H` the gradient jumps by

.. math:: \nabla f(x^+) - \nabla f(x^-) = A_H\,\tilde u_H, \qquad \tilde u_H = \pm u_H,\ \tilde u_H^\top e > 0,

when :math:`H` is crossed along :math:`e`.  Hence :math:`|A_H| = \|\text{gradient jump}\|_2` and
:math:`\mathrm{R\text{-}TV}^2(f) = \sum_H \|\text{jump}_H\|_2`.  The route never reads weights:

1. restrict :math:`f` to a generic line :math:`x(s) = p + s e`; a generic line crosses every hyperplane exactly once,
   distinct hyperplanes at distinct points;
2. find the breakpoints of :math:`g(s) = f(p + se)` on a search window by tangent intersection: split an interval
   where the affine pieces at its two ends meet, read the pieces on both sides of the split point (a kink there
   when they differ), and recurse; an interval whose two end pieces are the same line (checked once more at a
   random interior point) holds no kink.  Pieces are read off by a chord test (:math:`g` at the midpoint of a short
   step equals the chord: no single kink inside);
3. at each breakpoint, measure the gradient on both sides by central differences whose second difference vanishes
   (no kink inside the stencil), and take the jump.

In exact (rational) arithmetic every step is exact and the recovered hyperplanes are exact rational keys; in mpmath
comparisons use a tolerance.  "Generic" is made true with probability one by random rational choices (seeded).
The search window is an input: kinks of :math:`g` outside it are not seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from .errors import InvalidInput, RadontvError
from .typing import ExactOrMp, NumbersLike, ObjectArray

__all__ = ["Kink", "KinkSearchError", "gradient_jumps", "line_kinks"]

_MAX_DEPTH = 200
_MAX_HALVINGS = 80


class KinkSearchError(RadontvError):
    """The breakpoint search did not converge (too many nested splits or no kink-free stencil found)."""


@dataclass(frozen=True)
class Kink:
    """A hyperplane crossed by the line: crossing parameter ``s``, point ``x``, gradient jump ``jump`` (vector)."""

    s: ExactOrMp
    x: ObjectArray
    jump: ObjectArray

    def jump_norm_squared(self) -> ExactOrMp:
        """:math:`\\|\\nabla f(x^+) - \\nabla f(x^-)\\|^2` (exact for exact input)."""
        return sum((j * j for j in self.jump), start=self.jump[0] * 0)


class _Arith:
    def __init__(self, exact: bool, tol: Any) -> None:
        self.exact = exact
        self.tol = tol

    def same(self, a: Any, b: Any, scale: Any) -> bool:
        if self.exact:
            return bool(a == b)
        return bool(abs(a - b) <= self.tol * scale)

    def num(self, q: Fraction) -> Any:
        return q if self.exact else mpmath.mpf(q.numerator) / q.denominator


def line_kinks(g: Callable[[ExactOrMp | int], ExactOrMp], window: tuple[ExactOrMp | int, ExactOrMp | int], *,
               exact: bool, tol: ExactOrMp | int = 0, seed: int = 0) -> list[tuple[ExactOrMp, ExactOrMp]]:
    """Breakpoints ``(s, slope jump)`` of a continuous piecewise-linear ``g`` on ``[lo, hi]`` (see module doc)."""
    ar = _Arith(exact, tol)
    lo, hi = window
    if not lo < hi:
        raise InvalidInput(f"window must be (lo, hi) with lo < hi, got {window!r}")
    rng = np.random.default_rng(seed)
    width = hi - lo
    ends = [g(lo), g(hi)]
    scale = 1 + abs(ends[0]) + abs(ends[1])
    h0 = width * ar.num(Fraction(1, 1 << 12))

    def piece(at: Any, direction: int) -> tuple[Any, Any]:
        """Slope of the affine piece on the side ``direction`` (+1 right, -1 left) of ``at``, and g(at)."""
        y0 = g(at)
        h = h0
        for _ in range(_MAX_HALVINGS):
            y1 = g(at + direction * h)
            ym = g(at + direction * h / 2)
            if ar.same(2 * ym, y0 + y1, scale):
                return (y1 - y0) / (direction * h), y0
            h = h / 16
        raise KinkSearchError(f"no kink-free step found next to s = {at}")

    found: list[tuple[Any, Any]] = []

    def jitter(a: Any, b: Any) -> Any:
        q = Fraction(int(rng.integers(1 << 20, 3 << 20)), 1 << 22)  # in [1/4, 3/4)
        return a + (b - a) * ar.num(q)

    def find(a: Any, b: Any, ma: Any, ga: Any, mb: Any, gb: Any, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise KinkSearchError("breakpoint search nested too deeply; the function may not be piecewise linear")
        split = None
        if ar.same(ma, mb, scale / (b - a) + abs(ma) + abs(mb)):
            if ar.same(gb, ga + ma * (b - a), scale):
                r = jitter(a, b)  # one probe guards against kinks that cancel (a non-generic event)
                if ar.same(g(r), ga + ma * (r - a), scale):
                    return
                split = r
        else:
            s = (gb - ga + ma * a - mb * b) / (ma - mb)  # where the two end pieces meet
            if a < s < b and not _near(ar, s, a, b):
                split = s
        if split is None:
            split = jitter(a, b)
        ml, gl = piece(split, -1)
        mr, _ = piece(split, +1)
        find(a, split, ma, ga, ml, gl, depth + 1)
        if not ar.same(ml, mr, scale / width + abs(ml) + abs(mr)):
            found.append((split, mr - ml))
        find(split, b, mr, gl, mb, gb, depth + 1)

    ma, ga = piece(lo, +1)
    mb, gb = piece(hi, -1)
    find(lo, hi, ma, ga, mb, gb, 0)
    found.sort(key=lambda k: k[0])
    return found


def _near(ar: _Arith, s: Any, a: Any, b: Any) -> bool:
    """In mp, a meeting point within rounding of an interval end is not a useful split."""
    if ar.exact:
        return False
    return bool(min(s - a, b - s) <= ar.tol * (b - a))


def gradient_jumps(f: Callable[[ObjectArray], ExactOrMp], dim: int, point: NumbersLike, direction: NumbersLike,
                   window: tuple[ExactOrMp | int, ExactOrMp | int], *, exact: bool, tol: ExactOrMp | int = 0,
                   seed: int = 0) -> list[Kink]:
    """The kinks of ``f`` along the line ``point + s * direction`` (``s`` in ``window``) with their gradient jumps.

    ``f`` takes one point (array of shape ``(dim,)``) and returns a number; it is only ever evaluated.
    """
    ar = _Arith(exact, tol)
    p = np.array(point, dtype=object)
    e = np.array(direction, dtype=object)
    if p.shape != (dim,) or e.shape != (dim,):
        raise InvalidInput(f"point and direction must have shape ({dim},)")

    def g(s: Any) -> Any:
        return f(p + s * e)

    kinks = line_kinks(g, window, exact=exact, tol=tol, seed=seed)
    lo, hi = window
    out = []
    for j, (s, _) in enumerate(kinks):
        left = kinks[j - 1][0] if j > 0 else lo
        right = kinks[j + 1][0] if j + 1 < len(kinks) else hi
        eta = min(s - left, right - s) / 4
        x = p + s * e
        grads = [_gradient(f, p + (s + sign * eta) * e, dim, eta, ar) for sign in (1, -1)]
        out.append(Kink(s, x, grads[0] - grads[1]))
    return out


def _gradient(f: Callable[[np.ndarray], Any], y: np.ndarray, dim: int, step: Any, ar: _Arith) -> np.ndarray:
    fy = f(y)
    grad = np.empty(dim, dtype=object)
    for i in range(dim):
        h = step / 2
        for _ in range(_MAX_HALVINGS):
            ei = np.array([h if k == i else 0 * h for k in range(dim)], dtype=object)
            fp, fm = f(y + ei), f(y - ei)
            if ar.same(fp + fm, 2 * fy, 1 + abs(fy)):
                grad[i] = (fp - fm) / (2 * h)
                break
            h = h / 16
        else:
            raise KinkSearchError(f"no kink-free stencil found around {list(y)}")
    return grad
