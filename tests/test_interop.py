"""radontv.interop: PyTorch models in and out (issue 12 §3), on real PyTorch (no mocks).

Expected values come from torch itself: a module's forward pass (torch's own matmul and ReLU) is the independent
route for "the same function", and the parameter layout is checked against torch's documented ``nn.Linear``
convention ``x @ weight.T + bias``.  Values are compared with the package's sample law
``|f - g| <= rtol (|g| + s)``, ``s`` the size of the terms the network sums, with ``rtol = 1e-12`` (relative, so
the same at input scales 1e-8 ... 1e8).  Negative controls: a perturbed weight, the bias read with the wrong sign,
unsupported modules, a stack ending in ReLU, mismatched shapes, non-finite parameters.
"""

from __future__ import annotations

import io
import runpy
import sys
import warnings
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

import radontv
from radontv import InvalidInput, ReLUNetwork, canonical, rtv2
from radontv.deep import DeepReLUNetwork, LinearLayer
from radontv.interop import from_torch, to_torch
from radontv.same_function import same_function
from radontv.testing import assert_same_function, scaled_examples
from radontv.testing.strategies import relu_networks, scalars

torch.set_num_threads(1)

ROOT = Path(__file__).resolve().parent.parent
RTOL = 1e-12
SCALES = (1e-8, 1e-4, 1.0, 1e4, 1e8)


# -- helpers --------------------------------------------------------------------------------------------------------
def torch_values(module: nn.Module, X: np.ndarray) -> np.ndarray:
    """The module's forward pass in float64 on a batch, shape (n, D)."""
    with torch.no_grad():
        return module(torch.tensor(X, dtype=torch.float64)).numpy()


def term_scale(layers: list, X: np.ndarray) -> np.ndarray:
    """Per point, the size of the terms a forward pass sums (sum_k |v_k| (|w_k x| + |b_k|) + |C^T x| + |c0|, layer by
    layer on the absolute values): the scale a rounding error of the evaluation is relative to."""
    Z = np.abs(X)
    for layer in layers:
        if isinstance(layer, LinearLayer):
            Z = Z @ np.abs(layer.M.T) + np.abs(layer.bias)
            continue
        H = Z @ np.abs(layer.W.T) + np.abs(layer.b)
        C = np.abs(layer.c).reshape(layer.dim, -1)
        Z = H @ np.abs(layer.V) + Z @ C + np.abs(np.asarray(layer.c0, dtype=float)).reshape(-1)
    return Z.max(axis=1)


def assert_close(actual: np.ndarray, desired: np.ndarray, scale: np.ndarray, rtol: float = RTOL) -> None:
    """|actual - desired| <= rtol (|desired| + scale) entrywise (scale per point)."""
    actual, desired = np.asarray(actual, float).reshape(len(scale), -1), np.asarray(desired, float).reshape(
        len(scale), -1)
    bound = rtol * (np.abs(desired) + scale[:, None])
    err = np.abs(actual - desired)
    assert (err <= bound).all(), f"worst excess {np.max(err - bound):.3e}: |diff| {err.max():.3e}"


def num(t: torch.Tensor) -> float:
    """A one-element tensor as a float (detached: no autograd warning)."""
    return float(t.detach())


def layers_of(net: ReLUNetwork | DeepReLUNetwork) -> list:
    return list(net.layers) if isinstance(net, DeepReLUNetwork) else [net]


def inputs(seed: int, n: int, d: int, scale: float) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((n, d)) * scale


def linear(weight: np.ndarray, bias: np.ndarray | None, dtype: torch.dtype = torch.float64) -> nn.Linear:
    with warnings.catch_warnings():  # a zero-width layer: torch warns that initializing it is a no-op
        warnings.filterwarnings("ignore", message="Initializing zero-element tensors")
        lin = nn.Linear(weight.shape[1], weight.shape[0], bias=bias is not None, dtype=dtype)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(weight))
        if bias is not None:
            lin.bias.copy_(torch.tensor(bias))
    return lin


