"""The training configuration every train and infer test shares."""

from __future__ import annotations

from pathlib import Path

from gspgen.config import TrainSettings


def toy_settings(cache: Path) -> TrainSettings:
    """The training configuration of every train test: real architecture at toy width, one thread."""
    return TrainSettings(
        text_cache_dir=cache,
        keypoints="sam27",
        base_channels=4,
        frames=8,
        epochs=2,
        warmup_epochs=1,
        lr_steps=[10],
        batch_size=8,
        num_workers=0,
        threads=1,
        seed=0,
    )
