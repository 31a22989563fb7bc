"""Benchmark: radontv's TV² regression against cvxpy + Clarabel on the same random data.

Problem (both solvers): minimize ½ Σ_n (u_n − y_n)² + λ ‖D u‖₁ over the values u at the sites, D the slope jumps at
the interior sites — the exact finite-dimensional form of ½ Σ (f(x_n) − y_n)² + λ TV²(f) (docs/training.md).

For each design (x on a uniform grid; x uniform at random) and each λ = frac · λ_max, the script times
``radontv.regression.tv2_regression`` (best of ``--repeats`` runs) and ``cvxpy.Problem.solve(solver=CLARABEL)`` (wall
time including cvxpy's compilation, and Clarabel's own solve time), then prints:

* the ratio of the times (radontv / cvxpy wall, and radontv / Clarabel solve);
* radontv's relative duality gap (gap / primal, from its certificate) and number of knots;
* Clarabel's status and the relative excess of its objective over radontv's certified dual bound,
  (P_cvx − D_radontv) / P_radontv (≥ 0 up to rounding when the cvxpy point is feasible: weak duality).

Run: ``python bench/bench_regression.py [--n 10000] [--repeats 3] [--seed 0]`` (needs cvxpy and clarabel:
``pip install -e ".[bench]"``).  Timings on a shared machine are noisy: run twice.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from radontv.regression import lambda_max, tv2_regression


def _designs(n: int, seed: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    grid = np.linspace(0.0, 1.0, n)
    rand = np.sort(rng.uniform(0.0, 1.0, n))
    out = {}
    for name, x in (("uniform grid", grid), ("random x", rand)):
        y = np.sin(6 * x) + 0.5 * np.abs(x - 0.4) + 0.3 * rng.standard_normal(n)
        out[name] = (x, y)
    return out


def _cvxpy(x: np.ndarray, y: np.ndarray, lam: float) -> tuple[str, float, float, float, np.ndarray | None]:
    import cvxpy as cp
    import scipy.sparse as sp

    n = x.size
    h = np.diff(x)
    D = sp.diags([1 / h[:-1], -(1 / h[:-1] + 1 / h[1:]), 1 / h[1:]], [0, 1, 2], shape=(n - 2, n), format="csr")
    u = cp.Variable(n)
    prob = cp.Problem(cp.Minimize(0.5 * cp.sum_squares(u - y) + lam * cp.norm1(D @ u)))
    start = time.perf_counter()
    try:
        prob.solve(solver=cp.CLARABEL)
    except cp.error.SolverError as exc:
        return f"failed ({exc.__class__.__name__})", time.perf_counter() - start, float("nan"), float("nan"), None
    wall = time.perf_counter() - start
    solve = prob.solver_stats.solve_time if prob.solver_stats and prob.solver_stats.solve_time else float("nan")
    if u.value is None:
        return str(prob.status), wall, solve, float("nan"), None
    uv = np.asarray(u.value)
    value = 0.5 * float(np.sum((uv - y) ** 2)) + lam * float(np.abs(D @ uv).sum())
    return str(prob.status), wall, float(solve), value, uv


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="number of data points (default 10^4)")
    parser.add_argument("--repeats", type=int, default=3, help="timing repeats for radontv (best of; default 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fractions", type=float, nargs="*", default=[0.1, 1e-2, 1e-3, 1e-4],
                        help="lambda / lambda_max values (default 0.1 0.01 0.001 0.0001)")
    args = parser.parse_args()
    header = (f"{'design':<13} {'lam/lmax':>8} {'knots':>6} {'radontv s':>10} {'cvxpy s':>9} {'clarabel s':>10} "
              f"{'ratio':>7} {'ratio*':>7} {'rel. gap':>9}  {'clarabel status':<18} {'excess':>9}")
    print(f"TV² regression, N = {args.n}; ratio = radontv / cvxpy wall time, ratio* = radontv / Clarabel solve time;")
    print("rel. gap = radontv's certified duality gap / primal; excess = (P_cvxpy − D_radontv) / P_radontv")
    print(header)
    print("-" * len(header))
    for name, (x, y) in _designs(args.n, args.seed).items():
        lmax = lambda_max(x, y)
        for frac in args.fractions:
            lam = frac * lmax
            best = float("inf")
            for _ in range(args.repeats):
                start = time.perf_counter()
                spline, cert = tv2_regression(x, y, lam)
                best = min(best, time.perf_counter() - start)
            status, wall, solve, value, _ = _cvxpy(x, y, lam)
            excess = (value - cert.dual) / cert.primal if np.isfinite(value) else float("nan")
            print(f"{name:<13} {frac:>8.0e} {spline.n_knots:>6d} {best:>10.4f} {wall:>9.3f} {solve:>10.3f} "
                  f"{best / wall:>7.3f} {best / solve:>7.3f} {cert.relative_gap:>9.1e}  {status:<18} {excess:>9.1e}")


if __name__ == "__main__":
    main()
