"""Claims of the multivariate family (declared below; see docs/multivariate.md)."""

from __future__ import annotations

from ..claims import Claim

CLAIMS: tuple[Claim, ...] = ()
