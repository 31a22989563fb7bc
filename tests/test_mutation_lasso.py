"""Killing tests for the mutants of radontv/lasso.py that survived the targeted tests (tests/mutation-equivalents.md).

Expected values come from routes independent of the module: the one-neuron lasso in closed form (simple linear
regression projects out the affine part, then soft thresholding), the KKT conditions and the reduced KKT equations
evaluated here from the problem's data (A_ij = relu(w_j . x_i - b_j), B = [X, 1]) with sympy's exact linear algebra,
and symmetry (a mirror-symmetric instance, identical neurons).  Each test's docstring names the mutants it kills.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import numpy as np
import pytest
import sympy
from radontv.checks.rescaling_instances import random_lasso_problem

import radontv.lasso as lasso_module
from radontv import InvalidInput
from radontv.lasso import LassoProblem

F = Fraction


def _column(problem: LassoProblem, j: int) -> list[Fraction]:
    X = problem.X
    return [max(F(0), sum((F(w) * F(x) for w, x in zip(problem.W[j], X[i], strict=True)), -F(problem.b[j])))
            for i in range(X.shape[0])]


def _residual(problem: LassoProblem, u: dict[int, Fraction], c: list[Fraction]) -> list[Fraction]:
    X, (N, d) = problem.X, problem.X.shape
    cols = {j: _column(problem, j) for j in u}
    return [F(problem.y[i]) - sum((cols[j][i] * uj for j, uj in u.items()), F(0))
            - sum((F(X[i][k]) * c[k] for k in range(d)), F(0)) - c[d] for i in range(N)]


def _kkt(problem: LassoProblem, u: dict[int, Fraction], c: list[Fraction]) -> bool:
    """The lasso's optimality conditions from the data alone (B^T r = 0, A_j^T r = lam sgn u_j, |A_j^T r| <= lam)."""
    X, (N, d), lam = problem.X, problem.X.shape, F(problem.lam)
    r = _residual(problem, u, c)
    if sum(r, F(0)) != 0 or any(sum((F(X[i][k]) * r[i] for i in range(N)), F(0)) != 0 for k in range(d)):
        return False
    for j in range(problem.M):
        corr, uj = sum((a * ri for a, ri in zip(_column(problem, j), r, strict=True)), F(0)), u.get(j, F(0))
        if (uj != 0 and corr != lam * (1 if uj > 0 else -1)) or (uj == 0 and abs(corr) > lam):
            return False
    return True


def _simple_regression(x: list[Fraction], v: list[Fraction]) -> tuple[Fraction, Fraction]:
    """Least-squares line v ~ slope x + intercept (d = 1), by the textbook formula."""
    n = len(x)
    xm, vm = sum(x, F(0)) / n, sum(v, F(0)) / n
    slope = sum(((xi - xm) * (vi - vm) for xi, vi in zip(x, v, strict=True)), F(0)) / sum(((xi - xm) ** 2 for xi in x),
                                                                                           F(0))
    return slope, vm - slope * xm


def _one_neuron(scale: Fraction | int = 1) -> tuple[LassoProblem, dict[int, Fraction], list[Fraction], Fraction]:
    """x = 0..4, the neuron relu(x - 1), y = alpha a + 3x - 1 scaled by ``scale``, lambda = scale / 2, with alpha
    chosen so that the optimal weight is exactly ``scale`` (here 1 for scale = 1).  Returns the problem, the optimum
    (u, c) in closed form and lambda_max = |a^T P y| (P: the projection off the affine functions)."""
    scale = F(scale)
    x = [F(v) for v in range(5)]
    a = [max(F(0), v - 1) for v in x]
    sa, ia = _simple_regression(x, a)
    Pa = [ai - sa * xi - ia for ai, xi in zip(a, x, strict=True)]
    aPa = sum((v * v for v in Pa), F(0))
    lam = scale / 2
    alpha = scale + lam / aPa  # soft thresholding: u = (a^T P y - lam) / a^T P a = alpha - lam / a^T P a
    y = [alpha * ai + scale * (3 * xi - 1) for ai, xi in zip(a, x, strict=True)]
    u = scale
    s_rest, i_rest = _simple_regression(x, [yi - u * ai for yi, ai in zip(y, a, strict=True)])
    problem = LassoProblem(np.array([[v] for v in x], dtype=object), y, [[F(1)]], [F(1)], lam)
    lam_max = abs(sum((p * yi for p, yi in zip(Pa, y, strict=True)), F(0)))
    return problem, {0: u}, [s_rest, i_rest], lam_max


