"""Benchmark of the multivariate family: canonical form and R-TV² at scale, and the certified global fit.

1. ``radontv.canonical`` + R-TV² of K = 10^6 neurons in d = 10 (float64), against one bare numpy path-norm pass
   ``sum |v_k| ||w_k||`` over the same weights (target: at most 10x).  Two networks: generic weights (no two
   neurons on one hyperplane) and weights where 10% of the neurons are rescaled duplicates and 10% antipodal twins
   of others (the grouping then has work to do).  Best of 9 runs each (the machine may be shared).
2. ``radontv.fit.rtv2_fit`` on N = 30 random points in d = 2, interpolation and regression (target: 30 s, gap 1e-6).
3. The global fit against gradient training of the same width N - (d+1) with weight decay
   (``radontv.train.fit_network``, several seeds): objective reached and time.

Run from a checkout with the extras ``solvers`` (cvxpy, clarabel): ``python bench/bench_multivariate.py``.
"""

from __future__ import annotations

import time

import numpy as np

from radontv import ReLUNetwork, canonical
from radontv.fit import rtv2_fit
from radontv.train import fit_network, training_objective

REPEATS = 9


def _best(fn, repeats: int = REPEATS) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def bench_canonical(K: int = 10**6, d: int = 10, seed: int = 0) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows = []
    for label, coincident in (("generic", False), ("10% duplicates + 10% antipodes", True)):
        W, b, v = rng.standard_normal((K, d)), rng.standard_normal(K), rng.standard_normal(K)
        if coincident:
            m = K // 10
            scale = rng.uniform(0.5, 2.0, m)
            W[:m], b[:m] = scale[:, None] * W[m:2 * m], scale * b[m:2 * m]
            W[2 * m:3 * m], b[2 * m:3 * m] = -scale[:, None] * W[3 * m:4 * m], -scale * b[3 * m:4 * m]
        t_build, net = _best(lambda W=W, b=b, v=v: ReLUNetwork(W, b, v))
        t_path, path = _best(lambda W=W, v=v: float(np.sum(np.abs(v) * np.sqrt(np.einsum("kd,kd->k", W, W)))))
        t_form, form = _best(lambda net=net: canonical(net))
        t_rtv2, value = _best(lambda net=net: canonical(net).rtv2())
        rows.append({"case": label, "K": K, "d": d, "construct_s": t_build, "path_norm_s": t_path,
                     "canonical_s": t_form, "rtv2_s": t_rtv2,
                     "ratio": t_rtv2 / t_path, "hyperplanes": form.size, "rtv2": value, "path_norm": path})
    return rows


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


def main() -> None:
    print("== canonical form and R-TV2, float64 ==")
    for r in bench_canonical():
        print(f"{r['case']:32s} K={r['K']:,} d={r['d']}: ReLUNetwork(W, b, v) {1e3 * r['construct_s']:.1f} ms, "
              f"path norm {1e3 * r['path_norm_s']:.1f} ms, "
              f"canonical {1e3 * r['canonical_s']:.1f} ms, canonical+rtv2 {1e3 * r['rtv2_s']:.1f} ms, "
              f"ratio {r['ratio']:.1f}x; {r['hyperplanes']:,} hyperplanes, R-TV2 {r['rtv2']:.6g} "
              f"(path norm {r['path_norm']:.6g})")
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
