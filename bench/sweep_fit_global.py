"""Sweep of the certified global fit (issue 9, item 4): 50 random interpolation problems, all must be certified.

Problems: ``rng = np.random.default_rng(seed)``, ``X = rng.uniform(-1, 1, (N, d))``, ``y = rng.uniform(-1, 1, N)``
for 25 problems in d = 2 (N = 10 + 50 i // 24, i < 25: 10, 12, ..., 58, 60) and 25 in d = 3 (N = 10, 11, ..., 30,
then 14, 18, 22, 26), seed = problem index.  For each: :func:`radontv.fit.rtv2_fit` must return (not raise
:class:`~radontv.errors.FitNotCertified`) a certified optimum: relative gap in [-NEGATIVE_GAP_RTOL, CERTIFIED_RTOL],
data met to INTERPOLATION_RTOL * max|y|, at most N - (d+1) neurons.  Prints one line per problem and a summary
(smallest / largest relative gap, largest relative residual, times); exit code 1 if any problem fails.

Run: ``python bench/sweep_fit_global.py`` (``--quick`` runs the CI subset of tests/test_fit_global.py only,
``--only d2`` / ``--only d3`` one dimension, ``--method full`` the full cone program instead of column generation:
about 30 min on one core).
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from radontv.errors import FitNotCertified
from radontv.fit import rtv2_fit


def problems() -> list[tuple[int, int, int]]:
    """(seed, N, d) of the 50 problems of the sweep."""
    d2 = [(2, 10 + 50 * i // 24) for i in range(25)]
    d3 = [(3, n) for n in range(10, 31)] + [(3, n) for n in (14, 18, 22, 26)]
    return [(i, n, d) for i, (d, n) in enumerate(d2 + d3)]


#: The CI subset (tests/test_fit_global.py): small and medium problems of both dimensions.
QUICK = [(0, 10, 2), (5, 20, 2), (10, 30, 2), (25, 10, 3), (30, 15, 3), (35, 20, 3)]


def data(seed: int, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(-1, 1, (n, d)), rng.uniform(-1, 1, n)


def run(cases: list[tuple[int, int, int]], method: str = "columns") -> int:
    failures, gaps, residuals, times = 0, [], [], []
    print(f"{'seed':>4} {'N':>3} {'d':>2} {'patterns':>8} {'neurons':>7} {'value':>14} {'rel gap':>10} "
          f"{'rel resid':>10} {'seconds':>8}")
    for seed, n, d in cases:
        X, y = data(seed, n, d)
        start = time.perf_counter()
        try:
            fit = rtv2_fit(X, y, method=method)
        except FitNotCertified as exc:
            failures += 1
            print(f"{seed:>4} {n:>3} {d:>2} FAILED after {time.perf_counter() - start:.1f} s: {exc}", flush=True)
            continue
        seconds = time.perf_counter() - start
        ok = fit.certified and fit.neurons <= n - (d + 1)
        failures += not ok
        gaps.append(fit.relative_gap)
        residuals.append(fit.relative_residual)
        times.append(seconds)
        print(f"{seed:>4} {n:>3} {d:>2} {fit.patterns:>8} {fit.neurons:>7} {fit.value:>14.8f} "
              f"{fit.relative_gap:>10.2e} {fit.relative_residual:>10.2e} {seconds:>8.1f}"
              + ("" if ok else "   NOT CERTIFIED"), flush=True)
    if gaps:
        print(f"\n{len(cases) - failures}/{len(cases)} certified; relative gap in [{min(gaps):.2e}, {max(gaps):.2e}],"
              f" largest relative residual {max(residuals):.2e}; time {sum(times):.0f} s total, "
              f"{max(times):.1f} s largest")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the CI subset only")
    parser.add_argument("--only", choices=["d2", "d3"], help="one dimension only")
    parser.add_argument("--method", choices=["columns", "full"], default="columns", help="rtv2_fit's method")
    args = parser.parse_args(argv)
    cases = QUICK if args.quick else problems()
    if args.only:
        cases = [c for c in cases if c[2] == int(args.only[1])]
    return run(cases, args.method)


if __name__ == "__main__":
    sys.exit(main())
