"""Sphinx configuration of mesongo's documentation: `python -m sphinx -W -n docs build/docs`."""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "mesongo"
author = "the mesongo developers"
copyright = "2026, the mesongo developers"

# mesongo_docs (docs/_ext/): the reference rendered from the code (kwargs.FUNCTIONS, the CLI parser).
extensions = ["myst_parser", "mesongo_docs"]
source_suffix = {".md": "markdown"}
myst_heading_anchors = 3
# The pages are full of --options, quotes and apostrophes of code: print them as written.
smartquotes = False
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "mesongo"
# Internal references are checked: a missing target is a warning, and the build runs with -W.
nitpicky = True
