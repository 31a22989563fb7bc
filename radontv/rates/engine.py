"""The engine of rate experiments: run a grid of seeded tasks on Dask, from one laptop to a cluster (issue 11).

:func:`run_tasks` maps a pure task function over :class:`~radontv.rates.tasks.Task` records on one of three engines:

* ``scheduler=None`` (or ``"local"``) — an embedded ``distributed.LocalCluster`` sized to the machine (worker
  processes with one thread each, no dashboard), closed when the run ends;
* ``scheduler="synchronous"`` — Dask's synchronous scheduler, in this process (tests, the numeric checks);
* ``scheduler="tcp://host:port"`` — an existing cluster, e.g. ``dask scheduler`` and ``dask worker tcp://host:port``.
  Before connecting, the engine checks within ``CONNECT_SECONDS`` each that the port accepts connections, that it
  answers distributed's ``identity`` request as a *scheduler* (``distributed.Client`` alone waits forever on a port
  that accepts and never answers), and that the scheduler has a worker; otherwise :class:`EngineUnavailable` says how
  to start a cluster or to drop ``--scheduler``.

Results do not depend on the engine: every random number comes from the task (``task.rng()``,
:func:`~radontv.rates.tasks.seed_for`), each task runs with one BLAS thread (threadpoolctl, and
distributed's worker environment ``OMP_NUM_THREADS=1`` …), and results are normalised to what JSON round-trips
(:func:`~radontv.rates.cache.as_json_result`), so a local run, a cluster run and a cached run give identical numbers.

With ``cache=DIR`` each finished task is written to disk at once (:class:`~radontv.rates.cache.TaskCache`) and cached
tasks are not recomputed: an interrupted run resumes.  When every task is cached no engine is started and
:class:`EngineInfo` reports ``workers == 0``.

The embedded cluster starts worker processes with ``multiprocessing``'s *spawn*: a script that calls
:func:`run_tasks` needs the usual ``if __name__ == "__main__":`` guard, and the task function must be importable
(defined at module level in an installed module, or in the script run as ``__main__``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput
from .cache import TaskCache, as_json_result
from .tasks import Task

if TYPE_CHECKING:  # distributed is imported when a grid runs
    from distributed import LocalCluster

__all__ = ["EngineInfo", "EngineUnavailable", "local_cluster", "run_tasks"]

#: Seconds to wait for an existing scheduler to answer, and for it to have a worker.
CONNECT_SECONDS = 5.0

_START_A_CLUSTER = (
    "start one with `dask scheduler` (it prints its address) and `dask worker ADDRESS`, pass the address it prints, "
    "or drop --scheduler (scheduler=None) to run on an embedded local cluster"
)


class EngineUnavailable(InvalidInput):
    """The Dask scheduler given by address cannot be reached, or has no workers; the message says what to do."""


@dataclass(frozen=True)
class EngineInfo:
    """The engine that ran a grid: ``scheduler`` ("local", "synchronous" or the address given) and its ``workers``.

    ``workers`` is the number of worker processes that were available (1 for the synchronous scheduler, 0 when every
    task came from the cache and no engine was started).
    """

    scheduler: str
    workers: int

    def as_dict(self) -> dict[str, Any]:
        """``{"scheduler": ..., "workers": n}`` (the ``"engine"`` entry of ``radontv rates --json``)."""
        return {"scheduler": self.scheduler, "workers": self.workers}


_CONTROLLER: tuple[int, Any] | None = None


def _blas_controller() -> Any:
    """A threadpoolctl controller of the BLAS libraries loaded in this process.

    Scanning the loaded libraries costs milliseconds, so the controller is kept and rebuilt only when modules were
    imported since (a new extension module may have loaded another BLAS).
    """
    global _CONTROLLER
    loaded = len(sys.modules)
    if _CONTROLLER is None or _CONTROLLER[0] != loaded:
        from threadpoolctl import ThreadpoolController  # a runtime dependency (pyproject.toml)

        _CONTROLLER = (len(sys.modules), ThreadpoolController())
    return _CONTROLLER[1]


def _call(function: Callable[[Task], dict], task: Task) -> Any:
    """``function(task)`` with BLAS held to one thread, so that reductions round the same on every engine."""
    with _blas_controller().limit(limits=1):
        return function(task)


def _machine_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _check_arguments(
    function: object, tasks: object, scheduler: object, workers: object
) -> tuple[list[Task], str | None, int | None]:
    if not callable(function):
        raise InvalidInput(f"run_tasks: function must be a callable taking a Task, got {function!r}")
    if isinstance(tasks, str | bytes) or not isinstance(tasks, Sequence):
        raise InvalidInput(f"run_tasks: tasks must be a list of Task records, got {type(tasks).__name__}")
    task_list = list(tasks)
    if not task_list:
        raise InvalidInput("run_tasks: tasks is empty; build a grid with Profile.tasks(...) (at least one task)")
    for index, task in enumerate(task_list):
        if not isinstance(task, Task):
            raise InvalidInput(
                f"run_tasks: tasks[{index}] is a {type(task).__name__}, not a Task; build tasks with Task.make(...)"
            )
    if scheduler is not None and (not isinstance(scheduler, str) or not scheduler.strip()):
        raise InvalidInput(
            f"run_tasks: scheduler must be None (local cluster), 'synchronous' or an address such as "
            f"'tcp://127.0.0.1:8786', got {scheduler!r}"
        )
    if workers is not None:
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise InvalidInput(f"run_tasks: workers must be an integer >= 1 (or None: one per core), got {workers!r}")
    address = scheduler.strip() if isinstance(scheduler, str) else None
    if workers is not None and address not in (None, "local"):
        raise InvalidInput(
            f"run_tasks: workers={workers} sizes the embedded local cluster only; with scheduler={scheduler!r} "
            "drop workers (an existing cluster has the workers it was started with)"
        )
    return task_list, (None if address == "local" else address), workers


@contextlib.contextmanager
def _progress_bar(enabled: bool, total: int, initial: int) -> Iterator[Any]:
    from tqdm import tqdm

    bar = tqdm(total=total, initial=initial, disable=not enabled, file=sys.stderr, unit="task", desc="tasks")
    try:
        yield bar
    finally:
        bar.close()


def _run_synchronous(function: Callable[[Task], dict], pending: list[Task], finish: Callable[[Task, Any], None]) -> int:
    """Dask's synchronous scheduler, one single-task graph per task (so each result reaches the cache at once)."""
    from dask.local import get_sync

    for task in pending:
        try:
            result = get_sync({"radontv-task": (_call, function, task)}, "radontv-task")
        except Exception as error:
            error.add_note(f"raised by the task function on task {task.key()}")
            raise
        finish(task, result)
    return 1


