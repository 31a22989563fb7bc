"""The finishing shortcuts of TV² regression (issue 14, REG3): BLAS-free reductions and the site map by permutation.

* ``regression_certificate.dot`` (numpy's pairwise sum instead of ``numpy.dot``, whose OpenBLAS threads made the
  active set ×30 slower from N = 10⁴ to 10⁵ on a loaded machine): checked against the exact rational sum with the
  pairwise-summation error bound (Higham §4.2), above the 10⁴ terms where OpenBLAS starts threads, and identical bits
  with 1 and 2 BLAS threads.  Negative control: a sum missing one term violates the same bound.
* ``regression_certificate.site_of_points`` (each raw point's site from the stable sort permutation, O(N), instead of
  a binary search of unsorted points): checked against an independent route, a dictionary from each distinct value
  to its rank among the sorted distinct values.  Negative controls: a permutation that does not sort the points
  (reversed, shuffled, of other data) fails the exact check inside, and the function falls back to the binary
  search, still right; the unchecked scatter with such a permutation maps points to wrong sites.
* the certificate's residuals of ``tv2_regression`` on unsorted data with repeated sites are those of the documented
  formula r_n = R_j / m_j + (y_n − ȳ_j), j the site of x_n (dictionary route); a shuffled site map gives others.

Hypothesis uses the project's seeded profiles (tests/conftest.py).  No timing assertions.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from threadpoolctl import threadpool_limits

from radontv.data import prepare_1d
from radontv.regression import tv2_regression
from radontv.regression_certificate import EPS, dot, site_of_points

U = EPS / 2  # unit roundoff of float64


def _rank_map(xa: np.ndarray) -> np.ndarray:
    """Independent route: the index of each point's value among the sorted distinct values (a dictionary)."""
    rank = {v: j for j, v in enumerate(sorted(set(xa.tolist())))}
    return np.array([rank[v] for v in xa.tolist()], dtype=np.intp)


def _scatter(data: object, order: np.ndarray) -> np.ndarray:
    """The shortcut's map without its check (for the negative control)."""
    site = np.empty(order.shape[0], dtype=np.intp)
    site[order] = np.repeat(np.arange(data.x.shape[0]), data.weights)  # type: ignore[attr-defined]
    return site


# -- dot -----------------------------------------------------------------------------------------------------------
def _exact_dot(a: np.ndarray, b: np.ndarray) -> Fraction:
    return sum((Fraction(float(p)) * Fraction(float(q)) for p, q in zip(a, b, strict=True)), start=Fraction(0))


def _within_pairwise_bound(value: float, a: np.ndarray, b: np.ndarray) -> bool:
    """|computed − exact| ≤ (⌈log₂ n⌉ + 10) u Σ|a b|: products rounded once (+1), a pairwise sum of depth ⌈log₂ n⌉
    whose leaves are numpy's blocks of 8 summed serially (+8), one spare; relative to the magnitudes."""
    n = a.shape[0]
    magnitude = _exact_dot(np.abs(a), np.abs(b))
    err = abs(Fraction(value) - _exact_dot(a, b))
    return err <= Fraction(math.ceil(math.log2(n)) + 10) * Fraction(U) * magnitude


def test_dot_matches_the_exact_sum_above_the_blas_threshold() -> None:
    rng = np.random.default_rng(14)
    for scale in (1e-8, 1.0, 1e8):
        a = rng.standard_normal(20_000) * scale
        b = rng.uniform(0.0, 1.0, 20_000)
        assert _within_pairwise_bound(float(dot(a, b)), a, b)
        # negative control: one term left out is far outside the bound
        assert not _within_pairwise_bound(float(dot(a[:-1], b[:-1])), a, b)


def test_dot_does_not_depend_on_the_blas_thread_count() -> None:
    rng = np.random.default_rng(15)
    a, b = rng.standard_normal(50_000), rng.standard_normal(50_000)
    with threadpool_limits(limits=1, user_api="blas"):
        one = dot(a, b)
    with threadpool_limits(limits=2, user_api="blas"):
        two = dot(a, b)
    assert one == two


