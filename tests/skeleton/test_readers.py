from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from gspgen.errors import DataError
from gspgen.skeleton.dataset import SkeletonDataset
from gspgen.skeleton.readers import detect_format, import_dataset

from .skeleton_data import make_clip, write_sam_slr


def test_sam_slr_arrays_import_with_lengths_signers_and_splits(sam_slr_dir: Path, tmp_path: Path) -> None:
    vocab = tmp_path / "classes.txt"
    vocab.write_text("0\tbook\n1\tdrink\n2\tcomputer\n3\tbefore\n")  # WLASL class-list format
    assert detect_format(sam_slr_dir) == "sam-slr"
    result = import_dataset(sam_slr_dir, tmp_path / "ds", classes=vocab)
    assert (result.format, result.layout, result.samples, result.classes) == ("sam-slr", "sam27", 16, 4)
    ds = SkeletonDataset(result.path)
    assert ds.info.layout == "sam27" and ds.info.num_joints == 27 and ds.info.coords == "pixel"
    assert [c.gloss for c in ds.info.classes] == ["book", "drink", "computer", "before"]
    assert ds.summary()["per_split"] == {"train": 12, "test": 4}
    assert ds.summary()["signers"] == {"train": 3, "val": 0, "test": 1}
    sample = next(s for s in ds.samples if s.sample_id == "signer1_sample2_color")
    assert (sample.class_id, sample.signer, sample.split) == (2, "signer1", "train")
    assert sample.frames == 40 + 7 * 2 + 1  # loop padding to 150 undone
    np.testing.assert_array_equal(ds.clip(sample.index), make_clip(sample.frames, 27, seed=102))
    assert "train_data_joint.npy sample 6" in sample.source


def test_sam_slr_single_file_and_default_glosses(sam_slr_dir: Path, tmp_path: Path) -> None:
    result = import_dataset(sam_slr_dir / "test_data_joint.npy", tmp_path / "ds")
    ds = SkeletonDataset(result.path)
    assert len(ds) == 4 and ds.indices("test") == [0, 1, 2, 3]
    assert [c.gloss for c in ds.info.classes] == ["class_0", "class_1", "class_2", "class_3"]


def _sam(tmp_path: Path, clips: list[np.ndarray], labels: list[int], names: list[str] | None = None) -> Path:
    root = tmp_path / "bad"
    names = names if names is not None else [f"signer0_sample{i}" for i in range(len(clips))]
    write_sam_slr(root, "train", clips, names, labels)
    return root


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda c: c.__setitem__((3, 4, 0), np.nan), "NaN or infinite"),
        (lambda c: c.__setitem__((0, 0, 1), np.inf), "NaN or infinite"),
        (lambda c: c.__setitem__(slice(None), 0.0), "zero-length clip"),
    ],
)
def test_sam_slr_bad_values_name_file_and_sample(tmp_path: Path, mutate: Callable, message: str) -> None:
    clips = [make_clip(20, 27, seed=i) for i in range(3)]
    mutate(clips[1])
    root = _sam(tmp_path, clips, [0, 1, 0])
    with pytest.raises(DataError, match=message) as info:
        import_dataset(root, tmp_path / "ds")
    assert "train_data_joint.npy sample 1 (signer0_sample1)" in str(info.value)
    assert not (tmp_path / "ds").exists() and not (tmp_path / "ds.partial").exists()


def test_sam_slr_count_shape_and_label_errors(tmp_path: Path) -> None:
    clips = [make_clip(20, 27, seed=i) for i in range(3)]
    root = _sam(tmp_path, clips, [0, 1, 0], names=["a", "b"])
    with pytest.raises(DataError, match="2 names and 3 labels in train_label.pkl for 3 clips"):
        import_dataset(root, tmp_path / "ds")
    shutil.rmtree(root)
    root = _sam(tmp_path, clips, [0, 1, 5])
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("a\nb\nc\n")
    with pytest.raises(DataError, match=r"label 5 out of range 0\.\.2 \(sample signer0_sample2\)") as info:
        import_dataset(root, tmp_path / "ds", classes=vocab)
    assert "train_data_joint.npy sample 2" in str(info.value)
    shutil.rmtree(root)
    root = _sam(tmp_path, clips, [0, -1, 1])
    with pytest.raises(DataError, match="negative label -1"):
        import_dataset(root, tmp_path / "ds")
    np.save(root / "train_data_joint.npy", np.zeros((3, 3, 150, 26, 1), dtype=np.float32))
    with pytest.raises(DataError, match=r"shape \(3, 3, 150, 26, 1\), expected"):
        import_dataset(root, tmp_path / "ds")
    (root / "train_label.pkl").unlink()
    np.save(root / "train_data_joint.npy", np.zeros((3, 3, 150, 27, 1), dtype=np.float32))
    with pytest.raises(DataError, match="label pickle not found"):
        import_dataset(root, tmp_path / "ds")


