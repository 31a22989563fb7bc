"""Gaps found by mutation testing of checks/rescaling.py, checks/rescaling_lasso.py, checks/rescaling_instances.py
and checks/_instances.py (tests/mutation-equivalents.md).

* The documented signature of every check, ``check(*, dps=50, examples=20, seed=0)`` (docs/architecture.md): the
  defaults are what ``radontv check`` runs (checked by calling: mutmut's wrapper shows inspect the original
  signature), and the seed must reach the instances.
* The exact lasso solver ``LassoProblem.certify`` from wrong starting supports: moved with the solver to
  tests/test_lasso.py (``test_certify_from_any_start_returns_the_optimum``; the solver is now :mod:`radontv.lasso`).
* What a check records, comparison by comparison (a recording :class:`~radontv.evidence.Agreement` installed in the
  check modules): the instance labels and the route a user reads in the JSON report, and the values compared, each
  recomputed here by an independent route (plain Fraction loops, closed forms, hand values), so that a check that
  compares the wrong thing, at the wrong scale, or reports a wrong residual or label is caught even when its verdict
  stays the same.
* The residuals of the negative controls, by hand: a check must not only be refuted, it must say by how much.
* checks/_instances.py: the documented ranges of the seeded rationals, the exact unit vectors, the float arrays.
"""

from __future__ import annotations

import inspect
import random
import re
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from _recording_agreement import recording_agreement
from radontv.checks import _instances as inst
from radontv.checks import rescaling as checks
from radontv.checks import rescaling_instances as rinst
from radontv.checks import rescaling_lasso as lasso_checks

from radontv import ReLUNetwork, Verdict

CHECKS = sorted(name for name in checks.__all__ if name.startswith("check_"))


@pytest.mark.parametrize("name", CHECKS)
def test_every_check_has_the_documented_signature(name):
    parameters = inspect.signature(getattr(checks, name)).parameters
    defaults = {key: parameters[key].default for key in ("dps", "examples", "seed")}
    assert defaults == {"dps": 50, "examples": 20, "seed": 0}
    assert all(parameters[key].kind is inspect.Parameter.KEYWORD_ONLY for key in defaults)


@pytest.mark.parametrize("name", CHECKS)
def test_called_without_arguments_a_check_runs_its_documented_defaults(name):
    # inspect sees the declared defaults; calling shows the ones in force (a wrapper could differ), and the seed
    # must reach the instances (seed 1 draws other instances: a different report, except for homogeneity, whose
    # report is the same for every seed)
    check = getattr(checks, name)
    default = check().as_dict()
    assert default == check(dps=50, examples=20, seed=0).as_dict()
    if name != "check_homogeneity":
        assert default != check(dps=50, examples=20, seed=1).as_dict()


# -- a recording Agreement, and independent arithmetic ----------------------------------------------------------------
def _recording(monkeypatch) -> list[tuple]:
    """A recording Agreement in the check modules (tests/_recording_agreement.py); returns the record list."""
    return recording_agreement(monkeypatch, checks, lasso_checks)


def _by_label(records: list[tuple]) -> dict[str, tuple]:
    out = {}
    for rec in records:
        assert out.setdefault(rec[1], rec) == rec, f"two different comparisons labelled {rec[1]!r}"
    return out


def _relu(z: Fraction) -> Fraction:
    return z if z > 0 else Fraction(0)


def _point(x) -> str:
    return "(" + ", ".join(str(c) for c in x) + ")"


def _eval(W, b, v, c, c0, x) -> Fraction:
    """A shallow network at x, by a plain Fraction loop."""
    return sum((vk * _relu(sum((wi * xi for wi, xi in zip(w, x, strict=True)), start=Fraction(0)) - bk)
                for w, bk, vk in zip(W, b, v, strict=True)), start=Fraction(0)) + \
        sum((ci * xi for ci, xi in zip(c, x, strict=True)), start=Fraction(0)) + c0


def _lasso_fit(problem, u, c, x) -> Fraction:
    d = problem.d
    return _eval([problem.W[j] for j in u], [problem.b[j] for j in u], list(u.values()), c[:d], c[d], x)


def _lasso_objective(problem, u, c) -> Fraction:
    r = [y - _lasso_fit(problem, u, c, x) for x, y in zip(problem.X, problem.y, strict=True)]
    return sum((ri * ri for ri in r), start=Fraction(0)) / 2 + problem.lam * sum(abs(x) for x in u.values())


def _close(a, b, digits: int = 40) -> bool:
    """|a - b| <= 10^-digits |b| (relative to the compared quantity), at 60 digits."""
    with mpmath.workdps(60):
        a, b = [mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x) for x in (a, b)]
        return bool(abs(a - b) <= mpmath.mpf(10) ** -digits * abs(b))


def _record_instances(monkeypatch, module) -> list:
    """Record the certified lasso instances a check draws (label, problem, (u, c))."""
    seen: list = []
    original = module.lasso_instances

    def record(*args, **kwargs):
        out = original(*args, **kwargs)
        seen.extend(out[0])
        return out

    monkeypatch.setattr(module, "lasso_instances", record)
    return seen


LASSO_ROUTE = "exact KKT certificate (Fractions) for the l1 problem; balanced network in mpmath"
TOL_3 = "dps=50, may lose 3 digits: consistent if relative residual <= 1e-47, refuted if > 1e-23.5"


