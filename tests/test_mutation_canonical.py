"""Canonical forms and exact witnesses: tests that close gaps found by mutation testing of radontv/canonical_form.py.

Issue 9; the mutants each test kills are listed in tests/mutation-equivalents.md (section canonical_form.py).  The
expected values come from the module's documented rules worked by hand (the tolerance law of ``equals``, the exact
decision of ``same_function``, the witness construction of ``witness``'s docstring) or from exact integer
arithmetic, never from the code under test.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest

from radontv import InvalidInput, ReLUNetwork
from radontv.canonical_form import FLOAT_RTOL, CanonicalForm, canonical, witness
from radontv.same_function import same_function


def _zero(d: int, arithmetic: str = "exact") -> ReLUNetwork:
    """The zero function on R^d as a network without neurons."""
    if arithmetic == "float":
        return ReLUNetwork(np.empty((0, d)), [], [], c=[0.0] * d, c0=0.0)
    return ReLUNetwork(np.empty((0, d), dtype=object), [], [], c=[0] * d, c0=0)


def _h(f: ReLUNetwork, g: ReLUNetwork, x: list[Fraction]) -> Fraction:
    """(f - g)(x), evaluated exactly on the two networks themselves."""
    pt = np.array(x, dtype=object).reshape(1, -1)
    return f(pt)[0] - g(pt)[0]


# -- equals: exact against inexact forms, and the tolerance law with the other form's magnitudes ------------------
def test_an_exact_form_equals_the_float_form_of_the_same_function_either_way_round():
    """Mixed arithmetic compares the functions (the difference promoted to float), not the exact keys: the float
    form's unit normals are not the exact form's primitive integer normals."""
    f = ReLUNetwork([[1, 2], [-3, 1]], [Fraction(1, 3), 2], [Fraction(1, 2), -1])
    exact, flt = canonical(f), canonical(f.as_float())
    assert exact.equals(flt) and flt.equals(exact)
    assert exact == flt and flt == exact
    # negative control: an output weight changed from -1 to -2 is a different function, in both orders
    g = ReLUNetwork([[1, 2], [-3, 1]], [Fraction(1, 3), 2], [Fraction(1, 2), -2])
    other = canonical(g.as_float())
    assert not exact.equals(other) and not other.equals(exact)


@pytest.mark.parametrize("scale", [1e-8, 1.0, 1e8])
def test_equals_counts_the_magnitudes_summed_into_the_other_form(scale):
    """``equals`` is symmetric: the affine part of the difference is zero up to τ times the larger magnitudes of
    *both* forms (module docstring).  F = B relu(-x) - B relu(-x) + (1 + δ) x has linear magnitudes 2B (its two
    turned-over neurons put -B and +B into c); G = x has magnitude 1.  With B = 1e20 and δ = 1e-6,
    |δ| = 1e-6 ≤ τ·2e20 ≈ 1.8e8, so the two forms are equal in either order; only G's magnitudes (1) would call
    them different.  Rescaling the outputs by ``scale`` rescales every magnitude and leaves the verdict."""
    B, delta = 1e20 * scale, 1e-6
    F = canonical(ReLUNetwork([[-1.0], [-1.0]], [0.0, 0.0], [B, -B], c=[(1 + delta) * scale], c0=0.0))
    G = canonical(ReLUNetwork(np.empty((0, 1)), [], [], c=[scale], c0=0.0))
    assert abs(delta * scale) <= FLOAT_RTOL * 2 * B  # the law's bound, by hand
    assert G.equals(F) and F.equals(G)
    # negative control: δ = 1e10 exceeds τ·2e20 and is a difference in either order
    F2 = canonical(ReLUNetwork([[-1.0], [-1.0]], [0.0, 0.0], [B, -B], c=[(1 + 1e10) * scale], c0=0.0))
    assert abs(1e10 * scale) > FLOAT_RTOL * 2 * B
    assert not G.equals(F2) and not F2.equals(G)


# -- exact same_function: the affine part must vanish entirely ----------------------------------------------------
def test_exact_networks_differing_only_in_c_or_only_in_c0_are_different_functions():
    """f - g = x1 (c ≠ 0, c0 = 0) and f - g = 1 (c = 0, c0 ≠ 0) are nonzero affine functions: both parts must be
    zero for the exact decision to say "same"."""
    z = _zero(2)
    linear = ReLUNetwork(np.empty((0, 2), dtype=object), [], [], c=[1, 0], c0=0)
    constant = ReLUNetwork(np.empty((0, 2), dtype=object), [], [], c=[0, 0], c0=1)
    assert not same_function(linear, z)[0]
    assert not same_function(constant, z)[0]
    # control: a network and its own canonical network are the same function (empty difference, zero affine part)
    f = ReLUNetwork([[1, 0], [-2, 0]], [1, -2], [1, 1], c=[3, 0], c0=Fraction(1, 2))
    assert same_function(f, canonical(f).network())[0]


# -- exact forms keep exact entries: Python ints and object arrays --------------------------------------------------
def test_exact_normals_and_offsets_are_python_ints_beyond_int64_products():
    """The class docstring: exact normals are ``int`` objects.  A primitive normal (3037000500, 1) fits in int64 but
    its squared norm 3037000500² + 1 ≈ 9.2e18 does not; with Python ints the user's arithmetic on the form is exact."""
    p0, beta = 3037000500, 5
    form = canonical(ReLUNetwork([[p0, 1]], [beta], [1]))
    p, b = form.normals[0], form.offsets[0]
    assert all(type(x) is int for x in p) and type(b) is int
    assert sum(x * x for x in p) == p0**2 + 1 > 2**63  # closed form; an int64 product would wrap
    assert b * b * p[0] == beta**2 * p0
    assert form.amplitudes_squared()[0] == p0**2 + 1  # q = 1: A² = q²‖p‖²
    # control: a negative normal is turned over to the canonical sign, still with int entries
    turned = canonical(ReLUNetwork([[-p0, -1]], [-beta], [1]))
    assert [type(x) for x in turned.normals[0]] == [int, int] and list(turned.normals[0]) == [p0, 1]


