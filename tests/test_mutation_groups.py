"""The grouping steps of radontv.hyperplane_groups: tests that close gaps found by mutation testing (issue 9).

The mutants each test kills are listed in tests/mutation-equivalents.md (section hyperplane_groups.py).  Expected
values are worked by hand from the documented rules (the packed-key sort's grid, the re-sort of cells out of order by
more than ``reach``, the index order of the other cells), never taken from the code under test.
"""

from __future__ import annotations

import numpy as np
import pytest

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


# -- _order_by_label_then_value: the guard of the packed keys (label bits + index bits <= 63) ----------------------
def test_packed_label_sort_accepts_labels_that_fit_in_63_bits():
    """With n = 2 members the index takes 1 bit; a label 2^61 takes 62 bits, so the packed key ``g << 1 | index`` has
    63 bits and fits a signed 64-bit integer: no refusal, and the members are sorted by label (2^61 after 0) whatever
    their input order.  Kills ``_order_by_label_then_value`` 7, 8 (2 index bits for 2 members: 64 bits, refused) and
    12 (``>= 63``: refused at exactly 63 bits)."""
    from radontv.hyperplane_groups import _order_by_label_then_value

    big = 2**61
    assert _order_by_label_then_value(np.array([0, big]), np.array([5.0, -5.0])).tolist() == [0, 1]
    assert _order_by_label_then_value(np.array([big, 0]), np.array([-5.0, 5.0])).tolist() == [1, 0]


def test_packed_label_sort_refuses_labels_beyond_63_bits_and_says_what_to_do():
    """A label 2^62 (63 bits) plus 1 index bit is 64 bits: the packed key would overflow, so the sort refuses with
    InvalidInput saying to canonicalise the network in parts.  Kills ``_order_by_label_then_value`` 10 (``bits``
    subtracted), 13 (``> 64``), 14, 15, 16 (the message)."""
    from radontv import InvalidInput
    from radontv.hyperplane_groups import _order_by_label_then_value

    message = (r"^2 neurons in windows of near normals is beyond the packed sort \(2\^31\): "
               r"canonicalise the network in parts and add the forms' networks$")
    with pytest.raises(InvalidInput, match=message):
        _order_by_label_then_value(np.array([0, 2**62]), np.array([0.0, 1.0]))


# -- group_offsets: labels are integers even when there is no member -----------------------------------------------
def test_group_offsets_of_no_member_gives_integer_labels_usable_as_indices():
    """No member: an empty label array of an integer dtype, so that it can index (``rep[labels]``, ``np.take``) like
    the labels of any other call; an empty float array cannot index a numpy array (IndexError).  Kills
    ``group_offsets`` 5, 7 (the empty result as float64)."""
    from radontv.hyperplane_groups import group_offsets

    labels = group_offsets(np.zeros(0), np.zeros(0, dtype=np.int64), 2.0**-40)
    assert labels.shape == (0,) and labels.dtype.kind == "i"
    assert np.arange(3)[labels].tolist() == []


# -- sort_normal_projections: the grid covers every projection of a unit normal ------------------------------------
def test_normal_projections_anywhere_in_the_range_of_r_are_sorted_and_joined():
    """Projections s = u . r of unit normals lie in [-||r||_2, ||r||_2] (Cauchy-Schwarz), both ends included.  In
    d = 10 (||r||_2 = 2.59), tau = 1e-3 (reach 2 tau ||r||_1 = 0.016), 1000 evenly spaced values over the whole
    range (spacing 0.0052 < reach) must come back in their (increasing) input order with every neighbour near.  A
    bound below ||r||_2 makes the quantised keys leave their 63 bits (they wrap around and the top of the range
    sorts first).  Kills ``sort_normal_projections`` 9 (bound ``1.01 / ||r||``)."""
    from radontv.hyperplane_groups import projection, sort_normal_projections

    r = projection(10)
    top = float(np.sqrt(np.sum(r * r)))
    s = np.linspace(-top, top, 1000)
    assert s[1] - s[0] < 2 * 1e-3 * float(np.sum(np.abs(r)))  # control: neighbours within reach
    order, near = sort_normal_projections(s, 10, 1e-3)
    assert order.tolist() == list(range(1000))
    assert near.all()


