"""The description record: one JSONL line per gloss, the contract between describe, review, check, train.

Documented in ``docs/records.md``. Field addresses used by review (``FieldKey``):
``global.<i>`` (global_descriptions[i]), ``synonym.<i>`` (synonyms[i]), ``part.<i>`` (parts[i]).
Readers must accept records written by older gspgen versions of the same ``schema_version``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

PartTag = Literal["left_hand", "right_hand", "face", "mouth", "body"]
PART_TAGS: tuple[PartTag, ...] = ("left_hand", "right_hand", "face", "mouth", "body")
StepName = Literal[
    "p1_describe", "p2_synonyms", "p3_refine", "p4_parts", "f_clauses", "f_synonyms", "f_parts", "e_clauses"
]
# Where a text of a faithful-mode record came from: the lexicon's coded facts rendered by code; a text
# holding at least one LLM rewording of a fact sentence that passed the checker's gate at once
# ("generated") or after one re-ask with the checker's findings ("repaired"); or a deterministic variant of
# the facts ("fallback"). Every text, whatever its origin, passed the gate as a whole.
Origin = Literal["facts", "generated", "repaired", "fallback"]
ReviewStatus = Literal["pending", "accepted", "edited", "rejected"]
# "grounded": P1 was shown the gloss's own entry in the record's sign language; "ungrounded": no entry
# (or --no-retrieval), no evidence; "cross_language": only another sign language's entry (--cross-language).
Grounding = Literal["grounded", "ungrounded", "cross_language"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(Record):
    """One retrieved dictionary passage that was put in front of the LLM."""

    chunk_id: str
    source: str  # file name of the dictionary
    page: int | None = None  # PDFs: 1-based page
    row: int | None = None  # tables: 1-based data row
    gloss: str | None = None  # the entry's gloss, for structured dictionaries
    score: float  # similarity in [0, 1]; 1.0 for exact gloss matches
    match: Literal["exact", "variant", "semantic", "reference"]  # how it was found
    step: StepName | Literal["facts"]  # "facts": the coded entry faithful mode rendered (no retrieval)
    text: str  # the passage as shown to the LLM
    language: str | None = None  # the dictionary's sign language (ISO 639-3); None in older records


class PartSegment(Record):
    """A short piece of the refined description and the body parts it involves (many-to-many)."""

    text: str
    parts: list[PartTag] = Field(min_length=1)


class StepTrace(Record):
    """How one chain step went: template hash, attempts, tokens, cache."""

    template_hash: str  # sha256 of the Jinja template source, first 16 hex digits
    attempts: int = 1  # LLM calls made (validation retries included); 0 when served from cache
    cached: bool = False
    error: str | None = None  # faithful mode: the reply stayed invalid, so fallback texts took its place
    prompt_tokens: int = 0
    completion_tokens: int = 0


class StatementTally(Record):
    """A record made from a free-text dictionary entry: how many of the entry's statements (handshape, place,
    movement, palm, the other hand, non-manual signals) its texts keep, in which language they are written."""

    entry: int  # statements the entry makes
    kept: int  # of them, stated by at least one text of the record
    dropped: list[str] = []  # the others ("nonmanual serious (nonmanual) '表情严肃'")
    in_entry_words: int = (
        0  # English renderings: clauses the phrase table cannot say, kept in the entry's words
    )
    language: str  # the texts' written language: zh, tr, en


class Generation(Record):
    """Provenance of the generated text."""

    model: str
    endpoint_kind: Literal["embedded", "llama.cpp", "openai", "vllm", "ollama", "other", "fake"]
    base_url: str | None = None
    retrieval: bool = True  # False for the ungrounded ablation
    mode: Literal["paper", "faithful"] = "paper"  # describe.mode that made it (older records: "paper")
    facts: str | None = None  # faithful mode: the coded entry the facts came from ("FILE row N"), else None
    statements: StatementTally | None = (
        None  # faithful mode, facts from a free-text entry: what its texts keep
    )
    steps: dict[StepName, StepTrace]
    prompt_tokens: int = 0
    completion_tokens: int = 0
    started_at: datetime
    finished_at: datetime


class FieldReview(Record):
    """The merged verdict on one field (filled by ``gspgen review merge``)."""

    status: ReviewStatus
    original: str | None = None  # the generated text, when status == "edited"
    reviewers: list[str] = []
    reason: str | None = None
    note: str | None = None


class ReviewBlock(Record):
    status: Literal["pending", "reviewed", "partial"] = "pending"
    fields: dict[str, FieldReview] = {}  # FieldKey -> verdict; empty until merged


class DescriptionRecord(Record):
    """Everything generated for one class (gloss)."""

    schema_version: int = SCHEMA_VERSION
    class_id: int  # the recognizer's label, kept exactly as in the vocabulary
    glosses: list[str] = Field(min_length=1)  # surface forms (e.g. zh + en); glosses[0] is primary
    language: str  # sign language code, e.g. "ase" (ASL), "csl", "tsm"
    grounding: Grounding | None = None  # None in records written before gspgen recorded it
    primary_description: str  # T_b from P1
    global_descriptions: list[str] = Field(min_length=1)  # T_g from P3 (refined)
    synonyms: list[str] = []  # T_s from P2
    parts: list[PartSegment] = []  # T_p from P4
    evidence: list[Evidence] = []
    origins: dict[str, Origin] = {}  # field key (global.0, synonym.1, part.2) -> origin; faithful mode only
    # Field key -> what describe's own checks found in a text no fact source could check (a gloss the
    # lexicon does not code, with no entry of its own): broken English, unsupported claims. For a reviewer.
    flags: dict[str, list[str]] = {}
    generation: Generation
    review: ReviewBlock = Field(default_factory=ReviewBlock)

    @property
    def gloss(self) -> str:
        return self.glosses[0]

    def field_texts(self) -> dict[str, str]:
        """Every reviewable field by its key (``global.0``, ``synonym.1``, ``part.2``)."""
        fields = {f"global.{i}": t for i, t in enumerate(self.global_descriptions)}
        fields |= {f"synonym.{i}": t for i, t in enumerate(self.synonyms)}
        fields |= {f"part.{i}": p.text for i, p in enumerate(self.parts)}
        return fields
