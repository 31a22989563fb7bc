"""Every ``--json`` report besides ``check`` (``fit``, ``rates``, ``list``, ``sources``) is self-describing and follows
its schema in radontv/schemas/ (``check`` is tests/test_report_schema.py).

The reports are produced by the command line and validated; the envelope's values are checked against independent
sources (the installed distribution's metadata, the clock, the arguments given, the data file's bytes hashed here)
and the body against what the command printed before the envelope existed (its keys are kept, so users' scripts
keep working).  Every command with a ``--json`` option has a schema.  Negative controls: for each schema, reports
with a key missing, a wrong type, a local time, an extra key or a body of the other form fail validation.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import math
import os
import threading
import types
from datetime import UTC, datetime, timedelta
from importlib import metadata, resources

import jsonschema
import pytest

from radontv.catalog import CATALOG
from radontv.cli import build_parser, main
from radontv.rates import experiments
from radontv.rates.tasks import Profile
from radontv.report_envelope import ENVELOPE_KEYS, SCHEMA_FILES, envelope, schema, validate
from radontv.sources import SOURCES

INTERP_2D = "x1,x2,y\n0,0,1\n1,0,2\n0,1,0\n1,1,3\n0.5,0.5,1\n"  # f = 1 + x1 - x2 + 2 sqrt(2) relu((x1 + x2 - 1)/sqrt 2)
UNIVARIATE = "x,y\n0,0\n1,1\n2,0.5\n3,2\n4,1\n"

#: The keys each command printed before the envelope existed (they stay: users' scripts read them).
FIT_1D_INTERPOLATION = {"problem", "n_points", "tv2", "min_tv2", "knots", "amplitudes", "slope", "intercept"}
FIT_1D_REGRESSION = {"problem", "lam", "n_points", "tv2", "knots", "amplitudes", "slope", "intercept", "certificate"}
FIT_MULTIVARIATE = {"problem", "lam", "value", "rtv2", "loss", "dual_bound", "gap", "relative_gap", "neurons", "bound",
                    "max_residual", "certified", "patterns", "seconds", "method", "working_set", "rounds", "network"}
RATES = {"experiment", "profile", "results", "engine", "tasks", "seconds", "level", "row_level"}


def _json(capsys, args: list[str], code: int = 0) -> dict:
    assert main([*args, "--json"]) == code
    report = json.loads(capsys.readouterr().out)
    validate(report)
    return report


def _body(report: dict) -> dict:
    return {k: v for k, v in report.items() if k not in ENVELOPE_KEYS}


def _check_envelope(report: dict, command: str) -> None:
    assert list(report)[:len(ENVELOPE_KEYS)] == list(ENVELOPE_KEYS)  # the envelope comes first
    assert report["radontv"] == metadata.version("radontv") and report["format"] == 1
    assert report["command"] == command
    created = datetime.strptime(report["created"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=10)


# --- the schemas themselves ---------------------------------------------------------------------------------------

def test_every_json_command_has_a_shipped_valid_schema():
    """Each subcommand with a --json option names a schema file; each file is a valid schema for its commands."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    with_json = {name for name, p in sub.choices.items() if any("--json" in a.option_strings for a in p._actions)}
    assert with_json == {c.split()[0] for c in SCHEMA_FILES}
    shipped = {p.name for p in resources.files("radontv").joinpath("schemas").iterdir() if p.name.endswith(".json")}
    assert shipped == set(SCHEMA_FILES.values())
    for command, name in SCHEMA_FILES.items():
        chosen = schema(command)
        jsonschema.Draft202012Validator.check_schema(chosen)
        assert chosen["$id"].endswith("/" + name)
        allowed = chosen["properties"]["command"]
        assert command in allowed.get("enum", [allowed.get("const")])


def test_the_envelope_is_described_alike_in_every_schema():
    """One envelope: radontv, created and format mean the same in each file (the files stand alone, so this keeps
    the copies equal)."""
    first = schema("check")["properties"]
    for command in SCHEMA_FILES:
        chosen = schema(command)
        assert chosen["required"][:len(ENVELOPE_KEYS)] == list(ENVELOPE_KEYS)
        for key in ("radontv", "created", "format"):
            assert chosen["properties"][key] == first[key], (command, key)


def test_envelope_refuses_a_body_with_envelope_keys():
    assert set(envelope("list", {}, {"claims": []})) == {*ENVELOPE_KEYS, "claims"}
    with pytest.raises(ValueError, match="settings"):
        envelope("list", {}, {"claims": [], "settings": {}})


def test_unknown_command_has_no_schema():
    with pytest.raises(KeyError, match="known"):
        schema("plot")
    with pytest.raises(jsonschema.ValidationError):
        validate({"radontv": "0.1.0", "created": "2026-12-03T12:00:00Z", "format": 1, "command": "plot",
                  "settings": {}})


