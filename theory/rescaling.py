r"""Derivations of the rescaling / weight-decay family from first principles (sympy only).

Every function here works with sympy symbols and the definition :math:`\sigma(z) = \max\{0, z\}` and returns a
:class:`radontv.evidence.Derivation`.  A step is *closed* when sympy reduces the difference of its two sides to 0
(or decides the stated inequality); the derivation is ``proved`` only when every step is closed.  Identities in a
real variable :math:`z` are closed by the complete case split :math:`z = p > 0` or :math:`z = -q \le 0` with sympy
symbols carrying those signs, so that sympy evaluates :math:`\max\{0,\cdot\}` itself.

Convention (as in :mod:`radontv.network`): weight decay :math:`\tfrac12\sum_k (v_k^2 + \|w_k\|_2^2)` regularizes the
input and output weights, not the biases :math:`b_k` nor the affine skip term (Parhi & Nowak, JMLR 2021, eq. (16)
with :math:`m = 2`).

Sources: [PN21] R. Parhi, R. D. Nowak, JMLR 22(43), 2021 (Remark 3; Thm 8, eqs. (14)–(16), (19); proof of Thm 8 in
§6.1.1); [SPLN24] J. Shenouda, R. Parhi, K. Lee, R. D. Nowak, JMLR 25, 2024 (§2, Thm 1, eqs. (2)–(4)); [U23] M. Unser,
JMLR 24(37), 2023 (§1); B. Neyshabur, R. Tomioka, N. Srebro, COLT 2015 (the path norm).

This module imports sympy and :mod:`radontv.evidence` only, never the numeric implementation.
"""

from __future__ import annotations

from typing import Any

import sympy

from radontv.evidence import Derivation

from ._common import relu
from ._proof import Proof

__all__ = [
    "derive_amgm",
    "derive_balance",
    "derive_homogeneity",
    "derive_invariance",
    "derive_lasso",
    "derive_neural_balance",
    "derive_parity",
    "derive_width_monotonicity",
    "relu",
]


_LATEX: dict[str, str] = {}


class _Label(sympy.Symbol):
    """A symbol that the pretty printer shows as plain text and the LaTeX printer as the LaTeX registered for it."""

    def _latex(self, printer: Any) -> str:
        return _LATEX.get(self.name, self.name)

    def _pretty(self, printer: Any) -> Any:
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(self.name)


def _label(text: str, latex: str) -> sympy.Symbol:
    """A readable name for the left side of a stated equation, e.g. ``inf over alpha > 0 of g(alpha)``."""
    _LATEX[text] = latex
    return _Label(text)


# -- 1. homogeneity --------------------------------------------------------------------------------------------------
def derive_homogeneity() -> Derivation:
    r"""Positive homogeneity :math:`\sigma(\alpha z) = \alpha\sigma(z)` for :math:`\alpha > 0`, and its failure for
    :math:`\alpha < 0`.

    Source: [SPLN24] §2 (positively homogeneous activations); [PN21] Remark 3 (:math:`\rho_2 = \sigma`).
    Results: ``lhs``, ``rhs`` (in ``z``, ``alpha``), ``counterexample`` (the value of
    :math:`\sigma(-\beta) - (-\beta)\sigma(1) = \beta` for :math:`\beta > 0`).
    """
    z = sympy.Symbol("z", real=True)
    alpha = sympy.Symbol("alpha", positive=True)
    beta = sympy.Symbol("beta", positive=True)
    proof = Proof("rescaling.homogeneity")
    lhs, rhs = relu(alpha * z), alpha * relu(z)
    proof.state("Claim: for every real z and alpha > 0", sympy.Eq(lhs, rhs, evaluate=False))
    proof.cases("sigma(alpha z) = alpha sigma(z)", lhs, rhs, z)
    gap = relu(-beta * 1) - (-beta) * relu(sympy.Integer(1))
    proof.identity("Negative scale alpha = -beta < 0 at z = 1: sigma(-beta) - (-beta) sigma(1) = beta, not 0",
                   gap, beta)
    return proof.derivation(
        {"lhs": lhs, "rhs": rhs, "z": z, "alpha": alpha, "counterexample": gap},
        "Hence sigma is positively homogeneous of degree 1; negative scales are not symmetries",
        sympy.Eq(relu(alpha * z), alpha * relu(z), evaluate=False),
    )


