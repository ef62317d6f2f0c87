"""Fixtures in the exact published formats: SAM-SLR GCN arrays + label pickle, whole-body npy folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from .skeleton_data import make_clip, write_sam_slr


@pytest.fixture
def sam_slr_dir(tmp_path: Path) -> Path:
    """AUTSL-style SAM-SLR arrays: train (signers 0-2) and test (signer 9), 4 classes, 27 joints."""
    root = tmp_path / "sam-slr"
    for split, signers in (("train", (0, 1, 2)), ("test", (9,))):
        names, labels, clips = [], [], []
        for signer in signers:
            for label in range(4):
                names.append(f"signer{signer}_sample{label}_color")
                labels.append(label)
                clips.append(make_clip(40 + 7 * label + signer, 27, seed=100 * signer + label))
        write_sam_slr(root, split, clips, names, labels)
    return root


@pytest.fixture
def wholebody_dir(tmp_path: Path) -> Callable[..., Path]:
    """A folder of per-video (T, 133, 3) npy files plus an AUTSL-style ``train_labels.csv``."""

    def build(count: int = 6, classes: int = 3) -> Path:
        root = tmp_path / "wholebody"
        root.mkdir()
        lines = []
        for i in range(count):
            name = f"signer{i % 2}_sample{i}"
            np.save(root / f"{name}_color.npy", make_clip(30 + i, 133, seed=i))
            lines.append(f"{name},{i % classes}")
        (root / "train_labels.csv").write_text("\n".join(lines) + "\n")
        return root

    return build
