r"""Run a rate experiment: its grid of seeded tasks on the engine, then its summary (what ``radontv rates`` prints).

An *experiment module* (:mod:`~radontv.rates.maurey`, :mod:`~radontv.rates.estimation`,
:mod:`~radontv.rates.rademacher`, :mod:`~radontv.rates.gap`) defines

* ``NAME`` — its name, the ``experiment`` field of its tasks;
* ``PROFILES`` — ``{"quick": Profile, "full": Profile}``, the grids of (d, size, seed);
* ``run_task(task) -> dict`` — one task, a pure function of the task (all randomness from ``task.rng()``);
* ``summarize(tasks, results, *, level, seed) -> list[dict]`` — one row per d (estimation: per (d, method)) with
  the fitted log-log exponent, its bootstrap interval and the stated value ``theory = {"exponent", "status",
  "source"}``.

:func:`run_experiment` runs the profile's tasks with :func:`radontv.rates.engine.run_tasks` and summarizes them.
The intervals are *simultaneous* over the dimensions of the grid: with m dimensions each row's bootstrap interval is
computed at level :math:`1 - (1 - \text{level})/m` (Bonferroni, :func:`simultaneous_level`), so that "every d's
interval contains the stated value" is one statement at the joint ``level`` (default 95 %), not m of them — the rule
of the numeric checks of the ``rates`` claims (``checks/rates.py``), so the command and the checks agree.
Whether a row agrees with the theory is decided once, here, by :func:`row_verdict`.  The theory states an exponent
``e`` with a ``relation`` (default ``"equals"``): for ``"equals"`` the row is ``"inside"`` when ``e`` lies in the
measured interval ``[lo, hi]`` and ``"outside"`` when not; for an upper rate (``"at most"``: the error decays at least
as fast as ``N^e``) it ``"holds"`` when ``lo <= e`` (within the uncertainty) and is ``"violated"`` when the whole
interval lies above ``e``; ``"at least"`` mirrors it (``hi >= e``); ``"-"`` when the theory states no exponent.
An ``"outside"`` or ``"violated"`` row refutes its claim (:func:`refutes`) unless the stated value is a conjecture
(status ``"UNCONFIRMED"``): a value read in the sources (``"READ"``, ``"READ-2nd"``) or derived (``"DERIVED"``) can
be refuted, a conjectured one is reported and never counted as a refutation.
"""

from __future__ import annotations

import importlib
import math
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import InvalidInput

__all__ = ["CONJECTURED_STATUSES", "EXPERIMENTS", "LEVEL", "RELATIONS", "RateReport", "refutes", "relation", "resolve",
           "row_verdict", "run_experiment", "simultaneous_level"]

#: The default joint confidence level of a report's intervals (all dimensions together).
LEVEL = 0.95

#: Experiment names and the module implementing each (imported on first use).
_MODULES = {
    "maurey": "radontv.rates.maurey",
    "estimation": "radontv.rates.estimation",
    "rademacher": "radontv.rates.rademacher",
    "gap": "radontv.rates.gap",
}

#: The protocol every experiment module follows.
_PROTOCOL = ("NAME", "PROFILES", "run_task", "summarize")

#: Theory statuses of a conjectured value: reported, never a refutation (see :func:`refutes`).
CONJECTURED_STATUSES = frozenset({"UNCONFIRMED", "CONJECTURED"})

#: How a row's measured interval [lo, hi] is compared with the stated exponent e: the verdict when it agrees and
#: when it does not, and the test of agreement.
RELATIONS = {
    "equals": ("inside", "outside", lambda lo, hi, e: lo <= e <= hi),
    "at most": ("holds", "violated", lambda lo, hi, e: lo <= e),
    "at least": ("holds", "violated", lambda lo, hi, e: hi >= e),
}


