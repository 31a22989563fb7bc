"""TV² regression at moderate N (issue 14): the warm-started engine keeps its certificate and its iteration count.

Independent routes: the certified gap is re-derived in exact rational arithmetic from function-space weak duality
(the returned spline's exact objective against the exact dual value of the certificate's residuals, projected exactly
onto Σr = Σrx = 0 and scaled into |φ| ≤ λ — no code of radontv.regression is used); the warm start is compared with
the cold start (no coarse levels), a different route to the same unique fitted values; the rounding bound of the
potential with an exact rational potential.  Negative controls: a perturbed spline fails the exact gap bound, the cold
start fails the iteration-growth bound, and the rounding error that the bound covers is not zero.  No timing
assertions.  Data are fixed (seeded numpy generators), so every count is deterministic.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

import radontv.regression_active_set as engine
from radontv.errors import InvalidInput
from radontv.linear_spline import LinearSpline
from radontv.regression import lambda_max, tv2_regression
from radontv.regression_certificate import EPS, potential, rounding_bound

#: The certified relative duality gap promised at every N (issue 14).
GAP = 1e-9
#: Iterations on the full data at N = 2·10⁴ are at most this factor times those at N = 2·10³ (warm start).
GROWTH = 1.5


def _data(n: int, seed: int = 20260) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 1.0, n)
    y = np.sin(6 * x) + 0.5 * np.abs(x - 0.4) + 0.3 * rng.standard_normal(n)
    return x, y


def _cold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_COARSE_MIN_SITES", 10**12)  # no coarse level: the active set from no knot


# -- the exact weak-duality gap ----------------------------------------------------------------------------------------
def _exact_gap(x: np.ndarray, y: np.ndarray, lam: Fraction, spline: LinearSpline, r: np.ndarray) -> tuple[Fraction,
                                                                                                            Fraction]:
    """(primal, dual) in exact arithmetic: P(f) = ½Σ(f(x_n) − y_n)² + λ TV²(f) of the spline, and the dual value of
    r after an exact projection onto Σr = Σrx = 0 and a scaling into sup|φ| ≤ λ (a feasible dual point)."""
    order = np.argsort(x, kind="stable")
    X = [Fraction(float(v)) for v in x[order]]
    Y = [Fraction(float(v)) for v in y[order]]
    R = [Fraction(float(v)) for v in r[order]]
    n = len(X)
    # exact least-squares fit of r by α + β x; subtracting it leaves Σr = Σrx = 0
    sx, sxx = sum(X), sum(v * v for v in X)
    sr, srx = sum(R), sum(a * b for a, b in zip(R, X, strict=True))
    det = n * sxx - sx * sx
    beta = (n * srx - sx * sr) / det
    alpha = (sr - beta * sx) / n
    R = [ri - alpha - beta * xi for ri, xi in zip(R, X, strict=True)]
    assert sum(R) == 0 and sum(a * b for a, b in zip(R, X, strict=True)) == 0
    # φ(x_j) = Σ_{i<j} r_i (x_j − x_i) at the sites (φ is linear between sites and zero outside)
    peak, phi, slope = Fraction(0), Fraction(0), Fraction(0)
    for j in range(1, n):
        slope += R[j - 1]
        phi += slope * (X[j] - X[j - 1])
        peak = max(peak, abs(phi))
    if peak > lam:
        R = [ri * lam / peak for ri in R]
    dual = sum(a * b for a, b in zip(R, Y, strict=True)) - sum(a * a for a in R) / 2
    exact = spline.as_exact()
    fitted = exact(np.array(X, dtype=object))
    primal = sum((f - v) ** 2 for f, v in zip(fitted, Y, strict=True)) / 2 + lam * exact.tv2()
    return primal, dual


@pytest.mark.parametrize("frac", [Fraction(1, 10), Fraction(1, 1000)])
def test_certified_gap_holds_exactly_at_moderate_n(frac):
    x, y = _data(6000)  # above the warm-start threshold: the coarse levels run
    assert x.size >= engine._COARSE_MIN_SITES
    lam = Fraction(float(frac * Fraction(lambda_max(x, y))))
    spline, cert = tv2_regression(x, y, lam)
    primal, dual = _exact_gap(x, y, lam, spline, cert.residuals)
    assert dual <= primal  # weak duality (exact)
    assert primal - dual <= Fraction(GAP) * primal
    assert cert.relative_gap <= GAP
    # negative control: a slightly wrong spline (one amplitude off by 10⁻⁴ of itself) is refuted by the same route
    amps = spline.amplitudes.copy()
    amps[0] *= 1 + 1e-4
    wrong = LinearSpline(spline.knots, amps, slope=spline.slope, intercept=spline.intercept)
    p_wrong, d_wrong = _exact_gap(x, y, lam, wrong, cert.residuals)
    assert p_wrong - d_wrong > Fraction(GAP) * p_wrong


# -- warm start = cold start ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("frac", [0.3, 1e-2])
def test_warm_start_reaches_the_cold_start_optimum(frac, monkeypatch):
    x, y = _data(6000, seed=7)
    lam = frac * lambda_max(x, y)
    warm = tv2_regression(x, y, lam).certificate
    guess, spent = engine.warm_start(*_normalised(x, y), lam / _lam_unit(x, y))
    _cold(monkeypatch)
    cold = tv2_regression(x, y, lam).certificate
    assert np.array_equal(warm.active_sites, cold.active_sites)
    assert np.array_equal(warm.active_signs, cold.active_signs)
    assert abs(warm.primal - cold.primal) <= 1e-12 * cold.primal
    # negative control: the coarse guess itself is not the answer (the full-data active set did the work)
    assert spent > 0 and not np.array_equal(np.flatnonzero(guess), warm.active_sites)


def _normalised(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The engine's data: sorted distinct sites scaled as tv2_regression does (powers of two), weights 1."""
    order = np.argsort(x)
    xs, ys = x[order], y[order]
    sx = 2.0 ** np.frexp(xs[-1] - xs[0])[1]
    sy = 2.0 ** np.frexp(np.abs(ys).max())[1]
    return (xs - (xs[0] + xs[-1]) / 2) / sx, ys / sy, np.ones(x.size)


