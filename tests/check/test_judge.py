"""The optional LLM judge against a fake OpenAI server on 127.0.0.1: reported as its own kind."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from gspgen.check import load_report
from gspgen.cli import app
from gspgen.jsonio import append_jsonl

from .conftest import MakeRecord
from .fake_llm import FakeLLM

# MOTHER: 5 / imrp / FullyOpen / OneHanded / Straight / repeated / Head / Chin / contact.
ANSWER = {
    "handshape": "5",
    "minor_location": "Forehead",
    "movement": None,
    "contact": "true",
    "sign_type": "xx",
}


def test_judge_is_reported_beside_the_extractor(make_record: MakeRecord) -> None:
    path = Path("d.jsonl")
    append_jsonl(path, make_record("mother", "Something the vocabulary does not know.", class_id=3))
    with FakeLLM(ANSWER) as fake:
        args = ["check", str(path), "--judge", "--base-url", fake.base_url, "-o", "r.json"]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert len(fake.requests) == 1
        request = fake.requests[0]
    prompt = request["messages"][1]["content"]
    assert "Something the vocabulary does not know." in prompt and "Chin = chin" in prompt
    schema = request["response_format"]["json_schema"]["schema"]
    assert "Forehead" in schema["properties"]["minor_location"]["enum"]
    report = load_report(Path("r.json"))
    assert report.judge_model == "judge-model"
    judged = report.records[0].by_kind["judge"]
    # 5 ✓, forehead ✗, contact ✓; null and an answer outside the allowed values count as unstated
    assert judged["handshape"] == "correct" and judged["contact"] == "correct"
    assert judged["minor_location"] == "contradicted"
    assert judged["movement"] == "unstated" and judged["sign_type"] == "unstated"
    judge_total = report.totals["judge"]
    assert (judge_total.coded, judge_total.correct, judge_total.contradicted) == (9, 2, 1)
    assert report.totals["global"].stated == 0  # the extractor's own score is untouched
    assert "LLM judge judge-model" in result.output
