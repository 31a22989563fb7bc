"""Tests of the verdict logic: ``Agreement`` (the one place comparisons turn into a verdict), ``Tolerance``,
``combine_verdicts`` and the result records."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from radontv import InvalidInput
from radontv.evidence import Agreement, CheckResult, Derivation, DerivationStep, Verdict, combine_verdicts
from radontv.precision import Tolerance, digits_of_agreement, validate_dps

V = Verdict


def _mp(x: str) -> mpmath.mpf:
    with mpmath.workdps(60):
        return mpmath.mpf(x)


# -- exact comparisons -------------------------------------------------------------------------------------------------
def test_exact_zero_residuals_are_proved():
    agree = Agreement("t.x", dps=None)
    agree.compare(Fraction(1, 3), Fraction(2, 6))
    agree.at_least(Fraction(2), Fraction(1))
    agree.holds(True)
    result = agree.result()
    assert result.verdict is V.PROVED and result.residual == 0 and result.instances == 3
    assert result.tolerance == "exact: residual must be 0" and math.isinf(result.digits)


def test_one_exact_mismatch_refutes_and_names_the_instance():
    agree = Agreement("t.x", dps=50)
    agree.compare(Fraction(1), Fraction(1), instance="good")
    agree.compare(Fraction(1), Fraction(1) + Fraction(1, 10**80), instance="tiny but exact")
    agree.compare(mpmath.mpf(1), 1, instance="float ok")
    result = agree.result()
    assert result.verdict is V.REFUTED and result.worst_instance == "tiny but exact"


@pytest.mark.parametrize("record", [
    lambda a: a.at_least(Fraction(1), Fraction(2), instance="bad"),
    lambda a: a.holds(False, instance="bad"),
    lambda a: a.compare(1, 0, instance="bad"),  # expected 0, no scale: an exact nonzero difference
])
def test_exact_failures(record):
    agree = Agreement("t.x", dps=None)
    agree.compare(2, 2, instance="fine")
    record(agree)
    result = agree.result()
    assert result.verdict is V.REFUTED and result.worst_instance == "bad"


# -- floating comparisons: the tolerance law ---------------------------------------------------------------------------
@given(case=st.one_of(st.tuples(st.integers(1, 23), st.just(V.REFUTED)),
                      st.tuples(st.integers(27, 47), st.just(V.UNDETERMINED)),
                      st.tuples(st.integers(53, 80), st.just(V.CONSISTENT))))
def test_verdict_follows_the_tolerance_law(case):
    """compare(1 + 3 10^-k, 1) at dps = 50: consistent below 1e-50, refuted above 1e-25 (k kept 2 digits away from
    both cutoffs, so that no example sits on a threshold)."""
    k, expected = case
    agree = Agreement("t.x", dps=50)
    with mpmath.workdps(120):
        agree.compare(1 + 3 * mpmath.mpf(10) ** -k, mpmath.mpf(1))
    result = agree.result()
    assert result.verdict is expected
    assert result.digits == pytest.approx(min(k - math.log10(3), 50), abs=0.01) or result.residual == 0


def test_lost_digits_widen_the_tolerance():
    strict, loose = Agreement("t.x", dps=50), Agreement("t.x", dps=50, lost_digits=10)
    for agree in (strict, loose):
        with mpmath.workdps(60):
            agree.compare(1 + _mp("1e-45"), 1)
    assert strict.result().verdict is V.UNDETERMINED and loose.result().verdict is V.CONSISTENT
    assert "may lose 10 digits" in loose.result().tolerance


def test_scale_guards_vanishing_expected_values():
    agree = Agreement("t.x", dps=30)
    agree.compare(_mp("1e-40"), 0, scale=1)  # absolute error 1e-40 against a sum of size 1
    assert agree.result().verdict is V.CONSISTENT
    bare = Agreement("t.x", dps=30)
    bare.compare(_mp("1e-40"), 0)  # purely relative: infinite residual
    assert bare.result().verdict is V.REFUTED and bare.result().residual == mpmath.inf


def test_at_least_floating():
    agree = Agreement("t.x", dps=30)
    with mpmath.workdps(60):
        agree.at_least(_mp("1"), _mp("1") + _mp("1e-40"))  # a violation below the tolerance
    agree.at_least(_mp("3"), _mp("2"))
    assert agree.result().verdict is V.CONSISTENT
    agree.at_least(_mp("1"), _mp("2"), instance="violated")
    assert agree.result().verdict is V.REFUTED and agree.result().worst_instance == "violated"


def test_mixed_exact_and_floating_residuals():
    agree = Agreement("t.x", dps=40)
    agree.holds(True)
    agree.compare(_mp("2"), 2)
    agree.compare(Fraction(1, 2), Fraction(1, 2))
    assert agree.result().verdict is V.CONSISTENT  # any floating comparison: at best consistent


def test_no_instance_is_undetermined():
    assert Agreement("t.x", dps=50).result().verdict is V.UNDETERMINED


def test_misuse_raises():
    with pytest.raises(InvalidInput, match="working precision"):
        Agreement("t.x", dps=None).compare(mpmath.mpf(1), 1)
    with pytest.raises(InvalidInput, match="bool"):
        Agreement("t.x", dps=None).holds(1)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="too low"):
        Agreement("t.x", dps=10)


def test_notes_join_the_message():
    agree = Agreement("t.x", dps=None, route="exact")
    agree.holds(True)
    agree.note("2 instances redrawn")
    result = agree.result("main")
    assert result.message == "main; 2 instances redrawn" and result.route == "exact"


# -- records -----------------------------------------------------------------------------------------------------------
def test_check_result_is_not_a_bool_and_serialises():
    agree = Agreement("t.x", dps=50)
    with mpmath.workdps(60):
        agree.compare(1 + _mp("1e-55"), 1)
    result = agree.result()
    with pytest.raises(TypeError, match="not a bool"):
        bool(result)
    data = json.loads(json.dumps(result.as_dict()))
    assert data["verdict"] == "consistent" and data["dps"] == 50 and data["instances"] == 1
    tiny = CheckResult("t.x", V.CONSISTENT, residual=_mp("1e-400"))
    assert isinstance(tiny.as_dict()["residual"], str)  # underflows a float: kept as a decimal string


def test_derivation_record():
    z = sympy.Symbol("z")
    d = Derivation("t.x", (DerivationStep("a step", sympy.Eq(z, z, evaluate=False)), DerivationStep("text", "1 = 1")))
    with pytest.raises(TypeError, match="not a bool"):
        bool(d)
    assert "a step" in d.pretty() and "a step" in d.latex() and "z = z" in d.latex() and d.verdict is V.PROVED


@pytest.mark.parametrize("verdicts, expected", [
    ([], V.UNDETERMINED),
    ([V.PROVED], V.PROVED),
    ([V.PROVED, V.CONSISTENT], V.PROVED),
    ([V.CONSISTENT, V.CONSISTENT], V.CONSISTENT),
    ([V.PROVED, V.UNDETERMINED], V.UNDETERMINED),
    ([V.REFUTED, V.UNDETERMINED, V.PROVED], V.REFUTED),
    ([V.ERROR, V.REFUTED], V.ERROR),
])
def test_combine_verdicts(verdicts, expected):
    assert combine_verdicts(verdicts) is expected


def test_verdict_passed():
    assert [v for v in V if v.passed] == [V.PROVED, V.CONSISTENT]
    assert str(V.REFUTED) == "refuted"


# -- precision ---------------------------------------------------------------------------------------------------------
def test_tolerance_values():
    tol = Tolerance(50, 10)
    assert tol.significant_digits == 40
    with mpmath.workdps(50):
        assert abs(tol.rtol / _mp("1e-40") - 1) < _mp("1e-45") and abs(tol.refute / _mp("1e-20") - 1) < _mp("1e-45")


@pytest.mark.parametrize("dps, lost, match", [(10, 0, "too low"), (20, 15, "may lose 15"), (50.0, 0, "integer"),
                                              (True, 0, "integer")])
def test_validate_dps(dps, lost, match):
    with pytest.raises(InvalidInput, match=match):
        validate_dps(dps, lost_digits=lost)


def test_digits_of_agreement():
    assert digits_of_agreement(Fraction(0)) == math.inf and digits_of_agreement(Fraction(0), cap=50) == 50
    assert digits_of_agreement(Fraction(1, 1000)) == pytest.approx(3)
    assert digits_of_agreement(1e-7) == pytest.approx(7)
    with pytest.raises(InvalidInput, match="non-negative"):
        digits_of_agreement(-1.0)
