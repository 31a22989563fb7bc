r"""Canonical form of a shallow ReLU network and its Radon-domain total variation R-TV².

Every neuron with :math:`w_k \ne 0` is a multiple of a *unit neuron* on a hyperplane
:math:`H = \{x : u^\top x = t\}`, :math:`\|u\|_2 = 1`:

.. math:: v_k\,\sigma(w_k^\top x - b_k) = a_k\,\sigma(u^\top x - t) \ (+\ \text{affine}),
   \qquad a_k = v_k \|w_k\|_2,\quad (u, t) = \pm (w_k, b_k)/\|w_k\|_2 .

**Canonical sign convention** (stated here once; theory catalog A17/D14): of the two unit normals :math:`\pm u` of a
hyperplane, the canonical one has its *first nonzero coordinate positive*.  A neuron written with the other
orientation is turned over with the parity identity :math:`\sigma(z) = \sigma(-z) + z` (catalog B3), so its
amplitude stays :math:`a_k` and the affine remainder :math:`v_k(w_k^\top x - b_k)` moves into the affine part.
Neurons with :math:`w_k = 0` are the constants :math:`v_k\sigma(-b_k)` and move into the affine part too.

The canonical form of :math:`f` is the list of distinct hyperplanes :math:`H` with merged amplitudes
:math:`A_H = \sum_{k \in H} a_k \ne 0` together with the affine part :math:`c^\top x + c_0`:

.. math:: f(x) = \sum_H A_H\,\sigma(u_H^\top x - t_H) + c^\top x + c_0 .

Two networks compute the same function **iff** their canonical forms are equal (a sum of ReLUs on distinct
hyperplanes with nonzero amplitudes has a kink along each of them, so it is affine only when empty).  Its
R-TV² (Parhi & Nowak, JMLR 2021, Lemma 25 with the merging corrected; Unser, JMLR 2023, Thm 9 items 2, 4) is

.. math:: \mathrm{R\text{-}TV}^2(f) = \|\mathscr{R}_2 f\|_{\mathcal M(\mathbb S^{d-1}\times\mathbb R)}
   = \sum_H |A_H| \;\le\; \sum_k |v_k|\,\|w_k\|_2,

each hyperplane carrying the even measure :math:`A_H\cdot\tfrac12(\delta_{(u,t)} + \delta_{(-u,-t)})` of total mass
:math:`|A_H|` on the full sphere.

Arithmetic
----------
* **exact** (rational weights): hyperplanes are compared *projectively*: the key of a neuron is the primitive
  integer vector :math:`(p, \beta)` proportional to :math:`(w_k, b_k)` with the canonical sign, so that no square
  root is taken to decide equality.  The merged coefficient :math:`q_H = \sum_k v_k\alpha_k` (with
  :math:`(w_k, b_k) = \pm\alpha_k(p, \beta)`) is rational and :math:`A_H = q_H\|p\|_2` is an exact algebraic number.
  Equality of canonical forms is exact.
* **mp** and **float**: unit normals and offsets are computed in the network's arithmetic; two neurons are on the same
  hyperplane when :math:`\|u - u'\|_\infty \le \tau` and :math:`|t - t'| \le \tau\max(|t|, |t'|)`: a law *per pair*,
  that involves no other neuron and is unchanged when the inputs are rescaled (:mod:`radontv.hyperplane_groups`).
  A merged amplitude is zero when it is at most :math:`\tau` times the sum of the magnitudes added into it, and an
  affine coefficient when it is at most :math:`\tau` times the magnitudes of its own kind summed into the form
  (:math:`c` with the amplitudes, units of :math:`y/x`; :math:`c_0` with the terms :math:`v\,b`, units of :math:`y`).
  :math:`\tau` = :data:`FLOAT_RTOL` in float and :math:`10^{-(\mathrm{dps}-5)}` in mp (see :func:`default_rtol`).
  Grouping is by sorts (normals by a generic projection, then offsets within each normal): O(K log K), no O(K²).

Vector-valued networks (``V`` of shape (K, D)) have the same hyperplanes with amplitude *vectors*
:math:`A_H \in \mathbb R^D` and a vector affine part; :func:`canonical`, :func:`rtv2` and :func:`witness` hand them to
:mod:`radontv.canonical_vector`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from .errors import InvalidInput
from .network import ReLUNetwork
from .scalars import Arithmetic, to_mpf

__all__ = ["FLOAT_RTOL", "CanonicalForm", "canonical", "default_rtol", "rtv2", "witness"]

#: Relative tolerance for float canonical forms: normalising w and dividing b costs a few ulps per coordinate
#: (about (d + 2)·2⁻⁵³ for d ≤ 10); 2⁻⁴⁰ leaves 12 bits of slack for rescaled copies made in float, and is the
#: package's float tolerance (radontv.testing.assertions.FLOAT_RTOL).
FLOAT_RTOL = 2.0**-40
#: Digits an mp canonical form may lose to rounding (normalisation and sums of a few dozen terms).
MP_LOST_DIGITS = 5


def default_rtol(arithmetic: Arithmetic) -> Any:
    """The grouping tolerance τ: 0 (exact), :data:`FLOAT_RTOL` (float), ``10**-(mp.dps - 5)`` (mp)."""
    if arithmetic == "exact":
        return Fraction(0)
    if arithmetic == "float":
        return FLOAT_RTOL
    return mpmath.mpf(10) ** (-(mpmath.mp.dps - MP_LOST_DIGITS))


def inexact_rtol(arithmetic: Arithmetic, rtol: Any) -> Any:
    """The grouping tolerance of a float or mp form: ``rtol``, or :func:`default_rtol` when it is ``None``."""
    if rtol is None:
        rtol = default_rtol(arithmetic)
    if not rtol >= 0:
        raise InvalidInput(f"rtol must be a non-negative number, got {rtol!r}")
    return rtol


class CanonicalForm:
    r"""The canonical form :math:`f = \sum_H A_H\sigma(u_H^\top x - t_H) + c^\top x + c_0` of a network.

    Attributes
    ----------
    dim : int
        Input dimension :math:`d`.
    arithmetic : str
        ``'exact'``, ``'mp'`` or ``'float'``.
    normals : ndarray, shape (H, d)
        Exact: the primitive integer normals :math:`p_H` (``int`` objects); else the unit normals :math:`u_H`
        (float: computed on first access).
    offsets : ndarray, shape (H,)
        Exact: the integer offsets :math:`\beta_H` (hyperplane :math:`p_H^\top x = \beta_H`); else :math:`t_H`.
    coefficients : ndarray, shape (H,)
        Exact: the rational :math:`q_H` with :math:`A_H = q_H\|p_H\|_2`; else the amplitudes :math:`A_H` themselves.
    c, c0 :
        The affine part.
    rtol :
        The tolerance τ the form was grouped with (0 when exact).

    Notes
    -----
    Exact and mp forms list hyperplanes sorted by key; float forms in a deterministic but unspecified order
    (compare forms with ``==``/:meth:`equals`, which does not depend on the order).
    """

    __slots__ = ("_lazy", "_normals", "_scale", "arithmetic", "c", "c0", "coefficients", "dim", "offsets", "rtol")

    def __init__(self, dim: int, arithmetic: Arithmetic, normals: np.ndarray | None, offsets: np.ndarray,
                 coefficients: np.ndarray, c: np.ndarray, c0: Any, rtol: Any = 0, scale: tuple[Any, Any] = (0, 0),
                 lazy: tuple[np.ndarray, Any, np.ndarray] | None = None) -> None:
        self.dim = dim
        self.arithmetic = arithmetic
        self._normals = normals
        self._lazy = lazy  # (W, rows, 1/norm): the unit normals W[rows] / ||W[rows]||, computed on demand
        self.offsets = offsets
        self.coefficients = coefficients
        self.c = c
        self.c0 = c0
        self.rtol = rtol
        # magnitudes of the terms summed into (c and the A's, c0): the zero tolerances of the affine part
        self._scale = scale

    @property
    def normals(self) -> np.ndarray:
        """Primitive integer normals (exact) or unit normals (mp, float), shape (H, d)."""
        if self._normals is None:
            W, rows, inv = self._lazy  # type: ignore[misc]
            self._normals = (W[rows] if isinstance(rows, slice) else np.take(W, rows, axis=0)) * inv[:, None]
            self._lazy = None
        return self._normals

    @property
    def size(self) -> int:
        """The number of distinct hyperplanes :math:`H` (with nonzero amplitude)."""
        return int(self.offsets.shape[0])

    def __len__(self) -> int:
        return self.size

    @property
    def amplitudes(self) -> np.ndarray:
        r"""The amplitudes :math:`A_H` (exact: sympy algebraic numbers :math:`q_H\sqrt{\|p_H\|^2}`)."""
        if self.arithmetic != "exact":
            return self.coefficients
        import sympy

        return np.array([sympy.Rational(q.numerator, q.denominator) * sympy.sqrt(sum(int(x) ** 2 for x in p))
                         for q, p in zip(self.coefficients, self.normals, strict=True)], dtype=object)

    def amplitudes_squared(self) -> np.ndarray:
        r""":math:`A_H^2` (exact: rationals :math:`q_H^2\|p_H\|^2`)."""
        if self.arithmetic != "exact":
            return self.coefficients * self.coefficients
        return np.array([q * q * sum(int(x) ** 2 for x in p) for q, p in zip(self.coefficients, self.normals,
                                                                            strict=True)], dtype=object)

    def unit_normals(self) -> tuple[np.ndarray, np.ndarray]:
        r"""``(u, t)``: unit normals, shape (H, d), and offsets (exact: sympy algebraic numbers)."""
        if self.arithmetic != "exact":
            return self.normals, self.offsets
        import sympy

        us, ts = [], []
        for p, beta in zip(self.normals, self.offsets, strict=True):
            n = sympy.sqrt(sum(int(x) ** 2 for x in p))
            us.append([sympy.Integer(int(x)) / n for x in p])
            ts.append(sympy.Integer(int(beta)) / n)
        return np.array(us, dtype=object).reshape(len(us), self.dim), np.array(ts, dtype=object)

    def rtv2(self) -> Any:
        r""":math:`\sum_H |A_H|` (exact: a sympy sum of radicals; mp: ``mpf``; float: ``float``)."""
        if self.arithmetic == "exact":
            import sympy

            return sympy.Add(*[abs(a) for a in self.amplitudes])
        if self.arithmetic == "float":
            return float(np.sum(np.abs(self.coefficients)))
        return mpmath.fsum(abs(a) for a in self.coefficients)

    def network(self) -> ReLUNetwork:
        r"""The merged network :math:`\sum_H q_H\sigma(p_H^\top x - \beta_H) + c^\top x + c_0` (exact) or
        :math:`\sum_H A_H\sigma(u_H^\top x - t_H) + \dots`: the same function with one neuron per hyperplane."""
        if self.size == 0:
            return ReLUNetwork(np.empty((0, self.dim), dtype=object), [], [], self.c, self.c0)
        if self.arithmetic == "exact":
            W = np.array([[Fraction(int(x)) for x in p] for p in self.normals], dtype=object)
            b = [Fraction(int(x)) for x in self.offsets]
            return ReLUNetwork(W, b, list(self.coefficients), list(self.c), self.c0)
        if self.arithmetic == "float":
            return ReLUNetwork._trusted("float", self.normals, self.offsets, self.coefficients, self.c, self.c0)
        return ReLUNetwork(self.normals, list(self.offsets), list(self.coefficients), list(self.c), self.c0)

    def sinogram(self) -> list[tuple[Any, Any, Any]]:
        r"""Radon-domain atoms on the half circle (``d = 2`` only): ``(theta, b, A)`` with
        :math:`u = (\cos\theta, \sin\theta)`, :math:`\theta \in [0, \pi)`, one atom per hyperplane.

        Half-sphere parametrisation (catalog D14, H14): the two half-mass Diracs at :math:`\pm(u, t)` are
        folded into one of mass :math:`A_H`; wrapping :math:`\theta` into :math:`[0, \pi)` flips the sign of the
        offset.  Values are floats (mp/exact forms are converted).
        """
        if self.dim != 2:
            raise InvalidInput(f"a sinogram is drawn for d = 2 only; this form has d = {self.dim}")
        us, ts = self.unit_normals()
        atoms = []
        for u, t, a in zip(us, ts, self.amplitudes, strict=True):
            theta, off = math.atan2(float(u[1]), float(u[0])), float(t)
            if theta < 0:  # the first nonzero coordinate of u is positive, so theta is in (-pi/2, pi/2]
                theta += math.pi
                off = -off
            atoms.append((theta, off, float(a)))
        return atoms

    # -- comparison -----------------------------------------------------------------------------------------
    def equals(self, other: CanonicalForm, rtol: Any = None) -> bool:
        """Whether the two forms describe the same function (exact: identical; else within the tolerance).

        Inexact forms are compared by canonicalising the difference of their networks and testing that it is
        empty: every merged amplitude and the affine part vanish up to ``rtol`` times the magnitudes summed (for the
        affine part, including the magnitudes summed into each form).
        """
        if not isinstance(other, CanonicalForm):
            raise InvalidInput(f"compare a CanonicalForm with another CanonicalForm, not {type(other).__name__}")
        if hasattr(other, "outputs"):  # a vector form: it compares itself with this one (as D = 1)
            return other.equals(self, rtol)
        if self.dim != other.dim:
            return False
        if self.arithmetic == "exact" and other.arithmetic == "exact":
            return bool(self._exact_key() == other._exact_key())
        diff = canonical(self.network() - other.network(), rtol=rtol)
        # the difference's own terms can be tiny (c - c' ~ 1e-16) while the rounding in c and c' came from the
        # terms of each form: compare with the larger of the three magnitudes (an exact form sums no rounded terms;
        # its magnitudes are Fraction zeros, which mpf cannot be compared with)
        scales = [f._scale for f in (self, other) if f.arithmetic != "exact"]
        return diff.size == 0 and _affine_zero(diff, _max_scale(*scales))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CanonicalForm):
            return NotImplemented
        return self.equals(other)

    __hash__ = None  # type: ignore[assignment]  # float forms compare with a tolerance: not hashable

    def _exact_key(self) -> tuple[Any, ...]:
        return (tuple(tuple(int(x) for x in p) for p in self.normals), tuple(int(x) for x in self.offsets),
                tuple(self.coefficients), tuple(self.c), self.c0)

    def __str__(self) -> str:
        lines = [f"canonical form in d = {self.dim} ({self.arithmetic}), {self.size} hyperplane(s):"]
        us, ts = self.unit_normals()
        for u, t, a in zip(us, ts, self.amplitudes, strict=True):
            lines.append(f"  A = {_fmt(a)}  on  u = ({', '.join(_fmt(x) for x in u)}), t = {_fmt(t)}")
        lines.append(f"  affine: c = ({', '.join(_fmt(x) for x in self.c)}), c0 = {_fmt(self.c0)}")
        lines.append(f"  R-TV2 = {_fmt(self.rtv2())}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (floats)."""
        us, ts = self.unit_normals()
        return {"dim": self.dim, "arithmetic": self.arithmetic,
                "hyperplanes": [{"u": [float(x) for x in u], "t": float(t), "A": float(a)}
                                for u, t, a in zip(us, ts, self.amplitudes, strict=True)],
                "c": [float(x) for x in self.c], "c0": float(self.c0), "rtv2": float(self.rtv2())}


