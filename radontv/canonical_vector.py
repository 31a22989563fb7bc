r"""Canonical forms of vector-valued shallow ReLU networks and their variation norms :math:`\|\cdot\|_{2,M}`,
:math:`\|\cdot\|_{M,1}`.

A network :math:`f(x) = \sum_k v_k\sigma(w_k^\top x - b_k) + C^\top x + c_0` with output weights
:math:`v_k \in \mathbb R^D`, :math:`C \in \mathbb R^{d\times D}`, :math:`c_0 \in \mathbb R^D` is, output by output, a
scalar network on the **same** neurons.  So its canonical form is the scalar one (:mod:`radontv.canonical_form`)
with a trailing output axis: the hyperplanes are grouped exactly as in the scalar case (the grouping depends on the
normals and offsets only, never on the output weights: :mod:`radontv.hyperplane_groups`), neurons turned over by the
canonical sign move :math:`v_k(w_k^\top x - b_k)` into the now vector-valued affine part, and each hyperplane
carries the amplitude **vector**

.. math:: A_H = \sum_{k \in H} v_k\|w_k\|_2 \in \mathbb R^D, \qquad
   f(x) = \sum_H A_H\,\sigma(u_H^\top x - t_H) + C^\top x + c_0 .

A hyperplane is dropped when :math:`A_H = 0` (exact) or, in float and mp, when
:math:`\|A_H\|_2 \le \tau\sum_{k\in H}\|v_k\|_2\|w_k\|_2` (the scalar law with the Euclidean norm over the outputs:
per group, relative to the group's own terms, unchanged when :math:`x` or :math:`y` is rescaled; for :math:`D = 1` it
is the scalar law).  Two vector networks are the same function iff every output is, iff the canonical form of their
difference is empty with a zero affine part.

Norms ([SPLN24] = Shenouda, Parhi, Lee, Nowak, JMLR 25, 2024, eqs. (13)-(19), Remark 15):

* :math:`\mathrm{R\text{-}TV}^2(f) = \|f\|_{2,M} = \sum_H \|A_H\|_2` -- the variation norm that **weight decay**
  induces: for distinct hyperplanes it is the balanced weight decay :math:`\sum_k\|v_k\|_2\|w_k\|_2`;
* :math:`\|f\|_{M,1} = \sum_H \|A_H\|_1 = \sum_{j} \mathrm{R\text{-}TV}^2(f_j)` -- the per-output norm of [PN22],
  which is *not* weight decay; :math:`\|f\|_{2,M} \le \|f\|_{M,1} \le \sqrt D\,\|f\|_{2,M}`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from .canonical_form import CanonicalForm, _fmt, _max_scale, _primitive
from .errors import InvalidInput
from .hyperplane_groups import group_float, group_mp, sort_normal_projections
from .network import ReLUNetwork
from .scalars import to_mpf

__all__ = ["VectorCanonicalForm", "as_vector_network", "canonical_vector", "output_network"]


def output_network(net: ReLUNetwork, j: int) -> ReLUNetwork:
    """The scalar network of output ``j`` of ``net`` (the same neurons, output weights ``V[:, j]``)."""
    if not 0 <= j < net.outputs:
        raise InvalidInput(f"output index {j} out of range: the network has {net.outputs} output(s)")
    if not net.vector_valued:
        return net
    W = net.W if net.width else np.empty((0, net.dim), dtype=object)
    return ReLUNetwork(W, list(net.b), list(net.V[:, j]), list(net.c[:, j]), net.c0[j])


def as_vector_network(net: ReLUNetwork) -> ReLUNetwork:
    """``net`` with a 2-D output axis: a scalar network becomes the vector network with ``D = 1`` (same function)."""
    if net.vector_valued:
        return net
    W = net.W if net.width else np.empty((0, net.dim), dtype=object)
    return ReLUNetwork(W, list(net.b), net.V, np.asarray(net.c, dtype=object).reshape(net.dim, 1), [net.c0])


class VectorCanonicalForm(CanonicalForm):
    r"""The canonical form :math:`f = \sum_H A_H\sigma(u_H^\top x - t_H) + C^\top x + c_0` of a vector network.

    As :class:`~radontv.canonical_form.CanonicalForm` with a trailing output axis: ``coefficients`` has shape
    (H, D) (exact: rationals :math:`q_H` with :math:`A_H = q_H\|p_H\|_2`; else the amplitude vectors), ``c`` shape
    (d, D), ``c0`` shape (D,); ``outputs`` is :math:`D`.
    """

    __slots__ = ("outputs",)

    def __init__(self, dim: int, outputs: int, arithmetic: Any, normals: np.ndarray | None, offsets: np.ndarray,
                 coefficients: np.ndarray, c: np.ndarray, c0: np.ndarray, rtol: Any = 0,
                 scale: tuple[Any, Any] = (0, 0), lazy: tuple[np.ndarray, Any, np.ndarray] | None = None) -> None:
        super().__init__(dim, arithmetic, normals, offsets, coefficients, c, c0, rtol, scale, lazy)
        self.outputs = outputs

    # -- amplitudes and norms ---------------------------------------------------------------------------------
    def _pnorms(self) -> list[Any]:
        import sympy

        return [sympy.sqrt(sum(int(x) ** 2 for x in p)) for p in self.normals]

    @property
    def amplitudes(self) -> np.ndarray:
        r"""The amplitude vectors :math:`A_H`, shape (H, D) (exact: sympy numbers :math:`q_{Hj}\|p_H\|_2`)."""
        if self.arithmetic != "exact":
            return self.coefficients
        import sympy

        out = np.empty((self.size, self.outputs), dtype=object)
        for h, n in enumerate(self._pnorms()):
            for j, q in enumerate(self.coefficients[h]):
                out[h, j] = sympy.Rational(q.numerator, q.denominator) * n
        return out

    def amplitudes_squared(self) -> np.ndarray:
        r""":math:`\|A_H\|_2^2`, shape (H,) (exact: rationals :math:`\|q_H\|^2\|p_H\|^2`)."""
        if self.arithmetic != "exact":
            return np.array([_sumsq(row, self.arithmetic) for row in self.coefficients],
                            dtype=np.float64 if self.arithmetic == "float" else object)
        return np.array([sum((q * q for q in row), Fraction(0)) * sum(int(x) ** 2 for x in p)
                         for row, p in zip(self.coefficients, self.normals, strict=True)], dtype=object)

    def amplitude_norms(self) -> np.ndarray:
        r""":math:`\|A_H\|_2`, shape (H,) (exact: sympy :math:`\sqrt{\|q_H\|^2}\,\|p_H\|_2`)."""
        if self.arithmetic == "float":
            return _row_norms(np.asarray(self.coefficients, dtype=np.float64).reshape(self.size, self.outputs))
        if self.arithmetic == "mp":
            return np.array([_norm(row, "mp") for row in self.coefficients], dtype=object)
        import sympy

        return np.array([sympy.sqrt(_q(sum((q * q for q in row), Fraction(0)))) * n
                         for row, n in zip(self.coefficients, self._pnorms(), strict=True)], dtype=object)

    def rtv2(self) -> Any:
        r""":math:`\|f\|_{2,M} = \sum_H \|A_H\|_2` ([SPLN24] eqs. (13)-(19)): the weight-decay variation norm."""
        norms = self.amplitude_norms()
        if self.arithmetic == "exact":
            import sympy

            return sympy.Add(*norms)
        if self.arithmetic == "float":
            return float(np.sum(norms))
        return mpmath.fsum(norms)

    def per_output_norm(self) -> Any:
        r""":math:`\|f\|_{M,1} = \sum_H \|A_H\|_1` ([PN22]; [SPLN24] Remark 15): **not** weight decay."""
        if self.arithmetic == "exact":
            import sympy

            return sympy.Add(*[_q(sum((abs(q) for q in row), Fraction(0))) * n
                               for row, n in zip(self.coefficients, self._pnorms(), strict=True)])
        if self.arithmetic == "float":
            return float(np.sum(np.abs(np.asarray(self.coefficients, dtype=np.float64))))
        return mpmath.fsum(abs(a) for row in self.coefficients for a in row)

    def output(self, j: int) -> CanonicalForm:
        """The scalar canonical form of output ``j`` (the hyperplanes whose amplitude has a nonzero entry j)."""
        if not 0 <= j < self.outputs:
            raise InvalidInput(f"output index {j} out of range: the form has {self.outputs} output(s)")
        rows = [h for h in range(self.size) if self.coefficients[h][j] != 0]
        normals = np.array([self.normals[h] for h in rows], dtype=self.normals.dtype).reshape(len(rows), self.dim)
        dtype = np.float64 if self.arithmetic == "float" else object
        coef = np.array([self.coefficients[h][j] for h in rows], dtype=dtype)
        offsets = np.array([self.offsets[h] for h in rows], dtype=dtype)
        return CanonicalForm(self.dim, self.arithmetic, normals, offsets, coef, np.array(self.c[:, j], dtype=dtype),
                             self.c0[j], self.rtol, self._scale)

    def network(self) -> ReLUNetwork:
        r"""The merged vector network :math:`\sum_H A_H\sigma(u_H^\top x - t_H) + C^\top x + c_0` (exact: with
        :math:`q_H`, :math:`p_H`, :math:`\beta_H`): the same function with one neuron per hyperplane."""
        D = self.outputs
        if self.size == 0:
            return ReLUNetwork(np.empty((0, self.dim), dtype=object), [], np.empty((0, D), dtype=object), self.c,
                               self.c0)
        if self.arithmetic == "exact":
            W = np.array([[Fraction(int(x)) for x in p] for p in self.normals], dtype=object)
            b = [Fraction(int(x)) for x in self.offsets]
            return ReLUNetwork(W, b, self.coefficients, self.c, self.c0)
        return ReLUNetwork(self.normals, self.offsets, self.coefficients, self.c, self.c0)

    def sinogram(self) -> list[tuple[Any, Any, Any]]:
        """Not defined for vector amplitudes: draw one output, ``form.output(j).sinogram()``."""
        raise InvalidInput("a sinogram has scalar atoms; draw one output with form.output(j).sinogram()")

    # -- comparison -------------------------------------------------------------------------------------------
    def equals(self, other: CanonicalForm, rtol: Any = None) -> bool:
        """Whether the two forms describe the same function (exact: identical; else the difference's form is empty
        with a zero affine part, by the vector law of the module docstring).  A scalar form counts as ``D = 1``."""
        if not isinstance(other, CanonicalForm):
            raise InvalidInput(f"compare a CanonicalForm with another CanonicalForm, not {type(other).__name__}")
        other = as_vector_form(other)
        if self.dim != other.dim or self.outputs != other.outputs:
            return False
        if self.arithmetic == "exact" and other.arithmetic == "exact":
            return bool(self._exact_key() == other._exact_key())
        diff = canonical_vector(self.network() - other.network(), rtol=rtol)
        # an exact form sums no rounded terms (its magnitudes are Fraction zeros, which mpf cannot compare with)
        scales = [f._scale for f in (self, other) if f.arithmetic != "exact"]
        return diff.size == 0 and affine_zero(diff, _max_scale(*scales))

    def _exact_key(self) -> tuple[Any, ...]:
        return (tuple(tuple(int(x) for x in p) for p in self.normals), tuple(int(x) for x in self.offsets),
                tuple(tuple(row) for row in self.coefficients), tuple(self.c.flat), tuple(self.c0))

    def __str__(self) -> str:
        lines = [f"canonical form in d = {self.dim} with D = {self.outputs} outputs ({self.arithmetic}), "
                 f"{self.size} hyperplane(s):"]
        us, ts = self.unit_normals()
        for u, t, a in zip(us, ts, self.amplitudes, strict=True):
            lines.append(f"  A = ({', '.join(_fmt(x) for x in a)})  on  u = ({', '.join(_fmt(x) for x in u)}), "
                         f"t = {_fmt(t)}")
        lines.append(f"  affine: C = {[[_fmt(x) for x in row] for row in self.c]}, "
                     f"c0 = ({', '.join(_fmt(x) for x in self.c0)})")
        lines.append(f"  R-TV2 = ||.||_(2,M) = {_fmt(self.rtv2())}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (floats)."""
        us, ts = self.unit_normals()
        return {"dim": self.dim, "outputs": self.outputs, "arithmetic": self.arithmetic,
                "hyperplanes": [{"u": [float(x) for x in u], "t": float(t), "A": [float(x) for x in a]}
                                for u, t, a in zip(us, ts, self.amplitudes, strict=True)],
                "c": [[float(x) for x in row] for row in self.c], "c0": [float(x) for x in self.c0],
                "rtv2": float(self.rtv2())}


