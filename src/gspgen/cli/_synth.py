"""CLI command of the synthetic generator."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `gspgen synth` to the main app (filled in by the synth stage)."""
