"""Claims of the training family (declared below; see docs/training.md)."""

from __future__ import annotations

from ..claims import Claim

CLAIMS: tuple[Claim, ...] = ()
