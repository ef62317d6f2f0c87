"""Coded lexicon phonology → readable English, so both the embedder and the describer can use it.

The label vocabularies (code → words) are data here because ``gspgen check`` reuses them to compare a
generated description against the lexicon's coding. The phrase bank (``wordings.toml``, read through
:class:`Wordings`) holds several wordings of every coded value: entries are rendered in its first
wording, faithful mode's fact sentences (``gspgen.describe.facts``) in all of them; every wording reads
back through ``gspgen check`` as the value it renders.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from gspgen.lexicon.coding import LexiconEntry, Morpheme

LANGUAGES = {
    "ase": "American Sign Language",
    "csl": "Chinese Sign Language",
    "tsm": "Turkish Sign Language",
    "bfi": "British Sign Language",
    "gsg": "German Sign Language",
}

# Handshape code → (display name, what the hand looks like). ASL-LEX 2.0 codes, lower-case.
HANDSHAPES: dict[str, tuple[str, str]] = {
    "1": ("1", "index finger extended, other fingers closed, thumb over them"),
    "3": ("3", "thumb, index and middle fingers extended and spread"),
    "4": ("4", "four fingers extended and spread, thumb folded into the palm"),
    "5": ("5", "open hand, all fingers and thumb extended and spread"),
    "7": ("7", "thumb touching the ring finger, other fingers extended"),
    "8": ("8", "thumb touching the middle finger, other fingers extended"),
    "a": ("A", "fist with the thumb alongside the index finger"),
    "b": ("B", "flat hand, fingers together"),
    "open_b": ("open B", "flat hand, fingers together, thumb extended"),
    "closed_b": ("B", "flat hand, fingers together and extended, thumb folded across the palm"),
    "flat_b": ("bent B", "fingers together and straight, bent at the base knuckles"),
    "c": ("C", "fingers and thumb curved into a C shape"),
    "d": ("D", "index finger up, other fingertips touching the thumb"),
    "e": ("E", "fingertips bent down to rest on the thumb"),
    "open_e": ("open E", "fingers bent at the knuckles, thumb apart"),
    "closed_e": ("closed E", "fingers bent and spread, resting on the thumb"),
    "spread_e": ("spread E", "fingers bent and spread, thumb tucked"),
    "spread_open_e": ("spread open E", "fingers bent and spread, thumb apart (claw-like)"),
    "f": ("F", "index finger and thumb touching in a circle, other fingers extended and spread"),
    "open_f": ("open F", "index finger curved towards the thumb without touching, other fingers extended"),
    "g": ("G", "index finger and thumb extended parallel, other fingers closed"),
    "h": ("H", "index and middle fingers extended together, other fingers closed"),
    "open_h": ("open H", "index and middle fingers extended together, thumb extended"),
    "flat_h": ("bent H", "index and middle fingers together, bent at the base knuckles"),
    "curved_h": ("curved H", "index and middle fingers together and curved"),
    "i": ("I", "little finger extended, other fingers closed"),
    "k": ("K", "index and middle fingers up, thumb between them"),
    "l": ("L", "index finger and thumb extended at a right angle"),
    "bent_l": ("bent L", "L hand with the index finger bent"),
    "curved_l": ("curved L", "L hand with index finger and thumb curved (like a small C)"),
    "flat_m": ("M", "three fingers folded over the thumb"),
    "flat_n": ("N", "two fingers folded over the thumb"),
    "n": ("N", "index and middle fingers folded over the thumb"),
    "o": ("O", "all fingertips touching the thumb in a rounded O"),
    "flat_o": ("flat O", "straight fingers together, fingertips touching the thumb"),
    "baby_o": ("baby O", "index fingertip touching the thumb, other fingers closed"),
    "p": ("P", "K hand pointing down (middle finger out, thumb on it)"),
    "r": ("R", "index and middle fingers crossed"),
    "s": ("S", "fist with the thumb across the front of the fingers"),
    "t": ("T", "thumb tucked between the index and middle fingers"),
    "v": ("V", "index and middle fingers extended and spread, other fingers closed"),
    "bent_v": ("bent V", "index and middle fingers spread and bent at the knuckles"),
    "curved_v": ("curved V", "index and middle fingers spread and curved (claw V)"),
    "flat_v": ("flat V", "index and middle fingers spread, bent at the base knuckles"),
    "w": ("W", "index, middle and ring fingers extended and spread"),
    "y": ("Y", "thumb and little finger extended, other fingers closed"),
    "bent_1": ("X", "index finger hooked, other fingers closed"),
    "curved_1": ("curved 1", "index finger curved, other fingers closed"),
    "flat_1": ("flat 1", "index finger straight, bent at the base knuckle"),
    "curved_5": ("claw 5", "all fingers spread and curved"),
    "flatspread_5": ("flat spread 5", "fingers spread and straight, bent at the base knuckles"),
    "stacked_5": ("stacked 5", "fingers progressively bent, each further than the last"),
    "open_8": ("open 8", "middle finger bent forward, other fingers extended"),
    "curved_4": ("curved 4", "four fingers spread and curved, thumb in"),
    "flat_4": ("flat 4", "four fingers spread, bent at the base knuckles, thumb in"),
    "horns": ("horns", "index and little fingers extended, other fingers closed"),
    "flat_horns": ("bent horns", "index and little fingers bent at the base knuckles"),
    "ily": ("I-love-you", "thumb, index and little fingers extended"),
    "flat_ily": ("bent I-love-you", "thumb, index and little fingers out, bent at the base knuckles"),
    "goody_goody": ("goody-goody", "index, middle and little fingers extended"),
    "lax": ("lax", "relaxed, loosely open hand"),
}

# Alternative names for handshapes (the check vocabulary knows them all), used by the variants.
ALT_NAMES: dict[str, list[str]] = {
    "bent_1": ["X"], "curved_5": ["claw 5", "curved 5"], "flat_b": ["bent B", "flat B"],
    "h": ["H", "U"], "v": ["V", "2"],
    "w": ["W", "6"], "f": ["F", "9"], "g": ["G", "Q"], "i": ["I", "J"], "baby_o": ["baby O", "small O"],
    "flat_h": ["bent H", "flat H"], "flat_horns": ["bent horns", "flat horns"], "ily": ["I-love-you", "ILY"],
}  # fmt: skip


def names(code: str) -> list[str]:
    """A handshape's display name and the other names the check vocabulary knows it by."""
    name = HANDSHAPES[code][0] if code in HANDSHAPES else code.replace("_", " ")
    return list(dict.fromkeys([name, *ALT_NAMES.get(code, [])]))


