"""The verdict rule of the shared derivation bookkeeping (theory/_proof.py), for every family.

A step sympy simplifies to 0 is ``proved``; a step it cannot simplify is ``refuted`` only when a numeric
counterexample is found (recorded in the step), otherwise ``undetermined``: not simplifying is not a disproof.
Each behaviour has its negative control (the same step made false, or made true).  Expected truth values come from
mathematics stated in the test (atan(p) + atan(1/p) = pi/2 for p > 0, sin^2 + cos^2 = 1, ...), and a recorded
counterexample is re-checked by an independent route (sympy.lambdify onto mpmath at 60 digits).
"""

from __future__ import annotations

import mpmath
import pytest
import sympy
from radontv.theory._proof import EVAL_DIGITS, Proof, find_counterexample

from radontv.evidence import Verdict

p = sympy.Symbol("p", positive=True)
x = sympy.Symbol("x", real=True)
n = sympy.Symbol("n", integer=True)
TRUE_HARD = (sympy.atan(p) + sympy.atan(1 / p), sympy.pi / 2)  # true for every p > 0; sympy.simplify cannot close it
SCALES = [sympy.Rational(1, 10**8), sympy.Integer(1), sympy.Integer(10**8)]


def _no_simplification(expr: sympy.Expr) -> sympy.Expr:
    """A strategy that closes nothing sympy does not close on construction: every non-trivial step stays open."""
    return expr


def _one_step(lhs, rhs, **kwargs):
    proof = Proof("test.step", **kwargs)
    proof.identity("the step", lhs, rhs)
    derivation = proof.derivation({}, "conclusion", sympy.true)
    return derivation, derivation.steps[0]


def _independent_gap(step) -> mpmath.mpf:
    """|lhs - rhs| / (|lhs| + |rhs|) at the recorded counterexample, by lambdify onto mpmath (not sympy's evalf)."""
    lhs, rhs = step.expression.lhs, step.expression.rhs
    at = step.counterexample.at
    symbols = sorted(lhs.free_symbols | rhs.free_symbols, key=str)
    assert [str(s) for s in symbols] == sorted(at), (symbols, at)
    with mpmath.workdps(60):
        args = [mpmath.mpf(at[str(s)].p) / at[str(s)].q for s in symbols]
        a = sympy.lambdify(symbols, lhs, "mpmath")(*args)
        b = sympy.lambdify(symbols, rhs, "mpmath")(*args)
        return abs(a - b) / (abs(a) + abs(b))


def test_the_hard_identity_is_beyond_sympy_simplify():
    # precondition of the tests below: if sympy learns to close it, pick another true identity it cannot close
    assert sympy.simplify(TRUE_HARD[0] - TRUE_HARD[1]) != 0


@pytest.mark.parametrize("scale", SCALES, ids=str)
def test_true_step_sympy_cannot_close_is_undetermined_not_refuted(scale):
    derivation, step = _one_step(scale * TRUE_HARD[0], scale * TRUE_HARD[1])
    assert derivation.verdict is Verdict.UNDETERMINED, derivation.message
    assert step.counterexample is None
    assert "could not close" in derivation.message


@pytest.mark.parametrize("scale", SCALES, ids=str)
def test_false_step_sympy_cannot_close_is_refuted_with_its_counterexample(scale):
    # negative control of the test above: the same step off by 10^-20 relative (far above the 10^-25 threshold)
    lhs, rhs = scale * TRUE_HARD[0], scale * (TRUE_HARD[1] + sympy.Rational(1, 10**20) * p)
    derivation, step = _one_step(lhs, rhs)
    assert derivation.verdict is Verdict.REFUTED, derivation.message
    cx = step.counterexample
    assert cx is not None and set(cx.at) == {"p"} and cx.at["p"] > 0  # the value honours p > 0
    assert cx.digits == EVAL_DIGITS
    gap = _independent_gap(step)
    assert mpmath.mpf(10) ** -22 < gap < mpmath.mpf(10) ** -18, gap  # 10^-20 p / pi, p in (0, 4]
    assert "counterexample" in derivation.message and "counterexample" in derivation.pretty()


def test_true_constant_step_sympy_cannot_close_is_undetermined():
    # Machin's formula 4 atan(1/5) - atan(1/239) = pi/4: a closed number, not 0 after simplify; the old rule called
    # every such number a disproof
    machin = 4 * sympy.atan(sympy.Rational(1, 5)) - sympy.atan(sympy.Rational(1, 239))
    assert sympy.simplify(machin - sympy.pi / 4) != 0  # precondition
    derivation, step = _one_step(machin, sympy.pi / 4)
    assert derivation.verdict is Verdict.UNDETERMINED and step.counterexample is None
    # negative control: off by 10^-20, a constant step is refuted at the empty instance
    derivation, step = _one_step(machin, sympy.pi / 4 + sympy.Rational(1, 10**20))
    assert derivation.verdict is Verdict.REFUTED and step.counterexample.at == {}


