"""Folders of one file per clip plus a labels file: whole-body ``(T, 133, 3)`` npy (SAM-SLR's
data-prepare output) or ``.pose`` files. Rows and files are matched by stem (see ``clip_key``); files
without a row are skipped and reported (another split's clips often share the folder), while a row without
a file is an error (the labels and the folder do not belong together).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from gspgen.errors import DataError
from gspgen.skeleton.readers import _pose
from gspgen.skeleton.readers._labels import LabelRow, clip_key, parse_split, read_labels, signer_from_name
from gspgen.skeleton.readers._source import Entry, SourcePlan

LABEL_SUFFIXES = (".csv", ".tsv")


def find_labels(src: Path, labels: Path | None) -> list[Path]:
    if labels is not None:
        return [labels]
    found = sorted(p for p in src.iterdir() if p.suffix.lower() in LABEL_SUFFIXES)
    if not found:
        raise DataError("no labels file (CSV/TSV) in the folder; pass --labels", where=src)
    return found


def plan_npy(src: Path, labels: Path | None, default_split: str) -> SourcePlan:
    files = {clip_key(p.name): p for p in sorted(src.rglob("*.npy"))}
    entries, skipped = _match(src, files, labels, default_split, _npy_loader)
    return SourcePlan(
        format="wholebody-npy", layout="coco_wholebody_133", coords="pixel", entries=entries, skipped=skipped
    )


def plan_pose(src: Path, labels: Path | None, default_split: str) -> SourcePlan:
    files = {clip_key(p.name): p for p in sorted(src.rglob("*.pose"))}
    entries, skipped = _match(src, files, labels, default_split, _pose.loader)
    first = _pose.read_header(next(iter(files.values()))) if files else None
    return SourcePlan(
        format="pose",
        layout="coco_wholebody_133",
        coords="pixel",
        entries=entries,
        skipped=skipped,
        fps=first.fps if first else None,
        width=first.width if first else None,
        height=first.height if first else None,
    )


def _match(
    src: Path,
    files: dict[str, Path],
    labels: Path | None,
    default_split: str,
    make_loader: Callable[[Path, str], Callable[[], np.ndarray]],
) -> tuple[list[Entry], list[str]]:
    if not files:
        raise DataError("no clip files found", where=src)
    rows = [row for path in find_labels(src, labels) for row in read_labels(path)]
    split = parse_split(default_split, str(src))
    entries, used = [], set()
    for row in rows:
        key = clip_key(row.name)
        path = files.get(key)
        if path is None:
            raise DataError(f"no clip file for sample {row.name!r}", where=row.where)
        if key in used:
            raise DataError(f"sample {row.name!r} is labelled twice", where=row.where)
        used.add(key)
        row = LabelRow(
            name=key,
            label=row.label,
            gloss=row.gloss,
            signer=row.signer or signer_from_name(key),
            split=row.split or split,
            where=row.where,
        )
        where = f"{path} (sample {key})"
        entries.append(Entry(sample_id=key, row=row, load=make_loader(path, where), where=where))
    return entries, sorted(set(files) - used)


def _npy_loader(path: Path, where: str) -> Callable[[], np.ndarray]:
    def load() -> np.ndarray:
        try:
            clip = np.load(path)
        except (ValueError, OSError) as exc:
            raise DataError(f"cannot read array: {exc}", where=where) from None
        if clip.ndim != 3 or clip.shape[1:] != (133, 3):
            raise DataError(f"shape {tuple(clip.shape)}, expected (T, 133, 3)", where=where)
        return clip

    return load
