r"""Claims of the multivariate family: R-TV² of shallow ReLU networks, canonical forms, representer theorem.

Walk-through: ``docs/multivariate.md``.  Derivations: ``theory/multivariate.py``; checks: ``checks/multivariate.py``
(seminorms) and ``checks/multivariate_fit.py`` (the global fit); property tests: ``tests/test_multivariate.py`` and
``tests/test_multivariate_fit.py``.  Sources:

* [PN21] R. Parhi, R. D. Nowak, "Banach Space Representer Theorems for Neural Networks and Ridge Splines", JMLR
  22(43), 2021;
* [U23] M. Unser, "Ridges, Neural Networks, and the Radon Transform", JMLR 24(37), 2023;
* [PE20] M. Pilanci, T. Ergen, "Neural Networks are Convex Regularizers", ICML 2020 (the finite convex reduction).
"""

from __future__ import annotations

from ..claims import Claim

_DOCS = "docs/multivariate.md"
_TESTS = "tests/test_multivariate.py::"
_FIT_TESTS = "tests/test_multivariate_fit.py::"
_CHECKS = "radontv.checks.multivariate:"
_FIT_CHECKS = "radontv.checks.multivariate_fit:"  # the global-fit claims (re-exported by checks.multivariate too)
_FIT = {"representer", "solution_set", "training_equivalence"}
_THEORY = "radontv.theory.multivariate:"
_FULL_SPHERE = (r"full sphere $\mathbb S^{d-1}\times\mathbb R$, each neuron an even pair of half-mass Diracs; "
                r"$c_d = 1/(2(2\pi)^{d-1})$; canonical sign: first nonzero coordinate of the unit normal positive")
_WD = (r"weight decay $\tfrac12\sum_k(v_k^2 + \|w_k\|_2^2)$ on input and output weights only; biases and the affine "
       r"skip term unregularized")


def _claim(name: str, title: str, statement: str, source: str, tests: tuple[str, ...], entries: tuple[str, ...],
           hypotheses: tuple[str, ...] = (), convention: str = _FULL_SPHERE, derivation: bool = True) -> Claim:
    return Claim(
        id=f"multivariate.{name}", title=title, statement=statement, source=source,
        check=f"{_FIT_CHECKS if name in _FIT else _CHECKS}check_{name}", property_tests=tests, docs=_DOCS,
        hypotheses=hypotheses,
        convention=convention, derivation=f"{_THEORY}derive_{name}" if derivation else None,
        catalog_entries=entries,
    )


