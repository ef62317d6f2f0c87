"""Statements: what a text says about a sign, one ``(attribute, value, hand)`` at a time, and how a text's
statements compare with those of the dictionary entry it was made from.

A *statement* is a claim of the language's claim vocabulary (check/vocabularies: handshape, place,
direction and repetition of movement, contact, palm orientation, two hands) or a non-manual signal of its
tag vocabulary (``expressions``: 表情严肃 -> serious, kaşlar kalkık -> brows_raised), attributed to the
hand of the clause group it stands in (:mod:`gspgen.describe.entrytext`): the dominant hand, the other
hand, both, or the face/mouth. Texts rendered in English from another language's entry are read back
through the English phrase table, and what they quote in the entry's own words through that language.

:func:`compare_statements` sorts a text's statements against its entry's: *kept* (the entry says it), *contradicted*
(the entry says another value of the same attribute for that hand), *added* (the entry says nothing of
it), and the source's *missing* statements (what the text should have kept and did not).

:class:`Rephraser` says a text in other words from the language's ``phrases`` (伸食指 / 伸出食指 /
食指伸直, iki kez / iki kere / iki defa): the same statements, other words.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from gspgen.check import Claim, Extractor, Hand, load_vocabulary
from gspgen.describe.entrytext import FactSentence, Splitter, clean, splitter
from gspgen.describe.facts import sides
from gspgen.describe.tagvocab import (
    TagVocabulary,
    fold,
    load_tag_vocabulary,
    match_key,
    pattern,
    written_language,
)
from gspgen.records import PartTag

SLOTS = ("other_hand", "handshape", "place", "movement", "palm", "nonmanual")
ON_THE_OTHER_HAND = {"Palm", "PalmBack", "Hand"}
_QUOTED = re.compile(r"“([^”]+)”")
_HANDLESS = {"sign_type"}  # said of the sign, not of a hand
_INDEPENDENT = {"nonmanual"}  # values that do not exclude each other: another one is added, not contradicting


@dataclass(frozen=True)
class Statement:
    """One thing a text says: which attribute, which value, whose (dominant, nondominant, both, nonmanual)."""

    attribute: str
    value: str
    hand: str
    words: str = field(compare=False)
    implied: bool = field(default=False, compare=False)  # entailed by another (chin -> head)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.attribute, self.value, self.hand)

    @property
    def label(self) -> str:
        return (
            f"{self.attribute} {self.value}" + (f" ({self.hand})" if self.hand else "") + f" '{self.words}'"
        )


def slot(statement: Statement) -> str:
    """Which slot of an entry a statement fills (the other hand, handshape, place, movement, palm, non-manual)."""
    a = statement.attribute
    if a == "nonmanual":
        return "nonmanual"
    if statement.hand == "nondominant" or a in _HANDLESS or statement.value in ON_THE_OTHER_HAND:
        return "other_hand"
    if a in {"handshape", "palm"}:
        return a
    return "movement" if a in {"movement", "repeated_movement"} else "place"


@dataclass
class StatementCheck:
    """A text's statements against its entry (see the module docstring)."""

    kept: list[Statement] = field(default_factory=list)
    added: list[Statement] = field(default_factory=list)
    contradicted: list[tuple[Statement, Statement]] = field(default_factory=list)  # (said, the entry's)
    missing: list[Statement] = field(default_factory=list)

    def problems(self) -> list[str]:
        """The findings in words, as the LLM and the reviewer read them."""
        out = [f"says {s.label}, which the dictionary entry does not say" for s in self.added]
        out += [
            f"says {s.label}, but the dictionary entry says {e.value} ('{e.words}')"
            for s, e in self.contradicted
        ]
        out += [f"leaves out {s.label}" for s in self.missing]
        return out


def _hands_agree(said: str, entry: str) -> bool:
    """A statement about one hand agrees with the entry's about both."""
    return said == entry or (entry == "both" and said in {"dominant", "nondominant"})


def compare_statements(
    said: Sequence[Statement], entry: Sequence[Statement], key: Sequence[Statement]
) -> StatementCheck:
    """``said`` against everything the entry states (``entry``, implied statements included) and the
    statements the text had to keep (``key``, e.g. its source sentence's)."""
    check = StatementCheck()
    for s in said:
        if any(
            s.attribute == e.attribute and s.value == e.value and _hands_agree(s.hand, e.hand) for e in entry
        ):
            check.kept.append(s)
            continue
        if s.implied:
            continue
        other = [
            e
            for e in entry
            if e.attribute == s.attribute and _hands_agree(s.hand, e.hand) and s.attribute not in _INDEPENDENT
        ]
        if other:
            check.contradicted.append((s, other[0]))
        else:
            check.added.append(s)
    check.missing = [k for k in key if not k.implied and not _stated(k, said)]
    return check


def _stated(statement: Statement, said: Sequence[Statement]) -> bool:
    same = [s.hand for s in said if s.attribute == statement.attribute and s.value == statement.value]
    if statement.hand in same:
        return True
    return statement.hand == "both" and {"dominant", "nondominant"} <= set(same)


