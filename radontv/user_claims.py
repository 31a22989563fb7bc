"""Users' own claims: the decorator ``radontv.claim``, the :class:`UserClaim` record, and the catalogs that
``radontv check --catalog FILE.py | MODULE | ENTRY_POINT`` (repeatable) loads them from.

A :class:`UserClaim` is the user-side counterpart of the built-in :class:`radontv.claims.Claim`: the built-in
record names a check function inside ``radontv.checks`` (a rule kept for the built-in catalog), while a user claim
holds its own function and the hypothesis strategies its inputs are drawn from.  Decorating a function has no side
effect: nothing is registered globally.  The comparisons a claim returns are :func:`radontv.equal`,
:func:`radontv.at_most` and :func:`radontv.at_least` (:mod:`radontv.comparisons`); running a claim (inputs drawn by
hypothesis, shrinking) is :func:`radontv.runner.run_user_check`.

A catalog is named by

* the path of a Python file (``my_claims.py``): executed once as a module (its directory is on ``sys.path`` while
  it runs, so it may import its neighbours); loading the same file again reuses that module;
* the name of an entry point in the group ``radontv.catalogs`` of an installed package (``pyproject.toml``:
  ``[project.entry-points."radontv.catalogs"] mine = "mypackage.claims"``), whose object is a module, a claim or a
  list of claims;
* a dotted module name (``mypackage.claims``), imported.

The claims of a module are the :class:`UserClaim` objects in its namespace (what ``@radontv.claim`` made), plus
those listed in a module attribute ``CLAIMS``, each once.  The loaded claims form a :class:`UserCatalog`: the
registry of one run, filled when the catalogs are loaded (nothing is registered at ``import radontv``).  A file that
defines no claim, two claims with one id, or an id of the built-in catalog is an :class:`~radontv.InvalidInput`
saying what to do.

``Proof`` (``from radontv.user_claims import Proof``) is the step bookkeeping of radontv's own derivations
(``radontv.theory._proof.Proof``): a user's sympy derivation judged by the same rules (``docs/user-claims.md``).
"""

from __future__ import annotations

import difflib
import hashlib
import importlib
import importlib.metadata
import importlib.util
import inspect
import re
import sys
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from .errors import InvalidInput, UnknownClaim

if TYPE_CHECKING:  # hypothesis is imported on first use
    from hypothesis.strategies import SearchStrategy

    from .claims import Claim

#: What ``given=`` takes: one strategy (the function's one argument), a sequence of strategies (positional
#: arguments) or a mapping of names to strategies (keyword arguments).
Given: TypeAlias = "SearchStrategy[Any] | Sequence[SearchStrategy[Any]] | Mapping[str, SearchStrategy[Any]]"

__all__ = ["DEFAULT_DPS", "DEFAULT_EXAMPLES", "GROUP", "UserCatalog", "UserClaim", "claim", "load_catalogs",
           "select_claims"]

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
    given: Given
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
    def inputs(self) -> SearchStrategy[tuple[tuple[Any, ...], dict[str, Any]]]:
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


def claim(claim_id: str, *, title: str, source: str, given: Given, statement: str = "",
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


#: The entry-point group installed packages declare their catalogs in.
GROUP = "radontv.catalogs"
_HOW = "decorate functions with @radontv.claim(...) (see docs/user-claims.md)"


@dataclass(frozen=True)
class UserCatalog:
    """The user claims of one run, in loading order, with the catalog each came from."""

    claims: tuple[UserClaim, ...]
    origins: tuple[str, ...]  # the --catalog value each claim was loaded from
    catalogs: tuple[str, ...]  # every --catalog value, in order

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.family for c in self.claims))

    def origin(self, claim: UserClaim) -> str:
        """The ``--catalog`` value ``claim`` was loaded from."""
        return self.origins[self.claims.index(claim)]


def load_catalogs(specs: Sequence[str]) -> UserCatalog:
    """Load every catalog in ``specs`` (file paths, entry-point names or module names) into one :class:`UserCatalog`.

    Raises :class:`~radontv.InvalidInput` for a missing file, a module that cannot be imported, a catalog with no
    claim, two different claims with one id, or an id that the built-in catalog already uses.
    """
    from .catalog import CATALOG

    builtin = {c.id for c in CATALOG}
    claims: list[UserClaim] = []
    origins: list[str] = []
    for spec in specs:
        found = _claims_of(_load(spec), spec)
        if not found:
            raise InvalidInput(f"--catalog {spec}: defines no claim; {_HOW}")
        for claim in found:
            if claim in claims:  # the same object loaded twice (the same file or module named twice): once
                continue
            if claim.id in builtin:
                raise InvalidInput(f"--catalog {spec}: claim id {claim.id!r} is a built-in claim of radontv; "
                                   "rename yours (e.g. 'mine.' + the name)")
            twin = next((c for c in claims if c.id == claim.id), None)
            if twin is not None:
                where = origins[claims.index(twin)]
                raise InvalidInput(f"--catalog {spec}: duplicate claim id {claim.id!r} (also defined at "
                                   f"{twin.defined_at}, loaded from {where}); give each claim its own id")
            claims.append(claim)
            origins.append(spec)
    return UserCatalog(tuple(claims), tuple(origins), tuple(specs))


