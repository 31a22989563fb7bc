"""On-disk cache of task results: one JSON file per task, so an interrupted rate experiment resumes where it stopped.

A cache is a directory.  The result of a :class:`~radontv.rates.tasks.Task` lives in ``<sha256 of task.key()>.json``
holding ``{"radontv": version, "key": task.key(), "result": {...}}``; it is written atomically (a temporary file in
the same directory, then :func:`os.replace`), so a run killed mid-write leaves either the whole file or none.

A file written by another radontv version, a file whose key is not the task's, or a file that is not a cache entry
raises :class:`CacheMismatch` naming the directory and the file.  Nothing is ever deleted: the user decides (use
another directory, or remove the old one by hand).

Results are normalised to what JSON round-trips (:func:`as_json_result`): numpy scalars become Python numbers,
tuples and arrays lists.  A fresh result and a cached one are therefore equal, bit for bit (``repr`` of a float
round-trips exactly).  Non-finite numbers are refused: radontv never returns NaN.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..errors import InvalidInput
from .tasks import Task

__all__ = ["CacheMismatch", "TaskCache", "as_json_result"]


class CacheMismatch(InvalidInput):
    """A cache directory holds a file this radontv cannot use (another version, another task, or not a cache entry).

    The message names the directory and the file and says what to do; the file is left in place.
    """


def _version() -> str:
    from .. import __version__

    return __version__


def _plain(value: Any) -> Any:
    """``json.dumps`` hook: numpy scalars and arrays as Python numbers and lists."""
    if hasattr(value, "tolist"):  # numpy scalar or array (numpy is not imported here)
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON-able")


def as_json_result(result: object, task: Task) -> dict[str, Any]:
    """``result`` as JSON round-trips it (the form stored in the cache); :class:`radontv.InvalidInput` if it cannot be.

    A task function must return a dict of JSON-able values (numbers, strings, lists, dicts) with finite floats.
    """
    if not isinstance(result, dict):
        raise InvalidInput(
            f"the task function returned {type(result).__name__} for task {task.key()}; it must return a dict of "
            "JSON-able values (floats, ints, strings, lists)"
        )
    try:
        text = json.dumps(result, allow_nan=False, default=_plain, sort_keys=True)
    except (TypeError, ValueError) as error:
        raise InvalidInput(
            f"the task function's result for task {task.key()} is not JSON-able with finite numbers ({error}); "
            "return floats, ints, strings and lists, and no NaN or infinity"
        ) from error
    return json.loads(text)


class TaskCache:
    """Results of tasks in ``directory`` (created if missing), one JSON file per task."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        if not isinstance(directory, str | os.PathLike) or not str(directory):
            raise InvalidInput(f"cache must be a directory path, got {directory!r}")
        self.directory = Path(directory)
        if self.directory.exists() and not self.directory.is_dir():
            raise InvalidInput(f"cache {str(self.directory)!r} is a file, not a directory; give a directory path")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InvalidInput(f"cannot create the cache directory {str(self.directory)!r}: {error}") from error
        self.version = _version()

    def path(self, task: Task) -> Path:
        """The file holding ``task``'s result: ``<sha256 of task.key()>.json`` in the directory."""
        return self.directory / (hashlib.sha256(task.key().encode("utf-8")).hexdigest() + ".json")

    def _mismatch(self, path: Path, what: str) -> CacheMismatch:
        return CacheMismatch(
            f"cache directory {str(self.directory)!r}: {path.name} {what}; nothing was deleted. Use another cache "
            "directory (--cache DIR), or move this one away by hand to recompute"
        )

    def load(self, task: Task) -> dict[str, Any] | None:
        """The cached result of ``task``, or None when there is none; :class:`CacheMismatch` for an unusable file."""
        path = self.path(task)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except UnicodeDecodeError as error:
            raise self._mismatch(path, f"is not UTF-8 text (not a radontv cache file: {error})") from error
        except OSError as error:
            raise self._mismatch(path, f"cannot be read ({error})") from error
        try:
            entry = json.loads(text)
        except ValueError as error:
            raise self._mismatch(path, f"is not valid JSON (corrupt or not a radontv cache file: {error})") from error
        if not isinstance(entry, dict) or not {"radontv", "key", "result"} <= entry.keys():
            raise self._mismatch(path, "is not a radontv cache entry (keys radontv, key, result expected)")
        if entry["radontv"] != self.version:
            raise self._mismatch(
                path, f"was written by radontv {entry['radontv']!r}, and this is radontv {self.version!r}"
            )
        if entry["key"] != task.key():
            raise self._mismatch(path, f"holds task {entry['key']!r}, not {task.key()!r}")
        if not isinstance(entry["result"], dict):
            raise self._mismatch(path, "holds a result that is not a JSON object")
        return entry["result"]

    def store(self, task: Task, result: dict[str, Any]) -> None:
        """Write ``result`` (already JSON-normalised) as ``task``'s entry, atomically."""
        entry = {"radontv": self.version, "key": task.key(), "result": result}
        text = json.dumps(entry, allow_nan=False, sort_keys=True, indent=1)
        path = self.path(task)
        handle, temporary = tempfile.mkstemp(prefix=path.stem + ".", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
