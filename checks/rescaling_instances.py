r"""Instances and exact helpers shared by the rescaling checks (:mod:`checks.rescaling`, :mod:`checks.rescaling_lasso`).

* :func:`example_networks` — concrete networks, then random exact networks with coincident, antipodal and zero
  neurons; :func:`sample_points` — random points and points on and beside every neuron's hyperplane;
  :func:`random_dataset` — a random rational data set.
* :func:`random_lasso_problem`, :func:`lasso_instances` — random instances of :class:`radontv.lasso.LassoProblem`
  (data, a dictionary of unit-norm neurons with rational directions, λ a fraction of :math:`\lambda_{\max}`) and the
  exactly certified ones the checks use.
* :func:`exact_square`, :func:`sympy_fraction` — exact conversions of sympy results (a path norm is a sum of rational
  multiples of square roots).

All random draws come from one :class:`random.Random` through :mod:`checks._instances`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from radontv.evidence import Agreement
from radontv.lasso import LassoProblem, LassoSolution
from radontv.network import ReLUNetwork

from ._instances import positive_rational, rational, rational_unit_vector

__all__ = [
    "compare_functions",
    "exact_square",
    "example_networks",
    "fit_objective",
    "lasso_instances",
    "random_dataset",
    "random_lasso_problem",
    "sample_points",
    "sympy_fraction",
]


def _q(rng: random.Random) -> Fraction:
    """The rescaling family's rational: numerator in [-24, 24], denominator in [1, 6]."""
    return rational(rng, -24, 24, 6)


def _random_network(rng: random.Random) -> ReLUNetwork:
    d, K = rng.randint(1, 4), rng.randint(1, 6)
    W = [[_q(rng) for _ in range(d)] for _ in range(K)]
    b = [_q(rng) for _ in range(K)]
    v = [_q(rng) for _ in range(K)]
    if rng.random() < 0.4:  # a coincident neuron: a positive multiple of an existing one
        k, s = rng.randrange(K), positive_rational(rng)
        W.append([s * x for x in W[k]])
        b.append(s * b[k])
        v.append(_q(rng))
    if rng.random() < 0.4:  # an antipodal neuron
        k, s = rng.randrange(K), positive_rational(rng)
        W.append([-s * x for x in W[k]])
        b.append(-s * b[k])
        v.append(_q(rng))
    if rng.random() < 0.3:  # a zero neuron: v = 0, or w = 0 (a constant v relu(-b))
        if rng.random() < 0.5:
            W.append([_q(rng) for _ in range(d)])
            b.append(_q(rng))
            v.append(Fraction(0))
        else:
            W.append([Fraction(0)] * d)
            b.append(_q(rng))
            v.append(_q(rng))
    return ReLUNetwork(W, b, v, [_q(rng) for _ in range(d)], _q(rng))


def example_networks(examples: int, seed: int) -> list[tuple[str, ReLUNetwork]]:
    """Concrete networks, then ``examples`` random exact networks drawn from ``random.Random(seed)``.

    The concrete ones: the example of the catalog (v = 3, w = (1/2, -2, 1), path norm 6.8738635424...), and a network
    with coincident, antipodal, dead (v = 0) and constant (w = 0) neurons.
    """
    concrete = [
        ("catalog neuron v=3, w=(1/2,-2,1)", ReLUNetwork([[Fraction(1, 2), -2, 1]], [Fraction(1, 3)], [3])),
        ("coincident/antipodal/zero neurons",
         ReLUNetwork([[1, 2], [2, 4], [-1, -2], [0, 0], [3, -1], [1, 1]], [1, 2, -1, 5, 0, 2], [2, -1, 3, 4, 0, -5],
                     [1, -1], Fraction(1, 2))),
    ]
    rng = random.Random(seed)
    return concrete + [(f"random network #{i} (seed {seed})", _random_network(rng)) for i in range(examples)]


def sample_points(net: ReLUNetwork, rng: random.Random, n: int = 6) -> np.ndarray:
    """Exact rational points: ``n`` random ones, and for each neuron with w != 0 points on and either side of its
    hyperplane (where a wrong kink shows first)."""
    d = net.dim
    pts = [[rational(rng, -40, 40, 4) for _ in range(d)] for _ in range(n)]
    exact = net.as_exact()
    for w, b, _ in exact.neurons():
        nn = sum(x * x for x in w)
        if nn == 0:
            continue
        foot = [b * x / nn for x in w]
        for eps in (Fraction(-1, 16), Fraction(0), Fraction(1, 16)):
            pts.append([p + eps * x for p, x in zip(foot, w, strict=True)])
    return np.array(pts, dtype=object).reshape(len(pts), d)


