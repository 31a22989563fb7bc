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

``--scaling`` (no cvxpy needed) prints instead the growth table of issue 14: for N = 10⁴, 10⁵, 10⁶ (``--sizes``) and
each λ/λ_max, the time of ``tv2_regression`` on unsorted random x (``--grid``: the uniform grid in random order; best
of ``--repeats``), the active-set iterations on the full data, the relative duality gap, the knots, the time divided
by one ``np.sort`` of the same x (best of 5) and the growth of the time per decade of N.  Every table starts with the
machine's load and BLAS thread pools (``bench/_machine.py``); ``--json PATH`` stores the rows with ``environment()``.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
from _machine import environment, environment_line

from radontv.regression import lambda_max, tv2_regression

#: Issue 14's goal for N = 10⁶: at most this many times one ``np.sort`` of the same x, certified gap at most GOAL_GAP.
GOAL_TIME_OVER_SORT = 25.0
GOAL_GAP = 1e-9


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


def _best(fn: object, repeats: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best, out


def scaling(sizes: list[int], fractions: list[float], repeats: int, seed: int, grid: bool = False
            ) -> list[dict[str, object]]:
    """The growth table: one row per (N, λ/λ_max) on unsorted random x (``grid``: the uniform grid of N points in
    random order); prints it and returns the rows."""
    print(environment_line())
    header = (f"{'N':>8} {'lam/lmax':>8} {'time s':>8} {'sort s':>8} {'time/sort':>9} {'growth':>7} {'iters':>5} "
              f"{'knots':>5} {'rel. gap':>9}")
    design = "on a uniform grid" if grid else "uniform at random"
    print(f"TV² regression, x {design} on [0, 1] in random order, y = sin 6x + |x − 0.4|/2 + 0.3 noise; growth = "
          "time / time at N/10")
    print(header)
    print("-" * len(header))
    rows: list[dict[str, object]] = []
    previous: dict[float, float] = {}
    for n in sizes:
        rng = np.random.default_rng([seed, n])
        x = rng.permutation(np.linspace(0.0, 1.0, n)) if grid else rng.uniform(0.0, 1.0, n)
        y = np.sin(6 * x) + 0.5 * np.abs(x - 0.4) + 0.3 * rng.standard_normal(n)
        t_sort, _ = _best(lambda x=x: np.sort(x), 5)
        lmax = lambda_max(x, y)
        for frac in fractions:
            elapsed, res = _best(lambda frac=frac, lmax=lmax, x=x, y=y: tv2_regression(x, y, frac * lmax), repeats)
            spline, cert = res  # type: ignore[misc]
            # no growth at the first size: None in the JSON, "–" in the table (never a NaN)
            growth = elapsed / previous[frac] if frac in previous and previous[frac] > 0 else None
            previous[frac] = elapsed
            row = {"design": "grid" if grid else "random", "n": n, "lam_over_lam_max": frac, "seconds": elapsed,
                   "sort_seconds": t_sort,
                   "time_over_sort": elapsed / t_sort, "growth_per_decade": growth, "iterations": cert.iterations,
                   "knots": spline.n_knots, "relative_gap": cert.relative_gap, "method": cert.method}
            rows.append(row)
            print(f"{n:>8d} {frac:>8.0e} {elapsed:>8.3f} {t_sort:>8.4f} {elapsed / t_sort:>9.1f} "
                  f"{'–' if growth is None else f'{growth:.1f}':>7} "
                  f"{cert.iterations:>5d} {spline.n_knots:>5d} {cert.relative_gap:>9.1e}", flush=True)
    top = [r for r in rows if r["n"] == max(sizes)]
    worst = max(float(r["time_over_sort"]) for r in top)  # type: ignore[arg-type]
    gaps = max(float(r["relative_gap"]) for r in top)  # type: ignore[arg-type]
    verdict = "met" if worst <= GOAL_TIME_OVER_SORT and gaps <= GOAL_GAP else "NOT met"
    print(f"goal (issue 14) at N = {max(sizes)}: time ≤ {GOAL_TIME_OVER_SORT:g}× one sort and relative gap ≤ "
          f"{GOAL_GAP:g}: {verdict} (worst {worst:.1f}×, largest gap {gaps:.1e})")
    print(environment_line())
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="number of data points (default 10^4)")
    parser.add_argument("--repeats", type=int, default=3, help="timing repeats for radontv (best of; default 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fractions", type=float, nargs="*", default=[0.1, 1e-2, 1e-3, 1e-4],
                        help="lambda / lambda_max values (default 0.1 0.01 0.001 0.0001)")
    parser.add_argument("--scaling", action="store_true", help="print the growth table N = 10^4 .. 10^6 instead")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000],
                        help="N values of --scaling (default 10^4 10^5 10^6)")
    parser.add_argument("--grid", action="store_true", help="--scaling on the uniform grid (in random order)")
    parser.add_argument("--json", metavar="PATH", help="also write the rows and the environment as JSON")
    args = parser.parse_args()
    if args.scaling:
        rows = scaling(args.sizes, args.fractions, args.repeats, args.seed, args.grid)
        if args.json:
            with open(args.json, "w", encoding="utf-8") as fh:
                json.dump({"benchmark": "tv2_regression scaling", "environment": environment(), "rows": rows}, fh,
                          indent=1)
        return
    print(environment_line())
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
