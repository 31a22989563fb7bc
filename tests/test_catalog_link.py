"""The link from claims to the specification's catalog (``Claim.catalog_entries`` -> ``shared/spec/theory-catalog.md``).

* The vendored IDs (radontv/catalog/_spec_ids.py) equal the specification's, read here by a parser of its own
  (skipped, with the reason, when the specification is not beside the checkout).
* Every claim names only known IDs; a claim naming ``Z9`` is rejected when it is constructed (``Claim.__post_init__``).
* Every ID of the specification is named by some claim or listed in ``LEFT_OUT`` with a reason, never both.
* ``radontv list --json`` and ``radontv list ID`` show the entries.

Each comparison has a negative control (a removed, added or retitled heading; an unknown ID; a forgotten entry).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest

from radontv import InvalidInput
from radontv.catalog import CATALOG
from radontv.catalog._spec_ids import LEFT_OUT, SPEC_IDS
from radontv.claims import Claim
from radontv.cli import main
from radontv.report_envelope import validate

SPEC = Path(__file__).resolve().parent.parent.parent / "shared" / "spec" / "theory-catalog.md"
needs_spec = pytest.mark.skipif(not SPEC.is_file(), reason=f"the specification {SPEC} is not beside this checkout")


# -- reading the specification (independent of radontv) ------------------------------------------------------------
def _parse(text: str) -> dict[str, str]:
    """IDs -> titles, in order: headings ``### X1. `slug` — title`` (A-G) and open questions ``**H1. title**``."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("### "):
            head, _, rest = line[4:].partition(". ")
            slug, _, title = rest.partition(" — ")
            if re.fullmatch(r"[A-Z]\d+", head):
                found[head] = f"{slug.strip('`')} — {title.strip()}"
        elif line.startswith("**H"):
            head, _, rest = line[2:].partition(". ")
            if re.fullmatch(r"H\d+", head):
                found[head] = rest.split("**", 1)[0].strip().removesuffix(".")
    return found


def _differences(vendored: dict[str, str], spec: dict[str, str]) -> list[str]:
    out = [f"{k} missing from _spec_ids.py" for k in spec if k not in vendored]
    out += [f"{k} not in the specification" for k in vendored if k not in spec]
    out += [f"{k}: title {vendored[k]!r} != {spec[k]!r}" for k in spec if k in vendored and vendored[k] != spec[k]]
    if not out and list(vendored) != list(spec):
        out.append("same IDs in another order")
    return out


_TOY = """## A. things
### A1. `one` — the first
### A2. `two` — the second
**H1. An open question.** text
**H2. Another.** more
"""


def test_parser_reads_both_kinds_of_heading():
    assert _parse(_TOY) == {"A1": "one — the first", "A2": "two — the second", "H1": "An open question",
                            "H2": "Another"}


@pytest.mark.parametrize("change", [
    pytest.param(lambda t: t.replace("### A2. `two` — the second\n", ""), id="heading removed"),
    pytest.param(lambda t: t + "### A3. `three` — new\n", id="heading added"),
    pytest.param(lambda t: t.replace("the first", "the 1st"), id="title changed"),
    pytest.param(lambda t: t.replace("**H2. Another.** more\n", ""), id="open question removed"),
])
def test_differences_are_found(change):
    # negative control of the comparison: each edit of the specification is reported
    assert _differences(_parse(_TOY), _parse(change(_TOY)))
    assert not _differences(_parse(_TOY), _parse(_TOY))


@needs_spec
def test_vendored_ids_equal_the_specification():
    text = SPEC.read_text(encoding="utf-8")
    spec = _parse(text)
    # the parser saw every heading that carries an ID (a heading in another form would be missed silently)
    id_lines = [ln for ln in text.splitlines() if re.match(r"^(### [A-Z]\d+\.|\*\*H\d+\.)", ln)]
    assert len(id_lines) == len(spec)
    assert not _differences(SPEC_IDS, spec), _differences(SPEC_IDS, spec)


@needs_spec
def test_vendored_ids_would_notice_a_new_entry():
    # negative control on the real file: one more heading makes the comparison fail
    spec = _parse(SPEC.read_text(encoding="utf-8") + "\n### G6. `new-entry` — something added later\n")
    assert _differences(SPEC_IDS, spec) == ["G6 missing from _spec_ids.py"]


def test_vendored_ids_are_well_formed():
    assert all(re.fullmatch(r"[A-H][1-9]\d*", k) and v.strip() for k, v in SPEC_IDS.items())
    assert "A1" in SPEC_IDS and "G5" in SPEC_IDS and "H17" in SPEC_IDS


