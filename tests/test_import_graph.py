"""No import cycle in radontv: the module-level import graph of radontv/ is acyclic (issue 15).

An import cycle is held together by the order in which modules happen to be imported (or by a module-level
``__getattr__`` that imports lazily a module importing this one, as radontv/splines.py once did with regression.py
and splines_interp.py).  The graph is read from the sources (``ast``): the edges are the imports executed when a module
is imported — top-level statements, including those inside top-level ``if``/``try`` blocks but not the
``if TYPE_CHECKING:`` ones — plus the imports inside a module-level ``__getattr__`` (a re-export mechanism, so part of
the module's interface).  Imports inside other functions are deferred on purpose and are not edges.

Independent route: every module of the one-dimensional family is also imported alone in a fresh interpreter, in both
orders, and its public names are the same objects whichever module was imported first.
Negative controls: the same graph check must find the cycle of the old splines.py (its ``__getattr__`` importing
regression, which imports splines) and a plain top-level cycle added to the sources.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "radontv"


def _sources() -> dict[str, tuple[str, bool]]:
    """``{module name: (source, is_package)}`` for every module under radontv/."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        is_pkg = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_pkg else parts)] = (path.read_text(encoding="utf-8"), is_pkg)
    return out


def _targets(module: str, is_pkg: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules an import statement may load: ``from a import b`` loads ``a`` and, if it is a module, ``a.b``."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".") if is_pkg else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    return [target] + [f"{target}.{alias.name}" for alias in node.names]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_time_nodes(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports run at import time (top level, top-level if/try bodies except TYPE_CHECKING) or by ``__getattr__``."""
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        stmt = pending.pop()
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            found.append(stmt)
        elif isinstance(stmt, ast.If):
            if not _is_type_checking(stmt.test):
                pending.extend(stmt.body)
            pending.extend(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            pending.extend(stmt.body + stmt.orelse + stmt.finalbody)
            for handler in stmt.handlers:
                pending.extend(handler.body)
        elif isinstance(stmt, ast.FunctionDef) and stmt.name == "__getattr__":
            found.extend(n for n in ast.walk(stmt) if isinstance(n, ast.Import | ast.ImportFrom))
    return found


def _parse(text: str) -> ast.Module:
    """The syntax tree; a SyntaxWarning of some module (e.g. an invalid escape in a docstring) is not this test's."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        return ast.parse(text)


def import_graph(sources: dict[str, tuple[str, bool]]) -> dict[str, set[str]]:
    """Edges ``module -> modules it imports at import time`` among the given modules."""
    graph: dict[str, set[str]] = {}
    for module, (text, is_pkg) in sources.items():
        deps: set[str] = set()
        for node in _import_time_nodes(_parse(text)):
            deps.update(t for t in _targets(module, is_pkg, node) if t in sources and t != module)
        graph[module] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_radontv_has_no_import_cycle():
    sources = _sources()
    assert "radontv.splines" in sources and "radontv.regression" in sources  # the probe reads the real tree
    assert cycles(import_graph(sources)) == []


def test_the_one_dimensional_family_imports_one_way():
    graph = import_graph(_sources())
    assert "radontv.linear_spline" in graph["radontv.splines_interp"]
    assert "radontv.linear_spline" in graph["radontv.regression"]
    assert "radontv.splines_interp" in graph["radontv.regression"]
    assert {"radontv.linear_spline", "radontv.splines_interp", "radontv.regression"} <= graph["radontv.splines"]
    # the type at the bottom imports no solver, not even lazily inside a function
    tree = _parse((PACKAGE / "linear_spline.py").read_text(encoding="utf-8"))
    loaded = {t for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)
              for t in _targets("radontv.linear_spline", False, n)}
    assert not loaded & {"radontv.splines", "radontv.splines_interp", "radontv.regression",
                         "radontv.regression_active_set", "radontv.regression_certificate"}


OLD_SPLINES_GETATTR = '''
def __getattr__(name):
    if name in ("tv2_regression", "lambda_max"):
        from . import regression

        return getattr(regression, name)
    raise AttributeError(name)
'''


def _old_layout(with_getattr: bool) -> dict[str, tuple[str, bool]]:
    """The sources as they were before issue 15: the spline type in splines.py, re-exporting the regression solver
    through a module-level ``__getattr__``, and regression.py importing the type from splines.py."""
    sources = dict(_sources())
    spline_type, _ = sources["radontv.linear_spline"]
    sources["radontv.splines"] = (spline_type + (OLD_SPLINES_GETATTR if with_getattr else ""), False)
    reg, _ = sources["radontv.regression"]
    assert "from .linear_spline import" in reg
    sources["radontv.regression"] = (reg.replace("from .linear_spline import", "from .splines import"), False)
    return sources


def test_negative_control_the_old_getattr_cycle_is_found():
    found = cycles(import_graph(_old_layout(with_getattr=True)))
    assert any({"radontv.splines", "radontv.regression"} <= set(c) for c in found), found
    assert cycles(import_graph(_old_layout(with_getattr=False))) == []  # the __getattr__ alone closes the cycle


def test_negative_control_a_top_level_cycle_is_found():
    sources = dict(_sources())
    text, _ = sources["radontv.linear_spline"]
    sources["radontv.linear_spline"] = (text + "\nfrom .splines_interp import min_tv2\n", False)
    assert ["radontv.linear_spline", "radontv.splines_interp"] in cycles(import_graph(sources))


def test_negative_control_deferred_and_type_checking_imports_are_not_edges():
    sources = {"p": ("", True),
               "p.a": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import b\n"
                       "def f():\n    from . import b\n", False),
               "p.b": ("from . import a\n", False)}
    assert cycles(import_graph(sources)) == []
    sources["p.a"] = ("try:\n    from . import b\nexcept ImportError:\n    pass\n", False)  # runs at import time
    assert cycles(import_graph(sources)) == [["p.a", "p.b"]]


FAMILY = ["radontv.linear_spline", "radontv.splines_interp", "radontv.regression_certificate",
          "radontv.regression_active_set", "radontv.regression", "radontv.splines"]


@pytest.mark.parametrize("order", [FAMILY, FAMILY[::-1]], ids=["bottom-up", "top-down"])
def test_each_module_imports_alone_in_a_fresh_interpreter(order):
    script = (
        "import importlib, sys\n"
        f"for name in {order!r}:\n"
        "    for loaded in [m for m in sys.modules if m.startswith('radontv')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
        f"mods = [importlib.import_module(n) for n in {order!r}]\n"
        "import radontv.splines as s, radontv.regression as r, radontv.splines_interp as i, "
        "radontv.linear_spline as t\n"
        "assert s.tv2_regression is r.tv2_regression and s.lambda_max is r.lambda_max\n"
        "assert s.LinearSpline is t.LinearSpline is r.LinearSpline and s.min_tv2 is i.min_tv2\n"
        "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
