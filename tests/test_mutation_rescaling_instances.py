"""Gaps found by mutation testing of checks/rescaling.py and checks/rescaling_instances.py, third pass
(tests/mutation-equivalents.md); split from tests/test_mutation_rescaling.py to keep each file under 20 s.

What a check records, comparison by comparison (a recording :class:`~radontv.evidence.Agreement` installed in the
check module), and what the instance helpers draw, each recomputed here by an independent route (plain Fraction
loops, closed forms, hand values).
"""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from _recording_agreement import recording_agreement
from radontv.checks import _instances as inst
from radontv.checks import rescaling as checks
from radontv.checks import rescaling_instances as rinst

from radontv import ReLUNetwork


def _recording(monkeypatch) -> list[tuple]:
    """A recording Agreement in checks.rescaling (tests/_recording_agreement.py); returns the record list."""
    return recording_agreement(monkeypatch, checks)


def _concrete_only(monkeypatch) -> None:
    """Cut the checks' networks to the two concrete ones (the random networks do not matter for what is pinned)."""
    original = checks.example_networks
    monkeypatch.setattr(checks, "example_networks", lambda examples, seed: original(0, seed))


# -- rescaling.amgm ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("examples, count", [(5, 2), (6, 3)])
def test_amgm_adds_half_the_examples_as_balanced_neurons(monkeypatch, examples, count):
    """check_amgm appends max(2, examples // 2) balanced neurons (|v| = ||w||), each compared at equality WD^2 =
    PN^2 (kills amgm 48: examples // 3, the same count at examples 0..5, 2 at 6)."""
    _concrete_only(monkeypatch)
    records = _recording(monkeypatch)
    result = checks.check_amgm(dps=50, examples=examples, seed=0)
    names = {rec[1].split(",")[0].split(":")[0] for rec in records if rec[1].startswith("balanced neuron #")}
    assert names == {f"balanced neuron #{i}" for i in range(count)}
    equal = [rec for rec in records if rec[1].startswith("balanced neuron #") and "(balanced)" in rec[1]]
    assert len(equal) == count and all(rec[2] == rec[3] and rec[4] == 0 for rec in equal)
    assert result.verdict.value == "proved" and isinstance(result.residual, Fraction | int)


# -- rescaling.parity -------------------------------------------------------------------------------------------------
def test_parity_control_is_reproducible_from_its_seed(monkeypatch):
    """The points of check_parity come from random.Random(seed): the refuted control (twin (-w, b, -v)) reports the
    same residual and worst point on every run with the same seed, and other points with another seed (kills
    parity 38: Random(None)); the random networks are drawn from the seed and say so in their labels (kills parity
    112: example_networks(examples, None))."""
    def wrong(w, b, v):
        return -w, b, -v

    runs = [checks.check_parity(dps=50, examples=0, seed=s, twin=wrong).as_dict() for s in (3, 3, 4)]
    assert runs[0]["verdict"] == "refuted" and runs[0] == runs[1]
    assert (runs[0]["residual"], runs[0]["worst_instance"]) != (runs[2]["residual"], runs[2]["worst_instance"])
    records = _recording(monkeypatch)
    checks.check_parity(dps=50, examples=1, seed=3)
    assert any(rec[1].startswith("random network #0 (seed 3), neuron 0 + twin, x = (") for rec in records)



# -- rescaling.invariance ---------------------------------------------------------------------------------------------
def test_invariance_control_is_reproducible_from_its_seed(monkeypatch):
    """The scales and points of check_invariance come from random.Random(seed): the refuted control (bias scaled by
    1/alpha) reports the same residual and worst point on every run with the same seed (kills invariance 30:
    Random(None)); the random networks are drawn from the seed and say so in their labels
    (kills invariance 45: example_networks(examples, None))."""
    runs = [checks.check_invariance(dps=50, examples=0, seed=3, bias_scale=lambda a: 1 / a).as_dict() for _ in "ab"]
    assert runs[0]["verdict"] == "refuted" and runs[0] == runs[1]
    records = _recording(monkeypatch)
    checks.check_invariance(dps=50, examples=1, seed=3)
    assert any(rec[1].startswith("random network #0 (seed 3), one scale, derived formula, x = (") for rec in records)

# -- rescaling.balance and rescaling.neural_balance -------------------------------------------------------------------
def _relu(z: Fraction) -> Fraction:
    return z if z > 0 else Fraction(0)


