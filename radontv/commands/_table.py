"""Plain-text tables for the command line (no dependency; columns sized to their content)."""

from __future__ import annotations

from collections.abc import Sequence


def render(headers: Sequence[str], rows: Sequence[Sequence[str]], *, max_width: dict[int, int] | None = None) -> str:
    """A left-aligned table with a header rule; cells longer than ``max_width[column]`` are shortened with '…'."""
    limits = max_width or {}

    def cut(text: str, col: int) -> str:
        limit = limits.get(col)
        return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"

    cells = [[cut(str(c), i) for i, c in enumerate(row)] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join([line, rule, *body])
