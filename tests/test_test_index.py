"""tests/README.md names every test file: a reader finds where a test goes, and a new file cannot go unlisted.

A file is named when a backticked name in the README's table matches it: a literal file name, a glob
(``test_rates*.py``), or ``test_<family>.py`` for each registered family (radontv.catalog.FAMILIES).
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

from radontv.catalog import FAMILIES

TESTS = Path(__file__).resolve().parent


def _patterns(readme: str) -> list[str]:
    names = re.findall(r"`(test_[^`]*\.py)`", readme)
    patterns = []
    for name in names:
        if "<family>" in name:
            patterns += [name.replace("<family>", family) for family in FAMILIES]
        else:
            patterns.append(name)
    return patterns


def unlisted(files: list[str], readme: str) -> list[str]:
    """The test files that no name or pattern in ``readme`` matches."""
    patterns = _patterns(readme)
    return [f for f in files if not any(fnmatch.fnmatchcase(f, p) for p in patterns)]


def test_every_test_file_is_in_the_readme() -> None:
    files = sorted(p.name for p in TESTS.glob("test_*.py"))
    missing = unlisted(files, (TESTS / "README.md").read_text(encoding="utf-8"))
    assert not missing, f"add a row for {missing} to tests/README.md (the table 'Where a test goes')"


def test_an_unlisted_file_is_reported() -> None:
    """Negative control: a file name the README does not hold is reported; family and glob rows do match."""
    readme = "| `test_<family>.py` | x |\n| `test_rates*.py` | y |\n| `test_cli.py` | z |"
    assert unlisted(["test_univariate.py", "test_rates_gap.py", "test_cli.py"], readme) == []
    assert unlisted(["test_nowhere.py", "test_clix.py", "test_notafamily.py"], readme) == [
        "test_nowhere.py", "test_clix.py", "test_notafamily.py"]
