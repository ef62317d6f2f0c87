"""The report on disk and what review and describe read from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gspgen.check import Checker, CheckReport, contradicted_fields, load_report
from gspgen.errors import GspgenError

from .conftest import MakeRecord


@pytest.fixture
def report(checker: Checker, make_record: MakeRecord) -> CheckReport:
    records = [
        make_record(
            "father",
            "The 5 handshape taps the forehead with the thumb, twice.",
            class_id=7,
            synonyms=["The thumb of the open hand touches the chin."],
            parts=[
                ("The hand taps the forehead.", ["right_hand"]),
                ("Both hands circle.", ["left_hand", "right_hand"]),
            ],
            primary="The hand touches the nose.",
        )
    ]
    return checker.check_records(records, file="father.jsonl")


def test_flags_name_the_reviewable_fields(report: CheckReport) -> None:
    flags = report.flags_for(7)
    assert flags == {
        "global.0": ["count: says 'twice', which the dictionary does not state"],  # ASL-LEX codes no counts
        "synonym.0": ["location: says 'chin', lexicon: forehead"],
        "part.1": [
            "sign type: says 'Both hands', lexicon: one-handed",
            "movement: says 'circle', lexicon: straight",
        ],
    }
    assert "primary" not in flags  # P1 text is scored but not a review field
    assert report.flags_for(99) == {}


def test_contradicted_fields_for_regeneration(report: CheckReport) -> None:
    fields = contradicted_fields(report)
    assert list(fields) == [7]
    keys = [key for key, _, _ in fields[7]]
    assert keys == ["global.0", "synonym.0", "part.1"]
    key, text, note = fields[7][1]
    assert text == "The thumb of the open hand touches the chin." and "chin" in note


def test_round_trip_on_disk(report: CheckReport, tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    report.save(path)
    loaded = load_report(path)
    assert loaded == report
    assert loaded.flags_for(7) == report.flags_for(7)
    assert not list(tmp_path.glob(".*.tmp"))  # atomic write leaves no temp file


def test_load_report_errors(tmp_path: Path) -> None:
    with pytest.raises(GspgenError, match="not a check report"):
        (tmp_path / "bad.json").write_text('{"file": "x"}')
        load_report(tmp_path / "bad.json")
    with pytest.raises(GspgenError, match="missing.json"):
        load_report(tmp_path / "missing.json")


def test_a_report_written_before_unsupported_existed_still_loads(report: CheckReport, tmp_path: Path) -> None:
    """Version 1 reports have no unsupported findings, fluency, unscored records or unsupported totals."""
    old = json.loads(report.model_dump_json())
    old["report_version"] = 1
    for key in ("unsupported", "unscored"):
        old.pop(key)
    for total in old["totals"].values():
        for key in ("records", "unsupported", "unsupported_rate"):
            total.pop(key)
    for record in old["records"]:
        record.pop("unsupported")
        for field in record["fields"]:
            field.pop("unsupported")
            field.pop("fluency")
            for claim in field["claims"]:
                claim.pop("hand")
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(old))
    loaded = load_report(path)
    assert loaded.report_version == 1 and loaded.unscored == [] and loaded.unsupported == {}
    assert loaded.flags_for(7)["synonym.0"] == ["location: says 'chin', lexicon: forehead"]
    assert all(f.unsupported == [] for r in loaded.records for f in r.fields)
