"""Vector canonical forms (radontv/canonical_vector.py): tests that close gaps found by mutation testing.

Issue 9; the mutants each test kills are listed in tests/mutation-equivalents.md (section canonical_vector.py).
Mutant numbers are those of mutmut 3.8.1 on canonical_vector.py at 3ff5d3a.
Expected values are worked by hand from the module docstring's rules (canonical sign, the parity identity
v relu(y) = v relu(-y) + v y, amplitude vectors A_H = sum v_k ||w_k||, the Euclidean zero law per group, the
magnitudes summed into c and c0) with exact Fractions, or closed forms (sqrt of sums of squares); never from the
code under test.  Float forms list hyperplanes in an unspecified order: they are compared as sorted rows.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy

from radontv import InvalidInput, ReLUNetwork
from radontv.canonical_form import FLOAT_RTOL, CanonicalForm, canonical
from radontv.canonical_vector import (
    VectorCanonicalForm,
    _norm,
    _row_norms,
    affine_zero,
    as_vector_form,
    as_vector_network,
    canonical_vector,
    output_network,
)

F = Fraction


def _close(a, b, rel=1e-14) -> bool:
    """|a - b| <= rel * max(|a|, |b|) (0 only equals 0)."""
    a, b = float(a), float(b)
    return abs(a - b) <= rel * max(abs(a), abs(b))


def _rows_close(got, want, rel=1e-14) -> bool:
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        return False
    scale = max(1.0, float(np.max(np.abs(want)))) if want.size else 1.0
    return bool(np.all(np.abs(got - want) <= rel * scale))


def _evaluate(net: ReLUNetwork, points) -> np.ndarray:
    X = np.array(points, dtype=object)
    return np.asarray(net(X), dtype=object)


# -- output_network and as_vector_network --------------------------------------------------------------------------
def test_output_network_checks_the_index_and_keeps_an_empty_network_exact():
    """``output_network(net, j)`` accepts 0 <= j < D only (j = D is refused with the message, not an IndexError),
    and the output of a vector network without neurons is the exact affine function C[:, j] x + c0[j].
    Kills output_network 4, 10, 12, 14."""
    net = ReLUNetwork([[1, 2]], [0], [[1, 2, 3]], c=[[4, 5, 6], [7, 8, 9]], c0=[10, 11, 12])
    with pytest.raises(InvalidInput, match=r"^output index 3 out of range: the network has 3 output\(s\)$"):
        output_network(net, 3)
    last = output_network(net, 2)
    assert list(last.v) == [3] and list(last.c) == [6, 9] and last.c0 == 12 and not last.vector_valued
    empty = ReLUNetwork(np.empty((0, 2), dtype=object), [], np.empty((0, 2), dtype=object), c=[[1, 2], [3, 4]],
                        c0=[5, 6])
    one = output_network(empty, 1)
    assert one.arithmetic == "exact" and one.width == 0 and one.dim == 2 and not one.vector_valued
    assert list(one.c) == [2, 4] and one.c0 == 6
    assert _evaluate(one, [[F(1, 3), 1]]).tolist() == [F(2, 3) + 4 + 6]
    scalar = ReLUNetwork([[1, 2]], [0], [5])
    assert output_network(scalar, 0) is scalar  # a scalar network is its own output 0


def test_as_vector_network_gives_one_output_column():
    """A scalar network becomes D = 1 (V (K, 1), c (d, 1), c0 (1,)) with the same values; vector networks are
    returned unchanged; a scalar network without neurons too."""
    net = ReLUNetwork([[1, -2], [3, 1]], [F(1, 2), 0], [3, -1], c=[F(1, 3), 2], c0=F(-5, 7))
    vec = as_vector_network(net)
    assert vec.vector_valued and vec.outputs == 1 and vec.arithmetic == "exact"
    assert vec.V.tolist() == [[3], [-1]] and vec.c.tolist() == [[F(1, 3)], [2]] and vec.c0.tolist() == [F(-5, 7)]
    assert vec.W.tolist() == [[1, -2], [3, 1]] and list(vec.b) == [F(1, 2), 0]
    assert as_vector_network(vec) is vec
    empty = ReLUNetwork(np.empty((0, 2), dtype=object), [], [], c=[1, 2], c0=3)
    ev = as_vector_network(empty)
    assert ev.width == 0 and ev.outputs == 1 and ev.arithmetic == "exact" and ev.c.tolist() == [[1], [2]]
    assert ev.c0.tolist() == [3]


# -- the exact builder ---------------------------------------------------------------------------------------------
def _exact_net() -> ReLUNetwork:
    """d = 2, D = 2.  Neurons: two constants (w = 0), one without output, a hyperplane with output in output 1 only,
    a turned-over neuron and a positive multiple on the hyperplane x1 - x2 = 2, and a pair that cancels."""
    W = [[0, 0], [0, 0], [1, 1], [2, -2], [-3, 3], [F(1, 2), F(-1, 2)], [1, 2], [2, 4]]
    b = [-3, 2, 0, 1, -6, 1, 0, 0]
    V = [[1, 2], [5, 7], [0, 0], [0, 1], [1, -2], [2, 4], [1, 1], [F(-1, 2), F(-1, 2)]]
    return ReLUNetwork(W, b, V, c=[[1, 2], [3, 4]], c0=[5, 6])


def test_exact_builder_by_hand():
    """By hand: w = 0 neurons add v relu(-b) to c0 (3 v for b = -3, 0 for b = 2); the neuron with v = 0 is skipped;
    (2, -2, 1) is primitive (q = (0, 1)); (-3, 3, -6) = -3 (1, -1, 2) is turned over (C += w v^T, c0 -= b v) and
    merges with (1/2, -1/2, 1) = 1/2 (1, -1, 2): q = 3 (1, -2) + 1/2 (2, 4) = (4, -4); (1, 2, 0) cancels.  Keys
    sorted: (1, -1, 2) < (2, -2, 1).  Kills _canonical_exact 29, 42, 77, 79, 85, 87, 107, 108, 117."""
    form = canonical_vector(_exact_net())
    assert isinstance(form, VectorCanonicalForm)
    assert (form.dim, form.outputs, form.arithmetic, form.size, form.rtol, form._scale) == (2, 2, "exact", 2, 0,
                                                                                             (0, 0))
    assert form.normals.tolist() == [[1, -1], [2, -2]] and form.normals.dtype == object
    assert all(type(x) is int for x in form.normals.flat) and all(type(x) is int for x in form.offsets)
    assert form.offsets.tolist() == [2, 1] and form.offsets.dtype == object
    assert form.coefficients.tolist() == [[4, -4], [0, 1]] and form.coefficients.shape == (2, 2)
    assert all(type(x) is F for x in form.coefficients.flat)
    assert form.c.tolist() == [[1 - 3, 2 + 6], [3 + 3, 4 - 6]] and form.c.dtype == object
    assert form.c0.tolist() == [5 + 3 + 6, 6 + 6 - 12] and form.c0.dtype == object
    assert all(type(x) is F for x in (*form.c.flat, *form.c0))
    # the merged network is the same function (exact evaluation at a few points)
    pts = [[F(1, 3), F(-2, 5)], [3, 1], [-2, F(7, 2)], [F(5, 2), F(1, 2)], [0, 0]]
    assert _evaluate(form.network(), pts).tolist() == _evaluate(_exact_net(), pts).tolist()


def test_exact_builder_without_hyperplanes_and_with_a_zero_row():
    """relu(x1) v + relu(-x1) v = |x1| v keeps its hyperplane (q = 2 v; the turned-over neuron puts w v^T into C), a
    constant 3 relu(1) (3, 0) goes into c0; relu(x1) v - relu(-x1) v = x1 v has no hyperplane: shapes (0, d), (0,),
    (0, D) and the linear part in C."""
    net = ReLUNetwork([[1, 0], [-1, 0], [0, 0]], [0, 0, -1], [[1, 2], [1, 2], [3, 0]])
    form = canonical_vector(net)  # relu(x) + relu(-x) is |x|: not affine; check it keeps one hyperplane
    assert form.size == 1 and form.coefficients.tolist() == [[2, 4]]
    assert form.c.tolist() == [[-1, -2], [0, 0]] and form.c0.tolist() == [3, 0]
    flat = canonical_vector(ReLUNetwork([[1, 0], [-1, 0]], [0, 0], [[1, 2], [-1, -2]], c=[[0, 0], [0, 0]],
                                        c0=[0, 0]))  # relu(x) - relu(-x) = x
    assert flat.size == 0 and flat.normals.shape == (0, 2) and flat.offsets.shape == (0,)
    assert flat.coefficients.shape == (0, 2) and flat.c.tolist() == [[1, 2], [0, 0]] and flat.c0.tolist() == [0, 0]


# -- the float builder ---------------------------------------------------------------------------------------------
def _float_vector_net(s: float = 1.0, r: float = 1.0) -> ReLUNetwork:
    """d = 2, D = 2, x scaled by s (W / s), y by r (V, c, c0 times r): constants, a neuron without output, one alone
    on u = (0.6, 0.8), t = s, a turned-over neuron merging with a positive one on t = 2s, a pair that cancels on
    u = (0, 1), t = s."""
    W = np.array([[0, 0], [0, 0], [1, 1], [3, 4], [-6, -8], [1.5, 2], [0, 1], [0, 2]], dtype=np.float64) / s
    b = np.array([-3, 2, 0, 5, -20, 5, 1, 2], dtype=np.float64)
    V = np.array([[1, 2], [5, 7], [0, 0], [0, 1], [1, -2], [2, 4], [1, 1], [-0.5, -0.5]]) * r
    return ReLUNetwork(W, b, V, c=np.array([[1.0, 2.0], [3.0, 4.0]]) * r / s, c0=np.array([5.0, 6.0]) * r)


def _sorted_rows(form):
    rows = [(*map(float, u), float(t), *map(float, a)) for u, t, a in zip(form.normals, form.offsets,
                                                                          form.coefficients, strict=True)]
    return sorted(rows)


@pytest.mark.parametrize(("s", "r"), [(1.0, 1.0), (1e-8, 1e8), (1e8, 1e-8)])
def test_float_builder_by_hand(s, r):
    """By hand (s = r = 1): c0 += 3 (1, 2) (constant b = -3; b = 2 adds 0); the turned-over (-6, -8), b = -20, v = (1,
    -2) adds w v^T = [[-6, 12], [-8, 16]] to C and 20 v to c0, and A = 10 v on t = 2, merging with (1.5, 2), b = 5,
    v = (2, 4): A = 2.5 v = (5, 10), sum (15, -10); (3, 4), b = 5 stays alone with A = (0, 5) on t = 1; (0, 1) and
    (0, 2) cancel.  Magnitudes: linear sqrt5 + 5 (rows of c) + 10 sqrt5 (turned over) against sum ||v|| ||w|| = 5 +
    15 sqrt5 + 2 sqrt2 (the larger); constant sqrt61 + 3 sqrt5 + 2 sqrt74 (w = 0) + 20 sqrt5 (turned over).  Every
    value is covariant when x is scaled by s and y by r."""
    form = canonical_vector(_float_vector_net(s, r))
    assert (form.dim, form.outputs, form.arithmetic, form.size, form.rtol) == (2, 2, "float", 2, FLOAT_RTOL)
    assert form.coefficients.dtype == np.float64 and form.offsets.dtype == np.float64
    got = _sorted_rows(form)
    want = [(0.6, 0.8, 1.0 * s, 0.0, 5.0 * r / s), (0.6, 0.8, 2.0 * s, 15.0 * r / s, -10.0 * r / s)]
    for g, w in zip(got, want, strict=True):
        assert all(_close(a, bb) for a, bb in zip(g, w, strict=True)), (g, w)
    assert _rows_close(form.c / (r / s), [[-5, 14], [-5, 20]]) and _rows_close(form.c0 / r, [28, -28])
    lin = 5 + 15 * math.sqrt(5) + 2 * math.sqrt(2)
    const = math.sqrt(61) + 23 * math.sqrt(5) + 2 * math.sqrt(74)
    assert _close(form._scale[0], lin * r / s, 1e-13) and _close(form._scale[1], const * r, 1e-13)


def test_float_builder_without_merges_turns_neurons_over_and_keeps_magnitudes():
    """Distinct hyperplanes only (no near pair): the lazy path.  (-3, 0), b = 6, v = (1, 2) is turned over: u = (1,
    0), t = -2, A = 3 v, C += [[-3, -6], [0, 0]], c0 -= 6 v; (0, -2), b = -1, v = (2, -1): first coordinate 0, the
    second negative: u = (0, 1), t = 1/2, A = 2 v, C[1] += (-4, 2), c0 += v.  Magnitudes: linear 3 sqrt5 + 2 sqrt5
    (the turned-over terms, also sum ||v|| ||w||), constant 6 sqrt5 + sqrt5.
    Kills _canonical_float 28, 31, 32, 198."""
    net = ReLUNetwork(np.array([[-3.0, 0.0], [0.0, -2.0]]), np.array([6.0, -1.0]), np.array([[1.0, 2.0], [2.0, -1.0]]))
    form = canonical_vector(net)
    assert form.size == 2
    assert _sorted_rows(form) == [(0.0, 1.0, 0.5, 4.0, -2.0), (1.0, 0.0, -2.0, 3.0, 6.0)]
    assert form.c.tolist() == [[-3.0, -6.0], [-4.0, 2.0]] and form.c0.tolist() == [-6.0 + 2.0, -12.0 - 1.0]
    assert _close(form._scale[0], 5 * math.sqrt(5)) and _close(form._scale[1], 7 * math.sqrt(5))
    assert form.normals.shape == (2, 2) and form.normals.dtype == np.float64 and form.rtol == FLOAT_RTOL
    assert form.arithmetic == "float" and type(form._scale[0]) is float and type(form._scale[1]) is float


def test_float_builder_of_constant_neurons_only():
    """Only w = 0 neurons: no hyperplane (shapes (0, d), (0,), (0, D)), c0 = sum v relu(-b), magnitude sum ||v|| |b|.
    Kills _canonical_float 146, 164, 165."""
    net = ReLUNetwork(np.zeros((2, 3)), np.array([-2.0, 4.0]), np.array([[3.0, 4.0], [1.0, 0.0]]))
    form = canonical_vector(net)
    assert form.size == 0 and form.normals.shape == (0, 3) and form.coefficients.shape == (0, 2)
    assert form.offsets.shape == (0,) and form.c.tolist() == [[0.0, 0.0]] * 3 and form.c0.tolist() == [6.0, 8.0]
    assert form.arithmetic == "float" and form.rtol == FLOAT_RTOL and form.outputs == 2 and form.dim == 3
    assert form._scale == (0.0, 5.0 * 2 + 1.0 * 4)


# -- the mp builder ------------------------------------------------------------------------------------------------
def test_mp_builder_by_hand():
    """The float case by hand at 40 digits (s = r = 1), plus a neuron with w = (0, -2): first coordinate 0, so the
    second decides the sign (turned over).  Values within 1e-35 of the exact ones, entries of type mpf.
    Kills _canonical_mp 50, 56-69, 95-97, 107, 136."""
    with mpmath.workdps(40):
        base = _float_vector_net()
        W = np.vstack([base.W, [[0.0, -2.0]]])
        b = np.append(base.b, -1.0)
        V = np.vstack([base.V, [[2.0, -1.0]]])
        form = canonical_vector(ReLUNetwork(W, b, V, base.c, base.c0).as_mp())
        assert (form.arithmetic, form.outputs, form.size) == ("mp", 2, 3)
        assert form.rtol == mpmath.mpf(10) ** -35
        rows = sorted((tuple(float(x) for x in u), float(t), tuple(a)) for u, t, a in
                      zip(form.normals, form.offsets, form.coefficients, strict=True))
        want = [((0.0, 1.0), 0.5, (4, -2)), ((0.6, 0.8), 1.0, (0, 5)), ((0.6, 0.8), 2.0, (15, -10))]
        tol = mpmath.mpf(10) ** -35
        for (u, t, a), (wu, wt, wa) in zip(rows, want, strict=True):
            assert u == wu and t == wt
            assert all(isinstance(x, mpmath.mpf) and abs(x - y) <= tol * 20 for x, y in zip(a, wa, strict=True))
        assert all(isinstance(x, mpmath.mpf) for x in (*form.c.flat, *form.c0))
        want_c = [[-5, 14], [-5 - 4, 20 + 2]]
        assert all(abs(form.c[i, j] - want_c[i][j]) <= tol * 20 for i in range(2) for j in range(2))
        assert abs(form.c0[0] - 30) <= tol * 30 and abs(form.c0[1] - (-29)) <= tol * 30  # (28, -28) + v
        s5, s2 = mpmath.sqrt(5), mpmath.sqrt(2)
        lin = 5 + 15 * s5 + 2 * s2 + 2 * s5  # sum ||v|| ||w||, larger than sqrt5 + 5 + 10 sqrt5 + 2 sqrt5
        const = mpmath.sqrt(61) + 23 * s5 + 2 * mpmath.sqrt(74) + s5
        assert abs(form._scale[0] - lin) <= tol * lin and abs(form._scale[1] - const) <= tol * const


def test_mp_builder_uses_rtol_for_the_sign_and_the_zero_law():
    """With rtol = 1e-3: a normal (1e-4, -1) counts its first coordinate as zero, so the second (negative) turns
    it over; a group of amplitude 1e-4 against magnitude 2 is dropped (1e-4 <= 1e-3 * 2), 1e-2 is kept."""
    with mpmath.workdps(30):
        net = ReLUNetwork([[1e-4, -1.0]], [0.0], [[1.0, 0.0]]).as_mp()
        form = canonical_vector(net, rtol=mpmath.mpf("1e-3"))
        assert form.size == 1 and form.normals[0][1] > 0 and form.normals[0][0] < 0
        assert form.rtol == mpmath.mpf("1e-3")
        pair = ReLUNetwork([[1.0], [1.0]], [0.0, 0.0], [[1.0, 0.0], [-1.0 + 1e-4, 0.0]]).as_mp()
        assert canonical_vector(pair, rtol=mpmath.mpf("1e-3")).size == 0
        kept = ReLUNetwork([[1.0], [1.0]], [0.0, 0.0], [[1.0, 0.0], [-1.0 + 1e-2, 0.0]]).as_mp()
        assert canonical_vector(kept, rtol=mpmath.mpf("1e-3")).size == 1


def test_float_rtol_is_passed_on():
    """canonical_vector(net, rtol=...) groups with that rtol and records it; the zero law is per group."""
    pair = ReLUNetwork([[1.0], [1.0]], [0.0, 0.0], [[1.0, 0.0], [-1.0 + 1e-4, 0.0]])
    form = canonical_vector(pair, rtol=1e-3)
    assert form.size == 0 and form.rtol == 1e-3 and type(form.rtol) is float
    assert canonical_vector(pair).size == 1  # control: the default tolerance keeps 1e-4
    with pytest.raises(InvalidInput, match="rtol"):
        canonical_vector(pair, rtol=-1.0)
    one = canonical_vector(ReLUNetwork([[2.0]], [1.0], [3.0]))  # a scalar network is D = 1
    assert one.outputs == 1 and one.coefficients.tolist() == [[6.0]] and one.offsets.tolist() == [0.5]


# -- norms ---------------------------------------------------------------------------------------------------------
def _forms():
    """The same function in the three arithmetics: A = (15, 0) on (3, 4) x = 1 and A = (0, -26) on (5, 12) x = 0
    (exact: q = (3, 0), p = (3, 4) and q = (0, -2), p = (5, 12))."""
    net = ReLUNetwork([[3, 4], [-6, -8], [5, 12]], [1, -2, 0], [[1, 2], [1, -1], [0, -2]])
    return {"exact": canonical_vector(net), "float": canonical_vector(net.as_float()),
            "mp": canonical_vector(net.as_mp())}


def test_amplitudes_norms_and_rtv2_in_every_arithmetic():
    """||A_1|| = 15, ||A_2|| = 26: amplitudes_squared (225, 676), amplitude_norms (15, 26), R-TV² = 41,
    ||.||_(M,1) = 41, in the arithmetic's own types (Fraction / sympy, float64, mpf).
    Kills amplitudes_squared 12-16, _sumsq 1, 9, 10, rtv2 6-9, per_output_norm 20-26, 28, 30, 31."""
    with mpmath.workdps(50):
        forms = _forms()
        ex = forms["exact"]
        squares = ex.amplitudes_squared()
        assert sorted(squares.tolist()) == [225, 676] and all(type(x) is F for x in squares)
        assert sorted(ex.amplitudes.tolist()) == [[0, -26], [15, 0]]
        assert sorted(ex.amplitude_norms().tolist()) == [15, 26] and ex.rtv2() == 41 and ex.per_output_norm() == 41
        assert isinstance(ex.rtv2(), sympy.Expr) and isinstance(ex.per_output_norm(), sympy.Expr)
        fl = forms["float"]
        assert fl.amplitudes_squared().dtype == np.float64 and fl.amplitude_norms().dtype == np.float64
        assert sorted(fl.amplitudes_squared().tolist()) == [225.0, 676.0]
        assert sorted(fl.amplitude_norms().tolist()) == [15.0, 26.0]
        assert type(fl.rtv2()) is float and type(fl.per_output_norm()) is float
        assert fl.rtv2() == 41.0 and fl.per_output_norm() == 41.0
        mp = forms["mp"]
        tol = mpmath.mpf(10) ** -44
        for values, want in ((mp.amplitudes_squared(), [225, 676]), (mp.amplitude_norms(), [15, 26])):
            assert values.dtype == object and all(isinstance(x, mpmath.mpf) for x in values)
            assert all(abs(x - y) <= tol * y for x, y in zip(sorted(values), want, strict=True))
        for value in (mp.rtv2(), mp.per_output_norm()):
            assert isinstance(value, mpmath.mpf) and abs(value - 41) <= tol * 41


def test_per_output_norm_differs_from_rtv2_with_absolute_values():
    """A = (3, -4) on one hyperplane: ||A||_2 = 5, ||A||_1 = 7 (with the absolute value of -4), in each arithmetic;
    exact with p = (1, 2): q = (3, -4), ||p|| = sqrt5."""
    with mpmath.workdps(50):
        net = ReLUNetwork([[1, 2]], [0], [[3, -4]])
        ex = canonical_vector(net)
        assert _same(ex.rtv2(), 5 * sympy.sqrt(5)) and _same(ex.per_output_norm(), 7 * sympy.sqrt(5))
        assert _same(ex.amplitude_norms()[0], 5 * sympy.sqrt(5)) and ex.amplitudes_squared().tolist() == [125]
        assert _same(ex.amplitudes[1 - 1][1], -4 * sympy.sqrt(5))
        fl = canonical_vector(ReLUNetwork([[0.0, 1.0]], [0.0], [[3.0, -4.0]]))
        assert fl.rtv2() == 5.0 and fl.per_output_norm() == 7.0
        mp = canonical_vector(ReLUNetwork([[0.0, 1.0]], [0.0], [[3.0, -4.0]]).as_mp())
        assert mp.rtv2() == 5 and mp.per_output_norm() == 7


def _same(a, b) -> bool:
    return sympy.simplify(sympy.sympify(a) - sympy.sympify(b)) == 0


def test_row_norms_and_norm_do_not_overflow_or_underflow():
    """Scaled by the largest entry: (3e300, 4e300) has norm 5e300 (the squares overflow), (3e-300, 4e-300) norm
    5e-300 (the squares underflow); one nonzero entry gives its modulus exactly; a zero row 0; no columns 0.
    Kills _norm 2, 3."""
    M = np.array([[3e300, 4e300], [3e-300, -4e-300], [0.0, -7.25], [0.0, 0.0]])
    assert _rows_close(_row_norms(M) / np.array([1e300, 1e-300, 1, 1]), [5, 5, 7.25, 0])
    assert _row_norms(M)[2] == 7.25 and _row_norms(M)[3] == 0.0
    assert _row_norms(np.empty((2, 0))).tolist() == [0.0, 0.0] and _row_norms(np.empty((0, 3))).shape == (0,)
    assert _close(_norm([3e300, 4e300], "float"), 5e300) and _norm([0.0, -7.25], "float") == 7.25
    assert type(_norm(np.array([3.0, 4.0]), "float")) is float  # a float row's norm is a float, not an mpf
    with mpmath.workdps(30):
        big = mpmath.mpf(10) ** 400000000
        assert _norm([3 * big, -4 * big], "mp") == 5 * big
        assert _norm([mpmath.mpf(0), mpmath.mpf(-3) / 7], "mp") == mpmath.mpf(3) / 7
        assert _norm([mpmath.mpf(0)] * 2, "mp") == 0 and _norm([], "mp") == 0
        x = _norm([mpmath.mpf(1), mpmath.mpf(1)], "mp")
        assert abs(x - mpmath.sqrt(2)) <= mpmath.mpf(10) ** -29


# -- the affine zero law -------------------------------------------------------------------------------------------
def test_affine_zero_law_at_its_bounds():
    """Each row of C is compared in norm with rtol times the linear magnitude, ||c0|| with rtol times the constant
    magnitude; both bounds are inclusive; ``scale`` counts when larger than the form's own."""
    def form(c, c0, rtol, scale, kind="float"):
        if kind == "mp":
            c = np.array([[mpmath.mpf(x) for x in row] for row in c], dtype=object)
            c0 = np.array([mpmath.mpf(x) for x in c0], dtype=object)
            rtol, scale = mpmath.mpf(rtol), (mpmath.mpf(scale[0]), mpmath.mpf(scale[1]))
        else:
            c, c0 = np.array(c, dtype=np.float64), np.array(c0, dtype=np.float64)
        return VectorCanonicalForm(2, 2, kind, np.empty((0, 2)), np.empty(0), np.empty((0, 2)), c, c0, rtol, scale)

    for kind in ("float", "mp"):
        assert affine_zero(form([[3, 4], [0, 5]], [6, 8], 0.5, (10, 20), kind))  # 5 <= 5, 5 <= 5, 10 <= 10
        assert not affine_zero(form([[3, 4], [0, 5.5]], [6, 8], 0.5, (10, 20), kind))  # second row 5.5 > 5
        assert not affine_zero(form([[3, 4.5], [0, 5]], [6, 8], 0.5, (10, 20), kind))  # first row
        assert not affine_zero(form([[3, 4], [0, 5]], [6, 8.5], 0.5, (10, 20), kind))  # c0
        assert not affine_zero(form([[3, 4], [0, 5]], [6, 8], 0.5, (9, 20), kind))
        assert not affine_zero(form([[3, 4], [0, 5]], [6, 8], 0.5, (10, 19), kind))
        assert affine_zero(form([[3, 4], [0, 5]], [6, 8], 0.5, (0, 0), kind), (10, 20))  # the larger scale
        assert affine_zero(form([[3, 4], [0, 5]], [6, 8], 0.5, (10, 0), kind), (0, 20))
        assert not affine_zero(form([[3, 4], [0, 5]], [6, 8], 0.5, (0, 0), kind), (10, 19))
    zero = ReLUNetwork(np.empty((0, 2), dtype=object), [], np.empty((0, 2), dtype=object), c=[[0, 0], [0, 0]],
                       c0=[0, 0])
    assert affine_zero(canonical_vector(zero))
    for c, c0 in (([[0, 0], [0, 1]], [0, 0]), ([[0, 0], [0, 0]], [0, 1]), ([[1, 0], [0, 0]], [0, 0])):
        net = ReLUNetwork(np.empty((0, 2), dtype=object), [], np.empty((0, 2), dtype=object), c=c, c0=c0)
        assert not affine_zero(canonical_vector(net))


