"""Radon-domain atoms of a 2-D ReLU network on the half circle (PN21 Figs. 2–3; catalog D14)."""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from ..canonical_form import canonical
from ..errors import InvalidInput


# -- Radon-domain atoms of a 2-D ReLU network (PN21 Figs. 2–3; catalog D14) ------------------------------------------
class Atom(NamedTuple):
    """One Dirac of the half-sphere sinogram: angle θ ∈ [0, π), offset t, signed amplitude ``v‖w‖``, size ``|v|‖w‖``."""

    theta: float
    t: float
    amplitude: float
    size: float


def radon_atoms(net: Any, *, merge: bool = True) -> list[Atom]:
    r"""The Radon-domain atoms of a 2-D ReLU network :math:`\sum_k v_k\sigma(w_k\cdot x - b_k) + c\cdot x + c_0`.

    Neuron :math:`k` is the even measure :math:`\tfrac{v_k\|w_k\|}{2}(\delta_{z_k} + \delta_{-z_k})` at
    :math:`z_k = (w_k/\|w_k\|, b_k/\|w_k\|)` (U23 (51), PN21 Remark 7); on the half circle :math:`\theta\in[0,\pi)`
    (sinogram pictures, PN21 Figs. 2–3, constant :math:`2c_d`) it is one Dirac of amplitude :math:`v_k\|w_k\|`:
    :math:`\theta = \operatorname{atan2}(w_2, w_1)`, and when :math:`\theta\notin[0,\pi)` the pair
    :math:`(\theta, t)\mapsto(\theta \pm \pi, -t)` (the sign flip of :math:`t`; the amplitude keeps its sign,
    m = 2 is even).  Neurons with :math:`v_k = 0` or :math:`w_k = 0` have no atom (the affine part is in the
    null space).

    ``merge=True`` gives one atom per distinct hyperplane, with the merged amplitude :math:`A_H`, zero sums dropped:
    the atoms of :meth:`radontv.CanonicalForm.sinogram`, so that hyperplanes are merged by the one rule
    of :mod:`radontv.canonical_form` (rescaled duplicates and antipodal pairs included).  ``merge=False`` gives one atom
    per neuron, as drawn before merging.
    """
    if getattr(net, "dim", None) != 2:
        raise InvalidInput(f"radon_atoms needs a 2-D network (dim = 2), got dim = {getattr(net, 'dim', None)}")
    if getattr(net, "vector_valued", False):
        raise InvalidInput(f"radon_atoms needs a scalar network; this one has D = {net.outputs} outputs: take one "
                           "with radontv.canonical_vector.output_network(net, j)")
    if merge:
        return [Atom(theta, t, amplitude, abs(amplitude)) for theta, t, amplitude in canonical(net).sinogram()]
    atoms: list[Atom] = []
    f = net.as_float()
    for w, b, v in f.neurons():
        norm = math.hypot(float(w[0]), float(w[1]))
        if norm == 0 or v == 0:
            continue
        theta = math.atan2(float(w[1]), float(w[0]))
        t = float(b) / norm
        if theta < 0:
            theta, t = theta + math.pi, -t
        if theta >= math.pi:
            theta, t = theta - math.pi, -t
        atoms.append(Atom(theta, t, float(v) * norm, abs(float(v)) * norm))
    return atoms
