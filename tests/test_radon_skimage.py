"""Cross-check of :mod:`radontv.radon` against scikit-image's ``radon`` in d = 2 (runs only when skimage is installed).

Centring convention: skimage rotates the zero-padded image about pixel ``M // 2`` of the padded square of side M,
which is the original pixel ``(N // 2, N // 2)``.  Pixel (row i, column j) is therefore the point
x = ((j - N // 2) h, (i - N // 2) h), sinogram row k is the offset t = (k - M // 2) h, and skimage's angle θ is the
direction u = (cos θ, -sin θ) in these coordinates (rows point down).  A sinogram value is a sum of pixels along the
line, so it is multiplied by h to approximate the line integral.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from radontv import radon as R

skimage_transform = pytest.importorskip("skimage.transform")

#: Tolerance law of the comparison: max |skimage·h − Rf| <= SKIMAGE_H2_CONSTANT · h² on a centred grid.  skimage
#: interpolates the rotated image bilinearly (error h²/8 · max|∂²f| per pixel, summed along a line of effective length
#: √(2π)s): for the Gaussian of width s = 1/2 used here that is about 0.63 h²; the constant leaves a margin of 1.6.
SKIMAGE_H2_CONSTANT = 1.0
#: Half-width of the square sampled: 7.6 widths from the centre of the Gaussian, so truncation is below 1e-12.
HALF_WIDTH = 4.0
ANGLES = (0.0, 30.0, 45.0, 90.0, 123.0)


def _error(n: int, centre: tuple[float, float], width: float) -> float:
    h = 2 * HALF_WIDTH / n
    idx = (np.arange(n) - n // 2) * h
    X, Y = np.meshgrid(idx, idx)  # X: columns (x1), Y: rows (x2)
    image = np.exp(-((X - centre[0]) ** 2 + (Y - centre[1]) ** 2) / (2 * width**2))
    sinogram = skimage_transform.radon(image, theta=list(ANGLES), circle=False) * h
    m = sinogram.shape[0]
    offsets = (np.arange(m) - m // 2) * h
    f = R.Gaussian(list(centre), width)
    worst = 0.0
    with mpmath.workdps(15):
        for j, angle in enumerate(ANGLES):
            th = math.radians(angle)
            u = (math.cos(th), -math.sin(th))
            exact = np.array([float(R.radon(f, u, float(t), dps=15)) for t in offsets])
            worst = max(worst, float(np.max(np.abs(sinogram[:, j] - exact))))
    return worst


def test_skimage_radon_matches_closed_form_to_second_order():
    centre, width = (0.3, -0.2), 0.5
    coarse, fine = _error(128, centre, width), _error(256, centre, width)
    h_fine = 2 * HALF_WIDTH / 256
    assert fine <= SKIMAGE_H2_CONSTANT * h_fine**2, (fine, h_fine)
    assert coarse / fine >= 3, f"halving h should divide the error by ~4 (O(h²)); got {coarse / fine:.2f}"