# -- 2. rescaling invariance ------------------------------------------------------------------------------------------
def derive_invariance() -> Derivation:
    r"""Rescaling invariance :math:`v\sigma(w^\top x - b) = (v/\alpha)\,\sigma(\alpha w^\top x - \alpha b)`,
    :math:`\alpha > 0`, for a neuron, and per neuron for a network (a sum of neurons plus an untouched affine term).

    Source: [PN21] Remark 3; [SPLN24] footnote 1 and eq. (46).  The pre-activation :math:`z = w^\top x - b` becomes
    :math:`\alpha z`; homogeneity gives the rest.  Results: ``neuron``, ``rescaled`` (in ``v``, ``z``, ``alpha``),
    ``network``, ``rescaled_network`` (three neurons in d = 2 with independent scales).
    """
    v, z = sympy.symbols("v z", real=True)
    alpha = sympy.Symbol("alpha", positive=True)
    proof = Proof("rescaling.invariance")
    neuron = v * relu(z)
    rescaled = (v / alpha) * relu(alpha * z)
    proof.state("Neuron with pre-activation z = w.x - b; the rescaling (v, w, b) -> (v/alpha, alpha w, alpha b) "
                "maps z to alpha w.x - alpha b = alpha z", sympy.Eq(sympy.Symbol("z'"), alpha * z, evaluate=False))
    proof.cases("(v/alpha) sigma(alpha z) = v sigma(z)", rescaled, neuron, z)
    # a network: K = 3 neurons in d = 2 with independent positive scales and an untouched affine term
    x1, x2, c1, c2, c0 = sympy.symbols("x1 x2 c1 c2 c0", real=True)
    affine = c1 * x1 + c2 * x2 + c0
    original, computed, factored = [affine], [affine], [affine]
    zs = sympy.symbols("z1:4", real=True)
    for k in range(1, 4):
        vk, w1, w2, bk = sympy.symbols(f"v{k} w{k}1 w{k}2 b{k}", real=True)
        ak = sympy.Symbol(f"alpha{k}", positive=True)
        zk = w1 * x1 + w2 * x2 - bk
        original.append(vk * relu(zk))
        computed.append((vk / ak) * relu((ak * w1) * x1 + (ak * w2) * x2 - ak * bk))
        factored.append((vk / ak) * relu(ak * zk))
    f, f_alpha = sympy.Add(*original), sympy.Add(*computed)
    proof.state("Network f = sum_k v_k sigma(w_k.x - b_k) + c.x + c0 (K = 3, d = 2, one scale alpha_k per neuron)",
                sympy.Eq(sympy.Symbol("f"), f, evaluate=False))
    proof.identity("The rescaled network computes (alpha_k w_k).x - alpha_k b_k = alpha_k z_k in neuron k",
                   f_alpha, sympy.Add(*factored))
    for k in range(1, 4):
        vk = sympy.Symbol(f"v{k}", real=True)
        ak = sympy.Symbol(f"alpha{k}", positive=True)
        proof.cases(f"term {k}: (v_k/alpha_k) sigma(alpha_k z_k) - v_k sigma(z_k) = 0 for every real z_k",
               (vk / ak) * relu(ak * zs[k - 1]) - vk * relu(zs[k - 1]), sympy.Integer(0), zs[k - 1])
    return proof.derivation(
        {"neuron": neuron, "rescaled": rescaled, "v": v, "z": z, "alpha": alpha,
         "network": f, "rescaled_network": f_alpha},
        "Hence every per-neuron rescaling with alpha_k > 0 leaves the network function unchanged",
        sympy.Eq(sympy.Symbol("f_alpha"), sympy.Symbol("f"), evaluate=False),
    )


