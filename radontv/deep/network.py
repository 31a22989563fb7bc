r"""Deep ReLU networks as composites of shallow vector-valued layers and linear (bottleneck) layers.

A :class:`DeepReLUNetwork` is :math:`f = f^{(L)} \circ \cdots \circ f^{(1)}`, applied first to last, where each layer
:math:`f^{(\ell)} : \mathbb{R}^{d_{\ell-1}} \to \mathbb{R}^{d_\ell}` is either

* a shallow vector-valued :class:`~radontv.ReLUNetwork`
  :math:`z \mapsto V_\ell^\top \sigma(W_\ell z - b_\ell) + C_\ell^\top z + c_{0,\ell}` (width :math:`K_\ell`; in
  radontv's batch convention ``relu(Z W^T - b) V + Z c + c0``), the layers of [SPLN24] Thm 8 / [PN22] with an
  unregularized affine skip term (catalog E3, E4), or
* a :class:`LinearLayer` :math:`z \mapsto M_\ell z + \beta_\ell` (a regularized linear bottleneck; catalog E5, E6).

Written as a standard deep ReLU network (catalog E3), the pre-activation of hidden layer :math:`j` is an affine
function of the input and of all earlier hidden layers: from the previous hidden layer through the matrix
:math:`W_j M \cdots M V_{j-1}^\top` (rank at most the narrowest :math:`d_\ell` in between: the bottleneck of E5), and
from earlier layers and the input through the skip terms :math:`C_\ell`; see :meth:`DeepReLUNetwork.affine_maps`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import network_shapes as shapes
from .._keyed import KeyedEquality
from ..errors import InvalidInput
from ..network import ReLUNetwork
from ..scalars import Arithmetic, arithmetic_of, as_array, exact_value, format_array, promote
from ..typing import NumbersLike, NumericArray, Scalar

__all__ = ["AffineMap", "DeepReLUNetwork", "LinearLayer"]


class LinearLayer(KeyedEquality):
    r"""A linear layer :math:`z \mapsto M z + \beta`, ``M`` of shape ``(d_out, d_in)``; ``M`` is regularized, ``β`` not.

    In batch form ``Z M^T + bias``.  ``bias`` defaults to zero.  Entries as for :class:`~radontv.ReLUNetwork`
    (ints, Fractions, mpf, floats; promoted exact < float < mp).  Raises :class:`~radontv.InvalidInput` on non-finite
    entries, a ragged or non-2-D ``M``, a zero dimension, or a ``bias`` of the wrong length.
    """

    __slots__ = ("_M", "_arithmetic", "_bias")

    def __init__(self, M: NumbersLike, bias: NumbersLike | None = None) -> None:
        try:
            arr = np.asarray(M, dtype=object) if not isinstance(M, np.ndarray) else M
        except ValueError as exc:
            raise InvalidInput("M is ragged: every row must have the same length d_in") from exc
        if arr.dtype == object and any(isinstance(e, list | tuple | np.ndarray) for e in arr.flat):
            raise InvalidInput("M is ragged: every row must have the same length d_in")
        if arr.ndim != 2 or 0 in arr.shape:
            raise InvalidInput(f"M must have shape (d_out, d_in) with d_out, d_in >= 1 (z -> M z + bias); "
                               f"got shape {arr.shape}")
        d_out = arr.shape[0]
        beta = shapes.vector(np.zeros(d_out, dtype=object) if bias is None else bias, "bias", d_out,
                             "one constant per output of the linear layer")
        kind = promote(arithmetic_of(arr, "M"), arithmetic_of(beta, "bias"))
        self._init(kind, arr, beta)

    def _init(self, kind: Arithmetic, M: Any, bias: Any) -> None:
        self._arithmetic = kind
        self._M = _frozen(as_array(M, kind, name="M"))
        self._bias = _frozen(as_array(bias, kind, name="bias"))

    @property
    def M(self) -> NumericArray:
        """The matrix, shape ``(d_out, d_in)`` (read-only)."""
        return self._M

    @property
    def bias(self) -> NumericArray:
        """The (unregularized) bias, shape ``(d_out,)`` (read-only)."""
        return self._bias

    @property
    def input_dim(self) -> int:
        return self._M.shape[1]

    @property
    def output_dim(self) -> int:
        return self._M.shape[0]

    @property
    def arithmetic(self) -> Arithmetic:
        return self._arithmetic

    def __call__(self, X: NumbersLike) -> NumericArray:
        """``M x + bias`` for one point (shape ``(d_in,)``) or a batch (shape ``(n, d_in)`` -> ``(n, d_out)``)."""
        pts, single = shapes.points(X, self.input_dim)
        kind = promote(self._arithmetic, arithmetic_of(pts, "X"))
        layer = self.as_arithmetic(kind)
        out = _in_kind(as_array(pts, kind, name="X") @ layer._M.T + layer._bias, kind)
        if kind == "float" and not np.isfinite(out).all():  # float overflow: never return inf or NaN
            raise InvalidInput("evaluating the linear layer overflowed the float range (a value of size > 1e308); "
                               "evaluate in mp arithmetic instead, e.g. net.as_mp()(X) inside mpmath.workdps(30)")
        return out[0] if single else out

    def weight_decay(self) -> Scalar:
        r""":math:`\tfrac12\|M\|_F^2` (the bias is not regularized)."""
        return _normalise_scalar(sum((x * x for x in self._M.flat), start=_zero(self._arithmetic)) / 2,
                                 self._arithmetic)

    def as_arithmetic(self, kind: Arithmetic) -> LinearLayer:
        """The same layer in another arithmetic (floats and mpfs convert to Fractions exactly)."""
        if kind not in ("exact", "mp", "float"):
            raise InvalidInput(f"arithmetic must be 'exact', 'mp' or 'float', got {kind!r}")
        if kind == self._arithmetic:
            return self
        out = LinearLayer.__new__(LinearLayer)
        if kind == "exact":
            conv = np.vectorize(exact_value, otypes=[object])
            out._init(kind, conv(self._M), conv(self._bias))
        else:
            out._init(kind, self._M, self._bias)
        return out

    def as_float(self) -> LinearLayer:
        return self.as_arithmetic("float")

    def as_mp(self) -> LinearLayer:
        return self.as_arithmetic("mp")

    def as_exact(self) -> LinearLayer:
        return self.as_arithmetic("exact")

    def _key(self) -> tuple[Any, ...]:
        """The parameters, for ``==`` and ``hash`` (:class:`radontv._keyed.KeyedEquality`)."""
        return (self._M.shape, tuple(self._M.flat), tuple(self._bias))

    def __repr__(self) -> str:
        return f"LinearLayer(M={format_array(self._M)}, bias={format_array(self._bias)}, " \
               f"arithmetic={self._arithmetic!r})"


Layer = ReLUNetwork | LinearLayer  #: a layer of a DeepReLUNetwork


@dataclass(frozen=True, eq=False)
class AffineMap:
    r"""One affine map of the standard form: :math:`p_j = \sum_i A_{j,i} h_i + a_j`.

    ``target`` is ``j``: ``1 .. J`` for the pre-activations of the ``J`` hidden ReLU layers (then
    :math:`h_j = \sigma(p_j)`), ``J + 1`` for the network's output.  ``weights`` maps each source ``i`` to the matrix
    :math:`A_{j,i}` of shape ``(size of target, size of source)``: source ``0`` is the input :math:`x = h_0`, source
    ``i >= 1`` the activations :math:`h_i` of hidden layer ``i``; every source ``0 .. j-1`` is present (zero matrices
    included).  ``bias`` is :math:`a_j`.  ``bottleneck`` is the smallest dimension of the intermediate values the
    path from :math:`h_{j-1}` to :math:`p_j` passes through, so ``rank(matrix) <= bottleneck`` (catalog E5).
    """

    target: int
    weights: dict[int, np.ndarray]
    bias: np.ndarray
    bottleneck: int

    @property
    def matrix(self) -> np.ndarray:
        r"""The matrix from the previous hidden layer (the input if ``target == 1``): :math:`W M\cdots V_{j-1}^\top`."""
        return self.weights[self.target - 1]

    @property
    def skips(self) -> dict[int, np.ndarray]:
        """The skip contributions: the matrices from sources ``0 .. target - 2`` (the input and earlier layers)."""
        return {i: A for i, A in self.weights.items() if i != self.target - 1}


class DeepReLUNetwork:
    r"""The composite :math:`f = f^{(L)}\circ\cdots\circ f^{(1)}` of shallow ReLU layers and linear layers.

    Parameters
    ----------
    layers : sequence of ReLUNetwork or LinearLayer
        First layer first.  Layer ``l`` must take inputs of the dimension layer ``l - 1`` outputs (a scalar
        ``ReLUNetwork`` outputs dimension 1).

    Raises
    ------
    InvalidInput
        On an empty sequence, an element that is not a layer, or mismatched dimensions (the message names the
        layers and dimensions).
    """

    __slots__ = ("_layers",)

    def __init__(self, layers: Sequence[Layer]) -> None:
        if isinstance(layers, ReLUNetwork | LinearLayer) or not isinstance(layers, Sequence | np.ndarray):
            raise InvalidInput("pass the layers as a list, e.g. DeepReLUNetwork([layer1, layer2]), first layer first")
        layers = tuple(layers)
        if not layers:
            raise InvalidInput("a deep network needs at least one layer (L >= 1); pass a non-empty list of "
                               "ReLUNetwork / LinearLayer layers")
        for i, layer in enumerate(layers, start=1):
            if not isinstance(layer, ReLUNetwork | LinearLayer):
                raise InvalidInput(f"layer {i} is a {type(layer).__name__}; every layer must be a ReLUNetwork "
                                   "(a shallow ReLU layer) or a LinearLayer")
        for i in range(1, len(layers)):
            prev, layer = layers[i - 1], layers[i]
            if _in_dim(layer) != _out_dim(prev):
                raise InvalidInput(
                    f"layer {i + 1} ({type(layer).__name__}) takes inputs of dimension {_in_dim(layer)} but layer {i} "
                    f"({type(prev).__name__}) outputs dimension {_out_dim(prev)}: give layer {i + 1} "
                    f"{_out_dim(prev)} input columns ({'W' if isinstance(layer, ReLUNetwork) else 'M'}) or change "
                    f"layer {i}'s outputs")
        self._layers = layers

    @classmethod
    def from_layers(cls, layers: Sequence[Layer]) -> DeepReLUNetwork:
        """The composite of ``layers`` (first applied first); the same as ``DeepReLUNetwork(layers)``."""
        return cls(layers)

    # -- structure -------------------------------------------------------------------------------------------
    @property
    def layers(self) -> tuple[Layer, ...]:
        """The layers, first applied first (as given to the constructor)."""
        return self._layers

    def split(self) -> list[Layer]:
        """The layers as a list (the inverse of :meth:`from_layers`)."""
        return list(self._layers)

    def __len__(self) -> int:
        """The number of layers ``L`` (ReLU and linear)."""
        return len(self._layers)

    @property
    def input_dim(self) -> int:
        """:math:`d_0`."""
        return _in_dim(self._layers[0])

    @property
    def output_dim(self) -> int:
        """:math:`d_L`."""
        return _out_dim(self._layers[-1])

    @property
    def dims(self) -> tuple[int, ...]:
        r"""The dimensions :math:`(d_0, d_1, \dots, d_L)` between the layers."""
        return (self.input_dim, *(_out_dim(layer) for layer in self._layers))

    @property
    def hidden_widths(self) -> tuple[int, ...]:
        """The widths :math:`K_\\ell` of the ReLU layers, in order (linear layers have no hidden units)."""
        return tuple(layer.width for layer in self._layers if isinstance(layer, ReLUNetwork))

    @property
    def arithmetic(self) -> Arithmetic:
        """The promoted arithmetic of the layers (exact < float < mp)."""
        return promote(*(layer.arithmetic for layer in self._layers))

    # -- evaluation ------------------------------------------------------------------------------------------
    def __call__(self, X: NumbersLike) -> NumericArray:
        """Evaluate at one point (shape ``(d_0,)``) -> shape ``(d_L,)``, or a batch ``(n, d_0)`` -> ``(n, d_L)``.

        Computed layer by layer in the promoted arithmetic of the network and ``X``.
        """
        pts, single = shapes.points(X, self.input_dim)
        kind = promote(self.arithmetic, arithmetic_of(pts, "X"))
        Z = as_array(pts, kind, name="X")
        for layer in self._layers:
            Z = (layer if layer.arithmetic == kind else layer.as_arithmetic(kind))(Z)
            Z = Z.reshape(Z.shape[0], _out_dim(layer))  # a scalar ReLUNetwork returns shape (n,)
        return Z[0] if single else Z

    # -- regularizer -----------------------------------------------------------------------------------------
    def weight_decay(self) -> Scalar:
        r"""Weight decay :math:`\tfrac12\sum_{\text{ReLU layers}}(\|V_\ell\|_F^2 + \|W_\ell\|_F^2)
        + \tfrac12\sum_{\text{linear layers}}\|M_\ell\|_F^2`.

        Regularized: the input weights ``W`` and output weights ``V`` of every ReLU layer and the matrix ``M`` of
        every linear layer.  **Not** regularized: the biases ``b`` of the ReLU layers, their affine skip terms
        ``(c, c0)``, and the biases of the linear layers (the convention of :meth:`radontv.ReLUNetwork.weight_decay`,
        layer by layer; [SPLN24] eq. (30) and Thm 8 in the unregularized-bias setting of its Remark 2).
        """
        kind = self.arithmetic
        total = sum((layer.as_arithmetic(kind).weight_decay() for layer in self._layers), start=_zero(kind))
        return _normalise_scalar(total, kind)

    # -- standard form ---------------------------------------------------------------------------------------
    def affine_maps(self) -> list[AffineMap]:
        r"""The same function as a standard deep ReLU network with explicit skip connections (catalog E3-E5).

        With ``J`` ReLU layers, :math:`h_0 = x`, :math:`h_j = \sigma(p_j)` with
        :math:`p_j = \sum_{i<j} A_{j,i} h_i + a_j` for :math:`j = 1..J`, and
        :math:`f(x) = \sum_{i \le J} A_{J+1,i} h_i + a_{J+1}`; the returned list holds the ``J + 1`` maps in order
        (column convention: :math:`A_{j,i}` has shape ``(size of p_j, size of h_i)``).  Tracking the intermediate
        value :math:`z_\ell` as an affine function of :math:`x, h_1, \dots`: a linear layer maps it by
        :math:`M_\ell`; ReLU layer :math:`j` (= layer :math:`\ell`) reads :math:`p_j = W_\ell z_{\ell-1} - b_\ell`
        and outputs :math:`z_\ell = V_\ell^\top h_j + C_\ell^\top z_{\ell-1} + c_{0,\ell}`.  Hence the
        hidden-to-hidden matrix is :math:`A_{j,j-1} = W_{\ell'} M \cdots M V_\ell^\top` (:math:`W_{\ell'}V_\ell^\top`
        for adjacent ReLU layers; rank :math:`\le d_\ell`, E5), and the skip contributions :math:`A_{j,i}`,
        :math:`i < j-1`, are products through the skip terms :math:`C^\top` (all zero when every ``c`` is zero).
        Computed in the network's arithmetic (exact for rational weights).
        """
        kind = self.arithmetic
        d0 = self.input_dim
        terms: dict[int, np.ndarray] = {0: _in_kind(np.eye(d0, dtype=object), kind)}  # z as a function of h_i
        const = _in_kind(np.zeros(d0, dtype=object), kind)
        narrowest = d0  # the smallest dimension on the path from the newest source to z
        maps: list[AffineMap] = []
        for layer in self._layers:
            layer = layer.as_arithmetic(kind)
            if isinstance(layer, LinearLayer):
                terms = {i: layer.M @ A for i, A in terms.items()}
                const = layer.M @ const + layer.bias
                narrowest = min(narrowest, layer.output_dim)
                continue
            W, V = layer.W, layer.V
            C = layer.c if layer.vector_valued else layer.c.reshape(-1, 1)
            c0 = layer.c0 if layer.vector_valued else np.array([layer.c0], dtype=object)
            j = len(maps) + 1
            maps.append(_affine(kind, j, {i: W @ A for i, A in terms.items()}, W @ const - layer.b, narrowest))
            terms = {i: C.T @ A for i, A in terms.items()}
            terms[j] = V.T
            const = C.T @ const + c0
            narrowest = layer.outputs
        maps.append(_affine(kind, len(maps) + 1, terms, const, narrowest))
        return maps

    # -- conversions, equality, display ----------------------------------------------------------------------
    def as_arithmetic(self, kind: Arithmetic) -> DeepReLUNetwork:
        """Every layer in arithmetic ``kind``."""
        return DeepReLUNetwork([layer.as_arithmetic(kind) for layer in self._layers])

    def as_float(self) -> DeepReLUNetwork:
        return self.as_arithmetic("float")

    def as_mp(self) -> DeepReLUNetwork:
        return self.as_arithmetic("mp")

    def as_exact(self) -> DeepReLUNetwork:
        return self.as_arithmetic("exact")

    def __eq__(self, other: object) -> bool:
        """Equality of the layers' parameters (not of functions)."""
        if not isinstance(other, DeepReLUNetwork):
            return NotImplemented
        return len(self) == len(other) and all(
            type(a) is type(b) and a == b for a, b in zip(self._layers, other._layers, strict=True))

    def __hash__(self) -> int:
        return hash(self._layers)

    def __repr__(self) -> str:
        inner = ", ".join(repr(layer) for layer in self._layers)
        return f"DeepReLUNetwork([{inner}])"


def _in_dim(layer: Layer) -> int:
    return layer.dim if isinstance(layer, ReLUNetwork) else layer.input_dim


def _out_dim(layer: Layer) -> int:
    return layer.outputs if isinstance(layer, ReLUNetwork) else layer.output_dim


def _affine(kind: Arithmetic, target: int, weights: dict[int, np.ndarray], bias: np.ndarray,
            bottleneck: int) -> AffineMap:
    return AffineMap(target, {i: _frozen(_in_kind(A, kind)) for i, A in sorted(weights.items())},
                     _frozen(_in_kind(bias, kind)), bottleneck)


def _frozen(arr: np.ndarray) -> np.ndarray:
    arr.flags.writeable = False
    return arr


def _zero(kind: Arithmetic) -> Any:
    return as_array(0, kind).item()


def _in_kind(arr: np.ndarray, kind: Arithmetic) -> np.ndarray:
    """An array of results (possibly holding plain ints, e.g. from empty products) in arithmetic ``kind``."""
    return as_array(np.asarray(arr, dtype=object) if kind != "float" else arr, kind)


def _normalise_scalar(x: Any, kind: Arithmetic) -> Any:
    return as_array(x, kind).item()