def test_an_empty_exact_form_keeps_exact_arrays():
    """An exact form without hyperplanes still has exact (object) arrays: sums over them are the exact 0, not 0.0."""
    form = canonical(ReLUNetwork([[1, 1], [-1, -1]], [0, 0], [2, -2]))  # 2 relu(z) - 2 relu(-z) = 2z: affine
    assert form.size == 0 and list(form.c) == [2, 2]
    us, ts = form.unit_normals()
    arrays = (form.normals, form.offsets, form.coefficients, form.amplitudes_squared(), us, ts)
    assert [a.shape for a in arrays] == [(0, 2), (0,), (0,), (0,), (0, 2), (0,)]
    assert all(a.dtype == object for a in arrays)
    assert all(type(a.sum()) is int for a in arrays)
    # control: the float form of the same network has float arrays
    flt = canonical(ReLUNetwork([[1.0, 1.0], [-1.0, -1.0]], [0.0, 0.0], [2.0, -2.0]))
    assert flt.size == 0 and flt.coefficients.dtype == np.float64


# -- constructor and rtol defaults ----------------------------------------------------------------------------------
def test_a_hand_built_form_has_tolerance_zero_by_default():
    """``rtol`` is the tolerance the form was grouped with; a form built directly was grouped with none (0)."""
    form = CanonicalForm(1, "float", np.array([[1.0]]), np.array([0.5]), np.array([2.0]), np.array([0.0]), 0.0)
    assert form.rtol == 0 and form._scale == (0, 0)
    assert CanonicalForm(1, "float", None, np.empty(0), np.empty(0), np.zeros(1), 0.0, rtol=0.25).rtol == 0.25


@pytest.mark.parametrize("arithmetic", ["float", "mp"])
def test_rtol_zero_is_accepted_for_inexact_forms(arithmetic):
    """τ = 0 is a valid tolerance (non-negative): hyperplanes merge only when equal in the arithmetic."""
    net = ReLUNetwork([[1.0], [2.0]], [0.5, 1.0], [1.0, 1.0])  # relu(x - 1/2) + relu(2x - 1): one knot, A = 3
    if arithmetic == "mp":
        net = net.as_mp()
    form = canonical(net, rtol=0)
    assert form.rtol == 0 and form.size == 1 and form.coefficients[0] == 3
    with pytest.raises(InvalidInput, match="non-negative"):  # control: a negative rtol is refused
        canonical(net, rtol=-mpmath.mpf("1e-30"))


