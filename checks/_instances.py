r"""Seeded random instances shared by the checks: rationals, rational vectors and points, float samples.

**One kind of random generator: :class:`random.Random`.**  Every check draws its instances from one
``random.Random(seed)`` made by :func:`seeded` at its start, so a check's instances are a function of its ``seed``
alone (and of the Python version: the library keeps ``random()`` and the integer seeding stable, and ``randint`` /
``randrange`` have drawn the same integers since Python 3.2).  Why this kind and not ``numpy.random.Generator``:

* the instances are mostly *exact*: ``randint`` returns Python ints, which go into :class:`~fractions.Fraction`
  without casting numpy integers (``np.int64`` overflows silently in products; a Fraction of one is a trap);
* it is what the deep, univariate, rescaling, training and Radon checks already used (the multivariate checks were
  the one family on numpy's generator), and what the tests hand to public generators such as
  :func:`checks.univariate.random_data`;
* it is pure Python, so the drawn instances do not depend on numpy's version.

Float samples (the fit checks' data) are drawn from the same generator by :func:`uniform_array` and
:func:`normal_array` and returned as ``float64`` arrays.

Conventions of the rationals (each helper says which it draws):

* :func:`rational` — numerator uniform in ``[lo, hi]``, denominator uniform in ``[1, den]`` (values in [lo, hi],
  denser near small denominators; zero is drawn with probability about ``1/(hi - lo + 1)``);
* :func:`grid_rational` — numerator uniform in ``[lo, hi]`` over the *fixed* denominator ``den`` (a uniform grid);
* :func:`positive_rational` — numerator in ``[1, hi]``, denominator in ``[1, den]`` (a spread of positive scales).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

__all__ = [
    "grid_rational",
    "nonzero_rational",
    "normal_array",
    "positive_rational",
    "rational",
    "rational_points",
    "rational_unit_vector",
    "rational_vector",
    "seeded",
    "uniform_array",
]

Rng = random.Random


def seeded(seed: int) -> random.Random:
    """The generator of one check run: ``random.Random(seed)`` (draw every instance of the run from it, in order)."""
    return random.Random(seed)


def rational(rng: Rng, lo: int = -24, hi: int = 24, den: int = 4) -> Fraction:
    """A random rational ``p / q``: ``p`` uniform in ``[lo, hi]``, ``q`` uniform in ``[1, den]``."""
    return Fraction(rng.randint(lo, hi), rng.randint(1, den))


def nonzero_rational(rng: Rng, lo: int = -24, hi: int = 24, den: int = 4) -> Fraction:
    """:func:`rational`, with a drawn zero replaced by 1 (one draw either way: the stream does not depend on it)."""
    return rational(rng, lo, hi, den) or Fraction(1)


def grid_rational(rng: Rng, lo: int, hi: int, den: int) -> Fraction:
    """A random point of the grid ``{p / den : lo <= p <= hi}`` (``p`` uniform)."""
    return Fraction(rng.randint(lo, hi), den)


def positive_rational(rng: Rng, hi: int = 200, den: int = 50) -> Fraction:
    """A positive rational ``p / q``, ``p`` uniform in ``[1, hi]``, ``q`` in ``[1, den]`` (default: [1/50, 200])."""
    return Fraction(rng.randint(1, hi), rng.randint(1, den))


def rational_vector(rng: Rng, d: int, lo: int = -24, hi: int = 24, den: int = 4) -> list[Fraction]:
    """``d`` independent :func:`rational` coordinates."""
    return [rational(rng, lo, hi, den) for _ in range(d)]


def rational_points(rng: Rng, n: int, d: int, lo: int = -24, hi: int = 24, den: int = 4) -> list[list[Fraction]]:
    """``n`` points of :math:`\\mathbb Q^d`, each a :func:`rational_vector`."""
    return [rational_vector(rng, d, lo, hi, den) for _ in range(n)]


def rational_unit_vector(rng: Rng, d: int) -> list[Fraction]:
    r"""A random rational unit vector in :math:`\mathbb R^d`: the inverse stereographic projection
    :math:`(2t, 1 - |t|^2)/(1 + |t|^2)` of a rational point :math:`t \in \mathbb Q^{d-1}` (exactly of norm 1, since
    :math:`4|t|^2 + (1 - |t|^2)^2 = (1 + |t|^2)^2`), then a random coordinate order and signs; ``d = 1``: ±1."""
    if d == 1:
        return [Fraction(rng.choice((-1, 1)))]
    t = [rational(rng, -4, 4, 3) for _ in range(d - 1)]
    s = sum(x * x for x in t)
    w = [2 * x / (1 + s) for x in t] + [(1 - s) / (1 + s)]
    rng.shuffle(w)
    return [x * rng.choice((-1, 1)) for x in w]


def _shape(shape: int | Sequence[int]) -> tuple[int, ...]:
    return (shape,) if isinstance(shape, int) else tuple(shape)


def uniform_array(rng: Rng, shape: int | Sequence[int], lo: float = -1.0, hi: float = 1.0) -> np.ndarray:
    """A ``float64`` array of the given shape with independent entries uniform on ``[lo, hi)`` (row-major order)."""
    dims = _shape(shape)
    return np.array([rng.uniform(lo, hi) for _ in range(int(np.prod(dims, dtype=int)))], dtype=np.float64).reshape(dims)


def normal_array(rng: Rng, shape: int | Sequence[int]) -> np.ndarray:
    """A ``float64`` array of the given shape with independent standard normal entries (row-major order)."""
    dims = _shape(shape)
    return np.array([rng.gauss(0.0, 1.0) for _ in range(int(np.prod(dims, dtype=int)))], dtype=np.float64).reshape(dims)