@pytest.mark.parametrize("scale", [F(1), F(1, 1000), F(1000)])
def test_one_neuron_matches_the_closed_form(scale):
    """One neuron, weight exactly ``scale`` (1 for scale = 1): certify, lambda_max and satisfies_kkt against the closed
    form.  Kills _homotopy 54 (a weight equal to 1 dropped), 9 (step bound 8(M - 1) = 0 for M = 1), 101 (the sign of
    a boundary correlation in (0, 1] taken as -1: lambda_max = 9/10 * scale < 1), lambda_max mutants."""
    problem, u, c, lam_max = _one_neuron(scale)
    assert problem.certify() == (u, c)
    assert _kkt(problem, u, c) and problem.satisfies_kkt(u, c)
    assert problem.lambda_max() == lam_max == F(9, 10) * scale
    assert problem.objective(u, c) == sum((v * v for v in _residual(problem, u, c)), F(0)) / 2 + problem.lam * scale


def test_lambda_zero_is_least_squares_and_small_lambda_is_accepted():
    """lam = 0 (least squares with the neuron unpenalized) and lam = 1/2 are valid; lam < 0 is not.  Kills __init__ 29
    (lam <= 0 refused) and 30 (lam < 1 refused)."""
    problem, _, _, _ = _one_neuron()
    zero = LassoProblem(problem.X, problem.y, problem.W, problem.b, 0)
    u, c = zero.certify()
    assert _kkt(zero, u, c) and u == {0: F(1) + F(1, 2) / F(2, 5)}  # alpha: the data are fitted exactly
    assert all(v == 0 for v in _residual(zero, u, c))
    half = LassoProblem(problem.X, problem.y, problem.W, problem.b, F(1, 2))
    assert half.certify() == (problem.certify())
    with pytest.raises(InvalidInput, match=r"lam must be >= 0, got -1/100"):
        LassoProblem(problem.X, problem.y, problem.W, problem.b, F(-1, 100))


def test_the_messages_count_points_and_events():
    """The messages name the actual counts.  Kills __init__ 20 (the number of columns reported as the number of points),
    _homotopy 8 and 10 (the step bound 8 (M + 1) changed), 121 and 122 (the message's text)."""
    X = np.array([[F(1)], [F(2)]], dtype=object)
    with pytest.raises(InvalidInput, match=r"^y has 1 values for 2 points; pass one target per row of X$"):
        LassoProblem(X, [F(1)], [[F(1)]], [F(0)], 1)
    problem, _, _, _ = _one_neuron()
    problem._next_level = lambda S, p, q, r_p, r_q, level: problem.lam * 2  # a path whose events never decrease
    expected = ("the lasso homotopy did not reach lambda = 1/2 within 16 events (M = 1); events strictly decrease "
                "lambda, so this is a bug: please report it with the data")
    with pytest.raises(RuntimeError) as info:
        problem.certify()
    assert str(info.value) == expected


def test_an_unverified_path_end_is_refused():
    """If the path were wrong (here: no event found below lambda_max), the read-off point fails the KKT test and certify
    returns None rather than an uncertified answer.  Kills _homotopy 57 (the KKT test bypassed)."""
    problem, _, _, _ = _one_neuron()
    problem._next_level = lambda S, p, q, r_p, r_q, level: None
    assert problem.certify() is None


def test_degenerate_data_give_no_certificate():
    """One point (N = 1 is valid input) or all points at one x: the affine fit is not unique, so lambda_max is 1 by
    definition and certify returns None.  Kills __init__ 11, 12 (N = 1 refused), lambda_max 7, 8 (the fallback 1)."""
    for x in ([F(3)], [F(2), F(2), F(2)]):
        problem = LassoProblem(np.array([[v] for v in x], dtype=object), [F(k) for k in range(len(x))], [[F(1)]],
                               [F(0)], F(1, 3))
        assert problem.lambda_max() == 1
        assert problem.certify() is None