@st.composite
def torch_stacks(draw, *, min_hidden: int = 1, max_hidden: int = 1, bottlenecks: bool = False) -> nn.Sequential:
    """A Sequential Linear, ReLU, (Linear, ReLU)*, Linear with weights, biases and widths drawn by hypothesis: entries
    standard normal (a generator seeded from a drawn integer) times 10^e, e drawn in [-8, 8] per matrix."""
    gen = torch.Generator().manual_seed(draw(st.integers(0, 2**31 - 1)))
    hidden = draw(st.integers(min_hidden, max_hidden))
    dims = [draw(st.integers(1, 4))] + [draw(st.integers(0 if hidden == 1 else 1, 5)) for _ in range(hidden)]
    mods: list[nn.Module] = []

    def dense(d_in: int, d_out: int) -> nn.Linear:
        w = torch.randn(d_out, d_in, generator=gen, dtype=torch.float64) * 10.0 ** draw(st.integers(-8, 8))
        has_bias = draw(st.booleans())
        b = torch.randn(d_out, generator=gen, dtype=torch.float64) * 10.0 ** draw(st.integers(-8, 8))
        return linear(w.numpy(), b.numpy() if has_bias else None)

    for i in range(hidden):
        if bottlenecks and i > 0 and draw(st.booleans()):  # V of the previous layer, then a narrower LinearLayer
            mid = draw(st.integers(1, 3))
            mods += [dense(dims[i], mid), dense(mid, mid), dense(mid, dims[i + 1])]
        else:
            mods.append(dense(dims[i], dims[i + 1]))
        mods.append(nn.ReLU())
    mods.append(dense(dims[-1], draw(st.integers(1, 3))))
    return nn.Sequential(*mods)


@st.composite
def vector_networks(draw, *, skip: bool = True) -> ReLUNetwork:
    """Float ReLUNetworks with V of shape (K, D), D in 1..3 (vector-valued, also for D = 1)."""
    d, K, D = draw(st.integers(1, 3)), draw(st.integers(0, 4)), draw(st.integers(1, 3))
    number = scalars(arithmetic="float")

    def mat(r: int, c: int) -> np.ndarray:
        return np.array([[draw(number) for _ in range(c)] for _ in range(r)], dtype=float).reshape(r, c)

    C = mat(d, D) if skip and draw(st.booleans()) else np.zeros((d, D))
    return ReLUNetwork(mat(K, d), mat(1, K)[0], mat(K, D), C, mat(1, D)[0])


@st.composite
def deep_networks(draw) -> DeepReLUNetwork:
    """DeepReLUNetworks of vector ReLU layers (skip terms sometimes, V = I sometimes) and LinearLayers."""
    number = scalars(arithmetic="float")
    dim = draw(st.integers(1, 3))
    layers: list = []
    for _ in range(draw(st.integers(1, 4))):
        if layers and draw(st.integers(0, 3)) == 0:
            out = draw(st.integers(1, 3))
            M = np.array([[draw(number) for _ in range(dim)] for _ in range(out)], dtype=float)
            layers.append(LinearLayer(M, [draw(number) for _ in range(out)]))
            dim = out
            continue
        K = draw(st.integers(1, 4))
        W = np.array([[draw(number) for _ in range(dim)] for _ in range(K)], dtype=float)
        b = [draw(number) for _ in range(K)]
        if draw(st.integers(0, 2)) == 0:  # identity output: the next torch Linear is the next layer's W
            layers.append(ReLUNetwork(W, b, np.eye(K), np.zeros((dim, K)), np.zeros(K)))
            dim = K
            continue
        out = draw(st.integers(1, 3))
        V = np.array([[draw(number) for _ in range(out)] for _ in range(K)], dtype=float)
        C = (np.array([[draw(number) for _ in range(out)] for _ in range(dim)], dtype=float) if draw(st.booleans())
             else np.zeros((dim, out)))
        layers.append(ReLUNetwork(W, b, V, C, [draw(number) for _ in range(out)]))
        dim = out
    if not any(isinstance(layer, ReLUNetwork) for layer in layers):
        layers.insert(0, ReLUNetwork(np.ones((1, layers[0].input_dim)), [0.5], np.ones((1, layers[0].input_dim))))
    return DeepReLUNetwork(layers)


def same_structure(a: nn.Module, b: nn.Module) -> None:
    """The same module types in the same order and bitwise identical parameters (names, shapes, dtypes, values)."""
    assert [type(m) for m in a.modules()] == [type(m) for m in b.modules()]
    sa, sb = a.state_dict(), b.state_dict()
    assert list(sa) == list(sb)
    for key in sa:
        assert sa[key].dtype == sb[key].dtype and sa[key].shape == sb[key].shape, key
        assert torch.equal(sa[key], sb[key]), key


