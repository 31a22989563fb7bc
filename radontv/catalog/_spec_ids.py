r"""The IDs of the theory specification (``shared/spec/theory-catalog.md``), vendored, and those left out on purpose.

``Claim.catalog_entries`` (:mod:`radontv.claims`) name entries of the specification's catalog: ``A1`` … ``G5`` are
its headings ``### A1. `slug` — title``, ``H1`` … ``H17`` its open questions ``**H1. title**``.  The installed
package cannot read the specification at run time, so the IDs are copied here with a one-line title each;
``tests/test_catalog_link.py`` compares this list with the specification whenever the file is present, and checks
that every ID is either named by some claim or listed in :data:`LEFT_OUT` with its reason (so that a new entry of the
specification cannot be forgotten silently).  A claim naming an ID not in :data:`SPEC_IDS` is rejected when it is
constructed (:class:`radontv.claims.Claim`).
"""

from __future__ import annotations

__all__ = ["LEFT_OUT", "SPEC_IDS"]

#: Every ID of the specification, in its order, with its title (for A–G: the slug, a dash, the heading).
SPEC_IDS: dict[str, str] = {
    "A1": 'fourier-convention — Fourier transform conventions',
    "A2": 'hilbert-convention — Hilbert transform with symbol sgn ω',
    "A3": 'radon-def — Radon transform',
    "A4": 'radon-even — evenness',
    "A5": 'backprojection-def — dual Radon transform (backprojection) R*',
    "A6": 'fourier-slice — Fourier slice theorem',
    "A7": 'ramp-filter — ramp filter Λ^{d−1}',
    "A8": 'fbp-inversion — filtered backprojection, constant c_d = 1/(2(2π)^{d−1})',
    "A9": 'dual-inversion — inversion of the dual transform',
    "A10": 'intertwining — Radon transform and Laplacian',
    "A11": 'radon-gaussian — Radon transform of a Gaussian',
    "A12": 'radon-isotropic — isotropic functions and derivatives',
    "A13": 'radon-range — range conditions (Helgason–Ludwig)',
    "A14": 'dirac-ridge — filtered Radon transform of a Dirac ridge',
    "A15": 'ridge-measure-radon — filtered Radon transform of a ridge with measure profile',
    "A16": 'radon-dirac-norm — Radon-compatible Diracs and their norms',
    "A17": 'even-odd-measures — even/odd measure spaces and the hyperplane manifold',
    "B1": 'relu-homogeneity — positive homogeneity',
    "B2": 'neuron-rescaling — rescaling invariance and unit normalisation',
    "B3": 'relu-parity — ReLU parity identities (the source of the "linear-part ambiguity")',
    "B4": 'amgm-balance — AM-GM: weight decay ≥ path norm, with equality when balanced',
    "B5": 'neural-balance-theorem — the Neural Balance Theorem (NBT)',
    "B6": 'wd-pathnorm-equivalence — weight decay ≡ path norm ≡ unit-norm constrained ℓ1',
    "B7": 'group-lasso-form — the sparsity (ℓ1 / multi-task lasso) reformulation',
    "B8": 'path-norm-variants — naming and variants of "path norm"',
    "B9": 'width-monotonicity — overparameterization never hurts the optimum',
    "B10": 'secret-sparsity — "secret sparsity of weight decay"',
    "C1": 'tv2-def — second-order total variation',
    "C2": 'tv2-kernel-affine — null space',
    "C3": 'tv2-relu-network — TV² of a univariate ReLU network (merged knots, antipodes, linear part)',
    "C4": 'rtv2-reduces-to-tv2-in-1d — the d = 1 case of the Radon-domain seminorm',
    "C5": 'representer-1d — univariate representer theorem: linear spline with ≤ N−2 knots',
    "C6": 'min-tv2-interpolation — minimal TV² of an interpolant and the canonical solution',
    "C7": 'nonuniqueness-1d — non-uniqueness of TV²-minimizers',
    "C8": 'sparsest-knots-1d — sparsest interpolant (Debarre et al. Algorithm 1)',
    "C9": 'training-equivalence-1d — width-K network with weight decay ≡ TV²-regularized problem',
    "C10": 'savarese-cost — representational cost without a skip connection (unregularized biases)',
    "C11": 'bias-penalty-1d — penalising biases: the √(1+x²) weight',
    "C12": 'lp-path-norm-1d — ℓp (0 < p < 1) path norms (context)',
    "C13": 'adaptive-regression-splines — statistical identification',
    "D1": 'rtv2-def — Radon-domain TV seminorm (R-TV², m = 2) and its order-m family',
    "D2": 'rtv2-equivalent-forms — [PN21], [U23] (Δ_R) and [OWSS20] (R-norm)',
    "D3": 'rtv2-kernel-affine — null space = affine functions (d+1 dimensional)',
    "D4": 'native-space-banach — Banach structure and continuity of point evaluations',
    "D5": 'rtv2-neuron — R-TV² of a single ReLU neuron',
    "D6": 'rtv2-shallow-net — R-TV² of a shallow network (merging rule)',
    "D7": 'rtv2-ridge-function — R-TV² of a ridge function ("ridge function" example)',
    "D8": 'rtv2-invariances — translation, rotation and scaling',
    "D9": 'rtv2-gaussian — closed form for R-TV² of a Gaussian (numerical anchor)',
    "D10": 'representer-multivariate — [PN21] Theorem 1 (existence of a sparse neural-network solution)',
    "D11": 'representer-solution-set — [U23] Theorem 12 (full solution set)',
    "D12": 'bias-bound — knots/biases lie within the data radius',
    "D13": 'training-equivalence-multivariate — weight decay ≡ R-TV² regularisation',
    "D14": 'radon-domain-sparsity — ridge splines and sinograms ("Radon-domain sparsity" example)',
    "D15": 'rademacher-bound — generalization via Rademacher complexity',
    "D16": 'radon-slices-are-splines — Radon-domain view of the solution',
    "E1": 'vv-variation-norm — vector-valued variation norm = weight decay for a layer',
    "E2": 'vv-representer — shallow vector-valued representer theorem: width ≤ min{N², ND}',
    "E3": 'deep-representer — deep networks solve compositional variational problems',
    "E4": 'skip-connections — why skip connections appear',
    "E5": 'low-rank-weights — rank-bounded / low-rank weight matrices',
    "E6": 'schatten-linear-layers — weight decay on L stacked linear layers = Schatten-(2/L) quasi-norm',
    "E7": 'neuron-sharing — weight decay favours neurons shared across outputs',
    "E8": 'layer-width-bound — data-dependent widths via multi-task lasso',
    "E9": 'index-models — linear layers promote single/multi-index models (context only)',
    "F1": 'maurey-rate — dimension-free K^{−1/2} approximation in variation spaces',
    "F2": 'vv-maurey-rate — vector-valued version',
    "F3": 'minimax-rate-rbv2 — near-minimax estimation by weight-decay-trained shallow ReLU nets',
    "F4": 'linear-methods-curse — linear estimators (incl. kernel methods) suffer the curse',
    "F5": 'sobolev-inclusion — which classical functions have finite R-norm',
    "F6": 'generalization-gap-low-norm — Õ(n^{−1/4}) gap for weight-decay solutions',
    "F7": 'stable-minima-curse — contrast: flat/stable minima do suffer the curse (context)',
    "F8": 'classical-curse-baseline — baseline "curse" rates (UNCONFIRMED as an [SPM] statement)',
    "G1": 'spm-setup — supervised-learning setup (Introduction, first paragraph)',
    "G2": 'spm-abstract-claims — what the abstract asserts',
    "G3": 'spm-nbt — SPM pages 65–66: Neural Balance Theorem, valid with unregularized biases',
    "G4": 'spm-secret-sparsity — "secret sparsity of weight decay"',
    "G5": 'spm-inventory — figures, examples and equations of [SPM]: NOT READ',
    "H1": "Neuron-count bounds differ by setting. [SPM]'s own bound is UNCONFIRMED",
    "H2": 'Ramp-filter phase and the [PN21] inversion formula',
    "H3": "[PN21] Lemma 25's uniqueness hypothesis is too weak",
    "H4": "Rigour of [PN21]'s distributional framework",
    "H5": 'Which vector-valued norm',
    "H6": 'Bias and skip conventions change the function space',
    "H7": 'Normalisation in [LQWP] Thm 3.4',
    "H8": 'Fourier prefactor in [U23] eq. (4)',
    "H9": 'Bibliographic',
    "H10": 'Sparsest-knot count ([DDUF22])',
    "H11": '[SPLN24] internal inconsistency',
    "H12": '[OWSS20] details not read',
    "H13": 'Rates not confirmed',
    "H14": 'Full vs half sphere',
    "H15": 'Existence vs characterisation',
    "H16": 'Weight-decay constant',
    "H17": 'Multi-output Maurey constant vs the "immune to the curse" phrasing',
}

