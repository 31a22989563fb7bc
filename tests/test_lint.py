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


def test_mypy_rejects_a_wrong_annotation(tmp_path):
    """Negative control: with the project's configuration mypy does report a misuse of radontv's array types."""
    pytest.importorskip("mypy", reason="mypy is not installed; it is part of the test extra: pip install -e '.[test]'")
    wrong = tmp_path / "wrong.py"
    wrong.write_text("from radontv.typing import FloatArray\n\n\ndef f(a: FloatArray) -> int:\n    return a\n")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), str(wrong)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1 and "Incompatible return value type" in proc.stdout, proc.stdout + proc.stderr
