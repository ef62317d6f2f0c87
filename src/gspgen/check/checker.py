"""Score description records against a lexicon source: per field, per record, per file.

A coded attribute is *correct* in a field when a claim agrees with one of its accepted values and no
direct claim disagrees with all of them, *contradicted* when a direct claim does, and *unstated*
otherwise. Pooling fields (a kind, or the whole record): contradicted if any field contradicts,
else correct if any field states it correctly. A claim on a property the source does not code for the
sign (the vocabulary's ``uncoded`` properties: palm orientation, facial expression, a count, a second
hand on a one-handed sign) is *unsupported*. Records the source does not know are checked for
unsupported claims (against what their evidence says) and fluency only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

from gspgen.check.entrycheck import entry_checks
from gspgen.check.extract import Claim, Extractor, Hand
from gspgen.check.fluency import fluency_problems
from gspgen.check.judge import Judge
from gspgen.check.report import (
    JUDGE,
    KINDS,
    CheckReport,
    Contradiction,
    FieldCheck,
    RecordCheck,
    Status,
    Unsupported,
    summarize,
    summarize_unsupported,
)
from gspgen.check.sources import Coded, LexiconSource
from gspgen.check.vocabulary import Vocabulary, load_vocabulary
from gspgen.config import Settings
from gspgen.jsonio import read_jsonl
from gspgen.records import DescriptionRecord


class FirstKnown:
    """Several sources in order: the first that codes a class answers (synthetic ground truth, then a table)."""

    def __init__(self, sources: Sequence[LexiconSource]) -> None:
        self.sources = list(sources)
        self.name = " + ".join(s.name for s in sources)

    def coded_attributes(self, class_id: int, glosses: Sequence[str]) -> Coded | None:
        for source in self.sources:
            if (coded := source.coded_attributes(class_id, glosses)) is not None:
                return coded
        return None


class Checker:
    """One vocabulary and one lexicon source, applied record by record."""

    def __init__(
        self,
        source: LexiconSource,
        vocabulary: Vocabulary | None = None,
        dominant_hand: Literal["right", "left"] = "right",
        judge: Judge | None = None,
    ) -> None:
        self.source = source
        self.judge = judge
        self.vocabulary = vocabulary or load_vocabulary()
        self.extractor = Extractor(self.vocabulary, dominant_hand)
        self.dominant_side = f"{dominant_hand}_hand"
        self.other_side = "left_hand" if dominant_hand == "right" else "right_hand"

    def check_field(
        self, key: str, text: str, coded: Coded, default_hand: Hand = "dominant", fluency: bool = False
    ) -> FieldCheck:
        """One text against the coded values (``fluency``: also look for broken English)."""
        claims = self.extractor.claims(text, default_hand)
        statuses: dict[str, Status] = {}
        contradictions: list[Contradiction] = []
        uncoded = self.vocabulary.uncoded
        for attribute, accepted in coded.items():
            mine = [c for c in claims if c.attribute == attribute]
            if attribute in uncoded:  # an uncoded property the source states: saying it is right
                statuses[attribute] = "correct" if mine else "unstated"
                continue
            wrong = [c for c in mine if not c.implied and not self._agrees(c, accepted)]
            if wrong:
                statuses[attribute] = "contradicted"
                contradictions += [self._contradiction(c, accepted[0]) for c in wrong]
            elif any(self._agrees(c, accepted) for c in mine):
                statuses[attribute] = "correct"
            else:
                statuses[attribute] = "unstated"
        stated = sum(s != "unstated" for s in statuses.values())
        correct = sum(s == "correct" for s in statuses.values())
        return FieldCheck(
            key=key,
            text=text,
            statuses=statuses,
            claims=claims,
            contradictions=sorted(contradictions, key=lambda c: c.start),
            unsupported=self.unsupported(claims, coded),
            fluency=fluency_problems(text) if fluency else [],
            coverage=round(stated / len(coded), 4) if coded else 0.0,
            precision=round(correct / stated, 4) if stated else None,
        )

    def unsupported(self, claims: list[Claim], coded: Coded) -> list[Unsupported]:
        """Claims on uncoded properties the source does not state or make room for, one per span."""
        found: dict[tuple[str, int], Unsupported] = {}
        for c in claims:
            spec = self.vocabulary.uncoded.get(c.attribute)
            if spec is None or c.implied or self.vocabulary.supports(c.attribute, coded):
                continue
            message = f"{spec.label}: says '{c.text}', which the dictionary does not state"
            found.setdefault(
                (c.attribute, c.start),
                Unsupported(property=c.attribute, says=c.text, start=c.start, end=c.end, message=message),
            )
        return sorted(found.values(), key=lambda u: u.start)

    def _agrees(self, claim: Claim, accepted: tuple[str, ...]) -> bool:
        return any(self.vocabulary.compatible(claim.attribute, claim.value, v) for v in accepted)

    def _contradiction(self, claim: Claim, coded: str) -> Contradiction:
        label = self.vocabulary.attributes[claim.attribute].label
        lexicon = self.vocabulary.display(claim.attribute, coded)
        return Contradiction(
            attribute=claim.attribute,
            says=claim.text,
            claimed=claim.value,
            lexicon=coded,
            start=claim.start,
            end=claim.end,
            message=f"{label}: says '{claim.text}', lexicon: {lexicon}",
        )

    def part_hand(self, parts: Iterable[str]) -> Hand:
        """A segment about the non-dominant hand alone speaks of that hand unless it says otherwise;
        one about the face or mouth alone says nothing about the hands."""
        tags = set(parts)
        if tags <= {"face", "mouth"}:
            return "nonmanual"
        return "nondominant" if self.other_side in tags and self.dominant_side not in tags else "dominant"

    def check_record(self, record: DescriptionRecord) -> RecordCheck | None:
        coded = self.source.coded_attributes(record.class_id, record.glosses)
        if coded is None:
            return None
        coded = self.vocabulary.accepted(coded)
        fields = self._fields(record, coded, fluency=False)
        by_kind = {
            kind: _pool([f for f in fields if kind == "all" or f.kind == kind], coded) for kind in KINDS
        }
        if self.judge is not None:
            by_kind[JUDGE] = self.judge.judge(record, coded)
        return RecordCheck(
            class_id=record.class_id,
            gloss=record.gloss,
            coded={a: list(v) for a, v in coded.items()},
            fields=fields,
            by_kind={k: v for k, v in by_kind.items() if v},
            unsupported=_unsupported_by_kind(fields),
        )

    def check_unscored(self, record: DescriptionRecord) -> RecordCheck:
        """A record with no coded facts: every text checked for fluency, and for uncoded properties its
        evidence (the dictionary passages it was written from) does not state."""
        evidence: Coded = {
            c.attribute: (c.value,)
            for e in record.evidence
            for c in self.extractor.claims(e.text)
            if c.attribute in self.vocabulary.uncoded
        }
        fields = self._fields(record, evidence, fluency=True)
        return RecordCheck(
            class_id=record.class_id,
            gloss=record.gloss,
            coded={},
            fields=fields,
            by_kind={},
            unsupported=_unsupported_by_kind(fields),
        )

    def _fields(self, record: DescriptionRecord, coded: Coded, fluency: bool) -> list[FieldCheck]:
        texts = [("primary", record.primary_description, "dominant")]
        texts += [(f"global.{i}", t, "dominant") for i, t in enumerate(record.global_descriptions)]
        texts += [(f"synonym.{i}", t, "dominant") for i, t in enumerate(record.synonyms)]
        texts += [(f"part.{i}", p.text, self.part_hand(p.parts)) for i, p in enumerate(record.parts)]
        return [self.check_field(k, t, coded, hand, fluency) for k, t, hand in texts]  # type: ignore[arg-type]

    def check_records(self, records: Iterable[DescriptionRecord], file: str = "") -> CheckReport:
        checked: list[RecordCheck] = []
        unscored: list[RecordCheck] = []
        for record in records:
            result = self.check_record(record)
            if result is None:
                unscored.append(self.check_unscored(record))
            else:
                checked.append(result)
        summary, totals = summarize(checked)
        return CheckReport(
            file=file,
            lexicon=self.source.name,
            vocabulary=self.vocabulary.name,
            records=checked,
            unmatched=[r.gloss for r in unscored],
            summary=summary,
            totals=totals,
            unsupported=summarize_unsupported(checked),
            judge_model=self.judge.model if self.judge else None,
            unscored=unscored,
        )

    def check_file(self, path: Path) -> CheckReport:
        return self.check_records(read_jsonl(path, DescriptionRecord), file=str(path))


def _unsupported_by_kind(fields: list[FieldCheck]) -> dict[str, list[str]]:
    """Kind (and "all") -> the uncoded properties its fields claim unsupported."""
    out: dict[str, list[str]] = {}
    for kind in KINDS:
        props = sorted({u.property for f in fields if kind in ("all", f.kind) for u in f.unsupported})
        if props:
            out[kind] = props
    return out


def _pool(fields: list[FieldCheck], coded: Coded) -> dict[str, Status]:
    if not fields:
        return {}
    pooled: dict[str, Status] = {}
    for attribute in coded:
        statuses = {f.statuses[attribute] for f in fields}
        pooled[attribute] = next(s for s in ("contradicted", "correct", "unstated") if s in statuses)  # type: ignore[misc]
    return pooled


def open_source(lexicon: Path | None, synth_phonology: Path | None, default_lexicon: Path) -> LexiconSource:
    """Synthetic ground truth when given (by class id), a lexicon table when given or when nothing is."""
    from gspgen.check.sources import SynthPhonology, TableLexicon

    sources: list[LexiconSource] = []
    if synth_phonology is not None:
        sources.append(SynthPhonology.from_path(synth_phonology))
    if lexicon is not None or synth_phonology is None:
        sources.append(TableLexicon.from_path(lexicon or default_lexicon))
    return sources[0] if len(sources) == 1 else FirstKnown(sources)


def check_file(
    path: Path,
    source: LexiconSource,
    vocabulary: Vocabulary | None = None,
    dominant_hand: Literal["right", "left"] = "right",
    judge: Judge | None = None,
) -> CheckReport:
    """Score every record of a description JSONL whose class the source codes."""
    return Checker(source, vocabulary, dominant_hand, judge).check_file(path)


def run_check(
    file: Path,
    output: Path,
    settings: Settings,
    *,
    lexicon: Path | None = None,
    synth_phonology: Path | None = None,
    vocabulary: str | Path | None = None,
    judge: bool = False,
) -> CheckReport:
    """What ``gspgen check`` does: open the source, score the file (and judge it), write the report."""
    source = open_source(lexicon, synth_phonology, settings.data.lexicon)
    vocab = load_vocabulary(vocabulary)
    llm_judge = Judge(settings.llm, vocab) if judge else None
    try:
        report = check_file(file, source, vocab, settings.describe.dominant_hand, llm_judge)
    finally:
        if llm_judge is not None:
            llm_judge.close()
    report.entries = entry_checks(read_jsonl(file, DescriptionRecord), settings.describe.dominant_hand)
    report.save(output)
    return report