def _lam_unit(x: np.ndarray, y: np.ndarray) -> float:
    return float(2.0 ** np.frexp(x.max() - x.min())[1] * 2.0 ** np.frexp(np.abs(y).max())[1])


# -- iterations do not grow with N ---------------------------------------------------------------------------------
FRACS = [0.3, 0.1, 1e-2, 1e-3]


def _iterations(n: int) -> list[int]:
    x, y = _data(n)
    lmax = lambda_max(x, y)
    return [tv2_regression(x, y, f * lmax).certificate.iterations for f in FRACS]


def _grows_at_most(small: list[int], large: list[int]) -> bool:
    return all(b <= GROWTH * a for a, b in zip(small, large, strict=True))


def test_iteration_count_does_not_grow_from_2e3_to_2e4():
    small, large = _iterations(2_000), _iterations(20_000)
    assert _grows_at_most(small, large), (small, large)


def test_negative_control_the_cold_start_grows(monkeypatch):
    small = _iterations(2_000)  # below the warm-start threshold: cold either way
    _cold(monkeypatch)
    large = _iterations(20_000)
    assert not _grows_at_most(small, large), (small, large)


# -- the rounding bound of the potential ---------------------------------------------------------------------------
@pytest.mark.parametrize("scale", [1e-8, 1.0, 1e8])
def test_rounding_bound_covers_the_blocked_potential(scale):
    rng = np.random.default_rng(11)
    M = 3000  # several blocks of the blocked prefix sums
    x = np.sort(rng.uniform(-0.5, 0.5, M))
    m = rng.integers(1, 4, M).astype(np.float64)
    y = scale * rng.standard_normal(M)
    u = y + scale * 1e-3 * rng.standard_normal(M)  # a fit close to the data: R is a small difference
    phi = potential(x, m * (y - u))
    bound = rounding_bound(x, m, y, u, EPS)
    R = [Fraction(float(mi)) * (Fraction(float(a)) - Fraction(float(b))) for mi, a, b in zip(m, y, u, strict=True)]
    exact, slope, errors = Fraction(0), Fraction(0), [0.0]
    for j in range(1, M):
        slope += R[j - 1]
        exact += slope * (Fraction(float(x[j])) - Fraction(float(x[j - 1])))
        errors.append(abs(float(Fraction(float(phi[j])) - exact)))
    err = np.array(errors)
    assert np.all(err <= bound)
    assert err.max() > 0  # negative control: rounding happens, so the bound is not vacuously met


