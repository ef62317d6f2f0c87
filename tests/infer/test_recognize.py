"""`gspgen recognize` on new clips: same scores as eval, every input format, clear per-clip errors, ensembles."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.infer.recognition import ClipResult, recognize
from gspgen.skeleton.dataset import SkeletonDataset
from gspgen.skeleton.keypoints import SAM27_COCO
from tests.infer.recognize_data import TinyRun, write_pose

pytestmark = pytest.mark.slow  # one tiny training run per session


def _eval_scores(tiny: TinyRun) -> tuple[SkeletonDataset, dict[str, np.ndarray]]:
    """The test split's softmax scores as `gspgen train` saved them, by sample id."""
    folder = tiny.run / "eval" / "test"
    samples = json.loads((folder / "samples.json").read_text())
    scores = np.load(folder / "scores.npy")
    return SkeletonDataset(tiny.data), dict(zip(samples, scores, strict=True))


def _by_class(result: ClipResult) -> np.ndarray:
    probs = np.zeros(8)
    for p in result.predictions:
        probs[p.class_id] = p.probability
    return probs


def _json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_pose_from_a_synthetic_clip_and_a_real_pose_file_as_json(tiny: TinyRun, pose_dir: Path) -> None:
    data, scores = _eval_scores(tiny)
    sample = data.samples[data.indices("test")[0]]
    synthetic = write_pose(Path("synthetic.pose"), np.asarray(data.clip(sample.index)))
    real = pose_dir / "asl_fingerspelling" / "fs-sts203d382660b73b889208b3e5838967e4.pose"
    Path("gspgen.toml").write_text(tiny.toml())
    result = CliRunner().invoke(
        app, ["recognize", str(tiny.run), str(synthetic), str(real), "--json", "-k", "3"]
    )
    assert result.exit_code == 0, result.output
    lines = _json_lines(result.stdout)
    assert [line["input"] for line in lines] == [str(synthetic), str(real)]
    glosses = {c.gloss for c in data.info.classes}
    for line in lines:
        ranked = line["predictions"]
        assert [p["rank"] for p in ranked] == [1, 2, 3] and {p["gloss"] for p in ranked} <= glosses
        probs = [p["probability"] for p in ranked]
        assert probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1 + 1e-6
        assert line["mode"] == "closed" and line["layout"] == "coco_wholebody_133"
    # The .pose round trip keeps every joint the run's preset uses, so the scores are eval's.
    top = lines[0]["predictions"][0]
    assert top["probability"] == pytest.approx(float(scores[sample.sample_id].max()), abs=1e-5)
    assert top["class_id"] == data.info.classes[int(scores[sample.sample_id].argmax())].class_id


def test_npy_clips_and_a_sam_slr_array_score_exactly_as_eval(tiny: TinyRun) -> None:
    data, scores = _eval_scores(tiny)
    test = [data.samples[i] for i in data.indices("test")[:3]]
    Path("clips").mkdir()
    for s in test:
        np.save(Path("clips") / f"{s.sample_id}.npy", np.asarray(data.clip(s.index)))
    # SAM-SLR stores 27 joints, loop-padded to 150 frames: (N, 3, T, V, M).
    padded = np.zeros((len(test), 3, 150, 27, 1), dtype=np.float32)
    for n, s in enumerate(test):
        clip = np.asarray(data.clip(s.index))[:, SAM27_COCO]
        reps = np.concatenate([clip] * (150 // len(clip) + 1))[:150]
        padded[n, :, :, :, 0] = reps.transpose(2, 0, 1)
    np.save("test_data_joint.npy", padded)
    results: list[ClipResult] = []
    summary = recognize(
        tiny.run,
        [Path("clips"), Path("test_data_joint.npy")],
        k=8,
        cache_dir=tiny.cache,
        on_result=results.append,
    )
    assert summary.clips == 6 and summary.failed == 0 and summary.classes == 8
    assert [r.input for r in results[3:]] == [f"test_data_joint.npy#{n}" for n in range(3)]
    for result, s in zip(results, test + test, strict=True):
        assert np.allclose(_by_class(result), scores[s.sample_id], atol=1e-5), result.input


def test_unusable_clips_get_one_error_line_each_and_the_rest_are_recognised(tiny: TinyRun) -> None:
    data = SkeletonDataset(tiny.data)
    clip = np.asarray(data.clip(data.indices("test")[0]))
    folder = Path("inbox")
    folder.mkdir()
    np.save(folder / "a_good.npy", clip)
    no_hands = clip.copy()
    no_hands[:, 91:133, 2] = 0
    np.save(folder / "b_no_hands.npy", no_hands)
    np.save(folder / "c_short.npy", clip[:2])
    np.save(folder / "d_odd_layout.npy", clip[:, :50])
    (folder / "e_broken.pose").write_bytes(b"not a pose file")
    Path("gspgen.toml").write_text(tiny.toml())
    result = CliRunner().invoke(app, ["recognize", str(tiny.run), str(folder), "--json"])
    assert result.exit_code == 1
    lines = {Path(line["input"]).name: line for line in _json_lines(result.stdout)}
    assert len(lines["a_good.npy"]["predictions"]) == 5 and "error" not in lines["a_good.npy"]
    assert "no hands detected" in lines["b_no_hands.npy"]["error"]
    assert "too few frames (2" in lines["c_short.npy"]["error"]
    assert "50 joints is no known layout" in lines["d_odd_layout.npy"]["error"]
    assert "not a readable .pose file" in lines["e_broken.pose"]["error"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4 and all(str(folder) in line for line in errors)
    table = CliRunner().invoke(app, ["recognize", str(tiny.run), str(folder / "a_good.npy")])
    assert table.exit_code == 0 and "probability" in table.stdout and "1 of 1 clips" in table.stdout
    missing = CliRunner().invoke(app, ["recognize", str(tiny.run), "nowhere.npy"])
    assert missing.exit_code != 0 and "input not found" in str(missing.exception)


def test_an_ensemble_folder_is_accepted_as_the_run(tiny: TinyRun) -> None:
    data, scores = _eval_scores(tiny)
    sample = data.samples[data.indices("test")[1]]
    np.save("clip.npy", np.asarray(data.clip(sample.index)))
    Path("gspgen.toml").write_text(tiny.toml())
    runner = CliRunner()
    fused = runner.invoke(
        app, ["ensemble", str(tiny.run), str(tiny.run), "--weights", "1,0.5", "-o", "fused"]
    )
    assert fused.exit_code == 0, fused.output
    result = runner.invoke(app, ["recognize", "fused", "clip.npy", "--json", "-k", "8"])
    assert result.exit_code == 0, result.output
    (line,) = _json_lines(result.stdout)
    probs = np.zeros(8)
    for p in line["predictions"]:
        probs[p["class_id"]] = p["probability"]
    # (1 · p + 0.5 · p) / 1.5 = p: the same run twice fuses to itself.
    assert np.allclose(probs, scores[sample.sample_id], atol=1e-5)