PHRASINGS = 5  # wordings per fact sentence: the canonical one and four others
WORDINGS = Path(__file__).with_name("wordings.toml")
_PLURAL = {"s": "", "es": "", "is": "are", "has": "have"}
_SINGULAR = {"s": "s", "es": "es", "is": "is", "has": "has"}
ON_HAND = {
    "Palm",
    "PalmBack",
    "Heel",
    "FingerFront",
    "FingerBack",
    "FingerRadial",
    "FingerUlnar",
    "FingerTip",
    "HandAway",
}


class Wordings:
    """The phrase bank (``wordings.toml``): several wordings of every coded value. ``pick(list, k)`` gives
    wording 0 for the canonical text (k = 0) and, for k >= 1, cycles through the others only, so that
    every other phrasing of a sentence differs from the canonical one wherever the bank has a choice."""

    def __init__(self, path: Path = WORDINGS) -> None:
        self.bank: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))

    def __getitem__(self, key: str) -> Any:
        return self.bank[key]

    @staticmethod
    def pick(options: Sequence[str], k: int) -> str:
        if k == 0 or len(options) == 1:
            return options[0]
        return options[1 + (k - 1) % (len(options) - 1)]

    def shapes(self, code: str) -> list[str]:
        """Handshape wordings: the name, the bank's look, a second name with the renderer's look, ..."""
        names_ = names(code)
        if code not in HANDSHAPES:
            return [f"the {names_[0]} handshape"]
        look = HANDSHAPES[code][1]
        other = names_[1] if len(names_) > 1 else names_[0]
        own = self["looks"].get(code)
        return [
            f"the {names_[0]} handshape",
            *([own] if own else []),
            f"the {other} handshape ({look})",
            f"{article(other)} {other} hand",
            f"the {names_[0]} hand shape",  # not "the X shape": an X-shaped movement
        ]

    def place(self, minor: str | None, major: str | None) -> list[str] | None:
        """Wordings of a place: the minor location's, else the major one's (on the other hand: its parts)."""
        places = self["places"]
        if minor in places and not (major == "Hand" and minor not in ON_HAND):
            return list(places[minor])
        major_places = places.get(f"major_{major}")
        if (
            minor == "Neutral" and major != "Neutral" and major_places
        ):  # coded both ways (BOW 3: Hand, Neutral)
            return [f"{p}, in neutral space" for p in major_places]
        return major_places

    def verb(self, phrase: str, plural: bool) -> str:
        """A verb phrase of the bank for one hand or for both ({s}, {es}, {is}, {has})."""
        forms = _PLURAL if plural else _SINGULAR
        return phrase.format(**forms)


