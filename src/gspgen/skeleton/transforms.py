"""Clip transforms for training: normalisation, temporal length policy and seeded augmentation.

Every function takes a (T, V, 3) clip (x, y, confidence) in a preset's joint order and returns a new
array (the caller's clip is never modified). Geometric transforms touch x and y only; joints with
confidence 0 (not detected) stay at the origin after normalisation so they never look like real points.
Randomness comes only from the ``numpy.random.Generator`` passed in, so a seed fixes the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from gspgen.errors import DataError
from gspgen.skeleton.keypoints import Preset

SHOULDERS = ("left_shoulder", "right_shoulder")


def joint_indices(preset: Preset, names: Sequence[str]) -> list[int]:
    """Positions of named joints in a preset (DataError naming the missing one)."""
    missing = [n for n in names if n not in preset.joints]
    if missing:
        raise DataError(f"preset {preset.name} has no joint(s) {', '.join(missing)}")
    return [preset.joints.index(n) for n in names]


def normalise(
    clip: np.ndarray,
    preset: Preset,
    *,
    centre: Sequence[str] = SHOULDERS,
    scale: Sequence[str] = SHOULDERS,
) -> np.ndarray:
    """Shift so the mean of ``centre`` joints is the origin and divide by the mean ``scale`` distance.

    Defaults: the neck (mid-shoulder) as centre and the shoulder width as unit, averaged over the frames
    where those joints were detected, so one clip keeps its motion (no per-frame re-centring).
    """
    out = np.array(clip, dtype=np.float32, copy=True)
    conf = out[..., 2]
    c_idx = joint_indices(preset, centre)
    seen = (conf[:, c_idx] > 0).all(axis=1)
    origin = out[seen][:, c_idx, :2].mean(axis=(0, 1)) if seen.any() else _detected_mean(out)
    if len(scale) != 2:
        raise DataError(f"scale needs two reference joints, got {list(scale)}")
    a, b = joint_indices(preset, scale)
    both = (conf[:, a] > 0) & (conf[:, b] > 0)
    unit = np.linalg.norm(out[both, a, :2] - out[both, b, :2], axis=-1).mean() if both.any() else 0.0
    if not unit > 1e-6:
        unit = _detected_spread(out)
    out[..., :2] = (out[..., :2] - origin) / unit
    out[conf <= 0, :2] = 0.0
    return out


def _detected_mean(clip: np.ndarray) -> np.ndarray:
    seen = clip[..., 2] > 0
    return clip[seen][:, :2].mean(axis=0) if seen.any() else np.zeros(2, dtype=np.float32)


def _detected_spread(clip: np.ndarray) -> float:
    """Fallback unit when the scale joints were never seen: the spread of whatever was detected."""
    seen = clip[..., 2] > 0
    spread = float(clip[seen][:, :2].std()) if seen.sum() > 1 else 0.0
    return spread if spread > 1e-6 else 1.0


# --- temporal -----------------------------------------------------------------------------------------


def crop(clip: np.ndarray, length: int, rng: np.random.Generator | None = None) -> np.ndarray:
    """A window of ``length`` frames: random start with ``rng``, centred without; shorter clips unchanged."""
    total = clip.shape[0]
    if total <= length:
        return clip.copy()
    start = int(rng.integers(0, total - length + 1)) if rng is not None else (total - length) // 2
    return clip[start : start + length].copy()


def loop_pad(clip: np.ndarray, length: int) -> np.ndarray:
    """Repeat the clip from its start until it has ``length`` frames (SAM-SLR's padding)."""
    if clip.shape[0] == 0:
        raise DataError("cannot pad a zero-length clip")
    reps = -(-length // clip.shape[0])
    return np.concatenate([clip] * reps, axis=0)[:length].copy()


def resample(clip: np.ndarray, length: int) -> np.ndarray:
    """Linear interpolation to ``length`` frames (keeps the whole sign, changes its speed)."""
    if clip.shape[0] == 0:
        raise DataError("cannot resample a zero-length clip")
    pos = np.linspace(0, clip.shape[0] - 1, length)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, clip.shape[0] - 1)
    w = (pos - lo)[:, None, None].astype(np.float32)
    out = clip[lo] * (1 - w) + clip[hi] * w
    # a point interpolated from a miss is a miss; one that lands on a frame keeps that frame's confidence
    out[..., 2] = np.where(w[..., 0] > 0, np.minimum(clip[lo, :, 2], clip[hi, :, 2]), clip[lo, :, 2])
    return out.astype(clip.dtype, copy=False)


def to_length(
    clip: np.ndarray,
    length: int,
    *,
    policy: Literal["crop_pad", "resample"] = "crop_pad",
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    """Exactly ``length`` frames: crop then loop-pad ("crop_pad"), or linear resample."""
    if policy == "resample":
        return resample(clip, length)
    return loop_pad(crop(clip, length, rng), length)


# --- augmentation -------------------------------------------------------------------------------------


def mirror(clip: np.ndarray, preset: Preset, *, centre_x: float = 0.0) -> np.ndarray:
    """Flip left/right: x → 2·centre_x − x and every joint takes its mirror partner's place."""
    out = clip[:, preset.mirror].copy()
    seen = out[..., 2] > 0  # misses keep their placeholder coordinates
    out[..., 0] = np.where(seen, 2 * centre_x - out[..., 0], out[..., 0])
    return out


def affine(
    clip: np.ndarray, *, rotate_deg: float = 0.0, scale: float = 1.0, shear: float = 0.0
) -> np.ndarray:
    """Rotate, scale and shear x, y about the origin (apply after ``normalise``)."""
    theta = np.deg2rad(rotate_deg)
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    matrix = (scale * rot @ np.array([[1.0, shear], [0.0, 1.0]])).astype(np.float32)
    out = np.array(clip, copy=True)
    out[..., :2] = out[..., :2] @ matrix.T
    return out


def joint_dropout(clip: np.ndarray, p: float, rng: np.random.Generator) -> np.ndarray:
    """Drop each joint for the whole clip with probability ``p``: x = y = confidence = 0, like a miss."""
    out = np.array(clip, copy=True)
    drop = rng.random(clip.shape[1]) < p
    out[:, drop] = 0.0
    return out


class AugmentConfig(BaseModel):
    """Training-time augmentation, one field per transform (0 / 1.0 turns one off)."""

    model_config = ConfigDict(extra="forbid")

    mirror_p: float = Field(0.5, ge=0, le=1)  # SAM-SLR flips half the clips, swapping hands
    rotate_deg: float = Field(10.0, ge=0)  # uniform in ±rotate_deg
    scale: tuple[float, float] = (0.9, 1.1)
    shear: float = Field(0.1, ge=0)  # uniform in ±shear
    dropout_p: float = Field(0.02, ge=0, le=1)


def augment(clip: np.ndarray, preset: Preset, config: AugmentConfig, rng: np.random.Generator) -> np.ndarray:
    """All augmentations in a fixed order on a normalised clip; the same rng state gives the same clip."""
    out = mirror(clip, preset) if rng.random() < config.mirror_p else clip
    out = affine(
        out,
        rotate_deg=float(rng.uniform(-config.rotate_deg, config.rotate_deg)),
        scale=float(rng.uniform(*config.scale)),
        shear=float(rng.uniform(-config.shear, config.shear)),
    )
    return joint_dropout(out, config.dropout_p, rng) if config.dropout_p > 0 else out