# -- witness of exact networks: the construction of the docstring ----------------------------------------------------
def test_exact_witness_is_reproducible_for_a_seed():
    """The random point is drawn from ``seed``: the same seed gives the same witness (d = 2, where x0 is random)."""
    f = ReLUNetwork([[1, 2], [3, -1]], [Fraction(1, 3), 2], [1, -1])
    z = _zero(2)
    first = witness(f, z, seed=0)
    assert first is not None and _h(f, z, list(first)) != 0
    for _ in range(3):
        assert np.array_equal(witness(f, z, seed=0), first)
    # control: another seed draws another point of H (a different witness)
    assert not np.array_equal(witness(f, z, seed=1), first)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_exact_witness_in_one_dimension_lies_next_to_a_knot(seed):
    """In d = 1 the hyperplane H is one knot and the docstring's x0 ∈ H is that knot; the witness is x0 or x0 ± εp
    with a step too small to reach another knot.  Knots at 1/2 + j/100 (j = 0..10, alternating signs, so the
    first knot in canonical order, 1/2 = (2, 1), has p = 2): the witness is within 1/100 of the knots' range."""
    knots = [Fraction(1, 2) + Fraction(j, 100) for j in range(11)]
    f = ReLUNetwork([[1]] * 11, knots, [(-1) ** j for j in range(11)])
    z = _zero(1)
    x = witness(f, z, seed=seed)
    assert x is not None and _h(f, z, list(x)) != 0
    assert any(abs(x[0] - k) < Fraction(1, 100) for k in knots)
    # control: a point off the knots (x = 1) is where f is nonzero too, but 1 is not next to any knot
    assert _h(f, z, [Fraction(1)]) != 0 and not any(abs(1 - k) < Fraction(1, 100) for k in knots)


def test_exact_witness_on_the_knot_itself():
    """relu(x) + relu(2x + 1): the first knot in canonical order is 0 (key (1, 0) before (2, -1)); h(0) = 1 ≠ 0, so
    the witness is x0 = 0 itself (the other hyperplane's value there, 2·0 + 1 = 1, is no reason to skip x0)."""
    f = ReLUNetwork([[1], [2]], [0, -1], [1, 1])
    assert list(witness(f, _zero(1))) == [0]


def test_exact_witness_skips_a_random_point_that_lies_on_another_hyperplane():
    """A hostile second hyperplane through the first generic point drawn for seed 0.

    H = {x1 = 0} (key (1, 0, 0), first); for seed 0 the construction's first draw is e = (17/8, 1/7), s = -385/97
    (numpy default_rng(0): integers(-97, 98), integers(1, 50) per coordinate, then integers(-1000, 1001)), so
    x0 = (0, s/7) = (0, -55/97).  H' = {x1 + x2 = -55/97} passes through it: that point must be skipped and the
    next one tried, still giving a witness (checked exactly).  If the draws change, H' is merely not hostile."""
    f = ReLUNetwork([[1, 0], [1, 1]], [0, Fraction(-55, 97)], [1, 1])
    z = _zero(2)
    form = canonical(f)
    assert [(*(int(v) for v in p), int(b)) for p, b in zip(form.normals, form.offsets, strict=True)] == [
        (1, 0, 0),
        (97, 97, -55),
    ]
    x = witness(f, z, seed=0)
    assert x is not None and _h(f, z, list(x)) != 0
    # control: x0 = (0, -55/97) itself lies on both hyperplanes, where f is zero
    assert _h(f, z, [Fraction(0), Fraction(-55, 97)]) == 0


def test_exact_witness_step_is_half_the_distance_to_the_next_hyperplane_over_its_slope():
    """h = relu(x) - relu(x - 2): H = {x = 0} (key (1, 0), first), x0 = 0 where h(0) = 0, so the witness is
    x0 + εp with ε = min(1, |0 - 2| / (2 |1·1|)) = 1 (the docstring's step: too small to reach x = 2): h(1) = 1.  A
    slope summed from 1 instead of 0 would give ε = 1/2.  Kills ``witness`` 186 (``sum(..., Fraction(1))``)."""
    f = ReLUNetwork([[1], [1]], [0, 2], [1, -1])
    assert list(witness(f, _zero(1))) == [1]


