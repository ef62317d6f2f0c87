"""What gspgen ships (prompts, corpora, vocabularies) and where it keeps per-user caches.

The bundled folders live at the top of the source tree (``prompts/``, ``corpora/``, ``vocab/``), where
people edit them; a wheel carries copies inside the package (``gspgen/_bundled/``, see pyproject.toml),
so any install finds them, editable or not, from any working directory. Caches that do not belong to
one project (the embedded model, text embeddings) live in one per-user folder, as Hugging Face's do.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path
from typing import Literal

from gspgen.errors import ConfigError

Bundled = Literal["prompts", "corpora", "vocab"]
CACHE_ENV = "GSPGEN_CACHE_DIR"


def bundled_path(name: Bundled) -> Path:
    """The shipped folder ``name``: the wheel's copy when installed, else the source tree's."""
    packaged = Path(str(files("gspgen"))) / "_bundled" / name
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parents[2] / name
    if source.is_dir():
        return source
    raise ConfigError(f"gspgen's bundled '{name}' folder is missing from this install (looked in {packaged})")


def user_cache_dir() -> Path:
    """``$GSPGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/gspgen``, else ``~/.cache/gspgen``."""
    if override := os.environ.get(CACHE_ENV):
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base).expanduser() / "gspgen"
