r"""Column generation for the cone program of :mod:`radontv.fit` (the default ``method="columns"`` of
:func:`radontv.fit.rtv2_fit`).

The exact reduction has two columns (one per sign) for each of the :math:`O(N^d)` activation patterns, but at most
:math:`N - (d+1)` of them carry a neuron at the optimum.  Column generation (Dantzig–Wolfe; here for the cone program
of Pilanci & Ergen 2020) solves the program on a *working set* of (pattern, sign) columns and prices all the others
with the dual candidate :math:`p` of that solve: a column can lower the value only if its dual constraint
:math:`\max_{(w,b)\in K_S, \|w\|\le 1} s\,p^\top D_S(Zw - b\mathbf 1) \le \lambda` (:math:`\le 1` for
interpolation) is violated (:mod:`radontv.fit_pricing`).  The most violated columns are added and the program is
solved again; when no column is violated beyond :data:`PRICING_RTOL`, :math:`p` is dual feasible for the full
problem up to that tolerance, so the working-set optimum is the full optimum to the same relative accuracy.

Pricing: the candidate neurons of :func:`radontv.fit_pricing.neuron_candidates` (exact in general position for
:math:`d \le 3`; a neuron's value is a lower bound on its pattern's) give the violated columns; when none is
violated in :math:`d \ge 3` the per-pattern upper bounds of the certificate (:func:`radontv.fit_certificate.
rho_patterns`) are consulted too, so the loop stops only when the certificate's own bound closes.  The result is
not trusted for that: :func:`radontv.fit.rtv2_fit` certifies the final network against **every** pattern.

Initial working set: the patterns of a cheap float solve, the linear program over the hyperplanes through
:math:`d` data points (all of them, or for many those through each point and :math:`d - 1` of its nearest
neighbours) and a chain of parallel hyperplanes between the data's projections
on one direction (which makes it feasible, :func:`_chain`) (:func:`radontv.fit_support.solve_on_dictionary`), and the
columns that program's dual prices highest.  The cone constraints of a column are reduced to the facets of its cell
(:func:`facets`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import FitNotCertified, InvalidInput
from .fit_certificate import rho_patterns
from .fit_conic import cone_program
from .fit_pricing import BLOCK, Hyperplanes, hyperplanes_through_points, neuron_candidates

__all__ = ["PRICING_RTOL", "ColumnStats", "PatternTable", "column_generation", "facets"]

#: A column is violated when its dual value exceeds λ (1) by more than this relative amount; below it the
#: working-set optimum is within about this relative amount of the full optimum (the certificate allows 1e-6).
PRICING_RTOL = 1e-8
#: Rounds of pricing before giving up (each adds up to ``max(N, 40)`` columns; a few rounds are usual).
MAX_ROUNDS = 60
#: Solver tolerance of the intermediate rounds (their duals only choose columns); once pricing closes at it the
#: working set is solved again at the caller's tolerance and priced again.
ROUND_TOL = 1e-7
#: The first dictionary of the initial solve: the hyperplanes through a point and d - 1 of its NEIGHBOURS nearest;
#: INITIAL_ROUNDS rounds of pricing over all hyperplanes through d points extend it.
NEIGHBOURS = 6
INITIAL_ROUNDS = 5
#: A column without a neuron for this many rounds leaves the working set (it may come back when priced again).
STALE_ROUNDS = 2
#: A column counts as used when its norm is above this fraction of the largest (an interior-point solution spreads
#: mass of the order of the solver tolerance over every column).
USED_RTOL = 1e-5


@dataclass
class ColumnStats:
    """What column generation did: ``rounds`` (cone programs solved), the largest ``working_set`` ((pattern, sign)
    columns in one program) and the largest pricing value per round relative to λ (1), ``pricing``."""

    rounds: int = 0
    working_set: int = 0
    pricing: list[float] = field(default_factory=list)


class PatternTable:
    """The activation patterns ``D`` (rows, one per complementary pair, ``X[0]`` inactive) with a lookup by value."""

    def __init__(self, D: np.ndarray) -> None:
        self.D = D
        self.n = D.shape[1]
        self.index = {row.tobytes(): i for i, row in enumerate(np.packbits(D, axis=1))}

    def lookup(self, rows: np.ndarray) -> np.ndarray:
        """The index in ``D`` of each row (complemented first when ``X[0]`` is active), -1 if absent, ``P`` for the
        trivial pattern (all or none active: a cell too, though ``D`` leaves it out)."""
        canon = rows ^ rows[:, :1]
        found = np.array([self.index.get(k.tobytes(), -1) for k in np.packbits(canon, axis=1)], dtype=np.intp)
        found[~canon.any(axis=1)] = self.D.shape[0]
        return found


def facets(table: PatternTable, rows: np.ndarray) -> np.ndarray:
    r"""(K, n): which cone constraints :math:`(2D_S - I)_n(z_n^\top w - b) \ge 0` are facets of :math:`K_S`.

    The wall :math:`z_n^\top w = b` bounds the cell :math:`S` exactly when the cell across it, :math:`S \triangle
    \{n\}`, is again a cell (cells whose sign vectors differ in one hyperplane only are adjacent across it), the
    trivial all/none cell included; the other constraints are implied by these (a full-dimensional polyhedral cone
    is the intersection of its facet half-spaces).  Rows that are not patterns of the table keep every constraint."""
    K, n = rows.shape
    out = np.ones((K, n), dtype=bool)
    own = table.lookup(rows)
    known = np.flatnonzero((own >= 0) & (own < table.D.shape[0]))
    if known.size:
        flipped = (rows[known][:, None, :] ^ np.eye(n, dtype=bool)[None, :, :]).reshape(-1, n)
        out[known] = (table.lookup(flipped) >= 0).reshape(known.size, n)
    return out


def _initial_dictionary(Z: np.ndarray, t: np.ndarray, weight: np.ndarray, planes: Hyperplanes,
                        lam: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The problem on a dictionary of hyperplanes through d data points (plus :func:`_chain`), extended by a few
    rounds of pricing over all of them (one product :math:`\\Phi^\top p`); returns the final dictionary, its
    amplitudes and dual: a cheap float solve whose dual starts the column generation."""
    from .fit_support import features, solve_on_dictionary

    n, d = Z.shape
    Uc, Tc = _chain(Z)
    dist = np.linalg.norm(Z[:, None, :] - Z[None, :, :], axis=2)
    near = np.argsort(dist, axis=1)[:, 1:NEIGHBOURS + 1]
    wanted = {tuple(sorted((i, *c))) for i in range(n) for c in itertools.combinations(near[i].tolist(), d - 1)}
    lookup = {tuple(c): k for k, c in enumerate(planes.combos.tolist())}
    chosen = np.array(sorted(lookup[c] for c in wanted if c in lookup), dtype=np.intp)
    scale = 1.0 if lam is None else lam
    for round_ in range(INITIAL_ROUNDS + 1):
        U0, T0 = np.vstack([planes.U[chosen], Uc]), np.concatenate([planes.T[chosen], Tc])
        A, _, p0 = solve_on_dictionary(Z, t, weight, U0, T0, lam)
        values = np.zeros(len(planes))
        for start in range(0, len(planes), 8 * BLOCK):
            stop = start + 8 * BLOCK
            values[start:stop] = np.abs(features(Z, planes.U[start:stop], planes.T[start:stop]).T @ p0)
        values[chosen] = 0.0
        new = np.flatnonzero(values > scale * (1 + PRICING_RTOL))
        if new.size == 0 or round_ == INITIAL_ROUNDS:
            break
        chosen = np.concatenate([chosen, new[np.argsort(-values[new])][:2 * max(n, 40)]])
    return U0, T0, A, p0


