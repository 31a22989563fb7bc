r"""Derivations of the deep family from first principles (sympy only): vector-valued layers, composites, skip terms,
bottlenecks, Schatten-2/L weight decay of stacked linear layers, neuron sharing and layer pruning.

A shallow vector-valued layer is :math:`f(x) = V^\top\sigma(Wx - b) + C^\top x + c_0` with :math:`W \in
\mathbb R^{K\times d}`, :math:`V \in \mathbb R^{K\times D}` (row :math:`v_k` is neuron k's output weight) and an
affine skip term :math:`(C, c_0)`.  Convention: weight decay :math:`\tfrac12\sum_k(\|v_k\|_2^2 + \|w_k\|_2^2)`
regularizes input and output weights only, not the biases nor the skip term; the variation norm that weight decay
induces is :math:`\|\cdot\|_{2,\mathcal M}` (Euclidean norm of each vector atom) of [SPLN24], not the per-output norm
:math:`\|\cdot\|_{\mathcal M,1}` of [PN22] ([SPLN24] Remark 15).

Each function returns a :class:`radontv.evidence.Derivation`; a step is closed when sympy reduces the difference of
its sides to 0 (or decides the stated fact), and the derivation is ``proved`` only when every step is closed.
Inequalities between square roots are closed by one lemma decided on abstract symbols (:func:`compare_by_squares`):
for :math:`P > 0`, :math:`Q \ge 0` with :math:`P^2 - Q^2 = S \ge 0`, :math:`P - Q = S/(P + Q) \ge 0` (and
:math:`> 0` when :math:`S > 0`); the difference of squares and the sign of :math:`S` are closed on the concrete
expressions.

Sources: [SPLN24] J. Shenouda, R. Parhi, K. Lee, R. D. Nowak, "Variation Spaces for Multi-Output Neural Networks",
JMLR 25, 2024 (eqs. (2)-(6), (12)-(19), (38), (44), (50), Remark 15, Thms 5, 8-11, Cor. 6); [PN22] R. Parhi,
R. D. Nowak, "What Kinds of Functions do Deep Neural Networks Learn?", SIAM J. Math. Data Sci. 4(2), 2022 (abstract
only: skip connections, rank-bounded weight matrices); [PN21] R. Parhi, R. D. Nowak, JMLR 22(43), 2021 (Remark 2,
Thm 8); A. Horn, "On the singular values of a product of completely continuous operators", PNAS 36, 1950 (cited,
not derived: see :func:`derive_schatten`).

This module imports sympy and :mod:`radontv.evidence` only, never the numeric implementation.
"""

from __future__ import annotations

import itertools

import sympy

from radontv.evidence import Derivation

from ._common import relu
from ._deep_lemmas import (
    HALF,
    all_true,
    atom,
    cauchy_schwarz,
    compare_by_squares,
    expand_strategy,
    ge,
    gt,
    le,
    lt,
    matrix,
    min_identity,
    norm,
    nuclear_two_by_two,
    operator_norm_lemmas,
    project,
    rescaling_minimum,
    rotation,
    scalar_schatten,
    sparsify,
    sq,
    trig_strategy,
    vector,
)
from ._proof import Proof

__all__ = [
    "derive_bottleneck_rank",
    "derive_composite",
    "derive_group_lasso",
    "derive_layer_width_bound",
    "derive_neuron_sharing",
    "derive_per_output_norm",
    "derive_schatten",
    "derive_schatten_rank_limit",
    "derive_skip_invariance",
    "derive_vector_representer",
    "derive_vector_weight_decay",
]

# -- E1 ---------------------------------------------------------------------------------------------------------------
def derive_vector_weight_decay() -> Derivation:
    r"""Balanced weight decay of a vector layer is :math:`\sum_k\|v_k\|_2\|w_k\|_2`; it equals
    :math:`\|\cdot\|_{2,\mathcal M}` (``rtv2``) when the hyperplanes are distinct, and after merging
    :math:`\mathrm{rtv2} = \sum_H\|\sum_{k\in H} v_k\|w_k\|\|_2 \le` path norm :math:`\le` weight decay.

    [SPLN24] eqs. (2)-(3), (12)-(19), App. A.1: per neuron, rescaling :math:`(v, w, b) \mapsto (v/\alpha, \alpha w,
    \alpha b)` keeps the function (homogeneity, shown componentwise for :math:`v \in \mathbb R^3`), and the minimum of
    :math:`\tfrac12(\|v\|^2/\alpha^2 + \alpha^2\|w\|^2)` is :math:`\|v\|\|w\|` (derived).  In unit form a neuron is
    the vector atom :math:`v\|w\|\,\delta_{(u,t)}` of mass :math:`\|v\|\|w\|`; atoms on one hyperplane add (rescaled
    duplicates :math:`(cw, cb)`, :math:`c > 0`; antipodes :math:`-(w, b)` up to an affine term), and the vector
    triangle inequality (Cauchy-Schwarz) bounds the merged mass by the sum.
    """
    proof = Proof("deep.vector_weight_decay")
    v = vector("v", 3)
    z = sympy.Symbol("z", real=True)
    alpha = sympy.Symbol("alpha", positive=True)
    proof.cases("rescaling keeps the vector neuron: (v/alpha) sigma(alpha z) = v sigma(z), v in R^3",
                (v / alpha) * relu(alpha * z), v * relu(z), z)
    a, n = sympy.Symbol("a", positive=True), sympy.Symbol("n", positive=True)
    star = rescaling_minimum(proof, a, n)
    proof.identity("||v||_2 ||w||_2 is the Euclidean norm of the unit-form amplitude v ||w|| (n = ||w|| > 0)",
                   norm(v * n), n * norm(v))
    k, K = sympy.Symbol("k", integer=True, positive=True), sympy.Symbol("K", integer=True, positive=True)
    an, nn = sympy.IndexedBase("a"), sympy.IndexedBase("n")
    proof.state("summing over neurons (each its own scale): balanced WD = path norm; with distinct hyperplanes the "
                "atoms sit at distinct points and ||nu||_{2,M} is the sum of their masses",
                sympy.Eq(sympy.Symbol("WD(balanced)"), sympy.Sum(an[k] * nn[k], (k, 1, K))))
    c = sympy.Symbol("c", positive=True)
    v2 = vector("u", 3)
    proof.cases("rescaled duplicate (c w, c b), c > 0: v sigma(z) + u sigma(c z) = (v + c u) sigma(z)",
                v * relu(z) + v2 * relu(c * z), (v + c * v2) * relu(z), z)
    proof.cases("antipode -(c w, c b): v sigma(z) + u sigma(-c z) = (v + c u) sigma(z) - c u z (sigma(-z) = "
                "sigma(z) - z: the atoms add, the remainder is affine)",
                v * relu(z) + v2 * relu(-c * z), (v + c * v2) * relu(z) - c * v2 * z, z)
    a1, a2 = vector("A", 3), vector("B", 3)
    # ||A + B|| <= ||A|| + ||B||: (||A|| + ||B||)^2 - ||A + B||^2 = 2(||A|| ||B|| - A.B) and |A.B| <= ||A|| ||B||
    cauchy_schwarz(proof, "merged atoms", a1, a2)
    gap = 2 * (norm(a1) * norm(a2) - (a1.T * a2)[0])
    c, h = sympy.Symbol("c", real=True), sympy.Symbol("h", nonnegative=True)
    pp, qq = sympy.Symbol("p", positive=True), sympy.Symbol("q", nonnegative=True)
    slack = 2 * (sympy.Abs(c) + h - c)
    by_cases = [slack.subs(c, pp).is_nonnegative, slack.subs(c, -qq).is_nonnegative]
    compare_by_squares(proof, "triangle inequality ||A|| + ||B|| >= ||A + B|| (A, B != 0)", norm(a1) + norm(a2),
                        norm(a1 + a2), gap,
                        sign_of_gap=("with c = A.B and ||A|| ||B|| = |c| + h, h >= 0 (Cauchy-Schwarz above), "
                                     "the gap 2(|c| + h - c) is >= 0 (cases c = p > 0 and c = -q <= 0)",
                                     ge(slack, 0), all_true(by_cases)))
    return proof.derivation(
        {"alpha_star": star, "a": a, "n": n},
        "Hence WD >= path norm = sum_k ||v_k|| ||w_k|| >= sum_H ||sum_{k in H} v_k ||w_k|| ||_2 = ||.||_{2,M}, "
        "with equality throughout for a balanced network with distinct hyperplanes",
        ge(sympy.Symbol("WD"), sympy.Symbol("rtv2")),
    )


