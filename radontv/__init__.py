"""radontv: check, three independent ways, what ReLU networks trained with weight decay learn.

The implementation lives here (networks, seminorms, Radon transforms, solvers, the command line); symbolic
derivations in :mod:`radontv.theory`, numeric checks in :mod:`radontv.checks`, and the claim catalog in
:mod:`radontv.catalog`.  See the README for a tour.
"""

from .canonical_form import CanonicalForm, canonical, rtv2, witness
from .errors import InexactOperation, InvalidInput, RadontvError, UnknownClaim
from .evidence import CheckResult, Derivation, Verdict
from .network import ReLUNetwork, relu
from .tv2 import tv2

__all__ = [
    "CanonicalForm",
    "CheckResult",
    "Derivation",
    "InexactOperation",
    "InvalidInput",
    "RadontvError",
    "ReLUNetwork",
    "UnknownClaim",
    "Verdict",
    "canonical",
    "relu",
    "rtv2",
    "tv2",
    "witness",
]

__version__ = "0.1.0"
