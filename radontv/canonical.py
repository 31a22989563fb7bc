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
  hyperplane when :math:`\|u - u'\|_\infty \le \tau` and :math:`|t - t'| \le \tau\max(1, \max_k|t_k|)`, and a merged
  amplitude (an affine coefficient) is zero when it is at most :math:`\tau` times the sum of the magnitudes that
  were added into it.  :math:`\tau` = :data:`FLOAT_RTOL` in float and :math:`10^{-(\mathrm{dps}-5)}` in mp (see
  :func:`default_rtol`).  Grouping is sort-based (one argsort of a random projection of the keys): O(K log K).
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from .errors import InvalidInput
from .network import ReLUNetwork
from .scalars import Arithmetic

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

    Exact and mp forms list hyperplanes sorted by key; float forms in a deterministic but unspecified order
    (compare forms with ``==``/:meth:`equals`, which does not depend on the order).
    """

    __slots__ = ("_lazy", "_normals", "_scale", "arithmetic", "c", "c0", "coefficients", "dim", "offsets", "rtol")

    def __init__(self, dim: int, arithmetic: Arithmetic, normals: np.ndarray | None, offsets: np.ndarray,
                 coefficients: np.ndarray, c: np.ndarray, c0: Any, rtol: Any = 0, scale: Any = 0,
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
        self._scale = scale  # magnitude of the terms summed into (c, c0, A): the zero tolerance of comparisons

    @property
    def normals(self) -> np.ndarray:
        """Primitive integer normals (exact) or unit normals (mp, float), shape (H, d)."""
        if self._normals is None:
            W, rows, inv = self._lazy  # type: ignore[misc]
            self._normals = W[rows] * inv[:, None]
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
            if theta < 0:
                theta += math.pi
                off = -off
            if theta >= math.pi:
                theta -= math.pi
                off = -off
            atoms.append((theta, off, float(a)))
        return atoms

    # -- comparison -----------------------------------------------------------------------------------------
    def equals(self, other: CanonicalForm, rtol: Any = None) -> bool:
        """Whether the two forms describe the same function (exact: identical; else within the tolerance).

        Inexact forms are compared by canonicalising the difference of their networks and testing that it is
        empty: every merged amplitude and the affine part vanish up to ``rtol`` times the magnitudes summed.
        """
        if not isinstance(other, CanonicalForm):
            raise InvalidInput(f"compare a CanonicalForm with another CanonicalForm, not {type(other).__name__}")
        if self.dim != other.dim:
            return False
        if self.arithmetic == "exact" and other.arithmetic == "exact":
            return bool(self._exact_key() == other._exact_key())
        diff = canonical(self.network() - other.network(), rtol=rtol)
        return diff.size == 0 and _affine_zero(diff)

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


def _affine_zero(form: CanonicalForm) -> bool:
    if form.arithmetic == "exact":
        return all(x == 0 for x in form.c) and form.c0 == 0
    tol = form.rtol * form._scale
    return all(abs(x) <= tol for x in form.c) and abs(form.c0) <= tol


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
    if net.arithmetic == "exact":
        return _canonical_exact(net)
    if rtol is None:
        rtol = default_rtol(net.arithmetic)
    if not rtol >= 0:
        raise InvalidInput(f"rtol must be a non-negative number, got {rtol!r}")
    if net.arithmetic == "float":
        return _canonical_float(net, float(rtol))
    return _canonical_mp(net, mpmath.mpf(rtol))


def rtv2(net: ReLUNetwork) -> Any:
    r"""R-TV² of a shallow ReLU network: :math:`\sum_H |A_H|` over distinct hyperplanes (see :func:`canonical`).

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
    return CanonicalForm(d, "exact", normals, offsets, coef, np.array(c, dtype=object), c0, Fraction(0), Fraction(0))


# -- float (vectorised) -------------------------------------------------------------------------------------------
#: The fixed generic direction whose projection of the keys (u, t) is sorted to find coincident hyperplanes.
_PROJECTION_SEED = 20260101
#: Up to this many near pairs of projections, their members are found by value instead of by a full argsort.
_FEW_NEAR = 32