_VOWEL_LETTERS = set("AEFHILMNORSX8")  # letters and digits whose names start with a vowel sound


def article(word: str) -> str:
    """ "a" or "an" before a handshape name ("an open B", "an X", "a U", "an 8")."""
    first = word.split()[0] if word.split() else word
    if len(first) == 1 or first.isdigit():
        return "an" if first[0].upper() in _VOWEL_LETTERS else "a"
    return "an" if first[0].lower() in "aeio" else "a"


@cache
def wordings() -> Wordings:
    return Wordings()


def finger_details(m: Morpheme, k: int = 0, extras: dict[str, bool] | None = None) -> list[str]:
    """Selected fingers, flexion, spread, thumb (and the coded changes): the coded columns only, in the
    bank's wording ``k``."""
    w, pick, extras = wordings(), Wordings.pick, extras or {}
    details = []
    fingers = w["fingers"].get(m.selected_fingers or "")
    if fingers:
        said = pick(fingers, k)
        verb = "are" if said.endswith("fingers") else "is"
        bend = w["flexion"].get(m.flexion or "")
        details.append(f"{said} {verb} {pick(bend, k)}" if bend else f"{said} {verb} selected")
    if m.spread is not None:
        details.append(pick(w["details"]["spread" if m.spread else "together"], k))
    if m.thumb_position:
        thumb = pick(w["details"]["thumb_open" if m.thumb_position.lower() == "open" else "thumb_closed"], k)
        details.append(thumb + (f" {pick(w['details']['thumb_contact'], k)}" if m.thumb_contact else ""))
    changes = ("flexion_change", "spread_change", "wrist_twist")
    return details + [pick(w["details"][key], k) for key in changes if extras.get(key)]


# Manual-alphabet letters and numbers a handshape is used for (J and Z are traced with I and 1).
HANDSHAPE_LETTERS: dict[str, list[str]] = {
    "a": ["A"], "closed_b": ["B"], "b": ["B"], "c": ["C"], "d": ["D"], "e": ["E"], "f": ["F"],
    "g": ["G", "Q"], "h": ["H", "U"], "i": ["I", "J"], "k": ["K", "P"], "l": ["L"], "flat_m": ["M"],
    "flat_n": ["N"], "n": ["N"], "o": ["O"], "p": ["P"], "r": ["R"], "s": ["S"], "t": ["T"], "v": ["V"],
    "w": ["W"], "bent_1": ["X"], "y": ["Y"], "1": ["Z"],
}  # fmt: skip
HANDSHAPE_NUMBERS: dict[str, str] = {
    "1": "1", "v": "2", "3": "3", "4": "4", "5": "5", "w": "6", "7": "7", "8": "8", "f": "9",
}  # fmt: skip

