r"""Claims of the deep family: vector-valued layers, composites, skip terms, low-rank weights, Schatten-2/L, pruning.

Walk-through: ``docs/deep.md``.  Derivations: ``theory/deep.py``; checks: ``checks/deep.py``; property tests:
``tests/test_deep.py``.  Sources:

* [SPLN24] J. Shenouda, R. Parhi, K. Lee, R. D. Nowak, "Variation Spaces for Multi-Output Neural Networks: Insights on
  Multi-Task Learning and Network Compression", JMLR 25, 2024;
* [PN22] R. Parhi, R. D. Nowak, "What Kinds of Functions do Deep Neural Networks Learn? Insights from Variational
  Spline Theory", SIAM J. Math. Data Sci. 4(2):464-489, 2022 — only its abstract was read; what is attributed to its
  Thm 3.2 here is through [SPLN24];
* [PN21] R. Parhi, R. D. Nowak, "Banach Space Representer Theorems for Neural Networks and Ridge Splines", JMLR
  22(43), 2021;
* [GK] C. Garrod, J. P. Keating, "The Persistence of Neural Collapse Despite Low-Rank Bias" (§2, the Schatten
  quasi-norm remark; its formula was not read);
* A. Horn, "On the singular values of a product of completely continuous operators", PNAS 36, 1950 (cited for the
  Schatten lower bound beyond 2 x 2 matrices).
"""

from __future__ import annotations

from ..claims import Claim

_DOCS = "docs/deep.md"
_TESTS = "tests/test_deep.py::"
_CHECKS = "radontv.checks.deep:"
_THEORY = "radontv.theory.deep:"
_WD = (r"weight decay $\tfrac12\sum_k(\|v_k\|_2^2 + \|w_k\|_2^2)$ regularizes input and output weights only (and "
       r"$\tfrac12\|M\|_F^2$ of linear layers); biases and affine skip terms are not regularized.  "
       r"$\|\cdot\|_{2,\mathcal M}$ (Euclidean norm of each vector atom; radontv.rtv2) is the norm weight decay "
       r"induces; the per-output norm $\|\cdot\|_{\mathcal M,1}$ of PN22 is not (SPLN24 Remark 15)")


def _claim(name: str, title: str, statement: str, source: str, entries: tuple[str, ...],
           hypotheses: tuple[str, ...] = (), convention: str = _WD) -> Claim:
    return Claim(
        id=f"deep.{name}", title=title, statement=statement, source=source,
        check=f"{_CHECKS}check_{name}",
        property_tests=(f"{_TESTS}test_{name}", f"{_TESTS}test_{name}_negative_control"),
        docs=_DOCS, hypotheses=hypotheses, convention=convention, derivation=f"{_THEORY}derive_{name}",
        catalog_entries=entries,
    )


