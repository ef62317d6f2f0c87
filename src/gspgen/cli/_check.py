"""CLI command of the check stage: ``gspgen check FILE.jsonl``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gspgen.cli._common import ConfigOption, JsonOption, console, output_option, print_json, settings_with

if TYPE_CHECKING:
    from gspgen.check.entrycheck import EntryCheckReport

_SHOWN = 10  # contradictions listed under the table


def check(
    file: Annotated[Path, typer.Argument(help="Description JSONL (one DescriptionRecord a line).")],
    lexicon: Annotated[
        Path | None,
        typer.Option(
            "--lexicon",
            help="Lexicon table (default: setting data.lexicon, the bundled ASL-LEX).",
            show_default=False,
        ),
    ] = None,
    synth_phonology: Annotated[
        Path | None,
        typer.Option(
            "--synth-phonology", help="Ground truth of a synthetic set (phonology.jsonl, by class id)."
        ),
    ] = None,
    vocabulary: Annotated[
        str | None,
        typer.Option(
            "--vocabulary", help="Claim vocabulary: language code or TOML/JSON file (default: ase)."
        ),
    ] = None,
    judge: Annotated[
        bool,
        typer.Option(
            "--judge",
            help="Also ask the LLM endpoint (settings llm.*) which values the texts state (extra recall).",
        ),
    ] = False,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Judge endpoint, OpenAI-compatible (default: llm.base_url, else the embedded model).",
        ),
    ] = None,
    model: Annotated[str | None, typer.Option("--model", help="Judge model name.")] = None,
    output: Annotated[Path | None, output_option("Report JSON (default: FILE.check.json).")] = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Score descriptions against the lexicon's coded phonology; flag contradicted fields."""
    from gspgen.check import run_check, summary_table, unsupported_table

    settings = settings_with({"llm": {"base_url": base_url, "model": model}}, config)
    target = output or file.with_suffix(".check.json")
    report = run_check(
        file,
        target,
        settings,
        lexicon=lexicon,
        synth_phonology=synth_phonology,
        vocabulary=vocabulary,
        judge=judge,
    )
    if as_json:
        print_json(report)
        return
    console.print(summary_table(report, "all"))
    console.print(unsupported_table(report, "all"))
    if "judge" in report.summary:
        console.print(summary_table(report, "judge"))
    flags = [(r.gloss, f.key, m) for r in report.records for f in r.fields for m in f.messages()]
    for gloss, key, message in flags[:_SHOWN]:
        console.print(f"[yellow]{gloss}[/] {key}: {message}", highlight=False)
    if len(flags) > _SHOWN:
        console.print(f"… and {len(flags) - _SHOWN} more findings", highlight=False)
    if report.entries is not None:  # records made from a free-text dictionary entry (CSL, TİD, ...)
        _entries(report.entries, str(file))
    unmatched = [g for g in report.unmatched if report.entries is None or g not in report.entries.checked]
    if unmatched:
        console.print(f"not in the lexicon (not scored): {', '.join(unmatched)}", highlight=False)
    unscored = [
        (r.gloss, f.key, m)
        for r in report.unscored
        for f in r.fields
        if f.kind != "primary"
        for m in f.messages()
    ]
    for gloss, key, message in unscored[:_SHOWN]:
        console.print(f"[yellow]{gloss}[/] {key} (not scored, for review): {message}", highlight=False)
    console.print(f"report: {target}", highlight=False)


def _entries(entries: EntryCheckReport, file: str) -> None:
    """The entry-grounded records' table and their first findings."""
    from gspgen.check.entrycheck import entry_findings, entry_table

    console.print(entry_table(entries, file))
    findings = entry_findings(entries)
    for gloss, key, finding in findings[:_SHOWN]:
        console.print(f"[yellow]{gloss}[/] {key}: {finding}", highlight=False)
    if len(findings) > _SHOWN:
        console.print(f"… and {len(findings) - _SHOWN} more findings against the entries", highlight=False)
    if entries.unreadable:
        console.print(
            f"entry language not readable (not scored): {', '.join(entries.unreadable)}", highlight=False
        )


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the main app."""
    app.command()(check)