FINGERS = {"t": "thumb", "i": "index", "m": "middle", "r": "ring", "p": "little"}

FLEXION = {
    "FullyOpen": "extended",
    "Curved": "curved",
    "Flat": "bent flat at the base knuckles",
    "Bent": "bent",
    "FullyClosed": "closed",
    "Stacked": "stacked",
    "Crossed": "crossed",
}

SIGN_TYPES = {
    "OneHanded": "One-handed",
    "SymmetricalOrAlternating": "Two-handed, both hands alike, moving symmetrically or alternating",
    "AsymmetricalSameHandshape": "Two-handed: a still base hand of the same shape as the dominant hand",
    "AsymmetricalDifferentHandshape": "Two-handed: the dominant hand moves, the other is a still base hand",
    "DominanceViolation": "Two-handed, with an unusual base hand",
    "SymmetryViolation": "Two-handed, the hands moving with different shapes",
}

MOVEMENTS = {
    "Straight": "Moves in a straight line",
    "Curved": "Moves in an arc",
    "None": "Stays in place",
    "Circular": "Moves in a circle",
    "Z-shaped": "Moves in a zigzag",
    "BackAndForth": "Moves back and forth",
    "X-shaped": "Traces an X",
    "Other": "Moves in another way",
}

MAJOR_LOCATIONS = {
    "Neutral": "in neutral space in front of the body",
    "Head": "at the head",
    "Hand": "on the non-dominant hand",
    "Body": "on the body",
    "Arm": "on the arm",
    "Other": "elsewhere",
}

MINOR_LOCATIONS = {
    "Neutral": "neutral space",
    "HeadAway": "in front of the head",
    "HandAway": "near the non-dominant hand",
    "BodyAway": "in front of the body",
    "ArmAway": "near the arm",
    "OtherAway": "away from the body",
    "Away": "away from the body",
    "HeadTop": "the top of the head",
    "Forehead": "the forehead",
    "Eye": "the eye",
    "CheekNose": "the cheek or nose",
    "UpperLip": "the upper lip",
    "Mouth": "the mouth",
    "Chin": "the chin",
    "UnderChin": "under the chin",
    "Neck": "the neck",
    "Shoulder": "the shoulder",
    "Clavicle": "the collarbone",
    "TorsoTop": "the upper chest",
    "TorsoMid": "the middle of the chest",
    "TorsoBottom": "the lower chest",
    "Waist": "the waist",
    "Hips": "the hips",
    "UpperArm": "the upper arm",
    "ElbowBack": "the back of the elbow",
    "ElbowFront": "the inside of the elbow",
    "ForearmBack": "the back of the forearm",
    "ForearmFront": "the inside of the forearm",
    "ForearmUlnar": "the little-finger side of the forearm",
    "ForearmRadial": "the thumb side of the forearm",
    "WristBack": "the back of the wrist",
    "WristFront": "the inside of the wrist",
    "Palm": "the palm",
    "PalmBack": "the back of the hand",
    "Heel": "the heel of the hand",
    "FingerFront": "the front of the fingers",
    "FingerBack": "the back of the fingers",
    "FingerRadial": "the thumb side of the fingers",
    "FingerUlnar": "the little-finger side of the fingers",
    "FingerTip": "the fingertips",
    "Other": "another place",
}


def handshape_code(raw: str) -> str:
    """Lexicon spellings vary in case (``B`` for the base hand): compare codes lower-cased."""
    return raw.strip().lower()


