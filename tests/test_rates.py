"""Property tests and negative controls of the rates family (docs/rates.md).

For every claim ``rates.<stem>``: ``test_<stem>`` is a hypothesis property on generated instances, checked against a
route written here (exact enumeration of every draw or sign pattern, exact rationals, sympy's closed forms), and
``test_<stem>_negative_control`` hands the claim's check a wrong variant of the piece under test (the exponent -1/d
for Maurey, a bound missing sqrt(N), a d-independent kernel exponent, a gap that does not decay, the half-sphere
constant) and requires the verdict ``refuted``.  The measured checks run on small grids here (few seeds, two
dimensions, ``dims=``): each experiment runs once per process (``checks.rates`` caches it) and every hypothesis
example re-judges its summary.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from radontv.checks import rates as checks
from radontv.theory import rates as theory

from radontv import InvalidInput, Verdict
from radontv.testing import scaled_examples

CONTROLS = scaled_examples(0.02, minimum=3)
SMALL_MAUREY = {"dims": (2, 10), "examples": 4}
SMALL_RADEMACHER = {"dims": (1, 5), "examples": 3}
SMALL_ESTIMATION = {"dims": (4,), "examples": 3}
SMALL_GAP = {"dims": (2,), "examples": 3}


def _refuted(result) -> None:
    assert result.verdict is Verdict.REFUTED, result


# -- instances --------------------------------------------------------------------------------------------------------
@st.composite
def maurey_targets(draw, outputs: int = 1):
    """A small target sum_m a_m sigma(w_m.x - b_m) (M <= 3 atoms, unit normals) and a few points in [0, 1]^d."""
    d = draw(st.sampled_from((1, 2, 5, 20)))
    M = draw(st.integers(2, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    W = rng.standard_normal((M, d))
    W /= np.linalg.norm(W, axis=1, keepdims=True)
    X = rng.random((draw(st.integers(3, 6)), d))
    b = np.sum(W * rng.random((M, d)), axis=1)
    A = rng.standard_normal((M, outputs)) * draw(st.sampled_from((1e-8, 1.0, 1e8)))
    return W, b, A, X, draw(st.integers(1, 3))


def _exact_mean_square(W, b, A, X, K):
    """E ||f - f_K||^2 on the points, by enumerating every K-tuple of draws (probability |a_m| / ||nu||)."""
    phi = np.maximum(X @ W.T - b, 0.0)  # (n, M)
    norms = np.linalg.norm(A, axis=1)
    nu, p = norms.sum(), norms / norms.sum()
    f = phi @ A
    total = 0.0
    for tup in itertools.product(range(len(p)), repeat=K):
        fk = sum(nu * phi[:, [m]] * (A[m] / norms[m]) for m in tup) / K
        total += np.prod(p[list(tup)]) * np.mean(np.sum((f - fk) ** 2, axis=1))
    g2 = nu * np.dot(norms, np.mean(phi**2, axis=0))  # E||g||^2 = ||nu||^2 sum_m p_m ||phi_m||^2
    return total, (g2 - np.mean(np.sum(f**2, axis=1))) / K, nu * np.sqrt(np.max(np.mean(phi**2, axis=0)))


def _draws_mean_square(W, b, A, X, K, draws, seed):
    """The mean over ``draws`` of ||f - f_K||^2 with f_K from the implementation's maurey_draw, and its std error."""
    from radontv.rates.maurey import maurey_draw

    rng = np.random.default_rng(seed)
    f = np.maximum(X @ W.T - b, 0.0) @ A
    values = []
    for _ in range(draws):
        Wk, bk, Ak = maurey_draw(W, b, A, K, rng)
        values.append(np.mean(np.sum((f - np.maximum(X @ Wk.T - bk, 0.0) @ Ak) ** 2, axis=1)))
    v = np.asarray(values)
    return v.mean(), v.std(ddof=1) / math.sqrt(draws)


