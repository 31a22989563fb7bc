"""The rate-experiment runner (radontv.rates.experiments) and ``radontv rates``: rows, verdicts, exit codes, errors.

The runner and the command are tested on a stand-in experiment whose error law is known in closed form: this test
module itself follows the experiment protocol (NAME, PROFILES, run_task, summarize), with errors
``scale * c_s * size^(alpha + 0.05 (-1)^s)`` for seed s, alpha = -1/2 or -1/d, and a factor c_s = exp(0.05 z) drawn
per (d, seed), the same for every size.  Half the seeds decay 0.05 faster, half 0.05 slower, so the bootstrap over
seeds spreads the fitted exponent by about +-0.04 around alpha (up to a bias of about 0.01 from averaging the two
groups), far less than the distance of -1/2 to -1/d for d = 1 or 3.  The expected exponent therefore comes from the
construction, not from the code under test.  Negative controls: a -1/d law against
a stated -1/2 must be reported "outside" and make the command exit 1 (READ) — but not for a conjectured value.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import types
from collections import defaultdict

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from radontv import InvalidInput
from radontv.cli import main
from radontv.commands.rates import parse_dims, table
from radontv.rates import experiments
from radontv.rates.experiments import refutes, resolve, row_verdict, run_experiment, simultaneous_level
from radontv.rates.slopes import fit_exponent
from radontv.rates.tasks import Profile, seed_for
from radontv.report_envelope import envelope, validate

# --- the stand-in experiment (this module follows the protocol) ---------------------------------------------------

NAME = "toy"
SIZES = (8, 16, 32, 64)
PROFILES = {
    "quick": Profile("quick", dims=(1, 2, 3), sizes=SIZES, seeds=6, params=(("law", "half"), ("status", "READ"))),
    "full": Profile("full", dims=(1, 2, 3, 4), sizes=SIZES, seeds=8, params=(("law", "half"), ("status", "READ"))),
}
CALLS: list[str] = []  # task keys computed in this process (synchronous scheduler), to see the cache at work


def run_task(task) -> dict:
    """Error ``scale * c_s * size^(alpha +- 0.05)``: alpha = -1/2 (law "half") or -1/d (law "inv_d")."""
    CALLS.append(task.key())
    alpha = -0.5 if task.param("law") == "half" else -1.0 / task.d
    spread = 0.05 if task.seed % 2 == 0 else -0.05
    factor = math.exp(0.05 * float(np.random.default_rng(seed_for("toy", task.d, task.seed)).standard_normal()))
    return {"error": task.param("scale", 1.0) * factor * task.size ** (alpha + spread)}


def summarize(tasks, results, *, level=0.95, seed=0) -> list[dict]:
    cells: dict[int, dict[int, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    for task, result in zip(tasks, results, strict=True):
        cells[task.d][task.seed][task.size] = result["error"]
    status = tasks[0].param("status")
    stated = None if status == "NONE" else -0.5
    rows = []
    for d, by_seed in cells.items():
        errors = [[by_seed[s][n] for n in SIZES] for s in sorted(by_seed)]
        exponent = fit_exponent(SIZES, errors, level=level, seed=seed)
        rows.append({"d": d, "exponent": exponent.value, "interval": list(exponent.interval),
                     "theory": {"exponent": stated, "status": status, "source": "toy law"},
                     "sizes": list(SIZES), "errors": [sum(col) / len(col) for col in zip(*errors, strict=True)]})
    return rows


THIS = sys.modules[__name__]


def _variant(law: str, status: str, **extra) -> types.ModuleType:
    """The stand-in with another law or status (same functions, other profiles)."""
    module = types.ModuleType("toy_variant")
    params = {"law": law, "status": status, **extra}
    module.NAME = NAME
    module.PROFILES = {name: Profile(name, p.dims, p.sizes, p.seeds, tuple(params.items()))
                       for name, p in PROFILES.items()}
    module.run_task = run_task
    module.summarize = summarize
    return module


@pytest.fixture
def toy(monkeypatch):
    """Route ``radontv rates maurey`` to a stand-in experiment; returns a function installing a variant."""
    def install(module: types.ModuleType = THIS) -> types.ModuleType:
        monkeypatch.setattr(experiments, "EXPERIMENTS", {"maurey": module})
        return module
    install()
    return install


def _sync(*args: str) -> list[str]:
    return ["rates", "maurey", "--scheduler", "synchronous", *args]


# --- the runner ---------------------------------------------------------------------------------------------------

def test_runner_measures_the_constructed_exponent():
    report = run_experiment(THIS, scheduler="synchronous")
    assert [r["d"] for r in report.results] == [1, 2, 3]
    assert report.tasks == 3 * len(SIZES) * 6
    assert report.experiment == "toy" and report.profile == "quick"
    for row in report.results:
        lo, hi = row["interval"]
        assert lo <= -0.5 <= hi and hi - lo < 0.2
        assert row_verdict(row) == "inside" and not refutes(row)
    assert not report.refuted
    out = report.as_dict()
    assert set(out) == {"experiment", "profile", "results", "engine", "tasks", "seconds", "level", "row_level"}
    assert out["engine"] == {"scheduler": "synchronous", "workers": report.engine.workers}
    assert all(r["verdict"] == "inside" for r in out["results"])
    json.dumps(out)  # JSON-able


def test_negative_control_minus_one_over_d_is_outside_and_refutes():
    report = run_experiment(_variant("inv_d", "READ"), scheduler="synchronous")
    verdicts = {r["d"]: row_verdict(r) for r in report.results}
    assert verdicts == {1: "outside", 2: "inside", 3: "outside"}  # -1/2 is -1/d exactly at d = 2
    assert report.refuted


def test_unconfirmed_value_outside_never_refutes():
    report = run_experiment(_variant("inv_d", "UNCONFIRMED"), scheduler="synchronous")
    assert "outside" in [row_verdict(r) for r in report.results]
    assert not report.refuted


def test_no_stated_value_has_no_verdict():
    report = run_experiment(_variant("inv_d", "NONE"), scheduler="synchronous")
    assert {row_verdict(r) for r in report.results} == {"-"}
    assert not report.refuted


@pytest.mark.parametrize(("lo", "hi", "expected"), [(-0.6, -0.4, "inside"), (-0.5, -0.4, "inside"),
                                                   (-0.6, -0.5, "inside"), (-0.49, -0.4, "outside"),
                                                   (-0.7, -0.51, "outside")])
def test_row_verdict_closed_interval(lo, hi, expected):
    row = {"d": 2, "exponent": (lo + hi) / 2, "interval": [lo, hi],
           "theory": {"exponent": -0.5, "status": "READ", "source": "x"}}
    assert row_verdict(row) == expected
    for status in ("READ", "READ-2nd", "DERIVED"):  # values read in the sources or derived can be refuted
        assert refutes({**row, "theory": {**row["theory"], "status": status}}) == (expected == "outside")
    assert not refutes({**row, "theory": {**row["theory"], "status": "UNCONFIRMED"}})


# an upper rate e = -1/4 ("the gap decays at least as fast as N^(-1/4)"): holds when lo <= e
@pytest.mark.parametrize(("relation", "lo", "hi", "expected"), [
    ("at most", -1.1, -0.4, "holds"), ("at most", -0.4, -0.3, "holds"), ("at most", -0.25, 0.1, "holds"),
    ("at most", -0.24, 0.1, "violated"), ("at least", -0.4, -0.25, "holds"), ("at least", -0.9, -0.26, "violated"),
    ("equals", -1.1, -0.4, "outside")])
def test_row_verdict_of_a_rate_bound(relation, lo, hi, expected):
    row = {"d": 1, "exponent": (lo + hi) / 2, "interval": [lo, hi],
           "theory": {"exponent": -0.25, "status": "READ-2nd", "relation": relation, "source": "x"}}
    assert row_verdict(row) == expected
    assert refutes(row) == (expected in ("outside", "violated"))


def test_unknown_relation_is_a_bug_of_the_experiment():
    row = {"d": 1, "exponent": -0.5, "interval": [-0.6, -0.4], "theory": {"exponent": -0.5, "relation": "about"}}
    with pytest.raises(TypeError, match="about"):
        row_verdict(row)


def test_exponents_do_not_change_when_errors_are_rescaled():
    base = run_experiment(THIS, dims=[1, 3], scheduler="synchronous")
    for scale in (1e-8, 1e8):
        scaled = run_experiment(_variant("half", "READ", scale=scale), dims=[1, 3], scheduler="synchronous")
        for a, b in zip(base.results, scaled.results, strict=True):
            assert math.isclose(a["exponent"], b["exponent"], rel_tol=1e-9)
            for x, y in zip(a["interval"], b["interval"], strict=True):
                assert math.isclose(x, y, rel_tol=1e-9)
            assert row_verdict(a) == row_verdict(b)
            assert math.isclose(b["errors"][0], scale * a["errors"][0], rel_tol=1e-12)  # the control: it did rescale


def test_dims_seed_and_profile_select_the_grid():
    report = run_experiment(THIS, dims=[2], profile="full", seed=5, scheduler="synchronous")
    assert [r["d"] for r in report.results] == [2]
    assert report.tasks == len(SIZES) * 8 and report.profile == "full"
    other = run_experiment(THIS, dims=[2], profile="full", seed=6, scheduler="synchronous")
    assert other.results[0]["errors"] != report.results[0]["errors"]  # another seed, other numbers


def test_intervals_are_simultaneous_over_the_dimensions():
    report = run_experiment(THIS, scheduler="synchronous")
    assert report.level == 0.95 and math.isclose(report.row_level, 1 - 0.05 / 3, rel_tol=1e-15)
    assert run_experiment(THIS, dims=[2], scheduler="synchronous").row_level == 0.95
    assert math.isclose(simultaneous_level(5), 0.99, rel_tol=1e-15)
    assert math.isclose(simultaneous_level(4, 0.9), 0.975, rel_tol=1e-15)
    narrow = run_experiment(THIS, dims=[1, 3], scheduler="synchronous", level=0.5)
    wide = run_experiment(THIS, dims=[1, 3], scheduler="synchronous", level=0.99)
    for n, w in zip(narrow.results, wide.results, strict=True):  # the level reached summarize: nested intervals
        assert w["interval"][0] < n["interval"][0] <= n["interval"][1] < w["interval"][1]
    assert wide.as_dict()["level"] == 0.99 and wide.as_dict()["row_level"] == wide.row_level


@pytest.mark.parametrize(("count", "level"), [(0, 0.95), (2, 1.0), (2, 0.0), (2, math.nan), (2, True), (1.5, 0.9)])
def test_simultaneous_level_bad_input(count, level):
    with pytest.raises(InvalidInput):
        simultaneous_level(count, level)


@pytest.mark.parametrize("kwargs", [{"dims": []}, {"dims": [0]}, {"dims": [2, -1]}, {"dims": "2"}, {"dims": [2.0]},
                                    {"seed": -1}, {"workers": 0}, {"profile": "medium"}, {"level": 1.0},
                                    {"level": -0.5}])
def test_runner_bad_input(kwargs):
    with pytest.raises(InvalidInput):
        run_experiment(THIS, scheduler="synchronous", **kwargs)


def test_resolve_names_and_protocol():
    with pytest.raises(InvalidInput, match="choose one of maurey"):
        resolve("mauray")
    with pytest.raises(InvalidInput, match="lacks"):
        resolve(types.ModuleType("empty"))
    assert resolve(THIS) is THIS
    assert list(experiments.EXPERIMENTS) == ["maurey", "estimation", "rademacher", "gap"]


def test_importing_the_runner_loads_neither_dask_nor_experiments():
    probe = ("import sys, radontv.rates.experiments as e; list(e.EXPERIMENTS); "
             "print(any(m == 'dask' or m.startswith(('dask.', 'radontv.rates.maurey')) for m in sys.modules)); "
             "import dask; print('dask' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]  # the control: the probe sees dask once it is loaded


# --- the command line ---------------------------------------------------------------------------------------------

def test_help_states_exit_codes(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["rates", "--help"])
    assert exc.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "UNCONFIRMED" in out and "never makes the command fail" in out and "--scheduler" in out
    assert "holds" in out and "violated" in out


def test_table_and_exit_zero(toy, capsys):
    assert main(_sync()) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["d", "exponent", "interval", "theory", "status", "source", "verdict"]
    assert sum(line.endswith("inside") for line in lines) == 3
    assert "synchronous" in out


def test_json_schema(toy, capsys):
    assert main(_sync("--json", "--dims", "3,1")) == 0
    data = json.loads(capsys.readouterr().out)
    validate(data)  # radontv/schemas/rates.schema.json (tests/test_report_schemas_other.py)
    assert data["engine"]["scheduler"] == "synchronous" and data["engine"]["workers"] >= 1
    assert data["level"] == 0.95 and math.isclose(data["row_level"], 0.975, rel_tol=1e-15)  # two dimensions
    assert [r["d"] for r in data["results"]] == [3, 1]
    for row in data["results"]:
        assert set(row) >= {"d", "exponent", "interval", "theory", "verdict"}
        lo, hi = row["interval"]
        assert lo <= row["exponent"] <= hi
        assert row["theory"] == {"exponent": -0.5, "status": "READ", "source": "toy law"}


def test_refuted_read_value_exits_one(toy, capsys):
    toy(_variant("inv_d", "READ"))
    assert main(_sync()) == 1
    captured = capsys.readouterr()
    assert "outside" in captured.out
    err = captured.err.splitlines()
    assert [line.split(":")[0] for line in err] == ["refuted at d = 1", "refuted at d = 3"]
    assert "stated -0.500 (READ, toy law)" in err[0]


def test_unconfirmed_value_outside_exits_zero(toy, capsys):
    toy(_variant("inv_d", "UNCONFIRMED"))
    assert main(_sync()) == 0
    out = capsys.readouterr().out
    assert "outside" in out and "not counted as a refutation" in out


@pytest.mark.parametrize("dims", ["0", "a", "", ",", "2,,3", "-1", "2.5"])
def test_bad_dims_exit_two_with_one_line(toy, dims, capsys):
    assert main(_sync("--dims", dims)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--dims" in err[0] and "e.g. --dims 2,10" in err[0]


@given(st.lists(st.integers(1, 10**6), min_size=1, max_size=8))
def test_parse_dims_round_trips(dims):
    assert parse_dims(",".join(map(str, dims))) == tuple(dims)
    assert parse_dims(" , ".join(map(str, dims))) == tuple(dims)


@given(st.lists(st.integers(1, 100), max_size=5), st.integers(-100, 0), st.lists(st.integers(1, 100), max_size=5))
def test_parse_dims_refuses_a_dimension_below_one(before, bad, after):
    with pytest.raises(InvalidInput, match="below 1"):
        parse_dims(",".join(map(str, [*before, bad, *after])))


def test_parse_dims():
    assert parse_dims("2,10") == (2, 10)
    assert parse_dims(" 5 , 1") == (5, 1)
    assert parse_dims(None) is None


@pytest.mark.parametrize("args", [["--seed", "-1"], ["--workers", "0"], ["--workers", "2"], ["--level", "1.5"],
                                  ["--level", "nan"]])
def test_bad_numbers_exit_two(toy, args, capsys):
    assert main(_sync(*args)) == 2
    assert capsys.readouterr().err.startswith("radontv: error:")


def test_profile_option_picks_any_grid(toy, capsys):
    assert main(_sync("--profile", "full", "--json")) == 0
    data = json.loads(capsys.readouterr().out)
    validate(data)
    assert data["profile"] == "full" and [r["d"] for r in data["results"]] == [1, 2, 3, 4]
    assert main(_sync("--profile", "medium")) == 2
    assert "choose one of quick, full" in capsys.readouterr().err


def test_table_marks_an_upper_rate():
    rows = [{"d": 1, "exponent": -0.7, "interval": [-1.1, -0.4],
             "theory": {"exponent": -0.25, "status": "READ-2nd", "relation": "at most", "source": "LQWP"}}]
    line = table(rows, row_verdict).splitlines()[2]
    assert "<= -0.250" in line and line.endswith("holds")


def test_table_shows_the_groups_of_a_dimension():
    theory = {"exponent": None, "status": "UNCONFIRMED", "source": "PN23"}
    rows = [{"d": 2, "method": m, "exponent": -0.4, "interval": [-0.5, -0.3], "theory": theory}
            for m in ("network", "kernel")]
    lines = table(rows, row_verdict).splitlines()
    assert lines[0].split() == ["d", "method", "exponent", "interval", "theory", "status", "source", "verdict"]
    assert lines[2].split()[:2] == ["2", "network"] and lines[3].split()[:2] == ["2", "kernel"]
    assert lines[2].split()[-1] == "-" and "-0.400" in lines[2]


@pytest.mark.parametrize("args", [["--quick", "--full"], ["--quick", "--profile", "full"], ["nonsense"]])
def test_usage_errors_exit_two(toy, args):
    with pytest.raises(SystemExit) as exc:
        main(["rates", *args] if args[0] == "nonsense" else _sync(*args))
    assert exc.value.code == 2


def test_cache_resumes_and_refuses_another_version(toy, tmp_path, capsys):
    cache = tmp_path / "cache"
    CALLS.clear()
    assert main(_sync("--json", "--dims", "2", "--cache", str(cache))) == 0
    first = json.loads(capsys.readouterr().out)
    validate(first)
    assert first["settings"]["cache"] == str(cache) and first["settings"]["dims"] == [2]
    computed = len(CALLS)
    files = sorted(cache.glob("*.json"))
    assert computed == len(SIZES) * 6 == len(files)
    assert main(_sync("--json", "--dims", "2", "--cache", str(cache))) == 0
    assert len(CALLS) == computed  # nothing recomputed
    again = json.loads(capsys.readouterr().out)
    validate(again)
    assert again["results"] == first["results"] and again["engine"]["workers"] == 0  # workers 0: all from the cache
    assert main(_sync("--dims", "2", "--cache", str(cache))) == 0
    assert f"all {computed} tasks from the cache" in capsys.readouterr().out
    entry = json.loads(files[0].read_text())
    entry["radontv"] = "0.0.0-other"
    files[0].write_text(json.dumps(entry))
    before = {f: f.read_bytes() for f in files}
    assert main(_sync("--dims", "2", "--cache", str(cache))) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(cache) in err[0]
    assert {f: f.read_bytes() for f in sorted(cache.glob("*.json"))} == before  # nothing lost


def test_interrupted_run_says_how_to_resume(toy, monkeypatch, tmp_path, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(experiments, "run_experiment", interrupted)
    assert main(_sync("--cache", str(tmp_path))) == 130
    assert f"kept in {tmp_path}; rerun the same command" in capsys.readouterr().err
    assert main(_sync()) == 130
    assert "rerun with --cache DIR" in capsys.readouterr().err


@pytest.mark.parametrize(("tty", "json_flag", "expected"), [(True, [], True), (True, ["--json"], False),
                                                            (False, [], False)])
def test_progress_bar_only_on_a_terminal_without_json(toy, monkeypatch, tty, json_flag, expected, capsys):
    seen = {}
    real = experiments.run_experiment

    def spy(*args, **kwargs):
        seen["progress"] = kwargs["progress"]
        return real(*args, **{**kwargs, "progress": False})

    monkeypatch.setattr(experiments, "run_experiment", spy)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty)
    assert main(_sync("--dims", "2", *json_flag)) == 0
    assert seen["progress"] is expected


def test_unreachable_scheduler_exits_two(toy, capsys):
    assert main(["rates", "maurey", "--scheduler", "tcp://127.0.0.1:9", "--dims", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "127.0.0.1:9" in err[0]


def test_plot_writes_a_png(toy, tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = tmp_path / "rates.png"
    assert main(_sync("--dims", "1,2", "--plot", str(out))) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "plot written to" in capsys.readouterr().out


def test_plot_without_matplotlib_says_what_to_install(toy, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    CALLS.clear()
    out = tmp_path / "rates.png"
    assert main(_sync("--plot", str(out))) == 2
    assert "radontv[plot]" in capsys.readouterr().err
    assert not out.exists() and CALLS == []  # refused before any task ran


def test_plot_to_an_unwritable_path_exits_two(toy, tmp_path, capsys):
    pytest.importorskip("matplotlib")
    assert main(_sync("--dims", "1", "--plot", str(tmp_path / "missing" / "x.png"))) == 2
    assert "--plot" in capsys.readouterr().err


def test_real_experiment_through_the_command(capsys):
    """Maurey (the cheapest) through the command: quick grid, one dimension, in-process."""
    pytest.importorskip("radontv.rates.maurey")
    code = main(["rates", "maurey", "--scheduler", "synchronous", "--dims", "2", "--json"])
    data = json.loads(capsys.readouterr().out)
    validate(data)
    assert code == (1 if any(refutes(r) for r in data["results"]) else 0)
    assert data["results"] and all(r["d"] == 2 for r in data["results"])


@pytest.mark.parametrize("name", ["maurey", "rademacher", "estimation", "gap"])
def test_real_experiment_follows_the_protocol(name):
    """Each real experiment on a tiny grid (its quick grid cut to one d, three sizes, two seeds), in-process."""
    module = pytest.importorskip(f"radontv.rates.{name}")
    assert module.NAME == name and {"quick", "full"} <= set(module.PROFILES)
    quick = module.PROFILES["quick"]
    tiny = types.ModuleType(f"tiny_{name}")
    tiny.NAME, tiny.run_task, tiny.summarize = module.NAME, module.run_task, module.summarize
    tiny.PROFILES = {"quick": Profile("quick", (min(quick.dims),), quick.sizes[:3], 2, quick.params)}
    report = run_experiment(tiny, scheduler="synchronous")
    assert report.results and all(r["d"] == min(quick.dims) for r in report.results)
    json.dumps(report.as_dict(), allow_nan=False)
    settings = {"experiment": name, "profile": "quick", "dims": None, "seed": 0, "level": 0.95,
                "scheduler": "synchronous", "workers": None, "cache": None, "plot": None}
    validate(envelope("rates", settings, report.as_dict()))  # each experiment's rows follow rates.schema.json
    assert {row_verdict(r) for r in report.results} <= {"inside", "outside", "holds", "violated", "-"}
