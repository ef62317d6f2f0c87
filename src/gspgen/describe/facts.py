"""Facts from the lexicon: a coded entry rendered by code into a global text and tagged part texts.

The LLM never decides *what* a sign is when a structured lexicon codes it: this module states the coded
columns (dominant handshape, selected fingers, flexion, spread, thumb, flexion/spread change, wrist
twist, movement, repetition; sign type, non-dominant handshape, contact; location) and nothing else — no
palm orientation, no facial expression, since no column codes them. Each fact is a :class:`Clause` with
several phrasings built from the phrase bank (``wordings.toml``: several wordings of every handshape,
finger, place, movement and contact value, each read back by the checker), so deterministic variants of
every text differ in words, not only in order. Part tags follow a rule from the coded location and sign
type, mapped to sides by the ``dominant_hand`` setting.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from gspgen.check import TableLexicon
from gspgen.lexicon import (
    HANDSHAPES,
    PHRASINGS,
    ColumnMap,
    LexiconEntry,
    Morpheme,
    Wordings,
    finger_details,
    handshape_code,
    load_lexicon,
    place_to,
    two_hands_meet,
    wordings,
)
from gspgen.records import PartTag

Role = Literal["dominant", "nondominant", "movement", "location"]
# Coded columns the corpus stage does not read (ASL-LEX 2.0 stems); read here from the same row.
EXTRA_STEMS = {
    "flexion_change": "FlexionChange",
    "spread_change": "SpreadChange",
    "wrist_twist": "UlnarRotation",
}
_MOUTH = {"Mouth", "UpperLip"}
_FACE = {"Forehead", "Eye", "CheekNose", "HeadTop", "HeadAway", "Chin", "UnderChin"}


class _HasClauses(Protocol):
    @property
    def clauses(self) -> tuple[Clause, ...]: ...

    @property
    def parts(self) -> tuple[Any, ...]: ...  # each with .clauses


F = TypeVar("F", bound=_HasClauses)

# (phrasing, rotation) of the n-th variant: every other wording comes before a mere reordering.
_VARIANTS = ((1, 1), (2, 2), (3, 3), (4, 1), (1, 2), (2, 3), (3, 0), (4, 2), (1, 3), (2, 0), (3, 1), (4, 3))


@dataclass(frozen=True)
class Clause:
    """One fact of a sign as whole sentences; ``phrasings[0]`` is the canonical wording."""

    role: Role
    phrasings: tuple[str, ...]

    def say(self, variant: int) -> str:
        """Phrasing 0 is the canonical one; any other ``variant`` cycles through the other phrasings."""
        return Wordings.pick(self.phrasings, variant)


@dataclass(frozen=True)
class FactPart:
    """A part text: clauses about one body part group and its tags by rule."""

    clauses: tuple[Clause, ...]
    tags: tuple[PartTag, ...]

    def text(self, variant: int = 0) -> str:
        """0: the canonical wording; n ≥ 1: every clause in its n-th other phrasing, the clauses in
        reverse order every other round of phrasings."""
        order = list(self.clauses)
        if variant and (variant - 1) // (PHRASINGS - 1) % 2:
            order.reverse()
        return " ".join(c.say(variant) for c in order)


@dataclass(frozen=True)
class SignFacts:
    """What the lexicon codes about one sign, as clauses, part texts and provenance."""

    entry: LexiconEntry
    clauses: tuple[Clause, ...]
    parts: tuple[FactPart, ...]

    @property
    def text(self) -> str:
        """The global text: every clause in its canonical wording and order."""
        return " ".join(c.say(0) for c in self.clauses)

    def variant(self, n: int) -> str:
        """The n-th deterministic variant (n ≥ 1): other phrasings, clauses rotated."""
        phrasing, shift = _VARIANTS[(n - 1) % len(_VARIANTS)]
        shift %= len(self.clauses)
        order = self.clauses[shift:] + self.clauses[:shift]
        return " ".join(c.say(phrasing) for c in order)

    def with_wordings(self, extra: dict[int, list[str]]) -> SignFacts:
        return with_wordings(self, extra)

    def handshapes(self) -> list[str]:
        """Handshape codes the sign uses (for inlining what a paraphrase names)."""
        m = self.entry.phonology
        codes = [m.handshape, m.nondominant_handshape]
        return [handshape_code(c) for c in codes if c and handshape_code(c) in HANDSHAPES]


def with_wordings(facts: F, extra: dict[int, list[str]]) -> F:
    """The same facts (coded or from an entry) with ``extra[i]`` (gated LLM rewordings of clause i)
    right after the clause's canonical wording, so that the variants of the global and part texts use
    them first."""
    new = {
        id(c): replace(c, phrasings=(c.phrasings[0], *extra.get(i, []), *c.phrasings[1:]))
        for i, c in enumerate(facts.clauses)
    }
    parts = tuple(replace(p, clauses=tuple(new[id(c)] for c in p.clauses)) for p in facts.parts)
    return replace(facts, clauses=tuple(new[id(c)] for c in facts.clauses), parts=parts)  # type: ignore[type-var]


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _phrasings(make: Callable[[int], str]) -> tuple[str, ...]:
    """``make(k)`` for k = 0 .. PHRASINGS - 1, as sentences, without repeats."""
    return tuple(dict.fromkeys(_sentence(make(k)) for k in range(PHRASINGS)))


def _dominant(m: Morpheme, extras: dict[str, bool], one_handed: bool) -> Clause | None:
    if not m.handshape:
        return None
    w, pick = wordings(), Wordings.pick
    shapes = w.shapes(handshape_code(m.handshape))

    def say(k: int) -> str:
        details = ", ".join(finger_details(m, k, extras))
        frame = pick(w["frames"]["dominant" if details else "dominant_plain"], k)
        subject = pick(w["subjects"]["dominant"], k)
        text = frame.format(
            Subject=_sentence(subject)[:-1], subject=subject, shape=pick(shapes, k), details=details
        )
        return (pick(w["one_handed"]["sentences"], k) + " " if one_handed else "") + text

    return Clause("dominant", _phrasings(say))


_SAME = {"SymmetricalOrAlternating", "AsymmetricalSameHandshape"}
_BASE = {"AsymmetricalDifferentHandshape", "DominanceViolation", "SymmetryViolation"}
_SYMMETRIC = (
    "The non-dominant hand takes {shape} too and moves symmetrically with the dominant hand.",
    "{Both} move in mirror image, each shaped as {shape}.",
    "Shape the other hand the same way, as {shape}, and move it symmetrically.",
    "{Both} take {shape} and move in unison.",
    "The weak hand mirrors the strong hand and is shaped as {shape} as well.",
)
_STILL_SAME = (
    "The non-dominant hand is a still base hand in {shape} as well.",
    "Also shaped as {shape}, a still base hand supports the dominant hand.",
    "Hold the other hand still as a base, shaped the same way, as {shape}.",
    "The passive hand stays still as the base, with the same shape: {shape}.",
    "The other hand stays still as a base hand, also in {shape}.",
)
_STILL = (
    "The non-dominant hand is a still base hand in {shape}.",
    "A still base hand takes {shape}.",
    "Hold the other hand still as a base, shaped as {shape}.",
    "The passive hand stays still as the base and forms {shape}.",
    "The other hand stays still as a base hand in {shape}.",
)
_BOTH_MOVE = (
    "The non-dominant hand moves as well, in {shape}.",
    "The other hand also moves, shaped as {shape}.",
    "The second hand moves too and takes {shape}.",
    "The non-dominant hand takes {shape} and moves as well.",
    "The passive hand is not still: it moves too, in {shape}.",
)
_ANY_MOVE = (
    "The non-dominant hand moves as well, with a handshape of its own.",
    "The other hand also moves, shaped differently.",
    "The second hand moves too, in another handshape.",
)
_ANY_BASE = (
    "The sign uses both hands; the non-dominant hand is a base hand.",
    "Both hands take part: the non-dominant one serves as a base.",
    "The other hand serves as a base hand.",
)


def _nondominant(m: Morpheme) -> Clause | None:
    kind, base = m.sign_type, m.nondominant_handshape
    base_code = handshape_code(base) if base and not base.endswith("Violation") else None
    w, pick = wordings(), Wordings.pick
    own = w.shapes(handshape_code(m.handshape)) if m.handshape else None
    if kind in _SAME and own is None:
        return Clause("nondominant", (
            "The non-dominant hand takes the same handshape as the dominant hand.",
            "Both hands have the same handshape.",
        ))  # fmt: skip
    if kind in _SAME and own is not None:
        frames = _SYMMETRIC if kind == "SymmetricalOrAlternating" else _STILL_SAME
        both = w["subjects"]["both"]
        return Clause("nondominant", _phrasings(
            lambda k: frames[k].format(shape=pick(own, k), Both=_sentence(pick(both, k))[:-1])
        ))  # fmt: skip
    if kind in _BASE:  # a still base hand, or (a symmetry violation) a second moving hand of another shape
        moving = kind == "SymmetryViolation"
        if base_code is None:
            return Clause("nondominant", _ANY_MOVE if moving else _ANY_BASE)
        shapes, frames = w.shapes(base_code), _BOTH_MOVE if moving else _STILL
        return Clause("nondominant", _phrasings(lambda k: frames[k].format(shape=pick(shapes, k))))
    return None


def _moves(m: Morpheme, symmetric: bool, k: int) -> str:
    """The movement (and repetition) as a verb phrase of one hand or both, in wording ``k``."""
    w, pick = wordings(), Wordings.pick
    said = w.verb(pick(w["movement"][m.movement or ""], k), symmetric)
    if m.repeated_movement is not None:
        said += ", " + pick(w["repetition"]["true" if m.repeated_movement else "false"], k)
    return said


def _movement(m: Morpheme, symmetric: bool) -> Clause | None:
    w, pick = wordings(), Wordings.pick
    if m.movement not in w["movement"]:
        if m.repeated_movement is None:
            return None
        return Clause(
            "movement", tuple(w["repetition"]["true_sentence" if m.repeated_movement else "false_sentence"])
        )
    subjects = w["subjects"]["both" if symmetric else "moving"]
    return Clause("movement", _phrasings(lambda k: f"{pick(subjects, k)} {_moves(m, symmetric, k)}"))


def _location(m: Morpheme, symmetric: bool) -> Clause | None:
    w, pick = wordings(), Wordings.pick
    where = w.place(m.minor_location, m.major_location)
    if where is None:
        return _contact_only(m)
    second = w.place(m.second_minor_location, m.major_location) if m.second_minor_location else None
    second = second if second and second[0] != where[0] else None
    hands = two_hands_meet(m)
    contact = w["contact"]

    def say(k: int) -> str:
        subject_frame = k % 2 == 0
        frame = pick(w["frames"]["place_subject" if subject_frame else "place_tail"], k // 2)
        style = "hands" if hands else "verb" if subject_frame else "tail"
        touch = "" if m.contact is None else pick(contact[f"{'true' if m.contact else 'false'}_{style}"], k)
        then = ""
        if second is not None:
            place = pick(second, k)
            then = pick(w["frames"]["then"], k).format(to=place_to(place), at=place)
        subject = pick(w["subjects"]["dominant"], k)
        return frame.format(
            Subject=_sentence(subject)[:-1], subject=subject, where=pick(where, k), touch=touch, then=then
        )

    return Clause("location", _phrasings(say))


def _contact_only(m: Morpheme) -> Clause | None:
    """Contact coded without a place: said on its own."""
    if m.contact is None:
        return None
    if m.contact:
        return Clause(
            "location",
            ("The dominant hand makes contact during the sign.", "Contact is made during the sign."),
        )
    return Clause("location", ("The sign is made without contact.", "Nothing is touched during the sign."))


def location_tag(m: Morpheme, other: PartTag) -> PartTag | None:
    """The non-hand part a coded location involves: mouth, face, body, or the other hand."""
    minor, major = m.minor_location, m.major_location
    if minor in _MOUTH:
        return "mouth"
    if minor in _FACE or major == "Head":
        return "face"
    if major in {"Body", "Arm"}:
        return "body"
    if major == "Hand":
        return other
    return None


def sides(dominant_hand: Literal["right", "left"]) -> tuple[PartTag, PartTag]:
    """(dominant side, other side): a left-handed signer flips them."""
    return ("right_hand", "left_hand") if dominant_hand == "right" else ("left_hand", "right_hand")


def sign_facts(
    entry: LexiconEntry, extras: Sequence[dict[str, bool]], dominant_hand: Literal["right", "left"]
) -> SignFacts | None:
    """The entry's coded facts, or None when it codes no handshape, movement or location."""
    m = entry.phonology
    first = extras[0] if extras else {}
    one_handed = m.sign_type == "OneHanded"
    symmetric = m.sign_type == "SymmetricalOrAlternating"
    mine, other = sides(dominant_hand)
    hand, base = _dominant(m, first, one_handed), _nondominant(m)
    move, place = _movement(m, symmetric), _location(m, symmetric)
    later = [_later(x) for x in entry.morphemes[1:]]
    clauses = tuple(c for c in (hand, base, move, place, *later) if c is not None)
    if not clauses:
        return None
    parts: list[FactPart] = []
    if hand or move:
        own = (mine, other) if symmetric else (mine,)
        parts.append(FactPart(tuple(c for c in (hand, move) if c), own))
    if base:
        parts.append(FactPart((base,), (other,)))
    if place:
        tag = location_tag(m, other)
        parts.append(FactPart((place,), tuple(dict.fromkeys([mine, *([tag] if tag else [])]))))
    return SignFacts(entry, clauses, tuple(parts))


