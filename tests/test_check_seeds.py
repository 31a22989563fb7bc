"""``radontv check --seeds N``: many seeds of the numeric checks as tasks on Dask (radontv.rates.seeds).

The expected outcome of each seed comes from an independent route: the check run directly through
:func:`radontv.runner.run_check` in this process, one seed at a time, without the engine.  The engine must reproduce
it task for task, under the synchronous scheduler and on a local cluster of two worker processes.  Negative control:
a check that refutes at some seeds must make the claim refuted, name the lowest refuting seed, and exit 1.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from radontv import InvalidInput
from radontv.catalog import get, select
from radontv.cli import main
from radontv.evidence import Verdict
from radontv.rates import seeds as seeds_module
from radontv.rates.seeds import check_task, run_seeds, seed_tasks, summarize
from radontv.report_envelope import validate
from radontv.runner import EvidenceReport, run_check

CLAIM = "rescaling.homogeneity"  # a cheap exact check
EXAMPLES = 3


def _direct(claim_id: str, seed: int) -> EvidenceReport:
    return run_check(get(claim_id), examples=EXAMPLES, seed=seed)


def test_tasks_one_per_claim_and_seed():
    claims = select(["rescaling"])
    tasks = seed_tasks(claims, seeds=3, seed=7, examples=EXAMPLES)
    assert len(tasks) == 3 * len(claims)
    assert [(t.param("claim"), t.seed) for t in tasks] == [(c.id, s) for c in claims for s in (7, 8, 9)]
    assert len({t.key() for t in tasks}) == len(tasks)
    assert all(t.experiment == "check" and t.param("examples") == EXAMPLES for t in tasks)


@pytest.mark.parametrize("kwargs", [{"seeds": 0}, {"seeds": 2, "seed": -1}, {"seeds": True},
                                    {"seeds": 2, "examples": 0}, {"seeds": 2.0}])
def test_tasks_bad_input(kwargs):
    with pytest.raises(InvalidInput):
        seed_tasks(select([CLAIM]), **kwargs)


def test_tasks_no_claims():
    with pytest.raises(InvalidInput, match="no claim"):
        seed_tasks((), seeds=2)


def test_check_task_is_the_direct_check():
    (task,) = seed_tasks(select([CLAIM]), seeds=1, seed=4, examples=EXAMPLES)
    result = check_task(task)
    direct = _direct(CLAIM, 4)
    assert result["verdict"] == direct.verdict.value
    assert result["instances"] == direct.instances
    assert result["worst_instance"] == direct.worst_instance
    json.dumps(result)


def test_synchronous_engine_reproduces_each_seed():
    reports, engine = run_seeds(select([CLAIM]), seeds=3, seed=2, examples=EXAMPLES, scheduler="synchronous")
    assert engine.scheduler == "synchronous"
    (report,) = reports
    direct = [_direct(CLAIM, s) for s in (2, 3, 4)]
    assert report.seeds == (2, 3, 4)
    assert report.instances == sum(d.instances for d in direct)
    assert sum(report.counts.values()) == 3
    for verdict in Verdict:
        assert report.counts[verdict.value] == sum(d.verdict is verdict for d in direct)
    assert report.verdict.passed and report.counterexample is None and report.first_error is None


def test_local_cluster_of_two_processes_gives_the_same_numbers():
    claims = select([CLAIM, "rescaling.parity"])
    local, engine = run_seeds(claims, seeds=2, examples=EXAMPLES, workers=2)
    assert engine.as_dict() == {"scheduler": "local", "workers": 2}
    sync, _ = run_seeds(claims, seeds=2, examples=EXAMPLES, scheduler="synchronous")
    assert [r.as_dict() for r in local] == [r.as_dict() for r in sync]


def _fake_results(verdicts: dict[int, str]) -> tuple[list, list[dict]]:
    tasks = seed_tasks(select([CLAIM]), seeds=len(verdicts))
    results = [{"verdict": verdicts[t.seed], "instances": 2, "residual": 0.0, "digits": None,
                "worst_instance": f"x = {t.seed}", "message": f"seed {t.seed}"} for t in tasks]
    return tasks, results


def test_summary_names_the_lowest_refuting_seed():
    tasks, results = _fake_results({0: "consistent", 1: "proved", 2: "refuted", 3: "error", 4: "refuted"})
    (report,) = summarize(list(reversed(tasks)), list(reversed(results)))  # order of completion does not matter
    assert report.verdict is Verdict.ERROR  # an error outranks a refutation (combine_verdicts)
    assert report.counterexample == {"seed": 2, "worst_instance": "x = 2", "residual": 0.0, "message": "seed 2"}
    assert report.first_error["seed"] == 3
    assert report.instances == 10
    assert report.counts == {"proved": 1, "consistent": 1, "undetermined": 0, "refuted": 2, "error": 1}
    assert report.as_dict()["seeds"] == 5 and report.as_dict()["first_seed"] == 0


_SEVERITY = ["proved", "consistent", "undetermined", "refuted", "error"]


@given(st.lists(st.sampled_from(_SEVERITY), min_size=1, max_size=12))
def test_summary_counts_and_first_counterexample(verdicts):
    tasks, results = _fake_results(dict(enumerate(verdicts)))
    (report,) = summarize(tasks, results)
    assert report.counts == {v: verdicts.count(v) for v in _SEVERITY}
    refuting = [s for s, v in enumerate(verdicts) if v == "refuted"]
    assert (report.counterexample or {}).get("seed") == (refuting[0] if refuting else None)
    # the claim's verdict: the worst seed, except that all-proved-or-consistent with one proof is "proved"
    worst = max(verdicts, key=_SEVERITY.index)
    expected = worst if worst not in ("proved", "consistent") else ("proved" if "proved" in verdicts else "consistent")
    assert report.verdict.value == expected
    assert report.instances == 2 * len(verdicts)


def test_summary_all_consistent_has_no_counterexample():
    tasks, results = _fake_results({0: "consistent", 1: "consistent"})
    (report,) = summarize(tasks, results)
    assert report.verdict is Verdict.CONSISTENT and report.counterexample is None


# --- the command line ---------------------------------------------------------------------------------------------

def _cli(*args: str) -> list[str]:
    return ["check", CLAIM, "--seeds", "3", "--examples", str(EXAMPLES), "--scheduler", "synchronous", *args]


def test_cli_table(capsys):
    assert main(_cli()) == 0
    out = capsys.readouterr().out
    assert CLAIM in out and "first counterexample" in out and "3 seeds" in out


def test_cli_json(capsys):
    assert main(_cli("--json", "--seed", "10")) == 0
    data = json.loads(capsys.readouterr().out)
    validate(data)  # radontv/schemas/report.schema.json
    assert data["command"] == "check --seeds" and data["settings"]["seeds"] == 3 and data["settings"]["seed"] == 10
    (entry,) = data["claims"]
    assert entry["id"] == CLAIM and entry["seeds"] == 3 and entry["first_seed"] == 10
    assert entry["instances"] == sum(_direct(CLAIM, s).instances for s in (10, 11, 12))
    assert sum(entry["counts"].values()) == 3 and entry["counterexample"] is None
    assert data["engine"]["scheduler"] == "synchronous"


def test_cli_refuting_seed_exits_one(monkeypatch, capsys):
    """Negative control: a check refuting at seeds 1 and 2 refutes the claim; the report names seed 1."""
    real = run_check

    def broken(claim, *, dps=None, examples=None, seed=0):
        report = real(claim, dps=dps, examples=examples, seed=seed)
        if seed in (1, 2):
            return EvidenceReport("numeric", Verdict.REFUTED, 0.0, residual=1.0, instances=report.instances,
                                  message="deliberately wrong", worst_instance=f"seed {seed}")
        return report

    monkeypatch.setattr("radontv.runner.run_check", broken)
    assert main(_cli("--json")) == 1
    entry = json.loads(capsys.readouterr().out)["claims"][0]
    assert entry["verdict"] == "refuted" and entry["counts"]["refuted"] == 2
    assert entry["counterexample"]["seed"] == 1 and entry["counterexample"]["message"] == "deliberately wrong"
    assert main(_cli()) == 1
    assert "counterexample, seed 1 at seed 1: deliberately wrong" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--seeds", "0"], ["--seeds", "2", "--seed", "-1"], ["--scheduler", "synchronous"],
                                  ["--workers", "2"], ["--cache", "somewhere"], ["--seeds", "2", "--properties"],
                                  ["--seeds", "2", "--workers", "0"],
                                  ["--seeds", "2", "--workers", "2", "--scheduler", "synchronous"]])
def test_cli_bad_input_exits_two(args, capsys):
    assert main(["check", CLAIM, *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("radontv: error:")


def test_cli_cache_resumes(tmp_path, monkeypatch, capsys):
    assert main(_cli("--json", "--cache", str(tmp_path))) == 0
    first = json.loads(capsys.readouterr().out)
    assert len(list(tmp_path.glob("*.json"))) == 3

    def must_not_run(*args, **kwargs):
        raise AssertionError("a cached seed was recomputed")

    monkeypatch.setattr("radontv.runner.run_check", must_not_run)
    assert main(_cli("--json", "--cache", str(tmp_path))) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["claims"] == first["claims"] and again["engine"]["workers"] == 0  # no engine started
    assert main(_cli("--cache", str(tmp_path))) == 0
    assert f"from the cache {tmp_path}" in capsys.readouterr().out


def test_cli_unreachable_scheduler_exits_two(capsys):
    assert main(["check", CLAIM, "--seeds", "2", "--scheduler", "tcp://127.0.0.1:9"]) == 2
    assert "127.0.0.1:9" in capsys.readouterr().err


def test_task_function_is_importable_by_name():
    """Worker processes resolve the task function by module and name (the engine pickles it by reference)."""
    assert seeds_module.check_task.__module__ == "radontv.rates.seeds"
