r"""The per-output variation norm :math:`\|\cdot\|_{M,1}` of a vector-valued shallow network -- **not** weight decay.

For :math:`f(x) = \sum_H A_H\sigma(u_H^\top x - t_H) + C^\top x + c_0` in canonical form (amplitude vectors
:math:`A_H \in \mathbb R^D` on distinct hyperplanes, :mod:`radontv.canonical_vector`) two vector norms of the Radon
measure are in use:

* :math:`\|f\|_{2,M} = \sum_H \|A_H\|_2` -- the one weight decay induces ([SPLN24] eqs. (13)-(19)): it is
  :func:`radontv.rtv2`;
* :math:`\|f\|_{M,1} = \sum_H \|A_H\|_1 = \sum_{j=1}^D \mathrm{R\text{-}TV}^2(f_j)` -- the per-output sum used by
  [PN22], which "does not correspond to weight-decay regularization" ([SPLN24] Remark 15).

They satisfy :math:`\|f\|_{2,M} \le \|f\|_{M,1} \le \sqrt D\,\|f\|_{2,M}` (Cauchy-Schwarz per hyperplane), with
equality on the left iff every :math:`A_H` has at most one nonzero entry; their minimizers differ (neuron sharing,
catalog E7).
"""

from __future__ import annotations

from ..errors import InvalidInput
from ..network import ReLUNetwork
from ..typing import AlgebraicScalar

__all__ = ["per_output_variation_norm"]


def per_output_variation_norm(net: ReLUNetwork) -> AlgebraicScalar:
    r"""The per-output variation norm :math:`\|f\|_{M,1} = \sum_H \|A_H\|_1` of [PN22] ([SPLN24] Remark 15).

    This is **NOT** the weight-decay norm: weight decay on a vector-valued layer induces
    :math:`\|f\|_{2,M} = \sum_H \|A_H\|_2` (:func:`radontv.rtv2`), and :math:`\|f\|_{M,1}` exceeds it by up to a
    factor :math:`\sqrt D`.  It equals the sum over the outputs :math:`j` of the scalar R-TV² of output :math:`j`.
    Neurons on the same hyperplane (duplicates and antipodes) are merged first, as for :func:`radontv.rtv2`.
    A scalar network has :math:`D = 1` and the two norms agree.  Exact weights give an exact sympy number, mp an
    ``mpf``, float a ``float``.

    >>> from radontv import ReLUNetwork, rtv2
    >>> net = ReLUNetwork([[3, 4]], [0], [[3, -4]])   # ||w|| = 5, v = (3, -4)
    >>> per_output_variation_norm(net), rtv2(net)
    (35, 25)
    """
    if not isinstance(net, ReLUNetwork):
        raise InvalidInput(f"net must be a radontv.ReLUNetwork (scalar or vector-valued), got {type(net).__name__}")
    from ..canonical_vector import canonical_vector

    return canonical_vector(net).per_output_norm()
