"""radontv installs both ways: editable (this checkout) and as a regular wheel with theory/ and checks/ mapped."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import radontv

ROOT = Path(__file__).resolve().parent.parent


def test_subpackages_map_to_top_level_folders():
    import radontv.checks
    import radontv.theory

    assert Path(radontv.theory.__file__).parent.name == "theory"
    assert Path(radontv.checks.__file__).parent.name == "checks"
    assert Path(radontv.__file__).parent.parent == Path(radontv.theory.__file__).parent.parent


@pytest.mark.slow
def test_regular_wheel_install(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = wheel_dir.glob("radontv-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.endswith(".py")}
    expected = {str(p.relative_to(ROOT)) for p in (ROOT / "radontv").rglob("*.py")}
    expected |= {f"radontv/{folder}/{p.name}" for folder in ("theory", "checks") for p in (ROOT / folder).glob("*.py")}
    assert not expected - shipped, f"modules missing from the wheel: {sorted(expected - shipped)}"
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = (
        "import radontv, radontv.theory, radontv.checks, radontv.catalog, radontv.testing.strategies\n"
        "from radontv.cli import main\n"
        f"assert radontv.__file__.startswith({str(target)!r}), radontv.__file__\n"
        "assert radontv.theory.__file__.startswith(radontv.__file__.rsplit('/', 1)[0])\n"
        "for claim in radontv.catalog.CATALOG:\n"
        "    claim.load_check()\n"
        "    claim.load_derivation()\n"
        "raise SystemExit(main(['list']))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "claims" in proc.stdout
    assert radontv.__version__ in wheel.name