def _fmt(x: Any) -> str:
    if isinstance(x, Fraction):
        return str(x)
    if isinstance(x, mpmath.mpf):
        return mpmath.nstr(x, 10)
    if isinstance(x, float | np.floating | int):
        return f"{float(x):.10g}"
    return str(x)


def _max_scale(*scales: tuple[Any, Any]) -> tuple[Any, Any]:
    """The larger magnitudes, kind by kind (linear part, constant)."""
    return max(s[0] for s in scales), max(s[1] for s in scales)


def _affine_zero(form: CanonicalForm, scale: tuple[Any, Any] = (0, 0)) -> bool:
    """Whether the affine part vanishes: exactly, or each coefficient up to ``rtol`` times the magnitudes of its kind
    summed into it (the form's own, or ``scale`` when larger: the terms of the forms a difference was taken of)."""
    if form.arithmetic == "exact":
        return all(x == 0 for x in form.c) and form.c0 == 0
    linear, constant = _max_scale(form._scale, scale)
    return all(abs(x) <= form.rtol * linear for x in form.c) and abs(form.c0) <= form.rtol * constant


# ---------------------------------------------------------------------------------------------------------------
def canonical(net: ReLUNetwork, *, rtol: Any = None) -> CanonicalForm:
    r"""The canonical form of ``net`` (see the module docstring for the maths and the tolerance law).

    ``rtol`` overrides the grouping tolerance τ of inexact forms (ignored when exact).

    >>> from radontv import ReLUNetwork
    >>> net = ReLUNetwork([[1, 0], [-2, 0], [3, 4]], [1, -2, 0], [1, 1, 1])   # relu(x1-1) + relu(2-2x1) + ...
    >>> form = canonical(net)
    >>> form.size, form.coefficients.tolist(), form.c.tolist()
    (2, [Fraction(3, 1), Fraction(1, 1)], [Fraction(-2, 1), Fraction(0, 1)])
    """
    if not isinstance(net, ReLUNetwork):
        raise InvalidInput(f"net must be a radontv.ReLUNetwork, got {type(net).__name__}")
    if net.vector_valued:  # amplitude vectors, the same grouping (radontv.canonical_vector)
        from .canonical_vector import canonical_vector

        return canonical_vector(net, rtol=rtol)
    if net.arithmetic == "exact":
        return _canonical_exact(net)
    rtol = inexact_rtol(net.arithmetic, rtol)
    from .canonical_inexact import canonical_float, canonical_mp  # imports this module: loaded on first use

    if net.arithmetic == "float":
        return canonical_float(net, float(rtol))
    return canonical_mp(net, to_mpf(rtol))  # to_mpf: a Fraction or sympy Rational rtol too