def _gather(client: Any, function: Callable[[Task], dict], pending: list[Task], finish: Callable[[Task, Any], None]):
    """Submit every pending task and hand each result to ``finish`` as it completes (so the cache fills as we go)."""
    from distributed import as_completed

    run = uuid.uuid4().hex[:12]
    futures = {
        client.submit(_call, function, task, key=f"radontv-{task.experiment}-{run}-{index}", pure=False): task
        for index, task in enumerate(pending)
    }
    try:
        for future in as_completed(futures, loop=client.loop):
            task = futures[future]
            try:
                result = future.result()
            except Exception as error:
                error.add_note(f"raised by the task function on task {task.key()}")
                raise
            finish(task, result)
    finally:
        client.cancel(list(futures))


#: Environment variables distributed's nanny sets before it spawns a worker (``distributed.nanny.pre-spawn-environ``).
_NANNY_ENVIRONMENT = ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


@contextlib.contextmanager
def local_cluster(workers: int) -> Iterator[LocalCluster]:
    """A running ``distributed.LocalCluster`` of ``workers`` processes, one thread each, no dashboard, quiet logs.

    * ``dashboard_address=None`` turns the dashboard off, but the scheduler still serves its health and metrics routes
      over HTTP, by default on port 8787 (with a warning when another cluster holds it); they are bound to a free
      port on 127.0.0.1 instead.
    * Worker logs are silenced to CRITICAL (a shutdown race logs heartbeat errors); a task's error reaches the caller
      through its future.
    * distributed's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``, which turns off glibc's adaptive
      mmap threshold: every temporary array above 128 KiB is then mapped and unmapped afresh.  Measured on the Maurey
      quick grid (d = 10, 50): 2.5x the time and 8x the page faults.  The tasks of a rate experiment hold no memory
      between calls, so the engine unsets it (the nanny's documented ``None`` override); the one-thread BLAS
      variables stay.
    * The nanny writes those variables into this process's ``os.environ`` before spawning; they are restored on exit.
    """
    import dask
    from distributed import LocalCluster

    saved = {name: os.environ.get(name) for name in _NANNY_ENVIRONMENT}
    try:
        with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
            cluster = LocalCluster(
                n_workers=workers,
                processes=True,
                threads_per_worker=1,
                dashboard_address=None,
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                silence_logs=logging.CRITICAL,
            )
        with cluster:
            yield cluster
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _run_local(
    function: Callable[[Task], dict], pending: list[Task], workers: int | None, finish: Callable[[Task, Any], None]
) -> int:
    from distributed import Client

    count = min(workers if workers is not None else _machine_workers(), len(pending))
    with local_cluster(count) as cluster, Client(cluster, set_as_default=False) as client:
        _gather(client, function, pending, finish)
    return count


