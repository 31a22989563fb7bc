"""The three kinds of evidence stay independent of each other and of the implementation they check.

* ``theory/`` derives from first principles: it imports sympy, the standard library and the evidence record types
  (``radontv.evidence``), never the numeric implementation.
* ``radontv/`` (the implementation) never imports the checks.

Both rules are checked twice: on the import lines (AST) and at run time, by importing in a fresh interpreter and
reading ``sys.modules`` (``import radontv.theory.radon`` runs ``radontv/__init__.py`` first, so import lines alone do
not tell what a derivation loads).  Each run-time probe has a negative control that makes it fail.

The sympy helpers every family uses (``relu``, ``sphere_area``, ...) are defined once, in ``theory/_common.py``.
"""

from __future__ import annotations

import ast
import json
import subprocess
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


# -- the same rules at run time: what an import actually loads (sys.modules in a fresh interpreter) --------------------
#: What ``import radontv.theory.<family>`` may load from radontv: the package (errors and evidence records eager,
#: numeric names lazy), the evidence layer (verdicts, tolerance law: mpmath only) and the derivations themselves.
THEORY_RUNTIME_ALLOWED = {"radontv", "radontv._lazy", "radontv.errors", "radontv.evidence", "radontv.precision",
                          "radontv.theory"}  # radontv._lazy: the PEP 562 loader (importlib only)
#: Third-party numeric stacks the implementation uses and the derivations must not need.  (python-flint is not
#: listed: sympy itself loads it as its ground types when it is installed.)
NUMERIC_STACKS = {"numpy", "scipy", "matplotlib", "skimage", "sklearn", "cvxpy", "pandas", "torch"}
THEORY_FAMILIES = sorted(p.stem for p in (ROOT / "theory").glob("*.py") if not p.stem.startswith("_"))


def _loaded(code: str) -> set[str]:
    """``sys.modules`` after running ``code`` in a fresh interpreter (nothing inherited from this test process)."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False, cwd=ROOT,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def _theory_probe(*, call: bool, preamble: str = "") -> str:
    """Code that imports every theory family and every derivation function of the catalog (and calls them)."""
    from radontv.catalog import CATALOG  # the catalog is read here, in the test process, not in the probe

    refs = [claim.derivation for claim in CATALOG if claim.derivation]
    modules = [f"radontv.theory.{family}" for family in THEORY_FAMILIES]
    return (f"{preamble}\nimport importlib\n"
            f"for name in {modules!r}:\n    importlib.import_module(name)\n"
            f"for ref in {refs!r}:\n"
            "    module, _, name = ref.partition(':')\n"
            "    derive = getattr(importlib.import_module(module), name)\n"
            f"    if {call!r}:\n        assert derive().verdict.value == 'proved', ref\n")


def _numeric_modules(loaded: set[str]) -> list[str]:
    radontv_numeric = [m for m in loaded if m.split(".")[0] == "radontv" and m not in THEORY_RUNTIME_ALLOWED
                       and not m.startswith("radontv.theory.")]
    return sorted(radontv_numeric + [m for m in loaded if m in NUMERIC_STACKS])


def test_theory_families_exist():
    assert {"rescaling", "univariate", "training", "radon", "multivariate"} <= set(THEORY_FAMILIES)


def test_importing_theory_loads_no_numeric_implementation():
    loaded = _loaded(_theory_probe(call=False))
    assert {f"radontv.theory.{family}" for family in THEORY_FAMILIES} <= loaded  # the probe did import them
    assert not _numeric_modules(loaded), _numeric_modules(loaded)


@pytest.mark.slow
def test_running_every_derivation_loads_no_numeric_implementation():
    loaded = _loaded(_theory_probe(call=True))
    assert not _numeric_modules(loaded), _numeric_modules(loaded)


@pytest.mark.parametrize(("preamble", "culprit"), [("import radontv.network", "radontv.network"),
                                                   ("from radontv import ReLUNetwork", "radontv.network"),
                                                   ("import radontv.splines", "radontv.splines"),
                                                   ("import numpy", "numpy")])
def test_theory_probe_detects_a_numeric_import(preamble, culprit):
    # negative control: the same probe, after one numeric import, must name it
    assert culprit in _numeric_modules(_loaded(_theory_probe(call=False, preamble=preamble)))


def _implementation_modules() -> list[str]:
    """Every module of radontv/ on disk (theory/ and checks/ live elsewhere and are mapped in by the install)."""
    names = []
    for path in sorted((ROOT / "radontv").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _implementation_probe(preamble: str = "") -> str:
    return (f"{preamble}\nimport importlib\nimport radontv\n"
            "public = [getattr(radontv, name) for name in radontv.__all__]\n"
            f"for name in {_implementation_modules()!r}:\n    importlib.import_module(name)\n")


def test_importing_the_implementation_loads_no_checks():
    loaded = _loaded(_implementation_probe())
    assert {"radontv.network", "radontv.cli", "radontv.runner"} <= loaded  # the probe did import them
    assert not [m for m in loaded if m.startswith("radontv.checks")]


def test_implementation_probe_detects_checks():
    # negative control: the same probe after importing a check module must see it
    loaded = _loaded(_implementation_probe(preamble="import radontv.checks.radon"))
    assert "radontv.checks.radon" in loaded


def test_package_names_are_lazy_but_complete():
    loaded = _loaded("import radontv")
    assert _numeric_modules(loaded) == []
    code = ("import radontv\nassert set(radontv.__all__) <= set(dir(radontv))\n"
            "from radontv import ReLUNetwork, tv2\nimport radontv.tv2\n"
            "assert radontv.tv2 is tv2 and callable(tv2) and ReLUNetwork.__name__ == 'ReLUNetwork'\n"
            "assert all(getattr(radontv, n) is not None for n in radontv.__all__)\n"
            "try:\n    radontv.no_such_name\nexcept AttributeError:\n    pass\nelse:\n    raise SystemExit(1)\n")
    assert "radontv.network" in _loaded(code)


# -- the shared sympy helpers are defined once (theory/_common.py) ---------------------------------------------------
SHARED_THEORY_HELPERS = {"relu", "sphere_area", "simplify_gamma", "increasing_sites"}


def _helper_copies(source: str) -> set[str]:
    """Module-level functions of ``source`` whose name (leading underscores dropped) is a shared helper's."""
    tree = ast.parse(source)
    return {node.name for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.lstrip("_") in SHARED_THEORY_HELPERS}


@pytest.mark.parametrize("path", sorted((ROOT / "theory").glob("*.py")), ids=lambda p: p.name)
def test_shared_theory_helpers_are_not_copied(path: Path):
    if path.name == "_common.py":
        assert _helper_copies(path.read_text()) == SHARED_THEORY_HELPERS
    else:
        assert not _helper_copies(path.read_text()), f"{path.name}: import it from theory/_common.py instead"


def test_helper_copies_are_found():
    # negative control: a private copy under another underscore is still a copy; other names are not
    assert _helper_copies("def _relu(z):\n    return z\n\ndef relu_like(z):\n    return z\n") == {"_relu"}
