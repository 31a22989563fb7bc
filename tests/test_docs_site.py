"""The documentation site builds without warnings, and its pages hold what the issue asks for.

``test_site_builds`` runs ``sphinx-build -W`` (warnings are errors) into a temporary directory with the notebooks'
execution off (``-D nb_execution_mode=off``): every page, the API reference generated from the docstrings and the
catalog page, in about half a minute.  The cells themselves run in ``tests/test_docs.py`` (per page, one namespace),
so together the two cover the README's full build (``sphinx-build -W -b html docs docs/_build/html``, which also
executes every page in a kernel: about 6 min on two cores) without paying for it twice in CI.  Set
``RADONTV_DOCS_FULL=1`` to run ``test_site_builds_executed``, the full build with execution, here too.

The catalog page's verdicts come from a report (``RADONTV_DOCS_REPORT``, ``docs/_ext/catalog_page.py``); the test
makes a small one (one family, no derivations) so that the build runs no full check.

The HTML is checked for math that did not become math: after removing code, scripts and MathJax's math elements
(``span.math``/``div.math``, typeset in the browser by the vendored MathJax 3), no ``$$``, ``$\\``, ``\\(`` or
``\\[`` may be left in a page's text.  Where Chromium is installed (not in CI), ``test_math_renders_in_a_browser``
also lets the vendored MathJax typeset a few pages offline and checks that every math element rendered, without a
TeX error or an undefined macro.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS / "_ext"))

import catalog_page  # noqa: E402
import radontv_docs  # noqa: E402

from radontv.catalog import CATALOG, FAMILIES, get  # noqa: E402
from radontv.evidence import CheckResult, Verdict  # noqa: E402

FAMILY_PAGES = [*FAMILIES, "interop", "user-claims", "conventions", "architecture"]
MATH_ELEMENT = re.compile(r'<(span|div) class="math notranslate nohighlight">.*?</\1>', re.S)
NOT_TEXT = re.compile(r"<(script|style|pre|code|textarea)\b.*?</\1>", re.S)
RAW_MATH = re.compile(r"\$\$|\$\\|\\\(|\\\[")


def _report(tmp_path: Path) -> Path:
    """A small check report: the rescaling family's numeric checks, one example each."""
    done = subprocess.run([sys.executable, "-m", "radontv.cli", "check", "--json", "--no-derive", "--examples", "1",
                           "rescaling"], capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    path = tmp_path / "report.json"
    path.write_text(done.stdout, encoding="utf-8")
    return path


def _build(tmp_path: Path, *extra: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Build a copy of docs/ (the build writes generated/ and api/generated/ into its source tree: in the copy, two
    builds at once, e.g. under pytest -n 2, never share those files, and the checkout stays as it is)."""
    src = tmp_path / "docs"
    shutil.copytree(DOCS, src, ignore=shutil.ignore_patterns("_build", "jupyter_execute", "generated", "__pycache__"))
    out = tmp_path / "html"
    env = {**os.environ, catalog_page.REPORT_ENV: str(_report(tmp_path)), "MPLBACKEND": "Agg"}  # conf.py overrides
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", "-d", str(tmp_path / "doctrees"),
         *extra, str(src), str(out)],
        capture_output=True, text=True, env=env, check=False, cwd=tmp_path,
    )
    return out, done


def leftover_math(html: str) -> list[str]:
    """Raw TeX delimiters in a page's text (outside code, scripts and MathJax's math elements)."""
    text = MATH_ELEMENT.sub("", NOT_TEXT.sub("", html))
    return [text[max(0, m.start() - 40):m.end() + 40] for m in RAW_MATH.finditer(text)]


def _check_site(out: Path) -> None:
    pages = {"index", *FAMILY_PAGES, "generated/catalog", "api/index", "exercises/index",
             *(f"exercises/{family}" for family in FAMILIES)}
    for page in sorted(pages):
        assert (out / f"{page}.html").is_file(), f"{page}.html missing"
    for html in sorted(out.rglob("*.html")):
        if "_modules" in html.parts or html.name in ("genindex.html", "search.html", "py-modindex.html"):
            continue
        text = html.read_text(encoding="utf-8")
        assert not leftover_math(text), f"{html.relative_to(out)}: raw TeX left: {leftover_math(text)[:3]}"
        if 'class="math' in text:  # MathJax, the vendored copy, is loaded where there is math
            assert "_static/mathjax/tex-chtml-full.js" in text, html
    assert (out / "_static/mathjax/tex-chtml-full.js").is_file()
    assert (out / "_static/mathjax/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff").is_file()

    network = (out / "api/generated/radontv.ReLUNetwork.html").read_text(encoding="utf-8")
    assert 'id="radontv.ReLUNetwork.path_norm"' in network
    assert r'<span class="math notranslate nohighlight">\(\sum_k \|v_k\|_2\,\|w_k\|_2\)</span>' in network

    catalog = (out / "generated/catalog.html").read_text(encoding="utf-8")
    for claim in CATALOG:
        assert claim.id in catalog, f"{claim.id} missing from the catalog page"
    assert "not checked in this build" in catalog  # the small report covers one family only
    assert "Parhi" in catalog  # source keys expanded


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The site built once with execution off (shared by the build test and the browser test)."""
    tmp_path = tmp_path_factory.mktemp("site")
    out, done = _build(tmp_path, "-D", "nb_execution_mode=off")
    assert done.returncode == 0, f"sphinx-build -W failed:\n{done.stderr[-6000:]}"
    return out


def test_site_builds(site):
    _check_site(site)


BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")


def typeset(page: Path) -> str:
    """The page's DOM after MathJax ran in headless Chromium (offline: the vendored MathJax)."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--virtual-time-budget=20000", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, check=False, timeout=120,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(BROWSER is None, reason="no chromium (apt-get install chromium) for the rendering check")
def test_math_renders_in_a_browser(site):
    """Every math element of a page is typeset by MathJax, with no TeX error (``mjx-merror``) and no undefined macro
    (MathJax draws those in red).  Negative control: a page with an undefined macro is caught."""
    pages = ["rescaling", "multivariate", "generated/catalog", "api/generated/radontv.ReLUNetwork"]
    for page in pages:
        html = site / f"{page}.html"
        dom = typeset(html)
        expected = html.read_text(encoding="utf-8").count('class="math notranslate nohighlight"')
        assert expected > 0 and dom.count("<mjx-container") == expected, page
        assert "<mjx-merror" not in dom and not re.search(r"<mjx-[a-z]+ [^>]*color: red", dom), page
    bad = site / "zz_negative_control.html"
    bad.write_text('<html><head><script defer src="_static/mathjax/tex-chtml-full.js"></script></head><body>'
                   r'<span class="math notranslate nohighlight">\(\notamacro + 1\)</span></body></html>')
    assert re.search(r"<mjx-[a-z]+ [^>]*color: red", typeset(bad))


@pytest.mark.skipif(not os.environ.get("RADONTV_DOCS_FULL"), reason="the full executed build: RADONTV_DOCS_FULL=1")
def test_site_builds_executed(tmp_path):
    out, done = _build(tmp_path)
    assert done.returncode == 0, f"sphinx-build -W failed:\n{done.stderr[-6000:]}"
    _check_site(out)
    for page in FAMILIES:  # executed: output and a picture drawn by a cell (conf.py keeps the inline backend)
        html = (out / f"{page}.html").read_text(encoding="utf-8")
        assert 'class="cell_output' in html and '<img alt="_images/' in html, page


# -- the page helpers (docs/_ext/radontv_docs.py) and the catalog page (docs/_ext/catalog_page.py) ----------------
def test_derivation_is_rendered_from_its_latex():
    derivation = get("rescaling.balance").load_derivation()()
    markdown = radontv_docs.derivation_markdown(derivation)
    steps = radontv_docs.latex_steps(derivation.latex())
    assert len(steps) == len(derivation.steps) > 0
    for _, body in steps:  # every expression verbatim from `radontv derive ID --latex`
        assert body in markdown
    assert f"**Derivation of `rescaling.balance`: {derivation.verdict.value}**" in markdown


def test_markdown_escape_keeps_math():
    assert radontv_docs.markdown_escape(r"a*b |x| $\|w\|_2 * 2$ c_d") == r"a\*b \|x\| $\|w\|_2 * 2$ c\_d"
    assert radontv_docs.markdown_escape("costs $5") == r"costs \$5"  # an unpaired dollar is text


def test_check_table_and_refusal():
    good = CheckResult("x.y", Verdict.CONSISTENT, residual=1e-40, digits=39.5, dps=50, instances=3, route="a|b")
    table = radontv_docs.check_markdown(good)
    assert table.splitlines()[2:4] == ["| verdict | **consistent** |", "|---|---|"]
    assert "| digits of agreement | 39.5 |" in table
    assert r"a\|b" in table  # a cell's | does not split the table
    radontv_docs._expect(Verdict.CONSISTENT, None, "check")
    radontv_docs._expect(Verdict.UNDETERMINED, None, "check")
    # negative control: a refuted claim fails the cell (and the build), unless the page expects it
    with pytest.raises(AssertionError, match="refuted"):
        radontv_docs._expect(Verdict.REFUTED, None, "check")
    radontv_docs._expect(Verdict.REFUTED, "refuted", "check")
    with pytest.raises(AssertionError, match="expects refuted"):
        radontv_docs._expect(Verdict.CONSISTENT, "refuted", "check")


def test_catalog_page_lists_every_claim_with_its_verdict():
    claim = CATALOG[0]
    report = {"radontv": "0", "created": "now", "settings": {"examples": 1, "seed": 0, "derivation": False},
              "claims": [{"id": claim.id, "verdict": "consistent", "evidence": [
                  {"kind": "numeric", "verdict": "consistent", "instances": 4, "digits": 30.0, "message": "m"}]}]}
    page = catalog_page.catalog_markdown(report, "from a test")
    assert page.count("\n### `") == len(CATALOG)
    section = page.split(f"### `{claim.id}`", 1)[1].split("\n### ", 1)[0]
    assert "- verdict: **consistent**" in section and "digits of agreement 30.0" in section
    assert f"$$\n{claim.statement}\n$$" in section
    others = page.split(f"### `{claim.id}`", 1)[1].split("\n### ", 1)[1]
    assert "not checked in this build's report" in others
    assert "without the sympy derivations, examples: 1" in page


def test_catalog_report_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"claims": []}), encoding="utf-8")
    monkeypatch.setenv(catalog_page.REPORT_ENV, str(path))
    report, origin = catalog_page.load_report()
    assert report == {"claims": []} and catalog_page.REPORT_ENV in origin


def test_catalog_report_run_by_the_build(monkeypatch):
    monkeypatch.delenv(catalog_page.REPORT_ENV, raising=False)
    monkeypatch.setattr(catalog_page, "DEFAULT_COMMAND", ("check", "--json", "--no-derive", "--examples", "1",
                                                          "rescaling.homogeneity"))
    report, origin = catalog_page.load_report()
    assert [c["id"] for c in report["claims"]] == ["rescaling.homogeneity"] and "run by this build" in origin
