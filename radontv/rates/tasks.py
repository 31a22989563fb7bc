"""Tasks of a rate experiment and the seeding rule: every random number depends only on the task's parameters.

A rate experiment (issue 11) is a grid of tasks ``(experiment, d, size, seed)`` with ``size`` the width K or the
sample size N.  Each task is a frozen record with a canonical JSON key (:meth:`Task.key`); the key is both the cache
key of :mod:`radontv.rates.cache` and the source of the task's random stream (:meth:`Task.rng`), so a task computes
the same numbers in any process, on any machine, under any Dask scheduler.

Seeding: :func:`seed_for` hashes ``json.dumps(parts, sort_keys=True)`` with SHA-256 and keeps 128 bits.  Python's
``hash()`` would not do: it is salted per process (``PYTHONHASHSEED``), so two workers would draw different numbers.
Sub-streams that must not depend on K or N (the target of a Maurey experiment, the Monte Carlo points) are drawn from
``seed_for(experiment, "target", d, seed)`` and the like, not from :meth:`Task.rng`.

:func:`echo_task` is a tiny pure task function for smoke tests of the engine (and the benchmark's stand-in work).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InvalidInput

__all__ = ["Profile", "Task", "echo_task", "seed_for"]


def seed_for(*parts: object) -> int:
    """A 128-bit seed: the first 16 bytes (big-endian) of SHA-256 of ``json.dumps(parts, sort_keys=True)`` (UTF-8).

    Identical on every machine and in every process.  ``parts`` must be JSON-able (strings, numbers, lists, dicts with
    string keys); tuples count as lists.  Use it for sub-streams, e.g.
    ``numpy.random.default_rng(seed_for("maurey", "target", d, seed))``.
    """
    try:
        text = json.dumps(parts, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise InvalidInput(
            f"seed_for: the parts {parts!r} are not JSON-able ({error}); pass strings, integers, finite floats, "
            "lists or dicts of them"
        ) from error
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:16], "big")


def _integer(label: str, value: object, minimum: int) -> int:
    """``value`` as an int >= ``minimum`` (bools and floats refused); ``label`` names it in the error."""
    if isinstance(value, bool):
        raise InvalidInput(f"{label} must be an integer >= {minimum}, got the bool {value!r}")
    try:
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise InvalidInput(f"{label} must be an integer >= {minimum}, got {value!r}") from None
    if number < minimum:
        raise InvalidInput(f"{label} must be >= {minimum}, got {number}")
    return int(number)


def _json_value(name: str, value: object) -> Any:
    """A parameter value as stored in a task: JSON scalars, finite floats, lists/tuples of them (stored as tuples)."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        if not math.isfinite(value):
            raise InvalidInput(f"Task: parameter {name!r} must be finite, got {value!r}")
        return float(value)
    if isinstance(value, list | tuple):
        return tuple(_json_value(name, item) for item in value)
    raise InvalidInput(
        f"Task: parameter {name!r} must be a string, number, bool, None or a list of them, got {type(value).__name__}"
    )


def _params(params: object, owner: str) -> tuple[tuple[str, Any], ...]:
    try:
        items = list(params.items()) if isinstance(params, dict) else list(params)  # type: ignore[call-overload]
        pairs = [(key, value) for key, value in items]
    except (TypeError, ValueError):
        raise InvalidInput(f"{owner}: params must be a sequence of (name, value) pairs (use Task.make)") from None
    names = [key for key, _ in pairs]
    if not all(isinstance(key, str) and key for key in names):
        raise InvalidInput(f"{owner}: parameter names must be non-empty strings, got {names!r}")
    if len(set(names)) != len(names):
        raise InvalidInput(f"{owner}: parameter names repeat: {names!r}")
    return tuple(sorted((key, _json_value(key, value)) for key, value in pairs))


