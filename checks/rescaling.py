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

import itertools
import random
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy
from radontv.theory import rescaling as theory

from radontv.evidence import Agreement, CheckResult
from radontv.network import ReLUNetwork, relu
from radontv.precision import raised_precision_note, validate_dps, working_dps

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
    "example_networks",
    "sample_points",
]

Net = ReLUNetwork


# -- instances --------------------------------------------------------------------------------------------------------
def _q(rng: random.Random, lo: int = -24, hi: int = 24, den: int = 6) -> Fraction:
    return Fraction(rng.randint(lo, hi), rng.randint(1, den))


def _positive(rng: random.Random) -> Fraction:
    """A positive rational scale spread over [1/50, 200]."""
    return Fraction(rng.randint(1, 200), rng.randint(1, 50))


def _random_network(rng: random.Random) -> ReLUNetwork:
    d, K = rng.randint(1, 4), rng.randint(1, 6)
    W = [[_q(rng) for _ in range(d)] for _ in range(K)]
    b = [_q(rng) for _ in range(K)]
    v = [_q(rng) for _ in range(K)]
    if rng.random() < 0.4:  # a coincident neuron: a positive multiple of an existing one
        k, s = rng.randrange(K), _positive(rng)
        W.append([s * x for x in W[k]]), b.append(s * b[k]), v.append(_q(rng))
    if rng.random() < 0.4:  # an antipodal neuron
        k, s = rng.randrange(K), _positive(rng)
        W.append([-s * x for x in W[k]]), b.append(-s * b[k]), v.append(_q(rng))
    if rng.random() < 0.3:  # a zero neuron: v = 0, or w = 0 (a constant v relu(-b))
        if rng.random() < 0.5:
            W.append([_q(rng) for _ in range(d)]), b.append(_q(rng)), v.append(Fraction(0))
        else:
            W.append([Fraction(0)] * d), b.append(_q(rng)), v.append(_q(rng))
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
    pts = [[_q(rng, -40, 40, 4) for _ in range(d)] for _ in range(n)]
    exact = net.as_exact()
    for w, b, _ in exact.neurons():
        nn = sum(x * x for x in w)
        if nn == 0:
            continue
        foot = [b * x / nn for x in w]
        for eps in (Fraction(-1, 16), Fraction(0), Fraction(1, 16)):
            pts.append([p + eps * x for p, x in zip(foot, w, strict=True)])
    return np.array(pts, dtype=object).reshape(len(pts), d)


def _compare_functions(agree: Agreement, f: Callable[[Any], Any], g: Callable[[Any], Any], X: np.ndarray,
                       label: str) -> None:
    """Record f(x) = g(x) at every point of X; the scale is the largest |g| on X (so zeros of g do not blow up)."""
    fv, gv = f(X), g(X)
    scale = max((abs(y) for y in gv), default=0)
    for i, (a, e) in enumerate(zip(fv, gv, strict=True)):
        agree.compare(a, e, scale=scale, instance=f"{label}, x = {_fmt_point(X[i])}")


def _fmt_point(x: Any) -> str:
    return "(" + ", ".join(str(c) for c in np.atleast_1d(x)) + ")"


def _to_fraction(x: Any) -> Fraction:
    """A sympy Rational (or int/Fraction) as a Fraction."""
    if isinstance(x, Fraction):
        return x
    r = sympy.Rational(x)
    return Fraction(int(r.p), int(r.q))


