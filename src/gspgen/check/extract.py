"""Deterministic claim extraction: which coded values a description states, with the text span.

Every term of the vocabulary is searched; a location term counts only after a spatial preposition or
contact verb; overlapping matches keep the longest (then the earlier attribute); a negation before a
term in its clause flips a yes/no claim ("without touching", "no need to repeat it") and drops any
other, and a hedge just before one flips it too ("nearly touches" = no contact); hand cues route
handshape claims to the non-dominant hand and turn the dominant-only attributes said of it into a
claim that a second hand takes part; a value's ``implies`` adds implied claims (chin -> head), which may
agree but never contradict. Terms of the vocabulary's ``uncoded`` properties (palm orientation, facial
expression, counts) are claims of their own: the checker calls them unsupported unless the source
states them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from gspgen.check.vocabulary import AttributeVocab, Vocabulary

Hand = Literal["dominant", "nondominant", "both", "nonmanual"]
_TOKEN = re.compile(r"[\w']+")
_OF = re.compile(r"\bof\b", re.IGNORECASE)
STATED = "stated"  # the value of a claim on an uncoded property: it is said, whatever it says
_SUBJECT_RANGE = 2  # a hand cue this many words before a term modifies it ("non-dominant B hand")
_TRAIL_RANGE = 4  # "B handshape on the non-dominant hand": a cue this many words after, for handshapes


class Claim(BaseModel):
    """One stated value and where it is said."""

    model_config = ConfigDict(extra="forbid")

    attribute: str
    value: str
    text: str  # the matched words
    start: int
    end: int
    implied: bool = False  # entailed by another claim (chin -> head): counts if right, never contradicts
    hand: Hand | None = None  # whose claim it is (None in reports written before it was recorded)


@dataclass(frozen=True)
class _Pattern:
    """One attribute's terms: an alternation finds where a term starts, the branches say which is longest."""

    attribute: str
    priority: int
    regex: re.Pattern[str]
    branches: list[tuple[re.Pattern[str], str, str]]  # (term, value or "" = look up the name, context)
    names: dict[str, str]  # normalised name -> value


@dataclass(frozen=True)
class _Match:
    attribute: str
    value: str
    context: str
    priority: int
    start: int
    end: int


def _fragment(term: str) -> str:
    """A vocabulary term as a regex: spaces match runs of spaces, hyphens or underscores."""
    return re.sub(r"(?:\\ | )+", r"[\\s_-]+", term)


def _bounded(fragment: str, words: bool = True) -> str:
    """A term standing alone; ``words=False`` (Chinese: no spaces between words) lets it touch letters."""
    return rf"(?<![\w-])(?:{fragment})(?![\w-])" if words else f"(?:{fragment})"


def _name(name: str, quoted: bool) -> str:
    """Single letters match upper-case only ("B hand", not "a handshape") unless quoted."""
    if len(name) == 1 and name.isalpha() and not quoted:
        return f"(?-i:{name.upper()})"
    return _fragment(re.escape(name))


def _normal(name: str) -> str:
    return re.sub(r"[\s_-]+", " ", name.strip().lower())


def _template(template: str, strict: str, loose: str, group: str) -> str:
    """A name template (a regex fragment with one ``{name}``) around the alternation of all names."""
    quoted = template[:1] in "'\"\u2018\u201c"
    before, _, after = template.partition("{name}")
    return f"{before}(?P<{group}>{loose if quoted else strict}){after}"


def _conflict(new: _Match, old: _Match) -> bool:
    if new.end <= old.start or new.start >= old.end:
        return False
    nested = old.start <= new.start and new.end <= old.end
    return nested or new.attribute == old.attribute


def _starts(regex: re.Pattern[str], text: str) -> list[int]:
    """Every position where some term matches (not only non-overlapping ones)."""
    found = []
    position = 0
    while (m := regex.search(text, position)) is not None:
        found.append(m.start())
        position = m.start() + 1
    return found


def _name_in(match: re.Match[str], text: str) -> str:
    """The handshape name inside a template match (quotes and template words stripped)."""
    names = [v for k, v in match.groupdict().items() if k.startswith("name") and v is not None]
    return names[0] if names else text[match.start() : match.end()]