def _eval(net, x) -> Fraction:
    """A shallow network at x, by a plain Fraction loop."""
    out = sum((ci * xi for ci, xi in zip(net.c, x, strict=True)), start=Fraction(net.c0))
    for w, b, v in zip(net.W, net.b, net.v, strict=True):
        out += v * _relu(sum((wi * xi for wi, xi in zip(w, x, strict=True)), start=Fraction(0)) - b)
    return out


def _close(a, b, digits: int = 40) -> bool:
    """|a - b| <= 10^-digits |b| (relative to the compared quantity), at 60 digits."""
    with mpmath.workdps(60):
        a, b = [mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x) for x in (a, b)]
        return bool(abs(a - b) <= mpmath.mpf(10) ** -digits * abs(b))


@pytest.mark.parametrize("check, lost, used", [(checks.check_balance, 10, 18), (checks.check_neural_balance, 8, 16)])
def test_balance_checks_raise_a_low_precision_and_say_so(check, lost, used):
    """At dps=15 the mpmath balance checks work at lost + 8 digits and say so in the message and the tolerance
    (kills neural_balance 10, 68, 71, 75 and the same lines of check_balance: the declared loss, the note)."""
    report = check(dps=15, examples=0, seed=0).as_dict()
    assert (report["verdict"], report["dps"], report["message"], report["tolerance"]) == (
        "consistent", used,
        f"precision raised from dps=15 to dps={used}: this check may lose {lost} digits and keeps at least 8",
        f"dps={used}, may lose {lost} digits: consistent if relative residual <= 1e-8, refuted if > 1e-4")
    assert report["residual"] <= 1e-8


def _mp(q) -> mpmath.mpf:
    q = Fraction(q)
    return mpmath.mpf(q.numerator) / q.denominator


def _neural_balance_by_hand(seed: int = 3) -> list[tuple]:
    """Per concrete network, the draws of check_neural_balance by hand (6 points, targets, lambda; the points row by
    row, each rational(rng, -12, 12, 4): numerator, then denominator; nothing else drawn in between) and (name, net,
    lam, L, WD, the live neurons (k, |v|, ||w||, b) in mpmath at 60 digits)."""
    rng, out = random.Random(seed), []
    for name, net in checks.example_networks(0, 0):
        d = net.dim
        X = [[Fraction(rng.randint(-12, 12), rng.randint(1, 4)) for _ in range(d)] for _ in range(6)]
        y = [Fraction(rng.randint(-12, 12), rng.randint(1, 4)) for _ in range(6)]
        lam = Fraction(rng.randint(1, 20), 10)
        loss = sum(((_eval(net, x) - t) ** 2 for x, t in zip(X, y, strict=True)), start=Fraction(0)) / 2
        wd = sum((v * v + sum(x * x for x in w) for w, v in zip(net.W, net.v, strict=True)), start=Fraction(0)) / 2
        live = [(k, abs(_mp(v)), mpmath.sqrt(_mp(sum(x * x for x in w))), b)
                for k, (w, b, v) in enumerate(zip(net.W, net.b, net.v, strict=True)) if v != 0 and any(w)]
        out.append((name, net, lam, loss, wd, live))
    return out


def test_neural_balance_objective_data_and_lambda_by_hand(monkeypatch):
    """check_neural_balance draws per network 6 points and targets and lambda = randint(1, 20) / 10 from
    random.Random(seed); by hand: the squared loss L = 1/2 sum (f(x_i) - y_i)^2 (the "keeps the loss" record), J = L +
    lambda WD (the scale of the loss and gap records: the residuals are relative to J), lambda (the scale of the
    directional derivative, lambda (v^2 + ||w||^2)), the gap lambda/2 sum (|v| - ||w||)^2, and J(theta) -
    J(balanced) = that gap in the "lowers J" record (kills neural_balance 51, 91, 94-103 (102: randint(1, 21)), 105,
    112, 115, 117, 122-124, 134, 135, 279: before + after); the random networks are drawn from the seed and say so in
    their labels (kills 78)."""
    records = _recording(monkeypatch)
    checks.check_neural_balance(dps=50, examples=1, seed=3)
    labels = {rec[1]: rec for rec in records}
    assert "random network #0 (seed 3): rebalancing keeps the loss" in labels
    with mpmath.workdps(60):  # (seed 3: lambda = 10/10, then 4/10; a range 1..21 would draw 21 first)
        for name, _, lam, loss, wd, live in _neural_balance_by_hand(3):
            _, _, kept, original, before = labels[f"{name}: rebalancing keeps the loss"]
            assert _close(original, loss) and _close(kept, loss) and _close(before, loss + lam * wd)
            for k, a, n, _ in live:
                _, _, _, _, scale = labels[f"{name}, neuron {k}: dJ/dt at t = 1 vs lambda (||w||^2 - v^2)"]
                assert _close(scale, _mp(lam) * (a * a + n * n))
            gap = _mp(lam) * sum(((a - n) ** 2 for _, a, n, _ in live), start=mpmath.mpf(0)) / 2
            _, _, _, expected, scale = labels[f"{name}: J(theta) - J(balanced) = gap"]
            assert scale == before and _close(expected, gap)
            _, _, lower, zero, scale = labels[f"{name}: rebalancing lowers J"]
            assert zero == 0 and scale == before and _close(lower, gap, 35)