def test_a_certificate_beyond_the_float64_range_is_refused_not_returned():
    """At |y| ~ 1e200 the fit itself is computed in the normalised scale, but the certificate's ½Σ(y − f)² is about
    1e400: it was returned as primal = dual = inf with relative gap NaN (or 0), an unverified result.  Now
    FitNotCertified says what overflowed and what to do.  Control: the same data at 1e150 (objective ~1e300, within
    range) is certified, and its fit is the 1e150 multiple of the fit at scale 1 (powers of ten: to rounding)."""
    from radontv import FitNotCertified

    rng = np.random.default_rng(0)
    x, y = np.sort(rng.uniform(-1, 1, 40)), rng.standard_normal(40)
    remedy = (r"so the fit cannot be certified; divide y and λ by the same power of two \(the fit scales exactly\) "
              r"and multiply the result back$")
    refusal = r"^the certificate's values are not finite in double precision .*" + remedy
    with pytest.raises(FitNotCertified, match=refusal):
        tv2_regression(x, y * 1e200, 1e198)
    big, unit = tv2_regression(x, y * 1e150, 1e148), tv2_regression(x, y, 1e-2)
    assert abs(big.certificate.relative_gap) <= 1e-9
    np.testing.assert_allclose(big.spline(x) / 1e150, unit.spline(x), rtol=1e-9)


def unit_data() -> tuple[np.ndarray, np.ndarray]:
    """40 sorted sites in [−1, 1] and values with max |y| = 1 (seeded): the base of the float64-range sweeps."""
    rng = np.random.default_rng(0)
    x, y = np.sort(rng.uniform(-1, 1, 40)), rng.standard_normal(40)
    return x, y / np.abs(y).max()


_EDGE_EXPONENTS = (-320, -300, -150, 0, 150, 300, 307)


@pytest.mark.parametrize("ex", _EDGE_EXPONENTS)
def test_data_at_the_edges_of_float64_give_a_result_or_the_packages_error(ex):
    """x and y scaled by 10^e from subnormal (1e-320) to near the largest double (1e307), λ from 0 to 1e300.  Either a
    result with a finite certificate comes back, or FitNotCertified / InvalidInput with the remedy; never another
    exception (a ZeroDivisionError when sx·sy underflowed, an OverflowError from 2¹⁰²⁴, an InvalidInput about
    "amplitudes" the user never passed) and never a RuntimeWarning (filterwarnings = error).  Control: at the
    ordinary scales the fit is certified."""
    from radontv import FitNotCertified

    x, y = unit_data()
    outcomes = []
    for ey in _EDGE_EXPONENTS:
        for lam in (0.0, 1e-300, 1.0, 1e300):
            try:
                cert = tv2_regression(x * 10.0**ex, y * 10.0**ey, lam).certificate
            except (FitNotCertified, InvalidInput) as exc:
                assert "power of two" in str(exc)  # the message says what to do
                outcomes.append("refused")
                continue
            assert math.isfinite(cert.relative_gap) and math.isfinite(cert.primal) and math.isfinite(cert.dual)
            outcomes.append("certified" if cert.relative_gap <= 1e-9 else "returned")
    if ex == 0:  # control: 1e-300 ≤ |y| ≤ 1e150 at x ~ 1 is certified at every λ; subnormal y only for λ > 0
        assert outcomes[:16] == ["refused"] + ["certified"] * 15


