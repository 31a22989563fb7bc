"""Users' property tests just work (issue 12 §2): radontv's pytest plugin and the strategies under hypothesis' own
settings.

Real pytest runs in a subprocess (the venv's python, ``-p no:cacheprovider``) on a user's suite in a temporary
directory with no conftest:

* stock settings (no radontv profile, hypothesis' 200 ms deadline and health checks): radontv's README properties
  pass, while two negative controls fail — a false property, with its falsifying example (the plugin swallows no
  failure), and a test that pays a one-time cost of 0.5 s in its first example, with the deadline (so the stock
  deadline really is in force: before the strategies loaded sympy when built, ``path_norm()`` paid 0.6–0.9 s on its
  first call in exactly this way);
* ``--radontv-profile=deep`` in a pytest-xdist worker loads ``radontv-deep`` (10,000 examples, derandomized);
* the ini setting ``radontv_profile`` loads the profile too, ``--hypothesis-profile=radontv-deep`` finds the named
  profile and wins over the ini setting; an unknown profile name is a usage error.

Each pytest start costs seconds: five pytest runs in all (and two bare interpreters).  The environment variables by
which hypothesis detects a CI service (and then loads its ``ci`` profile, without a deadline) are removed, so that
the runs see the settings of a user's machine.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from radontv import InvalidInput
from radontv.testing import assert_same_function, scaled_examples
from radontv.testing.profiles import DEEP_EXAMPLES, DEFAULT_EXAMPLES, PROFILES, load_profile, register_named_profiles
from radontv.testing.strategies import MIN_FLOAT_MAGNITUDE, datasets, relu_networks, scalars

#: Variables by which hypothesis (``hypothesis._settings.is_in_ci``) decides to load its ``ci`` profile.
CI_VARIABLES = ("CI", "__TOX_ENVIRONMENT_VARIABLE_ORIGINAL_CI", "TF_BUILD", "bamboo.buildKey", "BUILDKITE", "CIRCLECI",
                "CIRRUS_CI", "CODEBUILD_BUILD_ID", "GITHUB_ACTIONS", "GITLAB_CI", "HEROKU_TEST_RUN_ID",
                "TEAMCITY_VERSION")

USER_SUITE = '''
"""A user's own suite: radontv's public strategies and functions, no conftest."""
import json
import os
import re
import sys
import time
from pathlib import Path

from hypothesis import given, settings

from radontv import canonical, rtv2
from radontv.testing import assert_same_function
from radontv.testing.strategies import _FIRST_USE, positive_scales, relu_networks


@given(relu_networks(max_dim=3))
def test_rtv2_is_at_most_the_path_norm_which_is_at_most_weight_decay(net):
    path_norm = net.path_norm()
    assert rtv2(net) <= path_norm <= net.weight_decay()


@given(relu_networks(max_dim=3, coincident=True, antipodal=True), positive_scales())
def test_rescaling_keeps_the_function(net, alpha):  # the README's example
    assert_same_function(net.rescale(alpha), net)


@given(relu_networks(max_dim=3, arithmetic="float", zero_neurons=True))
def test_balancing_and_merging_keep_the_function(net):
    assert_same_function(net.balanced(), net)
    assert_same_function(canonical(net).network(), net)


@given(relu_networks(max_dim=2))
def test_false_weight_decay_is_at_most_the_path_norm(net):
    assert net.weight_decay() <= net.path_norm()  # false: AM-GM goes the other way, equal only when balanced


_calls = []


@given(relu_networks(max_dim=1))
def test_control_first_call_pays_half_a_second(net):
    if not _calls:
        time.sleep(0.5)  # a one-time cost in the first example, as a lazy import of sympy used to be
    _calls.append(net)


def test_record_settings():
    s = settings.default
    record = {"max_examples": s.max_examples, "derandomize": s.derandomize,
              "deadline_ms": None if s.deadline is None else s.deadline.total_seconds() * 1000,
              "profile": settings.get_current_profile_name(), "worker": os.environ.get("PYTEST_XDIST_WORKER"),
              "first_use_loaded": all(m in sys.modules for m in _FIRST_USE)}
    Path(__file__).with_name("settings.json").write_text(json.dumps(record))
'''


def _pytest(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pytest on the user's suite in ``tmp_path`` (written once), in a fresh interpreter, outside any CI profile."""
    suite = tmp_path / "test_user.py"
    if not suite.exists():
        suite.write_text(USER_SUITE)
    env = {k: v for k, v in os.environ.items()
           if k not in CI_VARIABLES and not k.startswith(("PYTEST_", "HYPOTHESIS"))}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", *args, "test_user.py"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)


