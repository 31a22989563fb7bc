"""pytest plugin for mutation testing only (loaded by mutmut with ``-p tests.mutmut_paths``; see tests/README.md).

mutmut copies ``radontv/`` and ``checks/`` into ``mutants/`` and puts ``mutants/`` first on ``sys.path``, so
``import radontv`` loads the mutated copy.  ``radontv.checks`` is not a subdirectory of ``radontv/`` (setuptools maps
``checks/`` onto it with ``package-dir``), so the editable install's finder would load the unmutated ``checks/``.  This
finder, placed first, resolves ``radontv.checks`` to ``mutants/checks`` and ``radontv.theory`` to the ``theory/`` beside
``mutants/`` (so a copy of the project can be mutation-tested while the editable install points elsewhere); their
submodules follow through ``__path__``.
"""

from __future__ import annotations

import sys
from importlib.machinery import ModuleSpec, PathFinder
from pathlib import Path

_MUTANTS = Path.cwd()


class _MutatedChecksFinder:
    """Meta path finder for ``radontv.checks`` and ``radontv.theory`` (installed only inside mutmut's ``mutants/``)."""

    @classmethod
    def find_spec(cls, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if fullname == "radontv.checks":
            return PathFinder.find_spec(fullname, [str(_MUTANTS)])
        if fullname == "radontv.theory":
            return PathFinder.find_spec(fullname, [str(_MUTANTS.parent)])
        return None


if _MUTANTS.name == "mutants" and (_MUTANTS / "checks" / "__init__.py").is_file():
    for _name, _root in (("radontv.checks", _MUTANTS), ("radontv.theory", _MUTANTS.parent)):
        if _name in sys.modules and not str(sys.modules[_name].__file__).startswith(str(_root)):
            raise RuntimeError(f"{_name} was imported from another tree before the mutmut plugin loaded")
    sys.meta_path.insert(0, _MutatedChecksFinder())
