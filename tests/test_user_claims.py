"""Users' own claims: ``radontv.claim``, ``radontv.equal``/``at_most``/``at_least`` and ``radontv check --catalog``.

Expected verdicts come from the tolerance law as documented (docs/user-claims.md, radontv.comparisons), applied by
hand to values whose relative offset is chosen far from the thresholds; expected counterexamples from the
mathematics (a single unbalanced neuron refutes "weight decay <= path norm").  Negative controls: false comparisons
and comparisons off by more than the tolerance are refuted; a false claim refutes its catalog's run (exit 1).
Every JSON report produced here is validated against radontv/schemas/report.schema.json.
"""

from __future__ import annotations

import json
import textwrap
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest
import sympy
from hypothesis import strategies as st

import radontv
from radontv import InvalidInput, Verdict
from radontv.cli import main
from radontv.comparisons import Comparison
from radontv.report_envelope import validate
from radontv.runner import run_claim, run_user_check
from radontv.user_claims import UserClaim, load_catalogs, select_claims

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "my_claims.py"


# --- comparisons: one law, three arithmetics, any scale ----------------------------------------------------------

def _value(kind: str, q: Fraction):
    """``q`` in the arithmetic ``kind`` (mp at the caller's working precision)."""
    if kind == "exact":
        return q
    if kind == "mp":
        return mpmath.mpf(q.numerator) / q.denominator
    return q.numerator / q.denominator


# (arithmetic, a relative offset within the tolerance, one beyond the refutation threshold); at dps 50:
# mp tolerance 1e-45, refuted above 1e-22.5; float tolerance 1e-12, refuted above 1e-6; exact: only 0 holds.
OFFSETS = [("exact", Fraction(0), Fraction(1, 10**30)),
           ("mp", Fraction(1, 10**48), Fraction(1, 10**15)),
           ("float", Fraction(1, 10**14), Fraction(1, 10**4))]
SCALES = [Fraction(1, 10**8), Fraction(1), Fraction(10**8)]
PASSED = {"exact": Verdict.PROVED, "mp": Verdict.CONSISTENT, "float": Verdict.CONSISTENT}


@pytest.mark.parametrize("scale", SCALES, ids=["1e-8", "1", "1e8"])
@pytest.mark.parametrize(("kind", "within", "beyond"), OFFSETS, ids=[o[0] for o in OFFSETS])
def test_equal_within_and_beyond_the_tolerance(kind, within, beyond, scale):
    base = Fraction(7, 3) * scale
    with mpmath.workdps(50):
        same = radontv.equal(_value(kind, base), _value(kind, base))
        close = radontv.equal(_value(kind, base * (1 + within)), _value(kind, base))
        off = radontv.equal(_value(kind, base * (1 + beyond)), _value(kind, base))
        false = radontv.equal(_value(kind, 3 * scale), _value(kind, 2 * scale))
    assert same.verdict is PASSED[kind] and close.verdict is PASSED[kind]
    assert off.verdict is Verdict.REFUTED and false.verdict is Verdict.REFUTED  # negative controls
    assert same.arithmetic == kind and (same.dps is None) == (kind == "exact")
    assert float(false.residual) == pytest.approx(0.5)  # |3 - 2| / |2|, whatever the scale


@pytest.mark.parametrize("scale", SCALES, ids=["1e-8", "1", "1e8"])
@pytest.mark.parametrize(("kind", "within", "beyond"), OFFSETS, ids=[o[0] for o in OFFSETS])
def test_inequalities_within_and_beyond_the_tolerance(kind, within, beyond, scale):
    small, large = Fraction(2) * scale, Fraction(5) * scale
    with mpmath.workdps(50):
        v = lambda q: _value(kind, q)  # noqa: E731
        holds = [radontv.at_most(v(small), v(large)), radontv.at_least(v(large), v(small)),
                 radontv.at_most(v(large * (1 + within)), v(large)),
                 radontv.at_least(v(small), v(small * (1 + within)))]
        fails = [radontv.at_most(v(large), v(small)), radontv.at_least(v(small), v(large)),
                 radontv.at_most(v(large * (1 + beyond)), v(large)),
                 radontv.at_least(v(small), v(small * (1 + beyond)))]
    assert [c.verdict for c in holds] == [PASSED[kind] if kind != "exact" else Verdict.PROVED] * 4
    assert [c.verdict for c in fails] == [Verdict.REFUTED] * 4
    # the residual is the relative violation: at_most(5, 2) -> (5 - 2) / 5, at_least(2, 5) -> (5 - 2) / 5
    assert float(fails[0].residual) == pytest.approx(0.6) and float(fails[1].residual) == pytest.approx(0.6)
    assert all(bool(c) for c in holds) and not any(bool(c) for c in fails)


