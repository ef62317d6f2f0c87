"""The bundled claim vocabulary: English descriptions of ASL signs, coded as in ASL-LEX 2.0.

Pure data (validated by :class:`gspgen.check.vocabulary.Vocabulary`); the schema and term syntax are in
``docs/check.md``. Values are ASL-LEX codes (``signdataKEYfnl.csv``; handshapes lower-cased, booleans
"true"/"false") or groups named ``family_*`` / ``two_handed`` etc. that cover several codes.
Terms are regex fragments matched case-insensitively on word boundaries; a space matches any run of
spaces, hyphens or underscores. Single-letter handshape names only match upper-case ("B handshape",
never "a handshape") unless quoted.
"""

from __future__ import annotations

import re
from typing import Any

from gspgen.corpus.render import HANDSHAPES as RENDERED_HANDSHAPES

# Handshape code -> (selected fingers, flexion) as ASL-LEX codes them in >= 90% of its signs (None where
# the lexicon disagrees with itself). Naming a handshape states these too (as implied claims, which
# count when they agree and never raise a contradiction).
HANDSHAPE_FEATURES: dict[str, tuple[str | None, str | None]] = {
    "1": ("i", "FullyOpen"), "open_b": ("imrp", "FullyOpen"), "s": ("imrp", "FullyClosed"),
    "a": ("t", None), "curved_5": ("imrp", "Curved"), "5": ("imrp", "FullyOpen"),
    "baby_o": ("i", "Bent"), "c": ("imrp", "Curved"), "f": ("i", "Curved"), "flat_b": ("imrp", "Flat"),
    "o": ("imrp", "Curved"), "h": ("im", "FullyOpen"), "closed_b": ("imrp", "FullyOpen"),
    "v": ("im", "FullyOpen"), "open_8": ("m", "Flat"), "bent_1": ("i", "Bent"), "p": ("im", "Stacked"),
    "flat_o": ("imrp", "Flat"), "y": ("p", "FullyOpen"), "l": ("i", "FullyOpen"),
    "flatspread_5": ("imrp", "Flat"), "g": ("i", "Flat"), "bent_v": ("im", "Bent"),
    "4": ("imrp", "FullyOpen"), "r": ("im", "Crossed"), "curved_v": ("im", "Curved"),
    "i": ("p", "FullyOpen"), "curved_l": ("i", "Curved"), "flat_1": ("i", "Flat"), "3": ("im", "FullyOpen"),
    "flat_h": ("im", "Flat"), "8": ("m", None), "d": (None, "Curved"), "bent_l": ("i", "Bent"),
    "e": ("imrp", "Bent"), "w": (None, None), "horns": (None, None), "flat_v": ("im", "Flat"),
    "spread_open_e": ("imrp", "Bent"), "stacked_5": ("imrp", "Stacked"), "open_h": ("im", "FullyOpen"),
    "curved_1": ("i", "Curved"), "ily": ("ip", "FullyOpen"), "flat_m": (None, "Flat"),
    "open_e": ("imrp", "Bent"), "curved_h": (None, "Curved"), "flat_n": ("im", "Flat"),
    "flat_horns": ("ip", "Flat"), "flat_4": ("imrp", "Flat"), "curved_4": ("imrp", "Curved"),
    "open_f": ("i", "Curved"), "goody_goody": ("imp", "FullyOpen"), "t": (None, None),
    "flat_ily": ("ip", "Flat"), "closed_e": ("imrp", "Bent"), "k": ("m", "Stacked"),
    "spread_e": ("imrp", "Bent"), "7": ("r", "Curved"),
}  # fmt: skip

# Extra names beside the code itself ("open_b" is also "open B"); templates turn names into phrases.
HANDSHAPE_NAMES: dict[str, list[str]] = {
    "1": ["1", "Z"], "curved_5": ["curved 5", "claw", "clawed 5", "claw 5", "bent 5"],
    "baby_o": ["baby o", "small o"], "flat_b": ["flat b", "bent b"], "open_8": ["open 8"],
    "ily": ["ily", "i love you"], "flat_ily": ["flat ily", "bent ily", "bent i love you"],
    "flatspread_5": ["flatspread 5", "flat spread 5"], "stacked_5": ["stacked 5"],
    "spread_open_e": ["spread open e"], "goody_goody": ["goody goody"], "bent_1": ["bent 1", "X"],
    "flat_m": ["flat m", "M"], "flat_n": ["flat n", "N"], "flat_h": ["flat h", "bent h"],
    "flat_horns": ["flat horns", "bent horns"], "g": ["g", "Q"], "h": ["h", "U"], "i": ["i", "J"],
    "v": ["v", "2"], "w": ["w", "6"], "f": ["f", "9"],
}  # fmt: skip