def handshape_words(raw: str) -> str:
    """``open_b`` → ``open B (flat hand, fingers together, thumb extended)``."""
    code = handshape_code(raw)
    if code not in HANDSHAPES:
        return f"{raw.replace('_', ' ')} handshape"
    name, look = HANDSHAPES[code]
    return f"{name} ({look})"


def fingers_words(code: str) -> str:
    names = [FINGERS[c] for c in code if c in FINGERS]
    if set(code) == set("imrp"):
        return "all four fingers"
    if names == ["thumb"]:
        return "the thumb"
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names) + (
        " finger" if len(names) == 1 else " fingers"
    )


def _hand(m: Morpheme) -> list[str]:
    details = finger_details(m)
    text = f"Hand: {handshape_words(m.handshape)}" if m.handshape else "Hand"
    return [f"{text}; {', '.join(details)}." if details else f"{text}."] if m.handshape or details else []


def _two_hands(m: Morpheme) -> list[str]:
    if not m.sign_type:
        return []
    text = SIGN_TYPES.get(m.sign_type, m.sign_type)
    base = m.nondominant_handshape
    differs = m.sign_type not in {"OneHanded", "SymmetricalOrAlternating", "AsymmetricalSameHandshape"}
    if differs and base and not base.endswith("Violation"):
        text += f", base hand {handshape_words(base)}"
    return [text + "."]


def _movement(m: Morpheme) -> list[str]:
    if not m.movement:
        return []
    again = {True: ", repeated.", False: ", only once.", None: "."}[m.repeated_movement]
    return [MOVEMENTS.get(m.movement, m.movement) + again]


def place_to(place: str) -> str:
    """ "at the chin" -> "to the chin" (a place reached at the end of a setting change)."""
    for prep in ("at ", "on ", "by ", "against ", "along "):
        if place.startswith(prep):
            return "to " + place.removeprefix(prep)
    return place


def two_hands_meet(m: Morpheme) -> bool:
    """Contact in neutral space on a two-handed sign is between the hands (BOOK, THIN, YEAR), not with
    the body."""
    return m.major_location == "Neutral" and m.sign_type not in {None, "OneHanded"}


def _location(m: Morpheme) -> list[str]:
    bank = wordings()
    places = bank.place(m.minor_location, m.major_location)
    if places is None:
        return [] if m.contact is None else ["With contact." if m.contact else "No contact."]
    where = places[0]
    second = bank.place(m.second_minor_location, m.major_location) if m.second_minor_location else None
    if second and second[0] != where:
        where += f", then {place_to(second[0])}"
    if m.contact is not None:
        between = two_hands_meet(m)
        where += {(True, True): ", with the hands in contact", (True, False): ", with contact",
                  (False, True): ", the hands not touching", (False, False): ", no contact"}[(m.contact, between)]  # fmt: skip
    return [where[0].upper() + where[1:] + "."]


def render_morpheme(m: Morpheme) -> str:
    """One segment's phonology as short sentences."""
    return " ".join(_hand(m) + _two_hands(m) + _movement(m) + _location(m))


def render_entry(entry: LexiconEntry) -> str:
    """A lexicon entry as short readable English, gloss and English words first (search finds it)."""
    language = LANGUAGES.get(entry.language, entry.language)
    numbered = re.fullmatch(r"(.+?)\s+(\d+)", entry.gloss)
    word = numbered.group(1) if numbered else entry.gloss
    variant = f" (variant {numbered.group(2)})" if numbered else ""
    head = f'{entry.gloss.upper()}: {language} sign for "{word}"{variant}.'
    words = [s for s in entry.synonyms if s.lower() != word.lower()]
    if words:
        head += f" English: {', '.join(words)}."
    body = [render_morpheme(entry.morphemes[0])]
    body += [f"Then: {render_morpheme(m)}" for m in entry.morphemes[1:]]
    return " ".join([head, *[b for b in body if b]]).strip()