CLAIMS: tuple[Claim, ...] = (
    _claim(
        "rtv2_definition",
        "R-TV² = c_d ‖∂_t² Λ^{d−1} R f‖_M = ‖Δ_R f‖_M = γ_d ‖R(−Δ)^{(d+1)/2} f‖_M (the R-norm) for all f iff "
        "γ_d = c_d = 1/(2(2π)^{d−1}); for d = 1 it is TV²",
        r"\mathrm{R\text{-}TV}^2(f) = c_d\|\partial_t^2\Lambda^{d-1}Rf\|_{\mathcal M(\mathbb S^{d-1}\times\mathbb R)}"
        r" = \|\Delta_R f\|_{\mathcal M} = \gamma_d\|R(-\Delta)^{(d+1)/2}f\|_{\mathcal M}\ \forall f"
        r"\iff \gamma_d = c_d = \frac{1}{2(2\pi)^{d-1}}",
        "PN21 eqs. (6), (27), (31); U23 Thm 2 and eq. (54) (Δ_R = K_rad R Δ, attributed there to Ongie et al., "
        "ICLR 2020, Lemma 2); Ongie et al. (OWSS20), the R-norm (abstract)",
        (_TESTS + "test_rtv2_reduces_to_tv2_in_one_dimension",),
        ("D1", "D2", "D9", "A8", "C4"),
        hypotheses=(r"true ramp filter $|\omega|^{d-1}$ (PN21's printed $i^{d-1}|\omega|^{d-1}$ is off by a phase; "
                    r"catalog H2)",
                    r"$\gamma_d$ is the value that makes the forms equal; that it is the constant printed in OWSS20 is "
                    r"UNCONFIRMED (their definition was not read)"),
    ),
    _claim(
        "null_space_affine",
        "The null space of R-TV² is the affine functions (dimension d + 1)",
        r"\mathrm{R\text{-}TV}^2(f) = 0 \iff f(x) = c^\top x + c_0;\qquad \dim\mathcal N_2 = d + 1",
        "PN21 Lemma 19 (App. A.2); U23 Thm 12",
        (_TESTS + "test_adding_affine_parts_changes_nothing", _TESTS + "test_zero_rtv2_means_affine"),
        ("D3",),
    ),
    _claim(
        "rtv2_neuron",
        "R-TV² of one neuron v σ(wᵀx − b) is |v| ‖w‖₂",
        r"\Delta\sigma(\xi^\top x - t) = \delta(\xi^\top x - t)\ (\|\xi\| = 1);\qquad "
        r"\mathrm{R\text{-}TV}^2(v\sigma(w^\top x - b)) = |v|\,\|w\|_2",
        "PN21 Lemma 17; U23 Thm 9 (items 3, 5) and eq. (51)",
        (_TESTS + "test_single_neuron_rtv2",),
        ("D5", "A14", "A16"),
        hypotheses=(r"$w \ne 0$; the bias is not counted (not $\|(w, b)\|$)",),
    ),
    _claim(
        "rtv2_shallow_net",
        "R-TV² of a shallow network sums |A_H| over distinct hyperplanes (rescaled duplicates and antipodes merged)",
        r"\mathrm{R\text{-}TV}^2\Bigl(\sum_k v_k\sigma(w_k^\top x - b_k) + c^\top x + c_0\Bigr) = \sum_H\Bigl|"
        r"\sum_{k\in H} v_k\|w_k\|_2\Bigr| \le \sum_k |v_k|\,\|w_k\|_2",
        "PN21 Lemma 25 (merging corrected: its distinct-(w_k, b_k) hypothesis is too weak, catalog H3); U23 Thm 9 "
        "items 2, 4",
        (_TESTS + "test_rtv2_matches_the_weight_free_route", _TESTS + "test_symmetries_keep_form_and_rtv2"),
        ("D6", "B3", "H3"),
    ),
    _claim(
        "canonical_form",
        "Two networks are the same function iff their canonical forms are equal",
        r"f_\theta = f_{\theta'} \iff \mathrm{canonical}(\theta) = \mathrm{canonical}(\theta'),\quad"
        r"\mathrm{canonical}(\theta) = \bigl(\{(u_H, t_H, A_H)\}_{A_H\ne0},\ c,\ c_0\bigr)",
        "PN21 Lemma 25 and Remark 3 (homogeneity); U23 §1 (parity: (x−t)₊, ½|x−t|, x+(x−t)₊ differ by affine "
        "functions) and Thm 9 item 4",
        (_TESTS + "test_symmetries_keep_form_and_rtv2", _TESTS + "test_different_forms_have_a_witness"),
        ("D6", "A17", "B2", "B3"),
    ),
    _claim(
        "ridge_function",
        "R-TV² of a ridge function g(wᵀx) is ‖w‖₂ · TV²(g)",
        r"\mathrm{R\text{-}TV}^2\bigl(g(w^\top x)\bigr) = \|w\|_2\,\mathrm{TV}^2(g)",
        "U23 Cor. 11, eq. (53) (with Δ[g(ξᵀx)] = g″(ξᵀx) for unit ξ)",
        (_TESTS + "test_ridge_function",),
        ("D7", "A15"),
    ),
    _claim(
        "invariances",
        "R-TV² is invariant under translations and rotations and scales by s under dilation x ↦ s x",
        r"\mathrm{R\text{-}TV}^2\bigl(f(sU\cdot - x_0)\bigr) = s\,\mathrm{R\text{-}TV}^2(f),\quad s > 0,\ U^\top U = I",
        "U23 Prop. 15, eqs. (71)–(73)",
        (_TESTS + "test_invariances",),
        ("D8",),
    ),
    _claim(
        "wd_path_rtv2",
        "Weight decay ≥ path norm ≥ R-TV², with equality at the merged balanced network (a free skip term)",
        r"\tfrac12\sum_k(v_k^2 + \|w_k\|^2) \ge \sum_k|v_k|\|w_k\| \ge \mathrm{R\text{-}TV}^2(f_\theta),"
        r"\ \text{equal for one balanced neuron per hyperplane}",
        "PN21 Thm 8 (eqs. (14)–(16), (19)) and its proof §6.1.1",
        (_TESTS + "test_wd_path_rtv2_chain",),
        ("B4", "B6", "D6"),
        convention=_WD,
    ),
    _claim(
        "radon_sparsity",
        "The sinogram of a ReLU network has one atom per distinct hyperplane",
        r"\mathscr R_2 f_\theta = \sum_H A_H\,\tfrac12(\delta_{z_H} + \delta_{-z_H});\ "
        r"\text{on }\theta\in[0,\pi)\text{: one atom }(\theta_H, b_H, A_H)\text{ per hyperplane}",
        "PN21 Def. 5 (eq. (12)), Remarks 6–7, Fig. 3",
        (_TESTS + "test_sinogram_has_one_atom_per_hyperplane",),
        ("D14", "H14"),
        convention="half circle θ ∈ [0, π) with (θ + π, b) ~ (θ, −b); folded mass |A_H|",
    ),
    _claim(
        "representer",
        "A solution with at most N − (d+1) neurons exists and the bound is attained; every hyperplane of an optimal "
        "network has data strictly on both sides, so its bias is within the data radius",
        r"\exists f^* = \sum_{k=1}^{K} v_k\sigma(w_k^\top x - b_k) + c^\top x + c_0 \text{ optimal},\ K \le N - (d+1)"
        r"\ (\text{equality for some data});\ f \text{ optimal},\ A_H \ne 0 \Rightarrow \min_n u_H^\top x_n < t_H <"
        r" \max_n u_H^\top x_n,\ \text{so } |t_H| < \max_n\|x_n\|",
        "PN21 Thm 1 (eqs. (9)–(10), Remarks 2–3) and Lemma 24 (|b_k| ≤ max‖x_n‖ for the sparse solution; the strict "
        "bound for every optimal network is derived here); U23 Thm 12 (K₀ < M, weaker, catalog H1)",
        (_FIT_TESTS + "test_fit_is_certified_sparse_and_within_the_data_radius",
         _FIT_TESTS + "test_fit_agrees_with_the_univariate_family",
         _TESTS + "test_one_sided_neuron_is_removable"),
        ("D10", "D12", "D16", "H1", "H15"),
        hypotheses=("data affinely span R^d (N >= d + 1, not all on a hyperplane)", "squared loss or interpolation",
                    "unregularized biases and affine skip term",
                    r"$(u_H, t_H, A_H)$: the canonical form (distinct hyperplanes, $\|u_H\| = 1$, $A_H \ne 0$)"),
        convention=_WD,
    ),
    _claim(
        "solution_set",
        "Fitted values and the regularization cost are common to all solutions (minimizers are not unique)",
        r"f_1, f_2 \text{ optimal} \Rightarrow f_1(x_n) = f_2(x_n)\ \forall n,\quad "
        r"\mathrm{R\text{-}TV}^2(f_1) = \mathrm{R\text{-}TV}^2(f_2)",
        "U23 Thm 12, eqs. (55)–(56)",
        (_FIT_TESTS + "test_solutions_share_fitted_values_and_cost",),
        ("D11", "H15"),
        hypotheses=(r"$\lambda > 0$ and the squared loss (strictly convex in the fitted values)",),
        convention=_WD,
    ),
    _claim(
        "training_equivalence",
        "Weight-decay training of a width K ≥ N − (d+1) network has the R-TV² optimum as its global optimum",
        r"\min_\theta \tfrac12\sum_n(f_\theta(x_n) - y_n)^2 + \tfrac\lambda2\sum_k(v_k^2 + \|w_k\|^2) = "
        r"\min_f \tfrac12\sum_n(f(x_n) - y_n)^2 + \lambda\,\mathrm{R\text{-}TV}^2(f),\ K \ge N - (d+1)",
        "PN21 Thm 8, eqs. (18)–(19)",
        (_FIT_TESTS + "test_training_never_beats_the_global_optimum",),
        ("D13", "B6", "H16"),
        hypotheses=("nonconvex training reaches a stationary point: only J(trained) >= J* is testable",),
        convention=_WD,
    ),
)