def test_overflowing_data_are_refused_with_the_packages_error():
    """The exact cases that raised something else before: y at 1.7e308 (OverflowError from the power of two 2¹⁰²⁴;
    λ_max of data whose |y|·range overflows returned inf),
    y at 1e307 with λ = 1e305 (InvalidInput about non-finite "amplitudes"), x and y subnormal (ZeroDivisionError:
    sx·sy underflowed), x ~ 1e-300 with λ = 1e300 (λ/(sx·sy) overflowed; the affine fit is the answer), x spanning
    ±1e308 (its range overflowed)."""
    from radontv import FitNotCertified
    from radontv.regression import lambda_max

    x, y = unit_data()
    with pytest.raises(FitNotCertified, match="power of two"):
        tv2_regression(x, y * 1.7e308, 1e300)
    with pytest.raises(FitNotCertified, match=r"^the fitted spline's slopes or values are not finite"):
        tv2_regression(x, y * 1e307, 1e305)
    with pytest.raises(InvalidInput, match=r"^λ_max = .* exceeds the float64 range"):
        lambda_max(x * 1e100, y * 1e300)  # λ_max ~ |y|·range of x ~ 1e400
    assert math.isfinite(lambda_max(x, y * 1.7e308))  # control: within range (was OverflowError from 2¹⁰²⁴)
    with pytest.raises(InvalidInput, match="below the normal float64 range"):  # was ZeroDivisionError
        tv2_regression(x * 1e-320, y * 1e-320, 0.0)  # λ = 0: the interpolant, whose knots would lose precision
    tiny = tv2_regression(x * 1e-320, y * 1e-320, 1e-300)  # λ > 0: solved in normalised units
    assert math.isfinite(tiny.certificate.relative_gap)
    affine = tv2_regression(x * 1e-300, y, 1e300)  # λ ≫ λ_max: the least-squares line, certified
    assert affine.spline.knots.size == 0 and affine.certificate.relative_gap <= 1e-9
    with pytest.raises(InvalidInput, match=r"^x spans from -1e\+308 to 1e\+308, beyond the float64 range"):
        tv2_regression(np.linspace(-1.0, 1.0, 30) * 1e308, np.sin(np.arange(30.0)), 1.0)
    # x near the top of the range with an ordinary span: the centre (x₀ + x_M)/2 is formed without overflow
    top = tv2_regression(np.linspace(1.0, 1.7, 30) * 1e308, np.sin(np.arange(30.0)), 1.0)
    assert top.certificate.relative_gap <= 1e-9


def test_each_refusal_names_its_cause_and_the_whole_remedy():
    """The messages in full (they are the user's instructions): the spline's slopes (one change of slope overflows
    while the first slope and the intercept are finite; and an affine fit whose slope overflows at x₀ = 0, where
    slope·x₀ is inf·0), the fit's float64 range (two values ±1e300 at one site: their spread overflows), λ_max, and
    the range of x."""
    from radontv import FitNotCertified
    from radontv.regression import lambda_max

    x = np.arange(40.0)
    x[21] = x[20] + 1e-3
    y = np.zeros(40)
    y[21] = 1e306  # slopes ±1e309 around x₂₀ … x₂₁, gentle elsewhere
    spline_remedy = (r"\): y is too large for the spacing of x \(slopes beyond the float64 range, about 1\.8e308\), so "
                     r"the fit cannot be returned; divide y and λ by the same power of two \(the fit scales exactly\) "
                     r"and multiply the result back$")
    with pytest.raises(FitNotCertified, match=r"^the fitted spline's slopes or values are not finite in double "
                       r"precision \(largest change of slope inf, first slope 0\.0015, intercept -0\.0143"
                       + spline_remedy):
        tv2_regression(x, y, 1.0)
    with pytest.raises(FitNotCertified, match=r"\(largest change of slope 0, first slope inf, intercept nan"
                       + spline_remedy):
        tv2_regression(np.linspace(0.0, 1e-10, 5), np.linspace(0.0, 1e300, 5), 1e300)  # affine: no knot
    xr, yr = unit_data()
    with pytest.raises(FitNotCertified, match=r"^a value of the fit left the float64 range \(overflow encountered in "
                       r"\w+\): the data are too large or too finely spaced for double precision; divide y and λ by "
                       r"the same power of two \(the fit scales exactly\), or rescale x by a power of two \(λ with "
                       r"the same factor\), and scale the result back$"):  # the spread at a repeated site overflows
        tv2_regression([0.0, 0.0, 1.0, 2.0, 3.0], [1e300, -1e300, 0.0, 1.0, 0.0], 1.0)
    with pytest.raises(InvalidInput, match=r"^λ_max = [\d.e+-]+·[\d.e+-]+·[\d.e+-]+ exceeds the float64 range for "
                       r"these data \(\|y\| times the range of x beyond about 1e308\): divide y by a power of two "
                       r"\(λ_max scales with it\)$"):
        lambda_max(xr * 1e100, yr * 1e300)
    with pytest.raises(InvalidInput, match=r"^x spans from -1e\+308 to 1e\+308, beyond the float64 range \(about "
                       r"1\.8e308\): rescale x by a power of two \(and λ with it: TV² scales by the inverse\)$"):
        tv2_regression(np.linspace(-1.0, 1.0, 30) * 1e308, np.sin(np.arange(30.0)), 1.0)


