"""One clip: a sign plan performed by a signer, seen by a pose estimator — (T, 133, 3) pixels + confidence.

Steps: a timeline, hand tracks, arms by IK, face with mouthing and head cues, body lean, the left-handed
mirror, a weak-perspective camera with shake, then estimator noise, confidence and missed hands.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gspgen.synth import _coco as coco
from gspgen.synth.body import EARS, arm_ik, face_points, rotate_about, rotation, static_body
from gspgen.synth.locations import head_centre
from gspgen.synth.motion import phase_frames, ramp
from gspgen.synth.phonology import SignPlan
from gspgen.synth.signer import Signer
from gspgen.synth.tracks import LEFT, Timeline, assemble, make_base, rest_pose, strokes

CAMERA_DISTANCE = 200.0  # cm: hands toward the camera look bigger, as with a webcam
_OPENING = {"open": 1.4, "rounded": 0.9, "spread": 0.6}
_WIDTH = {"open": 1.0, "rounded": 0.72, "spread": 1.15}


@dataclass(frozen=True)
class Frame:
    width: int = 512
    height: int = 512
    min_frames: int = 40
    max_frames: int = 120


def timeline(plan: SignPlan, signer: Signer, rng: np.random.Generator, frame: Frame) -> Timeline:
    """Segment lengths from the movements, the signer's tempo, and the clip length limits."""
    tempo = 1.0 / (signer.speed * rng.normal(1.0, 0.08))
    moves = [max(4, round(phase_frames(p) * tempo)) for p in plan.phases]
    enter, leave = (max(4, round(rng.uniform(8, 12) * tempo)) for _ in range(2))
    parts = dict(
        lead=int(rng.integers(2, 12)),
        enter=enter,
        hold=max(2, round(3 * tempo)),
        between=max(3, round(6 * tempo)),
        leave=leave,
        tail=int(rng.integers(0, 10)),
    )
    t = Timeline(moves=tuple(moves), **parts)
    if t.total > frame.max_frames:
        keep = (frame.max_frames - 4) / (t.total - parts["lead"] - parts["tail"])
        shrink = {k: max(2, int(v * keep)) for k, v in parts.items() if k not in ("lead", "tail")}
        t = Timeline(moves=tuple(max(3, int(m * keep)) for m in moves), lead=2, tail=2, **shrink)
    if t.total < frame.min_frames:
        extra = frame.min_frames - t.total
        t = Timeline(
            moves=t.moves,
            lead=t.lead + extra // 2,
            enter=t.enter,
            hold=t.hold,
            between=t.between,
            leave=t.leave,
            tail=t.tail + extra - extra // 2,
        )
    return t


