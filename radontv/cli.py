"""The ``radontv`` command line: ``list``, ``check``, ``derive``, ``fit``, ``plot``, ``rates``.

Every subcommand has ``--help``.  Errors in the input (an unknown claim id, a bad file, a precision too low) print one
line saying what was wrong and what to do, and exit with code 2; a refuted or failing claim exits with code 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from . import __version__
from .errors import RadontvError

#: Subcommand modules in ``radontv.commands``, in the order ``--help`` lists them.
COMMANDS = ("list_claims", "check", "derive", "fit", "plot", "rates")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="radontv",
        description="Check, three independent ways, the mathematics of what ReLU networks trained with weight decay "
        "learn: sympy derivations, high-precision numeric checks and property tests.",
    )
    parser.add_argument("--version", action="version", version=f"radontv {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"radontv.commands.{name}").add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``radontv`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except RadontvError as exc:
        print(f"radontv: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