# -- rescaling.lasso --------------------------------------------------------------------------------------------------
def test_lasso_records_the_certificate_the_fit_and_the_objectives(monkeypatch):
    """check_lasso, comparison by comparison, against a hand evaluation of A u + B c and of the lasso objective P*:
    one KKT record per dictionary neuron (on/off support, the on-support correlation = lam sign(u_j), scale 0), one
    fit record per data point (scale = the largest |fit|), the path-norm objectives = P* exactly, the weight-decay
    objectives >= P* (the rescaled one differing from the unit-norm one), the balanced network's objective = P* at
    scale P*; labels and route as reported."""
    records = _recording(monkeypatch)
    instances = _record_instances(monkeypatch, lasso_checks)
    result = checks.check_lasso(dps=50, examples=0, seed=0)
    assert result.verdict is Verdict.CONSISTENT, result
    report = result.as_dict()
    assert (report["claim_id"], report["route"], report["dps"], report["message"], report["tolerance"]) == (
        "rescaling.lasso", LASSO_ROUTE, 50, "", TOL_3)
    assert [label for label, _, _ in instances] == ["lasso #0 (d = 1, N = 7, M = 17, seed 0)",
                                                    "lasso #1 (d = 2, N = 6, M = 12, seed 0)"]
    labels = _by_label(records)
    assert len(records) == sum(p.M + p.N + 7 for _, p, _ in instances)
    for label, p, (u, c) in instances:
        best = _lasso_objective(p, u, c)
        r = [y - _lasso_fit(p, u, c, x) for x, y in zip(p.X, p.y, strict=True)]
        for j in range(p.M):
            corr = sum((_relu(sum(w * x for w, x in zip(p.W[j], xi, strict=True)) - p.b[j]) * ri
                        for xi, ri in zip(p.X, r, strict=True)), start=Fraction(0))
            if j in u:
                assert labels[f"{label}: KKT on support j={j}"] == (
                    "compare", f"{label}: KKT on support j={j}", corr, p.lam * (1 if u[j] > 0 else -1), 0)
            else:
                assert labels[f"{label}: KKT off support j={j}"][2] is True and abs(corr) <= p.lam
        fits = [_lasso_fit(p, u, c, x) for x in p.X]
        for x, fit in zip(p.X, fits, strict=True):
            kind, _, actual, expected, scale = labels[f"{label}: fit, x = {_point(x)}"]
            assert (kind, actual, expected, scale) == ("compare", fit, fit, max(abs(f) for f in fits))
        for what in ("unit-norm network", "rescaled network"):
            assert labels[f"{label}: {what}, path-norm objective = P*"][2:] == (best, best, 0)
        kind, _, lhs, rhs, scale = labels[f"{label}: rescaled network, weight-decay objective >= P*"]
        assert (kind, rhs, scale) == ("at_least", best, 0) and lhs >= best
        unscaled = sum(ri * ri for ri in r) / 2 + p.lam * sum((uj * uj + 1) / 2 for uj in u.values())
        assert lhs != unscaled  # the network is rescaled (random scales), not the unit-norm one
        for t in range(3):
            kind, _, lhs, rhs, scale = labels[f"{label}: random dictionary network #{t}, weight-decay objective >= P*"]
            assert (kind, rhs, scale) == ("at_least", best, 0) and lhs >= best
        kind, _, actual, expected, scale = labels[f"{label}: balanced factorisation, weight-decay objective = P*"]
        assert (kind, expected, scale) == ("compare", best, best) and _close(actual, best)


def test_lasso_negative_control_reports_the_bias_penalty(monkeypatch):
    """With biases regularized, the balanced network (|v_k| = ||w_k||: neuron j scaled by sqrt|u_j|) overshoots P* by
    lam sum_j b_j^2 |u_j| / 2; the reported residual is the largest overshoot / (2 P*) (scale P*), by hand."""
    instances = _record_instances(monkeypatch, lasso_checks)
    result = checks.check_lasso(dps=50, examples=0, seed=0, regularize_bias=True)
    assert result.verdict is Verdict.REFUTED
    worst = max(((p.lam * sum(p.b[j] ** 2 * abs(uj) for j, uj in u.items()) / 2 / (2 * _lasso_objective(p, u, c)),
                  label) for label, p, (u, c) in instances))
    assert _close(result.residual, worst[0], 30)
    assert result.worst_instance == f"{worst[1]}: balanced factorisation, weight-decay objective = P*"


def test_lasso_with_a_duplicated_dictionary_neuron_passes(monkeypatch):
    """A dictionary with a neuron twice: the optimum uses one copy, and the other copy's correlation is exactly
    lambda (a KKT equality off the support, |A_j^T r| <= lambda with equality): the check must pass (a strict
    inequality would refute a true claim on such ties)."""
    X = np.array([[Fraction(k)] for k in range(-3, 4)], dtype=object)
    y = [Fraction(v) for v in (0, 0, 0, 0, 1, 2, 3)]  # a kink at 0: relu(x)
    W, b = [[Fraction(1)], [Fraction(1)], [Fraction(-1)]], [Fraction(0), Fraction(0), Fraction(1)]
    problem = checks.LassoProblem(X, y, W, b, Fraction(1, 10))
    cert = problem.certify()
    assert cert is not None
    u, c = cert
    r = [t - _lasso_fit(problem, u, c, x) for x, t in zip(X, y, strict=True)]
    corr = [sum(_relu(W[j][0] * x[0] - b[j]) * ri for x, ri in zip(X, r, strict=True)) for j in range(3)]
    assert len(set(u) & {0, 1}) >= 1 and abs(corr[0]) == abs(corr[1]) == problem.lam  # the tie
    monkeypatch.setattr(lasso_checks, "lasso_instances", lambda *a, **k: ([("duplicated", problem, cert)], 0))
    assert checks.check_lasso(dps=50, examples=0, seed=0).verdict is Verdict.CONSISTENT


def _ridge_active(p) -> int:
    """The number of nonzero u_j of min 1/2 ||A u + B c - y||^2 + lam/2 ||u||^2, by sympy's exact LU solve of the
    normal equations [G^T G + lam diag(1..1, 0..0)] z = G^T y, G = [A, X, 1] built by plain loops."""
    G = [[_relu(sum(w * x for w, x in zip(p.W[j], xi, strict=True)) - p.b[j]) for j in range(p.M)] + [*xi, 1]
         for xi in p.X]
    n = p.M + p.d + 1
    lhs = sympy.Matrix(n, n, lambda r, s: sum(G[i][r] * G[i][s] for i in range(p.N)) + (p.lam if r == s < p.M else 0))
    z = lhs.LUsolve(sympy.Matrix(n, 1, lambda r, _: sum(G[i][r] * p.y[i] for i in range(p.N))))
    return sum(1 for j in range(p.M) if z[j] != 0)


