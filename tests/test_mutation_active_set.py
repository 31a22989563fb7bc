"""Mutation-killing tests of the TV² regression engine, radontv/regression_active_set.py (tests/mutation-equivalents.md,
section "radontv/regression_active_set.py", round of 2026-12-04 on the code after issue 14).

The iteration rule of ``active_set`` (drop wrong-signed knots, add the peak of each run of violations, halve the
simultaneous changes after a repeated pattern or after ``_STALL_ITER`` iterations without a new fewest number of
violations, give up after a cycle at one change or after ``max_iter``) is driven here by a *scripted* evaluator: a
stand-in for :class:`radontv.regression_float.FloatEvaluator` (the ``evaluator`` argument of ``active_set``) that
answers each knot pattern from a table written by hand.  The sequence of patterns the engine must evaluate is then
derived by hand from the documented rule, and compared with the patterns it does evaluate.  The hat basis, the
solve and the amplitudes are compared with exact rational arithmetic; the extended pass and the coarse-to-fine move
with independent routes (exact KKT check of radontv.checks.training, a dense potential).  Each test names the
mutants it kills (numbers of mutmut 3.8.1 on the snapshot named in tests/mutation-equivalents.md).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

import radontv.regression_active_set as engine
from radontv.regression_float import FloatEvaluation


# -- a scripted evaluator ----------------------------------------------------------------------------------------------
def _key(nodes, sign_at):
    """The evaluated pattern as a sorted tuple of (site, sign)."""
    return tuple((int(s), int(sign_at[s])) for s in nodes[1:-1])


class Scripted:
    """Stands in for FloatEvaluator in ``active_set``: ``respond(pattern)`` gives ``(wrong, over)`` with
    ``wrong`` = {knot site: amplitude} (amplitudes of the other knots have their knot's sign, magnitude 1) and
    ``over`` = {violating free site: (excess over λ, φ)}; every evaluated pattern is recorded in ``calls``.  Its
    ``sums.solve`` returns node values with exactly those amplitudes (slope 0 on the first interval), for an engine
    that solves before it evaluates."""

    def __init__(self, respond, x):
        self.respond, self.x, self.sums = respond, x, self
        self.calls: list[tuple] = []

    def _amp(self, key):
        wrong = self.respond(key)[0]
        return np.array([float(wrong.get(s, sg)) for s, sg in key])

    def solve(self, nodes, lam, signs):
        amp = self._amp(tuple((int(s), int(sg)) for s, sg in zip(nodes[1:-1], signs, strict=True)))
        slopes = np.concatenate(([0.0], np.cumsum(amp)))
        return np.concatenate(([0.0], np.cumsum(slopes * np.diff(self.x[nodes]))))

    def evaluate(self, nodes, sign_at, lam, v=None):
        key = _key(nodes, sign_at)
        self.calls.append(key)
        over = self.respond(key)[1]
        idx = np.array(sorted(over), dtype=np.intp)
        excess = np.array([float(over[i][0]) for i in idx.tolist()])
        phi = np.array([float(over[i][1]) for i in idx.tolist()])
        return FloatEvaluation(np.zeros(nodes.shape[0]), self._amp(key), idx, excess, phi)


def _run(respond, M=40, lam=1.0, **kwargs):
    x = np.linspace(-0.5, 0.5, M)
    ev = Scripted(respond, x)
    out = engine.active_set(x, np.zeros(M), np.ones(M), lam, np.zeros(M), evaluator=ev, **kwargs)
    return out, ev.calls


# -- the iteration rule of active_set, by hand -------------------------------------------------------------------------
def test_accepted_at_once_returns_the_start_and_leaves_the_callers_pattern_alone():
    """A pattern without violation is accepted at the first iteration: (True, the pattern, its nodes, the
    evaluator's node values, 1); and a run that changes the pattern does not touch the caller's array (continuation
    hands the same empty start to the active set, the homotopy and the continuation).  Second run: the start's knot
    3 has the wrong sign and is dropped before the potential is evaluated; {8−} violates at 5 (φ < 0), 5− is added,
    {5−, 8−} is accepted at iteration 2.  Kills the mutants of the acceptance test and of the copy of ``sign_at``."""
    M = 12
    start = np.zeros(M)
    start[[3, 8]] = [1.0, -1.0]
    x = np.linspace(0.0, 1.0, M)
    ev = Scripted(lambda key: ({}, {}), x)
    ok, pattern, nodes, v, its = engine.active_set(x, np.zeros(M), np.ones(M), 1.0, start, evaluator=ev)
    assert ok and its == 1 and ev.calls == [((3, 1), (8, -1))]
    assert np.array_equal(pattern, start) and nodes.tolist() == [0, 3, 8, M - 1] and v.shape == (4,)

    def respond(key):
        if key == ((3, 1), (8, -1)):
            return {3: -1.0}, {}
        return ({}, {5: (0.5, -2.0)}) if key == ((8, -1),) else ({}, {})

    ev = Scripted(respond, x)
    before = start.copy()
    ok, pattern, nodes, _, its = engine.active_set(x, np.zeros(M), np.ones(M), 1.0, start, evaluator=ev)
    assert ok and its == 2 and ev.calls == [((8, -1),), ((5, -1), (8, -1))]
    assert nodes.tolist() == [0, 5, 8, M - 1] and pattern[5] == -1 and pattern[3] == 0
    assert np.array_equal(start, before)


def test_a_knot_of_zero_amplitude_is_not_a_wrong_sign(monkeypatch):
    """An amplitude of exactly 0 has no wrong sign (|φ| = λ there and the spline has no kink): the pattern {5+} with
    amplitude 0 is accepted as it is at the first iteration, in double precision and in the extended pass.  Kills
    the mutants that count a zero amplitude as wrong."""
    M = 12
    x = np.linspace(0.0, 1.0, M)
    start = np.zeros(M)
    start[5] = 1.0
    ev = Scripted(lambda key: ({5: 0.0}, {}), x)
    ok, pattern, _, _, its = engine.active_set(x, np.zeros(M), np.ones(M), 1.0, start, evaluator=ev)
    assert ok and its == 1 and ev.calls == [((5, 1),)] and np.array_equal(pattern, start)
    calls = _scripted_extended(monkeypatch, lambda key: ({5: 0.0}, {}), M)
    ok, pattern, _, _, its, _ = engine.verify_extended(x, np.zeros(M), np.ones(M), 1.0, start)
    assert ok and its == 1 and calls == [((5, 1),)] and np.array_equal(pattern, start)


def test_a_cycle_halves_the_changes_from_the_current_cap():
    """A repeated pattern halves the number of simultaneous changes: the first time half of the last step's changes
    (12 → 6), later half of the current cap (6 → 3 → 1, although the last step made 2), and the changes kept are the
    worst ones (largest excess); once capped, wrong signs are no longer dropped before the potential but count as
    changes of the step.  Pattern walk, by hand (P0 = no knot; 12 violating sites, each its own run): P0 → the 12
    added, all wrong-signed, dropped before the potential → P0 again: cycle, cap 6: the 6 largest excesses → P2 → P3
    (2 of them wrong, dropped) → P2 (re-added) → cycle, cap 3: P3 → P2 → cycle, cap 1: only the worse of the two
    wrong knots is dropped (badness relative to the largest amplitude) → P4, accepted at iteration 8.  Kills the
    mutants of the halving (``limit``, ``last_changes``), of clearing ``seen`` and of the choice of the worst."""
    sites = list(range(2, 26, 2))
    excess = [0.3, 1.1, 0.7, 0.2, 0.9, 0.5, 1.2, 0.1, 0.8, 0.4, 1.0, 0.6]
    sign = {s: (1 if i % 2 == 0 else -1) for i, s in enumerate(sites)}
    over_all = {s: (e, 2.0 * sign[s]) for s, e in zip(sites, excess, strict=True)}
    P0 = ()
    P1 = tuple((s, sign[s]) for s in sites)
    top6 = [14, 4, 22, 10, 18, 6]  # by decreasing excess
    P2 = tuple(sorted((s, sign[s]) for s in top6))
    P3 = tuple(k for k in P2 if k[0] not in (6, 18))
    P4 = tuple(k for k in P2 if k[0] != 18)

    def respond(key):
        if key == P0:
            return {}, over_all
        if key == P1:
            return {s: -sg for s, sg in P1}, {}
        if key == P2:  # 6 and 18 wrong; 18 the worse (badness 2 of scale 2, against 0.5 of 2)
            return {6: -0.5 * sign[6], 18: -2.0 * sign[18]}, {}
        if key == P3:
            return {}, {6: over_all[6], 18: over_all[18]}
        return {}, {}

    (ok, pattern, nodes, _, its), calls = _run(respond)
    assert calls == [P0, P0, P2, P3, P2, P3, P2, P4]
    assert ok and its == 8 and _key(nodes, pattern) == P4


def test_the_worst_changes_are_chosen_relative_to_their_scales():
    """Under a cap the drops and the adds compete by severity: a wrong amplitude by its badness relative to the
    largest amplitude of the pattern, a violation by its excess relative to λ (λ = 4 here).  Walk by hand: no knot
    (violations at 5, 15, 30, 32 with excess 8, 7, 1, 0.5) → all four added, all wrong-signed, dropped before the
    potential → no knot again: cycle, cap 4 // 2 = 2: the two largest excesses, Q0 = {5+, 15−}; Q0: both knots wrong
    (badness 0.5 and 4 of scale 4 → 0.125, 1.0), violations at 10, 20, 25 with excess 2, 6, 0.4 (→ 0.5, 1.5, 0.1);
    the two worst are 'add 20' (1.5) and 'drop 15' (1.0) → Q2 = {5+, 20−}, accepted at iteration 4.  Kills the
    mutants of the severities (their scales, ``max(scale, EPS)``) and of the split of the kept changes into drops
    and adds."""
    Q0 = ((5, 1), (15, -1))
    Q1 = ((5, 1), (15, -1), (30, 1), (32, -1))
    Q2 = ((5, 1), (20, -1))

    def respond(key):
        if key == ():
            return {}, {5: (8.0, 12.0), 15: (7.0, -11.0), 30: (1.0, 5.0), 32: (0.5, -4.5)}
        if key == Q1:
            return {s: -2.0 * sg for s, sg in Q1}, {}
        if key == Q0:
            return {5: -0.5, 15: 4.0}, {10: (2.0, 6.0), 20: (6.0, -10.0), 25: (0.4, 4.4)}
        return {}, {}

    (ok, pattern, nodes, _, its), calls = _run(respond, lam=4.0)
    assert calls == [(), (), Q0, Q2]
    assert ok and its == 4 and _key(nodes, pattern) == Q2


def _growing(stop, width=2, narrow_from=None):
    """Each pattern of k < ``stop`` knots (at sites 3, 6, …) violates at the next ``width`` sites 3(k+1), 3(k+2), …
    (excess 1, 1/2, 1/3, …, φ of sign (−1)^(j+1) at site 3j), so the number of violations stays ``width`` and no
    pattern repeats; from ``narrow_from`` knots on, at the next two sites only."""
    def respond(key):
        k = len(key)
        if k >= stop:
            return {}, {}
        w = 2 if narrow_from is not None and k >= narrow_from else width
        return {}, {3 * j: (1.0 / (j - k), 3.0 * (1 if j % 2 else -1)) for j in range(k + 1, k + 1 + w)}
    return respond


def test_a_stall_halves_the_changes_after_eight_iterations():
    """Without a repeated pattern but without a new fewest number of violations for 8 iterations, the changes are
    halved as after a cycle (2 → 1): knots per evaluated pattern 0, 2, …, 16 (iterations 1–9), then one more per
    iteration (17, 18, 19, 20), accepted at iteration 13.  Kills the mutants of the stall rule (``_STALL_ITER``,
    ``fewest``, ``since``, their comparisons and updates)."""
    (ok, pattern, nodes, _, its), calls = _run(_growing(20), M=80)
    assert [len(c) for c in calls] == [0, 2, 4, 6, 8, 10, 12, 14, 16, 17, 18, 19, 20]
    assert ok and its == 13 and _key(nodes, pattern) == tuple((3 * j, 1 if j % 2 else -1) for j in range(1, 21))


def test_a_second_stall_halves_again_down_to_one():
    """With 4 violations per pattern: the first stall (iteration 9) halves 4 → 2 changes, the second (iteration 17,
    8 iterations later) 2 → 1: knots per evaluated pattern 0, 4, …, 32, then 34, …, 48, then 49, …, 52, accepted at
    iteration 21.  Kills the mutants of the stall rule's ``limit != 1``."""
    (ok, pattern, _, _, its), calls = _run(_growing(52, width=4), M=200)
    want = list(range(0, 33, 4)) + list(range(34, 49, 2)) + [49, 50, 51, 52]
    assert [len(c) for c in calls] == want
    assert ok and its == 21 and np.flatnonzero(pattern).tolist() == [3 * j for j in range(1, 53)]


def test_a_stall_halves_the_current_cap_not_the_last_step():
    """A stall after an earlier one halves the cap in force, not the last step's changes: 8 violations per pattern
    up to 72 knots (first stall at iteration 9: cap 8 // 2 = 4), then 2 per pattern (a new fewest at iteration 11:
    2 changes per step, under the cap), second stall at iteration 19: cap 4 // 2 = 2 (not 2 // 2 = 1).  Knots per
    evaluated pattern 0, 8, …, 64, 68, 72, 74, …, 88, 90, 92, accepted at iteration 21.  Kills the mutants of the
    stall rule's choice between ``last_changes`` and ``limit``."""
    (ok, _, _, _, its), calls = _run(_growing(92, width=8, narrow_from=72), M=310)
    want = [*range(0, 65, 8), 68, 72, *range(74, 89, 2), 90, 92]
    assert [len(c) for c in calls] == want and ok and its == 21


def test_max_iter_stops_with_the_last_changes_made():
    """An attempt that never converges stops after ``max_iter`` iterations (five patterns evaluated) with
    certified False, the nodes of the last evaluated pattern and the pattern after its changes (the coarse levels
    of warm_start hand that pattern on as their guess).  Kills the mutants of the iteration cap."""
    (ok, pattern, nodes, _, its), calls = _run(_growing(100), M=80, max_iter=5)
    assert not ok and its == 5 and [len(c) for c in calls] == [0, 2, 4, 6, 8]
    assert nodes.tolist() == [0, 3, 6, 9, 12, 15, 18, 21, 24, 79]
    assert np.flatnonzero(pattern).tolist() == [3 * j for j in range(1, 11)]


def _flip_flop(key):
    """No knot: site 7 violates; the knot at 7: its amplitude has the wrong sign — a cycle of length 2."""
    return ({}, {7: (0.5, 2.0)}) if key == () else ({7: -1.0}, {})


def test_a_cycle_at_one_change_gives_up_unless_single_changes_are_allowed():
    """The two-pattern cycle: no knot → 7+ added, wrong-signed, dropped before the potential → no knot again
    (iteration 2): cap 1; 7+ (iteration 3, now evaluated with its wrong sign) → dropped → no knot (iteration 4):
    repeated at one change, the attempt gives up with certified False and the repeated pattern.  With
    ``allow_single`` it goes on to its own cap of 30 + 4M iterations (M = 40: 190) and then gives up with the pattern
    after the last step's change (M = 100: 430 iterations, beyond the default ``max_iter`` of 400).  Kills the
    mutants of the give-up test and of the last-resort cap."""
    (ok, pattern, nodes, _, its), calls = _run(_flip_flop)
    assert not ok and its == 4 and calls == [(), (), ((7, 1),), ()]
    assert not pattern.any() and nodes.tolist() == [0, 39]
    (ok, pattern, nodes, _, its), calls = _run(_flip_flop, allow_single=True)
    assert not ok and its == 190 and len(calls) == 190
    assert calls[-2:] == [((7, 1),), ()] and nodes.tolist() == [0, 39]
    assert np.flatnonzero(pattern).tolist() == [7] and pattern[7] == 1
    # M = 100: the last-resort cap 30 + 4M = 430 lies beyond the default max_iter (400), which it replaces
    (ok, _, _, _, its), calls = _run(_flip_flop, M=100, allow_single=True)
    assert not ok and its == 430 and len(calls) == 430


# -- warm start: the coarse knots moved to their block's peak --------------------------------------------------------
class _Potential:
    """Stands in for FloatEvaluator in ``_to_block_peaks``: a given potential φ at every site (the call is recorded)."""

    def __init__(self, phi):
        self.phi, self.calls = np.asarray(phi, dtype=float), []

    def potential(self, nodes, sign_at, lam):
        self.calls.append((nodes.tolist(), sign_at.copy(), lam))
        return np.zeros(nodes.shape[0]), self.phi


def _blocks(M):
    starts = np.arange(0, M, engine._COARSE_FACTOR)
    return starts, np.diff(np.append(starts, M))


def test_knots_move_to_the_peak_of_sigma_phi_in_their_block():
    """Each knot of the guess (at a block's middle site) moves to the site of its block of 8 where σφ is largest —
    for σ = −1 the most negative φ, not the largest |φ| — with its sign; φ is that of the guess itself (nodes: both
    ends and the knots, at the given λ).  By hand, M = 33 (blocks of 8 and a last block of one site): knots 12+, 20−,
    28+ and a φ whose σ-peaks in blocks 1, 2, 3 are at 9, 23 and 28 (a knot can stay).  Kills the mutants of the
    move (block index, the window, the argmax of σφ, the sign carried)."""
    M = 33
    starts, sizes = _blocks(M)
    fine = np.zeros(M)
    fine[[12, 20, 28]] = [1.0, -1.0, 1.0]
    phi = np.zeros(M)
    phi[8:16] = [0.1, 0.9, 0.3, 0.2, 0.5, 0.0, -2.0, 0.4]  # σ = +1: peak at 9 (not the largest |φ|, at 14)
    phi[16:24] = [-0.1, 3.0, -0.2, 0.0, -0.5, -0.6, -0.3, -0.8]  # σ = −1: peak at 23 (not the largest φ, at 17)
    phi[24:32] = [0.0, 0.1, 0.2, 0.3, 0.7, 0.6, 0.5, -4.0]  # σ = +1: peak at 28, the knot stays
    phi[[0, 1, 32]] = [5.0, 5.0, 5.0]  # the end blocks hold no knot: never looked at
    ev = _Potential(phi)
    moved = engine._to_block_peaks(ev, 0.25, fine, starts, sizes)
    expected = np.zeros(M)
    expected[[9, 23, 28]] = [1.0, -1.0, 1.0]
    assert np.array_equal(moved, expected)
    assert len(ev.calls) == 1 and ev.calls[0][0] == [0, 12, 20, 28, 32] and ev.calls[0][2] == 0.25
    assert np.array_equal(ev.calls[0][1], fine)


def test_a_single_knot_moves_too_even_to_the_last_site_but_one():
    """One knot is moved like many; with a last block of one site (M = 8k + 1) the block before it ends at site
    M − 2, an interior site where the knot may land.  Without knots nothing is evaluated and the guess is returned
    as it is.  Kills the mutants of the no-knot shortcut and of the bounds of the landing site."""
    M = 41
    starts, sizes = _blocks(M)
    fine = np.zeros(M)
    fine[36] = -1.0
    phi = np.linspace(0.0, -1.0, M)  # −φ increases: its peak in block 4 (sites 32–39) is at 39 = M − 2
    moved = engine._to_block_peaks(_Potential(phi), 1.0, fine, starts, sizes)
    assert np.flatnonzero(moved).tolist() == [M - 2] and moved[M - 2] == -1.0
    ev = _Potential(phi)
    none = engine._to_block_peaks(ev, 1.0, np.zeros(M), starts, sizes)
    assert not none.any() and none.shape == (M,) and ev.calls == []


def test_a_knot_whose_peak_is_an_end_site_is_dropped_and_site_one_is_interior():
    """The end sites never carry a knot: a knot whose block's peak of σφ lies at site 0 (σφ ≤ 0 on the whole first
    block: the argmax is the untouched φ(x₁) = 0) or at the last site (a last block of 6 sites, M = 30) is dropped
    from the guess, not moved there; a peak at site 1 is an interior site like any other, where the knot lands.
    Kills the mutants of the bounds ``0 < best < M - 1`` of the landing site (``<=``, ``M + 1``, ``1 <``, the
    ``and`` of the two conditions)."""
    M = 30
    starts, sizes = _blocks(M)
    fine = np.zeros(M)
    fine[[4, 27]] = [1.0, 1.0]
    phi = np.zeros(M)
    phi[1:8] = -np.arange(1.0, 8.0)  # σ = +1: σφ ≤ 0 in block 0, largest (0) at site 0
    phi[24:30] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]  # σ = +1: peak at the last site
    dropped = engine._to_block_peaks(_Potential(phi), 1.0, fine, starts, sizes)
    assert dropped.shape == (M,) and not dropped.any()
    phi[1] = 0.5  # block 0's peak now at site 1
    phi[28] = 0.9  # the last block's at site 28
    moved = engine._to_block_peaks(_Potential(phi), 1.0, fine, starts, sizes)
    assert np.flatnonzero(moved).tolist() == [1, 28] and moved[1] == moved[28] == 1.0


# -- the homotopy -----------------------------------------------------------------------------------------------------
def _engine_data(seed, n=40):
    """Normalised engine data: sorted distinct sites in [−½, ½), values, integer weights 1–2."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-0.5, 0.5, n))
    y = np.sin(5 * x) + 0.3 * rng.standard_normal(n)
    m = rng.integers(1, 3, n).astype(np.float64)
    return x, y, m


def _exact_lam_max(x, y, m):
    """λ_max = max |φ| of the weighted least-squares line's residuals, in rationals."""
    X, Y, W = [Fraction(float(v)) for v in x], [Fraction(float(v)) for v in y], [int(v) for v in m]
    sw, sx, sy = sum(W), sum(w * a for w, a in zip(W, X, strict=True)), sum(w * b for w, b in zip(W, Y, strict=True))
    sxx = sum(w * a * a for w, a in zip(W, X, strict=True))
    sxy = sum(w * a * b for w, a, b in zip(W, X, Y, strict=True))
    c1 = (sw * sxy - sx * sy) / (sw * sxx - sx * sx)
    c0 = (sy - c1 * sx) / sw
    R = [w * (b - c0 - c1 * a) for w, a, b in zip(W, X, Y, strict=True)]
    return max(abs(sum((r * (t - s) for r, s in zip(R, X, strict=True) if s < t), Fraction(0))) for t in X)


def _exactly_optimal(x, y, m, lam, pattern) -> bool:
    """The KKT conditions of the pattern at λ, solved and checked in rationals (radontv.checks.training)."""
    from radontv.checks import training as checks

    act = np.flatnonzero(pattern)
    opt = checks.ExactOptimum([Fraction(float(v)) for v in x], [Fraction(float(v)) for v in y],
                              [int(v) for v in m], Fraction(0), Fraction(lam), [int(j) for j in act],
                              [int(s) for s in pattern[act]])
    return bool(opt.verified)


def test_homotopy_reaches_knots_next_to_the_ends_and_stops_at_its_cap(monkeypatch):
    """At λ = 10⁻³ λ_max (seed 8, 40 sites) the path from λ_max ends, after 57 breakpoints, at the exact optimum
    (rational KKT check), which has knots at sites 1 and M − 2 next to the ends: every site but the two ends may
    join.  With the cap of breakpoints per site set to 1 (40 breakpoints here) the path stops after exactly 40
    breakpoints, short of the optimum; with 2 per site (80) it ends as before.  Kills the mutants of the free sites
    (``free[0] = free[-1] = False`` shifted) and of the number of breakpoints allowed."""
    x, y, m = _engine_data(8)
    L = float(_exact_lam_max(x, y, m))
    lam = 1e-3 * L
    pattern, events = engine._homotopy(x, y, m, lam, L, np.zeros(x.size))
    knots = np.flatnonzero(pattern)
    assert events == 57 and knots[0] == 1 and knots[-1] == x.size - 2
    assert _exactly_optimal(x, y, m, lam, pattern)
    monkeypatch.setattr(engine, "_HOMOTOPY_MAX_EVENTS_PER_SITE", 1)
    short, events = engine._homotopy(x, y, m, lam, L, np.zeros(x.size))
    assert events == 40 and not np.array_equal(short, pattern)
    monkeypatch.setattr(engine, "_HOMOTOPY_MAX_EVENTS_PER_SITE", 2)
    again, events = engine._homotopy(x, y, m, lam, L, np.zeros(x.size))
    assert events == 57 and np.array_equal(again, pattern)


# -- the extended pass ------------------------------------------------------------------------------------------------
def test_the_extended_pass_repairs_a_wrong_pattern_by_itself():
    """The final pass (``verify_extended``: the active set in numpy.longdouble) is an active set of its own: from no
    knot, and from the optimum with one knot removed and a wrong-signed knot added, it iterates (more than one
    iteration) to the pattern the double-precision engine accepts, which the rational KKT check verifies; it returns
    longdouble node values and the fitted values of exactly those node values.  Kills the mutants of the extended
    branch of ``_iterate`` (its solve and refinement, the potential of its residuals, the amplitudes, the rounding
    bound, the excess of the free sites) that change a decision, and of ``active_set`` passing ``extended`` on."""
    x, y, m = _engine_data(6, 50)
    lam = 0.05 * float(_exact_lam_max(x, y, m))
    ok, optimum, nodes, _, _ = engine.active_set(x, y, m, lam, np.zeros(x.size))
    assert ok and _exactly_optimal(x, y, m, lam, optimum)
    knots = np.flatnonzero(optimum)
    wrong = optimum.copy()
    wrong[knots[1]] = 0.0
    free = next(j for j in range(2, x.size - 2) if optimum[j - 1:j + 2].tolist() == [0.0, 0.0, 0.0])
    wrong[free] = 1.0
    for start in (np.zeros(x.size), wrong):
        ok, pattern, nodes_x, v_x, its, u_x = engine.verify_extended(x, y, m, lam, start)
        assert ok and its > 1 and np.array_equal(pattern, optimum) and np.array_equal(nodes_x, nodes)
        assert v_x.dtype == np.longdouble and u_x.dtype == np.longdouble
        assert np.array_equal(u_x, engine.fitted_values(x, nodes_x, v_x))
    # active_set(extended=True) is the same pass without the fitted values
    ok, pattern, nodes_a, v_a, its = engine.active_set(x, y, m, lam, wrong, extended=True)
    assert ok and its > 1 and np.array_equal(pattern, optimum) and np.array_equal(nodes_a, nodes)
    assert v_a.dtype == np.longdouble


def _scripted_extended(monkeypatch, respond, M):
    """The extended branch of ``_iterate`` driven by ``respond`` like ``Scripted``: its solve, refinement, potential,
    amplitudes and rounding bound replaced by the scripted answer for the pattern being solved (recorded)."""
    calls: list[tuple] = []
    current: list = [None]

    def hat_solve(x, y, m, lam, basis, signs):
        key = tuple((int(s), int(sg)) for s, sg in zip(basis.nodes[1:-1], signs, strict=True))
        calls.append(key)
        current[0] = key
        return np.zeros(basis.nodes.shape[0])

    def potential(x, R):
        phi = np.zeros(M, dtype=np.longdouble)
        for site, (excess, value) in respond(current[0])[1].items():
            phi[site] = np.sign(value) * (1.0 + excess)  # λ = 1, bound 0: |φ| − λ is the excess
        return phi

    def amplitudes(X, v):
        wrong = respond(current[0])[0]
        return np.array([float(wrong.get(s, sg)) for s, sg in current[0]])

    monkeypatch.setattr(engine, "_hat_solve", hat_solve)
    monkeypatch.setattr(engine, "refine", lambda x, y, m, lam, nodes, signs, v, ext: (v.astype(np.longdouble),
                                                                                       np.zeros(M, np.longdouble)))
    monkeypatch.setattr(engine, "potential", potential)
    monkeypatch.setattr(engine, "node_amplitudes", amplitudes)
    monkeypatch.setattr(engine, "rounding_bound", lambda *a: np.zeros(M))
    return calls


def test_the_extended_pass_gives_up_after_a_cycle_at_one_change(monkeypatch):
    """The final pass has no single-change mode: on the two-pattern cycle (no knot → 7+ → its sign wrong → no
    knot → …; the extended branch drops wrong signs in the step, not before the potential) it halves to one change
    at the first repeat (iteration 3) and gives up at the second (iteration 5) with certified False, instead of
    running on to 30 + 4M iterations.  A violation at an end site is never taken (the ends are not free); a site
    that violates by exactly its allowance is not a violation.  Kills the mutants of ``verify_extended``'s
    arguments and of the end and zero-excess rules of the extended branch."""
    M = 40
    x = np.linspace(-0.5, 0.5, M)

    def respond(key):  # the ends violate too, and site 20 sits exactly at λ + bound
        if key == ():
            return {}, {0: (5.0, 1.0), M - 1: (5.0, -1.0), 7: (0.5, 2.0), 20: (0.0, 1.0)}
        return {7: -1.0}, {0: (5.0, 1.0), M - 1: (5.0, -1.0), 20: (0.0, 1.0)}

    calls = _scripted_extended(monkeypatch, respond, M)
    ok, pattern, nodes, _, its, _ = engine.verify_extended(x, np.zeros(M), np.ones(M), 1.0, np.zeros(M))
    assert calls == [(), ((7, 1),), (), ((7, 1),), ()]
    assert not ok and its == 5 and not pattern.any() and nodes.tolist() == [0, M - 1]


def test_the_extended_pass_allows_its_rounding_bound_beyond_lambda(monkeypatch):
    """The extended pass's feasibility test is |φ| ≤ λ + bound (the rounding bound is an allowance, not a margin):
    with a bound of 0.5 at every site and λ = 1, a free site at |φ| = 1.25 (above λ, within the allowance) and one at
    |φ| = 0.75 are no violations, and the start pattern is accepted at the first iteration; at |φ| = 1.75 the site
    is added.  Kills the mutant that subtracts the bound the other way (``|φ| − λ + bound``)."""
    M = 20
    x = np.linspace(-0.5, 0.5, M)
    calls = _scripted_extended(monkeypatch, lambda key: ({}, {5: (0.25, 1.0), 9: (-0.25, -1.0)}), M)
    monkeypatch.setattr(engine, "rounding_bound", lambda *a: np.full(M, 0.5))
    ok, pattern, _, _, its, _ = engine.verify_extended(x, np.zeros(M), np.ones(M), 1.0, np.zeros(M))
    assert ok and its == 1 and calls == [()] and not pattern.any()
    calls = _scripted_extended(monkeypatch, lambda key: ({}, {} if key else {5: (0.75, 1.0)}), M)
    monkeypatch.setattr(engine, "rounding_bound", lambda *a: np.full(M, 0.5))
    ok, pattern, _, _, its, _ = engine.verify_extended(x, np.zeros(M), np.ones(M), 1.0, np.zeros(M))
    assert ok and its == 2 and calls == [(), ((5, 1),)] and np.flatnonzero(pattern).tolist() == [5]


# -- continuation with the warm start ---------------------------------------------------------------------------------
def test_warm_start_on_repeated_sites_reaches_the_cold_start_optimum(monkeypatch):
    """Above the warm-start threshold with repeated sites (4500 distinct sites, 300 of them twice: weights 1 and 2),
    tv2_regression pools the weighted data on the coarse level (W = Σm, Y = Σmȳ/W) and ends at the same certified
    optimum as the cold start (no coarse level): the same knots, amplitudes to 1e-9 relative, gaps ≤ 1e-9.  Kills
    the mutants of continuation's call of warm_start that lose the weights."""
    from radontv.regression import lambda_max, tv2_regression

    rng = np.random.default_rng(5)
    base = np.arange(4500, dtype=np.float64)
    x = np.concatenate([base, rng.choice(base, 300, replace=False)]) / 4500
    y = np.sin(6 * x) + 0.3 * rng.standard_normal(x.size)
    lam = 0.02 * lambda_max(x, y)
    warm = tv2_regression(x, y, lam)
    monkeypatch.setattr(engine, "_COARSE_MIN_SITES", 10**12)
    cold = tv2_regression(x, y, lam)
    for result in (warm, cold):
        assert abs(result.certificate.relative_gap) <= 1e-9
    assert warm.certificate.sites.size == 4500 and warm.spline.n_knots >= 3
    assert np.array_equal(warm.spline.knots, cold.spline.knots)
    np.testing.assert_allclose(warm.spline.amplitudes, cold.spline.amplitudes, rtol=1e-9)


def test_continuation_steps_follow_the_rule_with_three_iteration_steps(monkeypatch):
    """Geometric continuation (direct attempt and homotopy verification made to fail; seed 3, λ = 0.01 λ_max) on
    data where several steps take exactly 3 iterations: those are not easy steps (only ≤ 2 iterations square the
    ratio), and every λ is the documented rule's — ratio ½, squared after a step of at most 2 iterations (down to
    1e-4), square-rooted after a failed one, λ = max(λ·ratio, λ_target), single changes only beyond 1 − 1e-6.  The
    result is the direct attempt's, and the iterations are the sum over the route (breakpoints included).  Kills
    the mutants of the easy-step threshold."""
    x, y, m = _engine_data(3)
    L = float(_exact_lam_max(x, y, m))
    lam = 0.01 * L
    real, real_h = engine.active_set, engine._homotopy
    record: list = []
    events: list = []

    def failing(*args, **kwargs):
        out = real(*args, **kwargs)
        record.append((args[3], out[4], out[0], kwargs.get("allow_single", False)))
        return (False, *out[1:]) if len(record) <= 2 else out

    def homotopy(*args):
        out = real_h(*args)
        events.append(out[1])
        return out

    direct = engine.continuation(x, y, m, lam, L)
    monkeypatch.setattr(engine, "active_set", failing)
    monkeypatch.setattr(engine, "_homotopy", homotopy)
    ok, nodes, v, total, signs = engine.continuation(x, y, m, lam, L)
    steps = record[2:]
    assert [s[1] for s in steps] == [5, 3, 3, 2, 4, 2] and all(s[2] for s in steps)
    want, current, ratio = [], L, 0.5
    for _, its, good, _ in steps:
        want.append((max(current * ratio, lam), ratio > 1 - 1e-6))
        if good:
            current = want[-1][0]
            if its <= 2:
                ratio = max(ratio * ratio, 1e-4)
        else:
            ratio = math.sqrt(ratio)
    assert [s[0] for s in steps] == [w[0] for w in want] and [s[3] for s in steps] == [w[1] for w in want]
    assert ok and direct[0] and np.array_equal(nodes, direct[1]) and np.array_equal(signs, direct[4])
    assert np.array_equal(v, direct[2])
    assert total == sum(r[1] for r in record) + sum(events)


def test_warm_start_begins_at_exactly_4096_sites(monkeypatch):
    """Data of exactly ``_COARSE_MIN_SITES`` = 4096 sites get a coarse level (512 sites, below the threshold: no
    further level): a non-empty guess, at sites of the data, and the coarse iterations spent; 4095 sites get none.
    Kills the mutants of the threshold comparison."""
    rng = np.random.default_rng(4)
    M = 4096
    x = np.sort(rng.uniform(-0.5, 0.5, M))
    y = np.abs(x - 0.1) + 0.05 * rng.standard_normal(M)
    m = np.ones(M)
    calls: list = []
    real = engine.active_set

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        calls.append(args[0].shape[0])
        return out

    monkeypatch.setattr(engine, "active_set", spy)
    guess, spent = engine.warm_start(x, y, m, 1e-3)
    assert calls == [512] and guess.any() and guess[0] == guess[-1] == 0 and spent >= 1
    calls.clear()
    none, spent = engine.warm_start(x[:-1], y[:-1], m[:-1], 1e-3)
    assert calls == [] and not none.any() and spent == 0


def test_warm_start_pools_by_the_weights_when_no_site_has_weight_one(monkeypatch):
    """Called without an evaluator, warm_start decides from the weights themselves whether they are all 1: with every
    weight 2 (or 3) the coarse level still gets W = Σm = 16 (24) per block of 8 and Y = Σmȳ/Σm (exact here: integer
    data), not the block sizes.  Kills the mutants of the unit-weight test."""
    M = 4096
    x = np.arange(M, dtype=np.float64) / M - 0.5
    y = np.round(4 * np.sin(9 * x))
    coarse: list = []
    real = engine.active_set

    def spy(X, Y, W, lam, guess, **kwargs):
        coarse.append((X, Y, W))
        return real(X, Y, W, lam, guess, **kwargs)

    monkeypatch.setattr(engine, "active_set", spy)
    for w in (2.0, 3.0):
        coarse.clear()
        engine.warm_start(x, y, np.full(M, w), 1e-3)
        (X, Y, W), = coarse
        assert np.array_equal(W, np.full(M // 8, 8 * w))
        assert np.array_equal(Y, y.reshape(-1, 8).sum(axis=1) / 8) and np.array_equal(X, x[4::8])


def test_the_extended_pass_adds_knots_next_to_the_ends():
    """From no knot the final pass reaches, by itself, the optimum of seed 0 at λ = 3·10⁻³ λ_max, which has knots at
    sites 1 and M − 2 (rational KKT check): only the two end sites are excluded from the violations.  Kills the
    mutants of ``excess[0] = excess[-1] = -inf`` that exclude an interior site instead."""
    x, y, m = _engine_data(0)
    lam = 3e-3 * float(_exact_lam_max(x, y, m))
    ok, pattern, _, _, its, _ = engine.verify_extended(x, y, m, lam, np.zeros(x.size))
    knots = np.flatnonzero(pattern)
    assert ok and its > 1 and knots[0] == 1 and knots[-1] == x.size - 2
    assert _exactly_optimal(x, y, m, lam, pattern)


def test_the_stall_counts_wrong_signs_and_violations_together(monkeypatch):
    """The stall rule counts wrong-signed knots plus violating sites (extended branch, scripted: wrong signs are
    dropped in the step there).  Walk: the start {1+} has a wrong sign and a violation at 3 (1 + 1 = 2), then each
    pattern of k knots at 3, 6, … violates at the next two multiples of 3 (0 + 2 = 2): no new fewest after
    iteration 1, so the changes are halved at iteration 9 (knots per evaluated pattern 1, 1, 3, …, 15, then one
    more per iteration), accepted with 20 knots at iteration 14.  Kills the mutants of the count of violations."""
    M = 80
    grow = _growing(20)

    def respond(key):
        if key == ((1, 1),):
            return {1: -1.0}, {3: (0.5, 3.0)}
        return grow(key)

    calls = _scripted_extended(monkeypatch, respond, M)
    start = np.zeros(M)
    start[1] = 1.0
    x = np.linspace(-0.5, 0.5, M)
    ok, pattern, nodes, _, its, _ = engine.verify_extended(x, np.zeros(M), np.ones(M), 1.0, start)
    assert [len(c) for c in calls] == [1, 1, 3, 5, 7, 9, 11, 13, 15, 16, 17, 18, 19, 20]
    assert ok and its == 14 and _key(nodes, pattern) == tuple((3 * j, 1 if j % 2 else -1) for j in range(1, 21))