def random_dataset(rng: random.Random, d: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` rational points in d dimensions and targets, entries in [-12, 12] with denominators up to 4."""
    X = np.array([[rational(rng, -12, 12, 4) for _ in range(d)] for _ in range(n)], dtype=object).reshape(n, d)
    y = np.array([rational(rng, -12, 12, 4) for _ in range(n)], dtype=object)
    return X, y


def compare_functions(agree: Agreement, f: Callable[[Any], Any], g: Callable[[Any], Any], X: np.ndarray,
                      label: str) -> None:
    """Record f(x) = g(x) at every point of X; the scale is the largest |g| on X (so zeros of g do not blow up)."""
    fv, gv = f(X), g(X)
    scale = max((abs(y) for y in gv), default=0)
    for i, (a, e) in enumerate(zip(fv, gv, strict=True)):
        agree.compare(a, e, scale=scale, instance=f"{label}, x = {_fmt_point(X[i])}")


def _fmt_point(x: Any) -> str:
    return "(" + ", ".join(str(c) for c in np.atleast_1d(x)) + ")"


def sympy_fraction(x: Any) -> Fraction:
    """A sympy Rational (or int/Fraction) as a Fraction."""
    if isinstance(x, Fraction):
        return x
    r = sympy.Rational(x)
    return Fraction(int(r.p), int(r.q))


def exact_square(x: Any) -> Fraction:
    """The exact square of a number that is rational or a rational multiple of a square root (a sympy expression);
    ``TypeError`` when the square is not rational."""
    if isinstance(x, int | Fraction):
        return Fraction(x) ** 2
    sq = sympy.expand(sympy.sympify(x) ** 2)
    if not sq.is_Rational:
        raise TypeError(f"the square of {x} is not rational; cannot compare exactly")
    return Fraction(int(sq.p), int(sq.q))


def random_lasso_problem(rng: random.Random, *, d: int, N: int, M: int,
                         lam_fraction: Fraction | None = None) -> LassoProblem:
    """A random lasso instance: N rational points in d dimensions, M unit-norm neurons with rational directions
    (±1 for d = 1, :func:`checks._instances.rational_unit_vector`), biases in [-24, 24] with denominators up to 5,
    lambda = ``lam_fraction`` (default a random fraction in [1/100, 40/100]) of lambda_max, at least 1/100."""
    X = np.array([[rational(rng, -8, 8, 2) for _ in range(d)] for _ in range(N)], dtype=object).reshape(N, d)
    y = np.array([rational(rng, -8, 8, 2) for _ in range(N)], dtype=object)
    W = [rational_unit_vector(rng, d) for _ in range(M)]
    b = [rational(rng, -24, 24, 5) for _ in range(M)]
    problem = LassoProblem(X, y, W, b, Fraction(1))
    frac = lam_fraction if lam_fraction is not None else Fraction(rng.randint(1, 40), 100)
    problem.lam = max(problem.lambda_max() * frac, Fraction(1, 100))
    return problem


def lasso_instances(examples: int, seed: int, *, M_factor: int = 2
                    ) -> tuple[list[tuple[str, LassoProblem, LassoSolution]], int]:
    """Certified lasso instances (d = 1 and 2 alternating) and the number of drawn instances left uncertified.

    An instance the exact homotopy cannot certify (a degenerate dictionary, :mod:`radontv.lasso`) is replaced by a
    fresh draw, up to five times; after five uncertifiable draws in a row that instance is left out, so a check then
    examines fewer than ``max(2, examples // 2)`` instances.  The number of uncertified draws is reported by the checks.
    """
    rng = random.Random(seed)
    out, skipped = [], 0
    for i in range(max(2, examples // 2)):
        d = 1 + i % 2
        for _ in range(5):
            N = rng.randint(6, 8)
            problem = random_lasso_problem(rng, d=d, N=N, M=M_factor * N + rng.randint(0, 4))
            cert = problem.certify()
            if cert is not None:
                out.append((f"lasso #{i} (d = {d}, N = {N}, M = {problem.M}, seed {seed})", problem, cert))
                break
            skipped += 1
    return out, skipped


def fit_objective(net: ReLUNetwork, X: np.ndarray, y: Sequence[Any] | np.ndarray, lam: Any, penalty: Any) -> Any:
    r""":math:`\tfrac12\sum_i (f(x_i) - y_i)^2 + \lambda\cdot\mathrm{penalty}` in the network's arithmetic."""
    fitted = net(X)
    zero = fitted[0] * 0
    return sum(((f - t) ** 2 for f, t in zip(fitted, y, strict=True)), start=zero) / 2 + lam * penalty