def test_least_precise_operand_decides_the_law():
    with mpmath.workdps(50):
        third = mpmath.mpf(1) / 3
        assert radontv.equal(third, Fraction(1, 3)).arithmetic == "mp"
        assert radontv.equal(third, Fraction(1, 3)).verdict is Verdict.CONSISTENT
        mixed = radontv.equal(third, 1 / 3)  # a float third agrees with mp only to float precision
        assert mixed.arithmetic == "float" and mixed.verdict is Verdict.CONSISTENT and mixed.dps == 15
        assert radontv.equal(Fraction(1, 3), 1 / 3).arithmetic == "float"
        # negative control: the same offset judged at mp precision is refuted
        assert radontv.equal(third, mpmath.mpf(1 / 3)).verdict is Verdict.REFUTED


def test_sympy_numbers_are_exact_or_mp():
    with mpmath.workdps(50):
        rational = radontv.equal(sympy.Rational(3, 4), Fraction(3, 4))
        root = radontv.equal((sympy.sqrt(2) + sympy.sqrt(3)) ** 2, 5 + 2 * sympy.sqrt(6))
        wrong = radontv.equal(sympy.sqrt(2), Fraction(1414213562373095, 10**15))  # 16 digits of sqrt(2)
    assert rational.verdict is Verdict.PROVED
    assert root.verdict is Verdict.CONSISTENT and root.arithmetic == "mp" and root.dps == 50
    assert wrong.verdict is Verdict.REFUTED


def test_lost_digits_and_scale_widen_the_law():
    with mpmath.workdps(30):
        a, b = mpmath.mpf(1) + mpmath.mpf(10) ** -22, mpmath.mpf(1)
        assert radontv.equal(a, b).verdict is Verdict.UNDETERMINED  # between 1e-25 and 1e-12.5
        assert radontv.equal(a, b, lost_digits=10).verdict is Verdict.CONSISTENT
    assert radontv.equal(1e-20, 0.0).verdict is Verdict.REFUTED  # relative to a vanishing value
    assert radontv.equal(1e-20, 0.0, scale=1.0).verdict is Verdict.CONSISTENT


def test_arrays_compare_entry_by_entry():
    result = radontv.equal([1.0, 2.0, 3.0], [1.0, 2.0, 3.5])
    assert result.verdict is Verdict.REFUTED and result.entries == 3 and result.worst_entry == "entry (2,)"
    assert radontv.at_most([1, 2], 2).verdict is Verdict.PROVED  # broadcast


@pytest.mark.parametrize(("lhs", "rhs"), [(float("nan"), 1.0), (1.0, float("inf")), (True, 1), ("1", 1),
                                          ([1, 2], [1, 2, 3]), ([], []), (mpmath.mpc(1, 1), 1)])
def test_comparisons_reject_bad_input(lhs, rhs):
    with pytest.raises(InvalidInput):
        radontv.equal(lhs, rhs)


def test_comparison_is_evidence_not_a_bare_bool():
    c = radontv.at_most(Fraction(1, 2), Fraction(1, 3))
    assert isinstance(c, Comparison) and not c
    assert "at_most" in repr(c) and "refuted" in repr(c) and "1/2" in repr(c)
    data = c.as_dict()
    assert data["verdict"] == "refuted" and data["lhs"] == "1/2" and data["arithmetic"] == "exact"
    json.dumps(data)
    with pytest.raises(InvalidInput):
        radontv.equal(1, 1, lost_digits=-1)


# --- the claim record ----------------------------------------------------------------------------------------------

