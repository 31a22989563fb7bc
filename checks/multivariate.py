r"""Numeric checks of the multivariate family, seminorm part: R-TV² of shallow ReLU networks and canonical forms.

The second route is the **weight-free kink route** (:mod:`checks.multivariate_route`): the hyperplanes and amplitudes
of a network are recovered from its values only (breakpoints along a generic line, gradient jumps across them), so
:math:`\mathrm{R\text{-}TV}^2 = \sum_H\|\nabla f(x_H^+) - \nabla f(x_H^-)\|_2` is computed without reading a weight.
In exact arithmetic the route returns exact rational hyperplane keys and coefficients, which are compared with
:func:`radontv.canonical` exactly (verdict ``proved``); networks with irrational (mpmath) weights are compared at
``dps`` digits (``consistent``).  The route stays separate from ``canonical_form`` on purpose (an independent
second route, not a copy: see :mod:`checks.multivariate_route`).  The R-norm route of ``rtv2_definition`` is in
:mod:`checks.multivariate_rnorm`; the global-fit checks (representer, solution set, training equivalence) are in
:mod:`checks.multivariate_fit` and re-exported here.

Instances are drawn so that the route's line is generic: each random hyperplane is made to cross the line
:math:`p + se` at its own parameter :math:`s \in [-4, 4]` (the crossing points are distinct by construction), and
the search window is :math:`[-5, 5]`.  The window comes from the design of the instance; the route still reads only
function values, and a window that missed a kink could only make the two routes disagree.  Every check draws its
instances from one ``random.Random(seed)`` (:mod:`checks._instances`).

Every check takes the piece under test as a keyword (``norm=``, ``half_mass=``, ``seminorm=``, ...), so that the
negative controls in ``tests/test_multivariate.py`` can pass a wrong variant and see ``refuted``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from radontv import ReLUNetwork
from radontv.canonical_form import CanonicalForm, canonical, witness
from radontv.evidence import Agreement, CheckResult
from radontv.precision import digits_of_agreement, raised_precision_note, validate_dps, working_dps
from radontv.radon import Gaussian, gaussian_rtv2
from radontv.scalars import to_mpf
from radontv.tv2 import tv2

from . import deep_exact as ex
from ._instances import grid_rational, positive_rational, rational, seeded
from .multivariate_fit import (  # noqa: F401  (re-exported: the fit checks lived here)
    FIT_DPS,
    FIT_LOST_DIGITS,
    FIT_RTOL_WEIGHTS,
    OBJECTIVE_ROUNDING,
    RADIUS_RTOL,
    check_representer,
    check_solution_set,
    check_training_equivalence,
    hyperplane_sides,
    random_data,
    zigzag_data,
)
from .multivariate_rnorm import derived_definition, gaussian_closed_form, route_rnorm, sphere_area
from .multivariate_route import (  # noqa: F401  (ROUTE_LOST_DIGITS, WINDOW, route_form: re-exported)
    ROUTE_LOST_DIGITS,
    WINDOW,
    combine_exact_mp,
    generic_line,
    irrational_network,
    network_values,
    random_network,
    route_form,
    route_rtv2,
    route_tolerance,
    same_form,
    small_rational,
)

__all__ = [
    "cayley_rotation",
    "check_canonical_form",
    "check_invariances",
    "check_null_space_affine",
    "check_radon_sparsity",
    "check_representer",
    "check_ridge_function",
    "check_rtv2_definition",
    "check_rtv2_neuron",
    "check_rtv2_shallow_net",
    "check_solution_set",
    "check_training_equivalence",
    "check_wd_path_rtv2",
    "compose_affine",
    "hyperplane_sides",
    "network_values",
    "random_data",
    "random_network",
    "route_form",
    "route_rnorm",
    "route_rtv2",
    "zigzag_data",
]


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
    derived = derived_definition().results
    gamma_const = gamma_d or (lambda d: derived["gamma_d"].subs(derived["d"], d))
    seminorm = seminorm or (lambda net: canonical(net).rtv2())
    rng = seeded(seed)
    exact = Agreement("multivariate.rtv2_definition", dps=None, route="d = 1: rtv2 against radontv.tv2, exact")
    agree = Agreement("multivariate.rtv2_definition", dps=dps, lost_digits=5,  # quadrature of smooth integrands
                      route="FBP with c_d on a Gaussian, Funk-Hecke + mpmath quadrature; R-norm of the Gaussian "
                            "(Laplacian power in x-space, then hyperplane integrals) vs form 1 and closed forms")
    for i in range(examples):
        d = (1, 3, 5)[i % 3]
        with mpmath.workdps(dps + 10):
            gauss = Gaussian([0] * d, 1)
            u = [1] + [0] * (d - 1)
            x = [to_mpf(rational(rng, -3, 3, 4)) for _ in range(d)]
            r = mpmath.sqrt(mpmath.fsum(a * a for a in x))

            def h(t: Any, gauss: Any = gauss, u: Any = u, d: int = d) -> Any:
                return gauss.ramp_radon(u, t, d - 1)

            if d == 1:
                back = h(x[0]) + h(-x[0])
            else:
                back = sphere_area(d - 1) * mpmath.quad(  # |S^{d-2}| times the Funk-Hecke integral
                    lambda s, h=h, r=r, d=d: h(r * s) * (1 - s * s) ** (mpmath.mpf(d - 3) / 2), [-1, 0, 1])
            value = const(d) * back
            target = mpmath.exp(-(r**2) / 2)
        with mpmath.workdps(dps):
            agree.compare(value, target, instance=f"FBP, d={d}, x={[mpmath.nstr(a, 5) for a in x]}", scale=1)
        net = random_network(rng, 1, ([Fraction(0)], [Fraction(1)]), width=rng.randint(1, 4),
                             duplicates=1, antipodes=1)
        got, want = seminorm(net), tv2(net)
        exact.holds(bool(to_mpf(got) == to_mpf(want)) and str(got) == str(want),
                    instance=f"d = 1: {net!r}")
    for d in (2, 3):  # (iii) the R-norm form on the Gaussian
        with mpmath.workdps(dps + 10):
            rnorm = to_mpf(gamma_const(d)) * route_rnorm(d, dps)
            form1 = gaussian_rtv2(d, dps=dps + 10).value
            closed = gaussian_closed_form(d, dps)
        with mpmath.workdps(dps):
            vs_form1 = agree.compare(rnorm, form1, instance=f"Gaussian, d={d}: gamma_d ||R(-Delta)^((d+1)/2) f|| "
                                     "(x-space first) vs c_d ||d_t^2 Lambda^(d-1) R f|| (radontv.radon.gaussian_rtv2)")
            vs_closed = agree.compare(rnorm, closed, instance=f"Gaussian, d={d}: R-norm route vs the derivation's "
                                                              "closed form")
        agree.note(f"R-norm of the Gaussian, d={d}: {mpmath.nstr(rnorm, 15)}; agrees with c_d ||d_t^2 Lambda^(d-1) "
                   f"R f|| to {digits_of_agreement(vs_form1, cap=dps):.1f} digits, with the closed form to "
                   f"{digits_of_agreement(vs_closed, cap=dps):.1f}")
    return combine_exact_mp(exact, agree)


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
    rng = seeded(seed)
    exact = Agreement("multivariate.rtv2_neuron", dps=None, route="exact gradient jumps from values")
    agree = Agreement("multivariate.rtv2_neuron", dps=dps, lost_digits=ROUTE_LOST_DIGITS,
                      route="mp weak Laplacian pairing with Gaussians")
    agree.note(raised_precision_note(asked, dps, lost_digits=ROUTE_LOST_DIGITS))
    m = Fraction(half_mass)  # a float half mass is read exactly (the exact part cannot compare floats)
    for i in range(examples):
        d = rng.randint(1, 5)
        line = generic_line(rng, d)
        net = random_network(rng, d, line, width=1, duplicates=0, antipodes=0, zeros=0)
        w, b, v = net.W[0], net.b[0], net.v[0]
        jumps = route_rtv2(network_values(net), d, line, exact=True, seed=seed + i)
        exact.compare(sum(jumps, start=Fraction(0)), (2 * m * v) ** 2 * norm_sq(w, b),
                      instance=f"d={d}, w={list(map(str, w))}, b={b}, v={v}")
        with mpmath.workdps(dps + 10):
            mu = [to_mpf(small_rational(rng)) for _ in range(d)]
            sig = to_mpf(grid_rational(rng, 1, 4, 2))
            nw = mpmath.sqrt(to_mpf(sum(x * x for x in w)))
            u = [to_mpf(x) / nw for x in w]
            t = to_mpf(b) / nw
            center = mpmath.fsum(a * c for a, c in zip(u, mu, strict=True))

            psi = _GaussianHyperplaneIntegral(center, sig, d)
            nodes = [t, center, center + 10 * sig, mpmath.inf] if center > t else [t, t + 10 * sig, mpmath.inf]
            lhs = to_mpf(v) * nw * mpmath.quad(lambda r, t=t, psi=psi: (r - t) * psi.second_derivative(r), nodes)
            hyperplane_integral = Gaussian(mu, sig).radon(u, t)  # radontv.radon's closed form (catalog A11)
            rhs = 2 * to_mpf(m) * to_mpf(v) * mpmath.sqrt(to_mpf(norm_sq(w, b))) * hyperplane_integral
            agree.compare(lhs, rhs, instance=f"Gaussian pairing d={d}, w={list(map(str, w))}, b={b}",
                          scale=abs(to_mpf(v)) * nw * psi(center))
    return combine_exact_mp(exact, agree)


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
    rng = seeded(seed)
    exact = Agreement("multivariate.rtv2_shallow_net", dps=None, route="exact amplitudes from values")
    agree = Agreement("multivariate.rtv2_shallow_net", dps=dps, lost_digits=ROUTE_LOST_DIGITS,
                      route="weight-free kink route (exact and mp weights) against the seminorm")
    agree.note(raised_precision_note(asked, dps, lost_digits=ROUTE_LOST_DIGITS))
    for i in range(examples):
        d = rng.randint(2, 5)
        line = generic_line(rng, d)
        net = random_network(rng, d, line, width=rng.randint(1, 4), duplicates=1, antipodes=1)
        if i == 0:  # an antipodal pair v σ(z) - v σ(-z): affine, R-TV² 0 (the path norm would say 2|v|‖w‖)
            # from a neuron with w != 0 (the drawn ones are not parallel to the line; the first neuron may be a zero
            # neuron, which made the pair a constant with path norm 0), with v != 0
            w, b, v = next((w, b, v) for w, b, v in net.neurons() if any(x != 0 for x in w))
            v = v or Fraction(1)
            net = ReLUNetwork([list(w), [-x for x in w]], [b, -b], [v, -v], list(net.c), net.c0)
        jumps = sorted(route_rtv2(network_values(net), d, line, exact=True, seed=seed + i))
        form = canonical(net)
        exact.holds(jumps == sorted(form.amplitudes_squared()), instance=f"exact amplitudes, d={d}: {net!r}")
        with mpmath.workdps(dps):
            expected = mpmath.fsum(mpmath.sqrt(to_mpf(j)) for j in jumps)
            agree.compare(to_mpf(seminorm(net)), expected, instance=f"d={d}: {net!r}",
                          scale=mpmath.fsum(mpmath.sqrt(to_mpf(j)) for j in jumps) + 1)
    for i in range(max(1, examples // 2)):
        d = rng.randint(2, 4)
        line = generic_line(rng, d)
        base = random_network(rng, d, line, width=rng.randint(1, 3), duplicates=1, antipodes=1)
        with mpmath.workdps(dps):
            net = irrational_network(base, line)
            p, e = ([to_mpf(x) for x in part] for part in line)
            got = to_mpf(seminorm(net))
            ref = route_rtv2(network_values(net), d, (p, e), exact=False, tol=route_tolerance(dps), seed=seed + i)
            agree.compare(got, ref, instance=f"irrational weights, d={d}", scale=1)
    return combine_exact_mp(exact, agree)


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
    rng = seeded(seed)
    agree = Agreement("multivariate.canonical_form", dps=dps, route="exact: values-only reconstruction and witnesses")
    for i in range(examples):
        d = rng.randint(2, 5)
        line = generic_line(rng, d)
        net = random_network(rng, d, line, width=rng.randint(1, 4))
        coef, c, c0 = route_form(network_values(net), d, line, seed=seed + i)
        form = fn(net)
        if isinstance(form, CanonicalForm):
            agree.holds(same_form(form, coef, c, c0), instance=f"values-only form, d={d}: {net!r}")
        # symmetric variants: same function, must give equal forms
        K = net.width
        alpha = [positive_rational(rng, 8, 8) for _ in range(K)]
        perm = list(range(K))
        rng.shuffle(perm)
        twin = net.rescale(alpha)[perm]
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
    rng = seeded(seed)
    exact = Agreement("multivariate.null_space_affine", dps=None, route="exact canonical forms and values")
    agree = Agreement("multivariate.null_space_affine", dps=dps, route="seminorm under added affine parts")
    for i in range(examples):
        d = rng.randint(1, 5)
        line = generic_line(rng, d)
        net = random_network(rng, d, line, width=rng.randint(1, 3), duplicates=0, antipodes=0, zeros=1)
        W = [list(w) for w in net.W] + [[-x for x in w] for w in net.W]
        b = list(net.b) + [-x for x in net.b]
        v = list(net.v) + [-x for x in net.v]
        affine_net = ReLUNetwork(W, b, v, list(net.c), net.c0)
        exact.holds(to_mpf(seminorm(affine_net)) == 0, instance=f"affine network, d={d}: {affine_net!r}")
        exact.holds(route_rtv2(network_values(affine_net), d, line, exact=True, seed=seed + i) == [],
                    instance=f"values-only route finds kinks in an affine function, d={d}")
        shifted = net.with_affine([x + small_rational(rng) for x in net.c], net.c0 + small_rational(rng))
        with mpmath.workdps(dps):
            agree.compare(to_mpf(seminorm(shifted)), to_mpf(seminorm(net)), instance=f"+ affine, d={d}",
                          scale=1)
        X = np.array([[small_rational(rng) for _ in range(d)] for _ in range(8)], dtype=object)
        form = canonical(affine_net)
        exact.holds(bool(all(affine_net(X) == X @ form.c + form.c0)), instance="zero seminorm but not affine")
        points = [[Fraction(int(i == j)) for i in range(d)] for j in range(-1, d)]  # 0, e_1, ..., e_d
        basis = np.array([[Fraction(1), *x] for x in points], dtype=object)
        exact.holds(ex.rank([list(row) for row in basis]) == d + 1, instance=f"affine basis rank, d={d}")
    return combine_exact_mp(exact, agree)


def check_ridge_function(*, dps: int = 50, examples: int = 10, seed: int = 0, power: int = 1) -> CheckResult:
    r"""R-TV² of a ridge function :math:`g(w^\top x)` is :math:`\|w\|_2^{\,p}\,\mathrm{TV}^2(g)` with :math:`p = 1`.

    ``power`` is :math:`p` (the claim: 1).  :math:`g` is a random univariate piecewise-linear function (a 1-D
    network with duplicate and antipodal knots); :math:`\mathrm{TV}^2(g)` is computed from values of :math:`g`
    (the 1-D kink route: :math:`\sum|\text{slope jumps}|`), and R-TV² of :math:`x \mapsto g(w^\top x)` from values
    of the ridge (the d-dimensional route).  Exact squares per kink are compared (proved).
    """
    dps = validate_dps(dps)
    rng = seeded(seed)
    agree = Agreement("multivariate.ridge_function", dps=dps, route="values-only kink routes in 1-D and d-D, exact")
    for i in range(examples):
        d = rng.randint(2, 5)
        line1 = ([Fraction(0)], [Fraction(1)])
        g = random_network(rng, 1, line1, width=rng.randint(1, 3))
        w = [small_rational(rng) for _ in range(d)]
        if all(x == 0 for x in w):
            w[0] = Fraction(1)
        ridge = ReLUNetwork([[a * x for x in w] for a in g.W[:, 0]], list(g.b), list(g.v),
                            [g.c[0] * x for x in w], g.c0)
        # the line for the ridge: p + s e with w.p = 0 and w.e = 1 crosses the profile's kinks at s = knot
        ww = sum(x * x for x in w)
        e = [x / ww for x in w]
        shift = [small_rational(rng) for _ in range(d)]
        ps = sum(a * b for a, b in zip(w, shift, strict=True))
        p = [a - ps * b for a, b in zip(shift, e, strict=True)]
        jumps_d = sorted(route_rtv2(network_values(ridge), d, (p, e), exact=True, seed=seed + i))
        jumps_1 = sorted(route_rtv2(network_values(g), 1, line1, exact=True, seed=seed + i))
        expected = sorted(j * ww ** power for j in jumps_1)  # |A_H|^2 = ||w||^(2p) |jump_g|^2
        agree.holds(jumps_d == expected, instance=f"d={d}, w={list(map(str, w))}, profile {g!r}")
    return agree.result()


def cayley_rotation(rng: random.Random, d: int) -> np.ndarray:
    """A random rational orthogonal matrix (I - S)(I + S)^{-1}, S skew-symmetric rational."""
    S = np.zeros((d, d), dtype=object)
    S[:] = Fraction(0)
    for i in range(d):
        for j in range(i + 1, d):
            S[i, j] = rational(rng, -3, 3, 3)
            S[j, i] = -S[i, j]
    eye = np.array([[Fraction(int(i == j)) for j in range(d)] for i in range(d)], dtype=object)
    return (eye - S) @ np.array(ex.inverse([list(row) for row in eye + S]), dtype=object)


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
    rng = seeded(seed)
    agree = Agreement("multivariate.invariances", dps=dps, route="exact canonical forms under rational rigid motions")
    for _ in range(examples):
        d = rng.randint(2, 5)
        net = random_network(rng, d, generic_line(rng, d), width=rng.randint(1, 4))
        s = positive_rational(rng, 9, 9)
        U = cayley_rotation(rng, d)
        shift = [small_rational(rng) for _ in range(d)]
        moved = compose_affine(net, s, U, shift)
        x = np.array([small_rational(rng) for _ in range(d)], dtype=object)
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
    rng = seeded(seed)
    agree = Agreement("multivariate.wd_path_rtv2", dps=dps, lost_digits=5,  # sums of a few dozen square roots
                      route="exact weights, mp square roots; merged and balanced network")
    for _ in range(examples):
        d = rng.randint(2, 5)
        net = random_network(rng, d, generic_line(rng, d), width=rng.randint(1, 4))
        with mpmath.workdps(dps):
            wd, pn = to_mpf(net.weight_decay()), to_mpf(net.path_norm())
            r = to_mpf(seminorm(net))
            agree.at_least(wd, pn, instance=f"WD >= PN, d={d}: {net!r}", scale=1)
            agree.at_least(pn, r, instance=f"PN >= R-TV2, d={d}: {net!r}", scale=1)
            merged = canonical(net).network().as_mp().balanced()
            agree.compare(to_mpf(merged.weight_decay()), r, instance=f"WD of merged balanced = R-TV2, d={d}", scale=1)
            agree.compare(to_mpf(merged.path_norm()), r, instance=f"PN of merged balanced = R-TV2, d={d}", scale=1)
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
    rng = seeded(seed)
    agree = Agreement("multivariate.radon_sparsity", dps=dps, route="sinogram atoms vs values-only kink count")
    for i in range(examples):
        line = generic_line(rng, 2)
        net = random_network(rng, 2, line, width=rng.randint(1, 5), duplicates=2, antipodes=2)
        jumps = sorted(route_rtv2(network_values(net), 2, line, exact=True, seed=seed + i))
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
