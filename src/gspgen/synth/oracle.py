"""Ground-truth descriptions of a :class:`SignPlan`: what is true of the hands, face, mouth and body.

Texts describe a right-handed performance, as dictionaries do (left-handed signers are mirrored in the
data, as in real recordings). Each sentence states facts the performer animates, so the texts are
informative about the motion, and scoring an LLM description against them is meaningful.
"""

from __future__ import annotations

from gspgen.synth.hand import EXTENDED_UNSELECTED
from gspgen.synth.phonology import HandshapeSpec, Phase, SignPlan

_FINGERS = {"i": "index", "m": "middle", "r": "ring", "p": "little"}
_FLEXION = {
    "FullyOpen": "straight",
    "Flat": "bent flat at the knuckles",
    "Bent": "hooked at the middle joints",
    "Curved": "curved",
    "FullyClosed": "closed into the palm",
    "Stacked": "stacked at increasing angles",
    "Crossed": "crossed over each other",
    "NA": "",
}
_LOCATION = {
    "Forehead": "the forehead",
    "Eye": "beside the eye",
    "CheekNose": "the cheek",
    "Mouth": "the mouth",
    "UpperLip": "the upper lip",
    "Chin": "the chin",
    "UnderChin": "under the chin",
    "HeadTop": "the top of the head",
    "HeadAway": "the space beside the head",
    "Neck": "the neck",
    "Shoulder": "the shoulder",
    "Clavicle": "the collarbone",
    "TorsoTop": "the upper chest",
    "TorsoMid": "the middle of the chest",
    "TorsoBottom": "the stomach",
    "Waist": "the waist",
    "Hips": "the hip",
    "BodyAway": "the space in front of the body",
    "Neutral": "the space in front of the body",
    "Palm": "the palm of the left hand",
    "PalmBack": "the back of the left hand",
    "FingerTip": "the fingertips of the left hand",
    "FingerRadial": "the index-finger side of the left hand",
    "FingerUlnar": "the little-finger side of the left hand",
    "FingerFront": "the front of the left fingers",
    "FingerBack": "the back of the left fingers",
    "Heel": "the heel of the left hand",
    "HandAway": "the space above the left hand",
    "WristBack": "the back of the left wrist",
    "WristFront": "the inside of the left wrist",
    "UpperArm": "the left upper arm",
    "ElbowBack": "the left elbow",
    "ForearmBack": "the left forearm",
    "ForearmFront": "the inside of the left forearm",
    "ForearmUlnar": "the left forearm",
    "ForearmRadial": "the left forearm",
    "ArmAway": "the space above the left forearm",
}
_PALM = {
    "Head": "palm toward the face",
    "Body": "palm toward the body",
    "Neutral": "palm facing inward, fingers pointing forward and up",
    "Hand": "palm down",
    "Arm": "palm down",
}
_DIRECTION = {
    "down": "downward",
    "up": "upward",
    "outward": "outward to the side",
    "inward": "inward across the body",
    "forward": "forward, away from the body",
}
_AXIS = {
    "down": "up and down",
    "up": "up and down",
    "outward": "side to side",
    "inward": "side to side",
    "forward": "toward and away from the body",
}
_AWAY = {
    "HeadAway": "away from the head",
    "BodyAway": "away from the body",
    "HandAway": "up away from the left hand",
    "ArmAway": "up away from the arm",
}
_PLANE = {"vertical": "vertical plane facing forward", "horizontal": "horizontal plane"}
_VOWEL = {"open": "open wide", "rounded": "rounded", "spread": "spread"}


def handshape_name(code: str) -> str:
    """'curved_5' → "curved 5", 'baby_o' → "baby O", 's' → "S"."""
    return " ".join(w.upper() if len(w) == 1 else w for w in code.split("_"))


def _selected(letters: str) -> str:
    if letters == "imrp":
        return "all four fingers"
    names = [_FINGERS[c] for c in letters if c in _FINGERS]
    if len(names) == 1:
        return f"the {names[0]} finger"
    return f"the {', '.join(names[:-1])} and {names[-1]} fingers"


def handshape_text(spec: HandshapeSpec) -> str:
    """The handshape named and spelled out as finger and thumb positions."""
    name = f"the {handshape_name(spec.code)} handshape"
    if spec.selected == "t":
        return f"{name}: a fist with the thumb extended upward along its side"
    bits = [f"{_selected(spec.selected)} {_FLEXION.get(spec.flexion, '')}".strip()]
    if spec.spread is not None and len(spec.selected) > 1:
        bits.append("spread apart" if spec.spread else "held together")
    if spec.selected != "imrp":
        bits.append(
            "the other fingers extended" if spec.code in EXTENDED_UNSELECTED else "the other fingers closed"
        )
    if spec.thumb_contact:
        bits.append("the thumb touching the fingertips")
    else:
        bits.append("the thumb out to the side" if spec.thumb_open else "the thumb tucked in")
    return f"{name}: {', '.join(bits)}"


