"""Property tests of radontv.deep.pruning: the multi-task lasso min sum ||v_k|| s.t. V Phi = Psi (SPLN24 Thm 10-11, E8).

Independent routes: ranks by sympy (fraction-free elimination, not the Gram-Schmidt of the code), feasibility by
exact matrix products, the optimum by scipy's SLSQP on the epigraph formulation (min sum t_k, t_k^2 >= ||v_k||^2),
and weak duality (any dual-feasible Lambda gives <Lambda, Psi> <= any feasible objective).  Negative controls: a
dual-infeasible Lambda (scaled up), an infeasible V, an inflated dual value and a dropped neuron are all rejected.
The exact null space the pruning step starts from is checked against sympy ranks and exact products (a basis one
vector short, a vector outside the kernel and a dependent vector are rejected).
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import scipy.optimize
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from radontv import InvalidInput, ReLUNetwork
from radontv.deep import DeepReLUNetwork, PruningCertificate, prune, prune_layer
from radontv.deep.network import LinearLayer
from radontv.deep.subspaces import exact_null_space
from radontv.scalars import to_mpf
from radontv.testing import scaled_examples

DPS = 50
FEW = scaled_examples(0.1, minimum=15)


def _fr(A):
    return np.array([[Fraction(int(x)) for x in row] for row in np.asarray(A)], dtype=object)


@st.composite
def layers(draw, max_K=7, max_N=4, max_D=3):
    """Features of a random integer ReLU layer on random integer points, and integer output weights V0."""
    K = draw(st.integers(1, max_K))
    N = draw(st.integers(1, max_N))
    D = draw(st.integers(1, max_D))
    d = draw(st.integers(1, 2))
    ints = st.integers(-3, 3)
    X = np.array(draw(st.lists(st.lists(ints, min_size=d, max_size=d), min_size=N, max_size=N)))
    W = np.array(draw(st.lists(st.lists(ints, min_size=d, max_size=d), min_size=K, max_size=K)))
    b = np.array(draw(st.lists(ints, min_size=K, max_size=K)))
    Phi = np.maximum(W @ X.T - b[:, None], 0)  # K x N
    if draw(st.booleans()) and K > 1:  # a duplicated feature: the sparsification must merge it
        Phi[-1] = Phi[0] * draw(st.integers(1, 3))
    V0 = np.array(draw(st.lists(st.lists(ints, min_size=K, max_size=K), min_size=D, max_size=D)))
    return Phi, V0


def _rank(A) -> int:
    return sympy.Matrix(np.asarray(A).tolist()).rank() if np.asarray(A).size else 0


def _objective_mp(V):
    return mpmath.fsum(mpmath.sqrt(mpmath.fsum(to_mpf(x) ** 2 for x in V[:, k])) for k in range(V.shape[1]))


def _pruned_exactly(layer):
    """The drawn layer in Fractions -- Phi, Psi = V0 Phi, V0 -- and prune_layer's result started from V0."""
    Phi, V0 = layer
    Phiq, V0q = _fr(Phi), _fr(V0)
    Psiq = V0q.dot(Phiq)
    return Phiq, Psiq, V0q, prune_layer(Phiq, Psiq, start=V0q)


def _nonzero_columns(V):
    return [k for k in range(V.shape[1]) if any(x != 0 for x in V[:, k])]