def test_an_empty_dictionary_gives_the_affine_fit():
    """M = 0: lambda_max is 1 by definition (no neuron), certify returns the least-squares line, numeric_support the
    empty support.  Kills lambda_max 16, 18, 26 (max of nothing), _homotopy 9 (step bound 8 (M - 1) < 0),
    numeric_support 81 (max of an empty array without initial)."""
    x, y = [F(0), F(1), F(3)], [F(1), F(2), F(2)]
    problem = LassoProblem(np.array([[v] for v in x], dtype=object), y, [], [], F(1, 2))
    assert problem.lambda_max() == 1
    assert problem.certify() == ({}, list(_simple_regression(x, y)))
    assert problem.numeric_support() == ([], [])


def test_residual_and_kkt_reject_an_affine_part_of_the_wrong_length():
    """c has d + 1 entries; a shorter one is an error, not a silently truncated product.  Kills _dot 8, 11, 12
    (zip without strict=True)."""
    problem, u, c, _ = _one_neuron()
    for short in (c[:1], []):
        with pytest.raises(ValueError, match="zip"):
            problem.residual(u, short)
        with pytest.raises(ValueError, match="zip"):
            problem.satisfies_kkt(u, short)


def test_satisfies_kkt_checks_every_condition():
    """Negative controls for the module's own KKT test (the optimum passes; each violated condition fails it): an
    affine part off the least-squares fit with u = 0 and lambda above lambda_max (only B^T r = 0 fails), a moved
    amplitude with the affine part refitted (only A_j^T r = lam sgn u_j fails), u = 0 below lambda_max (only
    |A_j^T r| <= lam fails).  Kills satisfies_kkt 18 (range(d - 1)), 20 (return True), 33 (or -> and), 51."""
    problem, u, c, lam_max = _one_neuron()
    assert problem.satisfies_kkt(u, c)
    x = [F(row[0]) for row in problem.X]
    affine = list(_simple_regression(x, [F(v) for v in problem.y]))
    above = LassoProblem(problem.X, problem.y, problem.W, problem.b, 2 * lam_max)
    assert above.satisfies_kkt({}, affine) and _kkt(above, {}, affine)
    for shifted in ([affine[0], affine[1] + F(1, 1000)], [affine[0] + F(1, 1000), affine[1]]):
        assert not _kkt(above, {}, shifted)
        assert not above.satisfies_kkt({}, shifted)
    a = _column(problem, 0)
    moved = {0: u[0] * F(11, 10)}
    refit = list(_simple_regression(x, [F(yi) - moved[0] * ai for yi, ai in zip(problem.y, a, strict=True)]))
    assert not _kkt(problem, moved, refit)
    assert not problem.satisfies_kkt(moved, refit)
    assert not _kkt(problem, {}, affine) and not problem.satisfies_kkt({}, affine)


def _random_subsets(problem: LassoProblem, rng: random.Random, count: int):
    for _ in range(count):
        size = rng.randint(0, problem.N - problem.d - 1)
        S = rng.sample(range(problem.M), size)
        yield S, [rng.choice([1, -1]) for _ in S]


@pytest.mark.parametrize("seed, d", [(0, 1), (1, 2), (2, 1)])
def test_reduced_solves_the_kkt_equations_on_the_support(seed, d):
    """reduced(S, s) is the solution of G^T (y - G z) = lam (s, 0), G = [A_S, B], checked here equation by equation
    from the data (and None exactly when G has dependent columns: sympy's rank).  Kills reduced 14, 15 (the lambda
    term assigned or added), 27, 28 (the weights not keyed by S)."""
    problem = random_lasso_problem(random.Random(seed), d=d, N=6 + d, M=8)
    rng = random.Random(seed + 100)
    X, lam = problem.X, F(problem.lam)
    for S, signs in [*_random_subsets(problem, rng, 6), ([0, 1], [1, -1])]:
        cols = [_column(problem, j) for j in S]
        G = sympy.Matrix([[col[i] for col in cols] + [X[i][k] for k in range(d)] + [1] for i in range(problem.N)])
        solved = problem.reduced(S, signs)
        if G.rank() < len(S) + d + 1:
            assert solved is None
            continue
        u, c = solved
        assert list(u) == S and len(c) == d + 1
        r = _residual(problem, {j: v for j, v in u.items()}, c)
        for k, j in enumerate(S):
            assert sum((a * ri for a, ri in zip(_column(problem, j), r, strict=True)), F(0)) == lam * signs[k]
        assert sum(r, F(0)) == 0
        assert all(sum((F(X[i][k]) * r[i] for i in range(problem.N)), F(0)) == 0 for k in range(d))