def _maurey_property(target, seed):
    W, b, A, X, K = target
    exact, identity, root_bound = _exact_mean_square(W, b, A, X, K)
    scale = exact + identity
    assert abs(exact - identity) <= 1e-9 * scale + 1e-300, (exact, identity)  # the variance identity, exactly
    assert identity <= root_bound**2 / K * (1 + 1e-12)  # the bound ||nu||^2 C^2 / K
    mean, err = _draws_mean_square(W, b, A, X, K, 300, seed)
    assert abs(mean - exact) <= 6 * err + 1e-9 * scale, (mean, exact, err)  # the implementation's draws


# -- rates.maurey_rate (F1) -------------------------------------------------------------------------------------------
@given(target=maurey_targets(), seed=st.integers(0, 2**16))
@settings(max_examples=scaled_examples(0.05, minimum=8))
def test_maurey_rate(target, seed):
    """E||f - f_K||^2 = (E||g||^2 - ||f||^2)/K <= ||nu||^2 C^2/K by exact enumeration of the draws, and the
    implementation's Maurey draws average to it (6 standard errors); at every scale of the amplitudes."""
    _maurey_property(target, seed)


@given(wrong=st.sampled_from([lambda d: -1 / d, lambda d: -1.0, lambda d: -0.25]))
@settings(max_examples=CONTROLS)
def test_maurey_rate_negative_control(wrong):
    _refuted(checks.check_maurey_rate(**SMALL_MAUREY, exponent=wrong))


# -- rates.vector_maurey (F2) -----------------------------------------------------------------------------------------
@given(target=maurey_targets(outputs=3), seed=st.integers(0, 2**16))
@settings(max_examples=scaled_examples(0.05, minimum=6))
def test_vector_maurey(target, seed):
    """The same identity with D = 3 outputs, and SPLN24 Thm 3's D^{3/2} bound above it."""
    _maurey_property(target, seed)
    W, b, A, X, K = target
    _, identity, root_bound = _exact_mean_square(W, b, A, X, K)
    assert identity <= (3**1.5 * root_bound) ** 2 / K


@given(wrong=st.sampled_from([lambda d: -1 / d, lambda d: -1.0]))
@settings(max_examples=CONTROLS)
def test_vector_maurey_negative_control(wrong):
    _refuted(checks.check_vector_maurey(**SMALL_MAUREY, exponent=wrong))


# -- rates.rademacher (D15) -------------------------------------------------------------------------------------------
def _sup_brute(x, eps, half):
    """d = 1: max over w = +-1, b in {data} U {+-half}, s = +-1 of (s/N) sum eps_n sigma(w x_n - b), by hand."""
    best = 0.0
    for w in (1.0, -1.0):
        for bb in [*(w * x), -half, half]:
            if abs(bb) <= half:
                best = max(best, abs(float(np.sum(eps * np.maximum(w * x - bb, 0.0)))))
    return best / len(x)


@given(n=st.integers(2, 8), seed=st.integers(0, 2**32 - 1), C=st.sampled_from((1e-8, 2.0, 1e8)))
@settings(max_examples=scaled_examples(0.1))
def test_rademacher(n, seed, C):
    """d = 1: the exact R(F) over all 2^N sign patterns (sup by hand over the breakpoints) is <= 2C/sqrt(N), and the
    implementation's exact b-search agrees with the hand sup on every pattern."""
    from radontv.rates.rademacher import neuron_sup

    rng = np.random.default_rng(seed)
    x = (rng.random(n) - 0.5) * C  # |x_n| <= C/2
    half = C / 2
    sups = []
    for signs in itertools.product((-1.0, 1.0), repeat=n):
        eps = np.array(signs)
        mine = _sup_brute(x, eps, half)
        theirs = neuron_sup(x[:, None], eps, np.array([[1.0], [-1.0]]), half)[0]
        assert abs(mine - theirs) <= 1e-12 * C, (mine, theirs)
        sups.append(mine)
    complexity = 2 * float(np.mean(sups))
    assert complexity <= 2 * C / math.sqrt(n) * (1 + 1e-12), (complexity, 2 * C / math.sqrt(n))


