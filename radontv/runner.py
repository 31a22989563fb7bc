"""Run the evidence of claims: derivations, numeric checks and (optionally) property tests.

The runner resolves a claim's evidence references (see :mod:`radontv.claims`) only when asked, times each piece, and
never lets an exception escape: a piece of evidence that raises is reported with verdict ``error`` and the message.
A user's own claim (:class:`radontv.user_claims.UserClaim`) has its derivation, if any, run the same way, and its
numeric evidence gathered by :func:`run_user_check`: inputs drawn by hypothesis, evaluated at the working precision,
a refuting input shrunk to a minimal counterexample.
"""

from __future__ import annotations

import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from .claims import Claim
from .errors import InvalidInput
from .evidence import CheckResult, Derivation, Verdict, combine_verdicts, json_digits, json_number
from .precision import validate_dps

if TYPE_CHECKING:  # imported where used: the CLI starts without hypothesis and numpy
    from .comparisons import Comparison
    from .typing import Scalar
    from .user_claims import UserClaim

__all__ = ["ClaimReport", "EvidenceReport", "Outcome", "evaluate", "every", "run_claim", "run_user_check", "structured",
           "tests_root"]

EvidenceKind = Literal["derivation", "numeric", "property"]


@dataclass(frozen=True)
class EvidenceReport:
    """The outcome of one piece of evidence, as reported by ``radontv check``."""

    kind: EvidenceKind
    verdict: Verdict
    seconds: float
    residual: Scalar | None = None
    digits: float | None = None
    dps: int | None = None
    instances: int | None = None
    route: str = ""
    message: str = ""
    worst_instance: str | None = None
    counterexample: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (the keys of ``radontv check --json``)."""
        return {
            "kind": self.kind,
            "verdict": self.verdict.value,
            "residual": json_number(self.residual),
            "digits": json_digits(self.digits),
            "dps": self.dps,
            "instances": self.instances,
            "seconds": round(self.seconds, 3),
            "route": self.route,
            "worst_instance": self.worst_instance,
            "message": self.message,
            "counterexample": self.counterexample,
        }


@dataclass(frozen=True)
class ClaimReport:
    """All evidence gathered for one claim, and the claim's combined verdict."""

    claim: Claim | UserClaim
    evidence: tuple[EvidenceReport, ...] = field(default_factory=tuple)

    @property
    def verdict(self) -> Verdict:
        """Combined verdict (see :func:`radontv.evidence.combine_verdicts`)."""
        return combine_verdicts(e.verdict for e in self.evidence)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.claim.id,
            "title": self.claim.title,
            "source": self.claim.source,
            "origin": "radontv" if isinstance(self.claim, Claim) else self.claim.defined_at,
            "verdict": self.verdict.value,
            "evidence": [e.as_dict() for e in self.evidence],
        }


def tests_root() -> Path | None:
    """The source checkout holding ``tests/`` next to the package, or ``None`` for an installed wheel."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "tests" / "conftest.py").is_file() else None


def _error(kind: EvidenceKind, start: float, exc: BaseException) -> EvidenceReport:
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return EvidenceReport(kind, Verdict.ERROR, time.perf_counter() - start, message=detail)


def run_derivation(claim: Claim | UserClaim) -> EvidenceReport | None:
    """Run the claim's sympy derivation (``None`` when the claim has none)."""
    if claim.derivation is None:
        return None
    start = time.perf_counter()
    try:
        derived = cast(Callable[[], Any], claim.load_derivation())()  # not None: claim.derivation is set
        if not isinstance(derived, Derivation):
            raise TypeError(f"{claim.derivation} returned {type(derived).__name__}, not a Derivation")
    except Exception as exc:  # evidence must not crash the runner
        return _error("derivation", start, exc)
    return EvidenceReport("derivation", derived.verdict, time.perf_counter() - start,
                          route="sympy", message=derived.message, instances=len(derived.steps))


