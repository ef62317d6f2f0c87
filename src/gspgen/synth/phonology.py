"""Lexicon entry → :class:`SignPlan`: the facts the performer animates and the texts state.

Everything here is a pure function of the lexicon entry and the class gloss, so the motion of a class and
its ground-truth description cannot drift apart. Where ASL-LEX is silent (path direction, circle plane,
symmetrical vs alternating) a choice is made deterministically from the entry id and recorded in the plan.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict

from gspgen.lexicon import LexiconEntry, Morpheme

SignType = Literal["one_handed", "symmetrical", "alternating", "asymmetrical"]
HeadCue = Literal["tilt_to_hand", "look_at_hands", "none"]
BodyCue = Literal["lean_forward", "lean_back", "sway", "upright"]
VowelShape = Literal["open", "rounded", "spread"]

MOVEMENTS = ("Straight", "Curved", "Circular", "BackAndForth", "Z-shaped", "X-shaped", "Other", "None")
DIRECTIONS = ("down", "up", "outward", "inward", "forward")
DEFAULT_MINOR = {"Head": "CheekNose", "Body": "TorsoTop", "Hand": "Palm", "Arm": "ForearmBack"}
HAND_LOCATIONS = {
    "Palm",
    "PalmBack",
    "FingerTip",
    "FingerRadial",
    "FingerUlnar",
    "FingerFront",
    "FingerBack",
    "Heel",
    "HandAway",
    "WristBack",
    "WristFront",
}
ARM_LOCATIONS = {
    "UpperArm",
    "ElbowBack",
    "ForearmBack",
    "ForearmFront",
    "ForearmUlnar",
    "ForearmRadial",
    "ArmAway",
}
NONDOMINANT_ALIASES = {"B": "open_b", "C": "c", "S": "s", "O": "o", "A": "a", "Lax": "curved_5"}


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HandshapeSpec(Plan):
    """A handshape as features: the hand model turns these into finger joint angles."""

    code: str
    selected: str  # letters of "imrp" (index, middle, ring, pinky), or "t" for the thumb alone
    flexion: str  # FullyOpen, Bent, Flat, Curved, FullyClosed, Stacked, Crossed, NA
    spread: bool | None
    thumb_open: bool
    thumb_contact: bool


RELAXED = HandshapeSpec(
    code="curved_5", selected="imrp", flexion="Curved", spread=True, thumb_open=True, thumb_contact=False
)


class Phase(Plan):
    """One morpheme: where the hand is, what it looks like and how it moves."""

    handshape: HandshapeSpec
    major: str  # Head, Body, Hand, Arm, Neutral
    location: str  # minor location (start of the path)
    end_location: str | None  # second minor location (end of the path), None = same place
    movement: str  # one of MOVEMENTS
    repeated: bool
    contact: bool
    direction: str  # one of DIRECTIONS, for paths without an end location
    plane: Literal["vertical", "horizontal"]  # for circles


class SignPlan(Plan):
    """Everything the performer needs for one class, and what its texts state."""

    class_id: int
    gloss: str
    entry_id: str
    sign_type: SignType
    nondominant: HandshapeSpec | None  # the other hand's shape when it takes part
    base: Literal["hand", "arm"] | None  # a held non-dominant base the dominant hand acts on
    phases: list[Phase]
    syllables: list[str]  # mouthing: the English gloss split into syllables
    vowels: list[VowelShape]  # lip shape per syllable
    head: HeadCue
    body: BodyCue


def handshape_table(entries: list[LexiconEntry]) -> dict[str, HandshapeSpec]:
    """Each handshape code's most frequent feature coding in the lexicon (to shape coded-only hands)."""
    counts: dict[str, Counter[tuple]] = {}
    for entry in entries:
        for m in entry.morphemes:
            if m.handshape and m.selected_fingers:
                key = (
                    m.selected_fingers,
                    m.flexion or "NA",
                    m.spread,
                    m.thumb_position == "Open",
                    bool(m.thumb_contact),
                )
                counts.setdefault(m.handshape, Counter())[key] += 1
    table = {}
    for code, counter in counts.items():
        selected, flexion, spread, thumb_open, contact = counter.most_common(1)[0][0]
        table[code] = HandshapeSpec(
            code=code,
            selected=selected,
            flexion=flexion,
            spread=spread,
            thumb_open=thumb_open,
            thumb_contact=contact,
        )
    return table


def _pick(entry_id: str, salt: str, options: tuple[str, ...]) -> str:
    return options[zlib.crc32(f"{entry_id}/{salt}".encode()) % len(options)]


def _handshape(m: Morpheme, table: dict[str, HandshapeSpec], fallback: HandshapeSpec) -> HandshapeSpec:
    if m.selected_fingers is None:
        return table.get(m.handshape or "", fallback)
    return HandshapeSpec(
        code=m.handshape or fallback.code,
        selected=m.selected_fingers,
        flexion=m.flexion or "NA",
        spread=m.spread,
        thumb_open=m.thumb_position == "Open",
        thumb_contact=bool(m.thumb_contact),
    )


def _named_handshape(
    code: str | None, table: dict[str, HandshapeSpec], fallback: HandshapeSpec
) -> HandshapeSpec:
    code = NONDOMINANT_ALIASES.get(code or "", code)
    return table.get(code or "", fallback)