# -- rescaling.secret_sparsity ----------------------------------------------------------------------------------------
def test_secret_sparsity_records_counts_and_the_attained_optimum(monkeypatch):
    """check_secret_sparsity: per instance, M > N, the active count (|S| = number of nonzero u_j, in the labels)
    against N and N - (d + 1), the balanced width-M network's active count, and its weight-decay objective = P* (hand
    value) at scale P*; with the ridge penalty (negative control) the exact ridge solution is dense: M active.  The
    instances are lasso_instances(examples, seed + 3, M_factor=3) (their labels name seed 3); an unknown penalty is
    refused by name."""
    records = _recording(monkeypatch)
    instances = _record_instances(monkeypatch, lasso_checks)
    result = checks.check_secret_sparsity(dps=50, examples=0, seed=0)
    assert result.verdict is Verdict.CONSISTENT
    report = result.as_dict()
    assert (report["claim_id"], report["route"], report["message"], report["tolerance"]) == (
        "rescaling.secret_sparsity",
        "exact KKT certificates on dictionaries with M > N neurons; active neurons counted", "", TOL_3)
    expected = []
    assert len(instances) == 2
    for i, (label, p, (u, c)) in enumerate(instances):  # drawn by lasso_instances(examples, seed + 3, M_factor=3)
        assert label == f"lasso #{i} (d = {1 + i % 2}, N = {p.N}, M = {p.M}, seed 3)" and 3 * p.N <= p.M <= 3 * p.N + 4
        best, k = _lasso_objective(p, u, c), len(u)
        assert k == sum(1 for x in u.values() if x != 0) and p.M > p.N
        expected += [("holds", f"{label}: more neurons than data points", True, None, None),
                     ("holds", f"{label}: {k} active neurons <= N = {p.N}", True, None, None),
                     ("holds", f"{label}: {k} active neurons <= N - (d + 1)", k <= p.N - p.d - 1, None, None),
                     ("holds", f"{label}: balanced width-{p.M} network has {k} active", True, None, None)]
        kind, lab, actual, want, scale = records[len(expected)]
        assert (kind, lab, want, scale) == ("compare", f"{label}: width-{p.M} weight-decay network attains P*",
                                            best, best) and _close(actual, best)
        expected.append(records[len(expected)])
    assert records == expected
    records.clear()
    instances.clear()
    wrong = checks.check_secret_sparsity(dps=50, examples=0, seed=0, penalty="ridge")
    assert wrong.verdict is Verdict.REFUTED
    assert [rec[1] for rec in records] == [
        text for label, p, _ in instances for text in (f"{label}: more neurons than data points",
                                                       f"{label}: {_ridge_active(p)} active neurons <= N = {p.N}")]
    assert wrong.worst_instance == records[1][1]
    with pytest.raises(ValueError) as error:
        checks.check_secret_sparsity(dps=50, examples=0, seed=0, penalty="l2")
    assert str(error.value) == "penalty must be 'l1' or 'ridge', got 'l2'"


# -- rescaling.width_monotonicity -------------------------------------------------------------------------------------
def test_width_monotonicity_records_padding_and_nested_optima(monkeypatch):
    """check_width_monotonicity at examples=0: the two concrete networks padded (function at the sampled points,
    weight decay 57/8 and 97/2 by hand, path norm, objective), then nested dictionaries whose certified optima are
    non-increasing and keep their value when padded by two zero neurons; the dead-neuron padding (negative control)
    is refuted first at the catalog neuron's weight decay, 57/8 + d/2 per dead neuron."""
    records = _recording(monkeypatch)
    result = checks.check_width_monotonicity(dps=50, examples=0, seed=0)
    assert result.verdict is Verdict.PROVED
    report = result.as_dict()
    assert (report["claim_id"], report["route"], report["dps"], report["message"]) == (
        "rescaling.width_monotonicity",
        "exact rationals: padded networks, and KKT-certified optima on nested dictionaries", None, "")
    labels = _by_label([rec for rec in records if not rec[1].startswith("nested #")])  # (their labels repeat)
    for name, wd in (("catalog neuron v=3, w=(1/2,-2,1)", Fraction(57, 8)),
                     ("coincident/antipodal/zero neurons", Fraction(97, 2))):
        assert labels[f"{name}: padded weight decay"][2:] == (wd, wd, 0)
        assert labels[f"{name}: padded path norm"][2] is True
        kind, _, a, e, scale = labels[f"{name}: padded objective"]
        assert kind == "compare" and a == e and scale == 0
        padded = [rec for rec in records if rec[1].startswith(f"{name}, padded, x = (")]
        assert len(padded) >= 6 and all(rec[2] == rec[3] for rec in padded)
        assert all(rec[4] == max(abs(r[3]) for r in padded) for rec in padded)
    nested = [rec for rec in records if rec[1].startswith("nested #")]
    assert [rec[1].split(":")[0] for rec in nested if rec[0] == "at_least"] == [
        "nested #0 (d = 1)", "nested #0 (d = 1)", "nested #1 (d = 2)", "nested #1 (d = 2)"]
    for rec in nested:
        if rec[0] == "at_least":
            assert rec[2] >= rec[3] and rec[4] == 0
            m2, m1 = (int(part.split(")")[0]) for part in rec[1].split("M = ")[1:])
            assert (m2, m1) in ((14, 7), (21, 14), (16, 8), (24, 16))
        else:
            width, wider = (int(s) for s in rec[1].split("width ")[1].split(" padded to "))
            assert wider == width + 2 and rec[2] == rec[3] and rec[4] == 0
    assert sum(rec[0] == "compare" for rec in nested) == 6
    wrong = checks.check_width_monotonicity(dps=50, examples=0, seed=0,
                                            padding=lambda d, rng: ([Fraction(1)] * d, Fraction(0), Fraction(0)))
    assert wrong.verdict is Verdict.REFUTED
    assert wrong.worst_instance == "catalog neuron v=3, w=(1/2,-2,1): padded weight decay"


def test_zero_padding_neuron_is_documented_zero():
    """The default padding neuron: w = 0 of length d, v = 0, a bias from [-24, 24] / [1, 6]."""
    rng = random.Random(5)
    pads = [lasso_checks._zero_neuron(3, rng) for _ in range(3000)]
    assert all(w == [0, 0, 0] and v == 0 for w, _, v in pads)
    biases = {b for _, b, _ in pads}
    assert max(biases) <= 24 and min(biases) >= -24 and all(b.denominator <= 6 for b in biases)
    assert any(b.denominator == 6 for b in biases) and len(biases) > 50 and {24, -24} <= biases


# -- rescaling.homogeneity --------------------------------------------------------------------------------------------
GRID_3 = [Fraction(k, 3) for k in range(-9, 10)]


