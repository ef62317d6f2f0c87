"""Merge policies (adjudicator, majority, pending), the merged records, and rejected_fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from gspgen.errors import ReviewError
from gspgen.jsonio import read_jsonl
from gspgen.records import DescriptionRecord
from gspgen.rejections import read_rejections
from gspgen.review import merge, rejected_fields, status, write_rejections_file
from gspgen.review.consensus import verdict
from gspgen.review.log import append_decision, log_path, make_decision


def _decide(
    generated: Path, record: DescriptionRecord, key: str, reviewer: str, decision: str, **extra
) -> None:
    append_decision(
        log_path(generated), make_decision(record, key, reviewer=reviewer, decision=decision, **extra)
    )


def _by(record: DescriptionRecord, key: str, votes: dict[str, tuple[str, dict]]) -> dict:
    return {
        name: make_decision(record, key, reviewer=name, decision=d, **x) for name, (d, x) in votes.items()
    }


def test_policy_adjudicator_then_majority_then_pending(records: list[DescriptionRecord]) -> None:
    record, key = records[0], "synonym.0"
    original = record.synonyms[0]
    split = _by(record, key, {"a": ("accepted", {}), "b": ("rejected", {"reason": "inaccurate"})})
    assert verdict(original, split).status == "pending"  # 1-1: no majority
    assert verdict(original, split, adjudicator="b").status == "rejected"  # adjudicator wins
    assert verdict(original, split, adjudicator="zoe").status == "pending"  # adjudicator did not judge it
    three = _by(
        record,
        key,
        {
            "a": ("rejected", {"reason": "inaccurate", "note": "no curve"}),
            "b": ("rejected", {"reason": "wrong_part", "note": "hands swap"}),
            "c": ("accepted", {}),
        },
    )
    v = verdict(original, three)
    assert (v.status, v.reviewers, v.note) == ("rejected", ["a", "b"], "no curve; hands swap")
    edits = _by(
        record,
        key,
        {
            "a": ("edited", {"after": "Flat hands open."}),
            "b": ("edited", {"after": "Hands open like a book."}),
        },
    )
    assert verdict(original, edits).status == "pending"  # two different edits do not agree
    same = _by(
        record,
        key,
        {"a": ("edited", {"after": "Flat hands open."}), "b": ("edited", {"after": "Flat hands open."})},
    )
    v = verdict(original, same)
    assert (v.status, v.text, v.original) == ("edited", "Flat hands open.", original)
    assert verdict(original, {}).status == "pending"


def test_merge_applies_edits_drops_rejections_keeps_originals(
    generated: Path, records: list[DescriptionRecord], tmp_path: Path
) -> None:
    book, drink, mother = records[0], records[1], records[2]
    _decide(generated, book, "global.0", "ann", "accepted")
    _decide(generated, book, "synonym.1", "ann", "rejected", reason="unclear", note="too vague")
    _decide(generated, book, "part.1", "ann", "edited", after="Both hands hinge open at the little fingers.")
    for key in drink.field_texts():
        _decide(generated, drink, key, "ann", "accepted")
    _decide(generated, mother, "global.0", "ann", "rejected", reason="inaccurate")
    _decide(
        generated, mother, "global.0", "ben", "rejected", reason="contradicted", note="ASL-LEX: chin contact"
    )
    before = generated.read_bytes()

    out = tmp_path / "reviewed.jsonl"
    report = merge(generated, out)
    assert generated.read_bytes() == before
    assert report.dropped_records == [2]  # mother's only global description was rejected
    merged = {r.class_id: r for r in read_jsonl(out, DescriptionRecord)}
    assert sorted(merged) == [0, 1, 3]

    m = merged[0]
    assert m.synonyms == [book.synonyms[0]]
    assert m.parts[1].text == "Both hands hinge open at the little fingers."
    assert m.parts[1].parts == book.parts[1].parts
    assert m.review.status == "partial"
    assert m.review.fields["part.1"].status == "edited"
    assert m.review.fields["part.1"].original == book.parts[1].text
    assert m.review.fields["global.0"].status == "accepted"
    assert m.review.fields["synonym.0"].status == "pending"
    assert set(m.review.fields) == set(m.field_texts())  # keyed by the merged record's own fields
    assert merged[1].review.status == "reviewed"
    assert merged[3].review.status == "pending"

    rejected = rejected_fields(generated)
    assert rejected == rejected_fields(log_path(generated))  # the log names its generated file
    assert {k: [f.key for f in v] for k, v in rejected.items()} == {0: ["synonym.1"], 2: ["global.0"]}
    mother_field = rejected[2][0]
    assert mother_field.text == mother.global_descriptions[0]
    assert mother_field.note == "ASL-LEX: chin contact"
    assert mother_field.reason in {"inaccurate", "contradicted"}

    written = write_rejections_file(log_path(generated))  # the typed file describe reads
    assert written == generated.with_name(f"{generated.stem}.rejections.json")
    assert read_rejections(written) == (generated, rejected)


def test_a_broken_rejections_file_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "x.rejections.json"
    broken.write_text('{"generated": "x.jsonl", "classes": {"one": []}}')
    with pytest.raises(ReviewError, match=r"x\.rejections\.json: not a rejections file \(classes"):
        read_rejections(broken)


def test_adjudicated_merge_and_status_counts(
    generated: Path, records: list[DescriptionRecord], tmp_path: Path
) -> None:
    apple = records[3]
    _decide(generated, apple, "synonym.0", "ann", "accepted")
    _decide(generated, apple, "synonym.0", "ben", "rejected", reason="not_an_action")
    plain = merge(generated, tmp_path / "plain.jsonl")
    judged = merge(generated, tmp_path / "judged.jsonl", adjudicator="ben")
    assert plain.counts["pending"] == 20 and "rejected" not in plain.counts
    assert judged.counts["rejected"] == 1
    adjudicated = next(r for r in read_jsonl(tmp_path / "judged.jsonl", DescriptionRecord) if r.class_id == 3)
    assert adjudicated.synonyms == apple.synonyms[1:]

    report = status(generated)
    assert report.records == 4 and report.fields == 20
    assert report.by_status == {"pending": 20, "accepted": 0, "edited": 0, "rejected": 0}
    assert status(generated, adjudicator="ben").by_kind["synonym"]["rejected"] == 1
    people = {p.reviewer: p for p in report.reviewers}
    assert people["ann"].decisions == {"accepted": 1} and people["ben"].reviewed == 1
