"""Full-state checkpoints: everything needed to continue a run bit-for-bit, written atomically.

``last.pt`` holds a :class:`TrainState`: the model, optimizer, scheduler and grad-scaler states, the
global RNG states, the completed epoch and step, the history so far and the run hash that produced it.
``best.pt`` holds :class:`BestWeights`. Data order and augmentation are seeded from (seed, epoch,
sample), so they need no stored state. Saved with ``torch.save`` (plain dicts, loadable with
``weights_only=True``) to a temp file and ``os.replace``d: a kill mid-write leaves the previous one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

import torch
from pydantic import BaseModel, ConfigDict, ValidationError

from gspgen.errors import TrainError
from gspgen.train.rundir import EpochRecord


class Checkpoint(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True, extra="forbid")

    config_hash: str  # the run hash (config + data + descriptions) this checkpoint belongs to
    model: dict[str, torch.Tensor]
    epoch: int


class BestWeights(Checkpoint):
    """best.pt: the weights with the best validation top-1; ``epoch`` is 0-based."""


class TrainState(Checkpoint):
    """last.pt: ``epoch`` epochs are done (the next one to run), after ``step`` optimizer steps."""

    optimizer: dict[str, Any]
    scheduler: dict[str, Any]
    scaler: dict[str, Any]
    rng: dict[str, Any]
    step: int
    history: list[EpochRecord]
    best_epoch: int  # 0-based; -1 = none yet
    best_val_top1: float


C = TypeVar("C", bound=Checkpoint)


def save(path: Path, state: Checkpoint | dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    payload = state.model_dump(mode="python") if isinstance(state, Checkpoint) else state
    torch.save(payload, tmp)
    os.replace(tmp, path)


def load(path: Path, run_hash: str, kind: type[C]) -> C:
    """A checkpoint of ``kind`` written by the run with this hash, or a TrainError saying why not."""
    if not path.exists():
        raise TrainError("no checkpoint to resume from", where=path)
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # torch raises many types for truncated or foreign files
        raise TrainError(f"unreadable checkpoint: {exc}", where=path) from None
    found = state.get("config_hash") if isinstance(state, dict) else None
    if found != run_hash:
        raise TrainError(
            f"checkpoint comes from another config (hash {found}, this run {run_hash})", where=path
        )
    try:
        return kind.model_validate(state)
    except ValidationError as exc:
        fields = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
        raise TrainError(f"not a {kind.__name__} checkpoint: {fields}", where=path) from None
