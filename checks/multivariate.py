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

import functools
import itertools
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy
from radontv.theory import multivariate as theory

from radontv import ReLUNetwork
from radontv.canonical_form import CanonicalForm, canonical, witness
from radontv.evidence import Agreement, CheckResult, Verdict, combine_verdicts
from radontv.kinks import gradient_jumps
from radontv.precision import digits_of_agreement, raised_precision_note, validate_dps, working_dps
from radontv.radon import Gaussian, gaussian_rtv2
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
    "hyperplane_sides",
    "route_form",
    "route_rnorm",
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


# -- the R-norm route: (-Δ)^{(d+1)/2} first (x-space), then hyperplane integrals ---------------------------------
class _LaplacianPowerGaussian:
    r""":math:`g = (-\Delta)^{(d+1)/2}e^{-|x|^2/2}` on :math:`\mathbb R^d`, a radial function, and its hyperplane data.

    From :math:`\hat g(\xi) = |\xi|^{d+1}(2\pi)^{d/2}e^{-|\xi|^2/2}` (the symbol applied *before* any Radon step):
    the inverse Fourier transform of a radial function, with the sphere average
    :math:`\int_{\mathbb S^{d-1}}e^{i\rho r\gamma\cdot e}d\gamma = |\mathbb S^{d-1}|\,{}_0F_1(;\tfrac d2;-\rho^2r^2/4)`
    integrated term by term (:math:`\int_0^\infty\rho^{2m}e^{-\rho^2/2}d\rho = 2^{m-1/2}\Gamma(m+\tfrac12)`), is

    .. math:: g(r) = \frac{2^{(d+1)/2}\Gamma(d+\frac12)}{\Gamma(\frac d2)}\,{}_1F_1\bigl(d+\tfrac12;\tfrac d2;
              -\tfrac{r^2}2\bigr);

    for odd :math:`d`, Kummer's transformation :math:`{}_1F_1(a;b;-z) = e^{-z}{}_1F_1(b-a;b;z)` with
    :math:`b - a = -(d+1)/2` makes it a polynomial times :math:`e^{-z}` (:math:`d = 3`:
    :math:`(r^4 - 10r^2 + 15)e^{-r^2/2}`).  Hyperplane integrals at offset :math:`t` (in-plane polar coordinates)
    :math:`Rg(t) = |\mathbb S^{d-2}|\int_0^\infty g(\sqrt{t^2+s^2})s^{d-2}ds`, the same for every direction; the mass
    of the half space :math:`\{u^\top x > t\}`, :math:`t \ge 0`, is
    :math:`H(t) = |\mathbb S^{d-2}|\int_t^\infty g(r)r^{d-1}\int_{t/r}^1(1-\sigma^2)^{(d-3)/2}d\sigma\,dr`, with
    :math:`H' = -Rg`, :math:`H(0) = \tfrac12\hat g(0) = 0` and :math:`H(\infty) = 0`.  Construct at the working
    precision.
    """

    def __init__(self, d: int) -> None:
        self.d = d
        self.a, self.b = d + mpmath.mpf(1) / 2, mpmath.mpf(d) / 2
        self.scale = 2 ** (mpmath.mpf(d + 1) / 2) * mpmath.gamma(self.a) / mpmath.gamma(self.b)
        self.plane_sphere = _sphere_area(d - 1)
        self.kummer = None
        if d % 2:  # the terminating series of 1F1(b - a; b; z), highest degree first for polyval
            coef = [mpmath.mpf(1)]
            for k in range((d + 1) // 2):
                coef.append(coef[-1] * (self.b - self.a + k) / ((self.b + k) * (k + 1)))
            self.kummer = coef[::-1]

    def of_square(self, r2: Any) -> Any:
        r""":math:`g` at radius :math:`\sqrt{r_2}`."""
        z = r2 / 2
        if self.kummer is not None:
            return self.scale * mpmath.exp(-z) * mpmath.polyval(self.kummer, z)
        return self.scale * mpmath.hyp1f1(self.a, self.b, -z)

    def radon(self, t: Any) -> Any:
        r""":math:`Rg(u, t)`, the integral of :math:`g` over the hyperplane :math:`u^\top x = t`."""
        t2, k = t * t, self.d - 2
        return self.plane_sphere * mpmath.quad(lambda s: self.of_square(t2 + s * s) * s**k, [0, 4, mpmath.inf])

    def radon_float(self, t: float) -> float:
        """:meth:`radon` in double precision (scipy's ``hyp1f1`` and ``quad``), to bracket and locate roots."""
        from scipy import integrate, special

        scale, a, b, k = float(self.scale), float(self.a), float(self.b), self.d - 2
        coef = None if self.kummer is None else [float(c) for c in self.kummer]

        def g(r2: float) -> float:
            z = r2 / 2
            if coef is not None:
                return scale * math.exp(-z) * float(np.polyval(coef, z))
            return scale * float(special.hyp1f1(a, b, -z))

        value = integrate.quad(lambda s: g(t * t + s * s) * s**k, 0, np.inf, epsabs=1e-12, epsrel=1e-12, limit=200)[0]
        return float(self.plane_sphere) * value

    def half_space(self, t: Any) -> Any:
        r""":math:`H(t) = \int_{u^\top x > t} g\,dx` for :math:`t \ge 0`."""
        d = self.d

        def cap(x: Any) -> Any:
            if d == 2:
                return mpmath.acos(x)
            if d == 3:
                return 1 - x
            return mpmath.quad(lambda s: (1 - s * s) ** (mpmath.mpf(d - 3) / 2), [x, 1])

        return self.plane_sphere * mpmath.quad(lambda r: self.of_square(r * r) * r ** (d - 1) * cap(t / r),
                                               [t, t + 4, mpmath.inf])


def _sphere_area(k: int) -> mpmath.mpf:
    r""":math:`|\mathbb S^{k-1}| = 2\pi^{k/2}/\Gamma(k/2)` at the working precision."""
    return 2 * mpmath.pi ** (mpmath.mpf(k) / 2) / mpmath.gamma(mpmath.mpf(k) / 2)


#: Sign changes of the hyperplane profiles are searched on the grid t = 1/2, 1, ..., 5 (they lie near 0.74, 2.33 for
#: d = 3 and 0.84, 2.77 for d = 2; beyond, the profile keeps its sign: Gaussian decay for d = 3, ~ t^-4 for d = 2).
_RNORM_GRID = tuple(Fraction(k, 2) for k in range(1, 11))


@functools.lru_cache(maxsize=8)
def route_rnorm(d: int, dps: int) -> mpmath.mpf:
    r""":math:`\|R(-\Delta)^{(d+1)/2}e^{-|x|^2/2}\|_{L^1(\mathbb S^{d-1}\times\mathbb R)}` with the Laplacian power
    applied in x-space first (:class:`_LaplacianPowerGaussian`), for :math:`d \ge 2`.

    The profile :math:`Rg` is even, so :math:`\int_{\mathbb R}|Rg| = 2\sum_i|H(r_i) - H(r_{i+1})|` over
    :math:`r_0 = 0`, the positive sign changes :math:`r_i` of :math:`Rg` and :math:`\infty`.  As :math:`H' = -Rg`
    vanishes at the :math:`r_i`, an error :math:`\delta` in a root changes the sum by :math:`O(\delta^2)`: the roots
    are bracketed on :data:`_RNORM_GRID` and located in double precision (scipy's ``hyp1f1``, ``quad`` and
    ``brentq``), then refined by chord steps :math:`t \leftarrow t - Rg(t)/Rg'(t_0)` (slope by a central difference
    in double precision) at ``dps // 2 + 10`` digits until a step is below :math:`10^{-(dps/2 + 5)}`; the
    half-space masses are computed at ``dps + 10``.  Cached per ``(d, dps)``: the constant in front is applied by
    the caller.
    """
    from scipy import optimize

    g = _LaplacianPowerGaussian(d)
    grid = [float(x) for x in _RNORM_GRID]
    vals = [g.radon_float(t) for t in grid]
    rough, slopes = [], []
    for a, b, fa, fb in zip(grid, grid[1:], vals, vals[1:], strict=False):
        if fa * fb < 0:
            r = optimize.brentq(g.radon_float, a, b, xtol=1e-15, rtol=4 * float(np.finfo(float).eps))
            h = 1e-5
            rough.append(r)
            slopes.append((g.radon_float(r + h) - g.radon_float(r - h)) / (2 * h))
    roots = []
    with mpmath.workdps(dps // 2 + 10):
        g = _LaplacianPowerGaussian(d)
        tol = mpmath.mpf(10) ** -(dps // 2 + 5)
        for r, slope in zip(rough, slopes, strict=True):
            t = mpmath.mpf(r)
            for _ in range(8):  # linear convergence at the rate of the slope's relative error (~1e-9)
                step = g.radon(t) / slope
                t -= step
                if abs(step) <= tol:
                    break
            roots.append(t)
    with mpmath.workdps(dps + 10):
        g = _LaplacianPowerGaussian(d)
        masses = [mpmath.mpf(0), *(g.half_space(r) for r in roots), mpmath.mpf(0)]
        total = 2 * mpmath.fsum(abs(b - a) for a, b in itertools.pairwise(masses))
        return _sphere_area(d) * total


@functools.cache
def _derived_definition() -> Any:
    """The sympy derivation of ``multivariate.rtv2_definition``, run once per process."""
    return theory.derive_rtv2_definition()


def _gaussian_closed_form(d: int, dps: int) -> mpmath.mpf:
    r"""R-TV² of :math:`e^{-|x|^2/2}` from the derivation's closed forms: :math:`d = 3` exactly (roots of
    :math:`He_4`); :math:`d = 2` from the erfi profile :math:`p` and its primitive :math:`P` (odd, 0 at infinity):
    :math:`2\sum_i|P(r_{i+1}) - P(r_i)|` over 0, the roots of :math:`p` (bracketed on the grid, ``findroot``) and
    :math:`\infty`."""
    res = _derived_definition().results
    if d == 3:
        return mpmath.mpf(sympy.N(res["gaussian_rtv2_d3"], dps + 10))
    with mpmath.workdps(dps + 10):
        prof = sympy.lambdify(res["t"], res["gaussian_profile_d2"], "mpmath")
        prim = sympy.lambdify(res["t"], res["gaussian_primitive_d2"], "mpmath")
        grid = [_mp(x) for x in _RNORM_GRID]
        vals = [prof(t) for t in grid]
        roots = [mpmath.findroot(prof, (a, b), solver="anderson")
                 for a, b, fa, fb in zip(grid, grid[1:], vals, vals[1:], strict=False) if fa * fb < 0]
        jumps = [mpmath.mpf(0), *(prim(r) for r in roots), mpmath.mpf(0)]
        return 2 * mpmath.fsum(abs(b - a) for a, b in itertools.pairwise(jumps))


# -- checks ------------------------------------------------------------------------------------------------------
def check_rtv2_definition(*, dps: int = 50, examples: int = 20, seed: int = 0, c_d: Callable[[int], Any] | None = None,
                          seminorm: Callable[[ReLUNetwork], Any] | None = None,
                          gamma_d: Callable[[int], Any] | None = None) -> CheckResult:
    r"""The constant :math:`c_d = 1/(2(2\pi)^{d-1})` of R-TV², its :math:`d = 1` case, and the R-norm form
    (PN21 (6), (27); U23 (54); OWSS20).

    (i) ``c_d(d)`` makes filtered backprojection exact: :math:`f(x) = c_d\int_{\mathbb S^{d-1}}
    \Lambda^{d-1}Rf(\gamma, \gamma^\top x)\,d\gamma` for :math:`f = e^{-\|x\|^2/2}`, :math:`d = 1, 3, 5`, at
    random points (the sphere integral by the Funk–Hecke reduction and mpmath quadrature; :math:`\Lambda^{d-1}Rf`
    from :class:`radontv.radon.Gaussian`).  (ii) For :math:`d = 1`, where :math:`\mathbb S^0 = \{\pm1\}` and
    :math:`c_1 = \tfrac12`, ``seminorm`` (default :func:`radontv.rtv2`) equals :func:`radontv.tv2` exactly on random
    univariate networks with shared and antipodal knots.  (iii) **The R-norm** of Ongie et al. (OWSS20),
    :math:`\gamma_d\|R(-\Delta)^{(d+1)/2}f\|` with :math:`\gamma_d` = ``gamma_d(d)`` (default: the derivation's
    :math:`\gamma_d = c_d`), for the Gaussian :math:`f = e^{-\|x\|^2/2}` in :math:`d = 2, 3`, by
    :func:`route_rnorm` (the symbol :math:`|\xi|^{d+1}` applied in x-space first, then hyperplane integrals and
    half-space masses), against the implementation's :math:`c_d\|\partial_t^2\Lambda^{d-1}Rf\|`
    (:func:`radontv.radon.gaussian_rtv2`: Radon transform first, then the filter on the profile) and against the
    derivation's closed forms (Hermite roots for :math:`d = 3`, the erfi profile for :math:`d = 2`), at ``dps``.
    """
    dps = validate_dps(dps, lost_digits=5)
    const = c_d or (lambda d: 1 / (2 * (2 * mpmath.pi) ** (d - 1)))
    derived = _derived_definition().results
    gamma_const = gamma_d or (lambda d: derived["gamma_d"].subs(derived["d"], d))
    seminorm = seminorm or (lambda net: canonical(net).rtv2())
    rng = np.random.default_rng(seed)
    exact = Agreement("multivariate.rtv2_definition", dps=None, route="d = 1: rtv2 against radontv.tv2, exact")
    agree = Agreement("multivariate.rtv2_definition", dps=dps, lost_digits=5,  # quadrature of smooth integrands
                      route="FBP with c_d on a Gaussian, Funk-Hecke + mpmath quadrature; R-norm of the Gaussian "
                            "(Laplacian power in x-space, then hyperplane integrals) vs form 1 and closed forms")
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
    for d in (2, 3):  # (iii) the R-norm form on the Gaussian
        with mpmath.workdps(dps + 10):
            rnorm = _mp_value(gamma_const(d)) * route_rnorm(d, dps)
            form1 = gaussian_rtv2(d, dps=dps + 10).value
            closed = _gaussian_closed_form(d, dps)
        with mpmath.workdps(dps):
            vs_form1 = agree.compare(rnorm, form1, instance=f"Gaussian, d={d}: gamma_d ||R(-Delta)^((d+1)/2) f|| "
                                     "(x-space first) vs c_d ||d_t^2 Lambda^(d-1) R f|| (radontv.radon.gaussian_rtv2)")
            vs_closed = agree.compare(rnorm, closed, instance=f"Gaussian, d={d}: R-norm route vs the derivation's "
                                                              "closed form")
        agree.note(f"R-norm of the Gaussian, d={d}: {mpmath.nstr(rnorm, 15)}; agrees with c_d ||d_t^2 Lambda^(d-1) "
                   f"R f|| to {digits_of_agreement(vs_form1, cap=dps):.1f} digits, with the closed form to "
                   f"{digits_of_agreement(vs_closed, cap=dps):.1f}")
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
    asked, dps = dps, working_dps(dps, lost_digits=ROUTE_LOST_DIGITS)
    norm_sq = norm_squared or (lambda w, b: sum(x * x for x in w))
    rng = np.random.default_rng(seed)
    exact = Agreement("multivariate.rtv2_neuron", dps=None, route="exact gradient jumps from values")
    agree = Agreement("multivariate.rtv2_neuron", dps=dps, lost_digits=ROUTE_LOST_DIGITS,
                      route="mp weak Laplacian pairing with Gaussians")
    agree.note(raised_precision_note(asked, dps, lost_digits=ROUTE_LOST_DIGITS))
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
    asked, dps = dps, working_dps(dps, lost_digits=ROUTE_LOST_DIGITS)
    seminorm = seminorm or (lambda net: canonical(net).rtv2())
    rng = np.random.default_rng(seed)
    exact = Agreement("multivariate.rtv2_shallow_net", dps=None, route="exact amplitudes from values")
    agree = Agreement("multivariate.rtv2_shallow_net", dps=dps, lost_digits=ROUTE_LOST_DIGITS,
                      route="weight-free kink route (exact and mp weights) against the seminorm")
    agree.note(raised_precision_note(asked, dps, lost_digits=ROUTE_LOST_DIGITS))
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
    if missing:
        return missing
    from radontv.fit import rtv2_fit

    bound = bound or _representer_bound
    solution = solution or (lambda fit, X: fit.network)
    rng = np.random.default_rng(seed)
    exact = Agreement("multivariate.representer", dps=None,
                      route="neuron counts; data strictly on both sides of every hyperplane")
    agree = _fit_agreement("multivariate.representer", "objective of the network against the certified dual bound")

    def examine(fit: Any, X: np.ndarray, y: np.ndarray, lam: float | None, tag: str, certify: bool) -> ReLUNetwork:
        net = solution(fit, X)
        if certify:
            value = _fit_objective(net, X, y, lam)
            agree.compare(value, fit.dual_bound, instance=f"certificate, {tag}", scale=1 + abs(value))
        eps = max(fit.gap, 0.0) + OBJECTIVE_ROUNDING * (1 + abs(fit.value))
        radius = float(np.max(np.linalg.norm(X, axis=1)))
        weight = 1.0 if lam is None else lam
        for u, t, a, splits in hyperplane_sides(net, X, tol=RADIUS_RTOL * radius):
            exact.holds(splits or weight * abs(a) <= eps,
                        instance=f"data strictly on both sides of u={np.round(u, 6).tolist()}, t={t:.6g} (radius "
                                 f"{radius:.6g}) unless |A| = {abs(a):.6g} <= eps/lam = {eps / weight:.3g}, {tag}")
        return net

    for i in range(examples):
        d = 2 + i % 2
        n = int(rng.integers(d + 3, 11 - d))
        X, y = random_data(rng, n, d)
        lam = None if i % 2 == 0 else float(rng.choice([0.05, 0.2]))
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
