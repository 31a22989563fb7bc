"""Subcommands of the ``radontv`` command line, one module each.

Each module defines ``add_parser(subparsers)``, which adds its parser (with ``--help`` text) and sets
``func=run`` as the parser default, and ``run(args) -> int``, which returns the exit code.  ``radontv.cli`` lists the
modules in :data:`COMMANDS`.
"""