class StatementReader:
    """Reads statements from texts in one written language (``zh``, ``tr``, ``en``). ``rendered_from``:
    the texts are English renderings of an entry in that language (read through the English phrase
    table, and what they quote through that language's reader)."""

    def __init__(
        self, language: str, dominant_hand: Literal["right", "left"], rendered_from: str | None = None
    ) -> None:
        self.vocab = load_tag_vocabulary(language)
        self.dominant_hand = dominant_hand
        self.splitter: Splitter = splitter(language, dominant_hand)
        self.extractor = Extractor(load_vocabulary(self.vocab.claims), dominant_hand)
        self.expressions = [
            (pattern(e.terms, self.vocab.spaced), v) for v, e in self.vocab.expressions.items()
        ]
        self.quoted = reader(rendered_from, dominant_hand) if rendered_from else None
        self.rephraser = rephraser(language)
        self.rendered = _rendered_patterns(self.vocab) if rendered_from else []

    def read(self, text: str, hand: str = "dominant") -> list[Statement]:
        """Every statement of ``text`` (each once); ``hand``: whose a text that names no hand speaks of."""
        return unique_statements(s for g in self._groups(text, hand) for s in self.group(g))

    def counts(self, text: str, hand: str = "dominant") -> collections.Counter[tuple[str, str, str]]:
        """How many times ``text`` says each statement (in different words: one phrase counts once)."""
        said = {(s.key, s.words) for g in self._groups(text, hand) for s in self.group(g) if not s.implied}
        return collections.Counter(key for key, _ in said)

    def _groups(self, text: str, hand: str) -> list[FactSentence]:
        return self.splitter.groups(self.splitter.sentences(text), self._start(hand))

    def group(self, group: FactSentence) -> list[Statement]:
        hand = group.hand(self.dominant_hand)
        if self.quoted is not None:
            return self._rendering(group.text, hand)
        if hand == "nonmanual":
            return self.nonmanual(group.text)
        return self.claims(group.text, hand)

    def nonmanual(self, text: str) -> list[Statement]:
        return [
            Statement("nonmanual", value, "nonmanual", m.group(0))
            for regex, value in self.expressions
            for m in regex.finditer(text)
        ]

    def claims(self, text: str, hand: str) -> list[Statement]:
        """The claim vocabulary's claims in ``text``, as statements about ``hand`` (handshapes of the other
        hand routed there by the extractor)."""
        found = self.extractor.claims(text, _claim_hand(hand))
        return [self._statement(c, hand) for c in found]

    def spans(self, text: str, hand: str) -> list[tuple[int, int]]:
        """Where ``text`` states something (claims, non-manual signals, hands): what is said, not filler."""
        claims = [(c.start, c.end) for c in self.extractor.claims(text, _claim_hand(hand)) if not c.implied]
        signals = [(m.start(), m.end()) for regex, _ in self.expressions for m in regex.finditer(text)]
        hands = [(m.start(), m.end()) for regex, _ in self.splitter.hands for m in regex.finditer(text)]
        return claims + signals + hands

    @staticmethod
    def _statement(claim: Claim, hand: str) -> Statement:
        attribute, who = claim.attribute, hand
        if attribute == "nondominant_handshape":
            attribute, who = "handshape", "both" if hand == "both" else "nondominant"
        elif attribute == "handshape" and hand == "nondominant":
            who = "dominant"  # the extractor found a cue for the dominant hand inside the other hand's group
        if attribute in _HANDLESS:
            who = ""
        return Statement(attribute, claim.value, who, claim.text, claim.implied)

    def _rendering(self, text: str, hand: str) -> list[Statement]:
        """An English rendering: the phrase table read back (phrasings made canonical first), and what it
        quotes in the entry's words read in the entry's language."""
        assert self.quoted is not None
        canonical = self.rephraser.canonical(text)
        out = []
        taken: list[tuple[int, int]] = []
        for regex, attribute, value in self.rendered:
            for m in regex.finditer(canonical):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                if (attribute == "nonmanual") != (hand == "nonmanual"):
                    continue
                who = "nonmanual" if hand == "nonmanual" else "" if attribute in _HANDLESS else hand
                out.append(Statement(attribute, value, who, m.group(0)))
        for quote in _QUOTED.finditer(text):
            out += self.quoted.read(quote.group(1), hand)
        return out

    def _start(self, hand: str) -> tuple[PartTag, ...]:
        mine, other = sides(self.dominant_hand)
        starts: dict[str, tuple[PartTag, ...]] = {"nondominant": (other,), "both": (mine, other)}
        return starts.get(hand, ())


def _claim_hand(hand: str) -> Hand:
    return hand if hand in {"dominant", "nondominant", "both"} else "dominant"  # type: ignore[return-value]


