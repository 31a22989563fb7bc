r"""Claims of the rates family: why networks do well in high dimensions, measured (walk-through ``docs/rates.md``).

Derivations: ``theory/rates.py``; checks: ``checks/rates.py`` (the quick profiles of the experiments in
:mod:`radontv.rates`, Dask's synchronous scheduler); property tests: ``tests/test_rates.py``.  A measured claim is
``consistent`` when every dimension's bootstrap interval over seeds contains the stated exponent (or the stated
inequality holds with its uncertainty) and ``refuted`` otherwise — never ``proved``.  Sources:

* [SPLN24] J. Shenouda, R. Parhi, K. Lee, R. D. Nowak, "Variation Spaces for Multi-Output Neural Networks", JMLR 25,
  2024 (§3.2.1 eqs. (22)-(24), Thm 3 eqs. (25)-(27));
* [PN21] R. Parhi, R. D. Nowak, "Banach Space Representer Theorems for Neural Networks and Ridge Splines", JMLR
  22(43), 2021 (Thm 10, eq. (22); eq. (6));
* [PN23] R. Parhi, R. D. Nowak, "Near-Minimax Optimal Estimation With Shallow ReLU Neural Networks", IEEE Trans. Inf.
  Theory 69(2):1125-1139, 2023 — **abstract only**: the qualitative claims are read, the exponents are UNCONFIRMED;
* [OWSS20] G. Ongie, R. Willett, D. Soudry, N. Srebro, "A Function Space View of Bounded Norm Infinite Width ReLU
  Nets: The Multivariate Case", ICLR 2020 (abstract);
* [LQWP] T. Liang, D. Qiao, Y.-X. Wang, R. Parhi, "Stable Minima of ReLU Neural Networks Suffer from the Curse of
  Dimensionality" (§3.1, read second-hand for F6).
"""

from __future__ import annotations

from ..claims import Claim

_DOCS = "docs/rates.md"
_TESTS = "tests/test_rates.py::"
_MEASURED = ("measured on the quick profile of radontv.rates (finite sizes, specific seeded targets); the verdict is "
             "consistent or refuted, never proved")


def _claim(name: str, title: str, statement: str, source: str, entries: tuple[str, ...],
           hypotheses: tuple[str, ...], convention: str, *, derivation: bool = True, reason: str | None = None
           ) -> Claim:
    return Claim(
        id=f"rates.{name}", title=title, statement=statement, source=source,
        check=f"radontv.checks.rates:check_{name}",
        property_tests=(f"{_TESTS}test_{name}", f"{_TESTS}test_{name}_negative_control"),
        docs=_DOCS, hypotheses=hypotheses, convention=convention,
        derivation=f"radontv.theory.rates:derive_{name}" if derivation else None,
        no_derivation_reason=reason, catalog_entries=entries,
    )


_MAUREY_CONV = ("unit normals ||w_m||_2 = 1 (path-norm normalisation of radontv, not SPLN24's w in S^d); L2 on "
                "[0,1]^d by Monte Carlo; " + _MEASURED)

