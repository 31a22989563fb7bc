"""Numeric checks, one module per claim family, installed as ``radontv.checks``.

A check is called as ``check(*, dps=..., examples=..., seed=0)`` and returns a
:class:`radontv.evidence.CheckResult`.  It compares the implementation in :mod:`radontv` with the derivations in
:mod:`radontv.theory` and with a second numeric route, at a working precision taken inside :func:`mpmath.workdps`,
with tolerances derived from it (:class:`radontv.precision.Tolerance`, applied by :class:`radontv.evidence.Agreement`).

The default ``dps`` is 50, except the Radon checks (30 digits, ``checks.radon_common.DEFAULT_DPS``: their nested
quadratures cost about five times more at 50) and the float-based checks (the global fit and the rates family, which
state their own float law).  Random instances come from one ``random.Random(seed)`` per check
(:mod:`checks._instances`), so a check's instances are a function of its seed.
"""