def test_homogeneity_records_three_routes_and_the_control_residual(monkeypatch):
    """check_homogeneity with the scale -2 (negative control): per grid point z = k/3, k = -9..9, the three routes
    relu, network, derivation, each sigma(-2 z) against -2 sigma(z) at scale |2 z|; residual 1 (z < 0:
    |2z| / (0 + |2z|); z > 0 gives 1/2), first at z = -3; the report texts.  At the default scales 1/1000, 1, 1000
    (+ one random per example) the message counts scales x points; the random points are rationals in [-24, 24]
    over 1..6, spread over the range."""
    records = _recording(monkeypatch)
    wrong = checks.check_homogeneity(dps=50, examples=0, seed=0, scales=[Fraction(-2)])
    assert (wrong.verdict, wrong.residual, wrong.worst_instance, wrong.message, wrong.instances) == (
        Verdict.REFUTED, Fraction(1), "relu: alpha = -2, z = -3", "1 scales x 19 points", 57)
    assert records == [("compare", f"{route}: alpha = -2, z = {z}", _relu(-2 * z), -2 * _relu(z), abs(2 * z))
                       for z in GRID_3 for route in ("relu", "network", "derivation")]
    records.clear()
    result = checks.check_homogeneity(dps=50, examples=1, seed=0)
    report = result.as_dict()
    assert (report["claim_id"], report["verdict"], report["route"], report["dps"], report["message"],
            report["tolerance"], report["worst_instance"]) == (
        "rescaling.homogeneity", "proved",
        "exact rationals: relu, a one-neuron network, and the derived expression max(0, alpha z)", None,
        "4 scales x 20 points", "exact: residual must be 0", "relu: alpha = 1/1000, z = -3")
    alphas = list(dict.fromkeys(rec[1].split("alpha = ")[1].split(",")[0] for rec in records))
    assert alphas[:3] == ["1/1000", "1", "1000"] and len(alphas) == 4
    assert 0 < Fraction(alphas[3]) <= 200 and Fraction(alphas[3]).denominator <= 50
    zs = [Fraction(rec[1].split("z = ")[1]) for rec in records if rec[1].startswith("relu: alpha = 1/1000,")]
    assert zs[:19] == GRID_3 and len(zs) == 20 and abs(zs[19]) <= 24 and zs[19].denominator <= 6
    records.clear()
    assert checks.check_homogeneity(dps=50, examples=30, seed=0).message == "33 scales x 49 points"
    drawn = [Fraction(rec[1].split("z = ")[1]) for rec in records if rec[1].startswith("relu: alpha = 1/1000,")][19:]
    assert len(drawn) == 30 and all(abs(z) <= 24 and z.denominator <= 6 for z in drawn)  # rational(rng, -24, 24, 6)
    assert min(drawn) < -12 and max(drawn) > 12 and {5, 6} & {z.denominator for z in drawn}


# -- rescaling.parity -------------------------------------------------------------------------------------------------
def _network_of(label: str, examples: int = 0, seed: int = 0) -> ReLUNetwork:
    return dict(checks.example_networks(examples, seed))[label]


def test_parity_records_the_identities_and_the_affine_parts(monkeypatch):
    """check_parity at examples=0: the scalar identities on z = k/4 (scale 1), each neuron + twin against
    v (w.x - b) and the network + all twins against its affine part, values by hand at every recorded point, scale
    = the largest |affine| over the points; the control twin (-w, b, -v) is refuted with the residual recomputed by
    hand from the same points."""
    records = _recording(monkeypatch)
    result = checks.check_parity(dps=50, examples=0, seed=0)
    report = result.as_dict()
    assert (report["claim_id"], report["verdict"], report["route"], report["dps"], report["worst_instance"]) == (
        "rescaling.parity", "proved", "exact rationals: neuron + twin against v (w.x - b)", None,
        "sigma(z) - sigma(-z), z = -3")
    grid = [Fraction(k, 4) for k in range(-12, 13)]
    assert records[:100] == [rec for z in grid for rec in (
        ("compare", f"sigma(z) - sigma(-z), z = {z}", z, z, 1), ("compare", f"sigma(z) + sigma(-z), z = {z}", abs(z),
                                                                   abs(z), 1),
        ("compare", f"derived odd part, z = {z}", z, z, 1), ("compare", f"derived even part, z = {z}", abs(z), abs(z),
                                                             1))]
    _check_parity_records(records[100:], twin_bias=-1)
    records.clear()
    wrong = checks.check_parity(dps=50, examples=0, seed=0, twin=lambda w, b, v: (-w, b, -v))
    assert wrong.verdict is Verdict.REFUTED
    worst, first = _check_parity_records(records[100:], twin_bias=1)
    assert wrong.residual == worst and wrong.worst_instance == first


def _check_parity_records(records: list[tuple], twin_bias: int) -> tuple[Fraction, str]:
    """Recompute every network record of check_parity by hand (twin (-w, twin_bias b, -v)); returns the largest
    residual |a - e| / (|e| + scale) and the first failing label."""
    groups: dict[str, list[tuple]] = {}
    for rec in records:
        groups.setdefault(rec[1].split(", x = ")[0], []).append(rec)
    names = ("catalog neuron v=3, w=(1/2,-2,1)", "coincident/antipodal/zero neurons")
    expected_groups = [f"{name}, neuron {k} + twin" for name in names for k in range(_network_of(name).width)]
    expected_groups += [f"{name}, network + all twins" for name in names]
    assert sorted(groups) == sorted(expected_groups)
    worst, first = Fraction(0), ""
    for group, recs in groups.items():
        name = next(n for n in names if group.startswith(n))
        net = _network_of(name)
        W, b, v = [list(w) for w in net.W], list(net.b), list(net.v)
        if "all twins" in group:
            nets = [(W + [[-x for x in w] for w in W], b + [twin_bias * x for x in b], v + [-x for x in v])]
            affine = [(W, b, v, list(net.c), net.c0)]
        else:
            k = int(group.rsplit("neuron ", 1)[1].split(" ")[0])
            nets = [([W[k], [-x for x in W[k]]], [b[k], twin_bias * b[k]], [v[k], -v[k]])]
            affine = [([W[k]], [b[k]], [v[k]], [Fraction(0)] * net.dim, Fraction(0))]
        values = []
        for rec in recs:
            x = [Fraction(s) for s in rec[1].split("x = (")[1].rstrip(")").split(", ")]
            zero = [Fraction(0)] * len(x)
            Wn, bn, vn = nets[0]
            aW, ab, av, c, c0 = affine[0]
            a = _eval(Wn, bn, vn, c if "all" in group else zero, c0 if "all" in group else 0, x)
            e = sum((vk * (sum(wi * xi for wi, xi in zip(w, x, strict=True)) - bk)
                     for w, bk, vk in zip(aW, ab, av, strict=True)), start=Fraction(0)) + \
                sum(ci * xi for ci, xi in zip(c, x, strict=True)) + c0
            values.append((rec, a, e))
        scale = max(abs(e) for _, _, e in values)
        for rec, a, e in values:
            assert rec == ("compare", rec[1], a, e, scale)
            res = abs(a - e) / (abs(e) + scale) if abs(e) + scale else Fraction(0 if a == e else 10 ** 99)
            if res and not first:
                first = rec[1]
            worst = max(worst, res)
    return worst, first


