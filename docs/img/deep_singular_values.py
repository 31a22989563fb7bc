"""Regenerate docs/img/deep_singular_values.png: singular values of L stacked linear layers during training.

Run from the repository root: ``python docs/img/deep_singular_values.py`` (needs matplotlib).  The target T is 6 x 5
with singular values 5, 3, 1.5, 0.6, 0.3 (orthonormal singular vectors from ``numpy.random.default_rng(1)``); the
factors are trained with weight decay lam = 1 by gradient descent (``radontv.deep.train.train_linear_stack``,
``method="gd"``, seed 0) for L = 2, 3, 4.  Dashed lines: the singular values of the global optimum
(``linear_stack_optimum``: soft thresholding at lam for L = 2).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from radontv.deep.train import linear_stack_optimum, train_linear_stack

SINGULAR_VALUES = (5.0, 3.0, 1.5, 0.6, 0.3)
LAM = 1.0
DEPTHS = (2, 3, 4)


def target() -> np.ndarray:
    rng = np.random.default_rng(1)
    U, _ = np.linalg.qr(rng.standard_normal((6, 5)))
    V, _ = np.linalg.qr(rng.standard_normal((5, 5)))
    return U @ np.diag(SINGULAR_VALUES) @ V.T


def main(out: Path | None = None) -> Path:
    out = out or Path(__file__).with_suffix(".png")
    T = target()
    fig, axes = plt.subplots(1, len(DEPTHS), figsize=(12, 3.8), sharey=True)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, L in zip(axes, DEPTHS, strict=True):
        res = train_linear_stack(T, L, LAM, method="gd", seed=0, max_iter=3000)
        opt = linear_stack_optimum(T, L, LAM)
        steps = np.arange(res.singular_values.shape[0])
        floor = 1e-12 * SINGULAR_VALUES[0]
        for i in range(res.singular_values.shape[1]):
            ax.plot(steps + 1, np.maximum(res.singular_values[:, i], floor), color=colors[i], lw=1.6,
                    label=f"$s_{i + 1}(T) = {SINGULAR_VALUES[i]:g}$")
            if opt.singular_values[i] > 0:
                ax.axhline(opt.singular_values[i], color=colors[i], ls="--", lw=0.9)
        gap = (res.objective - opt.value) / opt.value
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_ylim(1e-9, 10)
        ax.set_xlabel("gradient-descent iteration")
        reached = "J = J* to rounding" if abs(gap) < 1e-12 else f"J - J* = {gap:.0%} of J* (local minimum)"
        ax.set_title(f"L = {L}: rank {res.rank(1e-6)} (optimum: rank {opt.rank})\n{reached}", fontsize=10)
    axes[0].set_ylabel(r"singular values of $W_L\cdots W_1$")
    axes[0].legend(fontsize=8, loc="lower left")
    fig.suptitle(r"weight decay $\frac{\lambda}{2}\sum_\ell\|W_\ell\|_F^2$ on L stacked linear layers, "
                 r"$\lambda = 1$ (dashed: global optimum)", fontsize=11)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


if __name__ == "__main__":
    print(main())
