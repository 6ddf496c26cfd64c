"""Sphinx configuration for caspian-sim (built with -W: warnings fail the build)."""

project = "caspian-sim"
author = "caspian-sim developers"
copyright = "2026, caspian-sim developers"
import shutil
from pathlib import Path

extensions = ["sphinx.ext.autodoc", "sphinx.ext.autosummary", "sphinx.ext.napoleon", "sphinx.ext.mathjax", "myst_nb"]

# The topic notebooks (notebooks/, executed by the test suite with their outputs stored) are
# rendered as pages: copied beside the docs at build time, shown with their stored outputs.
_HERE = Path(__file__).resolve().parent
(_HERE / "notebooks").mkdir(exist_ok=True)
for _nb in sorted((_HERE.parent / "notebooks").glob("*.ipynb")):
    shutil.copyfile(_nb, _HERE / "notebooks" / _nb.name)
nb_execution_mode = "off"
source_suffix = {".rst": "restructuredtext", ".ipynb": "myst-nb"}
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_rtype = False
napoleon_use_ivar = True
autodoc_default_options = {"members": True, "undoc-members": False}
autodoc_typehints = "none"
autosummary_generate = False
exclude_patterns = ["_build", "img"]
html_theme = "alabaster"
suppress_warnings = ["ref.ref", "ref.citation", "ref.footnote"]
nitpicky = False
