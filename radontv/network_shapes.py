r"""Input validation for :class:`radontv.ReLUNetwork`: shapes of ``W, b, V, c, c0`` and of evaluation points.

A network with ``K`` neurons on :math:`\mathbb{R}^d` has ``W`` of shape ``(K, d)`` and ``b`` of shape ``(K,)``.  Its
output weights ``V`` have shape ``(K,)`` (one output, the scalar case) or ``(K, D)`` (``D >= 1`` outputs, the
vector-valued case of [SPLN24] eq. (5)); the skip term then has ``c`` of shape ``(d,)`` resp. ``(d, D)`` and ``c0``
a scalar resp. shape ``(D,)``.  Every function here raises :class:`~radontv.InvalidInput` with a message saying
which shape is expected.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import InvalidInput
from .scalars import numeric_array

__all__ = ["matrix", "output_weights", "points", "skip_constant", "skip_linear", "vector"]


def _object_array(x: Any) -> np.ndarray:
    arr = numeric_array(x)
    return arr if arr is not None else np.asarray(x, dtype=object)


def _ragged(arr: np.ndarray) -> bool:
    return arr.dtype == object and any(isinstance(e, list | tuple | np.ndarray) for e in arr.flat)


def matrix(W: Any) -> np.ndarray:
    """``W`` as a 2-D array of shape ``(K, d)``."""
    try:
        arr = _object_array(W)
    except ValueError as exc:  # numpy refuses some ragged nestings outright
        raise InvalidInput("W is ragged: every row (one per neuron) must have the same length d") from exc
    if _ragged(arr):
        raise InvalidInput("W is ragged: every row (one per neuron) must have the same length d")
    if arr.ndim != 2:
        raise InvalidInput(
            f"W must have shape (K, d), one row of input weights per neuron; got shape {arr.shape}. "
            "For d = 1 pass a column, e.g. [[w1], [w2]], or use ReLUNetwork.univariate(w, b, v)"
        )
    return arr


def vector(x: Any, name: str, length: int, what: str) -> np.ndarray:
    """``x`` as a flat array of ``length`` entries."""
    try:
        arr = _object_array(x)
    except ValueError as exc:
        raise InvalidInput(f"{name} is ragged; pass a flat sequence of {length} numbers ({what})") from exc
    if _ragged(arr):
        raise InvalidInput(f"{name} is ragged; pass a flat sequence of {length} numbers ({what})")
    if arr.ndim != 1 or arr.shape[0] != length:
        raise InvalidInput(f"{name} must have shape ({length},) ({what}); got shape {arr.shape}")
    return arr


def output_weights(V: Any, K: int) -> np.ndarray:
    """``V`` of shape ``(K,)`` (scalar output) or ``(K, D)`` with ``D >= 1`` (vector output)."""
    try:
        arr = _object_array(V)
    except ValueError as exc:
        raise InvalidInput("V is ragged: every row (one per neuron) must have the same number D of outputs") from exc
    if _ragged(arr):
        raise InvalidInput("V is ragged: every row (one per neuron) must have the same number D of outputs")
    if arr.ndim not in (1, 2):
        raise InvalidInput(f"V must have shape (K,) for one output or (K, D) for D outputs, one row per neuron; "
                           f"got shape {arr.shape}")
    if arr.ndim == 1 and arr.shape[0] != K:
        raise InvalidInput(f"v must have shape ({K},) (one output weight per neuron; or ({K}, D) for D outputs); "
                           f"got shape {arr.shape}")
    if arr.shape[0] != K:
        raise InvalidInput(f"V has {arr.shape[0]} rows but W has {K} rows (neurons); V needs one row of output "
                           f"weights per neuron: shape ({K},) or ({K}, D)")
    if arr.ndim == 2 and arr.shape[1] == 0:
        raise InvalidInput(f"V has shape {arr.shape}: a vector-valued network needs D >= 1 outputs (columns of V)")
    return arr


def skip_linear(c: Any, d: int, D: int | None) -> np.ndarray:
    """The linear skip weights: shape ``(d,)`` for a scalar network (``D is None``), ``(d, D)`` otherwise."""
    if D is None:
        return vector(np.zeros(d, dtype=object) if c is None else c, "c", d, "the linear skip weights, one per input")
    if c is None:
        return np.zeros((d, D), dtype=object)
    try:
        arr = _object_array(c)
    except ValueError as exc:
        raise InvalidInput(f"c is ragged; pass shape ({d}, {D}), one row per input and one column per output") from exc
    if _ragged(arr) or arr.shape != (d, D):
        raise InvalidInput(f"c must have shape (d, D) = ({d}, {D}) for a network with D = {D} outputs (the linear "
                           f"skip weights, one row per input, one column per output); got shape {arr.shape}")
    return arr


def skip_constant(c0: Any, D: int | None) -> np.ndarray:
    """The skip constant: a scalar (0-d array) for a scalar network, shape ``(D,)`` otherwise."""
    if c0 is None:
        return np.asarray(0, dtype=object) if D is None else np.zeros(D, dtype=object)
    try:
        arr = np.asarray(c0, dtype=object)
    except ValueError as exc:
        raise InvalidInput("c0 is ragged; pass one number per output") from exc
    if D is None and arr.ndim != 0:
        raise InvalidInput(f"c0 must be a scalar (the constant of the skip term); got shape {arr.shape}. "
                           "For several outputs give V the shape (K, D)")
    if D is not None and (arr.shape != (D,) or _ragged(arr)):
        raise InvalidInput(f"c0 must have shape ({D},), one constant per output of the D = {D} outputs; "
                           f"got shape {arr.shape}")
    return arr


def points(X: Any, d: int) -> tuple[np.ndarray, bool]:
    """Evaluation points as an ``(n, d)`` object array, and whether ``X`` was a single point.

    One point has shape ``(d,)`` (or is a scalar when ``d = 1``); a batch has shape ``(n, d)``; for ``d = 1`` a
    flat array of ``n`` numbers is a batch.
    """
    try:
        arr = np.asarray(X, dtype=object)
    except ValueError as exc:
        raise InvalidInput("X is ragged; every point must have d coordinates") from exc
    single = False
    if arr.ndim == 0:
        if d != 1:
            raise InvalidInput(
                f"X is a scalar but the network has input dimension d = {d}; pass shape ({d},) or (n, {d})"
            )
        pts, single = arr.reshape(1, 1), True
    elif arr.ndim == 1:
        if d == 1:
            pts = arr.reshape(-1, 1)
        elif arr.shape[0] == d:
            pts, single = arr.reshape(1, d), True
        else:
            raise InvalidInput(f"X has shape {arr.shape} but the network has input dimension d = {d}; "
                               f"pass one point of shape ({d},) or a batch of shape (n, {d})")
    elif arr.ndim == 2 and arr.shape[1] == d:
        pts = arr
    else:
        raise InvalidInput(f"X has shape {arr.shape}; pass one point of shape ({d},) or a batch of shape (n, {d})")
    if _ragged(pts):
        raise InvalidInput("X is ragged; every point must have d coordinates")
    return pts, single
