"""Exception types raised by radontv.

Every error that radontv raises on purpose derives from :class:`RadontvError`, so a caller can catch the
package's own failures without catching unrelated bugs.  Bad arguments raise :class:`InvalidInput`, which is also a
:class:`ValueError`; its message names the argument, says what was wrong and what to do instead.
"""

from __future__ import annotations

__all__ = ["FitNotCertified", "InexactOperation", "InvalidInput", "RadontvError", "UnknownClaim"]


class RadontvError(Exception):
    """Base class of all exceptions raised by radontv on purpose."""


class InvalidInput(RadontvError, ValueError):
    """An argument is malformed: wrong shape, non-finite entry, non-positive scale, precision too low, ...

    The message names the offending argument and says how to fix the call.
    """


class InexactOperation(RadontvError, TypeError):
    """An operation asked for exact (rational) arithmetic cannot stay exact.

    Raised, for instance, when an exact network is balanced: the balancing scales are square roots of the weights.
    The message says which conversion (``as_mp()``, ``as_float()``) to apply first.
    """


class FitNotCertified(RadontvError, RuntimeError):
    """A fit found no result whose optimality it could certify: the global fit (:func:`radontv.fit.rtv2_fit`), or
    TV² regression (:func:`radontv.regression.tv2_regression`) when its certificate, its spline or an intermediate
    value leaves the float64 range.

    Raised instead of returning an uncertified result; the message gives the best value, the dual bound, the gap or
    the data residual that failed, and what to try.
    """


class UnknownClaim(RadontvError, KeyError):
    """A claim id is not in the catalog.  The message lists the closest ids."""

    def __str__(self) -> str:  # KeyError quotes its argument; keep the message readable
        return str(self.args[0]) if self.args else ""
