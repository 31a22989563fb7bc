"""Claims of the rescaling / weight-decay family (filled in below)."""

from __future__ import annotations

from ..claims import Claim

CLAIMS: tuple[Claim, ...] = ()