# -- a scalar form compared with a vector form (D = 1) ------------------------------------------------------------
def test_a_scalar_form_compared_with_a_vector_form_is_compared_as_d_equals_1():
    """``CanonicalForm.equals`` hands a vector form the comparison (a scalar form counts as D = 1), with the given
    rtol: the same network with V of shape (K, 1) is the same function; an output weight changed by the relative
    amount 2^-30 is a difference at the default float tolerance 2^-40 and none at rtol = 1e-6."""
    W, b = [[1.0, 2.0], [-3.0, 0.5]], [0.5, -1.0]
    scalar = canonical(ReLUNetwork(W, b, [1.5, -2.0]))
    vector = canonical(ReLUNetwork(W, b, np.array([[1.5], [-2.0]])))
    assert scalar.equals(vector) and vector.equals(scalar) and scalar == vector
    moved = canonical(ReLUNetwork(W, b, np.array([[1.5 * (1 + 2.0**-30)], [-2.0]])))
    assert not scalar.equals(moved)
    assert scalar.equals(moved, rtol=1e-6) and moved.equals(scalar, rtol=1e-6)
    # control: two outputs are not one, even when the first output is the scalar function
    two = canonical(ReLUNetwork(W, b, np.array([[1.5, 1.0], [-2.0, 0.0]])))
    assert not scalar.equals(two) and not two.equals(scalar)


# -- witness of vector networks: rtol and seed passed on ------------------------------------------------------------
def test_witness_of_vector_networks_uses_the_given_rtol_and_seed():
    """For vector networks ``witness`` is the point of ``vector_witness`` (docstring), with the given rtol and seed.
    Exact: the point is the exact scalar witness of the first output that differs, drawn with the same seed (the
    output networks compared one by one); float: a relative change 2^-30 of one output weight is a difference at the
    default tolerance 2^-40 and none at rtol = 1e-6."""
    from radontv.canonical_vector import output_network

    W, b = [[1, 2], [3, -1]], [Fraction(1, 3), 2]
    f = ReLUNetwork(W, b, np.array([[1, 2], [-1, 1]], dtype=object))
    g = ReLUNetwork(W, b, np.array([[1, 2], [-1, 3]], dtype=object))  # output 1 differs on the second hyperplane
    for seed in (0, 1, 2):
        x = witness(f, g, seed=seed)
        assert np.array_equal(x, witness(output_network(f, 1), output_network(g, 1), seed=seed))
        pt = np.array(x, dtype=object).reshape(1, -1)
        assert f(pt)[0][1] != g(pt)[0][1]
    assert not np.array_equal(witness(f, g, seed=1), witness(f, g, seed=0))  # the seed moves the point
    Wf, bf = [[1.0, 2.0], [-3.0, 0.5]], [0.5, -1.0]
    ff = ReLUNetwork(Wf, bf, np.array([[1.5, 1.0], [-2.0, 0.0]]))
    gf = ReLUNetwork(Wf, bf, np.array([[1.5 * (1 + 2.0**-30), 1.0], [-2.0, 0.0]]))
    assert witness(ff, gf, rtol=1e-6) is None
    x = witness(ff, gf)
    assert x is not None
    xe = np.array([Fraction(float(p)) for p in x], dtype=object).reshape(1, -1)
    assert ff.as_exact()(xe)[0][0] != gf.as_exact()(xe)[0][0]  # checked exactly, in output 0


@pytest.mark.parametrize("scale", [1e-8, 1.0, 1e8])
def test_float_forms_group_with_the_float_tolerance_by_default(scale):
    """The default τ of a float form is FLOAT_RTOL = 2^-40 ≈ 9.1e-13, not the mp default 10^-(dps-5) (1e-10 at the
    default 15 digits): knots at t and t(1 + 1e-11) differ by more than τ|t| and stay two hyperplanes; at rtol = 1e-10
    they are one (A = 1 + 1 = 2).  The knots are scaled by ``scale`` (the law is relative)."""
    t = 1.5 * scale
    net = ReLUNetwork([[1.0], [1.0]], [t, t * (1 + 1e-11)], [1.0, 1.0])
    form = canonical(net)
    assert form.rtol == FLOAT_RTOL and form.size == 2
    assert 1e-11 > FLOAT_RTOL * (1 + 1e-11)  # the relative gap exceeds τ, by hand
    merged = canonical(net, rtol=1e-10)  # control: a tolerance above the gap merges them
    assert merged.size == 1 and merged.coefficients[0] == 2.0