# -- rescaling.amgm ---------------------------------------------------------------------------------------------------
def test_amgm_records_exact_squares_by_hand(monkeypatch):
    """check_amgm at examples=0, neuron by neuron of the concrete networks: WD = (v^2 + ||w||^2)/2 and PN^2 =
    v^2 ||w||^2 by hand (catalog neuron: 57/8 and 189/4), the inequality at scale WD^2, strictness for unbalanced
    neurons, the derived gap, the sum over neurons; the balanced neurons compare WD^2 = PN^2 at scale 0; the l1 path
    norm (negative control) is refuted first at the catalog neuron (PN^2 = 441/4 > WD^2 = 3249/64)."""
    records = _recording(monkeypatch)
    result = checks.check_amgm(dps=50, examples=0, seed=0)
    report = result.as_dict()
    assert (report["claim_id"], report["verdict"], report["route"], report["dps"]) == (
        "rescaling.amgm", "proved", "exact rationals (squares of the path norm)", None)
    labels = _by_label(records)
    for name in ("catalog neuron v=3, w=(1/2,-2,1)", "coincident/antipodal/zero neurons"):
        net = _network_of(name)
        total = Fraction(0)
        for k, (w, _, v) in enumerate(net.neurons()):
            n2 = sum(x * x for x in w)
            wd, pn2 = (v * v + n2) / 2, v * v * n2
            total += wd
            where = f"{name}, neuron {k}"
            assert labels[f"{where}: WD^2 >= PN^2"] == ("at_least", f"{where}: WD^2 >= PN^2", wd * wd, pn2, wd * wd)
            if v * v == n2:
                assert labels[f"{where} (balanced): WD^2 = PN^2"][2:] == (wd * wd, pn2, 0)
            else:
                assert labels[f"{where} (unbalanced): WD > PN strictly"][2] is True
            assert labels[f"{where}: (WD - derived gap)^2 = PN^2"][2:] == (pn2, pn2, wd * wd)
        assert labels[f"{name}: WD is the sum over neurons"][2:] == (total, total, 0)
    assert labels["catalog neuron v=3, w=(1/2,-2,1), neuron 0: WD^2 >= PN^2"][2:4] == (Fraction(3249, 64),
                                                                                   Fraction(189, 4))
    balanced = [rec for rec in records if rec[1].startswith("balanced neuron #")]
    assert {rec[1].split(":")[0].split(",")[0] for rec in balanced} == {"balanced neuron #0", "balanced neuron #1"}
    assert all(rec[4] == 0 and rec[2] == rec[3] for rec in balanced if "(balanced)" in rec[1])
    assert sum("(balanced)" in rec[1] for rec in balanced) == 2
    wrong = checks.check_amgm(dps=50, examples=0, seed=0, path_norm=lambda net: sum(
        (abs(v) * sum(abs(x) for x in w) for w, _, v in net.neurons()), start=Fraction(0)))
    assert wrong.verdict is Verdict.REFUTED
    assert wrong.worst_instance == "catalog neuron v=3, w=(1/2,-2,1), neuron 0: WD^2 >= PN^2"


# -- rescaling.invariance ---------------------------------------------------------------------------------------------
def test_invariance_records_the_routes_at_every_point(monkeypatch):
    """check_invariance at examples=0: for both concrete networks and both kinds of scales, the three function
    routes at every point (expected = the network by hand, scale = the largest |value|), and the parameter
    comparison; the bias scaled by 1/alpha (negative control) is refuted on a derived-formula point."""
    records = _recording(monkeypatch)
    result = checks.check_invariance(dps=50, examples=0, seed=0)
    report = result.as_dict()
    assert (report["claim_id"], report["verdict"], report["route"], report["dps"]) == (
        "rescaling.invariance", "proved",
        "exact rationals: ReLUNetwork.rescale and the derived formula, at random points and beside every kink", None)
    groups: dict[str, list[tuple]] = {}
    for rec in records:
        groups.setdefault(rec[1].split(", x = ")[0], []).append(rec)
    names = ("catalog neuron v=3, w=(1/2,-2,1)", "coincident/antipodal/zero neurons")
    kinds = ("one scale", "per-neuron scales")
    routes = ("derived formula", "derived (v/alpha) sigma(alpha z)", "ReLUNetwork.rescale")
    assert list(groups) == [g for n in names for k in kinds for g in (
        f"{n}, {k}, {routes[0]}", f"{n}, {k}, {routes[1]}", f"{n}, {k}: rescale() parameters = formula",
        f"{n}, {k}, {routes[2]}")]
    for group, recs in groups.items():
        if group.endswith("= formula"):
            assert recs == [("holds", group, True, None, None)]
            continue
        net = _network_of(next(n for n in names if group.startswith(n)))
        xs = [[Fraction(s) for s in rec[1].split("x = (")[1].rstrip(")").split(", ")] for rec in recs]
        values = [_eval(net.W, net.b, net.v, net.c, net.c0, x) for x in xs]
        assert len(recs) >= 6 + 3 * sum(any(x != 0 for x in w) for w in net.W)
        top = max(abs(e) for e in values)
        assert recs == [("compare", rec[1], e, e, top) for rec, e in zip(recs, values, strict=True)]
    wrong = checks.check_invariance(dps=50, examples=0, seed=0, bias_scale=lambda a: 1 / a)
    assert wrong.verdict is Verdict.REFUTED and ", derived formula, x = (" in wrong.worst_instance


# -- rescaling.balance ------------------------------------------------------------------------------------------------
def _header(result) -> tuple:
    """The report fields a user reads first: claim id, verdict, route, working precision, message, tolerance."""
    report = result.as_dict()
    return tuple(report[k] for k in ("claim_id", "verdict", "route", "dps", "message", "tolerance"))


def _mpq(q) -> mpmath.mpf:
    return mpmath.mpf(Fraction(q).numerator) / Fraction(q).denominator


