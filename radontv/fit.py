r"""Global R-TV² fitting in any input dimension :math:`d \ge 1`, with a certificate (for :math:`d = 1` the
specialised solvers are :mod:`radontv.regression` and :mod:`radontv.splines_interp`).

Problems (data :math:`(x_n, y_n)_{n=1}^N \subset \mathbb R^d\times\mathbb R`):

.. math::

    \text{interpolation } (\lambda = \text{None}):&\quad \min_f\ \mathrm{R\text{-}TV}^2(f)
        \ \text{ s.t. } f(x_n) = y_n,\\
    \text{regression } (\lambda > 0):&\quad
        \min_f\ \tfrac12\sum_n (f(x_n) - y_n)^2 + \lambda\,\mathrm{R\text{-}TV}^2(f).

By the representer theorem (Parhi & Nowak, JMLR 2021 [PN21], Thm 1) a solution is a ReLU network with at most
:math:`N - (d+1)` neurons plus an affine skip term; by PN21 Thm 8 the same problems are solved by training a network
of that width with weight decay :math:`\tfrac\lambda2\sum_k(v_k^2 + \|w_k\|^2)` (biases and skip term free).

**Exact finite reduction** (Pilanci & Ergen, ICML 2020, with the bias unregularized).  A neuron acts on the data
through its activation pattern :math:`S` (:mod:`radontv.arrangements`).  Neurons of one pattern and one sign add up
within the closed cone :math:`K_S = \{(w, b) : (2D_S - I)(Xw - b\mathbf 1) \ge 0\}` and
:math:`\|\sum w\| \le \sum\|w\|`, so with one pair :math:`(w_S^\pm, b_S^\pm) \in K_S` per pattern

.. math:: \min\ \tfrac12\Bigl\|\sum_S D_S\bigl(X(w_S^+ - w_S^-) - (b_S^+ - b_S^-)\mathbf 1\bigr) + Xc + c_0\mathbf 1
          - y\Bigr\|^2 + \lambda\sum_S\bigl(\|w_S^+\| + \|w_S^-\|\bigr)

(a second-order cone program) has the same optimal value as the function-space problem, and every nonzero
:math:`w_S^\pm` is one neuron :math:`\pm\|w\|\sigma(u^\top x - t)`, :math:`u = w/\|w\|`, :math:`t = b/\|w\|`.  The
conic solve uses cvxpy with Clarabel (optional extra ``solvers``).

**From the cone program to a network** (:func:`finish`, :mod:`radontv.fit_support`), without losing its optimum:
the hyperplanes it found (never merged or moved) form a dictionary on which the finite problem is solved again (for
interpolation a linear program; its vertex has at most :math:`N` nonzero variables); if the vertex has more than
:math:`N - (d+1)` neurons it is sparsified as in the proof of PN21 Thm 1 (move the amplitudes along a linear
dependence of the data features modulo affine functions, in the direction in which :math:`\sum|A_k|` does not
increase, until an amplitude vanishes) and kept only if its value is not above the dictionary optimum; the final
support is re-solved exactly (a linear system; for interpolation also the least change of the hyperplane positions
with the activation patterns fixed), so interpolants meet the data to rounding.  The objective is computed from the
returned network's weights.  Dictionaries tried in turn: the accurate solve's neurons without and with solver twins,
then those of both solves; the first certified result is returned, else :class:`~radontv.errors.FitNotCertified`.

**Certificate** (:mod:`radontv.fit_certificate`).  Dual (Lagrangian) of the reduction, with :math:`p = y - f(X)`
(regression) or the multiplier of the interpolation constraints: for every pattern and sign a multiplier
:math:`\mu \ge 0` with :math:`\mathbf 1^\top(\pm D_Sp + G_S\mu) = 0` bounds :math:`|\sum_n p_n\sigma(u^\top x_n - t)|
\le \|X^\top(\pm D_Sp + G_S\mu)\|` for every unit neuron of that pattern; scaling :math:`p` to make the largest
bound :math:`\le\lambda` (:math:`\le 1`) gives a dual feasible point and the lower bound
:math:`-\tfrac12\|p\|^2 + p^\top y` (:math:`p^\top y`).  Multipliers are found by nonnegative least squares; the bound
is valid up to floating-point rounding whatever they are.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .arrangements import activation_patterns, pattern_count_bound
from .canonical_form import canonical
from .errors import FitNotCertified, InvalidInput
from .fit_certificate import dual_bound, kkt_projection
from .fit_columns import column_generation
from .fit_conic import cone_program
from .fit_full import cone_program_cvxpy as _cone_program
from .fit_support import (
    dedupe,
    features,
    objective,
    polish_positions,
    resolve_on_support,
    solve_on_dictionary,
    sparsify,
)
from .network import ReLUNetwork

__all__ = ["CERTIFIED_RTOL", "INTERPOLATION_RTOL", "MAX_ARRANGEMENT", "MAX_PATTERNS", "METHODS", "NEGATIVE_GAP_RTOL",
           "FitResult", "finish", "rtv2_fit"]

#: The largest cone program solved: ``method="columns"`` stops when its working set would pass this many
#: (pattern, sign) columns; ``method="full"`` (two columns per pattern) refuses problems with more than this many
#: activation patterns (about N = 40 points in d = 3, N = 140 in d = 2, where the full solve takes minutes).
#: Patterns up to complement for N points in general position: sum_{k <= d} C(N-1, k) - 1.
MAX_PATTERNS = 10_000
#: Activation patterns enumerated (and priced) at most, for either method: about N = 630 points in d = 2, N = 107
#: in d = 3, N = 31 in d = 5 (the patterns are held as an N-column boolean array).
MAX_ARRANGEMENT = 200_000
#: The solve methods of :func:`rtv2_fit`: column generation (:mod:`radontv.fit_columns`) and the one cone program
#: over all patterns (the reference).
METHODS = ("columns", "full")
#: A fit is certified when its gap is at most this fraction of its value (scale-free; the float solve reaches ~1e-9
#: in d <= 2 and ~1e-7 in d = 3 with the NNLS bound) ...
CERTIFIED_RTOL = 1e-6
#: ... and at least -NEGATIVE_GAP_RTOL times it: the value of a network that meets the data is never below the dual
#: bound beyond rounding (a larger negative gap means the network misses the data or the bound is wrong) ...
NEGATIVE_GAP_RTOL = 1e-9
#: ... and, for interpolation, it meets the data to this fraction of max |y_n| (rounding: the final support is
#: re-solved as a linear system with iterative refinement).
INTERPOLATION_RTOL = 1e-12
#: Sparsification may not raise the dictionary optimum by more than this relative amount (rounding of the moves).
SPARSIFY_RTOL = 1e-12
#: Relative size below which a solver neuron ||w_S|| counts as zero (solver accuracy ~1e-9 relative).
NEURON_RTOL = 1e-7
#: Solver tolerances: a first solve over all patterns to 1e-9 (enough to find the active ones), a re-solve on the
#: active patterns and the dictionary problem to 1e-12 (positions and amplitudes accurate, not only the value).
FIRST_SOLVE_TOL, FINAL_SOLVE_TOL = 1e-9, 1e-12
#: Repeated points must have equal targets for interpolation, up to this relative rounding of targets read from text.
DUPLICATE_RTOL = 1e-12


@dataclass
class FitResult:
    """A certified global minimizer of the R-TV² problem (see :mod:`radontv.fit`).

    ``network`` (float) has at most ``bound = N - (d+1)`` neurons (N distinct points); ``value`` is its objective
    (R-TV² for interpolation, ½Σ residual² + λ R-TV² for regression), ``dual_bound`` a certified lower bound on the
    optimum, ``gap = value - dual_bound`` (≥ 0 up to rounding); ``max_residual`` is ``max |f(x_n) - y_n|``;
    ``dense_network`` is the solution found before sparsification (same fitted values and R-TV², more neurons);
    ``method`` is how the cone program was solved ("columns" or "full"), ``working_set`` the largest number of
    (pattern, sign) columns in one program and ``rounds`` the programs solved over working sets.
    """

    network: ReLUNetwork
    value: float
    rtv2: float
    loss: float
    dual_bound: float
    gap: float
    lam: float | None
    bound: int
    max_residual: float
    patterns: int
    solver_value: float
    seconds: float
    dense_network: ReLUNetwork | None = field(default=None, repr=False)
    target_scale: float = 1.0  # max |y_n|, the scale of max_residual
    method: str = "full"  # "columns" or "full" (the affine fit: "full", no cone program)
    working_set: int = 0  # (pattern, sign) columns of the last cone program (full: 2 per pattern)
    rounds: int = 0  # cone programs solved over working sets (full: 1)

    @property
    def neurons(self) -> int:
        """The number of neurons of the returned (sparse) network."""
        return self.network.width

    @property
    def relative_gap(self) -> float:
        """``gap / max(|value|, |dual_bound|)`` (scale-free; 0 when both are 0)."""
        scale = max(abs(self.value), abs(self.dual_bound))
        return self.gap / scale if scale > 0 else (0.0 if self.gap == 0 else math.copysign(math.inf, self.gap))

    @property
    def relative_residual(self) -> float:
        """``max_residual / max |y_n|`` (0 when the data are met exactly)."""
        if self.max_residual == 0:
            return 0.0
        return self.max_residual / self.target_scale if self.target_scale > 0 else math.inf

    @property
    def certified(self) -> bool:
        """Whether the certificate holds: ``-NEGATIVE_GAP_RTOL <= relative_gap <= CERTIFIED_RTOL`` and, for
        interpolation, ``relative_residual <= INTERPOLATION_RTOL``.  :func:`rtv2_fit` returns certified results
        only."""
        fits = self.lam is not None or self.relative_residual <= INTERPOLATION_RTOL
        return -NEGATIVE_GAP_RTOL <= self.relative_gap <= CERTIFIED_RTOL and fits

    def fitted(self, X: Any) -> np.ndarray:
        """The network's values at the rows of ``X``."""
        return np.asarray(self.network(np.asarray(X, dtype=np.float64)), dtype=np.float64)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: objective, certificate, and the network's neurons (normals, offsets, amplitudes)."""
        form = canonical(self.network)
        return {
            "problem": "interpolation" if self.lam is None else "regression",
            "lam": self.lam, "value": self.value, "rtv2": self.rtv2, "loss": self.loss,
            "dual_bound": self.dual_bound, "gap": self.gap, "relative_gap": self.relative_gap,
            "neurons": self.neurons, "bound": self.bound, "max_residual": self.max_residual,
            "certified": self.certified,
            "patterns": self.patterns, "seconds": self.seconds,
            "method": self.method, "working_set": self.working_set, "rounds": self.rounds,
            "network": form.as_dict(),
        }

    def __str__(self) -> str:
        kind = "interpolation: min R-TV2 s.t. f(x_n) = y_n" if self.lam is None else \
            f"regression: 1/2 sum (f(x_n) - y_n)^2 + {self.lam:g} R-TV2"
        lines = [f"R-TV2 global fit ({kind})",
                 f"  optimal value  {self.value:.12g}   (R-TV2 {self.rtv2:.12g}, loss {self.loss:.6g})",
                 f"  dual bound     {self.dual_bound:.12g}   gap {self.gap:.3g} (relative {self.relative_gap:.3g})"
                 + ("   certified" if self.certified else f"   NOT certified (tolerance {CERTIFIED_RTOL:g})"),
                 f"  neurons        {self.neurons} <= N - (d+1) = {self.bound};  max |f(x_n) - y_n| = "
                 f"{self.max_residual:.3g}",
                 f"  {self.patterns} activation patterns, {self.seconds:.2f} s"
                 + (f" (column generation: {self.working_set} columns, {self.rounds} rounds)"
                    if self.method == "columns" else "")]
        form = canonical(self.network)
        us, ts = form.unit_normals()
        for u, t, a in zip(us, ts, form.amplitudes, strict=True):
            offset = f"- {t:.8g}" if t >= 0 else f"+ {-t:.8g}"
            lines.append(f"  {a:+.8g} * relu(({', '.join(f'{x:.8g}' for x in u)}) . x {offset})")
        sign = "-" if form.c0 < 0 else "+"
        lines.append(f"  + ({', '.join(f'{x:.8g}' for x in form.c)}) . x {sign} {abs(form.c0):.8g}")
        return "\n".join(lines)


