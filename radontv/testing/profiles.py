"""Seeded hypothesis profiles of radontv: ``radontv-default`` for CI and ``radontv-deep`` for long runs.

Both are derandomized (the same examples on every run: tests stay deterministic), keep no example database, have no
deadline (an exact canonical form or a 50-digit quadrature may legitimately take longer than hypothesis' 200 ms) and
do not report :attr:`~hypothesis.HealthCheck.too_slow`.  ``radontv-default`` runs 200 examples per property,
``radontv-deep`` 10,000.

**In your own suite** nothing needs registering: radontv's pytest plugin (installed with radontv, entry point
``pytest11``, :mod:`radontv.testing.pytest_plugin`) adds the option ``--radontv-profile={default,deep}``, which loads
``radontv-default`` or ``radontv-deep``.  Without the option the plugin changes nothing, and hypothesis' own settings
apply (the public strategies are built to pass its deadline and health checks).

**radontv's own suite** (``tests/conftest.py``) calls :func:`register_profiles`, which also registers the same two
profiles under hypothesis' names ``default`` and ``deep`` and loads ``default``, so that ``pytest`` alone runs the
seeded profile and ``pytest --hypothesis-profile=deep`` the long one.  Calling it overrides hypothesis' ``default``
profile for the whole process: do so only in a conftest whose suite wants these settings by default.
"""

from __future__ import annotations

from typing import Any, cast

from hypothesis import HealthCheck, settings

from ..errors import InvalidInput

__all__ = ["DEEP_EXAMPLES", "DEFAULT_EXAMPLES", "PROFILES", "load_profile", "register_profiles", "scaled_examples"]

DEFAULT_EXAMPLES = 200
DEEP_EXAMPLES = 10_000
#: The choices of ``--radontv-profile`` and the hypothesis profile each one loads.
PROFILES = {"default": "radontv-default", "deep": "radontv-deep"}
_EXAMPLES = {"default": DEFAULT_EXAMPLES, "deep": DEEP_EXAMPLES}


def _register(names: dict[str, str]) -> None:
    """Register the profile of each choice (``default``, ``deep``) under the hypothesis name ``names[choice]``."""
    common: dict[str, Any] = dict(derandomize=True, database=None, deadline=None, print_blob=True,
                  suppress_health_check=[HealthCheck.too_slow])
    for choice, name in names.items():
        settings.register_profile(name, max_examples=_EXAMPLES[choice], **common)


def register_named_profiles() -> None:
    """Register ``radontv-default`` and ``radontv-deep`` (nothing is loaded; hypothesis' own profiles are untouched).

    Afterwards ``pytest --hypothesis-profile=radontv-deep`` works as well as ``--radontv-profile=deep``.
    """
    _register(PROFILES)


def load_profile(choice: str) -> str:
    """Register the named profiles and load the one for ``choice`` (``'default'`` or ``'deep'``); return its name."""
    if choice not in PROFILES:
        raise InvalidInput(f"unknown radontv profile {choice!r}: choose one of {', '.join(PROFILES)}")
    register_named_profiles()
    settings.load_profile(PROFILES[choice])
    return PROFILES[choice]


def register_profiles(*, load: bool = True) -> None:
    """Register the seeded profiles as ``default`` and ``deep`` (hypothesis' names; the named ``radontv-default`` and
    ``radontv-deep`` too) and load ``default`` when ``load`` is true.

    This replaces hypothesis' own ``default`` profile: meant for a conftest (radontv's own ``tests/conftest.py``) whose
    suite wants the seeded settings without any option.  A suite that only wants them on request needs no call: use
    ``pytest --radontv-profile=default`` (or ``deep``).
    """
    _register({"default": "default", "deep": "deep"})
    register_named_profiles()
    if load:
        settings.load_profile("default")


def scaled_examples(fraction: float, *, minimum: int = 20) -> int:
    """A per-test example count: ``fraction`` of the active profile's ``max_examples`` (at least ``minimum``).

    For properties whose single example is expensive (high-precision quadrature, a convex solve), use
    ``@settings(max_examples=scaled_examples(0.1))`` so that the ``deep`` profile still scales them up.
    """
    if not 0 < fraction <= 1:
        raise InvalidInput(f"fraction must be in (0, 1], got {fraction!r}")
    return max(minimum, int(cast(settings, settings.default).max_examples * fraction))  # a profile is loaded