def _duplicates(count: int) -> tuple[LassoProblem, Fraction]:
    """``count`` identical copies of the neuron of :func:`_one_neuron` (their weights are not unique; their sum is)."""
    problem, _, _, lam_max = _one_neuron()
    return LassoProblem(problem.X, problem.y, [[F(1)]] * count, [F(1)] * count, problem.lam), lam_max


def test_a_verified_start_is_kept():
    """With identical neurons the optimal weights are not unique: certify returns the start's solution when it verifies
    (so either copy can be asked for), and drops weights that are zero at the optimum (lambda = lambda_max: the start's
    weight is 0, u = {}).  Kills certify 18 (the start ignored), 19-26 (its arguments), 28-37 (its result), 30, 31
    (zero weights kept)."""
    problem, lam_max = _duplicates(2)
    for j in (0, 1):
        u, c = problem.certify(start=([j], [1]))
        assert u == {j: F(1)} and _kkt(problem, u, c)
    problem.lam = lam_max
    u, c = problem.certify(start=([1], [1]))
    assert u == {} and _kkt(problem, u, c)


def test_ties_of_identical_neurons():
    """Identical neurons tie at every event.  12 copies are searched (the weight 1 goes to one of them); at lambda =
    lambda_max exactly no event is crossed, so even 13 copies give u = {}; below lambda_max 13 copies exceed the
    documented search limit (module docstring: ties of more than 12 neurons are not searched) and give None.
    Kills _next_active 1 (12 copies refused), 2 (13 searched), _homotopy 34 (an event at lambda itself crossed)."""
    problem, _ = _duplicates(12)
    u, c = problem.certify()
    assert len(u) == 1 and sum(u.values()) == 1 and _kkt(problem, u, c)
    problem, lam_max = _duplicates(13)
    assert problem.certify() is None
    problem.lam = lam_max
    u, c = problem.certify()
    assert u == {} and _kkt(problem, u, c)


def test_a_symmetric_pair_joins_together():
    """x = -3..3, y = relu(x - 1) + relu(-x - 1), the mirror-image neurons relu(x - 1) and relu(-x - 1): by symmetry
    they reach the boundary together, neither alone keeps the other feasible, so both join (a subset of size 2) with
    equal weights.  Kills _next_active 26 (the second joining weight read at q[len(keep) - k])."""
    x = [F(v) for v in range(-3, 4)]
    y = [max(F(0), v - 1) + max(F(0), -v - 1) for v in x]
    problem = LassoProblem(np.array([[v] for v in x], dtype=object), y, [[F(1)], [F(-1)]], [F(1), F(1)], F(1, 2))
    u, c = problem.certify()
    assert _kkt(problem, u, c)
    assert set(u) == {0, 1} and u[0] == u[1] > 0 and c[0] == 0


@pytest.mark.parametrize("seed, d", [(0, 1), (1, 2), (2, 1), (3, 2), (4, 1), (5, 2)])
def test_numeric_support_is_an_optimal_support(seed, d):
    """On generic random problems the float guess is the optimum's support with its signs: the KKT equations solved
    on it here (sympy, exactly) give nonzero weights of those signs that pass the full KKT test.  Kills the
    numeric_support mutants that change the guess (projection, shrinkage, update, signs, cut)."""
    problem = random_lasso_problem(random.Random(seed), d=d, N=6 + d, M=10)
    S, signs = problem.numeric_support()
    assert all(s in (1, -1) for s in signs) and len(S) == len(signs)
    u, c = _solve_on_support(problem, S, signs)
    assert all(u[j] * s > 0 for j, s in zip(S, signs, strict=True))
    assert _kkt(problem, u, c)


def _solve_on_support(problem: LassoProblem, S: list[int], signs: list[int]):
    X, d = problem.X, problem.d
    cols = [_column(problem, j) for j in S]
    G = sympy.Matrix([[col[i] for col in cols] + [X[i][k] for k in range(d)] + [1] for i in range(problem.N)])
    y = sympy.Matrix([sympy.Rational(v.numerator, v.denominator) for v in map(F, problem.y)])
    lam = sympy.Rational(F(problem.lam).numerator, F(problem.lam).denominator)
    rhs = G.T * y - lam * sympy.Matrix([*signs] + [0] * (d + 1))
    z = (G.T * G).LUsolve(rhs)
    z = [F(int(sympy.fraction(v)[0]), int(sympy.fraction(v)[1])) for v in z]
    return dict(zip(S, z[: len(S)], strict=True)), z[len(S):]


