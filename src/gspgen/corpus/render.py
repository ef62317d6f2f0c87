"""Coded lexicon phonology → readable English, so both the embedder and the describer can use it.

The label vocabularies (code → words) are data here because ``gspgen check`` reuses them to compare a
generated description against the lexicon's coding.
"""

from __future__ import annotations

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
    "flat_n": ["N"], "o": ["O"], "p": ["P"], "r": ["R"], "s": ["S"], "t": ["T"], "v": ["V"],
    "w": ["W"], "bent_1": ["X"], "y": ["Y"], "1": ["Z"],
}  # fmt: skip
HANDSHAPE_NUMBERS: dict[str, str] = {
    "1": "1", "v": "2", "3": "3", "4": "4", "5": "5", "w": "6", "7": "7", "8": "8", "f": "9",
}  # fmt: skip

FINGERS = {"t": "thumb", "i": "index", "m": "middle", "r": "ring", "p": "little"}

FLEXION = {
    "FullyOpen": "fully extended",
    "Curved": "curved",
    "Flat": "bent at the base knuckles with straight fingers",
    "Bent": "bent (hooked)",
    "FullyClosed": "fully closed into the palm",
    "Stacked": "stacked (each finger bent a little more)",
    "Crossed": "crossed",
}

SIGN_TYPES = {
    "OneHanded": "one-handed",
    "SymmetricalOrAlternating": "two-handed, both hands with the same handshape moving "
    "symmetrically or alternating",
    "AsymmetricalSameHandshape": "two-handed and asymmetrical: the dominant hand moves while the "
    "non-dominant hand, in the same handshape, is a still base",
    "AsymmetricalDifferentHandshape": "two-handed and asymmetrical: the dominant hand acts on the "
    "non-dominant base hand, which has a different handshape",
    "DominanceViolation": "two-handed, with an unusual base-hand handshape",
    "SymmetryViolation": "two-handed, the hands moving with different handshapes",
}

MOVEMENTS = {
    "Straight": "moves in a straight line",
    "Curved": "moves in an arc",
    "None": "stays in place (no path movement)",
    "Circular": "moves in a circle",
    "Z-shaped": "moves in a zigzag",
    "BackAndForth": "moves back and forth",
    "X-shaped": "traces an X",
    "Other": "moves in another way",
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
    if len(names) == 1:
        return f"the {names[0]} finger" if names[0] != "thumb" else "the thumb"
    return "the " + ", ".join(names[:-1]) + f" and {names[-1]} fingers"


def _hand(m: Morpheme) -> list[str]:
    parts = []
    if m.handshape:
        parts.append(f"Handshape: {handshape_words(m.handshape)}.")
    shape = []
    if m.selected_fingers:
        shape.append(f"selected fingers: {fingers_words(m.selected_fingers)}")
    if m.flexion:
        shape.append(f"{FLEXION.get(m.flexion, m.flexion)}")
    if m.spread is not None:
        shape.append("spread apart" if m.spread else "held together")
    if m.thumb_position:
        thumb = "thumb open" if m.thumb_position == "Open" else "thumb closed"
        if m.thumb_contact is not None:
            thumb += ", touching the fingers" if m.thumb_contact else ", not touching the fingers"
        shape.append(thumb)
    if shape:
        parts.append("Fingers: " + "; ".join(shape) + ".")
    return parts


def _two_hands(m: Morpheme) -> list[str]:
    if not m.sign_type:
        return []
    parts = [f"Sign type: {SIGN_TYPES.get(m.sign_type, m.sign_type)}."]
    base = m.nondominant_handshape
    if m.sign_type != "OneHanded" and base and not base.endswith("Violation"):
        parts.append(f"Non-dominant hand: {handshape_words(base)}.")
    return parts


def _movement(m: Morpheme) -> list[str]:
    if not m.movement:
        return []
    text = f"Movement: the hand {MOVEMENTS.get(m.movement, m.movement)}"
    if m.repeated_movement:
        text += ", repeated"
    return [text + "."]


def _location(m: Morpheme) -> list[str]:
    if not (m.major_location or m.minor_location):
        return []
    where = MAJOR_LOCATIONS.get(m.major_location or "", "")
    minor = m.minor_location
    if minor and minor != "Neutral":
        where = f"{where}, at {MINOR_LOCATIONS.get(minor, minor)}".lstrip(", ")
    second = m.second_minor_location
    if second and second not in {"Neutral", minor}:
        where += f", moving to {MINOR_LOCATIONS.get(second, second)}"
    text = f"Location: {where}" if where else "Location: unspecified"
    if m.contact is not None:
        text += "; the hand touches it" if m.contact else "; no contact"
    return [text + "."]


def render_morpheme(m: Morpheme) -> str:
    """One segment's phonology as short sentences."""
    return " ".join(_hand(m) + _two_hands(m) + _movement(m) + _location(m))


def render_entry(entry: LexiconEntry) -> str:
    """A lexicon entry as readable English, gloss and English translations first (search finds it)."""
    language = LANGUAGES.get(entry.language, entry.language)
    head = f"{entry.gloss.upper()}: the {language} sign for {entry.gloss}."
    words = [s for s in entry.synonyms if s.lower() != entry.gloss.lower()]
    if words:
        head += f" English: {', '.join(words)}."
    body = [render_morpheme(entry.morphemes[0])]
    body += [f"Then: {render_morpheme(m)}" for m in entry.morphemes[1:]]
    return " ".join([head, *[b for b in body if b]]).strip()
