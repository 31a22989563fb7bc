r"""Representation costs of univariate functions by shallow ReLU networks under other conventions than radontv's.

radontv's convention (unregularized affine skip term, unregularized biases) gives the cost :math:`\mathrm{TV}^2(f)`.
Two variants from the literature:

**No skip connection** (Savarese, Evron, Soudry, Srebro, COLT 2019, abstract): networks
:math:`f_\theta(x) = \sum_k v_k\sigma(w_kx - b_k) + c_0` with unregularized biases (including the output bias
:math:`c_0`) and cost :math:`\tfrac12\sum_k (v_k^2 + w_k^2)`.  The minimal cost of a linear spline :math:`f` is

.. math:: \mathrm{cost}(f) = \max\Bigl(\int|f''|,\ \bigl|f'(-\infty) + f'(+\infty)\bigr|\Bigr).

The formula is read in [SESS19]'s abstract; the factor ½, the lower-bound argument and the constructor
(:func:`savarese_network`) are derived in :mod:`radontv.theory.training` (``derive_savarese_cost``): a unit with
knot :math:`\tau` facing right (:math:`w > 0`) adds :math:`P_\tau = v|w|` to the jump at :math:`\tau` and to
:math:`f'(+\infty)`; facing left it adds :math:`N_\tau = v|w|` to the jump and :math:`-N_\tau` to
:math:`f'(-\infty)`.  Jumps are split between the orientations without cancellation when
:math:`|s_- + s_+| \le \mathrm{TV}^2`; otherwise the excess goes on an antipodal pair at one knot.

**Penalised biases** (Boursier & Flammarion, NeurIPS 2023, abstract): cost :math:`\tfrac12\sum_k(v_k^2 + w_k^2 +
b_k^2)`; a balanced neuron with knot :math:`\tau = b/w` costs :math:`|v||w|\sqrt{1+\tau^2}`, its jump weighted by
:math:`\sqrt{1+\tau^2}` (:func:`bias_penalty_weight`).  [BF23]'s function-space statement is
:math:`\int\sqrt{1+x^2}\,d|f''|` plus a boundary/affine term that radontv does not encode: **UNCONFIRMED**.
:func:`bias_penalised_knot_cost` returns only the knot part :math:`\sum_k |a_k|\sqrt{1+\tau_k^2}`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from .errors import InvalidInput
from .linear_spline import LinearSpline
from .network import ReLUNetwork
from .typing import Scalar, ScalarLike

__all__ = [
    "bias_penalised_cost",
    "bias_penalised_knot_cost",
    "bias_penalty_weight",
    "end_slopes",
    "savarese_cost",
    "savarese_network",
]


def _spline(f: object) -> LinearSpline:
    if isinstance(f, LinearSpline):
        return f
    if isinstance(f, ReLUNetwork):
        return LinearSpline.from_network(f)
    raise InvalidInput(f"f must be a LinearSpline or a ReLUNetwork with d = 1, got {type(f).__name__}")


def end_slopes(f: LinearSpline | ReLUNetwork) -> tuple[Scalar, Scalar]:
    r""":math:`(f'(-\infty), f'(+\infty))` of a linear spline (or a d = 1 network), in its arithmetic."""
    s = _spline(f)
    total = sum(s.amplitudes, start=s.slope * 0)
    return s.slope, s.slope + total


def savarese_cost(f: LinearSpline | ReLUNetwork) -> Scalar:
    r"""The minimal cost :math:`\tfrac12\sum_k(v_k^2 + w_k^2)` of representing ``f`` without a skip connection:
    :math:`\max(\mathrm{TV}^2(f), |f'(-\infty) + f'(+\infty)|)` ([SESS19] abstract; ½ derived).

    >>> from fractions import Fraction
    >>> savarese_cost(LinearSpline([], [], slope=1))       # f(x) = x = relu(x) - relu(-x)
    Fraction(2, 1)
    >>> savarese_cost(LinearSpline([0], [2], slope=-1))    # |x|
    Fraction(2, 1)
    """
    s = _spline(f)
    left, right = end_slopes(s)
    tv2 = s.tv2()
    end = abs(left + right)
    return tv2 if tv2 >= end else end


def _sqrt(x: Any, kind: str) -> Any:
    return mpmath.sqrt(x) if kind == "mp" else float(np.sqrt(float(x)))


def savarese_network(f: LinearSpline | ReLUNetwork) -> ReLUNetwork:
    r"""A network without skip connection (``c = 0``; output bias ``c0`` free) representing ``f`` at the minimal
    cost :func:`savarese_cost`, with balanced units (:math:`|v_k| = |w_k|`).

    Construction (derived in :mod:`radontv.theory.training`): with :math:`A_+ = \sum_{a_\tau > 0} a_\tau`,
    :math:`A_- = \sum_{a_\tau<0} a_\tau` and :math:`s_+ = f'(+\infty)`, the right-facing parts :math:`P_\tau`
    must sum to :math:`s_+` and the left-facing :math:`N_\tau = a_\tau - P_\tau` to :math:`-s_-`.  If
    :math:`A_- \le s_+ \le A_+`, take :math:`P_\tau = \theta a_\tau` on the positive jumps (or the negative ones)
    for the one :math:`\theta\in[0,1]` that hits :math:`s_+` (no excess); otherwise the excess :math:`E` is put on
    an antipodal pair at the first knot (or at 0 when there is none), costing :math:`2|E|`.  Square roots are taken
    in mpmath (at the caller's precision) for exact or mp splines, in float64 for float splines.
    """
    s = _spline(f)
    kind = "float" if s.arithmetic == "float" else "mp"
    conv = (lambda q: q) if kind == "float" else (
        lambda q: mpmath.mpf(Fraction(q).numerator) / Fraction(q).denominator if not isinstance(q, mpmath.mpf) else q)
    knots = [conv(t) for t in s.knots]
    amps = [conv(a) for a in s.amplitudes]
    zero = conv(0) if kind == "mp" else 0.0
    left, right = end_slopes(s)
    s_plus = conv(right)
    s_minus = conv(left)
    a_pos = sum((a for a in amps if a > 0), start=zero)
    a_neg = sum((a for a in amps if a < 0), start=zero)
    P = [zero] * len(amps)
    excess = zero
    if a_neg <= s_plus <= a_pos:
        if s_plus >= 0:  # take a fraction of the positive jumps, all to the right
            theta = s_plus / a_pos if a_pos != 0 else zero
            P = [theta * a if a > 0 else zero for a in amps]
        else:
            theta = s_plus / a_neg if a_neg != 0 else zero
            P = [theta * a if a < 0 else zero for a in amps]
    elif s_plus > a_pos:
        P = [a if a > 0 else zero for a in amps]
        excess = s_plus - a_pos
    else:
        P = [a if a < 0 else zero for a in amps]
        excess = s_plus - a_neg
    units: list[tuple[Any, Any, Any]] = []  # (contribution c, orientation ±1, knot)
    for tau, a, p in zip(knots, amps, P, strict=True):
        n = a - p
        if p != 0:
            units.append((p, 1, tau))
        if n != 0:
            units.append((n, -1, tau))
    if excess != 0:
        tau0 = knots[0] if knots else zero
        units.append((excess, 1, tau0))
        units.append((-excess, -1, tau0))
    W, b, v = [], [], []
    for c, orient, tau in units:
        r = _sqrt(abs(c), kind)
        w = orient * r
        W.append([w])
        b.append(w * tau)
        v.append(r if c > 0 else -r)
    # constant: f(0) minus the units' value at 0
    f0 = conv(s(0 if kind == "float" else Fraction(0))) if s.arithmetic != "mp" else s(mpmath.mpf(0))
    if kind == "mp" and not isinstance(f0, mpmath.mpf):
        f0 = conv(f0)
    at0 = sum((vk * max(zero, -bk) for (wk,), bk, vk in zip(W, b, v, strict=True)), start=zero)
    c0 = f0 - at0
    _ = s_minus  # s_- follows from s_+ and the jumps: s_+ - s_- = sum of the amplitudes
    if not W:
        return ReLUNetwork(np.empty((0, 1)), [], [], [zero], c0)
    return ReLUNetwork(np.array(W, dtype=object if kind == "mp" else np.float64), b, v, [zero], c0)


def bias_penalty_weight(tau: ScalarLike) -> mpmath.mpf | float:
    r"""The weight :math:`\sqrt{1+\tau^2}` of a knot at :math:`\tau` when biases are penalised ([BF23] abstract)."""
    if isinstance(tau, mpmath.mpf):
        return mpmath.sqrt(1 + tau * tau)
    if isinstance(tau, Fraction | int):
        q = Fraction(tau)
        return mpmath.sqrt(1 + mpmath.mpf(q.numerator) ** 2 / mpmath.mpf(q.denominator) ** 2)
    return float(np.sqrt(1.0 + float(tau) ** 2))


def bias_penalised_cost(net: ReLUNetwork) -> Scalar:
    r""":math:`\tfrac12\sum_k (v_k^2 + \|w_k\|^2 + b_k^2)`, the weight decay with penalised biases ([BF23])."""
    zero = net.b[0] * 0 if net.width else 0
    return net.weight_decay() + sum((bk * bk for bk in net.b), start=zero) / 2


def bias_penalised_knot_cost(f: LinearSpline | ReLUNetwork) -> mpmath.mpf | float:
    r"""The knot part :math:`\sum_k |a_k|\sqrt{1+\tau_k^2}` of [BF23]'s cost (the boundary term is UNCONFIRMED and
    not included)."""
    s = _spline(f)
    terms = [abs(a) * bias_penalty_weight(t) for t, a in zip(s.knots, s.amplitudes, strict=True)]
    if s.arithmetic == "exact":
        terms = [mpmath.mpf(Fraction(abs(a)).numerator) / Fraction(abs(a)).denominator * bias_penalty_weight(t)
                 for t, a in zip(s.knots, s.amplitudes, strict=True)]
    return sum(terms, start=mpmath.mpf(0) if s.arithmetic != "float" else 0.0)
