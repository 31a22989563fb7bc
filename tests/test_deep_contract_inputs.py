"""The public contract of issue 10, bad input: every item of the issue's "Bad input" section, one by one.

Each raises :class:`radontv.InvalidInput` with a message that says what to do and leaves the caller's arrays as they
were; float32 input computes in float64, constructed objects own their parameters, float overflow raises instead of
returning NaN.  Each has a negative control (a valid neighbour of the bad input is accepted).  The rest of the
contract is in tests/test_deep_contract.py and tests/test_deep_contract_pruning.py.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
from _deep_contract_helpers import ADVICE, _raises_advice

from radontv import InvalidInput, ReLUNetwork
from radontv.deep import (
    DeepReLUNetwork,
    LinearLayer,
    balanced_factorization,
    prune,
    prune_layer,
    schatten_weight_decay,
)


# -- bad input (the section, one by one) ----------------------------------------------------------------------
def test_bad_input_mismatched_layer_shapes():
    l1 = ReLUNetwork([[1, 0]], [0], [[1, 2, 3]])  # R^2 -> R^3
    l2 = ReLUNetwork([[1, 0]], [0], [[1]])  # R^2 -> R^1
    msg = _raises_advice(lambda: DeepReLUNetwork.from_layers([l1, l2]))
    assert "3" in msg and "2" in msg
    _raises_advice(lambda: DeepReLUNetwork([l1, LinearLayer([[1, 0]])]))
    _raises_advice(lambda: DeepReLUNetwork([l2, LinearLayer([[1, 0]])]))
    _raises_advice(lambda: DeepReLUNetwork([]))  # L = 0 layers
    _raises_advice(lambda: DeepReLUNetwork(l1))  # one layer not in a list
    _raises_advice(lambda: DeepReLUNetwork([l1, "layer"]))
    Phi, Psi = [[1, 0, 1], [0, 1, 1]], [[1, 1]]
    _raises_advice(lambda: prune_layer(Phi, Psi), Phi, Psi)  # different numbers of points
    net = DeepReLUNetwork([l1, ReLUNetwork([[1, 0, 0]], [0], [[1]])])
    X = np.array([[1, 2, 3]])
    _raises_advice(lambda: net(X), X)
    _raises_advice(lambda: prune(net, X), X)
    _raises_advice(lambda: prune(l1, [[1, 2]]))  # a shallow layer is not a deep network
    # negative control: matching shapes are accepted
    assert DeepReLUNetwork([l1, ReLUNetwork([[1, 0, 0]], [0], [[1]])]).output_dim == 1


def test_bad_input_V_with_the_wrong_number_of_rows():
    W = np.array([[1, 0], [0, 1], [1, 1]])
    b = np.array([0, 1, -1])
    for V in ([[1, 2], [3, 4]], [1, 2], np.zeros((4, 2)), np.zeros((3, 0)), np.zeros((3, 2, 1))):
        msg = _raises_advice(lambda V=V: ReLUNetwork(W, b, V), W, b, V)
        assert "V" in msg or "v " in msg
    _raises_advice(lambda: ReLUNetwork(W, b, np.ones((3, 2)), c=[1, 2]))  # c of the scalar shape
    _raises_advice(lambda: ReLUNetwork(W, b, np.ones((3, 2)), c0=1))  # c0 scalar for D = 2
    _raises_advice(lambda: ReLUNetwork(W, b, np.ones((3, 2)), c0=[1, 2, 3]))
    _raises_advice(lambda: ReLUNetwork(W, b, [1, 2, 3], c=np.ones((2, 1))))  # scalar net with a (d, 1) skip
    # prune_layer's start: V of the wrong shape
    Phi, Psi = [[1, 0], [0, 1]], [[1, 1]]
    _raises_advice(lambda: prune_layer(Phi, Psi, start=[[1, 1], [1, 1]]))
    # negative control: the right number of rows is accepted
    assert ReLUNetwork(W, b, np.ones((3, 2))).outputs == 2


@pytest.mark.parametrize("L", [0, -1, 2.5, 2.0, True, False, Fraction(5, 2), "2", None, mpmath.mpf(2)])
def test_bad_input_L(L):
    A = [[1, 2], [3, 4]]
    _raises_advice(lambda: schatten_weight_decay(A, L), A) if ADVICE.search(_msg(schatten_weight_decay, A, L)) else \
        pytest.fail(f"no advice for L = {L!r}: {_msg(schatten_weight_decay, A, L)}")
    with pytest.raises(InvalidInput):
        balanced_factorization(A, L)


def _msg(fn, *args):
    try:
        fn(*args)
    except InvalidInput as exc:
        return str(exc)
    pytest.fail(f"{fn.__name__}{args} did not raise InvalidInput")


def test_L_accepts_numpy_integers_and_rejects_what_is_not_an_integer():
    A = [[1.0, 2], [3, 4]]
    assert schatten_weight_decay(A, np.int64(2)) == schatten_weight_decay(A, 2)
    assert len(balanced_factorization(A, np.int32(3))) == 3
    # negative control: a bool is an int in Python, but not a number of layers
    assert isinstance(True, int)
    with pytest.raises(InvalidInput):
        schatten_weight_decay(A, True)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf, mpmath.mpf("nan"), mpmath.mpf("inf")])
def test_bad_input_non_finite_matrices(bad):
    def with_bad(shape):
        A = np.ones(shape, dtype=object)
        A.flat[0] = bad
        return A

    W = with_bad((2, 2))
    msg = _raises_advice(lambda: ReLUNetwork(W, [0, 0], [[1], [1]]), W)
    assert "finite" in msg
    _raises_advice(lambda: ReLUNetwork([[1, 0], [0, 1]], [0, 0], with_bad((2, 2))))
    _raises_advice(lambda: ReLUNetwork([[1, 0]], [0], [[1, 1]], c=with_bad((2, 2))))
    _raises_advice(lambda: ReLUNetwork([[1, 0]], [0], [[1, 1]], c0=with_bad((2,))))
    _raises_advice(lambda: LinearLayer(W), W)
    _raises_advice(lambda: schatten_weight_decay(W, 2), W)
    _raises_advice(lambda: balanced_factorization(W, 3), W)
    Phi = with_bad((3, 2))
    _raises_advice(lambda: prune_layer(Phi, [[1, 1]]), Phi)
    _raises_advice(lambda: prune_layer([[1, 0], [0, 1]], with_bad((1, 2))))
    net = DeepReLUNetwork([ReLUNetwork([[1, 0]], [0], [[1]])])
    X = with_bad((1, 2))
    _raises_advice(lambda: net(X), X)
    _raises_advice(lambda: prune(net, X), X)


@pytest.mark.parametrize("kind", ["exact", "float", "mp"])
def test_bad_input_psi_not_in_the_row_space_of_phi(kind):
    conv = {"exact": Fraction, "float": float, "mp": mpmath.mpf}[kind]
    Phi = np.array([[conv(1), conv(0), conv(0)], [conv(0), conv(1), conv(0)]], dtype=object)
    Psi = np.array([[conv(0), conv(0), conv(1)]], dtype=object)  # the third point is invisible to the features
    msg = _raises_advice(lambda: prune_layer(Phi, Psi), Phi, Psi)
    assert "row space" in msg and "no" in msg.lower()
    # negative control: an output in the row space is accepted and met
    ok = np.array([[conv(2), conv(-1), conv(0)]], dtype=object)
    assert prune_layer(Phi, ok).V.tolist() == [[2, -1]]


def test_bad_input_empty_and_one_dimensional_arrays():
    for fn in (lambda A: schatten_weight_decay(A, 2), lambda A: balanced_factorization(A, 2), LinearLayer):
        for A in ([], [[]], np.zeros((0, 3)), [1, 2, 3], 5, np.ones((2, 2, 2))):
            _raises_advice(lambda fn=fn, A=A: fn(A))
    for Phi, Psi in (([], [[1]]), ([[1, 2]], []), ([1, 2], [[1, 2]]), ([[1, 2]], [1, 2]), (np.zeros((0, 2)),
                                                                                          np.zeros((1, 2)))):
        _raises_advice(lambda Phi=Phi, Psi=Psi: prune_layer(Phi, Psi))
    _raises_advice(lambda: ReLUNetwork([1, 2, 3], [0, 0, 0], [[1], [1], [1]]))  # W must be (K, d)
    net = DeepReLUNetwork([ReLUNetwork([[1, 0]], [0], [[1]])])
    _raises_advice(lambda: prune(net, np.zeros((0, 2))))
    # negative control: an empty batch is a valid evaluation (n = 0 rows)
    assert net(np.zeros((0, 2))).shape == (0, 1)
    # a vector network with no neurons is a valid affine map
    affine = ReLUNetwork(np.zeros((0, 2)), [], np.zeros((0, 2)), c=[[1, 0], [0, 1]], c0=[1, 2])
    assert affine([[3, 4]]).tolist() == [[4.0, 6.0]]


def test_bad_input_leaves_read_only_arrays_alone():
    W = np.array([[1.0, np.nan]])
    W.flags.writeable = False
    _raises_advice(lambda: ReLUNetwork(W, [0.0], [[1.0]]), W)
    Phi = np.array([[1.0, 0.0], [0.0, 1.0]])
    Psi = np.array([[1.0, 1.0, 1.0]])
    Phi.flags.writeable = False
    _raises_advice(lambda: prune_layer(Phi, Psi), Phi, Psi)


def test_float32_inputs_compute_in_float64():
    W = np.array([[1, 0], [0, 1]], dtype=np.float32)
    net = ReLUNetwork(W, np.zeros(2, dtype=np.float32), np.ones((2, 3), dtype=np.float32))
    assert net.arithmetic == "float" and net.W.dtype == np.float64
    assert net(np.array([[0.1, 0.2]], dtype=np.float32)).dtype == np.float64
    assert type(schatten_weight_decay(W, 2)) is float
    assert LinearLayer(W).arithmetic == "float"


def test_training_bad_input():
    from radontv.deep.train import linear_stack_optimum, train_deep_network, train_linear_stack

    A = [[1.0, 2], [3, 4]]
    for L in (0, -1, 2.5, True, None):
        _raises_advice(lambda L=L: linear_stack_optimum(A, L, 0.1), A)
        _raises_advice(lambda L=L: train_linear_stack(A, L, 0.1), A)
    _raises_advice(lambda: linear_stack_optimum([[np.nan, 1.0]], 2, 0.1))
    X, Y = np.array([[0.0], [1], [2]]), np.array([[0.0], [1], [0]])
    msg = _raises_advice(lambda: train_deep_network(X, Y, [3, 0], 0.1), X, Y)
    assert "widths[1]" in msg  # the message names the offending entry
    _raises_advice(lambda: train_deep_network(X, Y[:2], [2], 0.1), X, Y)
    _raises_advice(lambda: train_deep_network(X, Y, [2], -1.0), X, Y)
    # negative control: a valid depth is accepted
    assert linear_stack_optimum(A, 2, 0.1) is not None


def test_constructed_objects_own_their_parameters():
    W, b, V = np.array([[1.0, 0]]), np.array([0.0]), np.array([[1.0, 2]])
    net = ReLUNetwork(W, b, V)
    W[0, 0], V[0, 1] = 9.0, 9.0  # the caller changes its arrays afterwards
    assert net.W[0, 0] == 1.0 and net.V[0, 1] == 2.0
    assert not net.W.flags.writeable and not net.V.flags.writeable
    layers = [net, ReLUNetwork([[1.0, 1]], [0.0], [[1.0]])]
    deep = DeepReLUNetwork.from_layers(layers)
    layers.pop()
    assert len(deep) == 2 and deep.output_dim == 1
    M = np.array([[1, 2]])
    lin = LinearLayer(M)
    M[0, 0] = 7
    assert lin.M[0, 0] == 1
    # negative control: a plain numpy view would have followed the caller's change
    view = M.view()
    M[0, 1] = 5
    assert view[0, 1] == 5


def test_float_overflow_in_evaluation_raises_instead_of_returning_nan():
    """inf - inf in float is NaN: radontv never returns it (house rule); mp evaluates the same network fine."""
    net = ReLUNetwork([[1e10], [1e10]], [0.0, 0.0], [[1e300], [-1e300]])
    with np.errstate(over="ignore", invalid="ignore"):
        msg = _raises_advice(lambda: net([[1e10]]))
    assert "mp" in msg
    lin = DeepReLUNetwork([LinearLayer([[1e300], [-1e300]]), LinearLayer([[1.0, 1.0]])])
    for f in (net, ReLUNetwork([[1e10], [1e10]], [0.0, 0.0], [1e300, -1e300]), DeepReLUNetwork([net]), lin):
        with np.errstate(over="ignore", invalid="ignore"):
            with pytest.raises(InvalidInput):
                f([[1e10]])
    with mpmath.workdps(30):
        assert net.as_mp()([[1e10]]).tolist() == [[0]]
    # negative control: the same network at a point without overflow evaluates
    assert net([[1e-20]]).shape == (1, 1)
