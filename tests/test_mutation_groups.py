"""The grouping steps of radontv.hyperplane_groups: tests that close gaps found by mutation testing (issue 9).

The mutants each test kills are listed in tests/mutation-equivalents.md (section hyperplane_groups.py).  Expected
values are worked by hand from the documented rules (the packed-key sort's grid, the re-sort of cells out of order by
more than ``reach``, the index order of the other cells), never taken from the code under test.
"""

from __future__ import annotations

import numpy as np

from radontv.hyperplane_groups import sort_projections

R = 2.0**-64


# -- sort_projections with a grid coarser than reach: which cells are re-sorted (_sort_cells) -----------------------
def test_a_first_cell_out_of_order_is_resorted():
    """s = 3·2^-64, 2^-64, 1/2 with bound 1 (K = 3: grid step 2^-60) and reach 2^-70: the first two share the first
    occupied cell (s + 1 rounds to 1 for both) and come in index order, 2^-63 > reach out of order: the sort must
    give 1, 0, 2.  The cell is the first sorted position, so its check compares positions 0 and 1 (not 0 and the last
    position).  Kills ``_sort_cells`` 25 (``tie - 1``)."""
    order, near = sort_projections(np.array([3 * R, R, 0.5]), 1.0, 2.0**-70)
    assert order.tolist() == [1, 0, 2]
    assert near.tolist() == [True, False]


def test_a_cell_out_of_order_by_exactly_reach_keeps_index_order():
    """s = 2·2^-64, 2^-64, 1/2, -1/2 and reach 2^-64 (grid step 2^-60): the first two share a cell, out of order by
    exactly reach, which the contract allows (neighbours out of order by at most reach): the cell stays in index
    order, 3, 0, 1, 2 (the docstring: only cells out of order by more than reach are re-sorted).  Kills
    ``_sort_cells`` 27 (``>= reach``)."""
    order, _ = sort_projections(np.array([2 * R, R, 0.5, -0.5]), 1.0, R)
    assert order.tolist() == [3, 0, 1, 2]


def test_only_the_cells_out_of_order_are_resorted():
    """Two cells of a grid of step 2^-59 (K = 5), reach 2^-66: cell A = {3·2^-64, 2^-64} is out of order by 2^-63 >
    reach and is re-sorted (1, 0); cell B = {2^-14 + 2^-66, 2^-14} is out of order by exactly reach and keeps index
    order (2, 3); -1/2 comes first.  A full sort by value (every cell re-sorted) would give 4, 1, 0, 3, 2.  Kills
    ``_sort_cells`` 35, 37 (the cell numbers not written: every position in cell 0)."""
    s = np.array([3 * R, R, 2.0**-14 + 2.0**-66, 2.0**-14, -0.5])
    order, near = sort_projections(s, 1.0, 2.0**-66)
    assert order.tolist() == [4, 1, 0, 2, 3]
    assert order.tolist() != np.argsort(s, kind="stable").tolist()  # control: not a full sort by value
    assert near.tolist() == [False, True, False, True]


def test_a_split_window_keeps_a_member_exactly_tau_from_its_lead():
    """One window of unit normals (1, 0, 0), (1, tau, 0), (1, 3 tau, 0), (1, 3 tau, 0) (tau = 2^-10, differences
    exact): two members are far from the lead, so the window is split greedily (_split_normal_windows), and the
    member exactly tau away stays with the lead (the law is ``<= tau``): groups {0, 1}, {2, 3}.  Kills
    ``_split_normal_windows`` 46 (``< tau``)."""
    from radontv.hyperplane_groups import verify_normal_windows

    tau = 2.0**-10
    W = np.array([[1.0, 0.0, 0.0], [1.0, tau, 0.0], [1.0, 3 * tau, 0.0], [1.0, 3 * tau, 0.0]])
    g = verify_normal_windows(W, np.ones(4), np.arange(4), np.zeros(4, dtype=np.int64), np.array([0]), tau)
    assert g[0] == g[1] and g[2] == g[3] and g[0] != g[2]
