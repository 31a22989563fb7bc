"""Scaling of the rates engine: the same task grid on 1, 2 and 4 local worker processes and on a hand-started cluster.

    python bench/bench_rates_engine.py [--workload auto|maurey|maurey-full|echo] [--repeat R] [--hand-workers N]
                                       [--json]

The grid is the Maurey experiment's quick profile (``radontv.rates.maurey``, all its dimensions; 280 tasks of a few
milliseconds each, so it measures the engine's per-task overhead) when that module is importable (``--workload
auto``, the default); ``maurey-full``: 12 tasks with the full profile's parameters (10⁴ neurons, 2·10⁴ points, K up
to 2048; about a second each, so it measures scaling); ``echo``: a CPU-bound stand-in,
:func:`radontv.rates.tasks.echo_task` drawing ``size × d`` normals ``repeat`` times per task.  Engines:

* ``synchronous`` — Dask's synchronous scheduler in this process (the reference numbers);
* ``local n`` for n = 1, 2, 4 — ``radontv.rates.engine.local_cluster(n)`` (what ``run_tasks(scheduler=None,
  workers=n)`` starts); *start s* is the cluster's start-up, *grid s* the grid on the running cluster (by address);
* ``hand`` — ``dask scheduler`` and ``dask worker --nworkers N --nthreads 1`` started here as subprocesses (the
  by-hand setup of bench/README.md), then ``run_tasks(scheduler=ADDRESS)``; the processes are stopped at the end.
  Twice: with a dask config file that unsets the nanny's ``MALLOC_TRIM_THRESHOLD_`` (what the embedded cluster
  does, see ``radontv.rates.engine.local_cluster``) and with distributed's defaults.

Each figure is the best of ``--repeat`` runs of the grid, with the load average (``os.getloadavg``) before and after
it and the BLAS threads the workers see (threadpoolctl inside each worker, while ``run_tasks`` holds each task to one
thread).  Every engine's results must equal the synchronous ones (checked; a mismatch is printed and exits 1).
On a 2-core machine, 4 workers cannot scale beyond 2.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from radontv.rates.engine import local_cluster, run_tasks
from radontv.rates.tasks import Profile, echo_task


def blas_threads() -> list[dict]:
    """The BLAS libraries and their thread counts in this process (threadpoolctl)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return []
    return [{"library": i["internal_api"], "threads": i["num_threads"]} for i in threadpool_info()]


def measured(function, task) -> dict:
    """``function(task)`` with the task's own thread CPU seconds and wall seconds (separates contention from work)."""
    wall, cpu = time.perf_counter(), time.thread_time()
    result = function(task)
    return {"result": result, "cpu": time.thread_time() - cpu, "wall": time.perf_counter() - wall}


def workload(name: str) -> tuple[str, object, list]:
    if name in ("auto", "maurey"):
        try:
            from radontv.rates import maurey

            return "maurey quick", maurey.run_task, maurey.PROFILES["quick"].tasks(maurey.NAME)
        except ImportError:
            if name == "maurey":
                raise
    if name == "maurey-full":
        from radontv.rates import maurey

        full = maurey.PROFILES["full"]
        grid = Profile("bench", dims=(2, 10), sizes=(512, 1024, 2048), seeds=2, params=full.params)
        return "maurey, full-profile parameters, d 2 and 10, K 512-2048, 2 seeds", maurey.run_task, grid.tasks(
            maurey.NAME
        )
    grid = Profile("bench", dims=(2, 5, 10, 20, 50), sizes=(2000, 4000, 8000), seeds=4, params=(("repeat", 20),))
    return "echo stand-in", echo_task, grid.tasks("echo")


def timed(function, tasks, expected, repeat: int, **engine) -> dict:
    """Best of ``repeat`` runs of the grid, with the load average around it; checks the results against ``expected``.

    ``task_cpu_s`` / ``task_wall_s``: the sums over tasks of the thread CPU and wall seconds inside the task function
    (best run); ``grid_s`` minus ``task_wall_s`` / workers is the engine's overhead, ``task_wall_s`` / ``task_cpu_s``
    the CPU contention.
    """
    best, identical = None, True
    load_before = os.getloadavg()
    for _ in range(repeat):
        start = time.perf_counter()
        runs, info = run_tasks(functools.partial(measured, function), tasks, **engine)
        seconds = time.perf_counter() - start
        results = [run["result"] for run in runs]
        identical = identical and (expected is None or results == expected)
        if best is None or seconds < best[0]:
            best = (seconds, sum(run["cpu"] for run in runs), sum(run["wall"] for run in runs))
    return {"grid_s": best[0], "task_cpu_s": best[1], "task_wall_s": best[2],
            "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in os.getloadavg()],
            "identical": identical, "workers": info.workers, "results": results}


def on_cluster(address: str, function, tasks, expected, repeat: int) -> dict:
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        threads = client.run(blas_threads)
        trim = client.run(os.getenv, "MALLOC_TRIM_THRESHOLD_")
    figure = timed(function, tasks, expected, repeat, scheduler=address)
    figure["blas_threads"] = sorted({json.dumps(v) for v in threads.values()})
    figure["malloc_trim_threshold"] = sorted({str(v) for v in trim.values()})
    return figure