@pytest.mark.parametrize("kind", ["ordinary", "offset", "top of the range", "narrow y", "wide x", "huge y"])
def test_normalised_data_are_centred_and_scaled_by_the_powers_of_two_just_above(kind):
    """The contract of the solver's normalisation (regression._normalise): sx, sy powers of two with
    sx/2 < range of x ≤ sx and sy/2 ≤ max|y| < sy (sy at most 2¹⁰²³), the sites centred: x₁ and x_M map to
    ∓(range/2)/sx, inside [−½, ½].  Also for sites near 1.7e308 (x₁ + x_M overflows; the centre is formed from
    halves).  Independent route: exact rationals of the same doubles.  Negative control: a centre formed with x₂
    instead of x₁ misplaces x₁ by half a spacing, far beyond the rounding of the centre."""
    from radontv.regression import _normalise

    rng = np.random.default_rng(3)
    x = np.sort(rng.uniform(-1, 1, 25))
    y = rng.standard_normal(25)
    if kind == "offset":
        x = x + 1e8
    elif kind == "top of the range":
        x = np.linspace(1.0, 1.7, 25) * 1e308
    elif kind == "narrow y":
        y = y * 1e-3
    elif kind == "wide x":  # a range above 2¹⁰²³ ≈ 8.99e307: sx stops at 2¹⁰²³ (|x − centre|/sx < 1 then)
        x = np.linspace(-0.8, 0.8, 25) * 1e308
    elif kind == "huge y":  # max |y| above 2¹⁰²³: sy stops at 2¹⁰²³ (|y|/sy < 2 then)
        y = y / np.abs(y).max() * 1.7e308
    sx, sy, xs, ys = _normalise(x, y)
    span, ymax = Fraction(float(x[-1])) - Fraction(float(x[0])), max(abs(Fraction(float(v))) for v in y)
    top = Fraction(2) ** 1023
    assert math.frexp(sx)[0] == 0.5 and math.frexp(sy)[0] == 0.5  # powers of two
    assert Fraction(sx) == top if span >= top else Fraction(sx) / 2 < span <= Fraction(sx)
    assert Fraction(sy) == top if ymax >= top else Fraction(sy) / 2 <= ymax < Fraction(sy)
    half = span / 2 / Fraction(sx)
    centre = (Fraction(float(x[0])) + Fraction(float(x[-1]))) / 2
    ulp = Fraction(math.ulp(float(centre))) / Fraction(sx)
    assert abs(Fraction(float(xs[0])) + half) <= ulp and abs(Fraction(float(xs[-1])) - half) <= ulp
    assert -half - ulp <= xs.min() and xs.max() <= half + ulp and half <= (1 if span >= top else Fraction(1, 2))
    assert np.array_equal(ys, y / sy)
    wrong = (x - (x[1] + x[-1]) / 2) / sx if kind != "top of the range" else (x - (x[1] / 2 + x[-1] / 2)) / sx
    assert abs(Fraction(float(wrong[0])) + half) > ulp  # the control: off by half a spacing
