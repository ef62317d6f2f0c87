"""The check report: per field, per record and per attribute, and how review and describe read it.

Field keys follow :meth:`DescriptionRecord.field_texts` (``global.i``, ``synonym.i``, ``part.i``) plus
``primary`` for the P1 text. A field *kind* is the key's prefix; ``all`` pools every field of a record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from rich.table import Table

from gspgen.check.entrycheck import EntryCheckReport
from gspgen.check.extract import Claim
from gspgen.errors import GspgenError
from gspgen.jsonio import atomic_write_text

REPORT_VERSION = 1
Status = Literal["correct", "contradicted", "unstated"]
KINDS = ("primary", "global", "synonym", "part", "all")
JUDGE = "judge"  # the LLM judge's reading of the global descriptions, summarized beside the kinds
REVIEWABLE = ("global", "synonym", "part")  # the kinds the review page shows


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Contradiction(Model):
    attribute: str
    says: str  # the words in the text
    claimed: str  # the value they state
    lexicon: str  # the coded (main) value
    start: int
    end: int
    message: str  # "location: says 'chin', lexicon: forehead"


class FieldCheck(Model):
    key: str
    text: str
    statuses: dict[str, Status]  # every coded attribute
    claims: list[Claim]
    contradictions: list[Contradiction] = []
    coverage: float  # stated / coded
    precision: float | None  # correct / stated; None when nothing is stated

    @property
    def kind(self) -> str:
        return self.key.split(".", 1)[0]


class RecordCheck(Model):
    class_id: int
    gloss: str
    coded: dict[str, list[str]]  # attribute -> [main value, other accepted values]
    fields: list[FieldCheck]
    by_kind: dict[str, dict[str, Status]]  # kind -> attribute -> status pooled over that kind's fields


class AttributeStats(Model):
    """Counts over records; rates are shares of coded (coverage, correct, contradiction) or stated."""

    coded: int = 0
    stated: int = 0
    correct: int = 0
    contradicted: int = 0
    coverage: float | None = None
    precision: float | None = None
    correct_rate: float | None = None
    contradiction_rate: float | None = None

    @classmethod
    def of(cls, statuses: list[Status]) -> AttributeStats:
        coded = len(statuses)
        correct = statuses.count("correct")
        contradicted = statuses.count("contradicted")
        stated = correct + contradicted
        return cls(
            coded=coded,
            stated=stated,
            correct=correct,
            contradicted=contradicted,
            coverage=_ratio(stated, coded),
            precision=_ratio(correct, stated),
            correct_rate=_ratio(correct, coded),
            contradiction_rate=_ratio(contradicted, coded),
        )


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


class CheckReport(Model):
    """Everything ``gspgen check`` measured on one description file."""

    report_version: int = REPORT_VERSION
    file: str
    lexicon: str  # the source's name
    vocabulary: str
    records: list[RecordCheck]  # records whose class the lexicon codes
    unmatched: list[str] = []  # glosses the lexicon does not have (not scored)
    summary: dict[str, dict[str, AttributeStats]]  # kind -> attribute -> stats ("judge" with --judge)
    totals: dict[str, AttributeStats]  # kind -> all attributes pooled
    judge_model: str | None = None  # the LLM behind the "judge" kind
    entries: EntryCheckReport | None = None  # records made from a free-text entry, checked against it

    def record(self, class_id: int) -> RecordCheck | None:
        return next((r for r in self.records if r.class_id == class_id), None)

    def flags_for(self, class_id: int) -> dict[str, list[str]]:
        """Field key -> contradiction messages, for the fields the review page shows."""
        found = self.record(class_id)
        if found is None:
            return {}
        return {
            f.key: [c.message for c in f.contradictions]
            for f in found.fields
            if f.contradictions and f.kind in REVIEWABLE
        }

    def save(self, path: Path) -> None:
        atomic_write_text(path, self.model_dump_json(indent=1) + "\n")


def summarize(
    records: list[RecordCheck],
) -> tuple[dict[str, dict[str, AttributeStats]], dict[str, AttributeStats]]:
    """Per kind and attribute, and per kind pooled over attributes."""
    summary: dict[str, dict[str, AttributeStats]] = {}
    totals: dict[str, AttributeStats] = {}
    for kind in (*KINDS, JUDGE):
        per_attribute: dict[str, list[Status]] = {}
        for record in records:
            for attribute, status in record.by_kind.get(kind, {}).items():
                per_attribute.setdefault(attribute, []).append(status)
        if not per_attribute:
            continue
        summary[kind] = {a: AttributeStats.of(s) for a, s in per_attribute.items()}
        totals[kind] = AttributeStats.of([s for statuses in per_attribute.values() for s in statuses])
    return summary, totals


def load_report(path: Path) -> CheckReport:
    """A report written by ``gspgen check``."""
    try:
        return CheckReport.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GspgenError(exc.strerror or str(exc), where=path) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "report"
        raise GspgenError(f"not a check report: {field}: {first['msg']}", where=path) from None


def contradicted_fields(report: CheckReport) -> dict[int, list[tuple[str, str, str]]]:
    """Class id -> (field key, field text, note) for every reviewable field with a contradiction.

    describe's ``--regenerate-rejected`` can treat these like rejected fields with reason "contradicted".
    """
    out: dict[int, list[tuple[str, str, str]]] = {}
    for record in report.records:
        for f in record.fields:
            if f.contradictions and f.kind in REVIEWABLE:
                note = "; ".join(c.message for c in f.contradictions)
                out.setdefault(record.class_id, []).append((f.key, f.text, note))
    return out


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def summary_table(report: CheckReport, kind: str = "all") -> Table:
    """Per attribute: coded, coverage, precision, correct and contradicted shares (one field kind)."""
    what = f"LLM judge {report.judge_model}, global fields" if kind == JUDGE else f"{kind} fields"
    table = Table(title=f"{report.file}: {len(report.records)} records vs {report.lexicon} ({what})")
    for column in ("attribute", "coded", "coverage", "precision", "correct", "contradicted"):
        table.add_column(column, justify="left" if column == "attribute" else "right")
    rows = list(report.summary.get(kind, {}).items())
    if kind in report.totals:
        rows.append(("all attributes", report.totals[kind]))
    for name, s in rows:
        table.add_row(
            name,
            str(s.coded),
            _pct(s.coverage),
            _pct(s.precision),
            _pct(s.correct_rate),
            _pct(s.contradiction_rate),
        )
    return table
