"""The public contract of issue 10, pruning: ``prune_layer`` and ``prune`` called as an outside suite calls them.

Pruning optima from hand-solved instances and from weak duality checked here exactly, ranks by sympy; the arithmetic
that comes out of each input arithmetic; float data at extreme scales.  Each property has a negative control.  The
rest of the contract is in tests/test_deep_contract.py, bad input in tests/test_deep_contract_inputs.py.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
from _deep_contract_helpers import ADVICE, FEW, deep_nets, ints
from hypothesis import given, settings
from hypothesis import strategies as st

from radontv import InvalidInput, ReLUNetwork
from radontv.deep import (
    DeepReLUNetwork,
    LinearLayer,
    PruningCertificate,
    prune,
    prune_layer,
)
from radontv.deep.pruning import PrunedLayer


# -- prune_layer ------------------------------------------------------------------------------------------------------
def _check_certificate_independently(Phi, Psi, res):
    """V Φ = Ψ exactly, <= r_Φ r_Ψ nonzero columns (sympy ranks), Λ dual feasible exactly, weak duality."""
    Phi_a, Psi_a = np.array(Phi, dtype=object), np.array(Psi, dtype=object)
    V = res.V
    assert V.shape == (Psi_a.shape[0], Phi_a.shape[0])
    assert (V.dot(Phi_a) == Psi_a).all()
    r_phi, r_psi = sympy.Matrix(Phi).rank(), sympy.Matrix(Psi).rank()
    nonzero = [k for k in range(V.shape[1]) if any(x != 0 for x in V[:, k])]
    assert len(nonzero) <= r_phi * r_psi
    cert = res.certificate
    assert isinstance(cert, PruningCertificate)
    assert (cert.r_phi, cert.r_psi, cert.rank_bound) == (r_phi, r_psi, r_phi * r_psi)
    assert tuple(nonzero) == tuple(cert.support)
    Lam = np.array(cert.dual_matrix, dtype=object)
    LPhi = Lam.dot(Phi_a.T)  # column k: Λ φ_k
    assert all(sum(x * x for x in LPhi[:, k]) <= 1 for k in range(LPhi.shape[1]))
    dual = sum(x * y for x, y in zip(Lam.flat, Psi_a.flat, strict=True))
    assert dual == cert.dual_value
    with mpmath.workdps(30):
        primal = mpmath.fsum(mpmath.sqrt(sum(x * x for x in V[:, k]).numerator) / mpmath.sqrt(
            sum(x * x for x in V[:, k]).denominator) for k in range(V.shape[1]))
        assert mpmath.mpf(dual.numerator) / dual.denominator <= primal * (1 + mpmath.mpf(10) ** -20)
    return primal, dual


def test_prune_layer_hand_solved_instances():
    # scalar output: v1 + 2 v2 = 1 (features 1 and 2 on point 1), v3 = 1: min |v1| + |v2| + |v3| = 1/2 + 1
    Phi = [[1, 0], [2, 0], [0, 1]]
    Psi = [[1, 1]]
    res = prune_layer(Phi, Psi)
    assert res.V.tolist() == [[0, Fraction(1, 2), 1]]
    primal, _ = _check_certificate_independently(Phi, Psi, res)
    assert abs(primal - mpmath.mpf(3) / 2) < 1e-12
    # vector output, neuron sharing: feature 3 = feature 1 + feature 2 carries both outputs at cost sqrt 2 < 2 sqrt 2
    Phi = [[1, 0], [0, 1], [1, 1]]
    Psi = [[1, 1], [1, 1]]
    res = prune_layer(Phi, Psi)
    assert res.V.tolist() == [[0, 0, 1], [0, 0, 1]]
    primal, _ = _check_certificate_independently(Phi, Psi, res)
    assert abs(primal - mpmath.sqrt(2)) < 1e-12
    # negative control: the unpruned solution meets Psi too but is not optimal (its objective is above the dual)
    unpruned = np.array([[1, 1, 0], [1, 1, 0]], dtype=object)
    assert (unpruned.dot(np.array(Phi, dtype=object)) == np.array(Psi, dtype=object)).all()
    assert 2 * np.sqrt(2) > float(res.certificate.dual_value) * (1 + 1e-3)


@st.composite
def layer_problems(draw):
    K, N, D = draw(st.integers(1, 6)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    Phi = draw(st.lists(st.lists(st.integers(0, 3), min_size=N, max_size=N), min_size=K, max_size=K))
    V0 = draw(st.lists(st.lists(ints, min_size=K, max_size=K), min_size=D, max_size=D))
    Psi = (np.array(V0, dtype=object).dot(np.array(Phi, dtype=object))).tolist()
    return Phi, Psi, V0


@settings(max_examples=FEW * 2)
@given(layer_problems())
def test_prune_layer_contract_exact(problem):
    Phi, Psi, V0 = problem
    Phi_in = [list(r) for r in Phi]
    Psi_in = [list(r) for r in Psi]
    res = prune_layer(Phi_in, Psi_in, start=V0)
    assert Phi_in == Phi and Psi_in == Psi  # inputs not modified
    assert all(isinstance(x, Fraction) for x in res.V.flat)
    primal, _ = _check_certificate_independently(Phi, Psi, res)
    start_value = sum(np.sqrt(sum(x * x for x in col)) for col in zip(*V0, strict=True))
    assert float(primal) <= start_value * (1 + 1e-12) + 1e-300
    assert res.certificate.problems(Phi, Psi, res.V) == []
    # negative control: the certificate is refuted for a V that does not meet Psi
    if any(x != 0 for r in Psi for x in r):
        wrong = res.V.copy()
        k = res.certificate.support[0]
        wrong[:, k] = wrong[:, k] * 2
        assert res.certificate.problems(Phi, Psi, wrong) != []


@pytest.mark.parametrize("convert, kind, value_type", [
    (int, Fraction, mpmath.mpf),
    (Fraction, Fraction, mpmath.mpf),
    (float, np.float64, float),
    (np.float32, np.float64, float),
    (mpmath.mpf, mpmath.mpf, mpmath.mpf),
])
def test_prune_layer_arithmetic_table(convert, kind, value_type):
    Phi = [[1, 0, 1], [0, 1, 1], [1, 1, 2], [2, 0, 2]]
    V0 = [[1, 1, 0, 1], [0, 1, 1, 0]]
    Psi = np.array(V0).dot(np.array(Phi)).tolist()
    P = np.array([[convert(x) for x in r] for r in Phi], dtype=object if convert in (int, Fraction, mpmath.mpf)
                 else np.dtype(convert))
    S = np.array([[convert(x) for x in r] for r in Psi], dtype=P.dtype)
    P0, S0 = P.copy(), S.copy()
    P.flags.writeable = False  # read-only arrays are accepted
    res = prune_layer(P, S)
    assert np.array_equal(P, P0) and np.array_equal(S, S0)
    assert all(type(x) is kind for x in res.V.flat)
    assert type(res.certificate.primal_value) is value_type
    residual = np.array(res.V.dot(np.array(P, dtype=res.V.dtype)) - np.array(S, dtype=res.V.dtype), dtype=float)
    assert np.abs(residual).max() <= 1e-12 * np.abs(np.array(Psi, dtype=float)).max()
    if kind is Fraction:
        assert (res.V.dot(np.array(Phi, dtype=object)) == np.array(Psi, dtype=object)).all()
    assert "Fractions in, Fractions out" in prune_layer.__doc__


@pytest.mark.parametrize("scale", [1e-8, 1e8, 1e-100, 1e100])
def test_prune_layer_float_rescaled_data(scale):
    Phi = np.array([[1.0, 0], [0, 1], [1, 1], [2, 1]])
    Psi = np.array([[1.0, 1], [2, -1]])
    ref = prune_layer(Phi, Psi)
    res = prune_layer(Phi * scale, Psi * scale)
    assert np.abs(res.V @ (Phi * scale) - Psi * scale).max() <= 1e-12 * np.abs(Psi * scale).max()
    assert abs(res.certificate.primal_value - ref.certificate.primal_value) <= 1e-6 * ref.certificate.primal_value
    assert np.isfinite(res.certificate.relative_gap) and res.certificate.relative_gap < 1e-6


def _pruned_or_refused(Phi: np.ndarray, Psi: np.ndarray) -> PrunedLayer | None:
    """prune_layer's result, asserted to meet V Phi = Psi with a finite certificate; None when it refused with an
    InvalidInput that gives advice (the two acceptable outcomes at extreme scales)."""
    try:
        res = prune_layer(Phi, Psi)
    except InvalidInput as exc:
        assert ADVICE.search(str(exc))
        return None
    assert np.abs(res.V @ Phi - Psi).max() <= 1e-12 * np.abs(Psi).max()
    assert np.isfinite(float(res.certificate.primal_value)) and np.isfinite(float(res.certificate.relative_gap))
    return res


@pytest.mark.parametrize("scale", [1e-160, 1e160, 1e-300, 1e300])
def test_prune_layer_float_extreme_scales_meet_psi_or_refuse(scale):
    """Data of magnitude 1e±160 (squares under/overflow): V Phi = Psi, or InvalidInput -- never a wrong V.

    Before the fix (prune_layer scales Phi, Psi by powers of two) this returned V = 0 with V Phi != Psi and a
    certificate claiming a zero gap at 1e±300, and an infinite primal value with a NaN gap at 1e-160 (Phi only)."""
    Phi = np.array([[1.0, 0], [0, 1], [1, 1], [2, 1]]) * scale
    Psi = np.array([[1.0, 1], [2, -1]]) * scale
    res = _pruned_or_refused(Phi, Psi)
    if res is None:
        return
    assert res.certificate.problems(Phi, Psi, res.V) == []  # the certificate verifies on the caller's data
    wrong = res.V.copy()
    wrong[:, res.certificate.support[0]] *= 2
    assert res.certificate.problems(Phi, Psi, wrong) != []  # negative control


@pytest.mark.parametrize("scale", [1e-160, 1e160])
def test_prune_layer_float_extreme_scale_of_phi_only(scale):
    Phi = np.array([[1.0, 0], [0, 1], [1, 1], [2, 1]]) * scale
    Psi = np.array([[1.0, 1], [2, -1]])
    _pruned_or_refused(Phi, Psi)


def test_prune_layer_exact_huge_and_tiny_entries():
    """Exact input beyond the float range: Fractions in, Fractions out, V Phi = Psi exactly, and the optimum.

    v1 + v3 = 1, v2 + v3 = 1: min |v1| + |v2| + |v3| = 1 at V = (0, 0, 1) (the shared feature).  Before the fix,
    10**400 raised OverflowError and 10**-400 (floats underflowing to 0) gave the suboptimal V = (1, 1, 0)."""
    for s in (Fraction(10) ** 400, Fraction(1, 10**400)):
        Phi = [[s, 0], [0, s], [s, s]]
        Psi = [[s, s]]
        res = prune_layer(Phi, Psi)
        assert (res.V.dot(np.array(Phi, dtype=object)) == np.array(Psi, dtype=object)).all()
        assert res.V.tolist() == [[0, 0, 1]]
        assert isinstance(res.certificate.dual_value, Fraction)
        _check_certificate_independently(Phi, Psi, res)


# -- prune(net, X) ----------------------------------------------------------------------------------------------------
@settings(max_examples=FEW)
@given(deep_nets(), st.lists(st.lists(ints, min_size=2, max_size=2), min_size=1, max_size=4))
def test_prune_network_keeps_outputs_on_data_and_does_not_raise_weight_decay(layers, pts):
    net = DeepReLUNetwork.from_layers(layers)
    X = np.array([p[:net.input_dim] for p in pts])
    X_before = X.copy()
    pruned, certs = prune(net, X)
    assert np.array_equal(X, X_before)
    assert isinstance(pruned, DeepReLUNetwork) and len(certs) == len(net.hidden_widths)
    assert pruned(X).tolist() == net(X).tolist()  # exactly, for an exact network
    assert pruned.weight_decay() <= net.weight_decay()
    old_relu = [la for la in layers if isinstance(la, ReLUNetwork)]
    new_relu = [la for la in pruned.layers if isinstance(la, ReLUNetwork)]
    for old, layer, cert in zip(old_relu, new_relu, certs, strict=True):
        reading = sum(1 for w in layer.W if any(x != 0 for x in w))
        assert reading <= cert.rank_bound or layer == old  # pruned within r_Phi r_Psi, or kept as it was
    # negative control: removing a neuron that carries output on X changes the outputs (the check can see it)
    for i, layer in enumerate(layers):
        if isinstance(layer, ReLUNetwork) and layer.width > 1:
            cut = list(layers)
            cut[i] = layer[list(range(1, layer.width))]
            if DeepReLUNetwork(cut)(X).tolist() != net(X).tolist():
                assert DeepReLUNetwork(cut)(X).tolist() != pruned(X).tolist()
            break


def test_prune_network_float_and_mp():
    rng = np.random.default_rng(3)
    l1 = ReLUNetwork(rng.integers(-3, 4, (6, 2)), rng.integers(-2, 3, 6), rng.integers(-2, 3, (6, 3)),
                     rng.integers(-1, 2, (2, 3)), [1, 0, -1])
    l2 = ReLUNetwork(rng.integers(-3, 4, (5, 2)), rng.integers(-2, 3, 5), rng.integers(-2, 3, (5, 2)))
    net = DeepReLUNetwork([l1, LinearLayer(rng.integers(-2, 3, (2, 3)), [1, -1]), l2])
    X = rng.integers(-3, 4, (4, 2))
    fnet = net.as_float()
    pruned, _ = prune(fnet, X.astype(np.float32))
    ref = fnet(X)
    assert np.abs(pruned(X) - ref).max() <= 1e-12 * np.abs(ref).max()
    assert pruned.weight_decay() <= fnet.weight_decay() * (1 + 1e-12)
    with mpmath.workdps(50):
        mnet = net.as_mp()
        pruned, _ = prune(mnet, X)
        diff = max(abs(x) for x in (pruned(X) - mnet(X)).flat)
        assert diff <= mpmath.mpf(10) ** -40 * max(abs(x) for x in mnet(X).flat)
        assert pruned.weight_decay() <= mnet.weight_decay()


def test_prune_layer_mixed_arithmetics_promote():
    """exact < float < mp, as radontv.scalars documents: the promoted arithmetic comes out."""
    Phi = [[1, 0], [0, 1], [1, 1]]
    Psi = [[2, 1]]
    as_float = prune_layer([[Fraction(x) for x in r] for r in Phi], np.array(Psi, dtype=float))
    assert as_float.V.dtype == np.float64 and as_float.certificate.arithmetic == "float"
    with mpmath.workdps(40):
        as_mp = prune_layer(np.array(Phi, dtype=float), [[mpmath.mpf(x) for x in r] for r in Psi])
        assert all(isinstance(x, mpmath.mpf) for x in as_mp.V.flat) and as_mp.certificate.arithmetic == "mp"
        residual = as_mp.V.dot(np.array(Phi, dtype=object)) - np.array(Psi, dtype=object)
        assert max(abs(x) for x in residual.flat) <= mpmath.mpf(10) ** -35 * 2
    exact = prune_layer(Phi, [[Fraction(2), 1]])
    assert exact.certificate.arithmetic == "exact" and all(isinstance(x, Fraction) for x in exact.V.flat)
    # negative control: the float result is not exact -- its entries are floats, not Fractions
    assert not any(isinstance(x, Fraction) for x in as_float.V.flat)