# -- E1 pitfall -------------------------------------------------------------------------------------------------------
def derive_per_output_norm() -> Derivation:
    r""":math:`\|a\|_2 \le \|a\|_1 \le \sqrt D\|a\|_2` per atom, hence :math:`\|\nu\|_{2,\mathcal M} \le
    \|\nu\|_{\mathcal M,1} \le \sqrt D\|\nu\|_{2,\mathcal M}`; equality on the left iff every merged amplitude has at
    most one nonzero output, on the right iff all :math:`|a_i|` are equal.

    [SPLN24] Remark 15 ([PN22]'s :math:`\|\cdot\|_{\mathcal M,1}` "does not correspond to weight-decay
    regularization").  Left: :math:`\|a\|_1^2 - \|a\|_2^2 = 2\sum_{i<j}|a_i||a_j|`.  Right (Cauchy-Schwarz):
    :math:`D\|a\|_2^2 - \|a\|_1^2 = \sum_{i<j}(|a_i| - |a_j|)^2`.  Shown for D = 3.  Negative control (as a
    statement): one neuron with :math:`v = (1, 1)`, :math:`\|w\| = 1`, has minimal weight decay :math:`\sqrt2`, not
    :math:`\|v\|_1 = 2`.
    """
    proof = Proof("deep.per_output_norm")
    a = vector("a", 3)
    l1 = sum((sympy.Abs(x) for x in a), sympy.Integer(0))
    pairs = list(itertools.combinations(range(3), 2))
    cross = 2 * sum((sympy.Abs(a[i]) * sympy.Abs(a[j]) for i, j in pairs), sympy.Integer(0))
    compare_by_squares(proof, "left: ||a||_1 >= ||a||_2 (a != 0)", l1, norm(a), cross)
    spread = sum(((sympy.Abs(a[i]) - sympy.Abs(a[j])) ** 2 for i, j in pairs), sympy.Integer(0))
    compare_by_squares(proof, "right: sqrt(3) ||a||_2 >= ||a||_1 (a != 0)", sympy.sqrt(3) * norm(a), l1, spread)
    x = sympy.Symbol("x", real=True)
    proof.identity("equality on the left for one nonzero output: a = (x, 0, 0)",
                   l1.subs({a[1]: 0, a[2]: 0}), norm(a).subs({a[1]: 0, a[2]: 0}))
    p, q, r = sympy.Symbol("p", positive=True), sympy.Symbol("q", positive=True), sympy.Symbol("r", nonnegative=True)
    proof.decide("two nonzero outputs |a_1| = p > 0, |a_2| = q > 0 (|a_3| = r >= 0): the gap 2(pq + pr + qr) > 0, "
                 "so equality on the left forces at most one nonzero output",
                 gt(2 * (p * q + p * r + q * r), 0), (2 * (p * q + p * r + q * r)).is_positive)
    proof.identity("equality on the right when |a_1| = |a_2| = |a_3| = p: the spread vanishes",
                   spread.subs({a[0]: p, a[1]: -p, a[2]: p}), 0)
    proof.state("the norms of a measure with finitely many atoms A_H: ||nu||_{2,M} = sum_H ||A_H||_2 and "
                "||nu||_{M,1} = sum_H ||A_H||_1 = sum over outputs of the scalar R-TV2; summing the per-atom bounds",
                sympy.Symbol("||nu||_{2,M} <= ||nu||_{M,1} <= sqrt(D) ||nu||_{2,M}"))
    # negative control, as an instance: ||.||_{M,1} is not weight decay
    wd_min = norm(sympy.Matrix([1, 1])) * 1
    proof.decide("v = (1, 1), ||w|| = 1: min over rescalings of WD is ||v||_2 ||w|| = sqrt(2), not ||v||_1 = 2, so "
                 "||.||_{M,1} used as weight decay is refuted", sympy.Ne(wd_min, 2, evaluate=False),
                 sympy.Ne(wd_min, 2) == sympy.true)
    return proof.derivation(
        {"cross_gap": cross, "spread": spread, "a": a, "x": x},
        "||nu||_{2,M} <= ||nu||_{M,1} <= sqrt(D) ||nu||_{2,M}; only ||.||_{2,M} is weight decay",
        sympy.And(le(norm(a), l1), le(l1, sympy.sqrt(3) * norm(a))),
    )


