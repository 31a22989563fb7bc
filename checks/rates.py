r"""Numeric checks of the rates family: measured exponents and bounds against the stated values.

Each measured ``check_<name>(*, dps=None, examples=None, seed=0, <piece>=...)`` runs the quick profile of an
experiment of :mod:`radontv.rates` through :func:`radontv.rates.engine.run_tasks` with Dask's synchronous scheduler
(check seed ``s`` runs the task seeds ``s·S, ..., s·S + S − 1`` for S seeds per (d, size), so that different check
seeds — ``radontv check --seeds N`` — are independent batches; ``examples`` overrides S) and summarizes it with
the experiment module's ``summarize()``.  The verdict is decided here, once (:func:`judge`):

* an **exponent** claim is ``consistent`` when every dimension's bootstrap interval over seeds contains the stated
  exponent, ``refuted`` otherwise; the residual is how far the stated value lies outside the worst interval (0 inside);
* an **inequality** (a bound, a ceiling) is ``consistent`` when it holds with its uncertainty (the end of the
  interval on the side of the inequality satisfies it) and ``refuted`` when the whole interval violates it;
* never ``proved``: a finite Monte Carlo experiment on specific targets cannot prove a rate.

The intervals are **simultaneous**: with m dimensions each interval is a percentile bootstrap at level
:math:`1 - 0.05/m` (Bonferroni), so that all of them contain the true values together with probability >= 95 %;
"every d's interval contains the stated value" is then a 95 % statement, not m of them.

The stated values come from the derivations (:mod:`radontv.theory.rates`) or from the sources; the piece under test is
a keyword argument (``exponent=``, ``bound=``, ``ceiling=``, ``constant=``), so a test can hand in a wrong variant —
the exponent :math:`-1/d` for Maurey, a d-independent kernel exponent, a Rademacher bound missing :math:`\sqrt N` —
and watch the verdict become ``refuted``.

``check_gaussian_finite`` is a high-precision check (mpmath, ``dps`` digits) of R-TV² of the Gaussian for
d = 1..10: the implementation against a second route and the derived finite bound.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Sequence
from typing import Any

import mpmath
import sympy
from radontv.theory import rates as theory

from radontv.errors import InvalidInput
from radontv.evidence import Agreement, CheckResult, Verdict
from radontv.rates.experiments import simultaneous_level  # the one joint-interval rule, shared with `radontv rates`

__all__ = [
    "LEVEL",
    "Judgement",
    "check_gaussian_finite",
    "check_generalization_gap",
    "check_linear_curse",
    "check_maurey_rate",
    "check_network_estimation",
    "check_rademacher",
    "check_vector_maurey",
    "judge",
    "measure",
    "run_experiment",
    "simultaneous_level",
]

#: The joint confidence level of the intervals of one check (all dimensions together).
LEVEL = 0.95
ROUTE = "Monte Carlo, bootstrap 95% interval over seeds (simultaneous over d, Bonferroni)"


# -- running an experiment ------------------------------------------------------------------------------------------
def _seeds(examples: int | None) -> int | None:
    if examples is None:
        return None
    if isinstance(examples, bool) or not isinstance(examples, int) or examples < 2:
        raise InvalidInput(f"examples (seeds per cell) must be an integer >= 2 (a bootstrap needs 2 seeds), "
                           f"got {examples!r}")
    return examples


def _validate(dps: int | None, seed: int) -> None:
    if dps is not None and (isinstance(dps, bool) or not isinstance(dps, int) or dps < 1):
        raise InvalidInput(f"dps must be a positive integer or None, got {dps!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidInput(f"seed must be a non-negative integer, got {seed!r}")


@functools.lru_cache(maxsize=16)
def run_experiment(experiment: str, profile: str, seeds: int | None, seed: int, dims: tuple[int, ...] | None = None
         ) -> tuple[tuple[Any, ...], tuple[dict, ...]]:
    """The tasks and results of one experiment's profile (cached in this process: the same numbers every time)."""
    from radontv.rates.engine import run_tasks
    from radontv.rates.experiments import resolve

    module = resolve(experiment)
    grid = module.PROFILES[profile]
    if seeds is not None:
        grid = dataclasses.replace(grid, seeds=seeds)
    tasks = grid.tasks(module.NAME, dims=dims, seed=seed * grid.seeds)  # disjoint batches for different check seeds
    results, _ = run_tasks(module.run_task, tasks, scheduler="synchronous")
    return tuple(tasks), tuple(results)


