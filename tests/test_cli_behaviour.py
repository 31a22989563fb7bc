"""The command line behaves (issue 12 §4): closed pipes, bad input files, one precision floor, exit codes, widths,
source references, and the cosmetics of its output.  Each behaviour has a negative control."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest

from radontv import cli
from radontv.catalog import CATALOG
from radontv.cli import EXIT_BROKEN_PIPE, main
from radontv.commands._table import render
from radontv.commands.fit import affine_text
from radontv.errors import InvalidInput
from radontv.evidence import Verdict
from radontv.precision import MIN_DPS, MIN_SIGNIFICANT_DIGITS, raised_precision_note, working_dps
from radontv.report_envelope import validate
from radontv.sources import SOURCES, cited, get_source

ROOT = Path(__file__).resolve().parent.parent
PYTHON = [sys.executable, "-m", "radontv.cli"]


def _error_line(err: str) -> str:
    """The single ``radontv: error:`` line of a usage error (and nothing else on stderr)."""
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("radontv: error: "), err
    return lines[0]


# -- 1. a closed pipe: quiet, exit 141 --------------------------------------------------------------------------------
def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    return env


def test_reader_closing_after_one_line_ends_list_quietly():
    """``radontv list --json | head -1``: the output (> 100 kB) outgrows the pipe buffer, so the command is still
    writing when the reader has read one line and closed the pipe."""
    proc = subprocess.Popen([*PYTHON, "list", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT, env=_env())
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == EXIT_BROKEN_PIPE, err
    assert first.strip() == b"{"
    assert err == "", err  # no traceback, no "Exception ignored" at interpreter exit


@pytest.fixture(scope="module")
def data_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("pipe") / "data.csv"
    path.write_text("x,y\n0,0\n1,1\n2,0\n3,2\n")
    return path


@pytest.mark.parametrize("argv", [
    ["list"],
    ["sources"],
    ["check", "rescaling.homogeneity", "--no-derive"],
    ["derive", "rescaling.homogeneity"],
    ["fit", "DATA"],
    ["rates", "rademacher", "--dims", "1", "--scheduler", "synchronous"],
    ["--help"],
    ["list", "--help"],
], ids=lambda a: " ".join(a[:2]))
def test_closed_pipe_is_quiet_for_every_command(argv, data_csv):
    """The reader is gone before the command writes its first byte (deterministic for short outputs)."""
    argv = [str(data_csv) if a == "DATA" else a for a in argv]
    proc = subprocess.Popen([*PYTHON, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=_env())
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    code = proc.wait(timeout=300)
    # argparse itself swallows write errors of --help (and exits 0): quiet either way
    assert code == EXIT_BROKEN_PIPE or ("--help" in argv and code == 0), (code, err)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def test_broken_pipe_elsewhere_is_not_silenced():
    """Negative control: a BrokenPipeError that is not about standard output (e.g. a dead worker's pipe) stays an
    error with its traceback, while stdout is an open pipe."""
    script = textwrap.dedent("""
        import sys
        from radontv import cli
        from radontv.commands import list_claims
        def broken(args):
            print("partial output")
            raise BrokenPipeError(32, "Broken pipe (a worker)")
        list_claims.run = broken
        sys.exit(cli.main(["list"]))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1
    assert "BrokenPipeError" in proc.stderr and "a worker" in proc.stderr


def test_stdout_closed_detects_a_pipe_without_reader(monkeypatch):
    read, write = os.pipe()
    with os.fdopen(write, "w") as stream:
        monkeypatch.setattr(sys, "stdout", stream)
        assert not cli._stdout_closed()  # negative control: the reader is still there
        os.close(read)
        assert cli._stdout_closed()
        monkeypatch.undo()


def test_broken_pipe_in_process_returns_141(monkeypatch):
    class Closed:
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["sources"]) == EXIT_BROKEN_PIPE


# -- 2. input files ---------------------------------------------------------------------------------------------------
def test_non_utf8_csv_is_one_line_exit_2_naming_file_and_encoding(tmp_path, capsys):
    path = tmp_path / "latin1.csv"
    path.write_bytes("x,y\n0,1\n1,2\n2,caf\xe9\n".encode("latin-1"))
    assert main(["fit", str(path)]) == 2
    line = _error_line(capsys.readouterr().err)
    assert "latin1.csv" in line and "UTF-8" in line and "line 4" in line and "0xe9" in line


