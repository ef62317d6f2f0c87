"""Free-text entries as the fact source: a printed or text dictionary's own words about a sign.

When a gloss has no coded lexicon row but retrieval finds its *own* entry (an exact or variant gloss match
in the vocabulary's sign language), faithful mode takes the facts from that entry's body. The global
text is the description, cleaned (headword line, meaning statements and notes dropped). It is split into
sentences and clauses; a clause opening with a hand (右手, sol el, the dominant hand) starts a group,
the clauses after it continue that hand's group, a clause opening with the face or mouth (面露微笑) is a
group of its own. Each group is one fact sentence, tagged by the language's tag vocabulary (its hand
by the ``dominant_hand`` setting, the places it names); groups with no tag stay in the global text but
make no part, and nothing is said of the face or mouth unless the entry says it.

The gate for these texts (:class:`EntryGate`) is content-word grounding — no word (Chinese: no
character) that is neither in the entry nor in the language's function words — plus the language's
claim vocabulary: no hand or location claim the entry contradicts, every claim of the source kept.

``english=True`` renders each group in English through the claim vocabulary and the ``en`` phrase table
(what the table cannot say is left out, and the record says how many sentences were), for a text
encoder that reads only English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from gspgen.check import Checker, Claim, Coded, Extractor, Hand, load_vocabulary
from gspgen.describe.facts import Clause, FactPart, sides, with_wordings
from gspgen.describe.gate import Gate, Verdict
from gspgen.describe.retrieval import Found, Retriever, own_entries
from gspgen.describe.tagvocab import TagVocabulary, fold, load_tag_vocabulary, pattern, written_language
from gspgen.records import Evidence, PartTag

# (phrasing, rotation, connective swap) of the n-th variant: other wordings first, then reorderings.
_VARIANTS = ((1, 0, 1), (2, 0, 0), (0, 1, 0), (3, 0, 2), (1, 1, 2), (2, 1, 1), (0, 2, 1), (3, 1, 0),
             (1, 2, 0), (2, 2, 2), (0, 3, 2), (3, 2, 1))  # fmt: skip
_LEADING = 3  # openers that may come before the hand a clause opens with ("Then the right hand")


@dataclass
class _Group:
    """Clauses about one subject within a sentence, and the tags they carry."""

    key: tuple[str, ...]
    clauses: list[str]
    tags: set[PartTag] = field(default_factory=set)


@dataclass(frozen=True)
class FactSentence:
    """One group as a sentence: its part tags and who it is about."""

    text: str
    tags: tuple[PartTag, ...]
    subject: tuple[str, ...]  # the hands (part tags) it is about, ("nonmanual",), or () before any hand


class Splitter:
    """A tag vocabulary compiled once: description -> fact sentences with part tags."""

    def __init__(self, vocab: TagVocabulary, dominant_hand: Literal["right", "left"]) -> None:
        self.vocab = vocab
        mine, other = sides(dominant_hand)
        by_cue: dict[str, tuple[PartTag, ...]] = {"right": (mine,), "left": (other,)}
        by_cue |= {"dominant": (mine,), "nondominant": (other,)}
        by_cue["both"] = (mine, other)
        self.order: tuple[PartTag, ...] = (mine, other, "face", "mouth", "body")  # as the coded path tags
        self.hands = [(pattern(terms, vocab.spaced), by_cue[kind]) for kind, terms in vocab.hands.items()]
        self.places = [(pattern(terms, vocab.spaced), tag) for tag, terms in vocab.places.items()]
        self.nonmanual = [(pattern(terms, vocab.spaced), tag) for tag, terms in vocab.nonmanual.items()]
        self.drop = [re.compile(d, re.IGNORECASE) for d in vocab.drop]
        self.lead = pattern(vocab.openers, vocab.spaced)

    def sentences(self, description: str) -> list[str]:
        """The description's sentences, those about meaning or other entries dropped."""
        parts = [s.strip() for s in re.split(self.vocab.sentence_breaks, description) if s.strip()]
        return [s for s in parts if not any(d.search(fold(s, self.vocab.language)) for d in self.drop)]

    def groups(self, sentences: Sequence[str]) -> list[FactSentence]:
        """One fact sentence per group, in reading order; its tags may be empty."""
        current: tuple[PartTag, ...] = ()
        out: list[FactSentence] = []
        for sentence in sentences:
            groups: list[_Group] = []
            for clause in (c for c in re.split(self.vocab.clause_breaks, sentence) if c.strip()):
                subject, mentioned = self._hands(clause)
                face = self._nonmanual(clause) if not subject else set()
                if face:
                    key: tuple[str, ...] = ("nonmanual",)
                    tags = face | self._places(clause)
                else:
                    current = subject or current
                    key, tags = current, {*current, *mentioned, *self._places(clause)}
                if groups and groups[-1].key == key:
                    groups[-1].clauses.append(clause)
                    groups[-1].tags |= tags
                else:
                    groups.append(_Group(key, [clause], set(tags)))
            out += [
                FactSentence(self._sentence(g.clauses), tuple(t for t in self.order if t in g.tags), g.key)
                for g in groups
            ]
        return out

    def _opening(self, clause: str) -> int:
        """Where a clause's subject starts: after up to a few openers (connectives, articles)."""
        at = 0
        for _ in range(_LEADING):
            m = self.lead.match(clause, at)
            if m is None or m.end() == at:
                break
            at = m.end()
            while at < len(clause) and not clause[at].isalnum():
                at += 1
        return at

    def _hands(self, clause: str) -> tuple[tuple[PartTag, ...], set[PartTag]]:
        """(the hands a clause opens with, the other hands it names — as a place)."""
        start = self._opening(clause.strip())
        subject: tuple[PartTag, ...] = ()
        mentioned: set[PartTag] = set()
        for regex, tags in self.hands:
            for m in regex.finditer(clause.strip()):
                if m.start() == start and not subject:
                    subject = tags
                else:
                    mentioned |= set(tags)
        return subject, mentioned - set(subject)

    def _nonmanual(self, clause: str) -> set[PartTag]:
        start = self._opening(clause.strip())
        return {tag for regex, tag in self.nonmanual if regex.match(clause.strip(), start)}

    def _places(self, clause: str) -> set[PartTag]:
        return {tag for regex, tag in self.places if regex.search(clause)}

    def _sentence(self, clauses: list[str]) -> str:
        """Clauses as one sentence: trailing separators trimmed, an end mark, a capital first letter."""
        joiner = " " if self.vocab.spaced else ""
        text = joiner.join(c.strip() for c in clauses).strip().rstrip("，,、；;：: ")
        if not re.search(r"[。！？.!?]$", text):
            text += self.vocab.sentence_end
        return capital(text, self.vocab)