@dataclass(frozen=True)
class Task:
    """One cell of a rate experiment: ``experiment`` at input dimension ``d``, width or sample size ``size``, ``seed``.

    ``params`` holds further JSON-able parameters as ``(name, value)`` pairs sorted by name (lists are stored as
    tuples); build tasks with :meth:`make`.  Fields are validated on construction (:class:`radontv.InvalidInput`).
    """

    experiment: str
    d: int
    size: int
    seed: int
    params: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.experiment, str) or not self.experiment:
            raise InvalidInput(f"Task: experiment must be a non-empty string such as 'maurey', got {self.experiment!r}")
        object.__setattr__(self, "d", _integer("Task: d (the input dimension)", self.d, 1))
        object.__setattr__(self, "size", _integer("Task: size (the width K or sample size N)", self.size, 1))
        object.__setattr__(self, "seed", _integer("Task: seed", self.seed, 0))
        object.__setattr__(self, "params", _params(self.params, "Task"))

    @classmethod
    def make(cls, experiment: str, d: int, size: int, seed: int, **params: Any) -> Task:
        """The task with keyword ``params`` (sorted by name); :class:`radontv.InvalidInput` on bad fields."""
        return cls(experiment, d, size, seed, tuple(params.items()))

    def param(self, name: str, default: Any = None) -> Any:
        """The value of parameter ``name``, or ``default`` when the task has none."""
        return dict(self.params).get(name, default)

    def key(self) -> str:
        """Canonical JSON of all fields (sorted keys, no spaces): the cache key and the source of :meth:`rng`."""
        fields = {
            "experiment": self.experiment,
            "d": self.d,
            "size": self.size,
            "seed": self.seed,
            "params": dict(self.params),
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":"), allow_nan=False)

    def rng(self) -> np.random.Generator:
        """The task's random stream, ``numpy.random.default_rng(seed_for(self.key()))``."""
        return np.random.default_rng(seed_for(self.key()))


def _positive_tuple(owner: str, name: str, values: object, *, increasing: bool) -> tuple[int, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise InvalidInput(f"{owner}: {name} must be a sequence of integers >= 1, got {values!r}")
    numbers = tuple(_integer(f"{owner}: each of {name}", value, 1) for value in values)
    if not numbers:
        raise InvalidInput(f"{owner}: {name} is empty; give at least one value (an empty grid has no tasks)")
    if increasing and any(b <= a for a, b in itertools.pairwise(numbers)):
        raise InvalidInput(f"{owner}: {name} must be strictly increasing, got {numbers}")
    if len(set(numbers)) != len(numbers):
        raise InvalidInput(f"{owner}: {name} repeats a value: {numbers}")
    return numbers


@dataclass(frozen=True)
class Profile:
    """A grid of tasks for one experiment: every ``d`` in ``dims`` × every size in ``sizes`` × ``seeds`` seeds.

    ``name`` is the profile's name ("quick" or "full"); ``sizes`` (K or N) strictly increasing; ``params`` the
    parameters every task of the grid carries.
    """

    name: str
    dims: tuple[int, ...]
    sizes: tuple[int, ...]
    seeds: int
    params: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InvalidInput(f"Profile: name must be a non-empty string such as 'quick', got {self.name!r}")
        object.__setattr__(self, "dims", _positive_tuple("Profile", "dims", self.dims, increasing=False))
        object.__setattr__(self, "sizes", _positive_tuple("Profile", "sizes", self.sizes, increasing=True))
        object.__setattr__(self, "seeds", _integer("Profile: seeds (the number of seeds per cell)", self.seeds, 1))
        object.__setattr__(self, "params", _params(self.params, "Profile"))

    def tasks(self, experiment: str, *, dims: Sequence[int] | None = None, seed: int = 0) -> list[Task]:
        """The tasks of the grid in the order d, size, seed; seeds ``seed, seed + 1, ..., seed + seeds - 1``.

        ``dims`` overrides the profile's dimensions (e.g. ``--dims 2,10``).
        """
        grid_dims = self.dims if dims is None else _positive_tuple("Profile.tasks", "dims", dims, increasing=False)
        first = _integer("Profile.tasks: seed", seed, 0)
        params = dict(self.params)
        return [
            Task.make(experiment, d, size, first + offset, **params)
            for d in grid_dims
            for size in self.sizes
            for offset in range(self.seeds)
        ]


def echo_task(task: Task) -> dict[str, Any]:
    """A tiny pure task function for smoke tests of the engine: numbers that depend only on the task.

    Draws ``task.size * task.d`` standard normals from :meth:`Task.rng` (``repeat`` times, parameter ``repeat``,
    default 1, to make CPU-bound stand-in work for benchmarks) and returns the task's key, its first draw and the mean
    of the last batch.
    """
    rng = task.rng()
    repeat = _integer("echo_task: parameter repeat", task.param("repeat", 1), 1)
    first = float(rng.standard_normal())
    mean = 0.0
    for _ in range(repeat):
        mean = float(rng.standard_normal(task.size * task.d).mean())
    return {"key": task.key(), "d": task.d, "size": task.size, "seed": task.seed, "first": first, "mean": mean}