# -- site map ------------------------------------------------------------------------------------------------------
@given(st.lists(st.integers(min_value=-6, max_value=6), min_size=2, max_size=60), st.integers(0, 2**32 - 1))
def test_site_map_by_permutation_matches_an_independent_route(values: list[int], seed: int) -> None:
    xa = np.asarray(values, dtype=np.float64) * 0.37
    if np.unique(xa).shape[0] < 2:
        return
    rng = np.random.default_rng(seed)
    order = np.argsort(xa, kind="stable")
    data = prepare_1d(xa[order], np.zeros_like(xa), interpolation=False)
    expected = _rank_map(xa)
    assert np.array_equal(_scatter(data, order), expected)  # the shortcut's argument holds (no fallback needed)
    assert np.array_equal(site_of_points(data, xa, order), expected)
    assert np.array_equal(site_of_points(data, xa), expected)  # the general route (binary search)
    # negative controls: permutations that do not sort xa are caught by the check (the result stays right) ...
    for wrong in (order[::-1], rng.permutation(xa.shape[0])):
        if np.array_equal(xa[wrong], xa[order]):
            continue  # sorts xa as well (ties): not a wrong permutation
        assert not np.array_equal(_scatter(data, wrong), expected)  # ... which the unchecked scatter gets wrong
        assert np.array_equal(site_of_points(data, xa, wrong), expected)


def test_site_map_rejects_a_permutation_of_other_data() -> None:
    rng = np.random.default_rng(16)
    xa = np.round(rng.uniform(0, 1, 3000), 2)  # many repeated sites
    other = rng.permutation(xa)
    data = prepare_1d(np.sort(xa, kind="stable"), np.zeros_like(xa), interpolation=False)
    wrong = np.argsort(other, kind="stable")
    assert not np.array_equal(_scatter(data, wrong), _rank_map(xa))
    assert np.array_equal(site_of_points(data, xa, wrong), _rank_map(xa))


def test_certificate_residuals_follow_the_documented_formula() -> None:
    rng = np.random.default_rng(17)
    n = 5000
    x = np.round(rng.uniform(0, 1, n), 3)  # unsorted, about 1000 sites repeated ~5 times
    y = np.sin(6 * x) + 0.3 * rng.standard_normal(n)
    _, cert = tv2_regression(x, y, 1e-3)
    site = _rank_map(x)
    sums: dict[int, float] = {}
    for j, v in zip(site.tolist(), y.tolist(), strict=True):
        sums[j] = sums.get(j, 0.0) + v
    counts = np.bincount(site)
    assert np.array_equal(cert.weights, counts)
    ybar = cert.sites * 0
    ybar[:] = [sums[j] / counts[j] for j in range(counts.shape[0])]
    R, m = cert.dual_point, cert.weights.astype(np.float64)
    expected = R[site] / m[site] + (y - ybar[site])
    scale = np.abs(R[site] / m[site]) + np.abs(y) + np.abs(ybar[site])
    assert np.all(np.abs(cert.residuals - expected) <= 8 * EPS * scale)
    # negative control: residuals of a shuffled site map are not these
    shuffled = rng.permutation(site)
    wrong = R[shuffled] / m[shuffled] + (y - ybar[shuffled])
    assert not np.all(np.abs(cert.residuals - wrong) <= 8 * EPS * scale)


def test_extended_pass_returns_the_fitted_values_of_its_node_values() -> None:
    """verify_extended hands back the fitted values of its refined node values, which _assemble then reuses: they
    are exactly fitted_values(x, nodes, v) (independent evaluation from the nodes); negative control: the fitted
    values of the unrefined double-precision solve on the same pattern are not."""
    from radontv.regression import _lam_max_normalised, _normalise
    from radontv.regression_active_set import active_set, continuation, fitted_values, verify_extended

    rng = np.random.default_rng(18)
    x = np.sort(rng.uniform(0, 1, 6000))
    y = np.sin(6 * x) + 0.5 * np.abs(x - 0.4) + 0.3 * rng.standard_normal(6000)
    m = np.ones_like(x)
    _, _, xs, ys = _normalise(x, y)
    lam = 1e-3 * _lam_max_normalised(xs, ys, m)
    ok, nodes, _, _, signs = continuation(xs, ys, m, lam, lam / 1e-3)
    assert ok
    pattern = np.zeros_like(xs)
    pattern[nodes[1:-1]] = signs
    ok, _, nodes_x, v_x, _, u_x = verify_extended(xs, ys, m, lam, pattern)
    assert ok and u_x.dtype == np.longdouble
    assert np.array_equal(u_x, fitted_values(xs, nodes_x, v_x))
    _, _, nodes_f, v_f, _ = active_set(xs, ys, m, lam, pattern)
    assert not np.array_equal(fitted_values(xs, nodes_f, v_f.astype(np.longdouble)), u_x)

