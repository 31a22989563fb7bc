"""Benchmark of the float canonical form at scale: ``canonical(net).rtv2()`` against a bare numpy path-norm pass.

Workload (issue 14): K = 10⁶ and 10⁷ neurons in d = 10 (float64, seeded), 10 % of the neurons rescaled duplicates
of others and 10 % antipodal twins (negated and rescaled), so the grouping has work to do.  The reference is one
bare numpy pass over the same weights, ``np.sum(np.abs(v) * np.linalg.norm(W, axis=1))``; the two are timed in the
same run, interleaved (path norm, canonical form, path norm, ...), best of ``--repeats`` each, and the figure is
the ratio of the two bests (goal: ≤ 10x at K = 10⁶, ≤ 12x at K = 10⁷).  A second reference, the fastest bare
pass numpy offers (``np.sqrt(np.einsum("kd,kd->k", W, W))`` for the norms), is timed alongside: column ``ratio*``.

Each K is measured four ways: on the machine as it is and with a competing process busy on one core (a
``python -c "while True: pass"`` child started for the measurement and killed after), each with the BLAS thread
pools as they are (``OPENBLAS_NUM_THREADS`` unset: one thread per core) and held to one thread from outside
(``threadpoolctl.threadpool_limits(1)`` around the calls).  The float canonical form makes no BLAS call, so the
four give the same form; the script checks that R-TV² and the number of hyperplanes are identical bit for bit.

Run: ``python bench/bench_canonical.py`` (``--K 1e6`` for the small case only, ``--json out.json`` for the
figures with :func:`_machine.environment`).  K = 10⁷ needs about 3 GB of memory.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
from _machine import environment, environment_line
from threadpoolctl import threadpool_limits

from radontv import ReLUNetwork, canonical

D = 10
SEED = 20261203


def workload(K: int, d: int = D, seed: int = SEED) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(W, b, v)``: standard normal weights; neurons [0, m) are rescaled copies of [m, 2m) and [2m, 3m) negated
    rescaled copies of [3m, 4m), m = K/10 (scale factors uniform in [1/2, 2])."""
    rng = np.random.default_rng(seed)
    W, b, v = rng.standard_normal((K, d)), rng.standard_normal(K), rng.standard_normal(K)
    m = K // 10
    scale = rng.uniform(0.5, 2.0, m)
    W[:m], b[:m] = scale[:, None] * W[m:2 * m], scale * b[m:2 * m]
    W[2 * m:3 * m], b[2 * m:3 * m] = -scale[:, None] * W[3 * m:4 * m], -scale * b[3 * m:4 * m]
    return W, b, v


@contextlib.contextmanager
def busy_core(on: bool) -> Iterator[None]:
    """A child process spinning on one core while the block runs (nothing when ``on`` is false)."""
    if not on:
        yield
        return
    child = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.5)  # let it get scheduled
        yield
    finally:
        child.kill()
        child.wait()


def measure(net: ReLUNetwork, W: np.ndarray, v: np.ndarray, repeats: int) -> dict[str, Any]:
    """Best-of-``repeats`` seconds of the path-norm pass and of ``canonical(net).rtv2()``, interleaved."""
    t_path, t_einsum, t_form, value, size = [], [], [], 0.0, 0
    for _ in range(repeats):
        t = time.perf_counter()
        path = float(np.sum(np.abs(v) * np.linalg.norm(W, axis=1)))
        t_path.append(time.perf_counter() - t)
        t = time.perf_counter()
        float(np.sum(np.abs(v) * np.sqrt(np.einsum("kd,kd->k", W, W))))  # the fastest bare pass numpy offers
        t_einsum.append(time.perf_counter() - t)
        t = time.perf_counter()
        form = canonical(net)
        value = form.rtv2()
        t_form.append(time.perf_counter() - t)
        size = form.size
        del form
    return {"path_norm_s": min(t_path), "rtv2_s": min(t_form), "ratio": min(t_form) / min(t_path),
            "einsum_s": min(t_einsum), "ratio_einsum": min(t_form) / min(t_einsum),
            "path_norm": path, "rtv2": value, "hyperplanes": size, "load_after": [round(x, 2) for x in _load()]}


def _load() -> tuple[float, float, float]:
    return os.getloadavg()


def run(Ks: list[int], repeats: int) -> Iterator[dict[str, Any]]:
    """The rows, one per K, competing process (no, yes) and BLAS setting (as is, 1 thread), as they are measured."""
    for K in Ks:
        W, b, v = workload(K)
        net = ReLUNetwork(W, b, v)
        canonical(net).rtv2()  # warm-up (page faults of the first large temporaries)
        for loaded in (False, True):
            for blas in ("as is", "1 thread"):
                limit = threadpool_limits(1) if blas == "1 thread" else contextlib.nullcontext()
                with busy_core(loaded), limit:
                    row = measure(net, W, v, repeats)
                yield {"K": K, "d": D, "competing_process": loaded, "blas": blas, **row}
        del net, W, b, v


#: The table's header; ``ratio`` is against the linalg.norm pass, ``ratio*`` against the einsum pass.
HEADER = (f"{'K':>10} {'competing':>9} {'BLAS':>8} {'path norm':>10} {'einsum':>8} {'rtv2':>10} {'ratio':>6} "
          f"{'ratio*':>6} {'hyperplanes':>12} {'load after':>16}")


def row_line(r: dict[str, Any]) -> str:
    """One printed row of :func:`run`."""
    return (f"{r['K']:>10,} {'yes' if r['competing_process'] else 'no':>9} {r['blas']:>8} "
            f"{1e3 * r['path_norm_s']:>8.0f}ms {1e3 * r['einsum_s']:>6.0f}ms {1e3 * r['rtv2_s']:>8.0f}ms "
            f"{r['ratio']:>5.1f}x {r['ratio_einsum']:>5.1f}x {r['hyperplanes']:>12,} "
            f"{' '.join(f'{x:.2f}' for x in r['load_after']):>16}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--K", type=float, nargs="+", default=[1e6, 1e7], help="numbers of neurons")
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs (default 3)")
    parser.add_argument("--json", help="write the rows and the environment to this file")
    args = parser.parse_args(argv)
    env = environment()
    print(f"== canonical(net).rtv2() vs np.sum(np.abs(v) * np.linalg.norm(W, axis=1)), d = {D}, "
          f"10% duplicates + 10% antipodes, best of {args.repeats} ==")
    print(f"before: {environment_line()}; OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")
    print(HEADER, flush=True)
    rows = []
    for r in run([int(k) for k in args.K], args.repeats):
        rows.append(r)
        print(row_line(r), flush=True)
    print(f"after:  {environment_line()}")
    same = all(len({(r["rtv2"], r["hyperplanes"]) for r in rows if r["K"] == K}) == 1 for K in {r["K"] for r in rows})
    print(f"R-TV2 and hyperplanes identical in all four settings of each K: {same}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"environment": env, "environment_after": environment(),
                       "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"), "rows": rows,
                       "identical_across_settings": same}, fh, indent=1)


if __name__ == "__main__":
    main()