# Coarse names: "B handshape" is true of every B variant, so it covers them (and contradicts none).
FAMILIES: dict[str, list[str]] = {
    "1": ["1", "bent_1", "flat_1", "curved_1"], "b": ["open_b", "flat_b", "closed_b"],
    "5": ["5", "curved_5", "flatspread_5", "stacked_5"], "o": ["o", "flat_o", "baby_o"],
    "e": ["e", "open_e", "spread_open_e", "closed_e", "spread_e"], "h": ["h", "flat_h", "open_h", "curved_h"],
    "v": ["v", "bent_v", "curved_v", "flat_v"], "l": ["l", "curved_l", "bent_l"],
    "4": ["4", "flat_4", "curved_4"], "8": ["8", "open_8"], "f": ["f", "open_f"],
    "ily": ["ily", "flat_ily"], "horns": ["horns", "flat_horns"],
}  # fmt: skip

# Descriptive phrases for handshapes, as groups (value -> covers, terms).
HANDSHAPE_PHRASES: dict[str, tuple[list[str], list[str]]] = {
    "flat_hand": (
        ["open_b", "flat_b", "closed_b"],
        [r"flat (open )?hand", r"hand (is )?(held )?flat", r"flat palm", r"palm flat", r"flattened hand",
         r"fingers (held )?together and (straight|extended)", r"straight fingers together"],
    ),
    "open_hand": (
        ["5", "open_b", "closed_b", "flat_b", "4", "flatspread_5"],
        [r"open hand", r"open palm", r"hands? (is |are )?(also |held |kept )?open", r"handshape( of [\w\s]{1,20})? is (also )?open"],
    ),
    "spread_hand": (
        ["5", "curved_5", "flatspread_5", "stacked_5", "4"],
        [r"(fingers|all fingers) (are )?(spread|splayed|apart)( apart| wide)?",
         r"(spread|splayed|outspread|open) fingers", r"spread hand", r"fingers spread out"],
    ),
    "fist": (["s", "a", "e", "t", "closed_e"], [r"(closed |tight )?fist(ed)?", r"hand closed", r"closed hand"]),
    "index_extended": (
        ["1", "l"],
        [r"(extended|pointing|outstretched|raised|straight) index( finger)?",
         r"index finger (is )?(extended|pointing|points|pointed|raised|straight|out|up|sticks out)",
         r"pointing (hand|finger)", r"point(s|ing)? (with )?(the|its|your|their) index finger"],
    ),
    "two_fingers": (
        ["v", "h", "open_h", "k", "3", "r", "curved_v", "bent_v", "flat_v", "flat_h"],
        [r"(index and middle|first two|two) fingers (are )?(extended|out|raised|straight|together|spread)",
         r"(extended|raised) index and middle fingers"],
    ),
    "pinky_extended": (
        ["i", "y", "ily", "horns"],
        [r"(extended|raised) (pinky|pinkie|little finger)",
         r"(pinky|pinkie|little finger) (is )?(extended|raised|up|out|sticks out)"],
    ),
    "thumb_pinky": (["y"], [r"thumb and (pinky|pinkie|little finger) (are )?(extended|out|spread)"]),
    "circle_shape": (
        ["o", "f", "baby_o", "flat_o", "open_f"],
        [r"form(s|ing)? (a|an) (small )?(circle|ring|o)", r"(thumb and index( finger)?|index( finger)? and thumb)"
         r" (touch|touching|form|forming|make|making|pinch|pinched|join|joined)( each other| together)?",
         r"fingertips (touch(ing)?|meet(ing)?|together|bunched|pinched)( the thumb| each other| together)?",
         r"(thumb|index) (touches|touching|meets) the (tip of the )?(thumb|index finger)"],
    ),
    "cupped_hand": (
        ["c", "curved_5", "o", "curved_4"],
        [r"cupped( hand)?", r"hand (is )?cupped", r"curved hand", r"hand (is )?curved"],
    ),
    "thumb_up": (["a", "s"], [r"thumbs? up", r"thumb (is )?(raised|sticks up|pointing up)"]),
}  # fmt: skip


