"""An adversarial set for ``gspgen check``: ASL-LEX signs described correctly, and with one planted error.

Generated, never hand-picked: ``generate(seed)`` draws ASL-LEX rows with a seeded ``random.Random`` and
writes, for each, a correct base text — either faithful mode's own fact sentences (in one of their
phrasings) or a *paraphrase* built from the templates below — and then one case per kind:

- ``correct`` / ``paraphrase``: the base text as it is (a flag here is a false alarm);
- swaps: the handshape, place or movement sentence replaced by one naming another value;
- ``add_repetition`` / ``negated_repetition`` / ``hedged_contact`` / ``negated_contact`` /
  ``added_contact``: what the sign does said the other way, the negation or hedge several words away;
- ``second_hand`` (a one-handed sign given a second hand) and ``one_hand_only`` (a two-handed sign said
  to use one);
- unsupported additions: a sentence about the face, mouth, gaze, head or body, palm orientation,
  fingertip direction, or a count ("twice").

The templates and word lists here are written for this set in everyday words — they are not the check
vocabulary's terms nor the phrase bank's wordings, so the set measures how the checker reads text it
was not built from. :func:`score` says which planted errors the checker finds (a contradiction or an
unsupported claim on the planted attribute that the base text does not have) and which correct texts it
flags. ``bench/adversarial.py`` writes the set (``tests/check/data/adversarial.jsonl.gz``) and the report.
"""

from __future__ import annotations

import gzip
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from gspgen.check import Checker, Coded, coded_from_morphemes
from gspgen.describe import FactSource, sign_facts
from gspgen.lexicon import HANDSHAPES, LexiconEntry, handshape_code, load_lexicon

HELDOUT_SEED = 2021
SEED = 21
PER_KIND = 60  # cases per planted kind, half on fact sentences and half on paraphrases


@dataclass(frozen=True)
class Templates:
    """One set of everyday wordings: base-text sentences and planted errors. ``{place}`` etc. are filled
    from the tables; ``PLACES`` maps each coded minor location this set covers to its wordings."""

    hand: list[str]
    one_hand: list[str]
    two_same: list[str]
    two_base: list[str]
    two_different: list[str]
    places: dict[str, list[str]]
    locate: list[str]
    touch: dict[bool, list[str]]
    moves: dict[str, list[str]]
    again: dict[bool, list[str]]
    move: list[str]
    repeat: list[str]
    no_repeat: list[str]
    hedged: list[str]
    negated: list[str]
    added: list[str]
    second: list[str]
    only_one: list[str]
    unsupported: dict[str, list[str]]