# -- exact --------------------------------------------------------------------------------------------------------
@settings(max_examples=FEW)
@given(layer=layers())
def test_prune_layer_exact(layer):
    Phi, V0 = layer
    Phiq, Psiq, V0q, res = _pruned_exactly(layer)
    assert all(isinstance(x, Fraction) for x in res.V.flat)
    assert (res.V.dot(Phiq) == Psiq).all()  # exact feasibility
    r_phi, r_psi = _rank(Phi), _rank(V0 @ Phi)
    cert = res.certificate
    assert (cert.r_phi, cert.r_psi) == (r_phi, r_psi)
    assert len(_nonzero_columns(res.V)) <= r_phi * r_psi  # E8 / [SPLN24] Thm 11
    assert tuple(_nonzero_columns(res.V)) == cert.support
    with mpmath.workdps(DPS):
        assert _objective_mp(res.V) <= _objective_mp(V0q) * (1 + mpmath.mpf(10) ** -(DPS - 5))  # never raised
        assert to_mpf(cert.dual_value) <= _objective_mp(V0q) * (1 + mpmath.mpf(10) ** -(DPS - 5))  # weak duality
    assert cert.problems(Phiq, Psiq, res.V) == []
    cert.verify(Phiq, Psiq, res.V)


@settings(max_examples=FEW)
@given(layer=layers())
def test_certificate_negative_controls(layer):
    """A dual-infeasible Lambda, an infeasible V and an inflated dual value are each rejected."""
    Phi = layer[0]
    Phiq, Psiq, _, res = _pruned_exactly(layer)
    cert = res.certificate
    if cert.dual_value > 0:  # Psi != 0: the certificate's Lambda is nonzero with max ||Lambda phi_k|| near 1
        scaled = dataclasses.replace(cert, dual_matrix=cert.dual_matrix * 2, dual_value=cert.dual_value * 2)
        assert any("dual infeasible" in p for p in scaled.problems(Phiq, Psiq, res.V))
        with pytest.raises(InvalidInput, match="does not hold"):
            scaled.verify(Phiq, Psiq, res.V)
        inflated = dataclasses.replace(cert, dual_value=cert.dual_value * 2)
        assert inflated.problems(Phiq, Psiq, res.V)
    k = next((k for k in range(Phi.shape[0]) if Phi[k].any()), None)
    if k is not None:
        bad = res.V.copy()
        bad[0, k] += 1
        assert any("V Phi != Psi" in p for p in cert.problems(Phiq, Psiq, bad))


def _slsqp_value(Phi, Psi):
    """Independent optimum: min sum t_k s.t. t_k^2 >= ||v_k||^2, t >= 0, V Phi = Psi (scipy SLSQP)."""
    K = Phi.shape[0]
    D = Psi.shape[0]
    V_ls = np.linalg.lstsq(Phi.T, Psi.T, rcond=None)[0].T
    x0 = np.concatenate([V_ls.ravel(), np.linalg.norm(V_ls, axis=0) + 1e-3])

    def split(x):
        return x[: D * K].reshape(D, K), x[D * K:]

    cons = [
        {"type": "eq", "fun": lambda x: (split(x)[0] @ Phi - Psi).ravel()},
        {"type": "ineq", "fun": lambda x: split(x)[1] ** 2 - np.sum(split(x)[0] ** 2, axis=0)},
        {"type": "ineq", "fun": lambda x: split(x)[1]},
    ]
    out = scipy.optimize.minimize(lambda x: np.sum(split(x)[1]), x0, method="SLSQP", constraints=cons,
                                  options={"maxiter": 500, "ftol": 1e-12})
    V, _ = split(out.x)
    return float(np.sum(np.linalg.norm(V, axis=0))), float(np.max(np.abs(V @ Phi - Psi)))


@st.composite
def rational_matrices(draw):
    """A small rational matrix (m x n, m <= 4, n <= 6), sometimes with a dependent row (rank below the row count)."""
    m, n = draw(st.integers(1, 4)), draw(st.integers(1, 6))
    entries = st.fractions(-2, 2, max_denominator=2)
    rows = draw(st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m))
    if draw(st.booleans()):
        rows.append([2 * x for x in rows[0]])
    return np.array(rows, dtype=object)