@dataclass(frozen=True)
class EntryFacts:
    """A free-text entry as faithful mode's facts: the description, its fact sentences, its part texts."""

    found: Found  # the gloss's own entry, as retrieval found it
    description: str  # the global text: the cleaned entry (or its English rendering)
    clauses: tuple[Clause, ...]  # one per fact sentence (group), in reading order
    parts: tuple[FactPart, ...]  # the tagged sentences
    vocab: TagVocabulary  # of the text's language
    coded: Coded  # what the entry claims, in the claim vocabulary's values (the gate checks against it)
    left_out: int = 0  # English rendering: sentences the phrase table could not say

    @property
    def text(self) -> str:
        return self.description

    @property
    def writing(self) -> str:
        """The language the texts are written in (zh, tr, en)."""
        return self.vocab.language

    def variant(self, n: int) -> str:
        """The n-th deterministic variant (n ≥ 1): other wordings, sentences rotated, connectives swapped."""
        phrasing, shift, swap = _VARIANTS[(n - 1) % len(_VARIANTS)]
        shift %= len(self.clauses)
        order = self.clauses[shift:] + self.clauses[:shift]
        joiner = " " if self.vocab.spaced else ""
        return swap_connectives(joiner.join(c.say(phrasing) for c in order), self.vocab, swap)

    def with_wordings(self, extra: dict[int, list[str]]) -> EntryFacts:
        return with_wordings(self, extra)

    def handshapes(self) -> list[str]:
        """None to inline: the entry's own words are the facts."""
        return []

    def evidence(self) -> Evidence:
        return self.found.evidence("p1_describe").model_copy(update={"step": "facts"})

    @property
    def provenance(self) -> str:
        """``Generation.facts``: the entry, and for an English rendering what it left out."""
        hit = self.found.hit
        where = f"{hit.source} p.{hit.page} '{hit.gloss}'" if hit.page else f"{hit.source} '{hit.gloss}'"
        if self.writing != written_language(hit.language or ""):
            return f"{where}, rendered in {self.writing}; {self.left_out} sentence(s) not rendered"
        return where


