"""Tests of radontv.rates.slopes: the log-log exponent and its percentile bootstrap interval over seeds.

Expected slopes come from routes independent of the code under test: exact power laws built by hand (the slope is
the exponent used to build them) and numpy's ``polyfit`` (a different least-squares algorithm).  The interval is
tested by its coverage over many simulated experiments with a known exponent.  Each property has a negative control
(a wrong fit or a wrong exponent that the same comparison must reject).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from radontv import InvalidInput
from radontv.rates.slopes import Exponent, bootstrap_mean, fit_exponent, small_sample_factor

RTOL = 1e-9  # float64 logs and sums of <= 12 terms; relative to max(|slope|, 1) (slopes are O(1) exponents)

exponents = st.floats(-2.0, 1.0, allow_nan=False)
scales = st.sampled_from([1e-8, 1.0, 1e8])


@st.composite
def size_grids(draw):
    first = draw(st.integers(1, 50))
    ratios = draw(st.lists(st.integers(2, 4), min_size=1, max_size=7))
    sizes = [first]
    for r in ratios:
        sizes.append(sizes[-1] * r)
    return sizes


@st.composite
def noisy_experiments(draw):
    sizes = draw(size_grids())
    seeds = draw(st.integers(2, 10))
    noise = np.array(draw(st.lists(st.floats(-1.0, 1.0), min_size=seeds * len(sizes), max_size=seeds * len(sizes))))
    errors = np.exp(noise.reshape(seeds, len(sizes))) * np.asarray(sizes, dtype=float) ** -0.5
    return sizes, errors


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= RTOL * max(abs(a), abs(b), 1.0)


def _assert_power_law_recovered(fit, alpha, constants, sizes):
    errors = np.outer(constants, np.asarray(sizes, dtype=float) ** alpha)
    e = fit(sizes, errors)
    assert _close(e.value, alpha), (e.value, alpha)
    assert _close(e.interval[0], alpha) and _close(e.interval[1], alpha), (e.interval, alpha)


@given(exponents, st.lists(st.floats(0.1, 10.0), min_size=2, max_size=6), size_grids(), scales)
def test_exact_power_law_gives_its_exponent(alpha, constants, sizes, scale):
    """errors[s, j] = c_s n_j^alpha: the mean over seeds is (mean c) n_j^alpha, so every bootstrap slope is alpha."""
    _assert_power_law_recovered(fit_exponent, alpha, scale * np.asarray(constants), sizes)


def test_negative_control_wrong_fit_is_caught():
    """The same comparison rejects a fit of log(error) against the size instead of log(size)."""
    def wrong_fit(sizes, errors):
        x = np.asarray(sizes, dtype=float)
        slope = float(np.polyfit(x, np.log(np.mean(errors, axis=0)), 1)[0])
        return Exponent(slope, (slope, slope), 0.95, tuple(sizes), len(errors))

    with pytest.raises(AssertionError):
        _assert_power_law_recovered(wrong_fit, -0.5, [1.0, 2.0], [4, 8, 16, 32])


@given(noisy_experiments())
def test_slope_agrees_with_polyfit(experiment):
    """The point estimate equals numpy.polyfit's slope of log(mean error) on log(size) (independent algorithm)."""
    sizes, errors = experiment
    expected = float(np.polyfit(np.log(sizes), np.log(errors.mean(axis=0)), 1)[0])
    e = fit_exponent(sizes, errors, resamples=50)
    assert _close(e.value, expected)
    assert e.interval[0] <= e.value <= e.interval[1]
    assert e.sizes == tuple(sizes) and e.seeds == errors.shape[0] and e.level == 0.95
    # negative control: the slope of the mean of logs (a different estimator) differs when the noise is not flat
    other = float(np.polyfit(np.log(sizes), np.log(errors).mean(axis=0), 1)[0])
    if not _close(other, expected):
        assert not _close(e.value, other)


@given(noisy_experiments(), st.sampled_from([1e-8, 1e8]))
def test_scale_free(experiment, scale):
    """Multiplying every error by 1e-8 or 1e8 leaves the slope and the interval unchanged."""
    sizes, errors = experiment
    a = fit_exponent(sizes, errors, resamples=100)
    b = fit_exponent(sizes, errors * scale, resamples=100)
    assert _close(a.value, b.value)
    assert _close(a.interval[0], b.interval[0]) and _close(a.interval[1], b.interval[1])


def test_extreme_scales_do_not_overflow():
    sizes = [1, 2, 4, 8]
    errors = np.array([[1.0, 0.7, 0.5, 0.35], [1.1, 0.72, 0.49, 0.36]])
    ref = fit_exponent(sizes, errors)
    for scale in (1e-300, 1e300):
        e = fit_exponent(sizes, errors * scale)
        assert _close(e.value, ref.value) and all(math.isfinite(v) for v in e.interval)


