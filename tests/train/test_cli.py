"""`gspgen train / eval / ensemble` end to end: gspgen.toml < flags, and the artefacts they write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.errors import TrainError


@pytest.mark.slow
def test_train_eval_ensemble_commands(tiny_data: Path, text_cache: Path) -> None:
    Path("gspgen.toml").write_text(
        "[train]\n"
        f'text_cache_dir = "{text_cache}"\n'
        'keypoints = "sam27"\nbase_channels = 4\nframes = 8\nepochs = 1\nwarmup_epochs = 0\n'
        "batch_size = 8\nnum_workers = 0\nthreads = 1\nseed = 1\n"
    )
    runner = CliRunner()
    result = runner.invoke(
        app, ["train", "--data", str(tiny_data), "-o", "run", "--seed", "3", "--stream", "bone"]
    )
    assert result.exit_code == 0, result.output
    config = json.loads(Path("run/run.json").read_text())["config"]
    assert (config["seed"], config["base_channels"], config["stream"], config["ablation"]) == (
        3,
        4,
        "bone",
        "all",
    )
    result = runner.invoke(app, ["eval", "run", "--split", "val"])
    assert result.exit_code == 0, result.output
    assert json.loads(Path("run/eval/val/metrics.json").read_text())["splits"]["val"]["samples"] == 12
    result = runner.invoke(app, ["ensemble", "run", "run", "--weights", "1,0.9", "-o", "fused"])
    assert result.exit_code == 0, result.output
    assert json.loads(Path("fused/metrics.json").read_text())["fused"][1]["weight"] == 0.9
    result = runner.invoke(app, ["eval", "run", "--split", "train", "--data", "missing"])
    assert result.exit_code != 0
    result = runner.invoke(app, ["train", "--data", str(tiny_data), "-o", "run"])
    assert isinstance(result.exception, TrainError) and "already holds a run" in str(result.exception)
    flags = ["--epochs", "30", "--patience", "1", "--lr", "0.05"]
    result = runner.invoke(app, ["train", "--data", str(tiny_data), "-o", "plateau", *flags])
    assert result.exit_code == 0, result.output
    assert json.loads(Path("plateau/run.json").read_text())["config"]["patience"] == 1
    training = json.loads(Path("plateau/metrics.json").read_text())["training"]
    assert training["stopped_early"] and training["epochs"] < 30
