"""CLI commands of the data stage: ``gspgen data import | info | show``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, cast

import typer
from rich.table import Table

from gspgen.cli._common import (
    ConfigOption,
    JsonOption,
    VocabOption,
    console,
    output_option,
    print_json,
    settings_with,
)

data_app = typer.Typer(
    help="Skeleton datasets: import the formats users bring, summarise, render.", no_args_is_help=True
)

DatasetArg = Annotated[Path, typer.Argument(help="A gspgen dataset directory.", show_default=False)]
# The readers' Format and the dataset's Split (tests/test_cli_flags.py keeps them equal; spelled here so
# `gspgen --help` does not import numpy).
FormatChoice = Literal["sam-slr", "wholebody-npy", "pose"]
SplitChoice = Literal["train", "val", "test"]


@data_app.command("import")
def import_(
    src: Annotated[
        Path, typer.Argument(help="SAM-SLR arrays, a folder of (T,133,3) npy clips, or of .pose files.")
    ],
    out: Annotated[Path, output_option("Dataset directory to write.")],
    fmt: Annotated[FormatChoice | None, typer.Option("--format", help="Default: detected.")] = None,
    split: Annotated[SplitChoice, typer.Option(help="Split for clips whose source names none.")] = "train",
    labels: Annotated[Path | None, typer.Option(help="Labels CSV/TSV (default: the ones in SRC).")] = None,
    vocab: VocabOption = None,
    name: Annotated[str | None, typer.Option(help="Dataset name (default: the folder name).")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing dataset.")] = False,
    val_signers: Annotated[
        str | None,
        typer.Option(help="Carve validation from train: N signers (seeded draw) or ids 'P01,P07'."),
    ] = None,
    fps: Annotated[
        float | None,
        typer.Option(
            min=0.001, help="Frame rate of sources that state none (default: settings data.fps, 30)."
        ),
    ] = None,
    swap_hands: Annotated[
        bool,
        typer.Option(
            help="Swap left/right joints and mirror x (poses estimated on flipped frames: SAM-SLR)."
        ),
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Convert skeleton data into gspgen's dataset format (format detected unless --format)."""
    from gspgen.skeleton.dataset import parse_val_signers
    from gspgen.skeleton.readers import import_dataset

    settings = settings_with({"data": {"fps": fps}}, config)
    result = import_dataset(
        src,
        out,
        fmt=fmt,
        split=split,
        labels=labels,
        classes=vocab,
        name=name,
        overwrite=overwrite,
        val_signers=parse_val_signers(val_signers) if val_signers is not None else None,
        swap_hands=swap_hands,
        fps=settings.data.fps,
        console=console,
    )
    console.print(
        f"[green]imported[/] {result.samples} clips, {result.classes} classes"
        f" ({result.format}, {result.layout}) → {result.path}"
    )
    if result.val_signers:
        console.print(f"validation split: signers {', '.join(result.val_signers)} (carved from train)")
    if result.left_leads is not None and result.left_leads > 0.5:
        console.print(
            f"[yellow]the left hand moves more in {100 * result.left_leads:.0f}% of clips[/]: poses estimated on"
            " flipped frames (SAM-SLR) look like this; if the signers are right-handed, import with"
            " --swap-hands (docs/presets.md)"
        )
    if result.skipped:
        console.print(
            f"[yellow]skipped {len(result.skipped)} unlabelled file(s)[/], e.g. {result.skipped[0]}"
        )
    _print_summary(out)


@data_app.command("info")
def info(root: DatasetArg, as_json: JsonOption = False) -> None:
    """Summarise a dataset: classes, samples per split, signers, frames."""
    if as_json:
        from gspgen.skeleton.dataset import SkeletonDataset

        dataset = SkeletonDataset(root)
        print_json({"info": dataset.info, "summary": dataset.summary()})
    else:
        _print_summary(root)


@data_app.command("show")
def show(
    root: DatasetArg,
    sample: Annotated[int, typer.Option("--sample", "-s", help="Sample index.")] = 0,
    out: Annotated[Path | None, output_option(".gif (animated) or .png (frame strip).")] = None,
    preset: Annotated[str | None, typer.Option(help="Keypoint preset (default: gsp87, or sam27).")] = None,
) -> None:
    """Render one sample so you can see whether it looks like signing."""
    from gspgen.skeleton.drawing import render_sample

    written = render_sample(root, sample, out or Path(f"sample-{sample}.gif"), preset=preset)
    console.print(f"wrote {written}")


def _print_summary(root: Path) -> None:
    from gspgen.skeleton.dataset import SkeletonDataset

    dataset = SkeletonDataset(root)
    summary = dataset.summary()
    info = dataset.info
    table = Table(title=f"{info.name} ({root})", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("layout", f"{info.layout} ({info.num_joints} joints, {info.coords}, {info.fps:g} fps)")
    table.add_row("classes", str(summary["classes"]))
    table.add_row("samples", str(summary["samples"]))
    per_split = cast(dict[str, int], summary["per_split"])
    signers = cast(dict[str, int], summary["signers"])
    for split in ("train", "val", "test"):
        if per_split.get(split):
            table.add_row(f"  {split}", f"{per_split[split]} samples, {signers[split]} signers")
    frames = cast(dict[str, float], summary["frames"])
    table.add_row("frames", f"min {frames['min']:g}, mean {frames['mean']:.1f}, max {frames['max']:g}")
    table.add_row("source", info.source)
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``gspgen data ...`` to the main app."""
    app.add_typer(data_app, name="data")
