r"""Activation patterns of data points: the cells of the hyperplane arrangement of a data set.

A neuron :math:`\sigma(w^\top x - b)` activates a subset :math:`S = \{n : w^\top x_n > b\}` of the data.  The
distinct subsets realised by hyperplanes in general position with respect to the data (the open cells of the
arrangement :math:`\{(w, b) : w^\top x_n = b\}` in parameter space) are the *activation patterns*; every neuron lies
in the closure of one of them.  For :math:`N` points in general position in :math:`\mathbb R^d` there are
:math:`2\sum_{k=0}^{d}\binom{N-1}{k}` of them (Cover 1965), including the two trivial ones.

Enumeration (exact combinatorics, floating point geometry): every open cell is a pointed cone (the data affinely
span :math:`\mathbb R^d`), so its closure has an extreme ray, a hyperplane through :math:`d` affinely independent data
points; perturbing that hyperplane realises the cell.  The patterns are therefore: the strict sides of every
hyperplane through :math:`d` affinely independent points, combined with every pattern of the points *on* it
(recursively, one dimension lower; in general position: all :math:`2^d` assignments of the :math:`d` points).  A
point is on a hyperplane when its signed distance is at most :data:`ON_PLANE_RTOL` times the data diameter.

Patterns are returned up to complement (``S`` and its complement give the same hyperplane, the orientations
differing by an affine function), one boolean row per pair, with the trivial pair (all / none) left out.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from .errors import InvalidInput

__all__ = ["ON_PLANE_RTOL", "activation_patterns", "pattern_count_bound"]

#: A point is on a hyperplane through data points when its distance is below this fraction of the data diameter:
#: the normal is computed from coordinates by an SVD, accurate to a few hundred ulps for well-scaled data.
ON_PLANE_RTOL = 1e-10


def pattern_count_bound(n: int, d: int) -> int:
    r"""Patterns up to complement for :math:`n` points in general position: :math:`\sum_{k=0}^{d}\binom{n-1}{k} - 1`."""
    return sum(math.comb(n - 1, k) for k in range(d + 1)) - 1


def activation_patterns(X: np.ndarray) -> np.ndarray:
    """The nontrivial activation patterns of the rows of ``X`` (shape ``(N, d)``), one per complementary pair.

    Returns a boolean array of shape ``(P, N)``; each row has ``X[0]`` inactive (the representative of its pair).
    Duplicate rows always share their activation.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise InvalidInput(f"X must have shape (N, d), got {X.shape}")
    n, _d = X.shape
    diameter = float(np.max(np.ptp(X, axis=0))) if n else 0.0
    if diameter == 0.0:
        return np.zeros((0, n), dtype=bool)
    tol = diameter * ON_PLANE_RTOL
    if X.shape[1] == 1 or n <= X.shape[1]:
        return _canonical_rows(_as_rows(_patterns(X, np.arange(n), tol), n))
    return _patterns_top(X, tol)


def _as_rows(found: set[frozenset[int]], n: int) -> np.ndarray:
    out = np.zeros((len(found), n), dtype=bool)
    for i, pat in enumerate(found):
        out[i, list(pat)] = True
    return out


