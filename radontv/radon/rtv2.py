"""Old path of :mod:`radontv.radon.seminorm` (R-TV² of a function from its Radon transform, by quadrature).

Kept so that ``from radontv.radon.rtv2 import gaussian_rtv2`` keeps working; the name ``rtv2`` also names
:func:`radontv.rtv2` (a network's R-TV² from its canonical form), hence the new module name.
"""

from __future__ import annotations

from .seminorm import gaussian_rtv2

__all__ = ["gaussian_rtv2"]
