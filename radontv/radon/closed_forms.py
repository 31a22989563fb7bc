"""Closed forms with a known Radon transform: Gaussians, ball powers, their sums; declared kinks for quadrature."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import mpmath

from ..errors import InvalidInput
from ..scalars import arithmetic_of, to_mpf
from .conventions import _dimension, _dot, _vector
from .profiles import gaussian_ramp_profile


# -- declared kinks ----------------------------------------------------------------------------------------------
class Sphere(NamedTuple):
    """The sphere :math:`|x - c| = \\rho` (a kink or a support boundary)."""

    centre: tuple[Any, ...]
    radius: Any


class Plane(NamedTuple):
    """The hyperplane :math:`n\\cdot x = \\beta` (a kink, e.g. of a ReLU neuron)."""

    normal: tuple[Any, ...]
    offset: Any


@dataclass(frozen=True)
class _Declared:
    func: Callable[[tuple[mpmath.mpf, ...]], Any]
    dim: int
    kinks: tuple[Sphere | Plane, ...] = ()
    support: tuple[Sphere, ...] | None = None
    centre: tuple[Any, ...] | None = None
    isotropic: bool = False

    def __call__(self, x: Any) -> Any:
        return self.func(x)


def declared(func: Callable[[tuple[mpmath.mpf, ...]], Any], dim: int, *, kinks: Sequence[Sphere | Plane] = (),
             support: Sequence[Sphere] | None = None, centre: Sequence[Any] | None = None,
             isotropic: bool = False) -> _Declared:
    """Wrap a callable ``func(x)`` on :math:`\\mathbb{R}^{dim}` with the places the quadrature must split at.

    ``kinks``: spheres and hyperplanes where ``func`` is not smooth; ``support``: balls outside whose union
    ``func`` vanishes (``None``: unbounded); ``centre``: the point the polar quadrature (d >= 3) is centred on;
    ``isotropic=True`` promises ``func`` depends on ``|x - centre|`` only (a 1-D reduction by rotational symmetry).
    """
    _dimension(dim)
    if isotropic and centre is None:
        raise InvalidInput("isotropic=True needs the centre of symmetry; pass centre=...")
    return _Declared(func, dim, tuple(kinks), None if support is None else tuple(support),
                     None if centre is None else tuple(centre), isotropic)


# -- closed forms ------------------------------------------------------------------------------------------------
class RadonFunction:
    """Base of the closed-form functions: pointwise value, Radon transform, ramp-filtered transform, Fourier transform.

    Methods compute at the caller's mpmath precision on mp tuples (the public functions :func:`radon`, :func:`fbp`
    validate their arguments and set the precision).  Closed forms add (:class:`FunctionSum`) and scale.
    """

    dim: int

    def __call__(self, x: Sequence[Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def radon(self, u: Sequence[Any], t: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def ramp_radon(self, u: Sequence[Any], t: Any, order: int) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def fourier(self, xi: Sequence[Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def terms(self) -> tuple[RadonFunction, ...]:
        return (self,)

    def declared(self) -> _Declared:
        """This function as a bare callable with its declared kinks and support (for the quadrature route)."""
        terms = self.terms()
        kinks = tuple(k for term in terms for k in term._kinks())
        supports = [term._support() for term in terms]
        support = None if any(s is None for s in supports) else tuple(s for s in supports if s is not None)
        centres = {tuple(term.centre) for term in terms}
        iso = len(centres) == 1 and all(term.isotropic for term in terms)
        return _Declared(self.__call__, self.dim, kinks, support, terms[0].centre, iso)

    def _kinks(self) -> tuple[Sphere | Plane, ...]:
        return ()

    def _support(self) -> Sphere | None:
        return None

    centre: tuple[Any, ...]
    isotropic: bool = True

    def __add__(self, other: object) -> FunctionSum:
        if not isinstance(other, RadonFunction):
            return NotImplemented
        if other.dim != self.dim:
            raise InvalidInput(f"cannot add functions on R^{self.dim} and R^{other.dim}")
        return FunctionSum(self.terms() + other.terms())

    def __rmul__(self, a: Any) -> RadonFunction:
        return self._scaled(a)

    def __mul__(self, a: Any) -> RadonFunction:
        return self._scaled(a)

    def _scaled(self, a: Any) -> RadonFunction:  # pragma: no cover - abstract
        raise NotImplementedError


class Gaussian(RadonFunction):
    r"""A Gaussian :math:`f(x) = a\,\exp(-\tfrac12 (x-c)^\top\Sigma^{-1}(x-c))` on :math:`\mathbb{R}^d`.

    ``width`` :math:`s` gives :math:`\Sigma = s^2 I`; ``covariance`` gives any symmetric positive definite
    :math:`\Sigma` (then ``width`` must be omitted).  With mass :math:`M = a(2\pi)^{d/2}\sqrt{\det\Sigma}` and
    :math:`\sigma_u^2 = u^\top\Sigma u` (U23 (41)–(44), corrected normalisation),

    .. math:: Rf(u,t) = \frac{M}{\sqrt{2\pi\sigma_u^2}}\exp\Bigl(-\frac{(t-u\cdot c)^2}{2\sigma_u^2}\Bigr),
              \qquad \hat f(\xi) = M\,e^{-i\xi\cdot c - \xi^\top\Sigma\xi/2};

    for :math:`\Sigma = s^2I` this is :math:`a(2\pi s^2)^{(d-1)/2}e^{-(t-u\cdot c)^2/(2s^2)}`.
    Entries are stored as given and converted at the caller's precision.
    """

    def __init__(self, centre: Sequence[Any], width: Any = None, amplitude: Any = 1, *,
                 covariance: Sequence[Sequence[Any]] | None = None) -> None:
        with mpmath.workdps(60):  # validation only; values are converted again at use
            c = _vector(centre, "centre")
        self.dim = len(c)
        self._centre_in = tuple(centre) if not isinstance(centre, int | float | mpmath.mpf) else (centre,)
        arithmetic_of([amplitude], "amplitude")
        self._amplitude = amplitude
        if covariance is not None and width is not None:
            raise InvalidInput("give either width= (isotropic) or covariance= (anisotropic), not both")
        if covariance is None:
            width = 1 if width is None else width
            arithmetic_of([width], "width")
            if not width > 0:
                raise InvalidInput(f"width must be positive, got {width!r}")
            self._width, self._cov = width, None
            self.isotropic = True
        else:
            rows = [list(r) for r in covariance]
            if len(rows) != self.dim or any(len(r) != self.dim for r in rows):
                raise InvalidInput(f"covariance must be a {self.dim}x{self.dim} matrix (the dimension of centre)")
            arithmetic_of(rows, "covariance")
            with mpmath.workdps(60):
                m = mpmath.matrix([[to_mpf(e) for e in r] for r in rows])
                if any(abs(m[i, j] - m[j, i]) > 0 for i in range(self.dim) for j in range(self.dim)):
                    raise InvalidInput("covariance must be symmetric")
                try:
                    mpmath.cholesky(m)
                except ValueError:
                    raise InvalidInput("covariance must be positive definite") from None
            self._width, self._cov = None, rows
            self.isotropic = False

    @property
    def centre(self) -> tuple[mpmath.mpf, ...]:  # type: ignore[override]
        """The centre :math:`c` as mpf at the current precision (cached per precision)."""
        key = mpmath.mp.prec
        cache = self.__dict__.setdefault("_centre_cache", {})
        if key not in cache:
            cache[key] = tuple(to_mpf(e) for e in self._centre_in)
        return cache[key]

    @property
    def centre_given(self) -> tuple[Any, ...]:
        """The centre :math:`c` as given (exact entries stay exact: use it to build exact or sympy expressions)."""
        return self._centre_in

    @property
    def width(self) -> Any:
        r"""The width :math:`s` of an isotropic Gaussian (:math:`\Sigma = s^2 I`), as given; ``None`` when the
        Gaussian was built with ``covariance=``."""
        return self._width

    @property
    def amplitude(self) -> Any:
        r"""The amplitude :math:`a = f(c)`, as given (the mass is :math:`a(2\pi)^{d/2}\sqrt{\det\Sigma}`)."""
        return self._amplitude

    @property
    def covariance_given(self) -> tuple[tuple[Any, ...], ...] | None:
        r"""The rows of :math:`\Sigma` as given to ``covariance=``; ``None`` for an isotropic Gaussian."""
        return None if self._cov is None else tuple(tuple(r) for r in self._cov)

    def covariance_matrix(self) -> mpmath.matrix:
        r""":math:`\Sigma` at the current precision (:math:`s^2 I` for an isotropic Gaussian)."""
        if self._cov is None:
            s2 = to_mpf(self._width) ** 2
            return mpmath.diag([s2] * self.dim)
        return mpmath.matrix([[to_mpf(e) for e in r] for r in self._cov])

    _matrix = covariance_matrix  # the former private name

    def _cached(self) -> tuple[Any, Any, Any]:
        """(rows of Σ, rows of Σ^{-1}, mass) at the current precision, computed once per precision."""
        key = mpmath.mp.prec
        cache = self.__dict__.setdefault("_precision_cache", {})
        if key not in cache:
            S = self.covariance_matrix()
            P = S**-1
            mass = to_mpf(self._amplitude) * (2 * mpmath.pi) ** (mpmath.mpf(self.dim) / 2) * mpmath.sqrt(mpmath.det(S))
            cache[key] = (tuple(tuple(S[i, j] for j in range(self.dim)) for i in range(self.dim)),
                          tuple(tuple(P[i, j] for j in range(self.dim)) for i in range(self.dim)), mass)
        return cache[key]

    def _precision_rows(self) -> tuple[tuple[Any, ...], ...]:
        r"""The rows of :math:`\Sigma^{-1}` at the current precision (cached per precision)."""
        return self._cached()[1]

    def _variance(self, u: Sequence[Any]) -> Any:
        if self._cov is None:
            return to_mpf(self._width) ** 2
        S = self._cached()[0]
        return mpmath.fsum(u[i] * _dot(S[i], u) for i in range(self.dim))

    def mass(self) -> Any:
        """:math:`\\int f = a(2\\pi)^{d/2}\\sqrt{\\det\\Sigma}`."""
        return self._cached()[2]

    def __call__(self, x: Sequence[Any]) -> Any:
        y = [(a if isinstance(a, mpmath.mpf) else to_mpf(a)) - b for a, b in zip(x, self.centre, strict=True)]
        if self._cov is None:
            q = mpmath.fsum(e * e for e in y) / to_mpf(self._width) ** 2
        else:
            P = self._precision_rows()
            q = mpmath.fsum(y[i] * _dot(P[i], y) for i in range(self.dim))
        return to_mpf(self._amplitude) * mpmath.exp(-q / 2)

    def laplacian(self, x: Sequence[Any]) -> Any:
        r""":math:`\Delta f(x) = f(x)\,(|\Sigma^{-1}(x-c)|^2 - \operatorname{tr}\Sigma^{-1})`."""
        y = [to_mpf(a) - b for a, b in zip(x, self.centre, strict=True)]
        P = self._cached()[1]
        g = [_dot(row, y) for row in P]
        trace = mpmath.fsum(P[i][i] for i in range(self.dim))
        return self(x) * (mpmath.fsum(g[i] ** 2 for i in range(self.dim)) - trace)

    def _profile(self, u: Sequence[Any], t: Any) -> tuple[Any, Any, Any]:
        s2 = self._variance(u)
        sigma = mpmath.sqrt(s2)
        amp = self.mass() / mpmath.sqrt(2 * mpmath.pi * s2)
        return amp, sigma, (t - _dot(u, self.centre)) / sigma

    def radon(self, u: Sequence[Any], t: Any) -> Any:
        amp, _, z = self._profile(u, t)
        return amp * mpmath.exp(-z * z / 2)

    def ramp_radon(self, u: Sequence[Any], t: Any, order: int) -> Any:
        r""":math:`\Lambda^{n}_t Rf(u,t) = A\sigma_u^{-n}(\Lambda^n e^{-z^2/2})(z)`, :math:`z = (t-u\cdot c)/\sigma_u`
        (closed form of :func:`gaussian_ramp_profile`)."""
        amp, sigma, z = self._profile(u, t)
        return amp * sigma ** (-order) * gaussian_ramp_profile(z, order)

    def fourier(self, xi: Sequence[Any]) -> Any:
        S = self.covariance_matrix()
        quad = mpmath.fsum(xi[i] * S[i, j] * xi[j] for i in range(self.dim) for j in range(self.dim))
        return self.mass() * mpmath.exp(-1j * _dot(xi, self.centre) - quad / 2)

    def _scaled(self, a: Any) -> Gaussian:
        arithmetic_of([a], "scale factor")
        g = Gaussian.__new__(Gaussian)
        g.__dict__.update(self.__dict__)
        g.__dict__.pop("_precision_cache", None)  # the mass depends on the amplitude
        g._amplitude = to_mpf(a) * to_mpf(self._amplitude) if isinstance(a, float | mpmath.mpf) else a * self._amplitude
        return g

    def __repr__(self) -> str:
        shape = f"width={self._width!r}" if self._cov is None else f"covariance={self._cov!r}"
        return f"Gaussian(centre={self._centre_in!r}, {shape}, amplitude={self._amplitude!r})"


class BallPower(RadonFunction):
    r""":math:`f(x) = a\,(1 - |x-c|^2/r^2)_+^{k}` on :math:`\mathbb{R}^d` (``k = 0``: the indicator of the open ball).

    With :math:`s = t - u\cdot c`, integrating over the :math:`(d-1)`-ball cut by the hyperplane (polar
    coordinates and a Beta integral),

    .. math:: Rf(u,t) = a\,\pi^{(d-1)/2}\frac{\Gamma(k+1)}{\Gamma(k+\frac{d+1}{2})}\,r^{-2k}\,
              (r^2 - s^2)_+^{\,k+(d-1)/2},

    and :math:`\hat f(\xi) = a\,r^d\pi^{d/2}\Gamma(k+1)\,(2/(r|\xi|))^{d/2+k}J_{d/2+k}(r|\xi|)\,e^{-i\xi\cdot c}`.
    Kink and support boundary: the sphere :math:`|x-c| = r`.
    """

    isotropic = True

    def __init__(self, centre: Sequence[Any], radius: Any = 1, k: Any = 0, amplitude: Any = 1) -> None:
        with mpmath.workdps(60):
            c = _vector(centre, "centre")
        self.dim = len(c)
        self._centre_in = tuple(centre) if not isinstance(centre, int | float | mpmath.mpf) else (centre,)
        arithmetic_of([radius, k, amplitude], "BallPower parameters")
        if not radius > 0:
            raise InvalidInput(f"radius must be positive, got {radius!r}")
        if not k >= 0:
            raise InvalidInput(f"k must be >= 0 (k = 0 is the indicator of the ball), got {k!r}")
        self.radius, self.k, self._amplitude = radius, k, amplitude

    @property
    def centre(self) -> tuple[mpmath.mpf, ...]:  # type: ignore[override]
        """The centre :math:`c` as mpf at the current precision."""
        return tuple(to_mpf(e) for e in self._centre_in)

    @property
    def centre_given(self) -> tuple[Any, ...]:
        """The centre :math:`c` as given (exact entries stay exact)."""
        return self._centre_in

    @property
    def amplitude(self) -> Any:
        """The amplitude :math:`a = f(c)`, as given."""
        return self._amplitude

    def _kinks(self) -> tuple[Sphere, ...]:
        return (Sphere(self.centre, to_mpf(self.radius)),)

    def _support(self) -> Sphere:
        return Sphere(self.centre, to_mpf(self.radius))

    def __call__(self, x: Sequence[Any]) -> Any:
        r = to_mpf(self.radius)
        q = 1 - mpmath.fsum((to_mpf(a) - b) ** 2 for a, b in zip(x, self.centre, strict=True)) / r**2
        if q <= 0:
            return mpmath.mpf(0)
        return to_mpf(self._amplitude) * q ** to_mpf(self.k)

    def _coefficient(self) -> Any:
        k, d = to_mpf(self.k), self.dim
        return (to_mpf(self._amplitude) * mpmath.pi ** (mpmath.mpf(d - 1) / 2) * mpmath.gamma(k + 1)
                / mpmath.gamma(k + mpmath.mpf(d + 1) / 2) * to_mpf(self.radius) ** (-2 * k))

    def radon(self, u: Sequence[Any], t: Any) -> Any:
        s = t - _dot(u, self.centre)
        q = to_mpf(self.radius) ** 2 - s * s
        if q <= 0:
            return mpmath.mpf(0)
        return self._coefficient() * q ** (to_mpf(self.k) + mpmath.mpf(self.dim - 1) / 2)

    def ramp_radon(self, u: Sequence[Any], t: Any, order: int) -> Any:
        r""":math:`(-\partial_t^2)^{n/2}` of the closed form (even :math:`n` only; needs an integer exponent
        :math:`e = k+(d-1)/2 \ge n` so that no Dirac sits on :math:`|s| = r`)."""
        e2 = 2 * self.k + self.dim - 1
        if order % 2 or e2 % 2 or e2 // 2 < order:
            raise InvalidInput(f"the local ramp filter of a ball function needs an even order and an integer exponent "
                               f"k + (d-1)/2 >= order; got order {order}, k = {self.k}, d = {self.dim}")
        e = e2 // 2
        s = t - _dot(u, self.centre)
        r2 = to_mpf(self.radius) ** 2
        if s * s >= r2:
            return mpmath.mpf(0)
        # (r^2 - s^2)^e = sum_j C(e, j) r^{2(e-j)} (-1)^j s^{2j}; differentiate termwise `order` times
        total = mpmath.mpf(0)
        for j in range(e + 1):
            p = 2 * j
            if p < order:
                continue
            falling = mpmath.ff(p, order)
            total += mpmath.binomial(e, j) * r2 ** (e - j) * (-1) ** j * falling * s ** (p - order)
        return (-1) ** (order // 2) * self._coefficient() * total

    def laplacian(self, x: Sequence[Any]) -> Any:
        r""":math:`\Delta f = 4q h''(q) + 2d h'(q)` for :math:`f = h(q)`, :math:`q = |x-c|^2` (``k >= 2``)."""
        if not self.k >= 2:
            raise InvalidInput("the pointwise Laplacian of (1-|x|^2)_+^k needs k >= 2 (else it has a singular part)")
        r2 = to_mpf(self.radius) ** 2
        q = mpmath.fsum((to_mpf(a) - b) ** 2 for a, b in zip(x, self.centre, strict=True))
        if q >= r2:
            return mpmath.mpf(0)
        k, a = to_mpf(self.k), to_mpf(self._amplitude)
        w = 1 - q / r2
        h1 = -a * k / r2 * w ** (k - 1)
        h2 = a * k * (k - 1) / r2**2 * w ** (k - 2)
        return 4 * q * h2 + 2 * self.dim * h1

    def fourier(self, xi: Sequence[Any]) -> Any:
        d, k, r = self.dim, to_mpf(self.k), to_mpf(self.radius)
        rho = mpmath.sqrt(mpmath.fsum(e * e for e in xi)) * r
        nu = mpmath.mpf(d) / 2 + k
        if rho == 0:
            core = mpmath.pi ** (mpmath.mpf(d) / 2) * mpmath.gamma(k + 1) / mpmath.gamma(nu + 1)
        else:
            core = mpmath.pi ** (mpmath.mpf(d) / 2) * mpmath.gamma(k + 1) * (2 / rho) ** nu * mpmath.besselj(nu, rho)
        return to_mpf(self._amplitude) * r**d * core * mpmath.exp(-1j * _dot(xi, self.centre))

    def _scaled(self, a: Any) -> BallPower:
        arithmetic_of([a], "scale factor")
        amp = to_mpf(a) * to_mpf(self._amplitude) if isinstance(a, float | mpmath.mpf) else a * self._amplitude
        return BallPower(self._centre_in, self.radius, self.k, amp)

    def __repr__(self) -> str:
        return (f"BallPower(centre={self._centre_in!r}, radius={self.radius!r}, k={self.k!r}, "
                f"amplitude={self._amplitude!r})")


class FunctionSum(RadonFunction):
    """A finite sum of closed forms on the same :math:`\\mathbb{R}^d`; every transform is the sum of the terms'."""

    def __init__(self, terms: Sequence[RadonFunction]) -> None:
        flat = tuple(t for term in terms for t in term.terms())
        if not flat:
            raise InvalidInput("a FunctionSum needs at least one term")
        dims = {t.dim for t in flat}
        if len(dims) != 1:
            raise InvalidInput(f"all terms must live on the same R^d; got dimensions {sorted(dims)}")
        self._terms = flat
        self.dim = flat[0].dim
        self.isotropic = len({tuple(t.centre_given) for t in flat}) == 1 and all(t.isotropic for t in flat)  # type: ignore[attr-defined]

    @property
    def centre(self) -> tuple[mpmath.mpf, ...]:  # type: ignore[override]
        return self._terms[0].centre

    def terms(self) -> tuple[RadonFunction, ...]:
        return self._terms

    def __call__(self, x: Sequence[Any]) -> Any:
        return mpmath.fsum(t(x) for t in self._terms)

    def radon(self, u: Sequence[Any], t: Any) -> Any:
        return mpmath.fsum(term.radon(u, t) for term in self._terms)

    def ramp_radon(self, u: Sequence[Any], t: Any, order: int) -> Any:
        return mpmath.fsum(term.ramp_radon(u, t, order) for term in self._terms)

    def laplacian(self, x: Sequence[Any]) -> Any:
        return mpmath.fsum(term.laplacian(x) for term in self._terms)  # type: ignore[attr-defined]

    def fourier(self, xi: Sequence[Any]) -> Any:
        return mpmath.fsum(term.fourier(xi) for term in self._terms)

    def _scaled(self, a: Any) -> FunctionSum:
        return FunctionSum([a * t for t in self._terms])

    def __repr__(self) -> str:
        return " + ".join(repr(t) for t in self._terms)


