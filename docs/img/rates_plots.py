"""Regenerate docs/img/rates_maurey.png and docs/img/rates_estimation.png (and rates_plots.json, their numbers).

Run from the repository root: ``python docs/img/rates_plots.py [--cache DIR] [--scheduler ADDRESS] [--workers N]``
(needs matplotlib).  The grids are "medium" profiles, between the experiments' quick and full ones (the full
estimation grid takes hours on a laptop):

* Maurey (catalog F1): d = 2, 5, 10, 20, 50; K = 4, 8, ..., 1024; 16 seeds; targets of 2000 neurons; L2 on 4000
  Monte Carlo points of [0, 1]^d (the parameters of ``radontv.rates.maurey``'s quick profile otherwise);
* estimation (catalog F3, F4): d = 1, 2, 3, 4, 6, 8, 10; N = 32, ..., 256; 4 seeds; network (weight decay) and
  kernel ridge regression, both tuned by 5-fold cross-validation (``radontv.rates.estimation``'s quick parameters).

Every task is seeded from its parameters (``radontv.rates.tasks``), so the figures do not depend on the engine; with
``--cache`` an interrupted run resumes.  Intervals: percentile bootstrap over seeds, simultaneous 95 % over the
dimensions of each panel (Bonferroni), as in ``radontv.checks.rates``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from radontv.rates import estimation, maurey
from radontv.rates.engine import run_tasks
from radontv.rates.tasks import Profile

HERE = Path(__file__).resolve().parent
MAUREY = Profile("medium", (2, 5, 10, 20, 50), tuple(2**j for j in range(2, 11)), 16,
                 tuple(sorted({**dict(maurey.PROFILES["quick"].params), "neurons": 2000, "points": 4000}.items())))
ESTIMATION = Profile("medium", (1, 2, 3, 4, 6, 8, 10), (32, 64, 128, 256), 4,
                     tuple(estimation.PROFILES["quick"].params))


def _level(count: int) -> float:
    return 1 - 0.05 / count


def run(module, profile: Profile, **engine) -> list[dict]:
    tasks = profile.tasks(module.NAME)
    results, info = run_tasks(module.run_task, tasks, progress=True, **engine)
    print(f"{module.NAME}: {len(tasks)} tasks on {info.as_dict()}")
    return module.summarize(tasks, results, level=_level(len(profile.dims)))


def plot_maurey(rows: list[dict], out: Path) -> None:
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4.2))
    for row in rows:
        ax.loglog(row["sizes"], row["errors"], "o-", ms=3, label=f"d = {row['d']}")
    K = np.asarray(rows[0]["sizes"], dtype=float)
    ax.loglog(K, rows[0]["errors"][0] * (K / K[0]) ** -0.5, "k--", lw=1, label="slope -1/2")
    ax.set_xticks(K, [str(int(v)) for v in K])
    ax.minorticks_off()
    ax.set_xlabel("width K (neurons drawn)")
    ax.set_ylabel("mean L2 error over seeds")
    ax.set_title("Maurey's empirical method on [0,1]^d")
    ax.legend(fontsize=8)
    d = [r["d"] for r in rows]
    e = np.array([r["exponent"] for r in rows])
    lo = np.array([r["interval"][0] for r in rows])
    hi = np.array([r["interval"][1] for r in rows])
    bx.errorbar(d, e, yerr=[e - lo, hi - e], fmt="o", capsize=3, label="measured (95% simultaneous)")
    bx.axhline(-0.5, color="k", ls="--", lw=1, label="theory -1/2 (SPLN24 §3.2.1)")
    dd = np.linspace(2, 50, 200)
    bx.plot(dd, -1 / dd, color="tab:red", lw=1, label="negative control -1/d")
    bx.set_xscale("log")
    bx.set_xticks(d, [str(v) for v in d])
    bx.minorticks_off()
    bx.set_xlabel("dimension d")
    bx.set_ylabel("exponent of K")
    bx.set_title("fitted exponent per d")
    bx.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def plot_estimation(rows: list[dict], out: Path) -> None:
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4.2))
    styles = {"network": ("o-", "tab:blue"), "kernel": ("s--", "tab:orange")}
    for row in rows:
        if row["d"] in (1, 4, 10):
            fmt, color = styles[row["method"]]
            alpha = {1: 0.4, 4: 0.7, 10: 1.0}[row["d"]]
            ax.loglog(row["sizes"], row["errors"], fmt, color=color, alpha=alpha, ms=3,
                      label=f"{row['method']}, d = {row['d']}")
    sizes = rows[0]["sizes"]
    ax.set_xticks(sizes, [str(v) for v in sizes])
    ax.minorticks_off()
    ax.set_xlabel("sample size N")
    ax.set_ylabel("mean MSE over seeds")
    ax.set_title("estimation of a sum of ReLU ridges (noise 0.5)")
    ax.legend(fontsize=7)
    for method, (fmt, color) in styles.items():
        chosen = sorted((r for r in rows if r["method"] == method), key=lambda r: r["d"])
        d = np.array([r["d"] for r in chosen], dtype=float) + (0.08 if method == "kernel" else -0.08)
        e = np.array([r["exponent"] for r in chosen])
        lo = np.array([r["interval"][0] for r in chosen])
        hi = np.array([r["interval"][1] for r in chosen])
        bx.errorbar(d, e, yerr=[e - lo, hi - e], fmt=fmt[0], color=color, capsize=3, label=f"{method}, measured")
    dd = np.linspace(1, 10, 200)
    bx.plot(dd, -(dd + 3) / (2 * dd + 3), color="tab:blue", lw=1, ls=":",
            label="-(d+3)/(2d+3) (conjectured, UNCONFIRMED)")
    bx.plot(dd, -3 / (dd + 3), color="tab:orange", lw=1, ls=":", label="-3/(d+3) (conjectured, UNCONFIRMED)")
    bx.axhline(-0.5, color="k", ls="--", lw=1, label="ceiling -1/2")
    bx.set_xlabel("dimension d")
    bx.set_ylabel("exponent of N (MSE)")
    bx.set_title("fitted exponent per d")
    bx.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", default=None, help="directory of cached task results (resume)")
    parser.add_argument("--scheduler", default=None, help="address of a Dask scheduler (default: local cluster)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--only", choices=("maurey", "estimation"), default=None)
    args = parser.parse_args(argv)
    engine = {"cache": args.cache, "scheduler": args.scheduler, "workers": args.workers}
    numbers_path = HERE / "rates_plots.json"
    numbers = json.loads(numbers_path.read_text()) if numbers_path.exists() else {}
    if args.only in (None, "maurey"):
        numbers["maurey"] = run(maurey, MAUREY, **engine)
        plot_maurey(numbers["maurey"], HERE / "rates_maurey.png")
    if args.only in (None, "estimation"):
        numbers["estimation"] = run(estimation, ESTIMATION, **engine)
        plot_estimation(numbers["estimation"], HERE / "rates_estimation.png")
    numbers_path.write_text(json.dumps(numbers, indent=1, default=float) + "\n")


if __name__ == "__main__":
    main()
