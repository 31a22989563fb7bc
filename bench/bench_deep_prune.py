"""Benchmark: pruning a trained 3-layer ReLU network, radontv.deep.prune against a per-layer cvxpy multi-task lasso.

A network of three shallow ReLU layers with K = 512 hidden units each (d_0 = 2 -> d_1 = 4 -> d_2 = 4 -> D = 2) is
trained with weight decay on N = 100 points (``radontv.deep.train.train_deep_network``, seed 0).  Then every hidden
layer is pruned without changing the network's outputs on the data ([SPLN24] Thm 10-11, catalog E8): with
unit-normalized input weights w_k/||w_k|| the layer's features on the data are Phi (K x N), its output contribution
Psi = U Phi (D x N, column u_k = ||w_k|| v_k), and the multi-task lasso min sum_k ||u_k||_2 s.t. U Phi = Psi gives
the smallest balanced weight decay sum_k ||u_k|| = sum_k ||v_k|| ||w_k|| of a layer with the same outputs, with at
most r_Phi r_Psi nonzero columns at a vertex solution.

1. ``radontv.deep.prune(net, X)`` (the whole network, certificates included);
2. the tool a user would otherwise pick: the same multi-task lasso of every layer in cvxpy (default conic solver
   Clarabel), columns counted nonzero above 1e-6 of the largest column norm, the pruned layer balanced
   (w_k, b_k, v_k) -> (sqrt(||u_k||) w^_k, sqrt(||u_k||) b^_k, u_k / sqrt(||u_k||)).

Reported per tool: time (best of REPEATS; cvxpy wall time with compilation, and the solver's own time), neurons
kept per layer, weight decay before and after (``DeepReLUNetwork.weight_decay``; and the balanced value sum_k
||v_k|| ||w_k||, which prune need not return balanced), the largest output change on the data relative to the largest
output, and ratios radontv / cvxpy.  Every figure is printed with the load average and the BLAS thread pools in force
(threadpoolctl, when installed).  BLAS is limited to one thread for the whole run by default (``--blas-threads``):
on the shared 2-core machine under load, two OpenBLAS threads made a 100 x 100 ``eigh`` 60x slower (0.52 s against
8 ms), which dominated both tools.

Run from a checkout with the extra ``bench`` (cvxpy, clarabel): ``python bench/bench_deep_prune.py``.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import numpy as np

from radontv import ReLUNetwork
from radontv.deep.network import DeepReLUNetwork
from radontv.deep.train import train_deep_network

REPEATS = 3
N, D0, BOTTLENECKS, D, K, LAM = 100, 2, (4, 4), 2, 512, 1e-2
TRAIN_ITER = 5000
NONZERO_RTOL = 1e-6


def environment() -> dict[str, Any]:
    """Load average (1, 5, 15 min) and the BLAS thread pools (threadpoolctl), recorded with every figure."""
    try:
        from threadpoolctl import threadpool_info

        pools = [f"{p.get('internal_api')}:{p.get('num_threads')}" for p in threadpool_info()]
    except ImportError:
        pools = [f"threadpoolctl missing; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}"]
    return {"load": [round(x, 2) for x in os.getloadavg()], "blas": pools}


def data(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (N, D0))
    Y = np.c_[np.sin(np.pi * X[:, 0]) * np.cos(X[:, 1]), np.abs(X[:, 0]) - X[:, 1] ** 2]
    return X, Y + 0.05 * rng.standard_normal(Y.shape)


def layer_inputs(net: DeepReLUNetwork, X: np.ndarray) -> list[np.ndarray]:
    """The inputs Z_{l-1} of every layer on the data (float)."""
    out, Z = [], X
    for layer in net.layers:
        out.append(Z)
        Z = np.asarray(layer(Z), dtype=np.float64).reshape(Z.shape[0], -1)
    return out


def balanced_weight_decay(net: DeepReLUNetwork) -> float:
    """sum over layers and neurons of ||v_k|| ||w_k|| (the weight decay after balancing every neuron)."""
    return float(sum(np.sum(np.linalg.norm(np.asarray(layer.V, float), axis=1)
                            * np.linalg.norm(np.asarray(layer.W, float), axis=1)) for layer in net.layers))


def active_neurons(net: DeepReLUNetwork) -> list[int]:
    """Neurons with ||v_k|| ||w_k|| above NONZERO_RTOL times the layer's largest."""
    counts = []
    for layer in net.layers:
        p = np.linalg.norm(np.asarray(layer.V, float), axis=1) * np.linalg.norm(np.asarray(layer.W, float), axis=1)
        counts.append(int(np.count_nonzero(p > NONZERO_RTOL * p.max())) if p.size and p.max() > 0 else 0)
    return counts


