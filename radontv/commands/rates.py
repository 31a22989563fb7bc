"""``radontv rates EXPERIMENT``: measure a rate exponent over a grid of dimensions, on Dask."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput
from ..report_envelope import envelope
from ._table import render, terminal_width

if TYPE_CHECKING:  # the experiments import numpy and dask: on first use only
    from ..rates.experiments import RateReport

_EXPERIMENTS = ("maurey", "estimation", "rademacher", "gap")

_DESCRIPTION = """\
Measure how an error decays with the width K or the sample size N, in each dimension d, and compare the fitted
log-log exponent with the theory (claim family `rates`, docs/rates.md):
  maurey      K-neuron networks drawn by Maurey's empirical method approximating a target in the variation space;
              L2 error against K; stated exponent -1/2 whatever d (SPLN24, catalog F1/F2)
  estimation  noisy samples of a target in R-BV2: the weight-decay estimator against kernel ridge regression; MSE
              against N (catalog F3/F4; the exponents are conjectured: status UNCONFIRMED)
  rademacher  Monte Carlo Rademacher complexity of the unit-norm single-neuron class against 2BC/sqrt(N) (D15)
  gap         generalization gap of low-norm solutions against N (F6)

Each task (experiment, d, K or N, seed) is seeded from its parameters, so the numbers do not depend on the engine:
an embedded local Dask cluster (default), or an existing one with --scheduler ADDRESS (e.g. started by hand with
`dask scheduler` and `dask worker ADDRESS`). The table prints, per d, the exponent, its bootstrap interval over
seeds, the theory's value with its status, and whether the value is inside the interval. The intervals are
simultaneous: with m dimensions each is at level 1 - (1 - L)/m, so all hold together at level L (--level, 0.95).

Verdict: "inside"/"outside" for a stated exponent (is it in the interval); "holds"/"violated" for an upper rate
("<= e" in the theory column: the error decays at least as fast as size^e; violated when the whole interval lies
above e).

Exit code: 1 when a row is outside or violated and its value is read in the sources or derived (status READ,
READ-2nd, DERIVED); a conjectured value (UNCONFIRMED) outside its interval is printed but never makes the command
fail; 2 for bad input (e.g. --dims 0, an unreachable
scheduler, a cache written by another radontv version); 130 when interrupted (with --cache DIR the finished
tasks are kept: rerun the same command to resume); 0 otherwise.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rates",
        help="measure rate exponents (Maurey, estimation, Rademacher, gap) across dimensions on Dask",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("experiment", choices=_EXPERIMENTS, help="which experiment to run")
    parser.add_argument("--dims", default=None, metavar="D1,D2,...",
                        help="comma-separated dimensions >= 1 overriding the profile's (e.g. --dims 2,10)")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", dest="profile", action="store_const", const="quick",
                      help="the quick grid (default; seconds to a minute on one core)")
    size.add_argument("--full", dest="profile", action="store_const", const="full",
                      help="the full grid of the docs' plots (more dimensions, sizes and seeds; minutes to hours)")
    size.add_argument("--profile", dest="profile", metavar="NAME",
                      help="another grid the experiment defines (e.g. quick_vector or full_vector for maurey, the "
                           "vector-valued version with D outputs)")
    parser.set_defaults(profile="quick")
    parser.add_argument("--seed", type=int, default=0, help="first seed of the grid (default 0)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="an existing Dask scheduler, e.g. tcp://127.0.0.1:8786; 'synchronous' runs in this "
                             "process; default: an embedded local cluster sized to the machine")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="worker processes of the embedded local cluster (default: one per core)")
    parser.add_argument("--level", type=float, default=0.95, metavar="L",
                        help="joint confidence level of the intervals of all dimensions (default 0.95; with m "
                             "dimensions each interval is at 1 - (1 - L)/m, Bonferroni, as in `radontv check rates`)")
    parser.add_argument("--cache", default=None, metavar="DIR",
                        help="keep each task's result in DIR and reuse it (resume an interrupted run)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--plot", default=None, metavar="FILE",
                        help="write the log-log plot of error against size, one line per d (needs matplotlib: "
                             "pip install 'radontv[plot]')")
    parser.set_defaults(func=run)


