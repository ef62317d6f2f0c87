"""The claim vocabulary: which words state which coded value, kept as data (one file per language).

A vocabulary maps each checked attribute (``handshape``, ``minor_location``, ...) to the values a
lexicon codes, and each value to the phrases that state it. Values are the lexicon's own codes
(ASL-LEX: ``open_b``, ``Chin``, ``OneHanded``) or *groups* (``family_b``, ``two_handed``) that ``cover``
several codes, for coarse phrases such as "B handshape" or "both hands". Vocabularies are data files:
the bundled ones live in ``gspgen/check/vocabularies/<language>.json`` (English descriptions of ASL:
``ase.json``), and any other is a TOML or JSON file of the same schema. See ``docs/check.md`` for the
term syntax.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from gspgen.errors import ConfigError

# How claims on one attribute relate to the hands: "split" routes non-dominant claims to another
# attribute (handshape -> nondominant_handshape); "dominant" drops them (the lexicon codes the dominant
# hand only); "none" ignores hand cues (sign type is about both hands).
HandScope = Literal["split", "dominant", "none"]
# Where a phrase counts: anywhere; only after a spatial preposition or contact verb ("touches the
# chin"); or only when NOT right after one ("the index finger" as the moving finger, not the place).
Context = Literal["any", "location", "not_location"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ValueTerms(Model):
    """The phrases that state one value, and what stating it entails."""

    terms: list[str] = []  # regex fragments; a space matches any run of spaces, hyphens, underscores
    free_terms: list[str] = []  # like terms, but never need the attribute's context
    names: list[str] = []  # handshape-style names, expanded through Vocabulary.name_templates
    covers: list[str] = []  # a group value: the coded values it is compatible with
    implies: dict[str, str] = {}  # attribute -> value this one entails (chin -> major_location Head)
    display: str | None = None  # how a reviewer reads the value; default: made readable from the code


class AlsoAccepted(Model):
    """A coding convention: when the entry has these main values, a claim may also state these."""

    when: dict[str, str]  # attribute -> main coded value
    attribute: str
    values: list[str]


class SameAs(Model):
    """Phrases saying one attribute has another's value ("both hands alike": base hand = dominant shape)."""

    attribute: str
    source: str
    terms: list[str]


class UncodedProperty(Model):
    """A property no lexicon column codes (palm orientation, facial expression, a count such as "twice").

    A claim about it is *unsupported* unless the source states it too (an entry that says so); with
    ``only_when``, only where the coded values say so (a second hand, where the sign is coded one-handed),
    and never where ``supported_when`` holds (a one-handed sign made on the other arm).
    """

    label: str  # how a reviewer reads it: "palm orientation"
    terms: list[str] = []  # regex fragments, as ValueTerms.terms (no context needed)
    only_when: dict[str, list[str]] = {}  # attribute -> values: every attribute's main value must match one
    supported_when: dict[str, list[str]] = {}  # attribute -> values: any match supports the claim


class AttributeVocab(Model):
    label: str  # short name in flags: "location", "handshape"
    context: Context = "any"
    hands: HandScope = "dominant"
    nondominant_attribute: str | None = None  # with hands="split": where non-dominant claims go
    values: dict[str, ValueTerms] = {}
    values_from: str | None = None  # an attribute filled only by routing borrows another's values