def _probe(address: str) -> None:
    """Fail fast when a tcp address is malformed or refuses connections (distributed would retry until timeout)."""
    from distributed.comm import parse_address
    from distributed.comm.addressing import parse_host_port

    try:
        protocol, location = parse_address(address)
        if protocol not in ("tcp", "tls"):
            return
        host, port = parse_host_port(location)
    except (ValueError, TypeError) as error:
        raise EngineUnavailable(f"scheduler address {address!r} is malformed ({error}); {_START_A_CLUSTER}") from error
    if not 0 < port < 65536:
        raise EngineUnavailable(f"scheduler address {address!r} has port {port}, outside 1..65535; {_START_A_CLUSTER}")
    try:
        with socket.create_connection((host, port), timeout=CONNECT_SECONDS):
            pass
    except OSError as error:
        raise EngineUnavailable(
            f"no Dask scheduler answers at {address!r} ({error}); {_START_A_CLUSTER}"
        ) from error


def _identify(address: str) -> dict:
    """The scheduler's answer to distributed's ``identity`` request, within ``CONNECT_SECONDS``.

    ``distributed.Client`` waits forever when the address accepts connections but never answers (another service on
    that port), so the engine asks first, on its own event loop in a helper thread, with a deadline.
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from distributed.comm import connect

    async def identity() -> Any:
        comm = await connect(address, timeout=CONNECT_SECONDS)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    def ask() -> Any:
        return asyncio.run(asyncio.wait_for(identity(), CONNECT_SECONDS))

    with ThreadPoolExecutor(1, thread_name_prefix="radontv-identify") as pool:
        try:
            reply = pool.submit(ask).result()
        except (OSError, ValueError, TypeError) as error:  # TimeoutError is an OSError
            raise EngineUnavailable(
                f"nothing at {address!r} answered as a Dask scheduler within {CONNECT_SECONDS:g} s "
                f"({type(error).__name__}: {error}); {_START_A_CLUSTER}"
            ) from error
    kind = reply.get("type") if isinstance(reply, dict) else None
    if kind != "Scheduler":
        raise EngineUnavailable(
            f"{address!r} is a Dask {kind or 'service'} endpoint, not a scheduler; pass the address `dask scheduler` "
            "prints (tcp://host:8786 by default), not a worker's or nanny's"
        )
    return reply


def _run_address(
    function: Callable[[Task], dict], pending: list[Task], address: str, finish: Callable[[Task, Any], None]
) -> int:
    from distributed import Client

    _probe(address)
    _identify(address)
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, ValueError, TypeError, AssertionError) as error:
        raise EngineUnavailable(
            f"could not connect to a Dask scheduler at {address!r} within {CONNECT_SECONDS:g} s ({error}); "
            f"{_START_A_CLUSTER}"
        ) from error
    with client:
        try:
            client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except TimeoutError as error:
            raise EngineUnavailable(
                f"the Dask scheduler at {address!r} has no workers after {CONNECT_SECONDS:g} s; start some with "
                f"`dask worker {address}`, or drop --scheduler to run on an embedded local cluster"
            ) from error
        count = len(client.nthreads())
        _gather(client, function, pending, finish)
    return count


def run_tasks(
    function: Callable[[Task], dict],
    tasks: Sequence[Task],
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    cache: str | Path | None = None,
    progress: bool = False,
) -> tuple[list[dict], EngineInfo]:
    """Run ``function`` on every task; return the results in task order and the engine used.

    ``function`` is a pure, module-level (picklable) function of the task returning a dict of JSON-able values.
    ``scheduler``: None (or "local") for an embedded local cluster of ``workers`` processes (default: one per core,
    at most one per task), ``"synchronous"`` for Dask's synchronous scheduler in this process, or the address of an
    existing cluster (unreachable: :class:`EngineUnavailable` within about ``CONNECT_SECONDS``).  ``cache``: a
    directory of results (cached tasks are not recomputed; another version's file raises
    :class:`~radontv.rates.cache.CacheMismatch`).  ``progress``: a tqdm bar on stderr counting tasks done.
    Repeated tasks (same key) run once.  An exception of the task function propagates, with a note naming the task;
    the results finished before it stay in the cache.
    """
    task_list, address, workers = _check_arguments(function, tasks, scheduler, workers)
    store = TaskCache(cache) if cache is not None else None
    keys = [task.key() for task in task_list]
    unique = dict(zip(keys, task_list, strict=True))
    results: dict[str, dict] = {}
    if store is not None:
        for key, task in unique.items():
            cached = store.load(task)
            if cached is not None:
                results[key] = cached
    pending = [task for key, task in unique.items() if key not in results]
    label = "local" if address is None else address

    with _progress_bar(progress, len(unique), len(results)) as bar:

        def finish(task: Task, result: Any) -> None:
            clean = as_json_result(result, task)
            if store is not None:
                store.store(task, clean)
            results[task.key()] = clean
            bar.update(1)

        if not pending:
            count = 0
        elif address == "synchronous":
            count = _run_synchronous(function, pending, finish)
        elif address is None:
            count = _run_local(function, pending, workers, finish)
        else:
            count = _run_address(function, pending, address, finish)
    return [results[key] for key in keys], EngineInfo(label, count)
