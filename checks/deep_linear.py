r"""Numeric checks of the Schatten-2/L claims of the deep family (catalog E6), re-exported by
:mod:`radontv.checks.deep`.

Routes shared with nothing in :mod:`radontv.deep.schatten`: singular values from ``mpmath.svd_r`` cut at the exact rank
(Gaussian elimination in rationals), a balanced factorisation built here, random invertible reparametrisations and
random rational factorisations of other widths (exact products).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import mpmath
import sympy

from radontv.evidence import Agreement, CheckResult
from radontv.precision import raised_precision_note, validate_dps, working_dps

from . import deep_exact as ex
from .deep_common import Missing as _Missing  # noqa: F401
from .deep_common import frob2 as _frob2
from .deep_common import honest as _honest
from .deep_common import impl as _impl
from .deep_common import mpmatrix as _mpmatrix
from .deep_common import rows as _rows
from .deep_common import to_mp as _mp

__all__ = [
    "check_schatten",
    "check_schatten_rank_limit",
    "matrix_product",
    "reparametrise_factors",
    "singular_values",
    "svd_factors",
]

F = Fraction
HALF = Fraction(1, 2)  # the ½ of weight decay


# -- deep.schatten (E6) -----------------------------------------------------------------------------------------------
def _random_matrix(rng: random.Random, m: int, n: int, r: int | None = None) -> ex.Matrix:
    """A random rational m x n matrix of rank at most ``r`` (a product of m x r and r x n factors)."""
    if r is None:
        return [[ex.rational(rng) for _ in range(n)] for _ in range(m)]
    return ex.matmul(_random_matrix(rng, m, r), _random_matrix(rng, r, n))


def _schatten_instances(rng: random.Random, examples: int) -> list[tuple[str, ex.Matrix]]:
    out = [("diag(3, 4)", [[F(3), F(0)], [F(0), F(4)]]),
           ("rank 1, 3 x 2", [[F(1), F(2)], [F(2), F(4)], [F(-1), F(-2)]]),
           ("zero block", [[F(1), F(2), F(0)], [F(3), F(5), F(0)], [F(0), F(0), F(0)]])]
    for i in range(examples):
        m, n = rng.randint(1, 4), rng.randint(1, 4)
        r = rng.randint(1, min(m, n))
        out.append((f"random {m} x {n} of rank <= {r} #{i}", _random_matrix(rng, m, n, r)))
    return out


def singular_values(W: ex.Matrix) -> list[mpmath.mpf]:
    """The nonzero singular values of a rational W: mpmath's SVD (decreasing), truncated at the exact rank."""
    r = ex.rank(W)
    s = mpmath.svd_r(_mpmatrix(W), compute_uv=False)
    return sorted((s[i] for i in range(len(s))), reverse=True)[:r]


def svd_factors(W: ex.Matrix, L: int) -> list[mpmath.matrix]:
    r"""The balanced factorisation built here from ``mpmath.svd_r`` at the exact rank r: :math:`\Sigma^{1/L}V^\top`,
    :math:`\Sigma^{1/L}` (L - 2 times), :math:`U\Sigma^{1/L}` (widths r)."""
    r = ex.rank(W)
    U, S, Vt = mpmath.svd_r(_mpmatrix(W), full_matrices=False)
    root = [mpmath.root(S[i], L) for i in range(r)]
    first = mpmath.matrix([[root[i] * Vt[i, j] for j in range(Vt.cols)] for i in range(r)])
    last = mpmath.matrix([[U[i, j] * root[j] for j in range(r)] for i in range(U.rows)])
    middle = [mpmath.diag(root) for _ in range(L - 2)]
    return [first, *middle, last] if L > 1 else [_mpmatrix(W)]


def matrix_product(factors: Sequence[Any]) -> mpmath.matrix:
    out = _mpmatrix(factors[0]) if not isinstance(factors[0], mpmath.matrix) else factors[0]
    for A in factors[1:]:
        out = (A if isinstance(A, mpmath.matrix) else _mpmatrix(A)) * out
    return out


def reparametrise_factors(factors: list[mpmath.matrix], rng: random.Random) -> list[mpmath.matrix]:
    r""":math:`W_\ell \to G_\ell W_\ell G_{\ell-1}^{-1}` with random invertible rational :math:`G_\ell` (the product is
    unchanged; :math:`G_0 = G_L = I`)."""
    out, prev_inv = [], None
    for i, A in enumerate(factors):
        B = A if prev_inv is None else A * prev_inv
        if i < len(factors) - 1:
            h = A.rows
            while True:
                G = _random_matrix(rng, h, h)
                if ex.rank(G) == h:
                    break
            Gm = _mpmatrix(G)
            B = Gm * B
            prev_inv = mpmath.inverse(Gm)
        out.append(B)
    return out