@given(wrong=st.sampled_from([lambda n, b, c: 2 * b * c, lambda n, b, c: 2 * b * c / n]))
@settings(max_examples=CONTROLS)
def test_rademacher_negative_control(wrong):
    """A bound missing sqrt(N) (2BC: the rate; 2BC/N: the inequality) is refuted."""
    _refuted(checks.check_rademacher(**SMALL_RADEMACHER, bound=wrong))


# -- rates.network_estimation (F3) and rates.linear_curse (F4) --------------------------------------------------------
@given(d=st.integers(1, 10**6))
def test_network_estimation(d):
    """The conjectured exponents (UNCONFIRMED) in exact rationals: (d+3)/(2d+3) in (1/2, 4/5], decreasing, and the
    derivation's closed form of theory.conjectured_network_exponent agrees."""
    alpha = Fraction(d + 3, 2 * d + 3)
    assert Fraction(1, 2) < alpha <= Fraction(4, 5)
    assert alpha - Fraction(1, 2) == Fraction(3, 2 * (2 * d + 3))
    assert Fraction(d + 4, 2 * d + 5) < alpha
    assert sympy.Rational(alpha.numerator, alpha.denominator) == theory.conjectured_network_exponent(sympy.Integer(d))


@given(ceiling=st.sampled_from([-2.0, -5.0]))
@settings(max_examples=CONTROLS)
def test_network_estimation_negative_control(ceiling):
    """An impossible ceiling (faster than N^-2) is refuted: the check can fail on the measured exponents."""
    _refuted(checks.check_network_estimation(**SMALL_ESTIMATION, ceiling=lambda d: ceiling))


@given(d=st.integers(1, 10**6))
def test_linear_curse(d):
    """3/(d+3) (UNCONFIRMED) in exact rationals: 3/4 at d = 1, decreasing to 0, below (d+3)/(2d+3) by
    d^2/((2d+3)(d+3))."""
    beta = Fraction(3, d + 3)
    assert 0 < beta <= Fraction(3, 4) and Fraction(3, d + 4) < beta
    assert Fraction(d + 3, 2 * d + 3) - beta == Fraction(d * d, (2 * d + 3) * (d + 3)) > 0
    assert sympy.Rational(beta.numerator, beta.denominator) == theory.conjectured_kernel_exponent(sympy.Integer(d))


@given(value=st.sampled_from([-0.1, -1.5]))
@settings(max_examples=CONTROLS)
def test_linear_curse_negative_control(value):
    """A d-independent kernel exponent far from the measured one (-0.1: no learning to speak of; -1.5: faster than
    parametric) is refuted.  (A d-independent value near the measured exponents, e.g. -0.75, is *not* refuted on the
    small grids: the kernel's degradation is not visible at N <= 256 on this target, see docs/rates.md.)"""
    _refuted(checks.check_linear_curse(**SMALL_ESTIMATION, exponent=lambda d: value))


# -- rates.gaussian_finite (F5) ---------------------------------------------------------------------------------------
@given(d=st.integers(1, 10))
@settings(max_examples=scaled_examples(0.02, minimum=4))
def test_gaussian_finite(d):
    """radontv.radon.gaussian_rtv2 is finite, positive and below the exact Plancherel bound; for odd d it equals the
    sympy Hermite-root sum.  (Even d against the 1F1 closed forms: check_gaussian_finite.)"""
    from radontv.radon import gaussian_rtv2

    dps = 15
    with mpmath.workdps(dps):
        value = gaussian_rtv2(d, dps=dps).value
        bound = mpmath.mpmathify(sympy.N(theory.gaussian_rtv2_bound(d), dps + 5))
        assert mpmath.isfinite(value) and 0 < value < bound
        if d % 2 == 1:
            other = mpmath.mpmathify(sympy.N(theory.gaussian_rtv2_hermite(d), dps + 5))
            assert abs(value - other) <= mpmath.mpf(10) ** (-(dps - 5)) * value


