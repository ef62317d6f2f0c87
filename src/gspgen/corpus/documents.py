"""What loaders produce and the store keeps: one text with its provenance, under a content-hash id."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any

from pydantic import BaseModel, ConfigDict

from gspgen.corpus.hits import UNDETERMINED, DocKind, GlossMatch, Hit

SYNONYM_SEPARATOR = "; "
_NUMBERED = re.compile(r"^(.*?[^\d\s])\s*\d+[a-z]?$")  # drink 2, DGS HAUS1A
_TRANSLITERATE = str.maketrans({"ı": "i", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l"})


def gloss_key(text: str) -> str:
    """How glosses are compared: NFKC (full-width → half-width), case-folded, underscores as spaces,
    single spaces. A Turkish dotted capital İ folds to plain i."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("\u0307", "")
    return " ".join(folded.replace("_", " ").split())


def plain_key(key: str) -> str:
    """A gloss key without diacritics: how a romanised class list spells it (ağaç → agac, ışık → isik)."""
    decomposed = unicodedata.normalize("NFKD", key.translate(_TRANSLITERATE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def lookup_keys(
    gloss: str | None, translations: list[str], variants: list[str]
) -> tuple[set[str], set[str], set[str]]:
    """A document's keys by rank: its headword, the translations printed with it, and its variants
    (alternative forms, the word of a numbered variant ``drink 2``, any of them without diacritics)."""
    head = {gloss_key(gloss)} - {""} if gloss else set()
    printed = {gloss_key(t) for t in translations} - {""} - head
    other = {gloss_key(v) for v in variants}
    other |= {m.group(1) for k in head | other if (m := _NUMBERED.match(k))}
    other |= {plain_key(k) for k in head | printed | other}
    return head, printed, other - head - printed - {""}


class Document(BaseModel):
    """One searchable unit: a lexicon entry, a dictionary entry, a handshape, or a free-text chunk."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    kind: DocKind
    path: str  # absolute path of the file: identifies the file across runs
    source: str  # file name shown to people
    locator: str  # stable place inside the file: "entry:book", "handshape:open_b", "page:3#2"
    gloss: str | None = None  # the headword
    synonyms: list[str] = []  # translations printed with it (ASL-LEX: its English translations)
    variants: list[str] = []  # alternative forms: 外祖父（外公） → 外公
    language: str = UNDETERMINED  # ISO 639-3 sign language; set by the lexicon, a manifest or --language
    page: int | None = None
    row: int | None = None
    span: tuple[int, int] | None = None
    notation: str | None = None  # SignWriting / HamNoSys string of a structured entry, as given

    @property
    def forms(self) -> list[str]:
        """Every form the entry is looked up by: headword, printed translations, alternative forms."""
        return list(dict.fromkeys([*([self.gloss] if self.gloss else []), *self.synonyms, *self.variants]))

    @property
    def id(self) -> str:
        """Same file, place, text and metadata ⇒ same id, so an unchanged document is never re-embedded
        and a changed language or headword (a manifest edit) is rewritten."""
        meta = json.dumps(self.metadata(), sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256("\x1f".join((self.path, self.locator, self.text, meta)).encode("utf-8"))
        return digest.hexdigest()[:32]

    def metadata(self) -> dict[str, Any]:
        """Chroma metadata: scalars only, None left out; lookup keys stored normalised."""
        head, printed, other = lookup_keys(self.gloss, self.synonyms, self.variants)
        meta: dict[str, Any] = {
            "kind": self.kind,
            "path": self.path,
            "source": self.source,
            "locator": self.locator,
            "gloss": self.gloss,
            "gloss_key": next(iter(head)) if head else None,
            "synonyms": SYNONYM_SEPARATOR.join(self.synonyms) if self.synonyms else None,
            "variants": SYNONYM_SEPARATOR.join(self.variants) if self.variants else None,
            "translation_keys": SYNONYM_SEPARATOR.join(sorted(printed)) if printed else None,
            "variant_keys": SYNONYM_SEPARATOR.join(sorted(other)) if other else None,
            "language": self.language,
            "notation": self.notation,
            "page": self.page,
            "row": self.row,
            "span_start": self.span[0] if self.span else None,
            "span_end": self.span[1] if self.span else None,
        }
        return {k: v for k, v in meta.items() if v is not None}


def _split(value: str | None) -> list[str]:
    return value.split(SYNONYM_SEPARATOR) if value else []


def hit_from(
    doc_id: str, text: str, meta: dict[str, Any], score: float, match: GlossMatch | None = None
) -> Hit:
    """A stored document (Chroma row) as the Hit that describe reads."""
    span = (meta["span_start"], meta["span_end"]) if "span_start" in meta else None
    return Hit(
        id=doc_id,
        text=text,
        score=score,
        kind=meta["kind"],
        source=meta["source"],
        gloss=meta.get("gloss"),
        synonyms=_split(meta.get("synonyms")),
        variants=_split(meta.get("variants")),
        language=meta.get("language"),
        page=meta.get("page"),
        row=meta.get("row"),
        span=span,
        match=match,
    )
