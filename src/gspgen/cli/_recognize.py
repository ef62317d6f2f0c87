"""CLI commands that use a trained run: ``gspgen recognize`` and ``gspgen export``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gspgen.cli._common import (
    ConfigOption,
    JsonOption,
    TopOption,
    console,
    err_console,
    output_option,
    print_json,
    settings_with,
)

if TYPE_CHECKING:
    from gspgen.infer.recognition import ClipResult
    from gspgen.infer.zeroshot import ZeroShotConfig

DescriptionsOption = Annotated[
    Path | None,
    typer.Option(help="Description JSONL of the signs to score by text (any glosses, seen or not)."),
]
# The default --term-weights of recognize and eval --zero-shot (chosen on validation, bench/zeroshot.py).
DEFAULT_TERMS = "parts=1"
TermWeightsOption = Annotated[
    str,
    typer.Option(help="Weights of the text terms in the description score: global, synonyms, parts."),
]
FuseOption = Annotated[
    float,
    typer.Option(help="Weight of the classifier on described signs it was trained on (0 = text only)."),
]
CenterOption = Annotated[
    bool,
    typer.Option(help="Subtract each term's mean text vector over the candidates before scoring."),
]
CalibrationOption = Annotated[
    float,
    typer.Option(
        help="Subtracted from trained signs' text scores so new signs can win (calibrated stacking)."
    ),
]


def zero_shot_config(
    term_weights: str, fuse: float, calibration: float = 0.0, center: bool = False
) -> ZeroShotConfig:
    from gspgen.errors import ConfigError
    from gspgen.infer.zeroshot import ZeroShotConfig, parse_term_weights

    if not 0 <= fuse <= 1:
        raise ConfigError(f"must be between 0 and 1, got {fuse}", where="--fuse")
    if calibration < 0:
        raise ConfigError(f"must not be negative, got {calibration}", where="--calibration")
    weights = parse_term_weights(term_weights)
    return ZeroShotConfig(weights=weights, fuse=fuse, calibration=calibration, center=center)


def _table(result: ClipResult) -> None:
    from rich.table import Table

    table = Table(title=f"{result.input} ({result.frames} frames, {result.layout})", title_justify="left")
    for name, justify in (
        ("rank", "right"),
        ("gloss", "left"),
        ("class id", "right"),
        ("probability", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    if result.mode == "open":
        table.add_column("trained", justify="center")
    for p in result.predictions:
        row = [str(p.rank), p.gloss, str(p.class_id), f"{100 * p.probability:.1f}%"]
        table.add_row(*row, *(["yes" if p.trained else "text only"] if result.mode == "open" else []))
    console.print(table)


def recognize(
    run: Annotated[
        Path, typer.Argument(help="A run directory, or an ensemble folder from `gspgen ensemble`.")
    ],
    inputs: Annotated[
        list[Path], typer.Argument(help=".pose files, (T, 133, 3) npy clips, SAM-SLR arrays, or folders.")
    ],
    k: TopOption = 5,
    as_json: JsonOption = False,
    descriptions: DescriptionsOption = None,
    term_weights: TermWeightsOption = DEFAULT_TERMS,
    center: CenterOption = False,
    fuse: FuseOption = 0.5,
    calibration: CalibrationOption = 0.0,
    config: ConfigOption = None,
) -> None:
    """Which sign is each clip? The run's classes, or (--descriptions) any described sign."""
    from gspgen.infer.recognition import recognize as run_recognize

    settings = settings_with(None, config)
    failed: list[str] = []

    def show(result: ClipResult) -> None:
        if result.error is not None:
            failed.append(result.input)
            err_console.print(
                f"[bold red]error:[/] {result.input}: {result.error}", highlight=False, soft_wrap=True
            )
        if as_json:
            typer.echo(json.dumps(result.model_dump(mode="json", exclude_none=True)))
        elif result.error is None:
            _table(result)

    summary = run_recognize(
        run,
        inputs,
        k=k,
        descriptions=descriptions,
        config=zero_shot_config(term_weights, fuse, calibration, center),
        cache_dir=settings.train.text_cache_dir,
        on_result=show,
        console=err_console,
    )
    if not as_json:
        console.print(
            f"{summary.clips - summary.failed} of {summary.clips} clips recognised among {summary.classes} signs"
        )
    if failed:
        raise typer.Exit(1)


def export(
    run: Annotated[Path, typer.Argument(help="A run directory written by `gspgen train`.")],
    out: Annotated[Path, output_option("The .onnx file to write (its card goes beside it).")],
    descriptions: Annotated[
        Path | None,
        typer.Option(help="Signs whose text vectors go beside the model (default: the run's descriptions)."),
    ] = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
) -> None:
    """Export the inference encoder to ONNX, with its class list and preprocessing in a JSON card."""
    from gspgen.infer.onnx_export import export_onnx

    settings = settings_with(None, config)
    card = export_onnx(run, out, descriptions=descriptions, cache_dir=settings.train.text_cache_dir)
    if as_json:
        print_json(card)
        return
    texts = f"; text vectors of {len(card.texts.glosses)} signs in {card.texts.file}" if card.texts else ""
    console.print(
        f"wrote {out} and {out.with_suffix('.json')} ({len(card.classes)} classes, outputs "
        f"{', '.join(card.outputs)}; max |logit difference| vs PyTorch {card.parity_max_abs_logit_diff:.1e}"
        f"{texts})"
    )


def zero_shot_eval(
    run: Path,
    split: str,
    data: Path | None,
    descriptions: Path | None,
    zero_shot: ZeroShotConfig,
    config: Path | None,
    as_json: bool = False,
) -> None:
    """``gspgen eval --zero-shot``: parsed by the eval command, reported here."""
    from gspgen.errors import ConfigError
    from gspgen.evaluate import zero_shot_eval as run_zero_shot
    from gspgen.train.rundir import RunDir

    if descriptions is None or data is None:
        raise ConfigError("--zero-shot needs --descriptions FILE and --data DIR", where="--zero-shot")
    settings = settings_with(None, config)
    result = run_zero_shot(
        run,
        descriptions,
        data,
        split=split,
        config=zero_shot,
        cache_dir=settings.train.text_cache_dir,
        console=err_console if as_json else console,
    )
    if as_json:
        print_json(result)
        return
    u = result.unseen
    console.print(
        f"zero-shot ({u.classes} unseen classes, {u.clips} clips): top-1 {100 * u.top1:.2f}% "
        f"(chance {100 * u.chance_top1:.2f}%, {u.top1 / u.chance_top1:.1f}x)  top-5 {100 * u.top5:.2f}% "
        f"(chance {100 * u.chance_top5:.2f}%)",
        highlight=False,
    )
    if result.gzsl_seen_top1 is not None:
        closed = result.seen_closed_set_top1 or 0.0
        console.print(
            f"generalised (fuse {zero_shot.fuse}): unseen top-1 {100 * (result.gzsl_unseen_top1 or 0):.2f}%  seen "
            f"top-1 {100 * result.gzsl_seen_top1:.2f}% (classifier alone {100 * closed:.2f}%)  "
            f"harmonic {100 * (result.gzsl_harmonic or 0):.2f}%",
            highlight=False,
        )
    console.print(f"report: {RunDir(run).zero_shot(split)}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the main app."""
    app.command("recognize")(recognize)
    app.command("export")(export)