class Vocabulary(Model):
    """Everything the deterministic extractor knows about one language's descriptions."""

    language: str
    name: str
    attributes: dict[str, AttributeVocab]  # in priority order: earlier wins equal-length overlaps
    name_templates: list[str]  # "{name} handshape", "'{name}'"; {name} is a handshape name
    location_cues: list[str]  # prepositions and contact verbs that open a location phrase
    orientation_cues: list[str]  # a location cue right after one of these is orientation, not place
    negations: list[str]  # cues within `negation_window` words before a term negate it
    negation_window: int = 2
    # When set, a negation reaches back to the start of its clause or to the last of these (commas,
    # "and", "as", "while"...) instead of `negation_window` words: "there is no need to repeat it".
    negation_scope: str | None = None
    not_negations: list[str] = []  # cue phrases that look like negations but are not ("not only")
    hedges: list[
        str
    ] = []  # "nearly", "almost": a hedged yes/no claim says no ("nearly touches" = no contact)
    hedge_window: int = 3
    uncoded: dict[str, UncodedProperty] = {}  # properties no lexicon codes: claiming them is unsupported
    second_hand: str | None = (
        None  # the uncoded property a claim about the other hand is on a one-handed sign
    )
    location_window: int = 6  # words looked back for a location cue
    clause_breaks: str  # regex: where hand attribution, negation and location context stop
    masks: list[str] = []  # phrases about a hand's own shape ("thumb touching the fingers"), blanked ...
    unmasked: list[str] = []  # ... for every attribute but these (handshape reads them as it is)
    same_as: list[SameAs] = []
    also_accepted: list[AlsoAccepted] = []
    coded_aliases: dict[
        str, dict[str, str]
    ] = {}  # attribute -> lexicon code -> value (ASL-LEX "B" = B family)
    parenthetical_glosses: list[str] = []  # "C (fingers curved into a C shape)": the gloss is not rescored
    nonmanual_subjects: list[str] = []  # a clause opening with one of these is about the face or body
    hand_cues: dict[Literal["nondominant", "dominant", "both", "left", "right"], list[str]]
    word_boundaries: bool = True  # False for scripts without spaces (Chinese): a term may touch letters

    def values_of(self, attribute: str) -> dict[str, ValueTerms]:
        spec = self.attributes.get(attribute)
        if spec is None:
            return {}
        return self.values_of(spec.values_from) if spec.values_from else spec.values

    def coded(self, attribute: str, value: str) -> str:
        """A lexicon code as this vocabulary's value (codes compare lower-cased for handshapes)."""
        aliases = self.coded_aliases.get(attribute, {})
        return aliases.get(value, aliases.get(value.lower(), value))

    def accepted(self, coded: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        """Coded values in this vocabulary's terms, with what its conventions also accept (uncoded
        properties a source states are kept as they are: they make claims about them supported)."""
        out = {
            a: tuple(self.coded(a, v) for v in values)
            for a, values in coded.items()
            if a in self.attributes or a in self.uncoded
        }
        for rule in self.also_accepted:
            if rule.attribute in out and all(out.get(a, ("",))[0] == v for a, v in rule.when.items()):
                out[rule.attribute] = tuple(dict.fromkeys([*out[rule.attribute], *rule.values]))
        return out

    def supports(self, prop: str, coded: dict[str, tuple[str, ...]]) -> bool:
        """Whether a source with these coded values states (or makes room for) an uncoded property."""
        spec = self.uncoded.get(prop)
        if prop in coded or spec is None:
            return True

        def matches(attribute: str, values: list[str], every: bool) -> bool:
            """Whether every (or any) accepted value of the attribute is one of ``values``."""
            found = [any(self.compatible(attribute, v, c) for v in values) for c in coded.get(attribute, ())]
            return bool(found) and (all(found) if every else any(found))

        if not all(matches(a, v, every=True) for a, v in spec.only_when.items()):
            return True  # a later morpheme of a compound may be two-handed
        return any(matches(a, v, every=False) for a, v in spec.supported_when.items())

    def display(self, attribute: str, value: str) -> str:
        """A value as a reviewer reads it ("Forehead" -> "forehead", "open_b" -> "open B")."""
        terms = self.values_of(attribute).get(value)
        return terms.display if terms and terms.display else readable(value)

    def covers(self, attribute: str, value: str) -> frozenset[str]:
        """The coded values a (possibly group) value is compatible with; a plain code covers itself."""
        terms = self.values_of(attribute).get(value)
        return frozenset(terms.covers if terms and terms.covers else {value})

    def compatible(self, attribute: str, claimed: str, coded: str) -> bool:
        """A claim agrees with a coded value when their covers meet (either may be a group)."""
        return bool(self.covers(attribute, claimed) & self.covers(attribute, coded))


def readable(code: str) -> str:
    """``FullyOpen`` -> ``fully open``, ``open_b`` -> ``open B``, ``family_5`` -> ``5``."""
    code = code.removeprefix("family_")
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", code).replace("_", " ").split()
    return " ".join(w.upper() if len(w) == 1 and w.isalpha() else w.lower() for w in words)


BUNDLED = Path(__file__).parent / "vocabularies"


def bundled_vocabularies() -> list[str]:
    """Language codes with a vocabulary shipped in the package."""
    return sorted(p.stem for p in BUNDLED.glob("*.json"))


def load_vocabulary(spec: str | Path | None = None) -> Vocabulary:
    """The bundled vocabulary for a language code ("ase", the default), or one from a TOML/JSON file."""
    code = "ase" if spec is None else str(spec)
    path = BUNDLED / f"{code}.json" if code in bundled_vocabularies() else Path(spec or code)
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
        return Vocabulary.model_validate(raw)
    except OSError as exc:
        raise ConfigError(exc.strerror or str(exc), where=path) from None
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        if isinstance(exc, ValidationError):
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise ConfigError(f"{loc}: {first['msg']}", where=path) from None
        raise ConfigError(f"not a vocabulary file: {exc}", where=path) from None
