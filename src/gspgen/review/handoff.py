"""Hand the generated fields to other tools: Label Studio, Argilla, and GAP's text files.

Label Studio and Argilla get one task/record per field (gloss, evidence, the generated text) with
the generated text as a model prediction/suggestion, and our merged verdict when there is one.
GAP gets its own positional text files (line i = class i), from the merged, reviewed text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from gspgen.errors import ReviewError
from gspgen.jsonio import atomic_write_json, atomic_write_text
from gspgen.records import DescriptionRecord
from gspgen.review.consensus import Verdict, merged_record, verdicts
from gspgen.review.log import REASONS, field_kind, read_log_file

Target = Literal["label-studio", "argilla", "gap"]
VERDICTS = ("accepted", "edited", "rejected")
AGENT = "gspgen-review"

LABEL_STUDIO_CONFIG = """<View>
  <Header value="$gloss"/>
  <Text name="evidence" value="$evidence"/>
  <Header value="$field"/>
  <Text name="text" value="$text"/>
  <Choices name="verdict" toName="text" choice="single" showInline="true">
{verdicts}
  </Choices>
  <Choices name="reason" toName="text" choice="single" showInline="true">
{reasons}
  </Choices>
  <TextArea name="revised" toName="text" editable="true" maxSubmissions="1"/>
</View>
"""


def _evidence(record: DescriptionRecord) -> str:
    lines = []
    for e in record.evidence:
        where = f"p. {e.page}" if e.page else f"row {e.row}" if e.row else ""
        lines.append(f"[{e.source} {where} · {e.score:.2f}] {e.text}".replace("  ", " "))
    return "\n".join(lines)


def _support(record: DescriptionRecord) -> float:
    """The prediction's score: the best retrieval similarity behind the record (0 without evidence)."""
    return max((e.score for e in record.evidence), default=0.0)


def _parts_of(record: DescriptionRecord, key: str) -> list[str]:
    return list(record.parts[int(key.split(".")[1])].parts) if field_kind(key) == "part" else []


def _field_rows(records: list[DescriptionRecord], found: dict[tuple[int, str], Verdict]):
    for record in records:
        for key, text in record.field_texts().items():
            yield record, key, text, found[(record.class_id, key)]


def label_studio_tasks(records: list[DescriptionRecord], found: dict[tuple[int, str], Verdict]) -> list[dict]:
    """Label Studio's JSON import format: ``data`` plus ``predictions`` (model_version, score, result)."""
    tasks = []
    for record, key, text, v in _field_rows(records, found):
        result: list[dict[str, Any]] = [
            {"from_name": "revised", "to_name": "text", "type": "textarea", "value": {"text": [v.text]}}
        ]
        if v.status != "pending":
            result.append(
                {
                    "from_name": "verdict",
                    "to_name": "text",
                    "type": "choices",
                    "value": {"choices": [v.status]},
                }
            )
        if v.reason:
            result.append(
                {
                    "from_name": "reason",
                    "to_name": "text",
                    "type": "choices",
                    "value": {"choices": [v.reason]},
                }
            )
        data = {
            "class_id": record.class_id,
            "gloss": " / ".join(record.glosses),
            "field": key,
            "kind": field_kind(key),
            "parts": ", ".join(_parts_of(record, key)),
            "text": text,
            "evidence": _evidence(record),
        }
        model = record.generation.model
        tasks.append(
            {
                "data": data,
                "predictions": [{"model_version": model, "score": _support(record), "result": result}],
            }
        )
    return tasks


def label_studio_config() -> str:
    def choices(values: tuple[str, ...]) -> str:
        return "\n".join(f'    <Choice value="{v}"/>' for v in values)

    return LABEL_STUDIO_CONFIG.format(verdicts=choices(VERDICTS), reasons=choices(REASONS))


def argilla_settings() -> dict[str, Any]:
    """Dataset settings matching Argilla 2's ``rg.Settings`` (TextField, LabelQuestion, TextQuestion)."""
    text_field = {"type": "text", "use_markdown": False}
    return {
        "guidelines": "Judge each generated field against the dictionary evidence.",
        "fields": [
            {"name": "gloss", "title": "Gloss", "required": True, **text_field},
            {"name": "text", "title": "Generated text", "required": True, **text_field},
            {"name": "evidence", "title": "Dictionary evidence", "required": False, **text_field},
        ],
        "questions": [
            {"name": "verdict", "type": "label_selection", "labels": list(VERDICTS), "required": True},
            {"name": "reason", "type": "label_selection", "labels": list(REASONS), "required": False},
            {"name": "revised", "type": "text", "required": False, "use_markdown": False},
        ],
        "metadata": [
            {"name": "class_id", "type": "integer"},
            {"name": "field", "type": "terms"},
            {"name": "kind", "type": "terms", "options": ["global", "synonym", "part"]},
        ],
    }


