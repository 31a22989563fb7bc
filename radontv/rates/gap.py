r"""The generalization gap of weight-decay (low-norm) solutions against the sample size N (catalog F6).

**Claim** ([LQWP] §3.1, READ-2nd, citing Bach 2017 and [PN23]): "for low-norm solutions … the generalization gap
decays at a rate of :math:`\tilde O(n^{-1/4})`", whatever the dimension.  It is an *upper* rate: a gap that decays
faster (e.g. :math:`N^{-1/2}`, the Rademacher rate of a norm ball, [PN21] Thm 10 / catalog D15) agrees with it.  So
the claim is consistent when the measured exponent is at most :math:`-1/4` within its uncertainty — the lower end of
the bootstrap interval is :math:`\le -1/4` — and refuted when the whole interval lies above :math:`-1/4`
(:func:`upper_rate_verdict`).  Negative control (tests): the same data must refute the claim "the gap decays like
:math:`N^{-1}`" whenever the interval lies above :math:`-1`.  The logarithmic factors hidden in :math:`\tilde O` are
not modelled (they shift a fitted exponent by about ``k / log N`` for a factor :math:`\log^k N`).

**Measurement.**  The data, target and estimator are those of :mod:`radontv.rates.estimation` (unit ball, ReLU
ridges, Gaussian noise :math:`\sigma`; the weight-decay estimator with λ chosen by 5-fold cross-validation; d = 1 the
exact minimiser, d ≥ 2 a trained network).  With the squared loss against noisy labels,

.. math:: \widehat{\mathrm{R}}_N = \frac1N\sum_n(\hat f(x_n) - y_n)^2,\qquad
          \mathrm R = \mathbb E_{x, \varepsilon}(\hat f(x) - f(x) - \varepsilon)^2 = \|\hat f - f\|_{L^2}^2 + \sigma^2,

the test risk computed from the noiseless target on the test points plus :math:`\sigma^2` (the noise is independent
of the fit, so the cross term vanishes in expectation: no Monte Carlo noise from fresh labels).  The gap of a task is
:math:`|\mathrm R - \widehat{\mathrm R}_N|`; its exponent is fitted to the mean gap over seeds.  Even for a *fixed*
function :math:`\widehat{\mathrm R}_N` fluctuates by :math:`\sigma^2\sqrt{2/N}` (the noise term alone), so the
measured gap cannot decay faster than about :math:`N^{-1/2}` on average — consistent with the claim, and a reason
the measured exponent says nothing about rates faster than :math:`-1/2`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import InvalidInput
from . import estimation
from .kernel import kfolds
from .slopes import bootstrap_mean, fit_exponent
from .tasks import Profile, Task, seed_for

__all__ = ["CLAIMED_EXPONENT", "NAME", "PROFILES", "run_task", "summarize", "upper_rate_verdict"]

NAME = "gap"
#: The quoted upper rate of the gap, Õ(N^{-1/4}) ([LQWP] §3.1, READ-2nd).
CLAIMED_EXPONENT = -0.25

PROFILES: dict[str, Profile] = {
    "quick": Profile("quick", (1, 2), (32, 64, 128, 256), 6, estimation.PROFILES["quick"].params),
    "full": Profile("full", (1, 2, 5), (64, 128, 256, 512, 1024), 16, estimation.PROFILES["full"].params),
}


def run_task(task: Task) -> dict[str, Any]:
    """One (d, N, seed): the weight-decay fit of :mod:`~radontv.rates.estimation`'s data, its train and test risks
    and their gap.  Pure and deterministic given the task.

    Returns ``{"d", "N", "seed", "train_risk", "test_risk", "gap", "mse", "lam", "at_edge"}``."""
    if task.param("method", "network") != "network":
        raise InvalidInput(f"{NAME}: the gap is measured for the weight-decay network only; drop the 'method' "
                           f"parameter (got {task.param('method')!r})")
    s = estimation.task_settings(task, NAME)
    d, N = task.d, task.size
    X, y = estimation.make_data(d, N, task.seed, neurons=s["neurons"], noise=s["noise"])
    Z = estimation.test_points(d, task.seed, s["test_points"])
    fZ = estimation.evaluate(estimation.make_target(d, task.seed, s["neurons"]), Z)
    # the same folds as the estimation experiment's task (d, N, seed): the fit is the same
    parts = kfolds(N, s["folds"], seed_for(estimation.NAME, "folds", d, task.seed, N) % 2**63)
    predict, info = estimation.network_cv(X, y, parts, lam_steps=s["lam_steps"], width=s["width"],
                                          directions=s["directions"], max_iter=s["max_iter"], seed=task.seed,
                                          network_folds=s["network_folds"])
    mse = float(np.mean((predict(Z) - fZ) ** 2))
    train = float(np.mean((predict(X) - y) ** 2))
    test = mse + s["noise"] ** 2
    return {"d": d, "N": N, "seed": task.seed, "train_risk": train, "test_risk": test, "gap": abs(test - train),
            "signed_gap": test - train, "mse": mse, "lam": info["lam"], "at_edge": info["at_edge"],
            "solver": info["solver"]}


def theory() -> dict[str, Any]:
    """The quoted rate: an upper rate, READ in a secondary source.  ``exponent`` is None because the rate is not a
    value the measured exponent should equal (the runner would print a gap decaying faster as "outside"); the bound
    is ``upper_rate``, judged by :func:`upper_rate_verdict`."""
    return {"exponent": None, "upper_rate": CLAIMED_EXPONENT, "status": "READ-2nd", "relation": "at most",
            "source": "LQWP §3.1 (citing Bach 2017 and PN23): gap of low-norm solutions is O~(n^(-1/4))",
            "claim": "the measured exponent of the gap is at most -1/4 (lower end of its interval <= -1/4)"}


def upper_rate_verdict(interval: Sequence[float], exponent: float = CLAIMED_EXPONENT) -> str:
    """``"consistent"`` when a measured exponent interval ``[lo, hi]`` allows a rate at least as fast as
    ``N^exponent`` (``lo <= exponent``), ``"refuted"`` when the whole interval lies above it (the gap decays
    significantly slower)."""
    lo, hi = float(interval[0]), float(interval[1])
    if not (np.isfinite(lo) and np.isfinite(hi) and lo <= hi):
        raise InvalidInput(f"{NAME}: interval must be finite [lo, hi] with lo <= hi, got {list(interval)!r}")
    return "consistent" if lo <= exponent else "refuted"


def summarize(tasks: Sequence[Task], results: Sequence[dict], *, level: float = 0.95, seed: int = 0
              ) -> list[dict[str, Any]]:
    """One row per d: the exponent of the mean gap over seeds against N, its bootstrap interval, the quoted upper
    rate and the verdict of :func:`upper_rate_verdict`.

    Row keys: ``d``, ``exponent``, ``interval``, ``level``, ``theory``, ``upper_rate_verdict``, ``sizes``, ``seeds``,
    ``errors`` (mean gap per N), ``errors_interval``, ``per_seed``, ``train_risk``, ``test_risk``, ``mse`` (means
    per N) and ``at_edge`` (fraction of tasks whose λ is the smallest of its grid)."""
    wrapped = [{"gap": {"network": r["gap"]}, "train": {"network": r["train_risk"]},
                "test": {"network": r["test_risk"]}, "mse": {"network": r["mse"]}} for r in results]
    grids = {key: estimation.per_seed_errors(tasks, wrapped, experiment=NAME, key=key)
             for key in ("gap", "train", "test", "mse")}
    edges: dict[int, list[bool]] = {}
    for task, result in zip(tasks, results, strict=True):
        edges.setdefault(task.d, []).append(bool(result["at_edge"]))
    rows = []
    for (d, _), (sizes, seeds, gaps) in grids["gap"].items():
        exponent = fit_exponent(sizes, gaps, level=level, seed=seed)
        rows.append({
            "d": d, "exponent": exponent.value, "interval": list(exponent.interval), "level": level,
            "theory": theory(), "upper_rate_verdict": upper_rate_verdict(exponent.interval),
            "sizes": sizes, "seeds": len(seeds), "errors": gaps.mean(axis=0).tolist(),
            "errors_interval": [list(bootstrap_mean(gaps[:, j], level=level, seed=seed)[1:])
                                for j in range(len(sizes))],
            "per_seed": gaps.tolist(),
            "train_risk": grids["train"][(d, "network")][2].mean(axis=0).tolist(),
            "test_risk": grids["test"][(d, "network")][2].mean(axis=0).tolist(),
            "mse": grids["mse"][(d, "network")][2].mean(axis=0).tolist(),
            "at_edge": float(np.mean(edges[d])),
        })
    return rows
