"""Faithful mode: facts from the lexicon, words from the LLM, every generated text gated by the checker.

For a gloss its coded lexicon covers, the global text and the part texts are the facts rendered by
:mod:`gspgen.describe.facts`. The LLM is asked twice — k rewordings of the global text (the synonyms),
one rewording of each part text — and sees only this sign's facts (plus what the handshapes it names
look like). Every reply passes :class:`~gspgen.describe.gate.Gate` or is dropped; the dropped ones go
back once with the checker's findings; what is still missing is filled with deterministic variants of
the facts. Each text's origin is recorded. A gloss without a coded entry goes through the paper chain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from gspgen.check import Checker, Hand, coded_from_morphemes, load_vocabulary
from gspgen.config import DescribeSettings, Settings
from gspgen.corpus.render import HANDSHAPES
from gspgen.describe.ask import InvalidReply
from gspgen.describe.chain import LANGUAGES, Chain
from gspgen.describe.facts import FactSource, SignFacts
from gspgen.describe.gate import Gate
from gspgen.describe.steps import rewordings_model
from gspgen.records import (
    DescriptionRecord,
    Evidence,
    Generation,
    Origin,
    PartSegment,
    StepName,
    StepTrace,
)
from gspgen.vocab import VocabEntry

FALLBACK_TRIES = 12  # deterministic variants tried per missing text


@dataclass
class Slot:
    """Texts wanted for one source text: what is accepted so far and where each came from."""

    source: str
    hand: Hand
    want: int
    variant: Any  # (n) -> str: the n-th deterministic variant of the source
    texts: list[tuple[str, Origin]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)  # {text, problems} of the last round
    avoid: list[str] = field(default_factory=list)  # texts to differ from that are not this slot's output

    @property
    def missing(self) -> int:
        return self.want - len(self.texts)

    def accepted(self) -> list[str]:
        return [self.source, *self.avoid, *(t for t, _ in self.texts)]


class FaithfulChain:
    """Builds one DescriptionRecord per vocabulary entry; the paper chain serves uncoded glosses."""

    def __init__(self, paper: Chain, facts: FactSource | None, checker: Checker, settings: DescribeSettings):
        self.paper = paper
        self.facts = facts
        self.checker = checker
        self.settings = settings

    def run(self, entry: VocabEntry) -> DescriptionRecord:
        facts = self._facts(entry)
        if facts is None:
            record = self.paper.run(entry)
            generation = record.generation.model_copy(update={"mode": "faithful"})
            return record.model_copy(update={"generation": generation})
        started = datetime.now(UTC)
        gate = self._gate(facts)
        traces: dict[StepName, StepTrace] = {}
        synonyms = Slot(facts.text, "dominant", self.settings.synonyms, facts.variant)
        if synonyms.want > 0:
            self._fill("f_synonyms", entry, facts, [synonyms], gate, traces)
        part_slots = [
            Slot(p.text(), self.checker.part_hand(p.tags), self.settings.part_texts - 1, p.text)
            for p in facts.parts
        ]
        if any(s.want > 0 for s in part_slots):
            self._fill("f_parts", entry, facts, part_slots, gate, traces)
        return self._record(entry, facts, synonyms, part_slots, traces, started)

    def _facts(self, entry: VocabEntry) -> SignFacts | None:
        language = self.paper.language(entry)
        if self.facts is None or self.facts.language != language or not self.settings.use_retrieval:
            return None
        return self.facts.facts(entry.glosses, self.settings.dominant_hand)

    def redo(
        self, entry: VocabEntry, record: DescriptionRecord, rejected: dict[str, dict[str, Any]]
    ) -> DescriptionRecord:
        """A faithful record with its rejected synonyms and part texts replaced (same index), the reviewer's
        reasons shown to the LLM as findings; the facts themselves (``global.0``, a part's first text) are
        the dictionary's coding and stay. Replacements pass the gate and differ from every kept text."""
        facts = self._facts(entry)
        if facts is None:
            return record
        started = datetime.now(UTC)
        gate = self._gate(facts)
        traces = dict(record.generation.steps)
        origins = dict(record.origins)
        synonyms = self._redo_synonyms(entry, facts, record, rejected, gate, traces, origins)
        segments = self._redo_parts(entry, facts, record, rejected, gate, traces, origins)
        generation = record.generation.model_copy(
            update={"steps": traces, "started_at": started, "finished_at": datetime.now(UTC)}
        )
        update = {"synonyms": synonyms, "parts": segments, "origins": origins, "generation": generation}
        return record.model_copy(update=update)

    def _redo_synonyms(
        self,
        entry: VocabEntry,
        facts: SignFacts,
        record: DescriptionRecord,
        rejected: dict[str, dict[str, Any]],
        gate: Gate,
        traces: dict[StepName, StepTrace],
        origins: dict[str, Origin],
    ) -> list[str]:
        synonyms = list(record.synonyms)
        keys = [f"synonym.{i}" for i in range(len(synonyms)) if f"synonym.{i}" in rejected]
        if keys:
            slot = self._redo_slot(facts.text, "dominant", facts.variant, synonyms, keys, rejected)
            self._fill("f_synonyms", entry, facts, [slot], gate, traces, fresh=False)
            for key, (text, origin) in zip(keys, slot.texts, strict=False):
                synonyms[int(key.split(".")[1])], origins[key] = text, origin
        return synonyms

    def _redo_parts(
        self,
        entry: VocabEntry,
        facts: SignFacts,
        record: DescriptionRecord,
        rejected: dict[str, dict[str, Any]],
        gate: Gate,
        traces: dict[StepName, StepTrace],
        origins: dict[str, Origin],
    ) -> list[PartSegment]:
        """Rejected rewordings of a part (never its facts segment) replaced within the part's group."""
        segments = list(record.parts)
        slots, wanted = [], []
        for part, members in zip(facts.parts, _groups(record, len(facts.parts)), strict=True):
            keys = [
                f"part.{i}"
                for i in members
                if f"part.{i}" in rejected and origins.get(f"part.{i}") != "facts"
            ]
            if keys:
                texts = [segments[i].text for i in members]
                hand = self.checker.part_hand(part.tags)
                slots.append(self._redo_slot(part.text(), hand, part.text, texts, keys, rejected))
                wanted.append(keys)
        if slots:
            self._fill("f_parts", entry, facts, slots, gate, traces, fresh=False)
        for slot, keys in zip(slots, wanted, strict=True):
            for key, (text, origin) in zip(keys, slot.texts, strict=False):
                i = int(key.split(".")[1])
                segments[i], origins[key] = segments[i].model_copy(update={"text": text}), origin
        return segments

    def _gate(self, facts: SignFacts) -> Gate:
        coded = coded_from_morphemes(m.model_dump() for m in facts.entry.morphemes)
        return Gate(self.checker, self.checker.vocabulary.accepted(coded), self.settings.max_similarity)

    @staticmethod
    def _redo_slot(
        source: str,
        hand: Hand,
        variant: Any,
        texts: list[str],
        keys: list[str],
        rejected: dict[str, dict[str, Any]],
    ) -> Slot:
        """A slot for the rejected ``keys``: the reviewer's reasons are the findings; every present text
        (kept or rejected) is one a replacement must differ from."""
        problems: list[dict[str, Any]] = []
        for key in keys:
            said = [str(p) for p in (rejected[key].get("reason"), rejected[key].get("note")) if p]
            problems.append(
                {"text": str(rejected[key].get("text") or ""), "problems": said or ["rejected by a reviewer"]}
            )
        return Slot(source, hand, len(keys), variant, avoid=list(texts), rejected=problems)

    def _fill(
        self,
        step: StepName,
        entry: VocabEntry,
        facts: SignFacts,
        slots: list[Slot],
        gate: Gate,
        traces: dict[StepName, StepTrace],
        fresh: bool = True,
    ) -> None:
        """Generated, then repaired once, then fallback variants until every slot is full (``fresh=False``:
        straight to the repair round, with the slots' ``rejected`` as the findings)."""
        rounds = ("generated", "repaired") if fresh else ("repaired",)
        for origin in rounds if self.settings.reword else ():
            asked = [s for s in slots if s.missing > 0 and (origin == "generated" or s.rejected)]
            if not asked:
                break
            replies = self._ask(step, entry, facts, asked, origin == "repaired", traces)
            for slot, candidates in zip(asked, replies, strict=True):
                slot.rejected = []
                for text in candidates:
                    if slot.missing <= 0:
                        break
                    verdict = gate.judge(text, slot.source, slot.accepted(), slot.hand)
                    if verdict.ok:
                        slot.texts.append((text, origin))  # type: ignore[arg-type]
                    else:
                        slot.rejected.append({"text": text, "problems": verdict.problems})
        for slot in slots:
            for n in range(1, FALLBACK_TRIES + 1):
                if slot.missing <= 0:
                    break
                text = slot.variant(n)
                if gate.judge(text, slot.source, slot.accepted(), slot.hand).ok:
                    slot.texts.append((text, "fallback"))

    def _ask(
        self,
        step: StepName,
        entry: VocabEntry,
        facts: SignFacts,
        slots: list[Slot],
        repair: bool,
        traces: dict[StepName, StepTrace],
    ) -> list[list[str]]:
        """One LLM call for all ``slots``: candidates per slot (none when the reply stayed invalid)."""
        problems = [r for s in slots for r in s.rejected] if repair else []
        if step == "f_synonyms":
            count = slots[0].missing
            context: dict[str, Any] = {"description": facts.text, "k": count, "handshapes": _looks(facts)}
        else:
            count = len(slots)
            context = {"lines": [s.source for s in slots]}
        code = self.paper.language(entry)
        messages = self.paper.prompts.messages(
            step, gloss=entry.gloss, language=LANGUAGES.get(code, code), problems=problems, **context
        )
        definition = self.paper.prompts.step(step)
        trace = traces.setdefault(step, StepTrace(template_hash=self.paper.prompts.hashes[step], attempts=0))
        try:
            value, spent = self.paper.asker.ask(
                messages,
                rewordings_model(count),
                template_hash=self.paper.prompts.hashes[step],
                temperature=definition.temperature,
                max_tokens=definition.max_tokens,
                where=f"{entry.gloss} ({step})",
            )
        except InvalidReply as exc:
            trace.error = exc.message
            return [[] for _ in slots]
        trace.attempts += spent.attempts
        trace.cached = trace.attempts == 0
        trace.prompt_tokens += spent.prompt_tokens
        trace.completion_tokens += spent.completion_tokens
        texts = value.paraphrases
        if step == "f_synonyms":
            return [texts]
        return [[texts[i]] if i < len(texts) else [] for i in range(len(slots))]

    def _record(
        self,
        entry: VocabEntry,
        facts: SignFacts,
        synonyms: Slot,
        parts: list[Slot],
        traces: dict[StepName, StepTrace],
        started: datetime,
    ) -> DescriptionRecord:
        origins: dict[str, Origin] = {"global.0": "facts"}
        origins |= {f"synonym.{i}": o for i, (_, o) in enumerate(synonyms.texts)}
        segments: list[PartSegment] = []
        for part, slot in zip(facts.parts, parts, strict=True):
            for text, origin in [(slot.source, "facts"), *slot.texts]:
                origins[f"part.{len(segments)}"] = origin  # type: ignore[assignment]
                segments.append(PartSegment(text=text, parts=list(part.tags)))
        lexicon = facts.entry
        endpoint = self.paper.endpoint
        generation = Generation(
            model=endpoint.model,
            endpoint_kind=endpoint.kind,
            base_url=endpoint.base_url,
            retrieval=self.paper.retriever is not None,
            mode="faithful",
            facts=f"{lexicon.source} row {lexicon.row}",
            steps=traces,
            prompt_tokens=sum(t.prompt_tokens for t in traces.values()),
            completion_tokens=sum(t.completion_tokens for t in traces.values()),
            started_at=started,
            finished_at=datetime.now(UTC),
        )
        evidence = Evidence(
            chunk_id=f"{lexicon.source}#row{lexicon.row}",
            source=lexicon.source,
            row=lexicon.row,
            gloss=lexicon.entry_id,
            score=1.0,
            match="exact",
            step="facts",
            text=facts.text,
            language=lexicon.language,
        )
        return DescriptionRecord(
            class_id=entry.class_id,
            glosses=entry.glosses,
            language=self.paper.language(entry),
            grounding="grounded",
            primary_description=facts.text,
            global_descriptions=[facts.text],
            synonyms=[t for t, _ in synonyms.texts],
            parts=segments,
            evidence=[evidence],
            origins=origins,
            generation=generation,
        )


def _groups(record: DescriptionRecord, count: int) -> list[list[int]]:
    """Indices of the record's part segments per facts part: each group opens with a ``facts`` segment."""
    starts = [i for i in range(len(record.parts)) if record.origins.get(f"part.{i}") == "facts"][:count]
    ends = [*starts[1:], len(record.parts)]
    groups = [list(range(a, b)) for a, b in zip(starts, ends, strict=True)]
    return groups + [[] for _ in range(count - len(groups))]


def _looks(facts: SignFacts) -> list[str]:
    """What the named handshapes look like, from the handshape table (never another sign's facts)."""
    return [f"{HANDSHAPES[c][0]}: {HANDSHAPES[c][1]}" for c in dict.fromkeys(facts.handshapes())]


def faithful_chain(paper: Chain, settings: Settings) -> FaithfulChain:
    """Faithful mode over ``paper``: facts from ``data.lexicon`` (mapped by ``corpus.columns``) when it exists."""
    from gspgen.corpus.loaders.entries import column_map

    path = settings.data.lexicon
    facts = FactSource(path, column_map(settings.corpus)) if path.exists() else None
    checker = Checker(
        facts.table if facts else _NoSource(), load_vocabulary(), settings.describe.dominant_hand
    )
    return FaithfulChain(paper, facts, checker, settings.describe)


class _NoSource:
    """No coded lexicon: every gloss goes through the paper chain."""

    name = "none"

    def coded_attributes(self, class_id: int, glosses: Any) -> None:
        return None