def _path(phase: Phase, two_handed: bool) -> str:
    where = _LOCATION.get(phase.location, "the space in front of the body")
    times = " twice" if phase.repeated else ""
    kind = phase.movement
    if phase.end_location in _AWAY:
        heading = _AWAY[phase.end_location]
    elif phase.end_location:
        heading = f"to {_LOCATION.get(phase.end_location, 'another place')}"
    else:
        heading = _DIRECTION[phase.direction]
    if phase.contact and phase.major == "Neutral" and two_handed:
        where = "the left hand"
    if phase.contact and phase.end_location is None and kind in ("Straight", "Curved", "None"):
        return f"taps {where} repeatedly" if phase.repeated else f"moves in and touches {where}"
    touch = f"touches {where}, then " if phase.contact else f"starts near {where}, then "
    moves = {
        "Straight": f"moves in a straight line {heading}{times}",
        "Curved": f"moves in an arc {heading}{times}",
        "Circular": f"circles{times} in a {_PLANE[phase.plane]}",
        "BackAndForth": f"moves back and forth {_AXIS[phase.direction]}",
        "Z-shaped": "traces a Z shape",
        "X-shaped": "traces an X shape",
        "Other": "wiggles slightly in place",
        "None": "holds still",
    }
    return touch + moves[kind]


def right_hand(plan: SignPlan) -> str:
    first = plan.phases[0]
    two = plan.sign_type in ("symmetrical", "alternating")
    text = f"The right hand makes {handshape_text(first.handshape)}; {_PALM[first.major]}. It {_path(first, two)}."
    for phase in plan.phases[1:]:
        change = (
            "" if phase.handshape == first.handshape else f"changes to {handshape_text(phase.handshape)} and "
        )
        text += f" Then it {change}{_path(phase, two)}."
    return text


def left_hand(plan: SignPlan) -> str:
    shape = handshape_text(plan.nondominant) if plan.nondominant else ""
    if plan.sign_type == "one_handed":
        return "The left hand stays down at rest and takes no part."
    if plan.sign_type == "symmetrical":
        return (
            f"The left hand mirrors the right hand on the other side with {shape}, moving at the same time."
        )
    if plan.sign_type == "alternating":
        return f"The left hand mirrors the right hand with {shape}, moving in alternation with it."
    if plan.base == "arm":
        return (
            f"The left forearm is held across the body, palm down, with {shape}; the right hand acts on it."
        )
    palm = "palm down" if plan.phases[0].location in ("PalmBack", "WristBack", "FingerBack") else "palm up"
    return f"The left hand is held still in front of the body, {palm}, with {shape}, as a base for the right."


def face(plan: SignPlan) -> str:
    return {
        "tilt_to_hand": "The head tilts and turns slightly toward the right hand near the face.",
        "look_at_hands": "The head bows slightly as the eyes look down at the hands.",
        "none": "The head stays facing forward.",
    }[plan.head]


def mouth(plan: SignPlan) -> str:
    n = len(plan.syllables)
    shapes = ", then ".join(_VOWEL[v] for v in plan.vowels)
    count = "one syllable" if n == 1 else f"{n} syllables ({'-'.join(plan.syllables)})"
    return f"The mouth silently forms the English word '{plan.gloss}' in {count}: lips {shapes}."


def body(plan: SignPlan) -> str:
    return {
        "lean_forward": "The upper body leans forward as the hand moves away.",
        "lean_back": "The upper body draws back slightly as the hand touches it.",
        "sway": "The shoulders sway from side to side with the circling hands.",
        "upright": "The body stays upright and still.",
    }[plan.body]


def part_texts(plan: SignPlan) -> dict[str, str]:
    """One text per part tag (left_hand, right_hand, face, mouth, body)."""
    return {
        "left_hand": left_hand(plan),
        "right_hand": right_hand(plan),
        "face": face(plan),
        "mouth": mouth(plan),
        "body": body(plan),
    }


def global_text(plan: SignPlan) -> str:
    """The whole sign in a few sentences: both hands, then mouth, head and body."""
    parts = part_texts(plan)
    hands = parts["right_hand"]
    if plan.sign_type != "one_handed":
        hands += " " + parts["left_hand"]
    return f"{hands} {parts['mouth']} {parts['face']} {parts['body']}"
