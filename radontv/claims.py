"""The declared form of a claim and of the links to its evidence.

A :class:`Claim` is a small immutable record: an id (``family.name``), a title, the statement in LaTeX, its
hypotheses, the convention it is stated in, its source in the literature (paper and theorem or equation), and
references to its three kinds of evidence:

* ``derivation``: ``"radontv.theory.<family>:<function>"``, a sympy derivation returning a
  :class:`~radontv.evidence.Derivation` (or ``None`` with ``no_derivation_reason`` saying why there is none);
* ``check``: ``"radontv.checks.<family>:<function>"``, a numeric check called as ``check(*, dps, examples, seed)``
  and returning a :class:`~radontv.evidence.CheckResult`;
* ``property_tests``: pytest node ids ``"tests/test_<family>.py::test_name"`` of hypothesis tests;
* ``docs``: ``"docs/<family>.md"``, whose text contains a heading with the claim id;
* ``catalog_entries``: the IDs of the specification's catalog the claim checks (``"B1"``, ``"H16"``, ...), each one
  of :data:`radontv.catalog._spec_ids.SPEC_IDS` (an unknown ID is rejected here, when the claim is constructed).

References are strings resolved only when evidence is run, so importing radontv never imports the checks.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import InvalidInput

__all__ = ["Claim", "resolve"]

_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")
_REF = re.compile(r"^radontv\.(theory|checks)\.[a-z_][a-z0-9_.]*:[a-z_][a-z0-9_]*$")


@dataclass(frozen=True)
class Claim:
    """One claim of the theory, with its source and the references to its evidence."""

    id: str
    title: str
    statement: str
    source: str
    check: str
    property_tests: tuple[str, ...]
    docs: str
    hypotheses: tuple[str, ...] = ()
    convention: str = ""
    derivation: str | None = None
    no_derivation_reason: str | None = None
    catalog_entries: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise InvalidInput(f"claim id {self.id!r} must look like 'family.name' in lower case")
        for ref in (self.check, self.derivation):
            if ref is not None and not _REF.match(ref):
                raise InvalidInput(
                    f"{self.id}: evidence reference {ref!r} must look like 'radontv.checks.family:function'"
                )
        if (self.derivation is None) == (self.no_derivation_reason is None):
            raise InvalidInput(f"{self.id}: give exactly one of derivation= and no_derivation_reason=")
        if not self.property_tests:
            raise InvalidInput(f"{self.id}: name at least one property test")
        _check_catalog_entries(self.id, self.catalog_entries)

    @property
    def family(self) -> str:
        """The claim family: the part of the id before the first dot."""
        return self.id.split(".", 1)[0]

    def load_check(self) -> Callable[..., Any]:
        """Import and return the numeric check function."""
        return resolve(self.check)

    def load_derivation(self) -> Callable[..., Any] | None:
        """Import and return the derivation function, or ``None`` when the claim has none."""
        return resolve(self.derivation) if self.derivation else None


def _check_catalog_entries(claim_id: str, entries: object) -> None:
    """Raise :class:`~radontv.InvalidInput` unless ``entries`` is a tuple of IDs of the specification's catalog."""
    from .catalog._spec_ids import SPEC_IDS  # imported here: radontv.catalog imports this module

    if not isinstance(entries, tuple) or not all(isinstance(e, str) for e in entries):
        raise InvalidInput(f"{claim_id}: catalog_entries must be a tuple of IDs such as ('B1', 'H16'), got {entries!r}")
    unknown = [e for e in entries if e not in SPEC_IDS]
    if unknown:
        letters: dict[str, int] = {}
        for known in SPEC_IDS:
            letters[known[0]] = max(letters.get(known[0], 0), int(known[1:]))
        ranges = ", ".join(f"{letter}1-{letter}{last}" for letter, last in letters.items())
        raise InvalidInput(f"{claim_id}: catalog entries {unknown} are not IDs of the specification "
                           f"(shared/spec/theory-catalog.md: {ranges}); name existing entries, or add the new entry to "
                           "radontv/catalog/_spec_ids.py when the specification has it")


def resolve(reference: str) -> Callable[..., Any]:
    """Import ``"package.module:function"`` and return the function."""
    module_name, _, attr = reference.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attr)