def _random_rational_factorisation(W: ex.Matrix, L: int, rng: random.Random) -> list[ex.Matrix] | None:
    r"""Random rational factors of widths :math:`h \ge n`: :math:`W_1, \dots, W_{L-1}` random and
    :math:`W_L = W P^+` with :math:`P = W_{L-1}\cdots W_1` of full column rank, so :math:`W_L P = W` exactly."""
    n = len(W[0])
    widths = [n] + [n + rng.randint(0, 2) for _ in range(L - 1)]
    factors = [_random_matrix(rng, widths[i + 1], widths[i]) for i in range(L - 1)]
    P = [[F(int(i == j)) for j in range(n)] for i in range(n)]
    for A in factors:
        P = ex.matmul(A, P)
    if ex.rank(P) < n:
        return None
    Pt = ex.transpose(P)
    G = ex.matmul(Pt, P)
    Ginv = [[F(x.p, x.q) for x in row] for row in sympy.Matrix(G).inv().tolist()]
    return [*factors, ex.matmul(ex.matmul(W, Ginv), Pt)]


@functools.cache
def _derived_value() -> tuple[Any, Any, Any]:
    """The derivation's closed form (L/2) sum_{i<=r} s_i^(2/L) (:func:`radontv.theory.deep.derive_schatten`)."""
    from radontv.theory import deep as theory

    results = theory.derive_schatten().results
    value = results["value"]
    r = next(sym for sym in value.free_symbols if sym.name == "r")
    return value, results["L"], (results["s"], r)


def _derived_at(s: Sequence[mpmath.mpf], L: int, dps: int) -> mpmath.mpf:
    """The derivation's closed form evaluated at the singular values ``s`` and depth ``L``."""
    value, L_sym, (s_base, r) = _derived_value()
    expr = value.subs({L_sym: L, r: len(s)}).doit()
    expr = expr.subs({s_base[i + 1]: sympy.Float(mpmath.nstr(x, dps + 5), dps + 5) for i, x in enumerate(s)})
    return mpmath.mpf(str(sympy.N(expr, dps + 5)))


@_honest("deep.schatten")
def check_schatten(*, dps: int = 50, examples: int = 20, seed: int = 0, half: Fraction = HALF,
                   constant: Callable[[int], Fraction] | None = None) -> CheckResult:
    r"""Check catalog E6: :math:`\min\{\text{half}\cdot\sum_\ell\|W_\ell\|_F^2 : W_L\cdots W_1 = W\} =
    \text{constant}(L)\sum_i s_i^{2/L}` with half = 1/2, constant(L) = L/2, attained by the balanced factorisation.

    Routes, for L = 1..5 on rational W (some rank-deficient): :func:`radontv.deep.schatten_weight_decay` against the
    closed form with mpmath's singular values cut at the exact rank (itself compared with the derivation's
    expression, :func:`radontv.theory.deep.derive_schatten`); :func:`radontv.deep.balanced_factorization`
    (product = W, objective = the value) and the same factorisation built here from ``mpmath.svd_r``; random
    reparametrisations :math:`G_\ell W_\ell G_{\ell-1}^{-1}` and random rational factorisations of other widths
    (exact products) never below the value.  Negative controls: ``half=1`` (weight decay without ½) and
    ``constant=lambda L: L`` are refuted.
    """
    asked, dps = dps, working_dps(dps, lost_digits=8)  # the loss declared below; raised when dps is too low for it
    const = constant or (lambda L: F(L, 2))
    value_fn = _impl("radontv.deep", "schatten_weight_decay")
    factor_fn = _impl("radontv.deep", "balanced_factorization")
    rng = random.Random(seed)
    # lost_digits: the SVD at dps digits and L-th roots of its singular values lose a few digits, products of up
    # to 5 factors and inverses of random 4 x 4 reparametrisations a few more
    # (one Agreement: the exact facts recorded too are side conditions, the claim itself is checked at dps digits)
    num = Agreement("deep.schatten", dps=dps, lost_digits=8, route="mpmath.svd_r closed form, balanced factors "
                    "from both routes, random factorisations never below (random rational ones exactly)")
    num.note(raised_precision_note(asked, dps, lost_digits=8))
    with mpmath.workdps(dps):
        for label, W in _schatten_instances(rng, examples):
            Wm = _mpmatrix(W)
            scale = mpmath.sqrt(_mp(_frob2(W)))
            s = singular_values(W)
            for L in range(1, 6):
                tag = f"{label}, L = {L}"
                expected = _mp(const(L)) * mpmath.fsum(x ** (mpmath.mpf(2) / L) for x in s)
                got = value_fn(W, L)
                if s:
                    num.compare(expected, _derived_at(s, L, dps), instance=f"closed form vs the derivation: {tag}")
                if isinstance(got, Fraction) and L == 1 and isinstance(const(L), Fraction):
                    num.compare(got, const(L) * _frob2(W), instance=f"value: {tag}")
                else:
                    num.compare(_mp(got), expected, instance=f"value: {tag}")
                routes = [("balanced_factorization", factor_fn(W, L))]
                if s:  # (W = 0 has no factorisation of width rank W = 0 to build here)
                    routes.append(("svd_r", svd_factors(W, L)))
                for route, factors in routes:
                    P = matrix_product(factors)
                    for i in range(Wm.rows):
                        for j in range(Wm.cols):
                            num.compare(P[i, j], Wm[i, j], scale=scale, instance=f"{route} product [{i},{j}]: {tag}")
                    objective = _mp(half) * mpmath.fsum(_mp(_frob2(_rows(A))) for A in factors)
                    num.compare(objective, expected, instance=f"{route} objective: {tag}")
                    if route == "svd_r" and L > 1:
                        for _ in range(2):
                            moved = reparametrise_factors(factors, rng)
                            obj = _mp(half) * mpmath.fsum(_mp(_frob2(_rows(A))) for A in moved)
                            num.at_least(obj, expected, instance=f"reparametrised: {tag}")
                rational = _random_rational_factorisation(W, L, rng)
                if rational is not None:
                    P = rational[0]
                    for A in rational[1:]:
                        P = ex.matmul(A, P)
                    num.holds(P == W, instance=f"random rational factorisation reproduces W: {tag}")
                    obj = half * sum((_frob2(A) for A in rational), start=F(0))
                    num.at_least(_mp(obj), expected, instance=f"random rational factorisation: {tag}")
    return num.result()