# -- output(j) -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["exact", "float", "mp"])
def test_output_form_is_the_scalar_form_with_all_its_attributes(kind):
    """``form.output(j)`` keeps the hyperplanes whose amplitude has a nonzero entry j, with the arrays of the
    scalar form of that output (exact: int normals and offsets in object arrays, Fraction q; float: float64;
    mp: object arrays of mpf), the form's rtol and magnitudes.  Amplitudes here: (1, 0, 2) on (1, 0) x = 1,
    (0, 0, -1) on (0, 1) x = 2 (exact q = amplitude since the normals are unit vectors).  Kills output 2-53, 55."""
    with mpmath.workdps(30):
        net = ReLUNetwork([[1, 0], [0, 1]], [1, 2], [[1, 0, 2], [0, 0, -1]], c=[[1, 2, 3], [4, 5, 6]], c0=[7, 8, 9])
        form = canonical_vector(net.as_arithmetic(kind))
        with pytest.raises(InvalidInput, match=r"^output index 3 out of range: the form has 3 output\(s\)$"):
            form.output(3)
        with pytest.raises(InvalidInput, match="out of range"):
            form.output(-1)
        dtype = np.float64 if kind == "float" else object
        cases = {0: ([[1, 0]], [1], [1]), 1: ([], [], []), 2: ([[1, 0], [0, 1]], [1, 2], [2, -1])}
        for j, (normals, offsets, coef) in cases.items():
            out = form.output(j)
            assert type(out) is CanonicalForm and (out.dim, out.arithmetic) == (2, kind)
            assert out.rtol == form.rtol and out._scale == form._scale
            assert sorted(zip(out.offsets.tolist(), out.coefficients.tolist(), strict=True)) == sorted(
                zip(offsets, coef, strict=True))
            assert sorted(out.normals.tolist()) == sorted(normals) and out.normals.shape == (len(normals), 2)
            assert out.coefficients.dtype == dtype and out.offsets.dtype == dtype and out.c.dtype == dtype
            assert out.c.tolist() == [[1, 4], [2, 5], [3, 6]][j] and out.c0 == [7, 8, 9][j]
            if kind == "exact":
                assert out.normals.dtype == object and all(type(x) is int for x in out.normals.flat)
                assert all(type(x) is int for x in out.offsets) and all(type(x) is F for x in out.coefficients)
            if kind == "mp":
                assert all(isinstance(x, mpmath.mpf) for x in (*out.offsets, *out.coefficients, *out.c))
            assert out.equals(canonical(output_network(net.as_arithmetic(kind), j)))


