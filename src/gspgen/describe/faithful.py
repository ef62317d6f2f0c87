"""Faithful mode: facts from the lexicon, words from the LLM, every generated text gated by the checker.

For a gloss its coded lexicon covers, the global text and the part texts are the facts rendered by
:mod:`gspgen.describe.facts`. The LLM is asked once per sign to reword each fact sentence, seeing only
this sign's facts (plus what the handshapes it names look like); each rewording passes
:class:`~gspgen.describe.gate.Gate` against its own sentence or goes back once with the checker's
findings. Synonyms and further part texts are then built from the sentences' wordings (the accepted
rewordings first, then deterministic phrasings, in varied orders), and each built text passes the gate
as a whole. Each text's origin is recorded. A gloss without a coded entry but with its own entry in a
printed or text dictionary takes its facts from that entry's words (:mod:`gspgen.describe.entryfacts`);
any other goes through the paper chain.
Short sentences are what a small model can reword without losing a fact, and one call per sign (two
with the re-ask) is what keeps describe fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from gspgen.check import Checker, Hand, coded_from_morphemes, load_vocabulary
from gspgen.config import DescribeSettings, Settings
from gspgen.describe.ask import InvalidReply
from gspgen.describe.chain import LANGUAGES, Chain
from gspgen.describe.entryfacts import TRIES as ENTRY_TRIES
from gspgen.describe.entryfacts import EntryFacts, EntryGate, EntrySource
from gspgen.describe.facts import FactSource, SignFacts
from gspgen.describe.gate import Gate, Verdict, similarity
from gspgen.describe.steps import rewordings_model
from gspgen.lexicon import HANDSHAPES
from gspgen.records import (
    DescriptionRecord,
    Evidence,
    Generation,
    Origin,
    PartSegment,
    StepName,
    StepTrace,
)
from gspgen.textlang import AUTO, ENGLISH_ONLY, LANGUAGE_NAMES, encoder_for, mismatch
from gspgen.vocab import VocabEntry

FALLBACK_TRIES = 12  # deterministic variants tried per missing text
# A reworded fact sentence only has to be more than a copy of its sentence's wordings: the texts built
# from the sentences are held to describe.max_similarity as a whole.
SENTENCE_SIMILARITY = 0.9
# A rewording this close to its own sentence is a copy: the model did not try, and asking it again with
# "too close" mostly gets the copy back (the embedded model, 20 glosses), so it is not re-asked.
COPY = 0.95
MIN_REWORDING = 8  # characters: the shortest text the rewording reply accepts (steps.LongText)
Facts = SignFacts | EntryFacts  # from a coded row, or from a free-text entry's own words


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

    def __init__(
        self,
        paper: Chain,
        facts: FactSource | None,
        checker: Checker,
        settings: DescribeSettings,
        entries: EntrySource | None = None,
    ):
        self.paper = paper
        self.facts = facts
        self.checker = checker
        self.settings = settings
        self.entries = entries

    def run(self, entry: VocabEntry) -> DescriptionRecord:
        facts = self._facts(entry)
        if facts is None:
            record = self.paper.run(entry)
            generation = record.generation.model_copy(update={"mode": "faithful"})
            return self.flagged(record.model_copy(update={"generation": generation}))
        started = datetime.now(UTC)
        gate = self._gate(facts)
        traces: dict[StepName, StepTrace] = {}
        worded: dict[str, Origin] = {}
        if self.settings.reword:
            facts, worded = self._reword(entry, facts, gate, traces)
        synonyms = Slot(facts.text, "dominant", self.settings.synonyms, facts.variant)
        part_slots = [
            Slot(p.text(), self.checker.part_hand(p.tags), self.settings.part_texts - 1, p.text)
            for p in facts.parts
        ]
        tries = ENTRY_TRIES if isinstance(facts, EntryFacts) else FALLBACK_TRIES
        for slot in [synonyms, *part_slots]:
            _complete(slot, gate, worded, tries)
        return self._record(entry, facts, synonyms, part_slots, traces, started)

    def flagged(self, record: DescriptionRecord) -> DescriptionRecord:
        """The LLM's texts kept as written, each flagged for review where it reads as broken English or
        claims what its evidence does not state (no fact source checks them)."""
        found = self.checker.check_unscored(record)
        flags = {f.key: f.messages() for f in found.fields if f.key != "primary" and f.messages()}
        return record.model_copy(update={"flags": flags})

    def _reword(
        self, entry: VocabEntry, facts: Facts, gate: Gate, traces: dict[StepName, StepTrace]
    ) -> tuple[Facts, dict[str, Origin]]:
        """Each fact sentence reworded by the LLM and gated against itself; the rejected ones are asked
        once more with the findings. Returns the facts with the accepted wordings and each one's origin."""
        lines = [c.say(0) for c in facts.clauses]
        extra: dict[int, list[str]] = {}
        worded: dict[str, Origin] = {}
        # A sentence shorter than a reply may be (面露微笑。) keeps its own wording: asking for it would
        # make the whole reply invalid.
        todo = [i for i, line in enumerate(lines) if len(line) >= MIN_REWORDING]
        problems = list[dict[str, Any]]()
        rounds: tuple[Origin, ...] = ("generated", "repaired")
        for origin in rounds:
            if not todo:
                break
            # Coded facts: every line every time (the re-ask shares the first ask's prompt up to the
            # findings: llama.cpp reuses that prefix), the ones to reword by number.
            context: dict[str, Any] = {
                "lines": lines,
                "redo": [i + 1 for i in todo],
                "handshapes": _looks(facts),
            }
            step: StepName = "f_clauses"
            if isinstance(facts, EntryFacts):  # the entry's own words, in the texts' language
                step, context["writing"] = "e_clauses", facts.vocab.label
                context["lines"] = [lines[i] for i in todo]
                context["alternatives"] = facts.alternatives(context["lines"])
            replies = self._call(step, entry, len(todo), context, problems, traces)
            rejected, problems = [], list[dict[str, Any]]()
            for i, text in zip(todo, replies, strict=False):
                text, verdict = _judged(facts, gate, lines[i], i, text)
                if verdict.ok:
                    extra[i], worded[text] = [text], origin
                elif similarity(text, lines[i]) < COPY:
                    rejected.append(i)
                    problems.append({"text": text, "problems": verdict.problems})
            todo = rejected
        return facts.with_wordings(extra), worded

    def _facts(self, entry: VocabEntry) -> Facts | None:
        """The coded row's facts, else the gloss's own free-text entry's, else None (the paper chain)."""
        language = self.paper.language(entry)
        if not self.settings.use_retrieval:
            return None
        coded = None
        if self.facts is not None and self.facts.language == language:
            coded = self.facts.facts(entry.glosses, self.settings.dominant_hand)
        if coded is None and self.entries is not None:
            return self.entries.facts(entry.glosses, language)
        return coded

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
        facts: Facts,
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
            self._fill("f_synonyms", entry, facts, [slot], gate, traces)
            for key, (text, origin) in zip(keys, slot.texts, strict=False):
                synonyms[int(key.split(".")[1])], origins[key] = text, origin
        return synonyms

    def _redo_parts(
        self,
        entry: VocabEntry,
        facts: Facts,
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
            self._fill("f_parts", entry, facts, slots, gate, traces)
        for slot, keys in zip(slots, wanted, strict=True):
            for key, (text, origin) in zip(keys, slot.texts, strict=False):
                i = int(key.split(".")[1])
                segments[i], origins[key] = segments[i].model_copy(update={"text": text}), origin
        return segments

    def _gate(self, facts: Facts) -> Gate:
        if isinstance(facts, EntryFacts):
            return EntryGate(facts, self.settings.max_similarity, self.settings.dominant_hand)
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
        facts: Facts,
        slots: list[Slot],
        gate: Gate,
        traces: dict[StepName, StepTrace],
    ) -> None:
        """Replacements for reviewer-rejected texts: one re-ask with the slots' ``rejected`` as the
        findings (``repaired`` when a reply passes the gate), then fallback variants."""
        asked = [s for s in slots if s.missing > 0 and s.rejected] if self.settings.reword else []
        if asked:
            problems = [r for s in asked for r in s.rejected]
            if step == "f_synonyms":
                count = asked[0].missing
                context: dict[str, Any] = {"description": facts.text, "k": count, "handshapes": _looks(facts)}
            else:
                count = len(asked)
                context = {"lines": [s.source for s in asked]}
            texts = self._call(step, entry, count, context, problems, traces)
            per_slot = [texts] if step == "f_synonyms" else [texts[i : i + 1] for i in range(len(asked))]
            for slot, candidates in zip(asked, per_slot, strict=False):
                for text in candidates:
                    if slot.missing > 0 and gate.judge(text, slot.source, slot.accepted(), slot.hand).ok:
                        slot.texts.append((text, "repaired"))
        for slot in slots:
            _complete(slot, gate, {})

    def _call(
        self,
        step: StepName,
        entry: VocabEntry,
        count: int,
        context: dict[str, Any],
        problems: list[dict[str, Any]],
        traces: dict[StepName, StepTrace],
    ) -> list[str]:
        """One LLM call asking for ``count`` rewordings; none when the reply stayed invalid."""
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
            _add(trace, exc.spent)
            return []
        _add(trace, spent)
        trace.cached = trace.attempts == 0
        return list(value.paraphrases)

    def _record(
        self,
        entry: VocabEntry,
        facts: Facts,
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
        evidence, provenance = _source(facts)
        statements = None
        if isinstance(facts, EntryFacts):
            texts = [(t, "dominant") for t in [facts.text, *(t for t, _ in synonyms.texts)]]
            texts += [(p.text, self.checker.part_hand(p.parts)) for p in segments]
            statements = facts.tally(texts)  # type: ignore[arg-type]
        endpoint = self.paper.endpoint
        generation = Generation(
            model=endpoint.model,
            endpoint_kind=endpoint.kind,
            base_url=endpoint.base_url,
            retrieval=self.paper.retriever is not None,
            mode="faithful",
            facts=provenance,
            statements=statements,
            steps=traces,
            prompt_tokens=sum(t.prompt_tokens for t in traces.values()),
            completion_tokens=sum(t.completion_tokens for t in traces.values()),
            started_at=started,
            finished_at=datetime.now(UTC),
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


def _add(trace: StepTrace, spent: StepTrace | None) -> None:
    """Count ``spent`` (the calls of one ask, valid or not) in the step's trace."""
    if spent is not None:
        trace.attempts += spent.attempts
        trace.prompt_tokens += spent.prompt_tokens
        trace.completion_tokens += spent.completion_tokens


def _complete(slot: Slot, gate: Gate, worded: dict[str, Origin], tries: int = FALLBACK_TRIES) -> None:
    """Fill what ``slot`` still misses with its variants that pass the gate; a variant holding a gated LLM
    wording of a sentence is ``generated`` (``repaired``), one of code phrasings only ``fallback``."""
    for n in range(1, tries + 1):
        if slot.missing <= 0:
            return
        text = slot.variant(n)
        if gate.judge(text, slot.source, slot.accepted(), slot.hand).ok:
            used = {origin for wording, origin in worded.items() if wording.rstrip("。.") in text}
            origin: Origin = "repaired" if "repaired" in used else "generated" if used else "fallback"
            slot.texts.append((text, origin))


def _judged(facts: Facts, gate: Gate, line: str, i: int, text: str) -> tuple[str, Verdict]:
    """A rewording of fact sentence ``i`` (``line``) judged against it. Coded facts: it must be new next to
    the sentence's code phrasings. An entry's sentence: it must say it in other words (the gate's "fresh"
    rule; its phrasings come from the phrase vocabulary the model is shown, and one phrase said otherwise
    is a wording the variants can use), and where it does not, the clauses the gate accepts are kept."""
    if not isinstance(facts, EntryFacts) or not isinstance(gate, EntryGate):
        return text, gate.judge(text, line, list(facts.clauses[i].phrasings), "dominant", SENTENCE_SIMILARITY)
    hand = facts.hand_of(i)
    verdict = gate.judge(text, line, [line], hand, 1.0)
    if not verdict.ok and (salvaged := _salvage(facts, gate, i, text)):
        text, verdict = salvaged, gate.judge(salvaged, line, [line], hand, 1.0)
    return text, verdict


def _salvage(facts: EntryFacts, gate: EntryGate, i: int, reply: str) -> str | None:
    """A rejected rewording of sentence ``i`` clause by clause: where it has as many clauses as the
    sentence, each of its clauses the gate accepts as a rewording of the sentence's clause in that place
    replaces it (a clause that lost the hand it opened with gets it back: 右手 + 食指竖直); None when none
    does."""
    source = facts.clauses[i].say(0)
    mine, theirs = facts.clause_texts(source), facts.clause_texts(reply)
    if len(mine) != len(theirs) or len(mine) < 2:
        return None
    hand, split = facts.hand_of(i), facts.reader.splitter
    kept = []
    for s, t in zip(mine, theirs, strict=True):
        if (subject := split.subject(s)) and not any(split.hands_of(t)):  # no hand at all, not 用右手
            t = subject + (" " if facts.vocab.spaced else "") + t
        kept.append(t if gate.judge(t, s, [], hand, 1.0, fresh=False).ok else s)
    return facts.joined(kept) if kept != mine else None


def _source(facts: Facts) -> tuple[Evidence, str]:
    """The entry the facts came from, as evidence, and ``Generation.facts``."""
    if isinstance(facts, EntryFacts):
        return facts.evidence(), facts.provenance
    lexicon = facts.entry
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
    return evidence, f"{lexicon.source} row {lexicon.row}"


def _groups(record: DescriptionRecord, count: int) -> list[list[int]]:
    """Indices of the record's part segments per facts part: each group opens with a ``facts`` segment."""
    starts = [i for i in range(len(record.parts)) if record.origins.get(f"part.{i}") == "facts"][:count]
    ends = [*starts[1:], len(record.parts)]
    groups = [list(range(a, b)) for a, b in zip(starts, ends, strict=True)]
    return groups + [[] for _ in range(count - len(groups))]


def _looks(facts: Facts) -> list[str]:
    """What the named handshapes look like, from the handshape table (never another sign's facts)."""
    return [f"{HANDSHAPES[c][0]}: {HANDSHAPES[c][1]}" for c in dict.fromkeys(facts.handshapes())]


def faithful_chain(paper: Chain, settings: Settings) -> FaithfulChain:
    """Faithful mode over ``paper``: facts from ``data.lexicon`` (mapped by ``corpus.columns``) when it exists."""
    from gspgen.corpus import column_map

    path = settings.data.lexicon
    facts = FactSource(path, column_map(settings.corpus)) if path.exists() else None
    checker = Checker(
        facts.table if facts else _NoSource(), load_vocabulary(), settings.describe.dominant_hand
    )
    english = english_texts(settings)
    retriever = paper.retriever
    entries = EntrySource(retriever, settings.describe.dominant_hand, english) if retriever else None
    return FaithfulChain(paper, facts, checker, settings.describe, entries)


def english_texts(settings: Settings) -> bool:
    """Whether texts from a free-text entry are rendered in English: asked for, or ``"auto"`` with an
    English-only ``train.text_encoder`` named (the default, ``"auto"``, keeps the entry's own words)."""
    texts = settings.describe.entry_texts
    return texts == "english" or (texts == "auto" and settings.train.text_encoder in ENGLISH_ONLY)


def entry_texts_notes(settings: Settings, languages: set[str]) -> list[tuple[bool, str]]:
    """(is a warning, line) for a describe run over vocabularies in ``languages``: in which language texts
    from free-text entries will be, for which encoder, and a warning when that encoder cannot read them."""
    from gspgen.describe.tagvocab import written_language as writing

    encoder = settings.train.text_encoder
    notes = []
    for code in sorted(languages):
        written = writing(code)
        if settings.describe.mode != "faithful" or written in {None, "en"}:
            continue
        language = "en" if english_texts(settings) else written
        chosen = encoder_for(language) if encoder == AUTO else encoder
        said = "rendered in English" if language == "en" else "in the entry's own words"
        notes.append(
            (
                False,
                f"{code}: texts from dictionary entries {said} ({LANGUAGE_NAMES[language]}), "
                f"for text encoder {chosen}" + (" (train.text_encoder = auto)" if encoder == AUTO else ""),
            )
        )
        if (problem := mismatch(chosen, language)) is not None:
            notes.append((True, f"{code}: {problem}"))
    return notes


class _NoSource:
    """No coded lexicon: every gloss goes through the paper chain."""

    name = "none"

    def coded_attributes(self, class_id: int, glosses: Any) -> None:
        return None