# -- B7 ---------------------------------------------------------------------------------------------------------------
def derive_group_lasso() -> Derivation:
    r"""Over rescalings the minimal weight decay is :math:`\sum_k\|v_k\|_2\|w_k\|_2`; with unit input weights
    weight decay becomes the multi-task (group) lasso :math:`\sum_k\|u_k\|_2` (the lasso :math:`\sum|u_k|` for D = 1).

    [SPLN24] §2 eqs. (2)-(4) ("multi-task lasso"), (12), (19), (50).  AM-GM by completing the square:
    :math:`\tfrac12(a^2/\alpha^2 + \alpha^2n^2) - an = \tfrac12(a/\alpha - \alpha n)^2 \ge 0`, zero iff
    :math:`\alpha^2 = a/n`.  Normalising :math:`u = v\|w\|`, :math:`\hat w = w/\|w\|` keeps the function, and the
    balanced factorisation :math:`v = u/\sqrt{\|u\|}`, :math:`w = \sqrt{\|u\|}\hat w` has weight decay
    :math:`\|u\|`: the two minimisation problems have the same value.
    """
    proof = Proof("deep.group_lasso")
    a, n, alpha = (sympy.Symbol(s, positive=True) for s in ("a", "n", "alpha"))
    g = HALF * (a**2 / alpha**2 + alpha**2 * n**2)
    square = HALF * (a / alpha - alpha * n) ** 2
    proof.identity("completing the square: g(alpha) - a n = (a/alpha - alpha n)^2 / 2", g - a * n, square)
    proof.decide("a square is >= 0: WD of every rescaling >= ||v|| ||w||", ge(square, 0), square.is_nonnegative)
    roots = sympy.solve(sympy.Eq(a / alpha - alpha * n, 0), alpha)
    proof.decide("equality iff a/alpha = alpha n, i.e. alpha = sqrt(a/n) (sympy.solve, one root)",
                 sympy.Tuple(*roots), roots == [sympy.sqrt(a / n)] or roots == [sympy.sqrt(a) / sympy.sqrt(n)])
    proof.identity("value at that alpha: a n", g.subs(alpha, roots[0]), a * n)
    v = vector("v", 3)
    z = sympy.Symbol("z", real=True)
    proof.cases("unit form: v sigma(z) = (v n) sigma(z / n), z = w.x - b, n = ||w|| > 0", v * relu(z),
                (v * n) * relu(z / n), z)
    proof.identity("its output weight u = v ||w|| has ||u||_2 = ||v||_2 ||w||_2", norm(v * n), n * norm(v))
    u = vector("u", 3)
    s = norm(u)
    su = sympy.Symbol("s", positive=True)  # s = ||u|| > 0
    uu = u / sympy.sqrt(su)
    proof.identity("balanced factorisation of a unit neuron: v = u / sqrt(||u||), w = sqrt(||u||) what has "
                   "WD = (||u||^2/||u|| + ||u||)/2 = ||u||", (HALF * (sq(uu) + su * 1)).subs(su, s), s)
    proof.cases("... and computes u sigma(zhat): (u/sqrt(s)) sigma(sqrt(s) zhat) = u sigma(zhat)",
                uu * relu(sympy.sqrt(su) * z), u * relu(z), z)
    u1 = sympy.Symbol("u1", real=True)
    proof.identity("scalar output D = 1: ||u||_2 = |u| (the lasso)", sympy.sqrt(u1**2), sympy.Abs(u1))
    proof.state("within a trained layer the output weights solve the multi-task lasso (SPLN24 eq. (50))",
                sympy.Symbol("min sum_k ||v_k||_2  s.t.  psi_i = sum_k v_k phi_{k,i}"))
    return proof.derivation(
        {"gap": square, "alpha_star": roots[0], "a": a, "n": n},
        "min over theta of L + lambda WD = min over unit-norm neurons of L + lambda sum_k ||u_k||_2",
        sympy.Eq(sympy.Symbol("min WD"), sympy.Symbol("min sum_k ||u_k||_2")),
    )


