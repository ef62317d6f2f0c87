"""CLI commands of the describe stage."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the main app (filled in by the describe stage)."""
