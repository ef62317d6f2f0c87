"""The canonical skeleton dataset gspgen writes and trains from.

A dataset is a directory::

    dataset.json    DatasetInfo: layout, joints, fps, classes (id + gloss), provenance
    samples.jsonl   one Sample per clip: class, signer, split, frame count, offset into joints.npy
    joints.npy      float32 (total_frames, V, 3) — x, y, confidence — all clips end to end, memory-mapped

Variable-length clips are stored end to end (no padding), so the on-disk size is the data itself and
any temporal policy (crop, resample, loop-pad) is a transform chosen at training time. Datasets are
written into ``DIR.partial`` and renamed into place at the end, so a crash never leaves a half dataset.
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from gspgen.errors import DataError

SCHEMA_VERSION = 1
INFO_FILE = "dataset.json"
SAMPLES_FILE = "samples.jsonl"
JOINTS_FILE = "joints.npy"

Split = Literal["train", "val", "test"]


class ClassInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    class_id: int
    gloss: str


class DatasetInfo(BaseModel):
    """What the arrays mean. ``layout`` names the keypoint order (see ``gspgen.skeleton.keypoints``)."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    name: str
    layout: str = "coco_wholebody_133"
    num_joints: int = 133
    fps: float = 30.0
    coords: Literal["pixel", "normalized"] = "pixel"
    width: int | None = None  # frame size in pixels, when known
    height: int | None = None
    classes: list[ClassInfo]
    source: str  # how it was made: "synth seed=0 ...", "import sam-slr /path", ...
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    extra: dict[str, object] = {}  # producer-specific facts (e.g. synth parameters)


class Sample(BaseModel):
    """One clip. ``offset``/``frames`` index rows of joints.npy; ``frames`` is the original length."""

    model_config = ConfigDict(extra="forbid")

    index: int
    sample_id: str
    class_id: int
    signer: str
    split: Split
    frames: int = Field(gt=0)
    offset: int = Field(ge=0)
    source: str = ""


def check_clip(clip: np.ndarray, num_joints: int, sample_id: str) -> np.ndarray:
    """A (T, V, 3) finite float32 clip with T > 0, or a DataError naming the sample."""
    if clip.ndim != 3 or clip.shape[1:] != (num_joints, 3):
        raise DataError(f"clip shape {tuple(clip.shape)}, expected (T, {num_joints}, 3)", where=sample_id)
    if clip.shape[0] == 0:
        raise DataError("zero-length clip", where=sample_id)
    if not np.isfinite(clip).all():
        raise DataError("NaN or infinite coordinates", where=sample_id)
    return np.ascontiguousarray(clip, dtype=np.float32)


class DatasetWriter:
    """Append clips, then ``close()`` renames the finished dataset into place (use as a context manager)."""

    def __init__(self, root: Path, info: DatasetInfo, *, overwrite: bool = False) -> None:
        if root.exists() and not overwrite:
            raise DataError("dataset already exists (use --overwrite to replace it)", where=root)
        self.root = root
        self.info = info
        self.partial = root.with_name(root.name + ".partial")
        shutil.rmtree(self.partial, ignore_errors=True)
        self.partial.mkdir(parents=True)
        self._raw = (self.partial / "joints.f32").open("wb")
        self._samples: list[Sample] = []
        self._frames = 0
        self._class_ids = {c.class_id for c in info.classes}

    def add(
        self, clip: np.ndarray, *, sample_id: str, class_id: int, signer: str, split: Split, source: str = ""
    ) -> Sample:
        if class_id not in self._class_ids:
            raise DataError(f"class id {class_id} is not in the dataset's classes", where=sample_id)
        clip = check_clip(clip, self.info.num_joints, sample_id)
        sample = Sample(
            index=len(self._samples),
            sample_id=sample_id,
            class_id=class_id,
            signer=signer,
            split=split,
            frames=clip.shape[0],
            offset=self._frames,
            source=source,
        )
        self._raw.write(clip.tobytes())
        self._samples.append(sample)
        self._frames += clip.shape[0]
        return sample

    def close(self) -> Path:
        self._raw.close()
        if not self._samples:
            raise DataError("no samples were written", where=self.root)
        flat = np.memmap(self.partial / "joints.f32", dtype=np.float32, mode="r")
        raw = flat.reshape(self._frames, self.info.num_joints, 3)
        out = np.lib.format.open_memmap(
            self.partial / JOINTS_FILE, mode="w+", dtype=np.float32, shape=raw.shape
        )
        for start in range(0, self._frames, 65536):
            out[start : start + 65536] = raw[start : start + 65536]
        out.flush()
        del out, raw, flat
        (self.partial / "joints.f32").unlink()
        with (self.partial / SAMPLES_FILE).open("w", encoding="utf-8") as handle:
            for sample in self._samples:
                handle.write(sample.model_dump_json() + "\n")
        (self.partial / INFO_FILE).write_text(self.info.model_dump_json(indent=2), encoding="utf-8")
        if self.root.exists():
            shutil.rmtree(self.root)
        os.replace(self.partial, self.root)
        return self.root

    def abort(self) -> None:
        self._raw.close()
        shutil.rmtree(self.partial, ignore_errors=True)

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


