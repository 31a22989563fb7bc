r"""Claims of the rescaling / weight-decay family: homogeneity, rescaling, parity, AM–GM, balance, lasso form.

Walk-through: ``docs/rescaling.md``.  Derivations: ``theory/rescaling.py``; checks: ``checks/rescaling.py`` and,
for the lasso claims, ``checks/rescaling_lasso.py`` (the exact solver: ``radontv/lasso.py``); property tests:
``tests/test_rescaling.py``.  Sources (keys as in the docs):

* [PN21] R. Parhi, R. D. Nowak, "Banach Space Representer Theorems for Neural Networks and Ridge Splines", JMLR 22(43),
  2021;
* [SPLN24] J. Shenouda, R. Parhi, K. Lee, R. D. Nowak, "Variation Spaces for Multi-Output Neural Networks", JMLR 25,
  2024;
* [U23] M. Unser, "Ridges, Neural Networks, and the Radon Transform", JMLR 24(37), 2023;
* [SPM] R. Parhi, R. D. Nowak, "Deep Learning Meets Sparse Regularization: A Signal Processing Perspective", IEEE SPM
  40(6), 2023 — its body was not read; what is attributed to it here is second-hand, through [SPLN24];
* Neyshabur, Tomioka, Srebro, "Norm-Based Capacity Control in Neural Networks", COLT 2015 (the path norm).
"""

from __future__ import annotations

from ..claims import Claim