def test_claim_decorator_records_and_stays_callable():
    @radontv.claim("mine.square", title="squares are non-negative", source="algebra", given=st.integers())
    def square(n):
        return radontv.at_least(n * n, 0)

    assert isinstance(square, UserClaim) and square.family == "mine" and square.__name__ == "square"
    assert square(3).verdict is Verdict.PROVED
    assert square.defined_at.startswith(__file__ + ":")


@pytest.mark.parametrize("kwargs", [{"claim_id": "Mine.Bad"}, {"claim_id": "nodot"}, {"title": ""},
                                    {"source": "  "}, {"given": 3}, {"given": (st.integers(), "x")},
                                    {"examples": 0}, {"derivation": "not a reference"}])
def test_claim_decorator_rejects_bad_declarations(kwargs):
    args = {"claim_id": "mine.ok", "title": "t", "source": "s", "given": st.integers()} | kwargs
    with pytest.raises(InvalidInput):
        radontv.claim(args.pop("claim_id"), **args)(lambda n: True)


# --- running claims -----------------------------------------------------------------------------------------------

INTEGERS = st.integers(-1000, 1000)


def _claim(function, given=INTEGERS, **kwargs) -> UserClaim:
    return radontv.claim("mine.test", title="a test claim", source="tests", given=given, **kwargs)(function)


def test_true_claim_is_consistent_on_every_drawn_input():
    report = run_user_check(_claim(lambda n: radontv.at_least(n * n, 0)), examples=25, seed=3)
    assert report.verdict is Verdict.PROVED and report.instances == 25 and report.counterexample is None


def test_false_claim_is_refuted_with_a_minimal_counterexample():
    """n^2 <= 100 fails first at |n| = 11: hypothesis shrinks any failing n to 11 (or -11)."""
    report = run_user_check(_claim(lambda n: radontv.at_most(n * n, 100)), examples=200, seed=0)
    assert report.verdict is Verdict.REFUTED
    assert report.counterexample["args"] in ([11], [-11])
    assert report.worst_instance in ("<lambda>(11)", "<lambda>(-11)")
    (comparison,) = report.counterexample["comparisons"]
    assert comparison["verdict"] == "refuted" and comparison["lhs"] == "121"


def test_the_same_seed_draws_the_same_inputs():
    seen: dict[int, list[int]] = {0: [], 1: []}

    for s in (0, 1):
        def record(n, s=s):
            seen[s].append(n)
            return True
        run_user_check(_claim(record), examples=20, seed=s)
        first = list(seen[s])
        seen[s].clear()
        run_user_check(_claim(record), examples=20, seed=s)
        assert seen[s] == first
        seen[s] = first
    assert seen[0] != seen[1]


def test_claim_runs_at_the_requested_precision():
    report = run_user_check(_claim(lambda n: mpmath.mp.dps == 60), examples=5, dps=60)
    assert report.verdict is Verdict.PROVED
    control = run_user_check(_claim(lambda n: mpmath.mp.dps == 60), examples=5, dps=50)
    assert control.verdict is Verdict.REFUTED


def test_mp_identity_is_consistent_and_a_wrong_one_refuted():
    given = st.integers(1, 10**6)
    good = run_user_check(_claim(lambda n: radontv.equal(mpmath.sqrt(n) ** 2, n), given=given), examples=20)
    bad = run_user_check(_claim(lambda n: radontv.equal(mpmath.sqrt(n) ** 2, n + 1), given=given), examples=20)
    assert good.verdict is Verdict.CONSISTENT and good.dps == 50 and good.digits >= 45
    assert bad.verdict is Verdict.REFUTED and bad.counterexample["args"] == [1]


def test_float_claim_gives_the_same_verdicts_at_every_scale():
    def make(scale):
        return _claim(lambda x: [radontv.equal((x * scale) * 3 / 3, x * scale),
                                 radontv.at_most(x * scale, 2 * x * scale)], given=st.floats(1, 2))

    verdicts = {s: run_user_check(make(s), examples=20).verdict for s in (1e-8, 1.0, 1e8)}
    assert set(verdicts.values()) == {Verdict.CONSISTENT}
    wrong = {s: run_user_check(_claim(lambda x, s=s: radontv.equal(x * s * 1.001, x * s), given=st.floats(1, 2)),
                               examples=5).verdict for s in (1e-8, 1.0, 1e8)}
    assert set(wrong.values()) == {Verdict.REFUTED}


