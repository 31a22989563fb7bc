"""PEP 562 lazy public names: one loader for every package of radontv that imports its names on first use."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_names(namespace: dict[str, Any],
               table: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module-level ``__getattr__`` and ``__dir__`` of the package whose ``globals()`` is ``namespace``.

    ``table`` maps each public name to the (relative) module that defines it; a name is imported on first access and
    cached in ``namespace``, so later lookups are ordinary attribute reads.  Usage, in a package's ``__init__``::

        __getattr__, __dir__ = lazy_names(globals(), _LAZY)
    """
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(table))

    return __getattr__, __dir__
