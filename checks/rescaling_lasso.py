r"""Numeric checks of the lasso claims of the rescaling family: weight decay as a lasso, width monotonicity, and
the secret sparsity of weight decay.

Each check solves lassos over dictionaries of unit-norm neurons **exactly** (:class:`radontv.lasso.LassoProblem`:
the homotopy in rationals, its answer verified by the KKT conditions) and compares networks built from the
certified optimum with it.  The other rescaling checks, the conventions and the sources: :mod:`checks.rescaling`.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy
from radontv.theory import rescaling as theory

from radontv.evidence import Agreement, CheckResult
from radontv.exact_linalg import solve_exact
from radontv.lasso import LassoProblem, LassoSolution
from radontv.network import ReLUNetwork
from radontv.precision import validate_dps

from ._instances import positive_rational, rational
from .rescaling_instances import (
    compare_functions,
    example_networks,
    fit_objective,
    lasso_instances,
    random_dataset,
    random_lasso_problem,
    sample_points,
    sympy_fraction,
)

__all__ = ["check_lasso", "check_secret_sparsity", "check_width_monotonicity"]


# -- 7. lasso ---------------------------------------------------------------------------------------------------------
def check_lasso(*, dps: int = 50, examples: int = 20, seed: int = 0, regularize_bias: bool = False) -> CheckResult:
    r"""Check weight-decay training ≡ path-norm training ≡ :math:`\ell^1` on unit-norm neurons.

    On random data and dictionaries of unit-norm neurons with rational directions (:math:`\pm 1` for d = 1, rational
    points of the circle for d = 2), the lasso :math:`\min \tfrac12\|Au + Bc - y\|^2 + \lambda\|u\|_1` is solved
    exactly (:meth:`radontv.lasso.LassoProblem.certify`: the homotopy in Fractions) and **certified** by its KKT
    conditions, which are recorded.  With :math:`P^*` the certified optimum:

    * the unit-norm network (output weights :math:`u_j`) reproduces :math:`A u + Bc` and its path-norm objective is
      :math:`P^*` (exact);
    * rational rescalings of it have path-norm objective :math:`P^*` and weight-decay objective :math:`\ge P^*`
      (exact), and random networks on the dictionary (duplicated neurons included) have objectives :math:`\ge P^*`;
    * the balanced factorisation ``balanced()`` attains :math:`P^*` with weight decay (mpmath at ``dps`` digits).

    ``regularize_bias=True`` adds :math:`\tfrac12\sum_k b_k^2` to weight decay (a negative control: the balanced
    network then overshoots :math:`P^*`).  Source: [PN21] Thm 8, eqs. (14)–(16), (19); [SPLN24] eqs. (2)–(4), §2.
    """
    validate_dps(dps)
    if theory.derive_lasso().verdict.value != "proved":
        raise RuntimeError("the derivation of the lasso reformulation is not closed")
    rng = random.Random(seed + 1)
    agree = Agreement("rescaling.lasso", dps=dps, lost_digits=3,  # sums of a few dozen rounded squares
                      route="exact KKT certificate (Fractions) for the l1 problem; balanced network in mpmath")
    instances, skipped = lasso_instances(examples, seed)
    if skipped:
        agree.note(f"{skipped} degenerate random instance(s) without an exact certificate were redrawn")
    for label, problem, (u, c) in instances:
        best = problem.objective(u, c)
        r = problem.residual(u, c)
        for j in range(problem.M):  # the certificate itself, recorded
            corr = problem.correlation(j, r)
            if j in u:
                agree.compare(corr, problem.lam * (1 if u[j] > 0 else -1), instance=f"{label}: KKT on support j={j}")
            else:
                agree.holds(abs(corr) <= problem.lam, instance=f"{label}: KKT off support j={j}")
        net = problem.network(u, c)
        def fitted(P: Any, problem: LassoProblem = problem, r: list[Fraction] = r) -> list[Fraction]:
            """A u + B c = y - r at the data points P = X, from the certificate's residual."""
            return [y - r_ for y, r_ in zip(problem.y, r, strict=True)]

        compare_functions(agree, net, fitted, problem.X, f"{label}: fit")
        agree.compare(fit_objective(net, problem.X, problem.y, problem.lam, sympy_fraction(net.path_norm())), best,
                      instance=f"{label}: unit-norm network, path-norm objective = P*")
        scales = {j: positive_rational(rng) for j in u}
        scaled = problem.network(u, c, scales)
        agree.compare(fit_objective(scaled, problem.X, problem.y, problem.lam, sympy_fraction(scaled.path_norm())),
                      best, instance=f"{label}: rescaled network, path-norm objective = P*")
        agree.at_least(fit_objective(scaled, problem.X, problem.y, problem.lam, scaled.weight_decay()), best,
                       instance=f"{label}: rescaled network, weight-decay objective >= P*")
        for t in range(3):  # random networks on the dictionary, with duplicates: objective >= P*
            picks = [rng.randrange(problem.M) for _ in range(rng.randint(1, problem.M))]
            betas = [positive_rational(rng) for _ in picks]
            other = ReLUNetwork(
                np.array([[beta * x for x in problem.W[j]] for beta, j in zip(betas, picks, strict=True)],
                         dtype=object).reshape(len(picks), problem.d),
                [beta * problem.b[j] for beta, j in zip(betas, picks, strict=True)],
                [rational(rng, -4, 4, 4) for _ in picks], c[: problem.d], c[problem.d])
            agree.at_least(fit_objective(other, problem.X, problem.y, problem.lam, other.weight_decay()), best,
                           instance=f"{label}: random dictionary network #{t}, weight-decay objective >= P*")
        with mpmath.workdps(dps):
            balanced = net.as_mp().balanced()
            penalty = balanced.weight_decay()
            if regularize_bias:
                penalty += sum((b * b for b in balanced.b), start=mpmath.mpf(0)) / 2
            Xm = problem.X  # exact points; the network promotes to mp
            agree.compare(fit_objective(balanced, Xm, problem.y, problem.lam, penalty), best, scale=best,
                          instance=f"{label}: balanced factorisation, weight-decay objective = P*")
    return agree.result()