def swap_connectives(text: str, vocab: TagVocabulary, swap: int) -> str:
    """Each connective replaced by the ``swap``-th next one of its group (0: unchanged)."""
    if swap == 0:
        return text
    for group in vocab.connectives:
        text = _swap(text, group, vocab, swap)
    return text


def _swap(text: str, group: list[str], vocab: TagVocabulary, swap: int) -> str:
    index = {fold(c, vocab.language): i for i, c in enumerate(group)}
    regex = pattern([re.escape(c) for c in group], vocab.spaced)
    return regex.sub(lambda m: group[(index[fold(m.group(0), vocab.language)] + swap) % len(group)], text)


def clean(hit_text: str, gloss: str | None, spaced: bool) -> str:
    """The entry's body: the headword line dropped, line breaks joined (Chinese without spaces)."""
    lines = hit_text.strip().splitlines()
    if len(lines) > 1 and gloss and gloss in lines[0]:
        lines = lines[1:]
    text = (" " if spaced else "").join(line.strip() for line in lines)
    return re.sub(r"\s+", " ", text).strip()


def _coded(extractor: Extractor, texts: Sequence[str]) -> Coded:
    """Every value the texts claim, per attribute (the first claimed value first)."""
    values: dict[str, list[str]] = {}
    for text in texts:
        for claim in extractor.claims(text):
            values.setdefault(claim.attribute, []).append(claim.value)
    return {a: tuple(dict.fromkeys(v)) for a, v in values.items()}


def _variants(sentence: str, vocab: TagVocabulary) -> tuple[str, ...]:
    """A sentence's own wordings: as written, then its clauses rotated (and, with three or more, the
    later ones reversed): the same words in another order."""
    clauses = [_bare(c, vocab) for c in re.split(vocab.clause_breaks, sentence) if c.strip()]
    orders = [clauses[k:] + clauses[:k] for k in range(1, len(clauses))]
    if len(clauses) >= 3:
        orders.append([clauses[0], *reversed(clauses[1:])])
    return tuple(dict.fromkeys([sentence, *(_joined(order, vocab) for order in orders)]))


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


def capital(text: str, vocab: TagVocabulary) -> str:
    first = text[:1].replace("i", "İ") if vocab.language == "tr" else text[:1]
    return first.upper() + text[1:]


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
    splitter = _splitter(written, dominant_hand)
    sentences = splitter.sentences(clean(found.hit.text, found.hit.gloss, vocab.spaced))
    if not sentences:
        return None
    groups = splitter.groups(sentences)
    extractor = _checker(vocab.claims, dominant_hand).extractor
    coded = _coded(extractor, [g.text for g in groups])
    if english and written != "en":
        return _english(found, groups, extractor, coded, dominant_hand)
    mine = sides(dominant_hand)[0]
    clauses = [Clause(_role(g.tags, mine), _variants(g.text, vocab)) for g in groups]
    parts = tuple(FactPart((c,), g.tags) for c, g in zip(clauses, groups, strict=True) if g.tags)
    description = (" " if vocab.spaced else "").join(sentences)
    return EntryFacts(found, description, tuple(clauses), parts, vocab, coded)


