"""Exact outputs of the evidence records: the JSON and text forms that ``radontv check --json`` and ``radontv derive``
print, pinned character for character (found by mutation testing of ``radontv/evidence.py``, tests/README.md).

The expected strings are written out by hand from the documented formats, not produced by the code under test.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import pytest
import sympy

from radontv.evidence import (
    Agreement,
    CheckResult,
    Counterexample,
    Derivation,
    DerivationStep,
    Verdict,
    json_digits,
    json_number,
)


# -- records are not bools ---------------------------------------------------------------------------------------------
def test_truth_tests_raise_with_the_documented_advice():
    result = CheckResult("f.c", Verdict.PROVED)
    with pytest.raises(TypeError) as info:
        bool(result)
    assert str(info.value) == "CheckResult is not a bool; test result.verdict.passed or compare result.verdict"
    derivation = Derivation("f.c", ())
    with pytest.raises(TypeError) as info:
        bool(derivation)
    assert str(info.value) == "Derivation is not a bool; test derivation.verdict"


# -- JSON numbers ------------------------------------------------------------------------------------------------------
def test_check_result_as_dict_keys_and_values():
    result = CheckResult(
        "f.c",
        Verdict.CONSISTENT,
        residual=Fraction(3, 2),
        digits=12.3456,
        dps=30,
        instances=4,
        worst_instance="x = 1",
        route="mp",
        message="m",
        tolerance="t",
    )
    assert result.as_dict() == {
        "claim_id": "f.c",
        "verdict": "consistent",
        "residual": 1.5,
        "digits": 12.35,
        "dps": 30,
        "instances": 4,
        "worst_instance": "x = 1",
        "route": "mp",
        "message": "m",
        "tolerance": "t",
    }


@pytest.mark.parametrize(("digits", "expected"), [(None, None), (math.inf, None), (3.14159, 3.14), (7.0, 7.0)])
def test_json_digits_rounds_to_hundredths(digits, expected):
    assert json_digits(digits) == expected


def test_json_number_floats_and_decimal_strings():
    assert json_number(None) is None
    for zero in (0, 0.0, Fraction(0)):
        value = json_number(zero)
        assert value == 0.0 and isinstance(value, float)
    assert json_number(0.5) == 0.5 and isinstance(json_number(0.5), float)
    assert json_number(Fraction(3, 2)) == 1.5
    assert json_number(Fraction(1, 3)) == 1 / 3
    with mpmath.workdps(30):
        tiny = mpmath.mpf("1.23456789e-400")
        huge = mpmath.mpf("9.87654321e400")
    assert json_number(tiny) == "1.23457e-400"  # underflows a double: six significant digits as text
    assert json_number(huge) == "9.87654e+400"
    assert json_number(Fraction(3, 10**400)) == "3.0e-400"


# -- derivation text ---------------------------------------------------------------------------------------------------
def _derivation() -> Derivation:
    x = sympy.Symbol("x")
    wrong = Counterexample({"x": 2}, sympy.Integer(4), sympy.Integer(5), 15)
    steps = (
        DerivationStep("first a_b", "text expr"),
        DerivationStep("second $x_1$ 50%", sympy.sqrt(x), wrong),
    )
    return Derivation("fam.c", steps, verdict=Verdict.REFUTED, message="done")


_WRONG = "at x = 2: lhs = 4.00000000000000, rhs = 5.00000000000000, lhs - rhs = -1.00000"


def test_latex_form():
    assert _derivation().latex() == "\n".join(
        [
            "% derivation of fam.c: refuted",
            "\\begin{enumerate}",
            "  \\item first a\\_b",
            "    \\[ text expr \\]",
            "  \\item second $x_1$ 50\\%",
            "    \\[ \\sqrt{x} \\]",
            f"    % counterexample: {_WRONG}",
            "\\end{enumerate}",
            "% done",
        ]
    )


def test_pretty_form():
    assert _derivation().pretty() == "\n".join(
        [
            "Derivation of fam.c  [refuted]",
            "(1) first a_b",
            "      text expr",
            "(2) second $x_1$ 50%",
            "      √x",
            f"      counterexample: {_WRONG}",
            "done",
        ]
    )


def test_counterexample_text_names_entry_and_symbols():
    at_entry = Counterexample({"a": 1, "b": sympy.Rational(1, 2)}, sympy.Integer(1), sympy.Integer(0), 15, entry=3)
    assert str(at_entry) == ("entry 3, at a = 1, b = 1/2: lhs = 1.00000000000000, rhs = 0, lhs - rhs = 1.00000")
    closed = Counterexample({}, sympy.Integer(2), sympy.Integer(3), 15)
    assert str(closed).startswith("at no free symbols: ")


def test_latex_escapes_text_outside_math_only():
    text = r"a_b 50% & #1 \ $x_1 \% y$ c_d $e_f$ g_h"
    steps = (DerivationStep(text, "e"),)
    item = Derivation("f.c", steps).latex().splitlines()[2]
    assert item == r"  \item a\_b 50\% \& \#1 \textbackslash{} $x_1 \% y$ c\_d $e_f$ g\_h"


# -- Agreement bookkeeping ---------------------------------------------------------------------------------------------
def test_exact_violation_is_relative_to_the_bound():
    agree = Agreement("f.c", dps=None)
    assert agree.at_least(Fraction(1, 2), 1) == Fraction(1, 2)  # violation 1/2 relative to |rhs| = 1
    assert agree.at_least(1, 3) == Fraction(2, 3)
    assert agree.at_least(Fraction(-1), 0) == Fraction(1)  # rhs = 0 and no scale: residual 1 by convention
    assert agree.result().verdict is Verdict.REFUTED


def test_an_agreeing_instance_keeps_its_name():
    agree = Agreement("f.c", dps=None)
    agree.compare(Fraction(1), Fraction(1), instance="first")
    agree.holds(True, instance="second")
    assert agree.result().worst_instance == "first"


@pytest.mark.parametrize("record", [lambda a: a.at_least(0, 1), lambda a: a.holds(False)])
def test_an_unnamed_failure_is_numbered(record):
    agree = Agreement("f.c", dps=None)
    agree.compare(Fraction(2), Fraction(2), instance="fine")
    record(agree)
    assert agree.result().worst_instance == "instance 2"


def test_an_unnamed_exact_mismatch_is_numbered_like_the_others():
    agree = Agreement("f.c", dps=None)
    agree.compare(Fraction(2), Fraction(2))
    agree.compare(Fraction(1), Fraction(2))
    assert agree.result().worst_instance == "instance 2"  # 1-based, as _record numbers instances


def test_exact_residual_is_relative_to_expected_plus_scale():
    agree = Agreement("f.c", dps=None)
    assert agree.compare(Fraction(3), Fraction(2)) == Fraction(1, 2)
    assert agree.compare(Fraction(3), Fraction(2), scale=Fraction(1)) == Fraction(1, 3)
    assert agree.compare(Fraction(3), Fraction(2), scale=Fraction(-1)) == Fraction(1, 3)  # |scale|


def test_defaults_of_a_fresh_agreement():
    agree = Agreement("f.c", dps=20)
    with mpmath.workdps(40):
        near = mpmath.mpf(1) + mpmath.mpf("5e-20")
    agree.compare(near, 1)  # residual 5e-20: above 10^-20 (no digits lost by default), below the refutation 10^-10
    result = agree.result()
    assert (result.claim_id, result.route, result.verdict) == ("f.c", "", Verdict.UNDETERMINED)


# -- the verdict arithmetic of Agreement, value by value ---------------------------------------------------------------
def test_exact_residual_when_the_expected_value_and_scale_vanish():
    agree = Agreement("f.c", dps=None)
    assert agree.compare(Fraction(1), 0) == Fraction(10) ** 99
    assert agree.compare(0, 0) == 0


def test_at_least_exact_relative_to_bound_plus_scale():
    agree = Agreement("f.c", dps=None)
    assert agree.at_least(Fraction(1), Fraction(3), scale=Fraction(1)) == Fraction(1, 2)


def test_at_least_mixed_exact_and_float_needs_a_precision():
    with pytest.raises(Exception, match="working precision"):
        Agreement("f.c", dps=None).at_least(Fraction(1), 0.5)


@pytest.mark.parametrize(
    ("lhs", "rhs", "scale", "expected"),
    [
        ("1", "3", "0", "2/3"),  # violation 2 relative to |rhs| = 3
        ("1", "3", "1", "1/2"),  # ... relative to |rhs| + |scale| = 4
        ("0.5", "1", "0", "1/2"),  # denominator exactly 1
        ("0", "0", "0", "0"),  # holds with a vanishing bound
        ("-1", "0", "0", "inf"),  # violated with a vanishing bound and no scale
    ],
)
def test_at_least_floating_residuals(lhs, rhs, scale, expected):
    agree = Agreement("f.c", dps=30)
    with mpmath.workdps(30):
        got = agree.at_least(mpmath.mpf(lhs), mpmath.mpf(rhs), scale=mpmath.mpf(scale))
        fraction = Fraction(expected) if expected != "inf" else None
        want = mpmath.inf if fraction is None else mpmath.mpf(fraction.numerator) / fraction.denominator
        assert got == want if expected in ("0", "inf") else abs(got - want) <= mpmath.mpf(10) ** -28


def test_passing_instances_keep_their_names_and_a_false_predicate_has_residual_one():
    agree = Agreement("f.c", dps=None)
    agree.at_least(2, 1, instance="a")
    assert agree.result().worst_instance == "a"
    agree = Agreement("f.c", dps=None)
    agree.holds(True, instance="b")
    assert agree.result().worst_instance == "b"
    agree.holds(False, instance="c")
    assert agree.result().residual == 1


def test_result_fields_with_and_without_instances():
    empty = Agreement("f.c", dps=25, route="r").result()
    assert (empty.claim_id, empty.verdict, empty.dps, empty.route, empty.message) == (
        "f.c",
        Verdict.UNDETERMINED,
        25,
        "r",
        "no instance was examined",
    )
    agree = Agreement("f.c", dps=20)
    with mpmath.workdps(20):
        agree.compare(mpmath.mpf(1), mpmath.mpf(1))
    result = agree.result()
    assert result.message == ""
    assert result.digits == 20  # agreement to the last digit is capped at the working precision


def test_verdict_boundaries_are_inclusive_for_agreement_and_exclusive_for_refutation():
    def verdict_at(threshold: str) -> Verdict:
        agree = Agreement("f.c", dps=20)
        value = getattr(agree.tolerance, threshold)
        with mpmath.workdps(20):
            residual = agree.compare(value, 0, scale=1)  # |value - 0| / (0 + 1): the threshold itself
        assert residual == value
        return agree.result().verdict

    assert verdict_at("rtol") is Verdict.CONSISTENT  # residual <= 10^-(dps - lost): consistent
    assert verdict_at("refute") is Verdict.UNDETERMINED  # refuted only above the square root


def test_holding_inequality_returns_zero_and_ties_keep_the_first_worst_instance():
    agree = Agreement("f.c", dps=20)
    assert agree.at_least(2, 1) == 0
    with mpmath.workdps(20):
        agree.compare(mpmath.mpf(2), mpmath.mpf(1), instance="a")
        agree.compare(mpmath.mpf(3), mpmath.mpf("1.5"), instance="b")  # the same residual, 1
    assert agree.result().worst_instance == "a"


def test_inexact_zero_against_zero_at_scale_zero_has_residual_zero():
    """An mp comparison of 0 with 0 at scale 0 (no denominator): residual exactly 0, consistent; a nonzero value
    against 0 at scale 0 is infinitely far, refuted (kills Agreement.compare 62, 64, 65, 67)."""
    agree = Agreement("f.c", dps=30)
    residual = agree.compare(mpmath.mpf(0), 0.0)
    assert residual == 0 and isinstance(residual, mpmath.mpf)
    assert agree.result().verdict is Verdict.CONSISTENT
    other = Agreement("f.c", dps=30)
    assert other.compare(mpmath.mpf(1), 0.0) == mpmath.inf
    assert other.result().verdict is Verdict.REFUTED