def derive_vector_representer() -> Derivation:
    r"""A solution with at most :math:`\min\{N^2, ND\}` neurons ([SPLN24] Thm 5, Cor. 6), by constructive
    sparsification.

    The data fit of :math:`f = \sum_k v_k\sigma(\tilde w_k^\top\tilde x)` depends only on
    :math:`\Psi = \sum_k v_k\phi_k^\top \in \mathbb R^{D\times N}` with features :math:`\phi_k =
    (\sigma(\tilde w_k^\top\tilde x_n))_n`.  Projecting each :math:`v_k` onto range(Ψ) (dimension
    :math:`r_\Psi \le \min\{N, D\}`) keeps Ψ and lowers no :math:`\|v_k\|`; then every atom :math:`v_k\phi_k^\top`
    lies in range(Ψ) ⊗ span{φ}, of dimension :math:`r_\Psi r_\Phi \le N\min\{N, D\} = \min\{N^2, ND\}`
    (:math:`\mathrm{vec}(v\phi^\top) = v\otimes\phi`), and the Carathéodory step (:func:`sparsify`) leaves at most
    that many neurons without raising :math:`\sum_k\|v_k\|_2`.  Exact instance: N = 2 points in d = 1 (penalised-bias
    form :math:`\tilde x = (x, 1)`, rational unit :math:`\tilde w_k \in \mathbb S^1`), D = 3 outputs, K = 7 neurons;
    the bound is :math:`\min\{4, 6\} = 4`.
    """
    proof = Proof("deep.vector_representer")
    N, D = 2, 3
    xs = [sympy.Matrix([1, 1]), sympy.Matrix([2, 1])]  # x~ = (x, 1)
    ws = [(3, 4), (4, -3), (-3, 4), (5, 12), (12, -5), (8, 15), (-8, 15)]
    ws = [sympy.Matrix(w) / sympy.sqrt(w[0] ** 2 + w[1] ** 2) for w in ws]
    phis = [sympy.Matrix([relu((w.T * x)[0]) for x in xs]) for w in ws]
    ps = [sympy.Matrix(p) for p in ((1, 2, 0), (0, 1, 1), (2, -1, 1), (1, 0, -1), (1, 1, 1), (3, 0, 1), (0, 2, -1))]
    proof.decide("unit input weights: ||w~_k|| = 1 for the 7 neurons", sympy.Tuple(*(norm(w) for w in ws)),
                 all(norm(w) == 1 for w in ws))
    t = [sympy.Integer(1)] * len(ws)
    psi = sum((tk * p * phi.T for tk, p, phi in zip(t, ps, phis, strict=True)), sympy.zeros(D, N))
    proof.state("fitted values Psi = sum_k v_k phi_k^T (D x N)", psi)
    pp = project(proof, "projection onto range(Psi)", psi, ps)
    proof.identity("after projection the network still fits Psi",
                   sum((tk * p * phi.T for tk, p, phi in zip(t, pp, phis, strict=True)), sympy.zeros(D, N)), psi)
    r_psi, r_phi = psi.rank(), sympy.Matrix.hstack(*phis).rank()
    proof.decide(f"r_Psi = {r_psi} <= min(N, D) and r_Phi = {r_phi} <= N", sympy.Tuple(r_psi, r_phi),
                 r_psi <= min(N, D) and r_phi <= N)
    v, phi = vector("v", D), vector("phi", N)
    proof.identity("vec(v phi^T) = v (x) phi (Kronecker, rows stacked): the atoms lie in range(Psi) (x) span(phi)",
                   atom(v, phi), sympy.kronecker_product(v, phi))
    basis_psi, basis_phi = sympy.Matrix.hstack(*psi.columnspace()), sympy.Matrix.hstack(*phis).columnspace()
    basis_phi = sympy.Matrix.hstack(*basis_phi)
    kron_rank = sympy.kronecker_product(basis_psi, basis_phi).rank()
    proof.decide(f"that space has dimension r_Psi r_Phi: the Kronecker products of the two bases have rank "
                 f"{kron_rank} = {r_psi} * {r_phi}", sympy.Eq(kron_rank, r_psi * r_phi, evaluate=False),
                 kron_rank == r_psi * r_phi)
    kept = sparsify(proof, "Caratheodory", t, pp, phis, r_phi * r_psi)
    proof.identity("the sparse network fits the same data",
                   sum((t[k] * pp[k] * phis[k].T for k in kept), sympy.zeros(D, N)), psi)
    min_identity(proof)
    proof.decide(f"count: {len(kept)} neurons <= r_Phi r_Psi <= min(N^2, N D) = {min(N * N, N * D)}",
                 le(len(kept), min(N * N, N * D)), len(kept) <= r_phi * r_psi <= min(N * N, N * D))
    Ns, Ds = sympy.symbols("N D", positive=True, integer=True)
    return proof.derivation(
        {"kept": len(kept), "bound": sympy.Min(Ns**2, Ns * Ds), "weights": [t[k] for k in kept]},
        "a solution with at most r_Phi r_Psi <= min(N^2, N D) neurons exists (SPLN24 Thm 5)",
        le(sympy.Symbol("K_0"), sympy.Min(Ns**2, Ns * Ds)),
    )


def derive_layer_width_bound() -> Derivation:
    r"""Pruning a layer: the multi-task lasso :math:`\min\sum_k\|v_k\|_2` s.t. :math:`V\Phi = \Psi` has a solution
    with at most :math:`r_\Phi r_\Psi` nonzero columns, and any feasible V can be pruned to one without raising
    :math:`\sum_k\|v_k\|_2` ([SPLN24] Thms 10, 11, eq. (50)).

    :math:`V\Phi = \sum_k v_k\phi_k^\top` with :math:`\phi_k^\top` the k-th row of Φ (K features × N points).  Step 1:
    project the columns onto range(Ψ) (:func:`project`); step 2: Carathéodory (:func:`sparsify`) in
    range(Ψ) ⊗ rowspace(Φ), of dimension :math:`r_\Psi r_\Phi`.  Exact instance: K = 5 features on N = 3 points with
    :math:`r_\Phi = 2`, D = 2 outputs with :math:`r_\Psi = 1`; a feasible V whose columns leave range(Ψ) (a component
    :math:`e h^\top` with :math:`h^\top\Phi = 0`); the bound is 2 < K.
    """
    proof = Proof("deep.layer_width_bound")
    Phi = sympy.Matrix([[1, 0, 2], [0, 1, 1], [1, 1, 3], [2, -1, 3], [1, 2, 4]])  # rows in span{(1,0,2), (0,1,1)}
    y, g = sympy.Matrix([3, 4]), sympy.Matrix([1, 2, -1, 1, 1])
    h = Phi.T.nullspace()[0]
    e = sympy.Matrix([4, -3])
    V0 = y * g.T + e * h.T
    Psi = V0 * Phi
    proof.state("Phi (K = 5 features x N = 3 points) and a feasible V0 = y g^T + e h^T (h^T Phi = 0, e.y = 0)",
                sympy.Tuple(Phi, V0))
    proof.identity("h^T Phi = 0 and e.y = 0", sympy.Matrix.hstack(h.T * Phi, e.T * y), sympy.zeros(1, 4))
    r_phi, r_psi = Phi.rank(), Psi.rank()
    proof.decide(f"r_Phi = {r_phi}, r_Psi = {r_psi}: the bound r_Phi r_Psi = {r_phi * r_psi} < K = 5",
                 sympy.Tuple(r_phi, r_psi), r_phi * r_psi < 5)
    cols = [V0[:, k] for k in range(5)]
    phis = [Phi[k, :].T for k in range(5)]
    cost0 = sum(norm(c) for c in cols)
    pp = project(proof, "projection onto range(Psi)", Psi, cols)
    V1 = sympy.Matrix.hstack(*pp)
    proof.identity("the projected V1 still meets Psi exactly: V1 Phi = Psi", V1 * Phi, Psi)
    cost1 = sum(norm(c) for c in pp)
    proof.decide("sum_k ||v_k|| did not increase", le(cost1, cost0), (cost0 - cost1).is_nonnegative)
    t = [sympy.Integer(1)] * 5
    kept = sparsify(proof, "Caratheodory", t, pp, phis, r_phi * r_psi)
    V2 = sympy.Matrix.hstack(*(t[k] * pp[k] if k in kept else sympy.zeros(2, 1) for k in range(5)))
    proof.identity("the pruned V2 meets Psi exactly: V2 Phi = Psi", V2 * Phi, Psi)
    cost2 = sum(norm(V2[:, k]) for k in range(5))
    proof.decide("and sum_k ||v_k|| is not above the original", le(cost2, cost0), (cost0 - cost2).is_nonnegative)
    nonzero = sum(1 for k in range(5) if V2[:, k] != sympy.zeros(2, 1))
    proof.decide(f"{nonzero} nonzero columns <= r_Phi r_Psi = {r_phi * r_psi}", le(nonzero, r_phi * r_psi),
                 nonzero <= r_phi * r_psi)
    a = sympy.Symbol("r_Phi", positive=True, integer=True)
    return proof.derivation(
        {"pruned": V2, "Phi": Phi, "Psi": Psi, "nonzero_columns": nonzero, "bound": r_phi * r_psi},
        "every layer can be pruned to at most r_Phi r_Psi <= N^2 neurons, Psi met exactly, sum ||v_k|| not raised",
        le(sympy.Symbol("n_nonzero"), a * sympy.Symbol("r_Psi", positive=True, integer=True)),
    )


