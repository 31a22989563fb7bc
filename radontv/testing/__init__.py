"""Public testing API for users' own property-based test suites.

* :mod:`radontv.testing.strategies` — hypothesis strategies: ``relu_networks()``, ``positive_scales()``,
  ``datasets()``;
* :mod:`radontv.testing.assertions` — ``assert_same_function`` and ``assert_claim`` in the style of
  :mod:`numpy.testing`;
* the seeded hypothesis profiles ``radontv-default`` (200 examples, derandomized, no deadline) and ``radontv-deep``
  (10,000): in a user's suite loaded by ``pytest --radontv-profile=default`` or ``deep`` (radontv's pytest plugin,
  :mod:`radontv.testing.pytest_plugin`; no conftest needed; without the option hypothesis' own settings apply, and
  the strategies pass its deadline and health checks); :func:`register_profiles` registers them under hypothesis'
  names ``default`` and ``deep`` as well, for radontv's own ``tests/conftest.py``
  (:mod:`radontv.testing.profiles`).

The names below are imported on first access (PEP 562): pytest imports this package for the plugin in every suite
where radontv is installed, and that must not load hypothesis, numpy or radontv's numeric modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:  # for type checkers and IDEs; at run time these come from __getattr__
    from .assertions import assert_claim, assert_same_function
    from .profiles import register_profiles, scaled_examples

#: The public names, imported from their module on first access.
_LAZY = {
    "assert_claim": ".assertions",
    "assert_same_function": ".assertions",
    "register_profiles": ".profiles",
    "scaled_examples": ".profiles",
}

__all__ = ["assert_claim", "assert_same_function", "register_profiles", "scaled_examples"]


__getattr__, __dir__ = lazy_names(globals(), _LAZY)
