"""What loaders produce and the store keeps: one text with its provenance, under a content-hash id."""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import BaseModel, ConfigDict

from gspgen.corpus.hits import DocKind, Hit

SYNONYM_SEPARATOR = "; "


def gloss_key(text: str) -> str:
    """How glosses are compared: lower-case, underscores as spaces, single spaces."""
    return " ".join(text.replace("_", " ").lower().split())


class Document(BaseModel):
    """One searchable unit: a lexicon entry, a handshape, or a free-text chunk."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    kind: DocKind
    path: str  # absolute path of the file: identifies the file across runs
    source: str  # file name shown to people
    locator: str  # stable place inside the file: "entry:book", "handshape:open_b", "page:3#2"
    gloss: str | None = None
    synonyms: list[str] = []
    language: str | None = None
    page: int | None = None
    row: int | None = None
    span: tuple[int, int] | None = None

    @property
    def id(self) -> str:
        """Same file, place and text ⇒ same id, so an unchanged document is never re-embedded."""
        digest = hashlib.sha256("\x1f".join((self.path, self.locator, self.text)).encode("utf-8"))
        return digest.hexdigest()[:32]

    def metadata(self) -> dict[str, Any]:
        """Chroma metadata: scalars only, None left out."""
        meta: dict[str, Any] = {
            "kind": self.kind,
            "path": self.path,
            "source": self.source,
            "locator": self.locator,
            "gloss": self.gloss,
            "gloss_key": gloss_key(self.gloss) if self.gloss else None,
            "synonyms": SYNONYM_SEPARATOR.join(self.synonyms) if self.synonyms else None,
            "language": self.language,
            "page": self.page,
            "row": self.row,
            "span_start": self.span[0] if self.span else None,
            "span_end": self.span[1] if self.span else None,
        }
        return {k: v for k, v in meta.items() if v is not None}


def hit_from(doc_id: str, text: str, meta: dict[str, Any], score: float) -> Hit:
    """A stored document (Chroma row) as the Hit that describe reads."""
    span = (meta["span_start"], meta["span_end"]) if "span_start" in meta else None
    synonyms = meta.get("synonyms")
    return Hit(
        id=doc_id,
        text=text,
        score=score,
        kind=meta["kind"],
        source=meta["source"],
        gloss=meta.get("gloss"),
        synonyms=synonyms.split(SYNONYM_SEPARATOR) if synonyms else [],
        language=meta.get("language"),
        page=meta.get("page"),
        row=meta.get("row"),
        span=span,
    )
