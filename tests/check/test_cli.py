"""``gspgen check`` as a user runs it: the table printed, the report written and readable."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gspgen.check import load_report
from gspgen.cli import app
from gspgen.jsonio import append_jsonl

from .conftest import MakeRecord


def write_file(make_record: MakeRecord) -> Path:
    path = Path("descriptions.jsonl")
    append_jsonl(path, make_record("mother", "A one-handed 5 handshape taps the chin twice.", class_id=0))
    append_jsonl(path, make_record("father", "The flat hand circles at the chin.", class_id=1))
    append_jsonl(path, make_record("qqq-unknown", "Anything.", class_id=2))
    return path


def test_check_prints_the_table_and_writes_the_report(make_record: MakeRecord) -> None:
    path = write_file(make_record)
    result = CliRunner().invoke(app, ["check", str(path), "-o", "out/report.json"])
    assert result.exit_code == 0, result.output
    for word in ("minor_location", "coverage", "contradicted", "all attributes", "qqq-unknown"):
        assert word in result.output
    assert "location: says 'chin', lexicon: forehead" in result.output
    report = load_report(Path("out/report.json"))
    assert [r.gloss for r in report.records] == ["mother", "father"] and report.unmatched == ["qqq-unknown"]
    assert report.flags_for(1) == {
        "global.0": [
            "handshape: says 'flat hand', lexicon: 5",
            "movement: says 'circles', lexicon: straight",
            "location: says 'chin', lexicon: forehead",
        ]
    }
    assert report.summary["all"]["minor_location"].correct == 1


def test_check_default_output_and_synth_source(make_record: MakeRecord) -> None:
    path = write_file(make_record)
    truth = Path("phonology.jsonl")
    truth.write_text(
        json.dumps({"class_id": 1, "morphemes": [{"minor_location": "Chin", "movement": "Circular"}]}) + "\n"
    )
    result = CliRunner().invoke(app, ["check", str(path), "--synth-phonology", str(truth)])
    assert result.exit_code == 0, result.output
    report = load_report(Path("descriptions.check.json"))
    assert [r.class_id for r in report.records] == [1]  # only the synthetic class is known without --lexicon
    assert report.records[0].by_kind["all"] == {"movement": "correct", "minor_location": "correct"}
    assert report.lexicon == "phonology.jsonl"


def test_check_errors_are_one_line(make_record: MakeRecord) -> None:
    Path("bad.jsonl").write_text('{"class_id": 1}\n')
    result = CliRunner().invoke(app, ["check", "bad.jsonl"])
    assert result.exit_code != 0
    assert isinstance(result.exception, Exception) and "bad.jsonl:1" in str(result.exception)