@pytest.mark.parametrize("seeds", [4, 8])
def test_bootstrap_coverage_and_negative_control(seeds):
    """Over 300 simulated experiments with exponent -1/2 the 90% interval covers -1/2 in about 90% of them (a
    binomial(300, 0.9) count is >= 255 with probability > 0.99); it covers a wrong exponent (-1/2 + 0.3) rarely.
    Negative control: the plain percentile interval (no small-sample factor) under-covers with 4 seeds."""
    rng = np.random.default_rng(20261203 + seeds)
    sizes = np.array([4, 8, 16, 32, 64])
    hits = wrong = plain = 0
    runs = 300
    for _ in range(runs):
        errors = sizes ** -0.5 * np.exp(0.3 * rng.standard_normal((seeds, sizes.size)))
        e = fit_exponent(sizes, errors, level=0.9, resamples=200)
        hits += e.contains(-0.5)
        wrong += e.contains(-0.2)
        kappa = small_sample_factor(seeds, 0.9)
        lo, hi = e.value - (e.value - e.interval[0]) / kappa, e.value + (e.interval[1] - e.value) / kappa
        plain += lo <= -0.5 <= hi
    assert hits >= 255, hits
    assert wrong <= 0.1 * runs, wrong
    if seeds == 4:
        assert plain < 250, plain


def test_small_sample_factor_against_tables():
    """Student t and normal quantiles from printed tables (Abramowitz & Stegun 26.7 / 26.2): t_{1,.975} = 12.706,
    t_{7,.975} = 2.365, t_{29,.975} = 2.045, z_{.975} = 1.960, t_{7,.95} = 1.895, z_{.95} = 1.645."""
    for seeds, level, t, z in [(2, 0.95, 12.706, 1.960), (8, 0.95, 2.365, 1.960), (30, 0.95, 2.045, 1.960),
                               (8, 0.9, 1.895, 1.645)]:
        expected = t / z * math.sqrt(seeds / (seeds - 1))
        assert abs(small_sample_factor(seeds, level) - expected) <= 1e-3 * expected
    assert 1 < small_sample_factor(10_000, 0.95) < 1.001


@given(st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=20))
def test_bootstrap_mean(values):
    mean, lo, hi = bootstrap_mean(values, resamples=100)
    assert abs(mean - math.fsum(values) / len(values)) <= 1e-12 * max(max(abs(v) for v in values), 1e-300)
    assert lo <= mean <= hi
    assert min(values) - abs(hi - lo) <= lo and hi <= max(values) + abs(hi - lo)
    if len(set(values)) == 1:
        assert lo == mean == hi


def test_bootstrap_mean_bad_input():
    for values in ([1.0], [], [[1.0, 2.0]], [1.0, math.nan], [math.inf, 1.0]):
        with pytest.raises(InvalidInput):
            bootstrap_mean(values)
    with pytest.raises(InvalidInput, match="level"):
        bootstrap_mean([1.0, 2.0], level=1.5)


def test_deterministic_given_seed():
    rng = np.random.default_rng(7)
    errors = np.exp(rng.standard_normal((6, 4)))
    a = fit_exponent([1, 2, 4, 8], errors, seed=3)
    b = fit_exponent([1, 2, 4, 8], errors.copy(), seed=3)
    c = fit_exponent([1, 2, 4, 8], errors, seed=4)
    assert a == b
    assert a.value == c.value and a.interval != c.interval  # negative control: the seed does drive the bootstrap


def test_contains_and_as_dict():
    e = Exponent(value=-0.5, interval=(-0.6, -0.4), level=0.95, sizes=(4, 8), seeds=3)
    assert e.contains(-0.6) and e.contains(-0.4) and e.contains(-0.5)
    assert not e.contains(-0.2) and not e.contains(-0.61)
    assert e.as_dict() == {"value": -0.5, "interval": [-0.6, -0.4], "level": 0.95, "sizes": [4, 8], "seeds": 3}


@pytest.mark.parametrize("sizes, errors, match", [
    ([4], [[1.0], [2.0]], "at least 2 sizes"),
    ([4, 8], [[1.0, 0.5]], "at least 2 seeds"),
    ([4, 4], [[1.0, 0.5], [1.0, 0.5]], "distinct"),
    ([0, 4], [[1.0, 0.5], [1.0, 0.5]], ">= 1"),
    ([-4, 4], [[1.0, 0.5], [1.0, 0.5]], ">= 1"),
    ([2.5, 4], [[1.0, 0.5], [1.0, 0.5]], "integers"),
    ([4, 8], [[1.0, 0.0], [1.0, 0.5]], "> 0"),
    ([4, 8], [[1.0, -1.0], [1.0, 0.5]], "> 0"),
    ([4, 8], [[1.0, math.nan], [1.0, 0.5]], "finite"),
    ([4, 8], [[1.0, math.inf], [1.0, 0.5]], "finite"),
    ([4, 8], [1.0, 0.5], "shape"),
    ([4, 8, 16], [[1.0, 0.5], [1.0, 0.5]], "shape"),
    ([4, 8], [["a", "b"], ["c", "d"]], "numeric"),
    ("ab", [[1.0, 0.5], [1.0, 0.5]], "integers"),
])
def test_bad_input(sizes, errors, match):
    with pytest.raises(InvalidInput, match=match):
        fit_exponent(sizes, errors)


@pytest.mark.parametrize("kwargs, match", [
    ({"level": 0.0}, "level"), ({"level": 1.0}, "level"), ({"level": math.nan}, "level"),
    ({"resamples": 5}, "resamples"), ({"resamples": 100.0}, "resamples"), ({"seed": -1}, "seed"),
])
def test_bad_options(kwargs, match):
    with pytest.raises(InvalidInput, match=match):
        fit_exponent([1, 2], [[1.0, 0.5], [1.0, 0.6]], **kwargs)