def _chain(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Neurons :math:`\sigma(u^\top z - t_i)` with :math:`t_i` between consecutive projections :math:`u^\top z_n`
    on a direction that separates all of them: with the affine part they interpolate any data (piecewise linear
    along :math:`u`), so the initial dictionary and working set are always feasible."""
    d = Z.shape[1]
    rng = np.random.default_rng(0)  # a fixed direction: the fit is deterministic
    gap = 1e-9 * max(1.0, float(np.max(np.abs(Z))))
    for _ in range(20):
        u = np.asarray(rng.standard_normal(d), dtype=np.float64)
        u = u / float(np.linalg.norm(u))
        proj = np.sort(Z @ u)
        if np.min(np.diff(proj), initial=np.inf) > gap:
            break
    T = (proj[:-1] + proj[1:]) / 2
    return np.tile(u, (T.size, 1)), T


class _WorkingSet:
    """The (pattern, sign) columns, their facets (computed once per column) and the round each was last useful."""

    def __init__(self, table: PatternTable) -> None:
        self.table = table
        self.rows = np.zeros((0, table.n), dtype=bool)
        self.signs = np.zeros(0)
        self.facets = np.zeros((0, table.n), dtype=bool)
        self.used = np.zeros(0, dtype=np.intp)  # last round in which the column carried a neuron (or was added)
        self.keys: set[tuple[bytes, float]] = set()

    def add(self, rows: np.ndarray, signs: np.ndarray, limit: int, round_: int) -> int:
        """Add up to ``limit`` new columns (rows canonicalised, complements folded); returns how many were new."""
        new_rows: list[np.ndarray] = []
        new_signs: list[float] = []
        for row, s in zip(rows ^ rows[:, :1], signs, strict=True):
            if len(new_rows) >= limit:
                break
            key = (np.packbits(row).tobytes(), float(s))
            if not row.any() or key in self.keys:
                continue
            self.keys.add(key)
            new_rows.append(row)
            new_signs.append(float(s))
        if new_rows:
            block = np.array(new_rows, dtype=bool)
            self.rows = np.vstack([self.rows, block])
            self.signs = np.concatenate([self.signs, new_signs])
            self.facets = np.vstack([self.facets, facets(self.table, block)])
            self.used = np.concatenate([self.used, np.full(len(new_rows), round_)])
        return len(new_rows)

    def prune(self, live: np.ndarray, round_: int) -> None:
        """Mark the columns carrying a neuron as used; drop those unused for STALE_ROUNDS rounds (the previous
        optimum stays feasible, so the value never rises)."""
        self.used[live] = round_
        keep = self.used >= round_ - STALE_ROUNDS
        for row, s in zip(self.rows[~keep], self.signs[~keep], strict=True):
            self.keys.discard((np.packbits(row).tobytes(), float(s)))
        self.rows, self.signs, self.facets, self.used = (self.rows[keep], self.signs[keep], self.facets[keep],
                                                         self.used[keep])


def _pattern_rows(Z: np.ndarray, U: np.ndarray, T: np.ndarray) -> np.ndarray:
    """The strict activation pattern of each neuron (points within rounding of its hyperplane inactive)."""
    tol = 1e-10 * max(1.0, float(np.max(np.abs(Z))))
    return (Z @ U.T - T > tol).T


def _project(Z: np.ndarray, p: np.ndarray) -> np.ndarray:
    B = np.hstack([Z, np.ones((Z.shape[0], 1))])
    Q, _ = np.linalg.qr(B)
    return p - Q @ (Q.T @ p)


def column_generation(Z: np.ndarray, t: np.ndarray, weight: np.ndarray, D: np.ndarray, lam: float | None, *,
                      tol: float, max_columns: int) -> tuple[dict[str, Any], ColumnStats]:
    r"""The cone program over all patterns ``D`` solved by column generation (module docstring).

    Returns the last working-set solve (the dictionary of :func:`radontv.fit_conic.cone_program`, its columns'
    patterns in ``"rows"``) and the :class:`ColumnStats`.  Raises :class:`~radontv.InvalidInput` when the working
    set would exceed ``max_columns`` and :class:`~radontv.errors.FitNotCertified` when the solver fails.
    """
    n, d = Z.shape
    table = PatternTable(D)
    planes = hyperplanes_through_points(Z)
    batch = max(n, 40) * (1 if d <= 2 else 4)  # d >= 3: small programs, costly pricing: fewer, larger rounds
    scale = 1.0 if lam is None else lam
    threshold = scale * (1.0 + PRICING_RTOL)
    work = _WorkingSet(table)
    # the initial working set: the cheap solve's neurons and the columns its dual prices highest
    U0, T0, A, p0 = _initial_dictionary(Z, t, weight, planes, lam)
    live = A != 0
    work.add(_pattern_rows(Z, U0[live], T0[live]), np.sign(A[live]), max_columns, 0)
    _, U, T, F = neuron_candidates(Z, _project(Z, p0), planes, keep=4 * batch)
    work.add(_pattern_rows(Z, U, T), np.sign(F), batch, 0)
    stats = ColumnStats()
    final_check = False
    while True:
        if work.rows.shape[0] > max_columns:
            raise InvalidInput(
                f"column generation needs more than {max_columns} (pattern, sign) columns in its working set "
                f"(radontv.fit.MAX_PATTERNS) for N = {n} points in d = {d}; pass fewer points (or lam > 0, whose "
                "solutions have fewer neurons), or train a network with weight decay: "
                "radontv.train.fit_network(X, y, width, lam)")
        rows, signs = work.rows, work.signs
        loose = stats.rounds < MAX_ROUNDS - 1 and not final_check
        solve = cone_program(Z, t, weight, rows, signs, lam, tol=max(tol, ROUND_TOL) if loose else tol,
                             facets=work.facets)
        stats.rounds += 1
        stats.working_set = max(stats.working_set, rows.shape[0])
        if not solve["ok"]:
            raise FitNotCertified(f"the conic solver did not converge (status {solve['status']}) on N = {n} points "
                                  f"in d = {d} (column generation, round {stats.rounds}); check for near-duplicate "
                                  "points or rescale the data")
        solve["rows"], solve["facets"] = rows, work.facets
        solve["start"] = (U0[live], T0[live])  # the initial solve's neurons: a feasible dictionary (rtv2_fit's last)
        p = _project(Z, solve["p"])
        best, U, T, F = neuron_candidates(Z, p, planes, keep=4 * batch)
        violated = np.abs(F) > threshold
        work.prune(solve["norms"] > USED_RTOL * float(solve["norms"].max(initial=0.0)), stats.rounds)
        added = work.add(_pattern_rows(Z, U[violated], T[violated]), np.sign(F[violated]), batch, stats.rounds)
        if added == 0 and d >= 3:  # the candidates are lower bounds: ask the certificate's pattern bounds
            best, above = rho_patterns(Z, D, p, floor=best, threshold=threshold)
            above.sort(key=lambda item: -item[2])
            if above:
                idx = np.array([i for i, _, _ in above])
                added = work.add(D[idx], np.array([s for _, s, _ in above]), batch, stats.rounds)
        stats.pricing.append(best / scale)
        if stats.rounds >= MAX_ROUNDS or (added == 0 and not loose):
            return solve, stats
        final_check = added == 0  # priced out at the rounds' tolerance: solve once more at the final one