def _location(m: Morpheme) -> tuple[str, str, str | None]:
    major = m.major_location if m.major_location in DEFAULT_MINOR else "Neutral"
    minor = m.minor_location
    if minor in HAND_LOCATIONS:
        major = "Hand"
    elif minor in ARM_LOCATIONS:
        major = "Arm"
    elif minor is None or minor == "Other" or (major == "Neutral") != (minor == "Neutral"):
        minor = DEFAULT_MINOR.get(major, "Neutral")
    end = m.second_minor_location
    if end in (None, "Neutral", "Other", "OtherAway", minor):
        end = None
    return major, minor, end


def _phases(entry: LexiconEntry, table: dict[str, HandshapeSpec]) -> list[Phase]:
    phases: list[Phase] = []
    previous = Morpheme()
    for k, raw in enumerate(entry.morphemes[:3]):
        # Later morphemes code only what changes: inherit the rest from the morpheme before.
        m = raw if k == 0 else Morpheme(**{**previous.model_dump(), **raw.model_dump(exclude_none=True)})
        major, minor, end = _location(m)
        movement = m.movement if m.movement in MOVEMENTS else ("Other" if m.movement else "None")
        phases.append(
            Phase(
                handshape=_handshape(m, table, RELAXED if k == 0 else phases[-1].handshape),
                major=major,
                location=minor,
                end_location=end,
                movement=movement,
                repeated=bool(m.repeated_movement),
                contact=bool(m.contact),
                direction=_pick(entry.entry_id, f"dir{k}", DIRECTIONS),
                plane="vertical"
                if _pick(entry.entry_id, f"plane{k}", ("v", "v", "h")) == "v"
                else "horizontal",
            )
        )
        previous = m
    return phases


def _sign_type(entry: LexiconEntry, first: Phase) -> SignType:
    raw = entry.phonology.sign_type or "OneHanded"
    if raw in ("SymmetricalOrAlternating", "SymmetryViolation"):
        alternating = first.repeated and first.movement in ("Circular", "BackAndForth", "Straight")
        return "alternating" if alternating else "symmetrical"
    if raw.startswith("Asymmetrical") or raw == "DominanceViolation" or first.major in ("Hand", "Arm"):
        return "asymmetrical"
    return "one_handed"


def _silent_e(word: str, group: re.Match[str]) -> bool:
    """A final 'e', 'es' or 'ed' that makes no syllable (drive, clothes, moved; not table, boxes, wanted)."""
    if group.group() != "e":
        return False
    tail, before = word[group.end() :], word[group.start() - 1]
    if tail == "":
        return not (before == "l" and word[-3:-2] not in ("", "a", "e", "i", "o", "u", "y"))  # ta-ble
    return (
        (tail == "s" and before not in "sxzh")
        or (tail == "d" and before not in "td")
        or (tail == "s" and word[group.start() - 2 : group.start()] == "th")
    )


def syllables(gloss: str) -> list[str]:
    """The gloss split into spoken syllables by vowel groups (a silent final 'e' makes none)."""
    out: list[str] = []
    for word in re.findall(r"[a-z]+", gloss.lower()):
        groups = [g for g in re.finditer(r"[aeiouy]+", word) if not (g.start() == 0 and g.group() == "y")]
        if len(groups) > 1 and _silent_e(word, groups[-1]):
            groups = groups[:-1]
        cuts = [0]
        for g in groups[1:]:
            cut = g.start() - 1 if g.start() - 1 > cuts[-1] else g.start()
            cuts.append(cut)
        cuts.append(len(word))
        out += [word[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if word[a:b]] if groups else [word]
    return out or [gloss]


def vowel_shape(syllable: str) -> VowelShape:
    match = re.search(r"[aeiouy]", syllable)
    letter = match.group() if match else "a"
    return "open" if letter == "a" else "rounded" if letter in "ou" else "spread"


def _cues(phases: list[Phase], sign_type: SignType) -> tuple[HeadCue, BodyCue]:
    majors = {p.major for p in phases}
    head: HeadCue = (
        "tilt_to_hand" if "Head" in majors else "look_at_hands" if majors & {"Hand", "Arm"} else "none"
    )
    if any(p.end_location and p.end_location.endswith("Away") for p in phases):
        body: BodyCue = "lean_forward"
    elif sign_type != "one_handed" and phases[0].movement == "Circular":
        body = "sway"
    elif phases[0].major == "Body" and phases[0].contact:
        body = "lean_back"
    else:
        body = "upright"
    return head, body


def build_plan(entry: LexiconEntry, class_id: int, gloss: str, table: dict[str, HandshapeSpec]) -> SignPlan:
    """The plan of one class: phases from the morphemes, the other hand, mouthing, head and body cues."""
    phases = _phases(entry, table)
    sign_type = _sign_type(entry, phases[0])
    first = entry.phonology
    nondominant = None
    if sign_type != "one_handed":
        same = (first.sign_type or "").endswith("SameHandshape") or first.nondominant_handshape is None
        nondominant = (
            phases[0].handshape if same else _named_handshape(first.nondominant_handshape, table, RELAXED)
        )
    base: Literal["hand", "arm"] | None = None
    if sign_type == "asymmetrical":
        base = "arm" if phases[0].major == "Arm" else "hand"
    head, body = _cues(phases, sign_type)
    parts = syllables(gloss)
    return SignPlan(
        class_id=class_id,
        gloss=gloss,
        entry_id=entry.entry_id,
        sign_type=sign_type,
        nondominant=nondominant,
        base=base,
        phases=phases,
        syllables=parts,
        vowels=[vowel_shape(s) for s in parts],
        head=head,
        body=body,
    )
