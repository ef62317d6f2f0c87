"""End-to-end runs on a tiny real dataset: learning, resume equivalence, reports, bad input, ensemble."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from gspgen.config import TrainSettings
from gspgen.errors import TrainError
from gspgen.train import checkpoint, ensemble, evaluate, train
from gspgen.train.checkpoint import TrainState
from gspgen.train.rundir import RunDir, read_history, read_metrics


def _weights(run: Path, name: str = "last.pt") -> dict[str, torch.Tensor]:
    return torch.load(run / name, map_location="cpu", weights_only=True)["model"]


@pytest.mark.slow
def test_smoke_training_reduces_loss_and_writes_reports(
    tiny_data: Path, tiny_descriptions: Path, tiny_settings: TrainSettings
) -> None:
    settings = tiny_settings.model_copy(update={"epochs": 6, "lr": 0.05})
    summary = train(tiny_data, Path("run"), settings, descriptions=tiny_descriptions)
    assert summary is not None and summary.training is not None
    history = read_history(RunDir(Path("run")).history)
    assert history == checkpoint.load(Path("run/last.pt"), summary.run_hash or "", TrainState).history
    assert [h.epoch for h in history] == list(range(1, 7))
    assert history[-1].losses["loss"] < history[0].losses["loss"]
    assert {"ce", "contrastive", "global", "synonyms", "right_hand"} <= set(history[0].losses)
    for name in (
        "run.json",
        "text_bank.pt",
        "best.pt",
        "last.pt",
        "history.json",
        "curves.png",
        "metrics.json",
    ):
        assert (Path("run") / name).exists(), name
    for split in ("val", "test"):
        folder = Path("run/eval") / split
        for name in (
            "metrics.json",
            "per_class.csv",
            "confusion.csv",
            "confusion.png",
            "scores.npy",
            "labels.npy",
        ):
            assert (folder / name).exists(), f"{split}/{name}"
        rows = (folder / "per_class.csv").read_text().splitlines()
        assert rows[0] == "class_id,gloss,support,correct,accuracy" and len(rows) == 5
        scores = np.load(folder / "scores.npy")
        assert scores.shape == (12, 4) and np.allclose(scores.sum(1), 1, atol=1e-5)
    test = summary.splits["test"]
    assert 0 <= test.top1 <= test.top5 <= 1 and test.retrieval.queries == 12
    done = summary.training
    assert done.s_per_epoch > 0 and done.train_clips_per_s > 0 and done.peak_memory_mb > 0
    assert read_metrics(Path("run/metrics.json")) == summary
    assert read_metrics(Path("run/eval/test/metrics.json")).splits == {"test": test}
    meta = json.loads(Path("run/run.json").read_text())
    assert meta["classes_with_texts"] == 4 and meta["config_hash"] == summary.config_hash


@pytest.mark.slow
def test_resume_gives_the_same_weights_as_an_uninterrupted_run(
    tiny_data: Path, tiny_descriptions: Path, tiny_settings: TrainSettings
) -> None:
    train(tiny_data, Path("full"), tiny_settings, descriptions=tiny_descriptions)
    stopped = train(tiny_data, Path("part"), tiny_settings, descriptions=tiny_descriptions, stop_after=1)
    assert stopped is None and torch.load(Path("part/last.pt"), weights_only=True)["epoch"] == 1
    assert not Path("part/metrics.json").exists()
    train(tiny_data, Path("part"), tiny_settings, descriptions=tiny_descriptions, resume=True)
    for name in ("last.pt", "best.pt"):
        full, resumed = _weights(Path("full"), name), _weights(Path("part"), name)
        assert full.keys() == resumed.keys()
        for key in full:
            assert torch.equal(full[key], resumed[key]), f"{name}: {key}"
    full_test, part_test = (read_metrics(Path(r, "metrics.json")).splits["test"] for r in ("full", "part"))
    assert full_test.model_dump(exclude={"eval_clips_per_s"}) == part_test.model_dump(
        exclude={"eval_clips_per_s"}
    )


@pytest.mark.slow
def test_a_new_run_decides_with_its_texts_and_a_prior_correction_chosen_on_validation(
    tmp_path: Path, tiny_descriptions: Path, tiny_settings: TrainSettings, dataset_factory
) -> None:
    """Run defaults on a long-tailed set (8, 8, 1, 1 training clips): run.json holds the text-target
    figures, best.pt the decision (class text vectors, the prior correction chosen on validation), and
    evaluating it again decides exactly as the run's own report. The paper's setting has none of it."""
    data = dataset_factory(tmp_path / "longtail", classes=4, train=[8, 8, 1, 1], val=3, test=3)
    summary = train(
        data, Path("new"), tiny_settings.model_copy(update={"epochs": 3}), descriptions=tiny_descriptions
    )
    assert summary is not None and summary.training is not None
    prior = summary.training.prior
    assert prior is not None and prior.frequent_classes == 2 and prior.rows[0].weight == 0.0
    meta = json.loads(Path("new/run.json").read_text())
    assert meta["text_targets"]["transform"] == "whiten" and meta["config"]["decision"] == "texts"
    best = _weights(Path("new"), "best.pt")
    assert float(best["prior_weight"]) == prior.weight and float(best["log_prior"][2]) < float(
        best["log_prior"][0]
    )
    # Decision terms: global + sam27's four pooled parts (left and right hand, face = nose, body).
    assert best["class_texts"].shape[:2] == (5, 4) and bool(best["class_texts"][0].abs().sum(dim=-1).all())
    saved = np.load("new/eval/test/scores.npy")
    evaluate(Path("new"), "test")
    assert np.allclose(np.load("new/eval/test/scores.npy"), saved, atol=1e-6)
    paper = {"text_transform": "none", "decision": "classifier", "prior_correction": "none", "epochs": 1}
    train(data, Path("paper"), tiny_settings.model_copy(update=paper), descriptions=tiny_descriptions)
    old = _weights(Path("paper"), "best.pt")
    assert not {"prior_weight", "class_texts", "text_scale"} & set(old)
    assert read_metrics(Path("paper/metrics.json")).training.prior is None  # type: ignore[union-attr]


def test_bad_inputs_are_clear_errors_and_overwrite_nothing(
    tmp_path: Path, tiny_data: Path, tiny_settings: TrainSettings, dataset_factory, descriptions_factory
) -> None:
    make_dataset, write_descriptions = dataset_factory, descriptions_factory
    wrong_ids = write_descriptions(tmp_path / "wrong.jsonl", [(0, "HELLO"), (9, "GOODBYE")])
    with pytest.raises(TrainError, match="class id 9"):
        train(tiny_data, Path("run"), tiny_settings, descriptions=wrong_ids)
    swapped = write_descriptions(tmp_path / "swapped.jsonl", [(0, "THANKS")])
    with pytest.raises(TrainError, match="'HELLO' in the dataset"):
        train(tiny_data, Path("run"), tiny_settings, descriptions=swapped)
    assert not Path("run").exists()
    no_val = make_dataset(tmp_path / "noval", classes=2, train=2, val=0, test=1)
    with pytest.raises(TrainError, match="split 'val' is empty"):
        train(no_val, Path("run"), tiny_settings)
    Path("run").mkdir()
    (Path("run") / "run.json").write_text("{}")
    with pytest.raises(TrainError, match="already holds a run"):
        train(tiny_data, Path("run"), tiny_settings)
    assert (Path("run") / "run.json").read_text() == "{}"
    with pytest.raises(TrainError, match="not a run directory"):
        evaluate(Path("nowhere"))


@pytest.mark.slow
def test_checkpoint_from_another_config_and_eval_split_checks(
    tmp_path: Path, tiny_data: Path, tiny_settings: TrainSettings, dataset_factory
) -> None:
    make_dataset = dataset_factory
    settings = tiny_settings.model_copy(update={"epochs": 1})
    train(tiny_data, Path("ce"), settings)  # no descriptions: CE-only baseline
    before = Path("ce/last.pt").read_bytes()
    with pytest.raises(TrainError, match="another config.*epochs"):
        train(tiny_data, Path("ce"), settings.model_copy(update={"epochs": 3}), resume=True)
    assert Path("ce/last.pt").read_bytes() == before
    other = make_dataset(tmp_path / "other", classes=3, train=2, val=1, test=1)
    with pytest.raises(TrainError, match="classes differ"):
        evaluate(Path("ce"), "test", other)
    result = evaluate(Path("ce"), "val")
    assert result.retrieval.r1 is None  # no texts, no retrieval
    fused = ensemble([Path("ce"), Path("ce")], [1.0, 0.5], "test", Path("fused"))
    single = read_metrics(Path("ce/eval/test/metrics.json")).splits["test"]
    assert fused.splits["test"].top1 == pytest.approx(single.top1) and Path("fused/confusion.png").exists()
    assert [r.weight for r in read_metrics(Path("fused/metrics.json")).fused or []] == [1.0, 0.5]
    with pytest.raises(TrainError, match="2 weights for 1 runs"):
        ensemble([Path("ce")], [1.0, 0.9], "test")
    # Default weights follow each run's recorded stream, not the order the runs are named in.
    shutil.copytree("ce", "bone")
    meta = json.loads(Path("bone/run.json").read_text())
    meta["config"]["stream"] = "bone"
    Path("bone/run.json").write_text(json.dumps(meta))
    by_stream = ensemble([Path("bone"), Path("ce")], None, "test", Path("fused2"))
    assert [(r.stream, r.weight) for r in by_stream.fused or []] == [("bone", 0.9), ("joint", 1.0)]