# -- the parameter layout ------------------------------------------------------------------------------------------
def test_layout_is_the_theory_parameters():
    """W = hidden.weight, b = -hidden.bias, v = output.weight[0], c0 = output.bias; hand-built, values by hand."""
    model = nn.Sequential(linear(np.array([[1.0, -2.0], [0.5, 0.25]]), np.array([3.0, -1.0])), nn.ReLU(),
                          linear(np.array([[4.0, -0.5]]), np.array([0.75])))
    net = from_torch(model)
    assert net.W.tolist() == [[1.0, -2.0], [0.5, 0.25]] and net.b.tolist() == [-3.0, 1.0]
    assert net.v.tolist() == [4.0, -0.5] and net.c0 == 0.75 and net.c.tolist() == [0.0, 0.0]
    # f(1, 1) = 4 relu(1 - 2 + 3) - 0.5 relu(0.5 + 0.25 - 1) + 0.75 = 8.75, by hand and by torch
    assert net([1.0, 1.0]) == 8.75 == float(torch_values(model, np.array([[1.0, 1.0]]))[0, 0])
    # weight decay: 1/2 (|W|_F^2 + |v|^2), biases not included, computed from torch's own tensors
    expected = 0.5 * num(model[0].weight.square().sum() + model[2].weight.square().sum())
    assert net.weight_decay() == expected
    # negative control: reading the bias without the sign flip gives another function
    wrong = ReLUNetwork(net.W, -net.b, net.v, net.c, net.c0)
    with pytest.raises(AssertionError, match="differ"):
        assert_same_function(wrong, net)


# -- round trips: radontv -> torch -> radontv ----------------------------------------------------------------------
@settings(max_examples=scaled_examples(0.5))
@given(relu_networks(arithmetic="float", max_width=6, coincident=True, zero_neurons=True))
def test_shallow_round_trip_identical(net):
    module = to_torch(net)
    assert isinstance(module, nn.Sequential) == all(x == 0 for x in net.c)
    back = from_torch(module)
    assert back == net  # identical parameters
    assert_same_function(back, net)
    X = inputs(net.width, 6, net.dim, 1.0)
    for scale in SCALES:
        P = X * scale
        assert_close(torch_values(module, P)[:, 0], net(P), term_scale([net], P))
    # negative control: one input weight of a live neuron perturbed by 1e-9 (relative) is another function
    live = [k for k in range(net.width) if net.v[k] != 0 and any(net.W[k] != 0)]
    if live:
        with torch.no_grad():
            hidden = module[0] if isinstance(module, nn.Sequential) else module.hidden
            hidden.weight[live[0]] *= 1 + 1e-9
        equal, _ = same_function(from_torch(module), net)  # what assert_same_function decides (without the witness)
        assert not equal


@settings(max_examples=scaled_examples(0.5))
@given(vector_networks())
def test_vector_round_trip(net):
    back = from_torch(to_torch(net))
    if net.outputs == 1:  # written as Linear(K, 1): comes back scalar, same numbers
        assert not back.vector_valued
        assert back == ReLUNetwork(net.W, net.b, net.V[:, 0], net.c[:, 0], net.c0[0])
    else:
        assert back == net
    assert_same_function(back, net)


@settings(max_examples=scaled_examples(0.25))
@given(relu_networks(arithmetic="exact", max_width=4))
def test_exact_network_is_rounded_to_float64(net):
    """Exact networks are written rounded to nearest float64 (the stated loss): the result is net.as_float()."""
    back = from_torch(to_torch(net))
    assert back == net.as_float()
    assert_same_function(back, net, rtol=2.0**-40)


# -- round trips: torch -> radontv -> torch ------------------------------------------------------------------------
@settings(max_examples=scaled_examples(0.5))
@given(torch_stacks(), st.sampled_from(SCALES))
def test_torch_shallow_round_trip(model, scale):
    net = from_torch(model)
    assert isinstance(net, ReLUNetwork) and net.arithmetic == "float"
    assert net.vector_valued == (model[-1].out_features > 1)
    if model[0].bias is not None and model[-1].bias is not None:  # a missing bias comes back as a zero bias
        same_structure(to_torch(net), model)
    P = inputs(net.width, 8, net.dim, scale)
    assert_close(net(P), torch_values(model, P), term_scale([net], P))
    assert_close(torch_values(to_torch(net), P), torch_values(model, P), term_scale([net], P))


