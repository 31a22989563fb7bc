r"""Numeric checks of the multivariate global fit (:func:`radontv.fit.rtv2_fit`, needs the optional extra
``solvers``: cvxpy with Clarabel): the representer theorem, the solution set, the training equivalence.

The seminorm checks of the family are in :mod:`checks.multivariate`; the property tests of these checks are in
``tests/test_multivariate_fit.py``.  The fit runs in double precision, so these checks compare float quantities
under one float law (``FIT_DPS`` digits less ``FIT_LOST_DIGITS``) whatever ``dps`` is.  Random data and networks
come from one :class:`random.Random` (``checks._instances``).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

import numpy as np

from radontv import ReLUNetwork
from radontv.canonical_form import canonical
from radontv.evidence import Agreement, CheckResult, Verdict
from radontv.precision import validate_dps

from ._instances import normal_array, seeded, uniform_array
from .multivariate_route import combine_exact_mp

__all__ = [
    "FIT_DPS",
    "FIT_LOST_DIGITS",
    "FIT_RTOL_WEIGHTS",
    "OBJECTIVE_ROUNDING",
    "RADIUS_RTOL",
    "check_representer",
    "check_solution_set",
    "check_training_equivalence",
    "hyperplane_sides",
    "random_data",
    "zigzag_data",
]

#: The fit runs in double precision: 16 digits, of which the conic solve (tolerance 1e-10, rescaled) and the
#: certificate may lose 8.  These checks compare float quantities under this law whatever ``dps`` is.
FIT_DPS, FIT_LOST_DIGITS = 16, 8
#: Rounding of a float objective (a sum of a few dozen rounded terms), relative to its size.
OBJECTIVE_ROUNDING = 1e-12
#: Slack on positions relative to the data radius (|t_k| <= max ||x_n||; a data point within this of a hyperplane
#: counts as on it): offsets come from a solve at 1e-12 and a rescaling of the data.
RADIUS_RTOL = 1e-9
#: Two solutions' amplitudes count as equal (negative control only) within the check's own float law.
FIT_RTOL_WEIGHTS = 10.0 ** -(FIT_DPS - FIT_LOST_DIGITS)


def _fit_agreement(claim_id: str, route: str) -> Agreement:
    return Agreement(claim_id, dps=FIT_DPS, lost_digits=FIT_LOST_DIGITS, route=route)


def _needs_solver(claim_id: str) -> CheckResult | None:
    try:
        import cvxpy  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the environment
        return CheckResult(claim_id, Verdict.ERROR, message="needs the optional extra `solvers` (cvxpy, clarabel)")
    return None


def random_data(rng: random.Random | np.random.Generator, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Random data in general position: points uniform in [-1, 1]^d, targets uniform in [-1, 1].

    The checks pass a :class:`random.Random`; a ``numpy.random.Generator`` is still accepted for callers outside
    ``checks/`` (tests/test_multivariate_fit.py draws its data this way)."""
    if isinstance(rng, np.random.Generator):
        return rng.uniform(-1, 1, size=(n, d)), rng.uniform(-1, 1, size=n)
    return uniform_array(rng, (n, d)), uniform_array(rng, n)


def zigzag_data(d: int, m: int = 7) -> tuple[np.ndarray, np.ndarray]:
    r"""``m`` collinear points with alternating targets 0, 1, 0, ... plus :math:`d - 1` points spanning
    :math:`\mathbb R^d`: every interpolant needs :math:`m - 2 = N - (d+1)` kinks along the line (the second
    differences alternate in sign, catalog C8), so the representer bound is attained."""
    line = np.zeros((m, d))
    line[:, 0] = np.arange(m, dtype=float)
    extra = np.zeros((d - 1, d))
    for i in range(d - 1):
        extra[i, 0], extra[i, i + 1] = 0.5, 1.0
    X = np.vstack([line, extra])
    y = np.concatenate([np.arange(m) % 2, np.zeros(d - 1)]).astype(float)
    return X, y


def _representer_bound(n: int, d: int) -> int:
    return n - (d + 1)


