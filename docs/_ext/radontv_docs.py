"""Helpers for the executed pages of the documentation: show a claim's derivation and its numeric check.

A page imports them in a first hidden cell (its kernel runs in ``docs/``, or ``docs/exercises/``)::

    import sys; sys.path.insert(0, "_ext")      # "../_ext" from docs/exercises/
    from radontv_docs import show_derivation, show_check

* :func:`show_derivation` runs the claim's sympy derivation and displays what ``radontv derive ID --latex`` prints,
  rendered: the LaTeX of every step is taken from :meth:`radontv.Derivation.latex` (never retyped in a page), the
  ``enumerate`` list becoming a numbered Markdown list with each expression as display math; then the verdict.
* :func:`show_check` runs the claim's numeric check and displays its :class:`radontv.CheckResult` as a small table
  (verdict, residual, digits of agreement, working precision, instances, worst instance, route).

Both raise when the evidence refutes the claim (a page must not show a refuted claim as if it held: the cell fails,
and with it the build); ``expect="refuted"`` is for a page that demonstrates a negative control on purpose.
``derivation_markdown`` and ``check_markdown`` return the Markdown without displaying it (used by the tests).
"""

from __future__ import annotations

import re
from typing import Any

from radontv.catalog import get
from radontv.evidence import CheckResult, Derivation, Verdict

__all__ = ["check_markdown", "derivation_markdown", "latex_steps", "show_check", "show_derivation"]

_ITEM = re.compile(r"^  \\item (?P<text>.*?)\n    \\\[ (?P<body>.*?) \\\]$", re.S | re.M)
# LaTeX escapes of running text (radontv.evidence._latex_text) and what they are in Markdown
_TEXT_UNESCAPE = (("\\textbackslash{}", "\\"), ("\\_", "_"), ("\\%", "%"), ("\\&", "&"), ("\\#", "#"))
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#{}~^!])")


def latex_steps(latex: str) -> list[tuple[str, str]]:
    """The ``(text, expression)`` pairs of the ``enumerate`` list that :meth:`Derivation.latex` prints."""
    return [(m["text"], m["body"]) for m in _ITEM.finditer(latex)]


def _markdown_text(latex_text: str) -> str:
    """Running text of a LaTeX item as Markdown: LaTeX escapes undone, Markdown specials escaped outside ``$..$``."""
    for tex, plain in _TEXT_UNESCAPE:
        latex_text = latex_text.replace(tex, plain)
    return markdown_escape(latex_text)


def markdown_escape(text: str) -> str:
    """Escape Markdown's special characters, leaving ``$...$`` math untouched (all of it when the ``$`` are odd)."""
    parts = text.split("$")
    if len(parts) % 2 == 0:  # an unpaired $: no math here
        return _MD_SPECIAL.sub(r"\\\1", text).replace("$", "\\$")
    for i in range(0, len(parts), 2):
        parts[i] = _MD_SPECIAL.sub(r"\\\1", parts[i])
    return "$".join(parts)


def derivation_markdown(derivation: Derivation) -> str:
    """The derivation as Markdown: its verdict, then the numbered steps of ``radontv derive ID --latex``."""
    steps = latex_steps(derivation.latex())
    if len(steps) != len(derivation.steps):  # the LaTeX layout changed: better to fail than to drop steps
        raise RuntimeError(f"{derivation.claim_id}: read {len(steps)} of {len(derivation.steps)} steps from "
                           "Derivation.latex(); update docs/_ext/radontv_docs.py to its layout")
    lines = [f"**Derivation of `{derivation.claim_id}`: {derivation.verdict.value}** "
             f"(`radontv derive {derivation.claim_id} --latex`, rendered)", ""]
    for i, (text, body) in enumerate(steps, 1):
        lines += [f"{i}. {_markdown_text(text)}", "", "   $$", *(f"   {ln}" for ln in body.splitlines()), "   $$", ""]
    if derivation.message:
        lines.append(markdown_escape(derivation.message))
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "—"
    text = str(value).replace("\n", " ")
    return text if text.startswith("**") else markdown_escape(text)


def check_markdown(result: CheckResult) -> str:
    """The check result as a two-column Markdown table."""
    if result.digits is None:
        digits = None
    elif result.digits == float("inf"):
        digits = "exact"
    else:
        digits = f"{result.digits:.1f}"
    residual = result.as_dict()["residual"]
    rows = [
        ("verdict", f"**{result.verdict.value}**"),
        ("residual (relative, worst instance)", f"{residual:.3g}" if isinstance(residual, float) else residual),
        ("digits of agreement", digits),
        ("working precision (dps)", result.dps if result.dps is not None else "exact"),
        ("instances", result.instances),
        ("worst instance", result.worst_instance),
        ("route", result.route),
        ("tolerance", result.tolerance),
    ]
    lines = [f"**Numeric check of `{result.claim_id}`** (`radontv check {result.claim_id}`)", ""]
    (name, value), *rest = rows  # the verdict heads the table
    lines += [f"| {name} | {_cell(value)} |", "|---|---|", *(f"| {n} | {_cell(v)} |" for n, v in rest)]
    if result.message:
        lines += ["", markdown_escape(result.message)]
    return "\n".join(lines)


def _expect(verdict: Verdict, expect: str | None, what: str) -> None:
    if expect is None:
        if verdict is Verdict.REFUTED:
            raise AssertionError(f"{what} is refuted; a page shows only evidence that holds (expect='refuted' for a "
                                 "deliberate negative control)")
    elif verdict.value != expect:
        raise AssertionError(f"{what}: verdict {verdict.value}, the page expects {expect}")


def _display_markdown(text: str) -> None:
    from IPython.display import Markdown, display

    display(Markdown(text))


def show_derivation(claim_id: str, *, expect: str | None = None) -> None:
    """Run the sympy derivation of ``claim_id`` and display its steps rendered, with the verdict."""
    claim = get(claim_id)
    derive = claim.load_derivation()
    if derive is None:
        raise ValueError(f"{claim_id} has no derivation ({claim.no_derivation_reason}); use show_check")
    derivation = derive()
    _display_markdown(derivation_markdown(derivation))
    _expect(derivation.verdict, expect, f"the derivation of {claim_id}")


def show_check(claim_id: str, *, expect: str | None = None, **kwargs: Any) -> None:
    """Run the numeric check of ``claim_id`` (``kwargs``: ``dps``, ``examples``, ``seed``) and display the result."""
    result = get(claim_id).load_check()(**kwargs)
    _display_markdown(check_markdown(result))
    _expect(result.verdict, expect, f"the numeric check of {claim_id}")