_run = run_experiment  # the former private name (tests/test_rates.py imports it)


def _dims(dims: Sequence[int] | None) -> tuple[int, ...] | None:
    if dims is None:
        return None
    if isinstance(dims, str | bytes) or not all(isinstance(d, int) and not isinstance(d, bool) and d >= 1
                                                 for d in dims) or not dims:
        raise InvalidInput(f"dims must be a non-empty sequence of integers >= 1, got {dims!r}")
    return tuple(dims)


def measure(experiment: str, *, profile: str = "quick", examples: int | None = None, seed: int = 0,
            dims: Sequence[int] | None = None, level: float | None = None) -> list[dict[str, Any]]:
    """The summary rows of ``experiment``'s ``profile`` (synchronous scheduler; ``dims`` overrides the profile's
    dimensions), intervals at ``level`` (default: simultaneous 95 % over the dimensions)."""
    from radontv.rates.experiments import resolve

    module = resolve(experiment)
    tasks, results = run_experiment(experiment, profile, _seeds(examples), seed, _dims(dims))
    if level is None:
        level = simultaneous_level(len({task.d for task in tasks}))
    return module.summarize(list(tasks), list(results), level=level, seed=seed)


# -- verdicts -------------------------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Judgement:
    """One comparison of a check: what was compared, its residual (>= 0; 0 when the statement holds) and whether an
    overlap leaves it open (``undetermined``)."""

    instance: str
    residual: float
    open: bool = False


def outside(value: float, interval: Sequence[float]) -> float:
    """How far ``value`` lies outside the closed interval (0 inside)."""
    lo, hi = float(interval[0]), float(interval[1])
    return max(0.0, lo - value, value - hi)


def judge(claim_id: str, judgements: Sequence[Judgement], lines: Sequence[str], *, instances: int,
          route: str = ROUTE, tolerance: str = "") -> CheckResult:
    """``consistent`` when every residual is 0, ``refuted`` when one is positive and not open, else
    ``undetermined``; the residual and the worst instance are the largest."""
    if not judgements:
        return CheckResult(claim_id, Verdict.UNDETERMINED, route=route, message="no comparison was made")
    for j in judgements:
        if not math.isfinite(j.residual) or j.residual < 0:
            raise InvalidInput(f"{claim_id}: residual of {j.instance} must be finite and >= 0, got {j.residual!r}")
    worst = max(judgements, key=lambda j: j.residual)
    if worst.residual == 0:
        verdict = Verdict.CONSISTENT
    elif any(j.residual > 0 and not j.open for j in judgements):
        verdict = Verdict.REFUTED
        worst = max((j for j in judgements if not j.open), key=lambda j: j.residual)
    else:
        verdict = Verdict.UNDETERMINED
    return CheckResult(claim_id, verdict, residual=worst.residual, instances=instances,
                       worst_instance=worst.instance, route=route, message="; ".join(lines),
                       tolerance=tolerance or "the stated value must lie in every simultaneous 95% interval")


def _fmt(x: float) -> str:
    return f"{x:.3g}"


def _interval(iv: Sequence[float]) -> str:
    return f"[{_fmt(iv[0])}, {_fmt(iv[1])}]"


def _tasks_count(experiment: str, examples: int | None, seed: int, dims: Sequence[int] | None,
                 profile: str = "quick") -> int:
    return len(run_experiment(experiment, profile, _seeds(examples), seed, _dims(dims))[0])


@functools.cache
def _derived(name: str) -> Any:
    """A derivation of :mod:`radontv.theory.rates`, run once per process."""
    return getattr(theory, name)()


def _stated(name: str) -> float:
    return float(_derived(name).results["exponent"])


def _exponent_judgements(rows: Sequence[dict], stated: Callable[[int], float], what: str
                         ) -> tuple[list[Judgement], list[str]]:
    judgements, lines = [], []
    for row in rows:
        d, value = row["d"], float(stated(row["d"]))
        tag = f"{what} d={d}" + (f", D={row['outputs']}" if row.get("outputs", 1) != 1 else "")
        judgements.append(Judgement(f"{tag}: stated {_fmt(value)} vs {_interval(row['interval'])}",
                                    outside(value, row["interval"])))
        lines.append(f"{tag}: exponent {_fmt(row['exponent'])} in {_interval(row['interval'])}, stated {_fmt(value)}")
    return judgements, lines


