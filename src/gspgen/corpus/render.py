"""Coded lexicon phonology → readable English, so both the embedder and the describer can use it.

The label vocabularies (code → words) are data here because ``gspgen check`` reuses them to compare a
generated description against the lexicon's coding.
"""

from __future__ import annotations

import re

from gspgen.corpus.lexicon import LexiconEntry, Morpheme

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
    "AsymmetricalSameHandshape": "Two-handed: the dominant hand moves on a still base hand of the same shape",
    "AsymmetricalDifferentHandshape": "Two-handed: the dominant hand acts on a still base hand",
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
    details = []
    if m.selected_fingers:
        flexion = FLEXION.get(m.flexion, m.flexion) if m.flexion else ""
        details.append(f"{fingers_words(m.selected_fingers)} {flexion}".strip())
    if m.spread is not None:
        details.append("spread" if m.spread else "together")
    if m.thumb_position:
        details.append("thumb touching them" if m.thumb_contact else f"thumb {m.thumb_position.lower()}")
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
    return [MOVEMENTS.get(m.movement, m.movement) + (", repeated." if m.repeated_movement else ".")]


def _place(major: str | None, minor: str | None) -> str:
    if not minor or minor == "Neutral":
        return MAJOR_LOCATIONS.get(major or "", "")
    words = MINOR_LOCATIONS.get(minor, minor)
    if minor.endswith("Away"):
        return words
    return f"{words} of the base hand" if major == "Hand" and words.startswith("the") else f"at {words}"


def _location(m: Morpheme) -> list[str]:
    where = _place(m.major_location, m.minor_location)
    second = m.second_minor_location
    if second and second not in {"Neutral", m.minor_location}:
        where += f", then to {_place(m.major_location, second).removeprefix('at ')}"
    if not where:
        return []
    if where.startswith("the"):
        where = "on " + where
    if m.contact is not None:
        where += ", with contact" if m.contact else ", no contact"
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
