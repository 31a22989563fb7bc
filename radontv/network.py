r"""Shallow ReLU networks with an affine skip term, scalar- or vector-valued, in exact, mpmath or float arithmetic.

.. math::

    f(x) = \sum_{k=1}^{K} v_k\,\sigma(w_k^\top x - b_k) + c^\top x + c_0, \qquad \sigma(z) = \max\{0, z\},

with input dimension :math:`d` (``W`` has shape ``(K, d)``).  This is the network of Parhi & Nowak (JMLR 2021,
eq. (10); IEEE SPM 2023) with an unregularized affine (skip) term :math:`c^\top x + c_0`.  With ``D`` outputs the
output weights :math:`v_k \in \mathbb{R}^D` are the rows of ``V`` (shape ``(K, D)``), ``c`` has shape ``(d, D)`` and
``c_0`` shape ``(D,)``: in batch form :math:`f(X) = \sigma(XW^\top - b)V + Xc + c_0` (Shenouda, Parhi, Lee & Nowak,
JMLR 2024 [SPLN24], eq. (5), with the unregularized-bias convention of its Remark 2).

Regularization convention (named here once, used everywhere in radontv): **weight decay regularizes the input and
output weights only**,

.. math:: \mathrm{WD}(\theta) = \tfrac12 \sum_k \bigl(\|v_k\|_2^2 + \|w_k\|_2^2\bigr);

the biases :math:`b_k` and the skip term :math:`(c, c_0)` are not regularized.  Alternatives found in the literature,
not used here unless a claim says so: penalised biases, :math:`\tfrac12\sum_k(v_k^2 + \|w_k\|^2 + b_k^2)` (Boursier
& Flammarion 2023; Shenouda et al. 2024 via :math:`\tilde x = [x; 1]`), and weight decay without the factor
:math:`\tfrac12` (a factor-2 change in :math:`\lambda`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
from numpy.typing import NDArray

from . import network_shapes as shapes
from ._keyed import KeyedEquality
from .errors import InexactOperation, InvalidInput
from .scalars import (
    Arithmetic,
    arithmetic_of,
    as_array,
    exact_value,
    format_array,
    format_scalar,
    promote,
    to_fraction,
    to_mpf,
)
from .typing import AlgebraicScalar, NumbersLike, NumericArray, Scalar, ScalarLike

__all__ = ["ReLUNetwork", "relu"]

class _Missing:
    """Sentinel for an argument not given (``V`` may come by the keyword alias ``v=`` instead)."""

    def __repr__(self) -> str:
        return "<required>"


_NO_V: Any = _Missing()


def relu(z: Any) -> Any:
    r"""The rectified linear unit :math:`\sigma(z) = \max\{0, z\}`, elementwise, in the arithmetic of ``z``."""
    if isinstance(z, np.ndarray):
        return np.where(z > 0, z, z * 0)
    return z if z > 0 else z * 0


class ReLUNetwork(KeyedEquality):
    r"""An immutable shallow ReLU network :math:`f(x) = \sum_k v_k\sigma(w_k^\top x - b_k) + c^\top x + c_0`.

    Parameters
    ----------
    W : array_like, shape (K, d)
        Input weights, one row per neuron.  ``K = 0`` is allowed (pass shape ``(0, d)`` or give ``c``).
    b : array_like, shape (K,)
        Biases (not regularized).
    V : array_like, shape (K,) or (K, D)
        Output weights: shape ``(K,)`` for a scalar network, ``(K, D)`` for ``D >= 1`` outputs (row ``k`` is
        :math:`v_k \in \mathbb{R}^D`).  May also be passed by the keyword ``v=`` (the older name).
    c : array_like, shape (d,) or (d, D), optional
        Linear part of the skip term (not regularized); zeros by default.
    c0 : scalar or array_like of shape (D,), optional
        Constant of the skip term (not regularized); zero (of the right shape) by default.

    Notes
    -----
    Entries may be ints, :class:`~fractions.Fraction`, :class:`mpmath.mpf` or floats.  The network computes in the
    promoted arithmetic of its entries (see :mod:`radontv.scalars`): exact rationals in, exact rationals out; any
    ``mpf`` gives mpmath at the caller's working precision; otherwise numpy ``float64``.

    Raises
    ------
    InvalidInput
        On non-finite entries, ragged or mismatched shapes (``V`` with a number of rows other than ``K``, ``c`` or
        ``c0`` not matching the ``D`` outputs), or an empty ``W`` whose dimension cannot be inferred.

    Examples
    --------
    >>> from fractions import Fraction
    >>> net = ReLUNetwork([[1, -2]], [Fraction(1, 2)], [3])
    >>> net([1, 0])
    Fraction(3, 2)
    >>> net.weight_decay()
    Fraction(7, 1)
    >>> ReLUNetwork([[1, -2]], [Fraction(1, 2)], [[3, -1]])([1, 0]).tolist()   # two outputs
    [Fraction(3, 2), Fraction(-1, 2)]
    """

    __slots__ = ("_W", "_arithmetic", "_b", "_c", "_c0", "_v")

    def __init__(self, W: NumbersLike, b: NumbersLike, V: NumbersLike = _NO_V, c: NumbersLike | None = None,
                 c0: ScalarLike | NumbersLike | None = None, *, v: NumbersLike = _NO_V) -> None:
        if (V is _NO_V) == (v is _NO_V):
            raise InvalidInput("give the output weights once: ReLUNetwork(W, b, V, c, c0) (or the keyword v=)")
        V = v if V is _NO_V else V
        empty = W.size == 0 if isinstance(W, np.ndarray) else np.asarray(W, dtype=object).size == 0
        W_obj = shapes.matrix(W) if not (empty and c is not None) else None
        if W_obj is None:
            c_arr = np.asarray(c, dtype=object)
            c_len = c_arr.shape[0] if c_arr.ndim == 2 else c_arr.reshape(-1).shape[0]
            W_obj = np.empty((0, c_len), dtype=object)
        K, d = W_obj.shape
        if d == 0:
            raise InvalidInput("W has zero columns: the input dimension d must be at least 1")
        b_obj = shapes.vector(b, "b", K, "one bias per neuron")
        v_obj = shapes.output_weights(V, K)
        D = v_obj.shape[1] if v_obj.ndim == 2 else None
        c_obj = shapes.skip_linear(c, d, D)
        c0_obj = shapes.skip_constant(c0, D)
        kind = promote(
            arithmetic_of(W_obj, "W"), arithmetic_of(b_obj, "b"), arithmetic_of(v_obj, "v"),
            arithmetic_of(c_obj, "c"), arithmetic_of(c0_obj, "c0"),
        )
        self._init(kind, W_obj, b_obj, v_obj, c_obj, c0_obj if c0_obj.ndim else c0_obj.item())

    def _init(self, kind: Arithmetic, W: Any, b: Any, v: Any, c: Any, c0: Any) -> None:
        self._arithmetic = kind
        self._W = _frozen(as_array(W, kind, name="W"))
        self._b = _frozen(as_array(b, kind, name="b"))
        self._v = _frozen(as_array(v, kind, name="v"))
        self._c = _frozen(as_array(c, kind, name="c"))
        c0_arr = as_array(c0, kind, name="c0")
        self._c0 = _frozen(c0_arr) if c0_arr.ndim else c0_arr.item()

    @classmethod
    def _trusted(cls, kind: Arithmetic, W: Any, b: Any, v: Any, c: Any, c0: Any) -> ReLUNetwork:
        net = cls.__new__(cls)
        net._init(kind, W, b, v, c, c0)
        return net

    @classmethod
    def univariate(cls, w: NumbersLike, b: NumbersLike, v: NumbersLike,
                   slope: ScalarLike | Sequence[ScalarLike] | NDArray[Any] = 0,
                   intercept: ScalarLike | Sequence[ScalarLike] | NDArray[Any] | None = None) -> ReLUNetwork:
        r"""A network on :math:`\mathbb{R}` from flat weights: :math:`\sum_k v_k\sigma(w_k x - b_k) + sx + c_0`.

        With ``v`` of shape ``(K, D)`` the slope and intercept are vectors of length ``D`` (zero by default)."""
        w_obj = np.asarray(w, dtype=object).reshape(-1, 1)
        v_obj = np.asarray(v, dtype=object)
        if v_obj.ndim == 2 and isinstance(slope, int) and slope == 0:
            slope = np.zeros(v_obj.shape[1], dtype=object)
        return cls(w_obj, b, v, [slope], intercept)

    # -- parameters ------------------------------------------------------------------------------------------
    @property
    def W(self) -> NumericArray:
        """Input weights, shape ``(K, d)`` (read-only)."""
        return self._W

    @property
    def b(self) -> NumericArray:
        """Biases, shape ``(K,)`` (read-only)."""
        return self._b

    @property
    def v(self) -> NumericArray:
        """Output weights as stored: shape ``(K,)`` for a scalar network, ``(K, D)`` otherwise (read-only)."""
        return self._v

    @property
    def V(self) -> NumericArray:
        """Output weights as a matrix, always shape ``(K, D)`` (``(K, 1)`` for a scalar network; read-only)."""
        return self._v if self._v.ndim == 2 else self._v.reshape(-1, 1)

    @property
    def c(self) -> NumericArray:
        """Linear skip weights, shape ``(d,)`` (scalar network) or ``(d, D)`` (read-only)."""
        return self._c

    @property
    def c0(self) -> Any:
        """Constant skip term: a scalar (scalar network) or shape ``(D,)``."""
        return self._c0

    @property
    def width(self) -> int:
        """The number of neurons ``K``."""
        return self._W.shape[0]

    @property
    def dim(self) -> int:
        """The input dimension ``d``."""
        return self._W.shape[1]

    @property
    def outputs(self) -> int:
        """The number of outputs ``D`` (1 for a scalar network)."""
        return self._v.shape[1] if self._v.ndim == 2 else 1

    @property
    def vector_valued(self) -> bool:
        """True iff the output weights were given as a matrix of shape ``(K, D)``."""
        return self._v.ndim == 2

    @property
    def arithmetic(self) -> Arithmetic:
        """``'exact'``, ``'mp'`` or ``'float'``."""
        return self._arithmetic

    def neurons(self) -> Iterator[tuple[np.ndarray, Any, Any]]:
        """Iterate over the neurons as ``(w_k, b_k, v_k)`` (``v_k`` a scalar, or shape ``(D,)``)."""
        for k in range(self.width):
            yield self._W[k], self._b[k], self._v[k]

    # -- evaluation ------------------------------------------------------------------------------------------
    def __call__(self, X: ScalarLike | NumbersLike) -> Any:
        r"""Evaluate :math:`f` at one point (shape ``(d,)``, or a scalar when ``d = 1``) or a batch (shape ``(n, d)``).

        For ``d = 1`` a flat array of ``n`` points is a batch.  A batch returns an array of shape ``(n,)``
        (resp. ``(n, D)``); a point returns a scalar (resp. shape ``(D,)``).  The result is in the promoted
        arithmetic of the network and ``X``.
        """
        points, single = shapes.points(X, self.dim)
        kind = promote(self._arithmetic, arithmetic_of(points, "X"))
        P = as_array(points, kind, name="X")
        W, b, v, c, c0 = (self._in(kind, p) for p in (self._W, self._b, self._v, self._c, self._c0))
        with np.errstate(over="ignore", invalid="ignore"):  # float overflow is reported below, not warned about
            pre = P @ W.T - b if self.width else np.zeros((P.shape[0], 0), dtype=P.dtype)
            out = relu(pre) @ v + P @ c + c0 if self.width else P @ c + c0
        out = _normalise(np.asarray(out, dtype=object if kind != "float" else np.float64), kind)
        if kind == "float" and not np.isfinite(out).all():  # float overflow (inf, or inf - inf = NaN): never returned
            raise InvalidInput("evaluating the network overflowed the float range (a value of size > 1e308); "
                               "evaluate in mp arithmetic instead, e.g. net.as_mp()(X) inside mpmath.workdps(30)")
        return out[0] if single else out

    def _in(self, kind: Arithmetic, value: Any) -> Any:
        if kind == self._arithmetic:
            return value
        return as_array(value, kind) if isinstance(value, np.ndarray) else as_array(value, kind).item()

    # -- regularizers ----------------------------------------------------------------------------------------
    def neuron_norms(self) -> np.ndarray:
        r"""The Euclidean norms :math:`\|w_k\|_2`, shape ``(K,)``.

        Float: ``float64``; mp: ``mpf`` at the current working precision; exact: exact algebraic numbers as sympy
        expressions (:math:`\sqrt{q}` with :math:`q` rational).
        """
        return self._sqrt(self.neuron_norms_squared())

    def neuron_norms_squared(self) -> np.ndarray:
        r""":math:`\|w_k\|_2^2`, shape ``(K,)``, in the network's arithmetic (exact for rational weights)."""
        return _row_squares(self._W, self._arithmetic)

    def output_norms(self) -> np.ndarray:
        r"""The Euclidean norms :math:`\|v_k\|_2` of the output weights, shape ``(K,)`` (:math:`|v_k|` if scalar).

        Same arithmetics as :meth:`neuron_norms` (exact: sympy expressions :math:`\sqrt{q}`).
        """
        if not self.vector_valued:
            if self._arithmetic == "exact":
                import sympy

                return np.array([sympy.Rational(abs(x).numerator, abs(x).denominator) for x in self._v], dtype=object)
            return np.abs(self._v) if self._arithmetic == "float" else np.array([abs(x) for x in self._v], dtype=object)
        return self._sqrt(self.output_norms_squared())

    def output_norms_squared(self) -> np.ndarray:
        r""":math:`\|v_k\|_2^2`, shape ``(K,)``, in the network's arithmetic (exact for rational weights)."""
        return _row_squares(self.V, self._arithmetic)

    def _sqrt(self, sq: np.ndarray) -> np.ndarray:
        if self._arithmetic == "float":
            return np.sqrt(sq)
        if self._arithmetic == "mp":
            return np.array([mpmath.sqrt(q) for q in sq], dtype=object)
        import sympy

        return np.array([sympy.sqrt(sympy.Rational(q.numerator, q.denominator)) for q in sq], dtype=object)

    def weight_decay(self) -> Scalar:
        r"""Weight decay :math:`\tfrac12\sum_k (\|v_k\|_2^2 + \|w_k\|_2^2)` (:math:`v_k^2` for one output).

        Input and output weights only: biases :math:`b_k` and the skip term :math:`(c, c_0)` are **not**
        regularized (Parhi & Nowak, JMLR 2021, eq. (16) with m = 2; [SPLN24] eq. (30) for vector outputs).
        Alternatives (not used here): penalised biases :math:`\tfrac12\sum_k(v_k^2 + \|w_k\|^2 + b_k^2)` and the
        convention without the factor ½.  Exact for rational weights.
        """
        zero = _zero(self._arithmetic)
        total = sum((x * x for x in self._v.flat), start=zero) + sum(self.neuron_norms_squared(), start=zero)
        return _normalise_scalar(total / 2, self._arithmetic)

    def path_norm(self) -> AlgebraicScalar:
        r"""The :math:`\ell^1` path norm :math:`\sum_k \|v_k\|_2\,\|w_k\|_2` (Neyshabur et al. 2015; PN21 eq. (15)).

        For one output :math:`\|v_k\|_2 = |v_k|`; for ``D`` outputs it is the multi-task (group) lasso value of
        [SPLN24] §2.  The inner norm is Euclidean (:math:`\ell^2`), the one that weight decay and R-TV² induce;
        variants with :math:`\|w_k\|_1` (e.g. Nakhleh & Nowak 2025) are a different quantity.  Float: ``float``;
        mp: ``mpf``; exact: an exact sympy expression (a sum of rational multiples of square roots).
        """
        norms = self.neuron_norms()
        if self._arithmetic == "exact":
            import sympy

            return sympy.Add(*(o * n for o, n in zip(self.output_norms(), norms, strict=True)))
        total = sum((o * n for o, n in zip(self.output_norms(), norms, strict=True)), start=_zero(self._arithmetic))
        return _normalise_scalar(total, self._arithmetic)

    # -- symmetries ------------------------------------------------------------------------------------------
    def rescale(self, alpha: ScalarLike | NumbersLike) -> ReLUNetwork:
        r"""The rescaled network :math:`(v_k, w_k, b_k) \mapsto (v_k/\alpha_k, \alpha_k w_k, \alpha_k b_k)`.

        ``alpha`` is one positive scale or one positive scale per neuron (shape ``(K,)``).  By positive homogeneity
        of :math:`\sigma` the function is unchanged (PN21 Remark 3); the skip term is untouched.
        """
        arr = np.asarray(alpha, dtype=object)
        if arr.ndim == 0:
            arr = np.full(self.width, arr.item(), dtype=object)
        elif arr.ndim != 1 or arr.shape[0] != self.width:
            raise InvalidInput(
                f"alpha must be a positive scalar or have shape ({self.width},), one scale per neuron; "
                f"got shape {arr.shape}"
            )
        kind = promote(self._arithmetic, arithmetic_of(arr, "alpha"))
        a = as_array(arr, kind, name="alpha")
        bad = [i for i, x in enumerate(a) if not x > 0]
        if bad:
            raise InvalidInput(f"alpha must be positive (a negative or zero scale is not a symmetry of ReLU); "
                               f"alpha[{bad[0]}] = {a[bad[0]]}")
        W, b, v, c, c0 = (self._in(kind, p) for p in (self._W, self._b, self._v, self._c, self._c0))
        with np.errstate(over="ignore"):  # float overflow is refused by the constructor, naming it (finite inputs:
            # only overflow can happen, never an invalid operation)
            return ReLUNetwork._trusted(kind, W * a[:, None], b * a, v / (a[:, None] if v.ndim == 2 else a), c, c0)

    def balancing_scales(self) -> np.ndarray:
        r"""The scales :math:`\alpha_k^* = \sqrt{\|v_k\|_2 / \|w_k\|_2}` that balance each neuron (1 where v or w is 0).

        Derived in :mod:`radontv.theory.rescaling` by minimising :math:`\tfrac12(\|v\|^2/\alpha^2 + \alpha^2\|w\|^2)`.
        """
        if self._arithmetic == "exact":
            raise InexactOperation(
                "balancing an exact network needs square roots of its weights; convert first, e.g. "
                "net.as_mp().balanced() inside mpmath.workdps(50), or net.as_float().balanced()"
            )
        norms, out = self.neuron_norms(), self.output_norms()
        if self._arithmetic == "float":
            safe = (norms > 0) & (out != 0)
            return np.where(safe, np.sqrt(out / np.where(safe, norms, 1.0)), 1.0)
        one = mpmath.mpf(1)
        scales = [mpmath.sqrt(o / n) if (o != 0 and n != 0) else one for o, n in zip(out, norms, strict=True)]
        return np.array(scales, dtype=object)

    def balanced(self) -> ReLUNetwork:
        r"""The rescaled network with :math:`\|v_k\|_2 = \|w_k\|_2` for every neuron with :math:`v_k \ne 0 \ne w_k`.

        Same function, and weight decay equal to the path norm (AM–GM; PN21 §6.1.1).  Raises
        :class:`~radontv.InexactOperation` for an exact network (the scales are square roots).
        """
        return self.rescale(self.balancing_scales())

    # -- construction ----------------------------------------------------------------------------------------
    def __getitem__(self, index: int | slice | Sequence[int] | NDArray[Any]) -> ReLUNetwork:
        """The network with the selected neurons (int, slice, index list or boolean mask) and the same skip term."""
        idx = np.arange(self.width)[index]
        idx = np.atleast_1d(idx)
        return ReLUNetwork._trusted(self._arithmetic, self._W[idx], self._b[idx], self._v[idx], self._c, self._c0)

    def with_neurons(self, W: NumbersLike, b: NumbersLike, v: NumbersLike) -> ReLUNetwork:
        """The network with the neurons ``(W, b, v)`` appended (same skip term; ``v`` of shape ``(K',)`` resp.
        ``(K', D)``)."""
        W_obj = shapes.matrix(W) if np.asarray(W, dtype=object).size else np.empty((0, self.dim), dtype=object)
        if W_obj.shape[1] != self.dim:  # checked before the zero skip term of the right length is built
            raise InvalidInput(f"W has {W_obj.shape[1]} columns but the network has input dimension {self.dim}")
        v_obj = shapes.output_weights(v, W_obj.shape[0])
        if self.vector_valued and v_obj.ndim == 1 and v_obj.shape[0] == 0:
            v_obj = np.empty((0, self.outputs), dtype=object)
        if v_obj.ndim != self._v.ndim or (v_obj.ndim == 2 and v_obj.shape[1] != self.outputs):
            want = f"({W_obj.shape[0]}, {self.outputs})" if self.vector_valued else f"({W_obj.shape[0]},)"
            raise InvalidInput(f"v must have shape {want} to match the network's outputs; got shape {v_obj.shape}")
        return self + ReLUNetwork(W_obj, b, v_obj)

    def with_affine(self, c: NumbersLike | None = None, c0: ScalarLike | NumbersLike | None = None) -> ReLUNetwork:
        """The same neurons with the skip term replaced (``None`` keeps the current part)."""
        return ReLUNetwork(self._W, self._b, self._v, self._c if c is None else c, self._c0 if c0 is None else c0)

    def __add__(self, other: object) -> ReLUNetwork:
        """The network of :math:`f + g`: neurons concatenated, skip terms added (same ``d`` and ``D``)."""
        if not isinstance(other, ReLUNetwork):
            return NotImplemented
        if other.dim != self.dim:
            raise InvalidInput(f"cannot add networks of input dimensions {self.dim} and {other.dim}")
        if (other.vector_valued, other.outputs) != (self.vector_valued, self.outputs):
            shape = [f"{n.outputs} outputs" if n.vector_valued else "scalar" for n in (self, other)]
            raise InvalidInput(f"cannot add a {shape[0]} network and a {shape[1]} network; give both V the shape "
                               "(K, D) with the same D")
        kind = promote(self._arithmetic, other._arithmetic)
        a = [self._in(kind, p) for p in (self._W, self._b, self._v, self._c, self._c0)]
        o = [other._in(kind, p) for p in (other._W, other._b, other._v, other._c, other._c0)]
        with np.errstate(over="ignore"):  # float overflow is refused by the constructor, naming it (finite inputs:
            # only overflow can happen, never an invalid operation)
            return ReLUNetwork._trusted(kind, np.concatenate([a[0], o[0]]), np.concatenate([a[1], o[1]]),
                                        np.concatenate([a[2], o[2]]), a[3] + o[3], a[4] + o[4])

    def __neg__(self) -> ReLUNetwork:
        return ReLUNetwork._trusted(self._arithmetic, self._W, self._b, -self._v, -self._c, -self._c0)

    def __sub__(self, other: object) -> ReLUNetwork:
        if not isinstance(other, ReLUNetwork):
            return NotImplemented
        return self + (-other)

    # -- conversions -----------------------------------------------------------------------------------------
    def as_arithmetic(self, kind: Arithmetic) -> ReLUNetwork:
        """The same parameters in another arithmetic (floats and mpfs convert to Fractions exactly)."""
        if kind not in ("exact", "mp", "float"):
            raise InvalidInput(f"arithmetic must be 'exact', 'mp' or 'float', got {kind!r}")
        if kind == "exact":
            params = [np.vectorize(exact_value, otypes=[object])(p) if isinstance(p, np.ndarray) and p.size else p
                      for p in (self._W, self._b, self._v, self._c, self._c0)]
            c0 = params[4] if isinstance(self._c0, np.ndarray) else exact_value(self._c0)
            return ReLUNetwork._trusted("exact", params[0], params[1], params[2], params[3], c0)
        return ReLUNetwork._trusted(kind, self._W, self._b, self._v, self._c, self._c0)

    def as_float(self) -> ReLUNetwork:
        """The network in float64 arithmetic."""
        return self.as_arithmetic("float")

    def as_mp(self) -> ReLUNetwork:
        """The network in mpmath arithmetic (at the current working precision)."""
        return self.as_arithmetic("mp")

    def as_exact(self) -> ReLUNetwork:
        """The network in exact rational arithmetic (binary floating values convert exactly)."""
        return self.as_arithmetic("exact")

    # -- equality and display --------------------------------------------------------------------------------
    def _key(self) -> tuple[Any, ...]:
        """The parameters, for ``==`` and ``hash`` (:class:`radontv._keyed.KeyedEquality`): equality of parameters,
        not of functions (see ``radontv.canonical`` for that)."""
        if self.vector_valued:
            return (self._W.shape, self._v.shape, tuple(self._W.flat), tuple(self._b), tuple(self._v.flat),
                    tuple(self._c.flat), tuple(self._c0))
        return (self._W.shape, tuple(self._W.flat), tuple(self._b), tuple(self._v), tuple(self._c), self._c0)

    def __repr__(self) -> str:
        fmt, row = format_scalar, format_array
        c0 = row(self._c0) if isinstance(self._c0, np.ndarray) else fmt(self._c0)
        return (f"ReLUNetwork(W={row(self._W)}, b={row(self._b)}, v={row(self._v)}, c={row(self._c)}, "
                f"c0={c0}, arithmetic={self._arithmetic!r})")


def _frozen(arr: np.ndarray) -> np.ndarray:
    arr.flags.writeable = False
    return arr


def _zero(kind: Arithmetic) -> Any:
    return Fraction(0) if kind == "exact" else (mpmath.mpf(0) if kind == "mp" else 0.0)


def _row_squares(M: np.ndarray, kind: Arithmetic) -> np.ndarray:
    if kind == "float":
        return np.einsum("kd,kd->k", M, M)
    return np.array([sum((x * x for x in row), start=_zero(kind)) for row in M], dtype=object)


def _normalise_scalar(x: Any, kind: Arithmetic) -> Any:
    if kind == "exact":
        return to_fraction(x)
    if kind == "mp":
        return to_mpf(x)
    return float(x)


def _normalise(arr: np.ndarray, kind: Arithmetic) -> np.ndarray:
    if kind == "float":
        return arr.astype(np.float64)
    out = np.empty(arr.shape, dtype=object)
    for i, x in np.ndenumerate(arr):
        out[i] = _normalise_scalar(x, kind)
    return out