# -- 3. parity --------------------------------------------------------------------------------------------------------
def derive_parity() -> Derivation:
    r"""ReLU parity :math:`\sigma(z) - \sigma(-z) = z` and :math:`\sigma(z) + \sigma(-z) = |z|`; hence a neuron plus
    its antipodal twin, :math:`v\sigma(w^\top x - b) + (-v)\sigma(-w^\top x + b) = v(w^\top x - b)`, is affine.

    Source: [U23] §1 (the example :math:`(x - t)_+`, :math:`\tfrac12|x - t|`, :math:`x + (x - t)_+`) and the proof of
    Thm 12 (:math:`\tfrac12|t| = (t)_+ - \tfrac12 t`).  Results: ``odd_part`` (:math:`\sigma(z)-\sigma(-z)`),
    ``even_part``, ``twin_sum`` (in ``v``, ``z``).
    """
    z, v = sympy.symbols("z v", real=True)
    proof = Proof("rescaling.parity")
    odd = relu(z) - relu(-z)
    even = relu(z) + relu(-z)
    proof.state("Claim: for every real z", sympy.Eq(odd, z, evaluate=False))
    proof.cases("sigma(z) - sigma(-z) = z", odd, z, z)
    proof.cases("sigma(z) + sigma(-z) = |z|", even, sympy.Abs(z), z)
    twin = v * relu(z) + (-v) * relu(-z)
    proof.state("Neuron (v, w, b) plus its antipodal twin (-v, -w, -b), with z = w.x - b",
                sympy.Eq(sympy.Symbol("g"), twin, evaluate=False))
    proof.cases("v sigma(z) - v sigma(-z) = v z (affine in x)", twin, v * z, z)
    return proof.derivation(
        {"odd_part": odd, "even_part": even, "twin_sum": twin, "z": z, "v": v},
        "Hence the pair is the affine function v (w.x - b): weights do not determine the affine part uniquely",
        sympy.Eq(twin, v * z, evaluate=False),
    )


# -- 4. AM-GM ---------------------------------------------------------------------------------------------------------
def derive_amgm() -> Derivation:
    r"""AM–GM for one neuron: :math:`\tfrac12(v^2 + \|w\|^2) \ge |v|\,\|w\|`, with equality iff :math:`|v| = \|w\|`.

    Source: [PN21] proof of Thm 8 (§6.1.1); [SPLN24] §2.  With :math:`a = |v| \ge 0`, :math:`n = \|w\|_2 \ge 0`:
    :math:`\tfrac12(a^2 + n^2) - an = \tfrac12(a - n)^2`.  Results: ``gap`` (that square), ``equality`` (the solution
    set of gap = 0 for ``a``).
    """
    a = sympy.Symbol("a", nonnegative=True)  # |v|
    n = sympy.Symbol("n", nonnegative=True)  # ||w||_2
    proof = Proof("rescaling.amgm")
    wd = sympy.Rational(1, 2) * (a**2 + n**2)
    pn = a * n
    proof.state("Weight decay and path norm of one neuron, a = |v|, n = ||w||_2",
                sympy.Tuple(sympy.Eq(sympy.Symbol("WD"), wd), sympy.Eq(sympy.Symbol("PN"), pn)))
    gap = sympy.Rational(1, 2) * (a - n) ** 2
    proof.identity("Completing the square", wd - pn, gap)
    proof.decide("A square is non-negative: WD - PN >= 0", sympy.Ge(gap, 0), sympy.ask(sympy.Q.nonnegative(gap)))
    equality = sympy.solve(sympy.Eq(gap, 0), a)
    proof.decide("Equality iff the square vanishes: solve (a - n)^2 / 2 = 0 for a", sympy.Eq(a, n),
                 bool(equality == [n]))
    return proof.derivation(
        {"weight_decay": wd, "path_norm": pn, "gap": gap, "equality": equality, "a": a, "n": n},
        "Hence WD >= PN for every neuron, with equality iff |v| = ||w||_2 (balanced)",
        sympy.Ge(wd, pn),
    )


