r"""Canonical forms in float (vectorised) and mp arithmetic: turning neurons over, grouping, merging amplitudes.

The mathematics and the conventions are stated in :mod:`radontv.canonical_form`; the grouping law (per pair,
scale-free) in :mod:`radontv.hyperplane_groups`.  Each builder also records the magnitudes of the terms summed into
the affine part, separately for the linear part :math:`c` (units of :math:`y/x`, like the amplitudes
:math:`A_H = v\|w\|`) and the constant :math:`c_0` (units of :math:`y`, like :math:`v\,b`): a coefficient is zero
when it is at most :math:`\tau` times the magnitudes of its own kind, so that rescaling :math:`x` or :math:`y`
never turns a nonzero coefficient into rounding.

The float builders (this one and the vector one in :mod:`radontv.canonical_vector`) make **no BLAS call**:
products are ``np.einsum`` loops and sums numpy reductions, so every digit of a float form, and every merge
decision, is the same whatever the BLAS thread count (tests/test_canonical_scale.py), and a busy machine does not
slow them through oversubscribed BLAS threads (issue 14).  One method serves every K (no size threshold).
"""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np

from .canonical_form import CanonicalForm
from .errors import InvalidInput
from .hyperplane_groups import group_float, group_mp, projection, sort_normal_projections
from .network import ReLUNetwork

__all__ = ["canonical_float", "canonical_mp"]

#: Rows per block of the first pass over W: a block (about 5 MB for d = 10) stays in cache while its squared norms,
#: projections and affine remainder are computed, so W is read from memory once.
_BLOCK_BYTES = 1 << 22


def canonical_float(net: ReLUNetwork, tau: float) -> CanonicalForm:
    """The float canonical form of ``net`` with grouping tolerance ``tau`` (one blocked pass, sorts, no O(K²))."""
    W, b, v = net.W, net.b, net.v
    d = net.dim
    _check_sign_rule(tau, d)
    c = np.array(net.c, dtype=np.float64)
    c0 = float(net.c0)
    scale_c, scale_c0 = float(np.sum(np.abs(c))), abs(c0)
    sq, s, negative, flip = _first_pass(W, v, tau)
    c += flip
    keep = (v != 0) & (sq > 0)
    if not keep.all():
        const = (v != 0) & (sq == 0)  # w = 0: the constant v relu(-b)
        if const.any():
            c0 += float(np.sum(v[const] * np.maximum(-b[const], 0.0)))
            scale_c0 += float(np.sum(np.abs(v[const] * b[const])))
        W, b, v, sq, s, negative = (np.compress(keep, x, axis=0) for x in (W, b, v, sq, s, negative))
    K = W.shape[0]
    norm = np.sqrt(sq, out=sq)
    A = v * norm
    if negative.any():
        vf = v * negative  # dot products by einsum, not BLAS: the same digits at every BLAS thread count
        c0 -= float(np.einsum("k,k->", vf, b))
        np.abs(vf, out=vf)
        scale_c += float(np.einsum("k,k->", vf, norm))
        scale_c0 += float(np.einsum("k,k->", vf, np.abs(b)))
    inv = np.where(negative, -1.0, 1.0)
    inv /= norm  # sign / ||w||
    T = b * inv
    scale = (max(scale_c, float(np.sum(np.abs(A)))), scale_c0)
    if K == 0:
        return CanonicalForm(d, "float", np.empty((0, d)), np.empty(0), np.empty(0), c, c0, tau, scale)
    s *= inv  # u . r
    order, near = sort_normal_projections(s, d, tau)
    if not near.any():  # every normal is alone, so every hyperplane is
        nonzero = A != 0
        if nonzero.all():  # no copies: the form refers to the network's (read-only) arrays
            return CanonicalForm(d, "float", None, T, A, c, c0, tau, scale, lazy=(W, slice(None), inv))
        rows = np.flatnonzero(nonzero)
        return CanonicalForm(d, "float", None, T[rows], A[rows], c, c0, tau, scale, lazy=(W, rows, inv[rows]))
    sel, g, single, rep = group_float(W, inv, T, order, near, tau)
    n_groups = rep.size
    A_sel = np.take(A, sel)
    amp = np.bincount(g, weights=A_sel, minlength=n_groups)
    mag = np.bincount(g, weights=np.abs(A_sel), minlength=n_groups)
    keep_m = np.abs(amp) > tau * mag
    kept_single = np.compress(np.take(A, single) != 0, single)
    rows = np.concatenate((kept_single, np.compress(keep_m, rep)))
    amps = np.concatenate((np.take(A, kept_single), np.compress(keep_m, amp)))
    return CanonicalForm(d, "float", None, np.take(T, rows), amps, c, c0, tau, scale,
                         lazy=(W, rows, np.take(inv, rows)))


