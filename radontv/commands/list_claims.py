"""``radontv list``: the claim catalog as a table (or JSON)."""

from __future__ import annotations

import argparse
import json

from ..catalog import select
from ..runner import tests_root
from ._table import render


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "list",
        help="list the claims of the catalog",
        description="List the claims of the catalog: id, title, source in the literature, and which evidence exists "
        "(D = sympy derivation, N = numeric check, P = property tests, doc = walk-through).",
    )
    parser.add_argument("ids", nargs="*", metavar="ID_OR_FAMILY", help="claim ids or family names (default: all)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    claims = select(args.ids)
    if args.json:
        print(json.dumps({"claims": [{
            "id": c.id, "title": c.title, "source": c.source, "statement": c.statement,
            "hypotheses": list(c.hypotheses), "convention": c.convention,
            "evidence": {"derivation": c.derivation, "no_derivation_reason": c.no_derivation_reason,
                         "numeric": c.check, "property": list(c.property_tests), "docs": c.docs},
        } for c in claims]}, indent=2))
        return 0
    has_docs = tests_root()
    rows = []
    for c in claims:
        evidence = "D" if c.derivation else "-"
        evidence += "N" + ("P" if c.property_tests else "-")
        doc = "doc" if has_docs is None or (has_docs / c.docs).is_file() else "-"
        rows.append([c.id, c.title, c.source, f"{evidence} {doc}"])
    print(render(["id", "title", "source", "evidence"], rows, max_width={1: 48, 2: 44}))
    print(f"\n{len(claims)} claims. Evidence: D derivation, N numeric check, P property tests, doc walk-through.")
    return 0