def hyperplane_sides(net: ReLUNetwork, X: np.ndarray, *, tol: float) -> list[tuple[np.ndarray, float, float, bool]]:
    r"""``(u_H, t_H, A_H, splits)`` for every hyperplane of ``net`` (float canonical form); ``splits`` is True when
    the data lie strictly on both sides: :math:`\max_n(u_H^\top x_n - t_H) >` ``tol`` and
    :math:`\min_n(u_H^\top x_n - t_H) < -`\ ``tol`` (points within ``tol`` of the hyperplane count as on it)."""
    form = canonical(net.as_float())
    us, ts = form.unit_normals()
    sides = []
    for u, t, a in zip(us, ts, form.amplitudes, strict=True):
        s = np.asarray(X, dtype=float) @ np.asarray(u, dtype=float) - float(t)
        sides.append((np.asarray(u, dtype=float), float(t), float(a), float(s.max()) > tol and float(s.min()) < -tol))
    return sides


def _fit_objective(net: ReLUNetwork, X: np.ndarray, y: np.ndarray, lam: float | None) -> float:
    """The objective of ``net`` itself: R-TV² (interpolation) or ½Σ(f(x_n) - y_n)² + λ R-TV² (regression)."""
    r = float(canonical(net.as_float()).rtv2())
    if lam is None:
        return r
    e = np.asarray(net.as_float()(X), dtype=float) - y
    return 0.5 * float(e @ e) + lam * r


def check_representer(*, dps: int = 50, examples: int = 4, seed: int = 0,
                      bound: Callable[[int, int], int] | None = None,
                      solution: Callable[[Any, np.ndarray], ReLUNetwork] | None = None) -> CheckResult:
    r"""A solution with at most :math:`N - (d+1)` neurons exists and the bound is attained; every hyperplane of an
    optimal network has data strictly on both sides, so its offset is within the data radius.

    ``bound(N, d)`` is the neuron bound under test (PN21 Thm 1: :math:`N - (d+1)`); ``solution(fit, X)`` is the
    network under test (default: ``fit.network`` of :func:`radontv.fit.rtv2_fit`).  For random data in
    :math:`d = 2, 3` (interpolation and regression) and on the zigzag data of :func:`zigzag_data`:

    * the network has at most ``bound`` hyperplanes (on the zigzag data exactly ``bound``: every interpolant needs
      that many kinks along the line);
    * its own objective (R-TV², or :math:`\tfrac12\sum(f(x_n) - y_n)^2 + \lambda\,\mathrm{R\text{-}TV}^2`, computed
      from the network) meets the fit's independent dual bound (the certificate; random data only);
    * every hyperplane has data strictly on both sides (:func:`hyperplane_sides`; points within ``RADIUS_RTOL``
      times the data radius count as on it), hence :math:`|t_H| < \max_n\|x_n\|` (PN21 Lemma 24, strict).  The
      derivation shows that a one-sided hyperplane can be replaced by 0 or by an affine function without changing
      any :math:`f(x_n)`, which lowers the objective by :math:`\lambda|A_H|` (:math:`|A_H|` for interpolation); so a
      network within :math:`\varepsilon` of the optimum can carry one-sided mass :math:`|A_H| \le
      \varepsilon/\lambda` only.  :math:`\varepsilon` is the accuracy of the certified fit (its gap plus
      ``OBJECTIVE_ROUNDING``); a one-sided hyperplane whose :math:`\lambda|A_H|` exceeds it refutes the claim.

    Float law: ``FIT_DPS`` digits less ``FIT_LOST_DIGITS``, whatever ``dps`` is.
    """
    validate_dps(dps)
    missing = _needs_solver("multivariate.representer")
    if missing is not None:  # a CheckResult refuses bool()
        return missing
    from radontv.fit import rtv2_fit

    bound = bound or _representer_bound
    solution = solution or (lambda fit, X: fit.network)
    rng = seeded(seed)
    exact = Agreement("multivariate.representer", dps=None,
                      route="neuron counts; data strictly on both sides of every hyperplane")
    agree = _fit_agreement("multivariate.representer", "objective of the network against the certified dual bound")

    def examine(fit: Any, X: np.ndarray, y: np.ndarray, lam: float | None, tag: str, certify: bool) -> ReLUNetwork:
        net = solution(fit, X)
        if certify:
            value = _fit_objective(net, X, y, lam)
            agree.compare(value, fit.dual_bound, instance=f"certificate, {tag}", scale=1 + abs(value))
        # Python floats: a numpy gap would make the comparison below an np.bool_, which holds() refuses
        eps = float(max(fit.gap, 0.0) + OBJECTIVE_ROUNDING * (1 + abs(fit.value)))
        radius = float(np.max(np.linalg.norm(X, axis=1)))
        weight = 1.0 if lam is None else lam
        for u, t, a, splits in hyperplane_sides(net, X, tol=RADIUS_RTOL * radius):
            exact.holds(splits or weight * abs(a) <= eps,
                        instance=f"data strictly on both sides of u={np.round(u, 6).tolist()}, t={t:.6g} (radius "
                                 f"{radius:.6g}) unless |A| = {abs(a):.6g} <= eps/lam = {eps / weight:.3g}, {tag}")
        return net

    for i in range(examples):
        d = 2 + i % 2
        n = rng.randint(d + 3, 10 - d)
        X, y = random_data(rng, n, d)
        lam = None if i % 2 == 0 else rng.choice([0.05, 0.2])
        tag = f"N={n}, d={d}, lam={lam}"
        net = examine(rtv2_fit(X, y, lam), X, y, lam, tag, certify=True)
        size = canonical(net.as_float()).size
        exact.holds(size <= bound(n, d), instance=f"{tag}: {size} neurons")
    for d in (2, 3):
        X, y = zigzag_data(d)
        net = examine(rtv2_fit(X, y), X, y, None, f"zigzag, d={d}", certify=False)  # its gap sets eps
        size = canonical(net.as_float()).size
        exact.holds(size == bound(len(X), d), instance=f"zigzag, d={d}: {size} neurons needed, "
                                                       f"bound {bound(len(X), d)}")
    return combine_exact_mp(exact, agree)


