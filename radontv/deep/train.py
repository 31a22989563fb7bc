r"""Training deep networks with weight decay, in plain numpy/scipy: stacked linear layers and deep ReLU networks.

**Stacked linear layers** (catalog E6).  :math:`L` linear layers :math:`W_1, \dots, W_L` (``W_1`` applied first)
are trained on a least-squares fit with weight decay,

.. math::

    J(W_1, \dots, W_L) = \tfrac12 \|W_L \cdots W_1 - T\|_F^2 + \tfrac\lambda2 \sum_{\ell=1}^L \|W_\ell\|_F^2
    \qquad\text{(or } \tfrac12\|X (W_L\cdots W_1)^\top - Y\|_F^2 \text{ with data)}.

Since :math:`\min\{\tfrac12\sum_\ell \|W_\ell\|_F^2 : W_L\cdots W_1 = W\} = \tfrac L2 \sum_i s_i(W)^{2/L}` (E6: the
Schatten-:math:`2/L` quasi-norm; [GK] §2, a standard identity derived in ``theory/deep.py``), every value of
:math:`J` is at least

.. math:: J^\star = \min_W \tfrac12 \|W - T\|_F^2 + \lambda\,\tfrac L2 \sum_i s_i(W)^{2/L},

which separates over the singular values of :math:`T` (von Neumann's trace inequality: :math:`\|W - T\|_F^2 \ge
\sum_i (s_i(W) - s_i(T))^2`, with equality for shared singular vectors), so :math:`J^\star = \sum_i
\min_{x \ge 0} \tfrac12 (x - s_i)^2 + \lambda \tfrac L2 x^{2/L}`.  For :math:`L = 2` this is singular-value soft
thresholding, :math:`x_i = (s_i - \lambda)_+` (the nuclear-norm proximal map; Cai, Candès & Shen, SIAM J. Optim. 2010):
singular values of :math:`T` below :math:`\lambda` are driven to zero, which is why weight decay on stacked linear
layers prefers low rank.  :func:`linear_stack_optimum` computes :math:`J^\star` (closed form for :math:`L \le 2`, a
scalar root per singular value otherwise); :func:`train_linear_stack` trains the factors and records the singular
values of the product along the way.

**Deep ReLU networks** ([PN22]; [SPLN24] §6).  A composite of shallow vector-valued layers
:math:`z \mapsto \sigma(z W_\ell^\top - b_\ell) V_\ell + z C_\ell + c_{0,\ell}` (the layers of
:class:`radontv.deep.DeepReLUNetwork`) is trained by :func:`train_deep_network` on

.. math::

    J(\theta) = \tfrac12 \|f_\theta(X) - Y\|_F^2 + \tfrac\lambda2 \sum_\ell \bigl(\|W_\ell\|_F^2 + \|V_\ell\|_F^2\bigr),

biases :math:`b_\ell` and the skip terms :math:`(C_\ell, c_{0,\ell})` unregularized (the convention of
:meth:`DeepReLUNetwork.weight_decay`).  Training is nonconvex; it returns a stationary point.

Both trainers use full-batch L-BFGS (:func:`scipy.optimize.minimize`) with the analytic gradients of
:func:`linear_stack_objective` and :func:`deep_network_objective` (the ReLU's derivative taken as 0 at the kink),
or, for the linear stack, plain gradient descent with a backtracking (Armijo) line search.  Everything is
deterministic given ``seed``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.optimize import brentq, minimize

from ..errors import InvalidInput
from ..train import weight_decay_strength
from ..typing import ArrayLike

if TYPE_CHECKING:
    from ..network import ReLUNetwork
    from .network import DeepReLUNetwork

__all__ = [
    "DeepTrainingResult",
    "LinearStackOptimum",
    "LinearStackResult",
    "deep_network_objective",
    "linear_stack_objective",
    "linear_stack_optimum",
    "train_deep_network",
    "train_linear_stack",
]

#: L-BFGS stopping rule: gradient norm below _GTOL, relative decrease below _FTOL (near double precision).
_GTOL = 1e-10
_FTOL = 1e-15
_MAXCOR = 30


def _single_blas_thread() -> AbstractContextManager[Any]:
    """Limit BLAS to one thread while optimizing (threadpoolctl, when installed).  The matrices here are small;
    multithreaded OpenBLAS spins on them, and on a loaded 2-core machine an L-BFGS run was 25x slower with two
    BLAS threads than with one."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


