r"""Whether two shallow ReLU networks compute the same function, and a point where they do not.

The difference :math:`h = f - g` of two shallow networks is a shallow network (the neurons of both, those of
:math:`g` with negated output weights, and the difference of the affine parts).  So

.. math:: f = g \iff \text{the canonical form of } f - g \text{ is empty and its affine part is zero}

(:mod:`radontv.canonical_form`: a sum of ReLUs on distinct hyperplanes with nonzero amplitudes has a kink along each
of them).  In exact arithmetic this is decided exactly; in float and mp with the canonical forms' tolerance law: every
merged amplitude of :math:`h` at most :math:`\tau` times the magnitudes merged into it, and each affine coefficient at
most :math:`\tau` times the magnitudes of its kind summed into :math:`f`, :math:`g` or :math:`h`.

A **witness** of :math:`f \ne g` comes from the same form: on a hyperplane :math:`H` of :math:`h` with amplitude
:math:`A_H`, at a point :math:`x_0 \in H` off the other hyperplanes of :math:`h` and a step :math:`\varepsilon` along
the unit normal too small to reach them, the second difference is
:math:`h(x_0+\varepsilon u) - 2h(x_0) + h(x_0-\varepsilon u) = A_H\varepsilon \ne 0`, so :math:`h` is nonzero at one
of the three points.  Inexact networks are evaluated there exactly (their float or mp weights are rationals), so the
difference reported is the networks' own, free of evaluation rounding.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from .canonical_form import CanonicalForm, _affine_zero, _max_scale, canonical, default_rtol
from .errors import InvalidInput
from .network import ReLUNetwork
from .scalars import exact_value, to_mpf

__all__ = ["same_function", "witness_from_form", "witness_inexact"]

#: Hyperplanes of the difference (largest amplitudes first) and random points on each tried for a witness.
_HYPERPLANES_TRIED = 5
_POINTS_PER_HYPERPLANE = 8


def same_function(f: ReLUNetwork, g: ReLUNetwork, *, rtol: Any = None) -> tuple[bool, CanonicalForm]:
    """``(equal, form)``: whether ``f`` and ``g`` compute the same function, and the canonical form of ``f - g``.

    Exact networks are compared exactly (``rtol`` is then ignored); otherwise ``rtol`` is the grouping and zero
    tolerance τ of the form (default :func:`~radontv.canonical_form.default_rtol` of the promoted arithmetic).
    """
    for name, net in (("f", f), ("g", g)):
        if not isinstance(net, ReLUNetwork):
            raise InvalidInput(f"{name} must be a radontv.ReLUNetwork, got {type(net).__name__}")
    if f.dim != g.dim:
        raise InvalidInput(f"networks have input dimensions {f.dim} and {g.dim}; compare networks on the same R^d")
    h = f - g
    form = canonical(h, rtol=rtol)
    if form.arithmetic == "exact":
        return form.size == 0 and _affine_zero(form), form
    # the affine parts of f and g may each carry rounding of their own size, lost in their difference
    inputs = (_magnitude(f.c, form.arithmetic) + _magnitude(g.c, form.arithmetic),
              abs(_to(f.c0, form.arithmetic)) + abs(_to(g.c0, form.arithmetic)))
    return form.size == 0 and _affine_zero(form, _max_scale(inputs)), form


def _to(x: Any, kind: str) -> Any:
    """``x`` in the form's inexact arithmetic."""
    return float(x) if kind == "float" else to_mpf(x)


def _magnitude(c: np.ndarray, kind: str) -> Any:
    total = _to(0, kind)
    for x in c:
        total += abs(_to(x, kind))
    return total


def witness_inexact(f: ReLUNetwork, g: ReLUNetwork, *, rtol: Any = None, seed: int = 0) -> np.ndarray | None:
    """A point where the float/mp networks ``f`` and ``g`` differ beyond the tolerance, or ``None`` when
    :func:`same_function` says they are equal.  The point is in the promoted arithmetic of the networks."""
    equal, form = same_function(f, g, rtol=rtol)
    return None if equal else witness_from_form(f, g, form, seed=seed)


