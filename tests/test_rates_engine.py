"""The engine of the rates family (issue 11): tasks and seeding, Dask engines, the on-disk cache, bad input.

Real dask.distributed, no mocks: one LocalCluster of two worker processes (module fixture) serves the "existing
cluster by address" tests; the embedded cluster of ``scheduler=None`` is started once more by its own test.  Worker
processes run :func:`radontv.rates.tasks.echo_task` (importable everywhere); the counting and failing task functions
below run on the synchronous scheduler, in this process.

Expected numbers come from the stated rules, not from the engine: the seed is SHA-256 of the JSON of the parts, the
task's stream is ``default_rng(seed_for(task.key()))``, and echo_task's first number is that stream's first normal.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from radontv.errors import InvalidInput
from radontv.rates.cache import CacheMismatch, TaskCache, as_json_result
from radontv.rates.engine import EngineInfo, EngineUnavailable, local_cluster, run_tasks
from radontv.rates.tasks import Profile, Task, echo_task, seed_for

GRID = Profile("quick", dims=(1, 3), sizes=(2, 5), seeds=3)

# --- task functions run in this process (synchronous scheduler) --------------------------------------------------

CALLS: list[str] = []
FAIL_SEEDS: set[int] = set()


def counting_task(task: Task) -> dict:
    """echo_task, recording each call (proves what the cache did not recompute); fails on seeds in FAIL_SEEDS."""
    if task.seed in FAIL_SEEDS:
        raise RuntimeError(f"interrupted at seed {task.seed}")
    CALLS.append(task.key())
    return echo_task(task)


def numpy_task(task: Task) -> dict:
    return {"x": np.float64(0.1) * task.size, "n": np.int64(task.d), "v": np.arange(3) / 3, "t": (1, 2)}


def nan_task(task: Task) -> dict:
    return {"x": float("nan")}


def list_task(task: Task) -> list:
    return [task.size]


def blas_task(task: Task) -> dict:
    from threadpoolctl import threadpool_info

    return {"threads": sorted({info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"})}


@pytest.fixture(autouse=True)
def _fresh_counters():
    CALLS.clear()
    FAIL_SEEDS.clear()
    yield
    CALLS.clear()
    FAIL_SEEDS.clear()


def expected_first(task: Task) -> float:
    """echo_task's first number by the seeding rule, computed here from hashlib and numpy."""
    text = json.dumps([task.key()], sort_keys=True)
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:16], "big")
    return float(np.random.default_rng(seed).standard_normal())


# --- seeding and tasks --------------------------------------------------------------------------------------------

json_parts = st.lists(
    st.one_of(
        st.integers(-(2**70), 2**70),
        st.text(max_size=8),
        st.lists(st.integers(0, 9), max_size=3),
        st.dictionaries(st.text(max_size=3), st.integers(0, 9), max_size=3),
    ),
    max_size=4,
)


@given(json_parts)
def test_seed_for_is_128_bits_of_sha256_of_sorted_json(parts):
    expected = int.from_bytes(hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).digest()[:16], "big")
    assert seed_for(*parts) == expected
    assert 0 <= seed_for(*parts) < 2**128
    # negative control: the same parts in another grouping hash to another seed
    assert seed_for(parts) != seed_for(*parts)


def test_seed_for_is_the_same_in_every_process_and_python_hash_is_not():
    code = (
        "from radontv.rates.tasks import seed_for, Task; k = Task.make('maurey', 3, 10, 7, a=1).key(); "
        "print(seed_for('maurey', 'target', 3, 7), Task.make('maurey', 3, 10, 7, a=1).rng().integers(2**62), hash(k))"
    )
    outputs = []
    for hash_seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
        completed = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment
        )
        outputs.append(completed.stdout.split())
    assert outputs[0][:2] == outputs[1][:2]
    assert outputs[0][0] == str(seed_for("maurey", "target", 3, 7))
    # negative control: Python's salted hash of the same key differs between the two processes
    assert outputs[0][2] != outputs[1][2]