def _check_sign_rule(tau: Any, d: int) -> None:
    """Refuse a tolerance at which the canonical sign is undefined: a unit normal has a coordinate of modulus at
    least 1/sqrt(d), and none above tau when tau >= 1/sqrt(d) (then u and -u could both keep their sign)."""
    if not tau * tau * d < 1:
        raise InvalidInput(f"rtol = {tau} is not below 1/sqrt(d) = {1 / np.sqrt(d):.6g} (d = {d}): a unit normal may "
                           "then have no coordinate above rtol, and no canonical sign; use rtol < 1/sqrt(d)")


def _first_pass(W: np.ndarray, v: np.ndarray | None,
                tau: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""One blocked pass over ``W``: the squared norms :math:`\|w_k\|^2`, the projections :math:`w_k^\top r`, which
    neurons the canonical sign turns over (``negative``), and the linear part :math:`\sum_{k\ \mathrm{negative}}
    v_k w_k` their parity identity moves into the affine part (zero when ``v`` is ``None``).

    Canonical sign: the first coordinate :math:`i` of :math:`w_k` with :math:`|w_{ki}| > \tau\|w_k\|` (coordinates
    at most that small count as zero) is positive.  Rows with :math:`w_k = 0` are never turned over.

    No BLAS: the products are ``np.einsum`` loops.  The twenty small multi-threaded BLAS products this pass made
    before took 0.1-0.65 s at K = 10⁶, d = 10 on the loaded 2-core machine, these loops 0.07-0.08 s; and every value,
    hence every merge decision, is now the same whatever the BLAS thread count.
    """
    K, d = W.shape
    r = projection(d)
    sq = np.empty(K)
    s = np.empty(K)
    negative = np.empty(K, dtype=bool)
    flip = np.zeros(d)
    step = max(1, _BLOCK_BYTES // (8 * d))
    for lo in range(0, K, step):
        hi = min(K, lo + step)
        Wb = W[lo:hi]
        np.einsum("kd,kd->k", Wb, Wb, out=sq[lo:hi])
        np.einsum("kd,d->k", Wb, r, out=s[lo:hi])
        w0, neg = Wb[:, 0], negative[lo:hi]
        np.less(w0, 0.0, out=neg)
        undecided = np.flatnonzero(w0 * w0 <= (tau * tau) * sq[lo:hi])
        if undecided.size:
            Wr = Wb[undecided]
            big = np.abs(Wr) > tau * np.sqrt(sq[lo:hi][undecided])[:, None]
            first = np.argmax(big, axis=1)  # all False (w = 0) gives 0, and w_0 = 0 is not negative
            neg[undecided] = Wr[np.arange(undecided.size), first] < 0
        if v is not None and neg.any():
            flip += np.einsum("k,kd->d", v[lo:hi] * neg, Wb)
    return sq, s, negative, flip


def canonical_mp(net: ReLUNetwork, tau: mpmath.mpf) -> CanonicalForm:
    """The mp canonical form of ``net`` at the working precision, grouping tolerance ``tau``."""
    d = net.dim
    _check_sign_rule(tau, d)
    zero = mpmath.mpf(0)
    c = [mpmath.mpf(x) for x in net.c]
    c0 = mpmath.mpf(net.c0)
    scale_c, scale_c0 = mpmath.fsum(abs(x) for x in c), abs(c0)
    U, T, A = [], [], []
    for w, b, v in net.neurons():
        if v == 0:
            continue
        nn = mpmath.fsum(x * x for x in w)
        if nn == 0:
            c0 += v * max(-b, zero)
            scale_c0 += abs(v * b)
            continue
        n = mpmath.sqrt(nn)
        u = [x / n for x in w]
        t = b / n
        first = next(i for i in range(d) if abs(u[i]) > tau)
        if u[first] < 0:
            for i in range(d):
                c[i] += v * w[i]
            c0 -= v * b
            scale_c += abs(v) * n
            scale_c0 += abs(v * b)
            u, t = [-x for x in u], -t
        U.append(u)
        T.append(t)
        A.append(v * n)
    labels = group_mp(U, T, tau)
    n_groups = max(labels, default=-1) + 1
    amp, mag, rep = [zero] * n_groups, [zero] * n_groups, [-1] * n_groups
    for k, label in enumerate(labels):
        amp[label] += A[k]
        mag[label] += abs(A[k])
        if rep[label] < 0:
            rep[label] = k
    scale = (max(scale_c, mpmath.fsum(mag)), scale_c0)
    kept = [h for h in range(n_groups) if abs(amp[h]) > tau * mag[h]]
    normals = np.array([U[rep[h]] for h in kept], dtype=object).reshape(len(kept), d)
    offsets = np.array([T[rep[h]] for h in kept], dtype=object)
    amps = np.array([amp[h] for h in kept], dtype=object)
    return CanonicalForm(d, "mp", normals, offsets, amps, np.array(c, dtype=object), c0, tau, scale)
