"""The claim catalog: every claim radontv knows, listed in this one file by family.

Each family declares its claims in ``radontv/catalog/<family>.py`` as a tuple ``CLAIMS``; this module concatenates
them in reading order.  Nothing registers itself on import: to add a family, add a line to ``_FAMILIES`` below.
"""

from __future__ import annotations

import difflib

from ..claims import Claim
from ..errors import InvalidInput, UnknownClaim
from . import deep, multivariate, radon, rates, rescaling, training, univariate

__all__ = ["CATALOG", "FAMILIES", "get", "select"]

_FAMILIES = (
    rescaling,
    univariate,
    training,
    radon,
    multivariate,
    deep,
    rates,
)

#: Family names in reading order.
FAMILIES: tuple[str, ...] = tuple(module.__name__.rsplit(".", 1)[1] for module in _FAMILIES)
#: Every claim, in reading order.
CATALOG: tuple[Claim, ...] = tuple(claim for module in _FAMILIES for claim in module.CLAIMS)

_BY_ID = {claim.id: claim for claim in CATALOG}
if len(_BY_ID) != len(CATALOG):  # pragma: no cover - guarded by tests/test_catalog.py
    raise InvalidInput("duplicate claim ids in the catalog")


def get(claim_id: str) -> Claim:
    """The claim with this id; :class:`~radontv.UnknownClaim` names the closest ids when there is none."""
    try:
        return _BY_ID[claim_id]
    except KeyError:
        close = difflib.get_close_matches(claim_id, list(_BY_ID), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; run `radontv list` for all ids"
        raise UnknownClaim(f"no claim {claim_id!r} in the catalog{hint}") from None


def select(patterns: list[str] | tuple[str, ...] = ()) -> tuple[Claim, ...]:
    """Claims matching any of ``patterns``: an exact id, or a family name (all its claims); all when empty."""
    if not patterns:
        return CATALOG
    chosen: list[Claim] = []
    for pattern in patterns:
        if pattern in FAMILIES:
            matches = [c for c in CATALOG if c.family == pattern]
        else:
            matches = [get(pattern)]
        chosen.extend(c for c in matches if c not in chosen)
    return tuple(chosen)