def as_vector_form(form: CanonicalForm) -> VectorCanonicalForm:
    """A scalar form as the vector form with ``D = 1`` (vector forms unchanged)."""
    if isinstance(form, VectorCanonicalForm):
        return form
    coef = np.asarray(form.coefficients).reshape(form.size, 1)
    c = np.asarray(form.c).reshape(form.dim, 1)
    c0 = np.array([form.c0], dtype=np.float64 if form.arithmetic == "float" else object)
    return VectorCanonicalForm(form.dim, 1, form.arithmetic, form.normals, form.offsets, coef, c, c0, form.rtol,
                               form._scale)


def affine_zero(form: VectorCanonicalForm, scale: tuple[Any, Any] = (0, 0)) -> bool:
    r"""Whether the affine part vanishes: exactly, or each row :math:`C_i` of the linear part in norm at most
    ``rtol`` times the linear magnitudes and :math:`\|c_0\|_2` at most ``rtol`` times the constant magnitudes summed
    into the form (or ``scale`` when larger)."""
    if form.arithmetic == "exact":
        return all(x == 0 for x in form.c.flat) and all(x == 0 for x in form.c0)
    linear, constant = _max_scale(form._scale, scale)
    kind = form.arithmetic
    return (all(_norm(row, kind) <= form.rtol * linear for row in form.c)
            and _norm(form.c0, kind) <= form.rtol * constant)