def test_claim_returning_several_comparisons_or_bools():
    both = run_user_check(_claim(lambda n: (radontv.at_least(n * n, 0), n + 0 == n)), examples=10)
    assert both.verdict is Verdict.PROVED
    one_false = run_user_check(_claim(lambda n: [radontv.at_least(n * n, 0), n < 500]), examples=100)
    assert one_false.verdict is Verdict.REFUTED and one_false.counterexample["args"] == [500]


def test_claim_that_raises_is_an_error_with_its_input():
    report = run_user_check(_claim(lambda n: radontv.equal(Fraction(1, n) * n, 1), given=st.integers(0, 50)),
                            examples=50)
    assert report.verdict is Verdict.ERROR
    assert report.counterexample["args"] == [0] and "ZeroDivisionError" in report.message
    assert "<lambda>(0)" in report.message


def test_assertion_in_a_claim_refutes_and_bad_returns_are_errors():
    def asserting(n):
        assert radontv.at_most(n, 10)
        return True

    assert run_user_check(_claim(asserting), examples=100).verdict is Verdict.REFUTED
    assert run_user_check(_claim(lambda n: None), examples=5).verdict is Verdict.ERROR
    assert run_user_check(_claim(lambda n: []), examples=5).verdict is Verdict.ERROR
    assert run_user_check(_claim(lambda n: 1.0), examples=5).verdict is Verdict.ERROR


def test_assume_discards_inputs():
    from hypothesis import assume

    def positive_only(n):
        assume(n > 0)
        return radontv.at_least(n, 1)

    assert run_user_check(_claim(positive_only), examples=30).verdict is Verdict.PROVED


def test_several_arguments_positional_and_keyword():
    pos = _claim(lambda a, b: radontv.equal(a + b, b + a), given=(st.integers(), st.fractions()))
    kw = _claim(lambda *, a, b: radontv.at_least(a * a + b * b, 2 * a * b),
                given={"a": st.integers(), "b": st.integers()})
    assert run_user_check(pos, examples=10).verdict is Verdict.PROVED
    assert run_user_check(kw, examples=10).verdict is Verdict.PROVED
    bad = _claim(lambda *, a, b: radontv.at_least(a, b), given={"a": st.integers(0, 9), "b": st.integers(0, 9)})
    report = run_user_check(bad, examples=100)
    assert report.verdict is Verdict.REFUTED and report.counterexample["kwargs"] == {"a": 0, "b": 1}


def _square_of_sum(wrong: bool = False):
    from radontv.user_claims import Proof

    a, b = sympy.symbols("a b", real=True)
    proof = Proof("mine.square_of_sum")
    proof.identity("expand", (a + b) ** 2, a**2 + b**2 + (0 if wrong else 2 * a * b))
    return proof.derivation({}, "the square of a sum", (a + b) ** 2)


def test_derivation_of_a_user_claim_callable_and_reference():
    claim = _claim(lambda a, b: radontv.equal((a + b) ** 2, a * a + 2 * a * b + b * b),
                   given=(st.integers(), st.integers()), derivation=_square_of_sum)
    report = run_claim(claim, examples=10)
    assert [e.kind for e in report.evidence] == ["derivation", "numeric"]
    assert report.verdict is Verdict.PROVED
    wrong = _claim(lambda a, b: True, given=(st.integers(), st.integers()),
                   derivation=lambda: _square_of_sum(wrong=True))
    assert run_claim(wrong, examples=5).evidence[0].verdict is Verdict.REFUTED  # negative control
    by_name = _claim(lambda a: True, given=(st.integers(),), derivation=f"{__name__}:_square_of_sum")
    assert run_claim(by_name, examples=5).evidence[0].verdict is Verdict.PROVED
    not_a_derivation = _claim(lambda a: True, given=(st.integers(),), derivation=lambda: 42)
    assert run_claim(not_a_derivation, examples=5).evidence[0].verdict is Verdict.ERROR


