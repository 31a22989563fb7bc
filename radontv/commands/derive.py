"""``radontv derive ID``: print the symbolic derivation of a claim."""

from __future__ import annotations

import argparse

from ..catalog import get
from ..errors import InvalidInput


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "derive",
        help="print the sympy derivation of a claim",
        description="Run the sympy derivation of a claim and print its steps (pretty text, or LaTeX with --latex).",
    )
    parser.add_argument("id", metavar="ID", help="claim id, e.g. rescaling.balance")
    parser.add_argument("--latex", action="store_true", help="print LaTeX instead of pretty text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    claim = get(args.id)
    derive = claim.load_derivation()
    if derive is None:  # a usage error (exit 2), not a refutation (exit 1)
        raise InvalidInput(f"{claim.id} has no symbolic derivation ({claim.no_derivation_reason}); its evidence is "
                           f"the numeric check and property tests: run `radontv check {claim.id}`")
    derivation = derive()
    print(derivation.latex() if args.latex else derivation.pretty())
    return 0 if derivation.verdict.passed else 1