def _is_kernel_basis(M, basis) -> bool:
    """``basis`` is a basis of {a : M a = 0}: each vector annihilated exactly, n - rank(M) of them, independent
    (ranks by sympy's fraction-free elimination, not the Gauss-Jordan of radontv.exact_linalg)."""
    def sym(A):
        return sympy.Matrix([[sympy.Rational(x.numerator, x.denominator) for x in row] for row in A])

    m, n = M.shape
    annihilated = all(sum((M[i, j] * z[j] for j in range(n)), Fraction(0)) == 0 for z in basis for i in range(m))
    independent = not basis or sym([list(z) for z in basis]).rank() == len(basis)
    return annihilated and independent and len(basis) == n - sym(M.tolist()).rank()


@settings(max_examples=scaled_examples(0.5))
@given(M=rational_matrices())
def test_exact_null_space_is_a_basis_of_the_kernel(M):
    """subspaces.exact_null_space (the exact route of the pruning step) against sympy ranks and exact products."""
    basis = exact_null_space(M)
    assert all(isinstance(x, Fraction) for z in basis for x in z)
    assert _is_kernel_basis(M, basis)
    if basis:  # negative controls: one vector short; a vector outside the kernel in place of the first
        assert not _is_kernel_basis(M, basis[1:])
        j = next((j for j in range(M.shape[1]) if any(x != 0 for x in M[:, j])), None)
        if j is not None:
            outside = np.array([Fraction(int(k == j)) for k in range(M.shape[1])], dtype=object)
            assert not _is_kernel_basis(M, [outside, *basis[1:]])
    if len(basis) >= 2:  # negative control: a dependent vector in place of the last
        assert not _is_kernel_basis(M, [*basis[:-1], 2 * basis[0]])


@settings(max_examples=FEW)
@given(layer=layers(max_K=5, max_N=3, max_D=2))
def test_optimum_against_slsqp(layer):
    Phi, V0 = layer
    Psi = V0 @ Phi
    if not Psi.any():
        return
    res = prune_layer(Phi.astype(float), Psi.astype(float))
    cert = res.certificate
    ref, infeasibility = _slsqp_value(Phi.astype(float), Psi.astype(float))
    scale = float(np.max(np.abs(Psi)))
    if infeasibility > 1e-7 * scale:
        return  # SLSQP did not converge to a feasible point: nothing to compare with
    tol = 1e-6 * ref
    assert cert.dual_value <= ref + tol  # weak duality against an independent feasible point
    assert cert.primal_value <= ref + cert.relative_gap * cert.primal_value + tol  # within the gap of the optimum
    assert cert.relative_gap < 1e-4  # a quality bar for the IRLS solver (observed <= 1e-5)
    # negative control: the dual-infeasible 2 Lambda would claim a "lower bound" above feasible objectives
    # (SLSQP may stop at a poor feasible point, so compare with the better of the two feasible values)
    assert 2 * cert.dual_value > min(ref, cert.primal_value) + tol


# -- float and mp -------------------------------------------------------------------------------------------------
@settings(max_examples=FEW)
@given(layer=layers(), s_phi=st.sampled_from([1e-8, 1.0, 1e8]), s_psi=st.sampled_from([1e-8, 1.0, 1e8]))
def test_prune_layer_float_scale_invariant(layer, s_phi, s_psi):
    Phi, V0 = layer
    Phi_f = Phi.astype(float) * s_phi
    Psi_f = (V0 @ Phi).astype(float) * s_psi
    res = prune_layer(Phi_f, Psi_f)
    base = prune_layer(Phi.astype(float), (V0 @ Phi).astype(float))
    cert = res.certificate
    assert cert.problems(Phi_f, Psi_f, res.V) == []
    assert len(cert.support) <= _rank(Phi) * _rank(V0 @ Phi)
    ratio = s_psi / s_phi  # the optimum scales by s_psi / s_phi; both values lie within their gaps above it
    slack = cert.relative_gap + base.certificate.relative_gap + 1e-9
    assert abs(cert.primal_value - ratio * base.certificate.primal_value) <= slack * cert.primal_value
    assert abs(cert.primal_value - 2 * ratio * base.certificate.primal_value) > slack * cert.primal_value or (
        cert.primal_value == 0)  # control: a wrong scaling law is rejected
    assert cert.relative_gap <= 1e-4


