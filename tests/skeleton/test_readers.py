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


# --- validation carved from train, and swap-hands ------------------------------------------------------


def test_val_signers_count_is_a_seeded_signer_disjoint_carve(sam_slr_dir: Path, tmp_path: Path) -> None:
    first = import_dataset(sam_slr_dir, tmp_path / "a", val_signers=1)
    again = import_dataset(sam_slr_dir, tmp_path / "b", val_signers=1)
    assert first.val_signers == again.val_signers and len(first.val_signers) == 1
    ds = SkeletonDataset(first.path)
    by_split = {sp: {s.signer for s in ds.samples if s.split == sp} for sp in ("train", "val", "test")}
    assert by_split["val"] == set(first.val_signers) and len(by_split["train"]) == 2
    assert not by_split["val"] & (by_split["train"] | by_split["test"])
    assert ds.summary()["per_split"] == {"train": 8, "val": 4, "test": 4}
    assert ds.info.extra["val_signers"] == first.val_signers


def test_val_signers_by_name_and_refusals(sam_slr_dir: Path, tmp_path: Path) -> None:
    ds = SkeletonDataset(import_dataset(sam_slr_dir, tmp_path / "a", val_signers=["signer2"]).path)
    assert {s.sample_id for s in ds.samples if s.split == "val"} == {
        f"signer2_sample{i}_color" for i in range(4)
    }
    for wanted, message in (
        (["signer9"], "signer 'signer9' is a test signer"),
        (["signer5"], "signer 'signer5' has no train clips"),
        (3, "leaves no training signer"),
        (["signer0", "signer1", "signer2"], "names every training signer"),
    ):
        with pytest.raises(DataError, match=message):
            import_dataset(sam_slr_dir, tmp_path / "bad", val_signers=wanted)
        assert not (tmp_path / "bad").exists()


def test_val_carving_needs_signers_and_no_existing_val(tmp_path: Path) -> None:
    clips = [make_clip(20, 27, seed=i) for i in range(4)]
    root = _sam(tmp_path, clips, [0, 1, 0, 1], names=[f"clip{i}" for i in range(4)])
    with pytest.raises(DataError, match="carry no signer ids"):
        import_dataset(root, tmp_path / "ds", val_signers=1)
    write_sam_slr(root, "val", clips[:2], ["signer3_a", "signer3_b"], [0, 1])
    with pytest.raises(DataError, match="has a validation split already"):
        import_dataset(root, tmp_path / "ds", val_signers=1)


def test_a_validation_split_equal_to_test_is_refused(tmp_path: Path) -> None:
    """SAM-SLR's AUTSL recipe evaluates on its val arrays; copied as both val and test they are one split."""
    clips = [make_clip(20, 27, seed=i) for i in range(4)]
    names = [f"signer{i}_sample0" for i in range(4)]
    root = _sam(tmp_path, clips, [0, 1, 0, 1])
    write_sam_slr(root, "val", clips, names, [0, 1, 0, 1])
    write_sam_slr(root, "test", clips, names, [0, 1, 0, 1])
    with pytest.raises(DataError, match="the validation split is the test split") as info:
        import_dataset(root, tmp_path / "ds")
    assert "--val-signers" in str(info.value) and not (tmp_path / "ds").exists()


