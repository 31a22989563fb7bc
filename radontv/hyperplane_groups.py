r"""Which neurons lie on the same hyperplane, up to rounding: the grouping rule of inexact canonical forms.

A neuron with :math:`w \ne 0` lies on the hyperplane with key :math:`(u, t)`, :math:`u` the unit normal with the
canonical sign and :math:`t` its offset (:math:`u^\top x = t`).  In float and mp two keys are **the same hyperplane**
when, with the tolerance :math:`\tau` of the form,

.. math:: \|u - u'\|_\infty \le \tau \qquad\text{and}\qquad |t - t'| \le \tau\max(|t|, |t'|).

The law is **per pair**: it involves the two keys compared and nothing else, so the grouping does not depend on
unrelated neurons, and it is **scale-free**: rescaling the inputs :math:`x \mapsto sx` maps :math:`t \mapsto st` and
leaves :math:`u` unchanged (normals are dimensionless), so the same pairs are grouped at every scale.

Grouping is done in two stages, each by a sort, so that no pair that belongs together can be separated by other
hyperplanes sorted in between:

1. **Normals.** Keys whose normals are within :math:`\tau` project, on a fixed generic direction :math:`r`, within
   :math:`\tau\|r\|_1`; sorting the projections and joining neighbours closer than that (a *window* is a maximal chain)
   puts every such pair in one window.  Windows are verified member by member against their first member (their
   *lead*) and, in the rare case of an accidental projection tie between different normals, split greedily.
2. **Offsets.** Inside each group of equal normals the offsets are one-dimensional: sorted, neighbours within the
   relative law are chained, and each chain is verified against its lead (split greedily when a chain drifts).

Everything is O(K log K); no O(K²) comparison is made.
"""

from __future__ import annotations

import functools
import itertools
import math
from typing import Any

import mpmath
import numpy as np

from .errors import InvalidInput

__all__ = ["group_float", "group_mp", "group_offsets", "projection", "sort_normal_projections", "sort_projections",
           "verify_normal_windows", "windows"]

#: Bytes of member rows compared at a time (they stay in cache while scaled, subtracted and reduced).
_BLOCK_BYTES = 1 << 20
#: The seed of the fixed generic direction whose projection of the unit normals is sorted.
_PROJECTION_SEED = 20260101


@functools.lru_cache(maxsize=64)
def projection(d: int) -> np.ndarray:
    """The fixed generic direction in R^d (entries of modulus in [1/2, 1], random signs), read-only."""
    rng = np.random.default_rng(_PROJECTION_SEED)
    r = rng.uniform(0.5, 1.0, size=d) * rng.choice([-1.0, 1.0], size=d)
    r.flags.writeable = False
    return r


def sort_projections(s: np.ndarray, bound: float, reach: float) -> tuple[np.ndarray, np.ndarray]:
    """``order`` (an argsort of ``s``, ``|s| <= bound``, up to ties: sorted neighbours may be out of order by at most
    ``reach``) and ``near[p]``: whether sorted positions p and p + 1 may lie within ``reach`` of each other (a superset
    of the pairs that do).

    One method at every K: ``s`` is quantised on the grid of step ``h = 2 bound / 2^kbits``, the finest that leaves
    room for the index in 64 bits, and the integer keys ``(quantised s) << bits | index`` are sorted (numpy sorts
    integers several times, and argsorts floats about ten times, faster at K = 10⁷).  Positions are near when their
    quantised values differ by at most ``ceil((reach + 2^-48 bound) / h) + 2`` (room for the rounding of the
    quantisation).  When ``h > reach`` (for :func:`sort_normal_projections` at the default tolerance in d = 10: K
    beyond 2^24 ≈ 1.7·10⁷; or a very fine tolerance), members of one grid cell come in index order: the rare cells
    whose sorted neighbours are then out of order by more than ``reach`` are re-sorted by value
    (:func:`_sort_cells`); the near flags are then a coarser superset (gaps within a few grid steps h).
    """
    K = s.size
    ibits = max(1, (K - 1).bit_length())
    kbits = 64 - ibits - 1  # one bit of headroom: s = bound quantises to 2^kbits
    step = 2.0 * bound / 2.0**kbits
    q = s + bound
    q *= 1.0 / step
    keys = q.astype(np.uint64)
    keys <<= np.uint64(ibits)
    keys |= np.arange(K, dtype=np.uint64)
    keys.sort()
    order = keys.view(np.int64) & ((1 << ibits) - 1)
    keys >>= np.uint64(ibits)
    gaps = np.diff(keys)
    if step > reach:
        order = _sort_cells(s, order, gaps, reach)
    # rounding: s + bound is off by at most ulp(2 bound), the scaling by 2^-52 relatively, the truncation by 1
    return order, gaps <= math.ceil((reach + 2.0**-48 * bound) / step) + 2