# -- validation -----------------------------------------------------------------------------------------------------
def _validate(X: Any, y: Any, lam: Any) -> tuple[np.ndarray, np.ndarray, float | None]:
    for name, arr in (("X", X), ("y", y)):
        if np.iscomplexobj(arr):
            raise InvalidInput(f"{name} is complex; the data must be real numbers (pass the real part if that is "
                               "what you mean)")
    try:
        Xa = np.asarray(X, dtype=np.float64)
        ya = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"X and y must be numeric arrays: {exc}") from None
    if Xa.ndim == 1:
        Xa = Xa.reshape(-1, 1)
    if Xa.ndim != 2 or Xa.shape[0] == 0 or Xa.shape[1] == 0:
        raise InvalidInput(f"X must have shape (N, d) with N, d >= 1; got shape {np.shape(X)}")
    if ya.ndim != 1 or ya.shape[0] != Xa.shape[0]:
        raise InvalidInput(f"y must have shape ({Xa.shape[0]},), one target per row of X; got shape {np.shape(y)}")
    if not (np.isfinite(Xa).all() and np.isfinite(ya).all()):
        raise InvalidInput("X and y must be finite: found NaN or inf; remove or impute those rows")
    if lam is not None:
        if isinstance(lam, bool) or not isinstance(lam, int | float | np.floating | np.integer):
            raise InvalidInput(f"lam must be None (interpolation) or a positive number, got {lam!r}")
        lam = float(lam)
        if not (math.isfinite(lam) and lam > 0):
            raise InvalidInput(f"lam must be positive and finite (or None for interpolation), got {lam!r}")
    n, d = Xa.shape
    B = np.hstack([Xa, np.ones((n, 1))])
    if np.linalg.matrix_rank(B) < d + 1:
        rank = np.linalg.matrix_rank(B)
        raise InvalidInput(f"the data do not affinely span R^{d} (rank of [X, 1] is {rank} < {d + 1}):"
                           " the affine part of the solution is not determined (PN21 Thm 1, hypothesis (3)); "
                           "add points off the affine subspace, or project the data onto it first")
    return Xa, ya, lam