# -- E3 ---------------------------------------------------------------------------------------------------------------
def _layer(x: sympy.Matrix, W: sympy.Matrix, b: sympy.Matrix, V: sympy.Matrix, C: sympy.Matrix,
           c0: sympy.Matrix) -> sympy.Matrix:
    r"""A shallow vector layer at one point: :math:`V^\top\sigma(Wx - b) + C^\top x + c_0`."""
    return V.T * (W * x - b).applyfunc(relu) + C.T * x + c0


def derive_composite() -> Derivation:
    r"""The composite :math:`f_2\circ f_1` of two shallow vector layers is exactly the deep ReLU network

    .. math:: h_1 = \sigma(W_1x - b_1),\quad h_2 = \sigma\bigl(W_2V_1^\top h_1 + W_2C_1^\top x + W_2c_{0,1} - b_2\bigr),
       \quad f = V_2^\top h_2 + C_2^\top V_1^\top h_1 + C_2^\top C_1^\top x + C_2^\top c_{0,1} + c_{0,2},

    with hidden-to-hidden matrix :math:`W_2V_1^\top` (K₂ × K₁) and the skip contributions stated explicitly
    ([SPLN24] Thm 8 and App. D, which extend [PN22] Thm 3.2; [PN22] abstract).  With a regularized linear layer
    :math:`z \mapsto Mz + \beta` between them the hidden-to-hidden matrix is :math:`W_2MV_1^\top`.  Proved as a sympy
    matrix identity with symbolic weights: d₀ = 2 inputs, K₁ = 2, d₁ = 2, K₂ = 2, d₂ = 2 (and a 1 × 2 linear layer).
    The identity is polynomial in the ReLU atoms, so expansion closes it.
    """
    proof = Proof("deep.composite", simplify=expand_strategy)
    x = vector("x", 2)
    W1, b1, V1, C1, c01 = matrix("W", 2, 2), vector("b", 2), matrix("V", 2, 2), matrix("C", 2, 2), vector("c", 2)
    W2, b2, V2, C2, c02 = matrix("P", 2, 2), vector("q", 2), matrix("R", 2, 2), matrix("S", 2, 2), vector("e", 2)
    f1 = _layer(x, W1, b1, V1, C1, c01)
    composite = _layer(f1, W2, b2, V2, C2, c02)
    proof.state("layer l: f_l(z) = V_l^T sigma(W_l z - b_l) + C_l^T z + c0_l (weights P, q, R, S, e for l = 2)",
                sympy.Eq(sympy.Symbol("f_2(f_1(x))"), composite, evaluate=False))
    h1 = (W1 * x - b1).applyfunc(relu)
    hidden = W2 * V1.T
    pre2 = hidden * h1 + W2 * C1.T * x + W2 * c01 - b2
    h2 = pre2.applyfunc(relu)
    deep = V2.T * h2 + C2.T * V1.T * h1 + C2.T * C1.T * x + C2.T * c01 + c02
    proof.identity("pre-activation of the second hidden layer: W_2 f_1(x) - b_2 = W_2 V_1^T h_1 + W_2 C_1^T x "
                   "+ W_2 c0_1 - b_2", W2 * f1 - b2, pre2)
    proof.identity("f_2(f_1(x)) equals the deep network with hidden-to-hidden matrix W_2 V_1^T and explicit skips",
                   composite, deep)
    M, beta = matrix("M", 1, 2), vector("beta", 1)
    W2b, b2b, V2b, C2b, c02b = matrix("P", 2, 1), vector("q", 2), matrix("R", 2, 2), matrix("S", 1, 2), \
        vector("e", 2)
    through = _layer(M * f1 + beta, W2b, b2b, V2b, C2b, c02b)
    pre2b = W2b * M * V1.T * h1 + W2b * M * C1.T * x + W2b * (M * c01 + beta) - b2b
    deep_b = (V2b.T * pre2b.applyfunc(relu) + C2b.T * M * V1.T * h1 + C2b.T * M * C1.T * x
              + C2b.T * (M * c01 + beta) + c02b)
    proof.identity("with a linear layer z -> M z + beta (M: 1 x 2) in between: hidden-to-hidden W_2 M V_1^T",
                   through, deep_b)
    return proof.derivation(
        {"hidden_to_hidden": hidden, "second_preactivation": pre2, "deep": deep, "composite": composite,
         "through_linear": deep_b},
        "f_2 o f_1 = V_2^T sigma(W_2 V_1^T h_1 + W_2 C_1^T x + W_2 c0_1 - b_2) + C_2^T V_1^T h_1 + C_2^T C_1^T x "
        "+ C_2^T c0_1 + c0_2, h_1 = sigma(W_1 x - b_1)",
        sympy.Eq(sympy.Symbol("f_2 o f_1"), sympy.Symbol("deep ReLU network of affine_maps()")),
    )