def sort_normal_projections(s: np.ndarray, d: int, tau: float) -> tuple[np.ndarray, np.ndarray]:
    """:func:`sort_projections` of the projections ``s = u . r`` of unit normals on :func:`projection` ``r``: they
    lie within ``||r||_2`` (Cauchy-Schwarz; 1 % more for rounding), and normals within ``tau`` (infinity norm)
    project within ``tau ||r||_1`` (a factor 2 covers the rounding of ``s`` itself)."""
    r = projection(d)
    return sort_projections(s, 1.01 * math.hypot(*r), 2.0 * tau * float(np.sum(np.abs(r))))


def _sort_cells(s: np.ndarray, order: np.ndarray, gaps: np.ndarray, reach: float) -> np.ndarray:
    """Re-sort by value the runs of sorted positions in one grid cell (``gaps == 0``) where a neighbour comes more
    than ``reach`` below its predecessor; other cells are left in index order (their neighbours are within reach)."""
    tie = np.flatnonzero(gaps == 0)  # positions p, p + 1 in one cell
    if tie.size == 0:
        return order
    inverted = np.take(s, np.take(order, tie)) - np.take(s, np.take(order, tie + 1)) > reach
    if not inverted.any():
        return order
    cell = np.zeros(order.size, dtype=np.int64)  # the grid cell of each sorted position, numbered 0, 1, ...
    np.cumsum(gaps != 0, out=cell[1:])
    bad = np.zeros(int(cell[-1]) + 1, dtype=bool)
    bad[np.take(cell, np.compress(inverted, tie))] = True
    pos = np.flatnonzero(np.take(bad, cell))
    members = np.take(order, pos)
    order = order.copy()
    order[pos] = np.take(members, np.lexsort((np.take(s, members), np.take(cell, pos))))
    return order


