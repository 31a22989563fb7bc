"""The active set's cycle handling on real data (issue 9: it was never driven by a test).

Data: 11 sites with spacings exponential⁴ (from 4·10⁻⁴ to 2·10²) and values over five decades, λ = 10⁻⁵ λ_max
(found by a search of 500 random problems, three λ each, for a repeated knot pattern: 3 of the 1,500 solves revisit
one).  The double-precision active set revisits a pattern there; it must then make fewer simultaneous changes (half
of the last step's, at least one; wrong-signed knots are no longer all dropped before the potential) and still reach
a certified optimum.  The iterations are observed by a spy that calls the real evaluator (no behaviour is replaced).

Independent routes: the exact weak-duality gap in rational arithmetic (``_exact_gap`` of test_regression_scaling);
the dense route (``_Basis``, ``_hat_solve``, blocked ``potential``) for the violations of the revisited pattern.
Negative control: the revisited pattern itself is not optimal (the dense route finds a violation or a wrong-signed
amplitude there), so the cycle was a real one between non-optimal patterns.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from test_regression_scaling import _exact_gap

import radontv.regression_active_set as engine
from radontv.regression import lambda_max, tv2_regression
from radontv.regression_certificate import potential
from radontv.regression_float import FloatEvaluator


def _cycling_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(77)
    n = int(rng.integers(8, 60))
    x = np.cumsum(rng.exponential(1, n) ** 4)
    y = rng.standard_normal(n) * 10 ** rng.uniform(-3, 3, n)
    return x, y


def _changes(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> int:
    """Knots added or dropped from pattern a to pattern b (interior node sites with their signs)."""
    ka = set(zip(a[0][1:-1].tolist(), a[1].tolist(), strict=True))
    kb = set(zip(b[0][1:-1].tolist(), b[1].tolist(), strict=True))
    return len(ka ^ kb)


def test_a_revisited_pattern_halves_the_changes_and_the_optimum_is_still_reached(monkeypatch):
    x, y = _cycling_data()
    assert x.size == 11
    seen: list[tuple[np.ndarray, np.ndarray, np.ndarray, float]] = []
    real = FloatEvaluator.evaluate

    def spy(self, nodes, sign_at, lam, v=None):
        seen.append((nodes.copy(), sign_at[nodes[1:-1]].copy(), sign_at.copy(), lam))
        return real(self, nodes, sign_at, lam, v)

    monkeypatch.setattr(FloatEvaluator, "evaluate", spy)
    homotopy: list[int] = []
    real_homotopy = engine._homotopy

    def spy_homotopy(*args):
        homotopy.append(1)
        return real_homotopy(*args)

    monkeypatch.setattr(engine, "_homotopy", spy_homotopy)
    lam = Fraction(float(Fraction(1, 10**5) * Fraction(lambda_max(x, y))))
    spline, cert = tv2_regression(x, y, lam)
    keys = [(n.tobytes(), s.tobytes()) for n, s, _, _ in seen]
    repeat = next(i for i, k in enumerate(keys) if k in keys[:i])  # the cycle branch was reached
    first = keys.index(keys[repeat])
    cap = max(1, _changes(seen[repeat - 1][:2], seen[repeat][:2]) // 2)
    after = [_changes(seen[i][:2], seen[i + 1][:2]) for i in range(repeat, len(seen) - 1)]
    assert after and max(after) <= cap  # every step after the revisit makes at most half the last step's changes
    # the cap acted: along the revisited walk, a step the first pass took with more changes is now taken with fewer
    capped = [j for j in range(len(after)) if first + j + 1 < repeat and keys[repeat + j] == keys[first + j]
              and after[j] < _changes(seen[first + j][:2], seen[first + j + 1][:2])]
    assert capped
    assert not homotopy and len(seen) < 40  # the cycle was left by the active set itself (no fallback)
    # still a certified optimum, checked exactly
    assert cert.relative_gap <= 1e-9
    primal, dual = _exact_gap(x, y, lam, spline, cert.residuals)
    assert dual <= primal <= dual + Fraction(1, 10**9) * primal
    # negative control: the revisited pattern is not optimal by the dense route (normalised data of the engine)
    nodes, signs, sign_at, lam_n = seen[repeat]
    order = np.argsort(x)
    xs, ys = x[order], y[order]
    sx = 2.0 ** np.frexp(xs[-1] - xs[0])[1]
    sy = 2.0 ** np.frexp(np.abs(ys).max())[1]
    xs, ys, m = (xs - (xs[0] + xs[-1]) / 2) / sx, ys / sy, np.ones(x.size)
    basis = engine._Basis(xs, nodes)
    v = engine._hat_solve(xs, ys, m, lam_n, basis, signs)
    phi = potential(xs, m * (ys - basis.values(v)))
    amp = np.diff(np.diff(v) / np.diff(xs[nodes]))
    free = sign_at == 0
    free[0] = free[-1] = False
    violated = np.any(np.abs(phi[free]) > lam_n * (1 + 1e-9)) or np.any(signs * amp < 0)
    assert violated


class _TwoPatternOracle:
    """A potential that makes the active set alternate for ever between no knot and one knot at site 2 (5 sites):
    with no knot, site 2 violates (φ = 2λ); with the knot (sign +), its amplitude is −1 (wrong sign).  No real data
    set is known that cycles even with one change per step (the 1,500 solves behind ``_cycling_data`` revisit a
    pattern 3 times, always left by halving); this drives the bookkeeping of that branch directly.  It plays the
    role of :class:`FloatEvaluator` (``x``, ``sums.solve``, ``evaluate``); its node values are those of the
    stated amplitudes, so ``_drop_wrong_signs`` (which recomputes them with ``node_amplitudes``) sees the same signs."""

    def __init__(self) -> None:
        self.x = np.arange(5.0)
        self.sums = self

    def solve(self, nodes: np.ndarray, lam: float, signs: np.ndarray) -> np.ndarray:
        return np.array([0.0, 1.0, 0.0]) if nodes.size == 3 else np.zeros(2)  # amplitude at x = 2: −1/2 − 1/2

    def evaluate(self, nodes, sign_at, lam, v=None):
        from radontv.regression_float import FloatEvaluation
        v = self.solve(nodes, lam, sign_at[nodes[1:-1]])
        amp = np.diff(np.diff(v) / np.diff(self.x[nodes]))
        if nodes.size == 3:
            return FloatEvaluation(v, amp, np.zeros(0, dtype=np.intp), np.zeros(0), np.zeros(0))
        return FloatEvaluation(v, amp, np.array([2]), np.array([lam]), np.array([2.0 * lam]))


def test_a_cycle_that_single_changes_cannot_leave_is_reported_not_optimal():
    x = np.arange(5.0)
    y = m = np.ones(5)
    oracle = _TwoPatternOracle()
    # trace: it 1 adds site 2; it 2 drops it before the potential and revisits "no knot" (limit 1 from then on);
    # it 3 drops the wrong knot; it 4 revisits "no knot" with limit 1: the active set gives up there
    ok, pattern, nodes, v, its, _ = engine._iterate(x, y, m, 1.0, np.zeros(5), 400, False, False, oracle)
    assert not ok and its == 4
    assert nodes.tolist() == [0, 4] and not pattern.any() and v.tolist() == [0.0, 0.0]  # the revisited pattern
    # negative control: the last-resort run (single changes allowed) does not give up on a cycle; it stops at its cap
    ok, _, _, _, its, _ = engine._iterate(x, y, m, 1.0, np.zeros(5), 400, True, False, oracle)
    assert not ok and its == engine._POLISH_MAX_ITER + 4 * 5
