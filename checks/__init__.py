"""Numeric checks, one module per claim family, installed as ``radontv.checks``.

A check is called as ``check(*, dps=50, examples=..., seed=0)`` and returns a
:class:`radontv.evidence.CheckResult`.  It compares the implementation in :mod:`radontv` with the derivations in
:mod:`radontv.theory` and with a second numeric route, at a working precision taken inside :func:`mpmath.workdps`,
with tolerances derived from it (:class:`radontv.precision.Tolerance`, applied by :class:`radontv.evidence.Agreement`).
"""
