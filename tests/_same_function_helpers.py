"""A helper shared by tests/test_same_function.py and tests/test_same_function_rules.py."""

from __future__ import annotations

import numpy as np

from radontv import ReLUNetwork
from radontv.scalars import exact_value


def _differs_at(f: ReLUNetwork, g: ReLUNetwork, x) -> bool:
    """Exact evaluation of the networks' own weights (floats and mpfs are rationals) at the point x."""
    point = np.array([exact_value(p) for p in x], dtype=object).reshape(1, -1)
    return f.as_exact()(point)[0] != g.as_exact()(point)[0]
