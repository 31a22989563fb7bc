r"""Claims of the training family — **one input dimension only** (d = 1; training in d >= 1 is the multivariate
family's ``radontv.fit``): TV² regression (certificate, λ_max, representer bound), training equivalence, and the
representation costs without a skip connection and with penalised biases.  The claim ids keep the name ``training``
(they are the contract); each title starts with "1-D".

Walk-through: ``docs/training.md``.  Derivations: ``theory/training.py``; checks: ``checks/training.py``; property
tests: ``tests/test_training.py``.  Sources:

* [PN21] R. Parhi, R. D. Nowak, "Banach Space Representer Theorems for Neural Networks and Ridge Splines", JMLR 22(43),
  2021;
* [DDUF22] T. Debarre, Q. Denoyelle, M. Unser, J. Fageot, "Sparsest piecewise-linear regression of one-dimensional
  data", J. Comput. Appl. Math. 406:114044, 2022;
* [SESS19] P. Savarese, I. Evron, D. Soudry, N. Srebro, "How do infinite width bounded norm networks look in function
  space?", COLT 2019 (abstract read);
* [BF23] E. Boursier, N. Flammarion, "Penalising the biases in norm regularisation enforces sparsity", NeurIPS 2023
  (abstract read).

Normalisation used by every claim here: :math:`P(f) = \tfrac12\sum_n (f(x_n)-y_n)^2 + \lambda\,\mathrm{TV}^2(f)` and
:math:`J(\theta) = \tfrac12\sum_n (f_\theta(x_n)-y_n)^2 + \tfrac\lambda2\sum_k (v_k^2 + w_k^2)`.
"""

from __future__ import annotations

from ..claims import Claim

