"""Wrong-signed knots are dropped before the potential is evaluated (issue 14, `_drop_wrong_signs`).

The float active set solves the hat-basis system for a pattern, drops every knot whose amplitude has the wrong sign
and solves again, until every sign is right; only then does it evaluate the O(N) potential.  Pinned here:

* the loop itself against an exact route: the same drop rule on the normal equations solved in rational arithmetic
  (sympy), on data where the float and exact signs cannot differ (margins asserted);
* that the engine evaluates the potential only on right-signed patterns until a cycle or a stall damps its steps,
  and that a certified optimum comes out;
* negative controls: the start patterns have wrong signs in exact arithmetic (the loop has work to do), and with the
  loop switched off the engine does evaluate wrong-signed patterns on the same data.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

import radontv.regression_active_set as engine
from radontv.regression import lambda_max, tv2_regression
from radontv.regression_float import FloatEvaluator


def _exact_values(x: list[Fraction], y: list[Fraction], lam: Fraction, nodes: list[int],
                  signs: list[int]) -> list[Fraction]:
    r"""Node values of the spline with knots at ``nodes[1:-1]`` solving :math:`(H^\top H)v = H^\top y - \lambda
    D_S^\top\sigma` (unit weights), every entry a rational: the hat basis built site by site, solved by sympy."""
    K, M = len(nodes), len(x)
    H = sp.zeros(M, K)
    for k in range(K - 1):
        a, b = nodes[k], nodes[k + 1]
        for j in range(a, b + 1):
            t = sp.Rational(x[j] - x[a]) / sp.Rational(x[b] - x[a])
            H[j, k], H[j, k + 1] = 1 - t, t
    rhs = H.T * sp.Matrix([sp.Rational(v) for v in y])
    for i in range(1, K - 1):  # D_Sᵀσ: the slope jump at node i is (v_{i+1} − v_i)/h_i − (v_i − v_{i−1})/h_{i−1}
        g0 = 1 / sp.Rational(x[nodes[i]] - x[nodes[i - 1]])
        g2 = 1 / sp.Rational(x[nodes[i + 1]] - x[nodes[i]])
        rhs[i - 1] -= sp.Rational(lam) * signs[i - 1] * g0
        rhs[i] += sp.Rational(lam) * signs[i - 1] * (g0 + g2)
        rhs[i + 1] -= sp.Rational(lam) * signs[i - 1] * g2
    v = (H.T * H).LUsolve(rhs)
    return [Fraction(int(sp.fraction(e)[0]), int(sp.fraction(e)[1])) for e in v]


def _exact_amplitudes(x: list[Fraction], nodes: list[int], v: list[Fraction]) -> list[Fraction]:
    s = [(v[k + 1] - v[k]) / (x[nodes[k + 1]] - x[nodes[k]]) for k in range(len(nodes) - 1)]
    return [s[k + 1] - s[k] for k in range(len(s) - 1)]


def _exact_drop_loop(x, y, lam, sign_at: np.ndarray) -> tuple[list[int], list[Fraction], Fraction]:
    """The drop rule in rational arithmetic: the kept knots, their node values, and the smallest |amplitude| met
    (the margin that keeps the float loop's sign decisions equal to these)."""
    M = len(x)
    S = [int(j) for j in np.flatnonzero(sign_at)]
    margin: Fraction | None = None
    while True:
        nodes = [0, *S, M - 1]
        signs = [int(sign_at[j]) for j in S]
        v = _exact_values(x, y, lam, nodes, signs)
        amp = _exact_amplitudes(x, nodes, v)
        if amp:
            low = min(abs(a) for a in amp)
            margin = low if margin is None else min(margin, low)
        wrong = [j for j, s, a in zip(S, signs, amp, strict=True) if s * a < 0]
        if not wrong:
            return S, v, margin if margin is not None else Fraction(1)
        S = [j for j in S if j not in wrong]


def _problem(seed: int) -> tuple[np.ndarray, np.ndarray, float, np.ndarray]:
    rng = np.random.default_rng(seed)
    M = 24
    x = np.sort(rng.uniform(-0.5, 0.5, M))
    y = np.sin(5 * x) + 0.2 * rng.standard_normal(M)
    lam = float(0.05 * lambda_max(x, y))
    sign_at = np.zeros(M)
    sign_at[1:-1] = rng.choice([-1.0, 0.0, 1.0], M - 2)  # a random start: many knots, several of them wrong
    return x, y, lam, sign_at


def test_the_loop_keeps_the_knots_the_exact_drop_rule_keeps():
    for seed in range(5):
        x, y, lam, sign_at = _problem(seed)
        X, Y, L = [Fraction(v) for v in x], [Fraction(v) for v in y], Fraction(lam)
        # negative control: the start has wrong signs in exact arithmetic
        S0 = [int(j) for j in np.flatnonzero(sign_at)]
        amp0 = _exact_amplitudes(X, [0, *S0, len(x) - 1], _exact_values(X, Y, L, [0, *S0, len(x) - 1],
                                                                        [int(sign_at[j]) for j in S0]))
        assert sum(int(sign_at[j]) * a < 0 for j, a in zip(S0, amp0, strict=True)) >= 2
        kept, v_exact, margin = _exact_drop_loop(X, Y, L, sign_at)
        scale = max(abs(a) for a in v_exact)
        assert margin > Fraction(1, 10**6) * scale  # far from a tie: float and exact signs agree
        pattern = sign_at.copy()
        S, nodes, v = engine._drop_wrong_signs(FloatEvaluator(x, y, np.ones(x.size)), lam, pattern,
                                               np.flatnonzero(pattern))
        assert S.tolist() == kept and nodes.tolist() == [0, *kept, x.size - 1]
        assert np.flatnonzero(pattern).tolist() == kept  # the caller's pattern is updated in place ...
        assert np.array_equal(pattern[kept], sign_at[kept])  # ... keeping the signs of the knots kept
        err = max(abs(Fraction(float(a)) - b) for a, b in zip(v, v_exact, strict=True))
        assert err <= Fraction(1, 10**10) * scale


def test_a_right_signed_pattern_is_returned_as_it_is():
    x, y, lam, sign_at = _problem(7)
    kept, _, _ = _exact_drop_loop([Fraction(v) for v in x], [Fraction(v) for v in y], Fraction(lam), sign_at)
    right = np.zeros_like(sign_at)
    right[kept] = sign_at[kept]
    before = right.copy()
    S, _, _ = engine._drop_wrong_signs(FloatEvaluator(x, y, np.ones(x.size)), lam, right, np.flatnonzero(right))
    assert S.tolist() == kept and np.array_equal(right, before)


def _evaluated(monkeypatch, n: int, frac: float) -> tuple[list[tuple[np.ndarray, np.ndarray, bool]], object]:
    """Every full-data pattern the float engine evaluates (nodes, signs, whether its node values were passed in),
    with the certificate of the solve."""
    rng = np.random.default_rng(2026)
    x = rng.uniform(0.0, 1.0, n)
    y = np.sin(6 * x) + 0.5 * np.abs(x - 0.4) + 0.3 * rng.standard_normal(n)
    record: list[tuple[np.ndarray, np.ndarray, bool]] = []
    real = FloatEvaluator.evaluate

    def spy(self, nodes, sign_at, lam, v=None):
        ev = real(self, nodes, sign_at, lam, v)
        if self.M == n:
            record.append((nodes.copy(), sign_at[nodes[1:-1]] * ev.amp, v is not None))
        return ev

    monkeypatch.setattr(FloatEvaluator, "evaluate", spy)
    cert = tv2_regression(x, y, frac * lambda_max(x, y)).certificate
    return record, cert


def test_the_potential_is_evaluated_only_on_right_signed_patterns(monkeypatch):
    for frac in (0.1, 0.01):
        record, cert = _evaluated(monkeypatch, 20_000, frac)
        assert cert.relative_gap <= 1e-9
        assert record and all(passed for _, _, passed in record)  # every evaluation came after the loop ...
        assert all((signed_amp >= 0).all() for _, signed_amp, _ in record)  # ... with every sign right


def test_negative_control_without_the_loop_wrong_signs_reach_the_potential(monkeypatch):
    def no_drops(evaluator, lam, sign_at, S):
        nodes = np.concatenate(([0], S, [sign_at.shape[0] - 1]))
        return S, nodes, evaluator.sums.solve(nodes, lam, sign_at[S])

    monkeypatch.setattr(engine, "_drop_wrong_signs", no_drops)
    record, cert = _evaluated(monkeypatch, 20_000, 0.01)
    assert cert.relative_gap <= 1e-9
    assert any((signed_amp < 0).any() for _, signed_amp, _ in record)
