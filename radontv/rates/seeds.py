"""Many seeds of the catalog's numeric checks on the engine (``radontv check --seeds N``).

A numeric check ``check(*, dps, examples, seed)`` draws its random instances from ``seed``; running it for seeds
``s, s + 1, ..., s + N - 1`` examines N times as many instances.  Each (claim, seed) is one task of the rate engine
(:func:`radontv.rates.engine.run_tasks`): the task function :func:`check_task` resolves the claim by its id inside
the worker, runs its check through :func:`radontv.runner.run_check` (which turns an exception into the verdict
``error``) and returns JSON-able values, so the outcome of each seed is the same on every engine.  Per claim,
:class:`SeedReport` tallies the verdicts, the instances examined and the first counterexample (the lowest seed whose
check refutes the claim).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..claims import Claim
from ..errors import InvalidInput
from ..evidence import Verdict, combine_verdicts, json_digits, json_number

if TYPE_CHECKING:
    from .tasks import Task

__all__ = ["EXPERIMENT", "SeedReport", "check_task", "run_seeds", "seed_tasks"]

#: The ``experiment`` field of the tasks (part of each task's key, hence of its cache file name).
EXPERIMENT = "check"


def check_task(task: Task) -> dict[str, Any]:
    """Run the numeric check of the claim ``task.param("claim")`` with seed ``task.seed`` (and the task's ``dps`` and
    ``examples`` when set); returns ``{"verdict", "instances", "residual", "digits", "worst_instance", "message"}``."""
    from ..catalog import get
    from ..runner import run_check

    report = run_check(get(task.param("claim")), dps=task.param("dps"), examples=task.param("examples"),
                       seed=task.seed)
    return {
        "verdict": report.verdict.value,
        "instances": int(report.instances or 0),
        "residual": json_number(report.residual),
        "digits": json_digits(report.digits),
        "worst_instance": report.worst_instance,
        "message": report.message,
    }


def seed_tasks(claims: Sequence[Claim], *, seeds: int, seed: int = 0, dps: int | None = None,
               examples: int | None = None) -> list[Any]:
    """One task per (claim, seed) for seeds ``seed .. seed + seeds - 1``, claim by claim."""
    from .tasks import Task

    _check_int(seeds, "seeds", 1)
    _check_int(seed, "seed", 0)
    if not claims:
        raise InvalidInput("claims: no claim selected; give claim ids or family names (see `radontv list`)")
    params: dict[str, Any] = {}
    if dps is not None:
        params["dps"] = dps
    if examples is not None:
        _check_int(examples, "examples", 1)
        params["examples"] = examples
    # d and size are placeholders (a check has neither); the claim id and the seed identify the task.
    return [Task.make(EXPERIMENT, 1, 1, s, claim=claim.id, **params)
            for claim in claims for s in range(seed, seed + seeds)]


def _check_int(value: Any, name: str, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidInput(f"{name}: expected an integer >= {minimum}, got {value!r}")


@dataclass(frozen=True)
class SeedReport:
    """The checks of one claim over many seeds.

    ``counts`` maps each verdict to the number of seeds that gave it; ``verdict`` combines them
    (:func:`radontv.evidence.combine_verdicts`: one refuting seed refutes the claim); ``counterexample`` is the lowest
    refuting seed with its worst instance and message, ``first_error`` the lowest seed whose check raised.
    """

    claim_id: str
    seeds: tuple[int, ...]
    instances: int
    counts: dict[str, int]
    verdict: Verdict
    counterexample: dict[str, Any] | None = None
    first_error: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.claim_id,
            "verdict": self.verdict.value,
            "seeds": len(self.seeds),
            "first_seed": self.seeds[0],
            "instances": self.instances,
            "counts": dict(self.counts),
            "counterexample": self.counterexample,
            "first_error": self.first_error,
        }


def _first(tasks: Sequence[Any], results: Sequence[dict], verdict: Verdict) -> dict[str, Any] | None:
    for task, result in zip(tasks, results, strict=True):
        if result["verdict"] == verdict.value:
            return {"seed": task.seed, "worst_instance": result["worst_instance"], "residual": result["residual"],
                    "message": result["message"]}
    return None


def summarize(tasks: Sequence[Task], results: Sequence[dict]) -> list[SeedReport]:
    """One :class:`SeedReport` per claim, in the order the claims first appear in ``tasks``."""
    by_claim: dict[str, list[tuple[Any, dict]]] = {}
    for task, result in zip(tasks, results, strict=True):
        by_claim.setdefault(task.param("claim"), []).append((task, result))
    reports = []
    for claim_id, pairs in by_claim.items():
        pairs.sort(key=lambda pair: pair[0].seed)
        claim_tasks = [t for t, _ in pairs]
        claim_results = [r for _, r in pairs]
        counter = Counter(r["verdict"] for r in claim_results)
        counts = {v.value: counter.get(v.value, 0) for v in Verdict}
        reports.append(SeedReport(
            claim_id=claim_id,
            seeds=tuple(t.seed for t in claim_tasks),
            instances=sum(int(r["instances"]) for r in claim_results),
            counts=counts,
            verdict=combine_verdicts(Verdict(r["verdict"]) for r in claim_results),
            counterexample=_first(claim_tasks, claim_results, Verdict.REFUTED),
            first_error=_first(claim_tasks, claim_results, Verdict.ERROR),
        ))
    return reports


def run_seeds(claims: Sequence[Claim], *, seeds: int, seed: int = 0, dps: int | None = None,
              examples: int | None = None, scheduler: str | None = None, workers: int | None = None,
              cache: str | Path | None = None, progress: bool = False) -> tuple[list[SeedReport], Any]:
    """Run each claim's numeric check with seeds ``seed .. seed + seeds - 1`` on the engine.

    ``scheduler``, ``workers``, ``cache`` and ``progress`` go to :func:`radontv.rates.engine.run_tasks`.  Returns
    the per-claim reports and the :class:`~radontv.rates.engine.EngineInfo`.
    """
    from .engine import run_tasks

    tasks = seed_tasks(claims, seeds=seeds, seed=seed, dps=dps, examples=examples)
    results, engine = run_tasks(check_task, tasks, scheduler=scheduler, workers=workers, cache=cache,
                                progress=progress)
    return summarize(tasks, results), engine
