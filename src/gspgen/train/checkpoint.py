"""Full-state checkpoints: everything needed to continue a run bit-for-bit, written atomically.

A checkpoint holds the model, optimizer, scheduler and grad-scaler states, the global RNG states,
the completed epoch and step, the history so far and the hash of the run config that produced it.
Data order and augmentation are seeded from (seed, epoch, sample), so they need no stored state.
Saved with ``torch.save`` to a temp file and ``os.replace``d: a kill mid-write leaves the previous one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch

from gspgen.errors import TrainError

LAST = "last.pt"
BEST = "best.pt"


def save(path: Path, state: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def load(path: Path, config_hash: str) -> dict[str, Any]:
    """A checkpoint written by a run with the same config hash, or a TrainError saying why not."""
    if not path.exists():
        raise TrainError("no checkpoint to resume from", where=path)
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # torch raises many types for truncated or foreign files
        raise TrainError(f"unreadable checkpoint: {exc}", where=path) from None
    found = state.get("config_hash")
    if found != config_hash:
        raise TrainError(
            f"checkpoint comes from another config (hash {found}, this run {config_hash})", where=path
        )
    return state