class _LazyModules(Mapping[str, ModuleType]):
    """``{name: module}`` whose modules are imported when first looked up (so listing names loads nothing)."""

    def __init__(self, paths: Mapping[str, str]) -> None:
        self._paths = dict(paths)

    def __getitem__(self, name: str) -> ModuleType:
        return importlib.import_module(self._paths[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def __repr__(self) -> str:
        return f"EXPERIMENTS({', '.join(self._paths)})"


#: The rate experiments by name: ``EXPERIMENTS["maurey"]`` is the module :mod:`radontv.rates.maurey`.
EXPERIMENTS: Mapping[str, ModuleType] = _LazyModules(_MODULES)


def resolve(experiment: str | ModuleType) -> ModuleType:
    """The experiment module named ``experiment`` (a key of :data:`EXPERIMENTS`), or ``experiment`` itself when it is
    a module (or any object) following the protocol ``NAME, PROFILES, run_task, summarize``."""
    if isinstance(experiment, str):
        if experiment not in EXPERIMENTS:
            raise InvalidInput(f"experiment: unknown rate experiment {experiment!r}; "
                               f"choose one of {', '.join(EXPERIMENTS)}")
        module = EXPERIMENTS[experiment]
    else:
        module = experiment
    missing = [name for name in _PROTOCOL if not hasattr(module, name)]
    if missing:
        raise InvalidInput(f"experiment: {getattr(module, '__name__', module)!r} lacks {', '.join(missing)}; an "
                           f"experiment module defines {', '.join(_PROTOCOL)}")
    return module


def simultaneous_level(count: int, level: float = LEVEL) -> float:
    """The level of each of ``count`` intervals so that all hold together with probability >= ``level``
    (Bonferroni: ``1 - (1 - level) / count``)."""
    _check_int(count, "count", 1)
    _check_level(level)
    return 1 - (1 - level) / count


def _check_level(level: Any) -> None:
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level < 1:
        raise InvalidInput(f"level: expected a confidence level strictly between 0 and 1, got {level!r}; e.g. 0.95")


@dataclass(frozen=True)
class RateReport:
    """The outcome of one rate experiment: the summary rows, the engine that ran the tasks, and the cost."""

    experiment: str
    profile: str
    results: list[dict]
    engine: Any  # radontv.rates.engine.EngineInfo
    tasks: int
    seconds: float
    level: float = LEVEL  # joint level of all the rows' intervals
    row_level: float = LEVEL  # level of each row's interval (simultaneous_level over the dimensions)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"experiment", "profile", "results", "engine": {"scheduler", "workers"}, "tasks",
        "seconds", "level", "row_level"}``; each row of ``results`` carries its ``"verdict"`` (:func:`row_verdict`)."""
        rows = [{**row, "verdict": row_verdict(row)} for row in self.results]
        return {
            "experiment": self.experiment,
            "profile": self.profile,
            "results": rows,
            "engine": self.engine.as_dict(),
            "tasks": self.tasks,
            "seconds": round(self.seconds, 3),
            "level": self.level,
            "row_level": self.row_level,
        }

    @property
    def refuted(self) -> bool:
        """True when some row refutes its claim (see :func:`refutes`)."""
        return any(refutes(row) for row in self.results)


def _theory(row: Mapping[str, Any]) -> Mapping[str, Any]:
    theory = row.get("theory")
    return theory if isinstance(theory, Mapping) else {}


def relation(row: Mapping[str, Any]) -> str:
    """The relation the theory states between the measured and the stated exponent (a key of :data:`RELATIONS`)."""
    name = _theory(row).get("relation") or "equals"
    if name not in RELATIONS:
        raise TypeError(f"theory relation {name!r} of row d = {row.get('d')} is not one of {', '.join(RELATIONS)}")
    return name


def row_verdict(row: Mapping[str, Any]) -> str:
    """``"inside"``/``"outside"`` for a stated exponent (relation ``"equals"``: is it in the measured interval, ends
    included), ``"holds"``/``"violated"`` for an upper (``"at most"``) or lower (``"at least"``) rate, ``"-"`` when
    the theory states no exponent (e.g. the kernel baseline)."""
    stated = _theory(row).get("exponent")
    if stated is None:
        return "-"
    agree, disagree, test = RELATIONS[relation(row)]
    lo, hi = row["interval"]
    return agree if test(lo, hi, float(stated)) else disagree


def refutes(row: Mapping[str, Any]) -> bool:
    """True when the row disagrees with its stated exponent (``"outside"``, ``"violated"``) and that value is not a
    conjecture (status not in :data:`CONJECTURED_STATUSES`); conjectured values and rows without one never refute."""
    return row_verdict(row) in ("outside", "violated") and _theory(row).get("status") not in CONJECTURED_STATUSES


def _check_dims(dims: Sequence[int] | None) -> tuple[int, ...] | None:
    if dims is None:
        return None
    if isinstance(dims, (str, bytes)) or not isinstance(dims, Sequence):
        raise InvalidInput(f"dims: expected a sequence of integers >= 1, got {dims!r}; e.g. dims=(2, 10)")
    if not dims:
        raise InvalidInput("dims: the grid of dimensions is empty; give at least one dimension >= 1, e.g. dims=(2,)")
    for d in dims:
        if isinstance(d, bool) or not isinstance(d, int) or d < 1:
            raise InvalidInput(f"dims: every dimension must be an integer >= 1, got {d!r}; e.g. dims=(2, 10)")
    return tuple(dims)


def _check_int(value: Any, name: str, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidInput(f"{name}: expected an integer >= {minimum}, got {value!r}")


def run_experiment(name: str | ModuleType, *, dims: Sequence[int] | None = None, profile: str = "quick",
                   seed: int = 0, scheduler: str | None = None, workers: int | None = None,
                   cache: str | Path | None = None, progress: bool = False, level: float = LEVEL) -> RateReport:
    """Run the rate experiment ``name`` (a key of :data:`EXPERIMENTS`, or an experiment module) on the engine.

    ``profile`` picks the grid (``"quick"`` or ``"full"``); ``dims`` overrides its dimensions; the seeds are
    ``seed, seed + 1, ...``.  ``scheduler``, ``workers``, ``cache`` and ``progress`` go to
    :func:`radontv.rates.engine.run_tasks` (``None``: an embedded local cluster; ``"synchronous"``: in-process; an
    address: an existing Dask cluster).  The numbers do not depend on the engine: each task is seeded from its
    parameters.  ``level`` is the joint confidence level of the rows' intervals (each row at
    :func:`simultaneous_level` over the grid's dimensions).  Bad arguments raise :class:`~radontv.InvalidInput`
    before any task runs.
    """
    module = resolve(name)
    profiles = module.PROFILES
    if profile not in profiles:
        raise InvalidInput(f"profile: {module.NAME} has no profile {profile!r}; choose one of {', '.join(profiles)}")
    dims = _check_dims(dims)
    _check_int(seed, "seed", 0)
    if workers is not None:
        _check_int(workers, "workers", 1)
    _check_level(level)
    tasks = profiles[profile].tasks(module.NAME, dims=dims, seed=seed)
    row_level = simultaneous_level(len({task.d for task in tasks}), level)
    from .engine import run_tasks  # Dask is loaded only when an experiment runs

    start = time.perf_counter()
    results, engine = run_tasks(module.run_task, tasks, scheduler=scheduler, workers=workers, cache=cache,
                                progress=progress)
    rows = list(module.summarize(tasks, results, level=row_level, seed=seed))
    for row in rows:
        _check_row(module.NAME, row)
    return RateReport(experiment=module.NAME, profile=profile, results=rows, engine=engine, tasks=len(tasks),
                      seconds=time.perf_counter() - start, level=level, row_level=row_level)


def _check_row(name: str, row: Mapping[str, Any]) -> None:
    """A summary row must carry what the report prints; a broken row is a bug of the experiment, named here."""
    missing = [key for key in ("d", "exponent", "interval", "theory") if key not in row]
    if missing:
        raise TypeError(f"{name}.summarize returned a row without {', '.join(missing)}: {dict(row)!r}")
    relation(row)
    values = [row["exponent"], *row["interval"]]
    if len(row["interval"]) != 2 or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in values):
        raise TypeError(f"{name}.summarize returned a non-finite exponent or a malformed interval: {dict(row)!r}")
