"""Sphinx configuration of the radontv documentation site.

Build (warnings are errors)::

    sphinx-build -W -b html docs docs/_build/html

The walk-throughs and exercises are MyST-NB text notebooks, executed at build time (``nb_execution_mode = "force"``:
every page is run on every full build, so the printed output is that of the installed radontv, never a stale cache;
a failing cell fails the build).  ``-D nb_execution_mode=off`` builds the pages without running them (the fast path
of ``tests/test_docs_site.py``).  The catalog page ``generated/catalog.md`` is written at ``builder-inited`` by
``_ext/catalog_page.py`` (see there for where the verdicts come from: ``RADONTV_DOCS_REPORT``).

MathJax 3 (3.2.2, the npm package ``mathjax``, Apache-2.0, ``_static/mathjax/LICENSE``) is served from
``_static/mathjax``: the site renders its mathematics without a network connection (classrooms, CI, the headless
browser check).  Only the combined ``tex-chtml-full.js`` (every TeX extension built in: nothing is loaded on demand),
its woff-v2 fonts and the assistive-MathML component the menu loads by default are vendored.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sphinx.ext import napoleon

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
# The kernels inherit the environment: a non-interactive MPLBACKEND (Agg, set for tests or CI) would draw no picture.
os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"

project = "radontv"
author = "The radontv developers"
copyright = "the radontv developers"
try:
    from radontv import __version__ as release
except ImportError:  # pragma: no cover - the docs extra installs radontv itself
    release = "0.1.0"
version = release

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "sphinx_copybutton",
    "catalog_page",
]
# intersphinx is left out: it fetches the inventories over the network, and the build must work offline.

root_doc = "index"
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = [
    "_build",
    "jupyter_execute",
    "**/.ipynb_checkpoints",
    "img/*.py",
    "img/*.json",
    "examples/*",
    "_ext/*",
    "_static/*",
    "_templates/*",
]
templates_path = ["_templates"]

# --- MyST and MyST-NB -------------------------------------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
myst_dmath_double_inline = True
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 300  # per cell, seconds; a page's budget is 60 s (site13.md), this only stops a hung kernel
nb_execution_show_tb = True
nb_merge_streams = True
nb_render_markdown_format = "myst"  # Markdown outputs (show_derivation, show_check) with $$ math and tables
nb_kernel_rgx_aliases = {".*": "python3"}

# copy buttons copy the code, not the prompts of the docstrings' examples
copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True

# --- API reference ------------------------------------------------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = False
autodoc_default_options = {"members": True, "show-inheritance": False, "member-order": "bysource"}
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_preserve_defaults = True
autoclass_content = "both"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_ivar = True  # Attributes sections as fields: a property documented by autodoc is not described twice

# --- HTML -------------------------------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "radontv"
html_static_path = ["_static"]
html_theme_options = {
    "show_toc_level": 2,
    "header_links_before_dropdown": 7,  # the seven families; guides, course and reference under "More"
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version", "theme-version"],
}
html_show_sourcelink = True
html_css_files = ["radontv.css"]
# pages without subpages: no (empty) section navigation on the left, the width goes to the code and the tables
_LEAVES = ["index", "rescaling", "univariate", "training", "radon", "multivariate", "deep", "rates", "interop",
           "user-claims", "generated/catalog", "report-format", "conventions", "architecture"]
html_sidebars = {page: [] for page in _LEAVES}
html_last_updated_fmt = None

# MathJax 3 from the vendored copy (see the module docstring); mathjax3_config is left to Sphinx and MyST-NB.
mathjax_path = "mathjax/tex-chtml-full.js"


def _quiet_lexer_without_kernel(app, config) -> None:
    """With ``nb_execution_mode = "off"`` no kernel reports the cells' language; the pages' front matter names the
    kernel, not its language, and MyST-NB warns once per cell.  Executed builds take the lexer from the kernel."""
    if config.nb_execution_mode == "off":
        config.suppress_warnings = [*config.suppress_warnings, "myst-nb.lexer"]


def _napoleon_except_attributes(app, what, name, obj, options, lines) -> None:
    """Napoleon for everything but properties and attributes: on those it reads a first line "text: more text" as
    "type: description" (``AffineMap.matrix``, "The matrix from ...: :math:`W M ...`", showed "Type: The matrix")."""
    if what not in ("attribute", "property"):
        napoleon._process_docstring(app, what, name, obj, options, lines)


def setup(app) -> None:
    app.connect("config-inited", _quiet_lexer_without_kernel)
    for listener in list(app.events.listeners["autodoc-process-docstring"]):
        if listener.handler is napoleon._process_docstring:
            app.disconnect(listener.id)
    app.connect("autodoc-process-docstring", _napoleon_except_attributes)