CLAIMS: tuple[Claim, ...] = (
    _claim(
        "vector_weight_decay",
        "Balanced weight decay of a vector layer is sum_k ||v_k||_2 ||w_k||_2 = ||.||_{2,M} (rtv2) for distinct "
        "hyperplanes; after merging, rtv2 <= path norm <= weight decay",
        r"\min_{\alpha\in(0,\infty)^K}\tfrac12\sum_k\Bigl(\tfrac{\|v_k\|_2^2}{\alpha_k^2} + \alpha_k^2\|w_k\|_2^2\Bigr)"
        r" = \sum_k\|v_k\|_2\|w_k\|_2"
        r" \ \ge\ \sum_H\Bigl\|\sum_{k\in H}v_k\|w_k\|_2\Bigr\|_2 = \|\nu_f\|_{2,\mathcal M},"
        r"\text{ with equality when the hyperplanes } \{w_k^\top x = b_k\} \text{ are distinct}",
        "SPLN24 eqs. (2)-(3), (12)-(19), App. A.1; merging as in PN21 Lemma 25 (catalog D6)",
        ("E1", "B4"),
        hypotheses=(r"$w_k \ne 0$ (neurons with $w_k = 0$ are constants, part of the affine term)",
                    "rescaled duplicates (c w, c b), c > 0, and antipodes -(c w, c b) lie on one hyperplane; their "
                    "atoms add (an antipode leaves an affine remainder, absorbed by the skip term)"),
    ),
    _claim(
        "per_output_norm",
        "||.||_{2,M} <= ||.||_{M,1} <= sqrt(D) ||.||_{2,M}; equality on the left iff every merged amplitude has at "
        "most one nonzero output; ||.||_{M,1} is not weight decay",
        r"\|\nu\|_{2,\mathcal M} = \sum_H\|A_H\|_2 \ \le\ \|\nu\|_{\mathcal M,1} = \sum_H\|A_H\|_1 "
        r"\ \le\ \sqrt D\,\|\nu\|_{2,\mathcal M};\quad \text{left equality} \iff "
        r"|\{i : (A_H)_i \ne 0\}| \le 1\ \forall H",
        "SPLN24 Remark 15 and eqs. (5)-(6); PN22 (abstract; its M,1 norm as restated in SPLN24 Remark 15)",
        ("E1",),
        hypotheses=("A_H are the merged amplitudes of the canonical form (one per distinct hyperplane)",
                    "negative control: using ||.||_{M,1} as the weight-decay value is refuted (one neuron with "
                    "v = (1, 1), ||w|| = 1 has minimal weight decay sqrt(2), not 2)"),
    ),
    _claim(
        "group_lasso",
        "Weight decay of a vector layer is the multi-task (group) lasso: min over rescalings is "
        "sum_k ||v_k|| ||w_k||, and with unit input weights it is sum_k ||v_k||_2",
        r"\min_{\alpha>0}\tfrac12\bigl(\|v\|_2^2/\alpha^2 + \alpha^2\|w\|_2^2\bigr) = \|v\|_2\|w\|_2;\quad "
        r"\min_\theta L(f_\theta) + \lambda\,\mathrm{WD}(\theta) = \min_{u,\ \|\hat w_k\|_2 = 1} L(f_u) + "
        r"\lambda\sum_k\|u_k\|_2",
        "SPLN24 §2 eqs. (2)-(4) ('multi-task lasso regularizer'), (12), (19), Thm 10 proof eq. (50); PN21 Thm 8",
        ("B7", "B6", "B4"),
        hypotheses=("equivalence of minimisation problems (values, solutions modulo rescaling), not of the objectives "
                    "at an arbitrary theta", "D = 1 gives the lasso sum_k |u_k|"),
    ),
    _claim(
        "vector_representer",
        "Vector-valued representer theorem: a solution with at most min{N^2, N D} neurons, by constructive "
        "sparsification",
        r"\exists\ f^* = \sum_{k=1}^{K_0}v_k\sigma(\tilde w_k^\top\tilde x) \text{ solving } "
        r"\inf_f\sum_{i=1}^N L(y_i, f(x_i)) + \lambda\|f\|,\quad K_0 \le r_\Phi r_\Psi \le \min\{N^2, ND\}",
        "SPLN24 Thm 5 and Cor. 6 (improving the Caratheodory bound N D + 1)",
        ("E2",),
        hypotheses=("SPLN24's setting: no skip term, biases inside w~ on S^d (penalised); L lower semicontinuous",
                    "the sparsification keeps the fitted values Psi exactly and never raises sum_k ||v_k||_2",
                    "negative control: a width bound of N is refuted on an instance needing more neurons"),
        convention=_WD + "; here (as in SPLN24 Thm 5) the bias is regularized inside w~ = (w, -b) on the sphere",
    ),
    _claim(
        "composite",
        "A composite of shallow vector layers is exactly the deep ReLU network of affine_maps(): hidden-to-hidden "
        "matrices W_{l+1} V_l^T and explicit skip contributions",
        r"f_2\circ f_1(x) = V_2^\top\sigma\bigl(W_2V_1^\top h_1 + W_2C_1^\top x + W_2c_{0,1} - b_2\bigr) + "
        r"C_2^\top V_1^\top h_1 + C_2^\top C_1^\top x + C_2^\top c_{0,1} + c_{0,2},\quad h_1 = \sigma(W_1x - b_1)",
        "SPLN24 Thm 8 and App. D (extending PN22 Thm 3.2); PN22 abstract ('skip connections and rank bounded weight "
        "matrices')",
        ("E3",),
        hypotheses=(r"layer l: $f_l(z) = V_l^\top\sigma(W_lz - b_l) + C_l^\top z + c_{0,l}$; a linear layer "
                    r"$z \mapsto Mz + \beta$ in between makes the hidden-to-hidden matrix $W_{l+1}MV_l^\top$",),
    ),
    _claim(
        "skip_invariance",
        "Adding an affine map to a layer leaves its seminorm ||.||_{2,M} (rtv2) unchanged: affine skip terms are the "
        "kernel, which is why skip connections appear",
        r"\|f + Ax + a\|_{2,\mathcal M} = \|f\|_{2,\mathcal M}\quad\forall A \in \mathbb R^{D\times d},\ a \in "
        r"\mathbb R^D;\quad \dim\ker = (d + 1)D",
        "PN21 Remark 2 (the skip connection c(x) = u^T x + s) and Lemma 19; SPLN24 Remark 2; PN22 abstract",
        ("E4", "D3"),
        hypotheses=("the skip term is not regularized (regularizing it changes the equivalences, catalog E4)",
                    "in a composite each layer's seminorm is unchanged; the other layers' functions are unchanged"),
    ),
    _claim(
        "bottleneck_rank",
        "The hidden-to-hidden matrix W_{l+1} V_l^T of a composite has rank at most the bottleneck width d_l",
        r"\operatorname{rank}\bigl(W_{l+1}V_l^\top\bigr) \le d_l \quad (W_{l+1} \in \mathbb R^{K_{l+1}\times d_l},\ "
        r"V_l \in \mathbb R^{K_l\times d_l}),\ \text{attained generically}",
        "PN22 abstract ('rank bounded weight matrices'; the mechanism is derived, catalog E5); SPLN24 Thm 8",
        ("E5",),
        hypotheses=("with a linear layer M (d' x d_l) in between: rank(W M V^T) <= min(d_l, d')",),
    ),
    _claim(
        "schatten",
        "Weight decay on L stacked linear layers is the Schatten-2/L quasi-norm: min 1/2 sum ||W_l||_F^2 = "
        "(L/2) sum_i s_i^(2/L), attained by the balanced SVD factorisation",
        r"\min\Bigl\{\tfrac12\sum_{l=1}^L\|W_l\|_F^2 : W_L\cdots W_1 = W\Bigr\} = \tfrac L2\sum_i s_i(W)^{2/L},"
        r"\quad W_1 = \Sigma^{1/L}V^\top,\ W_l = \Sigma^{1/L},\ W_L = U\Sigma^{1/L}",
        "catalog E6 (standard; GK §2 cites 'a well-known Schatten quasi-norm result'); L = 2: the nuclear-norm "
        "identity ||W||_* = min (||A||_F^2 + ||B||_F^2)/2 (Srebro, Rennie, Jaakkola, NIPS 2004); Horn, PNAS 36, 1950",
        ("E6",),
        hypotheses=("intermediate widths >= rank(W)", "L >= 1 (L = 1: the Frobenius norm squared over 2)",
                    "the derivation proves the lower bound for 2 x 2 factors (and diagonal reductions); for larger "
                    "matrices it cites Horn's inequality and Weyl's majorant theorem",
                    "negative controls: the missing 1/2 and (L/2) replaced by L are refuted"),
        convention=r"the factor $\tfrac12$ is kept (no $1/L$ normalisation); $W_1$ is applied first; for $2/L < 1$ "
                   r"$\|\cdot\|_{S_{2/L}}$ is a quasi-norm",
    ),
    _claim(
        "schatten_rank_limit",
        "(2/L) * min weight decay = sum_i s_i^(2/L) tends to rank(W) as L -> infinity (the unnormalised value "
        "diverges)",
        r"\lim_{L\to\infty}\sum_i s_i(W)^{2/L} = \#\{i : s_i(W) > 0\} = \operatorname{rank}W,\quad "
        r"s^{2/L} = 1 + \tfrac2L\log s + O(L^{-2})",
        "catalog E6; GK §2 ('for large L, the Schatten quasi-norm approximates the rank')",
        ("E6",),
        convention=r"normalised by $2/L$: $\tfrac L2\sum_i s_i^{2/L} \to \infty$ itself",
    ),
    _claim(
        "neuron_sharing",
        "For disjointly supported nonzero v1, v2: ||v1 + v2||_2 < ||v1||_2 + ||v2||_2 — sharing a neuron between "
        "output groups strictly lowers the weight-decay cost",
        r"\operatorname{supp}v_1\cap\operatorname{supp}v_2 = \emptyset,\ v_1, v_2 \ne 0 \implies "
        r"\|v_1 + v_2\|_2 = \sqrt{\|v_1\|_2^2 + \|v_2\|_2^2} < \|v_1\|_2 + \|v_2\|_2",
        "SPLN24 Thm 9 and eqs. (38), (44)",
        ("E7",),
        hypotheses=("the statement about training is local (SPLN24 Thm 9: nearby input weights, small delta); the "
                    "norm inequality itself is global",),
    ),
    _claim(
        "layer_width_bound",
        "Pruning a layer by the multi-task lasso: at most r_Phi r_Psi nonzero columns, Psi met exactly, "
        "sum_k ||v_k||_2 not raised",
        r"\exists V: V\Phi = \Psi,\ \#\{k : v_k \ne 0\} \le r_\Phi r_\Psi \le N^2,\ "
        r"\sum_k\|v_k\|_2 \le \sum_k\|v_k^{(0)}\|_2 \text{ for any feasible } V^{(0)}",
        "SPLN24 Thm 10, Thm 11, Remark 12, eq. (50), §6.1",
        ("E8", "B7"),
        hypotheses=(r"$\Phi$: K features x N points, $\Psi$: D outputs x N points in the row space of $\Phi$ "
                    r"(otherwise no exact pruning exists)",
                    "existence of a sparse solution, not that every solver returns one"),
    ),
)