def _hands(
    plan: SignPlan, signer: Signer, t: Timeline, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(T, 21, 3) right (dominant) and left hand keypoints in body space."""
    base = make_base(plan, signer, rng)
    lateral = -5.0 if plan.sign_type in ("symmetrical", "alternating") else 0.0
    dom = assemble(
        t, rest_pose(signer), strokes(plan, signer, t, base, rng, lateral=lateral), rng.uniform(0.6, 1.0)
    )
    settle = rng.uniform(0.6, 1.0)
    if plan.sign_type in ("symmetrical", "alternating"):
        shift = 0.5 if plan.sign_type == "alternating" else 0.0
        other = strokes(
            plan, signer, t, base, rng, spec_override=plan.nondominant, shift=shift, lateral=lateral
        )
        wrist, rel = assemble(t, rest_pose(signer), other, settle)
        nondom = (wrist * LEFT, rel * LEFT)
    elif base is not None:
        rest_wrist, rest = rest_pose(signer, left=True)
        n = t.total - t.lead - t.tail - t.enter - t.leave
        a = t.active[:, None]
        wrist = rest_wrist * (1 - a) + base.wrist * a
        wrist[t.lead + t.enter : t.lead + t.enter + n] += rng.normal(0, 0.15, (n, 3)).cumsum(axis=0) * 0.3
        nondom = (wrist, rest.rel * (1 - a[..., None]) + base.pose.rel * a[..., None])
    else:
        rest_wrist, rest = rest_pose(signer, left=True)
        drift = rng.normal(0, 0.1, (t.total, 3)).cumsum(axis=0)
        nondom = (rest_wrist + drift, np.repeat(rest.rel[None], t.total, axis=0))
    return dom[0][:, None] + dom[1], nondom[0][:, None] + nondom[1]


def _mouth(
    plan: SignPlan, signer: Signer, t: Timeline, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Jaw opening (cm) and mouth width factor per frame: one open-close per syllable while signing."""
    opening = np.full(t.total, 0.05) + np.abs(rng.normal(0, 0.03, t.total))
    width = np.ones(t.total)
    if rng.random() > 0.9:  # sometimes a signer does not mouth the word
        return opening, width
    start, stop = t.signing()
    start, stop = max(0, start - t.hold), min(t.total, stop + t.hold)
    bounds = np.linspace(start, stop, len(plan.syllables) + 1).round().astype(int)
    strength = signer.mouthing * rng.uniform(0.8, 1.2)
    for a, b, vowel in zip(bounds[:-1], bounds[1:], plan.vowels, strict=True):
        bump = np.sin(np.pi * ramp(b - a)) ** 2
        opening[a:b] += _OPENING[vowel] * strength * bump
        width[a:b] += (_WIDTH[vowel] - 1.0) * strength * bump
    return opening, width


def _head(plan: SignPlan, t: Timeline, rng: np.random.Generator) -> np.ndarray:
    """(T, 3, 3) head rotation: tilt toward a head-located hand, a nod toward hands, otherwise small drift."""
    a = t.active
    drift = rng.normal(0, 0.004, (3, t.total)).cumsum(axis=1) + rng.normal(0, 0.03, (3, 1))
    pitch, yaw, roll = drift
    if plan.head == "tilt_to_hand":
        roll = roll - np.radians(rng.uniform(7, 12)) * a
        yaw = yaw - np.radians(rng.uniform(5, 10)) * a
        pitch = pitch - np.radians(4) * a
    elif plan.head == "look_at_hands":
        pitch = pitch - np.radians(rng.uniform(10, 16)) * a
    return rotation(pitch, yaw, roll)


def _lean(plan: SignPlan, t: Timeline, rng: np.random.Generator) -> np.ndarray | None:
    """(T, 3, 3) upper-body rotation about the hips for the body cue (None = upright)."""
    a = t.active
    zero = np.zeros(t.total)
    if plan.body == "lean_forward":
        return rotation(-np.radians(rng.uniform(10, 15)) * a, zero, zero)
    if plan.body == "lean_back":
        return rotation(np.radians(rng.uniform(6, 10)) * a, zero, zero)
    if plan.body == "sway":
        wave = np.sin(np.linspace(0, 4 * np.pi, t.total)) * a
        return rotation(zero, zero, np.radians(rng.uniform(4, 7)) * wave)
    return None


def pose_body_space(plan: SignPlan, signer: Signer, rng: np.random.Generator, frame: Frame) -> np.ndarray:
    """(T, 133, 3) body-space keypoints of a right-dominant performance (before mirror and camera)."""
    t = timeline(plan, signer, rng, frame)
    n = t.total
    out = np.zeros((n, coco.NUM_JOINTS, 3))
    right, left = _hands(plan, signer, t, rng)
    parts = static_body(signer)
    for wrist_i, elbow_i, shoulder, hand, side, slot in (
        (coco.R_WRIST, coco.R_ELBOW, parts["shoulders"][1], right, -1.0, coco.RIGHT_HAND),
        (coco.L_WRIST, coco.L_ELBOW, parts["shoulders"][0], left, 1.0, coco.LEFT_HAND),
    ):
        elbow, wrist = arm_ik(
            np.broadcast_to(shoulder, (n, 3)), hand[:, 0], signer.upper_arm, signer.forearm, side
        )
        out[:, slot] = hand + (wrist - hand[:, 0])[:, None]
        out[:, elbow_i], out[:, wrist_i] = elbow, wrist
    out[:, [coco.L_SHOULDER, coco.R_SHOULDER]] = parts["shoulders"]
    out[:, [coco.L_HIP, coco.R_HIP]] = parts["hips"]
    out[:, [coco.L_KNEE, coco.R_KNEE]] = parts["knees"]
    out[:, [coco.L_ANKLE, coco.R_ANKLE]] = parts["ankles"]
    out[:, 17:23] = parts["feet"]
    opening, width = _mouth(plan, signer, t, rng)
    centre = head_centre(signer)
    face = face_points(opening, width, signer.head_scale) + centre
    ears = np.broadcast_to(EARS * signer.head_scale + centre, (n, 2, 3))
    head = np.concatenate([face, ears], axis=1)
    head = rotate_about(head, _head(plan, t, rng), np.array([0.0, -5.0, 0.0]))
    out[:, coco.FACE] = head[:, :68]
    out[:, [coco.L_EAR, coco.R_EAR]] = head[:, 68:]
    out[:, coco.NOSE] = head[:, 30]
    out[:, coco.L_EYE] = head[:, 42:48].mean(axis=1)
    out[:, coco.R_EYE] = head[:, 36:42].mean(axis=1)
    lean = _lean(plan, t, rng)
    if lean is not None:
        lower = out[:, coco.LOWER_BODY].copy()
        out = rotate_about(out, lean, np.array([0.0, signer.torso, 0.0]))
        out[:, coco.LOWER_BODY] = lower
    return out


def camera(points: np.ndarray, signer: Signer, rng: np.random.Generator, frame: Frame) -> np.ndarray:
    """Body space → pixels (weak perspective), with a per-clip offset and roll and per-frame shake."""
    n = len(points)
    persp = CAMERA_DISTANCE / (CAMERA_DISTANCE - np.minimum(points[..., 2], CAMERA_DISTANCE / 2))
    xy = points[..., :2] * (persp * signer.px_per_cm * rng.normal(1.0, 0.03))[..., None]
    roll = np.radians(rng.normal(0, 1.5))
    rot = np.array([[np.cos(roll), -np.sin(roll)], [np.sin(roll), np.cos(roll)]])
    shake = rng.normal(0, signer.jitter_px * 0.3, (n, 2)).cumsum(axis=0) * 0.5 + rng.normal(
        0, signer.jitter_px * 0.3, (n, 2)
    )
    offset = np.array([signer.centre_x, signer.centre_y]) + rng.normal(0, 6.0, 2)
    return xy @ rot.T + offset + shake[:, None]


def estimator(xy: np.ndarray, signer: Signer, rng: np.random.Generator, frame: Frame) -> np.ndarray:
    """What a 2D pose estimator reports: noisy points, confidences, missed hands, clipped to the frame."""
    n = len(xy)
    xy = xy.astype(np.float32)
    step = np.abs(np.diff(xy, axis=0, prepend=xy[:1])).sum(axis=-1)  # (T, V) motion in px per frame
    sigma = np.full(coco.NUM_JOINTS, signer.noise_px, dtype=np.float32)
    sigma[coco.FACE] *= 0.4  # faces are large, sharp and slow: the estimator is precise there
    sigma[91:133] *= 1.5
    xy += rng.standard_normal(xy.shape, dtype=np.float32) * (sigma + 0.03 * step)[..., None]
    conf = rng.standard_normal((n, coco.NUM_JOINTS), dtype=np.float32) * 0.04 + signer.confidence
    conf[:, 91:133] -= 0.12 + 0.01 * step[:, 91:133]
    conf[:, coco.LOWER_BODY] = rng.uniform(0.05, 0.35, (n, len(coco.LOWER_BODY)))
    limit = np.array([frame.width - 1, frame.height - 1], dtype=np.float32)
    inside = np.clip(xy, 0, limit)
    conf[(inside != xy).any(axis=-1)] *= 0.3
    clip = np.concatenate([inside, conf.clip(0.02, 1.0)[..., None]], axis=-1)
    for hand in (coco.LEFT_HAND, coco.RIGHT_HAND):
        for _ in range(rng.poisson(signer.miss_rate * n / 3)):
            start = int(rng.integers(0, n))
            clip[start : start + int(rng.integers(1, 6)), hand] = 0.0
    return clip


def render(plan: SignPlan, signer: Signer, rng: np.random.Generator, frame: Frame) -> np.ndarray:
    """(T, 133, 3) float32: x, y in pixels and confidence, in COCO-WholeBody order."""
    points = pose_body_space(plan, signer, rng, frame)
    if signer.left_handed:
        points = points[:, coco.MIRROR] * LEFT
    return estimator(camera(points, signer, rng, frame), signer, rng, frame)
