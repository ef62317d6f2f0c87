"""Keypoint layouts (how a dataset stores joints) and presets (which joints a model sees).

Everything is expressed in COCO-WholeBody 133 order (body 17, feet 6, face 68 in iBUG-300W order, left
hand 21, right hand 21), extended with two virtual points, ``neck`` (mean of the shoulders) and ``mid_hip``
(mean of the hips). A dataset *layout* says how its stored joints map onto COCO-WB; a *preset* is a list of
COCO-WB (or virtual) joints with part groups, a skeleton tree and a left/right mirror permutation, so one
model class serves every preset and any dataset layout can feed any preset it covers.

MediaPipe Holistic (pose-format order: pose 33, face 468, left hand 21, right hand 21) maps 1:1 for hands,
via pose landmarks for the body and feet, and via the nearest FaceMesh landmarks for the 68 face points
(the usual dlib-68 ↔ FaceMesh correspondence, chosen to be left/right symmetric; see docs/presets.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np

from gspgen.errors import DataError

# --- COCO-WholeBody 133 names -------------------------------------------------------------------------

BODY_NAMES = [
    "nose", "left_eye", "right_eye", "left_ear", "right_ear",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
    "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
]  # fmt: skip
FEET_NAMES = ["left_big_toe", "left_small_toe", "left_heel", "right_big_toe", "right_small_toe", "right_heel"]
FACE_NAMES = [f"face_{k}" for k in range(68)]  # iBUG-300W / dlib numbering: face_k = COCO-WB 23 + k
HAND_NAMES = ["wrist"] + [
    f"{finger}_{joint}"
    for finger, joints in (
        ("thumb", ("cmc", "mcp", "ip", "tip")),
        ("index", ("mcp", "pip", "dip", "tip")),
        ("middle", ("mcp", "pip", "dip", "tip")),
        ("ring", ("mcp", "pip", "dip", "tip")),
        ("pinky", ("mcp", "pip", "dip", "tip")),
    )
    for joint in joints
]
COCO_WB_NAMES = (
    BODY_NAMES
    + FEET_NAMES
    + FACE_NAMES
    + [f"left_hand_{n}" for n in HAND_NAMES]
    + [f"right_hand_{n}" for n in HAND_NAMES]
)
FACE0, LHAND0, RHAND0 = 23, 91, 112
PARTS = ("body", "left_hand", "right_hand", "face", "mouth")
NECK, MID_HIP = 133, 134  # virtual joints, extended index space
VIRTUAL = {NECK: (5, 6), MID_HIP: (11, 12)}
EXT_NAMES = COCO_WB_NAMES + ["neck", "mid_hip"]
_EXT_INDEX = {name: i for i, name in enumerate(EXT_NAMES)}

# iBUG-68 groups (first, last) and each group's attachment point (a dlib index, or "nose" = COCO 0).
_FACE_GROUPS: list[tuple[int, int, int | str]] = [
    (0, 16, "nose"),  # jaw, subject's right ear → chin → left ear
    (17, 21, "nose"),  # right brow, outer → inner
    (22, 26, "nose"),  # left brow, inner → outer
    (27, 30, "nose"),  # nose bridge, top → tip
    (31, 35, 30),  # nostrils, hung from the nose tip
    (36, 41, "nose"),  # right eye ring
    (42, 47, "nose"),  # left eye ring
    (48, 59, "nose"),  # outer lip ring from the right mouth corner
    (60, 67, 48),  # inner lip ring, hung from the right mouth corner
]
_FACE_MIRROR = (
    [(k, 16 - k) for k in range(17)]
    + [(17 + k, 26 - k) for k in range(5)]
    + [(27, 27), (28, 28), (29, 29), (30, 30), (31, 35), (32, 34), (33, 33)]
    + [(36, 45), (37, 44), (38, 43), (39, 42), (40, 47), (41, 46)]
    + [(48, 54), (49, 53), (50, 52), (51, 51), (55, 59), (56, 58), (57, 57)]
    + [(60, 64), (61, 63), (62, 62), (65, 67), (66, 66)]
)


def _parent_table() -> dict[int, int]:
    """The full skeleton tree over the extended index space, child → parent; the nose is the root."""
    ix = _EXT_INDEX
    parent = {ix["neck"]: ix["nose"], ix["mid_hip"]: ix["neck"]}
    for side in ("left", "right"):
        for child, par in (
            ("ear", "eye"), ("elbow", "shoulder"), ("wrist", "elbow"),
            ("knee", "hip"), ("ankle", "knee"),
            ("big_toe", "ankle"), ("small_toe", "ankle"), ("heel", "ankle"),
        ):  # fmt: skip
            parent[ix[f"{side}_{child}"]] = ix[f"{side}_{par}"]
        parent[ix[f"{side}_eye"]] = ix["nose"]
        parent[ix[f"{side}_shoulder"]] = ix["neck"]
        parent[ix[f"{side}_hip"]] = ix["mid_hip"]
        hand = ix[f"{side}_hand_wrist"]
        parent[hand] = ix[f"{side}_wrist"]
        for finger in range(5):
            first = hand + 1 + 4 * finger
            parent[first] = hand
            for k in range(1, 4):
                parent[first + k] = first + k - 1
    for first, last, anchor in _FACE_GROUPS:
        parent[FACE0 + first] = 0 if anchor == "nose" else FACE0 + int(anchor)
        for k in range(first + 1, last + 1):
            parent[FACE0 + k] = FACE0 + k - 1
    return parent


PARENT = _parent_table()
# When a hip's own parent (mid_hip) is not in a preset, hang it from the same-side shoulder, not the nose.
_FALLBACK = {
    _EXT_INDEX["left_hip"]: _EXT_INDEX["left_shoulder"],
    _EXT_INDEX["right_hip"]: _EXT_INDEX["right_shoulder"],
}


def _mirror_ext(index: int) -> int:
    """The extended index a joint becomes under a left/right flip."""
    if FACE0 <= index < LHAND0:
        return FACE0 + dict(_FACE_MIRROR + [(b, a) for a, b in _FACE_MIRROR])[index - FACE0]
    name = EXT_NAMES[index]
    swapped = name.replace("left", "\0").replace("right", "left").replace("\0", "right")
    return _EXT_INDEX[swapped]


# --- dataset layouts ----------------------------------------------------------------------------------

SAM27_COCO = (
    [0, 5, 6, 7, 8, 9, 10]
    + [91, 95, 96, 99, 100, 103, 104, 107, 108, 111]
    + [112, 116, 117, 120, 121, 124, 125, 128, 129, 132]
)
MP_POSE_NAMES = [
    "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye", "right_eye_outer",
    "left_ear", "right_ear", "mouth_left", "mouth_right", "left_shoulder", "right_shoulder", "left_elbow",
    "right_elbow", "left_wrist", "right_wrist", "left_pinky", "right_pinky", "left_index", "right_index",
    "left_thumb", "right_thumb", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle",
    "right_ankle", "left_heel", "right_heel", "left_foot_index", "right_foot_index",
]  # fmt: skip
MP_FACE0, MP_LHAND0, MP_RHAND0, MP_TOTAL = 33, 501, 522, 543
MEDIAPIPE_NAMES = (
    [f"pose_{n}" for n in MP_POSE_NAMES]
    + [f"facemesh_{k}" for k in range(468)]
    + [f"left_hand_{n}" for n in HAND_NAMES]
    + [f"right_hand_{n}" for n in HAND_NAMES]
)
# COCO body/feet → MediaPipe pose landmark (small toes have no equivalent).
MP_POSE_FOR_COCO = [0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28] + [31, -1, 29, 32, -1, 30]
# iBUG-68 → nearest FaceMesh landmark (left/right symmetric pairs; see docs/presets.md).
FACEMESH_FOR_IBUG = [
    127, 234, 93, 132, 58, 136, 150, 176, 152, 400, 379, 365, 288, 361, 323, 454, 356,  # jaw
    70, 63, 105, 66, 107, 336, 296, 334, 293, 300,  # brows
    168, 197, 5, 4, 98, 97, 2, 326, 327,  # nose
    33, 160, 158, 133, 153, 144, 362, 385, 387, 263, 373, 380,  # eyes
    61, 40, 37, 0, 267, 270, 291, 321, 314, 17, 84, 91,  # outer lip
    78, 82, 13, 312, 308, 317, 14, 87,  # inner lip
]  # fmt: skip
MEDIAPIPE_TO_COCO = (
    MP_POSE_FOR_COCO
    + [MP_FACE0 + f for f in FACEMESH_FOR_IBUG]
    + [MP_LHAND0 + k for k in range(21)]
    + [MP_RHAND0 + k for k in range(21)]
)

# layout name → (stored joint count, stored index of each COCO-WB joint or -1 when absent)
LAYOUTS: dict[str, tuple[int, list[int]]] = {
    "coco_wholebody_133": (133, list(range(133))),
    "sam27": (27, [SAM27_COCO.index(c) if c in SAM27_COCO else -1 for c in range(133)]),
    "mediapipe_holistic": (MP_TOTAL, MEDIAPIPE_TO_COCO),
}


def layout_size(layout: str) -> int:
    """How many joints a clip stored in ``layout`` has."""
    if layout not in LAYOUTS:
        raise DataError(f"unknown keypoint layout {layout!r}; known: {', '.join(LAYOUTS)}")
    return LAYOUTS[layout][0]


# --- presets ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preset:
    """The joints a model sees: names, part groups, (child, parent) tree edges and the mirror permutation.

    ``sources[i]`` is the extended COCO-WB index of joint i (133 = neck, 134 = mid_hip, both virtual).
    Each non-root joint is the child of exactly one edge, so ``bone[v] = x[v] - x[parent(v)]`` is defined.
    """

    name: str
    joints: list[str]
    parts: dict[str, list[int]]
    edges: list[tuple[int, int]]
    mirror: list[int]
    sources: list[int]
    root: int = 0
    num_joints: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "num_joints", len(self.joints))

    @property
    def parent(self) -> list[int]:
        """parent[v] for every joint; the root is its own parent (its bone is zero)."""
        out = list(range(self.num_joints))
        for child, par in self.edges:
            out[child] = par
        return out

    def select(self, clip: np.ndarray, layout: str) -> np.ndarray:
        """(T, V_layout, 3) clip → (T, num_joints, 3); virtual points are means, with the lower confidence.

        Joints the layout lacks come out as zeros with confidence 0; a preset part the layout lacks
        entirely is an error (a model cannot learn a part that is never there).
        """
        size = layout_size(layout)
        if clip.ndim != 3 or clip.shape[1:] != (size, 3):
            raise DataError(f"clip shape {tuple(clip.shape)} does not match layout {layout} ({size}, 3)")
        index, virtual = _gather_plan(self.name, layout)
        padded = np.concatenate([clip, np.zeros_like(clip[:, :1])], axis=1)  # index -1 → zero joint
        out = padded[:, index[:, 0]]
        if len(virtual):
            first, second = padded[:, index[virtual, 0]], padded[:, index[virtual, 1]]
            out[:, virtual, :2] = (first[..., :2] + second[..., :2]) / 2
            out[:, virtual, 2] = np.minimum(first[..., 2], second[..., 2])
        return out


@cache
def _gather_plan(preset: str, layout: str) -> tuple[np.ndarray, np.ndarray]:
    """Per preset joint, two stored indices (equal for a real joint, -1 when absent); the virtual joints."""
    coco_to_src = LAYOUTS[layout][1]
    rows = []
    for src in get_preset(preset).sources:
        stored = [coco_to_src[c] for c in VIRTUAL.get(src, (src, src))]
        rows.append(stored if -1 not in stored else [-1, -1])
    index = np.array(rows, dtype=np.int64)
    for part, members in get_preset(preset).parts.items():
        if members and (index[members] == -1).all():
            raise DataError(f"layout {layout} has no {part} joints for preset {preset}")
    return index, np.flatnonzero(index[:, 0] != index[:, 1])


def _build(name: str, groups: dict[str, list[int]], order: list[str]) -> Preset:
    """A preset from extended COCO-WB indices per part, laid out in ``order``; edges/mirror derived."""
    sources = [src for part in order for src in groups[part]]
    if len(set(sources)) != len(sources):
        raise ValueError(f"preset {name} repeats a joint")
    position = {src: i for i, src in enumerate(sources)}
    parts: dict[str, list[int]] = {part: [] for part in PARTS}
    start = 0
    for part in order:
        parts[part] = list(range(start, start + len(groups[part])))
        start += len(groups[part])
    edges = [(position[src], position[_nearest_ancestor(src, position)]) for src in sources[1:]]
    mirror = [position[_mirror_ext(src)] for src in sources]
    return Preset(
        name=name,
        joints=[EXT_NAMES[s] for s in sources],
        parts=parts,
        edges=edges,
        mirror=mirror,
        sources=sources,
        root=0,
    )


def _nearest_ancestor(src: int, present: dict[int, int]) -> int:
    node = src
    while node in PARENT:
        node = _FALLBACK[node] if node in _FALLBACK and PARENT[node] not in present else PARENT[node]
        if node in present:
            return node
    return next(iter(present))  # the preset's first joint is its root


_GSP87_FACE = [0, 4, 8, 12, 16, 17, 19, 21, 22, 24, 26, 27, 30, 33, 36, 37, 39, 42, 44, 45]


@dataclass(frozen=True)
class _Spec:
    order: list[str]  # parts in joint order
    groups: dict[str, list[int]]  # extended COCO-WB indices per part
    face: list[int] | None = None  # face part override (preset indices) for presets without face points


PRESETS: dict[str, _Spec] = {
    "gsp87": _Spec(
        order=["body", "left_hand", "right_hand", "mouth", "face"],
        groups={
            "body": list(range(13)) + [NECK, MID_HIP],
            "left_hand": list(range(LHAND0, LHAND0 + 21)),
            "right_hand": list(range(RHAND0, RHAND0 + 21)),
            "mouth": list(range(71, 90, 2)),
            "face": [FACE0 + k for k in _GSP87_FACE],
        },
    ),
    # SAM-SLR's 27 in its own order; the nose is the only face point, so it stands for the face too.
    "sam27": _Spec(
        order=["body", "left_hand", "right_hand"],
        groups={"body": SAM27_COCO[:7], "left_hand": SAM27_COCO[7:17], "right_hand": SAM27_COCO[17:]},
        face=[0],
    ),
    "coco133": _Spec(
        order=["body", "face", "mouth", "left_hand", "right_hand"],
        groups={
            "body": list(range(23)),
            "face": list(range(23, 71)),
            "mouth": list(range(71, 91)),
            "left_hand": list(range(LHAND0, LHAND0 + 21)),
            "right_hand": list(range(RHAND0, RHAND0 + 21)),
        },
    ),
}


@cache
def get_preset(name: str) -> Preset:
    """The named preset ("gsp87", "sam27", "coco133")."""
    if name not in PRESETS:
        raise DataError(f"unknown keypoint preset {name!r}; known: {', '.join(PRESETS)}")
    spec = PRESETS[name]
    preset = _build(name, spec.groups, spec.order)
    if spec.face is not None:
        preset.parts["face"] = list(spec.face)
    return preset
