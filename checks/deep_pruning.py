r"""Numeric checks of the width bounds of the deep family (catalog E2, E8), re-exported by :mod:`radontv.checks.deep`.

The implementation under test is :func:`radontv.deep.prune_layer` (and :func:`radontv.deep.prune`); the independent
route is :func:`radontv.checks.deep_exact.sparsify`, [SPLN24] Thm 10's constructive argument in exact rationals, and
the hand-built :func:`~radontv.checks.deep_exact.tight_instance` whose every solution has 3 neurons on N = 2 points
(an exact dual certificate proves it).  Feasibility (:math:`V\Phi = \Psi`), neuron counts and ranks are decided
exactly; norms are compared at ``dps`` digits, except the optimality of the implementation's solution, which its float
solver certifies only up to its duality gap (see ``OPTIMALITY_RTOL``).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy

from radontv.evidence import Agreement, CheckResult
from radontv.network import ReLUNetwork
from radontv.precision import validate_dps

from . import deep_exact as ex
from .deep_common import Missing as _Missing
from .deep_common import combine as _combine
from .deep_common import honest as _honest
from .deep_common import impl as _impl
from .deep_common import sq as _sq
from .deep_common import sqrt as _sqrt
from .deep_common import to_mp as _mp
from .deep_forward import is_linear, layer_forward, random_deep_layers

__all__ = [
    "OPTIMALITY_RTOL",
    "check_layer_width_bound",
    "check_vector_representer",
    "dense_solution",
    "dictionary_instance",
    "group_norm",
    "implementation_pruning",
    "interpolates_exactly",
    "low_rank_instance",
    "record_tight_certificate",
]

F = Fraction

#: Relative optimality the implementation's multi-task lasso value is held to.  Its solver works in float64 (IRLS,
#: stopping at a relative duality gap of about 1e-11), then restores exact feasibility and sparsifies, which moves the
#: primal value: its own certificates report relative gaps up to ~2e-5 on small random instances (200 drawn, most
#: below 1e-9).  So ``value <= bound * (1 + 1e-3)`` is required, decided at ``dps`` digits (rounding is ~1e-48, far
#: below the margin), and the largest certified gap is reported in the message; a basic but non-optimal solution of
#: the tight instance (V = Psi on the first two features) is 1.7 % too large and still fails.
OPTIMALITY_RTOL = Fraction(1, 10**3)


def group_norm(V: ex.Matrix) -> mpmath.mpf:
    r""":math:`\sum_k\|v_k\|_2` over the columns of V (D x K)."""
    return mpmath.fsum(_sqrt(_sq([row[k] for row in V])) for k in range(len(V[0])))


def dense_solution(Phi: ex.Matrix, Psi: ex.Matrix) -> ex.Matrix:
    r"""A feasible V with every column nonzero in general: :math:`\Psi(\Phi^\top\Phi)^{-1}\Phi^\top` (Phi of full
    column rank N)."""
    G = sympy.Matrix(ex.matmul(ex.transpose(Phi), Phi)).inv()
    Ginv = [[F(int(x.p), int(x.q)) for x in row] for row in G.tolist()]
    return ex.matmul(ex.matmul(Psi, Ginv), ex.transpose(Phi))


def implementation_pruning(Phi: ex.Matrix, Psi: ex.Matrix) -> tuple[ex.Matrix, Any]:
    """The implementation's V (as Fractions) and certificate."""
    prune_layer = _impl("radontv.deep", "prune_layer")
    result = prune_layer(np.array(Phi, dtype=object), np.array(Psi, dtype=object))
    return ex.fractions(result.V), result.certificate


def _certificate_value(cert: Any, *names: str) -> Any:
    for name in names:
        if hasattr(cert, name):
            return getattr(cert, name)
    raise _Missing(f"PruningCertificate has none of the attributes {names}")


