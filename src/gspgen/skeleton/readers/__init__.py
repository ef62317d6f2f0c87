"""Import skeleton data in the formats users bring into gspgen's canonical dataset.

Formats: ``sam-slr`` (GCN arrays + label pickle), ``wholebody-npy`` (one (T, 133, 3) npy per clip + a
labels file) and ``pose`` (pose-format files + a labels file). ``import_dataset`` is the stage function
``gspgen data import`` calls; every clip is checked (shape, finite, non-empty, label in range) and a bad
one stops the import with a DataError naming its file and sample, leaving no half-written dataset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.progress import Progress

from gspgen.errors import DataError
from gspgen.skeleton.dataset import (
    DatasetInfo,
    DatasetWriter,
    Split,
    carve_val_signers,
    check_clip,
    check_val_is_not_test,
)
from gspgen.skeleton.keypoints import layout_size
from gspgen.skeleton.readers import _folders, _sam_slr
from gspgen.skeleton.readers._labels import read_class_list, resolve_classes
from gspgen.skeleton.readers._mirror import left_hand_moves_more
from gspgen.skeleton.readers._mirror import swap_hands as mirror_hands
from gspgen.skeleton.readers._source import SourcePlan

Format = Literal["sam-slr", "wholebody-npy", "pose"]
FORMATS: tuple[Format, ...] = ("sam-slr", "wholebody-npy", "pose")
DEFAULT_FPS = 30.0  # SAM-SLR arrays and bare npy folders do not state a frame rate; AUTSL/SLR500 are 30 fps

__all__ = ["FORMATS", "Format", "ImportResult", "detect_format", "import_dataset"]


class ImportResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: Path
    format: Format
    layout: str
    samples: int
    classes: int
    skipped: list[str]  # clip files that no labels row names
    val_signers: list[str] = []  # train signers carved into the validation split
    left_leads: float | None = None  # share of clips whose left hand moves more (None: no hand motion)


def detect_format(src: Path) -> Format:
    """Which reader fits ``src``: SAM-SLR arrays, .pose files, or a folder of npy clips."""
    if not src.exists():
        raise DataError("source not found", where=src)
    if _sam_slr.find_arrays(src):
        return "sam-slr"
    if src.is_dir() and next(src.rglob("*.pose"), None) is not None:
        return "pose"
    if src.is_dir() and next(src.rglob("*.npy"), None) is not None:
        return "wholebody-npy"
    raise DataError("cannot tell the format (no *_data_joint.npy, *.pose or *.npy); pass --format", where=src)


def _plan(src: Path, fmt: Format, split: str, labels: Path | None) -> SourcePlan:
    if fmt == "sam-slr":
        return _sam_slr.plan(src, split)
    if not src.is_dir():
        raise DataError(f"{fmt} import needs a folder of clips", where=src)
    return (
        _folders.plan_npy(src, labels, split)
        if fmt == "wholebody-npy"
        else _folders.plan_pose(src, labels, split)
    )


def import_dataset(
    src: Path,
    out: Path,
    *,
    fmt: Format | None = None,
    split: str = "train",
    labels: Path | None = None,
    classes: Path | None = None,
    name: str | None = None,
    overwrite: bool = False,
    val_signers: int | list[str] | None = None,
    swap_hands: bool = False,
    fps: float = DEFAULT_FPS,
    console: Console | None = None,
) -> ImportResult:
    """Convert ``src`` into a canonical dataset at ``out``.

    ``split`` applies to clips whose source states none; ``classes`` is a vocabulary file giving the
    gloss of each class id (otherwise glosses come from the labels file, or are ``class_<id>``).
    ``val_signers`` (a count or signer ids) moves those train signers' clips to a validation split;
    ``swap_hands`` swaps left/right joints and mirrors x (sources estimated on flipped frames);
    ``fps`` is the frame rate of sources that state none (SAM-SLR arrays, bare npy clips).
    """
    fmt = fmt or detect_format(src)
    plan = _plan(src, fmt, split, labels)
    splits: list[Split] = [e.row.split or "train" for e in plan.entries]
    signers = [e.row.signer or "unknown" for e in plan.entries]
    carved = carve_val_signers(list(zip(signers, splits, strict=True)), val_signers) if val_signers else []
    splits = ["val" if sp == "train" and sg in carved else sp for sg, sp in zip(signers, splits, strict=True)]
    check_val_is_not_test(zip((e.sample_id for e in plan.entries), splits, strict=True), src)
    class_list = read_class_list(classes) if classes is not None else None
    class_infos, class_ids = resolve_classes([e.row for e in plan.entries], class_list)
    num_joints = layout_size(plan.layout)
    info = DatasetInfo(
        name=name or out.name,
        layout=plan.layout,
        num_joints=num_joints,
        fps=plan.fps or fps,
        coords=plan.coords,
        width=plan.width,
        height=plan.height,
        classes=class_infos,
        source=f"import {fmt} {src}" + (" swap-hands" if swap_hands else ""),
        extra={"skipped_files": len(plan.skipped), "swap_hands": swap_hands}
        | ({"val_signers": carved} if carved else {}),
    )
    with (
        DatasetWriter(out, info, overwrite=overwrite) as writer,
        Progress(console=console, transient=True, disable=console is None) as progress,
    ):
        task = progress.add_task(f"importing {fmt}", total=len(plan.entries))
        leads: list[bool] = []
        for entry, class_id, clip_split in zip(plan.entries, class_ids, splits, strict=True):
            clip = check_clip(entry.load(), num_joints, entry.where)
            if swap_hands:
                clip = mirror_hands(clip, plan.layout, plan.width, plan.coords)
            lead = left_hand_moves_more(clip, plan.layout)
            if lead is not None:
                leads.append(lead)
            writer.add(
                clip,
                sample_id=entry.sample_id,
                class_id=class_id,
                signer=entry.row.signer or "unknown",
                split=clip_split,
                source=entry.where,
            )
            progress.advance(task)
    return ImportResult(
        path=out,
        format=fmt,
        layout=plan.layout,
        samples=len(plan.entries),
        classes=len(class_infos),
        skipped=plan.skipped,
        val_signers=carved,
        left_leads=sum(leads) / len(leads) if leads else None,
    )