def _canonical_float(net: ReLUNetwork, tau: float) -> CanonicalForm:
    W, b, v = net.W, net.b, net.v
    d = net.dim
    c = np.array(net.c, dtype=np.float64)
    c0 = float(net.c0)
    scale_c, scale_c0 = float(np.sum(np.abs(c))), abs(c0)
    sq = np.einsum("kd,kd->k", W, W)
    live = v != 0
    const = live & (sq == 0)
    if const.any():
        c0 += float(np.sum(v[const] * np.maximum(-b[const], 0.0)))
        scale_c0 += float(np.sum(np.abs(v[const] * b[const])))
    keep = live & (sq > 0)
    if not keep.all():
        W, b, v, sq = W[keep], b[keep], v[keep], sq[keep]
    K = W.shape[0]
    norm = np.sqrt(sq, out=sq)
    A = v * norm
    # canonical sign: the first coordinate of u with |u_i| > tau is positive (|u_i| <= tau counts as zero)
    w0 = W[:, 0]
    negative = w0 < 0
    undecided = np.abs(w0) <= tau * norm
    if undecided.any():
        rest = np.flatnonzero(undecided)
        Wr = W[rest]
        first = np.argmax(np.abs(Wr) > tau * norm[rest, None], axis=1)  # some |u_i| >= 1/sqrt(d) > tau exists
        negative[rest] = Wr[np.arange(rest.size), first] < 0
    sgn = 1.0 - 2.0 * negative  # +1 or -1
    if negative.any():
        vf = v * negative
        c += vf @ W
        c0 -= float(vf @ b)
        np.abs(vf, out=vf)
        scale_c += float(vf @ norm)
        scale_c0 += float(vf @ np.abs(b))
    inv = np.divide(sgn, norm, out=sgn)  # sign / ||w||
    T = b * inv
    tscale = max(1.0, float(np.max(np.abs(T)))) if K else 1.0
    scale = max(scale_c, scale_c0, float(np.sum(np.abs(A))))
    if K == 0:
        return CanonicalForm(d, "float", np.empty((0, d)), np.empty(0), np.empty(0), c, c0, tau, scale)
    r = _projection(d)
    s = W @ r[:d]
    s *= inv
    s += T * (r[d] / tscale)
    # keys within tau (infinity norm) project within tau*||r||_1; a factor 2 covers the rounding of s itself
    reach = 2.0 * tau * float(np.sum(np.abs(r)))
    ss = np.sort(s)  # a sort is cheaper than an argsort: find first whether anything is near anything
    gap_near = np.diff(ss) <= reach
    n_near = int(np.count_nonzero(gap_near))
    if n_near == 0:  # every hyperplane is alone
        nonzero = A != 0
        if nonzero.all():  # no copies: the form refers to the network's (read-only) arrays
            return CanonicalForm(d, "float", None, T, A, c, c0, tau, scale, lazy=(W, slice(None), inv))
        rows = np.flatnonzero(nonzero)
        return CanonicalForm(d, "float", None, T[rows], A[rows], c, c0, tau, scale, lazy=(W, rows, inv[rows]))
    if n_near <= _FEW_NEAR:  # a few (accidental) near projections: find their members by value
        values = np.unique(np.concatenate((ss[:-1][gap_near], ss[1:][gap_near])))
        member = s == values[0]
        for val in values[1:]:
            member |= s == val
        members = np.flatnonzero(member)
        sel = members[np.argsort(s[members], kind="stable")]
    else:
        order = np.argsort(s)
        near = np.diff(s[order]) <= reach
        in_pos = np.zeros(K, dtype=bool)
        in_pos[:-1] |= near
        in_pos[1:] |= near
        sel = order[in_pos]
        member = np.zeros(K, dtype=bool)
        member[sel] = True
    single = np.flatnonzero(~member)
    # windows: maximal runs of sorted projections with consecutive gaps <= reach; only their members need grouping
    starts = np.ones(sel.size, dtype=bool)
    starts[1:] = np.diff(s[sel]) > reach
    g = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)[g]  # position (within sel) of the window's first member
    U = W[sel] * inv[sel, None]
    t = T[sel] / tscale
    dev = np.maximum(np.max(np.abs(U - U[first]), axis=1), np.abs(t - t[first]))
    if (dev > tau).any():  # rare: a window mixing distinct hyperplanes; cluster it greedily
        g = _split_windows(U, t, g, first, dev, tau)
        _, g = np.unique(g, return_inverse=True)
    n_groups = int(g.max()) + 1
    amp = np.bincount(g, weights=A[sel], minlength=n_groups)
    mag = np.bincount(g, weights=np.abs(A[sel]), minlength=n_groups)
    rep = np.empty(n_groups, dtype=np.int64)
    rep[g[::-1]] = sel[::-1]  # the first (sorted) member of each group represents it
    keep_m = np.abs(amp) > tau * mag
    kept_single = single[A[single] != 0]
    rows = np.concatenate((kept_single, rep[keep_m]))
    amps = np.concatenate((A[kept_single], amp[keep_m]))
    return CanonicalForm(d, "float", None, T[rows], amps, c, c0, tau, scale, lazy=(W, rows, inv[rows]))


@functools.lru_cache(maxsize=64)
def _projection(d: int) -> np.ndarray:
    """The fixed generic direction (entries of modulus in [1/2, 1], random signs) for keys in R^(d+1)."""
    rng = np.random.default_rng(_PROJECTION_SEED)
    r = rng.uniform(0.5, 1.0, size=d + 1) * rng.choice([-1.0, 1.0], size=d + 1)
    r.flags.writeable = False
    return r