def dictionary_instance(rng: random.Random) -> tuple[ex.Matrix, ex.Matrix, list[Fraction], ex.Matrix, ex.Matrix]:
    r"""N points in :math:`\mathbb R^d`, targets Y (N x D), a dictionary of :math:`N^2 + 3` neurons with rational unit
    weights, its features :math:`\Phi` (K x N, of rank N) and :math:`\Psi = Y^\top`.  Returns (X, W, b, Phi, Psi)."""
    while True:
        N, d, D = rng.randint(2, 4), rng.randint(1, 3), rng.randint(1, 3)
        X = [[ex.rational(rng, -6, 6, 3) for _ in range(d)] for _ in range(N)]
        K = N * N + 3
        W = [ex.unit_vector(rng, d) for _ in range(K)]
        b = [ex.rational(rng, -6, 6, 4) for _ in range(K)]
        Phi = [[max(F(0), sum((wi * xi for wi, xi in zip(w, x, strict=True)), start=F(0)) - bk) for x in X]
               for w, bk in zip(W, b, strict=True)]
        if ex.rank(Phi) == N:
            Psi = [[ex.rational(rng) for _ in range(N)] for _ in range(D)]
            return X, W, b, Phi, Psi


def interpolates_exactly(W: ex.Matrix, b: list[Fraction], V: ex.Matrix, X: ex.Matrix, Psi: ex.Matrix) -> bool:
    """Whether the network of the nonzero columns of V on the dictionary (W, b) meets Psi at X, exactly."""
    support = ex.nonzero_columns(V)
    D = len(V)
    if not support:
        return all(x == 0 for row in Psi for x in row)
    net = ReLUNetwork([W[k] for k in support], [b[k] for k in support],
                      [[V[i][k] for i in range(D)] for k in support])
    values = net(np.array(X, dtype=object))
    return [[F(values[n][i]) for n in range(len(X))] for i in range(D)] == Psi


# -- deep.vector_representer (E2) -------------------------------------------------------------------------------------
@_honest("deep.vector_representer")
def check_vector_representer(*, dps: int = 50, examples: int = 20, seed: int = 0,
                             bound: Callable[[int, int], int] | None = None) -> CheckResult:
    r"""Check catalog E2 ([SPLN24] Thm 5, Cor. 6): a vector-valued interpolation problem over a dictionary of ReLU
    neurons has a minimal-norm solution with at most :math:`\min\{N^2, ND\}` neurons, found by sparsifying any
    solution.

    On random dictionaries (:math:`N^2 + 3` unit-weight neurons, more than the bound): the implementation's
    :func:`radontv.deep.prune_layer` and this module's exact sparsification (from a dense solution and from the
    implementation's) give networks that interpolate exactly, with at most ``bound(N, D)`` neurons (default
    :math:`\min\{N^2, ND\}`) and no larger group norm than where they started.  On
    :func:`~radontv.checks.deep_exact.tight_instance` the exact dual certificate proves that every solution has
    3 neurons on N = 2 points; negative control: ``bound=lambda N, D: N`` is refuted there.
    """
    validate_dps(dps)
    limit = bound or (lambda N, D: min(N * N, N * D))
    rng = random.Random(seed)
    exact = Agreement("deep.vector_representer", dps=None, route="exact rationals: interpolation, neuron counts, "
                      "the dual certificate of the tight instance")
    # lost_digits: sums of K square roots (~2 digits)
    num = Agreement("deep.vector_representer", dps=dps, lost_digits=3, route="group norms at dps digits")
    with mpmath.workdps(dps):
        t = ex.tight_instance()
        N, D = len(t.X), len(t.Psi)
        record_tight_certificate(exact, t)
        for route, V in (("the unique solution, sparsified", ex.sparsify(t.solution, t.Phi, t.Psi, dps=dps)),
                         ("prune_layer", implementation_pruning(t.Phi, t.Psi)[0])):
            count = len(ex.nonzero_columns(V))
            exact.holds(interpolates_exactly(t.W, t.b, V, t.X, t.Psi),
                        instance=f"tight instance, {route}: interpolates")
            exact.holds(count <= limit(N, D), instance=f"tight instance, {route}: {count} neurons <= bound "
                        f"{limit(N, D)} (N = {N}, D = {D})")
        for i in range(examples):
            X, W, b, Phi, Psi = dictionary_instance(rng)
            N, D = len(X), len(Psi)
            V0 = dense_solution(Phi, Psi)
            V_impl = implementation_pruning(Phi, Psi)[0]
            start = group_norm(V0)
            for route, V, ref in (("sparsified dense solution", ex.sparsify(V0, Phi, Psi, dps=dps), start),
                                  ("prune_layer", V_impl, start),
                                  ("prune_layer, sparsified", ex.sparsify(V_impl, Phi, Psi, dps=dps),
                                   group_norm(V_impl))):
                label = f"#{i} (N = {N}, D = {D}, K = {len(W)}), {route}"
                count = len(ex.nonzero_columns(V))
                exact.holds(interpolates_exactly(W, b, V, X, Psi), instance=f"{label}: interpolates")
                exact.holds(count <= limit(N, D), instance=f"{label}: {count} neurons <= bound {limit(N, D)}")
                num.at_least(ref, group_norm(V), instance=f"{label}: group norm not raised", scale=ref)
    return _combine(exact, num)


