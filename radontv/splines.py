r"""Linear splines and TV²-minimal fitting of one-dimensional data: the names users import, in one place.

Thin re-export (no code of its own), so that the one-dimensional family has no import cycle:

* :mod:`radontv.linear_spline` — the type :class:`LinearSpline` (truncated-power form
  :math:`f(x) = c_0 + c_1x + \sum_k a_k(x-\tau_k)_+`, :math:`\mathrm{TV}^2(f) = \sum_k|a_k|`, [PN21] §5.1) and
  :func:`unit_roundoff`; it imports no solver;
* :mod:`radontv.splines_interp` — TV²-minimal interpolation (:func:`min_tv2`, :func:`min_tv2_interpolant`,
  :func:`sparsest_interpolant`, :func:`minimal_knot_count`, :func:`curvature_runs`), above the type;
* :mod:`radontv.regression` — one-dimensional TV² regression (:func:`tv2_regression`, :func:`lambda_max`), above both.

Imports go one way only: ``linear_spline`` ← ``splines_interp`` ← ``regression`` ← ``splines``
(``tests/test_import_graph.py`` checks that no module of radontv is in an import cycle).
"""

from __future__ import annotations

from .linear_spline import LinearSpline, unit_roundoff
from .regression import lambda_max, tv2_regression
from .splines_interp import curvature_runs, min_tv2, min_tv2_interpolant, minimal_knot_count, sparsest_interpolant

__all__ = [
    "LinearSpline",
    "curvature_runs",
    "lambda_max",
    "min_tv2",
    "min_tv2_interpolant",
    "minimal_knot_count",
    "sparsest_interpolant",
    "tv2_regression",
    "unit_roundoff",
]

