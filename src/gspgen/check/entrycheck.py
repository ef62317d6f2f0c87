"""Records made from a free-text dictionary entry (a CSL or TİD printed dictionary), checked against it.

There is no coded lexicon to compare a CSL or TİD record with, but there is its entry: faithful mode
keeps it as the record's ``evidence[0]`` (step ``facts``). Every statement the entry makes (handshape,
place, direction and repetition of movement, contact, palm orientation, the other hand, non-manual
signals such as 表情严肃 or kaşlar kalkık) and every statement of each text is read with the language's
vocabularies (:mod:`gspgen.describe.statements`), and each text's statements are sorted:

- **kept**: the entry says it;
- **added**: the entry says nothing of that attribute for that hand;
- **contradicted**: the entry says another value (掌心向上 where it says 掌心向下);
- **missing**: a statement of the entry the text leaves out (global texts and synonyms: all of them;
  part texts: none required, since a part is about one group).

Per record: the entry's statements, which of them at least one text keeps (per slot), which none does.
``gspgen check`` adds this to its report for every such record (``entries``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict
from rich.table import Table

from gspgen.records import DescriptionRecord, Evidence
from gspgen.textlang import written_language


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EntryFieldCheck(_Model):
    """One text's statements against the entry (statement labels: ``attribute value (hand) 'words'``)."""

    key: str
    kept: list[str] = []
    added: list[str] = []
    contradicted: list[str] = []
    missing: list[str] = []


class EntryRecordCheck(_Model):
    class_id: int
    gloss: str
    entry: str  # the dictionary and headword
    texts_language: str  # zh, tr, en
    statements: list[str]  # the entry's
    kept: dict[str, list[int]]  # slot -> [kept by some text, stated by the entry]
    dropped: list[str]  # the entry's statements no text keeps
    fields: list[EntryFieldCheck]


class EntryCheckReport(_Model):
    """Every entry-grounded record of a description file, and the totals."""

    records: list[EntryRecordCheck]
    unreadable: list[str] = []  # entry-grounded records in a language no vocabulary covers
    totals: dict[str, int]  # statements, kept, dropped, fields, added, contradicted, fields_added, ...
    by_slot: dict[str, list[int]]  # slot -> [kept, stated], over records

    @property
    def checked(self) -> set[str]:
        return {r.gloss for r in self.records}

    def flags_for(self, class_id: int) -> dict[str, list[str]]:
        """Field key -> findings (added, contradicted), for the review page."""
        found = next((r for r in self.records if r.class_id == class_id), None)
        if found is None:
            return {}
        return {
            f.key: [f"adds {a}" for a in f.added] + [f"contradicts the entry: {c}" for c in f.contradicted]
            for f in found.fields
            if f.added or f.contradicted
        }


def entry_evidence(record: DescriptionRecord) -> Evidence | None:
    """The free-text entry a faithful record was made from (not a coded lexicon row), if any."""
    if not record.evidence or record.generation.mode != "faithful":
        return None
    first = record.evidence[0]
    if first.step != "facts" or first.chunk_id == f"{first.source}#row{first.row}":  # a coded row
        return None
    return first


def _part_hand(tags: list[str], dominant_hand: str) -> str:
    other = "left_hand" if dominant_hand == "right" else "right_hand"
    if set(tags) <= {"face", "mouth"}:
        return "nonmanual"
    return "nondominant" if other in tags and f"{dominant_hand}_hand" not in tags else "dominant"


