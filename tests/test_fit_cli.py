"""``radontv fit`` end to end on d >= 2 data: the real solve (no mocks), readable neurons and certificate, JSON, and
one-line exit-2 errors for bad input (checked before any solve)."""

from __future__ import annotations

import json
import re
import sys
import time

import numpy as np
import pytest

from radontv.arrangements import pattern_count_bound
from radontv.cli import main
from radontv.fit import MAX_ARRANGEMENT
from radontv.report_envelope import validate

#: Relative slack allowed between the optimal value and the certified dual bound (the fit reaches ~1e-9).
GAP_RTOL = 1e-6
_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")

INTERP_2D = [(0, 0, 0), (1, 0, 0.5), (0, 1, 0.2), (1, 1, 1), (0.5, 0.2, 0.3), (0.2, 0.7, 0.9), (0.8, 0.4, 0.1),
             (0.3, 0.3, 0.6)]


def _regression_3d() -> list[tuple[float, ...]]:
    rng = np.random.default_rng(3)
    X = np.round(rng.uniform(-1, 1, (8, 3)), 3)
    y = np.round(np.maximum(X @ [1.0, -0.5, 0.3] - 0.2, 0) + 0.1 * rng.standard_normal(8), 3)
    return [(*row, t) for row, t in zip(X.tolist(), y.tolist(), strict=True)]


def _write(tmp_path, rows, header=True) -> str:
    d = len(rows[0]) - 1
    lines = [",".join([*(f"x{j + 1}" for j in range(d)), "y"])] if header else []
    lines += [",".join(str(v) for v in row) for row in rows]
    path = tmp_path / "data.csv"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def _abs_numbers(line: str) -> list[float]:
    return [abs(float(m)) for m in _NUMBER.findall(line)]


@pytest.mark.parametrize("rows, lam", [(INTERP_2D, None), (_regression_3d(), 0.1)], ids=["2d-interpolation",
                                                                                        "3d-regression"])