#: A dask config file that unsets the nanny's MALLOC_TRIM_THRESHOLD_ (as radontv.rates.engine.local_cluster does).
#: Environment variables cannot do it: dask lower-cases their keys, and the nanny's key is upper-case.
KEEP_MALLOC_ADAPTIVE = "distributed:\n  nanny:\n    pre-spawn-environ:\n      MALLOC_TRIM_THRESHOLD_: null\n"


def hand_cluster(workers: int, directory: Path, *, adaptive_malloc: bool) -> tuple[list[subprocess.Popen], str, float]:
    """Start ``dask scheduler`` and ``dask worker`` processes; return them, the address and the start-up seconds.

    ``adaptive_malloc``: start the workers with the config file above (``DASK_CONFIG``), else distributed's defaults.
    """
    dask = str(Path(sys.executable).parent / "dask")
    scheduler_file = directory / "scheduler.json"
    environment = dict(os.environ)
    for name in ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        environment.pop(name, None)
    if adaptive_malloc:
        (directory / "config").mkdir()
        (directory / "config" / "radontv.yaml").write_text(KEEP_MALLOC_ADAPTIVE)
        environment["DASK_CONFIG"] = str(directory / "config")
    start = time.perf_counter()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": environment}
    processes = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                   "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(scheduler_file)],
                                  **quiet)]
    while not scheduler_file.exists():
        if processes[0].poll() is not None or time.perf_counter() - start > 60:
            raise RuntimeError("dask scheduler did not start")
        time.sleep(0.1)
    time.sleep(0.2)  # the file is written in one go, but give the writer a moment
    address = json.loads(scheduler_file.read_text())["address"]
    processes.append(subprocess.Popen([dask, "worker", address, "--nworkers", str(workers), "--nthreads", "1",
                                       "--no-dashboard"], **quiet))
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        client.wait_for_workers(workers, timeout=120)
    return processes, address, time.perf_counter() - start


def stop(processes: list[subprocess.Popen]) -> None:
    for process in reversed(processes):
        process.terminate()
    for process in reversed(processes):
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workload", choices=["auto", "maurey", "maurey-full", "echo"], default="auto")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (best of)")
    parser.add_argument("--hand-workers", type=int, default=2, help="worker processes of the hand-started cluster")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import dask
    import distributed

    name, function, tasks = workload(args.workload)
    figures = []
    reference = timed(function, tasks, None, args.repeat, scheduler="synchronous")
    expected = reference.pop("results")
    figures.append({"engine": "synchronous", "start_s": 0.0, "blas_threads": [json.dumps(blas_threads())],
                    "malloc_trim_threshold": [str(os.getenv("MALLOC_TRIM_THRESHOLD_"))], **reference})
    for workers in (1, 2, 4):
        start = time.perf_counter()
        with local_cluster(workers) as cluster:
            started = time.perf_counter() - start
            figure = on_cluster(cluster.scheduler_address, function, tasks, expected, args.repeat)
        figure.pop("results")
        figures.append({"engine": f"local {workers}", "start_s": started, **figure})
    for adaptive in (True, False):
        with tempfile.TemporaryDirectory() as directory:
            processes, address, started = hand_cluster(args.hand_workers, Path(directory), adaptive_malloc=adaptive)
            try:
                figure = on_cluster(address, function, tasks, expected, args.repeat)
            finally:
                stop(processes)
        figure.pop("results")
        label = "radontv config" if adaptive else "dask defaults"
        figures.append({"engine": f"hand {args.hand_workers}, {label}", "start_s": started, **figure})
    one = next(f["grid_s"] for f in figures if f["engine"] == "local 1")
    for figure in figures:
        figure["speedup_vs_1"] = one / figure["grid_s"]
    report = {
        "workload": name, "tasks": len(tasks), "repeat": args.repeat,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "dask": dask.__version__,
                    "distributed": distributed.__version__},
        "figures": figures,
    }
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(f"{name}: {len(tasks)} tasks, best of {args.repeat}; {os.cpu_count()} cpus, dask {dask.__version__}")
        print(f"{'engine':<28} {'start s':>8} {'grid s':>8} {'speed-up':>9} {'task cpu s':>10} {'task wall s':>11} "
              f"{'load before':>17} {'load after':>17}  identical  trim threshold  BLAS threads")
        for f in figures:
            print(f"{f['engine']:<28} {f['start_s']:8.2f} {f['grid_s']:8.2f} {f['speedup_vs_1']:8.2f}x "
                  f"{f['task_cpu_s']:10.2f} {f['task_wall_s']:11.2f} "
                  f"{f['load_before']!s:>17} {f['load_after']!s:>17}  {f['identical']!s:<9}  "
                  f"{','.join(f['malloc_trim_threshold']):<14}  {'; '.join(f['blas_threads'])}")
    return 0 if all(f["identical"] for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
