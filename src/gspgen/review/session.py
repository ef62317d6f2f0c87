"""One reviewer's view of a generated file: what the web page shows, and how a decision is recorded.

Kept apart from the HTTP layer so the page's JSON is plain data that tests can read. Other reviewers'
decisions are only included when asked (blind review by default). The log is re-read when it changes,
so decisions appended by other reviewers' servers show up without a restart.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gspgen.errors import ReviewError
from gspgen.jsonio import repair_jsonl
from gspgen.records import PART_TAGS, DescriptionRecord
from gspgen.review.log import (
    REASONS,
    Decision,
    DecisionKind,
    Reason,
    append_decision,
    decision_dict,
    field_kind,
    latest,
    load_records,
    log_path,
    make_decision,
    read_decisions,
)

FlagsFor = Callable[[int], dict[str, list[str]]]  # class_id -> field key -> contradiction messages


class DecisionRequest(BaseModel):
    """What the page posts for one decision."""

    model_config = ConfigDict(extra="forbid")

    class_id: int
    key: str = Field(max_length=32)
    decision: DecisionKind
    reason: Reason | None = None
    note: str = Field(default="", max_length=4000)
    after: str | None = Field(default=None, max_length=20000)


class ReviewSession:
    """The records of one generated file, its log, and the reviewer using this server."""

    def __init__(
        self, generated: Path, reviewer: str, flags_for: FlagsFor | None = None, flags_note: str = ""
    ) -> None:
        if not reviewer.strip():
            raise ReviewError("a reviewer name is needed (--reviewer NAME)")
        self.generated = generated
        self.reviewer = reviewer.strip()
        self.records = load_records(generated)
        self.by_id = {r.class_id: r for r in self.records}
        self.log = log_path(generated)
        repair_jsonl(self.log)  # a crash mid-append must not glue the next line onto a partial one
        self.flags_for = flags_for
        self.flags_note = flags_note
        self._lock = threading.Lock()
        self._cache: tuple[tuple[int, int], dict[tuple[int, str], dict[str, Decision]]] | None = None

    def decisions(self) -> dict[tuple[int, str], dict[str, Decision]]:
        """Latest decisions per field and reviewer, re-read only when the log changed."""
        try:
            stat = self.log.stat()
            signature = (stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            signature = (0, 0)
        with self._lock:
            if self._cache is None or self._cache[0] != signature:
                self._cache = (signature, latest(read_decisions(self.log), self.records))
            return self._cache[1]

    def _mine(self, decisions: dict, class_id: int, key: str) -> Decision | None:
        return decisions.get((class_id, key), {}).get(self.reviewer)

    def progress(self, decisions: dict) -> dict[str, int]:
        total = sum(len(r.field_texts()) for r in self.records)
        reviewed = sum(1 for by in decisions.values() if self.reviewer in by)
        return {"reviewed": reviewed, "total": total}

    def index(self) -> dict[str, Any]:
        """The list the page navigates: every gloss with its fields' kinds, parts and my status."""
        decisions = self.decisions()
        glosses = []
        for record in self.records:
            fields = []
            for key in record.field_texts():
                mine = self._mine(decisions, record.class_id, key)
                fields.append(
                    {"key": key, "parts": _parts(record, key), "mine": mine.decision if mine else None}
                )
            glosses.append({"class_id": record.class_id, "glosses": record.glosses, "fields": fields})
        return {
            "reviewer": self.reviewer,
            "file": self.generated.name,
            "reasons": list(REASONS),
            "part_tags": list(PART_TAGS),
            "flags_note": self.flags_note,
            "glosses": glosses,
            **self.progress(decisions),
        }

    def record(self, class_id: int, others: bool = False) -> dict[str, Any]:
        """One gloss in full; other reviewers' decisions only when ``others`` (blind by default)."""
        record = self.by_id.get(class_id)
        if record is None:
            raise ReviewError(f"no class {class_id}", where=self.generated)
        decisions = self.decisions()
        flags = (self.flags_for(class_id) or {}) if self.flags_for else {}
        fields = []
        for key, text in record.field_texts().items():
            by = decisions.get((class_id, key), {})
            mine = by.get(self.reviewer)
            entry: dict[str, Any] = {
                "key": key,
                "kind": field_kind(key),
                "text": text,
                "parts": _parts(record, key),
                "origin": record.origins.get(key),  # faithful mode: facts / generated / repaired / fallback
                "flags": flags.get(key, []) + record.flags.get(key, []),  # check's, and describe's own
                "mine": decision_dict(mine) if mine else None,
            }
            if others:
                entry["others"] = [
                    decision_dict(d) for name, d in sorted(by.items()) if name != self.reviewer
                ]
            fields.append(entry)
        return {
            "class_id": class_id,
            "glosses": record.glosses,
            "language": record.language,
            "primary_description": record.primary_description,
            "model": record.generation.model,
            "evidence": [e.model_dump(mode="json") for e in record.evidence],
            "fields": fields,
        }

    def decide(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Validate and append one decision; return the field's new state and my progress."""
        try:
            request = DecisionRequest.model_validate(payload)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise ReviewError(f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from None
        record = self.by_id.get(request.class_id)
        if record is None:
            raise ReviewError(f"no class {request.class_id}", where=self.generated)
        decision = make_decision(
            record,
            request.key,
            reviewer=self.reviewer,
            decision=request.decision,
            reason=request.reason,
            note=request.note,
            after=request.after,
        )
        append_decision(self.log, decision)
        mine = decision_dict(decision) if decision.decision != "withdrawn" else None
        return {"mine": mine, **self.progress(self.decisions())}


def _parts(record: DescriptionRecord, key: str) -> list[str]:
    if field_kind(key) != "part":
        return []
    return list(record.parts[int(key.split(".", 1)[1])].parts)