def test_fit_d_ge_2_prints_neurons_and_certificate_and_valid_json(tmp_path, capsys, rows, lam):
    pytest.importorskip("cvxpy")
    path = _write(tmp_path, rows)
    n, d = len(rows), len(rows[0]) - 1
    extra = [] if lam is None else ["--lam", str(lam)]

    assert main(["fit", path, *extra, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    validate(out)  # radontv/schemas/fit.schema.json (tests/test_report_schemas_other.py)
    assert out["problem"] == ("interpolation" if lam is None else "regression")
    assert out["value"] >= out["dual_bound"] - GAP_RTOL * max(1.0, abs(out["value"]))
    assert out["neurons"] <= n - (d + 1) == out["bound"]
    if lam is None:
        assert out["max_residual"] < 1e-6
    hyperplanes = out["network"]["hyperplanes"]
    assert hyperplanes, "the test data should need at least one neuron"

    assert main(["fit", path, *extra]) == 0
    table = capsys.readouterr().out
    assert "…" not in table  # nothing cut
    for piece in ("optimal value", "dual bound", "gap", "N - (d+1)", "activation patterns", f"d = {d}",
                  f"points: {n}"):
        assert piece in table
    # one line per neuron: amplitude, unit normal, offset (compared in absolute value: the sign layout is cosmetic)
    neuron_lines = [line for line in table.splitlines() if "relu(" in line and "sum_k" not in line]
    assert len(neuron_lines) == len(hyperplanes)
    unmatched = [_abs_numbers(line) for line in neuron_lines]
    for h in hyperplanes:
        want = [abs(h["A"]), *(abs(u) for u in h["u"]), abs(h["t"])]
        match = next((i for i, got in enumerate(unmatched)
                      if len(got) == len(want) and np.allclose(got, want, rtol=1e-6, atol=1e-7)), None)
        assert match is not None, f"no table line for neuron {h}:\n{table}"
        unmatched.pop(match)
    affine = [line for line in table.splitlines() if line.strip().startswith("+ (")]
    assert len(affine) == 1 and len(_abs_numbers(affine[0])) == d + 1


def test_fit_help_explains_lam_for_both_dimensions(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["fit", "--help"])
    assert exc.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    for piece in ("L >= 0 on TV2 for one x column", "L > 0 on R-TV2 for d >= 2", "omit --lam to interpolate",
                  "N - (d+1)", "radontv[solvers]"):
        assert piece in text


def _size_limit_rows() -> list[tuple[int, ...]]:
    """The CSV with the fewest cells over the enumeration limit: N = 26 points in d = 6 (182 cells)."""
    n, d = 26, 6
    assert pattern_count_bound(n, d) > MAX_ARRANGEMENT >= pattern_count_bound(n - 1, d)
    rng = np.random.default_rng(0)
    X = rng.integers(-9, 10, (n, d))
    assert len(np.unique(X, axis=0)) == n
    return [(*row, int(t)) for row, t in zip(X.tolist(), rng.integers(-5, 6, n), strict=True)]


BAD = {
    "collinear-2d": ([(0, 0, 0), (1, 1, 1), (2, 2, 0), (3, 3, 1), (4, 4, 2)], [], ["affinely span"]),
    "duplicate-points-interpolation": ([(0, 0, 0), (1, 0, 1), (0, 1, 0), (0, 0, 1), (1, 1, 2)], [],
                                       ["different targets", "--lam"]),
    "lam-0-d2": (INTERP_2D, ["--lam", "0"], ["--lam must be a positive", "d >= 2", "omit --lam to interpolate"]),
    "lam-negative-d2": (INTERP_2D, ["--lam", "-1"], ["--lam must be a positive", "omit --lam to interpolate"]),
    "lam-nan-d2": (INTERP_2D, ["--lam", "nan"], ["--lam must be a positive finite number"]),
    "size-limit": (_size_limit_rows(), [], ["activation patterns", f"limit of {MAX_ARRANGEMENT}",
                                            "Python API, not a radontv command"]),
}


@pytest.mark.parametrize("name", list(BAD))
def test_fit_d_ge_2_bad_input_is_one_line_exit_2_before_any_solve(tmp_path, capsys, monkeypatch, name):
    rows, extra, pieces = BAD[name]

    def no_solve(*args, **kwargs):
        raise AssertionError("bad input must be rejected before the activation patterns are enumerated")

    monkeypatch.setattr("radontv.fit.activation_patterns", no_solve)
    start = time.perf_counter()
    assert main(["fit", _write(tmp_path, rows), *extra]) == 2
    assert time.perf_counter() - start < 2.0
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert err.startswith("radontv: error: ") and err.count("\n") == 1 and "Traceback" not in err
    for piece in pieces:
        assert piece in err, err


@pytest.mark.parametrize("content, match", [
    ("x1,x2,y\n0,0,0\n1,nan,1\n0,1,0\n1,1,2\n", "'nan' is not a finite number"),
    ("x1,x2,y\n0,0,0\n1,inf,1\n0,1,0\n1,1,2\n", "'inf' is not a finite number"),
    ("x1,x2,y\n0,0,0\n1,0\n0,1,0\n1,1,2\n", "line 3: 2 columns where the file has 3"),
    ("x1,x2,y\n0,0,0\n1,0,1,4\n0,1,0\n1,1,2\n", "line 3: 4 columns where the file has 3"),
    ("0,0,0\n1,0,1\n0,1\n", "line 3: 2 columns where the file has 3"),
], ids=["nan-cell", "inf-cell", "short-row", "long-row", "short-row-no-header"])
def test_fit_bad_csv_cells_and_columns_are_one_line_exit_2(tmp_path, capsys, content, match):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    assert main(["fit", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("radontv: error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert match in err, err


def test_fit_without_the_conic_solver_is_a_clean_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "cvxpy", None)  # `import cvxpy` now raises ImportError
    monkeypatch.setitem(sys.modules, "clarabel", None)  # (column generation calls Clarabel directly)
    assert main(["fit", _write(tmp_path, INTERP_2D)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("radontv: error: ") and err.count("\n") == 1
    assert "pip install 'radontv[solvers]'" in err


@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["table", "json"])
def test_fit_exits_1_when_the_certificate_fails(tmp_path, capsys, monkeypatch, json_flag):
    """Negative control of the exit code: the same fit with its dual bound lowered by 1 (a gap far above
    CERTIFIED_RTOL) is a failed claim, exit 1, and says so."""
    import dataclasses

    import radontv.fit as fit_module

    real = fit_module.rtv2_fit

    def weakened(X, y, lam=None):
        result = real(X, y, lam)
        return dataclasses.replace(result, dual_bound=result.dual_bound - 1.0, gap=result.gap + 1.0)

    path = _write(tmp_path, INTERP_2D)
    assert main(["fit", path, *json_flag]) == 0
    capsys.readouterr()
    monkeypatch.setattr(fit_module, "rtv2_fit", weakened)
    assert main(["fit", path, *json_flag]) == 1
    out = capsys.readouterr().out
    assert ('"certified": false' in out) if json_flag else ("NOT certified" in out)
    if json_flag:
        validate(json.loads(out))  # an uncertified fit's report follows the schema too


def test_fit_without_a_certified_optimum_is_exit_1_with_the_reason(tmp_path, capsys, monkeypatch):
    """rtv2_fit raises FitNotCertified instead of returning an uncertified fit: the command prints why on stderr
    (nothing on stdout, so no uncertified network is taken for an answer) and exits 1, not 2 (the data are fine)."""
    pytest.importorskip("cvxpy")
    import radontv.fit as fit_module
    from radontv.errors import FitNotCertified

    def fails(X, y, lam=None):
        raise FitNotCertified("rtv2_fit found no certified optimum for N = 8 points in d = 2 (relative gap 0.04)")

    monkeypatch.setattr(fit_module, "rtv2_fit", fails)
    for json_flag in ([], ["--json"]):
        assert main(["fit", _write(tmp_path, INTERP_2D), *json_flag]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith("radontv: NOT certified: ") and captured.err.count("\n") == 1
        assert "relative gap 0.04" in captured.err
