"""The command line: help everywhere, tables, JSON, exit codes, clear errors."""

from __future__ import annotations

import json

import pytest

from radontv.catalog import CATALOG, FAMILIES
from radontv.cli import build_parser, main
from radontv.report_envelope import validate


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return list(action.choices)


def test_top_level_help(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "check" in capsys.readouterr().out


@pytest.mark.parametrize("command", _subcommands())
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert "usage: radontv" in capsys.readouterr().out


def test_list_prints_every_claim(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for claim in CATALOG:
        assert claim.id in out


def test_list_json_parses(capsys):
    assert main(["list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    validate(data)  # radontv/schemas/list.schema.json (tests/test_report_schemas_other.py)
    assert [c["id"] for c in data["claims"]] == [c.id for c in CATALOG]


def test_check_json_schema(capsys):
    claim = CATALOG[0]
    code = main(["check", claim.id, "--json", "--dps", "30"])
    data = json.loads(capsys.readouterr().out)
    validate(data)  # radontv/schemas/report.schema.json (tests/test_report_schema.py)
    assert code in (0, 1)
    (entry,) = data["claims"]
    assert set(entry) >= {"id", "title", "source", "verdict", "evidence"}
    for evidence in entry["evidence"]:
        assert set(evidence) >= {"kind", "verdict", "residual", "digits", "dps", "instances", "seconds"}
        assert evidence["kind"] in ("derivation", "numeric", "property")
    assert set(data["summary"]) == {"proved", "consistent", "refuted", "undetermined", "error"}
    assert code == (1 if data["summary"]["refuted"] or data["summary"]["error"] else 0)


def test_check_unknown_id_is_a_clear_error(capsys):
    assert main(["check", "no.such_claim"]) == 2
    assert "no claim 'no.such_claim'" in capsys.readouterr().err


def test_check_rejects_too_low_precision(capsys):
    assert main(["check", "--dps", "5"]) == 2
    assert "too low" in capsys.readouterr().err


def test_check_exit_code_is_1_when_a_claim_is_refuted(monkeypatch, capsys):
    from radontv import runner
    from radontv.evidence import Verdict

    claim = CATALOG[0]

    def refuting(claim, **kwargs):
        return runner.ClaimReport(claim, (runner.EvidenceReport("numeric", Verdict.REFUTED, 0.0),))

    monkeypatch.setattr("radontv.commands.check.run_claim", refuting)
    assert main(["check", claim.id]) == 1
    assert "refuted" in capsys.readouterr().out


def test_derive_unknown_id(capsys):
    assert main(["derive", "no.such_claim"]) == 2


def test_families_are_selectable(capsys):
    for family in FAMILIES:
        assert main(["list", family]) == 0