@settings(max_examples=scaled_examples(0.05, minimum=10))
@given(layer=layers(max_K=5, max_N=3, max_D=2))
def test_prune_layer_mp_50_digits(layer):
    Phi, V0 = layer
    with mpmath.workdps(DPS):
        Phim = np.array([[mpmath.mpf(int(x)) for x in r] for r in Phi], dtype=object)
        Psim = np.array([[mpmath.mpf(int(x)) for x in r] for r in V0 @ Phi], dtype=object)
        res = prune_layer(Phim, Psim)
        assert all(isinstance(x, mpmath.mpf) for x in res.V.flat)
        resid = max((abs(x) for x in (res.V.dot(Phim) - Psim).flat), default=0)
        assert resid <= mpmath.mpf(10) ** -(DPS - 8) * (1 + max(abs(int(x)) for x in (V0 @ Phi).flat))
        assert len(res.certificate.support) <= _rank(Phi) * _rank(V0 @ Phi)
        assert res.certificate.problems(Phim, Psim, res.V) == []


def test_forced_sparsification_single_output():
    """D = 1, K = 6 generic features on N = 2 points: r_Phi r_Psi = 2, so at most 2 of the 6 columns survive."""
    Phi = _fr([[1, 2], [2, 1], [1, 1], [3, 1], [1, 3], [2, 5]])
    V0 = _fr([[1, 1, 1, 1, 1, 1]])
    res = prune_layer(Phi, V0.dot(Phi), start=V0)
    assert len(res.certificate.support) <= 2
    assert (res.V.dot(Phi) == V0.dot(Phi)).all()
    # control: the starting point itself has 6 nonzero columns, above the bound
    assert len(_nonzero_columns(V0)) == 6 > res.certificate.rank_bound


# -- bad input ----------------------------------------------------------------------------------------------------
def test_psi_not_in_row_space():
    Phi = _fr([[1, 0, 0], [0, 1, 0]])
    with pytest.raises(InvalidInput, match="not in the row space of Phi"):
        prune_layer(Phi, _fr([[0, 0, 1]]))
    with pytest.raises(InvalidInput, match="not in the row space of Phi"):
        prune_layer(np.array([[1.0, 0, 0], [0, 1.0, 0]]), np.array([[0, 1e-3, 1.0]]))
    assert prune_layer(Phi, _fr([[2, 3, 0]])).certificate.support == (0, 1)  # control: in the row space


@pytest.mark.parametrize("Phi, Psi", [
    ([[1.0, float("nan")]], [[1.0, 1.0]]),
    ([[1.0, 1.0]], [[float("inf"), 1.0]]),
    ([[1.0, 1.0]], [[1.0, 1.0, 1.0]]),
    ([1.0, 1.0], [[1.0, 1.0]]),
    (np.zeros((0, 2)), [[1.0, 1.0]]),
    ([[1.0, 1.0]], np.zeros((1, 0))),
])
def test_bad_input(Phi, Psi):
    with pytest.raises(InvalidInput):
        prune_layer(Phi, Psi)


def test_infeasible_start_rejected():
    Phi = _fr([[1, 0], [0, 1]])
    with pytest.raises(InvalidInput, match="start is not feasible"):
        prune_layer(Phi, _fr([[1, 1]]), start=_fr([[1, 2]]))
    with pytest.raises(InvalidInput, match="shape"):
        prune_layer(Phi, _fr([[1, 1]]), start=_fr([[1, 1, 1]]))
    assert prune_layer(Phi, _fr([[1, 1]]), start=_fr([[1, 1]])).certificate.problems(Phi, _fr([[1, 1]]),
                                                                                   _fr([[1, 1]])) == []