def run_check(claim: Claim, *, dps: int | None = None, examples: int | None = None, seed: int = 0) -> EvidenceReport:
    """Run the claim's numeric check with the given precision, number of random instances and seed."""
    kwargs: dict[str, Any] = {"seed": seed}
    if dps is not None:
        kwargs["dps"] = dps
    if examples is not None:
        kwargs["examples"] = examples
    start = time.perf_counter()
    try:
        result = claim.load_check()(**kwargs)
        if not isinstance(result, CheckResult):
            raise TypeError(f"{claim.check} returned {type(result).__name__}, not a CheckResult")
    except Exception as exc:
        return _error("numeric", start, exc)
    message = "; ".join(m for m in (result.message, result.tolerance) if m)
    return EvidenceReport("numeric", result.verdict, time.perf_counter() - start, residual=result.residual,
                          digits=result.digits, dps=result.dps, instances=result.instances, route=result.route,
                          message=message, worst_instance=result.worst_instance)


def run_properties(claim: Claim, *, profile: str = "default") -> EvidenceReport:
    """Run the claim's hypothesis tests with pytest (needs a source checkout with ``tests/``)."""
    start = time.perf_counter()
    root = tests_root()
    if root is None:
        return EvidenceReport("property", Verdict.UNDETERMINED, 0.0,
                              message="property tests live in the source checkout's tests/, not in this installation")
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--hypothesis-profile={profile}",
           *claim.property_tests]
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=False)
    tail = (proc.stdout.strip().splitlines() or [""])[-1]
    verdicts = {0: Verdict.CONSISTENT, 1: Verdict.REFUTED}  # pytest: 1 = some test failed, else a usage error
    verdict = verdicts.get(proc.returncode, Verdict.ERROR)
    return EvidenceReport("property", verdict, time.perf_counter() - start, instances=len(claim.property_tests),
                          route=f"pytest, hypothesis profile {profile!r}", message=tail)


def run_claim(claim: Claim | UserClaim, *, dps: int | None = None, examples: int | None = None, seed: int = 0,
              derivation: bool = True, properties: bool = False, profile: str = "default") -> ClaimReport:
    """Gather the evidence of one claim: derivation (optional), numeric check, property tests (optional).

    For a user claim the numeric evidence is its hypothesis search (``properties`` does not apply)."""
    if examples is not None and (isinstance(examples, bool) or not isinstance(examples, int) or examples < 1):
        raise InvalidInput(f"examples must be a positive integer, got {examples!r}")
    reports: list[EvidenceReport] = []
    if derivation:
        derived = run_derivation(claim)
        if derived is not None:
            reports.append(derived)
    if not isinstance(claim, Claim):  # a user's claim: inputs drawn by hypothesis, no pytest property tests
        reports.append(run_user_check(claim, dps=dps, examples=examples, seed=seed))
        return ClaimReport(claim, tuple(reports))
    reports.append(run_check(claim, dps=dps, examples=examples, seed=seed))
    if properties:
        reports.append(run_properties(claim, profile=profile))
    return ClaimReport(claim, tuple(reports))


# -- users' own claims: inputs drawn by hypothesis ---------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """What one input gave: the verdict, the comparisons returned, and a message (the exception, if any)."""

    verdict: Verdict
    comparisons: tuple[Comparison, ...] = ()
    message: str = ""
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def worst(self) -> Comparison | None:
        """The comparison with the largest residual (the first refuted one when some is refuted)."""
        refuted = [c for c in self.comparisons if c.verdict is Verdict.REFUTED]
        pool = refuted or list(self.comparisons)
        return max(pool, key=lambda c: _mp(c.residual), default=None)


class _Refuted(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.message)
        self.outcome = outcome


class _Errored(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.message)
        self.outcome = outcome


def evaluate(claim: UserClaim, args: tuple[Any, ...], kwargs: dict[str, Any], dps: int) -> Outcome:
    """Run the claim's function on one input inside ``mpmath.workdps(dps)`` and judge what it returned."""
    import mpmath
    from hypothesis.errors import UnsatisfiedAssumption

    with mpmath.workdps(dps):
        try:
            value = claim.function(*args, **kwargs)
            comparisons = _comparisons(value)
        except UnsatisfiedAssumption:
            raise  # hypothesis.assume(False): hypothesis discards the input
        except AssertionError as exc:
            return Outcome(Verdict.REFUTED, (), _exception(exc), args, kwargs)
        except Exception as exc:  # a claim that raises is an error at this input, never a crash
            return Outcome(Verdict.ERROR, (), _exception(exc), args, kwargs)
    return Outcome(every(c.verdict for c in comparisons), comparisons, "", args, kwargs)


