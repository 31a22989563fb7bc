"""``radontv fit``: tables, JSON, plots, interpolation and regression, the d > 1 route, and clear errors."""

from __future__ import annotations

import json
import sys
import types

import numpy as np
import pytest

from radontv.cli import main
from radontv.regression import tv2_regression
from radontv.report_envelope import ENVELOPE_KEYS, validate
from radontv.splines import sparsest_interpolant


@pytest.fixture
def data_csv(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("x,y\n0,0\n1,1\n2,0.5\n3,2\n4,1\n5,3\n")
    return path


def test_fit_regression_prints_tables_and_certificate(data_csv, capsys):
    assert main(["fit", str(data_csv), "--lam", "0.1"]) == 0
    out = capsys.readouterr().out
    for piece in ("knot tau_k", "amplitude a_k", "relative gap", "lambda_max", "primal P(f)"):
        assert piece in out


def test_fit_json_matches_the_library(data_csv, capsys):
    assert main(["fit", str(data_csv), "--lam", "0.1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    validate(out)  # radontv/schemas/fit.schema.json (tests/test_report_schemas_other.py)
    spline, cert = tv2_regression([0, 1, 2, 3, 4, 5], [0, 1, 0.5, 2, 1, 3], 0.1)
    assert out["knots"] == [float(t) for t in spline.knots]
    assert out["certificate"]["primal"] == pytest.approx(cert.primal)
    assert out["certificate"]["relative_gap"] <= 1e-9


def test_fit_without_lam_interpolates_sparsest(tmp_path, capsys):
    path = tmp_path / "noheader.csv"
    path.write_text("# x, y\n0,0\n1,0\n2,1\n3,3\n4,5\n5,8\n6,12\n")
    assert main(["fit", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    validate(out)
    assert len(out["knots"]) == sparsest_interpolant([0, 1, 2, 3, 4, 5, 6], [0, 0, 1, 3, 5, 8, 12]).n_knots == 2
    assert out["tv2"] == pytest.approx(out["min_tv2"])


def test_fit_plot_writes_a_png(data_csv, tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = tmp_path / "fit.png"
    assert main(["fit", str(data_csv), "--lam", "0.05", "--plot", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "plot written" in capsys.readouterr().out


def test_fit_multivariate_calls_rtv2_fit(tmp_path, monkeypatch, capsys):
    calls = {}

    def rtv2_fit(X, y, lam=None):
        calls["shape"], calls["lam"] = X.shape, lam
        return types.SimpleNamespace(as_dict=lambda: {"objective": 1.5}, certified=True)

    monkeypatch.setitem(sys.modules, "radontv.fit", types.SimpleNamespace(rtv2_fit=rtv2_fit))
    path = tmp_path / "m.csv"
    path.write_text("x1,x2,y\n0,0,1\n1,0,2\n0,1,0\n1,1,3\n")
    assert main(["fit", str(path), "--lam", "0.5", "--json"]) == 0
    assert calls == {"shape": (4, 2), "lam": 0.5}
    out = json.loads(capsys.readouterr().out)
    assert {k: v for k, v in out.items() if k not in ENVELOPE_KEYS} == {"objective": 1.5}  # the body, unchanged
    assert out["command"] == "fit" and out["settings"]["lam"] == 0.5 and out["settings"]["columns"] == ["x1", "x2", "y"]


@pytest.mark.parametrize("content, extra, match", [
    (None, [], "no such file"),
    ("x,y\n", [], "at least 2 data rows"),
    ("x,y\n0,1\n1,abc\n", [], "not a finite number"),
    ("x,y\n0,1\n1,2,3\n", [], "columns"),
    ("5\n6\n", [], "two columns"),
    ("x,y\n0,1\n1,2\n2,0\n", ["--lam", "-1"], ">= 0"),
    ("x,y\n0,1\n0,2\n1,0\n", [], "twice with different values"),
    ("x1,x2,y\n0,0,1\n1,0,2\n0,1,0\n1,1,3\n", ["--plot", "out.png"], "univariate"),
], ids=["missing", "no-rows", "text-cell", "ragged", "one-column", "negative-lam", "duplicate-x-interpolation",
        "plot-d2"])
def test_fit_errors_are_one_line_with_exit_code_2(tmp_path, capsys, content, extra, match):
    path = tmp_path / "bad.csv"
    if content is not None:
        path.write_text(content)
    assert main(["fit", str(path), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("radontv: error:") and err.count("\n") == 1
    assert match in err


def test_read_csv_detects_header_and_names_columns(tmp_path):
    from radontv.commands.fit import read_csv

    path = tmp_path / "h.csv"
    path.write_text("time,signal\n0,1\n1,2\n")
    X, y, names = read_csv(path)
    assert names == ["time", "signal"] and X.shape == (2, 1)
    np.testing.assert_array_equal(y, [1.0, 2.0])
