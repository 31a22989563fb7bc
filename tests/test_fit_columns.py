"""Column generation for the global R-TV² fit (issue 14): the same certified optimum as the full cone program, the
pricing against independent routes, and negative controls (stopped early or priced wrongly: never certified).

Independent references: the full method (one cone program over every pattern, modelled in cvxpy: another
formulation and another modelling path than column generation's direct Clarabel program); the exact dual norm
``rho_exact_2d`` in d = 2 (arcs of the circle, not candidate neurons); linear separability by a linear program for the
activation patterns; the plain maximum of the NNLS bound over every pattern for the pruned certificate.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("cvxpy")

import radontv.fit as fit_module
import radontv.fit_columns as columns_module
from radontv.arrangements import activation_patterns
from radontv.errors import FitNotCertified
from radontv.fit import CERTIFIED_RTOL, rtv2_fit
from radontv.fit_certificate import _nnls_bound, rho_exact_2d, rho_nnls
from radontv.fit_columns import PatternTable, column_generation, facets
from radontv.fit_conic import cone_program
from radontv.fit_pricing import hyperplanes_through_points, neuron_candidates
from radontv.testing import scaled_examples


def _data(seed: int, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(-1, 1, (n, d)), rng.uniform(-1, 1, n)


def _dual(seed: int, Z: np.ndarray) -> np.ndarray:
    """A random multiplier orthogonal to the affine functions of the rows of Z."""
    p = np.random.default_rng(seed).standard_normal(Z.shape[0])
    Q, _ = np.linalg.qr(np.hstack([Z, np.ones((Z.shape[0], 1))]))
    return p - Q @ (Q.T @ p)


def _same_optimum(a, b) -> None:
    """Two certified fits of one problem: each value lies in [its own dual bound, value], and both bound the same
    optimum, so the values agree to the certificate's tolerance (relative to their size: scale-free)."""
    assert a.certified and b.certified
    scale = max(abs(a.value), abs(b.value))
    assert abs(a.value - b.value) <= 2 * CERTIFIED_RTOL * scale
    assert a.dual_bound <= b.value * (1 + CERTIFIED_RTOL) and b.dual_bound <= a.value * (1 + CERTIFIED_RTOL)


@pytest.fixture
def weak_start(monkeypatch):
    """A poor initial working set (the chain and the hyperplanes through nearest neighbours only, no initial pricing
    rounds), so that the first round is far from the optimum and pricing has work to do."""
    monkeypatch.setattr(columns_module, "INITIAL_ROUNDS", 0)
    monkeypatch.setattr(columns_module, "NEIGHBOURS", 1)


# -- the optimum: column generation against the full cone program --------------------------------------------------
@settings(max_examples=scaled_examples(0.1))
@given(st.integers(0, 2**16), st.sampled_from([(2, 14), (2, 22), (3, 9), (3, 13)]), st.sampled_from([None, 0.05]))
def test_column_generation_reaches_the_full_optimum(seed, size, lam):
    d, n = size
    X, y = _data(seed, n, d)
    cols, full = rtv2_fit(X, y, lam), rtv2_fit(X, y, lam, method="full")
    assert cols.method == "columns" and full.method == "full"
    assert cols.working_set <= full.working_set == 2 * full.patterns
    _same_optimum(cols, full)


@pytest.mark.parametrize(("seed", "n", "d"), [(10, 30, 2), (1, 20, 3)], ids=["seed10-N30-d2", "seed1-N20-d3"])
def test_several_rounds_reach_the_full_optimum(seed, n, d, weak_start):
    """From a poor initial working set, pricing has to add columns over several rounds (asserted) and still reaches
    the full optimum."""
    X, y = _data(seed, n, d)
    cols = rtv2_fit(X, y)
    assert cols.rounds >= 3 and cols.working_set < 2 * cols.patterns
    _same_optimum(cols, rtv2_fit(X, y, method="full"))


# -- negative controls: a working set that is not optimal is never certified ---------------------------------------
def test_stopped_after_the_first_round_is_not_certified(monkeypatch, weak_start):
    """Column generation stopped after one round, without pricing to the end, leaves the value above the optimum:
    the certificate (which prices every pattern) refuses every dictionary, so rtv2_fit raises; the same start
    priced to the end is certified (so the refusal is the early stop's)."""
    X, y = _data(1, 20, 3)
    assert rtv2_fit(X, y).certified
    monkeypatch.setattr(columns_module, "MAX_ROUNDS", 1)
    with pytest.raises(FitNotCertified, match="relative gap"):
        rtv2_fit(X, y)


