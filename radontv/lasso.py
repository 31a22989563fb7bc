r"""The lasso over a dictionary of unit-norm ReLU neurons, solved exactly in rationals by the homotopy (LARS–lasso).

The problem, with data :math:`(x_i, y_i)_{i \le N}` in :math:`\mathbb Q^d \times \mathbb Q`, neurons
:math:`(\hat w_j, \hat b_j)_{j \le M}` with :math:`\|\hat w_j\|_2 = 1`, and an unpenalized affine part:

.. math::  \min_{u \in \mathbb R^M,\ c \in \mathbb R^{d+1}}\ \tfrac12\|Au + Bc - y\|_2^2 + \lambda\|u\|_1,
   \qquad A_{ij} = \sigma(\hat w_j^\top x_i - \hat b_j),\quad B = [X, \mathbf 1].

It is weight-decay training of a width-:math:`M` network on these neurons ([PN21] Thm 8, eqs. (14)–(16), (19);
[SPLN24] eqs. (2)–(4)).  Convex, so the KKT conditions are sufficient: with :math:`r = y - Au - Bc`,

.. math::  B^\top r = 0,\qquad A_j^\top r = \lambda\,\mathrm{sgn}(u_j)\ (u_j \ne 0),\qquad
   |A_j^\top r| \le \lambda\ (u_j = 0).

**The homotopy.**  On an active set :math:`S` with signs :math:`s` and :math:`G = [A_S, B]` of full column rank, the
KKT equations :math:`G^\top(y - Gz) = \lambda (s, 0)` give :math:`z(\lambda) = p - \lambda q`, affine in
:math:`\lambda`, so the residual and every correlation :math:`c_j(\lambda) = A_j^\top r(\lambda)` are affine too.
Starting from :math:`S = \emptyset` (the affine least-squares fit, optimal for :math:`\lambda \ge \lambda_{\max} =
\max_j |A_j^\top r_0|`), :math:`\lambda` decreases to the next *event*: a neuron outside :math:`S` whose correlation
reaches :math:`\pm\lambda` joins with that sign, or a coefficient in :math:`S` reaching 0 leaves.  Every event lies
strictly below the last, and in exact arithmetic the path is followed without rounding; at the target
:math:`\lambda` the solution is read off and the KKT conditions are verified exactly.  Sources: M. R. Osborne,
B. Presnell, B. A. Turlach, "A new approach to variable selection in least squares problems", IMA J. Numer. Anal. 20
(2000); B. Efron, T. Hastie, I. Johnstone, R. Tibshirani, "Least angle regression", Ann. Statist. 32 (2004), §3.1
(the lasso modification); R. J. Tibshirani, "The lasso problem and uniqueness", EJS 7 (2013) (the path for general
dictionaries).

**Ties.**  Degenerate dictionaries (columns dependent on the data modulo affine functions: antipodal neurons in
d = 1, three kinks in the same gap between data points, kinks outside the data) make several neurons reach the
boundary at once and the weights non-unique.  At every event the next active set is therefore *chosen*: the neurons
with nonzero weight stay, and among the zero-weight neurons on the boundary :math:`|c_j| = \lambda` the smallest
subset T is added for which :math:`[A_S, B]` keeps full column rank, every neuron of T moves off zero with its sign,
and every boundary neuron left out stays feasible just below the event (:math:`s_j\,dc_j/d\lambda \ge 1`): the
local direction of the path (cf. Tibshirani 2013 for the path with a general X).  A full-rank active set gives
:math:`|S| \le N - (d + 1)`.  If no subset qualifies (never seen; ties of more than 12 neurons are not searched),
or the final KKT verification fails, :meth:`LassoProblem.certify` returns ``None`` rather than an uncertified answer;
the affine fit not being unique (:math:`B` rank deficient) also gives ``None``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .errors import InvalidInput
from .exact_linalg import solve_exact
from .network import ReLUNetwork, relu

__all__ = ["LassoProblem", "LassoSolution"]

#: A lasso solution: the nonzero output weights ``{j: u_j}`` and the affine part ``c = (c_1, ..., c_d, c_0)``.
LassoSolution = tuple[dict[int, Fraction], list[Fraction]]


def _dot(a: Sequence[Fraction], b: Sequence[Fraction]) -> Fraction:
    return sum((x * y for x, y in zip(a, b, strict=True)), start=Fraction(0))


class LassoProblem:
    r"""The lasso :math:`\min_{u, c}\ \tfrac12\|A u + B c - y\|^2 + \lambda\|u\|_1` over a dictionary of unit-norm
    neurons (:math:`A_{ij} = \sigma(\hat w_j^\top x_i - \hat b_j)`) with an unpenalized affine part
    (:math:`B = [X, 1]`), in rationals; :meth:`certify` solves it exactly (the homotopy of the module docstring)."""

    def __init__(self, X: np.ndarray, y: Sequence[Any] | np.ndarray, W: Sequence[Sequence[Any]], b: Sequence[Any],
                 lam: Any) -> None:
        X = np.asarray(X, dtype=object)
        if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
            raise InvalidInput(f"X must be an (N, d) array of exact points with N, d >= 1; got shape {X.shape}")
        if len(y) != X.shape[0]:
            raise InvalidInput(f"y has {len(y)} values for {X.shape[0]} points; pass one target per row of X")
        if len(W) != len(b) or any(len(w) != X.shape[1] for w in W):
            raise InvalidInput(f"the dictionary needs M directions of length d = {X.shape[1]} and M biases; got "
                               f"{len(W)} directions and {len(b)} biases")
        if Fraction(lam) < 0:
            raise InvalidInput(f"lam must be >= 0, got {lam}")
        self.X, self.y, self.W, self.b, self.lam = X, y, W, b, lam
        self.N, self.d, self.M = X.shape[0], X.shape[1], len(W)
        self.A = [[relu(sum((w * x for w, x in zip(W[j], X[i], strict=True)), start=-b[j])) for j in range(self.M)]
                  for i in range(self.N)]
        self.B = [[*list(X[i]), Fraction(1)] for i in range(self.N)]

    def columns(self, S: Sequence[int]) -> list[list[Fraction]]:
        """The rows of :math:`G = [A_S, B]`."""
        return [[self.A[i][j] for j in S] + self.B[i] for i in range(self.N)]

    def residual(self, u: dict[int, Fraction], c: list[Fraction]) -> list[Fraction]:
        """:math:`r = y - Au - Bc`."""
        return [self.y[i] - sum((self.A[i][j] * uj for j, uj in u.items()), start=Fraction(0))
                - _dot(self.B[i], c) for i in range(self.N)]

    def correlation(self, j: int, r: list[Fraction]) -> Fraction:
        """:math:`A_j^\\top r`."""
        return sum((self.A[i][j] * r[i] for i in range(self.N)), start=Fraction(0))

    def lambda_max(self) -> Fraction:
        r"""The smallest :math:`\lambda` with solution :math:`u = 0`: :math:`\max_j |A_j^\top r_0|`, :math:`r_0` the
        residual of the affine fit (1 when the affine fit is not unique)."""
        sol = self.reduced([], [])
        if sol is None:
            return Fraction(1)
        r = self.residual({}, sol[1])
        return max((abs(self.correlation(j, r)) for j in range(self.M)), default=Fraction(1))

    def _normal_equations(self, S: Sequence[int]) -> tuple[list[list[Fraction]], list[list[Fraction]]]:
        G = self.columns(S)
        p = len(S) + self.d + 1
        GtG = [[sum((G[i][r] * G[i][s] for i in range(self.N)), start=Fraction(0)) for s in range(p)] for r in range(p)]
        return G, GtG

    def reduced(self, S: Sequence[int], signs: Sequence[int]) -> LassoSolution | None:
        """Solve the KKT equations on the support S with signs s: G^T G z = G^T y - lambda (s, 0), G = [A_S, B];
        ``None`` when G has dependent columns."""
        G, GtG = self._normal_equations(S)
        rhs = [sum((G[i][r] * self.y[i] for i in range(self.N)), start=Fraction(0)) for r in range(len(GtG))]
        for r, s in enumerate(signs):
            rhs[r] -= self.lam * s
        z = solve_exact(GtG, rhs)
        if z is None:
            return None
        return dict(zip(S, z[: len(S)], strict=True)), z[len(S):]

    def satisfies_kkt(self, u: dict[int, Fraction], c: list[Fraction]) -> bool:
        """Whether (u, c) satisfies the KKT conditions exactly (hence is optimal: the problem is convex)."""
        r = self.residual(u, c)
        if any(sum((self.B[i][k] * r[i] for i in range(self.N)), start=Fraction(0)) != 0 for k in range(self.d + 1)):
            return False
        for j in range(self.M):
            corr, uj = self.correlation(j, r), u.get(j, Fraction(0))
            if (uj != 0 and corr != self.lam * (1 if uj > 0 else -1)) or (uj == 0 and abs(corr) > self.lam):
                return False
        return True

    def numeric_support(self) -> tuple[list[int], list[int]]:
        """A float estimate of the active set and signs (coordinate descent with the affine part projected out,
        P = I - B B^+); a possible ``start`` for :meth:`certify`, never trusted by it."""
        A = np.array(self.A, dtype=float)
        B = np.array(self.B, dtype=float)
        y = np.array(self.y, dtype=float)
        P = np.eye(self.N) - B @ np.linalg.pinv(B)
        A, y = P @ A, P @ y
        lam = float(self.lam)
        sq = np.einsum("ij,ij->j", A, A)
        u, r = np.zeros(self.M), y.copy()
        for _ in range(5000):
            change = 0.0
            for j in range(self.M):
                if sq[j] <= 1e-14:  # a column that vanishes after projecting out the affine part
                    continue
                rho = u[j] + A[:, j] @ r / sq[j]
                new = np.sign(rho) * max(abs(rho) - lam / sq[j], 0.0)
                if new != u[j]:
                    r -= A[:, j] * (new - u[j])
                    change = max(change, abs(new - u[j]))
                    u[j] = new
            if change < 1e-13:
                break
        cut = 1e-8 * max(1.0, float(np.abs(u).max(initial=0)))
        S = [j for j in range(self.M) if abs(u[j]) > cut]
        return S, [1 if u[j] > 0 else -1 for j in S]

    def certify(self, start: tuple[Sequence[int], Sequence[int]] | None = None) -> LassoSolution | None:
        """The exact solution ``(u, c)`` (``u`` holds the nonzero weights only), verified by the KKT conditions;
        ``None`` for a degenerate dictionary the homotopy cannot resolve (module docstring).

        ``start = (support, signs)`` is a guess tried first (the KKT system solved on it, the result accepted only
        if it verifies); any other outcome falls back to the homotopy, which needs no start.  Raises
        ``RuntimeError`` if the homotopy exceeds its step bound (events strictly decrease lambda, so this would
        mean an error in the path, not a slow instance)."""
        if start is not None:
            if (len(start[0]) != len(start[1]) or any(j not in range(self.M) for j in start[0])
                    or len(set(start[0])) != len(start[0]) or any(s not in (1, -1) for s in start[1])):
                raise InvalidInput(f"start must be (support, signs): distinct neuron indices in [0, {self.M}) and one "
                                   f"sign +-1 each; got {start!r}")
            guess = self.reduced(list(start[0]), list(start[1]))
            if guess is not None:
                u = {j: v for j, v in guess[0].items() if v != 0}
                if self.satisfies_kkt(u, guess[1]):
                    return u, guess[1]
        return self._homotopy()

    def _homotopy(self) -> LassoSolution | None:
        lam = Fraction(self.lam)
        S: list[int] = []
        signs: list[int] = []
        level: Fraction | None = None  # the lambda the path has reached (None: +infinity)
        bound = 8 * (self.M + 1)
        for _ in range(bound):
            line = self._path_line(S, signs)
            if line is None:  # only at S = [] (the affine fit is not unique): no certificate
                return None
            p, q, r_p, r_q = line
            nxt = self._next_level(S, p, q, r_p, r_q, level)
            if nxt is None or nxt <= lam:
                z = [pk - lam * qk for pk, qk in zip(p, q, strict=True)]
                u = {j: v for j, v in zip(S, z[: len(S)], strict=True) if v != 0}
                c = z[len(S):]
                return (u, c) if self.satisfies_kkt(u, c) else None
            level = nxt
            at_level = {j: pk - level * qk for j, pk, qk in zip(S, p, q, strict=False)}
            keep = [(j, s) for j, s in zip(S, signs, strict=True) if at_level[j] != 0]
            kept = {j for j, _ in keep}
            r = [a + level * b for a, b in zip(r_p, r_q, strict=True)]
            boundary = [(j, 1 if cj > 0 else -1) for j in range(self.M) if j not in kept
                        and abs(cj := self.correlation(j, r)) == level]
            choice = self._next_active(keep, boundary)
            if choice is None:
                return None
            S, signs = choice
        raise RuntimeError(f"the lasso homotopy did not reach lambda = {lam} within {bound} events (M = {self.M}); "
                           "events strictly decrease lambda, so this is a bug: please report it with the data")

    def _next_active(self, keep: list[tuple[int, int]], boundary: list[tuple[int, int]]
                     ) -> tuple[list[int], list[int]] | None:
        """The active set just below an event: the neurons with nonzero weight (``keep``) and the smallest subset T of
        the zero-weight neurons on the boundary |c_j| = lambda such that [A_S, B] has full rank, every j in T moves
        off zero with its sign (s_j q_j > 0), and every boundary neuron left out stays feasible (s_j dc_j/dlambda
        >= 1).  ``None`` when there is none (more than 12 tied neurons are not searched)."""
        if len(boundary) > 12:
            return None
        for size in range(len(boundary) + 1):
            for T in itertools.combinations(boundary, size):
                S = [j for j, _ in keep] + [j for j, _ in T]
                signs = [s for _, s in keep] + [s for _, s in T]
                line = self._path_line(S, signs)
                if line is None:
                    continue
                q, r_q = line[1], line[3]
                if any(s * q[len(keep) + k] <= 0 for k, (_, s) in enumerate(T)):
                    continue
                if all(s * self.correlation(j, r_q) >= 1 for j, s in boundary if (j, s) not in T):
                    return S, signs
        return None

    def _path_line(self, S: Sequence[int], signs: Sequence[int]
                   ) -> tuple[list[Fraction], list[Fraction], list[Fraction], list[Fraction]] | None:
        """z(lambda) = p - lambda q on (S, signs), and r(lambda) = r_p + lambda r_q; None if G is rank deficient."""
        G, GtG = self._normal_equations(S)
        Gty = [sum((G[i][r] * self.y[i] for i in range(self.N)), start=Fraction(0)) for r in range(len(GtG))]
        p = solve_exact(GtG, Gty)
        if p is None:
            return None
        q = solve_exact(GtG, [Fraction(s) for s in signs] + [Fraction(0)] * (self.d + 1))
        assert q is not None  # same matrix as for p
        r_p = [self.y[i] - _dot(G[i], p) for i in range(self.N)]
        r_q = [_dot(G[i], q) for i in range(self.N)]
        return p, q, r_p, r_q

    def _next_level(self, S: Sequence[int], p: list[Fraction], q: list[Fraction], r_p: list[Fraction],
                    r_q: list[Fraction], level: Fraction | None) -> Fraction | None:
        """The largest lambda in (0, level) at which a neuron outside S reaches |c_j(lambda)| = lambda
        (c_j = A_j^T r_p + lambda A_j^T r_q) or a weight u_j(lambda) = p_j - lambda q_j in S reaches 0."""
        times: list[Fraction] = []
        active = set(S)
        for j in range(self.M):
            if j not in active:
                a, slope = self.correlation(j, r_p), self.correlation(j, r_q)
                times += [a / (s - slope) for s in (1, -1) if s != slope]
        times += [pk / qk for pk, qk in zip(p, q[: len(S)], strict=False) if qk != 0]
        valid = [t for t in times if t > 0 and (level is None or t < level)]
        return max(valid, default=None)

    def objective(self, u: dict[int, Fraction], c: list[Fraction]) -> Fraction:
        r"""The lasso objective :math:`\tfrac12\|r\|^2 + \lambda\|u\|_1`."""
        r = self.residual(u, c)
        return sum((x * x for x in r), start=Fraction(0)) / 2 + self.lam * sum((abs(x) for x in u.values()),
                                                                                start=Fraction(0))

    def network(self, u: dict[int, Fraction], c: list[Fraction], scales: dict[int, Fraction] | None = None
                ) -> ReLUNetwork:
        """The network of the unit-norm neurons j in u, with output weights u_j / s_j and input weights s_j w_j."""
        S = sorted(u)
        s = scales or {}
        W = [[s.get(j, Fraction(1)) * x for x in self.W[j]] for j in S]
        return ReLUNetwork(np.array(W, dtype=object).reshape(len(S), self.d), [s.get(j, Fraction(1)) * self.b[j]
                                                                                for j in S],
                           [u[j] / s.get(j, Fraction(1)) for j in S], c[: self.d], c[self.d])
