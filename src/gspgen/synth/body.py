"""The signer's body: a 68-point face with a moving jaw and lips, head rotation, arms by two-link IK.

All functions work on whole clips at once (arrays over frames), in body space (see ``locations``).
"""

from __future__ import annotations

import numpy as np

from gspgen.synth.signer import Signer


def _face_template() -> np.ndarray:
    """iBUG-68 points of a neutral frontal face, centred on the head (cm; x image-right, y down)."""
    phi = np.linspace(0, np.pi, 17)
    jaw = np.stack([-7.0 * np.cos(phi), 9.0 * np.sin(phi) - 1.0], axis=1)
    brow_x = np.linspace(-5.5, -1.2, 5)
    brow = np.stack([brow_x, -5.0 - 0.7 * np.sin(np.linspace(0.3, 2.8, 5))], axis=1)
    brows = np.concatenate([brow, brow[::-1] * [-1, 1]])
    bridge = np.stack([np.zeros(4), np.linspace(-3.5, 0.6, 4)], axis=1)
    nostrils = np.array([[-1.6, 1.5], [-0.8, 1.7], [0.0, 1.9], [0.8, 1.7], [1.6, 1.5]])
    eye = np.array([[-4.4, -2.8], [-3.5, -3.3], [-2.5, -3.3], [-1.6, -2.8], [-2.5, -2.4], [-3.5, -2.4]])
    eyes = np.concatenate([eye, eye[[3, 2, 1, 0, 5, 4]] * [-1, 1]])
    w = 2.5
    outer = np.array(
        [
            [-w, 0],
            [-0.55 * w, -0.55],
            [-0.2 * w, -0.7],
            [0, -0.6],
            [0.2 * w, -0.7],
            [0.55 * w, -0.55],
            [w, 0],
            [0.55 * w, 0.6],
            [0.2 * w, 0.75],
            [0, 0.8],
            [-0.2 * w, 0.75],
            [-0.55 * w, 0.6],
        ]
    )
    inner = np.array(
        [
            [-0.8 * w, 0],
            [-0.3 * w, -0.15],
            [0, -0.15],
            [0.3 * w, -0.15],
            [0.8 * w, 0],
            [0.3 * w, 0.15],
            [0, 0.15],
            [-0.3 * w, 0.15],
        ]
    )
    mouth = np.concatenate([outer, inner]) + [0.0, 4.2]
    xy = np.concatenate([jaw, brows, bridge, nostrils, eyes, mouth])
    z = 9.0 - 0.09 * xy[:, 0] ** 2
    z[27:31] += np.linspace(0.5, 2.5, 4)  # the nose sticks out
    return np.concatenate([xy, z[:, None]], axis=1)


FACE = _face_template()
EARS = np.array([[7.5, -1.5, 0.0], [-7.5, -1.5, 0.0]])  # left ear (image right), right ear
_LOWER_LIP = np.array([55, 56, 57, 58, 59, 65, 66, 67])
_UPPER_LIP = np.array([49, 50, 51, 52, 53, 61, 62, 63])
_MOUTH = np.arange(48, 68)
_CHIN_WEIGHT = np.clip(1 - np.abs(np.arange(17) - 8) / 6.0, 0, 1)  # how much each jaw point drops


def face_points(opening: np.ndarray, width: np.ndarray, scale: float) -> np.ndarray:
    """(T, 68, 3) face with the jaw open by ``opening`` cm and the mouth ``width`` times its rest width."""
    face = np.repeat(FACE[None] * scale, len(opening), axis=0)
    o = opening[:, None] * scale
    face[:, _LOWER_LIP, 1] += o
    face[:, _UPPER_LIP, 1] -= 0.15 * o
    face[:, :17, 1] += 0.8 * o * _CHIN_WEIGHT
    face[:, _MOUTH, 0] *= width[:, None]
    return face


def rotation(pitch: np.ndarray, yaw: np.ndarray, roll: np.ndarray) -> np.ndarray:
    """(T, 3, 3) rotations (radians): pitch about x, yaw about y, roll about z (image plane)."""
    cp, sp, cy, sy, cr, sr = (
        np.cos(pitch),
        np.sin(pitch),
        np.cos(yaw),
        np.sin(yaw),
        np.cos(roll),
        np.sin(roll),
    )
    one, zero = np.ones_like(pitch), np.zeros_like(pitch)
    rx = np.stack([one, zero, zero, zero, cp, -sp, zero, sp, cp], axis=-1).reshape(-1, 3, 3)
    ry = np.stack([cy, zero, sy, zero, one, zero, -sy, zero, cy], axis=-1).reshape(-1, 3, 3)
    rz = np.stack([cr, -sr, zero, sr, cr, zero, zero, zero, one], axis=-1).reshape(-1, 3, 3)
    return rz @ ry @ rx


def rotate_about(points: np.ndarray, rot: np.ndarray, pivot: np.ndarray) -> np.ndarray:
    """Rotate (T, N, 3) points by per-frame (T, 3, 3) rotations about a fixed pivot."""
    return (points - pivot) @ rot.transpose(0, 2, 1) + pivot


def arm_ik(
    shoulder: np.ndarray, wrist: np.ndarray, upper: float, fore: float, side: float
) -> tuple[np.ndarray, np.ndarray]:
    """Elbow (T, 3) for wrist targets (T, 3), and the reachable wrist; the elbow hangs down and out."""
    delta = wrist - shoulder
    dist = np.linalg.norm(delta, axis=1, keepdims=True)
    reach = np.clip(dist, abs(upper - fore) + 1.0, upper + fore - 0.5)
    u = delta / np.maximum(dist, 1e-6)
    wrist = shoulder + u * reach
    pole = np.array([0.45 * side, 1.0, -0.35])
    pole = pole - (u @ pole)[:, None] * u
    pole /= np.maximum(np.linalg.norm(pole, axis=1, keepdims=True), 1e-6)
    a = (upper**2 - fore**2 + reach**2) / (2 * reach)
    h = np.sqrt(np.maximum(upper**2 - a**2, 0.0))
    return shoulder + u * a + pole * h, wrist


def static_body(signer: Signer) -> dict[str, np.ndarray]:
    """Shoulders, hips, knees, ankles and feet of a standing signer (body space)."""
    sw, hw, torso = signer.shoulder_width / 2, signer.hip_width / 2, signer.torso
    leg = torso * 0.85
    return {
        "shoulders": np.array([[sw, 0.0, 0.0], [-sw, 0.0, 0.0]]),  # left, right
        "hips": np.array([[hw, torso, 0.0], [-hw, torso, 0.0]]),
        "knees": np.array([[hw * 0.9, torso + leg, 3.0], [-hw * 0.9, torso + leg, 3.0]]),
        "ankles": np.array([[hw * 0.85, torso + 2 * leg, 0.0], [-hw * 0.85, torso + 2 * leg, 0.0]]),
        "feet": np.array(
            [
                [hw * 0.8, torso + 2 * leg + 6, 14.0],
                [hw * 1.1, torso + 2 * leg + 6, 12.0],
                [hw * 0.85, torso + 2 * leg + 7, -4.0],
                [-hw * 0.8, torso + 2 * leg + 6, 14.0],
                [-hw * 1.1, torso + 2 * leg + 6, 12.0],
                [-hw * 0.85, torso + 2 * leg + 7, -4.0],
            ]
        ),
    }