def argilla_records(records: list[DescriptionRecord], found: dict[tuple[int, str], Verdict]) -> list[dict]:
    """Records as Argilla 2's ``rg.Record`` takes them: id, fields, metadata, suggestions."""
    out = []
    for record, key, text, v in _field_rows(records, found):
        model = record.generation.model
        suggestions = [
            {"question_name": "revised", "value": v.text, "score": _support(record), "agent": model}
        ]
        if v.status != "pending":
            suggestions.append({"question_name": "verdict", "value": v.status, "score": None, "agent": AGENT})
        if v.reason:
            suggestions.append({"question_name": "reason", "value": v.reason, "score": None, "agent": AGENT})
        out.append(
            {
                "id": f"{record.class_id}-{key}",
                "fields": {"gloss": " / ".join(record.glosses), "text": text, "evidence": _evidence(record)},
                "metadata": {"class_id": record.class_id, "field": key, "kind": field_kind(key)},
                "suggestions": suggestions,
            }
        )
    return out


def _gap_clean(text: str, separators: str) -> str:
    """One line, none of the file's separators (GAP splits on them)."""
    text = re.sub(r"\s+", " ", text).strip()
    for sep in separators:
        text = text.replace(sep, " ")
    return re.sub(r"\s+", " ", text).strip()


def _sentence(texts: list[str]) -> str:
    return " ".join(t if t.endswith((".", "!", "?")) else t + "." for t in texts)


def gap_lines(records: list[DescriptionRecord]) -> dict[str, list[str]]:
    """GAP's files: label map, ``label,syn1, syn2`` synonyms, ``label,sentences`` and ``label;part;part``."""
    ids = sorted(r.class_id for r in records)
    if ids != list(range(len(ids))):
        missing = next(i for i in range(len(ids) + 1) if i not in set(ids))
        raise ReviewError(f"GAP files are positional (line i = class i): class {missing} is missing")
    out: dict[str, list[str]] = {"label_map": [], "synonym": [], "sentence": [], "pasta": []}
    for record in sorted(records, key=lambda r: r.class_id):
        label = _gap_clean(record.gloss, ",;")
        synonyms = [_gap_clean(s, ",") for s in record.synonyms]
        out["label_map"].append(label)
        out["synonym"].append(",".join([label, ", ".join(s for s in synonyms if s)]))
        out["sentence"].append(f"{label},{_gap_clean(_sentence(record.global_descriptions), '')}")
        out["pasta"].append(";".join([label, *(_gap_clean(p.text, ";") for p in record.parts)]))
    return out


def _merged_or_bare(record: DescriptionRecord, found: dict[tuple[int, str], Verdict]) -> DescriptionRecord:
    """GAP needs a line for every class: one whose globals were all rejected keeps only its label."""
    merged = merged_record(record, found)
    if merged is not None:
        return merged
    return record.model_copy(update={"global_descriptions": [record.gloss], "synonyms": [], "parts": []})


def export(generated: Path, target: Target, output: Path, adjudicator: str | None = None) -> list[Path]:
    """Write ``target``'s files for ``generated`` (with its review log); returns the paths written."""
    records, decisions = read_log_file(generated)
    found = verdicts(records, decisions, adjudicator)
    if target == "label-studio":
        config = output.with_name(f"{output.stem}.label_config.xml")
        atomic_write_json(output, label_studio_tasks(records, found))
        atomic_write_text(config, label_studio_config())
        return [output, config]
    if target == "argilla":
        atomic_write_json(
            output, {"settings": argilla_settings(), "records": argilla_records(records, found)}
        )
        return [output]
    lines = gap_lines([_merged_or_bare(r, found) for r in records])
    written = []
    for name, rows in lines.items():
        path = output / f"{name}.txt"
        atomic_write_text(path, "".join(row + "\n" for row in rows))
        written.append(path)
    return written
