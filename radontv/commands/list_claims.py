"""``radontv list``: the claim catalog as a table (or JSON); ``radontv list ID`` shows one claim in full."""

from __future__ import annotations

import argparse
import json
import textwrap

from ..catalog import FAMILIES, select
from ..catalog._spec_ids import SPEC_IDS
from ..report_envelope import envelope
from ..runner import tests_root
from ..sources import cited
from ._table import render, terminal_width

#: Columns of the table that give way when the terminal is narrow: title and source.
_SHRINK = (1, 2)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "list",
        help="list the claims of the catalog",
        description="List the claims of the catalog: id, title, source in the literature, and which evidence exists "
        "(D = sympy derivation, N = numeric check, P = property tests, doc = walk-through). The table fits the "
        "terminal (titles and sources shortened with '…'; --wide prints them in full); given claim ids, each "
        "claim is shown in full with the references it cites (`radontv sources` lists them all).",
    )
    parser.add_argument("ids", nargs="*", metavar="ID_OR_FAMILY", help="claim ids or family names (default: all)")
    parser.add_argument("--wide", action="store_true", help="print titles and sources in full, whatever the width")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    claims = select(args.ids)
    if args.json:
        body = {"claims": [_as_dict(c) for c in claims]}
        print(json.dumps(envelope("list", {"ids": list(args.ids)}, body), indent=2, ensure_ascii=False))
        return 0
    width = None if args.wide else terminal_width()
    if args.ids and not any(pattern in FAMILIES for pattern in args.ids):
        print("\n\n".join(_detail(c, width) for c in claims))
        return 0
    rows = [[c.id, c.title, c.source, _evidence(c)] for c in claims]
    print(render(["id", "title", "source", "evidence"], rows, width=width, shrink=_SHRINK))
    footer = (f"{_claims(len(claims))}. Evidence: D derivation, N numeric check, P property tests, doc walk-through. "
              "Sources: `radontv sources`.")
    print("\n" + (footer if width is None else textwrap.fill(footer, width=max(width, 40), break_on_hyphens=False)))
    return 0


def _as_dict(claim) -> dict:
    """One claim of ``list --json`` (radontv/schemas/list.schema.json)."""
    return {"id": claim.id, "title": claim.title, "source": claim.source, "statement": claim.statement,
            "hypotheses": list(claim.hypotheses), "convention": claim.convention,
            "references": [s.as_dict() for s in cited(claim.source)],
            "catalog_entries": [{"id": e, "title": SPEC_IDS[e]} for e in claim.catalog_entries],
            "evidence": {"derivation": claim.derivation, "no_derivation_reason": claim.no_derivation_reason,
                         "numeric": claim.check, "property": list(claim.property_tests), "docs": claim.docs}}


def _claims(n: int) -> str:
    return f"{n} claim" if n == 1 else f"{n} claims"


def _evidence(claim) -> str:
    has_docs = tests_root()
    evidence = ("D" if claim.derivation else "-") + "N" + ("P" if claim.property_tests else "-")
    doc = "doc" if has_docs is None or (has_docs / claim.docs).is_file() else "-"
    return f"{evidence} {doc}"


def _detail(claim, width: int | None) -> str:
    """One claim in full: title, statement, hypotheses, convention, source, the cited references, the entries of the
    specification's catalog it checks, evidence."""
    def field(label: str, text: str) -> str:
        if width is None:
            return f"{label:<12}{text}"
        return textwrap.fill(text, width=max(width, 40), initial_indent=f"{label:<12}", subsequent_indent=" " * 12,
                             break_on_hyphens=False, break_long_words=False)

    lines = [claim.id, field("title", claim.title), field("statement", claim.statement)]
    lines += [field("hypothesis", h) for h in claim.hypotheses]
    if claim.convention:
        lines.append(field("convention", claim.convention))
    lines.append(field("source", claim.source))
    lines += [field(f"[{s.key}]", s.citation()) for s in cited(claim.source)]
    if claim.catalog_entries:
        lines.append(field("catalog", "; ".join(f"{e} {SPEC_IDS[e]}" for e in claim.catalog_entries)))
    derivation = claim.derivation or f"none ({claim.no_derivation_reason})"
    lines += [field("derivation", derivation), field("numeric", claim.check),
              field("property", ", ".join(claim.property_tests)), field("docs", f"{claim.docs}  ({_evidence(claim)})")]
    return "\n".join(lines)