def _ratio_judgements(rows: Sequence[dict], key: str, what: str) -> list[Judgement]:
    """Mean-square ratios (error/bound)^2 over seeds: the bound holds with its uncertainty when the lower end of each
    interval is <= 1; the residual is the relative excess of that lower end."""
    out = []
    for row in rows:
        for size, iv in zip(row["sizes"], row[key + "_interval"], strict=True):
            out.append(Judgement(f"{what} d={row['d']}, size {size}: mean (error/bound)^2 in {_interval(iv)}",
                                 max(0.0, float(iv[0]) - 1.0)))
    return out


# -- Maurey (F1, F2) ------------------------------------------------------------------------------------------------
def check_maurey_rate(*, dps: int | None = None, examples: int | None = None, seed: int = 0,
                      dims: Sequence[int] | None = None, exponent: Callable[[int], float] | None = None) -> CheckResult:
    r"""Maurey's K-term error decays as :math:`K^{-1/2}` in every d ([SPLN24] §3.2.1 eqs. (22)-(24); catalog F1).

    Every d's interval must contain ``exponent(d)`` (default: the derivation's -1/2; negative control
    :math:`-1/d`), and the mean square over seeds must not exceed :math:`(\|\nu\|C)^2/K` (the derived bound, with its
    uncertainty).  ``dps`` is accepted for the common interface and unused (Monte Carlo in double precision).
    """
    _validate(dps, seed)
    stated = exponent or (lambda d: _stated("derive_maurey_rate"))
    rows = measure("maurey", examples=examples, seed=seed, dims=dims)
    judgements, lines = _exponent_judgements(rows, stated, "Maurey")
    judgements += _ratio_judgements(rows, "ms_ratio", "bound ||nu|| C K^-1/2")
    return judge("rates.maurey_rate", judgements, lines, instances=_tasks_count("maurey", examples, seed, dims))


def check_vector_maurey(*, dps: int | None = None, examples: int | None = None, seed: int = 0,
                        dims: Sequence[int] | None = None,
                        exponent: Callable[[int], float] | None = None) -> CheckResult:
    r"""Vector-valued Maurey: exponent -1/2 for D = 3 outputs and SPLN24 Thm 3's bound
    :math:`C_\sigma D^{3/2}\|\nu\|K^{-1/2}` (with :math:`C_0 = 1`) on the mean square ([SPLN24] Thm 3; catalog F2)."""
    _validate(dps, seed)
    stated = exponent or (lambda d: _stated("derive_vector_maurey"))
    rows = measure("maurey", profile="quick_vector", examples=examples, seed=seed, dims=dims)
    judgements, lines = _exponent_judgements(rows, stated, "vector Maurey")
    judgements += _ratio_judgements(rows, "thm3_ms_ratio", "Thm 3 bound C D^3/2 ||nu|| K^-1/2")
    judgements += _ratio_judgements(rows, "ms_ratio", "bound ||nu|| C K^-1/2")
    return judge("rates.vector_maurey", judgements, lines,
                 instances=_tasks_count("maurey", examples, seed, dims, "quick_vector"))


# -- Rademacher (D15) -----------------------------------------------------------------------------------------------
def _log_slope(sizes: Sequence[int], values: Sequence[float]) -> float:
    """Least-squares slope of log(values) against log(sizes)."""
    x = [math.log(n) for n in sizes]
    y = [math.log(v) for v in values]
    mx, my = sum(x) / len(x), sum(y) / len(y)
    return sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True)) / sum((a - mx) ** 2 for a in x)


