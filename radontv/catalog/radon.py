"""Claims of the radon family (declared below; see docs/radon.md)."""

from __future__ import annotations

from ..claims import Claim

CLAIMS: tuple[Claim, ...] = ()