def _implies(codes: list[str]) -> dict[str, str]:
    """What every code of a group agrees on (selected fingers, flexion)."""
    features = [HANDSHAPE_FEATURES.get(c, (None, None)) for c in codes]
    implied = {}
    for slot, attribute in enumerate(("selected_fingers", "flexion")):
        values = {f[slot] for f in features}
        if len(values) == 1 and (value := values.pop()) is not None:
            implied[attribute] = value
    return implied


def _handshapes() -> dict[str, Any]:
    """Plain codes, family groups (which take the bare names: "5 handshape" covers every 5), phrases."""
    values: dict[str, Any] = {}
    for code in HANDSHAPE_FEATURES:
        names = [] if code in FAMILIES else [code.replace("_", " "), *HANDSHAPE_NAMES.get(code, [])]
        values[code] = {"names": list(dict.fromkeys(names)), "implies": _implies([code])}
    values["lax"] = {"names": ["lax"], "display": "lax"}  # not coded, but its gloss must not be rescored
    for family, codes in FAMILIES.items():
        names = list(dict.fromkeys([family, *HANDSHAPE_NAMES.get(family, [])]))
        values[f"family_{family}"] = {"names": names, "covers": codes, "implies": _implies(codes)}
    for code, (_, look) in RENDERED_HANDSHAPES.items():  # P3 inlines these words in place of the name
        target = "family_b" if code == "b" else code  # codes the table above lacks become plain values
        values.setdefault(target, {}).setdefault("terms", []).append(re.escape(look))
    for group, (codes, terms) in HANDSHAPE_PHRASES.items():
        display = group.replace("_", " ")
        values[group] = {"terms": terms, "covers": codes, "implies": _implies(codes), "display": display}
    return values