@settings(max_examples=scaled_examples(0.25))
@given(torch_stacks(min_hidden=2, max_hidden=4, bottlenecks=True), st.sampled_from(SCALES))
def test_torch_deep_round_trip(model, scale):
    net = from_torch(model)
    assert isinstance(net, DeepReLUNetwork)
    hidden = [m.out_features for m, nxt in zip(model, list(model)[1:], strict=False) if isinstance(nxt, nn.ReLU)]
    assert net.hidden_widths == tuple(hidden)  # one radontv ReLU layer per torch hidden layer, neuron for neuron
    P = inputs(sum(hidden), 8, net.input_dim, scale)
    assert_close(net(P), torch_values(model, P), term_scale(layers_of(net), P))
    back = to_torch(net)
    assert_close(torch_values(back, P), torch_values(model, P), term_scale(layers_of(net), P))
    assert [type(m) for m in back] == [type(m) for m in model]
    for a, b in zip(back, model, strict=True):
        if isinstance(a, nn.Linear):
            assert torch.equal(a.weight, b.weight)
            assert torch.equal(a.bias, b.bias if b.bias is not None else torch.zeros_like(a.bias))


@settings(max_examples=scaled_examples(0.25))
@given(deep_networks())
def test_deep_round_trip_identical(net):
    back = from_torch(to_torch(net), deep=True)
    assert back == net
    P = inputs(len(net), 6, net.input_dim, 1.0)
    assert_close(torch_values(to_torch(net), P), net(P), term_scale(layers_of(net), P))


def test_deep_flag():
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)).double()
    deep = from_torch(model, deep=True)
    assert isinstance(deep, DeepReLUNetwork) and len(deep) == 1
    assert deep.layers[0].V.shape == (3, 1)
    same_structure(to_torch(deep), model)
    stack = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 1))
    with pytest.raises(InvalidInput, match="deep=False"):
        from_torch(stack, deep=False)


def test_standard_stack_reads_identity_output_and_weight_decay_difference():
    """Linear, ReLU, Linear, ReLU, Linear: the middle Linear is layer 2's W; layer 1 outputs its activations (V = I),
    so DeepReLUNetwork.weight_decay exceeds torch's weight decay by K1/2 exactly."""
    torch.manual_seed(3)
    model = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2)).double()
    net = from_torch(model)
    first, second = net.layers
    assert np.array_equal(first.V, np.eye(4)) and np.array_equal(second.W, model[2].weight.detach().numpy())
    torch_wd = 0.5 * sum(num(m.weight.square().sum()) for m in model if isinstance(m, nn.Linear))
    assert net.weight_decay() == pytest.approx(torch_wd + 4 / 2, rel=1e-15)


# -- skip terms ----------------------------------------------------------------------------------------------------
def test_skip_term_is_a_shallow_relu_block():
    net = ReLUNetwork([[1.0, 2.0], [-1.0, 0.5]], [0.5, -1.0], [3.0, -2.0], [1.0, -1.0], 2.0)
    module = to_torch(net)
    assert isinstance(module, radontv.interop.ShallowReLU)
    assert torch.equal(module.skip.weight, torch.tensor([[1.0, -1.0]], dtype=torch.float64))
    assert module.skip.bias is None
    assert from_torch(module) == net
    assert from_torch(nn.Sequential(module)) == net
    P = inputs(0, 5, 2, 1e3)
    assert_close(torch_values(module, P)[:, 0], net(P), term_scale([net], P))
    # negative control: the same network without its skip term is another function
    with pytest.raises(AssertionError, match="differ"):
        assert_same_function(from_torch(to_torch(net.with_affine(c=[0.0, 0.0]))), net)


def test_shallow_relu_block_saves_and_loads():
    """torch.save / torch.load (pickle) of a ShallowReLU: the class is found again as radontv.interop.ShallowReLU."""
    net = ReLUNetwork([[1.0, 2.0]], [0.5], [3.0], [1.0, -1.0], 2.0)
    buffer = io.BytesIO()
    torch.save(to_torch(net), buffer)
    buffer.seek(0)
    loaded = torch.load(buffer, weights_only=False)
    assert type(loaded) is radontv.interop.ShallowReLU
    assert from_torch(loaded) == net


