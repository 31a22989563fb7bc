"""``radontv sources``: the full reference of every source key the catalog cites (PN21, U23, SPLN24, ...)."""

from __future__ import annotations

import argparse
import json
import textwrap
from collections.abc import Sequence

from ..report_envelope import envelope
from ..sources import SOURCES, Source, cited, get_source
from ._table import terminal_width


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sources",
        help="list the literature the claims cite, with full references",
        description="Expand the source keys of the catalog (PN21, U23, SPLN24, ...) into full references: authors, "
        "title, venue, year, arXiv id (with --json also the ids of the claims citing each).",
    )
    parser.add_argument("keys", nargs="*", metavar="KEY", help="source keys (default: all)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    chosen = [get_source(k) for k in args.keys] if args.keys else list(SOURCES)
    if args.json:
        from ..catalog import CATALOG

        citing = {s.key: [c.id for c in CATALOG if s in cited(c.source)] for s in chosen}
        body = {"sources": [{**s.as_dict(), "cited_by": citing[s.key]} for s in chosen]}
        print(json.dumps(envelope("sources", {"keys": list(args.keys)}, body), indent=2, ensure_ascii=False))
        return 0
    print(format_sources(chosen, width=terminal_width()))
    return 0


def format_sources(sources: Sequence[Source], *, width: int | None) -> str:
    """One paragraph per source, ``[KEY] citation``, wrapped to ``width`` with a hanging indent (one line each when
    ``width`` is None)."""
    pad = max(len(s.key) for s in sources) + 3 if sources else 0
    out = []
    for s in sources:
        if width is None:  # not a terminal: one line per source
            out.append(f"[{s.key}]".ljust(pad) + s.citation())
            continue
        out.append(textwrap.fill(s.citation(), width=max(width, pad + 20), initial_indent=f"[{s.key}]".ljust(pad),
                                 subsequent_indent=" " * pad, break_on_hyphens=False))
    return "\n".join(out)
