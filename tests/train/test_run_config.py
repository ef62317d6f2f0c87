"""Presets carry the paper's hyper-parameters; overrides and hashes behave."""

from __future__ import annotations

import pytest

from gspgen.config import TrainSettings
from gspgen.errors import TrainError
from gspgen.train.run import overrides
from gspgen.train.run_config import resolve


def test_paper_presets() -> None:
    slr, autsl = resolve("slr500"), resolve("autsl")
    for c in (slr, autsl):
        assert (c.epochs, c.warmup_epochs, c.lr_steps, c.base_channels, c.frames) == (
            110,
            5,
            [90, 100],
            64,
            64,
        )
        assert (c.momentum, c.alpha, c.tau, c.ablation) == (0.9, 0.5, 0.1, "all")
    assert (slr.batch_size, slr.lr, slr.weight_decay) == (120, 0.06, 5e-4)
    assert (autsl.batch_size, autsl.lr, autsl.weight_decay) == (80, 0.04, 4e-4)


def test_cpu_small_is_the_same_architecture_narrower() -> None:
    small, full = resolve("cpu-small"), resolve("slr500")
    assert small.base_channels < full.base_channels and small.frames < full.frames
    assert small.epochs < full.epochs and all(step < small.epochs for step in small.lr_steps)


def test_overrides_and_hash() -> None:
    base = resolve("cpu-small")
    changed = resolve("cpu-small", overrides(TrainSettings(epochs=3, num_workers=4)))
    assert changed.epochs == 3 and changed.hash() != base.hash()
    assert resolve("cpu-small", {"num_workers": 7}).hash() == base.hash()  # speed knobs are not in the hash


def test_bad_values_are_train_errors() -> None:
    with pytest.raises(TrainError, match="unknown preset"):
        resolve("imagenet")
    with pytest.raises(TrainError, match="epochs"):
        resolve("cpu-small", {"epochs": 0})