# --- catalogs: files, modules, entry points -------------------------------------------------------------------------

def _write(path: Path, body: str) -> Path:
    path.write_text(textwrap.dedent(body))
    return path


TWO = """
    import radontv
    from hypothesis import strategies as st

    @radontv.claim("{family}.sq", title="squares", source="algebra", given=st.integers())
    def sq(n):
        return radontv.at_least(n * n, 0)

    @radontv.claim("{family}.small", title="all small (false)", source="a deliberate error", given=st.integers())
    def small(n):
        return radontv.at_most(abs(n), 5)
"""


def _json(capsys) -> dict:
    report = json.loads(capsys.readouterr().out)
    validate(report)
    return report


def test_example_catalog_true_and_false_claim_exit_one(capsys):
    """The issue's "Done when": a true and a false claim give consistent and refuted (with the counterexample)."""
    assert main(["check", "--catalog", str(EXAMPLE), "--json", "--examples", "20"]) == 1
    report = _json(capsys)
    verdicts = {c["id"]: c["verdict"] for c in report["claims"]}
    assert verdicts == {"mine.pn_le_wd": "consistent", "mine.wd_le_pn": "refuted"}
    (evidence,) = report["claims"][1]["evidence"]
    net = evidence["counterexample"]["args"][0]
    # minimal: one input dimension and one neuron, whose weight decay exceeds its path norm
    assert net["type"] == "ReLUNetwork" and len(net["W"]) == 1 and len(net["W"][0]) == 1
    w, v = Fraction(net["W"][0][0]), Fraction(net["v"][0])
    assert (v * v + w * w) / 2 > abs(v) * abs(w)
    assert report["settings"]["catalog"] == [str(EXAMPLE)] and report["settings"]["examples"] == 20
    assert main(["check", "--catalog", str(EXAMPLE), "--examples", "20"]) == 1
    captured = capsys.readouterr()
    assert "mine.pn_le_wd  consistent" in captured.out and "1 consistent, 1 refuted  (2 claims" in captured.out
    assert "minimal counterexample wd_le_pn(ReLUNetwork(" in captured.err


def test_file_loaded_twice_is_not_duplicated(tmp_path):
    path = _write(tmp_path / "cat.py", TWO.format(family="twice"))
    first = load_catalogs([str(path)])
    again = load_catalogs([str(path), str(path)])
    assert [c.id for c in again.claims] == ["twice.sq", "twice.small"]
    assert all(a is b for a, b in zip(first.claims, again.claims, strict=True))


def test_ids_select_user_and_builtin_claims(tmp_path, capsys):
    path = _write(tmp_path / "cat.py", TWO.format(family="sel"))
    user = load_catalogs([str(path)])
    assert [c.id for c in select_claims([], user)] == ["sel.sq", "sel.small"]  # instead of the built-in catalog
    chosen = select_claims(["sel.sq", "rescaling.homogeneity"], user)  # beside
    assert [c.id for c in chosen] == ["sel.sq", "rescaling.homogeneity"]
    assert main(["check", "--catalog", str(path), "sel.sq", "rescaling.homogeneity", "--examples", "3",
                 "--json"]) == 0
    report = _json(capsys)
    assert [c["origin"] for c in report["claims"]][1] == "radontv"
    assert main(["check", "--catalog", str(path), "sel", "--examples", "30"]) == 1  # the family: both claims
    capsys.readouterr()
    assert main(["check", "--catalog", str(path), "sel.nope"]) == 2
    assert "the loaded catalogs define sel.sq, sel.small" in capsys.readouterr().err
    assert main(["check", "--catalog", str(path), "sel.smal"]) == 2
    assert "did you mean sel.small" in capsys.readouterr().err