class _Evil:
    def __reduce__(self) -> tuple:
        return (os.system, ("echo pwned > pwned.txt",))


def test_label_pickle_that_runs_code_is_refused(tmp_path: Path) -> None:
    root = _sam(tmp_path, [make_clip(10, 27, seed=0)], [0])
    with (root / "train_label.pkl").open("wb") as handle:
        pickle.dump((["a"], [_Evil()]), handle)
    with pytest.raises(DataError, match="is not allowed"):
        import_dataset(root, tmp_path / "ds")
    assert not Path("pwned.txt").exists()


def test_wholebody_npy_folder_with_autsl_labels(wholebody_dir: Callable[..., Path], tmp_path: Path) -> None:
    src = wholebody_dir(count=6, classes=3)
    np.save(src / "signer7_sample99_color.npy", make_clip(10, 133, seed=99))  # a clip with no label row
    assert detect_format(src) == "wholebody-npy"
    result = import_dataset(src, tmp_path / "ds")
    assert result.skipped == ["signer7_sample99"]
    ds = SkeletonDataset(result.path)
    assert (ds.info.layout, len(ds), len(ds.info.classes)) == ("coco_wholebody_133", 6, 3)
    assert {s.split for s in ds.samples} == {"train"}  # from the file name train_labels.csv
    assert {s.signer for s in ds.samples} == {"signer0", "signer1"}
    s = ds.samples[4]
    assert (s.sample_id, s.class_id, s.frames) == ("signer0_sample4", 1, 34)
    np.testing.assert_array_equal(ds.clip(4), make_clip(34, 133, seed=4))


def test_wholebody_labels_with_header_gloss_signer_and_split(
    wholebody_dir: Callable[..., Path], tmp_path: Path
) -> None:
    src = wholebody_dir(count=4)
    (src / "train_labels.csv").unlink()
    (src / "labels.tsv").write_text(
        "video\tgloss\tsigner\tsplit\n"
        "signer0_sample0_color.npy\thello\tanna\ttrain\n"
        "signer1_sample1\tthanks\tben\tvalidation\n"
        "signer0_sample2\thello\tanna\ttrain\n"
        "signer1_sample3\tbook\tcarl\ttest\n"
    )
    ds = SkeletonDataset(import_dataset(src, tmp_path / "ds").path)
    assert [c.gloss for c in ds.info.classes] == ["book", "hello", "thanks"]
    assert [(s.class_id, s.signer, s.split) for s in ds.samples] == [
        (1, "anna", "train"), (2, "ben", "val"), (1, "anna", "train"), (0, "carl", "test"),
    ]  # fmt: skip


def test_wholebody_sam_slr_prepare_naming_and_split_column(tmp_path: Path) -> None:
    """SAM-SLR's gendata reads ``{name}_color.mp4.npy`` and a headerless ``name,label,split`` CSV."""
    src = tmp_path / "npy"
    src.mkdir()
    rows = []
    for i, split in enumerate(["train", "train", "val", "test"]):
        np.save(src / f"signer{i}_sample{i}_color.mp4.npy", make_clip(12 + i, 133, seed=i))
        rows.append(f"signer{i}_sample{i},{i % 2},{split}")
    (src / "train_val_labels.csv").write_text("\n".join(rows) + "\n")
    ds = SkeletonDataset(import_dataset(src, tmp_path / "ds").path)
    assert [(s.sample_id, s.signer, s.split, s.frames) for s in ds.samples] == [
        ("signer0_sample0", "signer0", "train", 12),
        ("signer1_sample1", "signer1", "train", 13),
        ("signer2_sample2", "signer2", "val", 14),
        ("signer3_sample3", "signer3", "test", 15),
    ]


