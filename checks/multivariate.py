r"""Numeric checks of the multivariate family: R-TV² of shallow ReLU networks, canonical forms, the global fit.

The second route is the **weight-free kink route** (:mod:`radontv.kinks`): the hyperplanes and amplitudes of a
network are recovered from its values only (breakpoints along a generic line, gradient jumps across them), so
:math:`\mathrm{R\text{-}TV}^2 = \sum_H\|\nabla f(x_H^+) - \nabla f(x_H^-)\|_2` is computed without reading a weight.
In exact arithmetic the route returns exact rational hyperplane keys and coefficients, which are compared with
:func:`radontv.canonical` exactly (verdict ``proved``); networks with irrational (mpmath) weights are compared at
``dps`` digits (``consistent``).

Instances are drawn so that the route's line is generic: each random hyperplane is made to cross the line
:math:`p + se` at its own parameter :math:`s \in [-4, 4]` (the crossing points are distinct by construction), and
the search window is :math:`[-5, 5]`.  The window comes from the design of the instance; the route still reads only
function values, and a window that missed a kink could only make the two routes disagree.

Every check takes the piece under test as a keyword (``norm=``, ``half_mass=``, ``seminorm=``, ...), so that the
negative controls in ``tests/test_multivariate.py`` can pass a wrong variant and see ``refuted``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from radontv import ReLUNetwork
from radontv.canonical_form import CanonicalForm, canonical, witness
from radontv.evidence import Agreement, CheckResult, Verdict, combine_verdicts
from radontv.kinks import gradient_jumps
from radontv.precision import validate_dps
from radontv.radon import Gaussian
from radontv.tv2 import tv2

__all__ = [
    "check_canonical_form",
    "check_invariances",
    "check_null_space_affine",
    "check_radon_sparsity",
    "check_ridge_function",
    "check_rtv2_definition",
    "check_rtv2_neuron",
    "check_rtv2_shallow_net",
    "check_wd_path_rtv2",
    "route_form",
    "route_rtv2",
]

#: Digits the mp kink route may lose: slopes of affine pieces come from differences over steps of 2⁻¹² of the
#: window and gradients from central differences over a quarter of the gap between kinks (about 4 + 4 digits),
#: and a few dozen roundings accumulate (2 more).
ROUTE_LOST_DIGITS = 10
WINDOW = (Fraction(-5), Fraction(5))
_GRID = 97  # crossing parameters are multiples of 1/97 in [-4, 4]


# -- instances ---------------------------------------------------------------------------------------------------
def _q(rng: np.random.Generator, lo: int = -6, hi: int = 6, den: int = 4) -> Fraction:
    return Fraction(int(rng.integers(lo, hi + 1)), int(rng.integers(1, den + 1)))


def _line(rng: np.random.Generator, d: int) -> tuple[list[Fraction], list[Fraction]]:
    p = [Fraction(int(rng.integers(-40, 41)), 37) for _ in range(d)]
    e = [Fraction(int(rng.integers(20, 60)), 41) * (1 if i == 0 else 0) + Fraction(int(rng.integers(-30, 31)), 43)
         for i in range(d)]
    return p, e


def random_network(rng: np.random.Generator, d: int, line: tuple[list[Fraction], list[Fraction]], *,
                   width: int = 4, duplicates: int = 1, antipodes: int = 1, zeros: int = 1,
                   affine: bool = True) -> ReLUNetwork:
    """A random exact network whose distinct hyperplanes cross ``line`` at distinct parameters in [-4, 4]."""
    p, e = line
    crossings = rng.choice(np.arange(-4 * _GRID, 4 * _GRID + 1), size=width, replace=False)
    W, b, v = [], [], []
    for sk in crossings:
        while True:
            w = [_q(rng) for _ in range(d)]
            if sum(wi * ei for wi, ei in zip(w, e, strict=True)) != 0:  # not parallel to the line
                break
        x = [pi + Fraction(int(sk), _GRID) * ei for pi, ei in zip(p, e, strict=True)]
        W.append(w)
        b.append(sum(wi * xi for wi, xi in zip(w, x, strict=True)))
        v.append(_q(rng))
    for count, sign in ((duplicates, 1), (antipodes, -1)):
        for _ in range(count):
            k = int(rng.integers(0, width))
            a = sign * Fraction(int(rng.integers(1, 9)), int(rng.integers(1, 5)))
            W.append([a * x for x in W[k]])
            b.append(a * b[k])
            v.append(_q(rng))
    for _ in range(zeros):
        W.append([Fraction(0)] * d)
        b.append(_q(rng))
        v.append(_q(rng))
    order = rng.permutation(len(W))
    c = [_q(rng) for _ in range(d)] if affine else [Fraction(0)] * d
    c0 = _q(rng) if affine else Fraction(0)
    return ReLUNetwork([W[i] for i in order], [b[i] for i in order], [v[i] for i in order], c, c0)


def _irrational(net: ReLUNetwork, rng: np.random.Generator, line: tuple[list[Fraction], list[Fraction]]) -> ReLUNetwork:
    """An mp network with irrational weights on hyperplanes through the same crossing points (call in workdps)."""
    p, e = (np.array([_mp(x) for x in part], dtype=object) for part in line)
    W, b, v = [], [], []
    for w, bk, vk in net.neurons():
        if all(x == 0 for x in w):
            W.append([mpmath.mpf(0)] * net.dim)
            b.append(_mp(bk))
            v.append(_mp(vk) * mpmath.sqrt(2))
            continue
        # the same irrational stretch of each coordinate for every neuron keeps duplicates and antipodes coincident
        wm = np.array([_mp(x) * mpmath.sqrt(2 + i) for i, x in enumerate(w)], dtype=object)
        # keep the crossing parameter of the original neuron, s = (b - w.p) / (w.e), so the line stays generic
        sk = (bk - sum(a * c for a, c in zip(w, line[0], strict=True))) / sum(a * c for a, c in zip(w, line[1],
                                                                                                   strict=True))
        x = p + _mp(sk) * e
        W.append(list(wm))
        b.append(sum(a * c for a, c in zip(wm, x, strict=True)))
        v.append(_mp(vk) * mpmath.pi / 3)
    return ReLUNetwork(W, b, v, [_mp(x) for x in net.c], _mp(net.c0))


def _mp(x: Any) -> mpmath.mpf:
    if isinstance(x, Fraction):
        return mpmath.mpf(x.numerator) / x.denominator
    return mpmath.mpf(x)


# -- the weight-free route ---------------------------------------------------------------------------------------
def _primitive_key(J: list[Fraction], beta: Fraction) -> tuple[tuple[int, ...], Fraction]:
    """Primitive integer (p, β) ∝ (J, β) with the canonical sign; returns (key, λ) with (J, β) = λ (p, β_p)."""
    row = [*J, beta]
    den = 1
    for x in row:
        den = den * x.denominator // math.gcd(den, x.denominator)
    ints = [int(x * den) for x in row]
    g = 0
    for n in ints:
        g = math.gcd(g, n)
    prim = [n // g for n in ints]
    sign = 1 if next(n for n in prim[:-1] if n != 0) > 0 else -1
    return tuple(sign * n for n in prim), Fraction(g * sign, den)


def route_form(f: Callable[[np.ndarray], Any], d: int, line: tuple[list[Fraction], list[Fraction]], *,
               seed: int = 0) -> tuple[dict[tuple[int, ...], Fraction], list[Fraction], Fraction]:
    r"""The exact canonical data of a rational piecewise-linear ``f`` from its values only.

    Returns ``(coefficients, c, c0)`` with ``coefficients[(p, β)] = q`` meaning
    :math:`f = \sum q\,\sigma(p^\top x - \beta) + c^\top x + c_0` (``p`` primitive, canonical sign).  From a kink with
    gradient jump :math:`J = A\tilde u` (:math:`\tilde u^\top e > 0`) at :math:`x_H`: the hyperplane is
    :math:`J^\top x = J^\top x_H`, and :math:`J = q\,\mathrm{sgn}(p^\top e)\,p`.
    """
    p, e = line
    kinks = gradient_jumps(f, d, p, e, WINDOW, exact=True, seed=seed)
    coef: dict[tuple[int, ...], Fraction] = {}
    for k in kinks:
        J = [Fraction(x) for x in k.jump]
        beta = sum((a * b for a, b in zip(J, k.x, strict=True)), start=Fraction(0))
        key, lam = _primitive_key(J, beta)
        pe = sum(Fraction(a) * b for a, b in zip(key[:-1], e, strict=True))
        q = lam * (1 if pe > 0 else -1)
        coef[key] = coef.get(key, Fraction(0)) + q

    def rest(x: list[Fraction]) -> Fraction:
        ridge = sum((q * max(Fraction(0), sum(Fraction(a) * b for a, b in zip(key[:-1], x, strict=True)) - key[-1])
                     for key, q in coef.items()), start=Fraction(0))
        return Fraction(f(np.array(x, dtype=object))) - ridge

    c0 = rest([Fraction(0)] * d)
    c = [rest([Fraction(int(i == j)) for i in range(d)]) - c0 for j in range(d)]
    return {k: q for k, q in coef.items() if q != 0}, c, c0


def route_rtv2(f: Callable[[np.ndarray], Any], d: int, line: tuple[Any, Any], *, exact: bool, tol: Any = 0,
               seed: int = 0) -> Any:
    r""":math:`\sum_H \|\nabla f(x_H^+) - \nabla f(x_H^-)\|_2` along ``line`` (exact: the list of squared norms)."""
    p, e = line
    window = WINDOW if exact else (_mp(WINDOW[0]), _mp(WINDOW[1]))
    kinks = gradient_jumps(f, d, p, e, window, exact=exact, tol=tol, seed=seed)
    if exact:
        return [k.jump_norm_squared() for k in kinks]
    return mpmath.fsum(mpmath.sqrt(k.jump_norm_squared()) for k in kinks)


def _callable(net: ReLUNetwork) -> Callable[[np.ndarray], Any]:
    return lambda x: net(np.asarray(x, dtype=object).reshape(1, -1))[0]  # the route sees values only


def _route_tol(dps: int) -> mpmath.mpf:
    return mpmath.mpf(10) ** (-(dps // 2))  # a true kink changes values by ~1e-8 relative; rounding is ~1e-dps


def _same_form(form: CanonicalForm, coef: dict[tuple[int, ...], Fraction], c: list[Fraction], c0: Fraction) -> bool:
    mine = {tuple([*(int(x) for x in p), int(beta)]): q
            for p, beta, q in zip(form.normals, form.offsets, form.coefficients, strict=True)}
    return mine == coef and list(form.c) == c and form.c0 == c0


def _combine(exact: Agreement, mp: Agreement) -> CheckResult:
    """One result from an exact and an mp Agreement (kept apart: exact residuals are Fractions, mp ones mpf)."""
    parts = [r for r in (exact.result(), mp.result()) if r.instances]
    if not parts:
        return mp.result()
    verdict = combine_verdicts(r.verdict for r in parts)
    worst = next((r for r in reversed(parts) if r.verdict == verdict), parts[-1])
    return CheckResult(
        claim_id=worst.claim_id, verdict=verdict, residual=worst.residual, digits=worst.digits,
        dps=mp.dps, instances=sum(r.instances for r in parts), worst_instance=worst.worst_instance,
        route="; ".join(r.route for r in parts), message="; ".join(r.message for r in parts if r.message),
        tolerance="; ".join(r.tolerance for r in parts))


# -- checks ------------------------------------------------------------------------------------------------------
def check_rtv2_definition(*, dps: int = 50, examples: int = 20, seed: int = 0, c_d: Callable[[int], Any] | None = None,
                          seminorm: Callable[[ReLUNetwork], Any] | None = None) -> CheckResult:
    r"""The constant :math:`c_d = 1/(2(2\pi)^{d-1})` of R-TV² and its :math:`d = 1` case (PN21 (6), (27); U23 (54)).

    (i) ``c_d(d)`` makes filtered backprojection exact: :math:`f(x) = c_d\int_{\mathbb S^{d-1}}
    \Lambda^{d-1}Rf(\gamma, \gamma^\top x)\,d\gamma` for :math:`f = e^{-\|x\|^2/2}`, :math:`d = 1, 3, 5`, at
    random points (the sphere integral by the Funk–Hecke reduction and mpmath quadrature; :math:`\Lambda^{d-1}Rf`
    from :class:`radontv.radon.Gaussian`).  (ii) For :math:`d = 1`, where :math:`\mathbb S^0 = \{\pm1\}` and
    :math:`c_1 = \tfrac12`, ``seminorm`` (default :func:`radontv.rtv2`) equals :func:`radontv.tv2` exactly on random
    univariate networks with shared and antipodal knots.
    """
    dps = validate_dps(dps, lost_digits=5)
    const = c_d or (lambda d: 1 / (2 * (2 * mpmath.pi) ** (d - 1)))
    seminorm = seminorm or (lambda net: canonical(net).rtv2())
    rng = np.random.default_rng(seed)
    exact = Agreement("multivariate.rtv2_definition", dps=None, route="d = 1: rtv2 against radontv.tv2, exact")
    agree = Agreement("multivariate.rtv2_definition", dps=dps, lost_digits=5,  # quadrature of smooth integrands
                      route="FBP with c_d on a Gaussian, Funk-Hecke + mpmath quadrature")
    for i in range(examples):
        d = (1, 3, 5)[i % 3]
        with mpmath.workdps(dps + 10):
            gauss = Gaussian([0] * d, 1)
            u = [1] + [0] * (d - 1)
            x = [_mp(_q(rng, -3, 3, 4)) for _ in range(d)]
            r = mpmath.sqrt(mpmath.fsum(a * a for a in x))

            def h(t: Any, gauss: Any = gauss, u: Any = u, d: int = d) -> Any:
                return gauss.ramp_radon(u, t, d - 1)

            if d == 1:
                back = h(x[0]) + h(-x[0])
            else:
                area = 2 * mpmath.pi ** (mpmath.mpf(d - 1) / 2) / mpmath.gamma(mpmath.mpf(d - 1) / 2)  # |S^{d-2}|
                back = area * mpmath.quad(lambda s, h=h, r=r, d=d: h(r * s) * (1 - s * s) ** (mpmath.mpf(d - 3) / 2),
                                          [-1, 0, 1])
            value = const(d) * back
            target = mpmath.exp(-(r**2) / 2)
        with mpmath.workdps(dps):
            agree.compare(value, target, instance=f"FBP, d={d}, x={[mpmath.nstr(a, 5) for a in x]}", scale=1)
        net = random_network(rng, 1, ([Fraction(0)], [Fraction(1)]), width=int(rng.integers(1, 5)),
                             duplicates=1, antipodes=1)
        got, want = seminorm(net), tv2(net)
        exact.holds(bool(_mp_value(got) == _mp_value(want)) and str(got) == str(want),
                    instance=f"d = 1: {net!r}")
    return _combine(exact, agree)


def _path_norm(net: ReLUNetwork) -> Any:
    return net.path_norm()


class _GaussianHyperplaneIntegral:
    r""":math:`\psi(r) = \int_{u^\top x = r} e^{-\|x-\mu\|^2/(2s^2)}\,dS
    = (2\pi s^2)^{(d-1)/2}e^{-(r-u^\top\mu)^2/(2s^2)}` (catalog A11, translated and scaled), and :math:`\psi''`."""

    def __init__(self, center: Any, sig: Any, d: int) -> None:
        self.center, self.sig, self.d = center, sig, d

    def __call__(self, r: Any) -> Any:
        s2 = self.sig**2
        return (2 * mpmath.pi * s2) ** (mpmath.mpf(self.d - 1) / 2) * mpmath.exp(-(r - self.center) ** 2 / (2 * s2))

    def second_derivative(self, r: Any) -> Any:
        return self(r) * ((r - self.center) ** 2 / self.sig**4 - 1 / self.sig**2)


def check_rtv2_neuron(*, dps: int = 50, examples: int = 12, seed: int = 0,
                      norm_squared: Callable[[Any, Any], Any] | None = None,
                      half_mass: Any = Fraction(1, 2)) -> CheckResult:
    r"""R-TV² of one neuron :math:`v\sigma(w^\top x - b)` is :math:`|v|\,\|w\|_2` (PN21 Lemma 17; U23 Thm 9).

    The neuron's Radon-domain measure is :math:`v\|w\|\cdot m\,(\delta_z + \delta_{-z})` with half mass
    :math:`m = \tfrac12` (``half_mass``), so its total variation is :math:`2m|v|\|w\|`; ``norm_squared(w, b)`` is
    the squared norm of the weights (:math:`\|w\|_2^2`, rational).  Two routes: (i) exact: the squared gradient
    jump across the hyperplane,
    recovered from values, equals :math:`(2m\,v\,\|w\|)^2`; (ii) mp: the weak form
    :math:`\langle v\sigma(w^\top\cdot - b), \Delta\varphi\rangle = 2m\,v\|w\|\int_H\varphi\,dS` for Gaussian
    :math:`\varphi`, with the left side reduced to the 1-D integral
    :math:`v\|w\|\int\sigma(r - t)\,\psi''(r)\,dr`, :math:`\psi = R\varphi(u,\cdot)`, by mpmath quadrature.
    """
    dps = validate_dps(dps, lost_digits=ROUTE_LOST_DIGITS)
    norm_sq = norm_squared or (lambda w, b: sum(x * x for x in w))
    rng = np.random.default_rng(seed)
    exact = Agreement("multivariate.rtv2_neuron", dps=None, route="exact gradient jumps from values")
    agree = Agreement("multivariate.rtv2_neuron", dps=dps, lost_digits=ROUTE_LOST_DIGITS,
                      route="mp weak Laplacian pairing with Gaussians")
    m = Fraction(half_mass) if not isinstance(half_mass, float) else half_mass
    for i in range(examples):
        d = int(rng.integers(1, 6))
        line = _line(rng, d)
        net = random_network(rng, d, line, width=1, duplicates=0, antipodes=0, zeros=0)
        w, b, v = net.W[0], net.b[0], net.v[0]
        jumps = route_rtv2(_callable(net), d, line, exact=True, seed=seed + i)
        exact.compare(sum(jumps, start=Fraction(0)), (2 * m * v) ** 2 * norm_sq(w, b),
                      instance=f"d={d}, w={list(map(str, w))}, b={b}, v={v}")
        with mpmath.workdps(dps + 10):
            mu = [_mp(_q(rng)) for _ in range(d)]
            sig = _mp(Fraction(int(rng.integers(1, 5)), 2))
            nw = mpmath.sqrt(_mp(sum(x * x for x in w)))
            u = [_mp(x) / nw for x in w]
            t = _mp(b) / nw
            center = mpmath.fsum(a * c for a, c in zip(u, mu, strict=True))

            psi = _GaussianHyperplaneIntegral(center, sig, d)
            nodes = [t, center, center + 10 * sig, mpmath.inf] if center > t else [t, t + 10 * sig, mpmath.inf]
            lhs = _mp(v) * nw * mpmath.quad(lambda r, t=t, psi=psi: (r - t) * psi.second_derivative(r), nodes)
            hyperplane_integral = Gaussian(mu, sig).radon(u, t)  # radontv.radon's closed form (catalog A11)
            rhs = 2 * _mp(m) * _mp(v) * mpmath.sqrt(_mp(norm_sq(w, b))) * hyperplane_integral
            agree.compare(lhs, rhs, instance=f"Gaussian pairing d={d}, w={list(map(str, w))}, b={b}",
                          scale=abs(_mp(v)) * nw * psi(center))
    return _combine(exact, agree)


def check_rtv2_shallow_net(*, dps: int = 50, examples: int = 8, seed: int = 0,
                           seminorm: Callable[[ReLUNetwork], Any] | None = None) -> CheckResult:
    r"""R-TV² of a shallow network is :math:`\sum_H|A_H|` over distinct hyperplanes (PN21 Lemma 25, merging corrected).

    ``seminorm(net)`` is the implementation under test (default :func:`radontv.rtv2`).  Exact instances (random
    networks in d = 2..5 with rescaled duplicates, antipodal twins and zero neurons, plus one antipodal pair
    that cancels to an affine function): the squared amplitudes recovered from values match
    :math:`A_H^2` of the canonical form exactly, and the value of ``seminorm`` matches
    :math:`\sum_H\|J_H\|` at ``dps`` digits.  Irrational (mp) instances: ``seminorm`` against the route at ``dps``.
    """
    dps = validate_dps(dps, lost_digits=ROUTE_LOST_DIGITS)
    seminorm = seminorm or (lambda net: canonical(net).rtv2())
    rng = np.random.default_rng(seed)
    exact = Agreement("multivariate.rtv2_shallow_net", dps=None, route="exact amplitudes from values")
    agree = Agreement("multivariate.rtv2_shallow_net", dps=dps, lost_digits=ROUTE_LOST_DIGITS,
                      route="weight-free kink route (exact and mp weights) against the seminorm")
    for i in range(examples):
        d = int(rng.integers(2, 6))
        line = _line(rng, d)
        net = random_network(rng, d, line, width=int(rng.integers(1, 5)), duplicates=1, antipodes=1)
        if i == 0:  # an antipodal pair v σ(z) - v σ(-z): affine, R-TV² 0 (the path norm would say 2|v|‖w‖)
            w, b, v = net.W[0], net.b[0], net.v[0]
            net = ReLUNetwork([list(w), [-x for x in w]], [b, -b], [v, -v], list(net.c), net.c0)
        jumps = sorted(route_rtv2(_callable(net), d, line, exact=True, seed=seed + i))
        form = canonical(net)
        exact.holds(jumps == sorted(form.amplitudes_squared()), instance=f"exact amplitudes, d={d}: {net!r}")
        with mpmath.workdps(dps):
            expected = mpmath.fsum(mpmath.sqrt(_mp(j)) for j in jumps)
            agree.compare(_mp_value(seminorm(net)), expected, instance=f"d={d}: {net!r}",
                          scale=mpmath.fsum(mpmath.sqrt(_mp(j)) for j in jumps) + 1)
    for i in range(max(1, examples // 2)):
        d = int(rng.integers(2, 5))
        line = _line(rng, d)
        base = random_network(rng, d, line, width=int(rng.integers(1, 4)), duplicates=1, antipodes=1)
        with mpmath.workdps(dps):
            net = _irrational(base, rng, line)
            p, e = ([_mp(x) for x in part] for part in line)
            got = _mp_value(seminorm(net))
            ref = route_rtv2(_callable(net), d, (p, e), exact=False, tol=_route_tol(dps), seed=seed + i)
            agree.compare(got, ref, instance=f"irrational weights, d={d}", scale=1)
    return _combine(exact, agree)


def _mp_value(x: Any) -> mpmath.mpf:
    if isinstance(x, Fraction | int | float | mpmath.mpf):
        return _mp(x)
    return mpmath.mpf(x.evalf(mpmath.mp.dps + 5))  # a sympy number


def check_canonical_form(*, dps: int = 50, examples: int = 10, seed: int = 0,
                         canonical_fn: Callable[[ReLUNetwork], Any] | None = None) -> CheckResult:
    r"""Two networks are the same function iff their canonical forms are equal (exact arithmetic).

    ``canonical_fn(net)`` returns a comparable form (default :func:`radontv.canonical`).  (i) The form recovered
    from function values alone (:func:`route_form`) equals ``canonical_fn`` of the network; (ii) networks built
    from one another by symmetries (permutation, per-neuron rescaling, splitting, a cancelling antipodal pair)
    have equal forms; (iii) a network changed by a small extra neuron has a different form, and
    :func:`radontv.canonical_form.witness` exhibits a point where the values differ.
    """
    dps = validate_dps(dps)
    fn = canonical_fn or canonical
    rng = np.random.default_rng(seed)
    agree = Agreement("multivariate.canonical_form", dps=dps, route="exact: values-only reconstruction and witnesses")
    for i in range(examples):
        d = int(rng.integers(2, 6))
        line = _line(rng, d)
        net = random_network(rng, d, line, width=int(rng.integers(1, 5)))
        coef, c, c0 = route_form(_callable(net), d, line, seed=seed + i)
        form = fn(net)
        if isinstance(form, CanonicalForm):
            agree.holds(_same_form(form, coef, c, c0), instance=f"values-only form, d={d}: {net!r}")
        # symmetric variants: same function, must give equal forms
        K = net.width
        alpha = [Fraction(int(rng.integers(1, 9)), int(rng.integers(1, 9))) for _ in range(K)]
        perm = rng.permutation(K)
        twin = net.rescale(alpha)[list(perm)]
        w, b, v = net.W[0], net.b[0], net.v[0]
        twin = twin.with_neurons([list(w), [-x for x in w]], [b, -b], [v, -v])  # + v σ(z) - v σ(-z) ...
        twin = twin.with_affine([x - v * y for x, y in zip(twin.c, w, strict=True)], twin.c0 + v * b)  # ... - v z
        agree.holds(bool(fn(twin) == form), instance=f"symmetric variant, d={d}: {net!r}")
        other = net.with_neurons([[Fraction(1)] + [Fraction(0)] * (d - 1)], [Fraction(1, 3)], [Fraction(1, 97)])
        differs = not bool(fn(other) == form)
        x = witness(net, other, seed=seed + i)
        agree.holds(differs and x is not None and net(x) != other(x), instance=f"different function, d={d}: {net!r}")
    return agree.result()


def check_null_space_affine(*, dps: int = 50, examples: int = 20, seed: int = 0,
                            seminorm: Callable[[ReLUNetwork], Any] | None = None) -> CheckResult:
    r"""The null space of R-TV² is the affine functions, of dimension :math:`d + 1` (PN21 Lemma 19; U23 Thm 12).

    (i) Affine functions written as networks (antipodal pairs :math:`v\sigma(z) - v\sigma(-z) = vz` and constant
    neurons) have ``seminorm`` 0, and the values-only route finds no kink; (ii) adding an affine function does
    not change ``seminorm``; (iii) a network with ``seminorm`` 0 equals its affine part at every sample point; (iv) the
    :math:`d + 1` functions :math:`1, x_1, \dots, x_d` are linearly independent (rank of their values at
    :math:`0, e_1, \dots, e_d`), so the null space has dimension :math:`d + 1`.
    """
    dps = validate_dps(dps)
    seminorm = seminorm or (lambda net: canonical(net).rtv2())
    rng = np.random.default_rng(seed)
    exact = Agreement("multivariate.null_space_affine", dps=None, route="exact canonical forms and values")
    agree = Agreement("multivariate.null_space_affine", dps=dps, route="seminorm under added affine parts")
    for i in range(examples):
        d = int(rng.integers(1, 6))
        line = _line(rng, d)
        net = random_network(rng, d, line, width=int(rng.integers(1, 4)), duplicates=0, antipodes=0, zeros=1)
        W = [list(w) for w in net.W] + [[-x for x in w] for w in net.W]
        b = list(net.b) + [-x for x in net.b]
        v = list(net.v) + [-x for x in net.v]
        affine_net = ReLUNetwork(W, b, v, list(net.c), net.c0)
        exact.holds(_mp_value(seminorm(affine_net)) == 0, instance=f"affine network, d={d}: {affine_net!r}")
        exact.holds(route_rtv2(_callable(affine_net), d, line, exact=True, seed=seed + i) == [],
                    instance=f"values-only route finds kinks in an affine function, d={d}")
        shifted = net.with_affine([x + _q(rng) for x in net.c], net.c0 + _q(rng))
        with mpmath.workdps(dps):
            agree.compare(_mp_value(seminorm(shifted)), _mp_value(seminorm(net)), instance=f"+ affine, d={d}",
                          scale=1)
        X = np.array([[_q(rng) for _ in range(d)] for _ in range(8)], dtype=object)
        form = canonical(affine_net)
        exact.holds(bool(all(affine_net(X) == X @ form.c + form.c0)), instance="zero seminorm but not affine")
        points = [[Fraction(int(i == j)) for i in range(d)] for j in range(-1, d)]  # 0, e_1, ..., e_d
        basis = np.array([[Fraction(1), *x] for x in points], dtype=object)
        exact.holds(_rank(basis) == d + 1, instance=f"affine basis rank, d={d}")
    return _combine(exact, agree)


def _rank(M: np.ndarray) -> int:
    A = [list(row) for row in M]
    rank, cols = 0, len(A[0]) if A else 0
    for col in range(cols):
        piv = next((r for r in range(rank, len(A)) if A[r][col] != 0), None)
        if piv is None:
            continue
        A[rank], A[piv] = A[piv], A[rank]
        for r in range(len(A)):
            if r != rank and A[r][col] != 0:
                f = A[r][col] / A[rank][col]
                A[r] = [x - f * y for x, y in zip(A[r], A[rank], strict=True)]
        rank += 1
    return rank


def check_ridge_function(*, dps: int = 50, examples: int = 10, seed: int = 0, power: int = 1) -> CheckResult:
    r"""R-TV² of a ridge function :math:`g(w^\top x)` is :math:`\|w\|_2^{\,p}\,\mathrm{TV}^2(g)` with :math:`p = 1`.

    ``power`` is :math:`p` (the claim: 1).  :math:`g` is a random univariate piecewise-linear function (a 1-D
    network with duplicate and antipodal knots); :math:`\mathrm{TV}^2(g)` is computed from values of :math:`g`
    (the 1-D kink route: :math:`\sum|\text{slope jumps}|`), and R-TV² of :math:`x \mapsto g(w^\top x)` from values
    of the ridge (the d-dimensional route).  Exact squares per kink are compared (proved).
    """
    dps = validate_dps(dps)
    rng = np.random.default_rng(seed)
    agree = Agreement("multivariate.ridge_function", dps=dps, route="values-only kink routes in 1-D and d-D, exact")
    for i in range(examples):
        d = int(rng.integers(2, 6))
        line1 = ([Fraction(0)], [Fraction(1)])
        g = random_network(rng, 1, line1, width=int(rng.integers(1, 4)))
        w = [_q(rng) for _ in range(d)]
        if all(x == 0 for x in w):
            w[0] = Fraction(1)
        ridge = ReLUNetwork([[a * x for x in w] for a in g.W[:, 0]], list(g.b), list(g.v),
                            [g.c[0] * x for x in w], g.c0)
        # the line for the ridge: p + s e with w.p = 0 and w.e = 1 crosses the profile's kinks at s = knot
        ww = sum(x * x for x in w)
        e = [x / ww for x in w]
        shift = [_q(rng) for _ in range(d)]
        ps = sum(a * b for a, b in zip(w, shift, strict=True))
        p = [a - ps * b for a, b in zip(shift, e, strict=True)]
        jumps_d = sorted(route_rtv2(_callable(ridge), d, (p, e), exact=True, seed=seed + i))
        jumps_1 = sorted(route_rtv2(_callable(g), 1, line1, exact=True, seed=seed + i))
        expected = sorted(j * ww ** power for j in jumps_1)  # |A_H|^2 = ||w||^(2p) |jump_g|^2
        agree.holds(jumps_d == expected, instance=f"d={d}, w={list(map(str, w))}, profile {g!r}")
    return agree.result()


def _cayley(rng: np.random.Generator, d: int) -> np.ndarray:
    """A random rational orthogonal matrix (I - S)(I + S)^{-1}, S skew-symmetric rational."""
    S = np.zeros((d, d), dtype=object)
    S[:] = Fraction(0)
    for i in range(d):
        for j in range(i + 1, d):
            S[i, j] = _q(rng, -3, 3, 3)
            S[j, i] = -S[i, j]
    eye = np.array([[Fraction(int(i == j)) for j in range(d)] for i in range(d)], dtype=object)
    return (eye - S) @ _inverse(eye + S)


def _inverse(M: np.ndarray) -> np.ndarray:
    n = M.shape[0]
    A = [[*list(M[i]), *[Fraction(int(i == j)) for j in range(n)]] for i in range(n)]
    for col in range(n):
        piv = next(r for r in range(col, n) if A[r][col] != 0)
        A[col], A[piv] = A[piv], A[col]
        pv = A[col][col]
        A[col] = [x / pv for x in A[col]]
        for r in range(n):
            if r != col and A[r][col] != 0:
                f = A[r][col]
                A[r] = [x - f * y for x, y in zip(A[r], A[col], strict=True)]
    return np.array([row[n:] for row in A], dtype=object)


def compose_affine(net: ReLUNetwork, s: Fraction, U: np.ndarray, shift: list[Fraction]) -> ReLUNetwork:
    r"""The network of :math:`x \mapsto f(sUx - x_0)`: :math:`w \mapsto sU^\top w`, :math:`b \mapsto b + w^\top x_0`."""
    W = np.array([list(s * (U.T @ w)) for w in net.W], dtype=object).reshape(net.width, net.dim)
    b = [bk + sum(a * c for a, c in zip(w, shift, strict=True)) for w, bk in zip(net.W, net.b, strict=True)]
    c = list(s * (U.T @ net.c))
    c0 = net.c0 - sum(a * x for a, x in zip(net.c, shift, strict=True))
    return ReLUNetwork(W, b, list(net.v), c, c0)


def check_invariances(*, dps: int = 50, examples: int = 20, seed: int = 0, exponent: int = 1) -> CheckResult:
    r"""R-TV² of :math:`f(sU\cdot - x_0)` is :math:`s^{k}\,\mathrm{R\text{-}TV}^2(f)` with :math:`k = 1` (U23 Prop. 15).

    ``exponent`` is :math:`k`.  :math:`U` is an exact rational orthogonal matrix (Cayley transform), :math:`s > 0`
    and :math:`x_0` rational, so the canonical amplitudes are compared exactly: :math:`A_H^2` of the transformed
    network equals :math:`s^{2k}A_H^2` of the original, hyperplane by hyperplane (sorted).
    """
    dps = validate_dps(dps)
    rng = np.random.default_rng(seed)
    agree = Agreement("multivariate.invariances", dps=dps, route="exact canonical forms under rational rigid motions")
    for _ in range(examples):
        d = int(rng.integers(2, 6))
        net = random_network(rng, d, _line(rng, d), width=int(rng.integers(1, 5)))
        s = Fraction(int(rng.integers(1, 10)), int(rng.integers(1, 10)))
        U = _cayley(rng, d)
        shift = [_q(rng) for _ in range(d)]
        moved = compose_affine(net, s, U, shift)
        x = np.array([_q(rng) for _ in range(d)], dtype=object)
        same_values = moved(x) == net(s * (U @ x) - np.array(shift, dtype=object))
        got = sorted(canonical(moved).amplitudes_squared())
        expected = sorted(a * s ** (2 * exponent) for a in canonical(net).amplitudes_squared())
        agree.holds(bool(same_values) and got == expected, instance=f"d={d}, s={s}: {net!r}")
    return agree.result()


def check_wd_path_rtv2(*, dps: int = 50, examples: int = 20, seed: int = 0,
                       seminorm: Callable[[ReLUNetwork], Any] | None = None) -> CheckResult:
    r"""Weight decay :math:`\ge` path norm :math:`\ge` R-TV², equal for the merged balanced network (PN21 Thm 8).

    ``seminorm`` is the R-TV² under test.  For random exact networks (with duplicates and antipodes):
    :math:`\mathrm{WD} \ge \mathrm{PN}` and :math:`\mathrm{PN} \ge` ``seminorm`` (both at ``dps`` digits), and
    the network converted from the canonical form and balanced (one neuron per hyperplane, :math:`|v| = \|w\|`)
    has WD = PN = R-TV² of the original.  A free affine term absorbs every antipodal remainder, so this network is
    what a weight-decay optimum looks like (PN21 §6.1.1; catalog D6 (iii)).
    """
    dps = validate_dps(dps, lost_digits=5)
    seminorm = seminorm or (lambda net: canonical(net).rtv2())
    rng = np.random.default_rng(seed)
    agree = Agreement("multivariate.wd_path_rtv2", dps=dps, lost_digits=5,  # sums of a few dozen square roots
                      route="exact weights, mp square roots; merged and balanced network")
    for _ in range(examples):
        d = int(rng.integers(2, 6))
        net = random_network(rng, d, _line(rng, d), width=int(rng.integers(1, 5)))
        with mpmath.workdps(dps):
            wd, pn = _mp(net.weight_decay()), _mp_value(net.path_norm())
            r = _mp_value(seminorm(net))
            agree.at_least(wd, pn, instance=f"WD >= PN, d={d}: {net!r}", scale=1)
            agree.at_least(pn, r, instance=f"PN >= R-TV2, d={d}: {net!r}", scale=1)
            merged = canonical(net).network().as_mp().balanced()
            agree.compare(_mp(merged.weight_decay()), r, instance=f"WD of merged balanced = R-TV2, d={d}", scale=1)
            agree.compare(_mp(merged.path_norm()), r, instance=f"PN of merged balanced = R-TV2, d={d}", scale=1)
    return agree.result()


def check_radon_sparsity(*, dps: int = 50, examples: int = 20, seed: int = 0, fold: bool = True) -> CheckResult:
    r"""The sinogram of a 2-D network has one atom per distinct hyperplane (PN21 Fig. 3, Def. 5; catalog D14).

    Atoms :math:`(\theta, b, A)` with :math:`\theta \in [0, \pi)` from the canonical form (``fold=True``: the two
    half-mass Diracs at :math:`\pm z` folded, the offset's sign flipped when :math:`\theta` wraps); with
    ``fold=False`` every neuron is drawn at its own :math:`\theta \in [0, 2\pi)` (no merging).  The count is
    compared with the number of kinks the values-only route finds along a generic line, and the masses
    :math:`A^2` with the squared gradient jumps (exact).
    """
    dps = validate_dps(dps)
    rng = np.random.default_rng(seed)
    agree = Agreement("multivariate.radon_sparsity", dps=dps, route="sinogram atoms vs values-only kink count")
    for i in range(examples):
        line = _line(rng, 2)
        net = random_network(rng, 2, line, width=int(rng.integers(1, 6)), duplicates=2, antipodes=2)
        jumps = sorted(route_rtv2(_callable(net), 2, line, exact=True, seed=seed + i))
        if fold:
            form = canonical(net)
            atoms = form.sinogram()
            masses = sorted(form.amplitudes_squared())
        else:
            atoms = [(math.atan2(float(w[1]), float(w[0])) % (2 * math.pi), float(b), float(v))
                     for w, b, v in net.neurons() if v != 0 and any(x != 0 for x in w)]
            masses = sorted(v * v * sum(x * x for x in w) for w, b, v in net.neurons() if v != 0 and any(w))
        thetas_ok = all(0 <= a[0] < math.pi for a in atoms)
        agree.holds(len(atoms) == len(jumps) and thetas_ok and masses == jumps, instance=f"{net!r}")
    return agree.result()


# -- the global fit (needs the optional extra `solvers`: cvxpy with Clarabel) ----------------------------------------
#: The fit runs in double precision: 16 digits, of which the conic solve (tolerance 1e-10, rescaled) and the
#: certificate may lose 8.  These checks compare float quantities under this law whatever ``dps`` is.
FIT_DPS, FIT_LOST_DIGITS = 16, 8
#: Rounding of a float objective (a sum of a few dozen rounded terms), relative to its size.
OBJECTIVE_ROUNDING = 1e-12
#: Slack on |t_k| <= max ||x_n||: offsets come from a solve at 1e-12 and a rescaling of the data.
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


def random_data(rng: np.random.Generator, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Random data in general position: points uniform in [-1, 1]^d, targets uniform in [-1, 1]."""
    return rng.uniform(-1, 1, size=(n, d)), rng.uniform(-1, 1, size=n)


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


def check_representer(*, dps: int = 50, examples: int = 4, seed: int = 0,
                      bound: Callable[[int, int], int] | None = None) -> CheckResult:
    r"""A solution with at most :math:`N - (d+1)` neurons, biases within the data radius; the bound is attained.

    ``bound(N, d)`` is the neuron bound under test (PN21 Thm 1: :math:`N - (d+1)`).  For random data in
    :math:`d = 2, 3` (interpolation and regression) :func:`radontv.fit.rtv2_fit` returns a network with at most
    ``bound`` neurons whose unit offsets satisfy :math:`|t_k| \le \max_n\|x_n\|` (PN21 Lemma 24), and whose value
    meets its independent dual bound (the certificate); on the zigzag data of :func:`zigzag_data` the count equals
    ``bound`` (sharpness: every interpolant needs that many kinks along the line).  Float law: ``FIT_DPS`` digits
    less ``FIT_LOST_DIGITS``, whatever ``dps`` is.
    """
    validate_dps(dps)
    missing = _needs_solver("multivariate.representer")
    if missing:
        return missing
    from radontv.fit import rtv2_fit

    bound = bound or _representer_bound
    rng = np.random.default_rng(seed)
    exact = Agreement("multivariate.representer", dps=None, route="neuron counts and bias radius")
    agree = _fit_agreement("multivariate.representer", "primal value against the certified dual bound")
    for i in range(examples):
        d = 2 + i % 2
        n = int(rng.integers(d + 3, 11 - d))
        X, y = random_data(rng, n, d)
        lam = None if i % 2 == 0 else float(rng.choice([0.05, 0.2]))
        fit = rtv2_fit(X, y, lam)
        radius = float(np.max(np.linalg.norm(X, axis=1)))
        form = canonical(fit.network)
        offsets = np.abs(np.asarray(form.offsets, dtype=float))
        exact.holds(fit.neurons <= bound(n, d), instance=f"N={n}, d={d}, lam={lam}: {fit.neurons} neurons")
        exact.holds(bool(np.all(offsets <= radius * (1 + RADIUS_RTOL))), instance=f"bias radius, N={n}, d={d}")
        agree.compare(fit.value, fit.dual_bound, instance=f"certificate, N={n}, d={d}, lam={lam}",
                      scale=1 + abs(fit.value))
    for d in (2, 3):
        X, y = zigzag_data(d)
        fit = rtv2_fit(X, y)
        exact.holds(fit.neurons == bound(len(X), d), instance=f"zigzag, d={d}: {fit.neurons} neurons needed, "
                                                              f"bound {bound(len(X), d)}")
    return _combine(exact, agree)


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
    if missing:
        return missing
    from radontv.fit import rtv2_fit

    rng = np.random.default_rng(seed)
    agree = _fit_agreement("multivariate.solution_set", "two solutions per instance, within their certificates")
    for _ in range(examples):
        n = int(rng.integers(7, 11))
        X, y = random_data(rng, n, 2)
        lam = float(rng.choice([0.02, 0.1]))
        fit = rtv2_fit(X, y, lam)
        th = float(rng.uniform(0, 2 * np.pi))
        U = np.array([[np.cos(th), -np.sin(th)], [np.sin(th), np.cos(th)]])
        Xm = X @ U.T + rng.uniform(-1, 1, 2)  # the data moved by a rigid motion: same optimal value and fit
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
    if missing:
        return missing
    from radontv.fit import rtv2_fit
    from radontv.train import fit_network

    rng = np.random.default_rng(seed)
    agree = _fit_agreement("multivariate.training_equivalence", "converted optimum and trained networks vs J*")
    gaps = []

    def objective(net: ReLUNetwork, X: np.ndarray, y: np.ndarray, lam: float) -> float:
        e = np.asarray(net.as_float()(X), dtype=float) - y
        W = np.asarray(net.as_float().W, dtype=float)
        v = np.asarray(net.as_float().v, dtype=float)
        return 0.5 * float(e @ e) + lam * weight_decay_factor * float(np.sum(v * v) + np.sum(W * W))

    for _ in range(examples):
        n, d = int(rng.integers(6, 9)), 2
        X, y = random_data(rng, n, d)
        lam = float(rng.choice([0.05, 0.2]))
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
            W = rng.standard_normal((width, d))
            net = ReLUNetwork(W, rng.standard_normal(width), rng.standard_normal(width), rng.standard_normal(d), 0.0)
            agree.at_least(objective(net, X, y, lam), fit.dual_bound, instance="random network", scale=1)
    if gaps:
        agree.note(f"trained-network gaps J - J*: min {min(gaps):.3g}, max {max(gaps):.3g}")
    return agree.result()
