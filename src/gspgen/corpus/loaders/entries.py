"""Structured dictionary entries (table rows, JSON objects) → one document per sign."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gspgen.config import CorpusSettings
from gspgen.corpus.documents import Document
from gspgen.corpus.handshapes import handshape_documents
from gspgen.corpus.headwords import Entry
from gspgen.corpus.hits import UNDETERMINED
from gspgen.corpus.manifest import FieldMap, FileSpec
from gspgen.errors import ConfigError, CorpusError
from gspgen.lexicon import LANGUAGES, ColumnMap, LexiconEntry, render_entry


def column_map(settings: CorpusSettings) -> ColumnMap:
    """The configured column mapping (``[corpus] columns``) over ASL-LEX's defaults."""
    try:
        return ColumnMap.model_validate(settings.columns)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(f"corpus.columns.{first['loc'][0]}: {first['msg']}", where="gspgen.toml") from None


def lexicon_documents(entries: list[LexiconEntry], path: Path, spec: FileSpec) -> list[Document]:
    """Entries rendered as text, plus one document per handshape they use; a manifest's language wins."""
    if spec.language:
        entries = [e.model_copy(update={"language": spec.language}) for e in entries]
    documents = [
        _entry_document(
            path,
            entry.entry_id,
            text=render_entry(entry),
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


def _entry_document(path: Path, key: str, **fields: Any) -> Document:
    """A dictionary entry of the file at ``path``, found again by its locator ``entry:KEY``."""
    return Document(kind="entry", path=str(path), source=path.name, locator=f"entry:{key}", **fields)


def _sign(language: str) -> str:
    """The sign's phrase in an entry's text: 'the ASL sign', or 'the sign' for an unnamed language."""
    return f"the {LANGUAGES[language]} sign" if language in LANGUAGES else "the sign"


def free_entry_document(item: Mapping[str, Any], path: Path, row: int, language: str | None) -> Document:
    """An entry with a gloss and free fields: the fields become "Name: value." sentences."""
    gloss = str(item["gloss"]).strip()
    raw = item.get("synonyms") or []
    synonyms = [s.strip() for s in (raw.split(",") if isinstance(raw, str) else raw) if str(s).strip()]
    lang = str(item.get("language") or language or UNDETERMINED)
    text = f"{gloss.upper()}: {_sign(lang)} for {gloss}."
    if synonyms:
        text += f" English: {', '.join(synonyms)}."
    skip = {"gloss", "synonyms", "language"}
    text += "".join(
        f" {k.replace('_', ' ').capitalize()}: {_words(v)}." for k, v in item.items() if k not in skip and v
    )
    return _entry_document(
        path,
        gloss,
        text=text,
        gloss=gloss,
        synonyms=synonyms,
        language=lang,
        row=row,
    )


def entry_documents(entries: list[Entry], path: Path, spec: FileSpec) -> list[Document]:
    """Dictionary entries found in printed or plain text: headword, translations and forms, one document each."""
    documents = []
    seen: Counter[str] = Counter()
    for entry in entries:
        seen[entry.head.headword] += 1
        number = seen[entry.head.headword]
        documents.append(
            _entry_document(
                path,
                entry.head.headword + (f"#{number}" if number > 1 else ""),
                text=entry.text,
                gloss=entry.head.headword,
                synonyms=list(dict.fromkeys(entry.head.translations)),
                variants=list(dict.fromkeys(entry.head.variants)),
                language=spec.language or UNDETERMINED,
                page=entry.page,
                span=(entry.start, entry.end),
            )
        )
    return documents


def _cells(value: Any) -> list[str]:
    """A cell as a list of forms: a JSON list, or text separated by commas or semicolons."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [p.strip() for p in re.split(r"[;,，；]", str(value)) if p.strip()]


def _label(name: str) -> str:
    return name.replace("_", " ").strip().capitalize()


def mapped_document(
    item: Mapping[str, Any], fields: FieldMap, path: Path, row: int, spec: FileSpec
) -> Document | None:
    """A structured entry read through the manifest's field map (None when its gloss cell is empty)."""
    gloss = str(item.get(fields.gloss) or "").strip()
    if not gloss:
        return None
    translations = [t for name in fields.translations for t in _cells(item.get(name))]
    variants = [v for name in fields.variants for v in _cells(item.get(name))]
    language = str(item.get(fields.language) or "").strip() if fields.language else ""
    language = language or spec.language or UNDETERMINED
    text = f"{gloss}: {_sign(language)} for {gloss}."
    if translations:
        text += f" Translations: {', '.join(translations)}."
    for name in [*fields.text, *fields.notation]:
        if str(item.get(name) or "").strip():
            value = _words(item[name]).strip()
            text += f" {_label(name)}: {value}" + (
                "" if value.endswith((".", "。", "!", "?", "！", "？")) else "."
            )
    notation = "; ".join(f"{n}: {item[n]}" for n in fields.notation if str(item.get(n) or "").strip())
    entry_id = str(item.get(fields.id) or "").strip() if fields.id else ""
    return _entry_document(
        path,
        entry_id or gloss,
        text=text,
        gloss=gloss,
        synonyms=list(dict.fromkeys(translations)),
        variants=list(dict.fromkeys(variants)),
        language=language,
        notation=notation or None,
        row=row,
    )


def mapped_documents(
    items: Sequence[Mapping[str, Any]], fields: FieldMap, path: Path, spec: FileSpec
) -> list[Document]:
    documents = [mapped_document(item, fields, path, row, spec) for row, item in enumerate(items, start=1)]
    found = [d for d in documents if d is not None]
    if not found:
        raise CorpusError(f"no entries with a {fields.gloss!r} value", where=path)
    return unique(found)


def unmapped_hint(columns: list[str], manifest: str) -> str:
    """How to map a structured dictionary whose gloss field is not ASL-LEX's: one line."""
    guess = next((c for c in columns if "gloss" in c.lower()), columns[0] if columns else "COLUMN")
    return f'map yours in a {manifest} beside it: [fields] gloss = "{guess}" (and translations, text, notation, language)'