# -- validation --------------------------------------------------------------------------------------------------
def _finite_matrix(A: Any, name: str, *, allow_vector: bool = False) -> np.ndarray:
    try:
        M = np.asarray(A, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInput(f"{name} must be a numeric 2-D array") from None
    if allow_vector and M.ndim == 1:
        M = M.reshape(-1, 1)
    if M.ndim != 2 or M.size == 0:
        raise InvalidInput(f"{name} must be a non-empty 2-D array; got shape {M.shape}")
    if not np.all(np.isfinite(M)):
        raise InvalidInput(f"{name} contains NaN or inf; every entry must be finite")
    return M


def _positive_int(value: Any, name: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise InvalidInput(f"{name} must be a positive integer ({what}), got {value!r}")
    return int(value)


# -- stacked linear layers ---------------------------------------------------------------------------------------
def linear_stack_objective(factors: Sequence[np.ndarray], target: np.ndarray, lam: float, *,
                           X: np.ndarray | None = None) -> tuple[float, list[np.ndarray]]:
    r"""The objective :math:`J` of a linear stack and its gradient with respect to every factor.

    :math:`J = \tfrac12\|P - T\|_F^2 + \tfrac\lambda2\sum_\ell\|W_\ell\|_F^2` with :math:`P = W_L\cdots W_1`
    (``factors[0]`` is :math:`W_1`), or :math:`\tfrac12\|XP^\top - Y\|_F^2 + \dots` when data ``X`` (shape (N, d))
    are given and ``target`` is ``Y`` (shape (N, D)).  With :math:`G = \partial J_{\rm fit}/\partial P`
    (:math:`P - T`, resp. :math:`(XP^\top - Y)^\top X`), the chain rule gives
    :math:`\partial J/\partial W_\ell = (W_L\cdots W_{\ell+1})^\top G\,(W_{\ell-1}\cdots W_1)^\top + \lambda W_\ell`.
    Inputs are float arrays; shapes are trusted (the trainers validate them).
    """
    L = len(factors)
    below = [np.eye(factors[0].shape[1])]  # below[l] = W_l ... W_1 (below[0] = I)
    for W in factors:
        below.append(W @ below[-1])
    P = below[-1]
    E = P - target if X is None else X @ P.T - target
    G = E if X is None else E.T @ X
    J = 0.5 * float(np.sum(E * E)) + 0.5 * lam * sum(float(np.sum(W * W)) for W in factors)
    grads: list[np.ndarray] = [np.empty(0)] * L
    above = np.eye(P.shape[0])  # W_L ... W_{l+1}
    for i in range(L - 1, -1, -1):
        grads[i] = above.T @ G @ below[i].T + lam * factors[i]
        above = above @ factors[i]
    return J, grads


@dataclass(frozen=True)
class LinearStackOptimum:
    r"""What :func:`linear_stack_optimum` returns: the global optimum of the linear-stack objective.

    Attributes
    ----------
    value : float
        :math:`J^\star = \sum_i \min_{x\ge0} \tfrac12(x - s_i)^2 + \lambda\tfrac L2 x^{2/L}`.
    singular_values : numpy.ndarray
        The singular values :math:`x_i` of an optimal product (non-increasing, same length as those of ``T``).
    rank : int
        The number of nonzero :math:`x_i`.
    """

    value: float
    singular_values: np.ndarray
    rank: int


def _scalar_optimum(s: float, L: int, lam: float) -> float:
    r"""argmin over x >= 0 of q(x) = (x - s)^2/2 + lam (L/2) x^(2/L) (the smallest minimizer on ties)."""
    if L == 1:
        return s / (1.0 + lam)
    if L == 2:
        return max(s - lam, 0.0)
    if lam == 0.0:
        return s
    p = 2.0 / L
    # stationary points solve g(x) = x + lam x^(p-1) = s; g is convex on x > 0 with its minimum at x0
    x0 = (lam * (1.0 - p)) ** (1.0 / (2.0 - p))
    if s <= x0 + lam * x0 ** (p - 1.0):
        return 0.0
    x = brentq(lambda t: t + lam * t ** (p - 1.0) - s, x0, s, xtol=1e-15 * s, rtol=4 * np.finfo(float).eps)
    q = 0.5 * (x - s) ** 2 + lam * 0.5 * L * x ** p
    return x if q < 0.5 * s * s else 0.0


def linear_stack_optimum(target: ArrayLike, L: int, lam: float) -> LinearStackOptimum:
    r"""The global optimum :math:`J^\star` of :math:`\tfrac12\|W_L\cdots W_1 - T\|_F^2 +
    \tfrac\lambda2\sum\|W_\ell\|_F^2`.

    By E6 and von Neumann's trace inequality the problem separates over the singular values :math:`s_i` of ``T``
    (module docstring; intermediate widths at least the rank of the optimum).  Per singular value:
    :math:`L = 1`: :math:`x = s/(1+\lambda)`; :math:`L = 2`: :math:`x = (s - \lambda)_+` (soft thresholding),
    value :math:`\lambda s - \lambda^2/2` if :math:`s > \lambda`, else :math:`s^2/2`; :math:`L \ge 3`: the nonzero
    stationary point solves :math:`x + \lambda x^{2/L-1} = s` (a root bracketed by the minimum of the convex
    left-hand side and :math:`s`, found by Brent's method) and is compared with :math:`x = 0`.
    """
    T = _finite_matrix(target, "target")
    L = _positive_int(L, "L", "the number of layers")
    lam_f = weight_decay_strength(lam)
    s = np.linalg.svd(T, compute_uv=False)
    x = np.array([_scalar_optimum(float(si), L, lam_f) for si in s])
    value = float(np.sum(0.5 * (x - s) ** 2 + lam_f * 0.5 * L * x ** (2.0 / L)))
    return LinearStackOptimum(value=value, singular_values=x, rank=int(np.count_nonzero(x)))


@dataclass(frozen=True)
class LinearStackResult:
    r"""What :func:`train_linear_stack` returns.

    Attributes
    ----------
    factors : tuple of numpy.ndarray
        The trained :math:`W_1, \dots, W_L` (``factors[0]`` applied first).
    objective : float
        :math:`J` at the returned factors.
    history : numpy.ndarray
        :math:`J` after each iteration (the first entry is the initial value).
    singular_values : numpy.ndarray, shape (iterations + 1, min(m, n))
        Singular values of the product :math:`W_L \cdots W_1` after each iteration (row 0: at initialization).
    iterations : int
        Optimizer iterations.
    converged : bool
        Whether the stopping rule was met (rather than the iteration cap).
    """

    factors: tuple[np.ndarray, ...]
    objective: float
    history: np.ndarray
    singular_values: np.ndarray
    iterations: int
    converged: bool

    @property
    def product(self) -> np.ndarray:
        """The end-to-end matrix :math:`W_L \\cdots W_1`."""
        P = self.factors[0]
        for W in self.factors[1:]:
            P = W @ P
        return P

    def rank(self, rtol: float = 1e-6) -> int:
        """Number of final singular values above ``rtol`` times the largest (0 for a zero product)."""
        s = self.singular_values[-1]
        return int(np.count_nonzero(s > rtol * s[0])) if s.size and s[0] > 0 else 0


def _stack_shapes(m: int, n: int, L: int, width: int) -> list[tuple[int, int]]:
    if L == 1:
        return [(m, n)]
    return [(width, n)] + [(width, width)] * (L - 2) + [(m, width)]


def _unpack_factors(theta: np.ndarray, shapes: list[tuple[int, int]]) -> list[np.ndarray]:
    out, i = [], 0
    for r, c in shapes:
        out.append(theta[i:i + r * c].reshape(r, c))
        i += r * c
    return out


def train_linear_stack(target: ArrayLike, L: int, lam: float, *, X: ArrayLike | None = None,
                       width: int | None = None,
                       method: str = "lbfgs", seed: int = 0, max_iter: int = 5000,
                       init_scale: float = 1.0) -> LinearStackResult:
    r"""Train :math:`L` stacked linear layers with weight decay and record the singular values of their product.

    Minimizes :math:`J = \tfrac12\|W_L\cdots W_1 - T\|_F^2 + \tfrac\lambda2\sum_\ell\|W_\ell\|_F^2`, or with data
    ``X`` (shape (N, d)) and ``target`` = ``Y`` (shape (N, D)) the fit :math:`\tfrac12\|X(W_L\cdots W_1)^\top -
    Y\|_F^2`.  Without data the result is never below :func:`linear_stack_optimum` (E6); singular values of ``T``
    below the threshold (:math:`\lambda` for :math:`L = 2`) are driven to zero.

    Parameters
    ----------
    target : array_like, shape (m, n) (or (N, D) with data)
        The matrix :math:`T` to fit (or the data outputs :math:`Y`).
    L : int
        Number of layers, at least 1.
    lam : float
        :math:`\lambda \ge 0`; the objective carries :math:`\lambda/2`.
    X : array_like, shape (N, d), optional
        Data inputs; then the product has shape (D, d).
    width : int, optional
        Width of the intermediate layers (default ``min(m, n)``; should be at least the rank sought).
    method : {"lbfgs", "gd"}
        L-BFGS (scipy) or gradient descent with a backtracking line search (smooth paths for plots).
    seed : int
        Seed of the random initialization: factors with i.i.d. normal entries, scaled so that every factor has
        spectral scale about :math:`(\mathrm{init\_scale}\cdot\rho)^{1/L}`, :math:`\rho = \|T\|_2` (with data
        :math:`\|Y\|_2/\|X\|_2`) -- not near the origin, which is a stationary point for :math:`L \ge 2` and a
        local minimum for :math:`L \ge 3`.  Training runs in units normalized by :math:`\|T\|_2` (and
        :math:`\|X\|_2`), so rescaling :math:`T \to aT`, :math:`\lambda \to a^{2-2/L}\lambda` rescales the
        result (factors by :math:`a^{1/L}`, :math:`J` by :math:`a^2`) up to rounding.
    max_iter : int
        Iteration cap.
    init_scale : float
        Size of the initial product relative to :math:`\|T\|_2`.

    Examples
    --------
    >>> T = np.diag([3.0, 2.0, 0.5])
    >>> res = train_linear_stack(T, 2, 1.0)
    >>> res.rank(1e-3), linear_stack_optimum(T, 2, 1.0).rank
    (2, 2)
    """
    Y = _finite_matrix(target, "target", allow_vector=X is not None)
    L = _positive_int(L, "L", "the number of layers")
    lam_f = weight_decay_strength(lam)
    max_iter = _positive_int(max_iter, "max_iter", "an iteration cap")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise InvalidInput(f"seed must be an integer, got {seed!r}")
    if method not in ("lbfgs", "gd"):
        raise InvalidInput(f"method must be 'lbfgs' or 'gd', got {method!r}")
    if not (isinstance(init_scale, int | float) and math.isfinite(init_scale) and init_scale > 0):
        raise InvalidInput(f"init_scale must be a positive finite number, got {init_scale!r}")
    Xa = None
    if X is not None:
        Xa = _finite_matrix(X, "X", allow_vector=True)
        if Xa.shape[0] != Y.shape[0]:
            raise InvalidInput(f"X has {Xa.shape[0]} points but the target has {Y.shape[0]} rows; give the target "
                               "one row per point of X")
        m, n = Y.shape[1], Xa.shape[1]
    else:
        m, n = Y.shape
    k = min(m, n) if width is None else _positive_int(width, "width", "the intermediate layer width")
    shapes = _stack_shapes(m, n, L, k)
    # Work in normalized units (scale invariance): T = sigma T~ (X = xi X~), W_l = rho^(1/L) W~_l with
    # rho = sigma / xi gives J = sigma^2 J~ with lam~ = lam rho^(2/L) / sigma^2.
    sigma = float(np.linalg.norm(Y, 2)) or 1.0
    xi = 1.0 if Xa is None else float(np.linalg.norm(Xa, 2))
    rho = sigma / xi
    Yn, Xn = Y / sigma, None if Xa is None else Xa / xi
    lam_n = lam_f * rho ** (2.0 / L) / sigma ** 2
    rng = np.random.default_rng(int(seed))
    theta0 = np.concatenate([rng.standard_normal(r * c) * init_scale ** (1.0 / L) / (math.sqrt(r) + math.sqrt(c))
                             for r, c in shapes])

    def fun(theta: np.ndarray) -> tuple[float, np.ndarray]:
        J, grads = linear_stack_objective(_unpack_factors(theta, shapes), Yn, lam_n, X=Xn)
        return J, np.concatenate([g.ravel() for g in grads])

    def svals(theta: np.ndarray) -> np.ndarray:
        P = _unpack_factors(theta, shapes)[0]
        for W in _unpack_factors(theta, shapes)[1:]:
            P = W @ P
        return rho * np.linalg.svd(P, compute_uv=False)

    history, sv = [sigma ** 2 * fun(theta0)[0]], [svals(theta0)]
    if method == "lbfgs":
        def record(intermediate_result: Any) -> None:
            history.append(sigma ** 2 * float(intermediate_result.fun))
            sv.append(svals(intermediate_result.x))

        with _single_blas_thread():
            res = minimize(fun, theta0, jac=True, method="L-BFGS-B", callback=record,
                           options={"maxiter": max_iter, "gtol": _GTOL, "ftol": _FTOL, "maxcor": _MAXCOR})
        theta, iterations, converged = res.x, int(res.nit), bool(res.success)
    else:
        with _single_blas_thread():
            theta, iterations, converged = _gradient_descent(fun, theta0, max_iter, history, sv, svals, sigma ** 2)
    factors = tuple(rho ** (1.0 / L) * F for F in _unpack_factors(theta, shapes))
    J = linear_stack_objective(factors, Y, lam_f, X=Xa)[0]
    return LinearStackResult(factors=factors, objective=J, history=np.asarray(history),
                             singular_values=np.asarray(sv), iterations=iterations, converged=converged)


def _gradient_descent(fun: Callable[[np.ndarray], tuple[float, np.ndarray]], theta: np.ndarray, max_iter: int,
                      history: list[float], sv: list[np.ndarray], svals: Callable[[np.ndarray], np.ndarray],
                      unit: float) -> tuple[np.ndarray, int, bool]:
    """Gradient descent with Armijo backtracking (sufficient decrease 1e-4, step halved on failure, doubled after
    success); stops when the gradient norm falls below 1e-9 of its initial value or no step decreases J.
    ``history`` records ``unit * J`` (J in the caller's units)."""
    J, g = fun(theta)
    g0 = float(np.linalg.norm(g)) or 1.0
    step = 1.0 / g0
    for it in range(1, max_iter + 1):
        gg = float(g @ g)
        if math.sqrt(gg) <= 1e-9 * g0:
            return theta, it - 1, True
        while True:
            trial = theta - step * g
            J_trial, g_trial = fun(trial)
            if J_trial <= J - 1e-4 * step * gg:
                break
            step *= 0.5
            if step * math.sqrt(gg) <= 1e-16 * (float(np.linalg.norm(theta)) + 1e-300):
                return theta, it - 1, True  # no representable step decreases J: stationary to rounding
        theta, J, g = trial, J_trial, g_trial
        step *= 2.0
        history.append(unit * J)
        sv.append(svals(theta))
    return theta, max_iter, False


# -- deep ReLU networks ------------------------------------------------------------------------------------------
#: Keys of one layer's parameters: z -> relu(z W^T - b) V + z C + c0, W (K, d_in), b (K,), V (K, d_out),
#: C (d_in, d_out), c0 (d_out,).
_LAYER_KEYS = ("W", "b", "V", "C", "c0")


def deep_network_objective(layers: Sequence[dict[str, np.ndarray]], X: np.ndarray, Y: np.ndarray, lam: float,
                           ) -> tuple[float, list[dict[str, np.ndarray]]]:
    r"""The objective :math:`J` of a deep ReLU network in parameter form and its gradient (backpropagation).

    ``layers[l]`` holds ``W`` (K, d_in), ``b`` (K,), ``V`` (K, d_out), ``C`` (d_in, d_out), ``c0`` (d_out,): the
    layer :math:`z \mapsto \sigma(zW^\top - b)V + zC + c_0`, layers applied first to last; ``X`` (N, d_0), ``Y``
    (N, d_L).  :math:`J = \tfrac12\|f(X) - Y\|_F^2 + \tfrac\lambda2\sum_\ell(\|W_\ell\|_F^2 + \|V_\ell\|_F^2)`.
    Backward pass with :math:`G = \partial J_{\rm fit}/\partial Z_\ell`: :math:`\partial V = A^\top G + \lambda V`,
    :math:`\partial C = Z_{\ell-1}^\top G`, :math:`\partial c_0 = \mathbf 1^\top G`, :math:`\Delta = (GV^\top)\odot
    [\mathrm{pre} > 0]`, :math:`\partial W = \Delta^\top Z_{\ell-1} + \lambda W`, :math:`\partial b = -\mathbf
    1^\top\Delta`, and :math:`G \leftarrow \Delta W + G C^\top` for the layer below.  Returns ``(J, grads)`` with
    ``grads`` in the same layout as ``layers``.
    """
    Z, cache = X, []
    for p in layers:
        pre = Z @ p["W"].T - p["b"]
        A = np.maximum(pre, 0.0)
        cache.append((Z, pre, A))
        Z = A @ p["V"] + Z @ p["C"] + p["c0"]
    E = Z - Y
    J = 0.5 * float(np.sum(E * E)) + 0.5 * lam * sum(float(np.sum(p["W"] ** 2) + np.sum(p["V"] ** 2)) for p in layers)
    G = E
    grads: list[dict[str, np.ndarray]] = [{}] * len(layers)
    for i in range(len(layers) - 1, -1, -1):
        p, (Zin, pre, A) = layers[i], cache[i]
        delta = (G @ p["V"].T) * (pre > 0)
        grads[i] = {"W": delta.T @ Zin + lam * p["W"], "b": -delta.sum(axis=0), "V": A.T @ G + lam * p["V"],
                    "C": Zin.T @ G, "c0": G.sum(axis=0)}
        G = delta @ p["W"] + G @ p["C"].T
    return J, grads


def _layer_shapes(dims: list[int], widths: list[int]) -> list[dict[str, tuple[int, ...]]]:
    return [{"W": (K, din), "b": (K,), "V": (K, dout), "C": (din, dout), "c0": (dout,)}
            for K, din, dout in zip(widths, dims[:-1], dims[1:], strict=True)]


def _unpack_layers(theta: np.ndarray, shapes: list[dict[str, tuple[int, ...]]]) -> list[dict[str, np.ndarray]]:
    out, i = [], 0
    for sh in shapes:
        layer = {}
        for key in _LAYER_KEYS:
            size = math.prod(sh[key])
            layer[key] = theta[i:i + size].reshape(sh[key])
            i += size
        out.append(layer)
    return out


def _pack_layers(layers: Sequence[dict[str, np.ndarray]]) -> np.ndarray:
    return np.concatenate([np.ravel(p[key]) for p in layers for key in _LAYER_KEYS])


@dataclass(frozen=True)
class DeepTrainingResult:
    r"""What :func:`train_deep_network` returns.

    Attributes
    ----------
    parameters : tuple of dict
        Per layer ``W`` (K, d_in), ``b`` (K,), ``V`` (K, d_out), ``C`` (d_in, d_out), ``c0`` (d_out,), float arrays
        (the layout of :func:`deep_network_objective`).
    objective : float
        :math:`J` at the returned parameters.
    history : numpy.ndarray
        :math:`J` after each L-BFGS iteration (the first entry is the initial value).
    iterations : int
    converged : bool
    scalar_output : bool
        Whether ``Y`` was one-dimensional (then the last layer is a scalar :class:`~radontv.ReLUNetwork`).
    """

    parameters: tuple[dict[str, np.ndarray], ...]
    objective: float
    history: np.ndarray
    iterations: int
    converged: bool
    scalar_output: bool

    def layers(self) -> list[ReLUNetwork]:
        """The layers as shallow :class:`~radontv.ReLUNetwork` objects (float), first applied first."""
        from ..network import ReLUNetwork

        out = []
        for i, p in enumerate(self.parameters):
            last_scalar = self.scalar_output and i == len(self.parameters) - 1
            if last_scalar:
                out.append(ReLUNetwork(p["W"], p["b"], p["V"][:, 0], p["C"][:, 0], float(p["c0"][0])))
            else:
                out.append(ReLUNetwork(p["W"], p["b"], p["V"], p["C"], p["c0"]))
        return out

    @cached_property
    def network(self) -> DeepReLUNetwork:
        """The trained :class:`~radontv.deep.DeepReLUNetwork` (float), built from :meth:`layers`."""
        from .network import DeepReLUNetwork

        return DeepReLUNetwork.from_layers(self.layers())


def train_deep_network(X: ArrayLike, Y: ArrayLike, widths: Sequence[int], lam: float, *,
                       bottlenecks: Sequence[int] = (),
                       skip: bool = False, seed: int = 0, max_iter: int = 5000) -> DeepTrainingResult:
    r"""Train a composite of shallow ReLU layers with weight decay by L-BFGS (see :func:`deep_network_objective`).

    Parameters
    ----------
    X : array_like, shape (N, d) (or (N,) for d = 1)
        Inputs.
    Y : array_like, shape (N, D), or (N,) for one output
        Targets.
    widths : sequence of int
        Hidden width :math:`K_\ell` of each layer; ``len(widths)`` is the number of layers.
    lam : float
        :math:`\lambda \ge 0` (the objective carries :math:`\lambda/2`).
    bottlenecks : sequence of int
        Output dimensions :math:`d_1, \dots, d_{L-1}` of the layers before the last (``len(widths) - 1`` entries).
    skip : bool
        Train the (unregularized) linear skip terms :math:`C_\ell`; by default they stay zero and only the constants
        :math:`c_{0,\ell}` are trained.  Pitfall: with trained skip terms a layer can become purely affine
        (:math:`V_\ell \to 0`); its output can then be scaled up for free and the next layer's input weights
        down, so weight decay has no minimizer and the objective creeps down along that direction (observed:
        imbalanced neurons after thousands of iterations).
    seed : int
        Seed of the initialization: input weights uniform on the unit sphere with biases putting every kink at a
        random point between two random data points (of the layer's inputs at initialization; not at a data point,
        where the ReLU's derivative would be decided by rounding), output weights :math:`N(0, s^2/K)` with
        :math:`s` the spread of ``Y`` (last layer) or of the layer's inputs, skip terms zero except the last
        layer's constant (the mean of ``Y``), all in units normalized by the RMS of ``X`` and the spread of ``Y``
        (so that rescaling ``X``, ``Y`` and :math:`\lambda` consistently rescales the result, up to rounding).
        The result is deterministic.
    max_iter : int
        Cap on L-BFGS iterations.

    Examples
    --------
    >>> res = train_deep_network([[0.0], [1.0], [2.0], [3.0]], [0.0, 1.0, 1.0, 0.0], [4, 4], 0.01, bottlenecks=[2])
    >>> bool(res.objective < res.history[0])
    True
    """
    Xa = _finite_matrix(X, "X", allow_vector=True)
    scalar_output = np.ndim(Y) == 1
    Ya = _finite_matrix(Y, "Y", allow_vector=True)
    if Xa.shape[0] != Ya.shape[0]:
        raise InvalidInput(f"X has {Xa.shape[0]} points but Y has {Ya.shape[0]} rows; give Y one row per point of X")
    if isinstance(widths, int | np.integer) or len(widths) < 1:
        raise InvalidInput("widths must be a non-empty sequence of positive integers, one hidden width per layer")
    Ks = [_positive_int(K, f"widths[{i}]", "a hidden width") for i, K in enumerate(widths)]
    ds = [_positive_int(d, f"bottlenecks[{i}]", "a layer output dimension") for i, d in enumerate(bottlenecks)]
    if len(ds) != len(Ks) - 1:
        raise InvalidInput(f"{len(Ks)} layers need {len(Ks) - 1} bottleneck dimensions, got {len(ds)}")
    lam_f = weight_decay_strength(lam)
    max_iter = _positive_int(max_iter, "max_iter", "an iteration cap")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise InvalidInput(f"seed must be an integer, got {seed!r}")
    dims = [Xa.shape[1], *ds, Ya.shape[1]]
    shapes = _layer_shapes(dims, Ks)
    # Normalized units (scale invariance): X = xi X~, Y = sigma Y~; with gamma = (sigma/xi)^(1/(2L)) the map
    # W = gamma W~, V = gamma V~, C = gamma^2 C~, b = s_{l-1} gamma b~, c0 = s_l c0~ (s_0 = xi, s_l = s_{l-1}
    # gamma^2, s_L = sigma) gives f(X) = sigma f~(X~) and J = sigma^2 J~ with lam~ = lam gamma^2 / sigma^2.
    xi = float(np.sqrt(np.mean(Xa * Xa))) or 1.0
    sigma = float(np.std(Ya)) or float(np.sqrt(np.mean(Ya * Ya))) or 1.0
    gamma = (sigma / xi) ** (1.0 / (2 * len(Ks)))
    Xn, Yn, lam_n = Xa / xi, Ya / sigma, lam_f * gamma ** 2 / sigma ** 2
    rng = np.random.default_rng(int(seed))
    layers, Z = [], Xn
    for i, (K, din, dout) in enumerate(zip(Ks, dims[:-1], dims[1:], strict=True)):
        last = i == len(Ks) - 1
        W = rng.standard_normal((K, din))
        W /= np.linalg.norm(W, axis=1, keepdims=True)
        t = rng.uniform(0.0, 1.0, (K, 1))  # kinks between two random data points, never exactly at one (ties)
        anchors = t * Z[rng.integers(0, Z.shape[0], K)] + (1 - t) * Z[rng.integers(0, Z.shape[0], K)]
        b = np.einsum("kd,kd->k", W, anchors)
        spread = float(np.std(Yn if last else Z)) or 1.0
        V = rng.standard_normal((K, dout)) * spread / math.sqrt(K)
        c0 = Yn.mean(axis=0) if last else np.zeros(dout)
        p = {"W": W, "b": b, "V": V, "C": np.zeros((din, dout)), "c0": c0}
        layers.append(p)
        Z = np.maximum(Z @ W.T - b, 0.0) @ V + c0
    theta0 = _pack_layers(layers)

    def fun(theta: np.ndarray) -> tuple[float, np.ndarray]:
        J, grads = deep_network_objective(_unpack_layers(theta, shapes), Xn, Yn, lam_n)
        if not skip:  # C stays exactly zero: L-BFGS steps are combinations of gradients
            for g in grads:
                g["C"] = np.zeros_like(g["C"])
        return J, _pack_layers(grads)

    history = [sigma ** 2 * fun(theta0)[0]]

    def record(intermediate_result: Any) -> None:
        history.append(sigma ** 2 * float(intermediate_result.fun))

    with _single_blas_thread():
        res = minimize(fun, theta0, jac=True, method="L-BFGS-B", callback=record,
                       options={"maxiter": max_iter, "gtol": _GTOL, "ftol": _FTOL, "maxcor": _MAXCOR})
    params, s_in = [], xi
    for p in _unpack_layers(res.x, shapes):
        s_out = s_in * gamma ** 2
        params.append({"W": gamma * p["W"], "b": s_in * gamma * p["b"], "V": gamma * p["V"],
                       "C": gamma ** 2 * p["C"], "c0": s_out * p["c0"]})
        s_in = s_out
    return DeepTrainingResult(parameters=tuple(params), objective=deep_network_objective(params, Xa, Ya, lam_f)[0],
                              history=np.asarray(history), iterations=int(res.nit), converged=bool(res.success),
                              scalar_output=scalar_output)
