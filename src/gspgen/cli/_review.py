"""CLI commands of the review stage: ``gspgen review serve|status|agreement|merge|export``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gspgen.cli._common import ConfigOption, JsonOption, console, output_option, print_json, settings_with
from gspgen.review.handoff import Target

review_app = typer.Typer(help="Expert review of generated descriptions.", no_args_is_help=True)

FileArg = Annotated[
    Path,
    typer.Argument(
        help="Generated descriptions (JSONL); the log is FILE.review.jsonl beside it.", exists=True
    ),
]
AdjudicatorOption = Annotated[
    str | None, typer.Option("--adjudicator", help="Reviewer whose decision wins disagreements.")
]


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


@review_app.command()
def serve(
    file: FileArg,
    reviewer: Annotated[str, typer.Option("--reviewer", help="Your name, recorded with every decision.")],
    port: Annotated[int | None, typer.Option("--port", help="Port on 127.0.0.1 (0 = any free port).")] = None,
    no_open: Annotated[bool, typer.Option("--no-open", help="Do not open a browser.")] = False,
    check_report: Annotated[
        Path | None, typer.Option("--check-report", help="gspgen check report: shows contradiction flags.")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Review FILE in a local web page, one gloss at a time (keyboard: ? for help)."""
    from gspgen.review.server import make_server, run_forever

    settings = settings_with({"review": {"port": port, "open_browser": False if no_open else None}}, config)
    server = make_server(file, reviewer, settings.review.host, settings.review.port, check_report)
    console.print(f"reviewing [bold]{file}[/] as [bold]{server.session.reviewer}[/] at {server.url}")
    console.print(f"decisions go to {server.session.log}; Ctrl+C stops")
    if server.session.flags_note:
        console.print(f"[yellow]{server.session.flags_note}[/]")
    run_forever(server, open_browser=settings.review.open_browser)


@review_app.command()
def status(
    file: FileArg,
    adjudicator: AdjudicatorOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Counts per status, per field kind and per reviewer."""
    from gspgen.review.progress import STATUSES
    from gspgen.review.progress import status as review_status

    settings = settings_with({"review": {"adjudicator": adjudicator}}, config)
    report = review_status(file, settings.review.adjudicator)
    if as_json:
        print_json(report)
        return
    table = Table(title=f"{file.name}: {report.records} glosses, {report.fields} fields")
    table.add_column("field kind")
    for name in STATUSES:
        table.add_column(name, justify="right")
    for kind, counts in [*report.by_kind.items(), ("all", report.by_status)]:
        table.add_row(kind, *(str(counts[s]) for s in STATUSES))
    console.print(table)
    people = Table(title="reviewers")
    for column in ("reviewer", "reviewed", "accepted", "edited", "rejected"):
        people.add_column(column, justify="left" if column == "reviewer" else "right")
    for p in report.reviewers:
        decided = (str(p.decisions.get(s, 0)) for s in ("accepted", "edited", "rejected"))
        people.add_row(p.reviewer, f"{p.reviewed} / {p.total}", *decided)
    console.print(people)


@review_app.command()
def agreement(file: FileArg, as_json: JsonOption = False) -> None:
    """Percent agreement, Cohen's κ (2 reviewers), Fleiss' κ (3+), Krippendorff's α, per field kind."""
    from gspgen.review.interrater import agreement as review_agreement

    report = review_agreement(file)
    if as_json:
        print_json(report)
        return
    table = Table(title=f"agreement between {', '.join(report.reviewers) or 'nobody yet'}")
    for column in ("field kind", "fields", "percent", "Cohen κ", "Fleiss κ", "Krippendorff α"):
        table.add_column(column, justify="left" if column == "field kind" else "right")
    for k in report.kinds:
        percent = "—" if k.percent is None else f"{100 * k.percent:.1f}%"
        table.add_row(
            k.kind,
            str(k.fields),
            percent,
            _number(k.cohen_kappa),
            _number(k.fleiss_kappa),
            _number(k.krippendorff_alpha),
        )
    console.print(table)


@review_app.command()
def merge(
    file: FileArg,
    output: Annotated[Path, output_option("Reviewed JSONL to write.")],
    adjudicator: AdjudicatorOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Apply the review: edits replace text, rejected fields are dropped; what the trainer reads."""
    from gspgen.review.consensus import merge as review_merge

    settings = settings_with({"review": {"adjudicator": adjudicator}}, config)
    report = review_merge(file, output, settings.review.adjudicator)
    if as_json:
        print_json(report)
        return
    counts = ", ".join(f"{n} {s}" for s, n in sorted(report.counts.items()))
    console.print(f"wrote {report.records} records to {output} ({counts})")
    if report.dropped_records:
        console.print(
            f"[yellow]left out (every global description rejected): classes {report.dropped_records}[/]"
        )


@review_app.command()
def export(
    file: FileArg,
    to: Annotated[Target, typer.Option("--to", help="The tool to hand the fields to.")],
    output: Annotated[Path, output_option("File (label-studio, argilla) or folder (gap).")],
    adjudicator: AdjudicatorOption = None,
    config: ConfigOption = None,
) -> None:
    """Export fields for Label Studio (tasks with predictions), Argilla (records with suggestions) or GAP."""
    from gspgen.review.handoff import export as review_export

    settings = settings_with({"review": {"adjudicator": adjudicator}}, config)
    for path in review_export(file, to, output, settings.review.adjudicator):
        console.print(f"wrote {path}")


def register(app: typer.Typer) -> None:
    """Add ``gspgen review ...`` to the main app."""
    app.add_typer(review_app, name="review")
