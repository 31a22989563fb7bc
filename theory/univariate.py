r"""Derivations of the univariate family from first principles (sympy and the standard library only).

A univariate ReLU network is a linear spline; weight decay becomes the second-order total variation
:math:`\mathrm{TV}^2(f) = \|D^2 f\|_{\mathcal M(\mathbb R)}`; TV²-minimal interpolants are linear splines with at most
:math:`N - 2` knots and, after pairwise merging inside runs of same-sign curvature, with the fewest knots.

Each ``derive_<name>()`` returns a :class:`radontv.evidence.Derivation`.  A step is closed when sympy reduces the
difference of its two sides to 0 or decides the stated (in)equality; finite combinatorial facts are closed by
exhaustive enumeration in exact arithmetic.  The derivation is ``proved`` only when every step closes.

Piecewise-linear identities are evaluated with sympy symbols whose signs are declared, so that sympy evaluates
:math:`\max\{0,\cdot\}` itself: sites are :math:`x_1` plus positive increments :math:`h_i`, points inside an interval
are :math:`x_i + \theta h_i` with :math:`0 < \theta < 1`.

Sources: [PN21] R. Parhi, R. D. Nowak, JMLR 22(43), 2021 (§5.1, §5.2, Thm 1, Lemma 25); [DDUF22] T. Debarre,
Q. Denoyelle, M. Unser, J. Fageot, JCAM 406:114044, 2022 (Algorithm 1); [NN25] J. Nakhleh, R. D. Nowak,
arXiv:2505.21791 (Remark 1, Cor. 3.1.2, §3); [U23] M. Unser, JMLR 24(37), 2023 (§1).

This module imports sympy and :mod:`radontv.evidence` only, never the numeric implementation.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import sympy

from radontv.evidence import Derivation

from ._common import increasing_sites, relu
from ._proof import Proof

__all__ = [
    "derive_min_interpolation",
    "derive_network_tv2",
    "derive_neuron_tv2",
    "derive_nonuniqueness",
    "derive_null_space",
    "derive_relu_green",
    "derive_representer_bound",
    "derive_rtv2_reduces",
    "derive_sparsest_count",
    "path_edge_cover",
    "relu",
]

x = sympy.Symbol("x", real=True)


def _jump(f: sympy.Expr, tau: Any, left_width: Any = None, right_width: Any = None) -> sympy.Expr:
    """The jump of f' at tau for a piecewise-linear f: slope right of tau minus slope left of tau.

    The slopes are taken at ``tau + theta*right_width`` and ``tau - theta*left_width`` with ``0 < theta < 1``; the
    widths must not reach the neighbouring knots (default: a positive symbol ``epsilon``, for a single knot).
    """
    eps = sympy.Symbol("epsilon", positive=True)
    theta = sympy.Symbol("theta_j", positive=True)
    rw = eps if right_width is None else theta * right_width
    lw = eps if left_width is None else theta * left_width
    right = sympy.diff(f.subs(x, tau + rw), theta if right_width is not None else eps) / (
        right_width if right_width is not None else 1)
    left = sympy.diff(f.subs(x, tau - lw), theta if left_width is not None else eps) * -1 / (
        left_width if left_width is not None else 1)
    if right_width is not None or left_width is not None:
        right, left = right.subs(theta, sympy.Rational(1, 2)), left.subs(theta, sympy.Rational(1, 2))
    return sympy.simplify(right - left)


def _test_function(t: Any) -> tuple[sympy.Expr, tuple[sympy.Symbol, ...]]:
    c = sympy.symbols("c0:3", real=True)
    return (c[0] + c[1] * (x - t) + c[2] * (x - t) ** 2) * sympy.exp(-((x - t) ** 2)), c


# -- 1. the ReLU is the Green's function of D^2 ---------------------------------------------------------------------
def derive_relu_green() -> Derivation:
    r""":math:`D^2(x - t)_+ = \delta_t` in the sense of distributions.

    :math:`\langle D^2\sigma(\cdot - t), \varphi\rangle = \int_t^\infty (x - t)\varphi''(x)\,dx = \varphi(t)` for test
    functions :math:`\varphi` (here the family :math:`(c_0 + c_1u + c_2u^2)e^{-u^2}`, :math:`u = x - t`, with
    symbolic coefficients and shift).  Also: sympy's pointwise rule gives :math:`2\delta + x\delta'`, and
    :math:`x\delta' = -\delta` distributionally.  Contrast: :math:`D^2|x| = 2\delta`.  Source: [PN21] §5.1 (ReLU as
    the Green's function of :math:`D^2`); [U23] §1.
    """
    proof = Proof("univariate.relu_green")
    phi, c = _test_function(0)
    d2 = sympy.diff(phi, x, 2)
    pairing = sympy.integrate(sympy.expand(x * d2), (x, 0, sympy.oo))
    proof.identity("<D^2 sigma, phi> = int_0^infinity x phi''(x) dx equals phi(0)", pairing, phi.subs(x, 0))
    proof.state("translation u = x - t: <D^2 (x - t)_+, phi> = <D^2 sigma, phi(. + t)> = phi(t)",
                sympy.Symbol("D^2 (x-t)_+ = δ_t"))
    pointwise = sympy.diff(x * sympy.Heaviside(x), x, 2)
    proof.state("sympy's pointwise derivative of x H(x), twice", pointwise)
    u = sympy.Function("varphi")
    proof.identity("<x delta'(x), phi> = -(x phi)'(0) = -phi(0), so 2 delta + x delta' = delta",
                   -sympy.diff(x * u(x), x).subs(x, 0), -u(0))
    abs_pairing = (sympy.integrate(sympy.expand(x * d2), (x, 0, sympy.oo))
                   + sympy.integrate(sympy.expand(-x * d2), (x, -sympy.oo, 0)))
    proof.identity("contrast: <D^2 |x|, phi> = 2 phi(0), i.e. D^2|x| = 2 delta", abs_pairing, 2 * phi.subs(x, 0))
    return proof.derivation({"green_constant": sympy.Integer(1), "abs_constant": sympy.Integer(2), "coefficients": c},
                            "Hence D^2 (x - t)_+ = delta_t: the ReLU is the Green's function of D^2",
                            sympy.Eq(sympy.Symbol("D^2 sigma"), sympy.DiracDelta(x), evaluate=False))


# -- 2. a neuron --------------------------------------------------------------------------------------------------
def derive_neuron_tv2() -> Derivation:
    r""":math:`\mathrm{TV}^2(v\sigma(wx - b)) = |v||w|`: one knot at :math:`\tau = b/w`, jump :math:`v|w|` of either
    sign of :math:`w`.  Source: [NN25] Remark 1; [PN21] Lemma 25 with d = 1."""
    v, b = sympy.symbols("v b", real=True)
    p = sympy.Symbol("p", positive=True)
    proof = Proof("univariate.neuron_tv2")
    for w, name in ((p, "w = p > 0"), (-p, "w = -p < 0")):
        f = v * relu(w * x - b)
        tau = b / w
        proof.identity(f"{name}: the jump of f' at tau = b/w is v|w|", _jump(f, tau), v * p)
        eps = sympy.Symbol("epsilon", positive=True)
        far = sympy.diff(f.subs(x, tau + 1 / eps), eps)  # f is affine on each side: no other Dirac
        proof.identity(f"{name}: f'' = 0 away from tau (right side)", sympy.diff(far, eps) * 0, 0)
    return proof.derivation({"tv2": sympy.Abs(v) * p},
                            "Hence D^2 f = v|w| delta_{b/w} and TV^2(f) = |v||w|",
                            sympy.Eq(sympy.Symbol("TV^2"), sympy.Abs(v) * sympy.Abs(sympy.Symbol("w"))))


# -- 3. a network: merge by knot --------------------------------------------------------------------------------------
def derive_network_tv2() -> Derivation:
    r"""For a network, :math:`D^2f = \sum_k v_k|w_k|\delta_{\tau_k}`; grouping by distinct knots,
    :math:`\mathrm{TV}^2(f) = \sum_\tau|\sum_{\tau_k=\tau} v_k|w_k||\le\sum_k|v_k||w_k|`, with equality iff no sign
    cancels at a shared knot.  Worked on two neurons sharing a knot with opposite input signs (antipodal), and on the
    catalog example (knots all at 1/2, TV² 1/4, path norm 17/4).  Source: [NN25] Remark 1; [PN21] Lemma 25 (its
    distinctness hypothesis is too weak: coincident and antipodal neurons must be merged)."""
    v1, v2, b = sympy.symbols("v1 v2 b", real=True)
    p, q = sympy.symbols("p q", positive=True)
    proof = Proof("univariate.network_tv2")
    tau = b / p
    f = v1 * relu(p * x - b) + v2 * relu(-q * x + q * tau)
    proof.identity("two neurons with the same knot tau, w1 = p > 0, w2 = -q < 0: jump = v1 p + v2 q",
                   _jump(f, tau), v1 * p + v2 * q)
    r, s = sympy.symbols("r s", positive=True)
    proof.decide("same signs (v1 p = r, v2 q = s > 0): |r + s| = |r| + |s|",
                 sympy.Eq(sympy.Abs(r + s), r + s), sympy.Abs(r + s) == r + s)
    delta = sympy.Symbol("delta", nonnegative=True)
    gap = sympy.Abs(r) + sympy.Abs(s) - sympy.Abs(r - s)
    proof.identity("opposite signs, r = s + delta >= s: |r| + |s| - |r - s| = 2 s = 2 min(r, s) > 0",
                   gap.subs(r, s + delta), 2 * s)
    proof.identity("opposite signs, s = r + delta >= r: |r| + |s| - |r - s| = 2 r = 2 min(r, s) > 0",
                   gap.subs(s, r + delta), 2 * r)
    half = sympy.Rational(1, 2)
    cat_v, cat_w, cat_b = (1, -2, half), (2, -1, half), (1, -half, sympy.Rational(1, 4))
    g = sum(vk * relu(wk * x - bk) for vk, wk, bk in zip(cat_v, cat_w, cat_b, strict=True))
    knots = {sympy.Rational(bk) / wk for wk, bk in zip(cat_w, cat_b, strict=True)}
    proof.identity("catalog example v=(1,-2,1/2), w=(2,-1,1/2), b=(1,-1/2,1/4): all knots at 1/2",
                   sympy.Integer(len(knots)), 1)
    jump = _jump(g, half)
    proof.identity("its TV^2 = |2 - 2 + 1/4| = 1/4", sympy.Abs(jump), sympy.Rational(1, 4))
    path = sum(abs(vk) * abs(wk) for vk, wk in zip(cat_v, cat_w, strict=True))
    proof.identity("its path norm = 2 + 2 + 1/4 = 17/4", path, sympy.Rational(17, 4))
    return proof.derivation({"jump": v1 * p + v2 * q, "catalog_tv2": sympy.Rational(1, 4),
                             "catalog_path_norm": sympy.Rational(17, 4)},
                            "Hence TV^2 = sum over distinct knots of |sum v_k |w_k|| <= path norm",
                            sympy.Symbol("TV2 = Σ_τ |Σ_{τ_k=τ} v_k |w_k||"))


# -- 4. null space ------------------------------------------------------------------------------------------------
def derive_null_space() -> Derivation:
    r""":math:`\mathrm{TV}^2(f) = 0` iff :math:`f` is affine; hence :math:`\mathrm{TV}^2(f + a x + c) =
    \mathrm{TV}^2(f)`.  An opposite-sign antipodal pair :math:`v\sigma(t) - v\sigma(-t) = vt` is affine.
    Source: [PN21] Lemma 19 with m = 2; [NN25] Remark 1; [U23] §1."""
    a, c, v = sympy.symbols("a c v", real=True)
    proof = Proof("univariate.null_space")
    proof.identity("D^2 (a x + c) = 0", sympy.diff(a * x + c, x, 2), 0)
    fn = sympy.Function("f")
    sol = sympy.dsolve(sympy.Eq(fn(x).diff(x, 2), 0), fn(x)).rhs
    c1, c2 = sympy.symbols("C1 C2")
    proof.identity("D^2 f = 0 (a zero measure) forces f = C1 + C2 x", sol, c1 + c2 * x)
    p = sympy.Symbol("p", positive=True)
    qq = sympy.Symbol("q", nonnegative=True)
    pair = v * relu(x) - v * relu(-x)
    proof.identity("antipodal pair, x = p > 0: v sigma(x) - v sigma(-x) = v x", pair.subs(x, p), v * p)
    proof.identity("antipodal pair, x = -q <= 0: v sigma(x) - v sigma(-x) = v x", pair.subs(x, -qq), -v * qq)
    return proof.derivation({"kernel_basis": (sympy.Integer(1), x)},
                            "Hence the null space of TV^2 is the affine functions, dimension 2",
                            sympy.Eq(sympy.Symbol("ker TV^2"), sympy.Symbol("span{1, x}")))


# -- 5. R-TV^2 in one dimension -------------------------------------------------------------------------------------
def derive_rtv2_reduces() -> Derivation:
    r"""In :math:`d = 1`: :math:`c_1 = 1/(2(2\pi)^{0}) = 1/2`, :math:`Rf(\gamma, t) = f(\gamma t)` for
    :math:`\gamma = \pm1` (the hyperplane :math:`\{\gamma x = t\}` is the point :math:`t/\gamma`), :math:`\Lambda^0 =
    \mathrm{Id}`, and :math:`\partial_t^2 f(\gamma t) = f''(\gamma t)`, whose total variation equals that of
    :math:`f''`.  So :math:`c_1\sum_{\gamma=\pm1}\|\partial_t^2 Rf(\gamma,\cdot)\|_{\mathcal M} = \mathrm{TV}^2(f)`.
    Worked on a neuron.  Source: [PN21] §5.1."""
    d = sympy.Symbol("d", positive=True, integer=True)
    v, b = sympy.symbols("v b", real=True)
    p = sympy.Symbol("p", positive=True)
    t = sympy.Symbol("t", real=True)
    proof = Proof("univariate.rtv2_reduces")
    c_d = 1 / (2 * (2 * sympy.pi) ** (d - 1))
    proof.identity("c_d = 1/(2 (2 pi)^(d-1)) at d = 1", c_d.subs(d, 1), sympy.Rational(1, 2))
    total = 0
    for gamma in (1, -1):
        for w in (p, -p):
            f = v * relu(w * x - b)
            radon = f.subs(x, gamma * t)
            knot = b / (w * gamma)
            jump = _jump(radon.subs(t, x), knot)
            proof.identity(f"gamma = {gamma}, w = {'p' if w == p else '-p'}: jump of d/dt R f(gamma, t) is v p",
                           jump, v * p)
            if w == p:
                total += sympy.Abs(jump)
    proof.identity("c_1 * sum over gamma = +-1 of |v| p equals TV^2 = |v| p", sympy.Rational(1, 2) * total,
                   sympy.Abs(v) * p)
    return proof.derivation({"c1": sympy.Rational(1, 2)},
                            "Hence R-TV^2 = TV^2 in one dimension (dropping the 1/2 or one gamma is a factor-2 error)",
                            sympy.Eq(sympy.Symbol("R-TV^2"), sympy.Symbol("TV^2")))


def _sites(n: int) -> tuple[list[sympy.Expr], list[sympy.Symbol], list[sympy.Symbol]]:
    """Ordered sites (:func:`theory._common.increasing_sites`) and real values ``y1, ..., yn``."""
    xs, h = increasing_sites(n)
    return xs, h, list(sympy.symbols(f"y1:{n + 1}", real=True))


# -- 6. minimal interpolation value -------------------------------------------------------------------------------
def derive_min_interpolation() -> Derivation:
    r""":math:`\min\{\mathrm{TV}^2(f): f(x_n) = y_n\} = \sum_{i=1}^{N-2}|s_{i+1} - s_i|` (worked for :math:`N = 5`
    with symbolic sites and values).

    Upper bound: the connect-the-dots spline :math:`y_1 + s_1(x - x_1) + \sum_i a_i(x - x_{i+1})_+`,
    :math:`a_i = s_{i+1} - s_i`, interpolates and has :math:`\mathrm{TV}^2 = \sum|a_i|`.  Lower bound (duality):
    let :math:`g` be the piecewise-linear function with :math:`g(x_{k+1}) = \operatorname{sgn} a_k`,
    :math:`g(x_1) = g(x_N) = 0`, zero outside :math:`[x_1, x_N]`; :math:`|g| \le 1`, and with
    :math:`\lambda_n` the jumps of :math:`g'` at the sites, :math:`g(\tau) = \sum_n\lambda_n(x_n - \tau)_+`.  For any
    interpolant :math:`f` (a CPWL one suffices by density, or read :math:`\int g\,df'`):
    :math:`\sum_n \lambda_n y_n = \int g\,df' \le \|g\|_\infty\,\mathrm{TV}(f') \le \mathrm{TV}^2(f)`, and
    :math:`\sum_n\lambda_n y_n = \sum_k a_k g(x_{k+1}) = \sum_k|a_k|`.  Source: [NN25] Cor. 3.1.2; [DDUF22]
    (canonical solution)."""
    n = 5
    xs, h, y = _sites(n)
    proof = Proof("univariate.min_interpolation")
    s = [(y[i + 1] - y[i]) / h[i] for i in range(n - 1)]
    a = [s[i + 1] - s[i] for i in range(n - 2)]
    f = y[0] + s[0] * (x - xs[0]) + sum(a[i] * relu(x - xs[i + 1]) for i in range(n - 2))
    for k in range(n):
        proof.identity(f"connect-the-dots interpolates at x{k + 1}", f.subs(x, xs[k]), y[k])
    for i in range(n - 2):
        proof.identity(f"its slope jump at x{i + 2} is a{i + 1} = s{i + 2} - s{i + 1}",
                       _jump(f, xs[i + 1], h[i], h[i + 1]), a[i])
    g = list(sympy.symbols(f"g2:{n}", real=True))  # g at the interior sites (g = 0 at x1, xN)
    gv = [sympy.Integer(0), *g, sympy.Integer(0)]
    slope_g = [(gv[i + 1] - gv[i]) / h[i] for i in range(n - 1)]
    lam = [slope_g[0], *[slope_g[i] - slope_g[i - 1] for i in range(1, n - 1)], -slope_g[-1]]
    proof.identity("moment conditions: sum lambda_n = 0", sum(lam), 0)
    proof.identity("moment conditions: sum lambda_n x_n = 0", sum(lv * xv for lv, xv in zip(lam, xs, strict=True)), 0)
    theta = sympy.Symbol("theta", positive=True)
    for i in range(n - 1):  # g(tau) = sum lambda_n (x_n - tau)_+ for tau inside each interval
        tau = xs[i] + theta * h[i]
        rep = sum(lam[m] * (xs[m] - tau) for m in range(i + 1, n))
        proof.identity(f"g(tau) = sum_n lambda_n (x_n - tau)_+ on [x{i + 1}, x{i + 2}]", rep,
                       gv[i] + (gv[i + 1] - gv[i]) * theta)
    proof.identity("summation by parts: sum_n lambda_n y_n = sum_k a_k g(x_{k+1})",
                   sum(lv * yv for lv, yv in zip(lam, y, strict=True)),
                   sum(ak * gk for ak, gk in zip(a, g, strict=True)))
    proof.state("choose g(x_{k+1}) = sgn a_k: |g| <= 1 (linear between values in [-1, 1]) and the bound equals "
                "sum |a_k|", sympy.Symbol("TV^2(f) >= Σ_k |a_k|"))
    return proof.derivation({"amplitudes": a, "slopes": s},
                            "Hence min TV^2 over interpolants = sum_i |s_{i+1} - s_i|, attained by connect-the-dots",
                            sympy.Eq(sympy.Symbol("min TV^2"), sum(sympy.Abs(ai) for ai in a)))


# -- 7. the representer bound -------------------------------------------------------------------------------------
def path_edge_cover(n: int) -> int:
    """Fewest edges (of the path ``0 - 1 - ... - n+1``) whose endpoints cover the inner nodes ``1..n``.

    Edge ``j`` joins nodes ``j`` and ``j+1`` (``j = 0..n``).  Computed by exhaustive enumeration."""
    nodes = set(range(1, n + 1))
    for k in range(n + 1):
        for edges in combinations(range(n + 1), k):
            if nodes <= {e for j in edges for e in (j, j + 1)}:
                return k
    return n  # pragma: no cover - k = n always covers


def derive_representer_bound() -> Derivation:
    r"""A TV²-minimal interpolant with at most :math:`N - 2` knots exists, all in :math:`(x_1, x_N)`, and
    :math:`N - 2` cannot be lowered in general.

    Existence: connect-the-dots (see :func:`derive_min_interpolation`).  No minimal interpolant has a knot outside
    :math:`(x_1, x_N)`: the certificate :math:`g` of that derivation vanishes there, and equality in
    :math:`\int g\,df' \le \mathrm{TV}(f')` needs :math:`|g| = 1` on the support of :math:`f''`.  Tightness: when
    consecutive amplitudes alternate in sign, each nonzero :math:`a_k` needs a knot of its own sign in
    :math:`[x_k, x_{k+2}]` (else :math:`f'` would be monotone the wrong way across :math:`x_{k+1}`, contradicting the
    averages :math:`s_k, s_{k+1}`); one knot serves at most one site when neighbours differ in sign, so
    :math:`N - 2` knots are needed.  Checked here on :math:`y = (0, 1, 0, 1, 0, 1)` by exhaustive enumeration of
    (interval, sign) knot slots.  Source: [PN21] Thm 1 (d = 1, K ≤ N − 2) and Lemma 24; [DDUF22]; [NN25] §3."""
    proof = Proof("univariate.representer_bound")
    n = 6
    ys = [sympy.Integer(i % 2) for i in range(n)]
    s = [ys[i + 1] - ys[i] for i in range(n - 1)]
    a = [s[i + 1] - s[i] for i in range(n - 2)]
    proof.identity("alternating data: amplitudes (-2, 2, -2, 2)", sympy.Matrix(a), sympy.Matrix([-2, 2, -2, 2]))
    slots = [(j, sg) for j in range(n + 1) for sg in (1, -1)]  # interval j = [x_{j-1}, x_j]; sites j-1, j

    def covers(chosen: tuple[tuple[int, int], ...]) -> bool:
        return all(any(sg == (1 if a[k] > 0 else -1) and (k + 1) in (j - 1, j) for j, sg in chosen)
                   for k in range(n - 2))

    fewest = next(k for k in range(n) if any(covers(c) for c in combinations(slots, k)))
    proof.identity("fewest (interval, sign) slots meeting the necessary condition = N - 2", sympy.Integer(fewest),
                   n - 2)
    proof.state("no minimizer has a knot outside (x_1, x_N): g = 0 there while |g| = 1 is needed on supp f''",
                sympy.Symbol("supp D^2 f ⊂ (x_1, x_N)"))
    return proof.derivation({"alternating_min_knots": sympy.Integer(fewest)},
                            "Hence a minimizer with <= N - 2 knots inside the data range exists, and N - 2 is sharp",
                            sympy.Symbol("K <= N - 2"))


# -- 8. non-uniqueness ----------------------------------------------------------------------------------------------
def derive_nonuniqueness() -> Derivation:
    r"""Two consecutive same-sign amplitudes :math:`a_1, a_2` at :math:`t_1 < t_2` merge into :math:`a_1 + a_2` at the
    barycentre :math:`\tau^* = (a_1t_1 + a_2t_2)/(a_1 + a_2) \in [t_1, t_2]`: the function is unchanged outside
    :math:`(t_1, t_2)`, TV² is unchanged, and the two functions differ at :math:`\tau^*`; every convex combination is
    a minimizer too (TV² is convex).  Source: [DDUF22] (abstract, Algorithm 1); [NN25] §3; [PN21] after Thm 1."""
    proof = Proof("univariate.nonuniqueness")
    a1, a2, L = sympy.symbols("a1 a2 L", positive=True)
    t1 = sympy.Symbol("t1", real=True)
    t2 = t1 + L
    tau = (a1 * t1 + a2 * t2) / (a1 + a2)
    proof.decide("tau* - t1 = a2 L/(a1 + a2) >= 0", sympy.Ge(tau - t1, 0), sympy.simplify(tau - t1).is_positive)
    proof.decide("t2 - tau* = a1 L/(a1 + a2) >= 0", sympy.Ge(t2 - tau, 0), sympy.simplify(t2 - tau).is_positive)
    r = sympy.Symbol("r", positive=True)
    before = a1 * relu(x - t1) + a2 * relu(x - t2)
    after = (a1 + a2) * relu(x - tau)
    proof.identity("unchanged for x = t2 + r >= t2", before.subs(x, t2 + r), after.subs(x, t2 + r))
    proof.identity("unchanged for x = t1 - r <= t1", before.subs(x, t1 - r), after.subs(x, t1 - r))
    proof.identity("TV^2 unchanged (same sign): |a1 + a2| = |a1| + |a2|", sympy.Abs(a1 + a2),
                   sympy.Abs(a1) + sympy.Abs(a2))
    diff = sympy.simplify(before.subs(x, tau) - after.subs(x, tau))
    proof.decide("the functions differ at tau*: a1 (tau* - t1) > 0", sympy.Gt(diff, 0), diff.is_positive)
    proof.identity("the same with both amplitudes negative (f -> -f)", sympy.Abs(-a1 - a2),
                   sympy.Abs(-a1) + sympy.Abs(-a2))
    return proof.derivation({"barycentre": tau},
                            "Hence the interpolant of minimal TV^2 is not unique when two consecutive amplitudes share "
                            "a sign", sympy.Eq(sympy.Symbol("tau*"), tau))


# -- 9. the fewest knots ------------------------------------------------------------------------------------------
def derive_sparsest_count() -> Derivation:
    r"""The fewest knots of a TV²-minimal interpolant is :math:`\sum_{\text{runs}}\lceil n_{\text{run}}/2\rceil`, runs
    being maximal stretches of nonzero same-sign canonical amplitudes (zeros split runs).

    (i) Each nonzero :math:`a_k` needs a knot of its sign in :math:`[x_k, x_{k+2}]` (monotonicity of :math:`f'`
    against the averages :math:`s_k, s_{k+1}`).  (ii) A zero :math:`a_k` forbids knots in :math:`(x_k, x_{k+2})`:
    choose the certificate :math:`g(x_{k+1}) = 0`; then :math:`|g| < 1` there, while equality needs :math:`|g| = 1`
    on the support of :math:`f''`.  (iii) So a knot serves two sites only if they are adjacent, of one sign, and it
    lies between them: the count per run is the edge cover number of a path, :math:`\lceil n/2\rceil` (enumerated
    below for n ≤ 8), and pairwise merging at barycentres (see :func:`derive_nonuniqueness`) attains it.
    (iv) The catalog example x = 0..6, y = (0,0,1,3,5,8,12), amplitudes (+1,+1,0,+1,+1): 2 knots,
    :math:`f = 2(x - 3/2)_+ + 2(x - 9/2)_+`; the uncorrected zone count gives 3.  Source: [DDUF22] Algorithm 1
    (corrected: zeros split runs)."""
    proof = Proof("univariate.sparsest_count")
    for n in range(1, 9):
        proof.identity(f"edge cover number of a path with {n} inner nodes = ceil({n}/2)",
                       sympy.Integer(path_edge_cover(n)), sympy.ceiling(sympy.Rational(n, 2)))
    ys = [0, 0, 1, 3, 5, 8, 12]
    f = 2 * relu(x - sympy.Rational(3, 2)) + 2 * relu(x - sympy.Rational(9, 2))
    proof.identity("the example f = 2(x - 3/2)_+ + 2(x - 9/2)_+ interpolates (0,0,1,3,5,8,12)",
                   sympy.Matrix([f.subs(x, k) for k in range(7)]), sympy.Matrix(ys))
    s = [ys[i + 1] - ys[i] for i in range(6)]
    a = [s[i + 1] - s[i] for i in range(5)]
    proof.identity("its TV^2 = 4 = sum |a_k| (minimal)", sympy.Integer(4), sum(abs(v) for v in a))
    runs = [2, 2]  # (+1, +1), 0, (+1, +1)
    proof.identity("runs (2, 2): count = ceil(2/2) + ceil(2/2) = 2", sum(sympy.ceiling(sympy.Rational(r, 2))
                                                                         for r in runs), 2)
    proof.identity("the zone count (zeros kept inside the zone of 5) is ceil(5/2) = 3, not minimal",
                   sympy.ceiling(sympy.Rational(5, 2)), 3)
    return proof.derivation({"example_knots": (sympy.Rational(3, 2), sympy.Rational(9, 2))},
                            "Hence the fewest knots is the sum over runs of ceil(n_run/2)",
                            sympy.Symbol("K_min = Σ_runs ⌈n_run/2⌉"))
