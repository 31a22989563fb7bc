"""The documentation's examples run: every fenced ```python block of README.md and docs/*.md, and the doctests.

The blocks of one file run in order in one namespace, from the repository root, so a page reads like a session.
A block whose first line is ``# not run`` is skipped (used only for shell-like or illustrative fragments).
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import radontv

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_run(page: Path, monkeypatch, tmp_path):
    blocks = [b for b in FENCE.findall(page.read_text()) if not b.startswith("# not run")]
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for i, block in enumerate(blocks, 1):
        try:
            exec(compile(block, f"{page.name}[block {i}]", "exec"), namespace)
        except Exception as exc:  # pragma: no cover - the message is the point
            raise AssertionError(f"{page.name}, python block {i} failed: {exc!r}\n{block}") from exc


def _modules() -> list[str]:
    names = [radontv.__name__]
    for info in pkgutil.walk_packages(radontv.__path__, prefix="radontv."):
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name: str):
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert failures == 0, f"{name}: {failures} docstring example(s) failed"