# The development set: the checker was improved (in general terms: possessives, imperatives, adjectives
# before counts, "the space in front of you", "hold it still") until it read these.
DEV = Templates(
    hand=["Shape your dominant hand into {a} {name} handshape.", "Your main hand makes the {name} handshape.",
          "The strong hand is held in the {name} handshape.", "Start with the dominant hand formed as {a} {name} hand."],
    one_hand=["Use just one hand for this sign.", "This sign is made with one hand only.", "It needs only one hand."],
    two_same=["Both hands take part and do the same thing.", "Use both hands, mirroring each other."],
    two_base=["Your other hand stays still as a base.", "The non-dominant hand holds steady underneath as a base."],
    two_different=["The other hand moves too, in a different shape.", "Your non-dominant hand also moves, shaped differently."],
    places={
        "Neutral": ["out in the space in front of your body", "in the space in front of you"],
        "HeadAway": ["beside your face", "just in front of your face"],
        "Mouth": ["at your lips", "right at the mouth"],
        "Chin": ["at your chin", "on the chin"],
        "Forehead": ["at your forehead", "against the forehead"],
        "CheekNose": ["on your cheek", "against the cheek"],
        "Eye": ["near your eye", "by the eye"],
        "TorsoTop": ["on your chest", "against the upper chest"],
        "Clavicle": ["along your collarbone", "at the collarbone"],
        "Shoulder": ["on your shoulder", "at the shoulder"],
        "Neck": ["at your throat", "against the neck"],
        "Palm": ["on the palm of your other hand", "onto the palm of the other hand"],
        "PalmBack": ["on the back of the other hand", "against the back of the other hand"],
        "HandAway": ["just above the other hand", "near your other hand"],
        "FingerTip": ["at the fingertips of your other hand", "against the other hand's fingertips"],
        "UnderChin": ["under your chin", "beneath the chin"],
        "Hips": ["at your hip", "on the hips"],
        "HeadTop": ["on top of your head", "at the top of the head"],
    },
    locate=["Hold it {place}{touch}.", "Bring the hand {place}{touch}.", "The sign happens {place}{touch}."],
    touch={True: [", touching it", " so that it makes contact", " and let it touch"],
           False: [" without touching", ", keeping a small gap", " with a little space left"]},
    moves={
        "Straight": ["move it in a straight line", "push it along a direct path"],
        "Curved": ["swing it through a small arc", "move it along a curve"],
        "Circular": ["trace a small circle", "move it around in a circle"],
        "BackAndForth": ["wiggle it back and forth", "move it to and fro"],
        "None": ["hold it still", "keep it in place without moving it"],
        "Z-shaped": ["zigzag it", "trace a zigzag"],
        "X-shaped": ["draw an X", "trace an X"],
    },
    again={True: [", and repeat", " a few times", " more than once", " again and again"],
           False: [" just once", " one time", " in a single motion"]},
    move=["Then {move}{again}.", "Next, {move}{again}.", "After that, {move}{again}."],
    repeat=["Repeat the motion a few times.", "Do the movement again and again.", "The whole movement is repeated."],
    no_repeat=["There is no need to repeat it.", "Do not repeat the movement at all.",
               "The motion is not done a second time.", "It isn't something you repeat."],
    hedged=[" so that it nearly touches", ", almost touching it", ", coming close to touching",
            " until it all but touches", ", practically touching it"],
    negated=[" without ever touching it", ", but the hand never makes contact", " and do not let it touch",
             ", with no contact at any point"],
    added=[" and tap it there", ", brushing against it", " so that it touches"],
    second=["The other hand holds a flat palm underneath.", "Your weak hand makes a fist and stays still.",
            "Both hands move together.", "The non-dominant hand mirrors the movement in the same shape."],
    only_one=["Only the dominant hand is used.", "Sign it with one hand.", "This is a one-handed sign.",
              "The other hand is not involved."],
    unsupported={
        "facial_expression": ["Raise your eyebrows while signing.", "The signer smiles slightly.",
                              "Furrow the brows.", "Wear a questioning expression.", "Squint a little."],
        "mouth": ["Purse the lips.", "Puff out the cheeks as you sign.", "Mouth the English word.",
                  "The lips stay rounded.", "The tongue sticks out slightly."],
        "eye_gaze": ["Look at your hand as it moves.", "Keep your eyes on the other person.",
                     "Your gaze follows the fingers.", "Glance down at the hands."],
        "head_body": ["Nod your head once.", "Tilt the head slightly to the side.", "Lean forward a little.",
                      "Shrug the shoulders.", "Shake your head."],
        "palm_orientation": ["Keep your palm facing down.", "The palm faces toward the floor.", "Turn the palm up.",
                             "The palm faces you.", "Hold the hand palm-out."],
        "fingertip_direction": ["The fingertips point to the floor.", "The fingers point upward.",
                                "The index finger points forward, away from you.", "Point the fingers toward the ceiling."],
        "count": ["Do it twice.", "Tap two times.", "Make three small circles.", "Repeat it exactly twice."],
    },
)  # fmt: skip
# The held-out set: written after the checker's changes for the development set were done, and run
# once to report (never used to change the checker).
HELDOUT = Templates(
    hand=["Form {a} {name} handshape with your strongest hand.", "The primary hand is shaped like {a} {name}.",
          "Put your dominant hand in {a} {name} shape.", "Handshape: {name}, on the dominant hand."],
    one_hand=["Only one hand is needed.", "Just the dominant hand is involved.", "It is a one-hand sign."],
    two_same=["Both hands move the same way.", "The two hands act as mirror images."],
    two_base=["The second hand serves as a stationary base.", "Keep the non-dominant hand still, as a base."],
    two_different=["The second hand also moves, with a different handshape."],
    places={
        "Neutral": ["in neutral space", "in front of the torso"],
        "HeadAway": ["near the side of your head", "in front of the face"],
        "Mouth": ["by the lips", "at the corner of the mouth"],
        "Chin": ["against the chin", "at the jaw"],
        "Forehead": ["on the forehead", "at the brow"],
        "CheekNose": ["against your nose", "on the cheek"],
        "Eye": ["next to the eye", "beside your eye"],
        "TorsoTop": ["at the upper chest", "on the chest"],
        "Clavicle": ["on the collarbone", "near the collarbone"],
        "Shoulder": ["against the shoulder", "by your shoulder"],
        "Neck": ["on the neck", "at the neck"],
        "Palm": ["on the other hand's palm", "against the palm of the non-dominant hand"],
        "PalmBack": ["on the back of the non-dominant hand", "against the back of your other hand"],
        "HandAway": ["above the non-dominant hand", "close to the other hand"],
        "FingerTip": ["at the tips of the other hand's fingers", "on the other fingertips"],
        "UnderChin": ["below your chin", "beneath the chin"],
        "Hips": ["by the hip", "at your hips"],
        "HeadTop": ["at the crown of the head", "on the top of your head"],
    },
    locate=["Position it {place}{touch}.", "The hand goes {place}{touch}.", "Sign it {place}{touch}."],
    touch={True: [", making contact", " and touch it", ", in contact with it"],
           False: [", not touching", " without any contact", ", leaving a gap"]},
    moves={
        "Straight": ["move it straight", "push it in a line"],
        "Curved": ["arc it", "move it in a curve"],
        "Circular": ["circle it", "rotate it in a circle"],
        "BackAndForth": ["move it back and forth", "rock it side to side"],
        "None": ["keep it stationary", "keep it from moving"],
        "Z-shaped": ["move it in a zigzag", "zig-zag it"],
        "X-shaped": ["trace the shape of an X", "make an X shape"],
    },
    again={True: [" repeatedly", " several times", ", then do it again"],
           False: [", only one time", " a single time"]},
    move=["Then {move}{again}.", "Afterwards, {move}{again}.", "Next you {move}{again}."],
    repeat=["Do it several times in a row.", "Repeat this movement.", "The motion happens repeatedly."],
    no_repeat=["It is not repeated at all.", "No repetition is needed.", "Don't do it again.",
               "You should not repeat this motion."],
    hedged=[", nearly making contact", " until it is almost touching", ", getting close to touching",
            ", very nearly touching it"],
    negated=[", never touching it", " without making any contact", ", and it does not touch"],
    added=[", touching it lightly", " and make contact", ", tapping it"],
    second=["The non-dominant hand forms a C below it.", "Your other hand is held flat beneath.",
            "Both hands perform the movement.", "The left hand helps by holding a fist."],
    only_one=["It uses a single hand.", "Only one hand is involved.", "The non-dominant hand stays down at your side."],
    unsupported={
        "facial_expression": ["Eyebrows go up.", "Frown slightly.", "Make a surprised face.",
                              "Keep a serious facial expression."],
        "mouth": ["The mouth opens slightly.", "Blow out some air.", "Round your lips.", "Show your teeth."],
        "eye_gaze": ["Your eyes follow the hand.", "Look at the person you are talking to.",
                     "Gaze toward the dominant hand.", "Watch the movement."],
        "head_body": ["The head tilts forward.", "Nod slightly.", "The body leans back.", "Raise your shoulders."],
        "palm_orientation": ["The palm faces down.", "Palm up.", "Your palm is turned toward your body.",
                             "The palms face each other."],
        "fingertip_direction": ["Fingers point down.", "The fingertips point away from you.",
                                "The index finger points up.", "Point your fingers at the ceiling."],
        "count": ["Tap it twice.", "Do this three times.", "Make two circles.", "Move it two times."],
    },
)  # fmt: skip
# A second held-out set, written once the checker was final and run once for the report: its numbers
# are the checker's on words it has never been adjusted to.
FRESH = Templates(
    hand=["Make {a} {name} with the dominant hand.", "Your right hand takes {a} {name} handshape.",
          "The hand you sign with is {a} {name}.", "Use {a} {name} handshape."],
    one_hand=["No second hand is used.", "The sign needs a single hand.", "One hand does all the work."],
    two_same=["Each hand does the same motion.", "The hands move symmetrically."],
    two_base=["The left hand is a still base underneath.", "Hold the passive hand steady as a base."],
    two_different=["The left hand moves as well, in another shape."],
    places={
        "Neutral": ["in the neutral space", "in the space before your chest"],
        "HeadAway": ["a little in front of the face", "beside the head"],
        "Mouth": ["near the mouth", "at the lips"],
        "Chin": ["under the lower lip, at the chin", "at the chin"],
        "Forehead": ["at the brow", "near the forehead"],
        "CheekNose": ["by the nose", "at the cheek"],
        "Eye": ["close to the eye", "at the eye"],
        "TorsoTop": ["against the upper chest", "at the chest"],
        "Shoulder": ["on the shoulder", "near the shoulder"],
        "Palm": ["onto the palm of the left hand", "on the open palm of the other hand"],
        "PalmBack": ["on the back of the left hand", "against the back of the other hand"],
        "HandAway": ["over the other hand", "near the non-dominant hand"],
        "UnderChin": ["under the chin", "below the chin"],
    },
    locate=["The hand is at work {place}{touch}.", "You sign it {place}{touch}.", "It is made {place}{touch}."],
    touch={True: [", touching", " with contact", ", and it touches"],
           False: [", no contact", " without contact", ", not touching at all"]},
    moves={
        "Straight": ["it moves straight", "it travels in a straight line"],
        "Curved": ["it moves in an arc", "it curves along"],
        "Circular": ["it moves in circles", "it goes around in a circle"],
        "BackAndForth": ["it goes back and forth", "it moves to and fro"],
        "None": ["it stays put", "it does not travel"],
        "Z-shaped": ["it zigzags", "it moves in a Z"],
        "X-shaped": ["it draws an X", "it crosses in an X"],
    },
    again={True: [", over and over", ", more than one time", ", repeatedly"],
           False: [", a single time", ", only once"]},
    move=["Then {move}{again}.", "Meanwhile {move}{again}."],
    repeat=["Do this repeatedly.", "Then repeat it.", "Keep repeating the movement."],
    no_repeat=["It is done with no repetition.", "Never repeat it.", "Repeating it is not needed."],
    hedged=[", almost in contact", ", nearly touching", ", close to touching but not quite"],
    negated=[", never touching", ", with no touch at all", " but it does not touch"],
    added=[" and touches", ", making contact", ", tapping once"],
    second=["The left hand forms a B and holds still.", "The second hand copies the first.",
            "Both hands are used, the left one flat."],
    only_one=["It is signed with one hand.", "Only one hand moves; the other is not used.", "One hand only."],
    unsupported={
        "facial_expression": ["Eyebrows are raised throughout.", "A smile accompanies the sign.",
                              "The face looks surprised."],
        "mouth": ["The lips are pressed together.", "The mouth is open.", "The cheeks puff out."],
        "eye_gaze": ["The eyes look at the hands.", "Gaze is directed at the listener.", "Watch your fingers."],
        "head_body": ["The head nods.", "The signer leans back slightly.", "The shoulders rise."],
        "palm_orientation": ["The palm faces out.", "The palm is facing the signer.", "Palms face down."],
        "fingertip_direction": ["The fingertips point up.", "The fingers are pointing forward.",
                                "The index finger points down."],
        "count": ["It is done twice.", "Make two taps.", "It happens three times."],
    },
)  # fmt: skip
SETS = {"dev": DEV, "heldout": HELDOUT, "fresh": FRESH}
FRESH_SEED = 4242
MAJOR = {"Neutral": "Neutral", "HeadAway": "Head", "Mouth": "Head", "Chin": "Head", "Forehead": "Head",
         "CheekNose": "Head", "Eye": "Head", "TorsoTop": "Body", "Clavicle": "Body", "Shoulder": "Body",
         "Neck": "Body", "Palm": "Hand", "PalmBack": "Hand", "HandAway": "Hand", "FingerTip": "Hand",
         "UnderChin": "Head", "Hips": "Body", "HeadTop": "Head"}  # fmt: skip