def test_a_wrong_pricing_is_caught_by_the_certificate(monkeypatch, weak_start):
    """Pricing that under-reports every violation by half (so no column is ever added after the first round) ends
    column generation early; in d = 2 nothing else prices, and the certificate refuses the result."""
    X, y = _data(10, 30, 2)
    assert rtv2_fit(X, y).certified
    real = columns_module.neuron_candidates

    def halved(*args, **kwargs):
        best, U, T, F = real(*args, **kwargs)
        return best / 2, U, T, F / 2

    monkeypatch.setattr(columns_module, "neuron_candidates", halved)
    with pytest.raises(FitNotCertified, match="relative gap"):
        rtv2_fit(X, y)


def test_in_d3_the_pattern_bounds_catch_what_the_candidates_miss(monkeypatch, weak_start):
    """The same halved candidates in d = 3: the per-pattern upper bounds of the certificate are asked before the
    loop stops, so the optimum is still reached and certified."""
    X, y = _data(1, 20, 3)
    real = columns_module.neuron_candidates
    monkeypatch.setattr(columns_module, "neuron_candidates",
                        lambda *a, **k: (lambda r: (r[0] / 2, r[1], r[2], r[3] / 2))(real(*a, **k)))
    _same_optimum(rtv2_fit(X, y), rtv2_fit(X, y, method="full"))


# -- pricing against independent routes -----------------------------------------------------------------------------
@settings(max_examples=scaled_examples(0.2))
@given(st.integers(0, 2**16), st.integers(4, 40))
def test_candidate_neurons_reach_the_exact_dual_norm_in_d2(seed, n):
    """In d = 2 the candidates' maximum is the exact max over all neurons (``rho_exact_2d``, arcs of the circle);
    negative control: the hyperplanes through two points alone (no cell candidates) fall short on some data."""
    Z, _ = _data(seed, n, 2)
    p = _dual(seed + 1, Z)
    exact = rho_exact_2d(Z, p)
    planes = hyperplanes_through_points(Z)
    best = neuron_candidates(Z, p, planes)[0]
    assert best == pytest.approx(exact, rel=1e-12)


def test_vertex_neurons_alone_are_not_the_dual_norm():
    """Negative control of the candidates: the values at the hyperplanes through two data points only (vertices)
    stay below the exact dual norm on these data, so the cell candidates are needed."""
    short = 0
    for seed in range(10):
        Z, _ = _data(seed, 12, 2)
        p = _dual(seed + 1, Z)
        planes = hyperplanes_through_points(Z)
        vertex = float(np.max(np.abs(np.maximum(Z @ planes.U.T - planes.T, 0.0).T @ p)))
        short += vertex < rho_exact_2d(Z, p) * (1 - 1e-6)
    assert short > 0


@settings(max_examples=scaled_examples(0.1))
@given(st.integers(0, 2**16), st.integers(6, 12))
def test_candidates_and_pruned_bound_bracket_the_dual_norm_in_d3(seed, n):
    """d = 3: candidates (lower bound) <= the pruned certificate bound == the plain maximum of the NNLS bound over
    every pattern (the reference: no pruning), and the two sides meet to the NNLS accuracy."""
    Z, _ = _data(seed, n, 3)
    p = _dual(seed + 1, Z)
    D = activation_patterns(Z)
    plain = max(_nnls_bound(Z, row, p, s) for row in D for s in (1.0, -1.0))
    pruned = rho_nnls(Z, D, p)
    lower = neuron_candidates(Z, p, hyperplanes_through_points(Z))[0]
    assert pruned <= plain * (1 + 1e-12)
    assert lower <= pruned * (1 + 1e-12)
    assert lower >= pruned * (1 - 1e-6)