# -- helpers -------------------------------------------------------------------------------------------------------
def _q(x: Fraction) -> Any:
    import sympy

    return sympy.Rational(x.numerator, x.denominator)


def _sumsq(row: Any, kind: str) -> Any:
    if kind == "float":
        return float(np.dot(row, row))
    return mpmath.fsum(x * x for x in row)


def _norm(row: Any, kind: str) -> Any:
    """Euclidean norm of a float or mp row, scaled by its largest entry (no overflow; one nonzero entry gives
    exactly its modulus, so ``D = 1`` reproduces the scalar code's ``abs``)."""
    if kind == "float":
        return float(_row_norms(np.asarray(row, dtype=np.float64).reshape(1, -1))[0])
    m = max((abs(x) for x in row), default=mpmath.mpf(0))
    return m * mpmath.sqrt(mpmath.fsum((x / m) ** 2 for x in row)) if m else m


def _row_norms(M: np.ndarray) -> np.ndarray:
    """Euclidean norms of the rows of a float matrix, scaled by each row's largest entry (no overflow or underflow;
    a row with one nonzero entry gives exactly its modulus, so ``D = 1`` reproduces the scalar code's ``abs``)."""
    if M.shape[0] == 0:
        return np.zeros(0)
    m = np.max(np.abs(M), axis=1) if M.shape[1] else np.zeros(M.shape[0])
    safe = np.where(m > 0, m, 1.0)
    return m * np.sqrt(np.sum((M / safe[:, None]) ** 2, axis=1))


