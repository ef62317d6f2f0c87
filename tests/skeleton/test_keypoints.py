from __future__ import annotations

from collections import deque
from pathlib import Path

import numpy as np
import pytest

from gspgen.errors import DataError
from gspgen.skeleton.keypoints import (
    COCO_WB_NAMES,
    FACEMESH_FOR_IBUG,
    LAYOUTS,
    MEDIAPIPE_NAMES,
    PRESETS,
    SAM27_COCO,
    get_preset,
    layout_size,
)
from gspgen.skeleton.readers._pose import to_coco

from .skeleton_data import make_clip

ALL = sorted(PRESETS)


def test_coco_wholebody_has_133_unique_names_in_standard_groups() -> None:
    assert len(COCO_WB_NAMES) == len(set(COCO_WB_NAMES)) == 133
    assert COCO_WB_NAMES[0] == "nose" and COCO_WB_NAMES[16] == "right_ankle"
    assert COCO_WB_NAMES[17] == "left_big_toe" and COCO_WB_NAMES[23] == "face_0"
    assert COCO_WB_NAMES[91] == "left_hand_wrist" and COCO_WB_NAMES[112] == "right_hand_wrist"
    assert len(MEDIAPIPE_NAMES) == layout_size("mediapipe_holistic") == 543


@pytest.mark.parametrize("name", ALL)
def test_indices_unique_and_in_range(name: str) -> None:
    preset = get_preset(name)
    assert len(preset.sources) == len(set(preset.sources)) == preset.num_joints == len(preset.joints)
    assert all(0 <= s < 135 for s in preset.sources)
    for part, members in preset.parts.items():
        assert len(members) == len(set(members)), part
        assert all(0 <= m < preset.num_joints for m in members), part
    covered = {m for members in preset.parts.values() for m in members}
    assert covered == set(range(preset.num_joints))


@pytest.mark.parametrize("name", ALL)
def test_graph_is_a_connected_tree(name: str) -> None:
    preset = get_preset(name)
    children = [c for c, _ in preset.edges]
    assert len(children) == len(set(children)) == preset.num_joints - 1  # each non-root joint once
    assert preset.root not in children
    neighbours: dict[int, set[int]] = {v: set() for v in range(preset.num_joints)}
    for child, parent in preset.edges:
        assert child != parent
        neighbours[child].add(parent)
        neighbours[parent].add(child)
    seen, queue = {preset.root}, deque([preset.root])
    while queue:
        for nxt in neighbours[queue.popleft()] - seen:
            seen.add(nxt)
            queue.append(nxt)
    assert seen == set(range(preset.num_joints))


@pytest.mark.parametrize("name", ALL)
def test_mirror_is_an_involution_that_swaps_hands(name: str) -> None:
    preset = get_preset(name)
    mirror = preset.mirror
    assert sorted(mirror) == list(range(preset.num_joints))
    assert [mirror[mirror[i]] for i in range(preset.num_joints)] == list(range(preset.num_joints))
    assert [mirror[i] for i in preset.parts["left_hand"]] == preset.parts["right_hand"]
    for i, j in enumerate(mirror):
        swapped = preset.joints[i].replace("left", "#").replace("right", "left").replace("#", "right")
        if not preset.joints[i].startswith("face_"):
            assert preset.joints[j] == swapped
    # body and hand bones map onto bones: the graph is left/right symmetric where it has sides
    undirected = {frozenset(e) for e in preset.edges}
    for child, parent in preset.edges:
        if not preset.joints[child].startswith("face_"):
            assert frozenset((mirror[child], mirror[parent])) in undirected


def test_gsp87_follows_design_section_2() -> None:
    preset = get_preset("gsp87")
    sizes = {part: len(members) for part, members in preset.parts.items()}
    assert sizes == {"body": 15, "left_hand": 21, "right_hand": 21, "mouth": 10, "face": 20}
    assert preset.sources[:15] == list(range(13)) + [133, 134]
    assert preset.joints[13:15] == ["neck", "mid_hip"]
    assert [preset.sources[i] for i in preset.parts["left_hand"]] == list(range(91, 112))
    assert [preset.sources[i] for i in preset.parts["right_hand"]] == list(range(112, 133))
    assert [preset.sources[i] for i in preset.parts["mouth"]] == list(range(71, 90, 2))
    face = [preset.sources[i] for i in preset.parts["face"]]
    # DESIGN's contour, brows and nose; eyes 59,60,62,65,67,68 (60 not 61, so the set is mirror-closed)
    assert face == [23, 27, 31, 35, 39, 40, 42, 44, 45, 47, 49, 50, 53, 56, 59, 60, 62, 65, 67, 68]
    assert preset.joints[preset.mirror[preset.joints.index("face_36")]] == "face_45"