def check_rademacher(*, dps: int | None = None, examples: int | None = None, seed: int = 0,
                     dims: Sequence[int] | None = None,
                     bound: Callable[[int, float, float], float] | None = None) -> CheckResult:
    r""":math:`R(F) \le 2BC/\sqrt N` for the unit-norm single-neuron class, a bound tight in rate
    ([PN21] Thm 10, eq. (22); catalog D15).

    ``bound(N, B, C)`` is the piece under test (default :math:`2BC/\sqrt N`).  Two comparisons per d: (i) the
    inequality at every N holds with its uncertainty (the lower end of the interval of the mean complexity over
    seeds is <= the bound); (ii) the bound captures the rate: the complexity does not decay faster than the bound,
    i.e. the upper end of the measured exponent's interval is >= the bound's own log-log slope over the grid (-1/2
    for the stated bound; a single fixed neuron already gives :math:`\asymp N^{-1/2}`, see
    :mod:`radontv.rates.rademacher`).  Pre-asymptotic flattening at small N (a measured exponent above -1/2) is
    allowed by (ii) and still bounded by (i).  A bound missing :math:`\sqrt N` (slope 0) fails (ii); one with N in
    place of :math:`\sqrt N` fails (i).
    """
    _validate(dps, seed)
    stated = bound or (lambda n, b, c: 2 * b * c / math.sqrt(n))
    rows = measure("rademacher", examples=examples, seed=seed, dims=dims)
    tasks = run_experiment("rademacher", "quick", _seeds(examples), seed, _dims(dims))[0]
    judgements, lines = [], []
    for row in rows:
        B = 1.0  # the experiment's class has path norm <= B = 1
        C = float(next(t.param("C") for t in tasks if t.d == row["d"]))
        values = [float(stated(n, B, C)) for n in row["sizes"]]
        slope = _log_slope(row["sizes"], values)
        judgements.append(Judgement(f"d={row['d']}: exponent {_interval(row['interval'])} >= bound slope "
                                    f"{_fmt(slope)}", max(0.0, slope - float(row["interval"][1]))))
        for n, v, iv in zip(row["sizes"], values, row["errors_interval"], strict=True):
            judgements.append(Judgement(f"d={row['d']}, N={n}: R(F) in {_interval(iv)} vs bound {_fmt(v)}",
                                        max(0.0, float(iv[0]) - v) / v))
        ratio = max(e / v for e, v in zip(row["errors"], values, strict=True))
        lines.append(f"d={row['d']}: exponent {_fmt(row['exponent'])} in {_interval(row['interval'])}, bound slope "
                     f"{_fmt(slope)}; largest mean R(F)/bound {_fmt(ratio)}")
    return judge("rates.rademacher", judgements, lines, instances=_tasks_count("rademacher", examples, seed, dims),
                 tolerance="the bound holds at every N within the interval; the exponent's interval reaches its slope")


# -- estimation (F3, F4) --------------------------------------------------------------------------------------------
def _method_rows(rows: Sequence[dict], method: str) -> list[dict]:
    chosen = [r for r in rows if r.get("method") == method]
    if not chosen:
        raise InvalidInput(f"the estimation summary has no rows of method {method!r}; "
                           f"methods present: {sorted({r.get('method') for r in rows})}")
    return sorted(chosen, key=lambda r: r["d"])


def _conjecture_note(row: dict, conjectured: Callable[[int], Any]) -> str:
    value = -float(conjectured(row["d"]))
    side = "inside" if outside(value, row["interval"]) == 0 else "outside"
    return f"conjectured {_fmt(value)} (UNCONFIRMED) {side}"


def check_network_estimation(*, dps: int | None = None, examples: int | None = None, seed: int = 0,
                             dims: Sequence[int] | None = None, ceiling: Callable[[int], float] | None = None,
                             exponent: Callable[[int], float] | None = None) -> CheckResult:
    r"""The weight-decay estimator's MSE exponent does not degrade with d: it stays at or below the dimension-free
    ceiling -1/2 in every d ([PN23] abstract; catalog F3; the derivation shows the conjectured
    :math:`-(d+3)/(2d+3) < -1/2` for every d).

    Default: the inequality ``exponent <= ceiling(d)`` (default -1/2) must hold with its uncertainty (the interval's
    lower end at or below the ceiling) in every d.  With ``exponent=`` given instead, every interval must contain
    ``exponent(d)`` (e.g. the negative control: the kernel's cursed :math:`-3/(d+3)`).  The conjectured
    :math:`-(d+3)/(2d+3)` (UNCONFIRMED) is listed next to each measured exponent, never used for the verdict.
    """
    _validate(dps, seed)
    rows = _method_rows(measure("estimation", examples=examples, seed=seed, dims=dims), "network")
    judgements, lines = [], []
    for row in rows:
        d, iv = row["d"], row["interval"]
        note = _conjecture_note(row, theory.conjectured_network_exponent)
        if exponent is not None:
            value = float(exponent(d))
            judgements.append(Judgement(f"network d={d}: stated {_fmt(value)} vs {_interval(iv)}", outside(value, iv)))
        else:
            value = float(ceiling(d)) if ceiling is not None else -float(_derived("derive_network_estimation")
                                                                           .results["ceiling"])
            judgements.append(Judgement(f"network d={d}: exponent <= {_fmt(value)} vs {_interval(iv)}",
                                        max(0.0, float(iv[0]) - value)))
        lines.append(f"network d={d}: exponent {_fmt(row['exponent'])} in {_interval(iv)}, {note}")
    count = _tasks_count("estimation", examples, seed, dims)
    return judge("rates.network_estimation", judgements, lines, instances=count,
                 tolerance="exponent <= ceiling must hold within every interval (or the stated exponent lie in it)")


