"""The documentation's examples run: README.md, docs/*.md and docs/exercises/*.md, and the doctests.

Each page's executable blocks run in order in one namespace, so a page reads like a session (the fast path of what
the site build does with its MyST-NB notebooks, without Sphinx or a kernel):

* fenced ```python blocks, except those whose first line is ``# not run`` (shell-like or illustrative fragments);
* ```{code-cell} cells, except those tagged ``skip-execution``; a cell tagged ``raises-exception`` must raise;
  IPython magics (``%...``, ``!...``) are dropped.

README.md runs in an empty temporary directory (its examples write files there).  A docs page runs where MyST-NB
runs it: in its own directory, here in a temporary copy of ``docs/`` (so ``sys.path.insert(0, "_ext")`` and
``img/...`` resolve, and files a page writes stay out of the checkout).  Matplotlib draws off-screen (Agg).  In an
exercise page no check may print a line starting with ``FAIL``: the solutions are filled in, so every check passes.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
import shutil
import sys
import warnings
from pathlib import Path

import pytest

import radontv

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted([ROOT / "README.md", *DOCS.glob("*.md"), *(DOCS / "exercises").glob("*.md")])
BLOCK = re.compile(r"^```(?P<kind>python|\{code-cell\}[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.S | re.M)
OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")
# copied into the temporary docs tree: everything a page may read, not the build output or the vendored MathJax
COPY_IGNORE = shutil.ignore_patterns("_build", "jupyter_execute", "generated", "_static", "__pycache__")


def cell_options(body: str) -> tuple[dict[str, str], str]:
    """Split a code cell into its options (``:key: value`` lines or a ``---`` YAML block on top) and its code."""
    lines = body.splitlines(keepends=True)
    options: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        for line in lines[1:end]:
            key, _, value = line.partition(":")
            options[key.strip()] = value.strip()
        return options, "".join(lines[end + 1:])
    i = 0
    while i < len(lines) and (match := OPTION.match(lines[i].rstrip("\n"))):
        options[match["key"]] = match["value"].strip()
        i += 1
    return options, "".join(lines[i:])


def executable_blocks(text: str) -> list[tuple[str, bool]]:
    """The page's blocks to run, in order: ``(code, must_raise)``."""
    blocks = []
    for match in BLOCK.finditer(text):
        body = match["body"]
        if match["kind"] == "python":
            if not body.startswith("# not run"):
                blocks.append((body, False))
            continue
        options, code = cell_options(body)
        tags = options.get("tags", "")
        if "skip-execution" in tags:
            continue
        code = "".join(ln for ln in code.splitlines(keepends=True) if not ln.lstrip().startswith(("%", "!")))
        blocks.append((code, "raises-exception" in tags))
    return blocks


def test_blocks_are_read_with_their_options():
    page = ("```{code-cell} ipython3\n:tags: [remove-cell]\nx = 1\n```\n"
            "```python\n# not run\nboom()\n```\n"
            "```{code-cell} ipython3\n---\ntags: [raises-exception]\n---\n1 / 0\n```\n"
            "```{code-cell} ipython3\n:tags: [skip-execution]\nboom()\n```\n"
            "```python\n%matplotlib inline\ny = x + 1\n```\n")
    assert executable_blocks(page) == [
        ("x = 1\n", False), ("1 / 0\n", True), ("%matplotlib inline\ny = x + 1\n", False)]
    # magics are dropped from code cells only (a ```python block is plain Python)
    assert executable_blocks("```{code-cell}\n%matplotlib inline\nz = 2\n```\n") == [("z = 2\n", False)]


def _workdir(page: Path, tmp_path: Path) -> Path:
    if page.parent == ROOT:
        return tmp_path
    shutil.copytree(DOCS, tmp_path / "docs", ignore=COPY_IGNORE)
    return tmp_path / "docs" / page.parent.relative_to(DOCS)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_run(page: Path, monkeypatch, tmp_path, capsys):
    blocks = executable_blocks(page.read_text(encoding="utf-8"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(_workdir(page, tmp_path))
    monkeypatch.setattr(sys, "path", list(sys.path))  # a page's sys.path.insert stays with the page
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    try:
        for i, (block, must_raise) in enumerate(blocks, 1):
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=".*non-interactive, and thus cannot be shown")
                try:
                    exec(compile(block, f"{page.name}[block {i}]", "exec"), namespace)
                except Exception as exc:  # pragma: no cover - the message is the point
                    if must_raise:
                        continue
                    raise AssertionError(f"{page.name}, block {i} failed: {exc!r}\n{block}") from exc
            if must_raise:
                raise AssertionError(f"{page.name}, block {i} is tagged raises-exception but did not raise\n{block}")
    finally:
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
    if page.parent.name == "exercises":
        failed = [ln for ln in capsys.readouterr().out.splitlines() if ln.lstrip().startswith("FAIL")]
        assert not failed, f"{page.name}: checks failed with the solutions filled in: {failed}"


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