# -- 5. balance -------------------------------------------------------------------------------------------------------
def derive_balance() -> Derivation:
    r"""The optimal rescaling of a neuron: :math:`\inf_{\alpha>0}\tfrac12(v^2/\alpha^2 + \alpha^2\|w\|^2) = |v|\,\|w\|`,
    attained at :math:`\alpha^* = \sqrt{|v|/\|w\|}` when :math:`v \ne 0 \ne w`.

    :math:`\alpha^*` is *derived*: the stationarity condition is solved by :func:`sympy.solve`, the second derivative
    is checked positive and the objective tends to :math:`+\infty` at both ends of :math:`(0, \infty)`, so the unique
    critical point is the global minimiser.  Summing over neurons (each has its own scale): the minimum over
    rescalings of a network's weight decay is its path norm :math:`\sum_k |v_k|\,\|w_k\|_2`.

    Source: [PN21] proof of Thm 8 (§6.1.1), eqs. (15)–(16); [SPLN24] §2, eqs. (2)–(3).  Results: ``alpha_star``,
    ``objective``, ``derivative``, ``second_derivative``, ``minimum`` and the symbols ``a`` (:math:`|v|`), ``n``
    (:math:`\|w\|_2`), ``alpha``.
    """
    a = sympy.Symbol("a", positive=True)  # |v| > 0
    n = sympy.Symbol("n", positive=True)  # ||w||_2 > 0
    alpha = sympy.Symbol("alpha", positive=True)
    star = sympy.Symbol("alpha_*", positive=True)
    g = sympy.Function("g")
    proof = Proof("rescaling.balance")
    proof.state("Statement: for a neuron with a = |v| > 0 and n = ||w||_2 > 0, the infimum over alpha > 0 of the "
                "weight decay of the rescaled neuron (v/alpha, alpha w, alpha b) is a n = |v| ||w||_2, attained at "
                "alpha_*; the bias is not regularized",
                sympy.Eq(_label("inf over alpha > 0 of g(alpha)", r"\inf_{\alpha>0} g(\alpha)"), a * n))
    objective = sympy.Rational(1, 2) * (a**2 / alpha**2 + alpha**2 * n**2)
    proof.state("Objective: the weight decay (v^2 + ||w||^2)/2 of the rescaled neuron", sympy.Eq(g(alpha), objective))
    g1 = sympy.diff(objective, alpha)
    proof.state("Derivative", sympy.Eq(sympy.Derivative(g(alpha), alpha), g1))
    roots = sympy.solve(sympy.Eq(g1, 0), alpha)
    proof.decide("Solve g'(alpha) = 0 for alpha > 0 with sympy.solve: exactly one root",
                 sympy.Eq(star, roots[0] if len(roots) == 1 else sympy.Tuple(*roots)), len(roots) == 1)
    alpha_star = roots[0]
    proof.identity("Check: the root is stationary", sympy.Subs(g1, alpha, alpha_star), 0)
    g2 = sympy.diff(objective, alpha, 2)
    proof.decide("Second derivative: positive for every alpha > 0, so g is strictly convex and alpha_* is its "
                 "unique minimiser", sympy.Gt(g2, 0, evaluate=False), sympy.ask(sympy.Q.positive(g2)))
    ends = (sympy.limit(objective, alpha, 0, "+"), sympy.limit(objective, alpha, sympy.oo))
    proof.decide("Ends of (0, infinity): g -> +infinity as alpha -> 0+ and as alpha -> infinity (the minimum is "
                 "interior)", sympy.And(sympy.Eq(sympy.Limit(objective, alpha, 0, "+"), ends[0], evaluate=False),
                                        sympy.Eq(sympy.Limit(objective, alpha, sympy.oo), ends[1], evaluate=False)),
                 all(e is sympy.oo for e in ends))
    minimum = sympy.simplify(objective.subs(alpha, alpha_star))
    proof.identity("Value at alpha_*: g(alpha_*) = |v| ||w||_2", sympy.Subs(objective, alpha, alpha_star), a * n)
    proof.identity("The rescaled neuron is balanced: |v|/alpha_* = alpha_* ||w||_2", a / alpha_star, alpha_star * n)
    g_dead = sympy.Rational(1, 2) * alpha**2 * n**2
    proof.identity("Degenerate neuron v = 0 (or, symmetrically, w = 0): g(alpha) = alpha^2 ||w||^2 / 2 tends to "
                   "0 = |v| ||w|| as alpha -> 0+; an infimum, attained only when v = 0 and w = 0",
                   sympy.Limit(g_dead, alpha, 0, "+"), 0)
    k, K = sympy.Symbol("k", integer=True, positive=True), sympy.Symbol("K", integer=True, positive=True)
    a_k, n_k = sympy.IndexedBase("a"), sympy.IndexedBase("n")
    return proof.derivation(
        {"alpha_star": alpha_star, "objective": objective, "derivative": g1, "second_derivative": g2,
         "minimum": minimum, "a": a, "n": n, "alpha": alpha},
        "Conclusion: each neuron k (a_k = |v_k|, n_k = ||w_k||_2) has its own scale, so the minimum over rescalings "
        "of a network's weight decay is the sum of the per-neuron minima, its path norm (an infimum when a neuron "
        "has exactly one of v, w zero)",
        sympy.Eq(_label("min over alpha in (0, infinity)^K of WD(theta_alpha)",
                        r"\min_{\alpha \in (0,\infty)^K} \mathrm{WD}(\theta_\alpha)"),
                 sympy.Sum(a_k[k] * n_k[k], (k, 1, K))),
    )