def _load(spec: str) -> Any:
    """The module (or entry-point object) that ``spec`` names."""
    if not isinstance(spec, str) or not spec.strip():
        raise InvalidInput(f"--catalog needs a file, module or entry-point name, got {spec!r}")
    path = Path(spec)
    if spec.endswith(".py") or "/" in spec or "\\" in spec or path.exists():
        return _load_file(spec, path)
    entry = next((ep for ep in importlib.metadata.entry_points(group=GROUP) if ep.name == spec), None)
    if entry is not None:
        try:
            return entry.load()
        except Exception as exc:
            raise InvalidInput(f"--catalog {spec}: loading the entry point {entry.value!r} (group {GROUP}) raised "
                               f"{_one_line(exc)}; fix the package that declares it") from None
    try:
        return importlib.import_module(spec)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (spec == exc.name or spec.startswith(exc.name + ".")):
            raise InvalidInput(f"--catalog {spec}: no such file, module or entry point (group {GROUP}); give the "
                               "path of a .py file, an importable module or an installed catalog's name") from None
        raise InvalidInput(f"--catalog {spec}: importing it raised {_one_line(exc)}") from None
    except Exception as exc:
        raise InvalidInput(f"--catalog {spec}: importing it raised {_one_line(exc)}; fix the module") from None


def _load_file(spec: str, path: Path) -> types.ModuleType:
    if path.is_dir():
        raise InvalidInput(f"--catalog {spec}: is a directory; give the path of a .py file that defines claims")
    if not path.is_file():
        raise InvalidInput(f"--catalog {spec}: no such file; give the path of a .py file that defines claims")
    resolved = path.resolve()
    name = "radontv_catalog_" + hashlib.sha256(str(resolved).encode()).hexdigest()[:16]
    loaded = sys.modules.get(name)
    if loaded is not None and Path(getattr(loaded, "__file__", "")) == resolved:
        return loaded
    module_spec = importlib.util.spec_from_file_location(name, resolved)
    if module_spec is None or module_spec.loader is None:
        raise InvalidInput(f"--catalog {spec}: Python cannot load this file; give a .py file")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    sys.path.insert(0, str(resolved.parent))
    try:
        module_spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise InvalidInput(f"--catalog {spec}: running it raised {_one_line(exc)}; fix the file") from None
    finally:
        sys.path.remove(str(resolved.parent))
    return module


def _claims_of(obj: Any, spec: str) -> list[UserClaim]:
    """The claims a loaded module, claim or list of claims holds, each object once, in definition order."""
    if isinstance(obj, UserClaim):
        return [obj]
    if isinstance(obj, types.ModuleType):
        found = [v for v in vars(obj).values() if isinstance(v, UserClaim)]
        listed = getattr(obj, "CLAIMS", ())
    elif isinstance(obj, Iterable) and not isinstance(obj, str | bytes):
        found, listed = [], obj
    else:
        raise InvalidInput(f"--catalog {spec}: names {obj!r}, not a module or a list of claims; {_HOW}")
    for item in listed:
        if not isinstance(item, UserClaim):
            raise InvalidInput(f"--catalog {spec}: CLAIMS holds {item!r}, which is not a claim; {_HOW}")
        found.append(item)
    return list(dict.fromkeys(found))  # identity-unique (UserClaim hashes by identity), order kept


def select_claims(patterns: list[str] | tuple[str, ...], user: UserCatalog | None) -> tuple[Claim | UserClaim, ...]:
    """The claims ``radontv check`` runs: with no patterns, the user claims when catalogs were loaded ("instead
    of"), else the built-in catalog; each pattern (an id or a family name) selects from both ("beside")."""
    from .catalog import CATALOG, FAMILIES, select

    if not patterns:
        return user.claims if user is not None else CATALOG
    if user is None:
        return select(patterns)
    chosen: list[Claim | UserClaim] = []
    for pattern in patterns:
        matches: list[Claim | UserClaim] = [c for c in user.claims if c.id == pattern or c.family == pattern]
        if pattern in FAMILIES or any(c.id == pattern for c in CATALOG):
            matches += list(select([pattern]))
        if not matches:
            known = [c.id for c in user.claims] + [c.id for c in CATALOG] + list(FAMILIES) + list(user.families)
            close = difflib.get_close_matches(pattern, known, n=3)
            loaded = ", ".join(c.id for c in user.claims[:5]) + (", ..." if len(user.claims) > 5 else "")
            hint = (f"; did you mean {', '.join(close)}?" if close
                    else f"; the loaded catalogs define {loaded}; run `radontv list` for the built-in ids")
            raise UnknownClaim(f"no claim {pattern!r} in the built-in catalog or the loaded catalogs{hint}")
        chosen.extend(c for c in matches if not any(c is d for d in chosen))
    return tuple(chosen)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def __getattr__(name: str) -> Any:
    """``Proof`` on first use (it imports sympy)."""
    if name == "Proof":
        from radontv.theory._proof import Proof

        return Proof
    raise AttributeError(f"module 'radontv.user_claims' has no attribute {name!r}")
