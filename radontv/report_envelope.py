"""The envelope that makes every ``radontv check --json`` report self-describing, and its JSON Schema.

Each report carries ``radontv`` (the version that wrote it), ``created`` (UTC, ISO 8601 with a ``Z``), ``command``
and ``settings`` (everything that determines the result: dps, examples, seed, seeds, catalogs, ids, ...), then the
command's own keys.  ``radontv/schemas/report.schema.json`` (JSON Schema draft 2020-12) describes the whole report;
:func:`validate` checks a report against it (needs the ``jsonschema`` package, in the ``test`` extra).  The format is
documented in ``docs/user-claims.md`` ("The JSON report").
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from typing import Any

__all__ = ["SCHEMA_VERSION", "envelope", "schema", "validate"]

#: Version of the report format (bumped when a key changes meaning or disappears).
SCHEMA_VERSION = 1


def envelope(command: str, settings: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """``{"radontv", "created", "format", "command", "settings", **body}``: the report of ``command``."""
    from . import __version__

    created = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return {"radontv": __version__, "created": created, "format": SCHEMA_VERSION, "command": command,
            "settings": settings, **body}


def schema() -> dict[str, Any]:
    """The JSON Schema of ``radontv check --json`` reports, shipped as ``radontv/schemas/report.schema.json``."""
    return json.loads(resources.files("radontv").joinpath("schemas/report.schema.json").read_text(encoding="utf-8"))


def validate(report: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``report`` follows the schema."""
    import jsonschema

    jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker()).validate(report)