@given(
    st.integers(1, 60),
    st.integers(1, 10**6),
    st.integers(0, 10**6),
    st.dictionaries(  # names other than make's own arguments (experiment, d, size, seed)
        st.sampled_from("abcfgh"), st.one_of(st.integers(-9, 9), st.floats(-1e9, 1e9), st.text(max_size=3))
    ),
)
def test_task_key_is_canonical_and_determines_the_stream(d, size, seed, params):
    task = Task.make("maurey", d, size, seed, **params)
    reordered = Task.make("maurey", d, size, seed, **dict(reversed(list(params.items()))))
    assert task == reordered and task.key() == reordered.key() and hash(task) == hash(reordered)
    fields = json.loads(task.key())
    assert fields == {"experiment": "maurey", "d": d, "size": size, "seed": seed, "params": params}
    assert task.key() == json.dumps(fields, sort_keys=True, separators=(",", ":"))
    assert Task.make(fields["experiment"], fields["d"], fields["size"], fields["seed"], **fields["params"]) == task
    draws = task.rng().standard_normal(4)
    np.testing.assert_array_equal(draws, np.random.default_rng(seed_for(task.key())).standard_normal(4))
    assert float(draws[0]) == expected_first(task)
    # negative control: another seed, size or dimension is another task with another stream
    for other in (
        Task.make("maurey", d, size, seed + 1, **params),
        Task.make("maurey", d, size + 1, seed, **params),
        Task.make("maurey", d + 1, size, seed, **params),
    ):
        assert other.key() != task.key()
        assert other.rng().standard_normal() != draws[0]


def test_task_params_and_pickling():
    task = Task.make("estimation", 2, 100, 3, method="kernel", lambdas=[0.1, 1], noise=0.5)
    assert task.params == (("lambdas", (0.1, 1)), ("method", "kernel"), ("noise", 0.5))
    assert task.param("method") == "kernel" and task.param("missing", 7) == 7
    assert json.loads(task.key())["params"]["lambdas"] == [0.1, 1]
    assert Task("estimation", 2, 100, 3, {"noise": 0.5, "method": "kernel", "lambdas": (0.1, 1)}) == task
    assert pickle.loads(pickle.dumps(task)) == task
    assert Task.make("echo", np.int64(2), 3, 0).d == 2


@pytest.mark.parametrize(
    ("arguments", "params", "fragment"),
    [
        (("maurey", 0, 10, 0), {}, "d (the input dimension) must be >= 1"),
        (("maurey", -2, 10, 0), {}, "d (the input dimension) must be >= 1"),
        (("maurey", 2, 0, 0), {}, "size (the width K or sample size N) must be >= 1"),
        (("maurey", 2, 10, -1), {}, "seed must be >= 0"),
        (("maurey", True, 10, 0), {}, "bool"),
        (("maurey", 2.0, 10, 0), {}, "must be an integer"),
        (("", 2, 10, 0), {}, "experiment must be a non-empty string"),
        (("maurey", 2, 10, 0), {"noise": float("nan")}, "must be finite"),
        (("maurey", 2, 10, 0), {"noise": float("inf")}, "must be finite"),
        (("maurey", 2, 10, 0), {"grid": {"a": 1}}, "must be a string, number"),
        (("maurey", 2, 10, 0), {"f": object()}, "must be a string, number"),
    ],
)
def test_task_refuses_bad_fields(arguments, params, fragment):
    with pytest.raises(InvalidInput, match=re.escape(fragment)):
        Task.make(*arguments, **params)


def test_task_refuses_bad_params_given_directly():
    with pytest.raises(InvalidInput, match="repeat"):
        Task("maurey", 2, 10, 0, (("a", 1), ("a", 2)))
    with pytest.raises(InvalidInput, match="non-empty strings"):
        Task("maurey", 2, 10, 0, ((1, 1),))
    with pytest.raises(InvalidInput, match="pairs"):
        Task("maurey", 2, 10, 0, 5)  # type: ignore[arg-type]


