"""Tests of radontv.rates.maurey: Maurey's empirical method, its expectation identity and the K^(-1/2) rate (F1, F2).

Independent routes: the expectation E||f - f_K||^2 by exact enumeration of every index tuple (with explicit loops over
neurons and points, in float and in exact rationals), the empirical average over many draws, and the quick profile's
fitted exponent against the stated -1/2.  Negative controls: a wrong sampler (uniform indices), the exponent -1/d, a
bound decaying as K^(-1) instead of K^(-1/2), and a bound without K^(-1/2).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from radontv import InvalidInput
from radontv.rates import maurey
from radontv.rates.slopes import fit_exponent
from radontv.rates.tasks import Task

LEVEL = 0.99  # this file checks ~12 intervals; at 95 % each, one would miss by chance every other run of a new seed
RTOL = 1e-12  # float64 sums of <= ~100 terms; relative to ||nu||^2 C^2 / K, the size of the terms that cancel


def _relu(t):
    return t if t > 0 else 0 * t


def _brute_mean_square(W, b, A, X, K):
    """E||f - f_K||^2 over the empirical measure of X, by enumerating all M^K index tuples (loops, no matrices)."""
    M, D = len(A), len(A[0])
    norms = [math.sqrt(sum(a * a for a in A[m])) for m in range(M)]
    nu = sum(norms)
    phi = [[_relu(sum(W[m][i] * x[i] for i in range(len(x))) - b[m]) for x in X] for m in range(M)]
    f = [[sum(A[m][j] * phi[m][n] for m in range(M)) for j in range(D)] for n in range(len(X))]
    total = 0.0
    for tup in itertools.product(range(M), repeat=K):
        prob = math.prod(norms[m] / nu for m in tup)
        err = 0.0
        for n in range(len(X)):
            for j in range(D):
                fk = sum(nu * A[m][j] / norms[m] * phi[m][n] for m in tup) / K
                err += (f[n][j] - fk) ** 2
        total += prob * err / len(X)
    return total


@st.composite
def tiny_tasks(draw):
    d = draw(st.integers(1, 3))
    M = draw(st.integers(1, 4))
    K = draw(st.integers(1, 3))
    D = draw(st.integers(1, 3))
    n = draw(st.integers(1, 5))
    seed = draw(st.integers(0, 10_000))
    return Task.make("maurey", d, K, seed, neurons=M, outputs=D, points=n)


@given(tiny_tasks())
def test_expectation_identity_against_enumeration(task):
    """run_task's expected_rms^2 = (||nu||^2 sum p_m ||phi_m||^2 - ||f||^2)/K equals the exact expectation over all
    index tuples of the task's own target and points."""
    W, b, A = maurey._target(task.d, task.seed, task.param("neurons"), task.param("outputs"))
    X = maurey._points(task.d, task.seed, task.param("points"))
    brute = _brute_mean_square(W.tolist(), b.tolist(), A.tolist(), X.tolist(), task.size)
    out = maurey.run_task(task)
    scale = out["norm"] ** 2 * out["C"] ** 2 / task.size
    assert abs(out["expected_rms"] ** 2 - brute) <= RTOL * scale + 1e-300
    assert out["expected_rms"] <= out["bound"] * (1 + RTOL)
    assert out["bound"] <= out["thm3_bound"] * (1 + RTOL)
    assert abs(out["norm"] - 1.0) <= RTOL  # amplitudes are normalised to ||nu|| = 1


def test_expectation_identity_exact_rationals():
    """The identity of the module docstring in exact arithmetic: rational unit normals (3/5, 4/5), (1, 0),
    (5/13, -12/13), amplitudes with rational Euclidean norms, rational points; all 3^3 tuples for K = 3.
    Negative control: the identity without the - ||f||^2 term is off."""
    W = [(Fraction(3, 5), Fraction(4, 5)), (Fraction(1), Fraction(0)), (Fraction(5, 13), Fraction(-12, 13))]
    b = [Fraction(1, 3), Fraction(1, 2), Fraction(-1, 4)]
    A = [((Fraction(3), Fraction(4)), 5), ((Fraction(-6), Fraction(8)), 10), ((Fraction(0), Fraction(-2)), 2)]
    X = [(Fraction(1, 7), Fraction(2, 3)), (Fraction(9, 10), Fraction(1, 5)), (Fraction(1, 2), Fraction(1, 2))]
    K = 3
    nu = sum(r for _, r in A)
    phi = [[max(W[m][0] * x[0] + W[m][1] * x[1] - b[m], Fraction(0)) for x in X] for m in range(3)]
    f = [[sum(A[m][0][j] * phi[m][n] for m in range(3)) for j in range(2)] for n in range(3)]
    brute = Fraction(0)
    for tup in itertools.product(range(3), repeat=K):
        prob = math.prod(Fraction(A[m][1], nu) for m in tup)
        err = sum((f[n][j] - sum(nu * A[m][0][j] / A[m][1] * phi[m][n] for m in tup) / K) ** 2
                  for n in range(3) for j in range(2)) / 3
        brute += prob * err
    sq = [sum(p * p for p in phi[m]) / 3 for m in range(3)]
    f_sq = sum(v * v for row in f for v in row) / 3
    identity = (nu**2 * sum(Fraction(A[m][1], nu) * sq[m] for m in range(3)) - f_sq) / K
    assert brute == identity
    assert brute != nu**2 * sum(Fraction(A[m][1], nu) * sq[m] for m in range(3)) / K
    assert brute <= nu**2 * max(sq) / K  # the bound ||nu||^2 C^2 / K