# -- leftovers of radontv/splines_interp.py: the zero rule's neighbours, sign and boundary (issue 9) ----------------
def test_mp_zero_bound_of_an_amplitude_uses_its_own_two_slopes_and_keeps_its_sign():
    """mp data at 53 bits (u = 2^-52), x = 0..4, y = 0, 1, 5/2, M, M with M = 2^60.  Amplitudes a_0 = 1/2,
    a_1 = M - 4 > 0, a_2 = -(M - 5/2) < 0; a_0's bound 4 (e_0 + e_1) = 4 (4u + 11u) is tiny, so a_0 is a knot; the
    last slope's bound e_3 = 2uM = 512 is not a neighbour of a_0 (using it would call a_0 zero).  Runs by hand:
    (0, 2, +1), (2, 1, -1); exact arithmetic gives the same (control).  Kills splines_interp ``_slopes_amplitudes``
    128 (bound ``e[i] + e[i-1]``: e[-1] = e_3 for i = 0), 130, 131 (mp sign forced to -1 or +1)."""
    from radontv.splines_interp import curvature_runs

    expected = [(0, 2, 1), (2, 1, -1)]
    assert curvature_runs([0, 1, 2, 3, 4], [0, 1, Fraction(5, 2), 2**60, 2**60]) == expected  # exact control
    with mpmath.workprec(53):
        x = [mpmath.mpf(v) for v in (0, 1, 2, 3, 4)]
        y = [mpmath.mpf(v) for v in (0, 1, 2.5, 2**60, 2**60)]
        assert curvature_runs(x, y) == expected


def test_zero_amplitude_with_zero_bound_is_zero_in_mp():
    """y = 0, 0, 0 in mp: the amplitude 0 and its bound 0 are equal, and the rule ``|a| <= bound`` makes it zero
    (no run, no knot); ``<`` would give it the sign -1 and a knot.  Kills ``_slopes_amplitudes`` 125."""
    from radontv.splines_interp import curvature_runs, sparsest_interpolant

    with mpmath.workprec(53):
        x, y = [mpmath.mpf(v) for v in (0, 1, 2)], [mpmath.mpf(0)] * 3
        assert curvature_runs(x, y) == [] and sparsest_interpolant(x, y).n_knots == 0


def test_float_amplitude_equal_to_its_rounded_bound_is_zero():
    """x = 0, 1, 2 and y = 0, S, 2S + δ with S = 2^-1000, δ = 3·2^-1049 (exact in float).  The documented bound,
    exactly: e_0 = 4uS, e_1 = u(6S + 4δ) + 2u(S + δ), 4(e_0 + e_1) = 48uS + 24uδ > δ = 48uS (u = 2^-53): zero.  In
    float the bound's terms fall below the subnormal grid, so it rounds to 4(2^-1051 + 2^-1050) = 3·2^-1049 = δ
    exactly, and only ``<=`` (not ``<``) keeps the amplitude zero.  Exact data keep the knot (control).  Kills
    ``_slopes_amplitudes`` 52."""
    from radontv.splines_interp import minimal_knot_count, sparsest_interpolant

    S, delta, u = Fraction(1, 2**1000), Fraction(3, 2**1049), Fraction(1, 2**53)
    X, Y = [Fraction(0), Fraction(1), Fraction(2)], [Fraction(0), S, 2 * S + delta]
    e0 = u * (S + S * 1) + 2 * u * S
    e1 = u * ((S + Y[2]) + (S + delta) * 3) + 2 * u * (S + delta)
    assert delta < 4 * (e0 + e1)  # the documented rule says zero
    x, y = np.array([float(v) for v in X]), np.array([float(v) for v in Y])
    assert [Fraction(v) for v in y] == Y  # exact in float64
    assert sparsest_interpolant(x, y).n_knots == 0 == minimal_knot_count(x, y)
    assert minimal_knot_count(X, Y) == 1  # control: exactly, δ is a knot


# -- canonical_inexact.canonical_mp: by hand (radontv/canonical_inexact.py) -----------------------------------------
def _mp_net(W, b, v, c=None, c0=0):
    W = [[mpmath.mpf(x) for x in row] for row in W]
    d = len(W[0])
    return ReLUNetwork(
        np.array(W, dtype=object),
        [mpmath.mpf(x) for x in b],
        [mpmath.mpf(x) for x in v],
        [mpmath.mpf(x) for x in (c or [0] * d)],
        mpmath.mpf(c0),
    )


