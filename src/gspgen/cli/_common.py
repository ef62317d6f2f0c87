"""What every command shares: consoles, the settings loader with flag overrides, and the options that mean
the same thing on every command (declared once here, so ``-o`` or ``--limit`` cannot drift apart)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import TypeAdapter
from rich.console import Console

from gspgen.config import Settings, load_settings

console = Console()
err_console = Console(stderr=True)

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (default: ./gspgen.toml).", show_default=False),
]
VocabOption = Annotated[
    Path | None,
    typer.Option(
        "--vocab",
        help="Class list: plain text (one gloss a line) or TSV/CSV with id + gloss columns.",
        show_default=False,
    ),
]
LimitOption = Annotated[
    int | None, typer.Option("--limit", min=1, help="Only the first N classes.", show_default=False)
]
SeedOption = Annotated[
    int | None,
    typer.Option("--seed", help="Random seed: the same seed, the same result.", show_default=False),
]
JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Print the result as JSON on stdout (progress and warnings go to stderr)."),
]
TopOption = Annotated[int, typer.Option("-k", "--top", min=1, help="How many results to list.")]


def output_option(help: str) -> Any:
    """``-o/--output``: every command that writes a file or folder names it this way."""
    return typer.Option("-o", "--output", help=help, show_default=False)


def language_option(help: str) -> Any:
    """``--language``: a sign language as an ISO 639-3 code (csl, tsm, ase, ...)."""
    return typer.Option("--language", help=help, show_default=False)


def settings_with(overrides: dict[str, Any] | None = None, config: Path | None = None) -> Settings:
    """Settings from gspgen.toml (or ``--config``) < GSPGEN_* env < these flag overrides (None = not given)."""
    return load_settings(overrides, config)


def print_json(result: Any) -> None:
    """``--json``: a command's result (a pydantic model, or a list of them) as JSON on stdout."""
    typer.echo(TypeAdapter(Any).dump_json(result, indent=2).decode())


def progress_console(as_json: bool) -> Console:
    """Where progress goes: stderr when stdout carries JSON."""
    return err_console if as_json else console