# -- facets of the cells ----------------------------------------------------------------------------------------------
def test_facet_constraints_give_the_same_program():
    """Keeping only the facets of each cell changes nothing (same optimal value); negative control: the facet rule
    without the trivial (all / none) cell drops a needed wall and the program's value falls below the optimum."""
    X, y = _data(25, 10, 3)
    Z = (X - X.mean(axis=0)) / np.max(np.abs(X - X.mean(axis=0)))
    t = y / np.max(np.abs(y))
    D = activation_patterns(Z)
    table = PatternTable(D)
    rows = np.vstack([D, D])
    signs = np.concatenate([np.ones(len(D)), -np.ones(len(D))])
    weight = np.ones(len(t))
    reduced = cone_program(Z, t, weight, rows, signs, None, tol=1e-9, facets=facets(table, rows))
    every = cone_program(Z, t, weight, rows, signs, None, tol=1e-9)
    assert reduced["value"] == pytest.approx(every["value"], rel=1e-7)
    wrong = facets(table, rows)
    for k, row in enumerate(rows):
        if row.sum() == 1:  # a single point active: its wall borders the trivial cell
            wrong[k, np.flatnonzero(row)[0]] = False
    broken = cone_program(Z, t, weight, rows, signs, None, tol=1e-9, facets=wrong)
    assert broken["value"] < every["value"] * (1 - 1e-4)


# -- activation patterns: the vectorised enumeration against linear separability --------------------------------------
def _separable(Z: np.ndarray, S: np.ndarray) -> bool:
    """Whether some hyperplane has exactly the points S strictly on its positive side (an LP, margin 1)."""
    from scipy.optimize import linprog

    n, d = Z.shape
    G = np.where(S, 1.0, -1.0)
    A = -G[:, None] * np.hstack([Z, -np.ones((n, 1))])
    res = linprog(np.zeros(d + 1), A_ub=A, b_ub=-np.ones(n), bounds=[(None, None)] * (d + 1), method="highs")
    return res.status == 0


@pytest.mark.parametrize(("seed", "n", "d"), [(0, 8, 2), (1, 7, 3), ("grid", 9, 2)])
def test_patterns_are_the_linearly_separable_subsets(seed, n, d):
    """Every subset with X[0] outside, nonempty, is a pattern iff it is strictly separable (independent LP route;
    the grid has many collinear triples).  Negative control: the patterns without the on-plane assignments."""
    if seed == "grid":
        Z = np.array(list(itertools.product(range(3), repeat=2)), dtype=float)
    else:
        Z = _data(seed, n, d)[0]
    n = Z.shape[0]
    expected = {S for S in itertools.product((False, True), repeat=n)
                if not S[0] and any(S) and _separable(Z, np.array(S))}
    found = {tuple(row) for row in activation_patterns(Z).tolist()}
    assert found == expected
    planes = hyperplanes_through_points(Z)
    tol = 1e-10 * float(np.max(np.ptp(Z, axis=0)))
    strict = {tuple(r ^ r[0]) for r in (Z @ planes.U.T - planes.T > tol).T}
    assert {S for S in strict if any(S)} != expected


def test_column_generation_reports_rounds_and_stops_when_pricing_closes(weak_start):
    X, y = _data(10, 30, 2)
    Z = (X - X.mean(axis=0)) / np.max(np.abs(X - X.mean(axis=0)))
    t = y / np.max(np.abs(y))
    D = activation_patterns(Z)
    solve, stats = column_generation(Z, t, np.ones(len(t)), D, None, tol=1e-9, max_columns=10**5)
    assert stats.rounds == len(stats.pricing) >= 2
    assert stats.pricing[-1] <= 1 + columns_module.PRICING_RTOL
    assert max(stats.pricing[:-1]) > 1 + columns_module.PRICING_RTOL  # the earlier rounds were not optimal
    assert rho_exact_2d(Z, solve["p"] - np.hstack([Z, np.ones((len(t), 1))]) @ np.linalg.lstsq(
        np.hstack([Z, np.ones((len(t), 1))]), solve["p"], rcond=None)[0]) <= 1 + 1e-7


def test_the_full_method_is_kept_as_the_reference():
    X, y = _data(0, 10, 2)
    full = rtv2_fit(X, y, method="full")
    assert full.method == "full" and full.rounds == 1 and full.working_set == 2 * full.patterns
    assert "column generation" in str(rtv2_fit(X, y)) and "column generation" not in str(full)
    assert fit_module.METHODS == ("columns", "full")
