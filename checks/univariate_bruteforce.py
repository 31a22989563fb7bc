r"""Exhaustive exact search for the fewest knots of a TV²-minimal interpolant (small N).

Independent of the run formula in :mod:`radontv.splines_interp`: it only uses linear-programming duality.

Slots.  The real line is cut by the sorted distinct sites :math:`x_1 < \dots < x_N` into :math:`N + 1` closed
intervals :math:`I_0 = (-\infty, x_1], I_j = [x_j, x_{j+1}], I_N = [x_N, \infty)`; a *slot* is an interval with a sign
:math:`\sigma = \pm 1`.  Two knots of one sign in one interval (no data between them) can be merged into one at their
barycentre without changing the data fit or TV², so a sparsest minimizer uses each slot at most once.  For a set
:math:`S` of slots the primal problem is the LP, in :math:`\gamma_j \ge 0` and :math:`\mu_j = \gamma_j\tau_j` with
:math:`\tau_j \in I_j` (so :math:`x_j\gamma_j \le \mu_j \le x_{j+1}\gamma_j`), and free :math:`c_0, c_1`:

.. math:: c_0 + c_1 x_n + \sum_{j\in S}\sigma_j\,[x_n \ge \sup I_j]\,(\gamma_j x_n - \mu_j) = y_n,
          \qquad \sum_j \gamma_j = T^\ast,

with :math:`T^\ast` the minimal TV².  A minimal-TV² interpolant with at most :math:`k` knots exists iff some
:math:`k`-subset of slots is feasible (a subset of a feasible set stays feasible with zero :math:`\gamma`).

Infeasibility certificates (weak duality).  For :math:`\lambda \in \mathbb{Q}^N` with :math:`\sum\lambda_n = 0`,
:math:`\sum\lambda_n x_n = 0`, put :math:`g(\tau) = \sum_n\lambda_n(x_n - \tau)_+`.  Any feasible point gives
:math:`\sum_n \lambda_n y_n = \sum_j\sigma_j\gamma_j g(\tau_j) \le \sum_j\gamma_j = T^\ast` as soon as
:math:`\sigma_j g \le 1` on every :math:`I_j` (checked at the finite endpoints; :math:`g` is linear on
:math:`I_j` and vanishes outside :math:`[x_1, x_N]`).  So a :math:`\lambda` with these properties and
:math:`\sum\lambda_n y_n > T^\ast` proves :math:`S` infeasible.  Candidate :math:`\lambda` are hat functions
:math:`g` at one site; every candidate is verified from scratch in exact arithmetic.  A subset that no candidate
rules out is decided by an exact rational simplex (phase I), so the search never relies on the heuristic.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import combinations

__all__ = ["brute_force_min_knots", "exact_feasible"]

Slot = tuple[int, int]  # (interval index 0..N, sign +-1)


def _hat_certificates(x: Sequence[Fraction], y: Sequence[Fraction],
                      total: Fraction) -> list[tuple[dict[int, Fraction], Fraction]]:
    """Verified certificates: (g at the sites where it is nonzero, objective sum(lambda*y)) with objective > total."""
    n = len(x)
    out = []
    for k in range(1, n - 1):
        hl, hr = x[k] - x[k - 1], x[k + 1] - x[k]
        lam = [Fraction(0)] * n
        lam[k - 1], lam[k], lam[k + 1] = 1 / hl, -1 / hl - 1 / hr, 1 / hr
        value = sum((lam_n * y_n for lam_n, y_n in zip(lam, y, strict=True)), start=Fraction(0))
        if value == 0:
            continue
        scale = (abs(total) + 1) / abs(value) * (1 if value > 0 else -1)
        lam = [scale * v for v in lam]
        # verify from scratch: moments vanish, g from lambda, objective exceeds the target
        if sum(lam) != 0 or sum(lv * xv for lv, xv in zip(lam, x, strict=True)) != 0:
            continue
        g = {i: sum((lam[m] * (x[m] - x[i]) for m in range(i + 1, n)), start=Fraction(0)) for i in range(n)}
        objective = sum((lv * yv for lv, yv in zip(lam, y, strict=True)), start=Fraction(0))
        if objective > total:
            out.append(({i: gi for i, gi in g.items() if gi != 0}, objective))
    return out


def _rules_out(cert: dict[int, Fraction], subset: Sequence[Slot], n: int) -> bool:
    for interval, sign in subset:
        for site in (interval - 1, interval):
            if 0 <= site < n and sign * cert.get(site, Fraction(0)) > 1:
                return False
    return True


def exact_feasible(x: Sequence[Fraction], y: Sequence[Fraction], total: Fraction, subset: Sequence[Slot]) -> bool:
    """Exact phase-I simplex (Bland's rule): is the slot LP of the module docstring feasible?"""
    n = len(x)
    cols: list[dict[int, Fraction]] = []  # sparse columns; rows: 0..n-1 data, n: total, n+1.. slot widths

    def col(entries: dict[int, Fraction]) -> None:
        cols.append({r: v for r, v in entries.items() if v != 0})

    for sgn in (1, -1):  # c1 = c1+ - c1-, c0 = c0+ - c0-
        col({i: sgn * x[i] for i in range(n)})
        col({i: Fraction(sgn) for i in range(n)})
    extra_rows = 0
    for interval, sign in subset:
        if interval == n:  # right of every site: contributes nothing at the data, only to TV2
            col({n: Fraction(1)})
            continue
        hi_site = interval  # the data at sites >= hi_site see the knot
        lo = x[interval - 1] if interval >= 1 else x[0]
        gamma = {i: sign * (x[i] - lo) for i in range(hi_site, n)}
        gamma[n] = Fraction(1)
        if interval == 0:  # tau = x_1 - nu/gamma <= x_1: mu = x_1*gamma - nu
            col(gamma)
            col({i: Fraction(sign) for i in range(n)})
            continue
        row = n + 1 + extra_rows
        extra_rows += 1
        gamma[row] = -(x[interval] - x[interval - 1])
        col(gamma)  # gamma_j; mu_j = lo*gamma_j + nu_j, nu_j + rho_j = width*gamma_j
        col({**{i: Fraction(-sign) for i in range(hi_site, n)}, row: Fraction(1)})  # nu_j
        col({row: Fraction(1)})  # rho_j
    rhs = [Fraction(v) for v in y] + [Fraction(total)] + [Fraction(0)] * extra_rows
    m, nv = len(rhs), len(cols)
    # dense tableau with artificials
    tab = [[Fraction(0)] * (nv + m + 1) for _ in range(m)]
    for j, c in enumerate(cols):
        for r, v in c.items():
            tab[r][j] = v
    for r in range(m):
        if rhs[r] < 0:
            tab[r] = [-v for v in tab[r]]
            rhs[r] = -rhs[r]
        tab[r][nv + r] = Fraction(1)
        tab[r][-1] = rhs[r]
    basis = [nv + r for r in range(m)]
    cost = [Fraction(0)] * nv + [Fraction(1)] * m + [Fraction(0)]
    while True:
        # reduced costs of phase I
        reduced = cost[:-1][:]
        for r in range(m):
            cb = cost[basis[r]]
            if cb:
                for j in range(nv + m):
                    if tab[r][j]:
                        reduced[j] -= cb * tab[r][j]
        entering = next((j for j in range(nv + m) if reduced[j] < 0), None)
        if entering is None:
            break
        best, leave = None, None
        for r in range(m):
            if tab[r][entering] > 0:
                ratio = tab[r][-1] / tab[r][entering]
                if best is None or ratio < best or (ratio == best and basis[r] < basis[leave]):
                    best, leave = ratio, r
        if leave is None:  # unbounded phase I cannot happen (objective >= 0)
            break
        piv = tab[leave][entering]
        tab[leave] = [v / piv for v in tab[leave]]
        for r in range(m):
            if r != leave and tab[r][entering]:
                f = tab[r][entering]
                tab[r] = [a - f * b for a, b in zip(tab[r], tab[leave], strict=True)]
        basis[leave] = entering
    infeasibility = sum((tab[r][-1] for r in range(m) if basis[r] >= nv), start=Fraction(0))
    return infeasibility == 0


def brute_force_min_knots(x: Sequence[Fraction], y: Sequence[Fraction], total: Fraction, *,
                          max_knots: int | None = None) -> int:
    """The fewest knots of an interpolant with TV² equal to ``total`` (sorted distinct exact data), by exhaustive
    search over slot subsets of increasing size.  Returns ``max_knots + 1`` if none up to ``max_knots`` exists."""
    n = len(x)
    limit = n if max_knots is None else max_knots
    slots: list[Slot] = [(j, s) for j in range(n + 1) for s in (1, -1)]
    certs = _hat_certificates(x, y, total)
    for k in range(limit + 1):
        for subset in combinations(slots, k):
            if any(_rules_out(c, subset, n) for c, _ in certs):
                continue
            if exact_feasible(x, y, total, subset):
                return k
    return limit + 1
