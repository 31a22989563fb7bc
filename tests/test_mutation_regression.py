"""Mutation-killing tests of one-dimensional TV² regression (tests/mutation-equivalents.md, "radontv/regression*").

Modules: radontv/regression.py (API, λ_max, assembly), radontv/regression_certificate.py (the duality certificate),
radontv/regression_active_set.py (the engine).  Independent routes only: every expected value is re-derived in exact
rational arithmetic from the definitions (function-space weak duality: P(f) = ½Σ(f(x_n) − y_n)² + λ TV²(f),
D(r) = Σ r_n y_n − ½Σ r_n², φ(x_j) = Σ_{i<j} R_i (x_j − x_i), the weighted least-squares line by its normal
equations), or is a hand-computed number, or an exact symmetry (powers of two scale every float exactly).  The
certificate is fed hand-made splines and dual points (not optima), so that each term of the gap, the potential, the
scaling into |φ| ≤ λ, the floor of the relative gap and the infeasibility are visible on their own.  Each test names
the mutants it kills in its docstring (numbers of mutmut 3.8.1 on the snapshot named in tests/mutation-equivalents.md).
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest

import radontv.regression_active_set as engine
from radontv import InvalidInput
from radontv.data import prepare_1d
from radontv.linear_spline import LinearSpline
from radontv.regression import _merge_runs, lambda_max, tv2_regression
from radontv.regression_certificate import (
    EPS,
    SUM_BLOCK,
    RegressionResult,
    _potential_extended,
    certify,
    potential,
    potential_plain,
    rounding_bound,
    summation_terms,
)

REL = 1e-12  # agreement of a longdouble/float64 value with its exact rational value, relative to the magnitudes


# -- exact references -------------------------------------------------------------------------------------------------
def _q(v: object) -> Fraction:
    return Fraction(float(v))  # type: ignore[arg-type]


def _sites(xa, ya):
    """Distinct sorted sites, their multiplicities, means and the within-site sum of squares (exact)."""
    X, Y = [_q(v) for v in xa], [_q(v) for v in ya]
    sites = sorted(set(X))
    m = [sum(1 for v in X if v == s) for s in sites]
    mean = [sum((b for a, b in zip(X, Y, strict=True) if a == s), Fraction(0)) / k for s, k in zip(sites, m,
                                                                                                     strict=True)]
    within = sum(((b - mean[sites.index(a)]) ** 2 for a, b in zip(X, Y, strict=True)), Fraction(0))
    return sites, m, mean, within


def _phi(sites, R, t):
    """φ(t) = Σ_i R_i (t − x_i)_+ straight from the definition (exact)."""
    return sum((r * max(t - s, Fraction(0)) for r, s in zip(R, sites, strict=True)), Fraction(0))


def _reference(xa, ya, lam, spline, R):
    """The certificate of ``spline`` with the site dual point ``R`` (ΣR = ΣRx = 0 exactly) in exact arithmetic."""
    X, Y = [_q(v) for v in xa], [_q(v) for v in ya]
    sites, m, mean, within = _sites(xa, ya)
    lam = Fraction(lam)
    R = [Fraction(v) for v in R]
    assert sum(R) == 0 and sum(r * s for r, s in zip(R, sites, strict=True)) == 0
    phi = [_phi(sites, R, s) for s in sites]
    peak = max(abs(p) for p in phi)
    if peak > lam > 0:
        R = [r * lam / peak for r in R]
        phi = [p * lam / peak for p in phi]
    exact = spline.as_exact()
    f = exact(np.array(X, dtype=object))
    primal = sum(((a - b) ** 2 for a, b in zip(f, Y, strict=True)), Fraction(0)) / 2 + lam * sum(
        (abs(Fraction(a)) for a in exact.amplitudes), Fraction(0))
    r = [R[sites.index(a)] / m[sites.index(a)] + b - mean[sites.index(a)] for a, b in zip(X, Y, strict=True)]
    dual = sum((a * b for a, b in zip(r, Y, strict=True)), Fraction(0)) - sum((a * a for a in r), Fraction(0)) / 2
    floor = Fraction(EPS) * sum((b * b for b in Y), Fraction(0)) / 2
    scale = max(primal, floor)
    return {"primal": primal, "dual": dual, "gap": primal - dual, "rel": (primal - dual) / scale if scale else 0,
            "R": R, "phi": phi, "residuals": r, "within": within}


def _close(value: float, exact: Fraction, magnitude: Fraction) -> bool:
    return abs(_q(value) - exact) <= Fraction(REL) * abs(magnitude)


def _data(xa, ya):
    xa, ya = np.asarray(xa, dtype=np.float64), np.asarray(ya, dtype=np.float64)
    order = np.argsort(xa, kind="stable")
    return xa, ya, order, prepare_1d(xa[order], ya[order], interpolation=False)


# unsorted, one repeated site (3): sites 0, 1, 2, 3, 5 with weights 1, 1, 1, 2, 1
XA = [3.0, 0.0, 5.0, 1.0, 3.0, 2.0]
YA = [0.5, 1.0, 1.0, -2.0, 2.0, 3.0]
R_SITES = [1, 1, -1, -3, 2]  # ΣR = 0, ΣR x = 1 − 2 − 9 + 10 = 0; φ at the sites: 0, 1, 3, 4, 0
# knots at both ends, between sites, at a site and two in the last interval, which is longer than 1 (φ = 0, ½, 1,
# 7/2, 2, 0 there; Σ a (τ − 3) ≠ 0 over the last interval, so extrapolating φ from [2, 3] would change the gap)
SPLINE = LinearSpline([0.0, 0.5, 1.0, 2.5, 4.0, 5.0], [0.5, 1.0, -2.0, 0.75, -0.5, 0.5], slope=0.25, intercept=1.0)


# -- the certificate of a given spline and dual point -----------------------------------------------------------------
@pytest.mark.parametrize("lam", [Fraction(5), Fraction(4), Fraction(2), Fraction(1, 8)],
                         ids=["inside", "on the box", "scaled 1/2", "scaled 1/32"])
def test_certify_matches_exact_weak_duality(lam):
    """certify on a hand-made (non-optimal) spline and dual point: primal, dual, gap, relative gap, the scaled dual
    point, the potential and the raw residuals all equal their exact values (P − D = the gap, since ΣR = ΣRx = 0
    exactly); the dual point is scaled into |φ| ≤ λ only when it is outside.  Kills the arithmetic mutants of
    ``certify`` (the ½'s, the within-site term, the knot interpolation of φ and its clip, the scaling)."""
    xa, ya, order, data = _data(XA, YA)
    ref = _reference(xa, ya, lam, SPLINE, R_SITES)
    R = np.array(R_SITES, dtype=np.float64)
    res = certify(data, xa, ya, float(lam), 7.0, SPLINE, R, 5, "hand", order=order)
    assert isinstance(res, RegressionResult)
    spline, cert = res
    assert spline is SPLINE and res.objective == cert.primal
    mag = abs(ref["primal"]) + abs(ref["dual"]) + 1
    assert _close(cert.primal, ref["primal"], mag)
    assert _close(cert.dual, ref["dual"], mag)
    assert _close(cert.gap, ref["gap"], mag)
    assert _close(cert.relative_gap, ref["rel"], abs(ref["rel"]) + 1)
    for got, want in zip(cert.dual_point, ref["R"], strict=True):
        assert _close(got, want, 4)
    for got, want in zip(cert.potential, ref["phi"], strict=True):
        assert _close(got, want, 4)
    for got, want in zip(cert.residuals, ref["residuals"], strict=True):
        assert _close(got, want, 8)
    assert 0 <= cert.dual_infeasibility <= 4 * EPS
    assert cert.lam == float(lam) and cert.lam_max == 7.0 and cert.iterations == 5 and cert.method == "hand"
    assert cert.sites.tolist() == [0, 1, 2, 3, 5] and cert.weights.tolist() == [1, 1, 1, 2, 1]
    assert cert.active_sites.dtype == np.int64 and cert.active_sites.size == 0
    assert cert.active_signs.dtype == np.float64 and cert.active_signs.size == 0


def test_certify_without_order_and_with_an_active_set():
    """The site map without the permutation (binary search) gives the same residuals; ``active`` is reported as
    given (indices as int64, signs as float64).  Kills the mutants of the ``active`` and ``order`` plumbing."""
    xa, ya, order, data = _data(XA, YA)
    R = np.array(R_SITES, dtype=np.float64)
    a = certify(data, xa, ya, 4.0, 7.0, SPLINE, R, 0, "hand", order=order).certificate
    b = certify(data, xa, ya, 4.0, 7.0, SPLINE, R, 0, "hand", active=(np.array([1, 2]), np.array([-1, 1])))
    assert np.array_equal(a.residuals, b.certificate.residuals)
    assert b.certificate.active_sites.tolist() == [1, 2] and b.certificate.active_sites.dtype == np.int64
    assert b.certificate.active_signs.tolist() == [-1.0, 1.0] and b.certificate.active_signs.dtype == np.float64


def test_certify_default_dual_point_is_the_weighted_residual():
    """R = None: the dual point is m(ȳ − f(x)) (here the least-squares line y = ½ of x = 0..3, y = 0, 1, 1, 0, so
    ΣR = ΣRx = 0 exactly), scaled into the box: φ peaks at ½, λ = ¼ halves it.  Kills the mutants of the default."""
    xa, ya, order, data = _data([0, 1, 2, 3], [0, 1, 1, 0])
    line = LinearSpline([], [], slope=0.0, intercept=0.5)
    ref = _reference(xa, ya, Fraction(1, 4), line, [Fraction(-1, 2), Fraction(1, 2), Fraction(1, 2), Fraction(-1, 2)])
    cert = certify(data, xa, ya, 0.25, 1.0, line, None, 0, "hand", order=order).certificate
    assert [_q(v) for v in cert.dual_point] == ref["R"] == [Fraction(-1, 4), Fraction(1, 4), Fraction(1, 4),
                                                            Fraction(-1, 4)]
    assert _q(cert.gap) == ref["gap"] and _q(cert.dual) == ref["dual"] and _q(cert.primal) == ref["primal"]
    # residuals of different sizes (1, −2, 0, 2, −1 about the line ½; φ = 0, 1, 0, −1, 0), λ = ½ halves them
    xa, ya, order, data = _data([0, 1, 2, 3, 4], [1.5, -1.5, 0.5, 2.5, -0.5])
    ref = _reference(xa, ya, Fraction(1, 2), line, [1, -2, 0, 2, -1])
    cert = certify(data, xa, ya, 0.5, 1.0, line, None, 0, "hand", order=order).certificate
    assert [_q(v) for v in cert.dual_point] == ref["R"] == [Fraction(k, 2) for k in (1, -2, 0, 2, -1)]
    assert _q(cert.gap) == ref["gap"] and _q(cert.dual) == ref["dual"]


def test_certify_at_lambda_zero_reports_an_infeasible_dual_point():
    """λ = 0 with R ≠ 0: no scaling (it would make R = 0), the dual value is that of R itself and the infeasibility
    is infinite; with R = 0 it is 0.  Kills the mutants of ``peak > lam > 0`` and of the λ = 0 branch of the
    infeasibility."""
    xa, ya, _order, data = _data(XA, YA)
    ref = _reference(xa, ya, 0, SPLINE, R_SITES)
    cert = certify(data, xa, ya, 0.0, 7.0, SPLINE, np.array(R_SITES, dtype=np.float64), 0, "hand").certificate
    assert cert.dual_infeasibility == np.inf
    assert _close(cert.dual, ref["dual"], abs(ref["dual"]) + 1) and _close(cert.gap, ref["gap"], abs(ref["gap"]) + 1)
    assert cert.dual_point.tolist() == [float(v) for v in R_SITES]
    zero = certify(data, xa, ya, 0.0, 7.0, SPLINE, np.zeros(5), 0, "hand").certificate
    assert zero.dual_infeasibility == 0.0


def test_relative_gap_floor_for_data_fitted_exactly():
    """Affine data fitted exactly (primal 0): the relative gap is gap / (ε·½Σy²), here (½ΣR²) / (ε·½·84) with
    R = (1, −1, −1, 1); for y = 0 with R = 0 both vanish and the relative gap is 0 (no division).  Kills the mutants
    of the floor (its ε, ½, Σy²) and of the zero case."""
    xa, ya, _order, data = _data([0, 1, 2, 3], [1, 3, 5, 7])
    line = LinearSpline([], [], slope=2.0, intercept=1.0)
    cert = certify(data, xa, ya, 2.0, 0.0, line, np.array([1.0, -1.0, -1.0, 1.0]), 0, "hand").certificate
    assert cert.primal == 0.0 and cert.gap == 2.0 and cert.dual == -2.0
    want = Fraction(2) / (Fraction(EPS) * 42)
    assert _close(cert.relative_gap, want, want)
    xa, ya, _order, data = _data([0, 1, 2], [0, 0, 0])
    zero = certify(data, xa, ya, 1.0, 0.0, LinearSpline([], []), np.zeros(3), 0, "hand").certificate
    assert zero.relative_gap == 0.0 and zero.gap == 0.0 and zero.primal == 0.0


def test_as_dict_reports_the_scalars():
    """as_dict: the scalar fields by name.  Kills the mutants of its keys and values."""
    xa, ya, _order, data = _data(XA, YA)
    cert = certify(data, xa, ya, 4.0, 7.0, SPLINE, np.array(R_SITES, dtype=np.float64), 5, "hand").certificate
    d = cert.as_dict()
    assert d == {"lam": 4.0, "primal": cert.primal, "dual": cert.dual, "gap": cert.gap,
                 "relative_gap": cert.relative_gap, "lam_max": 7.0, "dual_infeasibility": cert.dual_infeasibility,
                 "iterations": 5, "method": "hand"}


# -- the building blocks of the certificate ---------------------------------------------------------------------------
def test_summation_terms_by_hand():
    """T(n) = n up to one block (256), then 256 + ⌈n/256⌉.  Kills the mutants of its comparison and ceiling."""
    assert SUM_BLOCK == 256
    assert [summation_terms(n) for n in (1, 2, 255, 256, 257, 512, 513, 1000)] == [1, 2, 255, 256, 258, 258, 259,
                                                                                    260]


def test_rounding_bound_by_hand():
    """(2T + 8)·ε·Σm(|y| + |u|)·(x − x₁) with hand numbers (T = 3): 14·ε·7.5·(0, ½, 2); x₁ ≠ 0 and ε as given.
    Kills the mutants of its constants, absolute values and the offset x − x₁."""
    x = np.array([1.0, 1.5, 3.0])
    m = np.array([1.0, 2.0, 1.0])
    y = np.array([1.0, -2.0, 0.5])
    u = np.array([0.5, 0.25, -1.0])
    eps = 2.0**-20
    assert rounding_bound(x, m, y, u, eps).tolist() == [0.0, 105 * eps * 0.5, 105 * eps * 2]
    big = np.arange(600.0)
    bound = rounding_bound(big, np.ones(600), np.ones(600), np.zeros(600), 1.0)
    assert bound[1] == (2 * (256 + 3) + 8) * 600.0


@pytest.mark.parametrize("M", [2, 3, 700])
def test_potential_is_exact_on_integers(M):
    """On integer sites and small integer R every sum is exact in float64, so the blocked potential equals the exact
    φ(x_j) = Σ_{i<j} R_i (x_j − x_i) (M = 2: one interval; 700: three blocks); with a longdouble operand it is
    computed and returned in longdouble.  Kills the mutants of ``potential`` (its sums and its dtype)."""
    rng = np.random.default_rng(M)
    x = np.cumsum(rng.integers(1, 4, M)).astype(np.float64)
    R = rng.integers(-3, 4, M).astype(np.float64)
    want, phi, slope = [0], 0, 0  # φ_{j+1} = φ_j + (x_{j+1} − x_j) Σ_{i≤j} R_i, in Python integers
    for j in range(1, M):
        slope += int(R[j - 1])
        phi += slope * int(x[j] - x[j - 1])
        want.append(phi)
    assert potential(x, R).tolist() == want
    ld = np.longdouble  # the precision is that of the wider operand (the extended pass and the certificate)
    for xx, RR in ((x.astype(ld), R), (x, R.astype(ld)), (x.astype(ld), R.astype(ld))):
        phi_ld = potential(xx, RR)
        assert phi_ld.dtype == ld and [int(v) for v in phi_ld] == want
    if M == 3:  # the recursion against the definition Σ_{i<j} R_i (x_j − x_i)
        assert want == [_phi([Fraction(int(v)) for v in x], [Fraction(int(r)) for r in R], Fraction(int(t)))
                        for t in x]
    assert potential(x, R).dtype == np.float64


# -- regression.py: validation, λ_max, the affine and interpolation branches, assembly ------------------------------
class _BadFloat:
    def __float__(self) -> float:
        raise ValueError("no")


@pytest.mark.parametrize("lam, match", [
    (True, r"^lam must be a non-negative number \(the weight of TV²\), got True$"),
    (b"1", r"^lam must be a non-negative number \(the weight of TV²\), got b'1'$"),
    (None, r"^lam must be a non-negative number \(the weight of TV²\), got None$"),
    ("1", r"^lam must be a non-negative number \(the weight of TV²\), got '1'$"),
    (_BadFloat(), r"^lam must be a non-negative number \(the weight of TV²\), got <"),
    (float("inf"), r"^lam = inf is not finite; pass a finite λ ≥ 0 \(large λ gives the affine fit\)$"),
    (-0.5, r"^lam = -0.5 is negative; the TV² weight must be λ ≥ 0$"),
], ids=["bool", "bytes", "None", "str", "bad __float__", "inf", "negative"])
def test_lam_is_validated_with_its_message(lam, match):
    """Each refusal of λ with its whole message.  Kills the mutants of ``_validate_lam`` (conditions, messages)."""
    with pytest.raises(InvalidInput, match=match):
        tv2_regression([0, 1, 2], [0, 1, 0], lam)


def test_lam_accepts_numbers_of_every_kind():
    """λ as int, Fraction, numpy float and −0.0 (not negative) is accepted and gives the same result."""
    base = tv2_regression([0, 1, 2, 3], [0, 1, 1, 0], 0.1).spline
    for lam in (Fraction(1, 10), np.float64(0.1)):
        assert tv2_regression([0, 1, 2, 3], [0, 1, 1, 0], lam).spline == base
    assert tv2_regression([0, 1, 2, 3], [0, 1, 1, 0], -0.0).certificate.lam == 0.0


def test_float_input_paths():
    """A 2-D float64 array is refused like a nested list (not flattened); flat float64 inputs are not modified and
    may be read-only; mp values that overflow double precision are refused with their message.  Kills the mutants of
    ``_is_float_array`` and ``_as_float_data``."""
    with pytest.raises(InvalidInput, match="flat"):
        tv2_regression(np.array([[0.0], [1.0], [2.0]]), np.array([0.0, 1.0, 0.0]), 0.1)
    with pytest.raises(InvalidInput, match="flat"):
        tv2_regression(np.array([0.0, 1.0, 2.0]), np.array([[0.0], [1.0], [0.0]]), 0.1)
    with pytest.raises(InvalidInput, match="flat"):  # both 2-D: not flattened either
        tv2_regression(np.array([[0.0], [1.0], [2.0]]), np.array([[0.0], [1.0], [0.0]]), 0.1)
    with pytest.raises(InvalidInput, match="type str"):  # 1-D arrays that are not float64 are validated
        tv2_regression(np.array(["a", "b", "c"]), np.array(["0", "1", "0"]), 0.1)
    x, y = np.array([2.0, 0.0, 1.0, 3.0]), np.array([1.0, 0.0, 1.0, 0.0])
    x.flags.writeable = False
    y.flags.writeable = False
    res = tv2_regression(x, y, 0.1)
    assert x.tolist() == [2.0, 0.0, 1.0, 3.0] and y.tolist() == [1.0, 0.0, 1.0, 0.0]
    assert res.spline == tv2_regression([2, 0, 1, 3], [1, 0, 1, 0], 0.1).spline
    with pytest.raises(InvalidInput, match=r"not finite|non-finite"):
        tv2_regression(np.array([0.0, 1.0, np.nan]), np.array([0.0, 1.0, 0.0]), 0.1)
    with pytest.raises(InvalidInput, match="same length"):
        tv2_regression(np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0]), 0.1)
    with pytest.raises(InvalidInput, match=r"^x or y overflows double precision; rescale the data \(TV² regression "
                                           r"runs in float64\)$"):
        tv2_regression([mpmath.mpf(0), mpmath.mpf(1), mpmath.mpf("1e400")], [0, 1, 0], 0.1)
    with pytest.raises(InvalidInput, match="overflows"):
        tv2_regression([0, 1, 2], [mpmath.mpf(0), mpmath.mpf("-1e400"), mpmath.mpf(0)], 0.1)


