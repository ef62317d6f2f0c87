"""From many reviewers' decisions to one verdict per field, and the reviewed JSONL the trainer reads.

Disagreement policy: a named adjudicator's decision wins; otherwise a strict majority of the
reviewers who judged the field (an edit counts with its text: two different edits do not agree);
otherwise the field stays pending. Merging writes new DescriptionRecords: edited text replaces the
generated text (kept in ``review.fields[key].original``), rejected fields are dropped, and
``review.fields`` is keyed by the merged record's own field keys.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from gspgen.jsonio import atomic_write_text
from gspgen.records import DescriptionRecord, FieldReview, PartSegment, ReviewBlock
from gspgen.rejections import RejectedField, write_rejections
from gspgen.review.log import Decision, generated_of, read_log_file


class Verdict(BaseModel):
    """The merged outcome for one field of the generated file."""

    model_config = ConfigDict(extra="forbid")

    status: str  # pending / accepted / edited / rejected
    text: str  # the text to keep (the edit for edited fields)
    original: str
    reviewers: list[str] = []
    reason: str | None = None
    note: str | None = None


class MergeReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    records: int  # written
    dropped_records: list[int]  # class ids whose every global description was rejected
    counts: dict[str, int]  # status -> fields


def _vote(decision: Decision) -> tuple[str, str | None]:
    return decision.decision, decision.after


def verdict(original: str, by: dict[str, Decision], adjudicator: str | None = None) -> Verdict:
    """Apply the disagreement policy to one field's latest decisions (reviewer -> decision)."""
    if adjudicator and adjudicator in by:
        winners = [by[adjudicator]]
    else:
        votes = Counter(_vote(d) for d in by.values())
        top = votes.most_common(1)
        if not top or top[0][1] * 2 <= len(by):
            return Verdict(status="pending", text=original, original=original, reviewers=sorted(by))
        winners = [d for d in by.values() if _vote(d) == top[0][0]]
    first = winners[0]
    notes = [d.note for d in winners if d.note]
    reasons = Counter(d.reason for d in winners if d.reason)
    return Verdict(
        status=first.decision,
        text=first.after if first.decision == "edited" and first.after else original,
        original=original,
        reviewers=sorted(d.reviewer for d in winners),
        reason=reasons.most_common(1)[0][0] if reasons else None,
        note="; ".join(notes) or None,
    )


def verdicts(
    records: list[DescriptionRecord],
    decisions: dict[tuple[int, str], dict[str, Decision]],
    adjudicator: str | None = None,
) -> dict[tuple[int, str], Verdict]:
    return {
        (r.class_id, key): verdict(text, decisions.get((r.class_id, key), {}), adjudicator)
        for r in records
        for key, text in r.field_texts().items()
    }


def _field_review(v: Verdict) -> FieldReview:
    return FieldReview(
        status=v.status,  # type: ignore[arg-type]
        original=v.original if v.status == "edited" else None,
        reviewers=v.reviewers,
        reason=v.reason,
        note=v.note,
    )


def _kept(kind: str, items: list, record: DescriptionRecord, found: dict[tuple[int, str], Verdict]) -> list:
    """Kept (item, verdict) pairs of one field kind, rejected ones left out."""
    out = []
    for i, item in enumerate(items):
        v = found[(record.class_id, f"{kind}.{i}")]
        if v.status != "rejected":
            out.append((item, v))
    return out


def merged_record(
    record: DescriptionRecord, found: dict[tuple[int, str], Verdict]
) -> DescriptionRecord | None:
    """The record with edits applied and rejections removed; None if no global description survives."""
    globals_ = _kept("global", record.global_descriptions, record, found)
    if not globals_:
        return None
    synonyms = _kept("synonym", record.synonyms, record, found)
    parts = _kept("part", record.parts, record, found)
    fields = {f"global.{i}": _field_review(v) for i, (_, v) in enumerate(globals_)}
    fields |= {f"synonym.{i}": _field_review(v) for i, (_, v) in enumerate(synonyms)}
    fields |= {f"part.{i}": _field_review(v) for i, (_, v) in enumerate(parts)}
    every = [found[(record.class_id, k)].status for k in record.field_texts()]
    pending = every.count("pending")
    status: Literal["pending", "partial", "reviewed"] = (
        "pending" if pending == len(every) else "partial" if pending else "reviewed"
    )
    return record.model_copy(
        update={
            "global_descriptions": [v.text for _, v in globals_],
            "synonyms": [v.text for _, v in synonyms],
            "parts": [PartSegment(text=v.text, parts=p.parts) for p, v in parts],
            "review": ReviewBlock(status=status, fields=fields),
        }
    )


def merge(generated: Path, output: Path, adjudicator: str | None = None) -> MergeReport:
    """Write the reviewed JSONL (atomically) from ``generated`` and its review log."""
    records, decisions = read_log_file(generated)
    found = verdicts(records, decisions, adjudicator)
    lines, dropped = [], []
    for record in records:
        merged = merged_record(record, found)
        if merged is None:
            dropped.append(record.class_id)
        else:
            lines.append(merged.model_dump_json())
    atomic_write_text(output, "".join(line + "\n" for line in lines))
    return MergeReport(
        records=len(lines), dropped_records=dropped, counts=dict(Counter(v.status for v in found.values()))
    )


def rejected_fields(path: Path) -> dict[int, list[RejectedField]]:
    """class_id -> fields the review rejected, with reason and notes (keys of the generated file).

    ``path`` is the generated JSONL or its review log (``FILE.review.jsonl``, read beside ``FILE.jsonl``).
    """
    records, decisions = read_log_file(generated_of(path))
    out: dict[int, list[RejectedField]] = {}
    for (class_id, key), v in verdicts(records, decisions).items():
        if v.status == "rejected":
            out.setdefault(class_id, []).append(
                RejectedField(key=key, text=v.original, reason=v.reason, note=v.note or "")
            )
    return out


def write_rejections_file(path: Path) -> Path:
    """Write ``FILE.rejections.json`` (what ``describe --regenerate-rejected`` reads) beside the generated file."""
    return write_rejections(generated_of(path), rejected_fields(path))