@given(
    st.lists(st.integers(1, 50), min_size=1, max_size=4, unique=True),
    st.lists(st.integers(1, 10**4), min_size=1, max_size=4, unique=True).map(sorted),
    st.integers(1, 5),
    st.integers(0, 100),
)
def test_profile_grid_is_the_product_in_order(dims, sizes, seeds, first):
    profile = Profile("quick", tuple(dims), tuple(sizes), seeds, (("M", 100),))
    tasks = profile.tasks("maurey", seed=first)
    expected = [(d, k, first + s) for d in dims for k in sizes for s in range(seeds)]
    assert [(t.d, t.size, t.seed) for t in tasks] == expected
    assert all(t.experiment == "maurey" and t.param("M") == 100 for t in tasks)
    assert len({t.key() for t in tasks}) == len(tasks)
    assert [t.d for t in profile.tasks("maurey", dims=[7])] == [7] * (len(sizes) * seeds)


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (lambda: Profile("quick", (), (10,), 2), "dims is empty"),
        (lambda: Profile("quick", (2,), (), 2), "sizes is empty"),
        (lambda: Profile("quick", (0, 2), (10,), 2), "must be >= 1"),
        (lambda: Profile("quick", (2,), (10, 0), 2), "must be >= 1"),
        (lambda: Profile("quick", (2,), (20, 10), 2), "strictly increasing"),
        (lambda: Profile("quick", (2, 2), (10,), 2), "repeats"),
        (lambda: Profile("quick", (2,), (10,), 0), "seeds"),
        (lambda: Profile("", (2,), (10,), 1), "name"),
        (lambda: Profile("quick", 2, (10,), 1), "sequence"),  # type: ignore[arg-type]
        (lambda: GRID.tasks("maurey", dims=[]), "dims is empty"),
        (lambda: GRID.tasks("maurey", dims=[0]), "must be >= 1"),
        (lambda: GRID.tasks("maurey", seed=-1), "seed must be >= 0"),
    ],
)
def test_profile_refuses_bad_grids(build, fragment):
    with pytest.raises(InvalidInput, match=fragment):
        build()


# --- engines ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    with local_cluster(2) as running:  # processes=True, threads_per_worker=1, dashboard_address=None
        yield running


def test_synchronous_results_follow_the_seeding_rule():
    tasks = GRID.tasks("echo")
    results, info = run_tasks(echo_task, tasks, scheduler="synchronous")
    assert info == EngineInfo("synchronous", 1) and info.as_dict() == {"scheduler": "synchronous", "workers": 1}
    assert [r["key"] for r in results] == [t.key() for t in tasks]
    assert [r["first"] for r in results] == [expected_first(t) for t in tasks]
    # negative control: the numbers differ from task to task (equality between engines is not trivial)
    assert len({r["first"] for r in results}) == len(tasks)


def test_existing_cluster_by_address_gives_identical_numbers(cluster):
    tasks = GRID.tasks("echo", seed=5)
    expected, _ = run_tasks(echo_task, tasks, scheduler="synchronous")
    address = cluster.scheduler_address
    assert isinstance(address, str) and address.startswith("tcp://")
    results, info = run_tasks(echo_task, tasks, scheduler=address)
    assert info.as_dict() == {"scheduler": address, "workers": 2}
    assert results == expected  # floats compared exactly
    assert json.dumps(results) == json.dumps(expected)
    # negative control: the same grid from another first seed gives other numbers
    shifted, _ = run_tasks(echo_task, GRID.tasks("echo", seed=6), scheduler=address)
    assert shifted[0]["first"] != results[0]["first"]
    assert shifted[0]["first"] == results[1]["first"]  # seed 6 of cell 0 is the second task of the first grid


def test_workers_get_one_blas_thread_and_no_malloc_trim_threshold(cluster):
    import dask
    from distributed import Client

    with Client(cluster.scheduler_address, set_as_default=False) as client:
        trim = client.run(os.getenv, "MALLOC_TRIM_THRESHOLD_")
        omp = client.run(os.getenv, "OMP_NUM_THREADS")
    assert len(trim) == 2 and set(trim.values()) == {None}
    assert set(omp.values()) == {"1"}
    # negative control: distributed's own default would have set it (2.5x slower Maurey tasks, engine.local_cluster)
    assert dask.config.get("distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_") == 65536