# -- builders ------------------------------------------------------------------------------------------------------
def canonical_vector(net: ReLUNetwork, *, rtol: Any = None) -> VectorCanonicalForm:
    """The canonical form of a (vector-valued) network; a scalar network is treated as ``D = 1``."""
    from .canonical_form import inexact_rtol
    from .canonical_inexact import _check_sign_rule

    net = as_vector_network(net)
    if net.arithmetic == "exact":
        return _canonical_exact(net)
    rtol = inexact_rtol(net.arithmetic, rtol)
    _check_sign_rule(rtol, net.dim)  # rtol >= 1/sqrt(d): no canonical sign (mp raised StopIteration)
    if net.arithmetic == "float":
        return _canonical_float(net, float(rtol))
    return _canonical_mp(net, to_mpf(rtol))  # to_mpf: a Fraction or sympy Rational rtol too


def _canonical_exact(net: ReLUNetwork) -> VectorCanonicalForm:
    d, D = net.dim, net.outputs
    zero = Fraction(0)
    C = [[Fraction(x) for x in row] for row in np.asarray(net.c).reshape(d, D)]
    c0 = [Fraction(x) for x in np.asarray(net.c0).reshape(D)]
    groups: dict[tuple[int, ...], list[Fraction]] = {}
    for w, b, v in zip(net.W, net.b, net.V, strict=True):
        if all(x == 0 for x in v):
            continue
        if all(x == 0 for x in w):
            for j in range(D):
                c0[j] += v[j] * max(-b, zero)  # the constant v relu(-b)
            continue
        key, alpha, sign = _primitive([*w, b])
        if sign < 0:  # v relu(y) = v relu(-y) + v y: the affine remainder
            for i in range(d):
                for j in range(D):
                    C[i][j] += v[j] * w[i]
            for j in range(D):
                c0[j] -= v[j] * b
        acc = groups.setdefault(key, [zero] * D)
        for j in range(D):
            acc[j] += v[j] * alpha
    keys = sorted(k for k, q in groups.items() if any(x != 0 for x in q))
    normals = np.array([list(k[:-1]) for k in keys], dtype=object).reshape(len(keys), d)
    offsets = np.array([k[-1] for k in keys], dtype=object)
    coef = np.array([groups[k] for k in keys], dtype=object).reshape(len(keys), D)
    return VectorCanonicalForm(d, D, "exact", normals, offsets, coef, np.array(C, dtype=object).reshape(d, D),
                               np.array(c0, dtype=object), zero, (zero, zero))


