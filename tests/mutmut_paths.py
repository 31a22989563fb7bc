"""pytest plugin for mutation testing only (loaded by mutmut with ``-p tests.mutmut_paths``; see tests/README.md).

mutmut copies ``radontv/`` and ``checks/`` into ``mutants/`` and puts ``mutants/`` first on ``sys.path``, so
``import radontv`` loads the mutated copy.  ``radontv.checks`` is not a subdirectory of ``radontv/`` (setuptools maps
``checks/`` onto it with ``package-dir``), so the editable install's finder would load the unmutated ``checks/``.  This
finder, placed first, resolves ``radontv.checks`` to ``mutants/checks``; its submodules follow through ``__path__``.
"""

from __future__ import annotations

import sys
from importlib.machinery import ModuleSpec, PathFinder
from pathlib import Path

_MUTANTS = Path.cwd()


class _MutatedChecksFinder:
    """Meta path finder: ``radontv.checks`` from ``mutants/checks`` (only when run inside mutmut's ``mutants/``)."""

    @classmethod
    def find_spec(cls, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if fullname != "radontv.checks":
            return None
        return PathFinder.find_spec(fullname, [str(_MUTANTS)])


if _MUTANTS.name == "mutants" and (_MUTANTS / "checks" / "__init__.py").is_file():
    if "radontv.checks" in sys.modules and not str(sys.modules["radontv.checks"].__file__).startswith(str(_MUTANTS)):
        raise RuntimeError("radontv.checks was imported from the unmutated tree before the mutmut plugin loaded")
    sys.meta_path.insert(0, _MutatedChecksFinder())
