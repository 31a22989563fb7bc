r"""Numeric checks of the univariate family.

Each ``check_<name>(*, dps=50, examples=..., seed=0, <piece>=...)`` compares the implementation
(:mod:`radontv.splines`, :func:`radontv.tv2`) with the derivations of :mod:`radontv.theory.univariate` and with a
second route, on fixed instances and on ``examples`` random exact instances drawn from ``random.Random(seed)``.  The
piece under test is a keyword argument, so a test can pass a deliberately wrong variant and watch it be refuted.

Second route for TV² (never reads a knot list): :func:`tv2_from_values` samples :math:`f` at high precision on a
random grid and refines adaptively, splitting every cell on which two random interior values leave the chord,
until the cells that still bend are narrower than :math:`10^{-\lfloor\mathrm{dps}/4\rfloor}` of the range; then
:math:`\mathrm{TV}^2 = \sum |\Delta(\text{secant slope})|` over consecutive straight cells.  Slopes of straight
cells of that width lose up to :math:`\lfloor\mathrm{dps}/4\rfloor` digits, which the checks declare.

Exact comparisons (Fractions) give ``proved``; mpmath comparisons give ``consistent`` within the declared tolerance.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from radontv.evidence import Agreement, CheckResult
from radontv.network import ReLUNetwork
from radontv.precision import raised_precision_note, validate_dps, working_dps
from radontv.scalars import to_mpf
from radontv.splines import LinearSpline, min_tv2, min_tv2_interpolant, minimal_knot_count, sparsest_interpolant
from radontv.tv2 import tv2

from ._instances import grid_rational, nonzero_rational, positive_rational, rational
from .univariate_bruteforce import brute_force_min_knots

__all__ = [
    "check_min_interpolation",
    "check_network_tv2",
    "check_neuron_tv2",
    "check_nonuniqueness",
    "check_null_space",
    "check_relu_green",
    "check_representer_bound",
    "check_rtv2_reduces",
    "check_sparsest_count",
    "random_data",
    "random_network",
    "tv2_from_values",
]


# -- instances --------------------------------------------------------------------------------------------------
def random_network(rng: random.Random, *, coincident: bool = True, antipodal: bool = True,
                   zero: bool = True) -> ReLUNetwork:
    """A random exact network on R with optional coincident (rescaled), antipodal and zero neurons."""
    K = rng.randint(1, 5)
    w = [nonzero_rational(rng) for _ in range(K)]
    b = [rational(rng) for _ in range(K)]
    v = [rational(rng) for _ in range(K)]
    if coincident:
        for _ in range(rng.randint(0, 2)):
            k, s = rng.randrange(K), positive_rational(rng, 12, 4)
            w.append(s * w[k]), b.append(s * b[k]), v.append(rational(rng))
    if antipodal:
        for _ in range(rng.randint(0, 2)):
            k, s = rng.randrange(K), positive_rational(rng, 12, 4)
            # half of the time an exact cancellation: -v' |w'| = -v |w| (an affine pair)
            vv = -v[k] / s if rng.random() < 0.5 else rational(rng)
            w.append(-s * w[k]), b.append(-s * b[k]), v.append(vv)
    if zero:
        if rng.random() < 0.5:
            w.append(nonzero_rational(rng)), b.append(rational(rng)), v.append(Fraction(0))
        else:
            w.append(Fraction(0)), b.append(rational(rng)), v.append(rational(rng))
    order = list(range(len(w)))
    rng.shuffle(order)
    return ReLUNetwork.univariate([w[i] for i in order], [b[i] for i in order], [v[i] for i in order], rational(rng),
                                  rational(rng))


def random_data(rng: random.Random, n: int, *, zeros: bool = True, runs: bool = True) -> tuple[list[Fraction],
                                                                                                 list[Fraction]]:
    """Sorted distinct exact data of size ``n``; with ``zeros``, some collinear triples; with ``runs``, some
    consecutive same-sign curvatures (built from slopes, so every pattern is reachable)."""
    xs = sorted(set(rational(rng, -40, 40, 3) for _ in range(4 * n)))[:n]
    rng.shuffle(xs)
    xs = sorted(xs[:n])
    slopes = [rational(rng, -6, 6, 2)]
    for _ in range(len(xs) - 2):
        r = rng.random()
        if zeros and r < 0.2:
            slopes.append(slopes[-1])
        elif runs and r < 0.6:
            step = rational(rng, 1, 4, 2)
            prev = slopes[-1] - slopes[-2] if len(slopes) > 1 else step
            slopes.append(slopes[-1] + (step if prev >= 0 else -step))
        else:
            slopes.append(rational(rng, -6, 6, 2))
    ys = [Fraction(rng.randint(-5, 5))]
    for i, s in enumerate(slopes):
        ys.append(ys[-1] + s * (xs[i + 1] - xs[i]))
    return xs, ys


# -- the second route: TV^2 from function values -----------------------------------------------------------------------
def tv2_from_values(f: Callable[[list[Any]], Sequence[Any]], lo: Any, hi: Any, *, dps: int,
                    rng: random.Random) -> mpmath.mpf:
    r""":math:`\mathrm{TV}^2` of a CPWL function whose kinks lie in ``[lo, hi]``, from its values only.

    ``f`` maps a list of ``mpf`` points to their values.  Cells are split at random interior points until straight
    (within :math:`10^{-(\mathrm{dps}-10)}` of the values' size) or narrower than
    :math:`10^{-\lfloor \mathrm{dps}/4\rfloor}(\mathrm{hi} - \mathrm{lo})`; the result sums the changes of secant
    slope between consecutive straight cells.
    """
    with mpmath.workdps(dps):
        span = to_mpf(hi) - to_mpf(lo) + 2
        a0 = to_mpf(lo) - 1 - mpmath.mpf(rng.random())
        b0 = to_mpf(hi) + 1 + mpmath.mpf(rng.random())
        pts = sorted([a0, b0] + [a0 + (b0 - a0) * mpmath.mpf(rng.random()) for _ in range(14)])
        vals = list(f(pts))
        tol = mpmath.mpf(10) ** (-(dps - 10))
        width_min = span * mpmath.mpf(10) ** (-(dps // 4))
        pending = [(pts[i], vals[i], pts[i + 1], vals[i + 1]) for i in range(len(pts) - 1)]
        straight: list[tuple[Any, Any, Any, Any]] = []
        while pending:
            probes = []
            for a, _, b, _ in pending:
                u1, u2 = sorted((mpmath.mpf(rng.random()), mpmath.mpf(rng.random())))
                probes.extend([a + (b - a) * (u1 * 0.8 + 0.1), a + (b - a) * (u2 * 0.8 + 0.1)])
            pvals = list(f(probes))
            nxt = []
            for i, (a, fa, b, fb) in enumerate(pending):
                p, q, fp, fq = probes[2 * i], probes[2 * i + 1], pvals[2 * i], pvals[2 * i + 1]
                scale = abs(fa) + abs(fb) + abs(fp) + abs(fq) + (b - a)
                chord = lambda t, a=a, fa=fa, b=b, fb=fb: fa + (fb - fa) * (t - a) / (b - a)  # noqa: E731
                if abs(fp - chord(p)) <= tol * scale and abs(fq - chord(q)) <= tol * scale:
                    straight.append((a, fa, b, fb))
                elif b - a > width_min:
                    nxt.extend([(a, fa, p, fp), (p, fp, q, fq), (q, fq, b, fb)])
            pending = nxt
        straight.sort(key=lambda c: c[0])
        slopes = [(fb - fa) / (b - a) for a, fa, b, fb in straight]
        return mpmath.fsum(abs(slopes[i + 1] - slopes[i]) for i in range(len(slopes) - 1))


def _net_values(net: ReLUNetwork) -> Callable[[list[Any]], Sequence[Any]]:
    """Evaluate the exact network at mpf points (exact weights meet the points at the caller's working precision)."""
    exact = net.as_exact()
    return lambda pts: list(exact(np.array(pts, dtype=object)))


def _knot_bounds(net: ReLUNetwork) -> tuple[Fraction, Fraction]:
    """A box containing every knot, from the parameters' sizes (|b/w| <= max|b| / min|w|), not from the knots."""
    ws = [abs(w[0]) for w, _, _ in net.neurons() if w[0] != 0]
    if not ws:
        return Fraction(-1), Fraction(1)
    r = max(abs(b) for _, b, _ in net.neurons()) / min(ws) + 1
    r = Fraction(r)
    return -r, r


def _lost(dps: int) -> int:
    # straight cells as narrow as 10^-(dps//4) of the range lose that many digits in their secant slopes; 3 more for
    # the sums of a few dozen slope changes
    return dps // 4 + 3


def _merged_formula(net: ReLUNetwork) -> Fraction:
    """sum over distinct knots b/w of |sum v|w||, computed here by grouping exact knots in a dictionary."""
    groups: dict[Fraction, Fraction] = {}
    for w, b, v in net.as_exact().neurons():
        if w[0] != 0:
            groups[b / w[0]] = groups.get(b / w[0], Fraction(0)) + v * abs(w[0])
    return sum((abs(c) for c in groups.values()), start=Fraction(0))


def _as_number(value: Any) -> Any:
    """A sympy result (exact path norm) as a Fraction when rational; other numbers unchanged."""
    if hasattr(value, "is_Rational") and value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    if hasattr(value, "evalf") and not isinstance(value, mpmath.mpf):
        return mpmath.mpf(str(value.evalf(60)))
    return value


# -- 1. D^2 relu = delta ------------------------------------------------------------------------------------------
def check_relu_green(*, dps: int = 50, examples: int = 6, seed: int = 0,
                     kernel: Callable[[Any], Any] | None = None) -> CheckResult:
    r""":math:`\int (x - t)_+\,\varphi''(x)\,dx = \varphi(t)` for random Gaussian-polynomial test functions, by mpmath
    quadrature split at :math:`t` (the derivation closes the same pairing symbolically).  ``kernel`` is the function
    under test (default the ReLU); ``abs`` must be refuted (:math:`D^2|x| = 2\delta`)."""
    asked, dps = dps, working_dps(dps, lost_digits=10)
    rng = random.Random(seed)
    k = kernel if kernel is not None else (lambda z: z if z > 0 else z * 0)
    # quadrature of a smooth, rapidly decaying integrand on two half-lines: allow 10 digits
    agree = Agreement("univariate.relu_green", dps=dps, lost_digits=10, route="mpmath quadrature split at the kink")
    agree.note(raised_precision_note(asked, dps, lost_digits=10))
    with mpmath.workdps(dps):
        for i in range(examples):
            t = to_mpf(rational(rng, -8, 8, 4))
            c = [to_mpf(rational(rng, -6, 6, 3)) for _ in range(3)]
            s = to_mpf(grid_rational(rng, 1, 8, 4))

            def phi2(z: Any, t: Any = t, c: list[Any] = c, s: Any = s) -> Any:
                u = (z - t) / s  # phi = (c0 + c1 u + c2 u^2) exp(-u^2); phi'' by the product rule
                g = mpmath.exp(-u * u)
                P, P1, P2 = c[0] + c[1] * u + c[2] * u * u, c[1] + 2 * c[2] * u, 2 * c[2]
                G1, G2 = -2 * u * g, (4 * u * u - 2) * g
                return (P2 * g + 2 * P1 * G1 + P * G2) / (s * s)

            integral = mpmath.quad(lambda z, t=t, phi2=phi2: k(z - t) * phi2(z), [-mpmath.inf, t, mpmath.inf])
            agree.compare(integral, c[0], scale=abs(c[0]) + abs(c[1]) + abs(c[2]),
                          instance=f"example {i}: t={mpmath.nstr(t, 5)}")
    return agree.result()


# -- 2. a neuron ----------------------------------------------------------------------------------------------------
def check_neuron_tv2(*, dps: int = 50, examples: int = 20, seed: int = 0,
                     formula: Callable[[Any, Any], Any] = lambda v, w: abs(v) * abs(w)) -> CheckResult:
    r"""TV² of :math:`v\sigma(wx - b)` equals ``formula(v, w)`` (default :math:`|v||w|`): against ``radontv.tv2`` in
    exact arithmetic and against :func:`tv2_from_values` in mpmath."""
    validate_dps(dps, lost_digits=_lost(dps))
    rng = random.Random(seed)
    agree = Agreement("univariate.neuron_tv2", dps=dps, lost_digits=_lost(dps),
                      route="exact tv2 and TV2 from sampled values")
    for i in range(examples):
        w = rational(rng) or Fraction(-3, 2)
        b, v = rational(rng), nonzero_rational(rng)
        net = ReLUNetwork.univariate([w], [b], [v])
        expected = formula(v, w)
        agree.compare(tv2(net), expected, instance=f"example {i}: v={v}, w={w}, b={b} (exact tv2)")
        lo, hi = _knot_bounds(net)
        sampled = tv2_from_values(_net_values(net), lo, hi, dps=dps, rng=rng)
        agree.compare(sampled, expected,
                      scale=abs(to_mpf(v)) * abs(to_mpf(w)), instance=f"example {i}: v={v}, w={w}, b={b} (sampled)")
    return agree.result()


# -- 3. a network with merging ----------------------------------------------------------------------------------------
def check_network_tv2(*, dps: int = 50, examples: int = 12, seed: int = 0,
                      seminorm: Callable[[ReLUNetwork], Any] = tv2) -> CheckResult:
    r"""``seminorm(net)`` equals :math:`\sum_\tau|\sum_{\tau_k=\tau}v_k|w_k||` (exact, grouping knots here) and the
    TV² sampled from values, on the catalog example, an antipodal pair, and random networks with coincident,
    antipodal and zero neurons.  The path norm must be refuted."""
    validate_dps(dps, lost_digits=_lost(dps))
    rng = random.Random(seed)
    half = Fraction(1, 2)
    nets = [
        ("catalog: v=(1,-2,1/2), w=(2,-1,1/2), b=(1,-1/2,1/4)",
         ReLUNetwork.univariate([2, -1, half], [1, -half, Fraction(1, 4)], [1, -2, half])),
        ("antipodal opposite pair relu(x-3/10) - relu(-(x-3/10))",
         ReLUNetwork.univariate([1, -1], [Fraction(3, 10), Fraction(-3, 10)], [1, -1])),
        ("antipodal same-sign pair |x - 3/10|", ReLUNetwork.univariate([1, -1], [Fraction(3, 10), Fraction(-3, 10)],
                                                                       [1, 1])),
    ]
    nets += [(f"random network {i}", random_network(rng)) for i in range(examples)]
    agree = Agreement("univariate.network_tv2", dps=dps, lost_digits=_lost(dps),
                      route="exact knot grouping and TV2 from sampled values")
    for name, net in nets:
        value = _as_number(seminorm(net))
        exact = _merged_formula(net)
        agree.compare(value, exact, instance=f"{name} (merged formula)")
        lo, hi = _knot_bounds(net)
        sampled = tv2_from_values(_net_values(net), lo, hi, dps=dps, rng=rng)
        scale = sum((abs(to_mpf(v)) * abs(to_mpf(w[0])) for w, _, v in net.neurons()), start=mpmath.mpf(0))
        agree.compare(value, sampled, scale=scale,
                      instance=f"{name} (sampled)")
    return agree.result()


# -- 4. null space ------------------------------------------------------------------------------------------------
def check_null_space(*, dps: int = 50, examples: int = 12, seed: int = 0,
                     seminorm: Callable[[Any], Any] = tv2) -> CheckResult:
    r"""TV²(f + a x + c) = TV²(f) exactly; networks that are affine (opposite-sign antipodal pairs, constant neurons)
    have TV² 0, confirmed by sampled values; a network with an isolated nonzero knot has TV² > 0."""
    validate_dps(dps, lost_digits=_lost(dps))
    rng = random.Random(seed)
    agree = Agreement("univariate.null_space", dps=dps, lost_digits=_lost(dps), route="exact, and sampled values")
    for i in range(examples):
        net = random_network(rng)
        a, c = rational(rng), rational(rng)
        shifted = net.with_affine([net.c[0] + a], net.c0 + c)
        agree.compare(_as_number(seminorm(shifted)), _as_number(seminorm(net)), instance=f"example {i}: + {a} x + {c}")
        # an affine network: antipodal pairs with v' |w'| = v |w| cancelling, plus a constant neuron
        K = rng.randint(1, 3)
        w, b, v = [], [], []
        for _ in range(K):
            wk, bk, vk, s = nonzero_rational(rng), rational(rng), nonzero_rational(rng), Fraction(rng.randint(1, 9), 2)
            w += [wk, -s * wk]
            b += [bk, -s * bk]
            v += [vk, -vk / s]
        w.append(Fraction(0)), b.append(rational(rng)), v.append(rational(rng))
        affine = ReLUNetwork.univariate(w, b, v, rational(rng), rational(rng))
        agree.compare(_as_number(seminorm(affine)), Fraction(0), scale=1, instance=f"example {i}: affine network")
        lo, hi = _knot_bounds(affine)
        sampled = tv2_from_values(_net_values(affine), lo, hi, dps=dps, rng=rng)
        agree.compare(sampled, mpmath.mpf(0), scale=1 + sum(abs(to_mpf(x)) for x in v),
                      instance=f"example {i}: affine network (sampled)")
        lone = ReLUNetwork.univariate([Fraction(1)], [rational(rng)], [nonzero_rational(rng)])
        agree.holds(bool(_as_number(seminorm(lone)) > 0), instance=f"example {i}: a single kink is not in the kernel")
    return agree.result()


# -- 5. R-TV^2 in one dimension -------------------------------------------------------------------------------------
def check_rtv2_reduces(*, dps: int = 50, examples: int = 8, seed: int = 0, c1: Any = Fraction(1, 2)) -> CheckResult:
    r""":math:`c_1\sum_{\gamma=\pm1}\|\partial_t^2 Rf(\gamma,\cdot)\|_{\mathcal M}` with :math:`Rf(\gamma,t) =
    f(\gamma t)` (sampled from values, both orientations) equals ``radontv.tv2(f)``.  ``c1`` is the piece under test
    (the d = 1 filtered-backprojection constant 1/2); 1 must be refuted."""
    validate_dps(dps, lost_digits=_lost(dps))
    rng = random.Random(seed)
    agree = Agreement("univariate.rtv2_reduces", dps=dps, lost_digits=_lost(dps),
                      route="sinogram of d = 1 sampled from values")
    for i in range(examples):
        net = random_network(rng)
        values = _net_values(net)
        lo, hi = _knot_bounds(net)
        parts = []
        for gamma in (1, -1):
            def radon(pts: list[Any], g: int = gamma, values: Any = values) -> Sequence[Any]:
                return values([g * p for p in pts])  # R f(gamma, t) = f(gamma t) in d = 1

            parts.append(tv2_from_values(radon, -hi if gamma < 0 else lo, -lo if gamma < 0 else hi, dps=dps, rng=rng))
        with mpmath.workdps(dps):
            sinogram = to_mpf(c1) * (parts[0] + parts[1])
        expected = tv2(net)
        scale = sum((abs(to_mpf(v)) * abs(to_mpf(w[0])) for w, _, v in net.neurons()), start=mpmath.mpf(0))
        agree.compare(sinogram, expected, scale=scale, instance=f"random network {i}")
    return agree.result()


# -- 6. minimal interpolation value ---------------------------------------------------------------------------------
def _canonical_values(xs: list[Fraction], ys: list[Fraction]) -> Callable[[list[Any]], list[Any]]:
    """Connect-the-dots by linear interpolation of the data (written here, independent of radontv.splines)."""
    def f(pts: list[Any]) -> list[Any]:
        mx, my = [to_mpf(v) for v in xs], [to_mpf(v) for v in ys]  # at the caller's working precision
        out = []
        for p in pts:
            i = max(0, min(len(mx) - 2, int(np.searchsorted(np.array(mx, dtype=object), p)) - 1))
            out.append(my[i] + (my[i + 1] - my[i]) * (p - mx[i]) / (mx[i + 1] - mx[i]))
        return out

    return f


def check_min_interpolation(*, dps: int = 50, examples: int = 10, seed: int = 0,
                            value: Callable[[Any, Any], Any] = min_tv2) -> CheckResult:
    r"""``value(x, y)`` (default :func:`radontv.splines.min_tv2`) equals the TV² of the connect-the-dots interpolant
    sampled from values, is a lower bound for random other interpolants (extra kinks inside the intervals, exact),
    and is attained exactly by :func:`~radontv.splines.min_tv2_interpolant`."""
    validate_dps(dps, lost_digits=_lost(dps))
    rng = random.Random(seed)
    agree = Agreement("univariate.min_interpolation", dps=dps, lost_digits=_lost(dps),
                      route="sampled connect-the-dots, random exact interpolants")
    for i in range(examples):
        xs, ys = random_data(rng, rng.randint(2, 9))
        claimed = value(xs, ys)
        sampled = tv2_from_values(_canonical_values(xs, ys), xs[0], xs[-1], dps=dps, rng=rng)
        scale = sum(abs(to_mpf(ys[k + 1] - ys[k]) / to_mpf(xs[k + 1] - xs[k])) for k in range(len(xs) - 1))
        agree.compare(claimed, sampled, scale=scale, instance=f"data {i}: N={len(xs)} (sampled)")
        canon = min_tv2_interpolant(xs, ys)
        agree.holds(all(a == b for a, b in zip(canon(xs), ys, strict=True)),
                    instance=f"data {i}: canonical interpolates")
        agree.compare(canon.tv2(), claimed, instance=f"data {i}: canonical attains the value")
        for j in range(3):  # another interpolant: extra breakpoints with random values inside the intervals
            px, py = [xs[0]], [ys[0]]
            for k in range(len(xs) - 1):
                for _ in range(rng.randint(0, 2)):
                    t = xs[k] + (xs[k + 1] - xs[k]) * Fraction(rng.randint(1, 9), 10)
                    if t > px[-1]:
                        px.append(t), py.append(ys[k] + rational(rng, -6, 6, 2))
                px.append(xs[k + 1]), py.append(ys[k + 1])
            sl = [(py[m + 1] - py[m]) / (px[m + 1] - px[m]) for m in range(len(px) - 1)]
            other = sum((abs(sl[m + 1] - sl[m]) for m in range(len(sl) - 1)), start=Fraction(0))
            agree.at_least(other, claimed, instance=f"data {i}: interpolant {j} with {len(px) - len(xs)} extra kinks")
    return agree.result()


# -- 7. representer bound -----------------------------------------------------------------------------------------
def check_representer_bound(*, dps: int = 50, examples: int = 12, seed: int = 0,
                            bound: Callable[[int], int] = lambda n: n - 2,
                            solver: Callable[[Any, Any], LinearSpline] = min_tv2_interpolant) -> CheckResult:
    r"""``solver`` returns a TV²-minimal interpolant with at most ``bound(N)`` knots, all in :math:`(x_1, x_N)`; and
    the bound is sharp: for alternating data (N = 3..7) the brute-force fewest knots equals ``bound(N)``.  Exact."""
    validate_dps(dps)
    rng = random.Random(seed)
    agree = Agreement("univariate.representer_bound", dps=None, route="exact; brute force for sharpness")
    for i in range(examples):
        xs, ys = random_data(rng, rng.randint(2, 12))
        s = solver(xs, ys)
        n = len(xs)
        agree.holds(all(a == b for a, b in zip(s(xs), ys, strict=True)), instance=f"data {i}: interpolates")
        agree.compare(s.tv2(), min_tv2(xs, ys), instance=f"data {i}: minimal TV2")
        agree.holds(s.n_knots <= bound(n), instance=f"data {i}: {s.n_knots} knots <= bound({n}) = {bound(n)}")
        agree.holds(all(xs[0] < t < xs[-1] for t in s.knots), instance=f"data {i}: knots inside (x_1, x_N)")
    for n in range(3, 8):
        xs = [Fraction(k) + Fraction(rng.randint(0, 3), 8) for k in range(n)]
        ys = [Fraction((-1) ** k) * Fraction(rng.randint(2, 6), 2) for k in range(n)]
        fewest = brute_force_min_knots(xs, ys, min_tv2(xs, ys), max_knots=bound(n))
        agree.holds(fewest == bound(n), instance=f"alternating N={n}: brute-force fewest {fewest} vs bound {bound(n)}")
    return agree.result()


# -- 8. non-uniqueness ----------------------------------------------------------------------------------------------
def _barycentre(a1: Fraction, t1: Fraction, a2: Fraction, t2: Fraction) -> Fraction:
    return (a1 * t1 + a2 * t2) / (a1 + a2)


def check_nonuniqueness(*, dps: int = 50, examples: int = 12, seed: int = 0,
                        position: Callable[[Fraction, Fraction, Fraction, Fraction], Fraction] = _barycentre
                        ) -> CheckResult:
    r"""For data whose canonical amplitudes have a same-sign consecutive pair, merging that pair at
    ``position(a1, t1, a2, t2)`` (default the barycentre) gives a second interpolant with the same (minimal) TV²
    that differs from the canonical one, and so do convex combinations.  A position outside :math:`[t_1, t_2]`
    must be refuted.  Exact."""
    validate_dps(dps)
    rng = random.Random(seed)
    agree = Agreement("univariate.nonuniqueness", dps=None, route="exact rationals")
    done = 0
    while done < examples:
        xs, ys = random_data(rng, rng.randint(4, 9), zeros=False)
        n = len(xs)
        sl = [(ys[k + 1] - ys[k]) / (xs[k + 1] - xs[k]) for k in range(n - 1)]
        amp = [sl[k + 1] - sl[k] for k in range(n - 2)]
        pairs = [k for k in range(n - 3) if amp[k] * amp[k + 1] > 0]
        if not pairs:
            continue
        k = rng.choice(pairs)
        done += 1
        best = min_tv2(xs, ys)
        knots = [xs[j + 1] for j in range(n - 2)]
        amps = list(amp)
        tau = position(amps[k], knots[k], amps[k + 1], knots[k + 1])
        merged_knots = [*knots[:k], tau, *knots[k + 2:]]
        merged_amps = [*amps[:k], amps[k] + amps[k + 1], *amps[k + 2:]]
        c0 = ys[0] - sl[0] * xs[0]
        canon = LinearSpline(knots, amps, sl[0], c0)
        other = LinearSpline(merged_knots, merged_amps, sl[0], c0)
        tag = f"example {done}: pair at x{k + 2}, x{k + 3}"
        agree.holds(all(a == b for a, b in zip(other(xs), ys, strict=True)), instance=f"{tag}: merged interpolates")
        agree.compare(other.tv2(), best, instance=f"{tag}: merged TV2 is minimal")
        mid = (knots[k] + knots[k + 1]) / 2
        agree.holds(bool(other(mid) != canon(mid)), instance=f"{tag}: a different function")
        theta = Fraction(rng.randint(1, 9), 10)
        mix_k = [*knots, tau]
        mix_a = [theta * a + ((1 - theta) * a if j not in (k, k + 1) else 0) for j, a in enumerate(amps)]
        mix_a.append((1 - theta) * (amps[k] + amps[k + 1]))
        mix = LinearSpline(mix_k, mix_a, sl[0], c0)
        agree.holds(all(a == b for a, b in zip(mix(xs), ys, strict=True)), instance=f"{tag}: convex combination "
                    "interpolates")
        agree.compare(mix.tv2(), best, instance=f"{tag}: convex combination TV2 is minimal")
    return agree.result()


# -- 9. the fewest knots ------------------------------------------------------------------------------------------
CATALOG_EXAMPLE = ([Fraction(k) for k in range(7)], [Fraction(v) for v in (0, 0, 1, 3, 5, 8, 12)])


def check_sparsest_count(*, dps: int = 50, examples: int = 10, seed: int = 0,
                         sparsify: Callable[[Any, Any], LinearSpline] = sparsest_interpolant,
                         count: Callable[[Any, Any], int] = minimal_knot_count) -> CheckResult:
    r"""On the catalog example (+,+,0,+,+) and on random exact data with N ≤ 8 (collinear triples and same-sign runs
    forced often), the exhaustive exact search (:mod:`radontv.checks.univariate_bruteforce`) gives the fewest knots
    of a TV²-minimal interpolant; ``sparsify(x, y)`` must interpolate exactly, attain the minimal TV² and have that
    many knots, and ``count(x, y)`` must equal it.  The zone formula (zeros kept inside zones) must be refuted."""
    validate_dps(dps)
    rng = random.Random(seed)
    agree = Agreement("univariate.sparsest_count", dps=None, route="exact brute force over (interval, sign) slots")
    cases = [("catalog (+,+,0,+,+)", *CATALOG_EXAMPLE)]
    cases += [(f"random data {i}", *random_data(rng, rng.randint(3, 8))) for i in range(examples)]
    for name, xs, ys in cases:
        best = min_tv2(xs, ys)
        fewest = brute_force_min_knots(xs, ys, best)
        s = sparsify(xs, ys)
        agree.holds(all(a == b for a, b in zip(s(xs), ys, strict=True)), instance=f"{name}: sparsest interpolates")
        agree.compare(s.tv2(), best, instance=f"{name}: sparsest has minimal TV2")
        agree.holds(s.n_knots == fewest, instance=f"{name}: {s.n_knots} knots vs brute force {fewest}")
        agree.holds(count(xs, ys) == fewest, instance=f"{name}: count formula {count(xs, ys)} vs brute force {fewest}")
    return agree.result()