# -- network(), sinogram, equals -----------------------------------------------------------------------------------
def test_network_of_an_empty_form_stays_in_its_arithmetic():
    """The form of a network whose neurons cancel has no hyperplane; its network is the affine part, exact or
    float as the form.  Kills network 20, 22."""
    net = ReLUNetwork([[1, 0], [-1, 0]], [0, 0], [[1, 2], [-1, -2]], c=[[F(1, 2), 0], [0, 0]], c0=[1, 2])
    ex = canonical_vector(net).network()
    assert ex.arithmetic == "exact" and ex.width == 0 and ex.outputs == 2 and ex.vector_valued
    assert ex.c.tolist() == [[F(3, 2), 2], [0, 0]] and ex.c0.tolist() == [1, 2]
    fl = canonical_vector(net.as_float()).network()
    assert fl.arithmetic == "float" and fl.width == 0 and fl.c.tolist() == [[1.5, 2.0], [0.0, 0.0]]
    with mpmath.workdps(30):
        mp = canonical_vector(net.as_mp()).network()
        assert mp.arithmetic == "mp" and mp.width == 0


def test_network_of_a_form_in_each_arithmetic():
    """The merged network: exact with Fraction p_H, beta_H, q_H (q = (4, -4) on (1, -1) x = 2 of the exact case);
    float and mp with the unit normals, offsets and amplitudes."""
    ex = canonical_vector(_exact_net())
    n = ex.network()
    assert n.arithmetic == "exact" and n.W.tolist() == [[1, -1], [2, -2]] and list(n.b) == [2, 1]
    assert all(type(x) is F for x in (*n.W.flat, *n.b)) and n.V.tolist() == [[4, -4], [0, 1]]
    fl = canonical_vector(ReLUNetwork([[0.0, 2.0]], [1.0], [[3.0, -1.0]]))
    m = fl.network()
    assert m.arithmetic == "float" and m.W.tolist() == [[0.0, 1.0]] and m.b.tolist() == [0.5]
    assert m.V.tolist() == [[6.0, -2.0]]
    with mpmath.workdps(30):
        mp = canonical_vector(ReLUNetwork([[0.0, 2.0]], [1.0], [[3.0, -1.0]]).as_mp()).network()
        assert mp.arithmetic == "mp" and mp.W.tolist() == [[0, 1]] and mp.V.tolist() == [[6, -2]]