def rtv2(net: ReLUNetwork) -> Any:
    r"""R-TV² of a shallow ReLU network: :math:`\sum_H |A_H|` over distinct hyperplanes (see :func:`canonical`).

    For a vector-valued network (``V`` of shape (K, D)) it is the weight-decay variation norm
    :math:`\|f\|_{2,M} = \sum_H \|A_H\|_2` of [SPLN24] eqs. (13)-(19), the amplitudes :math:`A_H \in \mathbb R^D` merged
    by the same rules (:mod:`radontv.canonical_vector`); the per-output norm :math:`\|\cdot\|_{M,1}` of [PN22] is
    :func:`radontv.deep.per_output_variation_norm` (not weight decay).

    Works for every input dimension; for :math:`d = 1` it is :math:`\mathrm{TV}^2 = \sum_\tau |\sum_k v_k|w_k||`
    over distinct knots (catalog C3, C4).  Exact weights give an exact sympy number, mp an ``mpf``, float a
    ``float``.  Source: Parhi & Nowak, JMLR 2021, Lemma 25 (merging corrected, catalog D6); Unser, JMLR 2023, Thm 9.

    >>> from radontv import ReLUNetwork
    >>> rtv2(ReLUNetwork([[3, 4], [-6, -8]], [1, -2], [1, 1]))   # an antipodal pair: 5 + 10
    15
    >>> rtv2(ReLUNetwork([[3, 4], [-6, -8]], [1, -2], [2, -1]))  # v relu(z) - v relu(-z) is affine
    0
    """
    return canonical(net).rtv2()


