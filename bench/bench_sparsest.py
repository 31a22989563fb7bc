"""Benchmark: radontv's sparsest TV²-minimal interpolant against splineops, on the same random data, in one run.

Compares ``radontv.splines.sparsest_interpolant`` with ``splineops.adaptive_regression_splines.sparsification.
sparsest_interpolant`` (splineops 2.2; the function is not re-exported from the package namespace) for
N = 10^5 random points (sorted uniform sites on [0, 1], standard normal values), and prints:

* the wall time of each (best of ``--repeat`` runs) and their ratio;
* the knot counts, and the minimal count from the run formula;
* the interpolation error max|f(x_n) - y_n| / max|y_n| of each (the spline evaluated by its own tool), and for
  radontv also evaluated exactly (Fractions) on a subsample, i.e. the error of the stored float parameters;
* the scale test of the issue: data (x and y, then y alone) multiplied by 1e-6 and 1e6 (knot counts and relative
  errors of both tools),
  and the splineops counterexample x = [0, 1, 2], y = [0, 1e-5, 1e-5];
* radontv in exact rational arithmetic on a smaller N (exact interpolation, for the record).

Run from a checkout: ``python bench/bench_sparsest.py [--n 100000] [--repeat 3] [--seed 0]``.
"""

from __future__ import annotations

import argparse
import platform
import time
from fractions import Fraction

import numpy as np
from _machine import environment_line

from radontv.splines import minimal_knot_count, sparsest_interpolant

try:
    from splineops.adaptive_regression_splines.sparsification import linear_spline
    from splineops.adaptive_regression_splines.sparsification import sparsest_interpolant as splineops_sparsest
except ImportError:  # pragma: no cover - the benchmark extra is not installed
    splineops_sparsest = None


def best_time(fn, repeat: int):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def rel_err(values: np.ndarray, y: np.ndarray) -> float:
    return float(np.max(np.abs(values - y)) / np.max(np.abs(y)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--exact-n", type=int, default=2_000, help="size of the exact-arithmetic run")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    x = np.sort(rng.uniform(0.0, 1.0, args.n))
    y = rng.standard_normal(args.n)
    print(f"# sparsest interpolant, N = {args.n}, seed = {args.seed}, best of {args.repeat}; "
          f"python {platform.python_version()}, numpy {np.__version__}")
    print(f"# {environment_line()}")

    t_r, s = best_time(lambda: sparsest_interpolant(x, y), args.repeat)
    err_r = rel_err(s(x), y)
    sub = np.linspace(0, args.n - 1, 200).astype(int)
    exact = s.as_exact()
    err_exact = max(abs(float(exact(Fraction(float(x[i]))) - Fraction(float(y[i])))) for i in sub) / np.max(np.abs(y))
    print(f"radontv   : {t_r:8.3f} s  knots {s.n_knots:6d} (formula {minimal_knot_count(x, y)})  "
          f"rel. error {err_r:.2e} (exact evaluation of the float spline on 200 sites: {err_exact:.2e})")

    if splineops_sparsest is None:
        print("splineops : not installed (pip install -e '.[bench]')")
        return
    for tol in (1e-5, 0.0):
        t_s, (k, a, p) = best_time(lambda tol=tol: splineops_sparsest(x, y, sparsity_tol=tol), args.repeat)
        err_s = rel_err(linear_spline(x, k, a, p), y)
        print(f"splineops : {t_s:8.3f} s  knots {len(k):6d}  rel. error {err_s:.2e}  (sparsity_tol={tol:g}); "
              f"time ratio splineops/radontv = {t_s / t_r:.1f}")

    print("# scale test: data x and y multiplied by c")
    for c in (1e-6, 1.0, 1e6):
        s_c = sparsest_interpolant(x * c, y * c)
        k, a, p = splineops_sparsest(x * c, y * c)
        err_s = rel_err(linear_spline(x * c, k, a, p), y * c)
        print(f"c = {c:7.0e}: radontv knots {s_c.n_knots:6d}, rel. error {rel_err(s_c(x * c), y * c):.2e} | "
              f"splineops (default tol) knots {len(k):6d}, rel. error {err_s:.2e}")
    print("# scale test on the values only: y multiplied by c (x unchanged)")
    for c in (1e-6, 1e6):
        s_c = sparsest_interpolant(x, y * c)
        k, a, p = splineops_sparsest(x, y * c)
        err_s = rel_err(linear_spline(x, k, a, p), y * c)
        print(f"c = {c:7.0e}: radontv knots {s_c.n_knots:6d}, rel. error {rel_err(s_c(x), y * c):.2e} | "
              f"splineops (default tol) knots {len(k):6d}, rel. error {err_s:.2e}")
    xc, yc = np.array([0.0, 1.0, 2.0]), np.array([0.0, 1e-5, 1e-5])
    k, a, p = splineops_sparsest(xc, yc)
    s_c = sparsest_interpolant(xc, yc)
    print(f"x=[0,1,2], y=[0,1e-5,1e-5]: radontv {s_c.n_knots} knot, rel. error {rel_err(s_c(xc), yc):.1e} | "
          f"splineops {len(k)} knots, rel. error {rel_err(linear_spline(xc, k, a, p), yc):.1e}")

    m = args.exact_n
    xe = [Fraction(float(v)) for v in x[:m]]
    ye = [Fraction(float(v)) for v in y[:m]]
    t_e, se = best_time(lambda: sparsest_interpolant(xe, ye), 1)
    ok = all(a == b for a, b in zip(se(sorted(xe)), [ye[i] for i in np.argsort(x[:m])], strict=True))
    print(f"radontv exact (Fractions), N = {m}: {t_e:.2f} s, {se.n_knots} knots, interpolates exactly: {ok}")


if __name__ == "__main__":
    main()
