"""Facts from the lexicon: a coded entry rendered by code into a global text and tagged part texts.

The LLM never decides *what* a sign is when a structured lexicon codes it: this module states the coded
columns (dominant handshape, selected fingers, flexion, spread, thumb, flexion/spread change, wrist
twist, movement, repetition; sign type, non-dominant handshape, contact; location) and nothing else — no
palm orientation, no facial expression, since no column codes them. Each fact is a :class:`Clause` with
several phrasings (alternative handshape names from the check vocabulary among them), so deterministic
variants exist for every text. Part tags follow a rule from the coded location and sign type, mapped to
sides by the ``dominant_hand`` setting.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from gspgen.check import TableLexicon
from gspgen.corpus.lexicon import ColumnMap, LexiconEntry, Morpheme, load_lexicon
from gspgen.corpus.render import HANDSHAPES, MINOR_LOCATIONS, handshape_code
from gspgen.records import PartTag

Role = Literal["dominant", "nondominant", "movement", "location"]
# Coded columns the corpus stage does not read (ASL-LEX 2.0 stems); read here from the same row.
EXTRA_STEMS = {
    "flexion_change": "FlexionChange",
    "spread_change": "SpreadChange",
    "wrist_twist": "UlnarRotation",
}
# Alternative names for handshapes (the check vocabulary knows them all), used by fallback variants.
ALT_NAMES: dict[str, list[str]] = {
    "bent_1": ["X"], "curved_5": ["claw 5", "curved 5"], "flat_b": ["bent B", "flat B"],
    "h": ["H", "U"], "v": ["V", "2"],
    "w": ["W", "6"], "f": ["F", "9"], "g": ["G", "Q"], "i": ["I", "J"], "baby_o": ["baby O", "small O"],
    "flat_h": ["bent H", "flat H"], "flat_horns": ["bent horns", "flat horns"], "ily": ["I-love-you", "ILY"],
}  # fmt: skip
_FINGERS = {"t": "thumb", "i": "index", "m": "middle", "r": "ring", "p": "little"}
_FLEXION = {
    "FullyOpen": ("fully extended", "straight, fully extended"),
    "Curved": ("curved", "rounded, curved"),
    "Flat": ("bent flat at the base knuckles", "bent flat at the base knuckles, straight otherwise"),
    "Bent": ("bent", "bent over"),
    "FullyClosed": ("closed into the palm", "fully closed"),
    "Stacked": ("stacked", "stacked one over another"),
    "Crossed": ("crossed", "crossed over each other"),
}
_MOVEMENT = {
    "Straight": ("moves in a straight line", "travels along a straight path"),
    "Curved": ("moves in an arc", "follows a curved path"),
    "Circular": ("moves in a circle", "traces a circular path"),
    "BackAndForth": ("moves back and forth", "goes back and forth"),
    "Z-shaped": ("moves in a zigzag", "traces a zigzag"),
    "X-shaped": ("traces an X", "draws an X"),
    "None": ("stays in place with no path movement", "is held still, without a path movement"),
}
_PATHS = {
    "Straight": "in a straight line", "Curved": "in an arc", "Circular": "in a circle",
    "BackAndForth": "back and forth", "Z-shaped": "in a zigzag", "X-shaped": "so that it traces an X",
}  # fmt: skip
_MOUTH = {"Mouth", "UpperLip"}
_FACE = {"Forehead", "Eye", "CheekNose", "HeadTop", "HeadAway", "Chin", "UnderChin"}


class _HasClauses(Protocol):
    @property
    def clauses(self) -> tuple[Clause, ...]: ...

    @property
    def parts(self) -> tuple[Any, ...]: ...  # each with .clauses


F = TypeVar("F", bound=_HasClauses)

# (phrasing, rotation) of the n-th variant: every other wording comes before a mere reordering.
_VARIANTS = ((1, 1), (2, 2), (2, 1), (1, 2), (3, 3), (1, 0), (2, 0), (3, 1), (0, 1), (0, 2), (3, 2), (1, 3))


@dataclass(frozen=True)
class Clause:
    """One fact of a sign as whole sentences; ``phrasings[0]`` is the canonical wording."""

    role: Role
    phrasings: tuple[str, ...]

    def say(self, variant: int) -> str:
        return self.phrasings[variant % len(self.phrasings)]


@dataclass(frozen=True)
class FactPart:
    """A part text: clauses about one body part group and its tags by rule."""

    clauses: tuple[Clause, ...]
    tags: tuple[PartTag, ...]

    def text(self, variant: int = 0) -> str:
        """0: the canonical wording; n ≥ 1: the n-th other combination of the clauses' phrasings (those
        that change every clause first), then the same again with the clauses in reverse order."""
        if variant == 0:
            return " ".join(c.say(0) for c in self.clauses)
        combos = [p for p in itertools.product(*(range(len(c.phrasings)) for c in self.clauses)) if any(p)]
        if not combos:  # one wording only: the canonical text (the gate then finds it too close)
            return self.text(0)
        combos.sort(key=lambda p: -sum(1 for x in p if x))
        picks = combos[(variant - 1) % len(combos)]
        order = list(zip(self.clauses, picks, strict=True))
        if (variant - 1) // len(combos) % 2:
            order.reverse()
        return " ".join(c.say(p) for c, p in order)


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


def _names(code: str) -> list[str]:
    name = HANDSHAPES[code][0] if code in HANDSHAPES else code.replace("_", " ")
    return list(dict.fromkeys([name, *ALT_NAMES.get(code, [])]))


def _fingers(code: str) -> str:
    names = [_FINGERS[c] for c in code if c in _FINGERS]
    if set(code) >= set("imrp"):
        return "all four fingers"
    if len(names) == 1:
        return "the thumb" if names == ["thumb"] else f"the {names[0]} finger"
    return "the " + ", ".join(names[:-1]) + f" and {names[-1]} fingers"


def _shape_details(m: Morpheme, extras: dict[str, bool]) -> list[str]:
    """Selected fingers, flexion, spread, thumb, changes: the coded columns only."""
    details = []
    if m.selected_fingers and m.flexion in _FLEXION:
        plural = len({c for c in m.selected_fingers if c in "imrp"}) > 1
        verb = "are" if plural else "is"
        details.append(f"{_fingers(m.selected_fingers)} {verb} {_FLEXION[m.flexion][0]}")
    elif m.selected_fingers:
        plural = len({c for c in m.selected_fingers if c in "imrp"}) > 1
        details.append(f"{_fingers(m.selected_fingers)} {'are' if plural else 'is'} selected")
    if m.spread is not None:
        details.append("with space between the fingers" if m.spread else "the fingers are held together")
    if m.thumb_position:
        thumb = "open" if m.thumb_position.lower() == "open" else "closed"
        details.append(
            f"the thumb is {thumb}" + (" and in contact with the fingers" if m.thumb_contact else "")
        )
    if extras.get("flexion_change"):
        details.append("the finger bend changes during the sign")
    if extras.get("spread_change"):
        details.append("the spread of the fingers changes during the sign")
    if extras.get("wrist_twist"):
        details.append("the wrist twists")
    return details


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _dominant(m: Morpheme, extras: dict[str, bool], one_handed: bool) -> Clause | None:
    if not m.handshape:
        return None
    code = handshape_code(m.handshape)
    details = _shape_details(m, extras)
    tail = f": {', '.join(details)}" if details else ""
    lead = "The sign is one-handed. " if one_handed else ""
    phrasings = [f"{lead}The dominant hand takes the {name} handshape{tail}." for name in _names(code)]
    if details:
        phrasings.append(
            f"{lead}With the dominant hand in the {_names(code)[0]} handshape, {', '.join(details)}."
        )
    phrasings.append(f"{lead}Form the {_names(code)[-1]} handshape with the dominant hand{tail}.")
    return Clause("dominant", tuple(phrasings))


def _nondominant(m: Morpheme) -> Clause | None:
    kind, base = m.sign_type, m.nondominant_handshape
    base_code = handshape_code(base) if base and not base.endswith("Violation") else None
    own = _names(handshape_code(m.handshape))[0] if m.handshape else None
    if kind in {"SymmetricalOrAlternating", "AsymmetricalSameHandshape"} and own is None:
        return Clause("nondominant", (
            "The non-dominant hand takes the same handshape as the dominant hand.",
            "Both hands have the same handshape.",
        ))  # fmt: skip
    if kind == "SymmetricalOrAlternating":
        return Clause("nondominant", (
            f"The non-dominant hand takes the same {own} handshape and moves symmetrically with the dominant hand.",
            f"Both hands move symmetrically or alternating, each in the {own} handshape.",
            f"Shape the non-dominant hand the same way, in the {own} handshape, and move it symmetrically.",
        ))  # fmt: skip
    if kind == "AsymmetricalSameHandshape":
        return Clause("nondominant", (
            f"The non-dominant hand is a still base hand in the same {own} handshape.",
            f"A still base hand, also in the {own} handshape, supports the dominant hand.",
            f"Hold the non-dominant hand still as a base, shaped as the same {own} handshape.",
        ))  # fmt: skip
    if kind in {"AsymmetricalDifferentHandshape", "DominanceViolation", "SymmetryViolation"}:
        if base_code is None:
            return Clause("nondominant", (
                "The sign uses both hands; the non-dominant hand is a base hand.",
                "Both hands take part: the non-dominant one serves as a base.",
            ))  # fmt: skip
        return Clause(
            "nondominant",
            tuple(
                f"The non-dominant hand is a still base hand in the {n} handshape." for n in _names(base_code)
            )
            + (
                f"A still base hand takes the {_names(base_code)[0]} handshape.",
                f"Hold the non-dominant hand still as a base in the {_names(base_code)[-1]} handshape.",
            ),
        )
    return None


def _movement(m: Morpheme, symmetric: bool) -> Clause | None:
    if m.movement not in _MOVEMENT:
        return None
    subject = ("Both hands", "The hands") if symmetric else ("The dominant hand", "The moving hand")
    verbs: tuple[str, ...] = _MOVEMENT[m.movement]
    if symmetric:
        verbs = tuple(v.replace("moves", "move").replace("travels", "travel").replace("follows", "follow")
                      .replace("traces", "trace").replace("draws", "draw").replace("stays", "stay")
                      .replace("goes", "go").replace("is held", "are held") for v in verbs)  # fmt: skip
    times = {True: (", repeatedly", ", repeated several times"), False: (", only once", ", just once")}
    repeat = times.get(m.repeated_movement, ("", "")) if m.repeated_movement is not None else ("", "")
    said = [f"{s} {v}{r}." for s, v, r in zip(subject, verbs, repeat, strict=True)]
    hands = "both hands" if symmetric else "the dominant hand"
    path = _PATHS.get(m.movement)
    still = f"Keep {hands} in place, with no path movement{repeat[0]}."
    said.append(f"Move {hands} {path}{repeat[0]}." if path else still)
    return Clause("movement", tuple(said))


_MAJOR = {
    "Neutral": "in neutral space in front of the body",
    "Head": "at the head",
    "Body": "on the body",
    "Hand": "on the non-dominant hand",
    "Arm": "on the arm",
}
_NEAR = {"Body": "close to the torso"}


def _place(minor: str | None, major: str | None) -> str | None:
    if minor in {None, "Other", "Neutral"} or minor not in MINOR_LOCATIONS:
        return _MAJOR.get(major or "")
    words = MINOR_LOCATIONS[minor]
    if major == "Hand" and words.startswith("the ") and minor != "HandAway":
        return f"at {words} of the non-dominant hand"
    if minor.endswith("Away"):
        return f"{words}, {_NEAR[major]}" if major in _NEAR and minor != "HandAway" else words
    if words.startswith("under"):
        return words
    return f"at {words}"


def _location(m: Morpheme) -> Clause | None:
    where = _place(m.minor_location, m.major_location)
    if where is None:
        return None
    second = _place(m.second_minor_location, m.major_location) if m.second_minor_location else None
    then = f", then moves to {second.removeprefix('at ')}" if second and second != where else ""
    if m.contact is None:
        touch, touch2, touch3 = "", "", ""
    elif m.contact:
        touch, touch2, touch3 = " and touches it", ", in contact", ", making contact"
    else:
        touch, touch2, touch3 = " without touching", ", with no contact", ", touching nothing"
    return Clause("location", (
        f"The dominant hand is placed {where}{touch}{then}.",
        f"The sign is made {where}{touch2}{then}.",
        f"Place the dominant hand {where}{touch2}{then}.",
        f"{_sentence(where)[:-1]} is where the dominant hand goes{touch3}{then}.",
    ))  # fmt: skip


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
    move, place = _movement(m, symmetric), _location(m)
    later = [_later(k, extras[k] if k < len(extras) else {}, x) for k, x in enumerate(entry.morphemes[1:], 1)]
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


def _later(k: int, extras: dict[str, bool], m: Morpheme) -> Clause | None:
    """A later morpheme (compounds) as one 'then' sentence: its handshape, movement and place."""
    bits = []
    if m.handshape:
        bits.append(f"the dominant hand changes to the {_names(handshape_code(m.handshape))[0]} handshape")
    if m.movement in _MOVEMENT:
        bits.append(_MOVEMENT[m.movement][0])
    if (where := _place(m.minor_location, m.major_location)) is not None:
        bits.append(where)
    if not bits:
        return None
    return Clause("movement", (_sentence(f"Then {', '.join(bits)}"),))


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
