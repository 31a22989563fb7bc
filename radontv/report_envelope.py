"""The envelope that makes every ``--json`` report of radontv self-describing, and the JSON Schemas of the reports.

Each report carries ``radontv`` (the version that wrote it), ``created`` (UTC, ISO 8601 with a ``Z``), ``format``
(the report format's version), ``command`` and ``settings`` (everything that determines the result), then the
command's own keys, unchanged from before the envelope existed.  One JSON Schema (draft 2020-12) per command family
ships in ``radontv/schemas/`` (:data:`SCHEMA_FILES`): ``report.schema.json`` for ``check`` and ``check --seeds``,
``fit``, ``rates``, ``list`` and ``sources`` in files of their names; each file stands alone (no references between
files), so any JSON Schema tool validates a report with the one file its ``command`` names.  :func:`validate` picks
the file from the report's ``command`` (needs the ``jsonschema`` package, in the ``test`` extra).  The format is
documented in ``docs/report-format.md``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from typing import Any

__all__ = ["ENVELOPE_KEYS", "SCHEMA_FILES", "SCHEMA_VERSION", "envelope", "schema", "validate"]

#: Version of the report format (bumped when a key changes meaning or disappears).
SCHEMA_VERSION = 1

#: The keys every report starts with.
ENVELOPE_KEYS = ("radontv", "created", "format", "command", "settings")

#: The schema file (in ``radontv/schemas/``) of each command's report.
SCHEMA_FILES = {
    "check": "report.schema.json",
    "check --seeds": "report.schema.json",
    "fit": "fit.schema.json",
    "rates": "rates.schema.json",
    "list": "list.schema.json",
    "sources": "sources.schema.json",
}


def envelope(command: str, settings: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """``{"radontv", "created", "format", "command", "settings", **body}``: the report of ``command``.

    ``body`` keeps its keys (users' scripts read them); a body key that is also an envelope key is a bug of the
    command and raises ``ValueError`` rather than being overwritten."""
    from . import __version__

    clash = sorted(set(ENVELOPE_KEYS) & set(body))
    if clash:
        raise ValueError(f"the report of {command!r} has its own {', '.join(clash)}: envelope keys are reserved")
    created = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return {"radontv": __version__, "created": created, "format": SCHEMA_VERSION, "command": command,
            "settings": settings, **body}


def schema(command: str = "check") -> dict[str, Any]:
    """The JSON Schema of the reports of ``command`` (a key of :data:`SCHEMA_FILES`; default ``check``)."""
    if command not in SCHEMA_FILES:
        raise KeyError(f"no report schema for command {command!r}; known: {', '.join(SCHEMA_FILES)}")
    path = resources.files("radontv").joinpath("schemas", SCHEMA_FILES[command])
    return json.loads(path.read_text(encoding="utf-8"))


def validate(report: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``report`` follows the schema of its ``command``.

    A report without a known ``command`` is checked against ``report.schema.json``, which rejects it."""
    import jsonschema

    command = report.get("command") if isinstance(report, dict) else None
    chosen = schema(command if isinstance(command, str) and command in SCHEMA_FILES else "check")
    jsonschema.Draft202012Validator(chosen, format_checker=jsonschema.FormatChecker()).validate(report)
