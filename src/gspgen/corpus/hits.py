"""What a search of the dictionary store returns (the contract between corpus and describe)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

DocKind = Literal["entry", "handshape", "chunk"]


class Hit(BaseModel):
    """One stored document and how well it matched a query."""

    model_config = ConfigDict(extra="forbid")

    id: str  # deterministic content-hash id of the stored document
    text: str
    score: float  # cosine similarity mapped to [0, 1]; 1.0 for exact gloss matches
    kind: DocKind  # a structured lexicon entry, a handshape/letter entry, or a free-text chunk
    source: str  # file name the document came from
    gloss: str | None = None  # entries and handshapes: their name
    synonyms: list[str] = []
    language: str | None = None
    page: int | None = None  # PDFs: 1-based page
    row: int | None = None  # tables: 1-based data row
    span: tuple[int, int] | None = None  # free text: character span in the page/file