def test_numeric_support_special_columns():
    """A neuron whose column is affine on the data (kink left of all points: it vanishes once the affine part is
    projected out) placed first must not stop the sweep; small data (projected squared norms below 1) and weights
    below 1 of both signs must be found.  Kills numeric_support 41 (continue -> break), 40 (columns with squared norm
    <= 1 skipped), 74 (cut >= 1), 88, 89, 92, 93 (signs)."""
    x = [F(v, 10) for v in range(6)]
    a1 = [max(F(0), v - F(1, 10)) for v in x]
    a2 = [max(F(0), F(3, 10) - v) for v in x]
    y = [F(1, 2) * p - F(1, 3) * q + v / 7 for p, q, v in zip(a1, a2, x, strict=True)]
    W, b = [[F(1)], [F(1)], [F(-1)]], [F(-5), F(1, 10), F(-3, 10)]
    problem = LassoProblem(np.array([[v] for v in x], dtype=object), y, W, b, F(1, 10**6))
    S, signs = problem.numeric_support()
    assert (S, signs) == ([1, 2], [1, -1])
    u, c = _solve_on_support(problem, S, signs)
    assert u[1] > 0 > u[2] and abs(u[1]) < 1 and abs(u[2]) < 1 and _kkt(problem, u, c)


def test_network_of_a_solution():
    """network(u, c, scales): the neurons of u in index order with input weights s_j w_j, biases s_j b_j, output weights
    u_j / s_j (s_j = 1 where no scale is given), the affine part c; it evaluates to A u + B c on the data (positive
    homogeneity of relu), exactly.  With u = {} it is the exact affine function.  Kills the 44 network mutants (never
    reached by the targeted tests of the first pass)."""
    problem = random_lasso_problem(random.Random(7), d=2, N=7, M=6)
    u, c = {4: F(2, 3), 1: F(-5, 4)}, [F(1, 2), F(-1, 3), F(7)]
    scales = {4: F(3)}
    for sc, s in ((scales, {1: F(1), 4: F(3)}), (None, {1: F(1), 4: F(1)})):
        net = problem.network(u, c, sc)
        assert net.arithmetic == "exact" and net.W.shape == (2, 2)
        assert [list(w) for w in net.W] == [[s[j] * F(x) for x in problem.W[j]] for j in (1, 4)]
        assert list(net.b) == [s[j] * F(problem.b[j]) for j in (1, 4)]
        assert list(net.v) == [u[j] / s[j] for j in (1, 4)]
        assert list(net.c) == c[:2] and net.c0 == c[2]
        fitted = [F(yi) - ri for yi, ri in zip(problem.y, _residual(problem, u, c), strict=True)]
        assert list(net(problem.X)) == fitted
    empty = problem.network({}, c)
    assert empty.width == 0 and empty.arithmetic == "exact"
    assert list(empty(problem.X)) == [F(x[0]) * c[0] + F(x[1]) * c[1] + c[2] for x in problem.X]


def _closed_form(x: list, y: list, a: list, lam: Fraction) -> tuple[dict[int, Fraction], list[Fraction]]:
    """The one-neuron lasso (d = 1) in closed form: project a and y off the affine functions (simple regression),
    soft-threshold u = sgn(t) max(|t| - lam, 0) / a^T P a with t = a^T P y, then c = the line fitted to y - u a."""
    sa, ia = _simple_regression(x, a)
    Pa = [ai - sa * xi - ia for ai, xi in zip(a, x, strict=True)]
    t = sum((p * yi for p, yi in zip(Pa, y, strict=True)), F(0))
    u = (1 if t > 0 else -1) * max(abs(t) - lam, F(0)) / sum((p * p for p in Pa), F(0))
    return ({0: u} if u else {}), list(_simple_regression(x, [yi - u * ai for yi, ai in zip(y, a, strict=True)]))