def check_solution_set(*, dps: int = 50, examples: int = 3, seed: int = 0, compare: str = "values") -> CheckResult:
    r"""Fitted values and regularization cost are common to all solutions (U23 Thm 12), but minimizers are not.

    For regression data in :math:`d = 2`: the network found before sparsification and the sparsified one are two
    solutions; so is the fit of the same data moved by a rigid motion.  With ``compare="values"`` (the claim) their
    fitted values and R-TV² must agree within what their certificates guarantee: if :math:`J(f) \le J^* + \varepsilon`
    then :math:`\|f(X) - f^*(X)\|_2 \le 2\sqrt{\varepsilon}` (the loss is 1-strongly convex in the fitted values:
    :math:`J(\tfrac{f+f^*}2) \le \tfrac12(J(f) + J^*) - \tfrac18\|f(X) - f^*(X)\|^2`), and
    :math:`\lambda|R(f) - R(g)| \le |L(f) - L(g)| + \varepsilon_f + \varepsilon_g`.  ``compare="weights"`` compares the
    networks' sorted amplitudes instead (the negative control: minimizers differ).
    """
    validate_dps(dps)
    missing = _needs_solver("multivariate.solution_set")
    if missing is not None:  # a CheckResult refuses bool()
        return missing
    from radontv.fit import rtv2_fit

    rng = seeded(seed)
    agree = _fit_agreement("multivariate.solution_set", "two solutions per instance, within their certificates")
    for _ in range(examples):
        n = rng.randint(7, 10)
        X, y = random_data(rng, n, 2)
        lam = rng.choice([0.02, 0.1])
        fit = rtv2_fit(X, y, lam)
        th = rng.uniform(0, 2 * math.pi)
        U = np.array([[np.cos(th), -np.sin(th)], [np.sin(th), np.cos(th)]])
        Xm = X @ U.T + uniform_array(rng, 2)  # the data moved by a rigid motion: same optimal value and fit
        moved = rtv2_fit(Xm, y, lam)
        agree.compare(moved.value, fit.value, instance=f"optimal value under a rigid motion, N={n}",
                      scale=1 + abs(fit.value))
        eps_fit = max(fit.gap, 0.0)
        for other, points, eps_other in ((fit.dense_network, X, eps_fit), (moved.network, Xm, max(moved.gap, 0.0))):
            if compare == "weights":
                amps_a = np.sort(np.abs(np.asarray(canonical(fit.network).coefficients, dtype=float)))
                amps_b = np.sort(np.abs(np.asarray(canonical(other).coefficients, dtype=float)))
                same = amps_a.shape == amps_b.shape and bool(np.allclose(amps_a, amps_b, rtol=FIT_RTOL_WEIGHTS))
                agree.compare(0.0 if same else 1.0, 0.0, instance=f"minimizers compared, N={n}", scale=1)
                continue
            fa = np.asarray(fit.network(X), dtype=float)
            fb = np.asarray(other(points), dtype=float)
            rounding = OBJECTIVE_ROUNDING * (1 + abs(fit.value))
            agree.at_least(2 * (np.sqrt(eps_fit) + np.sqrt(eps_other)) + rounding, float(np.linalg.norm(fa - fb)),
                           instance=f"fitted values, N={n}, lam={lam}", scale=1)
            la, lb = 0.5 * float(np.sum((fa - y) ** 2)), 0.5 * float(np.sum((fb - y) ** 2))
            ra, rb = float(canonical(fit.network).rtv2()), float(canonical(other).rtv2())
            agree.at_least(abs(la - lb) + eps_fit + eps_other + rounding, lam * abs(ra - rb),
                           instance=f"R-TV2 cost, N={n}, lam={lam}", scale=1)
    return agree.result()


