"""``gspgen pipeline``: the whole main job on embedded defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gspgen.cli._common import (
    ConfigOption,
    JsonOption,
    LimitOption,
    SeedOption,
    VocabOption,
    console,
    err_console,
    print_json,
    settings_with,
)


def pipeline(
    limit: LimitOption = None,
    vocab: VocabOption = None,
    workdir: Annotated[
        Path | None, typer.Option(help="Where everything goes (default .gspgen/pipeline).")
    ] = None,
    epochs: Annotated[int | None, typer.Option(help="Training epochs (default: the preset's).")] = None,
    signers: Annotated[int | None, typer.Option(help="Synthetic signers.")] = None,
    repetitions: Annotated[int | None, typer.Option(help="Clips per class and signer.")] = None,
    seed: SeedOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Ingest the bundled corpus, describe the first --limit glosses of --vocab (default: the bundled WLASL
    list) that the lexicon covers, synthesize, train GSP-MC and CE-only, and report."""
    from gspgen.pipeline import run_pipeline

    settings = settings_with(
        {
            "pipeline": {
                "glosses": limit,
                "vocab": vocab,
                "workdir": workdir,
                "signers": signers,
                "repetitions": repetitions,
                "seed": seed,
            },
            "train": {"epochs": epochs},
        },
        config,
    )
    report = run_pipeline(settings, err_console if as_json else console)
    if as_json:
        print_json(report)


def register(app: typer.Typer) -> None:
    app.command("pipeline")(pipeline)