@given(factor=st.sampled_from([2, sympy.Rational(1, 2)]))
@settings(max_examples=CONTROLS)
def test_gaussian_finite_negative_control(factor):
    """The half-sphere constant 2c_d (or c_d/2) on the full sphere is refuted."""
    wrong = lambda d: factor / (2 * (2 * sympy.pi) ** (d - 1))  # noqa: E731
    _refuted(checks.check_gaussian_finite(examples=1, constant=wrong))


# -- rates.generalization_gap (F6) ------------------------------------------------------------------------------------
@given(n=st.integers(2, 10**6), B=st.floats(1e-3, 1e3), C=st.floats(1e-3, 1e3))
def test_generalization_gap(n, B, C):
    """The complexity term of the gap bound, L R(F) <= 2BC/sqrt(N), decays at least like N^-1/4 up to its constant:
    (2BC/sqrt(N)) / (2BC N^-1/4) = N^-1/4 <= 1, at every scale of B and C."""
    term = 2 * B * C / math.sqrt(n)
    assert term <= 2 * B * C * n**-0.25 * (1 + 1e-12)
    assert term / (2 * B * C * n**-0.25) == pytest.approx(n**-0.25, rel=1e-12)


@given(floor=st.sampled_from([0.5, 1.0]))
@settings(max_examples=CONTROLS)
def test_generalization_gap_negative_control(floor):
    """A gap that grows with N (exponent >= 1/2 or >= 1) is refuted by the measured exponents.  ("Does not decay",
    floor 0, needs more seeds than this small grid to be refuted: see docs/rates.md.)"""
    _refuted(checks.check_generalization_gap(**SMALL_GAP, floor=lambda d: floor))


# -- the judging rule itself ------------------------------------------------------------------------------------------
@given(value=st.floats(-3, 3), lo=st.floats(-3, 3), width=st.floats(0, 2))
def test_outside_is_the_distance_to_the_interval(value, lo, width):
    hi = lo + width
    gap = checks.outside(value, (lo, hi))
    assert gap >= 0 and (gap == 0) == (lo <= value <= hi)
    assert gap == pytest.approx(max(lo - value, value - hi, 0.0), abs=1e-12)


def test_judge_rules():
    J = checks.Judgement

    def verdict(judgements):
        return checks.judge("x.y", judgements, [], instances=1).verdict

    assert verdict([J("a", 0.0)]) is Verdict.CONSISTENT
    assert verdict([J("a", 0.0), J("b", 0.1)]) is Verdict.REFUTED
    assert verdict([J("a", 0.1, open=True)]) is Verdict.UNDETERMINED
    assert verdict([J("a", 0.1, open=True), J("b", 0.05)]) is Verdict.REFUTED
    assert verdict([]) is Verdict.UNDETERMINED
    with pytest.raises(InvalidInput, match="finite"):
        verdict([J("a", math.nan)])
    assert checks.simultaneous_level(5) == pytest.approx(0.99)


@pytest.mark.parametrize("kwargs, match", [
    ({"examples": 1}, "examples"), ({"examples": True}, "examples"), ({"seed": -1}, "seed"),
    ({"dims": ()}, "dims"), ({"dims": (0,)}, "dims"), ({"dps": 0}, "dps"),
])
def test_bad_input(kwargs, match):
    with pytest.raises(InvalidInput, match=match):
        checks.check_maurey_rate(**kwargs)


def test_derivations_close():
    """The sympy derivations of the family close (the Gaussian's, slower, runs in `radontv check rates`)."""
    for derive in (theory.derive_maurey_rate, theory.derive_vector_maurey, theory.derive_rademacher,
                   theory.derive_network_estimation, theory.derive_linear_curse):
        derivation = derive()
        assert derivation.verdict is Verdict.PROVED, derivation.message


def test_check_seeds_are_disjoint_batches_of_task_seeds():
    """`radontv check rates --seeds N` must run N independent batches, not N overlapping windows of seeds."""
    from radontv.checks.rates import run_experiment

    batches = [{task.seed for task in run_experiment("rademacher", "quick", 3, seed, (1,))[0]} for seed in range(3)]
    assert batches == [{0, 1, 2}, {3, 4, 5}, {6, 7, 8}]
