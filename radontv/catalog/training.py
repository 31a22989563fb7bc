r"""Claims of the training family: TV² regression (certificate, λ_max, representer bound), training equivalence,
and the representation costs without a skip connection and with penalised biases.

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
        title="A feasible dual point certifies TV² regression over all functions (weak duality), and the solver's "
              "certificate closes the gap",
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
        title="Closed form of lambda_max: above it the least-squares line is optimal, below it is not",
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
        title="TV² regression has a minimizer with at most N - 2 knots inside the data range; the solver returns "
              "one with the fewest knots",
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
)