def test_task_errors_propagate_from_workers_naming_the_task(cluster):
    bad = Task.make("echo", 2, 3, 0, repeat=0)  # echo_task refuses repeat < 1 inside the worker
    with pytest.raises(InvalidInput, match="repeat") as caught:
        run_tasks(echo_task, [Task.make("echo", 2, 3, 1), bad], scheduler=cluster.scheduler_address)
    assert any(bad.key() in note for note in getattr(caught.value, "__notes__", []))


def test_embedded_local_cluster_gives_identical_numbers(capsys):
    tasks = GRID.tasks("echo", dims=[4])
    expected, _ = run_tasks(echo_task, tasks, scheduler="synchronous")
    names = ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
    environment = {name: os.environ.get(name) for name in names}
    results, info = run_tasks(echo_task, tasks, workers=2, progress=True)
    assert {name: os.environ.get(name) for name in names} == environment  # the nanny's variables are restored
    assert info == EngineInfo("local", 2)
    assert results == expected
    assert f"{len(tasks)}/{len(tasks)}" in capsys.readouterr().err  # the progress bar counted every task


def test_local_names_the_embedded_cluster():
    from radontv.rates.engine import _check_arguments

    tasks = GRID.tasks("echo")
    assert _check_arguments(echo_task, tasks, "local", 3)[1:] == (None, 3)
    assert _check_arguments(echo_task, tasks, None, None)[1:] == (None, None)
    assert _check_arguments(echo_task, tasks, " tcp://h:1 ", None)[1:] == ("tcp://h:1", None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:1", "FREE", "127.0.0.1:99999", "no-port-here", "tcp://"])
def test_unreachable_or_malformed_scheduler_raises_engine_unavailable(address):
    if address == "FREE":
        address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(EngineUnavailable, match="dask scheduler") as caught:
        run_tasks(echo_task, GRID.tasks("echo"), scheduler=address)
    assert isinstance(caught.value, InvalidInput)
    assert "--scheduler" in str(caught.value)


def test_silent_service_or_worker_address_raises_engine_unavailable(cluster):
    # a port that accepts connections and never answers (distributed.Client alone would wait forever)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        with pytest.raises(EngineUnavailable, match="answered as a Dask scheduler"):
            run_tasks(echo_task, GRID.tasks("echo"), scheduler=address)
    worker = next(iter(cluster.scheduler_info["workers"]))
    with pytest.raises(EngineUnavailable, match="Dask Worker endpoint, not a scheduler"):
        run_tasks(echo_task, GRID.tasks("echo"), scheduler=worker)


def test_scheduler_without_workers_raises_engine_unavailable():
    with local_cluster(0) as empty:
        with pytest.raises(EngineUnavailable, match="no workers"):
            run_tasks(echo_task, GRID.tasks("echo"), scheduler=empty.scheduler_address)


# --- results ------------------------------------------------------------------------------------------------------


def test_results_are_normalised_to_json_and_non_finite_numbers_refused():
    task = Task.make("echo", 2, 3, 0)
    (result,), _ = run_tasks(numpy_task, [task], scheduler="synchronous")
    assert result == {"x": 0.30000000000000004, "n": 2, "v": [0.0, 1 / 3, 2 / 3], "t": [1, 2]}
    assert type(result["x"]) is float and type(result["n"]) is int
    with pytest.raises(InvalidInput, match="no NaN"):
        run_tasks(nan_task, [task], scheduler="synchronous")
    with pytest.raises(InvalidInput, match="must return a dict"):
        run_tasks(list_task, [task], scheduler="synchronous")
    with pytest.raises(InvalidInput, match="must return a dict"):
        as_json_result(None, task)


def test_each_task_runs_with_one_blas_thread():
    from threadpoolctl import threadpool_limits

    task = Task.make("echo", 2, 3, 0)
    with threadpool_limits(limits=2, user_api="blas"):
        outside = blas_task(task)["threads"]
        (inside,), _ = run_tasks(blas_task, [task], scheduler="synchronous")
    # negative control: without the engine the task sees the process's two threads (a single-threaded BLAS that
    # another test's import brought into this worker, e.g. a solver's own build, stays at 1 whatever the limit)
    assert 2 in outside
    assert inside == {"threads": [1]}


def test_repeated_tasks_run_once_and_come_back_in_order():
    a, b = Task.make("echo", 1, 2, 0), Task.make("echo", 1, 2, 1)
    results, _ = run_tasks(counting_task, [a, b, a, a], scheduler="synchronous")
    assert CALLS == [a.key(), b.key()]
    assert [r["key"] for r in results] == [a.key(), b.key(), a.key(), a.key()]


# --- cache --------------------------------------------------------------------------------------------------------


def test_second_run_reads_the_cache_and_starts_no_engine(tmp_path):
    tasks = GRID.tasks("echo")
    first, info = run_tasks(counting_task, tasks, scheduler="synchronous", cache=tmp_path)
    assert len(CALLS) == len(tasks) and info.workers == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        hashlib.sha256(t.key().encode()).hexdigest() + ".json" for t in tasks
    )
    CALLS.clear()
    # an unreachable scheduler is never contacted: every task is in the cache
    again, info = run_tasks(counting_task, tasks, scheduler="tcp://127.0.0.1:1", cache=tmp_path)
    assert CALLS == [] and info == EngineInfo("tcp://127.0.0.1:1", 0)
    assert again == first
    # negative control: without the cache the function is called again
    run_tasks(counting_task, tasks, scheduler="synchronous")
    assert len(CALLS) == len(tasks)