# --- fit ----------------------------------------------------------------------------------------------------------

@pytest.fixture
def univariate_csv(tmp_path):
    path = tmp_path / "uni.csv"
    path.write_text(UNIVARIATE)
    return path


def test_fit_univariate_reports(univariate_csv, capsys):
    digest = hashlib.sha256(UNIVARIATE.encode()).hexdigest()
    interpolation = _json(capsys, ["fit", str(univariate_csv)])
    _check_envelope(interpolation, "fit")
    assert interpolation["settings"] == {"data": str(univariate_csv), "data_sha256": digest, "columns": ["x", "y"],
                                         "d": 1, "lam": None, "plot": None}
    assert set(_body(interpolation)) == FIT_1D_INTERPOLATION
    regression = _json(capsys, ["fit", str(univariate_csv), "--lam", "0.25"])
    assert regression["settings"]["lam"] == 0.25 == regression["lam"] == regression["certificate"]["lam"]
    assert set(_body(regression)) == FIT_1D_REGRESSION
    assert regression["settings"]["data_sha256"] == digest


def test_fit_settings_follow_the_file(tmp_path, capsys):
    """Negative control of data_sha256: the same rows with another header are another file (another hash), and
    the columns come from the header."""
    path = tmp_path / "named.csv"
    path.write_text(UNIVARIATE.replace("x,y", "time,signal"))
    report = _json(capsys, ["fit", str(path)])
    assert report["settings"]["columns"] == ["time", "signal"]
    assert report["settings"]["data_sha256"] != hashlib.sha256(UNIVARIATE.encode()).hexdigest()
    assert report["settings"]["data_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_fit_from_a_pipe_has_no_hash(tmp_path, capsys):
    """Data through a pipe (as from ``<(...)``) is read once: the report has no hash rather than the hash of nothing
    (the file read a second time)."""
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_text, args=(UNIVARIATE,))
    writer.start()
    report = _json(capsys, ["fit", str(fifo)])
    writer.join()
    assert report["settings"]["data_sha256"] is None and report["knots"] == [1.0, 2.0, 3.0]


def test_fit_report_with_plot(univariate_csv, tmp_path, capsys):
    pytest.importorskip("matplotlib")
    png = str(tmp_path / "fit.png")
    report = _json(capsys, ["fit", str(univariate_csv), "--plot", png])
    assert report["settings"]["plot"] == png == report["plot"]


@pytest.fixture(scope="module")
def multivariate_reports(tmp_path_factory):
    """The d = 2 interpolation and regression reports (the conic solver runs once for the module)."""
    pytest.importorskip("cvxpy")
    import contextlib
    import io

    path = tmp_path_factory.mktemp("fit") / "m.csv"
    path.write_text(INTERP_2D)
    reports = {}
    for name, extra in (("interpolation", []), ("regression", ["--lam", "0.1"])):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(["fit", str(path), *extra, "--json"]) == 0
        reports[name] = json.loads(out.getvalue())
    return path, reports