def lasso_problem(layer: ReLUNetwork, Z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Phi (K x N) with unit input weights, Psi = U0 Phi (D x N), and the unit-normalized (W^, b^)."""
    W, b, V = (np.asarray(a, dtype=np.float64) for a in (layer.W, layer.b, layer.V))
    norms = np.linalg.norm(W, axis=1)
    keep = norms > 0
    Wn, bn = W[keep] / norms[keep, None], b[keep] / norms[keep]
    Phi = np.maximum(Z @ Wn.T - bn, 0.0).T
    U0 = (V[keep] * norms[keep, None]).T
    return Phi, U0 @ Phi, Wn, bn


def cvxpy_prune(net: DeepReLUNetwork, X: np.ndarray) -> tuple[DeepReLUNetwork, dict[str, Any]]:
    """Per layer: min sum ||u_k|| s.t. U Phi = Psi in cvxpy; rebuild the balanced layer from the solution."""
    import cvxpy as cp

    layers, wall, solver_time, statuses, bounds, values = [], 0.0, 0.0, [], [], []
    for layer, Z in zip(net.layers, layer_inputs(net, X), strict=True):
        Phi, Psi, Wn, bn = lasso_problem(layer, Z)
        t = time.perf_counter()
        U = cp.Variable((Psi.shape[0], Phi.shape[0]))
        prob = cp.Problem(cp.Minimize(cp.sum(cp.norm(U, 2, axis=0))), [U @ Phi == Psi])
        prob.solve()
        wall += time.perf_counter() - t
        solver_time += float(prob.solver_stats.solve_time or 0.0)
        statuses.append(prob.status)
        values.append(float(prob.value))
        bounds.append(int(np.linalg.matrix_rank(Phi)) * int(np.linalg.matrix_rank(Psi)))
        Uv = np.asarray(U.value, dtype=np.float64)
        cn = np.linalg.norm(Uv, axis=0)
        kept = cn > NONZERO_RTOL * cn.max()
        s = np.sqrt(cn[kept])
        V = (Uv[:, kept] / s).T
        C = np.asarray(layer.c, dtype=np.float64)
        c0 = np.asarray(layer.c0, dtype=np.float64)
        if layer.vector_valued:
            layers.append(ReLUNetwork(Wn[kept] * s[:, None], bn[kept] * s, V, C, c0))
        else:
            layers.append(ReLUNetwork(Wn[kept] * s[:, None], bn[kept] * s, V[:, 0], C, float(c0)))
    return DeepReLUNetwork(layers), {"wall_s": wall, "solver_s": solver_time, "status": statuses,
                                     "rank_bounds": bounds, "lasso_values": values}


def summary(name: str, before: DeepReLUNetwork, after: DeepReLUNetwork, X: np.ndarray, seconds: float,
            extra: dict[str, Any]) -> dict[str, Any]:
    out0 = np.asarray(before(X), dtype=np.float64)
    out1 = np.asarray(after(X), dtype=np.float64)
    return {"tool": name, "seconds": seconds, "neurons_before": active_neurons(before),
            "widths_after": list(after.hidden_widths), "neurons_after": active_neurons(after),
            "weight_decay_before": float(before.weight_decay()), "weight_decay_after": float(after.weight_decay()),
            "balanced_before": balanced_weight_decay(before), "balanced_after": balanced_weight_decay(after),
            "output_change": float(np.max(np.abs(out1 - out0)) / np.max(np.abs(out0))), **extra,
            "env": environment()}


def main(blas_threads: int | None = 1) -> None:
    """Run everything with BLAS limited to ``blas_threads`` (None: the library default)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        print("threadpoolctl missing: BLAS threads not limited")
        return run()
    with threadpool_limits(limits=blas_threads, user_api="blas"):
        return run()


def run() -> None:
    X, Y = data()
    print("environment at start:", environment())
    t = time.perf_counter()
    res = train_deep_network(X, Y, [K, K, K], LAM, bottlenecks=list(BOTTLENECKS), seed=0, max_iter=TRAIN_ITER)
    train_s = time.perf_counter() - t
    net = res.network
    print(json.dumps({"training": {"N": N, "K": K, "layers": 3, "dims": [D0, *BOTTLENECKS, D], "lam": LAM,
                                   "seconds": round(train_s, 2), "iterations": res.iterations,
                                   "converged": res.converged, "objective": res.objective,
                                   "weight_decay": float(net.weight_decay())}, "env": environment()}))
    rows = []
    try:
        from radontv.deep import prune
    except (ImportError, AttributeError) as exc:
        prune = None
        print(f"radontv.deep.prune not available ({exc}); cvxpy only")
    if prune is not None:
        best, pruned, certs = float("inf"), None, None
        for _ in range(REPEATS):
            t = time.perf_counter()
            pruned, certs = prune(net, X)
            best = min(best, time.perf_counter() - t)
        extra = {"relative_gaps": [float(c.relative_gap) for c in certs],
                 "rank_bounds": [c.rank_bound for c in certs], "support": [len(c.support) for c in certs],
                 "lasso_values": [float(c.primal_value) for c in certs]}
        rows.append(summary("radontv.deep.prune", net, pruned, X, best, extra))
    best, pruned_cvx, info = float("inf"), None, None
    for _ in range(REPEATS):
        t = time.perf_counter()
        pruned_cvx, info = cvxpy_prune(net, X)
        best = min(best, time.perf_counter() - t)
    rows.append(summary("cvxpy per-layer multi-task lasso", net, pruned_cvx, X, best, info))
    for r in rows:
        print(json.dumps(r))
    if len(rows) == 2:
        a, b = rows
        print(json.dumps({"ratio_time": a["seconds"] / b["seconds"], "ratio_time_vs_solver": a["seconds"] /
                          b["solver_s"], "ratio_balanced_weight_decay_after": a["balanced_after"] /
                          b["balanced_after"], "ratio_lasso_values": [x / y for x, y in
                                                                      zip(a["lasso_values"], b["lasso_values"],
                                                                          strict=True)],
                          "env": environment()}))


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blas-threads", type=int, default=1,
                        help="BLAS threads for the whole run (default 1; 0 = the library default)")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="best of this many runs per tool")
    args = parser.parse_args()
    REPEATS = args.repeats
    main(args.blas_threads or None)
