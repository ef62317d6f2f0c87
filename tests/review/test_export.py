"""Exports validated against each tool's documented format.

Label Studio: a JSON list of tasks, each ``{"data": {...}, "predictions": [{"model_version", "score",
"result": [{"from_name", "to_name", "type", "value"}]}]}`` where from_name/to_name name tags of the
labeling config and ``$vars`` of the config are keys of ``data``. Argilla 2: ``rg.Record(id, fields,
metadata, suggestions=[rg.Suggestion(question_name, value, score, agent)])`` against ``rg.Settings``.
GAP (MartinXM/GAP, text/*.txt): line i = class i; synonyms ``label,syn1, syn2`` read with
``split(',')``, sentences ``label,Sentence.``, part descriptions ``label;part;part`` read with ``split(';')``.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gspgen.errors import ReviewError
from gspgen.jsonio import append_jsonl
from gspgen.records import DescriptionRecord
from gspgen.review import export
from gspgen.review.log import append_decision, log_path, make_decision

EDIT = "Both flat hands, palms together, open outward; the sign is made in neutral space."


@pytest.fixture
def reviewed(generated: Path, records: list[DescriptionRecord]) -> Path:
    log = log_path(generated)
    append_decision(log, make_decision(records[0], "global.0", reviewer="ann", decision="edited", after=EDIT))
    append_decision(
        log, make_decision(records[0], "synonym.1", reviewer="ann", decision="rejected", reason="unclear")
    )
    append_decision(log, make_decision(records[1], "part.0", reviewer="ann", decision="accepted"))
    return generated


def test_label_studio_tasks_match_their_config(reviewed: Path, tmp_path: Path) -> None:
    out = tmp_path / "ls" / "tasks.json"
    tasks_path, config_path = export(reviewed, "label-studio", out)
    tasks = json.loads(tasks_path.read_text())
    config = ET.fromstring(config_path.read_text())
    objects = {t.get("name") for t in config.iter() if t.tag in {"Text", "Header"} and t.get("name")}
    controls = {t.get("name"): t for t in config.iter() if t.tag in {"Choices", "TextArea"}}
    variables = {v[1:] for t in config.iter() for v in [t.get("value") or ""] if v.startswith("$")}
    assert len(tasks) == 20
    for task in tasks:
        assert set(task) == {"data", "predictions"}
        assert variables <= set(task["data"])
        (prediction,) = task["predictions"]
        assert isinstance(prediction["model_version"], str) and isinstance(prediction["score"], float)
        for item in prediction["result"]:
            control = controls[item["from_name"]]
            assert item["to_name"] == control.get("toName") and item["to_name"] in objects
            assert item["type"] == control.tag.lower()
            if item["type"] == "choices":
                allowed = {c.get("value") for c in control.iter("Choice")}
                assert set(item["value"]["choices"]) <= allowed
            else:
                assert isinstance(item["value"]["text"], list)
    first = next(t for t in tasks if t["data"]["class_id"] == 0 and t["data"]["field"] == "global.0")
    results = {r["from_name"]: r["value"] for r in first["predictions"][0]["result"]}
    assert results["verdict"] == {"choices": ["edited"]}
    assert results["revised"] == {"text": [EDIT]}
    assert "row" in first["data"]["evidence"] and "Handshape: open_b" in first["data"]["evidence"]


def test_argilla_records_match_their_settings(reviewed: Path, tmp_path: Path) -> None:
    (path,) = export(reviewed, "argilla", tmp_path / "argilla.json")
    payload = json.loads(path.read_text())
    settings, rows = payload["settings"], payload["records"]
    fields = {f["name"]: f for f in settings["fields"]}
    questions = {q["name"]: q for q in settings["questions"]}
    metadata = {m["name"] for m in settings["metadata"]}
    assert all(f["type"] == "text" for f in fields.values())
    assert {q["type"] for q in questions.values()} <= {"label_selection", "text"}
    assert len({r["id"] for r in rows}) == len(rows) == 20
    for row in rows:
        assert set(row) <= {"id", "fields", "metadata", "suggestions", "responses", "vectors"}
        assert set(row["fields"]) <= set(fields)
        assert {n for n, f in fields.items() if f["required"]} <= set(row["fields"])
        assert set(row["metadata"]) <= metadata
        for suggestion in row["suggestions"]:
            assert set(suggestion) == {"question_name", "value", "score", "agent"}
            question = questions[suggestion["question_name"]]
            if question["type"] == "label_selection":
                assert suggestion["value"] in question["labels"]
    rejected = next(r for r in rows if r["id"] == "0-synonym.1")
    assert {
        "question_name": "reason",
        "value": "unclear",
        "score": None,
        "agent": "gspgen-review",
    } in rejected["suggestions"]


def test_gap_text_files_read_the_way_gap_reads_them(
    reviewed: Path, records: list[DescriptionRecord], tmp_path: Path
) -> None:
    written = export(reviewed, "gap", tmp_path / "gap")
    files = {p.stem: p.read_text().splitlines() for p in written}
    assert set(files) == {"label_map", "synonym", "sentence", "pasta"}
    assert all(len(lines) == 4 for lines in files.values())
    for class_id, record in enumerate(records):
        label = files["label_map"][class_id]
        assert label == record.gloss
        synonyms = files["synonym"][class_id].rstrip().lstrip().split(",")
        parts = files["pasta"][class_id].rstrip().lstrip().split(";")
        assert synonyms[0] == label and parts[0] == label
        assert files["sentence"][class_id].startswith(f"{label},")
        expected_synonyms = record.synonyms[:1] if class_id == 0 else record.synonyms
        assert [s.strip() for s in synonyms[1:]] == [re.sub(",", " ", s) for s in expected_synonyms]
        assert len(parts) == 1 + len(record.parts)
    assert files["sentence"][0] == f"{records[0].gloss},{EDIT}"


def test_gap_needs_every_class(records: list[DescriptionRecord], tmp_path: Path) -> None:
    path = tmp_path / "gappy.jsonl"
    for record in (records[0], records[2]):
        append_jsonl(path, record)
    with pytest.raises(ReviewError, match="class 1 is missing"):
        export(path, "gap", tmp_path / "gap")
