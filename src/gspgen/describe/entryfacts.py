"""Free-text entries as the fact source: a printed or text dictionary's own words about a sign.

When a gloss has no coded lexicon row but retrieval finds its *own* entry (an exact or variant gloss match
in the vocabulary's sign language), faithful mode takes the facts from that entry's body. The global
text is the description, cleaned (headword line with its bracketed translation, meaning statements and
notes dropped; :mod:`gspgen.describe.entrytext`). It is split into groups (one hand's clauses, or the
face's and mouth's); each group is one fact sentence and one part, tagged by the language's tag
vocabulary. Every statement the entry makes is read (:mod:`gspgen.describe.statements`), and every text
made from it is held to them by :class:`EntryGate`: nothing added, nothing contradicted, none of its
source's statements or content words left out, no word the entry (or the language's phrasings of it) does
not have, not a mere reordering, not too close to a text already kept.

Deterministic variants say each sentence in other words from the language's ``phrases`` (伸食指 /
伸出食指 / 食指伸直), then reorder; the LLM's gated rewordings come first when there are any.

``english=True`` renders each group in English from its statements through the ``en`` phrase table; a
clause whose words the table cannot all say is kept in the entry's own words (quoted), never dropped.
The record counts the entry's statements its texts keep (:class:`~gspgen.records.StatementTally`).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from gspgen.check import Checker, Hand, load_vocabulary
from gspgen.describe.entrytext import FactSentence, capital, clean, splitter
from gspgen.describe.facts import Clause, FactPart, sides, with_wordings
from gspgen.describe.gate import Gate, Verdict, similarity
from gspgen.describe.retrieval import Found, Retriever, own_entries
from gspgen.describe.statements import (
    Statement,
    StatementReader,
    compare_statements,
    reader,
    rephraser,
    unique_statements,
)
from gspgen.describe.tagvocab import (
    TagVocabulary,
    fold,
    load_tag_vocabulary,
    match_key,
    pattern,
    written_language,
)
from gspgen.records import Evidence, PartTag, StatementTally

TRIES = 24  # deterministic variants tried per missing text (each a new combination, cheap to judge)
_SUBJECTS = {"both": "Both hands", "nondominant": "The non-dominant hand", "dominant": "The dominant hand"}


@dataclass(frozen=True)
class EntryFacts:
    """A free-text entry as faithful mode's facts: the description, its fact sentences, its part texts."""

    found: Found  # the gloss's own entry, as retrieval found it
    description: str  # the global text: the cleaned entry (or its English rendering)
    clauses: tuple[Clause, ...]  # one per fact sentence (group), in reading order
    parts: tuple[FactPart, ...]  # the tagged sentences
    vocab: TagVocabulary  # of the text's language
    statements: tuple[Statement, ...]  # what the entry says (implied statements included)
    reader: StatementReader  # reads the texts made from it
    hands: tuple[str, ...]  # whose each fact sentence is: dominant, nondominant, both, nonmanual
    in_entry_words: int = 0  # English rendering: clauses kept in the entry's words
    worded: frozenset[int] = frozenset()  # fact sentences with a gated LLM rewording (phrasings[1])

    @property
    def text(self) -> str:
        return self.description

    @property
    def writing(self) -> str:
        """The language the texts are written in (zh, tr, en)."""
        return self.vocab.language

    def variant(self, n: int) -> str:
        """The n-th deterministic variant (n ≥ 1): every sentence in other words, the sentences in another
        order, the hands' sentences joined as simultaneous or not, a non-manual sentence joined to the hand's or
        not, connectives swapped; from the 8th on, its phrases in combinations the sentences' wordings lack."""
        orders = _orders(len(self.clauses))
        order = orders[(n + n // len(orders)) % len(orders)]  # another order each time, when there is one
        said = [self.clauses[k].say(self._turn(k, n + i)) for i, k in enumerate(order)]
        if mix := n // 8:  # past the first round: each phrase moved on by its place too (new combinations)
            said = [rephraser(self.writing).rephrase(text, mix, stride=1) for text in said]
        hands = [self.hands[k] for k in order]
        if n // 4 % 2:  # the other hand's sentence joined as simultaneous: "…; bu sırada sağ elin …"
            said, hands = self._simultaneous(said, hands)
        elif mix and n % 2:  # a sentence of three clauses or more said as two: "A, B ve C." -> "A ve B. C."
            said = [self._split(text) for text in said]
        if n // 2 % 2:  # a non-manual sentence said as a clause of the hand sentence before it
            said = self._merged(said, hands)
        joiner = " " if self.vocab.spaced else ""
        return swap_connectives(joiner.join(said), self.vocab, n % 3)

    def _merged(self, sentences: list[str], hands: list[str]) -> list[str]:
        """Each non-manual sentence that follows a hand's joined to it: 右手…两下。眉毛上扬。 -> 右手…两下，
        同时眉毛上扬。"""
        vocab, out, prior = self.vocab, [sentences[0]], hands[0]
        for text, hand in zip(sentences[1:], hands[1:], strict=True):
            if hand == "nonmanual" and prior != "nonmanual" and vocab.meanwhile:
                clause = _bare(text, vocab).rstrip("。.")
                if not self.reader.splitter.lead.match(clause):  # not already after 同时, bu sırada
                    clause = f"{vocab.meanwhile}{' ' if vocab.spaced else ''}{clause}"
                out[-1] = (
                    out[-1].rstrip("。.") + (", " if vocab.spaced else "，") + clause + vocab.sentence_end
                )
            else:
                out.append(text)
            prior = hand
        return out

    def _simultaneous(self, sentences: list[str], hands: list[str]) -> tuple[list[str], list[str]]:
        """A hand's sentence that follows the other hand's joined to it as happening meanwhile (左手…；
        同时右手…): a two-handed sign's base hand and moving hand, said as one sentence."""
        vocab, out, kept = self.vocab, [sentences[0]], [hands[0]]
        for text, hand in zip(sentences[1:], hands[1:], strict=True):
            clause = _bare(text, vocab).rstrip("。.")
            pair = {hand, kept[-1]} == {"dominant", "nondominant"}
            if pair and vocab.meanwhile and not self.reader.splitter.lead.match(clause):
                joint = "; " if vocab.spaced else "；"
                out[-1] = (
                    f"{out[-1].rstrip('。.')}{joint}{vocab.meanwhile}{' ' if vocab.spaced else ''}{clause}"
                )
                out[-1] += vocab.sentence_end
                kept[-1] = "both"
            else:
                out.append(text)
                kept.append(hand)
        return out, kept

    def _split(self, sentence: str) -> str:
        """A sentence of ≥ 3 clauses as two sentences, its last clause the second (kept only where the gate
        reads every statement of it back for the same hand)."""
        clauses = [_bare(c, self.vocab) for c in re.split(self.vocab.clause_breaks, sentence) if c.strip()]
        if len(clauses) < 3:
            return sentence
        joiner = " " if self.vocab.spaced else ""
        return _joined(clauses[:-1], self.vocab) + joiner + _joined(clauses[-1:], self.vocab)

    def _turn(self, k: int, turn: int) -> int:
        """Which wording of sentence ``k`` a variant uses: the LLM's in every other variant, if it has one."""
        return 1 if k in self.worded and turn % 2 else _other(self.clauses[k], turn)

    def with_wordings(self, extra: dict[int, list[str]]) -> EntryFacts:
        return replace(with_wordings(self, extra), worded=frozenset(i for i, w in extra.items() if w))

    def handshapes(self) -> list[str]:
        """None to inline: the entry's own words are the facts."""
        return []

    def hand_of(self, i: int) -> Hand:
        """Whose fact sentence ``i`` is (how the gate reads a text that names no hand)."""
        return self.hands[i]  # type: ignore[return-value]

    def clause_texts(self, sentence: str) -> list[str]:
        """A sentence's clauses, bare (none for English renderings: their clauses are not the entry's)."""
        if self.reader.quoted is not None:
            return []
        return [_bare(c, self.vocab) for c in re.split(self.vocab.clause_breaks, sentence) if c.strip()]

    def joined(self, clauses: list[str]) -> str:
        return _joined(clauses, self.vocab)

    def alternatives(self, lines: Sequence[str]) -> list[str]:
        """The language's other phrasings of what ``lines`` say (shown to the LLM: words it may use)."""
        return [" / ".join(g) for g in rephraser(self.writing).used(" ".join(lines))]

    def evidence(self) -> Evidence:
        return self.found.evidence("p1_describe").model_copy(update={"step": "facts"})

    @property
    def provenance(self) -> str:
        """``Generation.facts``: the entry, and the language it is rendered in when that is another."""
        hit = self.found.hit
        where = f"{hit.source} p.{hit.page} '{hit.gloss}'" if hit.page else f"{hit.source} '{hit.gloss}'"
        if self.writing != written_language(hit.language or ""):
            return (
                f"{where}, rendered in {self.writing}; {self.in_entry_words} clause(s) in the entry's words"
            )
        return where

    def tally(self, texts: Sequence[tuple[str, Hand]]) -> StatementTally:
        """How many of the entry's statements the texts (each with the hand it speaks of) keep."""
        said = [s for text, hand in texts for s in self.reader.read(text, hand)]
        key = [s for s in self.statements if not s.implied]
        dropped = compare_statements(said, self.statements, key).missing
        return StatementTally(
            entry=len(key),
            kept=len(key) - len(dropped),
            dropped=[s.label for s in dropped],
            in_entry_words=self.in_entry_words,
            language=self.writing,
        )


@cache
def _orders(n: int) -> list[tuple[int, ...]]:
    """Orders of ``n`` sentences: as written, rotated, then reversed and rotated (each once)."""
    rotations = [tuple((k + i) % n for i in range(n)) for k in range(n)]
    return list(dict.fromkeys([*rotations, *(tuple(reversed(r)) for r in rotations)]))


def _other(clause: Clause, turn: int) -> int:
    """The ``turn``-th wording of a clause other than its first (the first when it has no other)."""
    others = len(clause.phrasings) - 1
    return 1 + (turn - 1) % others if others else 0


def swap_connectives(text: str, vocab: TagVocabulary, swap: int) -> str:
    """Each connective replaced by the ``swap``-th next one of its group (0: unchanged)."""
    if swap == 0:
        return text
    for group in vocab.connectives:
        text = _swap(text, group, vocab, swap)
    return text


def _swap(text: str, group: list[str], vocab: TagVocabulary, swap: int) -> str:
    index = {match_key(c, vocab.language): i for i, c in enumerate(group)}
    regex = pattern([re.escape(c) for c in group], vocab.spaced)
    return regex.sub(
        lambda m: group[(index[match_key(m.group(0), vocab.language)] + swap) % len(group)], text
    )


def _phrasings(sentence: str, vocab: TagVocabulary) -> tuple[str, ...]:
    """A sentence's wordings: as written, then in the language's other phrasings (three turns), then with
    its later clauses in another order and other phrasings, then only reordered. The first clause (the
    one that names the hand) stays first."""
    clauses = [_bare(c, vocab) for c in re.split(vocab.clause_breaks, sentence) if c.strip()]
    rest = clauses[1:]
    orders = [[clauses[0], *rest[k:], *rest[:k]] for k in range(1, len(rest))]
    if len(rest) >= 2:
        orders.append([clauses[0], *reversed(rest)])
    return _wordings(sentence, [_joined(order, vocab) for order in orders], vocab.language)


def _wordings(first: str, reordered: list[str], language: str) -> tuple[str, ...]:
    """``first``, then in the language's other phrasings (other words only, and other words in another
    order, taking turns), then only reordered."""
    rp = rephraser(language)
    reworded = [rp.rephrase(first, turn, stride) for stride in (0, 1) for turn in (1, 2, 3)]
    moved = [rp.rephrase(text, turn) for turn in (1, 2) for text in reordered]
    mixed = [x for pair in itertools.zip_longest(reworded, moved) for x in pair if x is not None]
    return tuple(dict.fromkeys([first, *mixed, *reordered]))


def _bare(clause: str, vocab: TagVocabulary) -> str:
    """A clause without its separators and leading conjunction, lower-cased at the start (spaced scripts)."""
    text = clause.strip().strip("，,、。.;；").strip()
    if vocab.conjunction and fold(text, vocab.language).startswith(vocab.conjunction + " "):
        text = text[len(vocab.conjunction) + 1 :]
    return fold(text[:1], vocab.language) + text[1:] if vocab.spaced else text


def _joined(clauses: list[str], vocab: TagVocabulary) -> str:
    """Clauses as one sentence: commas, the conjunction before the last (spaced scripts), an end mark."""
    if vocab.spaced and vocab.conjunction and len(clauses) > 1:
        text = ", ".join(clauses[:-1]) + f" {vocab.conjunction} {clauses[-1]}"
    else:
        text = ("， " if not vocab.spaced else ", ").join(clauses).replace("， ", "，")
    return capital(text, vocab) + vocab.sentence_end


def _role(tags: tuple[PartTag, ...], mine: PartTag) -> Literal["dominant", "nondominant", "location"]:
    if mine in tags:
        return "dominant"
    return "nondominant" if any(t.endswith("_hand") for t in tags) else "location"


def entry_facts(
    found: Found, dominant_hand: Literal["right", "left"], english: bool = False
) -> EntryFacts | None:
    """Facts from a free-text entry in its own language (or rendered in English); None when the entry's
    language has no tag vocabulary or its body says nothing once cleaned."""
    written = written_language(found.hit.language or "")
    if written is None:
        return None
    vocab = load_tag_vocabulary(written)
    split = splitter(written, dominant_hand)
    forms = [found.hit.gloss, *found.hit.variants, *found.hit.synonyms]
    sentences = split.sentences(clean(found.hit.text, forms, vocab.spaced))
    if not sentences:
        return None
    groups = split.groups(sentences)
    own = reader(written, dominant_hand)
    statements = tuple(unique_statements(s for g in groups for s in own.group(g)))
    if english and written != "en":
        return _english(found, groups, own, statements, dominant_hand)
    mine = sides(dominant_hand)[0]
    clauses = [Clause(_role(g.tags, mine), _phrasings(g.text, vocab)) for g in groups]
    parts = tuple(FactPart((c,), g.tags) for c, g in zip(clauses, groups, strict=True) if g.tags)
    description = (" " if vocab.spaced else "").join(sentences)
    hands = tuple(g.hand(dominant_hand) for g in groups)
    return EntryFacts(found, description, tuple(clauses), parts, vocab, statements, own, hands)


def _english(
    found: Found,
    groups: list[FactSentence],
    own: StatementReader,
    statements: tuple[Statement, ...],
    dominant_hand: Literal["right", "left"],
) -> EntryFacts:
    """Each group said in English from its statements; a clause the table cannot say is quoted."""
    en = load_tag_vocabulary("en")
    mine = sides(dominant_hand)[0]
    said = [render_english(g, own, en) for g in groups]
    clauses = [
        Clause(_role(g.tags, mine), _wordings(texts[0], list(texts[1:]), "en"))
        for g, (texts, _) in zip(groups, said, strict=True)
    ]
    parts = tuple(FactPart((c,), g.tags) for c, g in zip(clauses, groups, strict=True) if g.tags)
    description = " ".join(c.say(0) for c in clauses)
    rendered = reader("en", dominant_hand, own.vocab.language)
    quoted = sum(q for _, q in said)
    hands = tuple(g.hand(dominant_hand) for g in groups)
    return EntryFacts(found, description, tuple(clauses), parts, en, statements, rendered, hands, quoted)


def render_english(
    group: FactSentence, own: StatementReader, en: TagVocabulary
) -> tuple[tuple[str, ...], int]:
    """One group as English sentences (its statements in each order, the first canonical) and how many of
    its clauses they quote in the entry's words: a clause whose every word states something the phrase
    table says is rendered, any other quoted."""
    hand = group.hand(own.dominant_hand)
    bits: list[str] = []
    quoted: list[str] = []
    for clause in group.clauses:
        found = own.nonmanual(clause) if hand == "nonmanual" else own.claims(clause, hand)
        said = {s.attribute: _english_bit(s, hand, en) for s in found if not s.implied}
        if None in said.values() or unsaid(own, clause, hand):
            quoted.append(clause.strip("，,。.;； "))
            continue
        if "movement" in said and "repeated_movement" in said:  # "moves forward repeatedly"
            said["movement"] = f"{said['movement']} {said.pop('repeated_movement')}"
        place = next((a for a in ("minor_location", "major_location") if said.get(a)), None)
        if place and said.get("contact"):  # "is held at the mouth, touching"
            said[place] = f"{said[place]}, {said.pop('contact')}"
        if adverbs := [
            english for _, _, english in _manner(own.vocab, clause)
        ]:  # hafifçe vurulur: touching lightly
            where = next(
                (a for a in ("contact", "movement", "minor_location", "major_location") if said.get(a)), None
            ) or next((a for a in reversed(said) if said[a]), None)
            if where:
                said[where] = f"{said[where]} {' and '.join(dict.fromkeys(adverbs))}"
        for attribute, bit in said.items():
            if attribute == "palm" and bits:  # "takes the 5 handshape, with the palm facing out"
                bits[-1] += f", {bit}"
            elif bit and bit not in bits:
                bits.append(bit)
    orders = [bits[k:] + bits[:k] for k in range(max(1, len(bits)))]
    return tuple(_english_sentence(order, quoted, hand, en) for order in orders), len(quoted)


def _english_sentence(bits: list[str], quoted: list[str], hand: str, en: TagVocabulary) -> str:
    text = _listed(bits)
    if quoted:
        words = "; ".join(f"“{q}”" for q in quoted)
        text += (", and " if text else "") + f"as the entry puts it: {words}"
    if hand != "nonmanual":
        text = f"{_SUBJECTS[hand]}{' ' if bits else ', '}{text}"
    return capital(text.rstrip(".") + ".", en)


def _listed(bits: list[str]) -> str:
    bits = list(dict.fromkeys(bits))
    return bits[0] if len(bits) == 1 else ", ".join(bits[:-1]) + f" and {bits[-1]}" if bits else ""


def _english_bit(statement: Statement, hand: str, en: TagVocabulary) -> str | None:
    """A statement as a verb phrase of its hand's sentence (None: the table cannot say it)."""
    a, v = statement.attribute, statement.value
    table = en.english.get("handshape" if a == "handshape" else a, {})
    if v not in table:
        return None
    phrase, plural = table[v], hand == "both"
    if a == "handshape":
        return f"{'take' if plural else 'takes'} {phrase}"
    if a in {"minor_location", "major_location"}:
        return f"{'are' if plural else 'is'} held {phrase}"
    if a == "movement":
        return f"{'move' if plural else 'moves'} {phrase}"
    if a == "palm":
        return phrase.replace("the palm ", "the palms ") if plural else phrase
    if a == "sign_type":
        return ""  # the subject, "Both hands", says it
    return phrase  # repetition, contact, a non-manual signal


def unsaid(own: StatementReader, clause: str, hand: str) -> list[str]:
    """The words of ``clause`` that state nothing the reader knows (not a statement, hand, connective,
    function word or filler): what a rendering from statements alone would drop."""
    chars = list(clause)
    for start, end in own.spans(clause, hand):
        chars[start:end] = " " * (end - start)
    for m in own.splitter.lead.finditer(clause):
        chars[m.start() : m.end()] = " " * (m.end() - m.start())
    for start, end, _ in _manner(own.vocab, clause):
        chars[start:end] = " " * (end - start)
    known = _quiet(own.vocab.language)
    return [w for w in own.vocab.words("".join(chars)) if w not in known]


def _manner(vocab: TagVocabulary, clause: str) -> list[tuple[int, int, str]]:
    """(start, end, English adverb) of each word saying how the hand moves (轻轻, hafifçe)."""
    if not vocab.manner:
        return []
    keyed = {match_key(w, vocab.language): e for w, e in vocab.manner.items()}
    regex = pattern([re.escape(fold(w, vocab.language)) for w in vocab.manner], vocab.spaced)
    return [
        (m.start(), m.end(), keyed[match_key(m.group(0), vocab.language)]) for m in regex.finditer(clause)
    ]


@cache
def _quiet(language: str) -> frozenset[str]:
    vocab = load_tag_vocabulary(language)
    return frozenset(w for text in _quiet_words(vocab) for w in vocab.words(text))


def _quiet_words(vocab: TagVocabulary) -> list[str]:
    return [*vocab.function_words, *vocab.filler, *(c for g in vocab.connectives for c in g)]


class EntryGate(Gate):
    """A text made from a free-text entry is kept only if its statements are the entry's (nothing added or
    contradicted, none of its source's left out), its words are the entry's or the language's other
    phrasings of them (nothing new, no content word of its source dropped), it is more than the source's
    words reordered, and it is no closer than ``max_similarity`` to a text already kept."""

    def __init__(
        self, facts: EntryFacts, max_similarity: float, dominant_hand: Literal["right", "left"]
    ) -> None:
        super().__init__(_checker(facts.vocab.claims, dominant_hand), {}, max_similarity)
        self.facts = facts
        self.vocab = facts.vocab
        self.rephraser = rephraser(facts.vocab.language)
        grounds = [facts.description, *(p for c in facts.clauses for p in c.phrasings)]
        grounds += self.rephraser.alternatives(" ".join(grounds))
        self.quiet = _quiet(facts.vocab.language)
        self.allowed = {w for text in grounds for w in facts.vocab.words(text)} | self.quiet

    def judge(
        self,
        text: str,
        source: str,
        accepted: list[str],
        hand: Hand = "dominant",
        max_similarity: float | None = None,
        *args: Any,
        fresh: bool = True,
        **kwargs: Any,
    ) -> Verdict:
        """``fresh=False``: a clause of a longer rewording, which may keep its source's words."""
        reader = self.facts.reader
        key = [s for s in reader.read(source, hand) if not s.implied]
        problems = compare_statements(reader.read(text, hand), self.facts.statements, key).problems()
        mine, theirs = reader.counts(text, hand), reader.counts(source, hand)
        problems += [
            f"says {k[0]} {k[1]} twice" for k, n in mine.items() if n > theirs.get(k, 0) and k in theirs
        ]
        words = [w for w in self.vocab.words(_unquoted(text)) if w not in self.quiet]
        problems += [
            f"says '{w}', which the dictionary entry does not say"
            for w in dict.fromkeys(words)
            if w not in self.allowed
        ]
        own = [w for w in self.vocab.words(_unquoted(source)) if w not in self.quiet]
        excused = self.rephraser.excused(source, text)
        problems += [f"leaves out '{w}'" for w in dict.fromkeys(own) if w not in words and w not in excused]
        if fresh and Counter(words) == Counter(own):  # a copy, or a reordering, is not a rewording
            problems.append(
                "says the entry's words again (only their order or small words changed): reword it"
            )
        closest = max((similarity(text, other) for other in accepted), default=0.0)
        if closest > (self.max_similarity if max_similarity is None else max_similarity):
            problems.append(f"too close to a text already written (similarity {closest:.2f}); reword it more")
        return Verdict(not problems, list(dict.fromkeys(problems)))


def _unquoted(text: str) -> str:
    """A rendering without what it quotes in the entry's words (checked as statements, not as words)."""
    return re.sub(r"“[^”]*”", " ", text)


class _NoSource:
    """The gate checks fields against the entry's own statements; no lexicon is looked up."""

    name = "entry"

    def coded_attributes(self, class_id: int, glosses: Sequence[str]) -> None:
        return None


@cache
def _checker(claims: str, dominant_hand: Literal["right", "left"]) -> Checker:
    """One compiled claim vocabulary per language and hand (the gate looks nothing up)."""
    return Checker(_NoSource(), load_vocabulary(claims), dominant_hand)


class EntrySource:
    """Glosses -> :class:`EntryFacts` from their own free-text entries in the store."""

    def __init__(
        self, retriever: Retriever, dominant_hand: Literal["right", "left"], english: bool = False
    ) -> None:
        self.retriever = retriever
        self.dominant_hand = dominant_hand
        self.english = english

    def facts(self, glosses: list[str], language: str) -> EntryFacts | None:
        """The first of the gloss's own entries in ``language`` that yields facts."""
        for found in own_entries(self.retriever, glosses, language=language):
            facts = entry_facts(found, self.dominant_hand, self.english)
            if facts is not None:
                return facts
        return None
