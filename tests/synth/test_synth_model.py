"""The synth stage's models: hand kinematics, lexicon → plan, and a rendered clip's geometry."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gspgen.lexicon.coding import LexiconEntry, Morpheme, load_lexicon, match_glosses
from gspgen.skeleton.keypoints import get_preset
from gspgen.synth import Frame, build_plan, handshape_table, make_signers, render
from gspgen.synth._coco import MIRROR
from gspgen.synth.hand import hand_points
from gspgen.synth.oracle import part_texts
from gspgen.synth.performer import pose_body_space
from gspgen.synth.phonology import SignPlan, syllables

TIPS = [4, 8, 12, 16, 20]


@pytest.fixture(scope="module")
def lexicon() -> list[LexiconEntry]:
    return load_lexicon(Path(__file__).resolve().parents[2] / "corpora" / "asl-lex" / "signdata-11-5-20.csv")


@pytest.fixture(scope="module")
def table(lexicon: list[LexiconEntry]) -> dict:
    return handshape_table(lexicon)


def _entry(**fields: object) -> LexiconEntry:
    morpheme = Morpheme(**fields)  # type: ignore[arg-type]
    return LexiconEntry(entry_id="test_sign", source="test.csv", row=1, morphemes=[morpheme])


def _one_handed(contact: bool, location: str = "Chin", handshape: str = "1") -> LexiconEntry:
    return _entry(
        handshape=handshape, selected_fingers="i", flexion="FullyOpen", thumb_position="Closed",
        sign_type="OneHanded", movement="None", repeated_movement=False, major_location="Head",
        minor_location=location, contact=contact,
    )  # fmt: skip


def test_handshape_changes_finger_geometry(table: dict) -> None:
    fist, open5 = hand_points(table["s"]), hand_points(table["5"])
    reach = lambda pts: np.linalg.norm(pts[TIPS[1:]] - pts[0], axis=1).mean()  # noqa: E731
    assert reach(fist) < 0.6 * reach(open5)
    spread = lambda pts: np.linalg.norm(pts[8] - pts[20])  # index tip to pinky tip  # noqa: E731
    assert spread(open5) > spread(hand_points(table["open_b"])) + 1.0
    f_hand = hand_points(table["f"])  # F: thumb and index touch, the other fingers stand
    assert np.linalg.norm(f_hand[4] - f_hand[8]) < 2.0
    assert np.linalg.norm(f_hand[12] - f_hand[0]) > 15.0


def test_handshape_table_reads_the_lexicons_coding(table: dict) -> None:
    assert table["s"].selected == "imrp" and table["s"].flexion == "FullyClosed"
    assert table["1"].selected == "i" and table["1"].flexion == "FullyOpen"


@pytest.mark.parametrize(
    ("gloss", "expected"),
    [("computer", ["com", "pu", "ter"]), ("before", ["be", "fore"]), ("drive", ["drive"]), ("book", ["book"]),
     ("thank you", ["thank", "you"]),
     ("clothes", ["clothes"]), ("wanted", ["wan", "ted"])],
)  # fmt: skip
def test_syllables_of_the_gloss(gloss: str, expected: list[str]) -> None:
    assert syllables(gloss) == expected


def test_plan_follows_the_lexicon(lexicon: list[LexiconEntry], table: dict) -> None:
    matched = match_glosses(lexicon, ["book", "drink", "before"])
    book = build_plan(matched["book"], 0, "book", table)
    assert book.sign_type == "symmetrical" and book.phases[0].handshape.code == "open_b"
    assert "taps the left hand" in part_texts(book)["right_hand"]  # the two hands meet
    drink = build_plan(matched["drink"], 1, "drink", table)
    assert (
        drink.sign_type == "one_handed" and drink.phases[0].major == "Head" and drink.head == "tilt_to_hand"
    )
    before = build_plan(matched["before"], 2, "before", table)
    assert before.base == "hand" and before.head == "look_at_hands"
    texts = part_texts(drink)
    assert "C handshape" in texts["right_hand"] and "rest" in texts["left_hand"]
    assert "'drink'" in texts["mouth"] and "one syllable" in texts["mouth"]


def test_every_lexicon_row_renders(lexicon: list[LexiconEntry], table: dict) -> None:
    """A sample across the lexicon: every sign type, location and movement yields a finite clip."""
    signer = make_signers(3, 0, 512, 512)[0]
    for i, entry in enumerate(lexicon[::45]):
        clip = render(build_plan(entry, i, entry.gloss, table), signer, np.random.default_rng(i), Frame())
        assert np.isfinite(clip).all() and 40 <= len(clip) <= 120, entry.entry_id


def _plan(entry: LexiconEntry, table: dict) -> SignPlan:
    return build_plan(entry, 0, "chin sign", table)


def test_render_shapes_ranges_and_determinism(table: dict) -> None:
    plan = _plan(_one_handed(True), table)
    signer = make_signers(5, 0, 512, 512)[1]
    frame = Frame(512, 512, 40, 120)
    clip = render(plan, signer, np.random.default_rng([3, 4]), frame)
    assert clip.dtype == np.float32 and clip.shape[1:] == (133, 3) and 40 <= len(clip) <= 120
    assert clip[..., 0].min() >= 0 and clip[..., 0].max() <= 511 and clip[..., 1].max() <= 511
    assert clip[..., 2].min() >= 0 and clip[..., 2].max() <= 1
    np.testing.assert_array_equal(clip, render(plan, signer, np.random.default_rng([3, 4]), frame))
    assert not np.array_equal(clip[:40], render(plan, signer, np.random.default_rng([3, 5]), frame)[:40])


def test_frame_limits_are_kept(table: dict) -> None:
    plan = _plan(_one_handed(True), table)
    signer = make_signers(3, 0, 512, 512)[0]
    for seed in range(5):
        assert len(
            render(plan, signer, np.random.default_rng(seed), Frame(min_frames=70, max_frames=80))
        ) in range(70, 81)


def test_contact_brings_the_fingertip_to_the_location(table: dict) -> None:
    def closest(contact: bool) -> float:
        plan = _plan(_one_handed(contact), table)
        distances = []
        for signer in make_signers(6, 1, 512, 512):
            body = pose_body_space(plan, signer, np.random.default_rng(7), Frame())
            chin = body[:, 23 + 8]  # iBUG jaw point 8: the chin
            distances.append(np.linalg.norm(body[:, 112 + 8] - chin, axis=1).min())  # right index tip
        return float(np.mean(distances))

    touching, hovering = closest(True), closest(False)
    assert touching < 3.5
    assert hovering > touching + 2.0


def test_left_handed_signers_sign_with_the_left_hand(table: dict) -> None:
    plan = _plan(_one_handed(True, location="CheekNose"), table)
    right_handed = make_signers(3, 0, 512, 512)[0].model_copy(update={"left_handed": False, "miss_rate": 0.0})
    left_handed = right_handed.model_copy(update={"left_handed": True})

    def raised(clip: np.ndarray, hand: slice) -> float:
        wrist_y = clip[:, hand.start, 1]
        return float(wrist_y[:5].mean() - wrist_y.min())  # how far the wrist rises from rest (pixels)

    for signer, active, idle in ((right_handed, slice(112, 133), slice(91, 112)),
                                 (left_handed, slice(91, 112), slice(112, 133))):  # fmt: skip
        clip = render(plan, signer, np.random.default_rng(0), Frame())
        assert raised(clip, active) > 4 * raised(clip, idle) + 20
        top = clip[:, active.start, 1].argmin()
        side = np.sign(clip[top, active.start, 0] - clip[top, 0, 0])  # dominant wrist vs nose at the peak
        assert side == (1 if signer.left_handed else -1)  # signer's left is the image right


def test_mirror_matches_the_layout_module() -> None:
    assert MIRROR.tolist() == get_preset("coco133").mirror
    assert (MIRROR[MIRROR] == np.arange(133)).all()


def test_mouthing_opens_the_jaw_once_per_syllable(table: dict) -> None:
    entry = _entry(
        handshape="5", selected_fingers="imrp", flexion="FullyOpen", spread=True, thumb_position="Open",
        sign_type="OneHanded", movement="Straight", major_location="Neutral", minor_location="Neutral",
    )  # fmt: skip
    plan = build_plan(entry, 0, "computer", table)
    signer = make_signers(3, 0, 512, 512)[0].model_copy(update={"mouthing": 1.0})
    body = pose_body_space(plan, signer, np.random.default_rng(1), Frame())
    gap = body[:, 23 + 66, 1] - body[:, 23 + 62, 1]  # inner lips, bottom minus top
    opened = gap > gap.min() + 0.4
    onsets = int(opened[0]) + int(np.sum(opened[1:] & ~opened[:-1]))
    assert onsets == 3


def test_head_tilts_toward_a_hand_at_the_face(table: dict) -> None:
    signer = make_signers(3, 0, 512, 512)[0]

    def tilt(location: str) -> float:
        entry = _entry(
            handshape="1", selected_fingers="i", flexion="FullyOpen", thumb_position="Closed",
            sign_type="OneHanded", movement="None", major_location="Head" if location != "Neutral" else "Neutral",
            minor_location=location, contact=False,
        )  # fmt: skip
        body = pose_body_space(_plan(entry, table), signer, np.random.default_rng(2), Frame())
        eyes = body[:, 2, 1] - body[:, 1, 1]  # right eye lower than left = tilted toward the right hand
        return float(eyes.max())

    assert tilt("CheekNose") > 1.5 > tilt("Neutral")


def test_a_movement_that_ends_where_it_starts_renders_finite(asl_lex_csv: Path) -> None:
    """ASL-LEX's AGAIN codes an end location equal to its start; the path must not divide by zero."""
    entries = load_lexicon(asl_lex_csv)
    again = next(e for e in entries if e.entry_id == "again")
    plan = build_plan(again, 0, "again", handshape_table(entries))
    for signer in make_signers(4, 0, 512, 512):
        assert np.isfinite(render(plan, signer, np.random.default_rng(0), Frame())).all()
