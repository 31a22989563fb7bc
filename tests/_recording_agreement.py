"""A helper shared by tests/test_mutation_rescaling.py and tests/test_mutation_rescaling_instances.py."""

from __future__ import annotations

from types import ModuleType

import pytest

from radontv.evidence import Agreement


def recording_agreement(monkeypatch: pytest.MonkeyPatch, *modules: ModuleType) -> list[tuple]:
    """Install in each of ``modules`` an Agreement that records every comparison as (kind, instance, lhs, rhs, scale)
    (``holds``: (kind, instance, condition, None, None)); returns the record list."""
    records: list[tuple] = []

    class Recording(Agreement):
        def compare(self, actual, expected, *, instance="", scale=0):
            records.append(("compare", instance, actual, expected, scale))
            return super().compare(actual, expected, instance=instance, scale=scale)

        def at_least(self, lhs, rhs, *, instance="", scale=0):
            records.append(("at_least", instance, lhs, rhs, scale))
            return super().at_least(lhs, rhs, instance=instance, scale=scale)

        def holds(self, condition, *, instance=""):
            records.append(("holds", instance, condition, None, None))
            return super().holds(condition, instance=instance)

    for module in modules:
        monkeypatch.setattr(module, "Agreement", Recording)
    return records