# -- 6. neural balance ------------------------------------------------------------------------------------------------
def derive_neural_balance() -> Derivation:
    r"""Neural balance: every minimizer of :math:`L(\theta) + \lambda\,\mathrm{WD}(\theta)` has :math:`|v_k| =
    \|w_k\|_2` for every neuron.

    The data loss :math:`L` depends on :math:`\theta` only through the function, which rescaling does not change
    (:func:`derive_invariance`).  Along the rescaling of neuron k the objective is
    :math:`h(\alpha) = \mathrm{const} + \tfrac{\lambda}{2}(v_k^2/\alpha^2 + \alpha^2\|w_k\|^2)`; at a minimizer (global
    or local) :math:`\alpha = 1` is optimal, so :math:`h'(1) = \lambda(\|w_k\|^2 - v_k^2) = 0`.  Conversely
    rebalancing lowers the objective by exactly :math:`\tfrac{\lambda}{2}\sum_k(|v_k| - \|w_k\|)^2`.

    Source: [SPLN24] Thm 1 (crediting Yang et al. 2022 and [SPM] = Parhi & Nowak 2023b; valid with unregularized
    biases "(cf. Parhi and Nowak, 2023b, pp. 65–66)" — a second-hand page attribution, not read in [SPM]).
    Results: ``directional_derivative`` (:math:`h'(1)`), ``balance_condition``, ``gap``.
    """
    a = sympy.Symbol("a", nonnegative=True)  # |v_k|
    n = sympy.Symbol("n", nonnegative=True)  # ||w_k||
    lam = sympy.Symbol("lambda", positive=True)
    alpha = sympy.Symbol("alpha", positive=True)
    L = sympy.Symbol("L")
    proof = Proof("rescaling.neural_balance")
    h = L + lam / 2 * (a**2 / alpha**2 + alpha**2 * n**2)
    proof.state("Objective along the rescaling of neuron k (L is unchanged: rescaling keeps the function; "
                "the other neurons' weight decay is a constant absorbed in L)", sympy.Eq(sympy.Function("h")(alpha), h))
    h1 = sympy.diff(h, alpha).subs(alpha, 1)
    proof.identity("h'(1) = lambda (||w_k||^2 - v_k^2)", h1, lam * (n**2 - a**2))
    a_p, n_p = sympy.Symbol("a", positive=True), sympy.Symbol("n", positive=True)
    sol = sympy.solve(sympy.Eq(h1.subs({a: a_p, n: n_p}), 0), n_p)
    proof.decide("A minimizer has h'(1) = 0; for v_k != 0, sympy.solve for n = ||w_k|| > 0 gives the balance condition",
                 sympy.Eq(n_p, sol[0] if len(sol) == 1 else sympy.Tuple(*sol)), sol == [a_p])
    proof.decide("For v_k = 0: h'(1) = lambda ||w_k||^2 = 0 forces w_k = 0 (balanced as well)",
                 sympy.Eq(n, sympy.Tuple(*sympy.solve(sympy.Eq(h1.subs(a, 0), 0), n))),
                 sympy.solve(sympy.Eq(h1.subs(a, 0), 0), n) == [0])
    h_p = h.subs({a: a_p, n: n_p})
    star = sympy.solve(sympy.Eq(sympy.diff(h_p, alpha), 0), alpha)[0]
    gap = sympy.simplify(h_p.subs(alpha, 1) - h_p.subs(alpha, star))
    proof.identity("Rebalancing (alpha^* from sympy.solve) lowers the objective by lambda (|v_k| - ||w_k||)^2 / 2",
                   gap, lam / 2 * (a_p - n_p) ** 2)
    delta = sympy.Symbol("delta", real=True, nonzero=True)  # |v_k| - ||w_k|| != 0
    decrease = (lam / 2 * (a_p - n_p) ** 2).subs(a_p, n_p + delta)
    proof.decide("The decrease is positive unless |v_k| = ||w_k|| (write |v_k| - ||w_k|| = delta != 0)",
                 sympy.Gt(decrease, 0, evaluate=False), decrease.is_positive)
    return proof.derivation(
        {"directional_derivative": h1, "balance_condition": sympy.Eq(n, a), "gap": lam / 2 * (a_p - n_p) ** 2,
         "a": a, "n": n, "lambda": lam},
        "Hence every minimizer of L + lambda WD is balanced: |v_k| = ||w_k||_2 for every neuron",
        sympy.Eq(sympy.Abs(sympy.Symbol("v_k")), _label("||w_k||_2", r"\|w_k\|_2")),
    )