# -- deep.schatten_rank_limit (E6) ------------------------------------------------------------------------------------
@_honest("deep.schatten_rank_limit")
def check_schatten_rank_limit(*, dps: int = 50, examples: int = 20, seed: int = 0,
                              normalisation: Callable[[int], Fraction] | None = None) -> CheckResult:
    r"""Check :math:`(2/L)\cdot\mathrm{value} = \sum_i s_i^{2/L} \to \operatorname{rank} W` as :math:`L \to \infty`.

    For rational W of exact rank r (Gaussian elimination) and L = 2, 8, 64, 512, 4096: normalisation(L) times
    :func:`radontv.deep.schatten_weight_decay` must equal :math:`\sum_{i\le r}s_i^{2/L}` (mpmath's SVD) and lie within
    the mean-value bound :math:`|\sum_i s_i^{2/L} - r| \le \sum_i \tfrac2L|\ln s_i|\,e^{\frac2L|\ln s_i|}` of the rank,
    a bound that tends to 0.  Negative control: ``normalisation=lambda L: 1/L`` (a 1/L convention) tends to r/2 and
    is refuted.
    """
    validate_dps(dps)
    norm = normalisation or (lambda L: F(2, L))
    value_fn = _impl("radontv.deep", "schatten_weight_decay")
    rng = random.Random(seed)
    # lost_digits: the SVD and logarithms of its singular values (a few digits)
    num = Agreement("deep.schatten_rank_limit", dps=dps, lost_digits=6, route="mpmath.svd_r at the exact rank; "
                    "mean-value bound on s^(2/L) - 1")
    with mpmath.workdps(dps):
        for label, W in _schatten_instances(rng, examples):
            r = ex.rank(W)
            s = singular_values(W)
            for L in (2, 8, 64, 512, 4096):
                tag = f"{label}, rank {r}, L = {L}"
                q = _mp(norm(L)) * _mp(value_fn(W, L))
                e = mpmath.mpf(2) / L
                num.compare(q, mpmath.fsum(x ** e for x in s), instance=f"normalised value: {tag}", scale=r)
                bound = mpmath.fsum(e * abs(mpmath.log(x)) * mpmath.exp(e * abs(mpmath.log(x))) for x in s)
                num.at_least(bound, abs(q - r), instance=f"distance to the rank: {tag}", scale=r)
    return num.result("normalised Schatten value against its limit, the rank")


