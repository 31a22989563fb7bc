r"""Training a shallow ReLU network with weight decay, in plain numpy/scipy, for any input dimension.

The objective (the convention of :mod:`radontv.network`: weight decay on input and output weights only, with the
factor ½, biases and the affine skip term unregularized; Parhi & Nowak, JMLR 2021, eq. (16) with m = 2):

.. math::

    J(\theta) = \tfrac12\sum_{n=1}^{N}\bigl(f_\theta(x_n) - y_n\bigr)^2
              + \tfrac{\lambda}{2}\sum_{k=1}^{K}\bigl(v_k^2 + \|w_k\|_2^2\bigr), \qquad
    f_\theta(x) = \sum_{k=1}^K v_k\,\sigma(w_k^\top x - b_k) + c^\top x + c_0 .

In one dimension, for :math:`K \ge N - 2`, :math:`\min_\theta J = \min_f \tfrac12\sum_n (f(x_n)-y_n)^2 +
\lambda\,\mathrm{TV}^2(f)` (PN21 Thm 8; see the claim ``training.equivalence``); in :math:`d` dimensions the same holds
with R-TV² and :math:`K \ge N - (d+1)` (PN21 Thm 8, catalog D13).  Training is nonconvex: the optimizer returns a
stationary point, whose objective is never below the convex optimum.

The optimizer is full-batch quasi-Newton (:func:`scipy.optimize.minimize`: dense BFGS for small networks, L-BFGS-B
without bounds for large ones) with the exact gradient (the ReLU's derivative taken as 0 at the kink).  Everything
is deterministic given ``seed``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize

from .errors import InvalidInput
from .network import ReLUNetwork
from .typing import ArrayLike, ScalarLike

__all__ = ["TrainingResult", "fit_network", "training_objective", "weight_decay_strength"]

#: Default stopping rule of L-BFGS: projected gradient below ``_GTOL`` times the initial objective's scale, or
#: relative objective decrease below ``_FTOL`` (both near double-precision resolution: training runs to convergence).
_GTOL = 1e-10
_FTOL = 1e-15
_MAX_ITER = 20_000
#: Up to this many parameters the optimizer is dense BFGS (an O(p²) inverse-Hessian update, fast and robust for the
#: small networks of the checks); above it, L-BFGS-B with 30 correction pairs.
_DENSE_BFGS_MAX_PARAMS = 1500


@dataclass(frozen=True)
class TrainingResult:
    """What :func:`fit_network` returns.

    Attributes
    ----------
    network : ReLUNetwork
        The trained network (float).
    objective : float
        :math:`J(\\theta)` at the returned parameters.
    history : numpy.ndarray
        :math:`J` after each optimizer iteration (the first entry is the initial value).
    iterations : int
        Optimizer iterations.
    converged : bool
        Whether the optimizer met its stopping rule (rather than the iteration cap).
    message : str
        The optimizer's message.
    """

    network: ReLUNetwork
    objective: float
    history: np.ndarray
    iterations: int
    converged: bool
    message: str


def _as_data(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    try:
        Xa = np.asarray(X, dtype=np.float64)
        ya = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInput("X and y must be numeric arrays: X of shape (n, d) (or (n,) for d = 1), y of shape (n,)") \
            from None
    if Xa.ndim == 1:
        Xa = Xa.reshape(-1, 1)
    if Xa.ndim != 2:
        raise InvalidInput(f"X must have shape (n, d) (or (n,) when d = 1); got shape {Xa.shape}")
    if ya.ndim != 1:
        raise InvalidInput(f"y must be a flat array of shape (n,); got shape {ya.shape}. Flatten it first")
    if Xa.shape[0] != ya.shape[0]:
        raise InvalidInput(f"X has {Xa.shape[0]} points but y has {ya.shape[0]} values; pass one value per point")
    if Xa.shape[0] < 2:
        raise InvalidInput(f"need at least 2 data points, got {Xa.shape[0]}")
    if Xa.shape[1] < 1:
        raise InvalidInput("X has zero columns: the input dimension d must be at least 1")
    for arr, name in ((Xa, "X"), (ya, "y")):
        if not np.all(np.isfinite(arr)):
            raise InvalidInput(f"{name} contains NaN or inf; every entry must be finite (drop or impute them first)")
    return Xa, ya


def _unpack(theta: np.ndarray, K: int, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
    W = theta[: K * d].reshape(K, d)
    b = theta[K * d: K * d + K]
    v = theta[K * d + K: K * d + 2 * K]
    c = theta[K * d + 2 * K: K * d + 2 * K + d]
    return W, b, v, c, float(theta[-1])


def _objective_and_gradient(theta: np.ndarray, X: np.ndarray, y: np.ndarray, lam: float, K: int,
                            ) -> tuple[float, np.ndarray]:
    d = X.shape[1]
    W, b, v, c, c0 = _unpack(theta, K, d)
    pre = X @ W.T - b
    act = np.maximum(pre, 0.0)
    e = act @ v + X @ c + c0 - y
    J = 0.5 * float(e @ e) + 0.5 * lam * (float(v @ v) + float(np.sum(W * W)))
    mask = (pre > 0).astype(np.float64)
    ge = e[:, None] * mask * v[None, :]  # dJ/dpre (n, K)
    gW = ge.T @ X + lam * W
    gb = -ge.sum(axis=0)
    gv = act.T @ e + lam * v
    gc = X.T @ e
    gc0 = e.sum()
    return J, np.concatenate([gW.ravel(), gb, gv, gc, [gc0]])


def training_objective(net: ReLUNetwork, X: ArrayLike, y: ArrayLike, lam: ScalarLike) -> float:
    r""":math:`J(\theta) = \tfrac12\sum_n (f_\theta(x_n) - y_n)^2 + \tfrac\lambda2\sum_k (v_k^2 + \|w_k\|^2)`,
    in float."""
    Xa, ya = _as_data(X, y)
    f = np.asarray(net.as_float()(Xa), dtype=np.float64)
    e = f - ya
    return 0.5 * float(e @ e) + float(lam) * float(net.as_float().weight_decay())


def weight_decay_strength(lam: Any) -> float:
    """``lam`` as a float after checking it is a finite number >= 0 (the weight-decay strength of every trainer)."""
    try:
        lam_f = float(lam)
    except (TypeError, ValueError):
        raise InvalidInput(f"lam must be a non-negative number, got {lam!r}") from None
    if not math.isfinite(lam_f) or lam_f < 0:
        raise InvalidInput(f"lam = {lam!r} must be finite and >= 0 (the weight-decay strength)")
    return lam_f


def fit_network(X: ArrayLike, y: ArrayLike, width: int, lam: float, *, seed: int = 0, max_iter: int = _MAX_ITER,
                init: ReLUNetwork | None = None) -> TrainingResult:
    r"""Train a width-``width`` shallow ReLU network with weight decay :math:`\tfrac\lambda2\sum_k(v_k^2+\|w_k\|^2)`.

    Parameters
    ----------
    X : array_like, shape (n, d), or (n,) for d = 1
        Inputs.
    y : array_like, shape (n,)
        Targets.
    width : int
        Number of neurons :math:`K \ge 1`.
    lam : float
        :math:`\lambda \ge 0`, the weight-decay strength (the objective carries :math:`\lambda/2`).
    seed : int
        Seed of the initialization (``numpy.random.default_rng(seed)``): the result is deterministic.
    max_iter : int
        Cap on L-BFGS iterations.
    init : ReLUNetwork, optional
        Start from these parameters instead of a random initialization (its width must be ``width``).

    Returns
    -------
    TrainingResult
        The trained network (float), the objective, its history, the iteration count and convergence flag.

    Initialization: input weights :math:`w_k` uniform on the unit sphere, biases :math:`b_k = w_k^\top x_{j_k}` at
    random data points (every kink starts inside the data), output weights :math:`N(0, s^2/K)` with :math:`s` the
    spread of ``y``, and the skip term at the least-squares affine fit.

    Examples
    --------
    >>> res = fit_network([0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 1.0, 0.0], width=4, lam=0.1, seed=0)
    >>> bool(res.objective <= res.history[0])
    True
    """
    Xa, ya = _as_data(X, y)
    if isinstance(width, bool) or not isinstance(width, int | np.integer) or width < 1:
        raise InvalidInput(f"width must be a positive integer (the number of neurons), got {width!r}")
    lam_f = weight_decay_strength(lam)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise InvalidInput(f"seed must be an integer, got {seed!r}")
    n, d = Xa.shape
    K = int(width)
    if init is not None:
        if init.width != K or init.dim != d:
            raise InvalidInput(f"init has width {init.width} and dimension {init.dim}; expected width {K}, d = {d}")
        f = init.as_float()
        theta0 = np.concatenate([np.asarray(f.W, dtype=np.float64).ravel(), np.asarray(f.b, dtype=np.float64),
                                 np.asarray(f.v, dtype=np.float64), np.asarray(f.c, dtype=np.float64),
                                 [float(f.c0)]])
    else:
        rng = np.random.default_rng(int(seed))
        W = rng.standard_normal((K, d))
        W /= np.linalg.norm(W, axis=1, keepdims=True)
        anchors = Xa[rng.integers(0, n, K)]
        b = np.einsum("kd,kd->k", W, anchors)
        spread = float(np.std(ya)) or 1.0
        v = rng.standard_normal(K) * spread / math.sqrt(K)
        A = np.hstack([Xa, np.ones((n, 1))])
        coef, *_ = np.linalg.lstsq(A, ya, rcond=None)
        theta0 = np.concatenate([W.ravel(), b, v, coef[:d], [coef[d]]])
    history: list[float] = [_objective_and_gradient(theta0, Xa, ya, lam_f, K)[0]]

    def record(intermediate_result: Any) -> None:
        history.append(float(intermediate_result.fun))

    if theta0.size <= _DENSE_BFGS_MAX_PARAMS:
        res = minimize(_objective_and_gradient, theta0, args=(Xa, ya, lam_f, K), jac=True, method="BFGS",
                       callback=record, options={"maxiter": int(max_iter), "gtol": _GTOL})
    else:
        res = minimize(_objective_and_gradient, theta0, args=(Xa, ya, lam_f, K), jac=True, method="L-BFGS-B",
                       callback=record, options={"maxiter": int(max_iter), "gtol": _GTOL, "ftol": _FTOL,
                                                 "maxcor": 30})
    W, b, v, c, c0 = _unpack(res.x, K, d)
    net = ReLUNetwork(W.copy(), b.copy(), v.copy(), c.copy(), c0)
    J = _objective_and_gradient(res.x, Xa, ya, lam_f, K)[0]
    # BFGS status 2 = the line search cannot improve J at double precision: a stationary point to rounding
    converged = bool(res.success) or (res.get("status") == 2 and theta0.size <= _DENSE_BFGS_MAX_PARAMS)
    return TrainingResult(network=net, objective=J, history=np.asarray(history), iterations=int(res.nit),
                          converged=converged, message=str(res.message))
