"""Movement paths: ASL-LEX movement values as trajectories of the hand's contact point.

A path is a function of normalised time ``s`` in [0, 1] for one phase. ``shift`` (in cycles) delays the
path for the second hand of an alternating sign. Sizes are nominal centimetres before a signer's
amplitude factor.
"""

from __future__ import annotations

import functools

import numpy as np

from gspgen.synth.locations import APPROACH, AWAY, DIRECTION, unit
from gspgen.synth.phonology import Phase

SIZE = {
    "Straight": 14.0,
    "Curved": 14.0,
    "Circular": 12.0,
    "BackAndForth": 9.0,
    "Z-shaped": 12.0,
    "X-shaped": 10.0,
    "Other": 4.0,
    "None": 0.0,
}
# Frames per cycle at 30 fps for an average signer.
FRAMES = {
    "Straight": 10,
    "Curved": 12,
    "Circular": 16,
    "BackAndForth": 12,
    "Z-shaped": 20,
    "X-shaped": 20,
    "Other": 14,
    "None": 8,
}
AWAY_SIZE = 12.0
_Z = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 0.8], [1.0, 0.8]])
_X = np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0]])


def cycles(phase: Phase) -> int:
    """How many times the movement is made: repeated movements twice (back-and-forth three times)."""
    if phase.movement == "BackAndForth":
        return 3 if phase.repeated else 2
    return 2 if phase.repeated else 1


def phase_frames(phase: Phase) -> int:
    extra = 4 if phase.contact else 0
    return FRAMES[phase.movement] * cycles(phase) + extra


def ease(s: np.ndarray) -> np.ndarray:
    """Smoothstep: hands accelerate and decelerate rather than jump."""
    s = np.clip(s, 0.0, 1.0)
    return s * s * (3 - 2 * s)


@functools.lru_cache(maxsize=512)
def ramp(n: int) -> np.ndarray:
    """``linspace(0, 1, n)``, cached read-only: clips reuse a few dozen lengths."""
    r = np.linspace(0.0, 1.0, n)
    r.flags.writeable = False
    return r


@functools.lru_cache(maxsize=512)
def eased_ramp(n: int) -> np.ndarray:
    r = ease(ramp(n))
    r.flags.writeable = False
    return r


def _perpendicular(d: np.ndarray) -> np.ndarray:
    """A direction across ``d`` in the frontal plane (upward when ``d`` is horizontal)."""
    p = np.array([d[1], -d[0], 0.0])
    if np.linalg.norm(p) < 1e-3:
        p = np.array([1.0, 0.0, 0.0])
    p = unit(p)
    return p if p[1] <= 0 else -p


def _polyline(points: np.ndarray, s: np.ndarray) -> np.ndarray:
    x = np.clip(s, 0, 1) * (len(points) - 1)
    i = np.minimum(x.astype(int), len(points) - 2)
    f = ease(x - i)[:, None]
    return points[i] * (1 - f) + points[i + 1] * f


def _stroke(phase: Phase, start: np.ndarray, end: np.ndarray | None, size: float) -> tuple[np.ndarray, float]:
    """Direction and length of a straight or curved path."""
    if (
        end is not None and np.linalg.norm(end - start) > 1e-6
    ):  # an end location equal to the start: no stroke
        delta = end - start
        return unit(delta), float(np.linalg.norm(delta))
    if phase.end_location in AWAY:
        return unit(AWAY[phase.end_location]), AWAY_SIZE * size / SIZE["Straight"]
    return unit(DIRECTION[phase.direction]), size


def phase_path(
    phase: Phase,
    s: np.ndarray,
    start: np.ndarray,
    end: np.ndarray | None,
    amplitude: float,
    shift: float = 0.0,
) -> np.ndarray:
    """(len(s), 3) positions of the contact point; ``start`` is the location, ``end`` the second location."""
    c = cycles(phase)
    size = SIZE[phase.movement] * amplitude
    kind = phase.movement
    if kind in ("Straight", "Curved") or (kind == "None" and phase.contact):
        d, length = _stroke(phase, start, end, size if kind != "None" else 3.0)
        wave = (1 - np.cos(2 * np.pi * (c * s + shift))) / 2 if c > 1 else ease(s)
        if phase.contact and end is None and phase.end_location is None:
            # Contact without a second location: the hand travels in and touches (taps if repeated).
            d = unit(APPROACH[phase.major])
            offset = -d * length * (1 - wave)[:, None] if c == 1 else -d * length * wave[:, None] * 0.6
        else:
            offset = d * length * wave[:, None]
        if kind == "Curved":
            offset = offset + _perpendicular(d) * 0.35 * length * np.sin(np.pi * wave)[:, None]
        return start + offset
    if kind == "Circular":
        u = np.array([1.0, 0.0, 0.0])
        v = np.array([0.0, 1.0, 0.0]) if phase.plane == "vertical" else np.array([0.0, 0.0, 1.0])
        theta = 2 * np.pi * (c * ease(s) + shift)
        r = size / 2
        return start + r * (np.cos(theta)[:, None] * u + np.sin(theta)[:, None] * v) - r * u
    if kind == "BackAndForth":
        d = unit(DIRECTION[phase.direction])
        return start + d * (size / 2) * np.sin(2 * np.pi * (c * s + shift))[:, None]
    if kind in ("Z-shaped", "X-shaped"):
        shape = (_Z if kind == "Z-shaped" else _X) * size
        flat = _polyline(shape, s)
        return start + np.stack([flat[:, 0], flat[:, 1], np.zeros(len(s))], axis=1)
    if kind == "Other":
        wiggle = np.sin(2 * np.pi * (3 * s + shift)) * size
        return start + wiggle[:, None] * np.array([1.0, 0.0, 0.0])
    return np.repeat(start[None], len(s), axis=0)