# -- 8. width monotonicity --------------------------------------------------------------------------------------------
def _zero_neuron(d: int, rng: random.Random) -> tuple[list[Fraction], Fraction, Fraction]:
    """The padding neuron (w, b, v) = (0, b, 0): any bias, no function, no weight decay."""
    return [Fraction(0)] * d, rational(rng, -24, 24, 6), Fraction(0)


def check_width_monotonicity(*, dps: int = 50, examples: int = 20, seed: int = 0,
                             padding: Callable[[int, random.Random], tuple[Any, Any, Any]] | None = None
                             ) -> CheckResult:
    r"""Check that adding neurons never raises the optimum of :math:`L + \lambda\,\mathrm{WD}` (or of the path-norm
    problem), exactly in rationals.

    * Padding: every network, padded with 1–3 neurons ``padding(d, rng)`` (default the zero neuron
      :math:`(w, b, v) = (0, b, 0)`), computes the same function with the same weight decay, path norm and objective
      (a negative control pads with a dead neuron :math:`v = 0`, :math:`w \ne 0`, which costs weight decay).
    * Optimum: on nested dictionaries of unit-norm neurons :math:`D_1 \subset D_2 \subset D_3`, the exactly certified
      lasso optima (= the weight-decay optima over networks on these neurons, ``rescaling.lasso``) are non-increasing,
      and the optimal network of width :math:`|S|` padded to any larger width attains the same objective.

    Source: [PN21] Thm 8 (last sentence: a global minimizer at width :math:`K_2` is one at every :math:`K_1 > K_2`).
    """
    validate_dps(dps)
    if theory.derive_width_monotonicity().verdict.value != "proved":
        raise RuntimeError("the derivation of width monotonicity is not closed")
    pad = padding if padding is not None else _zero_neuron
    rng = random.Random(seed + 2)
    agree = Agreement("rescaling.width_monotonicity", dps=None,
                      route="exact rationals: padded networks, and KKT-certified optima on nested dictionaries")
    for label, net in example_networks(examples, seed):
        X, y = random_dataset(rng, net.dim, 6)
        lam = Fraction(rng.randint(1, 20), 10)
        extra = [pad(net.dim, rng) for _ in range(rng.randint(1, 3))]
        padded = net.with_neurons([e[0] for e in extra], [e[1] for e in extra], [e[2] for e in extra])
        compare_functions(agree, padded, net, sample_points(net, rng, n=3), f"{label}, padded")
        agree.compare(padded.weight_decay(), net.weight_decay(), instance=f"{label}: padded weight decay", scale=0)
        agree.holds(sympy.expand(padded.path_norm() - net.path_norm()) == 0, instance=f"{label}: padded path norm")
        agree.compare(fit_objective(padded, X, y, lam, padded.weight_decay()),
                      fit_objective(net, X, y, lam, net.weight_decay()), instance=f"{label}: padded objective")
    for i in range(max(2, examples // 4)):
        d, N = 1 + i % 2, rng.randint(6, 8)
        big = random_lasso_problem(rng, d=d, N=N, M=3 * N)
        sizes = (N, 2 * N, 3 * N)
        optima: list[tuple[int, LassoProblem, LassoSolution]] = []
        for M in sizes:
            sub = LassoProblem(big.X, big.y, big.W[:M], big.b[:M], big.lam)
            cert = sub.certify()
            if cert is None:
                agree.note(f"nested dictionary #{i}, M = {M}: no exact certificate (degenerate), skipped")
                optima = []
                break
            optima.append((M, sub, cert))
        for (M1, _, (u1, c1)), (M2, sub2, (u2, c2)) in itertools.pairwise(optima):
            p1 = LassoProblem(big.X, big.y, big.W[:M1], big.b[:M1], big.lam).objective(u1, c1)
            agree.at_least(p1, sub2.objective(u2, c2), instance=f"nested #{i} (d = {d}): P*(M = {M2}) <= P*(M = {M1})")
        for _M, sub, (u, c) in optima:
            net = sub.network(u, c)
            extra = [pad(d, rng) for _ in range(2)]
            wider = net.with_neurons([e[0] for e in extra], [e[1] for e in extra], [e[2] for e in extra])
            wider_pn = sympy_fraction(wider.path_norm())  # unit-norm rational directions: a rational path norm
            agree.compare(fit_objective(wider, sub.X, sub.y, sub.lam, wider_pn), sub.objective(u, c),
                          instance=f"nested #{i}: optimum of width {net.width} padded to {wider.width}")
    return agree.result()


# -- 9. secret sparsity -----------------------------------------------------------------------------------------------
def check_secret_sparsity(*, dps: int = 50, examples: int = 20, seed: int = 0, penalty: str = "l1") -> CheckResult:
    r"""Check the remark that weight-decay training has a solution with few active neurons: at most N.

    On dictionaries of :math:`M \approx 2N` to :math:`3N` unit-norm neurons, the exactly certified lasso solution
    (``rescaling.lasso``: the weight-decay optimum over networks on these neurons) has an active set S whose reduced
    system :math:`[A_S, B]` has full column rank, so :math:`|S| \le N - (d + 1) \le N`; the balanced weight-decay
    network of width M built from it has at most N nonzero neurons and attains the optimum (mpmath).
    ``penalty="ridge"`` replaces :math:`\lambda\|u\|_1` by :math:`\tfrac{\lambda}{2}\|u\|_2^2` — what one would get
    by (wrongly) reading weight decay as a penalty on the output weights of fixed unit neurons — whose exact
    solution is dense (a negative control).

    Source: [SPLN24] §2 ('This "secret sparsity of weight decay" ... (see Parhi and Nowak, 2023b, for more
    details)'; the wording in [SPM] itself is not confirmed); the bound: [PN21] Thm 1 (K <= N - dim N_m).
    """
    validate_dps(dps)
    if penalty not in ("l1", "ridge"):
        raise ValueError(f"penalty must be 'l1' or 'ridge', got {penalty!r}")
    agree = Agreement("rescaling.secret_sparsity", dps=dps, lost_digits=3,  # sums of a few dozen rounded squares
                      route="exact KKT certificates on dictionaries with M > N neurons; active neurons counted")
    instances, skipped = lasso_instances(examples, seed + 3, M_factor=3)
    if skipped:
        agree.note(f"{skipped} degenerate random instance(s) without an exact certificate were redrawn")
    for label, problem, (u, c) in instances:
        N, d, M = problem.N, problem.d, problem.M
        agree.holds(M > N, instance=f"{label}: more neurons than data points")
        if penalty == "ridge":
            p = M + d + 1
            G = problem.columns(list(range(M)))
            GtG = [[sum((G[i][r] * G[i][s] for i in range(N)), start=Fraction(0)) + (problem.lam if r == s < M else 0)
                    for s in range(p)] for r in range(p)]
            rhs = [sum((G[i][r] * problem.y[i] for i in range(N)), start=Fraction(0)) for r in range(p)]
            z = solve_exact(GtG, rhs)
            if z is None:
                continue
            u = {j: z[j] for j in range(M) if z[j] != 0}
            c = z[M:]
        active = len(u)
        agree.holds(active <= N, instance=f"{label}: {active} active neurons <= N = {N}")
        if penalty == "l1":
            agree.holds(active <= N - (d + 1), instance=f"{label}: {active} active neurons <= N - (d + 1)")
            zeros = M - active  # the inactive dictionary neurons become zero neurons (w, b, v) = (0, 0, 0)
            full = problem.network(u, c).with_neurons(np.zeros((zeros, d), dtype=object), [0] * zeros, [0] * zeros)
            with mpmath.workdps(dps):
                wide = full.as_mp().balanced()
                nonzero = sum(1 for k in range(wide.width) if wide.v[k] != 0)
                agree.holds(nonzero == active, instance=f"{label}: balanced width-{M} network has {nonzero} active")
                agree.compare(fit_objective(wide, problem.X, problem.y, problem.lam, wide.weight_decay()),
                              problem.objective(u, c), scale=problem.objective(u, c),
                              instance=f"{label}: width-{M} weight-decay network attains P*")
    return agree.result()
