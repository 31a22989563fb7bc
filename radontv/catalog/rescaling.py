r"""Claims of the rescaling / weight-decay family: homogeneity, rescaling, parity, AM–GM, balance, lasso form.

Walk-through: ``docs/rescaling.md``.  Derivations: ``theory/rescaling.py``; checks: ``checks/rescaling.py``; property
tests: ``tests/test_rescaling.py``.  Sources (keys as in the docs):

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
        convention="",
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
)
