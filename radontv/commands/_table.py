"""Plain-text tables for the command line (no dependency; columns sized to their content and to the terminal)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence

#: Separator between columns, and the narrowest a shrunk column gets.
_GAP = "  "
_MIN_SHRUNK = 12


def terminal_width() -> int | None:
    """The width to fit output into: ``$COLUMNS`` when set, the terminal's width when standard output is a terminal,
    and ``None`` (no limit: full text, one line per row) when it is a pipe or a file, as ``ls`` does — so that
    ``radontv list | grep ...`` sees every word."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):  # a replaced or closed stdout
        return None
    return shutil.get_terminal_size().columns


def _cut(text: str, limit: int | None) -> str:
    return text if limit is None or len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def _fit(natural: list[int], width: int, shrink: Sequence[int]) -> dict[int, int]:
    """Limits for the ``shrink`` columns so that the row fits in ``width`` characters (each keeps at least
    ``_MIN_SHRUNK``, or its natural width when narrower); the other columns keep their natural width."""
    total = sum(natural) + len(_GAP) * (len(natural) - 1)
    excess = total - width
    if excess <= 0 or not shrink:
        return {}
    limits = {i: natural[i] for i in shrink}
    while excess > 0:
        widest = max(shrink, key=lambda i: limits[i])  # take one character from the widest shrinkable column
        if limits[widest] <= _MIN_SHRUNK:
            break  # cannot fit without making a column unreadable: let the terminal wrap
        limits[widest] -= 1
        excess -= 1
    return {i: w for i, w in limits.items() if w < natural[i]}


def render(headers: Sequence[str], rows: Sequence[Sequence[str]], *, max_width: dict[int, int] | None = None,
           width: int | None = None, shrink: Sequence[int] = ()) -> str:
    """A left-aligned table with a header rule.

    Cells longer than ``max_width[column]`` are shortened with '…'.  With ``width`` (e.g. :func:`terminal_width`),
    the columns listed in ``shrink`` are narrowed, widest first, until a row fits in ``width`` characters.
    """
    limits = dict(max_width or {})
    cells = [[_cut(str(c), limits.get(i)) for i, c in enumerate(row)] for row in rows]
    natural = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    if width is not None:
        fitted = _fit(natural, width, shrink)
        cells = [[_cut(c, fitted.get(i)) for i, c in enumerate(row)] for row in cells]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    line = _GAP.join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
    rule = _GAP.join("-" * w for w in widths)
    body = [_GAP.join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join([line, rule, *body])
