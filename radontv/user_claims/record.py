"""The record of a user's own claim and the decorator ``radontv.claim`` that makes one.

A :class:`UserClaim` is the user-side counterpart of the built-in :class:`radontv.claims.Claim`: the built-in
record names a check function inside ``radontv.checks`` (a rule kept for the built-in catalog), while a user claim
holds its own function and the hypothesis strategies its inputs are drawn from.  Decorating a function has no side
effect: nothing is registered globally; ``radontv check --catalog`` collects the claims a file or module defines
(:mod:`radontv.user_claims.loading`).
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidInput

__all__ = ["DEFAULT_DPS", "DEFAULT_EXAMPLES", "UserClaim", "claim"]

#: Working precision of a user claim's evaluation when ``radontv check`` is given no ``--dps`` (the house's 50).
DEFAULT_DPS = 50
#: Inputs drawn per user claim when neither ``--examples`` nor the claim's ``examples=`` says otherwise.
DEFAULT_EXAMPLES = 100

_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")  # the built-in catalog's rule (radontv.claims)
_REFERENCE = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


@dataclass(frozen=True, eq=False)
class UserClaim:
    """A user's claim: ``function(*inputs)`` returns comparisons (:func:`radontv.equal`, ...) that must hold for
    every input drawn from ``given``.

    ``given`` is one hypothesis strategy (the function takes one argument), a tuple of strategies (positional
    arguments) or a dict of strategies (keyword arguments).  ``derivation`` is ``None``, a callable returning a
    :class:`radontv.evidence.Derivation`, or a ``"module:function"`` reference to one.  ``examples`` overrides the
    default number of inputs drawn (``--examples`` overrides both).  Calling the record calls the function.
    """

    id: str
    title: str
    source: str
    function: Callable[..., Any]
    given: Any
    statement: str = ""
    hypotheses: tuple[str, ...] = ()
    derivation: Callable[[], Any] | str | None = None
    examples: int | None = None
    _strategy: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID.match(self.id):
            raise InvalidInput(f"claim id {self.id!r} must look like 'family.name' in lower case, e.g. 'mine.pn_le_wd'")
        for name in ("title", "source"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name).strip():
                raise InvalidInput(f"{self.id}: {name}= must be a non-empty string (the source: a paper and theorem, "
                                   "or an argument such as 'AM-GM')")
        if not callable(self.function):
            raise InvalidInput(f"{self.id}: @radontv.claim decorates a function, got {self.function!r}")
        d = self.derivation
        if d is not None and not callable(d) and not (isinstance(d, str) and _REFERENCE.match(d)):
            raise InvalidInput(f"{self.id}: derivation= must be a callable returning a Derivation or a "
                               f"'module:function' reference, got {d!r}")
        if self.examples is not None and (isinstance(self.examples, bool) or not isinstance(self.examples, int)
                                          or self.examples < 1):
            raise InvalidInput(f"{self.id}: examples= must be a positive integer, got {self.examples!r}")
        object.__setattr__(self, "hypotheses", tuple(self.hypotheses))
        object.__setattr__(self, "_strategy", _inputs(self.id, self.given))

    @property
    def family(self) -> str:
        """The part of the id before the first dot."""
        return self.id.split(".", 1)[0]

    @property
    def inputs(self) -> Any:
        """One hypothesis strategy of ``(args, kwargs)`` pairs built from ``given``."""
        return self._strategy

    @property
    def defined_at(self) -> str:
        """``file:line`` of the decorated function (or its module and name when the source is unknown)."""
        try:
            return f"{inspect.getsourcefile(self.function)}:{inspect.getsourcelines(self.function)[1]}"
        except (OSError, TypeError):
            return f"{getattr(self.function, '__module__', '?')}:{getattr(self.function, '__qualname__', '?')}"

    def load_derivation(self) -> Callable[[], Any] | None:
        """The derivation function (importing a ``"module:function"`` reference), or ``None``."""
        if self.derivation is None or callable(self.derivation):
            return self.derivation
        module, _, attr = self.derivation.partition(":")
        return getattr(importlib.import_module(module), attr)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.function(*args, **kwargs)


def _inputs(claim_id: str, given: Any) -> Any:
    from hypothesis import strategies as st

    def strategy(s: Any, where: str) -> Any:
        if not isinstance(s, st.SearchStrategy):
            raise InvalidInput(f"{claim_id}: given={where} must be a hypothesis strategy (e.g. relu_networks()), "
                               f"got {s!r}")
        return s

    if isinstance(given, tuple | list):
        args = st.tuples(*(strategy(s, f"[{i}]") for i, s in enumerate(given)))
        return st.tuples(args, st.just({}))
    if isinstance(given, Mapping):
        kwargs = st.fixed_dictionaries({str(k): strategy(s, f"[{k!r}]") for k, s in given.items()})
        return st.tuples(st.just(()), kwargs)
    return st.tuples(st.tuples(strategy(given, "")), st.just({}))


def claim(claim_id: str, *, title: str, source: str, given: Any, statement: str = "",
          hypotheses: tuple[str, ...] = (), derivation: Callable[[], Any] | str | None = None,
          examples: int | None = None) -> Callable[[Callable[..., Any]], UserClaim]:
    """Declare a claim of your own; decorates a function returning :func:`radontv.equal` / :func:`radontv.at_most`
    / :func:`radontv.at_least` comparisons (one, or a list or tuple), or a bool decided exactly.

    ``radontv check --catalog FILE.py`` draws inputs from ``given`` with hypothesis, evaluates the function at the
    working precision and shrinks a refuting input to a minimal counterexample (see ``docs/user-claims.md``).
    """

    def decorate(function: Callable[..., Any]) -> UserClaim:
        record = UserClaim(claim_id, title, source, function, given, statement=statement, hypotheses=hypotheses,
                           derivation=derivation, examples=examples)
        for name in ("__module__", "__name__", "__qualname__", "__doc__"):  # read like the function it wraps
            if hasattr(function, name):
                object.__setattr__(record, name, getattr(function, name))
        return record

    return decorate
