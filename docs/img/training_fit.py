"""Regenerate docs/img/training_fit.png: TV² regression of 40 noisy samples of a three-piece linear function.

Run from the repository root: ``python docs/img/training_fit.py`` (needs matplotlib).  The data are drawn with
``numpy.random.default_rng(1)``; the picture is drawn by ``radontv fit DATA.csv --lam 1 --plot OUT.png``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from radontv.cli import main as radontv


def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    x = np.sort(rng.uniform(0, 10, 40))
    f = np.where(x < 3, 0.5 * x, np.where(x < 7, 1.5 - 0.8 * (x - 3), -1.7 + 0.6 * (x - 7)))
    return x, f + 0.25 * rng.standard_normal(40)


def main() -> None:
    x, y = data()
    out = Path(__file__).with_suffix(".png")
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "training_example.csv"
        csv.write_text("x,y\n" + "".join(f"{a:.4f},{b:.4f}\n" for a, b in zip(x, y, strict=True)))
        radontv(["fit", str(csv), "--lam", "1", "--plot", str(out)])


if __name__ == "__main__":
    main()