def _exact_line(xa, ya):
    """The least-squares line of the raw data (normal equations, exact): (intercept, slope)."""
    X, Y = [_q(v) for v in xa], [_q(v) for v in ya]
    n, sx, sy = len(X), sum(X), sum(Y)
    sxx, sxy = sum(v * v for v in X), sum(a * b for a, b in zip(X, Y, strict=True))
    c1 = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    return (sy - c1 * sx) / n, c1


def _exact_lambda_max(xa, ya):
    c0, c1 = _exact_line(xa, ya)
    X, Y = [_q(v) for v in xa], [_q(v) for v in ya]
    r = [b - c0 - c1 * a for a, b in zip(X, Y, strict=True)]
    return max(abs(_phi(X, r, t)) for t in X)


XL = [0.3, 2.2, 1.1, 0.3, 4.7, 3.9, 1.1, 5.0, 2.9]
YL = [1.0, -0.5, 2.0, 0.0, 1.5, -1.0, 1.0, 0.25, 3.0]


def test_lambda_max_in_each_arithmetic():
    """λ_max of unsorted data with repeated sites against the definition (the raw least-squares line, the potential
    of its residuals): exact Fractions exactly, mpmath to its precision (an mpf), float64 to 1e-12.  Kills the
    mutants of ``lambda_max`` (the weighted means, sxx, sxy, the slope recursion, the max of |φ|)."""
    want = _exact_lambda_max(XL, YL)
    assert want > 0
    exact = lambda_max([_q(v) for v in XL], [_q(v) for v in YL])
    assert isinstance(exact, Fraction) and exact == want
    with mpmath.workdps(40):
        mp = lambda_max([mpmath.mpf(v) for v in XL], [mpmath.mpf(v) for v in YL])
        assert isinstance(mp, mpmath.mpf)
        assert abs(Fraction(int(mp.man)) * Fraction(2) ** int(mp.exp) - want) <= want * Fraction(1, 10**30)
    approx = lambda_max(np.array(XL), np.array(YL))
    assert isinstance(approx, float) and _close(approx, want, want)


