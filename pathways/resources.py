"""Where the project's own files are: templates (with the theme overrides and fonts) and the base
MkDocs configuration.

An installed wheel carries them as package data (`pathways/templates/`, mapped from the top-level
`templates/` folder at build time); a checkout or an editable install reads the top-level folder.
Either way the current folder never matters: a build run anywhere uses the same trusted files.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGE = Path(str(files("pathways")))


def _shipped_or_checkout(name: str) -> Path:
    shipped = PACKAGE / name
    return shipped if shipped.is_dir() else PACKAGE.parent / name


TEMPLATES = _shipped_or_checkout("templates")
OVERRIDES = TEMPLATES / "overrides"
PRINT_TEMPLATES = TEMPLATES / "print"
BASE_CONFIG = PACKAGE / "mkdocs_base.yml"  # the guides' MkDocs configuration (see `baseconfig.py`)