# -- float32 -------------------------------------------------------------------------------------------------------
def test_float32_module_is_read_exactly():
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2))  # float32
    net = from_torch(model)
    assert net.W.dtype == np.float64
    # every float32 value is a float64 value: the parameters are the float32 numbers themselves
    assert [Fraction(float(x)) for x in model[0].weight.detach().numpy().ravel()] == [Fraction(x) for x in
                                                                                      net.W.ravel()]
    assert np.array_equal(net.b, -model[0].bias.detach().numpy().astype(np.float64))
    same_structure(to_torch(net, dtype=torch.float32), model)  # written back in float32: bitwise the same
    P = inputs(1, 6, 3, 1.0)
    assert_close(net(P), torch_values(to_torch(net), P), term_scale([net], P))
    # float32 evaluation rounds at 2^-24: far outside 1e-12 (the comparison is sensitive)
    with torch.no_grad():
        single = model(torch.tensor(P, dtype=torch.float32)).double().numpy()
    assert not np.allclose(single, net(P), rtol=1e-12, atol=0)


# -- a trained model: the radontv tools apply ------------------------------------------------------------------------
def test_trained_model_canonical_rtv2_balanced():
    torch.manual_seed(2)
    x = torch.linspace(-1, 1, 9, dtype=torch.float64).reshape(-1, 1).repeat(1, 2) * torch.tensor([1.0, -0.5],
                                                                                                 dtype=torch.float64)
    y = torch.abs(x[:, :1]) - 0.2
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1)).double()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(60):
        opt.zero_grad()
        loss = 0.5 * (model(x) - y).square().sum() + 0.01 * 0.5 * (model[0].weight.square().sum()
                                                                     + model[2].weight.square().sum())
        loss.backward()
        opt.step()
    net = from_torch(model)
    # the path norm from torch's tensors (independent of radontv's norms)
    pn = num((model[2].weight[0].abs() * model[0].weight.norm(dim=1)).sum())
    assert net.path_norm() == pytest.approx(pn, rel=1e-14)
    balanced = net.balanced()
    assert_same_function(balanced, net)
    assert balanced.weight_decay() == pytest.approx(pn, rel=1e-14)  # AM-GM equality at balance
    assert rtv2(net) <= net.path_norm() * (1 + 1e-15) <= net.weight_decay()
    form = canonical(net)
    assert_same_function(form.network(), net)
    # the balanced network written back to torch computes the trained model's function, with torch weight decay = PN
    back = to_torch(balanced)
    P = inputs(2, 10, 2, 1.0)
    assert_close(torch_values(back, P), torch_values(model, P), term_scale([net], P))
    torch_wd = 0.5 * num(back[0].weight.square().sum() + back[2].weight.square().sum())
    assert torch_wd == pytest.approx(pn, rel=1e-13)
    # negative control: a weight perturbed by 1e-9 (relative) is another function
    with torch.no_grad():
        model[0].weight[3, 1] *= 1 + 1e-9
    with pytest.raises(AssertionError, match="differ"):
        assert_same_function(from_torch(model), net)


# -- what is rejected ----------------------------------------------------------------------------------------------
def _complex_module() -> nn.Module:
    with warnings.catch_warnings():  # torch warns that complex modules are experimental
        warnings.simplefilter("ignore", UserWarning)
        return nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)).to(torch.complex64)


@pytest.mark.parametrize("factory, message", [
    (lambda: nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1)),
     r"module\[1\] is torch\.nn\.modules.*Tanh.*accepted"),
    (lambda: nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Dropout(), nn.Linear(3, 1)), "Dropout.*accepted"),
    (lambda: nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 1)), "BatchNorm1d"),
    (lambda: nn.Sequential(nn.Linear(2, 3), nn.LeakyReLU(), nn.Linear(3, 1)), "LeakyReLU"),
    (lambda: nn.Sequential(nn.Linear(2, 3), nn.ReLU()), "ends in a ReLU"),
    (lambda: nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 3), nn.ReLU()), "ends in a ReLU"),
    (lambda: nn.Sequential(nn.ReLU(), nn.Linear(2, 1)), "starts with a ReLU"),
    (lambda: nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.ReLU(), nn.Linear(3, 1)), "follows another ReLU"),
    (lambda: nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(4, 1)), "mismatched shapes.*dimension 4.*dimension 3"),
    (lambda: nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1)), "no ReLU"),
    (lambda: nn.Sequential(), "no layers"),
    (lambda: nn.Linear(2, 1), "module is torch.nn.*Linear.*accepted"),
    (lambda: nn.Sequential(nn.Flatten(0, -1), nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1)), "Flatten"),
    (lambda: nn.Sequential(nn.LazyLinear(3), nn.ReLU(), nn.Linear(3, 1)), "lazy"),
    (lambda: _complex_module(), "dtype"),
])
def test_unsupported_modules_are_rejected(factory, message):
    module = factory()
    with pytest.raises(InvalidInput, match=message):
        from_torch(module)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
