"""radontv.scalars.to_mpf: one rounding to the working precision for every kind of real number it accepts.

The expected values come from exact rational arithmetic (``radontv.scalars.exact_value`` reads the binary fraction
an ``mpf`` holds): a correctly rounded result is within half a unit in the last place,
:math:`|m - x| \\le 2^{-p}|x|` at ``p`` bits.  The negative controls round twice (through a double) or drop the
guard digits of a sympy evaluation, and must fail the same bound.
"""

from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from radontv import InvalidInput
from radontv.scalars import exact_value, to_mpf

rationals = st.fractions(max_denominator=10**40).filter(lambda q: q != 0)
precisions = st.sampled_from([30, 50, 80])


def _rounded_once(m: mpmath.mpf, x: Fraction, dps: int) -> bool:
    with mpmath.workdps(dps):
        prec = mpmath.mp.prec
    return abs(exact_value(m) - x) <= abs(x) / 2**prec


def _twice_rounded(x: Fraction) -> mpmath.mpf:  # negative control: through a double first
    return mpmath.mpf(float(x))


@given(rationals, precisions)
def test_rationals_are_rounded_once(x, dps):
    with mpmath.workdps(dps):
        assert _rounded_once(to_mpf(x), x, dps)
        assert _rounded_once(to_mpf(sympy.Rational(x.numerator, x.denominator)), x, dps)


def test_rounding_twice_is_rejected():
    x = Fraction(1, 3)
    with mpmath.workdps(50):
        assert not _rounded_once(_twice_rounded(x), x, 50)
        assert _rounded_once(to_mpf(x), x, 50)


@given(st.integers(-10**6, 10**6), st.integers(-40, 40), precisions)
def test_decimal_strings_are_rounded_once(mantissa, exponent, dps):
    text = f"{mantissa}e{exponent}"
    x = Fraction(mantissa) * Fraction(10) ** exponent
    with mpmath.workdps(dps):
        m = to_mpf(text)
        assert (m == 0) if x == 0 else _rounded_once(m, x, dps)


@given(st.integers(2, 10**6).filter(lambda n: sympy.sqrt(n).is_Integer is False), precisions)
def test_sympy_numbers_carry_guard_digits(n, dps):
    """sqrt(n) to the working precision: m^2 is within 2 ulp of n (relative), from the exact square of m."""
    with mpmath.workdps(dps):
        prec = mpmath.mp.prec
        m = to_mpf(sympy.sqrt(n))
    assert abs(exact_value(m) ** 2 - n) <= Fraction(3 * n, 2**prec)
    with mpmath.workdps(dps):  # negative control: evaluated at 8 digits only, then rounded
        coarse = +mpmath.mpf(sympy.sqrt(n).evalf(8))
    assert abs(exact_value(coarse) ** 2 - n) > Fraction(3 * n, 2**prec)


def test_floats_and_mpf_pass_through():
    with mpmath.workdps(50):
        assert exact_value(to_mpf(0.1)) == Fraction(0.1)
        third = mpmath.mpf(1) / 3
    with mpmath.workdps(20):
        assert to_mpf(third) != third  # rounded to the (lower) working precision
        assert to_mpf(third) == +third


@pytest.mark.parametrize("bad", [None, mpmath.mpc(1, 2), "one", sympy.I, sympy.Symbol("x"), [1, 2]])
def test_non_numbers_raise_invalid_input(bad):
    with pytest.raises(InvalidInput, match="pass"):
        to_mpf(bad)