# -- E4 ---------------------------------------------------------------------------------------------------------------
def derive_skip_invariance() -> Derivation:
    r"""Adding an affine map :math:`Ax + a` to a layer leaves its seminorm :math:`\|\cdot\|_{2,\mathcal M}`
    (``rtv2``) unchanged, and the other layers' functions too: the affine maps are the kernel.

    The Radon-domain measure of a vector function is built from the Laplacian of each output (its second
    derivatives; [PN21] eq. (6), Remark 2; [SPLN24] Remark 2) and is linear in f, and every second derivative of an
    affine map vanishes: the full Hessian of each output of :math:`f + Ax + a` equals that of f (d = 3, D = 2, f a
    two-neuron vector layer, derivatives of the ReLU as Heaviside/Dirac).  The kernel has dimension
    :math:`(d + 1)D`.  Why skip terms appear: an antipodal neuron pair is an affine map
    (:math:`v\sigma(z) - v\sigma(-z) = vz`, path norm :math:`2\|v\|\|w\|`, seminorm 0), so an unregularized affine
    term absorbs it for free ([PN21] Remark 2).  In a composite the skip of layer 1 becomes the input skip
    :math:`W_2C_1^\top x` of layer 2 (see :func:`derive_composite`).
    """
    proof = Proof("deep.skip_invariance")
    x = vector("x", 3)
    W, b, V = matrix("W", 2, 3), vector("b", 2), matrix("V", 2, 2)
    A, a0 = matrix("A", 2, 3), vector("a", 2)
    f = V.T * (W * x - b).applyfunc(relu)
    g = f + A * x + a0
    for i in range(2):
        proof.identity(f"output {i + 1}: Hessian of f + A x + a equals the Hessian of f (d = 3)",
                       sympy.hessian(g[i], list(x)), sympy.hessian(f[i], list(x)))
        proof.identity(f"output {i + 1}: the Laplacian of the affine part vanishes",
                       sum(sympy.diff((A * x + a0)[i], xi, 2) for xi in x), 0)
    proof.state("the seminorm depends on f only through the measure of (Delta f_1, ..., Delta f_D), linearly, so "
                "||nu_{f + A x + a}||_{2,M} = ||nu_f + 0||_{2,M}; in weights: (W, b, V) and so every merged amplitude "
                "are untouched, only the skip term (C, c0) changes", sympy.Symbol("rtv2(f + A x + a) = rtv2(f)"))
    d, D = sympy.symbols("d D", positive=True, integer=True)
    for dd in (1, 2, 3):
        xs = sympy.symbols(f"x1:{dd + 1}", real=True)
        proof.identity(f"d = {dd}: affine maps R^d -> R^D have (d + 1) D parameters",
                       len(list(sympy.itermonomials(list(xs), 1))) * D, (dd + 1) * D)
    vv = vector("v", 2)
    z = sympy.Symbol("z", real=True)
    proof.cases("antipodal pair: v sigma(z) - v sigma(-z) = v z (an affine map, absorbed by a free skip term)",
                vv * relu(z) - vv * relu(-z), vv * z, z)
    return proof.derivation(
        {"kernel_dimension": (d + 1) * D},
        "rtv2 of every layer is unchanged by adding affine maps; unregularized skip terms are the kernel",
        sympy.Eq(sympy.Symbol("rtv2(f + A x + a)"), sympy.Symbol("rtv2(f)")),
    )


# -- E5 ---------------------------------------------------------------------------------------------------------------
def derive_bottleneck_rank() -> Derivation:
    r"""The hidden-to-hidden matrix :math:`W_{l+1}V_l^\top` (K_{l+1} × K_l) has rank at most :math:`d_l`, however
    wide the hidden layers ([PN22] abstract, "rank bounded weight matrices"; mechanism derived).

    :math:`W_{l+1}V_l^\top = \sum_{j=1}^{d_l}(W_{l+1}e_j)(V_le_j)^\top` is a sum of :math:`d_l` rank-one matrices;
    sympy confirms that every :math:`(d_l + 1)`-minor of the symbolic product vanishes identically (K = 3, d_l = 1,
    2), that the bound is attained on a rational instance, and that a linear layer M in between gives rank
    :math:`\le \min(d_l, d_l')`.
    """
    proof = Proof("deep.bottleneck_rank", simplify=expand_strategy)
    K = 3
    for d1 in (1, 2):
        W2, V1 = matrix("W", K, d1), matrix("V", K, d1)
        H = W2 * V1.T
        proof.identity(f"d_l = {d1}: W V^T = sum_j (W e_j)(V e_j)^T, a sum of {d1} rank-one matrices", H,
                       sum((W2[:, j] * V1[:, j].T for j in range(d1)), sympy.zeros(K, K)))
        minors = sympy.Matrix([H.extract(list(r), list(c)).det()
                               for r in itertools.combinations(range(K), d1 + 1)
                               for c in itertools.combinations(range(K), d1 + 1)])
        proof.identity(f"d_l = {d1}: every ({d1 + 1} x {d1 + 1}) minor of the {K} x {K} product vanishes, so "
                       f"rank <= {d1}", minors, sympy.zeros(len(minors), 1))
        inst = {s: sympy.Integer((7 * i + 3) % 11 - 5) for i, s in enumerate(sorted(H.free_symbols, key=str))}
        proof.decide(f"d_l = {d1}: the bound is attained (a rational instance has rank {d1})",
                     H.subs(inst), H.subs(inst).rank() == d1)
    W2, M, V1 = matrix("W", K, 1), matrix("M", 1, 2), matrix("V", K, 2)
    H = W2 * M * V1.T
    minors = sympy.Matrix([H.extract(list(r), list(c)).det() for r in itertools.combinations(range(K), 2)
                           for c in itertools.combinations(range(K), 2)])
    proof.identity("through a linear layer M (1 x 2): every 2 x 2 minor of W M V^T vanishes (rank <= 1)", minors,
                   sympy.zeros(len(minors), 1))
    d_l = sympy.Symbol("d_l", positive=True, integer=True)
    return proof.derivation(
        {"bound": d_l},
        "rank(W_{l+1} V_l^T) <= d_l: the composite's hidden-to-hidden matrices are low rank",
        le(sympy.Symbol("rank(W_{l+1} V_l^T)"), d_l),
    )


