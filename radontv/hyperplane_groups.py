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

__all__ = ["group_mp", "group_offsets", "projection", "sort_projections", "verify_normal_windows", "windows"]

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
    """``order`` (an argsort of ``s``, ``|s| <= bound``, up to ties: values closer than ``reach`` may come in either
    order) and ``near[p]``: whether sorted positions p and p + 1 may lie within ``reach`` of each other (a superset
    of the pairs that do).

    When ``s`` can be quantised on a grid of step ``h <= reach`` with room left for the index in 64 bits, the
    argsort is one sort of the integer keys ``(quantised s) << bits | index`` (numpy sorts integers several times
    faster than it argsorts floats); positions are then near when their quantised values differ by at most
    ``ceil((reach + 2^-48 bound) / h) + 2`` (room for the rounding of the quantisation).  Otherwise (K beyond about
    4·10⁶ at the default tolerance, or a tolerance too fine to quantise) a plain argsort.
    """
    K = s.size
    ibits = max(1, (K - 1).bit_length())
    kbits = 63 - ibits - 1  # int64 (sorted faster than uint64); one bit of headroom for rounding at the top
    step = 2.0 * bound / 2.0**kbits
    if step > reach or kbits < 1:
        order = np.argsort(s)
        return order, np.diff(np.take(s, order)) <= reach
    q = s + bound
    q *= 1.0 / step
    keys = q.astype(np.int64)
    keys <<= ibits
    keys |= np.arange(K, dtype=np.int64)
    keys.sort()
    order = keys & ((1 << ibits) - 1)
    keys >>= ibits
    # rounding: s + bound is off by at most ulp(2 bound), the scaling by 2^-52 relatively, the truncation by 1
    return order, np.diff(keys) <= math.ceil((reach + 2.0**-48 * bound) / step) + 2


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
    memory order (one sort of packed (row, position) keys), and each is compared with its lead's cached normal.
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
    labels = np.take(g, packed & ((1 << bits) - 1))
    dev = np.take(W, rows, axis=0)
    dev *= np.take(inv, rows)[:, None]
    np.subtract(dev, np.take(lead_u, labels, axis=0), out=dev)
    np.abs(dev, out=dev)
    if dev.size == 0 or dev.max() <= tau:
        return g
    far = np.take(labels, np.unique(np.flatnonzero(dev.ravel() > tau) // W.shape[1]))
    return _split_normal_windows(W, inv, sel, g, np.unique(far), tau)


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


def group_offsets(t: np.ndarray, g: np.ndarray, tau: float) -> np.ndarray:
    r"""Refine the normal-group labels ``g`` by the offsets ``t`` (both per member): members with equal labels whose
    offsets satisfy :math:`|t - t'| \le \tau\max(|t|, |t'|)` with their chain's lead share a new label.

    Returns labels ``0 .. n_groups - 1`` per member.
    """
    n = t.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((t, g))
    ts, gs = np.take(t, order), np.take(g, order)
    opens = np.ones(n, dtype=bool)
    opens[1:] = (gs[1:] != gs[:-1]) | (ts[1:] - ts[:-1] > tau * np.maximum(np.abs(ts[1:]), np.abs(ts[:-1])))
    chain = np.cumsum(opens) - 1
    lead_t = np.take(np.compress(opens, ts), chain)
    drift = ts - lead_t > tau * np.maximum(np.abs(ts), np.abs(lead_t))
    if drift.any():  # a chain longer than the law allows: split greedily from its lead
        chain = _split_offset_chains(ts, chain, np.unique(chain[drift]), tau)
    labels = np.empty(n, dtype=np.int64)
    labels[order] = np.unique(chain, return_inverse=True)[1]
    return labels


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
