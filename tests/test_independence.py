"""The three kinds of evidence stay independent of each other and of the implementation they check.

* ``theory/`` derives from first principles: it imports sympy, the standard library and the evidence record types
  (``radontv.evidence``), never the numeric implementation.
* ``radontv/`` (the implementation) never imports the checks.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
THEORY_ALLOWED = {"sympy", "radontv.evidence", "__future__", "mpmath"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            found.add(base)
            if node.module is None:
                found.update("." * node.level + alias.name for alias in node.names)
    return found


def _allowed_in_theory(name: str) -> bool:
    top = name.split(".")[0]
    if name.startswith("."):  # relative imports stay inside theory/
        return True
    if top in sys.stdlib_module_names:
        return True
    return any(name == ok or name.startswith(ok + ".") for ok in THEORY_ALLOWED)


@pytest.mark.parametrize("path", sorted((ROOT / "theory").glob("*.py")), ids=lambda p: p.name)
def test_theory_does_not_import_the_implementation(path: Path):
    bad = sorted(name for name in _imports(path) if not _allowed_in_theory(name))
    assert not bad, f"{path.name} imports {bad}; derivations may use only sympy, mpmath, stdlib and radontv.evidence"


@pytest.mark.parametrize("path", sorted((ROOT / "radontv").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_implementation_does_not_import_checks(path: Path):
    bad = sorted(n for n in _imports(path) if "checks" in n.split("."))
    assert not bad, f"{path} imports {bad}; the implementation must not depend on the checks"
