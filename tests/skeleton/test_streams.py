from __future__ import annotations

import numpy as np
import pytest

from gspgen.errors import DataError
from gspgen.skeleton.keypoints import get_preset
from gspgen.skeleton.streams import STREAMS, stream

from .skeleton_data import make_clip

CHAIN = [(1, 0), (2, 1)]  # joint 2 → 1 → 0 (root)


def _chain_clip() -> np.ndarray:
    x = np.zeros((3, 3, 3), dtype=np.float32)  # T=3, V=3
    x[..., 0] = [[0, 1, 3], [1, 2, 5], [1, 3, 7]]
    x[..., 1] = 2.0
    x[..., 2] = [[1, 0.5, 0.9], [1, 1, 1], [0.2, 1, 1]]
    return x


def test_bone_is_child_minus_parent_with_zero_root() -> None:
    x = _chain_clip()
    bone = stream(x, "bone", CHAIN)
    np.testing.assert_array_equal(bone[..., 0], [[0, 1, 2], [0, 1, 3], [0, 2, 4]])
    np.testing.assert_array_equal(bone[..., 1], 0)
    np.testing.assert_array_equal(bone[0, :, 2], [1, 0.5, 0.5])  # confidence = min(child, parent)


def test_motion_is_next_minus_current_and_last_frame_zero() -> None:
    x = _chain_clip()
    motion = stream(x, "joint_motion", CHAIN)
    np.testing.assert_array_equal(motion[:2, :, :2], x[1:, :, :2] - x[:-1, :, :2])
    np.testing.assert_array_equal(motion[-1], 0)
    np.testing.assert_allclose(motion[1, :, 2], [0.2, 1, 1])
    np.testing.assert_array_equal(
        stream(x, "bone_motion", CHAIN), stream(stream(x, "bone", CHAIN), "joint_motion", [])
    )


def test_bones_reconstruct_joints_along_the_preset_tree() -> None:
    preset = get_preset("gsp87")
    x = make_clip(6, preset.num_joints, seed=4)
    bone = stream(x, "bone", preset.edges)
    rebuilt = np.zeros_like(x[..., :2])
    rebuilt[:, preset.root] = x[:, preset.root, :2]
    parent = preset.parent
    order = [preset.root]
    for v in order:  # breadth-first over the tree: every parent is rebuilt before its children
        kids = [c for c, p in preset.edges if p == v]
        for c in kids:
            rebuilt[:, c] = bone[:, c, :2] + rebuilt[:, parent[c]]
        order.extend(kids)
    np.testing.assert_allclose(rebuilt, x[..., :2], rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize("kind", STREAMS)
def test_axis_orders_and_batches_agree(kind: str) -> None:
    preset = get_preset("sam27")
    x = np.stack([make_clip(8, 27, seed=s) for s in range(2)])  # (N, T, V, C)
    tvc = stream(x, kind, preset.edges)
    ctv = stream(np.moveaxis(x, -1, 1), kind, preset.edges, order="ctv")  # (N, C, T, V)
    assert tvc.shape == x.shape
    np.testing.assert_array_equal(np.moveaxis(ctv, 1, -1), tvc)
    np.testing.assert_array_equal(stream(x[0], kind, preset.edges), tvc[0])
    assert not np.shares_memory(tvc, x)


def test_bad_stream_requests() -> None:
    x = _chain_clip()
    with pytest.raises(DataError, match="unknown stream"):
        stream(x, "velocity", CHAIN)
    with pytest.raises(DataError, match="out of range"):
        stream(x, "bone", [(5, 0)])
    with pytest.raises(DataError, match="at least 3 axes"):
        stream(x[0], "joint", CHAIN)
