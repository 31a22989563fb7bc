"""Helpers shared by the deep-contract tests (tests/test_deep_contract*.py): the hypothesis sizes, the advice a
bad-input message must give, integer entries, random deep networks and the bad-input assertion."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import strategies as st

from radontv import InvalidInput, ReLUNetwork
from radontv.deep import LinearLayer
from radontv.testing import scaled_examples

FEW = scaled_examples(0.1, minimum=10)
#: a message "says what to do" when it contains an instruction
ADVICE = re.compile(r"\b(pass|give|use|reshape|transpose|add|change|convert|wrap|compare|recompute|set|evaluate|"
                    r"must|needs?)\b", re.I)

ints = st.integers(-3, 3)

def _raises_advice(fn, *arrays):
    """``fn()`` raises InvalidInput with advice, and every array in ``arrays`` is unchanged afterwards."""
    before = [repr(np.array(a, dtype=object).tolist()) for a in arrays]  # repr: NaN entries compare equal
    with pytest.raises(InvalidInput) as info:
        fn()
    assert ADVICE.search(str(info.value)), f"message gives no advice: {info.value}"
    for a, b in zip(arrays, before, strict=True):
        assert repr(np.array(a, dtype=object).tolist()) == b
    return str(info.value)


@st.composite
def deep_nets(draw):
    d0 = draw(st.integers(1, 2))
    dims = [d0, *draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))]
    layers = []
    for i in range(1, len(dims)):
        din, dout = dims[i - 1], dims[i]
        if draw(st.booleans()) or i == 1:
            K = draw(st.integers(1, 3))
            mat = lambda r, c: draw(st.lists(st.lists(ints, min_size=c, max_size=c), min_size=r, max_size=r))  # noqa
            layers.append(ReLUNetwork(mat(K, din), draw(st.lists(ints, min_size=K, max_size=K)), mat(K, dout),
                                      mat(din, dout), draw(st.lists(ints, min_size=dout, max_size=dout))))
        else:
            layers.append(LinearLayer(draw(st.lists(st.lists(ints, min_size=din, max_size=din), min_size=dout,
                                                    max_size=dout)), draw(st.lists(ints, min_size=dout,
                                                                                   max_size=dout))))
    return layers
