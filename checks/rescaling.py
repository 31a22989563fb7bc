r"""Numeric checks of the rescaling / weight-decay family.

Each ``check_<name>(*, dps=50, examples=20, seed=0, ...)`` compares the implementation (:class:`radontv.ReLUNetwork`,
:func:`radontv.relu`) with the results of the sympy derivation in :mod:`radontv.theory.rescaling` and with a second
route, on concrete networks and on ``examples`` random rational networks drawn from ``random.Random(seed)``
(with coincident, antipodal and zero neurons).  Claims that need no square roots are checked in exact rational
arithmetic (verdict ``proved``); the balance claims need :math:`\sqrt{|v|/\|w\|}` and run in mpmath inside
:func:`mpmath.workdps` (verdict ``consistent``).  Every check takes the piece under test as a keyword argument, so
that a test can inject a wrong variant (a negative control) and watch it be ``refuted``.

Convention: weight decay :math:`\tfrac12\sum_k(v_k^2 + \|w_k\|_2^2)` does not regularize the biases or the skip term.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy
from radontv.theory import rescaling as theory

from radontv.evidence import Agreement, CheckResult
from radontv.lasso import LassoProblem
from radontv.network import ReLUNetwork, relu
from radontv.precision import raised_precision_note, validate_dps, working_dps

from ._instances import positive_rational, rational, rational_unit_vector
from .rescaling_instances import (
    compare_functions,
    exact_square,
    example_networks,
    random_dataset,
    random_lasso_problem,
    sample_points,
    sympy_fraction,
)
from .rescaling_lasso import check_lasso, check_secret_sparsity, check_width_monotonicity

__all__ = [
    "LassoProblem",
    "check_amgm",
    "check_balance",
    "check_homogeneity",
    "check_invariance",
    "check_lasso",
    "check_neural_balance",
    "check_parity",
    "check_secret_sparsity",
    "check_width_monotonicity",
    "exact_square",
    "example_networks",
    "random_lasso_problem",
    "sample_points",
]

Net = ReLUNetwork


# -- 1. homogeneity ---------------------------------------------------------------------------------------------------
def check_homogeneity(*, dps: int = 50, examples: int = 20, seed: int = 0,
                      scales: Sequence[Any] | None = None) -> CheckResult:
    r"""Check :math:`\sigma(\alpha z) = \alpha\sigma(z)` for :math:`\alpha > 0`, exactly in rationals.

    Three routes per instance: :func:`radontv.relu`, a one-neuron :class:`~radontv.ReLUNetwork` evaluated at
    :math:`\alpha z`, and the derivation's expression :math:`\max\{0, \alpha z\}` (lambdified from sympy), all against
    :math:`\alpha\sigma(z)`.  ``scales`` replaces the positive scales under test (a negative control passes negative
    ones).  Source: [SPLN24] §2; [PN21] Remark 3.
    """
    validate_dps(dps)
    derived = theory.derive_homogeneity()
    lhs = sympy.lambdify((derived.results["z"], derived.results["alpha"]), derived.results["lhs"],
                         modules=[{"Max": max}])
    rng = random.Random(seed)
    zs = [Fraction(k, 3) for k in range(-9, 10)] + [rational(rng, -24, 24, 6) for _ in range(examples)]
    alphas = list(scales) if scales is not None else (
        [Fraction(1, 1000), Fraction(1), Fraction(1000)] + [positive_rational(rng) for _ in range(examples)])
    neuron = ReLUNetwork([[1]], [0], [1])
    agree = Agreement("rescaling.homogeneity", dps=None, route="exact rationals: relu, a one-neuron network, "
                      "and the derived expression max(0, alpha z)")
    for alpha in alphas:
        za = [alpha * z for z in zs]
        net_values = neuron(np.array(za, dtype=object))
        for z, az, nv in zip(zs, za, net_values, strict=True):
            expected = alpha * relu(z)
            label = f"alpha = {alpha}, z = {z}"
            agree.compare(relu(az), expected, instance=f"relu: {label}", scale=abs(alpha * z))
            agree.compare(nv, expected, instance=f"network: {label}", scale=abs(alpha * z))
            agree.compare(sympy_fraction(lhs(z, alpha)), expected, instance=f"derivation: {label}",
                          scale=abs(alpha * z))
    return agree.result(f"{len(alphas)} scales x {len(zs)} points")


# -- 2. rescaling invariance ------------------------------------------------------------------------------------------
def check_invariance(*, dps: int = 50, examples: int = 20, seed: int = 0,
                     bias_scale: Callable[[Fraction], Fraction] | None = None) -> CheckResult:
    r"""Check that per-neuron rescaling :math:`(v_k, w_k, b_k) \mapsto (v_k/\alpha_k, \alpha_k w_k, \alpha_k b_k)`
    leaves a network's function unchanged, exactly in rationals.

    Routes: ``ReLUNetwork.rescale`` (whose parameters are also compared with the formula), the derived neuron
    :math:`(v/\alpha)\sigma(\alpha z)` of :func:`radontv.theory.rescaling.derive_invariance` summed over neurons, and
    a network built from the formula, with the bias multiplied by
    ``bias_scale(alpha)`` (default :math:`\alpha`; a negative control passes :math:`1/\alpha`).  Both are evaluated at
    random points and at points on and beside every neuron's hyperplane, and compared with the original network.
    Source: [PN21] Remark 3; [SPLN24] footnote 1, eq. (46).
    """
    validate_dps(dps)
    derived = theory.derive_invariance()
    rescaled_neuron = sympy.lambdify((derived.results["v"], derived.results["z"], derived.results["alpha"]),
                                     derived.results["rescaled"], modules=[{"Max": max}])
    factor = bias_scale if bias_scale is not None else (lambda a: a)
    rng = random.Random(seed)
    agree = Agreement("rescaling.invariance", dps=None, route="exact rationals: ReLUNetwork.rescale and the "
                      "derived formula, at random points and beside every kink")
    for label, net in example_networks(examples, seed):
        X = sample_points(net, rng)
        for kind, alpha in (("one scale", [positive_rational(rng)] * net.width),
                            ("per-neuron scales", [positive_rational(rng) for _ in range(net.width)])):
            a = np.array(alpha, dtype=object)
            formula = ReLUNetwork(net.W * a[:, None], net.b * np.array([factor(x) for x in alpha], dtype=object),
                                  net.v / a, net.c, net.c0)
            compare_functions(agree, formula, net, X, f"{label}, {kind}, derived formula")
            if bias_scale is None:

                def by_derivation(P: Any, net: ReLUNetwork = net, alpha: list[Fraction] = alpha) -> list[Fraction]:
                    """The derived (v/alpha) sigma(alpha z), z = w.x - b, summed over neurons, plus the skip term."""
                    out = []
                    for x in P:
                        total = sum((c * xi for c, xi in zip(net.c, x, strict=True)), start=net.c0)
                        for (w, b, v), s in zip(net.neurons(), alpha, strict=True):
                            z = sum((wi * xi for wi, xi in zip(w, x, strict=True)), start=-b)
                            total += sympy_fraction(rescaled_neuron(v, z, s))
                        out.append(total)
                    return out

                compare_functions(agree, by_derivation, net, X, f"{label}, {kind}, derived (v/alpha) sigma(alpha z)")
                implemented = net.rescale(a)
                agree.holds(implemented == formula, instance=f"{label}, {kind}: rescale() parameters = formula")
                compare_functions(agree, implemented, net, X, f"{label}, {kind}, ReLUNetwork.rescale")
    return agree.result()


# -- 3. parity --------------------------------------------------------------------------------------------------------
def _antipodal(w: Any, b: Any, v: Any) -> tuple[Any, Any, Any]:
    return -w, -b, -v


def check_parity(*, dps: int = 50, examples: int = 20, seed: int = 0,
                 twin: Callable[[Any, Any, Any], tuple[Any, Any, Any]] | None = None) -> CheckResult:
    r"""Check :math:`\sigma(z) - \sigma(-z) = z` and that a neuron plus its antipodal twin is affine, exactly.

    For every neuron :math:`(w, b, v)` the network with the neuron and ``twin(w, b, v)`` (default
    :math:`(-w, -b, -v)`) is compared with the affine network :math:`v\,(w^\top x - b)` given by the derivation, and
    a whole network plus all its twins with its affine part :math:`\sum_k v_k(w_k^\top x - b_k) + c^\top x + c_0`.
    The scalar identities are checked on a grid against the derived expressions.  Source: [U23] §1 and proof of Thm 12.
    """
    validate_dps(dps)
    derived = theory.derive_parity()
    z_sym = derived.results["z"]
    odd = sympy.lambdify(z_sym, derived.results["odd_part"], modules=[{"Max": max}])
    even = sympy.lambdify(z_sym, derived.results["even_part"], modules=[{"Max": max}])
    make_twin = twin if twin is not None else _antipodal
    rng = random.Random(seed)
    agree = Agreement("rescaling.parity", dps=None, route="exact rationals: neuron + twin against v (w.x - b)")
    for z in [Fraction(k, 4) for k in range(-12, 13)]:
        agree.compare(relu(z) - relu(-z), z, instance=f"sigma(z) - sigma(-z), z = {z}", scale=1)
        agree.compare(relu(z) + relu(-z), abs(z), instance=f"sigma(z) + sigma(-z), z = {z}", scale=1)
        agree.compare(sympy_fraction(odd(z)), z, instance=f"derived odd part, z = {z}", scale=1)
        agree.compare(sympy_fraction(even(z)), abs(z), instance=f"derived even part, z = {z}", scale=1)
    for label, net in example_networks(examples, seed):
        X = sample_points(net, rng)
        twins = []
        for k, (w, b, v) in enumerate(net.neurons()):
            tw, tb, tv = make_twin(w, b, v)
            twins.append((tw, tb, tv))
            pair = ReLUNetwork([w, tw], [b, tb], [v, tv], np.zeros(net.dim, dtype=object), 0)
            affine = ReLUNetwork(np.empty((0, net.dim), dtype=object), [], [], v * w, -v * b)
            compare_functions(agree, pair, affine, X, f"{label}, neuron {k} + twin")
        if twins:
            doubled = net.with_neurons([t[0] for t in twins], [t[1] for t in twins], [t[2] for t in twins])
            c = net.c + sum((v * w for w, _, v in net.neurons()), start=np.zeros(net.dim, dtype=object))
            c0 = net.c0 - sum((v * b for _, b, v in net.neurons()), start=Fraction(0))
            affine = ReLUNetwork(np.empty((0, net.dim), dtype=object), [], [], c, c0)
            compare_functions(agree, doubled, affine, X, f"{label}, network + all twins")
    return agree.result()


# -- 4. AM-GM ---------------------------------------------------------------------------------------------------------
def _path_norm(net: ReLUNetwork) -> Any:
    return net.path_norm()


def check_amgm(*, dps: int = 50, examples: int = 20, seed: int = 0,
               path_norm: Callable[[ReLUNetwork], Any] | None = None) -> CheckResult:
    r"""Check :math:`\tfrac12(v^2 + \|w\|^2) \ge |v|\,\|w\|` with equality iff :math:`|v| = \|w\|`, exactly.

    For every neuron of every network: ``weight_decay()`` of the one-neuron network against ``path_norm()``
    (``path_norm`` is the piece under test; a negative control passes :math:`\sum|v_k|\,\|w_k\|_1`), compared through
    exact squares (both sides are non-negative and the path norm is a rational multiple of a square root); the
    derived gap: :math:`(\mathrm{WD} - \tfrac12(|v| - \|w\|)^2)^2 = \mathrm{PN}^2`; strict inequality for unbalanced
    neurons, and equality for balanced neurons built on rational unit vectors.  The network's weight decay is also
    compared with the sum over neurons.  Source: [PN21] proof of Thm 8 (§6.1.1); [SPLN24] §2.
    """
    validate_dps(dps)
    derived = theory.derive_amgm()
    if derived.verdict.value != "proved":
        raise RuntimeError("the AM-GM derivation is not closed")
    pn_of = path_norm if path_norm is not None else _path_norm
    gap_expr, a_sym, n_sym = derived.results["gap"], derived.results["a"], derived.results["n"]
    rng = random.Random(seed)
    agree = Agreement("rescaling.amgm", dps=None, route="exact rationals (squares of the path norm)")
    nets = example_networks(examples, seed)
    for i in range(max(2, examples // 2)):  # balanced neurons: |v| = ||w|| = r
        d, r = rng.randint(1, 4), positive_rational(rng)
        w = [r * x for x in rational_unit_vector(rng, d)]
        nets.append((f"balanced neuron #{i}", ReLUNetwork([w], [rational(rng, -24, 24, 6)], [rng.choice([-1, 1]) * r])))
    for label, net in nets:
        total: Any = Fraction(0)
        for k in range(net.width):
            neuron = net[k]
            wd = neuron.weight_decay()
            total += wd
            pn2 = exact_square(pn_of(neuron))
            v2, n2 = neuron.v[0] ** 2, neuron.neuron_norms_squared()[0]
            where = f"{label}, neuron {k}"
            agree.at_least(wd * wd, pn2, instance=f"{where}: WD^2 >= PN^2", scale=wd * wd)
            if v2 == n2:
                agree.compare(wd * wd, pn2, instance=f"{where} (balanced): WD^2 = PN^2", scale=0)
            else:
                agree.holds(wd * wd > pn2, instance=f"{where} (unbalanced): WD > PN strictly")
            # the derived gap (|v| - ||w||)^2 / 2: WD - gap = |v| ||w||, compared through exact squares with PN^2
            gap = gap_expr.subs({a_sym: sympy.Rational(abs(neuron.v[0])), n_sym: sympy.sqrt(sympy.Rational(n2))})
            agree.compare(exact_square(sympy.Rational(wd) - gap), pn2, scale=wd * wd,
                          instance=f"{where}: (WD - derived gap)^2 = PN^2")
        agree.compare(net.weight_decay(), total, instance=f"{label}: WD is the sum over neurons", scale=0)
    return agree.result()


# -- 5. balance -------------------------------------------------------------------------------------------------------
def _golden_min(g: Callable[[Any], Any], lo: Any, hi: Any, iterations: int = 60) -> Any:
    """Golden-section search for the minimiser of a unimodal g on [lo, hi] in log scale (a rough start point)."""
    phi = (mpmath.sqrt(5) - 1) / 2
    a, b = mpmath.log(lo), mpmath.log(hi)
    c, d = b - phi * (b - a), a + phi * (b - a)
    gc, gd = g(mpmath.exp(c)), g(mpmath.exp(d))
    for _ in range(iterations):
        if gc < gd:
            b, d, gd = d, c, gc
            c = b - phi * (b - a)
            gc = g(mpmath.exp(c))
        else:
            a, c, gc = c, d, gd
            d = a + phi * (b - a)
            gd = g(mpmath.exp(d))
    return mpmath.exp((a + b) / 2)


def check_balance(*, dps: int = 50, examples: int = 20, seed: int = 0,
                  alpha_star: Callable[[Any, Any], Any] | None = None,
                  regularize_bias: bool = False) -> CheckResult:
    r"""Check :math:`\min_{\alpha>0}\mathrm{WD}(\text{rescaled neuron}) = |v|\,\|w\|` at
    :math:`\alpha^* = \sqrt{|v|/\|w\|}`, and min over rescalings of a network's weight decay = its path norm.

    :math:`\alpha^*` is the expression derived by :func:`radontv.theory.rescaling.derive_balance` (lambdified with
    mpmath), unless ``alpha_star(a, n)`` replaces it (a negative control passes :math:`a/n`).  Routes, per neuron with
    :math:`v \ne 0 \ne w`, at ``dps`` digits:

    * ``ReLUNetwork.balancing_scales()`` against :math:`\alpha^*`;
    * a direct minimisation of the implemented objective :math:`g(\alpha)` = ``rescale(alpha).weight_decay()``
      (golden section for a start, then :func:`mpmath.findroot` on the numerical derivative :func:`mpmath.diff`)
      against :math:`\alpha^*`; ``regularize_bias=True`` adds :math:`\tfrac12(\alpha b)^2` to the objective (the
      convention the claim excludes: a negative control);
    * :math:`g(\alpha^*)` against the derived minimum :math:`|v|\,\|w\|` and against ``path_norm()``;
    * the derived :math:`g''(\alpha^*)` against :func:`mpmath.diff` of order 2, and :math:`g''(\alpha^*) > 0`.

    Per network: ``weight_decay()`` of ``balanced()`` against ``path_norm()`` (plus, for neurons with exactly one of
    v, w zero, whose scale stays 1, their untouched weight decay), and ``balanced()`` computes the same function.
    Source: [PN21] proof of Thm 8 (§6.1.1), eqs. (15)–(16); [SPLN24] §2, eqs. (2)–(3).
    """
    asked, dps = dps, working_dps(dps, lost_digits=10)  # the loss declared below; raised when dps is too low for it
    derived = theory.derive_balance()
    a_sym, n_sym, al_sym = derived.results["a"], derived.results["n"], derived.results["alpha"]
    star = alpha_star if alpha_star is not None else sympy.lambdify((a_sym, n_sym), derived.results["alpha_star"],
                                                                    "mpmath")
    minimum = sympy.lambdify((a_sym, n_sym), derived.results["minimum"], "mpmath")
    second = sympy.lambdify((a_sym, n_sym, al_sym), derived.results["second_derivative"], "mpmath")
    rng = random.Random(seed)
    # lost digits: numerical differentiation (mpmath.diff) and root finding on it lose a few digits, and the
    # second derivative by finite differences more; 10 digits cover both with a margin at dps >= 30
    agree = Agreement("rescaling.balance", dps=dps, lost_digits=10,
                      route="mpmath: derived alpha* vs balancing_scales() vs findroot on the implemented objective")
    agree.note(raised_precision_note(asked, dps, lost_digits=10))
    with mpmath.workdps(dps):
        for label, exact in example_networks(examples, seed):
            net = exact.as_mp()
            X = sample_points(exact, rng, n=4)
            scales = []
            for k in range(net.width):
                neuron = net[k]
                v, b = neuron.v[0], neuron.b[0]
                a, n = abs(v), neuron.neuron_norms()[0]
                if a == 0 or n == 0:
                    scales.append(mpmath.mpf(1))
                    continue
                where = f"{label}, neuron {k}"

                def g(alpha: Any, neuron: ReLUNetwork = neuron, b: Any = b) -> Any:
                    value = neuron.rescale(alpha).weight_decay()
                    return value + (alpha * b) ** 2 / 2 if regularize_bias else value

                s = star(a, n)
                scales.append(s)
                agree.compare(net.balancing_scales()[k], s, instance=f"{where}: balancing_scales() vs alpha*")
                # the bracket does not depend on the alpha* under test: golden section over [1e-12, 1e12] in log scale
                start = _golden_min(g, mpmath.mpf(10) ** -12, mpmath.mpf(10) ** 12, iterations=60)
                found = mpmath.findroot(lambda t, g=g: mpmath.diff(g, t), start)
                agree.compare(found, s, instance=f"{where}: argmin of g (findroot) vs alpha*")
                agree.compare(g(s), minimum(a, n), instance=f"{where}: g(alpha*) vs derived minimum |v| ||w||")
                agree.compare(g(s), neuron.path_norm(), instance=f"{where}: g(alpha*) vs path_norm()")
                g2 = second(a, n, s)
                agree.compare(mpmath.diff(g, s, 2), g2, instance=f"{where}: g''(alpha*) vs derived g''")
                agree.at_least(g2, 0, instance=f"{where}: g''(alpha*) > 0", scale=g2)
            if net.width == 0:
                continue
            rescaled = net.rescale(np.array(scales, dtype=object))
            half_dead = sum((net[k].weight_decay() for k in range(net.width)
                             if (net.v[k] == 0) != (net.neuron_norms_squared()[k] == 0)), start=mpmath.mpf(0))
            pn = net.path_norm()
            agree.compare(rescaled.weight_decay(), pn + half_dead,
                          instance=f"{label}: WD(rescaled by alpha*) = path norm")
            agree.compare(net.balanced().weight_decay(), pn + half_dead,
                          instance=f"{label}: WD(balanced()) = path norm")
            compare_functions(agree, net.balanced(), net, X, f"{label}: balanced() is the same function")
    return agree.result()


# -- 6. neural balance ------------------------------------------------------------------------------------------------
def check_neural_balance(*, dps: int = 50, examples: int = 20, seed: int = 0,
                         regularize_bias: bool = False) -> CheckResult:
    r"""Check that every minimizer of :math:`J(\theta) = L(\theta) + \lambda\,\mathrm{WD}(\theta)` is balanced.

    :math:`L` is the squared loss :math:`\tfrac12\sum_i (f_\theta(x_i) - y_i)^2` on a random rational data set.  At
    ``dps`` digits, for every network and every neuron k with :math:`v_k \ne 0 \ne w_k`:

    * the derivative of :math:`t \mapsto J(\theta \text{ with neuron k rescaled by } t)` at :math:`t = 1`
      (:func:`mpmath.diff` of the implemented objective) against the derived :math:`\lambda(\|w_k\|^2 - v_k^2)`, which
      vanishes (the first-order condition of a minimizer) iff the neuron is balanced;
    * rebalancing (``balanced()``) keeps the loss and lowers :math:`J` by exactly the derived
      :math:`\tfrac{\lambda}{2}\sum_k(|v_k| - \|w_k\|)^2`, which is positive unless the network is balanced (decided
      exactly from the rational weights); the balanced network's directional derivatives vanish.

    ``regularize_bias=True`` adds :math:`\tfrac{\lambda}{2}\sum_k b_k^2` to the objective (the convention the claim
    excludes; a negative control).  Source: [SPLN24] Thm 1 (credited to Yang et al. 2022 and to [SPM], with
    unregularized biases "(cf. Parhi and Nowak, 2023b, pp. 65–66)" — a second-hand page attribution).
    """
    asked, dps = dps, working_dps(dps, lost_digits=8)  # the loss declared below; raised when dps is too low for it
    derived = theory.derive_neural_balance()
    a_sym, n_sym, lam_sym = derived.results["a"], derived.results["n"], derived.results["lambda"]
    slope = sympy.lambdify((a_sym, n_sym, lam_sym), derived.results["directional_derivative"], "mpmath")
    gap_expr = derived.results["gap"]
    by_name = {str(s): s for s in gap_expr.free_symbols}  # the gap is stated with positive a, n
    gap = sympy.lambdify((by_name["a"], by_name["n"], by_name["lambda"]), gap_expr, "mpmath")
    rng = random.Random(seed)
    # lost digits: mpmath.diff (finite differences at raised precision) and the sum of squared residuals; 8 suffice
    agree = Agreement("rescaling.neural_balance", dps=dps, lost_digits=8,
                      route="mpmath: directional derivative along each neuron's rescaling vs lambda (||w||^2 - v^2); "
                            "rebalancing gap vs lambda/2 sum (|v| - ||w||)^2")
    agree.note(raised_precision_note(asked, dps, lost_digits=8))
    with mpmath.workdps(dps):
        for label, exact in example_networks(examples, seed):
            if exact.width == 0:
                continue
            X, y = random_dataset(rng, exact.dim, 6)
            lam = Fraction(rng.randint(1, 20), 10)
            lam_mp = mpmath.mpf(lam.numerator) / lam.denominator
            Xm = np.array([[mpmath.mpf(q.numerator) / q.denominator for q in row] for row in X], dtype=object)
            ym = [mpmath.mpf(q.numerator) / q.denominator for q in y]

            def loss(net: ReLUNetwork, Xm: np.ndarray = Xm, ym: list[Any] = ym) -> Any:
                return sum(((f - t) ** 2 for f, t in zip(net(Xm), ym, strict=True)), start=mpmath.mpf(0)) / 2

            def objective(net: ReLUNetwork, lam_mp: Any = lam_mp) -> Any:
                value = loss(net) + lam_mp * net.weight_decay()
                if regularize_bias:
                    value += lam_mp * sum((b * b for b in net.b), start=mpmath.mpf(0)) / 2
                return value

            net = exact.as_mp()
            balanced = net.balanced()
            sq = exact.neuron_norms_squared()
            total_gap = mpmath.mpf(0)
            for k in range(net.width):
                if exact.v[k] == 0 or sq[k] == 0:
                    continue
                a, n = abs(net.v[k]), net.neuron_norms()[k]

                def along(t: Any, k: int = k, net: ReLUNetwork = net) -> Any:
                    scales = [mpmath.mpf(1)] * net.width
                    scales[k] = t
                    return objective(net.rescale(np.array(scales, dtype=object)))

                def along_balanced(t: Any, k: int = k, balanced: ReLUNetwork = balanced) -> Any:
                    scales = [mpmath.mpf(1)] * balanced.width
                    scales[k] = t
                    return objective(balanced.rescale(np.array(scales, dtype=object)))

                where = f"{label}, neuron {k}"
                expected = slope(a, n, lam_mp)
                scale = lam_mp * (a * a + n * n)
                agree.compare(mpmath.diff(along, 1), expected, scale=scale,
                              instance=f"{where}: dJ/dt at t = 1 vs lambda (||w||^2 - v^2)")
                agree.compare(mpmath.diff(along_balanced, 1), 0, scale=scale,
                              instance=f"{where}: balanced network is stationary along the rescaling")
                total_gap += gap(a, n, lam_mp)
            before, after = objective(net), objective(balanced)
            agree.compare(loss(balanced), loss(net), scale=before, instance=f"{label}: rebalancing keeps the loss")
            agree.compare(before - after, total_gap, scale=before, instance=f"{label}: J(theta) - J(balanced) = gap")
            unbalanced = any(exact.v[k] ** 2 != sq[k] and exact.v[k] != 0 and sq[k] != 0 for k in range(exact.width))
            if unbalanced:
                agree.at_least(before - after, 0, scale=before, instance=f"{label}: rebalancing lowers J")
                agree.holds(total_gap > 0, instance=f"{label}: the derived decrease is positive (unbalanced neuron)")
    return agree.result()