def test_certificate_type():
    res = prune_layer([[1.0, 2.0]], [[2.0, 4.0]])
    assert isinstance(res.certificate, PruningCertificate)
    assert res.V.shape == (1, 1) and res.V[0, 0] == pytest.approx(2.0, rel=1e-12)
    assert res.certificate.rank_bound == 1


# -- prune a deep network -----------------------------------------------------------------------------------------
@st.composite
def deep_nets(draw):
    ints = st.integers(-3, 3)

    def relu_layer(d, D):
        K = draw(st.integers(1, 6))
        W = draw(st.lists(st.lists(ints, min_size=d, max_size=d), min_size=K, max_size=K))
        b = draw(st.lists(ints, min_size=K, max_size=K))
        V = draw(st.lists(st.lists(ints, min_size=D, max_size=D), min_size=K, max_size=K))
        c = draw(st.lists(st.lists(ints, min_size=D, max_size=D), min_size=d, max_size=d))
        return ReLUNetwork(_fr(W), [Fraction(x) for x in b], _fr(V), c=_fr(c), c0=[Fraction(0)] * D)

    d0, d1, d2 = (draw(st.integers(1, 2)) for _ in range(3))
    layers_ = [relu_layer(d0, d1)]
    if draw(st.booleans()):
        layers_.append(LinearLayer(_fr(draw(st.lists(st.lists(ints, min_size=d1, max_size=d1), min_size=d1,
                                                     max_size=d1)))))
    layers_.append(relu_layer(d1, d2))
    n = draw(st.integers(1, 4))
    X = _fr(draw(st.lists(st.lists(ints, min_size=d0, max_size=d0), min_size=n, max_size=n)))
    return DeepReLUNetwork(layers_), X


def _layer_features(net, X):
    """(Phi, Psi, V) of each ReLU layer, by an independent forward pass (numpy object arithmetic)."""
    out = []
    Z = X
    for layer in net.layers:
        if isinstance(layer, LinearLayer):
            Z = Z.dot(layer.M.T) + layer.bias
            continue
        H = Z.dot(layer.W.T) - layer.b
        H = np.where(H > 0, H, H * 0)
        out.append(H)
        Z = H.dot(layer.V) + Z.dot(layer.c.reshape(Z.shape[1], -1)) + layer.c0
    return out, Z


@settings(max_examples=FEW)
@given(case=deep_nets())
def test_prune_network_exact(case):
    net, X = case
    pruned, certs = prune(net, X)
    _, out = _layer_features(net, X)
    _, out_pruned = _layer_features(pruned, X)
    assert (out == out_pruned).all()  # outputs on X unchanged, exactly
    assert pruned.weight_decay() <= net.weight_decay()  # exact Fractions
    assert len(certs) == len(net.hidden_widths)
    old_relu = [layer for layer in net.layers if isinstance(layer, ReLUNetwork)]
    new_relu = [layer for layer in pruned.layers if isinstance(layer, ReLUNetwork)]
    for old, new, cert in zip(old_relu, new_relu, certs, strict=True):
        assert len(cert.support) <= cert.rank_bound
        if new is not old:  # pruned (not the documented fallback to the original layer)
            assert new.width <= cert.rank_bound  # E8: width <= r_Phi r_Psi
            assert new.weight_decay() <= old.weight_decay()
    # negative control: dropping the first hidden neuron of the first layer, when it is active on X, changes outputs
    first = net.layers[0]
    H = _layer_features(net, X)[0][0]
    if first.width > 1 and H[:, 0].any() and any(x != 0 for x in first.V[0]):
        crippled = ReLUNetwork(first.W[1:], first.b[1:], first.V[1:], c=first.c, c0=first.c0)
        other = DeepReLUNetwork([crippled, *net.layers[1:]])
        H1 = _layer_features(other, X)[0][0]
        assert not (H1.dot(crippled.V) == H.dot(first.V)).all()