def test_mp_form_skips_neurons_without_output_and_moves_constants_into_c0():
    """f = 0 relu(x) + 3 relu(0 x + 2) + relu(2x - 1) in mp: the first neuron is skipped (not the end of the loop),
    the second is the constant 3 relu(2) = 6 in c0 with magnitude |v b| = 6, the third is the hyperplane x = 1/2 with
    amplitude v ||w|| = 2.  Kills ``canonical_mp`` 16 (``break``), 24 (``v / relu(-b)``), 33 (``|v / b|``)."""
    form = canonical(_mp_net([[1], [0], [2]], [0, -2, 1], [0, 3, 1]))
    assert form.arithmetic == "mp" and form.size == 1
    assert form.offsets[0] == mpmath.mpf(1) / 2 and form.coefficients[0] == 2 and form.normals[0][0] == 1
    assert form.c0 == 6 and form.c[0] == 0
    assert form._scale == (2, 6)  # (linear: |A| = 2; constant: |v b| = 6), the magnitudes of the module docstring


def test_mp_turned_over_neuron_records_the_constant_magnitude_v_times_b():
    """2 relu(-x - 4) = 2 relu(x + 4) - 2 (x + 4): turned over, c = -2, c0 = -8, magnitudes (|v| ||w|| = 2,
    |v b| = 8).  Kills ``canonical_mp`` 62 (``|v / b|`` = 1/2)."""
    form = canonical(_mp_net([[-1]], [4], [2]))
    assert form.size == 1 and form.normals[0][0] == 1 and form.offsets[0] == -4 and form.coefficients[0] == 2
    assert form.c[0] == -2 and form.c0 == -8
    assert form._scale == (2, 8)


def test_mp_coordinate_exactly_tau_does_not_decide_the_canonical_sign():
    """w = (-1, 2), u = (-1, 2)/sqrt 5, rtol = 1/sqrt 5 (the value of |u_1| computed as the builder does, so
    |u_1| = tau exactly): a coordinate at most tau counts as zero, so the sign is decided by u_2 > 0 and the neuron is
    not turned over (normal (-1, 2)/sqrt 5, zero affine part).  Kills ``canonical_mp`` 45 (``>= tau``)."""
    net = _mp_net([[-1, 2]], [0], [1])
    tau = abs(mpmath.mpf(-1) / mpmath.sqrt(mpmath.fsum([1, 4])))
    form = canonical(net, rtol=tau)
    assert form.size == 1 and form.normals[0][0] < 0 < form.normals[0][1]
    assert form.c[0] == 0 and form.c[1] == 0 and form.c0 == 0


def test_mp_group_is_represented_by_its_first_neuron():
    """Neurons 0 and 1 on nearly the same hyperplane (normals 2^-60 apart, within the default mp tolerance): one
    group, represented by its first neuron (as in the float form, hyperplane_groups.group_float): the form's normal
    is neuron 0's, (1, 0), not neuron 1's.  Kills ``canonical_mp`` 98 (``rep <= 0``), 99 (``rep < 1``)."""
    eps = mpmath.mpf(2) ** -60
    form = canonical(_mp_net([[1, 0], [1, eps]], [0, 0], [1, 1]))
    assert form.size == 1 and form.coefficients[0] == 2
    assert form.normals[0][0] == 1 and form.normals[0][1] == 0


# -- canonical_inexact.canonical_float: its three returns by hand ----------------------------------------------------
def _float_net(W, b, v, c=None, c0=0.0):
    W = np.array(W, dtype=np.float64)
    return ReLUNetwork(
        W,
        np.array(b, dtype=np.float64),
        np.array(v, dtype=np.float64),
        np.array(c if c is not None else [0.0] * W.shape[1]),
        float(c0),
    )


def test_float_form_with_a_merge_a_single_of_amplitude_one_and_a_constant_neuron():
    """relu(x1) + relu(2 x1) (one hyperplane, A = 3) + relu(x2 - 1) (alone, A = 1) + 3 relu(0·x + 2) (the constant 6,
    magnitude |v b| = 6) + 5 relu(0·x - 2) (the constant 0, magnitude 10): a float form of two hyperplanes with
    amplitudes 1 and 3, c0 = 6, magnitudes (|A| summed: 4, 16).  Kills ``canonical_float`` 32, 41, 47, 53 (the
    w = 0 branch), 266 (singles with A = 1 dropped), 284, 302, 303 (the arithmetic of a merged form)."""
    form = canonical(_float_net([[1, 0], [2, 0], [0, 1], [0, 0], [0, 0]], [0, 0, 1, -2, 2], [1, 1, 1, 3, 5]))
    assert form.arithmetic == "float" and form.size == 2
    assert sorted(form.coefficients.tolist()) == [1.0, 3.0] and sorted(form.offsets.tolist()) == [0.0, 1.0]
    assert form.c0 == 6.0 and form.c.tolist() == [0.0, 0.0]  # 5 relu(0·x - 2) = 0 adds nothing
    assert form._scale == (4.0, 16.0)  # constant magnitudes |3·(-2)| + |5·2|