def _minor(
    terms: list[str], major: str | None, free: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    implies = {"major_location": major} if major else {}
    return {"terms": terms, "free_terms": free or [], "implies": implies | extra.pop("implies", {}), **extra}


_OTHER_HAND = r"(other|non dominant|nondominant|passive|base|weak|left|supporting|second|opposite) hand"

MINOR_LOCATIONS: dict[str, Any] = {
    "Forehead": _minor([r"forehead", r"brow", r"temple"], "Head"),
    "Chin": _minor([r"chin", r"jaw", r"jawline"], "Head"),
    "UnderChin": _minor([], "Head", [r"(under|below|beneath) the chin", r"underside of the chin"]),
    "Mouth": _minor([r"mouth", r"lips?", r"corner of the mouth"], "Head"),
    "UpperLip": _minor([r"upper lip"], "Head", [r"above the (upper )?lip"]),
    "CheekNose": _minor([r"cheeks?", r"nose", r"nostrils?", r"side of the face"], "Head"),
    "Eye": _minor([r"eyes?", r"eyebrows?"], "Head"),
    "HeadTop": _minor([r"top of the head", r"crown"], "Head"),
    "HeadAway": _minor(
        [], "Head",
        [r"(in front of|beside|next to|near|close to|away from|at the side of) the (face|head)",
         r"(near|beside|next to) (the )?(side of the )?(face|head)"],
    ),
    "Neck": _minor([r"neck", r"throat"], "Body"),
    "Shoulder": _minor([r"shoulders?"], "Body"),
    "Clavicle": _minor([r"collarbones?", r"clavicles?"], "Body"),
    "TorsoTop": _minor([r"chest", r"upper chest", r"breast", r"heart"], "Body"),
    "TorsoMid": _minor([r"middle of the (torso|chest)"], "Body"),
    "TorsoBottom": _minor([r"lower (torso|stomach|chest)"], "Body"),
    "stomach": _minor([r"stomach", r"belly", r"abdomen"], "Body", covers=["TorsoMid", "TorsoBottom"], display="stomach"),
    "Waist": _minor([r"waist"], "Body"),
    "Hips": _minor([r"hips?"], "Body"),
    "Palm": _minor(
        [r"palm( of the " + _OTHER_HAND + ")?", r"(other|non dominant|nondominant|passive|base) palm"], "Hand",
        implies={"sign_type": "two_handed"},
    ),
    "PalmBack": _minor([r"back of the (" + _OTHER_HAND + "|hand)"], "Hand", implies={"sign_type": "two_handed"}),
    "Heel": _minor([r"heel of the (" + _OTHER_HAND + "|hand)", r"base of the palm"], "Hand"),
    "FingerUlnar": _minor([r"(little finger|pinky|pinkie) side of the (fingers|hand)"], "Hand"),
    "FingerRadial": _minor([r"(thumb|index finger) side of the (fingers|hand)"], "Hand"),
    "ForearmUlnar": _minor([r"(little finger|pinky|pinkie) side of the forearm"], "Arm"),
    "ForearmRadial": _minor([r"(thumb|index finger) side of the forearm"], "Arm"),
    "fingers": _minor(
        [r"(index |middle |ring |little )?fingers?( tip)? of the " + _OTHER_HAND, r"thumb of the " + _OTHER_HAND,
         r"(front|back|tips?|side|edge) of the fingers", r"fingertips", _OTHER_HAND + "'s (fingers|fingertips)"],
        "Hand", covers=["FingerFront", "FingerBack", "FingerRadial", "FingerUlnar", "FingerTip"],
        display="fingers",
    ),
    "HandAway": _minor([], "Hand", [r"(above|over|near|beside|in front of) the " + _OTHER_HAND]),
    "wrist": _minor([r"wrists?"], "Arm", covers=["WristBack", "WristFront"], display="wrist"),
    "forearm": _minor(
        [r"forearms?"], "Arm", covers=["ForearmBack", "ForearmFront", "ForearmUlnar", "ForearmRadial"],
        display="forearm",
    ),
    "ElbowBack": _minor([r"elbows?"], "Arm"),
    "UpperArm": _minor([r"upper arm", r"biceps?"], "Arm"),
    "ArmAway": _minor([], "Arm", [r"(near|beside|next to|in front of) the (non dominant |other |left )?arm"]),
    "Neutral": _minor(
        [], "Neutral",
        [r"neutral (signing )?space", r"signing space", r"in the air", r"(in )?(the )?space in front of( the)?"
         r" (body|signer|chest|torso)"],
        display="neutral space",
    ),
    "head_level": _minor(
        [], "Head", [r"(at |near )?(face|eye|head|chin|mouth|forehead) (height|level)"], covers=["HeadAway"],
        display="in front of the head",
    ),
    "chest_level": _minor(
        [], None, [r"(at |near )?(chest|shoulder|stomach|waist) (height|level)"], covers=["Neutral", "BodyAway"],
        display="in front of the body",
    ),
    "front_of_body": _minor(
        [], None,
        [r"(in front of|before) (the |your |their |one's )?(body|chest|torso|signer)"],
        covers=["Neutral", "BodyAway"], display="in front of the body",
    ),
}  # fmt: skip

VOCABULARY: dict[str, Any] = {
    "language": "ase",
    "name": "English descriptions of ASL, ASL-LEX 2.0 coding",
    "attributes": {
        "minor_location": {"label": "location", "context": "location", "values": MINOR_LOCATIONS},
        "major_location": {
            "label": "major location",
            "context": "location",
            "values": {
                "Head": {"terms": [r"head", r"face"]},
                "Body": {"terms": [r"body", r"torso", r"trunk"]},
                "other_hand": {
                    # ASL-LEX codes hands that meet in a symmetrical sign as neutral space, so "touches the
                    # other hand" agrees with Hand and Neutral alike.
                    "terms": [_OTHER_HAND],
                    "covers": ["Hand", "Neutral"],
                    "implies": {"sign_type": "two_handed"},
                    "display": "the other hand",
                },
                "Arm": {"terms": [r"arm"]},
                "Neutral": {"display": "neutral space"},
            },
        },
        "handshape": {
            "label": "handshape",
            "hands": "split",
            "nondominant_attribute": "nondominant_handshape",
            "values": _handshapes(),
        },
        "nondominant_handshape": {"label": "non-dominant handshape", "values_from": "handshape"},
        "selected_fingers": {
            "label": "selected fingers",
            "context": "not_location",
            "values": {
                "i": {"terms": [r"index finger", r"forefinger", r"pointer finger", r"pointing finger"]},
                "im": {"terms": [r"index and middle fingers?", r"first two fingers", r"two fingers"]},
                "imrp": {"terms": [r"all (four |the |five )?fingers", r"four fingers", r"whole hand"]},
                "imr": {"terms": [r"(index, middle and ring|three) fingers"]},
                "m": {"terms": [r"middle finger"]},
                "p": {"terms": [r"pinky", r"pinkie", r"little finger"]},
                "ip": {
                    "terms": [
                        r"index (finger )?and (pinky|pinkie|little finger)",
                        r"index and little fingers",
                    ]
                },
                "mrp": {"terms": [r"middle, ring and (little|pinky) fingers", r"last three fingers"]},
                "mr": {"terms": [r"middle and ring fingers"]},
                "t": {"terms": [r"only the thumb", r"thumb alone"]},
            },
        },
        "flexion": {
            "label": "finger flexion",
            "values": {
                "FullyOpen": {
                    "terms": [
                        r"fingers[;,]? (are )?(fully |all )?(extended|straight|stretched)",
                        r"(straight|extended|stretched) fingers",
                        r"fully extended",
                    ],
                },
                "Curved": {
                    "terms": [
                        r"fingers[;,]? (and thumb )?(are )?(curved|rounded|arched)",
                        r"(curved|rounded|arched) fingers",
                    ],
                },
                "Bent": {
                    "terms": [
                        r"fingers[;,]? (are )?bent( over| \(hooked\))?",
                        r"bent fingers",
                        r"hooked( fingers)?",
                        r"bent at the (middle |second )?knuckles?",
                    ],
                },
                "Flat": {
                    "terms": [
                        r"bent at the (base|palm) knuckles?( with straight fingers)?",
                        r"bent at the base",
                        r"(fingers )?bent flat( at the (base |palm )?knuckles?)?",
                    ]
                },
                "FullyClosed": {
                    "terms": [
                        r"fingers (are )?(closed|curled|folded)( into the palm)?",
                        r"(fully )?closed into the palm",
                        r"fully closed",
                        r"curled into the palm",
                    ],
                },
                "Stacked": {"terms": [r"stacked fingers", r"fingers[;,]? (are )?stacked"]},
                "Crossed": {"terms": [r"crossed fingers", r"fingers[;,]? (are )?crossed"]},
            },
        },  # fmt: skip
        "movement": {
            "label": "movement",
            "values": {
                "Straight": {
                    "terms": [
                        r"straight (line|path|movement|motion)",
                        r"(moves|move|moving) straight",
                        r"in a straight line",
                        r"straight (forward|down|up|out|outward|back)",
                    ],
                },
                "Curved": {
                    "terms": [
                        r"arc(s|ing)?",
                        r"curved (path|movement|motion|line)",
                        r"in an arc",
                        r"arc shaped",
                        r"sweep(s|ing)?",
                        r"curves?",
                    ],
                },
                "Circular": {
                    "terms": [
                        r"circles?",
                        r"circular",
                        r"circling",
                        r"in a circle",
                        r"rotat(es|e|ing) in a circle",
                        r"circular (movement|motion)",
                        r"small circles",
                    ],
                },
                "Z-shaped": {"terms": [r"z shaped?", r"zigzag", r"zig zag"]},
                "X-shaped": {"terms": [r"x shaped?", r"traces? an x", r"(in|draws?) an x"]},
                "BackAndForth": {
                    "terms": [r"back and forth", r"side to side", r"to and fro", r"up and down"]
                },
                "None": {
                    "terms": [
                        r"no (path )?movement",
                        r"(is |are )?(held|holds?|kept|remains?|stays?) (still|stationary|"
                        r"in place|motionless)",
                        r"stationary",
                        r"does not move",
                        r"without moving",
                        r"motionless",
                    ],
                    "display": "no path movement",
                },
            },
        },  # fmt: skip
        "repeated_movement": {
            "label": "repetition",
            "values": {
                "true": {
                    "terms": [
                        r"repeat(s|ed|edly|ing)?",
                        r"twice",
                        r"two times",
                        r"three times",
                        r"several times",
                        r"multiple times",
                        r"a few times",
                        r"again",
                        r"over and over",
                        r"double",
                        r"(tap|taps|tapping|brush|brushes) (several|a few|two|multiple) times",
                    ],
                    "display": "repeated",
                },
                "false": {
                    "terms": [
                        r"(only|just) once",
                        r"once only",
                        r"a single (movement|motion|tap|time|stroke|arc|"
                        r"circle)",
                        r"one time",
                        r"not repeated",
                        r"single movement",
                    ],
                    "display": "not repeated",
                },
            },
        },  # fmt: skip
        "contact": {
            "label": "contact",
            "values": {
                "true": {
                    "terms": [
                        r"touch(es|ed|ing)?",
                        r"contacts?",
                        r"contacting",
                        r"tap(s|ped|ping)?",
                        r"brush(es|ed|ing)?",
                        r"strikes?",
                        r"striking",
                        r"hits?",
                        r"rest(s|ing)? on",
                        r"make(s)? contact",
                        r"slid(es|e|ing)? (across|along|over|down|up|off|on)",
                        r"in contact",
                    ],
                    "display": "contact",
                },
                "false": {
                    "terms": [
                        r"no contact",
                        r"without (touching|contact)",
                        r"(does|do) not touch",
                        r"doesn't touch",
                        r"never touch(es)?",
                        r"not touching",
                        r"without making contact",
                    ],
                    "display": "no contact",
                },
            },
        },  # fmt: skip
        "sign_type": {
            "label": "sign type",
            "hands": "none",
            "values": {
                "OneHanded": {
                    "terms": [
                        r"one handed",
                        r"single handed",
                        r"only (the )?(dominant|one|right) hand",
                        r"with (just |only )?one hand",
                        r"a single hand",
                        r"one hand only",
                        r"(the )?(non dominant|nondominant|other|left|second|passive) hand (is |remains |stays |hangs )?"
                        r"(not used|unused|idle|at rest|relaxed|down|at (the|your|one's) side|not involved)",
                        r"(does not|doesn't) (use|involve) the (other|non dominant|nondominant|left|second) hand",
                    ],
                    "display": "one-handed",
                },
                "SymmetricalOrAlternating": {
                    "terms": [
                        r"symmetric(al|ally)?",
                        r"mirror(ed|ing|s)?",
                        r"alternat(e|es|ing|ely)",
                        r"both hands(?= (move|moving|make|perform|circle|tap|brush|twist))",
                        r"in unison",
                        r"hands move together",
                        r"simultaneously",
                        r"same movement",
                    ],
                    "display": "symmetrical",
                },
                "asymmetrical": {
                    "terms": [
                        r"asymmetric(al|ally)?",
                        r"(non dominant|nondominant|passive|base|other|left) hand "
                        r"(stays|remains|is held|held|serves|acts|is) (still|stationary|steady|in place|as)",
                        r"base hand",
                        r"passive hand",
                        r"serves as (a|the) base",
                        r"stationary hand",
                    ],
                    "covers": [
                        "AsymmetricalSameHandshape",
                        "AsymmetricalDifferentHandshape",
                        "DominanceViolation",
                    ],
                },
                "two_handed": {
                    "terms": [
                        r"both hands",
                        r"two hands",
                        r"two handed",
                        r"2 hands",
                        r"the (other|second|opposite)"
                        r" hand",
                        r"non dominant",
                        r"nondominant",
                        r"each hand",
                        r"both",
                    ],
                    "covers": [
                        "SymmetricalOrAlternating",
                        "AsymmetricalSameHandshape",
                        "AsymmetricalDifferentHandshape",
                        "DominanceViolation",
                        "SymmetryViolation",
                    ],
                    "display": "two-handed",
                },
            },
        },  # fmt: skip
    },
    "name_templates": [
        "{name} handshapes?",
        "{name} hand shapes?",
        "{name} shapes?",
        "handshape {name}",
        "handshape of {name}",
        "handshape: {name}",
        "hand: {name}",
        "(forms?|forming|makes?|making|uses?|using|with) (a|an|the) {name}",
        "letter {name}",
        "{name} hands?",
        "'{name}'",
        '"{name}"',
        "\u2018{name}\u2019",
        "\u201c{name}\u201d",
        "{name} classifier",
        "{name}(?= \\()",  # a name glossed in parentheses: "base hand B (flat hand, fingers together)"
    ],
    "location_cues": [
        r"at",
        r"on",
        r"onto",
        r"near",
        r"against",
        r"to",
        r"toward",
        r"towards",
        r"from",
        r"over",
        r"above",
        r"below",
        r"under",
        r"beneath",
        r"by",
        r"along",
        r"across",
        r"around",
        r"off",
        r"into",
        r"in",
        r"in front of",
        r"next to",
        r"close to",
        r"beside",
        r"touch(es|ed|ing)?",
        r"tap(s|ped|ping)?",
        r"brush(es|ed|ing)?",
        r"strikes?",
        r"contacts?",
        r"rest(s|ing)?",
        r"hits?",
        r"placed",
        r"held",
        r"reach(es)?",
        r"start(s|ing)?",
        r"begin(s|ning)?",
        r"ends?",
        r"ending",
        r"circles?",
    ],
    "orientation_cues": [
        r"palms?",
        r"facing",
        r"faces",
        r"pointing",
        r"points",
        r"oriented",
        r"turned",
        r"angled",
    ],
    "negations": [r"not", r"no", r"without", r"never", r"doesn't", r"don't", r"isn't", r"aren't", r"nor"],
    "masks": [
        r"thumb (is )?(not )?(touching|touches|on|against|over|across|resting on) (them|it)",
        r"(moves? |moving )?(\w+ )?across the (body|chest|torso)",  # directions, not places
        r"away from the (body|chest|torso|signer)",
        r"(the )?(other|remaining) fingers?( are| is)?( held| kept)?( closed| folded| curled| tucked| down| in| extended"
        r"| bent| together| spread| relaxed)?( into the palm| over the thumb| against the palm)?",
        r"thumb( is)? (open|closed|extended|folded|tucked|across|over|alongside|apart|out|in|between|along|"
        r"held|resting|stretched)[^.;,()]{0,40}",
        r"(the )?(thumb|fingertips?|index( finger)?|middle finger)( and (the )?(thumb|index( finger)?))?( is| are)?( not)?"
        r" (touch(es|ing)?|rest(s|ing)? on|meet(s|ing)?|on|against|pinch(es|ing)?|over|across) (the )?(tips? of the )?"
        r"(thumb|fingers?|index( finger)?|middle( finger)?|ring( finger)?|fingertips?)(?! of the)",
        r"(not )?(touch(es|ing)?|rest(s|ing)? on) the (tips of the )?(fingers|thumb)(?! of the)",
    ],
    "unmasked": ["handshape"],
    "same_as": [
        {
            "attribute": "nondominant_handshape",
            "source": "handshape",
            "terms": [
                r"both hands alike",
                r"(both|the two) hands (have|use|make|form|in) the same handshape",
                r"same handshape (on|for|in) both hands",
                r"(base|other|non dominant|nondominant|passive|left) hand (of|in|with) the same (hand)?shape",
                r"(with|in) the same handshape",
            ],
        },
    ],
    # ASL-LEX codes signs made on the other (still) arm as one-handed: a text may call them two-handed.
    "also_accepted": [
        {
            "when": {"sign_type": "OneHanded", "major_location": "Arm"},
            "attribute": "sign_type",
            "values": ["AsymmetricalDifferentHandshape"],
        },
    ],
    "coded_aliases": {"handshape": {"b": "family_b"}, "nondominant_handshape": {"b": "family_b"}},
    "parenthetical_glosses": ["handshape"],
    "clause_breaks": r"[.;!?\n]|\bwhile\b|\bwhereas\b|\bthen\b",
    "nonmanual_subjects": [
        r"(the |his |her |their |your )?(mouth|lips|head|eyes?|eyebrows|brows|face|body|torso|shoulders|cheeks|tongue"
        r"|facial expression|expression)",
    ],
    "hand_cues": {
        "nondominant": [
            r"non dominant",
            r"nondominant",
            r"passive hand",
            r"base hand",
            r"weak hand",
            r"other hand",
            r"second hand",
            r"supporting hand",
            r"stationary hand",
            r"opposite hand",
        ],
        "dominant": [r"dominant", r"strong hand", r"active hand", r"main hand", r"moving hand"],
        "both": [r"both hands", r"two hands", r"each hand", r"both"],
        "left": [r"left hand"],
        "right": [r"right hand"],
    },  # fmt: skip
}