def test_module_and_entry_point_catalogs(tmp_path, monkeypatch, capsys):
    _write(tmp_path / "user_cat_module.py", TWO.format(family="modcat"))
    site = tmp_path / "site"
    dist = site / "user_cat_dist-1.0.dist-info"
    dist.mkdir(parents=True)
    _write(site / "user_cat_entry.py", TWO.format(family="epcat"))
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: user-cat-dist\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[radontv.catalogs]\nusercat = user_cat_entry\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(site))
    assert main(["check", "--catalog", "user_cat_module", "modcat.sq", "--examples", "5", "--json"]) == 0
    assert [c["id"] for c in _json(capsys)["claims"]] == ["modcat.sq"]
    assert main(["check", "--catalog", "usercat", "--examples", "30", "--json"]) == 1
    report = _json(capsys)
    assert {c["id"]: c["verdict"] for c in report["claims"]} == {"epcat.sq": "proved", "epcat.small": "refuted"}
    assert report["claims"][1]["evidence"][0]["counterexample"]["args"] in ([6], [-6])


@pytest.mark.parametrize(("files", "spec", "message"), [
    ({}, "missing.py", "no such file"),
    ({}, "no_such_catalog_module_xyz", "no such file, module or entry point"),
    ({"empty.py": "x = 1\n"}, "empty.py", "defines no claim"),
    ({"dup.py": TWO.format(family="dup") + TWO.format(family="dup").replace("def sq", "def sq2")
      .replace("def small", "def small2")}, "dup.py", "duplicate claim id 'dup.sq'"),
    ({"clash.py": TWO.format(family="rescaling").replace("rescaling.sq", "rescaling.homogeneity")}, "clash.py",
     "built-in claim"),
    ({"broken.py": "raise RuntimeError('boom')\n"}, "broken.py", "RuntimeError: boom"),
    ({"badid.py": TWO.format(family="Bad")}, "badid.py", "must look like 'family.name'"),
])
def test_catalog_errors_are_one_line_exit_two(tmp_path, monkeypatch, capsys, files, spec, message):
    monkeypatch.chdir(tmp_path)
    for name, body in files.items():
        _write(tmp_path / name, body)
    assert main(["check", "--catalog", spec]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("radontv: error: --catalog") and message in err[0]


def test_duplicate_across_catalogs_directory_and_seeds_are_errors(tmp_path, capsys):
    a = _write(tmp_path / "a.py", TWO.format(family="same"))
    b = _write(tmp_path / "b.py", TWO.format(family="same"))
    assert main(["check", "--catalog", str(a), "--catalog", str(b)]) == 2
    assert "duplicate claim id 'same.sq'" in capsys.readouterr().err
    assert main(["check", "--catalog", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert main(["check", "--catalog", str(a), "--seeds", "2"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--seeds" in err[0] and "--examples" in err[0]


def test_counterexample_keeps_every_digit_of_an_mp_input():
    third = st.integers(1, 9).map(lambda n: mpmath.mpf(n) / 3)  # drawn at the run's 50 digits
    report = run_user_check(_claim(lambda x: radontv.at_most(x, 1), given=third), examples=50, seed=0)
    (arg,) = report.counterexample["args"]
    assert report.verdict is Verdict.REFUTED and arg.startswith("1.333333333333333333333333333333333333333")
    json.dumps(report.counterexample)


@pytest.mark.parametrize("kwargs", [{"examples": 0}, {"examples": 2.5}, {"dps": 5}])
def test_run_user_check_rejects_bad_settings(kwargs):
    with pytest.raises(InvalidInput):
        run_user_check(_claim(lambda n: True), **kwargs)


def _strip_times(report: dict) -> dict:
    for claim in report["claims"]:
        for evidence in claim["evidence"]:
            evidence.pop("seconds")
    return {k: v for k, v in report.items() if k not in ("created", "seconds")}


def test_fresh_interpreters_reproduce_the_report(tmp_path):
    """The console entry point in a fresh process (no test profile loaded), twice: the same report, exit 1."""
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "radontv.cli", "check", "--catalog", str(EXAMPLE), "--examples", "15", "--seed", "4",
           "--json"]
    runs = [subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, check=False) for _ in range(2)]
    assert [r.returncode for r in runs] == [1, 1], runs[0].stderr
    first, second = (json.loads(r.stdout) for r in runs)
    validate(first)
    assert _strip_times(first) == _strip_times(second)
    assert [c["verdict"] for c in first["claims"]] == ["consistent", "refuted"]