def test_sinogram_message_names_the_way_out():
    form = canonical_vector(ReLUNetwork([[1, 0]], [0], [[1, 2]]))
    with pytest.raises(InvalidInput, match=r"^a sinogram has scalar atoms; draw one output with "
                                           r"form\.output\(j\)\.sinogram\(\)$"):
        form.sinogram()


def test_equals_refuses_other_types_and_compares_across_arithmetics():
    """equals: a non-form is refused naming its type; an exact form equals the float and mp forms of the same
    function in either order (mixed pairs compare the functions, not exact keys); forms with different numbers of
    outputs or dimensions differ.  Kills sinogram 2.  Kills equals 2, 3, 10, 11, 14."""
    form = canonical_vector(ReLUNetwork([[3, 4], [-6, -8]], [1, -2], [[1, 2], [1, -1]]))
    with pytest.raises(InvalidInput, match=r"^compare a CanonicalForm with another CanonicalForm, not int$"):
        form.equals(3)
    net = ReLUNetwork([[3, 4], [-6, -8]], [1, -2], [[1, 2], [1, -1]])
    with mpmath.workdps(30):
        for other in (canonical_vector(net.as_float()), canonical_vector(net.as_mp())):
            assert form.equals(other) and other.equals(form) and form == other
        changed = ReLUNetwork([[3, 4], [-6, -8]], [1, -2], [[1, 2], [1, -2]])
        for other in (canonical_vector(changed.as_float()), canonical_vector(changed.as_mp())):
            assert not form.equals(other) and not other.equals(form)
        assert form.equals(canonical_vector(net)) and not form.equals(canonical_vector(changed))
    wider = canonical_vector(ReLUNetwork([[3, 4]], [0], [[1, 1, 0]]))
    assert not canonical_vector(ReLUNetwork([[3, 4]], [0], [[1, 1]])).equals(wider)
    assert not canonical_vector(ReLUNetwork([[3, 4, 0]], [0], [[1, 1]])).equals(
        canonical_vector(ReLUNetwork([[3, 4]], [0], [[1, 1]])))