OTHER_SHAPES = ["s", "5", "1", "open_b", "c", "v", "y", "a", "o", "l", "bent_1", "i", "f", "w"]
# What a planted error is about: a finding on one of these (and not on the base text) detects it.
EXPECTED: dict[str, set[str]] = {
    "swap_handshape": {"handshape"},
    "swap_location": {"minor_location", "major_location"},
    "swap_movement": {"movement"},
    "add_repetition": {"repeated_movement"},
    "negated_repetition": {"repeated_movement"},
    "hedged_contact": {"contact"},
    "negated_contact": {"contact"},
    "added_contact": {"contact"},
    "second_hand": {"sign_type", "second_hand", "nondominant_handshape"},
    "one_hand_only": {"sign_type"},
    **{k: {k} for k in DEV.unsupported},
}
CLEAN = ("correct", "paraphrase")


class Case(BaseModel):
    """One text of the set: its sign, its kind, and what was planted (empty for clean texts)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    templates: str  # "dev" or "heldout"
    gloss: str
    row: int
    kind: str
    base: str  # "facts" or "paraphrase": what the planted error went into
    text: str
    base_text: str
    planted: str = ""


def _article(name: str) -> str:
    return "an" if name[:1].upper() in set("AEFHILMNORSX8") and (len(name) == 1 or " " not in name) else "a"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _name(code: str) -> str:
    return HANDSHAPES[code][0]


def _family(code: str) -> str:
    """The base letter or number of a handshape code (flat_b, open_b, b: B; curved_5, 5: 5)."""
    for prefix in (
        "flatspread_",
        "stacked_",
        "spread_open_",
        "spread_",
        "curved_",
        "closed_",
        "open_",
        "flat_",
        "bent_",
        "baby_",
    ):
        code = code.removeprefix(prefix)
    return {"x": "1"}.get(code, code)


def _eligible(entry: LexiconEntry, t: Templates) -> bool:
    m = entry.phonology
    return bool(
        m.handshape
        and handshape_code(m.handshape) in HANDSHAPES
        and m.movement in t.moves
        and m.minor_location in t.places
        and MAJOR[m.minor_location] == m.major_location
        and m.contact is not None
        and m.repeated_movement is not None
        and m.sign_type
        and len(entry.morphemes) == 1
    )


class _Sign:
    """Sentences of one sign by role (hand, hands, move, place), from the facts or the templates."""

    def __init__(
        self, entry: LexiconEntry, rng: random.Random, source: FactSource, base: str, t: Templates
    ) -> None:
        self.entry, self.m, self.rng, self.base, self.t = entry, entry.phonology, rng, base, t
        if base == "facts":
            facts = sign_facts(entry, source.extras.get(entry.row, []), "right")
            assert facts is not None
            k = rng.randrange(5)
            roles = {"dominant": "hand", "nondominant": "hands", "movement": "move", "location": "place"}
            self.sentences = {roles[c.role]: c.say(k) for c in facts.clauses}
        else:
            self.sentences = {
                "hand": self.hand(handshape_code(self.m.handshape or "")),
                "hands": self.hands(),
                "move": self.move(self.m.movement or "", bool(self.m.repeated_movement)),
                "place": self.place(self.m.minor_location or "", bool(self.m.contact)),
            }
        self.order = list(self.sentences)
        rng.shuffle(self.order)

    def hand(self, code: str) -> str:
        name = _name(code)
        return self.rng.choice(self.t.hand).format(name=name, a=_article(name))

    def hands(self) -> str:
        kind = self.m.sign_type
        pools = {"OneHanded": self.t.one_hand, "SymmetricalOrAlternating": self.t.two_same,
                 "SymmetryViolation": self.t.two_different}  # fmt: skip
        pool = pools.get(kind or "", self.t.two_base)
        return self.rng.choice(pool)

    def move(self, code: str, again: bool, tail: str | None = None) -> str:
        moved = self.rng.choice(self.t.moves[code])
        said = self.rng.choice(self.t.again[again]) if tail is None else tail
        return _capital(self.rng.choice(self.t.move).format(move=moved, Move=_capital(moved), again=said))

    def place(self, code: str, touch: bool, tail: str | None = None) -> str:
        where = self.rng.choice(self.t.places[code])
        said = self.rng.choice(self.t.touch[touch]) if tail is None else tail
        return self.rng.choice(self.t.locate).format(place=where, touch=said)

    def text(self, replace: dict[str, str] | None = None, add: str = "") -> str:
        """The sentences in this sign's order, some replaced (a role the text lacks is added)."""
        replace = replace or {}
        said = [replace.get(r, self.sentences[r]) for r in self.order]
        extra = [add] if add else []
        extra += [text for role, text in replace.items() if role not in self.sentences]
        for sentence in extra:
            said.insert(self.rng.randrange(len(said) + 1), sentence)
        return " ".join(said)


