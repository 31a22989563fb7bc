r"""Double-precision evaluation of a knot pattern for the active set of :mod:`radontv.regression_active_set`.

One active-set iteration on the reduced problem (normalised data: sites :math:`x` strictly increasing, means
:math:`\bar y`, weights :math:`m`) solves the hat-basis optimality system for the guessed knots and looks for sites
where the dual potential

.. math:: \varphi(x_j) = \sum_{i<j} R_i\,(x_j - x_i), \qquad R = M(\bar y - u),

violates :math:`|\varphi| \le \lambda` (:mod:`radontv.regression_certificate`).  At 10⁶ sites the potential is the
cost of an iteration (two running sums over all sites), and the search near the optimum only moves a few knots by a
few sites (issue 14).  :class:`FloatEvaluator` therefore

* assembles the tridiagonal system from per-interval sums cached across iterations (:class:`IntervalSums`): an
  interval between two nodes is summed once, whatever the other knots do;
* evaluates the spline as :math:`v_k + s_k(x - X_k)` per interval (repeats of K numbers), the potential by plain
  running sums (:func:`potential_plain`), and the rounding allowance only at the sites where :math:`|\varphi| > \lambda`
  (the allowance is non-negative, so no other site can violate).

Decisions are taken in double precision with an allowance for rounding of a hundredth of the bound of
:func:`radontv.regression_certificate.rounding_bound`; the caller's certificate (its potential summed in extended
precision) is the final judge.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.linalg import solveh_banded

from .regression_certificate import EPS, dot, potential_plain, summation_terms

__all__ = ["FloatEvaluation", "FloatEvaluator", "IntervalSums", "penalty", "potential_plain"]

#: From this many sites on, :meth:`IntervalSums.values` fills its output interval by interval in place (no
#: temporary arrays of the size of the data: their allocation alone costs as much as the arithmetic at 10⁶ sites).
_LOOP_MIN_SITES = 2**16
#: :class:`IntervalSums` sums intervals of at least this many sites on slices, one call each; shorter ones together.
_LONG_INTERVAL = 4096
#: The float tests count a site as violating once |φ| exceeds λ by this fraction of the rigorous rounding bound.
FLOAT_TIGHTEN = 0.01


def penalty(X: np.ndarray, signs: np.ndarray) -> np.ndarray:
    r""":math:`D_S^\top\sigma` on the nodes ``X``: the slope jump at interior node k is
    :math:`(v_{k+1}-v_k)/h_k - (v_k - v_{k-1})/h_{k-1}`."""
    K = X.shape[0]
    corr = np.zeros(K, dtype=X.dtype)
    if K > 2:
        H = np.diff(X)
        g0, g2 = 1 / H[:-1], 1 / H[1:]
        corr[:-2] += g0 * signs
        corr[1:-1] -= (g0 + g2) * signs
        corr[2:] += g2 * signs
    return corr


class IntervalSums:
    r"""The hat-basis optimality system :math:`(H^\top M H)v = H^\top M\bar y - \lambda D_S^\top\sigma` assembled
    from per-interval sums cached across iterations.

    For the node interval :math:`[X_k, X_{k+1}]` holding the sites :math:`a \le j < b` (and :math:`j = b` for the
    last interval), with :math:`t_j = (x_j - X_k)/(X_{k+1} - X_k)`, the sums
    :math:`\sum m(1-t)^2, \sum m t(1-t), \sum m t^2, \sum m\bar y(1-t), \sum m\bar y t` are the interval's share of
    :math:`H^\top M H` and :math:`H^\top M\bar y`.  They depend on the interval only; an iteration that moves a few
    knots sums only the intervals that changed.
    """

    def __init__(self, x: np.ndarray, y: np.ndarray, m: np.ndarray) -> None:
        self.x, self.y, self.m = x, y, m
        self.unit = bool(np.all(m == 1))  # unit weights (no repeated site): the products by m are skipped
        self.cache: dict[tuple[int, int], tuple[float, float, float, float, float]] = {}

    def _sum_one(self, a: int, b: int) -> None:
        """Sum the interval between the node sites ``a < b`` into the cache (slices: no gather)."""
        stop = b + 1 if b == self.x.shape[0] - 1 else b
        x, y = self.x[a:stop], self.y[a:stop]
        t = np.subtract(x, self.x[a])
        t /= self.x[b] - self.x[a]
        s = np.subtract(1.0, t)
        if self.unit:  # sums of products without temporaries (einsum: no BLAS threads, unlike numpy.dot)
            ms, mt = s, t
        else:
            m = self.m[a:stop]
            ms, mt = m * s, m * t
        self.cache[(a, b)] = (float(np.einsum("i,i->", ms, s)), float(np.einsum("i,i->", ms, t)),
                              float(np.einsum("i,i->", mt, t)), float(np.einsum("i,i->", ms, y)),
                              float(np.einsum("i,i->", mt, y)))

    def _fill(self, starts: np.ndarray, ends: np.ndarray) -> None:
        """Sum the intervals ``(starts[i], ends[i])`` (node sites) into the cache: long ones one by one on slices,
        the others all in one vectorised pass (per-interval Python calls dominate on short intervals)."""
        M = self.x.shape[0]
        stops = ends + (ends == M - 1)  # the last interval holds the last site too
        lengths = stops - starts
        long = lengths >= _LONG_INTERVAL
        for a, b in zip(starts[long].tolist(), ends[long].tolist(), strict=True):
            self._sum_one(a, b)
        if long.all():
            return
        starts, ends, lengths = starts[~long], ends[~long], lengths[~long]
        first = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        sites = np.arange(int(lengths.sum())) + np.repeat(starts - first, lengths)
        left = self.x[starts]
        t = (self.x[sites] - np.repeat(left, lengths)) / np.repeat(self.x[ends] - left, lengths)
        s = 1.0 - t
        m = self.m[sites]
        mt, ms = m * t, m * s
        y = self.y[sites]
        cols = [np.add.reduceat(w, first) for w in (ms * s, ms * t, mt * t, ms * y, mt * y)]
        for i, key in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
            self.cache[key] = (float(cols[0][i]), float(cols[1][i]), float(cols[2][i]), float(cols[3][i]),
                               float(cols[4][i]))

    def solve(self, nodes: np.ndarray, lam: float, signs: np.ndarray) -> np.ndarray:
        """Node values of the spline with knots at ``nodes[1:-1]`` (signs ``signs``) that solves the system."""
        K = nodes.shape[0]
        keys = list(zip(nodes[:-1].tolist(), nodes[1:].tolist(), strict=True))
        missing = [key for key in keys if key not in self.cache]
        if missing:
            pairs = np.array(missing, dtype=np.intp)
            self._fill(pairs[:, 0], pairs[:, 1])
        sums = np.array([self.cache[key] for key in keys])
        ab = np.zeros((2, K))
        ab[1, :-1] = sums[:, 0]
        ab[1, 1:] += sums[:, 2]
        ab[0, 1:] = sums[:, 1]
        rhs = np.zeros(K)
        rhs[:-1] = sums[:, 3]
        rhs[1:] += sums[:, 4]
        return solveh_banded(ab, rhs - lam * penalty(self.x[nodes], signs), check_finite=False)

    def values(self, nodes: np.ndarray, v: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """The spline with values ``v`` at ``nodes`` at every site, :math:`v_k + s_k (x - X_k)` on interval k
        (interval by interval, in place in ``out`` if given)."""
        X = self.x[nodes]
        slope = np.diff(v) / np.diff(X)
        if self.x.shape[0] < _LOOP_MIN_SITES:  # small data: three repeats (interval loops cost more in Python)
            counts = np.diff(nodes)
            counts[-1] += 1
            u = np.repeat(v[:-1], counts) + np.repeat(slope, counts) * (self.x - np.repeat(X[:-1], counts))
            if out is None:
                return u
            out[:] = u
            return out
        out = np.empty(self.x.shape[0]) if out is None else out
        ends = nodes.copy()
        ends[-1] += 1  # the last interval holds the last site too
        for k in range(nodes.shape[0] - 1):
            part = out[ends[k]:ends[k + 1]]
            np.subtract(self.x[ends[k]:ends[k + 1]], X[k], out=part)
            part *= slope[k]
            part += v[k]
        return out


class FloatEvaluation(NamedTuple):
    """One evaluated pattern: node values, amplitudes at the interior nodes, the violating free sites (sorted) with
    their excess over λ (beyond the rounding allowance) and potential."""

    v: np.ndarray
    amp: np.ndarray
    over: np.ndarray
    excess: np.ndarray
    phi: np.ndarray


class FloatEvaluator:
    """Evaluates knot patterns on fixed data (module docstring)."""

    def __init__(self, x: np.ndarray, y: np.ndarray, m: np.ndarray) -> None:
        self.x, self.y, self.m = x, y, m
        self.M = x.shape[0]
        self.sums = IntervalSums(x, y, m)
        self.dx = np.diff(x)
        self.unit = self.sums.unit  # unit weights (no repeated site): R = y − u, and the products by m are skipped
        self.mass = float(self.M) if self.unit else float(np.add.reduce(m))
        self.abs_my = float(np.add.reduce(np.abs(y))) if self.unit else float(dot(m, np.abs(y)))
        self.factor = (2.0 * summation_terms(self.M) + 8.0) * EPS * FLOAT_TIGHTEN
        self._u, self._inner, self._phi = np.empty(self.M), np.empty(max(self.M - 1, 0)), np.zeros(self.M)

    def _scale(self, v: np.ndarray) -> float:
        """The rounding allowance per unit of :math:`x_j - x_1` (:func:`rounding_bound` × ``FLOAT_TIGHTEN``, with
        :math:`\\sum m|u| \\le \\max|v|\\sum m`: the spline lies between its node values)."""
        return self.factor * (self.abs_my + float(np.abs(v).max()) * self.mass)

    def potential(self, nodes: np.ndarray, sign_at: np.ndarray, lam: float, v: np.ndarray | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
        """Node values of the pattern ``sign_at`` (knots at ``nodes[1:-1]``; ``v`` if the caller has solved for them
        already) and the potential of their residuals at every site (:func:`potential_plain`, computed in place in a
        work array that the next call overwrites)."""
        if v is None:
            v = self.sums.solve(nodes, lam, sign_at[nodes[1:-1]])
        R, inner, phi = self._u, self._inner, self._phi  # work arrays, reused (no fresh 8 MB per iteration)
        self.sums.values(nodes, v, out=R)
        np.subtract(self.y, R, out=R)
        if not self.unit:
            R *= self.m
        potential_plain(self.dx, R, out=phi, work=inner)
        return v, phi

    def evaluate(self, nodes: np.ndarray, sign_at: np.ndarray, lam: float, v: np.ndarray | None = None
                 ) -> FloatEvaluation:
        """Solve for the pattern ``sign_at`` (knots at ``nodes[1:-1]``; ``v``: the node values, if solved for already)
        and find its violations."""
        v, phi = self.potential(nodes, sign_at, lam, v)
        amp = np.diff(np.diff(v) / np.diff(self.x[nodes]))
        R = self._u
        # a violation needs |φ| > λ (the allowance is ≥ 0): filter on that, then subtract the allowance there only
        np.abs(phi, out=R)
        near = np.flatnonzero(R > lam)
        near = near[sign_at[near] == 0]
        near = near[(near > 0) & (near < self.M - 1)]
        excess = np.abs(phi[near]) - lam - self._scale(v) * (self.x[near] - self.x[0])
        hit = excess > 0
        over = near[hit]
        return FloatEvaluation(v, amp, over, excess[hit], phi[over])