def _merge_duplicates(X: np.ndarray, y: np.ndarray, lam: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unique points, their targets (interpolation) or target means (regression), and multiplicities."""
    uniq, inverse, counts = np.unique(X, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    if len(uniq) == len(X):
        return X, y, np.ones(len(X))
    sums = np.bincount(inverse, weights=y, minlength=len(uniq))
    means = sums / counts
    if lam is None:
        spread = np.abs(y - means[inverse])
        if np.any(spread > DUPLICATE_RTOL * np.max(np.abs(y))):  # relative to the targets' size: scale-free
            k = int(np.argmax(spread))
            raise InvalidInput(f"interpolation is impossible: the point {X[k].tolist()} appears more than once with "
                               f"different targets; remove the duplicates or pass lam > 0 (regression)")
    return uniq, means, counts.astype(np.float64)


def _affine_targets(Xu: np.ndarray, yu: np.ndarray) -> bool:
    """Whether the least-squares affine function meets the (distinct) data to ``INTERPOLATION_RTOL`` of max |y_n|."""
    B = np.hstack([Xu, np.ones((Xu.shape[0], 1))])
    coef = np.linalg.lstsq(B, yu, rcond=None)[0]
    return bool(np.max(np.abs(B @ coef - yu)) <= INTERPOLATION_RTOL * np.max(np.abs(yu)))


def _affine_fit(X: np.ndarray, y: np.ndarray, Xu: np.ndarray, yu: np.ndarray, lam: float | None,
                start: float) -> FitResult:
    """N = d + 1 distinct points, or affine targets: the affine interpolant has R-TV² 0 and fits exactly, so it is
    optimal for both problems (value 0, plus the spread of repeated targets in regression) and the bound is
    attained."""
    n, d = Xu.shape
    coef = np.linalg.lstsq(np.hstack([Xu, np.ones((n, 1))]), yu, rcond=None)[0]
    net = ReLUNetwork(np.empty((0, d)), np.empty(0), np.empty(0), coef[:d], float(coef[d]))
    within = 0.0 if lam is None else 0.5 * _within_group_ss(X, y)
    fitted = np.asarray(net(X), dtype=np.float64)
    return FitResult(network=net, value=within, rtv2=0.0, loss=within, dual_bound=within, gap=0.0, lam=lam,
                     bound=n - (d + 1), max_residual=float(np.max(np.abs(fitted - y))), patterns=0, solver_value=within,
                     seconds=time.perf_counter() - start, dense_network=net, target_scale=float(np.max(np.abs(y))))


# -- the solve ------------------------------------------------------------------------------------------------------
@dataclass
class _Problem:
    """The data of one solve: original (``X``, ``y``, distinct ``Xu``, ``yu``) and solver coordinates ``Z``, ``t``
    with :math:`x = m + s_x z`, :math:`f = s_y g`; the activation patterns ``D`` of ``Z``."""

    X: np.ndarray
    y: np.ndarray
    Xu: np.ndarray
    yu: np.ndarray
    weight: np.ndarray
    lam: float | None
    Z: np.ndarray
    t: np.ndarray
    lam_s: float | None
    m: np.ndarray
    sx: float
    sy: float
    D: np.ndarray
    bound: int
    start: float
    method: str = "full"
    working_set: int = 0
    rounds: int = 0

    @property
    def factor(self) -> float:
        """Objective in original units per objective in solver units."""
        return self.sy / self.sx if self.lam is None else self.sy * self.sy


def rtv2_fit(X: Any, y: Any, lam: float | None = None, *, method: str = "columns") -> FitResult:
    r"""A certified global minimizer of R-TV² interpolation (``lam=None``) or regression (``lam > 0``).

    Returns a :class:`FitResult` (printable; ``as_dict()`` for JSON) whose certificate holds
    (``result.certified``).  Needs cvxpy with Clarabel (``pip install radontv[solvers]``).

    ``method="columns"`` (default) solves the cone program by column generation over the activation patterns
    (:mod:`radontv.fit_columns`): a working set of (pattern, sign) columns, priced against all patterns with the
    dual until no column is violated; ``method="full"`` solves the one cone program over every pattern (the
    reference; minutes beyond a few thousand patterns).  Both end in the same :func:`finish` and the same
    certificate, which prices every pattern.

    Raises :class:`~radontv.InvalidInput` on non-finite or mis-shaped data, data that do not affinely span
    :math:`\mathbb R^d`, duplicate points with different targets in interpolation, problems with more than
    :data:`MAX_ARRANGEMENT` activation patterns, and cone programs larger than :data:`MAX_PATTERNS` (``"full"``: that
    many patterns; ``"columns"``: twice that many columns in the working set); raises
    :class:`~radontv.errors.FitNotCertified` when the solve ends without a certified optimum (never an uncertified
    result).

    >>> import numpy as np
    >>> X = np.array([[0., 0.], [1., 0.], [0., 1.], [1., 1.]]); y = np.array([0., 0., 0., 1.])
    >>> fit = rtv2_fit(X, y)                                       # doctest: +SKIP
    >>> round(fit.value, 6), fit.neurons                           # doctest: +SKIP
    (1.414214, 1)
    """
    start = time.perf_counter()
    if method not in METHODS:
        raise InvalidInput(f"method must be one of {', '.join(map(repr, METHODS))}, got {method!r}")
    Xa, ya, lam = _validate(X, y, lam)
    _, d = Xa.shape
    Xu, yu, weight = _merge_duplicates(Xa, ya, lam)
    n = Xu.shape[0]
    if n == d + 1 or _affine_targets(Xu, yu):
        # the affine interpolant: value 0 (plus the duplicates' spread), certified by the dual point 0.  Data that an
        # affine function meets to rounding go this way too: their optimum is 0 and the cone program's dual bound
        # would be rounding noise of either sign, which no relative gap can certify.
        affine = _affine_fit(Xa, ya, Xu, yu, lam, start)
        if not affine.certified:  # an ill-conditioned (d+1)-point system: the data are not met to rounding
            raise FitNotCertified(f"the affine interpolant of N = d + 1 = {n} points misses the data by "
                                  f"{affine.max_residual:.3g} (relative {affine.relative_residual:.3g} > "
                                  f"{INTERPOLATION_RTOL:g}): the points are nearly affinely dependent; rescale the "
                                  "inputs or remove a nearly redundant point")
        return affine
    expected = pattern_count_bound(n, d)
    if expected > MAX_ARRANGEMENT:
        raise InvalidInput(
            f"N = {n} distinct points in d = {d} give up to {expected} activation patterns, more than the limit of "
            f"{MAX_ARRANGEMENT} patterns that rtv2_fit enumerates and prices (radontv.fit.MAX_ARRANGEMENT; about "
            "N = 630 in d = 2, N = 107 in d = 3); for larger problems train a network with weight decay instead: "
            "radontv.train.fit_network(X, y, width, lam)")
    if method == "full" and expected > MAX_PATTERNS:
        raise InvalidInput(
            f"N = {n} distinct points in d = {d} give up to {expected} activation patterns, more than the full "
            f"method's limit of {MAX_PATTERNS} (radontv.fit.MAX_PATTERNS; near the limit, e.g. N = 40 in d = 3 or "
            "N = 140 in d = 2, a full fit takes minutes); use method='columns' (column generation), or for larger "
            "problems train a network with weight decay: radontv.train.fit_network(X, y, width, lam)")
    try:  # the full method models its program in cvxpy; column generation passes it to Clarabel directly
        import clarabel  # noqa: F401
        cp: Any = None
        if method == "full" or lam is not None:  # (regression solves its dictionary problem in cvxpy)
            import cvxpy

            cp = cvxpy
    except ImportError:  # pragma: no cover - depends on the environment
        raise InvalidInput("rtv2_fit needs the optional conic solver: pip install 'radontv[solvers]' "
                           "(cvxpy with Clarabel)") from None
    # centre and scale for the solver: f(x) = sy * g((x - m) / sx)
    m = Xu.mean(axis=0)
    sx = float(np.max(np.abs(Xu - m))) or 1.0
    sy = float(np.max(np.abs(yu))) or 1.0
    Z = (Xu - m) / sx
    prob = _Problem(X=Xa, y=ya, Xu=Xu, yu=yu, weight=weight, lam=lam, Z=Z, t=yu / sy,
                    lam_s=None if lam is None else lam / (sx * sy), m=m, sx=sx, sy=sy, D=activation_patterns(Z),
                    bound=n - (d + 1), start=start)  # the representer theorem counts distinct points
    if method == "columns":
        first, stats = column_generation(Z, prob.t, weight, prob.D, prob.lam_s, tol=FIRST_SOLVE_TOL,
                                         max_columns=2 * MAX_PATTERNS)
        prob.method, prob.working_set, prob.rounds = "columns", stats.working_set, stats.rounds
        active = np.flatnonzero(_live(first["norms"]))
        second = cone_program(Z, prob.t, weight, first["rows"][active], first["signs"][active], prob.lam_s,
                              tol=FINAL_SOLVE_TOL, facets=first["facets"][active])
    else:
        first, second = _full_solve(cp, prob)
    solves = [s for s in (second, first) if s["ok"]]
    duals = [s["p"] for s in solves]
    # dictionaries of hyperplanes to finish on, in order: the accurate solve's neurons with solver twins dropped
    # (a well-conditioned dictionary) and with them (twins may both be needed to meet the data), then the same for
    # the neurons of both solves; the first certified result is returned
    dictionaries = []
    for group in ([solves[0]], solves) if len(solves) == 2 else ([solves[0]],):
        U, T, norms = _neurons(*group)
        dictionaries += [dedupe(Z, U, T, norms), (U, T)]
    if "start" in first:  # last: with the initial solve's neurons too (never infeasible, only larger)
        dictionaries.append((np.vstack([U, first["start"][0]]), np.concatenate([T, first["start"][1]])))
    cache: dict[bytes, float] = {}

    def bound_of(p: np.ndarray) -> float:  # each dual candidate is priced once, whichever dictionary asks
        key = p.tobytes()
        if key not in cache:
            cache[key] = dual_bound(Z, prob.t, weight, prob.D, p, prob.lam_s)
        return cache[key]

    results: list[FitResult | str] = []
    for U, T in dictionaries:
        try:
            result = finish(prob, U, T, duals, solver_value=float(first["value"]), bound_of=bound_of)
        except RuntimeError as exc:  # a failed dictionary solve: try the next dictionary, report it at the end
            results.append(str(exc))
            continue
        if result.certified:
            return result
        results.append(result)
    raise FitNotCertified(_uncertified_message(prob, results))


def _full_solve(cp: Any, prob: _Problem) -> tuple[dict[str, Any], dict[str, Any]]:
    """The reference: one cone program over every pattern and sign, then a re-solve on its active columns."""
    n, d = prob.Z.shape
    P = prob.D.shape[0]
    Dm = prob.D.T.astype(np.float64)  # (n, P)
    signs = np.concatenate([np.ones(P), -np.ones(P)])
    cols = np.concatenate([Dm, Dm], axis=1)
    first = _cone_program(cp, prob.Z, prob.t, prob.weight, cols, signs, prob.lam_s, tol=FIRST_SOLVE_TOL)
    if not first["ok"]:
        raise FitNotCertified(f"the conic solver did not converge (status {first['status']}) on N = {n} points in "
                              f"d = {d}; check for near-duplicate points or rescale the data")
    prob.working_set, prob.rounds = 2 * P, 1
    # re-solve on the active (pattern, sign) pairs only, at a tighter tolerance: the hyperplane positions of the
    # solution are then accurate, not only its objective
    active = np.flatnonzero(_live(first["norms"]))
    second = _cone_program(cp, prob.Z, prob.t, prob.weight, cols[:, active], signs[active], prob.lam_s,
                           tol=FINAL_SOLVE_TOL)
    return first, second


def _live(norms: np.ndarray) -> np.ndarray:
    return norms > NEURON_RTOL * max(1.0, float(norms.max(initial=0.0)))


def _neurons(*solves: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit normals, offsets and norms of the neurons :math:`(w_S, b_S) \\ne 0` of cone-program solutions."""
    W = np.vstack([s["W"][_live(s["norms"])] for s in solves])
    b = np.concatenate([s["b"][_live(s["norms"])] for s in solves])
    norms = np.linalg.norm(W, axis=1)
    return W / norms[:, None], b / norms, norms


def finish(prob: _Problem, U: np.ndarray, T: np.ndarray, duals: list[np.ndarray], *,
           solver_value: float = math.nan, sparse: bool = True, resolve: bool = True,
           known_bound: float | None = None, bound_of: Callable[[np.ndarray], float] | None = None) -> FitResult:
    r"""From a dictionary of hyperplanes ``(U, T)`` (solver coordinates) to a fit with its certificate.

    Solve the problem on the dictionary (:func:`~radontv.fit_support.solve_on_dictionary`), sparsify without
    raising the value, re-solve exactly on the final support, and certify against the dual candidates ``duals``
    (plus the dictionary problem's dual and their projections onto the KKT conditions of the support;
    ``known_bound`` is the bound of ``duals`` themselves when the caller has computed it already).  The candidates
    are priced against every pattern (:func:`~radontv.fit_certificate.dual_bound`, or ``bound_of``, e.g. a cached
    one) in turn, ``duals`` first, until the result is certified; the reported bound is the largest computed.
    The result may be uncertified (``rtv2_fit`` then tries another dictionary or raises); ``sparse=False`` /
    ``resolve=False`` skip those steps (for tests of the certificate).
    """
    n, d = prob.Z.shape
    A, aff, p_dict = solve_on_dictionary(prob.Z, prob.t, prob.weight, U, T, prob.lam_s)
    live = A != 0
    dense = _to_network(U[live], T[live], A[live], aff[:d], float(aff[d]), prob.m, prob.sx, prob.sy)
    reference = objective(prob.Z, prob.t, prob.weight, U, T, A, aff, prob.lam_s)
    vertex = (U[live], T[live], A[live], aff)
    if sparse and np.count_nonzero(live) > prob.bound:  # a vertex has at most N - (d+1) neurons unless degenerate
        Us, Ts, As, affs = sparsify(prob.Z, *vertex)
    else:
        Us, Ts, As, affs = vertex
    if resolve:
        Us, Ts, As, affs = resolve_on_support(prob.Z, prob.t, prob.weight, Us, Ts, As, affs, prob.lam_s)
    if (sparse and As.size > prob.bound) or \
            objective(prob.Z, prob.t, prob.weight, Us, Ts, As, affs, prob.lam_s) > reference * (1 + SPARSIFY_RTOL):
        Us, Ts, As, affs = vertex  # sparsification went wrong: keep the vertex solution
        if resolve:
            Us, Ts, As, affs = resolve_on_support(prob.Z, prob.t, prob.weight, Us, Ts, As, affs, prob.lam_s)
    if resolve and prob.lam is None and As.size:  # positions to the data (fixed hyperplanes leave ~1e-9)
        Us, Ts, As, affs = polish_positions(prob.Z, prob.t, Us, Ts, As, affs)
    net = _to_network(Us, Ts, As, affs[:d], float(affs[d]), prob.m, prob.sx, prob.sy)
    M = np.hstack([features(prob.Z, Us, Ts), prob.Z, np.ones((n, 1))])
    candidates = ([] if known_bound is not None else list(duals)) + [p_dict, kkt_projection(M, As, p_dict, prob.lam_s)]
    candidates += [kkt_projection(M, As, p, prob.lam_s) for p in duals]
    price = bound_of if bound_of is not None else \
        (lambda q: dual_bound(prob.Z, prob.t, prob.weight, prob.D, q, prob.lam_s))
    dual_scaled = -math.inf if known_bound is None else known_bound
    for q in candidates:
        dual_scaled = max(dual_scaled, price(q))
        result = _result(prob, net, dense, dual_scaled, solver_value)
        if result.certified:
            return result
    return _result(prob, net, dense, dual_scaled, solver_value)


def _result(prob: _Problem, net: ReLUNetwork, dense: ReLUNetwork, dual_scaled: float,
            solver_value: float) -> FitResult:
    """The objective of ``net`` in original units (from its weights, not from the solver) and its certificate."""
    lam = prob.lam
    rtv2 = float(np.sum(np.abs(net.v) * np.linalg.norm(net.W, axis=1)))  # = R-TV² for distinct hyperplanes
    within = 0.0 if lam is None else 0.5 * _within_group_ss(prob.X, prob.y)
    resid = np.asarray(net(prob.Xu), dtype=np.float64) - prob.yu
    loss = 0.0 if lam is None else 0.5 * float(np.sum(prob.weight * resid**2)) + within
    value = rtv2 if lam is None else loss + lam * rtv2
    dual = dual_scaled * prob.factor + within
    all_fitted = np.asarray(net(prob.X), dtype=np.float64)
    return FitResult(
        network=net, value=value, rtv2=rtv2, loss=loss, dual_bound=dual, gap=value - dual, lam=lam,
        bound=prob.bound, max_residual=float(np.max(np.abs(all_fitted - prob.y))), patterns=prob.D.shape[0],
        solver_value=solver_value * prob.factor, seconds=time.perf_counter() - prob.start, dense_network=dense,
        target_scale=float(np.max(np.abs(prob.y))), method=prob.method, working_set=prob.working_set,
        rounds=prob.rounds)


def _uncertified_message(prob: _Problem, attempts: list[Any]) -> str:
    n, d = prob.Z.shape
    tried = []
    for r in attempts:
        if isinstance(r, str):
            tried.append(r)
            continue
        what = f"value {r.value:.12g}, dual bound {r.dual_bound:.12g}, relative gap {r.relative_gap:.3g}"
        if prob.lam is None:
            what += f", max |f(x_n) - y_n| = {r.max_residual:.3g} (relative {r.relative_residual:.3g})"
        tried.append(what)
    return (f"rtv2_fit found no certified optimum for N = {n} points in d = {d} (tolerances: relative gap within "
            f"[-{NEGATIVE_GAP_RTOL:g}, {CERTIFIED_RTOL:g}], relative data residual {INTERPOLATION_RTOL:g}); "
            f"attempts: {'; '.join(tried)}. The network is not returned because it is not known to be optimal: "
            "check for near-duplicate or nearly coplanar points, rescale the data, or use lam > 0")


def _within_group_ss(X: np.ndarray, y: np.ndarray) -> float:
    """Σ (y_n − mean of its duplicate group)²: the part of the loss no function can remove."""
    _, inverse, counts = np.unique(X, axis=0, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    if len(counts) == len(X):
        return 0.0
    means = np.bincount(inverse, weights=y) / counts
    return float(np.sum((y - means[inverse]) ** 2))


def _to_network(U: np.ndarray, T: np.ndarray, A: np.ndarray, c: np.ndarray, c0: float, m: np.ndarray, sx: float,
                sy: float) -> ReLUNetwork:
    r"""Map :math:`s_y[\sum A\sigma(u^\top z - t) + c^\top z + c_0]`, :math:`z = (x - m)/s_x`, to :math:`x`."""
    d = len(m)
    W = U.reshape(-1, d)
    b = W @ m + T * sx
    v = sy * A / sx
    return ReLUNetwork(W, b, v, sy * c / sx, sy * (c0 - float(c @ m) / sx))
