"""New clips to recognise: ``.pose`` files, whole-body npy clips, SAM-SLR arrays, or folders of them.

Each input becomes one or more :class:`InputClip` (a SAM-SLR array holds many) carrying its stored layout,
so the run's preset picks its joints exactly as training did. Reading goes through the skeleton readers
(pose-format conversion, SAM-SLR unpadding); nothing here knows a format the importer does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gspgen.errors import DataError
from gspgen.skeleton import LAYOUTS, Preset, check_clip, to_coco, unpad

SUFFIXES = (".pose", ".npy")
_LAYOUT_OF_SIZE = {size: name for name, (size, _) in LAYOUTS.items()}
# Fewer frames than this carry no movement to speak of (0.13 s at 30 fps).
MIN_FRAMES = 4


class ClipError(DataError):
    """One input clip cannot be recognised; the others still are."""


@dataclass(frozen=True)
class InputClip:
    """One clip as stored: (T, V, 3) x, y, confidence in ``layout``; ``name`` says where it came from."""

    name: str
    clip: np.ndarray
    layout: str


def expand(inputs: list[Path]) -> list[Path]:
    """Files to read: each file as given, each folder's .pose / .npy files (recursively, sorted)."""
    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
            if not found:
                raise DataError("no .pose or .npy files in this folder", where=path)
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise DataError("input not found", where=path)
    return files


def read_clips(path: Path) -> Iterator[InputClip]:
    """The clips of one file; an unreadable file or an unknown array shape is a ClipError naming it."""
    if path.suffix == ".pose":
        try:
            clip = to_coco(path, str(path))
        except DataError as exc:
            raise ClipError(exc.message, where=path) from None
        yield InputClip(str(path), _checked(clip, "coco_wholebody_133", str(path)), "coco_wholebody_133")
        return
    if path.suffix != ".npy":
        raise ClipError("not a .pose or .npy file", where=path)
    try:
        array = np.load(path, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise ClipError(f"cannot read array: {exc}", where=path) from None
    if array.ndim == 3:
        layout = _layout(array.shape[1], path)
        yield InputClip(str(path), _checked(np.asarray(array), layout, str(path)), layout)
    elif array.ndim in (4, 5) and array.shape[0 if array.ndim == 4 else 1] == 3:
        # SAM-SLR: (N, 3, T, V, M) arrays of loop-padded clips, or one (3, T, V, M) clip; person 0.
        batch = array[None] if array.ndim == 4 else array
        layout = _layout(batch.shape[3], path)
        names = [str(path)] if array.ndim == 4 else [f"{path}#{i}" for i in range(len(batch))]
        for name, item in zip(names, batch, strict=True):
            clip = unpad(np.asarray(item[:, :, :, 0]).transpose(1, 2, 0))
            yield InputClip(name, _checked(clip, layout, name), layout)
    else:
        raise ClipError(
            f"array shape {tuple(array.shape)} is neither a (T, V, 3) clip nor a SAM-SLR (N, 3, T, V, M) array",
            where=path,
        )


def _layout(joints: int, where: Path) -> str:
    if joints not in _LAYOUT_OF_SIZE:
        known = ", ".join(f"{size} ({name})" for size, name in sorted(_LAYOUT_OF_SIZE.items()))
        raise ClipError(f"{joints} joints is no known layout (known: {known})", where=where)
    return _LAYOUT_OF_SIZE[joints]


def _checked(clip: np.ndarray, layout: str, where: str) -> np.ndarray:
    try:
        clip = check_clip(clip, LAYOUTS[layout][0], where)
    except DataError as exc:
        raise ClipError(exc.message, where=where) from None
    if clip.shape[0] < MIN_FRAMES:
        raise ClipError(f"too few frames ({clip.shape[0]}; at least {MIN_FRAMES})", where=where)
    return clip


def check_usable(item: InputClip, preset: Preset) -> np.ndarray:
    """The clip in the preset's joints, or a ClipError: a layout the preset cannot use, or no hands seen."""
    try:
        selected = preset.select(item.clip, item.layout)
    except DataError as exc:
        raise ClipError(
            f"layout {item.layout} cannot feed preset {preset.name}: {exc.message}", where=item.name
        ) from None
    hands = preset.parts["left_hand"] + preset.parts["right_hand"]
    if not (selected[:, hands, 2] > 0).any():
        raise ClipError("no hands detected in any frame", where=item.name)
    return selected
