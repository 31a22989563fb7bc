"""Tests of radontv.rates.rademacher: the Monte Carlo Rademacher complexity of the unit-path-norm class (D15).

Independent routes: in d = 1 the sup over single neurons by direct summation in exact rationals at every candidate
b (no cumulative sums), and a fine grid of b (Lipschitz slack); in d >= 2 a witness (the returned neuron is feasible
and attains the value) and a fine grid of angles and offsets in d = 2.  Negative controls: a search with one sign
only, the bound 2BC/N (missing sqrt(N)), and the exponent -1/d.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from radontv import InvalidInput
from radontv.rates import rademacher
from radontv.rates.tasks import Task

LEVEL = 0.99  # several intervals per run; see tests/test_rates_maurey.py
RTOL = 1e-12  # float sums of <= 40 terms, relative to the scale C/2 of the objective


def _exact_sup_1d(x, eps, half):
    """max over w = +-1, |b| <= half, s = +-1 of s/N sum eps_n relu(w x_n - b): direct sums at b in {w x_n} and
    the ends, in exact rationals."""
    N = len(x)
    best = Fraction(0)
    for w in (1, -1):
        for b in [w * xn for xn in x] + [-half, half]:
            h = sum(e * max(w * xn - b, Fraction(0)) for e, xn in zip(eps, x, strict=True))
            best = max(best, abs(h) / N)
    return best


@st.composite
def instances_1d(draw):
    N = draw(st.integers(1, 30))
    x = [Fraction(draw(st.integers(-1000, 1000)), 1000) for _ in range(N)]
    eps = [draw(st.sampled_from([-1, 1])) for _ in range(N)]
    scale = draw(st.sampled_from([Fraction(1, 10**8), Fraction(1), Fraction(10**8)]))
    return [scale * v for v in x], eps, scale  # ||x|| <= scale = C/2


def _check_1d(sup_function, x, eps, half):
    X = np.array([[float(v)] for v in x])
    e = np.array(eps, dtype=float)
    value = sup_function(X, e, np.array([[1.0], [-1.0]]), float(half))[0]
    exact = _exact_sup_1d(x, eps, half)
    assert abs(value - float(exact)) <= RTOL * float(half), (value, exact)
    return value


@given(instances_1d())
def test_exact_sup_in_1d(instance):
    """neuron_sup with the two directions +-1 is the exact sup (direct rational sums at every breakpoint)."""
    x, eps, half = instance
    value = _check_1d(rademacher.neuron_sup, x, eps, half)
    # a fine grid of b (off the data) never beats it and comes within the Lipschitz slack (|dh/db| <= 1)
    grid = np.linspace(-float(half), float(half), 2001)[1:-1] + float(half) * 1e-4
    X = np.array([float(v) for v in x])
    e = np.array(eps, dtype=float)
    best_grid = max(np.abs(e @ np.maximum(w * X[:, None] - grid[None, :], 0)).max() / len(x) for w in (1, -1))
    spacing = grid[1] - grid[0]
    assert best_grid <= value + RTOL * float(half)
    assert value - best_grid <= 2 * spacing + RTOL * float(half)  # every b is within 2 spacings of the grid


def test_negative_control_one_sign_only():
    """A search that keeps only s = +1 misses the sup when every sign is -1; the exact comparison catches it."""
    def plus_only(X, eps, W, half):
        value, w, b, s = rademacher.neuron_sup(X, eps, W, half)
        return (value if s > 0 else 0.0), w, b, s

    x = [Fraction(1, 2), Fraction(-1, 3), Fraction(1, 5)]
    with pytest.raises(AssertionError):
        _check_1d(plus_only, x, [-1, -1, -1], Fraction(1))
    _check_1d(rademacher.neuron_sup, x, [-1, -1, -1], Fraction(1))


@st.composite
def instances_nd(draw):
    d = draw(st.integers(2, 6))
    N = draw(st.integers(1, 40))
    seed = draw(st.integers(0, 2**32 - 1))
    scale = draw(st.sampled_from([1e-8, 1.0, 1e8]))
    rng = np.random.default_rng(seed)
    G = rng.standard_normal((N, d))
    X = scale * G / np.linalg.norm(G, axis=1, keepdims=True) * rng.random(N)[:, None] ** (1 / d)
    eps = rng.choice([-1.0, 1.0], size=N)
    W = rademacher._directions(X, rng, 16, 16)
    return X, eps, W, scale


@given(instances_nd())
def test_witness_is_feasible_and_attains_the_value(instance):
    """The returned neuron has ||w|| = 1, |b| <= C/2, and s/N sum eps relu(w.x - b) recomputed equals the value."""
    X, eps, W, half = instance
    value, w, b, s = rademacher.neuron_sup(X, eps, W, half)
    assert value >= 0 and s in (1, -1)
    assert abs(np.linalg.norm(w) - 1) <= 1e-12 and abs(b) <= half
    direct = s * float(np.sum(eps * np.maximum(X @ w - b, 0))) / len(eps)
    assert abs(direct - value) <= RTOL * half * 10
    # without the ascent steps the value can only be lower (a max over fewer candidates)
    assert rademacher.neuron_sup(X, eps, W, half, ascent=False)[0] <= value + RTOL * half


def test_lower_estimate_in_2d_against_a_fine_grid():
    """d = 2: a grid of 3600 angles x 801 offsets gives G with G >= sup - slack (|dJ/dtheta| <= C/2, |dJ/db| <= 1),
    so the estimate never exceeds G + slack; and the search is good: it comes within 2% of G on these instances."""
    rng = np.random.default_rng(5)
    for N in (10, 40):
        G = rng.standard_normal((N, 2))
        X = 0.5 * G / np.linalg.norm(G, axis=1, keepdims=True) * np.sqrt(rng.random(N))[:, None]
        eps = rng.choice([-1.0, 1.0], size=N)
        value = rademacher.neuron_sup(X, eps, rademacher._directions(X, rng, 64, 64), 0.5)[0]
        theta = np.linspace(0, 2 * np.pi, 3600, endpoint=False)
        b = np.linspace(-0.5, 0.5, 801)
        T = X @ np.vstack([np.cos(theta), np.sin(theta)])          # (N, angles)
        grid_best = max(abs(float(np.max(np.abs(np.tensordot(eps, np.maximum(T[:, :, None] - bj, 0), 1))))) / N
                        for bj in np.array_split(b, 8))
        slack = 0.5 * (theta[1] - theta[0]) / 2 + (b[1] - b[0]) / 2
        assert value <= grid_best + slack
        assert value >= 0.98 * grid_best


@pytest.fixture(scope="module")
def quick_rows():
    tasks = rademacher.PROFILES["quick"].tasks("rademacher", dims=(1, 10))
    results = [rademacher.run_task(t) for t in tasks]
    return {row["d"]: row for row in rademacher.summarize(tasks, results, level=LEVEL)}


def test_quick_profile_bound_holds_and_missing_sqrt_n_fails(quick_rows):
    """The mean estimate over seeds is below 2BC/sqrt(N) (ratio interval not above 1) at every N; the bound 2BC/N
    (negative control) is exceeded, with the whole interval of the estimate, for N >= 64."""
    for row in quick_rows.values():
        C = 2.0
        for N, (lo, hi), est_interval in zip(row["sizes"], row["ratio_interval"], row["errors_interval"],
                                             strict=True):
            assert lo < 1, (row["d"], N, lo, hi)
            if N >= 64:
                assert est_interval[0] > 2 * C / N
        assert row["bounds"] == pytest.approx([2 * C / math.sqrt(N) for N in row["sizes"]], rel=1e-15)
        assert row["exact"] == (row["d"] == 1)


def test_quick_profile_exponent(quick_rows):
    """d = 1 (exact sup): the interval contains -1/2; the cursed exponent -1/d is outside for d = 10."""
    lo, hi = quick_rows[1]["interval"]
    assert lo <= -0.5 <= hi
    lo, hi = quick_rows[10]["interval"]
    assert not lo <= -0.1 <= hi
    assert quick_rows[1]["theory"]["exponent"] == -0.5


def test_estimate_scales_with_c_and_is_deterministic():
    """R(F) is homogeneous of degree 1 in C (data and offsets scale together): the ratio to the bound does not change
    when C is 2e-8 or 2e8.  The same task gives the same numbers bit for bit."""
    base = rademacher.run_task(Task.make("rademacher", 3, 50, 7, C=2.0, signs=3))
    for C in (2e-8, 2e8):
        out = rademacher.run_task(Task.make("rademacher", 3, 50, 7, C=C, signs=3))
        assert out["estimate"] / out["bound"] == pytest.approx(base["estimate"] / base["bound"], rel=1e-9)
    assert rademacher.run_task(Task.make("rademacher", 3, 50, 7, C=2.0, signs=3)) == base
    assert rademacher.run_task(Task.make("rademacher", 3, 50, 8, C=2.0, signs=3)) != base


def test_single_sign_vector_has_zero_stderr():
    out = rademacher.run_task(Task.make("rademacher", 1, 20, 0, signs=1))
    assert out["stderr"] == 0.0 and out["exact"] is True and out["estimate"] > 0


@pytest.mark.parametrize("params, match", [
    ({"C": 0.0}, "'C'"), ({"C": -1.0}, "'C'"), ({"C": True}, "'C'"), ({"C": "2"}, "'C'"),
    ({"signs": 0}, "signs"), ({"directions": 0}, "directions"), ({"pairs": 1.5}, "pairs"),
])
def test_bad_params(params, match):
    with pytest.raises(InvalidInput, match=match):
        rademacher.run_task(Task.make("rademacher", 2, 8, 0, **params))


def test_bad_tasks_and_summaries():
    for make in (lambda: Task.make("rademacher", 0, 8, 0), lambda: Task.make("rademacher", 2, 0, 0)):
        with pytest.raises(InvalidInput):
            make()
    with pytest.raises(InvalidInput, match="finite"):
        Task.make("rademacher", 2, 8, 0, C=math.nan)
    with pytest.raises(InvalidInput, match="Task"):
        rademacher.run_task("rademacher")
    with pytest.raises(InvalidInput, match="no tasks"):
        rademacher.summarize([], [])
    tasks = rademacher.PROFILES["quick"].tasks("rademacher", dims=(1,))[:8]
    with pytest.raises(InvalidInput, match="at least 2 sizes"):
        rademacher.summarize(tasks, [{"estimate": 1.0, "bound": 1.0}] * 8)


def test_same_numbers_in_a_fresh_process():
    """A task computes the same numbers in another interpreter (other hash seed, default BLAS threads)."""
    import json
    import os
    import subprocess
    import sys

    code = ("import json; from radontv.rates import rademacher; from radontv.rates.tasks import Task; "
            "print(json.dumps([rademacher.run_task(Task.make('rademacher', d, 100, 3, signs=3)) for d in (1, 2, 6)]))")
    env = dict(os.environ, PYTHONHASHSEED="54321")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    here = [rademacher.run_task(Task.make("rademacher", d, 100, 3, signs=3)) for d in (1, 2, 6)]
    assert json.loads(out.stdout) == json.loads(json.dumps(here))