def unique_statements(statements: Iterable[Statement]) -> list[Statement]:
    """Each statement once (a direct one wins over the same implied one)."""
    out: dict[tuple[str, str, str], Statement] = {}
    for s in statements:
        if s.key not in out or (out[s.key].implied and not s.implied):
            out[s.key] = s
    return list(out.values())


def _rendered_patterns(en: TagVocabulary) -> list[tuple[re.Pattern[str], str, str]]:
    """The English phrase table as patterns, longest phrase first (movements after their verb)."""
    found = []
    for attribute, table in en.english.items():
        for value, phrase in table.items():
            body = re.escape(phrase)
            if attribute == "movement":
                body = rf"(?:moves?|come|comes) {body}"
            if attribute == "palm":
                body = body.replace("the\\ palm\\ ", "the\\ palms?\\ ")
            found.append((len(phrase), re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE), attribute, value))
    found.sort(key=lambda f: -f[0])
    return [(regex, attribute, value) for _, regex, attribute, value in found]


class Rephraser:
    """A language's interchangeable phrasings, compiled once: other words for the same statements."""

    def __init__(self, vocab: TagVocabulary) -> None:
        self.vocab = vocab
        self.groups = vocab.phrases
        self.index = {
            match_key(m, vocab.language): (g, k)
            for g, group in enumerate(vocab.phrases)
            for k, m in enumerate(group)
        }
        members = [re.escape(fold(m, vocab.language)) for group in vocab.phrases for m in group]
        self.regex = pattern(members, vocab.spaced)

    def _matches(self, text: str) -> list[tuple[int, int, int, int]]:
        """(start, end, group, member) of every phrase in ``text``, longest first at each place."""
        folded = fold(text, self.vocab.language)
        if len(folded) != len(text) or not self.groups:
            return []
        key = self.vocab.language
        return [
            (m.start(), m.end(), *self.index[match_key(m.group(0), key)]) for m in self.regex.finditer(folded)
        ]

    def rephrase(self, text: str, turn: int, stride: int = 0) -> str:
        """``text`` with every phrase it has replaced by the ``turn``-th other phrasing of its group (the
        j-th phrase of the text by the ``turn + j * stride``-th: other combinations)."""
        out, at = [], 0
        for j, (start, end, g, k) in enumerate(self._matches(text)):
            group = self.groups[g]
            pick = (k + turn + j * stride) % len(group)
            pick = (k + 1) % len(group) if pick == k else pick
            word = group[pick]
            out += [text[at:start], _cased(word, text[start:end], self.vocab)]
            at = end
        return "".join([*out, text[at:]])

    def canonical(self, text: str) -> str:
        """Every phrase as its group's first phrasing (for reading a table back)."""
        out, at = [], 0
        for start, end, g, _ in self._matches(text):
            out += [text[at:start], _cased(self.groups[g][0], text[start:end], self.vocab)]
            at = end
        return "".join([*out, text[at:]])

    def used(self, text: str) -> list[list[str]]:
        """The groups of phrasings ``text`` uses, in the vocabulary's order."""
        return [self.groups[g] for g in sorted({g for _, _, g, _ in self._matches(text)})]

    def alternatives(self, text: str) -> list[str]:
        """Every phrasing of the groups ``text`` uses (words a rewording of it may say)."""
        return [m for group in self.used(text) for m in group]

    def excused(self, source: str, candidate: str) -> set[str]:
        """Words of ``source``'s phrases that ``candidate`` says in another phrasing of the same group."""
        said = {g: k for _, _, g, k in self._matches(candidate)}
        out: set[str] = set()
        for _, _, g, k in self._matches(source):
            if g in said and said[g] != k:
                out |= set(self.vocab.words(self.groups[g][k]))
        return out


def _cased(word: str, original: str, vocab: TagVocabulary) -> str:
    """A replacement with the original's capital first letter."""
    if original[:1].isupper() and vocab.spaced:
        first = word[:1].replace("i", "İ") if vocab.language == "tr" else word[:1]
        return first.upper() + word[1:]
    return word


@cache
def rephraser(language: str) -> Rephraser:
    return Rephraser(load_tag_vocabulary(language))


@cache
def reader(
    language: str, dominant_hand: Literal["right", "left"], rendered_from: str | None = None
) -> StatementReader:
    return StatementReader(language, dominant_hand, rendered_from)


def entry_reading(
    text: str,
    forms: Sequence[str | None],
    sign_language: str,
    texts: str,
    dominant_hand: Literal["right", "left"],
) -> tuple[list[Statement], StatementReader] | None:
    """An entry's statements (its printed text, headword line and all) and the reader for the texts made
    from it: English renderings (``texts == "en"``) or the entry's own words; None when no tag vocabulary
    covers the entry's language."""
    written = written_language(sign_language)
    if written is None:
        return None
    own = reader(written, dominant_hand)
    body = clean(text, forms, own.vocab.spaced)
    statements = unique_statements(
        s for g in own.splitter.groups(own.splitter.sentences(body)) for s in own.group(g)
    )
    if texts == "en" and written != "en":
        return statements, reader("en", dominant_hand, written)
    return statements, own
