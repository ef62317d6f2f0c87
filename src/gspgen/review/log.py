"""The review log: one append-only JSONL line per decision, beside the generated file.

``FILE.jsonl`` is never touched; ``FILE.review.jsonl`` collects every decision of every reviewer
(O_APPEND, so several reviewers — even several processes — can write to one log). Nothing is ever
overwritten: a reviewer who changes their mind appends a new line, and the latest line counts; undo
appends the decision it restores, or a ``withdrawn`` line that makes the field pending for them again.
A decision is tied to the text it judged (``before``); when describe regenerates a field, older
decisions about the old text no longer apply and the field is pending again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from gspgen.errors import ReviewError
from gspgen.jsonio import append_jsonl, read_jsonl
from gspgen.records import DescriptionRecord, StepName

DecisionKind = Literal["accepted", "edited", "rejected", "withdrawn"]  # withdrawn: undo, pending again
Reason = Literal["inaccurate", "not_an_action", "hallucinated", "wrong_part", "unclear", "contradicted"]
REASONS: tuple[Reason, ...] = (
    "inaccurate",
    "not_an_action",
    "hallucinated",
    "wrong_part",
    "unclear",
    "contradicted",
)
FieldKind = Literal["global", "synonym", "part"]
FIELD_KINDS: tuple[FieldKind, ...] = ("global", "synonym", "part")
STEP_OF_KIND: dict[str, StepName] = {"global": "p3_refine", "synonym": "p2_synonyms", "part": "p4_parts"}


class Decision(BaseModel):
    """One reviewer's verdict on one field, as appended to the log."""

    model_config = ConfigDict(extra="forbid")

    reviewer: str = Field(min_length=1, max_length=80)
    time: datetime
    class_id: int
    key: str  # FieldKey: global.i / synonym.i / part.i
    decision: DecisionKind
    reason: Reason | None = None
    note: str = Field(default="", max_length=4000)
    before: str  # the generated text that was judged
    after: str | None = None  # the reviewer's text, for edits
    template_hash: str | None = None  # prompt template of the chain step that wrote the field

    @model_validator(mode="after")
    def _consistent(self) -> Decision:
        if self.decision == "rejected" and self.reason is None:
            raise ValueError("a rejection needs a reason")
        if self.decision == "edited" and not (self.after or "").strip():
            raise ValueError("an edit needs the new text")
        if self.decision != "edited":
            self.after = None
        return self


def log_path(generated: Path) -> Path:
    """``outputs/descriptions.jsonl`` -> ``outputs/descriptions.review.jsonl``."""
    return generated.with_name(f"{generated.stem}.review.jsonl")


def generated_of(path: Path) -> Path:
    """The generated file a path names: itself, or the file a ``*.review.jsonl`` log belongs to."""
    suffix = ".review.jsonl"
    return path.with_name(path.name[: -len(suffix)] + ".jsonl") if path.name.endswith(suffix) else path


def field_kind(key: str) -> FieldKind:
    kind = key.split(".", 1)[0]
    if kind not in FIELD_KINDS:
        raise ReviewError(f"unknown field key {key!r} (expected global.i, synonym.i or part.i)")
    return kind  # type: ignore[return-value]


def template_hash(record: DescriptionRecord, key: str) -> str | None:
    trace = record.generation.steps.get(STEP_OF_KIND[field_kind(key)])
    return trace.template_hash if trace else None


def load_records(path: Path) -> list[DescriptionRecord]:
    """The generated records, checked for duplicate class ids (decisions are addressed by class id)."""
    _refuse_failure_log(path)
    records = list(read_jsonl(path, DescriptionRecord))
    seen: set[int] = set()
    for record in records:
        if record.class_id in seen:
            raise ReviewError(f"class_id {record.class_id} appears twice", where=path)
        seen.add(record.class_id)
    return records


def _refuse_failure_log(path: Path) -> None:
    """``describe``'s FILE.failed.jsonl lists glosses without a record: say so, not "field required"."""
    first = ""
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip()), "")
    try:
        line = json.loads(first) if first else {}
    except ValueError:
        return  # read_jsonl names the broken line
    keys = set(line) if isinstance(line, dict) else set()
    if path.name.endswith(".failed.jsonl") or ({"reason", "failed_at"} <= keys and "language" not in keys):
        records = path.name.removesuffix(".failed.jsonl").removesuffix(".jsonl") + ".jsonl"
        raise ReviewError(
            f"a failure log (glosses describe could not finish), not description records; review {records} "
            "and retry these with `gspgen describe --retry-failed`",
            where=path,
        )


def make_decision(
    record: DescriptionRecord,
    key: str,
    *,
    reviewer: str,
    decision: DecisionKind,
    reason: Reason | None = None,
    note: str = "",
    after: str | None = None,
) -> Decision:
    """A validated decision about ``record``'s field ``key`` (which must exist)."""
    texts = record.field_texts()
    if key not in texts:
        raise ReviewError(f"no field {key!r}", where=f"class {record.class_id}")
    try:
        return Decision(
            reviewer=reviewer,
            time=datetime.now(UTC),
            class_id=record.class_id,
            key=key,
            decision=decision,
            reason=reason,
            note=note,
            before=texts[key],
            after=after,
            template_hash=template_hash(record, key),
        )
    except ValidationError as exc:
        raise ReviewError(exc.errors()[0]["msg"], where=f"class {record.class_id} {key}") from None


def append_decision(log: Path, decision: Decision) -> None:
    append_jsonl(log, decision)


def read_decisions(log: Path) -> list[Decision]:
    """Every decision in log order. A last line without its newline (a write in progress) is skipped."""
    if not log.exists():
        return []
    data = log.read_text(encoding="utf-8")
    lines = data.split("\n")
    complete = lines[:-1]  # the piece after the last newline is empty or still being written
    out: list[Decision] = []
    for number, line in enumerate(complete, start=1):
        if not line.strip():
            continue
        try:
            out.append(Decision.model_validate_json(line))
        except (ValidationError, json.JSONDecodeError) as exc:
            raise ReviewError(
                f"unreadable decision: {str(exc).splitlines()[0]}", where=f"{log}:{number}"
            ) from None
    return out


def latest(
    decisions: Iterable[Decision], records: Iterable[DescriptionRecord]
) -> dict[tuple[int, str], dict[str, Decision]]:
    """(class_id, key) -> reviewer -> their latest decision that still matches the field's text."""
    current = {(r.class_id, k): t for r in records for k, t in r.field_texts().items()}
    out: dict[tuple[int, str], dict[str, Decision]] = {}
    for decision in decisions:
        address = (decision.class_id, decision.key)
        if current.get(address) != decision.before:
            continue  # field gone or regenerated since: the decision no longer applies
        by = out.setdefault(address, {})
        if decision.decision == "withdrawn":
            by.pop(decision.reviewer, None)
        else:
            by[decision.reviewer] = decision
    return {address: by for address, by in out.items() if by}


def read_log_file(
    generated: Path,
) -> tuple[list[DescriptionRecord], dict[tuple[int, str], dict[str, Decision]]]:
    """The records of ``generated`` and every reviewer's current decision from its log."""
    records = load_records(generated)
    return records, latest(read_decisions(log_path(generated)), records)


def reviewers_of(decisions: dict[tuple[int, str], dict[str, Decision]]) -> list[str]:
    return sorted({name for by in decisions.values() for name in by})


def decision_dict(decision: Decision) -> dict[str, object]:
    """JSON-ready view for the web page."""
    return json.loads(decision.model_dump_json())
