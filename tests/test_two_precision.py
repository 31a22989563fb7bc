"""radontv.precision.at_two_precisions: the one "compute at two precisions and compare" estimate.

Expected digits come from the construction of each quantity (its error at a given precision is known in closed
form), never from the helper.  Negative controls: a partial sum of the harmonic series whose length grows with the
precision (it does not converge) and a quantity that is only half-accurate must not be reported with ``dps`` digits.
"""

from __future__ import annotations

import math

import mpmath
import pytest
from hypothesis import given
from hypothesis import strategies as st

from radontv import InvalidInput
from radontv.precision import TWO_PRECISION_GUARD, at_two_precisions

DPS = st.integers(min_value=15, max_value=80)
SCALES = st.sampled_from([mpmath.mpf("1e-8"), mpmath.mpf(1), mpmath.mpf("1e8")])


@given(dps=DPS, scale=SCALES)
def test_exact_quantity_reports_every_digit(dps, scale):
    value, digits = at_two_precisions(lambda: scale * mpmath.pi, dps)
    assert digits == dps
    with mpmath.workdps(dps):  # independent route: pi at dps digits, rescaled
        expected = scale * mpmath.pi
        assert abs(value - expected) <= abs(expected) * mpmath.mpf(10) ** (1 - dps)


@given(dps=DPS, scale=SCALES)
def test_half_accurate_quantity_reports_half_the_digits(dps, scale):
    # scale * (1 + 10^-floor(p/2)) at working precision p: the two values differ by scale * 10^-floor((dps+guard)/2)
    # (the 10^-dps of the second is below it), so the agreement is floor((dps + guard)/2) digits, up to rounding
    def compute():
        return scale * (1 + mpmath.mpf(10) ** (-(mpmath.mp.dps // 2)))

    _, digits = at_two_precisions(compute, dps)
    expected = (dps + TWO_PRECISION_GUARD) // 2
    assert expected - 0.5 <= digits <= expected + 0.5
    assert digits < dps  # negative control: the helper does not claim the full precision


@given(dps=DPS)
def test_non_converging_quantity_is_reported_as_such(dps):
    # H_n with n = the working precision: H_m - H_n >= log((m + 1)/(n + 1)) (integral test), here > 0.17
    def compute():
        return mpmath.fsum(1 / mpmath.mpf(k) for k in range(1, mpmath.mp.dps + 1))

    _, digits = at_two_precisions(compute, dps)
    gap = math.log((2 * dps + 1) / (dps + TWO_PRECISION_GUARD + 1))
    assert digits <= -math.log10(gap / 10)  # relative gap >= gap / H_{2 dps} >= gap / 10 for dps <= 80
    assert digits < 2


def test_value_is_rounded_to_the_requested_precision():
    value, _ = at_two_precisions(lambda: mpmath.mpf(1) / 3, 20)
    with mpmath.workdps(20):
        assert value == mpmath.mpf(1) / 3
    with mpmath.workdps(40):
        assert value != mpmath.mpf(1) / 3  # rounded, not the 2*dps value


@pytest.mark.parametrize("bad", [mpmath.inf, -mpmath.inf, mpmath.nan])
def test_non_finite_quantity_raises(bad):
    with pytest.raises(InvalidInput, match="not finite"):
        at_two_precisions(lambda: bad, 20)


@pytest.mark.parametrize(("dps", "guard"), [(14, 10), (20.0, 10), (True, 10), (20, -1), (20, 1.5)])
def test_bad_precision_raises(dps, guard):
    with pytest.raises(InvalidInput, match=r"pass|guard"):
        at_two_precisions(lambda: mpmath.mpf(1), dps, guard=guard)