def check_linear_curse(*, dps: int | None = None, examples: int | None = None, seed: int = 0,
                       dims: Sequence[int] | None = None,
                       exponent: Callable[[int], float] | None = None) -> CheckResult:
    r"""The kernel method's MSE exponent degrades with d ([PN23] abstract; catalog F4).

    Default: the exponent at the largest d must exceed (be less negative than) the exponent at the smallest d
    beyond both intervals — ``consistent``; ``refuted`` when it is smaller beyond both intervals (the method improves
    with d); ``undetermined`` when the intervals overlap.  With ``exponent=`` given (e.g. the negative control: a
    d-independent exponent such as -3/4 in every d), every interval must contain ``exponent(d)``.  The conjectured
    :math:`-3/(d+3)` (UNCONFIRMED) is listed, never used for the verdict: it is a worst case over the class, not the
    exponent of one target.
    """
    _validate(dps, seed)
    rows = _method_rows(measure("estimation", examples=examples, seed=seed, dims=dims), "kernel")
    lines = [f"kernel d={r['d']}: exponent {_fmt(r['exponent'])} in {_interval(r['interval'])}, "
             f"{_conjecture_note(r, theory.conjectured_kernel_exponent)}" for r in rows]
    if exponent is not None:
        judgements = [Judgement(f"kernel d={r['d']}: stated {_fmt(float(exponent(r['d'])))} vs "
                                f"{_interval(r['interval'])}", outside(float(exponent(r["d"])), r["interval"]))
                      for r in rows]
    else:
        if len(rows) < 2:
            raise InvalidInput("check_linear_curse needs at least two dimensions to see a trend")
        low, high = rows[0], rows[-1]
        lo_hi, hi_lo = float(low["interval"][1]), float(high["interval"][0])
        degrade = max(0.0, lo_hi - hi_lo)  # 0 when the high-d interval lies entirely above the low-d one
        improves = float(high["interval"][1]) < float(low["interval"][0])
        judgements = [Judgement(f"kernel exponent at d={high['d']} {_interval(high['interval'])} vs d={low['d']} "
                                f"{_interval(low['interval'])}", degrade, open=not improves)]
    return judge("rates.linear_curse", judgements, lines, instances=_tasks_count("estimation", examples, seed, dims),
                 tolerance="the largest-d interval must lie above the smallest-d interval (or contain the stated "
                           "values)")


# -- generalization gap (F6) ----------------------------------------------------------------------------------------
def check_generalization_gap(*, dps: int | None = None, examples: int | None = None, seed: int = 0,
                             dims: Sequence[int] | None = None, ceiling: Callable[[int], float] | None = None,
                             floor: Callable[[int], float] | None = None) -> CheckResult:
    r"""The gap of low-norm solutions decays at least like :math:`N^{-1/4}` in every d ([LQWP] §3.1; catalog F6).

    Default: ``exponent <= ceiling(d)`` (default -1/4) holds with its uncertainty in every d.  ``floor=`` states the
    opposite inequality ``exponent >= floor(d)`` instead (negative control: a gap that does not decay, floor 0).
    """
    _validate(dps, seed)
    rows = sorted(measure("gap", examples=examples, seed=seed, dims=dims), key=lambda r: r["d"])
    judgements, lines = [], []
    for row in rows:
        d, iv = row["d"], row["interval"]
        if floor is not None:
            value = float(floor(d))
            judgements.append(Judgement(f"gap d={d}: exponent >= {_fmt(value)} vs {_interval(iv)}",
                                        max(0.0, value - float(iv[1]))))
        else:
            value = float(ceiling(d)) if ceiling is not None else -0.25
            judgements.append(Judgement(f"gap d={d}: exponent <= {_fmt(value)} vs {_interval(iv)}",
                                        max(0.0, float(iv[0]) - value)))
        lines.append(f"gap d={d}: exponent {_fmt(row['exponent'])} in {_interval(iv)}")
    return judge("rates.generalization_gap", judgements, lines, instances=_tasks_count("gap", examples, seed, dims),
                 tolerance="the inequality must hold within every interval")


