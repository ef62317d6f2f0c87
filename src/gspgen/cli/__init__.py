"""The ``gspgen`` command: a thin client over the stage packages.

Each command module parses flags, builds settings, calls one stage function and renders the result.
Heavy libraries (torch, chromadb) are imported inside the stage functions, so ``gspgen --help`` is fast.
"""

from __future__ import annotations

import sys

import typer

from gspgen import __version__
from gspgen.cli import _check, _corpus, _data, _describe, _pipeline, _recognize, _review, _synth, _train
from gspgen.cli._common import err_console
from gspgen.errors import GspgenError

RETIRED_FLAGS = {"--out": "--output"}  # still accepted, no longer shown in --help


def renamed_flags(args: list[str]) -> list[str]:
    """Every command writes to ``-o/--output``: ``--out X`` / ``--out=X`` become ``--output ...``.

    Nothing after ``--`` is touched.
    """
    end = args.index("--") if "--" in args else len(args)
    head = []
    for arg in args[:end]:
        name, eq, value = arg.partition("=")
        head.append(RETIRED_FLAGS.get(name, name) + eq + value if name.startswith("--") else arg)
    return head + args[end:]


app = typer.Typer(
    name="gspgen",
    help="Expert sign-language dictionaries to a text-supervised sign recognizer (GSP-MC).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gspgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """gspgen: ingest → describe → review → train/eval."""


for _module in (_corpus, _describe, _review, _data, _synth, _train, _recognize, _check, _pipeline):
    _module.register(app)


def main() -> None:
    """Console-script entry point: run the app, turning GspgenError into one line and exit code 1."""
    try:
        app(args=renamed_flags(sys.argv[1:]))
    except GspgenError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise SystemExit(1) from None