def record_tight_certificate(agree: Agreement, t: ex.TightInstance) -> None:
    """Record, exactly, why every solution of the tight instance has 3 neurons (see its docstring)."""
    Lphi = ex.matmul(t.dual, ex.transpose(t.Phi))  # D x K: the columns Lambda phi_k
    norms = [_sq([row[k] for row in Lphi]) for k in range(len(t.Phi))]
    agree.holds(all(n <= 1 for n in norms), instance="tight instance: the dual is feasible")
    agree.holds(ex.matmul(t.solution, t.Phi) == t.Psi, instance="tight instance: the solution is feasible")
    inner = sum((a * p for ra, rp in zip(t.dual, t.Psi, strict=True) for a, p in zip(ra, rp, strict=True)),
                start=F(0))
    agree.holds(inner == t.optimum, instance="tight instance: dual value = 3")
    active = [k for k, n in enumerate(norms) if n == 1]
    outer = [[p * q for p in t.Phi[k] for q in t.Phi[k]] for k in active]
    agree.holds(len(active) == 3 and ex.rank(outer) == 3,
                instance="tight instance: 3 active features with independent outer products (unique solution)")


# -- deep.layer_width_bound (E8) --------------------------------------------------------------------------------------
def low_rank_instance(rng: random.Random) -> tuple[ex.Matrix, ex.Matrix, ex.Matrix]:
    r"""Features :math:`\Phi` (K x N) of rank :math:`r_\Phi`, a feasible G (D x K) of low rank and
    :math:`\Psi = G\Phi` (D x N)."""
    N, K, D = rng.randint(2, 5), rng.randint(3, 9), rng.randint(1, 4)
    r_phi = rng.randint(1, min(N, K))
    A = [[ex.rational(rng) for _ in range(r_phi)] for _ in range(K)]
    B = [[ex.rational(rng) for _ in range(N)] for _ in range(r_phi)]
    Phi = ex.matmul(A, B)
    r_g = rng.randint(1, min(D, K))
    G = ex.matmul([[ex.rational(rng) for _ in range(r_g)] for _ in range(D)],
                  [[ex.rational(rng) for _ in range(K)] for _ in range(r_g)])
    return Phi, G, ex.matmul(G, Phi)


