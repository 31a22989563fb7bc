"""radontv: check, three independent ways, what ReLU networks trained with weight decay learn.

The implementation lives here (networks, seminorms, Radon transforms, solvers, the command line); symbolic
derivations in :mod:`radontv.theory`, numeric checks in :mod:`radontv.checks`, and the claim catalog in
:mod:`radontv.catalog`.  See the README for a tour.
"""

from .errors import InexactOperation, InvalidInput, RadontvError, UnknownClaim
from .evidence import CheckResult, Derivation, Verdict
from .network import ReLUNetwork, relu

# -- family exports (one line each) --
from .tv2 import tv2 as tv2  # univariate
# radon: (radon module is radontv.radon)
from .canonical import canonical as canonical, rtv2 as rtv2  # multivariate

__all__ = [
    "CheckResult",
    "Derivation",
    "InexactOperation",
    "InvalidInput",
    "RadontvError",
    "ReLUNetwork",
    "UnknownClaim",
    "Verdict",
    "relu",
]

__version__ = "0.1.0"