# -- exact ------------------------------------------------------------------------------------------------------
def _primitive(row: list[Fraction]) -> tuple[tuple[int, ...], Fraction, int]:
    """(primitive integer vector with canonical sign, alpha > 0, sign) with row = sign * alpha * vector."""
    # checks/multivariate_route._primitive_key computes the same key again on purpose: it is the independent route
    # the canonical form is checked against (an expected value never comes from the code under test).
    den = 1
    for x in row:
        den = den * x.denominator // math.gcd(den, x.denominator)
    ints = [int(x * den) for x in row]
    g = 0
    for n in ints:
        g = math.gcd(g, n)
    prim = [n // g for n in ints]
    first = next(n for n in prim[:-1] if n != 0)  # w != 0: the first nonzero coordinate of the normal
    sign = 1 if first > 0 else -1
    return tuple(sign * n for n in prim), Fraction(g, den), sign


def _canonical_exact(net: ReLUNetwork) -> CanonicalForm:
    d = net.dim
    c = [Fraction(x) for x in net.c]
    c0 = Fraction(net.c0)
    groups: dict[tuple[int, ...], Fraction] = {}
    for w, b, v in net.neurons():
        if v == 0:
            continue
        if all(x == 0 for x in w):
            c0 += v * max(-b, Fraction(0))  # the constant v relu(-b)
            continue
        key, alpha, sign = _primitive([*w, b])
        if sign < 0:  # v relu(y) = v relu(-y) + v y: the affine remainder
            for i in range(d):
                c[i] += v * w[i]
            c0 -= v * b
        groups[key] = groups.get(key, Fraction(0)) + v * alpha
    keys = sorted(k for k, q in groups.items() if q != 0)
    normals = np.array([list(k[:-1]) for k in keys], dtype=object).reshape(len(keys), d)
    offsets = np.array([k[-1] for k in keys], dtype=object)
    coef = np.array([groups[k] for k in keys], dtype=object)
    zero = Fraction(0)
    return CanonicalForm(d, "exact", normals, offsets, coef, np.array(c, dtype=object), c0, zero, (zero, zero))


# -- witness ------------------------------------------------------------------------------------------------------
def witness(f: ReLUNetwork, g: ReLUNetwork, *, seed: int = 0, rtol: Any = None) -> np.ndarray | None:
    r"""A point :math:`x` with :math:`f(x) \ne g(x)`, or ``None`` when the networks are the same function.

    Exact networks: a rational point and an exact decision (below).  Float or mp networks: a point where they differ
    beyond the tolerance ``rtol`` of their canonical forms, or ``None`` when those say they are equal
    (:func:`radontv.same_function.witness_inexact`).  Vector-valued networks: a point where some output differs
    (:func:`radontv.same_function.vector_witness` also returns which output).

    Constructive proof of "different canonical forms ⇒ different functions": if :math:`h = f - g` has a hyperplane
    :math:`H` with :math:`A_H \ne 0`, take :math:`x_0 \in H` off every other hyperplane of :math:`h` and a step
    :math:`\varepsilon` along the normal :math:`p_H` too small to reach them; the second difference
    :math:`h(x_0+\varepsilon p) - 2h(x_0) + h(x_0-\varepsilon p) = q_H\varepsilon\|p\|^2 \ne 0`, so :math:`h` is nonzero
    at one of the three points.  Otherwise :math:`h` is affine and nonzero at :math:`0` or at a unit vector.
    """
    for name, net in (("f", f), ("g", g)):
        if not isinstance(net, ReLUNetwork):
            raise InvalidInput(f"{name} must be a radontv.ReLUNetwork, got {type(net).__name__}")
    if f.dim != g.dim:
        raise InvalidInput(f"networks have input dimensions {f.dim} and {g.dim}")
    if f.vector_valued or g.vector_valued:  # a point where some output differs
        from .same_function import vector_witness

        return vector_witness(f, g, rtol=rtol, seed=seed)[0]
    if f.arithmetic != "exact" or g.arithmetic != "exact":
        from .same_function import witness_inexact

        return witness_inexact(f, g, rtol=rtol, seed=seed)
    h = f - g
    form = canonical(h)
    d = h.dim
    if form.size == 0:
        for x in [[Fraction(0)] * d, *[[Fraction(int(i == j)) for i in range(d)] for j in range(d)]]:
            if h(np.array(x, dtype=object)) != 0:
                return np.array(x, dtype=object)
        return None
    rng = np.random.default_rng(seed)
    P = [[Fraction(int(x)) for x in p] for p in form.normals]
    B = [Fraction(int(x)) for x in form.offsets]
    p, beta = P[0], B[0]
    pp = sum(x * x for x in p)
    foot = [beta * x / pp for x in p]
    for _ in range(100):
        e = [Fraction(int(rng.integers(-97, 98)), int(rng.integers(1, 50))) for _ in range(d)]
        ep = sum(a * b for a, b in zip(e, p, strict=True))
        r = [a - ep * b / pp for a, b in zip(e, p, strict=True)]  # tangent to H
        s = Fraction(int(rng.integers(-1000, 1001)), 97)
        x0 = [a + s * b for a, b in zip(foot, r, strict=True)]
        vals = [sum(a * b for a, b in zip(q, x0, strict=True)) - bb for q, bb in zip(P[1:], B[1:], strict=True)]
        if any(v == 0 for v in vals):
            continue
        slopes = [abs(sum((a * b for a, b in zip(q, p, strict=True)), Fraction(0))) for q in P[1:]]
        eps = min([Fraction(1)] + [abs(v) / (2 * sl) for v, sl in zip(vals, slopes, strict=True) if sl != 0])
        plus = [a + eps * b for a, b in zip(x0, p, strict=True)]
        minus = [a - eps * b for a, b in zip(x0, p, strict=True)]
        for x in (x0, plus, minus):
            pt = np.array(x, dtype=object)
            if h(pt) != 0:
                return pt
    raise AssertionError("witness(): no generic point found (should not happen)")  # pragma: no cover
