r"""Deep networks: vector-valued layers, composites with skip terms, low-rank weights, layer pruning.

Sources: [SPLN24] J. Shenouda, R. Parhi, K. Lee, R. D. Nowak, "Variation Spaces for Multi-Output Neural Networks",
JMLR 25, 2024 (vector-valued variation norm, representer theorem, multi-task lasso pruning, Thms 5, 8-11);
[PN22] R. Parhi, R. D. Nowak, "What Kinds of Functions do Deep Neural Networks Learn?", IEEE TSP 2022 (abstract:
skip connections and rank-bounded weight matrices).  Walk-through: ``docs/deep.md``; claims: family ``deep``.

The public names are imported from their module on first access (PEP 562), like the top-level package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from .network import AffineMap, DeepReLUNetwork, LinearLayer
    from .norms import per_output_variation_norm
    from .pruning import PruningCertificate, prune, prune_layer
    from .schatten import balanced_factorization, schatten_weight_decay

#: public name -> submodule that defines it
_LAZY = {
    "AffineMap": ".network",
    "DeepReLUNetwork": ".network",
    "LinearLayer": ".network",
    "per_output_variation_norm": ".norms",
    "PruningCertificate": ".pruning",
    "prune": ".pruning",
    "prune_layer": ".pruning",
    "balanced_factorization": ".schatten",
    "schatten_weight_decay": ".schatten",
}

__all__ = [
    "AffineMap",
    "DeepReLUNetwork",
    "LinearLayer",
    "PruningCertificate",
    "balanced_factorization",
    "per_output_variation_norm",
    "prune",
    "prune_layer",
    "schatten_weight_decay",
]


__getattr__, __dir__ = lazy_names(globals(), _LAZY)
