"""CLI commands of the describe stage: ``gspgen describe``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.markup import escape
from rich.table import Table

from gspgen.cli._common import (
    ConfigOption,
    JsonOption,
    LimitOption,
    VocabOption,
    console,
    err_console,
    language_option,
    output_option,
    print_json,
    settings_with,
)

if TYPE_CHECKING:
    from gspgen.describe.runner import RunSummary


def describe(
    vocab: VocabOption = None,
    output: Annotated[
        Path | None, output_option("JSONL to write (default: outputs/descriptions.jsonl).")
    ] = None,
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Only these glosses (repeat, or comma-separated).")
    ] = None,
    limit: LimitOption = None,
    id_column: Annotated[
        str | None, typer.Option("--id-column", help="Class-id column: name or 1-based.")
    ] = None,
    gloss_column: Annotated[
        list[str] | None, typer.Option("--gloss-column", help="Gloss column(s): name or 1-based; repeatable.")
    ] = None,
    concurrency: Annotated[
        int | None, typer.Option("--concurrency", min=1, help="Glosses in flight.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Regenerate glosses that are already complete.")
    ] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Retry glosses in *.failed.jsonl.")
    ] = False,
    language: Annotated[
        str | None,
        language_option(
            "The vocabulary's sign language, ISO 639-3 (csl, tsm, ase, …); overrides its own declaration."
        ),
    ] = None,
    cross_language: Annotated[
        bool | None,
        typer.Option(
            "--cross-language/--same-language",
            help="Let a gloss with no entry in its language use another sign language's entry (marked).",
        ),
    ] = None,
    no_retrieval: Annotated[
        bool, typer.Option("--no-retrieval", help="Ungrounded ablation: no dictionary retrieval.")
    ] = False,
    mode: Annotated[
        Literal["faithful", "paper"] | None,
        typer.Option(
            "--mode",
            help="faithful (default: facts from the coded lexicon, LLM rewordings gated by the checker) "
            "or paper (GSP-MC's four-step chain).",
        ),
    ] = None,
    max_total_tokens: Annotated[
        int | None, typer.Option("--max-total-tokens", min=1, help="Stop cleanly after this many tokens.")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help="OpenAI-compatible endpoint (default: embedded llama.cpp)."),
    ] = None,
    model: Annotated[str | None, typer.Option("--model", help="Model name at the endpoint.")] = None,
    regenerate_rejected: Annotated[
        Path | None,
        typer.Option(
            "--regenerate-rejected", help="Generated JSONL (or its review log): redo rejected fields."
        ),
    ] = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Generate grounded sign descriptions as JSONL: facts from the coded lexicon reworded and checked
    (faithful mode), or GSP-MC's P1 describe → P3 refine → P2 synonyms → P4 parts (--mode paper)."""
    from gspgen.describe.regenerate import regenerate_rejected as regenerate
    from gspgen.describe.runner import describe_vocab

    overrides = {
        "llm": {"base_url": base_url, "model": model, "concurrency": concurrency},
        "describe": {
            "max_total_tokens": max_total_tokens,
            "use_retrieval": False if no_retrieval else None,
            "cross_language": cross_language,
            "mode": mode,
        },
    }
    settings = settings_with(overrides, config)
    names = [g.strip() for item in only or [] for g in item.split(",") if g.strip()]
    if regenerate_rejected is not None:
        from gspgen.review import write_rejections_file

        _refuse_with_regenerate(
            vocab=vocab, id_column=id_column, gloss_column=gloss_column, force=force,
            retry_failed=retry_failed, language=language, cross_language=cross_language, mode=mode,
            no_retrieval=no_retrieval,
        )  # fmt: skip
        rejections = write_rejections_file(regenerate_rejected)
        summary = regenerate(
            settings, rejections, output=output, only=names, limit=limit, console=err_console
        )
    elif vocab is None:
        raise typer.BadParameter("give --vocab FILE (or --regenerate-rejected FILE)", param_hint="--vocab")
    else:
        summary = describe_vocab(
            settings, vocab, id_column=id_column, gloss_columns=gloss_column, only=names, limit=limit,
            language=language, output=output, force=force, retry_failed=retry_failed, console=err_console,
        )  # fmt: skip
    if as_json:
        print_json(summary)
    else:
        console.print(summary_table(summary))
    for warning in summary.warnings:
        err_console.print(f"[yellow]warning: {escape(warning)}[/]", soft_wrap=True, highlight=False)
    if summary.failed:
        err_console.print(f"[yellow]{summary.failed} failed; see {summary.failed_output} (--retry-failed)[/]")


def _refuse_with_regenerate(**given: object) -> None:
    """Regeneration redoes each record as it was made (its language, mode, retrieval): these flags would
    be ignored, so they are refused."""
    names = [f"--{name.replace('_', '-')}" for name, value in given.items() if value not in (None, False, [])]
    if names:
        raise typer.BadParameter(
            f"{', '.join(names)} cannot be combined with --regenerate-rejected (each record is redone as it "
            "was made; --only, --limit, -o and the endpoint flags apply)",
            param_hint="--regenerate-rejected",
        )


def summary_table(summary: RunSummary) -> Table:
    """The run summary: what was done, skipped, failed, and what it cost."""
    table = Table(title=f"describe → {summary.output}", show_header=False)
    rows = {
        "selected": summary.selected,
        "done": f"{summary.done} ({summary.cached} from cache)",
        "skipped (complete)": summary.skipped,
        "skipped (failed before)": summary.skipped_failed,
        "failed": summary.failed,
        "pending": summary.pending,
        "grounded / ungrounded / cross-language": (
            f"{summary.grounded} / {summary.ungrounded} / {summary.cross_language}"
        ),
        "LLM calls": summary.calls,
        "invalid replies (fallback texts)": summary.invalid_replies,
        "tokens (prompt + completion)": f"{summary.prompt_tokens} + {summary.completion_tokens}",
        "wall time": f"{summary.wall_s:.1f} s",
    }
    if summary.stopped:
        rows["stopped"] = summary.stopped
    for key, value in rows.items():
        table.add_row(key, str(value))
    return table


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the main app."""
    app.command()(describe)
