"""What each chain step must return: pydantic models whose JSON schema is sent to the server.

The schemas are small and flat because llama.cpp turns them into a grammar and small models follow
short schemas best. Length caps (``maxLength``, ``maxItems``) are part of the schema: they keep texts
short (the paper's CLIP text encoder read at most 77 tokens) and guarantee that a grammar-constrained
reply closes its JSON before ``max_tokens``, instead of rambling into a truncated reply.

P4 tags hands by role (``dominant_hand`` / ``non_dominant_hand``) because dictionaries describe signs
that way; :func:`side_tags` maps roles to the record's ``right_hand`` / ``left_hand`` with the
``describe.dominant_hand`` setting (default: a right-handed signer, dominant = right).
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from gspgen.records import PartTag

_WORDS = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
# Small models echo the prompt or the re-ask message instead of answering; such text is rejected.
_ECHOES = (
    "value error",
    "must differ",
    "paraphrase",
    "split the description",
    "reply with",
    "json",
    "segment",
    "dominant_hand",  # P4's tag definitions, copied as if they were segments
    "main signing hand",
    "eyes, eyebrows",
    "lips, tongue",
    "shoulders, chest",
)


def _is_echo(text: str) -> bool:
    return any(echo in text.lower() for echo in _ECHOES)


def _words(value: str) -> str:
    """Reject placeholders ("...", "<text>"); cut a reply cut off at maxLength back to its last sentence."""
    if not _WORDS.search(value):
        raise ValueError("write words from the description, not a placeholder")
    if _is_echo(value):
        raise ValueError("describe the sign; do not repeat the instructions")
    ends = [m.end() for m in _SENTENCE_END.finditer(value)]
    if ends and ends[-1] < len(value.rstrip()):
        value = value[: ends[-1]]
    return value


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=8, max_length=360), AfterValidator(_words)
]
Short = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=8, max_length=160), AfterValidator(_words)
]
# Faithful mode rewords the facts text, which runs to ~480 characters for a two-handed sign: a rewording
# that keeps every fact is as long, so its cap is twice the paper chain's.
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=8, max_length=720), AfterValidator(_words)
]
MAX_SEGMENTS = 8
RoleTag = Literal["dominant_hand", "non_dominant_hand", "face", "mouth", "body"]


class StepOutput(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Description(StepOutput):
    """P1 (T_b) and P3 (T_g): how the sign is made, as short instructions."""

    description: Text


class Synonyms(StepOutput):
    """P2 (T_s): paraphrases of the same action. The key is "paraphrases", not "synonyms": asked for
    "synonyms", a small model lists synonyms of the *word* ("book" → "pages")."""

    paraphrases: list[Text]

    @field_validator("paraphrases")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        """Repeats are dropped rather than re-asked: a small model often cannot avoid them."""
        distinct: dict[str, str] = {}
        for text in value:
            distinct.setdefault(text.lower(), text)
        return list(distinct.values())


class Segment(StepOutput):
    text: Short
    parts: list[RoleTag] = Field(min_length=1)


class Parts(StepOutput):
    """P4 (T_p): the refined description cut into short segments, each tagged with the parts it moves."""

    segments: list[Segment] = Field(min_length=1, max_length=MAX_SEGMENTS)

    @field_validator("segments", mode="before")
    @classmethod
    def _drop_echoes(cls, value: object) -> object:
        """Segments that copy the prompt are dropped rather than re-asked: a small model often adds a line
        of the instructions after the real segments. A reply of nothing but echoes is still re-asked."""
        if not isinstance(value, list):
            return value
        kept = [s for s in value if not (isinstance(s, dict) and _is_echo(str(s.get("text", ""))))]
        return kept or value


@functools.cache
def synonyms_model(k: int) -> type[Synonyms]:
    """A Synonyms model that asks for exactly ``k`` paraphrases (the schema says minItems = maxItems = k)
    but accepts 1..k distinct ones: re-asking a small model for the one it repeated failed more often than
    it helped, and fewer positives still train."""

    class SynonymsK(Synonyms):
        paraphrases: list[Text] = Field(min_length=1, max_length=k, json_schema_extra={"minItems": k})

    SynonymsK.__name__ = "Synonyms"
    return SynonymsK


def side_tags(roles: list[RoleTag], dominant: Literal["right", "left"]) -> list[PartTag]:
    """Role tags → body-side tags, order kept, duplicates dropped."""
    other: PartTag = "left_hand" if dominant == "right" else "right_hand"
    mine: PartTag = "right_hand" if dominant == "right" else "left_hand"
    mapping: dict[RoleTag, PartTag] = {"dominant_hand": mine, "non_dominant_hand": other}
    sides = [mapping.get(r, r) for r in roles]  # type: ignore[misc]
    return list(dict.fromkeys(sides))  # type: ignore[arg-type]


class Rewordings(StepOutput):
    """Faithful mode: rewordings of given texts, one per asked slot, in order (not deduplicated: the
    gate rejects repeats, and the order ties each reply to the text it rewords).

    A 0.5B model often answers in one of two near shapes — a bare list of strings, or a list of
    one-string objects (``{"line": 1, "text": "..."}``) — and re-asking rarely changes its mind (a
    quarter of the asks of a 100-gloss run failed that way three times): both are read as the list of
    strings they mean. Nothing else is coerced, and every text still passes the gate."""

    paraphrases: list[LongText]

    @model_validator(mode="before")
    @classmethod
    def _bare_list(cls, value: object) -> object:
        return {"paraphrases": value} if isinstance(value, list) else value

    @field_validator("paraphrases", mode="before")
    @classmethod
    def _one_string_objects(cls, value: object) -> object:
        if not isinstance(value, list):
            return value
        return [_only_string(item) if isinstance(item, dict) else item for item in value]


def _only_string(item: dict[str, object]) -> object:
    """The text of an object with exactly one string value (a line number may sit beside it)."""
    strings = [v for v in item.values() if isinstance(v, str)]
    return strings[0] if len(strings) == 1 else item


@functools.cache
def rewordings_model(n: int) -> type[Rewordings]:
    """Asks for exactly ``n`` rewordings (the schema's minItems) and accepts 1..n; a longer list is cut
    to its first ``n`` (a small model often adds one; the order ties each to its text, and the gate
    judges what is kept), rather than re-asked."""

    class RewordingsN(Rewordings):
        paraphrases: list[LongText] = Field(min_length=1, max_length=n, json_schema_extra={"minItems": n})

        @field_validator("paraphrases", mode="before")
        @classmethod
        def _first_n(cls, value: object) -> object:
            return value[:n] if isinstance(value, list) else value

    RewordingsN.__name__ = "Rewordings"
    return RewordingsN