CLAIMS: tuple[Claim, ...] = (
    _claim(
        "maurey_rate",
        "Maurey's empirical method: K-neuron approximation of a variation-space function at the rate K^{-1/2}, "
        "whatever the dimension d",
        r"\|f - f_K\|_{L^2(Q_d)} \le C_0C_\sigma\|f\|_{\mathcal V_\sigma(Q_d)}K^{-1/2};\quad "
        r"\mathbb E\|f - f_K\|^2 = \frac{\mathbb E\|g\|^2 - \|f\|^2}{K}"
        r"\ \text{(exponent } -\tfrac12\text{ for every }d)",
        "SPLN24 §3.2.1 eqs. (22)-(24) (Maurey-Jones-Barron)",
        ("F1",),
        ("f = sum_m a_m sigma(w_m.x - b_m) with many neurons (quick: 1000), ||nu|| = sum_m |a_m|",
         "f_K = mean of K i.i.d. draws from |a_m|/||nu||", "d = 2, 5, 10, 20, 50"),
        _MAUREY_CONV,
    ),
    _claim(
        "vector_maurey",
        "Vector-valued Maurey: K^{-1/2} for D outputs, below SPLN24 Thm 3's bound C_sigma D^{3/2} ||f|| K^{-1/2}",
        r"\|f - f_K\|_{L^2(Q_d;\mathbb R^D)} \le C_0C_\sigma D^{3/2}\|f\|_{\mathcal V_\sigma(Q_d;\mathbb R^D)}K^{-1/2}",
        "SPLN24 Thm 3, eqs. (25)-(27)",
        ("F2", "H11"),
        ("D = 3 outputs; amplitudes a_m in R^D, ||nu|| = sum_m ||a_m||_2",
         "the bound is checked on the mean square over seeds with C_0 = 1 and C_sigma the largest atom norm"),
        _MAUREY_CONV,
    ),
    _claim(
        "rademacher",
        "Rademacher complexity of the unit-norm single-neuron class is at most 2BC/sqrt(N), and decays at that rate",
        r"R(F) := 2\,\mathbb E\sup_{f\in F}\frac1N\sum_n\sigma_nf(x_n) \le \frac{2BC}{\sqrt N},\quad "
        r"F = \{\pm\sigma(w\cdot x - b): \|w\| = 1, |b| \le C/2\},\ \|x_n\| \le C/2,\ B = 1",
        "PN21 Thm 10, eq. (22) (m = 2)",
        ("D15",),
        ("the factor 2 is inside R(F) (PN21's convention)", "sup over the class computed by the experiment",
         "a bound without sqrt(N) is refuted by the measured rate"),
        "R(F) with the factor 2; path norm sum |v_k| ||w_k||_2 <= B; " + _MEASURED,
    ),
    _claim(
        "network_estimation",
        "Weight-decay estimation over R-BV^2 does not degrade with d: the measured MSE exponent stays at or below "
        "the dimension-free -1/2 (conjectured -(d+3)/(2d+3), UNCONFIRMED)",
        r"\mathbb E\|\hat f_N - f\|^2 \lesssim N^{-\alpha(d)},\ \alpha(d) \ge \tfrac12\ \text{for every }d;\quad "
        r"\alpha(d) = \tfrac{d+3}{2d+3}\ \text{(conjectured, UNCONFIRMED)}",
        "PN23 abstract (minimax optimal up to logs, immune to the curse of dimensionality; exponent not read)",
        ("F3", "H13", "H17"),
        ("noisy samples of a target in R-BV^2; certified rtv2_fit in low d / small N, trained networks otherwise",
         "MSE against the true target; d = 1..4 (quick)",
         "the conjectured exponent is shown next to the measured one, it does not decide the verdict"),
        "MSE (squared L2), not its root; " + _MEASURED,
        derivation=False,
        reason="the rate of [PN23] is not derived here (its exponent is UNCONFIRMED); "
               "radontv.theory.rates.derive_network_estimation derives only the arithmetic of the conjectured "
               "exponent (4/5 at d = 1, above 1/2 for every d), which must not make the measured claim 'proved'",
    ),
    _claim(
        "linear_curse",
        "Linear methods (kernel ridge regression) suffer the curse: their MSE exponent degrades with d "
        "(conjectured 3/(d+3), UNCONFIRMED)",
        r"\mathbb E\|\hat f^{\rm lin}_N - f\|^2 \gtrsim N^{-\beta(d)},\ \beta\ \text{decreasing in } d;\quad "
        r"\beta(d) = \tfrac3{d+3}\ \text{(conjectured, UNCONFIRMED)}",
        "PN23 abstract (linear minimax lower bound: linear methods suffer the curse; exponent not read)",
        ("F4", "H13"),
        ("kernel ridge regression tuned by cross-validation on the same data as the network",
         "consistent when the exponent at the largest d is larger (less negative) than at the smallest d beyond "
         "both intervals; undetermined when they overlap"),
        "MSE (squared L2); " + _MEASURED,
        derivation=False,
        reason="the linear minimax lower bound of [PN23] is not derived here (its exponent is UNCONFIRMED); "
               "radontv.theory.rates.derive_linear_curse derives only the arithmetic of the conjectured exponent "
               "3/(d+3) and its gap to (d+3)/(2d+3), which must not make the measured claim 'proved'",
    ),
    _claim(
        "gaussian_finite",
        "The Gaussian has finite R-TV^2 in every dimension d = 1..10 (below an explicit Plancherel bound)",
        r"\|e^{-|x|^2/2}\|_{RTV^2} \le \frac{|S^{d-1}|}{2(2\pi)^{\frac{d-1}2}}\Bigl(\pi\cdot\frac1{2\pi}"
        r"\int_{\mathbb R}\bigl(|\hat P|^2 + |\hat P'|^2\bigr)d\omega\Bigr)^{1/2} < \infty,"
        r"\quad |\hat P| = \sqrt{2\pi}|\omega|^{d+1}e^{-\omega^2/2}",
        "OWSS20 abstract (W^{s,1}, s >= d+1, has bounded norm); PN21 eq. (6); values as in catalog D9",
        ("F5", "D9"),
        ("full sphere, c_d = 1/(2(2pi)^{d-1})", "the Gaussian lies in every W^{s,1}"),
        "R-TV^2 = c_d ||d_t^2 Lambda^{d-1} R f||_M on the full sphere (docs/conventions.md)",
    ),
    _claim(
        "generalization_gap",
        "The generalization gap of low-norm (weight-decay) solutions decays at least like N^{-1/4} up to logs, "
        "whatever d",
        r"\bigl|\mathcal R(\hat f_N) - \hat{\mathcal R}_N(\hat f_N)\bigr| = \tilde O(N^{-1/4})",
        "LQWP §3.1 (citing Bach 2017 and Parhi & Nowak 2023), read second-hand",
        ("F6", "D15"),
        ("squared loss, bounded-norm solutions", "exponent <= -1/4 holds with its uncertainty in every d"),
        "gap = test risk - training risk (squared loss); " + _MEASURED,
        derivation=False,
        reason="the O~(N^{-1/4}) rate is read second-hand ([LQWP] §3.1); its derivation (how the norm budget and the "
               "squared loss enter) is not in a source read for radontv — the complexity term itself decays as "
               "N^{-1/2} (rates.rademacher)",
    ),
)
