"""CLI command of the synthetic generator: ``gspgen synth``."""

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
    output_option,
    print_json,
    progress_console,
    settings_with,
)


def _frames(value: str) -> tuple[int, int]:
    from gspgen.errors import ConfigError

    low, sep, high = value.partition(":")
    if not sep or not low.strip().isdigit() or not high.strip().isdigit():
        raise ConfigError(f"expected MIN:MAX frame counts, got {value!r}", where="--frames")
    return int(low), int(high)


def synth(
    out: Annotated[Path, output_option("Dataset directory to write.")],
    limit: LimitOption = None,
    signers: Annotated[int, typer.Option(help="Number of signers (split ~70/15/15, disjoint).")] = 10,
    repetitions: Annotated[int, typer.Option(help="Clips per class and signer.")] = 3,
    lexicon: Annotated[
        Path | None, typer.Option(help="Lexicon CSV (default: settings data.lexicon, bundled ASL-LEX).")
    ] = None,
    vocab: VocabOption = None,
    seed: SeedOption = None,
    frames: Annotated[str, typer.Option(help="Clip length range MIN:MAX at 30 fps.")] = "40:120",
    workers: Annotated[int, typer.Option(help="Rendering processes (0 = one per CPU core).")] = 0,
    unseen_classes: Annotated[
        int,
        typer.Option(help="Zero-shot split: N classes with test-signer clips only, described like the rest."),
    ] = 0,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing dataset.")] = False,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Render signs from a phonological lexicon into a skeleton dataset with ground-truth texts: the
    glosses of --vocab the lexicon covers (ids kept; default every covered gloss), the first --limit."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from gspgen.synth import make_params, synthesize

    settings = settings_with({"data": {"lexicon": lexicon}}, config)
    low, high = _frames(frames)
    params = make_params(
        lexicon=settings.data.lexicon,
        vocab=vocab,
        classes=limit,
        signers=signers,
        repetitions=repetitions,
        seed=seed or 0,
        min_frames=low,
        max_frames=high,
        unseen_classes=unseen_classes,
        workers=workers,
    )
    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=progress_console(as_json)) as bar:
        task = bar.add_task("rendering clips", total=None)
        summary = synthesize(
            params,
            out,
            overwrite=overwrite,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    if as_json:
        print_json(summary)
        return
    splits = ", ".join(f"{n} {split}" for split, n in summary.signers.items())
    console.print(
        f"[green]wrote[/] {summary.samples} clips of {summary.classes} classes ({summary.frames} frames;"
        f" signers: {splits}) in {summary.seconds:.1f}s → {summary.path}"
    )
    if summary.unseen_classes:
        console.print(f"unseen classes (test clips only): {', '.join(map(str, summary.unseen_classes))}")


def register(app: typer.Typer) -> None:
    """Add `gspgen synth` to the main app."""
    app.command("synth")(synth)
