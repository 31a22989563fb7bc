"""One :class:`~radontv.evidence.CheckResult` from several :class:`~radontv.evidence.Agreement` objects.

Checks keep exact and mp comparisons in separate Agreements (exact residuals are Fractions, mp ones mpf, and a
tolerance law applies to the mp ones only); the check's result combines them: the verdict by
:func:`radontv.evidence.combine_verdicts`, the instances summed, the worst instance, residual and digits from one part
with the combined verdict.
"""

from __future__ import annotations

from radontv.evidence import Agreement, CheckResult, combine_verdicts

__all__ = ["combine"]


def combine(*agreements: Agreement, prefer_last: bool = False) -> CheckResult:
    """The combined result of ``agreements`` (those with no instance are skipped; if none has one, the result of the
    first, or with ``prefer_last`` the last).  The worst instance comes from the first part with the combined verdict
    (``prefer_last``: the last), the working precision is the largest of the parts'."""
    parts = [a.result() for a in agreements if a.instances]
    if not parts:
        return agreements[-1 if prefer_last else 0].result()
    verdict = combine_verdicts(r.verdict for r in parts)
    worst = next(r for r in (reversed(parts) if prefer_last else parts) if r.verdict == verdict)
    return CheckResult(
        claim_id=worst.claim_id, verdict=verdict, residual=worst.residual, digits=worst.digits,
        dps=max((r.dps for r in parts if r.dps is not None), default=None),
        instances=sum(r.instances for r in parts), worst_instance=worst.worst_instance,
        route="; ".join(r.route for r in parts), message="; ".join(r.message for r in parts if r.message),
        tolerance="; ".join(r.tolerance for r in parts))