def _split_windows(U: np.ndarray, t: np.ndarray, g: np.ndarray, first: np.ndarray, dev: np.ndarray,
                   tau: float) -> np.ndarray:
    """Split windows whose members are not all within tau of the first one: greedy clustering (first member
    within tau), window by window.  Returns new (not contiguous) group labels."""
    g = g.astype(np.int64) * 1
    next_id = int(g.max()) + 1
    for w in np.unique(g[dev > tau]):
        members = list(np.flatnonzero(g == w))
        while members:
            lead = members[0]
            close = [i for i in members
                     if max(float(np.max(np.abs(U[i] - U[lead]))), abs(float(t[i] - t[lead]))) <= tau]
            g[close] = next_id
            next_id += 1
            members = [i for i in members if i not in close]
    return g


# -- mp ------------------------------------------------------------------------------------------------------------
def _canonical_mp(net: ReLUNetwork, tau: mpmath.mpf) -> CanonicalForm:
    d = net.dim
    zero = mpmath.mpf(0)
    c = [mpmath.mpf(x) for x in net.c]
    c0 = mpmath.mpf(net.c0)
    scale = abs(c0) + mpmath.fsum(abs(x) for x in c)
    rows = []
    for w, b, v in net.neurons():
        if v == 0:
            continue
        nn = mpmath.fsum(x * x for x in w)
        if nn == 0:
            c0 += v * max(-b, zero)
            scale += abs(v * b)
            continue
        n = mpmath.sqrt(nn)
        u = [x / n for x in w]
        t = b / n
        first = next(i for i in range(d) if abs(u[i]) > tau)
        if u[first] < 0:
            for i in range(d):
                c[i] += v * w[i]
            c0 -= v * b
            scale += abs(v) * (n + abs(b))
            u, t = [-x for x in u], -t
        rows.append((u, t, v * n))
    tscale = max([mpmath.mpf(1), *[abs(r[1]) for r in rows]])
    rows.sort(key=lambda r: (*r[0], r[1]))
    groups: list[list[Any]] = []
    for u, t, a in rows:  # rows sorted lexicographically: compare with the groups of the recent window
        for g in reversed(groups[-8:]):
            if max(max(abs(x - y) for x, y in zip(u, g[0], strict=True)), abs(t - g[1]) / tscale) <= tau:
                g[2] += a
                g[3] += abs(a)
                break
        else:
            groups.append([u, t, a, abs(a)])
    scale = max(scale, mpmath.fsum(g[3] for g in groups) if groups else zero)
    kept = [g for g in groups if abs(g[2]) > tau * g[3]]
    normals = np.array([g[0] for g in kept], dtype=object).reshape(len(kept), d)
    offsets = np.array([g[1] for g in kept], dtype=object)
    amps = np.array([g[2] for g in kept], dtype=object)
    return CanonicalForm(d, "mp", normals, offsets, amps, np.array(c, dtype=object), c0, tau, scale)


# -- witness ------------------------------------------------------------------------------------------------------
def witness(f: ReLUNetwork, g: ReLUNetwork, *, seed: int = 0) -> np.ndarray | None:
    r"""A rational point :math:`x` with :math:`f(x) \ne g(x)`, or ``None`` when the exact networks are equal functions.

    Constructive proof of "different canonical forms ⇒ different functions": if :math:`h = f - g` has a hyperplane
    :math:`H` with :math:`A_H \ne 0`, take :math:`x_0 \in H` off every other hyperplane of :math:`h` and a step
    :math:`\varepsilon` along the normal :math:`p_H` too small to reach them; the second difference
    :math:`h(x_0+\varepsilon p) - 2h(x_0) + h(x_0-\varepsilon p) = q_H\varepsilon\|p\|^2 \ne 0`, so :math:`h` is nonzero
    at one of the three points.  Otherwise :math:`h` is affine and nonzero at :math:`0` or at a unit vector.
    Exact networks only (convert with ``as_exact()``).
    """
    if f.arithmetic != "exact" or g.arithmetic != "exact":
        raise InvalidInput("witness() needs exact networks; convert with net.as_exact()")
    if f.dim != g.dim:
        raise InvalidInput(f"networks have input dimensions {f.dim} and {g.dim}")
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
        slopes = [abs(sum(a * b for a, b in zip(q, p, strict=True))) for q in P[1:]]
        eps = min([Fraction(1)] + [abs(v) / (2 * sl) for v, sl in zip(vals, slopes, strict=True) if sl != 0])
        plus = [a + eps * b for a, b in zip(x0, p, strict=True)]
        minus = [a - eps * b for a, b in zip(x0, p, strict=True)]
        for x in (x0, plus, minus):
            pt = np.array(x, dtype=object)
            if h(pt) != 0:
                return pt
    raise AssertionError("witness(): no generic point found (should not happen)")  # pragma: no cover
