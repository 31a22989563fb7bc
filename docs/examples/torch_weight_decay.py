r"""Train a small PyTorch ReLU network with weight decay, then read it into radontv (docs/interop.md).

The objective is radontv's convention (docs/conventions.md):

.. math:: J(\theta) = \tfrac12\sum_n (f_\theta(x_n) - y_n)^2 + \lambda\,\tfrac12\sum_k (v_k^2 + \|w_k\|_2^2),

weight decay on the input weights ``hidden.weight`` (the :math:`w_k`) and the output weights ``output.weight``
(the :math:`v_k`) only; the biases :math:`b_k` and the output bias :math:`c_0` are free.  Why: the ReLU's positive
homogeneity lets every neuron be rescaled, :math:`(v, w, b) \mapsto (v/\alpha, \alpha w, \alpha b)`, without
changing :math:`f`; minimising :math:`\tfrac12(v^2 + \|w\|^2)` over that rescaling gives :math:`|v|\,\|w\|` (AM-GM),
the path norm, whose minimum over networks computing :math:`f` is the Radon-domain total variation R-TV² of
:math:`f` (Parhi & Nowak, JMLR 2021, Thm 8 and its proof, §6.1.1).  Penalising the biases too would charge a kink
for its distance from the origin (the regularizer would no longer be translation invariant) and break that identity.

At a stationary point of :math:`J` the derivative along each neuron's rescaling vanishes; the data term does not
change along it, so :math:`\tfrac{d}{d\alpha}\tfrac\lambda2(v^2/\alpha^2 + \alpha^2\|w\|^2)|_{\alpha=1}
= \lambda(\|w\|^2 - v^2) = 0`: **balance** :math:`|v_k| = \|w_k\|` ([SPLN24] Thm 1; docs/rescaling.md), hence
weight decay = path norm (with the factor ½ of the convention; without it weight decay would be twice the path
norm).  Training stops before exact stationarity, so the script measures the gap: after a few hundred Adam steps,
and after polishing with L-BFGS; and, from torch's gradient, the derivative along each rescaling, which is exactly
:math:`\lambda(\|w_k\|^2 - v_k^2)`: a trained model is unbalanced only as far as its gradient is not zero.

Run: ``python docs/examples/torch_weight_decay.py`` (a few seconds on one CPU thread).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import torch
from torch import nn

from radontv import canonical, rtv2
from radontv.interop import from_torch
from radontv.testing import assert_same_function

N, K, LAMBDA = 12, 30, 0.05  #: data points, neurons, weight-decay strength
ADAM_STEPS, LBFGS_ROUNDS = 300, 5  #: Adam steps (lr 1e-2), then L-BFGS rounds of up to 200 iterations each
COLLAPSED = 1e-8  #: a neuron whose amplitude |v_k| ||w_k|| is below this fraction of the path norm has collapsed
TOLERANCES = (2.0**-40, 1e-6, 1e-3, 1e-2)  #: grouping tolerances tau of the canonical form (2^-40: the default)


def data() -> tuple[torch.Tensor, torch.Tensor]:
    """N points on [-2, 2] with y = sin(2x) + 0.3x."""
    x = torch.linspace(-2, 2, N, dtype=torch.float64).reshape(-1, 1)
    return x, torch.sin(2 * x) + 0.3 * x


def objective(model: nn.Sequential, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """J(theta): half the squared error plus lambda times weight decay on the two weight matrices (no biases)."""
    hidden, output = model[0], model[2]
    weight_decay = 0.5 * (hidden.weight.square().sum() + output.weight.square().sum())
    return 0.5 * (model(x) - y).square().sum() + LAMBDA * weight_decay


def train(seed: int = 0) -> tuple[nn.Sequential, nn.Sequential]:
    """The model after the Adam steps, and (a copy trained further) after L-BFGS."""
    torch.manual_seed(seed)
    x, y = data()
    model = nn.Sequential(nn.Linear(1, K), nn.ReLU(), nn.Linear(K, 1)).double()
    adam = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(ADAM_STEPS):
        adam.zero_grad()
        objective(model, x, y).backward()
        adam.step()
    after_adam = nn.Sequential(nn.Linear(1, K), nn.ReLU(), nn.Linear(K, 1)).double()
    after_adam.load_state_dict(model.state_dict())
    lbfgs = torch.optim.LBFGS(model.parameters(), lr=1, max_iter=200, history_size=50, tolerance_grad=1e-12,
                              tolerance_change=1e-15, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        lbfgs.zero_grad()
        value = objective(model, x, y)
        value.backward()
        return value

    for _ in range(LBFGS_ROUNDS):
        lbfgs.step(closure)
    return after_adam, model


def merged_groups(net: Any, tau: float, live: np.ndarray) -> list[list[int]]:
    """The neurons (indices among ``live``) that share a knot, found independently of radontv.canonical: in d = 1
    a neuron's hyperplane is its knot t_k = b_k / w_k; knots within tau * max(|t|, |t'|) of each other (the
    grouping law of docs/conventions.md, both orientations allowed) form one group (chains of neighbours)."""
    knots = net.b[live] / net.W[live, 0]
    order = np.argsort(knots)
    groups: list[list[int]] = [[int(live[order[0]])]] if len(order) else []
    for p, q in itertools.pairwise(order):
        if abs(knots[q] - knots[p]) <= tau * max(abs(knots[p]), abs(knots[q])):
            groups[-1].append(int(live[q]))
        else:
            groups.append([int(live[q])])
    return groups


def report(model: nn.Sequential, stage: str) -> dict[str, Any]:
    """Read ``model`` into radontv and measure balance, R-TV² and merging."""
    net = from_torch(model)
    x, _ = data()
    with torch.no_grad():  # radontv's network computes the torch model's function (to rounding)
        assert_same_function(lambda X: model(torch.tensor(np.asarray(X, dtype=float))).numpy()[:, 0], net,
                             x.numpy(), rtol=1e-12)
    wd, pn = net.weight_decay(), net.path_norm()
    norms_v, norms_w = np.abs(net.v), net.neuron_norms()
    amplitude = norms_v * norms_w
    live = np.flatnonzero(amplitude > COLLAPSED * pn)
    imbalance = np.abs(norms_v - norms_w)[live] / (norms_v + norms_w)[live]
    pruned = net[live]  # the collapsed neurons removed; how much that changes f on the data is measured
    change = float(np.max(np.abs(pruned(x.numpy()) - net(x.numpy()))) / np.max(np.abs(net(x.numpy()))))
    sizes = {tau: canonical(pruned, rtol=tau).size for tau in TOLERANCES}
    groups = {tau: [g for g in merged_groups(net, tau, live) if len(g) > 1] for tau in TOLERANCES}
    along, scale, gradient = _rescaling_derivatives(model)
    return {"stage": stage, "model": model, "net": net, "weight_decay": wd, "path_norm": pn, "gap": (wd - pn) / wd,
            "max_imbalance": float(imbalance.max()), "rtv2": rtv2(net), "K": net.width, "live": len(live),
            "pruning_change": change, "canonical_sizes": sizes, "merged": groups, "balanced_gap": _balanced_gap(net),
            "rescaling_derivative": along, "rescaling_scale": scale, "max_gradient": gradient}


def _rescaling_derivatives(model: nn.Sequential) -> tuple[np.ndarray, np.ndarray, float]:
    r"""Per neuron, the derivative of J along its rescaling (w, -b, v) -> (a w, -a b, v / a) at a = 1, from torch's
    gradient: :math:`w\cdot\partial_w J + \mathrm{bias}\,\partial_{\mathrm{bias}} J - v\,\partial_v J`.  The data
    term is constant along it, so this is :math:`\lambda(\|w_k\|^2 - v_k^2)` ([SPLN24] Thm 1; docs/rescaling.md):
    the imbalance is exactly what the gradient has left.  Also max |grad J| and, per neuron, the size of what the
    derivative sums, :math:`2|v|\sum_n |r_n|(|w x_n| + |\mathrm{bias}|) + \lambda(w^2 + v^2)` (r the residuals):
    the scale its rounding is relative to (the data term's parts cancel exactly in theory, not in float)."""
    x, y = data()
    model.zero_grad()
    objective(model, x, y).backward()
    hidden, output = model[0], model[2]
    with torch.no_grad():
        along = ((hidden.weight * hidden.weight.grad).sum(1) + hidden.bias * hidden.bias.grad
                 - (output.weight * output.weight.grad).sum(0)).numpy()
        residual = (model(x) - y).abs()[:, 0]  # (N,)
        w, bias, v = hidden.weight[:, 0], hidden.bias, output.weight[0]
        data_part = 2 * v.abs() * ((w.abs()[:, None] * x[:, 0].abs()[None, :] + bias.abs()[:, None])
                                   * residual[None, :]).sum(1)
        scale = (data_part + LAMBDA * (w**2 + v**2)).numpy()
        gradient = max(float(p.grad.abs().max()) for p in model.parameters())
    model.zero_grad()
    return along, scale, gradient


def _balanced_gap(net: Any) -> float:
    """(WD - PN)/WD after radontv's balancing rescaling (same function): zero up to rounding."""
    balanced = net.balanced()
    return (balanced.weight_decay() - balanced.path_norm()) / balanced.weight_decay()


def _tau(tau: float) -> str:
    return "2^-40" if tau == 2.0**-40 else f"{tau:.0e}"


def main(show: bool = True) -> list[dict[str, Any]]:
    torch.set_num_threads(1)
    after_adam, after_lbfgs = train()
    rows = [report(after_adam, f"Adam, {ADAM_STEPS} steps"), report(after_lbfgs, "then L-BFGS")]
    if show:
        print(f"K = {K} neurons, N = {N} points, lambda = {LAMBDA}; WD = ½Σ(v²+‖w‖²), PN = Σ|v|‖w‖")
        print(f"{'stage':<18} {'WD':>10} {'PN':>10} {'(WD-PN)/WD':>11} {'max imbal.':>10} {'R-TV²':>10} "
              f"{'max|∇J|':>8} {'live':>5} " + " ".join(f"{'τ=' + _tau(t):>8}" for t in TOLERANCES))
        for r in rows:
            print(f"{r['stage']:<18} {r['weight_decay']:>10.6f} {r['path_norm']:>10.6f} {r['gap']:>11.2e} "
                  f"{r['max_imbalance']:>10.2e} {r['rtv2']:>10.6f} {r['max_gradient']:>8.1e} {r['live']:>5} "
                  + " ".join(f"{r['canonical_sizes'][t]:>8}" for t in TOLERANCES))
        last = rows[-1]
        print(f"live: neurons with |v|‖w‖ > {COLLAPSED:g}·PN (removing the others changes f on the data by "
              f"{last['pruning_change']:.1e} relative); τ columns: canonical form size of the live neurons")
        for tau in TOLERANCES:
            if last["merged"][tau]:
                print(f"τ = {_tau(tau)} merges neurons " + "; ".join(
                    " + ".join(f"{k} (knot {last['net'].b[k] / last['net'].W[k, 0]:.5f})" for k in g)
                    for g in last["merged"][tau]))
        print(f"after net.balanced() (same function): (WD-PN)/WD = {last['balanced_gap']:.1e}")
    return rows


if __name__ == "__main__":
    main()