def test_cache_entry_holds_version_key_and_result(tmp_path):
    from radontv import __version__

    task = Task.make("echo", 2, 4, 1, repeat=2)
    (result,), _ = run_tasks(echo_task, [task], scheduler="synchronous", cache=tmp_path)
    entry = json.loads(TaskCache(tmp_path).path(task).read_text())
    assert entry == {"radontv": __version__, "key": task.key(), "result": result}
    assert not list(tmp_path.glob("*.tmp"))


def test_interrupted_run_resumes_from_the_cache(tmp_path):
    tasks = GRID.tasks("echo")
    FAIL_SEEDS.add(2)  # the third task of the grid (d=1, size=2, seed=2) fails: the run stops there
    with pytest.raises(RuntimeError, match="interrupted") as caught:
        run_tasks(counting_task, tasks, scheduler="synchronous", cache=tmp_path)
    assert any(tasks[2].key() in note for note in caught.value.__notes__)
    assert CALLS == [tasks[0].key(), tasks[1].key()]
    assert len(list(tmp_path.glob("*.json"))) == 2
    FAIL_SEEDS.clear()
    CALLS.clear()
    resumed, _ = run_tasks(counting_task, tasks, scheduler="synchronous", cache=tmp_path)
    assert CALLS == [t.key() for t in tasks[2:]]  # only the tasks not yet done
    fresh, _ = run_tasks(echo_task, tasks, scheduler="synchronous")
    assert resumed == fresh