def test_neural_balance_bias_regularized_control_by_hand(monkeypatch):
    """The control regularize_bias=True adds lambda/2 sum b_k^2 to J: by hand, dJ/dt = lambda (||w||^2 - v^2) +
    lambda b^2 along neuron k, lambda b'^2 = lambda b^2 |v| / ||w|| along the balanced neuron (b' = alpha* b),
    J(theta) - J(balanced) = the gap + lambda/2 sum b^2 (1 - |v| / ||w||), and J itself (the scale); so the
    control's residuals are the right ones (kills neural_balance 140-143, 150, 151: the bias term replaced, negated,
    doubled, divided, shifted)."""
    records = _recording(monkeypatch)
    result = checks.check_neural_balance(dps=50, examples=0, seed=3, regularize_bias=True)
    assert result.verdict.value == "refuted"
    labels = {rec[1]: rec for rec in records}
    with mpmath.workdps(60):
        for name, net, lam, loss, wd, live in _neural_balance_by_hand(3):
            lm = _mp(lam)
            bias = lm * sum((_mp(b) ** 2 for b in net.b), start=mpmath.mpf(0)) / 2
            _, _, _, _, before = labels[f"{name}: rebalancing keeps the loss"]
            assert _close(before, _mp(loss + lam * wd) + bias)
            change = mpmath.mpf(0)
            for k, a, n, b in live:
                where = f"{name}, neuron {k}"
                _, _, slope, expected, _ = labels[f"{where}: dJ/dt at t = 1 vs lambda (||w||^2 - v^2)"]
                assert _close(expected, lm * (n * n - a * a)) and _close(slope, expected + lm * _mp(b) ** 2, 35)
                _, _, slope, _, _ = labels[f"{where}: balanced network is stationary along the rescaling"]
                assert _close(slope, lm * _mp(b) ** 2 * a / n, 35)
                change += lm / 2 * ((a - n) ** 2 + _mp(b) ** 2 * (1 - a / n))
            _, _, actual, _, _ = labels[f"{name}: J(theta) - J(balanced) = gap"]
            assert _close(actual, change, 35)


def test_neural_balance_of_a_balanced_network_records_no_decrease(monkeypatch):
    """A network whose live neurons are balanced (|v| = ||w|| = 1 and 2), with a dead (v = 0) and a constant (w = 0)
    neuron: J is stationary and rebalancing changes nothing, so the check is consistent and records neither "lowers
    J" nor "the derived decrease is positive" (which would be refuted: the gap is 0); kills neural_balance 261-269
    (the test for an unbalanced neuron: and/or swapped, v*2, v**3, v != 1, ||w||^2 != 1)."""
    net = ReLUNetwork([[Fraction(3, 5), Fraction(4, 5)], [Fraction(6, 5), Fraction(8, 5)], [1, 0], [0, 0]],
                      [Fraction(1, 2), -1, 2, 1], [1, -2, 0, 3])
    monkeypatch.setattr(checks, "example_networks", lambda examples, seed: [("balanced", net)])
    records = _recording(monkeypatch)
    result = checks.check_neural_balance(dps=50, examples=0, seed=0)
    assert result.verdict.value == "consistent"
    assert [rec[1] for rec in records] == [
        "balanced, neuron 0: dJ/dt at t = 1 vs lambda (||w||^2 - v^2)",
        "balanced, neuron 0: balanced network is stationary along the rescaling",
        "balanced, neuron 1: dJ/dt at t = 1 vs lambda (||w||^2 - v^2)",
        "balanced, neuron 1: balanced network is stationary along the rescaling",
        "balanced: rebalancing keeps the loss", "balanced: J(theta) - J(balanced) = gap"]


