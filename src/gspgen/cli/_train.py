"""CLI commands of the train stage: ``gspgen train``, ``gspgen eval``, ``gspgen ensemble``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gspgen.cli._common import (
    ConfigOption,
    JsonOption,
    SeedOption,
    console,
    err_console,
    output_option,
    print_json,
    settings_with,
)
from gspgen.cli._recognize import (
    DEFAULT_TERMS,
    CalibrationOption,
    CenterOption,
    DescriptionsOption,
    FuseOption,
    TermWeightsOption,
    zero_shot_config,
    zero_shot_eval,
)
from gspgen.train.run_config import (
    Ablation,
    Decision,
    Keypoints,
    PartText,
    Precision,
    PresetName,
    PriorCorrection,
    Split,
    Stream,
    TextTransform,
)

RunDir = Annotated[Path, typer.Argument(help="A run directory written by `gspgen train`.")]
SplitOption = Annotated[Split, typer.Option("--split", help="Which split to score.")]


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the main app."""
    app.command("train")(train)
    app.command("eval")(evaluate)
    app.command("ensemble")(ensemble)


def train(
    data: Annotated[Path, typer.Option("--data", help="Skeleton dataset directory (gspgen format).")],
    out: Annotated[Path, output_option("Run directory to create (or resume).")],
    descriptions: Annotated[
        Path | None, typer.Option(help="Description JSONL; without it: CE-only baseline.")
    ] = None,
    preset: Annotated[PresetName | None, typer.Option(help="Hyper-parameters (docs/presets.md).")] = None,
    keypoints: Annotated[Keypoints | None, typer.Option(help="Which joints the model sees.")] = None,
    stream: Annotated[Stream | None, typer.Option(help="Input stream.")] = None,
    ablation: Annotated[Ablation | None, typer.Option(help="Which text terms train (ce: none).")] = None,
    epochs: Annotated[int | None, typer.Option(help="Override the preset's epochs.")] = None,
    patience: Annotated[
        int | None,
        typer.Option(
            help="Train to a validation plateau: cut the lr after N epochs without a new best, then stop."
        ),
    ] = None,
    batch_size: Annotated[int | None, typer.Option(help="Override the preset's batch size.")] = None,
    lr: Annotated[float | None, typer.Option(help="Override the preset's learning rate.")] = None,
    seed: SeedOption = None,
    precision: Annotated[Precision | None, typer.Option(help="bf16 and fp16 on CUDA only.")] = None,
    workers: Annotated[int | None, typer.Option(help="Data-loading worker processes.")] = None,
    approved_only: Annotated[
        bool | None, typer.Option("--approved-only", help="Only review-approved fields.")
    ] = None,
    part_text: Annotated[
        PartText | None, typer.Option(help="Part texts: join (one string per part), sample or segments.")
    ] = None,
    text_transform: Annotated[
        TextTransform | None,
        typer.Option(help="Text targets: whiten (default), center or none (the paper's)."),
    ] = None,
    decision: Annotated[
        Decision | None,
        typer.Option(help="texts (default: classifier + text similarity) or classifier (the paper's)."),
    ] = None,
    prior_correction: Annotated[
        PriorCorrection | None,
        typer.Option(
            help="Logit adjustment chosen on val: balanced (default: best mean-class), validation "
            "(frequent classes kept within a point) or none."
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the run in -o from its last checkpoint.")
    ] = False,
    stop_after: Annotated[
        int | None, typer.Option(help="Stop after N more epochs (continue with --resume).")
    ] = None,
    threads: Annotated[int | None, typer.Option(help="torch threads per process.")] = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Train a skeleton recognizer with GSP-MC's multi-positive text supervision."""
    from gspgen.train import train as run_train

    flags = {
        "preset": preset,
        "keypoints": keypoints,
        "stream": stream,
        "ablation": ablation,
        "epochs": epochs,
        "patience": patience,
        "batch_size": batch_size,
        "lr": lr,
        "seed": seed,
        "precision": precision,
        "num_workers": workers,
        "approved_only": approved_only,
        "part_text": part_text,
        "text_transform": text_transform,
        "decision": decision,
        "prior_correction": prior_correction,
        "threads": threads,
    }
    settings = settings_with({"train": flags}, config)
    summary = run_train(
        data,
        out,
        settings.train,
        descriptions=descriptions,
        resume=resume,
        stop_after=stop_after,
        console=err_console if as_json else console,
    )
    if as_json:
        print_json(summary)
    elif summary is not None and summary.training is not None:
        done = summary.training
        console.print(f"run written to {out} (best epoch {done.best_epoch}, {done.s_per_epoch:.1f} s/epoch)")


def evaluate(
    run: RunDir,
    split: SplitOption = "test",
    data: Annotated[
        Path | None, typer.Option(help="Evaluate on another dataset with the same classes.")
    ] = None,
    zero_shot: Annotated[
        bool, typer.Option("--zero-shot", help="Score classes absent from training by --descriptions.")
    ] = False,
    descriptions: DescriptionsOption = None,
    term_weights: TermWeightsOption = DEFAULT_TERMS,
    center: CenterOption = False,
    fuse: FuseOption = 0.5,
    calibration: CalibrationOption = 0.0,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Evaluate a run's best-validation checkpoint; reports go to RUN/eval/SPLIT/."""
    from gspgen.train import evaluate as run_evaluate

    if zero_shot:
        scoring = zero_shot_config(term_weights, fuse, calibration, center)
        zero_shot_eval(run, split, data, descriptions, scoring, config, as_json)
        return
    if config is not None:  # a closed-set eval reads only the run: a settings file would be ignored
        raise typer.BadParameter("--config applies to --zero-shot only", param_hint="--config")
    result = run_evaluate(run, split, data, console=err_console if as_json else console)
    if as_json:
        print_json(result)
    else:
        console.print(f"reports in {run / 'eval' / split}")


def ensemble(
    runs: Annotated[list[Path], typer.Argument(help="Run directories (one per stream).")],
    weights: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated in the runs' order, declared in advance (default: by each run's stream, joint 1, bone 0.9, motion 0.5)."
        ),
    ] = None,
    split: SplitOption = "test",
    out: Annotated[Path | None, output_option("Where to write the fused reports.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Fuse the saved softmax scores of several runs with declared weights."""
    from gspgen.errors import ConfigError
    from gspgen.train import ensemble as run_ensemble

    try:
        parsed = [float(w) for w in weights.split(",")] if weights else None
    except ValueError:
        raise ConfigError(f"weights must be numbers, got {weights!r}", where="--weights") from None
    result = run_ensemble(runs, parsed, split, out)
    if as_json:
        print_json(result)
        return
    singles = ", ".join(f"{100 * r.top1:.2f}%" for r in result.fused or [])
    console.print(f"fused top-1 {100 * result.splits[split].top1:.2f}% (single runs: {singles})")
