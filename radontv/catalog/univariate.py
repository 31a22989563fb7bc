"""Claims of the univariate family: ReLU networks on R are linear splines, weight decay is TV², and TV²-minimal
interpolation (see docs/univariate.md)."""

from __future__ import annotations

from ..claims import Claim

_T = "tests/test_univariate.py::"
_DOCS = "docs/univariate.md"
_CONV = (r"\sigma(t)=\max\{0,t\}; f(x)=\sum_k v_k\sigma(w_kx-b_k)+c_1x+c_0 with an unregularized affine term; "
         r"\mathrm{TV}^2(f)=\|D^2f\|_{\mathcal M(\mathbb R)}")

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="univariate.relu_green",
        title="The ReLU is the Green's function of D²",
        statement=r"D^2 (x-t)_+ = \delta_t \text{ in } \mathcal S'(\mathbb R), \text{ i.e. } "
                  r"\int_{\mathbb R}(x-t)_+\varphi''(x)\,dx = \varphi(t)",
        hypotheses=("test functions φ in the Schwartz class",),
        convention=_CONV,
        source="PN21 §5.1 (ReLU as Green's function of D^m with m = 2); U23 §1",
        derivation="radontv.theory.univariate:derive_relu_green",
        check="radontv.checks.univariate:check_relu_green",
        property_tests=(_T + "test_relu_second_difference_is_a_unit_jump",),
        docs=_DOCS,
        catalog_entries=("C1",),
    ),
    Claim(
        id="univariate.neuron_tv2",
        title="TV² of one neuron is |v|·|w|",
        statement=r"\mathrm{TV}^2\bigl(v\sigma(wx-b)\bigr) = |v|\,|w|, \text{ one knot at } \tau = b/w",
        hypotheses=("d = 1",),
        convention=_CONV,
        source="NN25 Remark 1; PN21 Lemma 25 with d = 1",
        derivation="radontv.theory.univariate:derive_neuron_tv2",
        check="radontv.checks.univariate:check_neuron_tv2",
        property_tests=(_T + "test_neuron_tv2_is_abs_v_times_abs_w",),
        docs=_DOCS,
        catalog_entries=("C1", "C3"),
    ),
    Claim(
        id="univariate.network_tv2",
        title="TV² of a network: merge neurons by knot (not the path norm)",
        statement=r"\mathrm{TV}^2(f) = \sum_{\tau\in\{b_k/w_k\}}\Bigl|\sum_{k:\,b_k/w_k=\tau} v_k|w_k|\Bigr| "
                  r"\le \sum_k |v_k||w_k|, \text{ equality iff no sign cancels at a shared knot}",
        hypotheses=("d = 1", "neurons with w_k = 0 are constants and contribute 0"),
        convention=_CONV,
        source="NN25 Remark 1; PN21 Lemma 25 (corrected for coincident and antipodal neurons, catalog H3)",
        derivation="radontv.theory.univariate:derive_network_tv2",
        check="radontv.checks.univariate:check_network_tv2",
        property_tests=(_T + "test_network_tv2_merges_knots", _T + "test_spline_round_trip_preserves_the_function"),
        docs=_DOCS,
        catalog_entries=("C3", "B3"),
    ),
    Claim(
        id="univariate.null_space",
        title="The null space of TV² is the affine functions",
        statement=r"\mathrm{TV}^2(f)=0 \iff f(x)=c_1x+c_0; \quad \mathrm{TV}^2(f+ax+c)=\mathrm{TV}^2(f)",
        hypotheses=("f with f'' a finite measure (growth-restricted class)",),
        convention=_CONV,
        source="PN21 Lemma 19 (m = 2); NN25 Remark 1",
        derivation="radontv.theory.univariate:derive_null_space",
        check="radontv.checks.univariate:check_null_space",
        property_tests=(_T + "test_tv2_ignores_affine_parts",),
        docs=_DOCS,
        catalog_entries=("C2",),
    ),
    Claim(
        id="univariate.rtv2_reduces",
        title="R-TV² reduces to TV² in one dimension",
        statement=r"c_1\bigl\|\partial_t^2\Lambda^0 Rf\bigr\|_{\mathcal M(\{\pm1\}\times\mathbb R)} "
                  r"= \tfrac12\sum_{\gamma=\pm1}\|D^2f(\gamma\,\cdot)\|_{\mathcal M} = \mathrm{TV}^2(f), "
                  r"\quad c_1 = \tfrac12",
        hypotheses=("d = 1: Rf(γ, t) = f(γt), γ ∈ {−1, +1}",),
        convention=_CONV + r"; c_d = 1/(2(2\pi)^{d-1})",
        source="PN21 §5.1 (d = 1 case of eq. (27)); checked against the d = 1 sinogram formula, the multivariate "
               "rtv2 is not yet compared",
        derivation="radontv.theory.univariate:derive_rtv2_reduces",
        check="radontv.checks.univariate:check_rtv2_reduces",
        property_tests=(_T + "test_tv2_is_reflection_invariant",),
        docs=_DOCS,
        catalog_entries=("C4",),
    ),
    Claim(
        id="univariate.min_interpolation",
        title="Minimal TV² of an interpolant",
        statement=r"\min\{\mathrm{TV}^2(f): f(x_n)=y_n\} = \sum_{i=1}^{N-2}|s_{i+1}-s_i|, \quad "
                  r"s_i=\frac{y_{i+1}-y_i}{x_{i+1}-x_i}, \text{ attained by connect-the-dots}",
        hypotheses=("x_1 < … < x_N distinct (repeated sites with equal values merged)", "N ≥ 2"),
        convention=_CONV,
        source="NN25 Cor. 3.1.2; DDUF22 (canonical solution, reference code _connect_points); the lower bound is the "
               "duality/mean-value argument (derived)",
        derivation="radontv.theory.univariate:derive_min_interpolation",
        check="radontv.checks.univariate:check_min_interpolation",
        property_tests=(_T + "test_min_tv2_is_a_lower_bound_and_attained",),
        docs=_DOCS,
        catalog_entries=("C6",),
    ),
    Claim(
        id="univariate.representer_bound",
        title="Representer theorem in 1-D: at most N − 2 knots, inside the data range, and sharp",
        statement=r"\exists f^\star \in \arg\min\{\mathrm{TV}^2(f): f(x_n)=y_n\}: f^\star(x)=c_0+c_1x+"
                  r"\sum_{k=1}^K a_k(x-\tau_k)_+,\ K\le N-2,\ \tau_k\in(x_1,x_N); \text{ and } K=N-2 "
                  r"\text{ is needed for alternating curvature}",
        hypotheses=("interpolation (the hard-constraint limit of PN21 Thm 1 with d = 1, m = 2)",
                    "an existence statement: other minimizers may have more knots (H15)",
                    "the regression form (strictly convex loss) is claimed in the training family"),
        convention=_CONV,
        source="PN21 Thm 1 with d = 1 (K ≤ N − dim N_2 = N − 2) and Lemma 24; DDUF22; NN25 §3",
        derivation="radontv.theory.univariate:derive_representer_bound",
        check="radontv.checks.univariate:check_representer_bound",
        property_tests=(_T + "test_interpolants_have_at_most_n_minus_2_knots_inside_the_range",),
        docs=_DOCS,
        catalog_entries=("C5", "H1", "H15"),
    ),
    Claim(
        id="univariate.nonuniqueness",
        title="TV²-minimal interpolants are not unique",
        statement=r"a_i a_{i+1} > 0 \implies (a_i,x_{i+1}),(a_{i+1},x_{i+2}) \mapsto "
                  r"\bigl(a_i+a_{i+1},\ \tfrac{a_ix_{i+1}+a_{i+1}x_{i+2}}{a_i+a_{i+1}}\bigr) "
                  r"\text{ is another minimizer, as is every convex combination}",
        hypotheses=("two consecutive canonical amplitudes share a sign (a sufficient condition)",),
        convention=_CONV,
        source="DDUF22 (abstract, Algorithm 1); NN25 §3; PN21 after Thm 1",
        derivation="radontv.theory.univariate:derive_nonuniqueness",
        check="radontv.checks.univariate:check_nonuniqueness",
        property_tests=(_T + "test_merging_a_same_sign_pair_gives_another_minimizer",),
        docs=_DOCS,
        catalog_entries=("C7", "H15"),
    ),
    Claim(
        id="univariate.sparsest_count",
        title="The fewest knots of a TV²-minimal interpolant (DDUF22 Algorithm 1, corrected)",
        statement=r"\min\{\#\mathrm{knots}(f): f(x_n)=y_n,\ \mathrm{TV}^2(f)=\textstyle\sum_i|a_i|\} = "
                  r"\sum_{\text{runs}}\lceil n_{\text{run}}/2\rceil",
        hypotheses=("runs: maximal stretches of consecutive canonical amplitudes a_i = s_{i+1} − s_i that are "
                    "nonzero and of one sign; a zero amplitude splits runs",
                    "confirmed by exhaustive exact search for N ≤ 8"),
        convention=_CONV,
        source="DDUF22 Algorithm 1 (as implemented in the authors' code; corrected: zeros split runs, catalog C8/H10)",
        derivation="radontv.theory.univariate:derive_sparsest_count",
        check="radontv.checks.univariate:check_sparsest_count",
        property_tests=(_T + "test_sparsest_interpolant_is_minimal_and_has_the_run_count",
                        _T + "test_sparsest_interpolant_is_scale_free_in_float"),
        docs=_DOCS,
        catalog_entries=("C8", "H10"),
    ),
)