def test_sam27_is_sam_slr_order() -> None:
    preset = get_preset("sam27")
    assert preset.sources == SAM27_COCO
    assert preset.parts["mouth"] == [] and preset.parts["face"] == [0]
    assert len(preset.parts["left_hand"]) == len(preset.parts["right_hand"]) == 10


def test_select_computes_virtual_points_and_min_confidence() -> None:
    clip = make_clip(5, 133, seed=1)
    out = get_preset("gsp87").select(clip, "coco_wholebody_133")
    assert out.shape == (5, 87, 3) and out.dtype == np.float32
    np.testing.assert_allclose(out[:, 13, :2], (clip[:, 5, :2] + clip[:, 6, :2]) / 2, rtol=1e-6)
    np.testing.assert_allclose(out[:, 14, :2], (clip[:, 11, :2] + clip[:, 12, :2]) / 2, rtol=1e-6)
    np.testing.assert_array_equal(out[:, 13, 2], np.minimum(clip[:, 5, 2], clip[:, 6, 2]))
    np.testing.assert_array_equal(out[:, :13], clip[:, :13])
    np.testing.assert_array_equal(out[:, 15:36], clip[:, 91:112])


def test_select_between_layouts() -> None:
    clip = make_clip(4, 133, seed=2)
    sam = get_preset("sam27")
    as_sam27 = sam.select(clip, "coco_wholebody_133")
    np.testing.assert_array_equal(as_sam27, clip[:, SAM27_COCO])
    np.testing.assert_array_equal(sam.select(as_sam27, "sam27"), as_sam27)  # sam27 data → sam27 preset
    with pytest.raises(DataError, match="no face joints"):
        get_preset("gsp87").select(as_sam27, "sam27")
    with pytest.raises(DataError, match="does not match layout"):
        sam.select(clip[:, :100], "coco_wholebody_133")
    with pytest.raises(DataError, match="unknown keypoint layout"):
        sam.select(clip, "openpose_137")


def test_select_from_mediapipe_holistic() -> None:
    clip = make_clip(3, 543, seed=3)
    coco = get_preset("coco133").select(clip, "mediapipe_holistic")
    assert coco.shape == (3, 133, 3)
    np.testing.assert_array_equal(coco[:, 91:133], clip[:, 501:543])  # hands 1:1
    np.testing.assert_array_equal(coco[:, 9], clip[:, 15])  # left wrist = pose landmark 15
    np.testing.assert_array_equal(coco[:, 18], 0)  # left small toe: no MediaPipe equivalent
    np.testing.assert_array_equal(coco[:, 23 + 36], clip[:, 33 + 33])  # right eye outer corner = FaceMesh 33
    assert LAYOUTS["mediapipe_holistic"][1][23 + 8] == 33 + 152  # chin


def test_facemesh_choice_is_symmetric_on_a_real_face(pose_dir: Path) -> None:
    """Each iBUG mirror pair's FaceMesh points straddle the nose line, and sides are the subject's."""
    path = next((pose_dir / "asl_fingerspelling").glob("*.pose"))
    frame = to_coco(path, str(path))[0]
    face = frame[23:91]
    assert (face[:, 2] > 0).all()
    width = face[:, 0].max() - face[:, 0].min()
    nose_x = face[27:31, 0].mean()
    preset = get_preset("coco133")
    for k in range(68):
        partner = int(preset.mirror[23 + k]) - 23
        assert abs((face[k, 0] + face[partner, 0]) / 2 - nose_x) < 0.12 * width, (k, partner)
    right_eye, left_eye = frame[2, :2], frame[1, :2]
    assert np.linalg.norm(face[36, :2] - right_eye) < np.linalg.norm(face[36, :2] - left_eye)
    assert face[8, 1] == face[:17, 1].max()  # the chin is the lowest jaw point
    assert len(set(FACEMESH_FOR_IBUG)) == 68
