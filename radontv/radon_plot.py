r"""Sinogram pictures: a 2-D ReLU network as a heat map next to its Radon-domain atoms (extra ``plot``).

The right panel shows the half-sphere sinogram :math:`(\theta, t)\in[0,\pi)\times\mathbb{R}`, one dot per hyperplane
at :math:`(\theta, t)` with area proportional to :math:`|v|\,\|w\|` and colour the sign of :math:`v` (see
:func:`radontv.radon.radon_atoms`; PN21 Figs. 2–3).  matplotlib is imported only when a picture is drawn.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from .errors import InvalidInput
from .radon import radon_atoms

if TYPE_CHECKING:  # matplotlib is the optional extra "plot", imported on first use
    from matplotlib.figure import Figure

    from .network import ReLUNetwork

__all__ = ["sinogram_figure"]


def sinogram_figure(net: ReLUNetwork, *, extent: float | None = None, resolution: int = 200,
                    merge: bool = True) -> Figure:
    """A matplotlib ``Figure``: the network on ``[-extent, extent]²`` (heat map) and its atoms in the sinogram.

    ``extent`` defaults to twice the largest |t| of an atom plus 1/2 (at least 1.5).  The neurons' hyperplanes are
    drawn as dashed lines on the heat map.  Raises
    :class:`~radontv.InvalidInput` for a network whose input dimension is not 2, and ``ImportError`` with the install
    hint when matplotlib is missing.
    """
    if getattr(net, "dim", None) != 2:
        raise InvalidInput(f"a sinogram picture needs a 2-D network (dim = 2), got dim = {getattr(net, 'dim', None)}")
    if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 10:
        raise InvalidInput(f"resolution must be an integer >= 10, got {resolution!r}")
    try:
        from matplotlib.figure import Figure  # no pyplot: no backend is chosen or switched (Jupyter keeps inline)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("sinogram pictures need matplotlib: pip install 'radontv[plot]'") from exc
    atoms = radon_atoms(net, merge=merge)
    if extent is None:
        extent = max([1.5, *(2 * abs(a.t) + 0.5 for a in atoms)])
    if not extent > 0:
        raise InvalidInput(f"extent must be positive, got {extent!r}")
    grid = np.linspace(-extent, extent, resolution)
    X, Y = np.meshgrid(grid, grid)
    values = net.as_float()(np.column_stack([X.ravel(), Y.ravel()])).reshape(X.shape)

    fig = Figure(figsize=(10, 4.2), layout="constrained")
    left, right = fig.subplots(1, 2)
    im = left.imshow(values, origin="lower", extent=(-extent, extent, -extent, extent), cmap="viridis")
    fig.colorbar(im, ax=left, shrink=0.85, label="network output f(x₁, x₂)")
    for a in atoms:  # the line cos θ x1 + sin θ x2 = t, clipped to the square
        c, s_ = math.cos(a.theta), math.sin(a.theta)
        if abs(s_) > abs(c):
            xs = np.array([-extent, extent])
            left.plot(xs, (a.t - c * xs) / s_, "w--", lw=0.8)
        else:
            ys = np.array([-extent, extent])
            left.plot((a.t - s_ * ys) / c, ys, "w--", lw=0.8)
    left.set_xlim(-extent, extent)
    left.set_ylim(-extent, extent)
    left.set_title(f"network, {net.width} neurons (dashed: their hyperplanes)", fontsize=10)
    left.set_xlabel("x₁")
    left.set_ylabel("x₂")
    if atoms:
        sizes = np.array([a.size for a in atoms])
        area = 30 + 400 * sizes / sizes.max()
        colours = ["tab:red" if a.amplitude > 0 else "tab:blue" for a in atoms]
        right.scatter([a.theta for a in atoms], [a.t for a in atoms], s=area, c=colours, alpha=0.8, edgecolors="k")
    right.set_xlim(0, math.pi)
    tmax = max([1.0, *(1.2 * abs(a.t) for a in atoms)])
    right.set_ylim(-tmax, tmax)
    right.set_xticks([0, math.pi / 4, math.pi / 2, 3 * math.pi / 4, math.pi], ["0", "π/4", "π/2", "3π/4", "π"])
    right.set_xlabel("θ (w = (cos θ, sin θ))")
    right.set_ylabel("t = b / ‖w‖")
    right.set_title("sinogram: one atom per hyperplane, area ∝ |v|‖w‖\n(red v > 0, blue v < 0)", fontsize=10)
    right.axhline(0, color="0.8", lw=0.8)
    return fig
