"""Every registered claim has its four rooms: numeric check, property tests, docs entry, derivation or reason."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from radontv.catalog import CATALOG, FAMILIES, get, select
from radontv.claims import Claim
from radontv.errors import InvalidInput, UnknownClaim

ROOT = Path(__file__).resolve().parent.parent
IDS = [c.id for c in CATALOG]


def _functions(path: Path) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(path.read_text())
    return {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def _decorator_names(fn: ast.FunctionDef) -> set[str]:
    names = set()
    for dec in fn.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        names.add(target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", ""))
    return names


def test_catalog_is_not_empty_and_ids_are_unique():
    assert CATALOG, "the catalog lists no claim"
    assert len(IDS) == len(set(IDS))


def _in_family_room(reference: str, family: str) -> bool:
    """``radontv.checks.<family>:f``, or a module of the family split by concept: ``radontv.checks.<family>_<part>``."""
    module = reference.partition(":")[0]
    return module == f"radontv.checks.{family}" or module.startswith(f"radontv.checks.{family}_")


@pytest.mark.parametrize("claim", CATALOG, ids=IDS)
def test_claim_has_a_numeric_check(claim: Claim):
    check = claim.load_check()
    assert callable(check)
    assert _in_family_room(claim.check, claim.family), f"{claim.id}: {claim.check} is outside checks/{claim.family}*"


@pytest.mark.parametrize(("reference", "ok"), [("radontv.checks.radon:check_x", True),
                                               ("radontv.checks.radon_ridges:check_x", True),
                                               ("radontv.checks.rates:check_x", False),
                                               ("radontv.checks.radonx:check_x", False)])
def test_family_room_rule(reference, ok):
    # negative control: another family's module (or a mere prefix of the name) is not the family's room
    assert _in_family_room(reference, "radon") is ok


@pytest.mark.parametrize("claim", CATALOG, ids=IDS)
def test_claim_has_a_derivation_or_a_reason(claim: Claim):
    if claim.derivation is None:
        assert claim.no_derivation_reason and len(claim.no_derivation_reason) > 20
    else:
        assert claim.derivation.startswith(f"radontv.theory.{claim.family}:")
        assert callable(claim.load_derivation())


@pytest.mark.parametrize("claim", CATALOG, ids=IDS)
def test_claim_has_property_tests_decorated_with_given(claim: Claim):
    for node_id in claim.property_tests:
        file, _, name = node_id.partition("::")
        name = name.split("[", 1)[0].split("::")[-1]
        path = ROOT / file
        assert path.is_file(), f"{claim.id}: {file} does not exist"
        functions = _functions(path)
        assert name in functions, f"{claim.id}: {name} is not defined in {file}"
        assert "given" in _decorator_names(functions[name]), f"{claim.id}: {node_id} is not a hypothesis test"


@pytest.mark.parametrize("claim", CATALOG, ids=IDS)
def test_claim_has_a_docs_entry(claim: Claim):
    path = ROOT / claim.docs
    assert path.is_file(), f"{claim.id}: {claim.docs} does not exist"
    headings = [line for line in path.read_text().splitlines() if line.startswith("#")]
    assert any(f"`{claim.id}`" in h for h in headings), f"{claim.id}: no heading in {claim.docs} names it"


@pytest.mark.parametrize("claim", CATALOG, ids=IDS)
def test_claim_is_declared_with_source_and_statement(claim: Claim):
    assert claim.family in FAMILIES
    assert claim.title and claim.statement and claim.source
    assert re.search(r"\d", claim.source), f"{claim.id}: the source should name a theorem, equation or section"


def test_select_by_family_and_id():
    for family in FAMILIES:
        assert all(c.family == family for c in select([family]))
    if CATALOG:
        assert select([CATALOG[0].id]) == (CATALOG[0],)


def test_unknown_claim_suggests_close_ids():
    with pytest.raises(UnknownClaim, match=r"radontv list|did you mean"):
        get("no.such_claim")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"id": "NoDot"}, "family.name"),
        ({"check": "checks.x:y"}, "evidence reference"),
        ({"derivation": None}, "exactly one"),
        ({"no_derivation_reason": "because"}, "exactly one"),
        ({"property_tests": ()}, "property test"),
    ],
)
def test_claim_declarations_validate_themselves(kwargs, match):
    base = dict(id="fam.name", title="t", statement="s", source="PN21 Thm 1", check="radontv.checks.fam:check_x",
                property_tests=("tests/test_fam.py::test_x",), docs="docs/fam.md",
                derivation="radontv.theory.fam:derive_x")
    base.update(kwargs)
    with pytest.raises(InvalidInput, match=match):
        Claim(**base)