def _canonical_float(net: ReLUNetwork, tau: float) -> VectorCanonicalForm:
    """Float: the scalar builder's steps (:func:`radontv.canonical_inexact.canonical_float`) with vector v."""
    from .canonical_inexact import _first_pass

    W, b = net.W, net.b
    V = np.asarray(net.V, dtype=np.float64)
    d, D = net.dim, net.outputs
    c = np.array(net.c, dtype=np.float64).reshape(d, D)
    c0 = np.array(net.c0, dtype=np.float64).reshape(D)
    scale_c, scale_c0 = float(np.sum(_row_norms(c))), _norm(c0, "float")
    sq, s, negative, _ = _first_pass(W, None, tau)  # the canonical signs: normals only
    vnorm = _row_norms(V)
    if negative.any():  # products by einsum, not BLAS: the same digits at every BLAS thread count
        c += np.einsum("kd,kj->dj", W[negative], V[negative])
    nonzero = vnorm != 0
    keep = nonzero & (sq > 0)
    if not keep.all():
        const = nonzero & (sq == 0)  # w = 0: the constant v relu(-b)
        if const.any():
            c0 += np.einsum("k,kj->j", np.maximum(-b[const], 0.0), V[const])
            scale_c0 += float(np.sum(vnorm[const] * np.abs(b[const])))
        W, b, V, vnorm, sq, s, negative = (np.compress(keep, x, axis=0) for x in (W, b, V, vnorm, sq, s, negative))
    K = W.shape[0]
    norm = np.sqrt(sq)
    A = V * norm[:, None]
    Anorm = vnorm * norm
    if negative.any():
        c0 -= np.einsum("k,kj->j", b[negative], V[negative])
        scale_c += float(np.sum(Anorm[negative]))
        scale_c0 += float(np.sum(vnorm[negative] * np.abs(b[negative])))
    inv = np.where(negative, -1.0, 1.0)
    inv /= norm
    T = b * inv
    scale = (max(scale_c, float(np.sum(Anorm))), scale_c0)
    if K == 0:
        return VectorCanonicalForm(d, D, "float", np.empty((0, d)), np.empty(0), np.empty((0, D)), c, c0, tau, scale)
    s = s * inv  # u . r
    order, near = sort_normal_projections(s, d, tau)
    if not near.any():
        rows = np.flatnonzero(np.any(A != 0, axis=1))
        return VectorCanonicalForm(d, D, "float", None, T[rows], A[rows], c, c0, tau, scale,
                                   lazy=(W, rows, inv[rows]))
    sel, g, single, rep = group_float(W, inv, T, order, near, tau)
    n_groups = rep.size
    A_sel = np.take(A, sel, axis=0)
    amp = np.stack([np.bincount(g, weights=A_sel[:, j], minlength=n_groups) for j in range(D)], axis=1)
    mag = np.bincount(g, weights=np.take(Anorm, sel), minlength=n_groups)
    keep_m = _row_norms(amp) > tau * mag
    kept_single = np.compress(np.any(np.take(A, single, axis=0) != 0, axis=1), single)
    rows = np.concatenate((kept_single, np.compress(keep_m, rep)))
    amps = np.concatenate((np.take(A, kept_single, axis=0), np.compress(keep_m, amp, axis=0)))
    return VectorCanonicalForm(d, D, "float", None, np.take(T, rows), amps, c, c0, tau, scale,
                               lazy=(W, rows, np.take(inv, rows)))