# -- 7. lasso ---------------------------------------------------------------------------------------------------------
def derive_lasso() -> Derivation:
    r"""Weight decay ≡ path norm ≡ :math:`\ell^1` on unit-norm neurons.

    (i) A neuron with :math:`w \ne 0` is the unit-norm neuron :math:`(\hat w, \hat b) = (w, b)/\|w\|` with output weight
    :math:`u = v\|w\|` (rescaling with :math:`\alpha = 1/\|w\|`), and its path norm is :math:`|u|`.  (ii) Conversely
    the balanced factorisation :math:`v = \mathrm{sgn}(u)\sqrt{|u|}`, :math:`(w, b) = \sqrt{|u|}(\hat w, \hat b)` has
    weight decay :math:`|u|`.  With (AM–GM) WD ≥ PN, the three problems have the same optimal value.  The unit
    vectors used by the check are rational points of the circle, :math:`((1-t^2)/(1+t^2), 2t/(1+t^2))`.

    Source: [PN21] Thm 8 and eqs. (14)–(16), (19); [SPLN24] eqs. (2)–(4) and §2 ("multi-task lasso").
    Results: ``unit_circle`` (the parametrisation), ``normalised`` (u in v, n), ``factorisation_wd``.
    """
    v, z = sympy.symbols("v z", real=True)
    n = sympy.Symbol("n", positive=True)  # ||w||
    t = sympy.Symbol("t", real=True)
    proof = Proof("rescaling.lasso")
    proof.state("A neuron v sigma(w.x - b) with n = ||w||_2 > 0 and z = w.x - b; unit neuron zhat = z / n",
                sympy.Eq(_label("zhat", r"\hat z"), z / n))
    proof.cases("v sigma(z) = (v n) sigma(z / n)", v * relu(z), (v * n) * relu(z / n), z)
    proof.identity("Path norm of the unit-norm form: |u| * 1 with u = v n equals |v| ||w||",
                   sympy.Abs(v * n) * 1, sympy.Abs(v) * n)
    circle = sympy.Matrix([(1 - t**2) / (1 + t**2), 2 * t / (1 + t**2)])
    proof.identity("Rational unit directions: ||((1-t^2)/(1+t^2), 2t/(1+t^2))||^2 = 1", (circle.T * circle)[0], 1)
    s = sympy.Symbol("s", positive=True)  # |u|
    wd = sympy.Rational(1, 2) * ((sympy.sqrt(s)) ** 2 + (sympy.sqrt(s)) ** 2 * 1)
    proof.identity("Balanced factorisation of u (|u| = s): v = sgn(u) sqrt(s), w = sqrt(s) what, ||what|| = 1 "
                   "has weight decay s = |u|", wd, s)
    proof.cases("... and the same function: sqrt(s) sigma(sqrt(s) zhat) = s sigma(zhat) (shown for u = s > 0; "
           "u < 0 flips both sides)", sympy.sqrt(s) * relu(sympy.sqrt(s) * z), s * relu(z), z)
    return proof.derivation(
        {"unit_circle": circle, "normalised": v * n, "factorisation_wd": wd, "t": t},
        "Hence min L + lambda WD = min L + lambda PN = min over unit-norm neurons of L + lambda ||u||_1",
        sympy.Eq(_label("min_theta L + lambda WD(theta)", r"\min_\theta L(f_\theta) + \lambda\,\mathrm{WD}(\theta)"),
                 _label("min_(u, ||w_k|| = 1) L + lambda ||u||_1",
                        r"\min_{u,\ \|\hat w_k\|_2 = 1} L(f_{u}) + \lambda\|u\|_1")),
    )