def test_balance_records_the_closed_forms(monkeypatch):
    """check_balance at examples=0, per neuron with v != 0 != w, against the closed forms (60 digits, by hand):
    alpha* = sqrt(|v| / ||w||), g(alpha*) = |v| ||w||, g''(alpha*) = 4 ||w||^2 (g(t) = (v^2/t^2 + t^2 ||w||^2)/2);
    per network WD after balancing = sum |v_k| ||w_k|| + the weight decay of the half-dead neurons; balanced() at
    every point = the network by hand.  The alpha* = a/n control: residual max(|sqrt(a/n) - a/n| / (a/n),
    (a - n)^2 / (2 a n), network-level excess), by hand."""
    records = _recording(monkeypatch)
    result = checks.check_balance(dps=50, examples=0, seed=0)
    assert _header(result) == (
        "rescaling.balance", "consistent",
        "mpmath: derived alpha* vs balancing_scales() vs findroot on the implemented objective", 50, "",
        "dps=50, may lose 10 digits: consistent if relative residual <= 1e-40, refuted if > 1e-20")
    labels = _by_label(records)
    names = ("catalog neuron v=3, w=(1/2,-2,1)", "coincident/antipodal/zero neurons")
    worst_control = mpmath.mpf(0)
    with mpmath.workdps(60):
        for name in names:
            net = _network_of(name)
            pn, half_dead, excess, live = mpmath.mpf(0), Fraction(0), mpmath.mpf(0), 0
            for k, (w, _, v) in enumerate(net.neurons()):
                n2 = sum(x * x for x in w)
                if v == 0 or n2 == 0:
                    half_dead += (v * v + n2) / 2
                    assert not any(rec[1].startswith(f"{name}, neuron {k}:") for rec in records)
                    continue
                live += 1
                a, n = abs(_mpq(v)), mpmath.sqrt(_mpq(n2))
                star = mpmath.sqrt(a / n)
                pn += a * n
                excess += (a * a + n * n) / 2 - a * n
                where = f"{name}, neuron {k}"
                for text, want in (("balancing_scales() vs alpha*", star), ("argmin of g (findroot) vs alpha*", star),
                                   ("g(alpha*) vs derived minimum |v| ||w||", a * n),
                                   ("g(alpha*) vs path_norm()", a * n), ("g''(alpha*) vs derived g''", 4 * n * n)):
                    kind, _, actual, expected, scale = labels[f"{where}: {text}"]
                    assert kind == "compare" and scale == 0 and _close(expected, want) and _close(actual, want), text
                kind, _, lhs, rhs, scale = labels[f"{where}: g''(alpha*) > 0"]
                assert (kind, rhs) == ("at_least", 0) and _close(lhs, 4 * n * n) and _close(scale, 4 * n * n)
                worst_control = max(worst_control, abs(star - a / n) / (a / n), (a - n) ** 2 / (2 * a * n))
            assert live == (1 if name.startswith("catalog") else 4)
            for text in ("WD(rescaled by alpha*) = path norm", "WD(balanced()) = path norm"):
                kind, _, actual, expected, scale = labels[f"{name}: {text}"]
                assert scale == 0 and _close(expected, pn + _mpq(half_dead)) and _close(actual, pn + _mpq(half_dead))
            worst_control = max(worst_control, excess / (pn + _mpq(half_dead)))
            same = [rec for rec in records if rec[1].startswith(f"{name}: balanced() is the same function, x = (")]
            xs = [[Fraction(s) for s in rec[1].split("x = (")[1].rstrip(")").split(", ")] for rec in same]
            values = [_eval(net.W, net.b, net.v, net.c, net.c0, x) for x in xs]
            assert len(same) >= 4
            for rec, e in zip(same, values, strict=True):
                assert _close(rec[3], e) and _close(rec[2], e) and _close(rec[4], max(abs(x) for x in values))
    wrong = checks.check_balance(dps=50, examples=0, seed=0, alpha_star=lambda a, n: a / n)
    assert wrong.verdict is Verdict.REFUTED and _close(wrong.residual, worst_control, 30)


# -- rescaling.neural_balance -----------------------------------------------------------------------------------------
def test_neural_balance_records_the_derived_slopes_and_gap(monkeypatch):
    """check_neural_balance at examples=0: per neuron with v != 0 != w the derived slope lam (||w||^2 - v^2) at scale
    lam (v^2 + ||w||^2) (their ratio is lam-free: -5/19 for the catalog neuron), the balanced network stationary
    (expected 0, same scale); per network the loss kept, J - J(balanced) = lam/2 sum (|v| - ||w||)^2 (lam read off the
    scale), rebalancing lowers J at scale J, and the derived decrease positive."""
    records = _recording(monkeypatch)
    result = checks.check_neural_balance(dps=50, examples=0, seed=0)
    assert _header(result) == (
        "rescaling.neural_balance", "consistent",
        "mpmath: directional derivative along each neuron's rescaling vs lambda (||w||^2 - v^2); "
        "rebalancing gap vs lambda/2 sum (|v| - ||w||)^2", 50, "",
        "dps=50, may lose 8 digits: consistent if relative residual <= 1e-42, refuted if > 1e-21")
    labels = _by_label(records)
    assert len(records) == 2 * 1 + 4 + 2 * 4 + 4
    with mpmath.workdps(60):
        for name in ("catalog neuron v=3, w=(1/2,-2,1)", "coincident/antipodal/zero neurons"):
            net = _network_of(name)
            lam, gap = None, mpmath.mpf(0)
            for k, (w, _, v) in enumerate(net.neurons()):
                n2 = sum(x * x for x in w)
                if v == 0 or n2 == 0:
                    continue
                where = f"{name}, neuron {k}"
                _, _, actual, expected, scale = labels[f"{where}: dJ/dt at t = 1 vs lambda (||w||^2 - v^2)"]
                lam = scale / _mpq(v * v + n2)
                assert _close(expected / scale, _mpq((n2 - v * v) / (n2 + v * v))) and _close(actual, expected)
                _, _, actual, expected, scale2 = labels[f"{where}: balanced network is stationary along the "
                                                           "rescaling"]
                assert expected == 0 and scale2 == scale and abs(actual) <= mpmath.mpf(10) ** -40 * scale
                gap += (abs(_mpq(v)) - mpmath.sqrt(_mpq(n2))) ** 2
            _, _, actual, expected, before = labels[f"{name}: rebalancing keeps the loss"]
            assert _close(actual, expected)
            _, _, actual, expected, scale = labels[f"{name}: J(theta) - J(balanced) = gap"]
            assert scale == before and _close(expected, lam / 2 * gap) and _close(actual, lam / 2 * gap, 35)
            assert labels[f"{name}: rebalancing lowers J"][0] == "at_least"
            assert labels[f"{name}: rebalancing lowers J"][3:] == (0, before)
            assert labels[f"{name}: the derived decrease is positive (unbalanced neuron)"][2] is True