def every(verdicts: Iterable[Verdict]) -> Verdict:
    """The verdict of "all of these hold": ``error``, ``refuted`` or ``undetermined`` if any is (in that order),
    ``proved`` only when all are proved, else ``consistent``.  (Unlike
    :func:`radontv.evidence.combine_verdicts`, which combines independent pieces of evidence for one claim, one
    consistent instance keeps the whole from being proved.)"""
    vs = list(verdicts)
    for bad in (Verdict.ERROR, Verdict.REFUTED, Verdict.UNDETERMINED):
        if bad in vs:
            return bad
    return Verdict.PROVED if vs and all(v is Verdict.PROVED for v in vs) else Verdict.CONSISTENT


def _comparisons(value: Any) -> tuple[Any, ...]:
    import numpy as np

    from .comparisons import Comparison, holds

    items = list(value) if isinstance(value, list | tuple) else [value]
    out = []
    for item in items:
        if isinstance(item, bool | np.bool_):
            item = holds(bool(item))
        if not isinstance(item, Comparison):
            raise TypeError(f"a claim returns radontv.equal/at_most/at_least comparisons (or a list of them, or a "
                            f"bool), got {type(item).__name__}: {item!r}")
        out.append(item)
    if not out:
        raise TypeError("the claim returned an empty list: no comparison to judge")
    return tuple(out)