@pytest.mark.parametrize("scale", [1e-8, 1.0, 1e8])
def test_equals_counts_the_magnitudes_of_both_forms(scale):
    """As the scalar law: F = B relu(-x) - B relu(-x) + (1 + delta) x (in both outputs), G = x: the affine part of
    the difference, delta, is zero up to tau times the larger magnitudes of both forms (2B from F's turned-over
    neurons), in either order; only G's own magnitude (1) would call them different.  Kills equals 31, 34, 35."""
    B, delta = 1e20 * scale, 1e-6
    V = np.array([[B, B], [-B, -B]])
    big = canonical_vector(ReLUNetwork([[-1.0], [-1.0]], [0.0, 0.0], V, c=[[(1 + delta) * scale] * 2], c0=[0.0, 0.0]))
    small = canonical_vector(ReLUNetwork(np.empty((0, 1)), [], np.empty((0, 2)), c=[[scale, scale]], c0=[0.0, 0.0]))
    assert abs(delta * scale) * math.sqrt(2) <= FLOAT_RTOL * 2 * B * math.sqrt(2)
    assert small.equals(big) and big.equals(small)
    off = canonical_vector(ReLUNetwork([[-1.0], [-1.0]], [0.0, 0.0], V, c=[[(1 + 1e10) * scale] * 2], c0=[0.0, 0.0]))
    assert not small.equals(off) and not off.equals(small)