@settings(max_examples=scaled_examples(0.05, minimum=10))
@given(case=deep_nets())
def test_prune_network_float(case):
    net, X = case
    netf, Xf = net.as_float(), X.astype(float)
    pruned, _ = prune(netf, Xf)
    out, out_p = netf(Xf), pruned(Xf)
    feats, _ = _layer_features(netf, Xf)
    last = [layer for layer in netf.layers if isinstance(layer, ReLUNetwork)][-1]
    scale = float(np.max(np.abs(out))) + float(np.max(np.abs(feats[-1]) @ np.abs(last.V)))  # size of the terms
    assert np.max(np.abs(out - out_p)) <= 1e-9 * scale
    assert pruned.weight_decay() <= netf.weight_decay() * (1 + 1e-12)


def test_prune_rejects_non_network():
    with pytest.raises(InvalidInput, match="DeepReLUNetwork"):
        prune(ReLUNetwork([[1.0]], [0.0], [1.0]), [[1.0]])


def test_prune_by_hand_duplicate_and_constant_neurons():
    """relu(x) + relu(2x) + 3 relu(0 x + 1) on X = {1, 2}: the two active neurons are parallel (path norm 1 + 2 = 3,
    and 3 is the minimum of |v1| + 2|v2| s.t. v1 + 2 v2 = 3), the constant neuron is 3 and moves into c0.  By hand:
    one neuron of path norm 3 remains, balanced, so weight decay 8 -> 3 (up to the rational balancing scale)."""
    layer = ReLUNetwork(_fr([[1], [2], [0]]), [Fraction(0), Fraction(0), Fraction(-1)],
                        [Fraction(1), Fraction(1), Fraction(3)])
    net = DeepReLUNetwork([layer])
    X = _fr([[1], [2]])
    assert net.weight_decay() == 8  # 1/2 (1 + 1) + 1/2 (1 + 4) + 1/2 (9 + 0)
    pruned, (cert,) = prune(net, X)
    new = pruned.layers[0]
    assert new.width == 1 and cert.rank_bound == 1 and cert.support in ((0,), (1,))
    assert new.c0 == 3  # the constant neuron 3 relu(1)
    assert abs(to_mpf(pruned.weight_decay()) - 3) < mpmath.mpf(10) ** -30
    assert abs(to_mpf(pruned.weight_decay()) - 8) > 1  # control: the unpruned weight decay
    for x in (-2, 0, 1, 2, Fraction(7, 3)):  # the same function everywhere here (relu(2x) = 2 relu(x))
        assert pruned([x]) == net([x])


@pytest.mark.parametrize("scale_phi", [1e-8, 1.0, 1e8])
@pytest.mark.parametrize("Phi, V0", [
    ([[0, 0], [0, 0], [0, 1], [0, 1], [1, 1], [1, 1]], [[0, 0, 0, -1, 0, 1]]),
    ([[0, 2], [0, 0], [0, 2], [1, 1], [1, 1], [0, 1]], [[0, 0, 0, 0, 1, 1]]),
])
def test_float_duplicated_features_regression(Phi, V0, scale_phi):
    """Duplicated features in float (found by the deep profile): the sparsification kept a near-zero column alive or
    moved along a noisy null vector, and V Phi = Psi was lost.  The optimum is known by hand: 2 resp. 3/2 (the
    features span R^2 with two distinct directions; for the first, v_a [0,1] + v_b [1,1] = [1,0] forces
    v_b = 1, v_a = -1)."""
    Phi_f = np.array(Phi, dtype=float) * scale_phi
    Psi_f = np.array(V0, dtype=float) @ np.array(Phi, dtype=float)
    res = prune_layer(Phi_f, Psi_f)
    assert res.certificate.problems(Phi_f, Psi_f, res.V) == []
    expected = (2.0 if Phi[0] == [0, 0] else 1.5) / scale_phi
    assert abs(res.certificate.primal_value - expected) <= 1e-12 * expected
    assert abs(res.certificate.primal_value - 2 * expected) > 0.5 * expected  # control
