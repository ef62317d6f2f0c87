"""A free-text dictionary entry's body as sentences and groups: who each clause is about, which parts it tags.

:func:`clean` takes the headword line (the headword, its alternative forms and the translation printed
beside it in ``〔…〕``, ``[…]``, ``（…）``) off the entry, whether set on a line of its own or run into the
body, so that the translation stays in the entry's lookup forms and never reaches a description.
:class:`Splitter` splits the body into sentences (meaning statements and notes dropped) and groups: a
clause opening with a hand (右手, sol el, the dominant hand — after connectives such as 然后 / sonra /
then) starts a group, the clauses after it continue that hand's group, a clause opening with the face or
mouth (表情严肃, kaşlar, the eyebrows are raised) is a group of its own, tagged ``face`` / ``mouth``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from gspgen.describe.facts import sides
from gspgen.describe.tagvocab import TagVocabulary, fold, load_tag_vocabulary, pattern
from gspgen.records import PartTag

_LEADING = 3  # openers that may come before the hand a clause opens with ("Then the right hand")
_BRACKETS = re.compile(r"\s*[\[【〔(（][^\[\]【】〔〕()（）]{1,80}[\]】〕)）]\s*[:：,，]?\s*")
_HEAD_SEPARATORS = re.compile(r"^[\s,，、:：;；/]+")
_LEADING_HEAD = re.compile(
    r"^([^。.!?！？；;\[【〔(（]{1,60}?)(?:\s*[\[【〔(（][^\[\]【】〔〕()（）]{1,80}[\]】〕)）])+\s*[:：,，]?\s*"
)
_SENTENCE = re.compile(r"[。.!?！？；;，,]")
NONMANUAL = ("nonmanual",)


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
    clauses: tuple[str, ...] = ()  # its clauses as printed

    def hand(self, dominant_hand: Literal["right", "left"]) -> str:
        """Whose clauses these are: dominant, nondominant, both or nonmanual (no hand yet: dominant)."""
        if self.subject == NONMANUAL:
            return "nonmanual"
        mine, other = sides(dominant_hand)
        if mine in self.subject and other in self.subject:
            return "both"
        return "nondominant" if self.subject == (other,) else "dominant"


class Splitter:
    """A tag vocabulary compiled once: description -> fact sentences with part tags."""

    def __init__(self, vocab: TagVocabulary, dominant_hand: Literal["right", "left"]) -> None:
        self.vocab = vocab
        self.dominant_hand = dominant_hand
        mine, other = sides(dominant_hand)
        by_cue: dict[str, tuple[PartTag, ...]] = {"right": (mine,), "left": (other,)}
        by_cue |= {"dominant": (mine,), "nondominant": (other,)}
        by_cue["both"] = (mine, other)
        self.order: tuple[PartTag, ...] = (mine, other, "face", "mouth", "body")  # as the coded path tags
        self.hands = [(pattern(terms, vocab.spaced), by_cue[kind]) for kind, terms in vocab.hands.items()]
        self.hand_place = (
            re.compile(r"\s*(?:" + "|".join(vocab.hand_places) + ")") if vocab.hand_places else None
        )
        self.places = [(pattern(terms, vocab.spaced), tag) for tag, terms in vocab.places.items()]
        self.nonmanual = [(pattern(terms, vocab.spaced), tag) for tag, terms in vocab.nonmanual.items()]
        self.drop = [re.compile(d, re.IGNORECASE) for d in vocab.drop]
        self.lead = pattern(vocab.openers, vocab.spaced)

    def sentences(self, description: str) -> list[str]:
        """The description's sentences, those about meaning or other entries dropped."""
        parts = [s.strip() for s in re.split(self.vocab.sentence_breaks, description) if s.strip()]
        return [s for s in parts if not any(d.search(fold(s, self.vocab.language)) for d in self.drop)]

    def clauses(self, sentence: str) -> list[str]:
        return [c for c in re.split(self.vocab.clause_breaks, sentence) if c.strip()]

    def groups(self, sentences: Sequence[str], start: tuple[PartTag, ...] = ()) -> list[FactSentence]:
        """One fact sentence per group, in reading order; its tags may be empty. ``start``: the hand a text
        that names none is about (a part text of the non-dominant hand)."""
        current: tuple[PartTag, ...] = start
        out: list[FactSentence] = []
        for sentence in sentences:
            groups: list[_Group] = []
            for clause in self.clauses(sentence):
                subject, mentioned = self.hands_of(clause)
                face = self._nonmanual(clause) if not subject else set()
                if face:
                    key: tuple[str, ...] = NONMANUAL
                    tags = face
                else:
                    current = subject or current
                    key, tags = current, {*current, *mentioned, *self._places(clause)}
                if groups and groups[-1].key == key:
                    groups[-1].clauses.append(clause)
                    groups[-1].tags |= tags
                else:
                    groups.append(_Group(key, [clause], set(tags)))
            out += [
                FactSentence(
                    self._sentence(g.clauses),
                    tuple(t for t in self.order if t in g.tags),
                    g.key,
                    tuple(c.strip() for c in g.clauses),
                )
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

    def hands_of(self, clause: str) -> tuple[tuple[PartTag, ...], set[PartTag]]:
        """(the hands a clause opens with, the other hands it names — as a place). A hand word is a place,
        never the subject, when a place on the hand follows it (左手掌心, sol elin avucuna)."""
        text = clause.strip()
        start = self._opening(text)
        found = sorted(
            ((m.start(), m.end(), tags) for regex, tags in self.hands for m in regex.finditer(text)),
            key=lambda f: (f[0], f[0] - f[1]),
        )
        subject: tuple[PartTag, ...] = ()
        mentioned: set[PartTag] = set()
        end = -1
        for begin, finish, tags in found:
            if begin < end:  # inside a longer hand word (一手 in 另一手)
                continue
            end = finish
            place = self.hand_place is not None and self.hand_place.match(text, finish) is not None
            if begin == start and not subject and not place:
                subject = tags
            else:
                mentioned |= set(tags)
        return subject, mentioned - set(subject)

    def subject(self, clause: str) -> str:
        """The words a clause opens with up to and including its subject hand ("然后左手", "Sağ elin"), or ""."""
        text = clause.strip()
        start = self._opening(text)
        for regex, _ in self.hands:
            m = regex.match(text, start)
            if m and not (self.hand_place and self.hand_place.match(text, m.end())):
                return text[: m.end()]
        return ""

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


def capital(text: str, vocab: TagVocabulary) -> str:
    first = text[:1].replace("i", "İ") if vocab.language == "tr" else text[:1]
    return first.upper() + text[1:]


def clean(hit_text: str, forms: Sequence[str | None], spaced: bool) -> str:
    """The entry's body: the headword line (headword, alternative forms, bracketed translations) dropped,
    whether on a line of its own or run into the body; line breaks joined (Chinese without spaces)."""
    names = [f for f in forms if f]
    lines = hit_text.strip().splitlines()
    if len(lines) > 1 and names and any(n in lines[0] for n in names):
        rest = _without_head(lines[0], names)
        body = rest and rest != lines[0].strip() and _SENTENCE.search(rest)  # a run-in body
        lines = ([rest] if body else []) + lines[1:]
    elif lines:
        lines[0] = _without_head(lines[0], names)
    text = (" " if spaced else "").join(line.strip() for line in lines if line.strip())
    text = re.sub(r"\s+", " ", text).strip()
    for name in names:  # a translation printed again in brackets inside the body (〔future〕)
        text = re.sub(rf"\s*[\[【〔(（]\s*{re.escape(name)}\s*[\]】〕)）]", "", text)
    return text.strip()


def _without_head(line: str, names: Sequence[str]) -> str:
    """A line with the headword, its forms and bracket groups taken off its start (a run-in head)."""
    text = line.strip()
    head = _LEADING_HEAD.match(text)  # ağabey, abi [older brother] ...: forms, then the translation
    if head and any(n in head.group(1) for n in names):
        return text[head.end() :]
    left = sorted(set(names), key=len, reverse=True)  # each form once: 双手 〔hands〕 双手平伸 keeps its body
    changed = True
    while changed and text:
        changed = False
        for name in left:
            if text.startswith(name):
                text, changed = _HEAD_SEPARATORS.sub("", text[len(name) :]), True
                left.remove(name)
                break
        if m := _BRACKETS.match(text):
            text, changed = text[m.end() :], True
    return text


@cache
def splitter(language: str, dominant_hand: Literal["right", "left"]) -> Splitter:
    return Splitter(load_tag_vocabulary(language), dominant_hand)
