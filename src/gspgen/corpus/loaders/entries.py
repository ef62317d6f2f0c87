"""Structured dictionary entries (table rows, JSON objects) → one document per sign."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gspgen.config import CorpusSettings
from gspgen.corpus.documents import Document
from gspgen.corpus.handshapes import handshape_documents
from gspgen.corpus.hits import UNDETERMINED
from gspgen.corpus.lexicon import ColumnMap, LexiconEntry
from gspgen.corpus.render import LANGUAGES, render_entry
from gspgen.errors import ConfigError


def column_map(settings: CorpusSettings) -> ColumnMap:
    """The configured column mapping (``[corpus] columns``) over ASL-LEX's defaults."""
    try:
        return ColumnMap.model_validate(settings.columns)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(f"corpus.columns.{first['loc'][0]}: {first['msg']}", where="gspgen.toml") from None


def lexicon_documents(entries: list[LexiconEntry], path: Path) -> list[Document]:
    """Entries rendered as text, plus one document per handshape they use."""
    documents = [
        Document(
            text=render_entry(entry),
            kind="entry",
            path=str(path),
            source=path.name,
            locator=f"entry:{entry.entry_id}",
            gloss=entry.gloss,
            synonyms=entry.synonyms,
            language=entry.language,
            row=entry.row,
        )
        for entry in entries
    ]
    return unique(documents + handshape_documents(entries, path))


def unique(documents: list[Document]) -> list[Document]:
    """Keep one document per locator (a repeated row would otherwise collide in the store)."""
    seen: dict[str, Document] = {}
    for doc in documents:
        locator = doc.locator if doc.locator not in seen else f"{doc.locator}@{doc.row}"
        seen.setdefault(locator, doc.model_copy(update={"locator": locator}))
    return list(seen.values())


def _words(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_words(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_words(v)}" for k, v in value.items())
    return str(value)


def free_entry_document(item: Mapping[str, Any], path: Path, row: int) -> Document:
    """An entry with a gloss and free fields: the fields become "Name: value." sentences."""
    gloss = str(item["gloss"]).strip()
    raw = item.get("synonyms") or []
    synonyms = [s.strip() for s in (raw.split(",") if isinstance(raw, str) else raw) if str(s).strip()]
    lang = str(item.get("language") or UNDETERMINED)
    sign = f"{LANGUAGES[lang]} sign" if lang in LANGUAGES else "sign"
    text = f"{gloss.upper()}: the {sign} for {gloss}."
    if synonyms:
        text += f" English: {', '.join(synonyms)}."
    skip = {"gloss", "synonyms", "language"}
    text += "".join(
        f" {k.replace('_', ' ').capitalize()}: {_words(v)}." for k, v in item.items() if k not in skip and v
    )
    return Document(
        text=text,
        kind="entry",
        path=str(path),
        source=path.name,
        locator=f"entry:{gloss}",
        gloss=gloss,
        synonyms=synonyms,
        language=lang,
        row=row,
    )