#: IDs no claim names, each with the reason it is left out.
LEFT_OUT: dict[str, str] = {
    "A2": (
        'convention not used: radontv defines the ramp filter by its symbol |ω|^{d−1} (docs/conventions.md), '
        "not through [PN21]'s Hilbert transform; the phase that convention causes is H2 (radon.fbp_inversion)"
    ),
    "A5": (
        'a definition: R* is radontv.radon.backproject, exercised by radon.fbp_inversion and '
        'radon.dual_inversion; the adjoint identity has no claim of its own'
    ),
    "C12": "context: [NN25]'s ℓp path-norm results (0 < p < 1), formulas not decoded in the specification",
    "C13": 'not a mathematical identity (the specification: a statistical identification, nothing to test)',
    "D4": (
        'functional-analytic structure (Banach space, continuity of point evaluations): no finite check; the '
        "specification's suggested linear-growth test is a sanity check only"
    ),
    "E9": 'source unread (UNCONFIRMED; the specification says not to encode it without reading the source)',
    "F7": "context only: [LQWP]'s stable-minima rates, not part of [SPM]",
    "F8": 'UNCONFIRMED: no source read for the classical baseline rates as an [SPM] statement',
    "G1": 'definitions of the supervised-learning setup (the specification: n/a)',
    "G2": (
        'qualitative claims of the [SPM] abstract; each clause maps to entries checked elsewhere (B4–B7, '
        'C5–C9, D10, D13, D14, E4–E6, F1, F3, F4)'
    ),
    "G5": "[SPM]'s body not read: an inventory to fill in (UNCONFIRMED)",
    "H4": (
        "a remark on the rigour of [PN21]'s proofs (Lizorkin distributions), not a statement with values to "
        'check'
    ),
    "H5": (
        "checked in substance by deep.per_output_norm (||.||_{M,1} of [PN22] vs ||.||_{2,M}, weight decay), which "
        "names E1 only: to be added to its catalog_entries (radontv/catalog/deep.py) and removed from here"
    ),
    "H7": "[LQWP]'s Radon normalisation did not decode: nothing to check until it is read",
    "H8": "a typo in [U23] eq. (4); radontv's Fourier convention (A1) is checked by radon.fourier_slice",
    "H9": 'bibliographic (page ranges and year letters)',
    "H12": (
        "[OWSS20]'s constant and no-skip term not read (UNCONFIRMED); the constant that makes the forms agree "
        'is derived in multivariate.rtv2_definition (D2)'
    ),
}