def _draw_errors(sampler, W, b, A, X, K, draws, rng):
    F = np.maximum(X @ W.T - b, 0) @ A
    out = np.empty(draws)
    for r in range(draws):
        Wk, bk, Ak = sampler(W, b, A, K, rng)
        R = F - np.maximum(X @ Wk.T - bk, 0) @ Ak
        out[r] = np.mean(np.sum(R * R, axis=1))
    return out


def _uniform_sampler(W, b, A, K, rng):
    """Wrong on purpose: indices uniform instead of proportional to ||a_m||."""
    norms = np.linalg.norm(A, axis=1)
    idx = rng.integers(0, len(norms), size=K)
    return W[idx], b[idx], (norms.sum() / K) * A[idx] / norms[idx, None]


@pytest.mark.parametrize("outputs", [1, 3])
def test_average_over_draws_matches_identity(outputs):
    """The average of ||f - f_K||^2 over 3000 draws of maurey_draw is within 5 standard errors of the identity;
    the uniform sampler (negative control) is not."""
    task = Task.make("maurey", 3, 5, 11, neurons=6, outputs=outputs, points=40)
    W, b, A = maurey._target(task.d, task.seed, 6, outputs)
    X = maurey._points(task.d, task.seed, 40)
    expected = maurey.run_task(task)["expected_rms"] ** 2
    rng = np.random.default_rng(1)
    good = _draw_errors(maurey.maurey_draw, W, b, A, X, 5, 3000, rng)
    assert abs(good.mean() - expected) <= 5 * good.std(ddof=1) / math.sqrt(good.size)
    bad = _draw_errors(_uniform_sampler, W, b, A, X, 5, 3000, rng)
    assert abs(bad.mean() - expected) > 5 * bad.std(ddof=1) / math.sqrt(bad.size)


def test_draw_is_a_k_neuron_network_with_path_norm_nu():
    W, b, A = maurey._target(4, 3, 50, 2)
    for K in (1, 7, 200):
        Wk, bk, Ak = maurey.maurey_draw(W, b, A, K, np.random.default_rng(K))
        assert len(bk) <= min(K, 50)
        path = np.linalg.norm(Ak, axis=1).sum()
        assert abs(path - np.linalg.norm(A, axis=1).sum()) <= 1e-12 * path
        assert np.allclose(np.linalg.norm(Wk, axis=1), 1.0, rtol=1e-14, atol=0)


def test_deterministic_and_cache_transparent():
    """The same task gives the same numbers bit for bit, with the in-process target cache warm or cleared."""
    task = Task.make("maurey", 5, 16, 3, neurons=300, outputs=2, points=500, draws=2)
    first = maurey.run_task(task)
    maurey._cached_target_on_points.cache_clear()
    assert maurey.run_task(task) == first
    assert maurey.run_task(Task.make("maurey", 5, 16, 3, neurons=300, outputs=2, points=500, draws=2)) == first
    assert maurey.run_task(Task.make("maurey", 5, 16, 4, neurons=300, outputs=2, points=500, draws=2)) != first


def test_target_and_points_do_not_depend_on_k():
    """Sub-streams: ||nu||, C and ||f|| are the same for every K (exactly); the draws are not."""
    outs = [maurey.run_task(Task.make("maurey", 3, K, 5, neurons=200, points=300)) for K in (1, 2, 64)]
    for key in ("norm", "C", "f_norm"):
        assert outs[0][key] == outs[1][key] == outs[2][key]
    assert outs[1]["bound"] * math.sqrt(2) == pytest.approx(outs[0]["bound"], rel=1e-15)


@pytest.fixture(scope="module")
def quick_rows():
    profile = maurey.PROFILES["quick"]
    tasks = profile.tasks("maurey", dims=(2, 5, 20))
    results = [maurey.run_task(t) for t in tasks]
    return {row["d"]: row for row in maurey.summarize(tasks, results, level=LEVEL)}, tasks, results


def test_quick_profile_exponent_is_minus_one_half(quick_rows):
    rows, _, _ = quick_rows
    for d in (2, 20):
        row = rows[d]
        lo, hi = row["interval"]
        assert lo <= -0.5 <= hi, row
        assert abs(row["exponent"] + 0.5) < 0.1
        assert row["theory"]["exponent"] == -0.5 and row["theory"]["status"] == "READ"
        assert row["sizes"] == list(maurey.PROFILES["quick"].sizes) and row["seeds"] == 8


