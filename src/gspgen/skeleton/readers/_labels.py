"""Labels files (which clip is which sign, signer and split) and class lists, in the shapes datasets ship.

A labels file is CSV or TSV, with or without a header: ``name,label[,signer,split]`` by position, or any
columns named like name/path, label/class_id, gloss/glosses, signer, split. AUTSL ships one file per
split (``train_labels.csv``), so a split in the file name applies to its rows. A label may be a class id
or a gloss (``asl_fingerspelling/index.csv`` gives letters); classes are then resolved in one place.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from gspgen.errors import DataError
from gspgen.skeleton.dataset import ClassInfo, Split

_COLUMNS = {
    "name": ("name", "sample", "sample_id", "sample_name", "file", "filename", "path", "video", "id"),
    "label": ("label", "labels", "class", "class_id", "label_id", "target"),
    "gloss": ("gloss", "glosses", "word", "words", "sign"),
    "signer": ("signer", "signer_id", "participant", "subject"),
    "split": ("split", "subset", "set", "partition"),
}
_SPLITS: dict[str, Split] = {
    "train": "train", "training": "train",
    "val": "val", "valid": "val", "validation": "val", "dev": "val",
    "test": "test", "testing": "test",
}  # fmt: skip
_SIGNER = (re.compile(r"(signer\d+)", re.IGNORECASE), re.compile(r"^(P\d+)_"))


@dataclass(frozen=True)
class LabelRow:
    """One labelled clip as a labels file states it; ``where`` is ``file:line`` for error messages."""

    name: str
    label: int | None
    gloss: str | None
    signer: str | None
    split: Split | None
    where: str


def clip_key(name: str) -> str:
    """How labels rows and clip files are matched: the bare file stem, without a ``_color`` suffix."""
    stem = Path(name.strip()).name
    for suffix in (".npy", ".pose", ".mp4", ".avi"):
        stem = stem.removesuffix(suffix)
    return stem.removesuffix("_color")


def parse_split(value: str, where: str) -> Split:
    split = _SPLITS.get(value.strip().lower())
    if split is None:
        raise DataError(f"unknown split {value!r} (use train, val or test)", where=where)
    return split


def split_from_filename(path: Path) -> Split | None:
    """'train_labels.csv' → train; None when the name says no split."""
    words = re.split(r"[^a-z]+", path.stem.lower())
    found = {_SPLITS[w] for w in words if w in _SPLITS}
    return found.pop() if len(found) == 1 else None


def signer_from_name(name: str) -> str:
    """AUTSL 'signer12_sample3' → signer12, SLR500 'P01_...' → P01; else 'unknown'."""
    for pattern in _SIGNER:
        match = pattern.search(name)
        if match:
            return match.group(1).lower() if match.group(1).lower().startswith("signer") else match.group(1)
    return "unknown"


def read_labels(path: Path) -> list[LabelRow]:
    """All rows of one labels file (DataError naming file:line for anything malformed)."""
    text = path.read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise DataError("labels file is empty", where=path)
    delimiter = "\t" if "\t" in lines[0] else ","
    rows = list(csv.reader(lines, delimiter=delimiter))
    header = _header_columns(rows[0], path)
    body = rows[1:] if header else rows
    file_split = split_from_filename(path)
    return [
        _row(cells, header or _positional(cells), file_split, f"{path}:{n + (2 if header else 1)}")
        for n, cells in enumerate(body)
    ]


def _positional(cells: list[str]) -> dict[str, int]:
    """Headerless rows: name, label, then signer and/or split in either order (SAM-SLR writes
    ``name,label,split``), a split being any cell that names one."""
    third_is_split = len(cells) > 2 and cells[2].strip().lower() in _SPLITS
    return (
        {"name": 0, "label": 1, "split": 2, "signer": 3}
        if third_is_split
        else {"name": 0, "label": 1, "signer": 2, "split": 3}
    )


def _header_columns(first: list[str], path: Path) -> dict[str, int] | None:
    """Column positions when the first row is a header (its second cell is not an integer)."""
    if len(first) >= 2 and _is_int(first[1]):
        return None
    names = [cell.strip().lower() for cell in first]
    columns = {key: names.index(a) for key, aliases in _COLUMNS.items() for a in aliases if a in names}
    if "name" not in columns or not ({"label", "gloss"} & columns.keys()):
        raise DataError(f"labels header {first} needs a name column and a label or gloss column", where=path)
    return columns


def _row(cells: list[str], columns: dict[str, int], file_split: Split | None, where: str) -> LabelRow:
    def cell(key: str) -> str | None:
        pos = columns.get(key)
        return cells[pos].strip() if pos is not None and pos < len(cells) and cells[pos].strip() else None

    name, label, gloss = cell("name"), cell("label"), cell("gloss")
    if name is None or (label is None and gloss is None):
        raise DataError("row needs a sample name and a label", where=where)
    if label is not None and not _is_int(label):
        label, gloss = None, gloss or label  # a word in the label column is a gloss
    split_cell = cell("split")
    return LabelRow(
        name=name,
        label=int(label) if label is not None else None,
        gloss=gloss,
        signer=cell("signer"),
        split=parse_split(split_cell, where) if split_cell else file_split,
        where=where,
    )


def _is_int(value: str) -> bool:
    return re.fullmatch(r"\s*-?\d+\s*", value) is not None


def read_class_list(path: Path) -> list[str]:
    """Glosses by class id from a vocabulary: one gloss a line, or ``id<TAB/,>...gloss`` (last column)."""
    lines = [line for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
    if not lines:
        raise DataError("class list is empty", where=path)
    delimiter = "\t" if "\t" in lines[0] else ("," if "," in lines[0] else None)
    if delimiter is None:
        return [line.strip() for line in lines]
    rows = list(csv.reader(lines, delimiter=delimiter))
    if not _is_int(rows[0][0]):
        rows = rows[1:]  # header
    glosses: dict[int, str] = {}
    for n, row in enumerate(rows):
        if not _is_int(row[0]) or len(row) < 2:
            raise DataError(f"expected 'id{delimiter}gloss', got {row}", where=f"{path}:{n + 1}")
        glosses[int(row[0])] = row[-1].strip()
    if sorted(glosses) != list(range(len(glosses))):
        raise DataError("class ids must be 0..N-1 without gaps", where=path)
    return [glosses[i] for i in range(len(glosses))]


def resolve_classes(rows: list[LabelRow], class_list: list[str] | None) -> tuple[list[ClassInfo], list[int]]:
    """Classes of a dataset and each row's class id: ids checked against the class list, glosses looked up.

    Without a class list, integer labels define classes 0..max (gloss from a gloss column, else
    ``class_<id>``) and gloss-only labels become classes in sorted order.
    """
    if class_list is None:
        class_list = _implied_classes(rows)
    lookup = {g.lower(): i for i, g in enumerate(class_list)}
    ids = []
    for row in rows:
        if row.label is not None:
            if not 0 <= row.label < len(class_list):
                raise DataError(
                    f"label {row.label} out of range 0..{len(class_list) - 1} (sample {row.name})",
                    where=row.where,
                )
            ids.append(row.label)
        elif row.gloss is not None and row.gloss.lower() in lookup:
            ids.append(lookup[row.gloss.lower()])
        else:
            raise DataError(
                f"gloss {row.gloss!r} is not in the class list (sample {row.name})", where=row.where
            )
    return [ClassInfo(class_id=i, gloss=g) for i, g in enumerate(class_list)], ids


def _implied_classes(rows: list[LabelRow]) -> list[str]:
    labelled = [r for r in rows if r.label is not None]
    if labelled:
        negative = next((r for r in labelled if r.label is not None and r.label < 0), None)
        if negative is not None:
            raise DataError(f"negative label {negative.label} (sample {negative.name})", where=negative.where)
        names = {r.label: r.gloss for r in labelled if r.gloss}
        count = max(r.label for r in labelled if r.label is not None) + 1
        return [names.get(i) or f"class_{i}" for i in range(count)]
    return sorted({r.gloss for r in rows if r.gloss}, key=str.lower)
