"""``radontv check``: run the evidence of the catalog's claims (and of users' own, ``--catalog``) and report verdicts.

Table columns: ``dps`` is the working precision of the floating comparisons of the numeric evidence, and ``exact``
when it compared only exact values (a ``proved`` check, or one that declares no precision); ``digits`` the decimal
digits of agreement at the worst instance (``exact`` when proved).  ``--json`` prints one self-describing report
(:mod:`radontv.report_envelope`) following ``radontv/schemas/report.schema.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from typing import Any

from ..errors import InvalidInput
from ..evidence import Verdict
from ..precision import validate_dps
from ..report_envelope import envelope
from ..runner import ClaimReport, run_claim
from ._table import render


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="run the derivations and numeric checks of claims",
        description="Run the sympy derivation and the numeric check of each selected claim (all by default) and "
        "print verdict, residual and digits of agreement. Exit code 1 when any claim is refuted or errors. "
        "With --catalog, your own claims (@radontv.claim, docs/user-claims.md) run instead of the built-in ones, "
        "or beside them when ids or family names select from both.",
        epilog="Columns: dps is the working precision of the floating comparisons ('exact' when only exact values "
        "were compared); digits the digits of agreement at the worst instance ('exact' when proved).",
    )
    parser.add_argument("ids", nargs="*", metavar="ID_OR_FAMILY",
                        help="claim ids or family names (default: all built-in claims, or all loaded user claims)")
    parser.add_argument("--catalog", action="append", default=None, metavar="FILE.py|MODULE|NAME",
                        help="load your own claims from a Python file, an importable module or an installed "
                             "package's entry point (group radontv.catalogs); repeatable. Their inputs are drawn by "
                             "hypothesis with --seed, --examples of them (default 100), at --dps (default 50)")
    parser.add_argument("--dps", type=int, default=None,
                        help="working precision in decimal digits (default: each check's own, usually 50 or 30; "
                             "50 for user claims)")
    parser.add_argument("--examples", type=int, default=None,
                        help="random instances per check (default: each check's own; 100 for user claims)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random instances (default 0)")
    parser.add_argument("--no-derive", action="store_true", help="skip the sympy derivations")
    parser.add_argument("--properties", action="store_true",
                        help="also run each claim's hypothesis tests with pytest (source checkout only)")
    parser.add_argument("--profile", default="default", choices=["default", "deep"],
                        help="hypothesis profile for --properties (default: default)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    engine = parser.add_argument_group(
        "many seeds on the engine",
        "With --seeds N, run each selected claim's numeric check (no derivation) with the seeds --seed .. --seed+N-1 "
        "as tasks on Dask, and report per claim the seeds run, the instances examined, the verdict counts and the "
        "first counterexample. Exit code 1 when any seed refutes a claim or its check errors.")
    engine.add_argument("--seeds", type=int, default=None, metavar="N",
                        help="run the numeric checks with N seeds each (default: one seed, no engine)")
    engine.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="with --seeds: an existing Dask scheduler, e.g. tcp://127.0.0.1:8786 (started with "
                             "`dask scheduler` and `dask worker ADDRESS`); 'synchronous' runs in this process; "
                             "default: an embedded local cluster sized to the machine")
    engine.add_argument("--workers", type=int, default=None, metavar="N",
                        help="with --seeds: worker processes of the embedded local cluster (default: one per core)")
    engine.add_argument("--cache", default=None, metavar="DIR",
                        help="with --seeds: keep each (claim, seed) outcome in DIR and reuse it (resume a long run)")
    parser.set_defaults(func=run)


def _progress(total: int, enabled: bool):  # -> tqdm or a no-op
    from tqdm import tqdm

    return tqdm(total=total, disable=not enabled, unit="claim", file=sys.stderr, leave=False, desc="checking",
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}] {postfix}")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _settings(args: argparse.Namespace) -> dict:
    """What determines the report: the ``settings`` of ``--json``."""
    return {"ids": list(args.ids), "catalog": list(args.catalog or []), "dps": args.dps, "examples": args.examples,
            "seed": args.seed, "seeds": args.seeds, "derivation": not args.no_derive, "properties": args.properties,
            "profile": args.profile}


def run(args: argparse.Namespace) -> int:
    from ..user_claims import load_catalogs, select_claims

    if args.dps is not None:
        validate_dps(args.dps, name="--dps")
    if args.examples is not None and args.examples < 1:
        raise InvalidInput(f"--examples: expected an integer >= 1, got {args.examples}")
    user = load_catalogs(args.catalog) if args.catalog else None
    claims = select_claims(args.ids, user)
    if args.seeds is not None:
        if user is not None and any(c in user.claims for c in claims):
            raise InvalidInput("--seeds runs built-in checks as tasks on the engine; user claims draw their inputs "
                               "with hypothesis: drop --seeds and raise --examples (or select built-in ids only)")
        return _run_seeds(args, claims)
    for option, value in (("--scheduler", args.scheduler), ("--workers", args.workers), ("--cache", args.cache)):
        if value is not None:
            raise InvalidInput(f"{option} runs checks on the engine and needs --seeds N; add --seeds or drop {option}")
    reports: list[ClaimReport] = []
    start = time.perf_counter()
    with _progress(len(claims), enabled=sys.stderr.isatty() and not args.json) as bar:
        for claim in claims:
            bar.set_postfix_str(claim.id)
            reports.append(run_claim(claim, dps=args.dps, examples=args.examples, seed=args.seed,
                                     derivation=not args.no_derive, properties=args.properties,
                                     profile=args.profile))
            bar.update(1)
    elapsed = time.perf_counter() - start
    summary = Counter(r.verdict.value for r in reports)
    counts = {v.value: summary.get(v.value, 0) for v in Verdict}
    if args.json:
        body = {"claims": [r.as_dict() for r in reports], "summary": counts, "seconds": round(elapsed, 2)}
        print(json.dumps(envelope("check", _settings(args), body), indent=2))
    else:
        print(_table(reports))
        print()
        print(", ".join(f"{n} {v}" for v, n in counts.items() if n)
              + f"  ({_plural(len(reports), 'claim')}, {elapsed:.1f} s)")
        failures = [r for r in reports if r.verdict in (Verdict.REFUTED, Verdict.ERROR)]
        for report in failures:
            for e in report.evidence:
                if e.verdict in (Verdict.REFUTED, Verdict.ERROR):
                    where = f" at {e.worst_instance}" if e.worst_instance and e.counterexample is None else ""
                    print(f"\n{report.claim.id} [{e.kind}] {e.verdict}{where}: {e.message}", file=sys.stderr)
    return 1 if counts["refuted"] or counts["error"] else 0


def _table(reports: list[ClaimReport]) -> str:
    rows = []
    for r in reports:
        numeric = next((e for e in r.evidence if e.kind == "numeric"), None)
        derivation = next((e for e in r.evidence if e.kind == "derivation"), None)
        prop = next((e for e in r.evidence if e.kind == "property"), None)
        residual = "-" if numeric is None or numeric.residual is None else _short(numeric.residual)
        digits = "-"
        if numeric is not None and numeric.digits is not None:
            digits = "exact" if numeric.verdict is Verdict.PROVED else f"{numeric.digits + 0.0:.1f}"  # no -0.0
        rows.append([
            r.claim.id,
            r.verdict.value,
            derivation.verdict.value if derivation else "-",
            numeric.verdict.value if numeric else "-",
            residual,
            digits,
            _dps(numeric),
            str(numeric.instances) if numeric and numeric.instances is not None else "-",
            *([prop.verdict.value] if prop else []),
            f"{sum(e.seconds for e in r.evidence):.2f}",
        ])
    headers = ["claim", "verdict", "derivation", "numeric", "residual", "digits", "dps", "inst."]
    if any(e.kind == "property" for r in reports for e in r.evidence):
        headers.append("property")
    headers.append("s")
    return render(headers, rows)


def _dps(numeric) -> str:
    """One rule: the working precision of floating comparisons; ``exact`` when only exact values were compared."""
    if numeric is None or (numeric.verdict is Verdict.ERROR and numeric.dps is None):
        return "-"
    if numeric.dps is None or numeric.verdict is Verdict.PROVED:
        return "exact"
    return str(numeric.dps)


def _short(x: Any) -> str:
    import mpmath

    try:
        return mpmath.nstr(mpmath.mpf(x.numerator) / x.denominator if hasattr(x, "denominator") else mpmath.mpf(x), 3)
    except (TypeError, ValueError):
        return str(x)


def _run_seeds(args: argparse.Namespace, claims) -> int:
    """``radontv check --seeds N``: each claim's numeric check with N seeds, as tasks on the engine."""
    if args.properties:
        raise InvalidInput("--properties runs pytest once and does not take --seeds; drop one of them")
    if args.seeds < 1:
        raise InvalidInput(f"--seeds: expected an integer >= 1, got {args.seeds}; e.g. --seeds 100")
    if args.seed < 0:
        raise InvalidInput(f"--seed: expected an integer >= 0, got {args.seed}")
    from ..rates.seeds import run_seeds
    from .rates import _check_engine_options

    _check_engine_options(args)

    start = time.perf_counter()
    reports, engine = run_seeds(claims, seeds=args.seeds, seed=args.seed, dps=args.dps, examples=args.examples,
                                scheduler=args.scheduler, workers=args.workers, cache=args.cache,
                                progress=sys.stderr.isatty() and not args.json)
    elapsed = time.perf_counter() - start
    failed = [r for r in reports if r.verdict in (Verdict.REFUTED, Verdict.ERROR)]
    if args.json:
        body = {"claims": [r.as_dict() for r in reports], "engine": engine.as_dict(), "seeds": args.seeds,
                "first_seed": args.seed, "seconds": round(elapsed, 2)}
        print(json.dumps(envelope("check --seeds", _settings(args), body), indent=2))
    else:
        rows = [[r.claim_id, r.verdict.value, str(len(r.seeds)), str(r.instances),
                 ", ".join(f"{n} {v}" for v, n in r.counts.items() if n),
                 "-" if r.counterexample is None else str(r.counterexample["seed"])] for r in reports]
        print(render(["claim", "verdict", "seeds", "instances", "verdicts", "first counterexample (seed)"], rows))
        where = engine.scheduler if engine.scheduler != "local" else "local cluster"
        ran = f"from the cache {args.cache}" if engine.workers == 0 else f"on {where}, {engine.workers} workers"
        print(f"\n{_plural(len(reports), 'claim')} x {_plural(args.seeds, 'seed')} (from {args.seed}) {ran}, "
              f"{elapsed:.1f} s; "
              f"{len(failed)} failing")
        for r in failed:
            for label, found in (("counterexample", r.counterexample), ("error", r.first_error)):
                if found is not None:
                    at = f" at {found['worst_instance']}" if found["worst_instance"] else ""
                    print(f"\n{r.claim_id} {label}, seed {found['seed']}{at}: {found['message']}", file=sys.stderr)
    return 1 if failed else 0