def _exact_square(x: Any) -> Fraction:
    """The exact square of a number that is rational or a rational multiple of a square root (a sympy expression)."""
    if isinstance(x, int | Fraction):
        return Fraction(x) ** 2
    sq = sympy.expand(sympy.sympify(x) ** 2)
    if not sq.is_Rational:
        raise TypeError(f"the square of {x} is not rational; cannot compare exactly")
    return Fraction(int(sq.p), int(sq.q))


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
    zs = [Fraction(k, 3) for k in range(-9, 10)] + [_q(rng) for _ in range(examples)]
    alphas = list(scales) if scales is not None else (
        [Fraction(1, 1000), Fraction(1), Fraction(1000)] + [_positive(rng) for _ in range(examples)])
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
            agree.compare(_to_fraction(lhs(z, alpha)), expected, instance=f"derivation: {label}", scale=abs(alpha * z))
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
        for kind, alpha in (("one scale", [_positive(rng)] * net.width),
                            ("per-neuron scales", [_positive(rng) for _ in range(net.width)])):
            a = np.array(alpha, dtype=object)
            formula = ReLUNetwork(net.W * a[:, None], net.b * np.array([factor(x) for x in alpha], dtype=object),
                                  net.v / a, net.c, net.c0)
            _compare_functions(agree, formula, net, X, f"{label}, {kind}, derived formula")
            if bias_scale is None:

                def by_derivation(P: Any, net: ReLUNetwork = net, alpha: list[Fraction] = alpha) -> list[Fraction]:
                    """The derived (v/alpha) sigma(alpha z), z = w.x - b, summed over neurons, plus the skip term."""
                    out = []
                    for x in P:
                        total = sum((c * xi for c, xi in zip(net.c, x, strict=True)), start=net.c0)
                        for (w, b, v), s in zip(net.neurons(), alpha, strict=True):
                            z = sum((wi * xi for wi, xi in zip(w, x, strict=True)), start=-b)
                            total += _to_fraction(rescaled_neuron(v, z, s))
                        out.append(total)
                    return out

                _compare_functions(agree, by_derivation, net, X, f"{label}, {kind}, derived (v/alpha) sigma(alpha z)")
                implemented = net.rescale(a)
                agree.holds(implemented == formula, instance=f"{label}, {kind}: rescale() parameters = formula")
                _compare_functions(agree, implemented, net, X, f"{label}, {kind}, ReLUNetwork.rescale")
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
        agree.compare(_to_fraction(odd(z)), z, instance=f"derived odd part, z = {z}", scale=1)
        agree.compare(_to_fraction(even(z)), abs(z), instance=f"derived even part, z = {z}", scale=1)
    for label, net in example_networks(examples, seed):
        X = sample_points(net, rng)
        twins = []
        for k, (w, b, v) in enumerate(net.neurons()):
            tw, tb, tv = make_twin(w, b, v)
            twins.append((tw, tb, tv))
            pair = ReLUNetwork([w, tw], [b, tb], [v, tv], np.zeros(net.dim, dtype=object), 0)
            affine = ReLUNetwork(np.empty((0, net.dim), dtype=object), [], [], v * w, -v * b)
            _compare_functions(agree, pair, affine, X, f"{label}, neuron {k} + twin")
        if twins:
            doubled = net.with_neurons([t[0] for t in twins], [t[1] for t in twins], [t[2] for t in twins])
            c = net.c + sum((v * w for w, _, v in net.neurons()), start=np.zeros(net.dim, dtype=object))
            c0 = net.c0 - sum((v * b for _, b, v in net.neurons()), start=Fraction(0))
            affine = ReLUNetwork(np.empty((0, net.dim), dtype=object), [], [], c, c0)
            _compare_functions(agree, doubled, affine, X, f"{label}, network + all twins")
    return agree.result()


