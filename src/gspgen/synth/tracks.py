"""Hand tracks: where each wrist is and how the hand is posed, frame by frame, for one clip.

A track is built from a timeline of segments (rest, transition in, hold, movement per phase, transition
out); transitions ease the wrist and blend the hand pose. The non-dominant hand rests, holds a base, or
repeats the dominant track mirrored (and half a cycle late when alternating).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from gspgen.synth import locations as loc
from gspgen.synth.body import arm_ik
from gspgen.synth.hand import contact_point, hand_points, orientation
from gspgen.synth.motion import eased_ramp, phase_path, ramp
from gspgen.synth.phonology import RELAXED, HandshapeSpec, Phase, SignPlan
from gspgen.synth.signer import Signer

LEFT = np.array([-1.0, 1.0, 1.0])


@dataclass(frozen=True)
class Timeline:
    """Frame counts of the clip's segments; ``moves`` has one entry per phase."""

    lead: int
    enter: int
    hold: int
    moves: tuple[int, ...]
    between: int
    leave: int
    tail: int

    @property
    def total(self) -> int:
        return (
            self.lead
            + self.enter
            + 2 * self.hold
            + sum(self.moves)
            + self.between * (len(self.moves) - 1)
            + self.leave
            + self.tail
        )

    @functools.cached_property
    def active(self) -> np.ndarray:
        """(T,) 0 at rest, 1 while signing, eased in between — drives head, body and mouth cues."""
        up = eased_ramp(self.enter)
        down = eased_ramp(self.leave)[::-1]
        body = self.total - self.lead - self.tail - self.enter - self.leave
        return np.concatenate([np.zeros(self.lead), up, np.ones(body), down, np.zeros(self.tail)])

    def signing(self) -> tuple[int, int]:
        """First and last+1 frame of the movement phases."""
        start = self.lead + self.enter + self.hold
        return start, start + sum(self.moves) + self.between * (len(self.moves) - 1)


@dataclass(frozen=True)
class Pose:
    """A hand shape placed in body space: keypoints relative to the wrist, and the contact offset."""

    rel: np.ndarray  # (21, 3)
    contact: np.ndarray  # (3,) the part that touches a location
    palm: np.ndarray  # (3,) the palm centre, placed at a location the hand does not touch


def random_rotation(rng: np.random.Generator, degrees: float) -> np.ndarray:
    axis = rng.normal(size=3)
    axis /= np.linalg.norm(axis)
    angle = np.radians(rng.normal(0, degrees))
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * k @ k


@functools.lru_cache(maxsize=4096)
def _local(spec: HandshapeSpec, scale: float, lax: float) -> tuple[np.ndarray, np.ndarray]:
    local = hand_points(spec, scale=scale, lax=lax)
    return local, contact_point(spec, local)


def make_pose(
    spec: HandshapeSpec,
    fingers: tuple,
    palm: tuple,
    signer: Signer,
    lax: float,
    twist: np.ndarray,
    *,
    left: bool = False,
) -> Pose:
    local, contact = _local(spec, signer.hand_scale, round(lax * 20) / 20)  # laxness in steps of 0.05
    if left:
        local, contact = local * LEFT, contact * LEFT
    rot = twist @ orientation(tuple(fingers), tuple(palm))
    centre = local[[0, 5, 9, 13, 17]].mean(axis=0)
    return Pose(rel=local @ rot.T, contact=rot @ contact, palm=rot @ centre)


@functools.lru_cache(maxsize=256)
def rest_pose(signer: Signer, *, left: bool = False) -> tuple[np.ndarray, Pose]:
    fingers, palm = loc.REST_ORIENTATION
    pose = make_pose(RELAXED, fingers, palm, signer, 0.6, np.eye(3))
    wrist = np.array(loc.REST_WRIST) * loc.body_scale(signer)
    if left:
        return wrist * LEFT, Pose(rel=pose.rel * LEFT, contact=pose.contact * LEFT, palm=pose.palm * LEFT)
    return wrist, pose