def test_data_as_python_ints_stay_exact():
    """X given as a list of Python ints is kept as exact integers of any size (an object array), not converted to int64,
    whose products overflow: x = 4 10^10 gives x^2 = 1.6 10^21 in the normal equations.  Kills __init__ 3, 5
    (asarray without dtype=object)."""
    big = 10**10
    x = [big * k for k in range(5)]
    y = [F(3 * k * k - 1) for k in range(5)]
    problem = LassoProblem([[v] for v in x], y, [[F(1)]], [F(big)], F(1, 2))
    expected = _closed_form([F(v) for v in x], y, [max(F(0), F(v - big)) for v in x], F(1, 2))
    assert expected[0] and problem.certify() == expected


class _CountingNumpy:
    """numpy, counting the calls of ``np.sign`` (one per coordinate update of numeric_support's descent)."""

    def __init__(self) -> None:
        self.sign_calls = 0

    def __getattr__(self, name: str):
        return getattr(np, name)

    def sign(self, x):
        self.sign_calls += 1
        return np.sign(x)


@pytest.mark.parametrize("seed, d, sweeps", [(1, 2, 2), (2, 1, 83), (4, 1, 5)])
def test_numeric_support_stops_when_the_descent_has_converged(monkeypatch, seed, d, sweeps):
    """The coordinate descent stops at the first sweep that changes no weight by 1e-13 or more, long before its cap of
    5000 sweeps (sweeps counted as np.sign calls / M, an upper bound: vanishing columns make no call; the
    counts were measured once, and allowed to double).  Kills numeric_support 37 (change starts at 1: every run
    takes 5000 sweeps), 67 (the change measured as |new + old|)."""
    problem = random_lasso_problem(random.Random(seed), d=d, N=7, M=10)
    counting = _CountingNumpy()
    monkeypatch.setattr(lasso_module, "np", counting)
    S, signs = problem.numeric_support()
    monkeypatch.undo()
    assert counting.sign_calls <= 2 * sweeps * problem.M
    u, c = _solve_on_support(problem, S, signs)
    assert all(u[j] * s > 0 for j, s in zip(S, signs, strict=True)) and _kkt(problem, u, c)


def test_next_level_is_the_largest_event_below_the_level():
    """_next_level's contract (its docstring): the largest lambda in (0, level) at which a weight p_j - lambda q_j in S
    reaches 0 (or an outside correlation reaches +-lambda).  One neuron, in S, and zero residual lines: the only
    candidate is p/q, kept when 0 < p/q < level; a weight constant on the line (q = 0) never reaches 0 there.
    Kills _next_level 34 (q = 1 skipped, q = 0 divided by), 25 (p * q), 33 (only q = 0), 37 (a time 0 kept)."""
    problem, _, _, _ = _one_neuron()
    zero = [F(0)] * problem.N
    for p, q, level, expected in [(F(3), F(2), F(3), F(3, 2)), (F(2), F(1), F(3), F(2)), (F(2), F(1), F(2), None),
                                  (F(-2), F(1), F(3), None), (F(0), F(1), F(3), None),
                                  (F(2), F(0), F(3), None), (F(3), F(2), None, F(3, 2))]:
        assert problem._next_level([0], [p, F(0), F(0)], [q, F(5), F(7)], zero, zero, level) == expected


def _qualifies(problem: LassoProblem, keep, T, boundary) -> bool:
    """_next_active's three conditions for S = keep + T, checked with sympy: [A_S, B] of full column rank, s_j q_j > 0
    for j in T, s_j dc_j/dlambda >= 1 for the boundary neurons left out (q: G^T G q = (s, 0); dc_j/dlambda =
    A_j^T G q)."""
    S, signs = [j for j, _ in keep] + [j for j, _ in T], [s for _, s in keep] + [s for _, s in T]
    cols = [_column(problem, j) for j in S]
    G = sympy.Matrix([[col[i] for col in cols] + [*problem.X[i]] + [1] for i in range(problem.N)])
    if G.rank() < G.shape[1]:
        return False
    q = (G.T * G).LUsolve(sympy.Matrix([*signs] + [0] * (problem.d + 1)))
    if any(s * q[len(keep) + k] <= 0 for k, (_, s) in enumerate(T)):
        return False
    r_q = G * q
    return all(s * sum((a * r_q[i] for i, a in enumerate(_column(problem, j))), 0) >= 1
               for j, s in boundary if (j, s) not in T)


