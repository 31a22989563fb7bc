r"""Rate exponents: the log–log slope of an error against a size (width K or sample size N), with a bootstrap interval.

Given errors :math:`e_{s,j}` for seeds :math:`s = 1..S` and sizes :math:`n_1 < \dots < n_J`, the exponent is the
ordinary least-squares slope of :math:`y_j = \log \bar e_j` against :math:`x_j = \log n_j`, where
:math:`\bar e_j = \frac1S \sum_s e_{s,j}` is the mean over seeds:

.. math:: \hat\alpha = \frac{\sum_j (x_j - \bar x)(y_j - \bar y)}{\sum_j (x_j - \bar x)^2}.

A rate :math:`e \approx c\,n^{\alpha}` has slope :math:`\alpha` (e.g. :math:`-1/2` for Maurey's empirical method,
[SPLN24] §3.2.1 eqs. (22)–(24)).  The interval is the percentile bootstrap over seeds (Efron & Tibshirani 1993,
§13.3): resample the *rows* :math:`s` with replacement (each row is one seed across all sizes, so a seed's target and
data stay together), recompute :math:`\hat\alpha`, and take the :math:`(1 \mp \text{level})/2` quantiles
:math:`[q_-, q_+]`.  With few seeds the plain percentile interval under-covers (measured: 88 % instead of 95 % with
S = 8 seeds): the bootstrap variance of a mean is :math:`(S-1)/S` times the unbiased one, and the normal quantile
:math:`z` stands where Student's :math:`t_{S-1}` belongs.  So each side is stretched about :math:`\hat\alpha` by

.. math:: \kappa_S = \frac{t_{S-1,(1+\text{level})/2}}{z_{(1+\text{level})/2}}\sqrt{\frac{S}{S-1}},\qquad
          [\hat\alpha - \kappa_S(\hat\alpha - q_-),\ \hat\alpha + \kappa_S(q_+ - \hat\alpha)]

(:math:`\kappa_8 = 1.29` at 95 %, :math:`\kappa_S \to 1` as :math:`S \to \infty`; the classical small-sample
correction of a mean, applied to the slope, a smooth function of the means).  The interval always contains
:math:`\hat\alpha`.  tests/test_rates_slopes.py measures its coverage.

The slope is scale-free: multiplying every error by :math:`c > 0` adds :math:`\log c` to every :math:`y_j`, which the
centring removes; the errors are divided by their largest value first, so even errors near the ends of the float
range (1e-300, 1e300) are fitted without overflow.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import norm as normal
from scipy.stats import t as student_t

from ..errors import InvalidInput
from ..typing import ArrayLike

__all__ = ["Exponent", "arrange", "bootstrap_mean", "fit_exponent", "small_sample_factor"]


@dataclass(frozen=True)
class Exponent:
    """A fitted rate exponent with its percentile bootstrap interval (see the module docstring)."""

    value: float
    interval: tuple[float, float]
    level: float
    sizes: tuple[int, ...]
    seeds: int

    def contains(self, x: float) -> bool:
        """True when ``x`` lies in the closed interval ``[lo, hi]``."""
        lo, hi = self.interval
        return bool(lo <= x <= hi)

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form: ``{"value", "interval": [lo, hi], "level", "sizes", "seeds"}``."""
        return {"value": self.value, "interval": [self.interval[0], self.interval[1]], "level": self.level,
                "sizes": list(self.sizes), "seeds": self.seeds}


