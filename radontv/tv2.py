r"""Second-order total variation :math:`\mathrm{TV}^2(f) = \|D^2 f\|_{\mathcal M(\mathbb R)}` of a univariate network
or linear spline.

For :math:`f(x) = \sum_k v_k\sigma(w_kx - b_k) + c_1x + c_0`, each neuron with :math:`w_k \ne 0` puts the Dirac
:math:`v_k|w_k|\,\delta_{\tau_k}` into :math:`D^2 f`, at :math:`\tau_k = b_k/w_k` (the sign of :math:`w_k` does not
change the sign of the jump), so

.. math:: \mathrm{TV}^2(f) = \sum_{\tau \in \{\tau_k\}} \Bigl|\sum_{k:\,\tau_k = \tau} v_k|w_k|\Bigr|
          \;\le\; \sum_k |v_k||w_k| \quad(\text{the path norm}),

with equality iff no sign cancels at a shared knot (Parhi & Nowak, JMLR 2021, Lemma 25 with d = 1, corrected for
coincident and antipodal neurons; Nakhleh & Nowak 2025, Remark 1).  An antipodal pair
:math:`v\sigma(t) - v\sigma(-t) = vt` is affine: TV² 0, path norm :math:`2|v||w|`.
"""

from __future__ import annotations

from .errors import InvalidInput
from .linear_spline import LinearSpline
from .network import ReLUNetwork
from .typing import Scalar

__all__ = ["tv2"]


def tv2(f: ReLUNetwork | LinearSpline) -> Scalar:
    r""":math:`\mathrm{TV}^2(f)` of a :class:`~radontv.ReLUNetwork` with input dimension 1 or a
    :class:`~radontv.splines.LinearSpline`, in the arithmetic of ``f`` (exact for rational weights).

    Knots are merged before amplitudes are summed: this is *not* the path norm.

    >>> from radontv import ReLUNetwork
    >>> net = ReLUNetwork.univariate([1, -1], [0, 0], [1, -1])   # relu(x) - relu(-x) = x
    >>> str(tv2(net)), str(net.path_norm())
    ('0', '2')
    """
    if isinstance(f, LinearSpline):
        return f.tv2()
    if isinstance(f, ReLUNetwork):
        if f.dim != 1:
            raise InvalidInput(f"tv2 needs a univariate network (input dimension 1), got d = {f.dim}; "
                               "for d > 1 use the Radon-domain seminorm rtv2")
        return LinearSpline.from_network(f).tv2()
    raise InvalidInput(f"f must be a ReLUNetwork with d = 1 or a LinearSpline, got {type(f).__name__}")
