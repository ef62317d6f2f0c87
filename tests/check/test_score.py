"""Hand-written descriptions of real ASL-LEX signs, scored; every expected number is worked out here.

MOTHER in ASL-LEX 2.0: 5 handshape, selected fingers imrp, fully open, one-handed, straight movement,
repeated, head / chin, contact — 9 coded attributes (no non-dominant hand).
"""

from __future__ import annotations

import pytest

from gspgen.check import Checker

from .conftest import MakeRecord

CORRECT = "A one-handed sign: the 5 handshape moves straight in to tap the chin twice."
# one-handed ✓, 5 ✓ (implies imrp ✓), straight ✓, tap = contact ✓, chin ✓ (implies head ✓), twice ✓;
# flexion unstated -> 8 of 9 stated, all correct.
CONTRADICTING = "Both hands form a C handshape and circle in front of the forehead without touching it."
# two-handed ✗, C ✗ (its implied imrp agrees ✓; implied curved disagrees: dropped, not a contradiction),
# circle ✗, forehead ✗ (implied head ✓), without touching ✗; repetition and flexion unstated
# -> stated 7 (sign type, handshape, fingers, movement, minor, major, contact), correct 2, contradicted 5.
SILENT = "This sign expresses the idea of a female parent."


def test_coded_values_of_mother(lexicon) -> None:  # type: ignore[no-untyped-def]
    coded = lexicon.coded_attributes(0, ["mother"])
    assert coded == {
        "handshape": ("5",),
        "selected_fingers": ("imrp",),
        "flexion": ("FullyOpen",),
        "sign_type": ("OneHanded",),
        "movement": ("Straight",),
        "repeated_movement": ("true",),
        "major_location": ("Head",),
        "minor_location": ("Chin",),
        "contact": ("true",),
    }


def test_correct_description(checker: Checker, lexicon) -> None:  # type: ignore[no-untyped-def]
    field = checker.check_field("global.0", CORRECT, lexicon.coded_attributes(0, ["mother"]))
    assert field.coverage == pytest.approx(8 / 9, abs=1e-4)
    assert field.precision == 1.0
    assert field.statuses["flexion"] == "unstated"
    assert field.contradictions == []


def test_contradicting_description(checker: Checker, lexicon) -> None:  # type: ignore[no-untyped-def]
    field = checker.check_field("global.0", CONTRADICTING, lexicon.coded_attributes(0, ["mother"]))
    assert field.coverage == pytest.approx(7 / 9, abs=1e-4)
    assert field.precision == pytest.approx(2 / 7, abs=1e-4)
    wrong = {c.attribute for c in field.contradictions}
    assert wrong == {"sign_type", "handshape", "movement", "minor_location", "contact"}
    assert field.statuses["selected_fingers"] == "correct" and field.statuses["major_location"] == "correct"
    assert field.statuses["flexion"] == "unstated" and field.statuses["repeated_movement"] == "unstated"
    location = next(c for c in field.contradictions if c.attribute == "minor_location")
    assert location.message == "location: says 'forehead', lexicon: chin"
    assert CONTRADICTING[location.start : location.end] == "forehead"


def test_silent_description(checker: Checker, lexicon) -> None:  # type: ignore[no-untyped-def]
    field = checker.check_field("global.0", SILENT, lexicon.coded_attributes(0, ["mother"]))
    assert field.coverage == 0.0 and field.precision is None
    assert set(field.statuses.values()) == {"unstated"}


def test_record_pools_fields_and_summary_counts(checker: Checker, make_record: MakeRecord) -> None:
    records = [
        make_record(
            "mother", CORRECT, class_id=1, synonyms=[SILENT], parts=[(CONTRADICTING, ["right_hand"])]
        ),
        make_record("mother", SILENT, class_id=2, primary=SILENT),
        make_record("no-such-gloss-xyz", CORRECT, class_id=3),
    ]
    report = checker.check_records(records, file="mem")
    assert report.unmatched == ["no-such-gloss-xyz"]
    first = report.record(1)
    assert first is not None
    # pooled over all fields: a contradiction anywhere wins, else a correct statement anywhere
    assert first.by_kind["all"]["minor_location"] == "contradicted"
    assert first.by_kind["global"]["minor_location"] == "correct"
    assert first.by_kind["all"]["flexion"] == "unstated"
    assert first.by_kind["synonym"]["handshape"] == "unstated"
    # global kind over two records: record 1 has 8 of 9 correct, record 2 none -> 18 coded, 8 correct
    total = report.totals["global"]
    assert (total.coded, total.stated, total.correct, total.contradicted) == (18, 8, 8, 0)
    assert total.coverage == pytest.approx(8 / 18, abs=1e-4) and total.precision == 1.0
    hand = report.summary["global"]["handshape"]
    assert (hand.coded, hand.correct, hand.correct_rate) == (2, 1, 0.5)
    # all kinds pooled: record 1 contradicts 5 attributes and states 2 more correctly (+1 from CORRECT)
    pooled = report.totals["all"]
    assert (pooled.stated, pooled.contradicted, pooled.correct) == (8, 5, 3)
    assert pooled.contradiction_rate == pytest.approx(5 / 18, abs=1e-4)


def test_accepted_values_of_later_morphemes_and_setting_changes(checker: Checker, lexicon) -> None:  # type: ignore[no-untyped-def]
    coded = lexicon.coded_attributes(0, ["thank you"])
    assert coded["minor_location"] == ("Mouth", "HeadAway")  # starts at the mouth, ends away from the head
    field = checker.check_field(
        "global.0", "The flat hand moves from the mouth to in front of the face.", coded
    )
    assert field.statuses["minor_location"] == "correct" and not field.contradictions


def test_group_values_agree_with_every_member(checker: Checker) -> None:
    coded = {"handshape": ("curved_5",), "nondominant_handshape": ("family_b",)}
    loose = checker.check_field("k", "The 5 handshape moves over the non-dominant open B hand.", coded)
    assert loose.statuses == {"handshape": "correct", "nondominant_handshape": "correct"}
    strict = checker.check_field("k", "The open B handshape.", {"handshape": ("curved_5",)})
    assert strict.statuses["handshape"] == "contradicted"
