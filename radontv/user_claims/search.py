"""Running a user claim: inputs drawn by hypothesis, evaluated at the working precision, refutations shrunk.

The claim's function runs on ``examples`` inputs drawn from its strategies with hypothesis, seeded by the run's
``--seed`` (``hypothesis.seed``; no example database, so the same seed draws the same inputs on every run and
machine), each inside ``mpmath.workdps(dps)``.  An input is

* **refuted** when a returned comparison is refuted, a returned bool is ``False`` or the function raises
  ``AssertionError`` (an ``assert`` of a comparison that does not hold);
* **error** when the function raises anything else, or returns something that is not a comparison;
* otherwise the combination of its comparisons' verdicts (``proved``, ``consistent`` or ``undetermined``).

The first refuted or error input stops the search, and hypothesis shrinks it to a minimal input that fails the same
way: the reported counterexample.  ``hypothesis.assume(...)`` inside a claim discards an input.  The number of
instances reported counts the inputs examined until the first failure (shrinking attempts are not counted).
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np

from ..comparisons import Comparison, holds
from ..evidence import Verdict
from ..runner import EvidenceReport
from .record import DEFAULT_DPS, DEFAULT_EXAMPLES, UserClaim

__all__ = ["Outcome", "evaluate", "every", "run_user_check", "structured"]


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


def every(verdicts: Any) -> Verdict:
    """The verdict of "all of these hold": ``error``, ``refuted`` or ``undetermined`` if any is (in that order),
    ``proved`` only when all are proved, else ``consistent``.  (Unlike
    :func:`radontv.evidence.combine_verdicts`, which combines independent pieces of evidence for one claim, one
    consistent instance keeps the whole from being proved.)"""
    vs = list(verdicts)
    for bad in (Verdict.ERROR, Verdict.REFUTED, Verdict.UNDETERMINED):
        if bad in vs:
            return bad
    return Verdict.PROVED if vs and all(v is Verdict.PROVED for v in vs) else Verdict.CONSISTENT


def _comparisons(value: Any) -> tuple[Comparison, ...]:
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
    """Draw inputs for ``claim`` with hypothesis and judge each (module docstring); the evidence report of kind
    ``numeric`` with the verdict, instances, worst residual and, when refuted or in error, the minimal
    counterexample (``counterexample``: the call, its arguments in a structured form and the comparisons)."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as seeded

    dps = DEFAULT_DPS if dps is None else dps
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
    worst_outcome = max(seen, key=lambda o: (_mp(o.worst.residual), weakest[o.verdict]))
    worst = worst_outcome.worst
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
    from ..network import ReLUNetwork

    if x is None or isinstance(x, bool | str):
        return x
    if isinstance(x, int | np.integer):
        return int(x)
    if isinstance(x, Fraction):
        return str(x)
    if isinstance(x, float | np.floating):
        return float(x)
    if isinstance(x, mpmath.mpf):
        return mpmath.nstr(x, mpmath.mp.dps)
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
    if x is None:
        return mpmath.mpf(0)
    if isinstance(x, Fraction):
        return mpmath.mpf(x.numerator) / x.denominator
    return mpmath.mpf(x)
