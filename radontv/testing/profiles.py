"""Seeded hypothesis profiles: ``default`` for CI and ``deep`` for long runs.

Both are derandomized (the same examples on every run: tests stay deterministic) and keep no example database.
``default`` runs 200 examples per property, ``deep`` 10,000.  Register them in a ``conftest.py``::

    from radontv.testing import register_profiles
    register_profiles()

and choose one with ``pytest --hypothesis-profile=deep`` (``default`` is loaded otherwise).
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from ..errors import InvalidInput

__all__ = ["DEEP_EXAMPLES", "DEFAULT_EXAMPLES", "register_profiles", "scaled_examples"]

DEFAULT_EXAMPLES = 200
DEEP_EXAMPLES = 10_000


def register_profiles(*, load: bool = True) -> None:
    """Register the ``default`` and ``deep`` profiles (and load ``default`` when ``load`` is true)."""
    common = dict(derandomize=True, database=None, deadline=None, print_blob=True,
                  suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("default", max_examples=DEFAULT_EXAMPLES, **common)
    settings.register_profile("deep", max_examples=DEEP_EXAMPLES, **common)
    if load:
        settings.load_profile("default")


def scaled_examples(fraction: float, *, minimum: int = 20) -> int:
    """A per-test example count: ``fraction`` of the active profile's ``max_examples`` (at least ``minimum``).

    For properties whose single example is expensive (high-precision quadrature, a convex solve), use
    ``@settings(max_examples=scaled_examples(0.1))`` so that the ``deep`` profile still scales them up.
    """
    if not 0 < fraction <= 1:
        raise InvalidInput(f"fraction must be in (0, 1], got {fraction!r}")
    return max(minimum, int(settings.default.max_examples * fraction))