def check_training_equivalence(*, dps: int = 50, examples: int = 2, seed: int = 0,
                               weight_decay_factor: float = 0.5) -> CheckResult:
    r"""Weight-decay training of width :math:`K \ge N - (d+1)` has the R-TV² optimum as its optimum (PN21 Thm 8).

    The objective is :math:`J(\theta) = \tfrac12\sum_n(f_\theta(x_n) - y_n)^2 + \lambda\,c\sum_k(v_k^2 + \|w_k\|^2)`
    with :math:`c` = ``weight_decay_factor`` (the claim: :math:`c = \tfrac12`).  (i) The global optimum of
    :func:`radontv.fit.rtv2_fit`, converted to a width-K network (merged, balanced, padded with zero neurons),
    attains :math:`J = J^*`; (ii) networks trained by :func:`radontv.train.fit_network` from several seeds, and
    random networks, never go below the certified dual bound; the gaps of the trained networks are reported.
    """
    validate_dps(dps)
    missing = _needs_solver("multivariate.training_equivalence")
    if missing is not None:  # a CheckResult refuses bool()
        return missing
    from radontv.fit import rtv2_fit
    from radontv.train import fit_network

    rng = seeded(seed)
    agree = _fit_agreement("multivariate.training_equivalence", "converted optimum and trained networks vs J*")
    gaps = []

    def objective(net: ReLUNetwork, X: np.ndarray, y: np.ndarray, lam: float) -> float:
        e = np.asarray(net.as_float()(X), dtype=float) - y
        W = np.asarray(net.as_float().W, dtype=float)
        v = np.asarray(net.as_float().v, dtype=float)
        return 0.5 * float(e @ e) + lam * weight_decay_factor * float(np.sum(v * v) + np.sum(W * W))

    for _ in range(examples):
        n, d = rng.randint(6, 8), 2
        X, y = random_data(rng, n, d)
        lam = rng.choice([0.05, 0.2])
        fit = rtv2_fit(X, y, lam)
        width = n - (d + 1)
        opt = canonical(fit.network).network().balanced()
        pad = width - opt.width
        if pad > 0:
            opt = opt.with_neurons(np.zeros((pad, d)), np.zeros(pad), np.zeros(pad))
        agree.compare(objective(opt, X, y, lam), fit.value, instance=f"converted optimum, N={n}, lam={lam}",
                      scale=1 + abs(fit.value))
        for s in range(2):
            trained = fit_network(X, y, width, lam, seed=s)
            J = objective(trained.network, X, y, lam)
            agree.at_least(J, fit.dual_bound, instance=f"trained, seed {s}, N={n}", scale=1 + abs(fit.value))
            gaps.append(J - fit.value)
        for _ in range(3):
            W = normal_array(rng, (width, d))
            net = ReLUNetwork(W, normal_array(rng, width), normal_array(rng, width), normal_array(rng, d), 0.0)
            agree.at_least(objective(net, X, y, lam), fit.dual_bound, instance="random network", scale=1)
    if gaps:
        agree.note(f"trained-network gaps J - J*: min {min(gaps):.3g}, max {max(gaps):.3g}")
    return agree.result()
