"""Loading users' claims: ``radontv check --catalog FILE.py | MODULE | ENTRY_POINT`` (repeatable).

A catalog is named by

* the path of a Python file (``my_claims.py``): executed once as a module (its directory is on ``sys.path`` while
  it runs, so it may import its neighbours); loading the same file again reuses that module;
* the name of an entry point in the group ``radontv.catalogs`` of an installed package (``pyproject.toml``:
  ``[project.entry-points."radontv.catalogs"] mine = "mypackage.claims"``), whose object is a module, a claim or a
  list of claims;
* a dotted module name (``mypackage.claims``), imported.

The claims of a module are the :class:`~radontv.user_claims.UserClaim` objects in its namespace (what
``@radontv.claim`` made), plus those listed in a module attribute ``CLAIMS``, each once.  The loaded claims form a
:class:`UserCatalog`: the registry of one run, filled when the catalogs are loaded (nothing is registered at
``import radontv``).  A file that defines no claim, two claims with one id, or an id of the built-in catalog is an
:class:`~radontv.InvalidInput` saying what to do.
"""

from __future__ import annotations

import difflib
import hashlib
import importlib
import importlib.metadata
import importlib.util
import sys
import types
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InvalidInput, UnknownClaim
from .record import UserClaim

__all__ = ["GROUP", "UserCatalog", "load_catalogs", "select_claims"]

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
    from ..catalog import CATALOG

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


def select_claims(patterns: Sequence[str], user: UserCatalog | None) -> tuple[Any, ...]:
    """The claims ``radontv check`` runs: with no patterns, the user claims when catalogs were loaded ("instead
    of"), else the built-in catalog; each pattern (an id or a family name) selects from both ("beside")."""
    from ..catalog import CATALOG, FAMILIES, select

    if not patterns:
        return user.claims if user is not None else CATALOG
    if user is None:
        return select(patterns)
    chosen: list[Any] = []
    for pattern in patterns:
        matches = [c for c in user.claims if c.id == pattern or c.family == pattern]
        if pattern in FAMILIES or any(c.id == pattern for c in CATALOG):
            matches += list(select([pattern]))
        if not matches:
            known = [c.id for c in (*user.claims, *CATALOG)] + list(FAMILIES) + list(user.families)
            close = difflib.get_close_matches(pattern, known, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else "; run `radontv list` for the built-in ids"
            raise UnknownClaim(f"no claim {pattern!r} in the built-in catalog or the loaded catalogs{hint}")
        chosen.extend(c for c in matches if not any(c is d for d in chosen))
    return tuple(chosen)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
