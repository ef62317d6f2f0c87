"""The check report: per field, per record and per attribute, and how review and describe read it.

Field keys follow :meth:`DescriptionRecord.field_texts` (``global.i``, ``synonym.i``, ``part.i``) plus
``primary`` for the P1 text. A field *kind* is the key's prefix; ``all`` pools every field of a record.

A claim's verdict (:data:`Verdict`) is *correct*, *contradicted* (a coded value says otherwise) or
*unsupported* (the source codes nothing about it: a palm orientation, a facial expression, a count, a
second hand on a one-handed sign). Any checker can fill the report: the lexicon checker here, or one
that takes the facts from a free-text entry. Reports written before ``unsupported`` existed (version 1)
load with no unsupported findings.
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

REPORT_VERSION = 2
Status = Literal["correct", "contradicted", "unstated"]  # a coded attribute in one field (or pooled)
Verdict = Literal["correct", "contradicted", "unsupported"]  # one field, its worst claim
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


class Unsupported(Model):
    """A claim about what the source does not code for this sign."""

    property: str  # the vocabulary's uncoded property: "palm_orientation", "count", "second_hand"
    says: str
    start: int
    end: int
    message: str  # "palm orientation: says 'palm facing down', which the dictionary does not state"


class FieldCheck(Model):
    key: str
    text: str
    statuses: dict[str, Status]  # every coded attribute
    claims: list[Claim]
    contradictions: list[Contradiction] = []
    unsupported: list[Unsupported] = []
    fluency: list[str] = []  # what reads as broken English (checked where no source can be compared)
    coverage: float  # stated / coded
    precision: float | None  # correct / stated; None when nothing is stated

    @property
    def kind(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def verdict(self) -> Verdict:
        if self.contradictions:
            return "contradicted"
        return "unsupported" if self.unsupported else "correct"

    def messages(self) -> list[str]:
        """Every finding as a reviewer reads it: contradictions, unsupported claims, fluency."""
        return [c.message for c in self.contradictions] + [u.message for u in self.unsupported] + self.fluency


class RecordCheck(Model):
    class_id: int
    gloss: str
    coded: dict[str, list[str]]  # attribute -> [main value, other accepted values]
    fields: list[FieldCheck]
    by_kind: dict[str, dict[str, Status]]  # kind -> attribute -> status pooled over that kind's fields
    unsupported: dict[str, list[str]] = {}  # kind -> uncoded properties some field of that kind claims


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
    # Totals only: records whose fields of the kind make an unsupported claim (per record, not attribute).
    records: int | None = None
    unsupported: int | None = None
    unsupported_rate: float | None = None

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


class UnsupportedStats(Model):
    """Records (with fields of one kind) and how many of them claim one uncoded property there."""

    records: int
    unsupported: int
    rate: float | None


class CheckReport(Model):
    """Everything ``gspgen check`` measured on one description file."""

    report_version: int = REPORT_VERSION
    file: str
    lexicon: str  # the source's name
    vocabulary: str
    records: list[RecordCheck]  # records whose class the lexicon codes
    unmatched: list[str] = []  # glosses the lexicon does not have (not scored)
    summary: dict[str, dict[str, AttributeStats]]  # kind -> attribute -> stats ("judge" with --judge)
    totals: dict[str, AttributeStats]  # kind -> all attributes pooled (+ unsupported records)
    unsupported: dict[str, dict[str, UnsupportedStats]] = {}  # kind -> uncoded property -> records
    judge_model: str | None = None  # the LLM behind the "judge" kind
    # Records the source has no facts for: their texts checked for fluency and unsupported claims only.
    unscored: list[RecordCheck] = []
    entries: EntryCheckReport | None = None  # records made from a free-text entry, checked against it

    def record(self, class_id: int) -> RecordCheck | None:
        return next((r for r in [*self.records, *self.unscored] if r.class_id == class_id), None)

    def flags_for(self, class_id: int) -> dict[str, list[str]]:
        """Field key -> findings (contradictions, unsupported claims, fluency), for the fields the review
        page shows."""
        found = self.record(class_id)
        if found is None:
            return {}
        return {f.key: f.messages() for f in found.fields if f.messages() and f.kind in REVIEWABLE}

    def save(self, path: Path) -> None:
        atomic_write_text(path, self.model_dump_json(indent=1) + "\n")


def summarize(
    records: list[RecordCheck],
) -> tuple[dict[str, dict[str, AttributeStats]], dict[str, AttributeStats]]:
    """Per kind and attribute, and per kind pooled over attributes (with its unsupported records)."""
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
        total = AttributeStats.of([s for statuses in per_attribute.values() for s in statuses])
        if kind != JUDGE:
            having = [r for r in records if kind in r.by_kind]
            flagged = sum(1 for r in having if r.unsupported.get(kind))
            update = {
                "records": len(having),
                "unsupported": flagged,
                "unsupported_rate": _ratio(flagged, len(having)),
            }
            total = total.model_copy(update=update)
        totals[kind] = total
    return summary, totals


def summarize_unsupported(records: list[RecordCheck]) -> dict[str, dict[str, UnsupportedStats]]:
    """Per kind and uncoded property: how many records claim it in that kind's fields."""
    out: dict[str, dict[str, UnsupportedStats]] = {}
    for kind in KINDS:
        having = [r for r in records if kind in r.by_kind]
        props = sorted({p for r in having for p in r.unsupported.get(kind, [])})
        counts = {p: sum(1 for r in having if p in r.unsupported.get(kind, [])) for p in props}
        if having:
            out[kind] = {p: UnsupportedStats(records=len(having), unsupported=n, rate=_ratio(n, len(having)))
                         for p, n in counts.items()}  # fmt: skip
    return out


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
    """Class id -> (field key, field text, note) for every reviewable field with a contradiction or an
    unsupported claim.

    describe's ``--regenerate-rejected`` can treat these like rejected fields with reason "contradicted".
    """
    out: dict[int, list[tuple[str, str, str]]] = {}
    for record in report.records:
        for f in record.fields:
            if (f.contradictions or f.unsupported) and f.kind in REVIEWABLE:
                note = "; ".join(
                    [*(c.message for c in f.contradictions), *(u.message for u in f.unsupported)]
                )
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


def unsupported_table(report: CheckReport, kind: str = "all") -> Table:
    """Per uncoded property: records whose fields of ``kind`` claim it (and any of them, the total)."""
    table = Table(title=f"unsupported claims, {kind} fields (records)")
    for column in ("property", "records", "unsupported", "rate"):
        table.add_column(column, justify="left" if column == "property" else "right")
    for prop, u in report.unsupported.get(kind, {}).items():
        table.add_row(prop, str(u.records), str(u.unsupported), _pct(u.rate))
    total = report.totals.get(kind)
    if total is not None and total.records is not None:
        table.add_row("any", str(total.records), str(total.unsupported), _pct(total.unsupported_rate))
    return table