def parse_dims(text: str | None) -> tuple[int, ...] | None:
    """``"2,10"`` -> ``(2, 10)``; ``None`` stays ``None``; anything else raises :class:`~radontv.InvalidInput`."""
    if text is None:
        return None
    parts = [p.strip() for p in text.split(",")]
    if not any(parts):
        raise InvalidInput("--dims: no dimension given; pass comma-separated integers >= 1, e.g. --dims 2,10")
    dims = []
    for part in parts:
        try:
            d = int(part)
        except ValueError:
            raise InvalidInput(f"--dims: {part!r} is not an integer; pass comma-separated integers >= 1, "
                               "e.g. --dims 2,10") from None
        if d < 1:
            raise InvalidInput(f"--dims: dimension {d} is below 1; pass comma-separated integers >= 1, "
                               "e.g. --dims 2,10")
        dims.append(d)
    return tuple(dims)


def run(args: argparse.Namespace) -> int:
    from ..rates.experiments import refutes, row_verdict, run_experiment

    dims = parse_dims(args.dims)
    if args.seed < 0:
        raise InvalidInput(f"--seed: expected an integer >= 0, got {args.seed}")
    _check_engine_options(args)
    if not 0 < args.level < 1:
        raise InvalidInput(f"--level: expected a confidence level strictly between 0 and 1, got {args.level}; "
                           "e.g. --level 0.95")
    if args.plot:
        _matplotlib()  # fail before the experiment runs, not after
    try:
        report = run_experiment(args.experiment, dims=dims, profile=args.profile, seed=args.seed,
                                scheduler=args.scheduler, workers=args.workers, cache=args.cache,
                                progress=sys.stderr.isatty() and not args.json, level=args.level)
    except KeyboardInterrupt:
        kept = (f"the finished tasks are kept in {args.cache}; rerun the same command to resume" if args.cache
                else "rerun with --cache DIR to keep finished tasks and resume after an interruption")
        print(f"radontv: interrupted; {kept}", file=sys.stderr)
        return 130
    if args.plot:
        plot(args.plot, report)
    if args.json:
        out = report.as_dict()
        if args.plot:
            out["plot"] = str(args.plot)
        print(json.dumps(envelope("rates", _settings(args, dims), out), indent=2))
    else:
        print(table(report.results, row_verdict))
        engine = report.engine
        where = "local cluster" if engine.scheduler == "local" else engine.scheduler
        ran = (f"all {report.tasks} tasks from the cache {args.cache}" if engine.workers == 0
               else f"{report.tasks} tasks on {where}, {engine.workers} workers")
        print(f"\n{report.experiment} ({report.profile}): {ran}, {report.seconds:.1f} s; intervals: bootstrap over "
              f"seeds, {_percent(report.level)} jointly over the dimensions (each {_percent(report.row_level)})")
        if any(row_verdict(r) in ("outside", "violated") and not refutes(r) for r in report.results):
            print("a conjectured (UNCONFIRMED) value outside its interval is reported, not counted as a refutation")
        if args.plot:
            print(f"plot written to {args.plot}")
        for r in report.results:
            if refutes(r):
                theory = r["theory"]
                lo, hi = r["interval"]
                print(f"refuted at d = {r['d']}{', ' + _group(r) if _group(r) else ''}: {row_verdict(r)}, stated "
                      f"{_stated(theory)} ({theory.get('status')}, {theory.get('source')}), measured "
                      f"{r['exponent']:.3f} in [{lo:.3f}, {hi:.3f}]", file=sys.stderr)
    return 1 if report.refuted else 0


def _settings(args: argparse.Namespace, dims: tuple[int, ...] | None) -> dict[str, Any]:
    """What determines the report: the ``settings`` of ``--json`` (``dims`` null: the profile's; ``scheduler`` null:
    an embedded local cluster; the numbers do not depend on the engine, which is recorded all the same)."""
    return {"experiment": args.experiment, "profile": args.profile, "dims": None if dims is None else list(dims),
            "seed": args.seed, "level": args.level, "scheduler": args.scheduler, "workers": args.workers,
            "cache": args.cache, "plot": args.plot}


def _check_engine_options(args: argparse.Namespace) -> None:
    """--workers N >= 1, and only for the embedded local cluster (shared with ``radontv check --seeds``)."""
    if args.workers is None:
        return
    if args.workers < 1:
        raise InvalidInput(f"--workers: expected an integer >= 1, got {args.workers}")
    if args.scheduler is not None:
        raise InvalidInput(f"--workers sizes the embedded local cluster; with --scheduler {args.scheduler} drop "
                           "--workers (an existing cluster has the workers it was started with)")


def _percent(level: float) -> str:
    return f"{100 * level:.4g} %"