def test_cache_from_another_version_raises_and_keeps_the_file(tmp_path):
    tasks = GRID.tasks("echo")
    run_tasks(echo_task, tasks, scheduler="synchronous", cache=tmp_path)
    path = TaskCache(tmp_path).path(tasks[3])
    entry = json.loads(path.read_text())
    entry["radontv"] = "0.0.1"
    path.write_text(json.dumps(entry))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(CacheMismatch, match=re.escape("written by radontv '0.0.1'")) as caught:
        run_tasks(counting_task, tasks, scheduler="synchronous", cache=tmp_path)
    assert str(tmp_path) in str(caught.value) and "nothing was deleted" in str(caught.value)
    assert isinstance(caught.value, InvalidInput)
    assert CALLS == []  # checked before anything ran
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize(
    ("damage", "fragment"),
    [
        (lambda text: text[: len(text) // 2], "not valid JSON"),
        (lambda text: "[1, 2]", "not a radontv cache entry"),
        (lambda text: text.replace('"result": {', '"result": [{', 1).replace("}\n}", "}]\n}"), "not a JSON object"),
    ],
)
def test_corrupt_cache_file_raises_a_clear_error_and_is_kept(tmp_path, damage, fragment):
    task = Task.make("echo", 2, 4, 1)
    run_tasks(echo_task, [task], scheduler="synchronous", cache=tmp_path)
    path = TaskCache(tmp_path).path(task)
    path.write_text(damage(path.read_text()))
    kept = path.read_bytes()
    with pytest.raises(CacheMismatch, match=fragment):
        run_tasks(echo_task, [task], scheduler="synchronous", cache=tmp_path)
    assert path.read_bytes() == kept


def test_cache_file_that_is_not_utf8_raises_a_clear_error_and_is_kept(tmp_path):
    task = Task.make("echo", 2, 4, 1)
    run_tasks(echo_task, [task], scheduler="synchronous", cache=tmp_path)
    path = TaskCache(tmp_path).path(task)
    path.write_bytes(b"\xff\xfe{not utf-8")
    with pytest.raises(CacheMismatch, match="is not UTF-8 text"):
        run_tasks(echo_task, [task], scheduler="synchronous", cache=tmp_path)
    assert path.read_bytes() == b"\xff\xfe{not utf-8"


def test_cache_file_of_another_task_raises(tmp_path):
    a, b = Task.make("echo", 2, 4, 1), Task.make("echo", 2, 4, 2)
    run_tasks(echo_task, [a], scheduler="synchronous", cache=tmp_path)
    cache = TaskCache(tmp_path)
    cache.path(b).write_bytes(cache.path(a).read_bytes())
    with pytest.raises(CacheMismatch, match="holds task"):
        run_tasks(echo_task, [b], scheduler="synchronous", cache=tmp_path)


def test_cache_path_must_be_a_directory(tmp_path):
    file = tmp_path / "results.json"
    file.write_text("{}")
    with pytest.raises(InvalidInput, match="is a file, not a directory"):
        run_tasks(echo_task, GRID.tasks("echo"), scheduler="synchronous", cache=file)
    nested = tmp_path / "a" / "b"
    run_tasks(echo_task, GRID.tasks("echo")[:1], scheduler="synchronous", cache=str(nested))
    assert len(list(Path(nested).glob("*.json"))) == 1


# --- bad input ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: run_tasks(echo_task, [], scheduler="synchronous"), "tasks is empty"),
        (lambda: run_tasks(echo_task, [Task.make("echo", 1, 1, 0), (1, 1, 0)], scheduler="synchronous"), r"tasks\[1\]"),
        (lambda: run_tasks(echo_task, "maurey", scheduler="synchronous"), "list of Task"),
        (lambda: run_tasks(echo_task, iter(GRID.tasks("echo")), scheduler="synchronous"), "list of Task"),
        (lambda: run_tasks(42, GRID.tasks("echo"), scheduler="synchronous"), "callable"),
        (lambda: run_tasks(echo_task, GRID.tasks("echo"), workers=0), "workers must be an integer >= 1"),
        (lambda: run_tasks(echo_task, GRID.tasks("echo"), workers=-3), "workers must be an integer >= 1"),
        (lambda: run_tasks(echo_task, GRID.tasks("echo"), workers=True), "workers must be an integer >= 1"),
        (lambda: run_tasks(echo_task, GRID.tasks("echo"), workers=1.5), "workers must be an integer >= 1"),
        (lambda: run_tasks(echo_task, GRID.tasks("echo"), scheduler="synchronous", workers=2), "drop workers"),
        (lambda: run_tasks(echo_task, GRID.tasks("echo"), scheduler=""), "scheduler must be"),
        (lambda: run_tasks(echo_task, GRID.tasks("echo"), scheduler=8786), "scheduler must be"),
    ],
)
def test_bad_input_is_refused_before_anything_runs(call, fragment):
    with pytest.raises(InvalidInput, match=fragment):
        call()