# -- claims name known entries -------------------------------------------------------------------------------------
def test_every_claim_names_known_entries():
    unknown = {c.id: [e for e in c.catalog_entries if e not in SPEC_IDS] for c in CATALOG}
    assert not {k: v for k, v in unknown.items() if v}


def _claim(entries) -> Claim:
    return Claim(id="toy.claim", title="t", statement="s", source="PN21", check="radontv.checks.toy:check_claim",
                 property_tests=("tests/test_toy.py::test_claim",), docs="docs/toy.md", no_derivation_reason="toy",
                 catalog_entries=entries)


def test_a_claim_with_known_entries_is_accepted():
    assert _claim(("B1", "H16")).catalog_entries == ("B1", "H16")
    assert _claim(()).catalog_entries == ()


@pytest.mark.parametrize("entries", [("Z9",), ("B1", "Z9"), ("b1",), ("A18",), ("H18",), ("",)])
def test_a_claim_with_an_unknown_entry_is_rejected_at_construction(entries):
    with pytest.raises(InvalidInput, match="not IDs of the specification"):
        _claim(entries)


@pytest.mark.parametrize("entries", ["B1", ["B1"], ("B1", 1)])
def test_catalog_entries_must_be_a_tuple_of_strings(entries):
    with pytest.raises(InvalidInput, match="tuple of IDs"):
        _claim(entries)


# -- every entry of the specification is accounted for ---------------------------------------------------------------
def _unaccounted(spec_ids, left_out: dict[str, str], claims) -> list[str]:
    covered = {e for c in claims for e in c.catalog_entries}
    out = [f"{k}: no claim names it and LEFT_OUT gives no reason" for k in spec_ids
           if k not in covered and k not in left_out]
    out += [f"{k}: named by a claim but also in LEFT_OUT" for k in left_out if k in covered]
    out += [f"{k}: in LEFT_OUT but not an ID of the specification" for k in left_out if k not in spec_ids]
    out += [f"{k}: empty reason" for k, reason in left_out.items() if len(reason.strip()) < 10]
    return out


def test_every_spec_entry_is_covered_or_left_out_with_a_reason():
    assert not _unaccounted(SPEC_IDS, LEFT_OUT, CATALOG), _unaccounted(SPEC_IDS, LEFT_OUT, CATALOG)


@pytest.mark.parametrize(("spec_ids", "left_out", "expected"), [
    pytest.param({**SPEC_IDS, "G6": "new"}, LEFT_OUT, "G6: no claim names it", id="new spec entry forgotten"),
    pytest.param(SPEC_IDS, {**LEFT_OUT, "B1": "a reason long enough"}, "B1: named by a claim", id="covered and left"),
    pytest.param(SPEC_IDS, {**LEFT_OUT, "Z9": "a reason long enough"}, "Z9: in LEFT_OUT but not", id="unknown"),
    pytest.param(SPEC_IDS, {**LEFT_OUT, "A2": ""}, "A2: empty reason", id="no reason"),
    pytest.param(SPEC_IDS, {k: v for k, v in LEFT_OUT.items() if k != "E9"}, "E9: no claim", id="reason dropped"),
])
def test_unaccounted_entries_are_reported(spec_ids, left_out, expected):
    # negative controls: each way of forgetting an entry is reported
    assert any(line.startswith(expected) for line in _unaccounted(spec_ids, left_out, CATALOG))


# -- radontv list shows the entries ----------------------------------------------------------------------------------
def test_list_json_carries_catalog_entries(capsys):
    assert main(["list", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    validate(report)  # radontv/schemas/list.schema.json
    by_id = {c.id: c for c in CATALOG}
    for entry in report["claims"]:
        assert [e["id"] for e in entry["catalog_entries"]] == list(by_id[entry["id"]].catalog_entries)
        assert all(e["title"] == SPEC_IDS[e["id"]] for e in entry["catalog_entries"])


@pytest.mark.parametrize("change", [
    pytest.param(lambda e: e[0].__setitem__("id", "Z"), id="id without number"),
    pytest.param(lambda e: e[0].pop("title"), id="no title"),
    pytest.param(lambda e: e[0].__setitem__("extra", 1), id="unknown key"),
    pytest.param(lambda e: e.append("B1"), id="a bare string"),
])
def test_list_schema_rejects_broken_catalog_entries(capsys, change):
    assert main(["list", "rescaling.amgm", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    validate(report)
    bad = copy.deepcopy(report)
    change(bad["claims"][0]["catalog_entries"])
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)


def test_list_one_claim_shows_its_catalog_entries(capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    assert main(["list", "rescaling.amgm"]) == 0
    out = capsys.readouterr().out
    (line,) = [ln for ln in out.splitlines() if ln.startswith("catalog")]
    assert "B4 amgm-balance" in line and "B8 path-norm-variants" in line
