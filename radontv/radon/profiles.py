"""Closed-form one-dimensional profiles: Hermite polynomials, Dawson's function, the ramp filter of a Gaussian."""

from __future__ import annotations

import math
from typing import Any

import mpmath

from ..errors import InvalidInput


def _hermite_he(n: int, z: Any) -> Any:
    """Probabilists' Hermite polynomial :math:`He_n(z)` by the three-term recurrence."""
    h0, h1 = mpmath.mpf(1), z
    if n == 0:
        return h0
    for k in range(1, n):
        h0, h1 = h1, z * h1 - k * h0
    return h1


def _dawson_derivatives(x: Any, n: int) -> list[Any]:
    r"""Dawson's function :math:`F(x) = e^{-x^2}\int_0^x e^{y^2}dy` and its first ``n`` derivatives.

    :math:`F' = 1 - 2xF` and :math:`F^{(k+1)} = -2xF^{(k)} - 2kF^{(k-1)}` for :math:`k\ge1`.
    """
    F = mpmath.sqrt(mpmath.pi) / 2 * mpmath.exp(-x * x) * mpmath.erfi(x)
    out = [F, 1 - 2 * x * F]
    for k in range(1, n):
        out.append(-2 * x * out[k] - 2 * k * out[k - 1])
    return out[: n + 1]


def gaussian_ramp_profile(z: Any, order: int) -> Any:
    r""":math:`\Lambda^{n} e^{-z^2/2}` in closed form (symbol :math:`|\omega|^n`), at the current precision.

    Even :math:`n`: :math:`(-1)^{n/2}\partial^n e^{-z^2/2} = (-1)^{n/2}He_n(z)e^{-z^2/2}` (local).  Odd :math:`n`:
    :math:`(-1)^{(n-1)/2}\partial^n H e^{-z^2/2}` with :math:`He^{-z^2/2} = \tfrac{2}{\sqrt\pi}F(z/\sqrt2)`
    (:math:`F` Dawson's function), so the result is :math:`(-1)^{(n-1)/2}\tfrac{2}{\sqrt\pi}2^{-n/2}F^{(n)}(z/\sqrt2)`.
    """
    if isinstance(order, bool) or not isinstance(order, int) or order < 0:
        raise InvalidInput(f"order must be a non-negative integer, got {order!r}")
    z = mpmath.mpf(z)
    if order % 2 == 0:
        return (-1) ** (order // 2) * _hermite_he(order, z) * mpmath.exp(-z * z / 2)
    # the recurrence cancels about (2n + 2) log10|z| digits for large |z| (terms ~|z|^{n-1}, result ~|z|^{-n-1})
    extra = int((2 * order + 3) * math.log10(float(abs(z)) + 2)) + 5
    with mpmath.workdps(mpmath.mp.dps + extra):
        derivs = _dawson_derivatives(z / mpmath.sqrt(2), order)
        scale = 2 / mpmath.sqrt(mpmath.pi) * mpmath.mpf(2) ** (-mpmath.mpf(order) / 2)
        value = (-1) ** ((order - 1) // 2) * scale * derivs[order]
    return +value


def gaussian_ramp_antiderivative(z: Any, order: int) -> Any:
    r"""The primitive :math:`Q_n = H\Lambda^{n-1}e^{-z^2/2}` of :func:`gaussian_ramp_profile` (:math:`Q_n' = \Lambda^n
    e^{-z^2/2}`, :math:`Q_n(\pm\infty) = 0`; symbol :math:`-i\,\mathrm{sgn}\,\omega\,|\omega|^{n-1}`), for ``order``
    :math:`n \ge 1`.  Even :math:`n`: :math:`H^2 = -1` gives :math:`Q_n = (-1)^{n/2}\partial^{n-1}e^{-z^2/2}`; odd
    :math:`n`: :math:`Q_n = (-1)^{(n-1)/2}\partial^{n-1}He^{-z^2/2}`.
    """
    if isinstance(order, bool) or not isinstance(order, int) or order < 1:
        raise InvalidInput(f"order must be a positive integer, got {order!r}")
    z = mpmath.mpf(z)
    m = order - 1
    if order % 2 == 0:
        return (-1) ** (order // 2) * (-1) ** m * _hermite_he(m, z) * mpmath.exp(-z * z / 2)
    extra = int((2 * m + 3) * math.log10(float(abs(z)) + 2)) + 5
    with mpmath.workdps(mpmath.mp.dps + extra):
        derivs = _dawson_derivatives(z / mpmath.sqrt(2), max(m, 1))
        value = (-1) ** (m // 2) * 2 / mpmath.sqrt(mpmath.pi) * mpmath.mpf(2) ** (-mpmath.mpf(m) / 2) * derivs[m]
    return +value