def test_fit_multivariate_reports(multivariate_reports):
    path, reports = multivariate_reports
    for name, report in reports.items():
        validate(report)
        _check_envelope(report, "fit")
        settings = report["settings"]
        assert settings["columns"] == ["x1", "x2", "y"] and settings["d"] == 2 == report["network"]["dim"]
        assert settings["data"] == str(path)
        assert settings["data_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert set(_body(report)) == FIT_MULTIVARIATE and report["problem"] == name
        assert settings["lam"] == report["lam"] == (None if name == "interpolation" else 0.1)
    # the interpolant of the data's construction: R-TV2 = 2 sqrt(2) (one neuron of unit normal (1, 1)/sqrt 2)
    assert math.isclose(reports["interpolation"]["rtv2"], 2 * math.sqrt(2), rel_tol=1e-6)


def _broken(report: dict, change) -> dict:
    bad = copy.deepcopy(report)
    change(bad)
    return bad


_ENVELOPE_BREAKS = [
    pytest.param(lambda r: r.pop("radontv"), id="no version"),
    pytest.param(lambda r: r.pop("settings"), id="no settings"),
    pytest.param(lambda r: r.__setitem__("created", "2026-12-03T13:00:00+01:00"), id="not UTC"),
    pytest.param(lambda r: r.__setitem__("format", 2), id="another format"),
    pytest.param(lambda r: r.__setitem__("extra", 1), id="extra key"),
    pytest.param(lambda r: r["settings"].__setitem__("extra", 1), id="extra setting"),
]


@pytest.mark.parametrize("change", [
    *_ENVELOPE_BREAKS,
    pytest.param(lambda r: r.__setitem__("command", "check"), id="other command"),
    pytest.param(lambda r: r["settings"].pop("data_sha256"), id="no hash"),
    pytest.param(lambda r: r["settings"].__setitem__("data_sha256", "abc"), id="short hash"),
    pytest.param(lambda r: r["settings"].__setitem__("data_sha256", "A" * 64), id="hash in capitals"),
    pytest.param(lambda r: r.__setitem__("lam", 0.1), id="lam in an interpolation"),
    pytest.param(lambda r: r.pop("min_tv2"), id="no min_tv2"),
    pytest.param(lambda r: r["settings"].__setitem__("lam", 0.1), id="settings say regression"),
    pytest.param(lambda r: r["settings"].__setitem__("d", 2), id="d = 2 with a univariate body"),
    pytest.param(lambda r: r.__setitem__("knots", ["1/2"]), id="knot as a string"),
])
def test_fit_schema_rejects_broken_univariate_reports(univariate_csv, capsys, change):
    report = _json(capsys, ["fit", str(univariate_csv)])
    with pytest.raises(jsonschema.ValidationError):
        validate(_broken(report, change))


@pytest.mark.parametrize("change", [
    pytest.param(lambda r: r.pop("certificate"), id="no certificate"),
    pytest.param(lambda r: r["certificate"].pop("relative_gap"), id="certificate without gap"),
    pytest.param(lambda r: r["settings"].__setitem__("lam", -1.0), id="negative lam"),
    pytest.param(lambda r: r.__setitem__("problem", "interpolation: ..."), id="regression called interpolation"),
])
def test_fit_schema_rejects_broken_regression_reports(univariate_csv, capsys, change):
    report = _json(capsys, ["fit", str(univariate_csv), "--lam", "0.25"])
    with pytest.raises(jsonschema.ValidationError):
        validate(_broken(report, change))


@pytest.mark.parametrize("change", [
    pytest.param(lambda r: r.pop("network"), id="no network"),
    pytest.param(lambda r: r["network"]["hyperplanes"][0].pop("u"), id="neuron without normal"),
    pytest.param(lambda r: r.__setitem__("certified", "yes"), id="certified as a string"),
    pytest.param(lambda r: r["settings"].__setitem__("d", 1), id="d = 1 with a multivariate body"),
    pytest.param(lambda r: r.__setitem__("problem", "regression"), id="interpolation called regression"),
    pytest.param(lambda r: r.__setitem__("extra", 1), id="extra key"),
])
def test_fit_schema_rejects_broken_multivariate_reports(multivariate_reports, change):
    report = multivariate_reports[1]["interpolation"]
    validate(report)
    with pytest.raises(jsonschema.ValidationError):
        validate(_broken(report, change))


# --- rates (a stand-in experiment: the protocol of radontv.rates.experiments, error = size^-1/2 exactly) ----------

def _run_task(task) -> dict:
    return {"error": task.size ** -0.5}


def _summarize(tasks, results, *, level=0.95, seed=0) -> list[dict]:
    """One row per d: the exponent of error = size^-1/2 is -1/2 (stated READ, so the verdict is "inside")."""
    return [{"d": d, "exponent": -0.5, "interval": [-0.51, -0.49],
             "theory": {"exponent": -0.5, "status": "READ", "source": "stand-in"},
             "sizes": [4, 8, 16], "errors": [4 ** -0.5, 8 ** -0.5, 16 ** -0.5]} for d in sorted({t.d for t in tasks})]


@pytest.fixture
def stand(monkeypatch):
    module = types.ModuleType("stand")
    module.NAME, module.run_task, module.summarize = "stand", _run_task, _summarize
    module.PROFILES = {"quick": Profile("quick", dims=(1, 2), sizes=(4, 8, 16), seeds=3, params=())}
    monkeypatch.setattr(experiments, "EXPERIMENTS", {"maurey": module})


def test_rates_report(stand, capsys, tmp_path):
    report = _json(capsys, ["rates", "maurey", "--scheduler", "synchronous", "--dims", "2,1", "--seed", "3",
                            "--level", "0.9", "--cache", str(tmp_path)])
    _check_envelope(report, "rates")
    assert report["settings"] == {"experiment": "maurey", "profile": "quick", "dims": [2, 1], "seed": 3,
                                  "level": 0.9, "scheduler": "synchronous", "workers": None, "cache": str(tmp_path),
                                  "plot": None}
    assert set(_body(report)) == RATES and report["experiment"] == "stand" and report["tasks"] == 2 * 3 * 3
    assert [r["verdict"] for r in report["results"]] == ["inside", "inside"]
    default = _json(capsys, ["rates", "maurey", "--scheduler", "synchronous"])
    assert default["settings"]["dims"] is None and default["settings"]["seed"] == 0
    assert default["settings"]["level"] == 0.95 and default["settings"]["cache"] is None


@pytest.mark.parametrize("change", [
    *_ENVELOPE_BREAKS,
    pytest.param(lambda r: r["settings"].__setitem__("experiment", "toy"), id="unknown experiment"),
    pytest.param(lambda r: r["settings"].__setitem__("workers", 0), id="no workers"),
    pytest.param(lambda r: r["settings"].__setitem__("dims", [0]), id="dimension 0"),
    pytest.param(lambda r: r.__setitem__("level", 1.5), id="level above 1"),
    pytest.param(lambda r: r.pop("engine"), id="no engine"),
    pytest.param(lambda r: r["results"][0].__setitem__("verdict", "fine"), id="unknown verdict"),
    pytest.param(lambda r: r["results"][0].__setitem__("interval", [-0.6, -0.5, -0.4]), id="three-point interval"),
    pytest.param(lambda r: r["results"][0]["theory"].pop("status"), id="theory without status"),
])
def test_rates_schema_rejects_broken_reports(stand, capsys, change):
    report = _json(capsys, ["rates", "maurey", "--scheduler", "synchronous", "--dims", "1"])
    with pytest.raises(jsonschema.ValidationError):
        validate(_broken(report, change))


# --- list and sources ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("ids", [[], ["rescaling"], ["rescaling.balance", "radon.evenness"]])
def test_list_reports(capsys, ids):
    report = _json(capsys, ["list", *ids])
    _check_envelope(report, "list")
    assert report["settings"] == {"ids": ids} and set(_body(report)) == {"claims"}
    expected = [c.id for c in CATALOG if not ids or c.id in ids or c.family in ids]
    assert [c["id"] for c in report["claims"]] == expected


@pytest.mark.parametrize("change", [
    *_ENVELOPE_BREAKS,
    pytest.param(lambda r: r["claims"][0]["evidence"].__setitem__("no_derivation_reason", "none needed"),
                 id="derivation and a reason for none"),
    pytest.param(lambda r: r["claims"][0]["evidence"].__setitem__("property", []), id="no property test"),
    pytest.param(lambda r: r["claims"][0].__setitem__("id", "NoFamily"), id="id without family"),
    pytest.param(lambda r: r["claims"][0]["references"][0].pop("citation"), id="reference without citation"),
    pytest.param(lambda r: r["settings"].__setitem__("ids", "rescaling"), id="ids as a string"),
])
def test_list_schema_rejects_broken_reports(capsys, change):
    report = _json(capsys, ["list", "rescaling.balance"])
    with pytest.raises(jsonschema.ValidationError):
        validate(_broken(report, change))


@pytest.mark.parametrize("keys", [[], ["PN21", "U23"]])
def test_sources_reports(capsys, keys):
    report = _json(capsys, ["sources", *keys])
    _check_envelope(report, "sources")
    assert report["settings"] == {"keys": keys} and set(_body(report)) == {"sources"}
    assert [s["key"] for s in report["sources"]] == (keys or [s.key for s in SOURCES])


@pytest.mark.parametrize("change", [
    *_ENVELOPE_BREAKS,
    pytest.param(lambda r: r["sources"][0].__setitem__("year", "2021"), id="year as a string"),
    pytest.param(lambda r: r["sources"][0].pop("cited_by"), id="no cited_by"),
    pytest.param(lambda r: r.__setitem__("command", "list"), id="reported as list"),
])
def test_sources_schema_rejects_broken_reports(capsys, change):
    report = _json(capsys, ["sources", "PN21"])
    with pytest.raises(jsonschema.ValidationError):
        validate(_broken(report, change))


# --- the documentation --------------------------------------------------------------------------------------------

def _undocumented(page: str, command: str) -> list[str]:
    """The settings keys of ``command``'s schema missing from its row of the page's settings table."""
    rows = {line.split("|")[1].strip(): line for line in page.splitlines() if line.startswith("| `")}
    settings = schema(command)["properties"]["settings"]
    keys = (schema(command)["$defs"]["settings"] if "$ref" in settings else settings)["properties"]
    row = rows[f"`{command.split()[0]}`"]  # the settings table comes last, so its row wins
    return [key for key in keys if f"`{key}`" not in row]


def test_report_format_page_names_every_schema_and_setting():
    """docs/report-format.md lists each schema file and, for each command, every key of its settings; negative
    control: the page with one key taken out of the fit row misses it."""
    from pathlib import Path

    page = (Path(__file__).resolve().parent.parent / "docs" / "report-format.md").read_text()
    for command, name in SCHEMA_FILES.items():
        assert f"`{name}`" in page, name
        assert _undocumented(page, command) == [], command
    assert _undocumented(page.replace("`data_sha256`", "the hash"), "fit") == ["data_sha256"]