def test_inexact_forms_of_other_shapes_are_not_equal():
    """equals: float and mp forms with a different number of outputs, or of input dimensions, are not equal (False,
    in either order) -- one differing shape is enough; their networks cannot be subtracted.  Kills equals 6 (``and``
    for ``or``: the subtraction raised InvalidInput; exact pairs hid it behind the exact key) (rerun of 0743422)."""
    base = ReLUNetwork([[3, 4]], [0], [[1, 1]])
    wider = ReLUNetwork([[3, 4]], [0], [[1, 1, 0]])
    deeper = ReLUNetwork([[3, 4, 0]], [0], [[1, 1]])
    with mpmath.workdps(30):
        for kind in ("float", "mp"):
            form = canonical_vector(base.as_arithmetic(kind))
            for other in (wider, deeper):
                for other_form in (canonical_vector(other.as_arithmetic(kind)), canonical_vector(other)):
                    assert form.equals(other_form) is False and other_form.equals(form) is False


@pytest.mark.parametrize("kind", ["float", "mp"])
def test_equals_uses_its_rtol_for_the_difference(kind):
    """equals(other, rtol): the difference's form is built with that rtol, so amplitudes (and an affine part) that
    differ by a relative 1e-6 are equal at rtol = 1e-3 and different at the default tolerance (2^-40 or
    10^-(dps - 5)).  F = relu(3x + 4y) (1, 1) + x (1, 1), G = (1 + 1e-6) F: the difference has one group, amplitude
    5e-6 (1, 1) against the magnitude 5 + 5 (1 + 1e-6) summed into it, and the linear part 1e-6 (1, 1) against
    F's and G's magnitudes: zero at tau = 1e-3, not at the default tau; H = F with only the linear part changed
    likewise.  Kills equals 21, 23 (``rtol=None`` or dropped: the default tolerance used instead) (rerun of
    0743422)."""
    delta = F(1, 10**6)
    with mpmath.workdps(30):
        first = ReLUNetwork([[3, 4]], [0], [[1, 1]], c=[[1, 1], [0, 0]], c0=[0, 0]).as_arithmetic(kind)
        second = ReLUNetwork([[3, 4]], [0], [[1 + delta, 1 + delta]], c=[[1 + delta, 1 + delta], [0, 0]],
                             c0=[0, 0]).as_arithmetic(kind)
        f, g = canonical_vector(first), canonical_vector(second)
        assert not f.equals(g) and not g.equals(f)
        assert f.equals(g, rtol=1e-3) and g.equals(f, rtol=1e-3)
        affine_only = ReLUNetwork([[3, 4]], [0], [[1, 1]], c=[[1 + delta, 1 + delta], [0, 0]],
                                  c0=[0, 0]).as_arithmetic(kind)
        h = canonical_vector(affine_only)
        assert not f.equals(h) and f.equals(h, rtol=1e-3)


