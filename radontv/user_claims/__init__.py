"""Users' own claims: ``@radontv.claim``, catalogs loaded by ``radontv check --catalog``, and how they are run.

* :mod:`.record` — :class:`UserClaim` and the decorator :func:`claim` (``radontv.claim``);
* :mod:`.loading` — :func:`load_catalogs` (a file, a module or an entry point of the group ``radontv.catalogs``)
  and :func:`select_claims`;
* :mod:`.search` — :func:`run_user_check`: inputs drawn by hypothesis with a seed, evaluated at the working
  precision, a refuting input shrunk to a minimal counterexample.

The comparisons a claim returns are :func:`radontv.equal`, :func:`radontv.at_most` and :func:`radontv.at_least`
(:mod:`radontv.comparisons`).  ``Proof`` is the step bookkeeping of radontv's own derivations
(``radontv.theory._proof.Proof``), for a user's sympy derivation judged by the same rules (``docs/user-claims.md``).
"""

from __future__ import annotations

from typing import Any

from .loading import GROUP, UserCatalog, load_catalogs, select_claims
from .record import DEFAULT_DPS, DEFAULT_EXAMPLES, UserClaim, claim
from .search import run_user_check

__all__ = ["DEFAULT_DPS", "DEFAULT_EXAMPLES", "GROUP", "Proof", "UserCatalog", "UserClaim", "claim", "load_catalogs",
           "run_user_check", "select_claims"]


def __getattr__(name: str) -> Any:
    """``Proof`` on first use (it imports sympy)."""
    if name == "Proof":
        from radontv.theory._proof import Proof

        return Proof
    raise AttributeError(f"module 'radontv.user_claims' has no attribute {name!r}")
