"""Per-signer randomness: body, framing, tempo, handedness and how well the pose estimator sees them.

A signer is drawn once from ``(seed, signer index)``, so signer *k* is the same person whatever the number
of classes or repetitions. Splits are by signer: no person appears in two of train / val / test.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict

from gspgen.errors import ConfigError


class Signer(BaseModel):
    """One synthetic person and their recording conditions (lengths in cm, positions in pixels)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    signer_id: str
    split: str
    left_handed: bool
    shoulder_width: float
    hip_width: float
    torso: float  # neck to mid-hip
    neck: float  # neck to head centre
    head_scale: float
    upper_arm: float
    forearm: float
    hand_scale: float
    px_per_cm: float
    centre_x: float  # where the neck sits in the frame
    centre_y: float
    speed: float  # > 1 signs faster
    amplitude: float  # movement size factor
    lax: float  # how relaxed handshapes are (0 crisp – 1 floppy)
    location_bias: tuple[float, float, float]  # where this person habitually places signs (cm)
    orientation_jitter: float  # degrees of habitual wrist rotation
    noise_px: float  # keypoint noise of the pose estimator on this video
    confidence: float  # its typical confidence
    miss_rate: float  # share of frames where a hand is not detected
    jitter_px: float  # camera shake
    mouthing: float  # how strongly this person mouths words (0–1)


def _signer(seed: int, index: int, split: str, width: int, height: int) -> Signer:
    rng = np.random.default_rng([seed, 1, index])
    size = rng.normal(1.0, 0.06)

    def body(mean: float, sd: float = 0.04) -> float:
        return float(mean * size * rng.normal(1.0, sd))

    return Signer(
        signer_id=f"s{index:03d}",
        split=split,
        left_handed=bool(rng.random() < 0.15),
        shoulder_width=body(38.0),
        hip_width=body(31.0),
        torso=body(50.0),
        neck=body(19.0, 0.06),
        head_scale=body(1.0),
        upper_arm=body(29.0),
        forearm=body(26.0),
        hand_scale=body(1.0),
        px_per_cm=float(min(width, height) / 512 * rng.uniform(2.7, 3.9)),
        centre_x=float(width / 2 + rng.normal(0, 0.05) * width),
        centre_y=float(height * rng.uniform(0.36, 0.46)),
        speed=float(rng.uniform(0.8, 1.25)),
        amplitude=float(rng.uniform(0.7, 1.3)),
        lax=float(rng.uniform(0.0, 0.35)),
        location_bias=tuple(float(v) for v in rng.normal(0, [2.5, 2.5, 2.0])),  # type: ignore[arg-type]
        orientation_jitter=float(rng.uniform(5, 20)),
        noise_px=float(rng.uniform(0.8, 2.5)),
        confidence=float(rng.uniform(0.7, 0.95)),
        miss_rate=float(rng.choice([0.0, 0.02, 0.05, 0.12])),
        jitter_px=float(rng.uniform(0.2, 1.5)),
        mouthing=float(rng.uniform(0.4, 1.0)),
    )


def split_of(count: int, seed: int, val: float = 0.15, test: float = 0.15) -> list[str]:
    """A split per signer index: about 70/15/15, at least one signer each, shuffled by the seed."""
    if count < 3:
        raise ConfigError(
            f"need at least 3 signers for disjoint train/val/test splits, got {count}", where="--signers"
        )
    n_val = max(1, round(count * val))
    n_test = max(1, round(count * test))
    labels = np.array(["train"] * (count - n_val - n_test) + ["val"] * n_val + ["test"] * n_test)
    return [str(s) for s in labels[np.random.default_rng([seed, 2]).permutation(count)]]


def make_signers(count: int, seed: int, width: int, height: int) -> list[Signer]:
    """``count`` signers with disjoint splits."""
    splits = split_of(count, seed)
    return [_signer(seed, i, splits[i], width, height) for i in range(count)]
