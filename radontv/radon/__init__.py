r"""The Radon transform of tomography on :math:`\mathbb{R}^d`, any :math:`d \ge 1`, at 30–50 digits.

Conventions (named here once; every function of this module uses them and no other):

.. math::

    \hat f(\xi) &= \int_{\mathbb{R}^d} f(x)\, e^{-i\xi\cdot x}\,dx, \qquad
    f(x) = (2\pi)^{-d}\int_{\mathbb{R}^d} \hat f(\xi)\, e^{i\xi\cdot x}\,d\xi
    &&\text{(no prefactor forward; PN21 §3.2)}\\
    Rf(u,t) &= \int_{u\cdot x = t} f\,dS, \qquad (u,t)\in S^{d-1}\times\mathbb{R}
    &&\text{(full sphere; PN21 (24), U23 (14))}\\
    R^*g(x) &= \int_{S^{d-1}} g(u, u\cdot x)\,du
    &&\text{(surface measure; PN21 (26), U23 (15))}\\
    \widehat{\Lambda^{n} g}(\omega) &= |\omega|^{n}\,\hat g(\omega) \quad\text{(in } t\text{)},
    && \Lambda^{2m} = (-\partial_t^2)^{m},\ \Lambda^{2m+1} = (-1)^m H\partial_t^{2m+1}\\
    f &= c_d\, R^*\Lambda^{d-1} R f, \qquad c_d = \frac{1}{2(2\pi)^{d-1}}
    &&\text{(PN21 (27), U23 Thm 2)}

with :math:`H g(t) = \frac1\pi\,\mathrm{p.v.}\!\int g(s)/(t-s)\,ds` the standard Hilbert transform (symbol
:math:`-i\,\mathrm{sgn}\,\omega`).  Alternatives found in the literature, **not** used here: backprojection over a
half sphere (:math:`\theta\in[0,\pi)` in CT codes) needs the constant :math:`2c_d = (2\pi)^{1-d}`; PN21 eq. (28)
prints the ramp symbol :math:`i^{d-1}|\omega|^{d-1}`, which makes its eq. (27) wrong by the phase :math:`i^{d-1}`
(−1 for :math:`d=3`, imaginary for even :math:`d`); U23 eq. (4) shows a :math:`(2\pi)^{-d}` prefactor on the forward
transform (a typo: it contradicts U23 (16) and (42)).

Directions: ``u`` must be a unit vector.  An entry list whose squared norm is 1 up to :data:`UNIT_NORM_SLACK`
(rounding of e.g. ``(cos θ, sin θ)`` in double precision) is renormalised at the working precision; anything else
raises :class:`~radontv.InvalidInput` — a non-unit ``u`` is nearly always a weight vector passed where its direction
was meant, so radontv refuses to guess (use :func:`unit`).

Routes: closed forms (:class:`Gaussian`, :class:`BallPower` and their sums :class:`FunctionSum`), hyperplane
quadrature for any callable (:func:`radon_quadrature`, split at the kinks and support boundaries the function
declares, with a precision-doubling agreement test that reports the digits obtained), backprojection by sphere
quadrature or by the Funk–Hecke 1-D reduction for zonal sinograms (:func:`backproject`), the ramp filter in closed
form for Gaussians and balls or numerically (:func:`ramp_filter`), and certified ball-arithmetic integrals with
python-flint (:func:`certified_radon`, extra ``certified``).
"""


from __future__ import annotations

from .atoms import Atom, radon_atoms
from .certified import certified_abs_gaussian_integral, certified_radon
from .closed_forms import BallPower, FunctionSum, Gaussian, Plane, RadonFunction, Sphere, declared
from .conventions import (
    QUADRATURE_LOST_DIGITS,
    UNIT_NORM_SLACK,
    Estimate,
    QuadratureError,
    fbp_constant,
    sphere_area,
    unit,
)
from .inversion import Zonal, backproject, fbp, filtered, ramp_filter
from .profiles import gaussian_ramp_antiderivative, gaussian_ramp_profile
from .quadrature import radon, radon_quadrature
from .seminorm import gaussian_rtv2

__all__ = [
    "QUADRATURE_LOST_DIGITS",
    "UNIT_NORM_SLACK",
    "Atom",
    "BallPower",
    "Estimate",
    "FunctionSum",
    "Gaussian",
    "Plane",
    "QuadratureError",
    "RadonFunction",
    "Sphere",
    "Zonal",
    "backproject",
    "certified_abs_gaussian_integral",
    "certified_radon",
    "declared",
    "fbp",
    "fbp_constant",
    "filtered",
    "gaussian_ramp_antiderivative",
    "gaussian_ramp_profile",
    "gaussian_rtv2",
    "radon",
    "radon_atoms",
    "radon_quadrature",
    "ramp_filter",
    "sphere_area",
    "unit",
]
