"""Tests of radontv.rates.gap: the generalization gap of weight-decay solutions against N (catalog F6).

Expected values come from independent routes: the exact TV2 regression re-run at the task's λ (train risk and MSE
recomputed outside the module), power laws built by hand for the exponent, and the definition of an upper rate for
the verdict.  Negative controls: the claim "the gap decays like N^-1" must be refuted by a gap decaying like
N^-1/2, and a gap that does not decay refutes the quoted N^-1/4.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from radontv import InvalidInput
from radontv.rates import estimation, gap
from radontv.rates.engine import run_tasks
from radontv.rates.tasks import Task

finite = st.floats(-3.0, 1.0, allow_nan=False)


@given(finite, st.floats(0.0, 2.0), finite)
def test_upper_rate_verdict_is_the_definition(lo, width, claimed):
    """consistent exactly when the interval reaches down to the claimed exponent (lo <= claimed)."""
    verdict = gap.upper_rate_verdict([lo, lo + width], claimed)
    assert verdict == ("consistent" if lo <= claimed else "refuted")


def test_upper_rate_verdict_bad_interval():
    for interval in ([0.0, -1.0], [math.nan, 0.0], [0.0, math.inf]):
        with pytest.raises(InvalidInput, match="interval"):
            gap.upper_rate_verdict(interval)


def _synthetic(dims, sizes, seeds, exponent, noise=0.1, seed=0):
    rng = np.random.default_rng(seed)
    tasks, results = [], []
    for d in dims:
        for n in sizes:
            for s in range(seeds):
                tasks.append(Task.make("gap", d, n, s))
                g = float(np.exp(noise * rng.standard_normal()) * n ** exponent)
                results.append({"d": d, "N": n, "seed": s, "gap": g, "signed_gap": g, "train_risk": 0.25,
                                "test_risk": 0.25 + g, "mse": g, "lam": 1.0, "at_edge": False, "solver": "x"})
    return tasks, results


def test_summary_of_a_root_n_gap_is_consistent_and_refutes_n_to_the_minus_one():
    """A gap decaying like N^-1/2 (the Rademacher rate): the exponent is recovered, the quoted N^-1/4 upper rate
    is consistent; negative control: the claim 'N^-1' is refuted by the same rows."""
    tasks, results = _synthetic((1, 5), (32, 64, 128, 256, 512), 8, -0.5)
    rows = gap.summarize(tasks, results)
    assert [r["d"] for r in rows] == [1, 5]
    for row in rows:
        assert abs(row["exponent"] + 0.5) < 0.05
        assert row["upper_rate_verdict"] == "consistent"
        assert row["theory"]["upper_rate"] == -0.25 and row["theory"]["status"] == "READ-2nd"
        assert row["theory"]["exponent"] is None  # not a value to fall inside the interval
        assert gap.upper_rate_verdict(row["interval"], -1.0) == "refuted"
        assert row["test_risk"] == pytest.approx([0.25 + e for e in row["errors"]], rel=1e-12)


def test_summary_of_a_gap_that_does_not_decay_refutes_the_quoted_rate():
    """Negative control: a gap that does not decay (exponent 0) refutes the quoted N^-1/4 upper rate."""
    tasks, results = _synthetic((2,), (32, 64, 128, 256), 6, 0.0)
    (row,) = gap.summarize(tasks, results)
    assert row["upper_rate_verdict"] == "refuted"


def test_summary_bad_input():
    tasks, results = _synthetic((1,), (32, 64), 3, -0.5)
    with pytest.raises(InvalidInput, match="results"):
        gap.summarize(tasks, results[:-1])
    with pytest.raises(InvalidInput, match="incomplete"):
        gap.summarize(tasks[1:], results[1:])


def test_gap_task_against_a_direct_recomputation():
    """d = 1: re-running the exact TV2 regression at the task's λ on the same data gives the task's train risk and
    MSE; the test risk is MSE + sigma^2 and the gap |test - train|; negative control: a fit at 4λ differs."""
    from radontv.regression import tv2_regression

    task = Task.make("gap", 1, 64, 2)
    result = gap.run_task(task)
    X, y = estimation.make_data(1, 64, 2, neurons=2, noise=0.5)
    Z = estimation.test_points(1, 2, 4096)
    f = estimation.evaluate(estimation.make_target(1, 2, 2), Z)
    spline = tv2_regression(X[:, 0], y, result["lam"]).spline
    train = np.mean((spline(X[:, 0]) - y) ** 2)
    mse = np.mean((spline(Z[:, 0]) - f) ** 2)
    assert result["train_risk"] == pytest.approx(train, rel=1e-12)
    assert result["mse"] == pytest.approx(mse, rel=1e-12)
    assert result["test_risk"] == pytest.approx(mse + 0.25, rel=1e-12)
    assert result["gap"] == pytest.approx(abs(mse + 0.25 - train), rel=1e-12)
    other = tv2_regression(X[:, 0], y, 4 * result["lam"]).spline
    assert not math.isclose(np.mean((other(X[:, 0]) - y) ** 2), result["train_risk"], rel_tol=1e-6)
    # the gap task fits what the estimation task fits (same data, folds and λ)
    est = estimation.run_task(Task.make("estimation", 1, 64, 2, method="network"))
    assert est["mse"]["network"] == result["mse"] and est["network"]["lam"] == result["lam"]


def test_gap_task_bad_input():
    with pytest.raises(InvalidInput, match="network only"):
        gap.run_task(Task.make("gap", 1, 64, 0, method="kernel"))
    with pytest.raises(InvalidInput, match="experiment"):
        gap.run_task(Task.make("estimation", 1, 64, 0))
    with pytest.raises(InvalidInput, match="too small"):
        gap.run_task(Task.make("gap", 1, 6, 0))
    with pytest.raises(InvalidInput, match="noise"):
        gap.run_task(Task.make("gap", 1, 64, 0, noise=-0.1))


def test_quick_profile_in_one_dimension():
    """The quick grid at d = 1 (two seeds) on the synchronous engine: a row with a finite exponent and interval, a
    verdict, positive gaps, deterministic numbers."""
    grid = dataclasses.replace(gap.PROFILES["quick"], seeds=2)
    tasks = grid.tasks(gap.NAME, dims=(1,))
    results, _ = run_tasks(gap.run_task, tasks, scheduler="synchronous")
    (row,) = gap.summarize(tasks, results)
    assert row["d"] == 1 and row["upper_rate_verdict"] in ("consistent", "refuted")
    assert all(math.isfinite(v) for v in (row["exponent"], *row["interval"]))
    assert all(g > 0 for g in row["errors"])
    assert results[-1] == gap.run_task(tasks[-1])
