"""The code base is ruff clean (configuration in pyproject.toml)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str | None:
    """The console script ``name`` on PATH or beside this interpreter (a venv's bin/ need not be on PATH)."""
    return shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))


def test_ruff_clean():
    ruff = _tool("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed; it is part of the test extra: pip install -e '.[test]'")
    proc = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_clean():
    """mypy reports no error on the configured files ([tool.mypy] in pyproject.toml: the package radontv)."""
    pytest.importorskip("mypy", reason="mypy is not installed; it is part of the test extra: pip install -e '.[test]'")
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    report = (proc.stdout + proc.stderr).strip()
    assert proc.returncode == 0, (
        f"mypy found type errors (exit {proc.returncode}); run `python -m mypy` in {ROOT} and fix them "
        f"(annotations in radontv/typing.py):\n{report}"
    )
    # not vacuous: every module of the package was read (a narrowed `files` or an `exclude` would show here)
    checked = re.search(r"no issues found in (\d+) source files", report)
    modules = len(list((ROOT / "radontv").rglob("*.py")))
    assert checked is not None and int(checked.group(1)) >= modules, (
        f"mypy checked {checked.group(1) if checked else 'no'} files, radontv/ has {modules}:\n{report}")


#: Uses of the public types: the lines marked "# rejected" must be errors, every other line must pass (a positive
#: check and its negative controls in one mypy run).  mpmath has no type information: radontv.typing.Mpf keeps a str or
#: None from passing for an mpf, which a plain ``mpmath.mpf`` annotation (read as Any) would let through.
_USES = """\
from fractions import Fraction

import mpmath
import numpy as np

from radontv import ReLUNetwork
from radontv.typing import FloatArray, Scalar

ReLUNetwork([[Fraction(1, 2)]], [0], [mpmath.mpf(1)])
ReLUNetwork(np.eye(2), np.zeros(2), [1.0, 2.0], c=[0, 0], c0=0.5)
net = ReLUNetwork([[1]], [0], [1])
net([[Fraction(1, 3)]])
net.rescale(Fraction(2))
x: Scalar = net.weight_decay()
ReLUNetwork("W", [0], [1])  # rejected
ReLUNetwork([[1]], {"b": 0}, [1])  # rejected
ReLUNetwork([["a"]], [0], [1])  # rejected
net.rescale(None)  # rejected
y: Scalar = "0.5"  # rejected


def f(a: FloatArray) -> int:
    return a  # rejected
"""


def test_mypy_accepts_the_public_types_and_rejects_their_misuse(tmp_path):
    pytest.importorskip("mypy", reason="mypy is not installed; it is part of the test extra: pip install -e '.[test]'")
    uses = tmp_path / "uses.py"
    uses.write_text(_USES)
    proc = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), str(uses)],
                          cwd=ROOT, capture_output=True, text=True)
    flagged = {int(m.group(1)) for m in re.finditer(r"uses\.py:(\d+): error", proc.stdout)}
    expected = {i for i, line in enumerate(_USES.splitlines(), 1) if line.endswith("# rejected")}
    assert flagged == expected, (f"mypy flagged lines {sorted(flagged)}, expected {sorted(expected)}:\n"
                                 + proc.stdout + proc.stderr)
