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

**Vector-valued networks** (:math:`D` outputs) are the same function iff every output is: the vector canonical form
of :math:`f - g` (:mod:`radontv.canonical_vector`, amplitude vectors, the same grouping) is empty with a zero affine
part; a witness is a point together with an output :math:`j` where :math:`f_j \ne g_j` (:func:`vector_witness`).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from .canonical_form import CanonicalForm, _affine_zero, _max_scale, canonical, default_rtol
from .errors import InvalidInput
from .network import ReLUNetwork
from .scalars import exact_value, to_mpf

__all__ = ["same_function", "vector_witness", "vector_witness_from_form", "witness_from_form", "witness_inexact"]

#: Hyperplanes of the difference (largest amplitudes first) and random points on each tried for a witness.
_HYPERPLANES_TRIED = 5
_POINTS_PER_HYPERPLANE = 8


def same_function(f: ReLUNetwork, g: ReLUNetwork, *, rtol: Any = None) -> tuple[bool, CanonicalForm]:
    """``(equal, form)``: whether ``f`` and ``g`` compute the same function, and the canonical form of ``f - g``.

    Exact networks are compared exactly (``rtol`` is then ignored); otherwise ``rtol`` is the grouping and zero
    tolerance τ of the form (default :func:`~radontv.canonical_form.default_rtol` of the promoted arithmetic).
    Vector networks (a scalar one compared with a vector one counts as ``D = 1``) give the vector form of ``f - g``.
    """
    for name, net in (("f", f), ("g", g)):
        if not isinstance(net, ReLUNetwork):
            raise InvalidInput(f"{name} must be a radontv.ReLUNetwork, got {type(net).__name__}")
    if f.dim != g.dim:
        raise InvalidInput(f"networks have input dimensions {f.dim} and {g.dim}; compare networks on the same R^d")
    if f.vector_valued or g.vector_valued:
        return _same_vector_function(f, g, rtol)
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
    if f.vector_valued or g.vector_valued:
        return vector_witness(f, g, rtol=rtol, seed=seed)[0]
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
    if best is None:  # _candidates yields at least the sample points of every window: never empty
        raise RuntimeError("witness_from_form: no candidate point (an empty canonical form has no witness)")
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


# -- vector-valued networks -----------------------------------------------------------------------------------------
def _same_vector_function(f: ReLUNetwork, g: ReLUNetwork, rtol: Any) -> tuple[bool, CanonicalForm]:
    r""":func:`same_function` for vector networks (a scalar one counts as :math:`D = 1`): the vector form of
    :math:`f - g` (:mod:`radontv.canonical_vector`) is empty and its affine part zero, by the vector law (Euclidean
    norms over the outputs, relative to the magnitudes merged)."""
    from .canonical_vector import affine_zero, as_vector_network, canonical_vector

    if f.outputs != g.outputs:
        raise InvalidInput(f"networks have {f.outputs} and {g.outputs} outputs; compare networks with the same "
                           "number of outputs (or compare one output, radontv.canonical_vector.output_network)")
    f, g = as_vector_network(f), as_vector_network(g)
    form = canonical_vector(f - g, rtol=rtol)
    if form.arithmetic == "exact":
        return form.size == 0 and affine_zero(form), form
    kind = form.arithmetic
    inputs = (sum((_row_size(row, kind) for row in (*f.c, *g.c)), _to(0, kind)),
              _row_size(f.c0, kind) + _row_size(g.c0, kind))
    return form.size == 0 and affine_zero(form, _max_scale(inputs)), form


def _row_size(row: Any, kind: str) -> Any:
    from .canonical_vector import _norm

    return _norm([_to(x, kind) for x in row], kind)


def vector_witness(f: ReLUNetwork, g: ReLUNetwork, *, rtol: Any = None,
                   seed: int = 0) -> tuple[np.ndarray | None, int | None]:
    """``(x, j)``: a point where output ``j`` of ``f`` and ``g`` differ (vector networks; a scalar one counts as
    ``D = 1``), or ``(None, None)`` when they are the same function.

    Exact networks: the exact witness of the first output that differs (an exact decision output by output).
    Float/mp: the vector form of ``f - g`` decides; the point is found as in :func:`witness_from_form` and the
    output is the one whose difference there is largest relative to the size of its terms.
    """
    from .canonical_form import witness
    from .canonical_vector import output_network

    equal, form = same_function(f, g, rtol=rtol)
    if equal:
        return None, None
    if form.arithmetic == "exact":
        for j in range(f.outputs):
            point = witness(output_network(f, j), output_network(g, j), seed=seed)
            if point is not None:
                return point, j
        raise AssertionError("vector_witness(): the outputs agree but the forms differ (should not happen)")
    return vector_witness_from_form(f, g, form, seed=seed)


def vector_witness_from_form(f: ReLUNetwork, g: ReLUNetwork, form: Any, *, seed: int = 0) -> tuple[np.ndarray, int]:
    """The ``(x, j)`` of :func:`vector_witness`, given the inexact vector form of ``f - g`` (not equal)."""
    from .canonical_vector import as_vector_network

    threshold = 16 * float(form.rtol or default_rtol(form.arithmetic))
    fe, ge = as_vector_network(f).as_exact(), as_vector_network(g).as_exact()
    norms = CanonicalForm(form.dim, form.arithmetic, form.normals, form.offsets, form.amplitude_norms(),
                          np.zeros(form.dim), 0, form.rtol)  # hyperplanes with |A_H| as scalar amplitude
    best, best_out, best_ratio = None, 0, -1.0
    for x in _candidates(norms, seed):
        point = np.array([_to(p, form.arithmetic) for p in x], dtype=np.float64 if form.arithmetic == "float"
                         else object)
        xe = np.array([exact_value(p) for p in point], dtype=object)
        batch = xe.reshape(1, -1)
        diff = [abs(a - b) for a, b in zip(fe(batch)[0], ge(batch)[0], strict=True)]
        sizes = [a + b for a, b in zip(_term_sizes(fe, xe), _term_sizes(ge, xe), strict=True)]
        for j, (dj, sj) in enumerate(zip(diff, sizes, strict=True)):
            ratio = float(dj / sj) if sj else (float("inf") if dj else 0.0)
            if ratio > best_ratio:
                best, best_out, best_ratio = point, j, ratio
        if best_ratio > threshold:
            break
    return best, best_out  # type: ignore[return-value]


def _term_sizes(net: ReLUNetwork, x: np.ndarray) -> list[Fraction]:
    r"""Per output :math:`j`: :math:`\sum_k |v_{kj}|(|w_k^\top x| + |b_k|) + |C_{:j}^\top x| + |c_{0j}|` (exact)."""
    D = net.outputs
    pre = [abs(sum((a * p for a, p in zip(w, x, strict=True)), Fraction(0))) + abs(b) for w, b in zip(net.W, net.b,
                                                                                                     strict=True)]
    out = []
    for j in range(D):
        total = abs(sum((net.c[i][j] * x[i] for i in range(net.dim)), Fraction(0))) + abs(net.c0[j])
        total += sum((abs(net.V[k][j]) * pre[k] for k in range(net.width)), Fraction(0))
        out.append(total)
    return out
