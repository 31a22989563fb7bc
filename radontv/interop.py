r"""PyTorch models in and out: :func:`from_torch` reads a ReLU network built of ``torch.nn`` modules, :func:`to_torch`
writes a radontv network back.

**The parameters.**  radontv's shallow network is
:math:`f(x) = \sum_k v_k\,\sigma(w_k^\top x - b_k) + c^\top x + c_0` (:class:`radontv.ReLUNetwork`; Parhi & Nowak,
JMLR 2021, eq. (10); [SPLN24] eq. (5) for ``D`` outputs).  ``nn.Sequential(nn.Linear(d, K), nn.ReLU(),
nn.Linear(K, D))`` computes ``out(relu(hidden(x)))``, and ``nn.Linear`` stores its weight in the layout
``(out_features, in_features)`` and computes ``x @ weight.T + bias``.  Hence

============================  =====================================  ======================================
theory                        radontv                                torch
============================  =====================================  ======================================
input weights :math:`w_k`     ``net.W[k]`` (``W`` shape ``(K, d)``)  ``hidden.weight[k]`` (same layout)
biases :math:`b_k`            ``net.b[k]``                           ``-hidden.bias[k]`` (**sign flipped**)
output weights :math:`v_k`    ``net.V[k]`` (``V`` shape ``(K, D)``)  ``output.weight[:, k]`` (``V = weight.T``)
constant :math:`c_0`          ``net.c0``                             ``output.bias``
skip :math:`c^\top x`         ``net.c`` (shape ``(d,)``/``(d, D)``)  none in a Sequential; see ``ShallowReLU``
============================  =====================================  ======================================

A hidden ``Linear`` without bias (``bias=False``) means :math:`b = 0`, an output ``Linear`` without bias
:math:`c_0 = 0`.  Weight decay in radontv's convention, :math:`\tfrac12\sum_k(\|v_k\|_2^2 + \|w_k\|_2^2)`
(``docs/conventions.md``), is therefore ``0.5 * (hidden.weight.square().sum() + output.weight.square().sum())``:
the two weight matrices, **not** the biases (torch's ``weight_decay=`` option of an optimizer applies to every
parameter it is given, biases included, unless the biases are put in a parameter group with ``weight_decay=0``).

**Accepted modules** (:func:`from_torch`): an ``nn.Sequential`` (nested ones are flattened) of

* ``nn.Linear`` (with or without bias; any floating dtype; read into float64, which is exact from float32, float16
  and bfloat16),
* ``nn.ReLU`` (``inplace`` or not),
* ``nn.Identity`` and ``nn.Flatten()`` with its default dimensions (the identity on a batch of vectors ``(n, d)``;
  the radontv network reads the flattened input),
* :class:`ShallowReLU` blocks (what :func:`to_torch` writes for a layer with a skip term),

or one ``ShallowReLU`` on its own.  Between the modules the dimensions must match.  The stack must start with a
``Linear`` and end with a ``Linear`` (a network ending in ``ReLU`` is rejected).  Anything else (``Dropout``,
``BatchNorm``, another activation, a custom module) raises :class:`radontv.InvalidInput` naming the module.

**Which network comes out.**  ``Linear, ReLU, Linear`` (one hidden layer) gives a :class:`~radontv.ReLUNetwork`:
scalar for ``D = 1`` (``v`` of shape ``(K,)``), vector-valued for ``D > 1``.  Deeper stacks give a
:class:`radontv.deep.DeepReLUNetwork` whose ReLU layers are the hidden layers of the torch network, neuron for
neuron: hidden layer ``j`` reads the ``Linear`` before its ``ReLU`` as ``(W_j, -b_j)``; the ``Linear`` right after
it is its output matrix ``V_j^T`` (bias ``c_{0,j}``) when another ``Linear`` follows before the next ``ReLU``,
otherwise ``V_j`` is the identity (the standard stack ``Linear, ReLU, Linear, ReLU, Linear``: the middle ``Linear``
is the next hidden layer's ``W``); further ``Linear`` modules between two ReLUs, or before the first, become
:class:`~radontv.deep.LinearLayer`.  The deep network's layers are always vector-valued (``V`` of shape ``(K, D)``).
Weight decay of such a deep network counts the identity matrices ``V_j = I`` (``K_j/2`` each) that the torch
network does not have: compare torch's weight decay with ``DeepReLUNetwork.weight_decay()`` minus those.

:func:`to_torch` writes the inverse: a ``ReLUNetwork`` without skip term (``c = 0``) becomes
``nn.Sequential(Linear, ReLU, Linear)``; with a skip term, a :class:`ShallowReLU` (a ``Sequential`` has no skip
connection); a ``DeepReLUNetwork`` becomes one ``nn.Sequential`` (identity output matrices before another ReLU layer
are left out, so that a standard torch stack comes back as it was).  ``from_torch(to_torch(net))`` gives back the
same parameters, except that a vector-valued network with ``D = 1`` comes back scalar; ``to_torch(from_torch(m))``
gives back the modules and parameters of a stack ``m`` of ``Linear`` and ``ReLU``, except that ``Identity`` and
``Flatten`` are left out and a ``Linear`` without bias comes back with a zero bias.  A ``DeepReLUNetwork`` of
``LinearLayer`` only is written as a stack of ``Linear`` modules, which :func:`from_torch` rejects (it has no ReLU).

torch is imported only inside these functions (the optional extra: ``pip install "radontv[torch]"``).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import InvalidInput
from .network import ReLUNetwork

if TYPE_CHECKING:
    import torch  # the optional extra: imported on first use at run time (_torch)

    from .deep.network import DeepReLUNetwork, LinearLayer

__all__ = ["from_torch", "to_torch"]  # and ShallowReLU, built on first access (module __getattr__)

_INSTALL = 'radontv.interop needs PyTorch: pip install "radontv[torch]" (or pip install torch)'
_ACCEPTED = ("accepted: nn.Sequential of nn.Linear, nn.ReLU, nn.Identity, nn.Flatten() and "
             "radontv.interop.ShallowReLU blocks, starting and ending with a Linear; or one ShallowReLU")


def _torch() -> Any:
    """The ``torch`` module, or an ImportError whose message names the extra to install."""
    try:
        import torch
    except ImportError as exc:
        raise ImportError(_INSTALL) from exc
    return torch


_SHALLOW_CLASS: Any = None


def _shallow_class() -> Any:
    """Build the :class:`ShallowReLU` module class once (it subclasses ``torch.nn.Module``, so torch is needed)."""
    global _SHALLOW_CLASS
    if _SHALLOW_CLASS is None:
        nn = _torch().nn
        relu = nn.functional.relu

        class ShallowReLU(nn.Module):  # type: ignore[name-defined]  # a base class known at run time only
            r"""A shallow ReLU layer with a linear skip connection: ``output(relu(hidden(x))) + skip(x)``.

            ``hidden = Linear(d, K)`` holds :math:`(w_k, -b_k)`, ``output = Linear(K, D)`` holds :math:`V^\top`
            and :math:`c_0`, ``skip = Linear(d, D, bias=False)`` holds :math:`c^\top` (radontv's
            :math:`f(x) = \sum_k v_k\sigma(w_k^\top x - b_k) + c^\top x + c_0`, which a ``Sequential`` cannot
            express when :math:`c \ne 0`).  Output shape ``(n, D)`` like ``nn.Linear``.
            """

            def __init__(self, hidden: Any, output: Any, skip: Any) -> None:
                super().__init__()
                self.hidden, self.output, self.skip = hidden, output, skip

            def forward(self, x: Any) -> Any:
                return self.output(relu(self.hidden(x))) + self.skip(x)

        ShallowReLU.__module__, ShallowReLU.__qualname__ = __name__, "ShallowReLU"  # pickles (torch.save)
        _SHALLOW_CLASS = ShallowReLU
    return _SHALLOW_CLASS


def __getattr__(name: str) -> Any:
    """``radontv.interop.ShallowReLU`` is built on first access (it needs torch)."""
    if name == "ShallowReLU":
        return _shallow_class()
    raise AttributeError(f"module 'radontv.interop' has no attribute {name!r}")


# -- reading ------------------------------------------------------------------------------------------------------
class _Dense:
    """One ``nn.Linear`` read into float64: ``weight`` (out, in), ``bias`` (out,), and where it stood."""

    def __init__(self, weight: np.ndarray, bias: np.ndarray, where: str) -> None:
        self.weight, self.bias, self.where = weight, bias, where


def _array(torch: Any, param: Any, where: str) -> np.ndarray:
    """A parameter tensor as a float64 numpy array (exact from every narrower floating dtype); finite or raise."""
    if torch.nn.parameter.is_lazy(param):
        raise InvalidInput(f"{where} is an uninitialized lazy parameter: run one forward pass (or build the layer "
                           "with explicit in_features) before from_torch")
    if not (param.dtype.is_floating_point and not param.dtype.is_complex):
        raise InvalidInput(f"{where} has dtype {param.dtype}; from_torch reads real floating-point parameters")
    arr = param.detach().to(device="cpu", dtype=torch.float64).numpy().copy()
    if not np.isfinite(arr).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0])
        raise InvalidInput(f"{where} has a non-finite entry (index {bad}: {arr[bad]}); a network with inf or NaN "
                           "parameters computes no function radontv can represent: retrain or repair the model")
    return arr


def _dense(torch: Any, lin: Any, where: str) -> _Dense:
    weight = _array(torch, lin.weight, f"{where}.weight")
    if weight.ndim != 2:
        raise InvalidInput(f"{where}.weight has shape {tuple(weight.shape)}; a Linear weight is (out_features, "
                           "in_features)")
    bias = np.zeros(weight.shape[0]) if lin.bias is None else _array(torch, lin.bias, f"{where}.bias")
    if bias.shape != (weight.shape[0],):
        raise InvalidInput(f"{where}.bias has shape {tuple(bias.shape)} but the weight has {weight.shape[0]} rows "
                           "(out_features)")
    return _Dense(weight, bias, where)


def _tokens(torch: Any, module: Any, where: str) -> list[Any]:
    """Flatten a Sequential into tokens: a :class:`_Dense`, the string ``"relu"``, or a shallow ``ReLUNetwork``
    (vector form) read from a ShallowReLU block; identity modules are dropped."""
    nn = torch.nn
    out: list[Any] = []
    for name, child in module.named_children():
        at = f"{where}[{name}]"
        if isinstance(child, nn.Sequential):
            out.extend(_tokens(torch, child, at))
        elif type(child) is nn.Linear or isinstance(child, nn.LazyLinear):  # not other subclasses (own forward)
            out.append(_dense(torch, child, at))
        elif type(child) is nn.ReLU:
            out.append("relu")
        elif type(child) is nn.Identity:
            continue
        elif type(child) is nn.Flatten:
            if (child.start_dim, child.end_dim) != (1, -1):
                raise InvalidInput(f"{at} is nn.Flatten(start_dim={child.start_dim}, end_dim={child.end_dim}); only "
                                   "nn.Flatten() with its defaults (1, -1) is accepted (the identity on a batch of "
                                   "vectors)")
            continue
        elif isinstance(child, _shallow_class()):
            out.append(_read_shallow(torch, child, at))
        else:
            raise InvalidInput(f"{at} is {type(child).__module__}.{type(child).__name__}, which from_torch cannot "
                               f"read; {_ACCEPTED} (Dropout is the identity only in eval mode: leave it out)")
    return out


def _read_shallow(torch: Any, block: Any, where: str) -> ReLUNetwork:
    """A ShallowReLU block as a vector-valued ReLUNetwork ``(W, b, V, C, c0)``."""
    nn = torch.nn
    for part in ("hidden", "output", "skip"):
        if type(getattr(block, part, None)) is not nn.Linear:
            raise InvalidInput(f"{where}.{part} must be an nn.Linear (a ShallowReLU holds hidden, output, skip)")
    hidden = _dense(torch, block.hidden, f"{where}.hidden")
    output = _dense(torch, block.output, f"{where}.output")
    skip = _dense(torch, block.skip, f"{where}.skip")
    (K, d), D = hidden.weight.shape, output.weight.shape[0]
    if output.weight.shape[1] != K or skip.weight.shape != (D, d):
        raise InvalidInput(f"{where}: shapes do not fit together: hidden.weight {hidden.weight.shape} (K, d), "
                           f"output.weight {output.weight.shape} must be ({D}, {K}), skip.weight "
                           f"{skip.weight.shape} must be ({D}, {d})")
    return _layer(hidden, output.weight.T, output.bias + skip.bias, skip.weight.T)


def _layer(hidden: _Dense, V: np.ndarray, c0: np.ndarray, C: np.ndarray | None = None) -> ReLUNetwork:
    C = np.zeros((hidden.weight.shape[1], V.shape[1])) if C is None else C
    return ReLUNetwork(hidden.weight, -hidden.bias, V, C, c0)


def _check_chain(tokens: list[Any]) -> None:
    """Consecutive dimensions must match: each Linear / block takes what the previous one gives."""
    prev: tuple[int, str] | None = None
    for tok in tokens:
        if isinstance(tok, str):
            continue
        d_in, d_out, where = ((tok.weight.shape[1], tok.weight.shape[0], tok.where) if isinstance(tok, _Dense)
                              else (tok.dim, tok.outputs, "a ShallowReLU block"))
        if prev is not None and d_in != prev[0]:
            raise InvalidInput(f"mismatched shapes: {where} takes inputs of dimension {d_in} but {prev[1]} outputs "
                               f"dimension {prev[0]}")
        prev = (d_out, where)


def _assemble(tokens: list[Any]) -> list[Any]:
    """The layers (ReLUNetwork / LinearLayer, first first) of a token stream; see the module docstring for the rule."""
    from .deep.network import LinearLayer

    def linear(t: _Dense) -> LinearLayer:
        return LinearLayer(t.weight, t.bias)

    layers: list[Any] = []
    pending: list[_Dense] = []
    open_hidden: _Dense | None = None  # the W of a ReLU layer still waiting for its output matrix

    def close(run: list[_Dense]) -> list[_Dense]:
        """Close the open ReLU layer with the first Linear of ``run`` (or the identity); return the rest."""
        nonlocal open_hidden
        assert open_hidden is not None
        K = open_hidden.weight.shape[0]
        if run:
            layers.append(_layer(open_hidden, run[0].weight.T, run[0].bias))
            run = run[1:]
        else:
            layers.append(_layer(open_hidden, np.eye(K), np.zeros(K)))
        open_hidden = None
        return run

    for i, tok in enumerate(tokens):
        if isinstance(tok, _Dense):
            pending.append(tok)
            continue
        if tok == "relu":
            if not pending:
                what = "the start" if i == 0 else ("another ReLU" if tokens[i - 1] == "relu" else "a ShallowReLU")
                raise InvalidInput(f"a ReLU follows {what}: every ReLU must follow a Linear ({_ACCEPTED})")
            if open_hidden is not None:  # one Linear between two ReLUs is the next W (this layer's V = I)
                pending = close(pending) if len(pending) > 1 else [*close([]), *pending]
            layers.extend(linear(t) for t in pending[:-1])
            open_hidden, pending = pending[-1], []
        else:  # a ShallowReLU block: a complete layer
            if open_hidden is not None:
                pending = close(pending)
            layers.extend(linear(t) for t in pending)
            layers.append(tok)
            pending = []
    if open_hidden is not None:
        if not pending:
            raise InvalidInput("the network ends in a ReLU; radontv's networks end in a linear output layer: append "
                               "an nn.Linear (e.g. Linear(K, K) with the identity weight to keep the same values)")
        pending = close(pending)
    layers.extend(linear(t) for t in pending)
    return layers


def from_torch(module: torch.nn.Module, *, deep: bool | None = None) -> ReLUNetwork | DeepReLUNetwork:
    r"""The radontv network, in float64, that computes the same function as the torch ``module``.

    ``nn.Sequential(nn.Linear(d, K), nn.ReLU(), nn.Linear(K, D))`` gives a :class:`~radontv.ReLUNetwork` with
    ``W = hidden.weight``, ``b = -hidden.bias``, ``V = output.weight.T`` (``v = output.weight[0]`` when ``D = 1``)
    and ``c0 = output.bias``; deeper stacks give a :class:`radontv.deep.DeepReLUNetwork` (accepted modules and the
    layer rule: module docstring).  ``deep=True`` returns a ``DeepReLUNetwork`` even for one hidden layer,
    ``deep=False`` insists on a shallow network.  Float32 (and narrower) parameters convert to float64 exactly; the
    values the radontv network computes agree with the module's to rounding (summation order and precision).

    Raises
    ------
    InvalidInput
        On a module that is not accepted (the message names it and lists what is), non-finite or non-floating
        parameters, dimensions that do not match between layers, a stack that does not start and end with a
        ``Linear``.
    ImportError
        When torch is not installed (the message says ``pip install "radontv[torch]"``).
    """
    torch = _torch()
    if isinstance(module, _shallow_class()):
        tokens: list[Any] = [_read_shallow(torch, module, "module")]
    elif isinstance(module, torch.nn.Sequential):
        tokens = _tokens(torch, module, "module")
    else:
        raise InvalidInput(f"module is {type(module).__module__}.{type(module).__name__}; {_ACCEPTED}")
    if not tokens:
        raise InvalidInput(f"module has no layers: {_ACCEPTED}")
    if tokens[0] == "relu":
        raise InvalidInput(f"the network starts with a ReLU; every ReLU must follow a Linear ({_ACCEPTED})")
    if "relu" not in tokens and not any(isinstance(t, ReLUNetwork) for t in tokens):
        raise InvalidInput(f"module has no ReLU: a stack of Linear layers is affine, not a ReLU network ({_ACCEPTED})")
    _check_chain(tokens)
    layers = _assemble(tokens)
    if deep is None:
        deep = not (len(layers) == 1 and isinstance(layers[0], ReLUNetwork))
    if deep:
        from .deep.network import DeepReLUNetwork

        return DeepReLUNetwork(layers)
    if len(layers) != 1 or not isinstance(layers[0], ReLUNetwork):
        raise InvalidInput(f"deep=False, but the module has {len(layers)} layers (radontv's reading: "
                           f"{', '.join(type(x).__name__ for x in layers)}); use deep=None for a DeepReLUNetwork")
    net = layers[0]
    if net.outputs == 1:  # a scalar network, as radontv writes D = 1
        return ReLUNetwork(net.W, net.b, net.V[:, 0], net.c[:, 0], net.c0[0])
    return net


# -- writing ------------------------------------------------------------------------------------------------------
def _tensor(torch: Any, values: Any, dtype: Any, where: str) -> Any:
    """Parameters as a tensor of ``dtype``: float64 values as they are; Fractions and mpf rounded to nearest float64,
    then to ``dtype``.  Values beyond the range of ``dtype`` raise."""
    arr = np.asarray(values)
    if arr.dtype == object:
        try:
            arr = np.array([float(x) for x in arr.flat], dtype=np.float64).reshape(arr.shape)
        except OverflowError as exc:
            raise InvalidInput(f"{where} has an entry beyond the float64 range (|x| > 1.8e308); torch cannot hold it "
                               "in floating point: rescale the network first (net.rescale(...))") from exc
    out = torch.tensor(np.asarray(arr, dtype=np.float64), dtype=dtype)
    if not bool(torch.isfinite(out).all()):
        raise InvalidInput(f"{where} has an entry beyond the range of {dtype} (it would become inf); use "
                           "dtype=torch.float64 or rescale the network first")
    return out


def _linear(torch: Any, weight: Any, bias: Any, dtype: Any, where: str) -> Any:
    """An ``nn.Linear`` holding ``weight`` (out, in) and ``bias`` (None for no bias), without random init."""
    nn = torch.nn
    w = _tensor(torch, weight, dtype, f"{where} weight")
    with warnings.catch_warnings():  # torch warns that initializing a zero-size weight (K = 0) is a no-op
        warnings.filterwarnings("ignore", message="Initializing zero-element tensors")
        lin = nn.Linear(w.shape[1], w.shape[0], bias=bias is not None, device="meta", dtype=dtype)  # no memory
    lin.weight = nn.Parameter(w)
    if bias is not None:
        lin.bias = nn.Parameter(_tensor(torch, bias, dtype, f"{where} bias"))
    return lin


def _is_zero(arr: Any) -> bool:
    return all(x == 0 for x in np.asarray(arr, dtype=object).flat)


def _relu_modules(torch: Any, net: ReLUNetwork, dtype: Any, where: str, *, with_output: bool = True) -> list[Any]:
    """``[Linear(W, -b), ReLU, Linear(V^T, c0)]`` (c = 0), or ``[ShallowReLU]``; without the output Linear when
    ``with_output`` is false (its V is the identity and c0 zero)."""
    V, D = net.V, net.outputs
    c0 = np.asarray(net.c0, dtype=object).reshape(D)
    hidden = _linear(torch, net.W, -net.b, dtype, f"{where}: W, b")
    if _is_zero(net.c):
        mods = [hidden, torch.nn.ReLU()]
        return [*mods, _linear(torch, V.T, c0, dtype, f"{where}: V, c0")] if with_output else mods
    C = np.asarray(net.c, dtype=object).reshape(net.dim, D)
    return [_shallow_class()(hidden, _linear(torch, V.T, c0, dtype, f"{where}: V, c0"),
                             _linear(torch, C.T, None, dtype, f"{where}: c"))]


def _identity_output(net: ReLUNetwork) -> bool:
    """V is exactly the identity and c, c0 are zero: the ReLU layer outputs its activations unchanged."""
    V = net.V
    if V.shape[0] != V.shape[1] or not (_is_zero(net.c) and _is_zero(net.c0)):
        return False
    return all(V[i, j] == (1 if i == j else 0) for i in range(V.shape[0]) for j in range(V.shape[1]))


def to_torch(net: ReLUNetwork | DeepReLUNetwork, dtype: torch.dtype | None = None) -> torch.nn.Module:
    r"""A torch module computing ``net`` (a :class:`~radontv.ReLUNetwork` or :class:`radontv.deep.DeepReLUNetwork`).

    A ``ReLUNetwork`` with ``c = 0`` becomes ``nn.Sequential(nn.Linear(d, K), nn.ReLU(), nn.Linear(K, D))`` holding
    ``(W, -b)`` and ``(V^T, c0)`` (table in the module docstring), with a skip term a :class:`ShallowReLU`; a
    ``DeepReLUNetwork`` becomes one ``nn.Sequential``.  The module outputs shape ``(n, D)`` (``(n, 1)`` for a scalar
    network, as ``nn.Linear`` does).  ``dtype`` is the parameters' torch dtype, ``torch.float64`` by default.

    **Loss of precision.**  Float networks are written as they are (exact in float64; rounded to nearest in a
    narrower ``dtype``, relative error at most :math:`2^{-24}` per parameter in float32).  Exact (Fraction) and mp
    networks are rounded to the nearest float64 (relative error at most :math:`2^{-53}` per parameter; values that
    are dyadic rationals within range, e.g. small integers and halves, stay exact), then to ``dtype``: the torch
    module computes a nearby function, no longer exactly ``net``.  A parameter beyond the range of ``dtype`` raises
    :class:`~radontv.InvalidInput` instead of becoming ``inf``; one below its normal range (about 2.2e-308 in float64,
    1.2e-38 in float32) loses relative precision or becomes 0, as IEEE rounding does.
    """
    torch = _torch()
    from .deep.network import DeepReLUNetwork, LinearLayer

    dtype = torch.float64 if dtype is None else dtype
    if not (isinstance(dtype, torch.dtype) and dtype.is_floating_point and not dtype.is_complex):
        raise InvalidInput(f"dtype must be a real floating torch dtype such as torch.float64, got {dtype!r}")
    if isinstance(net, ReLUNetwork):
        shallow = _relu_modules(torch, net, dtype, "net")
        return shallow[0] if len(shallow) == 1 else torch.nn.Sequential(*shallow)
    if not isinstance(net, DeepReLUNetwork):
        raise InvalidInput(f"net must be a radontv.ReLUNetwork or radontv.deep.DeepReLUNetwork, got "
                           f"{type(net).__name__}")
    mods: list[Any] = []
    layers = net.layers
    for i, layer in enumerate(layers):
        where = f"layer {i + 1}"
        if isinstance(layer, LinearLayer):
            mods.append(_linear(torch, layer.M, layer.bias, dtype, f"{where}: M, bias"))
            continue
        following = layers[i + 1] if i + 1 < len(layers) else None
        omit = (isinstance(following, ReLUNetwork) and _is_zero(following.c) and _is_zero(layer.c)
                and _identity_output(layer))
        mods.extend(_relu_modules(torch, layer, dtype, where, with_output=not omit))
    return torch.nn.Sequential(*mods)