# -- E7 ---------------------------------------------------------------------------------------------------------------
def derive_neuron_sharing() -> Derivation:
    r"""For disjointly supported nonzero :math:`v_1, v_2`: :math:`\|v_1 + v_2\|_2 < \|v_1\|_2 + \|v_2\|_2`; sharing one
    unit neuron between the two output groups strictly lowers the weight-decay cost ([SPLN24] Thm 9, eqs. (38),
    (44)).

    Disjoint supports make the cross term vanish: :math:`\|v_1 + v_2\|^2 = \|v_1\|^2 + \|v_2\|^2` (D = 4, supports
    {1, 2} and {3, 4}); with :math:`A = \|v_1\| > 0`, :math:`B = \|v_2\| > 0`:
    :math:`(A + B)^2 - (A^2 + B^2) = 2AB > 0`, and the drop is
    :math:`A + B - \sqrt{A^2 + B^2} = 2AB/(A + B + \sqrt{A^2 + B^2})`.
    """
    proof = Proof("deep.neuron_sharing")
    p1, p2, q1, q2 = sympy.symbols("p1 p2 q1 q2", real=True)
    v1, v2 = sympy.Matrix([p1, p2, 0, 0]), sympy.Matrix([0, 0, q1, q2])
    proof.identity("disjoint supports: v1.v2 = 0", (v1.T * v2)[0], 0)
    proof.identity("so ||v1 + v2||^2 = ||v1||^2 + ||v2||^2", sq(v1 + v2), sq(v1) + sq(v2))
    A, B = sympy.Symbol("A", positive=True), sympy.Symbol("B", positive=True)
    compare_by_squares(proof, "A + B > sqrt(A^2 + B^2) for A = ||v1|| > 0, B = ||v2|| > 0", A + B,
                        sympy.sqrt(A**2 + B**2), 2 * A * B, strict=True)
    drop = A + B - sympy.sqrt(A**2 + B**2)
    proof.identity("the drop of the cost: A + B - sqrt(A^2 + B^2) = 2 A B / (A + B + sqrt(A^2 + B^2))", drop,
                   2 * A * B / (A + B + sympy.sqrt(A**2 + B**2)))
    proof.decide("... which is positive", gt(drop, 0),
                 (2 * A * B / (A + B + sympy.sqrt(A**2 + B**2))).is_positive)
    proof.state("with a unit input weight w shared by both output groups, the balanced weight decay (= path norm) "
                "of the shared neuron is ||v1 + v2|| ||w|| = ||v1 + v2||, of the two separate neurons ||v1|| + ||v2||",
                lt(sympy.Symbol("||v1 + v2||"), sympy.Symbol("||v1|| + ||v2||")))
    return proof.derivation(
        {"drop": drop, "A": A, "B": B},
        "sharing a neuron between disjoint output groups strictly lowers the weight-decay cost",
        lt(sympy.sqrt(A**2 + B**2), A + B),
    )