def _plant(kind: str, sign: _Sign) -> tuple[str, str] | None:
    """(text, planted words) for one kind on one sign, or None when the kind does not apply to it."""
    m, rng, t = sign.m, sign.rng, sign.t
    code = handshape_code(m.handshape or "")
    if kind == "swap_handshape":
        other = rng.choice([c for c in OTHER_SHAPES if _family(c) != _family(code)])
        said = sign.hand(other)
        return sign.text({"hand": said}), said
    if (
        kind == "swap_location"
    ):  # another major location (hands meeting in neutral space are coded either way)
        here = MAJOR[m.minor_location or ""]
        other = rng.choice(
            [p for p in t.places if MAJOR[p] != here and {MAJOR[p], here} != {"Hand", "Neutral"}]
        )
        said = (
            sign.place(other, bool(m.contact))
            if MAJOR[other] != "Neutral" or not m.contact
            else sign.place(other, False)
        )
        return sign.text({"place": said}), said
    if kind == "swap_movement":
        other = rng.choice([c for c in t.moves if c != m.movement])
        said = sign.move(other, bool(m.repeated_movement))
        return sign.text({"move": said}), said
    if kind == "add_repetition" and not m.repeated_movement:
        said = rng.choice(t.repeat)
        return sign.text({"move": sign.move(m.movement or "", False, tail="")}, add=said), said
    if kind == "negated_repetition" and m.repeated_movement:
        said = rng.choice(t.no_repeat)
        return sign.text({"move": sign.move(m.movement or "", True, tail="")}, add=said), said
    if kind in {"hedged_contact", "negated_contact"} and m.contact:
        said = rng.choice(t.hedged if kind == "hedged_contact" else t.negated)
        return sign.text({"place": sign.place(m.minor_location or "", True, tail=said)}), said
    if kind == "added_contact" and not m.contact:
        said = rng.choice(t.added)
        return sign.text({"place": sign.place(m.minor_location or "", False, tail=said)}), said
    if kind == "second_hand" and m.sign_type == "OneHanded":
        said = rng.choice(t.second)
        return sign.text({"hands": said}), said
    if kind == "one_hand_only" and m.sign_type not in {None, "OneHanded"}:
        said = rng.choice(t.only_one)
        return sign.text({"hands": said}), said
    if kind in t.unsupported:
        said = rng.choice(t.unsupported[kind])
        return sign.text(add=said), said
    return None


