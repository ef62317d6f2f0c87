"""Builders of skeleton data in the exact published formats (SAM-SLR arrays + label pickle, npy clips)."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np


def make_clip(frames: int, joints: int, seed: int) -> np.ndarray:
    """A finite (T, V, 3) pixel clip with confidences in (0, 1]: smooth motion, like pose estimates."""
    rng = np.random.default_rng(seed)
    base = rng.uniform(100, 400, size=(1, joints, 2))
    drift = np.cumsum(rng.normal(0, 2, size=(frames, joints, 2)), axis=0)
    conf = rng.uniform(0.3, 1.0, size=(frames, joints, 1))
    return np.concatenate([base + drift, conf], axis=-1).astype(np.float32)


def loop_pad_150(clip: np.ndarray) -> np.ndarray:
    """SAM-SLR's sign_gendata padding: repeat the clip until it fills 150 frames."""
    reps = -(-150 // len(clip))
    return np.concatenate([clip] * reps)[:150]


def write_sam_slr(
    root: Path, split: str, clips: list[np.ndarray], names: list[str], labels: list[int]
) -> tuple[Path, Path]:
    """``{split}_data_joint.npy`` (N, 3, 150, V, 1) float32 and ``{split}_label.pkl`` = (names, labels)."""
    root.mkdir(parents=True, exist_ok=True)
    data = np.stack([loop_pad_150(c).transpose(2, 0, 1)[..., None] for c in clips]).astype(np.float32)
    npy, pkl = root / f"{split}_data_joint.npy", root / f"{split}_label.pkl"
    np.save(npy, data)
    with pkl.open("wb") as handle:
        pickle.dump((names, [np.int64(x) for x in labels]), handle)
    return npy, pkl