def check_entry_record(
    record: DescriptionRecord, dominant_hand: Literal["right", "left"]
) -> EntryRecordCheck | None:
    """One record against its entry; None when it has no entry or no vocabulary reads it."""
    from gspgen.describe import SLOTS, compare_statements, entry_reading, slot

    evidence = entry_evidence(record)
    if evidence is None:
        return None
    texts = written_language(record.global_descriptions) or "und"
    reading = entry_reading(
        evidence.text, [evidence.gloss], evidence.language or record.language, texts, dominant_hand
    )
    if reading is None:
        return None
    entry, reader = reading
    texts = reader.vocab.language
    key = [s for s in entry if not s.implied]
    fields = [(f"global.{i}", t, "dominant") for i, t in enumerate(record.global_descriptions)]
    fields += [(f"synonym.{i}", t, "dominant") for i, t in enumerate(record.synonyms)]
    fields += [
        (f"part.{i}", p.text, _part_hand(list(p.parts), dominant_hand)) for i, p in enumerate(record.parts)
    ]
    checks, said = [], []
    for name, text, hand in fields:
        statements = reader.read(text, hand)
        said += statements
        found = compare_statements(statements, entry, key if name.startswith(("global", "synonym")) else [])
        checks.append(
            EntryFieldCheck(
                key=name,
                kept=[s.label for s in found.kept],
                added=[s.label for s in found.added],
                contradicted=[f"{s.label} (entry: {e.value} '{e.words}')" for s, e in found.contradicted],
                missing=[s.label for s in found.missing],
            )
        )
    dropped = compare_statements(said, entry, key).missing
    kept = {name: [0, 0] for name in SLOTS}
    for s in key:
        kept[slot(s)][1] += 1
        kept[slot(s)][0] += s not in dropped
    where = f"{evidence.source} p.{evidence.page}" if evidence.page else evidence.source
    return EntryRecordCheck(
        class_id=record.class_id,
        gloss=record.gloss,
        entry=f"{where} '{evidence.gloss}'",
        texts_language=texts,
        statements=[s.label for s in key],
        kept={k: v for k, v in kept.items() if v[1]},
        dropped=[s.label for s in dropped],
        fields=checks,
    )


def entry_checks(
    records: Iterable[DescriptionRecord], dominant_hand: Literal["right", "left"] = "right"
) -> EntryCheckReport | None:
    """Every entry-grounded record checked against its entry; None when the file has none."""
    checked: list[EntryRecordCheck] = []
    unreadable: list[str] = []
    for record in records:
        if entry_evidence(record) is None:
            continue
        result = check_entry_record(record, dominant_hand)
        if result is None:
            unreadable.append(record.gloss)
        else:
            checked.append(result)
    if not checked and not unreadable:
        return None
    return EntryCheckReport(
        records=checked, unreadable=unreadable, totals=_totals(checked), by_slot=_by_slot(checked)
    )


def _totals(records: list[EntryRecordCheck]) -> dict[str, int]:
    fields = [f for r in records for f in r.fields]
    return {
        "records": len(records),
        "statements": sum(len(r.statements) for r in records),
        "kept": sum(len(r.statements) - len(r.dropped) for r in records),
        "dropped": sum(len(r.dropped) for r in records),
        "fields": len(fields),
        "added": sum(len(f.added) for f in fields),
        "contradicted": sum(len(f.contradicted) for f in fields),
        "fields_with_added": sum(bool(f.added) for f in fields),
        "fields_with_contradicted": sum(bool(f.contradicted) for f in fields),
        "fields_missing": sum(bool(f.missing) for f in fields),
    }


def _by_slot(records: list[EntryRecordCheck]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for record in records:
        for name, (kept, stated) in record.kept.items():
            total = out.setdefault(name, [0, 0])
            total[0] += kept
            total[1] += stated
    return out


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "–"


def entry_table(report: EntryCheckReport, file: str = "") -> Table:
    """Per slot: the entry statements the records' texts keep; then what the texts add or contradict."""
    t = report.totals
    table = Table(title=f"{file}: {t['records']} records vs their own dictionary entries".lstrip(": "))
    for column in ("slot", "entry statements", "kept by a text", "kept"):
        table.add_column(column, justify="left" if column == "slot" else "right")
    for name, (kept, stated) in report.by_slot.items():
        table.add_row(name, str(stated), str(kept), _pct(kept, stated))
    table.add_row("all", str(t["statements"]), str(t["kept"]), _pct(t["kept"], t["statements"]))
    table.caption = (
        f"{t['fields']} texts: {t['added']} statements added ({t['fields_with_added']} texts), "
        f"{t['contradicted']} contradicted ({t['fields_with_contradicted']} texts), "
        f"{t['fields_missing']} global/synonym texts missing a statement"
    )
    return table


def entry_findings(report: EntryCheckReport) -> list[tuple[str, str, str]]:
    """(gloss, field key, finding) for every added or contradicted statement and every dropped one."""
    out: list[tuple[str, str, str]] = []
    for r in report.records:
        out += [(r.gloss, "record", f"no text keeps {d}") for d in r.dropped]
        for f in r.fields:
            out += [(r.gloss, f.key, f"adds {a}") for a in f.added]
            out += [(r.gloss, f.key, f"contradicts the entry: {c}") for c in f.contradicted]
    return out