def test_utf8_with_byte_order_mark_is_read(tmp_path, capsys):
    """Negative control of the encoding error: UTF-8 as spreadsheets write it (with a BOM) is accepted."""
    path = tmp_path / "bom.csv"
    path.write_bytes("x,y\r\n0,1\r\n1,3\r\n2,2\r\n".encode("utf-8-sig"))  # and CRLF, as spreadsheets write
    assert main(["fit", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    validate(report)  # radontv/schemas/fit.schema.json (tests/test_report_schemas_other.py)
    assert report["n_points"] == 3


@pytest.mark.parametrize(("content", "separator"), [
    ("x;y\n0,5;1,2\n1,5;2,5\n2,5;0,5\n", "semicolons"),
    ("0.5\t1\n1\t2\n2\t0\n", "tabs"),
])
def test_other_separators_get_a_hint(tmp_path, capsys, content, separator):
    path = tmp_path / "data.csv"
    path.write_text(content)
    assert main(["fit", str(path)]) == 2
    line = _error_line(capsys.readouterr().err)
    assert separator in line and "separator is a comma" in line and "line 1" in line


def test_semicolon_in_a_comment_needs_no_hint(tmp_path, capsys):
    path = tmp_path / "data.csv"
    path.write_text("# exported; by hand\nx,y\n0,0\n1,1\n2,0\n")
    assert main(["fit", str(path), "--json"]) == 0
    validate(json.loads(capsys.readouterr().out))


def test_directory_is_not_no_such_file(tmp_path, capsys):
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert main(["fit", str(folder)]) == 2
    line = _error_line(capsys.readouterr().err)
    assert "is a directory" in line and "no such file" not in line
    assert main(["fit", str(tmp_path / "missing.csv")]) == 2  # negative control: a missing file says so
    assert "no such file" in _error_line(capsys.readouterr().err)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path, capsys):
    path = tmp_path / "secret.csv"
    path.write_text("x,y\n0,0\n1,1\n")
    path.chmod(0)
    try:
        assert main(["fit", str(path)]) == 2
        assert "permission denied" in _error_line(capsys.readouterr().err)
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize("kind", ["latin1", "directory", "missing"])
def test_network_file_of_plot_sinogram(tmp_path, capsys, kind):
    pytest.importorskip("matplotlib")
    path = tmp_path / "net.json"
    if kind == "latin1":
        path.write_bytes('{"W": [[1, 0]], "b": [0], "v": [1], "note": "caf\xe9"}'.encode("latin-1"))
    elif kind == "directory":
        path.mkdir()
    assert main(["plot", "sinogram", str(path), "--out", str(tmp_path / "out.png")]) == 2
    line = _error_line(capsys.readouterr().err)
    expected = {"latin1": "is not UTF-8", "directory": "is a directory", "missing": "no such file"}[kind]
    assert expected in line and "net.json" in line


@pytest.mark.parametrize(("name", "expected"), [
    ("folder", "is a directory"),
    ("missing/out.png", "does not exist"),
    ("out.csv", "not supported"),
])
@pytest.mark.parametrize("command", ["fit", "plot"])
def test_output_pictures_to_bad_paths_are_one_line_exit_2(tmp_path, capsys, command, name, expected, data_csv):
    pytest.importorskip("matplotlib")
    (tmp_path / "folder").mkdir()
    out = str(tmp_path / name)
    argv = (["fit", str(data_csv), "--plot", out] if command == "fit"
            else ["plot", "sinogram", "--random", "--width", "2", "--resolution", "10", "--out", out])
    assert main(argv) == 2
    assert expected in _error_line(capsys.readouterr().err)


@pytest.mark.parametrize("command", ["fit", "plot"])
def test_output_pictures_to_a_good_path(tmp_path, capsys, command, data_csv):
    """Negative control of the bad paths: a writable .png path works."""
    pytest.importorskip("matplotlib")
    good = tmp_path / "good.png"
    argv = (["fit", str(data_csv), "--plot", str(good)] if command == "fit"
            else ["plot", "sinogram", "--random", "--width", "2", "--resolution", "10", "--out", str(good)])
    assert main(argv) == 0 and good.stat().st_size > 0


# -- 3. one precision floor -------------------------------------------------------------------------------------------
def test_working_dps_raises_only_when_needed():
    assert working_dps(50, lost_digits=10) == 50
    assert working_dps(MIN_DPS, lost_digits=10) == 10 + MIN_SIGNIFICANT_DIGITS
    assert working_dps(MIN_DPS, lost_digits=0) == MIN_DPS
    assert raised_precision_note(50, 50, lost_digits=10) == ""
    assert "raised from dps=15 to dps=18" in raised_precision_note(15, 18, lost_digits=10)
    for bad in (MIN_DPS - 1, 20.0, True, "30"):
        with pytest.raises(InvalidInput):
            working_dps(bad, lost_digits=0)
    with pytest.raises(InvalidInput, match="lost_digits"):
        working_dps(30, lost_digits=-1)


def _six():
    from radontv.checks import deep_linear, multivariate, rescaling, univariate

    return [
        (rescaling.check_balance, 10, {"alpha_star": lambda a, n: a / n}),
        (rescaling.check_neural_balance, 8, {"regularize_bias": True}),
        (univariate.check_relu_green, 10, {"kernel": abs}),
        (multivariate.check_rtv2_neuron, 10, {"half_mass": Fraction(1)}),
        (multivariate.check_rtv2_shallow_net, 10, {"seminorm": lambda net: net.path_norm()}),
        (deep_linear.check_schatten, 8, {"half": Fraction(1)}),
    ]


@pytest.mark.parametrize("index", range(6))
def test_checks_that_lose_many_digits_raise_their_precision_at_the_floor(index):
    check, lost, wrong = _six()[index]
    result = check(dps=MIN_DPS, examples=1)
    assert result.verdict.passed, result
    assert result.dps == lost + MIN_SIGNIFICANT_DIGITS
    assert f"raised from dps={MIN_DPS} to dps={result.dps}" in result.message
    control = check(dps=MIN_DPS, examples=1, **wrong)  # negative control: still refuted at the raised precision
    assert control.verdict is Verdict.REFUTED, control


def test_precision_is_not_raised_when_enough():
    from radontv.checks import univariate

    result = univariate.check_relu_green(dps=30, examples=2)
    assert result.dps == 30 and "raised" not in result.message


def test_cli_dps_floor(capsys):
    assert main(["check", "univariate.relu_green", "--dps", str(MIN_DPS - 1), "--no-derive"]) == 2
    assert f"at least {MIN_DPS}" in _error_line(capsys.readouterr().err)
    assert main(["check", "univariate.relu_green", "--dps", str(MIN_DPS), "--no-derive", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    validate(report)  # radontv/schemas/report.schema.json
    numeric = [e for c in report["claims"] for e in c["evidence"] if e["kind"] == "numeric"]
    assert [e["verdict"] for e in numeric] == ["consistent"] and numeric[0]["dps"] == 10 + MIN_SIGNIFICANT_DIGITS


# -- 4. derive without a derivation -----------------------------------------------------------------------------------
def test_derive_without_derivation_is_a_usage_error(capsys):
    claim = next(c for c in CATALOG if c.derivation is None)
    assert main(["derive", claim.id]) == 2
    line = _error_line(capsys.readouterr().err)
    assert "no symbolic derivation" in line and f"radontv check {claim.id}" in line


def test_derive_with_derivation_exits_0(capsys):
    assert main(["derive", "rescaling.homogeneity"]) == 0  # negative control
    assert capsys.readouterr().err == ""


# -- 5. list, widths and sources --------------------------------------------------------------------------------------
@pytest.mark.parametrize("columns", [80, 120, 200])
def test_list_fits_the_terminal(monkeypatch, capsys, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    table = out.split("\n\n")[0].splitlines()
    assert len(table) == len(CATALOG) + 2
    assert max(len(line) for line in out.splitlines()) <= columns
    assert any("…" in line for line in table)  # titles and sources are longer than any of these widths


def test_list_wide_and_pipes_print_full_text(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["list", "--wide"]) == 0
    out = capsys.readouterr().out
    monkeypatch.delenv("COLUMNS")
    assert main(["list"]) == 0  # standard output is not a terminal here: no limit, as `ls` does in a pipe
    piped = capsys.readouterr().out
    for claim in CATALOG:
        assert claim.title in out and claim.source in out
        assert claim.title in piped
    assert "…" not in out


def test_render_shrinks_only_the_named_columns():
    rows = [["a" * 10, "b" * 60, "c" * 60, "d"]]
    text = render(["w", "x", "y", "z"], rows, width=80, shrink=(1, 2))
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "a" * 10 in text and text.rstrip().endswith("d")
    assert "b" * 60 not in text and "c" * 60 not in text
    assert "b" * 60 in render(["w", "x", "y", "z"], rows)  # negative control: no width, no cut


def test_list_one_claim_expands_its_sources(capsys, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)  # output to a pipe: full lines (a set COLUMNS wraps them)
    assert main(["list", "rescaling.neural_balance", "radon.evenness"]) == 0
    out = capsys.readouterr().out
    for key in ("SPLN24", "SPM", "PN21", "U23"):
        assert get_source(key).citation() in out
    assert "Variation Spaces for Multi-Output Neural Networks" in out and "arXiv:2203.02543" in out


def test_list_json_carries_references(capsys):
    assert main(["list", "rescaling.balance", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    validate(report)  # radontv/schemas/list.schema.json
    (claim,) = report["claims"]
    assert [r["key"] for r in claim["references"]] == ["PN21", "SPLN24"]


def test_sources_command_lists_every_entry(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "90")
    assert main(["sources"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 90
    for source in SOURCES:
        assert f"[{source.key}]" in out and " ".join(source.citation().split()) in " ".join(out.split())
    assert main(["sources", "PN21", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    validate(report)  # radontv/schemas/sources.schema.json
    (entry,) = report["sources"]
    assert entry["key"] == "PN21" and entry["year"] == 2021 and entry["arxiv"] == "2006.05626"
    assert "rescaling.balance" in entry["cited_by"] and "radon.evenness" in entry["cited_by"]  # key and alias
    assert main(["sources", "XYZ99"]) == 2
    assert "known keys" in _error_line(capsys.readouterr().err)


_KEY_LIKE = re.compile(r"\b[A-Z]{2,}\d{2}\b|\b(?:SPM|GK|LQWP)\b")


def test_every_cited_key_has_an_entry_and_every_entry_is_cited():
    used: set[str] = set()
    for claim in CATALOG:
        keys = {s.key for s in cited(claim.source)}
        assert keys, f"{claim.id} cites no known source: {claim.source!r}"
        for token in _KEY_LIKE.findall(claim.source):
            assert token in keys or token in {"H10"}, f"{claim.id}: {token!r} has no entry in radontv/sources.py"
        used |= keys
    assert used == {s.key for s in SOURCES}, {s.key for s in SOURCES} - used


def test_one_citation_style():
    for s in SOURCES:
        text = s.citation()
        assert text.startswith(f"{s.authors}. ") and text.count(f", {s.year}.") == 1
        if s.arxiv is not None:
            assert text.endswith(f", {s.year}. arXiv:{s.arxiv}.") and re.fullmatch(r"\d{4}\.\d{4,5}", s.arxiv)
        else:
            assert text.endswith(f", {s.year}.")


def test_cited_matches_whole_keys_and_aliases_only():
    assert [s.key for s in cited("PN21 Thm 8; SPLN24 §2")] == ["PN21", "SPLN24"]
    assert [s.key for s in cited("Parhi & Nowak, JMLR 22 (2021), §3.4")] == ["PN21"]
    assert cited("PN210, XPN21, SPMX, catalog H10") == ()  # negative controls: no partial matches


# -- 6. cosmetics -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("c0", "c1", "text"), [
    (0.0171, -0.9878, "0.0171 - 0.9878 x"),
    (0.0171, 0.9878, "0.0171 + 0.9878 x"),
    (-1.5, 0.0, "-1.5 + 0 x"),
    (2.0, -0.0, "2 + 0 x"),
])
def test_affine_part_has_one_sign(c0, c1, text):
    assert affine_text(c0, c1) == text


def test_fit_prints_a_negative_slope_with_a_minus(tmp_path, capsys):
    path = tmp_path / "falling.csv"
    path.write_text("x,y\n0,0\n1,-1\n2,-1.5\n3,-1.7\n")
    assert main(["fit", str(path), "--lam", "0.1"]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("f(x) ="))
    assert "+ -" not in line and re.match(r"f\(x\) = \S+ - \S+ x", line), line


def test_sinogram_colorbar_is_labelled():
    pytest.importorskip("matplotlib")
    from radontv.network import ReLUNetwork
    from radontv.radon_plot import sinogram_figure

    fig = sinogram_figure(ReLUNetwork([[1, 0], [0, 1]], [0, 1], [1, -1]), resolution=20)
    labels = [ax.get_ylabel() for ax in fig.axes if ax.get_label() == "<colorbar>"]
    assert labels and all(labels), labels


_OO = re.compile(r"(?<![A-Za-z\\])oo(?![A-Za-z])")
_EMPTY_INTERVAL = re.compile(r"\\left\(\s*\\infty,")


def test_infinity_detectors_catch_the_old_output():
    import sympy

    assert _OO.search("Ends of (0, oo): g -> +oo")  # the step text before
    assert _EMPTY_INTERVAL.search(sympy.latex(sympy.Tuple(sympy.oo, sympy.oo)))  # the expression before
    assert not _OO.search(r"\lim_{\alpha \to \infty} root, too, zoom")


@pytest.mark.parametrize("claim_id", ["rescaling.balance", "deep.vector_weight_decay", "univariate.relu_green",
                                      "deep.schatten_rank_limit"])
def test_derive_renders_infinity(claim_id, capsys):
    assert main(["derive", claim_id, "--latex"]) == 0
    latex = capsys.readouterr().out
    assert not _OO.search(latex) and not _EMPTY_INTERVAL.search(latex)
    assert main(["derive", claim_id]) == 0
    assert not _OO.search(capsys.readouterr().out)
