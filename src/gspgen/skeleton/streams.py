"""The four input streams of multi-stream skeleton recognition (SAM-SLR / GSP-MC): joint, bone and their
frame-to-frame motions, computed on the fly from a clip so nothing extra is stored.

Arrays are numpy, either (..., T, V, C) ("tvc", the dataset's order) or (..., C, T, V) ("ctv", the
model's order); leading batch axes pass through. When ``confidence`` is true the last channel is a
detection confidence: it is not differenced but carried as the minimum of the two points involved, so a
bone or motion built from a missing point is itself marked missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from gspgen.errors import DataError

StreamKind = Literal["joint", "bone", "joint_motion", "bone_motion"]
STREAMS: tuple[StreamKind, ...] = ("joint", "bone", "joint_motion", "bone_motion")
AxisOrder = Literal["auto", "tvc", "ctv"]


def stream(
    x: np.ndarray,
    kind: str,
    edges: Sequence[tuple[int, int]],
    *,
    order: AxisOrder = "auto",
    confidence: bool = True,
) -> np.ndarray:
    """The ``kind`` stream of ``x`` in the same axis order. ``edges`` are (child, parent) pairs.

    ``order="auto"`` reads a last axis of size 2 or 3 as channels (tvc), anything else as ctv.
    """
    if kind not in STREAMS:
        raise DataError(f"unknown stream {kind!r}; known: {', '.join(STREAMS)}")
    if x.ndim < 3:
        raise DataError(f"stream input needs at least 3 axes, got shape {tuple(x.shape)}")
    if order == "auto":
        order = "tvc" if x.shape[-1] in (2, 3) else "ctv"
    tvc = np.moveaxis(x, -3, -1) if order == "ctv" else x
    if kind in ("bone", "bone_motion"):
        tvc = bone(tvc, edges, confidence=confidence)
    if kind in ("joint_motion", "bone_motion"):
        tvc = motion(tvc, confidence=confidence)
    if kind == "joint":
        tvc = tvc.copy()
    return np.moveaxis(tvc, -1, -3) if order == "ctv" else tvc


def parents_from_edges(edges: Sequence[tuple[int, int]], num_joints: int) -> np.ndarray:
    """parent[v] per joint (a joint that is nobody's child is its own parent, so its bone is zero)."""
    parent = np.arange(num_joints)
    for child, par in edges:
        if not (0 <= child < num_joints and 0 <= par < num_joints):
            raise DataError(f"edge ({child}, {par}) out of range for {num_joints} joints")
        parent[child] = par
    return parent


def bone(x: np.ndarray, edges: Sequence[tuple[int, int]], *, confidence: bool = True) -> np.ndarray:
    """bone[v] = x[v] - x[parent(v)] on a (..., T, V, C) array; the root's bone is zero."""
    parent = parents_from_edges(edges, x.shape[-2])
    out = x - x[..., parent, :]
    if confidence:
        out[..., -1] = np.minimum(x[..., -1], x[..., parent, -1])
    return out


def motion(x: np.ndarray, *, confidence: bool = True) -> np.ndarray:
    """motion[t] = x[t+1] - x[t] on a (..., T, V, C) array; the last frame is zero (confidence 0)."""
    out = np.zeros_like(x)
    out[..., :-1, :, :] = x[..., 1:, :, :] - x[..., :-1, :, :]
    if confidence:
        out[..., :-1, :, -1] = np.minimum(x[..., 1:, :, -1], x[..., :-1, :, -1])
    return out