def windows(order: np.ndarray, near: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The members of the windows (maximal runs of sorted projections joined by near gaps), in sorted order, their
    window labels ``0, 0, 1, 1, 1, 2, ...``, and the positions (in that order) where each window starts."""
    after_near = np.zeros(order.size, dtype=bool)  # sorted position p follows a near gap
    after_near[1:] = near
    in_window = after_near.copy()
    in_window[:-1] |= near
    sel = np.compress(in_window, order)
    opens = ~np.compress(in_window, after_near)
    return sel, np.cumsum(opens) - 1, np.flatnonzero(opens)


def verify_normal_windows(W: np.ndarray, inv: np.ndarray, sel: np.ndarray, g: np.ndarray, starts: np.ndarray,
                          tau: float) -> np.ndarray:
    """Group labels for the window members ``sel`` by their unit normals ``W[k] * inv[k]``: a window whose normals
    are all within tau (infinity norm) of its lead's (its first member, at ``sel[starts[w]]``) is one group; the
    rare others are split greedily.

    Memory traffic decides the speed: the leads' rows are gathered once (random access), the other members' rows in
    memory order (one sort of packed (row, position) keys) and in blocks that stay in cache, and each is compared
    with its lead's cached normal.  A window with a single far member (the common false alarm of the projection
    sort) gives that member a label of its own; longer splits go through :func:`_split_normal_windows`.
    """
    n = sel.size
    lead_rows = np.take(sel, starts)
    lead_u = np.take(W, lead_rows, axis=0)  # np.take gathers rows several times faster than fancy indexing
    lead_u *= np.take(inv, lead_rows)[:, None]
    others = np.ones(n, dtype=bool)
    others[starts] = False
    bits = max(1, (n - 1).bit_length())
    packed = np.compress(others, sel).astype(np.int64) << bits
    packed |= np.flatnonzero(others)
    packed.sort()  # the other members in memory order
    rows = packed >> bits
    position = packed & ((1 << bits) - 1)
    labels = np.take(g, position)
    far = np.zeros(rows.size, dtype=bool)
    step = max(1, _BLOCK_BYTES // (8 * max(1, W.shape[1])))
    for lo in range(0, rows.size, step):
        hi = min(rows.size, lo + step)
        dev = np.take(W, rows[lo:hi], axis=0)
        dev *= np.take(inv, rows[lo:hi])[:, None]
        dev -= np.take(lead_u, labels[lo:hi], axis=0)
        np.abs(dev, out=dev)
        if dev.max(initial=0.0) > tau:  # rare: find the rows (a reduction along d = 10 is slow)
            np.greater(np.max(dev, axis=1), tau, out=far[lo:hi])
    if not far.any():
        return g
    far = np.flatnonzero(far)
    windows_far, counts = np.unique(np.take(labels, far), return_counts=True)
    many = np.compress(counts > 1, windows_far)
    if many.size:
        g = _split_normal_windows(W, inv, sel, g, many, tau)
    else:
        g = g.copy()
    alone = np.take(position, np.compress(np.isin(np.take(labels, far), many, invert=True), far))
    g[alone] = int(g.max()) + 1 + np.arange(alone.size)
    return g


def _split_normal_windows(W: np.ndarray, inv: np.ndarray, sel: np.ndarray, g: np.ndarray, split: np.ndarray,
                          tau: float) -> np.ndarray:
    """Split the given windows (whose members are not all within tau of the lead) by greedy clustering (members
    within tau of the first unclustered member).  Windows are contiguous runs of the sorted labels ``g``; returns
    new group labels (the split windows' old labels are left unused)."""
    g = g.copy()
    next_id = int(g[-1]) + 1
    begin, end = np.searchsorted(g, split, "left"), np.searchsorted(g, split, "right")
    for lo, hi in zip(begin, end, strict=True):
        U = W[sel[lo:hi]] * inv[sel[lo:hi], None]
        members = np.arange(hi - lo)
        while members.size:
            close = np.max(np.abs(U[members] - U[members[0]]), axis=1) <= tau
            g[lo + members[close]] = next_id
            next_id += 1
            members = members[~close]
    return g


def group_float(W: np.ndarray, inv: np.ndarray, T: np.ndarray, order: np.ndarray, near: np.ndarray,
                tau: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""The hyperplane groups of the float canonical forms (scalar and vector ``v`` alike), from the sorted
    projections: the windows of near projections (:func:`windows`), split where the unit normals
    :math:`u_k = \mathrm{inv}_k w_k` differ beyond the law (:func:`verify_normal_windows`), then by the offsets
    ``T`` (:func:`group_offsets`).

    Returns ``sel`` (the neurons in some window), ``g`` (their group labels ``0 .. n_groups - 1``), ``single`` (the
    neurons alone on their hyperplane) and ``rep`` (per group, its first member, which represents it).
    """
    sel, g, starts = windows(order, near)
    single = np.ones(W.shape[0], dtype=bool)
    single[sel] = False
    g = verify_normal_windows(W, inv, sel, g, starts, tau)
    g = group_offsets(np.take(T, sel), g, tau)
    rep = np.empty(int(g.max()) + 1, dtype=np.int64)
    rep[g[::-1]] = sel[::-1]  # the first member of each group represents it
    return sel, g, np.flatnonzero(single), rep


def group_offsets(t: np.ndarray, g: np.ndarray, tau: float) -> np.ndarray:
    r"""Refine the normal-group labels ``g`` by the offsets ``t`` (both per member): members with equal labels whose
    offsets satisfy :math:`|t - t'| \le \tau\max(|t|, |t'|)` with their chain's lead share a new label.

    Returns labels ``0 .. n_groups - 1`` per member.
    """
    n = t.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    order = _order_by_label_then_value(g, t)
    ts, gs = np.take(t, order), np.take(g, order)
    opens = np.ones(n, dtype=bool)  # a chain opens at a new label, or where the gap to the previous exceeds the law
    np.not_equal(gs[1:], gs[:-1], out=opens[1:])
    same = np.flatnonzero(~opens[1:]) + 1
    opens[same] = _apart(np.take(ts, same), np.take(ts, same - 1), tau)
    chain = np.cumsum(opens) - 1
    # a member of a chain of three or more may have drifted beyond the law from the chain's lead
    sizes = np.bincount(chain)
    long = np.flatnonzero(np.take(sizes > 2, chain))
    lead_t = np.take(np.compress(opens, ts), np.take(chain, long))
    drift = np.compress(_apart(np.take(ts, long), lead_t, tau), long)
    if drift.size:  # a chain longer than the law allows: split greedily from its lead
        chain = _split_offset_chains(ts, chain, np.unique(chain[drift]), tau)
        chain = np.unique(chain, return_inverse=True)[1]  # the split chains' old labels are left unused
    labels = np.empty(n, dtype=np.int64)
    labels[order] = chain  # without splits, the chains are already numbered 0, 1, ... in order
    return labels


def _order_by_label_then_value(g: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The permutation sorting the members by label ``g``, then by value ``t`` (``np.lexsort((t, g))`` up to the
    order of equal pairs), without a lexsort (several times slower than integer sorts): by label with one sort of
    packed integer keys ``g << bits | index`` (none when ``g`` is already sorted, as the windows of
    :func:`windows` are), then by value inside each run of one label: pairs, the common case, by one comparison,
    longer runs by packed keys ``run << bits | rank`` with ``rank`` from an argsort of their values only."""
    n = t.size
    bits = max(1, (n - 1).bit_length())
    if int(g.max()).bit_length() + bits > 63:  # about 2^31 members: W alone would take 17 GB per input dimension
        raise InvalidInput(f"{n} neurons in windows of near normals is beyond the packed sort (2^31): canonicalise "
                           "the network in parts and add the forms' networks")
    if np.all(g[1:] >= g[:-1]):
        order, gs = np.arange(n), g
    else:
        order = _packed_argsort(g, bits)
        gs = np.take(g, order)
    opens = np.ones(n, dtype=bool)
    np.not_equal(gs[1:], gs[:-1], out=opens[1:])
    starts = np.flatnonzero(opens)
    sizes = np.diff(starts, append=n)
    first = np.compress(sizes == 2, starts)
    swap = np.compress(np.take(t, np.take(order, first)) > np.take(t, np.take(order, first + 1)), first)
    order[swap], order[swap + 1] = order[swap + 1], order[swap].copy()
    if np.any(sizes > 2):
        run = np.cumsum(opens) - 1
        pos = np.flatnonzero(np.take(sizes > 2, run))
        members = np.take(order, pos)
        by_value = np.argsort(np.take(t, members))
        keys = np.take(run, np.take(pos, by_value)) << bits
        keys |= np.arange(by_value.size)  # the rank of the value
        keys.sort()
        order[pos] = np.take(members, np.take(by_value, keys & ((1 << bits) - 1)))
    return order


def _packed_argsort(g: np.ndarray, bits: int) -> np.ndarray:
    """An argsort of the non-negative integers ``g`` (ties in index order) by one sort of ``g << bits | index``."""
    keys = g.astype(np.int64) << bits
    keys |= np.arange(g.size, dtype=np.int64)
    keys.sort()
    keys &= (1 << bits) - 1
    return keys


def _apart(t: np.ndarray, t_prev: np.ndarray, tau: float) -> np.ndarray:
    """Whether offsets ``t >= t_prev`` break the relative law: ``t - t_prev > tau max(|t|, |t_prev|)``."""
    return t - t_prev > tau * np.maximum(np.abs(t), np.abs(t_prev))


def _split_offset_chains(ts: np.ndarray, chain: np.ndarray, split: np.ndarray, tau: float) -> np.ndarray:
    """Greedy split of the (sorted, contiguous) chains ``split``: a member joins the lead's group while within the
    relative law of the lead, else opens a new group."""
    chain = chain.copy()
    next_id = int(chain[-1]) + 1
    begin, end = np.searchsorted(chain, split, "left"), np.searchsorted(chain, split, "right")
    for lo, hi in zip(begin, end, strict=True):
        lead = ts[lo]
        for p in range(lo, hi):
            if ts[p] - lead > tau * max(abs(ts[p]), abs(lead)):
                lead = ts[p]
                next_id += 1
            chain[p] = next_id
        next_id += 1
    return chain


def group_mp(U: list[list[Any]], T: list[Any], tau: Any) -> list[int]:
    """The same two-stage grouping for mp keys (lists of ``mpf``): labels ``0 .. n_groups - 1`` per key, numbered
    in the lexicographic order of the groups' leads (so mp forms list hyperplanes sorted by key)."""
    K = len(T)
    if K == 0:
        return []
    d = len(U[0])
    r = [mpmath.mpf(float(x)) for x in projection(d)]
    s = [mpmath.fsum(a * b for a, b in zip(r, u, strict=True)) for u in U]
    reach = 2 * tau * mpmath.fsum(abs(x) for x in r)
    order = sorted(range(K), key=s.__getitem__)
    groups: list[list[int]] = []
    window = [order[0]]
    for prev, k in itertools.pairwise(order):
        if s[k] - s[prev] <= reach:
            window.append(k)
        else:
            groups.extend(_mp_window_groups(window, U, T, tau))
            window = [k]
    groups.extend(_mp_window_groups(window, U, T, tau))
    groups.sort(key=lambda members: (*U[members[0]], T[members[0]]))
    labels = [0] * K
    for label, members in enumerate(groups):
        for k in members:
            labels[k] = label
    return labels


def _mp_window_groups(window: list[int], U: list[list[Any]], T: list[Any], tau: Any) -> list[list[int]]:
    """Greedy groups of equal normals in one window, each split by offsets (sorted, relative law to the lead)."""
    out: list[list[int]] = []
    rest = window
    while rest:
        lead = U[rest[0]]
        same = [k for k in rest if max(abs(a - b) for a, b in zip(U[k], lead, strict=True)) <= tau]
        taken = set(same)
        rest = [k for k in rest if k not in taken]
        same.sort(key=T.__getitem__)
        group = [same[0]]
        for k in same[1:]:
            t_lead = T[group[0]]
            if T[k] - t_lead <= tau * max(abs(T[k]), abs(t_lead)):
                group.append(k)
            else:
                out.append(group)
                group = [k]
        out.append(group)
    return out
