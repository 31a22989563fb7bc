r"""Deep networks for the deep-family checks, written from the layer parameters: random exact layers and composites,
and forward passes in exact rationals (a layer :math:`V^\top\sigma(Wz - b) + C^\top z + c_0` or :math:`Mz + a`, and
the standard form's :math:`h_j = \sigma(p_j)`, [SPLN24] App. D).  They share no code with :mod:`radontv.deep`'s
evaluation, which the checks compare with them (:mod:`radontv.checks.deep`, :mod:`radontv.checks.deep_pruning`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from radontv.network import ReLUNetwork

from . import deep_exact as ex
from .deep_common import impl as _impl

__all__ = ["composite_forward", "is_linear", "layer_forward", "random_deep_layers", "random_points", "standard_forward"]

F = Fraction


def _relu_layer(rng: random.Random, d_in: int, d_out: int, width: int, skip: bool) -> ReLUNetwork:
    W = [[ex.rational(rng) for _ in range(d_in)] for _ in range(width)]
    b = [ex.rational(rng) for _ in range(width)]
    V = [[ex.rational(rng) for _ in range(d_out)] for _ in range(width)]
    c = [[ex.rational(rng) if skip else F(0) for _ in range(d_out)] for _ in range(d_in)]
    c0 = [ex.rational(rng) if skip else F(0) for _ in range(d_out)]
    return ReLUNetwork(W, b, V, c, c0)


def random_deep_layers(rng: random.Random, *, linear: bool = True, skip: bool = True,
                       dims: Sequence[int] | None = None, widths: Sequence[int] | None = None) -> list[Any]:
    """Random exact layers of a composite: ReLU layers (vector-valued, skip terms when ``skip``) and, when
    ``linear``, sometimes a LinearLayer; at least one ReLU layer."""
    LinearLayer = _impl("radontv.deep.network", "LinearLayer")
    if dims is None:
        dims = [rng.randint(1, 3) for _ in range(rng.randint(3, 4))]
    layers: list[Any] = []
    for i in range(len(dims) - 1):
        kind_linear = linear and i > 0 and rng.random() < 0.3
        if kind_linear:
            M = [[ex.rational(rng) for _ in range(dims[i])] for _ in range(dims[i + 1])]
            layers.append(LinearLayer(M, [ex.rational(rng) for _ in range(dims[i + 1])]))
        else:
            K = widths[len(layers)] if widths is not None else rng.randint(1, 4)
            layers.append(_relu_layer(rng, dims[i], dims[i + 1], K, skip and rng.random() < 0.8))
    return layers


def is_linear(layer: Any) -> bool:
    """A LinearLayer (anything but a ReLUNetwork)."""
    return not isinstance(layer, ReLUNetwork)


def layer_forward(layer: Any, z: list[Fraction], *, skip_terms: bool = True) -> list[Fraction]:
    r"""One layer at one point, from its parameters: :math:`Mz + \text{bias}`, or
    :math:`V^\top\sigma(Wz - b) + C^\top z + c_0` (the skip part dropped when ``skip_terms`` is False)."""
    if is_linear(layer):
        return [sum((F(m) * x for m, x in zip(row, z, strict=True)), start=F(0)) + F(bi)
                for row, bi in zip(layer.M, layer.bias, strict=True)]
    h = [max(F(0), sum((F(w) * x for w, x in zip(row, z, strict=True)), start=F(0)) - F(bk))
         for row, bk in zip(layer.W, layer.b, strict=True)]
    V = layer.V
    C = np.asarray(layer.c, dtype=object).reshape(len(z), V.shape[1])
    c0 = np.asarray(layer.c0, dtype=object).reshape(V.shape[1])
    out = []
    for j in range(V.shape[1]):
        y = sum((F(V[k, j]) * h[k] for k in range(len(h))), start=F(0))
        if skip_terms:
            y += sum((F(C[i, j]) * z[i] for i in range(len(z))), start=F(0)) + F(c0[j])
        out.append(y)
    return out


def composite_forward(layers: Sequence[Any], x: Sequence[Fraction], *, skip_terms: bool = True) -> list[Fraction]:
    """The composite at one point: the layers applied in turn by :func:`layer_forward`."""
    z = [F(t) for t in x]
    for layer in layers:
        z = layer_forward(layer, z, skip_terms=skip_terms)
    return z


def standard_forward(maps: Sequence[Any], x: Sequence[Fraction]) -> list[Fraction]:
    r"""A plain forward pass through the standard form: :math:`h_0 = x`, :math:`h_j = \sigma(p_j)`,
    :math:`p_j = \sum_i A_{j,i}h_i + a_j`, output the last :math:`p`."""
    h = {0: [F(t) for t in x]}
    p: list[Fraction] = []
    for m in maps:
        p = [F(a) for a in m.bias]
        for i, A in m.weights.items():
            for r in range(len(p)):
                p[r] += sum((F(A[r][c]) * h[i][c] for c in range(len(h[i]))), start=F(0))
        h[m.target] = [max(F(0), t) for t in p]
    return p


def random_points(rng: random.Random, d: int, n: int = 5) -> list[list[Fraction]]:
    """``n`` random rational points of R^d (coordinates in [-12, 12], denominators at most 4)."""
    return [[ex.rational(rng, -12, 12, 4) for _ in range(d)] for _ in range(n)]