def test_a_gap_below_the_refutation_threshold_is_not_a_counterexample():
    # 10^-40 relative is resolved at 50 digits but not far above them (threshold 10^-25): not a certain disproof
    derivation, step = _one_step(TRUE_HARD[0], TRUE_HARD[1] + sympy.Rational(1, 10**40))
    assert derivation.verdict is Verdict.UNDETERMINED
    assert step.counterexample is None


def test_step_that_simplifies_to_zero_is_proved():
    derivation, step = _one_step(sympy.sin(x) ** 2 + sympy.cos(x) ** 2, 1)
    assert derivation.verdict is Verdict.PROVED and step.counterexample is None


def test_step_that_simplifies_to_a_nonzero_is_refuted():
    # negative control of the proved case: a false step whose difference simplifies to a constant
    derivation, step = _one_step(sympy.sin(x) ** 2 + sympy.cos(x) ** 2, 1 + sympy.Rational(1, 10**20))
    assert derivation.verdict is Verdict.REFUTED
    assert step.counterexample is not None and _independent_gap(step) > mpmath.mpf(10) ** -21


def test_weak_strategy_leaves_a_true_step_open_and_refutes_a_false_one():
    true_d, _ = _one_step(sympy.sin(x) ** 2 + sympy.cos(x) ** 2, 1, simplify=_no_simplification)
    false_d, false_step = _one_step(sympy.sin(x) ** 2 + sympy.cos(x) ** 2, 1 + x**2 / 10**20,
                                    simplify=_no_simplification)
    assert true_d.verdict is Verdict.UNDETERMINED
    assert false_d.verdict is Verdict.REFUTED and false_step.counterexample is not None


def test_zero_in_disguise_on_both_sides_is_not_refuted():
    # both sides are 0 at every x, so their relative gap |lhs - rhs|/(|lhs| + |rhs|) is rounding noise over rounding
    # noise; the search evaluates each side to certified digits (sympy cannot certify a disguised 0) or not at all
    lhs = sympy.sin(x) ** 2 + sympy.cos(x) ** 2 - 1
    rhs = 2 * lhs
    assert sympy.expand(lhs - rhs) != 0  # the step is not closed on construction
    derivation, step = _one_step(lhs, rhs, simplify=_no_simplification)
    assert derivation.verdict is Verdict.UNDETERMINED and step.counterexample is None


def test_instances_honour_the_assumptions_of_the_symbols():
    # sin(pi n/2)^2 = (1 - (-1)^n)/2 holds for integer n only
    integer_d, _ = _one_step(sympy.sin(sympy.pi * n / 2) ** 2, (1 - (-1) ** n) / 2, simplify=_no_simplification)
    assert integer_d.verdict is Verdict.UNDETERMINED
    # negative control: the same step for real n is false, and the search finds a non-integer instance
    r = sympy.Symbol("n", real=True)
    real_d, step = _one_step(sympy.sin(sympy.pi * r / 2) ** 2, (1 - (-1) ** r) / 2, simplify=_no_simplification)
    assert real_d.verdict is Verdict.REFUTED
    assert not step.counterexample.at["n"].is_integer


def test_matrix_step_records_the_entry():
    lhs = sympy.Matrix([[TRUE_HARD[0], 1], [x, 0]])
    assert _one_step(lhs, sympy.Matrix([[TRUE_HARD[1], 1], [x, 0]]))[0].verdict is Verdict.UNDETERMINED
    derivation, step = _one_step(lhs, sympy.Matrix([[TRUE_HARD[1], 1], [x + x**3 / 10**20, 0]]))
    assert derivation.verdict is Verdict.REFUTED and step.counterexample.entry == 2


def test_undefined_functions_cannot_be_refuted_numerically():
    g = sympy.Function("g")
    derivation, step = _one_step(g(x) ** 2, g(x), simplify=_no_simplification)
    assert derivation.verdict is Verdict.UNDETERMINED and step.counterexample is None
    assert find_counterexample(g(x) ** 2, g(x), seed="s") is None


@pytest.mark.parametrize(("truth", "verdict"), [(True, Verdict.PROVED), (sympy.true, Verdict.PROVED),
                                                (False, Verdict.REFUTED), (sympy.false, Verdict.REFUTED),
                                                (None, Verdict.UNDETERMINED)])
def test_decide_keeps_sympys_three_values(truth, verdict):
    proof = Proof("test.decide")
    proof.decide("a fact", sympy.Gt(p, 0), truth)
    assert proof.derivation({}, "conclusion", sympy.true).verdict is verdict


def test_search_is_deterministic():
    lhs, rhs = TRUE_HARD[0], TRUE_HARD[1] + p / 10**20
    assert find_counterexample(lhs, rhs, seed="s").at == find_counterexample(lhs, rhs, seed="s").at