def witness_from_form(f: ReLUNetwork, g: ReLUNetwork, form: CanonicalForm, *, seed: int = 0) -> np.ndarray:
    """The point of :func:`witness_inexact`, given the (nonempty or non-affine-zero) inexact form of ``f - g``."""
    threshold = 16 * float(form.rtol or default_rtol(form.arithmetic))  # form.rtol is rtol when one is given
    fe, ge = f.as_exact(), g.as_exact()
    best, best_ratio = None, -1.0
    for x in _candidates(form, seed):
        point = np.array([_to(p, form.arithmetic) for p in x], dtype=np.float64 if form.arithmetic == "float"
                         else object)
        xe = np.array([exact_value(p) for p in point], dtype=object)
        batch = xe.reshape(1, -1)
        diff = abs(fe(batch)[0] - ge(batch)[0])
        size = _term_size(fe, xe) + _term_size(ge, xe)
        ratio = float(diff / size) if size else (float("inf") if diff else 0.0)
        if ratio > best_ratio:
            best, best_ratio = point, ratio
        if ratio > threshold:
            return point
    return best


def _term_size(net: ReLUNetwork, x: np.ndarray) -> Fraction:
    r""":math:`\sum_k |v_k|(|w_k^\top x| + |b_k|) + |c^\top x| + |c_0|`: the size of the terms whose rounding an
    evaluation carries (exact)."""
    total = abs(sum((c * p for c, p in zip(net.c, x, strict=True)), Fraction(0))) + abs(net.c0)
    for w, b, v in net.neurons():
        total += abs(v) * (abs(sum((a * p for a, p in zip(w, x, strict=True)), Fraction(0))) + abs(b))
    return total


def _candidates(form: CanonicalForm, seed: int) -> list[list[Any]]:
    """Points to try, in the form's arithmetic: three per random point on the largest hyperplanes (the second
    difference construction of the module docstring), or, for an affine difference, 0 and the unit vectors."""
    d = form.dim
    kind = form.arithmetic
    one, zero = _to(1, kind), _to(0, kind)
    U = [[_to(x, kind) for x in row] for row in form.normals]
    T = [_to(t, kind) for t in form.offsets]
    reach = max([abs(t) for t in T], default=zero)
    reach = reach if reach > 0 else one
    if form.size == 0:
        return [[zero] * d] + [[reach if i == j else zero for i in range(d)] for j in range(d)]
    rng = np.random.default_rng(seed)
    out = []
    order = sorted(range(form.size), key=lambda k: -abs(_to(form.coefficients[k], kind)))
    for k in order[:_HYPERPLANES_TRIED]:
        u, t = U[k], T[k]
        for _ in range(_POINTS_PER_HYPERPLANE):
            e = [_to(float(z), kind) for z in rng.standard_normal(d)]
            eu = sum((a * b for a, b in zip(e, u, strict=True)), zero)
            r = [a - eu * b for a, b in zip(e, u, strict=True)]  # tangent to H
            s = _to(float(rng.uniform(-1.0, 1.0)), kind) * reach
            x0 = [t * a + s * b for a, b in zip(u, r, strict=True)]
            eps = reach
            for j in range(form.size):
                if j == k:
                    continue
                slope = abs(sum((a * b for a, b in zip(U[j], u, strict=True)), zero))
                dist = abs(sum((a * b for a, b in zip(U[j], x0, strict=True)), zero) - T[j])
                if slope > 0:
                    eps = min(eps, dist / (2 * slope))
            if eps > 0:
                out.extend([x0, [a + eps * b for a, b in zip(x0, u, strict=True)],
                            [a - eps * b for a, b in zip(x0, u, strict=True)]])
    return out