# -- verify_normal_windows: every block of members and the labels of lone far members ------------
def _one_window(W, tau, starts=(0,), g=None):
    from radontv.hyperplane_groups import verify_normal_windows

    n = W.shape[0]
    g = np.zeros(n, dtype=np.int64) if g is None else np.asarray(g, dtype=np.int64)
    return verify_normal_windows(W, np.ones(n), np.arange(n), g, np.array(starts), tau)


def test_a_far_member_in_the_last_block_of_a_long_window_is_split_off():
    """d = 1000: members are compared with their lead in blocks of 2^20 // 8000 = 131 rows.  One window of 300 equal
    unit normals e_0 whose last member is e_1 instead (infinity distance 1 > tau): that member, in the third block,
    gets a label of its own; the other 299 keep one label.  Kills ``verify_normal_windows`` 83 (``range(0, step)``:
    only the rows of the first two blocks are compared)."""
    W = np.zeros((300, 1000))
    W[:, 0] = 1.0
    W[299] = 0.0
    W[299, 1] = 1.0
    g = _one_window(W, 2.0**-40)
    assert len(set(g[:299].tolist())) == 1 and g[299] != g[0]


def test_lone_far_members_of_different_windows_get_labels_of_their_own():
    """Three windows of normals in d = 2 (labels 0, 0 | 1, 1 | 2, 2), each of the first two with one member far from
    its lead ((0, 1) against (1, 0)): each far member is alone on its normal, so the result has five distinct groups
    {0}, {1}, {2}, {3}, {4, 5}: no far member may share the label of another group.  Kills
    ``verify_normal_windows`` 188 (``max + 1 - arange``: the second far member gets the last window's label)."""
    e0, e1 = [1.0, 0.0], [0.0, 1.0]
    W = np.array([e0, e1, e0, e1, e0, e0])
    g = _one_window(W, 2.0**-40, starts=(0, 2, 4), g=[0, 0, 1, 1, 2, 2])
    assert g[4] == g[5]
    assert len({int(g[0]), int(g[1]), int(g[2]), int(g[3]), int(g[4])}) == 5


# -- sort_projections: the near threshold covers the rounding of s + bound ------------------------------------------
def test_a_pair_within_reach_stays_near_when_rounding_of_s_plus_bound_separates_it():
    """bound = 2^20, K = 2 (grid step h = 2 bound / 2^62 = 2^-41), reach = 2^-39: s = 2^-33 -+ 2^-40 are 2^-39 apart
    (within reach), but s + bound rounds to the float grid of spacing 2^-32 near 2^20: to 2^20 and 2^20 + 2^-32, 2^9
    grid steps apart, far more than reach / h = 4.  The documented margin 2^-48 bound (2^13 steps here) covers that
    rounding, so the pair must be near.  Kills ``sort_projections`` 65 (``2^-48 / bound``) and 67 (``3^-48``): their
    margins are below one step and the threshold becomes 7 steps."""
    s = np.array([2.0**-33 - 2.0**-40, 2.0**-33 + 2.0**-40])
    assert (s + 2.0**20).tolist() == [2.0**20, 2.0**20 + 2.0**-32]  # control: the rounding, by hand
    order, near = sort_projections(s, 2.0**20, 2.0**-39)
    assert order.tolist() == [0, 1] and near.tolist() == [True]


# -- group_offsets: equal normal labels need not be contiguous ----------------------------------------------------
def test_group_offsets_joins_members_of_one_normal_label_that_are_not_adjacent():
    """A greedy split of a window labels its members like 0, 1, 0 (the middle member far from the lead): labels
    are then neither sorted nor contiguous, yet members 0 and 2 (same normal label, equal offsets 1) are one group,
    member 1 (offset 1 too, other normal) another.  Kills ``_order_by_label_then_value`` 20 (``g[1:] >= g[:1]``:
    labels that are all >= the first are taken as sorted, so the two members of label 0 are not in one run)."""
    from radontv.hyperplane_groups import group_offsets

    labels = group_offsets(np.array([1.0, 1.0, 1.0]), np.array([0, 1, 0]), 2.0**-40)
    assert labels[0] == labels[2] and labels[1] != labels[0]
    assert sorted(set(labels.tolist())) == [0, 1]