def test_large_lambda_gives_the_weighted_least_squares_line():
    """λ ≥ λ_max: the spline is the least-squares line of the raw data (repeated sites weighted by multiplicity), and
    λ = λ_max itself (float) already gives it; with two sites it is the line through the two means.  Kills the
    mutants of ``_affine_fit`` and of the affine branch."""
    c0, c1 = _exact_line(XL, YL)
    L = lambda_max(np.array(XL), np.array(YL))
    for lam in (L, 2 * L, 1e6):
        spline, cert = tv2_regression(XL, YL, lam)
        assert spline.n_knots == 0 and cert.method == "affine least-squares fit (λ ≥ λ_max)" and cert.iterations == 0
        assert _close(spline.slope, c1, abs(c1) + abs(c0)) and _close(spline.intercept, c0, abs(c1) + abs(c0))
        assert _close(cert.lam_max, _exact_lambda_max(XL, YL), _exact_lambda_max(XL, YL))
        assert cert.relative_gap <= 1e-9
    two, cert = tv2_regression([0, 0, 1], [1, 3, 5], 0.5)
    assert two.n_knots == 0 and two.slope == 3.0 and two.intercept == 2.0 and cert.lam_max == 0.0
    below = tv2_regression(XL, YL, L * 0.999)
    assert below.spline.n_knots >= 1


def test_lambda_zero_is_the_interpolation_branch():
    """λ = 0: a sparsest interpolant of the means, certified by R = 0: primal = dual = ½·within, gap 0, no
    iterations, λ_max reported.  Kills the mutants of the λ = 0 branch."""
    xa, ya = [0, 1, 1, 2, 3, 4], [0, 2, 0, 1, 0, 3]
    spline, cert = tv2_regression(xa, ya, 0)
    sites, _m, mean, within = _sites(xa, ya)
    assert [spline.as_exact()(s) for s in sites] == mean
    assert spline.n_knots == 2  # slopes 1, 0, −1, 3: the two −1 jumps at the adjacent sites 1, 2 merge
    assert cert.gap == 0.0 and cert.primal == cert.dual == float(within / 2) == 1.0
    assert cert.iterations == 0 and cert.relative_gap == 0.0 and cert.dual_infeasibility == 0.0
    assert cert.method == "interpolation (λ = 0: the limit λ → 0⁺, a sparsest minimal-TV² interpolant)"
    assert _close(cert.lam_max, _exact_lambda_max(xa, ya), _exact_lambda_max(xa, ya))


def test_merge_runs_by_hand():
    """Same-sign knots at adjacent sites merge in pairs at the amplitude barycentre; other knots stay.  Kills the
    mutants of ``_merge_runs``."""
    knots = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 7.0])
    amps = np.array([1.0, 2.0, -1.0, -3.0, 3.0, 1.0, -1.0])
    adjacent = np.array([True, True, True, False, False, True])
    k, a = _merge_runs(knots, amps, adjacent)
    assert k.tolist() == [2 / 3, 2.75, 4.0, 6.0, 7.0] and a.tolist() == [3.0, -4.0, 3.0, 1.0, -1.0]
    k, a = _merge_runs(np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 1.0]), np.array([True, True]))
    assert k.tolist() == [1.5, 3.0] and a.tolist() == [2.0, 1.0]
    k, a = _merge_runs(np.array([5.0]), np.array([-2.0]), np.array([], dtype=bool))
    assert k.tolist() == [5.0] and a.tolist() == [-2.0]
    k, a = _merge_runs(np.array([1.0, 2.0]), np.array([1e300, 1e300]), np.array([True]))
    assert k.tolist() == [1.5] and a.tolist() == [2e300]


def _noisy(n: int, seed: int):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, n)
    y = np.sin(4 * x) + 0.3 * rng.standard_normal(n)
    return x, y


@pytest.mark.parametrize("kx, ky", [(3, -5), (-40, 17), (60, 0)])
def test_powers_of_two_scale_the_result_exactly(kx, ky):
    """Scaling x by 2^kx, y by 2^ky and λ by 2^(kx+ky) scales every float of the result exactly (the normalisation
    divides by powers of two, so the engine sees the same numbers): knots, amplitudes, slope, intercept, primal, gap,
    residuals bit for bit; iterations and active set the same.  Kills the mutants of ``_normalise`` that keep the
    result right up to rounding only (a scale that is not a power of two)."""
    x, y = _noisy(120, 5)
    lam = 0.02 * lambda_max(x, y)
    sx, sy = 2.0**kx, 2.0**ky
    s0, c0 = tv2_regression(x, y, lam)
    s1, c1 = tv2_regression(x * sx, y * sy, lam * sx * sy)
    assert s0.n_knots >= 3
    assert np.array_equal(np.asarray(s1.knots), np.asarray(s0.knots) * sx)
    assert np.array_equal(np.asarray(s1.amplitudes), np.asarray(s0.amplitudes) * (sy / sx))
    assert s1.slope == s0.slope * (sy / sx) and s1.intercept == s0.intercept * sy
    assert c1.primal == c0.primal * sy * sy and c1.gap == c0.gap * sy * sy and c1.dual == c0.dual * sy * sy
    assert np.array_equal(c1.residuals, c0.residuals * sy)
    assert c1.iterations == c0.iterations and np.array_equal(c1.active_sites, c0.active_sites)
    assert c1.lam_max == c0.lam_max * sx * sy


def test_unmerged_knots_sit_exactly_at_sites():
    """Knots that were not merged are the data sites themselves (bit for bit), not centre + sx·ξ rounded: on data
    whose active sites are never adjacent with one sign, the knots are exactly sites[active_sites].  Negative
    control: the rounded back-transform misses at least one of them.  Kills the mutants of the site snapping in
    ``_assemble``."""
    x, y = _noisy(200, 17)
    x = x * 3.7 + 0.1
    spline, cert = tv2_regression(x, y, 0.01 * lambda_max(x, y))
    active = cert.active_sites
    pairs = (np.diff(active) == 1) & (np.diff(cert.active_signs) == 0)
    assert active.size >= 4 and not pairs.any()
    assert np.array_equal(np.asarray(spline.knots), cert.sites[active])
    xs = np.sort(x)
    sx = 2.0 ** np.frexp(xs[-1] - xs[0])[1]
    centre = (xs[0] + xs[-1]) / 2
    back = centre + sx * ((cert.sites[active] - centre) / sx)
    assert not np.array_equal(back, cert.sites[active])