def test_balance_bias_regularized_control_by_hand(monkeypatch):
    """The control regularize_bias=True minimizes g(alpha) = (v^2 / alpha^2 + alpha^2 (||w||^2 + b^2)) / 2: by hand
    its argmin (v^2 / (||w||^2 + b^2))^(1/4), g(alpha*) = |v| ||w|| + b^2 |v| / (2 ||w||) and g''(alpha*) = 4 ||w||^2 +
    b^2 are what the control records against the derived alpha*, |v| ||w|| and 4 ||w||^2 (so its residuals are the
    right ones; kills balance 117-119, 121: the bias term * 2, (alpha b) * 2, alpha / b, / 3); the balanced()
    records do not depend on the objective.  Per network, balanced() is compared at exactly 4 random points + 3 per
    neuron with w != 0 (on and beside its hyperplane; kills balance 91, 92: n = 6, 5)."""
    records = _recording(monkeypatch)
    assert checks.check_balance(dps=50, examples=0, seed=3, regularize_bias=True).verdict.value == "refuted"
    labels = {rec[1]: rec for rec in records}
    with mpmath.workdps(60):
        for name, net in checks.example_networks(0, 0):
            for k, (w, b, v) in enumerate(zip(net.W, net.b, net.v, strict=True)):
                if v == 0 or not any(w):
                    continue
                a, n2, b2 = abs(_mp(v)), _mp(sum(x * x for x in w)), _mp(b) ** 2
                n = mpmath.sqrt(n2)
                where = f"{name}, neuron {k}"
                _, _, found, star, _ = labels[f"{where}: argmin of g (findroot) vs alpha*"]
                assert _close(star, mpmath.sqrt(a / n)) and _close(found, mpmath.root(a * a / (n2 + b2), 4), 30)
                _, _, value, minimum, _ = labels[f"{where}: g(alpha*) vs derived minimum |v| ||w||"]
                assert _close(minimum, a * n) and _close(value, a * n + b2 * a / (2 * n))
                _, _, curvature, derived, _ = labels[f"{where}: g''(alpha*) vs derived g''"]
                assert _close(derived, 4 * n2) and _close(curvature, 4 * n2 + b2, 30)
            live = sum(1 for w in net.W if any(w))
            same = [rec for rec in records if rec[1].startswith(f"{name}: balanced() is the same function, x = (")]
            assert len(same) == 4 + 3 * live


def test_balance_is_reproducible_from_its_seed(monkeypatch):
    """check_balance reports the same and compares balanced() with the network at the same points on every run with
    the same seed (its points come from random.Random(seed); kills balance 56: Random(None)), and its random networks
    are drawn from the seed and say so in their labels (kills balance 81)."""
    records = _recording(monkeypatch)
    runs = []
    for _ in "ab":
        runs.append((checks.check_balance(dps=50, examples=0, seed=3).as_dict(), [rec[1] for rec in records]))
        records.clear()
    assert runs[0][0]["verdict"] == "consistent" and runs[0] == runs[1]
    assert sum(", x = (" in label for label in runs[0][1]) == 4 + 3 + 4 + 3 * 5
    checks.check_balance(dps=50, examples=1, seed=3)
    assert any(rec[1].startswith("random network #0 (seed 3): ") for rec in records)


