"""``gspgen data import | info | show`` end to end, opening what each command wrote."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.errors import DataError
from gspgen.skeleton.dataset import ClassInfo, DatasetInfo, SkeletonDataset, write_dataset
from gspgen.skeleton.drawing import render_presets
from gspgen.skeleton.keypoints import get_preset

from .skeleton_data import make_clip

runner = CliRunner()


def test_import_then_info(sam_slr_dir: Path) -> None:
    result = runner.invoke(app, ["data", "import", str(sam_slr_dir), "-o", "ds"])
    assert result.exit_code == 0, result.output
    assert "imported 16 clips, 4 classes (sam-slr, sam27)" in result.output
    assert len(SkeletonDataset(Path("ds"))) == 16
    info = runner.invoke(app, ["data", "info", "ds"])
    assert info.exit_code == 0, info.output
    for text in ("classes", "4", "train", "12 samples, 3 signers", "test", "4 samples, 1 signers", "frames"):
        assert text in info.output
    again = runner.invoke(app, ["data", "import", str(sam_slr_dir), "-o", "ds"])
    assert isinstance(again.exception, DataError) and "already exists" in str(again.exception)
    assert runner.invoke(app, ["data", "import", str(sam_slr_dir), "-o", "ds", "--overwrite"]).exit_code == 0


def test_frame_rate_of_sources_that_state_none_comes_from_settings_or_the_flag(sam_slr_dir: Path) -> None:
    Path("gspgen.toml").write_text("[data]\nfps = 25\n")
    assert runner.invoke(app, ["data", "import", str(sam_slr_dir), "-o", "a"]).exit_code == 0
    assert SkeletonDataset(Path("a")).info.fps == 25
    flag = runner.invoke(app, ["data", "import", str(sam_slr_dir), "-o", "b", "--fps", "50"])
    assert flag.exit_code == 0 and SkeletonDataset(Path("b")).info.fps == 50


def test_import_with_explicit_format_and_split(wholebody_dir: Callable[..., Path]) -> None:
    src = wholebody_dir(count=4)
    (src / "train_labels.csv").rename(src / "labels.csv")
    result = runner.invoke(
        app, ["data", "import", str(src), "-o", "ds", "--format", "wholebody-npy", "--split", "test"]
    )
    assert result.exit_code == 0, result.output
    assert SkeletonDataset(Path("ds")).indices("test") == [0, 1, 2, 3]
    bad = runner.invoke(app, ["data", "import", str(src), "-o", "ds2", "--format", "openpose-json"])
    assert bad.exit_code == 2 and "openpose-json" in bad.output and "sam-slr" in bad.output


def _tiny_dataset(root: Path, frames: int = 4) -> Path:
    preset = get_preset("coco133")
    pose = make_clip(frames, 133, seed=0)
    pose[:, preset.parts["left_hand"], 2] = 0.0  # a missed hand must not be drawn
    info = DatasetInfo(name="tiny", classes=[ClassInfo(class_id=0, gloss="hello")], source="test")
    fields = {"sample_id": "s0", "class_id": 0, "signer": "p1", "split": "train"}
    return write_dataset(root, info, [(pose, fields)])


@pytest.mark.slow
def test_show_writes_png_strip_and_animated_gif() -> None:
    root = _tiny_dataset(Path("tiny"))
    png = runner.invoke(app, ["data", "show", str(root), "--sample", "0", "-o", "strip.png"])
    assert png.exit_code == 0, png.output
    with Image.open("strip.png") as image:
        assert image.width > 2 * image.height  # a strip of frames
    gif = runner.invoke(app, ["data", "show", str(root), "--sample", "0", "-o", "clip.gif"])
    assert gif.exit_code == 0, gif.output
    with Image.open("clip.gif") as image:
        assert image.n_frames == 4
    missing = runner.invoke(app, ["data", "show", str(root), "--sample", "3"])
    assert isinstance(missing.exception, DataError) and "out of range" in str(missing.exception)
    wrong = runner.invoke(app, ["data", "show", str(root), "-o", "clip.mp4"])
    assert isinstance(wrong.exception, DataError) and ".gif or .png" in str(wrong.exception)


def test_render_presets_draws_both_graphs(tmp_path: Path) -> None:
    pose = make_clip(1, 133, seed=1)[0]
    out = render_presets(pose, tmp_path / "presets.png")
    with Image.open(out) as image:
        pixels = np.asarray(image.convert("L"))
    assert (pixels < 128).mean() > 0.001  # something was drawn


def test_info_on_a_folder_that_is_not_a_dataset(tmp_path: Path) -> None:
    result = runner.invoke(app, ["data", "info", str(tmp_path)])
    assert isinstance(result.exception, DataError)
    with pytest.raises(DataError, match="not a gspgen dataset"):
        SkeletonDataset(tmp_path)