# -- 8. width monotonicity --------------------------------------------------------------------------------------------
def derive_width_monotonicity() -> Derivation:
    r"""Adding neurons never raises the optimum: a zero neuron :math:`(v, w, b) = (0, 0, b)` contributes nothing to
    the function nor to weight decay, so every width-K network is a width-(K+1) network with the same objective and
    the infimum over the larger width is at most the one over the smaller.

    Source: [PN21] Thm 8 (last sentence: for (15) and (16), a global minimizer at width :math:`K_2` is one at any
    :math:`K_1 > K_2`).  Results: ``zero_neuron``, ``zero_neuron_wd``.
    """
    x, b = sympy.symbols("x b", real=True)
    proof = Proof("rescaling.width_monotonicity")
    zero = 0 * relu(0 * x - b)
    proof.identity("A zero neuron 0 * sigma(0 * x - b) is the zero function", zero, 0)
    wd = sympy.Rational(1, 2) * (0**2 + 0**2)
    proof.identity("... with zero weight decay (the bias is not regularized)", wd, 0)
    return proof.derivation(
        {"zero_neuron": zero, "zero_neuron_wd": wd},
        "Hence padding embeds width K in width K+1 with the same objective, and min_{K+1} J <= min_K J",
        sympy.Le(_label("min over width K+1 of J", r"\min_{\theta \in \Theta_{K+1}} J(\theta)"),
                 _label("min over width K of J", r"\min_{\theta \in \Theta_K} J(\theta)")),
    )
