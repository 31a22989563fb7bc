"""Claims of the univariate family (declared below; see docs/univariate.md)."""

from __future__ import annotations

from ..claims import Claim

CLAIMS: tuple[Claim, ...] = ()