def test_float_form_drops_an_amplitude_that_underflows():
    """1e-200 relu(1e-150 x1) has ||w||^2 = 1e-300 > 0 but A = v ||w|| = 1e-350, which is 0 in float: it is dropped;
    2 relu(x2 - 1) stays
    (no near pair: the form refers to the network's rows).  Every field by hand: d = 2, float, u = (0, 1), t = 1,
    A = 2, zero affine part, magnitudes (2, 0), the default tolerance.  Kills ``canonical_float`` 195-217."""
    form = canonical(_float_net([[1e-150, 0], [0, 1]], [0, 1], [1e-200, 2]))
    assert form.dim == 2 and form.arithmetic == "float" and form.size == 1
    assert form.offsets.tolist() == [1.0] and form.coefficients.tolist() == [2.0]
    assert np.asarray(form.normals, dtype=np.float64).tolist() == [[0.0, 1.0]]
    assert form.c.tolist() == [0.0, 0.0] and form.c0 == 0.0
    assert form._scale == (2.0, 0.0) and form.rtol == FLOAT_RTOL


def test_float_form_without_merges_records_its_magnitudes():
    """2 relu(-x1 + 0 x2 - 4) alone (no near pair, no zero amplitude: the form refers to the network's arrays) is
    turned over: c = (-2, 0), c0 = -8, magnitudes (|v| ||w|| = 2, |v b| = 8).  Kills ``canonical_float`` 191 (the
    magnitudes not passed)."""
    form = canonical(_float_net([[-1, 0]], [4], [2]))
    assert form.size == 1 and form.offsets.tolist() == [-4.0] and form.coefficients.tolist() == [2.0]
    assert form.c.tolist() == [-2.0, 0.0] and form.c0 == -8.0
    assert form._scale == (2.0, 8.0)


def test_float_form_of_constant_neurons_only_is_affine():
    """3 relu(0·x + 2) alone: no hyperplane, c0 = 6 (K = 0 after the w = 0 neurons are moved out)."""
    form = canonical(_float_net([[0, 0]], [-2], [3]))
    assert form.size == 0 and form.c0 == 6.0 and form._scale == (0.0, 6.0)


# -- the canonical sign needs rtol < 1/sqrt(d) (canonical_inexact._check_sign_rule) --------------------------------
@pytest.mark.parametrize("kind", ["float", "mp"])
def test_a_tolerance_at_which_the_canonical_sign_is_undefined_is_refused(kind):
    """A unit normal's largest coordinate is at least 1/sqrt(d), and no coordinate need exceed rtol once rtol >=
    1/sqrt(d): the canonical sign is then undefined.  Before the fix, mp raised StopIteration and float kept
    relu(z) and relu(-z) apart: relu((0, 1, 1).x) - relu((0, -1, -1).x) = x2 + x3 had R-TV² 2 sqrt 2 at rtol = 0.75
    in d = 3 (it is linear: 0).  Now both refuse with InvalidInput saying what to do; d = 4, rtol = 1/2 (exactly
    1/sqrt(4), u = (1/2, 1/2, 1/2, 1/2) has no coordinate above it) is refused too, and rtol = 1/2 - 2^-20 gives the
    right form (no hyperplane, c = w).  The message is matched whole (kills ``_check_sign_rule`` 10)."""

    def net(w):
        f = ReLUNetwork([w, [-x for x in w]], [0, 0], [1, -1])
        return f.as_float() if kind == "float" else f.as_mp()

    rtol = (lambda x: x) if kind == "float" else mpmath.mpf
    message = (
        r"^rtol = 0\.75 is not below 1/sqrt\(d\) = 0\.57735 \(d = 3\): a unit normal may then have no "
        r"coordinate above rtol, and no canonical sign; use rtol < 1/sqrt\(d\)$"
    )
    with pytest.raises(InvalidInput, match=message):
        canonical(net([0, 1, 1]), rtol=rtol(0.75))
    with pytest.raises(InvalidInput, match=r"1/sqrt\(d\) = 0\.5 \(d = 4\)"):
        canonical(net([1, 1, 1, 1]), rtol=rtol(0.5))
    form = canonical(net([1, 1, 1, 1]), rtol=rtol(0.5 - 2.0**-20))
    assert form.size == 0 and [float(x) for x in form.c] == [1.0, 1.0, 1.0, 1.0] and float(form.c0) == 0.0


