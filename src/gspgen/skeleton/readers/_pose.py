"""``.pose`` files (pose-format) → COCO-WholeBody 133 clips.

Points are matched by component and point *name*, so full MediaPipe Holistic (543/576 points, face 468 or
478), reduced MediaPipe files and OpenPose BODY_25 + face 70 + hands all land in one layout. Converting
(rather than keeping MediaPipe's own 543-point layout) lets every preset and every tool treat imported
pose files like any other whole-body data; the FaceMesh points beyond the 68 iBUG ones are not used by any
preset and are dropped. COCO-WB points a file lacks (small toes for MediaPipe, anything a reduced file
left out) and masked detections get coordinates 0 and confidence 0. Z and world landmarks are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from gspgen.errors import DataError
from gspgen.skeleton.keypoints import (
    BODY_NAMES,
    FACE0,
    FACEMESH_FOR_IBUG,
    FEET_NAMES,
    LHAND0,
    MP_POSE_FOR_COCO,
    MP_POSE_NAMES,
    RHAND0,
)

_MP_HAND = ["WRIST"] + [
    f"{finger}_{joint}"
    for finger, joints in (
        ("THUMB", ("CMC", "MCP", "IP", "TIP")),
        ("INDEX_FINGER", ("MCP", "PIP", "DIP", "TIP")),
        ("MIDDLE_FINGER", ("MCP", "PIP", "DIP", "TIP")),
        ("RING_FINGER", ("MCP", "PIP", "DIP", "TIP")),
        ("PINKY", ("MCP", "PIP", "DIP", "TIP")),
    )
    for joint in joints
]
_BODY25 = {
    "Nose": "nose", "REye": "right_eye", "LEye": "left_eye", "REar": "right_ear", "LEar": "left_ear",
    "RShoulder": "right_shoulder", "LShoulder": "left_shoulder", "RElbow": "right_elbow",
    "LElbow": "left_elbow", "RWrist": "right_wrist", "LWrist": "left_wrist", "RHip": "right_hip",
    "LHip": "left_hip", "RKnee": "right_knee", "LKnee": "left_knee", "RAnkle": "right_ankle",
    "LAnkle": "left_ankle", "LBigToe": "left_big_toe", "LSmallToe": "left_small_toe", "LHeel": "left_heel",
    "RBigToe": "right_big_toe", "RSmallToe": "right_small_toe", "RHeel": "right_heel",
}  # fmt: skip
_COCO_BODY = {name: i for i, name in enumerate(BODY_NAMES + FEET_NAMES)}
_MP_POSE_TO_COCO = {mp: coco for coco, mp in enumerate(MP_POSE_FOR_COCO) if mp >= 0}
_FACEMESH_TO_IBUG = {mesh: k for k, mesh in enumerate(FACEMESH_FOR_IBUG)}


def coco_index(component: str, point: str, position: int) -> int | None:
    """The COCO-WB index of one pose-format point, or None when it has no equivalent."""
    if component == "POSE_LANDMARKS" and point.lower() in MP_POSE_NAMES:
        return _MP_POSE_TO_COCO.get(MP_POSE_NAMES.index(point.lower()))
    if component == "FACE_LANDMARKS" and point.isdigit():
        k = _FACEMESH_TO_IBUG.get(int(point))
        return None if k is None else FACE0 + k
    if component in ("LEFT_HAND_LANDMARKS", "RIGHT_HAND_LANDMARKS") and point in _MP_HAND:
        return (LHAND0 if component.startswith("LEFT") else RHAND0) + _MP_HAND.index(point)
    if component == "pose_keypoints_2d" and point in _BODY25:
        return _COCO_BODY[_BODY25[point]]
    if component == "face_keypoints_2d":
        k = int(point.rsplit("_", 1)[-1]) if point.rsplit("_", 1)[-1].isdigit() else 68
        return FACE0 + k if k < 68 else None  # 68, 69 are OpenPose's pupils
    if component in ("hand_left_keypoints_2d", "hand_right_keypoints_2d") and position < 21:
        return (LHAND0 if "left" in component else RHAND0) + position
    return None


@dataclass(frozen=True)
class PoseHeader:
    fps: float | None
    width: int | None
    height: int | None


def _read(path: Path):  # noqa: ANN202 - pose_format.Pose, imported lazily
    from pose_format import Pose

    try:
        return Pose.read(path.read_bytes())
    except Exception as exc:  # pose-format raises struct/Value/Index errors on bad files: translate them all
        raise DataError(f"not a readable .pose file: {type(exc).__name__}: {exc}", where=path) from None


def read_header(path: Path) -> PoseHeader:
    pose = _read(path)
    dims = pose.header.dimensions
    return PoseHeader(
        fps=float(pose.body.fps) or None, width=int(dims.width) or None, height=int(dims.height) or None
    )


@cache
def _plan(components: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[np.ndarray, np.ndarray]:
    """Flat point positions in the file and their COCO-WB targets, per distinct header."""
    source, target, offset = [], [], 0
    for name, points in components:
        for position, point in enumerate(points):
            coco = coco_index(name, point, position)
            if coco is not None:
                source.append(offset + position)
                target.append(coco)
        offset += len(points)
    return np.array(source, dtype=np.int64), np.array(target, dtype=np.int64)


def to_coco(path: Path, where: str) -> np.ndarray:
    """One .pose file as a (T, 133, 3) float32 clip of pixel x, y and confidence (person 0)."""
    pose = _read(path)
    components = tuple((c.name, tuple(c.points)) for c in pose.header.components)
    source, target = _plan(components)
    if len(source) == 0:
        raise DataError(f"no known keypoint components in {[c[0] for c in components]}", where=where)
    data, conf = pose.body.data, np.asarray(pose.body.confidence)
    if data.ndim != 4 or data.shape[0] == 0 or data.shape[1] == 0:
        raise DataError(f"no frames or no person (data shape {tuple(data.shape)})", where=where)
    xy = np.ma.getdata(data)[:, 0, source, :2]
    mask: np.ndarray = np.ma.getmaskarray(data)
    seen = np.logical_not(mask[:, 0, source, :2].any(axis=-1))
    clip = np.zeros((data.shape[0], 133, 3), dtype=np.float32)
    clip[:, target, :2] = np.where(seen[:, :, None], xy, 0.0)
    clip[:, target, 2] = np.where(seen, conf[:, 0, source], 0.0)
    return clip


def loader(path: Path, where: str) -> Callable[[], np.ndarray]:
    return lambda: to_coco(path, where)
