"""Sphinx extension: write the claim catalog page ``docs/generated/catalog.md`` when the build starts.

Every claim of :data:`radontv.catalog.CATALOG`, in reading order: its statement (LaTeX, displayed), title, source
(the keys expanded by :mod:`radontv.sources`), hypotheses, convention, the links to its evidence (derivation, numeric
check, property tests, walk-through) and the verdicts of a ``radontv check --json`` run.

Where the verdicts come from:

* ``RADONTV_DOCS_REPORT=path``: the report in that file (``radontv check --json > path``, any options), read as it
  is; CI or an author who has just run the full check reuses it and the build runs no check;
* otherwise the build runs ``radontv check --json`` itself, every check with its own defaults: about 4 min on two
  cores.  Not fewer examples: the rates checks bootstrap an interval over their seeds, and with ``--examples 2`` two
  of them came out refuted and one undetermined (intervals from two seeds), which the page would have shown as the
  catalog's verdict; with ``--examples 1`` they refuse to run.

The page names the run (its settings and time).  A claim the report does not cover is listed as not checked.  A
refuted claim does not fail the build: the page shows the verdict (``radontv check`` and the tests fail instead).
The page is rewritten only when its text changes, so that an unchanged catalog triggers no rebuild.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from radontv.catalog import CATALOG, FAMILIES
from radontv.claims import Claim
from radontv.sources import cited

logger = logging.getLogger(__name__)

REPORT_ENV = "RADONTV_DOCS_REPORT"
DEFAULT_COMMAND = ("check", "--json")
PAGE = Path("generated") / "catalog.md"


def _escape(text: str) -> str:
    from radontv_docs import markdown_escape

    return markdown_escape(text)


_WORD = re.compile(r"^\(?[A-Za-z][a-z]+[),.;:]*$")  # an English word (two letters or more), maybe in punctuation
_COMMAND = re.compile(r"\\[A-Za-z]")


def rich_text(text: str) -> str:
    """Hypotheses and conventions as Markdown.  With ``$...$`` the math is marked already; text with bare LaTeX
    commands and no ``$`` (``"\\alpha > 0 (the identity fails for \\alpha < 0)"``) gets its runs of non-words
    (inside an open brace group: everything) wrapped in ``$...$``; plain text is escaped."""
    if "$" in text or not _COMMAND.search(text):
        return _escape(text)
    out: list[str] = []
    math: list[str] = []
    depth = 0
    for token in text.split():
        if depth == 0 and _WORD.match(token) and not _COMMAND.search(token):
            if math:
                out.append("$" + " ".join(math) + "$")
                math = []
            out.append(_escape(token))
        else:
            math.append(token)
            depth += token.count("{") - token.count("\\{") - token.count("}") + token.count("\\}")
    if math:
        out.append("$" + " ".join(math) + "$")
    return " ".join(out)


def load_report() -> tuple[dict[str, Any], str]:
    """The ``radontv check --json`` report and a sentence saying where it came from."""
    path = os.environ.get(REPORT_ENV)
    if path:
        report = json.loads(Path(path).read_text(encoding="utf-8"))
        return report, f"read from the report file given by `{REPORT_ENV}`"
    command = [sys.executable, "-m", "radontv.cli", *DEFAULT_COMMAND]
    logger.info("catalog page: running radontv %s (set %s to reuse a report)", " ".join(DEFAULT_COMMAND), REPORT_ENV)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):  # 1: some claim refuted, still a report
        raise RuntimeError(f"radontv {' '.join(DEFAULT_COMMAND)} failed (exit {done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout), f"from `radontv {' '.join(DEFAULT_COMMAND)}`, run by this build"


def _run_line(report: dict[str, Any], origin: str) -> str:
    s = report.get("settings", {})
    examples = s.get("examples") if s.get("examples") is not None else "each check's default"
    dps = s.get("dps") if s.get("dps") is not None else "each check's default"
    derive = "with" if s.get("derivation", True) else "without"
    return (f"Verdicts {origin}: radontv {report.get('radontv', '?')}, {report.get('created', '?')}, "
            f"{derive} the sympy derivations, examples: {examples}, dps: {dps}, seed: {s.get('seed', '?')}.")


def _evidence_rows(entry: dict[str, Any] | None) -> list[str]:
    if entry is None:
        return ["- verdict: not checked in this build's report"]
    rows = [f"- verdict: **{entry['verdict']}**"]
    for ev in entry.get("evidence", []):
        digits = "exact" if ev.get("digits") is None and ev.get("verdict") == "proved" else ev.get("digits")
        detail = f"{ev.get('instances', 0)} instances"
        if ev.get("kind") == "numeric":
            detail += f", digits of agreement {digits if digits is not None else '—'}"
        rows.append(f"  - {ev.get('kind')}: {ev.get('verdict')} ({detail}; {_escape(ev.get('message') or '')})")
    return rows


def claim_section(claim: Claim, entry: dict[str, Any] | None) -> str:
    """The Markdown of one claim."""
    lines = [f"### `{claim.id}`", "", _escape(claim.title), "", "$$", claim.statement, "$$", ""]
    sources = cited(claim.source)
    lines.append(f"**Source.** {_escape(claim.source)}")
    lines += [f"- [{s.key}] {_escape(s.citation())}" for s in sources]
    lines.append("")
    if claim.hypotheses:
        lines += ["**Hypotheses.**", "", *(f"- {rich_text(h)}" for h in claim.hypotheses), ""]
    if claim.convention:
        lines += [f"**Convention.** {rich_text(claim.convention)}", ""]
    page = claim.docs.removeprefix("docs/").removesuffix(".md")
    lines += ["**Evidence.**", ""]
    if claim.derivation:
        lines.append(f"- derivation: `{claim.derivation}` (`radontv derive {claim.id} --latex`)")
    else:
        lines.append(f"- derivation: none ({_escape(claim.no_derivation_reason or '')})")
    lines.append(f"- numeric check: `{claim.check}` (`radontv check {claim.id}`)")
    lines.append("- property tests: " + ", ".join(f"`{t}`" for t in claim.property_tests))
    lines.append(f"- walk-through: {{doc}}`/{page}`")
    lines += ["", *_evidence_rows(entry), ""]
    return "\n".join(lines)


def catalog_markdown(report: dict[str, Any], origin: str) -> str:
    """The whole page."""
    by_id = {c["id"]: c for c in report.get("claims", [])}
    counts: dict[str, int] = {}
    for claim in CATALOG:
        verdict = by_id[claim.id]["verdict"] if claim.id in by_id else "not checked"
        counts[verdict] = counts.get(verdict, 0) + 1
    summary = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
    lines = ["# The claim catalog", "",
             "Every claim radontv checks, in reading order: its statement, source, hypotheses, convention, the "
             "links to its three kinds of evidence, and the verdicts of a `radontv check --json` run. This page is "
             "generated when the site is built (`docs/_ext/catalog_page.py`).", "",
             _run_line(report, origin), "", f"{len(CATALOG)} claims: {summary}.", ""]
    for family in FAMILIES:
        lines += [f"## {family}", ""]
        lines += [claim_section(c, by_id.get(c.id)) for c in CATALOG if c.family == family]
    return "\n".join(lines)


def write_catalog(app: Sphinx) -> None:
    """``builder-inited``: write the page (only when its text changed)."""
    report, origin = load_report()
    text = catalog_markdown(report, origin)
    path = Path(app.srcdir) / PAGE
    path.parent.mkdir(exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", write_catalog)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