# -- printing, export, scalar forms as D = 1 -------------------------------------------------------------------------
def test_str_and_as_dict_by_hand():
    """q = (3, 0) on p = (3, 4), beta = 1: A = (15, 0), u = (3/5, 4/5), t = 1/5; C = [[-6, 6], [-8, 8]] and
    c0 = (2, -2) from the turned-over neuron; plus (0, 1) x = 0 with A = (0, 2).
    Kills __str__ 17-19, 21, 23, 24, 28, as_dict 2, 3, 6, 7, 10, 11, 13, 14, 28, 29."""
    form = canonical_vector(ReLUNetwork([[3, 4], [-6, -8], [0, 1]], [1, -2, 0], [[1, 2], [1, -1], [0, 2]]))
    assert str(form) == (
        "canonical form in d = 2 with D = 2 outputs (exact), 2 hyperplane(s):\n"
        "  A = (0, 2)  on  u = (0, 1), t = 0\n"
        "  A = (15, 0)  on  u = (3/5, 4/5), t = 1/5\n"
        "  affine: C = [['-6', '6'], ['-8', '8']], c0 = (2, -2)\n"
        "  R-TV2 = ||.||_(2,M) = 17")
    assert form.as_dict() == {
        "dim": 2, "outputs": 2, "arithmetic": "exact",
        "hyperplanes": [{"u": [0.0, 1.0], "t": 0.0, "A": [0.0, 2.0]}, {"u": [0.6, 0.8], "t": 0.2, "A": [15.0, 0.0]}],
        "c": [[-6.0, 6.0], [-8.0, 8.0]], "c0": [2.0, -2.0], "rtv2": 17.0}


@pytest.mark.parametrize("kind", ["exact", "float", "mp"])
def test_as_vector_form_keeps_arithmetic_rtol_and_magnitudes(kind):
    """A scalar form as D = 1: coefficients (H, 1), c (d, 1), c0 (1,) in the arithmetic's dtype, with the form's
    arithmetic, rtol and magnitudes; a vector form is returned unchanged.
    Kills as_vector_form 20-24, 27, 33, 43, 44."""
    with mpmath.workdps(30):
        net = ReLUNetwork([[-1, 0], [0, 2]], [1, 3], [2, 3], c=[1, 2], c0=5).as_arithmetic(kind)
        scalar = canonical(net)
        vec = as_vector_form(scalar)
        assert isinstance(vec, VectorCanonicalForm) and vec.outputs == 1 and vec.arithmetic == kind
        assert vec.rtol == scalar.rtol and vec._scale == scalar._scale and vec.dim == 2
        assert vec.coefficients.shape == (2, 1) and vec.c.shape == (2, 1) and vec.c0.shape == (1,)
        assert vec.c0.dtype == (np.float64 if kind == "float" else object)
        # 2 relu(-x1 - 1) = 2 relu(x1 + 1) - 2 x1 - 2
        assert vec.c0[0] == 5 - 2 * 1 and vec.c.tolist() == [[1 - 2], [2]]
        if kind == "mp":
            assert isinstance(vec.c0[0], mpmath.mpf)
        assert as_vector_form(vec) is vec


# -- edge cases of the builders --------------------------------------------------------------------------------------
def test_mp_vector_coordinate_exactly_tau_does_not_decide_the_canonical_sign():
    """w = (-1, 2), u = (-1, 2)/sqrt5, rtol = |u_1| computed as the builder does: a coordinate at most tau counts as
    zero, so u_2 > 0 decides and the neuron is not turned over (zero affine part).  Kills _canonical_mp 80."""
    net = ReLUNetwork([[-1, 2]], [0], [[1, 2]]).as_mp()
    tau = abs(mpmath.mpf(-1) / mpmath.sqrt(mpmath.fsum([1, 4])))
    form = canonical_vector(net, rtol=tau)
    assert form.size == 1 and form.normals[0][0] < 0 < form.normals[0][1]
    assert all(x == 0 for x in (*form.c.flat, *form.c0))


def test_mp_vector_group_is_represented_by_its_first_neuron():
    """Neurons 0 and 1 on nearly the same hyperplane (normals 2^-60 apart, within the default tolerance): one group
    with A = (1, 1), represented by neuron 0: normal (1, 0) exactly, not neuron 1's.
    Kills _canonical_mp 138, 139."""
    net = ReLUNetwork([[1, 0], [1, F(1, 2**60)]], [0, 0], [[1, 0], [0, 1]]).as_mp()
    form = canonical_vector(net)
    assert form.size == 1 and form.coefficients.tolist() == [[1, 1]]
    assert form.normals[0][0] == 1 and form.normals[0][1] == 0