def _canonical_rows(rows: np.ndarray) -> np.ndarray:
    """One row per complementary pair (``X[0]`` inactive), the trivial pair dropped, distinct rows sorted
    lexicographically (``False < True``)."""
    n = rows.shape[1]
    rows = rows ^ rows[:, :1]  # complement the rows with X[0] active
    rows = rows[rows.any(axis=1)]
    if rows.shape[0] == 0:
        return np.zeros((0, n), dtype=bool)
    packed = np.packbits(rows, axis=1)  # big-endian bits: the byte strings sort as the rows do
    width = -(-packed.shape[1] // 8) * 8
    words = np.zeros((packed.shape[0], width), dtype=np.uint8)
    words[:, :packed.shape[1]] = packed
    keys = words.view(">u8")  # (R, width / 8) big-endian words: lexicographic order of the rows
    order = np.lexsort(keys.T[::-1])
    keys = keys[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = np.any(keys[1:] != keys[:-1], axis=1)
    return np.unpackbits(packed[order[first]], axis=1, count=n).astype(bool)


#: Hyperplanes handled per vectorised block of :func:`_patterns_top` (bounds the memory to a few tens of MB).
_BLOCK = 4096


def _patterns_top(X: np.ndarray, tol: float) -> np.ndarray:
    """:func:`_patterns` at the top level, vectorised over the hyperplanes through :math:`d` points: the normals
    by batched SVDs, the general-position hyperplanes' :math:`2^d` patterns by array operations; hyperplanes with
    more than :math:`d` data points on them (degenerate data) go through :func:`_patterns` one lower dimension."""
    n, k = X.shape
    unique_rows = np.sort(np.unique(X, axis=0, return_index=True)[1])
    masks = np.array(list(itertools.product((False, True), repeat=k)), dtype=bool)  # (2^k, k)
    blocks = [np.zeros((1, n), dtype=bool)]
    seen: set[frozenset[int]] = set()
    combos_all = itertools.combinations(unique_rows.tolist(), k)
    while True:
        combos = np.array(list(itertools.islice(combos_all, _BLOCK)), dtype=np.intp).reshape(-1, k)
        if combos.shape[0] == 0:
            break
        A = np.concatenate([X[combos], np.ones((combos.shape[0], k, 1))], axis=2)
        _, s, vt = np.linalg.svd(A)
        independent = s[:, -1] > 1e3 * np.finfo(float).eps * np.maximum(1.0, s[:, 0])
        combos, normal = combos[independent], vt[independent, -1, :]
        side = (X @ normal[:, :k].T + normal[:, k]) / np.linalg.norm(normal[:, :k], axis=1)  # (n, C)
        on = np.abs(side.T) <= tol
        positive = side.T > tol
        general = on.sum(axis=1) == k
        pos = positive[general]
        rows = np.repeat(pos[:, None, :], masks.shape[0], axis=1)  # (C, 2^k, n)
        picked = combos[general]
        for j in range(k):
            rows[np.arange(pos.shape[0])[:, None], np.arange(masks.shape[0])[None, :], picked[:, j][:, None]] |= \
                masks[None, :, j]
        blocks.append(_canonical_rows(rows.reshape(-1, n)))
        for c in np.flatnonzero(~general):  # degenerate: the on-plane points' own dichotomies, one dimension lower
            on_set = frozenset(int(i) for i in np.flatnonzero(on[c]))
            if on_set in seen:
                continue
            seen.add(on_set)
            on_idx = np.flatnonzero(on[c])
            on_pts = X[on_idx]
            origin = on_pts[0]
            basis = np.linalg.svd(on_pts - origin)[2][: k - 1]
            local = np.zeros((n, k - 1))
            local[on_idx] = (on_pts - origin) @ basis.T
            subs = _as_rows(_patterns(local, on_idx, tol), n)
            blocks.append(_canonical_rows(subs | positive[c][None, :]))
    return _canonical_rows(np.vstack(blocks))


def _patterns(Y: np.ndarray, idx: np.ndarray, tol: float) -> set[frozenset[int]]:
    """All strict dichotomies (as the set of 'positive' indices) of points Y[idx] spanning their affine hull R^k."""
    pts = Y[idx]
    k = pts.shape[1]
    out: set[frozenset[int]] = {frozenset(), frozenset(int(i) for i in idx)}
    if k == 1:
        values = np.unique(pts[:, 0])
        for cut in values[:-1]:
            below = frozenset(int(i) for i, x in zip(idx, pts[:, 0], strict=True) if x <= cut)
            out.add(below)
            out.add(frozenset(int(i) for i in idx) - below)
        return out
    seen: set[frozenset[int]] = set()
    unique_rows = np.unique(pts, axis=0, return_index=True)[1]
    for combo in itertools.combinations(sorted(unique_rows), k):
        sub = pts[list(combo)]
        A = np.hstack([sub, np.ones((k, 1))])
        _, s, vt = np.linalg.svd(A)
        if s[-1] <= 1e3 * np.finfo(float).eps * max(1.0, s[0]):  # not affinely independent
            continue
        normal = vt[-1]  # (n, -beta) with n.x - beta = 0 on the k points
        scale = float(np.linalg.norm(normal[:k]))
        side = (pts @ normal[:k] + normal[k]) / scale
        on = np.abs(side) <= tol
        on_set = frozenset(int(i) for i in idx[on])
        if on_set in seen:
            continue
        seen.add(on_set)
        positive = frozenset(int(i) for i in idx[(side > tol)])
        if on.sum() == k:  # general position: every assignment of the k points is realisable
            on_idx = [int(i) for i in idx[on]]
            subs = [frozenset(c) for r in range(k + 1) for c in itertools.combinations(on_idx, r)]
        else:  # degenerate: the on-plane points' own dichotomies, one dimension lower
            on_pts = pts[on]
            origin = on_pts[0]
            basis = np.linalg.svd(on_pts - origin)[2][: k - 1]
            coords = (Y[idx[on]] - origin) @ basis.T
            local = np.zeros((Y.shape[0], k - 1))
            local[idx[on]] = coords
            subs = list(_patterns(local, idx[on], tol))
        for sub_pattern in subs:
            out.add(positive | sub_pattern)
    return out