def _exception(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


def run_user_check(claim: UserClaim, *, dps: int | None = None, examples: int | None = None,
                   seed: int = 0) -> EvidenceReport:
    """The numeric evidence of a user claim: its function run on inputs drawn by hypothesis.

    ``examples`` inputs (default: the claim's ``examples=``, else 100) are drawn from the claim's strategies with
    ``hypothesis.seed(seed)`` and no example database (the same seed draws the same inputs on every run and
    machine), drawn and evaluated inside ``mpmath.workdps(dps)`` (default 50).  An input is *refuted* when a returned
    comparison is refuted, a returned bool is ``False`` or the function raises ``AssertionError``; *error* when it
    raises anything else or returns something that is not a comparison; otherwise the verdict of all its comparisons
    (:func:`every`).  The first refuted or error input stops the search and hypothesis shrinks it to a minimal input
    failing the same way: the counterexample (``counterexample``: the call, its arguments in a structured form and
    the comparisons).  ``hypothesis.assume(...)`` inside a claim discards an input.  ``instances`` counts the
    inputs examined until the first failure (shrinking attempts are not counted).
    """
    import mpmath
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as seeded

    from .user_claims import DEFAULT_DPS, DEFAULT_EXAMPLES

    if examples is not None and (isinstance(examples, bool) or not isinstance(examples, int) or examples < 1):
        raise InvalidInput(f"examples must be a positive integer, got {examples!r}")
    dps = DEFAULT_DPS if dps is None else validate_dps(dps)
    examples = examples or claim.examples or DEFAULT_EXAMPLES
    seen: list[Outcome] = []
    failing: list[Outcome] = []

    def body(drawn: tuple[tuple[Any, ...], dict[str, Any]]) -> None:
        outcome = evaluate(claim, drawn[0], drawn[1], dps)
        if not failing:
            seen.append(outcome)
        if outcome.verdict in (Verdict.REFUTED, Verdict.ERROR):
            failing.append(outcome)
            if outcome.verdict is Verdict.REFUTED:
                raise _Refuted(outcome)
            raise _Errored(outcome)

    config = settings(max_examples=examples, derandomize=False, database=None, deadline=None,
                      phases=(Phase.explicit, Phase.generate, Phase.shrink), verbosity=Verbosity.quiet,
                      suppress_health_check=list(HealthCheck), report_multiple_bugs=False, print_blob=False)
    test = seeded(seed)(config(given(claim.inputs)(body)))
    route = f"hypothesis: inputs drawn with seed {seed}, evaluated at dps {dps}"
    start = time.perf_counter()
    final: Outcome | None = None
    try:
        with mpmath.workdps(dps):  # inputs are drawn (strategies that compute mp values) at the working precision too
            test()
    except (_Refuted, _Errored) as exc:
        final = exc.outcome
    except Exception as exc:  # hypothesis could not run the search (an invalid strategy, no valid input, ...)
        return EvidenceReport("numeric", Verdict.ERROR, time.perf_counter() - start, dps=dps, instances=len(seen),
                              route=route, message=f"hypothesis: {_exception(exc)}")
    seconds = time.perf_counter() - start
    if final is not None:
        return _failure(claim, final, seconds, dps, len(seen), route)
    if not seen:
        return EvidenceReport("numeric", Verdict.UNDETERMINED, seconds, dps=dps, instances=0, route=route,
                              message="no input was examined (every input discarded?)")
    verdict = every(o.verdict for o in seen)
    weakest = {Verdict.PROVED: 0, Verdict.CONSISTENT: 1, Verdict.UNDETERMINED: 2}
    # every outcome seen here returned comparisons (an error or a refutation ended the search above, and
    # _comparisons refuses an empty list), so its worst is set
    worst_outcome = max(seen, key=lambda o: (_mp(o.worst.residual if o.worst is not None else None),
                                             weakest[o.verdict]))
    worst = cast("Comparison", worst_outcome.worst)
    exact = all(c.dps is None for o in seen for c in o.comparisons)
    return EvidenceReport("numeric", verdict, seconds, residual=worst.residual, digits=worst.digits,
                          dps=None if exact else dps, instances=len(seen), route=route,
                          message=f"{len(seen)} inputs; worst: {worst!r}",
                          worst_instance=call_text(claim, worst_outcome))


def _failure(claim: UserClaim, final: Outcome, seconds: float, dps: int, instances: int,
             route: str) -> EvidenceReport:
    worst = final.worst
    call = call_text(claim, final)
    if final.verdict is Verdict.REFUTED:
        what = repr(worst) if worst is not None else final.message
        message = f"minimal counterexample {call}: {what}"
    else:
        message = f"{call}: {final.message}"
    counterexample = {
        "call": call,
        "args": [structured(a) for a in final.args],
        "kwargs": {k: structured(v) for k, v in final.kwargs.items()},
        "comparisons": [c.as_dict() for c in final.comparisons],
        "message": final.message,
    }
    exact = worst is not None and all(c.dps is None for c in final.comparisons)
    return EvidenceReport("numeric", final.verdict, seconds, residual=None if worst is None else worst.residual,
                          digits=None if worst is None else worst.digits, dps=None if exact else dps,
                          instances=instances, route=route + ", shrunk by hypothesis", message=message,
                          worst_instance=call, counterexample=counterexample)


def call_text(claim: UserClaim, outcome: Outcome) -> str:
    """The call ``name(arg, ..., key=value)`` of an input, with the arguments' reprs."""
    parts = [repr(a) for a in outcome.args] + [f"{k}={v!r}" for k, v in outcome.kwargs.items()]
    return f"{getattr(claim.function, '__name__', claim.id)}({', '.join(parts)})"


def structured(x: Any) -> Any:
    """A JSON form of an input: exact numbers as strings (``"3/4"``), floats as numbers, mpf as decimal strings,
    arrays and sequences as lists, a :class:`~radontv.ReLUNetwork` as its weights; anything else as its repr."""
    import mpmath
    import numpy as np

    from .network import ReLUNetwork

    if x is None or isinstance(x, bool | str):
        return x
    if isinstance(x, int | np.integer):
        return int(x)
    if isinstance(x, Fraction):
        return str(x)
    if isinstance(x, float | np.floating):
        return float(x) if np.isfinite(x) else str(float(x))  # JSON has no nan or inf
    if isinstance(x, mpmath.mpf):  # every digit its mantissa carries, whatever the current precision
        return mpmath.nstr(x, mpmath.libmp.prec_to_dps(max(int(x._mpf_[3]), 1)) + 2)
    if isinstance(x, np.ndarray | list | tuple):
        return [structured(v) for v in x]
    if isinstance(x, dict):
        return {str(k): structured(v) for k, v in x.items()}
    if isinstance(x, ReLUNetwork):
        out = "V" if x.vector_valued else "v"
        return {"type": "ReLUNetwork", "arithmetic": x.arithmetic, "W": structured(x.W), "b": structured(x.b),
                out: structured(x.V if x.vector_valued else x.v), "c": structured(x.c), "c0": structured(x.c0)}
    return {"type": type(x).__name__, "repr": repr(x)}


def _mp(x: Any) -> Any:
    """A residual as an ``mpf`` for ordering (:func:`radontv.scalars.to_mpf`); no residual (``None``) orders as 0."""
    import mpmath

    from .scalars import to_mpf  # numpy: imported when a claim runs, not with the CLI

    return mpmath.mpf(0) if x is None else to_mpf(x)
