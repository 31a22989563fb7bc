r"""Rates: why networks do well in high dimensions, measured (claim family ``rates``; walk-through ``docs/rates.md``).

A rate experiment is a grid of seeded tasks (dimension d, width K or sample size N, seed): build a target,
approximate or estimate it, measure the error, and fit the log-log exponent with a bootstrap interval over seeds.

* :mod:`radontv.rates.tasks` — :class:`Task`, :class:`Profile` and the seeding rule (every number depends only on
  the task's parameters, so a local run and a cluster run agree);
* :mod:`radontv.rates.engine` — :func:`run_tasks` on Dask (embedded local cluster, synchronous scheduler, or an
  existing cluster by address) with an on-disk cache;
* :mod:`radontv.rates.slopes` — :class:`Exponent` and :func:`fit_exponent`;
* experiments: :mod:`~radontv.rates.maurey` (catalog F1, F2), :mod:`~radontv.rates.rademacher` (D15),
  :mod:`~radontv.rates.estimation` (F3, F4), :mod:`~radontv.rates.gap` (F6);
* :mod:`radontv.rates.experiments` — :func:`run_experiment` and :class:`RateReport` (what ``radontv rates`` prints).

Names are imported from their module on first use (PEP 562), so ``import radontv.rates`` loads neither numpy nor
Dask.
"""

from __future__ import annotations

from .._lazy import lazy_names

#: Public names and the module each lives in.
_LAZY = {
    "Task": ".tasks",
    "Profile": ".tasks",
    "seed_for": ".tasks",
    "run_tasks": ".engine",
    "EngineInfo": ".engine",
    "EngineUnavailable": ".engine",
    "CacheMismatch": ".cache",
    "Exponent": ".slopes",
    "fit_exponent": ".slopes",
    "RateReport": ".experiments",
    "run_experiment": ".experiments",
    "EXPERIMENTS": ".experiments",
}

__all__ = sorted(_LAZY)


__getattr__, __dir__ = lazy_names(globals(), _LAZY)
