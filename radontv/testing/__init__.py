"""Public testing API for users' own property-based test suites.

* :mod:`radontv.testing.strategies` — hypothesis strategies: ``relu_networks()``, ``positive_scales()``,
  ``datasets()``;
* :mod:`radontv.testing.assertions` — ``assert_same_function`` and ``assert_claim`` in the style of
  :mod:`numpy.testing`;
* :func:`register_profiles` — the seeded hypothesis profiles ``default`` (CI) and ``deep``; select one with
  ``pytest --hypothesis-profile=deep``.
"""

from __future__ import annotations

from .assertions import assert_claim, assert_same_function
from .profiles import register_profiles, scaled_examples

__all__ = ["assert_claim", "assert_same_function", "register_profiles", "scaled_examples"]