def _canonical_mp(net: ReLUNetwork, tau: mpmath.mpf) -> VectorCanonicalForm:
    """mp: the scalar builder's steps (:func:`radontv.canonical_inexact.canonical_mp`) with vector v."""
    d, D = net.dim, net.outputs
    zero = mpmath.mpf(0)
    C = [[mpmath.mpf(x) for x in row] for row in np.asarray(net.c).reshape(d, D)]
    c0 = [mpmath.mpf(x) for x in np.asarray(net.c0).reshape(D)]
    scale_c = mpmath.fsum(_norm(row, "mp") for row in C)
    scale_c0 = _norm(c0, "mp")
    U, T, A, An = [], [], [], []
    for w, b, v in zip(net.W, net.b, net.V, strict=True):
        vn = _norm(v, "mp")
        if vn == 0:
            continue
        nn = mpmath.fsum(x * x for x in w)
        if nn == 0:
            for j in range(D):
                c0[j] += v[j] * max(-b, zero)
            scale_c0 += vn * abs(b)
            continue
        n = mpmath.sqrt(nn)
        u = [x / n for x in w]
        t = b / n
        first = next(i for i in range(d) if abs(u[i]) > tau)
        if u[first] < 0:
            for i in range(d):
                for j in range(D):
                    C[i][j] += v[j] * w[i]
            for j in range(D):
                c0[j] -= v[j] * b
            scale_c += vn * n
            scale_c0 += vn * abs(b)
            u, t = [-x for x in u], -t
        U.append(u)
        T.append(t)
        A.append([x * n for x in v])
        An.append(vn * n)
    labels = group_mp(U, T, tau)
    n_groups = max(labels, default=-1) + 1
    amp = [[zero] * D for _ in range(n_groups)]
    mag, rep = [zero] * n_groups, [-1] * n_groups
    for k, label in enumerate(labels):
        for j in range(D):
            amp[label][j] += A[k][j]
        mag[label] += An[k]
        if rep[label] < 0:
            rep[label] = k
    scale = (max(scale_c, mpmath.fsum(mag)), scale_c0)
    kept = [h for h in range(n_groups) if _norm(amp[h], "mp") > tau * mag[h]]
    normals = np.array([U[rep[h]] for h in kept], dtype=object).reshape(len(kept), d)
    offsets = np.array([T[rep[h]] for h in kept], dtype=object)
    amps = np.array([amp[h] for h in kept], dtype=object).reshape(len(kept), D)
    return VectorCanonicalForm(d, D, "mp", normals, offsets, amps, np.array(C, dtype=object).reshape(d, D),
                               np.array(c0, dtype=object), tau, scale)