_LATER = ("Then {subject} {bits}.", "After that, {subject} {bits}.", "Next, {subject} {bits}.")


def _later(m: Morpheme) -> Clause | None:
    """A later morpheme (compounds) as one 'then' sentence: its handshape, movement and place."""
    w, pick = wordings(), Wordings.pick
    where = w.place(m.minor_location, m.major_location)
    if not m.handshape and m.movement not in w["movement"] and where is None:
        return None

    def say(k: int) -> str:
        bits = []
        if m.handshape:
            bits.append(f"changes to {pick(w.shapes(handshape_code(m.handshape)), k)}")
        if m.movement in w["movement"]:
            bits.append(w.verb(pick(w["movement"][m.movement], k), plural=False))
        if where is not None:
            bits.append(("is held " if bits else "") + pick(where, k))
        subject = pick(w["subjects"]["dominant"], k)
        return pick(_LATER, k).format(subject=subject, bits=", ".join(bits))

    return Clause("movement", _phrasings(say))


class FactSource:
    """A coded lexicon table: gloss → :class:`SignFacts` (its language must be the vocabulary's)."""

    def __init__(self, path: Path, columns: ColumnMap | None = None) -> None:
        self.columns = columns or ColumnMap()
        self.path = path
        entries = load_lexicon(path, self.columns)
        self.table = TableLexicon(entries, path.name)
        self.language = self.columns.language
        self.extras = _extras(path, self.columns, entries)

    def facts(self, glosses: Sequence[str], dominant_hand: Literal["right", "left"]) -> SignFacts | None:
        entry = self.table.entry(glosses)
        if entry is None:
            return None
        return sign_facts(entry, self.extras.get(entry.row, []), dominant_hand)


def _extras(path: Path, columns: ColumnMap, entries: list[LexiconEntry]) -> dict[int, list[dict[str, bool]]]:
    """Per data row, per morpheme: the boolean columns of :data:`EXTRA_STEMS` that are coded."""
    mapped = columns.model_copy(update={"stems": {**EXTRA_STEMS, **columns.stems}})
    delimiter = "\t" if path.suffix.lower() in {".tsv", ".tab"} else ","
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=delimiter))
    out: dict[int, list[dict[str, bool]]] = {}
    for entry in entries:
        row = rows[entry.row - 1]
        out[entry.row] = [
            {f: row.get(mapped.column(f, k), "").strip() == "1" for f in EXTRA_STEMS}
            for k in range(1, len(entry.morphemes) + 1)
        ]
    return out