def _outcomes(run: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """{test name: PASSED/FAILED/ERROR} from the short summary of ``-rA``."""
    result = {}
    for line in run.stdout.splitlines():
        word, _, rest = line.partition(" ")
        if word in ("PASSED", "FAILED", "ERROR") and "::" in rest:
            result[rest.split("::")[1].split(" ")[0]] = word
    return result


def _recorded(tmp_path: Path) -> dict[str, object]:
    return json.loads((tmp_path / "settings.json").read_text())


# -- subprocess runs ---------------------------------------------------------------------------------------------------
def test_a_users_suite_passes_under_stock_settings_and_still_fails_what_is_false(tmp_path):
    run = _pytest(tmp_path)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out  # 1: tests failed (the two negative controls), not a usage or internal error
    assert _outcomes(run) == {
        "test_rtv2_is_at_most_the_path_norm_which_is_at_most_weight_decay": "PASSED",
        "test_rescaling_keeps_the_function": "PASSED",
        "test_balancing_and_merging_keep_the_function": "PASSED",
        "test_false_weight_decay_is_at_most_the_path_norm": "FAILED",
        "test_control_first_call_pays_half_a_second": "FAILED",
        "test_record_settings": "PASSED",
    }, out
    # the falsifying example is shown (hypothesis >= 6.1xx says "Failing test case", older "Falsifying example")
    assert re.search(r"(Falsifying example|Failing test case): test_false_weight_decay_is_at_most_the_path_norm\(",
                     out) and "net=ReLUNetwork(W=" in out, out
    assert "exceeds the deadline of 200.00ms" in out  # the control failed by the stock deadline, nothing else
    assert _recorded(tmp_path) == {"max_examples": 100, "derandomize": False, "deadline_ms": 200.0,
                                   "profile": "default", "worker": None, "first_use_loaded": True}


def test_radontv_profile_deep_is_loaded_in_xdist_workers(tmp_path):
    run = _pytest(tmp_path, "-n", "1", "--radontv-profile=deep", "-k", "record")
    assert run.returncode == 0, run.stdout + run.stderr
    assert _recorded(tmp_path) == {"max_examples": DEEP_EXAMPLES, "derandomize": True, "deadline_ms": None,
                                   "profile": "radontv-deep", "worker": "gw0", "first_use_loaded": True}


def test_the_ini_setting_loads_a_profile_and_the_header_names_it(tmp_path):
    run = _pytest(tmp_path, "-o", "radontv_profile=default", "-k", "record")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "radontv: hypothesis profile radontv-default (200 examples per property, derandomized)" in run.stdout
    assert _recorded(tmp_path)["max_examples"] == DEFAULT_EXAMPLES
    assert _recorded(tmp_path)["profile"] == "radontv-default"


def test_hypothesis_profile_option_finds_the_named_profiles_and_wins_over_the_ini_setting(tmp_path):
    run = _pytest(tmp_path, "-o", "radontv_profile=default", "--hypothesis-profile=radontv-deep", "-k", "record")
    assert run.returncode == 0, run.stdout + run.stderr
    assert _recorded(tmp_path)["profile"] == "radontv-deep" and _recorded(tmp_path)["max_examples"] == DEEP_EXAMPLES
    assert "radontv: hypothesis profile" not in run.stdout  # the plugin loaded nothing itself


def test_an_unknown_profile_is_a_usage_error(tmp_path):
    run = _pytest(tmp_path, "--radontv-profile=wide")
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, run.stdout + run.stderr
    assert "invalid choice: 'wide'" in run.stderr and "'default', 'deep'" in run.stderr
    assert not (tmp_path / "settings.json").exists()  # nothing ran


HEAVY = ("hypothesis", "numpy", "sympy", "radontv.network", "radontv.testing.profiles")


def _loaded_after(code: str) -> list[str]:
    """Which of :data:`HEAVY` a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()


def test_loading_the_plugin_loads_nothing_heavy():
    # pytest imports the plugin in every suite of an environment with radontv installed
    assert _loaded_after("import radontv.testing.pytest_plugin") == []
    # control: the probe sees them once the public testing names are used
    loaded = _loaded_after("from radontv.testing import assert_same_function, scaled_examples")
    assert set(loaded) == {"hypothesis", "numpy", "radontv.network", "radontv.testing.profiles"}


# -- the profiles, in this process ----------------------------------------------------------------------------------
def test_named_profiles_leave_hypothesis_default_profile_alone():
    before = settings.get_profile("default")
    register_named_profiles()
    assert settings.get_profile("default") is before
    deep = settings.get_profile(PROFILES["deep"])
    assert (deep.max_examples, deep.derandomize, deep.deadline, deep.database) == (DEEP_EXAMPLES, True, None, None)
    assert HealthCheck.too_slow in deep.suppress_health_check
    assert settings.get_profile(PROFILES["default"]).max_examples == DEFAULT_EXAMPLES


def test_load_profile_rejects_unknown_names():
    with pytest.raises(InvalidInput, match=r"'wide'.*default, deep"):
        load_profile("wide")


# -- the float strategy stays clear of underflow ----------------------------------------------------------------------
@given(x=scalars(arithmetic="float"))
def test_float_draws_are_zero_or_not_tiny(x):
    assert x == 0 or MIN_FLOAT_MAGNITUDE <= abs(x) <= 8


def test_unflushed_floats_do_draw_tiny_values():
    # negative control: hypothesis' own floats in the same range do reach the magnitudes flushed to 0
    tiny = find(st.floats(-8, 8, allow_nan=False, allow_subnormal=False), lambda x: 0 < abs(x) < MIN_FLOAT_MAGNITUDE,
                settings=settings(database=None, max_examples=1000))
    assert 0 < abs(tiny) < MIN_FLOAT_MAGNITUDE


@given(net=relu_networks(max_dim=3, arithmetic="float"))
def test_balancing_a_float_network_keeps_the_function(net):
    # failed under stock settings before the floor: W = [[1]], b = [2.35e-207], v = [2.10e-227] balances to a
    # subnormal bias (1.08e-320) whose rounding moves the kink
    assert_same_function(net.balanced(), net)


# -- distinct data sets near the number of distinct points: drawn without rejection ---------------------------------
def _rationals_up_to(magnitude: int, max_denominator: int) -> set[Fraction]:
    """p/q in lowest terms with q <= max_denominator and |p/q| <= magnitude, by gcd (independent of the strategy)."""
    return {Fraction(p, q) for q in range(1, max_denominator + 1) for p in range(-magnitude * q, magnitude * q + 1)
            if math.gcd(p, q) == 1}


@given(data=datasets(dim=1, min_size=45, max_size=45, max_magnitude=1))
@settings(max_examples=scaled_examples(0.05), suppress_health_check=(), deadline=timedelta(milliseconds=200))
def test_all_distinct_points_can_be_asked_for_under_health_checks(data):
    # 45 = 1 + 2 * (phi(1) + ... + phi(8)) = 1 + 2 * 22 values in [-1, 1]; rejecting repeats (coupon collector)
    # failed hypothesis' too_slow check from about 40 rows on
    X, _ = data
    assert len(_rationals_up_to(1, 8)) == 45
    assert set(X[:, 0]) == _rationals_up_to(1, 8)


@pytest.mark.parametrize(("kwargs", "count"), [
    ({"dim": 1, "min_size": 46, "max_size": 50, "max_magnitude": 1}, 45),
    ({"dim": 2, "min_size": 45 * 45 + 1, "max_size": 45 * 45 + 1, "max_magnitude": 1}, 45 * 45),
    ({"dim": 1, "min_size": 34, "max_size": 40, "max_magnitude": 1, "arithmetic": "mp"}, 33),  # n/16, |n| <= 16
], ids=["exact", "exact-2d", "mp"])
def test_more_distinct_rows_than_exist_is_an_invalid_argument(kwargs, count):
    with pytest.raises(InvalidArgument, match=rf"only {count} exist"):
        datasets(**kwargs)
    datasets(**{**kwargs, "min_size": count})  # control: exactly as many as exist is fine
    datasets(**{**kwargs, "distinct": False})  # and so are repeated rows