def _slopes(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """OLS slopes of each row of ``y`` (shape (R, J)) against ``x`` (shape (J,))."""
    xc = x - x.mean()
    yc = y - y.mean(axis=-1, keepdims=True)
    return (yc @ xc) / float(xc @ xc)


def _validated(sizes: Sequence[int], errors: Any) -> tuple[tuple[int, ...], np.ndarray]:
    try:
        size_list = [int(n) for n in sizes]
    except (TypeError, ValueError):
        raise InvalidInput(f"sizes must be a sequence of positive integers, got {sizes!r}") from None
    if any(int(n) != n for n in sizes):
        raise InvalidInput(f"sizes must be integers (widths K or sample sizes N), got {list(sizes)!r}")
    if len(size_list) < 2:
        raise InvalidInput(f"fitting an exponent needs at least 2 sizes, got {len(size_list)}; add sizes to the grid")
    if min(size_list) < 1:
        raise InvalidInput(f"sizes must be >= 1, got {size_list}")
    if len(set(size_list)) != len(size_list):
        raise InvalidInput(f"sizes must be distinct, got {size_list}; merge the repeated columns first")
    try:
        e = np.asarray(errors, dtype=float)
    except (TypeError, ValueError):
        raise InvalidInput("errors must be a numeric array of shape (seeds, sizes)") from None
    if e.ndim != 2 or e.shape[1] != len(size_list):
        raise InvalidInput(f"errors must have shape (seeds, {len(size_list)}) (one column per size), got {e.shape}")
    if e.shape[0] < 2:
        raise InvalidInput(f"the bootstrap over seeds needs at least 2 seeds, got {e.shape[0]}; run more seeds")
    if not np.all(np.isfinite(e)):
        raise InvalidInput("errors contain NaN or infinity; every error must be a finite positive number")
    if np.any(e <= 0):
        raise InvalidInput("errors must be > 0 (their logarithm is fitted); an exact zero error has no rate")
    return tuple(size_list), e


def fit_exponent(sizes: Sequence[int], errors: ArrayLike, *, level: float = 0.95, resamples: int = 2000,
                 seed: int = 0) -> Exponent:
    r"""The log–log slope of the mean error over seeds against the size, with a percentile bootstrap interval.

    ``errors[s, j]`` is the error of seed ``s`` at size ``sizes[j]``.  The interval resamples seeds (rows) with
    replacement ``resamples`` times with ``numpy.random.default_rng(seed)``; it is deterministic given ``seed``.
    Raises :class:`~radontv.InvalidInput` for fewer than 2 sizes or 2 seeds, repeated sizes, a wrong shape, or
    errors that are not finite and positive.

    >>> e = fit_exponent([1, 4, 16], [[1.0, 0.5, 0.25], [2.0, 1.0, 0.5]])
    >>> round(e.value, 12), e.contains(-0.5)
    (-0.5, True)
    """
    size_tuple, e = _validated(sizes, errors)
    if not (isinstance(level, (int, float)) and math.isfinite(level) and 0 < level < 1):
        raise InvalidInput(f"level must be in (0, 1), e.g. 0.95, got {level!r}")
    if isinstance(resamples, bool) or not isinstance(resamples, int) or resamples < 10:
        raise InvalidInput(f"resamples must be an integer >= 10 (e.g. 2000), got {resamples!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidInput(f"seed must be a non-negative integer, got {seed!r}")
    e = e / e.max()  # scale-free (see the module docstring)
    x = np.log(np.asarray(size_tuple, dtype=float))
    value = float(_slopes(x, np.log(e.mean(axis=0))[None, :])[0])
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, e.shape[0], size=(resamples, e.shape[0]))
    boot = _slopes(x, np.log(e[rows].mean(axis=1)))
    lo, hi = np.quantile(boot, [(1 - level) / 2, (1 + level) / 2])
    kappa = small_sample_factor(e.shape[0], level)
    lo, hi = value - kappa * max(value - lo, 0.0), value + kappa * max(hi - value, 0.0)
    return Exponent(value=value, interval=(float(lo), float(hi)), level=float(level), sizes=size_tuple,
                    seeds=int(e.shape[0]))


def small_sample_factor(seeds: int, level: float) -> float:
    """kappa_S = t_{S-1, (1+level)/2} / z_{(1+level)/2} * sqrt(S/(S-1)) (module docstring); 1 in the limit."""
    q = (1 + level) / 2
    return float(student_t.ppf(q, seeds - 1) / normal.ppf(q) * math.sqrt(seeds / (seeds - 1)))


def bootstrap_mean(values: ArrayLike, *, level: float = 0.95, resamples: int = 2000, seed: int = 0
                   ) -> tuple[float, float, float]:
    """The mean of ``values`` (one per seed) and its percentile bootstrap interval: ``(mean, lo, hi)``.

    Seeds are resampled with replacement ``resamples`` times with ``numpy.random.default_rng(seed)`` and the
    percentile interval is stretched by the small-sample factor, as in :func:`fit_exponent`.  InvalidInput for fewer
    than 2 values or non-finite values.

    >>> bootstrap_mean([1.0, 1.0, 1.0])
    (1.0, 1.0, 1.0)
    """
    v = np.asarray(values, dtype=float)
    if v.ndim != 1 or v.size < 2:
        raise InvalidInput(f"bootstrap_mean needs a 1-D array of at least 2 values (one per seed), got shape {v.shape}")
    if not np.all(np.isfinite(v)):
        raise InvalidInput("bootstrap_mean: values contain NaN or infinity")
    if not (isinstance(level, (int, float)) and math.isfinite(level) and 0 < level < 1):
        raise InvalidInput(f"level must be in (0, 1), e.g. 0.95, got {level!r}")
    mean = float(v.mean())
    rng = np.random.default_rng(seed)
    boot = v[rng.integers(0, v.size, size=(resamples, v.size))].mean(axis=1)
    lo, hi = np.quantile(boot, [(1 - level) / 2, (1 + level) / 2])
    kappa = small_sample_factor(v.size, level)
    return mean, float(mean - kappa * max(mean - lo, 0.0)), float(mean + kappa * max(hi - mean, 0.0))


def arrange(cells: dict[Any, dict[tuple[int, int], float]], *, experiment: str
            ) -> dict[Any, tuple[list[int], list[int], np.ndarray]]:
    """Per group, the values ``{(seed, size): value}`` as ``(sizes, seeds, values[seed, size])`` (sorted), the input
    of :func:`fit_exponent`.  InvalidInput names the group and the missing cells when a grid is incomplete."""
    out = {}
    for group, cell in sorted(cells.items()):
        sizes = sorted({size for _, size in cell})
        seeds = sorted({seed for seed, _ in cell})
        missing = [(s, n) for s in seeds for n in sizes if (s, n) not in cell]
        if missing:
            raise InvalidInput(f"{experiment}.summarize: the grid of {group} is incomplete (missing (seed, size) "
                               f"{missing[:3]}); run every size for every seed")
        out[group] = (sizes, seeds, np.array([[cell[(s, n)] for n in sizes] for s in seeds]))
    return out