_DOCS = "docs/rescaling.md"
_TESTS = "tests/test_rescaling.py::"
_WD = (r"weight decay $\tfrac12\sum_k (v_k^2 + \|w_k\|_2^2)$ regularizes input and output weights only; biases "
       r"$b_k$ and the affine skip term are not regularized (PN21 eq. (16), m = 2; the alternatives — penalised "
       r"biases, no factor 1/2 — are not used)")

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="rescaling.homogeneity",
        title="ReLU is positively homogeneous (and not for negative scales)",
        statement=r"\sigma(\alpha z) = \alpha\,\sigma(z) \quad \text{for all } z \in \mathbb{R},\ \alpha > 0;"
                  r"\qquad \sigma(-z) \ne -\sigma(z) \text{ in general}",
        hypotheses=(r"\sigma(z) = \max\{0, z\}", r"\alpha > 0 (the identity fails for \alpha < 0)"),
        convention="sigma = ReLU, i.e. rho_2 in PN21's family rho_m(t) = max{0, t}^(m-1)/(m-1)! (degree m - 1 = 1); "
                   "no regularizer is involved",
        source="SPLN24 §2 (positively homogeneous activations); PN21 Remark 3 (rho_2 = ReLU)",
        derivation="radontv.theory.rescaling:derive_homogeneity",
        check="radontv.checks.rescaling:check_homogeneity",
        property_tests=(_TESTS + "test_homogeneity_positive_scales",
                        _TESTS + "test_homogeneity_fails_for_negative_scales"),
        docs=_DOCS,
        catalog_entries=("B1",),
    ),
    Claim(
        id="rescaling.invariance",
        title="Rescaling a neuron (v, w, b) -> (v/alpha, alpha w, alpha b) keeps the network's function",
        statement=r"v\,\sigma(w^\top x - b) = \tfrac{v}{\alpha}\,\sigma(\alpha w^\top x - \alpha b), \ \alpha > 0;"
                  r"\quad \text{hence } f_\theta = f_{\theta_\alpha} \text{ for one scale } \alpha_k > 0 "
                  r"\text{ per neuron}",
        hypotheses=(r"\alpha_k > 0 for every neuron", "the skip term c.x + c0 is untouched"),
        convention="the bias is scaled with the input weights (by alpha, not 1/alpha)",
        source="PN21 Remark 3; SPLN24 footnote 1 and eq. (46)",
        derivation="radontv.theory.rescaling:derive_invariance",
        check="radontv.checks.rescaling:check_invariance",
        property_tests=(_TESTS + "test_rescaling_keeps_the_function", _TESTS + "test_rescaling_keeps_the_path_norm"),
        docs=_DOCS,
        catalog_entries=("B2",),
    ),
    Claim(
        id="rescaling.parity",
        title="ReLU parity: a neuron plus its antipodal twin is affine",
        statement=r"\sigma(z) - \sigma(-z) = z,\ \ \sigma(z) + \sigma(-z) = |z|;\quad "
                  r"v\,\sigma(w^\top x - b) - v\,\sigma(-w^\top x + b) = v\,(w^\top x - b)",
        hypotheses=(r"any v, w, b (w = 0 allowed)",),
        convention="the twin of (w, b, v) is (-w, -b, -v)",
        source="U23 §1 (the f1, f2, f3 example) and proof of Thm 12 ((t)_+ - t/2 = |t|/2)",
        derivation="radontv.theory.rescaling:derive_parity",
        check="radontv.checks.rescaling:check_parity",
        property_tests=(_TESTS + "test_antipodal_twin_is_affine",),
        docs=_DOCS,
        catalog_entries=("B3",),
    ),
    Claim(
        id="rescaling.amgm",
        title="AM-GM: a neuron's weight decay bounds its path norm, with equality iff balanced",
        statement=r"\tfrac12\bigl(v^2 + \|w\|_2^2\bigr) \ge |v|\,\|w\|_2, \quad "
                  r"\text{equality} \iff |v| = \|w\|_2; \quad "
                  r"\text{so } \mathrm{WD}(\theta) \ge \sum_k |v_k|\,\|w_k\|_2",
        hypotheses=("Euclidean norm of the input weights (the l1 path-norm variant with ||w||_1 is a different "
                    "quantity)",),
        convention=_WD,
        source="PN21 proof of Thm 8 (§6.1.1); SPLN24 §2; path norm: Neyshabur et al. 2015, PN21 eq. (15)",
        derivation="radontv.theory.rescaling:derive_amgm",
        check="radontv.checks.rescaling:check_amgm",
        property_tests=(_TESTS + "test_weight_decay_bounds_path_norm",),
        docs=_DOCS,
        catalog_entries=("B4", "B8"),
    ),
    Claim(
        id="rescaling.balance",
        title="The best rescaling of a neuron: alpha* = sqrt(|v|/||w||), and min over rescalings of WD = path norm",
        statement=r"\inf_{\alpha > 0} \tfrac12\Bigl(\tfrac{v^2}{\alpha^2} + \alpha^2\|w\|_2^2\Bigr) = |v|\,\|w\|_2, "
                  r"\text{ attained at } \alpha^* = \sqrt{|v| / \|w\|_2} \ (v \ne 0 \ne w); \quad "
                  r"\min_{\alpha \in (0,\infty)^K} \mathrm{WD}(\theta_\alpha) = \sum_k |v_k|\,\|w_k\|_2",
        hypotheses=(r"v \ne 0 and w \ne 0 for the minimum to be attained (otherwise |v| ||w|| = 0 is an infimum, "
                    r"attained only when v = w = 0)",),
        convention=_WD,
        source="PN21 proof of Thm 8 (§6.1.1), eqs. (15)-(16); SPLN24 §2, eqs. (2)-(3)",
        derivation="radontv.theory.rescaling:derive_balance",
        check="radontv.checks.rescaling:check_balance",
        property_tests=(_TESTS + "test_balanced_weight_decay_is_path_norm",
                        _TESTS + "test_alpha_star_minimises_weight_decay"),
        docs=_DOCS,
        catalog_entries=("B4",),
    ),
    Claim(
        id="rescaling.neural_balance",
        title="Neural balance: every minimizer of loss + lambda * weight decay has |v_k| = ||w_k|| for every neuron",
        statement=r"\theta^* \in \arg\min_\theta\ L(f_\theta) + \lambda\,\mathrm{WD}(\theta) \implies "
                  r"|v_k^*| = \|w_k^*\|_2 \ \forall k; \quad J(\theta) - J(\mathrm{bal}(\theta)) = "
                  r"\tfrac{\lambda}{2}\sum_k \bigl(|v_k| - \|w_k\|_2\bigr)^2 "
                  r"\text{ with } f_{\mathrm{bal}(\theta)} = f_\theta",
        hypotheses=("lambda > 0", "the loss depends on theta only through f_theta (any loss, any data)",
                    "holds at global and local minimizers (the argument is per-neuron rescaling)"),
        convention=_WD + "; with penalised biases the balance condition becomes |v_k| = ||(w_k, b_k)||",
        source="SPLN24 Thm 1 (credited to Yang et al. 2022 and to SPM = Parhi & Nowak 2023b; valid with "
               "unregularized biases per SPLN24 §2, 'cf. Parhi and Nowak, 2023b, pp. 65-66' — READ-2nd, the SPM "
               "pages were not read); PN21 §6.1.1",
        derivation="radontv.theory.rescaling:derive_neural_balance",
        check="radontv.checks.rescaling:check_neural_balance",
        property_tests=(_TESTS + "test_rebalancing_lowers_the_objective",
                        _TESTS + "test_trained_networks_are_balanced_up_to_their_gradient"),
        docs=_DOCS,
        catalog_entries=("B5", "G3"),
    ),
    Claim(
        id="rescaling.lasso",
        title="Weight-decay training = path-norm training = l1 (lasso) on unit-norm neurons",
        statement=r"\min_\theta L(f_\theta) + \lambda\,\mathrm{WD}(\theta) = "
                  r"\min_\theta L(f_\theta) + \lambda \sum_k |v_k|\,\|w_k\|_2 = "
                  r"\min_{u,\ \|\hat w_k\|_2 = 1} L\Bigl(\sum_k u_k\,\sigma(\hat w_k^\top x - \hat b_k) + "
                  r"c^\top x + c_0\Bigr) + \lambda\|u\|_1",
        hypotheses=("equivalence of the minimization problems (optimal values; solutions modulo rescaling), not of "
                    "the objectives at an arbitrary theta: WD >= path norm pointwise",
                    "neurons with w_k = 0 are constants and belong to the affine part",
                    "checked on finite dictionaries of unit-norm neurons with rational directions"),
        convention=_WD,
        source="PN21 Thm 8 and eqs. (14)-(16), (19); SPLN24 eqs. (2)-(4) and §2 (multi-task lasso); "
               "path norm: Neyshabur et al. 2015",
        derivation="radontv.theory.rescaling:derive_lasso",
        check="radontv.checks.rescaling_lasso:check_lasso",
        property_tests=(_TESTS + "test_unit_norm_form_has_the_path_norm_as_l1",),
        docs=_DOCS,
        catalog_entries=("B6", "B7"),
    ),
    Claim(
        id="rescaling.width_monotonicity",
        title="Adding neurons never raises the optimum of weight-decay (or path-norm) training",
        statement=r"K_1 > K_2 \implies \min_{\theta \in \Theta_{K_1}} L(f_\theta) + \lambda\,\mathrm{WD}(\theta) "
                  r"\le \min_{\theta \in \Theta_{K_2}} L(f_\theta) + \lambda\,\mathrm{WD}(\theta)",
        hypotheses=("zero neurons (w, b, v) = (0, b, 0) pad a network without changing its function or cost",),
        convention=_WD,
        source="PN21 Thm 8 (last sentence: a global minimizer at width K2 is one at any K1 > K2, for (15) and (16))",
        derivation="radontv.theory.rescaling:derive_width_monotonicity",
        check="radontv.checks.rescaling_lasso:check_width_monotonicity",
        property_tests=(_TESTS + "test_padding_with_zero_neurons_keeps_the_objective",),
        docs=_DOCS,
        catalog_entries=("B9",),
    ),
    Claim(
        id="rescaling.secret_sparsity",
        title="Remark: the 'secret sparsity' of weight decay — a solution with at most N active neurons exists",
        statement=r"\text{weight-decay training} \equiv \text{(group) lasso, which has a solution with at most } N "
                  r"\text{ active neurons: here } |\{k : v_k \ne 0\}| \le N - (d + 1) \text{ for a certified "
                  r"solution on a dictionary of } M > N \text{ neurons}",
        hypotheses=("a remark about some minimizers, not all: solution sets can contain non-sparse elements",
                    "finite dictionaries of unit-norm neurons; squared loss; unregularized affine part"),
        convention=_WD,
        source="SPLN24 §2 ('secret sparsity of weight decay', citing SPM = Parhi & Nowak 2023b for details; the "
               "wording in SPM is not confirmed — READ-2nd); bound in the style of PN21 Thm 1 (K <= N - dim N_m)",
        no_derivation_reason="a remark about the existence of sparse elements in a solution set (a vertex of a "
                             "polyhedral problem); there is no finite identity for sympy to close — the check "
                             "certifies sparse solutions exactly instead",
        check="radontv.checks.rescaling_lasso:check_secret_sparsity",
        property_tests=(_TESTS + "test_lasso_solutions_are_sparse",),
        docs=_DOCS,
        catalog_entries=("B10", "G4"),
    ),
)