def _english(
    found: Found,
    groups: list[FactSentence],
    extractor: Extractor,
    coded: Coded,
    dominant_hand: Literal["right", "left"],
) -> EntryFacts | None:
    """Each group said in English from its claims; groups with no claim the phrase table covers are left out."""
    en = load_tag_vocabulary("en")
    mine, other = sides(dominant_hand)
    said: list[tuple[tuple[str, ...], tuple[PartTag, ...]]] = []
    for group in groups:
        hand: Hand = (
            "both" if len(group.subject) == 2 else "nondominant" if group.subject == (other,) else "dominant"
        )
        text = (
            render_english(extractor.claims(group.text), hand, en)
            if mine in group.tags or other in group.tags
            else None
        )
        if text and group.subject != ("nonmanual",):
            said.append((text, group.tags))
    if not said:
        return None
    clauses = [Clause(_role(tags, mine), wordings) for wordings, tags in said]
    parts = tuple(FactPart((c,), tags) for c, (_, tags) in zip(clauses, said, strict=True))
    description = " ".join(c.say(0) for c in clauses)
    return EntryFacts(found, description, tuple(clauses), parts, en, coded, len(groups) - len(said))


def render_english(claims: Sequence[Claim], hand: Hand, en: TagVocabulary) -> tuple[str, ...]:
    """A group's claims as English sentences (handshape, place and contact, movement and repetition), the
    same facts in each order; none when the phrase table says none of them."""
    said: dict[str, str] = {}
    for claim in claims:
        table = en.english.get("handshape" if claim.attribute.endswith("handshape") else claim.attribute, {})
        if not claim.implied and claim.value in table:
            said.setdefault(claim.attribute, table[claim.value])
    both = hand == "both"
    bits = []
    if shape := said.get("nondominant_handshape" if hand == "nondominant" else "handshape"):
        bits.append(f"{'take' if both else 'takes'} {shape}")
    if place := said.get("minor_location") or said.get("major_location"):
        touching = ", touching" if said.get("contact") == en.english["contact"]["true"] else ""
        bits.append(f"{'are' if both else 'is'} held {place}{touching}")
    if movement := said.get("movement"):
        again = f", {said['repeated_movement']}" if "repeated_movement" in said else ""
        bits.append((movement.replace("moves", "move") if both else movement) + again)
    subject = {"both": "Both hands", "nondominant": "The non-dominant hand"}.get(hand, "The dominant hand")
    orders = [bits[k:] + bits[:k] for k in range(len(bits))]
    return tuple(f"{subject} {', '.join(o[:-1]) + ' and ' if len(o) > 1 else ''}{o[-1]}." for o in orders)


class EntryGate(Gate):
    """The checker's gate (claims: nothing contradicted, nothing of the source lost, new enough) plus
    content-word grounding: every word of a candidate is in the entry or a function word."""

    def __init__(
        self, facts: EntryFacts, max_similarity: float, dominant_hand: Literal["right", "left"]
    ) -> None:
        checker = _checker(facts.vocab.claims, dominant_hand)
        super().__init__(checker, checker.vocabulary.accepted(facts.coded), max_similarity)
        self.vocab = facts.vocab
        grounds = [facts.description, *(p for c in facts.clauses for p in c.phrasings)]
        self.allowed = {w for text in grounds for w in facts.vocab.words(text)}
        self.allowed |= {w for f in facts.vocab.function_words for w in facts.vocab.words(f)}
        self.allowed |= {w for g in facts.vocab.connectives for c in g for w in facts.vocab.words(c)}

    def judge(
        self, text: str, source: str, accepted: list[str], hand: Hand = "dominant", *args: Any, **kwargs: Any
    ) -> Verdict:
        verdict = super().judge(text, source, accepted, hand, *args, **kwargs)
        added = [w for w in dict.fromkeys(self.vocab.words(text)) if w not in self.allowed]
        problems = verdict.problems + [f"says '{w}', which the dictionary entry does not say" for w in added]
        return Verdict(not problems, problems)


class _NoSource:
    """The gate checks fields against the entry's own claims; no lexicon is looked up."""

    name = "entry"

    def coded_attributes(self, class_id: int, glosses: Sequence[str]) -> None:
        return None


@cache
def _splitter(language: str, dominant_hand: Literal["right", "left"]) -> Splitter:
    return Splitter(load_tag_vocabulary(language), dominant_hand)


@cache
def _checker(claims: str, dominant_hand: Literal["right", "left"]) -> Checker:
    """One compiled claim vocabulary per language and hand (the gate checks fields, looks nothing up)."""
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