def _blend(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    w = eased_ramp(n).reshape((n,) + (1,) * a.ndim)
    return a[None] * (1 - w) + b[None] * w


def _hold(a: np.ndarray, n: int) -> np.ndarray:
    return np.repeat(a[None], n, axis=0)


@dataclass(frozen=True)
class Stroke:
    """One phase as the wrist path it produces and the pose held along it."""

    wrist: np.ndarray  # (n, 3)
    pose: Pose


def assemble(
    timeline: Timeline, at_rest: tuple[np.ndarray, Pose], strokes: list[Stroke], settle: float
) -> tuple[np.ndarray, np.ndarray]:
    """(T, 3) wrist and (T, 21, 3) relative keypoints of one hand over the whole clip."""
    rest_wrist, rest = at_rest
    first, last = strokes[0], strokes[-1]
    end_wrist = last.wrist[-1] * (1 - settle) + rest_wrist * settle
    end_rel = last.pose.rel * (1 - settle) + rest.rel * settle
    wrists = [
        _hold(rest_wrist, timeline.lead),
        _blend(rest_wrist, first.wrist[0], timeline.enter),
        _hold(first.wrist[0], timeline.hold),
    ]
    rels = [
        _hold(rest.rel, timeline.lead),
        _blend(rest.rel, first.pose.rel, timeline.enter),
        _hold(first.pose.rel, timeline.hold),
    ]
    for k, stroke in enumerate(strokes):
        if k:
            wrists.append(_blend(strokes[k - 1].wrist[-1], stroke.wrist[0], timeline.between))
            rels.append(_blend(strokes[k - 1].pose.rel, stroke.pose.rel, timeline.between))
        wrists.append(stroke.wrist)
        rels.append(_hold(stroke.pose.rel, len(stroke.wrist)))
    wrists += [
        _hold(last.wrist[-1], timeline.hold),
        _blend(last.wrist[-1], end_wrist, timeline.leave),
        _hold(end_wrist, timeline.tail),
    ]
    rels += [
        _hold(last.pose.rel, timeline.hold),
        _blend(last.pose.rel, end_rel, timeline.leave),
        _hold(end_rel, timeline.tail),
    ]
    return np.concatenate(wrists), np.concatenate(rels)


@dataclass(frozen=True)
class Base:
    """The held non-dominant hand (or forearm) the dominant hand acts on."""

    wrist: np.ndarray
    pose: Pose
    points: np.ndarray  # (21, 3) hand keypoints in body space
    elbow: np.ndarray | None  # for arm bases


def make_base(plan: SignPlan, signer: Signer, rng: np.random.Generator) -> Base | None:
    if plan.base is None:
        return None
    spec = plan.nondominant or RELAXED
    jitter = rng.normal(0, 1.5, 3)
    scale = loc.body_scale(signer)
    if plan.base == "arm":
        elbow, wrist = (np.array(p) * scale + jitter for p in loc.BASE_ARM)
        shoulder = np.array([signer.shoulder_width / 2, 0.0, 0.0])
        elbow_ik, wrist = arm_ik(shoulder[None], wrist[None], signer.upper_arm, signer.forearm, 1.0)
        pose = make_pose(
            spec,
            tuple(float(v) for v in wrist[0] - elbow_ik[0]),
            (0.0, 1.0, 0.0),
            signer,
            signer.lax,
            np.eye(3),
            left=True,
        )
        return Base(wrist[0], pose, wrist[0] + pose.rel, elbow_ik[0])
    wrist = np.array(loc.BASE_HAND_WRIST) * scale + jitter
    palm = (0.0, 1.0, 0.0) if plan.phases[0].location in loc.PALM_DOWN_BASE else (0.0, -1.0, 0.0)
    pose = make_pose(spec, (-0.7, 0.0, 0.7), palm, signer, signer.lax, np.eye(3), left=True)
    return Base(wrist, pose, wrist + pose.rel, None)


def target(phase: Phase, name: str, signer: Signer, base: Base | None) -> np.ndarray:
    """Body-space point of a location for the dominant hand."""
    if phase.major == "Hand" and base is not None:
        point = loc.hand_point(name, base.points)
        return point + np.array([0.0, -2.0 if name not in loc.PALM_DOWN_BASE else 2.0, 0.0])
    if phase.major == "Arm" and base is not None and base.elbow is not None:
        shoulder = np.array([signer.shoulder_width / 2, 0.0, 0.0])
        return loc.arm_point(name, shoulder, base.elbow, base.wrist) + np.array([0.0, -3.0, 0.0])
    return loc.body_point(name, signer)


def strokes(
    plan: SignPlan,
    signer: Signer,
    timeline: Timeline,
    base: Base | None,
    rng: np.random.Generator,
    *,
    spec_override: HandshapeSpec | None = None,
    shift: float = 0.0,
    lateral: float = 0.0,
) -> list[Stroke]:
    """The dominant-side strokes of every phase (``spec_override`` for the mirrored second hand)."""
    amplitude = signer.amplitude * rng.normal(1.0, 0.1)
    bias = np.array(signer.location_bias) + rng.normal(0, 1.5, 3)
    lax = float(np.clip(signer.lax + rng.normal(0, 0.05), 0, 0.6))
    twist = random_rotation(rng, signer.orientation_jitter)
    out = []
    for phase, frames in zip(plan.phases, timeline.moves, strict=True):
        fingers, palm = loc.ORIENTATION[phase.major]
        pose = make_pose(spec_override or phase.handshape, fingers, palm, signer, lax, twist)
        offset = bias * (0.15 if phase.contact else 1.0)  # a hand that touches a place is on it
        start = target(phase, phase.location, signer, base) + offset
        end = None
        if phase.end_location and not phase.end_location.endswith("Away"):
            end = target(phase, phase.end_location, signer, base) + offset
        if lateral and phase.major == "Neutral" and phase.contact:
            start[0] = -1.5  # two hands that touch meet at the midline
        elif phase.major not in ("Hand", "Arm") and abs(start[0]) < 4.0:
            start = start + [lateral, 0.0, 0.0]
            end = None if end is None else end + [lateral, 0.0, 0.0]
        if not phase.contact:
            start = start + np.array([-2.0, 0.0, 5.0])  # hover near the location, not on it
        path = phase_path(phase, ramp(frames), start, end, amplitude, shift)
        out.append(Stroke(wrist=path - (pose.contact if phase.contact else pose.palm), pose=pose))
    return out