@pytest.mark.parametrize("where", ["hidden.weight", "hidden.bias", "output.weight", "output.bias"])
def test_non_finite_parameters_are_rejected(value, where):
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    part = model[0] if where.startswith("hidden") else model[2]
    with torch.no_grad():
        getattr(part, where.split(".")[1]).view(-1)[-1] = value
    with pytest.raises(InvalidInput, match="non-finite"):
        from_torch(model)


def test_accepted_variants():
    """Bias-less Linears (b = 0, c0 = 0), in-place ReLU, Identity, default Flatten, nested Sequentials."""
    torch.manual_seed(4)
    hidden, output = nn.Linear(3, 4, bias=False).double(), nn.Linear(4, 2, bias=False).double()
    model = nn.Sequential(nn.Flatten(), nn.Sequential(hidden, nn.ReLU(inplace=True)), nn.Identity(), output)
    net = from_torch(model)
    assert net.b.tolist() == [0.0] * 4 and net.c0.tolist() == [0.0, 0.0]
    P = inputs(3, 5, 3, 1.0)
    assert_close(net(P), torch_values(model, P), term_scale([net], P))
    # the default Flatten is the identity on a batch (n, 1, 3): the network reads the flattened input
    with torch.no_grad():
        flat = model(torch.tensor(P.reshape(5, 1, 3))).numpy()
    assert_close(net(P), flat, term_scale([net], P))


def test_mixed_stack_with_blocks():
    """ReLU straight into a ShallowReLU (the open layer gets V = I), a block followed by Linear layers: the values are
    torch's, and the layer reading is the documented one."""
    torch.manual_seed(6)
    block = to_torch(ReLUNetwork(np.ones((2, 3)), [0.5, -0.5], np.eye(2)[:, :2] * 3, np.ones((3, 2)), [1.0, 2.0]))
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), block, nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 2),
                          nn.Linear(2, 1)).double()
    net = from_torch(model)
    kinds = [type(layer).__name__ for layer in net.layers]
    assert kinds == ["ReLUNetwork", "ReLUNetwork", "ReLUNetwork", "LinearLayer"]
    assert np.array_equal(net.layers[0].V, np.eye(3))
    P = inputs(6, 7, 2, 10.0)
    assert_close(net(P), torch_values(model, P), term_scale(layers_of(net), P))
    with pytest.raises(InvalidInput, match="follows a ShallowReLU"):
        from_torch(nn.Sequential(block, nn.ReLU(), nn.Linear(2, 1)))


def test_zero_width():
    net = ReLUNetwork(np.zeros((0, 2)), [], np.zeros(0), [0.0, 0.0], 1.5)
    module = to_torch(net)
    assert module[0].weight.shape == (0, 2)
    assert from_torch(module) == net
    assert torch_values(module, np.ones((3, 2)))[:, 0].tolist() == [1.5] * 3


def test_mp_network_is_rounded_to_float64():
    with mpmath.workdps(40):
        third = mpmath.mpf(1) / 3
        net = ReLUNetwork([[third, 2]], [third], [5], [0, 0], 1)
        back = from_torch(to_torch(net))
        assert back.W[0, 0] == float(third) and back.b[0] == float(third)  # nearest float64 to the 40-digit value
        assert abs(mpmath.mpf(back.W[0, 0]) - third) <= third * mpmath.mpf(2) ** -53
        assert mpmath.mpf(back.W[0, 0]) != third  # negative control: the rounding is real


