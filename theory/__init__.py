"""Symbolic derivations (sympy), one module per claim family, installed as ``radontv.theory``.

Each derivation works from first principles and returns a :class:`radontv.evidence.Derivation`.  These modules
import sympy and the evidence record types only, never the numeric implementation of radontv: that independence
is enforced by ``tests/test_independence.py``.
"""
