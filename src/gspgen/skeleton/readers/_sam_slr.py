"""SAM-SLR / SL-GCN arrays: ``{split}_data_joint.npy`` (N, 3, T, V, M) float32 + ``{split}_label.pkl``.

The pickle holds ``(sample_names, labels)``. SAM-SLR loop-pads every clip to T = 150 frames; the
original length is recovered as the smallest period of the padded clip (trailing zero frames are
stripped first), so the manifest's frame count means the same as for other formats. Only person 0 of
M is kept (sign data has one signer per clip).
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Literal

import numpy as np

from gspgen.errors import DataError
from gspgen.skeleton.readers._labels import LabelRow, parse_split, signer_from_name, split_from_filename
from gspgen.skeleton.readers._source import Entry, SourcePlan

SUFFIX = "_data_joint.npy"
_V_LAYOUT = {27: "sam27", 133: "coco_wholebody_133"}


def find_arrays(src: Path) -> list[Path]:
    """The joint arrays at ``src`` (a file or a folder holding them)."""
    if src.is_file():
        return [src] if src.name.endswith(SUFFIX) else []
    return sorted(src.glob(f"*{SUFFIX}"))


def plan(src: Path, default_split: str) -> SourcePlan:
    arrays = find_arrays(src)
    if not arrays:
        raise DataError(f"no *{SUFFIX} files", where=src)
    entries: list[Entry] = []
    layouts: set[str] = set()
    coords: Literal["pixel", "normalized"] = "normalized"
    for array_path in arrays:
        data = _open_array(array_path)
        layouts.add(_V_LAYOUT[data.shape[3]])
        if float(np.abs(data[: min(len(data), 8), :2]).max()) > 2.0:
            coords = "pixel"
        entries.extend(_entries(array_path, data, default_split))
    if len(layouts) > 1:
        raise DataError(f"arrays mix joint counts {sorted(layouts)}", where=src)
    return SourcePlan(format="sam-slr", layout=layouts.pop(), coords=coords, entries=entries)


def _open_array(path: Path) -> np.ndarray:
    try:
        data = np.load(path, mmap_mode="r")
    except (ValueError, OSError) as exc:
        raise DataError(f"cannot read array: {exc}", where=path) from None
    if data.ndim != 5 or data.shape[1] != 3 or data.shape[3] not in _V_LAYOUT:
        raise DataError(f"shape {tuple(data.shape)}, expected (N, 3, T, 27 or 133, M)", where=path)
    if data.shape[2] == 0 or data.shape[4] == 0:
        raise DataError(f"shape {tuple(data.shape)} has no frames or no person", where=path)
    return data


def _entries(array_path: Path, data: np.ndarray, default_split: str) -> list[Entry]:
    split_name = array_path.name.removesuffix(SUFFIX)
    label_path = array_path.with_name(f"{split_name}_label.pkl")
    names, labels = _read_label_pickle(label_path)
    if not len(names) == len(labels) == len(data):
        raise DataError(
            f"{len(names)} names and {len(labels)} labels in {label_path.name} for {len(data)} clips",
            where=array_path,
        )
    split = split_from_filename(Path(split_name)) or parse_split(default_split, str(array_path))
    entries = []
    for i, (name, label) in enumerate(zip(names, labels, strict=True)):
        where = f"{array_path} sample {i} ({name})"
        row = LabelRow(
            name=name, label=label, gloss=None, signer=signer_from_name(name), split=split, where=where
        )
        entries.append(Entry(sample_id=name, row=row, load=_loader(data, i), where=where))
    return entries


def _loader(data: np.ndarray, i: int):  # noqa: ANN202 - a closure over the memory map
    return lambda: unpad(np.asarray(data[i, :, :, :, 0]).transpose(1, 2, 0))


def unpad(clip: np.ndarray) -> np.ndarray:
    """The clip before SAM-SLR's padding: trailing all-zero frames dropped, then one loop period kept."""
    nonzero = np.flatnonzero(np.abs(clip).reshape(len(clip), -1).max(axis=1) > 0)
    clip = clip[: nonzero[-1] + 1] if len(nonzero) else clip[:0]
    for period in range(1, len(clip)):
        if np.array_equal(clip[period:], clip[: len(clip) - period]):
            return clip[:period]
    return clip


class _LabelUnpickler(pickle.Unpickler):
    """Pickles from strangers may run code: allow only the builtins and numpy types label files use."""

    _ALLOWED = {
        ("builtins", "list"), ("builtins", "tuple"), ("builtins", "int"), ("builtins", "str"),
        ("numpy", "ndarray"), ("numpy", "dtype"), ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "scalar"),
        ("numpy._core.multiarray", "scalar"),
    }  # fmt: skip

    def find_class(self, module: str, name: str) -> object:
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a label file")
        return super().find_class(module, name)


def _read_label_pickle(path: Path) -> tuple[list[str], list[int]]:
    if not path.exists():
        raise DataError("label pickle not found (expected beside the array)", where=path)
    try:
        with path.open("rb") as handle:
            content = _LabelUnpickler(handle).load()
        names, labels = content
    except (pickle.UnpicklingError, ValueError, TypeError, EOFError) as exc:
        raise DataError(f"expected a pickled (sample_names, labels) pair: {exc}", where=path) from None
    try:
        return [str(n) for n in names], [_as_label(x) for x in labels]
    except (TypeError, ValueError) as exc:
        raise DataError(f"labels must be integers: {exc}", where=path) from None


def _as_label(value: object) -> int:
    number = float(value)  # type: ignore[arg-type]
    if not number.is_integer():
        raise ValueError(f"{value!r}")
    return int(number)