class SkeletonDataset:
    """A written dataset, memory-mapped: ``clip(i)`` is a (frames, V, 3) view of sample i."""

    def __init__(self, root: Path) -> None:
        self.root = root
        info_path = root / INFO_FILE
        if not info_path.exists():
            raise DataError(f"not a gspgen dataset (no {INFO_FILE})", where=root)
        self.info = DatasetInfo.model_validate_json(info_path.read_text(encoding="utf-8"))
        self.samples = [
            Sample.model_validate_json(line)
            for line in (root / SAMPLES_FILE).read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        self.joints = np.load(root / JOINTS_FILE, mmap_mode="r")
        self.class_gloss = {c.class_id: c.gloss for c in self.info.classes}

    def __len__(self) -> int:
        return len(self.samples)

    def clip(self, index: int) -> np.ndarray:
        sample = self.samples[index]
        return self.joints[sample.offset : sample.offset + sample.frames]

    def indices(self, split: Split) -> list[int]:
        return [s.index for s in self.samples if s.split == split]

    def summary(self) -> dict[str, object]:
        """Counts a person wants first: classes, samples per split, signers, frames."""
        frames = [s.frames for s in self.samples]
        return {
            "name": self.info.name,
            "layout": self.info.layout,
            "classes": len(self.info.classes),
            "samples": len(self.samples),
            "per_split": dict(Counter(s.split for s in self.samples)),
            "signers": {
                split: len({s.signer for s in self.samples if s.split == split})
                for split in ("train", "val", "test")
            },
            "frames": {"min": min(frames), "mean": float(np.mean(frames)), "max": max(frames)},
        }


def parse_val_signers(text: str) -> int | list[str]:
    """``--val-signers``: a count ("3") or a comma-separated list of signer ids ("P01,P07")."""
    text = text.strip()
    if text.isdigit():
        if int(text) < 1:
            raise DataError("--val-signers needs at least 1 signer")
        return int(text)
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise DataError(f"--val-signers: expected a number or signer ids, got {text!r}")
    return names


def _natural(name: str) -> tuple[object, ...]:
    """P2 before P10: digits compare as numbers."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def carve_val_signers(
    clips: Sequence[tuple[str, Split]], wanted: int | Sequence[str], seed: int = 0
) -> list[str]:
    """The train signers whose clips become the validation split (signer-disjoint from train and test).

    ``clips`` are (signer, split) pairs. A count picks that many train signers by a seeded draw, so the
    same source and seed always give the same split; a list must name train signers. Refused when the
    source has a validation split already, when signers are unknown, or when a named signer is a test one.
    """
    by_split: dict[str, set[str]] = {"train": set(), "val": set(), "test": set()}
    for signer, split in clips:
        by_split[split].add(signer)
    if by_split["val"]:
        raise DataError("the source has a validation split already; --val-signers carves one from train")
    train = sorted(by_split["train"], key=_natural)
    if not train or train == ["unknown"]:
        raise DataError(
            "the train clips carry no signer ids: cannot carve a signer-disjoint validation split"
        )
    if isinstance(wanted, int):
        if wanted >= len(train):
            raise DataError(f"--val-signers {wanted} leaves no training signer (train has {len(train)})")
        order = np.random.default_rng(seed).permutation(len(train))
        return sorted((train[i] for i in order[:wanted]), key=_natural)
    for name in wanted:
        if name in by_split["test"]:
            raise DataError(f"signer {name!r} is a test signer: validation must come from train, not test")
        if name not in by_split["train"]:
            raise DataError(
                f"signer {name!r} has no train clips (train signers: {', '.join(train[:12])} ...)"
            )
    if set(wanted) >= set(train):
        raise DataError("--val-signers names every training signer: nothing would be left to train on")
    return sorted(set(wanted), key=_natural)


def check_val_is_not_test(clips: Iterable[tuple[str, str]], where: str | Path) -> None:
    """Model selection on test clips is not validation: refuse a val split that shares clips with test.

    ``clips`` are (sample id, split) pairs. SAM-SLR's AUTSL recipe ships the same arrays as val and test.
    """
    val: set[str] = set()
    test: set[str] = set()
    for sample_id, split in clips:
        (val if split == "val" else test if split == "test" else set()).add(sample_id)
    shared = val & test
    if not shared:
        return
    what = "is the test split" if val == test else f"shares {len(shared)} clip(s) with the test split"
    raise DataError(
        f"the validation split {what} (e.g. {sorted(shared)[0]}): selecting models on it selects on test; "
        "carve a signer-disjoint validation split from train with `gspgen data import --val-signers N`",
        where=where,
    )


def write_dataset(
    root: Path,
    info: DatasetInfo,
    clips: Iterable[tuple[np.ndarray, dict[str, object]]],
    *,
    overwrite: bool = False,
) -> Path:
    """Write ``(clip, sample fields)`` pairs as one dataset (sample fields as in DatasetWriter.add)."""
    with DatasetWriter(root, info, overwrite=overwrite) as writer:
        for clip, fields in clips:
            writer.add(clip, **fields)  # type: ignore[arg-type]
    return root