@pytest.mark.parametrize("seed", range(4))
def test_next_active_returns_a_smallest_qualifying_subset(seed):
    """_next_active's contract (its docstring), on arbitrary active sets and boundary lists of a random problem: the
    result is keep + T for a subset T of the boundary that satisfies the three conditions (checked here with sympy)
    and no smaller subset does; None only if no subset does.  Kills _next_active 26 (the sign of the k-th joining
    weight read at q[len(keep) - k]), 30 (a failed sign test ends the search of that size), 20 (a rank-deficient
    subset ends it), 25."""
    rng = random.Random(seed)
    problem = random_lasso_problem(rng, d=1 + seed % 2, N=8, M=7)
    for _ in range(4):
        chosen = rng.sample(range(problem.M), rng.randint(2, 4))
        n_keep = rng.randint(0, min(2, len(chosen) - 1))
        keep = [(j, rng.choice([1, -1])) for j in chosen[:n_keep]]
        boundary = [(j, rng.choice([1, -1])) for j in chosen[n_keep:]]
        _check_next_active(problem, keep, boundary)


def _check_next_active(problem: LassoProblem, keep, boundary) -> None:
    result = problem._next_active(keep, boundary)
    sizes = [k for k in range(len(boundary) + 1)
             if any(_qualifies(problem, keep, T, boundary) for T in itertools.combinations(boundary, k))]
    if result is None:
        assert sizes == []
        return
    S, signs = result
    assert S[: len(keep)] == [j for j, _ in keep] and signs[: len(keep)] == [s for _, s in keep]
    T = list(zip(S[len(keep):], signs[len(keep):], strict=True))
    assert all(t in boundary for t in T) and _qualifies(problem, keep, T, boundary)
    assert len(T) == sizes[0]


def test_next_active_skips_a_weight_that_would_not_move():
    """x = 0..4, relu(x - 1) active and relu(x - 3/2) on the boundary: their projections off the affine functions
    satisfy Pa_0 . Pa_1 = |Pa_0|^2 (= 2/5), so adding neuron 1 gives q_1 = 0 (its weight would stay at zero): that
    subset fails the sign condition and the search goes on; a copy of neuron 0 on the boundary makes [A_S, B] rank
    deficient, and the search goes on too.  Kills _next_active 25 (s / q: division by zero), 20 (a rank-deficient
    subset ends the search of its size)."""
    base, _, _, _ = _one_neuron()
    W, b = [[F(1)], [F(1)], [F(-1)], [F(1)]], [F(1), F(3, 2), F(-3), F(1)]
    problem = LassoProblem(base.X, base.y, W, b, base.lam)
    for boundary in ([(1, 1), (2, -1)], [(1, 1), (2, 1)], [(2, 1), (1, 1)]):
        _check_next_active(problem, [(0, 1)], boundary)
    for boundary in ([(3, 1), (2, -1)], [(3, 1), (2, 1)], [(3, -1), (1, 1)], [(3, 1), (1, -1)]):
        _check_next_active(problem, [(0, 1)], boundary)  # neuron 3 repeats neuron 0: [A_S, B] rank deficient


@pytest.mark.parametrize("big, small, expected", [(F(1, 2), F(3, 2 * 10**8), [1, 2]), (F(10**4), F(1, 10**6), [1])])
def test_numeric_support_cut_is_relative_to_the_largest_weight(big, small, expected):
    """The float guess treats a weight as zero when it is at most 1e-8 max(1, largest |weight|) (descent noise).  Data
    made of two neurons with weights ``big`` and ``small`` (lambda 1e-15: the optimum is within 1e-13 of them): a
    weight 1.5e-8 beside 1/2 is kept (cut 1e-8), a weight 1e-6 beside 1e4 is dropped (cut 1e-4).  Kills
    numeric_support 79 (cut 2e-8 below weight 2), 73 (cut divided by the largest weight)."""
    x = [F(v, 10) for v in range(6)]
    a1 = [max(F(0), v - F(1, 10)) for v in x]
    a2 = [max(F(0), F(3, 10) - v) for v in x]
    y = [big * p + small * q + v / 7 for p, q, v in zip(a1, a2, x, strict=True)]
    W, b = [[F(1)], [F(1)], [F(-1)]], [F(-5), F(1, 10), F(-3, 10)]
    problem = LassoProblem(np.array([[v] for v in x], dtype=object), y, W, b, F(1, 10**15))
    S, signs = problem.numeric_support()
    assert S == expected and signs == [1] * len(expected)