def derive_schatten() -> Derivation:
    r"""Weight decay on L stacked linear layers is the Schatten-2/L quasi-norm:
    :math:`\min\{\tfrac12\sum_l\|W_l\|_F^2 : W_L\cdots W_1 = W\} = \tfrac L2\sum_i s_i^{2/L}`, attained by the
    balanced SVD factorisation :math:`W_1 = \Sigma^{1/L}V^\top`, :math:`W_l = \Sigma^{1/L}`,
    :math:`W_L = U\Sigma^{1/L}` (catalog E6; the L = 2 case is the nuclear-norm identity of Srebro et al.).

    1. Scalar problem, symbolic L: :math:`\min\{\tfrac12\sum_lx_l^2 : \prod_lx_l = s\} = \tfrac L2s^{2/L}` by AM-GM
       (from :math:`e^t \ge 1 + t`), equality iff :math:`x_l = s^{1/L}`; the Lagrange system solved for L = 2, 3.
    2. L = 2, 2 × 2: :math:`\|AB\|_* = \mathrm{tr}(U^\top ABV) = \langle A^\top U, BV\rangle_F \le \|A\|_F\|B\|_F
       \le \tfrac12(\|A\|_F^2 + \|B\|_F^2)`, equality at the balanced SVD.
    3. Attainment for symbolic L (2 × 2, rotations U, V): the balanced factors multiply to W and cost
       :math:`\tfrac L2\sum_is_i^{2/L}`.
    4. Lower bound for general L, 2 × 2 factors, by the singular-value inequality route: :math:`s_1s_2` is
       multiplicative (determinants), :math:`s_1` submultiplicative (operator norm, :math:`\lambda_{\max}I - M^\top M
       \succeq 0`), so :math:`(s_1(W), s_2(W))` is weakly log-majorized by :math:`(\prod_ls_1(W_l),
       \prod_ls_2(W_l))` and Weyl's step gives :math:`\sum_is_i(W)^{2/L} \le \sum_i\prod_ls_i(W_l)^{2/L}`; then per
       i the scalar AM-GM: :math:`\prod_l s_i(W_l)^{2/L} \le \tfrac1L\sum_ls_i(W_l)^2`, and
       :math:`\sum_is_i(W_l)^2 = \|W_l\|_F^2`.  Diagonal factors of any size reduce to step 1 for each
       singular value (shown for 3 × 3, L = 3).  **For larger matrices** the same route needs Horn's inequality
       :math:`\prod_{i\le k}s_i(W_L\cdots W_1) \le \prod_{i\le k}\prod_ls_i(W_l)` (A. Horn, PNAS 36, 1950) and
       Weyl's majorant theorem; they are *cited, not derived here*.
    """
    proof = Proof("deep.schatten", simplify=trig_strategy)
    scalar_schatten(proof)
    nuclear_two_by_two(proof)
    L = sympy.Symbol("L", positive=True, integer=True)
    th, ph = sympy.symbols("theta phi", real=True)
    s1, s2 = sympy.symbols("s1 s2", positive=True)
    U, V = rotation(th, False), rotation(ph, False)
    root = sympy.diag(s1 ** (1 / L), s2 ** (1 / L))
    first, last = root * V.T, U * root
    proof.identity("attainment, L = 3 (2 x 2): U S^(1/3) S^(1/3) S^(1/3) V^T = U S V^T",
                   (U * root * root * root * V.T).subs(L, 3), U * sympy.diag(s1, s2) * V.T)
    proof.identity("attainment, symbolic L: ||U S^(1/L)||_F^2 = ||S^(1/L)||_F^2 = ||S^(1/L) V^T||_F^2 "
                   "= s1^(2/L) + s2^(2/L)", sympy.Matrix([sq(first), sq(last), sq(root)]),
                   sympy.ones(3, 1) * (s1 ** (2 / L) + s2 ** (2 / L)))
    proof.identity("so 1/2 (2 (s1^(2/L) + s2^(2/L)) + (L - 2)(s1^(2/L) + s2^(2/L))) = (L/2) sum_i s_i^(2/L)",
                   HALF * (sq(first) + sq(last) + (L - 2) * sq(root)), L / 2 * (s1 ** (2 / L) + s2 ** (2 / L)))
    diag = [sympy.diag(*sympy.symbols(f"d1{j} d2{j} d3{j}", real=True)) for j in range(1, 4)]
    proof.identity("diagonal reduction (3 x 3, L = 3): the product of diagonal factors is diag(prod_l d_il), so "
                   "s_i(W) = prod_l |d_il| and each i is the scalar problem of step 1",
                   diag[2] * diag[1] * diag[0], sympy.diag(*(diag[0][i, i] * diag[1][i, i] * diag[2][i, i]
                                                              for i in range(3))))
    proof.identity("... and the cost splits over i: 1/2 sum_l ||D_l||_F^2 = sum_i 1/2 sum_l d_il^2",
                   HALF * sum(sq(m) for m in diag), sum(HALF * sum(m[i, i] ** 2 for m in diag) for i in range(3)))
    operator_norm_lemmas(proof)
    sig = sympy.IndexedBase("sigma", positive=True)
    ll = sympy.Symbol("l", positive=True, integer=True)
    prod_i = sympy.Product(sig[ll] ** (2 / L), (ll, 1, L))
    proof.state("per singular index i (sigma_l = s_i(W_l)): prod_l sigma_l^(2/L) <= (1/L) sum_l sigma_l^2 (step 1 "
                "with x_l = sigma_l, s = prod_l sigma_l); summing over i, sum_i s_i(W_l)^2 = ||W_l||_F^2",
                le(prod_i, sympy.Sum(sig[ll] ** 2, (ll, 1, L)) / L))
    proof.state("general sizes: Horn's inequality (A. Horn, PNAS 36:374-375, 1950) and Weyl's majorant theorem "
                "(H. Weyl, PNAS 35, 1949) replace the 2 x 2 lemmas; cited, not derived here",
                sympy.Symbol("prod_{i<=k} s_i(W_L...W_1) <= prod_{i<=k} prod_l s_i(W_l)"))
    i, r = sympy.Symbol("i", positive=True, integer=True), sympy.Symbol("r", positive=True, integer=True)
    s = sympy.IndexedBase("s", positive=True)
    value = L / 2 * sympy.Sum(s[i] ** (2 / L), (i, 1, r))
    return proof.derivation(
        {"value": value, "L": L, "s": s, "scalar_minimum": L / 2 * sympy.Symbol("s", positive=True) ** (2 / L)},
        "min 1/2 sum_l ||W_l||_F^2 over W_L ... W_1 = W is (L/2) sum_i s_i^(2/L), attained by the balanced SVD "
        "(proved for 2 x 2 factors and diagonal reductions; general sizes via Horn's inequality, cited)",
        sympy.Eq(sympy.Symbol("min 1/2 sum_l ||W_l||_F^2"), value),
    )


def derive_schatten_rank_limit() -> Derivation:
    r""":math:`\tfrac2L\cdot\min\tfrac12\sum_l\|W_l\|_F^2 = \sum_is_i^{2/L} \to \mathrm{rank}(W)` as
    :math:`L \to \infty`, while the unnormalised value :math:`\tfrac L2\sum_is_i^{2/L}` diverges (catalog E6; [GK]
    §2: "for large L, the Schatten quasi-norm approximates the rank").

    :math:`s^{2/L} \to 1` for every :math:`s > 0` (sympy limit) and :math:`0^{2/L} = 0`; with the expansion
    :math:`s^{2/L} = 1 + \tfrac2L\log s + O(L^{-2})`.  Instance: singular values (3, 1/2, 0), rank 2.
    """
    proof = Proof("deep.schatten_rank_limit")
    L = sympy.Symbol("L", positive=True)
    s = sympy.Symbol("s", positive=True)
    lim = sympy.limit(s ** (2 / L), L, sympy.oo)
    proof.identity("lim_{L -> infinity} s^(2/L) = 1 for s > 0", lim, 1)
    proof.identity("0^(2/L) = 0 for L > 0", sympy.Integer(0) ** (2 / L), 0)
    e = sympy.Symbol("epsilon", positive=True)
    series = sympy.series(s ** (2 * e), e, 0, 2).removeO()
    proof.identity("s^(2/L) = 1 + (2/L) log s + O(1/L^2) (series in epsilon = 1/L)", series, 1 + 2 * e * sympy.log(s))
    diverge = sympy.limit(L / 2 * s ** (2 / L), L, sympy.oo)
    proof.decide("the unnormalised (L/2) s^(2/L) diverges", sympy.Eq(sympy.Symbol("lim"), diverge),
                 diverge is sympy.oo)
    values = (sympy.Integer(3), sympy.Rational(1, 2), sympy.Integer(0))
    total = sum(sympy.limit(v ** (2 / L), L, sympy.oo) if v != 0 else sympy.Integer(0) for v in values)
    proof.identity("instance s = (3, 1/2, 0): sum_i s_i^(2/L) -> 2 = rank", total, 2)
    r = sympy.Symbol("r", nonnegative=True, integer=True)
    return proof.derivation(
        {"limit_per_singular_value": lim, "rank": r},
        "sum_i s_i^(2/L) = (2/L) * min 1/2 sum ||W_l||_F^2 -> #{i : s_i > 0} = rank(W)",
        sympy.Eq(sympy.Limit(sympy.Symbol("sum_i s_i^(2/L)"), L, sympy.oo), sympy.Symbol("rank(W)")),
    )
