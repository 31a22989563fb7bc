"""Benchmark of the multivariate family: canonical form and R-TV² at scale, and the certified global fit.

1. ``radontv.canonical`` + R-TV² of K = 10^6 and 10^7 neurons in d = 10 (float64), 10% rescaled duplicates and 10%
   antipodal twins, against a bare numpy path-norm pass over the same weights (goals: at most 10x at 10^6, 12x at
   10^7), on the machine as it is and with a competing process busy on one core, BLAS as is and held to one
   thread: the rows of ``bench/bench_canonical.py`` (its docstring says how they are measured).
2. ``radontv.fit.rtv2_fit`` interpolation (issue 14): d = 2, N = 30, 70, 100, 140, 200 and d = 3, N = 30, 40, 60
   (goals: N = 200 in d = 2 within 30 s, N = 60 in d = 3 within 90 s, certified), column generation (the default)
   and, where it is feasible (N <= 100 in d = 2, N <= 40 in d = 3), the full cone program over every pattern as the
   "before" column.  Problems: ``rng = np.random.default_rng(seed)``, ``X = rng.uniform(-1, 1, (N, d))``,
   ``y = rng.uniform(-1, 1, N)``.
3. ``rtv2_fit`` on N = 30 random points in d = 2, interpolation and regression.
4. The global fit against gradient training of the same width N - (d+1) with weight decay
   (``radontv.train.fit_network``, several seeds): objective reached and time.

Every table is headed by the machine's load, CPUs and BLAS threads (``bench/_machine.py``); ``--json`` prints the
results with ``environment()`` instead of the tables; ``--only fit`` runs part 2 only, ``--no-full`` skips the full
solves.  Run from a checkout with the extras ``solvers`` (cvxpy, clarabel): ``python bench/bench_multivariate.py``.
"""

from __future__ import annotations

import argparse
import json
import time

import bench_canonical
import numpy as np
from _machine import environment, environment_line

from radontv.fit import rtv2_fit
from radontv.train import fit_network, training_objective

REPEATS = 9
CANONICAL_K = [10**6, 10**7]


def _best(fn, repeats: int = REPEATS) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def bench_fit(N: int = 30, d: int = 2, seed: int = 0) -> list[dict]:
    rng = np.random.default_rng(seed)
    X, y = rng.uniform(-1, 1, (N, d)), rng.uniform(-1, 1, N)
    rows = []
    for lam in (None, 0.05):
        t = time.perf_counter()
        fit = rtv2_fit(X, y, lam)
        seconds = time.perf_counter() - t
        rows.append({"problem": "interpolation" if lam is None else f"regression lam={lam}", "N": N, "d": d,
                     "seconds": seconds, "value": fit.value, "gap": fit.gap, "relative_gap": fit.relative_gap,
                     "neurons": fit.neurons, "bound": fit.bound, "patterns": fit.patterns})
    return rows


#: The fit rows of issue 14: (d, N); the full solve is timed where it takes at most a minute or two.
FIT_ROWS = [(2, 30), (2, 70), (2, 100), (2, 140), (2, 200), (3, 30), (3, 40), (3, 60)]
FULL_FEASIBLE = {2: 100, 3: 40}
GOALS = {(2, 200): 30.0, (3, 60): 90.0}


def bench_fit_table(rows: list[tuple[int, int]] = FIT_ROWS, seed: int = 0, full: bool = True,
                    on_row=None) -> list[dict]:
    """One row per (d, N): column generation's time, certificate, value, gap, neurons, working set and rounds, and
    the full solve's time and value where feasible; ``on_row(row)`` is called as each row is done."""
    out = []
    for d, N in rows:
        rng = np.random.default_rng(seed)
        X, y = rng.uniform(-1, 1, (N, d)), rng.uniform(-1, 1, N)
        t = time.perf_counter()
        fit = rtv2_fit(X, y)
        seconds = time.perf_counter() - t
        row = {"d": d, "N": N, "seed": seed, "seconds": seconds, "certified": fit.certified, "value": fit.value,
               "relative_gap": fit.relative_gap, "neurons": fit.neurons, "bound": fit.bound,
               "patterns": fit.patterns, "working_set": fit.working_set, "rounds": fit.rounds,
               "goal_s": GOALS.get((d, N)), "full_seconds": None, "full_value": None}
        if full and N <= FULL_FEASIBLE.get(d, 0):
            t = time.perf_counter()
            ref = rtv2_fit(X, y, method="full")
            row["full_seconds"], row["full_value"] = time.perf_counter() - t, ref.value
        out.append(row)
        if on_row is not None:
            on_row(row)
    return out


