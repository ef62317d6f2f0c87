"""The run directory: its names, its records, and how files from before the typed format are read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from gspgen.errors import TrainError
from gspgen.train import checkpoint
from gspgen.train.checkpoint import BestWeights, TrainState
from gspgen.train.rundir import (
    EpochRecord,
    Metrics,
    RunDir,
    load_meta,
    read_history,
    read_metrics,
    write_record,
)

SPLIT = {
    "samples": 12,
    "top1": 0.5,
    "top5": 1.0,
    "mean_class_accuracy": 0.5,
    "most_confused": [{"true": "HELLO", "predicted": "THANKS", "count": 3}],
    "retrieval": {"queries": 12, "r1": 0.25, "r5": 1.0},
    "eval_clips_per_s": 100.0,
}
OLD_SUMMARY = {  # a run's metrics.json as train/trainer.py wrote it before the typed format
    "run_hash": "r1",
    "config_hash": "c1",
    "best_epoch": 3,
    "epochs": 4,
    "s_per_epoch": 2.0,
    "train_clips_per_s": 40.0,
    "parameters": 1000,
    "val": SPLIT,
    "test": SPLIT | {"top1": 0.75},
    "peak_memory_mb": 300.0,
}


def test_every_file_is_named_under_the_run_root() -> None:
    run = RunDir(Path("runs/a"))
    named = [run.meta, run.text_bank, run.last, run.best, run.history, run.metrics, run.curves]
    assert [p.name for p in named] == [
        "run.json",
        "text_bank.pt",
        "last.pt",
        "best.pt",
        "history.json",
        "metrics.json",
        "curves.png",
    ]
    reports = run.eval("val")
    assert reports.root == Path("runs/a/eval/val")
    assert {
        p.parent for p in (reports.metrics, reports.per_class, reports.confusion_png, reports.scores)
    } == {reports.root}


def test_metrics_written_and_read_back_are_equal(tmp_path: Path) -> None:
    record = Metrics.model_validate({"run_hash": "r", "splits": {"test": SPLIT}})
    write_record(tmp_path / "metrics.json", record)
    assert json.loads((tmp_path / "metrics.json").read_text())["format"] == 2
    assert read_metrics(tmp_path / "metrics.json") == record


def test_a_format_1_run_summary_is_converted(tmp_path: Path) -> None:
    (tmp_path / "metrics.json").write_text(json.dumps(OLD_SUMMARY))
    metrics = read_metrics(tmp_path / "metrics.json")
    assert metrics.training is not None and metrics.training.best_epoch == 3
    assert metrics.training.peak_memory_mb == 300.0 and metrics.run_hash == "r1"
    assert metrics.splits["test"].top1 == 0.75 and metrics.splits["val"].retrieval.r1 == 0.25


def test_format_1_eval_and_ensemble_files_take_their_split_from_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "eval" / "val"
    folder.mkdir(parents=True)
    (folder / "metrics.json").write_text(json.dumps(SPLIT))
    assert read_metrics(folder / "metrics.json").splits["val"].samples == 12
    fused = tmp_path / "ensemble-test"
    fused.mkdir()
    runs = [{"run": "a", "stream": "joint", "weight": 1.0}, {"run": "b", "stream": "bone", "weight": 0.9}]
    (fused / "metrics.json").write_text(json.dumps(SPLIT | {"runs": runs, "single": [0.4, 0.3]}))
    metrics = read_metrics(fused / "metrics.json")
    assert [(r.stream, r.top1) for r in metrics.fused or []] == [("joint", 0.4), ("bone", 0.3)]
    assert set(metrics.splits) == {"test"}


def test_old_or_foreign_metrics_fail_with_the_file_named(tmp_path: Path) -> None:
    unknown = tmp_path / "fused" / "metrics.json"
    unknown.parent.mkdir()
    unknown.write_text(json.dumps(SPLIT))
    with pytest.raises(TrainError, match="split is unknown") as caught:
        read_metrics(unknown)
    assert caught.value.where == str(unknown)
    (tmp_path / "bad.json").write_text(json.dumps({"format": 2, "splits": {"test": {"top1": "high"}}}))
    with pytest.raises(TrainError, match=r"splits\.test\.top1.*splits\.test\.samples|samples.*top1"):
        read_metrics(tmp_path / "bad.json")
    (tmp_path / "torn.json").write_text('{"format": 2, "spl')
    with pytest.raises(TrainError, match="unreadable metrics"):
        read_metrics(tmp_path / "torn.json")


def test_epoch_history_reads_the_flat_losses_of_older_checkpoints(tmp_path: Path) -> None:
    old = {"epoch": 1, "step": 5, "lr": 0.1, "train_loss": 2.0, "train_ce": 1.5, "train_global": 0.5}
    old |= {"val_top1": 0.25, "seconds": 1.0, "clips_per_s": 8.0, "peak_memory_mb": 10.0}
    record = EpochRecord.model_validate(old)
    assert record.losses == {"loss": 2.0, "ce": 1.5, "global": 0.5}
    write_record(tmp_path / "history.json", [record])
    assert read_history(tmp_path / "history.json") == [record]
    with pytest.raises(ValueError, match="epoch"):
        EpochRecord.model_validate(old | {"epoch": 0})


def test_checkpoints_are_typed_and_checked_against_the_run(tmp_path: Path) -> None:
    weights = {"w": torch.arange(3.0)}
    checkpoint.save(tmp_path / "best.pt", BestWeights(config_hash="run1", model=weights, epoch=2))
    best = checkpoint.load(tmp_path / "best.pt", "run1", BestWeights)
    assert best.epoch == 2 and torch.equal(best.model["w"], weights["w"])
    with pytest.raises(TrainError, match="another config"):
        checkpoint.load(tmp_path / "best.pt", "run2", BestWeights)
    with pytest.raises(TrainError, match="not a TrainState checkpoint.*optimizer"):
        checkpoint.load(tmp_path / "best.pt", "run1", TrainState)


def test_a_folder_without_a_valid_run_json_is_named(tmp_path: Path) -> None:
    with pytest.raises(TrainError, match="not a run directory"):
        load_meta(tmp_path)
    (tmp_path / "run.json").write_text(json.dumps({"config": {"preset": "cpu-small"}}))
    with pytest.raises(TrainError, match="invalid run.json: .*config_hash") as caught:
        load_meta(tmp_path)
    assert caught.value.where == str(tmp_path / "run.json")
