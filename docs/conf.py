"""Sphinx configuration for caspian-sim (built with -W: warnings fail the build)."""

project = "caspian-sim"
author = "caspian-sim developers"
copyright = "2026, caspian-sim developers"
extensions = ["sphinx.ext.autodoc", "sphinx.ext.autosummary", "sphinx.ext.napoleon", "sphinx.ext.mathjax"]
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
