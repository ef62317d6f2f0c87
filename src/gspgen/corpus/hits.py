"""What a search of the dictionary store returns (the contract between corpus and describe)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

DocKind = Literal["entry", "handshape", "chunk"]
GlossMatch = Literal["exact", "variant"]
LANGUAGE_CODE = r"^[a-z]{3}$"  # ISO 639-3, lower case
UNDETERMINED = "und"  # ISO 639-3 for "language not declared": never used unless cross-language is asked


class Hit(BaseModel):
    """One stored document and how well it matched a query."""

    model_config = ConfigDict(extra="forbid")

    id: str  # deterministic content-hash id of the stored document
    text: str
    score: float  # cosine similarity mapped to [0, 1]; 1.0 for exact gloss matches
    kind: DocKind  # a structured lexicon entry, a handshape/letter entry, or a free-text chunk
    source: str  # file name the document came from
    gloss: str | None = None  # entries and handshapes: their headword as printed
    synonyms: list[str] = []  # translations printed with the headword (and handshape aliases)
    variants: list[str] = []  # alternative forms printed with it: 外祖父（外公） → 外公
    language: str | None = None  # ISO 639-3 sign language of the dictionary; "und" = not declared
    page: int | None = None  # PDFs: 1-based page (the first page of an entry split by a page break)
    row: int | None = None  # tables: 1-based data row
    span: tuple[int, int] | None = None  # free text: character span in the page/file
    # by_gloss only: "exact" = the headword or a printed translation equals the gloss; "variant" = an
    # alternative form, a numbered variant (drink 2) or the same word without diacritics (ağaç / agac).
    match: GlossMatch | None = None

    @property
    def headword(self) -> str | None:
        """The entry's headword (the gloss it is filed under)."""
        return self.gloss
