"""radontv: check, three independent ways, what ReLU networks trained with weight decay learn.

The implementation lives here (networks, seminorms, Radon transforms, solvers, the command line); symbolic
derivations in :mod:`radontv.theory`, numeric checks in :mod:`radontv.checks`, and the claim catalog in
:mod:`radontv.catalog`.  See the README for a tour.

Importing ``radontv`` (which ``import radontv.theory.<family>`` does first) loads only the errors and the evidence
records; the numeric names (networks, canonical forms, TV^2) are imported on first use (PEP 562 ``__getattr__``), so
that the derivations stay independent of the implementation at run time (``tests/test_independence.py``).

PYTEST_DONT_REWRITE: radontv ships a pytest plugin (entry point ``pytest11``), so pytest marks the whole package for
assertion rewriting; a program that imports radontv before starting pytest (``pytest.main`` in a script, mutmut)
would otherwise get "Module already imported so cannot be rewritten", an error under ``-W error``.  The library's
code does not rely on rewritten asserts.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from ._lazy import lazy_names
from .errors import FitNotCertified, InexactOperation, InvalidInput, RadontvError, UnknownClaim
from .evidence import CheckResult, Derivation, Verdict

if TYPE_CHECKING:  # for type checkers and IDEs; at run time these come from __getattr__
    from .canonical_form import CanonicalForm, canonical, rtv2, witness
    from .comparisons import at_least, at_most, equal
    from .network import ReLUNetwork, relu
    from .tv2 import tv2
    from .user_claims import claim

#: The numeric names, imported from their module on first access.
_LAZY = {
    "CanonicalForm": ".canonical_form",
    "canonical": ".canonical_form",
    "rtv2": ".canonical_form",
    "witness": ".canonical_form",
    "ReLUNetwork": ".network",
    "relu": ".network",
    "tv2": ".tv2",
    "claim": ".user_claims",  # users' own claims (docs/user-claims.md)
    "equal": ".comparisons",
    "at_most": ".comparisons",
    "at_least": ".comparisons",
}

__all__ = [
    "CanonicalForm",
    "CheckResult",
    "Derivation",
    "FitNotCertified",
    "InexactOperation",
    "InvalidInput",
    "RadontvError",
    "ReLUNetwork",
    "UnknownClaim",
    "Verdict",
    "at_least",
    "at_most",
    "canonical",
    "claim",
    "equal",
    "relu",
    "rtv2",
    "tv2",
    "witness",
]

__version__ = "0.1.0"


__getattr__, __dir__ = lazy_names(globals(), _LAZY)


class _Package(types.ModuleType):
    """The package keeps the function ``tv2`` when its submodule ``radontv.tv2`` is first imported elsewhere.

    Importing a submodule binds it as an attribute of the package (``radontv.tv2 = <module>``); with the eager
    imports of old, ``from .tv2 import tv2`` rebound the name to the function.  Here the binding is redirected to the
    public name the submodule defines, so ``radontv.tv2`` is the function whichever import comes first.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == f".{name}":
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
