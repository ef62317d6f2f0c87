"""Regenerate docs/presets.png: the gsp87 and sam27 graphs on a mean pose from real MediaPipe data.

The mean pose averages the 26 ASL fingerspelling clips (shared/data/pose/asl_fingerspelling) after
centre/scale normalisation, weighting each point by its confidence. Those clips sign with the right hand
only, so joints never detected (the left hand, the left wrist) are filled by mirroring their partners.
Run: ``PYTHONPATH=src .venv/bin/python docs/presets_png.py [SHARED_DATA]``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

from gspgen.skeleton.dataset import SkeletonDataset
from gspgen.skeleton.drawing import render_presets
from gspgen.skeleton.keypoints import get_preset
from gspgen.skeleton.readers import import_dataset
from gspgen.skeleton.transforms import mirror, normalise


def mean_pose(root: Path) -> np.ndarray:
    coco = get_preset("coco133")
    dataset = SkeletonDataset(root)
    frames = np.concatenate([normalise(np.asarray(dataset.clip(i)), coco) for i in range(len(dataset))])
    weight = frames[..., 2:]
    total = weight.sum(axis=0)
    pose = np.zeros((133, 3), dtype=np.float32)
    pose[:, :2] = (frames[..., :2] * weight).sum(axis=0) / np.maximum(total, 1e-6)
    pose[:, 2] = (total[:, 0] > 0).astype(np.float32)
    flipped = mirror(pose[None], coco)[0]
    missing = pose[:, 2] == 0
    pose[missing] = flipped[missing]
    return pose


def main() -> None:
    shared = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = import_dataset(shared / "pose" / "asl_fingerspelling", Path(tmp) / "fs").path
        pose = mean_pose(root)
    print(render_presets(pose, Path(__file__).with_name("presets.png")))


if __name__ == "__main__":
    main()