@pytest.mark.parametrize(
    ("array", "message"),
    [
        (np.zeros((10, 133, 2), np.float32), r"shape \(10, 133, 2\), expected \(T, 133, 3\)"),
        (np.zeros((0, 133, 3), np.float32), "zero-length clip"),
        (np.full((5, 133, 3), np.nan, np.float32), "NaN or infinite"),
    ],
)
def test_wholebody_bad_clip_names_file_and_sample(
    wholebody_dir: Callable[..., Path], tmp_path: Path, array: np.ndarray, message: str
) -> None:
    src = wholebody_dir(count=3)
    np.save(src / "signer1_sample1_color.npy", array)
    with pytest.raises(DataError, match=message) as info:
        import_dataset(src, tmp_path / "ds")
    assert "signer1_sample1_color.npy (sample signer1_sample1)" in str(info.value)


def test_wholebody_label_problems(wholebody_dir: Callable[..., Path], tmp_path: Path) -> None:
    src = wholebody_dir(count=3)
    labels = src / "train_labels.csv"
    labels.write_text("signer0_sample0,0\nsigner1_sample1,1\nsigner0_sample9,2\n")
    with pytest.raises(DataError, match="no clip file for sample 'signer0_sample9'") as info:
        import_dataset(src, tmp_path / "ds")
    assert "train_labels.csv:3" in str(info.value)
    labels.write_text("signer0_sample0,0\nsigner1_sample1,1\nsigner0_sample2,7\n")
    (tmp_path / "vocab.txt").write_text("a\nb\nc\n")
    with pytest.raises(DataError, match="label 7 out of range"):
        import_dataset(src, tmp_path / "ds", classes=tmp_path / "vocab.txt")
    labels.write_text("signer0_sample0,0,s1,holdout\n")
    with pytest.raises(DataError, match="unknown split 'holdout'"):
        import_dataset(src, tmp_path / "ds")
    labels.write_text("signer0_sample0\n")
    with pytest.raises(DataError, match="needs a name column"):
        import_dataset(src, tmp_path / "ds")


def test_pose_fingerspelling_folder_is_a_letter_per_class(pose_dir: Path, tmp_path: Path) -> None:
    src = pose_dir / "asl_fingerspelling"
    assert detect_format(src) == "pose"
    ds = SkeletonDataset(import_dataset(src, tmp_path / "fs").path)
    assert [c.gloss for c in ds.info.classes] == ["A", "B", "C", "D", "E"]
    assert (len(ds), ds.info.layout, ds.info.fps, ds.info.width) == (5, "coco_wholebody_133", 25.0, 500)
    clip = np.asarray(ds.clip(0))
    assert (clip[:, 112:133, 2] > 0).mean() > 0.5  # the fingerspelling (right) hand is detected
    assert (clip[:, [18, 21], 2] == 0).all()  # small toes: not in MediaPipe
    upper = clip[:, list(range(11)) + list(range(23, 133))]  # legs may be extrapolated below the frame
    assert 0 < upper[upper[..., 2] > 0][:, :2].max() <= 500  # pixel coordinates


def test_pose_mediapipe_and_openpose_files(pose_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "poses"
    src.mkdir()
    for name in ("mediapipe.pose", "openpose.pose", "example__example.pose"):
        shutil.copy(pose_dir / name, src / name)
    (src / "labels.csv").write_text(
        "name,gloss\nmediapipe.pose,hello\nopenpose,hello\nexample__example,world\n"
    )
    ds = SkeletonDataset(import_dataset(src, tmp_path / "ds", fmt="pose").path)
    by_id = {s.sample_id: s for s in ds.samples}
    assert by_id["mediapipe"].frames == 170 and by_id["openpose"].frames == 93
    reduced = np.asarray(ds.clip(by_id["mediapipe"].index))  # a reduced MediaPipe file: 8 body points
    assert (reduced[:, 0, 2] == 0).all() and (reduced[:, 5, 2] > 0).any()
    openpose = np.asarray(ds.clip(by_id["openpose"].index))
    assert (openpose[:, [0, 5, 6, 9, 10], 2] > 0).any(axis=0).all()
    assert (openpose[:, 23:91, 2] > 0).any()


def test_corrupt_pose_file_and_undetectable_source(tmp_path: Path) -> None:
    src = tmp_path / "poses"
    src.mkdir()
    (src / "broken.pose").write_bytes(b"\x00\x01not a pose file")
    (src / "labels.csv").write_text("broken,0\n")
    with pytest.raises(DataError, match="not a readable .pose file"):
        import_dataset(src, tmp_path / "ds")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DataError, match="cannot tell the format"):
        detect_format(empty)
    with pytest.raises(DataError, match="source not found"):
        detect_format(tmp_path / "nowhere")
