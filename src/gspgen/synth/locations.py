"""Where signs happen: ASL-LEX locations as points of a signer's body (centimetres).

Body space: origin at the neck (mid-shoulder), x to the image right (the signer's left), y down, z toward
the camera. Points are for a right-dominant signer (the dominant side is −x); left-handed signers are
mirrored after rendering. Hand and arm locations are points of the held non-dominant base, computed from
its keypoints.
"""

from __future__ import annotations

import numpy as np

from gspgen.synth.signer import Signer

_HEAD = {
    "Forehead": (0.0, -5.5, 9.5),
    "Eye": (-3.2, -2.8, 9.0),
    "CheekNose": (-4.0, 0.5, 8.5),
    "Mouth": (0.0, 4.2, 10.0),
    "UpperLip": (0.0, 3.0, 10.5),
    "Chin": (0.0, 7.8, 8.5),
    "UnderChin": (0.0, 9.5, 4.0),
    "HeadTop": (0.0, -12.0, 2.0),
    "HeadAway": (-17.0, -2.0, 8.0),
}
_BODY = {
    "Neck": (0.0, -3.0, 5.0),
    "Shoulder": (-15.0, 1.0, 5.0),
    "Clavicle": (-7.0, 3.0, 7.0),
    "TorsoTop": (0.0, 10.0, 10.0),
    "TorsoMid": (0.0, 22.0, 11.0),
    "TorsoBottom": (0.0, 34.0, 11.0),
    "Waist": (0.0, 41.0, 10.0),
    "Hips": (-14.0, 47.0, 8.0),
    "BodyAway": (-4.0, 18.0, 42.0),
    "Neutral": (-8.0, 16.0, 30.0),
}
# Dominant-hand orientation per major location: (finger direction, palm normal).
ORIENTATION = {
    "Head": ((0.35, -0.9, -0.1), (0.3, 0.0, -1.0)),
    "Body": ((1.0, -0.25, 0.0), (0.0, 0.0, -1.0)),
    "Neutral": ((0.25, -0.7, 0.65), (1.0, 0.0, 0.2)),
    "Hand": ((0.6, 0.05, 0.8), (0.0, 1.0, 0.0)),
    "Arm": ((0.5, -0.1, 0.85), (0.0, 1.0, 0.0)),
}
# Direction a contacting hand travels on its way in to the location.
APPROACH = {
    "Head": (0.55, -0.2, -0.8),
    "Body": (0.3, 0.1, -0.95),
    "Neutral": (1.0, 0.0, 0.0),
    "Hand": (0.0, 1.0, 0.0),
    "Arm": (0.0, 1.0, 0.0),
}
DIRECTION = {
    "down": (0.0, 1.0, 0.0),
    "up": (0.0, -1.0, 0.0),
    "outward": (-1.0, 0.0, 0.0),
    "inward": (1.0, 0.0, 0.0),
    "forward": (0.0, 0.3, 1.0),
}
AWAY = {
    "HeadAway": (-0.5, 0.1, 1.0),
    "BodyAway": (0.0, 0.1, 1.0),
    "HandAway": (0.0, -1.0, 0.3),
    "ArmAway": (0.0, -1.0, 0.3),
}
REST_WRIST = (-16.0, 47.0, 10.0)  # right hand hanging beside the hip
REST_ORIENTATION = ((0.0, 1.0, 0.15), (1.0, 0.0, 0.0))
BASE_HAND_WRIST = (7.0, 24.0, 24.0)  # the non-dominant base hand, in front of the lower chest
BASE_ARM = ((20.0, 30.0, 12.0), (-6.0, 25.0, 27.0))  # non-dominant elbow and wrist, forearm across the body
PALM_DOWN_BASE = {"PalmBack", "WristBack", "FingerBack"}


def unit(v: tuple[float, float, float] | np.ndarray) -> np.ndarray:
    a = np.asarray(v, dtype=float)
    return a / np.linalg.norm(a)


def head_centre(signer: Signer) -> np.ndarray:
    return np.array([0.0, -signer.neck, 2.0])


def body_scale(signer: Signer) -> np.ndarray:
    return np.array([signer.shoulder_width / 38.0, signer.torso / 50.0, 1.0])


def body_point(name: str, signer: Signer) -> np.ndarray:
    """A head, torso or neutral-space location of this signer (dominant side)."""
    if name in _HEAD:
        return head_centre(signer) + np.array(_HEAD[name]) * signer.head_scale
    return np.array(_BODY.get(name, _BODY["Neutral"])) * body_scale(signer)


def hand_point(name: str, base: np.ndarray) -> np.ndarray:
    """A location on the non-dominant base hand, from its (21, 3) keypoints."""
    palm = base[[0, 5, 9, 13, 17]].mean(axis=0)
    points = {
        "Palm": palm,
        "PalmBack": palm,
        "FingerTip": base[[8, 12, 16, 20]].mean(axis=0),
        "FingerRadial": base[[6, 7]].mean(axis=0),
        "FingerUlnar": base[[18, 19]].mean(axis=0),
        "FingerFront": base[[10, 11]].mean(axis=0),
        "FingerBack": base[[10, 11]].mean(axis=0),
        "Heel": base[0] * 0.75 + base[9] * 0.25,
        "WristBack": base[0],
        "WristFront": base[0],
        "HandAway": palm,
    }
    return points.get(name, palm)


def arm_point(name: str, shoulder: np.ndarray, elbow: np.ndarray, wrist: np.ndarray) -> np.ndarray:
    """A location on the non-dominant arm held across the body."""
    if name == "UpperArm":
        return (shoulder + elbow) / 2
    if name == "ElbowBack":
        return elbow
    if name in ("WristBack", "WristFront"):
        return wrist
    return elbow * 0.45 + wrist * 0.55
