"""Property tests of radontv.deep.schatten: weight decay on L stacked linear layers = (L/2) sum s_i^(2/L) (E6).

Expected values come from routes independent of the SVD used by the code under test: eigenvalues of the Gram matrix
W^T W (numpy ``eigvalsh`` / mpmath ``eigsy``), numpy's nuclear norm, exact sums of squares, and random invertible
reparametrisations of the factorisation.  Every property has a negative control (a wrong constant or exponent that
the same comparison must reject).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from radontv import InvalidInput
from radontv.deep import balanced_factorization, schatten_weight_decay

DPS = 50
FLOAT_RTOL = 2.0**-36  # SVD and eigvalsh each lose a few bits on 5 x 5 matrices; relative to the values compared

scales = st.sampled_from([1e-8, 1.0, 1e8])
depths = st.integers(min_value=1, max_value=6)


@st.composite
def int_matrices(draw, max_side=5):
    m = draw(st.integers(1, max_side))
    n = draw(st.integers(1, max_side))
    rows = draw(st.lists(st.lists(st.integers(-9, 9), min_size=n, max_size=n), min_size=m, max_size=m))
    return np.array(rows, dtype=np.int64)


def _product(factors):
    P = factors[0]
    for F in factors[1:]:
        P = F.dot(P)
    return P


def _half_sum_sq(factors):
    return sum(0.5 * float(np.sum(np.asarray(F, dtype=float) ** 2)) for F in factors)


def _gram_eigenvalues(W):
    """Nonzero eigenvalues of the exact integer Gram matrix W^T W at 50 digits (mpmath's Jacobi ``eigsy``).

    An integer PSD matrix of size <= 5 with entries <= 2025 has nonzero eigenvalues >= 2025^-4 (their product is a
    positive integer), so eigenvalues below 1e-30 are rounding-level zeros."""
    G = W.T @ W if W.shape[1] <= W.shape[0] else W @ W.T
    with mpmath.workdps(DPS):
        lam = mpmath.eigsy(mpmath.matrix(G.tolist()), eigvals_only=True)
        return [x for x in lam if x > mpmath.mpf(10) ** -30]


def _closed_form_gram(W, L, scale=1.0):
    """(L/2) sum_i lambda_i^(1/L) * scale^(2/L) from the eigenvalues of the Gram matrix, not from an SVD."""
    with mpmath.workdps(DPS):
        total = mpmath.fsum(mpmath.root(x, L) for x in _gram_eigenvalues(W))
        return float(mpmath.mpf(L) / 2 * total * mpmath.mpf(scale) ** (mpmath.mpf(2) / L))


# -- value and balanced factorisation (float) ---------------------------------------------------------------------
@given(W=int_matrices(), L=depths, scale=scales)
def test_balanced_factorization_attains_closed_form(W, L, scale):
    Wf = W.astype(float) * scale
    factors = balanced_factorization(Wf, L)
    assert len(factors) == L
    norm = float(np.linalg.norm(Wf)) or 1.0
    assert np.max(np.abs(_product(factors) - Wf)) <= FLOAT_RTOL * norm
    value = schatten_weight_decay(Wf, L)
    expected = _closed_form_gram(W, L, scale)
    assert abs(value - expected) <= FLOAT_RTOL * expected
    assert abs(_half_sum_sq(factors) - expected) <= FLOAT_RTOL * expected
    # inner widths: min(m, n)
    p = min(W.shape)
    assert all(F.shape[0] == p for F in factors[:-1]) and factors[-1].shape == (W.shape[0], p if L > 1 else W.shape[1])


@given(W=int_matrices(), L=st.integers(2, 6))
def test_negative_control_wrong_constants_refuted(W, L):
    """Without the 1/2, or with L in place of L/2, the balanced factorisation's weight decay disagrees."""
    Wf = W.astype(float)
    if not np.any(Wf):
        return
    factors = balanced_factorization(Wf, L)
    expected = _closed_form_gram(W, L)
    no_half = 2 * _half_sum_sq(factors)
    assert abs(no_half - expected) > 0.5 * expected  # off by a factor 2
    wrong_constant = L * float(np.sum(np.linalg.svd(Wf, compute_uv=False) ** (2.0 / L)))
    assert abs(_half_sum_sq(factors) - wrong_constant) > 0.5 * expected


def _random_invertible(rng, p):
    while True:
        G = rng.normal(size=(p, p))
        if abs(np.linalg.det(G)) > 0.1:
            return G


@given(W=int_matrices(), L=st.integers(2, 5), seed=st.integers(0, 2**32 - 1), scale=scales)
def test_random_factorizations_never_below(W, L, seed, scale):
    Wf = W.astype(float) * scale
    rng = np.random.default_rng(seed)
    factors = balanced_factorization(Wf, L)
    p = factors[0].shape[0]
    Gs = [_random_invertible(rng, p) for _ in range(L - 1)]
    moved = [Gs[0] @ factors[0]]
    for i in range(1, L - 1):
        moved.append(Gs[i] @ factors[i] @ np.linalg.inv(Gs[i - 1]))
    moved.append(factors[-1] @ np.linalg.inv(Gs[-1]))
    norm = float(np.linalg.norm(Wf)) or 1.0
    assert np.max(np.abs(_product(moved) - Wf)) <= 1e-8 * norm  # still a factorisation of W
    value = schatten_weight_decay(Wf, L)
    assert _half_sum_sq(moved) >= value * (1 - FLOAT_RTOL)
    # negative control: the claimed minimum with L in place of L/2 is undercut by the balanced factorisation
    if np.any(Wf):
        assert _half_sum_sq(factors) < 2 * value * (1 - FLOAT_RTOL)


@given(W=int_matrices(), scale=scales)
def test_L2_is_nuclear_norm(W, scale):
    Wf = W.astype(float) * scale
    nuc = float(np.linalg.norm(Wf, "nuc"))
    assert abs(schatten_weight_decay(Wf, 2) - nuc) <= FLOAT_RTOL * max(nuc, 1e-300)


def test_L2_negative_control_frobenius_is_not_nuclear():
    W = np.array([[3.0, 0.0], [0.0, 4.0]])
    assert schatten_weight_decay(W, 2) == pytest.approx(7.0, rel=1e-15)
    assert abs(schatten_weight_decay(W, 2) - float(np.linalg.norm(W, "fro"))) > 1.0  # 7 vs 5


@given(W=int_matrices(), num=st.integers(-5, 5), den=st.integers(1, 7))
def test_L1_exact_half_frobenius(W, num, den):
    Wq = [[Fraction(int(x)) * Fraction(num, den) for x in row] for row in W]
    value = schatten_weight_decay(Wq, 1)
    assert isinstance(value, Fraction)
    assert value == Fraction(1, 2) * sum(x * x for row in Wq for x in row)
    assert value != sum(x * x for row in Wq for x in row) or value == 0  # negative control: without the 1/2
    assert balanced_factorization(Wq, 1)[0].tolist() == Wq


# -- 50 digits -------------------------------------------------------------------------------------------------------
@given(W=int_matrices(max_side=4), L=st.integers(2, 5))
def test_mp_50_digits(W, L):
    with mpmath.workdps(DPS):
        Wm = np.array([[mpmath.mpf(int(x)) for x in row] for row in W], dtype=object)
        value = schatten_weight_decay(Wm, L)
        assert isinstance(value, mpmath.mpf)
        lam = _gram_eigenvalues(W)
        expected = mpmath.mpf(L) / 2 * mpmath.fsum(mpmath.root(x, L) for x in lam)
        tol = mpmath.mpf(10) ** (-(DPS - 5)) * expected
        assert abs(value - expected) <= tol
        factors = balanced_factorization(Wm, L)
        assert all(isinstance(x, mpmath.mpf) for F in factors for x in F.flat)
        residual = max(abs(x) for x in (_product(factors) - Wm).flat)
        assert residual <= mpmath.mpf(10) ** (-(DPS - 5)) * (1 + max(abs(int(x)) for x in W.flat))
        half = mpmath.fsum(x * x for F in factors for x in F.flat) / 2
        assert abs(half - value) <= mpmath.mpf(10) ** (-(DPS - 5)) * (value + 1)
        # negative control: the exponent 1/L in place of 2/L is refuted at 50 digits unless all s_i are 0 or 1
        wrong = mpmath.mpf(L) / 2 * mpmath.fsum(mpmath.root(mpmath.sqrt(x), L) for x in lam if x > 0)
        if any(abs(x - 1) > mpmath.mpf(10) ** -10 for x in lam):
            assert abs(wrong - value) > tol


def test_exact_input_returns_mp_at_current_precision():
    W = [[Fraction(1, 3), 2], [1, Fraction(-5, 7)]]
    with mpmath.workdps(DPS):
        value = schatten_weight_decay(W, 2)
        assert isinstance(value, mpmath.mpf)
        Wm = mpmath.matrix([[mpmath.mpf(1) / 3, 2], [1, mpmath.mpf(-5) / 7]])
        # nuclear norm of a 2x2 matrix: sqrt(||W||_F^2 + 2 |det W|), an independent closed form
        expected = mpmath.sqrt(mpmath.fsum(x**2 for x in Wm) + 2 * abs(mpmath.det(Wm)))
        assert abs(value - expected) <= mpmath.mpf(10) ** (-(DPS - 3)) * expected
        assert mpmath.mp.dps == DPS
        assert abs(value - mpmath.sqrt(mpmath.fsum(x**2 for x in Wm))) > 0.1  # control: Frobenius is not it


# -- rank limit --------------------------------------------------------------------------------------------------------
@given(W=int_matrices(max_side=3), pad=st.tuples(st.integers(0, 2), st.integers(0, 2)))
def test_rank_limit(W, pad):
    """(2/L) * value = sum s_i^(2/L) -> rank(W); exact zero singular values come from zero padding."""
    m, n = W.shape
    big = np.zeros((m + pad[0], n + pad[1]))
    big[:m, :n] = W
    with mpmath.workdps(DPS):
        rank = int(np.linalg.matrix_rank(W.astype(float)))  # small integer matrix: float rank is exact here
        lam = [x for x in mpmath.eigsy(mpmath.matrix((W.T @ W).tolist()), eigvals_only=True)
               if x > mpmath.mpf(10) ** -30]
        assert len(lam) == rank
        log_spread = mpmath.fsum(abs(mpmath.log(x)) for x in lam)  # sum |ln s_i^2|
        errors = []
        for L in (10, 100, 1000, 10**5):
            value = schatten_weight_decay(big, L)
            normalised = 2 * mpmath.mpf(value) / L
            err = abs(normalised - rank)
            errors.append(err)
            # |s^(2/L) - 1| = |exp(ln(s^2)/L) - 1| <= (|ln s^2|/L) exp(|ln s^2|/L)
            assert err <= log_spread / L * mpmath.exp(log_spread / L) + mpmath.mpf(10) ** -12
            assert abs(value - rank) > rank * (L / 2 - 1) - err - 1e-9  # control: unnormalised value diverges
        if rank:
            assert errors[-1] <= errors[0]


# -- bad input ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("L", [0, -1, 1.5, 2.0, "2", True, None])
def test_bad_depth(L):
    with pytest.raises(InvalidInput, match="L must be"):
        schatten_weight_decay([[1.0]], L)
    with pytest.raises(InvalidInput, match="L must be"):
        balanced_factorization([[1.0]], L)


@pytest.mark.parametrize(
    "W", [[[1.0, float("nan")]], [[float("inf")]], [1.0, 2.0], [[[1.0]]], np.zeros((0, 3)), [[1.0, 2.0], [3.0]],
          [[mpmath.mpf("inf")]], 3.0],
)
def test_bad_matrix(W):
    with pytest.raises(InvalidInput):
        schatten_weight_decay(W, 2)
    with pytest.raises(InvalidInput):
        balanced_factorization(W, 3)


def test_good_input_accepted_control():
    """Control for the bad-input tests: the same calls with valid arguments succeed."""
    assert schatten_weight_decay([[1.0, 0.0]], 2) == 1.0
    assert len(balanced_factorization(np.eye(2), 3)) == 3


@given(A=int_matrices(max_side=4), seed=st.integers(0, 2**32 - 1), arithmetic=st.sampled_from(["float", "mp"]))
def test_rank_limit_of_a_product(A, seed, arithmetic):
    """W = A B with B of full row rank has rank(A) (exactly, by integer arithmetic); its SVD gives rounding-level
    singular values for the zero ones, which must not count as 1 in the limit (the documented cutoff)."""
    rng = np.random.default_rng(seed)
    r = A.shape[1]
    B = np.vstack([np.eye(r, dtype=np.int64), rng.integers(-3, 4, (1, r))]).T  # r x (r + 1), full row rank
    W = A @ B
    rank = _rank_exact(A)
    L = 10**6
    with mpmath.workdps(DPS):
        Wk = W.astype(float) if arithmetic == "float" else np.array(
            [[mpmath.mpf(int(x)) for x in row] for row in W], dtype=object)
        normalised = 2 * mpmath.mpf(schatten_weight_decay(Wk, L)) / L
        lam = _gram_eigenvalues(W)
        assert len(lam) == rank
        spread = mpmath.fsum(abs(mpmath.log(x)) for x in lam)
        assert abs(normalised - rank) <= spread / L * mpmath.exp(spread / L) + 1e-9
        assert abs(normalised - min(W.shape)) > 0.5 or rank == min(W.shape)  # control: not the full size


def _rank_exact(A):
    return sympy.Matrix(A.tolist()).rank()
