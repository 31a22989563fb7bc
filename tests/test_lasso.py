"""Property tests of radontv.lasso: the exact lasso homotopy over dictionaries of unit-norm ReLU neurons.

Independent routes: the KKT conditions evaluated here from the problem's data alone (not the solver's
``satisfies_kkt``), exactly in rationals; cvxpy (a conic solver, floats) on small instances when it is installed.
Negative controls: a moved amplitude, a shifted affine part and a changed lambda fail the KKT test; cvxpy's optimum
tells a 10 % larger lambda apart.  The instances include degenerate dictionaries (kinks tied between the same data
points, antipodal and repeated neurons, kinks outside the data: columns dependent modulo affine functions), where
the earlier repair heuristic gave up or cycled.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, target
from hypothesis import strategies as st
from radontv.checks.rescaling_instances import random_lasso_problem

from radontv import InvalidInput
from radontv.lasso import LassoProblem
from radontv.testing import scaled_examples


def kkt_holds(problem: LassoProblem, u: dict[int, Fraction], c: list[Fraction]) -> bool:
    """The lasso's optimality conditions, from the problem's data only: B^T r = 0; A_j^T r = lam sgn(u_j) where
    u_j != 0; |A_j^T r| <= lam elsewhere; r = y - A u - B c (A_ij = relu(w_j . x_i - b_j), B = [X, 1])."""
    X, y, lam = problem.X, problem.y, problem.lam
    N, d = X.shape
    A = [[max(Fraction(0), sum((w * x for w, x in zip(problem.W[j], X[i], strict=True)), -problem.b[j]))
          for j in range(problem.M)] for i in range(N)]
    r = [y[i] - sum((A[i][j] * uj for j, uj in u.items()), Fraction(0))
         - sum((X[i][k] * c[k] for k in range(d)), Fraction(0)) - c[d] for i in range(N)]
    if sum(r, Fraction(0)) != 0 or any(sum((X[i][k] * r[i] for i in range(N)), Fraction(0)) != 0 for k in range(d)):
        return False
    for j in range(problem.M):
        corr, uj = sum((A[i][j] * r[i] for i in range(N)), Fraction(0)), u.get(j, Fraction(0))
        if (uj != 0 and corr != lam * (1 if uj > 0 else -1)) or (uj == 0 and abs(corr) > lam):
            return False
    return True


def _problem(seed: int, d: int) -> LassoProblem:
    return random_lasso_problem(random.Random(seed), d=d, N=5 + d, M=10)


@st.composite
def tied_problems(draw: st.DrawFn) -> LassoProblem:
    """Degenerate 1-D dictionaries: integer data, kinks on a half-integer grid (many in the same gap between data
    points, some outside the data), directions +-1 (antipodes), repeats allowed; lambda a fraction of lambda_max."""
    N = draw(st.integers(4, 8))
    x = draw(st.lists(st.integers(-4, 4), min_size=N, max_size=N).filter(lambda v: len(set(v)) >= 2))
    y = draw(st.lists(st.fractions(-6, 6, max_denominator=2), min_size=N, max_size=N))
    M = draw(st.integers(2, 16))
    W = [[Fraction(s)] for s in draw(st.lists(st.sampled_from([-1, 1]), min_size=M, max_size=M))]
    b = [Fraction(k, 2) for k in draw(st.lists(st.integers(-10, 10), min_size=M, max_size=M))]
    problem = LassoProblem(np.array([[Fraction(v)] for v in x], dtype=object), [Fraction(v) for v in y], W, b, 1)
    problem.lam = problem.lambda_max() * draw(st.sampled_from([Fraction(9, 10), Fraction(1, 2), Fraction(1, 20)]))
    return problem


@given(st.integers(0, 10**6), st.sampled_from([1, 2]))
@settings(max_examples=scaled_examples(0.1))  # an exact homotopy per example
def test_certify_returns_a_kkt_solution(seed, d):
    problem = _problem(seed, d)
    solved = problem.certify()
    assert solved is not None
    u, c = solved
    assert kkt_holds(problem, u, c) and problem.satisfies_kkt(u, c)
    assert all(v != 0 for v in u.values())
    assert len(u) + d + 1 <= problem.N  # the homotopy keeps [A_S, B] of full column rank


@given(tied_problems())
@settings(max_examples=scaled_examples(0.2))
def test_certify_resolves_tied_and_dependent_neurons(problem):
    if problem.lam == 0:  # lambda_max = 0: the affine fit interpolates; nothing to select
        return
    sites = sorted({x[0] for x in problem.X})
    gaps = [sum(1 for w, b in zip(problem.W, problem.b, strict=True) if lo < b / w[0] < hi)
            for lo, hi in itertools.pairwise(sites)]
    target(max(gaps, default=0), label="neurons with their kink in one gap between data points")  # toward ties
    solved = problem.certify()
    assert solved is not None, "the homotopy left a degenerate dictionary uncertified"
    assert kkt_holds(problem, *solved)


@given(st.integers(0, 10**6), st.sampled_from([1, 2]),
       st.sampled_from(["exact", "extra", "missing", "flipped", "empty", "all", "float"]))
@settings(max_examples=scaled_examples(0.1))
def test_certify_from_any_start_returns_the_optimum(seed, d, start):
    # the start is a guess, accepted only if the KKT system on it verifies; otherwise the homotopy (which needs no
    # start) runs.  The earlier repair heuristic could cycle from the empty, flipped or one-short supports (2-4 of 119
    # random problems); now every start gives the optimum.
    problem = _problem(seed, d)
    solved = problem.certify()
    assert solved is not None
    u0, _ = solved
    support = sorted(u0)
    signs = [1 if u0[j] > 0 else -1 for j in support]
    outside = [j for j in range(problem.M) if j not in u0]
    begin = {
        "exact": (support, signs),
        "extra": (support + outside[:1], signs + [1] * len(outside[:1])),
        "missing": (support[:-1], signs[:-1]),
        "flipped": (support, [-s for s in signs]),
        "empty": ([], []),
        "all": (list(range(problem.M)), [1] * problem.M),
        "float": problem.numeric_support(),
    }[start]
    restarted = problem.certify(start=begin)
    assert restarted is not None, f"certify gave up from the start {start!r}"
    u, c = restarted
    assert kkt_holds(problem, u, c), start
    assert all(v != 0 for v in u.values())  # only the nonzero weights are returned
    assert problem.objective(u, c) == problem.objective(*solved)  # the lasso's optimal value is unique
    if start == "exact":
        assert restarted == solved


def test_the_kkt_test_rejects_wrong_solutions():
    # negative controls for kkt_holds: one amplitude moved, the affine part shifted, lambda changed
    problem = _problem(3, 2)
    u, c = problem.certify()
    assert kkt_holds(problem, u, c)
    j = next(iter(u))
    assert not kkt_holds(problem, {**u, j: u[j] * Fraction(11, 10)}, c)
    assert not kkt_holds(problem, dict(u), [c[0] + Fraction(1, 7), *c[1:]])
    other = LassoProblem(problem.X, problem.y, problem.W, problem.b, problem.lam * 2)
    assert not kkt_holds(other, u, c)


@given(st.integers(0, 10**6), st.sampled_from([1, 2]), st.sampled_from([Fraction(1, 10**8), Fraction(10**8)]))
@settings(max_examples=scaled_examples(0.1))
def test_solution_scales_with_the_data(seed, d, s):
    # y -> s y and lambda -> s lambda scale the optimum exactly: (u, c) -> (s u, s c), objective -> s^2 P*
    problem = _problem(seed, d)
    u, c = problem.certify()
    scaled = LassoProblem(problem.X, [s * v for v in problem.y], problem.W, problem.b, s * problem.lam)
    su, sc = scaled.certify()
    assert su == {j: s * v for j, v in u.items()} and sc == [s * v for v in c]
    assert scaled.objective(su, sc) == s * s * problem.objective(u, c)
    if u:  # negative control: scaling y but not lambda does not scale the solution
        unscaled_lam = LassoProblem(problem.X, scaled.y, problem.W, problem.b, problem.lam)
        assert not kkt_holds(unscaled_lam, su, sc)


def test_lambda_max_is_the_threshold():
    for seed, d in [(1, 1), (2, 2), (5, 1)]:
        problem = _problem(seed, d)
        lmax = problem.lambda_max()
        for factor, empty in [(Fraction(1), True), (Fraction(2), True), (Fraction(999, 1000), False)]:
            problem.lam = lmax * factor
            u, c = problem.certify()
            assert (u == {}) is empty, (seed, factor)
            assert kkt_holds(problem, u, c)


@pytest.mark.parametrize("seed, d", [(0, 1), (1, 2), (2, 1), (3, 2)])
def test_optimum_agrees_with_cvxpy(seed, d):
    cp = pytest.importorskip("cvxpy")
    problem = _problem(seed, d)
    u, c = problem.certify()
    best = float(problem.objective(u, c))
    A, B = np.array(problem.A, dtype=float), np.array(problem.B, dtype=float)
    y = np.array(problem.y, dtype=float)

    def conic_optimum(lam: float) -> float:
        uu, cc = cp.Variable(problem.M), cp.Variable(problem.d + 1)
        objective = 0.5 * cp.sum_squares(A @ uu + B @ cc - y) + lam * cp.norm1(uu)
        return float(cp.Problem(cp.Minimize(objective)).solve(solver=cp.CLARABEL))

    tol = 1e-6  # Clarabel's default relative accuracy is 1e-8; the objective is a sum of O(N + M) terms
    assert abs(conic_optimum(float(problem.lam)) - best) <= tol * best
    wrong = conic_optimum(1.1 * float(problem.lam))  # negative control: a 10 % larger lambda is told apart
    assert abs(wrong - best) > tol * best


@pytest.mark.parametrize("args, match", [
    ((np.zeros((0, 1), dtype=object), [], [[1]], [0], 1), "N, d >= 1"),
    ((np.array([[1], [2]], dtype=object), [1], [[1]], [0], 1), "one target per row"),
    ((np.array([[1], [2]], dtype=object), [1, 2], [[1, 0]], [0], 1), "directions of length d"),
    ((np.array([[1], [2]], dtype=object), [1, 2], [[1]], [0, 1], 1), "biases"),
    ((np.array([[1], [2]], dtype=object), [1, 2], [[1]], [0], -1), "lam must be >= 0"),
])
def test_bad_input_raises_invalid_input(args, match):
    with pytest.raises(InvalidInput, match=match):
        LassoProblem(*args)


@pytest.mark.parametrize("start", [([0, 1], [1]), ([10], [1]), ([-1], [1]), ([0], [0]), ([1, 1], [1, 1])])
def test_a_malformed_start_raises_invalid_input(start):
    with pytest.raises(InvalidInput, match="start must be"):
        _problem(0, 1).certify(start=start)


def test_a_path_that_does_not_end_is_an_explicit_error(monkeypatch):
    # the step bound: if events did not decrease lambda (a bug), certify raises instead of looping
    problem = _problem(4, 1)
    monkeypatch.setattr(LassoProblem, "_next_level", lambda self, S, p, q, r_p, r_q, level: problem.lam * 2)
    with pytest.raises(RuntimeError, match="did not reach lambda"):
        problem.certify()
