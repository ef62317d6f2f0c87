"""Where a review stands: merged status counts overall and per field kind, and each reviewer's work."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from gspgen.review.consensus import verdicts
from gspgen.review.log import FIELD_KINDS, field_kind, read_log_file, reviewers_of

STATUSES = ("pending", "accepted", "edited", "rejected")


class ReviewerProgress(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reviewer: str
    reviewed: int
    total: int
    decisions: dict[str, int]  # accepted / edited / rejected -> fields


class StatusReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    records: int
    fields: int
    by_status: dict[str, int]  # merged verdict (majority policy, no adjudicator) -> fields
    by_kind: dict[str, dict[str, int]]  # field kind -> status -> fields
    reviewers: list[ReviewerProgress]


def status(generated: Path, adjudicator: str | None = None) -> StatusReport:
    records, decisions = read_log_file(generated)
    found = verdicts(records, decisions, adjudicator)
    by_kind: dict[str, dict[str, int]] = {kind: dict.fromkeys(STATUSES, 0) for kind in FIELD_KINDS}
    for (_, key), v in found.items():
        by_kind[field_kind(key)][v.status] += 1
    overall = Counter(v.status for v in found.values())
    progress = []
    for name in reviewers_of(decisions):
        mine = Counter(str(by[name].decision) for by in decisions.values() if name in by)
        progress.append(
            ReviewerProgress(
                reviewer=name, reviewed=sum(mine.values()), total=len(found), decisions=dict(mine)
            )
        )
    return StatusReport(
        records=len(records),
        fields=len(found),
        by_status={s: overall.get(s, 0) for s in STATUSES},
        by_kind=by_kind,
        reviewers=progress,
    )