# -- Gaussian (F5) --------------------------------------------------------------------------------------------------
#: Digits the R-TV² routes may lose: root finding and tanh-sinh quadrature stop a few digits short of ``dps``.
LOST_DIGITS = 5


def check_gaussian_finite(*, dps: int | None = None, examples: int | None = None, seed: int = 0,
                          constant: Callable[[int], Any] | None = None) -> CheckResult:
    r"""R-TV² of :math:`e^{-|x|^2/2}` is finite for d = 1..``examples`` (default and at most 10) ([OWSS20] abstract;
    [PN21] eq. (6); catalog F5, D9).

    Routes per d: the implementation (:func:`radontv.radon.gaussian_rtv2`, jumps of the primitive at the profile's
    roots) is finite and positive, lies below the derived Plancherel bound (exact, finite, from
    :mod:`radontv.theory.rates`), and equals a second route assembled here with ``constant(d)`` (default
    :math:`c_d = 1/(2(2\pi)^{d-1})`, the piece under test; negative control: the half-sphere :math:`2c_d`): for odd d
    the sympy Hermite-root closed form of :mod:`radontv.theory.rates` (the value its derivation records), for even d
    the confluent hypergeometric closed forms of the profile and its primitive (``radontv.checks.radon_rtv2``, written
    for the radon family).  ``seed`` is unused (no randomness).
    """
    from radontv.checks.radon_rtv2 import gaussian_rtv2_1f1  # the 1F1 route of radon.gaussian_rtv2's check

    from radontv.precision import validate_dps
    from radontv.radon import gaussian_rtv2

    dps = validate_dps(15 if dps is None else dps, lost_digits=LOST_DIGITS)
    top = 10 if examples is None else examples
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InvalidInput(f"examples (the largest d, at most 10 is used) must be a positive integer, got {examples!r}")
    top = min(top, 10)
    _validate(dps, seed)
    c_d = constant or (lambda d: sympy.Integer(1) / (2 * (2 * sympy.pi) ** (d - 1)))
    agree = Agreement("rates.gaussian_finite", dps=dps, lost_digits=LOST_DIGITS,  # root finding, 1F1 series
                      route="roots of the profile vs sympy Hermite roots (odd d) or 1F1 closed forms (even d) vs "
                            "the Plancherel bound")
    with mpmath.workdps(dps):
        for d in range(1, top + 1):
            value = gaussian_rtv2(d, dps=dps).value
            agree.holds(bool(mpmath.isfinite(value) and value > 0), instance=f"d={d}: finite and positive")
            bound = mpmath.mpmathify(sympy.N(theory.gaussian_rtv2_bound(d), dps + 10))
            agree.at_least(bound, value, instance=f"Plancherel bound, d={d}", scale=bound)
            c = sympy.N(c_d(d), dps + 10)
            if d % 2 == 1:  # the derivation's value has c_d = 1/(2(2pi)^{d-1}); rescale it to the constant under test
                c_true = sympy.Integer(1) / (2 * (2 * sympy.pi) ** (d - 1))
                other = mpmath.mpmathify(sympy.N(theory.gaussian_rtv2_hermite(d) * c / c_true, dps + 10))
                agree.compare(value, other, instance=f"sympy Hermite roots, d={d}")
            else:
                agree.compare(value, gaussian_rtv2_1f1(d, mpmath.mpmathify(c)), instance=f"1F1 closed forms, d={d}")
    return agree.result(f"R-TV^2 of the Gaussian finite for d = 1..{top}")