# -- the engine: homotopy, continuation fallbacks, warm start --------------------------------------------------------
def _engine_data(seed: int, n: int = 40):
    """Normalised engine data: sorted distinct sites in [−½, ½), values, integer weights 1–2."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-0.5, 0.5, n))
    y = np.sin(5 * x) + 0.3 * rng.standard_normal(n)
    m = rng.integers(1, 3, n).astype(np.float64)
    return x, y, m


def _exact_lam_max_site(x, y, m):
    """(λ_max, the site where |φ| peaks, the sign of φ there) of the weighted least-squares line, exactly."""
    X, Y, W = [_q(v) for v in x], [_q(v) for v in y], [int(v) for v in m]
    sw, sx, sy = sum(W), sum(w * a for w, a in zip(W, X, strict=True)), sum(w * b for w, b in zip(W, Y, strict=True))
    sxx = sum(w * a * a for w, a in zip(W, X, strict=True))
    sxy = sum(w * a * b for w, a, b in zip(W, X, Y, strict=True))
    c1 = (sw * sxy - sx * sy) / (sw * sxx - sx * sx)
    c0 = (sy - c1 * sx) / sw
    R = [w * (b - c0 - c1 * a) for w, a, b in zip(W, X, Y, strict=True)]
    phi = [_phi(X, R, t) for t in X]
    j = max(range(len(X)), key=lambda i: abs(phi[i]))
    return abs(phi[j]), j, 1 if phi[j] > 0 else -1


def _exactly_optimal(x, y, m, lam, pattern) -> bool:
    """The KKT conditions of the pattern at λ, solved and checked in rationals (radontv.checks.training)."""
    from radontv.checks import training as checks

    act = np.flatnonzero(pattern)
    opt = checks.ExactOptimum([_q(v) for v in x], [_q(v) for v in y], [int(v) for v in m], Fraction(0),
                              Fraction(lam), [int(j) for j in act], [int(s) for s in pattern[act]])
    return bool(opt.verified)


def test_homotopy_takes_the_first_breakpoint_at_lambda_max():
    """From λ_max and no knot, the first knot joins at λ_max itself, at the site where |φ| of the least-squares
    residuals peaks (exact route), with the sign of φ there; just below λ_max that one knot is the optimum.  Before
    the fix the separation guard excluded this breakpoint (it lies at λ_start), the path started off the solution
    path and returned no knot here.  Kills the mutants of the guard and of the join candidates."""
    x, y, m = _engine_data(3)
    L, site, sign = _exact_lam_max_site(x, y, m)
    lam = float(L) * (1 - 1e-6)
    pattern, events = engine._homotopy(x, y, m, lam, float(L), np.zeros(x.size))
    assert np.flatnonzero(pattern).tolist() == [site] and pattern[site] == sign
    assert events == 2  # one breakpoint, then none above λ
    assert _exactly_optimal(x, y, m, lam, pattern)
    # no breakpoint in (λ, λ_start): the pattern is returned as given, after one look
    same, events = engine._homotopy(x, y, m, lam, lam * (1 + 1e-9), pattern)
    assert np.array_equal(same, pattern) and events == 1


@pytest.mark.parametrize("seed, frac", [(4, 0.1), (4, 0.01), (5, 0.5), (5, 0.01), (6, 0.03), (9, 0.01)])
def test_homotopy_ends_at_the_exact_optimum(seed, frac):
    """The path from λ_max with no knot, followed breakpoint by breakpoint (joins and leaves), ends at the pattern
    whose exact KKT solution verifies (rational arithmetic: amplitudes of the assumed signs, |φ| ≤ λ), with at least
    one breakpoint per knot.  Negative control: dropping one knot of it fails the same exact check.  Kills the
    mutants of ``_homotopy`` (its two right-hand sides, the join and leave candidates and their order)."""
    x, y, m = _engine_data(seed)
    L = float(_exact_lam_max_site(x, y, m)[0])
    lam = frac * L
    pattern, events = engine._homotopy(x, y, m, lam, L, np.zeros(x.size))
    knots = np.flatnonzero(pattern)
    assert knots.size >= 1 and events >= knots.size + 1
    assert pattern[0] == pattern[-1] == 0
    assert _exactly_optimal(x, y, m, lam, pattern)
    fewer = pattern.copy()
    fewer[knots[0]] = 0.0
    assert not _exactly_optimal(x, y, m, lam, fewer)


def _forced(x, y, lam, fail, monkeypatch):
    """tv2_regression with the engine's full-data ``active_set`` calls number ``fail`` (0-based) reported as failed
    (their work done, the verdict turned to False), so that continuation takes its fallbacks; returns the result and
    the record of every call of ``active_set``, ``_homotopy`` and ``verify_extended`` (name, iterations, verdict)."""
    real_as, real_h, real_v = engine.active_set, engine._homotopy, engine.verify_extended
    record: list = []
    n_full = [0]

    def active_set(xx, *args, **kwargs):
        out = real_as(xx, *args, **kwargs)
        if xx.shape[0] < full:  # a coarse level of the warm start
            return out
        n_full[0] += 1
        failed = fail(n_full[0] - 1) if callable(fail) else n_full[0] - 1 in fail
        record.append(("active_set", out[4], out[0] and not failed, kwargs.get("allow_single", False), args[2]))
        return (False, *out[1:]) if failed else out

    def homotopy(*args):
        out = real_h(*args)
        record.append(("homotopy", out[1], True, False, args[3]))
        return out

    def verify(*args):
        out = real_v(*args)
        record.append(("verify_extended", out[4], out[0], False, args[3]))
        return out

    full = np.unique(np.asarray(x, dtype=float)).size
    monkeypatch.setattr(engine, "active_set", active_set)
    monkeypatch.setattr(engine, "_homotopy", homotopy)
    monkeypatch.setattr("radontv.regression.verify_extended", verify)
    result = tv2_regression(x, y, lam)
    monkeypatch.undo()
    return result, record


@pytest.mark.parametrize("fail, route", [
    ((), ["active_set", "verify_extended"]),
    ((0,), ["active_set", "homotopy", "active_set", "verify_extended"]),
    ((0, 1), ["active_set", "homotopy", "active_set", "active_set"]),
    ((0, 1, 2), ["active_set", "homotopy", "active_set", "active_set", "active_set"]),
], ids=["direct", "homotopy", "continuation", "continuation after a failed step"])
def test_every_fallback_reaches_the_same_certified_result(fail, route, monkeypatch):
    """Whichever route continuation takes (the direct active set; the homotopy and its verification; geometric
    continuation in λ, also after a failed step), the result is the same, bit for bit: the fitted values are unique
    and the final pattern is the same, so are the solve on it and the extended pass.  The reported iterations are
    exactly the sum over the route (active-set iterations on the full data, homotopy breakpoints, extended pass).
    Kills the mutants of the fallbacks in ``continuation`` (their conditions, starts and returned values) and of the
    iteration count; the mutants of the step-size rule that change only the route are listed as equivalent."""
    x, y = _noisy(80, 23)
    lam = 0.05 * lambda_max(x, y)
    plain, _ = _forced(x, y, lam, (), monkeypatch)
    res, record = _forced(x, y, lam, fail, monkeypatch)
    names = [r[0] for r in record]
    assert names[:len(route)] == route and names[-1] == "verify_extended"
    assert record[-1][2]  # the extended pass verified
    assert res.spline == plain.spline
    assert res.certificate.primal == plain.certificate.primal and res.certificate.gap == plain.certificate.gap
    assert np.array_equal(res.certificate.active_sites, plain.certificate.active_sites)
    assert res.certificate.relative_gap <= 1e-9
    assert res.certificate.iterations == sum(r[1] for r in record)
    assert res.certificate.method == ("primal-dual active set (homotopy fallback); KKT verified in extended "
                                      "precision")
    calls = [r for r in record if r[0] == "active_set"]
    assert all(r[3] is False for r in calls)  # no last-resort single changes needed here
    lam_n = calls[0][4]
    assert calls[-1][4] == lam_n and record[-1][4] == lam_n  # the accepted pattern is that at λ ...
    assert record[-1][1] == 1  # ... and the final pass confirms it at once (it does not repair it)


def test_warm_start_pools_blocks_of_eight_at_every_level(monkeypatch):
    """warm_start on 8·4096 + 20 sites: two coarse levels (4099 and 513 sites).  Each level pools every 8 consecutive
    sites (the last block short) into W = Σm, Y = Σmy / W (integer data: the sums are exact, so Y is the correctly
    rounded quotient, compared bit for bit), placed at the block's middle site; the coarse active set starts from the
    coarser level's guess with at most 60 iterations (and an evaluator of its own data); the fine guess carries the
    coarse pattern from the middle sites to the block's peak of σφ (ends excluded; φ by the dense route of
    ``_Basis``, ``_hat_solve`` and the blocked ``potential``, not the evaluator's) and the spent iterations are those
    of both levels.  Kills the mutants of ``warm_start`` and ``_to_block_peaks``."""
    rng = np.random.default_rng(2)
    M = 8 * 4096 + 20
    x = np.sort(rng.choice(np.arange(-10**6, 10**6), M, replace=False)).astype(np.float64) / 2**21
    y = np.round(8 * np.sin(6 * x) + rng.integers(-2, 3, M)).astype(np.float64)
    m = rng.integers(1, 4, M).astype(np.float64)
    calls: list = []
    real = engine.active_set

    def spy(X, Y, W, lam, guess, **kwargs):
        out = real(X, Y, W, lam, guess, **kwargs)
        calls.append((X, Y, W, lam, guess.copy(), kwargs, out))
        return out

    monkeypatch.setattr(engine, "active_set", spy)
    lam = 2.0
    fine, spent = engine.warm_start(x, y, m, lam)
    assert [c[0].shape[0] for c in calls] == [513, 4099]  # the coarsest level first (recursion)

    def pooled(xs, ys, ms):
        """Blocks of 8 (the last one short), middle site, exact weight and exact weighted mean (rounded once)."""
        mids, Ws, Ys = [], [], []
        for a in range(0, xs.shape[0], 8):
            b = min(a + 8, xs.shape[0])
            mids.append(a + (b - a) // 2)
            Ws.append(sum((_q(v) for v in ms[a:b]), Fraction(0)))
            Ys.append(float(sum((_q(w) * _q(v) for w, v in zip(ms[a:b], ys[a:b], strict=True)), Fraction(0)) / Ws[-1]))
        return np.array(mids), xs[mids], np.array(Ys), np.array([float(w) for w in Ws])

    mid1, X1, Y1, W1 = pooled(x, y, m)
    for got, want in zip(calls[1][:3], (X1, Y1, W1), strict=True):
        assert np.array_equal(got, want)
    # level 2 pools level 1, whose values are not integers: the float sums round (relative tolerance)
    _, X2, Y2, W2 = pooled(X1, Y1, W1)
    assert np.array_equal(calls[0][0], X2) and np.array_equal(calls[0][2], W2)
    np.testing.assert_allclose(calls[0][1], Y2, rtol=1e-14)
    assert not calls[0][4].any()  # the coarsest level starts from no knot
    assert [sorted(c[5]) for c in calls] == [["evaluator", "max_iter"]] * 2
    assert calls[0][5]["max_iter"] == calls[1][5]["max_iter"] == 60
    assert all(c[5]["evaluator"].x is c[0] and c[5]["evaluator"].m is c[2] for c in calls)

    def block_peaks(xs, ys, ms, guess):
        """Each knot moved to the site of its block of 8 where σφ is largest (φ of the guess's fit, dense route)."""
        S = np.flatnonzero(guess)
        nodes = np.concatenate(([0], S, [xs.shape[0] - 1]))
        basis = engine._Basis(xs, nodes)
        phi = potential(xs, ms * (ys - basis.values(engine._hat_solve(xs, ys, ms, lam, basis, guess[S]))))
        out = np.zeros(xs.shape[0])
        for s in S:
            a = 8 * (s // 8)
            out[a + int(np.argmax(guess[s] * phi[a:a + 8]))] = guess[s]
        return out

    pattern2 = calls[0][6][1]
    at_middle = np.zeros(4099)
    at_middle[np.flatnonzero(np.isin(X1, calls[0][0][1:-1]))] = pattern2[1:-1]
    moved = block_peaks(X1, Y1, W1, at_middle)
    assert np.array_equal(calls[1][4], moved) and pattern2[1:-1].any() and not np.array_equal(moved, at_middle)
    pattern1 = calls[1][6][1]
    at_middle = np.zeros(M)
    at_middle[mid1[1:-1]] = pattern1[1:-1]
    expected = block_peaks(x, y, m, at_middle)
    assert np.array_equal(fine, expected) and fine[0] == fine[-1] == 0 and fine.any()
    assert not np.array_equal(expected, at_middle)
    assert spent == calls[0][6][4] + calls[1][6][4]
    assert calls[0][3] == calls[1][3] == lam  # the same λ on every level
    small, spent_small = engine.warm_start(x[:4095], y[:4095], m[:4095], lam)
    assert not small.any() and small.shape == (4095,) and spent_small == 0


def test_lambda_within_rounding_of_lambda_max_gives_the_line():
    """λ below λ_max by less than the rounding bound of the potential counts as λ_max: the threshold is
    tol = (2M + 8)·ε·Σ_j m_j|ȳ_j|·(x_M − x_1) (the bound of regression_certificate.rounding_bound with u = 0, by hand
    in data units; M = 7 sites ≤ one block): λ = λ_max − 0.99·tol gives the line, λ = λ_max − 1.01·tol the active
    set (one knot, certified).  Kills the mutants of ``affine_tol`` and of the affine condition."""
    sites, m, mean, _ = _sites(XL, YL)
    M = len(sites)
    tol = (2 * M + 8) * EPS * float(sum(k * abs(v) for k, v in zip(m, mean, strict=True))) * (max(XL) - min(XL))
    L = lambda_max(np.array(XL), np.array(YL))
    assert tol < 1e-12 * L
    line = tv2_regression(XL, YL, L - 0.99 * tol)
    assert line.spline.n_knots == 0 and line.certificate.method.startswith("affine")
    engine_ = tv2_regression(XL, YL, L - 1.01 * tol)
    assert engine_.spline.n_knots == 1 and engine_.certificate.method.startswith("primal-dual active set")
    assert engine_.certificate.relative_gap <= 1e-9


def _exact_primal_dual(xa, ya, lam, spline, r):
    """(P of the spline, D of the residuals r projected exactly onto Σr = Σrx = 0 and scaled into sup|φ| ≤ λ), exact."""
    X, Y, R = [_q(v) for v in xa], [_q(v) for v in ya], [_q(v) for v in r]
    n, sx, sxx = len(X), sum(X), sum(v * v for v in X)
    sr, srx = sum(R), sum(a * b for a, b in zip(R, X, strict=True))
    beta = (n * srx - sx * sr) / (n * sxx - sx * sx)
    alpha = (sr - beta * sx) / n
    R = [a - alpha - beta * b for a, b in zip(R, X, strict=True)]
    peak = max(abs(_phi(X, R, t)) for t in set(X))
    lam = Fraction(lam)
    if peak > lam:
        R = [a * lam / peak for a in R]
    dual = sum((a * b for a, b in zip(R, Y, strict=True)), Fraction(0)) - sum((a * a for a in R), Fraction(0)) / 2
    exact = spline.as_exact()
    f = exact(np.array(X, dtype=object))
    primal = sum(((a - b) ** 2 for a, b in zip(f, Y, strict=True)), Fraction(0)) / 2 + lam * exact.tv2()
    return primal, dual


@pytest.mark.parametrize("seed, frac", [(11, 0.3), (11, 0.01), (12, 0.05), (15, 0.002)])
def test_result_is_a_certified_sparsest_minimizer(seed, frac):
    """On unsorted data with repeated sites: the returned spline's exact objective is within 1e-9 (relative) of the
    exact dual value of the certificate's residuals (weak duality: no spline does better), the certificate's own
    numbers agree with the exact ones, and the knot count is the minimal one of the exact fitted values (C8: runs
    of same-sign slope jumps merged in pairs; here some active sites are adjacent with one sign, so merging happens).
    Kills the mutants of the assembly (back-transform, amplitudes, slope, intercept, the merging of runs, the dual
    point) and of the engine that change the result."""
    from radontv.checks import training as checks

    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(-1.0, 1.0, 60), 2)  # two decimals: repeated sites
    y = np.sin(4 * x) + 0.3 * rng.standard_normal(60)
    lam = Fraction(frac * lambda_max(x, y))
    spline, cert = tv2_regression(x, y, lam)
    primal, dual = _exact_primal_dual(x, y, lam, spline, cert.residuals)
    assert dual <= primal <= dual + Fraction(1, 10**9) * primal
    assert _close(cert.primal, primal, primal) and abs(_q(cert.gap)) <= Fraction(1, 10**9) * primal
    assert 0 <= cert.relative_gap <= 1e-9 or abs(cert.relative_gap) <= 1e-15
    opt = checks.exact_optimum([_q(v) for v in x], [_q(v) for v in y], lam, cert.active_sites, cert.active_signs)
    assert opt.verified and spline.n_knots == opt.minimal_knot_count()
    assert all(cert.sites[0] <= t <= cert.sites[-1] for t in np.asarray(spline.knots))
    if seed == 11 and frac == 0.01:  # the merging is exercised
        assert ((np.diff(cert.active_sites) == 1) & (np.diff(cert.active_signs) == 0)).any()


def test_float_lambda_max_is_the_certificates_bit_for_bit():
    """On float data λ_max is computed on the normalised data (powers of two), the same numbers as the solver's: the
    value returned by lambda_max is the certificate's lam_max bit for bit (five random data sets; the plain formula on
    unnormalised floats rounds differently on some).  Kills the mutants of the float/exact dispatch of lambda_max."""
    for seed in range(5):
        rng = np.random.default_rng(seed)
        x, y = rng.uniform(-3.0, 7.0, 50), rng.standard_normal(50)
        L = lambda_max(x, y)
        assert L == tv2_regression(x, y, 0.1 * L).certificate.lam_max


LD_EPS = float(np.finfo(np.longdouble).eps)


def _ld(v) -> Fraction:
    return Fraction(*np.longdouble(v).as_integer_ratio())


def _optimum_pattern(x, y, m, lam):
    ok, pattern, nodes, v, _ = engine.active_set(x, y, m, lam, np.zeros(x.size))
    assert ok
    return pattern, nodes, v


@pytest.mark.skipif(LD_EPS >= EPS, reason="numpy.longdouble is plain double here")
def test_refine_solves_the_hat_system_to_extended_precision():
    """refine returns node values whose residual in the hat-basis optimality system (HᵀMH)v = HᵀMȳ − λD_Sᵀσ,
    evaluated exactly in rationals, is at the level of the extended precision (≤ 16·u_ld times the magnitudes),
    far below that of the double-precision solve it starts from (which the same check rejects); its fitted values
    are those of the node values, and both are numpy.longdouble.  Kills the mutants of ``refine`` that drop to
    double precision anywhere or step the wrong way."""
    x, y, m = _engine_data(5, 60)
    lam = 0.01 * float(_exact_lam_max_site(x, y, m)[0])
    pattern, nodes, v = _optimum_pattern(x, y, m, lam)
    signs = pattern[nodes[1:-1]]
    vl, ul = engine.refine(x, y, m, lam, nodes, signs, v)
    assert vl.dtype == np.longdouble and ul.dtype == np.longdouble
    X, Y, W = [_q(a) for a in x], [_q(a) for a in y], [_q(a) for a in m]
    knots = [X[j] for j in nodes]

    def residual(values):
        """max_k |(HᵀM(ȳ − Hv))_k − λ(D_Sᵀσ)_k| and the magnitude Σ|terms|, exactly."""
        V = [_ld(a) for a in values]
        out, mag = [], []
        for k in range(len(knots)):
            acc, size = Fraction(0), Fraction(0)
            for xi, yi, wi in zip(X, Y, W, strict=True):
                i = min(max(np.searchsorted(x[nodes], float(xi), side="right") - 1, 0), len(knots) - 2)
                t = (xi - knots[i]) / (knots[i + 1] - knots[i])
                h = (1 - t) if k == i else t if k == i + 1 else Fraction(0)
                f = (1 - t) * V[i] + t * V[i + 1]
                acc += wi * h * (yi - f)
                size += abs(wi * h) * (abs(yi) + abs(f))
            pen = Fraction(0)
            for j, s in enumerate(signs, start=1):  # slope jump at interior node j: σ_j (1/h_j, −1/h_{j-1} − 1/h_j, …)
                g0, g2 = 1 / (knots[j] - knots[j - 1]), 1 / (knots[j + 1] - knots[j])
                coeff = {j - 1: g0, j: -(g0 + g2), j + 1: g2}.get(k, Fraction(0))
                pen += _q(s) * coeff
            out.append(abs(acc - Fraction(lam) * pen))
            mag.append(size + abs(Fraction(lam) * pen))
        return max(out), max(mag)

    err, mag = residual(vl)
    assert err <= 16 * Fraction(LD_EPS) * mag  # seen: 0.3 u_ld; the double-precision solve: 690 u_ld
    err0, _ = residual(v)  # negative control: the double-precision solve is not that accurate
    assert err0 > 16 * Fraction(LD_EPS) * mag
    u_exact = [(1 - t) * _ld(vl[i]) + t * _ld(vl[i + 1]) for i, t in (
        (k, (X[j] - X[nodes[k]]) / (X[nodes[k + 1]] - X[nodes[k]]))
        for j in range(len(X)) for k in [min(int(np.searchsorted(nodes, j, side="right")) - 1, len(nodes) - 2)])]
    for got, want in zip(ul, u_exact, strict=True):
        assert abs(_ld(got) - want) <= Fraction(16) * Fraction(LD_EPS) * (abs(want) + 1)
    for got, want in zip(engine.fitted_values(x, nodes, vl), ul, strict=True):
        assert got == want
    f64 = engine.fitted_values(x, nodes, v)
    assert f64.dtype == np.float64 and np.allclose(f64, np.asarray(ul, dtype=np.float64), rtol=1e-12, atol=1e-12)


def test_verify_extended_returns_extended_values():
    """The final pass accepts the optimal pattern at once and returns the refined node values and fitted values in
    numpy.longdouble (the caller uses them as they are).  Kills the mutants that run it in double precision."""
    x, y, m = _engine_data(6, 50)
    lam = 0.05 * float(_exact_lam_max_site(x, y, m)[0])
    pattern, nodes, v = _optimum_pattern(x, y, m, lam)
    ok, same, nodes_x, v_x, its, u_x = engine.verify_extended(x, y, m, lam, pattern)
    assert ok and its == 1 and np.array_equal(same, pattern) and np.array_equal(nodes_x, nodes)
    assert v_x.dtype == np.longdouble and u_x.dtype == np.longdouble
    assert np.allclose(np.asarray(v_x, dtype=np.float64), v, rtol=1e-12, atol=1e-12)


def test_a_misleading_coarse_guess_restarts_from_no_knot(monkeypatch):
    """Above the warm-start threshold (4096 sites) continuation starts from the coarse guess; when that attempt
    fails it restarts from no knot (before any homotopy), and the result is the same, bit for bit, with the
    iterations of both attempts counted.  Kills the mutants of that branch of ``continuation`` and of its call of
    ``warm_start``."""
    rng = np.random.default_rng(8)
    x = rng.uniform(0.0, 1.0, 4200)
    y = np.sin(6 * x) + 0.3 * rng.standard_normal(4200)
    lam = 0.05 * lambda_max(x, y)
    plain, record0 = _forced(x, y, lam, (), monkeypatch)
    res, record = _forced(x, y, lam, (0,), monkeypatch)
    assert [r[0] for r in record0] == ["active_set", "verify_extended"]
    assert [r[0] for r in record] == ["active_set", "active_set", "verify_extended"]
    assert record[1][2] and record[1][1] > record0[0][1]  # from no knot: more iterations than from the guess
    assert record[-1][1] == 1  # the final pass confirms the restarted pattern at once
    assert res.spline == plain.spline and res.certificate.primal == plain.certificate.primal
    assert res.certificate.iterations == sum(r[1] for r in record)
    assert plain.certificate.iterations == sum(r[1] for r in record0)


def _continuation_lams(record, lam_n, lam_max_n):
    """The λ of each continuation step by the documented rule, from the verdicts and iterations recorded: ratio ½,
    squared (down to 1e-4) after a step of at most 2 iterations, square-rooted after a failed one; λ = max(λ·ratio,
    λ_target); the last resort (single changes) once the ratio exceeds 1 − 1e-6; give up beyond 1 − 1e-9."""
    import math

    out, current, ratio = [], lam_max_n, 0.5
    for _, its, ok, _single, _lam in record:
        nxt = max(current * ratio, lam_n)
        out.append((nxt, ratio > 1 - 1e-6))
        if ok:
            current = nxt
            if its <= 2:
                ratio = max(ratio * ratio, 1e-4)
        else:
            ratio = math.sqrt(ratio)
    return out


def test_continuation_follows_its_step_rule(monkeypatch):
    """Geometric continuation in λ (direct attempt and homotopy made to fail) on data whose optimum is one knot at
    every λ (y = |x|: the steps are easy, so the ratio is squared): the λ of every step is that of the documented
    rule, no step needs single changes, and the result is the plain one.  Kills the mutants of the step rule."""
    x = np.linspace(-1.0, 1.0, 41)
    y = np.abs(x) + 0.01 * np.cos(7 * x)
    lam = 1e-3 * lambda_max(x, y)
    plain, _ = _forced(x, y, lam, (), monkeypatch)
    res, record = _forced(x, y, lam, (0, 1), monkeypatch)
    steps = [r for r in record if r[0] == "active_set"][2:]
    lam_n = record[0][4]
    lam_max_n = lam_n / (lam / plain.certificate.lam_max)
    assert len(steps) >= 3 and any(r[1] <= 2 for r in steps[:-1])
    want = _continuation_lams(steps, lam_n, lam_max_n)
    assert [r[4] for r in steps] == pytest.approx([w[0] for w in want], rel=1e-12)
    assert [r[3] for r in steps] == [w[1] for w in want]
    assert steps[-1][4] == lam_n
    assert res.spline == plain.spline and res.certificate.primal == plain.certificate.primal


def test_continuation_last_resort_and_giving_up(monkeypatch):
    """Every attempt made to fail: continuation square-roots the ratio after each failed step, switches to single
    changes once the ratio exceeds 1 − 1e-6 (after 20 failures) and gives up once it exceeds 1 − 1e-9 (after 30);
    tv2_regression then says so in the method, and the certificate shows that the spline is not optimal (a large
    gap).  With only the first 22 attempts failing, the 21st step is a last-resort one (single changes), it
    succeeds, and the result is the plain one.  Kills the mutants of the last resort and of giving up."""
    x, y = _noisy(60, 29)
    lam = 0.05 * lambda_max(x, y)
    plain, _ = _forced(x, y, lam, (), monkeypatch)
    res, record = _forced(x, y, lam, lambda k: True, monkeypatch)
    steps = [r for r in record if r[0] == "active_set"][2:]
    assert len(steps) == 30 and [r[3] for r in steps] == [False] * 20 + [True] * 10
    lam_n = record[0][4]
    lam_max_n = lam_n / (lam / plain.certificate.lam_max)
    assert [r[4] for r in steps] == pytest.approx([w[0] for w in _continuation_lams(steps, lam_n, lam_max_n)],
                                                  rel=1e-12)
    assert "verify_extended" not in [r[0] for r in record]
    assert res.certificate.method == ("primal-dual active set: KKT NOT verified (near-degenerate data); see the "
                                      "certificate's gap")
    assert res.certificate.relative_gap > 1e-3
    res, record = _forced(x, y, lam, lambda k: k < 22, monkeypatch)
    steps = [r for r in record if r[0] == "active_set"][2:]
    assert [r[3] for r in steps[:21]] == [False] * 20 + [True] and steps[20][2]
    assert res.spline == plain.spline and res.certificate.primal == plain.certificate.primal


def test_three_sites_and_zero_data():
    """Three sites are enough for a knot: λ = 0.1 < λ_max = ⅓ on (0, 1, 2) → (0, 1, 0) gives one knot at 1, and
    λ = λ_max − tol/2 (tol by hand, as above) still the line; data that are all zero at λ = 0 take the affine
    branch (λ ≥ λ_max = 0), not the interpolation one.  Kills the mutants of the M > 2 / M ≤ 2 thresholds and of
    ``>=`` in the affine condition."""
    spline, cert = tv2_regression([0, 1, 2], [0, 1, 0], 0.1)
    assert spline.n_knots == 1 and spline.knots.tolist() == [1.0] and cert.relative_gap <= 1e-9
    assert _close(cert.lam_max, Fraction(1, 3), Fraction(1, 3))
    tol = (2 * 3 + 8) * EPS * 1.0 * 2.0  # Σ m|ȳ| = 1, range 2
    line = tv2_regression([0, 1, 2], [0, 1, 0], cert.lam_max - tol / 2)
    assert line.spline.n_knots == 0 and line.certificate.method.startswith("affine")
    zero = tv2_regression([0, 1, 2, 3], [0, 0, 0, 0], 0).certificate
    assert zero.method == "affine least-squares fit (λ ≥ λ_max)" and zero.lam_max == 0.0


def test_lambda_zero_dual_point_is_zero_on_inexact_data():
    """λ = 0 on data whose interpolant does not reproduce the means exactly in float: the dual point is exactly zero
    (not the rounding residuals of the interpolant), so the dual infeasibility is 0, not infinite.  Kills the mutant
    that passes no dual point."""
    x, y = [0.1, 0.7, 1.3, 2.9, 3.3], [0.3, -0.7, 1.1, 0.2, 0.9]
    spline, cert = tv2_regression(x, y, 0)
    assert not np.any(cert.dual_point) and cert.dual_infeasibility == 0.0
    assert np.any(np.asarray(spline(np.array(x))) != np.array(y))  # the interpolant rounds


def test_a_normalised_amplitude_of_one_is_kept():
    """(0, 1, 2) → (0, −1, 0) at λ = ¼: one knot of amplitude 2 − 6λ = ½ in data units, which is exactly 1 in the
    engine's units (sx = 4, sy = 2); it is a knot like any other (only zero amplitudes are dropped).  Kills the
    mutant that drops amplitudes equal to 1 instead of 0."""
    spline, cert = tv2_regression([0, 1, 2], [0, -1, 0], Fraction(1, 4))
    assert spline.knots.tolist() == [1.0] and spline.amplitudes.tolist() == [0.5]
    assert cert.active_sites.tolist() == [1] and cert.active_signs.tolist() == [1.0]


def test_dual_point_is_accurate_when_lambda_is_tiny():
    """λ = 1e-5·λ_max on data with a large offset (y ≈ 100 ± 1): the dual point is a small difference of large
    numbers, so it must come from the refined (extended-precision) fitted values, not from the float spline: the
    certified relative gap is ≤ 1e-9 (seen 1e-12; the residuals of the float spline give 6e-6), and the exact gap
    of the returned spline and residuals (rational arithmetic) agrees.  Kills the mutants that drop the dual point
    of the assembly."""
    rng = np.random.default_rng(1)
    x = rng.uniform(0.0, 1.0, 200)
    y = np.sin(6 * x) + 0.3 * rng.standard_normal(200) + 100.0
    lam = Fraction(1e-5 * lambda_max(x, y))
    spline, cert = tv2_regression(x, y, lam)
    assert abs(cert.relative_gap) <= 1e-9
    primal, dual = _exact_primal_dual(x, y, lam, spline, cert.residuals)
    assert dual <= primal <= dual + Fraction(1, 10**9) * primal


def test_bump_peaks_by_hand():
    """The sites added per iteration: the largest violation in each maximal run of consecutive violating sites with
    one sign of φ (hand example: runs {1, 2}+, {3}−, {5, 6}+, {7, 8}− → peaks 2, 3, 5, 8; none without violations).
    Kills the mutants of ``_bump_peaks`` (the run breaks and the choice inside a run)."""
    ninf = -np.inf
    phi = np.array([0.0, 1.0, 1.0, -1.0, 0.0, 1.0, 1.0, -1.0, -1.0, 0.0])
    excess = np.array([ninf, 0.1, 0.3, 0.2, ninf, 0.5, 0.4, 0.05, 0.06, ninf])
    assert engine._bump_peaks(excess, excess > 0, phi).tolist() == [2, 3, 5, 8]
    none = engine._bump_peaks(np.full(10, ninf), np.zeros(10, dtype=bool), phi)
    assert none.size == 0
    single = np.where(np.arange(10) == 6, 0.2, ninf)
    assert engine._bump_peaks(single, single > 0, phi).tolist() == [6]


# -- the large-data path (issue 14), forced on at small sizes so that exact references stay cheap -------------------
LARGE_METHOD = "KKT verified in double precision"


def _large(monkeypatch, threshold: int = 2) -> None:
    """tv2_regression takes the large-data path (the evaluator's λ_max and affine threshold, the double-precision
    certification of _assemble) from ``threshold`` distinct sites on."""
    import radontv.regression as regression

    monkeypatch.setattr(regression, "LARGE_SITES", threshold)


def _exact_lam_max_sites(xa, ya) -> Fraction:
    """λ_max from the definition on the merged sites (exact): the weighted least-squares line of the means by its
    normal equations, R_j = m_j (ȳ_j − ℓ(x_j)), max_j |φ(x_j)| by the slope recursion in Fractions."""
    sites, m, mean, _ = _sites(xa, ya)
    sw = sum(m)
    xm = sum((k * s for k, s in zip(m, sites, strict=True)), Fraction(0)) / sw
    ym = sum((k * v for k, v in zip(m, mean, strict=True)), Fraction(0)) / sw
    c1 = (sum((k * (s - xm) * (v - ym) for k, s, v in zip(m, sites, mean, strict=True)), Fraction(0))
          / sum((k * (s - xm) ** 2 for k, s in zip(m, sites, strict=True)), Fraction(0)))
    R = [k * (v - ym - c1 * (s - xm)) for k, s, v in zip(m, sites, mean, strict=True)]
    best, phi, slope = Fraction(0), Fraction(0), Fraction(0)
    for j in range(1, len(sites)):
        slope += R[j - 1]
        phi += slope * (sites[j] - sites[j - 1])
        best = max(best, abs(phi))
    return best


@pytest.mark.parametrize("sign, frac", [(1, 0.05), (-1, 0.05), (-1, 0.005)], ids=["convex", "concave", "concave-small"])
def test_large_path_is_exactly_certified_with_repeated_sites(sign, frac, monkeypatch):
    """The large-data path (forced on) on unsorted data with repeated sites (non-unit weights), once with φ of the
    least-squares line positive (convex data: λ_max = max φ) and once negative (concave data: λ_max = −min φ):
    λ_max is the exact one (1e-12 relative), the spline's exact objective is within LARGE_GAP of the exact dual value
    of the certificate's residuals (weak duality), the certificate's primal and gap agree with the exact ones, and
    the knot count is the minimal one of the exact optimum on the reported active set.  Kills the mutants of the
    evaluator's λ_max (which end of φ, its sign), of the double-precision dual point of ``_assemble`` (the weights
    m, the scale sy, the interval sums) and of the large-path gate (taken at exactly LARGE_SITES sites); the route is
    the documented one (the double-precision node values, no extended refinement, the iterations of the engine)."""
    from radontv.checks import training as checks

    rng = np.random.default_rng(40 + int(1000 * frac))
    x = np.round(rng.uniform(-1.0, 1.0, 90), 2)  # two decimals: repeated sites
    y = sign * (x * x + 0.5 * np.abs(x - 0.3)) + 0.05 * rng.standard_normal(90) + 3.0
    import radontv.regression as regression

    _large(monkeypatch, np.unique(x).size)  # exactly at the threshold: "from LARGE_SITES sites on"
    L = _exact_lam_max_sites(x, y)
    lam = Fraction(frac * float(L))
    calls: list[str] = []  # the route: continuation once, neither refine nor the extended pass (not needed here)
    real_continuation, real_refine, real_verify = regression.continuation, regression.refine, regression.verify_extended

    def spy(name, real):
        def wrapped(*args, **kwargs):
            out = real(*args, **kwargs)
            calls.append((name, out[3]) if name == "continuation" else name)
            return out
        return wrapped

    monkeypatch.setattr(regression, "continuation", spy("continuation", real_continuation))
    monkeypatch.setattr(regression, "refine", spy("refine", real_refine))
    monkeypatch.setattr(regression, "verify_extended", spy("verify_extended", real_verify))
    spline, cert = tv2_regression(x, y, lam)
    assert len(calls) == 1 and calls[0][0] == "continuation" and cert.iterations == calls[0][1] >= 1
    assert cert.method == ("primal-dual active set; KKT verified in double precision, potential of the certificate "
                           "in extended precision (large data)") and cert.relative_gap <= 1e-10
    assert _close(cert.lam_max, L, L)
    primal, dual = _exact_primal_dual(x, y, lam, spline, cert.residuals)
    assert dual <= primal <= dual + Fraction(1, 10**10) * primal
    assert _close(cert.primal, primal, primal) and abs(_q(cert.gap)) <= Fraction(1, 10**10) * primal
    opt = checks.exact_optimum([_q(v) for v in x], [_q(v) for v in y], lam, cert.active_sites, cert.active_signs)
    assert opt.verified and spline.n_knots == opt.minimal_knot_count() >= 2
    # the same answer as the extended path (below the threshold)
    _large(monkeypatch, 10**12)
    ext_spline, ext = tv2_regression(x, y, lam)
    assert LARGE_METHOD not in ext.method
    assert np.array_equal(cert.active_sites, ext.active_sites) and np.array_equal(cert.active_signs, ext.active_signs)
    assert cert.lam_max == pytest.approx(ext.lam_max, rel=1e-12) and spline.n_knots == ext_spline.n_knots


def test_large_path_affine_threshold_grows_with_the_plain_sums(monkeypatch):
    """With the evaluator (large path) λ_max comes from plain running sums, so the threshold below λ_max that still
    counts as λ_max is the blocked bound times M / T(M): tol = (2T + 8)·ε·Σ_j m_j|ȳ_j|·(x_M − x_1)·M/T with
    T = summation_terms(M) = 256 + ⌈M/256⌉ (by hand in data units; M = 600 distinct sites, M/T = 600/259): λ =
    λ_max − 0.99·tol gives the line, λ = λ_max − 1.01·tol the active set.  Kills the mutants of the large-path factor
    of ``affine_tol`` (×, ÷, M, T) and of the evaluator's threshold (``M > LARGE_SITES``: no evaluator at exactly
    LARGE_SITES sites, so the blocked bound alone; the evaluator always: the factor below the threshold too)."""
    rng = np.random.default_rng(600)
    x = rng.permutation(np.arange(600.0) / 64 - 3.0)  # 600 distinct sites
    y = np.sin(x) + 0.3 * rng.standard_normal(600)
    _large(monkeypatch, 600)  # exactly at the threshold: the evaluator is used from LARGE_SITES sites on
    L = tv2_regression(x, y, 1.0).certificate.lam_max
    M = np.unique(x).size  # distinct sites: every weight is 1, Σ m|ȳ| = Σ|y|
    T = 256 + -(-M // 256)
    assert M == 600 and T == 259
    tol = (2 * T + 8) * EPS * math.fsum(np.abs(y)) * (x.max() - x.min()) * M / T
    assert tol < 1e-10 * L
    line = tv2_regression(x, y, L - 0.99 * tol)
    assert line.spline.n_knots == 0 and line.certificate.method.startswith("affine")
    engine_ = tv2_regression(x, y, L - 1.01 * tol)
    assert engine_.spline.n_knots >= 1 and engine_.certificate.method.startswith("primal-dual active set")
    # one site below the threshold: no evaluator, λ_max by blocked sums, the threshold without the factor M/T
    _large(monkeypatch, 601)
    L = tv2_regression(x, y, 1.0).certificate.lam_max
    tol *= T / M
    line = tv2_regression(x, y, L - 0.99 * tol)
    assert line.spline.n_knots == 0 and line.certificate.method.startswith("affine")
    engine_ = tv2_regression(x, y, L - 1.01 * tol)
    assert engine_.spline.n_knots >= 1 and engine_.certificate.method.startswith("primal-dual active set")


@pytest.mark.skipif(LD_EPS >= EPS, reason="numpy.longdouble is plain double here")
def test_certify_sums_an_extended_dual_point_in_extended_precision():
    """An extended-precision (longdouble) dual point is summed in extended precision: R = (1 + 2⁻⁶⁰)(1, −1, −1, 1)
    (not representable in double; ΣR = ΣRx = 0 exactly) against the zero spline on y = (1, −1, −1, 1) at x = 0..3,
    λ = 2 (|φ| ≤ 1 + 2⁻⁶⁰ inside the box): the gap is ½Σ(f − y + R)² = ½·4·2⁻¹²⁰ = 2⁻¹¹⁹ exactly (P − D with
    P = 2, D = 2 − 2·2⁻¹²⁰), the relative gap 2⁻¹²⁰.  Rounding R to double first (the sums in double precision) gives
    a gap of 0.  Kills the mutants of ``certify`` that choose double precision for a longdouble dual point."""
    xa, ya, order, data = _data([0, 1, 2, 3], [1, -1, -1, 1])
    R = (np.longdouble(1) + np.longdouble(2) ** -60) * np.array([1, -1, -1, 1], dtype=np.longdouble)
    assert R[0] != 1 and R.dtype == np.longdouble
    cert = certify(data, xa, ya, 2.0, 1.0, LinearSpline([], []), R, 0, "hand", order=order).certificate
    assert cert.gap == 2.0**-119 and cert.relative_gap == 2.0**-120
    assert cert.primal == 2.0 and cert.dual == 2.0 and cert.dual_infeasibility == 0.0


def test_two_sites_have_lambda_max_zero():
    """Two distinct sites: the least-squares line interpolates them, so λ_max = 0 exactly (the closed form: every
    residual vanishes) and the result is that line; computing the potential of the float line's residuals instead
    gives a rounding-level λ_max (3e-17 on the normalised data here).  Kills the mutants of the ``M > 2`` guard of
    λ_max in tv2_regression."""
    x, y = [0.261749948792537, 2.610434542726609], [1.8951213247291925, -2.9835689989791114]
    spline, cert = tv2_regression(x, y, 0.5)
    assert cert.lam_max == 0.0 and spline.n_knots == 0 and cert.method.startswith("affine")
    assert lambda_max([Fraction(v) for v in x], [Fraction(v) for v in y]) == 0


def _infeasibility_draws():
    """20 seeded draws (x, y, λ, data, r): 6 sorted sites on [0, 10], a dual point r orthogonal to the affine
    functions (as a dual point must be), λ of order 10²; shared by the dual-infeasibility tests."""
    rng = np.random.default_rng(0)
    for _ in range(20):
        x, y = np.sort(rng.uniform(0, 10, 6)), rng.normal(size=6)
        a = np.stack([np.ones(6), x], 1)
        r = rng.normal(size=6)
        r -= a @ np.linalg.lstsq(a, r, rcond=None)[0]
        lam = float(rng.uniform(0.01, 0.9)) * 1e3
        yield x, y, lam, prepare_1d(x, y, interpolation=False), r


def test_dual_infeasibility_is_relative_to_lambda():
    """A dual point outside the box is scaled into it; what remains of the excess is a rounding of the scaling,
    reported relative to λ: max(0, max|φ| − λ)/λ ≤ 4ε, and positive on some of these draws (λ of order 10², R of
    order 10³, so an absolute residue or one multiplied by λ would be far larger).  Kills the mutant that multiplies
    the excess by λ."""
    positive = 0
    for x, y, lam, data, r in _infeasibility_draws():
        cert = certify(data, x, y, lam, 1.0, LinearSpline([], []), r * 1e3, 0, "h", order=np.arange(6)).certificate
        assert 0 <= cert.dual_infeasibility <= 4 * EPS
        assert np.abs(cert.potential).max() <= lam * (1 + 4 * EPS)
        positive += cert.dual_infeasibility > 0
    assert positive >= 1


def test_certify_residuals_of_unit_data_without_order():
    """Distinct unsorted sites and no permutation: each raw point's residual is the dual point at its site (found by
    binary search).  Kills the mutants of that branch of ``certify``."""
    xa, ya = np.array([3.0, 0.0, 2.0, 1.0]), np.array([0.5, 1.0, -1.0, 2.0])
    data = prepare_1d(np.sort(xa), ya[np.argsort(xa)], interpolation=False)
    R = np.array([1.0, -1.0, -1.0, 1.0])  # at the sites 0, 1, 2, 3: ΣR = ΣRx = 0
    cert = certify(data, xa, ya, 5.0, 1.0, LinearSpline([], []), R, 0, "h").certificate
    assert cert.residuals.tolist() == [1.0, 1.0, -1.0, -1.0]


@pytest.mark.skipif(LD_EPS > 2.0**-62, reason="numpy.longdouble is not x87 extended precision here")
def test_potential_extended_takes_the_differences_of_double_sites_in_extended_precision():
    """The certificate passes the sites in double precision and ``_potential_extended`` subtracts them in extended
    precision: sites −1, 2⁻⁶⁰, 1 (spacings 1 + 2⁻⁶⁰ and 1 − 2⁻⁶⁰, not doubles), R = (1, 1, −2): φ = (0, 1 + 2⁻⁶⁰,
    (1 + 2⁻⁶⁰) + 2(1 − 2⁻⁶⁰) = 3 − 2⁻⁶⁰) exactly; spacings rounded to double give (0, 1, 3).  Kills
    ``_potential_extended`` 9, 12 (the ``dtype`` of the subtraction ``None`` or dropped)."""
    ld = np.longdouble
    phi = _potential_extended(np.array([-1.0, 2.0**-60, 1.0]), np.array([1.0, 1.0, -2.0]))
    assert phi.dtype == ld
    want = [ld(0), ld(1) + ld(2.0**-60), ld(3) - ld(2.0**-60)]
    assert all(p == w for p, w in zip(list(phi), want, strict=True))


@pytest.mark.skipif(LD_EPS > 2.0**-62, reason="numpy.longdouble is not x87 extended precision here")
def test_potential_plain_result_type_includes_the_running_sums_dtype_and_r():
    """The result type of ``potential_plain`` is that of the spacings, R and the running sums' ``dtype`` together:
    double spacings and R = (1, 2⁻⁶⁰, −1 − 2⁻⁶⁰) with ``dtype=longdouble`` give φ = (0, 1, 2 + 2⁻⁶⁰) in longdouble
    (a double result would round the last to 2); float32 spacings with float64 R and float32 running sums give a
    float64 result.  Kills ``potential_plain`` 15 (``dtype`` dropped from the result type) and 14 (R dropped)."""
    ld = np.longdouble
    R = np.array([1, 2.0**-60, -1], dtype=ld) - np.array([0, 0, 2.0**-60], dtype=ld)
    phi = potential_plain(np.array([1.0, 1.0]), R.astype(np.float64), dtype=ld)
    assert phi.dtype == ld and phi[2] == ld(2) + ld(2.0**-60)
    phi = potential_plain(np.array([1.0, 1.0]), R, dtype=ld)  # R itself in longdouble: the same
    assert phi.dtype == ld and list(phi) == [0, 1, ld(2) + ld(2.0**-60)]
    narrow = potential_plain(np.array([1.0, 2.0], dtype=np.float32), np.array([1.0, -1.0, 0.0]), dtype=np.float32)
    assert narrow.dtype == np.float64 and narrow.tolist() == [0.0, 1.0, 1.0]


def test_non_finite_float_arrays_are_named_by_their_input_position():
    """Unsorted float64 arrays with one non-finite entry: the refusal names the entry at its position in the input
    (x[1], y[1]), not at its position after sorting (x[3], y[0]), i.e. float arrays are validated before the sort.
    Kills ``_as_float_data`` 15 (``not`` dropped: non-finite arrays skip the early validation) and 16 (``and`` → ``or``:
    a non-finite entry in one of x, y skips it)."""
    x, y = np.array([3.0, 0.0, 1.0, 2.0]), np.array([1.0, 2.0, 3.0, 4.0])
    with pytest.raises(InvalidInput, match=r"^x\[1\] = nan is not finite"):
        tv2_regression(np.where(np.arange(4) == 1, np.nan, x), y, 0.1)
    with pytest.raises(InvalidInput, match=r"^y\[1\] = inf is not finite"):
        tv2_regression(x, np.where(np.arange(4) == 1, np.inf, y), 0.1)


# -- certify, complete run of 2026-12-04 ---------------------------------------------------------------------------
def test_certify_widens_a_float32_dual_point_to_extended_precision():
    """A float32 dual point is widened before any sum: R = a(1, −1, −1, 1), a = 1 + 2⁻¹² (a float32; ΣR = ΣRx = 0
    at x = 0..3, |φ| ≤ a < λ = 2) against the zero spline on y = (1, −1, −1, 1): D = 4a − 2a² = 2 − 2⁻²³ and the gap
    ½Σ(R − y)² = 2⁻²³ exactly (P = 2).  Squared in float32, a² = 1 + 2⁻¹¹ + 2⁻²⁴ rounds to 1 + 2⁻¹¹ and D becomes 2.
    Kills ``certify`` 40, 42 (``np.asarray(R)`` without ``dtype=wp``: a float32 R kept as it is)."""
    xa, ya, order, data = _data([0, 1, 2, 3], [1, -1, -1, 1])
    a = Fraction(1) + Fraction(1, 2**12)
    R = np.array([1, -1, -1, 1], dtype=np.float32) * np.float32(a)
    assert R.dtype == np.float32 and _q(R[0]) == a
    want_dual = 4 * a - 2 * a * a
    assert want_dual == 2 - Fraction(1, 2**23)
    cert = certify(data, xa, ya, 2.0, 1.0, LinearSpline([], []), R, 0, "hand", order=order).certificate
    assert _q(cert.dual) == want_dual and _q(cert.gap) == Fraction(1, 2**23) and cert.primal == 2.0
    assert cert.dual_point.dtype == np.float64 and [_q(v) for v in cert.dual_point] == [a, -a, -a, a]


@pytest.mark.skipif(LD_EPS >= EPS, reason="numpy.longdouble is plain double here")
def test_certify_sums_the_amplitudes_in_extended_precision():
    """λΣ|a_k| of the primal value is summed in extended precision: amplitudes (1, 2⁻⁵³, 2⁻⁵³) at knots 1, 2.5, 3.5
    on y = the spline's values rounded to double (0, 0, 1, 2, 3 at x = 0..4; the squared loss is below 2⁻¹⁰⁰),
    λ = 1, R = None (the residual, 0 here): P = 1 + 2⁻⁵² + O(2⁻¹⁰⁴), which rounds to 1 + 2⁻⁵²; summed in double,
    1 + 2⁻⁵³ rounds to 1 twice and P = 1.  Kills ``certify`` 85 (the amplitudes kept in float64)."""
    xa, ya, order, data = _data([0, 1, 2, 3, 4], [0, 0, 1, 2, 3])
    tiny = 2.0**-53
    spline = LinearSpline([1.0, 2.5, 3.5], [1.0, tiny, tiny], slope=0.0, intercept=0.0)
    ref = _reference(xa, ya, Fraction(1), spline, [0, 0, 0, 0, 0])
    assert ref["primal"] - (1 + Fraction(2) ** -52) < Fraction(2) ** -100
    cert = certify(data, xa, ya, 1.0, 1.0, spline, None, 0, "hand", order=order).certificate
    assert cert.primal == float(ref["primal"]) == 1 + 2.0**-52


def test_dual_infeasibility_counts_the_negative_side_of_the_potential():
    """The draws of test_dual_infeasibility_is_relative_to_lambda with the dual point negated (φ negated: its peak
    |φ| is now a minimum): the rounding residue of the scaling, max(0, max_j|φ_j| − λ)/λ, is the same, so it is
    positive on some draws here too, and never above 4ε.  Kills ``certify`` 234 (``max(hi, +lo)``: only the
    positive side of φ counted)."""
    positive = 0
    for x, y, lam, data, r in _infeasibility_draws():
        up = certify(data, x, y, lam, 1.0, LinearSpline([], []), r * 1e3, 0, "h", order=np.arange(6)).certificate
        down = certify(data, x, y, lam, 1.0, LinearSpline([], []), -r * 1e3, 0, "h", order=np.arange(6)).certificate
        assert np.array_equal(down.potential, -up.potential)
        assert down.dual_infeasibility == up.dual_infeasibility
        assert 0 <= down.dual_infeasibility <= 4 * EPS
        positive += down.dual_infeasibility > 0
    assert positive >= 1


@pytest.mark.parametrize("x", [[0.0, 5e-324, 1.0, 2.0, 3.0], [0.0, 5e-324, 1.0], [-1.0, 0.0, 5e-324]],
                         ids=["first-spacing", "second-last", "last-spacing"])
def test_sites_a_subnormal_apart_are_normalised_by_the_whole_range(x):
    """The normalisation x -> (x - centre)/sx takes sx from the whole range x_max - x_min (a power of two): a scale
    from one subnormal spacing (5e-324) would put the other sites at ~1e323, beyond float64, and the fit would fail
    with NaN slopes.  The certificate (weak duality, an independent check of the fit) closes and the fit is finite.
    Kills regression._normalise 7, 8, 9 (the range read as x[1] - x[0], x[-2] - x[0] or x[-1] - x[1])."""
    x = np.array(x)
    y = np.arange(x.size, dtype=float) % 2
    fit = tv2_regression(x, y, 0.1)
    assert fit.certificate.relative_gap <= 1e-9
    assert np.all(np.isfinite(fit.spline(x)))
