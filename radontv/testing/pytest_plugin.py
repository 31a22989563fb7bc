"""pytest plugin of radontv (entry point ``pytest11``, loaded by pytest wherever radontv is installed).

It adds one option and one ini setting and does nothing else unless one of them is given:

``--radontv-profile={default,deep}``
    loads radontv's seeded hypothesis profile ``radontv-default`` (200 examples per property) or ``radontv-deep``
    (10,000), both derandomized, without an example database or a deadline (:mod:`radontv.testing.profiles`).
``radontv_profile = default`` (or ``deep``) in ``[tool.pytest.ini_options]``, ``pytest.ini`` or ``tox.ini``
    the same, for every run of the suite; the command line wins over it, and so does ``--hypothesis-profile``.

No conftest is needed.  Without the option or the setting hypothesis keeps its own settings: the plugin never
registers or loads hypothesis' ``default`` profile, and at startup it imports only radontv's package root (errors
and evidence records), not hypothesis, numpy or radontv's numeric modules, so suites that do not use radontv are
unaffected (``-p no:radontv`` removes it altogether).  The profiles are also
registered under their names when ``--hypothesis-profile=radontv-...`` is given, so that option works too.  With
pytest-xdist each worker runs this hook with the same options and loads the same profile.
"""

from __future__ import annotations

from typing import Any

import pytest

#: The choices of ``--radontv-profile`` (the keys of :data:`radontv.testing.profiles.PROFILES`; written out here so
#: that adding the option imports nothing).
CHOICES = ("default", "deep")
_INI = "radontv_profile"
#: The name of the hypothesis profile loaded, for the report header.
_LOADED = pytest.StashKey[str]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("radontv", "radontv")
    group.addoption("--radontv-profile", action="store", choices=CHOICES, default=None, dest="radontv_profile",
                    help="load radontv's seeded hypothesis profile: default (200 examples per property, "
                         "derandomized, no deadline) or deep (10,000); without it hypothesis' own settings apply")
    parser.addini(_INI, "radontv's seeded hypothesis profile to load (default or deep), as --radontv-profile",
                  default="")


def _chosen(config: pytest.Config) -> tuple[str | None, str]:
    """The profile asked for and where (command line, or the ini setting unless --hypothesis-profile overrides it)."""
    option = config.getoption("radontv_profile", None)
    if option:
        return option, "--radontv-profile"
    ini = str(config.getini(_INI) or "").strip()
    if ini and not config.getoption("hypothesis_profile", None):
        return ini, f"the ini setting {_INI}"
    return None, ""


@pytest.hookimpl(tryfirst=True)  # before hypothesis' own hook, so that its --hypothesis-verbosity builds on ours
def pytest_configure(config: pytest.Config) -> None:
    choice, where = _chosen(config)
    hypothesis_profile = config.getoption("hypothesis_profile", None)
    if choice is None:
        if hypothesis_profile and str(hypothesis_profile).startswith("radontv-"):
            from .profiles import register_named_profiles

            register_named_profiles()
        return
    if where == "--radontv-profile" and hypothesis_profile:
        raise pytest.UsageError(f"--radontv-profile={choice} and --hypothesis-profile={hypothesis_profile} both "
                                "choose a hypothesis profile: give one of them")
    if choice not in CHOICES:
        raise pytest.UsageError(f"{where}: unknown radontv profile {choice!r}; choose one of {', '.join(CHOICES)}")
    from .profiles import load_profile

    config.stash[_LOADED] = load_profile(choice)



def pytest_report_header(config: pytest.Config) -> Any:
    name = config.stash.get(_LOADED, None)
    if name is None:
        return None
    from hypothesis import settings

    profile = settings.get_profile(name)
    return f"radontv: hypothesis profile {name} ({profile.max_examples} examples per property, derandomized)"