def generate(lexicon: Path, seed: int = SEED, per_kind: int = PER_KIND, templates: str = "dev") -> list[Case]:
    """The whole set, deterministic for a seed: ``per_kind`` cases of every kind (clean ones included),
    in one template set (``dev`` or ``heldout``)."""
    rng = random.Random(seed)
    t = SETS[templates]
    source = FactSource(lexicon)
    entries = [e for e in load_lexicon(lexicon) if _eligible(e, t)]
    cases: list[Case] = []
    for kind in (*CLEAN, *EXPECTED):
        made = 0
        while made < per_kind:
            entry = rng.choice(entries)
            base = "paraphrase" if kind == "paraphrase" or (kind != "correct" and made % 2) else "facts"
            sign = _Sign(entry, rng, source, base, t)
            planted = ("", "") if kind in CLEAN else _plant(kind, sign)
            if planted is None:
                continue
            text, words = planted if kind not in CLEAN else (sign.text(), "")
            cases.append(Case(id=f"{templates}-{kind}-{made}", templates=templates, gloss=entry.entry_id, row=entry.row, kind=kind, base=base,
                              text=text, base_text=sign.text(), planted=words))  # fmt: skip
            made += 1
    return cases


def write(cases: Iterable[Case], path: Path) -> None:
    """The set as gzipped JSON lines (mtime 0: the same set gives the same bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(c.model_dump_json() + "\n" for c in cases).encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0))


def read(path: Path) -> list[Case]:
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    return [Case.model_validate_json(line) for line in lines if line]


def findings(checker: Checker, text: str, coded: Coded) -> set[tuple[str, str]]:
    """(attribute or property, verdict) of every contradiction and unsupported claim in ``text``."""
    field = checker.check_field("case", text, coded)
    return {(c.attribute, "contradicted") for c in field.contradictions} | {
        (u.property, "unsupported") for u in field.unsupported
    }


def score(cases: list[Case], checker: Checker, lexicon: list[LexiconEntry]) -> dict[str, Any]:
    """Per kind: cases, detected (planted kinds) or flagged (clean kinds), and the misses' texts."""
    by_row = {e.row: e for e in lexicon}
    counts: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    misses: dict[str, list[dict[str, Any]]] = {}
    for case in cases:
        entry = by_row[case.row]
        coded = checker.vocabulary.accepted(coded_from_morphemes(m.model_dump() for m in entry.morphemes))
        found = findings(checker, case.text, coded)
        counts[case.kind] += 1
        if case.kind in CLEAN:
            hit = bool(found)
        else:
            new = found - findings(checker, case.base_text, coded)
            hit = any(attribute in EXPECTED[case.kind] for attribute, _ in new)
        if hit:
            hits[case.kind] += 1
        if hit == (case.kind in CLEAN):
            misses.setdefault(case.kind, []).append(
                {"id": case.id, "text": case.text, "found": sorted(found)}
            )
    return {
        kind: {"cases": counts[kind], "hits": hits[kind], "rate": hits[kind] / counts[kind],
               "misses": misses.get(kind, [])}
        for kind in counts
    }  # fmt: skip