_SYMBOLS = {"at most": "<= ", "at least": ">= "}


def _stated(theory: dict) -> str:
    """The stated exponent, with "<=" or ">=" for an upper or lower rate."""
    if theory.get("exponent") is None:
        return "-"
    return _SYMBOLS.get(theory.get("relation") or "equals", "") + _fmt(theory["exponent"])


def _fmt(x: Any) -> str:
    return "-" if x is None else f"{float(x):.3f}"


#: Row keys that tell rows of the same d apart, and their column headers.
_GROUPS = {"outputs": "D", "method": "method"}


def _group(row: dict) -> str:
    return ", ".join(f"{header} = {row[key]}" for key, header in _GROUPS.items() if key in row)


def table(rows: list[dict], verdict: Callable[[Mapping[str, Any]], str]) -> str:
    """The summary rows as a table: d (outputs D, method when present), exponent, interval, stated value, status,
    source, verdict."""
    groups = [key for key in _GROUPS if any(key in r for r in rows)]
    headers = ["d", *(_GROUPS[key] for key in groups), "exponent", "interval", "theory", "status", "source",
               "verdict"]
    body = []
    for r in rows:
        theory = r.get("theory") or {}
        lo, hi = r["interval"]
        body.append([str(r["d"]), *(str(r.get(key, "-")) for key in groups), _fmt(r["exponent"]),
                     f"[{lo:.3f}, {hi:.3f}]", _stated(theory), str(theory.get("status", "-")),
                     str(theory.get("source", "-")), verdict(r)])
    return render(headers, body, width=terminal_width(), shrink=(headers.index("source"),))


def _matplotlib() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise InvalidInput("--plot needs matplotlib; install the plot extra: pip install 'radontv[plot]'") from None
    return plt


#: Axis labels of each experiment's plot: (size, error).
_AXES = {
    "maurey": ("width K", "L2 error"),
    "estimation": ("sample size N", "mean squared error"),
    "rademacher": ("sample size N", "empirical Rademacher complexity"),
    "gap": ("sample size N", "generalization gap"),
}


def plot(path: str, report: RateReport) -> None:
    """Log-log plot of the mean error against the size, one colour per row, with the fitted line
    ``exp(a) size^exponent`` (``a`` the least-squares intercept of log mean error against log size, the fit the
    exponent comes from) and the row's bound per size (key ``bound`` or ``bounds``), when it has one, dashed."""
    plt = _matplotlib()
    fig, ax = plt.subplots(figsize=(7, 4.5))
    bounded = False
    for i, row in enumerate(report.results):
        sizes, errors = row.get("sizes"), row.get("errors")
        if not sizes or not errors:
            continue
        color = f"C{i % 10}"
        label = ", ".join(filter(None, [f"d = {row['d']}", _group(row)]))
        label += f": {row['exponent']:.2f} [{row['interval'][0]:.2f}, {row['interval'][1]:.2f}]"
        ax.plot(sizes, errors, "o", color=color, ms=4, label=label)
        logs = [math.log(s) for s in sizes]
        intercept = sum(math.log(e) for e in errors) / len(errors) - row["exponent"] * sum(logs) / len(logs)
        ax.plot(sizes, [math.exp(intercept + row["exponent"] * t) for t in logs], "-", color=color, lw=1)
        bound = row.get("bound") or row.get("bounds")
        if bound and len(bound) == len(sizes):
            ax.plot(sizes, bound, "--", color=color, lw=1)
            bounded = True
    ax.set_xscale("log")
    ax.set_yscale("log")
    sizes = sorted({s for row in report.results for s in row.get("sizes") or ()})
    if sizes:  # the grid's sizes as plain numbers (log-scale minor labels overlap)
        from matplotlib.ticker import NullFormatter, ScalarFormatter

        ax.set_xticks(sizes)
        ax.xaxis.set_major_formatter(ScalarFormatter())
        ax.xaxis.set_minor_formatter(NullFormatter())
    xlabel, ylabel = _AXES.get(report.experiment, ("size", "error"))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(f"{ylabel} (mean over seeds)")
    ax.set_title(f"{report.experiment} ({report.profile}): mean error, fitted power law"
                 + ("; dashed: stated bound" if bounded else ""))
    ax.legend(fontsize=7)
    fig.tight_layout()
    try:
        fig.savefig(path)
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"--plot: cannot write {path!r} ({exc}); give a writable path ending in .png, .pdf or "
                           ".svg") from None
    finally:
        plt.close(fig)
