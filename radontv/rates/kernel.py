r"""Kernel ridge regression tuned by K-fold cross-validation: the linear baseline of the estimation experiment (F4).

**Estimator** (scikit-learn's ``KernelRidge`` objective, with the targets centred — an unpenalised constant):

.. math:: \hat f(x) = \bar y + \sum_n c_n\,k(x, x_n),\qquad
          c = \arg\min_c\ \|y - \bar y\mathbf 1 - Kc\|^2 + \alpha\, c^\top K c
            = (K + \alpha I)^{-1}(y - \bar y\mathbf 1),

with the kernels of scikit-learn (``sklearn.metrics.pairwise``): ``"laplacian"`` :math:`k(x, x') = e^{-\gamma\|x -
x'\|_1}` and ``"rbf"`` :math:`k(x, x') = e^{-\gamma\|x - x'\|_2^2}`.  For fixed :math:`(\alpha, \gamma)` it is a
*linear* estimator (linear in :math:`y`): [PN23]'s abstract says linear methods suffer the curse of dimensionality
over R-BV² (catalog F4; the exponent is UNCONFIRMED).

**Tuning** ("the tool a user would otherwise pick": ``GridSearchCV(KernelRidge(), cv=5)``): K-fold cross-validation
over the kernel, :math:`\gamma` and :math:`\alpha`, minimising the mean squared validation error.  Grids are relative
to the data so that the fit does not change when ``X`` or ``y`` is rescaled: :math:`\gamma = g/\mathrm{med}` with
``med`` the median pairwise distance (L1 for the Laplacian kernel, squared L2 for the RBF kernel) and
:math:`g \in` :data:`GAMMA_FACTORS`; :math:`\alpha = n_{\mathrm{train}}\,\lambda` with :math:`\lambda \in`
:data:`LAMBDAS` (:math:`\lambda` is the ridge of the normalised objective :math:`\frac1n\|\cdot\|^2 +
\lambda\|f\|_{\mathcal H}^2`).  All :math:`\alpha` share one eigendecomposition :math:`K = V\Lambda V^\top` per
(kernel, :math:`\gamma`, fold): :math:`c = V(\Lambda + \alpha)^{-1}V^\top(y - \bar y)`.  The result records whether the
chosen value lies at the edge of a grid (then the grid, not the data, limited the choice).

Same numbers as scikit-learn: ``tests/test_rates_estimation.py`` compares the predictions with
``sklearn.kernel_ridge.KernelRidge`` at the chosen parameters, and the cross-validation error with a direct re-fit per
fold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.spatial.distance import cdist

from ..errors import InvalidInput
from ..typing import ArrayLike, FloatArray

__all__ = ["GAMMA_FACTORS", "KERNELS", "LAMBDAS", "KernelRidgeFit", "kernel_matrix", "kernel_ridge_cv", "kfolds"]

#: Kernels (scikit-learn's names and formulas).
KERNELS = ("laplacian", "rbf")
#: gamma = factor / (median pairwise distance: L1 for "laplacian", squared L2 for "rbf").
GAMMA_FACTORS = (1 / 16, 1 / 4, 1.0, 4.0, 16.0)
#: alpha = n_train * lambda.
LAMBDAS = tuple(10.0 ** k for k in range(-8, 1))


def kernel_matrix(A: np.ndarray, B: np.ndarray, kernel: str, gamma: float) -> np.ndarray:
    """``k(a_i, b_j)`` for the rows of ``A`` (n, d) and ``B`` (m, d): ``exp(-gamma ||a-b||_1)`` ("laplacian") or
    ``exp(-gamma ||a-b||_2^2)`` ("rbf")."""
    if kernel == "laplacian":
        return np.exp(-gamma * cdist(A, B, "cityblock"))
    if kernel == "rbf":
        return np.exp(-gamma * cdist(A, B, "sqeuclidean"))
    raise InvalidInput(f"kernel must be one of {', '.join(KERNELS)}, got {kernel!r}")


def _median_distance(X: np.ndarray, kernel: str) -> float:
    metric = "cityblock" if kernel == "laplacian" else "sqeuclidean"
    D = cdist(X, X, metric)
    upper = D[np.triu_indices(X.shape[0], k=1)]
    positive = upper[upper > 0]
    if positive.size == 0:
        raise InvalidInput("kernel ridge: all points coincide; give at least two distinct points")
    return float(np.median(positive))


def kfolds(n: int, folds: int, seed: int) -> list[np.ndarray]:
    """``folds`` disjoint index sets covering ``range(n)`` (a seeded permutation split as evenly as possible)."""
    if isinstance(folds, bool) or not isinstance(folds, int) or folds < 2:
        raise InvalidInput(f"folds must be an integer >= 2, got {folds!r}")
    if n < 2 * folds:
        raise InvalidInput(f"{folds}-fold cross-validation needs at least {2 * folds} points, got {n}; "
                           "use more data or fewer folds")
    perm = np.random.default_rng(seed).permutation(n)
    return [np.sort(part) for part in np.array_split(perm, folds)]


@dataclass(frozen=True)
class KernelRidgeFit:
    """A kernel ridge fit chosen by cross-validation (module docstring); call :meth:`predict`."""

    kernel: str
    gamma: float
    alpha: float
    cv_mse: float
    at_edge: bool
    X: np.ndarray
    coef: np.ndarray
    offset: float

    def predict(self, X: ArrayLike) -> FloatArray:
        """``offset + k(X, X_train) @ coef``."""
        Xa = np.asarray(X, dtype=np.float64).reshape(-1, self.X.shape[1])
        return self.offset + kernel_matrix(Xa, self.X, self.kernel, self.gamma) @ self.coef

    def as_dict(self) -> dict[str, Any]:
        """The chosen parameters (JSON-able)."""
        return {"kernel": self.kernel, "gamma": self.gamma, "alpha": self.alpha, "cv_mse": self.cv_mse,
                "at_edge": self.at_edge}


def _validated(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    try:
        Xa = np.asarray(X, dtype=np.float64)
        ya = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInput("kernel ridge: X and y must be numeric arrays, X (n, d) and y (n,)") from None
    if Xa.ndim == 1:
        Xa = Xa.reshape(-1, 1)
    if Xa.ndim != 2 or ya.ndim != 1 or Xa.shape[0] != ya.shape[0]:
        raise InvalidInput(f"kernel ridge: X must be (n, d) and y (n,) with the same n; got {Xa.shape} and "
                           f"{ya.shape}")
    if Xa.shape[1] < 1:
        raise InvalidInput("kernel ridge: X has no columns; the input dimension must be >= 1")
    if not (np.all(np.isfinite(Xa)) and np.all(np.isfinite(ya))):
        raise InvalidInput("kernel ridge: X and y must be finite (drop or impute NaN/inf first)")
    return Xa, ya


def _solve_all(Ktr: np.ndarray, ytr: np.ndarray, alphas: np.ndarray) -> np.ndarray:
    """Coefficients (len(alphas), n) of (K + alpha I)^{-1}(y - mean) for every alpha, from one eigendecomposition."""
    w, V = np.linalg.eigh(Ktr)  # numpy's LAPACK: several times faster than scipy.linalg.eigh here (measured)
    w = np.maximum(w, 0.0)  # K is positive semidefinite; tiny negative eigenvalues are rounding
    proj = V.T @ (ytr - ytr.mean())
    return (proj[None, :] / (w[None, :] + alphas[:, None])) @ V.T


def kernel_ridge_cv(X: ArrayLike, y: ArrayLike, *, folds: Sequence[np.ndarray] | int = 5, seed: int = 0,
                    kernels: Sequence[str] = KERNELS, gamma_factors: Sequence[float] = GAMMA_FACTORS,
                    lambdas: Sequence[float] = LAMBDAS) -> KernelRidgeFit:
    """Kernel ridge regression with (kernel, gamma, alpha) chosen by K-fold cross-validation (module docstring).

    ``folds``: a number of folds (a seeded split, ``seed``) or the index sets themselves (so that two estimators can be
    tuned on the same split).  Raises :class:`~radontv.InvalidInput` on bad data, an unknown kernel, empty grids or
    too few points for the folds.
    """
    Xa, ya = _validated(X, y)
    n = Xa.shape[0]
    parts = kfolds(n, folds, seed) if isinstance(folds, int) else [np.asarray(p, dtype=int) for p in folds]
    covered = np.sort(np.concatenate(parts)) if parts else np.array([], dtype=int)
    if len(parts) < 2 or covered.shape != (n,) or np.any(covered != np.arange(n)):
        raise InvalidInput("kernel ridge: folds must be >= 2 disjoint index sets covering every point exactly once")
    for name, grid in (("kernels", kernels), ("gamma_factors", gamma_factors), ("lambdas", lambdas)):
        if len(grid) == 0:
            raise InvalidInput(f"kernel ridge: the grid {name} is empty; give at least one value")
    for value in (*gamma_factors, *lambdas):
        if not (np.isfinite(value) and value > 0):
            raise InvalidInput(f"kernel ridge: grid values must be finite and > 0, got {value!r}")
    lam = np.asarray(lambdas, dtype=np.float64)
    best: tuple[float, str, float, float, bool] | None = None
    for kernel in kernels:
        scale = _median_distance(Xa, kernel)
        for gi, factor in enumerate(gamma_factors):
            gamma = float(factor) / scale
            Kfull = kernel_matrix(Xa, Xa, kernel, gamma)
            sse = np.zeros(lam.size)
            for part in parts:
                train = np.setdiff1d(np.arange(n), part, assume_unique=True)
                coefs = _solve_all(Kfull[np.ix_(train, train)], ya[train], train.size * lam)
                pred = ya[train].mean() + coefs @ Kfull[np.ix_(train, part)]
                sse += np.sum((pred - ya[part][None, :]) ** 2, axis=1)
            mse = sse / n
            j = int(np.argmin(mse))
            if best is None or mse[j] < best[0]:
                edge = (gi in (0, len(gamma_factors) - 1) and len(gamma_factors) > 1) or \
                       (j in (0, lam.size - 1) and lam.size > 1)
                best = (float(mse[j]), kernel, gamma, float(lam[j]), edge)
    assert best is not None
    cv_mse, kernel, gamma, lam_best, edge = best
    alpha = n * lam_best
    coef = _solve_all(kernel_matrix(Xa, Xa, kernel, gamma), ya, np.array([alpha]))[0]
    return KernelRidgeFit(kernel=kernel, gamma=gamma, alpha=alpha, cv_mse=cv_mse, at_edge=edge, X=Xa, coef=coef,
                          offset=float(ya.mean()))