def test_data_import_cli_val_signers(sam_slr_dir: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from gspgen.cli import app

    out = tmp_path / "ds"
    result = CliRunner().invoke(
        app, ["data", "import", str(sam_slr_dir), "-o", str(out), "--val-signers", "signer0"]
    )
    assert result.exit_code == 0, result.output
    assert "validation split: signers signer0 (carved from train)" in result.output
    assert SkeletonDataset(out).summary()["signers"] == {"train": 2, "val": 1, "test": 1}


def _flip_frame(clip: np.ndarray, width: float) -> np.ndarray:
    """What an estimator run on horizontally flipped frames reports for body and hands (COCO-WB 0-22,
    91-132): x → W − x, and each left/right joint named after the other side. Face joints stay put."""
    pairs = [(a, a + 1) for a in range(1, 17, 2)] + [(17 + k, 20 + k) for k in range(3)]
    pairs += [(91 + k, 112 + k) for k in range(21)]
    order = list(range(133))
    for a, b in pairs:
        order[a], order[b] = b, a
    out = clip[:, order].copy()
    out[..., 0] = np.where(out[..., 2] > 0, width - out[..., 0], out[..., 0])
    return out


def test_swap_hands_restores_a_real_signer_estimated_on_flipped_frames(
    pose_dir: Path, tmp_path: Path
) -> None:
    """The fingerspelling clips sign with the right hand, seen on the image's left (signer faces the camera).
    Estimated on flipped frames (SAM-SLR's wholepose demo) that hand is reported as the left one; swap-hands
    gives the signer's right hand back, on the signer's right side of the body."""
    real_result = import_dataset(pose_dir / "asl_fingerspelling", tmp_path / "real")
    assert real_result.left_leads == 0.0  # all 5 clips: the right hand signs
    real = SkeletonDataset(real_result.path)
    clip = np.asarray(real.clip(0))
    seen = clip[..., 2] > 0

    def mean_x(c: np.ndarray, joints: slice | int) -> float:
        part = c[:, joints]
        return float(part[..., 0][part[..., 2] > 0].mean())

    assert mean_x(clip, 6) < mean_x(clip, 0) < mean_x(clip, 5)  # right shoulder, nose, left shoulder
    assert (clip[:, 112:133, 2] > 0).all() and not (clip[:, 91:112, 2] > 0).any()
    assert mean_x(clip, slice(112, 133)) < mean_x(clip, 6)  # the signing hand: right, on the right side
    flipped_dir = tmp_path / "flipped"
    flipped_dir.mkdir()
    np.save(flipped_dir / "signer1_sample0.npy", _flip_frame(clip, 500.0))
    (flipped_dir / "labels.csv").write_text("signer1_sample0,0\n")
    as_is = import_dataset(flipped_dir, tmp_path / "as_is")
    assert as_is.left_leads == 1.0
    flipped = np.asarray(SkeletonDataset(as_is.path).clip(0))
    assert (flipped[:, 91:112, 2] > 0).all()  # the signing hand now reads as the left one
    restored_ds = import_dataset(flipped_dir, tmp_path / "swapped", swap_hands=True)
    assert restored_ds.left_leads == 0.0
    restored = np.asarray(SkeletonDataset(restored_ds.path).clip(0))
    body_hands = np.r_[0:23, 91:133]
    np.testing.assert_array_equal(restored[:, body_hands, 1:], clip[:, body_hands, 1:])  # y and confidence
    shift = (restored[..., 0] - clip[..., 0])[:, body_hands][seen[:, body_hands]]
    np.testing.assert_allclose(shift, shift[0], atol=1e-3)  # x back up to a shift (width unknown)
    assert mean_x(restored, slice(112, 133)) < mean_x(restored, 6) < mean_x(restored, 5)
    assert "swap-hands" in SkeletonDataset(restored_ds.path).info.source


def test_swap_hands_is_an_involution_on_sam27_and_uses_the_known_width(sam_slr_dir: Path) -> None:
    from gspgen.skeleton.readers._mirror import layout_mirror, swap_hands

    clip = make_clip(30, 27, seed=3)
    perm = layout_mirror("sam27")
    assert sorted(perm) == list(range(27)) and [perm[p] for p in perm] == list(range(27))
    assert perm[1] == 2 and perm[7] == 17  # shoulders; the hand roots (COCO 91 ↔ 112)
    np.testing.assert_allclose(
        swap_hands(swap_hands(clip, "sam27", None, "pixel"), "sam27", None, "pixel"), clip, atol=1e-3
    )
    wide = swap_hands(clip, "sam27", 512, "pixel")
    np.testing.assert_allclose(wide[:, 2, 0], 512 - clip[:, 1, 0])
    np.testing.assert_allclose(
        swap_hands(clip / [512, 512, 1], "sam27", None, "normalized")[:, 7, 0],
        1 - clip[:, 17, 0] / 512,
        rtol=1e-6,
    )


def test_import_cli_warns_when_the_left_hand_leads(pose_dir: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from gspgen.cli import app

    clip = np.asarray(
        SkeletonDataset(import_dataset(pose_dir / "asl_fingerspelling", tmp_path / "r").path).clip(0)
    )
    src = tmp_path / "flipped"
    src.mkdir()
    np.save(src / "signer1_sample0.npy", _flip_frame(clip, 500.0))
    (src / "labels.csv").write_text("signer1_sample0,0\n")
    runner = CliRunner()
    warned = runner.invoke(app, ["data", "import", str(src), "-o", str(tmp_path / "a")])
    assert warned.exit_code == 0 and "the left hand moves more in 100% of clips" in warned.output
    assert "--swap-hands" in warned.output
    fixed = runner.invoke(app, ["data", "import", str(src), "-o", str(tmp_path / "b"), "--swap-hands"])
    assert fixed.exit_code == 0 and "left hand moves more" not in fixed.output
