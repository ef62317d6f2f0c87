"""A simple kinematic hand: handshape features → finger joint angles → 21 keypoints.

Hand-local frame of a right hand (centimetres): wrist at the origin, fingers pointing up (−y), palm facing
+z, thumb on +x. Fingers flex towards the palm (+z) at MCP, PIP and DIP; spread abducts them in the palm
plane. Keypoints follow the COCO-WholeBody / OpenPose hand order: wrist, thumb CMC→tip, then index,
middle, ring and pinky MCP→tip.
"""

from __future__ import annotations

import functools

import numpy as np

from gspgen.synth.phonology import HandshapeSpec

FINGERS = "imrp"
_MCP = np.array([[2.4, -9.0, 0.0], [0.6, -9.5, 0.0], [-1.2, -9.0, 0.0], [-2.8, -8.2, 0.0]])
_SEGMENTS = np.array([[4.0, 2.4, 2.0], [4.4, 2.8, 2.1], [4.1, 2.6, 2.0], [3.3, 1.9, 1.8]])
_CMC = np.array([2.0, -2.2, 0.6])
_THUMB = np.array([4.2, 3.0, 2.6])
# (MCP, PIP, DIP) flexion in degrees per ASL-LEX flexion value; "Stacked" grades MCP per finger.
FLEXION_DEG = {
    "FullyOpen": (0.0, 0.0, 0.0),
    "Flat": (65.0, 5.0, 0.0),
    "Bent": (15.0, 85.0, 55.0),
    "Curved": (35.0, 40.0, 30.0),
    "FullyClosed": (88.0, 100.0, 65.0),
    "Crossed": (0.0, 0.0, 0.0),
    "NA": (88.0, 100.0, 65.0),
}
_CLOSED = FLEXION_DEG["FullyClosed"]
_LAX = (25.0, 30.0, 20.0)
_SPREAD_PATTERN = np.array([1.0, 0.0, -0.9, -1.8])
_THUMB_DIRS = {
    "open": [(0.75, -0.6, 0.25), (0.6, -0.75, 0.2), (0.5, -0.85, 0.15)],
    "closed": [(0.15, -0.8, 0.6), (-0.55, -0.45, 0.7), (-0.85, -0.1, 0.5)],
    "up": [(0.3, -0.93, 0.2), (0.25, -0.95, 0.15), (0.2, -0.97, 0.1)],
}
# Codes whose unselected fingers stand extended (F, 8, W, 7 families); otherwise they close.
EXTENDED_UNSELECTED = {"f", "open_f", "8", "open_8", "w", "7"}


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def finger_angles(spec: HandshapeSpec) -> tuple[np.ndarray, np.ndarray]:
    """(4, 3) flexion and (4,) abduction angles in degrees for index, middle, ring, pinky."""
    selected = [f in spec.selected for f in FINGERS]
    other = (0.0, 0.0, 0.0) if spec.code in EXTENDED_UNSELECTED else _CLOSED
    flex = np.array([FLEXION_DEG.get(spec.flexion, _CLOSED) if s else other for s in selected])
    if spec.thumb_contact and spec.flexion in ("Curved", "Flat", "Bent"):
        flex = np.where(np.array(selected)[:, None], flex * 1.35, flex)  # curl further to meet the thumb
    if spec.flexion == "Stacked":
        flex[:, 0] = np.where(selected, [0.0, 30.0, 55.0, 75.0], flex[:, 0])
    spread = 11.0 if spec.spread else 0.0 if spec.spread is False else 3.0
    abduct = _SPREAD_PATTERN * spread
    if spec.flexion == "Crossed":
        abduct[:2] = (-5.0, 12.0)
    return flex, abduct


def _fingers(flex: np.ndarray, abduct: np.ndarray, lax: float) -> np.ndarray:
    flex = np.radians((1 - lax) * flex + lax * np.array(_LAX))
    a = np.radians(abduct)
    base = np.stack([np.sin(a), -np.cos(a), np.zeros(4)], axis=1)  # (4, 3)
    normal = np.array([0.0, 0.0, 1.0])
    total = np.cumsum(flex, axis=1)  # (4, 3)
    dirs = np.cos(total)[..., None] * base[:, None, :] + np.sin(total)[..., None] * normal  # (4, 3, 3)
    steps = dirs * _SEGMENTS[..., None]
    return np.concatenate(
        [_MCP[:, None, :], _MCP[:, None, :] + np.cumsum(steps, axis=1)], axis=1
    )  # (4, 4, 3)


def _thumb(spec: HandshapeSpec, fingers: np.ndarray) -> np.ndarray:
    if spec.thumb_contact and spec.selected != "t":
        mcp = _CMC + _THUMB[0] * _unit(np.array([0.4, -0.7, 0.6]))
        chosen = [i for i, f in enumerate(FINGERS) if f in spec.selected] or [0]
        target = fingers[chosen, 3].mean(axis=0) + np.array([0.0, 0.0, 0.6])
        reach = target - mcp
        length = float(np.linalg.norm(reach))
        tip = mcp + reach * min(1.0, 7.0 / max(length, 1e-6))
        ip = (mcp + tip) / 2 + np.array([0.4, 0.0, 0.8])
        return np.stack([_CMC, mcp, ip, tip])
    kind = "up" if spec.selected == "t" else "open" if spec.thumb_open else "closed"
    dirs = _unit(np.array(_THUMB_DIRS[kind]))
    return np.concatenate([_CMC[None], _CMC + np.cumsum(dirs * _THUMB[:, None], axis=0)])


def hand_points(spec: HandshapeSpec, *, scale: float = 1.0, lax: float = 0.0) -> np.ndarray:
    """(21, 3) keypoints of a right hand in its local frame; ``lax`` (0–1) relaxes the joints."""
    flex, abduct = finger_angles(spec)
    fingers = _fingers(flex, abduct, lax)
    thumb = _thumb(spec, fingers)
    points = np.concatenate([np.zeros((1, 3)), thumb, fingers.reshape(16, 3)])
    return points * scale


def contact_point(spec: HandshapeSpec, points: np.ndarray) -> np.ndarray:
    """The part of the hand that touches a location: selected fingertips, or the knuckles of a closed hand."""
    if spec.selected == "t":
        return points[4]
    chosen = [i for i, f in enumerate(FINGERS) if f in spec.selected] or [0, 1, 2, 3]
    joint = 2 if spec.flexion in ("FullyClosed", "NA") else 4  # PIP knuckle or fingertip
    return points[[5 + 4 * i + joint - 1 for i in chosen]].mean(axis=0)


@functools.lru_cache(maxsize=1024)
def orientation(fingers: tuple[float, ...], palm: tuple[float, ...]) -> np.ndarray:
    """Rotation from the local frame to fingers pointing along ``fingers`` and the palm facing ``palm``."""
    f = _unit(np.asarray(fingers, dtype=float))
    p = np.asarray(palm, dtype=float)
    p = _unit(p - (p @ f) * f)
    y = -f
    x = np.cross(y, p)
    rot = np.stack([x, y, p], axis=1)
    rot.flags.writeable = False
    return rot
