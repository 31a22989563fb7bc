"""radontv ships a pytest plugin, so pytest marks the package for assertion rewriting: importing radontv before
pytest starts (a script calling ``pytest.main``, mutmut) must not turn into an error
under ``filterwarnings = error``."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import radontv

# pytest marks the package that owns the plugin by finding it on sys.path (a wheel install records its files; an
# editable install is looked up with PathFinder), so the package's parent directory goes on PYTHONPATH as in a
# non-editable install.
_SITE = str(Path(radontv.__file__).resolve().parents[1])


def _run_pytest_after_import(tmp_path, docstring_guard: bool) -> subprocess.CompletedProcess:
    (tmp_path / "test_user.py").write_text("def test_one():\n    assert 1 + 1 == 2\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n")  # as in this project's own settings
    script = textwrap.dedent(f"""
        import sys
        import radontv
        import radontv.network  # a submodule too
        if not {docstring_guard!r}:
            radontv.__doc__ = "no guard"  # the negative control: the package without PYTEST_DONT_REWRITE
        import pytest
        codes = [pytest.main(["-q", "-p", "no:cacheprovider", "test_user.py"]) for _ in range(2)]
        sys.exit(max(int(c) for c in codes))
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_SITE, os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)


def test_pytest_main_after_importing_radontv_runs_clean(tmp_path):
    proc = _run_pytest_after_import(tmp_path, docstring_guard=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "cannot be rewritten" not in proc.stdout + proc.stderr


def test_without_the_guard_pytest_refuses_the_already_imported_package(tmp_path):
    proc = _run_pytest_after_import(tmp_path, docstring_guard=False)
    assert proc.returncode != 0
    assert "cannot be rewritten" in proc.stdout + proc.stderr
