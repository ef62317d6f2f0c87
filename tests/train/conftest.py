"""Tiny real datasets and descriptions for the train tests: each class moves the right hand its own way."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from gspgen.config import TrainSettings
from gspgen.jsonio import append_jsonl
from gspgen.records import DescriptionRecord, Generation, PartSegment
from gspgen.skeleton.dataset import ClassInfo, DatasetInfo, DatasetWriter
from tests.train.toy import toy_settings

GLOSSES = ["HELLO", "THANKS", "PLEASE", "SORRY"]
RIGHT_HAND = range(112, 133)
LEFT_HAND = range(91, 112)


def _clip(class_id: int, rng: np.random.Generator, frames: int) -> np.ndarray:
    """A standing signer (random jitter) whose right hand traces class ``class_id``'s path."""
    base = rng.normal(0, 2.0, size=(133, 2)) + np.array([320.0, 240.0])
    base[5], base[6] = [280.0, 200.0], [360.0, 200.0]  # shoulders: the normalisation frame
    t = np.linspace(0, 1, frames)[:, None]
    angle = 2 * np.pi * t * (1 + class_id % 2) * (1 if class_id < 2 else -1)
    path = 40 * np.concatenate([np.cos(angle), np.sin(angle)], axis=1)
    xy = np.repeat(base[None], frames, axis=0) + rng.normal(0, 1.0, size=(frames, 133, 2))
    xy[:, list(RIGHT_HAND)] += path[:, None, :]
    conf = np.ones((frames, 133, 1))
    return np.concatenate([xy, conf], axis=-1).astype(np.float32)


def make_dataset(
    root: Path, *, classes: int = 4, train: int | list[int] = 8, val: int = 3, test: int = 3, seed: int = 0
) -> Path:
    """``train`` clips per class (or a count per class: a long-tailed set), ``val`` and ``test`` each."""
    info = DatasetInfo(
        name="tiny",
        classes=[
            ClassInfo(class_id=i, gloss=GLOSSES[i % 4] + ("" if i < 4 else str(i))) for i in range(classes)
        ],
        source="tests/train/conftest.py",
    )
    rng = np.random.default_rng(seed)
    with DatasetWriter(root, info) as writer:
        for split, per_split in (("train", train), ("val", val), ("test", test)):
            for c in range(classes):
                count = per_split[c] if isinstance(per_split, list) else per_split
                for k in range(count):
                    clip = _clip(c, rng, int(rng.integers(24, 40)))
                    writer.add(
                        clip, sample_id=f"{split}-{c}-{k}", class_id=c, signer=f"{split}{k % 2}", split=split
                    )  # type: ignore[arg-type]
    return root


def record(class_id: int, gloss: str, approved: dict[str, str] | None = None) -> DescriptionRecord:
    now = datetime.now(UTC)
    direction = "clockwise" if class_id < 2 else "counter-clockwise"
    rec = DescriptionRecord(
        class_id=class_id,
        glosses=[gloss],
        language="ase",
        primary_description=f"The right hand circles {direction}.",
        global_descriptions=[
            f"The right hand traces a {direction} circle {1 + class_id % 2} times in front of the chest."
        ],
        synonyms=[
            f"Right palm moves round {direction}, {1 + class_id % 2} loops.",
            f"A {direction} loop with the dominant hand.",
        ],
        parts=[
            PartSegment(text=f"right hand circles {direction}", parts=["right_hand"]),
            PartSegment(text="body stays still, face neutral", parts=["body", "face"]),
        ],
        generation=Generation(model="test", endpoint_kind="fake", steps={}, started_at=now, finished_at=now),
    )
    if approved:
        from gspgen.records import FieldReview

        rec.review.fields = {k: FieldReview(status=v) for k, v in approved.items()}  # type: ignore[arg-type]
    return rec


def write_descriptions(path: Path, ids_glosses: list[tuple[int, str]]) -> Path:
    for cid, gloss in ids_glosses:
        append_jsonl(path, record(cid, gloss))
    return path


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_dataset(tmp_path_factory.mktemp("data") / "tiny")


@pytest.fixture(scope="session")
def tiny_descriptions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_descriptions(
        tmp_path_factory.mktemp("desc") / "descriptions.jsonl", list(enumerate(GLOSSES))
    )


@pytest.fixture(scope="session")
def text_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One embedding cache for the session: the text model is loaded once, not per test."""
    return tmp_path_factory.mktemp("text-cache")


@pytest.fixture
def tiny_settings(text_cache: Path) -> TrainSettings:
    """The same architecture at toy width: SAM-SLR's 27 joints, 4 base channels, 8 frames, one thread."""
    return toy_settings(text_cache)


@pytest.fixture
def dataset_factory():  # type: ignore[no-untyped-def]
    """``make_dataset`` for tests that need a dataset of another shape."""
    return make_dataset


@pytest.fixture
def descriptions_factory():  # type: ignore[no-untyped-def]
    return write_descriptions


@pytest.fixture
def record_factory():  # type: ignore[no-untyped-def]
    return record