# -- checks/_instances.py and the instances of the rescaling family ---------------------------------------------------
def test_seeded_rationals_follow_their_documented_draws():
    """Each helper of checks._instances draws what its docstring says, in order, from the generator it is given:
    compared with plain randint/uniform/gauss calls on a twin generator (defaults included: rational -24..24 over
    1..4, positive_rational 1..200 over 1..50); nonzero_rational replaces a drawn 0 by 1 with one draw either way."""
    for seed in range(300):  # (a range one too wide draws the same integer unless the extra value comes up)
        rng, twin = inst.seeded(seed), random.Random(seed)
        assert inst.rational(rng) == Fraction(twin.randint(-24, 24), twin.randint(1, 4))
        assert inst.rational(rng, -3, 5, 7) == Fraction(twin.randint(-3, 5), twin.randint(1, 7))
        assert inst.grid_rational(rng, -6, 9, 5) == Fraction(twin.randint(-6, 9), 5)
        assert inst.positive_rational(rng) == Fraction(twin.randint(1, 200), twin.randint(1, 50))
        assert inst.positive_rational(rng, 7, 3) == Fraction(twin.randint(1, 7), twin.randint(1, 3))
        assert inst.rational_vector(rng, 3) == [Fraction(twin.randint(-24, 24), twin.randint(1, 4)) for _ in range(3)]
        assert inst.rational_vector(rng, 2, 1, 2, 3) == [Fraction(twin.randint(1, 2), twin.randint(1, 3))
                                                         for _ in range(2)]
        assert inst.rational_points(rng, 2, 3) == [[Fraction(twin.randint(-24, 24), twin.randint(1, 4))
                                                    for _ in range(3)] for _ in range(2)]
        assert inst.rational_points(rng, 1, 2, 0, 1, 2) == [[Fraction(twin.randint(0, 1), twin.randint(1, 2))
                                                             for _ in range(2)]]
        drawn = Fraction(twin.randint(-24, 24), twin.randint(1, 4))
        assert inst.nonzero_rational(rng) == (drawn or 1)
        drawn = Fraction(twin.randint(-2, 2), twin.randint(1, 2))
        assert inst.nonzero_rational(rng, -2, 2, 2) == (drawn or 1)
        u = inst.uniform_array(rng, (2, 3))
        assert u.dtype == np.float64 and u.shape == (2, 3)
        assert u.ravel().tolist() == [twin.uniform(-1.0, 1.0) for _ in range(6)]
        assert inst.uniform_array(rng, 4, 2.0, 5.0).tolist() == [twin.uniform(2.0, 5.0) for _ in range(4)]
        g = inst.normal_array(rng, [3, 1])
        assert g.dtype == np.float64 and g.shape == (3, 1) and g.ravel().tolist() == [twin.gauss(0.0, 1.0)
                                                                                     for _ in range(3)]
        assert inst.normal_array(rng, 2).tolist() == [twin.gauss(0.0, 1.0) for _ in range(2)]
        assert rng.random() == twin.random()  # the same number of draws
    zeros = random.Random(0)
    assert any(inst.nonzero_rational(zeros, 0, 0, 1) == 1 for _ in range(3))  # the only value drawn is 0


def test_rational_unit_vectors_are_exact_and_follow_the_stereographic_map():
    """rational_unit_vector: exactly norm 1; d = 1 gives +-1 (both occur); otherwise the entries are, up to order and
    signs, (2t, 1 - |t|^2) / (1 + |t|^2) for t drawn as rational(rng, -4, 4, 3), then shuffled and signed by
    choice((-1, 1)) (checked on a twin generator), and both signs and every position occur."""
    ones = {inst.rational_unit_vector(random.Random(s), 1)[0] for s in range(20)}
    assert ones == {1, -1}
    for d in (2, 3, 4):
        signs, first = set(), set()
        for seed in range(12):
            rng, twin = random.Random(seed), random.Random(seed)
            w = inst.rational_unit_vector(rng, d)
            assert len(w) == d and sum(x * x for x in w) == 1 and all(isinstance(x, Fraction) for x in w)
            t = [Fraction(twin.randint(-4, 4), twin.randint(1, 3)) for _ in range(d - 1)]
            s = sum(x * x for x in t)
            image = [*(2 * x / (1 + s) for x in t), (1 - s) / (1 + s)]
            assert sorted(abs(x) for x in w) == sorted(abs(x) for x in image)
            twin.shuffle(image)
            assert w == [x * twin.choice((-1, 1)) for x in image]  # the random order, then the random signs
            signs |= {x > 0 for x in w if x != 0}
            first.add(abs(w[0]) == abs((1 - s) / (1 + s)))
        assert signs == {True, False} and first == {True, False}


def test_rescaling_instances_draw_their_documented_ranges():
    """checks.rescaling_instances: the random networks' output and skip weights are rationals in [-24, 24] over
    1..6, dimension 1..4, width 1..6 (+ up to 3 special neurons); sample_points: n random points in [-40, 40] over
    1..4, then 3 points per neuron with w != 0 on and beside (+-1/16 w) its hyperplane; random_dataset: entries in
    [-12, 12] over 1..4; random_lasso_problem: X, y in [-8, 8] over 1..2, unit directions, biases in [-24, 24]
    over 1..5, lambda = lam_fraction lambda_max (at least 1/100); exact_square and sympy_fraction convert exactly."""
    nets = [net for _, net in rinst.example_networks(30, 7)[2:]]
    entries = [x for net in nets for x in [*net.v, *net.c, net.c0]]  # (W, b of special neurons are rescaled)
    assert max(entries) == 24 and min(entries) == -24 and max(x.denominator for x in entries) == 6
    assert {net.dim for net in nets} == {1, 2, 3, 4} and min(net.width for net in nets) == 1
    assert max(net.width for net in nets) <= 9 and any(net.width >= 7 for net in nets)
    net = ReLUNetwork([[Fraction(1), Fraction(2)], [Fraction(0), Fraction(0)]], [Fraction(5), Fraction(3)], [1, 1])
    pts = rinst.sample_points(net, random.Random(1), n=40)
    assert pts.shape == (43, 2) and pts.dtype == object
    coords = [x for p in pts[:40] for x in p]
    assert max(coords) <= 40 and min(coords) >= -40 and max(x.denominator for x in coords) == 4
    assert max(coords) > 20 and min(coords) < -20
    assert [list(p) for p in pts[40:]] == [[1 + e, 2 + 2 * e] for e in (Fraction(-1, 16), 0, Fraction(1, 16))]
    X, y = rinst.random_dataset(random.Random(2), 3, 200)
    assert X.shape == (200, 3) and y.shape == (200,) and X.dtype == y.dtype == object
    vals = [*X.ravel(), *y]
    assert max(vals) == 12 and min(vals) == -12 and max(x.denominator for x in vals) == 4
    p = rinst.random_lasso_problem(random.Random(3), d=2, N=40, M=60, lam_fraction=Fraction(1, 3))
    assert (p.N, p.d, p.M) == (40, 2, 60) and p.lam == max(p.lambda_max() / 3, Fraction(1, 100))
    xy = [*p.X.ravel(), *p.y]
    assert max(xy) == 8 and min(xy) == -8 and max(x.denominator for x in xy) == 2
    assert all(sum(x * x for x in w) == 1 for w in p.W)
    assert max(p.b) <= 24 and min(p.b) >= -24 and max(x.denominator for x in p.b) == 5 and max(p.b) > 15
    fractions = {rinst.random_lasso_problem(random.Random(s), d=1, N=6, M=8).lam / 1 for s in range(3)}
    assert all(f > 0 for f in fractions)
    assert rinst.sympy_fraction(sympy.Rational(-3, 7)) == Fraction(-3, 7)
    assert type(rinst.sympy_fraction(sympy.Integer(4))) is Fraction
    assert rinst.sympy_fraction(Fraction(1, 3)) == Fraction(1, 3)
    assert rinst.exact_square(sympy.sqrt(2) / 3) == Fraction(2, 9)