# -- 4. AM-GM ---------------------------------------------------------------------------------------------------------
def _unit_vector(rng: random.Random, d: int) -> list[Fraction]:
    r"""A rational unit vector: inverse stereographic projection :math:`((1-|t|^2), 2t)/(1+|t|^2)` of a rational t
    with nonzero entries (so that every coordinate of the result is nonzero when d >= 2)."""
    t = [Fraction(rng.choice([-1, 1]) * rng.randint(1, 9), rng.randint(2, 7)) for _ in range(d - 1)]
    s = sum(x * x for x in t)
    if s == 1:  # first coordinate would vanish; nudge
        t[0] += Fraction(1, 11)
        s = sum(x * x for x in t)
    return [(1 - s) / (1 + s)] + [2 * x / (1 + s) for x in t]


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
        d, r = rng.randint(1, 4), _positive(rng)
        w = [r * x for x in _unit_vector(rng, d)] if d > 1 else [r * rng.choice([-1, 1])]
        nets.append((f"balanced neuron #{i}", ReLUNetwork([w], [_q(rng)], [rng.choice([-1, 1]) * r])))
    for label, net in nets:
        total = Fraction(0)
        for k in range(net.width):
            neuron = net[k]
            wd = neuron.weight_decay()
            total += wd
            pn2 = _exact_square(pn_of(neuron))
            v2, n2 = neuron.v[0] ** 2, neuron.neuron_norms_squared()[0]
            where = f"{label}, neuron {k}"
            agree.at_least(wd * wd, pn2, instance=f"{where}: WD^2 >= PN^2", scale=wd * wd)
            if v2 == n2:
                agree.compare(wd * wd, pn2, instance=f"{where} (balanced): WD^2 = PN^2", scale=0)
            else:
                agree.holds(wd * wd > pn2, instance=f"{where} (unbalanced): WD > PN strictly")
            # the derived gap (|v| - ||w||)^2 / 2: WD - gap = |v| ||w||, compared through exact squares with PN^2
            gap = gap_expr.subs({a_sym: sympy.Rational(abs(neuron.v[0])), n_sym: sympy.sqrt(sympy.Rational(n2))})
            agree.compare(_exact_square(sympy.Rational(wd) - gap), pn2, scale=wd * wd,
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
            _compare_functions(agree, net.balanced(), net, X, f"{label}: balanced() is the same function")
    return agree.result()


# -- 6. neural balance ------------------------------------------------------------------------------------------------
def _dataset(rng: random.Random, d: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    X = np.array([[_q(rng, -12, 12, 4) for _ in range(d)] for _ in range(n)], dtype=object).reshape(n, d)
    y = np.array([_q(rng, -12, 12, 4) for _ in range(n)], dtype=object)
    return X, y


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
            X, y = _dataset(rng, exact.dim, 6)
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


# -- the lasso machinery: exact certificates by KKT ------------------------------------------------------------------
def _solve_exact(M: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Solve M z = rhs by Gaussian elimination in Fractions; ``None`` when M is singular."""
    n = len(rhs)
    A = [[*row, r] for row, r in zip(M, rhs, strict=True)]
    for col in range(n):
        pivot = next((i for i in range(col, n) if A[i][col] != 0), None)
        if pivot is None:
            return None
        A[col], A[pivot] = A[pivot], A[col]
        inv = 1 / A[col][col]
        A[col] = [x * inv for x in A[col]]
        for i in range(n):
            if i != col and A[i][col] != 0:
                f = A[i][col]
                A[i] = [x - f * y for x, y in zip(A[i], A[col], strict=True)]
    return [A[i][n] for i in range(n)]


def _unit_circle(t: Fraction) -> list[Fraction]:
    """The rational point ((1 - t^2)/(1 + t^2), 2t/(1 + t^2)) of the unit circle."""
    return [(1 - t * t) / (1 + t * t), 2 * t / (1 + t * t)]


class LassoProblem:
    r"""The problem :math:`\min_{u, c}\ \tfrac12\|A u + B c - y\|^2 + \lambda\|u\|_1` over a dictionary of unit-norm
    neurons (:math:`A_{ij} = \sigma(\hat w_j^\top x_i - \hat b_j)`, :math:`\|\hat w_j\| = 1`) with an unpenalized affine
    part (:math:`B = [X, 1]`), all in rationals.  The support is found in floats (coordinate descent), the solution
    is then computed and certified exactly (:meth:`certify`)."""

    def __init__(self, X: np.ndarray, y: np.ndarray, W: list[list[Fraction]], b: list[Fraction],
                 lam: Fraction) -> None:
        self.X, self.y, self.W, self.b, self.lam = X, y, W, b, lam
        self.N, self.d, self.M = X.shape[0], X.shape[1], len(W)
        self.A = [[relu(sum((w * x for w, x in zip(W[j], X[i], strict=True)), start=-b[j])) for j in range(self.M)]
                  for i in range(self.N)]
        self.B = [[*list(X[i]), Fraction(1)] for i in range(self.N)]

    @classmethod
    def random(cls, rng: random.Random, *, d: int, N: int, M: int,
               lam_fraction: Fraction | None = None) -> LassoProblem:
        """A random instance: N rational points in d = 1 or 2 dimensions, M unit-norm neurons with rational directions,
        lambda a random fraction of the smallest lambda whose solution is u = 0."""
        X = np.array([[_q(rng, -8, 8, 2) for _ in range(d)] for _ in range(N)], dtype=object).reshape(N, d)
        y = np.array([_q(rng, -8, 8, 2) for _ in range(N)], dtype=object)
        W: list[list[Fraction]] = []
        for _ in range(M):
            if d == 1:
                W.append([Fraction(rng.choice([-1, 1]))])
            else:
                W.append(_unit_circle(Fraction(rng.randint(-12, 12), rng.randint(1, 6))))
        b = [_q(rng, -24, 24, 5) for _ in range(M)]
        problem = cls(X, y, W, b, Fraction(1))
        lam_max = problem.lambda_max()
        frac = lam_fraction if lam_fraction is not None else Fraction(rng.randint(1, 40), 100)
        problem.lam = max(lam_max * frac, Fraction(1, 100))
        return problem

    def columns(self, S: Sequence[int]) -> list[list[Fraction]]:
        return [[self.A[i][j] for j in S] + self.B[i] for i in range(self.N)]

    def residual(self, u: dict[int, Fraction], c: list[Fraction]) -> list[Fraction]:
        return [self.y[i] - sum((self.A[i][j] * uj for j, uj in u.items()), start=Fraction(0))
                - sum((bb * cc for bb, cc in zip(self.B[i], c, strict=True)), start=Fraction(0)) for i in range(self.N)]

    def correlation(self, j: int, r: list[Fraction]) -> Fraction:
        return sum((self.A[i][j] * r[i] for i in range(self.N)), start=Fraction(0))

    def lambda_max(self) -> Fraction:
        """The smallest lambda with solution u = 0: max_j |A_j^T r0|, r0 the residual of the affine fit."""
        sol = self.reduced([], [])
        if sol is None:
            return Fraction(1)
        r = self.residual({}, sol[1])
        return max((abs(self.correlation(j, r)) for j in range(self.M)), default=Fraction(1))

    def reduced(self, S: Sequence[int], signs: Sequence[int]) -> tuple[dict[int, Fraction], list[Fraction]] | None:
        """Solve the KKT equations on the support S with signs s: G^T G z = G^T y - lambda (s, 0), G = [A_S, B]."""
        G = self.columns(S)
        p = len(S) + self.d + 1
        GtG = [[sum((G[i][r] * G[i][s] for i in range(self.N)), start=Fraction(0)) for s in range(p)] for r in range(p)]
        rhs = [sum((G[i][r] * self.y[i] for i in range(self.N)), start=Fraction(0)) for r in range(p)]
        for r, s in enumerate(signs):
            rhs[r] -= self.lam * s
        z = _solve_exact(GtG, rhs)
        if z is None:
            return None
        return dict(zip(S, z[: len(S)], strict=True)), z[len(S):]

    def numeric_support(self) -> tuple[list[int], list[int]]:
        """The active set and signs of a float solution: coordinate descent on the lasso with the affine part
        projected out (P = I - B B^+, exact elimination of the unpenalized c)."""
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
            if change < 1e-13:  # float heuristics only: the exact certificate below decides
                break
        cut = 1e-8 * max(1.0, float(np.abs(u).max(initial=0)))
        S = [j for j in range(self.M) if abs(u[j]) > cut]
        return S, [1 if u[j] > 0 else -1 for j in S]

    def certify(self) -> tuple[dict[int, Fraction], list[Fraction]] | None:
        """An exact solution certified by the KKT conditions, refining the numeric support; ``None`` if none found.

        KKT (sufficient: the problem is convex): B^T r = 0, A_j^T r = lambda sgn(u_j) on the support, and
        |A_j^T r| <= lambda off it, with r = y - A u - B c.
        """
        S, signs = self.numeric_support()
        for _ in range(3 * self.M + 3):
            sol = self.reduced(S, signs)
            if sol is None:  # dependent columns: drop the last one
                S, signs = S[:-1], signs[:-1]
                continue
            u, c = sol
            wrong = [k for k, j in enumerate(S) if u[j] == 0 or (u[j] > 0) != (signs[k] > 0)]
            if wrong:
                S = [j for k, j in enumerate(S) if k not in wrong]
                signs = [s for k, s in enumerate(signs) if k not in wrong]
                continue
            r = self.residual(u, c)
            viol = [(abs(self.correlation(j, r)) - self.lam, j) for j in range(self.M) if j not in u]
            worst = max(viol, default=(Fraction(-1), -1))
            if worst[0] > 0:
                j = worst[1]
                S, signs = [*S, j], [*signs, 1 if self.correlation(j, r) > 0 else -1]
                continue
            return u, c
        return None

    def objective(self, u: dict[int, Fraction], c: list[Fraction]) -> Fraction:
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


def _lasso_instances(examples: int, seed: int, *, M_factor: int = 2
                     ) -> tuple[list[tuple[str, LassoProblem, tuple[dict[int, Fraction], list[Fraction]]]], int]:
    """Certified lasso instances (d = 1 and 2 alternating) and the number of drawn instances left uncertified.

    An instance whose numeric support cannot be refined into an exact KKT certificate (degenerate dictionaries:
    columns proportional on the data) is replaced by a fresh draw; the count is reported by the checks.
    """
    rng = random.Random(seed)
    out, skipped = [], 0
    for i in range(max(2, examples // 2)):
        d = 1 + i % 2
        for _ in range(5):
            N = rng.randint(6, 8)
            problem = LassoProblem.random(rng, d=d, N=N, M=M_factor * N + rng.randint(0, 4))
            cert = problem.certify()
            if cert is not None:
                out.append((f"lasso #{i} (d = {d}, N = {N}, M = {problem.M}, seed {seed})", problem, cert))
                break
            skipped += 1
    return out, skipped


def _fit_objective(net: ReLUNetwork, X: np.ndarray, y: np.ndarray, lam: Any, penalty: Any) -> Any:
    fitted = net(X)
    zero = fitted[0] * 0
    return sum(((f - t) ** 2 for f, t in zip(fitted, y, strict=True)), start=zero) / 2 + lam * penalty


# -- 7. lasso ---------------------------------------------------------------------------------------------------------
def check_lasso(*, dps: int = 50, examples: int = 20, seed: int = 0, regularize_bias: bool = False) -> CheckResult:
    r"""Check weight-decay training ≡ path-norm training ≡ :math:`\ell^1` on unit-norm neurons.

    On random data and dictionaries of unit-norm neurons with rational directions (:math:`\pm 1` for d = 1, rational
    points of the circle for d = 2), the lasso :math:`\min \tfrac12\|Au + Bc - y\|^2 + \lambda\|u\|_1` is solved by
    scipy (to find the support), then **certified exactly** by its KKT conditions in Fractions.  With :math:`P^*` the
    certified optimum:

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
    instances, skipped = _lasso_instances(examples, seed)
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
        _compare_functions(agree, net, lambda P, u=u, c=c, problem=problem: [
            y - r_ for y, r_ in zip(problem.y, problem.residual(u, c), strict=True)], problem.X, f"{label}: fit")
        agree.compare(_fit_objective(net, problem.X, problem.y, problem.lam, _to_fraction(net.path_norm())), best,
                      instance=f"{label}: unit-norm network, path-norm objective = P*")
        scales = {j: _positive(rng) for j in u}
        scaled = problem.network(u, c, scales)
        agree.compare(_fit_objective(scaled, problem.X, problem.y, problem.lam, _to_fraction(scaled.path_norm())),
                      best, instance=f"{label}: rescaled network, path-norm objective = P*")
        agree.at_least(_fit_objective(scaled, problem.X, problem.y, problem.lam, scaled.weight_decay()), best,
                       instance=f"{label}: rescaled network, weight-decay objective >= P*")
        for t in range(3):  # random networks on the dictionary, with duplicates: objective >= P*
            picks = [rng.randrange(problem.M) for _ in range(rng.randint(1, problem.M))]
            betas = [_positive(rng) for _ in picks]
            other = ReLUNetwork(
                np.array([[beta * x for x in problem.W[j]] for beta, j in zip(betas, picks, strict=True)],
                         dtype=object).reshape(len(picks), problem.d),
                [beta * problem.b[j] for beta, j in zip(betas, picks, strict=True)],
                [_q(rng, -4, 4, 4) for _ in picks], c[: problem.d], c[problem.d])
            agree.at_least(_fit_objective(other, problem.X, problem.y, problem.lam, other.weight_decay()), best,
                           instance=f"{label}: random dictionary network #{t}, weight-decay objective >= P*")
        with mpmath.workdps(dps):
            balanced = net.as_mp().balanced()
            penalty = balanced.weight_decay()
            if regularize_bias:
                penalty += sum((b * b for b in balanced.b), start=mpmath.mpf(0)) / 2
            Xm = problem.X  # exact points; the network promotes to mp
            agree.compare(_fit_objective(balanced, Xm, problem.y, problem.lam, penalty), best, scale=best,
                          instance=f"{label}: balanced factorisation, weight-decay objective = P*")
    return agree.result()


# -- 8. width monotonicity --------------------------------------------------------------------------------------------
def _zero_neuron(d: int, rng: random.Random) -> tuple[list[Fraction], Fraction, Fraction]:
    """The padding neuron (w, b, v) = (0, b, 0): any bias, no function, no weight decay."""
    return [Fraction(0)] * d, _q(rng), Fraction(0)


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
        X, y = _dataset(rng, net.dim, 6)
        lam = Fraction(rng.randint(1, 20), 10)
        extra = [pad(net.dim, rng) for _ in range(rng.randint(1, 3))]
        padded = net.with_neurons([e[0] for e in extra], [e[1] for e in extra], [e[2] for e in extra])
        _compare_functions(agree, padded, net, sample_points(net, rng, n=3), f"{label}, padded")
        agree.compare(padded.weight_decay(), net.weight_decay(), instance=f"{label}: padded weight decay", scale=0)
        agree.holds(sympy.expand(padded.path_norm() - net.path_norm()) == 0, instance=f"{label}: padded path norm")
        agree.compare(_fit_objective(padded, X, y, lam, padded.weight_decay()),
                      _fit_objective(net, X, y, lam, net.weight_decay()), instance=f"{label}: padded objective")
    for i in range(max(2, examples // 4)):
        d, N = 1 + i % 2, rng.randint(6, 8)
        big = LassoProblem.random(rng, d=d, N=N, M=3 * N)
        sizes = (N, 2 * N, 3 * N)
        optima = []
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
            wider_pn = _to_fraction(wider.path_norm())  # unit-norm rational directions: a rational path norm
            agree.compare(_fit_objective(wider, sub.X, sub.y, sub.lam, wider_pn), sub.objective(u, c),
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
    instances, skipped = _lasso_instances(examples, seed + 3, M_factor=3)
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
            z = _solve_exact(GtG, rhs)
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
                agree.compare(_fit_objective(wide, problem.X, problem.y, problem.lam, wide.weight_decay()),
                              problem.objective(u, c), scale=problem.objective(u, c),
                              instance=f"{label}: width-{M} weight-decay network attains P*")
    return agree.result()