def test_float_coordinate_exactly_tau_does_not_decide_the_canonical_sign():
    """The float twin of the mp test above: w = (-1, 3, 2, 1, 1) in d = 5, rtol = 1/4 (< 1/sqrt 5): ||w||^2 = 16 and
    w_1^2 = 1 = tau^2 ||w||^2 exactly in float, so |u_1| = tau counts as zero; the first coordinate above tau is
    u_2 = 3/4 > 0 and the neuron is not turned over: normal w / 4 exactly, zero affine part (the mp form agrees).
    Kills ``_first_pass`` 70 (``w0^2 < tau^2 ||w||^2``: the sign decided by w_1) and 76 (``|w_i| >= tau ||w||``)."""
    w = [-1, 3, 2, 1, 1]
    form = canonical(_float_net([w], [0], [1]), rtol=0.25)
    assert form.size == 1 and np.asarray(form.normals, dtype=np.float64).tolist() == [[x / 4 for x in w]]
    assert form.c.tolist() == [0.0] * 5 and form.c0 == 0.0 and form.coefficients.tolist() == [4.0]
    mp_form = canonical(_mp_net([w], [0], [1]), rtol=mpmath.mpf(0.25))
    assert [float(x) for x in mp_form.normals[0]] == [x / 4 for x in w]


def test_float_canonical_signs_of_two_rows_whose_first_big_coordinates_differ():
    """relu(x2) + relu(-x3) in d = 3: both rows have w_1 = 0 (undecided by the first coordinate); their first
    coordinates above tau are 2 and 3, with signs + and -, so only the second is turned over:
    relu(-x3) = relu(x3) - x3.  Form: normals (0, 1, 0) and (0, 0, 1), amplitudes 1, 1, c = (0, 0, -1), c0 = 0.
    Kills ``_first_pass`` 81, 83 (``argmax`` over the whole block: one column for every undecided row)."""
    form = canonical(_float_net([[0, 1, 0], [0, 0, -1]], [0, 0], [1, 1]))
    normals = sorted(np.asarray(form.normals, dtype=np.float64).tolist())
    assert normals == [[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]] and form.coefficients.tolist() == [1.0, 1.0]
    assert form.c.tolist() == [0.0, 0.0, -1.0] and form.c0 == 0.0


def test_an_mp_form_without_hyperplanes_keeps_object_arrays():
    """An mp form holds its keys and amplitudes in object arrays (mpf entries), and so does the form of an affine
    function: normals of shape (0, d), offsets and amplitudes of shape (0,), all of dtype object, like those of a
    form with hyperplanes (an empty ``np.array([])`` would be float64: code that tells mp from float by the dtype
    would take the form for a float one).  Kills ``canonical_mp`` 122, 124, 127, 129, 132, 134 (``dtype=object``
    dropped)."""
    empty = canonical(_mp_net([[1, 2]], [0], [0]))  # v = 0: no hyperplane
    full = canonical(_mp_net([[1, 2]], [0], [1]))
    for form, H in ((empty, 0), (full, 1)):
        assert form.normals.shape == (H, 2) and form.offsets.shape == (H,) and form.coefficients.shape == (H,)
        assert form.normals.dtype == object and form.offsets.dtype == object and form.coefficients.dtype == object


def test_equals_refuses_a_non_form_and_forms_on_other_dimensions_differ():
    """``equals`` of a form and a non-form: InvalidInput naming the other type; forms on R^1 and R^2 are different
    functions, exact or float (kills CanonicalForm.equals 2, 3, 15)."""
    one = canonical(ReLUNetwork([[1]], [0], [1]))
    two = canonical(ReLUNetwork([[1, 0]], [0], [1]))
    with pytest.raises(InvalidInput, match="with another CanonicalForm, not int"):
        one.equals(3)
    assert not one.equals(two) and not two.equals(one)
    assert not canonical(ReLUNetwork([[1.0]], [0.0], [1.0])).equals(canonical(ReLUNetwork([[1.0, 0.0]], [0.0], [1.0])))