# -- checks.rescaling_instances ---------------------------------------------------------------------------------------
def _twin_network(rng: random.Random) -> tuple:
    """_random_network by plain randint / random calls, in the documented order: d in 1..4, K in 1..6, W, b, v
    entry by entry (numerator in -24..24, then denominator in 1..6); with probability 0.4 a coincident neuron (k =
    randrange(K), then s = randint(1, 200) / randint(1, 50): s (w_k, b_k), a fresh v), with 0.4 an antipodal one
    (-s (w_k, b_k)), with 0.3 a zero neuron (with 0.5 a fresh (w, b) and v = 0, else w = 0, a fresh b and v); then the
    skip weights c and c0."""
    def q():
        return Fraction(rng.randint(-24, 24), rng.randint(1, 6))

    d, K = rng.randint(1, 4), rng.randint(1, 6)
    W = [[q() for _ in range(d)] for _ in range(K)]
    b = [q() for _ in range(K)]
    v = [q() for _ in range(K)]
    for sign in (1, -1):
        if rng.random() < 0.4:
            k = rng.randrange(K)
            s = sign * Fraction(rng.randint(1, 200), rng.randint(1, 50))
            W.append([s * x for x in W[k]])
            b.append(s * b[k])
            v.append(q())
    if rng.random() < 0.3:
        if rng.random() < 0.5:
            W.append([q() for _ in range(d)])
            b.append(q())
            v.append(Fraction(0))
        else:
            W.append([Fraction(0)] * d)
            b.append(q())
            v.append(q())
    c = [q() for _ in range(d)]
    return W, b, v, c, q()


def _parameters(net) -> tuple:
    return [list(w) for w in net.W], list(net.b), list(net.v), list(net.c), net.c0


def test_example_networks_are_the_documented_draws():
    """example_networks(examples, seed): the two concrete networks (by hand) and then ``examples`` random networks
    drawn from random.Random(seed), each equal, parameter by parameter, to the draws of a twin generator (every branch
    of _random_network occurs over these seeds), labelled with their index and seed (kills example_networks 16,
    20-27, 31, 32, 37-70, 72-76 and _random_network 59, 72, 77, among others)."""
    F = Fraction
    hand = [("catalog neuron v=3, w=(1/2,-2,1)", ([[F(1, 2), -2, 1]], [F(1, 3)], [3], [0, 0, 0], 0)),
            ("coincident/antipodal/zero neurons",
             ([[1, 2], [2, 4], [-1, -2], [0, 0], [3, -1], [1, 1]], [1, 2, -1, 5, 0, 2], [2, -1, 3, 4, 0, -5], [1, -1],
              F(1, 2)))]
    kinds = set()
    for seed in range(12):
        nets = rinst.example_networks(3, seed)
        assert [(label, _parameters(net)) for label, net in nets[:2]] == hand
        rng = random.Random(seed)
        for i, (label, net) in enumerate(nets[2:]):
            W, b, v, c, c0 = _twin_network(rng)
            assert label == f"random network #{i} (seed {seed})"
            assert _parameters(net) == (W, b, v, c, c0) and net.arithmetic == "exact"
            kinds.add((len(W) - len(set(map(tuple, W))), any(x == 0 for x in v)))
        assert len(nets) == 5
    assert len(kinds) >= 3


def test_sample_points_are_the_documented_draws():
    """sample_points(net, rng): by default 6 random points (coordinates numerator in -40..40, then denominator in
    1..4, row by row, from a twin generator), then for each neuron with w != 0 the foot b w / |w|^2 of its hyperplane
    and the points 1/16 w beside it on either side; neurons with w = 0 add nothing (kills sample_points 1, 13, 14,
    24)."""
    F = Fraction
    net = ReLUNetwork([[F(1, 2), -2, 1], [0, 0, 0], [3, 0, F(-1, 3)]], [F(1, 3), 5, -2], [3, 1, -1])
    for seed in range(5):
        pts, twin = rinst.sample_points(net, random.Random(seed)), random.Random(seed)
        expected = [[F(twin.randint(-40, 40), twin.randint(1, 4)) for _ in range(3)] for _ in range(6)]
        for w, b in (([F(1, 2), -2, 1], F(1, 3)), ([3, 0, F(-1, 3)], F(-2))):
            nn = sum(x * x for x in w)
            expected += [[b * x / nn + e * x for x in w] for e in (F(-1, 16), 0, F(1, 16))]
        assert pts.shape == (12, 3) and [list(p) for p in pts] == expected
    assert rinst.sample_points(net, random.Random(0), n=2).shape == (8, 3)
    # 900 coordinates: a range one too wide (-41..40, -40..41) draws another value at least once
    pts, twin = rinst.sample_points(net, random.Random(9), n=300), random.Random(9)
    assert [list(p) for p in pts[:300]] == [[F(twin.randint(-40, 40), twin.randint(1, 4)) for _ in range(3)]
                                            for _ in range(300)]


