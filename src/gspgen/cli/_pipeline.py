"""``gspgen pipeline``: the whole main job on embedded defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gspgen.cli._common import ConfigOption, console, settings_with


def pipeline(
    glosses: Annotated[
        int | None, typer.Option(help="First N vocabulary glosses covered by the lexicon.")
    ] = None,
    vocab: Annotated[
        Path | None, typer.Option(help="Vocabulary (default: bundled WLASL class list).")
    ] = None,
    workdir: Annotated[
        Path | None, typer.Option(help="Where everything goes (default .gspgen/pipeline).")
    ] = None,
    epochs: Annotated[int | None, typer.Option(help="Training epochs (default: the preset's).")] = None,
    signers: Annotated[int | None, typer.Option(help="Synthetic signers.")] = None,
    repetitions: Annotated[int | None, typer.Option(help="Clips per class and signer.")] = None,
    config: ConfigOption = None,
) -> None:
    """Ingest the bundled corpus, describe, synthesize, train GSP-MC and CE-only, and report."""
    from gspgen.pipeline import run_pipeline

    settings = settings_with(
        {
            "pipeline": {
                "glosses": glosses,
                "vocab": vocab,
                "workdir": workdir,
                "signers": signers,
                "repetitions": repetitions,
            },
            "train": {"epochs": epochs},
        },
        config,
    )
    run_pipeline(settings, console)


def register(app: typer.Typer) -> None:
    app.command("pipeline")(pipeline)
