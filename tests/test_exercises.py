"""The exercise notebooks (docs/exercises/<family>.md): every check prints PASS for the solution and FAIL for a
wrong answer, so no check can silently pass everything.

Each notebook is read with jupytext (as Jupyter would open it) and its code cells run in order in one namespace:
once with the placeholders ``answer_N = None`` in place (the check then uses the hidden solution, as on the built
site) and once with a typical wrong answer injected into every student cell (the table ``WRONG`` below: the
mistake each exercise is about). The checks themselves use radontv (``radontv.equal``,
``radontv.testing.assert_same_function``, the solvers); the solutions compute by hand.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "docs" / "exercises"
FAMILIES = ("rescaling", "univariate", "training", "radon", "multivariate", "deep", "rates")

#: Per family and exercise, the source of a deliberately wrong answer (a typical mistake), injected in place of None.
WRONG: dict[str, dict[int, str]] = {
    "rescaling": {
        1: "(Fraction(381, 8), 19)",          # path norm with the l1 norm of w: 2*7 + 1 + 8/2
        2: "Fraction(25)",                    # alpha = |v|/||w||, not its square root
        3: "Fraction(19)",                    # the l1 path norm again
        4: "((3, -6), -3)",                   # the sign of the bias: sigma(w.x - b) with b = -1
        5: "Fraction(261, 8)",                # WD - path norm, without the factor lambda
    },
    "univariate": {
        1: "(13, 13)",                        # TV^2 taken as the path norm (no cancellation at the shared knot)
        2: "Fraction(9, 2)",                  # sum of |slopes| instead of |slope changes|
        3: "LinearSpline([1, 2, 3], [1, 1, 1], slope=1)",  # connect-the-dots: minimal TV^2 but 3 knots
        4: "2",                               # ceil(3/2) although the amplitudes alternate
        5: "3",                               # the 'saturation zone' count that keeps the zero amplitude
    },
    "training": {
        1: "Fraction(3, 5)",                  # twice lambda_max
        2: "(Fraction(1), Fraction(0))",      # the line through the end points, not least squares
        3: "(4, 2, -1)",                      # the same function, but unbalanced: WD 17/2 > |a|
        4: "1",                               # TV^2 alone: the cost with a free skip connection
    },
    "radon": {
        1: "sympy.exp(-sympy.Rational(49, 200))",  # the factor sqrt(2 pi) of the line integral forgotten
        2: "1 / (4 * sympy.pi**2)",           # the half-sphere constant 2 c_3
        3: "(3 * sympy.pi / 2, -1, 3)",       # the angle not wrapped into [0, pi)
        4: "(2, -sympy.sqrt(2))",             # the turned-over neuron counted with a flipped sign
        5: "Fraction(4, 5)",                  # half the chord
    },
    "multivariate": {
        1: "(26, 26)",                        # R-TV^2 taken as the path norm: the cancellation missed
        2: "5",                               # TV^2(|t|) taken as 1
        3: "lambda N, d: N - 2",              # the 1-D bound N - 2 reused: right for d = 1, one too many in d = 2
        4: "((0, 0), 0)",                     # the neuron dropped without moving its affine part
        5: "'h'",                              # the remainder of turning a neuron over, with the wrong sign
    },
    "deep": {
        1: "(7, 7)",                          # the per-output norm taken as weight decay
        2: "Fraction(65, 2)",                 # 1/2 ||W||_F^2: one layer, no depth
        3: "(2, 2)",                          # soft thresholding for L = 3 as well
        4: "6",                               # min(N^2, N D), the representer bound, not r_Phi r_Psi
    },
    "rates": {
        1: "-0.5",                            # the theory's exponent, not the fitted slope
        2: "Fraction(-1, 10)",                # -1/d, the rate of a grid in d = 10
        3: "Fraction(1, 32)",                 # 2BC/N: the sqrt(N) missing
        4: "2 * sympy.exp(-sympy.Rational(1, 2))",  # one direction of S^0 only
    },
}

#: Correct answers in another form than the solution's (floats, the other sparsest interpolant, ...): they must pass.
OTHER_RIGHT: dict[str, dict[int, str]] = {
    "rescaling": {1: "(47.625, 15.0)", 2: "5.0", 3: "15.0", 4: "([3, -6], 3)", 5: "16.3125"},
    "univariate": {
        1: "(5.0, 13.0)",
        2: "6.5",
        3: "LinearSpline([1, Fraction(5, 2)], [1, 2], slope=1)",  # merge the last two amplitudes instead
        4: "3",
        5: "2",
    },
    "training": {1: "0.3", 2: "(0.8, 0.3)", 3: "(2.0, 1.0, -2.0)", 4: "7.0"},
    "deep": {1: "(5.0, 7.0)", 2: "7.5", 3: "[2, 1]", 4: "2"},
}

PLACEHOLDER = re.compile(r"^answer_(\d+) = None\b")
HEADING = re.compile(r"^## Exercise (\d+):", re.M)


def _notebook(family: str):
    return jupytext.read(EXERCISES / f"{family}.md")


def _code(nb) -> list:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def _run(family: str, answers: dict[int, str]) -> str:
    """Run the notebook's code cells in order in one namespace, the student cells replaced by ``answers``;
    return what they printed."""
    namespace: dict[str, object] = {"__name__": f"exercises_{family}"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for i, cell in enumerate(_code(_notebook(family))):
            source = cell.source
            match = PLACEHOLDER.match(source)
            if match and int(match.group(1)) in answers:
                source = f"answer_{match.group(1)} = {answers[int(match.group(1))]}"
            try:
                exec(compile(source, f"{family}.md[code cell {i}]", "exec"), namespace)
            except Exception as exc:  # pragma: no cover - the message is the point
                raise AssertionError(f"{family}.md, code cell {i} raised {exc!r}\n{source}") from exc
    return out.getvalue()


def _verdicts(output: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for verdict, n in re.findall(r"^(PASS|FAIL) Exercise (\d+)", output, re.M):
        found.setdefault(int(n), []).append(verdict)
    return found


@pytest.mark.parametrize("family", FAMILIES)
def test_notebook_layout(family: str):
    """Front matter as the site layout says; 3-5 exercises, each with a placeholder cell, a hidden solution cell
    and a check cell, in that order; a wrong answer for each in WRONG; jupytext turns it into an ipynb and back."""
    path = EXERCISES / f"{family}.md"
    text = path.read_text()
    assert text.startswith("---\nfile_format: mystnb\n"), f"{path.name}: front matter must open the file"
    nb = _notebook(family)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.metadata["jupytext"]["text_representation"]["format_name"] == "myst"
    numbers = [int(n) for n in HEADING.findall(text)]
    assert numbers == list(range(1, len(numbers) + 1)) and 3 <= len(numbers) <= 5, f"{path.name}: {numbers}"
    assert sorted(WRONG[family]) == numbers, f"{path.name}: every exercise needs a wrong answer in WRONG"
    cells = _code(nb)
    for n in numbers:
        student = [i for i, c in enumerate(cells) if c.source.startswith(f"answer_{n} = None")]
        solution = [i for i, c in enumerate(cells) if f"def solution_{n}(" in c.source]
        checks = [i for i, c in enumerate(cells) if f'with check("Exercise {n}")' in c.source]
        assert len(student) == len(solution) == len(checks) == 1, f"{path.name}, exercise {n}"
        assert student[0] < solution[0] < checks[0], f"{path.name}, exercise {n}: cells out of order"
        assert len(cells[student[0]].source.splitlines()) == 1, f"{path.name}, exercise {n}: one-line student cell"
        tags = set(cells[solution[0]].metadata.get("tags", []))
        assert tags & {"hide-cell", "hide-input"}, f"{path.name}, exercise {n}: the solution must be hidden"
        assert "solution" in tags, f"{path.name}, exercise {n}: tag the solution cell 'solution' (handouts drop it)"
        fill = f"answer_{n} = answer_{n} if answer_{n} is not None else solution_{n}()"
        assert cells[checks[0]].source.startswith(fill), f"{path.name}, exercise {n}: the check cell starts with {fill}"
    round_trip = jupytext.reads(jupytext.writes(nb, fmt="ipynb"), fmt="ipynb")
    assert [c.source for c in _code(round_trip)] == [c.source for c in cells]


@pytest.mark.parametrize("family", FAMILIES)
def test_solutions_pass_and_wrong_answers_fail(family: str, monkeypatch, tmp_path):
    """With the placeholders every check prints PASS; with the wrong answers every check prints FAIL."""
    monkeypatch.chdir(tmp_path)
    numbers = sorted(WRONG[family])
    solved = _verdicts(_run(family, {}))
    assert solved == {n: ["PASS"] for n in numbers}, f"{family}: with the solutions {solved}"
    wrong = _verdicts(_run(family, WRONG[family]))
    assert wrong == {n: ["FAIL"] for n in numbers}, f"{family}: with the wrong answers {wrong}"


@pytest.mark.parametrize("family", sorted(OTHER_RIGHT))
def test_right_answers_in_another_form_pass(family: str, monkeypatch, tmp_path):
    """A check decides the value, not the spelling: floats pass at float precision, and any sparsest interpolant
    passes, not only the one the solution builds (minimizers are not unique)."""
    monkeypatch.chdir(tmp_path)
    assert sorted(OTHER_RIGHT[family]) == sorted(WRONG[family])
    verdicts = _verdicts(_run(family, OTHER_RIGHT[family]))
    assert verdicts == {n: ["PASS"] for n in OTHER_RIGHT[family]}, f"{family}: {verdicts}"


def test_answers_of_the_wrong_type_fail_without_crashing(monkeypatch, tmp_path):
    """A student's answer of the wrong type or shape is a FAIL with the reason, not a traceback."""
    monkeypatch.chdir(tmp_path)
    output = _run("rescaling", dict.fromkeys(WRONG["rescaling"], "'no idea'"))
    assert _verdicts(output) == {n: ["FAIL"] for n in WRONG["rescaling"]}
    assert "FAIL Exercise 1: ValueError" in output  # unpacking 'no idea' into (wd, pn)