def test_random_lasso_problems_are_the_documented_draws():
    """random_lasso_problem(rng, d, N, M): X row by row then y (numerator in -8..8, then denominator in 1..2), M unit
    directions (checks._instances.rational_unit_vector on the same generator), M biases (-24..24 over 1..5), then
    lambda = max(lambda_max * f, 1/100) with f = lam_fraction or randint(1, 40) / 100: equal to a twin generator's
    draws for d = 1, 2, 3 and both ways of giving f; N, d, M as asked (kills random_lasso_problem 37, 38, 57, 58,
    80-82, 87-89, 97, 99, among others)."""
    F = Fraction
    for seed, (d, N, M) in enumerate([(1, 6, 9), (2, 7, 12), (3, 40, 30), (1, 30, 5)]):
        for frac in (None, F(1, 3)):
            p = rinst.random_lasso_problem(random.Random(seed), d=d, N=N, M=M, lam_fraction=frac)
            twin = random.Random(seed)
            X = [[F(twin.randint(-8, 8), twin.randint(1, 2)) for _ in range(d)] for _ in range(N)]
            y = [F(twin.randint(-8, 8), twin.randint(1, 2)) for _ in range(N)]
            W = [inst.rational_unit_vector(twin, d) for _ in range(M)]
            b = [F(twin.randint(-24, 24), twin.randint(1, 5)) for _ in range(M)]
            f = frac if frac is not None else F(twin.randint(1, 40), 100)
            assert (p.N, p.d, p.M) == (N, d, M) and p.X.shape == (N, d) and p.X.dtype == p.y.dtype == object
            assert [list(x) for x in p.X] == X and list(p.y) == y
            assert [list(w) for w in p.W] == W and list(p.b) == b
            assert p.lam == max(p.lambda_max() * f, F(1, 100)) and p.lam > 0


def test_fit_objective_by_hand():
    """fit_objective(net, X, y, lam, penalty) = 1/2 sum (f(x_i) - y_i)^2 + lam * penalty, in the network's arithmetic
    (exact: a Fraction; mp: an mpf), by a plain Fraction loop; also for a single data point (kills fit_objective 1-11,
    13-17, 19, 20, 23, 24; 5: the zero of the sum taken from the second fitted value)."""
    F = Fraction
    net = ReLUNetwork([[F(1, 2), -1], [2, F(1, 3)]], [F(1, 4), -1], [3, F(-1, 2)], [1, 0], F(1, 5))
    X = [[F(1), F(2)], [F(-3, 2), F(1, 7)], [F(5), F(-2)]]
    y = [F(1, 3), F(-2), F(7, 2)]
    lam, penalty = F(3, 10), F(11, 4)
    expected = sum(((_eval(net, x) - t) ** 2 for x, t in zip(X, y, strict=True)), start=F(0)) / 2 + lam * penalty
    got = rinst.fit_objective(net, np.array(X, dtype=object), np.array(y, dtype=object), lam, penalty)
    assert got == expected and isinstance(got, Fraction)
    one = rinst.fit_objective(net, np.array(X[:1], dtype=object), y[:1], lam, penalty)  # a single data point
    assert one == (_eval(net, X[0]) - y[0]) ** 2 / 2 + lam * penalty
    with mpmath.workdps(50):
        mp = rinst.fit_objective(net.as_mp(), np.array(X, dtype=object), y, _mp(lam), _mp(penalty))
        assert isinstance(mp, mpmath.mpf) and _close(mp, expected)


def test_lasso_instances_give_up_after_five_draws(monkeypatch):
    """random_lasso_problem floors lambda at 1/100 (a tiny lam_fraction gives exactly 1/100: kills
    random_lasso_problem 100, 101); lasso_instances draws at most 5 problems per instance and counts every draw the
    exact homotopy cannot certify: with a certify that always fails, max(2, examples // 2) = 2 instances give no
    instance and 10 uncertified draws (kills lasso_instances 20: 6 draws, 49: the count reset to 1)."""
    tiny = rinst.random_lasso_problem(random.Random(0), d=2, N=6, M=8, lam_fraction=Fraction(1, 10 ** 9))
    assert tiny.lam == Fraction(1, 100)

    class Uncertifiable(rinst.LassoProblem):
        def certify(self, start=None):
            return None

    monkeypatch.setattr(rinst, "LassoProblem", Uncertifiable)
    assert rinst.lasso_instances(0, 0) == ([], 10)
    assert rinst.lasso_instances(6, 0) == ([], 15)
