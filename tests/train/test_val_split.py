"""Model selection must not happen on test: `gspgen train` refuses a validation split that is the test split."""

from __future__ import annotations

from pathlib import Path

import pytest

from gspgen.config import TrainSettings
from gspgen.errors import DataError, TrainError
from gspgen.skeleton.dataset import DatasetWriter, SkeletonDataset
from gspgen.train import train


def _copy_with_val_as_test(src: Path, out: Path) -> Path:
    """The same clips, but the validation split is a copy of the test split (same sample ids)."""
    data = SkeletonDataset(src)
    with DatasetWriter(out, data.info) as writer:
        for s in data.samples:
            if s.split == "val":
                continue
            fields = {"class_id": s.class_id, "signer": s.signer, "sample_id": s.sample_id}
            writer.add(data.clip(s.index), split=s.split, **fields)  # type: ignore[arg-type]
            if s.split == "test":
                writer.add(data.clip(s.index), split="val", **fields)  # type: ignore[arg-type]
    return out


def test_train_refuses_val_equal_to_test_and_names_the_fix(
    tmp_path: Path,
    dataset_factory,
    tiny_settings: TrainSettings,  # type: ignore[no-untyped-def]
) -> None:
    data = _copy_with_val_as_test(dataset_factory(tmp_path / "ds", train=2, val=1, test=1), tmp_path / "bad")
    with pytest.raises(DataError, match="the validation split is the test split") as info:
        train(data, tmp_path / "run", tiny_settings)
    assert "--val-signers" in str(info.value) and not (tmp_path / "run").exists()


def test_train_without_val_points_at_val_signers(
    tmp_path: Path,
    dataset_factory,
    tiny_settings: TrainSettings,  # type: ignore[no-untyped-def]
) -> None:
    data = dataset_factory(tmp_path / "ds", train=2, val=0, test=1)
    with pytest.raises(
        TrainError, match=r"split .val. is empty \(carve one from train: .*--val-signers N.\)"
    ):
        train(data, tmp_path / "run", tiny_settings)
