"""Training to a validation plateau: lr cuts and the stop follow the validation curve, and resume agrees."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from gspgen.config import TrainSettings
from gspgen.train import loop, train
from gspgen.train.loop import Outputs, Plateau, plateau
from gspgen.train.run_config import resolve
from gspgen.train.rundir import RunDir, read_history, read_metrics


def test_plateau_cuts_after_patience_epochs_without_a_new_best_then_stops() -> None:
    assert plateau([0.1, 0.2, 0.3], patience=2, max_cuts=1) == Plateau(0)
    assert plateau([0.5, 0.5, 0.4], patience=2, max_cuts=1) == Plateau(1)  # a tie is no improvement
    assert plateau([0.5, 0.5, 0.4, 0.6, 0.6], patience=2, max_cuts=1) == Plateau(1)  # counter restarted
    assert plateau([0.5, 0.4, 0.4, 0.4, 0.4], patience=2, max_cuts=1) == Plateau(1, stop=True)
    assert plateau([0.5, 0.4], patience=1, max_cuts=0) == Plateau(0, stop=True)  # plain early stopping
    assert plateau([], patience=1, max_cuts=2) == Plateau(0)


def test_patience_is_in_the_hash_only_when_set() -> None:
    fixed = resolve("cpu-small")
    assert "patience" not in fixed.model_dump(mode="json", exclude={"patience"})
    assert resolve("cpu-small", {"plateau_cuts": 5}).hash() == fixed.hash()  # inert without patience
    assert resolve("cpu-small", {"patience": 3}).hash() != fixed.hash()


@pytest.fixture
def flat_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation during training always scores 50 %: a curve that never improves after epoch 1."""

    def predict(model: torch.nn.Module, loader: object, runtime: object) -> Outputs:
        scores = np.array([[1.0, 0.0], [1.0, 0.0]])
        return Outputs(scores, np.array([0, 1]), np.zeros((2, 4)))

    monkeypatch.setattr(loop, "predict", predict)


def _weights(run: Path, name: str) -> dict[str, torch.Tensor]:
    return torch.load(run / name, map_location="cpu", weights_only=True)["model"]


@pytest.mark.usefixtures("flat_validation")
def test_a_flat_validation_curve_cuts_the_lr_then_stops_and_resume_agrees(
    tiny_data: Path, tiny_settings: TrainSettings
) -> None:
    settings = tiny_settings.model_copy(update={"epochs": 30, "patience": 2, "plateau_cuts": 1, "lr": 0.05})
    summary = train(tiny_data, Path("full"), settings)
    history = read_history(RunDir(Path("full")).history)
    # best at epoch 1; epochs 2-3 without a new best: lr x0.1; epochs 4-5 again: stop (not 30 epochs)
    assert [h.epoch for h in history] == [1, 2, 3, 4, 5]
    assert [h.lr for h in history[1:]] == pytest.approx([0.05, 0.05, 0.005, 0.005])
    assert summary is not None and summary.training is not None
    assert summary.training.stopped_early and summary.training.epochs == 5
    assert summary.training.best_epoch == 1 and "test" in summary.splits

    assert train(tiny_data, Path("part"), settings, stop_after=2) is None  # before the cut
    assert train(tiny_data, Path("part"), settings, resume=True, stop_after=2) is None  # across it
    resumed = train(tiny_data, Path("part"), settings, resume=True)
    assert [h.epoch for h in read_history(RunDir(Path("part")).history)] == [1, 2, 3, 4, 5]
    for name in ("last.pt", "best.pt"):
        full, part = _weights(Path("full"), name), _weights(Path("part"), name)
        assert all(torch.equal(full[k], part[k]) for k in full), name
    assert resumed is not None and resumed.splits["test"].top1 == summary.splits["test"].top1
    again = train(tiny_data, Path("part"), settings, resume=True)  # a stopped run only re-evaluates
    assert again is not None and read_metrics(Path("part/metrics.json")).training == again.training
    assert len(read_history(RunDir(Path("part")).history)) == 5
