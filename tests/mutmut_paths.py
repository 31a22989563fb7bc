"""pytest plugin for mutation testing only (loaded by mutmut with ``-p tests.mutmut_paths``; see tests/README.md).

mutmut copies ``radontv/`` and ``checks/`` into ``mutants/`` and puts ``mutants/`` first on ``sys.path``, so
``import radontv`` loads the mutated copy.  ``radontv.checks`` is not a subdirectory of ``radontv/`` (setuptools maps
``checks/`` onto it with ``package-dir``), so the editable install's finder would load the unmutated ``checks/``; and
mutmut names the mutants of ``checks/rescaling.py`` ``checks.rescaling.*``, activating one only inside a module whose
``__name__`` is ``checks.rescaling``.  This finder, placed first, therefore makes ``radontv.checks[.X]`` an alias of
the module ``checks[.X]`` loaded from ``mutants/checks``, and resolves ``radontv.theory`` to the ``theory/`` beside
``mutants/`` (so a copy of the project can be mutation-tested while the editable install points elsewhere).
"""

from __future__ import annotations

import importlib
import sys
from importlib.machinery import ModuleSpec, PathFinder
from pathlib import Path
from types import ModuleType

_MUTANTS = Path.cwd()
_CHECKS = "radontv.checks"


class _Alias:
    """Loader that returns an already importable module under a second name."""

    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        return importlib.import_module(self.target)

    def exec_module(self, module: ModuleType) -> None:
        pass


class _MutatedChecksFinder:
    """Meta path finder for ``radontv.checks[.X]`` and ``radontv.theory`` (installed only inside ``mutants/``)."""

    @classmethod
    def find_spec(cls, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if fullname == _CHECKS or fullname.startswith(_CHECKS + "."):
            alias = fullname[len("radontv."):]
            return ModuleSpec(fullname, _Alias(alias), is_package=fullname == _CHECKS)
        if fullname == "radontv.theory":
            return PathFinder.find_spec(fullname, [str(_MUTANTS.parent)])
        return None


if _MUTANTS.name == "mutants" and (_MUTANTS / "checks" / "__init__.py").is_file():
    for _name, _root in ((_CHECKS, _MUTANTS), ("radontv.theory", _MUTANTS.parent)):
        if _name in sys.modules and not str(sys.modules[_name].__file__).startswith(str(_root)):
            raise RuntimeError(f"{_name} was imported from another tree before the mutmut plugin loaded")
    sys.meta_path.insert(0, _MutatedChecksFinder())