def _cue_regex(cues: list[str], words: bool = True) -> re.Pattern[str]:
    ordered = sorted(cues, key=len, reverse=True)
    return re.compile(_bounded("|".join(_fragment(c) for c in ordered), words), re.IGNORECASE)


class Extractor:
    """A vocabulary compiled once; :meth:`claims` runs it over one text."""

    def __init__(self, vocabulary: Vocabulary, dominant_hand: Literal["right", "left"] = "right") -> None:
        self.vocabulary = vocabulary
        words = vocabulary.word_boundaries
        self.patterns = list(self._compile(vocabulary))
        self.location_cues = _cue_regex(vocabulary.location_cues, words)
        self.orientation_cues = _cue_regex(vocabulary.orientation_cues, words)
        self.negations = _cue_regex(vocabulary.negations, words)
        self.not_negations = _cue_regex(vocabulary.not_negations, words) if vocabulary.not_negations else None
        self.hedges = _cue_regex(vocabulary.hedges, words) if vocabulary.hedges else None
        scope = vocabulary.negation_scope
        self.negation_scope = re.compile(scope, re.IGNORECASE) if scope else None
        self.uncoded = list(self._compile_uncoded(vocabulary))
        self.clause_breaks = re.compile(vocabulary.clause_breaks, re.IGNORECASE)
        self.masks = _cue_regex(vocabulary.masks, words) if vocabulary.masks else None
        self.same_as = [(rule, _cue_regex(rule.terms, words)) for rule in vocabulary.same_as]
        self.nonmanual = (
            _cue_regex(vocabulary.nonmanual_subjects, words) if vocabulary.nonmanual_subjects else None
        )
        cues = vocabulary.hand_cues
        sides = {"right": "dominant", "left": "nondominant"}
        if dominant_hand == "left":
            sides = {"right": "nondominant", "left": "dominant"}
        hand_cues: list[tuple[str, Hand]] = []
        for kind in ("nondominant", "dominant", "both", "left", "right"):
            hand: Hand = sides.get(kind, kind)  # type: ignore[assignment]
            hand_cues += [(c, hand) for c in cues.get(kind, [])]  # type: ignore[call-overload]
        hand_cues.sort(key=lambda ch: len(ch[0]), reverse=True)
        self.hand_cues = _cue_regex([c for c, _ in hand_cues], words)
        self._hand_lookup = [
            (re.compile(_bounded(_fragment(c), words), re.IGNORECASE), h) for c, h in hand_cues
        ]

    @staticmethod
    def _compile(vocabulary: Vocabulary) -> list[_Pattern]:
        """One regex per attribute: a single scan of the text instead of one per term.

        Names are one alternation inside each template, so 80 handshapes x 14 templates stay 14 branches;
        the value of a name match is looked up from the matched name.
        """
        patterns = []
        for priority, (attribute, spec) in enumerate(vocabulary.attributes.items()):
            branches: list[tuple[str, str, str]] = []  # (fragment, value or "" for a name, context)
            names: dict[str, str] = {}
            for value, terms in spec.values.items():
                branches += [(_fragment(t), value, spec.context) for t in terms.terms]
                branches += [(_fragment(t), value, "any") for t in terms.free_terms]
                names |= {_normal(n): value for n in terms.names if _normal(n) not in names}
            if names:
                ordered = sorted(names, key=len, reverse=True)
                strict = "|".join(_name(n, quoted=False) for n in ordered)
                loose = "|".join(_name(n, quoted=True) for n in ordered)
                templates = enumerate(vocabulary.name_templates)
                branches += [(_template(t, strict, loose, f"name{k}"), "", "any") for k, t in templates]
                bare = "|".join(
                    _name(n, quoted=True) for n in ordered if " " in n
                )  # "open B" needs no template
                branches += [(f"(?P<name_bare>{bare})", "", "any")] if bare else []
            if not branches:
                continue
            words = vocabulary.word_boundaries
            compiled = [
                (re.compile(_bounded(_fragment(f), words), re.IGNORECASE), v, c) for f, v, c in branches
            ]
            alternation = "|".join(f"(?:{_fragment(f)})" for f, _, _ in branches)
            regex = re.compile(_bounded(alternation, words), re.IGNORECASE)
            patterns.append(_Pattern(attribute, priority, regex, compiled, names))
        return patterns

    @staticmethod
    def _compile_uncoded(vocabulary: Vocabulary) -> list[_Pattern]:
        """One pattern per uncoded property, after the attributes in priority."""
        first = len(vocabulary.attributes)
        patterns = []
        for k, (prop, spec) in enumerate(vocabulary.uncoded.items()):
            if not spec.terms:
                continue
            words = vocabulary.word_boundaries
            compiled = [
                (re.compile(_bounded(_fragment(t), words), re.IGNORECASE), STATED, "any") for t in spec.terms
            ]
            regex = re.compile(
                _bounded("|".join(f"(?:{_fragment(t)})" for t in spec.terms), words), re.IGNORECASE
            )
            patterns.append(_Pattern(prop, first + k, regex, compiled, {}))
        return patterns

    def claims(self, text: str, default_hand: Hand = "dominant") -> list[Claim]:
        """All claims in ``text``, direct then implied, in reading order."""
        breaks = [0] + [m.end() for m in self.clause_breaks.finditer(text)]
        raw = [m for m in self._matches(text, unmasked=True) if self._in_context(text, m, breaks)]
        glosses = self._glosses(text, raw)
        raw = [m for m in raw if not any(start <= m.start < end for start, end in glosses)]
        masked = self._mask(text, glosses + [(m.start, m.end) for m in raw])
        breaks = [0] + [m.end() for m in self.clause_breaks.finditer(masked)]
        stops = [m.start() for m in self.clause_breaks.finditer(masked)] + [len(masked)]
        rest = [m for m in self._matches(masked, unmasked=False) if self._in_context(masked, m, breaks)]
        said = self._resolve(raw + rest)
        uncoded = self._uncoded(text, said, glosses)
        terms = [(m.start, m.end) for m in said + uncoded]
        direct: list[Claim] = []
        for match in said + uncoded:
            direct += self._attributed(masked, match, breaks, stops, default_hand, text, terms)
        direct += self._copies(masked, direct)
        implied = [c for claim in direct for c in self._implied(claim)]
        return sorted(direct, key=lambda c: c.start) + implied

    def _uncoded(self, text: str, said: list[_Match], glosses: list[tuple[int, int]]) -> list[_Match]:
        """Uncoded-property terms on the raw text, except inside a handshape's own words or gloss ("K hand
        pointing down" names P) — they may share words with attribute terms ("twice": a count and a
        repetition)."""
        found = []
        for p in self.uncoded:
            for start in _starts(p.regex, text):
                end = max(m.end() for b, _, _ in p.branches if (m := b.match(text, start)))
                found.append(_Match(p.attribute, STATED, "any", p.priority, start, end))
        shapes = glosses + [(m.start, m.end) for m in said if m.attribute in self.vocabulary.unmasked]
        found = [m for m in found if not any(a <= m.start and m.end <= b for a, b in shapes)]
        return self._resolve(found)

    def _copies(self, text: str, direct: list[Claim]) -> list[Claim]:
        """ "Both hands alike": the nearest source claim before the phrase, stated again for the other attribute."""
        copies = []
        for rule, regex in self.same_as:
            said = sorted((c for c in direct if c.attribute == rule.source), key=lambda c: c.start)
            for phrase in regex.finditer(text):
                before = [c for c in said if c.start < phrase.start()] or said[:1]
                copies += [c.model_copy(update={"attribute": rule.attribute}) for c in before[-1:]]
        return copies

    def _glosses(self, text: str, raw: list[_Match]) -> list[tuple[int, int]]:
        """Parentheses right after a handshape name: they explain it and are not scored again."""
        spans = []
        for m in raw:
            if m.attribute in self.vocabulary.parenthetical_glosses and re.match(r"\s*\(", text[m.end :]):
                close = text.find(")", m.end)
                spans.append((m.end, close + 1 if close > 0 else len(text)))
        return spans

    def _mask(self, text: str, glosses: list[tuple[int, int]]) -> str:
        """Blank what describes a hand's own shape (masks, glosses, handshape phrases) for the other attributes."""
        spans = [(m.start(), m.end()) for m in self.masks.finditer(text)] if self.masks else []
        spans += glosses
        chars = list(text)
        for start, end in spans:
            chars[start:end] = [c if c == "\n" else " " for c in chars[start:end]]
        return "".join(chars)

    def _matches(self, text: str, unmasked: bool) -> list[_Match]:
        found = []
        for p in self.patterns:
            if (p.attribute in self.vocabulary.unmasked) != unmasked:
                continue
            for start in _starts(p.regex, text):
                candidates = [(b.match(text, start), v, c) for b, v, c in p.branches]
                m, value, context = max(((m, v, c) for m, v, c in candidates if m), key=lambda x: x[0].end())
                if not value:
                    value = p.names[_normal(_name_in(m, text))]
                found.append(_Match(p.attribute, value, context, p.priority, m.start(), m.end()))
        return found

    @staticmethod
    def _resolve(matches: list[_Match]) -> list[_Match]:
        """Longest first (then earlier attribute, then position). A term nested in a longer one is part of
        that phrase and dropped ("body" in "in front of the body"); terms that only share words both count
        ("all four fingers" / "fingers straight") unless they state the same attribute."""
        taken: list[_Match] = []
        for m in sorted(matches, key=lambda m: (m.start - m.end, m.priority, m.start)):
            if not any(_conflict(m, t) for t in taken):
                taken.append(m)
        return taken

    def _window(self, text: str, end: int, breaks: list[int], words: int) -> str:
        """Up to ``words`` words before ``end`` in the same clause."""
        clause_start = breaks[bisect.bisect_right(breaks, end) - 1]
        tokens = list(_TOKEN.finditer(text, clause_start, end))
        return text[tokens[-words].start() : end] if len(tokens) >= words else text[clause_start:end]

    def _in_context(self, text: str, match: _Match, breaks: list[int]) -> bool:
        context = match.context
        if context == "any":
            return True
        if context == "not_location":
            return not self.location_cues.search(self._window(text, match.start, breaks, 3))
        window = re.split(r"[:,]", self._window(text, match.start, breaks, self.vocabulary.location_window))[
            -1
        ]
        cues = list(self.location_cues.finditer(window))
        if not cues:
            return False
        before = _TOKEN.findall(window[: cues[-1].start()])
        return not (before and self.orientation_cues.fullmatch(before[-1]))

    def _negated(self, text: str, start: int, breaks: list[int], terms: list[tuple[int, int]]) -> bool:
        """A negation cue in the term's reach: its clause back to the last scope break (or the last
        ``negation_window`` words), where other terms' own words do not count ("no path movement,
        repeated"; "does not touch it repeatedly" negates the touch only)."""
        if self.negation_scope is None:
            window = self._window(text, start, breaks, self.vocabulary.negation_window)
            window = re.split(r"[,()]", window)[-1]  # "(no path movement), repeated" is not negated
            return bool(self.negations.search(window))
        begin = breaks[bisect.bisect_right(breaks, start) - 1]
        for cut in self.negation_scope.finditer(text, begin, start):
            begin = cut.end()
        chars = list(text[begin:start])
        for a, b in terms:
            for i in range(max(a, begin), min(b, start)):
                chars[i - begin] = " "
        window = "".join(chars)
        if self.not_negations is not None:
            window = self.not_negations.sub(lambda m: " " * len(m.group()), window)
        return bool(self.negations.search(window))

    def _hedged(self, text: str, start: int, breaks: list[int]) -> bool:
        """A hedge just before a term ("nearly touches", "almost touching", "stops short of touching")."""
        if self.hedges is None:
            return False
        return bool(self.hedges.search(self._window(text, start, breaks, self.vocabulary.hedge_window)))

    def _hand(
        self,
        text: str,
        match: _Match,
        breaks: list[int],
        stops: list[int],
        default: Hand,
        uncoded: bool = False,
    ) -> Hand:
        """Who a claim is about: an adjacent cue, else the clause's first subject cue, else the default."""
        clause_start = breaks[bisect.bisect_right(breaks, match.start) - 1]
        clause_end = stops[bisect.bisect_left(stops, match.end)]
        if self._nonmanual_clause(text, clause_start, clause_end):
            return "nonmanual"
        if uncoded:
            return default
        spec = self.vocabulary.attributes[match.attribute]
        window_start = match.start - len(self._window(text, match.start, breaks, _SUBJECT_RANGE))
        # a cue may run into the term ("the other hand is held flat": "hand is held flat" names a shape)
        window_start += text[window_start : match.start].rfind(",") + 1  # "the strong hand, shaped as X"
        near = [c for c in self.hand_cues.finditer(text, window_start, match.end) if c.start() < match.start]
        # "the non-dominant B hand" names that hand's shape; "taps the left hand repeatedly" is not about it
        if near and (spec.hands == "split" or not self._in_place_phrase(text, near[-1].start(), breaks)):
            return self._cue_hand(near[-1].group())
        if spec.hands == "split":
            tail = text[match.end : clause_end]
            tokens = list(_TOKEN.finditer(tail))[:_TRAIL_RANGE]
            after = self.hand_cues.search(tail, 0, tokens[-1].end()) if tokens else None
            if after:
                return self._cue_hand(after.group())
        for cue in self.hand_cues.finditer(text, clause_start, match.start):
            if not self._in_place_phrase(text, cue.start(), breaks):
                return self._cue_hand(cue.group())
        return default

    def _nonmanual_clause(self, text: str, start: int, end: int) -> bool:
        """A clause whose subject is the mouth, face, head or body ("The mouth forms 'book'") says nothing manual."""
        if self.nonmanual is None:
            return False
        first = _TOKEN.search(text, start, end)
        return bool(first and self.nonmanual.match(text, first.start(), end))

    def _in_place_phrase(self, text: str, start: int, breaks: list[int]) -> bool:
        """A cue like "on the non-dominant hand" or "palm of the other hand" names a place, not a subject."""
        window = self._window(text, start, breaks, 3)
        return bool(self.location_cues.search(window) or _OF.search(window))

    def _cue_hand(self, cue: str) -> Hand:
        for regex, hand in self._hand_lookup:
            if regex.fullmatch(cue):
                return hand
        return "dominant"

    def _attributed(
        self,
        text: str,
        match: _Match,
        breaks: list[int],
        stops: list[int],
        default_hand: Hand,
        original: str,
        terms: list[tuple[int, int]],
    ) -> list[Claim]:
        """The claim(s) a match makes once negation, hedges and hands are taken into account."""
        said = original[match.start : match.end]
        negated = self._negated(text, match.start, breaks, terms)
        if (
            match.attribute in self.vocabulary.uncoded
        ):  # said of the face or a hand alike; "no frown" says nothing
            hand = self._hand(text, match, breaks, stops, default_hand, uncoded=True)
            return [] if negated else [self._claim(match, match.value, said, hand)]
        spec: AttributeVocab = self.vocabulary.attributes[match.attribute]
        value = match.value
        binary = set(spec.values) == {"true", "false"}
        if negated and not binary:
            return []
        if negated or (binary and value == "true" and self._hedged(text, match.start, breaks)):
            value = "false" if value == "true" else "true"
        # a term read on the unmasked text (a handshape) looks for its hand there too: its own words are
        # blanked in ``text`` ("the other hand is held flat")
        seen = original if match.attribute in self.vocabulary.unmasked else text
        hand = self._hand(seen, match, breaks, stops, default_hand)
        claim = self._claim(match, value, said, hand)
        if hand == "nonmanual":
            return []
        if hand == "dominant" or spec.hands == "none":
            return [claim]
        second = self._second_hand(claim) if hand == "nondominant" else []
        if spec.hands == "dominant":
            return [claim] if hand == "both" else second
        other = claim.model_copy(update={"attribute": spec.nondominant_attribute})
        return [claim, other] if hand == "both" else [other, *second]

    @staticmethod
    def _claim(match: _Match, value: str, said: str, hand: Hand) -> Claim:
        return Claim(
            attribute=match.attribute, value=value, text=said, start=match.start, end=match.end, hand=hand
        )

    def _second_hand(self, claim: Claim) -> list[Claim]:
        """A claim about the other hand also says a second hand takes part (unsupported on a one-handed sign)."""
        prop = self.vocabulary.second_hand
        return [claim.model_copy(update={"attribute": prop, "value": STATED})] if prop else []

    def _implied(self, claim: Claim) -> list[Claim]:
        if claim.attribute not in self.vocabulary.attributes:  # uncoded properties entail nothing
            return []
        terms = self.vocabulary.attributes[claim.attribute].values.get(claim.value)
        if terms is None:  # routed claims (non-dominant handshape) entail nothing about the dominant hand
            return []
        return [
            claim.model_copy(update={"attribute": a, "value": v, "implied": True})
            for a, v in terms.implies.items()
        ]