@_honest("deep.layer_width_bound")
def check_layer_width_bound(*, dps: int = 50, examples: int = 20, seed: int = 0,
                            bound: Callable[[int, int], int] | None = None) -> CheckResult:
    r"""Check catalog E8 ([SPLN24] Thm 10-11): :func:`radontv.deep.prune_layer` returns V with
    :math:`V\Phi = \Psi` exactly, at most :math:`r_\Phi r_\Psi` nonzero columns, and :math:`\sum_k\|v_k\|_2` the
    multi-task lasso optimum, hence not above any feasible start; :func:`radontv.deep.prune` keeps a deep network's
    outputs on X and does not raise its weight decay.

    Routes: exact ranks (Gaussian elimination), exact feasibility, ``bound(r_Phi, r_Psi)`` (default the product);
    the group norm against a feasible low-rank G and against this module's exact sparsification of G (the optimum
    is at most that), the certificate's primal value against the norm computed here, its dual matrix checked
    feasible exactly and its value :math:`\langle\Lambda,\Psi\rangle` (a lower bound on the optimum) met by the
    group norm;
    on the tight instance the value against the exact optimum 3 and the count 3.  Negative control:
    ``bound=lambda r_phi, r_psi: r_phi`` (Thm 11's lower bound taken as the upper bound) is refuted there.
    """
    validate_dps(dps)
    limit = bound or (lambda r_phi, r_psi: r_phi * r_psi)
    rng = random.Random(seed)
    exact = Agreement("deep.layer_width_bound", dps=None, route="exact rationals: ranks, feasibility, counts")
    # lost_digits: sums of square roots (~2 digits)
    num = Agreement("deep.layer_width_bound", dps=dps, lost_digits=3, route="group norms and certificate at dps "
                    "digits")
    with mpmath.workdps(dps):
        t = ex.tight_instance()
        record_tight_certificate(exact, t)
        V, _ = implementation_pruning(t.Phi, t.Psi)
        count, r_phi, r_psi = len(ex.nonzero_columns(V)), ex.rank(t.Phi), ex.rank(t.Psi)
        exact.holds(ex.matmul(V, t.Phi) == t.Psi, instance="tight instance: V Phi = Psi")
        exact.holds(count <= limit(r_phi, r_psi), instance=f"tight instance: {count} columns <= bound "
                    f"{limit(r_phi, r_psi)} (r_Phi = {r_phi}, r_Psi = {r_psi})")
        _within(num, group_norm(V), _mp(t.optimum), "tight instance: the optimum 3")
        worst_gap = mpmath.mpf(0)
        for i in range(examples):
            Phi, G, Psi = low_rank_instance(rng)
            r_phi, r_psi = ex.rank(Phi), ex.rank(Psi)
            label = f"#{i} (K = {len(Phi)}, N = {len(Phi[0])}, D = {len(Psi)}, r_Phi = {r_phi}, r_Psi = {r_psi})"
            V, cert = implementation_pruning(Phi, Psi)
            count = len(ex.nonzero_columns(V))
            exact.holds(ex.matmul(V, Phi) == Psi, instance=f"{label}: V Phi = Psi")
            exact.holds(count <= limit(r_phi, r_psi), instance=f"{label}: {count} columns <= bound")
            value, start = group_norm(V), group_norm(G)
            mine = group_norm(ex.sparsify(G, Phi, Psi, dps=dps))
            _within(num, value, start, f"{label}: not above the feasible G")
            _within(num, value, mine, f"{label}: not above the exact sparsification of G")
            num.compare(_mp(_certificate_value(cert, "primal", "primal_value")), value,
                        instance=f"{label}: certificate primal value", scale=start)
            dual = _certificate_value(cert, "dual", "dual_value")
            num.at_least(value, _mp(dual), instance=f"{label}: certificate dual value below the primal", scale=start)
            Lam = ex.fractions(_certificate_value(cert, "dual_matrix"))
            Lphi = ex.matmul(Lam, ex.transpose(Phi))
            exact.holds(all(_sq([row[k] for row in Lphi]) <= 1 for k in range(len(Phi))),
                        instance=f"{label}: the certificate's dual matrix is feasible (exactly)")
            inner = sum((a * p for ra, rp in zip(Lam, Psi, strict=True) for a, p in zip(ra, rp, strict=True)),
                        start=F(0))
            exact.compare(F(dual), inner, instance=f"{label}: dual value = <Lambda, Psi>", scale=abs(inner) + 1)
            _within(num, value, _mp(inner), f"{label}: value at the exact dual bound (optimal)")
            gap = (value - _mp(inner)) / value if value else mpmath.mpf(0)
            num.compare(_mp(_certificate_value(cert, "relative_gap")), gap, scale=1,
                        instance=f"{label}: the certificate's relative gap")
            worst_gap = max(worst_gap, gap)
        _check_prune(exact, num, rng, max(2, examples // 4), limit)
        num.note(f"largest certified relative duality gap of prune_layer: {mpmath.nstr(worst_gap, 3)}")
    return _combine(exact, num)


def _within(agree: Agreement, value: mpmath.mpf, bound: mpmath.mpf, instance: str) -> None:
    """Record ``value <= bound (1 + OPTIMALITY_RTOL)`` (decided at the working precision, far above rounding)."""
    agree.holds(bool(value <= bound * (1 + _mp(OPTIMALITY_RTOL))), instance=f"{instance} (to {OPTIMALITY_RTOL})")


def _layer_features(layers: list[Any], X: ex.Matrix) -> list[tuple[ex.Matrix, ex.Matrix] | None]:
    r"""Per layer, on the points X: the ReLU features :math:`\Phi` (K x N) and :math:`\Psi = V^\top\Phi` (D x N) of
    a ReLU layer (None for a linear layer), by a forward pass written in :mod:`radontv.checks.deep_forward`."""
    Z = [[F(x) for x in row] for row in X]
    out: list[tuple[ex.Matrix, ex.Matrix] | None] = []
    for layer in layers:
        if is_linear(layer):
            out.append(None)
        else:
            W = [[F(x) for x in row] for row in layer.W]
            b = [F(x) for x in layer.b]
            Phi = [[max(F(0), sum((a * c for a, c in zip(w, z, strict=True)), start=F(0)) - bk) for z in Z]
                   for w, bk in zip(W, b, strict=True)]
            V = [[F(x) for x in row] for row in layer.V]
            out.append((Phi, ex.matmul(ex.transpose(V), Phi) if Phi else []))
        Z = [layer_forward(layer, z) for z in Z]
    return out


def _check_prune(exact: Agreement, num: Agreement, rng: random.Random, count: int,
                 limit: Callable[[int, int], int]) -> None:
    """:func:`radontv.deep.prune` on random exact deep networks with wide layers and few points."""
    prune = _impl("radontv.deep", "prune")
    Deep = _impl("radontv.deep", "DeepReLUNetwork")
    for i in range(count):
        dims = [rng.randint(1, 3) for _ in range(3)]
        layers = random_deep_layers(rng, linear=False, dims=dims, widths=[rng.randint(6, 9), rng.randint(6, 9)])
        net = Deep.from_layers(layers)
        X = [[ex.rational(rng, -6, 6, 3) for _ in range(dims[0])] for _ in range(rng.randint(2, 3))]
        pruned, _ = prune(net, np.array(X, dtype=object))
        label = f"prune #{i} (dims {dims}, widths {net.hidden_widths}, N = {len(X)})"
        before = net(np.array(X, dtype=object))
        after = pruned(np.array(X, dtype=object))
        exact.holds([[F(x) for x in row] for row in after] == [[F(x) for x in row] for row in before],
                    instance=f"{label}: outputs on X unchanged")
        wd = _mp(net.weight_decay())
        num.at_least(wd, _mp(pruned.weight_decay()), instance=f"{label}: weight decay not raised", scale=wd)
        features = _layer_features(layers, X)
        for k, (layer, fp) in enumerate(zip(pruned.layers, features, strict=True)):
            if fp is None:
                continue
            r_phi, r_psi = ex.rank(fp[0]), ex.rank(fp[1]) if fp[1] else 0
            width = len(ex.nonzero_columns(ex.transpose([[F(x) for x in row] for row in layer.V]))) \
                if layer.width else 0
            exact.holds(width <= limit(r_phi, r_psi), instance=f"{label}, layer {k + 1}: {width} active neurons "
                        f"<= bound (r_Phi = {r_phi}, r_Psi = {r_psi})")