_DOCS = "docs/training.md"
_TESTS = "tests/test_training.py::"
_P = (r"P(f) = \tfrac12\sum_{n=1}^N (f(x_n)-y_n)^2 + \lambda\,\mathrm{TV}^2(f) with \mathrm{TV}^2(f) = \|f''\|_{"
      r"\mathcal M}; repeated sites count with their multiplicity (averaged with weights)")

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="training.regression_certificate",
        title="1-D: a feasible dual point certifies TV² regression over all functions (weak duality), and the "
              "solver's certificate closes the gap",
        statement=r"\sum_n r_n = \sum_n r_n x_n = 0,\ \sup_t\Bigl|\sum_n r_n (x_n - t)_+\Bigr| \le \lambda"
                  r"\ \Longrightarrow\ P(f) \ge \sum_n r_n y_n - \tfrac12\sum_n r_n^2 \ \text{for every } f;"
                  r"\quad \text{the solver returns } f, r \text{ with } P(f) - D(r) \le 10^{-9}\max(P(f), "
                  r"\varepsilon\tfrac12\textstyle\sum y_n^2)",
        hypotheses=(r"N \ge 2 data points with at least two distinct sites", r"\lambda \ge 0",
                    "the float solver's promise is checked exactly on rational data"),
        convention=_P,
        source="PN21 Thm 1 (d = 1, m = 2; existence of a spline minimizer) and §5.2; the duality is derived here",
        derivation="radontv.theory.training:derive_regression_certificate",
        check="radontv.checks.training:check_regression_certificate",
        property_tests=(_TESTS + "test_certificate_certifies_within_the_promised_gap",
                        _TESTS + "test_exact_kkt_on_the_active_set_verifies",
                        _TESTS + "test_no_spline_beats_the_dual_bound"),
        docs=_DOCS,
        catalog_entries=("C5", "C6"),
    ),
    Claim(
        id="training.lambda_max",
        title="1-D: closed form of lambda_max: above it the least-squares line is optimal, below it is not",
        statement=r"\lambda_{\max} = \max_j \Bigl|\sum_{n:\,x_n < x_j} r_n (x_j - x_n)\Bigr|,\ "
                  r"r = y - \ell(x),\ \ell \text{ the least-squares line};\quad \ell \in \arg\min P "
                  r"\iff \lambda \ge \lambda_{\max}",
        hypotheses=(r"N \ge 2 data points with at least two distinct sites",),
        convention=_P,
        source="derived here from the reduction of PN21 Thm 1 (d = 1) and §5.2 (knots at the data sites)",
        derivation="radontv.theory.training:derive_lambda_max",
        check="radontv.checks.training:check_lambda_max",
        property_tests=(_TESTS + "test_lambda_max_is_the_affine_threshold",
                        _TESTS + "test_lambda_max_float_agrees_with_exact"),
        docs=_DOCS,
        catalog_entries=("C5",),
    ),
    Claim(
        id="training.representer_regression",
        title="1-D: TV² regression has a minimizer with at most N - 2 knots inside the data range; the solver "
              "returns one with the fewest knots",
        statement=r"\exists f^\star \in \arg\min P:\ f^\star(x) = c_0 + c_1x + \sum_{k=1}^K a_k (x-\tau_k)_+,\ "
                  r"K \le N - 2,\ \tau_k \in [\min x_n, \max x_n];\ \text{fewest knots: } "
                  r"K = \sum_{\text{runs}} \lceil n_{\text{run}}/2 \rceil",
        hypotheses=(r"N distinct sites (after merging repeats), N \ge 2", r"\lambda > 0",
                    "runs: maximal stretches of nonzero same-sign canonical amplitudes of the (unique) fitted values"),
        convention=_P,
        source="PN21 Thm 1 (K <= N - dim N_2 = N - 2) and §5.2; DDUF22 Algorithm 1 (merging), catalog C8 correction",
        derivation="radontv.theory.training:derive_representer_regression",
        check="radontv.checks.training:check_representer_regression",
        property_tests=(_TESTS + "test_minimizer_has_fewest_knots_within_the_bound",),
        docs=_DOCS,
        catalog_entries=("C5", "C8", "H1", "H15"),
    ),
    Claim(
        id="training.equivalence",
        title="1-D: training a width-K network with weight decay (lambda/2) sum(v^2 + w^2) solves TV² regression "
              "with lambda (K >= N - 2)",
        statement=r"\min_\theta \tfrac12\sum_n (f_\theta(x_n)-y_n)^2 + \tfrac\lambda2\sum_k (v_k^2 + w_k^2) = "
                  r"\min_f P(f)\ (K \ge N-2);\ \ J(\theta) \ge P(f_\theta) \ge \min P \text{ for every } \theta,"
                  r"\ \text{attained by the optimal spline as a balanced network}",
        hypotheses=(r"d = 1; biases b_k and the skip term c_1 x + c_0 unregularized", r"K \ge N - 2",
                    "training is nonconvex: only 'trained objective >= optimum' is testable for trained networks"),
        convention=_P + r"; J(\theta) = \tfrac12\sum_n (f_\theta(x_n)-y_n)^2 + \tfrac\lambda2\sum_k(v_k^2 + w_k^2)",
        source="PN21 Thm 8 (d = 1, m = 2; eqs. (14)-(16)) and §5.1",
        derivation="radontv.theory.training:derive_equivalence",
        check="radontv.checks.training:check_equivalence",
        property_tests=(_TESTS + "test_weight_decay_is_at_least_tv2",
                        _TESTS + "test_no_network_beats_the_spline_optimum",
                        _TESTS + "test_trained_objective_is_never_below_the_optimum",
                        _TESTS + "test_converted_optimal_spline_attains_the_optimum"),
        docs=_DOCS,
        catalog_entries=("C9", "B4", "B6", "H16"),
    ),
    Claim(
        id="training.savarese_cost",
        title="1-D: representation cost without a skip connection: max(TV², |f'(-inf) + f'(+inf)|)",
        statement=r"\inf\Bigl\{\tfrac12\sum_k (v_k^2 + w_k^2) : f = \sum_k v_k\sigma(w_kx - b_k) + c_0\Bigr\} = "
                  r"\max\Bigl(\int|f''|,\ \bigl|f'(-\infty) + f'(+\infty)\bigr|\Bigr)"
                  r"\ \text{for linear splines } f, \text{ attained}",
        hypotheses=("univariate linear splines f", "no linear skip term; biases and the output bias unregularized",
                    "cost normalised with the factor 1/2 (derived: relu must cost 1)"),
        convention=r"cost \tfrac12\sum_k (v_k^2 + w_k^2); output bias c_0 free",
        source="SESS19 abstract (COLT 2019, PMLR 99:2667-2690): formula read; the 1/2, the lower bound and the "
               "constructor derived here",
        derivation="radontv.theory.training:derive_savarese_cost",
        check="radontv.checks.training:check_savarese_cost",
        property_tests=(_TESTS + "test_savarese_cost_is_a_lower_bound_without_skip",
                        _TESTS + "test_savarese_constructor_attains_the_cost"),
        docs=_DOCS,
        catalog_entries=("C10", "H6", "H16"),
    ),
    Claim(
        id="training.bias_penalty",
        title="1-D: penalised biases weight each knot by sqrt(1 + tau^2) (neuron level; the boundary term is "
              "UNCONFIRMED)",
        statement=r"\min_{\alpha>0}\tfrac12\Bigl(\alpha^2v^2 + \frac{w^2+b^2}{\alpha^2}\Bigr) = |v|\sqrt{w^2+b^2}"
                  r" = |v||w|\sqrt{1+\tau^2},\ \tau = b/w;\ \text{hence the cost of a net with distinct knots and "
                  r"no affine part is } \sum_k |a_k|\sqrt{1+\tau_k^2}",
        hypotheses=("d = 1", "biases penalised: cost 1/2 sum (v^2 + w^2 + b^2)",
                    "BF23's function-space statement adds a boundary/affine term that is UNCONFIRMED and not claimed"),
        convention=r"cost \tfrac12\sum_k (v_k^2 + w_k^2 + b_k^2)",
        source="BF23 abstract (NeurIPS 2023, 36:57795-57824); the neuron-level identity is derived here",
        derivation="radontv.theory.training:derive_bias_penalty",
        check="radontv.checks.training:check_bias_penalty",
        property_tests=(_TESTS + "test_penalised_bias_neuron_identity",),
        docs=_DOCS,
        catalog_entries=("C11", "H6"),
    ),
)
