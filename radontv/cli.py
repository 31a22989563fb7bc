"""The ``radontv`` command line: ``list``, ``sources``, ``check``, ``derive``, ``fit``, ``plot``, ``rates``.

Every subcommand has ``--help``.  Exit codes:

* 0 — success;
* 1 — a claim is refuted, a check errors, or a fit is not certified (the answer is "no");
* 2 — a usage error: an unknown claim id, a bad or unreadable file, a precision too low, a claim without a derivation
  asked for one.  One line ``radontv: error: ...`` on stderr says what was wrong and what to do;
* 130 — interrupted (``radontv rates``, which says how to resume);
* 141 — the reader of standard output went away (``radontv list | head -1``).  The command stops quietly, without a
  traceback, as Unix tools do when SIGPIPE ends them: 141 = 128 + SIGPIPE (13) is the status a shell reports for
  such a tool (``seq 100000 | head -1`` under ``set -o pipefail``).  Not 0, because the output was cut short and a
  script using ``pipefail`` should be able to tell; not 1, which means "refuted".  Python's recipe is followed
  (https://docs.python.org/3/library/signal.html#note-on-sigpipe): standard output is pointed at ``os.devnull`` so
  that the interpreter's final flush does not raise again.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from . import __version__
from .errors import RadontvError

#: Subcommand modules in ``radontv.commands``, in the order ``--help`` lists them.
COMMANDS = ("list_claims", "sources", "check", "derive", "fit", "plot", "rates")


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
    """Entry point of the ``radontv`` console script; returns the exit code (module docstring)."""
    try:
        return _dispatch(argv)
    except BrokenPipeError:
        if not _stdout_closed():
            raise  # a broken pipe elsewhere (e.g. a dead worker process) is a real error
        _silence_stdout()
        return EXIT_BROKEN_PIPE


def _dispatch(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit:  # --help, --version, argparse's usage errors: flush here, where a closed pipe is caught
        sys.stdout.flush()
        raise
    if not hasattr(args, "func"):
        parser.print_help()
        sys.stdout.flush()
        return 2
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows up here for output still in the buffer
        return code
    except RadontvError as exc:
        print(f"radontv: error: {exc}", file=sys.stderr)
        return 2


#: Exit status when the reader of standard output closed it: 128 + SIGPIPE, as a shell reports it (module docstring).
EXIT_BROKEN_PIPE = 141


def _stdout_closed() -> bool:
    """True when standard output is a pipe (or socket) whose reading end is closed (poll reports an error on it)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # replaced by an object without a descriptor (e.g. in tests)
        return True
    try:
        import select

        poller = select.poll()
    except (ImportError, AttributeError):  # pragma: no cover - no poll (Windows): trust the exception
        return True
    poller.register(fd, select.POLLOUT)
    return any(event & (select.POLLERR | select.POLLHUP) for _, event in poller.poll(0))


def _silence_stdout() -> None:
    """Point standard output at ``os.devnull`` so the interpreter's last flush does not raise BrokenPipeError again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
