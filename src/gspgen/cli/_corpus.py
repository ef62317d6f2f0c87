"""CLI commands of the corpus stage: ``gspgen ingest`` and ``gspgen search``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from gspgen.cli._common import (
    ConfigOption,
    JsonOption,
    TopOption,
    console,
    err_console,
    language_option,
    print_json,
    settings_with,
)
from gspgen.config import bundled_path

StoreOption = Annotated[
    Path | None, typer.Option("--store", help="Store folder (default: .gspgen/store).", show_default=False)
]
ChromaUrlOption = Annotated[
    str | None,
    typer.Option(
        "--chroma-url",
        help="Use a Chroma server (http://host:port) instead of the folder.",
        show_default=False,
    ),
]
_EXCERPT = 160


def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders (PDF, txt, md, CSV/TSV, JSON/JSONL). Default: the bundled corpora/."
        ),
    ] = None,
    prune: Annotated[
        bool, typer.Option("--prune", help="Remove documents of files no longer present.")
    ] = False,
    language: Annotated[
        str | None,
        language_option(
            "ISO 639-3 sign language (csl, tsm, gsg, ase, ...) of files that declare none "
            "(no lexicon adapter or gspgen-corpus.toml says otherwise)."
        ),
    ] = None,
    store: StoreOption = None,
    chroma_url: ChromaUrlOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Load dictionaries, embed what changed, and upsert it into the store."""
    from gspgen.corpus.ingest_report import (
        kept_declared_note,
        language_table,
        summary_table,
        undeclared_warning,
    )
    from gspgen.corpus.ingestion import ingest as run_ingest

    settings = settings_with({"corpus": {"store_dir": store, "chroma_url": chroma_url}}, config)
    report = run_ingest(
        paths or [bundled_path("corpora")],
        settings.corpus,
        prune=prune,
        language=language,
        console=err_console,
    )
    if as_json:
        print_json(report)
    else:
        console.print(summary_table(report))
        if report.languages:
            console.print(language_table(report))
    for path, declared in report.kept_declared.items():
        note = kept_declared_note(path, declared, language or "")
        err_console.print(f"[bold]note:[/] {escape(note)}", highlight=False, soft_wrap=True)
    for path in report.undeclared:
        err_console.print(
            f"[bold yellow]warning:[/] {escape(undeclared_warning(path))}", highlight=False, soft_wrap=True
        )
    if report.embedder_warning:
        warning = escape(report.embedder_warning)
        err_console.print(f"[bold yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    for failure in report.failures:
        err_console.print(
            f"[bold red]failed:[/] {escape(failure.path)}: {escape(failure.reason)}",
            highlight=False,
            soft_wrap=True,
        )
    if not report.ok:
        raise typer.Exit(1)


def search(
    query: Annotated[
        str, typer.Argument(help="What to look for, e.g. a gloss or 'flat hand taps the chin'.")
    ],
    gloss: Annotated[str | None, typer.Option("--gloss", help="Only entries with this headword.")] = None,
    k: TopOption = 5,
    language: Annotated[
        str | None, language_option("Only documents of this sign language (ISO 639-3).")
    ] = None,
    store: StoreOption = None,
    chroma_url: ChromaUrlOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Show the top hits the describer would see for a query."""
    from gspgen.corpus.store import open_store

    settings = settings_with({"corpus": {"store_dir": store, "chroma_url": chroma_url}}, config)
    hits = open_store(settings.corpus).search(query, k, gloss=gloss, language=language)
    if as_json:
        print_json(hits)
        return
    table = Table(title=Text(f"{query!r}: {len(hits)} hits"))
    for column in ("#", "score", "kind", "gloss", "lang", "source", "page/row", "text"):
        table.add_column(column, overflow="fold")
    for rank, hit in enumerate(hits, start=1):
        place = f"p. {hit.page}" if hit.page else (f"row {hit.row}" if hit.row else "")
        excerpt = hit.text if len(hit.text) <= _EXCERPT else hit.text[: _EXCERPT - 1] + "…"
        row = (
            str(rank),
            f"{hit.score:.3f}",
            hit.kind,
            hit.gloss or "",
            hit.language or "",
            hit.source,
            place,
        )
        table.add_row(*(Text(cell) for cell in (*row, excerpt)))  # Text: "抹布 [rag]" is not markup
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the main app."""
    app.command()(ingest)
    app.command()(search)
