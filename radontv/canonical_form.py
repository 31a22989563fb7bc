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
  :func:`default_rtol`).  Grouping is sort-based: one sort of a fixed generic projection of the keys finds the
  windows of candidates, and only their members are compared coordinate by coordinate: O(K log K), no O(K²).
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
        empty: every merged amplitude and the affine part vanish up to ``rtol`` times the magnitudes summed (for the
        affine part, including the magnitudes summed into each form).
        """
        if not isinstance(other, CanonicalForm):
            raise InvalidInput(f"compare a CanonicalForm with another CanonicalForm, not {type(other).__name__}")
        if self.dim != other.dim:
            return False
        if self.arithmetic == "exact" and other.arithmetic == "exact":
            return bool(self._exact_key() == other._exact_key())
        diff = canonical(self.network() - other.network(), rtol=rtol)
        # the difference's own terms can be tiny (c - c' ~ 1e-16) while the rounding in c and c' came from the
        # terms of each form: compare with the larger of the three magnitudes
        return diff.size == 0 and _affine_zero(diff, max(self._scale, other._scale))

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


def _affine_zero(form: CanonicalForm, scale: Any = 0) -> bool:
    """Whether the affine part vanishes: exactly, or up to ``rtol`` times the magnitude of the terms summed into it
    (the form's own, or ``scale`` when larger: the terms of the forms a difference was taken of)."""
    if form.arithmetic == "exact":
        return all(x == 0 for x in form.c) and form.c0 == 0
    tol = form.rtol * max(form._scale, scale)
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


#: Rows per block of the first pass over W: a block (about 5 MB for d = 10) stays in cache while its squared norms,
#: projections and affine remainder are computed, so W is read from memory once.
_BLOCK_BYTES = 1 << 22


def _canonical_float(net: ReLUNetwork, tau: float) -> CanonicalForm:
    W, b, v = net.W, net.b, net.v
    d = net.dim
    c = np.array(net.c, dtype=np.float64)
    c0 = float(net.c0)
    scale_c, scale_c0 = float(np.sum(np.abs(c))), abs(c0)
    sq, s, negative, flip = _first_pass(W, v, tau)
    c += flip
    keep = (v != 0) & (sq > 0)
    if not keep.all():
        const = (v != 0) & (sq == 0)  # w = 0: the constant v relu(-b)
        if const.any():
            c0 += float(np.sum(v[const] * np.maximum(-b[const], 0.0)))
            scale_c0 += float(np.sum(np.abs(v[const] * b[const])))
        W, b, v, sq, s, negative = (np.compress(keep, x, axis=0) for x in (W, b, v, sq, s, negative))
    K = W.shape[0]
    norm = np.sqrt(sq, out=sq)
    A = v * norm
    if negative.any():
        vf = v * negative
        c0 -= float(vf @ b)
        np.abs(vf, out=vf)
        scale_c += float(vf @ norm)
        scale_c0 += float(vf @ np.abs(b))
    inv = np.where(negative, -1.0, 1.0)
    inv /= norm  # sign / ||w||
    T = b * inv
    tscale = max(1.0, float(np.max(np.abs(T)))) if K else 1.0
    scale = max(scale_c, scale_c0, float(np.sum(np.abs(A))))
    if K == 0:
        return CanonicalForm(d, "float", np.empty((0, d)), np.empty(0), np.empty(0), c, c0, tau, scale)
    r = _projection(d)
    s *= inv
    s += T * (r[d] / tscale)
    # keys within tau (infinity norm) project within tau*||r||_1; a factor 2 covers the rounding of s itself
    reach = 2.0 * tau * float(np.sum(np.abs(r)))
    order, near = _sort_projections(s, 1.01 * float(np.sum(np.abs(r))), reach)
    if not near.any():  # every hyperplane is alone
        nonzero = A != 0
        if nonzero.all():  # no copies: the form refers to the network's (read-only) arrays
            return CanonicalForm(d, "float", None, T, A, c, c0, tau, scale, lazy=(W, slice(None), inv))
        rows = np.flatnonzero(nonzero)
        return CanonicalForm(d, "float", None, T[rows], A[rows], c, c0, tau, scale, lazy=(W, rows, inv[rows]))
    sel, g, starts = _windows(order, near)
    single = np.ones(K, dtype=bool)
    single[sel] = False
    single = np.flatnonzero(single)
    g = _verify_windows(W, T / tscale, inv, sel, g, starts, tau)
    n_groups = int(g.max()) + 1
    A_sel = np.take(A, sel)
    amp = np.bincount(g, weights=A_sel, minlength=n_groups)
    mag = np.bincount(g, weights=np.abs(A_sel), minlength=n_groups)
    rep = np.empty(n_groups, dtype=np.int64)
    rep[g[::-1]] = sel[::-1]  # the first (sorted) member of each group represents it
    keep_m = np.abs(amp) > tau * mag  # labels left empty by _split_windows have amp = mag = 0: dropped
    kept_single = np.compress(np.take(A, single) != 0, single)
    rows = np.concatenate((kept_single, np.compress(keep_m, rep)))
    amps = np.concatenate((np.take(A, kept_single), np.compress(keep_m, amp)))
    return CanonicalForm(d, "float", None, np.take(T, rows), amps, c, c0, tau, scale,
                         lazy=(W, rows, np.take(inv, rows)))


def _first_pass(W: np.ndarray, v: np.ndarray, tau: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""One blocked pass over ``W``: the squared norms :math:`\|w_k\|^2`, the projections :math:`w_k^\top r`, which
    neurons the canonical sign turns over (``negative``), and the linear part :math:`\sum_{k\ \mathrm{negative}}
    v_k w_k` their parity identity moves into the affine part.

    Canonical sign: the first coordinate :math:`i` of :math:`w_k` with :math:`|w_{ki}| > \tau\|w_k\|` (coordinates
    at most that small count as zero) is positive.  Rows with :math:`w_k = 0` are never turned over.
    """
    K, d = W.shape
    P = _projection_matrix(d)
    sq = np.empty(K)
    proj = np.empty((2, K))  # rows: W r and W[:, 0]
    negative = np.empty(K, dtype=bool)
    flip = np.zeros(d)
    step = max(1, _BLOCK_BYTES // (8 * d))
    for lo in range(0, K, step):
        hi = min(K, lo + step)
        Wb = W[lo:hi]
        np.einsum("kd,kd->k", Wb, Wb, out=sq[lo:hi])
        np.matmul(P, Wb.T, out=proj[:, lo:hi])
        w0, neg = proj[1, lo:hi], negative[lo:hi]
        np.less(w0, 0.0, out=neg)
        undecided = np.flatnonzero(w0 * w0 <= (tau * tau) * sq[lo:hi])
        if undecided.size:
            Wr = Wb[undecided]
            big = np.abs(Wr) > tau * np.sqrt(sq[lo:hi][undecided])[:, None]
            first = np.argmax(big, axis=1)  # all False (w = 0) gives 0, and w_0 = 0 is not negative
            neg[undecided] = Wr[np.arange(undecided.size), first] < 0
        if neg.any():
            flip += (v[lo:hi] * neg) @ Wb
    return sq, proj[0], negative, flip


def _windows(order: np.ndarray, near: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The members of the windows (maximal runs of sorted projections joined by near gaps), in sorted order, their
    window labels ``0, 0, 1, 1, 1, 2, ...``, and the positions (in that order) where each window starts."""
    after_near = np.zeros(order.size, dtype=bool)  # sorted position p follows a near gap
    after_near[1:] = near
    in_window = after_near.copy()
    in_window[:-1] |= near
    sel = np.compress(in_window, order)
    opens = ~np.compress(in_window, after_near)
    return sel, np.cumsum(opens) - 1, np.flatnonzero(opens)


def _verify_windows(W: np.ndarray, t: np.ndarray, inv: np.ndarray, sel: np.ndarray, g: np.ndarray,
                    starts: np.ndarray, tau: float) -> np.ndarray:
    """Group labels for the window members ``sel``: a window whose keys (unit normal ``W[k] * inv[k]``, scaled
    offset ``t[k]``) are all within tau (infinity norm) of its first member's (its *lead*, at ``sel[starts[w]]``)
    is one hyperplane; the rare others are split greedily.

    Memory traffic decides the speed: the leads' rows are gathered once (random access), the other members' rows in
    memory order (one sort of packed (row, position) keys), and each is compared with its lead's cached key.
    """
    n = sel.size
    lead_rows = np.take(sel, starts)
    lead_u = np.take(W, lead_rows, axis=0)  # np.take gathers rows several times faster than fancy indexing
    lead_u *= np.take(inv, lead_rows)[:, None]
    lead_t = np.take(t, lead_rows)
    others = np.ones(n, dtype=bool)
    others[starts] = False
    bits = max(1, (n - 1).bit_length())
    packed = np.compress(others, sel).astype(np.int64) << bits
    packed |= np.flatnonzero(others)
    packed.sort()  # the other members in memory order
    rows = packed >> bits
    labels = np.take(g, packed & ((1 << bits) - 1))
    dev = np.take(W, rows, axis=0)
    dev *= np.take(inv, rows)[:, None]
    np.subtract(dev, np.take(lead_u, labels, axis=0), out=dev)
    np.abs(dev, out=dev)
    dt = np.abs(np.take(t, rows) - np.take(lead_t, labels))
    if dev.max() <= tau and dt.max() <= tau:
        return g
    far = np.take(labels, np.union1d(np.flatnonzero(dev.ravel() > tau) // W.shape[1], np.flatnonzero(dt > tau)))
    return _split_windows(W, t, inv, sel, g, np.unique(far), tau)


def _split_windows(W: np.ndarray, t: np.ndarray, inv: np.ndarray, sel: np.ndarray, g: np.ndarray,
                   windows: np.ndarray, tau: float) -> np.ndarray:
    """Split the given windows (whose members are not all within tau of the first one) by greedy clustering
    (members within tau of the first unclustered member).  Windows are contiguous runs of the sorted labels
    ``g``; returns new group labels (the split windows' old labels are left unused)."""
    g = g.copy()
    next_id = int(g[-1]) + 1
    begin, end = np.searchsorted(g, windows, "left"), np.searchsorted(g, windows, "right")
    for lo, hi in zip(begin, end, strict=True):
        rows = sel[lo:hi]
        U, ts = W[rows] * inv[rows, None], t[rows]
        members = np.arange(hi - lo)
        while members.size:
            lead = members[0]
            close = np.maximum(np.max(np.abs(U[members] - U[lead]), axis=1), np.abs(ts[members] - ts[lead])) <= tau
            g[lo + members[close]] = next_id
            next_id += 1
            members = members[~close]
    return g


@functools.lru_cache(maxsize=64)
def _projection(d: int) -> np.ndarray:
    """The fixed generic direction (entries of modulus in [1/2, 1], random signs) for keys in R^(d+1)."""
    rng = np.random.default_rng(_PROJECTION_SEED)
    r = rng.uniform(0.5, 1.0, size=d + 1) * rng.choice([-1.0, 1.0], size=d + 1)
    r.flags.writeable = False
    return r


@functools.lru_cache(maxsize=64)
def _projection_matrix(d: int) -> np.ndarray:
    """Rows: the normal part of :func:`_projection` and the first unit vector."""
    P = np.zeros((2, d))
    P[0] = _projection(d)[:d]
    P[1, 0] = 1.0
    P.flags.writeable = False
    return P


def _sort_projections(s: np.ndarray, bound: float, reach: float) -> tuple[np.ndarray, np.ndarray]:
    """``order`` (an argsort of ``s``, ``|s| <= bound``, up to ties: values closer than ``reach`` may come in either
    order) and ``near[p]``: whether sorted positions p and p + 1 may lie within ``reach`` of each other (a superset
    of the pairs that do).

    When ``s`` can be quantised on a grid of step ``h <= reach`` with room left for the index in 64 bits, the
    argsort is one sort of the unsigned keys ``(quantised s) << bits | index`` (numpy sorts integers several times
    faster than it argsorts floats); positions are then near when their quantised values differ by at most
    ``ceil((reach + 2^-48 bound) / h) + 2`` (room for the rounding of the quantisation).  Otherwise (K beyond about
    4·10⁶ at the default tolerance, or a tolerance too fine to quantise) a plain argsort.
    """
    K = s.size
    ibits = max(1, (K - 1).bit_length())
    kbits = 63 - ibits - 1  # int64 (sorted faster than uint64); one bit of headroom for rounding at the top
    step = 2.0 * bound / 2.0**kbits
    if step > reach or kbits < 1:
        order = np.argsort(s)
        return order, np.diff(np.take(s, order)) <= reach
    q = s + bound
    q *= 1.0 / step
    keys = q.astype(np.int64)
    keys <<= ibits
    keys |= np.arange(K, dtype=np.int64)
    keys.sort()
    order = keys & ((1 << ibits) - 1)
    keys >>= ibits
    # rounding: s + bound is off by at most ulp(2 bound), the scaling by 2^-52 relatively, the truncation by 1
    return order, np.diff(keys) <= math.ceil((reach + 2.0**-48 * bound) / step) + 2


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
