"""Presets carry the paper's hyper-parameters; overrides and hashes behave."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gspgen.cli import app
from gspgen.config import TrainSettings
from gspgen.errors import ConfigError, TrainError
from gspgen.train.loop import LrSchedule
from gspgen.train.run_config import resolve
from gspgen.train.trainer import overrides


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
    with pytest.raises(TrainError, match="warmup_epochs exceeds epochs"):
        resolve("cpu-small", {"epochs": 2, "warmup_epochs": 3})


def test_base_channels_must_split_into_the_temporal_branches() -> None:
    assert resolve("cpu-small", {"base_channels": 12}).base_channels == 12
    with pytest.raises(TrainError, match="base_channels: must be a multiple of 4 .* got 6$") as caught:
        resolve("cpu-small", {"base_channels": 6})
    assert "Value error" not in str(caught.value)


def test_every_invalid_field_is_listed() -> None:
    with pytest.raises(TrainError) as caught:
        resolve("cpu-small", {"base_channels": 10, "lr": -1, "stream": "depth"})
    assert [p.split(":")[0] for p in caught.value.message.split("; ")] == ["stream", "base_channels", "lr"]


def test_the_cli_rejects_bad_base_channels_in_one_line(tiny_data: Path) -> None:
    result = CliRunner().invoke(app, ["train", "--data", str(tiny_data), "-o", "run", "--config", "c.toml"])
    assert isinstance(result.exception, ConfigError)  # c.toml does not exist yet
    Path("c.toml").write_text("[train]\nbase_channels = 18\n")
    result = CliRunner().invoke(app, ["train", "--data", str(tiny_data), "-o", "run", "--config", "c.toml"])
    assert isinstance(result.exception, TrainError) and "multiple of 4" in str(result.exception)
    assert not Path("run").exists()


def _factors(warmup: int, steps: list[int], steps_per_epoch: int, epochs: int) -> list[float]:
    config = resolve("cpu-small", {"epochs": epochs, "warmup_epochs": warmup, "lr_steps": steps})
    factor = LrSchedule(config.model_copy(update={"lr_decay": 0.1}), steps_per_epoch)
    return [factor(step) for step in range(epochs * steps_per_epoch)]


def test_lr_factor_warms_up_per_step_then_decays_at_each_step_epoch() -> None:
    factors = _factors(warmup=2, steps=[3, 4], steps_per_epoch=4, epochs=5)
    assert factors[:8] == pytest.approx([1 / 8, 2 / 8, 3 / 8, 4 / 8, 5 / 8, 6 / 8, 7 / 8, 1.0])
    assert factors[8:12] == [1.0] * 4  # epoch 2: full rate
    assert factors[12:16] == pytest.approx([0.1] * 4) and factors[16:] == pytest.approx([0.01] * 4)
    assert all(a < b for a, b in zip(factors[:8], factors[1:8], strict=False))


def test_lr_factor_without_warm_up_starts_at_the_full_rate() -> None:
    factors = _factors(warmup=0, steps=[1], steps_per_epoch=3, epochs=2)
    assert factors == pytest.approx([1.0, 1.0, 1.0, 0.1, 0.1, 0.1])
