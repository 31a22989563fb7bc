"""Every ``radontv check --json`` report is self-describing and follows radontv/schemas/report.schema.json.

Reports of all three kinds (built-in claims, ``--seeds`` on the engine, a user catalog) are produced by the command
line and validated; the envelope's values are checked against their independent sources (the package version, the
clock, the arguments given).  Negative controls: reports with a key missing, an unknown verdict, a local time, an
extra key or a seed report under the plain command fail validation.  The reports of fit, rates, list and
sources, with their own schemas, are tests/test_report_schemas_other.py.
"""

from __future__ import annotations

import copy
import json
import textwrap
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

import radontv
from radontv.cli import main
from radontv.report_envelope import schema, validate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "my_claims.py")
CLAIM = "rescaling.homogeneity"  # a cheap exact check


def _report(capsys, args: list[str], code: int) -> dict:
    assert main(["check", *args, "--json"]) == code
    report = json.loads(capsys.readouterr().out)
    validate(report)
    return report


@pytest.fixture(scope="module")
def plain_report():
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["check", CLAIM, "--examples", "3", "--seed", "5", "--json"]) == 0
    return json.loads(out.getvalue())


def test_schema_is_a_valid_schema_and_ships_with_the_package():
    jsonschema.Draft202012Validator.check_schema(schema())
    shipped = resources.files("radontv").joinpath("schemas/report.schema.json")
    assert shipped.is_file() and json.loads(shipped.read_text()) == schema()


def test_plain_report_describes_itself(plain_report):
    validate(plain_report)
    assert plain_report["radontv"] == radontv.__version__ and plain_report["command"] == "check"
    created = datetime.strptime(plain_report["created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=10)
    settings = plain_report["settings"]
    assert settings["ids"] == [CLAIM] and settings["examples"] == 3 and settings["seed"] == 5
    assert settings["dps"] is None and settings["catalog"] == [] and settings["seeds"] is None
    assert [c["origin"] for c in plain_report["claims"]] == ["radontv"]


def test_seeds_report_validates(capsys):
    report = _report(capsys, [CLAIM, "--seeds", "2", "--examples", "2", "--scheduler", "synchronous"], 0)
    assert report["command"] == "check --seeds" and report["settings"]["seeds"] == 2
    assert report["engine"]["scheduler"] == "synchronous" and report["claims"][0]["seeds"] == 2


def test_user_catalog_report_validates(capsys):
    report = _report(capsys, ["--catalog", EXAMPLE, "--examples", "10", "--dps", "30"], 1)
    assert report["settings"]["catalog"] == [EXAMPLE] and report["settings"]["dps"] == 30
    refuted = next(c for c in report["claims"] if c["verdict"] == "refuted")
    counterexample = refuted["evidence"][0]["counterexample"]
    assert counterexample["call"].startswith("wd_le_pn(") and counterexample["comparisons"][0]["verdict"] == "refuted"


def test_report_with_derivation_and_failures_validates(capsys, tmp_path):
    catalog = tmp_path / "errs.py"
    catalog.write_text(textwrap.dedent("""
        import radontv
        import sympy
        from hypothesis import strategies as st
        from radontv.user_claims import Proof

        def derive():
            x = sympy.Symbol("x")
            proof = Proof("errs.one")
            proof.identity("x + x = 2x", x + x, 2 * x)
            return proof.derivation({}, "done", x)

        @radontv.claim("errs.one", title="t", source="s", given=st.integers(0, 9), derivation=derive)
        def one(n):
            return radontv.equal(1 / n * n, 1.0)  # raises at n = 0
    """))
    report = _report(capsys, ["--catalog", str(catalog), "--examples", "20"], 1)
    evidence = report["claims"][0]["evidence"]
    assert [e["kind"] for e in evidence] == ["derivation", "numeric"] and evidence[1]["verdict"] == "error"
    assert evidence[1]["counterexample"]["args"] == [0]


def _broken(report: dict, change) -> dict:
    bad = copy.deepcopy(report)
    change(bad)
    return bad


@pytest.mark.parametrize("change", [
    lambda r: r.pop("radontv"),
    lambda r: r.pop("settings"),
    lambda r: r.__setitem__("created", "2026-12-03T12:00:00+01:00"),
    lambda r: r["claims"][0].__setitem__("verdict", "fine"),
    lambda r: r["claims"][0]["evidence"][0].pop("counterexample"),
    lambda r: r.__setitem__("extra", 1),
    lambda r: r.__setitem__("engine", {"scheduler": "local", "workers": 2}),
    lambda r: r["settings"].__setitem__("dps", 5),
    lambda r: r.__setitem__("command", "list"),
], ids=["no version", "no settings", "not UTC", "unknown verdict", "no counterexample key", "extra key",
        "engine in a plain report", "dps below the floor", "unknown command"])
def test_schema_rejects_broken_reports(plain_report, change):
    validate(plain_report)
    with pytest.raises(jsonschema.ValidationError):
        validate(_broken(plain_report, change))


# --- the table's cosmetics (issue 12, section 4) ------------------------------------------------------------------

def test_one_claim_is_singular(capsys):
    assert main(["check", CLAIM, "--examples", "2"]) == 0
    out = capsys.readouterr().out
    assert "(1 claim," in out and "1 claims" not in out


def test_progress_bar_has_a_description(capsys):
    from radontv.commands.check import _progress

    with _progress(2, enabled=True) as bar:
        bar.set_postfix_str(CLAIM)
        bar.update(1)
    err = capsys.readouterr().err
    assert "checking:" in err and not err.lstrip("\r").startswith(":")


@pytest.mark.parametrize(("verdict", "dps", "shown"), [("proved", 50, "exact"), ("proved", None, "exact"),
                                                       ("refuted", None, "exact"), ("consistent", 30, "30"),
                                                       ("refuted", 50, "50"), ("error", None, "-")])
def test_dps_column_has_one_rule(verdict, dps, shown):
    """dps is the working precision of floating comparisons; 'exact' when only exact values were compared."""
    from radontv.commands.check import _dps
    from radontv.evidence import Verdict
    from radontv.runner import EvidenceReport

    assert _dps(EvidenceReport("numeric", Verdict(verdict), 0.0, dps=dps)) == shown


def test_table_of_an_exact_check_says_exact(capsys):
    assert main(["check", CLAIM, "--examples", "2", "--no-derive"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(CLAIM))
    assert row.split()[1:4] == ["proved", "-", "proved"] and row.split()[5:7] == ["exact", "exact"]
