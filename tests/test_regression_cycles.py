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
