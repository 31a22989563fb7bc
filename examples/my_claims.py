"""An example catalog of your own claims: one true, one false.

Run it with ``radontv check --catalog examples/my_claims.py``: ``mine.pn_le_wd`` is consistent (AM-GM: each
neuron's ``|v| ‖w‖ <= (v² + ‖w‖²)/2``), ``mine.wd_le_pn`` is refuted with a minimal counterexample (a network
whose neurons are not balanced), and the exit code is 1.
"""

import radontv
from radontv.testing.strategies import relu_networks


@radontv.claim("mine.pn_le_wd", title="path norm <= weight decay", source="AM-GM", given=relu_networks(max_dim=3))
def pn_le_wd(net):
    return radontv.at_most(net.path_norm(), net.weight_decay())


@radontv.claim("mine.wd_le_pn", title="weight decay <= path norm (false unless balanced)", source="a deliberate error",
               given=relu_networks(max_dim=3))
def wd_le_pn(net):
    return radontv.at_most(net.weight_decay(), net.path_norm())
