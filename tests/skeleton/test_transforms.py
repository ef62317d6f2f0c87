from __future__ import annotations

import numpy as np
import pytest

from gspgen.errors import DataError
from gspgen.skeleton.keypoints import get_preset
from gspgen.skeleton.transforms import (
    AugmentConfig,
    affine,
    augment,
    crop,
    joint_dropout,
    loop_pad,
    mirror,
    normalise,
    resample,
    to_length,
)

from .skeleton_data import make_clip

GSP87 = get_preset("gsp87")
NECK, LS, RS = 13, 5, 6


def _clip(frames: int = 20, seed: int = 0) -> np.ndarray:
    return make_clip(frames, GSP87.num_joints, seed)


def test_normalise_centres_on_neck_and_scales_by_shoulder_width() -> None:
    clip = _clip()
    clip[3, 40, 2] = 0.0  # one missed detection
    before = clip.copy()
    out = normalise(clip, GSP87)
    np.testing.assert_array_equal(clip, before)  # the caller's clip is untouched
    np.testing.assert_allclose(out[:, [LS, RS], :2].mean(axis=(0, 1)), 0, atol=1e-4)
    width = np.linalg.norm(out[:, LS, :2] - out[:, RS, :2], axis=-1).mean()
    assert width == pytest.approx(1.0, rel=1e-4)
    np.testing.assert_array_equal(out[3, 40], 0)
    np.testing.assert_array_equal(out[..., 2], clip[..., 2])


def test_normalise_with_other_reference_joints() -> None:
    clip = _clip()
    out = normalise(clip, GSP87, centre=["nose"], scale=["left_hip", "right_hip"])
    np.testing.assert_allclose(out[:, 0, :2].mean(axis=0), 0, atol=1e-4)
    assert np.linalg.norm(out[:, 11, :2] - out[:, 12, :2], axis=-1).mean() == pytest.approx(1.0, rel=1e-4)
    with pytest.raises(DataError, match="no joint"):
        normalise(clip, get_preset("sam27"), centre=["left_hip"])


def test_temporal_crop_pad_resample() -> None:
    clip = _clip(30)
    a = crop(clip, 10, np.random.default_rng(7))
    b = crop(clip, 10, np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)
    start = int(np.flatnonzero(clip[:, 0, 0] == a[0, 0, 0])[0])
    np.testing.assert_array_equal(a, clip[start : start + 10])
    np.testing.assert_array_equal(crop(clip, 10), clip[10:20])  # centred without a generator
    np.testing.assert_array_equal(crop(clip, 50), clip)
    padded = loop_pad(clip[:7], 16)
    np.testing.assert_array_equal(padded, np.concatenate([clip[:7], clip[:7], clip[:2]]))
    r = resample(clip, 59)
    assert r.shape == (59, GSP87.num_joints, 3)
    np.testing.assert_allclose(r[[0, -1]], clip[[0, -1]])
    np.testing.assert_allclose(r[3, :, :2], (clip[1, :, :2] + clip[2, :, :2]) / 2, rtol=1e-5)  # t = 1.5
    assert to_length(clip, 45).shape[0] == to_length(clip, 12, rng=np.random.default_rng(0)).shape[0] + 33
    assert to_length(clip, 45, policy="resample").shape[0] == 45
    with pytest.raises(DataError, match="zero-length"):
        loop_pad(clip[:0], 5)


def test_mirror_swaps_sides_and_is_an_involution() -> None:
    clip = normalise(_clip(), GSP87)
    flipped = mirror(clip, GSP87)
    left, right = GSP87.parts["left_hand"], GSP87.parts["right_hand"]
    np.testing.assert_allclose(flipped[:, left, 0], -clip[:, right, 0])
    np.testing.assert_allclose(flipped[:, left, 1:], clip[:, right, 1:])
    np.testing.assert_allclose(mirror(flipped, GSP87), clip)
    pixel = _clip()
    np.testing.assert_allclose(
        mirror(mirror(pixel, GSP87, centre_x=250), GSP87, centre_x=250), pixel, rtol=1e-6
    )


def test_affine_rotates_scales_shears_xy_only() -> None:
    clip = np.zeros((1, 2, 3), dtype=np.float32)
    clip[0, 0] = [1, 0, 0.7]
    clip[0, 1] = [0, 1, 0.9]
    np.testing.assert_allclose(affine(clip, rotate_deg=90)[0, :, :2], [[0, 1], [-1, 0]], atol=1e-6)
    np.testing.assert_allclose(affine(clip, scale=2)[0, :, :2], [[2, 0], [0, 2]])
    np.testing.assert_allclose(affine(clip, shear=0.5)[0, :, :2], [[1, 0], [0.5, 1]])
    np.testing.assert_array_equal(affine(clip, rotate_deg=33, scale=1.2, shear=0.1)[..., 2], clip[..., 2])


def test_dropout_and_augment_are_seeded() -> None:
    clip = normalise(_clip(), GSP87)
    np.testing.assert_array_equal(joint_dropout(clip, 0.0, np.random.default_rng(0)), clip)
    assert not joint_dropout(clip, 1.0, np.random.default_rng(0)).any()
    dropped = joint_dropout(clip, 0.3, np.random.default_rng(1))
    gone = ~dropped.any(axis=(0, 2))
    assert 0 < gone.sum() < GSP87.num_joints
    config = AugmentConfig()
    a = augment(clip, GSP87, config, np.random.default_rng(5))
    b = augment(clip, GSP87, config, np.random.default_rng(5))
    c = augment(clip, GSP87, config, np.random.default_rng(6))
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)
    off = AugmentConfig(mirror_p=0, rotate_deg=0, scale=(1, 1), shear=0, dropout_p=0)
    np.testing.assert_allclose(augment(clip, GSP87, off, np.random.default_rng(0)), clip, atol=1e-6)