@pytest.mark.parametrize("kind", ["exact", "float", "mp"])
def test_forms_without_hyperplanes_keep_their_arrays(kind):
    """Constant neurons only (3 relu(-0 x + 2) v with v = (3, 4) / 3, and a network without neurons): no hyperplane,
    arrays of shapes (0, d), (0,), (0, D) in the arithmetic's dtype, c0 = (6, 8), constant magnitude ||v|| |b| = 10.
    Kills amplitudes_squared 5, 7, 18, 20, amplitude_norms 17, 19, 27, 29, _canonical_exact 96, 98, _canonical_mp
    118, 120, 163, 165, 168, 170, 177, 179."""
    dtype = np.float64 if kind == "float" else object
    net = ReLUNetwork([[0, 0]], [-2], [[3, 4]]).as_arithmetic(kind)
    none = ReLUNetwork(np.empty((0, 2), dtype=object), [], np.empty((0, 2), dtype=object), c=[[1, 0], [0, 1]],
                       c0=[1, 2]).as_arithmetic(kind)
    with mpmath.workdps(30):
        for form, c0 in ((canonical_vector(net), [6, 8]), (canonical_vector(none), [1, 2])):
            assert form.size == 0 and form.normals.shape == (0, 2) and form.offsets.shape == (0,)
            assert form.coefficients.shape == (0, 2) and form.coefficients.dtype == dtype
            assert form.c0.tolist() == c0 and form.c.dtype == dtype and form.c0.dtype == dtype
            assert form.normals.dtype == dtype and form.offsets.dtype == dtype and form.arithmetic == kind
            assert form.amplitudes_squared().dtype == dtype and form.amplitude_norms().dtype == dtype
        assert canonical_vector(net)._scale == ((0, 0) if kind == "exact" else (0, 10))
        scale = canonical_vector(none)._scale
        assert scale == (0, 0) if kind == "exact" else (scale[0] == 2 and _close(scale[1], math.sqrt(5)))


def test_float_amplitudes_that_underflow_are_dropped():
    """v = 1e-200 (1, 1) on w = (1e-150, 0): ||w||^2 = 1e-300 > 0 but A = v ||w|| = 1e-350 is 0 in float; the
    neuron is dropped, alone (no near pair) and next to a merged pair on (0, 1) x = 1 (A = (2, 0) + (0, 2)).
    Kills _canonical_float 189, 281."""
    alone = ReLUNetwork(np.array([[1e-150, 0.0], [0.0, 1.0]]), np.array([0.0, 1.0]),
                        np.array([[1e-200, 1e-200], [2.0, 0.0]]))
    form = canonical_vector(alone)
    assert form.size == 1 and form.offsets.tolist() == [1.0] and form.coefficients.tolist() == [[2.0, 0.0]]
    assert form.normals.tolist() == [[0.0, 1.0]] and form._scale == (2.0, 0.0)
    merged = ReLUNetwork(np.array([[1e-150, 0.0], [0.0, 1.0], [0.0, 2.0]]), np.array([0.0, 1.0, 2.0]),
                         np.array([[1e-200, 1e-200], [2.0, 0.0], [0.0, 1.0]]))
    form = canonical_vector(merged)
    assert form.size == 1 and form.offsets.tolist() == [1.0] and form.coefficients.tolist() == [[2.0, 2.0]]
    assert form.normals.tolist() == [[0.0, 1.0]]


@pytest.mark.parametrize("kind", ["float", "mp"])
def test_linear_magnitude_counts_c_and_the_turned_over_terms(kind):
    """C = [[100, 0], [0, 0]] and a turned-over neuron w = (-2, 0), b = 2, v = (3, 4): u = (1, 0),
    t = -1, A = 2 v = (6, 8); C += w v^T, c0 -= b v.  Linear magnitude ||C rows|| summed (100) plus ||v|| ||w|| = 10
    of the turned-over neuron: 110, larger than sum ||v|| ||w|| = 10; constant magnitude ||v|| |b| = 10.
    Kills _canonical_float 111, 112, _canonical_mp 92-94."""
    with mpmath.workdps(30):
        net = ReLUNetwork([[-2.0, 0.0]], [2.0], [[3.0, 4.0]], c=[[100.0, 0.0], [0.0, 0.0]], c0=[0.0, 0.0])
        form = canonical_vector(net if kind == "float" else net.as_mp())
        assert form._scale == (110, 10)
        assert form.c.tolist() == [[94, -8], [0, 0]] and form.c0.tolist() == [-6, -8]
        assert form.size == 1 and form.offsets.tolist() == [-1] and form.coefficients.tolist() == [[6, 8]]


@pytest.mark.parametrize("kind", ["float", "mp"])
def test_group_amplitude_exactly_tau_times_its_magnitude_is_zero(kind):
    """Two neurons on x = 0 with v = (1.25, 0) and (-0.75, 0), rtol = 1/4: ||A|| = 0.5 = tau * (1.25 + 0.75), all
    exact in binary: at the bound the group is zero (the law is ||A|| <= tau * magnitude); with -0.7 it is kept
    (0.55 > 0.4875).  Kills _canonical_float 262, _canonical_mp 155, 156."""
    with mpmath.workdps(30):
        def form(v2):
            net = ReLUNetwork([[1.0], [1.0]], [0.0, 0.0], [[1.25, 0.0], [v2, 0.0]])
            return canonical_vector(net if kind == "float" else net.as_mp(), rtol=0.25)

        assert form(-0.75).size == 0
        kept = form(-0.7)
        assert kept.size == 1 and _close(kept.coefficients[0][0], 0.55) and kept.coefficients[0][1] == 0


@pytest.mark.parametrize("kind", ["float", "mp"])
def test_a_tolerance_without_canonical_sign_is_refused(kind):
    """rtol >= 1/sqrt(d): a unit normal such as (1, 1)/sqrt2 has no coordinate above rtol, so no canonical sign
    (mp raised StopIteration, float kept relu(z) and relu(-z) of the linear (x1 + x2) v apart).  Refused for
    rtol = 0.71 >= 1/sqrt2 in d = 2; rtol = 0.7 < 1/sqrt2 works and finds the linear function."""
    with mpmath.workdps(30):
        net = ReLUNetwork([[1.0, 1.0], [-1.0, -1.0]], [0.0, 0.0], [[1.0, 2.0], [-1.0, -2.0]])
        net = net if kind == "float" else net.as_mp()
        with pytest.raises(InvalidInput, match=r"1/sqrt\(d\)"):
            canonical_vector(net, rtol=0.71)
        form = canonical_vector(net, rtol=0.7)
        assert form.size == 0 and form.c.tolist() == [[1, 2], [1, 2]] and form.c0.tolist() == [0, 0]


def test_a_hand_built_vector_form_has_tolerance_zero_by_default():
    """A form built directly was grouped with no tolerance: rtol 0 and magnitudes (0, 0) by default.
    Kills VectorCanonicalForm.__init__ 1."""
    form = VectorCanonicalForm(1, 2, "float", np.array([[1.0]]), np.array([0.5]), np.array([[2.0, 1.0]]),
                               np.zeros((1, 2)), np.zeros(2))
    assert form.rtol == 0 and form._scale == (0, 0) and form.outputs == 2 and form.size == 1