def test_bias_free_linears_come_back_with_zero_biases():
    torch.manual_seed(5)
    model = nn.Sequential(nn.Linear(2, 3, bias=False), nn.ReLU(), nn.Linear(3, 1, bias=False)).double()
    back = to_torch(from_torch(model))
    assert torch.equal(back[0].weight, model[0].weight) and torch.equal(back[2].weight, model[2].weight)
    assert back[0].bias.tolist() == [0.0] * 3 and back[2].bias.tolist() == [0.0]


def test_to_torch_rejects():
    with pytest.raises(InvalidInput, match="float64 range"):
        to_torch(ReLUNetwork([[Fraction(10) ** 400]], [0], [1]))
    with pytest.raises(InvalidInput, match=r"range of torch\.float32"):
        to_torch(ReLUNetwork([[1e300]], [0.0], [1.0]), dtype=torch.float32)
    with pytest.raises(InvalidInput, match="dtype"):
        to_torch(ReLUNetwork([[1.0]], [0.0], [1.0]), dtype=torch.int32)
    with pytest.raises(InvalidInput, match=r"ReLUNetwork or radontv\.deep\.DeepReLUNetwork"):
        to_torch(nn.Linear(1, 1))
    # negative control for the rounding statement: 1/3 is not a float64; the module holds the nearest one
    module = to_torch(ReLUNetwork([[Fraction(1, 3)]], [0], [1]))
    assert Fraction(num(module[0].weight[0, 0])) != Fraction(1, 3)
    assert abs(Fraction(num(module[0].weight[0, 0])) - Fraction(1, 3)) <= Fraction(1, 3) * Fraction(1, 2**53)


def test_without_torch_the_message_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # what an environment without torch looks like to `import`
    with pytest.raises(ImportError, match=r'pip install "radontv\[torch\]"'):
        from_torch(object())
    with pytest.raises(ImportError, match=r'pip install "radontv\[torch\]"'):
        to_torch(ReLUNetwork([[1.0]], [0.0], [1.0]))


# -- the docs example ----------------------------------------------------------------------------------------------
def test_docs_example_weight_decay_balance():
    """docs/examples/torch_weight_decay.py: after L-BFGS weight decay = path norm to ~1e-13; after Adam alone the
    measured gap is visible (the negative control: stopping early is not stationary)."""
    rows = runpy.run_path(str(ROOT / "docs" / "examples" / "torch_weight_decay.py"))["main"](show=False)
    adam, polished = rows
    for row in rows:
        model = row["model"]
        # weight decay and path norm from torch's own tensors: the W and v of the docs' convention, no biases
        wd = 0.5 * num(model[0].weight.square().sum() + model[2].weight.square().sum())
        pn = num((model[2].weight[0].abs() * model[0].weight.norm(dim=1)).sum())
        assert row["weight_decay"] == pytest.approx(wd, rel=1e-14)
        assert row["path_norm"] == pytest.approx(pn, rel=1e-14)
        assert row["rtv2"] <= pn * (1 + 1e-14) <= wd * (1 + 1e-14)
        assert row["balanced_gap"] <= 1e-14
        # the derivative of J along each neuron's rescaling, from torch's autograd, is lambda (|w|^2 - v^2) computed
        # from radontv's norms; the penalised-bias convention lambda (|w|^2 + b^2 - v^2) is refuted (negative control)
        net, lam = row["net"], 0.05
        expected = lam * (net.neuron_norms_squared() - net.v**2)
        bound = 2.0**-40 * row["rescaling_scale"]  # the package's float tolerance, relative to the summed terms
        assert (np.abs(row["rescaling_derivative"] - expected) <= bound).all()
        wrong = expected + lam * net.b**2
        assert not (np.abs(row["rescaling_derivative"] - wrong) <= bound).all()
        # canonical form of the live neurons: the live count minus the merges found by the example's own grouping
        for tau, size in row["canonical_sizes"].items():
            assert size == row["live"] - sum(len(g) - 1 for g in row["merged"][tau])
    assert polished["gap"] < 1e-10 and polished["max_imbalance"] < 1e-4
    assert adam["gap"] > 1e-4  # not yet stationary: the gap the table reports is real
    # negative control: the convention without the factor 1/2 ("weight decay = twice the path norm") is refuted
    assert abs(2 * polished["weight_decay"] - polished["path_norm"]) > 0.5 * polished["path_norm"]
    assert polished["live"] < polished["K"]  # weight decay collapsed some neurons
