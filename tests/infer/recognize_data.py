"""One tiny trained run on a zero-shot synth split, shared by the recognize, zero-shot and export tests.

``gspgen synth`` renders 8 classes (2 of them unseen: test clips only) with its ground-truth descriptions,
and a toy-width run trains on it once per test session (module-level cache: three test modules use it).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gspgen.config import DataSettings
from gspgen.synth import make_params, synthesize
from tests.train.toy import toy_settings

FINGERSPELLING = Path(__file__).resolve().parents[1] / "fixtures" / "pose" / "asl_fingerspelling"


@dataclass(frozen=True)
class TinyRun:
    data: Path
    run: Path
    descriptions: Path
    cache: Path
    unseen: list[int]

    def toml(self) -> str:
        """A gspgen.toml that points the CLI at the shared text cache."""
        return f'[train]\ntext_cache_dir = "{self.cache}"\n'


@functools.cache
def tiny_run(root: Path) -> TinyRun:
    from rich.console import Console

    from gspgen.train import train

    params = make_params(
        lexicon=DataSettings().lexicon,
        classes=8,
        signers=4,
        repetitions=2,
        min_frames=20,
        max_frames=30,
        workers=1,
        unseen_classes=2,
    )
    data = root / "data"
    summary = synthesize(params, data)
    cache = root / "text-cache"
    descriptions = data / "descriptions.jsonl"
    train(data, root / "run", toy_settings(cache), descriptions=descriptions, console=Console(quiet=True))
    return TinyRun(data, root / "run", descriptions, cache, summary.unseen_classes)


def write_pose(path: Path, clip: np.ndarray, fps: float = 30.0) -> Path:
    """A MediaPipe Holistic .pose file (a real file's header) holding a COCO-WholeBody (T, 133, 3) clip."""
    from pose_format import Pose
    from pose_format.numpy.pose_body import NumPyPoseBody

    from gspgen.skeleton.readers._pose import coco_index

    header = Pose.read(next(FINGERSPELLING.glob("*.pose")).read_bytes()).header
    points = sum(len(c.points) for c in header.components)
    data = np.zeros((len(clip), 1, points, 3), dtype=np.float32)
    confidence = np.zeros((len(clip), 1, points), dtype=np.float32)
    offset = 0
    for component in header.components:
        for position, point in enumerate(component.points):
            coco = coco_index(component.name, point, position)
            if coco is not None:
                data[:, 0, offset + position, :2] = clip[:, coco, :2]
                confidence[:, 0, offset + position] = clip[:, coco, 2]
        offset += len(component.points)
    mask = np.repeat((confidence == 0)[..., None], 3, axis=-1)
    body = NumPyPoseBody(fps, np.ma.masked_array(data, mask=mask), confidence)
    with path.open("wb") as handle:
        Pose(header, body).write(handle)
    return path
