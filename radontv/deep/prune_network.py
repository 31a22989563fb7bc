r"""Pruning every ReLU layer of a deep network on a data set without changing its outputs there (catalog E8).

For a ReLU layer :math:`z \mapsto V^\top\sigma(Wz - b) + C^\top z + c_0` with inputs :math:`z_i` (the previous
layers applied to the data :math:`x_i`), the features are :math:`\varphi_{k,i} = \sigma(w_k^\top z_i - b_k)` and the
outputs of the hidden units :math:`\Psi = V^\top\Phi`.  With unit-normalised neurons (:math:`w_k/\|w_k\|`,
:math:`v_k\|w_k\|`) the path norm :math:`\sum_k\|v_k\|\|w_k\|` of the layer is the multi-task lasso objective
:math:`\sum_k\|\tilde v_k\|` ([SPLN24] §2 eq. (4), Thm 10 eq. (50); catalog B7), so :func:`prune` solves, with
:func:`radontv.deep.pruning.prune_layer`'s method, :math:`\min\sum_k \|w_k\|\,\|v_k\|` s.t. :math:`V^\top\Phi = \Psi`
(the weights :math:`\|w_k\|^2` are kept as rationals, so exact networks stay exact), started from the layer's own
``V`` so that the path norm is never raised.  Then

* neurons with a zero output column are dropped; neurons with :math:`w_k = 0` are constants
  :math:`v_k\sigma(-b_k)` and move into the unregularized :math:`c_0` (the function is unchanged everywhere);
* each remaining neuron is rebalanced, :math:`\|v_k\| = \|w_k\|` (:math:`\alpha_k^2 = \|v_k\|/\|w_k\|`; for exact
  networks :math:`\alpha_k` is a rational approximation to 20 digits), so its weight decay equals its path norm
  (AM-GM, catalog B4): weight decay after :math:`\approx` path norm after :math:`\le` path norm before
  :math:`\le` weight decay before;
* if the new layer's weight decay (computed exactly for exact networks) is nevertheless above the old one's —
  possible only when the layer was already balanced and optimal up to the rounding of the balancing scales — the
  original layer is kept.

Outputs on ``X`` are unchanged: every layer's outputs on its inputs are, exactly for exact networks
(:math:`V'^\top\Phi = \Psi`).  Off the data the function may change (pruning is data dependent).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from .. import network_shapes as shapes
from ..errors import InvalidInput
from ..network import ReLUNetwork, relu
from ..scalars import Arithmetic, arithmetic_of, as_array, promote
from ..typing import NumbersLike
from .network import DeepReLUNetwork, LinearLayer
from .pruning import PruningCertificate, _column_squares, _prune_layer, _zero

__all__ = ["prune"]


def prune(net: DeepReLUNetwork, X: NumbersLike) -> tuple[DeepReLUNetwork, list[PruningCertificate]]:
    r"""Prune each ReLU layer of ``net`` on the points ``X`` (n × d_0); returns the pruned network and one
    :class:`~radontv.deep.PruningCertificate` per ReLU layer (first layer first).

    The pruned network has the same outputs on ``X`` (exactly in exact arithmetic), a weight decay not above
    ``net.weight_decay()``, and in every pruned layer at most ``r_Φ r_Ψ`` neurons that read a nonzero input weight
    (module docstring).

    Certificate ``l`` is that of the weighted problem solved for ReLU layer ``l`` (``weights_squared`` =
    :math:`\|w_k\|^2`): it refers to the layer's neurons with :math:`w_k \ne 0` in their original order and scaling,
    ``Phi`` = their features on ``X`` (K' × n), ``Psi = V_oldᵀ Phi``, and the pruned output weights *before*
    rebalancing (``support`` indexes these K' neurons).  If a layer was kept unpruned (the fallback above), its
    certificate is still the one of the pruned solution that was rejected.

    Raises :class:`~radontv.InvalidInput` if ``net`` is not a ``DeepReLUNetwork`` or ``X`` has
    the wrong shape or non-finite entries.
    """
    if not isinstance(net, DeepReLUNetwork):
        raise InvalidInput(f"net must be a DeepReLUNetwork, got {type(net).__name__}; wrap shallow layers with "
                           "DeepReLUNetwork.from_layers([...])")
    pts, _ = shapes.points(X, net.input_dim)
    if len(pts) == 0:
        raise InvalidInput("X has no points; pass at least one data point (n >= 1 rows of dimension d_0)")
    kind = promote(net.arithmetic, arithmetic_of(pts, "X"))
    Z = as_array(pts, kind, name="X")
    layers: list[Any] = []
    certificates: list[PruningCertificate] = []
    for layer in net.layers:
        layer = layer.as_arithmetic(kind) if layer.arithmetic != kind else layer
        if isinstance(layer, LinearLayer):
            layers.append(layer)
        else:
            new, cert = _prune_relu_layer(layer, Z, kind)
            layers.append(new)
            certificates.append(cert)
        Z = np.asarray(layer(Z)).reshape(Z.shape[0], -1)
    return DeepReLUNetwork(layers), certificates


def _prune_relu_layer(layer: ReLUNetwork, Z: np.ndarray, kind: Arithmetic) -> tuple[ReLUNetwork, PruningCertificate]:
    W, b, V = layer.W, layer.b, layer.V  # V: (K, D)
    H = relu(Z.dot(W.T) - b[None, :])  # (n, K) features on the data
    wsq = _column_squares(W.T, kind)  # ||w_k||^2
    active = [k for k in range(layer.width) if wsq[k] != 0]
    Phi = H[:, active].T  # K' x n
    Psi = V[active].T.dot(Phi)  # D x n
    V_new = V.copy()
    if active:
        result = _prune_layer(Phi, Psi, V[active].T, wsq[active])
        V_new[active] = result.V.T
        cert = result.certificate
    else:  # only constant neurons: nothing to prune, the empty certificate
        zero = _zero(kind)
        cert = PruningCertificate(zero if kind != "exact" else mpmath.mpf(0), zero, zero if kind != "exact" else
                                  mpmath.mpf(0), 0, 0, (), np.full(Psi.shape, zero, dtype=object), kind,
                                  np.zeros(0, dtype=object))
    keep = [k for k in active if any(x != 0 for x in V_new[k])]
    c0 = np.array(layer.c0, dtype=object if kind != "float" else np.float64, copy=True)
    for k in range(layer.width):
        if wsq[k] == 0:  # a constant neuron v_k relu(-b_k): into the unregularized constant
            c0 = c0 + V_new[k] * relu(-b[k]) if layer.vector_valued else c0 + V_new[k, 0] * relu(-b[k])
    v_kept = V_new[keep] if layer.vector_valued else V_new[keep, 0]
    if not layer.vector_valued:
        c0 = c0.item() if isinstance(c0, np.ndarray) else c0
    pruned = ReLUNetwork(W[keep], b[keep], v_kept, c=layer.c, c0=c0)
    pruned = pruned.rescale(_balancing_scales(pruned, kind)) if keep else pruned
    if pruned.weight_decay() > layer.weight_decay():
        return layer, cert
    return pruned, cert


def _balancing_scales(net: ReLUNetwork, kind: Arithmetic) -> list[Any]:
    r""":math:`\alpha_k = (\|v_k\|/\|w_k\|)^{1/2}`: float, mp, or a rational approximation (20 digits) if exact."""
    vsq = _column_squares(net.V.T, kind)
    wsq = _column_squares(net.W.T, kind)
    if kind == "float":
        return list((vsq / wsq) ** 0.25)
    if kind == "mp":
        return [mpmath.root(v / w, 4) for v, w in zip(vsq, wsq, strict=True)]
    out = []
    with mpmath.workdps(60):
        for v, w in zip(vsq, wsq, strict=True):
            a = mpmath.root(mpmath.mpf(v.numerator * w.denominator) / (v.denominator * w.numerator), 4)
            out.append(Fraction(mpmath.nstr(a, 20, strip_zeros=False)) if a > 0 else Fraction(1))
    return out