def test_negative_control_exponent_minus_one_over_d(quick_rows):
    """The d-dependent exponent -1/d (a cursed rate) lies outside the measured interval for d = 5 and d = 20."""
    rows, _, _ = quick_rows
    for d in (5, 20):
        lo, hi = rows[d]["interval"]
        assert not lo <= -1 / d <= hi


def test_bounds_hold_and_their_negative_controls_fail(quick_rows):
    """Mean square over seeds of (error/bound)^2 has its interval below 1 at every K, and (error/expected_rms)^2
    around 1.  Negative controls: a bound decaying as K^(-1) is exceeded at large K (interval above 1); a bound
    without K^(-1/2) holds but its exponent 0 is outside the measured interval."""
    rows, tasks, results = quick_rows
    for row in rows.values():
        assert all(hi < 1 for _, hi in row["ms_ratio_interval"]), row["ms_ratio_interval"]
        assert all(hi < 1 for _, hi in row["thm3_ms_ratio_interval"])
        assert sum(lo <= 1 <= hi for lo, hi in row["identity_ratio_interval"]) >= len(row["sizes"]) - 1
        assert not row["interval"][0] <= 0 <= row["interval"][1]
    faster = [dict(r, bound=r["bound"] / math.sqrt(t.size)) for t, r in zip(tasks, results, strict=True)]
    for row in maurey.summarize(tasks, faster, level=LEVEL):
        assert row["ms_ratio_interval"][-1][0] > 1


def test_vector_outputs_quick():
    profile = maurey.PROFILES["quick_vector"]
    tasks = profile.tasks("maurey", dims=(2,))
    results = [maurey.run_task(t) for t in tasks]
    (row,) = maurey.summarize(tasks, results, level=LEVEL)
    assert row["outputs"] == 3 and row["theory"]["source"].startswith("SPLN24 Thm 3")
    assert row["interval"][0] <= -0.5 <= row["interval"][1]
    # the D^(3/2) form is looser than the identity's bound by exactly D^(3/2)
    assert row["thm3_bounds"][0] == pytest.approx(3**1.5 * row["bounds"][0], rel=1e-12)
    assert all(hi < 1 for _, hi in row["ms_ratio_interval"])


def test_exponent_of_mean_errors_matches_fit(quick_rows):
    rows, _, _ = quick_rows
    row = rows[2]
    e = fit_exponent(row["sizes"], np.array([row["errors"], row["errors"]]))
    assert e.value == pytest.approx(row["exponent"], rel=1e-12)


@pytest.mark.parametrize("make", [
    lambda: Task.make("maurey", 0, 4, 0),
    lambda: Task.make("maurey", 2, 0, 0),
    lambda: Task.make("maurey", 2, 4, -1),
])
def test_bad_task_fields(make):
    with pytest.raises(InvalidInput):
        make()


@pytest.mark.parametrize("params, match", [
    ({"neurons": 0}, "neurons"), ({"points": 0}, "points"), ({"outputs": -1}, "outputs"),
    ({"draws": True}, "draws"), ({"neurons": 2.5}, "neurons"),
])
def test_bad_params(params, match):
    with pytest.raises(InvalidInput, match=match):
        maurey.run_task(Task.make("maurey", 2, 4, 0, **params))


def test_bad_summarize_input():
    tasks = maurey.PROFILES["quick"].tasks("maurey", dims=(2,))[:3]
    results = [{"error": 1.0, "bound": 1.0, "thm3_bound": 1.0, "expected_rms": 1.0}] * 3
    with pytest.raises(InvalidInput, match="tasks but"):
        maurey.summarize(tasks, results[:2])
    with pytest.raises(InvalidInput, match="no tasks"):
        maurey.summarize([], [])
    with pytest.raises(InvalidInput, match="at least 2 sizes"):
        maurey.summarize(tasks, results)  # one size only
    more = maurey.PROFILES["quick"].tasks("maurey", dims=(2,))[:10]  # size 4 x 8 seeds, size 8 x 2 seeds
    with pytest.raises(InvalidInput, match="incomplete"):
        maurey.summarize(more, [results[0]] * 10)
    with pytest.raises(InvalidInput, match="Task"):
        maurey.run_task({"d": 2})


def test_same_numbers_in_a_fresh_process():
    """A task computes the same numbers in another interpreter (other hash seed, default BLAS threads, cold cache)."""
    import json
    import os
    import subprocess
    import sys

    task = Task.make("maurey", 7, 32, 2, neurons=700, outputs=2, points=600, draws=2)
    code = ("import json; from radontv.rates import maurey; from radontv.rates.tasks import Task; "
            "t = Task.make('maurey', 7, 32, 2, neurons=700, outputs=2, points=600, draws=2); "
            "print(json.dumps(maurey.run_task(t)))")
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert json.loads(out.stdout) == json.loads(json.dumps(maurey.run_task(task)))