def _fit_line(r: dict) -> str:
    full = f"{r['full_seconds']:8.1f}" if r["full_seconds"] is not None else f"{'-':>8}"
    goal = "" if r["goal_s"] is None else (" goal met" if r["seconds"] <= r["goal_s"] and r["certified"]
                                           else f" GOAL ({r['goal_s']:.0f} s) NOT MET")
    return (f"{r['d']:>2} {r['N']:>4} {r['patterns']:>8} {r['seconds']:8.1f} {r['certified']!s:>9} "
            f"{r['value']:>16.10f} {r['relative_gap']:>9.1e} {r['neurons']:>4}/{r['bound']:<4} "
            f"{r['working_set']:>7} {r['rounds']:>6} {full}{goal}")


def bench_training(N: int = 30, d: int = 2, lam: float = 0.05, seeds: int = 5, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    X, y = rng.uniform(-1, 1, (N, d)), rng.uniform(-1, 1, N)
    t = time.perf_counter()
    fit = rtv2_fit(X, y, lam)
    t_fit = time.perf_counter() - t
    width = N - (d + 1)
    objectives, times = [], []
    for s in range(seeds):
        t = time.perf_counter()
        res = fit_network(X, y, width, lam, seed=s)
        times.append(time.perf_counter() - t)
        objectives.append(training_objective(res.network, X, y, lam))
    return {"N": N, "d": d, "lam": lam, "width": width, "optimum": fit.value, "dual_bound": fit.dual_bound,
            "fit_s": t_fit, "trained_best": min(objectives), "trained_median": float(np.median(objectives)),
            "trained_worst": max(objectives), "train_s_mean": float(np.mean(times)), "seeds": seeds}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON (with the environment)")
    parser.add_argument("--only", choices=["fit"], help="the rtv2_fit table of issue 14 only")
    parser.add_argument("--no-full", action="store_true", help="skip the full solves (the 'before' column)")
    args = parser.parse_args(argv)
    if args.json:
        report = {"environment": environment(), "fit": bench_fit_table(full=not args.no_full)}
        if args.only is None:
            report |= {"canonical": list(bench_canonical.run(CANONICAL_K, 3)), "fit_small": bench_fit(),
                       "training": bench_training()}
        print(json.dumps(report, indent=2))
        return
    print(environment_line())
    if args.only is None:
        print("== canonical(net).rtv2() vs a bare path-norm pass (ratio: linalg.norm, ratio*: einsum), d = 10, "
              "10% duplicates + 10% antipodes, best of 3 ==")
        print(bench_canonical.HEADER)
        for r in bench_canonical.run(CANONICAL_K, 3):
            print(bench_canonical.row_line(r), flush=True)
        print(environment_line())
    print("== rtv2_fit interpolation (issue 14): column generation; 'full s' = one cone program over all patterns ==")
    print(f"{'d':>2} {'N':>4} {'patterns':>8} {'seconds':>8} {'certified':>9} {'value':>16} {'rel gap':>9} "
          f"{'neurons':>9} {'columns':>7} {'rounds':>6} {'full s':>8}")
    bench_fit_table(full=not args.no_full, on_row=lambda row: print(_fit_line(row), flush=True))
    print(environment_line())
    if args.only is not None:
        return
    print("== global fit, N = 30, d = 2 ==")
    for r in bench_fit():
        print(f"{r['problem']:22s}: {r['seconds']:.2f} s, value {r['value']:.10g}, gap {r['gap']:.2e} "
              f"(relative {r['relative_gap']:.1e}), {r['neurons']} neurons <= {r['bound']}, {r['patterns']} patterns")
    print("== global fit vs gradient training of the same width ==")
    r = bench_training()
    print(f"N={r['N']} d={r['d']} lam={r['lam']} width={r['width']}: optimum {r['optimum']:.8g} in {r['fit_s']:.2f} s; "
          f"training ({r['seeds']} seeds, {r['train_s_mean']:.2f} s each): best {r['trained_best']:.8g}, median "
          f"{r['trained_median']:.8g}, worst {r['trained_worst']:.8g} "
          f"(best gap {(r['trained_best'] - r['optimum']) / r['optimum']:.2%})")


if __name__ == "__main__":
    main()
