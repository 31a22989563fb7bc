"""Gaps found by mutation testing of checks/rescaling.py and checks/rescaling_instances.py, third pass
(tests/mutation-equivalents.md); split from tests/test_mutation_rescaling.py to keep each file under 20 s.

What a check records, comparison by comparison (a recording :class:`~radontv.evidence.Agreement` installed in the
check module), and what the instance helpers draw, each recomputed here by an independent route (plain Fraction
loops, closed forms, hand values).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from radontv.checks import rescaling as checks

from radontv.evidence import Agreement


def _recording(monkeypatch) -> list[tuple]:
    """Install in checks.rescaling an Agreement that records every comparison as (kind, instance, lhs, rhs, scale)
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

    monkeypatch.setattr(checks, "Agreement", Recording)
    return records


def _concrete_only(monkeypatch) -> None:
    """Cut the checks' networks to the two concrete ones (the random networks do not matter for what is pinned)."""
    original = checks.example_networks
    monkeypatch.setattr(checks, "example_networks", lambda examples, seed: original(0, seed))


# -- rescaling.amgm ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("examples, count", [(0, 2), (5, 2), (6, 3), (9, 4)])
def test_amgm_adds_half_the_examples_as_balanced_neurons(monkeypatch, examples, count):
    """check_amgm appends max(2, examples // 2) balanced neurons (|v| = ||w||), each compared at equality WD^2 =
    PN^2 (kills amgm 48: examples // 3, the same count at examples 0..5)."""
    _concrete_only(monkeypatch)
    records = _recording(monkeypatch)
    result = checks.check_amgm(dps=50, examples=examples, seed=0)
    names = {rec[1].split(",")[0].split(":")[0] for rec in records if rec[1].startswith("balanced neuron #")}
    assert names == {f"balanced neuron #{i}" for i in range(count)}
    equal = [rec for rec in records if rec[1].startswith("balanced neuron #") and "(balanced)" in rec[1]]
    assert len(equal) == count and all(rec[2] == rec[3] and rec[4] == 0 for rec in equal)
    assert result.verdict.value == "proved" and isinstance(result.residual, Fraction | int)
