"""Run the evidence of claims: derivations, numeric checks and (optionally) property tests.

The runner resolves a claim's evidence references (see :mod:`radontv.claims`) only when asked, times each piece, and
never lets an exception escape: a piece of evidence that raises is reported with verdict ``error`` and the message.
A user's own claim (:class:`radontv.user_claims.UserClaim`) has its derivation, if any, run the same way, and its
numeric evidence gathered by :func:`radontv.user_claims.search.run_user_check` (inputs drawn by hypothesis).
"""

from __future__ import annotations

import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .claims import Claim
from .errors import InvalidInput
from .evidence import CheckResult, Derivation, Verdict, combine_verdicts, json_digits, json_number

__all__ = ["ClaimReport", "EvidenceReport", "run_claim", "tests_root"]

EvidenceKind = Literal["derivation", "numeric", "property"]


@dataclass(frozen=True)
class EvidenceReport:
    """The outcome of one piece of evidence, as reported by ``radontv check``."""

    kind: EvidenceKind
    verdict: Verdict
    seconds: float
    residual: Any = None
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

    claim: Claim | Any  # a built-in Claim or a radontv.user_claims.UserClaim
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


def run_derivation(claim: Claim | Any) -> EvidenceReport | None:
    """Run the claim's sympy derivation (``None`` when the claim has none)."""
    if claim.derivation is None:
        return None
    start = time.perf_counter()
    try:
        derived = claim.load_derivation()()
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


def run_claim(claim: Claim | Any, *, dps: int | None = None, examples: int | None = None, seed: int = 0,
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
        from .user_claims.search import run_user_check

        reports.append(run_user_check(claim, dps=dps, examples=examples, seed=seed))
        return ClaimReport(claim, tuple(reports))
    reports.append(run_check(claim, dps=dps, examples=examples, seed=seed))
    if properties:
        reports.append(run_properties(claim, profile=profile))
    return ClaimReport(claim, tuple(reports))