def test_lasso_instances_are_certified_and_labelled():
    """lasso_instances: max(2, examples // 2) certified instances, d alternating 1, 2, N in 6..8, M = M_factor N
    + 0..4, labels naming them; the certificate satisfies KKT (by hand)."""
    out, skipped = rinst.lasso_instances(6, 4, M_factor=3)
    assert len(out) == 3 and skipped >= 0
    for i, (label, p, (u, c)) in enumerate(out):
        assert p.d == 1 + i % 2 and 6 <= p.N <= 8 and 3 * p.N <= p.M <= 3 * p.N + 4
        assert label == f"lasso #{i} (d = {p.d}, N = {p.N}, M = {p.M}, seed 4)"
        r = [y - _lasso_fit(p, u, c, x) for x, y in zip(p.X, p.y, strict=True)]
        for j in range(p.M):
            corr = sum(_relu(sum(w * x for w, x in zip(p.W[j], xi, strict=True)) - p.b[j]) * ri
                       for xi, ri in zip(p.X, r, strict=True))
            assert corr == p.lam * (1 if u[j] > 0 else -1) if j in u else abs(corr) <= p.lam
    assert len(rinst.lasso_instances(0, 4)[0]) == 2
    assert all(p.M <= 2 * p.N + 4 for _, p, _ in rinst.lasso_instances(0, 4)[0])


# -- what the checks say when a derivation is open or an instance is degenerate ---------------------------------------
class _Open:
    """A derivation whose verdict is not ``proved``."""

    class verdict:  # (mimics Derivation.verdict.value)
        value = "undetermined"


@pytest.mark.parametrize("check, derive, text", [
    (checks.check_amgm, "derive_amgm", "the AM-GM derivation is not closed"),
    (checks.check_lasso, "derive_lasso", "the derivation of the lasso reformulation is not closed"),
    (checks.check_width_monotonicity, "derive_width_monotonicity",
     "the derivation of width monotonicity is not closed"),
])
def test_an_open_derivation_stops_the_check_with_its_name(monkeypatch, check, derive, text):
    """A check whose symbolic derivation is not closed refuses to run, naming the derivation (exact message)."""
    monkeypatch.setattr(checks.theory, derive, lambda: _Open)
    with pytest.raises(RuntimeError) as error:
        check(dps=50, examples=0, seed=0)
    assert str(error.value) == text


def test_degenerate_instances_are_reported(monkeypatch):
    """Redrawn lasso instances are counted in the report's message (check_lasso, check_secret_sparsity), and a nested
    dictionary without an exact certificate is skipped with a note naming it (check_width_monotonicity)."""
    original = lasso_checks.lasso_instances
    monkeypatch.setattr(lasso_checks, "lasso_instances", lambda *a, **k: (original(*a, **k)[0][:1], 2))
    text = "2 degenerate random instance(s) without an exact certificate were redrawn"
    assert checks.check_lasso(dps=50, examples=0, seed=0).message == text
    assert checks.check_secret_sparsity(dps=50, examples=0, seed=0).message == text

    class Uncertifiable(checks.LassoProblem):
        def certify(self, start=None):
            return None

    monkeypatch.setattr(lasso_checks, "LassoProblem", Uncertifiable)
    result = checks.check_width_monotonicity(dps=50, examples=0, seed=0)
    assert result.verdict is Verdict.PROVED
    notes = result.message.split("; ")  # one per nested dictionary, at its smallest size M = N (6..8)
    assert [re.fullmatch(r"nested dictionary #(\d), M = ([678]): no exact certificate \(degenerate\), skipped",
                         note).group(1) for note in notes] == ["0", "1"]


def test_secret_sparsity_refutes_too_many_active_neurons(monkeypatch):
    """A 'solution' with N - d active neurons (a certified one padded with tiny weights; not an optimum, but the
    check's own objectives agree with it) breaks the bound |S| <= N - (d + 1) and only it: refuted at that label.
    A ridge system without an exact solution is skipped, and the next instance is still examined."""
    original = lasso_checks.lasso_instances

    def padded(*args, **kwargs):
        out, skipped = original(*args, **kwargs)
        label, p, (u, c) = out[0]
        extra = [j for j in range(p.M) if j not in u][: p.N - p.d - len(u)]
        return [(label, p, ({**u, **dict.fromkeys(extra, Fraction(1, 1000))}, c))], skipped

    monkeypatch.setattr(lasso_checks, "lasso_instances", padded)
    result = checks.check_secret_sparsity(dps=50, examples=0, seed=0)
    label, p, _ = padded(0, 3, M_factor=3)[0][0]
    assert result.verdict is Verdict.REFUTED
    assert result.worst_instance == f"{label}: {p.N - p.d} active neurons <= N - (d + 1)"
    monkeypatch.setattr(lasso_checks, "lasso_instances", original)
    records = _recording(monkeypatch)
    solve, calls = lasso_checks.solve_exact, []

    def first_unsolvable(*args):
        calls.append(1)
        return None if len(calls) == 1 else solve(*args)

    monkeypatch.setattr(lasso_checks, "solve_exact", first_unsolvable)
    checks.check_secret_sparsity(dps=50, examples=0, seed=0, penalty="ridge")
    assert len(calls) == 2 and [rec[1].split(": ")[1] for rec in records][:2] == [
        "more neurons than data points", "more neurons than data points"]
    assert len(records) == 3


def test_width_monotonicity_nests_a_quarter_of_the_examples(monkeypatch):
    """check_width_monotonicity examines max(2, examples // 4) nested dictionaries, alternating d = 1, 2: at
    examples = 12 three, the third in d = 1 (the networks are cut to the concrete ones to keep it cheap)."""
    original = lasso_checks.example_networks
    monkeypatch.setattr(lasso_checks, "example_networks", lambda examples, seed: original(0, seed))
    records = _recording(monkeypatch)
    checks.check_width_monotonicity(dps=50, examples=12, seed=0)
    pairs = [rec[1].split(":")[0] for rec in records if rec[0] == "at_least" and rec[1].startswith("nested #")]
    assert sorted(set(pairs)) == ["nested #0 (d = 1)", "nested #1 (d = 2)", "nested #2 (d = 1)"]
