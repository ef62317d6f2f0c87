"""What every command shares: consoles and the settings loader with flag overrides."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from gspgen.config import Settings, load_settings

console = Console()
err_console = Console(stderr=True)

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (default: ./gspgen.toml).", show_default=False),
]


def settings_with(overrides: dict[str, Any] | None = None, config: Path | None = None) -> Settings:
    """Settings from gspgen.toml (or ``--config``) < GSPGEN_* env < these flag overrides (None = not given)."""
    return load_settings(overrides, config)
