r"""Assertions for users' own tests, in the style of :mod:`numpy.testing`.

Argument order is fixed as ``(actual, desired)``.

**Two networks** (:class:`~radontv.ReLUNetwork`, no sample given) are compared as functions on all of
:math:`\mathbb R^d`, not on a sample: the difference of two shallow networks is a shallow network, and they are the
same function iff the canonical form of ``actual - desired`` is empty with a zero affine part
(:func:`radontv.same_function.same_function`).  Exact networks are decided exactly; float and mp networks with the
canonical forms' tolerance law (per pair of hyperplanes, relative, scale-free).  A failure reports a *witness*: a
point where the two differ, with both values there.

**Other callables, or a given sample** ``X``: the values are compared on the sample with

.. math:: |f(x) - g(x)| \le \mathrm{rtol}\,\bigl(|g(x)| + s\bigr) \quad\text{for every sample } x,

with :math:`s = \max_x |g(x)|` (the scale of :math:`g` on the sample, so that zeros of :math:`g` do not demand
absolute accuracy beyond the function's size), raised for networks to the size of the terms they sum,
:math:`\max_x \bigl(\sum_k |v_k|(|w_k^\top x| + |b_k|) + |c^\top x| + |c_0|\bigr)` over both networks: a float
network that cancels large terms to a small value (a kink far from the origin, tiny weights with a large bias) is
only accurate to the rounding of those terms.

``rtol`` defaults to 0 when both functions are exact (equality is required), to :math:`10^{-(\mathrm{dps}-5)}` in
mpmath (five digits for accumulated rounding), and to :math:`2^{-40}` in float (12 bits of slack for sums of a few
dozen rounded terms).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

import mpmath
import numpy as np

from ..errors import InvalidInput
from ..evidence import Verdict
from ..network import ReLUNetwork
from ..precision import Tolerance, validate_dps
from ..scalars import arithmetic_of, exact_value, promote
from ..typing import NumbersLike, ObjectArray, ScalarLike

if TYPE_CHECKING:
    from ..canonical_vector import VectorCanonicalForm

__all__ = ["FLOAT_RTOL", "assert_claim", "assert_same_function", "sample_points"]

#: Default relative tolerance for float comparisons: 12 bits of slack below double precision.
FLOAT_RTOL = 2.0**-40
#: Kinks farther than this from the origin get no sample points (their coordinates may not even be floats).
_FAR = Fraction(2) ** 64
#: Digits an mpmath comparison may lose to accumulated rounding before it fails.
MP_LOST_DIGITS = 5


def _term_scale(f: Any, X: Any) -> Any:
    r""":math:`\max_x \sum_k |v_k|(|w_k^\top x| + |b_k|) + |c^\top x| + |c_0|` over the sample (mpf) for a network,
    0 for other callables: the size of the terms whose rounding a float or mp evaluation carries."""
    if not isinstance(f, ReLUNetwork):
        return 0
    m = f.as_mp()
    best = mpmath.mpf(0)
    for row in np.asarray(X, dtype=object).reshape(-1, m.dim):
        x = [mpmath.mpf(p.numerator) / p.denominator if isinstance(p, Fraction) else mpmath.mpf(p) for p in row]
        total = abs(mpmath.fsum(c * xi for c, xi in zip(m.c, x, strict=True))) + abs(m.c0)
        for w, b, v in m.neurons():
            total += abs(v) * (abs(mpmath.fsum(wi * xi for wi, xi in zip(w, x, strict=True))) + abs(b))
        best = max(best, total)
    return best


def sample_points(f: Callable[[Any], Any], *, n: int = 16, seed: int = 0) -> ObjectArray:
    """Exact rational sample points for comparing functions on :math:`\\mathbb{R}^d`.

    ``n`` seeded random points with coordinates :math:`k/8`, :math:`|k| \\le 64` (a grid on :math:`[-8, 8]^d`).
    For a :class:`~radontv.ReLUNetwork` the sample also contains, for every neuron, two points just either side
    of its hyperplane (where a wrong kink shows first), at pre-activation :math:`\\pm(|b_k| + \\max_i|w_{ki}|)/64`.
    """
    # a network knows its input dimension (ReLUNetwork.dim, DeepReLUNetwork.input_dim); other callables get d = 1
    d = f.dim if isinstance(f, ReLUNetwork) else int(getattr(f, "input_dim", 1))
    rng = np.random.default_rng(seed)
    pts = [[Fraction(int(rng.integers(-64, 65)), 8) for _ in range(d)] for _ in range(n)]
    if isinstance(f, ReLUNetwork):
        exact = f.as_exact()
        for w, b, _ in exact.neurons():
            nn = sum(x * x for x in w)
            if nn == 0:
                continue
            foot = [b * x / nn for x in w]  # the point of the hyperplane w.x = b closest to 0
            # either side, w.x - b = +-delta with delta a fixed fraction of the terms' size |b| + max|w_i|: far
            # enough from the kink that the neuron's value there stands above the rounding of w.x - b
            delta = (abs(b) + max(abs(x) for x in w)) / 64
            for side in (delta / nn, -delta / nn):
                point = [p + side * x for p, x in zip(foot, w, strict=True)]
                if max(abs(p) for p in point) <= _FAR:  # e.g. w ~ 1e-308: the kink lies beyond float range
                    pts.append(point)
    return np.array(pts, dtype=object).reshape(len(pts), d)


def assert_same_function(
    actual: Callable[[Any], Any],
    desired: Callable[[Any], Any],
    X: NumbersLike | None = None,
    *,
    dps: int | None = None,
    rtol: ScalarLike | None = None,
    err_msg: str = "",
) -> None:
    r"""Assert that two functions are the same.

    Two :class:`~radontv.ReLUNetwork` and no ``X``: the same function on all of :math:`\mathbb R^d`, decided from
    the canonical form of ``actual - desired`` (see the module docstring); the failure message starts with the
    tolerance in force and gives a witness point where they differ.  Otherwise ``actual`` and ``desired`` are
    callables taking a batch of shape ``(n, d)``, compared on the sample ``X`` (by default :func:`sample_points` of
    ``desired``) with the sample tolerance law; the message shows the worst point.
    """
    if dps is not None:
        validate_dps(dps, lost_digits=MP_LOST_DIGITS)
    work = dps if dps is not None else mpmath.mp.dps
    if X is None and isinstance(actual, ReLUNetwork) and isinstance(desired, ReLUNetwork):
        with mpmath.workdps(work):
            _assert_same_network(actual, desired, rtol, err_msg)
        return
    if X is not None and np.asarray(X, dtype=object).size == 0:
        raise InvalidInput("X is an empty sample: an assertion on no points would pass anything; pass at least one "
                           "point, or X=None for the default sample (sample_points)")
    if _vector_valued(actual) or _vector_valued(desired):
        _assert_same_outputs(actual, desired, X, dps, rtol, err_msg)
        return
    if X is None:
        X = sample_points(desired if isinstance(desired, ReLUNetwork) else actual)
    with mpmath.workdps(work):
        a = np.atleast_1d(np.asarray(actual(X), dtype=object))
        e = np.atleast_1d(np.asarray(desired(X), dtype=object))
        if a.shape != e.shape:
            raise AssertionError(f"{err_msg}\nshapes differ: actual {a.shape}, desired {e.shape}".strip())
        _check_one_value_per_point(a, X, err_msg)
        if a.ndim == 2:  # vector values of two callables: the sample law output by output, on these values
            for j in range(a.shape[1]):
                assert_same_function(_constant(a[:, j]), _constant(e[:, j]), X, dps=dps, rtol=rtol,
                                     err_msg=f"output j = {j} of D = {a.shape[1]}\n{err_msg}".rstrip())
            return
        kind = promote(arithmetic_of(a, "actual(X)"), arithmetic_of(e, "desired(X)"))
        if rtol is None:
            rtol = (Fraction(0) if kind == "exact"
                    else Tolerance(work, MP_LOST_DIGITS).rtol if kind == "mp" else FLOAT_RTOL)
        if rtol < 0:
            raise InvalidInput(f"rtol must be non-negative, got {rtol!r}")
        conv = (lambda x: x) if kind == "exact" else (lambda x: mpmath.mpf(x.numerator) / x.denominator
                                                      if isinstance(x, Fraction) else mpmath.mpf(x))
        av, ev = [conv(x) for x in a], [conv(x) for x in e]
        scale = max((abs(x) for x in ev), default=0)
        if kind != "exact":
            scale = max(scale, _term_scale(actual, X), _term_scale(desired, X))
        worst, worst_i = None, -1
        for i, (x, y) in enumerate(zip(av, ev, strict=True)):
            err = abs(x - y)
            bound = rtol * (abs(y) + scale)
            if err > bound and (worst is None or err - bound > worst[0] - worst[1]):
                worst, worst_i = (err, bound), i
        if worst is not None:
            law = "exact equality" if rtol == 0 else f"|actual - desired| <= rtol*(|desired| + {mpmath.nstr(scale, 6)})"
            point = [str(p) for p in np.asarray(X, dtype=object).reshape(len(av), -1)[worst_i]]
            rtol_text = str(rtol) if isinstance(rtol, Fraction) else mpmath.nstr(mpmath.mpf(rtol), 6)
            diff_text = str(worst[0]) if isinstance(worst[0], Fraction) else mpmath.nstr(mpmath.mpf(worst[0]), 6)
            raise AssertionError(
                f"Functions differ (rtol={rtol_text}, "
                f"{law}, arithmetic={kind})\n"
                f"worst point x = ({', '.join(point)}): actual {av[worst_i]}, desired {ev[worst_i]}, "
                f"|difference| = {diff_text}\n"
                f"{err_msg}".rstrip()
            )


def _assert_same_network(actual: ReLUNetwork, desired: ReLUNetwork, rtol: Any, err_msg: str) -> None:
    """Decide ``actual == desired`` as functions from the canonical form of their difference; raise with a witness."""
    from ..same_function import same_function, witness_from_form

    if rtol is not None and not rtol >= 0:
        raise InvalidInput(f"rtol must be non-negative, got {rtol!r}")
    if actual.dim != desired.dim:
        raise AssertionError(f"input dimensions differ: actual d = {actual.dim}, desired d = {desired.dim}\n"
                             f"{err_msg}".rstrip())
    if actual.vector_valued or desired.vector_valued:
        _assert_same_vector_network(actual, desired, rtol, err_msg)
        return
    if rtol and actual.arithmetic == desired.arithmetic == "exact":  # a tolerance asked for: compare in mp
        actual, desired = actual.as_mp(), desired.as_mp()
    equal, form = same_function(actual, desired, rtol=rtol)
    if equal:
        return
    if form.arithmetic == "exact":
        from ..canonical_form import witness

        point = cast("ObjectArray", witness(actual, desired))  # not None: the networks differ
        law = "rtol=0, exact equality"
    else:
        point = witness_from_form(actual, desired, form)
        law = f"rtol={mpmath.nstr(mpmath.mpf(form.rtol), 6)}, the canonical forms' law (per hyperplane, relative)"
    exact_point = np.array([exact_value(p) for p in point], dtype=object)
    batch = exact_point.reshape(1, -1)
    a, e = actual.as_exact()(batch)[0], desired.as_exact()(batch)[0]
    residual = ("affine parts differ" if form.size == 0 else
                f"{form.size} hyperplane(s) of actual - desired with nonzero amplitude, the largest "
                f"{mpmath.nstr(mpmath.mpf(max(abs(float(x)) for x in form.amplitudes)), 6)}")
    raise AssertionError(
        f"Functions differ ({law}, arithmetic={form.arithmetic}): {residual}\n"
        f"witness x = ({', '.join(str(p) for p in point)}): actual {_show(a)}, desired {_show(e)}, "
        f"|difference| = {_show(abs(a - e))}\n"
        f"{err_msg}".rstrip()
    )


def _check_one_value_per_point(values: ObjectArray, X: Any, err_msg: str) -> None:
    """Refuse values that are not one per sample point (shape ``(n,)`` or ``(n, D)`` for ``n`` points): fewer values
    than points would compare the callables on part of the sample only, or on none of it."""
    sample = np.asarray(X, dtype=object)
    n = sample.shape[0] if sample.ndim else 1
    if values.shape[0] != n:
        raise AssertionError(f"the callables returned {values.shape[0]} value(s) for {n} sample point(s) (shape "
                             f"{values.shape}): a batch of n points must give n values, shape (n,) or (n, D)\n"
                             f"{err_msg}".rstrip())


def _vector_valued(f: Any) -> bool:
    return isinstance(f, ReLUNetwork) and f.vector_valued


def _assert_same_outputs(actual: Any, desired: Any, X: Any, dps: int | None, rtol: Any, err_msg: str) -> None:
    """Vector-valued networks compared on a sample: output by output with the sample law (each output's own scale and
    term sizes); the message names the output.  A network is split into its outputs' scalar networks, another
    callable into the columns of its values."""
    from ..canonical_vector import output_network

    nets = [f for f in (actual, desired) if isinstance(f, ReLUNetwork)]
    D = nets[0].outputs
    if any(f.outputs != D for f in nets):
        raise AssertionError(f"numbers of outputs differ: actual D = {nets[0].outputs}, desired D = {nets[-1].outputs}"
                             f"\n{err_msg}".rstrip())
    if X is None:
        X = sample_points(desired if isinstance(desired, ReLUNetwork) else actual)

    def column(f: Any, j: int) -> Any:
        if isinstance(f, ReLUNetwork):
            return output_network(f, j)
        return lambda P: np.asarray(f(P), dtype=object).reshape(-1, D)[:, j]

    for j in range(D):
        assert_same_function(column(actual, j), column(desired, j), X, dps=dps, rtol=rtol,
                             err_msg=f"output j = {j} of D = {D}\n{err_msg}".rstrip())


def _assert_same_vector_network(actual: ReLUNetwork, desired: ReLUNetwork, rtol: Any, err_msg: str) -> None:
    """Vector networks as functions on all of R^d: the vector canonical form of ``actual - desired``; a failure names
    the output that differs at the witness."""
    from ..same_function import same_function, vector_witness, vector_witness_from_form

    if actual.outputs != desired.outputs:
        raise AssertionError(f"numbers of outputs differ: actual D = {actual.outputs}, desired D = {desired.outputs}"
                             f"\n{err_msg}".rstrip())
    if rtol and actual.arithmetic == desired.arithmetic == "exact":  # a tolerance asked for: compare in mp
        actual, desired = actual.as_mp(), desired.as_mp()
    equal, form = same_function(actual, desired, rtol=rtol)
    if equal:
        return
    if form.arithmetic == "exact":
        found, j = vector_witness(actual, desired)
        point = cast("ObjectArray", found)  # not None: the networks differ
        law = "rtol=0, exact equality"
    else:
        point, j = vector_witness_from_form(actual, desired, form)
        law = (f"rtol={mpmath.nstr(mpmath.mpf(form.rtol), 6)}, the canonical forms' law (per hyperplane, relative, "
               "Euclidean norm over the outputs)")
    exact_point = np.array([exact_value(p) for p in point], dtype=object)
    batch = exact_point.reshape(1, -1)
    a, e = (cast(Fraction, np.asarray(net.as_exact()(batch), dtype=object).reshape(-1)[j]) for net in (actual, desired))
    vform = cast("VectorCanonicalForm", form)  # same_function of vector networks returns their vector form
    residual = ("affine parts differ" if form.size == 0 else
                f"{form.size} hyperplane(s) of actual - desired with nonzero amplitude vector, the largest of norm "
                f"{mpmath.nstr(mpmath.mpf(max(float(x) for x in vform.amplitude_norms())), 6)}")
    raise AssertionError(
        f"Functions differ in output j = {j} of D = {actual.outputs} ({law}, arithmetic={form.arithmetic}): "
        f"{residual}\n"
        f"witness x = ({', '.join(str(p) for p in point)}), output j = {j}: actual {_show(a)}, desired {_show(e)}, "
        f"|difference| = {_show(abs(a - e))}\n"
        f"{err_msg}".rstrip()
    )


def _constant(values: ObjectArray) -> Callable[[Any], ObjectArray]:
    """The callable returning ``values`` whatever its argument (the values of one output, already computed)."""
    return lambda P: values


def _show(x: Fraction) -> str:
    """An exact value as itself when short, else as 17 significant digits."""
    text = str(x)
    return text if len(text) <= 24 else mpmath.nstr(mpmath.mpf(x.numerator) / x.denominator, 17)


def assert_claim(claim_id: str, *, dps: int = 50, examples: int | None = None, seed: int = 0,
                 derivation: bool = True) -> None:
    """Assert that the claim's numeric check (and derivation, if it has one) is ``proved`` or ``consistent``."""
    from ..catalog import get

    claim = get(claim_id)
    kwargs: dict[str, Any] = {"dps": dps, "seed": seed}
    if examples is not None:
        kwargs["examples"] = examples
    result = claim.load_check()(**kwargs)
    if not result.verdict.passed:
        raise AssertionError(
            f"{claim_id}: numeric check is {result.verdict} ({result.tolerance})\n"
            f"worst instance: {result.worst_instance}\nresidual {result.residual}, digits {result.digits}\n"
            f"{result.message}"
        )
    if derivation and claim.derivation is not None:
        derived = cast(Callable[[], Any], claim.load_derivation())()  # not None: the claim names a derivation
        if derived.verdict is not Verdict.PROVED:
            raise AssertionError(f"{claim_id}: derivation is {derived.verdict}: {derived.message}")
